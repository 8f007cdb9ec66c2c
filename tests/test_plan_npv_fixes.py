"""What an ``npv`` plan reports against the world without the investor, and the capital
offered when there is no plan, on problems solved by hand.

Problems reuse :func:`tests.test_plan_tiny.tiny`: one product of 1 H100e that needs
0.01 logic wafers, so 1 wspm is 12 finished wafers = 1,200 H100e a year.

Defects fixed (user test of 2026-12-03): on the reference, ``tigris plan --objective
npv`` built nothing yet reported -18.9M H100e added, with yearly swings against the
world without the investor (the ``npv`` objective leaves which demand incumbents serve
as a tie, broken by the solver); and a run without a plan said "$0 of capital is
offered" while the reference offers $40.0B.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.test_plan_tiny import tiny
from tigris.plan import PlanInputs, solve_inputs
from tigris.plan import solve as plan_solve

#: Relative tolerance: HiGHS's feasibility tolerance on solves with MIP gap 0 [-].
REL = 1e-6
#: The small example scenario (docs/examples/small-plan.yaml): one fund of $20B.
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def by_year(r: Any, col: str) -> list[float]:
    """Column ``col`` of the demand table summed over classes, per year [H100e/year]."""
    return r.demand.groupby("year", sort=True)[col].sum().tolist()


def unprofitable(**kw: Any) -> PlanInputs:
    """Two years, existing 500 wspm (6,000 wafers = 600,000 H100e a year), no discount.

    Two classes of 300,000 H100e a year each: ``high`` (priority 10) and ``low``
    (priority 1), an unmet penalty of $100 per H100e and a variable cost of $20,000
    per wafer = $200 per H100e made. Serving ``high`` saves 10 x $100 = $1,000 per H100e
    for $200: served; serving ``low`` saves $100 for $200: not served. So the world
    without the investor serves exactly 300,000 H100e a year (half the capacity).

    The wafer price is $0, below the variable cost: a module never pays, so the ``npv``
    plan builds nothing (its NPV is 0) and must serve what that world serves.
    """
    n = 2
    kw.setdefault("capital", [5e9, 0.0])
    return tiny(
        n,
        existing_wspm=500.0,
        classes=(("high", 10.0, 3e5), ("low", 1.0, 3e5)),
        objective="npv",
        penalty_usd_per_h100e=100.0,
        variable_cost_usd_per_wafer=np.full((1, n), 20_000.0),
        price_usd_per_wafer=np.zeros((1, n)),
        **kw,
    )


def solved(inp: PlanInputs, **kw: Any) -> Any:
    kw.setdefault("mip_gap", 0.0)
    r = solve_inputs(inp, explain_result=False, **kw)
    assert r.status == "optimal", r.status
    return r


@pytest.fixture(scope="module")
def nothing_built() -> Any:
    """The ``npv`` plan of :func:`unprofitable`, solved once for the tests below."""
    return solved(unprofitable())


def without_capital(inp: PlanInputs) -> PlanInputs:
    """``inp`` with every source's capital set to zero."""
    return inp.replace(capital_usd=np.zeros_like(np.asarray(inp.capital_usd, dtype=float)))


def test_an_npv_plan_that_builds_nothing_serves_as_the_world_without_it(
    nothing_built: Any,
) -> None:
    """Nothing built: served = baseline = 300,000 H100e a year (by hand, above), added
    0 every year, and the NPV is exactly $0 (no float noise in the objective)."""
    r = nothing_built
    assert len(r.builds) == 0
    assert by_year(r, "served_h100e") == pytest.approx([3e5, 3e5], rel=REL)
    assert by_year(r, "baseline_served_h100e") == pytest.approx([3e5, 3e5], rel=REL)
    assert by_year(r, "added_h100e") == [0.0, 0.0]
    # the high-priority class is the one served
    high = r.demand.query("demand_class == 'high'")["served_h100e"].tolist()
    assert high == pytest.approx([3e5, 3e5], rel=REL)
    assert r.objective_usd == 0.0
    n = r.headline()["numbers"]
    assert n["added_h100e"] == 0.0
    assert n["capital_spent_usd"] == 0.0


def test_the_baseline_is_a_re_solve_with_the_investors_capital_at_zero(
    nothing_built: Any,
) -> None:
    """The baseline column equals what a separate solve of the same problem with the
    investor's capital at zero serves, under either objective (nothing can be built
    there), and the npv plan serves the same."""
    inp = unprofitable()
    r = nothing_built
    for objective in ("npv", "serve"):
        zero = solved(without_capital(inp).replace(objective=objective), counterfactual=False)
        assert len(zero.builds) == 0
        want = by_year(zero, "served_h100e")
        assert by_year(r, "baseline_served_h100e") == pytest.approx(want, rel=REL)
        assert by_year(r, "served_h100e") == pytest.approx(want, rel=REL)


def test_what_an_npv_plan_adds_is_never_negative() -> None:
    """The investor builds: existing 500 wspm (600,000 H100e a year), demand 500,000 in
    2025 and 1.2M in 2026, wafers at $300,000. One module started in 2025 ($1B, $0.1B
    opex in 2026) sells the 6,000 wafers beyond the existing 6,000 in 2026: NPV 6,000 x
    $300,000 / 1.1 - $1B - $0.1B / 1.1 = $0.545B > 0, so it is built. Without it 2025
    serves 500,000 and 2026 600,000; with it 500,000 and 1.2M: added [0, 600,000]."""
    inp = tiny(
        2,
        existing_wspm=500.0,
        demand=[5e5, 1.2e6],
        objective="npv",
        discount_rate=0.1,
        price_usd_per_wafer=np.full((1, 2), 300_000.0),
    )
    r = solved(inp)
    assert r.builds["modules"].sum() == 1
    assert by_year(r, "baseline_served_h100e") == pytest.approx([5e5, 6e5], rel=REL)
    assert by_year(r, "served_h100e") == pytest.approx([5e5, 1.2e6], rel=REL)
    added = by_year(r, "added_h100e")
    assert added == pytest.approx([0.0, 6e5], rel=REL, abs=1e-6)
    assert min(added) >= 0.0
    zero = solved(without_capital(inp).replace(objective="serve"), counterfactual=False)
    assert by_year(r, "baseline_served_h100e") == pytest.approx(
        by_year(zero, "served_h100e"), rel=REL
    )


@pytest.mark.parametrize("seed", range(2))
def test_random_npv_plans_add_nothing_negative(seed: int) -> None:
    """Random small problems with money (:func:`tests.test_plan_npv.random_problem`:
    existing capacity, two classes, prices around break-even, variable costs): the
    plan's served compute is never below a re-solve of the world with the investor's
    capital at zero (``serve``: incumbents serve at least cost), year by year, beyond
    HiGHS's tolerance; and a plan that builds nothing serves exactly that world."""
    from tests.test_plan_npv import random_problem

    inp = random_problem(seed).replace(objective="npv")
    r = solved(inp)
    zero = solved(without_capital(inp).replace(objective="serve"), counterfactual=False)
    base = np.array(by_year(zero, "served_h100e"))
    served = np.array(by_year(r, "served_h100e"))
    tol = REL * np.asarray(inp.demand, dtype=float).sum(axis=0) + 1.0
    assert np.all(served >= base - tol), (served, base)
    assert np.all(np.array(by_year(r, "added_h100e")) >= 0.0)
    if len(r.builds) == 0:
        np.testing.assert_allclose(served, base, rtol=REL, atol=1.0)


def no_plan_inputs() -> PlanInputs:
    """Demand 1.2M H100e in 2025 and none in 2026, no existing capacity; a module
    started in 2025 gives output only from 2026 (lead time), so nothing can serve 2025.
    Capital $3B in 2025 and $2B in 2026: $5B offered in the horizon."""
    return tiny(2, demand=[1.2e6, 0.0], capital=[3e9, 2e9])


@pytest.mark.parametrize("objective", ["serve", "npv"])
def test_an_infeasible_plan_reports_the_capital_offered(objective: str) -> None:
    """Serving all demand is impossible (2025 cannot be served): infeasible, and the
    headline and the ``capital`` table still offer $3B + $2B = $5B."""
    inp = no_plan_inputs().replace(objective=objective, min_served_share=1.0)
    r = solve_inputs(inp, explain_result=False, mip_gap=0.0)
    assert r.status == "infeasible"
    n = r.headline()["numbers"]
    assert n["capital_offered_usd"] == 5e9
    assert r.capital["available_usd"].tolist() == [3e9, 2e9]
    assert "$5.00B of capital is offered" in " ".join(r.headline()["sentences"])
    s = r.summary()
    assert np.isnan(s["capex_usd"]) and np.isnan(s["modules"])  # no plan: not 0


#: HiGHS options under which it stops before any solution (its presolve alone solves
#: these tiny problems; as tests/test_counterfactual.py) [-, s].
_STOP_AT_ONCE = {"presolve": "off", "time_limit": 0.0}


def _stops_at_once(inp: PlanInputs, relax: bool, time_limit_s: Any, mip_gap: Any) -> Any:
    """A ``model_solver`` of :func:`solve_inputs`: the planning model, solved by HiGHS
    stopping at once (its own kTimeLimit, no solution; nothing faked)."""
    import tigris.plan.highs as highs
    from tigris.plan.model import build_model

    m = build_model(inp, relax=relax)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(highs, "highs_options", lambda *_: dict(_STOP_AT_ONCE))
        status, runtime = highs.run_highs(m, time_limit_s, mip_gap)
    return m, status, runtime, 0.0


@pytest.mark.parametrize("objective", ["serve", "npv"])
def test_a_time_limited_run_without_a_plan_reports_the_capital_offered(objective: str) -> None:
    """HiGHS stopped before any plan (the problem of :func:`unprofitable`, $5B in 2025
    and none in 2026): no plan, $5B offered."""
    inp = unprofitable().replace(objective=objective)
    r = solve_inputs(inp, explain_result=False, model_solver=_stops_at_once)
    assert (r.status, r.ok) == ("time_limit", False)
    assert r.headline()["numbers"]["capital_offered_usd"] == 5e9
    assert r.capital["available_usd"].tolist() == [5e9, 0.0]


def test_the_small_scenario_without_a_plan_offers_its_fund() -> None:
    """docs/examples/small-plan.yaml has one source, ``fund``, of $20B over 2026-2027,
    inside its 2026-2029 horizon: a run stopped before any plan offers $20B."""
    r = plan_solve(SMALL, time_limit_s=1e-9, explain_result=False, counterfactual=False)
    assert r.ok is False
    assert r.headline()["numbers"]["capital_offered_usd"] == pytest.approx(2.0e10, rel=1e-12)


def test_the_second_step_frees_a_merit_order_the_first_solve_set_at_random() -> None:
    """The first solve may set ``merit = 1`` where the investor sells nothing (a tie
    in NPV), which forces production to use all the incumbents' output. Made so here:
    ``merit[logic, 2025]`` held at 1 in the first solve of :func:`unprofitable` (2025
    then serves the whole 600,000 H100e of capacity, NPV still 0), then freed in the
    HiGHS model; the second step must serve 300,000 H100e as the baseline does (by
    hand, :func:`unprofitable`), not keep the forced 600,000."""
    from tigris.plan.highs import run_highs
    from tigris.plan.model import COUNT_SCALE, build_model
    from tigris.plan.solve import serve_at_best_npv

    inp = unprofitable()
    m = build_model(inp)
    merit = m.variables["merit"]
    lower = merit.lower.copy()
    lower[0, 0] = 1.0  # (facility, year) = (logic, 2025)
    merit.update(lower=lower)
    status, _ = run_highs(m, mip_gap=0.0)
    assert status == "optimal"
    unmet = m.variables["unmet"].solution.values.sum(axis=0) * COUNT_SCALE
    assert 6e5 - unmet[0] == pytest.approx(6e5, rel=REL)  # forced: all capacity used
    h = m.solver_model
    vlabels = np.asarray(m.matrices.vlabels)
    col = int(np.searchsorted(vlabels, int(merit.labels.values[0, 0])))
    h.changeColBounds(col, 0.0, 1.0)
    step, _ = serve_at_best_npv(m, inp, None, 0.0)
    assert step == "optimal"
    unmet = m.variables["unmet"].solution.values.sum(axis=0) * COUNT_SCALE
    assert (6e5 - unmet).tolist() == pytest.approx([3e5, 3e5], rel=REL)
