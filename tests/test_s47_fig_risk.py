"""The risk report's fan charts keep their y titles whole, and every risk PNG carries a
caption and a provenance footer as the plan's PNGs do (user test S47 #5: "...net cash
flow [billion" and "...energy [Mt C" were cut, and the fan PNGs said nothing under
them)."""

from __future__ import annotations

from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg

from tests.test_risk_report import hand_result
from tigris.report import risk
from tigris.report.risk import mpl_fan, plotly_fan

#: The longest fan title of the risk report (``OUTPUT_WORDS``), in its unit.
LONG_TITLE = "Investor's cumulative discounted net cash flow"
FAN = pd.DataFrame(
    {
        "year": [2026, 2027, 2028],
        "p5": [-30e9, -20e9, -10e9],
        "p25": [-25e9, -15e9, -5e9],
        "p50": [-20e9, -10e9, 0.0],
        "p75": [-15e9, -5e9, 5e9],
        "p95": [-10e9, 0.0, 10e9],
        "planned": [-20e9, -11e9, 1e9],
    }
)
#: Room a line of the plotly y title has [characters]: ~300 px of plot at the 13 px
#: axis font (0.6 em a character) holds ~38.
PLOTLY_LINE_CHARS = 38


def test_png_fan_y_title_fits_its_axes() -> None:
    fig = mpl_fan(FAN.assign(**{c: FAN[c] / 1e9 for c in FAN if c != "year"}), LONG_TITLE, "USD")
    try:
        renderer = FigureCanvasAgg(fig).get_renderer()
        fig.draw(renderer)
        ax = fig.axes[0]
        label = ax.yaxis.label
        assert "[billion USD]" in label.get_text()
        box = label.get_window_extent(renderer)
        whole = fig.bbox
        # inside the figure (not cut at its top or bottom) and no taller than the axes
        assert box.y0 >= whole.y0 and box.y1 <= whole.y1, (box, whole)
        assert box.height <= ax.get_window_extent(renderer).height
    finally:
        plt.close(fig)


def test_plotly_fan_y_title_in_lines_that_fit() -> None:
    fig = plotly_fan(FAN, LONG_TITLE, "USD")
    title = fig.layout.yaxis.title.text
    lines = title.split("<br>")
    assert all(len(x) <= PLOTLY_LINE_CHARS for x in lines), lines
    # the unit whole on one line
    assert any("[billion USD]" in x for x in lines), lines
    assert fig.layout.yaxis.automargin is True


@pytest.fixture(scope="module")
def drawn() -> list[tuple[str, Any]]:
    """Every figure ``write_risk_pngs`` saves, with its file name (read back before
    the file is written)."""
    res = hand_result()
    got: list[tuple[str, Any]] = []
    real = risk.save_png

    def keep(fig: Any, path: Any, **kw: Any) -> None:
        got.append((str(path), fig))

    risk.save_png = keep
    try:
        risk.write_risk_pngs(res, "/nonexistent-not-written")
    finally:
        risk.save_png = real
    return got


def test_every_risk_png_has_caption_and_footer(drawn: list[tuple[str, Any]]) -> None:
    assert any("fan-" in name for name, _ in drawn)
    for name, fig in drawn:
        text = " ".join(" ".join(t.get_text() for t in fig.texts).split())
        assert "sampled plans solved" in text and "seed" in text, name
        assert "Source: tigris" in text and "scenario 'hand'" in text, name
        if "fan-" in name:
            assert "median" in text and "p5 to p95" in text, name
        plt.close(fig)
