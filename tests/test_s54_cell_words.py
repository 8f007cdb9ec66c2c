"""A ``--set`` of an empty or non-numeric data cell is told in words that fit a
``--set`` (user tests 2026-12-06: ``--set data.sites.japan.corporate_tax_rate=0.3``
said "a distribution varies a number the row has", with no distribution in sight)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .conftest import CliResult, assert_one_line_error


@pytest.mark.parametrize(
    ("path", "said"),
    [
        (
            "data.sites.japan.corporate_tax_rate",
            "the cell is empty in table sites: a --set or a distribution changes a number "
            "the row has; give it with --data FILE first",
        ),
        (
            "nodes.N3.family",
            "column 'family' of nodes does not hold a number; a --set or a distribution "
            "changes one of: ",
        ),
    ],
)
def test_a_set_of_a_cell_without_a_number_says_so(
    run_cli: Callable[..., CliResult], path: str, said: str
) -> None:
    res = run_cli("plan", "--no-store", "--set", f"{path}=0.3")
    assert_one_line_error(res, f"--set: {path}", said)
    assert "distribution varies" not in res.err


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("40%", "write the fraction 0.40 for 40 % (no percent signs)"),
        ("2k", "write 2e3 (2k = 2 × 10³; no unit suffixes)"),
    ],
)
def test_a_cell_written_as_people_write_numbers_gets_the_hint(
    run_cli: Callable[..., CliResult], value: str, hint: str
) -> None:
    """As a scenario path's value does (``--set sites.japan...=40%``)."""
    path = "data.sites.japan.subsidy_share_of_capex"
    res = run_cli("plan", "--no-store", "--set", f"{path}={value}")
    assert_one_line_error(res, f"--set: {path}={value}: expected a number, got '{value}'; {hint}")
