"""The planning model's build, in named steps (:func:`tigris.plan.model.build_model`).

Each step adds some variables, rows or the objective, reading from the
:class:`~tigris.plan.inputs.PlanInputs` only what those need; :func:`build_steps` runs
them in order. :mod:`tigris.plan.reuse` builds a sweep member's model by rebuilding
only the steps whose inputs changed and copying the rows of the others.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pandas as pd

from tigris.plan.inputs import PlanInputs
from tigris.plan.model import (
    _compute,
    add_capacity,
    add_capital,
    add_capital_available,
    add_demand,
    add_mix,
    add_module_balance,
    add_objective,
    add_served_share,
    add_sites,
    add_tools,
    add_variables,
    coords,
)

if TYPE_CHECKING:
    import linopy

__all__ = ["Step", "build_steps", "building", "defer_dask_array", "model_steps"]


@contextlib.contextmanager
def building() -> Iterator[None]:
    """linopy's settings while a model is built (restored on exit): v1 arithmetic.

    No variable has absent slots, so both arithmetic conventions give the same rows;
    v1 skips the legacy one's alignment checks. linopy < 0.10 has one convention only.

    Yields
    ------
    None
        Inside the block, linopy's ``semantics`` option is ``v1`` (where linopy has it).
    """
    import linopy

    defer_dask_array()
    with linopy.options:
        with contextlib.suppress(KeyError):
            linopy.options["semantics"] = "v1"
        yield


class _DaskArrayType(type):
    """Metaclass of :class:`_DaskArray`: an instance check that imports nothing."""

    def __instancecheck__(cls, obj: object) -> bool:
        array = sys.modules.get("dask.array")
        return array is not None and isinstance(obj, array.Array)


class _DaskArray(metaclass=_DaskArrayType):
    """Stands for ``dask.array.Array`` in xarray's instance checks until it is imported."""


def defer_dask_array() -> bool:
    """Let xarray recognise dask arrays without importing ``dask.array`` first.

    xarray asks, for every array it wraps, whether it is a dask array, and to know the
    type it imports ``dask.array`` (~0.35 s on this project's 2-core machine, with
    scipy's FFT modules) the first time a model is built, in every process, although
    no model holds one. An object can only be a dask array once ``dask.array`` is
    imported, so the check is the same when it looks the type up at each call:
    ``isinstance(x, _DaskArray)`` is ``isinstance(x, dask.array.Array)`` once that is
    imported and False before. Applied only while xarray has not yet looked dask up
    (its cache of array modules, ``xarray.namedarray.pycompat``, as of xarray 2024-26)
    and ``dask.array`` is not imported; otherwise nothing changes.

    Returns
    -------
    bool
        True when xarray's entry for dask was set here, False when nothing changed
        (already looked up, ``dask.array`` imported, dask absent, or another xarray).
    """
    try:
        from xarray.namedarray import pycompat
    except ImportError:  # another xarray layout: its own lookup, as before
        return False
    cache = getattr(pycompat, "_cached_duck_array_modules", None)
    module_type = getattr(pycompat, "DuckArrayModule", None)
    if not isinstance(cache, dict) or module_type is None or "dask" in cache:
        return False
    if "dask.array" in sys.modules:
        return False
    try:
        import dask
        from packaging.version import Version
    except ImportError:
        return False
    entry = module_type.__new__(module_type)
    entry.module, entry.version = dask, Version(dask.__version__)
    entry.type, entry.available = (_DaskArray,), True
    cache["dask"] = entry
    return True


Step = Callable[["linopy.Model", PlanInputs, dict[str, pd.Index], dict], None]


def model_steps(inp: PlanInputs, relax: bool = False) -> list[tuple[str, Step]]:
    """The steps that add the model's parts, in order: ``(name, step)``.

    Each ``step(m, inp, c, picks)`` adds some variables, rows or the objective and
    reads from ``inp`` only what those need, so a step whose inputs did not change
    adds the same rows again (:mod:`tigris.plan.reuse` copies them instead).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (which steps apply: objective, power, timing rule, ...).
    relax : bool, optional
        True for continuous builds (an LP relaxation).

    Returns
    -------
    list of tuple of (str, Step)
        The steps' names and functions, in the order they are run.
    """

    def variables(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        add_variables(m, inp, c, relax)

    def demand(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        add_demand(m, inp, c, _served(m, inp, c, picks))

    def mix(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        own = _compute(m, inp, c)  # (P, T)
        add_mix(m, inp, c, own, own.sum("product"))

    def served_share(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        if float(inp.min_served_share) > 0:
            add_served_share(m, inp, c, _served(m, inp, c, picks))

    def sales(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        from tigris.plan.sales import add_sales  # the merit order's rows

        add_sales(m, inp, c, relax, picks)

    def grid(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        from tigris.plan.power import add_grid

        add_grid(m, inp, c, picks)

    def no_withholding(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        from tigris.plan.timing import add_no_withholding

        add_no_withholding(m, inp, c)

    def groups(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
        from tigris.plan.groups import add_build_groups

        add_build_groups(m, inp, c)

    steps: list[tuple[str, Step]] = [
        ("variables", variables),
        ("modules-balance", lambda m, inp, c, picks: add_module_balance(m, c)),
        ("capacity", add_capacity),
        ("demand", demand),
        ("mix", mix),
        ("capital", lambda m, inp, c, picks: _add_capital_balance(m, inp, c)),
        ("capital-available", lambda m, inp, c, picks: _add_capital_available(m, inp, c)),
        ("sites", lambda m, inp, c, picks: add_sites(m, inp, c)),
        ("grid", grid),
        ("served-share", served_share),
    ]
    if inp.objective == "npv":
        steps.append(("sales", sales))
    # rule 1 of docs/plan.md, "Timing of deliveries under a power pool" (not in the LP
    # relaxation: its binaries are logic, not modules); before the build groups (below)
    if not relax:
        steps.append(("no-withholding", no_withholding))
    # the integer build groups (not in the LP relaxation, where they add nothing) and
    # the scanner rows written on them; added after every other step that adds
    # variables, so a member whose groups differ shifts no other variable's labels
    # (tigris.plan.reuse copies rows by label)
    if not relax:
        steps.append(("build-groups", groups))
    steps.append(("tools", lambda m, inp, c, picks: add_tools(m, inp, c)))
    steps.append(("objective", add_objective))
    return steps


def _add_capital_balance(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    """:func:`add_capital` without its last rows (the step ``capital-available``)."""
    add_capital(m, inp, c, available=False)


def _add_capital_available(m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index]) -> None:
    if len(c["source"]) or len(c["site"]):  # as add_capital
        add_capital_available(m, inp, c)


def _served(
    m: linopy.Model, inp: PlanInputs, c: dict[str, pd.Index], picks: dict
) -> linopy.LinearExpression:
    """Compute served per year: delivered, or in service with ``demand_basis:
    installed`` (a stock, :func:`tigris.plan.power.installed_expression`)."""
    if inp.demand_basis == "installed":
        from tigris.plan.power import installed_expression

        return installed_expression(m, inp, c, picks)
    return _compute(m, inp, c).sum("product")


def build_steps(
    inp: PlanInputs, relax: bool = False, run: Callable[[str, Step], Step] | None = None
) -> tuple[linopy.Model, list[str]]:
    """:func:`build_model`, each step through ``run(name, step)`` (default: as is).

    Returns the model and the step names in order.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    relax : bool, optional
        True for continuous builds (an LP relaxation).
    run : callable or None, optional
        Wraps each step: ``run(name, step)`` returns the step to run; None runs it as is.

    Returns
    -------
    tuple of (linopy.Model, list of str)
        The built model and the names of its steps, in order.
    """
    import linopy

    with building():
        m = linopy.Model(force_dim_names=True)
        c = coords(inp)
        picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] = {}  # lagged selections
        names = []
        for name, step in model_steps(inp, relax):
            (step if run is None else run(name, step))(m, inp, c, picks)
            names.append(name)
    return m, names
