"""The URL's query, as the page reads it (serve user test s46 #7, #12):

- a path given twice is refused, not guessed: both its values are left out and it stays
  at its default (the first was solved and written back to the URL);
- an unknown path is named whole (the typo is usually at its end, which was cut:
  ``'capital.abu-dhabi-sovereign.amount_u...``).
"""

from __future__ import annotations

import pytest

from tests.conftest import SMALL_3Y
from tests.test_s46_serve_poll import _Jobs
from tests.test_serve_app import FUND, DashClient
from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.serve.app import create_app
from tigris.serve.controls import decode_state

ABU = "capital.abu-dhabi-sovereign.amount_usd"


def test_a_path_given_twice_stays_at_its_default() -> None:
    kept: dict[str, object] = {}
    query = f"?{ABU}=12&{ABU}=13&{ABU}=14&discount_rate=6"
    with pytest.raises(InputError) as err:
        decode_state(reference_scenario(), query, kept=kept)
    lines = str(err.value).splitlines()
    assert len(lines) == 1 and ABU in lines[0] and "given twice" in lines[0]
    assert "neither value is used" in lines[0]
    assert list(kept.values()) == [6]  # the other value of the link stays


def test_the_page_shows_the_default_of_a_path_given_twice() -> None:
    page = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    fund = page.control_id(FUND)
    page.fire("url", "search", f"?{FUND}=12&{FUND}=13")
    assert "given twice" in page.text("error")
    default = page.controls[fund]
    assert default not in (12, 13)
    page.change(fund, default)  # the what-if of the controls: the default, not 12
    assert page.props["job"]["data"]["values"][fund] == default
    assert FUND not in page.props["url"]["search"]


def test_an_unknown_path_is_named_whole() -> None:
    with pytest.raises(InputError) as err:
        decode_state(reference_scenario(), f"?{ABU}d=12")
    text = str(err.value)
    assert f"unknown control '{ABU}d'" in text and f"did you mean '{ABU}'" in text
