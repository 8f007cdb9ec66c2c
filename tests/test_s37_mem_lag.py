"""S37 MEM-DATA item 1: the hindcast's HBM lag does not count the CoWoS quarter twice.

TrendForce (Avril Wu, 2024-03-18) gives HBM "over two quarters from wafer start to final
packaging" in a paragraph on the production differences between HBM and DDR5 (die 35-45 %
larger, yield including TSV packaging 20-30 % lower, production cycle including TSV
1.5-2 months longer); the buyers lock in orders with the memory suppliers because of it.
The Chinese original (trendforce.com.tw 20240318-12079) says from wafer input to output
and the completion of packaging. DDR5 has no CoWoS step, so the two quarters are the
memory maker's own cycle, ending when the stack is packaged (TSV, stacking, stack test);
another TrendForce note of early 2024 names "CoWoS packaging constraints and the
inherently long production cycle of HBM ... beyond two quarters" as two bottlenecks. The
accelerator's CoWoS pass comes after, and its 3 months (hindcast_lags.csv cowos row) run
from that pass to the sale: 6 + 3 = 9 counts no quarter twice.
"""

from __future__ import annotations

import pytest

from tigris.world import hindcast as hc

#: TrendForce's "over two quarters" from an HBM DRAM wafer start to the packaged stack
#: [months].
TRENDFORCE_HBM_CYCLE_MONTHS = 6


def _months(years: float) -> float:
    return years * 12


def test_hbm_lag_holds_two_quarters_before_the_cowos_lag() -> None:
    # The reading above: the HBM lag is the maker's cycle plus CoWoS's lag, not the cycle
    # alone (the other reading, "final packaging" = the accelerator's CoWoS, gives 6).
    lags = hc.lag_years()
    assert _months(lags["hbm"] - lags["cowos"]) >= TRENDFORCE_HBM_CYCLE_MONTHS


def test_the_stack_is_bonded_between_the_dram_start_and_the_cowos_pass() -> None:
    # the TSV stage DDR5 lacks (TrendForce: 1.5-2 months) ends where the CoWoS lag starts
    lags = hc.bill_lag_years()
    assert lags["cowos"] < lags["hbm_stacking"] < lags["hbm"]
    assert _months(lags["hbm"] - lags["hbm_stacking"]) >= TRENDFORCE_HBM_CYCLE_MONTHS - 2.0


def test_the_other_reading_would_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    # The test above can fail: with the HBM lag at TrendForce's 6 alone (CoWoS inside the
    # two quarters) it does.
    rows = [dict(r) for r in hc.load_rows(hc._LAGS)]
    for r in rows:
        if r["kind"] == "hbm":
            r["lag_months"] = TRENDFORCE_HBM_CYCLE_MONTHS
    monkeypatch.setattr(hc, "load_rows", lambda name: rows)
    hc.lag_years.cache_clear()
    try:
        lags = hc.lag_years()
        assert _months(lags["hbm"] - lags["cowos"]) < TRENDFORCE_HBM_CYCLE_MONTHS
    finally:
        monkeypatch.undo()
        hc.lag_years.cache_clear()
