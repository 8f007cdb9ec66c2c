"""User test of 2026-12-06 (fab and silicon analyst): fixes with hand-derived checks."""

from __future__ import annotations

import math

import pytest

from tigris.fab import fab_model


def test_new_fab_cannot_run_better_than_its_node_on_the_same_date() -> None:
    # N3 (nodes.csv: HVM December 2022, D0 0.10 at HVM, 0.044 mature, 12-month learning)
    # in Taiwan (21 months to first wafer), begun 1 January 2021: first wafer 2022.75.
    r = fab_model("N3", 50_000, "taiwan", start_year=2021, years=5)
    d0 = dict(zip(r.to_frame()["year"], r.d0_per_cm2_by_year, strict=True))
    # 2022: the year's operating part is 2022.75-2023, its middle 2022.875, 0.5 month
    # before N3's HVM (1 December 2022): the node's HVM value, not the copy curve's
    # 2 x 0.044 learning down (0.078) that read 0.10 as beaten before HVM
    assert d0[2022] == pytest.approx(0.10)
    # 2023: middle 2023.5, N3 7 months old: 0.044 + 0.056 exp(-7/12); the new fab's own
    # copy curve (9 months from first wafer, 0.044 + 0.044 exp(-9/6) = 0.054) is lower
    assert d0[2023] == pytest.approx(0.044 + 0.056 * math.exp(-7 / 12), rel=1e-9)
    # a fab of a mature node keeps its own copy curve: N5 (HVM 2020) begun in 2026
    late = fab_model("N5", 50_000, "taiwan", start_year=2026, years=4)
    d5 = dict(zip(late.to_frame()["year"], late.d0_per_cm2_by_year, strict=True))
    assert d5[2028] == pytest.approx(0.044 + 0.044 * math.exp(-9 / 6), rel=1e-9)
