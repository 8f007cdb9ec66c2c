"""One price per item and year: the silicon layer's launch prices equal data/prices.csv's
series at the item's HVM year, so ``tigris chip`` and the plan price one wafer or one GB
of HBM alike (user test 2026-12-07 #1: ``chip rubin`` priced HBM4 at US$30/GB, about
US$1,080 a 36 GB stack, where the plan and the row's own source had SK hynix's ~US$560,
US$15.6/GB; HBM3E's US$20/GB had been derived from the H200 bill that validation case
h200-mfg-cost tests).

The tables are read as text here (``conftest.data_table``), and the series' value at a
year with a point is that point: no interpolation of the code under test enters."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from .conftest import CliResult, data_table


def _point(series: str, item: str, year: int) -> float | None:
    """The series' price in ``year``: its point there, else its first point when every
    point is later (the series holds its first point flat before it, docs/finance.md);
    None when it has points before ``year`` but none in it (not read here)."""
    rows = [r for r in data_table("prices") if r["series"] == series and r["item"] == item]
    at = [float(r["value"]) for r in rows if int(r["year"]) == year]
    if at:
        return at[0]
    later = sorted((int(r["year"]), float(r["value"])) for r in rows if int(r["year"]) > year)
    if later and len(later) == len(rows):
        return later[0][1]
    return None


#: (table, its name column, its price column, the prices.csv series it launches)
_LAUNCH_PRICES = (
    ("hbm", "generation", "price_usd_per_gb", "hbm"),
    ("nodes", "node", "wafer_price_usd", "wafer"),
)


@pytest.mark.parametrize(
    ("row", "name", "price", "series"),
    [pytest.param(r, n, c, s, id=r[n]) for t, n, c, s in _LAUNCH_PRICES for r in data_table(t)],
)
def test_a_launch_price_is_its_series_in_its_hvm_year(
    row: dict, name: str, price: str, series: str
) -> None:
    point = _point(series, row[name], int(row["hvm_year"]))
    if point is None:
        pytest.skip(f"prices.csv has no {row[name]} point in its HVM year")
    assert float(row[price]) == pytest.approx(point)


def test_rubins_hbm_is_sk_hynix_supply_price(run_cli: Callable[..., CliResult]) -> None:
    """Rubin's 8 HBM4 stacks of 36 GB at the reported ~US$560 a stack (BusinessKorea
    2025-11-05), within the rounding of US$15.6/GB, not the US$1,080 of before."""
    doc = json.loads(run_cli("chip", "rubin", "--json").out)
    per_stack = doc["cost_breakdown_usd"]["hbm"] / doc["hbm_stacks_per_unit"]
    assert per_stack == pytest.approx(560, rel=0.01)
