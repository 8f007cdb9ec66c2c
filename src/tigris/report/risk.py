"""Figures of the risk report (``tigris risk --report``, docs/risk.md), plotly and matplotlib.

- a **fan chart** per yearly output (and of the compute the investor adds by year, when
  the run has an investor): the band from p5 to p95 and the band from p25 to p75 of
  the Monte Carlo plans, their median (p50) as a line, and the plan with every input
  at the scenario's own value ("as planned") dashed;
- a **tornado** per driver output: each input alone at its low and high percentile, the
  bar running from the output as planned to the output then (Howard 1988);
- **Sobol bars** per driver output: first-order and total-order indices of each input
  with their bootstrap intervals (Saltelli et al. 2010).

Each figure has a plotly builder (the HTML report, :mod:`tigris.report.risk_html`) and
a matplotlib one (PNG files, :func:`write_risk_pngs`), from the same frames
(:func:`fan_frame`, :func:`tornado_frame`, :func:`sobol_frame`) and in the house look
(:mod:`tigris.viz.style`). Values are shown in the unit of :data:`UNIT_SCALES`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from tigris.viz.style import (
    FONT_SIZE,
    HOVER_FORMAT,
    PALETTE,
    PLOTLY_LINE_WIDTH,
    ROW_HEIGHT_IN,
    ROW_HEIGHT_PX,
    SEMANTIC,
    axis_label,
    figure_caption,
    figure_legend,
    figure_title,
    hover_template,
    new_figure,
    plotly_layout,
    save_png,
    wrap_chars,
    wrap_label,
)

if TYPE_CHECKING:
    from tigris.risk.api import RiskResult

__all__ = [
    "FAN_COLOUR",
    "OUTPUT_WORDS",
    "UNIT_SCALES",
    "fan_frame",
    "mpl_fan",
    "mpl_sobol",
    "mpl_tornado",
    "plotly_fan",
    "plotly_sobol",
    "plotly_tornado",
    "risk_footer",
    "scaled",
    "sobol_frame",
    "tornado_frame",
    "write_risk_pngs",
]

#: Display unit of each output unit: divide by the first to show in the second (unit
#: conversions: 1e9 USD a billion, 1e6 H100e or H100e-years a million, 1e3 MW a GW, a share in %).
UNIT_SCALES: dict[str, tuple[float, str]] = {
    "USD": (1e9, "billion USD"),
    "H100e": (1e6, "million H100e"),
    "H100e-years": (1e6, "million H100e-years"),
    "MW": (1e3, "GW"),
    "-": (1e-2, "%"),
    "modules": (1.0, "modules"),
    "TWh": (1.0, "TWh"),
    "t CO2": (1e6, "Mt CO2"),
    "USD/H100e": (1.0, "USD per H100e"),
}
#: What each output is, in words (an axis or a heading).
OUTPUT_WORDS: dict[str, str] = {
    "served_h100e": "Compute served",
    "unmet_h100e": "Compute unmet",
    "unmet_share": "Unmet share of demand",
    "capex_usd": "Capex spent in the year",
    "power_mw": "Power of the compute fleet and the fabs",
    "npv_usd": "Investor's cumulative discounted net cash flow",
    "datacenter_mw_online": "Data-centre facility power online",
    "energy_twh": "Energy of the compute fleet",
    "emissions_t_co2": "Emissions of the fleet's and new fabs' energy",
    "electricity_cost_usd": "Electricity cost of the fleet and new fabs",
    "served_h100e_total": "Compute served, all years",
    "unmet_h100e_total": "Compute unmet, all years",
    "unmet_share_total": "Unmet share of demand, all years",
    "capex_committed_usd": "Capex committed",
    "capital_spent_usd": "Capital spent",
    "cost_usd": "Discounted cost",
    "npv_total_usd": "Investor's NPV",
    "irr": "Investor's IRR (with salvage)",
    "payback_year": "Investor's payback year",
    "modules_built": "Modules built",
    "added_h100e": "Compute the investor adds",
    "added_h100e_total": "Compute the investor adds, all years",
    "capex_usd_per_added_h100e": "Capital spent per H100e the investor adds",
}
#: The yearly output of what the investor adds (:data:`tigris.risk.montecarlo.OUTPUTS`),
#: drawn as a fan after the others when the run has it (:func:`yearly_outputs`).
ADDED_H100E = "added_h100e"
#: Colour of the fan's bands and median line; fill opacity of the outer (p5-p95) and
#: inner (p25-p75) bands [-] (layout choice: the inner band reads darker where they
#: overlap).
FAN_COLOUR = PALETTE["blue"]
OUTER_ALPHA = 0.18
INNER_ALPHA = 0.35
#: Colours of a tornado's bars (input at its low / high value) and of Sobol's indices.
LOW_COLOUR = PALETTE["sky"]
HIGH_COLOUR = PALETTE["orange"]
S1_COLOUR = PALETTE["blue"]
ST_COLOUR = PALETTE["orange"]
#: Height of a bar-per-input figure beyond its rows [px] and [inch], and its least
#: height [px] and [inch] (layout choice: title, axis title and legend).
BARS_FRAME_PX = 170
BARS_FRAME_IN = 1.8
BARS_MIN_PX = 260
BARS_MIN_IN = 2.6
#: Left margin of a bar-per-input plotly figure, room for the input paths [px].
BARS_LEFT_PX = 260
#: Bar height of each of the two Sobol indices of an input [row] (layout choice).
SOBOL_BAR_ROWS = 0.4
#: The unit of a Sobol index (a share of the output's variance) [-].
SOBOL_UNIT = "share of variance"
#: Height of a fan chart's axes in its PNG [inch] (layout choice: the 4.5-inch figure
#: less its title, year axis and legend), and its y title's longest line in the HTML
#: [characters] (layout choice: ~300 px of plot at the 13 px axis font).
FAN_AXES_IN = 3.0
FAN_Y_TITLE_CHARS = 36
#: What the fan PNGs say under them (as the HTML report's fan section).
FAN_CAPTION = (
    "Each yearly output over the sampled plans: the light band spans their p5 to p95, "
    "the dark band p25 to p75 (quantiles interpolated between the plans, so over few "
    "plans a band holds fewer of them: over 4, the light band holds the middle 2); the "
    "line is the median, the dashed line the plan as planned."
)
#: What the tornado and Sobol PNGs say under them.
TORNADO_CAPTION = (
    "For each input, the output with that input at its low (p5) and at its high (p95) "
    "value, the others as planned; the line is the output as planned."
)
SOBOL_CAPTION = (
    "The share of the output's variance due to each input alone (first order) and with "
    "its interactions (total order), with bootstrap 95 % intervals."
)
#: Width of the matplotlib figures [inch].
PNG_WIDTH_IN = 8.0
#: The output whose year is part of a driver output's name: ``unmet_h100e_2030``.
_YEARLY_DRIVER = re.compile(r"^(?P<output>.+)_(?P<year>\d{4})$")


def _hex_rgba(colour: str, alpha: float) -> str:
    """``#RRGGBB`` with an opacity, as CSS ``rgba(r, g, b, a)``."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


def output_unit(name: str, units: Mapping[str, str]) -> str:
    """The unit of an output, or of a driver output named ``<output>_<year>``.

    Parameters
    ----------
    name : str
        An output (``unmet_h100e``) or a driver output with its year (``unmet_h100e_2030``).
    units : mapping of str to str
        Output -> unit (:func:`units_of`).

    Returns
    -------
    str
        The unit (``H100e``, ``USD``, ``-``...), or ``""`` when the output is not in ``units``.

    Examples
    --------
    >>> output_unit("unmet_h100e_2030", {"unmet_h100e": "H100e"})
    'H100e'
    """
    if name in units:
        return units[name]
    m = _YEARLY_DRIVER.match(name)
    return units.get(m["output"], "") if m else ""


def output_title(name: str) -> str:
    """An output's name in words (a driver output ``<output>_<year>`` with its year).

    Parameters
    ----------
    name : str
        An output, a driver output ``<output>_<year>`` or a regional one ``<output>@<region>``.

    Returns
    -------
    str
        Its words from :data:`OUTPUT_WORDS` (with ``in YEAR`` or ``, REGION``), or ``name``
        itself when it has none.

    Examples
    --------
    >>> output_title("unmet_h100e_2030")
    'Compute unmet in 2030'
    >>> output_title("energy_twh@usa")
    'Energy of the compute fleet, usa'
    """
    if name in OUTPUT_WORDS:
        return OUTPUT_WORDS[name]
    base, sep, region = name.partition("@")  # a power output by region (energy_twh@usa)
    if sep and base in OUTPUT_WORDS:
        return f"{OUTPUT_WORDS[base]}, {region}"
    m = _YEARLY_DRIVER.match(name)
    if m and m["output"] in OUTPUT_WORDS:
        return f"{OUTPUT_WORDS[m['output']]} in {m['year']}"
    return name


def scaled(unit: str) -> tuple[float, str]:
    """Divisor and display unit of ``unit`` (:data:`UNIT_SCALES`; else as is).

    Parameters
    ----------
    unit : str
        An output's unit (``USD``, ``H100e``, ``MW``, ``-``...).

    Returns
    -------
    tuple of (float, str)
        The divisor and the display unit (``(1e9, "billion USD")``); ``(1.0, unit)`` for a
        unit not in :data:`UNIT_SCALES`.
    """
    return UNIT_SCALES.get(unit, (1.0, unit))


# ---------------------------------------------------------------------------- frames
def fan_frame(
    quantiles: pd.DataFrame, deterministic: Mapping[str, Mapping[str, float]], output: str
) -> pd.DataFrame:
    """One yearly output's quantiles by year, with the plan as planned, in display units.

    Parameters
    ----------
    quantiles : DataFrame
        :attr:`tigris.risk.montecarlo.MonteCarlo.quantiles`.
    deterministic : mapping
        :attr:`~tigris.risk.montecarlo.MonteCarlo.deterministic` (output -> year -> value).
    output : str
        A yearly output.

    Returns
    -------
    DataFrame
        ``year`` (int), ``p5, p25, p50, p75, p95``, ``planned`` (NaN if that plan
        failed), divided by :func:`scaled`'s divisor.
    """
    q = quantiles[(quantiles["output"] == output) & (quantiles["year"] != "all")]
    unit = str(q["unit"].iloc[0]) if len(q) else ""
    div, _ = scaled(unit)
    det = deterministic.get(output, {})
    out = pd.DataFrame({"year": q["year"].astype(int).to_numpy()})
    for col in ("p5", "p25", "p50", "p75", "p95"):
        out[col] = q[col].to_numpy(dtype=float) / div
    out["planned"] = [float(det.get(str(y), math.nan)) / div for y in out["year"]]
    return out.sort_values("year").reset_index(drop=True)


def tornado_frame(
    bars: pd.DataFrame, base: Mapping[str, float], output: str, unit: str = ""
) -> pd.DataFrame:
    """One output's tornado bars, the widest swing on top, in display units.

    Parameters
    ----------
    bars : DataFrame
        :attr:`tigris.risk.tornado.Tornado.bars`.
    base : mapping
        :attr:`~tigris.risk.tornado.Tornado.base` (output -> value as planned).
    output : str
        The output.
    unit : str, optional
        The output's unit (values are divided as :func:`scaled` says).

    Returns
    -------
    DataFrame
        ``path, input_low, input_high, low, high, swing`` (``low``/``high``: the output
        with the input at its low/high value; NaN where that plan failed or stopped at
        the time limit), ``stopped`` (the ends whose plan stopped, ``""`` else),
        ``same_side`` (both ends move the output the same way,
        :func:`tigris.risk.tornado.same_side`) and ``base``, ordered by swing
        ascending (a horizontal bar chart draws the first row at the bottom).
    """
    b = bars[bars["output"] == output]
    div, _ = scaled(unit)
    out = pd.DataFrame(
        {
            "path": b["path"].astype(str).to_numpy(),
            "input_low": b["input_low"].to_numpy(dtype=float),
            "input_high": b["input_high"].to_numpy(dtype=float),
            "low": b["output_low"].to_numpy(dtype=float),
            "high": b["output_high"].to_numpy(dtype=float),
            "swing": b["swing"].to_numpy(dtype=float),
            "stopped": (
                b["stopped"].fillna("").astype(str).to_numpy() if "stopped" in b else [""] * len(b)
            ),
            "same_side": (
                b["same_side"].fillna(False).astype(bool).to_numpy()
                if "same_side" in b
                else [False] * len(b)
            ),
        }
    )
    out["base"] = float(base.get(output, math.nan))
    for col in ("low", "high", "swing", "base"):
        out[col] = out[col] / div
    return out.sort_values("swing", kind="stable", na_position="first").reset_index(drop=True)


def sobol_frame(indices: pd.DataFrame, output: str) -> pd.DataFrame:
    """One output's Sobol indices, the largest total-order index on top.

    Parameters
    ----------
    indices : DataFrame
        :attr:`tigris.risk.sensitivity.SobolResult.indices`.
    output : str
        The output.

    Returns
    -------
    DataFrame
        ``path, S1, S1_conf, ST, ST_conf`` [-], ordered by ST ascending.
    """
    s = indices[indices["output"] == output]
    cols = ["path", "S1", "S1_conf", "ST", "ST_conf"]
    return s[cols].sort_values("ST", kind="stable", na_position="first").reset_index(drop=True)


# ---------------------------------------------------------------------------- plotly
def plotly_fan(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """A fan chart: p5-p95 and p25-p75 bands, the p50 line and the plan as planned.

    Parameters
    ----------
    frame : DataFrame
        :func:`fan_frame`.
    title : str
        What the output is.
    unit : str
        The output's unit (its display unit from :func:`scaled`).

    Returns
    -------
    plotly.graph_objects.Figure
        The two bands, the median line and the dashed as-planned line, by year, in the
        display unit.
    """
    _, shown = scaled(unit)
    x = frame["year"].tolist()
    fig = go.Figure()
    for lo, hi, alpha, name in (
        ("p5", "p95", OUTER_ALPHA, "p5–p95 of the sampled plans"),
        ("p25", "p75", INNER_ALPHA, "p25–p75"),
    ):
        fig.add_scatter(
            x=x, y=frame[hi], mode="lines", line={"width": 0}, showlegend=False,
            name=f"{hi}", legendgroup=name, hoverinfo="skip",
        )  # fmt: skip
        # the band's hover gives both its edges: from the low to the high quantile
        band = (
            f"<b>{name}</b><br>%{{x}}: %{{y:{HOVER_FORMAT}}} to %{{customdata:{HOVER_FORMAT}}}"
            f" {shown}<extra></extra>"
        )
        fig.add_scatter(
            x=x, y=frame[lo], mode="lines", line={"width": 0}, fill="tonexty",
            fillcolor=_hex_rgba(FAN_COLOUR, alpha), name=name, legendgroup=name,
            customdata=frame[hi], hovertemplate=band,
        )  # fmt: skip
    fig.add_scatter(
        x=x, y=frame["p50"], mode="lines+markers", name="median (p50)",
        line={"color": FAN_COLOUR, "width": PLOTLY_LINE_WIDTH},
        hovertemplate=hover_template("median (p50)", shown),
    )  # fmt: skip
    fig.add_scatter(
        x=x, y=frame["planned"], mode="lines+markers", name="as planned",
        line={"color": SEMANTIC["supply"], "width": PLOTLY_LINE_WIDTH - 1, "dash": "dash"},
        hovertemplate=hover_template("as planned", shown),
    )  # fmt: skip
    # the y title in lines that fit the plot's height, the unit whole (it was cut)
    y_title = wrap_label(axis_label(title, shown), FAN_Y_TITLE_CHARS).replace("\n", "<br>")
    fig.update_layout(**plotly_layout(title, axis_label("Year"), y_title))
    fig.update_xaxes(dtick=1, tickformat="d")
    fig.update_yaxes(automargin=True)
    return fig


def _bars_height_px(rows: int) -> int:
    return max(BARS_MIN_PX, BARS_FRAME_PX + ROW_HEIGHT_PX * rows)


def plotly_tornado(frame: pd.DataFrame, title: str, unit: str) -> go.Figure:
    """A tornado: for each input, bars from the output as planned to the output with
    the input at its low and at its high value.

    Parameters
    ----------
    frame : DataFrame
        :func:`tornado_frame`.
    title : str
        What the output is.
    unit : str
        The output's unit.

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal overlaid bars (low, high) per input path around a vertical line at the
        output as planned, in the display unit.
    """
    _, shown = scaled(unit)
    base = float(frame["base"].iloc[0]) if len(frame) else 0.0
    fig = go.Figure()
    for col, name, colour, inp in (
        ("low", "input at its low value (p5)", LOW_COLOUR, "input_low"),
        ("high", "input at its high value (p95)", HIGH_COLOUR, "input_high"),
    ):
        fig.add_bar(
            y=frame["path"], x=frame[col] - base, base=base, orientation="h", name=name,
            marker={"color": colour}, customdata=frame[inp],
            hovertemplate=(
                f"<b>{name}</b><br>%{{y}}: input %{{customdata:{HOVER_FORMAT}}}"
                f" → output %{{x:{HOVER_FORMAT}}} {shown}<extra></extra>"
            ),
        )  # fmt: skip
    fig.add_vline(x=base, line={"color": SEMANTIC["supply"], "width": 1})
    layout = plotly_layout(title, axis_label(title, shown), "", barmode="overlay")
    layout["height"] = _bars_height_px(len(frame))
    fig.update_layout(**layout)
    fig.update_layout(margin={"l": BARS_LEFT_PX})
    return fig


def plotly_sobol(frame: pd.DataFrame, title: str) -> go.Figure:
    """First- and total-order Sobol indices of each input, with bootstrap intervals.

    Parameters
    ----------
    frame : DataFrame
        :func:`sobol_frame`.
    title : str
        What the output is.

    Returns
    -------
    plotly.graph_objects.Figure
        Grouped horizontal bars (S1, ST) per input path with error bars [share of variance].
    """
    fig = go.Figure()
    for col, name, colour in (
        ("S1", "first order (alone)", S1_COLOUR),
        ("ST", "total order (with interactions)", ST_COLOUR),
    ):
        fig.add_bar(
            y=frame["path"], x=frame[col], orientation="h", name=name, marker={"color": colour},
            error_x={"type": "data", "array": frame[f"{col}_conf"], "visible": True},
            hovertemplate=hover_template(name, SOBOL_UNIT, value="x", label="%{y}"),
        )  # fmt: skip
    layout = plotly_layout(title, axis_label("Sobol index", SOBOL_UNIT), "")
    layout.update(barmode="group", height=_bars_height_px(2 * len(frame)))
    fig.update_layout(**layout)
    fig.update_layout(margin={"l": BARS_LEFT_PX})
    return fig


# ------------------------------------------------------------------------ matplotlib
def mpl_fan(frame: pd.DataFrame, title: str, unit: str) -> Any:
    """:func:`plotly_fan` drawn with matplotlib; the Figure.

    Parameters
    ----------
    frame : DataFrame
        :func:`fan_frame`.
    title : str
        What the output is.
    unit : str
        The output's unit (its display unit from :func:`scaled`).

    Returns
    -------
    matplotlib.figure.Figure
        The fan chart, with its title and legend (no caption).
    """
    _, shown = scaled(unit)
    fig, ax = new_figure(PNG_WIDTH_IN)
    x = frame["year"].to_numpy()
    ax.fill_between(
        x, frame["p5"], frame["p95"], color=FAN_COLOUR, alpha=OUTER_ALPHA, lw=0,
        label="p5–p95 of the sampled plans",
    )  # fmt: skip
    ax.fill_between(
        x, frame["p25"], frame["p75"], color=FAN_COLOUR, alpha=INNER_ALPHA, lw=0, label="p25–p75"
    )
    ax.plot(x, frame["p50"], color=FAN_COLOUR, marker="o", label="median (p50)")
    ax.plot(x, frame["planned"], color=SEMANTIC["supply"], ls="--", marker="o", label="as planned")
    ax.set_xticks(x)
    ax.set_xlabel(axis_label("Year"))
    # in lines that fit the axes' height, the unit whole (it was cut at the top)
    ax.set_ylabel(wrap_label(axis_label(title, shown), wrap_chars(FAN_AXES_IN, FONT_SIZE)))
    figure_title(fig, title)
    figure_legend(fig)
    return fig


def mpl_tornado(frame: pd.DataFrame, title: str, unit: str) -> Any:
    """:func:`plotly_tornado` drawn with matplotlib; the Figure.

    Parameters
    ----------
    frame : DataFrame
        :func:`tornado_frame`.
    title : str
        What the output is.
    unit : str
        The output's unit (its display unit from :func:`scaled`).

    Returns
    -------
    matplotlib.figure.Figure
        The tornado, titled ``Tornado: TITLE``, with its legend (no caption).
    """
    _, shown = scaled(unit)
    height = max(BARS_MIN_IN, BARS_FRAME_IN + ROW_HEIGHT_IN * len(frame))
    fig, ax = new_figure(PNG_WIDTH_IN, height)
    base = float(frame["base"].iloc[0]) if len(frame) else 0.0
    y = np.arange(len(frame))
    ax.barh(y, frame["low"] - base, left=base, color=LOW_COLOUR, label="input at p5")
    ax.barh(y, frame["high"] - base, left=base, color=HIGH_COLOUR, label="input at p95")
    ax.axvline(base, color=SEMANTIC["supply"], lw=1)
    ax.set_yticks(y, frame["path"].tolist())
    ax.set_xlabel(axis_label(title, shown))
    figure_title(fig, f"Tornado: {title}")
    figure_legend(fig)
    return fig


def mpl_sobol(frame: pd.DataFrame, title: str) -> Any:
    """:func:`plotly_sobol` drawn with matplotlib; the Figure.

    Parameters
    ----------
    frame : DataFrame
        :func:`sobol_frame`.
    title : str
        What the output is.

    Returns
    -------
    matplotlib.figure.Figure
        The Sobol bars, titled ``Sobol indices: TITLE``, with its legend (no caption).
    """
    height = max(BARS_MIN_IN, BARS_FRAME_IN + 2 * ROW_HEIGHT_IN * len(frame))
    fig, ax = new_figure(PNG_WIDTH_IN, height)
    y = np.arange(len(frame))
    half = SOBOL_BAR_ROWS
    for k, (col, name, colour) in enumerate(
        (("S1", "first order", S1_COLOUR), ("ST", "total order", ST_COLOUR))
    ):
        ax.barh(
            y + (k - 0.5) * half, frame[col], height=half, xerr=frame[f"{col}_conf"],
            color=colour, label=name,
        )  # fmt: skip
    ax.set_yticks(y, frame["path"].tolist())
    ax.set_xlabel(axis_label("Sobol index", SOBOL_UNIT))
    figure_title(fig, f"Sobol indices: {title}")
    figure_legend(fig)
    return fig


def _slug(name: str) -> str:
    """A file-name-safe form of an output or path name."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")


def yearly_outputs(res: RiskResult) -> list[tuple[str, str]]:
    """The yearly outputs of a run with their units, in display order: the fan charts.

    The yearly outputs of contract15.md, then the compute the investor adds by year
    (``added_h100e``, :data:`tigris.risk.montecarlo.ADDED_OUTPUTS`: delivered less the
    world without the investor, re-solved for each plan) when some plan has that
    number; a run without an investor (no counterfactual solved, every value
    undefined) has no such fan, nor has an output no plan has a number for.

    Parameters
    ----------
    res : RiskResult
        The run (:func:`tigris.risk.api.risk`).

    Returns
    -------
    list of tuple of (str, str)
        ``(output, unit)`` pairs, without duplicates, in the quantile table's order, then
        ``added_h100e`` when present.
    """
    from tigris.risk.montecarlo import ADDED_OUTPUTS

    q = res.monte_carlo.quantiles
    yearly = q[(q["kind"] == "yearly") & ~q["output"].isin(ADDED_OUTPUTS)]
    # an output no plan has a number for in any year (data-centre MW in a scenario
    # without data centres) has no fan: it drew an empty chart (user test 2026-12-05)
    known = set(yearly.loc[yearly["n"] > 0, "output"])
    yearly = yearly[yearly["output"].isin(known)]
    added = q[(q["output"] == ADDED_H100E) & (q["year"] != "all") & (q["n"] > 0)]
    pairs = [*zip(yearly["output"], yearly["unit"], strict=True)]
    pairs += [*zip(added["output"], added["unit"], strict=True)]
    return list(dict.fromkeys(pairs))


def units_of(res: RiskResult) -> dict[str, str]:
    """Output -> unit, from the run's quantile table.

    Parameters
    ----------
    res : RiskResult
        The run (:func:`tigris.risk.api.risk`).

    Returns
    -------
    dict of str to str
        Output -> its unit (``USD``, ``H100e``, ``-``...), as the Monte Carlo quantiles give it.
    """
    q = res.monte_carlo.quantiles
    return dict(zip(q["output"], q["unit"], strict=True))


def risk_footer(res: RiskResult, now: str | None = None) -> str:
    """The footer under every risk PNG: what made it, then the provenance, as the HTML
    report's provenance line (``risk_html._provenance``).

    Parameters
    ----------
    res : RiskResult
        The run.
    now : str, optional
        When the figures are drawn, ISO 8601 in UTC; default now.

    Returns
    -------
    str
        ``Source: tigris 0.1.0, risk of scenario 'NAME' · drawn ... · 3 of 3 sampled
        plans solved · seed 1``.
    """
    from datetime import UTC, datetime

    from tigris import __version__

    when = now or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = res.monte_carlo.to_dict()
    parts = [f"Source: tigris {__version__}, risk of scenario '{res.scenario}'", f"drawn {when}"]
    if doc.get("members_ok") is not None and doc.get("samples") is not None:
        parts.append(f"{doc['members_ok']} of {doc['samples']} sampled plans solved")
    if doc.get("seed") is not None:
        parts.append(f"seed {doc['seed']}")
    if doc.get("design") == "lhs":
        parts.append("Latin hypercube")
    return " · ".join(parts)


def write_risk_pngs(res: RiskResult, folder: str | Path) -> list[Path]:
    """Write the report's figures as PNG files (``fan-<output>.png``,
    ``tornado-<output>.png``, ``sobol-<output>.png``; a driver output without bars has
    none) into ``folder``.

    Parameters
    ----------
    res : RiskResult
        The run (:func:`tigris.risk.api.risk`).
    folder : str or Path
        Created if needed.

    Returns
    -------
    list of Path
        The files written.
    """
    out = Path(folder)
    written = []
    mc = res.monte_carlo
    footer = risk_footer(res)

    def save(fig: Any, name: str, caption: str) -> None:
        # caption and provenance in the image, as the plan's PNGs (png.figure_footer)
        figure_caption(fig, caption, footer)
        written.append(out / name)
        save_png(fig, written[-1], tight=True)

    for output, unit in yearly_outputs(res):
        fig = mpl_fan(fan_frame(mc.quantiles, mc.deterministic, output), output_title(output), unit)
        save(fig, f"fan-{_slug(output)}.png", FAN_CAPTION)
    units = units_of(res)
    for output in res.outputs:
        unit = output_unit(output, units)
        if res.tornado is not None:
            frame = tornado_frame(res.tornado.bars, res.tornado.base, output, unit)
            if len(frame):
                fig = mpl_tornado(frame, output_title(output), unit)
                save(fig, f"tornado-{_slug(output)}.png", TORNADO_CAPTION)
        if res.sobol is not None:
            frame = sobol_frame(res.sobol.indices, output)
            if len(frame):
                save(
                    mpl_sobol(frame, output_title(output)),
                    f"sobol-{_slug(output)}.png",
                    SOBOL_CAPTION,
                )
    return written
