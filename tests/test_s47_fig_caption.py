"""The supply figure's caption names only the layers the run draws (user test S47 #6:
the reference's caption described a response layer, cross-hatched, and a served-share
floor, striped, that its figure does not have)."""

from __future__ import annotations

import dataclasses

import pandas as pd

from tigris.report import frames, report_tables
from tigris.report.figures import FIGURES, figure_caption, figure_spec
from tigris.report.plotly_figs import plotly_figure


def _drawn(r) -> list[str]:
    """The legend names of the supply figure's bars: what a reader sees."""
    fig = plotly_figure("supply", r)
    return [t.name for t in fig.data if t.type == "bar" and t.showlegend is not False]


def test_caption_names_no_layer_the_figure_lacks(hand) -> None:
    r = report_tables(hand)
    drawn = _drawn(r)
    assert "incumbent response" not in drawn and "served-share floor" not in drawn
    caption = figure_caption(figure_spec("supply"), r)
    assert "response" not in caption and "floor" not in caption
    assert "cross-hatched" not in caption and "striped" not in caption
    # what is drawn is named, the investor's layer with its fill
    assert "incumbents' existing" in caption and "(orange, hatched /)" in caption


def test_caption_names_the_response_when_drawn(hand) -> None:
    s = hand.supply_by_source
    extra = s[s["source"] == "incumbent announced"].assign(source="incumbent response")
    # the response between announced and the investor's layer, as tigris stacks it
    order = ["incumbent existing", "incumbent announced", "incumbent response", "investor new"]
    both = pd.concat([s, extra], ignore_index=True)
    both["source"] = pd.Categorical(
        both["source"], [*order, *sorted(set(s["source"]) - set(order))]
    )
    r = report_tables(dataclasses.replace(hand, supply_by_source=both.sort_values("source")))
    assert "incumbent response" in _drawn(r)
    caption = figure_caption(figure_spec("supply"), r)
    assert "response (cross-hatched x)" in caption
    assert "floor" not in caption


def test_caption_of_a_run_without_the_split(hand) -> None:
    r = report_tables(dataclasses.replace(hand, supply_by_source=None))
    layers, _, _ = frames.supply_layers(None, r.demand, frames.year_range(r.horizon), "x")
    assert len(layers) == 1
    caption = figure_caption(figure_spec("supply"), r)
    assert "no split by source" in caption and "investor" not in caption


def test_every_caption_fits_the_limit(hand) -> None:
    from tigris.report.figures import CAPTION_MAX_CHARS

    r = report_tables(hand)
    for spec in FIGURES:
        assert len(figure_caption(spec, r)) <= CAPTION_MAX_CHARS, spec.key
