"""Pinning while a value is refused keeps the refusal in the error box (serve user test
s46 #4): the pin callback wrote ``""`` to ``error-run``, so -5 stayed in the box with
no error beside it. A pin's own error ("nothing to pin yet") still goes on a pin that
works.
"""

from __future__ import annotations

from tests.conftest import SMALL_3Y
from tests.test_s46_serve_poll import _Jobs, _manager
from tests.test_serve_app import FUND, DashClient
from tigris.serve.app import create_app


def test_a_pin_keeps_the_error_of_a_refused_value() -> None:
    page = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    page.fire("url", "search", "")
    fund = page.control_id(FUND)
    page.fire("pin-a", "n_clicks", 1)  # nothing solved yet: the pin's own error
    assert "nothing to pin yet" in page.text("error")
    page.change(fund, 9.1)
    _manager(page).states[page.props["job"]["data"]["id"]] = "done"
    page.fire("pin-a", "n_clicks", 2)
    assert page.text("error") == ""  # the pin's own error goes when a pin works
    page.change(fund, None)  # -5 typed: the browser sends the box as empty
    refused = page.text("error")
    assert "expected a number" in refused and FUND in refused
    page.fire("pin-b", "n_clicks", 1)
    assert page.text("error") == refused
    assert page.props["pins"]["data"].keys() == {"A", "B"}
