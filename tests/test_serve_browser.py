"""The dashboard (``tigris serve``) in a real browser: Debian's Chromium driven by Playwright.

As the report's browser tests (``tests/test_report_browser.py``): never a downloaded
browser, ``/usr/bin/chromium`` or a skip (a failure under CI). One server (a tiny
scenario, a throw-away run store, one worker process) and one browser serve the module.

The tests follow one visitor's session in file order, as a person would use the page
(load it, raise the capital, download, share the URL, pin A and B, upload a bad file):
each page load draws eleven plotly figures, and one session keeps the module within
its time budget. The session's page is opened by the module fixture :func:`visit`, which
also records the first two steps; a later test run alone (``-k``) still works, since
the fixture does those steps itself.

Every request a page makes goes through a route: any host other than the server's is
aborted and counted, and each test asserts there were none, and no console or page
errors. Screenshots of each step and of each page at the end, on every run, plus one
of the page when a test fails, go to ``$TIGRIS_ARTEFACTS/serve/``
(``tests/artefacts/serve/`` when unset; git-ignored).
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import SMALL_3Y, line_of, replaced, write_scenario
from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS, _need_chromium

pytestmark = pytest.mark.browser

#: The investor's capital in the test scenario [US$]: below the cheapest module it
#: could build (see :func:`test_capital_changes_headline_and_figure`).
LOW_CAPITAL_USD = 5.0e8
#: What the test raises it to: SMALL's own 20 B [US$] = 40 x :data:`LOW_CAPITAL_USD`.
CAPITAL_FACTOR = 40.0
#: The capital control of the test scenario (``data-control`` holds the control's path).
CAPITAL_PATH = "capital.fund.amount_usd"
CAPITAL_CONTROL = f'[data-control="{CAPITAL_PATH}"] input'
#: Longest wait for a page to load [ms].
LOAD_TIMEOUT_MS = 30_000
#: Longest wait for a what-if to be solved and shown [ms]: the worker's first import and
#: two ~1 s solves of the tiny scenario (the plan and the world without the investor)
#: on 2 cores shared with other work.
SOLVE_TIMEOUT_MS = 90_000
#: The figure the capital test reads: served and unmet compute by year, which must move.
DEMAND_GRAPH = "graph-demand"
#: Browser window [px]: the controls, the headline and the first figures; the compare
#: panel is shot as an element.
VIEWPORT = {"width": 1280, "height": 1600}
#: Rounding of the browser's layout boxes [px].
LAYOUT_SLACK_PX = 1.0
#: The number in a headline text such as "81.2 %" or "1.7%".
_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")

#: The test scenario: SMALL_3Y (one candidate site, japan; one demand class) with the
#: investor's capital cut to :data:`LOW_CAPITAL_USD`, so that capital binds.
SCENARIO = replaced(SMALL_3Y, ("amount_usd: 2.0e10", f"amount_usd: {LOW_CAPITAL_USD:.1e}"))


def _artefacts() -> Path:
    """Where the screenshots go (made if missing)."""
    root = os.environ.get("TIGRIS_ARTEFACTS")
    base = Path(root) if root else Path(__file__).parent / "artefacts"
    out = base / "serve"
    out.mkdir(parents=True, exist_ok=True)
    return out


@dataclass
class Tab:
    """One browser context and page on the dashboard, with what it logged."""

    page: Any
    name: str
    errors: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    steps: int = 0

    def shot(self, step: str, selector: str | None = None) -> None:
        """Save a screenshot ``<name>-<n>-<step>.png`` of the page (or of the element
        ``selector``, scrolled into view) to the artefacts."""
        self.steps += 1
        path = str(_artefacts() / f"{self.name}-{self.steps:02d}-{step}.png")
        if selector is None:
            self.page.screenshot(path=path)
        else:
            self.page.locator(selector).screenshot(path=path)

    def assert_clean(self) -> None:
        """No request left the machine; no console or page errors."""
        assert self.outside == [], f"requests to other hosts: {self.outside}"
        assert self.errors == [], f"browser errors: {self.errors}"


@contextlib.contextmanager
def serving(path: Path, store: Path, **app_options: Any) -> Iterator[Any]:
    """The dashboard on ``path`` at a free loopback port, one worker, runs stored in
    ``store``: its handle (``.url``). Stopped with its workers after, and no worker
    process may outlive it.

    Parameters
    ----------
    path : Path
        The scenario file served.
    store : Path
        The run store (a DuckDB file).
    **app_options
        Passed to :func:`tigris.serve.app.create_app` (``poll_ms``, ...).
    """
    _need_chromium()
    from tigris.serve.app import create_app
    from tigris.serve.jobs import JobManager
    from tigris.serve.server import start_background

    before = set(multiprocessing.active_children())
    jobs = JobManager(workers=1, store=store)
    try:
        handle = start_background(create_app(path, jobs=jobs, **app_options), jobs=jobs)
        try:
            yield handle
        finally:
            handle.stop()
    finally:
        jobs.close()
    left = [p for p in multiprocessing.active_children() if p not in before]
    assert left == [], f"worker processes still running: {left}"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The dashboard on a free loopback port; its URL. Stopped with its workers after."""
    _need_chromium()
    for old in _artefacts().glob("*.png"):  # this run's screenshots only
        old.unlink()
    path = write_scenario(tmp_path_factory.mktemp("serve-browser"), SCENARIO, "small.yaml")
    with serving(path, tmp_path_factory.mktemp("serve-store") / "runs.duckdb") as handle:
        yield handle.url


@pytest.fixture(scope="module")
def open_tab(server: str) -> Iterator[Callable[..., Tab]]:
    """``open_tab(name, url=server)``: a new browser context (a new session) on ``url``,
    every request routed; each page's last screenshot is taken when the module ends."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    tabs: list[Tab] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)

        def _open(name: str, url: str = server) -> Tab:
            context = browser.new_context(accept_downloads=True, viewport=VIEWPORT)
            tab = Tab(context.new_page(), name)
            tabs.append(tab)
            host = urlsplit(server).netloc

            def route(r: Any) -> None:
                if urlsplit(r.request.url).netloc == host:
                    r.continue_()
                else:
                    tab.outside.append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            tab.page.on("pageerror", lambda exc: tab.errors.append(f"pageerror: {exc}"))
            tab.page.on(
                "console",
                lambda msg: (
                    tab.errors.append(f"console.{msg.type}: {msg.text}")
                    if msg.type == "error"
                    else None
                ),
            )
            tab.page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
            return tab

        try:
            yield _open
        finally:
            for tab in tabs:
                _last_shot(tab, "end")
            browser.close()


def _last_shot(tab: Tab, step: str) -> None:
    try:
        tab.shot(step)
    except PlaywrightError as exc:  # a screenshot must not hide the test's outcome
        print(f"no screenshot of {tab.name}: {exc}")


def _headline(tab: Tab, *, other_than: str | None = None) -> str:
    """The unmet-share text once it shows a number (and differs from ``other_than``)."""
    try:
        shown = tab.page.wait_for_function(
            """(old) => {
                const e = document.getElementById('headline-unmet-share');
                const t = e ? e.innerText.trim() : '';
                return /\\d/.test(t) && t !== old && t;
            }""",
            arg=other_than,
            timeout=SOLVE_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        state = tab.page.evaluate(
            """() => ['headline', 'status', 'error'].map(id => id + ': '
                + (document.getElementById(id) || {innerText: '(none)'}).innerText)"""
        )
        _last_shot(tab, "timeout")
        pytest.fail(f"the headline never showed a new number (was {other_than!r}): {state}")
    return str(shown.json_value())


def _number(text: str) -> float:
    found = _NUMBER.search(text)
    assert found, f"no number in {text!r}"
    return float(found.group().replace(",", ""))


#: JavaScript: the traces plotly.js drew in the graph with this id (its ``_fullData``:
#: names, x and y, arrays decoded) as JSON text; "" before the graph is drawn.
_FIGURE_JS = """(id) => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    if (!gd || !gd._fullData) return '';
    return JSON.stringify(gd._fullData.map(t => ({
        name: t.name, x: Array.from(t.x || []), y: Array.from(t.y || [])})));
}"""


def _figure_data(tab: Tab, graph_id: str, *, other_than: str | None = None) -> str:
    """The traces drawn in ``graph_id`` once drawn (and different from ``other_than``)."""
    tab.page.wait_for_function(
        f"([id, old]) => {{ const d = ({_FIGURE_JS})(id); return d !== '' && d !== old; }}",
        arg=[graph_id, other_than],
        timeout=SOLVE_TIMEOUT_MS,
    )
    return str(tab.page.evaluate(_FIGURE_JS, graph_id))


def _set_capital(tab: Tab, value: float) -> None:
    box = tab.page.locator(CAPITAL_CONTROL)
    box.fill(f"{value:g}")
    box.press("Enter")


@dataclass
class Visit:
    """The session's page and what its first two steps showed."""

    tab: Tab
    before: str  # the unmet-share text of the base scenario
    fig_before: str  # the demand figure's traces then
    control_before: float  # the capital control's value then [display units]
    after: str = ""  # the same after raising the capital
    fig_after: str = ""
    control_after: float = 0.0
    baselines: tuple[str, str] = ("", "")  # the unmet share without the investor, then and after


@pytest.fixture(scope="module")
def visit(open_tab: Callable[..., Tab]) -> Visit:
    """Load the page, then raise the capital by :data:`CAPITAL_FACTOR` (screenshots)."""
    tab = open_tab("session")
    got = Visit(tab, _headline(tab), _figure_data(tab, DEMAND_GRAPH), 0.0)
    got.control_before = float(tab.page.locator(CAPITAL_CONTROL).input_value())
    baseline = tab.page.inner_text("#headline-baseline").strip()
    tab.shot("loaded")
    got.control_after = got.control_before * CAPITAL_FACTOR
    _set_capital(tab, got.control_after)
    got.after = _headline(tab, other_than=got.before)
    got.fig_after = _figure_data(tab, DEMAND_GRAPH, other_than=got.fig_before)
    got.baselines = (baseline, tab.page.inner_text("#headline-baseline").strip())
    tab.shot("capital-raised")
    return got


@pytest.fixture(autouse=True)
def _shot_on_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """The session's page when a test that used it failed (the steps have their own)."""
    failed = request.session.testsfailed
    yield
    # pytest counts the call's failure before this teardown runs
    if request.session.testsfailed > failed and "visit" in request.fixturenames:
        got: Visit = request.getfixturevalue("visit")
        _last_shot(got.tab, f"failed-{request.node.name}")


def test_page_loads_offline(visit: Visit) -> None:
    page = visit.tab.page
    assert _NUMBER.search(visit.before), visit.before
    assert page.locator("#headline").is_visible()
    assert page.locator(CAPITAL_CONTROL).is_visible()
    assert json.loads(visit.fig_before), f"{DEMAND_GRAPH} drew no traces"
    # every figure is drawn inside its own box (none spills over its neighbours)
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.dash-graph'), g => {
            const svg = g.querySelector('svg.main-svg');
            return [g.id, g.getBoundingClientRect().height,
                    svg ? svg.getBoundingClientRect().height : 0];
        })"""
    )
    assert len(boxes) >= 2, boxes
    spilled = [b for b in boxes if b[2] == 0 or b[2] > b[1] + LAYOUT_SLACK_PX]
    assert spilled == [], f"graphs whose plot is taller than their box [id, box, plot]: {spilled}"
    assert page.inner_text("#error").strip() == ""
    visit.tab.assert_clean()


def test_capital_changes_headline_and_figure(visit: Visit) -> None:
    # Why the change must change the result: on SCENARIO the cheapest module the investor
    # can build is a CoWoS module (facility_types.csv: 1.5 B US$ of capex; HBM 14.6 B,
    # logic more) at japan, whose 37 % subsidy (sites.csv) leaves 0.945 B to the investor.
    # With 0.5 B it builds nothing, so the plan is the world without the investor, whose
    # unmet demand is > 0 (SMALL_3Y's training demand outgrows the incumbents' supply:
    # 299,048 H100e in 2028, 1.7 %). That shortfall costs 27,500 US$ per H100e of
    # penalty, 8.2 B US$, far more than the module; with 20 B the investor can afford it
    # and unmet falls. More capital never raises unmet (a looser budget constraint), so
    # the share must strictly fall, and the demand figure's unmet trace with it.
    assert _number(visit.after) < _number(visit.before), (visit.before, visit.after)
    # Building nothing, the plan is the world without the investor: the same share;
    # and that world does not depend on the investor's capital.
    assert visit.baselines == (visit.before, visit.before), (visit.before, visit.baselines)
    assert visit.fig_after != visit.fig_before
    assert visit.tab.page.inner_text("#error").strip() == ""
    visit.tab.assert_clean()


def test_download_loads_back_with_the_change(visit: Visit, tmp_path: Path) -> None:
    from tigris import load_scenario

    page = visit.tab.page
    with page.expect_download(timeout=LOAD_TIMEOUT_MS) as got:
        page.click("#download-button")
    path = tmp_path / "whatif.yaml"
    got.value.save_as(path)
    (fund,) = [c for c in load_scenario(path).capital if c.name == "fund"]
    assert fund.amount_usd == pytest.approx(LOW_CAPITAL_USD * CAPITAL_FACTOR, rel=1e-9)
    visit.tab.assert_clean()


def test_url_restores_the_what_if(visit: Visit, open_tab: Callable[..., Tab]) -> None:
    page = visit.tab.page
    page.wait_for_function("() => window.location.search.length > 1", timeout=LOAD_TIMEOUT_MS)
    assert CAPITAL_PATH in page.url, page.url
    other = open_tab("shared-url", page.url)
    other.page.wait_for_function(
        "([sel, want]) => { const e = document.querySelector(sel);"
        " return e !== null && Math.abs(Number(e.value) - want) <= 1e-9 * Math.abs(want); }",
        arg=[CAPITAL_CONTROL, visit.control_after],
        timeout=LOAD_TIMEOUT_MS,
    )
    assert _headline(other) == visit.after
    other.shot("restored")
    other.assert_clean()
    visit.tab.assert_clean()


def test_pin_a_and_b_compare(visit: Visit) -> None:
    # A: the raised capital (shown now); B: the base value again (solved before, cached)
    tab = visit.tab
    tab.page.click("#pin-a")
    _set_capital(tab, visit.control_before)
    assert _headline(tab, other_than=visit.after) == visit.before
    tab.page.click("#pin-b")
    want = [visit.after, visit.before, CAPITAL_PATH]
    try:
        tab.page.wait_for_function(
            "(want) => { const t = document.getElementById('compare').innerText;"
            " return want.every(w => t.includes(w)); }",
            arg=want,
            timeout=SOLVE_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        pytest.fail(f"#compare never showed {want}: {tab.page.inner_text('#compare')!r}")
    tab.shot("compare", "#compare")
    tab.assert_clean()


def test_bad_upload_names_file_and_line(visit: Visit, tmp_path: Path) -> None:
    # last: a negative amount; the scenario loader's own message names line and field
    bad = write_scenario(
        tmp_path,
        replaced(SCENARIO, (f"amount_usd: {LOW_CAPITAL_USD:.1e}", "amount_usd: -1.0")),
        "bad.yaml",
    )
    line = line_of(bad, "amount_usd: -1.0")
    tab = visit.tab
    tab.page.set_input_files("#upload input[type=file]", str(bad))
    tab.page.wait_for_function(
        "() => document.getElementById('error').innerText.trim() !== ''",
        timeout=LOAD_TIMEOUT_MS,
    )
    tab.shot("bad-upload")
    error = tab.page.inner_text("#error")
    assert f"bad.yaml:{line}" in error, error
    assert "amount_usd" in error, error
    assert "Traceback" not in error
    tab.assert_clean()
