"""The cash flows sell the data-centre power where the power table runs it, by region.

Defect (docs/energy.md, "Where they still differ", left by 8ee4d2f): with
``demand_regions`` the power table ran a placed share of the fleet in its region's
modules (the regional rows, ``capacity-datacenter-region-upper``), but the cash flows
sold over the pool (``clip(used − NI, 0, INV)``): with a fleet under the existing
capacity they sold nothing and paid no fuel while the table burnt a gas module's.
The cash flows now sell what the table runs in each module
(:func:`tigris.finance.placed.placed_sales`).

Hand problem: ``tests/test_power_merit.py``'s two-site scenario (300 MW existing at PUE
1.2 split over the regions, texas-usa in usa and singapore in asia-pacific, each may
build a grid and a gas data-centre module of 100 facility MW at PUE 1.1, B200s,
2026-2028). Expected values from the shipped tables read as text (``data/grid.csv``,
``data/datacenter_types.csv``: gas US$45/MWh; load factor 0.75; 8,766 h a year) and
from the plan's inputs (the existing capacity's split over regions).

Also: a scenario's grid headroom for a region with no grid site is shown in the power
table (it read ``null``, "no limit").
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tests.conftest import replaced
from tests.test_energy_price import GAS_PRICE, LOAD, MODULE_MW, _row
from tests.test_power_merit import HOURS, MWH_PER_TWH, TWO_SITES, YEARS, _fuel, _grid, _plan, _rows
from tigris.energy.regional import power_table
from tigris.finance.cashflow import cash_flows, sold_wafers
from tigris.plan.assemble import assemble
from tigris.scenario.edit import load_any

#: The scenario's PUE (the rows' unit: IT MW x 1.2).
PUE = 1.2
#: A data-centre module's PUE (data/datacenter_types.csv, both types).
MODULE_PUE = 1.1
#: Months in a year.
MONTHS = 12
#: The sites' regions, in the scenario's order.
SITE_REGION = {"texas-usa": "usa", "singapore": "asia-pacific"}

_CACHE: dict[str, Any] = {}


def _inputs(regions: str, *extra: tuple[str, str]) -> Any:
    """The two-site scenario with ``demand_regions: {regions}``, assembled (cached)."""
    key = regions + repr(extra)
    if key not in _CACHE:
        text = replaced(
            TWO_SITES, ("pue: 1.2\n", f"pue: 1.2\ndemand_regions: {{{regions}}}\n"), *extra
        )
        _CACHE[key] = assemble(load_any(text))[0]
    return _CACHE[key]


def _existing_rows_unit(inp: Any, region: str) -> np.ndarray:
    """The region's existing capacity in the plan's inputs [MW at the plan's PUE]."""
    reg = inp.power_regions
    return np.asarray(reg.existing_mw, dtype=float)[list(reg.names).index(region)]


def test_a_whole_fleet_placed_in_asia_pacific_sells_one_and_a_half_singapore_modules() -> None:
    """``demand_regions: {asia-pacific: 1.0}``; singapore and texas-usa one grid and
    one gas module each; a fleet of asia-pacific's existing capacity (~9.4 MW, the
    rows' unit) plus 1.5 modules (1.5 x 100 x 1.2 / 1.1 MW), well under the 300 MW
    existing. Every MW must run in asia-pacific: its existing capacity, then singapore's
    gas module (US$45/MWh, the better margin) flat out and the grid module at half.
    Cash flows: gas fuel 100 MW x 0.75 x 8,766 h x US$45 = US$29,585,250 a year, the grid
    module's bill 50 MW x 0.75 x 8,766 h x asia-pacific's price, revenue 12 x 1.0 and
    12 x 0.5 modules of MW-months at the pool's price; texas-usa's modules sell nothing
    (usa's existing room sits idle). Before the fix the pool sold nothing (fleet <
    existing): no fuel, no bill, no revenue."""
    inp0 = _inputs("asia-pacific: 1.0")
    grid, gas = _row(inp0, "datacenter"), _row(inp0, "datacenter-gas")
    module = MODULE_MW * PUE / MODULE_PUE  # rows' unit
    fleet = _existing_rows_unit(inp0, "asia-pacific") + 1.5 * module
    modules = {(0, grid): 1, (0, gas): 1, (1, grid): 1, (1, gas): 1}
    inp, build, prod = _plan(inp0, modules, fleet * MONTHS)
    flows = cash_flows(inp, build, prod)
    gas_mwh = MODULE_MW * LOAD * HOURS
    assert gas_mwh * GAS_PRICE == pytest.approx(29_585_250.0)
    np.testing.assert_allclose(_fuel(flows, "singapore", "datacenter-gas"), gas_mwh * GAS_PRICE)
    price = _grid("asia-pacific", "electricity_usd_per_mwh")
    np.testing.assert_allclose(
        _fuel(flows, "singapore", "datacenter"), 0.5 * MODULE_MW * LOAD * HOURS * price
    )
    for fid in ("datacenter", "datacenter-gas"):
        np.testing.assert_allclose(_fuel(flows, "texas-usa", fid), 0.0, atol=1e-6)
    # per MW-month sold, singapore's own price: since S37 (UT-UTILITY #1) a module passes
    # its own region's energy through, not the pool's, so asia-pacific's dearer energy
    # puts it above the pool's price
    from tigris.finance.energy_costs import unit_prices

    pool_price = np.asarray(inp.price_usd_per_wafer, dtype=float)[gas]
    own = unit_prices(inp)[list(inp.sites).index("singapore")]  # (K, T)
    assert (own[gas, : len(YEARS)] > pool_price[: len(YEARS)]).all()
    revenue = flows[flows["site"] == "singapore"].groupby(["facility", "year"])["revenue_usd"]
    revenue = revenue.sum()
    np.testing.assert_allclose(
        revenue["datacenter-gas"].loc[list(YEARS)], MONTHS * module * own[gas, : len(YEARS)]
    )
    np.testing.assert_allclose(
        revenue["datacenter"].loc[list(YEARS)], MONTHS * 0.5 * module * own[grid, : len(YEARS)]
    )
    # the power table burns the same gas in asia-pacific and none in usa
    table = power_table(inp, {"build": build, "prod": prod})
    asia, usa = _rows(table, "asia-pacific"), _rows(table, "usa")
    np.testing.assert_allclose(asia["onsite_energy_twh"] * MWH_PER_TWH, gas_mwh, rtol=1e-12)
    np.testing.assert_allclose(usa["onsite_energy_twh"], 0.0, atol=1e-15)


def _bound(inp: Any, modules: dict[tuple[int, int], int], share: dict[str, float]) -> np.ndarray:
    """(T,) the largest fleet the rows allow [MW at the plan's PUE]: the pool's
    capacity and, for each placed region, its capacity over its share (no legacy
    fleet in this scenario)."""
    module = MODULE_MW * PUE / MODULE_PUE
    total = np.asarray(inp.power_regions.existing_mw, dtype=float).sum(axis=0)
    bound = total + module * sum(modules.values())
    for region, a in share.items():
        here = sum(n for (s, _), n in modules.items() if SITE_REGION[inp.sites[s]] == region)
        bound = np.minimum(bound, (_existing_rows_unit(inp, region) + module * here) / a)
    return bound


@pytest.mark.parametrize("seed", range(6))
def test_seeded_placed_plans_the_power_table_burns_what_the_cash_flows_pay(seed: int) -> None:
    """Random shares for usa and asia-pacific, random module counts (0-2 of each type
    at each site), singapore the investor's or another owner's, a fleet between a
    tenth of the existing capacity and the most the rows allow, year by year. In each
    region the power table's MW in modules follow from its IT and facility MW (existing
    capacity at PUE 1.2, the rows' own, modules at 1.1: ``IT·1.2 − facility = m ·
    (1.2/1.1 − 1)`` for the modules' facility MW ``m``); they must be the MW the cash
    flows pay energy for (gas fuel at US$45/MWh plus grid bills at the region's price,
    over 0.75 x 8,766 h); its on-site energy x US$45 is the gas fuel; its electricity
    cost less the existing capacity's is the modules' bills."""
    rng = np.random.default_rng(seed)
    a_us, a_ap = round(rng.uniform(0.0, 0.6), 3), round(rng.uniform(0.1, 0.4), 3)
    owner = "tsmc" if rng.random() < 0.5 else "investor"
    inp0 = _inputs(f"usa: {a_us}, asia-pacific: {a_ap}")
    inp0 = inp0.replace(site_owner=("investor", owner))
    grid, gas = _row(inp0, "datacenter"), _row(inp0, "datacenter-gas")
    modules = {(s, k): int(rng.integers(0, 3)) for s in (0, 1) for k in (grid, gas)}
    modules[(1, gas)] = max(modules[(1, gas)], 1)
    share = {"usa": a_us, "asia-pacific": a_ap}
    bound = _bound(inp0, modules, share)
    fleet = rng.uniform(0.1, 0.999, 3) * bound
    inp, build, prod = _plan(inp0, modules, fleet * MONTHS)
    table = power_table(inp, {"build": build, "prod": prod})
    flows = cash_flows(inp, build, prod)
    per_mwh = LOAD * HOURS
    for site, region in SITE_REGION.items():
        rows = _rows(table, region)
        price = _grid(region, "electricity_usd_per_mwh")
        fuel = _fuel(flows, site, "datacenter-gas")
        bill = _fuel(flows, site, "datacenter")
        paid_mw = fuel / GAS_PRICE / per_mwh + bill / price / per_mwh
        it_rows = rows["fleet_it_mw"].to_numpy() * PUE
        facility = rows["facility_mw_needed"].to_numpy()
        burnt_mw = (it_rows - facility) / (PUE / MODULE_PUE - 1.0)
        np.testing.assert_allclose(burnt_mw, paid_mw, rtol=1e-7, atol=1e-6)
        np.testing.assert_allclose(
            rows["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE, fuel, rtol=1e-9, atol=1e-3
        )
        existing_mw = facility - burnt_mw
        np.testing.assert_allclose(
            rows["electricity_cost_usd"] - existing_mw * per_mwh * price,
            fuel + bill,
            rtol=1e-7,
            atol=1.0,
        )


@pytest.mark.parametrize("seed", range(4))
def test_a_share_that_fits_in_its_regions_existing_room_moves_no_sale(seed: int) -> None:
    """``usa: 0.2`` never exceeds usa's ~224 MW of existing room here (0.2 x at most
    300 + 6 x 109 MW = 191 MW), so the placed rule must sell what the pooled rule sells
    (investor sites only: the investor's total ``max(F − existing, 0)`` in the merit
    order). A guard on the fix, not a reproduction: it passed before it too."""
    rng = np.random.default_rng(100 + seed)
    inp0 = _inputs("usa: 0.2")
    grid, gas = _row(inp0, "datacenter"), _row(inp0, "datacenter-gas")
    modules = {(s, k): int(rng.integers(0, 2)) for s in (0, 1) for k in (grid, gas)}
    n_mod = sum(modules.values())
    fleet = rng.uniform(0.5, 1.0, 3) * (300.0 + n_mod * MODULE_MW * PUE / MODULE_PUE)
    inp, build, prod = _plan(inp0, modules, fleet * MONTHS)
    assert np.all(0.2 * fleet < _existing_rows_unit(inp, "usa"))
    reg = inp.power_regions
    pooled = inp.replace(
        power_regions=dataclasses.replace(reg, demand_share=np.zeros_like(reg.demand_share))
    )
    np.testing.assert_allclose(
        sold_wafers(inp, build, prod), sold_wafers(pooled, build, prod), rtol=1e-9, atol=1e-6
    )


def test_a_scenario_headroom_in_a_region_without_a_grid_site_is_shown() -> None:
    """``datacenters.grid_headroom_mw: {europe: {2026: 500, 2028: 700}}``, no site in
    europe: the power table's europe rows show 500, 600 (interpolated), 700 MW, all
    left (nothing connected there), where they read ``inf`` (JSON ``null``, no limit).
    The plan adds no grid row for europe (no module can connect there): the model's
    ``grid-headroom-upper`` rows are those of the scenario without it."""
    from tigris.plan.model import build_model

    headroom = "  grid_headroom_mw: {europe: {2026: 500, 2028: 700}}\n"
    extra = ("  existing_mw: {2026: 300}\n", "  existing_mw: {2026: 300}\n" + headroom)
    inp = _inputs("usa: 0.2", extra)
    n = (len(inp.sites), len(inp.facilities), len(inp.years))
    sol = {"build": np.zeros(n), "prod": np.zeros((len(inp.products), len(inp.years)))}
    europe = _rows(power_table(inp, sol), "europe")
    np.testing.assert_array_equal(europe["grid_headroom_mw"], [500.0, 600.0, 700.0])
    np.testing.assert_array_equal(europe["grid_headroom_left_mw"], [500.0, 600.0, 700.0])
    with_europe = build_model(inp).constraints["grid-headroom-upper"]
    without = build_model(_inputs("usa: 0.2")).constraints["grid-headroom-upper"]
    assert int(with_europe.mask.sum()) == int(without.mask.sum()) == 2 * len(inp.years)
    # the plan's assumptions state europe's headroom but no grid connection lead time
    # there, no site in europe being able to connect a module (review of 64476af,
    # RV-MONEY: stating it survived the tests above)
    text = replaced(TWO_SITES, ("pue: 1.2\n", "pue: 1.2\ndemand_regions: {usa: 0.2}\n"), extra)
    notes = assemble(load_any(text))[1].set_index("parameter")["value"]
    assert notes["grid headroom europe"] == "500 -> 700"
    assert "grid connection lead time europe" not in notes.index
    assert "grid connection lead time usa" in notes.index


def _npv_plan(tmp_path: Any, share: float, demand: str) -> Any:
    """``tests/test_pue.py``'s NPV scenario (the investor's cheap gas modules at
    texas-usa, up to 2, 300 MW existing, ``objective: npv``) with ``demand`` and
    ``demand_regions: {usa: share}``, solved."""
    from tests.test_pue import NPV
    from tigris.plan.api import plan

    text = replaced(
        NPV.replace("SITE", "1.1"),
        ("{2026: 2.0e6, 2030: 3.0e6}", demand),
        ("pue: 1.2\n", f"pue: 1.2\ndemand_regions: {{usa: {share}}}\n"),
    )
    path = tmp_path / "npv.yaml"
    path.write_text(text, encoding="utf-8")
    return plan(path, explain=False, counterfactual=False)


@pytest.mark.parametrize(
    ("share", "demand"),
    [(0.99, "{2026: 2.0e5, 2030: 3.0e5}"), (0.9, "{2026: 2.0e5, 2030: 3.0e5}"),
     (0.95, "{2026: 3.0e5, 2030: 4.0e5}"), (0.5, "{2026: 3.0e5, 2030: 4.0e5}")],
)  # fmt: skip
def test_the_npv_objective_sells_a_placed_share_as_the_cash_flows_do(
    tmp_path: Any, share: float, demand: str
) -> None:
    """The ``npv`` objective's sales rows (``plan.sales``: ``placed-need``,
    ``sold-region-lower``, ``sold-placed-upper``) sell the pool's ``max(used − NI,
    Σ_r need_r)``, the cash flows' rule, so the NPV the planner maximises is the one
    the cash flows evaluate for its plan (an oversold or undersold row would make them
    differ), and the planner sees what a share makes a module earn. With usa's share
    beyond its ~224 MW of existing room and a fleet under the 300 MW existing, a
    texas-usa module sells the share's rest: at 0.99 and 0.9 with the lower demand the
    planner builds one and the cash flows pay it (US$133M and US$53M, measured); with
    the pooled rows (before) it built nothing there (NPV 0: the module would sell
    nothing under the pool's rule). The two higher-demand cases agree with the pooled
    rows too (their plans' evaluated NPV was lower there: at 0.95 US$300.58M against
    US$314.97M now, measured, not asserted)."""
    r = _npv_plan(tmp_path, share, demand)
    assert r.status == "optimal"
    evaluated = float(r.finance_owners.query("owner == 'investor'")["npv_usd"].sum())
    assert r.objective_terms_usd["npv"] == pytest.approx(evaluated, rel=1e-6, abs=1.0)
    assert r.builds["modules"].sum() >= 1
    assert evaluated > 0


def test_a_site_in_a_region_power_regions_does_not_name_sells_what_the_table_runs() -> None:
    """A hand-built problem may put a site in a region ``power_regions`` does not name
    (here singapore in ``atlantis``: no existing capacity, no share). The power table
    gives it a region of its own; the cash flows must too, not fail on the name.
    ``usa: 0.95``, a fleet of 280 MW (rows' unit) under the 300 MW existing: usa's
    share beyond its ~224 MW of room runs in texas-usa's gas module; atlantis's gas
    module, outside every placed region and after the existing room in the merit
    order, draws nothing. Fuel in the cash flows = on-site energy x US$45 in each
    region of the table. (Before: KeyError 'atlantis'.)"""
    inp0 = _inputs("usa: 0.95")
    inp0 = inp0.replace(site_region=("usa", "atlantis"))
    gas = _row(inp0, "datacenter-gas")
    inp, build, prod = _plan(inp0, {(0, gas): 1, (1, gas): 1}, np.full(3, 280.0 * MONTHS))
    table = power_table(inp, {"build": build, "prod": prod})
    flows = cash_flows(inp, build, prod)
    for site, region in (("texas-usa", "usa"), ("singapore", "atlantis")):
        np.testing.assert_allclose(
            _rows(table, region)["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE,
            _fuel(flows, site, "datacenter-gas"),
            rtol=1e-9,
            atol=1e-3,
        )
    usa_mw = 0.95 * 280.0 - _existing_rows_unit(inp, "usa")  # rows' unit, beyond the room
    np.testing.assert_allclose(
        _fuel(flows, "texas-usa", "datacenter-gas"),
        usa_mw * MODULE_PUE / PUE * LOAD * HOURS * GAS_PRICE,
        rtol=1e-9,
    )
    np.testing.assert_allclose(_fuel(flows, "singapore", "datacenter-gas"), 0.0, atol=1e-6)


@pytest.mark.parametrize("regions", ["asia-pacific: 0.6, usa: 0.4", "usa: 0.95"])
def test_solved_plans_with_placed_demand_burn_in_the_table_the_fuel_the_cash_flows_pay(
    tmp_path: Any, regions: str
) -> None:
    """The two-site scenario run to 2030 (demand 2.0, 3.0, 3.5 and 2.3M H100e in 2026,
    2028, 2029, 2030, capital to 2029), ``serve``, solved: year by year the world's
    on-site energy x US$45 is the cash flows' gas fuel (measured now: 29.59, 106.68,
    138.36M in 2028-2030 for the first, 29.59, 118.34, 118.34M for the second). Before: 2028's fuel
    US$29.59M in the table against 0 ({asia-pacific: 0.6, usa: 0.4}) and US$13.32M
    (usa: 0.95) in the cash flows."""
    from tigris.plan.api import plan

    text = replaced(
        TWO_SITES,
        ("last_year: 2028}", "last_year: 2030}"),
        ("{2026: 2.0e6, 2028: 3.0e6}", "{2026: 2.0e6, 2028: 3.0e6, 2029: 3.5e6, 2030: 2.3e6}"),
        ("    last_year: 2027\n", "    last_year: 2029\n"),
        ("pue: 1.2\n", f"pue: 1.2\ndemand_regions: {{{regions}}}\n"),
    )
    path = tmp_path / "two.yaml"
    path.write_text(text, encoding="utf-8")
    r = plan(path, explain=False, counterfactual=False)
    assert r.status == "optimal"
    years = list(range(2026, 2031))
    world = r.power[r.power["region"] == "world"].set_index("year").loc[years]
    cf = r.cash_flows
    fuel = cf[cf["facility"] == "datacenter-gas"].groupby("year")["variable_cost_usd"].sum()
    fuel = fuel.reindex(years, fill_value=0.0).to_numpy()
    assert fuel.max() > 1e7  # a gas module runs for the share
    np.testing.assert_allclose(
        world["onsite_energy_twh"] * MWH_PER_TWH * GAS_PRICE, fuel, rtol=1e-9, atol=1e-3
    )


def test_a_legacy_fleet_is_not_placed_by_the_share() -> None:
    """``demand_regions: {asia-pacific: 1.0}`` places the plan's fleet, not the legacy
    fleet (tigris.energy.allocation.allocate_fleet: the legacy fleet runs in existing
    capacity, the shares place the plan's fleet): a plan fleet of asia-pacific's
    existing room plus half a module (rows' unit) beside a 100 MW legacy fleet. The
    power table and the cash flows must burn the same gas in singapore, and the gas
    module must not run flat out (it would if the share also placed the legacy MW: 100
    MW more than the half module). Review of 64476af (RV-MONEY): the cash flows'
    ``fleet - legacy`` mutated to ``fleet`` went unnoticed, the other tests having no
    legacy fleet."""
    inp0 = _inputs("asia-pacific: 1.0")
    grid, gas = _row(inp0, "datacenter"), _row(inp0, "datacenter-gas")
    module = MODULE_MW * PUE / MODULE_PUE  # rows' unit
    legacy = np.full(len(YEARS), 100.0)
    fleet = _existing_rows_unit(inp0, "asia-pacific") + 0.5 * module
    modules = {(0, grid): 1, (0, gas): 1, (1, grid): 1, (1, gas): 1}
    inp, build, prod = _plan(inp0, modules, fleet * MONTHS)
    inp = inp.replace(legacy_fleet_mw=legacy)
    np.testing.assert_allclose(inp.used(prod)[inp.datacenter_row] / MONTHS, fleet + legacy)
    flows = cash_flows(inp, build, prod)
    table = power_table(inp, {"build": build, "prod": prod})
    fuel = _fuel(flows, "singapore", "datacenter-gas")
    burnt = _rows(table, "asia-pacific")["onsite_energy_twh"].to_numpy() * MWH_PER_TWH
    np.testing.assert_allclose(fuel, burnt * GAS_PRICE, rtol=1e-9)
    full = MODULE_MW * LOAD * HOURS * GAS_PRICE  # a gas module flat out [USD/year]
    assert np.all(fuel > 0.0) and np.all(fuel < 0.99 * full)
