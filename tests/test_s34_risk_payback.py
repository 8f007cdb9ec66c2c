"""UT-SWF #11 (user test 2026-12-04): ``tigris risk`` printed "payback year p5 2035.3",
a fractional year from interpolating between two plans' paybacks. A year's quantiles
are now years some plan paid back in: the empirical distribution's inverse, Hyndman &
Fan (1996) definition 1 (numpy ``method="inverted_cdf"``), the earliest year by which at
least that share of the plans had paid back. Other outputs keep the linear definition.
"""

from __future__ import annotations

import pandas as pd
import pytest

#: Five plans' payback years and their quantiles by hand: with n = 5 the p-quantile is
#: the ceil(5 p)-th smallest (5 p = 0.25, 1.25, 2.5, 3.75, 4.75 -> 1st, 2nd, 3rd, 4th,
#: 5th): 2033, 2034, 2036, 2036, 2037.
PAYBACK = [2036.0, 2033.0, 2037.0, 2036.0, 2034.0]
WANT = {"p5": 2033.0, "p25": 2034.0, "p50": 2036.0, "p75": 2036.0, "p95": 2037.0}
#: The same five numbers as NPVs [USD]: linear (definition 7), position p (n - 1)
#: between the sorted values: p5 at 0.2 -> 2033 + 0.2 x 1 = 2033.2.
LINEAR_P5 = 2033.2


def _outputs(name: str, values: list[float]) -> pd.DataFrame:
    return pd.DataFrame(
        {"member": range(len(values)), "output": name, "year": "all", "value": values}
    )


def test_payback_quantiles_are_years_a_plan_paid_back_in() -> None:
    from tigris.risk.montecarlo import quantile_table

    q = quantile_table(_outputs("payback_year", PAYBACK)).iloc[0]
    for col, want in WANT.items():
        assert q[col] == want, col
        assert q[col] in PAYBACK
    assert q["mean"] == pytest.approx(sum(PAYBACK) / 5)  # a mean stays a mean
    # undefined paybacks (NaN: never paid back) are left out, as before
    q = quantile_table(_outputs("payback_year", [*PAYBACK, float("nan")])).iloc[0]
    assert q["n"] == 5 and q["p5"] == 2033.0


def test_other_outputs_keep_the_linear_quantile() -> None:
    from tigris.risk.montecarlo import quantile_table

    q = quantile_table(_outputs("npv_total_usd", PAYBACK)).iloc[0]
    assert q["p5"] == pytest.approx(LINEAR_P5)
