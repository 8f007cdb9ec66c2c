"""``tigris fab``: numeric flags bounded as the plan's quantities are (1e15), and a
``--product`` that needs more than the world's CoWoS or HBM capacity warned on stderr
(session 2026-12-04, LEFT-CLI brief item 2)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from importlib import resources
from typing import Any

import pytest

from tests.conftest import assert_one_line_error

RunCli = Callable[..., Any]

#: What the fab verb needs besides the capacity.
FAB = ("fab", "--node", "N4", "--site", "taiwan")


@pytest.mark.parametrize(
    ("flag", "value", "extra"),
    [
        ("--wspm", "1e300", ()),
        ("--wspm", "1.000001e15", ()),
        ("--budget-usd", "1e300", ()),
        ("--budget-usd", "2e15", ()),
        ("--campus-wspm", "1e300", ("--wspm", "50000")),
    ],
)
def test_a_huge_number_is_one_error_line(
    run_cli: RunCli, flag: str, value: str, extra: tuple[str, ...]
) -> None:
    """1e300 wafer starts printed 300-digit capex and a 1e297 MW power draw (exit 0)."""
    res = run_cli(*FAB, flag, value, *extra)
    assert_one_line_error(res, flag, "1e+15")


def test_the_bound_itself_is_accepted(run_cli: RunCli) -> None:
    """1e15 is the scenario's own largest quantity and money (a closed bound)."""
    assert run_cli(*FAB, "--wspm", "1e15", "--json").code == 0
    assert run_cli(*FAB, "--budget-usd", "1e15", "--json").code == 0


def test_the_flags_bound_is_the_scenarios() -> None:
    """The CLI repeats the scenario's bounds (so its start-up skips pydantic): equal."""
    from tigris.cli._args import MAX_QUANTITY, MAX_USD
    from tigris.scenario.schema import MAX_QUANTITY as SCENARIO_QUANTITY
    from tigris.scenario.schema import MAX_USD as SCENARIO_USD

    assert (MAX_QUANTITY, MAX_USD) == (SCENARIO_QUANTITY, SCENARIO_USD)


def _world_cowos_wafers_per_year() -> tuple[int, float]:
    """By hand from incumbent_capacity.csv: the latest year whose CoWoS rows are all
    history, and the sum of those rows' wspm x 12 months."""
    text = resources.files("tigris.data").joinpath("incumbent_capacity.csv").read_text()
    rows = [r for r in csv.DictReader(text.splitlines()) if r["kind"] == "cowos"]
    years = sorted({int(r["year"]) for r in rows})
    done = [y for y in years if all(r["status"] == "history" for r in rows if int(r["year"]) == y)]
    year = done[-1]
    return year, 12 * sum(float(r["capacity"]) for r in rows if int(r["year"]) == year)


def test_more_than_the_worlds_cowos_is_warned_on_stderr(run_cli: RunCli) -> None:
    """200,000 wspm of N4 making H100s needs ~4.15M interposer wafers a year against
    the world's (75k TSMC + 17k OSAT wspm) x 12 = 1.104M at end-2025: ~376 %. The
    share was only a table cell; now one stderr line names it and what it means."""
    year, world = _world_cowos_wafers_per_year()
    assert (year, world) == (2025, 1_104_000.0)  # 92,000 wspm x 12, by hand
    res = run_cli(*FAB, "--wspm", "200000", "--product", "h100", "--json")
    assert res.code == 0, res.err
    needed = res.json()["product_inputs"]["interposer_wafers_per_year"]
    pct = f"{100 * needed / world:.1f}%"
    assert pct == "376.1%"
    lines = [ln for ln in res.err.splitlines() if "CoWoS" in ln]
    assert len(lines) == 1, res.err
    assert lines[0].startswith("warning: ")
    assert pct in lines[0]
    assert f"more than the world's CoWoS capacity in {year}" in lines[0]
    # the text output says it on stderr too (stdout keeps the table)
    text = run_cli(*FAB, "--wspm", "200000", "--product", "h100")
    assert text.code == 0
    assert f"more than the world's CoWoS capacity in {year}" in text.err
    assert "more than the world's" not in text.out


def test_the_warning_starts_above_the_whole_world(run_cli: RunCli) -> None:
    """The share is linear in wspm: 1 % below the capacity that needs exactly the
    world's CoWoS is not warned, 1 % above is."""
    _, world = _world_cowos_wafers_per_year()
    res = run_cli(*FAB, "--wspm", "100000", "--product", "h100", "--json")
    per_wspm = res.json()["product_inputs"]["interposer_wafers_per_year"] / 100_000
    at_world = world / per_wspm  # wspm whose interposers are the world's whole capacity
    below = run_cli(*FAB, "--wspm", f"{0.99 * at_world:.0f}", "--product", "h100")
    above = run_cli(*FAB, "--wspm", f"{1.01 * at_world:.0f}", "--product", "h100")
    assert below.code == above.code == 0
    assert "CoWoS capacity" not in below.err
    assert "more than the world's CoWoS capacity" in above.err
