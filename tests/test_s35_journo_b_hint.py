"""The hint for a number written with thousands separators (UT-JOURNO defect 10).

``plan --set ...amount_usd=7,000,000,000,000`` read five values and suggested a
sweep (which then failed on ``amount_usd=0``); ``train --count 50,000`` got a generic
parse error. :func:`tigris.cli._args.grouped_number_hint` says how to write the number;
the CLI's call sites are in /work/notes/JOURNO-B-thousands.patch.
"""

from __future__ import annotations

import pytest

from tigris.cli._args import grouped_number_hint


@pytest.mark.parametrize(
    ("text", "e_form", "plain"),
    [
        ("capital.corporate-partners.amount_usd=7,000,000,000,000", "7e12", "7000000000000"),
        ("50,000", "5e4", "50000"),
        ("1,234.5", "1.2345e3", "1234.5"),
        ("-1,000", "-1e3", "-1000"),
    ],
)
def test_hint_writes_the_number_without_separators(text: str, e_form: str, plain: str) -> None:
    value = text.rpartition("=")[2]
    hint = grouped_number_hint(text)
    assert (
        hint == f"if '{value}' is one number, write {e_form} or {plain} (no thousands separators)"
    )
    # both spellings are the number the separators meant
    assert float(e_form) == float(plain) == float(value.replace(",", ""))


@pytest.mark.parametrize("text", ["discount_rate=0.06,0.1", "12,34", "1,2345", "7e12", "x=a,b"])
def test_no_hint_for_lists_or_plain_numbers(text: str) -> None:
    assert grouped_number_hint(text) == ""


def test_first_grouped_argument_of_a_command_line() -> None:
    args = ["train", "--flops", "2e26", "--count", "50,000", "--days", "1,000"]
    assert "'50,000'" in grouped_number_hint(args)
