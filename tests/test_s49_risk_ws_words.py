"""The report calls WS what it is: the probability-weighted mean of the futures' own
optima, not "the mean" (user test s49 #10: weights 45/45/10 in that run)."""

from __future__ import annotations

import contextlib
import html
import io
import json
import math
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

SCENARIO = (
    UNCERTAIN
    + """\
disruptions:
  - name: euv-cut
    kind: euv_cut
    share: 0.5
    start_year: 2027
    years: 2
    source: "test"
    probability: 0.1
    probability_source: "test"
"""
)


def test_ws_is_said_to_be_probability_weighted(tmp_path: Path) -> None:
    from tigris.cli import main

    path = tmp_path / "w.yaml"
    path.write_text(SCENARIO)
    report = tmp_path / "r.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        args = ["risk", str(path), "--samples", "1", "--stochastic", "2", "--disruption",
                "euv-cut", "--seed", "3", "--workers", "0", "--no-store", "--json",
                "--report", str(report)]  # fmt: skip
        assert main(args) == 0
    robust = json.loads(out.getvalue())["stochastic"]
    rows = robust["scenarios"]
    # the weights by hand: 0.1 given, 0.9 shared by the two sampled futures
    assert [r["probability"] for r in rows] == [0.45, 0.45, 0.1]
    weighted = sum(r["probability"] * r["cost_ws_usd"] for r in rows)
    assert math.isclose(robust["ws_usd"], weighted, rel_tol=1e-9)
    page = html.unescape(report.read_text())
    section = " ".join(page[page.index('id="stochastic"') :].split())
    assert "WS: the probability-weighted mean of each future's own optimum" in section
    assert "WS: the mean of" not in section
