"""The tigris look, shared by the wafer map, the fab timeline and the plan report.

Use :func:`new_figure` for every matplotlib figure and :data:`PALETTE` /
:data:`PLOTLY_TEMPLATE` for colours so PNG and HTML figures match.
"""

from __future__ import annotations

from typing import Any

__all__ = ["FONT_FAMILY", "PALETTE", "PLOTLY_TEMPLATE", "new_figure", "save_png"]

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

#: Order used for categorical series.
SERIES = [PALETTE[k] for k in ("blue", "orange", "green", "red", "purple", "sky", "yellow")]

PLOTLY_TEMPLATE: dict[str, Any] = {
    "layout": {
        "font": {"family": FONT_FAMILY, "size": 13},
        "colorway": SERIES,
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
        "yaxis": {"showgrid": True, "gridcolor": "#EEEEEE", "zeroline": False},
    }
}


def new_figure(width_in: float = 7.0, height_in: float = 4.5, **kwargs: Any) -> tuple[Any, Any]:
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
        a.grid(True, color="#EEEEEE", linewidth=0.8)
        a.set_axisbelow(True)
    return fig, ax


def save_png(fig: Any, path: Any, dpi: int = 150) -> None:
    """Write ``fig`` to ``path`` as PNG, creating the parent folder."""
    from pathlib import Path

    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(p, dpi=dpi, format="png")
