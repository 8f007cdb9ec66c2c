"""``--stochastic``'s two refusals agree on when 0 is allowed (user test 2026-12-05,
risk #6): -1 said "a whole number >= 0", as if 0 were fine, and 0 then said ">= 1".
Both now say that 0 is allowed only with ``--disruption`` (its futures alone), and 0
with a disruption is not refused for its count.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import CliResult, assert_one_line_error

ZERO = "0 only with --disruption: its futures alone"


@pytest.mark.parametrize("value", ["-1", "0", "65"])
def test_each_refusal_says_when_0_is_allowed(value: str, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("risk", "--stochastic", value, "--no-store")
    assert_one_line_error(res, "--stochastic: expected a whole number", ZERO, f"got {value}")


def test_zero_with_a_disruption_passes_the_count(run_cli: Callable[..., CliResult]) -> None:
    """The next check is the disruption's name, so the count was accepted."""
    res = run_cli("risk", "--stochastic", "0", "--disruption", "no-such", "--no-store")
    assert_one_line_error(res, "--disruption: unknown disruption 'no-such'")
