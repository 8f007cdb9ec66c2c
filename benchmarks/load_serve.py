"""Load test of ``tigris serve``: concurrent sessions asking what-ifs (issue 16).

Each session does what a browser does on the dashboard (``docs/serve.md``), over its
own keep-alive HTTP connection: ``GET /``, ``GET /_dash-layout`` (its session id is in
the ``session`` store), ``GET /_dash-dependencies``, the setup callback that draws the
controls (``url.search``), then the what-if callback the page fires when a control
changes (``POST /_dash-update-component``, the payload built from the dependencies and
the controls drawn), polling (the ``poll`` interval's callback) until the answer fills
the page. An answer the server has cached fills the page in that one round trip.

Phases:

1. **fresh**: one session loads the page (the base what-if, which the server started
   solving at start-up) and then asks a what-if nobody asked before (the first capital
   control at a random 60-90 % of its value): the time to a fresh solve's answer.
2. **cached**: ``--sessions`` sessions at once, each loading the page (whose own
   what-if, the base, is a cached answer too) and then asking ``--asks`` more what-ifs
   back to back (default 1: the issue's "each doing a what-if"), phase 1's and the base
   in turn (both solved now): p50/p95/max latency of the cached answers (nearest-rank
   percentiles), page-load time, errors (an HTTP status other than 200/204, a failed or
   timed-out request, a non-empty ``error-run``, a ``failed`` status).

The server is ``tigris serve --port 0`` on a throw-away store, started by this script in
a process of its own (``--in-process``: served from this process by
:func:`tigris.serve.server.start_background`, where the client's threads compete with
the server's for one interpreter lock), or a running one (``--url``). The server's
memory: resident set size (``/proc/PID/status`` VmRSS) of the server process and of its
worker processes before and after phase 2 (with ``--url``, give ``--pid``). The page's
scripts (Dash's and plotly's JavaScript) are not fetched: a browser caches them after
its first visit.

Bounded: at most :data:`MAX_SESSIONS` sessions and :data:`MAX_ASKS` asks each, every
request times out after ``--timeout`` s (phase 1's answers too), and no ask of phase 2
starts after ``--duration`` s from its start.
Loopback only: ``--url`` must name this machine.

Goal (issue 16): p95 < 1 s for cached answers, 0 errors, memory bounded.

Run::

    python benchmarks/load_serve.py                       # reference, 50 sessions
    python benchmarks/load_serve.py --asks 4              # each asks 4 more, no pause
    python benchmarks/load_serve.py --sessions 10 --asks 2 --scenario my.yaml --json
    python benchmarks/load_serve.py --url http://127.0.0.1:8050/ --pid 12345
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import ipaddress
import json
import math
import os
import platform
import random
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tigris.serve.dash_tree import callback_request, text_of, walk

#: Issue 16's goal for cached answers: p95 latency below this [s].
GOAL_P95_S = 1.0
#: Most concurrent sessions one run may open (a bound, not a goal).
MAX_SESSIONS = 200
#: Most what-ifs one session may ask.
MAX_ASKS = 50
#: Longest run allowed [s].
MAX_DURATION_S = 600.0
#: The fresh what-if's capital as a share of the control's value: drawn in this range
#: so a run against a server with a store (``--url``) is unlikely to find it solved.
FRESH_SHARE = (0.6, 0.9)
#: The control id type of the dashboard's inputs (tigris.serve.layout.CONTROL_TYPE).
CONTROL_TYPE = "ctl"
#: Dash's id of every control input, as a dependency string names it.
ALL_CONTROLS = '{"id":["ALL"],"type":"ctl"}'
#: Longest wait for a server this benchmark starts to print its URL [s].
STARTUP_TIMEOUT_S = 60.0
#: Bytes per kB in /proc's VmRSS.
_KB = 1024
#: Wait between polls when the layout does not say [s] (the app's default poll_ms).
_DEFAULT_POLL_S = 0.5


# --- one browser session ----------------------------------------------------------------


class LoadError(Exception):
    """A request of the load test that did not get the answer a browser needs."""


@dataclass
class Control:
    """A drawn number control: its id, path and value (display units) and bounds."""

    id: str
    path: str
    value: float
    min: float | None
    max: float | None


class Session:
    """One page of the dashboard, driven as the browser drives it.

    Parameters
    ----------
    host, port
        The server (loopback).
    timeout : float
        Socket timeout of each request [s].
    """

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.conn = http.client.HTTPConnection(host, port, timeout=timeout)
        self.props: dict[str, dict[str, Any]] = {}
        self.controls: dict[str, Any] = {}
        self.wrappers: list[Control] = []
        self.deps: list[dict[str, Any]] = []
        self.poll_s = _DEFAULT_POLL_S
        self.bytes_in = 0
        self.requests = 0

    def close(self) -> None:
        self.conn.close()

    def _request(self, method: str, path: str, body: Any = None) -> tuple[int, bytes]:
        headers = {"Accept": "*/*"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                res = self.conn.getresponse()
                payload = res.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # a kept-alive connection the server closed meanwhile: reconnect once
                self.conn.close()
                if attempt:
                    raise
        self.bytes_in += len(payload)
        self.requests += 1
        return res.status, payload

    def get_json(self, path: str) -> Any:
        status, payload = self._request("GET", path)
        if status != 200:
            raise LoadError(f"GET {path}: HTTP {status}")
        return json.loads(payload)

    def load(self) -> None:
        """``GET /``, the layout and the dependencies, then the controls drawn."""
        status, page = self._request("GET", "/")
        if status != 200 or b"_dash-config" not in page:
            raise LoadError(f"GET /: HTTP {status}" + ("" if status != 200 else ", not the page"))
        layout = self.get_json("/_dash-layout")
        self.deps = self.get_json("/_dash-dependencies")
        for comp in walk(layout):
            cid = comp["props"].get("id")
            if isinstance(cid, str):
                self.props[cid] = dict(comp["props"])
        if not self.props.get("session", {}).get("data"):
            raise LoadError("the layout has no session id")
        interval = self.props.get("poll", {}).get("interval")
        if isinstance(interval, (int, float)) and interval > 0:
            self.poll_s = interval / 1e3
        self.fire("url", "url.search", {"url": {"search": ""}})
        if not self.controls:
            raise LoadError("the setup callback drew no controls")

    def fire(
        self, trigger: str, changed: str, set_props: Mapping[str, Mapping[str, Any]] | None = None
    ) -> dict[str, Any]:
        """Run the callback ``trigger`` fires (``changed``: the ``id.prop`` that changed)."""
        for cid, props in (set_props or {}).items():
            self.props.setdefault(cid, {}).update(props)
        payload = callback_request(
            self.deps, trigger, changed, self.props, self.controls, CONTROL_TYPE
        )
        if payload is None:
            raise LoadError(f"no callback is fired by {trigger}")
        status, body = self._request("POST", "/_dash-update-component", payload)
        if status == 204:  # PreventUpdate: nothing changes
            return {}
        if status != 200:
            raise LoadError(f"POST /_dash-update-component ({trigger}): HTTP {status}")
        response = json.loads(body)["response"]
        for cid, props in response.items():
            for p, v in props.items():
                self.props.setdefault(cid, {})[p.split("@")[0]] = v
        if "controls" in response:
            self._read_controls(response["controls"]["children"])
        return response

    def _read_controls(self, children: Any) -> None:
        self.controls, self.wrappers = {}, []
        for comp in walk(children):
            props = comp["props"]
            if isinstance(props.get("id"), dict):
                self.controls[props["id"]["id"]] = props.get("value")
            path = props.get("data-control")
            if path is None:
                continue
            inner = [
                c["props"]
                for c in walk(props.get("children"))
                if isinstance(c["props"].get("id"), dict)
            ]
            if inner and isinstance(inner[0].get("value"), (int, float)):
                p = inner[0]
                self.wrappers.append(
                    Control(p["id"]["id"], path, float(p["value"]), p.get("min"), p.get("max"))
                )

    def ask(self, values: Mapping[str, Any], deadline: float) -> dict[str, Any]:
        """Set the controls to ``values`` (by control id; ``{}``: as drawn) and fire the
        what-if callback, then poll until the page is filled.

        Returns
        -------
        dict
            ``latency_s`` (first POST to the filled page), ``polls``, ``status`` (the
            page's status text), ``cached`` (answered in the first round trip).
        """
        self.controls.update(values)
        first = next(iter(values), next(iter(self.controls)))
        changed = json.dumps({"id": first, "type": CONTROL_TYPE}, separators=(",", ":"))
        start = time.perf_counter()
        self.fire(ALL_CONTROLS, f"{changed}.value")
        polls = 0
        while not self.props.get("poll", {}).get("disabled", True):
            if time.perf_counter() > deadline:
                raise LoadError(f"no answer by the deadline ({self.text('status')})")
            time.sleep(self.poll_s)
            polls += 1
            n = (self.props["poll"].get("n_intervals") or 0) + 1
            self.fire("poll", "poll.n_intervals", {"poll": {"n_intervals": n}})
        latency = time.perf_counter() - start
        status = self.text("status")
        error = self.text("error-run")
        if error or status == "failed":
            raise LoadError(f"the what-if failed: {error or status}")
        return {"latency_s": latency, "polls": polls, "status": status, "cached": polls == 0}

    def text(self, cid: str) -> str:
        return text_of(self.props.get(cid, {}).get("children"))


def capital_control(session: Session) -> Control:
    """The control a user changes first: a capital source's amount, else any number."""
    for c in session.wrappers:
        if c.path.startswith("capital.") and c.path.endswith(".amount_usd"):
            return c
    if not session.wrappers:
        raise LoadError("the page has no number control")
    return session.wrappers[0]


def fresh_value(control: Control, rng: random.Random) -> float:
    """A value of ``control`` nobody asked before: a random share of its value
    (:data:`FRESH_SHARE`), kept inside the control's bounds."""
    x = control.value * rng.uniform(*FRESH_SHARE)
    if control.min is not None:
        x = max(x, float(control.min))
    if control.max is not None:
        x = min(x, float(control.max))
    return round(x, 6)


# --- measurements -------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile: the smallest value with at least ``q`` % of the values
    at or below it (Hyndman & Fan 1996, definition 1); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def rss_bytes(pid: int) -> int | None:
    """Resident set size of process ``pid`` (``/proc/PID/status`` VmRSS) [bytes]."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * _KB
    except (OSError, ValueError, IndexError):
        return None
    return None


def children(pid: int) -> list[int]:
    """Live child processes of ``pid`` (``/proc/PID/task/*/children``)."""
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


def memory(pid: int | None, workers: list[int] | None = None) -> dict[str, Any]:
    """RSS of the server process and of its workers (default: all its child
    processes, multiprocessing's resource tracker included) [bytes]."""
    if pid is None:
        return {"server_rss": None, "workers_rss": None, "workers": 0}
    kids = children(pid) if workers is None else workers
    sizes = [rss_bytes(k) for k in kids]
    return {
        "server_rss": rss_bytes(pid),
        "workers_rss": sum(s for s in sizes if s),
        "workers": len(kids),
    }


def summary(latencies: list[float]) -> dict[str, Any]:
    """Count, p50, p95 and max of latencies [s]."""
    return {
        "n": len(latencies),
        "p50_s": percentile(latencies, 50),
        "p95_s": percentile(latencies, 95),
        "max_s": max(latencies) if latencies else None,
    }


# --- the run --------------------------------------------------------------------------


@dataclass
class Tally:
    """What the cached phase's sessions saw."""

    asks: list[float] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    polled: int = 0
    errors: list[str] = field(default_factory=list)
    bytes_in: int = 0
    requests: int = 0


def _session_run(
    host: str,
    port: int,
    asks: list[dict[str, Any]],
    deadline: float,
    timeout: float,
    tally: Tally,
) -> None:
    """One session of the cached phase: load the page, then ask each what-if in turn."""
    s = Session(host, port, timeout)
    try:
        t = time.perf_counter()
        s.load()
        first = s.ask({}, deadline)  # the page's own first what-if (the base)
        tally.loads.append(time.perf_counter() - t)
        tally.asks.append(first["latency_s"])
        tally.statuses.append(first["status"])
        tally.polled += not first["cached"]
        for values in asks:
            if time.perf_counter() > deadline:
                break
            r = s.ask(values, deadline)
            tally.asks.append(r["latency_s"])
            tally.statuses.append(r["status"])
            tally.polled += not r["cached"]
    except (LoadError, OSError, ValueError, KeyError) as exc:
        tally.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        tally.bytes_in += s.bytes_in
        tally.requests += s.requests
        s.close()


async def _cached_phase(
    host: str,
    port: int,
    sessions: int,
    asks: list[dict[str, Any]],
    deadline: float,
    timeout: float,
) -> Tally:
    tally = Tally()
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=sessions, thread_name_prefix="load") as pool:
        await asyncio.gather(
            *(
                loop.run_in_executor(pool, _session_run, host, port, asks, deadline, timeout, tally)
                for _ in range(sessions)
            )
        )
    return tally


def check_url(url: str) -> tuple[str, int]:
    """Host and port of ``url``; refuses any host that is not loopback."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        msg = f"--url: expected http://HOST:PORT/, got {url!r}"
        raise SystemExit(msg)
    host = parts.hostname
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        msg = f"--url: the load test runs against this machine only (loopback), got {host}"
        raise SystemExit(msg)
    return host, parts.port or 80


def run_load(
    url: str,
    *,
    sessions: int = 50,
    asks: int = 1,
    duration_s: float = 60.0,
    timeout_s: float = 60.0,
    server_pid: int | None = None,
    seed: int | None = None,
    stats: Callable[[], dict[str, Any]] | None = None,
    worker_pids: Callable[[], list[int]] | None = None,
    fresh: bool = True,
) -> dict[str, Any]:
    """Run both phases against the server at ``url``; the figures as a dict.

    Parameters
    ----------
    url : str
        ``http://127.0.0.1:PORT/`` (loopback only).
    sessions : int
        Concurrent sessions of the cached phase.
    asks : int
        What-ifs each session asks after its page's own.
    duration_s : float
        No ask of phase 2 starts after this many seconds from its start [s].
    timeout_s : float
        Socket timeout of each request [s].
    server_pid : int, optional
        The server's process, for its memory.
    seed : int, optional
        Seed of the fresh what-if's value (default: from the clock).
    stats, worker_pids : callable, optional
        The server's ``JobManager.stats`` and ``.worker_pids`` (in-process runs).
    fresh : bool
        Whether phase 1 asks a fresh what-if (False: the sessions ask only the base
        what-if, cached once the first page has its answer; for a quick sample).
    """
    if not 1 <= sessions <= MAX_SESSIONS or not 0 <= asks <= MAX_ASKS:
        msg = f"expected 1-{MAX_SESSIONS} sessions and 0-{MAX_ASKS} asks, got {sessions}, {asks}"
        raise ValueError(msg)
    duration_s = min(duration_s, MAX_DURATION_S)
    host, port = check_url(url)
    rng = random.Random(seed if seed is not None else time.time_ns())
    errors: list[str] = []
    # phase 1: the page's base answer (solved at start-up), then a fresh what-if
    first = Session(host, port, timeout_s)
    try:
        first.load()
        base = first.ask({}, time.perf_counter() + timeout_s)
        control = capital_control(first)
        new = fresh_value(control, rng) if fresh else control.value
        later = time.perf_counter() + timeout_s
        answer = first.ask({control.id: new}, later) if fresh else None
    finally:
        first.close()
    pids = worker_pids() if worker_pids else None
    mem_before = memory(server_pid, pids)
    stats_before = stats() if stats else None
    # phase 2: sessions at once, each asking the two solved what-ifs in turn
    plan = [{control.id: new} if i % 2 == 0 else {control.id: control.value} for i in range(asks)]
    t2 = time.perf_counter()
    deadline = t2 + duration_s
    tally = asyncio.run(_cached_phase(host, port, sessions, plan, deadline, timeout_s))
    phase2_s = time.perf_counter() - t2
    mem_after = memory(server_pid, worker_pids() if worker_pids else None)
    errors += tally.errors
    cached = summary(tally.asks)
    return {
        "url": url,
        "sessions": sessions,
        "asks_per_session": asks,
        "first_answer_s": base["latency_s"],
        "first_answer_status": base["status"],
        "fresh": None
        if answer is None
        else {
            "control": control.path,
            "value": new,
            "seconds": answer["latency_s"],
            "status": answer["status"],
            "was_cached": answer["cached"],
        },
        "cached": cached,
        "asks_polled": tally.polled,
        "asks_status_cached": tally.statuses.count("cached"),
        "page_load": summary(tally.loads),
        "errors": len(errors),
        "error_samples": sorted(set(errors))[:5],
        "phase2_s": phase2_s,
        "requests": tally.requests,
        "requests_per_s": tally.requests / phase2_s if phase2_s > 0 else None,
        "mb_received": tally.bytes_in / 1e6,
        "memory_before": mem_before,
        "memory_after": mem_after,
        "jobs_before": stats_before,
        "jobs_after": stats() if stats else None,
        "goal_p95_s": GOAL_P95_S,
        "goal_met": bool(
            not errors and cached["p95_s"] is not None and cached["p95_s"] < GOAL_P95_S
        ),
        "load_average": os.getloadavg(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }


@dataclass
class Server:
    """A dashboard server this benchmark started: its URL, process and how to stop it."""

    url: str
    pid: int
    stop: Callable[[], None]
    worker_pids: Callable[[], list[int]]
    stats: Callable[[], dict[str, Any]] | None = None


def _workers_of(pid: int) -> list[int]:
    """The server's worker processes: its children but multiprocessing's resource
    tracker."""
    out = []
    for k in children(pid):
        try:
            cmd = Path(f"/proc/{k}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmd:
            out.append(k)
    return out


def start_server(
    scenario: str | None,
    *,
    workers: int,
    threads: int,
    store: Path,
    in_process: bool = False,
    timeout_s: float = STARTUP_TIMEOUT_S,
) -> Server:
    """The dashboard on a free loopback port.

    By default ``tigris serve SCENARIO --port 0`` in a process of its own (the client's
    threads then share no interpreter lock with the server's); ``in_process`` serves it
    from this process with :func:`tigris.serve.server.start_background` instead.

    Parameters
    ----------
    scenario : str or None
        Scenario file or YAML text; None for the reference.
    workers, threads : int
        The server's worker processes and request threads.
    store : Path
        The server's run store (a throw-away file).
    in_process : bool
        Serve from this process.
    timeout_s : float
        Longest wait for the server to print its URL [s].
    """
    if in_process:
        from tigris.serve.app import create_app
        from tigris.serve.jobs import JobManager
        from tigris.serve.server import start_background

        jobs = JobManager(workers=workers, store=store)
        try:
            handle = start_background(create_app(scenario, jobs=jobs), threads=threads, jobs=jobs)
        except BaseException:
            jobs.close()
            raise
        return Server(handle.url, os.getpid(), handle.stop, jobs.worker_pids, jobs.stats)
    args = ["--port", "0", "--workers", str(workers), "--threads", str(threads)]
    if scenario is not None and "\n" in scenario:  # YAML text: written beside the store
        path = store.with_suffix(".yaml")
        path.write_text(scenario, encoding="utf-8")
        scenario = str(path)
    if scenario is not None:
        args.insert(0, scenario)
    cmd = [sys.executable, "-c", "from tigris.cli import entry; entry()", "serve", *args]
    env = {**os.environ, "TIGRIS_STORE": str(store)}
    log = store.with_suffix(".log")  # a file: a pipe nobody reads would fill and block
    with log.open("w") as err_file:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=err_file, text=True, env=env)

    def stop() -> None:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout_s)
            except subprocess.TimeoutExpired:
                for k in children(proc.pid):
                    os.kill(k, signal.SIGKILL)
                proc.kill()
                proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()

    line = ""
    if proc.stdout is not None:  # the URL line, or end of file if the command failed
        ready, _, _ = select.select([proc.stdout], [], [], timeout_s)
        line = proc.stdout.readline() if ready else ""
    match = re.search(r"http://\S+/", line)
    if match is None:
        alive = proc.poll() is None
        stop()
        err = "" if alive else log.read_text(errors="replace")[-2000:]
        msg = f"tigris serve did not start within {timeout_s:.0f} s: {line or err}"
        raise LoadError(msg.strip())
    return Server(match.group(0), proc.pid, stop, lambda: _workers_of(proc.pid))


def _mb(x: int | None) -> str:
    return "–" if x is None else f"{x / 1e6:,.0f} MB"


def _s(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f} s"


def _fresh(f: Mapping[str, Any] | None) -> str:
    if f is None:
        return "not asked"
    return f"{_s(f['seconds'])} ({f['status']}; {f['control']} = {f['value']:g})"


def table(r: Mapping[str, Any]) -> str:
    """The figures as a plain-text table."""
    c, pl = r["cached"], r["page_load"]
    mb, ma = r["memory_before"], r["memory_after"]
    rows = [
        ("sessions x asks", f"{r['sessions']} x (1 + {r['asks_per_session']})"),
        ("first answer (base what-if)", f"{_s(r['first_answer_s'])} ({r['first_answer_status']})"),
        ("fresh solve, time to answer", _fresh(r["fresh"])),
        (
            "cached what-ifs",
            f"{c['n']}: {r['asks_status_cached']} said 'cached', {r['asks_polled']} needed a poll",
        ),
        ("cached p50 / p95 / max", f"{_s(c['p50_s'])} / {_s(c['p95_s'])} / {_s(c['max_s'])}"),
        ("page load p50 / p95", f"{_s(pl['p50_s'])} / {_s(pl['p95_s'])}"),
        ("errors", str(r["errors"])),
        ("phase 2 wall time", f"{_s(r['phase2_s'])} ({r['requests']} requests)"),
        ("received", f"{r['mb_received']:,.1f} MB"),
        ("server RSS before -> after", f"{_mb(mb['server_rss'])} -> {_mb(ma['server_rss'])}"),
        (
            "workers' RSS before -> after",
            f"{_mb(mb['workers_rss'])} -> {_mb(ma['workers_rss'])} ({ma['workers']} processes)",
        ),
        ("load average (1, 5, 15 min)", ", ".join(f"{x:.1f}" for x in r["load_average"])),
        ("goal p95 < 1 s, 0 errors", "met" if r["goal_met"] else "NOT met"),
    ]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


def main(argv: list[str] | None = None) -> int:
    """Run the load test; print a table (or ``--json``); exit 1 if the goal is missed."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a running server (loopback); default: start one here")
    ap.add_argument("--pid", type=int, help="with --url: the server's process, for its memory")
    ap.add_argument(
        "--scenario", help="scenario file of the server started here; default reference"
    )
    ap.add_argument("--sessions", type=int, default=50, help="concurrent sessions (default 50)")
    ap.add_argument(
        "--asks", type=int, default=1, help="what-ifs per session after its page's own (default 1)"
    )
    ap.add_argument(
        "--duration", type=float, default=60.0, help="no ask of phase 2 starts after this [s]"
    )
    ap.add_argument("--timeout", type=float, default=60.0, help="per request [s]")
    ap.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    ap.add_argument("--threads", type=int, default=16, help="the server's request threads")
    ap.add_argument("--seed", type=int, help="seed of the fresh what-if's value")
    ap.add_argument(
        "--in-process", action="store_true", help="serve from this process (start_background)"
    )
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    server = None
    with tempfile.TemporaryDirectory(prefix="tigris-load-") as tmp:
        try:
            if args.url is None:
                server = start_server(
                    args.scenario,
                    workers=args.workers,
                    threads=args.threads,
                    store=Path(tmp) / "runs.duckdb",
                    in_process=args.in_process,
                )
                url, pid = server.url, server.pid
                stats, wpids = server.stats, server.worker_pids
            else:
                url, pid, stats, wpids = args.url, args.pid, None, None
            result = run_load(
                url,
                sessions=args.sessions,
                asks=args.asks,
                duration_s=args.duration,
                timeout_s=args.timeout,
                server_pid=pid,
                seed=args.seed,
                stats=stats,
                worker_pids=wpids,
            )
        finally:
            if server is not None:
                server.stop()
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(result))
    return 0 if result["goal_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
