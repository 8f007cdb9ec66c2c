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

from typing import TYPE_CHECKING

from tigris._lazy import lazy_exports

if TYPE_CHECKING:
    from typing import Any

#: Public name -> submodule defining it, imported on first use (PEP 562): importing
#: ``tigris.report`` or one of its submodules (``tigris plan`` prints with
#: :mod:`tigris.report.energy`) loads neither plotly nor matplotlib until a report or a
#: figure is asked for (``docs/plan.md``, "Performance").
_EXPORTS = {
    **dict.fromkeys(
        (
            "FIGURE_IDS",
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
        ),
        "api",
    ),
    "FIGURES": "figures",
    "FigureSpec": "figures",
    "render_html": "html",
    "write_html": "html",
    "write_pngs": "png",
    **dict.fromkeys(("PlanResultLike", "ReportTables", "read_result", "report_tables"), "result"),
}

__all__ = sorted(_EXPORTS)

_get, _names = lazy_exports(__name__, _EXPORTS, globals())


def __getattr__(name: str) -> Any:
    """A public name of the report layer, its submodule imported on first use."""
    return _get(name)


def __dir__() -> list[str]:
    return _names()
