"""Solve sweep members fast, reusing work across calls in one process.

:func:`solve_member` gives the same plan as ``tigris.plan.solve(sc,
explain_result=False, **options)`` (DESIGN.md, "Growing the house": sweeps). It is
what a sweep worker calls for every member, so whatever does not change between
members is kept per process: the parsed ``--data`` overlay (by its text), the
tables read from the data files (cached by :mod:`tigris.data`), and the solver model
(see below).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections import OrderedDict
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tigris.data import DataOverlay
    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = ["solve_member"]

#: Overlays kept parsed per process (a sweep uses one; a few for interactive use).
_OVERLAYS_KEPT = 8
#: File name the ``--data`` text is read from (messages name it ``<data>:LINE``).
_DATA_FILE = "data.yaml"

_overlays: OrderedDict[str, DataOverlay] = OrderedDict()


def _overlay(data_yaml: str) -> DataOverlay:
    """The overlay of a ``--data`` file's text, parsed once per process.

    The same text gives the same :class:`~tigris.data.DataOverlay` object, so the
    tables cached per overlay (:func:`tigris.data.data_cache`) are reused too.
    """
    from tigris.overlay import load_overlay

    key = hashlib.sha256(data_yaml.encode("utf-8")).hexdigest()
    found = _overlays.get(key)
    if found is not None:
        _overlays.move_to_end(key)
        return found
    with tempfile.TemporaryDirectory(prefix="tigris-data-") as tmp:
        path = Path(tmp) / _DATA_FILE
        path.write_text(data_yaml, encoding="utf-8")
        overlay = load_overlay(path)
    _overlays[key] = overlay
    while len(_overlays) > _OVERLAYS_KEPT:
        _overlays.popitem(last=False)
    return overlay


def solve_member(sc: Scenario, *, data_yaml: str | None = None, **options: Any) -> PlanResult:
    """Plan one sweep member: ``solve(sc, explain_result=False, **options)``, faster.

    Parameters
    ----------
    sc : Scenario
        The member's scenario (already edited and validated).
    data_yaml : str, optional
        Text of a ``--data`` overlay file (:mod:`tigris.overlay`), applied for this
        solve only.
    **options
        Keyword options of :func:`tigris.plan.solve` (``time_limit_s``, ``mip_gap``,
        ``relax``, ``counterfactual``, ``objective``, ``min_served_share``;
        ``explain_result`` defaults to False here).

    Returns
    -------
    PlanResult
        Equal to :func:`tigris.plan.solve`'s: the same status, the objective within
        the MIP gap, and the same tables where the optimum is unique.

    Raises
    ------
    InputError
        A bad option or overlay, as :func:`tigris.plan.solve` and
        :func:`tigris.overlay.load_overlay` raise them.
    """
    from tigris.data import using_overlay
    from tigris.plan.solve import solve

    options.setdefault("explain_result", False)
    context = using_overlay(_overlay(data_yaml)) if data_yaml is not None else nullcontext()
    with context:
        return solve(sc, **options)
