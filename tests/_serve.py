"""What the dashboard's tests share: a job manager that solves nothing, the page as a
test client sees it (its callbacks, components and controls), a callback request the
page would post, and one page of a server of its own in Debian's Chromium."""

from __future__ import annotations

import contextlib
import multiprocessing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: The pattern-matching input of every control, as Dash writes it.
EVERY = '{"id":["ALL"],"type":"ctl"}'
#: Longest wait for a what-if to be solved and shown in a browser [ms].
SOLVE_TIMEOUT_MS = 90_000
#: True in the page once a what-if is shown (from the cache, solved, or refused).
DONE_JS = """() => {
    const status = (document.getElementById('status')?.innerText ?? '').trim();
    return status === 'cached' || status.startsWith('done')
        || (document.getElementById('error')?.innerText ?? '').trim() !== '';
}"""


class FakeJobs:
    """A job manager that solves nothing: each job is ``status`` (queued by default),
    its id looked up in a dict as :class:`tigris.serve.jobs.JobManager` does (an
    unhashable id raises)."""

    def __init__(self, status: dict[str, Any] | None = None) -> None:
        self._status = status or {"state": "queued", "ahead": 0}

    def submit(self, session: str, request: Any) -> str:
        return "k"

    def status(self, job_id: str) -> dict[str, Any]:
        {}.get(job_id)
        return dict(self._status)

    def close(self) -> None:
        pass


@dataclass
class Page:
    """The page as a Flask test client gets it."""

    app: Any
    client: Any
    deps: list[dict[str, Any]]
    props: dict[str, dict[str, Any]]
    controls: dict[str, Any]

    def body(
        self, trigger: str = EVERY, changed: str = "apply.n_clicks", **controls: Any
    ) -> dict[str, Any]:
        """The request the page posts for ``trigger``, the controls at their defaults
        but for ``controls`` (control id -> value)."""
        from tigris.serve.dash_tree import callback_request

        values = {**self.controls, **controls}
        body = callback_request(self.deps, trigger, changed, self.props, values, "ctl")
        assert body is not None
        return body


def page_of(app: Any) -> Page:
    """The dashboard ``app`` as its page's first request sees it."""
    from tigris.serve.app import serve_context
    from tigris.serve.dash_tree import walk

    client = app.server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    props = {
        comp["props"]["id"]: dict(comp["props"])
        for comp in walk(client.get("/_dash-layout").get_json())
        if isinstance(comp["props"].get("id"), str)
    }
    controls = {c.id: c.default for c in serve_context(app).controls}
    return Page(app, client, deps, props, controls)


@contextlib.contextmanager
def served(tmp_path: Path, scenario: str, port: int) -> Iterator[Any]:
    """``tigris serve`` of ``scenario`` (YAML text) on loopback ``port`` with one
    worker, until the block ends; no worker process left behind."""
    from tests.conftest import write_scenario
    from tigris.serve.app import create_app
    from tigris.serve.jobs import JobManager
    from tigris.serve.server import start_background

    path = write_scenario(tmp_path, scenario, "small.yaml")
    before = set(multiprocessing.active_children())
    jobs = JobManager(workers=1, store=tmp_path / "runs.duckdb")
    try:
        handle = start_background(create_app(path, jobs=jobs, poll_ms=200), port=port, jobs=jobs)
        try:
            yield handle
        finally:
            handle.stop()
    finally:
        jobs.close()
    assert [p for p in multiprocessing.active_children() if p not in before] == []


@contextlib.contextmanager
def browser_page(url: str) -> Iterator[Any]:
    """A Chromium page (the system browser, ``tests/test_report_browser``'s flags) at
    ``url``, its first what-if shown."""
    from playwright.sync_api import sync_playwright

    from tests.test_report_browser import CHROMIUM, CHROMIUM_ARGS
    from tests.test_serve_browser import VIEWPORT

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(url, wait_until="load")
            page.wait_for_function(DONE_JS, timeout=SOLVE_TIMEOUT_MS)
            yield page
        finally:
            browser.close()
