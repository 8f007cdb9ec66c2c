"""A stand-in compute function for testing :mod:`tigris.serve.jobs` (a test aid).

The job manager's workers import their compute function by name in a fresh
("spawn") process, where the ``tests`` package is not importable (pytest's
``--import-mode=importlib`` does not put the repository on ``sys.path``), so the
stand-in lives here. It reads what to do from the request's ``scenario_yaml``, a
YAML mapping:

``tag``
    echoed in the view (``view["tag"]``);
``sleep_s``
    seconds to sleep, reporting ``"step i"`` progress every :data:`STEP_S`;
``fail``
    ``"input"`` raises :class:`~tigris.errors.InputError`, ``"bug"`` a
    ``RuntimeError``, ``"exit"`` ends the process at once (a crash);
``error``
    returned as the view's ``error`` (with ``ok`` False), as a compute function
    that catches its own failures does.

Its :func:`cached_view` plays the store of runs: the manager's ``store`` is a folder
and a view stored under a key is the file ``<key>.json`` in it.

Importing this module imports nothing heavy.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from tigris.errors import InputError

__all__ = ["STEP_S", "cached_view", "work"]

#: Interval between the stand-in's progress reports while it sleeps [s].
STEP_S = 0.05
#: Exit code of a simulated crash (``fail: exit``).
CRASH_EXIT_CODE = 3


def work(request: Mapping[str, Any], progress: Callable[[str], None] = lambda s: None) -> dict:
    """Pretend to solve ``request``: sleep, report progress, fail or echo.

    Parameters
    ----------
    request : mapping
        A request whose ``scenario_yaml`` holds the instructions (module docstring).
    progress : callable
        Called with a stage name.

    Returns
    -------
    dict
        ``{"ok": True, "error": None, "tag": ..., "pid": ..., "steps": n}``.

    Examples
    --------
    >>> work({"scenario_yaml": "tag: x"})["tag"]
    'x'
    """
    spec = yaml.safe_load(request.get("scenario_yaml") or "") or {}
    sleep_s = float(spec.get("sleep_s", 0.0))
    progress("started")
    steps = 0
    end = time.monotonic() + sleep_s
    while time.monotonic() < end:
        steps += 1
        progress(f"step {steps}")
        time.sleep(min(STEP_S, max(0.0, end - time.monotonic())))
    fail = spec.get("fail")
    if fail == "input":
        msg = "stub: a bad input"
        raise InputError(msg, field="stub.fail")
    if fail == "bug":
        msg = "stub: a bug\nsecond line"
        raise RuntimeError(msg)
    if fail == "exit":
        os._exit(CRASH_EXIT_CODE)
    error = spec.get("error")
    return {
        "ok": error is None,
        "error": error,
        "tag": spec.get("tag"),
        "pid": os.getpid(),
        "steps": steps,
    }


def cached_view(store: str | Path | None, key: str) -> dict | None:
    """The view stored as ``<store>/<key>.json``, or None (no folder or no file).

    Parameters
    ----------
    store : str or Path or None
        A folder standing in for the store of runs.
    key : str
        The request's key.

    Returns
    -------
    dict or None
        The view (the JSON file parsed), or None without a folder or a file for ``key``.

    Examples
    --------
    >>> cached_view(None, "0" * 64) is None
    True
    """
    if store is None:
        return None
    path = Path(store) / f"{key}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
