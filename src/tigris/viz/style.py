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
    "DPI",
    "EDGE_WIDTH",
    "FIG_HEIGHT_IN",
    "FIG_WIDTH_IN",
    "FONT_FAMILY",
    "FONT_SIZE",
    "GOOD",
    "GRID_COLOUR",
    "LINE_WIDTH",
    "MARKER_SIZE",
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
    "new_figure",
    "plotly_layout",
    "save_png",
    "series_colour",
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


def series_colour(i: int) -> str:
    """Colour of the ``i``-th categorical series (cycles through :data:`SERIES`).

    Parameters
    ----------
    i : int
        Position of the series [-].

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
    axes = ax.flat if hasattr(ax, "flat") else [ax]
    for a in axes:
        a.set_prop_cycle(color=SERIES)
        a.spines[["top", "right"]].set_visible(False)
        a.grid(True, color=GRID_COLOUR, linewidth=0.8)
        a.set_axisbelow(True)
        a.tick_params(labelsize=SMALL_FONT_SIZE)
        a.xaxis.label.set_fontsize(FONT_SIZE)
        a.yaxis.label.set_fontsize(FONT_SIZE)
        a.title.set_fontsize(TITLE_FONT_SIZE)
        a.title.set_fontfamily(FONT_FAMILY)
    return fig, ax


def save_png(fig: Any, path: Any, dpi: int = DPI) -> None:
    """Write ``fig`` to ``path`` as PNG, creating the parent folder.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    path : str or Path
        Where to write it.
    dpi : int, optional
        Resolution [dots per inch].
    """
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(p, dpi=dpi, format="png")
