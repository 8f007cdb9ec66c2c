"""``--campus-wspm`` tells the truth (user test s49 #3, #7): its help said the fixed
building could be given with a ``--data`` overlay, which refuses ``fab_parameters``;
with ``--budget-usd`` a campus below the search's floor was said to be below "the fab's
10,000 wspm", a size the user never gave."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import assert_one_line_error, data_table

RunCli = Callable[..., Any]


def _param(name: str) -> float:
    return float(next(r["value"] for r in data_table("fab_parameters") if r["parameter"] == name))


def test_data_cannot_give_a_fixed_building_and_the_help_does_not_say_it_can(
    run_cli: RunCli, tmp_path: Path
) -> None:
    overlay = tmp_path / "fixed.yaml"
    overlay.write_text("fab_parameters:\n  - {name: building_fixed_usd, value: 1e9}\n")
    fab = ("fab", "--node", "N5", "--wspm", "20000", "--site", "taiwan")
    res = run_cli(*fab, "--campus-wspm", "40000", "--data", str(overlay))
    assert res.code == 2 and "fab_parameters" in res.err, res.err  # the world the help describes
    assert _param("building_fixed_usd") == 0.0
    helptext = " ".join(run_cli("fab", "--help").out.replace("│", " ").split())
    assert "overlay that gives one" not in helptext
    assert "--data cannot change it" in helptext
    alone = run_cli(*fab, "--json").json()
    phase = run_cli(*fab, "--campus-wspm", "40000", "--json").json()
    assert phase["capex_usd"] == alone["capex_usd"]  # as the help now says: no cost moves


def test_a_campus_below_the_budget_searchs_floor_names_the_floor(run_cli: RunCli) -> None:
    floor = _param("min_wspm")
    res = run_cli(
        "fab", "--node", "N5", "--site", "taiwan", "--budget-usd", "2e10", "--campus-wspm", "8000"
    )
    assert_one_line_error(
        res, "--campus-wspm", f">= {floor:,.0f} wspm", "smallest fab the budget search tries"
    )
    assert "the fab's" not in res.err
