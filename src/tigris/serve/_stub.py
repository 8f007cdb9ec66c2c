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
    ``RuntimeError``, ``"exit"`` ends the process at once (a crash).

Importing this module imports nothing heavy.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from tigris.errors import InputError

__all__ = ["STEP_S", "work"]

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
    return {"ok": True, "error": None, "tag": spec.get("tag"), "pid": os.getpid(), "steps": steps}
