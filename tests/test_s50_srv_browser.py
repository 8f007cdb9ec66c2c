"""The dashboard's defects of serve user test s50 that only a browser shows, in one page
session (Debian's Chromium, ``tests/test_serve_browser.py``'s browser and flags) on a
server of its own on port :data:`PORT`:

- #3, at 1400 px: every figure's source line is whole inside its figure (the build
  schedule's, after its long site labels, was cut at the right edge);
- #1, at 800 px (one column): the controls are in the page's flow, not sticky over the
  headline, and the capex figure's legend title does not overlap its x-axis titles;
- #2: the - / + buttons and ArrowUp / ArrowDown add exactly one step to the value in
  the box (5.52 + 0.5 = 6.02; Dash's buttons snapped it to 6), and the value is sent;
- #4: after an upload and a reload, a link made against the upload says the upload is
  not kept, with no "did you mean" of the server's base;
- #5 (b): with the server stopped, the status line says it did not respond (it said
  "cached").
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._serve import SOLVE_TIMEOUT_MS, browser_page
from tests._serve import served as serve_on
from tests.conftest import replaced, write_scenario
from tests.test_serve_browser import SCENARIO, _need_chromium

pytestmark = pytest.mark.browser

#: The loopback port of this test's server.
PORT = 8967
RATE = "discount_rate"
#: Browser layout rounding [px].
SLACK_PX = 1.0
#: The widths of the user test: two columns with half-width figures, and one column.
WIDE = {"width": 1400, "height": 1000}
NARROW = {"width": 800, "height": 900}
#: Longest wait for the page to lay out again after a resize [ms].
RELAYOUT_MS = 10_000

#: Every figure's source line (its annotation's text) inside its figure's box, as
#: [figure id, ...] of those that stick out (empty when all are whole).
SOURCES_OUTSIDE_JS = """() => {
    const out = [], SLACK = %SLACK%;
    for (const graph of document.querySelectorAll('.js-plotly-plot')) {
        const svg = graph.querySelector('svg.main-svg').getBoundingClientRect();
        for (const text of graph.querySelectorAll('.annotation-text')) {
            if (!text.textContent.startsWith('Source')) continue;
            const box = text.getBoundingClientRect();
            if (box.left < svg.left - SLACK || box.right > svg.right + SLACK)
                out.push(graph.closest('[id]').id + ': ' + box.right + ' > ' + svg.right);
        }
    }
    return out;
}""".replace("%SLACK%", str(SLACK_PX))

#: The capex figure's legend title overlaps one of its x-axis titles.
CAPEX_OVERLAP_JS = """() => {
    const graph = document.querySelector('#graph-capex .js-plotly-plot')
        || document.getElementById('graph-capex');
    const legend = graph.querySelector('.legendtitletext').getBoundingClientRect();
    const titles = [...graph.querySelectorAll('.g-xtitle text, .g-x2title text')];
    if (titles.length === 0) return 'no x-axis title';
    return titles.some(t => {
        const b = t.getBoundingClientRect();
        return b.left < legend.right && legend.left < b.right
            && b.top < legend.bottom && legend.top < b.bottom;
    });
}"""

#: The headline's centre is the headline's, not covered by the controls.
HEADLINE_SHOWN_JS = """() => {
    const h = document.getElementById('headline');
    h.scrollIntoView({block: 'center'});
    const r = h.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return h.contains(hit);
}"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    _need_chromium()
    with serve_on(tmp_path, SCENARIO, PORT) as handle:
        yield handle


def _url_value(page: Any, value: str) -> None:
    """Wait until the what-if of ``value`` was submitted (the URL holds it)."""
    page.wait_for_function(
        f"() => new URLSearchParams(location.search).get('{RATE}') === '{value}'"
        " || (document.getElementById('error')?.innerText ?? '').trim() !== ''",
        timeout=SOLVE_TIMEOUT_MS,
    )
    assert page.inner_text("#error").strip() == ""


def test_layout_steps_upload_and_a_stopped_server(served: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    with browser_page(served.url) as page:
        # 3: every source line whole at 1400 px
        page.set_viewport_size(WIDE)
        page.wait_for_function(f"() => ({SOURCES_OUTSIDE_JS})().length === 0", timeout=RELAYOUT_MS)

        # 1: one column at 800 px
        page.set_viewport_size(NARROW)
        style = page.eval_on_selector(
            ".controls", "c => [getComputedStyle(c).position, getComputedStyle(c).maxHeight]"
        )
        assert style == ["static", "none"]
        assert page.evaluate(HEADLINE_SHOWN_JS)
        page.wait_for_function(f"() => ({CAPEX_OVERLAP_JS})() === false", timeout=RELAYOUT_MS)

        # 2: one step from the value, not the step grid
        rate = page.locator(f'[data-control="{RATE}"] input')
        rate.fill("5.52")
        rate.press("Enter")
        _url_value(page, "5.52")
        page.locator(f'[data-control="{RATE}"] .dash-stepper-increment').click()
        expect(rate).to_have_value("6.02")
        _url_value(page, "6.02")  # sent as a typed value is
        rate.focus()
        rate.press("ArrowDown")
        expect(rate).to_have_value("5.52")
        page.locator(f'[data-control="{RATE}"] .dash-stepper-decrement').click()
        expect(rate).to_have_value("5.02")
        _url_value(page, "5.02")

        # 4: an upload, a link against it, a reload
        mine = replaced(SCENARIO, ("- name: fund", "- name: other"), ("name: small", "name: mine"))
        path = write_scenario(tmp_path, mine, "mine.yaml")
        page.set_input_files("#upload input[type=file]", str(path))
        expect(page.locator("#base-name")).to_have_text("mine", timeout=SOLVE_TIMEOUT_MS)
        page.goto(served.url + "?capital.other.amount_usd=0.5", wait_until="load")
        page.wait_for_function(
            "() => (document.getElementById('error')?.innerText ?? '').includes('upload')",
            timeout=SOLVE_TIMEOUT_MS,
        )
        error = page.inner_text("#error")
        assert "uploaded scenario 'mine.yaml'" in error and "upload it again" in error
        assert "did you mean" not in error

        # 5 (b): the server stops; the next value gets no answer
        served.stop()
        rate.fill("6.5")
        rate.press("Enter")
        page.wait_for_function(
            "() => (document.getElementById('error-net')?.innerText ?? '') !== ''",
            timeout=SOLVE_TIMEOUT_MS,
        )
        assert "did not respond" in page.inner_text("#status")
