"""ArrowUp / ArrowDown in a number box move it by the control's own step, not the
browser's 1 (review of s48 serve #3: ``assets/steps.js`` sets the input's step to
"any", so the discount rate went 8 -> 9 in steps of 0.5 and a d0 of 0.07 could not be
stepped); a value typed off the steps is still taken (the step attribute stays "any",
the control's step kept in ``data-step``).

One page in Debian's Chromium (as ``tests/test_s48_serve_steps_browser.py``) on a
server of its own on port :data:`PORT`."""

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
PORT = 8981
#: Longest wait for a what-if to be solved and shown [ms].
SOLVE_TIMEOUT_MS = 90_000
RATE = "discount_rate"
D0 = "nodes.N4.d0_per_cm2"
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


def test_arrow_keys_step_by_the_controls_step(served: Any) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(served.url, wait_until="load")
            page.wait_for_function(_DONE_JS, timeout=SOLVE_TIMEOUT_MS)
            rate = page.locator(f'[data-control="{RATE}"] input')
            assert rate.get_attribute("step") == "any"
            assert float(rate.input_value()) == pytest.approx(8.0)
            rate.focus()
            rate.press("ArrowUp")
            expect(rate).to_have_value("8.5")
            rate.press("ArrowDown")
            rate.press("ArrowDown")
            expect(rate).to_have_value("7.5")
            page.wait_for_function(_DONE_JS, timeout=SOLVE_TIMEOUT_MS)
            d0 = page.locator(f'[data-control="{D0}"] input')
            d0.evaluate("b => { b.closest('details').open = true; }")  # its group, closed
            expect(d0).to_have_value("0.07")
            d0.focus()
            d0.press("ArrowUp")
            expect(d0).to_have_value("0.071")
            d0.press("ArrowDown")
            d0.press("ArrowDown")
            expect(d0).to_have_value("0.069")
            # a value typed off the steps is still valid and taken
            rate.fill("8.3")
            rate.press("Enter")
            page.wait_for_function(
                f"() => new URLSearchParams(location.search).get('{RATE}') === '8.3'"
                " || (document.getElementById('error')?.innerText ?? '').trim() !== ''",
                timeout=SOLVE_TIMEOUT_MS,
            )
            assert page.inner_text("#error").strip() == ""
            assert rate.evaluate("b => b.checkValidity()")
            assert rate.get_attribute("step") == "any"
            assert rate.get_attribute("data-step") == "0.5"
        finally:
            browser.close()
