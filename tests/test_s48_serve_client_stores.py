"""What the page sends back of its own stores (``job``, ``pins``, the upload's file
name) is checked and an altered value refused in words, with no traceback in the log
(the review of everything the server takes from the client that user test s48 serve #1
asked for: a ``job`` store that was a list or a string, a job id that was a list, or a
``pins`` store that was a list gave "internal error (logged)" and an AttributeError or
TypeError traceback; a file name that was a list was echoed as ``['a']``)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests._serve import FakeJobs, page_of
from tests.conftest import SMALL_3Y
from tigris.serve.app import create_app
from tigris.serve.dash_tree import callback_request


@pytest.fixture(scope="module")
def page() -> Any:
    done = {"state": "done", "cached": True, "view": None}
    page = page_of(create_app(SMALL_3Y, jobs=FakeJobs(done)))  # type: ignore[arg-type]
    client, deps, props, controls = page.client, page.deps, page.props, page.controls

    def fire(trigger: str, changed: str, **stores: Any) -> str:
        now = {k: dict(v) for k, v in props.items()}
        for key, value in stores.items():
            cid, prop = key.split("__")
            now.setdefault(cid, {})[prop] = value
        body = callback_request(deps, trigger, changed, now, controls, "ctl")
        res = client.post("/_dash-update-component", json=body)
        assert res.status_code == 200, res.get_data(as_text=True)[:300]
        return res.get_data(as_text=True)

    return fire


JOB = {"id": "k", "values": {}}
CASES = {
    "poll, job a list": ("poll", "poll.n_intervals", {"job__data": [1, 2]}, "job: "),
    "poll, job a string": ("poll", "poll.n_intervals", {"job__data": "abc"}, "job: "),
    "pin, job id a list": (
        "pin-a",
        "pin-a.n_clicks",
        {"job__data": {"id": [1], "values": {}}, "pin-a__n_clicks": 1},
        "job: ",
    ),
    "pin, pins a list": (
        "pin-a",
        "pin-a.n_clicks",
        {"job__data": JOB, "pins__data": [1], "pin-a__n_clicks": 1},
        "pins: ",
    ),
    "pin, a pin's values a number": (
        "pin-a",
        "pin-a.n_clicks",
        {"job__data": JOB, "pins__data": {"B": {"id": "k", "values": 3}}, "pin-a__n_clicks": 1},
        "pins: ",
    ),
    "upload, file name a list": (
        "upload",
        "upload.contents",
        {"upload__contents": "data:;base64,YWJj", "upload__filename": ["a"]},
        "upload.yaml:1: ",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_altered_store_is_refused_in_words(
    page: Any, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    trigger, changed, stores, said = CASES[case]
    with caplog.at_level(logging.ERROR, logger="tigris.serve"):
        text = page(trigger, changed, **stores)
    assert "internal error" not in text
    assert said in text
    assert "['a']" not in text
    assert not caplog.records
