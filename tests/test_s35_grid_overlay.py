"""GRID-FIX (UT-GRID #4): a ``--data`` ``grid:`` entry's value is shown with its own
file and source in the plan's assumptions, not with data/grid.csv's.

UT-GRID overlaid a region's lead time (60 months, its own source text) and the
assumptions row said ``60.0, source "data/grid.csv (tigris.energy.data.grid_lead_months)"``.
The shipped lead of usa is read as text from data/grid.csv here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from tests.conftest import data_table

REFERENCE = Path(__file__).resolve().parents[1] / "src/tigris/data/reference_scenario.yaml"
SOURCE = "ERCOT large-load queue, a planner's estimate"


def _assumptions(overlay: Path | None) -> pd.DataFrame:
    from tigris.data import using_overlay
    from tigris.overlay import load_overlay
    from tigris.plan.assemble import assemble
    from tigris.scenario import load_scenario

    sc = load_scenario(REFERENCE)
    with using_overlay(None if overlay is None else load_overlay(overlay)):
        _, notes = assemble(sc)
    return notes.set_index("parameter")


def _overlay(tmp_path: Path, months: float) -> Path:
    path = tmp_path / "grid.yaml"
    path.write_text(
        f'grid:\n  - region: usa\n    grid_lead_months: {months:g}\n    source: "{SOURCE}"\n'
        '    as_of: "2026-12"\n',
        encoding="utf-8",
    )
    return path


def test_overlay_lead_time_names_its_file_and_source(tmp_path: Path) -> None:
    path = _overlay(tmp_path, 60)
    row = _assumptions(path).loc["grid connection lead time usa"]
    assert float(row["value"]) == 60.0
    assert row["source"].startswith(f"--data {path}: grid usa grid_lead_months (source: {SOURCE})")
    assert "data/grid.csv" not in row["source"]
    # the headroom, which the overlay leaves, keeps the shipped table's source
    head = _assumptions(path).loc["grid headroom usa"]
    assert head["source"] == "data/grid.csv (tigris.energy.data.grid_headroom_mw)"


def test_without_a_change_the_shipped_table_is_the_source(tmp_path: Path) -> None:
    shipped = {float(r["grid_lead_months"]) for r in data_table("grid") if r["region"] == "usa"}
    assert shipped == {48.0}
    for notes in (_assumptions(None), _assumptions(_overlay(tmp_path, 48))):
        row = notes.loc["grid connection lead time usa"]
        assert float(row["value"]) == 48.0
        assert row["source"].startswith("data/grid.csv (tigris.energy.data.grid_lead_months)")
