"""Reports of a plan: one self-contained HTML file (plotly) and PNG figures (matplotlib).

>>> from tigris.report import FIGURES
>>> [spec.id for spec in FIGURES]  # doctest: +NORMALIZE_WHITESPACE
['fig-supply', 'fig-demand', 'fig-schedule', 'fig-capex', 'fig-tools', 'fig-power',
 'fig-datacenter', 'fig-sites', 'fig-cashflow', 'fig-shadow']

Entry points: :func:`write_html`, :func:`write_pngs`, and :func:`read_result` for a
directory saved with ``tigris plan --out``. The result's tables are those of
``docs/plan-result.md``.
"""

from __future__ import annotations

from tigris.report.figures import FIGURES, FigureSpec
from tigris.report.html import render_html, write_html
from tigris.report.png import write_pngs
from tigris.report.result import PlanResultLike, ReportTables, read_result, report_tables

__all__ = [
    "FIGURES",
    "FigureSpec",
    "PlanResultLike",
    "ReportTables",
    "read_result",
    "render_html",
    "report_tables",
    "write_html",
    "write_pngs",
]
