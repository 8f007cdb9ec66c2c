"""``tigris infer``'s tokens-a-day bound is a data row, not a number in code
(brief CLI-ODDS #4, 2026-12-04).

The bound (1e18 tokens a day: about 2 x 10^4 times the largest volume a provider has
published, Alphabet's Q3 2025 call: 1.3 quadrillion tokens a month across Google's
products) was ``MAX_TOKENS_PER_DAY = 1e18`` in ``tigris/cli/workload.py``. It is now
the ``max_tokens_per_day`` row of ``data/workload_defaults.csv`` with its source and
``as_of`` (``tests/test_data_sources.py`` checks every row has them), and the verb reads
it: a changed row moves the bound.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources

import pytest

from tests.conftest import CliResult, assert_one_line_error

#: Alphabet Q3 2025 earnings call (October 2025): Google's products process over 1.3
#: quadrillion tokens a month [tokens/month].
GOOGLE_TOKENS_PER_MONTH = 1.3e15
#: Mean days in a month (365.25 / 12) [day].
DAYS_PER_MONTH = 365.25 / 12
SERVICE = ("-m", "llama-3.1-405b", "--precision", "fp8", "--prompt-tokens", "1000",
           "--output-tokens", "300")  # fmt: skip


def _row() -> dict[str, str]:
    path = resources.files("tigris.data") / "workload_defaults.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = {r["name"]: r for r in csv.DictReader(fh)}
    return rows["max_tokens_per_day"]


def test_the_row_states_the_bound_its_unit_source_and_date() -> None:
    row = _row()
    assert float(row["value"]) == 1e18
    assert row["unit"] == "tokens/day"
    assert "Alphabet Q3 2025" in row["source"] and "1.3 quadrillion" in row["source"]
    assert row["as_of"].strip()


def test_the_bound_is_about_twenty_thousand_times_googles_volume() -> None:
    # the row's reason, by hand: 1.3e15 a month / 30.44 days = 4.27e13 a day
    ratio = float(_row()["value"]) / (GOOGLE_TOKENS_PER_MONTH / DAYS_PER_MONTH)
    assert 2.0e4 <= ratio < 3.0e4  # "~2 x 10^4"


def test_the_verb_reads_the_row(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row of 1e12 refuses 2e12, which the shipped row (1e18) accepts: the bound is
    read from the table, not a number in the code (on HEAD~1 the verb kept 1e18 and
    printed the fleet, exit 0)."""
    from tigris.workload import _common

    table = dict(_common._defaults())
    table["max_tokens_per_day"] = 1e12
    monkeypatch.setattr(_common, "_defaults", lambda: table)
    res = run_cli("infer", *SERVICE, "--tokens-per-day", "2e12")
    assert_one_line_error(
        res, "error: --tokens-per-day: expected a number in (0, 1e+12], got 2e+12"
    )
    res = run_cli("infer", *SERVICE, "--tokens-per-day", "1e12", "--json")
    assert res.code == 0, res.err


def test_the_shipped_bound_holds(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("infer", *SERVICE, "--tokens-per-day", "1.1e18")
    assert_one_line_error(res, "error: --tokens-per-day: expected a number in (0, 1e+18]")
