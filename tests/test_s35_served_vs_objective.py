"""compare says when served H100e and the serve objective move apart (UT-GRID 2026-12-04 #3).

A slower US grid (72 months instead of the reference's 48) serves more H100e over the
horizon (deliveries move to late years, when newer parts give more H100e per MW) yet the
serve objective, cost plus the penalty on unmet demand at each year's rental value, is
worse: read as a score, "served" says the slower grid helped. The sentence must appear
exactly when the two move apart, as re-solved here (``tigris plan --set ... --out`` runs
of the two other waits and the session's reference ``tigris plan --out``, compared as
saved folders), and not for a change that serves more at a better objective (a 24-month
wait).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tigris.cli import main

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

WAITS = (24, 48, 72)  # months: the reference's 48 (data/grid.csv usa) and UT-GRID's two


@pytest.fixture(scope="module")
def folders(
    tmp_path_factory: pytest.TempPathFactory, reference_made: dict[str, Any]
) -> dict[int, Path]:
    """The saved run of each wait: the reference's own 48 months is the session's
    reference plan (``tigris plan --out``, tests/conftest.py ``reference_made``), the
    other two ``tigris plan --set data.grid.usa.grid_lead_months=W --out``."""
    assert reference_made["code"] == 0, reference_made["err"]
    root = tmp_path_factory.mktemp("waits")
    out = {48: reference_made["dir"] / "run"}
    for w in WAITS:
        if w == 48:
            continue
        d = root / f"w{w}"
        code = main(["plan", "--set", f"data.grid.usa.grid_lead_months={w}", "--out", str(d)])
        assert code == 0
        out[w] = d
    return out


def _plan(d: Path) -> dict:
    return json.loads((d / "plan.json").read_text(encoding="utf-8"))


def _served(d: Path) -> float:
    """H100e served over the horizon: the folder's demand.csv summed."""
    import pandas as pd

    return float(pd.read_csv(d / "demand.csv")["served_h100e"].sum())


def _notes(run_cli, a: Path, b: Path) -> list[str]:
    res = run_cli("compare", a, b, "--json", "--no-store")
    assert res.code == 0, res.err
    return [n for n in res.json()["notes"] if "yet its objective" in n]


def test_slower_grid_serves_more_at_a_worse_objective(run_cli, folders) -> None:
    a, b = folders[48], folders[72]
    # the world as re-solved: the two move apart (else the test's premise is gone)
    assert _served(b) > _served(a)
    assert _plan(b)["objective_usd"] > _plan(a)["objective_usd"]
    said = _notes(run_cli, a, b)
    assert len(said) == 1, said
    more = (_served(b) - _served(a)) / 1e6
    assert f"B serves {more:,.1f}M H100e more than A" in said[0], said[0]
    assert "worse" in said[0] and "docs/finance.md" in said[0]
    back = _notes(run_cli, b, a)  # the other way round: fewer served, a better objective
    assert len(back) == 1 and "fewer than A" in back[0] and "better" in back[0], back


def test_no_sentence_when_served_and_objective_agree(run_cli, folders) -> None:
    a, b = folders[48], folders[24]
    assert _served(b) > _served(a)
    assert _plan(b)["objective_usd"] < _plan(a)["objective_usd"]
    assert _notes(run_cli, a, b) == []
