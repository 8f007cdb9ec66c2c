"""The page converges to the answer of the values in its controls (serve user test s46
#1, #2): Dash drops the answer of a callback fired again before it returned, so a value's
submission can be lost to a poll tick fired meanwhile; the poll then carried the old job
and either stopped on the cancelled job (``solving… 1 s`` forever, the box at 9.3, the
URL at 9.1) or filled the old, done answer as current. The poll now submits the controls'
values itself when they are not its job's.

The callback is driven through Flask's test client (``tests/test_serve_app.py``'s
:class:`DashClient`) on a stand-in job manager whose job states the test sets, so the
race is replayed step by step, without a worker or a solve.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from tests.conftest import SMALL_3Y
from tests.test_serve_app import FUND, DashClient
from tigris.serve.app import create_app
from tigris.serve.jobs import job_key


class _Jobs:
    """A job manager that solves nothing: each job stays in the state the test gives it
    (``running`` unless told), and a session's new job cancels its previous one."""

    def __init__(self) -> None:
        self.states: dict[str, str] = {}
        self.sessions: dict[str, str] = {}
        self.requests: dict[str, Mapping[str, Any]] = {}

    def submit(self, session: str, request: Mapping[str, Any]) -> str:
        key = job_key(request)
        old = self.sessions.get(session)
        if old is not None and old != key and self.states.get(old) == "running":
            self.states[old] = "cancelled"
        self.sessions[session] = key
        self.requests[key] = request
        self.states.setdefault(key, "running")
        if self.states[key] == "cancelled":
            self.states[key] = "running"
        return key

    def status(self, job_id: str) -> dict[str, Any]:
        state = self.states.get(job_id, "unknown")
        return {
            "state": state,
            "progress": "solving plan" if state == "running" else None,
            "elapsed_s": 1.0,
            "ahead": None,
            "view": None,
            "error": None,
            "cached": state == "done",
        }

    def cancel(self, session: str) -> None:
        self.sessions.pop(session, None)

    def close(self) -> None:
        """Nothing to stop."""


@pytest.fixture
def page() -> DashClient:
    """A page on the stand-in manager, its controls drawn at the defaults."""
    dc = DashClient(create_app(SMALL_3Y, jobs=_Jobs(), poll_ms=100))  # type: ignore[arg-type]
    dc.fire("url", "search", "")
    return dc


def _poll(page: DashClient) -> dict[str, Any]:
    """One tick of the page's interval."""
    page.props["poll"]["n_intervals"] = page.props["poll"].get("n_intervals", 0) + 1
    return page._fire("poll", "poll.n_intervals")


def _lost_submission(page: DashClient, control: str, value: float) -> dict[str, Any]:
    """Enter ``value`` and fire its submission, whose answer the page never gets (Dash
    dropped it for the poll fired meanwhile): the page's state stays as it was."""
    kept = {k: dict(v) for k, v in page.props.items()}
    page.change(control, value)
    page.props = kept
    return page.controls


@pytest.mark.parametrize("old_state", ["cancelled", "done"])
def test_a_poll_of_an_older_job_submits_the_values_in_the_controls(
    page: DashClient, old_state: str
) -> None:
    fund = page.control_id(FUND)
    page.change(fund, 9.1)  # the first what-if: pending, the page polls it
    first = page.props["job"]["data"]
    assert page.props["poll"]["disabled"] is False
    manager = _manager(page)
    _lost_submission(page, fund, 9.3)  # its submission replaced the first job ...
    if old_state == "done":  # ... or the first one finished just before
        manager.states[first["id"]] = "done"
    else:
        assert manager.states[first["id"]] == "cancelled"
    assert page.props["job"]["data"]["id"] == first["id"]  # ... but never reached the page
    response = _poll(page)
    assert "job" in response, response
    job = response["job"]["data"]
    assert job["values"][fund] == 9.3 and job["id"] != first["id"]
    assert manager.states[job["id"]] == "running"
    assert page.props["poll"]["disabled"] is False  # the page polls the new job
    assert "=9.3" in page.props["url"]["search"]
    manager.states[job["id"]] = "failed"  # its end reaches the page on the next tick
    _poll(page)
    assert page.text("status") == "failed" and page.props["poll"]["disabled"] is True


def test_a_poll_of_the_controls_job_does_not_submit_again(page: DashClient) -> None:
    fund = page.control_id(FUND)
    page.change(fund, 9.1)
    manager = _manager(page)
    submitted = dict(manager.requests)
    response = _poll(page)
    assert "job" not in response and response["status"]["children"].startswith("solving")
    assert manager.requests == submitted


def _manager(page: DashClient) -> _Jobs:
    from tigris.serve.app import serve_context

    jobs = serve_context(page.app).jobs
    assert isinstance(jobs, _Jobs)
    return jobs
