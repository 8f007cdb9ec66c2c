"""Accessibility of the dashboard and the report (review of 2026-12-07, a keyboard and
screen-reader user, colour-blind).

- a what-if answered is said in a live region, once, with its headline numbers;
- every on/off box is named by its control, not "on";
- text colours meet WCAG 2.1 AA contrast (4.5:1) on the page's backgrounds;
- no figure offers to send its data off the machine ("Share chart..." posted it to
  cloud.plotly.com by default in plotly.js 3).
"""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from plotly.utils import PlotlyJSONEncoder

from tigris.scenario import reference_scenario
from tigris.serve import layout
from tigris.serve.controls import controls_for
from tigris.serve.dash_tree import walk

NO_NETWORK = {"showSendToCloud": False}


def _tree(component) -> dict:
    return json.loads(json.dumps(component, cls=PlotlyJSONEncoder))


def test_the_page_has_a_polite_live_region() -> None:
    page = _tree(layout.page(title="reference", poll_ms=500))
    found = [x for x in walk(page) if x["props"].get("id") == layout.ANNOUNCE_ID]
    assert len(found) == 1
    props = found[0]["props"]
    assert props["role"] == "status" and props["aria-live"] == "polite"
    assert props["aria-atomic"] == "true"
    # the status line that counts seconds is not live: it would be read every second
    status = next(x for x in walk(page) if x["props"].get("id") == "status")
    assert "role" not in status["props"] and "aria-live" not in status["props"]


def test_the_announcement_says_each_headline_number() -> None:
    view = {
        "headline": {
            "numbers": {"unmet_share": 0.848, "npv_usd": 9.05e8, "capex_usd": 1.0e10},
            "baseline": {"unmet_share": 0.9},
        }
    }
    texts = layout.headline_texts(view)
    said = layout.announce_text({"state": "done", "seconds": 2.2}, texts)
    assert said.startswith("Plan updated (")
    for i in layout.HEADLINE_IDS:
        label = texts[layout.LABEL_IDS[i]]
        assert f"{label} {texts[i]}" in said


def test_every_toggle_is_named_by_its_control() -> None:
    sc = reference_scenario()
    controls = [c for c in controls_for(sc) if c.kind == "toggle"]
    assert controls, "the reference has on/off controls"
    panel = _tree(layout.controls_panel(controls_for(sc), {}))
    boxes = [
        x
        for x in walk(panel)
        if isinstance(x["props"].get("id"), dict) and "options" in x["props"]
        and x["type"] == "Checklist"
    ]  # fmt: skip
    assert len(boxes) == len(controls)
    for box, control in zip(
        sorted(boxes, key=lambda b: b["props"]["id"]["id"]),
        sorted(controls, key=lambda c: c.id),
        strict=True,
    ):
        (option,) = box["props"]["options"]
        assert option["label"].strip().startswith(control.label)
        assert option["label"].strip() != "on"


def _luminance(hex_colour: str) -> float:
    """WCAG 2.1 relative luminance (its definition of 'relative luminance')."""
    h = hex_colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_of_the_dashboard_meet_aa() -> None:
    """Every ``color:`` of tigris.css (a text colour) against white and the page's
    #FAFAFA: at least 4.5:1 (WCAG 2.1, 1.4.3). Borders and figures may use the palette."""
    css = resources.files("tigris.serve").joinpath("assets/tigris.css").read_text("utf-8")
    colours = dict(re.findall(r"--([a-z-]+):\s*(#[0-9A-Fa-f]{6})", css))
    used = re.findall(r"(?<![-\w])color:\s*(var\(--[a-z-]+\)|#[0-9A-Fa-f]{6})", css)
    assert used
    for value in set(used):
        hex_colour = colours[value[6:-1]] if value.startswith("var(") else value
        if hex_colour.upper() == "#FFFFFF":
            continue  # white text on the blue primary button, checked below
        for background in ("#FFFFFF", "#FAFAFA"):
            assert _contrast(hex_colour, background) >= 4.5, (value, background)
    assert _contrast("#FFFFFF", colours["blue"]) >= 4.5  # button.primary


@pytest.mark.parametrize("config", ["report", "serve"])
def test_no_figure_sends_its_data_off_the_machine(config: str) -> None:
    from tigris.report import html as report_html

    cfg = report_html.PLOTLY_CONFIG if config == "report" else layout.GRAPH_CONFIG
    assert {k: cfg.get(k) for k in NO_NETWORK} == NO_NETWORK
    if config == "report":  # and a render leaves it so (plotly's to_html edits its config)
        import plotly.graph_objects as go

        html = report_html.figure_div(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "fig-x")
        assert '"showSendToCloud": false' in html


def test_a_render_does_not_edit_the_module_config(monkeypatch) -> None:
    """plotly's to_html pops plotlyServerURL (with showSendToCloud off) and sets
    responsive on the config it is given: the report passes a copy, so a config holding
    either is the same after a render."""
    import plotly.graph_objects as go

    from tigris.report import html as report_html

    edited = {"displaylogo": False, "showSendToCloud": False, "plotlyServerURL": ""}
    monkeypatch.setattr(report_html, "PLOTLY_CONFIG", edited)
    report_html.figure_div(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "fig-x")
    assert edited == {"displaylogo": False, "showSendToCloud": False, "plotlyServerURL": ""}


def test_the_report_page_has_a_main_landmark_a_skip_link_and_named_figures(tmp_path) -> None:
    """The rendered report: a skip link to ``main``, one ``main`` holding the h1 and
    closed before the footer, column headers with a scope, every figure a named region,
    and the status badge's white text at AA contrast on its background."""
    import tigris
    from tigris.report.html import render_html
    from tigris.viz.style import BAD_DARK, GOOD_DARK

    text = render_html(tigris.plan(reference_scenario(), counterfactual=False))
    assert '<a class="skip" href="#main">' in text
    assert text.count('<main id="main">') == 1 and text.count("</main>") == 1
    assert text.index('<main id="main"><h1>') < text.index("</main>") < text.index("<footer>")
    assert "<th>" not in text and '<th scope="col">' in text
    plots = text.count('class="plotly-graph-div"')
    assert plots > 0 and text.count('role="figure" aria-label="Figure: ') == plots
    for background in (GOOD_DARK, BAD_DARK):
        assert _contrast("#FFFFFF", background) >= 4.5


def test_a_narrow_terminal_folds_headers_and_keeps_names() -> None:
    """At 60 columns the plan's headers read "m…", "sta…", "onl…": a narrowed table now
    folds a header's words (every letter kept, in pieces of at least five) and keeps a
    facility's name whole."""
    import io as _io

    from rich.table import Table

    from tigris.cli._tables import HEADER_WORD_MIN_WIDTH, NumberSafeConsole

    out = _io.StringIO()
    console = NumberSafeConsole(file=out, width=40, highlight=False, markup=False)
    table = Table()
    for head in ("site", "facility", "modules", "capacity (MW)", "start", "online", "capex"):
        table.add_column(head, no_wrap=head in ("site", "facility"))
    table.add_row("texas-usa", "datacenter-gas", "21", "2,100", "2026", "2028", "$26.4B")
    console.print(table)
    text = out.getvalue()
    assert "…" not in text
    header = [line for line in text.splitlines() if "┃" in line]
    cells = ["".join(parts) for parts in zip(*[h.split("┃")[1:-1] for h in header], strict=True)]
    joined = ["".join(c.split()) for c in cells]
    for word in ("modules", "capacity(MW)", "start", "online"):
        assert word in joined, joined
    assert "datacenter-gas" in text
    # a number column is at least as wide as its header's longest word, up to the floor
    first = [h.split("┃")[3] for h in header]  # the "modules" column
    assert len(first[0]) - 2 >= HEADER_WORD_MIN_WIDTH
