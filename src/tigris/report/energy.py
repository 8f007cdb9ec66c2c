"""The report's power and energy: the data-centre power the compute fleet needs against
the capacity online, by region, and the energy, emissions and electricity cost by year.

Everything is read from the result's ``power`` table (``docs/plan-result.md``; made by
:func:`tigris.energy.fleet.power_table`), never recomputed. A run saved before issue 12
has only the world's facility power needed and the new fabs' power: what was not
computed then is shown as missing ("–"), not as zero.

One figure (:data:`~tigris.report.figures.FIGURES`): ``datacenter``, one panel per
region (the world first): the facility power the installed fleet needs (solid) against
the data-centre capacity online (dashed), both a step per year, in GW. A plotly and a matplotlib
renderer are here, and the HTML section with the energy table.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np
import pandas as pd

from tigris.plan.result import WORLD
from tigris.report import frames
from tigris.report.figures import YEAR_LABEL, datacenter_modelled, figure_spec, trace_name
from tigris.report.result import ReportTables
from tigris.units import MW_PER_GW
from tigris.viz.style import PALETTE, SEMANTIC, axis_label, headroom_top, hover_template

__all__ = [
    "ENERGY_BASIS_CAPTION",
    "ENERGY_BASIS_NOTE",
    "ENERGY_BASIS_PAGE_NOTE",
    "NEEDED",
    "ONLINE",
    "ai_energy_notes",
    "datacenter_frame",
    "energy_html",
    "energy_lines",
    "energy_table",
    "few_figures",
    "grid_headroom_table",
    "grid_scope_note",
    "investor_gas_text",
    "mpl_datacenter",
    "onsite_lines",
    "plotly_datacenter",
    "power_unit",
    "significant",
]

#: Legend names of the figure's two series (each panel's traces are named
#: ``needed: REGION`` and ``online: REGION``).
NEEDED = "facility power needed"
ONLINE = "data-centre capacity online"
#: Colours: the fleet's power as the compute colour elsewhere, the capacity as supply.
NEEDED_COLOUR = SEMANTIC["compute"]
ONLINE_COLOUR = PALETTE["black"]
#: Unit conversions [MW/GW], [t/Mt], [USD/billion USD].
T_PER_MT = 1e6
USD_PER_BN = 1e9
#: [MMBtu/million MMBtu].
MMBTU_PER_MILLION = 1e6
#: Panels per row of the figure [-] and the height of one row [px], [inch] (layout).
PANEL_COLUMNS = 3
ROW_PX = 230
ROW_IN = 2.3
#: Extra height for the title and the legend [px], [inch] (layout choice).
FRAME_PX = 170
FRAME_IN = 1.6
#: The figure's unit (axis titles, hover labels).
GW = "GW"
POWER_LABEL = axis_label("Facility power", GW)
#: How both series are drawn: a value per year, a step changing half-way between years
#: (plotly line shape, matplotlib draw style), the same for need and capacity so equal
#: values draw as one line.
YEARLY_STEP = "hvh"
MPL_YEARLY_STEP = "steps-mid"
#: Where a panel's region is written, top left inside it [axes fraction] (as the PNG).
REGION_AT = (0.03, 0.97)
#: What the figure says when the run has no power table.
NO_POWER = "no power table in this run"


def datacenter_frame(power: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Facility power needed and data-centre capacity online by region and year [GW].

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table (``year, region, facility_mw_needed,
        datacenter_mw_online, ...``) [year, -, MW, MW].
    years : list of int
        Years to show [year].

    Returns
    -------
    DataFrame
        ``region, year, needed_gw, online_gw``: the world first, then the regions in the
        table's order, every year (needed 0 where the table has no row; online NaN
        where not computed) [-, year, GW, GW].

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2027, 2027], "region": ["usa", "world"],
    ...     "facility_mw_needed": [500.0, 800.0], "datacenter_mw_online": [600.0, 900.0]})
    >>> f = datacenter_frame(p, [2027])
    >>> f[["region", "needed_gw", "online_gw"]].values.tolist()
    [['world', 0.8, 0.9], ['usa', 0.5, 0.6]]
    """
    cols = ["region", "year", "needed_gw", "online_gw"]
    if not len(power):
        return pd.DataFrame({c: [] for c in cols})
    regions = list(dict.fromkeys(power["region"]))
    regions = [WORLD] * (WORLD in regions) + [x for x in regions if x != WORLD]
    out = []
    for region in regions:
        g = power[power["region"] == region].groupby("year")
        need = g["facility_mw_needed"].sum(min_count=1).reindex(years)
        online = g["datacenter_mw_online"].sum(min_count=1).reindex(years)
        out.append(
            pd.DataFrame(
                {
                    "region": region,
                    "year": years,
                    "needed_gw": need.fillna(0.0).to_numpy(float) / MW_PER_GW,
                    "online_gw": online.to_numpy(float) / MW_PER_GW,
                }
            )
        )
    return pd.concat(out, ignore_index=True)[cols]


def energy_table(power: pd.DataFrame) -> pd.DataFrame:
    """The world's power, energy, emissions and electricity cost by year.

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table [MW, TWh/year, t CO2/year, USD/year].

    Returns
    -------
    DataFrame
        The ``world`` rows by year with the table's columns; an empty table if none.

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2027, 2026, 2026], "region": ["world"] * 2 + ["usa"],
    ...     "energy_twh": [2.0, 1.0, 0.5]})
    >>> energy_table(p)["energy_twh"].tolist()
    [1.0, 2.0]
    """
    if not len(power) or "region" not in power:
        return power.iloc[0:0]
    world = power[power["region"] == WORLD]
    return world.sort_values("year").reset_index(drop=True)


#: Columns of :func:`grid_headroom_table` read from the ``power`` table (a run saved
#: before they existed lacks them: no rows).
_HEADROOM_COLUMNS = (
    "grid_headroom_mw",
    "grid_connected_mw",
    "grid_headroom_left_mw",
    "existing_mw_online",
    "grid_built_mw_online",
    "onsite_built_mw_online",
)


def grid_headroom_table(power: pd.DataFrame) -> pd.DataFrame:
    """Grid headroom used and left, and the capacity online by supply, per region-year.

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table [MW].

    Returns
    -------
    DataFrame
        ``region, year`` and :data:`_HEADROOM_COLUMNS` for the regions with a headroom
        (finite ``grid_headroom_mw``: a limit on the plan's grid modules, binding or
        not), by region then year [-, year, facility MW]; empty for a run without them.

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2030, 2030], "region": ["usa", "china"],
    ...     "grid_headroom_mw": [150.0, float("inf")], "grid_connected_mw": [100.0, 0.0],
    ...     "grid_headroom_left_mw": [50.0, float("inf")], "existing_mw_online": [9.0, 5.0],
    ...     "grid_built_mw_online": [75.0, 0.0], "onsite_built_mw_online": [0.0, 0.0]})
    >>> grid_headroom_table(p)[["region", "grid_headroom_left_mw"]].values.tolist()
    [['usa', 50.0]]
    """
    cols = ["region", "year", *_HEADROOM_COLUMNS]
    if not len(power) or any(c not in power for c in cols):
        return pd.DataFrame({c: [] for c in cols})
    head = pd.to_numeric(power["grid_headroom_mw"], errors="coerce").to_numpy(float)
    rows = power[np.isfinite(head) & (power["region"] != WORLD).to_numpy()]
    return rows.sort_values(["region", "year"], kind="stable")[cols].reset_index(drop=True)


def grid_scope_note(power: pd.DataFrame) -> str | None:
    """What the grid wait and headroom reach, with the numbers (user test UT-GRID #1).

    The grid levers (``grid_lead_months``, ``grid_headroom_mw``) limit only the plan's
    own grid-connected modules: the existing, announced and projected capacity of
    ``data/datacenter_capacity.csv`` (the power table's ``existing_mw_online``) counts
    as connected, with no wait and no headroom (docs/energy.md, "Data": headroom is
    new MW *beyond* the capacity table). This says how much that capacity grows over
    the plan, in the world and in each region with a finite headroom, beside what the
    plan's grid modules connect.

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table [facility MW].

    Returns
    -------
    str or None
        The sentence; None for a run without the columns, with no data-centre
        capacity modelled, or whose existing capacity does not grow.

    Examples
    --------
    >>> p = pd.DataFrame({"year": [2026, 2030, 2026, 2030],
    ...     "region": ["usa", "usa", "world", "world"],
    ...     "existing_mw_online": [30000.0, 60000.0, 40000.0, 80000.0],
    ...     "grid_headroom_mw": [5000.0, 26000.0, float("inf"), float("inf")],
    ...     "grid_connected_mw": [0.0, 400.0, 0.0, 400.0]})
    >>> print(grid_scope_note(p))  # doctest: +NORMALIZE_WHITESPACE
    The grid wait and headroom limit only the plan's own grid-connected modules (0.4 GW
    connected by 2030): the existing, announced and projected data-centre capacity (the
    existing column: data/datacenter_capacity.csv, or the scenario's
    datacenters.existing_mw) counts as connected with no wait and no headroom, and it
    grows by 40.0 GW in the world from 2026 to 2030 (40.0 to 80.0 GW), of which
    usa 30.0 GW (30.0 to 60.0 GW). A longer wait or a smaller headroom therefore moves
    only the plan's modules, not that growth.
    """
    cols = ("year", "region", "existing_mw_online", "grid_headroom_mw", "grid_connected_mw")
    if not len(power) or any(c not in power for c in cols):
        return None
    p = power.sort_values("year")
    world = p[p["region"] == WORLD]
    ex = pd.to_numeric(world["existing_mw_online"], errors="coerce").to_numpy(float)
    if len(ex) == 0 or not np.all(np.isfinite(ex)) or ex[-1] <= ex[0]:
        return None  # no existing capacity, or none added: nothing escapes the levers
    first, last = int(world["year"].iloc[0]), int(world["year"].iloc[-1])
    connected = float(pd.to_numeric(world["grid_connected_mw"]).iloc[-1]) / MW_PER_GW
    parts = []
    head = pd.to_numeric(p["grid_headroom_mw"], errors="coerce").to_numpy(float)
    limited = p[np.isfinite(head) & (p["region"] != WORLD).to_numpy()]
    for region, g in limited.groupby("region", sort=True):
        r = pd.to_numeric(g["existing_mw_online"], errors="coerce").to_numpy(float)
        if len(r) and np.all(np.isfinite(r)):
            parts.append(
                f"{region} {(r[-1] - r[0]) / MW_PER_GW:,.1f} GW "
                f"({r[0] / MW_PER_GW:,.1f} to {r[-1] / MW_PER_GW:,.1f} GW)"
            )
    of = f", of which {', '.join(parts)}" if parts else ""
    return (
        "The grid wait and headroom limit only the plan's own grid-connected modules "
        f"({connected:,.1f} GW connected by {last}): the existing, announced and projected "
        "data-centre capacity (the existing column: data/datacenter_capacity.csv, or the "
        "scenario's datacenters.existing_mw) counts as connected with no "
        f"wait and no headroom, and it grows by {(ex[-1] - ex[0]) / MW_PER_GW:,.1f} GW in "
        f"the world from {first} to {last} ({ex[0] / MW_PER_GW:,.1f} to "
        f"{ex[-1] / MW_PER_GW:,.1f} GW){of}. A longer wait or a smaller headroom therefore "
        "moves only the plan's modules, not that growth."
    )


def ai_energy_notes(power: pd.DataFrame) -> list[str]:
    """One line per region whose AI energy exceeds all data centres' in the source.

    A region's ``energy_twh`` (the AI fleet's energy, at ``load_factor``) is compared
    with the energy of **all** data centres that ``data/datacenter_capacity.csv`` is
    built from: the row's total ``mw`` × ``datacenter_utilisation`` (the average draw
    over installed capacity the table converts the IEA's TWh with) × 8,766 h. Where the
    AI alone draws more, the two sources disagree (the published shipments imply more AI
    power than the IEA counts; ``docs/energy.md``, "Known inconsistencies" (1)). Rows
    whose ``ai_share`` is 1 (middle-east: announced AI campuses only) hold no
    all-data-centre total: they are not compared (their AI energy exceeds ``mw`` × 0.52
    only because the same MW are drawn at ``load_factor`` 0.75).

    Parameters
    ----------
    power : DataFrame
        The result's ``power`` table [TWh/year].

    Returns
    -------
    list of str
        Lines naming the region, the years, and the largest excess's two energies; empty
        when no region's AI energy exceeds its source's.

    References
    ----------
    IEA, *Energy and AI* (2025), base case by region (the history rows' TWh);
    ``data/energy_parameters.csv``, ``datacenter_utilisation`` and ``load_factor``.
    """
    if not len(power) or "energy_twh" not in power:
        return []
    from tigris.energy.data import capacity_table, energy_parameter
    from tigris.energy.fleet import MWH_PER_TWH
    from tigris.errors import InputError
    from tigris.units import HOURS_PER_YEAR

    try:
        cap = capacity_table()
        draw = energy_parameter("datacenter_utilisation")
        lf = energy_parameter("load_factor")
    except InputError:  # a data set without them: nothing to compare with
        return []
    cap = cap[cap["ai_share"] < 1.0]  # an AI-only row has no all-data-centre total
    all_twh = cap.set_index(["region", "year"])["mw"] * draw * HOURS_PER_YEAR / MWH_PER_TWH
    out = []
    rows = power[power["region"] != WORLD]
    for region, g in rows.groupby("region", sort=False):
        years, ai, src = [], [], []
        for x in g.sort_values("year").to_dict("records"):
            key = (str(region), int(x["year"]))
            if key in all_twh.index and float(x["energy_twh"]) > float(all_twh[key]):
                years.append(int(x["year"]))
                ai.append(float(x["energy_twh"]))
                src.append(float(all_twh[key]))
        if not years:
            continue
        i = int(np.argmax(np.asarray(ai) - np.asarray(src)))
        runs: list[list[int]] = []
        for y in years:  # consecutive years as one span
            if runs and y == runs[-1][-1] + 1:
                runs[-1].append(y)
            else:
                runs.append([y])
        span = ", ".join(str(r[0]) if len(r) == 1 else f"{r[0]}–{r[-1]}" for r in runs)
        out.append(
            f"Note: in {region} in {span} the AI fleet alone draws more energy than all "
            f"data centres of data/datacenter_capacity.csv ({years[i]}: {ai[i]:,.0f} TWh "
            f"at load factor {lf:g} against {src[i]:,.0f} TWh, the table's MW of all data "
            f"centres at the {draw:g} average draw it converts the IEA's TWh with; both on "
            "the year-end MW): the "
            "published shipments imply more AI power than the IEA counts (docs/energy.md, "
            "Known inconsistencies (1))."
        )
    return out


def _grid(n: int) -> tuple[int, int]:
    cols = min(PANEL_COLUMNS, max(n, 1))
    return math.ceil(max(n, 1) / cols), cols


def plotly_datacenter(r: ReportTables) -> Any:
    """Facility power needed vs data-centre capacity online, one panel per region.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    plotly.graph_objects.Figure
        One panel per region (the world first), facility power needed and capacity online
        by year [GW]; capacity online only when the run models it.
    """
    from plotly.subplots import make_subplots

    from tigris.viz.style import PLOTLY_LINE_WIDTH, PLOTLY_MARGIN, plotly_layout

    spec = figure_spec("datacenter")
    years = [int(y) for y in frames.year_range(r.horizon)]
    df = datacenter_frame(r.power, years)
    modelled = datacenter_modelled(r)
    regions = list(dict.fromkeys(df["region"]))
    rows, cols = _grid(len(regions))
    # the region named inside its panel (as the PNG), not above it: a title above the
    # first row ran into the figure's source line (user test S47 #4)
    fig = make_subplots(
        rows=rows,
        cols=cols,
        horizontal_spacing=0.07,
        vertical_spacing=0.5 / max(rows, 1) if rows > 1 else 0.1,
    )
    width = PLOTLY_LINE_WIDTH
    for i, region in enumerate(regions):
        row, col = i // cols + 1, i % cols + 1
        g = df[df["region"] == region]
        fig.add_scatter(
            x=years,
            y=g["needed_gw"].to_numpy(),
            name=trace_name("needed", region),
            legendgroup="needed",
            hovertemplate=hover_template(trace_name("needed", region), GW),
            showlegend=False,
            mode="lines+markers",
            # a step per year as the capacity online: a slope between years drawn against
            # steps read as a shortfall in every rising year (user test S47 #7)
            line={"color": NEEDED_COLOUR, "width": width, "shape": YEARLY_STEP},
            row=row,
            col=col,
        )
        online = g["online_gw"].to_numpy()
        # every panel's scale and unit, with or without capacity online
        peak = float(np.nanmax(np.r_[g["needed_gw"].to_numpy(), online, 0.0]))
        fig.update_yaxes(range=[0, headroom_top(peak)], row=row, col=col)
        if col == 1:
            fig.update_yaxes(title_text=POWER_LABEL, row=row, col=col)
        if row == rows:
            fig.update_xaxes(title_text=YEAR_LABEL, row=row, col=col)
        n = i + 1  # plotly's number of the panel's axes (x, x2, ...)
        axes = ("x", "y") if n == 1 else (f"x{n}", f"y{n}")
        fig.add_annotation(
            text=html.escape(region),
            name="region",
            showarrow=False,
            xref=f"{axes[0]} domain",
            yref=f"{axes[1]} domain",
            x=REGION_AT[0],
            y=REGION_AT[1],
            xanchor="left",
            yanchor="top",
        )
        if not modelled:  # no capacity online to draw (figures.DATACENTER_NOT_MODELLED)
            continue
        fig.add_scatter(
            x=years,
            y=online,
            name=trace_name("online", region),
            legendgroup="online",
            hovertemplate=hover_template(trace_name("online", region), GW),
            showlegend=False,
            mode="lines",
            line={"color": ONLINE_COLOUR, "width": width, "dash": "dash", "shape": YEARLY_STEP},
            row=row,
            col=col,
        )
    # the legend: one entry per meaning, not one per panel
    for name, colour, dash, mode in (
        (NEEDED, NEEDED_COLOUR, "solid", "lines+markers"),
        *([(ONLINE, ONLINE_COLOUR, "dash", "lines")] if modelled else []),
    ):
        fig.add_scatter(
            x=[None],
            y=[None],
            name=name,
            mode=mode,
            line={"color": colour, "width": width, "dash": dash},
            hoverinfo="skip",  # a legend entry, no point to hover
            row=1,
            col=1,
        )
    layout = plotly_layout(spec.title, height=ROW_PX * rows + FRAME_PX, margin=PLOTLY_MARGIN)
    for key in ("xaxis", "yaxis"):
        layout.pop(key)
    fig.update_layout(**layout)
    fig.update_xaxes(dtick=2, tickformat="d")
    if not regions:
        fig.add_annotation(text=NO_POWER, showarrow=False, xref="paper", yref="paper", x=0.5, y=0.5)
    return fig


def mpl_datacenter(r: ReportTables) -> Any:
    """The matplotlib twin of :func:`plotly_datacenter`.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    matplotlib.figure.Figure
        The same panels [GW], with the figure's title and legend (no caption).
    """
    from tigris.viz.style import (
        FIG_WIDTH_IN,
        LINE_WIDTH,
        MARKER_SIZE,
        figure_legend,
        figure_title,
        new_figure,
    )

    spec = figure_spec("datacenter")
    years = np.asarray(frames.year_range(r.horizon), dtype=int)
    df = datacenter_frame(r.power, [int(y) for y in years])
    modelled = datacenter_modelled(r)
    regions = list(dict.fromkeys(df["region"]))
    rows, cols = _grid(len(regions))
    fig, axes = new_figure(
        FIG_WIDTH_IN, ROW_IN * rows + FRAME_IN, nrows=rows, ncols=cols, squeeze=False
    )
    for i, ax in enumerate(axes.ravel()):
        if i >= len(regions):
            ax.set_visible(False)
            continue
        region = regions[i]
        g = df[df["region"] == region]
        need, online = g["needed_gw"].to_numpy(), g["online_gw"].to_numpy()
        # both a step per year, changing half-way between years: need and capacity
        # drawn alike meet where they are equal (a slope against steps read as a
        # shortfall in every rising year; user test S47 #7)
        ax.plot(
            years,
            need,
            "-o",
            drawstyle=MPL_YEARLY_STEP,
            color=NEEDED_COLOUR,
            linewidth=LINE_WIDTH,
            markersize=MARKER_SIZE,
            label=NEEDED,
        )
        if modelled:  # else no capacity online to draw (figures.DATACENTER_NOT_MODELLED)
            ax.plot(
                years, online, "--", drawstyle=MPL_YEARLY_STEP, color=ONLINE_COLOUR,
                linewidth=LINE_WIDTH, label=ONLINE,
            )  # fmt: skip
        # the region inside the panel: the figure's title stays the only title
        ax.text(*REGION_AT, region, transform=ax.transAxes, ha="left", va="top")
        peak = float(np.nanmax(np.r_[need, online, 0.0]))
        ax.set_ylim(0, headroom_top(peak))
        step = 2 if len(years) > PANEL_COLUMNS else 1
        ax.set_xticks(years[::step])
        ax.set_xticklabels([str(y) for y in years[::step]], rotation=45)
        if i % cols == 0:
            ax.set_ylabel(POWER_LABEL)
        if i // cols == rows - 1 or i + cols >= len(regions):
            ax.set_xlabel(YEAR_LABEL)
    if not regions:
        axes[0][0].set_visible(True)
        axes[0][0].text(0.5, 0.5, NO_POWER, ha="center", va="center")
    figure_title(fig, spec.title)
    figure_legend(fig)
    return fig


#: Significant figures of a cell in a column of small values (:func:`significant`) and
#: the most decimals it gets (display choice: a cell never shows more than 3 decimals).
SMALL_SIG = 3
MAX_DECIMALS = 3
#: Significant figures below which a column's usual decimals hide a small fleet (user
#: test D2: 48.5 MW printed as 0.0 GW): then it is printed with :data:`SMALL_SIG`.
_FEW_FIGURES = 2


def significant(x: float, sig: int = SMALL_SIG) -> str:
    """``x`` with ``sig`` significant figures, at most :data:`MAX_DECIMALS` decimals and
    thousands commas (a small quantity's cell).

    Parameters
    ----------
    x : float
        The value, in the cell's unit.
    sig : int, optional
        Significant figures (default :data:`SMALL_SIG`).

    Returns
    -------
    str
        The formatted number; zero and non-finite values with no decimals.

    Examples
    --------
    >>> significant(48.49), significant(0.4851), significant(400.0), significant(0.0)
    ('48.5', '0.485', '400', '0')
    >>> significant(0.00012), significant(1234.5)
    ('0.000', '1,234')
    """
    if x == 0 or not math.isfinite(x):
        return f"{x:,.0f}"
    decimals = sig - 1 - math.floor(math.log10(abs(x)))
    return f"{x:,.{max(0, min(decimals, MAX_DECIMALS))}f}"


def _peak(values: Any, div: float = 1.0) -> float:
    """Largest ``|value| / div``, missing values ignored; 0 if none."""
    vals = [abs(float(v)) / div for v in values if v is not None and not pd.isna(v)]
    return max(vals, default=0.0)


def few_figures(values: Any, div: float = 1.0, decimals: int = 1) -> bool:
    """Whether a column printed ``/ div`` with ``decimals`` decimals shows fewer than
    two significant figures of its largest nonzero value (then print it with
    :func:`significant`).

    Parameters
    ----------
    values : iterable of float
        The column's values (None and NaN ignored), in the table's stored unit.
    div : float, optional
        Divisor to the printed unit (``1000.0`` for MW printed in GW).
    decimals : int, optional
        Decimals the column is printed with.

    Returns
    -------
    bool
        True when the largest ``|value| / div`` is above zero and below ``10 ** (1 - decimals)``.

    Examples
    --------
    >>> few_figures([0.32, 0.1], 1.0, 0), few_figures([739.0], 1.0, 0)
    (True, False)
    >>> few_figures([0.0, 0.0], 1.0, 0), few_figures([5e5], 1e6, 1)
    (False, True)
    """
    peak = _peak(values, div)
    return 0 < peak < 10.0 ** (_FEW_FIGURES - 1 - decimals)


def power_unit(values_mw: Any) -> tuple[str, float]:
    """``("MW", 1.0)`` when the largest of ``values_mw`` is above zero and below a GW,
    else ``("GW", 1000.0)``: the unit and divisor a table of facility power uses, so a
    small fleet is not ``0.0`` GW (user test D2).

    Parameters
    ----------
    values_mw : iterable of float
        The table's facility power values [MW] (None and NaN ignored).

    Returns
    -------
    tuple of (str, float)
        The unit and the divisor from MW to it.

    Examples
    --------
    >>> power_unit([48.5, 100.0]), power_unit([1.2e4]), power_unit([0.0])
    (('MW', 1.0), ('GW', 1000.0), ('GW', 1000.0))
    """
    peak = _peak(values_mw)
    return ("MW", 1.0) if 0 < peak < MW_PER_GW else ("GW", MW_PER_GW)


def _cell(x: Any, div: float = 1.0, digits: int | None = 1) -> tuple[str, float]:
    """A cell's text and value: ``digits`` decimals, or :func:`significant` if None."""
    if x is None or pd.isna(x):
        return ("–", math.nan)
    v = float(x) / div
    return (significant(v) if digits is None else f"{v:,.{digits}f}", v)


#: Columns of the energy table: column, header, divisor, decimals. The three power
#: columns are in GW, or MW for a table that stays below a GW (:func:`_columns_for`).
_ENERGY_COLUMNS = (
    ("facility_mw_needed", "facility power needed [GW]", MW_PER_GW, 1),
    ("datacenter_mw_online", "data-centre capacity online [GW]", MW_PER_GW, 1),
    ("fleet_it_mw", "fleet IT power [GW]", MW_PER_GW, 1),
    ("energy_twh", "compute energy, year-end MW [TWh]", 1.0, 0),
    ("energy_twh_year_mean", "compute energy, year-mean MW [TWh]", 1.0, 0),
    ("onsite_energy_twh", "of which on-site generation [TWh]", 1.0, 1),
    ("onsite_gas_mmbtu", "on-site gas burned [million MMBtu]", MMBTU_PER_MILLION, 1),
    ("onsite_gas_bcf_per_day", "on-site gas burned [Bcf/d]", 1.0, 2),
    ("fab_power_mw", "new fabs' power [MW]", 1.0, 0),
    ("fab_energy_twh", "fab energy [TWh]", 1.0, 1),
    ("emissions_t_co2", "emissions [Mt CO2]", T_PER_MT, 1),
    ("electricity_cost_usd", "electricity cost [billion USD]", USD_PER_BN, 1),
)
#: The on-site columns of :data:`_ENERGY_COLUMNS`, shown only when some row has on-site
#: generation (the power table's ``onsite_*``, the same numbers as ``--json power`` and
#: ``power.csv``; UT-UTILITY #3, session 37).
_ONSITE_COLUMNS = ("onsite_energy_twh", "onsite_gas_mmbtu", "onsite_gas_bcf_per_day")
#: The columns of :data:`_ENERGY_COLUMNS` in GW.
_GW_COLUMNS = ("facility_mw_needed", "datacenter_mw_online", "fleet_it_mw")


def _columns_for(rows: pd.DataFrame) -> list[tuple[str, str, float, int | None]]:
    """:data:`_ENERGY_COLUMNS` for these rows: the power columns in MW when all stay
    below a GW (:func:`power_unit`), and a column whose decimals would show fewer than
    two significant figures printed with :func:`significant` (decimals None)."""
    power = [v for c in _GW_COLUMNS if c in rows for v in rows[c]]
    unit, _ = power_unit(power)
    out: list[tuple[str, str, float, int | None]] = []
    onsite = "onsite_energy_twh" in rows and bool((rows["onsite_energy_twh"].fillna(0) > 0).any())
    for col, head, div, digits in _ENERGY_COLUMNS:
        if col in _ONSITE_COLUMNS and not (onsite and col in rows):
            continue
        if col in _GW_COLUMNS and unit == "MW":
            out.append((col, head.replace("[GW]", "[MW]"), 1.0, None))
            continue
        small = col in rows and few_figures(rows[col], div, digits)
        out.append((col, head, div, None if small else digits))
    return out


def investor_gas_text(r: ReportTables) -> str | None:
    """The text's on-site gas line (:func:`tigris.energy.gas.gas_text`: the investor's
    gas burned [MMBtu, Bcf/d], its commissioning against world turbine supply and the
    gas cap) from the run's ``added["energy"]``, the numbers of ``--json``; None when
    the run has none or burns no gas.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str or None
        The line of :func:`tigris.energy.gas.gas_text`, or None.
    """
    from tigris.energy.gas import gas_text

    energy = (r.added or {}).get("energy") if isinstance(r.added, dict) else None
    return gas_text(energy) if energy else None


def energy_html(r: ReportTables) -> str:
    """The HTML section ``energy``: the world's power, energy, emissions and electricity
    cost by year (table ``table-energy``) and the regions in the last year
    (``table-energy-regions``).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The ``<section id="energy">`` element; a one-sentence section when the run has no
        power table.
    """
    from tigris.report.html import _table

    e = html.escape
    head = "<h2>Power, energy and emissions by year</h2>"
    world = energy_table(r.power)
    if not len(world):
        text = "No power table in this run (no plan)."
        return f'<section id="energy">{head}<p>{e(text)}</p></section>'
    columns = _columns_for(world)
    header = ["year", *(h for _, h, _, _ in columns)]
    numeric = set(range(1, len(header)))
    rows = [
        [
            (str(int(x["year"])), float(x["year"])),
            *(_cell(x.get(c), div, d) for c, _, div, d in columns),
        ]
        for x in world.to_dict("records")
    ]
    table = _table("table-energy", header, rows, numeric)
    last_year = int(world["year"].max())
    p = r.power
    regional = p[(p["year"] == last_year) & (p["region"] != WORLD)]
    by_region = ""
    if len(regional):
        columns = _columns_for(regional)
        rows = [
            [
                str(x["region"]),
                *(_cell(x.get(c), div, d) for c, _, div, d in columns),
            ]
            for x in regional.to_dict("records")
        ]
        heads = [h for _, h, _, _ in columns]
        by_region = f"<h3>By region, {last_year}</h3>" + _table(
            "table-energy-regions", ["region", *heads], rows, numeric
        )
    notes = "".join(f'<p class="caption">{e(x)}</p>' for x in ai_energy_notes(p))
    by_region += notes
    gas = investor_gas_text(r)
    if gas:
        by_region += f'<p id="onsite-gas">{e(gas)}</p>'
    grid = grid_headroom_table(p)
    if len(grid):
        gh = [
            "region",
            "year",
            "grid headroom [MW]",
            "used: connected [MW]",
            "left [MW]",
            "existing [MW]",
            "grid modules [MW]",
            "on-site modules [MW]",
        ]
        rows = [
            [str(x["region"]), (str(int(x["year"])), float(x["year"]))]
            + [_cell(x.get(c), 1.0, 0) for c in _HEADROOM_COLUMNS]
            for x in grid.to_dict("records")
        ]
        by_region += (
            "<h3>Grid headroom and data-centre capacity by supply</h3>"
            + f'<p class="caption">{e(_HEADROOM_NOTE)}</p>'
            + _table("table-grid-headroom", gh, rows, set(range(1, len(gh))))
        )
    scope = grid_scope_note(p)
    if scope:
        by_region += f'<p class="caption" id="grid-scope">{e(scope)}</p>'
    note = (
        "World totals of the power table: the facility power the installed accelerator "
        "fleet needs (IT power × PUE, the accelerators delivered within their service "
        "life, including those delivered before the plan) against the data-centre "
        "capacity online; the fleet's energy at its load factor; the new fabs' power "
        "and energy; emissions of grid energy at each region's grid intensity "
        "(location-based, life-cycle CO2e) and of on-site generation at the plant's own "
        "intensity (data/datacenter_types.csv; gas: combustion CO2 at the stack only, a "
        "different basis, upstream methane not counted), and their electricity cost at "
        "the region's price or the plant's fuel price. "
        + ENERGY_BASIS_NOTE
        + " "
        + not_computed_note(r)
        + " See docs/energy.md."
    )
    return (
        f'<section id="energy">{head}<p class="caption">{e(note)}</p>{table}{by_region}</section>'
    )


def not_computed_note(r: ReportTables, year_mean: str = "the year-mean column") -> str:
    """What a "–" in the energy tables means for the run ``r``: a run that models no
    data-centre power (its scenario has no ``datacenter`` facility type) has no
    capacity online; otherwise a run saved before a column was computed (user test
    2026-12-05: a fresh run without data centres was told it was an old save).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.
    year_mean : str, optional
        What the year-mean energy is called where the note is printed: the HTML
        table's column, or the PNG page's "year-mean" figure, which has no column
        (user test 2026-12-06 power #5).

    Returns
    -------
    str
        The sentence, starting with "– where not computed".
    """
    if not datacenter_modelled(r):
        return (
            "– where not computed: this run models no data-centre capacity (its scenario "
            "has no 'datacenter' facility type, or it was saved before tigris modelled "
            "data-centre power), so no capacity online or headroom is given."
        )
    return (
        "– where not computed (a run saved before tigris modelled data-centre power, or "
        f"before {year_mean})."
    )


#: What the two energy columns are on (docs/energy.md, "Fleet and energy"; user test
#: UT-GRID #2: the plan's 312.7 TWh and the hindcast's 288.6 for usa 2028, unnamed).
ENERGY_BASIS_NOTE = (
    "Energy, its cost and emissions are on the year-end MW: the plan counts a delivery "
    "for its whole year, so in a growing fleet they overstate the year's draw. The "
    "year-mean column is the same energy on the mean of the year's two ends, (MW(t-1) + "
    "MW(t)) / 2 (the first year from the fleet delivered before the plan), the basis of "
    "tigris hindcast's forward power check and of the published energy forecasts."
)

#: The PNG energy page's basis note: :data:`ENERGY_BASIS_NOTE` for a page whose lines
#: carry both figures, "year-end" and "year-mean", and no columns (user test
#: 2026-12-06 power #5: the page's footnote named a year-mean column it did not have).
ENERGY_BASIS_PAGE_NOTE = (
    'Energy is given twice: "year-end", on the year-end MW (the plan counts a delivery '
    "for its whole year, so in a growing fleet it overstates the year's draw), and "
    '"year-mean", the same energy on the mean of the year\'s two ends, (MW(t-1) + '
    "MW(t)) / 2 (the first year from the fleet delivered before the plan), the basis of "
    "tigris hindcast's forward power check and of the published energy forecasts. "
    "Emissions (Mt CO2) are on the year-end MW."
)

#: The text power table's caption (``tigris plan``): the two energy columns' bases.
ENERGY_BASIS_CAPTION = (
    "energy TWh (and Mt CO2): on the year-end MW, a delivery counted for its "
    "whole year; yr-mean: the same energy on the mean of the year's two ends, "
    "(MW(t-1) + MW(t)) / 2, the basis of tigris hindcast's forward power check. "
    "energy TWh is the data centres' (compute); Mt CO2 also counts the new "
    "fabs' electricity (--json power fab_energy_twh, the report's fab energy column), "
    "so a year with new fabs and little compute shows CO2 beside ~0 TWh; so does the "
    "electricity cost, not in this table (--json power electricity_cost_usd, the "
    "HTML report's energy table)."
)

#: Caption of the grid headroom table (docs/energy.md, "Reading the results").
_HEADROOM_NOTE = (
    "Regions with a grid headroom (a limit on the plan's grid-connected modules; whether "
    "it binds is the left column): the new data-centre MW the grid can "
    "connect, the MW the plan's grid modules connect (each at its full MW from its first "
    "year online, what the plan's grid-headroom row counts) and what is left; then the "
    "data-centre capacity online by supply (facility MW; a module in its ramp year at "
    "the year's mean, so grid modules can show fewer MW online than connected)."
)


def onsite_lines(r: ReportTables) -> list[str]:
    """The world's on-site generation and the gas it burns, one line a year with some
    (the power table's ``onsite_energy_twh``, ``onsite_gas_mmbtu``,
    ``onsite_gas_bcf_per_day``: the numbers of ``--json power``; UT-UTILITY #3), for
    the PNG energy page; empty without on-site generation.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    list of str
        ``YEAR: X TWh on-site, gas YM MMBtu (Z Bcf/d)``, one per year with on-site
        generation (the gas part only when gas is burned).

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.report.result import TABLE_COLUMNS, report_tables
    >>> t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    >>> t["power"] = pd.DataFrame({"year": [2026], "region": ["world"],
    ...     "fleet_it_mw": [1e4], "facility_mw_needed": [1.2e4],
    ...     "datacenter_mw_online": [1.5e4], "energy_twh": [80.0], "fab_power_mw": [0.0],
    ...     "fab_energy_twh": [0.0], "emissions_t_co2": [3e7],
    ...     "electricity_cost_usd": [6e9], "onsite_energy_twh": [18.4086],
    ...     "onsite_gas_mmbtu": [1.739e8], "onsite_gas_bcf_per_day": [0.4596]})
    >>> onsite_lines(report_tables({**t, "horizon": (2026, 2026)}))
    ['2026: 18.4 TWh on-site, gas 173.9M MMBtu (0.46 Bcf/d)']
    """
    world = energy_table(r.power)
    if not len(world) or "onsite_energy_twh" not in world:
        return []
    out = []
    for x in world.to_dict("records"):
        twh = x.get("onsite_energy_twh")
        if twh is None or pd.isna(twh) or not float(twh) > 0:
            continue
        line = f"{int(x['year'])}: {_cell(twh, 1.0, 1)[0]} TWh on-site"
        mmbtu, bcf = x.get("onsite_gas_mmbtu"), x.get("onsite_gas_bcf_per_day")
        if mmbtu is not None and not pd.isna(mmbtu) and float(mmbtu) > 0:
            line += f", gas {_cell(mmbtu, MMBTU_PER_MILLION, 1)[0]}M MMBtu"
            if bcf is not None and not pd.isna(bcf):
                line += f" ({_cell(bcf, 1.0, 2)[0]} Bcf/d)"
        out.append(line)
    return out


def energy_lines(r: ReportTables, by_region: bool = False, basis: bool = False) -> list[str]:
    """The energy table in lines of text (for the PNG headline page): the world's
    facility power needed vs capacity online, energy and emissions, one line a year;
    with ``by_region``, one line per region in the last year instead.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.
    by_region : bool, optional
        One line per region in the last year instead of one per year for the world.
    basis : bool, optional
        Label the energy's basis as the HTML table's headers do: ``N TWh year-end (M
        year-mean)``, the energy [TWh] on the year-end MW and on the mean of the year's
        two ends (``energy_twh_year_mean``; "–" for a run saved without it). The PNG
        energy page sets it (user test 2026-12-06 power #5: its "266 TWh" had no basis).

    Returns
    -------
    list of str
        ``YEAR (or REGION): N GW needed, N GW online, N TWh, N Mt CO2`` (MW instead of GW
        for a table below a GW; with ``basis``, ``N TWh year-end (M year-mean)``); empty
        without a power table.

    Examples
    --------
    >>> import pandas as pd
    >>> from tigris.report.result import TABLE_COLUMNS, report_tables
    >>> t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    >>> t["power"] = pd.DataFrame({"year": [2026], "region": ["world"],
    ...     "fleet_it_mw": [1e4], "facility_mw_needed": [1.2e4],
    ...     "datacenter_mw_online": [1.5e4], "energy_twh": [80.0], "fab_power_mw": [0.0],
    ...     "fab_energy_twh": [0.0], "emissions_t_co2": [3e7],
    ...     "electricity_cost_usd": [6e9]})
    >>> energy_lines(report_tables({**t, "horizon": (2026, 2026)}))
    ['2026: 12.0 GW needed, 15.0 GW online, 80 TWh, 30.0 Mt CO2']
    """
    world = energy_table(r.power)
    if not len(world):
        return []
    rows = world
    if by_region:
        p = r.power
        rows = p[(p["year"] == world["year"].max()) & (p["region"] != WORLD)]
    spec = _columns_for(rows)
    cols = {c: (div, d) for c, _, div, d in spec}
    # the unit the power columns were put in (a GW column of small values prints
    # significant figures too, so its decimals do not say the unit)
    unit = "MW" if any(c == "facility_mw_needed" and "[MW]" in h for c, h, _, _ in spec) else "GW"
    out = []
    for x in rows.to_dict("records"):
        need = _cell(x.get("facility_mw_needed"), *cols["facility_mw_needed"])[0]
        online = _cell(x.get("datacenter_mw_online"), *cols["datacenter_mw_online"])[0]
        twh = _cell(x.get("energy_twh"), *cols["energy_twh"])[0]
        if basis:
            mean = _cell(x.get("energy_twh_year_mean"), *cols["energy_twh_year_mean"])[0]
            twh = f"{twh} TWh year-end ({mean} year-mean)"
        else:
            twh = f"{twh} TWh"
        mt = _cell(x.get("emissions_t_co2"), *cols["emissions_t_co2"])[0]
        what = x["region"] if by_region else int(x["year"])
        out.append(f"{what}: {need} {unit} needed, {online} {unit} online, {twh}, {mt} Mt CO2")
    return out
