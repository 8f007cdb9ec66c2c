"""The capex figure gives every capital source its own look in both panels, and one
legend names them all (user test S47 #1: with incumbents building, twelve sources shared
seven colours, Intel and abu-dhabi-sovereign both #0072B2, and the "paid" panel had no
legend of its own)."""

from __future__ import annotations

import dataclasses
import itertools

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.colors import to_hex

from tigris.report import report_tables
from tigris.report.figures import LUMA_MARGIN, MPL_HATCHES, luma
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure

INVESTORS = ["abu-dhabi-sovereign", "other-sovereign", "corporate-partners"]
INCUMBENTS = [
    f"{c} capex"
    for c in (
        "TSMC",
        "SK hynix",
        "Samsung",
        "Micron",
        "Intel",
        "Microsoft",
        "Alphabet",
        "Amazon",
        "Meta",
    )
]


@dataclasses.dataclass(frozen=True)
class _Run:
    r: object
    sources: list[str]


def _twelve(hand) -> _Run:
    """The hand plan paid by three investors and nine incumbents (as
    ``incumbents.respond=true`` on the reference), plus a subsidy that pays only."""
    years = sorted(set(hand.capex["year"]))
    sources = INVESTORS + INCUMBENTS
    capex = pd.DataFrame(
        [(y, s, 1e9 * (1 + k % 3)) for k, s in enumerate(sources) for y in years]
        + [(years[1], "subsidy", 5e8)],
        columns=["year", "source", "capex_usd"],
    )
    capital = pd.DataFrame(
        [(y, s, 40e9) for s in sources for y in years],
        columns=["year", "source", "available_usd"],
    )
    r = report_tables(dataclasses.replace(hand, capex=capex, capital=capital))
    return _Run(r, [*sources, "subsidy"])


def _source(name: str) -> str:
    return name.split(": ", 1)[1]


def test_plotly_every_source_distinct_in_both_panels(hand) -> None:
    run = _twelve(hand)
    fig = plotly_figure("capex", run.r)
    look: dict[str, set[tuple[str, str]]] = {}
    for t in fig.data:
        if t.type != "bar":
            continue
        look.setdefault(_source(t.name), set()).add((t.marker.color, t.marker.pattern.shape or ""))
    assert set(look) == set(run.sources)
    # one look per source, the same in both panels ...
    assert all(len(v) == 1 for v in look.values()), look
    pairs = {s: next(iter(v)) for s, v in look.items()}
    # ... and no two sources alike
    assert len(set(pairs.values())) == len(pairs), pairs
    # grey-scale: two sources of one fill differ in grey
    for (a, (ca, pa)), (b, (cb, pb)) in itertools.combinations(pairs.items(), 2):
        if pa == pb:
            assert abs(luma(ca) - luma(cb)) >= LUMA_MARGIN, (a, b)


def test_plotly_one_legend_entry_per_source_for_both_panels(hand) -> None:
    run = _twelve(hand)
    fig = plotly_figure("capex", run.r)
    bars = [t for t in fig.data if t.type == "bar"]
    shown = [_source(t.name) for t in bars if t.showlegend is not False]
    assert sorted(shown) == sorted(run.sources)
    # a source's bars in both panels are one legend group (its entry hides both)
    for s in run.sources:
        groups = {t.legendgroup for t in bars if _source(t.name) == s}
        assert len(groups) == 1, s
    assert "both panels" in fig.layout.legend.title.text


def test_png_every_source_distinct_and_in_the_legend(hand) -> None:
    run = _twelve(hand)
    fig = mpl_figure("capex", run.r)
    try:
        ax, ax2 = fig.axes[:2]
        looks: list[tuple[str, str]] = []
        for a in (ax, ax2):
            for c in a.containers:
                p = c.patches[0]
                looks.append((to_hex(p.get_facecolor()), p.get_hatch() or ""))
        by_panel_pairs = set(looks)
        # 12 sources drawn (left) and 13 paying (right): 13 looks, none shared
        assert len(by_panel_pairs) == len(run.sources), sorted(by_panel_pairs)
        legend = fig.legends[0]
        entries = {
            _source(t.get_text()): (to_hex(h.get_facecolor()), h.get_hatch() or "")
            for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
            if ": " in t.get_text()
        }
        assert set(entries) == set(run.sources)
        assert set(entries.values()) == by_panel_pairs
        assert set(MPL_HATCHES.values()) >= {h for _, h in by_panel_pairs if h}
    finally:
        plt.close(fig)
