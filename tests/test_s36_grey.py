"""The report's figures read in black and white (UT-DASH #8, S36 REPORT-GREY).

A grey-scale print keeps a colour's luma, ITU-R BT.601: ``Y' = 0.299 R + 0.587 G +
0.114 B`` (Recommendation ITU-R BT.601-7, 2011), written out by hand here (``_luma``),
not taken from the code under test. Every pair of bars of the supply and build-schedule
figures must either differ in luma by at least ``LUMA_MARGIN`` or carry different fills
(plotly pattern in the HTML, matplotlib hatch in the PNG); the captions name the fills;
the report and the dashboard (``tigris.serve.view.GREYSCALE_PATTERNS``) use the same.
The plan is the hand-built one of ``tests/test_report.py``, its supply table given an
incumbent response and a served-share floor layer so that all five sources are drawn.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from tests.test_report import YEARS, HandResult
from tigris.report import report_tables
from tigris.report.figures import LUMA_MARGIN, figure_spec
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure

#: The five sources of the supply figure (``tigris.report.frames.SUPPLY_SOURCES``).
SOURCES = [
    "incumbent existing",
    "incumbent announced",
    "incumbent response",
    "served-share floor",
    "investor new",
]
#: The words a caption uses for each fill (plotly shape): what a reader of a grey print
#: is told to look for.
FILL_WORDS = {"/": "hatched /", "x": "cross-hatched x", "-": "striped -", ".": "dotted"}


def _luma(hex_colour: str) -> float:
    """BT.601 luma of ``#RRGGBB`` [0-255] (by hand, see the module docstring)."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_luma_by_hand_shows_the_clash() -> None:
    # orange #E69F00: 0.299*230 + 0.587*159 = 68.77 + 93.333 = 162.103;
    # sky #56B4E9: 0.299*86 + 0.587*180 + 0.114*233 = 25.714 + 105.66 + 26.562 = 157.936
    assert _luma("#E69F00") == pytest.approx(162.103)
    assert _luma("#56B4E9") == pytest.approx(157.936)
    # grey #999999 = 153 (the weights sum to 1)
    assert _luma("#999999") == pytest.approx(153.0)


@pytest.fixture(scope="module")
def five(hand: HandResult) -> HandResult:
    """The hand plan with all five supply layers: 0.2M H100e a year of the existing
    layer moved to an incumbent response and 0.1M to a served-share floor (the stack,
    and so the compute served, unchanged)."""
    s = hand.supply_by_source.copy()
    moved = {"incumbent response": 2e5, "served-share floor": 1e5}
    rows = []
    for src, h in moved.items():
        s.loc[s["source"] == "incumbent existing", "h100e"] -= h
        part = s[s["source"] == "incumbent existing"].copy()
        part["source"] = src
        part["h100e"] = h
        rows.append(part)
    s = s[s["source"] != "incumbent response"]
    s = pd.concat([s, *rows], ignore_index=True)
    assert sorted(s["source"].unique()) == sorted(SOURCES)
    assert len(s) == len(SOURCES) * len(YEARS)
    return replace(hand, supply_by_source=s)


def _pairs_ok(bars: dict[str, tuple[str, set[str]]]) -> list[str]:
    """The pairs of ``name -> (colour, fills)`` a grey print cannot tell apart: luma
    closer than the margin and a fill in common."""
    bad = []
    for (a, (ca, fa)), (b, (cb, fb)) in combinations(bars.items(), 2):
        if abs(_luma(ca) - _luma(cb)) < LUMA_MARGIN and fa & fb:
            bad.append(f"{a} ({_luma(ca):.0f}, {fa}) ~ {b} ({_luma(cb):.0f}, {fb})")
    return bad


def _plotly_bars(fig) -> dict[str, tuple[str, set[str]]]:
    out = {}
    for t in fig.data:
        if t.type != "bar":
            continue
        shape = t.marker.pattern.shape
        shapes = set(shape) if isinstance(shape, (list, tuple)) else {shape or ""}
        out[t.name] = (t.marker.color.upper(), {x or "" for x in shapes})
    return out


def _mpl_bars(fig) -> dict[str, tuple[str, set[str]]]:
    out: dict[str, tuple[str, set[str]]] = {}
    for ax in fig.axes:
        for c in ax.containers:
            label = c.get_label()
            if not c.patches or label.startswith("_"):
                continue
            colour = to_hex(c.patches[0].get_facecolor(), keep_alpha=False).upper()
            fills = {p.get_hatch() or "" for p in c.patches}
            old = out.get(label, (colour, set()))
            out[label] = (colour, old[1] | fills)
    return out


def test_html_supply_layers_and_schedule_phases_differ_in_grey(five: HandResult) -> None:
    r = report_tables(five)
    supply = _plotly_bars(plotly_figure("supply", r))
    assert set(supply) == set(SOURCES)
    assert _pairs_ok(supply) == []
    # the investor's layer in particular, the one a briefing is about
    assert supply["investor new"][1] == {"/"}
    schedule = _plotly_bars(plotly_figure("schedule", r))
    assert set(schedule) == {"construction", "ramp"}
    assert _pairs_ok(schedule) == []


def test_png_supply_layers_and_schedule_phases_differ_in_grey(five: HandResult) -> None:
    import matplotlib.pyplot as plt

    r = report_tables(five)
    for key, names in (("supply", set(SOURCES)), ("schedule", {"construction", "ramp"})):
        fig = mpl_figure(key, r)
        try:
            bars = _mpl_bars(fig)
            assert names <= set(bars), (key, set(bars))
            bars = {n: bars[n] for n in names}
            assert _pairs_ok(bars) == [], key
            # the legend swatch carries the fill too (a reader matches it by the swatch)
            legend = {
                t.get_text(): h
                for lg in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]
                if lg is not None
                for t, h in zip(lg.get_texts(), lg.legend_handles, strict=True)
            }
            for n in names:
                assert (legend[n].get_hatch() or "") in bars[n][1], (key, n)
        finally:
            plt.close(fig)


def test_captions_name_the_fills_not_colour_alone() -> None:
    supply = " ".join(figure_spec("supply").caption.split())
    schedule = " ".join(figure_spec("schedule").caption.split())
    assert "(orange, hatched /)" in supply
    assert "(cross-hatched x)" in supply and "(striped -)" in supply
    # was 'Construction (grey) and ramp to full output (orange)': colour only
    assert "Construction (grey, dotted)" in schedule
    assert "(orange, plain)" in schedule


def test_html_report_shows_the_captions_with_the_fills(html_text: str) -> None:
    text = " ".join(html_text.split())
    assert "(orange, hatched /)" in text
    assert "Construction (grey, dotted)" in text


def test_report_and_dashboard_use_the_same_fills() -> None:
    from tigris.report.figures import GREYSCALE_PATTERNS as REPORT
    from tigris.serve.view import GREYSCALE_PATTERNS as PAGE

    assert PAGE, "the dashboard's patterns moved"
    for fid, by_name in PAGE.items():
        key = fid.removeprefix("fig-")
        for name, shape in by_name.items():
            assert REPORT[key][name] == shape, (fid, name)
    # and every fill named in a caption is one FILL_WORDS knows
    for key, by_name in REPORT.items():
        caption = " ".join(figure_spec(key).caption.split())
        for shape in by_name.values():
            assert FILL_WORDS[shape] in caption, (key, shape)


def test_hand_plan_stack_unchanged_by_the_fixture(hand: HandResult, five: HandResult) -> None:
    # the fixture moves compute between layers, not in or out of the stack
    a = hand.supply_by_source.groupby("year")["h100e"].sum().reindex(YEARS)
    b = five.supply_by_source.groupby("year")["h100e"].sum().reindex(YEARS)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy())
