"""A build must come online within the horizon (docs/plan.md, "Builds must come online
within the horizon"; user test #12 and #11).

Defect: capex is counted within the horizon and returned at book value, so a module
whose spend and output fall after the last year cost the plan nothing, produced nothing
the plan counts, and still met ``min_modules``, filled site limits and counted as capex
committed (the reference ``--relax`` committed $48.2B of $40B offered). These problems
are derived by hand on ``tests/test_plan_tiny.py``'s one-product problem.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_plan_tiny import modules, tiny
from tigris.plan import PlanResult, solve_inputs
from tigris.plan.model import online_by_last_year

REL = 1e-6


def late_spend(**changes: object) -> object:
    """Two years, 2025-2026, no demand, 10 % a year; a $1B module spends all its capex
    one year after its start and produces from then on (spend (0, 1), output (0, 1));
    the site must host one module (``min_modules`` 1)."""
    base = {
        "demand": [0.0, 0.0],
        "spend": (0.0, 1.0),
        "output": (0.0, 1.0),
        "discount_rate": 0.1,
        "min_modules": 1.0,
    }
    base.update(changes)
    return tiny(**base)


def test_only_start_years_that_produce_by_the_last_year_are_open() -> None:
    """Output from lag 1 over two years: a 2025 start produces in 2026, a 2026 start
    first in 2027 (after the horizon); with output from lag 0 both produce."""
    assert online_by_last_year(late_spend())[0, 0].tolist() == [True, False]
    assert online_by_last_year(late_spend(output=(1.0,)))[0, 0].tolist() == [True, True]


def test_a_required_module_is_one_that_comes_online() -> None:
    """A 2026 start would spend its $1B in 2027 and produce from 2027: nothing in the
    horizon, so it cost the objective $0 and met ``min_modules`` (the old answer). Now
    the module starts in 2025, spends $1B in 2026 and produces in 2026: capex
    1B / 1.1, opex 0.1B / 1.1, written off in its first year of output (no salvage):
    objective $1.0B exactly."""
    r = solve_inputs(late_spend(), mip_gap=0.0, explain_result=False, counterfactual=False)
    assert r.status == "optimal"
    assert modules(r) == {2025: 1}
    assert r.objective_usd == pytest.approx(1e9 / 1.1 + 0.1e9 / 1.1, rel=REL)


def test_committed_capex_never_exceeds_the_capital_offered() -> None:
    """Only $0.5B offered for a $1B module that must be built: no module that comes
    online can be paid for, so the plan is infeasible (it was 'optimal' with a free
    2026 start whose $1B fell after the horizon: $1B committed of $0.5B offered). Also
    under ``--relax``: committed <= offered."""
    r = solve_inputs(late_spend(capital=[0.5e9]), mip_gap=0.0, counterfactual=False)
    assert r.status == "infeasible", r.status
    ok = solve_inputs(
        late_spend(capital=[2e9], min_modules=0.0, demand=[0.0, 1e6]),
        relax=True,
        explain_result=False,
        counterfactual=False,
    )
    n = ok.headline()["numbers"]
    assert n["capex_committed_usd"] <= n["capital_offered_usd"] * (1 + REL)
    assert set(modules(ok)) <= {2025}


def _late_floor_plan() -> PlanResult:
    """The late-spend problem with an announced floor of two modules started in 2026
    (online 2027, after the horizon) and demand only in 2026."""
    floor = np.array([[[0.0, 2.0]]])
    return solve_inputs(
        late_spend(min_modules=0.0, min_build=floor, demand=[0.0, 1e6]),
        mip_gap=0.0,
        explain_result=False,
        counterfactual=False,
    )


def test_a_floor_after_the_horizon_is_kept_but_not_exceeded() -> None:
    """An announced build (``min_build``) starting in 2026 stays allowed, and nothing
    is added to it in that late year (its upper bound is its floor)."""
    r = _late_floor_plan()
    assert r.status == "optimal"
    assert modules(r).get(2026, 0.0) == pytest.approx(2.0)


@pytest.mark.slow
def test_reference_relaxed_commits_no_more_than_offered() -> None:
    """The reference under ``--relax`` (user test #12: $48.2B committed of $40B, a
    texas-usa grid module started 2032, online 2037): committed <= offered, and every
    build comes online by the last year."""
    from tigris.plan import solve
    from tigris.scenario import reference_scenario

    r = solve(reference_scenario(), relax=True, explain_result=False)
    n = r.headline()["numbers"]
    assert n["capex_committed_usd"] <= n["capital_offered_usd"] * (1 + REL), n
    last = int(r.horizon[1])
    assert (r.builds["online_year"] <= last).all(), r.builds


def test_a_late_floor_is_said_to_produce_nothing_in_the_horizon() -> None:
    """The floor of two modules started in 2026 comes online in 2027, after the
    horizon: the headline says so (user test #11: a required build online after the
    last year was reported like any other)."""
    r = _late_floor_plan()
    text = " ".join(r.headline()["sentences"])
    assert "2 of them come online after 2026" in text, text


def test_a_build_whose_capex_falls_after_the_horizon_is_closed() -> None:
    """A scenario's own profiles: output from the start year (output (1,)), the whole
    $1B spent one year later (spend (0, 1)). A 2026 start produced in 2026 and spent
    its $1B in 2027, outside the objective and the capital rows: with $0.2B offered
    a year it was 'optimal' with $0 of capital spent and $1B committed. Now only a
    2025 start is open (it spends in 2026); $1.2B offered in 2025 covers it, so the
    plan starts one module in 2025 and spends its whole capex within the horizon."""
    from tigris.plan.model import paid_by_last_year

    def late_pay(capital: list[float]) -> object:
        return late_spend(output=(1.0,), min_modules=0.0, demand=[0.0, 1e6], capital=capital)

    assert paid_by_last_year(late_pay([1.2e9]))[0, 0].tolist() == [True, False]
    r = solve_inputs(
        late_pay([1.2e9]),
        mip_gap=0.0,
        explain_result=False,
        counterfactual=False,
    )
    assert r.status == "optimal"
    assert modules(r) == {2025: 1}
    n = r.headline()["numbers"]
    assert n["capital_spent_usd"] == pytest.approx(1e9, rel=REL)
    assert n["capex_committed_usd"] == pytest.approx(n["capital_spent_usd"], rel=REL)
    poor = solve_inputs(
        late_pay([0.2e9, 0.2e9]),
        mip_gap=0.0,
        explain_result=False,
        counterfactual=False,
    )
    n = poor.headline()["numbers"]
    assert n["capex_committed_usd"] <= n["capital_offered_usd"] * (1 + REL), n
