"""Plotly renderers of the report figures (interactive, for the HTML report).

One function per figure in :data:`tigris.report.figures.FIGURES`, each taking the
normalised :class:`~tigris.report.result.ReportTables` and returning a
``plotly.graph_objects.Figure`` drawn from :mod:`tigris.report.frames`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from tigris.report import frames
from tigris.report.energy import plotly_datacenter
from tigris.report.figures import (
    CAPEX_LABEL,
    CAPEX_LEGEND_TITLE,
    COMPUTE_LABEL,
    COMPUTE_POWER_LABEL,
    CUMULATIVE_LABEL,
    FAB_POWER_LABEL,
    HALF_YEAR,
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
    projection_name,
    released_note,
    released_off_scale,
    series_styles,
    supply_colour,
    tool_label,
    trace_name,
    unit_label,
)
from tigris.report.money import plotly_cashflow, plotly_shadow
from tigris.report.result import ReportTables
from tigris.viz.style import (
    BAD,
    CAPTION_COLOUR,
    PALETTE,
    PLOTLY_HEIGHT,
    PLOTLY_LINE_WIDTH,
    PLOTLY_MARGIN,
    PLOTLY_TEMPLATE,
    PLOTLY_TICK_SIZE,
    ROW_HEIGHT_PX,
    SEMANTIC,
    SHADE_ALPHA,
    SHADE_PATTERN,
    axis_label,
    headroom_top,
    hover_template,
    plotly_layout,
    series_colour,
    wrap_label,
)

__all__ = ["PLOTLY_BUILDERS", "add_source", "plotly_figure"]

#: Units of the values in the hover labels, as the axes give them.
H100E = "H100e"
BILLION_USD = "billion USD"
TOOLS_UNIT = "tools per year"
MW = "MW"
#: Font size of a "no data" note [px]; horizontal room between panels [figure fraction].
PLOTLY_NOTE_SIZE = 15
PANEL_SPACING = 0.25
#: Relative widths of the cumulative and the yearly capital panels [-].
CAPEX_PANEL_WIDTHS = [0.62, 0.38]
#: Longest line of a capex panel's y title [characters] (layout choice: the plot is
#: ~220 px tall above a legend of a dozen sources, ~28 characters of the 13 px font).
CAPEX_Y_TITLE_CHARS = 24
#: Year ticks of the narrow yearly capex panel, every this many years [year].
NARROW_YEAR_STEP = 2
#: Height of the sites figure beyond its rows, and its least height; its bottom margin,
#: holding the axis titles and, this far below the plot area, the legend [px] (layout
#: choice: a short figure must not put its legend over the axis titles).
SITES_FRAME_PX = 200
SITES_MIN_HEIGHT_PX = 300
SITES_BOTTOM_PX = 110
SITES_LEGEND_BELOW_PX = 70
#: Half a row of a bar-per-row axis, the margin above the first and below the last
#: bar [row].
HALF_ROW = 0.5


def _no_data(fig: go.Figure, text: str) -> go.Figure:
    fig.add_annotation(
        text=text,
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        font={"size": PLOTLY_NOTE_SIZE},
    )
    return fig


def _years_axis() -> dict:
    return {"title": {"text": YEAR_LABEL}, "dtick": 1, "tickformat": "d"}


def _panels_layout(fig: go.Figure, title: str, **extra: Any) -> None:
    """Give a figure of subplots the tigris look: :func:`plotly_layout` without its
    single ``xaxis`` and ``yaxis``, which would overwrite the panels' own axes."""
    layout = plotly_layout(title, **extra)
    for key in ("xaxis", "yaxis"):
        layout.pop(key)
    fig.update_layout(**layout)


#: Font size of a figure's source line [px], its gap above the plot area [px] and its
#: line length [characters] (layout choice: two lines in the top margin the HTML keeps
#: where it blanks the title).
SOURCE_FONT_SIZE = 11
SOURCE_GAP_PX = 2
SOURCE_WRAP_CHARS = 120
#: Gap between the figure's left edge and its source line [px] (layout choice: the
#: title's own left gap, plotly's default title pad).
SOURCE_LEFT_PX = 4
#: Width of one character of an axis label [px] (plotly's 12 px DejaVu Sans averages
#: ~6.6 px a character; a little more so that a label of wide letters fits) and the gap
#: between a label and the plot area [px] (tick length and pad; layout choice).
LABEL_CHAR_PX = 7.2
LABEL_PAD_PX = 12
#: Room above the capex bars for the note of an off-scale released capital, as a
#: multiple of the usual axis top [-] (layout choice: three lines of text).
OFF_SCALE_ROOM = 1.5


def add_source(fig: go.Figure, text: str, wrap: int = SOURCE_WRAP_CHARS) -> go.Figure:
    """Write a figure's source line at its top left, in the figure itself, so an image
    saved from the HTML report (plotly's camera button) still says where it comes from
    (UT-JOURNO #7). It starts at the figure's left edge (:data:`SOURCE_LEFT_PX` in), not
    the plot area's, so it is whole however wide the axis labels are.

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The figure (an annotation named ``source`` is added in place).
    text : str
        The line (:func:`tigris.report.figures.source_line`).
    wrap : int, optional
        Longest line [characters] (the dashboard's half-width figures wrap shorter).

    Returns
    -------
    plotly.graph_objects.Figure
        ``fig``.
    """
    import textwrap

    # from the figure's left edge, as the title, not the plot area's: a figure whose
    # axis labels push the plot area right (the build schedule's long site labels) had
    # the line cut at its right edge (serve user test s50 #3). Annotations have no
    # container coordinates: the paper's left edge less the left margin the layout asks
    # for; a margin grown by automargin only moves the line right by what it grew.
    left = fig.layout.margin.l if fig.layout.margin.l is not None else PLOTLY_MARGIN["l"]
    fig.add_annotation(
        text="<br>".join(html.escape(x) for x in textwrap.wrap(text, wrap)),
        name="source",
        showarrow=False,
        xref="paper",
        yref="paper",
        x=0,
        xanchor="left",
        xshift=SOURCE_LEFT_PX - left,
        y=1,
        yanchor="bottom",
        yshift=SOURCE_GAP_PX,
        align="left",
        font={"size": SOURCE_FONT_SIZE, "color": CAPTION_COLOUR},
    )
    return fig


def _projection_band(
    fig: go.Figure, years: np.ndarray, start: int | None, row: int | None = None
) -> None:
    """Shade the years from ``start`` on: their demand is a projection (UT-JOURNO #7),
    named in the legend (:func:`~tigris.report.figures.projection_name`)."""
    if start is None or not len(years) or start > int(years[-1]):
        return
    where = {} if row is None else {"row": row, "col": 1}
    fig.add_vrect(
        x0=start - HALF_YEAR,
        x1=int(years[-1]) + HALF_YEAR,
        fillcolor=PROJECTION_COLOUR,
        opacity=PROJECTION_ALPHA,
        layer="below",
        line_width=0,
        # a shape in the legend (not a trace: the figure's traces are its data)
        name=projection_name(start),
        showlegend=True,
        **where,
    )


#: Where the note of a run without the split by source sits [paper fraction], and the
#: extra room above the data that keeps it clear of the bars [-] (layout choice).
NOTE_Y = 0.97
NOTE_ROOM = 1.2
#: What the supply figure says when the run has no split by source.
NO_SPLIT_NOTE = "no split by source in this run: the world without the investor was not solved"
#: The same note when the plan itself has no solution (its world without the investor
#: may have one: user test 2026-12-05 said "was not solved" of a solved baseline).
NO_PLAN_SPLIT_NOTE = "no split by source: the plan has no solution (status {status})"


def no_split_note(r: Any) -> str:
    """Why a report has no supply by source: the plan has no solution, or the world
    without the investor was not solved (:data:`NO_PLAN_SPLIT_NOTE`,
    :data:`NO_SPLIT_NOTE`).

    Parameters
    ----------
    r : ReportTables
        The report's tables (its ``status``).

    Returns
    -------
    str
        The note.
    """
    status = str(getattr(r, "status", ""))
    if status not in ("optimal", "time_limit"):
        return NO_PLAN_SPLIT_NOTE.format(status=status or "unknown")
    return NO_SPLIT_NOTE


def supply_figure(r: ReportTables) -> go.Figure:
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
    plotly.graph_objects.Figure
        Stacked bars by source and the demand line, by year [H100e]; a second panel of
        the stack alone when demand dwarfs it.
    """
    spec = figure_spec("supply")
    years = frames.year_range(r.horizon)
    layers, demand, zoom = frames.supply_layers(r.supply_by_source, r.demand, years, SUPPLY_UNSPLIT)
    rows = 2 if zoom else 1
    fig = make_subplots(rows=rows, cols=1, shared_xaxes=True)
    for row in range(1, rows + 1):
        for i, (source, y) in enumerate(layers.items()):
            colour = SEMANTIC["served"] if source == SUPPLY_UNSPLIT else supply_colour(source, i)
            # a fill pattern where the colour alone prints as another layer's grey
            shape = greyscale_pattern("supply", source)
            fig.add_bar(
                x=years,
                y=y,
                name=source,
                legendgroup=source,
                showlegend=row == 1,
                marker={"color": colour, "pattern": {"shape": shape}},
                hovertemplate=hover_template(source, H100E),
                row=row,
                col=1,
            )
    fig.add_scatter(
        x=years,
        y=demand,
        name=SUPPLY_DEMAND,
        mode="lines+markers",
        line={"color": SEMANTIC["supply"], "dash": "dot"},
        hovertemplate=hover_template(SUPPLY_DEMAND, H100E),
        row=1,
        col=1,
    )
    _projection_band(fig, years, demand_basis(r).projection_from, row=1)
    _panels_layout(fig, spec.title, barmode="stack")
    fig.update_xaxes(**_years_axis())
    for row in range(1, rows):  # the year title under the last panel only
        fig.update_xaxes(title_text="", row=row, col=1)
    top = np.sum(list(layers.values()), axis=0)
    peak = max(float(demand.max(initial=0.0)), float(top.max(initial=0.0)))
    room = 1.0 if r.supply_by_source is not None else NOTE_ROOM
    fig.update_yaxes(title_text=COMPUTE_LABEL, range=[0, headroom_top(peak) * room], row=1, col=1)
    if zoom:
        alone = axis_label(SUPPLY_ALONE_QUANTITY, "H100e")
        stack = headroom_top(float(top.max(initial=0.0)))
        fig.update_yaxes(title_text=alone, range=[0, stack], row=2, col=1)
    if r.supply_by_source is None:
        fig.add_annotation(
            text=no_split_note(r),
            showarrow=False,
            xref="paper",
            yref="paper",
            x=0.5,
            y=NOTE_Y,
            yanchor="top",
        )
    return fig


def demand_figure(r: ReportTables) -> go.Figure:
    """Served compute by class (stacked bars), unmet demand shaded on top, total demand.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        Served and unmet bars per demand class and the total demand line, by year [H100e].
    """
    spec = figure_spec("demand")
    years = frames.year_range(r.horizon)
    df = frames.demand_frame(r.demand)
    fig = go.Figure()
    classes = list(dict.fromkeys(df["demand_class"]))
    by_class = {c: df[df["demand_class"] == c].set_index("year").reindex(years) for c in classes}
    for i, c in enumerate(classes):
        fig.add_bar(
            x=years,
            y=by_class[c]["served_h100e"].fillna(0.0).to_numpy(),
            name=trace_name("served", c),
            legendgroup=c,
            marker={"color": series_colour(i)},
            hovertemplate=hover_template(trace_name("served", c), H100E),
        )
    for i, c in enumerate(classes):
        fig.add_bar(
            x=years,
            y=by_class[c]["unmet_h100e"].fillna(0.0).to_numpy(),
            name=trace_name("unmet", c),
            legendgroup=c,
            hovertemplate=hover_template(trace_name("unmet", c), H100E),
            marker={
                "color": series_colour(i),
                "opacity": SHADE_ALPHA,
                "pattern": {"shape": SHADE_PATTERN, "fgcolor": BAD},
                "line": {"color": BAD, "width": 1},
            },
        )
    total = df.groupby("year")["demand_h100e"].sum().reindex(years)
    fig.add_scatter(
        x=years,
        y=total.to_numpy(),
        name=trace_name("demand", "total"),
        mode="lines+markers",
        line={"color": SEMANTIC["supply"], "dash": "dot"},
        hovertemplate=hover_template(trace_name("demand", "total"), H100E),
    )
    if not df.empty:
        _projection_band(fig, years, demand_basis(r).projection_from)
    fig.update_layout(
        **plotly_layout(spec.title, YEAR_LABEL, COMPUTE_LABEL, barmode="stack"),
    )
    fig.update_xaxes(**_years_axis())
    peak = float(total.fillna(0.0).to_numpy().max(initial=0.0))
    fig.update_yaxes(range=[0, headroom_top(peak)])
    if df.empty:
        _no_data(fig, "no demand in this plan")
    return fig


def schedule_figure(r: ReportTables) -> go.Figure:
    """Gantt chart of construction and ramp of every build.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        One row per build, construction then ramp, on a year axis.
    """
    spec = figure_spec("schedule")
    df = frames.schedule_frame(r.builds, r.capacity, r.horizon)
    fig = go.Figure()
    hover = (
        "<b>%{y}</b><br>%{customdata[0]}: %{base} to %{customdata[1]}"
        "<br>%{customdata[2]} %{customdata[3]}<extra></extra>"
    )
    cap = [f"{c:,.0f}" for c in df["capacity"].astype(float)]
    units = [unit_label(u) for u in df["capacity_unit"]]
    phases = (
        (
            "construction",
            "start_year",
            "online_year",
            greyscale_pattern("schedule", "construction"),
        ),
        (
            "ramp",
            "online_year",
            "full_year",
            [SHADE_PATTERN if x else "" for x in df["ramping_at_end"]],
        ),
    )
    for phase, begin, end, pattern in phases:
        fig.add_bar(
            y=df["label"],
            x=(df[end] - df[begin]).to_numpy(),
            base=df[begin].to_numpy(),
            orientation="h",
            name=phase,
            marker={"color": SEMANTIC[phase], "pattern": {"shape": pattern}},
            customdata=list(zip([phase] * len(df), df[end], cap, units, strict=True)),
            hovertemplate=hover,
        )
    height = max(PLOTLY_HEIGHT, ROW_HEIGHT_PX * len(df) + PLOTLY_HEIGHT // 2)
    # the left margin holds the longest build label, asked for here rather than left to
    # automargin, so the source line (add_source: the left margin asked for) starts at
    # the figure's left edge, not after the labels (serve user test s50 #3: cut at 1400 px)
    longest = max((len(str(x)) for x in df["label"]), default=0)
    left = max(PLOTLY_MARGIN["l"], round(LABEL_CHAR_PX * longest) + LABEL_PAD_PX)
    fig.update_layout(
        **plotly_layout(
            spec.title,
            YEAR_LABEL,
            "",
            barmode="overlay",
            height=height,
            margin={**PLOTLY_MARGIN, "l": left},
        ),
    )
    fig.update_yaxes(autorange="reversed", type="category")
    # a year a tick: in a narrow panel (long build labels take the width) plotly turns
    # the years upright; automargin moves the axis title below them, and the legend
    # sits at the figure's foot (container coordinates), below both, not at a share of
    # the plot's height where the title was (they overlapped; serve user test
    # 2026-12-05); the top margin is the source line's
    fig.update_xaxes(
        **_years_axis(),
        range=[r.horizon[0] - HALF_YEAR, r.horizon[1] + 1 + HALF_YEAR],
        automargin=True,
    )
    fig.update_layout(
        legend={"orientation": "h", "yref": "container", "yanchor": "bottom", "y": 0, "x": 0}
    )
    if df.empty:
        _no_data(fig, "no builds in this plan")
    return fig


def _bar_marker(colour: str, shape: str) -> dict[str, Any]:
    """A bar's marker of ``colour`` and fill ``shape`` (plotly pattern; ``""`` plain),
    the fill drawn in black over the colour (as matplotlib's hatches)."""
    pattern: dict[str, Any] = {"shape": shape}
    if shape:
        pattern.update(fgcolor=PALETTE["black"], fillmode="overlay")
    return {"color": colour, "pattern": pattern}


def capex_figure(r: ReportTables) -> go.Figure:
    """Investors' capital drawn vs released, both to date; capex paid per year by payer.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
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
    # one colour and fill per source, the same in both panels, none shared
    style = series_styles(list(frames.source_colour_index(investors, list(spent.columns))))
    drawn_top = ledger.groupby("year")["drawn_usd"].sum().to_numpy() / USD_PER_BILLION
    drawn_peak = float(drawn_top.max(initial=0.0))
    released_line = released.fillna(0.0).to_numpy()
    off_scale = released_off_scale(released_line * USD_PER_BILLION, drawn_peak * USD_PER_BILLION)
    fig = make_subplots(rows=1, cols=2, column_widths=CAPEX_PANEL_WIDTHS)
    for source in investors:
        part = ledger[ledger["source"] == source]
        fig.add_bar(
            x=years,
            y=part["drawn_usd"].to_numpy() / USD_PER_BILLION,
            name=trace_name("drawn", source),
            legendgroup=str(source),
            marker=_bar_marker(*style[source]),
            hovertemplate=hover_template(trace_name("drawn", source), BILLION_USD),
            row=1,
            col=1,
        )
    fig.add_scatter(
        x=years,
        y=released_line,
        name=RELEASED_CUMULATIVE,
        # off the bars' scale: in the legend only (a click shows it), its numbers
        # written in the panel
        visible="legendonly" if off_scale else True,
        # a step per year, changing half-way between years, over the bars
        mode="lines+markers",
        line={"color": SEMANTIC["available"], "width": PLOTLY_LINE_WIDTH, "shape": "hvh"},
        hovertemplate=hover_template(RELEASED_CUMULATIVE, BILLION_USD),
        row=1,
        col=1,
    )
    for source in spent.columns:
        fig.add_bar(
            x=years,
            y=spent[source].to_numpy(),
            name=trace_name("paid", source),
            legendgroup=str(source),
            # an investor's colour is in the legend already (its "drawn" entry, one
            # legend group: a click hides the source in both panels)
            showlegend=source not in investors,
            marker=_bar_marker(*style[source]),
            hovertemplate=hover_template(trace_name("paid", source), BILLION_USD),
            row=1,
            col=2,
        )
    _panels_layout(fig, spec.title, barmode="stack")
    fig.update_layout(legend_title_text=CAPEX_LEGEND_TITLE, legend_title_side="top")
    fig.update_xaxes(**_years_axis())
    fig.update_xaxes(dtick=NARROW_YEAR_STEP, tick0=int(years[0]), row=1, col=2)
    # room above the tallest bar and line: nothing is cut at the top
    if off_scale:
        note = released_note(
            [int(y) for y in years], released_line * USD_PER_BILLION, drawn_peak * USD_PER_BILLION
        )
        fig.add_annotation(
            text=note.replace("\n", "<br>"),
            name="released-note",
            showarrow=False,
            xref="x domain",
            yref="y domain",
            x=0.02,
            xanchor="left",
            y=0.98,
            yanchor="top",
            align="left",
        )
        top = headroom_top(drawn_peak) * OFF_SCALE_ROOM
    else:
        top = headroom_top(max(drawn_peak, float(released_line.max(initial=0.0))))
    # y titles in lines that fit the plot's height (above a legend of a dozen sources):
    # whole, they ran above the plot into the source line (user test S47 #4)
    left, right = (wrap_label(t, CAPEX_Y_TITLE_CHARS) for t in (CUMULATIVE_LABEL, CAPEX_LABEL))
    fig.update_yaxes(title_text=left.replace("\n", "<br>"), range=[0, top], row=1, col=1)
    yearly = float(spent.sum(axis=1).to_numpy().max(initial=0.0))
    fig.update_yaxes(
        title_text=right.replace("\n", "<br>"), range=[0, headroom_top(yearly)], row=1, col=2
    )
    return fig


def tools_figure(r: ReportTables) -> go.Figure:
    """Scanners used (bars) against supply (lines), per tool type.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        Bars of scanners used and lines of supply per tool type, by year [tools per year].
    """
    spec = figure_spec("tools")
    years = frames.year_range(r.horizon)
    df = frames.tools_frame(r.tools, years)
    fig = go.Figure()
    for i, tool in enumerate(dict.fromkeys(df["tool"])):
        sub = df[df["tool"] == tool]
        label = tool_label(tool)
        fig.add_bar(
            x=sub["year"],
            y=sub["used"],
            name=trace_name("used", label),
            marker_color=series_colour(i),
            legendgroup=tool,
            hovertemplate=hover_template(trace_name("used", label), TOOLS_UNIT),
        )
        fig.add_scatter(
            x=sub["year"],
            y=sub["supply"],
            name=trace_name("supply", label),
            mode="lines+markers",
            legendgroup=tool,
            hovertemplate=hover_template(trace_name("supply", label), TOOLS_UNIT),
            # a step per year, changing half-way between years (as the PNG's stairs)
            line={"color": series_colour(i), "width": PLOTLY_LINE_WIDTH, "shape": "hvh"},
            marker={
                "symbol": "line-ew-open",
                "size": PLOTLY_TICK_SIZE,
                "color": SEMANTIC["supply"],
            },
        )
    fig.update_layout(**plotly_layout(spec.title, YEAR_LABEL, TOOLS_LABEL, barmode="group"))
    fig.update_xaxes(**_years_axis())
    peak = float(df[["used", "supply"]].to_numpy().max(initial=0.0))
    fig.update_yaxes(range=[0, headroom_top(peak)])
    if df.empty:
        _no_data(fig, "no lithography tools in this plan")
    return fig


def power_figure(r: ReportTables) -> go.Figure:
    """Power of the new fabs (top) and of the world's whole compute fleet (bottom).

    A plan that builds no fab has no line in the top panel: the panel says so
    (:data:`~tigris.report.figures.NO_FAB_BUILT`) instead of a flat 0 on a 0-1 MW axis.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        Two panels by year: the new fabs' power and the fleet's facility power [MW].
    """
    spec = figure_spec("power")
    years = frames.year_range(r.horizon)
    df = frames.power_frame(r.power, years)
    fab = df["fab_power_mw"].to_numpy()
    fab_built = bool(np.nanmax(fab, initial=0.0) > 0.0)
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True)
    if fab_built:
        fig.add_scatter(
            x=years,
            y=fab,
            name=POWER_FABS,
            mode="lines+markers",
            line={"color": SEMANTIC["fab"], "width": PLOTLY_LINE_WIDTH},
            hovertemplate=hover_template(POWER_FABS, MW),
            row=1,
            col=1,
        )
    fig.add_scatter(
        x=years,
        y=df["compute_power_mw"].to_numpy(),
        name=POWER_FLEET,
        mode="lines+markers",
        line={"color": SEMANTIC["compute"], "width": PLOTLY_LINE_WIDTH},
        hovertemplate=hover_template(POWER_FLEET, MW),
        row=2,
        col=1,
    )
    _panels_layout(fig, spec.title)
    # the years' span on both panels: an empty fab panel would otherwise set plotly's
    # default range on the shared axis
    span = [int(years[0]) - HALF_YEAR, int(years[-1]) + HALF_YEAR] if len(years) else None
    fig.update_xaxes(dtick=1, tickformat="d", range=span)
    fig.update_xaxes(title_text=YEAR_LABEL, row=2, col=1)
    for row, (col, label) in enumerate(
        (("fab_power_mw", FAB_POWER_LABEL), ("compute_power_mw", COMPUTE_POWER_LABEL)), start=1
    ):
        top = headroom_top(float(df[col].to_numpy().max(initial=0.0)))
        fig.update_yaxes(title_text=_stacked(label), range=[0, top], row=row, col=1)
    if not fab_built:
        # the fab trace without points: plotly draws no axes of a subplot without a
        # trace; not in the legend, nothing to hover; the note says why it is empty
        fig.add_scatter(
            x=[], y=[], name=POWER_FABS, showlegend=False, hoverinfo="skip", row=1, col=1
        )
        fig.update_yaxes(showticklabels=False, row=1, col=1)
        _panel_note(fig, NO_FAB_BUILT, "x", "y")
    return fig


def _panel_note(fig: go.Figure, text: str, xaxis: str, yaxis: str) -> None:
    """Write ``text`` in the middle of the panel of axes ``xaxis``, ``yaxis`` (``x2``,
    ``y2``, ...): :func:`_no_data` for one panel of several."""
    fig.add_annotation(
        text=text,
        name="no-data",
        showarrow=False,
        xref=f"{xaxis} domain",
        yref=f"{yaxis} domain",
        x=0.5,
        y=0.5,
        font={"size": PLOTLY_NOTE_SIZE},
    )


#: Characters a line of a panel's y title holds (layout choice: a panel of a two-row
#: figure is ~120 px tall, about 16 characters of the axis font turned upright).
PANEL_TITLE_CHARS = 16


def _stacked(label: str) -> str:
    """A y title in lines that fit a short panel, its unit on its own line (the power
    figure's "Compute fleet, facility power [MW]" ran past its panel into the other's
    title; serve user test 2026-12-05); the PNG splits it as ``png.py`` does.

    >>> _stacked("World compute fleet, facility power [MW]")
    'World compute<br>fleet, facility<br>power<br>[MW]'
    >>> _stacked("New fabs [MW]")
    'New fabs<br>[MW]'
    """
    import textwrap

    words, _, unit = label.partition(" [")
    lines = textwrap.wrap(words, PANEL_TITLE_CHARS) or [words]
    return "<br>".join([*lines, f"[{unit}"] if unit else lines)


def sites_figure(r: ReportTables) -> go.Figure:
    """Sites ranked by capacity built, one panel per capacity unit.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars per site, stacked by facility type, one panel per capacity unit
        (wafer starts per month, data-centre MW, ...).
    """
    spec = figure_spec("sites")
    df = frames.sites_frame(r.builds)
    units = list(dict.fromkeys(df["capacity_unit"])) or ["wspm"]
    fig = make_subplots(rows=1, cols=len(units), horizontal_spacing=PANEL_SPACING / len(units))
    colour = frames.facility_colour_index(list(df["facility"]))
    n_rows = max([df[df["capacity_unit"] == u]["site"].nunique() for u in units] + [1])
    shown: set[str] = set()
    for col, unit in enumerate(units, start=1):
        sub = df[df["capacity_unit"] == unit]
        order = list(dict.fromkeys(sub.sort_values("rank")["site"]))
        for fac in dict.fromkeys(sub["facility"]):
            part = sub[sub["facility"] == fac]
            fig.add_bar(
                x=part["capacity"],
                y=part["site"],
                orientation="h",
                name=fac,
                legendgroup=fac,
                showlegend=fac not in shown,
                marker_color=series_colour(colour[fac]),
                # the site and the capacity built there, in the panel's unit
                hovertemplate=hover_template(fac, unit_label(unit), value="x", label="%{y}"),
                row=1,
                col=col,
            )
            shown.add(fac)
        # as many rows in every panel as in the fullest, so bars are equally thick;
        # the largest site on top
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=order[::-1],
            type="category",
            range=[len(order) - n_rows - HALF_ROW, len(order) - HALF_ROW],
            row=1,
            col=col,
        )
        fig.update_xaxes(title_text=axis_label("Capacity built", unit_label(unit)), row=1, col=col)
    height = max(SITES_MIN_HEIGHT_PX, ROW_HEIGHT_PX * n_rows + SITES_FRAME_PX)
    margin = {**PLOTLY_MARGIN, "b": SITES_BOTTOM_PX}
    plot_px = height - margin["t"] - margin["b"]
    legend = {**PLOTLY_TEMPLATE["layout"]["legend"], "y": -SITES_LEGEND_BELOW_PX / plot_px}
    _panels_layout(fig, spec.title, barmode="stack", height=height, margin=margin, legend=legend)
    if df.empty:
        _no_data(fig, "no builds in this plan")
    return fig


#: Renderer of each figure, by :attr:`FigureSpec.key`.
PLOTLY_BUILDERS: dict[str, Callable[[ReportTables], go.Figure]] = {
    "supply": supply_figure,
    "demand": demand_figure,
    "schedule": schedule_figure,
    "capex": capex_figure,
    "tools": tools_figure,
    "power": power_figure,
    "datacenter": plotly_datacenter,
    "sites": sites_figure,
    "cashflow": plotly_cashflow,
    "shadow": plotly_shadow,
}


def plotly_figure(key: str, r: ReportTables) -> go.Figure:
    """Render report figure ``key`` with plotly.

    Parameters
    ----------
    key : str
        A :attr:`FigureSpec.key`.
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        The figure, from :data:`PLOTLY_BUILDERS`, without caption or source line; for
        a run without a plan, a figure of one sentence
        (:func:`tigris.report.figures.no_plan_text`) but the demand.
    """
    from tigris.report.figures import NO_PLAN_FIGURES, no_plan_text

    text = None if key in NO_PLAN_FIGURES else no_plan_text(r)
    if text is not None:
        fig = go.Figure()
        fig.add_annotation(text=text, x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return fig
    return PLOTLY_BUILDERS[key](r)
