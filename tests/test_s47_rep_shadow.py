"""User test s47 #3: the shadow-price figure drew its lines through years worth $0 (the
reference's data-centre power has values in 2027, 2028, 2030, 2031, 2033 and 2035
only, and its line bridged 2029, 2032 and 2034, reading $40-190M per MW there), where
docs/report.md says a resource worth $0 in a year is not drawn. Both renderers break
the line there now; the shadow and cash-flow traces carry hover texts with the full
name, the year, the value and its unit."""

from __future__ import annotations

import itertools
import math

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tests.test_report import _decode, html_traces
from tests.test_s47_rep_util import report_of, saved_run
from tigris.report import read_result
from tigris.report.money import mpl_shadow, shadow_series


def _worth_by_series() -> dict[str, dict[int, float]]:
    """Each series of the reference's shadow prices: year -> value, the years worth
    more than $0 only (``shadow_prices.csv``)."""
    r = read_result(saved_run())
    return {
        name: dict(zip(g["year"], g["value_usd"], strict=True)) for name, _, g in shadow_series(r)
    }


def _years() -> list[int]:
    r = read_result(saved_run())
    return list(range(int(r.horizon[0]), int(r.horizon[1]) + 1))


def test_a_year_worth_nothing_breaks_the_line_in_the_html() -> None:
    worth = _worth_by_series()
    sp = pd.read_csv(saved_run() / "shadow_prices.csv")
    assert (sp["value_usd"] <= 0).any()  # the reference has $0 years to break at
    traces = {t["name"]: t for t in html_traces(report_of())["fig-shadow"]}
    gapped = 0
    for name, values in worth.items():
        t = traces[name]
        assert t.get("connectgaps") is False
        x = [int(v) for v in _decode(t["x"])]
        y = [math.nan if v is None else float(v) for v in _decode(t["y"]).tolist()]
        assert x == _years()
        for year, v in zip(x, y, strict=True):
            if year in values:
                assert v == values[year]
            else:  # worth $0 (or no row) that year: no point, so no line through it
                assert math.isnan(v), (name, year, v)
                gapped += 1
    assert gapped > 0


def test_a_year_worth_nothing_breaks_the_line_in_the_png() -> None:
    worth = _worth_by_series()
    fig = mpl_shadow(read_result(saved_run()))
    try:
        lines = {ln.get_label(): ln for ln in fig.axes[0].get_lines()}
        for name, values in worth.items():
            ln = lines[name]
            x = np.asarray(ln.get_xdata(), dtype=int).tolist()
            y = np.asarray(ln.get_ydata(), dtype=float)
            for year, v in zip(x, y, strict=True):
                assert math.isnan(v) == (year not in values), (name, year, v)
            # no segment joins two years with a year worth $0 between them
            pts = list(zip(x, y, strict=True))
            for (a, va), (b, vb) in itertools.pairwise(pts):
                if math.isfinite(va) and math.isfinite(vb):
                    assert b - a == 1, (name, a, b)
    finally:
        plt.close(fig)


def test_shadow_and_cash_flow_hovers_say_what_where_and_in_what_unit() -> None:
    traces = html_traces(report_of())
    sp = pd.read_csv(saved_run() / "shadow_prices.csv")
    for t in traces["fig-shadow"]:
        hover = t["hovertemplate"]
        assert "year %{x}" in hover and "%{y:" in hover and "$" in hover
        hits = sp[
            [
                f"{a} {b}".strip() in hover
                for a, b in zip(sp["resource"], sp["item"].fillna(""), strict=True)
            ]
        ]
        assert len(hits), hover  # the resource and item in full
        assert f"one more {hits['unit'].iloc[0]}" in hover
    for t in traces["fig-cashflow"]:
        hover = t["hovertemplate"]
        assert t["name"] in hover and "year %{x}" in hover and "billion USD" in hover
