"""The body of a :class:`tigris.serve.jobs.JobManager` worker process.

A worker (multiprocessing's "spawn" context) imports its compute function once, says
it is ready, then runs the requests the manager sends it one at a time: first the
compute module's ``cached_view(store, key)`` if it has one (the store of runs), then the
compute function itself. Everything goes back through its end of a pipe: progress
stages, the view, or a one-line error (with the traceback for the server's log). It
ignores Ctrl-C (the server closes it) and exits when the manager's end of the pipe
closes, so a server that dies leaves no worker behind.
"""

from __future__ import annotations

import importlib
import logging
import os
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from tigris.errors import InputError

__all__ = ["INTERNAL", "WARM_UP", "worker_main"]

logger = logging.getLogger("tigris.serve")

#: Environment variable naming the store of runs (``tigris.runs.store.STORE_ENV``;
#: repeated here so that a worker imports nothing heavy before its compute function):
#: a worker sets it to the manager's ``store`` so that any compute function writes its
#: runs there.
_STORE_ENV = "TIGRIS_STORE"
#: Prefix of the error of a bug (``compute`` raised something other than an
#: :class:`~tigris.errors.InputError`); such answers are not cached.
INTERNAL = "internal error"
#: Modules a worker imports before it says it is ready, by compute module: what
#: :func:`tigris.serve.view.compute_view` imports only when first called (the plan,
#: report, store and scenario layers, the solver interface, plotly, DuckDB). Measured:
#: ~1 s of imports plus ~1 s of first-call cost (linopy, highspy, duckdb) that a cold
#: worker would otherwise add to its first what-if. A name that no longer exists is
#: skipped: the list only moves work earlier, it changes no result.
WARM_UP: dict[str, tuple[str, ...]] = {
    "tigris.serve.view": (
        "tigris.plan.reuse",
        "tigris.report.api",
        "tigris.report.result",
        "tigris.report.sitemap",
        "tigris.risk.disruptions",
        "tigris.runs.store",
        "tigris.scenario.edit",
        "tigris.serve.controls",
        "plotly.graph_objects",
        "linopy",
        "highspy",
        "duckdb",
    ),
}


def _load_compute(spec: str) -> Callable[..., Any]:
    """Import ``"module:function"``."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        msg = f"compute must be 'module:function', got {spec!r}"
        raise InputError(msg, field="compute")
    fn = getattr(importlib.import_module(module_name), attr, None)
    if not callable(fn):
        msg = f"{spec!r} is not a function of module {module_name!r}"
        raise InputError(msg, field="compute")
    return fn


def _one_line(exc: BaseException) -> str:
    """``Type: first line of the message``."""
    first = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {first[0]}" if first else type(exc).__name__


def _warm_up(module: str) -> None:
    """Import :data:`WARM_UP`'s modules for ``module``; one that fails is skipped."""
    for name in WARM_UP.get(module, ()):
        try:
            importlib.import_module(name)
        except ImportError:
            logger.warning("worker warm-up: cannot import %s", name)


def worker_main(conn: Connection, compute: str, store: str | None) -> None:
    """Body of a worker process: load ``compute``, then run requests until told to stop.

    Before it says it is ready it imports what the compute function will need
    (:data:`WARM_UP`), so a worker that waits idle waits warm. Each request is first
    looked up with the compute module's ``cached_view(store,
    key)`` when it has one, then computed. Messages to the manager: ``("ready",
    pid)``, ``("boot_error", text)``, ``("progress", key, text)``, ``("done", key,
    view, from_store)``, ``("failed", key, error, traceback or None)``. From the
    manager: ``("run", key, request)``, ``("stop",)``. The worker also stops when the
    manager's end of the pipe closes (the server died).

    Parameters
    ----------
    conn : multiprocessing.connection.Connection
        The worker's end of its pipe to the manager.
    compute : str
        ``"module:function"``, called as ``function(request, progress)``.
    store : str or None
        The store of runs, set as ``$TIGRIS_STORE`` for the compute function.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the server, which closes us
    if store is not None:
        os.environ[_STORE_ENV] = store
    try:
        fn = _load_compute(compute)
    except Exception as exc:  # reported to the manager, which logs it
        conn.send(("boot_error", f"cannot load the compute function: {_one_line(exc)}"))
        return
    module = compute.partition(":")[0]
    _warm_up(module)
    lookup = getattr(importlib.import_module(module), "cached_view", None)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg[0] != "run":
            return
        _, key, request = msg

        def progress(text: str, key: str = key) -> None:
            conn.send(("progress", key, str(text)))

        try:
            try:
                view = _lookup(lookup, store, key, progress) if callable(lookup) else None
                from_store = view is not None
                if view is None:
                    view = fn(request, progress)
            except InputError as exc:
                conn.send(("failed", key, str(exc), None))
            except Exception as exc:  # a bug: one line to the page, traceback to the log
                conn.send(("failed", key, f"{INTERNAL}: {_one_line(exc)}", traceback.format_exc()))
            else:
                try:
                    conn.send(("done", key, view, from_store))
                except (TypeError, ValueError, AttributeError) as exc:  # not picklable
                    error = f"{INTERNAL}: the view cannot be sent: {_one_line(exc)}"
                    conn.send(("failed", key, error, traceback.format_exc()))
        except OSError:  # the manager is gone
            return


def _lookup(
    lookup: Callable[..., Any], store: str | None, key: str, progress: Callable[[str], None]
) -> dict[str, Any] | None:
    """The stored view of ``key`` or None; a store that cannot be read is logged (in the
    worker's stderr, which is the server's) and the view computed instead."""
    progress("reading the store")
    try:
        return lookup(store, key)
    except Exception:
        logger.exception("reading the stored view of %s failed; solving it again", key[:12])
        return None
