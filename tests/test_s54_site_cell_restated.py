"""A what-if on a ``data.sites`` cell that the scenario's own site restates changes
nothing, and says so, as a data-centre type's cell restated by a facility does (user
test 2026-12-06: ``tigris sweep --set data.sites.japan.subsidy_share_of_capex=0.1,0.9``
on a scenario whose japan sets 0.4 gave two identical members and no word). The claim
is re-solved: the members are the same plan."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tigris.scenario.checks_cells import cell_unreached, cell_warning_lines
from tigris.scenario.edit import load_any

from .conftest import SMALL, CliResult, write_scenario

#: SMALL with japan's own subsidy share (a site the data table has), and every build
#: there (taiwan may build none), so the share is what the members' subsidy is.
JAPAN = SMALL.replace(
    "  - name: japan\n", "  - name: japan\n    subsidy_share_of_capex: 0.4\n"
).replace("  - name: taiwan\n    max_modules: 3\n", "  - name: taiwan\n    max_modules: 0\n")
CELL = "data.sites.japan.subsidy_share_of_capex"


def test_the_cell_says_it_changes_nothing_and_what_to_set() -> None:
    sc = load_any(JAPAN)
    (line,) = cell_warning_lines(sc, {CELL: [0.1, 0.9]})
    assert line.startswith(f"--set: {CELL}=0.1,0.9: {CELL}: changes nothing: ")
    assert "site japan gives its own subsidy_share_of_capex (0.4)" in line
    assert line.endswith("--set sites.japan.subsidy_share_of_capex=0.1,0.9")
    drawn = cell_unreached(sc, CELL, drawn=True)
    assert drawn is not None and drawn.endswith("draw sites.japan.subsidy_share_of_capex instead")


@pytest.mark.parametrize(
    "path",
    [
        "data.sites.taiwan.subsidy_share_of_capex",  # a site the scenario does not restate
        "data.sites.japan.construction_months",  # a column japan does not restate
    ],
)
def test_a_cell_the_site_leaves_to_the_table_says_nothing(path: str) -> None:
    assert cell_unreached(load_any(JAPAN), path, [0.3]) is None
    assert cell_unreached(load_any(SMALL), CELL, [0.3]) is None


def test_the_sweep_members_are_the_same_plan(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = write_scenario(tmp_path, JAPAN)
    res = run_cli(
        "sweep", path, "--set", f"{CELL}=0.1,0.9", "--workers", "0", "--no-store", "--json"
    )
    assert res.code == 0, res.err
    assert res.err.count("changes nothing") == 1
    members = res.json()["members"]
    assert len(members) == 2
    assert members[0]["subsidy_usd"] > 0  # japan builds, at its own share
    keys = ("objective_usd", "capital_spent_usd", "subsidy_usd")
    assert [members[0].get(k) for k in keys] == pytest.approx([members[1].get(k) for k in keys])
