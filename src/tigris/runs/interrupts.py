"""Telling that a Ctrl-C came when a C extension swallowed it; SIGTERM as a Ctrl-C.

DuckDB, pydantic-core and a C extension's import turn a ``KeyboardInterrupt`` raised
inside them into an error of their own (``RuntimeError: Query interrupted``,
``CatalogException``, ``SchemaError``, ``ImportError``); :func:`sigint_noted` notes
every Ctrl-C so that its callers (:meth:`tigris.runs.store.RunStore._retrying`,
``tigris plan`` before the solve) treat such an error as the Ctrl-C it was. Imports
nothing heavy: ``tigris plan`` enters it before its own imports.

:func:`sigterm_as_interrupt` makes SIGTERM (``timeout``, a scheduler, ``kill``) raise
:class:`Terminated`, a ``KeyboardInterrupt``, for the whole command: every path a Ctrl-C
takes (staging folders removed, one line of what was and was not written) is then
taken by SIGTERM too, and the command exits 143 (128 + SIGTERM) instead of 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["Terminated", "sigint_noted", "sigterm_as_interrupt", "stopped_by", "terminated"]

#: Whether a SIGTERM came in this process (:func:`sigterm_as_interrupt`), for the
#: words of a stop (:func:`stopped_by`).
_TERMINATED: list[bool] = []


def stopped_by() -> str:
    """How a stop line starts: ``stopped by the user`` (Ctrl-C) or ``stopped by
    SIGTERM`` once one came (review 2026-12-05: a ``timeout`` or a scheduler's SIGTERM
    read as the user's Ctrl-C).

    Returns
    -------
    str
        ``"stopped by SIGTERM"`` when a SIGTERM came in the current command, else
        ``"stopped by the user"``.

    Examples
    --------
    >>> stopped_by()
    'stopped by the user'
    """
    return "stopped by SIGTERM" if _TERMINATED else "stopped by the user"


def terminated() -> bool:
    """Whether a SIGTERM came in the current command (:func:`sigterm_as_interrupt`):
    an error raised while its :class:`Terminated` unwound a library's clean-up (an
    Excel writer closing a half-written book: "At least one sheet must be visible";
    user test s57, data engineer #2) is that SIGTERM, as an error after a noted Ctrl-C
    is that Ctrl-C (:func:`sigint_noted`).

    Returns
    -------
    bool
        True once a SIGTERM came.

    Examples
    --------
    >>> terminated()
    False
    """
    return bool(_TERMINATED)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised as a Ctrl-C is, so that the same clean-up runs."""


@contextmanager
def sigint_noted(seen: list[bool]) -> Iterator[None]:
    """While the block runs, note in ``seen`` every Ctrl-C (SIGINT) that Python's
    default handler turns into ``KeyboardInterrupt``, so that the caller can tell one
    came even when a C extension swallowed it and raised an error of its own.

    Found by sending SIGINT at random times: inside a store write (about 1 in 300),
    DuckDB's lookup of a Python object by name
    (:meth:`tigris.runs.store.RunStore._insert_table`) gave ``CatalogException: Table
    with name _tigris_rows does not exist`` or ``InvalidInputException: reading the
    schema of the Python object '_tigris_rows' failed: KeyboardInterrupt``; before
    ``tigris plan``'s solve (about 1 in 10), pydantic-core's ``SchemaError`` while
    importing the scenario schema, and ``ImportError: Encountered an error while
    initializing the extension`` while importing duckdb.

    Only on the main thread and over Python's own handler; any other handler (a
    caller's, or an ignored SIGINT) is left alone and nothing is noted.

    Parameters
    ----------
    seen : list of bool
        Gets ``True`` for every Ctrl-C while the block runs.

    Yields
    ------
    None
        Control to the block, once.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGINT) is not signal.default_int_handler
    ):
        yield
        return

    def note(signum: int, frame: Any) -> None:
        seen.append(True)
        signal.default_int_handler(signum, frame)

    signal.signal(signal.SIGINT, note)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def sigterm_as_interrupt(seen: list[bool]) -> Iterator[None]:
    """While the block runs, raise :class:`Terminated` on SIGTERM and note it in
    ``seen``, so the caller can give the exit code of SIGTERM (143) to a command that
    stopped as on a Ctrl-C.

    Before, SIGTERM killed the process where it stood: a ``--png`` folder's staging
    directory stayed behind with some figures in it, and nothing was said (user test
    s44, ``timeout 20 tigris plan --out DIR --png PNG``). Only on the main thread and
    over the default handler; a SIGTERM the process ignores or handles is left so.

    Parameters
    ----------
    seen : list of bool
        Gets ``True`` for every SIGTERM while the block runs.

    Yields
    ------
    None
        Control to the block, once.
    """
    if (
        threading.current_thread() is not threading.main_thread()
        or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL
    ):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        seen.append(True)
        _TERMINATED.append(True)
        raise Terminated

    # a command's stop words are its own: a SIGTERM that ended an earlier command in
    # this process (tests run many) must not make a later Ctrl-C read as a SIGTERM
    _TERMINATED.clear()
    signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
