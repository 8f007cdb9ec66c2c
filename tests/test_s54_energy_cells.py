"""Energy data cells a user may mistype or that no plan reads (user test 2026-12-06):

- an on-site type's ``gco2_per_kwh`` written in kg/kWh (the gas row's 501 as 0.501)
  cut the plan's emissions without a word, where the grid's column was already warned
  of below the lowest life-cycle intensity of any technology (IPCC AR5 WGIII Annex
  III: hydropower's minimum);
- ``--set data.energy_parameters.design_pue.value=1.3`` and
  ``lease_usd_per_facility_kw_month`` gave the reference's objective to the dollar and
  said nothing: each now says it changes nothing, and the plan is re-solved to check
  that it does not.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tigris.energy.bounds import GCO2_PER_KWH_MIN, intensity_warnings
from tigris.scenario import reference_scenario
from tigris.scenario.checks_cells import cell_warning_lines

from .conftest import CliResult

#: The two rows of data/energy_parameters.csv no plan reads.
DESIGN_PUE = "data.energy_parameters.design_pue.value"
LEASE_FACILITY = "data.energy_parameters.lease_usd_per_facility_kw_month.value"


def test_an_onsite_intensity_in_kg_per_kwh_is_warned_of() -> None:
    (line,) = intensity_warnings([], [2030], {"datacenter-gas": 0.501})
    assert "data.datacenter_types.datacenter-gas.gco2_per_kwh: 0.501 gCO2/kWh" in line
    assert f"is below {GCO2_PER_KWH_MIN:g}" in line and "kg/kWh" in line
    # the shipped 501, a solar row's 0 and one at the bound are not
    assert intensity_warnings([], [2030], {"datacenter-gas": 501.0}) == []
    assert intensity_warnings([], [2030], {"datacenter-solar": 0.0}) == []
    assert intensity_warnings([], [2030], {"datacenter-solar": GCO2_PER_KWH_MIN}) == []


@pytest.mark.parametrize("path", [DESIGN_PUE, LEASE_FACILITY])
def test_an_unread_parameter_says_it_changes_nothing(path: str) -> None:
    (line,) = cell_warning_lines(reference_scenario(), {path: 1.3})
    assert line.startswith(f"--set: {path}=1.3: {path}: changes nothing: ")


def test_the_reference_with_both_set_is_the_same_plan(
    run_cli: Callable[..., CliResult], reference_plan_json: str
) -> None:
    """The claim re-solved: both cells set, the same objective and served compute."""
    res = run_cli(
        "plan", "--no-store", "--json",
        "--set", f"{DESIGN_PUE}=1.3", "--set", f"{LEASE_FACILITY}=500",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert res.err.count("changes nothing") == 2, res.err
    ref, got = json.loads(reference_plan_json), res.json()
    assert got["objective_usd"] == pytest.approx(ref["objective_usd"], rel=1e-9)
    served = [doc["headline"]["numbers"]["served_h100e"] for doc in (got, ref)]
    assert served[0] == pytest.approx(served[1])
