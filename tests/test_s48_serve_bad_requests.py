"""Malformed requests get 400 or 404 and leave no traceback in the log (user test s48
serve #5: bodies ``{}``, ``null``, ``[1,2]`` or an unknown output posted to
``/_dash-update-component``, and ``GET /_dash-component-suites/dash/nope.js``, gave
HTTP 500 and a traceback each)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from tests._serve import FakeJobs, page_of
from tests.conftest import SMALL_3Y
from tigris.serve.app import create_app


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app(SMALL_3Y, jobs=FakeJobs())  # type: ignore[arg-type]


def _good(app: Any) -> dict[str, Any]:
    return page_of(app).body()


def _bad_bodies(good: dict[str, Any]) -> dict[str, Any]:
    first = good["inputs"][0]
    return {
        "empty object": {},
        "null": None,
        "a list": [1, 2],
        "unknown output": {**good, "output": "nope.children"},
        "outputs of another callback": {**good, "outputs": [{"id": "x", "property": "y"}]},
        "inputs short": {**good, "inputs": good["inputs"][:1]},
        "inputs not a list": {**good, "inputs": {"a": 1}},
        "a pattern input not a list": {**good, "inputs": [{"id": 1}, *good["inputs"][1:]]},
        "a pattern item of a string id": {
            **good,
            "inputs": [[{**first[0], "id": "ctl"}], *good["inputs"][1:]],
        },
        "a plain input of another id": {
            **good,
            "inputs": [first, {"id": "nope", "property": "n_clicks"}, good["inputs"][2]],
        },
        "changed ids not strings": {**good, "changedPropIds": [1]},
        "state short": {**good, "state": []},
    }


def test_malformed_callback_requests_are_400_without_a_traceback(
    app: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.server.test_client()
    good = _good(app)
    bodies = {name: json.dumps(b) for name, b in _bad_bodies(good).items()}
    bodies["not json"] = "notjson"
    bodies["nested past the parser"] = "[" * 100_000 + "]" * 100_000
    bodies["a number past int()'s digits"] = '{"output": 1' + "0" * 5000 + "}"
    with caplog.at_level(logging.DEBUG):
        for name, text in bodies.items():
            res = client.post("/_dash-update-component", data=text, content_type="application/json")
            assert res.status_code == 400, (name, res.status_code, res.get_data(as_text=True))
            assert res.get_data(as_text=True).startswith("bad callback request: "), name
        # the page's own request still passes
        res = client.post("/_dash-update-component", json=good)
        assert res.status_code == 200, res.get_data(as_text=True)[:300]
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize("path", ["dash/nope.js", "nope/x.js", "dash/../../etc/passwd"])
def test_an_unknown_component_suite_file_is_404(
    app: Any, path: str, caplog: pytest.LogCaptureFixture
) -> None:
    client = app.server.test_client()
    with caplog.at_level(logging.DEBUG):
        res = client.get(f"/_dash-component-suites/{path}")
    assert res.status_code == 404
    assert "root:" not in res.get_data(as_text=True)
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
