"""One look for every figure: the wafer map, the fab timeline and the plan report.

Each figure is checked for the house conventions of ``tigris.viz.style``: axis titles
written ``Quantity [unit]``, a second y axis styled like the first, the legend under the
figure, and the colours explained.
"""

from __future__ import annotations

import re

import numpy as np

from tigris.fab import fab_model
from tigris.viz.fab import plot_fab_timeline
from tigris.viz.style import FONT_SIZE, SMALL_FONT_SIZE, axis_label
from tigris.viz.wafer import plot_wafer_map

#: An axis title in the house form: capitalised quantity, unit in brackets.
HOUSE_LABEL = re.compile(r"^[A-Z][^\[]*( \[[^\]]+\])?$")


def test_fab_timeline_in_house_style() -> None:
    fig = plot_fab_timeline(fab_model("N5", 20_000, "taiwan"))
    ax, ax2 = fig.axes
    assert ax.get_ylabel() == axis_label("Capex spend", "billion USD")
    assert ax2.get_ylabel() == axis_label("Output", "% of full capacity")
    for label in (ax.get_xlabel(), ax.get_ylabel(), ax2.get_ylabel()):
        assert HOUSE_LABEL.match(label), label
    # the twin axis: no top frame, no second grid, same text sizes as the first axis
    assert not ax2.spines["top"].get_visible() and ax2.spines["right"].get_visible()
    assert not any(line.get_visible() for line in ax2.get_ygridlines())
    for a in (ax, ax2):
        assert a.yaxis.label.get_fontsize() == FONT_SIZE
        assert all(t.get_fontsize() == SMALL_FONT_SIZE for t in a.get_yticklabels())
    # one legend under the figure, as in the report, never over the data
    assert ax.get_legend() is None and len(fig.legends) == 1
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["capex spend", "output"]
    # the tallest bar keeps clear of the frame (>= 5 % of its height)
    top = max(p.get_height() for p in ax.patches)
    assert ax.get_ylim()[1] >= top * 1.05


def test_wafer_map_explains_its_colours() -> None:
    m = plot_wafer_map(20.0, 20.0, 0.1, rng=np.random.default_rng(1))
    ax = m.figure.axes[0]
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("x [mm]", "y [mm]")
    assert len(m.figure.legends) == 1
    texts = [t.get_text() for t in m.figure.legends[0].get_texts()]
    assert texts == ["good die", "defective die", "partial", "defect", "edge exclusion"]
