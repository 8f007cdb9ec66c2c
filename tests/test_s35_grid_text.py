"""GRID-FIX (UT-GRID #2, #1), with /work/notes/GRID-FIX-plan-text.patch: ``tigris plan``'s
text prints the year-mean energy beside the year-end one, captioned with each basis, and
says under the headroom table what the grid wait and headroom reach, with the numbers
(the same run's --json, and data/datacenter_capacity.csv by hand in
tests/test_s35_grid_energy.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pandas as pd
import pytest


@pytest.fixture(scope="module")
def text() -> str:
    import contextlib
    import io

    from tigris.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["plan", "--no-store"]) == 0
    return out.getvalue()


def _world(reference_plan_json: str) -> pd.DataFrame:
    p = pd.DataFrame(json.loads(reference_plan_json)["power"])
    return p[p["region"] == "world"].set_index("year")


def test_power_table_has_the_year_mean_column(text: str, reference_plan_json: str) -> None:
    block = text.split("Power by year")[1]
    rows: dict[str, list[str]] = {}
    for ln in block.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]
        if len(cells) == 7 and cells[0].isdigit():
            rows[cells[0]] = cells
    w = _world(reference_plan_json)
    for year, r in w.iterrows():
        cells = rows[str(year)]
        assert cells[4] == f"{r['energy_twh']:,.0f}"
        assert cells[5] == f"{r['energy_twh_year_mean']:,.0f}"  # 2026: 220, not 266
    flat = " ".join(block.split())
    assert "energy TWh (and Mt CO2): on the year-end MW" in flat
    assert "yr-mean: the same energy on the mean of the year's two ends" in flat


def test_grid_scope_sentence(text: str, reference_plan_json: str) -> None:
    w = _world(reference_plan_json)
    ex = w["existing_mw_online"] / 1e3
    first, last = int(w.index.min()), int(w.index.max())
    flat = " ".join(text.split())
    assert "The grid wait and headroom limit only the plan's own grid-connected modules" in flat
    growth = f"grows by {ex[last] - ex[first]:,.1f} GW in the world from {first} to {last}"
    assert growth in flat
    assert flat.index("Grid headroom by region") < flat.index(growth)


def test_no_sentence_without_datacenter_power(run_cli: Any, tmp_path) -> None:
    """A result without the supply columns (a run saved before them) prints none."""
    from tigris.report.energy import grid_scope_note

    assert grid_scope_note(pd.DataFrame({"year": [2026], "region": ["world"]})) is None
