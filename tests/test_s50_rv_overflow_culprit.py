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


def test_an_input_whose_1_is_refused_is_not_blamed() -> None:
    """Review of s50: ``tpot_ms=1e305`` is farthest from 1 but takes no part in the
    overflow (at 50 ms the same call overflows too); ``tpot_ms=1`` is refused as out of
    reach, which said nothing of the overflow and was read as "the overflow is gone"."""
    import pytest

    import tigris
    from tigris.errors import InputError

    args = dict(
        model="llama-3.1-70b",
        accelerator="h100",
        prompt_tokens=1000,
        output_tokens=200,
        tokens_per_day=1e300,
        usd_per_kwh=1e300,
    )
    with pytest.raises(InputError) as at_50:
        tigris.infer(**args, tpot_ms=50.0)
    assert "overflows" in str(at_50.value)  # the overflow is not tpot_ms's
    with pytest.raises(InputError) as exc:
        tigris.infer(**args, tpot_ms=1e305)
    assert exc.value.problems[0].field != "tpot_ms", str(exc.value)
