"""The build table's and the schedule's captions say what the start year is for a
grid-connected data centre: the year it is committed, its construction (and capex)
after the grid wait (user test 2026-12-07, claims #4: the reference's grid modules start
in 2026, are online in 2031 and pay their capex in 2030-2031, while the caption said
"construction starts in the start year")."""

from __future__ import annotations

from typing import Any

import pytest


def test_grid_modules_pay_capex_after_their_start_year(reference_solved: Any) -> None:
    """The claim the captions make, checked on the reference's own cash flows: a grid
    data centre started in its first year pays no capex in it."""
    pytest.importorskip("tigris.report")
    from tigris.report.figures import FIGURES

    r = reference_solved
    b = r.builds
    # a data centre on grid power: kind datacenter, no on-site source in `node`
    grid = b[(b["facility"] == "datacenter") & (b["node"].fillna("") == "")]
    assert len(grid), "the reference builds grid data centres"
    start = int(grid["start_year"].min())
    cf = r.cash_flows
    group = cf[(cf["facility"] == "datacenter") & (cf["start_year"] == start)]
    assert float(group["capex_usd"].sum()) > 0  # the group is there, and pays later
    assert float(group.loc[group["year"] == start, "capex_usd"].sum()) == 0.0
    (spec,) = [f for f in FIGURES if f.key == "schedule"]
    assert "wait for the grid connection" in spec.notes


def test_the_build_table_names_the_grid_wait(reference_solved: Any) -> None:
    pytest.importorskip("tigris.report")
    from tigris.report.html import render_html

    text = render_html(reference_solved)
    assert "construction starts in the start year" not in text
    assert "once its grid connection comes" in text
