"""The dashboard says when its numbers are not the answer to the controls shown (UT-DASH
#1, #6; S36 DASH-FIX): after a refused value and after the server stopped answering,
the previous numbers are dimmed and labelled stale and a line says why; a fresh answer
clears both. Also the page's language and a figure's source line in the drawn SVG
(UT-DASH #4, #9).

One page in Debian's Chromium (``tests/test_serve_browser.py``'s browser and flags, never
a downloaded one) on a server of its own, which the test stops halfway.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import write_scenario
from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS
from tests.test_serve_browser import CAPITAL_CONTROL, SCENARIO, VIEWPORT, serving

pytestmark = pytest.mark.browser

#: Longest wait for a what-if to be solved and shown [ms] (as test_serve_browser's).
SOLVE_TIMEOUT_MS = 90_000
#: Longest wait for the page to say the server did not answer [ms]: one failed request.
NO_ANSWER_TIMEOUT_MS = 15_000

_STALE_JS = "() => document.getElementById('main').classList.contains('stale')"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    """A server on a free loopback port (its handle: the test stops it)."""
    path = write_scenario(tmp_path, SCENARIO, "small.yaml")
    with serving(path, tmp_path / "runs.duckdb") as handle:
        yield handle


def _headline(page: Any, other_than: str | None = None) -> str:
    got = page.wait_for_function(
        """(old) => {
            const el = document.getElementById('headline-unmet-share');
            if (!el) return false;  // the layout not drawn yet: wait, do not throw
            const t = el.innerText.trim();
            return /\\d/.test(t) && t !== old && t;
        }""",
        arg=other_than,
        timeout=SOLVE_TIMEOUT_MS,
    )
    return str(got.json_value())


def _type(page: Any, value: str) -> None:
    box = page.locator(CAPITAL_CONTROL)
    box.fill(value)
    box.press("Enter")


def test_refused_value_and_stopped_server_mark_the_numbers_stale(served: Any) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(served.url, wait_until="load")
            first = _headline(page)
            assert page.evaluate("() => document.documentElement.lang") == "en"
            # a screen reader names the number box by its label (UT-DASH #9)
            named = page.get_by_role("spinbutton", name="fund: amount [US$ B]", exact=True)
            assert named.count() == 1
            assert not page.evaluate(_STALE_JS)
            assert not page.locator("#stale-note").is_visible()
            # the report's source line is drawn in the figure (a saved PNG keeps it)
            page.wait_for_function(
                "() => Array.from(document.querySelectorAll('#graph-supply text'))"
                ".some(t => t.textContent.startsWith('Source: tigris'))",
                timeout=SOLVE_TIMEOUT_MS,
            )

            # a refused value: the error names it, the old numbers are dimmed and labelled
            _type(page, "-5")
            page.wait_for_function(
                "() => (document.getElementById('error-run')?.innerText ?? '')"
                ".includes('expected')",
                timeout=SOLVE_TIMEOUT_MS,
            )
            assert page.evaluate(_STALE_JS)
            assert page.locator("#stale-note").is_visible()
            assert page.inner_text("#status").startswith("not solved")
            opacity = page.evaluate(
                "() => getComputedStyle(document.querySelector('#main .kpis')).opacity"
            )
            assert float(opacity) < 1.0

            # a valid value: a fresh answer clears the mark
            _type(page, "20")
            second = _headline(page, other_than=first)
            page.wait_for_function(f"() => !({_STALE_JS})()", timeout=SOLVE_TIMEOUT_MS)
            assert page.inner_text("#error").strip() == ""

            # the server stops: the next value gets no answer, and the page says so
            served.stop()
            _type(page, "10")
            page.wait_for_function(
                "() => (document.getElementById('error-net')?.innerText ?? '').includes("
                "'the server did not respond')",
                timeout=NO_ANSWER_TIMEOUT_MS,
            )
            assert "numbers and figures shown are for the last what-if" in page.inner_text("#error")
            assert page.evaluate(_STALE_JS)
            assert page.locator("#stale-note").is_visible()
            assert page.inner_text("#headline-unmet-share").strip() == second
        finally:
            browser.close()
