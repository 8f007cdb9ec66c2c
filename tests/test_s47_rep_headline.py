"""User test s47 #4, #5 and #6, on the reference report: the headline tables'
quantity cells carry the unrounded number in ``data-value`` (docs/report.md; none
did), the share of the investor's added H100e arriving in the horizon's last year is
labelled as such (it read like the investor's share of that year's deliveries), and
the emissions are in Mt CO2 on the whole page (the headline table said t CO2)."""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from tests.test_s47_rep_util import report_of, saved_run, tables_of
from tigris.plan.result import WORLD
from tigris.report import read_result, report_tables

#: The headline tables whose quantity cells must carry data-value.
HEADLINE_TABLES = ("table-key", "table-adds", "table-summary", "table-objective")
#: A shown unit -> the plan's unit per shown one (data-value is in the plan's unit:
#: USD, H100e, t CO2; a share as a fraction) [-].
SCALE = {
    "billion USD": 1e9,
    "million H100e": 1e6,
    "%": 0.01,
    "% a year": 0.01,
    "Mt CO2": 1e6,
}
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")


def _shown(text: str) -> float:
    return float(text.replace(",", ""))


def test_every_quantity_cell_of_the_headline_tables_has_its_exact_value() -> None:
    t = tables_of(report_of())
    checked = 0
    for table in HEADLINE_TABLES:
        assert t.rows[table], table
        for (quantity, _), (text, value), (unit, _) in t.rows[table]:
            if not NUMBER.match(text) or quantity.startswith(("money in USD of", "discounted to")):
                continue  # a year, a word ("not within the horizon")
            if ("year" in quantity and "payback" in quantity) or (
                unit == "" and "ends" in quantity
            ):
                continue
            assert value is not None and math.isfinite(value), (table, quantity, text)
            shown = _shown(text)
            decimals = len(text.split(".")[1]) if "." in text else 0
            # the exact value rounds to the text shown (to the digits shown)
            exact = value / SCALE.get(unit, 1.0)
            assert abs(exact - shown) <= 0.5 * 10**-decimals * (1 + 1e-9), (quantity, text, value)
            checked += 1
    assert checked >= 20


def test_the_last_years_share_of_added_compute_says_what_it_is() -> None:
    r = report_tables(read_result(saved_run()))
    added = r.added
    last = int(r.horizon[1])
    by_year = {int(k): v for k, v in (added.get("new_h100e_by_year") or {}).items()}
    own = added.get("new_total_h100e", added["total_h100e"])
    rows = {row[0][0]: row for row in tables_of(report_of()).rows["table-adds"]}
    name = f"share of the investor's added H100e arriving in {last}, the last year"
    assert name in rows, list(rows)
    assert f"added H100e delivered in {last}, the horizon's last year" not in rows
    value = rows[name][1][1]
    assert value == pytest.approx(float(by_year[last]) / own)
    # not the investor's share of that year's deliveries (2.7 % on the reference)
    demand = pd.read_csv(saved_run() / "demand.csv")
    served_last = demand.loc[demand["year"] == last, "served_h100e"].sum()
    assert abs(value - float(by_year[last]) / served_last) > 0.01


def test_emissions_are_in_one_unit_on_the_page() -> None:
    page = report_of()
    t = tables_of(page)
    rows = {row[0][0]: row for row in t.rows["table-summary"]}
    text, value = rows["emissions, last year"][1]
    unit = rows["emissions, last year"][2][0]
    assert unit == "Mt CO2"
    power = pd.read_csv(saved_run() / "power.csv")
    world = power[(power["region"] == WORLD) & (power["year"] == power["year"].max())]
    assert value == pytest.approx(float(world["emissions_t_co2"].sum()))
    assert _shown(text) == pytest.approx(value / 1e6, abs=0.5)
    units = {row[2][0] for table in HEADLINE_TABLES for row in t.rows[table] if len(row) > 2}
    assert "t CO2" not in units
