"""A number with thousands separators in a flow map (``cowos_wspm: {2026: 20,000}``) is
named as such, in one line at its own line: YAML reads the comma as the end of the
entry, so the map held 20 and a key ``000`` with no value, and the errors said
"cowos_wspm.0: expected a number, got nothing (null)" or "given twice", never the comma
(user test 2026-12-06). In a block map the text '20,000' already had its own message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL, CliResult, assert_one_line_error, line_of, write_scenario


@pytest.mark.parametrize(
    ("old", "new", "field", "written"),
    [
        (
            "cowos_wspm: {2026: 20000}",
            "cowos_wspm: {2026: 20,000}",
            "supply.cowos_wspm.2026",
            "20,000",
        ),
        (
            "h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}",
            "h100e_by_year: {2026: 4,000,000, 2029: 8.0e6}",
            "demand.0.h100e_by_year.2026",
            "4,000,000",
        ),
        (
            "logic_wspm: {N5: {2026: 19000}}",
            "logic_wspm: {N5: {2026: 19,000}}",
            "supply.logic_wspm.N5.2026",
            "19,000",
        ),
    ],
)
def test_a_separator_in_a_flow_map_is_named_once(
    tmp_path: Path,
    run_cli: Callable[..., CliResult],
    old: str,
    new: str,
    field: str,
    written: str,
) -> None:
    assert old in SMALL
    path = write_scenario(tmp_path, SMALL.replace(old, new))
    res = run_cli("scenario", "check", path)
    line = line_of(path, new)
    assert_one_line_error(
        res,
        f"{path}:{line}: {field}: a thousands separator in {written}?",
        f"write {written.replace(',', '')}",
    )
    assert "null" not in res.err and "given twice" not in res.err


def test_a_three_digit_year_key_without_a_value_is_left_to_the_checks(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """A key of three digits after a value that is not a number's leading digits (a
    quoted key) is not a separator: the checks' own words stand."""
    text = SMALL.replace("cowos_wspm: {2026: 20000}", "cowos_wspm: {2026: 20000, '500': }")
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert res.code == 2
    assert "thousands separator" not in res.err


def test_a_word_before_a_three_digit_key_is_no_separator(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """Only a number's leading group (1-3 digits) before the ``000`` key reads as one:
    ``{N5: abc, 000: }`` gets the checks' own words."""
    text = SMALL.replace("logic_wspm: {N5: {2026: 19000}}", "logic_wspm: {N5: abc, 000: }")
    res = run_cli("scenario", "check", write_scenario(tmp_path, text))
    assert res.code == 2
    assert "thousands separator" not in res.err
