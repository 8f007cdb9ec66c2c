"""``tigris fab``'s CO2 row names the ``data/grid.csv`` row it used (user test s49 #6:
"usa grid 2024" for a table that starts in 2025, "asia-pacific grid 2102" for 2035's
factor)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import data_table

RunCli = Callable[..., Any]


def _grid(region: str) -> dict[int, float]:
    return {
        int(r["year"]): float(r["grid_gco2_per_kwh"])
        for r in data_table("grid")
        if r["region"].strip().lower() == region
    }


def _co2_cell(out: str) -> str:
    flat = " ".join(out.replace("│", " ").split())
    m = re.search(r"CO2 \(electricity\) [\d,]+ (t CO2e/year = .*?\(--json co2\.basis\))", flat)
    assert m is not None, flat
    return m.group(1)


@pytest.mark.parametrize(
    ("site", "region", "start", "held"),
    [
        ("arizona-usa", "usa", "2021", "first"),  # full output in 2024: before the table
        ("taiwan", "asia-pacific", "2100", "last"),  # 2102: after it
        ("taiwan", "asia-pacific", "2027", None),  # inside it
    ],
)
def test_the_row_named_is_a_row_of_grid_csv_and_its_factor_is_the_one_used(
    run_cli: RunCli, site: str, region: str, start: str, held: str | None
) -> None:
    grid = _grid(region)
    args = ("fab", "--node", "N4", "--wspm", "20000", "--site", site, "--start-year", start)
    res = run_cli(*args)
    assert res.code == 0, res.err
    cell = _co2_cell(res.out)
    m = re.search(r"x ([\d,]+) g/kWh \(" + region + r" grid (\d{4})", cell)
    assert m is not None, cell
    named = int(m.group(2))
    assert named in grid, (named, sorted(grid))
    assert float(m.group(1).replace(",", "")) == pytest.approx(grid[named], abs=0.5)
    js = run_cli(*args, "--json").json()["co2"]
    assert js["grid_gco2_per_kwh"] == pytest.approx(grid[named])
    assert f"{region} {named} " in js["source"]
    if held == "first":
        assert named == min(grid) and "held flat" in cell, cell
    elif held == "last":
        assert named == max(grid) and "held flat" in cell, cell
    else:
        assert "held flat" not in cell, cell
