"""User test s47 #1: an integer of over 4,300 digits on the command line was a
traceback (Python's int() limit); it is refused as a file refuses one over 30 digits."""

from __future__ import annotations

import json

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.scenario.edit import parse_value
from tigris.scenario.schema import _year_key
from tigris.yamlio import MAX_INT_DIGITS

HUGE = "9" * 4301


def test_plan_set_value_of_4301_digits_is_one_line(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--set", f"sites.japan.max_modules={HUGE}")
    assert_one_line_error(res, "--set", f"more than {MAX_INT_DIGITS} digits")


def test_plan_json_set_value_of_4301_digits_is_error_document(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--json", "--set", f"sites.japan.max_modules={HUGE}")
    assert res.code == 2, res.err
    assert "Traceback" not in res.err
    assert "digits" in json.loads(res.out)["error"]["messages"][0]


@pytest.mark.parametrize("path", [f"tools.euv_per_year.{HUGE}", f"tools.euv_per_year[{HUGE}]"])
def test_plan_set_year_key_of_4301_digits_is_one_line(run_cli, path: str) -> None:
    res = run_cli("plan", "--no-store", "--set", f"{path}=5")
    assert_one_line_error(res, f"more than {MAX_INT_DIGITS} digits")


def test_sweep_set_value_of_4301_digits_is_one_line(run_cli) -> None:
    res = run_cli("sweep", "--set", f"discount_rate={HUGE}")
    assert_one_line_error(res, "--set", f"more than {MAX_INT_DIGITS} digits")


def test_parse_value_refuses_more_digits_than_a_file() -> None:
    assert parse_value("9" * MAX_INT_DIGITS) == int("9" * MAX_INT_DIGITS)
    with pytest.raises(InputError, match="digits"):
        parse_value("9" * (MAX_INT_DIGITS + 1))


def test_text_year_keys_never_reach_int_of_any_length() -> None:
    from tigris.yamlio import decimal_int

    assert decimal_int("2027") == 2027
    assert decimal_int(HUGE) is None
    assert decimal_int("²") is None  # str.isdigit() is true, int() refuses it
    assert _year_key(HUGE) == HUGE  # stays text: refused as not a year, no ValueError
