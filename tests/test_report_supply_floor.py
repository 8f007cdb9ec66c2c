"""The supply figure when a source is negative in a year (the served-share floor).

``supply_by_source``'s ``served-share floor`` row is the change the scenario's floor
makes to the world without the investor: it moves compute from one year to another, so
it can be negative in a year (``tigris plan --objective npv --min-served-share 0.135``
on the reference: -63.1M H100e in 2034, +84.7M in 2035). The hand plan of
``tests/test_report.py`` is given such a row by hand here: the floor moves 0.2M H100e of
the frontier class from 2026 to 2027 (``-2e5`` then ``+2e5``), and the demand table
serves 0.2M less in 2026 and 0.2M more in 2027. Invariants of the figure: no bar of
negative height (a negative bar stacked on top covers the layers beneath it and reads
as compute added), and the stack is the compute served in every year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tests.test_report import HAND_SUPPLY, YEARS, HandResult
from tigris.report import frames, report_tables
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure
from tigris.report.tables import supply_table

FLOOR = "served-share floor"
#: H100e the floor moves from 2026 to 2027 (by hand).
MOVED = 2e5
#: The floor's row by year (by hand).
FLOOR_ROW = [0.0, -MOVED, MOVED, 0.0, 0.0, 0.0]


def floored(hand: HandResult) -> HandResult:
    """``hand`` with the floor's row and the demand table it implies."""
    rows = pd.DataFrame(
        {
            "year": YEARS,
            "source": FLOOR,
            "h100e": FLOOR_ROW,
            "demand_h100e": [
                float(hand.demand.loc[hand.demand["year"] == y, "demand_h100e"].sum())
                for y in YEARS
            ],
        }
    )
    supply = pd.concat([hand.supply_by_source, rows], ignore_index=True)
    d = hand.demand.copy()
    shift = d["year"].map(dict(zip(YEARS, FLOOR_ROW, strict=True)))
    frontier = d["demand_class"] == "frontier-training"
    for col, sign in (("served_h100e", 1.0), ("baseline_served_h100e", 1.0)):
        d[col] = d[col] + np.where(frontier, sign * shift, 0.0)
    d["unmet_h100e"] = d["unmet_h100e"] - np.where(frontier, shift, 0.0)
    assert (d["unmet_h100e"] >= 0).all() and (d["served_h100e"] >= 0).all()  # the hand case
    return HandResult(**{**hand.__dict__, "supply_by_source": supply, "demand": d})


def _served(r: HandResult) -> np.ndarray:
    return r.demand.groupby("year")["served_h100e"].sum().reindex(YEARS).to_numpy()


#: What is drawn, by hand: 2026's 0.2M taken off the layer beneath the floor that has
#: compute that year (announced, 0.6M -> 0.4M; the response is 0), the floor drawn as 0
#: there and as 0.2M in 2027; the other layers as they are.
DRAWN = {
    "incumbent existing": HAND_SUPPLY["incumbent existing"],
    "incumbent announced": [5e5, 4e5, 7e5, 7e5, 7e5, 7e5],
    FLOOR: [0.0, 0.0, MOVED, 0.0, 0.0, 0.0],
    "investor new": HAND_SUPPLY["investor new"],
}


def test_no_negative_bar_and_the_stack_is_what_is_served(hand: HandResult) -> None:
    r = floored(hand)
    served = _served(r)
    np.testing.assert_allclose(served, 3e6 + 1e5 * np.arange(6) + np.array(FLOOR_ROW))
    layers, _, _ = frames.supply_layers(r.supply_by_source, r.demand, YEARS, "served")
    assert list(layers) == list(DRAWN)
    for name, want in DRAWN.items():
        np.testing.assert_array_equal(layers[name], want, err_msg=name)
    fig = plotly_figure("supply", report_tables(r))
    bars = {t.name: np.asarray(t.y, dtype=float) for t in fig.data if t.type == "bar"}
    assert list(bars) == list(DRAWN)
    for name, y in bars.items():
        assert np.all(y >= 0), name
    np.testing.assert_array_equal(sum(bars.values()), served)
    png = mpl_figure("supply", report_tables(r))
    ax = png.axes[0]
    heights = np.array([p.get_height() for p in ax.patches]).reshape(len(DRAWN), len(YEARS))
    bottoms = np.array([p.get_y() for p in ax.patches]).reshape(len(DRAWN), len(YEARS))
    assert np.all(heights >= 0)
    np.testing.assert_allclose((bottoms[-1] + heights[-1]) * 1e6, served, rtol=1e-12)
    np.testing.assert_allclose(heights[1] * 1e6, DRAWN["incumbent announced"], rtol=1e-12)


def test_the_table_keeps_the_signed_row_and_closes(hand: HandResult) -> None:
    """The supply table (the numbers under the figure) says what the floor moved: its
    column is the signed row, and the sources still sum to the compute served."""
    r = floored(hand)
    t = supply_table(r.supply_by_source, r.demand, YEARS)
    assert t[FLOOR].tolist() == FLOOR_ROW
    np.testing.assert_array_equal(t["served_h100e"].to_numpy(), _served(r))
    np.testing.assert_array_equal(
        (t["served_h100e"] + t["unmet_h100e"]).to_numpy(),
        r.demand.groupby("year")["demand_h100e"].sum().reindex(YEARS).to_numpy(),
    )
