"""A whole number of exactly 1024 bits (``2**1024 - 1``) is still too large for a
float: it is refused naming the control, not an OverflowError (review of s48 serve #4:
the bit-length check let it through)."""

from __future__ import annotations

import pytest

from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.scenario.edit import load_any
from tigris.serve.controls import controls_for, whatif


@pytest.mark.parametrize(
    "value", [2**1024 - 1, -(2**1024 - 1), 2**1024 - 2**970], ids=["2^1024-1", "neg", "round-up"]
)
@pytest.mark.parametrize("path", ["discount_rate", "capital.fund.first_year"])
def test_a_1024_bit_whole_number_names_the_control(path: str, value: int) -> None:
    base = load_any(SMALL_3Y)
    (c,) = [c for c in controls_for(base) if c.path == path]
    with pytest.raises(InputError) as info:
        whatif(base, {c.id: value})
    (p,) = info.value.problems
    assert path in p.field and "digits" in p.message


def test_the_largest_float_whole_number_is_still_checked_by_range() -> None:
    base = load_any(SMALL_3Y)
    (c,) = [c for c in controls_for(base) if c.path == "discount_rate"]
    big = int(1.7976931348623157e308)
    with pytest.raises(InputError) as info:
        whatif(base, {c.id: big})
    (p,) = info.value.problems
    assert "discount_rate" in p.field and "to" in p.message
