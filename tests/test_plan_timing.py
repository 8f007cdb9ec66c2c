"""Timing of deliveries under a power pool (docs/plan.md, "Timing of deliveries under a
power pool"; user test 2026-12-03, defect 2).

The hand problem: three years (2025-2027), accelerators in service ``L = 2`` years, one
product a year (``y1``, ``y2``, ``y3``) of 1, 2 and 3 H100e at 1 kW of facility power
each (``fleet_mw_per_unit = 0.001``), a datacenter pool of 1, 2 and 2 MW, demand
10,000 H100e a year, $30,000 per unmet H100e, a 0 % discount rate and ample logic
(1,000 wspm at 0.01 wafers per accelerator: 1.2M a year). Deliveries x (thousands):

    x1 ≤ 1,   x1 + x2 ≤ 2,   x2 + x3 ≤ 2

and the H100e delivered are x1 + 2 x2 + 3 x3. With x3 = 2 − x2 (the last row tight,
more x3 is always worth it) that is 6 + x1 − x2, so the optimum is x = (1, 0, 2):
7,000 H100e, unmet 30,000 − 7,000 = 23,000 H100e, objective $690M. The second year
ships nothing with 1 MW idle, demand unmet and the logic row slack: a withheld year.

With rule 1 (``tigris.plan.timing.add_no_withholding``: the pool is full in a year with
unmet demand unless a wafer or region row binds) every row is tight, x1 = 1, x2 = 1,
x3 = 1: 6,000 H100e, unmet 24,000, objective $720M. The detection tests below solve
the model without the rule (``no_rule``), as it was before 2026-12-03.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, dc_tiny, solved
from tigris.plan import solve_inputs
from tigris.plan.timing import WithheldYear, timing_explanation, withheld_years

DEMAND = 10_000.0
#: The hand problem's optima by hand [USD]: without the rule, with it.
WITHHELD_USD = (3 * DEMAND - 7000.0) * PENALTY
FILLED_USD = (3 * DEMAND - 6000.0) * PENALTY
#: Accelerators and MW: HiGHS's feasibility tolerance on rows in thousands.
ABS = 1e-3


def hand(h100e: tuple[float, float, float] = (1.0, 2.0, 3.0), **extra: Any) -> Any:
    """The module docstring's problem; ``h100e`` per product, ``extra`` overrides."""
    inp = dc_tiny(
        demand=DEMAND,
        products=("y1", "y2", "y3"),
        h100e=np.array(h100e),
        use=np.array([[0.01, 0.0]] * 3),
        available=np.eye(3, dtype=bool),
        min_share=np.zeros((3, 3)),
        max_share=np.ones((3, 3)),
        system_power_w=np.full(3, 700.0),
        fleet_mw_per_unit=np.full(3, 0.001),
    )
    existing = inp.existing.copy()
    existing[1] = [1.0, 2.0, 2.0]  # the pool [MW]
    return dataclasses.replace(inp, **{"existing": existing, **extra})


@pytest.fixture
def no_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model without rule 1 (as before 2026-12-03), to test the detection."""
    import tigris.plan.timing as timing

    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)


def test_the_rule_fills_every_year_of_the_hand_problem() -> None:
    """With rule 1: x = (1,000, 1,000, 1,000), $720M ($30M more than withholding, the
    1,000 H100e year 3's better part would have added), nothing named."""
    inp = hand()
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert r["objective"] == pytest.approx(FILLED_USD, rel=1e-6)
    assert withheld_years(r["m"], inp) == []


def test_the_rule_lets_a_year_without_demand_stand_idle() -> None:
    """No demand in 2026: x2 = 0 by the demand row, so its MW stand idle lawfully and
    year 3 gets them: x = (1, 0, 2), unmet 10,000 + 0 + 3,000 H100e: $390M."""
    r = solved(hand(demand=np.array([[DEMAND, 0.0, DEMAND]])))
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert r["objective"] == pytest.approx(13_000 * PENALTY, rel=1e-6)


def test_the_rule_lets_binding_logic_excuse_idle_power() -> None:
    """Logic for 500 accelerators a year (5/12 wspm): x ≤ 500 a year, the pool never
    fills (500 + 500 ≤ 2,000), every logic row is tight: x = (500, 500, 500), unmet
    30,000 − 3,000 = 27,000 H100e, $810M, the same plan as without the rule."""
    existing = hand().existing.copy()
    existing[0] = 500 * 0.01 / 12
    r = solved(hand(existing=existing))
    assert r["prod"].sum(axis=0) == pytest.approx([500.0, 500.0, 500.0], abs=ABS)
    assert r["objective"] == pytest.approx(27_000 * PENALTY, rel=1e-6)


def test_the_hand_problem_withholds_its_second_year(no_rule: None) -> None:
    """x = (1,000, 0, 2,000) units, $690M; 2026 is named: 0 shipped, 1 MW idle."""
    inp = hand()
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert r["objective"] == pytest.approx(WITHHELD_USD, rel=1e-6)
    got = withheld_years(r["m"], inp)
    assert [w.year for w in got] == [2026]
    assert got[0].idle_mw == pytest.approx(1.0, abs=ABS)
    assert got[0].delivered_h100e == pytest.approx(0.0, abs=ABS)
    assert got[0].unmet_h100e == pytest.approx(DEMAND, abs=ABS)


def test_a_named_year_could_ship_more_without_breaking_a_row(no_rule: None) -> None:
    """Soundness: forcing 100 more H100e into the named year keeps the model feasible
    (the idle MW and the free logic make and power them; year 3 gives up 50 y3 units),
    at a cost: the plan withheld them for timing, not for want of anything."""
    inp = hand()
    r = solved(inp)
    (w,) = withheld_years(r["m"], inp)
    m = r["m"]
    t = list(inp.years).index(w.year)
    prod = m.variables["prod"].isel(year=t)
    m.add_constraints((prod * np.asarray(inp.h100e)).sum() >= 0.1, name="force")
    from tigris.plan.highs import run_highs

    status, _ = run_highs(m, None, None)
    assert status == "optimal"
    # 50 y2 units replace 50 y3 units: 100 H100e gained, 150 lost
    assert float(m.objective.value) * 1e6 == pytest.approx(r["objective"] + 50 * PENALTY, rel=1e-6)


def test_a_filled_pool_names_no_year(no_rule: None) -> None:
    """Parts that get worse (3, 2, 1 H100e): 3x1 + 2x2 + x3 under the same rows is 6 at
    (1, 1, 1) against 5 at (1, 0, 2), so every year fills its pool; nothing is named."""
    inp = hand(h100e=(3.0, 2.0, 1.0))
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []


def test_a_year_without_demand_is_not_withheld(no_rule: None) -> None:
    """No demand in 2026 (the optimum is the same x = (1, 0, 2)): its idle MW serve
    nobody, so 2026 is not named."""
    inp = hand(demand=np.array([[DEMAND, 0.0, DEMAND]]))
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []


def test_a_year_whose_logic_binds_is_not_withheld(no_rule: None) -> None:
    """Logic for 2,000 accelerators a year (0.01 wafers each: 20 wafers a year, 5/3
    wspm) leaves x = (1, 0, 2) optimal but makes the logic row tight in 2027
    only; 2026 is still named, 2027 (no idle MW) is not. With logic for 500 a year the
    pool is never full (x ≤ 0.5 each year, 0.5 + 0.5 ≤ 2) and every year's logic row
    binds: nothing is named."""
    existing = hand().existing.copy()
    existing[0] = 2000 * 0.01 / 12
    inp = hand(existing=existing)
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert [w.year for w in withheld_years(r["m"], inp)] == [2026]
    existing[0] = 500 * 0.01 / 12
    inp = hand(existing=existing)
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([500.0, 500.0, 500.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []


def test_demand_as_a_stock_is_not_checked(no_rule: None) -> None:
    """With ``demand_basis: installed`` a year's deliveries serve later years too; the
    rule is the delivered basis's, so nothing is named."""
    inp = hand(demand_basis="installed")
    r = solved(inp)
    assert withheld_years(r["m"], inp) == []


def test_the_plan_says_it_first_and_in_words(no_rule: None) -> None:
    """Without the rule, ``solve_inputs`` puts the sentence first in ``binding`` (kind
    ``timing``), with the year, 'ships no accelerators' and the idle power, even
    without explanations."""
    for explain in (True, False):
        r = solve_inputs(hand(), explain_result=explain, counterfactual=False)
        first = r.binding[0]
        assert first.kind == "timing" and first.year == 2026
        assert "ships no accelerators in 2026" in first.text.lower()
        assert "1 MW in 2026" in first.text


def test_the_sentence_splits_zero_and_partial_years() -> None:
    """Zero years and partly filled years are said apart; GW from 1 GW up."""
    text = timing_explanation(
        [
            WithheldYear(2030, 1500.0, 5e6, 1e8),
            WithheldYear(2032, 20_954.0, 0.0, 8e8),
            WithheldYear(2034, 20_084.0, 0.0, 9e8),
        ]
    ).text
    assert text.startswith(
        "Ships no accelerators in 2032 and 2034, and fewer than power allows in 2030"
    )
    assert "1.5 GW in 2030, 21.0 GW in 2032, 20.1 GW in 2034" in text
    assert timing_explanation([]) is None


def _no_zero_year_and_nothing_taken(r: Any) -> None:
    """Every year with demand ships something, the plan names no withheld year, and
    the investor's added compute is never negative (rules 1 and 2)."""
    by_year = r.demand.groupby("year")[["served_h100e", "demand_h100e", "added_h100e"]].sum()
    assert (by_year.served_h100e[by_year.demand_h100e > 0] > 1.0).all(), by_year
    assert (by_year.added_h100e >= -1.0).all(), by_year  # H100e: solver noise
    assert "timing" not in [e.kind for e in r.binding]


def test_the_reference_ships_every_year_and_adds_nothing_negative(reference_solved) -> None:
    """The reference (discount rate 0.08), as ``tigris plan`` solves it."""
    _no_zero_year_and_nothing_taken(reference_solved)


@pytest.mark.slow
def test_the_user_tests_sweep_point_ships_every_year() -> None:
    """The reference at discount_rate 0.06 (user test, defect 2: served 0 in 2032 and
    2034 before the rule, with 21.0 and 20.1 GW idle) ships every year."""
    from tigris.plan import solve
    from tigris.scenario.edit import load_any

    r = solve(load_any(None).model_copy(update={"discount_rate": 0.06}), explain_result=False)
    _no_zero_year_and_nothing_taken(r)


def random_pool(seed: int) -> Any:
    """A random hand-sized world: 5 years, one product a year whose H100e per MW grows
    0-60 % a year, lifetime 2 or 3, a pool growing 0-2 MW a year, an investor who may
    build 1-MW datacenter modules ($5-40M, online the next year) with $0-100M, a
    discount rate of 0-10 %, demand above what the pool can hold."""
    rng = np.random.default_rng(seed)
    n = 5
    h100e = np.cumprod(np.r_[1.0, 1.0 + 0.6 * rng.random(n - 1)])
    pool = 1.0 + np.cumsum(np.r_[0.0, 2.0 * rng.random(n - 1)])
    base = dc_tiny(build_dc=True)
    existing = np.zeros((2, n))
    existing[0], existing[1] = 1000.0, pool
    s = 1
    return dataclasses.replace(
        base,
        years=np.arange(2025, 2025 + n),
        products=tuple(f"y{i}" for i in range(n)),
        h100e=h100e,
        use=np.tile([[0.01, 0.0]], (n, 1)),
        available=np.eye(n, dtype=bool),
        min_share=np.zeros((n, n)),
        max_share=np.ones((n, n)),
        system_power_w=np.full(n, 700.0),
        fleet_mw_per_unit=np.full(n, 0.001),
        fleet_lifetime_years=int(rng.integers(2, 4)),
        existing=existing,
        demand=np.full((1, n), 20_000.0),
        capex_usd=np.tile([1e9, 5e6 + 35e6 * rng.random()], (s, 1)),
        capital_usd=np.array([[100e6 * rng.random()] + [0.0] * (n - 1)]),
        euv_supply=np.full(n, 100.0),
        high_na_supply=np.full(n, 100.0),
        discount_rate=0.1 * rng.random(),
    )


@pytest.mark.parametrize("seed", range(6))
def test_random_pools_ship_every_year_and_add_nothing_negative(seed: int) -> None:
    """Rules 1 and 2 on random worlds (:func:`random_pool`): with the pool full in
    every year with unmet demand, the investor's extra MW (which never go away) leave
    each year's new MW at least the world's, ``e_t = Δ_t − Σ_{0<l<L} e_{t−l} ≥ 0``, so
    with one product a year added H100e are never negative."""
    r = solve_inputs(random_pool(seed), explain_result=False)
    assert r.status == "optimal"
    _no_zero_year_and_nothing_taken(r)


def test_a_nested_world_ignores_the_plans_floor() -> None:
    """A world without builds (the counterfactual's nested worlds) is the LP's rows and
    ``serve`` objective with rule 1, and no served-share floor: a floor of 99 % that
    the pool cannot serve (6,000 of the demand, by hand above) leaves it solvable with
    the rule's 6,000 served (it was 'infeasible', so a plan with a floor lost its whole
    baseline: `tigris plan --objective npv --min-served-share 0.135`)."""
    from tigris.plan.counterfactual import served_without_builds

    unmet = served_without_builds(hand(min_served_share=0.99))
    assert np.isfinite(unmet).all()
    assert unmet.sum() == pytest.approx(3 * DEMAND - 6000.0, abs=ABS)


def shrinking(pool: tuple[float, float, float] = (2.0, 1.0, 1.0), **extra: Any) -> Any:
    """The hand problem with the pool ``pool`` [MW] (docs/plan.md, "Shrinking pools")."""
    existing = hand().existing.copy()
    existing[1] = pool
    return hand(existing=existing, **extra)


def test_a_shrinking_pool_stays_feasible_under_the_rule() -> None:
    """Pool (2, 1, 1) MW, lifetime 2 (docs/plan.md, "Shrinking pools"). Rows in
    thousands: x1 ≤ 2 (2025), x1 + x2 ≤ 1 (2026), x2 + x3 ≤ 1 (2027). H100e x1 + 2 x2
    + 3 x3; more x3 is always worth it, so x3 = 1 − x2 and the H100e are 3 + x1 − x2
    with x1 ≤ 1 − x2: at most 3 + 1 − 2 x2, best at x2 = 0, x1 = 1, x3 = 1: 4,000
    H100e, unmet 30,000 − 4,000 = 26,000, $780M. Under the rule as it was (2025's pool
    full unless demand is met or a wafer row binds) 2025 asks x1 = 2, which 2026's
    row cannot hold: no plan. The corrected rule excuses 2025's idle MW: the fleet
    delivered up to 2025 (x1 = 1) fills 2026's pool (1 MW), within the parts' life;
    so the optimum without the rule is kept, and no year is named."""
    inp = shrinking()
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 1000.0], abs=ABS)
    assert r["objective"] == pytest.approx(26_000 * PENALTY, rel=1e-6)
    assert withheld_years(r["m"], inp) == []


def test_a_later_full_pool_excuses_nothing_its_own_deliveries_fill() -> None:
    """The excuse counts only the fleet already delivered. Pool (1, 2, 2): at the
    withholding optimum x = (1, 0, 2) 2027's pool is full, but of 2027's own x3; the
    fleet delivered up to 2026 (x2 = 0) leaves it 2 MW of room, so 2026 must fill:
    x = (1, 1, 1), $720M (``test_the_rule_fills_every_year_of_the_hand_problem``).
    With a lifetime of 1 the pool (2, 1, 1) is no longer shared across years: each
    year fills its own, x = (2, 1, 1), unmet 30,000 − 2,000 − 2,000 − 3,000 = 23,000."""
    r = solved(shrinking((1.0, 2.0, 2.0)))
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    r = solved(shrinking(fleet_lifetime_years=1))
    assert r["prod"].sum(axis=0) == pytest.approx([2000.0, 1000.0, 1000.0], abs=ABS)
    assert r["objective"] == pytest.approx(23_000 * PENALTY, rel=1e-6)


def test_a_shrinking_pools_excused_year_is_not_named(no_rule: None) -> None:
    """Without the rule the optimum is the same x = (1, 0, 1); 2025 has 1 MW idle with
    demand unmet and logic slack, but its fleet fills 2026's pool: not withheld (the
    check reads the same excuse as the rule; before, it named 2025)."""
    inp = shrinking()
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 1000.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []
