"""The HTML report in a real browser: Debian's Chromium driven by Playwright.

Never a downloaded browser (no ``playwright install``): the tests use
``/usr/bin/chromium`` and skip when it is missing, except under CI (``CI`` set) where a
missing browser is a failure. One browser serves the whole module.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.test_report import hand_result
from tigris.report import FIGURES, write_html

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Longest wait for plotly to draw [ms]; it takes well under a second on 2 cores.
RENDER_TIMEOUT_MS = 20_000

pytestmark = pytest.mark.browser


def _need_chromium() -> None:
    if CHROMIUM.is_file():
        return
    msg = f"{CHROMIUM} not found (Debian package 'chromium'); .ci/run installs it"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and {msg}")
    pytest.skip(msg)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _open(browser: Any, path: Path) -> dict[str, Any]:
    """Open ``path``; collect page errors, console errors and every request made."""
    page = browser.new_page()
    errors: list[str] = []
    requests: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on(
        "console",
        lambda msg: (
            errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri(), wait_until="load")
    for spec in FIGURES:
        page.wait_for_selector(f"#{spec.id} svg.main-svg", timeout=RENDER_TIMEOUT_MS)
    return {"page": page, "errors": errors, "requests": requests, "url": path.as_uri()}


@pytest.fixture(scope="module")
def loaded(
    browser: Any, tmp_path_factory: pytest.TempPathFactory, reference_explained: Any
) -> Iterator[dict[str, Any]]:
    """The report of the reference scenario (``solve()``, once per session: conftest)."""
    path = write_html(reference_explained, tmp_path_factory.mktemp("browser") / "reference.html")
    got = _open(browser, path)
    yield got
    got["page"].close()


@pytest.fixture(scope="module")
def hand_page(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The report of the hand-built plan of tests/test_report.py (numbers known exactly)."""
    path = write_html(hand_result(), tmp_path_factory.mktemp("browser") / "hand.html")
    got = _open(browser, path)
    yield got
    got["page"].close()


def test_no_javascript_errors(loaded: dict[str, Any]) -> None:
    assert loaded["errors"] == []


def test_no_network_needed(loaded: dict[str, Any]) -> None:
    # Only the file itself (and inline data: URIs) may be fetched.
    outside = [u for u in loaded["requests"] if not u.startswith(("file://", "data:"))]
    assert outside == []
    assert loaded["url"] in loaded["requests"]


def test_every_plot_rendered_as_svg(loaded: dict[str, Any]) -> None:
    # the reference plan: every figure has an SVG and at least two traces drawn
    page = loaded["page"]
    for spec in FIGURES:
        n_svg = page.locator(f"#{spec.id} svg.main-svg").count()
        # plotly draws each trace as a g.trace; an empty plot would have none
        n_traces = page.locator(f"#{spec.id} g.trace").count()
        assert n_svg >= 1, spec.id
        # the sites figure has one trace per facility kind built, and the reference plan
        # may build a single kind (HBM lines only, since CoWoS wafers hold whole-count
        # interposers: packaging.csv)
        # a power figure of a plan that builds no fab (the reference) draws the fleet's
        # line only; its fab panel says "no fab built in this plan" (user test s47 #2)
        least = 1 if spec.id in ("fig-sites", "fig-power") else 2
        assert n_traces >= least, (spec.id, n_traces)


def test_browser_sees_the_tables_numbers(hand_page: dict[str, Any]) -> None:
    # plotly.js decodes the (base64) arrays itself into the traces it draws (_fullData):
    # the stacked served + unmet compute must equal the demand of the hand-built plan
    # (3.0M + 0.6M per year; exact, sums of integers in float64).
    assert hand_page["errors"] == []
    page = hand_page["page"]
    tops = page.evaluate(
        """() => {
            const gd = document.getElementById('fig-demand');
            const stack = gd._fullData.filter(t => /^(served|unmet): /.test(t.name));
            const n = stack[0].y.length;
            return Array.from({length: n}, (_, i) => stack.reduce((s, t) => s + t.y[i], 0));
        }"""
    )
    assert tops == [3e6 + 6e5 * i for i in range(6)]
    names = page.evaluate(
        "() => Array.from(document.getElementById('fig-tools')._fullData, t => t.name)"
    )
    assert names == ["used: EUV", "supply: EUV", "used: High-NA", "supply: High-NA"]


def test_buttons_and_legends_never_cover_the_plot(hand_page: dict[str, Any]) -> None:
    # plotly's mode bar (zoom, pan, download) sits above every plot area, and no legend
    # overlaps an axis title, as laid out by the browser [px; 1 px for rounding].
    page = hand_page["page"]
    for spec in FIGURES:
        boxes = page.evaluate(
            """(id) => {
                const gd = document.getElementById(id);
                const box = (e) => { const r = e.getBoundingClientRect();
                    return [r.left, r.top, r.right, r.bottom]; };
                return {
                    modebar: Array.from(gd.querySelectorAll('.modebar'), box),
                    plots: Array.from(gd.querySelectorAll('.nsewdrag'), box),
                    legend: Array.from(gd.querySelectorAll('g.legend'), box),
                    titles: Array.from(gd.querySelectorAll('text[class$="title"]'), box)
                        .filter((b) => b[2] > b[0]),
                };
            }""",
            spec.id,
        )
        assert boxes["modebar"] and boxes["plots"], spec.id
        plot_top = min(b[1] for b in boxes["plots"])
        assert max(b[3] for b in boxes["modebar"]) <= plot_top + 1, (spec.id, boxes)
        for leg in boxes["legend"]:
            for t in boxes["titles"]:
                apart = leg[2] <= t[0] + 1 or t[2] <= leg[0] + 1
                apart = apart or leg[3] <= t[1] + 1 or t[3] <= leg[1] + 1
                assert apart, (spec.id, leg, t)


def test_money_figures_as_the_browser_draws_them(loaded: dict[str, Any]) -> None:
    # the investor's cash flows: the cumulative net line ends at the sum of every signed
    # bar (net = revenue + salvage - capex - variable cost - opex - tax); shadow prices
    # on a log axis
    page = loaded["page"]
    last, bars = page.evaluate(
        """() => {
            const d = document.getElementById('fig-cashflow')._fullData;
            const line = d.find(t => t.name === 'cumulative net cash flow');
            const sum = d.filter(t => t.type === 'bar')
                .reduce((s, t) => s + Array.from(t.y).reduce((a, b) => a + b, 0), 0);
            return [line.y[line.y.length - 1], sum];
        }"""
    )
    assert last == pytest.approx(bars, rel=1e-9)
    kind = page.evaluate("() => document.getElementById('fig-shadow')._fullLayout.yaxis.type")
    assert kind == "log"
