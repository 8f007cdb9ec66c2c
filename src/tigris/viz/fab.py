"""The fab timeline: capex spend and output by year from groundbreaking (matplotlib)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tigris.viz.style import PALETTE, new_figure, save_png

__all__ = ["plot_fab_timeline"]

#: Dollars in one billion [-].
USD_PER_BUSD = 1e9


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
    ax.bar(x, df["capex_spend_usd"] / USD_PER_BUSD, color=PALETTE["blue"], label="capex spend")
    ax.set_xlabel("year" if "year" in df.columns else "years from groundbreaking")
    ax.set_ylabel("capex spend [billion USD]")
    ax2 = ax.twinx()
    ax2.plot(x, df["output_fraction"] * 100.0, color=PALETTE["orange"], marker="o", label="output")
    ax2.set_ylabel("output [% of full capacity]")
    ax2.set_ylim(0, 105)
    ax2.spines[["top"]].set_visible(False)
    ax.set_title(
        f"{result.node} fab, {result.wspm:,.0f} wspm at {result.site}: "
        f"US${result.capex_usd / USD_PER_BUSD:,.1f}B"
    )
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles=handles, loc="center right", frameon=False)
    if path is not None:
        save_png(fig, path)
    return fig
