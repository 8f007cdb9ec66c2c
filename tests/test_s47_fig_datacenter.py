"""The data-centre panels draw need and capacity alike (user test S47 #7): "needed" was
a slope between years and "online" a step changing half-way, so in every rising year the
need looked above the capacity although the table shows them equal."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tigris.report import report_tables
from tigris.report.energy import mpl_datacenter, plotly_datacenter

YEARS = list(range(2026, 2031))


def _equal_need_and_capacity(hand):
    """The hand plan with a data-centre pool whose capacity online equals the need
    every year (as on the reference), rising."""
    import dataclasses

    mw = [40_000.0, 55_000.0, 64_000.0, 74_000.0, 83_000.0]
    power = pd.DataFrame(
        {
            "year": YEARS * 2,
            "region": ["world"] * 5 + ["usa"] * 5,
            "fleet_it_mw": [m / 1.2 for m in mw] * 2,
            "facility_mw_needed": mw + [m * 0.75 for m in mw],
            "datacenter_mw_online": mw + [m * 0.75 for m in mw],
            "fab_power_mw": [0.0] * 10,
            "energy_twh": [0.0] * 10,
            "fab_energy_twh": [0.0] * 10,
            "emissions_t_co2": [0.0] * 10,
            "electricity_cost_usd": [0.0] * 10,
        }
    )
    h = dataclasses.replace(hand, power=power)
    r = report_tables(h)
    return dataclasses.replace(r, horizon=(YEARS[0], YEARS[-1]))


def test_plotly_need_and_capacity_drawn_alike(hand) -> None:
    fig = plotly_datacenter(_equal_need_and_capacity(hand))
    by_name = {t.name: t for t in fig.data}
    for region in ("world", "usa"):
        need, online = by_name[f"needed: {region}"], by_name[f"online: {region}"]
        np.testing.assert_allclose(np.asarray(need.y), np.asarray(online.y))
        # the same line shape: equal values draw as one line, no gap a reader takes
        # for a shortfall
        assert need.line.shape == online.line.shape, region
        assert list(need.x) == list(online.x)


def test_png_need_and_capacity_drawn_alike(hand) -> None:
    fig = mpl_datacenter(_equal_need_and_capacity(hand))
    try:
        panels = [a for a in fig.axes if a.get_visible() and a.get_lines()]
        assert len(panels) == 2
        for ax in panels:
            need, online = ax.get_lines()[:2]
            assert need.get_drawstyle() == online.get_drawstyle()
            # the drawn paths coincide: equal values draw as one line
            np.testing.assert_allclose(need.get_path().vertices, online.get_path().vertices)
    finally:
        plt.close(fig)
