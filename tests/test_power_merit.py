"""The power table and the cash flows agree on which module draws the power.

Defect (docs/energy.md, left open last session): the cash flows sell the investor's
data-centre MW in the merit order (``finance.cashflow.sold_wafers``: best after-tax
margin first, so an on-site gas module runs flat out before a grid one), while the
power table (``energy.regional.power_table``) placed the fleet in built capacity pro
rata to its room. In a year the investor's modules were not all needed the two
reported different energy for the same plan: one grid and one gas module at half use
of the second, fuel US$29.59M in the cash flows and US$22.19M (three quarters of it)
in the power table. Both now read one merit order (``finance.cashflow.merit_rank``).

Hand problems: :data:`tests.test_energy_price.SCENARIO` (300 MW existing at the
scenario's PUE 1.2, B200s, 2026-2028, one Texas site that may build a grid and a gas
data-centre module), and a variant with a second site, singapore (asia-pacific), that
may build both too. Expected values come from the shipped tables read as text:
``data/grid.csv`` (price and intensity by region and year), ``data/datacenter_types.csv``
(100 MW, PUE 1.1, gas US$45/MWh and 437 gCO2/kWh), load factor 0.75, 8,766 h a year.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.conftest import data_table, replaced
from tests.test_energy_price import GAS_PRICE, LOAD, MODULE_MW, SCENARIO, _inputs, _row
from tests.test_money_w2_review import EXISTING, FULL
from tigris.finance.cashflow import cash_flows
from tigris.plan.assemble import assemble
from tigris.scenario.edit import load_any

#: Hours in a year [h] (365.25 days).
HOURS = 365.25 * 24
#: MWh in a TWh.
MWH_PER_TWH = 1e6
#: kWh in a TWh over grams in a tonne: t CO2 = TWh x gCO2/kWh x 1e9 / 1e6.
T_PER_TWH_GKWH = 1e3
#: The gas type's intensity, data/datacenter_types.csv [gCO2/kWh].
GAS_GCO2 = float(
    next(r for r in data_table("datacenter_types") if r["facility"] == "datacenter-gas")[
        "gco2_per_kwh"
    ]
)
YEARS = (2026, 2027, 2028)


def _grid(region: str, column: str) -> np.ndarray:
    """data/grid.csv's ``column`` for ``region`` in :data:`YEARS`."""
    rows = {int(r["year"]): float(r[column]) for r in data_table("grid") if r["region"] == region}
    return np.array([rows[y] for y in YEARS])


def _plan(inp: Any, modules: dict[tuple[int, int], int], target: np.ndarray) -> tuple:
    """``modules[(site, facility row)]`` modules started in 2026 at full output from
    their start, production such that the fleet uses ``target`` MW-months a year (the
    rows' unit) in all."""
    inp = inp.replace(output=np.ones_like(np.asarray(inp.output, dtype=float)))
    build = np.zeros((*inp.allowed.shape, len(inp.years)))
    for (s, k), n in modules.items():
        build[s, k, 0] = n
    k_dc = inp.datacenter_row
    per_unit = inp.used(np.ones((len(inp.products), len(inp.years))))[k_dc]  # MW-months/B200
    prod = np.tile(target / per_unit, (len(inp.products), 1))
    np.testing.assert_allclose(inp.used(prod)[k_dc], target, rtol=1e-9)
    return inp, build, prod


def _rows(table: pd.DataFrame, region: str) -> pd.DataFrame:
    return table[table["region"] == region].set_index("year").loc[list(YEARS)]


def _fuel(flows: pd.DataFrame, site: str, fid: str) -> np.ndarray:
    """The cash flows' energy bill of ``site``'s ``fid`` modules in :data:`YEARS` [USD]."""
    mine = flows[(flows["site"] == site) & (flows["facility"] == fid)]
    return mine.groupby("year")["variable_cost_usd"].sum().reindex(YEARS, fill_value=0).to_numpy()


@pytest.mark.parametrize("used", [1.5, 2.0])
def test_one_grid_and_one_gas_module_the_power_table_burns_the_fuel_the_cash_flows_pay(
    used: float,
) -> None:
    """The fleet needs the existing 300 MW and ``used`` of the two modules. Gas sells
    first (US$45 against usa's US$80.6/MWh, one site, one tax rate): at 1.5 it runs
    flat out, 100 MW x 0.75 x 8,766 h = 657,450 MWh of on-site energy, fuel
    US$29,585,250 a year, and the grid module draws 50 facility MW (pro rata both drew
    75: 493,087.5 MWh, US$22.19M). usa's grid energy is then its existing capacity's
    (online less the two modules' 200 MW) plus 50 MW; emissions and cost follow at
    usa's intensity and price and the gas type's. At 2.0 both are full, as before."""
    inp, build, prod = _plan(
        _inputs(1.0),
        {(0, _row(_inputs(1.0), "datacenter")): 1, (0, _row(_inputs(1.0), "datacenter-gas")): 1},
        np.full(3, EXISTING + used * FULL),
    )
    from tigris.energy.regional import power_table

    table = power_table(inp, {"build": build, "prod": prod})
    flows = cash_flows(inp, build, prod)
    gas_mwh = MODULE_MW * LOAD * HOURS
    assert gas_mwh == pytest.approx(657_450.0)
    assert gas_mwh * GAS_PRICE == pytest.approx(29_585_250.0)
    usa = _rows(table, "usa")
    np.testing.assert_allclose(usa["onsite_energy_twh"] * MWH_PER_TWH, gas_mwh, rtol=1e-12)
    np.testing.assert_allclose(_fuel(flows, "texas-usa", "datacenter-gas"), gas_mwh * GAS_PRICE)
    world = _rows(table, "world")
    np.testing.assert_allclose(world["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE,
                               _fuel(flows, "texas-usa", "datacenter-gas"), rtol=1e-12)  # fmt: skip
    grid_module_mw = (used - 1.0) * MODULE_MW
    existing_mw = usa["datacenter_mw_online"].to_numpy() - 2 * MODULE_MW
    grid_mwh = (existing_mw + grid_module_mw) * LOAD * HOURS
    onsite_twh = gas_mwh / MWH_PER_TWH
    np.testing.assert_allclose(usa["energy_twh"], grid_mwh / MWH_PER_TWH + onsite_twh, rtol=1e-12)
    np.testing.assert_allclose(
        usa["emissions_t_co2"],
        (grid_mwh / MWH_PER_TWH * _grid("usa", "grid_gco2_per_kwh") + onsite_twh * GAS_GCO2)
        * T_PER_TWH_GKWH,
        rtol=1e-12,
    )
    np.testing.assert_allclose(
        usa["electricity_cost_usd"],
        grid_mwh * _grid("usa", "electricity_usd_per_mwh") + gas_mwh * GAS_PRICE,
        rtol=1e-12,
    )
    # the grid module's bill in the cash flows is its 50 (100) MW at usa's price
    np.testing.assert_allclose(
        _fuel(flows, "texas-usa", "datacenter"),
        grid_module_mw * LOAD * HOURS * _grid("usa", "electricity_usd_per_mwh"),
        rtol=1e-12,
    )


#: Two investor sites in two regions, each may build a grid and a gas module.
TWO_SITES = replaced(
    SCENARIO,
    (
        "    facilities: [datacenter, datacenter-gas]\n    max_modules: 2\n",
        "    facilities: [datacenter, datacenter-gas]\n    max_modules: 4\n"
        "  - name: singapore\n    facilities: [datacenter, datacenter-gas]\n"
        "    max_modules: 4\n",
    ),
)
_TWO: list[Any] = []


def _two_sites() -> Any:
    if not _TWO:
        _TWO.append(assemble(load_any(TWO_SITES))[0])
    return _TWO[0]


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 5])
def test_seeded_partial_use_plans_the_power_table_draws_what_the_cash_flows_sell(
    seed: int,
) -> None:
    """Random module counts (0-3 grid and gas at texas-usa and at singapore) and a fleet
    between the existing capacity and all of it, year by year: in each region the
    on-site energy x the gas price is the cash flows' fuel of that region's gas
    modules, and the grid energy is the existing capacity's (full, since the fleet is
    above it) plus the MWh the region's grid modules pay for in the cash flows (their
    bill over the region's price); the world's on-site energy x the gas price is the
    cash flows' whole fuel."""
    rng = np.random.default_rng(seed)
    inp0 = _two_sites()
    assert list(inp0.sites) == ["texas-usa", "singapore"]
    grid, gas = _row(inp0, "datacenter"), _row(inp0, "datacenter-gas")
    modules = {(s, k): int(rng.integers(0, 4)) for s in (0, 1) for k in (grid, gas)}
    modules[(1, gas)] = max(modules[(1, gas)], 1)  # at least two kinds of module in use
    modules[(0, grid)] = max(modules[(0, grid)], 1)
    n_mod = sum(modules.values())
    target = EXISTING + rng.uniform(0.05, 0.95, size=3) * n_mod * FULL
    inp, build, prod = _plan(inp0, modules, target)
    from tigris.energy.regional import power_table

    table = power_table(inp, {"build": build, "prod": prod})
    flows = cash_flows(inp, build, prod)
    for site, region in (("texas-usa", "usa"), ("singapore", "asia-pacific")):
        s = list(inp.sites).index(site)
        rows = _rows(table, region)
        np.testing.assert_allclose(
            rows["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE,
            _fuel(flows, site, "datacenter-gas"),
            rtol=1e-9,
            atol=1e-3,
        )
        price = _grid(region, "electricity_usd_per_mwh")
        module_mw = (modules[(s, grid)] + modules[(s, gas)]) * MODULE_MW
        existing_mwh = (rows["datacenter_mw_online"].to_numpy() - module_mw) * LOAD * HOURS
        grid_mwh = existing_mwh + _fuel(flows, site, "datacenter") / price
        np.testing.assert_allclose(
            (rows["energy_twh"] - rows["onsite_energy_twh"]) * MWH_PER_TWH,
            grid_mwh,
            rtol=1e-9,
        )
    world = _rows(table, "world")
    fuel = flows[flows["facility"] == "datacenter-gas"].groupby("year")["variable_cost_usd"].sum()
    np.testing.assert_allclose(
        world["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE,
        fuel.reindex(YEARS, fill_value=0).to_numpy(),
        rtol=1e-9,
        atol=1e-3,
    )


def test_a_placed_share_beyond_its_regions_room_runs_the_regions_modules_in_merit_order() -> None:
    """``demand_regions: {usa: 0.95}`` and a fleet of 280 MW-equivalents (rows' unit), less
    than the 300 MW existing: usa's existing room is full and the rest of its 95 % must
    run in texas-usa's modules (the regional row), gas first (the merit order), so the
    grid module stays idle: usa's grid energy is its existing capacity's alone and its
    on-site energy is what the share needs beyond it. (Pro rata the two modules shared
    it.) The cash flows sell the same (finance.placed, since 64476af;
    tests/test_regional_sales.py checks them against the table)."""
    text = replaced(SCENARIO, ("pue: 1.2\n", "pue: 1.2\ndemand_regions: {usa: 0.95}\n"))
    inp = assemble(load_any(text))[0]
    grid, gas = _row(inp, "datacenter"), _row(inp, "datacenter-gas")
    fleet_mw = 280.0
    inp, build, prod = _plan(inp, {(0, grid): 1, (0, gas): 1}, np.full(3, fleet_mw * 12))
    from tigris.energy.regional import power_table

    usa = _rows(power_table(inp, {"build": build, "prod": prod}), "usa")
    existing_mw = usa["datacenter_mw_online"].to_numpy() - 2 * MODULE_MW
    grid_mw = (
        (usa["energy_twh"] - usa["onsite_energy_twh"]).to_numpy() * MWH_PER_TWH / (LOAD * HOURS)
    )
    np.testing.assert_allclose(grid_mw, existing_mw, rtol=1e-12)
    onsite_mw = usa["onsite_energy_twh"].to_numpy() * MWH_PER_TWH / (LOAD * HOURS)
    assert np.all(onsite_mw > 1.0) and np.all(onsite_mw < MODULE_MW)
    np.testing.assert_allclose(
        usa["facility_mw_needed"].to_numpy(), existing_mw + onsite_mw, rtol=1e-12
    )
