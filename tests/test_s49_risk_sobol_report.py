"""The risk report carries the Sobol warnings the JSON's ``sobol.warnings`` and the
text give (an index outside [0, 1], wide or overlapping intervals): user test s49 #4,
where the report left them out."""

from __future__ import annotations

import contextlib
import html
import io
import json
from pathlib import Path

import pytest

from tests.conftest import UNCERTAIN

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


def test_report_has_every_sobol_warning(tmp_path: Path) -> None:
    from tigris.cli import main

    path = tmp_path / "u.yaml"
    path.write_text(UNCERTAIN)
    report = tmp_path / "r.html"
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["risk", str(path), "--samples", "1", "--seed", "11", "--sobol",
                     "--sobol-n", "2", "--workers", "0", "--json", "--no-store",
                     "--report", str(report)])  # fmt: skip
    assert code == 0
    sobol = json.loads(out.getvalue())["sobol"]
    warnings = sobol["warnings"]
    # a base sample of 2 cannot pin a share of variance: some index leaves [0, 1]
    outside = [
        r
        for rows in sobol["indices"].values()
        for r in rows
        for k in ("S1", "ST")
        if r.get(k) is not None and not 0.0 <= r[k] <= 1.0
    ]
    assert outside and any("outside [0, 1]" in w for w in warnings)
    page = report.read_text()
    start = page.index('id="sobol"')
    section = page[start:]
    for w in warnings:
        assert html.escape(w) in section, w
