"""The planner on tiny problems whose optimum is derived by hand in each docstring.

Every problem uses one product of 1 H100e that needs 0.01 logic wafers per unit, so
one wafer start per month (12 wafers a year) makes 1,200 H100e a year, and the
penalty is $30,000 per unmet H100e at priority 1. Objective values are exact
arithmetic; the tolerance (1e-6 relative) only covers HiGHS's feasibility tolerances.

Salvage (issue 11): a module is sold at its book value at the end of the horizon, in
the year after it. The modules here are all equipment written off over one year
(``equipment_life_years=1``) from their first year of output, so a module that
produces within the horizon has no book value left and its capex counts in full; one
that has not produced yet is sold at what it cost, so at a 0% rate it costs nothing.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.plan import PlanInputs, solve_inputs

PENALTY = 30_000.0
REL = 1e-6


def tiny(
    n_years: int = 2,
    *,
    sites: int = 1,
    existing_wspm: float = 0.0,
    demand: float | list[float] = 500_000.0,
    capital: list[float] | None = None,
    capex: float = 1e9,
    opex: float = 1e8,
    spend: tuple[float, ...] = (1.0,),
    output: tuple[float, ...] = (0.0, 1.0),
    module_wspm: float = 1000.0,
    euv_tools: float = 0.0,
    euv_supply: float = 100.0,
    max_modules: float = np.inf,
    min_modules: float = 0.0,
    power_mw: float = 0.0,
    power_limit_mw: float = np.inf,
    discount_rate: float = 0.0,
    classes: tuple[tuple[str, float, float], ...] | None = None,
    **extra: Any,
) -> PlanInputs:
    """A one-product, one-logic-node problem; every argument is a hand-checkable number."""
    years = np.arange(2025, 2025 + n_years)
    dem = np.broadcast_to(np.asarray(demand, dtype=float), (n_years,))
    if classes is None:
        names, prio, dem2 = ("all",), np.ones(1), dem[None, :]
    else:
        names = tuple(c[0] for c in classes)
        prio = np.array([c[1] for c in classes])
        dem2 = np.array([[c[2]] * n_years for c in classes])
    cap = np.zeros((1, n_years))
    cap[0, : len(capital or [100e9])] = capital or [100e9]
    n_lag = max(len(spend), len(output))
    sp = np.zeros(n_lag)
    sp[: len(spend)] = spend
    out = np.full(n_lag, output[-1])
    out[: len(output)] = output
    s = sites
    kwargs: dict[str, Any] = {
        "years": years,
        "sites": tuple(f"site{i}" for i in range(s)),
        "facilities": ("logic-N5",),
        "facility_kind": ("logic",),
        "facility_node": ("N5",),
        "products": ("chip",),
        "classes": names,
        "sources": ("fund",),
        "h100e": np.ones(1),
        "use": np.full((1, 1), 0.01),
        "available": np.ones((1, n_years), dtype=bool),
        "min_share": np.zeros((1, n_years)),
        "max_share": np.ones((1, n_years)),
        "system_power_w": np.full(1, 1000.0),
        "existing": np.full((1, n_years), existing_wspm),
        "demand": dem2,
        "priority": prio,
        "penalty_usd_per_h100e": PENALTY,
        "allowed": np.ones((s, 1), dtype=bool),
        "module_capacity": np.full((s, 1), module_wspm),
        "capex_usd": np.full((s, 1), capex),
        "subsidy_usd": np.zeros((s, 1)),
        "spend": np.tile(sp, (s, 1, 1)),
        "output": np.tile(out, (s, 1, 1)),
        "opex_usd_per_year": np.full((s, 1), opex),
        "euv_tools": np.full((s, 1), euv_tools),
        "high_na_tools": np.zeros((s, 1)),
        "power_mw": np.full((s, 1), power_mw),
        "max_modules": np.full(s, max_modules),
        "min_modules": np.full(s, min_modules),
        "power_limit_mw": np.full(s, power_limit_mw),
        "euv_supply": np.full(n_years, euv_supply),
        "high_na_supply": np.zeros(n_years),
        "capital_usd": cap,
        "discount_rate": discount_rate,
        "base_year": 2025,
        "equipment_life_years": 1.0,  # written off in its first year of output
    }
    kwargs.update(extra)
    return PlanInputs(**kwargs)


def modules(result: Any) -> dict[int, float]:
    """Modules started per year (all sites)."""
    return result.builds.groupby("start_year")["modules"].sum().to_dict()


def unmet(result: Any) -> list[float]:
    return result.demand.groupby("year")["unmet_h100e"].sum().tolist()


def test_one_site_one_node_two_years() -> None:
    """Build once in year 1 to serve year 2; year 1 is short by the lead time.

    Existing 100 wspm = 1,200 wafers/yr = 120,000 H100e/yr against 500,000 demanded.
    A 1,000-wspm module started in 2025 costs $1B in 2025 and gives 1.2M H100e/yr from
    2026 at $0.1B/yr opex. Options:

    - no build: 2 x 380,000 x $30,000 = $22.8B;
    - build in 2025: 380,000 x $30,000 + $1B + $0.1B = $12.5B (optimum); written off
      in 2026, its first year of output, so no salvage;
    - build in 2026: no output within the horizon. It spends $1B in 2026 and is sold
      at its book value, $1B (not yet depreciated), in 2027: at 0% it costs $0 and
      serves nothing, so it is neither better nor worse (before salvage it cost $1B).
      Only the 2025 start is fixed by the optimum.
    """
    r = solve_inputs(tiny(existing_wspm=100.0), mip_gap=0.0)
    assert r.status == "optimal"
    assert r.objective_usd == pytest.approx(12.5e9, rel=REL)
    assert modules(r).get(2025) == 1
    assert unmet(r) == pytest.approx([380_000.0, 0.0], abs=1e-3)
    prod = r.production["units"].tolist()
    assert prod == pytest.approx([120_000.0, 500_000.0], rel=REL)
    assert r.builds["online_year"].tolist() == [2026]
    assert r.builds["capacity"].tolist() == [1000.0]
    terms = r.objective_terms_usd
    assert terms["capex"] == pytest.approx(1e9 * modules(r).get(2026, 1), rel=REL)
    assert terms["salvage"] == pytest.approx(-1e9 * modules(r).get(2026, 0), rel=REL)
    assert terms["opex"] == pytest.approx(1e8, rel=REL)
    assert terms["unmet_penalty"] == pytest.approx(11.4e9, rel=REL)
    assert terms["variable_cost"] == 0.0


def test_discounting() -> None:
    """Same problem at a 10% discount rate: opex in 2026 is worth 0.1B / 1.1.

    Objective = 380,000 x 30,000 + 1e9 + 1e8 / 1.1 = 12,490,909,090.9.
    """
    r = solve_inputs(tiny(existing_wspm=100.0, discount_rate=0.1), mip_gap=0.0)
    assert r.objective_usd == pytest.approx(11.4e9 + 1e9 + 1e8 / 1.1, rel=REL)


def test_budget_that_binds() -> None:
    """2.4M H100e demanded in 2026 only; each module serves 1.2M, so two are needed.

    With $1.5B (one $1B module) only one is built: 1.2M unmet in 2026, objective
    $1B + $0.1B opex + 1.2M x $30,000 = $37.1B. With $2B, two modules: $2.2B.
    """
    low = solve_inputs(tiny(demand=[0.0, 2.4e6], capital=[1.5e9]), mip_gap=0.0)
    assert modules(low) == {2025: 1}
    assert unmet(low) == pytest.approx([0.0, 1.2e6], rel=REL)
    assert low.objective_usd == pytest.approx(37.1e9, rel=REL)
    assert any(e.kind == "capital" for e in low.binding), low.binding
    high = solve_inputs(tiny(demand=[0.0, 2.4e6], capital=[2e9]), mip_gap=0.0)
    assert modules(high) == {2025: 2}
    assert high.objective_usd == pytest.approx(2.2e9, rel=REL)
    assert high.binding[0].kind == "met"  # ($2B is then fully spent, so capital binds too)
    assert "met" not in [e.kind for e in low.binding]
    assert high.capex["capex_usd"].sum() == pytest.approx(2e9, rel=REL)


def test_capital_arriving_too_late() -> None:
    """The same $2B offered only in 2026: money does not flow backwards in time.

    Nothing can start in 2025, a 2026 start produces nothing within the horizon, so
    2.4M H100e go unmet: objective 2.4M x $30,000 = $72B. (A 2026 start is sold at
    cost in 2027: at 0% it costs nothing and serves nothing, so it may or may not be
    built; none can start in 2025.)
    """
    r = solve_inputs(tiny(demand=[0.0, 2.4e6], capital=[0.0, 2e9]), mip_gap=0.0)
    assert 2025 not in modules(r)
    assert r.objective_usd == pytest.approx(72e9, rel=REL)


def test_lead_time_forces_unmet_demand_in_year_one() -> None:
    """No existing supply: year 1's 100,000 H100e are unmet whatever is built.

    Build one module in 2025 (online 2026): objective 100,000 x $30,000 + $1B + $0.1B
    = $4.1B, and the year-1 shortage is explained as lead time.
    """
    r = solve_inputs(tiny(demand=100_000.0), mip_gap=0.0)
    assert unmet(r) == pytest.approx([100_000.0, 0.0], abs=1e-3)
    assert r.objective_usd == pytest.approx(4.1e9, rel=REL)
    kinds = {(e.kind, e.year) for e in r.binding}
    assert ("lead_time", 2025) in kinds, r.binding


def test_ramp_profile_with_tail() -> None:
    """A module ramping 0 -> 50% -> 100% over its first three years, four years shown.

    One $1B module allowed by a $1B budget, started 2025: capacity 0, 500, 1000, 1000
    wspm -> 0, 600,000, 1.2M, 1.2M H100e/yr against 2M demanded each year. The last
    value of the ramp holds after the profile ends (written through ``modules``).
    Objective: $1B + opex 0.1B x (0.5 + 1 + 1) + $30,000 x (2 + 1.4 + 0.8 + 0.8)M
    = $1.25B + $150B = $151.25B.
    """
    r = solve_inputs(tiny(4, demand=2e6, capital=[1e9], output=(0.0, 0.5, 1.0)), mip_gap=0.0)
    assert modules(r) == {2025: 1}
    served = r.production.groupby("year")["h100e"].sum().tolist()
    assert served == pytest.approx([0.0, 6e5, 1.2e6, 1.2e6], rel=REL, abs=1e-3)
    assert r.objective_usd == pytest.approx(1.25e9 + 150e9, rel=REL)


def test_spend_spread_over_construction_years() -> None:
    """Capex spent 25% / 75% over two years, output from year 3.

    $1B module started 2025: $0.25B drawn in 2025 and $0.75B in 2026.
    """
    r = solve_inputs(
        tiny(3, demand=[0.0, 0.0, 1e6], spend=(0.25, 0.75), output=(0.0, 0.0, 1.0)),
        mip_gap=0.0,
    )
    assert modules(r) == {2025: 1}
    assert r.capex["capex_usd"].tolist() == pytest.approx([0.25e9, 0.75e9, 0.0], abs=1.0)


def test_euv_supply_binds() -> None:
    """Each module needs 2 EUV scanners, 3 are available per year.

    2.4M H100e demanded in 2026 needs two modules started in 2025, but only one
    module's scanners (2 of 3) can be delivered in 2025: 1.2M unmet, objective $37.1B,
    and EUV is reported binding.
    """
    r = solve_inputs(tiny(demand=[0.0, 2.4e6], euv_tools=2.0, euv_supply=3.0), mip_gap=0.0)
    assert modules(r).get(2025) == 1  # a 2026 start: a $0 tie
    assert r.objective_usd == pytest.approx(37.1e9, rel=REL)
    assert r.tools.query("tool == 'euv' and year == 2025")["used"].item() == 2.0
    assert any(e.kind == "euv" for e in r.binding), r.binding


def test_site_module_limit() -> None:
    """Two sites of at most one module each serve the 2.4M H100e two modules can.

    Three would be needed for 3.6M: one stays unserved -> 1.2M x $30,000 + 2 x $1.1B
    = $38.2B; both sites are reported full.
    """
    r = solve_inputs(tiny(sites=2, demand=[0.0, 3.6e6], max_modules=1.0), mip_gap=0.0)
    assert r.builds.groupby("site")["modules"].sum().tolist() == [1, 1]
    assert r.objective_usd == pytest.approx(38.2e9, rel=REL)
    assert sum(e.kind == "site_modules" for e in r.binding) == 2


def test_site_power_limit() -> None:
    """Modules draw 300 MW each at full output; a 700 MW site fits two, not three.

    The reason names the years from the two modules' start (2025, each taking its full
    MW from its start: user test 2026-12-06 power #1) and their MW, 2 x 300 = 600 of 700.
    """
    r = solve_inputs(tiny(demand=[0.0, 3.6e6], power_mw=300.0, power_limit_mw=700.0), mip_gap=0.0)
    assert modules(r).get(2025) == 2  # a 2026 start: a $0 tie
    world = r.power[r.power["region"] == "world"]
    assert world["fab_power_mw"].tolist() == pytest.approx([0.0, 600.0])
    (why,) = [e for e in r.binding if e.kind == "site_power"]
    assert why.year == 2025
    assert "at its power limit in 2025–2026: new fabs started there take 600 of 700" in why.text


def test_priorities_decide_who_goes_short() -> None:
    """1.2M H100e of supply, 1M demanded by each of two classes (priority 2 and 3).

    The priority-3 class is served in full, the priority-2 class gets 0.2M: the
    penalty $30,000 x 2 x 0.8M = $48B is the least possible (short on the other class
    would cost $72B). The low-priority class is listed first and neither weight is 1,
    so neither a solver tie-break nor a model that ignores priorities ($24B) can pass.
    (No capital: nothing is built.)
    """
    r = solve_inputs(
        tiny(
            1,
            existing_wspm=1000.0,
            capital=[0.0],
            classes=(("fine-tuning", 2.0, 1e6), ("training", 3.0, 1e6)),
        ),
        mip_gap=0.0,
    )
    d = r.demand.set_index("demand_class")
    assert d.loc["training", "unmet_h100e"] == pytest.approx(0.0, abs=1e-3)
    assert d.loc["fine-tuning", "unmet_h100e"] == pytest.approx(8e5, rel=REL)
    assert r.objective_usd == pytest.approx(48e9, rel=REL)
    assert r.objective_terms_usd["unmet_penalty"] == pytest.approx(48e9, rel=REL)


def test_product_mix_lower_share() -> None:
    """Two products: 'big' (2 H100e, 0.01 wafers) and 'old' (1 H100e, 0.01 wafers).

    1,000 wspm existing = 12,000 wafers = 1.2M units a year. Unconstrained, all are
    'big' (2.4M H100e). With 'old' at least 50% of compute: 2x + y = H, y >= H/2 and
    x = y/2 at the wafer limit x + y = 1.2M -> y = 0.8M, x = 0.4M, H = 1.6M.
    """
    base = {
        "products": ("big", "old"),
        "h100e": np.array([2.0, 1.0]),
        "use": np.full((2, 1), 0.01),
        "available": np.ones((2, 1), dtype=bool),
        "max_share": np.ones((2, 1)),
        "system_power_w": np.full(2, 1000.0),
    }
    free = solve_inputs(
        tiny(1, existing_wspm=1000.0, demand=5e6, min_share=np.zeros((2, 1)), **base)
    )
    assert free.production["h100e"].sum() == pytest.approx(2.4e6, rel=REL)
    mixed = solve_inputs(
        tiny(1, existing_wspm=1000.0, demand=5e6, min_share=np.array([[0.0], [0.5]]), **base)
    )
    units = mixed.production.set_index("product")["units"]
    assert units["big"] == pytest.approx(4e5, rel=REL)
    assert units["old"] == pytest.approx(8e5, rel=REL)


def test_relaxation_builds_fractional_modules() -> None:
    """LP relaxation of the budget case: $1.5B buys 1.5 modules, 1.8M H100e in 2026.

    Objective 1.5 x $1.1B + 0.6M x $30,000 = $19.65B, below the MILP's $37.1B.
    """
    r = solve_inputs(tiny(demand=[0.0, 2.4e6], capital=[1.5e9]), relax=True)
    assert r.relaxed
    assert modules(r)[2025] == pytest.approx(1.5, rel=REL)
    assert r.objective_usd == pytest.approx(19.65e9, rel=REL)


def test_infeasible_commitment_is_explained() -> None:
    """Two modules must be built but only $1B (one module) is offered: infeasible.

    The deletion filter finds that dropping the capital limit restores feasibility.
    """
    r = solve_inputs(tiny(capital=[1e9], min_modules=2.0))
    assert r.status == "infeasible"
    assert not r.ok
    texts = " ".join(e.text for e in r.binding)
    assert "capital" in texts and "site0" in texts, r.binding
    assert len(r.builds) == 0


def test_brute_force_two_sites() -> None:
    """Independent cross-check: enumerate every build plan on a 2-site, 3-year toy.

    Sites differ in capex ($1B vs $1.3B), both ramp 0 -> 1 after a year, 2 EUV tools
    per module with 3 a year, $2.5B of capital in 2025 and $1B in 2026, demand 1M,
    2M, 3.5M H100e. For each of the 4^4 plans of 0-3 modules per site in 2025 and 2026
    (2027 starts produce nothing and, sold at cost in 2028, cost nothing at 0%; 2025
    and 2026 starts are written off by 2027, so no salvage), the best production is
    min(capacity, demand), so the objective is a closed form; the MILP optimum must
    equal the enumerated minimum.
    """
    kw = {
        "sites": 2,
        "demand": [1e6, 2e6, 3.5e6],
        "capital": [2.5e9, 1e9],
        "euv_tools": 2.0,
        "euv_supply": 3.0,
    }
    inp = tiny(3, **kw)
    inp = inp.replace(capex_usd=np.array([[1e9], [1.3e9]]))
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)

    best = np.inf
    capex = np.array([1e9, 1.3e9])
    dem = np.array(kw["demand"])
    for a0, a1, b0, b1 in np.ndindex(4, 4, 4, 4):
        start = np.array([[a0, a1], [b0, b1]])  # site x year (2025, 2026)
        if np.any(start.sum(axis=0) * 2 > 3):  # EUV per year
            continue
        spent = (start * capex[:, None]).sum(axis=0)
        if spent[0] > 2.5e9 + 1 or spent.sum() > 3.5e9 + 1:  # cumulative capital
            continue
        online = np.array([0, start[:, 0].sum(), start.sum()])  # modules producing
        served = np.minimum(online * 1.2e6, dem)
        opex = 1e8 * online.sum()
        cost = spent.sum() + opex + PENALTY * (dem - served).sum()
        best = min(best, cost)
    assert r.objective_usd == pytest.approx(best, rel=REL)


def test_capital_left_over_by_indivisible_modules_is_explained() -> None:
    """$1.5B offered, modules of $1B at site0; site1's $0.4B module is barred (0 modules).

    The MILP builds one module ($1B) and leaves $0.5B: more than the cheapest module's
    first-year spend, yet less than a module. The explanation must say why money is
    left over, and price more of it by a re-solve (not by an LP dual).
    """
    inp = tiny(
        sites=2,
        demand=[0.0, 2.4e6],
        capital=[1.5e9],
        capex=np.array([[1e9], [0.4e9]]),
        max_modules=np.array([np.inf, 0.0]),
    )
    r = solve_inputs(inp)
    assert modules(r)[2025] == 1
    (cap,) = [e for e in r.binding if e.kind == "capital"]
    assert "drawn $1.00B of the $1.50B" in cap.text
    assert "the $500M left is less than one N5 logic module's net capex ($1.00B)" in cap.text
    # re-solved with $1B more: a second module serves 1.2M H100e, saving
    # 1.2M x $30,000 - $1.1B = $34.9B
    assert "would lower the objective (cost + unmet penalty) by $34.9B" in cap.text, cap.text


def test_no_candidate_sites_is_explained_not_a_crash() -> None:
    """No site may build anything: demand above existing supply is unmet every year and
    the explanation says nothing can be built (not that building would cost too much)."""
    inp = tiny(
        sites=0,
        existing_wspm=100.0,  # 120,000 H100e a year against 500,000 demanded
        allowed=np.ones((0, 1), dtype=bool),
    )
    r = solve_inputs(inp)
    assert unmet(r) == pytest.approx([380_000.0] * 2, rel=REL)
    texts = [e.text for e in r.binding]
    assert any("no candidate site may build more" in t for t in texts), texts
    assert not any(e.kind == "economics" for e in r.binding), texts


def test_production_never_exceeds_demand() -> None:
    """Supply above demand: nothing is made beyond what is served.

    Existing 1,000 wspm = 12,000 wafers = 1.2M H100e a year against 1.0M demanded, no
    capital. Production costs nothing in the objective, so only an exact balance
    (served + unmet = demand) stops the solver from reporting 1.2M made. Served 1.0M,
    so 1.0M units x 1,000 W x PUE 1 = 1,000 MW of compute power, and 1.0M x 0.01 / 12
    = 833.33 of the 1,000 wspm used.
    """
    r = solve_inputs(tiny(1, existing_wspm=1000.0, demand=1e6, capital=[0.0]), mip_gap=0.0)
    assert r.production["units"].sum() == pytest.approx(1e6, rel=REL)
    assert r.production["h100e"].sum() == pytest.approx(1e6, rel=REL)
    assert unmet(r) == pytest.approx([0.0], abs=1e-3)
    world = r.power[r.power["region"] == "world"]
    assert world["facility_mw_needed"].tolist() == pytest.approx([1000.0], rel=REL)
    cap = r.capacity.query("facility == 'logic'")
    assert cap["used"].sum() == pytest.approx(1e6 * 0.01 / 12, rel=REL)


def test_capacity_counts_finished_wafers() -> None:
    """A 1,000-wspm module whose line yield is 0.98 makes 1,000 x 12 x 0.98 = 11,760
    finished wafers a year = 1,176,000 H100e at 0.01 wafers each, not 1.2M.

    $1B buys one module (started 2025, online 2026) against 2M demanded in 2026:
    served 1.176M, unmet 0.824M, and the module's capacity is fully used.
    """
    inp = tiny(demand=[0.0, 2e6], capital=[1e9], module_yield=np.full((1, 1), 0.98))
    r = solve_inputs(inp, mip_gap=0.0)
    assert modules(r) == {2025: 1}
    assert r.production["h100e"].tolist() == pytest.approx([0.0, 1.176e6], rel=REL, abs=1e-3)
    assert unmet(r) == pytest.approx([0.0, 0.824e6], rel=REL)
    used = r.capacity.query("year == 2026 and site == 'site0'")
    assert (used["used"] / used["available"]).item() == pytest.approx(1.0, rel=REL)


def test_same_optimum_under_linopy_v1_arithmetic() -> None:
    """The model is built with linopy's public arithmetic and no absent slots, so it
    means the same under linopy's v1 convention (where absence propagates) as under
    the legacy one: the first case's hand-derived $12.5B optimum again."""
    linopy = pytest.importorskip("linopy")
    if "semantics" not in getattr(linopy.options, "_defaults", {}):
        pytest.skip("this linopy has one arithmetic convention only")
    with linopy.options:
        linopy.options["semantics"] = "v1"
        r = solve_inputs(tiny(existing_wspm=100.0), mip_gap=0.0, explain_result=False)
    assert r.objective_usd == pytest.approx(12.5e9, rel=REL)
    assert modules(r).get(2025) == 1  # a 2026 start: a $0 tie


def test_the_plan_pays_capex_net_of_subsidy() -> None:
    """A $1B module with a $0.4B subsidy costs the plan $0.6B, in money and objective.

    Existing 100 wspm serve 120,000 of 500,000 H100e a year. $0.6B of capital in 2025
    pays for the module only net of the subsidy; built in 2025 it serves 2026 in full:
    objective 380,000 x $30,000 + $0.6B + $0.1B opex = $12.1B (capex term $0.6B), the
    fund draws $0.6B and the subsidy $0.4B. Paying gross, the module is unaffordable
    (objective 2 x $11.4B = $22.8B) or, if only the objective were gross, $12.5B.
    """
    inp = tiny(existing_wspm=100.0, capital=[0.6e9], subsidy_usd=np.full((1, 1), 0.4e9))
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert modules(r) == {2025: 1}
    assert r.objective_usd == pytest.approx(12.1e9, rel=REL)
    assert r.objective_terms_usd["capex"] == pytest.approx(0.6e9, rel=REL)
    by_source = r.capex.groupby("source")["capex_usd"].sum()
    assert by_source["fund"] == pytest.approx(0.6e9, rel=REL)
    assert by_source["subsidy"] == pytest.approx(0.4e9, rel=REL)


def test_opex_is_discounted_from_the_year_it_is_spent() -> None:
    """Opex of a ramping module, discounted year by year at 10%.

    One $1B module, started 2025 (forced: 3M H100e demanded a year, existing 0, so
    building is worth it), output 0, 50%, 100%, 100% of 1,000 wspm in 2025-2028, opex
    $0.1B a year at full output. Opex PV = 0.1B x (0.5 / 1.1 + 1 / 1.1^2 + 1 / 1.1^3)
    = $0.1023B; an opex discounted one year early or late is off by 10%.
    """
    inp = tiny(4, demand=3e6, capital=[1e9], output=(0.0, 0.5, 1.0), discount_rate=0.1)
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert modules(r) == {2025: 1}
    opex_pv = 0.1e9 * (0.5 / 1.1 + 1 / 1.1**2 + 1 / 1.1**3)
    assert r.objective_terms_usd["opex"] == pytest.approx(opex_pv, rel=REL)
    assert r.objective_terms_usd["capex"] == pytest.approx(1e9, rel=REL)
    served = np.array([0.0, 0.6e6, 1.2e6, 1.2e6])
    penalty = PENALTY * ((3e6 - served) / 1.1 ** np.arange(4)).sum()
    assert r.objective_usd == pytest.approx(1e9 + opex_pv + penalty, rel=REL)


def test_opex_of_a_later_start_is_discounted_from_the_calendar_year() -> None:
    """The same module, started in 2026 because the $1B is released only then.

    Output 0, 50%, 100% in 2026-2028: opex PV = 0.1B x (0.5 / 1.1^2 + 1 / 1.1^3), capex
    PV = $1B / 1.1. Discounting a module's opex from its own start year instead of the
    calendar year (0.5 / 1.1 + 1 / 1.1^2) passed the 2025-start test above.
    """
    inp = tiny(4, demand=3e6, capital=[0.0, 1e9], output=(0.0, 0.5, 1.0), discount_rate=0.1)
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert modules(r) == {2026: 1}
    opex_pv = 0.1e9 * (0.5 / 1.1**2 + 1 / 1.1**3)
    assert r.objective_terms_usd["opex"] == pytest.approx(opex_pv, rel=REL)
    assert r.objective_terms_usd["capex"] == pytest.approx(1e9 / 1.1, rel=REL)
    served = np.array([0.0, 0.0, 0.6e6, 1.2e6])
    penalty = PENALTY * ((3e6 - served) / 1.1 ** np.arange(4)).sum()
    assert r.objective_usd == pytest.approx(1e9 / 1.1 + opex_pv + penalty, rel=REL)


def test_a_module_started_in_the_last_year_is_not_uneconomic_for_the_horizon() -> None:
    """A $40B module with output from its start year, built in 2026, the last year.

    Demand 1.2M H100e in 2026 only (0 in 2025), no existing capacity, 10% a year, no
    depreciation (the default: the book value stays what was spent). The module spends
    $40B in 2026 and is sold at its book value, $40B, in 2027; its cost is only the
    discounting between the two: capex 40B / 1.1 = $36.364B, salvage -40B / 1.1^2 =
    -$33.058B, opex 0.1B / 1.1 = $0.091B; objective $3.397B against a penalty of
    1.2M x $30,000 / 1.1 = $32.727B unserved. Counting the capex without salvage (the
    old accounting) it cost $36.455B > $32.727B, so it was not built: the horizon
    alone made it look uneconomic.
    """
    inp = tiny(
        demand=[0.0, 1.2e6],
        capex=40e9,
        capital=[40e9],
        output=(1.0,),
        discount_rate=0.1,
        equipment_life_years=None,
    )
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert modules(r) == {2026: 1}
    terms = r.objective_terms_usd
    assert terms["capex"] == pytest.approx(40e9 / 1.1, rel=REL)
    assert terms["salvage"] == pytest.approx(-40e9 / 1.1**2, rel=REL)
    assert terms["opex"] == pytest.approx(0.1e9 / 1.1, rel=REL)
    assert r.objective_usd == pytest.approx(40e9 / 1.1 - 40e9 / 1.21 + 0.1e9 / 1.1, rel=REL)
    assert unmet(r) == pytest.approx([0.0, 0.0], abs=1e-3)


def test_capex_after_the_horizon_is_not_counted() -> None:
    """A module forced to start in 2026, the last year, spending half its $1B in 2026
    and half in 2027 (after the horizon), output from 2028; no demand; 10% a year.

    Only the 2026 half is spent within the horizon, $0.5B / 1.1 = $0.45455B, and the
    module is sold at that book value (no output, so no depreciation) in 2027:
    -$0.5B / 1.21 = -$0.41322B. Objective $0.04132B; counting the 2027 half too (the
    old accounting) gave 0.5B / 1.1 + 0.5B / 1.21 = $0.86777B.
    """
    inp = tiny(
        demand=[0.0, 0.0],
        spend=(0.5, 0.5),
        output=(0.0, 0.0, 1.0),
        discount_rate=0.1,
        min_build=np.array([[[0.0, 1.0]]]),
    )
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False, counterfactual=False)
    assert modules(r) == {2026: 1}
    assert r.objective_terms_usd["capex"] == pytest.approx(0.5e9 / 1.1, rel=REL)
    assert r.objective_terms_usd["salvage"] == pytest.approx(-0.5e9 / 1.21, rel=REL)
    assert r.objective_usd == pytest.approx(0.5e9 / 1.1 - 0.5e9 / 1.21, rel=REL)


def test_salvage_is_the_book_value_after_straight_line_depreciation() -> None:
    """The first problem at 10%, the $1B module half equipment (2-year life), half
    building (10-year life), started 2025 and producing from 2026.

    Depreciation from 2026, the first year of output: 0.5/2 + 0.5/10 = 30% of $1B;
    book value at the end of 2026 $0.7B, received in 2027: salvage -0.7B / 1.1^2.
    Objective 380,000 x $30,000 (2025, undiscounted) + $1B - 0.7B / 1.21 + 0.1B / 1.1
    = $11.4B + $1B - $0.5785B + $0.0909B = $11.9124B.
    """
    inp = tiny(
        existing_wspm=100.0,
        discount_rate=0.1,
        equipment_share=np.full((1, 1), 0.5),
        equipment_life_years=2.0,
        building_life_years=10.0,
    )
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert modules(r) == {2025: 1}
    assert r.objective_terms_usd["salvage"] == pytest.approx(-0.7e9 / 1.21, rel=REL)
    want = 11.4e9 + 1e9 - 0.7e9 / 1.21 + 0.1e9 / 1.1
    assert r.objective_usd == pytest.approx(want, rel=REL)


def test_existing_capacity_is_no_longer_free() -> None:
    """Variable cost per finished wafer on every wafer used, existing capacity too.

    Existing 100 wspm = 1,200 wafers a year, no capital, demand 500,000 a year. At
    $5,000 a wafer (50 per H100e, below the $30,000 penalty) all 120,000 H100e a year
    are made: objective 2 x 380,000 x $30,000 + 2 x 1,200 x $5,000 = $22.812B. At $4M
    a wafer ($40,000 per H100e, above the penalty) nothing is made: 2 x 500,000 x
    $30,000 = $30B.
    """
    cheap = tiny(
        existing_wspm=100.0, capital=[0.0], variable_cost_usd_per_wafer=np.full((1, 2), 5e3)
    )
    r = solve_inputs(cheap, mip_gap=0.0, explain_result=False)
    assert r.objective_usd == pytest.approx(22.8e9 + 12e6, rel=REL)
    assert r.objective_terms_usd["variable_cost"] == pytest.approx(12e6, rel=REL)
    dear = cheap.replace(variable_cost_usd_per_wafer=np.full((1, 2), 4e6))
    r = solve_inputs(dear, mip_gap=0.0, explain_result=False)
    assert r.objective_usd == pytest.approx(30e9, rel=REL)
    assert r.production["units"].sum() == pytest.approx(0.0, abs=1e-3)


def test_penalty_by_year_and_served_share() -> None:
    """A penalty per year, and a floor on the share of the horizon's demand served.

    No capital, existing 100 wspm: 380,000 H100e unmet in each of two years. At $30,000
    then $60,000 an H100e: 380,000 x 90,000 = $34.2B. Then existing 1,000 wspm (1.2M
    a year, more than the 500,000 demanded) at $4M a wafer ($40,000 per H100e, above
    the $30,000 penalty): nothing is made unless at least 10% of the 1M demanded over
    the horizon must be served: 100,000 x $40,000 + 900,000 x $30,000 = $31B.
    """
    inp = tiny(existing_wspm=100.0, capital=[0.0], penalty_usd_per_h100e=[3e4, 6e4])
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert r.objective_usd == pytest.approx(380_000 * 90_000, rel=REL)
    floor = tiny(
        existing_wspm=1000.0,
        capital=[0.0],
        variable_cost_usd_per_wafer=np.full((1, 2), 4e6),
        min_served_share=0.1,
    )
    r = solve_inputs(floor, mip_gap=0.0, explain_result=False)
    assert r.demand["served_h100e"].sum() == pytest.approx(1e5, rel=REL)
    assert r.objective_usd == pytest.approx(31e9, rel=REL)


def test_bill_of_materials_by_year() -> None:
    """``use`` given per year: the wafers per part fall from 0.01 to 0.005 to 0.004.

    Existing 100 wspm = 1,200 wafers a year, no capital, demand 500,000 a year: served
    1,200 / 0.01 = 120,000, then 1,200 / 0.005 = 240,000, then 1,200 / 0.004 = 300,000
    H100e. With the 2025 bill held in every year (a (P, K) ``use``) all three would be
    120,000. The capacity table's used wafers are the full 100 wspm every year.
    """
    use = np.array([[[0.01, 0.005, 0.004]]])
    inp = tiny(3, existing_wspm=100.0, capital=[0.0], use=use)
    assert inp.use.shape == (1, 1, 3)
    r = solve_inputs(inp, mip_gap=0.0)
    served = r.demand.groupby("year")["served_h100e"].sum().tolist()
    assert served == pytest.approx([120_000.0, 240_000.0, 300_000.0], rel=REL)
    used = r.capacity.query("site == 'existing'")["used"].tolist()
    assert used == pytest.approx([100.0] * 3, rel=REL)
    short = [e for e in r.binding if e.kind == "capacity"]
    assert short and "N5 logic capacity is fully used" in short[0].text, r.binding
    flat = solve_inputs(tiny(3, existing_wspm=100.0, capital=[0.0]), mip_gap=0.0)
    assert flat.demand["served_h100e"].tolist() == pytest.approx([120_000.0] * 3, rel=REL)


def test_use_of_the_wrong_shape_is_refused() -> None:
    """A (P, K, T) ``use`` with the wrong number of years names the field and shape."""
    with pytest.raises(InputError, match=r"use has shape \(1, 1, 2\), expected \(1, 1, 3\)"):
        tiny(3, use=np.full((1, 1, 2), 0.01))


def two_owners(
    investor_usd: float,
    tsmc_usd: float,
    demand: list[float] | None = None,
    max_modules: Any = 1.0,
    **extra: Any,
) -> PlanInputs:
    """Two sites, one per owner (site0 the investor's, site1 TSMC's), each owner with
    its own source; at most one module per site (unless given); demand 3M H100e in 2026
    only (unless given)."""
    cap = np.array([[investor_usd, 0.0], [tsmc_usd, 0.0]])
    return tiny(
        sites=2,
        demand=[0.0, 3e6] if demand is None else demand,
        max_modules=max_modules,
        sources=("fund", "tsmc-capex"),
        capital_usd=cap,
        site_owner=("investor", "tsmc"),
        source_owner=("investor", "tsmc"),
        **extra,
    )


def test_an_owner_builds_only_with_its_own_money() -> None:
    """The investor has $2B, TSMC nothing; each site takes one $1B module.

    Pooled money would build both modules (2.4M H100e in 2026; objective 2 x 1.1B +
    0.6M x $30,000 = $20.2B). Per owner, TSMC's site cannot be paid for: one module at
    site0, 1.2M H100e served, 1.8M short: 1B + 0.1B + 1.8M x $30,000 = $55.1B.
    """
    r = solve_inputs(two_owners(2e9, 0.0), mip_gap=0.0, counterfactual=False)
    assert r.objective_usd == pytest.approx(55.1e9, rel=REL)
    assert r.builds[["site", "owner", "modules"]].values.tolist() == [["site0", "investor", 1]]
    drawn = r.capex.set_index(["source", "year"])["capex_usd"]
    assert drawn[("fund", 2025)] == pytest.approx(1e9, rel=REL)
    assert drawn[("tsmc-capex", 2025)] == pytest.approx(0.0, abs=1e-3)
    assert set(r.capex["owner"]) == {"investor", "tsmc"}


def test_each_owner_pays_for_its_own_site() -> None:
    """$1B each: one module per site, each paid by its owner's source. Objective 2 x
    ($1B + $0.1B opex) + (3M - 2.4M) x $30,000 = $20.2B. The capacity table names the
    owner of each site's capacity; nothing exists before the builds, so there is no
    'existing' row (user test #22: a row with nothing available and nothing used)."""
    r = solve_inputs(two_owners(1e9, 1e9), mip_gap=0.0, counterfactual=False)
    assert r.objective_usd == pytest.approx(20.2e9, rel=REL)
    owners = dict(zip(r.builds["site"], r.builds["owner"], strict=True))
    assert owners == {"site0": "investor", "site1": "tsmc"}
    drawn = r.capex.groupby("source")["capex_usd"].sum()
    assert drawn.to_dict() == pytest.approx({"fund": 1e9, "tsmc-capex": 1e9}, rel=REL)
    cap = r.capacity.query("year == 2026")
    assert dict(zip(cap["site"], cap["owner"], strict=True)) == {
        "site0": "investor",
        "site1": "tsmc",
    }


def test_the_investors_money_does_not_pay_for_an_incumbents_site() -> None:
    """TSMC has $2B and its site room for one module; the investor has nothing: one
    module, at TSMC's site1, paid from TSMC's source: objective $55.1B as above."""
    r = solve_inputs(two_owners(0.0, 2e9), mip_gap=0.0, counterfactual=False)
    assert r.objective_usd == pytest.approx(55.1e9, rel=REL)
    assert r.builds[["site", "owner"]].values.tolist() == [["site1", "tsmc"]]


def test_owner_names_are_checked() -> None:
    """One owner per site and per source, none blank."""
    with pytest.raises(InputError, match="site_owner has 1 entries, expected 2"):
        two_owners(1e9, 1e9).replace(site_owner=("investor",))
    with pytest.raises(InputError, match="source_owner has a blank owner"):
        two_owners(1e9, 1e9).replace(source_owner=("investor", " "))


def test_existing_parts_must_sum_to_existing() -> None:
    """The baseline's parts (standing, announced) add up to the existing capacity."""
    parts = {"incumbent existing": np.array([[60.0, 60.0]]), "x": np.array([[0.0, 30.0]])}
    with pytest.raises(InputError, match="existing_parts must sum to existing"):
        tiny(existing=np.array([[60.0, 100.0]]), existing_parts=parts)
    ok = tiny(existing=np.array([[60.0, 90.0]]), existing_parts=parts)
    assert list(ok.existing_parts) == ["incumbent existing", "x"]


def test_replace_keeps_what_derives_from_a_replaced_attribute_consistent() -> None:
    """Default owners follow new sites; new existing capacity drops its old split; owners
    given explicitly are never guessed for a new site list."""
    one = tiny()
    two = one.replace(
        sites=("a", "b"),
        allowed=np.ones((2, 1), dtype=bool),
        **{k: np.repeat(getattr(one, k), 2, axis=0) for k in SITE_ARRAYS},
    )
    assert two.site_owner == ("investor", "investor")
    parts = {"incumbent existing": np.array([[50.0, 50.0]])}
    split = tiny(existing_wspm=50.0, existing_parts=parts)
    assert split.replace(existing=np.array([[80.0, 80.0]])).existing_parts is None
    owned = two_owners(1e9, 1e9)
    with pytest.raises(InputError, match="site_owner has 2 entries, expected 1"):
        owned.replace(
            sites=("a",),
            allowed=np.ones((1, 1), dtype=bool),
            **{k: getattr(owned, k)[:1] for k in SITE_ARRAYS},
        )


#: Per-site arrays of :class:`PlanInputs` that are always set (first axis = site;
#: ``allowed`` and the optional ``module_yield`` apart).
SITE_ARRAYS = (
    "module_capacity",
    "capex_usd",
    "subsidy_usd",
    "spend",
    "output",
    "opex_usd_per_year",
    "euv_tools",
    "high_na_tools",
    "power_mw",
    "max_modules",
    "min_modules",
    "power_limit_mw",
)
