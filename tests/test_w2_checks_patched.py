"""The grid-headroom warnings and assumptions row through the CLI (user test of
2026-12-03, #5 and #11), once tigris.scenario.advice lists the warnings of
tigris.scenario.checks_headroom and the assumptions row names the scenario's map
(/work/notes/W2-CHECKS-advice.patch, W2-CHECKS-energy.patch). Expected MW are read
from data/grid.csv as text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, data_table, line_of, replaced, write_scenario


def _text(value: str) -> str:
    """SMALL with a grid data-centre type that texas-usa (region usa) may build."""
    return replaced(
        SMALL,
        ("facilities:\n", f"datacenters:\n  grid_headroom_mw: {value}\nfacilities:\n"),
        ("  - kind: hbm\n", "  - kind: hbm\n  - kind: datacenter\n"),
        (
            "  - name: japan\n",
            "  - name: japan\n  - name: texas-usa\n    facilities: [datacenter]\n",
        ),
    )


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning:")]


@pytest.mark.parametrize("verb", ["check", "plan"])
def test_a_falling_headroom_warns_on_its_line(tmp_path: Path, run_cli, verb: str) -> None:
    """``{2026: 30000, 2029: 0}`` was accepted silently (#11); now one warning line at
    the map's line, and the scenario is still valid (exit 0)."""
    path = write_scenario(tmp_path, _text("{usa: {2026: 30000, 2029: 0}}"))
    args = ("scenario", "check", path) if verb == "check" else ("plan", path, "--no-store")
    res = run_cli(*args)
    assert res.code == 0, res.err
    (line,) = [w for w in _warnings(res.err) if "cumulative" in w]
    n = line_of(path, "grid_headroom_mw:")
    assert line.startswith(f"warning: {path}:{n}: datacenters.grid_headroom_mw.usa.2029: 0 MW")


def test_one_headroom_year_warns_and_the_assumptions_say_the_scenario_gave_it(
    tmp_path: Path, run_cli
) -> None:
    """``usa: {2027: X}`` (#5): a warning names the years held flat, and the plan's
    assumptions row credits the scenario's map, not data/grid.csv."""
    d2026 = next(
        float(r["grid_headroom_mw"])
        for r in data_table("grid")
        if r["region"] == "usa" and r["year"] == "2026"
    )
    path = write_scenario(tmp_path, _text("{usa: {2027: 10461}}"))
    res = run_cli("scenario", "check", path)
    (line,) = _warnings(res.err)
    assert "datacenters.grid_headroom_mw.usa: given for 2027 only" in line
    assert f"2026 flat at 10,461 MW (the data: {d2026:,.0f} MW)" in line
    res = run_cli("plan", path, "--no-store", "--json")
    assert res.code == 0, res.err
    rows = [r for r in res.json()["assumptions"] if r["parameter"] == "grid headroom usa"]
    (row,) = rows
    assert row["source"].startswith("scenario 'small': datacenters.grid_headroom_mw.usa")
    assert "given for 2027" in row["source"] and "replacing data/grid.csv" in row["source"]
