"""A commitment no module can meet in time says so (user test s49, energy and finance
#4).

``--set facilities.datacenter-gas.construction_months=125 --set
facilities.datacenter.construction_months=125 --set sites.texas-usa.min_modules=2``
was infeasible with only "No plan meets the commitments at texas-usa (2), even with
capital, scanner, site, grid, mix and served-share limits all dropped": 125 months
from 2026 end after the horizon, and a build must come online within it (docs/plan.md,
"Builds must come online within the horizon"). The explanation now names each type the
site may build and when a module started in the first year would first produce.

By hand: a module that comes online after M months (a grid data centre's region lead,
usa 48 months in data/grid.csv, plus its construction) first produces in year
floor(M / 12) after its start: 125 months -> 10 years (2036 from 2026), 48 + 125 =
173 months -> 14 years (2040); a fab module at a site of 60 construction months ->
5 years (2031).
"""

from __future__ import annotations

import pytest

from tests.conftest import SMALL_3Y, data_table, write_scenario
from tests.test_scenario_energy import POWERED


def _lines(err: str, out: str) -> str:
    return " ".join((out + err).split())  # the printout's wrapping undone


def test_data_centres_that_cannot_come_online_are_named(run_cli, tmp_path) -> None:
    [usa] = {float(r["grid_lead_months"]) for r in data_table("grid") if r["region"] == "usa"}
    path = write_scenario(tmp_path, POWERED)  # horizon 2026-2031
    res = run_cli(
        "plan", path, "--no-store",
        "--set", "facilities.datacenter-gas.construction_months=125",
        "--set", "facilities.datacenter.construction_months=125",
        "--set", "sites.texas-usa.min_modules=2",
    )  # fmt: skip
    text = _lines(res.err, res.out)
    assert "infeasible" in text, text
    assert (
        "Site texas-usa must host 2 modules, but no module of a facility type it may build "
        "can come online within the horizon (2026–2031)"
    ) in text, text
    gas, grid = 125 // 12, int(usa + 125) // 12
    assert f"datacenter-gas first produces {gas} years after its start" in text, text
    assert f"one started in 2026, in {2026 + gas}" in text, text
    assert f"datacenter first produces {grid} years after its start" in text, text
    assert f"one started in 2026, in {2026 + grid}" in text, text
    # and before the solve, a warning naming the months (data/grid.csv's usa lead)
    [warned] = [ln for ln in res.err.splitlines() if "sites.texas-usa.min_modules:" in ln]
    assert (
        f"datacenter: {usa:g} months of grid connection (usa, data/grid.csv) + 125 months "
        f"of construction (the facility's), so one started in 2026 first produces in "
        f"{2026 + grid}"
    ) in warned, warned
    assert "datacenter-gas: 125 months of construction (the facility's)" in warned, warned


def test_fab_modules_past_the_horizon_are_named(run_cli, tmp_path) -> None:
    path = write_scenario(tmp_path, SMALL_3Y)  # horizon 2026-2028, one site: japan
    res = run_cli(
        "plan", path, "--no-store",
        "--set", "sites.japan.construction_months=60", "--set", "sites.japan.min_modules=1",
    )  # fmt: skip
    text = _lines(res.err, res.out)
    for fid in ("logic-N5", "cowos", "hbm"):
        assert f"{fid} first produces 5 years after its start" in text, text
    assert "one started in 2026, in 2031" in text, text


@pytest.mark.parametrize("months", [24])
def test_a_commitment_that_can_come_online_is_not_called_late(run_cli, tmp_path, months) -> None:
    """24 months from 2026 is online in 2028, the last year: the plan is found."""
    path = write_scenario(tmp_path, SMALL_3Y)
    res = run_cli(
        "plan", path, "--no-store",
        "--set", f"sites.japan.construction_months={months}", "--set", "sites.japan.min_modules=1",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert "can come online within the horizon" not in _lines(res.err, res.out)
    assert "can come online by" not in res.err
