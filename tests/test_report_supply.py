"""What the investor adds and supply by source against demand, in the report and on the
terminal.

The hand-built plan of ``tests/test_report.py`` carries a ``supply_by_source`` table
and ``baseline``/``added`` sections whose numbers are set by hand (``HAND_SUPPLY``):
incumbents' existing 2.5M H100e a year, announced additions 0.5M-0.7M, the investor's
builds 0.1M-0.3M from 2028, no incumbent response. The figure, its table and the
headline are read back out of what was rendered (plotly JSON, ``data-value`` cells,
matplotlib artists, the terminal) and compared with those tables and with invariants:
the stack sums to the compute served in the ``demand`` table, no layer is negative,
with - without = added.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.test_report import (
    HAND_ADDED_TOTAL,
    HAND_PER_ADDED_USD,
    HAND_SPENT_USD,
    HAND_SUPPLY,
    YEARS,
    HandResult,
    _decode,
    by_name,
    hand_result,
    html_traces,
    save_result,
)
from tests.test_report_tables import tables_of
from tigris.report import frames, read_result, render_html, report_tables
from tigris.report.figures import FIGURES, SUPPLY_COLOURS
from tigris.report.headline import investor_sentences, summary_rows
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure
from tigris.report.tables import supply_table
from tigris.viz.style import save_png

#: The sources drawn for the hand plan, bottom first (no response: left out).
DRAWN = ["incumbent existing", "incumbent announced", "investor new"]


def _served(hand: HandResult) -> np.ndarray:
    return hand.demand.groupby("year")["served_h100e"].sum().reindex(YEARS).to_numpy()


def _demand(hand: HandResult) -> np.ndarray:
    return hand.demand.groupby("year")["demand_h100e"].sum().reindex(YEARS).to_numpy()


def older_run(r: HandResult) -> HandResult:
    """``r`` as a run saved before the world without the investor was solved."""
    demand = r.demand.drop(columns=["baseline_served_h100e", "added_h100e"])
    return HandResult(**{**r.__dict__, "supply_by_source": None, "demand": demand})


# --- the figure -------------------------------------------------------------------------


def test_supply_figure_stacks_the_sources_to_the_served_compute(
    html_text: str, hand: HandResult
) -> None:
    t = by_name(html_traces(html_text)["fig-supply"])
    bars = [n for n in t if t[n]["type"] == "bar"]
    assert bars == DRAWN  # in stacking order, the all-zero response left out
    for name in DRAWN:
        np.testing.assert_array_equal(_decode(t[name]["y"]), HAND_SUPPLY[name], err_msg=name)
        assert t[name]["marker"]["color"] == SUPPLY_COLOURS[name]
        assert np.all(_decode(t[name]["y"]) >= 0), name  # no negative area
    stack = sum(_decode(t[n]["y"]) for n in DRAWN)
    # the stack is the compute served (3.0M + 0.1M/yr, the demand table's); sums of
    # float64 integers below 2^53 are exact
    np.testing.assert_array_equal(stack, _served(hand))
    np.testing.assert_array_equal(stack, 3e6 + 1e5 * np.arange(6))
    # against demand (a line): 3.0M + 0.6M/yr, never below the stack
    np.testing.assert_array_equal(_decode(t["demand: total"]["y"]), _demand(hand))
    assert t["demand: total"]["type"] == "scatter"
    assert np.all(_decode(t["demand: total"]["y"]) >= stack)


def test_supply_png_draws_the_same_numbers(hand: HandResult) -> None:
    fig = mpl_figure("supply", report_tables(hand))
    ax = fig.axes[0]
    # by hand the demand peaks at 6.0M: the axis is in millions of H100e
    assert ax.get_ylabel() == "Compute [million H100e]"
    heights = np.array([p.get_height() for p in ax.patches]).reshape(len(DRAWN), len(YEARS))
    bottoms = np.array([p.get_y() for p in ax.patches]).reshape(len(DRAWN), len(YEARS))
    for k, name in enumerate(DRAWN):
        np.testing.assert_allclose(heights[k] * 1e6, HAND_SUPPLY[name], rtol=1e-12)
    assert np.all(heights >= 0)
    np.testing.assert_allclose((bottoms[-1] + heights[-1]) * 1e6, _served(hand), rtol=1e-12)
    (line,) = ax.get_lines()
    np.testing.assert_allclose(line.get_ydata() * 1e6, _demand(hand), rtol=1e-12)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    # the stack from the bottom, then demand, then the band over its projected years
    # (the hand plan's map demand: every planning year, 2025 on; UT-JOURNO #7)
    assert legend == [*DRAWN, "demand: total", "projection: 2025 on"]
    assert ax.get_ylim()[1] >= 6.0 * 1.05  # headroom above the 6.0M peak


def test_supply_frame_residues_and_response(hand: HandResult) -> None:
    # a nested solve's float residue (-0.4 H100e) is drawn as zero, and a response that
    # is only residue is left out; a real response is kept, between announced and new
    s = hand.supply_by_source.copy()
    s.loc[s["source"] == "incumbent response", "h100e"] = -0.4
    wide = frames.supply_frame(s, YEARS)
    assert list(wide.columns) == [*DRAWN, "demand_h100e"]
    s.loc[(s["source"] == "incumbent response") & (s["year"] == 2030), "h100e"] = 5e4
    wide = frames.supply_frame(s, YEARS)
    assert list(wide.columns) == [
        "incumbent existing",
        "incumbent announced",
        "incumbent response",
        "investor new",
        "demand_h100e",
    ]
    assert wide["incumbent response"].tolist() == [0.0] * 5 + [5e4]
    assert (wide.drop(columns="demand_h100e").to_numpy() >= 0).all()


def test_supply_table_matches_the_figure_and_closes(html_text: str, hand: HandResult) -> None:
    rows = tables_of(html_text).tables["table-supply"]
    assert len(rows) == len(YEARS)
    # the year cell is text; every other cell carries its exact number
    got = np.array([[float(row[0][0])] + [v for _t, v in row[1:]] for row in rows])
    # columns: year, demand, the three sources, served (their sum), unmet
    np.testing.assert_array_equal(got[:, 0], YEARS)
    np.testing.assert_array_equal(got[:, 1], _demand(hand))
    for k, name in enumerate(DRAWN, start=2):
        np.testing.assert_array_equal(got[:, k], HAND_SUPPLY[name], err_msg=name)
    np.testing.assert_array_equal(got[:, 5], _served(hand))
    # unmet from the demand table (0.5M/yr more each year); served + unmet = demand
    np.testing.assert_array_equal(got[:, 6], 5e5 * np.arange(6))
    np.testing.assert_array_equal(got[:, 5] + got[:, 6], got[:, 1])
    t = supply_table(hand.supply_by_source, hand.demand, YEARS)
    assert list(t.columns) == ["year", "demand_h100e", *DRAWN, "served_h100e", "unmet_h100e"]


# --- what the investor adds -------------------------------------------------------------


def test_report_leads_with_what_the_investor_adds(html_text: str, hand: HandResult) -> None:
    adds = re.search(r'<section id="adds">(.*?)</section>', html_text).group(1)
    assert html_text.index('<section id="adds">') < html_text.index('<section id="does">')
    # by hand: 0.6M added to the 19.5M - 0.6M = 18.9M delivered without the investor,
    # for 42 B USD: 70,000 USD per added H100e; short to the end either way. The words
    # are the planner's (PlanResult.headline()["investor"]), the numbers the hand's.
    said = re.findall(r"<p>(.*?)</p>", adds)[0]
    for number in ("600,000 H100e", "18.9M H100e", "$42.0B", "$70,000"):
        assert number in said, (number, said)
    rows = {r[0][0]: r[1] for r in tables_of(html_text).tables["table-adds"]}
    assert rows["added by the investor, all years"][0] == "0.6"
    assert rows["delivered without the investor, all years"][0] == "18.9"
    assert rows["delivered with the investor, all years"][0] == "19.5"
    assert rows["capital spent by the investor"][0] == "42"
    assert rows["capex per added H100e"][0] == "70,000"
    assert rows["shortage ends, with the investor"][0] == "not within the horizon"
    assert HAND_SPENT_USD / HAND_ADDED_TOTAL == HAND_PER_ADDED_USD  # the hand numbers agree


def test_investor_table_by_year(html_text: str, hand: HandResult) -> None:
    rows = tables_of(html_text).tables["table-adds-year"]
    body = np.array([[float(row[0][0])] + [v for _t, v in row[1:]] for row in rows[:-1]])
    # columns: year, demand, without, with, added
    np.testing.assert_array_equal(body[:, 0], YEARS)
    np.testing.assert_array_equal(body[:, 1], _demand(hand))
    np.testing.assert_array_equal(body[:, 3], _served(hand))
    np.testing.assert_array_equal(body[:, 4], HAND_SUPPLY["investor new"])
    np.testing.assert_array_equal(body[:, 3] - body[:, 2], body[:, 4])  # with - without
    assert np.all(body[:, 4] >= 0)
    total = rows[-1]
    assert total[0][0] == "all years"
    assert total[4][1] == HAND_ADDED_TOTAL
    assert total[2][1] + total[4][1] == pytest.approx(total[3][1], rel=1e-12)


def _ends(text: str) -> tuple[str, str]:
    rows = {r[0][0]: r[1][0] for r in tables_of(text).tables["table-adds"]}
    return rows["shortage ends, with the investor"], rows["shortage ends, without the investor"]


def test_when_the_shortage_ends() -> None:
    # The hand plan with everything served in 2029-2030: with the investor no year is
    # short from 2029; without it 2029 and 2030 lack the 0.2M and 0.3M it adds.
    r = hand_result()
    d = r.demand.copy()
    late = d["year"] >= 2029
    d.loc[late, "served_h100e"] = d.loc[late, "demand_h100e"]
    d.loc[late, "unmet_h100e"] = 0.0
    d["baseline_served_h100e"] = d["served_h100e"] - d["added_h100e"]
    assert _ends(render_html(HandResult(**{**r.__dict__, "demand": d}))) == (
        "2029",
        "not within the horizon",
    )
    # everything served every year, with and without the investor: no year is short
    d["served_h100e"], d["unmet_h100e"] = d["demand_h100e"], 0.0
    d["added_h100e"], d["baseline_served_h100e"] = 0.0, d["demand_h100e"]
    text = render_html(HandResult(**{**r.__dict__, "demand": d}))
    assert _ends(text) == ("no year is short", "no year is short")


def test_binding_page_leads_with_what_the_investor_adds(hand: HandResult) -> None:
    from tigris.report.png_pages import binding_lines

    lines = [x.text for x in binding_lines(report_tables(hand))]
    assert lines.index("What the investor adds") < lines.index("What the plan does")
    assert "added by the investor, all years: 0.6 million H100e" in lines


# --- older runs, owners, units ----------------------------------------------------------


def test_older_run_renders_and_says_the_comparison_is_absent(
    tmp_path: Path, hand: HandResult
) -> None:
    old = older_run(hand)
    text = render_html(old)
    assert set(html_traces(text)) == {s.id for s in FIGURES}
    adds = re.search(r'<section id="adds">(.*?)</section>', text).group(1)
    assert "not known" in adds  # the planner's words for a run without the comparison
    assert investor_sentences(report_tables(old))[0] in html.unescape(adds)
    assert 'id="table-adds"' not in text and 'id="table-supply"' not in text
    # the figure still shows the served compute, all sources together, against demand
    t = by_name(html_traces(text)["fig-supply"])
    assert set(t) == {"served: all sources", "demand: total"}
    np.testing.assert_array_equal(_decode(t["served: all sources"]["y"]), _served(hand))
    assert "no split by source in this run" in text
    # saved and read back as 'tigris report' does, and as PNGs
    text = render_html(read_result(save_result(old, tmp_path / "run")))
    assert "no split by source in this run" in text
    fig = mpl_figure("supply", report_tables(old))
    assert any("no split by source" in t.get_text() for t in fig.axes[0].texts)
    save_png(fig, tmp_path / "supply.png")
    assert (tmp_path / "supply.png").stat().st_size > 15_000  # a blank one is ~5 kB


def _owned(hand: HandResult) -> HandResult:
    """The hand plan with an incumbent owning the HBM line, counted in DRAM wafers, and
    the foundry's capital; the 1 B USD subsidy split between their sites, 0.6 to the
    investor's and 0.4 to SK hynix's (the planner's subsidy rows are per owner)."""
    b = hand.builds.assign(owner=["investor", "investor", "SK hynix"])
    b.loc[b["facility"] == "hbm", ["capacity", "capacity_unit"]] = [50_000.0, "wspm"]
    c = hand.capacity.copy()
    c.loc[c["facility"] == "hbm", "unit"] = "wspm"
    owner = {"abu-dhabi-fund": "investor", "foundry": "SK hynix"}
    sub = hand.capex["source"] == "subsidy"
    capex = pd.concat(
        [
            hand.capex[~sub].assign(owner=hand.capex.loc[~sub, "source"].map(owner)),
            hand.capex[sub].assign(capex_usd=0.6e9, owner="investor"),
            hand.capex[sub].assign(capex_usd=0.4e9, owner="SK hynix"),
        ],
        ignore_index=True,
    )
    capital = hand.capital.assign(owner=hand.capital["source"].map(owner))
    return HandResult(
        **{**hand.__dict__, "builds": b, "capacity": c, "capex": capex, "capital": capital}
    )


def test_builds_per_owner_when_there_are_several(hand: HandResult) -> None:
    text = render_html(_owned(hand))
    parsed = tables_of(text).tables
    builds = parsed["table-builds"]
    assert [r[0][0] for r in builds[:-1]] == ["investor", "investor", "SK hynix"]
    owners = parsed["table-owners"]
    # investor: logic N2 (1 module, 30 B) and CoWoS (2 modules, 3 B); SK hynix: HBM
    # (1 module, 50k wafer starts a month, 5 B); then one total per owner
    body = [(r[0][0], r[1][0], r[4][1], r[5][1], r[7][1]) for r in owners[:-2]]
    assert body == [
        ("investor", "logic", 1.0, 20_000.0, 30e9),
        ("investor", "cowos", 2.0, 10_000.0, 3e9),
        ("SK hynix", "hbm", 1.0, 50_000.0, 5e9),
    ]
    assert [(r[0][0], r[7][1]) for r in owners[-2:]] == [("investor", 33e9), ("SK hynix", 5e9)]
    # the investor's money apart from the incumbent's own [billion USD]: abu-dhabi-fund
    # draws 4 x 5 = 20 of 6 x 8 = 48; the foundry (SK hynix) 2 + 5 x 4 = 22 of 6 x 5 = 30
    rows = {q: v for q, v, _u in summary_rows(report_tables(_owned(hand)))}
    assert rows["capex paid by the investor, all years"] == "20"
    assert rows["capex paid by incumbents, own capital, all years"] == "22"
    assert rows["capital offered by the investor, all years"] == "48"
    assert rows["capital of incumbents that respond, all years"] == "30"
    # each owner's subsidy apart (once both counted as one), adding up to the total
    assert rows["capex paid by subsidies, the investor's sites, all years"] == "0.6"
    assert rows["capex paid by subsidies, other owners' sites, all years"] == "0.4"
    assert rows["capex in total, all years"] == "43"
    # HBM capacity is in DRAM wafer starts: no "stacks" anywhere on the page
    assert "stacks" not in text.split("</head>")[1].lower()
    # one owner: no owner column, no per-owner table
    single = render_html(
        HandResult(**{**hand.__dict__, "builds": hand.builds.assign(owner="investor")})
    )
    assert 'id="table-owners"' not in single
    assert tables_of(single).tables["table-builds"][0][0][0] == "arizona"


def test_a_second_panel_when_demand_dwarfs_the_stack(hand: HandResult) -> None:
    # Demand x 10 (30M-60M H100e against a stack of 3.0M-3.5M: more than 4 times): a
    # second panel draws the same stack on its own scale, without the demand line.
    d = hand.demand.assign(demand_h100e=hand.demand["demand_h100e"] * 10)
    s = hand.supply_by_source.assign(demand_h100e=hand.supply_by_source["demand_h100e"] * 10)
    big = report_tables(HandResult(**{**hand.__dict__, "demand": d, "supply_by_source": s}))
    fig = plotly_figure("supply", big)
    below = [t for t in fig.data if t.yaxis == "y2"]
    assert [t.name for t in below] == DRAWN and not any(t.showlegend for t in below)
    for t in below:
        np.testing.assert_array_equal(t.y, HAND_SUPPLY[t.name])
    assert [t.name for t in fig.data if t.type == "scatter"] == ["demand: total"]
    assert next(t for t in fig.data if t.type == "scatter").yaxis == "y"
    top, stack = 60e6, 3.5e6  # by hand: demand in 2030, served in 2030
    assert fig.layout.yaxis.range[1] >= top * 1.05
    assert stack * 1.05 <= fig.layout.yaxis2.range[1] < top / 4
    assert fig.layout.yaxis2.title.text == "Compute delivered [H100e]"
    png = mpl_figure("supply", big)
    ax, ax2 = png.axes
    assert ax2.get_ylabel() == "Compute delivered\n[million H100e]"
    heights = np.array([p.get_height() for p in ax2.patches]).reshape(len(DRAWN), len(YEARS))
    for k, name in enumerate(DRAWN):
        np.testing.assert_allclose(heights[k] * 1e6, HAND_SUPPLY[name], rtol=1e-12)
    assert ax2.get_lines() == [] and len(ax.get_lines()) == 1
    # the hand plan itself (demand 6.0M, stack 3.5M) keeps one panel
    assert len(mpl_figure("supply", report_tables(hand)).axes) == 1


def test_no_plan_no_comparison(hand: HandResult) -> None:
    # a time limit without a solution is no plan: nothing is said of what the
    # investor adds (the page says there is no plan)
    none = HandResult(**{**hand.__dict__, "status": "time_limit", "objective_usd": float("nan")})
    text = render_html(none)
    assert '<section id="adds">' not in text and 'id="table-adds"' not in text
    assert "No plan (time_limit)" in text
