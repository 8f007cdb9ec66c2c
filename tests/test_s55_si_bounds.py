"""Finite inputs that overflowed the silicon and fab layers are refused in one line
(user test 2026-12-07 #3, #4): ``chip h100 --d0 100`` (5e-321 good dies a wafer) printed
every cost as null with exit 0 where ``--d0 200`` was refused; ``die --d0 1e308 --units
144 --spares 12`` printed a null yield behind numpy overflow warnings; ``fab --wspm
1e-310`` a null cost per wafer, and ``--wspm 0.5`` a warning that read "0 wspm".

Each case runs with numpy's RuntimeWarning raised as an error, so a warning that
leaks (overflow, invalid value) fails it."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import pytest

from .conftest import CliResult, assert_one_line_error


@pytest.fixture(autouse=True)
def _runtime_warnings_fail() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        yield


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("chip", "h100", "--d0", "100"), "--d0"),
        (("chip", "h100", "--d0", "1e100"), "--d0"),
        (("die", "--width", "26", "--height", "31.3", "--d0", "1e308", "--units", "144",
          "--spares", "12"), "--d0"),
        (("fab", "--node", "N5", "--wspm", "1e-310", "--site", "taiwan"), "--wspm"),
        (("fab", "--node", "N5", "--wspm", "0.5", "--site", "taiwan"), "--wspm"),
    ],
)  # fmt: skip
def test_overflowing_inputs_are_one_line(
    run_cli: Callable[..., CliResult], args: tuple[str, ...], flag: str
) -> None:
    assert_one_line_error(run_cli(*args), f"error: {flag}: ")


def test_the_largest_d0_still_answers_with_a_zero_yield(run_cli: Callable[..., CliResult]) -> None:
    """At the bound (1e15 defects/cm^2) a harvested 814 mm^2 die yields nothing: 0, not
    NaN; every number in the document is finite."""
    doc = run_cli(
        "die", "--width", "26", "--height", "31.3", "--d0", "1e15", "--units", "144",
        "--spares", "12", "--json",
    ).json()  # fmt: skip
    assert doc["yield"] == 0.0
    assert all(math.isfinite(v) for v in doc.values() if isinstance(v, float))


def test_a_chip_with_few_good_dies_is_still_priced(run_cli: Callable[..., CliResult]) -> None:
    """Where the cost is finite the bill stands, with its warning (--d0 20: stop 47's
    readable huge cost): the refusal is only where the cost overflows."""
    doc = run_cli("chip", "h100", "--d0", "20", "--json").json()
    assert math.isfinite(doc["manufacturing_cost_usd"]) and doc["good_dies_per_wafer"] < 1


def test_a_small_fab_warning_quotes_the_value_given(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("fab", "--node", "N5", "--wspm", "1.5", "--site", "taiwan")
    assert res.code == 0, res.err
    assert "warning: 1.5 wspm is below 5,000" in " ".join((res.out + res.err).split())
