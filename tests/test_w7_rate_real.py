"""The discount rate is real, as the cash flows it discounts (usertest_money M1).

Every money figure of a plan is real USD of the scenario's currency year (docs/finance.md:
"no inflation forecast"). A nominal WACC applied to real flows double-counts inflation;
the matching real rate is Fisher's, (1 + nominal)/(1 + expected inflation) - 1 (Fisher,
*The Theory of Interest*, 1930; Brealey, Myers & Allen, *Principles of Corporate
Finance*: "discount real cash flows at the real rate"). These tests derive the rate by
hand from the two sourced rows of ``data/fab_parameters.csv`` and hold the shipped
discount rate, the reference scenario's and its distribution's ends to it.
"""

from __future__ import annotations

import pytest

from tigris.data import load_rows
from tigris.scenario.load import reference_scenario

#: ``discount_rate`` rows are rounded to 0.01 % (1e-4); half of that is the tolerance
ROUNDING = 0.5e-4


def _row(name: str) -> dict[str, object]:
    rows = [r for r in load_rows("fab_parameters") if r["parameter"] == name]
    assert len(rows) == 1, name
    return rows[0]


def _fisher_real(nominal: float, inflation: float) -> float:
    """Real rate from a nominal rate and expected inflation (Fisher 1930) [1/year]."""
    return (1.0 + nominal) / (1.0 + inflation) - 1.0


def test_the_shipped_discount_rate_is_the_nominal_wacc_made_real_by_fisher() -> None:
    nominal = float(_row("nominal_wacc")["value"])
    inflation = float(_row("expected_inflation")["value"])
    rate = float(_row("discount_rate")["value"])
    # 8 % nominal, 2.35 % expected inflation: 1.08 / 1.0235 - 1 = 5.520 % (by hand)
    assert rate == pytest.approx(_fisher_real(nominal, inflation), abs=ROUNDING)
    assert rate < nominal - 0.02  # not the nominal WACC with a rounding
    for name in ("nominal_wacc", "expected_inflation", "discount_rate"):
        r = _row(name)
        assert str(r["source"]).strip() and str(r["as_of"]).strip(), name
    assert "T10YIE" in str(_row("expected_inflation")["source"])
    assert "Fisher" in str(_row("discount_rate")["source"])


def test_the_reference_scenario_discounts_at_the_real_rate() -> None:
    sc = reference_scenario()
    rate = float(_row("discount_rate")["value"])
    assert sc.discount_rate == pytest.approx(rate, abs=1e-12)
    assert "Fisher" in sc.sources["discount_rate"]


def test_the_discount_rate_distribution_if_drawn_is_real_too() -> None:
    # The published nominal WACC range, 7.0 % (valueinvesting.io) to 10.8 % (valuesense.io)
    # with the reference's 8 % most likely, made real with the same inflation.
    dist = reference_scenario().distributions.get("discount_rate")
    if dist is None:  # taken out of the default draws: nothing nominal left to draw
        return
    inflation = float(_row("expected_inflation")["value"])
    for nominal, end in ((0.07, dist.low), (0.08, dist.mode), (0.108, dist.high)):
        assert end == pytest.approx(_fisher_real(nominal, inflation), abs=ROUNDING), nominal
