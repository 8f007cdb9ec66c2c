"""ArrowUp / ArrowDown in a number box move it by the control's own step, not the
browser's 1 (review of s48 serve #3: ``assets/steps.js`` sets the input's step to
"any", so the discount rate went 8 -> 9 in steps of 0.5 and a d0 of 0.07 could not be
stepped); a value typed off the steps is still taken (the step attribute stays "any",
the control's step kept in ``data-step``).

One page in Debian's Chromium (as ``tests/test_s48_serve_steps_browser.py``) on a
server of its own on port :data:`PORT`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._serve import DONE_JS, SOLVE_TIMEOUT_MS, browser_page
from tests._serve import served as serve_on
from tests.test_serve_browser import SCENARIO, _need_chromium

pytestmark = pytest.mark.browser

#: The loopback port of this test's server.
PORT = 8981
RATE = "discount_rate"
D0 = "nodes.N4.d0_per_cm2"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    _need_chromium()
    with serve_on(tmp_path, SCENARIO, PORT) as handle:
        yield handle


def test_arrow_keys_step_by_the_controls_step(served: Any) -> None:
    from playwright.sync_api import expect

    with browser_page(served.url) as page:
        rate = page.locator(f'[data-control="{RATE}"] input')
        assert rate.get_attribute("step") == "any"
        assert float(rate.input_value()) == pytest.approx(8.0)
        rate.focus()
        rate.press("ArrowUp")
        expect(rate).to_have_value("8.5")
        rate.press("ArrowDown")
        rate.press("ArrowDown")
        expect(rate).to_have_value("7.5")
        page.wait_for_function(DONE_JS, timeout=SOLVE_TIMEOUT_MS)
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
