"""A ``--set`` of the data-centre capacity table in another unit is warned of (user test
2026-12-06): ``data.datacenter_capacity.all.ai_growth_scale=150`` (150 % meant as x1.5)
took the world's data centres to 11,110 GW in 2035, and ``usa.2030.mw=85.8`` (GW in a MW
column) left 86 MW of US data centres in 2030, each planned without a word.

The rules (docs/energy.md, "Forward power check"): a region's or the world's MW grow
faster than x(1 + growth_per_year) a year, the top of Epoch AI's 4-5x a year of frontier
training compute (data/finance_warnings.csv), or fall below the end of the region's
history. Each figure a warning quotes is re-derived here from the shipped rows by hand
(the scale's own formula, docs/risk.md), not read back from the code that warns."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from tigris.data import load_rows
from tigris.runs.sweep import set_warning_lines
from tigris.scenario import reference_scenario
from tigris.scenario.checks_cells import cell_warning_lines

from .conftest import CliResult

MW_PER_GW = 1e3  # MW in a GW
GROWTH = "data.datacenter_capacity.all.ai_growth_scale"


def _rows() -> list[dict]:
    return [dict(r) for r in load_rows("datacenter_capacity")]


def _world_ai(scale: float, year: int) -> float:
    """The world's AI MW at the end of ``year`` [MW] with every region's projected AI
    growth scaled by hand: AI_h + scale (AI_y - AI_h), AI_h the region's 2025 AI MW.
    Regions with no row that year hold their last (none before 2026 is missing)."""
    total = 0.0
    by_region: dict[str, list[dict]] = {}
    for r in _rows():
        by_region.setdefault(r["region"], []).append(r)
    for rows in by_region.values():
        rows.sort(key=lambda r: r["year"])
        hist = [r for r in rows if r["status"] == "history"]
        ai_h = hist[-1]["mw"] * hist[-1]["ai_share"]
        upto = [r for r in rows if r["year"] <= year]
        r = upto[-1]
        ai = r["mw"] * r["ai_share"]
        if r["status"] == "projected":
            ai = max(0.0, ai_h + scale * (ai - ai_h))
        total += ai
    return total


def _growth_limit() -> float:
    (row,) = [r for r in load_rows("finance_warnings") if r["parameter"] == "growth_per_year"]
    return 1.0 + float(row["value"])


def test_a_percent_scale_is_warned_of_with_the_world_figures_it_gives() -> None:
    (line,) = cell_warning_lines(reference_scenario(), {GROWTH: 150})
    assert line.startswith(f"--set: {GROWTH}=150: {GROWTH}: with it, the world's AI data ")
    assert "a scale is a ratio: 150 % is written 1.5" in line
    m = re.search(
        r"from the end of (\d{4}) to the end of (\d{4}) \(([\d.,]+) to ([\d.,]+) GW\)", line
    )
    assert m is not None, line
    y0, y1 = int(m[1]), int(m[2])
    gw0, gw1 = (float(m[i].replace(",", "")) for i in (3, 4))
    assert (y0, y1) == (2025, 2026)
    assert gw0 == pytest.approx(_world_ai(150, 2025) / MW_PER_GW, abs=0.05)
    assert gw1 == pytest.approx(_world_ai(150, 2026) / MW_PER_GW, abs=0.05)
    assert gw1 / gw0 > _growth_limit()  # the claim the warning makes


@pytest.mark.parametrize("scale", [0.47, 1.0, 2.2])
def test_the_reference_risk_range_of_the_scale_warns_of_nothing(scale: float) -> None:
    """docs/risk.md's triangular 0.47/1.0/2.2: within it, the world's AI MW grow by less
    than the limit every year (checked by hand), and nothing is said."""
    for year in range(2026, 2031):
        assert _world_ai(scale, year) / _world_ai(scale, year - 1) < _growth_limit()
    assert cell_warning_lines(reference_scenario(), {GROWTH: scale}) == []


def test_gw_in_the_mw_column_is_warned_of_as_a_shrinking_stock() -> None:
    path = "data.datacenter_capacity.usa.2030.mw"
    (line,) = cell_warning_lines(reference_scenario(), {path: 85.8})
    end_2025 = sum(r["mw"] for r in _rows() if r["region"] == "usa" and r["year"] == 2025)
    assert f"would fall from {end_2025:,.0f} MW at the end of 2025 to 86 MW in 2030" in line
    assert "85.8 GW is written 85800" in line
    # the same figure in MW is a growing stock: nothing to say
    assert cell_warning_lines(reference_scenario(), {path: 85_800}) == []


def test_a_sweep_says_it_once_naming_the_value() -> None:
    lines = set_warning_lines(reference_scenario(), [{GROWTH: 1.0}, {GROWTH: 150}])
    slips = [ln for ln in lines if "faster than x5 a year" in ln]
    assert len(slips) == 1 and "=1,150:" in slips[0]


@pytest.mark.slow
def test_plan_warns_and_runs_as_asked(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", "--no-store", "--set", f"{GROWTH}=150", "--json")
    assert res.code == 0, res.err
    assert f"warning: --set: {GROWTH}=150: " in res.err
