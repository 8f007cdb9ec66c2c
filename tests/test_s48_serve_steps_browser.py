"""A value off a box's steps, typed in the page, is solved (user test s48 serve #3):
the browser's own step check (Dash gives the box's step to the HTML input) marked 8.3
in steps of 0.5 invalid and Dash sent the box as empty, so the page said "expected a
number ... in steps of 0.5" though the server now takes any value in the range;
``assets/steps.js`` frees the input's step check, the - / + buttons keeping the step.

One page in Debian's Chromium (``tests/test_serve_browser.py``'s browser and flags) on
a server of its own on port :data:`PORT`."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_scenario
from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_serve_browser import SCENARIO, VIEWPORT, _need_chromium

pytestmark = pytest.mark.browser

#: The loopback port of this test's server.
PORT = 8952
#: Longest wait for a what-if to be solved and shown [ms] (as test_serve_browser's).
SOLVE_TIMEOUT_MS = 90_000
RATE = "discount_rate"
_DONE_JS = """() => {
    const status = (document.getElementById('status')?.innerText ?? '').trim();
    return status === 'cached' || status.startsWith('done')
        || (document.getElementById('error')?.innerText ?? '').trim() !== '';
}"""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    _need_chromium()
    from tigris.serve.app import create_app
    from tigris.serve.jobs import JobManager
    from tigris.serve.server import start_background

    path = write_scenario(tmp_path, SCENARIO, "small.yaml")
    before = set(multiprocessing.active_children())
    jobs = JobManager(workers=1, store=tmp_path / "runs.duckdb")
    try:
        handle = start_background(create_app(path, jobs=jobs, poll_ms=200), port=PORT, jobs=jobs)
        try:
            yield handle
        finally:
            handle.stop()
    finally:
        jobs.close()
    assert [p for p in multiprocessing.active_children() if p not in before] == []


def test_a_rate_off_the_steps_is_solved_and_the_buttons_keep_the_step(served: Any) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(served.url, wait_until="load")
            page.wait_for_function(_DONE_JS, timeout=SOLVE_TIMEOUT_MS)
            box = page.locator(f'[data-control="{RATE}"] input')
            assert box.get_attribute("step") == "any"
            box.fill("8.3")
            box.press("Enter")
            page.wait_for_function(
                f"() => new URLSearchParams(location.search).get('{RATE}') === '8.3'"
                " || (document.getElementById('error')?.innerText ?? '').trim() !== ''",
                timeout=SOLVE_TIMEOUT_MS,
            )
            assert page.inner_text("#error").strip() == ""
            assert box.evaluate("b => b.checkValidity()")
            # the + button still adds the control's step (0.5), from the value typed
            page.locator(f'[data-control="{RATE}"] .dash-stepper-increment').click()
            assert float(box.input_value()) == pytest.approx(8.8)
        finally:
            browser.close()
