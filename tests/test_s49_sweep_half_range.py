"""``tigris sweep --set discount_rate=0.1:0.2`` said "expected a number, got the text
'0.1:0.2'" without naming the range form it was close to (user test s49 new user #9):
two numbers with a colon are now refused as a range without its ``n``, with the form
and an example. Other texts with a colon are values as before; ``tigris plan`` takes
one value and keeps its own words."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.runs.sweep import parse_set


def test_lo_hi_without_n_names_the_range_form() -> None:
    with pytest.raises(InputError) as info:
        parse_set("discount_rate=0.1:0.2")
    [p] = info.value.problems
    assert p.field == "--set"
    assert "lo:hi:n" in p.message and "0.1:0.2:3" in p.message


def test_a_range_and_a_text_with_a_colon_are_as_before() -> None:
    assert parse_set("discount_rate=0.1:0.2:3")[1] == [0.1, 0.15, 0.2]
    assert parse_set("name=a:b") == ("name", ["a:b"])


def test_plan_keeps_its_one_value_words(run_cli) -> None:
    res = run_cli("plan", "docs/examples/small-plan.yaml", "--set", "discount_rate=0.1:0.2")
    assert res.code == 2
    assert "lo:hi:n" not in res.err and "discount_rate" in res.err, res.err
