"""Solve sweep members fast, reusing work across calls in one process.

:func:`solve_member` gives the same plan as ``tigris.plan.solve(sc,
explain_result=False, **options)`` (``docs/sweeps.md``, "Performance"). It is
what a sweep worker calls for every member, so whatever does not change between
members is kept per process:

- the parsed ``--data`` overlay (by its text), and with it the tables read from the
  data files (cached per overlay by :mod:`tigris.data`);
- the planning model of the previous member. The model is built in steps
  (:func:`tigris.plan.steps.model_steps`), and the first build records which
  :class:`~tigris.plan.inputs.PlanInputs` fields each step reads. A member whose
  inputs have the same structure (index sets, objective, shapes) rebuilds only the
  steps whose fields changed and copies the rows of the others, giving the model a
  fresh build would give (tested matrix by matrix);
- the HiGHS model: linopy's persistent solver interface
  (``linopy.solvers.Solver.update``, linopy >= 0.10) changes the costs, bounds, row
  bounds and coefficients that differ in place instead of passing a new model. Its
  previous run's solution and basis are cleared (``Highs.clearSolver``) before the new
  solve: kept, they gave a member the previous member's plan (below, ``_solve_reusing``).

Where the plan has ties (equally good plans), a reused model may return another of
them: the member then has the same status and objective (within the MIP gap), not
necessarily the same builds. Anything the reuse cannot do falls back to a fresh
build (:data:`STATS` counts both).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import InputError
from tigris.plan.inputs import PlanInputs

if TYPE_CHECKING:
    import linopy

    from tigris.data import DataOverlay
    from tigris.plan.result import PlanResult
    from tigris.plan.steps import Step
    from tigris.scenario import Scenario

__all__ = [
    "DATA_LABEL",
    "STATS",
    "clear",
    "parsed_overlay",
    "parsed_quietly",
    "solve_member",
    "using_data_text",
]

#: Overlays kept parsed per process (a sweep uses one; a few for interactive use).
_OVERLAYS_KEPT = 8
#: File name the ``--data`` text is read from (messages name it ``<data>:LINE``).
_DATA_FILE = "data.yaml"
#: How a message names a ``--data`` text (as ``<text>`` names a scenario's).
DATA_LABEL = "<data>"

_overlays: OrderedDict[str, DataOverlay] = OrderedDict()
#: Guards :data:`_overlays`: the dashboard reads overlays from many request threads.
_overlays_lock = threading.Lock()


def parsed_quietly(data_yaml: str) -> DataOverlay:
    """:func:`parsed_overlay` with its warnings counted as said, not written: for a
    ``--data`` text whose file's warnings were already written (a sweep's driver, a
    process worker of its members), so each is said once (user test 2026-12-05 data
    #2: twice, the second time naming a deleted temporary file).

    Parameters
    ----------
    data_yaml : str
        The ``--data`` overlay's YAML text.

    Returns
    -------
    DataOverlay
        The parsed overlay (:func:`parsed_overlay`'s, shared per text).
    """
    from tigris.catalog import quiet_warnings

    with quiet_warnings():
        return parsed_overlay(data_yaml)


def parsed_overlay(data_yaml: str) -> DataOverlay:
    """The overlay of a ``--data`` file's text, parsed once per process.

    The same text gives the same :class:`~tigris.data.DataOverlay` object, so the
    tables cached per overlay (:func:`tigris.data.data_cache`) are reused too. Safe to
    call from several threads (two threads parsing the same new text at once keep the
    first one's overlay).

    Parameters
    ----------
    data_yaml : str
        The ``--data`` overlay's YAML text.

    Returns
    -------
    DataOverlay
        The parsed overlay: the same object for the same text while it is cached.

    Raises
    ------
    InputError
        A bad text, its problems named ``<data>:LINE``.
    """
    from tigris.overlay import load_overlay

    key = hashlib.sha256(data_yaml.encode("utf-8")).hexdigest()
    with _overlays_lock:
        found = _overlays.get(key)
        if found is not None:
            _overlays.move_to_end(key)
            return found
    from tigris.catalog import collected_warnings, quiet_warnings, warn_once

    with tempfile.TemporaryDirectory(prefix="tigris-data-") as tmp:
        path = Path(tmp) / _DATA_FILE
        path.write_text(data_yaml, encoding="utf-8")
        try:
            # said below under the text's name, not the temporary file's
            with collected_warnings() as seen, quiet_warnings():
                overlay = load_overlay(path)
        except InputError as err:  # read from a temporary file: name the text instead
            problems = [
                dataclasses.replace(p, file=DATA_LABEL) if p.file == str(path) else p
                for p in err.problems
            ]
            raise InputError(problems) from None
    # the text goes with the overlay: its temporary file is gone once read, and a
    # stored run records the text (user test 2026-12-05 serve #1)
    said = tuple(line.replace(str(path), DATA_LABEL) for line in seen)
    # named as the text, not a temporary file gone once read: citations (--data
    # <data>:LINE) and provenance (user test 2026-12-05 data #2)
    overlay = dataclasses.replace(overlay, file=DATA_LABEL, text=data_yaml, warnings=said)
    for line in said:
        warn_once(line)
    with _overlays_lock:
        overlay = _overlays.setdefault(key, overlay)
        _overlays.move_to_end(key)
        while len(_overlays) > _OVERLAYS_KEPT:
            _overlays.popitem(last=False)
    return overlay


@contextmanager
def using_data_text(
    data_yaml: str | None, base_text: str | None = None
) -> Iterator[DataOverlay | None]:
    """The overlay of a ``--data`` text (:func:`parsed_overlay`) in force inside the
    ``with`` block; ``None`` changes nothing (whatever is in force stays).
    ``base_text``: the user's own ``--data`` text under cells set over it, kept on the
    overlay (:attr:`tigris.data.DataOverlay.base_text`).

    Parameters
    ----------
    data_yaml : str or None
        The ``--data`` overlay's YAML text; None keeps whatever overlay is in force.
    base_text : str or None, optional
        The user's own ``--data`` text under the cells set over it; None for none.

    Yields
    ------
    DataOverlay or None
        The overlay in force in the block; None when ``data_yaml`` is None.

    Raises
    ------
    InputError
        A bad text, its problems named ``<data>:LINE``.
    """
    if data_yaml is None:
        yield None
        return
    from tigris.data import using_overlay

    made = parsed_overlay(data_yaml)
    if base_text is not None:
        made = dataclasses.replace(made, base_text=base_text)
    with using_overlay(made) as overlay:
        yield overlay


#: Fields of :class:`PlanInputs`, the inputs a model step may read.
_FIELDS = frozenset(f.name for f in dataclasses.fields(PlanInputs))
#: Fields that fix the model's index sets and which steps there are: a member that
#: differs in any of them is built afresh.
_STRUCTURE = (
    "years",
    "sites",
    "facilities",
    "products",
    "classes",
    "sources",
    "objective",
    "demand_basis",
)


class _Reads(PlanInputs):
    """A :class:`PlanInputs` that notes every field read (methods included, as they
    read through ``self``); made by :func:`_reading`, never constructed."""

    def __getattribute__(self, name: str) -> Any:
        if name in _FIELDS:
            seen = object.__getattribute__(self, "__dict__").get("_tigris_reads")
            if seen is not None:
                seen.add(name)
        return object.__getattribute__(self, name)


def _reading(inp: PlanInputs) -> tuple[PlanInputs, set[str]]:
    """A copy of ``inp`` that notes the fields read into the returned set."""
    rec = object.__new__(_Reads)
    rec.__dict__.update({k: v for k, v in inp.__dict__.items() if k != "_tigris_reads"})
    seen: set[str] = set()
    rec.__dict__["_tigris_reads"] = seen
    return rec, seen


def _same(a: Any, b: Any) -> bool:
    """Whether two input values are equal (arrays by shape, dtype and value; NaN
    equal to NaN)."""
    if a is b:
        return True
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.shape != b.shape or a.dtype != b.dtype:
            return False
        nan = a.dtype.kind in "fc"
        return bool(np.array_equal(a, b, equal_nan=nan))
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    try:
        return type(a) is type(b) and bool(a == b)
    except (TypeError, ValueError):
        return False


def _changed(a: PlanInputs, b: PlanInputs) -> set[str]:
    """Names of the fields that differ between two inputs."""
    return {f for f in _FIELDS if not _same(getattr(a, f), getattr(b, f))}


@dataclasses.dataclass
class _Built:
    """The last member's model and what is needed to reuse it."""

    inp: PlanInputs
    relax: bool
    model: linopy.Model
    reads: dict[str, frozenset[str]]  # step -> fields it read
    rows: dict[str, tuple[str, ...]]  # step -> constraints it added
    adds_variables: frozenset[str]  # steps that add variables (always rebuilt)
    solver: Any  # linopy.solvers.Solver with track_updates
    options: dict[str, Any]


#: Counts of how members were built, for tests and benchmarks: ``fresh`` models,
#: ``reused`` ones, the steps ``rebuilt`` or ``copied`` in those, and ``fallback``
#: solves without reuse.
STATS = {"fresh": 0, "reused": 0, "rebuilt": 0, "copied": 0, "fallback": 0}

#: The last member's model, per thread (a model and its HiGHS object are not shared
#: between threads; a Dask worker with several threads keeps one per thread).
_local = threading.local()


def _last() -> _Built | None:
    return getattr(_local, "last", None)


def clear() -> None:
    """Forget this thread's cached model, its remembered worlds without builds
    (:func:`tigris.plan.counterfactual.remembering_worlds`) and the overlays (the next
    member is built and its counterfactual solved afresh)."""
    _local.last = None
    _local.worlds = {}
    with _overlays_lock:
        _overlays.clear()


def _build(
    inp: PlanInputs, relax: bool, prev: _Built | None
) -> tuple[linopy.Model, dict[str, frozenset[str]], dict[str, tuple[str, ...]], frozenset[str]]:
    """Build the model of ``inp`` step by step, noting what each step reads; with
    ``prev`` (same structure), copy the rows of every step whose fields are unchanged."""
    import linopy

    from tigris.plan.steps import build_steps

    changed = _changed(prev.inp, inp) if prev is not None else set()
    reads: dict[str, frozenset[str]] = {}
    rows: dict[str, tuple[str, ...]] = {}
    adds: set[str] = set()

    def run(name: str, step: Step) -> Step:
        def wrapped(m: linopy.Model, inp: PlanInputs, c: dict, picks: dict) -> None:
            keep = (
                prev is not None
                and name in prev.reads
                and name not in prev.adds_variables
                and not (prev.reads[name] & changed)
            )
            if keep:
                assert prev is not None
                for con_name in prev.rows[name]:
                    _copy_rows(m, prev.model.constraints[con_name], con_name)
                if name == "objective":  # re-homed on m: no reference to the old model
                    obj = prev.model.objective
                    expr = linopy.LinearExpression(obj.expression.data, m)
                    m.add_objective(expr, sense=obj.sense)
                reads[name], rows[name] = prev.reads[name], prev.rows[name]
                STATS["copied"] += 1
                return
            rec, seen = _reading(inp)
            n_vars, before = len(m.variables), set(m.constraints)
            step(m, rec, c, picks)
            reads[name] = frozenset(seen)
            rows[name] = tuple(k for k in m.constraints if k not in before)
            for con_name in rows[name]:  # as linopy's Model.solve does before a build
                m.constraints[con_name].sanitize_zeros()
                m.constraints[con_name].sanitize_infinities()
            if len(m.variables) != n_vars:
                adds.add(name)
            if prev is not None:
                STATS["rebuilt"] += 1

        return wrapped

    m, _ = build_steps(inp, relax, run)
    return m, reads, rows, frozenset(adds)


def _copy_rows(m: linopy.Model, con: Any, name: str) -> None:
    """Add the rows of ``con`` (a constraint of the previous model, at the same place
    in the order, already sanitised) to ``m`` with the same labels.

    The rows are shared, not rebuilt: the labels linopy would give them again are the
    ones they have (their range starts at ``m``'s constraint counter), so only the
    counter moves. Otherwise (another linopy), through ``add_constraints``.
    """
    from linopy.constraints import Constraint

    data = getattr(con, "data", None)
    span = None if data is None else data.attrs.get("label_range")
    counter = getattr(m, "_cCounter", None)
    if type(con) is not Constraint or span is None or counter != span[0]:
        m.add_constraints(con, name=name, mask=con.labels >= 0)
        return
    m.constraints.add(Constraint(data, m, name, skip_broadcast=True))
    m._cCounter = span[1]


def _assign(m: linopy.Model, solver: Any, result: Any) -> None:
    """Write a solver result onto ``m``: status, objective and the variables' values.

    What ``linopy.Model.assign_result`` does but the row duals, which nothing reads
    here (a mixed-integer program has none; :mod:`tigris.plan.shadow` takes its own
    from HiGHS) and which cost as much to assign as the rest.
    """
    import xarray as xr

    m.solver = solver
    if result.solution is not None:
        m.objective._value = result.solution.objective / m.objective.scaling
    m.status = result.status.status.value
    m.termination_condition = result.status.termination_condition.value
    if not result.status.is_ok or result.solution is None or not len(result.solution.primal):
        return
    primal = result.solution.primal
    for _, var in m.variables.items():
        start, end = var.range
        values = primal[start:end].reshape(var.shape) / var.solver_scaling.values
        var.solution = xr.DataArray(values, var.coords, dims=var.dims)


def _solve_model(
    inp: PlanInputs, relax: bool, time_limit_s: float | None, mip_gap: float | None
) -> tuple[linopy.Model, str, float, float]:
    """:data:`tigris.plan.solve.ModelSolver` reusing the previous member's model.

    Anything the reuse cannot do (a linopy without the persistent solver interface,
    linopy refusing an update) falls back to a fresh build and solve, as
    :func:`tigris.plan.solve.solve_inputs` does without a ``model_solver``.
    """
    try:
        return _solve_reusing(inp, relax, time_limit_s, mip_gap)
    except Exception:  # any failure of the reuse: the plain path decides
        _local.last = None
        STATS["fallback"] += 1
    from tigris.plan.highs import run_highs
    from tigris.plan.model import build_model

    t0 = time.perf_counter()
    m = build_model(inp, relax=relax)
    build_s = time.perf_counter() - t0
    status, runtime = run_highs(m, time_limit_s, mip_gap)
    return m, status, runtime, build_s


def _solve_reusing(
    inp: PlanInputs, relax: bool, time_limit_s: float | None, mip_gap: float | None
) -> tuple[linopy.Model, str, float, float]:
    from linopy import solvers

    from tigris.plan.highs import finish, highs_options, quiet_linopy

    t0 = time.perf_counter()
    opts = highs_options(time_limit_s, mip_gap)
    prev = _last()
    if prev is not None and (
        prev.relax != relax
        or prev.options != opts
        or any(not _same(getattr(prev.inp, f), getattr(inp, f)) for f in _STRUCTURE)
    ):
        prev = None
    _local.last = None  # until this member is solved
    m, reads, rows, adds = _build(inp, relax, prev)
    build_s = time.perf_counter() - t0
    with quiet_linopy():
        if prev is None:
            solver = solvers.Solver.from_name(
                "highs", model=m, io_api="direct", options=opts, track_updates=True
            )
            STATS["fresh"] += 1
        else:
            solver = prev.solver
            # in place, or a rebuild if linopy finds the structure changed. No MIP
            # start from the previous plan: with one (setSolution), HiGHS 1.16 was
            # seen to report the new optimum's objective with the start's columns.
            solver.update(m)
            STATS["reused"] += 1
        h = solver.solver_model
        if prev is not None:
            # start from nothing kept of the previous member's run: with its solution
            # and basis kept, HiGHS 1.16 returned the previous member's plan (the japan
            # line) after a row bound rose (a site's max_modules 0 -> 2), reporting only
            # the variable cost as its objective, though the updated model was the
            # fresh one term for term (user test 2026-12-05)
            h.clearSolver()
        ran = float(h.getRunTime())
        _assign(m, solver, solver.solve())
    runtime = float(h.getRunTime()) - ran
    condition = str(m.termination_condition)
    status, runtime = finish(m, condition, runtime, time_limit_s)
    _local.last = _Built(inp, relax, m, reads, rows, adds, solver, opts)
    return m, status, runtime, build_s


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
    from tigris.plan.counterfactual import remembering_worlds
    from tigris.plan.solve import solve

    options.setdefault("explain_result", False)
    if getattr(_local, "worlds", None) is None:
        _local.worlds = {}
    # the worlds without builds another member solved, answered again from memory (the
    # same program, bit for bit: counterfactual.remembering_worlds)
    with using_data_text(data_yaml), remembering_worlds(_local.worlds):
        return solve(sc, model_solver=_solve_model, **options)
