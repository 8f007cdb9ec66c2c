"""An option of one value given twice is refused in one line (user test 2026-12-07 #8:
``die --width 10 ... --width 20`` ran with 20, ``fab --node N5 --node N3`` with N3,
``chip h100 --year 2026 --year 2023`` with 2023, each without a word, as click keeps
the last). Options that take several values and repeated flags are left alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import CliResult, assert_one_line_error


@pytest.mark.parametrize(
    ("args", "flag", "values"),
    [
        (("die", "--width", "10", "--height", "10", "--d0", "0.1", "--width", "20"),
         "--width", "(10, then 20)"),
        (("fab", "--node", "N5", "--node", "N3", "--wspm", "1000", "--site", "tw"),
         "--node", "(N5, then N3)"),
        (("chip", "h100", "--year", "2026", "--year=2023"), "--year", "(2026, then 2023)"),
        (("scenario", "check", "x.yaml", "--data", "a.yaml", "--data", "b.yaml"),
         "--data", "(a.yaml, then b.yaml)"),
    ],
)  # fmt: skip
def test_a_repeated_option_is_one_line(
    run_cli: Callable[..., CliResult], args: tuple[str, ...], flag: str, values: str
) -> None:
    assert_one_line_error(run_cli(*args), f"error: {flag}: given twice {values}; give it once")


def test_a_repeated_flag_and_a_multiple_option_run(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--json", "--json")
    assert res.code == 0, res.err
    # --set takes several: the command reads them all (here its help, before any solve)
    res = run_cli("plan", "--set", "discount_rate=0.07", "--set", "horizon.end=2034", "--help")
    assert res.code == 0 and "given twice" not in res.err, res.err
