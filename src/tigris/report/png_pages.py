"""Text pages of the PNG set: the headline and what binds, the money (NPV, IRR and
payback by module, site and source; the largest shadow prices), the key assumptions
and the notes on the figures (what their captions leave out).

The HTML report has these as tables and lists; a set of PNGs (for slides, papers) gets
them as pages of text in the house font, each page with the provenance footer, so no
part of the report is lost when only the PNGs travel.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import Any

import pandas as pd

from tigris.fmt import year_span
from tigris.printout import RELAXED_NOTE, PrintedTable
from tigris.report.figures import NOTES_HEADING, run_options
from tigris.report.provenance import ReportInfo
from tigris.report.result import ReportTables
from tigris.viz.style import (
    CAPTION_COLOUR,
    FIG_WIDTH_IN,
    FONT_FAMILY,
    FONT_SIZE,
    POINTS_PER_INCH,
    SMALL_FONT_SIZE,
    TITLE_FONT_SIZE,
    wrap_chars,
)

__all__ = [
    "PAGES",
    "Line",
    "PageSpec",
    "assumption_lines",
    "binding_lines",
    "notes_lines",
    "page_figures",
    "page_lines",
    "paginate",
    "printed_lines",
    "products_page_lines",
]

#: Margin around the text of a page [inch] (layout choice).
PAGE_MARGIN_IN = 0.4
#: Line height as a multiple of the font size [-] (layout choice).
LINE_SPACING = 1.35
#: Lines of text on one page before the next page starts (about 10.5 inches of
#: 9-point text; layout choice) [-].
LINES_PER_PAGE = 60
#: Indent of a wrapped continuation or a source line [characters] (layout choice).
INDENT = "    "


@dataclass(frozen=True)
class Line:
    """One line of a text page: its text, how it is set, and whether it continues the
    line before (a wrapped bullet, a source under its assumption: kept on one page)."""

    text: str
    #: ``heading``, ``text`` or ``note`` (smaller, grey)
    style: str = "text"
    cont: bool = False


@dataclass(frozen=True)
class PageSpec:
    """A text page of the PNG set: file stem (``KEY.png``, ``KEY-2.png``, ...) and title."""

    key: str
    title: str


#: The text pages, after the figures.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("binding", "What the investor adds, what the plan does, and what binds"),
    PageSpec("money", "Money: NPV, IRR and payback; shadow prices"),
    PageSpec("products", "Accelerators made, HBM and fab water"),
    PageSpec("energy", "Power, energy and emissions by year"),
    PageSpec("assumptions", "Key assumptions and sources"),
    PageSpec("notes", NOTES_HEADING),
)

_SIZE = {"heading": FONT_SIZE, "text": SMALL_FONT_SIZE, "note": SMALL_FONT_SIZE - 1}


def _wrapped(text: str, style: str, first: str = "", rest: str = INDENT) -> list[Line]:
    width = wrap_chars(FIG_WIDTH_IN - 2 * PAGE_MARGIN_IN, _SIZE[style])
    parts = textwrap.wrap(text, width, initial_indent=first, subsequent_indent=rest) or [""]
    return [Line(p, style, cont=i > 0) for i, p in enumerate(parts)]


def binding_lines(r: ReportTables) -> list[Line]:
    """Cost, NPV, IRR, capital spent and H100e added; what the investor adds, what the
    plan does, its headline numbers, the objective and what binds, as lines.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of Line
        The page's lines: solver status, the key numbers and what the investor adds (when
        the run has a plan), what the plan does, the objective and what binds.
    """
    from tigris.plan.summary import power_untested_note
    from tigris.report.headline import (
        OBJECTIVE_WORD,
        has_plan,
        headline_sentences,
        investor_rows,
        investor_sentences,
        key_sentence,
        objective_rows,
        summary_rows,
    )
    from tigris.report.html import KEY_HEADING, OBJECTIVE_HEADING, binding_fallback, binding_kind

    sentences = headline_sentences(r)
    lines = [Line(f"Solver status: {r.status}", "heading"), Line("")]
    if r.relaxed:  # a bound, not a plan (user test 2026-12-07, report reader #2)
        lines = [Line(f"Solver status: {r.status} (LP relaxation: fractional modules)", "heading")]
        lines += [*_wrapped(RELAXED_NOTE, "text"), Line("")]
    if has_plan(r):
        lines.append(Line(KEY_HEADING, "heading"))
        key = key_sentence(r)  # the numbers of key_rows, in one sentence
        if key:
            lines += _wrapped(key, "text")
        lines.append(Line(""))
        lines.append(Line("What the investor adds", "heading"))
        for x in investor_sentences(r):
            lines += _wrapped(x, "text", first="• ")
        for quantity, value, unit in investor_rows(r):
            lines += _wrapped(f"{quantity}: {value} {unit}".rstrip(), "text")
        lines.append(Line(""))
    lines.append(Line("What the plan does", "heading"))
    for x in sentences:
        if not x.startswith(OBJECTIVE_WORD):
            lines += _wrapped(x, "text", first="• ")
    lines.append(Line(""))
    for quantity, value, unit in summary_rows(r):
        lines += _wrapped(f"{quantity}: {value} {unit}".rstrip(), "text")
    lines += [Line(""), Line(OBJECTIVE_HEADING, "heading")]
    for x in sentences:
        if x.startswith(OBJECTIVE_WORD):
            lines += _wrapped(x, "text")
    for quantity, value, unit in objective_rows(r):
        lines += _wrapped(f"{quantity}: {value} {unit}".rstrip(), "text")
    lines += [Line(""), Line("What binds", "heading")]
    if not r.binding:
        lines += _wrapped(binding_fallback(r), "text")
    for x in r.binding:
        lines += _wrapped(f"{binding_kind(x.kind)}: {x.text}", "text", first="• ")
    # the binding data-centre table is untested by history (usertest_analyst #2)
    untested = power_untested_note(r.power, r.assumptions) if r.binding else None
    if untested:
        lines += _wrapped(f"untested input: {untested}", "text", first="• ")
    return lines


def printed_lines(t: PrintedTable) -> list[Line]:
    """A table ``tigris plan`` prints as lines of a text page: its title, one line per
    row (the first cell, then each other column's head and cell), its caption as a note.

    Parameters
    ----------
    t : PrintedTable
        The table (:mod:`tigris.printout`).

    Returns
    -------
    list of Line
        The lines, wrapped.
    """
    lines = [Line(t.title, "heading")]
    for row in t.rows:
        cells = "; ".join(
            f"{head} {text}" for head, (text, _) in zip(t.header[1:], row[1:], strict=True)
        )
        lines += _wrapped(f"{row[0][0]}: {cells}", "text", first="• ")
    if t.caption:
        lines += _wrapped(t.caption, "note")
    return lines


def products_page_lines(r: ReportTables) -> list[Line]:
    """The accelerators made by product, HBM by year and the investor's fab water, as
    ``tigris plan`` prints them (user test 2026-12-07, report reader #1: the PNG set
    lacked all three).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of Line
        The page's lines; a single line when the run has none of them (no plan).
    """
    from tigris.printout import fab_water_line, hbm_table, production_table

    lines: list[Line] = []
    for t in (production_table(r), hbm_table(r)):
        if t is not None:
            lines += [*printed_lines(t), Line("")]
    water = fab_water_line(r)
    if water:
        lines += _wrapped(water, "text")
    return lines or [Line("No accelerators made in this run (no plan).")]


def energy_page_lines(r: ReportTables) -> list[Line]:
    """The world's power, energy and emissions by year, then each region's in the last
    year (:func:`tigris.report.energy.energy_lines`), the world's on-site generation and
    gas by year (:func:`tigris.report.energy.onsite_lines`) and the investor's on-site
    gas line (:func:`tigris.report.energy.investor_gas_text`), as lines.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of Line
        The page's lines; a single line when the run has no power table.
    """
    from tigris.report.energy import (
        ENERGY_BASIS_PAGE_NOTE,
        energy_lines,
        investor_gas_text,
        not_computed_note,
        onsite_lines,
    )

    # each energy figure names its basis, year-end or year-mean MW, as the HTML
    # table's headers do (user test 2026-12-06 power #5: "266 TWh" had none)
    world = energy_lines(r, basis=True)
    if not world:
        return [Line("No power table in this run (no plan).")]
    lines = [Line("World: facility power needed, data-centre capacity online, energy, CO2")]
    lines.append(Line("", "text"))
    lines += [Line(x) for x in world]
    regions = energy_lines(r, by_region=True, basis=True)
    if regions:
        last = int(r.power["year"].max())
        lines += [Line(""), Line(f"By region, {last}", "heading")]
        lines += [Line(x) for x in regions]
    onsite = onsite_lines(r)
    if onsite:
        lines += [Line(""), Line("On-site generation and the gas it burns", "heading")]
        lines += [Line(x) for x in onsite]
    gas = investor_gas_text(r)
    if gas:
        lines += [Line("")]
        lines += _wrapped(gas, "text")
    lines += [Line("")]
    # the page has no columns: the note names the year-mean figure, not a column
    lines += _wrapped(
        ENERGY_BASIS_PAGE_NOTE
        + " "
        + not_computed_note(r, year_mean="the year-mean energy")
        + " Emissions are of compute and fab energy at each region's grid intensity "
        "(life-cycle CO2e, location-based), and of on-site generation at the plant's own intensity "
        "(combustion CO2 at the stack: a different basis, upstream not counted).",
        "note",
    )
    return lines


def assumption_lines(assumptions: pd.DataFrame) -> list[Line]:
    """Each assumption as ``parameter: value unit``, its source on the lines below.

    Parameters
    ----------
    assumptions : DataFrame
        The result's ``assumptions`` table: ``parameter, value, unit, source`` and,
        where the run dated them, ``as_of`` (printed beside the source).

    Returns
    -------
    list of Line
        Two or more lines per assumption (its sources as continuations); one line saying
        so when the table is empty.
    """
    from tigris.report.html import number_text

    lines: list[Line] = []
    dates = (
        assumptions["as_of"]
        if "as_of" in assumptions.columns
        else pd.Series("", index=assumptions.index)
    )
    for p, v, u, s, d in zip(
        assumptions["parameter"],
        assumptions["value"],
        assumptions["unit"],
        assumptions["source"],
        dates,
        strict=True,
    ):
        value = v if isinstance(v, str) else number_text(v)
        unit = "" if pd.isna(u) else str(u)
        lines += _wrapped(f"{p}: {value} {unit}".rstrip(), "text")
        dated = f" (as of {d})" if isinstance(d, str) and d else ""  # UT-JOURNO #4
        source = _wrapped(f"source{dated}: {s}", "note", first=INDENT, rest=INDENT * 2)
        lines += [Line(x.text, x.style, cont=True) for x in source]
    if not lines:
        lines.append(Line("The result lists no assumptions."))
    return lines


def paginate(lines: list[Line], size: int = LINES_PER_PAGE) -> list[list[Line]]:
    """Split ``lines`` into pages of about ``size`` lines; always at least one page.

    A page ends only before a line that starts something (not a continuation) and
    never right after a heading, so a bullet, an assumption with its source, or a
    heading with its first line stays on one page (a page may run a few lines over).

    Parameters
    ----------
    lines : list of Line
        The text.
    size : int, optional
        Lines per page [-].

    Returns
    -------
    list of list of Line
        The pages, in order.

    Examples
    --------
    >>> [len(p) for p in paginate([Line(str(i)) for i in range(5)], 2)]
    [2, 2, 1]
    >>> [len(p) for p in paginate([Line("a"), Line("b", cont=True), Line("c")], 1)]
    [2, 1]
    """
    pages: list[list[Line]] = []
    page: list[Line] = []
    for line in lines:
        if len(page) >= size and not line.cont and page[-1].style != "heading":
            pages.append(page)
            page = []
        page.append(line)
    if page or not pages:
        pages.append(page)
    return pages


def _page(title: str, lines: list[Line], footer: str) -> Any:
    from matplotlib.figure import Figure

    step_in = [LINE_SPACING * _SIZE[ln.style] / POINTS_PER_INCH for ln in lines]
    # a long title (a scenario named by its edits) wrapped to the page, not run off it
    width = wrap_chars(FIG_WIDTH_IN - 2 * PAGE_MARGIN_IN, TITLE_FONT_SIZE)
    title = "\n".join(
        "\n".join(textwrap.wrap(part, width, break_on_hyphens=False) or [""])
        for part in title.split("\n")
    )
    title_in = (title.count("\n") + 2) * LINE_SPACING * TITLE_FONT_SIZE / POINTS_PER_INCH
    # the footer (source line and provenance) wrapped to the page's width
    footer_lines = textwrap.wrap(
        footer, wrap_chars(FIG_WIDTH_IN - 2 * PAGE_MARGIN_IN, _SIZE["note"])
    )
    footer = "\n".join(footer_lines)
    footer_in = (len(footer_lines) + 1) * LINE_SPACING * SMALL_FONT_SIZE / POINTS_PER_INCH
    height = 2 * PAGE_MARGIN_IN + title_in + sum(step_in) + footer_in
    fig = Figure(figsize=(FIG_WIDTH_IN, height), dpi=100)
    x = PAGE_MARGIN_IN / FIG_WIDTH_IN
    y_in = height - PAGE_MARGIN_IN
    fig.text(
        x,
        y_in / height,
        title,
        fontsize=TITLE_FONT_SIZE,
        va="top",
        family=FONT_FAMILY,
        parse_math=False,
    )
    y_in -= title_in
    for line, step in zip(lines, step_in, strict=True):
        fig.text(
            x,
            y_in / height,
            line.text,
            va="top",
            family=FONT_FAMILY,
            fontsize=_SIZE[line.style],
            fontweight="bold" if line.style == "heading" else "normal",
            color=CAPTION_COLOUR if line.style == "note" else "black",
            parse_math=False,  # "$33.0B of the $36.8B" is money, not TeX
        )
        y_in -= step
    fig.text(
        x,
        PAGE_MARGIN_IN / height,
        footer,
        va="bottom",
        family=FONT_FAMILY,
        fontsize=SMALL_FONT_SIZE - 1,
        color=CAPTION_COLOUR,
        linespacing=LINE_SPACING,
        parse_math=False,
        gid="caption",
    )
    return fig


def page_lines(r: ReportTables) -> dict[str, list[Line]]:
    """The lines of each text page, by :attr:`PageSpec.key` (:data:`PAGES`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    dict of str to list of Line
        ``binding``, ``money``, ``products``, ``energy``, ``assumptions`` and ``notes``
        -> their lines.
    """
    from tigris.report.money import money_lines

    return {
        "binding": binding_lines(r),
        "money": money_lines(r),
        "products": products_page_lines(r),
        "energy": energy_page_lines(r),
        "assumptions": assumption_lines(r.assumptions),
        "notes": notes_lines(r),
    }


def notes_lines(r: ReportTables) -> list[Line]:
    """The notes of the figures (:func:`~tigris.report.figures.figure_notes`: what a
    caption leaves out, the cash flows' by the run's terminal-value convention), each
    after its figure's title and file: the last text page.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of Line
        One bullet per figure with notes (:attr:`FigureSpec.notes`), wrapped.
    """
    from tigris.report.figures import FIGURES, figure_notes

    lines: list[Line] = []
    for spec in FIGURES:
        if spec.notes:
            text = f"{spec.title} ({spec.png_name}): {figure_notes(spec, r)}"
            lines += _wrapped(text, "text", first="• ")
    return lines


def page_figures(r: ReportTables, info: ReportInfo) -> list[tuple[str, str, Any]]:
    """The text pages as matplotlib figures: ``(file stem, title, figure)``.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.
    info : ReportInfo
        Provenance written as each page's footer.

    Returns
    -------
    list of tuple
        One entry per page; a topic longer than :data:`LINES_PER_PAGE` lines continues
        on ``KEY-2``, ``KEY-3``, ... (titled "..., page 2 of 3").
    """
    from tigris.report.png import figure_footer

    content = page_lines(r)
    footer = figure_footer(r, info)  # as under every figure (UT-JOURNO #7)
    out = []
    for spec in PAGES:
        pages = paginate(content[spec.key])
        for i, lines in enumerate(pages, start=1):
            stem = spec.key if i == 1 else f"{spec.key}-{i}"
            title = spec.title if len(pages) == 1 else f"{spec.title}, page {i} of {len(pages)}"
            name = f"{r.scenario_name}{run_options(r)}"
            full = f"tigris plan: {name} ({year_span(*r.horizon)})\n{title}"
            out.append((stem, title, _page(full, lines, footer)))
    return out
