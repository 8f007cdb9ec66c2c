"""Work off the request path: long-lived worker processes that solve what-ifs.

A :class:`JobManager` keeps ``workers`` processes (``multiprocessing``'s "spawn"
context) that each run one request at a time through an importable compute function
(``"module:function"``, default :func:`tigris.serve.view.compute_view`). The web
server's threads only call :meth:`JobManager.submit` and :meth:`JobManager.status`,
which take a lock, look at a few dicts and return in milliseconds; one collector
thread reads what the workers send back (progress stages, views, errors) and notices
a worker that died.

A job's id is the request's cache key (:func:`tigris.serve.controls.request_key`),
so:

- a view already made is answered at once from an in-memory LRU of ``cache_size``
  views; else a worker first looks in the store of runs (the compute module's
  ``cached_view(store, key)``, :func:`tigris.serve.view.cached_view`) and solves
  only when the store does not have it. The store is read in a worker, not on the
  request path: opening it takes ~0.2 s and rebuilding a view's figures seconds of
  CPU that would hold the server's threads (and its interpreter lock);
- a request already queued or running is shared: a second session waits on the same
  solve;
- a session's new what-if supersedes its previous job: dropped from the queue if no
  other session waits on it; if running, its worker process is terminated and a new
  one started (a solve cannot be interrupted any other way);
- beyond ``max_queue`` waiting jobs, :meth:`JobManager.submit` refuses with
  :class:`ServerBusyError` (an :class:`~tigris.errors.InputError`: the page shows it).

Workers start in the background when the manager is made (a worker's first import of
the plan and report layers takes ~1-2 s), so :meth:`JobManager.submit` never waits
for one: a job is queued until a worker is ready. :meth:`JobManager.close` stops them
all; it is idempotent and also runs at interpreter exit. The workers' side is
:mod:`tigris.serve._worker`. docs/serve.md, "Work and cache", describes the behaviour
a user sees.
"""

from __future__ import annotations

import atexit
import functools
import logging
import multiprocessing
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any

from tigris.errors import InputError, TigrisError
from tigris.serve._worker import INTERNAL, worker_main
from tigris.serve.limits import MAX_QUEUE, SOLVE_TIME_LIMIT_S, VIEW_CACHE_SIZE

__all__ = [
    "DEFAULT_COMPUTE",
    "NO_MAIN_FILE_MESSAGE",
    "UNGUARDED_MESSAGE",
    "JobManager",
    "ServerBusyError",
    "check_main_guard",
    "job_key",
]

logger = logging.getLogger("tigris.serve")

#: The compute function workers run by default (helper C's view maker).
DEFAULT_COMPUTE = "tigris.serve.view:compute_view"
#: Longest wait of the collector thread between looks at its workers [s]: it wakes at
#: once on a message, a worker's death or :meth:`JobManager.close`; the timeout only
#: bounds how late it notices something without a file descriptor.
_POLL_S = 0.5
#: How long :meth:`JobManager.close` lets an idle worker exit on its own before it is
#: terminated [s]; a busy worker is terminated at once (its job is cancelled anyway).
#: An idle worker holds nothing to save (the store is opened per run), so the grace
#: only spares it a signal; 1 s covers its interpreter's exit on an idle machine.
CLOSE_GRACE_S = 1.0
#: Longest :meth:`JobManager.close` waits for the collector thread [s]: it wakes at once,
#: but may be starting a worker process (under a second even on a loaded machine), which
#: it then stops itself.
_COLLECTOR_JOIN_S = 10.0
#: Messages read from one worker before the collector looks at the others [-]: a
#: compute function reports a handful of stages per job; the bound keeps one that
#: floods its pipe with progress from starving the rest.
_MAX_MESSAGES = 64
#: Workers that die before they are ready, in a row, before the manager stops
#: replacing them and fails every job with the reason [-]: a compute module that
#: cannot be imported would otherwise be respawned forever.
MAX_BOOT_FAILURES = 3
#: Records of finished jobs (state, timing, error; not their views) kept for
#: :meth:`JobManager.status` [-]: a few hundred bytes each, so 1,024 cost nothing and
#: cover every job a page still polls for.
FINISHED_RECORDS = 1024
#: Longest a job may run before its worker is terminated and the job failed [s]: a
#: view takes up to three solves (the plan, its no-investor counterfactual, and a
#: disruption's re-optimisation or a failed plan's explanation), each bounded by
#: :data:`~tigris.serve.limits.SOLVE_TIME_LIMIT_S`, plus reading the scenario,
#: drawing the figures and storing the run; four solve limits cover that, and stop a
#: solver that ignores its limit from holding a worker for good.
JOB_TIMEOUT_S = 4 * SOLVE_TIME_LIMIT_S
#: Counters of :meth:`JobManager.stats` (its docstring says what each counts).
_COUNTERS = ("hits", "store_hits", "misses", "shared", "solves", "failed", "cancelled")
_COUNTERS += ("rejected", "timeouts", "restarts")
#: Job states in which the job is still to be answered.
PENDING = ("queued", "running")


class ServerBusyError(InputError):
    """Too many what-ifs are waiting: the page says so and the user tries again."""


def job_key(request: Mapping[str, Any]) -> str:
    """The job id of a request: its cache key (64 hex digits).

    Parameters
    ----------
    request : mapping
        A ``WhatIf.request()`` dict (JSON-safe).

    Returns
    -------
    str
        :func:`tigris.serve.controls.request_key` of the request: equal requests,
        equal keys (imported here, not at module import: it loads the scenario layer,
        which a worker process of a stand-in compute function does not need).
    """
    from tigris.serve.controls import request_key

    return request_key(request)


@dataclass
class _Job:
    """One request and who waits on it."""

    key: str
    request: Mapping[str, Any] | None
    sessions: set[str] = field(default_factory=set)
    state: str = "queued"
    progress: str = "queued"
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    error: str | None = None
    cached: bool = False
    worker: int | None = None


@dataclass
class _Worker:
    """One worker process and its end of the pipe."""

    slot: int
    proc: Any  # multiprocessing's SpawnProcess
    conn: Connection
    started: float
    ready: bool = False
    job: str | None = None
    doomed: bool = False  # terminated on purpose (its job superseded or the manager closing)


#: The one line for a job manager made from a script's top level, not under ``if
#: __name__ == "__main__":`` (:func:`check_main_guard`).
UNGUARDED_MESSAGE = (
    "tigris.serve's JobManager (and create_app, which makes one) starts worker processes "
    "that each run the main script again: call it under `if __name__ == '__main__':` in "
    "a script (notebooks, `python -c` and `tigris serve` need nothing)"
)
#: The one line for a job manager made when the main module names a file that does not
#: exist (``python -``: ``<stdin>``), which each worker would run again; ``{main}`` is
#: its name.
NO_MAIN_FILE_MESSAGE = (
    "tigris.serve's JobManager (and create_app, which makes one) starts worker processes "
    "that each run the main script again from its file, and this one has no file "
    "({main!r}, as with a script piped to `python -`): put the code in a file under "
    "`if __name__ == '__main__':` and run that, or run it with `python -c`"
)


def check_main_guard() -> None:
    """Refuse to start worker processes from a script's unguarded top level.

    The workers are started by ``spawn``: each runs the main script again, as
    ``__mp_main__``; a job manager made at the script's top level is made again in
    each, which may not start processes (Python's "An attempt has been made to start a
    new process before the current process has finished its bootstrapping phase"), and
    the script's jobs fail (user test s48 serve #2: docs/serve.md's example, run as
    ``python jm.py``, ended in ``TypeError: 'NoneType' object is not subscriptable``).
    The checks are :func:`tigris.runs.executor.check_main_guard`'s (a sweep's workers
    are spawned alike), with this module's words, made as for ``spawn`` whatever Dask's
    ``distributed.worker.multiprocessing-method`` (the job manager's workers are always
    spawned; the executor's checks skip themselves when Dask is set to ``fork``: review
    of s48 serve #2, ``DASK_DISTRIBUTED__WORKER__MULTIPROCESSING_METHOD=fork`` let the
    unguarded script fail the old way).

    Raises
    ------
    InputError
        :data:`UNGUARDED_MESSAGE` at the script's file and line when known;
        :data:`NO_MAIN_FILE_MESSAGE` for a main module without its file.
    """
    import dataclasses
    import sys

    import dask.config

    from tigris.runs import executor

    try:
        # Dask's setting, read by the checks, as spawn for the length of the checks
        with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
            executor.check_main_guard()
    except InputError as err:
        main = getattr(sys.modules.get("__main__"), "__file__", None)
        problems = [
            dataclasses.replace(
                p,
                message=UNGUARDED_MESSAGE
                if p.message == executor.UNGUARDED_MESSAGE
                else NO_MAIN_FILE_MESSAGE.format(main=main),
            )
            for p in err.problems
        ]
        raise InputError(problems) from None


class JobManager:
    """Solve what-ifs in worker processes; answer repeats from a cache.

    Parameters
    ----------
    workers : int
        Worker processes [-], each solving one request at a time.
    store : str or Path, optional
        The store of runs (docs/runs.md) the workers write to and cached views are
        read from; default ``$TIGRIS_STORE`` or the user's store.
    compute : str
        ``"module:function"`` run in the workers as ``function(request, progress)``;
        it returns a JSON-safe view dict (``progress(text)`` reports a stage).
    cache_size : int
        Views kept in memory [-] (least recently used dropped first); at least 1,
        the view a page is about to fetch.
    max_queue : int
        Jobs waiting (not running) server-wide [-]; beyond it :meth:`submit` raises
        :class:`ServerBusyError`.
    job_timeout_s : float
        Longest a job may run [s] before its worker is terminated (and replaced) and
        the job failed; default :data:`JOB_TIMEOUT_S`.

    Examples
    --------
    >>> jobs = JobManager(workers=1, compute="tigris.serve._stub:work")
    >>> key = jobs.submit("session-1", {"scenario_yaml": "tag: hello"})
    >>> jobs.wait(key, timeout=60)["view"]["tag"]
    'hello'
    >>> jobs.close()
    """

    def __init__(
        self,
        *,
        workers: int = 2,
        store: str | Path | None = None,
        compute: str = DEFAULT_COMPUTE,
        cache_size: int = VIEW_CACHE_SIZE,
        max_queue: int = MAX_QUEUE,
        job_timeout_s: float = JOB_TIMEOUT_S,
    ) -> None:
        problems = [
            f"{name} must be an integer >= {low}, got {value!r}"
            for name, value, low in (
                ("workers", workers, 1),
                ("cache_size", cache_size, 1),
                ("max_queue", max_queue, 0),
            )
            if not isinstance(value, int) or isinstance(value, bool) or value < low
        ]
        if not isinstance(job_timeout_s, int | float) or not job_timeout_s > 0:
            problems.append(f"job_timeout_s must be a number > 0, got {job_timeout_s!r}")
        module_name, sep, attr = compute.partition(":")
        if not sep or not module_name or not attr:
            problems.append(f"compute must be 'module:function', got {compute!r}")
        if problems:
            raise InputError("; ".join(problems))
        check_main_guard()  # before any process starts (user test s48 serve #2)
        self.compute = compute
        self.store = None if store is None else str(store)
        self.n_workers = workers
        self.cache_size = cache_size
        self.max_queue = max_queue
        self.job_timeout_s = float(job_timeout_s)
        self._ctx = multiprocessing.get_context("spawn")
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._workers: list[_Worker | None] = [None] * workers
        self._queue: deque[str] = deque()
        self._active: dict[str, _Job] = {}
        self._finished: OrderedDict[str, _Job] = OrderedDict()
        self._views: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._sessions: dict[str, str] = {}
        self._counts = dict.fromkeys(_COUNTERS, 0)
        self._boot_failures = 0
        self._boot_s: float | None = None
        self._broken: str | None = None
        self._booted = False  # the first workers have been started
        self._closed = False
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._wake_pending = False
        self._atexit = functools.partial(JobManager.close, self)
        atexit.register(self._atexit)
        self._collector = threading.Thread(
            target=self._collect, name="tigris-serve-jobs", daemon=True
        )
        self._collector.start()

    # -- the request path ------------------------------------------------------------

    def submit(self, session: str, request: Mapping[str, Any]) -> str:
        """Ask for the view of ``request`` on behalf of ``session``; returns at once.

        Parameters
        ----------
        session : str
            The page's session id; its previous job is superseded.
        request : mapping
            A ``WhatIf.request()`` dict.

        Returns
        -------
        str
            The job id (the request's cache key); poll it with :meth:`status`.

        Raises
        ------
        ServerBusyError
            ``max_queue`` jobs are already waiting.
        tigris.errors.TigrisError
            The manager is closed.
        """
        key = job_key(request)
        with self._lock:
            self._check_open()
            if self._known(session, key):
                return key
            idle = sum(
                w is not None and w.ready and not w.doomed and w.job is None for w in self._workers
            )
            if len(self._queue) - self._freed_by(session) + 1 - idle > self.max_queue:
                self._counts["rejected"] += 1
                msg = (
                    f"server busy, try again in a minute ({len(self._queue)} what-ifs "
                    "are waiting to be solved)"
                )
                raise ServerBusyError(msg)
            self._supersede(session, key)
            self._counts["misses"] += 1
            job = _Job(key, dict(request), sessions={session})
            self._active[key] = job
            self._sessions[session] = key
            if self._broken is not None:
                self._finish(job, "failed", "failed", self._broken)
                return key
            self._queue.append(key)
            self._dispatch()
            self._changed.notify_all()
        return key

    def status(self, job_id: str) -> dict[str, Any]:
        """Where a job is; returns at once.

        Parameters
        ----------
        job_id : str
            What :meth:`submit` returned.

        Returns
        -------
        dict
            ``state`` ("queued", "running", "done", "failed", "cancelled" or
            "unknown": never submitted, or done so long ago that its view left the
            memory cache; submit it again), ``progress`` (the last stage reported),
            ``elapsed_s`` (since it was submitted, until it finished [s]), ``ahead``
            (jobs before it in the queue, None unless queued), ``running`` (solves
            running meanwhile, which it waits for when no worker is idle; None unless
            queued), ``view`` (when done),
            ``error`` (one line per problem, or None) and ``cached`` (answered
            without a solve: from memory or the store).
        """
        with self._lock:
            return self._status(job_id)

    def cancel(self, session: str) -> None:
        """Give up ``session``'s job (dropped or stopped unless another session waits on it).

        Parameters
        ----------
        session : str
            The page's session id.
        """
        with self._lock:
            self._supersede(session, None)

    def wait(self, job_id: str, timeout: float | None = None) -> dict[str, Any]:
        """Block until the job is no longer queued or running, or ``timeout`` [s] passes.

        For tests and scripts; the web server polls :meth:`status` instead.

        Parameters
        ----------
        job_id : str
            What :meth:`submit` returned.
        timeout : float, optional
            Longest wait [s]; None waits for as long as it takes.

        Returns
        -------
        dict
            :meth:`status` at the end of the wait.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._changed:
            while self._status(job_id)["state"] in PENDING:
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    break
                self._changed.wait(left)
        return self.status(job_id)

    def clear_cache(self) -> None:
        """Forget the views kept in memory (the store keeps them): e.g. after the
        data tables changed under a running server, or in tests of the store."""
        with self._lock:
            for key in self._views:
                job = self._finished.get(key)
                if job is not None and job.state == "done":
                    del self._finished[key]
            self._views.clear()

    def stats(self) -> dict[str, Any]:
        """Counters for the load test and the log.

        Returns
        -------
        dict
            ``workers`` (processes alive), ``ready`` (booted), ``busy``, ``queued``,
            ``running``, ``cache_entries`` (views in memory), ``hits`` (submits
            answered from memory), ``misses`` (submits that made a new job),
            ``store_hits`` (jobs a worker answered from the store),
            ``shared`` (submits that joined a pending job), ``solves`` (views made),
            ``failed`` (including ``timeouts``), ``cancelled``, ``rejected`` (server
            busy), ``restarts`` (workers started after the first ones), ``boot_s``
            (the last worker's time from start to ready [s], None before one is),
            ``closed``.
        """
        with self._lock:
            alive = [w for w in self._workers if w is not None]
            return {
                "workers": len(alive),
                "ready": sum(w.ready and not w.doomed for w in alive),
                "busy": sum(w.job is not None for w in alive),
                "queued": len(self._queue),
                "running": sum(j.state == "running" for j in self._active.values()),
                "cache_entries": len(self._views),
                **self._counts,
                "boot_s": self._boot_s,
                "closed": self._closed,
            }

    def worker_pids(self) -> list[int]:
        """Process ids of the live workers (tests, diagnostics).

        Returns
        -------
        list of int
            The OS process ids, in worker-slot order.
        """
        with self._lock:
            return [w.proc.pid for w in self._workers if w is not None and w.proc.pid]

    def close(self) -> None:
        """Stop every worker and the collector; cancel pending jobs. Idempotent.

        Idle workers are asked to exit and given :data:`CLOSE_GRACE_S`; busy ones and
        laggards are terminated (then killed). No child process is left.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
            for job in list(self._active.values()):
                self._cancel(job, "server closed")
            self._wake()
            self._changed.notify_all()
        atexit.unregister(self._atexit)
        if self._collector is not threading.current_thread():
            self._collector.join(timeout=_COLLECTOR_JOIN_S)
        with self._lock:
            workers = [w for w in self._workers if w is not None]
            self._workers = [None] * self.n_workers
        for w in workers:
            if w.doomed or w.job is not None or not w.ready:
                w.proc.terminate()
            else:
                try:
                    w.conn.send(("stop",))
                except OSError:
                    w.proc.terminate()
        deadline = time.monotonic() + CLOSE_GRACE_S
        for w in workers:
            w.proc.join(max(0.0, deadline - time.monotonic()))
            if w.proc.is_alive():
                w.proc.terminate()
                w.proc.join(CLOSE_GRACE_S)
            if w.proc.is_alive():
                w.proc.kill()
                w.proc.join()
            w.conn.close()
            w.proc.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> JobManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- helpers (called with the lock held unless said otherwise) ------------------

    def _check_open(self) -> None:
        if self._closed:
            msg = "the dashboard is shutting down; no new what-ifs are taken"
            raise TigrisError(msg)

    def _known(self, session: str, key: str) -> bool:
        """Answer from memory or join a pending job; False when ``key`` is new."""
        if key in self._views:
            self._views.move_to_end(key)
            self._counts["hits"] += 1
            self._supersede(session, key)
            job = self._finished.get(key)
            if job is None or job.state != "done":
                self._finish(_Job(key, None), "done", "cached")
                job = self._finished[key]
            job.cached = True
            return True
        job = self._active.get(key)
        if job is not None:
            if session not in job.sessions:
                self._counts["shared"] += 1
            self._supersede(session, key)
            job.sessions.add(session)
            self._sessions[session] = key
            return True
        return False

    def _freed_by(self, session: str) -> int:
        """1 if superseding ``session``'s job would free a place in the queue, else 0."""
        job = self._active.get(self._sessions.get(session, ""))
        return int(job is not None and job.state == "queued" and job.sessions == {session})

    def _supersede(self, session: str, new_key: str | None) -> None:
        """Drop ``session``'s previous job unless it is ``new_key`` or others wait on it."""
        prev = self._sessions.get(session)
        if prev is None or prev == new_key:
            return
        del self._sessions[session]
        job = self._active.get(prev)
        if job is None:
            return
        job.sessions.discard(session)
        if not job.sessions:
            self._cancel(job, "superseded")

    def _cancel(self, job: _Job, why: str) -> None:
        if job.state == "queued":
            self._queue.remove(job.key)
        elif job.state == "running" and job.worker is not None:
            w = self._workers[job.worker]
            if w is not None and w.job == job.key:
                w.doomed = True
                w.job = None
                w.proc.terminate()  # the collector sees it die and starts another
        self._counts["cancelled"] += 1
        self._finish(job, "cancelled", why)

    def _finish(self, job: _Job, state: str, progress: str, error: str | None = None) -> None:
        job.state = state
        job.progress = progress
        job.error = error
        job.finished = time.monotonic()
        job.request = None
        job.worker = None
        if self._active.get(job.key) is job:
            del self._active[job.key]
        for session in job.sessions:
            if self._sessions.get(session) == job.key:
                del self._sessions[session]
        self._finished[job.key] = job
        self._finished.move_to_end(job.key)
        while len(self._finished) > FINISHED_RECORDS:
            self._finished.popitem(last=False)
        self._changed.notify_all()

    def _remember(self, key: str, view: dict[str, Any]) -> None:
        """Keep a view; the least recently used beyond ``cache_size`` is forgotten, and
        its job with it (its state becomes "unknown": done but no longer here)."""
        self._views[key] = view
        self._views.move_to_end(key)
        while len(self._views) > self.cache_size:
            old, _ = self._views.popitem(last=False)
            job = self._finished.get(old)
            if job is not None and job.state == "done":
                del self._finished[old]

    def _status(self, key: str) -> dict[str, Any]:
        now = time.monotonic()
        job = self._active.get(key) or self._finished.get(key)
        view = self._views.get(key)
        if job is None or (job.state == "done" and view is None):
            if view is None:
                return {
                    "state": "unknown",
                    "progress": "",
                    "elapsed_s": 0.0,
                    "ahead": None,
                    "running": None,
                    "view": None,
                    "error": None,
                    "cached": False,
                }
            job = _Job(key, None, state="done", progress="cached", cached=True, finished=now)
            job.submitted = now
        ahead = running = None
        progress = job.progress
        if job.state == "queued":
            ahead = self._queue.index(key)
            # the solves it waits for too (user test s50 #5: "queued (0 ahead)" behind
            # the one worker's running solve)
            running = sum(j.state == "running" for j in self._active.values())
            if not any(w is not None and w.ready for w in self._workers):
                progress = "waiting for a worker process to start"
        if job.state == "done" and view is not None:
            self._views.move_to_end(key)
        return {
            "state": job.state,
            "progress": progress,
            "elapsed_s": (job.finished or now) - job.submitted,
            "ahead": ahead,
            "running": running,
            "view": view if job.state == "done" else None,
            "error": job.error,
            "cached": job.cached,
        }

    def _dispatch(self) -> None:
        """Hand queued jobs to idle, ready workers."""
        for w in self._workers:
            if not self._queue:
                return
            if w is None or not w.ready or w.doomed or w.job is not None:
                continue
            key = self._queue.popleft()
            job = self._active[key]
            try:
                w.conn.send(("run", key, job.request))
            except OSError:  # died just now: the collector reaps it
                self._queue.appendleft(key)
                w.ready = False
                continue
            w.job = key
            job.state = "running"
            job.progress = "started"
            job.started = time.monotonic()
            job.worker = w.slot

    def _wake(self) -> None:
        if not self._wake_pending:
            self._wake_pending = True
            self._wake_w.send_bytes(b"!")

    # -- the collector thread ------------------------------------------------------------

    def _collect(self) -> None:
        try:
            while self._collect_once():
                pass
        except Exception:
            logger.exception("the job collector failed; the dashboard cannot solve")
            with self._lock:
                self._fail_all("internal error: the job collector failed (logged)")

    def _collect_once(self) -> bool:
        """Start missing workers, wait for something to happen, handle it."""
        self._start_workers()
        with self._lock:
            if self._closed:
                return False
            self._stop_overdue()
            self._dispatch()
            live = [w for w in self._workers if w is not None]
        conns = {w.conn: w for w in live}
        sentinels = {w.proc.sentinel: w for w in live}
        ready = wait([*conns, *sentinels, self._wake_r], timeout=_POLL_S)
        if self._wake_r in ready:
            with self._lock:
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
                self._wake_pending = False
        for conn in ready:
            w = conns.get(conn)  # type: ignore[call-overload]
            if w is None:
                continue
            for _ in range(_MAX_MESSAGES):  # then the others get their turn
                try:
                    if not conn.poll():
                        break
                    msg = conn.recv()
                except (EOFError, OSError):
                    break  # it died: its sentinel says so
                except Exception as exc:  # a message that cannot be unpickled here
                    logger.exception("worker %d sent what cannot be read", w.slot)
                    with self._lock:
                        error = f"internal error: the worker's answer cannot be read: {exc!r}"
                        self._fail_worker(w, error.splitlines()[0])
                    break
                self._handle(w, msg)
        for sentinel in ready:
            w = sentinels.get(sentinel)  # type: ignore[call-overload]
            if w is not None:
                self._reap(w)
        return True

    def _stop_overdue(self) -> None:
        """Fail jobs running longer than ``job_timeout_s``; terminate their workers."""
        now = time.monotonic()
        for w in self._workers:
            job = None if w is None or w.job is None else self._active.get(w.job)
            if job is None or job.started is None or now - job.started <= self.job_timeout_s:
                continue
            error = (
                f"the solve took longer than {self.job_timeout_s:g} s and was stopped; "
                "try a simpler what-if"
            )
            self._counts["timeouts"] += 1
            self._fail_worker(w, error)

    def _fail_worker(self, w: _Worker, error: str) -> None:
        """Fail the worker's job with ``error`` and terminate it (the collector reaps it
        and starts another)."""
        job = None if w.job is None else self._active.get(w.job)
        logger.error("worker %d: %s", w.slot, error)
        w.doomed = True
        w.job = None
        w.proc.terminate()
        if job is not None:
            self._counts["failed"] += 1
            self._finish(job, "failed", "failed", error)

    def _fail_all(self, error: str) -> None:
        """The manager cannot solve: fail every pending job (and, in :meth:`submit`,
        every new one) with ``error``."""
        self._broken = error
        logger.error(error)
        for job in list(self._active.values()):
            if job.state == "queued":
                self._queue.remove(job.key)
            self._counts["failed"] += 1
            self._finish(job, "failed", "failed", error)

    def _start_workers(self) -> None:
        """Fill empty worker slots (collector thread; ``Process.start()`` runs unlocked)."""
        with self._lock:
            if self._closed or self._broken is not None:
                return
            empty = [i for i, w in enumerate(self._workers) if w is None]
        for slot in empty:
            here, there = self._ctx.Pipe()
            proc = self._ctx.Process(
                target=worker_main,
                args=(there, self.compute, self.store),
                name=f"tigris-serve-worker-{slot}",
            )
            try:
                proc.start()
            except OSError as exc:  # out of processes or memory: try again next look
                logger.error("cannot start a worker process: %s", exc)
                here.close()
                there.close()
                with self._lock:
                    self._boot_failures += 1
                    if self._boot_failures >= MAX_BOOT_FAILURES:
                        self._fail_all(f"internal error: cannot start a worker process: {exc}")
                return
            there.close()
            with self._lock:
                closed = self._closed
                if not closed:
                    self._workers[slot] = _Worker(slot, proc, here, time.monotonic())
                    self._counts["restarts"] += self._booted
            if closed:  # close() ran while it started: it has not seen this one
                proc.terminate()
                proc.join()
                proc.close()
                here.close()
                return
        self._booted = True

    def _handle(self, w: _Worker, msg: tuple[Any, ...]) -> None:
        """One message from a worker (collector thread)."""
        kind = msg[0]
        with self._lock:
            if kind == "ready":
                w.ready = True
                self._boot_failures = 0
                self._boot_s = time.monotonic() - w.started
                logger.info("worker %d (pid %d) ready in %.1f s", w.slot, msg[1], self._boot_s)
                self._dispatch()
                self._changed.notify_all()
                return
            if kind == "boot_error":
                self._fail_all(msg[1])
                return
            key = msg[1]
            job = self._active.get(key)
            if w.doomed or w.job != key or job is None:
                return  # superseded: a late message from a worker being terminated
            if kind == "progress":
                job.progress = msg[2]
                self._changed.notify_all()
                return
            w.job = None
            view = msg[2] if kind == "done" else None
            error = str(view.get("error") or "") if isinstance(view, dict) else ""
            if kind == "done" and not error.startswith(INTERNAL):
                from_store = bool(msg[3])
                self._counts["store_hits" if from_store else "solves"] += 1
                job.cached = from_store
                self._remember(key, view)
                self._finish(job, "done", "cached" if from_store else "done", error or None)
            elif kind == "done":  # compute caught its own bug: not cached, asked again
                self._counts["failed"] += 1
                self._finish(job, "failed", "failed", error)
            else:
                _, _, error, tb = msg
                self._counts["failed"] += 1
                if tb:
                    logger.error("job %s failed: %s\n%s", key[:12], error, tb)
                self._finish(job, "failed", "failed", error)
            self._dispatch()

    def _reap(self, w: _Worker) -> None:
        """A worker process ended: fail its job unless it was stopped on purpose."""
        w.proc.join(timeout=1.0)
        code, pid = w.proc.exitcode, w.proc.pid
        with self._lock:
            if self._workers[w.slot] is w:
                self._workers[w.slot] = None
            w.conn.close()
            if not w.doomed and not self._closed:
                if w.job is not None and w.job in self._active:
                    job = self._active[w.job]
                    error = (
                        f"the worker process solving this what-if died (exit code {code}); "
                        "try again"
                    )
                    logger.error("worker %d (pid %s): %s", w.slot, pid, error)
                    self._counts["failed"] += 1
                    self._finish(job, "failed", "failed", error)
                elif not w.ready:
                    self._boot_failures += 1
                    if self._boot_failures >= MAX_BOOT_FAILURES and self._broken is None:
                        self._fail_all(
                            f"internal error: worker processes die while starting "
                            f"(exit code {code}, {MAX_BOOT_FAILURES} times in a row)"
                        )
            w.job = None
            self._changed.notify_all()
        if code is not None:
            w.proc.close()  # no longer in self._workers: nobody else holds it
