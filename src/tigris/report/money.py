"""The report's money: NPV, IRR and payback by module, site and capital source, the
investor's cash flows by year, and the shadow prices of scarce resources.

Everything is read from the result's tables (``docs/plan-result.md``: ``cash_flows``,
``finance_modules``, ``finance_sites``, ``finance_sources``, ``finance_flows``,
``shadow_prices``), never recomputed: the report shows what the planner's evaluator
(:mod:`tigris.finance.cashflow`) and :func:`tigris.plan.shadow.shadow_prices` said. A
run saved before them says so instead.

Two figures (:data:`~tigris.report.figures.FIGURES`): ``cashflow`` (the investor's
cash flows by year: capex, variable cost, fixed opex and tax as bars below zero,
revenue and salvage above, the cumulative net cash flow as a line; money of each year,
undiscounted, as in the table) and ``shadow`` (what one more unit is worth, by year, on
a log scale: a resource worth $0 that year is not drawn; a bound is dashed with open
markers). Both have a plotly and a matplotlib renderer here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from tigris.plan.inputs import INVESTOR
from tigris.report.figures import (
    USD_PER_BILLION,
    YEAR_LABEL,
    figure_spec,
)
from tigris.report.result import ReportTables
from tigris.viz.style import PALETTE, axis_label

__all__ = [
    "CUMULATIVE_NET",
    "FLOW_PARTS",
    "METHOD_WORDS",
    "TERMINAL_LABELS",
    "cashflow_caption",
    "cashflow_notes",
    "finance_html",
    "flow_parts",
    "investor_flows",
    "money_lines",
    "mpl_cashflow",
    "mpl_shadow",
    "plotly_cashflow",
    "plotly_shadow",
    "shadow_gapped",
    "shadow_html",
    "shadow_series",
    "terminal_label",
]

#: The cash-flow parts drawn as bars: column, legend name, sign (outflows below zero)
#: and colour (one meaning across the report: capex as the capital figure's orange).
FLOW_PARTS: tuple[tuple[str, str, float, str], ...] = (
    ("capex_usd", "capex", -1.0, PALETTE["orange"]),
    ("variable_cost_usd", "variable cost", -1.0, PALETTE["purple"]),
    ("opex_usd", "fixed opex", -1.0, PALETTE["grey"]),
    ("tax_usd", "tax", -1.0, PALETTE["red"]),
    ("revenue_usd", "revenue", 1.0, PALETTE["green"]),
    ("salvage_usd", "salvage", 1.0, PALETTE["sky"]),
)
#: The cash-flow column that holds the row after the horizon: the salvage at book value
#: or the terminal value as a going concern (``finance.terminal_value``); the column
#: name is the result's stable API, the words shown follow the convention
#: (:func:`flow_parts`).
TERMINAL_COLUMN = "salvage_usd"
#: What the terminal column is called on the page, by whether the modules are valued as
#: a going concern (True) or at book value (False) (user test s47 #2).
TERMINAL_LABELS = {True: "terminal value (going concern)", False: "salvage at book value"}
#: Legend name of the cumulative (undiscounted) net cash flow line.
CUMULATIVE_NET = "cumulative net cash flow"
#: How each method of a shadow price reads (``docs/finance.md``, "Shadow prices").
METHOD_WORDS = {
    "lp_dual_fixed_builds": "LP dual, builds fixed (exact while the basis holds)",
    "lp_relaxation_bound": "LP relaxation dual (a bound, not the plan's value)",
    "resolve": "measured by a re-solve with one more unit",
}
#: Short tags of the methods in a legend.
_METHOD_TAGS = {
    "lp_dual_fixed_builds": "dual",
    "lp_relaxation_bound": "bound",
    "resolve": "re-solve",
}
#: The methods in a line of text (a bound is said "a bound").
_METHOD_SHORT = {"lp_dual_fixed_builds": "LP dual, builds fixed", "resolve": "re-solved"}
FLOW_LABEL = axis_label("Cash flow in the year", "billion USD")
SHADOW_LABEL = axis_label("Worth of one more unit", "USD")
#: What the money section says of a run without the money tables.
NO_MONEY = (
    "This run has no cash flows: it was saved before tigris computed them (or has no "
    "plan), so NPV, IRR and payback are not known."
)
#: What the money section says of a plan without an investor
#: (:func:`tigris.plan.summary.no_investor`).
NO_INVESTOR_MONEY = (
    "This plan has no investor: no capital and no module of its own, so it has no NPV, "
    "IRR or payback to report."
)


def _no_money(r: ReportTables) -> str:
    """:data:`NO_INVESTOR_MONEY` for a plan without an investor, else :data:`NO_MONEY`
    (a run saved before the money tables, or no plan)."""
    from tigris.plan.summary import no_investor

    return NO_INVESTOR_MONEY if no_investor(r) else NO_MONEY


NO_SHADOW = "This run has no shadow prices (saved before tigris computed them, or no plan)."
#: The shadow-price table lists at most this many rows worth more than $0 (the
#: largest first); the rest are in ``shadow_prices.csv`` of ``--out`` [-].
MAX_SHADOW_ROWS = 60
#: The PNG's money page lists at most this many modules and shadow prices [-].
MAX_PAGE_ROWS = 12
#: Decimals of billion USD in the cash-flow figure's hover text, as its table [-].
HOVER_BN_DECIMALS = 2
#: Significant digits of a shadow price in its hover text ($40,100,000 per MW) [-].
HOVER_SIGNIFICANT = 3
#: The end of a cash-flow hover text: what money it is (plotly's trace-name box off).
_FLOW_HOVER_TAIL = "<br>USD of the currency year (real), undiscounted<extra></extra>"


def terminal_label(r: ReportTables) -> str:
    """What the cash flows' row after the horizon is called on the page:
    ``"salvage at book value"`` or ``"terminal value (going concern)"``
    (:data:`TERMINAL_LABELS`, by :func:`tigris.report.headline.going_concern`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        One of the two values of :data:`TERMINAL_LABELS`.
    """
    from tigris.report.headline import going_concern

    return TERMINAL_LABELS[going_concern(r)]


def flow_parts(r: ReportTables) -> tuple[tuple[str, str, float, str], ...]:
    """:data:`FLOW_PARTS` with the terminal column named by the run's convention
    (:func:`terminal_label`): the legend names and column heads of the cash flows.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    tuple of tuple of (str, str, float, str)
        ``(column, legend name, sign, colour)`` per part, as :data:`FLOW_PARTS` but the
        ``salvage_usd`` part named by :func:`terminal_label`.
    """
    label = terminal_label(r)
    return tuple(
        (col, label if col == TERMINAL_COLUMN else name, sign, colour)
        for col, name, sign, colour in FLOW_PARTS
    )


def cashflow_caption(r: ReportTables) -> str:
    """The cash-flow figure's caption with its terminal row named by the run's
    convention (the figure spec's caption says "salvage").

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The caption, naming the terminal row by :func:`terminal_label`.
    """
    return (
        "The investor's money of each year, undiscounted: capex, variable cost, fixed opex "
        f"and tax below zero, revenue and the {terminal_label(r)} above; the line is the "
        "cumulative net cash flow, so payback is where it crosses zero."
    )


def cashflow_notes(r: ReportTables) -> str:
    """The cash-flow figure's notes: what revenue is and what the row after the horizon
    holds, by the run's convention (``finance.terminal_value``: the book value of what
    was built, or its value as a going concern).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        Two clauses: what revenue is, and what the row after the horizon holds.
    """
    from tigris.report.headline import going_concern

    what = (
        "the terminal value is what was built valued as a going concern "
        "(finance.terminal_value: going_concern), not its book value"
        if going_concern(r)
        else "the salvage is the book value of what was built"
    )
    return (
        "Revenue is finished wafers, and the capacity of data centres leased, sold at "
        f"market prices; {what}, counted the year after the horizon."
    )


def _has(df: pd.DataFrame | None) -> bool:
    return df is not None and len(df) > 0


def investor_flows(r: ReportTables) -> pd.DataFrame:
    """The investor's cash flows by year, and their cumulative net.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    pandas.DataFrame
        ``year`` and the money columns of ``finance_flows`` (the ``owner`` level,
        the investor's row: USD of the currency year, undiscounted [USD]) plus
        ``cumulative_net_usd`` [USD]; empty when the run has none.
    """
    flows = r.finance_flows
    cols = [c for c, *_ in FLOW_PARTS] + ["net_usd"]
    if not _has(flows):
        return pd.DataFrame(columns=["year", *cols, "cumulative_net_usd"])
    mine = flows[(flows["level"] == "owner") & (flows["name"] == INVESTOR)]
    out = mine.groupby("year", sort=True)[cols].sum().reset_index()
    out["cumulative_net_usd"] = out["net_usd"].cumsum()
    return out


def shadow_series(r: ReportTables) -> list[tuple[str, bool, pd.DataFrame]]:
    """The shadow prices worth more than $0, one series per resource, item, unit and
    method: ``(legend name, is a bound, rows by year)``.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of tuple of (str, bool, pandas.DataFrame)
        ``(name, is_bound, rows)`` per series: name ``RESOURCE ITEM [USD/UNIT] (TAG)``,
        whether any row is a bound, and its ``shadow_prices`` rows by year
        (``value_usd`` [USD per unit of the currency year, undiscounted]); empty without
        shadow prices.
    """
    sp = r.shadow_prices
    if not _has(sp):
        return []
    sp = sp[sp["value_usd"] > 0]
    out = []
    keys = ["resource", "item", "unit", "method"]
    for (res, item, unit, method), g in sp.groupby(keys, sort=False):
        what = f"{res} {item}".strip()
        tag = _METHOD_TAGS.get(str(method), str(method))
        name = f"{what} [USD/{unit}] ({tag})"
        out.append((name, bool(g["is_bound"].any()), g.sort_values("year")))
    return out


def shadow_gapped(g: pd.DataFrame, years: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """One shadow-price series over every year of the horizon, NaN where it is worth $0
    (or has no row), so that a line drawn through it breaks there instead of bridging
    the year (user test s47 #3: the data-centre power line read $40-190M per MW in
    years worth $0).

    Parameters
    ----------
    g : pandas.DataFrame
        One series of :func:`shadow_series`: ``year`` and ``value_usd`` [year, USD].
    years : sequence of int
        The horizon's years [year].

    Returns
    -------
    tuple of numpy.ndarray
        The years and the values [year, USD], NaN in a year worth $0.

    Examples
    --------
    >>> g = pd.DataFrame({"year": [2027, 2029], "value_usd": [5.0, 7.0]})
    >>> x, y = shadow_gapped(g, [2026, 2027, 2028, 2029])
    >>> x.tolist(), y.tolist()
    ([2026, 2027, 2028, 2029], [nan, 5.0, nan, 7.0])
    """
    x = np.array([int(y) for y in years], dtype=int)
    by_year = g.groupby("year")["value_usd"].sum()
    v = by_year.reindex(x).to_numpy(dtype=float)
    return x, np.where(v > 0, v, np.nan)


def _shadow_hover(g: pd.DataFrame) -> str:
    """The hover text of one shadow-price series: the resource and item in full, the
    method in words, the year and the value with its unit (plotly hovertemplate)."""
    x = g.iloc[0]
    what = html.escape(f"{x['resource']} {x['item']}".strip())
    method = html.escape(METHOD_WORDS.get(str(x["method"]), str(x["method"])))
    unit = html.escape(str(x["unit"]))
    return (
        f"<b>{what}</b><br>{method}<br>year %{{x}}: one more {unit} is worth "
        f"$%{{y:,.{HOVER_SIGNIFICANT}r}} (USD of the currency year, undiscounted)<extra></extra>"
    )


# --- tables -------------------------------------------------------------------------


def _irr_cell(x: Any) -> tuple[str, float]:
    v = float(x) if x is not None and pd.notna(x) else math.nan
    return ("undefined" if not math.isfinite(v) else f"{100 * v:.1f}", v)


def _share_cell(x: Any) -> tuple[str, float]:
    """A share [-] as percent text and its value; "–" where it is undefined (an owner
    that drew nothing: ``share`` NaN, the report printed "nan"; user test s47 #1)."""
    v = float(x) if x is not None and pd.notna(x) else math.nan
    return ("–" if not math.isfinite(v) else f"{100 * v:.1f}", v)


def _payback_cell(x: Any, last_year: int | None = None, going: bool = False) -> tuple[str, float]:
    """The payback year's text and sort value; after ``last_year`` (the horizon's) it
    says "(by salvage at book value)", or with ``going`` "(by the terminal value as a
    going concern)": the terminal row is that year's only flow."""
    from tigris.plan.summary import payback_words

    v = float(x) if x is not None and pd.notna(x) else math.nan
    if not math.isfinite(v):
        return ("not within the flows", v)
    return (str(int(v)) if last_year is None else payback_words(v, last_year, going), v)


def _metric_table(
    table_id: str,
    df: pd.DataFrame | None,
    keys: list[tuple[str, str]],
    last_year: int | None = None,
    going: bool = False,
    irr_head: str = "IRR [%]",
) -> str:
    """A table of NPV [billion USD], IRR [%] and payback year per row of ``df`` (none
    when ``df`` is None: nothing built, say); ``going``: the terminal value is a going
    concern (the payback words say so); ``irr_head`` the IRR's column head."""
    from tigris.report.html import _bn, _table

    if df is None:
        df = pd.DataFrame(columns=[c for c, _ in keys])
    header = [h for _, h in keys] + ["NPV [billion USD]", irr_head, "payback year"]
    rows = []
    for x in df.to_dict("records"):
        cells: list[Any] = []
        for col, _ in keys:
            v = x[col]
            if col in ("drawn_usd",):
                cells.append(_bn(v))
            elif col == "share":
                cells.append(_share_cell(v))
            elif col in ("modules",):
                cells.append((f"{float(v):g}", float(v)))
            else:
                cells.append(str(int(v)) if col == "start_year" else str(v))
        cells += [
            _bn(x["npv_usd"]),
            _irr_cell(x["irr"]),
            _payback_cell(x["payback_year"], last_year, going),
        ]
        rows.append(cells)
    numeric = {i for i, (c, _) in enumerate(keys) if c in ("drawn_usd", "share", "modules")}
    n = len(keys)
    return _table(table_id, header, rows, numeric | {n, n + 1, n + 2})


def finance_html(r: ReportTables) -> str:
    """The money section: NPV, IRR and payback by module, site and capital source, and
    the investor's cash flows by year (``table-finance-modules``,
    ``table-finance-sites``, ``table-finance-sources``, ``table-cash-flows``; each
    cell's exact value in ``data-value``).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The ``<section id="finance">`` element; a one-sentence section (:data:`NO_MONEY`)
        when the run has no money tables.
    """
    from tigris.report.headline import (
        discount_phrase,
        going_concern,
        nominal_given,
        terminal_phrase,
    )
    from tigris.report.html import _bn, _table

    e = html.escape
    head = "<h2>Money: NPV, IRR and payback</h2>"
    if not _has(r.finance_modules) and not _has(r.finance_owners):
        return f'<section id="finance">{head}<p>{e(_no_money(r))}</p></section>'
    # beside a nominal rate the IRR is said to be real, as the command line's by-build
    # table heads it (user test s49 e&f #3: "IRR [%]" under "8 % nominal")
    irr_head, real_words = "IRR [%]", ""
    if nominal_given(r):
        irr_head = "IRR (real) [%]"
        real_words = (
            ", a real rate since the flows are in real USD (its nominal equivalent, "
            "(1 + IRR) x (1 + nominal rate) / (1 + real rate) - 1, is in the headline)"
        )
    note = (
        "Each build group's cash flows (the foundry view: finished wafers sold at the "
        "market price of their type, a data centre's capacity leased per MW-month; "
        f"docs/finance.md); NPVs {discount_phrase(r)}; "
        f"IRR over the same flows (numpy-financial){real_words}, undefined when "
        "the flows never change sign; payback is the first year the undiscounted "
        "cumulative net cash flow turns non-negative (a year after the horizon's last is "
        f"reached only by the {terminal_phrase(r)}, the one flow of that year). A capital "
        "source's flows are its "
        "owner's, pro rata to what it drew."
    )
    modules = _metric_table(
        "table-finance-modules",
        r.finance_modules,
        [
            ("site", "site"),
            ("facility", "facility"),
            ("start_year", "start"),
            ("owner", "owner"),
            ("modules", "modules"),
        ],
        r.horizon[1],
        going_concern(r),
        irr_head,
    )
    sites = _metric_table(
        "table-finance-sites",
        r.finance_sites,
        [("site", "site"), ("owner", "owner")],
        r.horizon[1],
        going_concern(r),
        irr_head,
    )
    sources = _metric_table(
        "table-finance-sources",
        r.finance_sources,
        [
            ("source", "source"),
            ("owner", "owner"),
            ("drawn_usd", "drawn [billion USD]"),
            ("share", "share of its owner's draws [%]"),
        ],
        r.horizon[1],
        going_concern(r),
        irr_head,
    )
    flows = investor_flows(r)
    names = {c: n for c, n, *_ in flow_parts(r)}
    cols = [c for c, *_ in FLOW_PARTS] + ["net_usd", "cumulative_net_usd"]
    header = ["year"] + [f"{names.get(c, c[:-4].replace('_', ' '))} [billion USD]" for c in cols]
    rows = [[str(int(x["year"]))] + [_bn(x[c]) for c in cols] for x in flows.to_dict("records")]
    by_year = _table("table-cash-flows", header, rows, set(range(1, len(header))))
    flows_note = (
        "The investor's cash flows by year, in USD of the scenario's currency year (real, "
        "undiscounted): the "
        f"last row, the year after the horizon, is the {terminal_phrase(r)} of what it "
        "built (finance.terminal_value). Net = revenue - variable cost - fixed opex - tax - "
        f"capex + {terminal_label(r)}."
    )
    return (
        f'<section id="finance">{head}<p class="caption">{e(note)}</p>'
        f"<h3>By module</h3>{modules}<h3>By site</h3>{sites}"
        f"<h3>By capital source</h3>{sources}"
        f'<h3>The investor\'s cash flows by year</h3><p class="caption">{e(flows_note)}</p>'
        f"{by_year}</section>"
    )


def shadow_html(r: ReportTables) -> str:
    """The shadow prices: what one more unit of each scarce resource is worth, by year,
    with the method (``table-shadow-prices``; bounds marked).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The ``<section id="shadow">`` element (at most :data:`MAX_SHADOW_ROWS` rows worth
        more than $0); a one-sentence section (:data:`NO_SHADOW`) without shadow prices.
    """
    from tigris.report.headline import number_text
    from tigris.report.html import _table

    e = html.escape
    head = "<h2>Shadow prices</h2>"
    sp = r.shadow_prices
    if not _has(sp):
        return f'<section id="shadow">{head}<p>{e(NO_SHADOW)}</p></section>'
    worth = sp[sp["value_usd"] > 0].sort_values(["value_usd"], ascending=False)
    shown = worth.head(MAX_SHADOW_ROWS).sort_values(["resource", "item", "year"])
    zero = len(sp) - len(worth)
    note = (
        "What one more unit of a scarce resource would be worth to the objective, in USD "
        "of the scenario's currency year (real, undiscounted): a saving in 'serve', an NPV "
        "gain in 'npv'. "
        "Each row says how it was found; a bound (the LP relaxation's dual) is not the "
        f"plan's value. {zero} of {len(sp)} rows are worth $0 (one more unit in that year "
        "alone would not be used: the resource does not bind, or, for data-centre power, "
        "the pool is full but the fleet's later years bind) and are not listed"
        + (
            f"; only the {MAX_SHADOW_ROWS} largest of {len(worth)} are."
            if len(worth) > MAX_SHADOW_ROWS
            else "."
        )
        + " All rows: shadow_prices.csv of 'tigris plan --out'."
        + (
            " A year's data-centre power value is that year's MW alone, so the series "
            "zig-zags; what a MW buys over several years is the power explanation's "
            "re-solve."
            if (sp["resource"] == "datacenter power").any()
            else ""
        )
    )
    rows = [
        [
            str(int(x["year"])),
            str(x["resource"]),
            str(x["item"]),
            str(x["unit"]),
            (number_text(x["value_usd"]), float(x["value_usd"])),
            METHOD_WORDS.get(str(x["method"]), str(x["method"])),
            "bound" if bool(x["is_bound"]) else "value",
            str(x["note"]),
        ]
        for x in shown.to_dict("records")
    ]
    header = [
        "year",
        "resource",
        "item",
        "unit",
        "one more unit is worth [USD]",
        "method",
        "bound or value",
        "note",
    ]
    table = _table("table-shadow-prices", header, rows, {4})
    return f'<section id="shadow">{head}<p class="caption">{e(note)}</p>{table}</section>'


# --- the PNG page ---------------------------------------------------------------------


def money_lines(r: ReportTables) -> list[Any]:
    """The money as lines of a PNG text page (:mod:`tigris.report.png_pages`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of Line
        :class:`~tigris.report.png_pages.Line` objects: headings and bullets of NPV [US$],
        IRR [%] and payback by module (at most :data:`MAX_PAGE_ROWS`), site and source,
        then the largest shadow prices [US$ per unit].
    """
    from tigris.fmt import money
    from tigris.report.headline import going_concern, nominal_given
    from tigris.report.png_pages import Line
    from tigris.report.png_pages import _wrapped as wrapped

    if not _has(r.finance_modules) and not _has(r.finance_owners):
        return wrapped(_no_money(r), "text")

    real = " real" if nominal_given(r) else ""  # beside a nominal rate (user test s49)

    def metrics(x: dict) -> str:
        irr, _ = _irr_cell(x["irr"])
        pay, _ = _payback_cell(x["payback_year"], r.horizon[1], going_concern(r))
        irr = irr if irr == "undefined" else f"{irr} %{real}"
        return f"NPV {money(x['npv_usd'])}, IRR {irr}, payback {pay}"

    lines: list[Any] = [Line("NPV, IRR and payback by module", "heading")]
    mods = r.finance_modules.to_dict("records") if _has(r.finance_modules) else []
    for x in mods[:MAX_PAGE_ROWS]:
        what = f"{x['site']} {x['facility']} from {int(x['start_year'])} (×{x['modules']:g})"
        lines += wrapped(f"{what}: {metrics(x)}", "text", first="• ")
    if len(mods) > MAX_PAGE_ROWS:
        lines += wrapped(f"… {len(mods) - MAX_PAGE_ROWS} more in the HTML report", "note")
    for title, df, key in (
        ("By site", r.finance_sites, "site"),
        ("By capital source", r.finance_sources, "source"),
    ):
        lines += [Line(""), Line(title, "heading")]
        for x in df.to_dict("records") if _has(df) else []:
            lines += wrapped(f"{x[key]}: {metrics(x)}", "text", first="• ")
    lines += [Line(""), Line("Shadow prices (largest, currency-year USD, undiscounted)", "heading")]
    sp = r.shadow_prices
    worth = sp[sp["value_usd"] > 0] if _has(sp) else None
    if worth is None or not len(worth):
        lines += wrapped(NO_SHADOW if not _has(sp) else "No resource binds.", "text")
        return lines
    # largest first; equal values by resource, item and year (user test s47: nine
    # equal $1.61M rows came in the order 2033, 2029, 2034, ...)
    order = worth.sort_values(
        ["value_usd", "resource", "item", "year"],
        ascending=[False, True, True, True],
        kind="stable",
    )
    for x in order.head(MAX_PAGE_ROWS).to_dict("records"):
        kind = "a bound" if bool(x["is_bound"]) else _METHOD_SHORT.get(x["method"], x["method"])
        what = f"{x['resource']} {x['item']}".strip()
        lines += wrapped(
            f"{int(x['year'])} {what}: {money(x['value_usd'])} per {x['unit']} ({kind})",
            "text",
            first="• ",
        )
    return lines


# --- figures ----------------------------------------------------------------------------


def plotly_cashflow(r: ReportTables) -> Any:
    """The investor's cash flows by year (bars, outflows below zero) and the cumulative
    net cash flow (line), with plotly.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        Relative bars per part and the cumulative line, by year [billion USD]; a "no cash
        flows" note when the run has none.
    """
    import plotly.graph_objects as go

    from tigris.report.plotly_figs import _no_data, _years_axis
    from tigris.viz.style import PLOTLY_LINE_WIDTH, plotly_layout

    spec = figure_spec("cashflow")
    df = investor_flows(r)
    fig = go.Figure()
    years = df["year"].to_numpy(dtype=int)
    for col, name, sign, colour in flow_parts(r):
        side = "an outflow, drawn below zero" if sign < 0 else "an inflow"
        fig.add_bar(
            x=years,
            y=sign * df[col].to_numpy(dtype=float) / USD_PER_BILLION,
            name=name,
            marker_color=colour,
            hovertemplate=(
                f"{html.escape(name)} ({side})<br>year %{{x}}: "
                f"%{{y:,.{HOVER_BN_DECIMALS}f}} billion USD{_FLOW_HOVER_TAIL}"
            ),
        )
    fig.add_scatter(
        x=years,
        y=df["cumulative_net_usd"].to_numpy(dtype=float) / USD_PER_BILLION,
        name=CUMULATIVE_NET,
        mode="lines+markers",
        line={"color": PALETTE["black"], "width": PLOTLY_LINE_WIDTH},
        hovertemplate=(
            f"{CUMULATIVE_NET} to the end of the year<br>year %{{x}}: "
            f"%{{y:,.{HOVER_BN_DECIMALS}f}} billion USD{_FLOW_HOVER_TAIL}"
        ),
    )
    fig.update_layout(**plotly_layout(spec.title, YEAR_LABEL, FLOW_LABEL, barmode="relative"))
    fig.update_xaxes(**_years_axis())
    if df.empty:
        _no_data(fig, "no cash flows in this run")
    return fig


def plotly_shadow(r: ReportTables) -> Any:
    """Shadow prices by year on a log scale, with plotly; bounds dashed, open markers.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        One line per series of :func:`shadow_series` [USD per unit, log axis], broken in
        years worth $0.
    """
    import plotly.graph_objects as go

    from tigris.report import frames
    from tigris.report.plotly_figs import _no_data, _years_axis
    from tigris.viz.style import PLOTLY_LINE_WIDTH, plotly_layout, series_colour

    spec = figure_spec("shadow")
    fig = go.Figure()
    series = shadow_series(r)
    years = frames.year_range(r.horizon)
    for i, (name, bound, g) in enumerate(series):
        x, y = shadow_gapped(g, years)
        fig.add_scatter(
            x=x,
            y=y,
            name=name,
            mode="lines+markers",
            connectgaps=False,  # a year worth $0 breaks the line (docs/report.md)
            hovertemplate=_shadow_hover(g),
            line={
                "color": series_colour(i),
                "width": PLOTLY_LINE_WIDTH,
                "dash": "dash" if bound else "solid",
            },
            marker={"symbol": "circle-open" if bound else "circle"},
        )
    fig.update_layout(**plotly_layout(spec.title, YEAR_LABEL, SHADOW_LABEL))
    fig.update_xaxes(**_years_axis())
    fig.update_yaxes(type="log")
    if not series:
        _no_data(fig, "no resource is worth more than $0 here, or no shadow prices")
    return fig


def mpl_cashflow(r: ReportTables) -> Any:
    """The investor's cash flows by year, with matplotlib (as :func:`plotly_cashflow`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Stacked bars (inflows up, outflows down) and the cumulative line [billion USD],
        with the figure's title and legend.
    """
    from tigris.report.png import BAR_WIDTH, _no_data, _year_ticks
    from tigris.viz.style import (
        LINE_WIDTH,
        MARKER_SIZE,
        figure_legend,
        figure_title,
        new_figure,
    )

    spec = figure_spec("cashflow")
    df = investor_flows(r)
    fig, ax = new_figure()
    years = df["year"].to_numpy(dtype=int)
    up = np.zeros(len(df))
    down = np.zeros(len(df))
    for col, name, sign, colour in flow_parts(r):
        y = sign * df[col].to_numpy(dtype=float) / USD_PER_BILLION
        base = np.where(y >= 0, up, down)
        ax.bar(years, y, BAR_WIDTH, bottom=base, color=colour, label=name)
        up = up + np.where(y >= 0, y, 0.0)
        down = down + np.where(y < 0, y, 0.0)
    ax.plot(
        years,
        df["cumulative_net_usd"].to_numpy(dtype=float) / USD_PER_BILLION,
        "-o",
        color=PALETTE["black"],
        linewidth=LINE_WIDTH,
        markersize=MARKER_SIZE,
        label=CUMULATIVE_NET,
    )
    ax.axhline(0.0, color=PALETTE["grey"], linewidth=LINE_WIDTH / 2)
    figure_title(fig, spec.title)
    ax.set_ylabel(FLOW_LABEL)
    if len(years):
        _year_ticks(ax, years)
    else:
        ax.set_xlabel(YEAR_LABEL)
        _no_data(ax, "no cash flows in this run")
    figure_legend(fig)
    return fig


def mpl_shadow(r: ReportTables) -> Any:
    """Shadow prices by year on a log scale, with matplotlib (as :func:`plotly_shadow`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        One line per series of :func:`shadow_series` [USD per unit, log axis when any],
        with the figure's title and legend.
    """
    from tigris.report import frames
    from tigris.report.png import _no_data, _year_ticks
    from tigris.viz.style import (
        LINE_WIDTH,
        MARKER_SIZE,
        figure_legend,
        figure_title,
        new_figure,
        series_colour,
    )

    spec = figure_spec("shadow")
    fig, ax = new_figure()
    series = shadow_series(r)
    years = frames.year_range(r.horizon)
    for i, (name, bound, g) in enumerate(series):
        x, y = shadow_gapped(g, years)  # NaN in a $0 year: matplotlib breaks the line
        ax.plot(
            x,
            y,
            "--o" if bound else "-o",
            color=series_colour(i),
            markerfacecolor="none" if bound else series_colour(i),
            linewidth=LINE_WIDTH,
            markersize=MARKER_SIZE,
            label=name,
        )
    figure_title(fig, spec.title)
    ax.set_ylabel(SHADOW_LABEL)
    if series:
        ax.set_yscale("log")
    else:  # the zero line: nothing is worth more than $0 here
        ax.axhline(0.0, color=PALETTE["grey"], linewidth=LINE_WIDTH / 2)
        _no_data(ax, "no resource is worth more than $0 here, or no shadow prices")
    _year_ticks(ax, frames.year_range(r.horizon))
    figure_legend(fig)
    return fig
