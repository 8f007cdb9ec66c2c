"""``changedPropIds`` must name inputs of the callback posted to: each entry
``"<id>.<property>"`` of one of its inputs, a pattern-matching id as Dash writes it
(JSON). Any other string is 400, not a traceback (review of s48 serve #5:
``["{bad.value"]`` passed the guard and raised JSONDecodeError in ``ctx.triggered_id``)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from tests._serve import EVERY, FakeJobs, page_of
from tests.conftest import SMALL_3Y
from tigris.serve.app import create_app, serve_context
from tigris.serve.guard import callback_problem


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(SMALL_3Y, jobs=FakeJobs())  # type: ignore[arg-type]


def _good(app: Any) -> dict[str, Any]:
    return page_of(app).body()


def _first_control(app: Any) -> str:
    return serve_context(app).controls[0].id


BAD = [
    "{bad.value",
    "{bad",
    "apply",
    "apply.value",
    "nope.n_clicks",
    "pin-a.n_clicks",  # an input of another callback
    '{"id":"x","type":"other"}.value',
    '{"id":"x"}.value',
    "[1, 2].value",
    '{"id":{"a":1},"type":"ctl"}.value',
    '{"id":"x","type":"ctl"}.n_clicks',
    "[" * 100_000 + ".value",
]


@pytest.mark.parametrize("changed", BAD, ids=range(len(BAD)))
def test_a_changed_id_not_an_input_of_the_callback_is_400(
    app: Any, changed: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.server.test_client()
    body = {**_good(app), "changedPropIds": [changed]}
    with caplog.at_level(logging.DEBUG):
        res = client.post("/_dash-update-component", json=body)
    assert res.status_code == 400, res.get_data(as_text=True)[:300]
    assert res.get_data(as_text=True).startswith("bad callback request: changedPropIds")
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_the_inputs_the_page_sends_pass(app: Any, caplog: pytest.LogCaptureFixture) -> None:
    client = app.server.test_client()
    cid = _first_control(app)
    pattern = json.dumps({"id": cid, "type": "ctl"}, separators=(",", ":"), sort_keys=True)
    for changed in (
        [],
        ["apply.n_clicks"],
        ["poll.n_intervals"],
        [f"{pattern}.value"],
        [f"{pattern}.value", "apply.n_clicks"],
    ):
        body = {**_good(app), "changedPropIds": changed}
        with caplog.at_level(logging.DEBUG):
            res = client.post("/_dash-update-component", json=body)
        assert res.status_code in (200, 204), (changed, res.get_data(as_text=True)[:300])
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_callback_problem_checks_each_entry() -> None:
    deps = [
        {
            "output": "out.children",
            "inputs": [
                {"id": "go", "property": "n_clicks"},
                {"id": EVERY, "property": "value"},
            ],
            "state": [],
        }
    ]
    body = {
        "output": "out.children",
        "outputs": {"id": "out", "property": "children"},
        "inputs": [{"id": "go", "property": "n_clicks", "value": 1}, []],
    }
    assert callback_problem(deps, {**body, "changedPropIds": ["go.n_clicks"]}) is None
    ok = '{"id":"a","type":"ctl"}.value'
    assert callback_problem(deps, {**body, "changedPropIds": [ok]}) is None
    assert callback_problem(deps, {**body, "changedPropIds": ["{bad.value"]})
    assert callback_problem(deps, {**body, "changedPropIds": ["go.n_clicks", "x.y"]})
