"""A control value that is a whole number too large for a float is refused naming the
control (user test s48 serve #4: ``1`` followed by 400 zeros gave "internal error
(logged)" and an OverflowError traceback from ``math.isfinite`` in the log)."""

from __future__ import annotations

import logging

import pytest

from tests._serve import FakeJobs, page_of
from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.scenario.edit import load_any
from tigris.serve.app import create_app, serve_context
from tigris.serve.controls import controls_for, whatif

HUGE = 10**400


@pytest.mark.parametrize(
    "value", [HUGE, -HUGE, 2**1024, 10**5000], ids=["1e400", "-1e400", "2^1024", "1e5000"]
)
@pytest.mark.parametrize("path", ["discount_rate", "capital.fund.first_year"])
def test_a_huge_whole_number_names_the_control(path: str, value: int) -> None:
    base = load_any(SMALL_3Y)
    (c,) = [c for c in controls_for(base) if c.path == path]
    with pytest.raises(InputError) as info:
        whatif(base, {c.id: value})
    (p,) = info.value.problems
    assert path in p.field and "digits" in p.message


def test_the_page_names_the_control_and_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    page = page_of(create_app(SMALL_3Y, jobs=FakeJobs()))  # type: ignore[arg-type]
    rate = next(c for c in serve_context(page.app).controls if c.path == "discount_rate")
    body = page.body(**{rate.id: HUGE})
    client = page.client
    with caplog.at_level(logging.ERROR, logger="tigris.serve"):
        res = client.post("/_dash-update-component", json=body)
    text = res.get_data(as_text=True)
    assert res.status_code == 200, text[:300]
    assert "internal error" not in text
    assert "(discount_rate): expected 0 to 30 %, got a whole number of ~401 digits" in text
    assert not caplog.records
