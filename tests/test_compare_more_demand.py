"""``tigris compare`` says why more demand can serve less (user test 2026-12-03, #6).

The user compared the reference with a copy demanding more (2030 spend 3.5e12 ->
4.5e12) and read "served 1,144.22M -> 1,141.49M" with no word. The cause is documented
(docs/plan.md, "More demand can serve fewer H100e"): the serve objective weights unmet
demand by class priority and by year, so more demand moves deliveries to other years.
Checked on a constructed pair of plans of that shape (served up early, down late, less
in total, more demanded): the note appears with the horizon totals and the years; it is
absent when served does not fall or demand does not rise; an npv plan gets its own
reason.
"""

from __future__ import annotations

import dataclasses

import pandas as pd

from tests.conftest import SMALL
from tigris.plan import PlanResult
from tigris.runs.compare import by_year_table, compare, more_demand_less_served
from tigris.runs.store import RunRecord, RunStore

YEARS = [2026, 2027, 2028]
M = 1e6  # H100e per million


def plan(
    demand: list[float], served: list[float], objective: str = "serve", years: list[int] = YEARS
) -> PlanResult:
    """A one-class plan of three years (or ``years``) [millions of H100e a year]."""
    return PlanResult(
        scenario_name="ref",
        status="optimal",
        objective_usd=1e9,
        horizon=(years[0], years[-1]),
        objective=objective,
        demand=pd.DataFrame(
            {
                "year": years,
                "demand_class": "inference",
                "priority": 1,
                "demand_h100e": [d * M for d in demand],
                "served_h100e": [s * M for s in served],
                "unmet_h100e": [(d - s) * M for d, s in zip(demand, served, strict=True)],
            }
        ),
    )


A = plan([10, 20, 30], [5, 6, 7])  # 18M served of 60M
B = plan([12, 25, 40], [6, 6, 5])  # 17M served of 77M: more demand, less served


def note(a: PlanResult, b: PlanResult) -> str | None:
    return more_demand_less_served(a, b, by_year_table(a, b))


def test_more_demand_less_served_is_explained() -> None:
    text = note(A, B)
    assert text is not None
    assert "17.0M H100e more" in text and "1.0M fewer" in text  # 77 - 60, 18 - 17
    assert "priority" in text and "More demand can serve fewer H100e" in text
    assert "rises in 2026 and falls in 2028" in text


def test_no_note_when_served_does_not_fall_or_demand_does_not_rise() -> None:
    assert note(A, plan([12, 25, 40], [5, 6, 7])) is None  # same served
    assert note(A, plan([12, 25, 40], [6, 7, 8])) is None  # more served
    assert note(A, plan([10, 20, 30], [5, 6, 6])) is None  # same demand, less served
    assert note(B, A) is None  # less demand, more served


def test_an_npv_plan_gets_the_npv_reason() -> None:
    text = note(A, dataclasses.replace(B, objective="npv"))
    assert text is not None and "npv objective" in text and "priority" not in text


def test_compare_prints_the_note(run_cli, tmp_path) -> None:
    store = tmp_path / "runs.duckdb"
    st = RunStore(store)
    ids = [st.add(RunRecord("plan", SMALL, "ref"), r) for r in (A, B)]  # any valid scenario
    assert compare(ids[0], ids[1], store=store).notes == [note(A, B)]
    res = run_cli("compare", ids[0], ids[1], "--store", store)
    assert res.code == 0, res.err
    assert "but serves 1.0M fewer" in " ".join(res.out.split())
    assert run_cli("compare", ids[0], ids[1], "--store", store, "--json").json()["notes"] == [
        note(A, B)
    ]


def test_different_horizons_compare_the_years_both_cover() -> None:
    """A shorter B demanding more a year serves less over its own horizon without any
    trade-off (fewer years): no note (review of 2026-12-03: the totals over each
    plan's own horizon fired it). Over the common years the rule is the same."""
    short = [2026, 2027]
    assert note(A, plan([40, 50], [6, 6], years=short)) is None  # 12M < 18M, but 12 > 11
    text = note(A, plan([40, 50], [6, 4], years=short))  # 10M of 90M against 11M of 30M
    assert text is not None
    assert "60.0M H100e more than A over 2026-2027, the years both plans cover," in text
    assert "1.0M fewer" in text and "rises in 2026 and falls in 2027" in text


def test_a_plan_that_failed_gets_no_note() -> None:
    """No plan, no trade-off to explain (its tables may still carry demand)."""
    failed = dataclasses.replace(B, status="infeasible")
    assert note(A, failed) is None and note(failed, A) is None


def test_less_served_only_where_less_is_demanded_says_nothing_moved() -> None:
    """User test 2026-12-05 (API #7): B's demand path lies below A's in two years (all
    of it served in both) and above it in the last (where both serve what capacity
    allows): served falls only with demand, so the note must not say deliveries
    moved; it names the years of less demand and the year whose extra goes unmet."""
    a = plan([4, 10.3, 15.7, 20], [4, 10.3, 15.7, 14.63], years=[2026, 2027, 2028, 2029])
    b = plan([4, 8.0, 11.0, 30], [4, 8.0, 11.0, 14.63], years=[2026, 2027, 2028, 2029])
    text = note(a, b)
    assert text is not None
    assert "moves deliveries" not in text
    assert "B demands less in 2027-2028 and serves less only there" in text
    assert "in 2029, where it demands more, it serves no more" in text
    # a fall beyond the fall in demand is a trade-off, said as before
    c = plan([4, 8.0, 11.0, 30], [4, 7.0, 11.0, 14.63], years=[2026, 2027, 2028, 2029])
    d = plan([4, 8.0, 11.0, 30], [4, 8.0, 9.0, 14.63], years=[2026, 2027, 2028, 2029])
    assert "moves deliveries" not in (note(a, c) or "")  # served rises nowhere
    assert "serve objective" in (note(a, d) or "")
