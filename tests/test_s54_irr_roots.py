"""An IRR that is one of several says so (user test 2026-12-06: flows with two roots,
-7.2 % and 25.8 %, printed one IRR without a word). Flows that change sign more than
once can have several internal rates of return; numpy-financial's ``irr`` gives the one
closest to zero, which then does not rank the plan (Brealey, Myers & Allen 2020, ch. 5,
"Pitfall 2: multiple rates of return").
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tigris.finance.measures import irr, irr_roots
from tigris.plan.inputs import INVESTOR
from tigris.plan.summary import irr_roots_words, plan_headline

#: A project with two IRRs, by hand: -100 + 230 x - 132 x^2 = -(11 x - 10)(12 x - 10),
#: x = 1/(1+r) = 10/11 or 10/12: r = 10 % and 20 %.
TWO_ROOTS = [-100.0, 230.0, -132.0]


def _npv(flows: list[float], r: float) -> float:
    return sum(f / (1.0 + r) ** t for t, f in enumerate(flows))


def test_the_hand_example_has_both_roots_and_irr_is_the_one_nearer_zero() -> None:
    assert irr_roots(TWO_ROOTS) == pytest.approx([0.10, 0.20], abs=1e-12)
    assert irr(TWO_ROOTS) == pytest.approx(0.10, abs=1e-12)


@pytest.mark.parametrize(
    ("flows", "roots"),
    [
        ([-100.0, 110.0], [0.10]),  # one sign change: one root
        ([-100.0, 0.0, 121.0], [0.10]),  # a year without flow
        ([100.0, 50.0], []),  # one sign: none
    ],
)
def test_roots_by_hand(flows: list[float], roots: list[float]) -> None:
    assert irr_roots(flows) == pytest.approx(roots, abs=1e-6)


@given(
    st.lists(
        st.floats(-1e3, 1e3, allow_nan=False).filter(lambda v: abs(v) > 1e-3),
        min_size=2,
        max_size=8,
    )
)
def test_each_root_zeroes_the_npv_and_no_more_than_the_sign_changes(flows: list[float]) -> None:
    """Descartes' rule of signs bounds the roots by the sign changes; each zeroes the
    NPV; numpy-financial's IRR is one of them (or there are none)."""
    roots = irr_roots(flows)
    changes = int(np.sum(np.diff(np.sign(flows)) != 0))
    assert len(roots) <= changes
    for r in roots:
        # relative to the sum of the discounted flows' sizes, the scale the rounding of
        # a polynomial's roots works at (a backward-stable root has a tiny residual)
        scale = sum(abs(f) / (1.0 + r) ** t for t, f in enumerate(flows))
        assert abs(_npv(flows, r)) <= 1e-6 * scale, (flows, r)
    chosen = npf.irr(flows)
    if math.isfinite(chosen):
        assert min(abs(r - chosen) for r in roots) < 1e-9


def _with_investor_flows(result: Any, net: list[float]) -> Any:
    """``result`` with the investor's owner flows replaced by ``net`` from the first
    year, and its ``finance_owners`` IRR theirs, as the finance tables would give."""
    flows = result.finance_flows.copy()
    mine = (flows["level"] == "owner") & (flows["name"] == INVESTOR)
    years = sorted(flows.loc[mine, "year"])
    assert len(years) >= len(net)
    values = dict(zip(years, net + [0.0] * (len(years) - len(net)), strict=True))
    flows.loc[mine, "net_usd"] = flows.loc[mine, "year"].map(values)
    owners = result.finance_owners.copy()
    owners.loc[owners["owner"] == INVESTOR, "irr"] = irr(list(values.values()))
    return dataclasses.replace(result, finance_flows=flows, finance_owners=owners)


def test_the_money_line_names_every_root(reference_solved: Any) -> None:
    """The reference with the investor's flows made two-rooted (1e9 x the hand
    example): its Money line gives the IRR and both rates; with one root, no note."""
    two = _with_investor_flows(reference_solved, [1e9 * f for f in TWO_ROOTS])
    key = plan_headline(two)["key"]
    assert "IRR 10.0% real (one of 2 rates that zero the NPV, 10.0% and 20.0%:" in key, key
    one = _with_investor_flows(reference_solved, [-1e9, 1.1e9])
    assert "rates that zero the NPV" not in plan_headline(one)["key"]


def test_words_only_for_the_roots_of_the_same_flows() -> None:
    import pandas as pd

    f = pd.DataFrame({"year": [2028, 2026, 2027], "net_usd": [-132.0, -100.0, 230.0]})
    assert "10.0% and 20.0%" in irr_roots_words(f, 0.1)  # sorted by year first
    assert irr_roots_words(f, 0.15) == ""  # not one of them: another table's IRR
    assert irr_roots_words(f, float("nan")) == ""
