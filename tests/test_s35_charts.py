"""UT-JOURNO #7: the plan's figures can be published as they are.

Every figure (PNG and the HTML report's plotly figures) says where it comes from in one
source line, ``Source: tigris VERSION, scenario NAME; demand: ...``, with the demand's
basis as the run states it; the projected years of a demand line are marked; the
supply figure's caption is short, its long text in the report's notes; and the capex
figure stays readable when the capital offered dwarfs the capital spent ($7T).

Expected values are by hand: the demand history is 2022-2025 (docs/plan.md, "Demand
calibrated on history"), the small plan's horizon 2026-2029, the hand plan's 2025-2030
with map demand (tests/test_report.py), and the $7T fund of docs/examples/small-plan.yaml
is released half in 2026 and half in 2027 (its capital table).
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.test_report import HandResult
from tigris.report import FIGURES, report_tables
from tigris.report.figures import (
    CAPEX_OFF_SCALE_RATIO,
    NOTES_HEADING,
    demand_basis,
    figure_spec,
    source_line,
)
from tigris.report.html import render_html
from tigris.report.plotly_figs import plotly_figure
from tigris.report.png import mpl_figure, png_figures
from tigris.report.provenance import ReportInfo
from tigris.report.result import ReportTables
from tigris.viz.style import headroom_top
from tigris.world.demand import calibration_sources

INFO = ReportInfo("9.8.7", "2026-12-01T15:40:00Z", "ab" * 32)
EXAMPLE = Path(__file__).parent.parent / "docs" / "examples" / "small-plan.yaml"
#: The calibrated demand's words for a horizon from 2026 (docs/plan.md: history
#: 2022-2025 is published shipments, later years the forecast of demand_growth.csv).
CALIBRATED = (
    "published shipments to 2025, tigris projection from 2026 "
    "(AI spending x price-performance, data/demand_growth.csv)"
)
#: A PNG caption line at the house small font on a 7-inch figure [characters]
#: (tigris.viz.style.wrap_chars(7 * 0.96, 9)).
PNG_LINE_CHARS = 89


def _words(text: str) -> str:
    return " ".join(text.split())


def _texts(fig: Any) -> str:
    return _words(" ".join(t.get_text() for t in fig.texts))


def _solved(tmp_path: Path, *pairs: tuple[str, str]) -> Any:
    from tigris.plan import solve

    text = EXAMPLE.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "small.yaml"
    path.write_text(text, encoding="utf-8")
    return solve(path, explain_result=False)


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> ReportTables:
    """The example plan with its training class a share of the calibrated demand."""
    d = tmp_path_factory.mktemp("calibrated")
    res = _solved(d, ("h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}", "calibrated_share: 0.01"))
    return report_tables(res)


@pytest.fixture(scope="module")
def seven_trillion(tmp_path_factory: pytest.TempPathFactory) -> ReportTables:
    """The example plan with its fund offering US$7 trillion (UT-JOURNO's c7000 run)."""
    d = tmp_path_factory.mktemp("c7000")
    return report_tables(_solved(d, ("amount_usd: 2.0e10", "amount_usd: 7.0e12")))


# --- 1. the source line -------------------------------------------------------------


def test_every_png_figure_and_page_names_its_source(hand: HandResult) -> None:
    line = "Source: tigris 9.8.7, scenario 'two-sites'; demand: the scenario's own map"
    made = list(png_figures(hand, INFO))
    assert len(made) > len(FIGURES)
    for stem, _title, fig in made:
        text = _texts(fig)
        assert line in text, stem
        # the provenance footer is kept
        assert "tigris 9.8.7 · created 2026-12-01T15:40:00Z · inputs sha256 abababababab" in text


def test_every_html_figure_names_its_source_under_and_in_it(hand: HandResult) -> None:
    line = "Source: tigris 9.8.7, scenario 'two-sites'; demand: the scenario's own map"
    text = render_html(hand, info=INFO)
    for spec in FIGURES:
        section = re.search(rf'<section class="figure" id="sec-{spec.key}">(.*?)</section>', text)
        assert section is not None, spec.key
        body = section.group(1)
        assert f'<p class="source">{html.escape(line)}</p>' in body, spec.key
        # in the plotly figure too (an image saved from the page keeps it)
        assert '"name":"source"' in body and "Source: tigris 9.8.7, scenario" in body, spec.key


def test_calibrated_demand_is_named_as_the_run_states_it(calibrated: ReportTables) -> None:
    assert calibrated.horizon == (2026, 2029)
    assert source_line(calibrated, "0.1.0") == (
        f"Source: tigris 0.1.0, scenario 'small'; demand: training: {CALIBRATED}; "
        "fine-tuning: the scenario's own map"
    )
    assert demand_basis(calibrated).projection_from == 2026


def test_a_scenario_forecast_and_an_edited_name_are_said(calibrated: ReportTables) -> None:
    a = calibrated.assumptions.copy()
    row = a["parameter"] == "demand: calibrated total"
    assert row.sum() == 1
    a.loc[row, "source"] = calibration_sources({"price_performance_doubling_years": 3.0})
    only = calibrated.demand[calibrated.demand["demand_class"] == "training"]
    r = replace(
        calibrated,
        assumptions=a,
        demand=only,
        scenario_name="small (edited: demand_forecast.price_performance_doubling_years)",
    )
    assert source_line(r, "0.1.0") == (
        "Source: tigris 0.1.0, scenario 'small (edited: "
        "demand_forecast.price_performance_doubling_years)'; demand: published shipments "
        "to 2025, tigris projection from 2026 (AI spending x price-performance, "
        "data/demand_growth.csv, with the scenario's own demand_forecast (see the "
        "assumptions))"
    )
    # a forecast that restates the table's central case (the reference's, for its
    # distributions: 1.6 in 2026, US$3.5T in 2030, x1.07 after, 2.07 years; docs/plan.md)
    same = {
        "spend_growth": {2026: 1.6},
        "spend_usd": {2030: 3.5e12},
        "spend_growth_after": 1.07,
        "price_performance_doubling_years": 2.07,
    }
    a.loc[row, "source"] = calibration_sources(same)
    assert "demand_forecast sets" in a.loc[row, "source"].iloc[0]
    assert source_line(replace(r, assumptions=a), "0.1.0").endswith(
        "tigris projection from 2026 (AI spending x price-performance, data/demand_growth.csv)"
    )


# --- 2. projected years marked -------------------------------------------------------


def _mpl_band(fig: Any) -> tuple[str, float, float]:
    """The label and x span of the projection band of a matplotlib figure."""
    from matplotlib.collections import PolyCollection

    (band,) = [
        c
        for ax in fig.axes
        for c in ax.collections
        if isinstance(c, PolyCollection) and c.get_label().startswith("projection")
    ]
    xs = band.get_paths()[0].vertices[:, 0]
    return band.get_label(), float(xs.min()), float(xs.max())


def _plotly_band(fig: Any) -> tuple[str, float, float]:
    (band,) = [s for s in fig.layout.shapes if (s.name or "").startswith("projection")]
    assert band.showlegend
    return band.name, float(band.x0), float(band.x1)


@pytest.mark.parametrize("key", ["supply", "demand"])
def test_projected_years_are_marked_png_and_html(
    key: str, hand: HandResult, calibrated: ReportTables
) -> None:
    # the hand plan's demand is the scenario's map: every planning year, 2025-2030
    r = report_tables(hand)
    fig = mpl_figure(key, r)
    assert _mpl_band(fig) == ("projection: 2025 on", 2024.5, 2030.5)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "projection: 2025 on" in legend
    assert _plotly_band(plotly_figure(key, r)) == ("projection: 2025 on", 2024.5, 2030.5)
    # the calibrated plan: 2026-2029
    assert _mpl_band(mpl_figure(key, calibrated)) == ("projection: 2026 on", 2025.5, 2029.5)
    assert _plotly_band(plotly_figure(key, calibrated)) == ("projection: 2026 on", 2025.5, 2029.5)


def test_history_years_in_the_horizon_are_not_marked(calibrated: ReportTables) -> None:
    # a horizon from 2024: 2024 and 2025 are published shipments, 2026 on the projection
    d = calibrated.demand
    early = pd.concat(
        [d[d["year"] == 2026].assign(year=y) for y in (2024, 2025)] + [d], ignore_index=True
    )
    r = replace(calibrated, horizon=(2024, 2029), demand=early)
    assert demand_basis(r).projection_from == 2026
    assert _mpl_band(mpl_figure("demand", r)) == ("projection: 2026 on", 2025.5, 2029.5)
    assert _plotly_band(plotly_figure("demand", r)) == ("projection: 2026 on", 2025.5, 2029.5)


# --- 3. short captions, the rest in the notes ----------------------------------------

#: What the supply caption said before (UT-JOURNO #7's 16-line paragraph), now in notes.
MOVED = (
    "not what the existing fabs could make",
    "Each layer is the difference between nested solves of the same scenario",
    "it is drawn as 0 and taken off the layers beneath it",
    "served-share floor moves or adds without the investor (only when it binds)",
    "a second panel shows the stack on its own scale",
)


def test_supply_caption_is_three_lines_and_its_text_is_in_the_notes(hand: HandResult) -> None:
    spec = figure_spec("supply")
    assert len(textwrap.wrap(spec.caption, PNG_LINE_CHARS)) <= 3
    for words in MOVED:
        assert words in spec.notes and words not in spec.caption
    text = render_html(hand, info=INFO)
    notes = re.search(r'<section id="notes">(.*?)</section>', text)
    assert notes is not None and NOTES_HEADING in notes.group(1)
    for words in MOVED:
        assert html.escape(words) in notes.group(1)
    pages = {stem: fig for stem, _t, fig in png_figures(hand, INFO)}
    page = " ".join(_texts(f) for stem, f in pages.items() if stem.startswith("notes"))
    for words in MOVED:
        assert words in page


#: Each long caption's text now in its figure's notes (the captions of 0f7542d~1: capex
#: 5 lines, datacenter 6, cashflow 4, shadow 5 at the PNG's width).
MOVED_ELSEWHERE = {
    "capex": "may exceed that year's release because unspent capital carries over",
    "datacenter": "pro rata to the capacity online there",
    "cashflow": "book value of what was built",
    "shadow": "a GB of HBM, an EUV scanner",
}


def test_every_caption_is_at_most_three_lines() -> None:
    for spec in FIGURES:
        assert len(textwrap.wrap(spec.caption, PNG_LINE_CHARS)) <= 3, spec.key
    for key, words in MOVED_ELSEWHERE.items():
        spec = figure_spec(key)
        assert words in spec.notes and words not in spec.caption, key


# --- 4. the capex figure at $7T -----------------------------------------------------


def test_capex_figure_is_readable_when_capital_dwarfs_spending(
    seven_trillion: ReportTables,
) -> None:
    from matplotlib.patches import StepPatch

    r = seven_trillion
    released = r.capital.groupby("year")["available_usd"].sum().cumsum()
    assert released.to_dict() == {2026: 3.5e12, 2027: 7e12, 2028: 7e12, 2029: 7e12}
    drawn = r.capex[r.capex["source"] == "fund"].groupby("year")["capex_usd"].sum().cumsum()
    peak_bn = float(drawn.max()) / 1e9
    assert 0 < peak_bn * CAPEX_OFF_SCALE_RATIO < 7000  # the case: offered >> spent
    fig = mpl_figure("capex", r)
    ax = fig.axes[0]
    assert not [p for p in ax.patches if isinstance(p, StepPatch)]  # no line at $7,000B
    top = ax.get_ylim()[1]
    assert top < CAPEX_OFF_SCALE_RATIO * peak_bn  # the bars fill the panel
    assert max(p.get_y() + p.get_height() for p in ax.patches) >= peak_bn * (1 - 1e-9)
    note = _words(" ".join(t.get_text() for t in ax.texts))
    assert "Capital released to date, off this scale: $3,500B in 2026 to $7,000B in 2029" in note
    pf = plotly_figure("capex", r)
    (line,) = [t for t in pf.data if t.name == "released, cumulative"]
    assert line.visible == "legendonly"
    assert pf.layout.yaxis.range[1] < CAPEX_OFF_SCALE_RATIO * peak_bn
    (text,) = [a.text for a in pf.layout.annotations if a.name == "released-note"]
    assert "$3,500B in 2026 to $7,000B in 2029" in text


def test_capex_line_is_drawn_when_on_scale(hand: HandResult) -> None:
    from matplotlib.patches import StepPatch

    r = report_tables(hand)
    ax = mpl_figure("capex", r).axes[0]
    assert len([p for p in ax.patches if isinstance(p, StepPatch)]) == 1
    released = r.capital.groupby("year")["available_usd"].sum().cumsum() / 1e9
    assert ax.get_ylim()[1] >= headroom_top(float(released.max())) * (1 - 1e-9)
    assert not ax.texts
    pf = plotly_figure("capex", r)
    (trace,) = [t for t in pf.data if t.name == "released, cumulative"]
    assert trace.visible is not False and trace.visible != "legendonly"
