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


def test_the_hand_problem_withholds_its_second_year() -> None:
    """x = (1,000, 0, 2,000) units, $690M; 2026 is named: 0 shipped, 1 MW idle."""
    inp = hand()
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert r["objective"] == pytest.approx((3 * DEMAND - 7000.0) * PENALTY, rel=1e-6)
    got = withheld_years(r["m"], inp)
    assert [w.year for w in got] == [2026]
    assert got[0].idle_mw == pytest.approx(1.0, abs=ABS)
    assert got[0].delivered_h100e == pytest.approx(0.0, abs=ABS)
    assert got[0].unmet_h100e == pytest.approx(DEMAND, abs=ABS)


def test_a_named_year_could_ship_more_without_breaking_a_row() -> None:
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


def test_a_filled_pool_names_no_year() -> None:
    """Parts that get worse (3, 2, 1 H100e): 3x1 + 2x2 + x3 under the same rows is 6 at
    (1, 1, 1) against 5 at (1, 0, 2), so every year fills its pool; nothing is named."""
    inp = hand(h100e=(3.0, 2.0, 1.0))
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 1000.0, 1000.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []


def test_a_year_without_demand_is_not_withheld() -> None:
    """No demand in 2026 (the optimum is the same x = (1, 0, 2)): its idle MW serve
    nobody, so 2026 is not named."""
    inp = hand(demand=np.array([[DEMAND, 0.0, DEMAND]]))
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 2000.0], abs=ABS)
    assert withheld_years(r["m"], inp) == []


def test_a_year_whose_logic_binds_is_not_withheld() -> None:
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


def test_demand_as_a_stock_is_not_checked() -> None:
    """With ``demand_basis: installed`` a year's deliveries serve later years too; the
    rule is the delivered basis's, so nothing is named."""
    inp = hand(demand_basis="installed")
    r = solved(inp)
    assert withheld_years(r["m"], inp) == []


def test_the_plan_says_it_first_and_in_words() -> None:
    """``solve_inputs`` puts the sentence first in ``binding`` (kind ``timing``), with
    the year, 'ships no accelerators' and the idle power, even without explanations."""
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


@pytest.mark.slow
def test_the_user_tests_sweep_point_names_its_zero_years(tmp_path) -> None:
    """The reference at discount_rate 0.06 (user test, defect 2: served 0 in 2032 and
    2034): the plan names exactly its years of zero deliveries with unmet demand among
    the years it says ships nothing."""
    import re

    from tigris.plan import solve
    from tigris.scenario.edit import load_any

    sc = load_any(None)
    sc = sc.model_copy(update={"discount_rate": 0.06})
    r = solve(sc)
    served = r.demand.groupby("year")[["served_h100e", "unmet_h100e"]].sum()
    zero = [
        int(y) for y, row in served.iterrows() if row.served_h100e < 1.0 and row.unmet_h100e > 0
    ]
    assert zero == [2032, 2034]  # the user test's observation, on this tree
    timing = [e for e in r.binding if e.kind == "timing"]
    assert len(timing) == 1 and r.binding[0] is timing[0]
    said = re.match(r"Ships no accelerators in ([0-9, and]+?)(,| while)", timing[0].text)
    assert said is not None and said.group(1) == "2032 and 2034"
