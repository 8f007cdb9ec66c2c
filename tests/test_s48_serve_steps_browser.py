"""A value off a box's steps, typed in the page, is solved (user test s48 serve #3):
the browser's own step check (Dash gives the box's step to the HTML input) marked 8.3
in steps of 0.5 invalid and Dash sent the box as empty, so the page said "expected a
number ... in steps of 0.5" though the server now takes any value in the range;
``assets/steps.js`` frees the input's step check, the - / + buttons keeping the step.

One page in Debian's Chromium (``tests/test_serve_browser.py``'s browser and flags) on
a server of its own on port :data:`PORT`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests._serve import SOLVE_TIMEOUT_MS, browser_page
from tests._serve import served as serve_on
from tests.test_serve_browser import SCENARIO, _need_chromium

pytestmark = pytest.mark.browser

#: The loopback port of this test's server.
PORT = 8952
RATE = "discount_rate"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Any]:
    _need_chromium()
    with serve_on(tmp_path, SCENARIO, PORT) as handle:
        yield handle


def test_a_rate_off_the_steps_is_solved_and_the_buttons_keep_the_step(served: Any) -> None:
    with browser_page(served.url) as page:
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
