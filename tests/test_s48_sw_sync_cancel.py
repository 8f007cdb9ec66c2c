"""User test s48 (sweeps #3): a Ctrl-C while a Dask client call waits made tornado
print ``NameError: cannot access free variable 'future'`` (Dask's ``sync`` cancel
callback) before the sweep's one line. That record is dropped; other loop errors are
not."""

from __future__ import annotations

import logging
import sys

import pytest


def _sync_cancel_error() -> tuple:
    """The exc_info of distributed.utils.sync's cancel callback run before its future
    was set (Dask's own code, called as the event loop calls it)."""
    import threading

    from distributed.utils import LoopRunner, sync

    runner = LoopRunner(asynchronous=False)
    runner.start()
    caught: list = []
    try:
        loop = runner.loop
        got = threading.Event()

        def run_callback(cb, *a, **k):  # the loop's add_callback, the cancel kept
            caught.append(cb)
            got.set()

        async def never() -> None:  # pragma: no cover - never awaited
            return None

        class Interrupting:
            def __init__(self) -> None:
                self.n = 0

            def wait(self, timeout=None):
                raise KeyboardInterrupt

            def is_set(self) -> bool:
                return False

            def set(self) -> None:
                pass

        loop.add_callback, real_add = run_callback, loop.add_callback
        real_event = threading.Event
        threading.Event = Interrupting  # type: ignore[misc]
        try:
            with pytest.raises(KeyboardInterrupt):
                sync(loop, never)
        finally:
            threading.Event = real_event  # type: ignore[misc]
            loop.add_callback = real_add
        cancel = next(cb for cb in caught if getattr(cb, "__name__", "") == "cancel")
        try:
            cancel()
        except NameError:
            return sys.exc_info()
        raise AssertionError("Dask's cancel did not raise")
    finally:
        runner.stop()


def test_the_sync_cancel_traceback_is_dropped(caplog):
    import tigris.runs.executor  # noqa: F401  (installs the filter)

    info = _sync_cancel_error()
    log = logging.getLogger("tornado.application")
    with caplog.at_level(logging.ERROR, logger="tornado.application"):
        log.error("Exception in callback %r", "cancel", exc_info=info)
        assert not caplog.records
        try:
            raise NameError("name 'x' is not defined")
        except NameError:
            log.error("Exception in callback %r", "other", exc_info=True)
    assert len(caplog.records) == 1  # another error is printed as before
