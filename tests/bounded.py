"""A time limit for a test or a block of one: a hang becomes a failure with a message.

``pytest-timeout`` is not a dependency; this is the few lines of it the cluster tests
need (tests/test_executor.py, tests/test_sweep.py). It uses ``SIGALRM`` on the main
thread, where pytest runs the tests: the handler raises in the blocked code (a Python
wait on a lock or condition is interrupted by a signal), after printing every thread's
stack so that the report shows where it hung. Elsewhere (not the main thread, or no
``SIGALRM``, e.g. Windows) the block simply runs unbounded.
"""

from __future__ import annotations

import contextlib
import faulthandler
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest


@contextlib.contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Fail the running test if the block takes longer than ``seconds`` [s].

    Nests: an inner limit never extends an outer one, and the outer one resumes with
    its remaining time when the inner block ends.

    Parameters
    ----------
    seconds : float
        The limit [s], > 0.
    what : str
        What is bounded, for the failure message ("a map of 8 items").
    """
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return
    started = time.monotonic()

    def _alarm(signum: int, frame: Any) -> None:
        faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
        pytest.fail(f"{what} took more than {seconds:g} s: a hang (thread stacks on stderr)")

    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer > 0 else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        if outer > 0:  # the outer limit goes on with what is left of it
            left = outer - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


@contextlib.contextmanager
def separate_cluster(limit_s: float) -> Iterator[Any]:
    """A LocalCluster of 2 one-thread worker processes started apart from tigris, as a
    user would start a scheduler (its start bounded by ``limit_s`` [s]); closed on exit."""
    from distributed import LocalCluster

    with time_limit(limit_s, "starting a LocalCluster of 2 workers"):
        cluster = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            # HTTP routes on a free port: 8787 may be another cluster's (a UserWarning).
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        )
    try:
        yield cluster
    finally:
        cluster.close()
