"""The dashboard's page (``tigris.serve.app``), driven through Flask's test client as the
browser drives it: the layout from ``/_dash-layout``, each callback by a POST to
``/_dash-update-component`` whose payload is built from ``/_dash-dependencies``.

One app on :data:`tests.conftest.SMALL_3Y` with one worker process for the module, closed
in the fixture's finaliser.
"""

from __future__ import annotations

import base64
import copy
import json
import logging
import multiprocessing
import re
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import SMALL, SMALL_3Y
from tigris.errors import InputError
from tigris.report.api import FIGURE_IDS
from tigris.scenario.edit import get_path, load_any
from tigris.serve.app import create_app, serve_context
from tigris.serve.dash_tree import callback_request, text_of, walk
from tigris.serve.jobs import JobManager
from tigris.serve.layout import GRAPH_IDS

#: How long a test waits for SMALL_3Y's plan (a worker's start plus a solve) [s].
SOLVE_WAIT_S = 60.0
#: The capital control of SMALL_3Y (its fund of US$ 20 B, in US$ B).
FUND = "capital.fund.amount_usd"
#: Every element id the contract names (docs/serve.md).
CONTRACT_IDS = {
    "headline",
    "headline-unmet-share",
    "headline-capex",
    "headline-npv",
    "headline-baseline",
    "status",
    "error",
    "apply",
    "reset",
    "upload",
    "download-button",
    "download",
    "url",
    "pin-a",
    "pin-b",
    "compare",
    "session",
    "graph-map",
} | {"graph-" + f.removeprefix("fig-") for f in FIGURE_IDS}


# --- a small Dash client ------------------------------------------------------------


class DashClient:
    """Fires the app's callbacks as the browser does and keeps the page's state.

    A page load: the layout from ``/_dash-layout``; ``props`` holds every element's
    properties by id as the browser would after each response; ``controls`` the drawn
    controls' values by control id.
    """

    ALL_CONTROLS = '{"id":["ALL"],"type":"ctl"}'

    def __init__(self, app: Any) -> None:
        self.app = app
        self.client = app.server.test_client()
        self.deps = self.client.get("/_dash-dependencies").get_json()
        self.layout = self.client.get("/_dash-layout").get_json()
        self.props: dict[str, dict[str, Any]] = {}
        for comp in walk(self.layout):
            cid = comp["props"].get("id")
            if isinstance(cid, str):
                self.props[cid] = dict(comp["props"])
        self.controls: dict[str, Any] = {}

    def _fire(self, trigger: str, changed: str) -> dict[str, Any]:
        payload = callback_request(self.deps, trigger, changed, self.props, self.controls, "ctl")
        if payload is None:
            raise AssertionError(f"no callback fired by {trigger}")
        res = self.client.post("/_dash-update-component", json=payload)
        self.last = res
        if res.status_code == 204:  # PreventUpdate: nothing changes
            return {}
        assert res.status_code == 200, res.get_data(as_text=True)[:500]
        response = res.get_json()["response"]
        for cid, props in response.items():
            for p, v in props.items():
                mine = self.props.setdefault(cid, {})
                mine[p.split("@")[0]] = _patched(mine.get(p.split("@")[0]), v)
        if "controls" in response:
            self.controls = {
                c["props"]["id"]["id"]: c["props"].get("value")
                for c in walk(response["controls"]["children"])
                if isinstance(c["props"].get("id"), dict)
            }
        return response

    def fire(self, cid: str, prop: str, value: Any = None) -> dict[str, Any]:
        """Set ``cid.prop`` to ``value`` (unless None) and run the callback it fires."""
        if value is not None:
            self.props.setdefault(cid, {})[prop] = value
        return self._fire(cid, f"{cid}.{prop}")

    def change(self, control_id: str, value: Any) -> dict[str, Any]:
        """Type ``value`` into a control: the what-if callback fires."""
        assert control_id in self.controls, sorted(self.controls)
        self.controls[control_id] = value
        changed = json.dumps({"id": control_id, "type": "ctl"}, separators=(",", ":"))
        return self._fire(self.ALL_CONTROLS, f"{changed}.value")

    def text(self, cid: str) -> str:
        """The text of an element as the browser shows it: its children, each element
        with an id as the last response left it, flattened."""
        return self._text(self.props.get(cid, {}).get("children"))

    def _text(self, children: Any) -> str:
        if isinstance(children, (str, int, float)):
            return str(children)
        if isinstance(children, list):
            return " ".join(t for t in (self._text(c) for c in children) if t)
        if isinstance(children, dict):
            cid = children.get("props", {}).get("id")
            if isinstance(cid, str) and cid in self.props:
                return self.text(cid)
            return self._text(children.get("props", {}).get("children"))
        return ""

    def wait(self) -> None:
        """Poll (as the page's interval does) until no job is pending."""
        deadline = time.monotonic() + SOLVE_WAIT_S
        while not self.props["poll"].get("disabled", True):
            assert time.monotonic() < deadline, self.text("status")
            time.sleep(0.1)
            self.props["poll"]["n_intervals"] = self.props["poll"].get("n_intervals", 0) + 1
            self._fire("poll", "poll.n_intervals")

    def control_id(self, path: str) -> str:
        """The id of the control at ``path``."""
        return next(c.id for c in serve_context(self.app).controls if c.path == path)


def _patched(old: Any, new: Any) -> Any:
    """A property after an answer: ``new``, or ``old`` with a ``dash.Patch``'s operations
    applied as Dash's renderer applies them (assign, delete, extend)."""
    if not (isinstance(new, dict) and "__dash_patch_update" in new):
        return new
    value = copy.deepcopy(old)
    for op in new["operations"]:
        *path, last = op["location"]
        node = value
        for seg in path:
            node = node[seg]
        if op["operation"] == "Assign":
            node[last] = op["params"]["value"]
        elif op["operation"] == "Delete":
            del node[last]
        elif op["operation"] == "Extend":
            node[last].extend(op["params"]["value"])
        else:
            raise AssertionError(f"patch operation {op['operation']} not applied here")
    return value


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    store = tmp_path_factory.mktemp("serve-app") / "runs.duckdb"
    jobs = JobManager(workers=1, store=store)
    try:
        yield create_app(SMALL_3Y, jobs=jobs, poll_ms=100)
    finally:
        jobs.close()


@pytest.fixture
def page(app: Any) -> DashClient:
    """A new page load: the controls drawn (the setup callback on the empty query)."""
    dc = DashClient(app)
    dc.fire("url", "search", "")
    return dc


# --- tests ------------------------------------------------------------------------------


def _share(text: str) -> float:
    """``81.2%`` -> 0.812."""
    m = re.fullmatch(r"\s*(-?[\d.]+)\s*%\s*", text)
    assert m, text
    return float(m.group(1)) / 100


def test_page_serves_every_contract_id(app: Any) -> None:
    client = app.server.test_client()
    res = client.get("/")
    assert res.status_code == 200
    assert "tigris — what if" in res.get_data(as_text=True)
    ids = {c["props"].get("id") for c in walk(client.get("/_dash-layout").get_json())} - {None}
    assert ids >= CONTRACT_IDS, CONTRACT_IDS - ids
    # a new session id per page load
    sessions = {
        next(
            c["props"]["data"]
            for c in walk(client.get("/_dash-layout").get_json())
            if c["props"].get("id") == "session"
        )
        for _ in range(2)
    }
    assert len(sessions) == 2


def test_controls_are_drawn_with_their_path_and_pattern_id(page: DashClient) -> None:
    controls = serve_context(page.app).controls
    assert page.controls.keys() == {c.id for c in controls}
    drawn = {
        c["props"]["data-control"]: c
        for c in walk(page.props["controls"]["children"])
        if "data-control" in c["props"]
    }
    assert drawn.keys() == {c.path for c in controls}
    for c in controls:
        inputs = [x for x in walk(drawn[c.path]) if isinstance(x["props"].get("id"), dict)]
        assert [x["props"]["id"] for x in inputs] == [{"type": "ctl", "id": c.id}]
        if c.kind == "number":
            props = inputs[0]["props"]
            assert props["debounce"] is True and props["type"] == "number"
            assert props.get("min") == c.min and props.get("max") == c.max
            label = text_of(drawn[c.path]["props"]["children"])
            assert c.unit in label
    groups = [
        c["props"]["data-group"]
        for c in walk(page.props["controls"]["children"])
        if "data-group" in c["props"]
    ]
    assert sorted(groups) == sorted({c.group for c in controls})


def test_capital_change_gives_a_new_job_and_a_new_headline(page: DashClient) -> None:
    fund = page.control_id(FUND)
    default = page.controls[fund]
    page.change(fund, default)  # the page's first what-if: the base, warmed at start
    page.wait()
    base_job = page.props["job"]["data"]["id"]
    before = {i: page.text(i) for i in ("headline-unmet-share", "headline-capex", "headline-npv")}
    assert page.text("error") == "", page.text("error")
    assert page.props["url"]["search"] == ""
    assert page.props["graph-supply"]["figure"]["data"], "the supply figure is empty"

    page.change(
        fund, default / 100
    )  # a hundredth of the fund's money: below the capex it committed
    assert page.props["job"]["data"]["id"] != base_job
    assert FUND in page.props["url"]["search"]
    assert page.props["main"]["className"] == "pending"  # a fresh solve: the old view dimmed
    page.wait()
    assert page.props["main"]["className"] == ""
    after = {i: page.text(i) for i in before}
    assert page.text("error") == "", page.text("error")
    assert after != before
    # less money never serves more compute (a property of the plan, not its output)
    assert _share(after["headline-unmet-share"]) >= _share(before["headline-unmet-share"])
    # US$ 0.2 B buys no module of SMALL_3Y (one costs more): the world without the investor
    assert after["headline-capex"] == "$0"
    assert after["headline-unmet-share"] == page.text("headline-baseline")
    assert page.text("status") in ("cached",) or page.text("status").startswith("done in")


def test_figures_the_page_has_are_patched_to_the_new_view(page: DashClient) -> None:
    fund = page.control_id(FUND)
    jobs = serve_context(page.app).jobs
    sizes = []
    for value in (page.controls[fund], 0.2, page.controls[fund]):  # all solved before
        page.change(fund, value)
        page.wait()
        sizes.append(len(page.last.get_data()))
        view = jobs.status(page.props["job"]["data"]["id"])["view"]
        for fig_id, gid in GRAPH_IDS.items():  # what the page shows is the view's figure
            assert page.props[gid]["figure"] == view["figures"][fig_id], gid
    # the template and the world outline go once: the later answers are smaller
    assert sizes[1] < sizes[0] / 2 and sizes[2] < sizes[0] / 2, sizes


def test_a_view_dropped_from_memory_is_asked_for_again(
    page: DashClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    fund = page.control_id(FUND)
    page.change(fund, page.controls[fund])
    page.wait()
    shown = page.text("headline-unmet-share")
    jobs = serve_context(page.app).jobs
    job_id, real, asked = page.props["job"]["data"]["id"], jobs.status, []

    def forgetful(key: str) -> dict[str, Any]:
        # the job manager's answer once 64 other what-ifs have pushed the view out
        if key == job_id and not asked:
            asked.append(key)
            return {"state": "unknown", "view": None, "error": None, "cached": False}
        return real(key)

    monkeypatch.setattr(jobs, "status", forgetful)
    page.props["poll"]["disabled"] = False
    page.wait()
    assert asked == [job_id]
    assert page.text("error") == "", page.text("error")
    assert page.text("headline-unmet-share") == shown


def test_a_bad_value_names_the_control(page: DashClient) -> None:
    fund = page.control_id(FUND)
    page.change(fund, -5)
    error = page.text("error")
    assert FUND in error, error
    assert "Traceback" not in error
    page.change(fund, "lots")
    assert FUND in page.text("error")
    # a box the browser refuses (out of range, off its step, empty) arrives as null:
    # an error naming the control and its range, never a silent solve of the default
    job = page.props["job"].get("data")
    page.change(fund, None)
    c = next(c for c in serve_context(page.app).controls if c.path == FUND)
    assert FUND in page.text("error") and f"from {c.min:g} to {c.max:g}" in page.text("error")
    assert page.props["job"].get("data") == job


def test_an_unexpected_error_is_logged_not_shown(
    page: DashClient, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    jobs = serve_context(page.app).jobs

    def broken(*args: Any, **kwargs: Any) -> str:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(jobs, "submit", broken)
    with caplog.at_level(logging.ERROR, logger="tigris.serve"):
        page.change(page.control_id(FUND), 3)
    assert page.text("error") == "internal error (logged)"
    assert "secret detail" not in page.last.get_data(as_text=True)
    assert any("secret detail" in (r.exc_text or "") for r in caplog.records)


def test_an_altered_request_is_refused_in_words(page: DashClient) -> None:
    page.props["session"]["data"] = "../../etc/passwd"
    page.change(page.control_id(FUND), 3)
    assert "session" in page.text("error") and "internal" not in page.text("error")
    page.props["session"]["data"] = None
    page.change(page.control_id(FUND), 4)
    assert "session" in page.text("error")


def test_the_url_restores_a_what_if_and_names_a_bad_one(app: Any) -> None:
    dc = DashClient(app)
    dc.fire("url", "search", f"?{FUND}=7")
    fund = dc.control_id(FUND)
    assert dc.controls[fund] == 7
    assert dc.text("error") == ""
    dc = DashClient(app)
    dc.fire("url", "search", "?capital.nowhere.amount_usd=7")
    assert "capital.nowhere.amount_usd" in dc.text("error")
    assert dc.controls  # drawn at the defaults all the same


def test_a_links_error_stays_until_the_user_asks_anew(app: Any) -> None:
    """User test 2026-12-05 serve #2: a link's refused value stayed on the page, in
    red, after the user typed a valid value and its plan was shown. It stays while the
    page draws the link (the user has not acted yet) and goes with the next what-if."""
    dc = DashClient(app)
    dc.fire("url", "search", f"?{FUND}=abc")
    assert FUND in dc.text("error-setup")  # drawn at the defaults, the error shown
    fund = dc.control_id(FUND)
    # the what-if the drawn controls fire on their own (the browser's initial call):
    # the link was refused, so its error stays
    dc.change(fund, dc.controls[fund])
    assert FUND in dc.text("error-setup")
    assert dc.props["url"]["search"] != f"?{FUND}=abc"  # the page's link is redrawn
    dc.change(fund, 10)  # the user's what-if: the old link's error goes
    assert dc.text("error-setup") == ""
    assert dc.text("error-run") == ""
    assert dc.props["url"]["search"] == f"?{FUND}=10"


def test_download_is_the_what_if_as_yaml(page: DashClient) -> None:
    fund = page.control_id(FUND)
    page.controls[fund] = 5
    out = page.fire("download-button", "n_clicks", 1)
    sent = out["download"]["data"]
    assert sent["filename"].endswith(".yaml")
    assert get_path(load_any(sent["content"]), FUND) == 5e9
    # it says it is a what-if and what it changes (user test s46 serve #14: the file
    # planned as the base's name, a changed value's source text the base's)
    assert sent["content"].startswith("# a what-if of ")
    assert f"(what-if: {FUND})" in load_any(sent["content"]).name


def test_upload_makes_the_session_base_and_a_bad_one_names_file_and_line(
    page: DashClient,
) -> None:
    text = SMALL.replace("name: small", "name: uploaded")
    page.props["upload"]["filename"] = "mine.yaml"
    data = "data:application/x-yaml;base64," + base64.b64encode(text.encode()).decode()
    page.fire("upload", "contents", data)
    assert page.text("error") == ""
    assert page.text("base-name") == "uploaded"
    assert load_any(page.props["base"]["data"]).name == "uploaded"
    bad = SMALL.replace("pue: 1.2", "pue: -1")
    page.props["upload"]["filename"] = "bad.yaml"
    page.fire("upload", "contents", "data:;base64," + base64.b64encode(bad.encode()).decode())
    line = SMALL.splitlines().index("pue: 1.2") + 1
    assert f"bad.yaml:{line}:" in page.text("error"), page.text("error")


def test_pins_compare_two_what_ifs(page: DashClient) -> None:
    fund = page.control_id(FUND)
    page.change(fund, page.controls[fund])
    page.wait()
    page.fire("pin-a", "n_clicks", 1)
    page.change(fund, 0.2)  # solved by the capital test already, when it ran
    page.wait()
    page.fire("pin-b", "n_clicks", 1)
    compare = page.text("compare")
    assert FUND in compare  # the input diff
    # in the control's units, US$ B, as the controls show them (UT-DASH #11)
    assert "20 US$ B" in compare and "0.2 US$ B" in compare
    graphs = [
        c["props"]["id"] for c in walk(page.props["compare"]["children"]) if c["type"] == "Graph"
    ]
    assert {"compare-a-supply", "compare-b-supply"} <= set(graphs)


class _Refs(HTMLParser):
    """The src and href of every tag of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v for k, v in attrs if k in ("src", "href") and v]


def test_nothing_is_fetched_from_another_host(app: Any) -> None:
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    parser = _Refs()
    parser.feed(html)
    assert any(r.endswith(".css") or ".css?" in r for r in parser.refs), parser.refs
    for ref in parser.refs:
        assert not urlsplit(ref).netloc, ref  # served from this server
        res = client.get(ref)
        assert res.status_code == 200, ref
        body = res.get_data()
        res.close()
        if ".css" in ref:  # a stylesheet fetches what its url() and @import name
            assert not re.search(rb"(url\(|@import)\s*['\"]?\s*(https?:)?//", body), ref
    assert not re.search(r"https?://", html)
    # and the browser is told so: every fetch, connection and script from this server
    policy = dict(
        d.strip().split(" ", 1)
        for d in client.get("/").headers["Content-Security-Policy"].split(";")
    )
    for directive in ("default-src", "connect-src", "img-src", "font-src"):
        assert "http" not in policy[directive] and "*" not in policy[directive], policy
        assert policy[directive].startswith("'self'"), policy
    assert "unsafe" not in policy["script-src"], policy


@pytest.mark.parametrize(
    ("args", "kwargs", "names"),
    [
        (("no-such-scenario.yaml",), {}, "no-such-scenario.yaml"),
        ((SMALL_3Y,), {"poll_ms": 0}, "poll_ms"),
        ((SMALL_3Y,), {"data": "no-such-data.yaml"}, "no-such-data.yaml"),
    ],
)
def test_bad_arguments_fail_before_any_worker_starts(
    args: tuple[Any, ...], kwargs: dict[str, Any], names: str
) -> None:
    before = set(multiprocessing.active_children())
    with pytest.raises(InputError, match=re.escape(names)):
        create_app(*args, **kwargs)
    assert set(multiprocessing.active_children()) == before


def _poll(page: DashClient) -> dict[str, Any]:
    """One tick of the page's interval."""
    page.props["poll"]["n_intervals"] = page.props["poll"].get("n_intervals", 0) + 1
    return page._fire("poll", "poll.n_intervals")


def test_a_poll_of_a_replaced_what_if_never_puts_it_back(
    page: DashClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Serve user test 2026-12-05: a value entered while the previous what-if solved
    cancelled that one; a poll sent before the new job reached the page carried the old
    job, got "cancelled", wrote the old job back and stopped polling, so the page kept
    the earlier answer, unmarked, beside the new value (6 of 10 tries). Such a poll now
    puts the new job on the page and polling goes on to its answer; a what-if replaced by
    another copy of the tab (the controls still hold its values) says so, marked stale.
    """
    from tigris.serve.layout import STALE_CLASS

    fund = page.control_id(FUND)
    page.change(fund, page.controls[fund])
    page.wait()
    first = copy.deepcopy(page.props["job"]["data"])
    jobs = serve_context(page.app).jobs
    real = jobs.status

    def status(key: str) -> dict[str, Any]:  # the first job, as superseded mid-solve
        if key == first["id"]:
            return {"state": "cancelled", "view": None, "error": None, "cached": False}
        return real(key)

    monkeypatch.setattr(jobs, "status", status)
    page.change(fund, 3.3)  # the newer what-if, its job on the page
    newer = copy.deepcopy(page.props["job"]["data"])
    assert newer["id"] != first["id"]
    page.props["job"]["data"] = first  # the poll in flight: the old job, the new value
    response = _poll(page)
    # the poll submits the controls' value itself (its answer may be the page's only
    # one: user test s46 #1), never the old job back
    assert response["job"]["data"]["id"] == newer["id"], response
    assert page.text("error") == ""
    page.wait()
    assert page.text("error") == "" and page.props["main"]["className"] == ""
    assert page.props["job"]["data"]["id"] == newer["id"]
    # replaced by another copy of the tab: the controls hold the cancelled job's values
    page.controls[fund] = first["values"][fund]
    page.props["job"]["data"] = first
    page.props["poll"]["disabled"] = False
    _poll(page)
    assert page.text("status") == "cancelled"
    assert "replaced by a newer one" in page.text("error")
    assert page.props["main"]["className"] == STALE_CLASS  # the numbers are not its own


def test_a_link_with_one_refused_value_keeps_the_others(app: Any) -> None:
    """Serve user test 2026-12-05: ``?<fund>=12&disruption=euv_cut`` refused the typo and
    dropped the valid 12 with it, showing the base plan; the fund's 12 now stays in its
    box (and so in the what-if solved), the typo is named."""
    dc = DashClient(app)
    dc.fire("url", "search", f"?{FUND}=7&capital.nowhere.amount_usd=3")
    assert dc.controls[dc.control_id(FUND)] == 7
    assert "capital.nowhere.amount_usd" in dc.text("error")
