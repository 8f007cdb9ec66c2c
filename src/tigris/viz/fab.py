"""The fab timeline: capex spend and output by year from groundbreaking (matplotlib)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tigris.fmt import money
from tigris.units import USD_PER_BILLION
from tigris.viz.style import (
    LINE_WIDTH,
    MARKER_SIZE,
    PALETTE,
    axis_label,
    figure_legend,
    figure_title,
    headroom_top,
    new_figure,
    save_png,
    twin_axis,
)

__all__ = ["plot_fab_timeline"]

#: Percent in one [-]; headroom of the output axis above 100 % [%] (layout choice).
PERCENT = 100.0
OUTPUT_AXIS_TOP_PCT = 105.0


def plot_fab_timeline(result: Any, path: str | Path | None = None) -> Any:
    """Bars of capex spend and a line of output (share of full capacity) by year.

    Parameters
    ----------
    result : tigris.fab.FabResult
        A fab from :func:`tigris.fab.fab_model`.
    path : str or Path, optional
        Write the figure here as PNG.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from tigris.fab import fab_model
    >>> fig = plot_fab_timeline(fab_model("N5", 20_000, "taiwan"))
    >>> len(fig.axes)
    2
    """
    df = result.to_frame()
    x = df["year"] if "year" in df.columns else df["year_index"]
    fig, ax = new_figure()
    spend = df["capex_spend_usd"].to_numpy() / USD_PER_BILLION
    ax.bar(x, spend, color=PALETTE["blue"], label="capex spend")
    ax.set_ylim(0, headroom_top(float(spend.max(initial=0.0))))
    start = "tool move-in" if getattr(result, "building_exists", False) else "groundbreaking"
    ax.set_xlabel("Year" if "year" in df.columns else f"Years from {start}")
    ax.set_ylabel(axis_label("Capex spend", "billion USD"))
    ax.set_xticks(x)
    ax2 = twin_axis(ax)
    ax2.plot(
        x,
        df["output_fraction"] * PERCENT,
        "-o",
        color=PALETTE["orange"],
        linewidth=LINE_WIDTH,
        markersize=MARKER_SIZE,
        label="output",
    )
    ax2.set_ylabel(axis_label("Output", "% of full capacity"))
    ax2.set_ylim(0, OUTPUT_AXIS_TOP_PCT)
    # the capex is before subsidy; its dollars are the fab result's (user test s49 fab)
    year = result.capex_price_year
    dollars = f", US$ of {year}" if year is not None else ""
    figure_title(
        fig,
        f"{result.node} fab, {result.wspm:,.0f} wspm at {result.site}: "
        f"{money(result.capex_usd)} capex before subsidy{dollars}",
    )
    figure_legend(fig)
    if path is not None:
        save_png(fig, path)
    return fig
