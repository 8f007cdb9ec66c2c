"""The page's base store is YAML text only, never a file name (user test s48 serve #1,
HIGH: ``base`` set to ``/etc/passwd`` in a what-if request made the server read the
file through ``load_any``, echo its content in the error, say which files exist and
solve any scenario file on the server)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.scenario.edit import load_any
from tigris.serve.app import create_app, serve_context
from tigris.serve.callbacks import ServeContext
from tigris.serve.dash_tree import callback_request, walk

SECRET = "hunter2-top-secret-line"


class FakeJobs:
    """A job manager that solves nothing (the tests look at the refusal only)."""

    def __init__(self) -> None:
        self.requests: list[Any] = []

    def submit(self, session: str, request: Any) -> str:
        self.requests.append(request)
        return "k"

    def status(self, job_id: str) -> dict[str, Any]:
        return {"state": "queued", "ahead": 0}

    def close(self) -> None:
        pass


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    scenario = tmp_path / "other.yaml"
    scenario.write_text(SMALL_3Y, encoding="utf-8")
    return {"secret": secret, "scenario": scenario, "missing": tmp_path / "nope.yaml"}


def _refusal(ctx: ServeContext, text: str) -> str:
    with pytest.raises(InputError) as info:
        ctx.session_base(text)
    return str(info.value)


def test_a_path_as_the_base_is_parsed_as_text_not_read(files: dict[str, Path]) -> None:
    ctx = ServeContext(base=load_any(SMALL_3Y), jobs=FakeJobs())  # type: ignore[arg-type]
    secret = _refusal(ctx, str(files["secret"]))
    assert SECRET not in secret
    assert "expected a mapping" in secret
    # a scenario file on the server is not loaded (nor solved)
    assert "expected a mapping" in _refusal(ctx, str(files["scenario"]))
    # an existing and a missing file are refused alike: nothing says which exist
    missing = _refusal(ctx, str(files["missing"]))
    assert "not found" not in missing
    assert secret.replace(str(files["secret"]), "P") == missing.replace(str(files["missing"]), "P")


def test_the_whatif_request_with_a_path_as_base_reads_no_file(
    files: dict[str, Path], caplog: pytest.LogCaptureFixture
) -> None:
    jobs = FakeJobs()
    app = create_app(SMALL_3Y, jobs=jobs)  # type: ignore[arg-type]
    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    controls = {c.id: c.default for c in serve_context(app).controls}
    props: dict[str, dict[str, Any]] = {}
    for comp in walk(client.get("/_dash-layout").get_json()):
        if isinstance(comp["props"].get("id"), str):
            props[comp["props"]["id"]] = dict(comp["props"])
    every = '{"id":["ALL"],"type":"ctl"}'
    submitted = len(jobs.requests)
    for name in ("secret", "scenario", "missing"):
        props["base"]["data"] = str(files[name])
        body = callback_request(deps, every, "apply.n_clicks", props, controls, "ctl")
        assert body is not None
        with caplog.at_level(logging.ERROR, logger="tigris.serve"):
            res = client.post("/_dash-update-component", json=body)
        text = res.get_data(as_text=True)
        assert res.status_code == 200, text[:300]
        assert SECRET not in text and "not found" not in text
        assert "expected a mapping" in text
    assert len(jobs.requests) == submitted  # nothing solved
    assert not caplog.records
