"""The dashboard's words around its numbers (UT-DASH, S36 DASH-FIX): what each tile is
of, how sure the NPV is, what a disruption costs in compute, the discount rate's basis,
the figures' source lines and captions, and the page's accessibility basics. No browser
(``tests/test_s36_dash_browser.py`` has the page's stale marking)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL_3Y
from tigris.report.api import FIGURE_IDS
from tigris.report.figures import FIGURES
from tigris.serve import layout
from tigris.serve.view import compute_view

#: SMALL_3Y (one product, b200; horizon 2026-2028) with an export ban of that product
#: in 2028, the last year: the plan as made delivers nothing that year.
SCENARIO = (
    SMALL_3Y
    + """\
disruptions:
  - name: ban
    kind: export_control
    product: b200
    start_year: 2028
    source: 'tigris assumption: a test event, because the product is the only one'
"""
)


def _request(disruption: str | None = None) -> dict[str, Any]:
    return {"scenario_yaml": SCENARIO, "data_yaml": None, "disruption": disruption, "options": {}}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("s36-dash") / "runs.duckdb"


@pytest.fixture(scope="module")
def plain(store: Path) -> dict[str, Any]:
    return compute_view(_request(), store=store)


@pytest.fixture(scope="module")
def banned(store: Path) -> dict[str, Any]:
    return compute_view(_request("ban"), store=store)


def _text(children: Any) -> list[str]:
    """The text of each ``html.Li`` of the headline's sentences."""
    return [str(li.children) for li in children]


# --- #2: a disruption says what it costs in compute and which world each tile is --------


def test_disruption_view_says_the_deliveries_lost_and_labels_each_tile(
    banned: dict[str, Any],
) -> None:
    out = layout.headline_texts(banned)
    said = " ".join(_text(out["headline-sentences"]))
    d = banned["headline"]["disruption"]
    # the ban removes the only product in 2028: the plan as made loses all of that
    # year's deliveries (by hand: 100 % of what it delivered then), as tigris risk says
    given = d["base_delivered_in_event_years_h100e"]
    assert given > 0
    assert d["fixed_lost_delivered_h100e"] == pytest.approx(given, rel=1e-6)
    assert "H100e of deliveries lost in 2028 (100.0% of the" in said
    assert "H100e-years of compute in service lost over the horizon" in said
    # the undisrupted plan's numbers beside the disrupted ones, and the tiles' bases
    before = layout.fmt.share(d["undisrupted"]["unmet_share"])
    assert (
        f"Without the disruption (the plan as solved before the event): demand unmet {before}"
        in said
    )
    labels = {i: out[layout.LABEL_IDS[i]] for i in layout.HEADLINE_IDS}
    assert "with the disruption" in labels["headline-unmet-share"]
    assert "no disruption" in labels["headline-baseline"]
    # without a disruption the labels say nothing of one
    plain = layout.headline_texts({"headline": {"numbers": {}, "sentences": []}})
    assert "disruption" not in " ".join(plain[layout.LABEL_IDS[i]] for i in layout.HEADLINE_IDS)


# --- #5 and #7: how sure the NPV is; whose cost the first sentence names ------------------


def test_how_sure_line_shows_the_npv_at_plus_minus_two_points_and_without_salvage(
    plain: dict[str, Any],
) -> None:
    n = plain["headline"]["numbers"]
    sure = layout.headline_texts(plain)[layout.SURE_ID]
    money = layout.fmt.money
    # the NPV's spread the plan already computes: NPV(r - 2 pt) > NPV(r) > NPV(r + 2 pt)
    # for an investment (outflows first), and the salvage part adds up to the NPV
    assert n["npv_at_rate_minus_2pt_usd"] > n["npv_usd"] > n["npv_at_rate_plus_2pt_usd"]
    assert n["npv_salvage_usd"] + n["npv_without_salvage_usd"] == pytest.approx(n["npv_usd"])
    rate = 100 * n["discount_rate"]
    assert f"NPV {money(n['npv_usd'])} at {rate:.2f} %" in sure
    assert f"{money(n['npv_at_rate_plus_2pt_usd'])} at {rate + 2:.2f} %" in sure
    assert f"{money(n['npv_without_salvage_usd'])} without" in sure
    assert "runs no risk analysis" in sure and "tigris risk" in sure


def test_cost_sentence_says_it_is_the_world_cost(plain: dict[str, Any]) -> None:
    first = _text(layout.headline_texts(plain)["headline-sentences"])[0]
    assert first.startswith("World cost (the whole plan's, every maker's, not the investor's) $")
    assert "Investor's" in layout._HEADLINE_LABELS["headline-capex"]


# --- #3: the discount rate is real, and the help says how 8 % nominal makes 5.52 % -------


def test_discount_rate_control_is_labelled_real_with_the_fisher_rates() -> None:
    from tigris.fab.data import fab_param
    from tigris.scenario import reference_scenario
    from tigris.serve.controls import controls_for

    (c,) = [c for c in controls_for(reference_scenario()) if c.path == "discount_rate"]
    assert c.label == "Discount rate (real)"
    # Fisher by hand from the plan's own assumption rows: (1.08)/(1.0235) - 1 = 5.52 %
    nominal, inflation = fab_param("nominal_wacc"), fab_param("expected_inflation")
    real = (1 + nominal) / (1 + inflation) - 1
    assert real == pytest.approx(fab_param("discount_rate"), abs=5e-5)
    assert c.default == pytest.approx(100 * real, abs=5e-3)
    assert f"{100 * real:.2f} % real is its {100 * nominal:g} % nominal" in c.help
    assert "the reference's 8 %:" not in c.help


# --- #4: the page's figures carry the report's source line and caption -----------------


def test_every_report_figure_in_a_view_has_the_source_line(plain: dict[str, Any]) -> None:
    for fid in FIGURE_IDS:
        notes = plain["figures"][fid]["layout"].get("annotations") or []
        source = [a for a in notes if a.get("name") == "source"]
        assert len(source) == 1, fid
        text = html.unescape(re.sub("<br>", " ", source[0]["text"]))
        assert text.startswith("Source: tigris "), (fid, text)
        assert "scenario 'small'" in text and "demand: " in text, (fid, text)
        # above the plot area, below the title, in the figure (a saved PNG keeps it)
        assert source[0]["yref"] == "paper" and source[0]["y"] == 1, fid
        lay = plain["figures"][fid]["layout"]
        lines = source[0]["text"].count("<br>") + 1
        assert lay["margin"]["t"] >= 15 * lines, fid


def test_every_figure_on_the_page_has_its_report_caption() -> None:
    page = str(layout.page(title="t", poll_ms=500))
    for spec in FIGURES:
        assert layout.figure_caption(spec.id).startswith(spec.caption)
        assert spec.caption[:40] in page


# --- #9 and #10: accessibility; the risk-run warning the page cannot act on ---------------


def test_number_boxes_are_named_by_their_labels_and_the_page_has_a_language() -> None:
    from tigris.scenario import reference_scenario
    from tigris.serve.app import PAGE_LANG
    from tigris.serve.controls import controls_for, defaults

    sc = reference_scenario()
    controls = controls_for(sc)
    panel = layout.controls_panel(controls, defaults(sc))
    numbers = 0
    for group in panel:
        for ctl in group.children[1:]:
            label, box = ctl.children[0], ctl.children[1]
            if "ctl-number" in ctl.className:
                numbers += 1
                # <label for=ID>: ID as Dash writes a pattern-matching id in the DOM
                want = '{"id":"' + box.id["id"] + '","type":"ctl"}'
                assert label.htmlFor == want
    assert numbers > 10
    assert PAGE_LANG == "en"


def test_out_of_distribution_capital_says_one_plain_sentence_not_cli_flags() -> None:
    from tigris.scenario import reference_scenario
    from tigris.serve.callbacks import RISK_NOTE, set_warnings_text
    from tigris.serve.controls import defaults, whatif

    sc = reference_scenario()
    values = defaults(sc)
    (cid,) = [k for k in values if "abu-dhabi" in k and "amount" in k]
    values[cid] = 20  # US$ B, above the scenario's distribution (8-10 B)
    text = set_warnings_text(sc, whatif(sc, values))
    assert RISK_NOTE in text
    assert "--recentre" not in text and "2e+10" not in text


# --- #11: the comparison in the controls' units, with what the investor adds -----------


def test_compare_shows_changed_amounts_in_the_controls_units_and_the_added_row() -> None:
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths
    from tigris.serve.compare import ROWS, Side, compare_panel
    from tigris.serve.controls import controls_for

    a = reference_scenario()
    b = set_paths(a, {"capital.abu-dhabi-sovereign.amount_usd": 2.0e10})
    panel = str(compare_panel({"A": Side("A", a, None), "B": Side("B", b, None)}, controls_for(a)))
    # the reference offers US$ 9 B (its scenario file); the what-if US$ 20 B
    assert "'20 US$ B'" in panel and "'9 US$ B'" in panel
    assert "20,000,000,000" not in panel
    assert any(key == "added_h100e" for _, _, key, _ in ROWS)


# --- #8: the layers a grey-scale print cannot tell apart by colour carry a pattern -------


def _luma(hex_colour: str) -> float:
    """Rec. 601 luma of ``#RRGGBB`` [0-255]: what a grey-scale print keeps."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


def test_investor_layer_and_construction_are_patterned_for_greyscale(
    plain: dict[str, Any],
) -> None:
    from tigris.report.figures import SUPPLY_COLOURS

    # why: the two colours print as the same grey (158 and 162 by hand, UT-DASH #8)
    assert (
        abs(_luma(SUPPLY_COLOURS["investor new"]) - _luma(SUPPLY_COLOURS["incumbent existing"]))
        < 10
    )
    shapes = {
        (fid, t.get("name")): ((t.get("marker") or {}).get("pattern") or {}).get("shape")
        for fid in ("fig-supply", "fig-schedule")
        for t in plain["figures"][fid]["data"]
    }
    assert shapes[("fig-supply", "investor new")] == "/"
    assert shapes[("fig-schedule", "construction")] == "."
    assert not shapes[("fig-supply", "incumbent existing")]
    assert "hatched" in layout.figure_caption("fig-supply")
    assert "dotted" in layout.figure_caption("fig-schedule")


def test_source_line_fits_a_half_width_figure_and_clears_panel_titles(
    plain: dict[str, Any],
) -> None:
    from tigris.serve.view import PANEL_TITLE_PX, SOURCE_WRAP_CHARS

    for fid in FIGURE_IDS:
        notes = plain["figures"][fid]["layout"].get("annotations") or []
        (source,) = [a for a in notes if a.get("name") == "source"]
        lines = html.unescape(source["text"]).split("<br>")
        assert max(len(x) for x in lines) <= SOURCE_WRAP_CHARS, fid
        # a subplot title at the top of the plot area (yref paper, y 1) sits where the
        # source line would: the source goes a title's height higher
        titled = any(
            a.get("name") != "source" and a.get("yref") == "paper" and a.get("y", 0) >= 1
            for a in notes
        )
        if titled:
            assert source["yshift"] >= PANEL_TITLE_PX, fid
    # the data-centre regions are named inside their panels (user test s47 #4: as
    # subplot titles they sat under the source line), so none is at the top of the plot
    regions = [
        a
        for a in plain["figures"]["fig-datacenter"]["layout"]["annotations"]
        if a.get("name") == "region"
    ]
    assert regions and all(str(a["yref"]).endswith(" domain") for a in regions)
    assert all(a["y"] < 1 for a in regions)
