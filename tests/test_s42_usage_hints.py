"""Usage errors point to the verb's own ``--help`` and suggest only options a user may
give (user test 2026-12-05, reports #8).

``tigris report DIR --bogus`` suggested "Possible options: --out", an option ``report``
keeps hidden only to refuse it with advice; ``tigris hindcast --baseline`` (no value)
said "see 'tigris --help'" where other hindcast errors name ``tigris hindcast --help``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import CliResult, assert_one_line_error


def test_a_hidden_option_is_not_suggested(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("report", "somewhere", "--bogus")
    assert_one_line_error(res, "No such option: --bogus", "(see 'tigris report --help')")
    assert "--out" not in res.err


def test_visible_suggestions_stay(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", "--seed")
    assert_one_line_error(res, "No such option: --seed (Possible options: --set, --store)")


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["hindcast", "--baseline"], "tigris hindcast"),
        (["plan", "--out"], "tigris plan"),
        (["runs", "list", "--limit"], "tigris runs list"),
        (["--bogus"], "tigris"),
    ],
)
def test_a_missing_value_points_to_the_verbs_help(
    args: list[str], where: str, run_cli: Callable[..., CliResult]
) -> None:
    res = run_cli(*args)
    assert_one_line_error(res, f"(see '{where} --help')")
