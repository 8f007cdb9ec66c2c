"""``PlanResult.headline()``: what the plan does first, then the objective, split.

Each number is checked against a hand-derived value on a tiny problem, or against an
invariant of the tables it summarises (never against the code's own earlier output).
"""

from __future__ import annotations

import math

import pytest

from tests.test_plan_tiny import tiny
from tigris.plan import PlanResult, solve_inputs
from tigris.report import render_html


@pytest.fixture(scope="module")
def reference(reference_solved: PlanResult) -> PlanResult:
    return reference_solved  # solve(explain_result=False), once per session (conftest)


def test_tiny_headline_is_the_hand_derived_plan() -> None:
    """The one-site problem of ``test_plan_tiny.test_one_site_one_node_two_years``.

    Existing 100 wspm serves 120,000 H100e a year against 500,000 demanded; the optimum
    starts one $1B module in 2025 that serves all of 2026. So: 1 module, $1B spent of
    the $100B offered, served 120,000 + 500,000, unmet 380,000 (all in 2025, none in
    the last year), real cost $1B + $0.1B opex, penalty 380,000 x $30,000 = $11.4B.
    Without the investor (no capital, no builds) the existing line serves 120,000 a
    year, 240,000 in all: the investor adds 380,000, all in 2026, for $1B, $2,632 each.
    """
    r = solve_inputs(tiny(existing_wspm=100.0), mip_gap=0.0, explain_result=False)
    h = r.headline()
    n = h["numbers"]
    assert n["modules_built"] == 1
    assert n["capital_spent_usd"] == pytest.approx(1e9, rel=1e-9)
    assert n["capex_committed_usd"] == pytest.approx(1e9, rel=1e-9)
    assert n["capital_offered_usd"] == pytest.approx(100e9)
    assert n["capital_unspent_usd"] == pytest.approx(99e9, rel=1e-9)
    assert n["served_h100e"] == pytest.approx(620_000, rel=1e-6)
    assert n["unmet_h100e"] == pytest.approx(380_000, rel=1e-6)
    assert n["served_first_year_h100e"] == pytest.approx(120_000, rel=1e-6)
    assert n["served_last_year_h100e"] == pytest.approx(500_000, rel=1e-6)
    assert n["served_growth_h100e"] == pytest.approx(380_000, rel=1e-6)
    assert n["unmet_last_year_h100e"] == pytest.approx(0, abs=1e-3)
    assert n["real_cost_usd"] == pytest.approx(1.1e9, rel=1e-6)
    assert n["penalty_usd"] == pytest.approx(11.4e9, rel=1e-6)
    assert n["penalty_share"] == pytest.approx(11.4 / 12.5, rel=1e-6)
    assert n["baseline_served_h100e"] == pytest.approx(240_000, rel=1e-6)
    assert n["added_h100e"] == pytest.approx(380_000, rel=1e-6)
    assert n["capex_usd_per_added_h100e"] == pytest.approx(1e9 / 380_000, rel=1e-6)
    assert h["short_first"] == "all"
    key, first, *_, last = h["sentences"]
    # cost, NPV, IRR, capital spent and H100e added first (issue 11), then what the
    # investor adds (issue 10), then what it builds and spends
    assert key.startswith("Cost $1.10B") and "capital spent $1.00B" in key, key
    assert "380,000 H100e added" in key, key
    assert first.startswith("The investor adds 380,000 H100e"), first
    assert "240,000 H100e served without it" in first and "$2,632 per added" in first
    starts = next(i for i, x in enumerate(h["sentences"]) if x.startswith("Starts "))
    assert h["sentences"][starts].startswith("Starts 1 module in 2025")
    assert "$1.00B of the $100B" in h["sentences"][starts + 1]
    assert last.startswith("Objective (serve: cost + unmet penalty): $12.5B")
    assert "cost $1.10B" in last and "penalty $11.4B" in last


def test_headline_leads_with_the_plan_not_the_objective() -> None:
    r = solve_inputs(tiny(existing_wspm=100.0), mip_gap=0.0, explain_result=False)
    sentences = r.headline()["sentences"]
    assert all("Objective" not in s for s in sentences[:-1])
    assert "e+" not in " ".join(sentences)


def test_reference_headline_invariants(reference: PlanResult) -> None:
    """Totals equal the tables they summarise; the objective splits exactly."""
    r = reference
    n = r.headline()["numbers"]
    cap = r.capex
    assert n["capital_spent_usd"] == pytest.approx(
        cap.loc[cap["source"] != "subsidy", "capex_usd"].sum(), rel=1e-12
    )
    assert n["capital_spent_usd"] <= n["capital_offered_usd"] * (1 + 1e-9)
    assert n["capital_offered_usd"] == pytest.approx(r.capital["available_usd"].sum())
    assert n["served_h100e"] + n["unmet_h100e"] == pytest.approx(n["demand_h100e"], rel=1e-9)
    assert n["served_h100e"] == pytest.approx(r.production["h100e"].sum(), rel=1e-4)
    assert n["modules_built"] == r.builds["modules"].sum()
    assert n["real_cost_usd"] + n["penalty_usd"] == pytest.approx(r.objective_usd, rel=1e-9)
    by_year = r.demand.groupby("year")["served_h100e"].sum()
    assert n["served_growth_h100e"] == pytest.approx(by_year.iloc[-1] - by_year.iloc[0])
    # money the plan commits = money drawn + subsidy + what falls after the horizon
    assert n["capex_committed_usd"] >= n["capital_spent_usd"] + n["subsidy_usd"] - 1.0
    # the builds listed add up to the modules built
    assert sum(b["modules"] for b in r.headline()["builds"]) == n["modules_built"]


def test_infeasible_headline_has_no_plan_numbers() -> None:
    """Nine modules required at a site that may host three: no plan, numbers NaN."""
    r = solve_inputs(tiny(max_modules=3.0, min_modules=9.0), explain_result=False)
    assert not r.ok
    h = r.headline()
    n = h["numbers"]
    assert math.isnan(n["served_h100e"]) and math.isnan(n["capital_spent_usd"])
    assert n["demand_h100e"] == pytest.approx(1_000_000)
    assert h["sentences"][0].startswith("No plan (infeasible)")
    assert len(h["sentences"]) == 1


def test_headline_when_all_demand_is_met() -> None:
    """Existing 1,000 wspm = 1.2M H100e/yr covers 0.5M demanded: nothing is built."""
    r = solve_inputs(tiny(existing_wspm=1000.0), mip_gap=0.0, explain_result=False)
    h = r.headline()
    assert h["numbers"]["modules_built"] == 0
    assert h["numbers"]["unmet_h100e"] == pytest.approx(0, abs=1e-3)
    assert h["short_first"] is None
    assert h["sentences"][1].startswith("The investor adds 0 H100e"), h["sentences"]
    assert "Builds nothing in 2025–2026." in h["sentences"]
    assert "all demand is met" in h["sentences"][-2]
    # nothing built, nothing short: the objective is 0 and has no penalty share
    assert h["numbers"]["objective_usd"] == pytest.approx(0.0, abs=1e-3)
    assert math.isnan(h["numbers"]["penalty_share"])


def test_a_one_year_horizon_is_named_as_one_year() -> None:
    """'Builds nothing in 2025–2025' read as a typo: a single year is written once."""
    r = solve_inputs(tiny(1, existing_wspm=1e4, demand=1e5), mip_gap=0.0)
    text = " ".join(r.headline()["sentences"])
    assert "2025–2025" not in text, text
    assert "Builds nothing in 2025." in text and "available in 2025" in text, text


def test_the_report_names_a_one_year_horizon_once() -> None:
    """The report's title said '(2025–2025)' where the headline already said 2025."""
    r = solve_inputs(tiny(1, existing_wspm=1e4, demand=1e5), mip_gap=0.0)
    text = render_html(r)
    assert "2025–2025" not in text
    assert "(2025)</title>" in text
