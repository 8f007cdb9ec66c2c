"""Reports of a plan: one self-contained HTML file (plotly) and PNG figures (matplotlib).

>>> from tigris.report import FIGURES
>>> [spec.id for spec in FIGURES]  # doctest: +NORMALIZE_WHITESPACE
['fig-supply', 'fig-demand', 'fig-schedule', 'fig-capex', 'fig-tools', 'fig-power',
 'fig-datacenter', 'fig-sites', 'fig-cashflow', 'fig-shadow']

Entry points: :func:`write_html`, :func:`write_pngs`, and :func:`read_result` for a
directory saved with ``tigris plan --out``; one figure at a time, plotly or matplotlib:
:func:`figure` and one function per figure (:func:`supply_figure`, ...; ``docs/api.md``).
The result's tables are those of ``docs/plan-result.md``.
"""

from __future__ import annotations

from tigris.report.api import (
    FIGURE_IDS,
    capex_figure,
    cashflow_figure,
    datacenter_figure,
    demand_figure,
    figure,
    power_figure,
    schedule_figure,
    shadow_figure,
    sites_figure,
    supply_figure,
    tools_figure,
)
from tigris.report.figures import FIGURES, FigureSpec
from tigris.report.html import render_html, write_html
from tigris.report.png import write_pngs
from tigris.report.result import PlanResultLike, ReportTables, read_result, report_tables

__all__ = [
    "FIGURES",
    "FIGURE_IDS",
    "FigureSpec",
    "PlanResultLike",
    "ReportTables",
    "capex_figure",
    "cashflow_figure",
    "datacenter_figure",
    "demand_figure",
    "figure",
    "power_figure",
    "read_result",
    "render_html",
    "report_tables",
    "schedule_figure",
    "shadow_figure",
    "sites_figure",
    "supply_figure",
    "tools_figure",
    "write_html",
    "write_pngs",
]
