"""The report's figures: one spec each (id, title, caption, axis titles), shared by the
plotly (HTML) and matplotlib (PNG) renderers.

Figure ids and trace names are stable: tests and users may look them up in the HTML.

==================  ===================================================================
id                  traces
==================  ===================================================================
``fig-supply``      one per source (``incumbent existing``, ``incumbent announced``,
                    ``incumbent response`` if any, ``investor new``; stacked bars),
                    ``demand: total``; a run without the split: ``served: all sources``
``fig-demand``      ``served: CLASS``, ``unmet: CLASS`` (stacked bars), ``demand: total``
``fig-schedule``    ``construction``, ``ramp`` (horizontal bars by site and facility)
``fig-capex``       ``drawn: INVESTOR`` (cumulative, stacked bars), ``released,
                    cumulative`` (line); ``paid: SOURCE`` (per year, stacked bars)
``fig-tools``       ``used: EUV``, ``supply: EUV``, ``used: High-NA``, ``supply: High-NA``
``fig-power``       ``fabs`` (none if no fab is built), ``world compute fleet``
``fig-datacenter``  per region (the world first) ``needed: REGION``, ``online: REGION``;
                    legend-only ``facility power needed``, ``data-centre capacity online``
``fig-sites``       one per facility type (``logic``, ``cowos``, ``hbm``), per unit panel
``fig-cashflow``    ``capex``, ``variable cost``, ``fixed opex``, ``tax`` (below zero),
                    ``revenue``, ``salvage`` (relative bars), ``cumulative net cash
                    flow`` (line)
``fig-shadow``      one per resource, item, unit and method: ``RESOURCE ITEM
                    [USD/UNIT] (dual|bound|re-solve)`` (log scale)
==================  ===================================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tigris.report.frames import SUPPLY_ZOOM_RATIO
from tigris.units import USD_PER_BILLION
from tigris.viz.style import PALETTE, axis_label, series_colour

if TYPE_CHECKING:
    from tigris.report.result import ReportTables

__all__ = [
    "CAPEX_LEGEND_TITLE",
    "CAPEX_OFF_SCALE_RATIO",
    "CAPTION_MAX_CHARS",
    "FIGURES",
    "GREYSCALE_PATTERNS",
    "HALF_YEAR",
    "LUMA_MARGIN",
    "MPL_HATCHES",
    "NOTES_HEADING",
    "NO_FAB_BUILT",
    "POWER_FABS",
    "POWER_FLEET",
    "PROJECTION_ALPHA",
    "PROJECTION_COLOUR",
    "RELEASED_CUMULATIVE",
    "SERIES_PATTERNS",
    "SUPPLY_ALONE_QUANTITY",
    "SUPPLY_COLOURS",
    "SUPPLY_DEMAND",
    "SUPPLY_UNSPLIT",
    "TOOL_LABELS",
    "UNIT_LABELS",
    "USD_PER_BILLION",
    "DemandBasis",
    "FigureSpec",
    "demand_basis",
    "figure_caption",
    "figure_spec",
    "greyscale_pattern",
    "luma",
    "magnitude",
    "projection_name",
    "released_note",
    "released_off_scale",
    "series_styles",
    "source_line",
    "supply_caption",
    "supply_colour",
    "tool_label",
    "trace_name",
    "unit_label",
]

#: Half a year: bars are centred on their year, so a yearly bar spans year ± this [year].
HALF_YEAR = 0.5

#: How a tool type reads in a legend.
TOOL_LABELS = {"euv": "EUV", "high_na": "High-NA"}
#: How a capacity unit reads on an axis. HBM capacity is in DRAM wafer starts per month
#: (``plan.inputs.CAPACITY_UNITS``); ``stacks_per_month`` is the unit of runs saved
#: before that, still drawn as saved.
UNIT_LABELS = {
    "wspm": "wafer starts per month",
    "stacks_per_month": "HBM stacks per month",
    "MW": "data-centre MW (facility power)",
}
#: Colour of each source of supply: one meaning across the report (the investor's new
#: capacity stands out in orange; incumbents in blues; their response in purple).
SUPPLY_COLOURS = {
    "incumbent existing": PALETTE["sky"],
    "incumbent announced": PALETTE["blue"],
    "incumbent response": PALETTE["purple"],
    "served-share floor": PALETTE["grey"],
    "investor new": PALETTE["orange"],
}
#: Fill pattern (plotly ``marker.pattern.shape``) of the bars a grey-scale print could not
#: tell apart by colour, by figure key and trace name; a trace not named is plain. The
#: Okabe-Ito colours are colour-blind safe, not grey-scale safe: by ITU-R BT.601 luma
#: (0.299 R + 0.587 G + 0.114 B; :func:`tigris.report.figures.luma`) the orange of
#: ``investor new`` (162) and the sky blue of ``incumbent existing`` (158), the purple
#: of ``incumbent response`` (151) and the grey of ``served-share floor`` (153), and the
#: schedule's grey construction (153) and orange ramp (162) print as the same grey
#: (UT-DASH #8). The investor's layer hatched and construction dotted are the
#: dashboard's choices (S36 DASH-FIX, ``tigris.serve.view.GREYSCALE_PATTERNS``, which
#: ``tests/test_s36_grey.py`` holds equal to these); the response cross-hatched and the
#: floor striped are this report's, so that no two layers of one luma share a fill.
GREYSCALE_PATTERNS: dict[str, dict[str, str]] = {
    "supply": {"investor new": "/", "incumbent response": "x", "served-share floor": "-"},
    "schedule": {"construction": "."},
}
#: The matplotlib hatch drawing each plotly pattern shape of :data:`GREYSCALE_PATTERNS`
#: at about plotly's density in a PNG (layout choice; ``///`` is also the house
#: shortfall hatch, ``tigris.viz.style.SHADE_HATCH``).
MPL_HATCHES = {
    "/": "///",
    "x": "xx",
    "-": "--",
    ".": "..",
    "\\": "\\\\\\",
    "|": "||",
    "+": "++",
}
#: Fill patterns (plotly ``marker.pattern.shape``) a figure with more series than
#: colours gives them, plain first (:func:`series_styles`); each has its matplotlib
#: hatch in :data:`MPL_HATCHES`.
SERIES_PATTERNS = ("", "/", "x", ".", "-", "\\", "|", "+")
#: Luma below which two colours of one figure print as the same grey unless they carry
#: different fills [0-255 BT.601 luma] (layout choice: the pairs UT-DASH #8 could not
#: tell apart differ by 4 and 9; the supply figure's plain blues, 87 and 158, by 71).
LUMA_MARGIN = 40


def luma(hex_colour: str) -> float:
    """ITU-R BT.601 luma of a ``#RRGGBB`` colour: what a grey-scale print keeps of it.

    ``Y' = 0.299 R' + 0.587 G' + 0.114 B'`` (Recommendation ITU-R BT.601-7, 2011, eq. for
    the luminance signal), on the 0-255 scale of the colour's components.

    Parameters
    ----------
    hex_colour : str
        ``#RRGGBB``.

    Returns
    -------
    float
        Luma [0-255].

    Examples
    --------
    >>> round(luma("#E69F00"), 1), round(luma("#56B4E9"), 1)
    (162.1, 157.9)
    """
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def series_styles(names: Sequence[str]) -> dict[str, tuple[str, str]]:
    """A colour and a fill pattern for each series, every pair distinct, colour-blind
    safe and readable in grey-scale.

    The colours are the Okabe-Ito series (:data:`tigris.viz.style.SERIES`); each series
    takes the least-used colour first, so fills only start once the colours run out
    (user test S47 #1: twelve capital sources shared seven colours, Intel and
    abu-dhabi-sovereign both blue). Two series with one fill never have colours whose
    luma (:func:`luma`) is closer than :data:`LUMA_MARGIN`, so a grey-scale print tells
    them apart by grey or by fill. Past every colour-fill pair that keeps that rule,
    the first pair not yet taken; past every pair (more than 56 series), pairs repeat.

    Parameters
    ----------
    names : sequence of str
        The series, in the order they are assigned (a name repeated keeps its style).

    Returns
    -------
    dict
        Name -> ``(colour "#RRGGBB", plotly pattern shape)``; ``""`` is plain.

    Examples
    --------
    >>> s = series_styles(["a", "b", "c"])
    >>> s["a"], s["b"], s["c"]
    (('#0072B2', ''), ('#E69F00', ''), ('#F0E442', ''))
    """
    from tigris.viz.style import SERIES

    out: dict[str, tuple[str, str]] = {}
    uses = dict.fromkeys(SERIES, 0)
    pairs = [(c, p) for p in SERIES_PATTERNS for c in SERIES]
    for name in dict.fromkeys(names):
        taken = set(out.values())
        free = [x for x in pairs if x not in taken]

        def readable(pair: tuple[str, str], taken: set = taken) -> bool:
            c, p = pair
            return all(abs(luma(c) - luma(c2)) >= LUMA_MARGIN for c2, p2 in taken if p2 == p)

        # the least-used colour first, then the plainest fill, then the palette's order
        ranked = sorted(
            free,
            key=lambda x: (uses[x[0]], SERIES_PATTERNS.index(x[1]), SERIES.index(x[0])),
        )
        pick = next((x for x in ranked if readable(x)), ranked[0] if ranked else None)
        if pick is None:  # every pair taken: repeat them in order
            pick = pairs[len(out) % len(pairs)]
        out[name] = pick
        uses[pick[0]] += 1
    return out


def greyscale_pattern(key: str, name: str) -> str:
    """Plotly pattern shape of trace ``name`` of figure ``key`` (``""``: plain).

    Parameters
    ----------
    key : str
        Figure key (``supply``, ``schedule``, ...).
    name : str
        Trace (legend) name.

    Returns
    -------
    str
        The trace's plotly pattern shape in :data:`GREYSCALE_PATTERNS` (``/``, ``xx``,
        ``.`` ...), or ``""`` for a trace without one.

    Examples
    --------
    >>> greyscale_pattern("supply", "investor new"), greyscale_pattern("supply", "x")
    ('/', '')
    """
    return GREYSCALE_PATTERNS.get(key, {}).get(name, "")


#: Legend name of the demand line of the supply figure (as in the demand figure).
SUPPLY_DEMAND = "demand: total"
#: Legend name of the one bar of a run without the split by source.
SUPPLY_UNSPLIT = "served: all sources"

#: Words for large numbers on an axis, largest first (unit conversion).
MAGNITUDES = ((1e9, "billion"), (1e6, "million"), (1e3, "thousand"))

YEAR_LABEL = "Year"
#: The demand figure's bars reach the demand (delivered + unmet): the axis is "compute",
#: not "compute delivered".
COMPUTE_QUANTITY = "Compute"
COMPUTE_LABEL = axis_label(COMPUTE_QUANTITY, "H100e")
#: The supply figure's second panel: the stack alone, on its own scale.
SUPPLY_ALONE_QUANTITY = "Compute delivered"
CAPEX_LABEL = axis_label("Capex paid in the year", "billion USD")
CUMULATIVE_LABEL = axis_label("Investors' capital, to date", "billion USD")
#: Legend name of the cumulative capital released by all investors.
RELEASED_CUMULATIVE = "released, cumulative"
#: The capex figure's legend title: one entry per source serves both panels (a source
#: is named once, by its "drawn" bar if it has one, else by its "paid" bar).
CAPEX_LEGEND_TITLE = "Capital source (same colour and fill in both panels):"
TOOLS_LABEL = axis_label("Scanners to new fabs", "tools per year")
FAB_POWER_LABEL = axis_label("New fabs", "MW")
#: The fleet's facility power needed (``power`` table, world row): every accelerator
#: in service in the world, not what the new fabs make (user test S47 #2).
COMPUTE_POWER_LABEL = axis_label("World compute fleet, facility power", "MW")
#: Legend names of the power figure's two lines.
POWER_FABS = "fabs"
POWER_FLEET = "world compute fleet"
#: What the power figure's fab panel says when the plan builds no fab (its power is 0
#: every year: a flat line on a 0-1 MW axis said nothing).
NO_FAB_BUILT = "no fab built in this plan"


#: The capex figure draws the capital released to date as a line on the bars' axis
#: only up to this many times the tallest bar of capital drawn; beyond it the bars
#: would be flattened under the line (UT-JOURNO #7: $50B drawn of $7,000B offered), so
#: the released capital is written in the panel instead [-] (layout choice).
CAPEX_OFF_SCALE_RATIO = 10.0


@dataclass(frozen=True)
class FigureSpec:
    """What one report figure is.

    Parameters
    ----------
    key : str
        Short name; the HTML div id is ``fig-KEY`` and the PNG ``KEY.png``.
    title : str
        Title shown above the figure.
    caption : str
        One or two sentences on how to read it (at most :data:`CAPTION_MAX_CHARS`).
    notes : str, optional
        What a reader of the figure may want beyond the caption (how it is made, its
        edge cases): the report's "Notes on the figures" section, not under the figure.
    """

    key: str
    title: str
    caption: str
    notes: str = ""

    @property
    def id(self) -> str:
        """HTML element id of the figure (``fig-KEY``)."""
        return f"fig-{self.key}"

    @property
    def png_name(self) -> str:
        """File name of the PNG (``KEY.png``)."""
        return f"{self.key}.png"


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "supply",
        "Supply by source against demand",
        # every layer a run may draw; a run's own caption names only its layers
        # (figure_caption, supply_caption)
        "Compute delivered each year by source, stacked: incumbents' existing, announced, "
        "response (cross-hatched x), the served-share floor (striped -), the investor's "
        "new builds on top (orange, hatched /). Dotted line: demand; the gap above is "
        "unmet. Layers: see Notes.",
        "Each layer is the difference between nested solves of the same scenario "
        "(docs/plan.md). Incumbents' existing capacity is what stands at the end of the "
        "history years (with data-centre power modelled, that power is held flat; where "
        "the fleet delivered before the horizon already fills it, as on the reference, "
        "this layer is what it serves as old parts retire, not what the existing fabs "
        "could make, so it is small in the reference's first years); then their announced "
        "additions, what they build in response (only when the scenario lets them), what "
        "the scenario's served-share floor moves or adds without the investor (only when "
        "it binds), and what the investor's builds add on top. A year a layer is negative "
        "(the floor moving compute to another year) it is drawn as 0 and taken off the "
        "layers beneath it, so the stack is what is served. When demand is more than "
        f"{SUPPLY_ZOOM_RATIO:g} times the tallest stack, a second panel shows the stack on "
        "its own scale. Compute in H100-equivalents delivered in the year.",
    ),
    FigureSpec(
        "demand",
        "Demand vs delivered compute",
        "Compute delivered in each year by demand class (solid), stacked with the most "
        "important class at the bottom; unmet demand shaded on top, so the top of each bar "
        "is the demand. Compute in H100-equivalents of dense BF16 peak FLOP/s delivered in "
        "the year.",
    ),
    FigureSpec(
        "schedule",
        "Build schedule",
        "Construction (grey, dotted) and ramp to full output (orange, plain) of every "
        "build, by site and facility type; a hatched (/) ramp is still ramping at the end "
        "of the horizon.",
        "A grid-connected data centre's grey bar includes its wait for the grid "
        "connection (grid_lead_months, data/grid.csv), its capex paid only once it is "
        "built.",
    ),
    FigureSpec(
        "capex",
        "Investors' capital: drawn to date vs released to date",
        "Left: the investor's capital drawn from each source to date (stacked bars) "
        "against all it released to date (line); the gap is unspent money carried over. "
        "Right: capex paid each year by who pays, subsidies and incumbents included.",
        "A bar never rises above the line. One year's capex may exceed that year's "
        "release because unspent capital carries over. When the capital released to "
        f"date is more than {CAPEX_OFF_SCALE_RATIO:g} times the tallest bar of capital "
        "drawn, a line on the "
        "bars' scale would flatten them (a $7T offer against tens of billions spent): "
        "its numbers are written in the left panel instead, and in the HTML report the "
        "line is in the legend only (a click shows it, above the axis).",
    ),
    FigureSpec(
        "tools",
        "EUV and High-NA scanners",
        "Lithography scanners delivered to new fabs each year (bars) against the supply "
        "available to the plan (lines).",
    ),
    FigureSpec(
        "power",
        "Power of the new fabs and of the world's compute fleet",
        "Electric power drawn by the new fabs (top) and the facility power the world's "
        "whole installed accelerator fleet needs (bottom; IT power × PUE), not only what "
        "the new fabs make, by year; two panels because the second is often a hundred "
        "times the first.",
    ),
    FigureSpec(
        "datacenter",
        "Data-centre power: needed vs online, by region",
        "The facility power the installed accelerator fleet needs (solid) against the "
        "capacity of data centres online (dashed), both a step per year, in GW, the world "
        "first and then each region, each on its own scale; where they are equal the "
        "lines lie on one another.",
        "The need is IT power × PUE of every accelerator still in service, those "
        "delivered before the plan included; the capacity online is existing, announced "
        "and built by the plan. The fleet is placed in regions pro rata to the capacity "
        "online there, so a region's lines meet where power binds.",
    ),
    FigureSpec(
        "sites",
        "Sites by capacity built",
        "Capacity built over the plan per site, largest first, stacked by facility type; "
        "capacities in different units are ranked in separate panels.",
    ),
    FigureSpec(
        "cashflow",
        "The investor's cash flows by year",
        "The investor's money of each year, undiscounted: capex, variable cost, fixed opex "
        "and tax below zero, revenue and salvage above; the line is the cumulative net "
        "cash flow, so payback is where it crosses zero.",
        "Revenue is finished wafers, and the capacity of data centres leased, sold at "
        "market prices; salvage is the book value of what was built, counted the year "
        "after the horizon.",
    ),
    FigureSpec(
        "shadow",
        "Shadow prices by year",
        "What one more unit of each scarce resource would be worth to the objective, in "
        "USD of the scenario's currency year (undiscounted), on a log scale; dashed lines "
        "with open markers are bounds "
        "(the LP relaxation's dual), solid ones the plan's own value.",
        "The resources: a wafer of a node, a CoWoS wafer, a GB of HBM, an EUV scanner, a "
        "MW at a site, a dollar of capital. A resource worth $0 that year is not drawn "
        "(a log scale has no 0).",
    ),
)


def magnitude(peak: float) -> tuple[float, str]:
    """Divisor and word to write numbers up to ``peak`` short (``2e8`` -> 200 million).

    Parameters
    ----------
    peak : float
        Largest absolute value on the axis [any unit].

    Returns
    -------
    tuple of (float, str)
        The divisor (1e9, 1e6, 1e3 or 1.0) and its word (``billion``, ``million``,
        ``thousand`` or ``""``).

    Examples
    --------
    >>> magnitude(2.0e8), magnitude(950.0)
    ((1000000.0, 'million'), (1.0, ''))
    """
    for div, word in MAGNITUDES:
        if abs(peak) >= div:
            return div, word
    return 1.0, ""


def supply_colour(source: str, i: int = 0) -> str:
    """Colour of a source of supply (:data:`SUPPLY_COLOURS`; another source takes the
    ``i``-th series colour).

    Parameters
    ----------
    source : str
        ``source`` of the ``supply_by_source`` table.
    i : int, optional
        Its position among the sources drawn [-].

    Returns
    -------
    str
        A ``#RRGGBB`` colour.

    Examples
    --------
    >>> supply_colour("investor new") == PALETTE["orange"]
    True
    """
    return SUPPLY_COLOURS.get(source, series_colour(i))


def figure_spec(key: str) -> FigureSpec:
    """The spec of figure ``key``.

    Parameters
    ----------
    key : str
        One of ``supply, demand, schedule, capex, tools, power, datacenter, sites,
        cashflow, shadow``.

    Returns
    -------
    FigureSpec
        The spec of :data:`FIGURES` with that key.

    Raises
    ------
    KeyError
        An unknown ``key`` (the message lists the known ones).

    Examples
    --------
    >>> figure_spec("capex").id
    'fig-capex'
    """
    for spec in FIGURES:
        if spec.key == key:
            return spec
    msg = f"no report figure '{key}'; known: {', '.join(s.key for s in FIGURES)}"
    raise KeyError(msg)


#: The data-centre figure's caption where the run models no data-centre power: its
#: scenario has no ``datacenter`` facility type (or the run was saved before tigris
#: modelled it), so there is no capacity online to draw (user test 2026-12-05).
DATACENTER_NOT_MODELLED = (
    "The facility power the installed accelerator fleet needs, in GW, the world first "
    "and then each region. This run models no data-centre capacity (its scenario has no "
    "'datacenter' facility type), so nothing limits the fleet's power and no capacity "
    "online is drawn."
)


def datacenter_modelled(r: ReportTables) -> bool:
    """Whether the run had a data-centre power pool: its ``power`` table's
    ``datacenter_mw_online`` is not NaN in every row (True where the table cannot tell,
    :func:`tigris.plan.result.datacenter_power_modelled`).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    bool
        False only when the ``power`` table has rows and a ``datacenter_mw_online``
        that is NaN in every one.
    """
    from tigris.plan.result import datacenter_power_modelled

    return datacenter_power_modelled(r.power)


#: How a caption names each layer of the supply figure, bottom of the stack first, and
#: the words for its fill (:data:`GREYSCALE_PATTERNS`); a layer not listed is named as
#: its legend reads.
SUPPLY_LAYER_WORDS = {
    "incumbent existing": "incumbents' existing",
    "incumbent announced": "announced",
    "incumbent response": "response",
    "served-share floor": "the served-share floor",
    "investor new": "the investor's new builds on top",
}
#: Words for a plotly pattern shape of :data:`GREYSCALE_PATTERNS` in a caption.
PATTERN_WORDS = {"/": "hatched /", "x": "cross-hatched x", "-": "striped -", ".": "dotted"}
#: Extra words before a layer's fill: the investor's layer is the one named by colour.
_LAYER_COLOUR_WORDS = {"investor new": "orange"}
#: The supply caption's tail, after its layers.
_SUPPLY_TAIL = " Dotted line: demand; the gap above is unmet. Layers: see Notes."
#: The supply caption of a run without the split by source.
SUPPLY_UNSPLIT_CAPTION = (
    "Compute served each year, all sources together (this run has no split by source). "
    "Dotted line: demand; the gap above is unmet."
)


def supply_caption(layers: Sequence[str]) -> str:
    """The supply figure's caption naming only the layers drawn, with their fills.

    Parameters
    ----------
    layers : sequence of str
        The sources drawn, bottom of the stack first (the keys of
        :func:`tigris.report.frames.supply_layers`).

    Returns
    -------
    str
        The caption (user test S47 #6: the reference's caption named a response layer
        and a served-share floor it did not draw).

    Examples
    --------
    >>> c = supply_caption(["incumbent existing", "investor new"])
    >>> "(orange, hatched /)" in c, "response" in c, "floor" in c
    (True, False, False)
    """
    if list(layers) == [SUPPLY_UNSPLIT]:
        return SUPPLY_UNSPLIT_CAPTION
    parts = []
    for name in layers:
        shape = greyscale_pattern("supply", name)
        marks = [w for w in (_LAYER_COLOUR_WORDS.get(name, ""), PATTERN_WORDS.get(shape, "")) if w]
        words = SUPPLY_LAYER_WORDS.get(name, name)
        parts.append(f"{words} ({', '.join(marks)})" if marks else words)
    return f"Compute delivered each year by source, stacked: {', '.join(parts)}.{_SUPPLY_TAIL}"


def figure_caption(spec: FigureSpec, r: ReportTables) -> str:
    """The caption of figure ``spec`` for the run ``r``: the spec's, except the
    data-centre figure of a run that models no data-centre power
    (:data:`DATACENTER_NOT_MODELLED`), the supply figure, whose caption names only
    the layers the run draws (:func:`supply_caption`), and the cash flows, whose
    terminal row is named by the run's convention
    (:func:`tigris.report.money.cashflow_caption`), in the HTML and PNG alike.

    Parameters
    ----------
    spec : FigureSpec
        The figure (one of :data:`FIGURES`).
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The caption, as written under the figure.
    """
    if spec.key == "cashflow":
        from tigris.report.money import cashflow_caption

        return cashflow_caption(r)
    if spec.key == "datacenter" and not datacenter_modelled(r):
        return DATACENTER_NOT_MODELLED
    if spec.key == "supply":
        from tigris.report import frames

        years = frames.year_range(r.horizon)
        layers, _, _ = frames.supply_layers(r.supply_by_source, r.demand, years, SUPPLY_UNSPLIT)
        return supply_caption(list(layers))
    return spec.caption


def figure_notes(spec: FigureSpec, r: ReportTables) -> str:
    """The notes of figure ``spec`` for the run ``r``: the spec's, except the cash
    flows', which say what the row after the horizon holds by the run's convention
    (:func:`tigris.report.money.cashflow_notes`; user test s47 report #2: "salvage is
    the book value" under ``finance.terminal_value: going_concern``).

    Parameters
    ----------
    spec : FigureSpec
        The figure (one of :data:`FIGURES`).
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str
        The notes (``""`` for a figure without any).
    """
    if spec.key == "cashflow":
        from tigris.report.money import cashflow_notes

        return cashflow_notes(r)
    return spec.notes


def tool_label(tool: str) -> str:
    """Legend label of a tool type.

    Parameters
    ----------
    tool : str
        Tool type from the ``tools`` table.

    Returns
    -------
    str
        Its label of :data:`TOOL_LABELS`, or ``tool`` itself.

    Examples
    --------
    >>> tool_label("high_na"), tool_label("duv")
    ('High-NA', 'duv')
    """
    return TOOL_LABELS.get(tool, tool)


def unit_label(unit: str) -> str:
    """Axis label of a capacity unit.

    Parameters
    ----------
    unit : str
        ``capacity_unit`` from the ``builds`` table.

    Returns
    -------
    str
        Its words of :data:`UNIT_LABELS`, or ``unit`` itself.

    Examples
    --------
    >>> unit_label("wspm")
    'wafer starts per month'
    """
    return UNIT_LABELS.get(unit, unit)


def trace_name(kind: str, what: str) -> str:
    """A legend entry ``kind: what`` (plain ASCII so it is searchable in the HTML).

    Parameters
    ----------
    kind : str
        ``served``, ``unmet``, ``used``, ``supply``, ...
    what : str
        The class or tool.

    Returns
    -------
    str
        ``kind: what``.

    Examples
    --------
    >>> trace_name("unmet", "inference")
    'unmet: inference'
    """
    return f"{kind}: {what}"


#: Heading of the report's notes on the figures (HTML section ``notes``; the PNG set's
#: text page ``notes.png``, :data:`tigris.report.png_pages.PAGES`).
NOTES_HEADING = "Notes on the figures"
#: Longest figure caption [characters]: three lines of a PNG's caption (89 characters
#: a line at the house small font on a 7-inch figure, :func:`tigris.viz.style.wrap_chars`);
#: the rest of what a reader may want goes to the figure's ``notes`` (UT-JOURNO #7).
CAPTION_MAX_CHARS = 3 * 89
#: Colour and opacity of the band over the projected years of a demand line [-]
#: (layout choice: light enough that the bars read through it).
PROJECTION_COLOUR = PALETTE["grey"]
PROJECTION_ALPHA = 0.15

#: The assumptions rows that say where demand comes from, as
#: :func:`tigris.plan.assemble._demand` writes them: the calibrated total (its source is
#: :func:`tigris.world.demand.calibration_sources`), a class's share of it, a workload.
_CALIBRATED_ROW = "demand: calibrated total"
_SHARE_ROW = re.compile(r"^demand (?P<name>.+): calibrated share$")
_WORKLOAD_ROW = re.compile(r"^demand (?P<name>.+): workload \d+ \((train|infer)\)$")
#: ``history 2022-2025: ...`` and ``; the scenario's demand_forecast sets spend_usd``
#: in the calibrated total's source.
_HISTORY = re.compile(r"history (\d{4})-(\d{4})")
_FORECAST_SET = re.compile(r"the scenario's demand_forecast sets .+$")


@dataclass(frozen=True)
class DemandBasis:
    """Where a run's demand comes from, as its assumptions table states it.

    Attributes
    ----------
    text : str
        For a footer: ``published shipments to 2025, tigris projection from 2026 (AI
        spending x price-performance, data/demand_growth.csv)``, or ``the scenario's
        own map``, or one part per group of classes.
    projection_from : int or None
        The first year whose demand is a projection [year]: the first planning year, or
        the first year after the published history if later; None when the run has
        no demand.
    """

    text: str
    projection_from: int | None


def _own_forecast(source: str) -> bool:
    """Whether the calibrated demand's ``source`` (its assumptions row) has forecast
    parameters other than the data's central case: a scenario's ``demand_forecast``
    that only restates the table (the reference, for its distributions) is not named.
    """
    if not _FORECAST_SET.search(source):
        return False
    from tigris.world.demand import calibration_sources

    used = _FORECAST_SET.split(source)[0].rstrip("; ")
    return used != calibration_sources(None)


def _names(names: list[str]) -> str:
    return ", ".join(names)


def demand_basis(r: ReportTables) -> DemandBasis:
    """Where the demand of ``r`` comes from: published history, the tigris projection
    or the scenario's own numbers (UT-JOURNO #7).

    Read from the run's assumptions (the rows :func:`tigris.plan.assemble._demand`
    writes), so a saved run says what it was made with: a class with
    ``calibrated_share`` takes its share of the demand calibrated on published
    shipments, history to the last year of ``accelerator_shipments.csv`` and then AI
    spending x compute per dollar (``data/demand_growth.csv``, docs/plan.md, "Demand
    calibrated on history"); any other class is the scenario's own map (or its
    workloads).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    DemandBasis
        The footer's words and the first projected year.
    """
    a = r.assumptions
    params = [str(p) for p in a["parameter"]] if "parameter" in a.columns else []
    sources = [str(s) for s in a["source"]] if "source" in a.columns else [""] * len(params)
    classes = list(dict.fromkeys(str(c) for c in r.demand.get("demand_class", [])))
    first = int(r.horizon[0])
    if not classes:
        return DemandBasis("none in this run", None)
    calibrated_source = next(
        (s for p, s in zip(params, sources, strict=True) if p == _CALIBRATED_ROW), None
    )
    shares = {m["name"] for p in params if (m := _SHARE_ROW.match(p))}
    workloads = {m["name"] for p in params if (m := _WORKLOAD_ROW.match(p))}
    parts = []
    projection_from = first
    if calibrated_source is not None:
        hist = _HISTORY.search(calibrated_source)
        if hist is None:  # a run saved before the source said so: the data's history
            from tigris.world.demand import history_years

            last = history_years()[-1]
        else:
            last = int(hist.group(2))
        projection_from = max(first, last + 1)
        method = "AI spending x price-performance, data/demand_growth.csv"
        if _own_forecast(calibrated_source):
            method += ", with the scenario's own demand_forecast (see the assumptions)"
        words = (
            f"published shipments to {last}, tigris projection from {projection_from} ({method})"
        )
        mine = [c for c in classes if c in shares]
        rest = [c for c in classes if c not in shares]
        parts.append(words if not rest else f"{_names(mine)}: {words}")
    else:
        rest = classes
    if rest:
        by_workload = [c for c in rest if c in workloads]
        words = "the scenario's own map" + (" and workloads" if by_workload else "")
        parts.append(words if calibrated_source is None else f"{_names(rest)}: {words}")
    return DemandBasis("; ".join(parts), projection_from)


def source_line(r: ReportTables, version: str) -> str:
    """A figure's source line: what made it and where its demand comes from.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result; its scenario name says ``(edited: ...)`` for a
        ``--set`` run (:func:`tigris.scenario.edit.set_paths`).
    version : str
        The tigris version that drew the figure.

    Returns
    -------
    str
        ``Source: tigris 0.1.0, scenario 'reference'; demand: ...``
        (:func:`demand_basis`).
    """
    return (
        f"Source: tigris {version}, scenario '{r.scenario_name}'{run_options(r)}; "
        f"demand: {demand_basis(r).text}"
    )


#: The figures drawn for a run without a plan: demand is an input (the others draw
#: what a plan builds, spends, powers and makes).
NO_PLAN_FIGURES = frozenset({"demand"})


def no_plan_text(r: ReportTables) -> str | None:
    """What a figure of a run without a plan shows instead of zeros, or None when the
    run has a plan (user test 2026-12-07, report reader #4: an infeasible run's power
    figure drew the fleet at 0 MW, its cash flows six swatches on an empty axis).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    str or None
        ``No plan in this run (solver status: infeasible): nothing to draw; what
        binds says why.``
    """
    from tigris.report.headline import has_plan

    if has_plan(r):
        return None
    return f"No plan in this run (solver status: {r.status}): nothing to draw; what binds says why."


def run_options(r: ReportTables) -> str:
    """What changes a plan's answer that its result records, in parentheses after the
    scenario's name: ``" (objective npv)"`` (from ``--objective`` or the file), ``"
    (--relax)"``; ``""`` for a plan of the default objective, solved whole.

    A figure or title of a ``--objective npv`` or ``--relax`` run read as the default
    plan's (user test 2026-12-07, report reader #2: the same title and source line).

    Parameters
    ----------
    r : ReportTables
        The normalised plan result (``objective``, ``relaxed``).

    Returns
    -------
    str
        The flags, or ``""``.
    """
    flags = []
    if r.objective != "serve":  # from --objective or the file's objective: no flag named
        flags.append(f"objective {r.objective}")
    if r.relaxed:
        flags.append("--relax")
    return f" ({', '.join(flags)})" if flags else ""


def projection_name(year: int) -> str:
    """Legend name of the band over the projected years of a demand line.

    Parameters
    ----------
    year : int
        The first projected year (:attr:`DemandBasis.projection_from`).

    Returns
    -------
    str
        ``projection: YEAR on``.

    Examples
    --------
    >>> projection_name(2026)
    'projection: 2026 on'
    """
    return trace_name("projection", f"{year} on")


def released_off_scale(released_usd: Sequence[float], drawn_peak_usd: float) -> bool:
    """Whether the capital released to date is too large to share the drawn bars' axis.

    Parameters
    ----------
    released_usd : sequence of float
        Capital released to date by year, all investors [USD].
    drawn_peak_usd : float
        The tallest bar of capital drawn to date [USD].

    Returns
    -------
    bool
        True when the largest release is positive and more than
        :data:`CAPEX_OFF_SCALE_RATIO` times ``drawn_peak_usd``.

    Examples
    --------
    >>> released_off_scale([7e12, 7e12], 5.03e10), released_off_scale([1e11], 5e10)
    (True, False)
    """
    top = max((float(x) for x in released_usd), default=0.0)
    return top > 0.0 and top > CAPEX_OFF_SCALE_RATIO * drawn_peak_usd


def released_note(
    years: Sequence[int], released_usd: Sequence[float], drawn_peak_usd: float
) -> str:
    """What the capex figure writes instead of an off-scale released-capital line.

    Parameters
    ----------
    years : sequence of int
        The plan's years [year].
    released_usd : sequence of float
        Capital released to date by year, all investors [USD].
    drawn_peak_usd : float
        The tallest bar of capital drawn to date [USD].

    Returns
    -------
    str
        Three lines: a heading, the release in the first and last years [US$], and its
        peak as a multiple of the tallest bar (or ``nothing drawn``).

    Examples
    --------
    >>> print(released_note([2026, 2035], [7e12, 7.0e12], 5.03e10))
    Capital released to date, off this scale:
    $7,000B in 2026 to $7,000B in 2035,
    139x the tallest bar ($50.3B drawn)
    """
    from tigris.fmt import money

    first, last = float(released_usd[0]), float(released_usd[-1])
    top = max(float(x) for x in released_usd)
    ratio = (
        f"{top / drawn_peak_usd:,.0f}x the tallest bar ({money(drawn_peak_usd)} drawn)"
        if drawn_peak_usd > 0
        else "nothing drawn"
    )
    # three short lines: the note sits in the narrow left panel
    return (
        "Capital released to date, off this scale:\n"
        f"{money(first)} in {years[0]} to {money(last)} in {years[-1]},\n{ratio}"
    )
