"""Every plotly figure of the plan and risk reports has hover labels a reader can use
(user test S47 #3): the trace's full name (plotly's default box cut it to 15
characters: ``incumbent ex...``), the year or row, and the value to a few significant
digits in the axis's unit (was ``(2032, 4.639161M)``, ``(3200, texas-usa)``)."""

from __future__ import annotations

import html
import re

import pandas as pd
import plotly.graph_objects as go
import pytest

from tigris.report import report_tables
from tigris.report.plotly_figs import PLOTLY_BUILDERS
from tigris.report.risk import plotly_fan, plotly_sobol, plotly_tornado

#: The money figures are another module's (tigris.report.money).
NOT_HERE = {"cashflow", "shadow"}
#: A value to significant digits in a d3 format (``~r``), not every digit.
SIGNIFICANT = re.compile(r"%\{(x|y|customdata)(\[\d\])?:[^}]*r\}")
UNIT = re.compile(r"\[([^\]]+)\]")


def _units(fig: go.Figure) -> set[str]:
    """The units of every axis title of ``fig`` (``quantity [unit]``)."""
    out = set()
    for key in fig.layout:
        if re.match(r"[xy]axis\d*$", key) and fig.layout[key].title.text:
            out |= set(UNIT.findall(fig.layout[key].title.text))
    return out


def _points(t: go.BaseTraceType) -> bool:
    """Whether a trace has a point to hover (a legend-only entry has none)."""
    values = [v for v in (t.y if t.y is not None else ()) if v is not None]
    return bool(len(values))


def _check(fig: go.Figure, where: str) -> None:
    units = _units(fig)
    # the schedule's axes are years and builds: its hover names each build's unit
    assert units or where == "schedule", where
    for t in fig.data:
        if not _points(t) or t.hoverinfo == "skip":
            continue
        tpl = t.hovertemplate or ""
        assert tpl, (where, t.name)
        # no side box, where plotly cuts the name
        assert tpl.endswith("<extra></extra>"), (where, t.name, tpl)
        assert SIGNIFICANT.search(tpl) or "customdata[2]" in tpl, (where, t.name, tpl)
        if "customdata[3]" in tpl:  # the schedule: each build's own unit, in words
            assert all("per month" in str(c[3]) for c in t.customdata), where
            continue
        assert html.escape(t.name, quote=False) in tpl, (where, t.name, tpl)
        assert any(tpl.removesuffix("<extra></extra>").endswith(f" {u}") for u in units), (
            where,
            t.name,
            tpl,
            units,
        )


@pytest.mark.parametrize("key", sorted(set(PLOTLY_BUILDERS) - NOT_HERE))
def test_plan_figures_hover_with_name_year_and_unit(hand, key: str) -> None:
    _check(PLOTLY_BUILDERS[key](report_tables(hand)), key)


def test_risk_figures_hover_with_name_and_unit() -> None:
    fan = pd.DataFrame(
        {
            "year": [2026, 2027],
            "p5": [1.0, 2.0],
            "p25": [2.0, 3.0],
            "p50": [3.0, 4.0],
            "p75": [4.0, 5.0],
            "p95": [5.0, 6.0],
            "planned": [3.1, 4.1],
        }
    )
    fig = plotly_fan(fan, "The investor's net cash flow", "USD")
    _check(fig, "fan")
    band = next(t for t in fig.data if t.name.startswith("p5"))
    # the band's hover gives both its edges
    assert "customdata" in band.hovertemplate and " to " in band.hovertemplate
    tornado = pd.DataFrame(
        {
            "path": ["demand.growth"],
            "low": [1.0],
            "high": [3.0],
            "base": [2.0],
            "input_low": [0.1],
            "input_high": [0.3],
        }
    )
    fig = plotly_tornado(tornado, "NPV", "USD")
    for t in fig.data:
        assert t.name in t.hovertemplate and "billion USD" in t.hovertemplate
        assert SIGNIFICANT.search(t.hovertemplate)
    sobol = pd.DataFrame(
        {"path": ["demand.growth"], "S1": [0.2], "S1_conf": [0.1], "ST": [0.3], "ST_conf": [0.1]}
    )
    _check(plotly_sobol(sobol, "NPV"), "sobol")
