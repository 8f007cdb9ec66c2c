"""The power figure says what its lines are (user test S47 #2): the second line is the
whole world fleet's facility power, not "compute enabled" by the new fabs, and a plan
that builds no fab says so in the fab panel instead of drawing a flat 0 on a 0-1 MW
axis."""

from __future__ import annotations

import dataclasses

import matplotlib.pyplot as plt

from tigris.report import report_tables
from tigris.report.figures import figure_spec
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure

#: What the fab panel says (words a reader needs, not the constant's name).
NO_FAB = "no fab built"


def test_names_say_the_fleet_is_the_worlds(hand) -> None:
    r = report_tables(hand)
    spec = figure_spec("power")
    assert "enable" not in spec.title.lower() and "world" in spec.title.lower()
    fig = plotly_figure("power", r)
    names = [t.name for t in fig.data]
    assert names == ["fabs", "world compute fleet"]
    assert not any("enable" in n for n in names)
    assert "World" in fig.layout.yaxis2.title.text
    png = mpl_figure("power", r)
    try:
        labels = [ln.get_label() for a in png.axes for ln in a.get_lines()]
        assert labels == ["fabs", "world compute fleet"]
    finally:
        plt.close(png)


def _no_fab(hand):
    power = hand.power.assign(fab_power_mw=0.0)
    return report_tables(dataclasses.replace(hand, power=power))


def test_no_fab_built_is_said_in_the_panel_plotly(hand) -> None:
    fig = plotly_figure("power", _no_fab(hand))
    # no flat line of zeros in the fab panel (axes x, y)
    assert [t.name for t in fig.data if t.yaxis == "y" and len(t.y or ())] == []
    assert all(t.showlegend is False for t in fig.data if t.yaxis == "y")
    notes = [a for a in fig.layout.annotations if NO_FAB in (a.text or "")]
    assert len(notes) == 1
    assert (notes[0].xref, notes[0].yref) == ("x domain", "y domain")
    # no 0-1 MW scale to read
    assert fig.layout.yaxis.showticklabels is False


def test_no_fab_built_is_said_in_the_panel_png(hand) -> None:
    fig = mpl_figure("power", _no_fab(hand))
    try:
        top = fig.axes[0]
        assert top.get_lines() == []
        assert any(NO_FAB in t.get_text() for t in top.texts)
        assert list(top.get_yticks()) == []
    finally:
        plt.close(fig)
