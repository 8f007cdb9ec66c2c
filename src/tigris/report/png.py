"""Matplotlib renderers of the report figures, and :func:`write_pngs` (for papers, slides).

Same figures, data and colours as the HTML report (:mod:`tigris.report.plotly_figs`),
drawn with :func:`tigris.viz.style.new_figure` so they match the wafer map and the fab
timeline. Every axis carries its unit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from tigris.report import frames
from tigris.report.energy import mpl_datacenter
from tigris.report.figures import (
    CAPEX_LABEL,
    CAPEX_LEGEND_TITLE,
    COMPUTE_POWER_LABEL,
    COMPUTE_QUANTITY,
    CUMULATIVE_LABEL,
    FAB_POWER_LABEL,
    FIGURES,
    HALF_YEAR,
    MPL_HATCHES,
    NO_FAB_BUILT,
    POWER_FABS,
    POWER_FLEET,
    PROJECTION_ALPHA,
    PROJECTION_COLOUR,
    RELEASED_CUMULATIVE,
    SUPPLY_ALONE_QUANTITY,
    SUPPLY_DEMAND,
    SUPPLY_UNSPLIT,
    TOOLS_LABEL,
    USD_PER_BILLION,
    YEAR_LABEL,
    demand_basis,
    figure_spec,
    greyscale_pattern,
    magnitude,
    projection_name,
    released_note,
    released_off_scale,
    series_styles,
    source_line,
    supply_colour,
    tool_label,
    trace_name,
    unit_label,
)
from tigris.report.figures import (
    figure_caption as caption_for,
)
from tigris.report.money import mpl_cashflow, mpl_shadow
from tigris.report.provenance import ReportInfo, report_info
from tigris.report.result import PlanResultLike, ReportTables, report_tables
from tigris.viz.style import (
    BAD,
    EDGE_WIDTH,
    FIG_HEIGHT_IN,
    FIG_WIDTH_IN,
    FONT_SIZE,
    LINE_WIDTH,
    MARKER_SIZE,
    ROW_HEIGHT_IN,
    SEMANTIC,
    SHADE_ALPHA,
    SHADE_HATCH,
    SMALL_FONT_SIZE,
    axis_label,
    figure_caption,
    figure_legend,
    figure_title,
    headroom_top,
    new_figure,
    save_png,
    series_colour,
    wrap_chars,
    wrap_label,
)

__all__ = [
    "MPL_BUILDERS",
    "figure_footer",
    "mpl_figure",
    "png_count",
    "png_figures",
    "write_pngs",
]

#: Bar width as a fraction of one year on a yearly axis [-] (layout choice).
BAR_WIDTH = 0.8
#: Year tick labels are turned by TICK_ROTATION [degree] beyond this many years.
MAX_FLAT_YEAR_TICKS = 10
TICK_ROTATION = 45
#: Relative widths of the cumulative and the yearly capital panels [-].
CAPEX_PANEL_RATIOS = (0.62, 0.38)
#: Height of the capex panels [inch] (layout choice: the 4.5-inch figure less its
#: title and its turned year ticks): their y titles are wrapped to it.
CAPEX_AXES_IN = 2.4
#: Height of the sites figure beyond its rows (title, axis titles, legend), and its
#: least height [inch] (layout choice).
SITES_FRAME_IN = 2.4
SITES_MIN_HEIGHT_IN = 3.0
#: Half a row of a bar-per-row axis, the margin above the first and below the last
#: bar [row].
HALF_ROW = 0.5
#: Year ticks of the narrow yearly capex panel, every this many years [year].
NARROW_YEAR_STEP = 2
#: Room above the capex bars for the note of an off-scale released capital, as a
#: multiple of the usual axis top [-] (layout choice: three lines of small text).
OFF_SCALE_ROOM = 1.5


#: Most decimals a tick label shows (ticks are round numbers: 0.25, 0.5, ...).
MAX_TICK_DECIMALS = 6


def _decimals(x: float) -> int:
    """Decimals ``x`` needs to print exactly (up to :data:`MAX_TICK_DECIMALS`)."""
    for d in range(MAX_TICK_DECIMALS):
        if abs(x - round(x, d)) <= 1e-9 * max(1.0, abs(x)):
            return d
    return MAX_TICK_DECIMALS


def _thousands(axis: Any) -> None:
    """Tick labels with thousands separators (``1,500,000``) instead of an offset, and
    the decimals the tick step needs, alike on every tick (``0.0, 0.2, ..., 1.0``)."""
    from matplotlib.ticker import Formatter

    class _Ticks(Formatter):  # type: ignore[misc]
        def __call__(self, x: float, pos: int | None = None) -> str:
            return f"{x:,.{_decimals(x)}f}"

        def format_ticks(self, values: Any) -> list[str]:
            d = max((_decimals(float(v)) for v in values), default=0)
            return [f"{float(v):,.{d}f}" for v in values]

    axis.set_major_formatter(_Ticks())


def _scaled(div: float) -> Any:
    """Tick labels of values divided by ``div`` (the axis title names the magnitude)."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda x, _pos: f"{x / div:,.4g}")


#: Characters a line of a y title of a half-height panel holds (layout choice: a panel
#: of a two-row 4.5-inch figure is ~1.7 inch tall, about 22 characters of the axis font).
PANEL_LABEL_CHARS = 22


def _panel_label(label: str) -> str:
    """A y title in lines that fit a half-height panel, its unit on its own line (the
    power figure's fleet title ran into the fab panel's; user test S47 #2).

    >>> print(_panel_label("World compute fleet, facility power [MW]"))
    World compute fleet,
    facility power
    [MW]
    """
    import textwrap

    words, _, unit = label.partition(" [")
    lines = textwrap.wrap(words, PANEL_LABEL_CHARS) or [words]
    return "\n".join([*lines, f"[{unit}"] if unit else lines)


def _no_data(ax: Any, text: str) -> None:
    ax.text(0.5, 0.5, text, transform=ax.transAxes, ha="center", va="center")


def _year_ticks(ax: Any, years: np.ndarray, rotate: bool = False, step: int = 1) -> None:
    ticks = years[::step]
    ax.set_xticks(ticks)
    turn = rotate or len(ticks) > MAX_FLAT_YEAR_TICKS
    ax.set_xticklabels([str(y) for y in ticks], rotation=TICK_ROTATION if turn else 0)
    ax.set_xlabel(YEAR_LABEL)


def _projection_band(ax: Any, years: np.ndarray, start: int | None) -> None:
    """Shade the years from ``start`` on: their demand is a projection (UT-JOURNO #7),
    with a legend entry (:func:`~tigris.report.figures.projection_name`)."""
    if start is None or not len(years) or start > int(years[-1]):
        return
    # full height (x in data, y in axes units), a collection beneath the bars, so the
    # axes' patches stay the bars
    ax.fill_between(
        [start - HALF_YEAR, int(years[-1]) + HALF_YEAR],
        0,
        1,
        transform=ax.get_xaxis_transform(),
        color=PROJECTION_COLOUR,
        alpha=PROJECTION_ALPHA,
        linewidth=0,
        zorder=0,
        label=projection_name(start),
    )


def _hatch(key: str, name: str) -> str | None:
    """Matplotlib hatch of trace ``name`` of figure ``key``: the one drawing its plotly
    pattern (:data:`tigris.report.figures.GREYSCALE_PATTERNS`), or None (plain)."""
    shape = greyscale_pattern(key, name)
    return MPL_HATCHES[shape] if shape else None


def supply_figure(r: ReportTables) -> Any:
    """Compute delivered by source (stacked bars) against demand (a dotted line).

    From ``supply_by_source`` (:func:`tigris.report.frames.supply_layers`); a run
    without it shows the compute served, all sources together, and says so. When demand
    dwarfs the stack, a second panel shows the stack on its own scale.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Stacked bars by source and the demand line, by year [H100e]; a second panel of
        the stack alone when demand dwarfs it.
    """
    from tigris.report.plotly_figs import NOTE_ROOM, NOTE_Y, no_split_note

    spec = figure_spec("supply")
    years = frames.year_range(r.horizon)
    layers, demand, zoom = frames.supply_layers(r.supply_by_source, r.demand, years, SUPPLY_UNSPLIT)
    top = np.sum(list(layers.values()), axis=0)
    if zoom:
        fig, axes = new_figure(nrows=2, sharex=True)
    else:
        fig, ax = new_figure()
        axes = [ax]
    for k, ax in enumerate(axes):
        peak = float(top.max(initial=0.0))
        if k == 0:
            peak = max(peak, float(demand.max(initial=0.0)))
        div, word = magnitude(peak)
        bottom = np.zeros(len(years))
        for i, (source, y) in enumerate(layers.items()):
            colour = SEMANTIC["served"] if source == SUPPLY_UNSPLIT else supply_colour(source, i)
            # a hatch where the colour alone prints as another layer's grey
            ax.bar(
                years,
                y / div,
                BAR_WIDTH,
                bottom=bottom,
                color=colour,
                hatch=_hatch("supply", source),
                label=source,
            )
            bottom = bottom + y / div
        quantity = COMPUTE_QUANTITY if k == 0 else SUPPLY_ALONE_QUANTITY
        label = axis_label(quantity, f"{word} H100e".strip())
        # two panels: each half as tall as the figure, its title on two lines
        ax.set_ylabel(label.replace(" [", "\n[", 1) if zoom else label)
        room = 1.0 if r.supply_by_source is not None or k > 0 else NOTE_ROOM
        ax.set_ylim(0, headroom_top(peak / div) * room)
        _thousands(ax.yaxis)
        if k == 0:
            ax.plot(
                years,
                demand / div,
                ":o",
                color=SEMANTIC["supply"],
                markersize=MARKER_SIZE,
                label=SUPPLY_DEMAND,
            )
            _projection_band(ax, years, demand_basis(r).projection_from)
    if zoom:
        fig.align_ylabels(list(axes))
    _year_ticks(axes[-1], years)
    figure_title(fig, spec.title)
    figure_legend(fig, order=[*layers, SUPPLY_DEMAND])  # the stack from the bottom
    if r.supply_by_source is None:
        axes[0].text(
            0.5,
            NOTE_Y,
            no_split_note(r),
            transform=axes[0].transAxes,
            ha="center",
            va="top",
            fontsize=SMALL_FONT_SIZE,
        )
    return fig


def demand_figure(r: ReportTables) -> Any:
    """Served compute by class (stacked bars), unmet demand hatched on top.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Served and unmet bars per demand class and the total demand line, by year [H100e].
    """
    spec = figure_spec("demand")
    years = frames.year_range(r.horizon)
    df = frames.demand_frame(r.demand)
    fig, ax = new_figure()
    classes = list(dict.fromkeys(df["demand_class"]))
    bottom = np.zeros(len(years))
    by_class = {c: df[df["demand_class"] == c].set_index("year").reindex(years) for c in classes}
    peak = float(df.groupby("year")["demand_h100e"].sum().max()) if len(df) else 0.0
    div, word = magnitude(peak)
    for i, c in enumerate(classes):
        y = by_class[c]["served_h100e"].fillna(0.0).to_numpy() / div
        ax.bar(
            years,
            y,
            BAR_WIDTH,
            bottom=bottom,
            color=series_colour(i),
            label=trace_name("served", c),
        )
        bottom = bottom + y
    for i, c in enumerate(classes):
        y = by_class[c]["unmet_h100e"].fillna(0.0).to_numpy() / div
        ax.bar(
            years,
            y,
            BAR_WIDTH,
            bottom=bottom,
            color=series_colour(i),
            alpha=SHADE_ALPHA,
            hatch=SHADE_HATCH,
            edgecolor=BAD,
            linewidth=EDGE_WIDTH,
            label=trace_name("unmet", c),
        )
        bottom = bottom + y
    total = df.groupby("year")["demand_h100e"].sum().reindex(years)
    ax.plot(
        years,
        total.to_numpy() / div,
        ":o",
        color=SEMANTIC["supply"],
        markersize=MARKER_SIZE,
        label=trace_name("demand", "total"),
    )
    if not df.empty:
        _projection_band(ax, years, demand_basis(r).projection_from)
    figure_title(fig, spec.title)
    ax.set_ylabel(axis_label(COMPUTE_QUANTITY, f"{word} H100e".strip()))
    ax.set_ylim(0, headroom_top(peak / div))
    _thousands(ax.yaxis)
    _year_ticks(ax, years)
    figure_legend(fig)
    if df.empty:
        _no_data(ax, "no demand in this plan")
    return fig


def schedule_figure(r: ReportTables) -> Any:
    """Gantt chart of construction and ramp of every build.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        One row per build, construction then ramp, on a year axis.
    """
    spec = figure_spec("schedule")
    df = frames.schedule_frame(r.builds, r.capacity, r.horizon)
    height = max(FIG_HEIGHT_IN, ROW_HEIGHT_IN * len(df) + FIG_HEIGHT_IN / 2)
    fig, ax = new_figure(FIG_WIDTH_IN, height)
    rows = np.arange(len(df))
    ax.barh(
        rows,
        df["online_year"] - df["start_year"],
        left=df["start_year"],
        color=SEMANTIC["construction"],
        hatch=_hatch("schedule", "construction"),
        label="construction",
    )
    ramp = ax.barh(
        rows,
        df["full_year"] - df["online_year"],
        left=df["online_year"],
        color=SEMANTIC["ramp"],
        label="ramp",
    )
    for patch, still in zip(ramp.patches, df["ramping_at_end"], strict=True):
        if still:
            patch.set_hatch(SHADE_HATCH)
    if df["ramping_at_end"].any():
        ax.barh(
            [0],
            [0],
            color=SEMANTIC["ramp"],
            hatch=SHADE_HATCH,
            label="still ramping at horizon end",
        )
    ax.set_yticks(rows)
    ax.set_yticklabels(df["label"], fontsize=SMALL_FONT_SIZE)
    ax.invert_yaxis()
    years = frames.year_range((r.horizon[0], r.horizon[1] + 1))
    _year_ticks(ax, years)
    ax.set_xlim(r.horizon[0] - HALF_YEAR, r.horizon[1] + 1 + HALF_YEAR)
    figure_title(fig, spec.title)
    figure_legend(fig)
    if df.empty:
        _no_data(ax, "no builds in this plan")
    return fig


def capex_figure(r: ReportTables) -> Any:
    """Investors' capital drawn vs released, both to date; capex paid per year by payer.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels [billion USD]: capital drawn to date by investor source against that
        released to date (left), capex paid in the year by payer (right).
    """
    spec = figure_spec("capex")
    years = frames.year_range(r.horizon)
    spent = frames.capex_by_source(r.capex, years) / USD_PER_BILLION
    # the investor's sources: incumbents' own capital is theirs (their draws: right)
    ledger = frames.investor_ledger(r.capex, r.capital, years)
    investors = list(dict.fromkeys(ledger["source"]))
    spent = spent[frames.stack_order(list(spent.columns), investors)]
    released = ledger.groupby("year")["available_usd"].sum().reindex(years) / USD_PER_BILLION
    released = released.fillna(0.0).to_numpy()
    # one colour and fill per source, the same in both panels, none shared
    style = series_styles(list(frames.source_colour_index(investors, list(spent.columns))))
    fig, (ax, ax2) = new_figure(
        FIG_WIDTH_IN, FIG_HEIGHT_IN, ncols=2, width_ratios=CAPEX_PANEL_RATIOS
    )
    bottom = np.zeros(len(years))
    for source in investors:
        y = ledger.loc[ledger["source"] == source, "drawn_usd"].to_numpy() / USD_PER_BILLION
        ax.bar(
            years,
            y,
            BAR_WIDTH,
            bottom=bottom,
            color=style[source][0],
            hatch=MPL_HATCHES.get(style[source][1]),
            label=trace_name("drawn", source),
        )
        bottom = bottom + y
    drawn_peak = float(bottom.max(initial=0.0))
    off_scale = released_off_scale(released * USD_PER_BILLION, drawn_peak * USD_PER_BILLION)
    if off_scale:  # the line would flatten the bars: its numbers, written in the panel
        ax.text(
            0.02,
            0.97,
            released_note(
                [int(y) for y in years], released * USD_PER_BILLION, drawn_peak * USD_PER_BILLION
            ),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=SMALL_FONT_SIZE,
            parse_math=False,
            gid="released-note",
        )
    elif len(years):
        edges = np.r_[years - HALF_YEAR, years[-1] + HALF_YEAR]
        ax.stairs(
            released,
            edges,
            color=SEMANTIC["available"],
            linewidth=LINE_WIDTH,
            baseline=None,
            label=RELEASED_CUMULATIVE,
        )
    low = np.zeros(len(years))
    for source in spent.columns:
        y = spent[source].to_numpy()
        ax2.bar(
            years,
            y,
            BAR_WIDTH,
            bottom=low,
            color=style[source][0],
            hatch=MPL_HATCHES.get(style[source][1]),
            # an investor's colour and fill are in the legend already (its "drawn"
            # entry): one entry per source serves both panels
            label=None if source in investors else trace_name("paid", source),
        )
        low = low + y
    figure_title(fig, spec.title)
    # in lines that fit the panels' height: whole, the left ran into the figure's
    # title and the right was cut at the top (user test S47 #4)
    chars = wrap_chars(CAPEX_AXES_IN, FONT_SIZE)
    ax.set_ylabel(wrap_label(CUMULATIVE_LABEL, chars))
    ax2.set_ylabel(wrap_label(CAPEX_LABEL, chars))
    # room above the tallest bar and line: nothing touches the frame
    peak = drawn_peak if off_scale else max(drawn_peak, float(released.max(initial=0.0)))
    # off scale: room above the bars for the note
    ax.set_ylim(0, headroom_top(peak) * (OFF_SCALE_ROOM if off_scale else 1.0))
    ax2.set_ylim(0, headroom_top(float(low.max(initial=0.0))))
    _year_ticks(ax, years, rotate=True)
    _year_ticks(ax2, years, rotate=True, step=NARROW_YEAR_STEP)
    figure_legend(fig, title=CAPEX_LEGEND_TITLE)
    return fig


def tools_figure(r: ReportTables) -> Any:
    """Scanners used (bars) against supply (lines), per tool type.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Bars of scanners used and steps of supply per tool type, by year [tools per year].
    """
    spec = figure_spec("tools")
    years = frames.year_range(r.horizon)
    df = frames.tools_frame(r.tools, years)
    tools = list(dict.fromkeys(df["tool"]))
    fig, ax = new_figure()
    width = BAR_WIDTH / max(len(tools), 1)
    for i, tool in enumerate(tools):
        sub = df[df["tool"] == tool]
        label = tool_label(tool)
        offset = (i - (len(tools) - 1) / 2) * width
        ax.bar(
            sub["year"] + offset,
            sub["used"],
            width,
            color=series_colour(i),
            label=trace_name("used", label),
        )
        edges = np.r_[sub["year"].to_numpy() - HALF_YEAR, sub["year"].max() + HALF_YEAR]
        ax.stairs(
            sub["supply"].to_numpy(),
            edges,
            color=series_colour(i),
            linewidth=LINE_WIDTH,
            baseline=None,
            label=trace_name("supply", label),
        )
    figure_title(fig, spec.title)
    ax.set_ylabel(TOOLS_LABEL)
    ax.set_ylim(0, headroom_top(float(df[["used", "supply"]].to_numpy().max(initial=0.0))))
    _year_ticks(ax, years)
    figure_legend(fig)
    if df.empty:
        _no_data(ax, "no lithography tools in this plan")
    return fig


def power_figure(r: ReportTables) -> Any:
    """Power of the new fabs (top) and of the world's whole compute fleet (bottom).

    A plan that builds no fab has no line in the top panel: the panel says so
    (:data:`~tigris.report.figures.NO_FAB_BUILT`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels by year: the new fabs' power and the fleet's facility power [MW].
    """
    spec = figure_spec("power")
    years = frames.year_range(r.horizon)
    df = frames.power_frame(r.power, years)
    fab = df["fab_power_mw"].to_numpy()
    fab_built = bool(np.nanmax(fab, initial=0.0) > 0.0)
    fig, (ax, ax2) = new_figure(nrows=2, sharex=True)
    if fab_built:
        ax.plot(
            years,
            fab,
            "-o",
            color=SEMANTIC["fab"],
            markersize=MARKER_SIZE,
            linewidth=LINE_WIDTH,
            label=POWER_FABS,
        )
    ax2.plot(
        years,
        df["compute_power_mw"].to_numpy(),
        "-o",
        color=SEMANTIC["compute"],
        markersize=MARKER_SIZE,
        linewidth=LINE_WIDTH,
        label=POWER_FLEET,
    )
    figure_title(fig, spec.title)
    # in lines: each panel is half as tall as the figure
    ax.set_ylabel(_panel_label(FAB_POWER_LABEL))
    ax2.set_ylabel(_panel_label(COMPUTE_POWER_LABEL))
    for a, col in ((ax, "fab_power_mw"), (ax2, "compute_power_mw")):
        a.set_ylim(0, headroom_top(float(df[col].to_numpy().max(initial=0.0))))
        _thousands(a.yaxis)
    if not fab_built:
        ax.set_yticks([])
        _no_data(ax, NO_FAB_BUILT)
    fig.align_ylabels([ax, ax2])
    _year_ticks(ax2, years)
    figure_legend(fig)
    return fig


def sites_figure(r: ReportTables) -> Any:
    """Sites ranked by capacity built, one panel per capacity unit.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        Horizontal bars per site, stacked by facility type, one panel per capacity unit
        (wafer starts per month, data-centre MW, ...).
    """
    spec = figure_spec("sites")
    df = frames.sites_frame(r.builds)
    units = list(dict.fromkeys(df["capacity_unit"])) or ["wspm"]
    # every panel gets as many rows as the fullest one, so bars are equally thick
    n_rows = max([df[df["capacity_unit"] == u]["site"].nunique() for u in units] + [1])
    height = max(SITES_MIN_HEIGHT_IN, ROW_HEIGHT_IN * n_rows + SITES_FRAME_IN)
    fig, axes = new_figure(FIG_WIDTH_IN, height, ncols=len(units), squeeze=False)
    colour = frames.facility_colour_index(list(df["facility"]))
    shown: set[str] = set()
    for ax, unit in zip(axes[0], units, strict=True):
        sub = df[df["capacity_unit"] == unit]
        order = list(dict.fromkeys(sub.sort_values("rank")["site"]))
        pos = {s: i for i, s in enumerate(order)}
        left = np.zeros(len(order))
        for fac in dict.fromkeys(sub["facility"]):
            part = sub[sub["facility"] == fac]
            y = np.zeros(len(order))
            y[[pos[s] for s in part["site"]]] = part["capacity"].to_numpy()
            ax.barh(
                np.arange(len(order)),
                y,
                left=left,
                color=series_colour(colour[fac]),
                label=fac if fac not in shown else None,
            )
            left = left + y
            shown.add(fac)
        ax.set_yticks(np.arange(len(order)))
        ax.set_yticklabels(order)
        ax.set_ylim(n_rows - HALF_ROW, -HALF_ROW)  # largest on top
        div, word = magnitude(float(sub["site_total"].max()) if len(sub) else 0.0)
        if div != 1.0:
            ax.xaxis.set_major_formatter(_scaled(div))
        # two lines: the panels are half as wide as the figure
        label = axis_label("Capacity built", f"{word} {unit_label(unit)}".strip())
        ax.set_xlabel(label.replace(" [", "\n[", 1))
    figure_title(fig, spec.title)
    figure_legend(fig)
    if df.empty:
        _no_data(axes[0][0], "no builds in this plan")
        axes[0][0].set_xticks([])
    return fig


#: Renderer of each figure, by :attr:`FigureSpec.key`.
MPL_BUILDERS: dict[str, Callable[[ReportTables], Any]] = {
    "supply": supply_figure,
    "demand": demand_figure,
    "schedule": schedule_figure,
    "capex": capex_figure,
    "tools": tools_figure,
    "power": power_figure,
    "datacenter": mpl_datacenter,
    "sites": sites_figure,
    "cashflow": mpl_cashflow,
    "shadow": mpl_shadow,
}


def mpl_figure(key: str, r: ReportTables) -> Any:
    """Render report figure ``key`` with matplotlib (a ``matplotlib.figure.Figure``).

    Parameters
    ----------
    key : str
        A :attr:`FigureSpec.key`.
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, from :data:`MPL_BUILDERS`, without caption or footer (not registered
        with pyplot); for a run without a plan, a figure of one sentence
        (:func:`tigris.report.figures.no_plan_text`) but the demand.
    """
    from tigris.report.figures import NO_PLAN_FIGURES, no_plan_text

    text = None if key in NO_PLAN_FIGURES else no_plan_text(r)
    if text is not None:
        fig, ax = new_figure(FIG_WIDTH_IN, FIG_HEIGHT_IN)
        ax.set_axis_off()
        ax.text(0.5, 0.5, text, ha="center", va="center", wrap=True, transform=ax.transAxes)
        return fig
    return MPL_BUILDERS[key](r)


def png_figures(
    result: PlanResultLike | ReportTables, info: ReportInfo | None = None
) -> Iterator[tuple[str, str, Any]]:
    """Every PNG of the report, figure by figure: ``(file stem, title, figure)``.

    The figures of :data:`~tigris.report.figures.FIGURES`, each with its caption
    and the provenance line written under it (in the image), then the text pages of
    :data:`~tigris.report.png_pages.PAGES` (headline and what binds; money; energy; key
    assumptions; notes on the figures).

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan result (``docs/plan-result.md``).
    info : ReportInfo, optional
        Provenance for the footers; default :func:`~tigris.report.provenance.report_info`
        of ``result``, stamped now.

    Yields
    ------
    tuple of (str, str, matplotlib.figure.Figure)
        The file stem (``supply``, ..., ``money``, ``assumptions-2``), the title, and the
        figure with its caption and footer drawn in.
    """
    from tigris.report.png_pages import page_figures

    info = info if info is not None else report_info(result)
    r = report_tables(result)
    footer = figure_footer(r, info)
    for spec in FIGURES:
        fig = mpl_figure(spec.key, r)
        figure_caption(fig, caption_for(spec, r), footer)
        yield spec.key, spec.title, fig
    yield from page_figures(r, info)


def figure_footer(r: ReportTables, info: ReportInfo) -> str:
    """The footer under every figure and page: the source line, then the provenance.

    ``Source: tigris 0.1.0, scenario 'NAME'; demand: ...`` says what made the figure
    and where its demand comes from (:func:`tigris.report.figures.source_line`; user test
    UT-JOURNO #7), then ``tigris 0.1.0 · created ... · inputs sha256 ...``
    (:meth:`ReportInfo.line`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.
    info : ReportInfo
        Version, creation time and input hash.

    Returns
    -------
    str
        ``Source: tigris 0.1.0, scenario 'NAME'; demand: ... · tigris 0.1.0 · created ...``.
    """
    return f"{source_line(r, info.version)} · {info.line()}"


def footer_line(scenario_name: str, info: ReportInfo) -> str:
    """A figure's footer: the scenario it shows, then the provenance.

    The scenario's name says when the run was edited on the command line
    (``reference (edited: capital.corporate-partners.amount_usd)``,
    :func:`tigris.scenario.edit.set_paths`), so a published figure of a what-if is not
    taken for the reference's (user test UT-JOURNO #2).

    Parameters
    ----------
    scenario_name : str
        The run's scenario name.
    info : ReportInfo
        Version, creation time and input hash.

    Returns
    -------
    str
        ``scenario 'NAME' · tigris 0.1.0 · created ... · inputs sha256 ...``.
    """
    return f"scenario '{scenario_name}' · {info.line()}"


def png_count(result: PlanResultLike | ReportTables) -> int:
    """How many PNGs :func:`write_pngs` writes for ``result`` (for progress bars).

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan result.

    Returns
    -------
    int
        The number of figures plus the number of text pages.
    """
    from tigris.report.png_pages import page_lines, paginate

    r = report_tables(result)
    return len(FIGURES) + sum(len(paginate(lines)) for lines in page_lines(r).values())


def write_pngs(
    result: PlanResultLike | ReportTables,
    out_dir: str | Path,
    on_figure: Callable[[str], None] | None = None,
    info: ReportInfo | None = None,
) -> list[Path]:
    """Write every report figure, and the text pages, as PNGs into ``out_dir``.

    Each figure carries its caption and a footer line (tigris version, creation time,
    input hash) in the image; the pages hold the headline, what binds and the key
    assumptions with their sources, and the notes on the figures.

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan result (``docs/plan-result.md``).
    out_dir : str or Path
        Folder (created if needed) for ``supply.png``, ``demand.png``, ``schedule.png``,
        ``capex.png``, ``tools.png``, ``power.png``, ``datacenter.png``, ``sites.png``,
        ``cashflow.png``,
        ``shadow.png``, then ``binding.png``, ``money.png``, ``energy.png`` and
        ``assumptions.png``
        (``assumptions-2.png``, ... if longer than a page) and ``notes.png``.
    on_figure : callable, optional
        Called with each figure's title after it is written (for progress bars).
    info : ReportInfo, optional
        Provenance for the footers (see :func:`png_figures`).

    Returns
    -------
    list of Path
        The files written: the figures in the order of
        :data:`~tigris.report.figures.FIGURES`, then the pages.

    Raises
    ------
    tigris.errors.InputError
        If ``result`` lacks a table or column of the contract, or ``out_dir`` is a file.
    """
    from tigris.errors import InputError

    r = report_tables(result)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        msg = f"'{out}' is a file; expected a directory for the PNG figures"
        raise InputError(msg, field="--png")
    info = info if info is not None else report_info(result)
    paths = []
    figures = {spec.key for spec in FIGURES}
    for stem, title, fig in png_figures(r, info):
        path = out / f"{stem}.png"
        # a figure grows to hold its caption; a text page is drawn to its own size
        save_png(fig, path, tight=stem in figures)
        paths.append(path)
        if on_figure is not None:
            on_figure(title)
    return paths
