"""GAS (S36): the fuel the investor's on-site gas burns, and a cap on its turbines a year.

- Fuel: the power table's ``onsite_gas_mmbtu`` and ``onsite_gas_bcf_per_day`` and the
  investor's ``added.energy`` gas, by hand from the reference's 2,800 MW of on-site gas
  (28 modules of 100 facility MW) x load factor 0.75 x 8,766 h x EIA's 9,447 Btu/kWh
  (AEO2026 assumptions, Table 3, aeroderivative CT, HHV), at EIA's 1,036 Btu per cubic
  foot of US natural gas consumed (2023) over 365.25 days; the heat rate is the data's
  column the 501 g/kWh derives from (x EPA's 53.06 kg CO2/MMBtu).
- Supply: ``datacenters.gas_mw_per_year_max`` (``gas-build-upper``) on a tiny problem
  whose optimum is derived by hand (tests/test_plan_power.py's ``dc_tiny``): a cap below
  the unconstrained build moves a gas module to the next year and one to the grid; a
  cap above it, or none, reproduces the plan; the reference (no cap by default) builds
  what it built before.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, REL, N, dc_tiny, solved
from tigris.data import load_rows
from tigris.plan.power import PowerRegions

#: EIA, Assumptions to the AEO2026, Electricity Market Module, Table 3: aeroderivative
#: combustion turbine heat rate [Btu/kWh, HHV].
HEAT_RATE = 9_447
#: EPA GHG Emission Factors Hub, Table 1: natural gas [kg CO2/MMBtu, HHV].
EPA_KG_CO2_PER_MMBTU = 53.06
#: EIA, Heat Content of Natural Gas Consumed, US 2023 [Btu/cf].
BTU_PER_CF = 1_036
#: The reference's on-site gas: 28 modules of 100 facility MW [MW].
GAS_MW = 2_800.0
LOAD_FACTOR = 0.75
HOURS = 8_766.0


def _by_hand_mmbtu(mw: float) -> float:
    """MW x load factor x hours [MWh] x heat rate [Btu/kWh] x 1e3 kWh/MWh / 1e6 Btu/MMBtu."""
    return mw * LOAD_FACTOR * HOURS * HEAT_RATE * 1e3 / 1e6


def _bcf_per_day(mmbtu: float) -> float:
    return mmbtu * 1e6 / BTU_PER_CF / 1e9 / 365.25


# --- fuel ------------------------------------------------------------------------------


def test_the_heat_rate_is_the_data_value_the_emission_factor_derives_from() -> None:
    gas = next(r for r in load_rows("datacenter_types") if r["facility"] == "datacenter-gas")
    assert float(gas["heat_rate_btu_per_kwh"]) == HEAT_RATE
    # 501 g/kWh = the column x EPA's factor (Btu/kWh x 1e-6 MMBtu/Btu x kg x 1e3 g/kg)
    by_column = float(gas["heat_rate_btu_per_kwh"]) * 1e-6 * EPA_KG_CO2_PER_MMBTU * 1e3
    assert float(gas["gco2_per_kwh"]) == round(by_column)
    solar = next(r for r in load_rows("datacenter_types") if r["facility"] == "datacenter-solar")
    assert float(solar["heat_rate_btu_per_kwh"]) == 0.0  # no fuel
    params = {r["parameter"]: r for r in load_rows("energy_parameters")}
    assert float(params["natural_gas_btu_per_cf"]["value"]) == BTU_PER_CF
    assert "EIA" in params["natural_gas_btu_per_cf"]["source"]


def test_gas_burned_by_hand_in_the_power_table_and_the_json(reference_solved: Any) -> None:
    """2,800 MW x 0.75 x 8,766 h = 18.41 TWh; x 9,447 Btu/kWh = 173.9M MMBtu a year,
    0.4596 Bcf/d (docs/energy.md's 0.46), once all 28 modules run (2030 on)."""
    r = reference_solved
    world = r.power[r.power["region"] == "world"].set_index("year")
    want = _by_hand_mmbtu(GAS_MW)
    assert want == pytest.approx(173.9e6, rel=1e-3)
    assert _bcf_per_day(want) == pytest.approx(0.46, abs=0.005)
    for year in range(2030, 2036):
        assert world.loc[year, "onsite_gas_mmbtu"] == pytest.approx(want, rel=1e-9)
        assert world.loc[year, "onsite_gas_bcf_per_day"] == pytest.approx(
            _bcf_per_day(want), rel=1e-9
        )
    # none before the first module runs (2028), and the regions sum to the world
    assert world.loc[2026, "onsite_gas_mmbtu"] == 0.0
    regions = r.power[r.power["region"] != "world"].groupby("year")["onsite_gas_mmbtu"].sum()
    np.testing.assert_allclose(regions.to_numpy(), world["onsite_gas_mmbtu"].to_numpy())
    doc = r.to_dict()
    rec = next(x for x in doc["power"] if x["region"] == "world" and x["year"] == 2035)
    assert rec["onsite_gas_mmbtu"] == pytest.approx(want, rel=1e-9)
    energy = doc["added"]["energy"]
    # the investor owns every module of the reference: its gas is the table's
    assert energy["gas_mmbtu_by_year"]["2035"] == pytest.approx(want, rel=1e-9)
    assert energy["gas_bcf_per_day_by_year"]["2035"] == pytest.approx(_bcf_per_day(want), rel=1e-9)


def test_the_text_says_the_gas_and_the_world_share(reference_solved: Any) -> None:
    """The reference commissions 21 modules (2,100 MW) in 2028 and 7 in 2029: 2,100 MW
    over the world's 60 GW of gas turbines a year (Wood Mackenzie's low end) = 3.5 %."""
    from tigris.energy.gas import gas_line

    energy = reference_solved.to_dict()["added"]["energy"]
    mw = energy["gas_mw_commissioned_by_year"]
    assert (mw["2028"], mw["2029"]) == (2_100.0, 700.0)  # JSON keys (to_dict is --json)
    assert energy["gas_world_turbine_share_by_year"]["2028"] == pytest.approx(2_100 / 60_000)
    assert energy["gas_mw_per_year_max"] is None and energy["gas_years_at_cap"] == []
    line = gas_line(reference_solved)
    assert line is not None
    for part in ("173.9M MMBtu in 2035", "0.46 Bcf/d", "2,100 MW", "(2028)", "3.5 %", "no cap"):
        assert part in line, (part, line)


# --- the cap on a tiny problem ---------------------------------------------------------


def _regions(cap: float | None) -> PowerRegions:
    """One region, the plan's PUE 1 everywhere (a module's facility MW is its 1 MW), the
    gas type burning EIA's 9,447 Btu/kWh, the grid type none."""
    nan = math.nan
    return PowerRegions(
        names=("usa",),
        existing_mw=np.full((1, N), 0.5),
        existing_pue=np.ones(1),
        module_pue=np.ones((1, 3)),
        demand_share=np.zeros(1),
        onsite_gco2_per_kwh=np.array([nan, nan, 501.0]),
        onsite_usd_per_mwh=np.array([nan, nan, 45.0]),
        onsite_btu_per_kwh=np.array([nan, nan, float(HEAT_RATE)]),
        gas_mw_per_year_max=cap,
    )


def _tiny(cap: float | None) -> dict[str, Any]:
    """0.5 MW existing, demand 1,500 a year, a 1 MW module online the year after its
    start; grid modules $14M, gas $12M; the fleet ``p[t] + p[t-1] ≤ 1,000 x MW``.

    Unconstrained: each gas module started in 2025 adds 1,000, 1,000, then 500 H100e
    ($30M, $30M, $15M, all above $12M): three gas modules (the third may start in 2025
    or 2026, a tie at a 0% rate), 3,500 of 4,500 served: $36M + 1,000 x $30,000 = $66M.

    Capped at 1 MW commissioned a year: one gas module in 2025 (online 2026), one grid
    module in 2025 (+500: $15M > $14M) and a second gas module in 2026 (online 2027,
    +500: $15M > $12M): 3,500 served, $38M + $30M = $68M. Capped at 0: three grid
    modules, $42M + $30M = $72M."""
    inp = dc_tiny(
        existing_mw=0.5,
        demand=1500.0,
        build_dc=True,
        gas=True,
        grid_capex=14e6,
        power_regions=_regions(cap),
    )
    return solved(inp)


def test_without_a_cap_three_gas_modules() -> None:
    r = _tiny(None)
    assert "gas-build-upper" not in r["m"].constraints
    assert r["build"][0, 2].sum() == 3.0 and r["build"][0, 1].sum() == 0.0
    assert r["build"][0, 2, 0] >= 2.0  # at least two commissioned in 2026
    assert r["objective"] == pytest.approx(36e6 + 1000 * PENALTY, rel=REL)


def test_a_cap_below_the_build_moves_gas_to_the_grid_and_later() -> None:
    r = _tiny(1.0)
    assert "gas-build-upper" in r["m"].constraints
    assert r["build"][0, 2].tolist() == [1.0, 1.0, 0.0]  # gas: 2025, then 2026
    assert r["build"][0, 1].tolist() == [1.0, 0.0, 0.0]  # the grid takes one
    assert r["objective"] == pytest.approx(38e6 + 1000 * PENALTY, rel=REL)
    # the cap binds: reached in 2026 and 2027 (1 MW each), and it costs $2M over free
    assert r["objective"] - _tiny(None)["objective"] == pytest.approx(2e6, rel=REL)
    none = _tiny(0.0)
    assert none["build"][0, 2].sum() == 0.0 and none["build"][0, 1].sum() == 3.0
    assert none["objective"] == pytest.approx(42e6 + 1000 * PENALTY, rel=REL)


def test_a_cap_above_the_build_changes_nothing() -> None:
    free, wide = _tiny(None), _tiny(10.0)
    assert "gas-build-upper" in wide["m"].constraints
    assert wide["objective"] == pytest.approx(free["objective"], rel=REL)
    assert wide["build"][0, 2].sum() == 3.0


def test_the_cap_counts_only_the_investors_fuel_burning_modules() -> None:
    """Solar (heat rate 0) is not capped: with the gas type's heat rate 0 the cap at 0
    leaves the plan as without a cap."""
    reg = _regions(0.0)
    from dataclasses import replace

    no_fuel = replace(reg, onsite_btu_per_kwh=np.array([math.nan, math.nan, 0.0]))
    inp = dc_tiny(
        existing_mw=0.5,
        demand=1500.0,
        build_dc=True,
        gas=True,
        grid_capex=14e6,
        power_regions=no_fuel,
    )
    r = solved(inp)
    assert "gas-build-upper" not in r["m"].constraints
    assert r["objective"] == pytest.approx(36e6 + 1000 * PENALTY, rel=REL)


# --- the reference and the scenario field ----------------------------------------------


def test_the_reference_has_no_cap_and_builds_as_before(reference_solved: Any) -> None:
    """No cap by default (no sourced world figure for aeroderivatives and engines):
    the reference's 21 + 7 gas modules, 2026 and 2027 starts, as before the field."""
    from tigris.plan.assemble import assemble
    from tigris.scenario import reference_scenario

    sc = reference_scenario()
    assert sc.datacenters is not None and sc.datacenters.gas_mw_per_year_max is None
    inp, _ = assemble(sc)
    assert inp.power_regions is not None and inp.power_regions.gas_mw_per_year_max is None
    b = reference_solved.builds
    gas = b[(b["facility"] == "datacenter") & (b["node"] == "gas")]
    assert dict(zip(gas["start_year"], gas["modules"], strict=True)) == {2026: 21, 2027: 7}


def test_a_negative_cap_is_refused(run_cli: Any) -> None:
    from tests.conftest import assert_one_line_error

    res = run_cli("plan", "--no-store", "--set", "datacenters.gas_mw_per_year_max=-5")
    assert_one_line_error(res, "gas_mw_per_year_max")


def test_a_cap_below_one_gas_module_is_warned() -> None:
    """50 MW a year is legal but below one 100 MW gas module: no module can run, as
    with 0 (said at the field); 0, 100 and None say nothing."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks import parts_of
    from tigris.scenario.checks_energy import gas_cap_below_a_module

    # the reference: its gas facility leaves the module to the table (100 MW)
    sc = reference_scenario()

    def found(cap: float | None) -> list[Any]:
        return gas_cap_below_a_module(parts_of(sc.set("datacenters.gas_mw_per_year_max", cap)))

    (loc, msg), *rest = found(50.0)
    assert not rest and loc == ("datacenters", "gas_mw_per_year_max")
    assert "50 MW a year is below one on-site gas module (100 MW" in msg
    assert found(0.0) == found(100.0) == found(None) == []


def test_a_sweep_over_the_cap_rebuilds_its_row() -> None:
    """Members differing only in the cap (none, 1 MW, 0, none): the LP HiGHS holds after
    the sweep's model reuse equals a fresh build's, so the cap's row is never copied
    from a member with another cap (tigris.plan.reuse)."""
    from dataclasses import replace

    from tests.test_plan_reuse import assert_same_lp, fresh_lp, reused_lp

    base = dc_tiny(
        existing_mw=0.5,
        demand=1500.0,
        build_dc=True,
        gas=True,
        grid_capex=14e6,
        power_regions=_regions(None),
    )
    members = [replace(base, power_regions=_regions(c)) for c in (None, 1.0, 0.0, None)]
    for inp, lp in zip(members, reused_lp(members), strict=True):
        assert_same_lp(lp, fresh_lp(inp, False))


def test_a_run_saved_before_the_gas_columns_says_not_known(reference_solved: Any) -> None:
    """The reference with its power table as a run saved before 9dbdba3 (no gas
    columns): the investor's gas is None (not known), not 0, and there is no text line."""
    from dataclasses import replace

    from tigris.energy.gas import gas_line
    from tigris.energy.investor import investor_energy

    old = replace(
        reference_solved,
        power=reference_solved.power.drop(columns=["onsite_gas_mmbtu", "onsite_gas_bcf_per_day"]),
    )
    energy = investor_energy(old)
    assert energy is not None
    assert energy["gas_mmbtu_by_year"] is None and energy["gas_bcf_per_day_by_year"] is None
    assert gas_line(old) is None
    assert investor_energy(reference_solved)["gas_mmbtu_by_year"] is not None  # type: ignore[index]
