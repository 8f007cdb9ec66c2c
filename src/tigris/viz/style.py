"""The tigris look, shared by the wafer map, the fab timeline and the plan report.

Use :func:`new_figure` for every matplotlib figure, :func:`plotly_layout` for every plotly
figure, and :data:`PALETTE` / :data:`SEMANTIC` for colours, so that a PNG for a paper
and the interactive HTML report look the same: same palette (colour-blind safe), same
font, same grid, same meaning for a colour (red is always "short", grey always
"construction") and axis titles written ``quantity [unit]`` by :func:`axis_label`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = [
    "BAD",
    "BAD_DARK",
    "DPI",
    "EDGE_WIDTH",
    "FIG_HEIGHT_IN",
    "FIG_WIDTH_IN",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GOOD",
    "GOOD_DARK",
    "GRID_COLOUR",
    "HEADROOM",
    "HOVER_DIGITS",
    "HOVER_FORMAT",
    "LINE_WIDTH",
    "MARKER_SIZE",
    "MUTED_TEXT",
    "PALETTE",
    "PARTIAL",
    "PLOTLY_HEIGHT",
    "PLOTLY_LINE_WIDTH",
    "PLOTLY_MARGIN",
    "PLOTLY_TEMPLATE",
    "PLOTLY_TICK_SIZE",
    "ROW_HEIGHT_IN",
    "ROW_HEIGHT_PX",
    "SEMANTIC",
    "SERIES",
    "SHADE_ALPHA",
    "SHADE_HATCH",
    "SHADE_PATTERN",
    "SMALL_FONT_SIZE",
    "TITLE_FONT_SIZE",
    "axis_label",
    "figure_caption",
    "figure_legend",
    "figure_title",
    "headroom_top",
    "hover_template",
    "new_figure",
    "plotly_layout",
    "save_png",
    "series_colour",
    "style_axes",
    "twin_axis",
    "wrap_chars",
    "wrap_label",
]

#: Colour-blind-safe categorical palette (Okabe & Ito 2008, "Color Universal Design").
PALETTE: dict[str, str] = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "red": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "grey": "#999999",
    "black": "#000000",
}
#: Semantic colours: what a colour means is the same in every figure.
GOOD = PALETTE["green"]
BAD = PALETTE["red"]
PARTIAL = "#D9D9D9"
#: The same meanings as backgrounds of white text, darkened to WCAG 2.1 AA contrast
#: (4.5:1): white on the palette's green and vermilion is 3.4:1 and 3.9:1 (a review
#: of the report's accessibility, 2026-12-07).
GOOD_DARK = "#007A5E"
BAD_DARK = "#B34700"
#: Muted text on white at AA contrast (7.0:1; #777 was 4.48:1).
MUTED_TEXT = "#595959"
FONT_FAMILY = "DejaVu Sans"
#: Base font size [pt] (matplotlib) and [px] (plotly).
FONT_SIZE = 11
GRID_COLOUR = "#EEEEEE"
#: Default figure size [inch] and PNG resolution [dots per inch].
FIG_WIDTH_IN = 7.0
FIG_HEIGHT_IN = 4.5
DPI = 150
#: Line width [pt], marker size [pt] and bar edge width [pt] of matplotlib figures.
LINE_WIDTH = 2.0
MARKER_SIZE = 3.0
EDGE_WIDTH = 0.5
#: Font sizes of legends and tick labels, and of titles, in matplotlib [pt].
SMALL_FONT_SIZE = FONT_SIZE - 2
TITLE_FONT_SIZE = FONT_SIZE + 1
#: Line width [px] and size of a "supply" tick marker [px] in plotly figures.
PLOTLY_LINE_WIDTH = 3
PLOTLY_TICK_SIZE = 14
#: Plotly figure margins [px] and height [px].
PLOTLY_MARGIN = {"l": 70, "r": 20, "t": 50, "b": 40}
PLOTLY_HEIGHT = 420
#: Room left above the tallest bar or line of a chart, as a fraction of its height, so
#: nothing touches the frame (layout choice) [-].
HEADROOM = 0.08
#: Legend columns under a figure; one fewer when a label is longer than
#: LEGEND_LONG_LABEL [characters] (layout choice).
LEGEND_COLUMNS = 3
LEGEND_LONG_LABEL = 24
#: Left edge of a figure title [figure fraction].
TITLE_X = 0.02
#: Average width of a character of the house font, as a fraction of its size (DejaVu
#: Sans runs ~0.55 em; a little more so wrapped text never overruns) [em] (layout choice).
CHAR_WIDTH_EM = 0.6
#: Points in one inch (unit conversion) [pt/inch].
POINTS_PER_INCH = 72.0
#: Caption text colour (a mid grey, as the HTML captions).
CAPTION_COLOUR = "#555555"
#: Line height of a caption as a multiple of its font size [-] (layout choice).
CAPTION_LINE_SPACING = 1.3
#: Gap between a figure legend and the plot above it [inch] (layout choice).
LEGEND_GAP_IN = 0.1
#: Room around a PNG saved with its caption, beyond the drawn content [inch].
CAPTION_PAD_IN = 0.12
#: Height of one row of a bar-per-row chart (Gantt, ranking) [px] and [inch].
ROW_HEIGHT_PX = 26
ROW_HEIGHT_IN = 0.3

#: Order used for categorical series.
SERIES = [PALETTE[k] for k in ("blue", "orange", "green", "red", "purple", "sky", "yellow")]

#: Colours with a fixed meaning across figures.
SEMANTIC: dict[str, str] = {
    "unmet": BAD,
    "served": GOOD,
    "construction": PALETTE["grey"],
    "ramp": PALETTE["orange"],
    "supply": PALETTE["black"],
    "available": PALETTE["black"],
    "fab": PALETTE["purple"],
    "compute": PALETTE["blue"],
}
#: How a shortfall is shaded: matplotlib hatch, plotly pattern shape, and fill opacity [-].
SHADE_HATCH = "///"
SHADE_PATTERN = "/"
SHADE_ALPHA = 0.45

PLOTLY_TEMPLATE: dict[str, Any] = {
    "layout": {
        "font": {"family": FONT_FAMILY, "size": FONT_SIZE + 2},
        "colorway": SERIES,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"showgrid": True, "gridcolor": GRID_COLOUR, "zeroline": False},
        "yaxis": {"showgrid": True, "gridcolor": GRID_COLOUR, "zeroline": False},
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.18, "x": 0},
        "hovermode": "closest",
    }
}


#: Significant digits of a value in a plotly hover label (d3-format ``r`` with ``~``:
#: trailing zeros trimmed; display choice: the tables keep the full numbers).
HOVER_DIGITS = 3
#: The d3-format of a hover value: thousands separators, :data:`HOVER_DIGITS`
#: significant digits, trailing zeros trimmed.
HOVER_FORMAT = f",.{HOVER_DIGITS}~r"


def hover_template(name: str, unit: str, value: str = "y", label: str = "%{x}") -> str:
    """A plotly ``hovertemplate``: the trace's full name, the point's label (its year)
    and its value to :data:`HOVER_DIGITS` significant digits with thousands separators,
    in ``unit`` (the axis's), with no side box (plotly's default cut names to 15
    characters and showed every digit without a unit: user test S47 #3).

    Parameters
    ----------
    name : str
        The trace's name (escaped for plotly's HTML subset).
    unit : str
        The value's unit, as the axis title gives it.
    value : str, optional
        The point variable holding the value: ``y`` (default), ``x`` for horizontal
        bars, ``customdata`` ...
    label : str, optional
        What the value is of: default the year, ``%{x}``.

    Returns
    -------
    str
        The template, e.g. ``<b>NAME</b><br>%{x}: %{y:,.3~r} UNIT<extra></extra>``.

    Examples
    --------
    >>> hover_template("incumbent existing", "H100e")
    '<b>incumbent existing</b><br>%{x}: %{y:,.3~r} H100e<extra></extra>'
    """
    import html

    shown = html.escape(name, quote=False)
    return f"<b>{shown}</b><br>{label}: %{{{value}:{HOVER_FORMAT}}} {unit}<extra></extra>"


def series_colour(i: int) -> str:
    """Colour of the ``i``-th categorical series (cycles through :data:`SERIES`).

    Parameters
    ----------
    i : int
        Position of the series [-].

    Returns
    -------
    str
        A hex colour (``#RRGGBB``) of :data:`SERIES`, ``i`` taken modulo its length.

    Examples
    --------
    >>> series_colour(0) == PALETTE["blue"], series_colour(len(SERIES)) == PALETTE["blue"]
    (True, True)
    """
    return SERIES[i % len(SERIES)]


def axis_label(quantity: str, unit: str = "") -> str:
    """An axis title in the house form ``quantity [unit]``.

    Parameters
    ----------
    quantity : str
        What is plotted, in words.
    unit : str, optional
        Its unit; empty for a pure number.

    Returns
    -------
    str
        ``quantity [unit]``, or ``quantity`` alone when ``unit`` is empty.

    Examples
    --------
    >>> axis_label("Power", "MW")
    'Power [MW]'
    >>> axis_label("Share")
    'Share'
    """
    return f"{quantity} [{unit}]" if unit else quantity


def plotly_layout(title: str = "", x_title: str = "", y_title: str = "", **extra: Any) -> dict:
    """Layout keywords for ``go.Figure.update_layout`` in the tigris look.

    Parameters
    ----------
    title : str, optional
        Figure title.
    x_title, y_title : str, optional
        Axis titles, best built with :func:`axis_label`.
    **extra
        Any other layout keyword; wins over the defaults.

    Returns
    -------
    dict
        Keywords for ``update_layout``: the house template, left-aligned title, axis
        titles, margins [px] and height [px], updated with ``extra``.

    Examples
    --------
    >>> plotly_layout("Power", "Year", "Power [MW]")["yaxis"]["title"]["text"]
    'Power [MW]'
    """
    layout: dict[str, Any] = {
        "template": PLOTLY_TEMPLATE,
        "title": {"text": title, "x": 0, "xanchor": "left"},
        "xaxis": {"title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "margin": dict(PLOTLY_MARGIN),
        "height": PLOTLY_HEIGHT,
    }
    layout.update(extra)
    return layout


def new_figure(
    width_in: float = FIG_WIDTH_IN, height_in: float = FIG_HEIGHT_IN, **kwargs: Any
) -> tuple[Any, Any]:
    """Create a matplotlib figure and axes in the tigris look (Agg backend, no display).

    Parameters
    ----------
    width_in, height_in : float
        Figure size [inch].
    **kwargs
        Passed to ``Figure.subplots``.

    Returns
    -------
    fig, ax : matplotlib Figure and Axes (or array of Axes)
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in, height_in), dpi=100, layout="constrained")
    ax = fig.subplots(**kwargs)
    for a in ax.flat if hasattr(ax, "flat") else [ax]:
        style_axes(a)
    return fig, ax


def style_axes(ax: Any, grid: bool = True) -> None:
    """Give matplotlib axes the tigris look: palette, no top/right frame, light grid.

    Parameters
    ----------
    ax : matplotlib Axes
        The axes.
    grid : bool, optional
        Draw the grid (off for a second y axis, whose grid would double the first's).
    """
    ax.set_prop_cycle(color=SERIES)
    ax.spines[["top", "right"]].set_visible(False)
    if grid:
        ax.grid(True, color=GRID_COLOUR, linewidth=0.8)
    else:
        ax.grid(False)
    ax.set_axisbelow(True)
    ax.tick_params(labelsize=SMALL_FONT_SIZE)
    ax.xaxis.label.set_fontsize(FONT_SIZE)
    ax.yaxis.label.set_fontsize(FONT_SIZE)
    ax.title.set_fontsize(TITLE_FONT_SIZE)
    ax.title.set_fontfamily(FONT_FAMILY)


def twin_axis(ax: Any) -> Any:
    """A second y axis on the right of ``ax`` (``twinx``) in the tigris look.

    Same tick and label sizes as ``ax``; its own right spine, no top spine and no grid.

    Parameters
    ----------
    ax : matplotlib Axes
        The axes to share x with.

    Returns
    -------
    matplotlib Axes
    """
    ax2 = ax.twinx()
    style_axes(ax2, grid=False)
    ax2.spines["right"].set_visible(True)
    ax2.spines[["top", "left", "bottom"]].set_visible(False)
    return ax2


def figure_title(fig: Any, text: str) -> None:
    """Title of a matplotlib figure, left-aligned above all its panels.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    text : str
        The title.
    """
    # "$3.05B ... US$ of 2020" is money, not TeX: two "$" made the text between them
    # math, drawn without its spaces (review of s49)
    fig.suptitle(text, fontsize=TITLE_FONT_SIZE, x=TITLE_X, ha="left", parse_math=False)


def figure_legend(fig: Any, order: list[str] | None = None, title: str = "") -> None:
    """One legend for the whole figure, under its axes, so it never hides data.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure; entries of all its axes are gathered once each.
    order : list of str, optional
        Labels in the order the legend lists them (a stack from the bottom, say);
        labels not in it follow, as drawn. Default: as matplotlib gathers them (lines
        before bars).
    title : str, optional
        A line above the entries (what they name), left-aligned.
    """
    handles, labels, seen = [], [], set()
    for ax in fig.axes:
        for h, lab in zip(*ax.get_legend_handles_labels(), strict=True):
            if lab not in seen:
                seen.add(lab)
                handles.append(h)
                labels.append(lab)
    if order:
        rank = {lab: i for i, lab in enumerate(order)}
        pairs = sorted(zip(handles, labels, strict=True), key=lambda x: rank.get(x[1], len(rank)))
        handles, labels = [h for h, _ in pairs], [lab for _, lab in pairs]
    if handles:
        long = max(len(lab) for lab in labels) > LEGEND_LONG_LABEL
        fig.legend(
            handles,
            labels,
            loc="outside lower left",
            frameon=False,
            ncols=LEGEND_COLUMNS - 1 if long else LEGEND_COLUMNS,
            fontsize=SMALL_FONT_SIZE,
            title=title or None,
            title_fontsize=SMALL_FONT_SIZE,
            alignment="left",
        )


def wrap_chars(width_in: float, font_size: float = SMALL_FONT_SIZE) -> int:
    """How many characters of the house font fit on a line ``width_in`` wide.

    Parameters
    ----------
    width_in : float
        Line width [inch].
    font_size : float, optional
        Font size [pt].

    Returns
    -------
    int
        Characters per line [characters], at least 1.

    Examples
    --------
    >>> wrap_chars(7.0, 9.0)
    93
    """
    return max(1, int(width_in * POINTS_PER_INCH / (CHAR_WIDTH_EM * font_size)))


def wrap_label(label: str, chars: int) -> str:
    """An axis title ``quantity [unit]`` in lines of at most ``chars`` characters, the
    unit kept whole (a long y title ran past its axis and was cut: "...net cash flow
    [billion"; user test S47 #5).

    Parameters
    ----------
    label : str
        The title (:func:`axis_label`).
    chars : int
        Longest line [characters] (:func:`wrap_chars` of the room along the axis).

    Returns
    -------
    str
        The lines, joined by newlines (plotly: replace them by ``<br>``).

    Examples
    --------
    >>> print(wrap_label("Investor's cumulative discounted net cash flow [billion USD]", 34))
    Investor's cumulative discounted
    net cash flow [billion USD]
    """
    import textwrap

    words, sep, unit = label.partition(" [")
    # the unit is one token: a line never breaks inside it
    whole = words.split() + ([f"[{unit}".replace(" ", NBSP)] if sep else [])
    lines = textwrap.wrap(" ".join(whole), max(chars, 1)) or [label]
    return "\n".join(lines).replace(NBSP, " ")


#: A no-break space: holds a unit's words together while a title is wrapped.
NBSP = "\u00a0"


def figure_caption(fig: Any, text: str, footer: str = "") -> None:
    """Write a caption (and a footer line) under a matplotlib figure, in the figure.

    The text hangs below the figure's bottom edge; :func:`save_png` with
    ``tight=True`` grows the image to hold it, so a PNG that travels alone still says
    how to read it and where it came from.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    text : str
        Caption, wrapped to the figure's width.
    footer : str, optional
        One more line under the caption (provenance), in a smaller font.
    """
    import textwrap

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    width_in = fig.get_figwidth() * (1.0 - 2.0 * TITLE_X)
    lines = textwrap.wrap(text, wrap_chars(width_in, SMALL_FONT_SIZE))
    if footer:
        lines += ["", *textwrap.wrap(footer, wrap_chars(width_in, SMALL_FONT_SIZE))]
    # grow the figure by the caption's height; the caption sits at the bottom, the
    # figure legend just above it and the plot above both, so nothing overlaps
    caption_in = (len(lines) + 1) * CAPTION_LINE_SPACING * SMALL_FONT_SIZE / POINTS_PER_INCH
    plot_in = fig.get_figheight()
    total_in = plot_in + caption_in
    fig.set_figheight(total_in)
    legend_in = 0.0
    renderer = FigureCanvasAgg(fig).get_renderer()
    for leg in fig.legends:
        legend_in = max(legend_in, leg.get_tightbbox(renderer).height / fig.dpi)
        leg.set_bbox_to_anchor((0.0, caption_in / total_in), transform=fig.transFigure)
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):
        low = (caption_in + legend_in + LEGEND_GAP_IN) / total_in
        engine.set(rect=(0.0, low, 1.0, 1.0 - low))
    fig.text(
        TITLE_X,
        caption_in / total_in,
        "\n".join(lines),
        ha="left",
        va="top",
        fontsize=SMALL_FONT_SIZE,
        color=CAPTION_COLOUR,
        linespacing=CAPTION_LINE_SPACING,
        parse_math=False,
        gid="caption",
    )


def headroom_top(peak: float) -> float:
    """Upper axis limit that leaves :data:`HEADROOM` above ``peak`` (1 if nothing is drawn).

    Parameters
    ----------
    peak : float
        Tallest value drawn [axis unit].

    Returns
    -------
    float
        ``peak * (1 + HEADROOM)`` [axis unit], or 1.0 when ``peak`` is not positive.

    Examples
    --------
    >>> headroom_top(50.0), headroom_top(0.0)
    (54.0, 1.0)
    """
    return peak * (1.0 + HEADROOM) if peak > 0 else 1.0


def save_png(fig: Any, path: Any, dpi: int = DPI, tight: bool = False) -> None:
    """Write ``fig`` to ``path`` as PNG, creating the parent folder.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or Path
        Where to write it.
    dpi : int, optional
        Resolution [dots per inch].
    tight : bool, optional
        Fit the image to everything drawn, text outside the figure's edges included
        (a caption from :func:`figure_caption`).
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if tight:
        fig.savefig(p, dpi=dpi, format="png", bbox_inches="tight", pad_inches=CAPTION_PAD_IN)
    else:
        fig.savefig(p, dpi=dpi, format="png")
