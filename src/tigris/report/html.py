"""The HTML report: one self-contained file (plotly.js inlined, no network needed).

Layout: a provenance line (tigris version, creation time, input hash), cost, NPV, IRR,
capital spent and H100e added (``key``), what the investor adds against the world
without it, a headline table, the objective's value (named as such), the explanation
of what binds, the tables ``tigris plan`` prints (builds, per owner when there are
several, money by year and source, compute by year, supply by source), the money
(NPV, IRR and payback by module, site and capital source, the investor's cash flows by
year: :mod:`tigris.report.money`) and the shadow prices, the figures of
:data:`~tigris.report.figures.FIGURES` (each in a ``div`` with its stable id), the key
assumptions with their sources, and the provenance again in the footer.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.io as pio
from plotly.offline import get_plotlyjs

from tigris.errors import InputError
from tigris.fmt import year_span
from tigris.plan.inputs import INVESTOR
from tigris.plan.summary import (
    CURRENCY_ROW,
    added_columns,
    capacity_used,
    existing_lines_source,
    power_untested_note,
)
from tigris.printout import (
    RELAXED_NOTE,
    PrintedTable,
    fab_water_line,
    hbm_table,
    production_table,
)
from tigris.report.energy import energy_html
from tigris.report.figures import (
    FIGURES,
    NOTES_HEADING,
    TOOL_LABELS,
    USD_PER_BILLION,
    FigureSpec,
    figure_caption,
    figure_notes,
    run_options,
    source_line,
)
from tigris.report.frames import owner_builds, schedule_frame, year_range
from tigris.report.headline import (
    MILLION,
    OBJECTIVE_TERMS,
    OBJECTIVE_WORD,
    PERCENT,
    Quantity,
    has_plan,
    headline_sentences,
    investor_rows,
    investor_sentences,
    key_rows,
    key_sentence,
    number_text,
    objective_rows,
    summary_rows,
)
from tigris.report.money import finance_html, shadow_html
from tigris.report.plotly_figs import add_source, plotly_figure
from tigris.report.provenance import ReportInfo, report_info
from tigris.report.result import PlanResultLike, ReportTables, report_tables
from tigris.report.tables import (
    ALL_YEARS,
    INCUMBENT_SOURCES,
    INVESTOR_SOURCES,
    build_table,
    compute_table,
    investor_table,
    money_by_year,
    money_table,
    supply_table,
)
from tigris.viz.style import BAD_DARK, FONT_FAMILY, GOOD_DARK, GRID_COLOUR, MUTED_TEXT, PARTIAL

__all__ = [
    "FACILITY_WORDS",
    "OBJECTIVE_TERMS",
    "PAGE_MAIN_END",
    "PLOTLY_CONFIG",
    "binding_fallback",
    "binding_kind",
    "currency_words",
    "figure_div",
    "figure_region",
    "number_text",
    "objective_rows",
    "page_head",
    "render_html",
    "subsidy_assumption_rows",
    "summary_rows",
    "write_html",
]

#: How a capacity unit reads in a table cell (HBM lines count DRAM wafer starts per
#: month; ``stacks_per_month`` is the unit of runs saved before that).
FACILITY_WORDS = {
    "wspm": "wafer starts/month",
    "stacks_per_month": "HBM stacks/month",
    "MW": "MW of data-centre power",
}
#: Top margin of a figure on the page, whose title is the section heading: room for
#: plotly's mode bar (zoom, pan, download; about 30 px tall) above the plot area, so the
#: buttons never cover data [px].
PLOTLY_TOP_MARGIN_PX = 40
#: The totals rows of the money table by source, shown as they are.
TOTAL_SOURCES = ("all sources", INVESTOR_SOURCES, INCUMBENT_SOURCES)
#: Heading of the numbers the report leads with (``headline.key_rows``).
KEY_HEADING = "Cost, NPV, IRR, capital spent and H100e added"
#: Heading of the objective's section: its value is named, never called the cost.
OBJECTIVE_HEADING = "Objective (what the solver optimises)"
#: Columns of the table of contents at the top of the page (about 30 entries) [-].
TOC_COLUMNS = 2
#: A top-level section of the page: its id and its ``h2`` (already escaped), the
#: entries of the table of contents.
_SECTION = re.compile(r'<section(?: class="[^"]*")? id="([^"]+)"><h2>(.*?)</h2>', re.S)
#: plotly.js options of every figure: no plotly logo, resize with the window, and no
#: button that sends the figure off the machine (plotly.js 3 shows "Share chart..." by
#: default, posting the chart's data to cloud.plotly.com; the report needs no network:
#: accessibility review of 2026-12-07).
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "responsive": True,
    "showSendToCloud": False,
}

_CSS = f"""
body {{ font-family: "{FONT_FAMILY}", sans-serif; margin: 0 auto; max-width: 1100px;
       padding: 1em 2em; color: #222; line-height: 1.4; }}
h1 {{ margin-bottom: 0.2em; }}
.status {{ display: inline-block; padding: 0.1em 0.6em; border-radius: 0.3em;
          color: white; font-weight: bold; }}
.status.ok {{ background: {GOOD_DARK}; }} .status.bad {{ background: {BAD_DARK}; }}
table {{ border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }}
th, td {{ border-bottom: 1px solid {GRID_COLOUR}; padding: 0.3em 0.8em; text-align: left;
         vertical-align: top; }}
th {{ background: {PARTIAL}; }}
td.num {{ text-align: right; font-variant-numeric: tabular-nums; }}
tr.total td {{ font-weight: bold; border-top: 2px solid #999; }}
p.provenance {{ color: #555; font-size: 0.9em; margin: 0 0 1em; }}
section.figure {{ margin: 1.5em 0; }}
p.caption {{ color: #555; margin: 0.2em 0 0.5em; }}
p.source {{ color: #555; font-size: 0.85em; margin: 0 0 1em; }}
footer {{ color: {MUTED_TEXT}; font-size: 0.85em; margin-top: 3em; }}
a.skip {{ position: absolute; left: -10000px; }}
a.skip:focus {{ position: static; }}
div.table-wrap {{ overflow-x: auto; max-width: 100%; margin: 0.5em 0 1.5em; }}
div.table-wrap > table {{ margin: 0; }}
nav#toc {{ font-size: 0.92em; margin: 0 0 1.5em; }}
nav#toc ol {{ columns: {TOC_COLUMNS}; column-gap: 2em; margin: 0.3em 0; padding-left: 1.5em; }}
section, div.plotly-graph-div {{ max-width: 100%; }}
p, li, dd {{ overflow-wrap: anywhere; }}
"""


#: A table cell: its text, or its text and the exact number behind it (written to the
#: cell's ``data-value`` so that scripts and tests read the unrounded value).
Cell = str | tuple[str, float]


def _cell(c: Cell, numeric: bool) -> str:
    e = html.escape
    cls = ' class="num"' if numeric else ""
    if isinstance(c, Quantity):  # a headline row's number: its exact value kept
        c = (str(c), c.value)
    if isinstance(c, tuple):
        text, value = c
        data = "" if value is None or not math.isfinite(float(value)) else f"{float(value)!r}"
        return f'<td{cls} data-value="{e(data)}">{e(text)}</td>'
    return f"<td{cls}>{e(c)}</td>"


_num = number_text


def _table(
    table_id: str,
    header: list[str],
    rows: list[list[Cell]],
    numeric: set[int],
    total_rows: int = 0,
) -> str:
    e = html.escape
    head = "".join(f'<th scope="col">{e(h)}</th>' for h in header)
    body = "".join(
        ('<tr class="total">' if k >= len(rows) - total_rows else "<tr>")
        + "".join(_cell(c, i in numeric) for i, c in enumerate(row))
        + "</tr>"
        for k, row in enumerate(rows)
    )
    # a table wider than the page scrolls in its own box, the page never sideways (user
    # test s47 #8: table-energy was 1,160 px in a 1,100 px column)
    return (
        f'<div class="table-wrap"><table id="{table_id}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _bn(usd: float) -> tuple[str, float]:
    """Money cell: billion USD to two decimals, the exact USD behind it; an amount that
    rounds to zero is ``0.00``, never ``-0.00`` (a balance's floating-point residue,
    -2.4e-07 USD, read as an overdraft: user test 2026-12-05)."""
    if usd is None or not math.isfinite(float(usd)):
        return ("–", math.nan)
    shown = float(usd) / USD_PER_BILLION
    return (f"{shown + 0.0 if round(shown, 2) != 0 else 0.0:,.2f}", float(usd))


def _mh(h100e: float) -> Cell:
    """Compute cell: million H100e to one decimal, as ``tigris plan``'s compute tables
    print it, the exact H100e behind it; ``–`` when missing, never ``-0.0``.

    One number of decimals in a column keeps its arithmetic visible: the shared
    significant-digit format printed "104", "104" and "0.634" in one row and
    "1.58e-05" in a board table (user test 2026-12-07, report reader #5)."""
    if h100e is None or not math.isfinite(float(h100e)):
        return ("–", math.nan)
    shown = float(h100e) / MILLION
    return (f"{shown + 0.0 if round(shown, 1) != 0 else 0.0:,.1f}", float(h100e))


def _builds_html(r: ReportTables) -> str:
    sched = schedule_frame(r.builds, r.capacity, r.horizon)
    full = None
    if len(sched) == len(r.builds) and len(sched):
        # schedule_frame sorts by start year then label; match rows back by key
        key = ["site", "facility", "node", "start_year", "capacity"]
        merged = r.builds[key].merge(
            sched[[*key, "full_year", "ramping_at_end"]].drop_duplicates(key), on=key, how="left"
        )
        full = merged["full_year"].where(~merged["ramping_at_end"].astype(bool))
    t = build_table(r.builds, full)
    by_owner = len(r.owners) > 1
    lead: list[Cell] = [""] if by_owner else []
    rows: list[list[Cell]] = []
    for b in t.to_dict("records"):
        fy = b.get("full_year")
        full_text = "–" if fy is None or pd.isna(fy) else str(int(fy))
        rows.append(
            [
                *([str(b["owner"])] if by_owner else []),
                b["site"],
                b["facility"],
                b["node"] or "–",
                (str(int(b["start_year"])), float(b["start_year"])),
                (str(int(b["online_year"])), float(b["online_year"])),
                full_text if full is not None else "–",
                (_num(b["modules"]), float(b["modules"])),
                (_num(b["capacity"]), float(b["capacity"])),
                FACILITY_WORDS.get(b["capacity_unit"], b["capacity_unit"]),
                _bn(b["capex_usd"]),
            ]
        )
    header = [
        *(["owner"] if by_owner else []),
        "site",
        "facility",
        "node",
        "start year",
        "online year",
        "full output",
        "modules",
        "capacity",
        "unit",
        "capex [billion USD]",
    ]
    if rows:
        total = float(t["capex_usd"].sum())
        rows.append(
            [
                *lead,
                "all builds",
                "",
                "",
                "",
                "",
                "",
                (_num(t["modules"].sum()), float(t["modules"].sum())),
                "",
                "",
                _bn(total),
            ]
        )
        shift = len(lead)
        numeric = {i + shift for i in (3, 4, 5, 6, 7, 9)}
        table = _table("table-builds", header, rows, numeric, total_rows=1)
        if by_owner:
            table += _owners_html(r)
    else:
        table = "<p>Nothing is built.</p>"
    note = (
        "Every build the plan makes: the start year is the year it is committed, and "
        "construction starts then, or, for a grid-connected data centre, once its grid "
        "connection comes, after the region's wait (grid_lead_months, data/grid.csv), its "
        "capex paid in the years it is built; output begins in the online year and "
        "reaches full capacity in the full-output year (– if still ramping at the end of "
        "the horizon). Capacity is of all the build's modules."
    )
    return (
        f'<section id="builds"><h2>What to build, where and when</h2>'
        f'<p class="caption">{html.escape(note)}</p>{table}</section>'
    )


def _owners_html(r: ReportTables) -> str:
    """Builds per owner (when incumbents build too): modules, capacity and capex."""
    t = owner_builds(r.builds)
    rows: list[list[Cell]] = [
        [
            str(x["owner"]),
            str(x["facility"]),
            x["node"] or "–",
            (_num(x["builds"]), float(x["builds"])),
            (_num(x["modules"]), float(x["modules"])),
            (_num(x["capacity"]), float(x["capacity"])),
            FACILITY_WORDS.get(x["capacity_unit"], x["capacity_unit"]),
            _bn(x["capex_usd"]),
        ]
        for x in t.to_dict("records")
    ]
    for owner in r.owners:
        part = t[t["owner"] == owner]
        rows.append([owner, "all", "", "", "", "", "", _bn(float(part["capex_usd"].sum()))])
    header = [
        "owner",
        "facility",
        "node",
        "builds",
        "modules",
        "capacity",
        "unit",
        "capex [billion USD]",
    ]
    table = _table("table-owners", header, rows, {3, 4, 5, 7}, total_rows=len(r.owners))
    note = (
        "Per owner: what each builds, by facility type (capacities in different units are "
        "never added), and its capex; incumbents build from their own capital at their "
        "own sites."
    )
    return f'<h3>By owner</h3><p class="caption">{html.escape(note)}</p>{table}'


def _money_html(r: ReportTables) -> str:
    from tigris.report.frames import year_range

    m = money_table(r.capex, r.capital, year_range(r.horizon))
    rows: list[list[Cell]] = []
    n_total = int((m["year"] == ALL_YEARS).sum())
    for x in m.to_dict("records"):
        inv = bool(x["investor"])
        # a year in which an investor neither releases, draws nor holds anything: left
        # out; a balance carried is kept, so a year's rows sum to the by-year table's
        # (user test 2026-12-06 money #5: 2028's $0.89B carried over showed $0.41B)
        cells = ("released_usd", "drawn_usd", "carried_over_usd")
        idle = all(_bn(x[c])[0] == _bn(0.0)[0] for c in cells)  # every cell shows 0.00
        if inv and x["year"] != ALL_YEARS and idle:
            continue
        owner = str(x.get("owner") or "")
        if inv and owner and owner != INVESTOR:  # an incumbent's own capital, marked
            label = f"{x['source']} (incumbent {owner}, own capital)"
        elif inv or x["source"] in TOTAL_SOURCES:
            label = str(x["source"])
        else:
            label = f"{x['source']} (not an investor)"
        rows.append(
            [
                str(x["year"]),
                label,
                _bn(x["released_usd"]),
                _bn(x["drawn_usd"]),
                _bn(x["carried_over_usd"]),
            ]
        )
    header = [
        "year",
        "source",
        "released [billion USD]",
        "drawn [billion USD]",
        "carried over [billion USD]",
    ]
    table = _table("table-money", header, rows, {2, 3, 4}, total_rows=n_total)
    y = money_by_year(m)
    # incumbents that respond pay from their own capital: their columns apart, never
    # the investor's (user test s47 #1: $38.7B of theirs read as the investor's)
    incumbents = bool((~m["owner"].isin([INVESTOR, ""])).any())
    cols = [
        ("released_usd", "released by the investor"),
        ("drawn_usd", "drawn from the investor"),
        ("subsidy_usd", "paid by subsidies"),
        ("released_to_date_usd", "released by the investor to date"),
        ("drawn_to_date_usd", "drawn from the investor to date"),
        ("carried_over_usd", "the investor's capital carried over"),
    ]
    if incumbents:
        cols += [
            ("incumbent_released_usd", "released by incumbents, own capital"),
            ("incumbent_drawn_usd", "drawn from incumbents' own capital"),
            ("incumbent_carried_over_usd", "incumbents' own capital carried over"),
        ]
    year_rows: list[list[Cell]] = [
        [str(int(x["year"])), *(_bn(x[c]) for c, _ in cols)] for x in y.to_dict("records")
    ]
    by_year = _table(
        "table-money-year",
        ["year", *(f"{h} [billion USD]" for _, h in cols)],
        year_rows,
        set(range(1, len(cols) + 1)),
    )
    note = (
        "Per year and source: capital a source releases that year, capital drawn to "
        "pay capex, and the unspent balance carried over to the next year (released to "
        "date minus drawn to date). A subsidy pays capex without being anyone's capital. "
        "Years in which a source neither releases, draws nor holds a balance are left "
        "out. Totals: all years; carried over at the end of the horizon."
    )
    if incumbents:
        note += (
            " Incumbents that respond build from their own capital (sources marked "
            "'incumbent ..., own capital'): it is not the investor's, and its totals are "
            "apart from the investor's."
        )
    year_note = "The investor's capital released, drawn and carried over by year" + (
        "; the incumbents' own capital apart, in the last three columns." if incumbents else "."
    )
    return (
        f'<section id="money"><h2>Money by year</h2>'
        f'<p class="caption">{html.escape(year_note)}</p>{by_year}'
        f'<h3>By source</h3><p class="caption">{html.escape(note)}</p>{table}'
        f"{_subsidy_html(r)}</section>"
    )


#: The caption of the subsidy table (``docs/finance.md``, "Subsidy by site").
SUBSIDY_CAPTION = (
    "What each site's subsidy is and buys: the modules started at each site and "
    "facility type, the share of their capex a subsidy pays and where that share comes "
    "from (data/sites.csv, the scenario's sites[] or its facilities[]; a site's share is "
    "a fab grant, a data centre takes only its facility's own), and the capex spent "
    "within the horizon: gross, paid by the subsidy (share x gross) and paid by the "
    "site's owner. The subsidy column sums to the subsidy rows of the money by year. "
    "Rows without a module started are left out (their shares are in the key "
    "assumptions)."
)


def _subsidy_html(r: ReportTables) -> str:
    """The subsidy table (``<h3>Subsidy by site</h3>``) of :attr:`ReportTables.subsidies`,
    the rows with a module started and a total; ``""`` when the run has none."""
    t = r.subsidies
    if t is None or not len(t):
        return ""
    built = t[t["modules"] > 0]
    rows: list[list[Cell]] = [
        [
            str(x["site"]),
            str(x["region"]),
            str(x["facility"]),
            str(x["owner"]),
            _num(x["modules"]),
            f"{PERCENT * x['share']:.1f} %",
            str(x["source"]),
            _bn(x["capex_usd"]),
            _bn(x["subsidy_usd"]),
            _bn(x["net_capex_usd"]),
        ]
        for x in built.to_dict("records")
    ]
    gross, sub = float(built["capex_usd"].sum()), float(built["subsidy_usd"].sum())
    share = f"{PERCENT * sub / gross:.1f} %" if gross > 0 else "–"
    rows.append(
        [
            "all sites",
            "",
            "",
            "",
            _num(float(built["modules"].sum())),
            share,
            "",
            _bn(gross),
            _bn(sub),
            _bn(float(built["net_capex_usd"].sum())),
        ]
    )
    header = [
        "site",
        "region",
        "facility",
        "owner",
        "modules",
        "subsidy share of capex",
        "share from",
        "capex within the horizon [billion USD]",
        "paid by subsidy [billion USD]",
        "paid by the owner [billion USD]",
    ]
    table = _table("table-subsidy", header, rows, {4, 5, 7, 8, 9}, total_rows=1)
    cap = html.escape(SUBSIDY_CAPTION)
    return f'<h3>Subsidy by site</h3><p class="caption">{cap}</p>{table}{_overrun_html(t, r)}'


def _overrun_html(t: pd.DataFrame, r: ReportTables) -> str:
    """The programmes whose sites' subsidies in the plan sum past their total, as
    ``tigris plan`` warns of them (:func:`tigris.plan.subsidy_cap.cap_warnings`; user
    test 2026-12-06 money #2: the report counted US$5.7B a programme cannot pay without
    a word); ``""`` when none is passed or the table has no programme column."""
    from tigris.plan.subsidy_cap import CAP_COLUMN, cap_warnings, plan_currency_year

    if CAP_COLUMN not in t.columns:
        return ""
    lines = cap_warnings(t, dollars_of=plan_currency_year(r))
    if not lines:
        return ""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    return (
        '<p class="caption" id="subsidy-overrun"><strong>Warning: subsidies past their '
        "programme.</strong> The plan does not bound them; its cash flows count them in "
        f"full.</p><ul>{items}</ul>"
    )


def subsidy_assumption_rows(t: pd.DataFrame | None) -> list[list[Any]]:
    """Each site's subsidy share used, as key-assumption rows ``[parameter, value,
    unit, source]``: one per site when its facility types take one share from one
    source, else one per site and facility type; ``[]`` without a subsidy table.

    Parameters
    ----------
    t : pandas.DataFrame or None
        The result's subsidy table (``site, facility, share, source, ...``; ``share`` a
        fraction of capex, 0-1); None for a run without one.

    Returns
    -------
    list of list
        ``[parameter, share (fraction 0-1), "-", source]`` rows, in the table's site order.
    """
    if t is None or not len(t):
        return []
    out: list[list[Any]] = []
    for site, g in t.groupby("site", sort=False):
        pairs = {(round(float(x), 6), str(y)) for x, y in zip(g["share"], g["source"], strict=True)}
        if len(pairs) == 1:
            ((share, source),) = pairs
            out.append([f"{site}: subsidy share of capex used", share, "-", source])
            continue
        for x in g.to_dict("records"):
            out.append(
                [
                    f"{site} {x['facility']}: subsidy share of capex used",
                    float(x["share"]),
                    "-",
                    str(x["source"]),
                ]
            )
    return out


def _compute_html(r: ReportTables) -> str:
    c = compute_table(r.demand)
    rows: list[list[Cell]] = [
        [
            str(int(x["year"])),
            _mh(x["demand_h100e"]),
            _mh(x["served_h100e"]),
            _mh(x["unmet_h100e"]),
            _num(PERCENT * x["unmet_share"]),
            x["short"] or "–",
        ]
        for x in c.to_dict("records")
    ]
    header = [
        "year",
        "demand [million H100e]",
        "served [million H100e]",
        "unmet [million H100e]",
        "unmet [%]",
        "short (lowest priority first)",
    ]
    table = _table("table-compute", header, rows, {1, 2, 3, 4})
    return f'<section id="compute"><h2>Compute delivered vs demanded, by year</h2>{table}</section>'


def _printed_html(
    t: PrintedTable | None, table_id: str, section_id: str, extra: str = "", alone: str = ""
) -> str:
    """A table ``tigris plan`` prints (:mod:`tigris.printout`) as a report section:
    its title, the table with each number's exact value, its caption, and ``extra``
    (a sentence after it, under the heading ``alone`` when there is no table); '' when
    there is neither."""
    e = html.escape
    if t is None and not extra:
        return ""
    parts = []
    if t is not None:
        rows: list[list[Cell]] = [
            [text if value is None else (text, value) for text, value in row] for row in t.rows
        ]
        parts.append(f"<h2>{e(t.title)}</h2>")
        parts.append(_table(table_id, list(t.header), rows, set(t.numeric)))
        parts.append(f'<p class="caption">{e(t.caption)}</p>')
    elif alone:
        parts.append(f"<h2>{e(alone)}</h2>")
    if extra:
        parts.append(f"<p>{e(extra)}</p>")
    return f'<section id="{section_id}">{"".join(parts)}</section>'


def _products_html(r: ReportTables) -> str:
    """The accelerators made by product (user test 2026-12-07, report reader #1: the
    report never said which products the plan makes)."""
    return _printed_html(production_table(r), "table-products", "products")


def _hbm_html(r: ReportTables) -> str:
    """HBM by year, and the investor's fab water after it (report reader #1)."""
    water = fab_water_line(r) or ""
    return _printed_html(hbm_table(r), "table-hbm", "hbm", water, alone="Fab water")


def _capacity_html(r: ReportTables) -> str:
    """The incumbents' lines used by year and kind, as ``tigris plan`` prints them
    (:func:`tigris.plan.summary.capacity_used`; usertest_analyst #3); empty without
    such rows."""
    rows = capacity_used(r.capacity) if has_plan(r) else []
    if not rows:
        return ""
    cells: list[list[Cell]] = [
        [
            str(x["year"]),
            x["kind"],
            x["unit"],
            (_num(x["used"]), x["used"]),
            (_num(x["available"]), x["available"]),
            "–" if x["used_share"] is None else _num(PERCENT * x["used_share"]),
        ]
        for x in sorted(rows, key=lambda x: x["year"])
    ]
    header = ["year", "kind", "unit", "used", "available", "used [%]"]
    table = _table("table-capacity-used", header, cells, {3, 4, 5})
    e = html.escape
    return (
        '<section id="capacity-used"><h2>Capacity used: the incumbents\' lines</h2>'
        f'<p class="caption">{e(capacity_used_caption(r.assumptions))}</p>{table}</section>'
    )


#: What the capacity-used table holds (its rows are the ``existing`` rows of
#: ``capacity.csv``).
def capacity_used_caption(assumptions: pd.DataFrame | None) -> str:
    """The capacity-used section's caption: where the lines come from
    (:func:`tigris.plan.summary.existing_lines_source`), what the rows are.

    Parameters
    ----------
    assumptions : pandas.DataFrame or None
        The result's ``assumptions`` table (names the source of the existing lines); None
        when not known.

    Returns
    -------
    str
        The caption.
    """
    return (
        "Logic by node, CoWoS and HBM lines standing and announced "
        f"({existing_lines_source(assumptions)}): used and available by year, the rows "
        "of the plan's capacity table at site 'existing'; available is the part serving "
        "AI accelerators (each line's capacity x its AI share, year means), not the whole "
        "lines; new modules are in that table under their site, data centres in the power "
        "table."
    )


def _investor_html(r: ReportTables) -> str:
    """What the investor adds against the world without it: sentences, numbers, by year."""
    e = html.escape
    said = "".join(f"<p>{e(x)}</p>" for x in investor_sentences(r))
    rows = investor_rows(r)
    if not rows:
        return f'<section id="adds"><h2>What the investor adds</h2>{said}</section>'
    numbers = _table("table-adds", ["quantity", "value", "unit"], [list(x) for x in rows], {1})
    years = year_range(r.horizon)
    # the investor's own, and what the plan re-times (or serves fewer), apart, as
    # `tigris plan` prints them (summary.added_columns; user test 2026-12-05)
    parts = added_columns(r.added) if r.added else [("added", {})]
    t = investor_table(
        r.demand, r.baseline["h100e_by_year"] if r.baseline else {}, parts[0][1], years
    )
    words = {
        "added": "added by the investor",
        "re-timed": "re-timed between years",
        "fewer": "fewer served than without the investor",
    }
    cols = ["demand_h100e", "baseline_h100e", "served_h100e", "added_h100e"]
    heads = [words[parts[0][0]]]
    for name, values in parts[1:]:  # a split column of zeros at the table's scale says nothing
        column = pd.Series(values, dtype=float).reindex(t["year"].astype(int).to_list())
        if (column.abs() / MILLION).round(1).max() > 0:
            t[f"{name}_h100e"] = column.to_numpy()
            cols.append(f"{name}_h100e")
            heads.append(words[name])

    year_rows: list[list[Cell]] = [
        [str(int(x["year"])), *(_mh(x[c]) for c in cols)] for x in t.to_dict("records")
    ]
    year_rows.append([ALL_YEARS, *(_mh(float(t[c].sum(min_count=1))) for c in cols)])
    by_year = _table(
        "table-adds-year",
        [
            "year",
            "demand [million H100e]",
            "without the investor [million H100e]",
            "with the investor [million H100e]",
            *(f"{h} [million H100e]" for h in heads),
        ],
        year_rows,
        set(range(1, len(cols) + 1)),
        total_rows=1,
    )
    note = (
        "The same scenario solved twice: as planned, and without the investor (its capital "
        "zero, its builds barred; incumbents as in the baseline). Compute delivered per "
        "year; the shortage ends in the first year from which all demand is met."
    )
    return (
        f'<section id="adds"><h2>What the investor adds</h2>{said}{numbers}'
        f'<p class="caption">{e(note)}</p>{by_year}</section>'
    )


def _supply_html(r: ReportTables) -> str:
    """Compute by year and source against demand: the supply figure's numbers."""
    e = html.escape
    head = "<h2>Supply by source against demand, by year</h2>"
    if r.supply_by_source is None:
        if r.status not in ("optimal", "time_limit"):  # no plan: nothing to split
            text = f"The plan has no solution (status {r.status}): no supply by source."
        else:
            text = "This run has no split of supply by source (see what the investor adds)."
        return f'<section id="supply">{head}<p>{e(text)}</p></section>'
    t = supply_table(r.supply_by_source, r.demand, year_range(r.horizon))
    cols = [c for c in t.columns if c != "year"]
    words = {
        "demand_h100e": "demand",
        "served_h100e": "served, all sources",
        "unmet_h100e": "unmet",
    }
    rows: list[list[Cell]] = [
        [str(int(x["year"])), *(_mh(x[c]) for c in cols)] for x in t.to_dict("records")
    ]
    header = ["year", *(f"{words.get(c, c)} [million H100e]" for c in cols)]
    table = _table("table-supply", header, rows, set(range(1, len(header))))
    return f'<section id="supply">{head}{table}</section>'


def binding_kind(kind: str) -> str:
    """What binds, in words for the page (``lead_time`` -> ``lead time``).

    Parameters
    ----------
    kind : str
        ``Explanation.kind`` from the planner.

    Returns
    -------
    str
        ``EUV``/``High-NA`` for a tool type (:data:`TOOL_LABELS`), else ``kind`` with its
        underscores as spaces.

    Examples
    --------
    >>> [binding_kind(k) for k in ("site_modules", "lead_time", "euv", "high_na", "capital")]
    ['site modules', 'lead time', 'EUV', 'High-NA', 'capital']
    """
    return TOOL_LABELS.get(kind, kind.replace("_", " "))


def binding_fallback(r: ReportTables) -> str:
    """What the report says under "What binds" when the planner gives no explanation.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        That the run has no plan (its status named) when it holds none
        (:func:`~tigris.report.headline.has_plan`: an infeasible or failed solve), that all
        demand is served when the run's total unmet
        demand is not above 0 H100e, else that the planner gave no explanation.
    """
    if not has_plan(r):
        return f"The run has no plan (status: {r.status}), so no constraint is reported."
    unmet = float(r.demand["unmet_h100e"].sum())
    if unmet <= 0:
        return "All demand is served; no constraint leaves demand unmet."
    return "The planner gave no explanation of the unmet demand."


def _binding_html(r: ReportTables) -> str:
    e = html.escape
    if not r.binding:
        text = binding_fallback(r)
        return f'<section id="binding"><h2>What binds</h2><p>{e(text)}</p></section>'
    # each text names its own years, so the year field is not repeated
    items = "".join(
        f"<li><strong>{e(binding_kind(x.kind))}</strong>: {e(x.text)}</li>" for x in r.binding
    )
    # the binding data-centre table is untested by history (usertest_analyst #2)
    untested = power_untested_note(r.power, r.assumptions)
    if untested:
        items += f"<li><strong>untested input</strong>: {e(untested)}</li>"
    return f'<section id="binding"><h2>What binds</h2><ul>{items}</ul></section>'


def _assumptions_html(r: ReportTables) -> str:
    a = r.assumptions
    # the date of each row's source (tigris.plan.result.with_as_of; UT-JOURNO #4): a run
    # saved before it has none, and a subsidy row's is its site's
    dates = a["as_of"] if "as_of" in a.columns else pd.Series("", index=a.index)
    given = [
        *zip(a["parameter"], a["value"], a["unit"], a["source"], dates, strict=True),
        *((*x, "") for x in subsidy_assumption_rows(r.subsidies)),
    ]
    rows = [
        [
            str(p),
            _num(v) if not isinstance(v, str) else v,
            "" if pd.isna(u) else str(u),
            str(s),
            str(d) if isinstance(d, str) else "",
        ]
        for p, v, u, s, d in given
    ]
    columns = ["parameter", "value", "unit", "source", "as_of"]
    table = _table("table-assumptions", columns, rows, {1})
    return f'<section id="assumptions"><h2>Key assumptions and sources</h2>{table}</section>'


def _caption(spec: FigureSpec, r: ReportTables) -> str:
    """A figure's caption for the run ``r`` (:func:`figure_caption`: the cash flows'
    names their terminal row by the run's convention)."""
    return figure_caption(spec, r)


def _notes_html(r: ReportTables) -> str:
    """The notes of the figures: what a caption leaves out (how a figure is made, its
    edge cases), one paragraph per figure that has any (UT-JOURNO #7); the cash flows'
    say what the row after the horizon is by the run's convention (user test s47 #2:
    "salvage ... book value" under ``finance.terminal_value: going_concern``)."""
    e = html.escape
    items = "".join(
        f'<dt><a href="#sec-{spec.key}">{e(spec.title)}</a></dt><dd>{e(figure_notes(spec, r))}</dd>'
        for spec in FIGURES
        if spec.notes
    )
    return f'<section id="notes"><h2>{e(NOTES_HEADING)}</h2><dl>{items}</dl></section>'


def currency_words(r: ReportTables) -> str:
    """``"2024"``: the year whose US dollars the run's money is in (its assumptions row
    ``currency_year``, :data:`tigris.plan.summary.CURRENCY_ROW`); ``"the scenario's
    currency year"`` for a run that does not record it (saved before every run did).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The year, as text, or the fallback words.
    """
    a = r.assumptions
    if len(a) and "parameter" in a.columns:
        hit = a.loc[a["parameter"].astype(str) == CURRENCY_ROW, "value"]
        year = pd.to_numeric(hit, errors="coerce").dropna()
        if len(year):
            return str(int(year.iloc[0]))
    return "the scenario's currency year"


def _provenance_html(info: ReportInfo, element: str = "p") -> str:
    e = html.escape
    full = e(info.input_hash)
    return (
        f'<{element} class="provenance" id="provenance-{element}">'
        f"tigris {e(info.version)} · {e(info.run_text())} (UTC) · "
        f'inputs sha256 <code title="{full}">{e(info.short_hash)}</code></{element}>'
    )


def toc_html(parts: list[str]) -> str:
    """The table of contents: a link to every top-level section of ``parts`` (a
    ``section`` with an id and an ``h2``), in page order (user test s47 #8: a page
    ~100,000 px tall had none).

    Parameters
    ----------
    parts : list of str
        The page's HTML, in order.

    Returns
    -------
    str
        ``<nav id="toc">`` with an ordered list of links; ``""`` when there is no
        section.

    Examples
    --------
    >>> toc_html(['<section id="key"><h2>Cost</h2></section>'])
    '<nav id="toc"><strong>Contents</strong><ol><li><a href="#key">Cost</a></li></ol></nav>'
    """
    items = "".join(
        f'<li><a href="#{sid}">{heading}</a></li>'
        for part in parts
        for sid, heading in _SECTION.findall(part)
    )
    return f'<nav id="toc"><strong>Contents</strong><ol>{items}</ol></nav>' if items else ""


def figure_div(fig: Any, div_id: str) -> str:
    """A plotly figure as an HTML ``div`` with no script (plotly.js is in the head once).

    The figure's own title is blanked: the section heading above it carries the title.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure (its layout's title and top margin are changed in place).
    div_id : str
        The ``id`` of the ``div``.

    Returns
    -------
    str
        The ``div``.
    """
    fig.update_layout(title={"text": ""}, margin={"t": PLOTLY_TOP_MARGIN_PX})
    return pio.to_html(
        fig,
        include_plotlyjs=False,
        include_mathjax=False,
        full_html=False,
        div_id=div_id,
        # a copy: plotly's to_html edits the config it is given
        config=dict(PLOTLY_CONFIG),
    )


#: Closes the ``main`` landmark :func:`page_head` opens; put before the footer.
PAGE_MAIN_END = "</main>"


def figure_region(div: str, title: str) -> str:
    """A figure's ``div`` in a region a screen reader names by its title, with a note
    that the numbers are in the report's tables (plotly's SVG reads as a run of axis
    ticks; a review of the report's accessibility, 2026-12-07).

    Parameters
    ----------
    div : str
        The figure's HTML (:func:`figure_div`).
    title : str
        The figure's title (escaped here).

    Returns
    -------
    str
        ``<div role="figure" aria-label="Figure: TITLE ...">DIV</div>``.
    """
    label = html.escape(f"Figure: {title}. Its numbers are in the tables of this report.")
    return f'<div role="figure" aria-label="{label}">{div}</div>'


def page_head(title: str) -> list[str]:
    """The opening of a self-contained report page, up to and including its ``h1``.

    Parameters
    ----------
    title : str
        The page's title (escaped here).

    Returns
    -------
    list of str
        The doctype, the head (the house CSS and plotly.js inlined) and the ``h1``.
    """
    e = html.escape
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{get_plotlyjs()}</script>',
        "</head><body>",
        # a skip link past the contents (shown when focused), and the page's main
        # landmark (a review of the report's accessibility, 2026-12-07): closed by
        # :data:`PAGE_MAIN_END` before the footer
        '<a class="skip" href="#main">Skip to the report</a>',
        f'<main id="main"><h1>{e(title)}</h1>',
    ]


def render_html(
    result: PlanResultLike | ReportTables,
    on_figure: Callable[[str], None] | None = None,
    info: ReportInfo | None = None,
) -> str:
    """The report of ``result`` as one self-contained HTML document.

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan result (``docs/plan-result.md``).
    on_figure : callable, optional
        Called with each figure's title once it is rendered (for progress bars).
    info : ReportInfo, optional
        Version, creation time and input hash shown in the header and footer; default
        :func:`~tigris.report.provenance.report_info` of ``result``, stamped now.

    Returns
    -------
    str
        The HTML (plotly.js inlined; no external script, style or font).
    """
    info = info if info is not None else report_info(result)
    r = report_tables(result)
    e = html.escape
    figures = []
    source = source_line(r, info.version)  # under every figure, and in it (UT-JOURNO #7)
    for spec in FIGURES:
        div = figure_div(add_source(plotly_figure(spec.key, r), source), spec.id)
        figures.append(
            f'<section class="figure" id="sec-{spec.key}"><h2>{e(spec.title)}</h2>'
            f'<p class="caption">{e(_caption(spec, r))}</p>{figure_region(div, spec.title)}'
            f'<p class="source">{e(source)}</p></section>'
        )
        if on_figure is not None:
            on_figure(spec.title)
    ok = r.status == "optimal"
    status = f'<span class="status {"ok" if ok else "bad"}">{e(r.status)}</span>'
    relaxed = info.relaxed or r.relaxed
    if relaxed:
        status += " (LP relaxation: fractional modules)"
    if info.mip_gap is not None:
        status += f" · MIP gap {e(_num(PERCENT * info.mip_gap))} %"
    summary = _table(
        "table-summary", ["quantity", "value", "unit"], [list(x) for x in summary_rows(r)], {1}
    )
    sentences = headline_sentences(r)
    # the planner's last sentence is the objective's (none when there is no plan)
    said = [x for x in sentences if not x.startswith(OBJECTIVE_WORD)]
    objective_text = " ".join(x for x in sentences if x.startswith(OBJECTIVE_WORD))
    does = "".join(f"<li>{e(x)}</li>" for x in said)
    objective = _table(
        "table-objective",
        ["quantity", "value", "unit"],
        [list(x) for x in objective_rows(r)],
        {1},
    )
    key = ""
    if has_plan(r):
        key_said = key_sentence(r)
        key_table = _table(
            "table-key", ["quantity", "value", "unit"], [list(x) for x in key_rows(r)], {1}
        )
        key = (
            f'<section id="key"><h2>{e(KEY_HEADING)}</h2>'
            f"<p>{e(key_said or '')}</p>{key_table}</section>"
        )
    title = f"tigris plan: {r.scenario_name}{run_options(r)} ({year_span(*r.horizon)})"
    body = [
        key,
        _investor_html(r) if has_plan(r) else "",
        f'<section id="does"><h2>What the plan does</h2><ul>{does}</ul></section>' if does else "",
        f'<section id="summary"><h2>Headline numbers</h2>{summary}</section>',
        f'<section id="objective"><h2>{e(OBJECTIVE_HEADING)}</h2>'
        f'<p class="caption">{e(objective_text)}</p>{objective}'
        "</section>",
        _binding_html(r),
        _builds_html(r),
        _money_html(r),
        _compute_html(r),
        _products_html(r),
        _capacity_html(r),
        _hbm_html(r),
        _supply_html(r),
        finance_html(r),
        shadow_html(r),
        energy_html(r),
        *figures,
        _notes_html(r),
        _assumptions_html(r),
    ]
    return "\n".join(
        [
            *page_head(title),
            _provenance_html(info),
            f"<p>Solver status: {status}</p>",
            # a relaxation's numbers are a bound (report reader #2: read as a plan)
            f'<p class="relaxed"><strong>{e(RELAXED_NOTE)}</strong></p>' if relaxed else "",
            toc_html(body),
            *body,
            PAGE_MAIN_END,
            "<footer>Made with tigris. Compute in H100-equivalents (dense BF16 peak FLOP/s "
            f"÷ H100 SXM's); money in USD of {e(currency_words(r))}."
            f"{_provenance_html(info, 'div')}</footer>",
            "</body></html>",
        ]
    )


def write_html(
    result: PlanResultLike | ReportTables,
    path: str | Path,
    on_figure: Callable[[str], None] | None = None,
    info: ReportInfo | None = None,
) -> Path:
    """Write the self-contained HTML report of ``result`` to ``path``.

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan result (``docs/plan-result.md``).
    path : str or Path
        Output file; its folder is created if needed.
    on_figure : callable, optional
        Called with each figure's title once it is rendered (for progress bars).
    info : ReportInfo, optional
        Provenance shown on the page (see :func:`render_html`).

    Returns
    -------
    Path
        ``path``.

    Raises
    ------
    tigris.errors.InputError
        If ``result`` lacks a table or column of the contract, or ``path`` is a folder.
    """
    p = Path(path)
    if p.is_dir():
        msg = f"'{p}' is a directory; expected an HTML file name such as report.html"
        raise InputError(msg, field="--html")
    text = render_html(result, on_figure, info)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p
