"""``tigris compare``: equal values read 0 %, whatever their sign (leftovers of
2026-12-03 session 6, item 2).

A percent of A is n/a on a base of zero or below, or across zero
(tests/test_leftovers_compare_pct.py). But when A and B are equal the change is plainly
none: 0 % of any base, -$4B to -$4B included, and 0 to 0. Hand-made plans: only the
investor's NPV differs, so every number is known by hand.
"""

from __future__ import annotations

import pytest

# the same hand-made plans and row reader as the zero-base cases
from tests.test_leftovers_compare_pct import _npv_row


@pytest.mark.parametrize("value", [-4e9, 0.0, 2e9])
def test_equal_values_are_zero_percent(value: float) -> None:
    """A = B: B - A = 0 exactly, so 0 % in the text and 0.0 in --json, on a negative,
    zero or positive base alike."""
    row, pct = _npv_row(value, value)
    assert row["change"] == 0.0
    assert row["change_pct"] == 0.0
    assert pct == "0%"


def test_a_float_residue_on_a_negative_base_is_zero_percent() -> None:
    """-4e9 and -4e9 (1 + 1e-12) differ by a solver residue (below 1e-9 of the larger
    side, docs/compare.md): the change is 0, so the percent is 0 too, not n/a."""
    row, pct = _npv_row(-4e9, -4e9 * (1 + 1e-12))
    assert row["change"] == 0.0
    assert row["change_pct"] == 0.0
    assert pct == "0%"


@pytest.mark.parametrize(("a", "b"), [(-4e9, -2e9), (0.0, 1e9), (1e9, -3e9)])
def test_unequal_values_keep_no_percent(a: float, b: float) -> None:
    """The n/a rule stays where the values differ."""
    row, pct = _npv_row(a, b)
    assert row["change_pct"] is None
    assert pct == "n/a"
