"""The money headline says how its NPV is discounted and what it covers.

usertest_money M4 (the rate, currency year and base year beside the NPV), M6 (the same
plan's cash flows at other rates, not re-solved), M9 (a cumulative cash flow that is
never negative is not "no payback"), M10 and usertest_claims D3 (capex per added H100e
covers the facilities, not the accelerators; how much of the added H100e is in the
horizon's last year), M11 (solver noise in the capex table). Expected values are by
hand from the hand-built flows below (Brealey, Myers & Allen: NPV = sum of
net_t / (1 + r)^(t - base)).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

#: USD in a billion.
BN = 1e9
#: The hand plan's discount rate [-] and the step the headline revalues at [-].
RATE = 0.10
STEP = 0.02
#: The hand cash flows [USD]: -10B in 2026, +9.9B in 2027, salvage 5B in 2030.
YEARS = [2026, 2027, 2028, 2029, 2030]


def _hand_npv(rate: float, net: list[float]) -> float:
    return sum(x / (1.0 + rate) ** (y - 2026) for x, y in zip(net, YEARS, strict=True))


def _hand_plan(
    net: list[float], *, currency: bool = True, payback: float = 2030.0, rate: float = RATE
) -> Any:
    """A plan whose only tables are the investor's cash flows ``net`` over 2026-2030
    (horizon 2026-2029, the last year the salvage), the rate ``rate`` and, when
    ``currency``, a ``currency_year`` row of 2024 in its assumptions."""
    from tigris.plan import PlanResult

    salvage = [0.0, 0.0, 0.0, 0.0, net[-1]]
    flows = pd.DataFrame(
        {
            "level": "owner",
            "name": "investor",
            "year": YEARS,
            "capex_usd": [max(-x, 0.0) for x in net],
            "revenue_usd": [max(x, 0.0) for x in net],
            "variable_cost_usd": 0.0,
            "opex_usd": 0.0,
            "tax_usd": 0.0,
            "salvage_usd": salvage,
            "net_usd": net,
        }
    )
    owners = pd.DataFrame(
        {
            "owner": ["investor"],
            "npv_usd": [_hand_npv(rate, net)],
            "irr": [float("nan")],
            "payback_year": [payback],
        }
    )
    rows = [("discount_rate", rate)] + ([("currency_year", 2024)] if currency else [])
    assumptions = pd.DataFrame(
        {
            "parameter": [p for p, _ in rows],
            "value": [v for _, v in rows],
            "unit": "",
            "source": "hand",
        }
    )
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=1.0,
        horizon=(2026, 2029),
        finance_flows=flows,
        finance_owners=owners,
        assumptions=assumptions,
    )


NET = [-10 * BN, 9.9 * BN, 0.0, 0.0, 5 * BN]


def test_the_npv_says_its_rate_currency_year_and_base_year() -> None:
    key = _hand_plan(NET).headline()["key"]
    npv = _hand_npv(RATE, NET)  # -10 + 9.0 + 3.415 = 2.415B
    assert npv == pytest.approx(2.415e9, rel=1e-3)
    assert "the investor's NPV $2.42B at 10.00% real, in USD of 2024, discounted to 2026" in key
    # a result without the currency year says the rest, never a wrong year
    bare = _hand_plan(NET, currency=False).headline()["key"]
    assert "NPV $2.42B at 10.00% real, discounted to 2026" in bare
    assert "USD of" not in bare


def test_the_same_flows_at_the_rate_minus_and_plus_two_points() -> None:
    head = _hand_plan(NET).headline()
    n = head["numbers"]
    lo, hi = _hand_npv(RATE - STEP, NET), _hand_npv(RATE + STEP, NET)
    # by hand: at 8 % -10 + 9.1667 + 3.6751 = 2.842B; at 12 % -10 + 8.8393 + 3.1776 = 2.017B
    assert lo == pytest.approx(2.842e9, rel=1e-3) and hi == pytest.approx(2.017e9, rel=1e-3)
    assert n["npv_at_rate_minus_2pt_usd"] == pytest.approx(lo, rel=1e-12)
    assert n["npv_at_rate_plus_2pt_usd"] == pytest.approx(hi, rel=1e-12)
    assert n["discount_rate"] == RATE
    assert (n["currency_year"], n["discount_base_year"]) == (2024.0, 2026.0)
    assert "at 8.00% and 12.00%" in head["key"] and "not re-solved" in head["key"]
    assert "NPV $2.84B and $2.02B" in head["key"]


def test_the_report_key_rows_say_the_rate_and_the_other_rates() -> None:
    from tigris.report.headline import discount_phrase, key_rows
    from tigris.report.result import report_tables

    r = report_tables(_hand_plan(NET))
    rows = {q: v for q, v, _ in key_rows(r)}
    assert rows["discount rate (real)"] == "10"
    assert rows["money in USD of"] == "2024" and rows["discounted to"] == "2026"
    at8 = next(v for q, v in rows.items() if q.startswith("the investor's NPV at 8 %"))
    at12 = next(v for q, v in rows.items() if q.startswith("the investor's NPV at 12 %"))
    assert (at8, at12) == ("2.84", "2.02")  # 3 significant digits of 2.842 and 2.017
    assert discount_phrase(r) == "at 10.00% real, in USD of 2024, discounted to 2026"


def test_a_cumulative_flow_never_negative_is_not_no_payback() -> None:
    """A 100 % subsidy (M9): capital 0, revenue from the first year: the cumulative flow
    is never negative, so there is nothing to pay back; a flow that stays negative
    still says no payback."""
    from tigris.report.headline import key_rows
    from tigris.report.result import report_tables

    nan = float("nan")
    free = _hand_plan([0.0, 1 * BN, 1 * BN, 1 * BN, 0.0], payback=nan)
    key = free.headline()["key"]
    assert "cumulative cash flow never negative" in key and "no payback" not in key
    rows = {q: v for q, v, _ in key_rows(report_tables(free))}
    assert "never negative" in rows["the investor's payback year"]
    lost = _hand_plan([-10 * BN, 1 * BN, 1 * BN, 1 * BN, 0.0], payback=nan)
    assert "no payback within the cash flows" in lost.headline()["key"]


def test_capex_per_added_h100e_says_it_is_facilities_and_the_last_years_share(
    reference_solved: Any,
) -> None:
    """The reference: the added H100e by year from its demand tables (served with the
    investor less without it, by hand), the last year's share in the note and the
    report's row; the note says the accelerators are not in the capital."""
    from tigris.report.headline import investor_rows
    from tigris.report.result import report_tables

    r = reference_solved
    head = r.headline()
    added = head["added"]
    last = r.horizon[1]
    d = r.demand.groupby("year")["served_h100e"].sum()
    without = pd.Series(head["baseline"]["h100e_by_year"]).rename(int)
    by_hand = (d - without).clip(lower=0.0)
    share = by_hand[last] / by_hand.sum()
    # 10.60M of 48.39M since 05359a4 and ec47826 (24.43M of 42.65M, 0.573, before: usertest M10)
    assert share == pytest.approx(0.219, abs=0.005)
    note = head["per_added_note"]
    assert note in head["sentences"]
    assert "not the accelerators' purchase" in note
    assert f"{round(100 * share)}% of the added H100e" in note and str(last) in note
    rows = {q: (v, u) for q, v, u in investor_rows(report_tables(r))}
    unit = rows["capex per added H100e"][1]
    assert "not chips" in unit and "net of subsidy" in unit  # user test 2026-12-05 #7
    assert "net of subsidy" in note
    # the share of the investor's additions arriving then (user test s47 #5)
    assert float(
        rows[f"share of the investor's added H100e arriving in {last}, the last year"][0]
    ) == (pytest.approx(100 * share, abs=0.05))
    assert added["capex_usd_per_added_h100e"] == pytest.approx(
        head["numbers"]["capital_spent_usd"] / by_hand.sum(), rel=1e-6
    )


def test_solver_noise_in_the_capex_table_is_zero() -> None:
    """M11: draws of +-3e-5 USD (HiGHS's residuals in the reference) are 0; a cent stays."""
    from tigris.plan import PlanResult

    capex = pd.DataFrame(
        {
            "year": [2026, 2034, 2034, 2035, 2035],
            "source": ["a", "b", "c", "d", "e"],
            "capex_usd": [-3.14e-05, 3.09e-05, 0.01, 5.0e9, -0.01],
            "owner": "investor",
        }
    )
    r = PlanResult(
        scenario_name="hand", status="optimal", objective_usd=1.0, horizon=(2026, 2035), capex=capex
    )
    # a negative cent is money too (review of 9a0f88b: the noise is |x| < 1e-3, not x)
    assert r.capex["capex_usd"].tolist() == [0.0, 0.0, 0.01, 5.0e9, -0.01]
    assert capex["capex_usd"].iloc[0] == -3.14e-05  # the caller's table is not changed


def test_a_rate_below_two_points_is_revalued_at_a_negative_rate_too() -> None:
    """Review of 9a0f88b (RV-MONEY): at a real rate of 1 % the flows at the rate minus 2
    points are discounted at -1 %, a rate above -100 %, so the NPV is given, not NaN.
    By hand: -10 + 9.9/0.99 + 5/0.99^4 = -10 + 10 + 5.2051 = 5.2051B; at 3 %:
    -10 + 9.9/1.03 + 5/1.03^4 = -10 + 9.6117 + 4.4424 = 4.0541B. (A guard ``rate > 0``
    in place of ``rate > -1`` survived the other tests.)"""
    n = _hand_plan(NET, rate=0.01).headline()["numbers"]
    assert n["npv_at_rate_minus_2pt_usd"] == pytest.approx(5.2051e9, rel=1e-4)
    assert n["npv_at_rate_plus_2pt_usd"] == pytest.approx(4.0541e9, rel=1e-4)


def test_a_plan_without_cash_flows_is_not_never_negative() -> None:
    """Review of 9a0f88b (RV-MONEY): with no investor flows there is no cumulative flow
    to be never negative (the docstring's 'False without flows'); returning True there
    survived the other tests."""
    from tigris.plan import PlanResult
    from tigris.plan.summary import cumulative_never_negative

    bare = PlanResult(
        scenario_name="hand", status="optimal", objective_usd=1.0, horizon=(2026, 2029)
    )
    assert cumulative_never_negative(bare) is False
    other = _hand_plan(NET)
    other.finance_flows["name"] = "tsmc"  # flows of another owner only
    assert cumulative_never_negative(other) is False
