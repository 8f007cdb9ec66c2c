"""Review of s50 #5: an overflow named the given number farthest from 1 even when it
took no part: ``--days 1e-300 --price-usd 1e-320`` blamed the price (a price enters the
cost, not the accelerator count 1e-300 days overflows: count = FLOP / (peak x MFU x
goodput x days x 86,400 s) > 1e308), and printed the denormal as 9.99989e-321."""

from __future__ import annotations

from typing import Any

from tests.conftest import assert_one_line_error

RUN = ("train", "--params", "405e9", "--tokens", "15.6e12", "--mfu", "0.4")


def test_the_number_that_overflows_is_named(run_cli: Any) -> None:
    res = run_cli(*RUN, "--days", "1e-300", "--price-usd", "1e-320")
    assert res.code == 2
    assert_one_line_error(res, "--days:", "(--days 1e-300 makes it overflow)")
    assert "price" not in res.err


def test_a_lone_extreme_number_is_still_named(run_cli: Any) -> None:
    res = run_cli("train", "--params", "1e9", "--tokens", "2e10", "-a", "h100", "--days", "1e-300")
    assert_one_line_error(res, "--days:", "--days 1e-300")
