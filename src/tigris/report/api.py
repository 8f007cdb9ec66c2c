"""The report's figures as public functions taking a plan result (``docs/api.md``).

Each figure of :data:`~tigris.report.figures.FIGURES` is drawn by the report's own
builders (:mod:`tigris.report.plotly_figs` for the HTML report, :mod:`tigris.report.png`
for the PNGs), so a figure here is the figure of the report, without its caption.

>>> import math
>>> from tigris.plan import PlanResult
>>> r = PlanResult("empty", "infeasible", math.nan, (2026, 2028))
>>> type(demand_figure(r)).__module__
'plotly.graph_objs._figure'
>>> type(figure(r, "fig-tools", kind="matplotlib")).__name__
'Figure'
"""

from __future__ import annotations

from typing import Any

from tigris.errors import InputError
from tigris.report.figures import FIGURES
from tigris.report.result import PlanResultLike, ReportTables, report_tables

__all__ = [
    "FIGURE_IDS",
    "FIGURE_KINDS",
    "capex_figure",
    "cashflow_figure",
    "datacenter_figure",
    "demand_figure",
    "figure",
    "power_figure",
    "schedule_figure",
    "shadow_figure",
    "sites_figure",
    "supply_figure",
    "tools_figure",
]

#: The figure ids :func:`figure` takes (also without the ``fig-`` prefix).
FIGURE_IDS = tuple(spec.id for spec in FIGURES)
#: Renderers: ``plotly`` (a ``plotly.graph_objects.Figure``, as in the HTML report) and
#: ``matplotlib`` (a ``matplotlib.figure.Figure``, as in the PNGs).
FIGURE_KINDS = ("plotly", "matplotlib")
_PREFIX = "fig-"


def _key(fig_id: str) -> str:
    keys = [spec.key for spec in FIGURES]
    key = fig_id.removeprefix(_PREFIX) if isinstance(fig_id, str) else ""
    if key not in keys:
        msg = f"no report figure {fig_id!r}; expected one of {', '.join(FIGURE_IDS)}"
        raise InputError(msg, field="fig_id")
    return key


def figure(
    result: PlanResultLike | ReportTables | Any, fig_id: str, *, kind: str = "plotly"
) -> Any:
    """Draw one report figure of ``result``.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (``docs/plan-result.md``; a ``tigris plan --json`` document
        read with ``json.load`` works too).
    fig_id : str
        One of :data:`FIGURE_IDS` (``fig-supply``, ...), or the same without ``fig-``
        (``supply``).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The figure (a matplotlib figure is not registered with pyplot: show it in a
        notebook by leaving it last in a cell, or save it with ``savefig``).

    Raises
    ------
    tigris.errors.InputError
        An unknown ``fig_id`` (the message lists the ids) or ``kind``, or a ``result``
        lacking a table or column of the contract.
    """
    key = _key(fig_id)
    if kind not in FIGURE_KINDS:
        msg = f"unknown figure kind {kind!r}; expected one of {', '.join(FIGURE_KINDS)}"
        raise InputError(msg, field="kind")
    r = report_tables(result)
    if kind == "plotly":
        from tigris.report.plotly_figs import plotly_figure

        return plotly_figure(key, r)
    from tigris.report.png import mpl_figure

    return mpl_figure(key, r)


def supply_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Supply by source against demand (``fig-supply``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-supply`` figure, without its caption.
    """
    return figure(result, "supply", kind=kind)


def demand_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Demand against delivered compute by class (``fig-demand``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-demand`` figure, without its caption.
    """
    return figure(result, "demand", kind=kind)


def schedule_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Build schedule: construction and ramp (``fig-schedule``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-schedule`` figure, without its caption.
    """
    return figure(result, "schedule", kind=kind)


def capex_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Investors' capital drawn and released, capex by year (``fig-capex``); see
    :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-capex`` figure, without its caption.
    """
    return figure(result, "capex", kind=kind)


def tools_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """EUV and High-NA scanners used against supply (``fig-tools``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-tools`` figure, without its caption.
    """
    return figure(result, "tools", kind=kind)


def power_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Power of the new fabs and of the compute fleet (``fig-power``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-power`` figure, without its caption.
    """
    return figure(result, "power", kind=kind)


def datacenter_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Data-centre power needed against online, by region (``fig-datacenter``); see
    :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-datacenter`` figure, without its caption.
    """
    return figure(result, "datacenter", kind=kind)


def sites_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Sites by capacity built (``fig-sites``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-sites`` figure, without its caption.
    """
    return figure(result, "sites", kind=kind)


def cashflow_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """The investor's cash flows by year (``fig-cashflow``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-cashflow`` figure, without its caption.
    """
    return figure(result, "cashflow", kind=kind)


def shadow_figure(result: PlanResultLike | Any, kind: str = "plotly") -> Any:
    """Shadow prices by year (``fig-shadow``); see :func:`figure`.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The plan result (a ``tigris plan --json`` document read with ``json.load`` works too).
    kind : str, optional
        ``plotly`` (default) or ``matplotlib``.

    Returns
    -------
    plotly.graph_objects.Figure or matplotlib.figure.Figure
        The report's ``fig-shadow`` figure, without its caption.
    """
    return figure(result, "shadow", kind=kind)
