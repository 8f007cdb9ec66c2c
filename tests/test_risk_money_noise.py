"""Solver noise is not money in ``tigris risk``'s summary (user test 2026-12-03, fourth
session, #12: "capex spent 2035 p75 $0.0000014, p95 $0.0000025" in a year nothing is
built).

The planner counts money in millions of USD and HiGHS holds a solution to 1e-6 of a
unit (its ``mip_feasibility_tolerance``, which tigris leaves at the default): $1. An
amount smaller than that is no amount; larger ones print as ``tigris.fmt.money`` does.
"""

from __future__ import annotations

import pytest

from tigris.cli.risk import _value
from tigris.risk.labels import MONEY_TOL_USD


def test_the_tolerance_is_highs_tolerance_in_dollars():
    import highspy

    from tigris.plan.model import MONEY_SCALE

    h = highspy.Highs()
    _, tol = h.getOptionValue("mip_feasibility_tolerance")
    assert tol * MONEY_SCALE == pytest.approx(MONEY_TOL_USD)


@pytest.mark.parametrize("noise", [1.4e-6, 2.5e-6, -6.9e-5, 0.0, -0.0, 0.4])
def test_noise_prints_as_zero(noise):
    assert _value(noise, "USD") == "$0"


@pytest.mark.parametrize(
    ("usd", "shown"),
    [(1.0, "$1.00"), (-2.5, "-$2.50"), (27_500.0, "$27,500"), (3.2e9, "$3.20B")],
)
def test_real_amounts_print_as_money_does(usd, shown):
    assert _value(usd, "USD") == shown


def test_other_units_are_untouched():
    # a tiny share or count is not money: the tolerance is for USD only
    assert _value(1e-7, "-") == "0.0%"
    assert _value(2.0e-6, "") != "0"
