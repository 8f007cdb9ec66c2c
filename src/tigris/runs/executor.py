"""Run many independent tasks (sweep members, Monte Carlo plans) serially or on Dask.

:func:`make_executor` picks one of three ways to run ``fn(item)`` for every item:

* **in-process, one after the other** (``workers=0``, or a map of a single item): no
  Dask import at all, so a one-member sweep or a notebook loop costs nothing extra;
* **a local Dask cluster** (the default): a ``dask.distributed.LocalCluster`` of
  ``workers`` worker *processes* (default: one per core, :func:`cores`), one
  thread each -- HiGHS solves hold the GIL for long stretches, so processes, not
  threads, give the speed-up. It starts on the first map of two items or more (or
  :meth:`DaskExecutor.start`), has no dashboard, quiet logs and none of the
  dashboard's bookkeeping (:data:`LOCAL_CLUSTER_CONFIG`), and is shut down by
  :meth:`Executor.close`;
* **an existing Dask scheduler** given by address (``scheduler=`` or the
  ``TIGRIS_SCHEDULER`` environment variable): used as it is, on as many machines as
  joined it (docs/dask.md). :meth:`Executor.close` then closes only our client,
  never the scheduler or its workers.

Whichever it is, :meth:`Executor.map_unordered` yields ``(index, value)`` pairs as the
tasks finish, in completion order, with a task's exception (or a dead worker, as
``KilledWorker``) in place of the value: one bad item never stops the others. A
scheduler lost for good (stopped, its machine gone) ends the map with every remaining
item as a ``ConnectionError`` naming it, rather than an exception or a wait forever.

Tasks go to Dask ``pure=False`` (every member runs even if two look alike) and at most
a few per worker thread at a time (:data:`IN_FLIGHT_PER_THREAD`): results (a
``PlanResult`` with its tables) come back as each task finishes and the future is
released as soon as the value is handed on, so neither the workers nor this process
hold more than a handful of results, however long the sweep. The function must be
importable on the workers (a top-level function of an installed module, such as
``tigris.runs.worker.run_member``): Dask pickles it by reference.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from tigris.errors import InputError, Problem

if TYPE_CHECKING:  # pragma: no cover - typing only; dask is imported lazily
    from distributed import Client, LocalCluster

__all__ = [
    "CONNECT_TIMEOUT_S",
    "LOCAL_CLUSTER_CONFIG",
    "NO_MAIN_FILE_MESSAGE",
    "NO_WORKERS_S",
    "SCHEDULER_ENV",
    "UNGUARDED_MESSAGE",
    "WARM_MODULES",
    "DaskExecutor",
    "Executor",
    "SerialExecutor",
    "check_main_guard",
    "cores",
    "make_executor",
]

T = TypeVar("T")
R = TypeVar("R")

#: Environment variable naming an existing Dask scheduler (``tcp://HOST:8786``); the
#: ``--scheduler`` flag (``scheduler=`` argument) takes precedence over it.
SCHEDULER_ENV = "TIGRIS_SCHEDULER"

#: How long to try reaching a scheduler given by address before giving up [s]. A
#: reachable scheduler answers a TCP connect in well under a second, even across a
#: data centre; the margin covers a busy scheduler, not a slow network.
CONNECT_TIMEOUT_S = 10.0

#: Time the probe gives Dask's own ``connect`` beyond the connect timeout before it
#: calls the handshake missing [s]: a port nobody listens on makes ``connect`` retry
#: until the timeout and then raise its own error ("could not reach"), which must come
#: first (at an equal limit the two raced: CI of 2026-12-05 called a closed port
#: "no Dask handshake").
HANDSHAKE_MARGIN_S = 1.0

#: Extra time the driver waits for the scheduler probe beyond
#: :data:`CONNECT_TIMEOUT_S` and :data:`HANDSHAKE_MARGIN_S` before giving up on it [s]:
#: it only covers the probe thread's own start-up and teardown.
PROBE_GRACE_S = 2.0

#: Longest a map waits with items pending while the scheduler has no worker connected
#: [s]; then every pending item comes back as a ``RuntimeError`` saying so, instead of
#: waiting forever for workers that will not come (a local cluster whose worker
#: processes failed to start or died, a scheduler whose workers all left). Only the
#: absence of workers is timed: a task may run as long as it needs while workers are
#: connected. A worker process restarting after a crash rejoins within seconds; a new
#: local cluster's workers join within a few seconds even on a loaded 2-core machine.
NO_WORKERS_S = 60.0

#: Tasks submitted per worker thread at any time: one running plus one queued, so a
#: worker never waits on the round trip for its next task, and results cannot pile up.
IN_FLIGHT_PER_THREAD = 2

#: Tasks in flight when the cluster reports no worker yet (workers still joining).
MIN_IN_FLIGHT = 4

#: How often Dask may rerun a task whose worker died under it before it reports
#: ``KilledWorker`` (clusters started here only; an existing scheduler keeps its own
#: setting). One retry covers a worker lost to something else (a neighbour's memory,
#: a node going away); a task that kills its worker twice would do so again.
ALLOWED_FAILURES = 1

#: Tasks a local cluster's scheduler sends to a one-thread worker at once (dask's
#: ``distributed.scheduler.worker-saturation``; its default 1.1 rounds up to two). One:
#: the rest wait on the scheduler, so a task that kills its worker takes no queued
#: bystander down with it (each would count a failure towards ``KilledWorker``), and
#: the cost is one scheduler round trip of a few ms per task against solves of ~1 s.
WORKER_SATURATION = 1.0
_SATURATION_KEY = "distributed.scheduler.worker-saturation"

#: Dask settings of a local cluster (read as its scheduler, nannies and workers start;
#: the nannies pass them on to their worker processes). On a machine whose cores all
#: run workers, every bit of bookkeeping is taken from the solves, so what a sweep of
#: a few one-thread workers does not use is off or slowed down:
#:
#: * the workers' statistical profiler (a thread sampling the task's stack every 10 ms,
#:  for the dashboard, which is off);
#: * work stealing (tasks are queued on the scheduler, :data:`WORKER_SATURATION`, so
#:  there is nothing to steal) and the active memory manager (no replicas to drop);
#: * the event-loop tick (a blocked-loop warning, every 20 ms in each process), the
#:  system monitor (CPU and memory history for the dashboard, every 500 ms) and the
#:  nanny's memory check (every 100 ms; still made, every second).
#:
#: Measured on the reference 2-core machine, an idle 2-worker cluster: 0.28 -> 0.05 s
#: of CPU per 10 s in this process (scheduler, nannies) and 0.17 -> 0.03 s in each
#: worker (benchmarks/bench_sweep.py times a whole sweep).
LOCAL_CLUSTER_CONFIG: dict[str, Any] = {
    _SATURATION_KEY: WORKER_SATURATION,
    "distributed.worker.profile.enabled": False,
    "distributed.scheduler.work-stealing": False,
    "distributed.scheduler.active-memory-manager.start": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    # each worker process ignores SIGINT (dask_setup below), a restarted one included
    "distributed.worker.preload": ["tigris.runs.executor"],
}

#: Where a local cluster's scheduler serves its HTTP routes: any free port on the
#: loopback interface (never the network; no dashboard is served there).
_HTTP_ADDRESS = "127.0.0.1:0"

#: Logging level of the local cluster's scheduler and workers: critical only. A task's
#: exception is returned to the caller (a sweep records it with the member), so the
#: worker's own "Compute Failed" report would only interleave with the progress lines.
_QUIET = logging.CRITICAL

#: Modules a local cluster's workers import as soon as they start (:func:`_warm_up`):
#: the planner a sweep member runs, and ``dask.array``, which xarray imports on the
#: first DataArray operation when dask is installed. Importing them costs ~1.8 s of
#: CPU per worker process (measured on the reference machine, quiet); paid at start-up
#: instead, a worker's first task does not pay it. Only the imports: each worker still
#: builds its first model itself.
WARM_MODULES = (
    "tigris.runs.worker",
    "tigris.plan.solve",
    "tigris.plan.reuse",
    "linopy",
    "highspy",
    "xarray",
    "dask.array",
)

#: Longest wait for a new local cluster's workers to join before warming them [s]; a
#: worker late past it is simply not warmed (its first task imports the planner).
WARM_TIMEOUT_S = 60.0

#: Future states that are not an outcome: "lost" (the result's worker died, Dask
#: recomputes it) and "pending" (being recomputed).
_NOT_DONE = frozenset({"lost", "pending"})

#: Client states in which tasks may still finish: connected, or trying to reconnect to
#: its scheduler (it gives up after its connect timeout and closes: the scheduler is
#: lost, and so is every task not yet finished).
_CLIENT_UP = frozenset({"running", "connecting"})

#: How often to ask the scheduler how many worker threads it has [s] (workers may join
#: or leave a cluster during a sweep; asking costs a round trip of ~1-3 ms).
_THREADS_EVERY_S = 1.0

#: Longest wait for a finished task before looking whether the scheduler is lost [s]
#: (a finished task wakes the wait at once).
_POLL_S = 0.1


#: The one line for a sweep that would start worker processes from a script's top
#: level, not under ``if __name__ == "__main__":`` (:func:`check_main_guard`).
UNGUARDED_MESSAGE = (
    "tigris.sweep (and tigris.risk, which runs through it) starts worker processes: "
    "call it under `if __name__ == '__main__':` in a script (notebooks and the CLI need "
    "nothing)"
)

#: The one line for a sweep that would start worker processes when the main module
#: names a file that does not exist (``python - <<EOF``: ``<stdin>``), which each
#: spawned worker would run again (:func:`check_main_guard`); ``{main}`` is its name.
NO_MAIN_FILE_MESSAGE = (
    "tigris.sweep (and tigris.risk, which runs through it) starts worker processes that "
    "each run the main script again from its file, and this one has no file ({main!r}, "
    "as with a script piped to `python -`): put the code in a file under `if __name__ == "
    "'__main__':` and run that, give workers=0 (in this process), or run it with "
    "`python -c`"
)


def check_main_guard() -> None:
    """Refuse to start local worker processes from a script's unguarded top level.

    A local cluster's worker processes are started by ``spawn`` (Dask's
    ``distributed.worker.multiprocessing-method``): each runs the main script again,
    as ``__mp_main__``, to rebuild its functions. A sweep called at the script's top
    level, outside ``if __name__ == "__main__":``, then runs again in every worker as
    it starts, which may not start processes of its own (Python's "An attempt has been
    made to start a new process before the current process has finished its
    bootstrapping phase", Dask's "Nanny failed to start"), and a sweep record is left
    in the store by each (user test UT-HYPER #3; Python's ``multiprocessing``
    guidelines, "Safe importing of main module",
    https://docs.python.org/3/library/multiprocessing.html#the-spawn-and-forkserver-start-methods).

    Three checks, before anything starts or is stored:

    * in this (parent) process: the main module is a file (a script, or ``python -m
      MODULE``) and the top-level statement it is running (the outermost frame of
      ``__main__`` on the stack) is not inside an ``if __name__ == "__main__":`` block
      of its source: the statement would run again in each worker (a statement that
      imports a module that sweeps at import is caught too). Skipped when the main
      module has no file (a notebook, the REPL, ``python -c``), its source cannot be
      read or parsed, the call comes from another thread, or Dask is set to ``fork``
      (no re-import);
    * in this process: the main module names a file that does not exist, as ``python
      -`` (a script piped in) names ``<stdin>`` (:func:`_missing_main_file`). Each
      spawned worker would run that file again and cannot (a ``FileNotFoundError``,
      then Dask's "Nanny failed to start"), guarded or not (user test s46 #8), so the
      sweep is refused whatever the source (skipped, as above, when Dask is set to
      ``fork``);
    * in a process being spawned, while it imports the main module (``multiprocessing``'s
      own bootstrapping state, the one its error above checks): always refused.

    Raises
    ------
    InputError
        :data:`UNGUARDED_MESSAGE`, at the script's file and line when known;
        :data:`NO_MAIN_FILE_MESSAGE` for a main module without its file.
    """
    import multiprocessing

    if multiprocessing.parent_process() is not None and getattr(
        multiprocessing.current_process(), "_inheriting", False
    ):
        raise InputError(UNGUARDED_MESSAGE, "")
    missing = _missing_main_file()
    if missing is not None:
        raise InputError(NO_MAIN_FILE_MESSAGE.format(main=missing), "")
    where = _unguarded_main_statement()
    if where is not None:
        raise InputError(Problem("", UNGUARDED_MESSAGE, file=where[0], line=where[1]))


def _spawns_workers() -> bool:
    """Whether Dask starts local worker processes by re-importing the main module
    (``spawn``, its default, or ``forkserver``), not by ``fork``."""
    try:
        import dask.config

        method = dask.config.get("distributed.worker.multiprocessing-method", "spawn")
    except ImportError:  # pragma: no cover - dask is a dependency
        return True
    return bool(method != "fork")


def _missing_main_file() -> str | None:
    """The file name ``__main__`` gives when each spawned process would run it again
    but no such file exists (``<stdin>`` for ``python -``), else None.

    Resolved as :func:`multiprocessing.spawn.get_preparation_data` resolves it for
    the child: a main module imported by name (``python -m``, a zip application) is
    not run from its path; a relative path is taken from the directory Python started
    in. A main module without ``__file__`` (``python -c``, the REPL, a notebook) is
    not re-run, and needs nothing.
    """
    import sys
    from multiprocessing import process

    main = sys.modules.get("__main__")
    if main is None or getattr(getattr(main, "__spec__", None), "name", None) is not None:
        return None
    path = getattr(main, "__file__", None)
    if not isinstance(path, str) or not path:
        return None
    full = path
    original = getattr(process, "ORIGINAL_DIR", None)
    if not os.path.isabs(full) and original is not None:
        full = os.path.join(original, full)
    if os.path.isfile(full) or not _spawns_workers():
        return None
    return path


def _unguarded_main_statement() -> tuple[str, int] | None:
    """(file, line) of the ``__main__`` script's top-level statement running now when
    it is not under ``if __name__ == "__main__":``; None when it is, or when that cannot
    be told (see :func:`check_main_guard`)."""
    import sys
    import threading

    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or not path or threading.current_thread() is not threading.main_thread():
        return None
    if not _spawns_workers():
        return None
    frame = sys._getframe(1)
    top = None
    while frame is not None:  # the outermost frame running the main module's body
        if frame.f_globals is main.__dict__ and frame.f_code.co_name == "<module>":
            top = frame
        frame = frame.f_back
    if top is None:
        return None
    line = top.f_lineno
    if line is None or _guarded(str(path), line):
        return None
    return str(path), line


def _guarded(path: str, line: int) -> bool:
    """Whether ``line`` of the Python file ``path`` lies inside an ``if __name__ ==
    "__main__":`` block (either order of the comparison, alone or as a term of an
    ``and``); True when the file cannot be
    read or parsed (nothing is refused on a guess)."""
    import ast

    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read(), filename=path)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return True

    def is_main_test(test: ast.expr) -> bool:
        if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And):
            return any(is_main_test(v) for v in test.values)  # main and ...: main only
        if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
            return False
        if not isinstance(test.ops[0], ast.Eq):
            return False
        sides = [test.left, test.comparators[0]]
        name = any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides)
        text = any(isinstance(s, ast.Constant) and s.value == "__main__" for s in sides)
        return name and text

    for node in ast.walk(tree):
        if isinstance(node, ast.If) and is_main_test(node.test) and node.body:
            first, last = node.body[0].lineno, node.body[-1].end_lineno or node.lineno
            if first <= line <= last:
                return True
    return False


class Executor:
    """Runs ``fn(item)`` for many items; a context manager (``with make_executor() as ex``).

    Attributes
    ----------
    n_workers : int
        Tasks run at once (worker threads; 1 in-process).
    address : str or None
        The Dask scheduler's address, None in-process (or before a local cluster has
        started).
    notes : list of str
        One-line remarks for the user (e.g. "--workers is ignored with --scheduler").
    """

    n_workers: int
    address: str | None
    notes: list[str]

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        """Yield ``(index into items, fn(item) or the exception it raised)`` as each finishes.

        Parameters
        ----------
        fn : callable
            A top-level (importable) function of one argument.
        items : sequence
            The arguments; picklable.

        Yields
        ------
        tuple of (int, object)
            The item's index and ``fn``'s value, or the exception the task raised (a
            worker's death: ``distributed.KilledWorker``; a task cancelled by the
            cluster: ``CancelledError``). Never raises for one item.
        """
        raise NotImplementedError

    def cancel(self) -> None:
        """Drop the pending items (Ctrl-C); the running map stops yielding."""
        raise NotImplementedError

    def close(self) -> None:
        """Release what this executor started (a local cluster, a client)."""
        raise NotImplementedError

    def __enter__(self) -> Executor:
        return self

    def __exit__(self, *exc: object) -> None:
        if exc[0] is not None:
            self.cancel()
        self.close()


class SerialExecutor(Executor):
    """Runs the items one after the other in this process (imports no Dask)."""

    def __init__(self) -> None:
        self.n_workers = 1
        self.address = None
        self.notes = []
        self._cancelled = False

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        """Yield ``(index, fn(item) or its exception)`` in order; see :class:`Executor`.

        Parameters
        ----------
        fn : callable
            A function of one argument, called in this process.
        items : sequence
            The arguments.

        Yields
        ------
        tuple of (int, object)
            The item's index and ``fn``'s value, or the :class:`Exception` it raised; stops
            early once the map is cancelled.
        """
        self._cancelled = False
        for i, item in enumerate(items):
            if self._cancelled:
                return
            try:
                value: R | BaseException = fn(item)
            except Exception as exc:  # one item's failure is data, not the map's
                value = exc
            yield i, value

    def cancel(self) -> None:
        """Stop before the next item."""
        self._cancelled = True

    def close(self) -> None:
        """Nothing to release."""


class DaskExecutor(Executor):
    """Runs the items on a Dask cluster: a local one it starts, or one given by address.

    Parameters
    ----------
    workers : int or None
        Worker processes of the local cluster (default :func:`cores`); ignored
        with ``scheduler``.
    scheduler : str or None
        Address of an existing scheduler (``tcp://HOST:8786``); None starts a local
        cluster on the first map of two items or more.
    connect_timeout_s : float
        How long to try reaching ``scheduler`` [s].
    no_workers_s : float
        How long a map waits while the scheduler has no worker [s] (:data:`NO_WORKERS_S`).
    field : str
        What a problem with ``scheduler`` is said of: ``--scheduler`` (the flag, the
        ``scheduler=`` argument) or ``$TIGRIS_SCHEDULER`` when it came from there.

    Raises
    ------
    InputError
        ``scheduler`` could not be reached within ``connect_timeout_s`` (field
        ``--scheduler``).
    """

    def __init__(
        self,
        workers: int | None = None,
        scheduler: str | None = None,
        *,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        no_workers_s: float = NO_WORKERS_S,
        field: str = "--scheduler",
    ) -> None:
        self.notes = []
        self._no_workers_s = no_workers_s
        self._workers_seen_at = -math.inf
        self.address = None
        self._client: Client | None = None
        self._cluster: LocalCluster | None = None
        self._pending: dict[Any, int] = {}
        self._cancelled = False
        self._serial = SerialExecutor()
        self._threads_seen = 0
        self._threads_at = -math.inf
        if scheduler is not None:
            if workers is not None:
                self.notes.append(
                    f"--workers {workers} is ignored: the Dask scheduler at {scheduler} "
                    "has its own workers"
                )
            self._client = _connect(scheduler, connect_timeout_s, field)
            _CLIENT_LOG.addFilter(_quiet_client)
            self.address = scheduler
            self.n_workers = max(1, _threads(self._client))
        else:
            self.n_workers = workers if workers is not None else cores()

    @property
    def starts_local(self) -> bool:
        """Whether a map of two items or more would start a local cluster here (no
        scheduler given, none started yet)."""
        return self._client is None

    def _ensure_client(self) -> Client:
        if self._client is None:
            self._cluster, self._client = _start_local(self.n_workers)
            self.address = self._cluster.scheduler_address
        return self._client

    def start(self) -> str:
        """Start the local cluster now (else the first map of two items starts it).

        Its address can be given to other sweeps (``scheduler=``), which then run on
        these workers, already started and warm, until this executor is closed.

        Returns
        -------
        str
            The scheduler's address (``tcp://127.0.0.1:PORT``).
        """
        self._ensure_client()
        assert self.address is not None
        return self.address

    def map_unordered(
        self, fn: Callable[[T], R], items: Sequence[T]
    ) -> Iterator[tuple[int, R | BaseException]]:
        """Yield ``(index, value or exception)`` as each task finishes; see :class:`Executor`.

        Parameters
        ----------
        fn : callable
            A top-level (importable) function of one argument, run on the cluster's workers.
        items : sequence
            The arguments; picklable. One item alone is run in this process.

        Yields
        ------
        tuple of (int, object)
            The item's index and ``fn``'s value, or the exception the task raised (a
            ``ConnectionError`` or ``RuntimeError`` for tasks lost with the scheduler or left
            without a worker), in the order tasks finish.
        """
        self._cancelled = False
        if self._client is None and len(items) <= 1:
            # One item: not worth starting a cluster for.
            yield from self._serial.map_unordered(fn, items)
            return
        client = self._ensure_client()
        from distributed import as_completed

        name = getattr(fn, "__name__", "task")
        todo = iter(enumerate(items))
        done_all = False
        finished = as_completed(loop=client.loop)
        self._workers_seen_at = time.monotonic()  # the no-worker clock starts with the map
        try:
            while True:
                while not done_all and len(self._pending) < self._in_flight(client):
                    nxt = next(todo, None)
                    if nxt is None:
                        done_all = True
                        break
                    i, item = nxt
                    try:
                        fut = client.submit(fn, item, pure=False, key=f"{name}-{i}-{_token()}")
                    except Exception as exc:  # the client closed: the scheduler is gone
                        yield i, self._lost(exc)
                        for j, _ in todo:
                            yield j, self._lost(exc)
                        done_all = True
                        break
                    self._pending[fut] = i
                    finished.add(fut)
                if not self._pending or self._cancelled:
                    return
                _wait_ready(finished, client, lambda: self._starved(client))
                if (
                    client.status in _CLIENT_UP
                    and not finished.has_ready()
                    and self._starved(client)
                ):
                    # No worker for NO_WORKERS_S: nothing pending will run.
                    none = RuntimeError(self._no_workers_message())
                    for j in sorted(self._pending.values()):
                        yield j, none
                    for j, _ in todo:
                        yield j, none
                    return
                if client.status not in _CLIENT_UP:
                    # The client gave up reconnecting: nothing pending will finish (and
                    # as_completed would wait for it forever).
                    gone = ConnectionError(f"the client is {client.status}")
                    for j in sorted(self._pending.values()):
                        yield j, self._lost(gone)
                    self._pending.clear()
                    continue
                fut = next(finished)
                if fut not in self._pending:  # cancelled under us
                    continue
                if fut.status in _NOT_DONE:
                    # Its result was on a worker that died before we fetched it: the
                    # scheduler computes it again; wait for that.
                    finished.add(fut)
                    continue
                i = self._pending.pop(fut)
                value = _outcome(fut)
                if fut.status == "cancelled" and client.status != "running":
                    value = self._lost(value)
                with contextlib.suppress(Exception):  # a closed client has nothing to free
                    fut.release()
                del fut
                yield i, value
                if self._cancelled:
                    return
        finally:
            self._drop_pending()

    def _in_flight(self, client: Client) -> int:
        """Tasks to keep submitted: a few per worker thread connected (asked of the
        scheduler at most every ``_THREADS_EVERY_S``, not at every submission)."""
        now = time.monotonic()
        if now - self._threads_at > _THREADS_EVERY_S:
            self._threads_seen = _threads(client)
            self._threads_at = now
        return max(MIN_IN_FLIGHT, IN_FLIGHT_PER_THREAD * self._threads_seen)

    def _starved(self, client: Client) -> bool:
        """Whether the scheduler has had no worker thread for ``no_workers_s`` (the
        count is asked at most every ``_THREADS_EVERY_S``, as for :meth:`_in_flight`)."""
        self._in_flight(client)
        now = time.monotonic()
        if self._threads_seen > 0:
            self._workers_seen_at = now
        return now - self._workers_seen_at > self._no_workers_s

    def _no_workers_message(self) -> str:
        """The one line for an item that cannot run: the scheduler has no workers."""
        msg = (
            f"no Dask workers connected to the scheduler at {self.address} for "
            f"{self._no_workers_s:g} s"
        )
        if self._cluster is not None:
            return f"{msg}: the local cluster's worker processes failed to start or died"
        return f"{msg}; start workers with `dask worker {self.address}` (docs/dask.md)"

    def _lost(self, cause: BaseException) -> ConnectionError:
        """The exception for an item that cannot run: the scheduler went away."""
        reason = " ".join(str(cause).split()) or type(cause).__name__
        return ConnectionError(f"lost the Dask scheduler at {self.address} ({reason})")

    def _drop_pending(self) -> None:
        if self._pending and self._client is not None:
            futures = list(self._pending)
            self._pending.clear()
            with contextlib.suppress(Exception):  # a cluster gone already: nothing to cancel
                self._client.cancel(futures)

    def cancel(self) -> None:
        """Cancel every submitted task not yet handed on; the map stops yielding."""
        self._cancelled = True
        self._serial.cancel()
        self._drop_pending()

    def close(self) -> None:
        """Close the client; shut down the local cluster if this executor started it."""
        self._drop_pending()
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
            _CLIENT_LOG.removeFilter(_quiet_client)
        if cluster is not None:
            cluster.close()


#: Dask's client logger: while a client of ours is open (an existing scheduler's), its
#: records are dropped (:func:`_quiet_client`). A scheduler lost mid-sweep logged
#: "distributed.client - ERROR - Failed to reconnect to scheduler after 10.00 seconds,
#: closing client" on stderr (user test s45 #4), where each member's failure already
#: says the scheduler was lost.
_CLIENT_LOG = logging.getLogger("distributed.client")


def _quiet_client(record: logging.LogRecord) -> bool:
    """Logging filter dropping every record (see :data:`_CLIENT_LOG`)."""
    return False


#: The event loop's logger of a callback that raised: Dask's ``sync`` (every blocking
#: client call) schedules a ``cancel`` callback when a Ctrl-C comes while it waits, and
#: that callback raises ``NameError: cannot access free variable 'future'`` when the
#: call had not started yet (distributed.utils.sync); tornado then printed the
#: traceback before the sweep's one "stopped" line (user test s48 sweeps #3). Only that
#: record is dropped (:func:`_not_sync_cancel`); any other error is printed as before.
_LOOP_LOG = logging.getLogger("tornado.application")


def _not_sync_cancel(record: logging.LogRecord) -> bool:
    """Logging filter: False for the traceback of Dask's ``sync`` cancel callback (a
    ``NameError`` naming its ``future``, raised in ``distributed/utils.py``)."""
    exc = record.exc_info[1] if record.exc_info else None
    if not isinstance(exc, NameError) or "future" not in str(exc):
        return True
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = tb.tb_frame.f_code if tb is not None else None
    inside = where is not None and where.co_name == "cancel"
    return not (inside and "distributed" in where.co_filename)


if _not_sync_cancel not in _LOOP_LOG.filters:
    _LOOP_LOG.addFilter(_not_sync_cancel)


def make_executor(
    workers: int | None = None,
    scheduler: str | None = None,
    *,
    connect_timeout_s: float = CONNECT_TIMEOUT_S,
    no_workers_s: float = NO_WORKERS_S,
) -> Executor:
    """Return the executor for ``workers`` / ``scheduler`` (see the module docstring).

    Parameters
    ----------
    workers : int or None
        0: in-process, one after the other. N >= 1: a local Dask cluster of N worker
        processes. None: one worker per core (:func:`cores`).
    scheduler : str or None
        Address of an existing Dask scheduler; default ``$TIGRIS_SCHEDULER``. When
        set, ``workers`` is ignored (a note in ``Executor.notes``).
    connect_timeout_s : float
        How long to try reaching the scheduler [s].
    no_workers_s : float
        How long a map waits, items pending, while the scheduler has no worker at all
        before it gives every pending item back as a ``RuntimeError`` [s].

    Returns
    -------
    Executor
        Use it as a context manager so that it is closed.

    Raises
    ------
    InputError
        A negative ``workers`` (field ``--workers``), a scheduler not reachable
        within ``connect_timeout_s`` (field ``--scheduler``), or, for the members
        solved here or on a local cluster, a bad ``TIGRIS_HIGHS_THREADS`` (refused
        before anything starts, not once per member).

    Examples
    --------
    >>> with make_executor(workers=0) as ex:
    ...     sorted(ex.map_unordered(abs, [-2, 3]))
    [(0, 2), (1, 3)]
    """
    field = "--scheduler"
    if scheduler is None:
        scheduler = os.environ.get(SCHEDULER_ENV) or None
        field = f"${SCHEDULER_ENV}"  # a problem with it names where it came from
    if scheduler is not None:
        scheduler = scheduler.strip()
        if not scheduler:
            raise InputError("expected a Dask scheduler address like tcp://HOST:8786", field)
        return DaskExecutor(
            workers,
            scheduler,
            connect_timeout_s=connect_timeout_s,
            no_workers_s=no_workers_s,
            field=field,
        )
    if workers is not None and workers < 0:
        msg = f"expected 0 (in this process) or a number of worker processes, got {workers}"
        raise InputError(msg, "--workers")
    from tigris.plan.highs import solver_threads

    solver_threads()  # this process's or the local workers' HiGHS threads: checked now
    if workers == 0:
        return SerialExecutor()
    return DaskExecutor(workers, None, no_workers_s=no_workers_s)


def cores() -> int:
    """The cores this process may run on: the default number of local workers.

    ``os.sched_getaffinity`` where the system has it (a process pinned to some cores by
    ``taskset`` or a cpuset, as some containers and batch systems set, sees only
    those; a CPU *quota* is not seen), else ``os.cpu_count()``.

    Returns
    -------
    int
        At least 1.
    """
    affinity = getattr(os, "sched_getaffinity", None)
    n = len(affinity(0)) if affinity is not None else os.cpu_count()
    return max(1, n or 1)


def _connect(address: str, timeout_s: float, field: str = "--scheduler") -> Client:
    """Connect a client to an existing scheduler, or raise a one-line InputError.

    The scheduler is first reached with a bare connection (closed at once): a
    ``Client`` whose constructor fails cannot be closed cleanly and complains when it
    is garbage-collected, so it is only built once the address answers.
    """
    from distributed import Client

    try:
        _probe_within(address, timeout_s)
        return Client(address, timeout=timeout_s, set_as_default=False)
    except Exception as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        if isinstance(exc, _NoHandshakeError):  # a port that answers TCP, not as Dask does
            msg = (
                f"could not talk to a Dask scheduler at {address}: no Dask handshake "
                f"within {timeout_s:g} s; is a Dask scheduler listening there, not another "
                "server (a scheduler's dashboard port, a web server)? (docs/dask.md)"
            )
        elif isinstance(exc, MemoryError | OverflowError):
            # Dask read another protocol's first bytes (an SSH banner) as a frame's
            # length: "Unable to allocate 2.82 EiB" (user test s48 sweeps #8)
            msg = (
                f"could not talk to a Dask scheduler at {address}: no Dask handshake (what "
                "answered sent something else); is a Dask scheduler listening there, not "
                "another server (an SSH or web server, a scheduler's dashboard port)? "
                "(docs/dask.md)"
            )
        elif isinstance(exc, OSError):  # refused or timed out: nobody answered
            msg = (
                f"could not reach the Dask scheduler at {address} within {timeout_s:g} s "
                f"({reason}); start one with `dask scheduler` (docs/dask.md) or drop "
                f"--scheduler/${SCHEDULER_ENV}"
            )
        elif isinstance(exc, ValueError | TypeError):  # not an address Dask can use
            msg = (
                f"cannot use {address!r} as a Dask scheduler address ({reason}); expected "
                "tcp://HOST:PORT, e.g. tcp://10.0.0.1:8786 (docs/dask.md)"
            )
        else:  # something answered, but not as a Dask scheduler does
            msg = (
                f"could not talk to a Dask scheduler at {address} ({type(exc).__name__}: "
                f"{reason}); is a Dask scheduler listening there? (docs/dask.md)"
            )
        raise InputError(msg, field) from None


class _NoHandshakeError(Exception):
    """The address accepted a connection but no Dask handshake came back in time."""


def _probe_within(address: str, timeout_s: float) -> None:
    """:func:`_probe` on an event loop of its own (a notebook runs one in this thread),
    in a daemon thread, given up after ``timeout_s`` plus :data:`HANDSHAKE_MARGIN_S` and
    :data:`PROBE_GRACE_S`.

    Dask's ``connect`` times the TCP connect but not the handshake read that follows
    it: a port that accepts connections and never answers as Dask does (a web server,
    a scheduler's dashboard) kept it waiting ~10 minutes (user test s45 #1). The wait
    here is bounded, interruptible by Ctrl-C or SIGTERM at any moment (the main thread
    waits on a future with a timeout, never joins the thread), and a probe still stuck
    is left to its daemon thread, which cannot hold up the exit.
    """
    import threading
    from concurrent.futures import Future
    from concurrent.futures import TimeoutError as FutureTimeout

    done: Future[None] = Future()

    def run() -> None:
        try:
            asyncio.run(_probe(address, timeout_s))
        except BaseException as exc:  # handed to the waiting thread
            done.set_exception(exc)
        else:
            done.set_result(None)

    threading.Thread(target=run, name="tigris-scheduler-probe", daemon=True).start()
    try:
        done.result(timeout=timeout_s + HANDSHAKE_MARGIN_S + PROBE_GRACE_S)
    except FutureTimeout:
        raise _NoHandshakeError from None


async def _probe(address: str, timeout_s: float) -> None:
    """Open and close one connection to ``address`` (TLS settings from dask's config),
    the Dask handshake included, within ``timeout_s`` (:class:`_NoHandshakeError` when no
    handshake came in time)."""
    from distributed.comm import connect
    from distributed.security import Security

    args = Security().get_connection_args("client")
    try:
        # dask's connect times the TCP connect, not the handshake read after it
        comm = await asyncio.wait_for(
            connect(address, timeout=timeout_s, **args), timeout_s + HANDSHAKE_MARGIN_S
        )
    except TimeoutError:  # ours (dask's own, nothing accepting, is a plain OSError)
        raise _NoHandshakeError from None
    await comm.close()


def _start_local(n_workers: int) -> tuple[LocalCluster, Client]:
    """Start a quiet local cluster of ``n_workers`` one-thread processes and its client."""
    import dask.config
    from distributed import Client, LocalCluster

    from tigris.plan.highs import THREADS_ENV, solver_threads

    threads = solver_threads() or 1  # an InputError for a bad value, before any start
    check_main_guard()  # a script's unguarded top level: refused before any spawn
    cluster = None
    try:
        with dask.config.set(LOCAL_CLUSTER_CONFIG), _sigint_held():
            # the config is read as the scheduler and workers start; SIGINT is held
            # while the worker processes are spawned, so they are born deaf to it (see
            # _sigint_held) and a Ctrl-C stops only this process, which closes them; a
            # Ctrl-C during the start is raised here, once the cluster is up
            cluster = LocalCluster(
                n_workers=n_workers,
                threads_per_worker=1,
                processes=True,
                # HiGHS on one thread in each worker (a user's own setting wins): one
                # worker per core already fills the cores (plan.highs.THREADS_ENV)
                env={THREADS_ENV: str(threads)},
                dashboard_address=None,
                silence_logs=_QUIET,
                scheduler_kwargs={
                    "allowed_failures": ALLOWED_FAILURES,
                    # dashboard_address=None turns the dashboard off but the scheduler's
                    # HTTP server (health, metrics) still tries port 8787 and *warns*
                    # when another cluster holds it: give it any free port on this host.
                    "dashboard_address": _HTTP_ADDRESS,
                },
            )
        client = Client(cluster, set_as_default=False)
    except BaseException:
        if cluster is not None:
            cluster.close()
        raise
    try:
        client.wait_for_workers(n_workers, timeout=WARM_TIMEOUT_S)
        client.run(_warm_up, on_error="ignore")
    except Exception:  # a worker late or failing to warm is only slower
        pass
    except BaseException:
        client.close()
        cluster.close()
        raise
    return cluster, client


#: Whether this platform can block a signal (POSIX ``pthread_sigmask``; not Windows).
_CAN_BLOCK = hasattr(signal, "pthread_sigmask")

#: Environment variable holding a local cluster's start for the seconds it gives, with
#: SIGINT held (:func:`_sigint_held`): the tests' way to send a Ctrl-C at a known
#: moment of the start (tests/test_s44_risk.py). Unset, nothing waits.
HOLD_START_ENV = "TIGRIS_TEST_HOLD_START_S"


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold SIGINT for the block (from the main thread; else a no-op), then act on it.

    Ctrl-C on a terminal (or ``timeout -s INT``) signals the whole process group, the
    local cluster's worker processes included: each then printed a ``KeyboardInterrupt``
    traceback from its event loop while this process was still closing the cluster
    (user test 2026-12-03 #14: 66 lines). So the workers must be born deaf to SIGINT,
    and this process must still act on a Ctrl-C that comes while they start (user test
    s44 #4: ignored here, a Ctrl-C in the first seconds of ``tigris risk`` was lost
    and the run went on to its end, exit 0).

    Where signals can be blocked (POSIX), SIGINT is blocked in this thread for the
    block: the threads it starts (Dask's IO loop, which spawns the worker processes)
    inherit the mask, and so do the worker processes (a signal mask survives ``fork``
    and ``execve``), where a Ctrl-C stays pending until the preload :func:`dask_setup`
    sets SIGINT ignored, which drops it. Here a Ctrl-C meanwhile stays pending, or is
    taken by another thread that does not block it (DuckDB's) and noted by a handler
    that does not raise; at the block's end it is raised again, to the handler in
    force before (``KeyboardInterrupt``), once the workers are up. Elsewhere SIGINT is
    ignored for the block, as before (a Ctrl-C during it is not seen).

    With :data:`HOLD_START_ENV` set, the block ends by waiting that many seconds,
    SIGINT held and the workers started, or until a Ctrl-C comes, and says so on stderr
    (a test's cue to send one).
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if not _CAN_BLOCK:
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, before)
        return
    seen: list[bool] = []
    # SIGTERM turned into a Ctrl-C (the CLI's tigris.runs.interrupts.sigterm_as_interrupt,
    # a Python handler) is held too: raised inside LocalCluster's start it left a
    # half-started cluster whose close at exit failed with a traceback (user test s45
    # #3, SIGTERM 1.5 s into a sweep); SIGTERM's default (end the process) is left alone
    term_before = signal.getsignal(signal.SIGTERM)
    held_term = callable(term_before)
    terms: list[bool] = []

    def note_term(signum: int, frame: Any) -> None:
        terms.append(True)

    def note(signum: int, frame: Any) -> None:
        seen.append(True)

    # multiprocessing's resource tracker, which every spawn needs, unblocks SIGINT in
    # the thread that starts it: started now, before the block, a spawn leaves the mask
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()
    held = {signal.SIGINT, signal.SIGTERM} if held_term else {signal.SIGINT}
    before = signal.signal(signal.SIGINT, note)
    if held_term:
        signal.signal(signal.SIGTERM, note_term)
    signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
        _hold_for_test(seen)  # the workers started, deaf to SIGINT: a test's Ctrl-C now
    finally:
        # a pending SIGINT (SIGTERM) is delivered as the mask drops, to ``note``
        signal.pthread_sigmask(signal.SIG_UNBLOCK, held)
        signal.signal(signal.SIGINT, before)
        if held_term:
            signal.signal(signal.SIGTERM, term_before)
    if terms:
        signal.raise_signal(signal.SIGTERM)  # to the handler in force before
    if seen:
        signal.raise_signal(signal.SIGINT)  # to the handler in force before: act on it now


def _hold_for_test(seen: list[bool]) -> None:
    """Wait up to :data:`HOLD_START_ENV` seconds (none when unset), saying so on stderr,
    until a Ctrl-C is pending or noted in ``seen``."""
    import sys

    text = os.environ.get(HOLD_START_ENV)
    if not text:
        return
    sys.stderr.write(f"{HOLD_START_ENV}: holding the workers' start\n")
    sys.stderr.flush()
    end = time.monotonic() + float(text)
    while time.monotonic() < end and not seen and signal.SIGINT not in signal.sigpending():
        time.sleep(_POLL_S)


def dask_setup(worker: Any) -> None:
    """Dask preload hook, run in each local-cluster worker process as it starts
    (:data:`LOCAL_CLUSTER_CONFIG`): ignore SIGINT there, so that a Ctrl-C held since
    the spawn (:func:`_sigint_held`: born with SIGINT blocked) is dropped and a later
    one is ignored, a worker the nanny restarts after a death included (the driver
    closes the cluster); then unblock it (ignored, it no longer matters).

    Parameters
    ----------
    worker : distributed.Worker
        The worker starting (unused).
    """
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if _CAN_BLOCK:  # SIGTERM too (held in the driver's CLI): its default, ending
            # the worker, is what the nanny's terminate() expects
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})


def _warm_up() -> list[str]:
    """Import :data:`WARM_MODULES` (run on each worker of a new local cluster); the
    names that failed to import (a task importing them later reports why)."""
    import importlib

    failed = []
    for name in WARM_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # reported by the task that needs it
            failed.append(name)
    return failed


def _wait_ready(finished: Any, client: Client, give_up: Callable[[], bool]) -> None:
    """Block until ``finished`` (an ``as_completed``) has a future ready, the client is
    down or ``give_up()`` is true (no workers for too long). Waits on its condition, which
    it notifies as each future completes (checked under the lock, so no notification is
    missed); ``_POLL_S`` bounds each wait so that a client that closed is noticed too."""
    cond = finished.thread_condition
    while client.status in _CLIENT_UP and not give_up():
        with cond:
            if finished.has_ready():
                return
            cond.wait(timeout=_POLL_S)


def _threads(client: Client) -> int:
    """Worker threads connected to the client's scheduler now."""
    try:
        return int(sum(client.nthreads().values()))
    except Exception:  # a scheduler that does not answer: as_completed will tell
        return 0


def _outcome(fut: Any) -> Any:
    """A finished future's value, or its exception (KilledWorker, CancelledError, ...)."""
    from concurrent.futures import CancelledError

    status = fut.status
    if status == "finished":
        try:
            return fut.result()
        except Exception as exc:  # lost between finishing and fetching
            return exc
    if status == "cancelled":
        return CancelledError(f"task {fut.key} was cancelled by the Dask cluster")
    try:
        exc = fut.exception()
    except Exception as err:
        return err
    return exc if exc is not None else RuntimeError(f"task {fut.key} ended as {status}")


def _token() -> str:
    """A short random token making task keys unique across maps and clients."""
    return os.urandom(4).hex()
