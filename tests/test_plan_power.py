"""The power row and the grid headroom on tiny problems whose optimum is derived by hand.

Every problem has one product of 1 H100e that draws 1 kW of facility power in service
(``fleet_mw_per_unit = 0.001`` MW) and stays in service ``L = 2`` years, ample logic
capacity (1,000 wspm at 0.01 wafers per accelerator: 1.2M a year), a datacenter
pool with ``existing_mw`` MW, demand per year, a penalty of $30,000 per unmet H100e and
a 0% discount rate, so objective values are exact arithmetic. A datacenter module is
1 MW, paid in its start year and online from the next; its equipment is written off
over one year, so a module online within the horizon has no salvage value.

The fleet in year t is ``prod[t] + prod[t − 1]`` accelerators (``L = 2``), so the power
row reads ``0.001 · (prod[t] + prod[t − 1]) + legacy[t] ≤ existing + modules online``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.plan import PlanInputs
from tigris.plan.counterfactual import served_without_builds
from tigris.plan.highs import run_highs
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, build_model

PENALTY = 30_000.0
REL = 1e-6
#: Accelerators and MW-months: HiGHS's feasibility tolerance on rows in thousands.
ABS = 1e-3
N = 3  # years 2025-2027


def dc_tiny(
    *,
    existing_mw: float = 1.0,
    demand: float | np.ndarray = 600.0,
    legacy: list[float] | None = None,
    sites: int = 1,
    gas: bool = False,
    grid_capex: float = 20e6,
    gas_capex: float = 12e6,
    build_dc: bool = False,
    headroom: float | None = None,
    **extra: Any,
) -> PlanInputs:
    """The problem of the module docstring; ``gas`` adds an on-site datacenter type."""
    facs = ["logic-N5", "datacenter"] + (["datacenter-gas"] if gas else [])
    k = len(facs)
    kinds = ("logic",) + ("datacenter",) * (k - 1)
    existing = np.zeros((k, N))
    existing[0], existing[1] = 1000.0, existing_mw
    allowed = np.zeros((sites, k), dtype=bool)
    allowed[:, 1:] = build_dc
    capex = np.tile([1e9, grid_capex, gas_capex][:k], (sites, 1))
    ramp = np.ones((sites, k, 1))  # (S, K, 1) times a profile over two lags
    kwargs: dict[str, Any] = {
        "years": np.arange(2025, 2025 + N),
        "sites": tuple(f"site{i}" for i in range(sites)),
        "facilities": tuple(facs),
        "facility_kind": kinds,
        "facility_node": ("N5",) + ("",) * (k - 1),
        "products": ("chip",),
        "classes": ("all",),
        "sources": ("fund",),
        "h100e": np.ones(1),
        "use": np.array([[0.01] + [0.0] * (k - 1)]),
        "available": np.ones((1, N), dtype=bool),
        "min_share": np.zeros((1, N)),
        "max_share": np.ones((1, N)),
        "system_power_w": np.array([700.0]),
        "existing": existing,
        "demand": np.full((1, N), demand),
        "priority": np.ones(1),
        "penalty_usd_per_h100e": PENALTY,
        "allowed": allowed,
        "module_capacity": np.tile([1000.0, 1.0, 1.0][:k], (sites, 1)),
        "capex_usd": capex,
        "subsidy_usd": np.zeros((sites, k)),
        "spend": ramp * np.array([1.0, 0.0]),
        "output": ramp * np.array([0.0, 1.0]),
        "opex_usd_per_year": np.zeros((sites, k)),
        "euv_tools": np.zeros((sites, k)),
        "high_na_tools": np.zeros((sites, k)),
        "power_mw": np.zeros((sites, k)),
        "max_modules": np.full(sites, np.inf),
        "power_limit_mw": np.full(sites, np.inf),
        "euv_supply": np.full(N, 100.0),
        "high_na_supply": np.full(N, 100.0),
        "capital_usd": np.array([[1e12] + [0.0] * (N - 1)]),
        "discount_rate": 0.0,
        "base_year": 2025,
        "fleet_lifetime_years": 2,
        "fleet_mw_per_unit": np.array([0.001]),
        "legacy_fleet_mw": None if legacy is None else np.array(legacy),
        "equipment_life_years": 1.0,
    }
    if headroom is not None:
        kwargs |= {
            "site_region": ("usa",) * sites,
            "regions": ("usa",),
            "grid_headroom_mw": np.full((1, N), headroom),
        }
    kwargs.update(extra)
    return PlanInputs(**kwargs)


def solved(inp: PlanInputs) -> dict[str, Any]:
    """Solve the planning model; objective [USD], prod [accelerators], build [modules]."""
    m = build_model(inp)
    status, _ = run_highs(m, None, None)
    assert status == "optimal"
    return {
        "m": m,
        "objective": float(m.objective.value) * MONEY_SCALE,
        "prod": m.variables["prod"].solution.values * COUNT_SCALE,
        "build": np.round(m.variables["build"].solution.values, 6),
    }


def test_a_fleet_of_lifetime_two_under_a_datacenter_limit() -> None:
    """1 MW powers 1,000 accelerators in service; demand 600 a year, nothing to build.

    ``p1 ≤ 600`` (demand), ``p1 + p2 ≤ 1000``, ``p2 + p3 ≤ 1000``, ``p3 ≤ 600``: the
    total ``p1 + p2 + p3 ≤ 1000 + min(p1, p3) ≤ 1600``, reached only at (600, 400,
    600). Unmet 200 H100e: $6M. The datacenter row of ``used`` is 12 × the fleet in
    MW: 12 × (0.6, 1.0, 1.0) MW-months.
    """
    inp = dc_tiny()
    r = solved(inp)
    assert r["prod"][0] == pytest.approx([600.0, 400.0, 600.0], abs=ABS)
    assert r["objective"] == pytest.approx(200 * PENALTY, rel=REL)
    assert inp.used(r["prod"])[1] == pytest.approx([7.2, 12.0, 12.0], abs=ABS)
    assert "capacity-datacenter-upper" in r["m"].constraints
    # the counterfactual's LP (no builds) has the same power row
    assert served_without_builds(inp).sum() == pytest.approx(200.0, abs=ABS)


def test_the_fleets_energy_is_a_variable_cost_per_mw_month() -> None:
    """The same plan at $1,000 per MW-month of datacenter capacity used: the fleet uses
    7.2 + 12 + 12 = 31.2 MW-months, $31,200 (an accelerator's energy, $12 a year, is
    far below the $30,000 penalty, so the plan does not change)."""
    vc = np.zeros((2, N))
    vc[1] = 1000.0
    r = solved(dc_tiny(variable_cost_usd_per_wafer=vc))
    assert r["prod"][0] == pytest.approx([600.0, 400.0, 600.0], abs=ABS)
    assert r["objective"] == pytest.approx(200 * PENALTY + 31_200.0, rel=REL)


def test_the_legacy_fleet_occupies_existing_capacity_first() -> None:
    """A legacy fleet of 0.5, 0.2, 0 MW leaves 0.5, 0.8, 1.0 MW: ``p1 ≤ 500``, ``p1 + p2
    ≤ 800``, ``p2 + p3 ≤ 1000``, ``p3 ≤ 600``, so at most 800 + 600 = 1,400 served
    (e.g. 500, 300, 600); unmet 400: $12M. ``used`` counts the legacy fleet too."""
    inp = dc_tiny(legacy=[0.5, 0.2, 0.0])
    r = solved(inp)
    assert r["prod"].sum() == pytest.approx(1400.0, abs=ABS)
    assert r["objective"] == pytest.approx(400 * PENALTY, rel=REL)
    used = inp.used(r["prod"])[1]
    assert used == pytest.approx(12 * (inp.fleet_power_mw(r["prod"])), abs=ABS)
    assert np.all(used <= 12 * 1.0 + ABS)
    assert used[0] == pytest.approx(12.0, abs=ABS)  # 0.5 MW legacy + 500 accelerators
    assert served_without_builds(inp).sum() == pytest.approx(400.0, abs=ABS)


def test_a_datacenter_module_is_built_when_power_binds() -> None:
    """0.5 MW existing, demand 1,000 a year. Without a module: ``p1 ≤ 500``, ``p1 + p2 ≤
    500``, ``p2 + p3 ≤ 500``: 1,000 served. A 1 MW module started in 2025 (online 2026)
    allows ``p1 + p2 ≤ 1500``, ``p2 + p3 ≤ 1500``: 500 + 1,500 = 2,000 served, +1,000
    H100e = $30M for $20M of capex; started in 2026 it adds only 500 (2027). A second
    module adds at most 500 more ($15M < $20M). Objective: $20M + 1,000 × $30,000."""
    r = solved(dc_tiny(existing_mw=0.5, demand=1000.0, build_dc=True))
    assert r["build"][0, 1].tolist() == [1.0, 0.0, 0.0]  # one module, in 2025
    assert r["objective"] == pytest.approx(20e6 + 1000 * PENALTY, rel=REL)
    # at $40M a module costs more than the $30M it saves: none, 2,000 unmet
    r = solved(dc_tiny(existing_mw=0.5, demand=1000.0, build_dc=True, grid_capex=40e6))
    assert r["build"].sum() == 0.0
    assert r["objective"] == pytest.approx(2000 * PENALTY, rel=REL)


def test_grid_headroom_binds_and_on_site_power_is_outside_it() -> None:
    """At $5M a module two grid modules pay (the second serves 500 more in 2026-2027,
    $15M): 2,500 served, $10M + 500 × $30,000 = $25M. With 1 MW of grid headroom in
    the region only one grid module may be online: $5M + 1,000 × $30,000 = $35M; an
    on-site (gas) module at $12M is not limited by the grid and pools with it: $5M +
    $12M + 500 × $30,000 = $32M."""
    kw = {"existing_mw": 0.5, "demand": 1000.0, "build_dc": True, "grid_capex": 5e6}
    free = solved(dc_tiny(sites=2, **kw))
    assert free["build"][:, 1].sum() == 2.0
    assert free["objective"] == pytest.approx(10e6 + 500 * PENALTY, rel=REL)
    limited = solved(dc_tiny(sites=2, headroom=1.0, **kw))
    assert limited["build"][:, 1].sum() == 1.0
    assert limited["objective"] == pytest.approx(5e6 + 1000 * PENALTY, rel=REL)
    assert "grid-headroom-upper" in limited["m"].constraints
    gas = solved(dc_tiny(sites=2, headroom=1.0, gas=True, **kw))
    assert (gas["build"][:, 1].sum(), gas["build"][:, 2].sum()) == (1.0, 1.0)
    assert gas["objective"] == pytest.approx(5e6 + 12e6 + 500 * PENALTY, rel=REL)


def _logic_fields() -> dict[str, Any]:
    """``dc_tiny`` fields of one logic facility, N5, 5 wspm existing at 0.01 wafers per
    accelerator (6,000 accelerators a year), nothing to build, no datacenter."""
    return {
        "facilities": ("logic-N5",),
        "facility_kind": ("logic",),
        "facility_node": ("N5",),
        "use": np.array([[0.01]]),
        "existing": np.full((1, N), 5.0),
        "allowed": np.zeros((1, 1), dtype=bool),
        "module_capacity": np.ones((1, 1)),
        "capex_usd": np.ones((1, 1)),
        "subsidy_usd": np.zeros((1, 1)),
        "spend": np.array([[[1.0, 0.0]]]),
        "output": np.array([[[0.0, 1.0]]]),
        "opex_usd_per_year": np.zeros((1, 1)),
        "euv_tools": np.zeros((1, 1)),
        "high_na_tools": np.zeros((1, 1)),
        "power_mw": np.zeros((1, 1)),
    }


def test_without_a_datacenter_facility_the_plan_is_the_one_before() -> None:
    """Logic only, 5 wspm existing (60 wafers a year at 0.01 wafers per accelerator:
    6,000 a year), demand 10,000 a year: unmet 4,000 × 3 years = $360M. The fleet
    and grid fields change nothing without a facility of kind ``datacenter``: no
    power row, the same answer."""
    base = _logic_fields() | {"demand": np.full((1, N), 10_000.0)}
    before = solved(dc_tiny(**base, fleet_mw_per_unit=None))
    after = solved(dc_tiny(**base, legacy=[5.0, 5.0, 5.0], headroom=0.0))
    for r in (before, after):
        assert r["objective"] == pytest.approx(3 * 4000 * PENALTY, rel=REL)
        assert r["prod"][0] == pytest.approx([6000.0] * N, abs=ABS)
        assert "capacity-datacenter-upper" not in r["m"].constraints
        assert "grid-headroom-upper" not in r["m"].constraints


def test_npv_a_datacenter_module_sells_mw_months() -> None:
    """npv: the investor's 1 MW module ($10M, online 2026) beside 0.5 MW of existing
    capacity, which sells first. The fleet can reach 1.5 MW in 2026 and 2027 (``p1 ≤
    500`` by the 2025 power, ``p2 ≤ 1000`` by demand, e.g. 500, 1,000, 500), so the
    module sells 12 × 1 MW = 12 MW-months a year in 2026 and 2027 at $1M: NPV $24M −
    $10M = $14M (no tax, no salvage). A second module would sell nothing."""
    from tigris.finance.cashflow import sold_wafers

    price = np.zeros((2, N))
    price[1] = 1e6
    inp = dc_tiny(
        existing_mw=0.5,
        demand=1000.0,
        build_dc=True,
        grid_capex=10e6,
        objective="npv",
        price_usd_per_wafer=price,
    )
    r = solved(inp)
    assert r["build"][0, 1].tolist() == [1.0, 0.0, 0.0]
    assert r["objective"] == pytest.approx(14e6, rel=REL)
    sold = r["m"].variables["sold"].solution.values * COUNT_SCALE
    assert sold[0, 1] == pytest.approx([0.0, 12.0, 12.0], abs=ABS)
    # the cash flows' merit order sells the same MW-months
    assert sold_wafers(inp, r["build"], r["prod"])[0, 1] == pytest.approx(
        [0.0, 12.0, 12.0], abs=ABS
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"legacy": [1.5, 0.0, 0.0]}, "legacy_fleet_mw"),
        ({"demand_basis": "stock"}, "demand_basis"),
        ({"fleet_lifetime_years": 0}, "fleet_lifetime_years"),
        ({"fleet_mw_per_unit": np.array([-1.0])}, "fleet_mw_per_unit"),
        ({"headroom": 1.0, "grid_headroom_mw": np.ones((2, N))}, "grid_headroom_mw"),
        ({"headroom": 1.0, "site_region": ("usa", "eu")}, "site_region"),
        ({"headroom": 1.0, "site_region": None}, "site_region"),
    ],
)
def test_bad_power_inputs_name_the_field(changes: dict[str, Any], field: str) -> None:
    """Each bad field is refused with its name (a legacy fleet above the existing 1 MW
    included: the fleet already installed must fit)."""
    with pytest.raises(InputError, match=field):
        dc_tiny(**changes)


def test_npv_datacenter_types_sell_from_one_pool_best_margin_first() -> None:
    """npv with a grid module ($10M, margin $1M per MW-month; 1 MW of grid headroom, so
    one at most) and an on-site gas module ($5M, energy $0.5M per MW-month: margin
    $0.5M) and demand 1,000, 1,500, 1,000.
    The fleet reaches 0.5 MW in 2025 (existing), 2.0 MW in 2026 (500 + 1,500) and 2.5
    MW in 2027 (1,500 + 1,000): the investor sells 12 × 1.5 = 18 MW-months in 2026,
    the grid module's 12 first (better margin) and 6 from gas, and 24 in 2027 (12 +
    12). NPV: 24 × $1M + 18 × $0.5M − $15M = $18M (grid alone: $24M − $10M = $14M;
    gas alone: 24 × $0.5M − $5M = $7M). The cash flows' merit order pools the same way.
    """
    from tigris.finance.cashflow import sold_wafers

    price, vc = np.zeros((3, N)), np.zeros((3, N))
    price[1:] = 1e6
    vc[2] = 0.5e6
    inp = dc_tiny(
        existing_mw=0.5,
        build_dc=True,
        gas=True,
        grid_capex=10e6,
        gas_capex=5e6,
        headroom=1.0,
        objective="npv",
        price_usd_per_wafer=price,
        variable_cost_usd_per_wafer=vc,
        demand=np.array([[1000.0, 1500.0, 1000.0]]),
    )
    r = solved(inp)
    assert r["build"][0, 1:, 0].tolist() == [1.0, 1.0]
    assert r["objective"] == pytest.approx(18e6, rel=REL)
    want = [[0.0, 12.0, 12.0], [0.0, 6.0, 12.0]]
    sold = r["m"].variables["sold"].solution.values * COUNT_SCALE
    assert sold[0, 1:] == pytest.approx(np.array(want), abs=ABS)
    assert sold_wafers(inp, r["build"], r["prod"])[0, 1:] == pytest.approx(np.array(want), abs=ABS)


def _logic_only(**changes: Any) -> PlanInputs:
    """One logic facility (5 wspm: 6,000 accelerators a year), no datacenter."""
    base = _logic_fields() | {"variable_cost_usd_per_wafer": np.ones((1, N))}
    return dc_tiny(**(base | changes))


def test_installed_demand_is_a_stock_served_by_the_fleet_in_service() -> None:
    """``demand_basis: installed``: demand 4,000, 12,000, 12,000 H100e in service, a
    legacy fleet of 1,000 in 2025 (retired after), 6,000 made a year at most, $1 a
    wafer (0.01 per accelerator). 2025: 1,000 legacy + p1 ≥ 4,000 and p1 ≤ 4,000 (a
    year's deliveries within its demand): p1 = 4,000. 2026: p1 + p2 ≤ 10,000: 2,000
    short. 2027: p2 + p3 = 12,000 with p2 = p3 = 6,000 (p2 = 6,000 is also the most
    for 2026): nothing short. Objective 2,000 × $30,000 + 160 wafers × $1. Delivered
    basis on the same numbers: 0, 6,000 and 6,000 short."""
    stock = np.array([[4000.0, 12000.0, 12000.0]])
    legacy = {"fleet_h100e_legacy": np.array([1000.0, 0.0, 0.0])}
    inp = _logic_only(demand=stock, demand_basis="installed", **legacy)
    r = solved(inp)
    assert r["prod"][0] == pytest.approx([4000.0, 6000.0, 6000.0], abs=ABS)
    unmet = r["m"].variables["unmet"].solution.values[0] * COUNT_SCALE
    assert unmet == pytest.approx([0.0, 2000.0, 0.0], abs=ABS)
    assert r["objective"] == pytest.approx(2000 * PENALTY + 160.0, rel=REL)
    assert served_without_builds(inp)[0] == pytest.approx([0.0, 2000.0, 0.0], abs=ABS)
    flow = solved(_logic_only(demand=stock, **legacy))
    unmet = flow["m"].variables["unmet"].solution.values[0] * COUNT_SCALE
    assert unmet == pytest.approx([0.0, 6000.0, 6000.0], abs=ABS)
