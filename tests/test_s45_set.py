"""``tigris plan --set``: its refusals and its provenance marks (user test s45).

A refused value is one line naming ``--set`` and the path, echoing the value as the
user typed it and saying what is wrong with it (not a YAML parser's ``<text>:1``, not
"write numbers without quotes" for a value written without quotes). Every value set on
the command line is said to be so in plan.json's ``assumptions``, on the rows that use
it and on no other row.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error

#: (what the user typed after --set, what the one error line must say, what it must not)
REFUSED = [
    # a flow value YAML cannot read: --set and the field named, what was expected said
    (
        "sites.texas-usa.max_modules=[1",
        ("--set", "sites.texas-usa.max_modules=[1:", "expected"),
        ("<text>",),
    ),
    # unquoted, so "without quotes" is no advice; hexadecimal is not a decimal number
    (
        "sites.texas-usa.max_modules=0x10",
        ("--set", "sites.texas-usa.max_modules=0x10:", "not a decimal number"),
        ("without quotes",),
    ),
    # YAML's NaN is no number a scenario takes: not finite
    (
        "discount_rate=.nan",
        ("--set", "discount_rate=.nan:", "not a finite number"),
        ("without quotes",),
    ),
    # beyond the largest float: echoed as typed, not as Infinity
    (
        "discount_rate=1e400",
        ("--set", "discount_rate=1e400:", "not a finite number"),
        ("Infinity", "inf"),
    ),
    # a float where an integer is expected: echoed as typed, not as 1000000000(.0)
    (
        "sites.texas-usa.max_modules=1e9",
        ("--set", "sites.texas-usa.max_modules=1e9:", "expected an integer"),
        ("1000000000",),
    ),
]


@pytest.mark.parametrize(("typed", "said", "unsaid"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_value_is_named_as_typed(run_cli, typed, said, unsaid) -> None:
    res = run_cli("plan", "--no-store", "--set", typed)
    assert_one_line_error(res, *said)
    for text in unsaid:
        assert text not in res.err, (text, res.err)


def test_a_quoted_number_still_says_to_drop_the_quotes(run_cli) -> None:
    """The advice stays where it is true: the user quoted the number."""
    res = run_cli("plan", "--no-store", "--set", 'discount_rate="0.1"')
    assert_one_line_error(res, "--set", "discount_rate=", "without quotes")
