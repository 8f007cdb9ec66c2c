"""A capital withdrawal keeps the money released before its start (user test #6 of
2026-12-03, fourth session; docs/risk.md, ``capital_withdrawn``: "money it released
before and has not spent stays (it was paid in)").

The scenario folds a source's tranches of years before the horizon into the first
planning year (:meth:`tigris.scenario.schema.CapitalSource.by_year`), so a withdrawal
from the first year must not zero that column. The schedules here are by hand: a fund of
$4B released evenly over 2024-2027 is $1B a year, so over the horizon 2026-2028 the plan
sees $3B in 2026 (2024, 2025 and 2026), $1B in 2027 and nothing in 2028.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.conftest import SMALL_3Y, replaced
from tigris.plan.assemble import assemble
from tigris.risk.disruptions import CapitalWithdrawn, apply_disruption
from tigris.scenario.edit import load_any

B = 1e9
EVEN = replaced(
    SMALL_3Y,
    (
        "amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027",
        "amount_usd: 4.0e9\n    first_year: 2024\n    last_year: 2027",
    ),
)
BY_YEAR = replaced(
    SMALL_3Y,
    (
        "amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027",
        "usd_by_year: {2025: 1.0e9, 2026: 2.0e9, 2028: 5.0e8}",
    ),
)


def _row(text: str, start_year: int | None) -> list[float]:
    sc = load_any(text)
    inp, _ = assemble(sc)
    assert inp.years.tolist() == [2026, 2027, 2028]
    if start_year is not None:
        event = CapitalWithdrawn(name="w", capital="fund", start_year=start_year, source="t")
        inp = apply_disruption(inp, event, sc)
    return (np.asarray(inp.capital_usd, float)[inp.sources.index("fund")] / B).tolist()


def test_the_hand_schedule_is_what_the_plan_sees():
    assert _row(EVEN, None) == pytest.approx([3.0, 1.0, 0.0])
    assert _row(BY_YEAR, None) == pytest.approx([3.0, 0.0, 0.5])


@pytest.mark.parametrize(
    ("text", "start", "expected"),
    [
        (EVEN, 2026, [2.0, 0.0, 0.0]),  # 2024 and 2025 paid in, 2026 and 2027 gone
        (EVEN, 2027, [3.0, 0.0, 0.0]),  # 2024-2026 paid in
        (EVEN, 2028, [3.0, 1.0, 0.0]),  # nothing left to withdraw
        (BY_YEAR, 2026, [1.0, 0.0, 0.0]),  # 2025's $1B stays
        (BY_YEAR, 2027, [3.0, 0.0, 0.0]),
    ],
)
def test_a_withdrawal_keeps_the_money_released_before_it(text, start, expected):
    assert _row(text, start) == pytest.approx(expected)


def test_the_note_says_what_stays():
    sc = load_any(EVEN)
    inp, _ = assemble(sc)
    event = CapitalWithdrawn(name="w", capital="fund", start_year=2026, source="t")
    note = apply_disruption(inp, event, sc).notes[-1]
    assert "releases nothing from 2026" in note
    assert "$2" in note and "before 2026 stays" in note
