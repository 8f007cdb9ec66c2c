"""One look for every figure: the wafer map, the fab timeline and the plan report.

Each figure is checked for the house conventions of ``tigris.viz.style``: axis titles
written ``Quantity [unit]``, a second y axis styled like the first, the legend under the
figure, and the colours explained.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

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
    assert texts == ["good die", "defective die", "partial", "edge exclusion"]
    h = plot_wafer_map(20.0, 20.0, 0.1, rng=np.random.default_rng(1), units=10, spares=1)
    texts = [t.get_text() for t in h.figure.legends[0].get_texts()]
    assert texts == [
        "good die, every unit working",
        "harvested die (units disabled)",
        "defective die",
        "partial",
        "edge exclusion",
    ]


# --- the wafer map counts what the table counts (harvesting included) -----------------

#: GH100-sized die (26 x 31.3 mm = 814 mm^2) at D0 = 0.1 /cm^2 with 144 SMs of which 12
#: may fail, half the die in SMs: harvested yield 0.666 (yields.harvested_yield's
#: docstring, Stapper et al. 1980); without harvesting exp(-0.814) = 0.443.
GH100 = ["--width", "26", "--height", "31.3", "--d0", "0.1", "--units", "144", "--spares", "12"]


def _table_value(out: str, row: str) -> str:
    """The value cell of ``row`` in a ``tigris die`` table."""
    line = next(ln for ln in out.splitlines() if ln.strip("│┃ ").startswith(row))
    return [c.strip() for c in line.strip("│┃").split("│")][1]


def test_wafer_map_title_counts_the_tables_good_dies(run_cli, tmp_path) -> None:
    from tigris.cli._output import fmt

    png = tmp_path / "wafer.png"
    table = run_cli("die", *GH100, "--unit-fraction", "0.5")
    assert table.code == 0, table.err
    shown = _table_value(table.out, "good dies")
    doc = run_cli("die", *GH100, "--unit-fraction", "0.5", "--plot", png, "--json").json()
    drawn = doc["plot"]
    # the map's expected count is the table's, to the last bit and as printed
    assert drawn["expected_good"] == doc["good_dies"]
    assert fmt(drawn["expected_good"]) == shown
    assert doc["yield"] == pytest.approx(0.666, abs=5e-4)  # the published doctest value
    # drawn: round(whole x 0.666) good, of which round(whole x exp(-0.814)) with every SM
    whole = drawn["whole"]
    assert whole == doc["gross_dies"]
    assert drawn["good"] == int(np.floor(whole * doc["yield"] + 0.5))
    perfect = int(np.floor(whole * np.exp(-0.1 * 26 * 31.3 / 100) + 0.5))
    assert drawn["harvested"] == drawn["good"] - perfect > 0
    assert drawn["good"] + drawn["defective"] == whole
    # and the title says the same number the table says
    m = plot_wafer_map(
        26,
        31.3,
        0.1,
        rng=np.random.default_rng(0),
        units=144,
        spares=12,
        unit_area_fraction=0.5,
        number_format=fmt,
    )
    assert f"{whole} whole dies: {shown} good expected" in m.figure.axes[0].get_title()
    ax = m.figure.axes[0]
    coloured = {c.get_gid(): len(c.get_paths()) for c in ax.collections if c.get_gid()}
    assert coloured["good"] == perfect and coloured["harvested"] == drawn["harvested"]


def test_wafer_map_seeded_assignment() -> None:
    def colours(seed: int) -> dict:
        m = plot_wafer_map(20.0, 15.0, 0.3, rng=np.random.default_rng(seed), units=40, spares=4)
        ax = m.figure.axes[0]
        return {
            c.get_gid(): sorted(map(tuple, np.round([p.vertices[0] for p in c.get_paths()], 6)))
            for c in ax.collections
            if c.get_gid()
        }

    a, b, c = colours(3), colours(3), colours(4)
    assert a == b  # same seed, same map
    assert a != c  # another seed places the dies elsewhere ...
    assert {k: len(v) for k, v in a.items()} == {k: len(v) for k, v in c.items()}  # same counts
