"""The report's money: NPV, IRR and payback tables, the investor's cash flows by year and
the shadow prices, in HTML and PNG.

The result is the hand-made one-module plan of ``tests/test_finance_result.py`` (capex
100 in 2025; 2026 revenue 60, variable cost 10, opex 5, tax 5; salvage 80 in 2027), so
every number is known: the tables must carry the result's numbers exactly (each cell's
``data-value``), the cumulative net cash flow is -100, -60, +20 by hand, and the figures
draw the same numbers.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_cli_output import tiny_result
from tests.test_finance_result import NET, money_result
from tests.test_report import _decode, html_traces
from tigris.report import render_html
from tigris.report.figures import FIGURES, USD_PER_BILLION
from tigris.report.money import METHOD_WORDS, money_lines
from tigris.report.png import mpl_figure, write_pngs
from tigris.report.result import report_tables


@pytest.fixture(scope="module")
def text() -> str:
    return render_html(money_result())


def _table_values(text: str, table_id: str) -> list[list[str]]:
    """Each row's cells: the ``data-value`` where a cell has one, else its text."""
    body = re.search(rf'<table id="{table_id}">.*?<tbody>(.*?)</tbody>', text, re.S)
    assert body, table_id
    rows = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        row = []
        for attrs, content in re.findall(r"<td([^>]*)>(.*?)</td>", tr, re.S):
            value = re.search(r'data-value="([^"]*)"', attrs)
            row.append(value.group(1) if value and value.group(1) else content)
        rows.append(row)
    return rows


def _num(x: str) -> float:
    return float(x) if x else float("nan")


def test_money_sections_come_after_the_tables_and_before_the_figures(text: str) -> None:
    order = re.findall(r'<section[^>]* id="([^"]+)"', text)
    assert order.index("supply") < order.index("finance") < order.index("shadow")
    assert order.index("shadow") < order.index("sec-cashflow") < order.index("sec-shadow")
    for table in (
        "table-finance-modules",
        "table-finance-sites",
        "table-finance-sources",
        "table-cash-flows",
        "table-shadow-prices",
    ):
        assert f'<table id="{table}">' in text, table


def test_npv_irr_payback_tables_are_the_results(text: str) -> None:
    r = money_result()
    (row,) = _table_values(text, "table-finance-modules")
    m = r.finance_modules.iloc[0]
    assert row[:4] == ["arizona", "logic", "2025", "investor"]
    assert _num(row[4]) == m["modules"]
    assert _num(row[5]) == m["npv_usd"]  # exact: the data-value is the table's float
    assert _num(row[6]) == m["irr"]
    assert _num(row[7]) == 2027
    (site,) = _table_values(text, "table-finance-sites")
    assert _num(site[2]) == r.finance_sites["npv_usd"].iloc[0]
    (src,) = _table_values(text, "table-finance-sources")
    assert src[0] == "fund" and _num(src[2]) == 100.0 and _num(src[3]) == 1.0
    assert _num(src[4]) == r.finance_sources["npv_usd"].iloc[0]
    # an undefined IRR and a payback never reached are said, not drawn as numbers
    assert src[5] == "undefined" and src[6] == "not within the flows"


def test_cash_flows_by_year_are_the_investors(text: str) -> None:
    rows = _table_values(text, "table-cash-flows")
    assert [r[0] for r in rows] == ["2025", "2026", "2027"]  # the salvage year included
    # columns: capex, variable cost, fixed opex, tax, revenue, salvage, net, cumulative
    got = np.array([[_num(x) for x in r[1:]] for r in rows])
    assert got[:, 0].tolist() == [100.0, 0.0, 0.0]  # capex
    assert got[:, 4].tolist() == [0.0, 60.0, 0.0]  # revenue
    assert got[:, 5].tolist() == [0.0, 0.0, 80.0]  # salvage
    assert got[:, 6].tolist() == NET
    assert got[:, 7].tolist() == [-100.0, -60.0, 20.0]  # cumulative, by hand


def test_shadow_prices_table_marks_bounds_and_methods(text: str) -> None:
    rows = _table_values(text, "table-shadow-prices")
    by_resource = {r[1]: r for r in rows}
    euv, power = by_resource["EUV scanner"], by_resource["site power"]
    assert _num(euv[4]) == 2.5e8 and euv[5] == METHOD_WORDS["lp_dual_fixed_builds"]
    assert euv[6] == "value"
    assert _num(power[4]) == 1.0e6 and power[6] == "bound" and power[2] == "arizona"
    assert "(a bound, not the plan" in power[5]


def test_figures_draw_the_tables_numbers(text: str) -> None:
    traces = html_traces(text)
    flows = {t["name"]: _decode(t["y"]) for t in traces["fig-cashflow"]}
    # outflows below zero, inflows above [billion USD]
    assert flows["capex"] * USD_PER_BILLION == pytest.approx([-100.0, 0.0, 0.0])
    assert flows["revenue"] * USD_PER_BILLION == pytest.approx([0.0, 60.0, 0.0])
    assert flows["tax"] * USD_PER_BILLION == pytest.approx([0.0, -5.0, 0.0])
    assert flows["salvage at book value"] * USD_PER_BILLION == pytest.approx([0.0, 0.0, 80.0])
    cum = flows["cumulative net cash flow"] * USD_PER_BILLION
    assert cum == pytest.approx([-100.0, -60.0, 20.0])
    shadow = {t["name"]: t for t in traces["fig-shadow"]}
    assert set(shadow) == {
        "EUV scanner [USD/scanner] (dual)",
        "site power arizona [USD/MW] (bound)",
    }
    assert shadow["site power arizona [USD/MW] (bound)"]["line"]["dash"] == "dash"
    assert shadow["EUV scanner [USD/scanner] (dual)"]["line"]["dash"] == "solid"


def test_png_figures_and_money_page(tmp_path: Path) -> None:
    r = report_tables(money_result())
    fig = mpl_figure("cashflow", r)
    (ax,) = fig.axes
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "cumulative net cash flow")
    assert line.get_ydata() * USD_PER_BILLION == pytest.approx([-100.0, -60.0, 20.0])
    fig = mpl_figure("shadow", r)
    assert fig.axes[0].get_yscale() == "log"
    styles = {ln.get_label(): ln.get_linestyle() for ln in fig.axes[0].get_lines()}
    assert styles["site power arizona [USD/MW] (bound)"] == "--"
    text = " ".join(x.text for x in money_lines(r))
    assert "arizona logic from 2025" in text and "payback 2027" in text
    assert "(a bound)" in text and "(LP dual, builds fixed)" in text
    paths = write_pngs(money_result(), tmp_path / "png")
    names = [p.name for p in paths]
    assert {"cashflow.png", "shadow.png", "money.png"} <= set(names)
    assert [s.png_name for s in FIGURES] == names[: len(FIGURES)]


def test_a_run_without_money_says_so() -> None:
    # an investor with capital but no money tables: a run saved before them
    capital = pd.DataFrame(
        {"year": [2025], "source": ["fund"], "available_usd": [1e9], "owner": ["investor"]}
    )
    saved = dataclasses.replace(tiny_result(), capital=capital)
    text = render_html(saved)
    finance = re.search(r'<section id="finance">(.*?)</section>', text, re.S).group(1)
    assert "NPV, IRR and payback are not known" in finance
    shadow = re.search(r'<section id="shadow">(.*?)</section>', text, re.S).group(1)
    assert "no shadow prices" in shadow
    assert "not known" in " ".join(x.text for x in money_lines(report_tables(saved)))
    # no capital and no module of its own: a plan without an investor says so instead
    # (user test 2026-12-07: a fresh plan of the world alone read "saved before")
    alone = render_html(tiny_result())
    finance = re.search(r'<section id="finance">(.*?)</section>', alone, re.S).group(1)
    assert "This plan has no investor" in finance


def test_zero_shadow_prices_are_counted_not_listed() -> None:
    r = money_result()
    sp = pd.concat(
        [r.shadow_prices, r.shadow_prices.assign(value_usd=0.0, year=[2025, 2026], unit="x")],
        ignore_index=True,
    )
    text = render_html(dataclasses.replace(r, shadow_prices=sp))
    assert len(_table_values(text, "table-shadow-prices")) == 2
    assert "2 of 4 rows are worth $0" in text


def test_a_plan_that_builds_nothing_has_empty_money_tables() -> None:
    """Nothing built: no module, site or cash-flow rows, but the owner's row (a zero
    NPV) is there; the section renders with empty tables (it once raised on the
    missing site table)."""
    from tigris.plan.result import TABLE_COLUMNS

    r = money_result()
    empty = {
        n: pd.DataFrame(columns=list(TABLE_COLUMNS[n]))
        for n in ("cash_flows", "finance_modules", "finance_sites", "finance_flows")
    }
    text = render_html(dataclasses.replace(r, **empty))
    for table in ("table-finance-modules", "table-finance-sites", "table-cash-flows"):
        assert _table_values(text, table) == [], table
    assert len(_table_values(text, "table-finance-sources")) == 1
    lines = " ".join(x.text for x in money_lines(report_tables(dataclasses.replace(r, **empty))))
    assert "fund: NPV" in lines and "arizona logic" not in lines
