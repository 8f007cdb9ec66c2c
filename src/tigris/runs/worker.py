"""One sweep member, as a task a Dask worker (or this process) runs.

Everything here is top level and picklable (no closures): :class:`MemberTask` travels
to a worker, :func:`run_member` applies the member's changes to the base scenario
(:func:`tigris.scenario.edit.set_paths`, validated as a file would be) and solves it
with :func:`tigris.plan.reuse.solve_member`, and :class:`MemberOutcome` travels back.
A bad value or a solver failure is data on the outcome (``error``, one line), never an
exception: one member's trouble must not abort a sweep (``docs/sweeps.md``).

Time-critical: importing this module imports neither the planner nor plotly or
matplotlib; :func:`run_member` imports the planner on first use.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError

if TYPE_CHECKING:
    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = ["PLANNED_MEMBER", "MemberOutcome", "MemberTask", "one_line", "run_member"]

#: The index of a risk sweep's plan as planned: the base scenario itself, no changes,
#: solved and stored beside the sampled members (0, 1, ...) and not counted among them
#: (``tigris.sweep(planned=True)``; the risk JSON's member -1, docs/risk.md).
PLANNED_MEMBER = -1

#: Longest error text kept on an outcome (one line; the rest is cut with "...")
#: [characters]. A display limit, not a model number.
MAX_ERROR_CHARS = 500

#: Base scenarios parsed in this process, by (base_yaml, data_yaml): a worker parses
#: the base once per sweep, not once per member. Small: one sweep at a time.
_BASES: dict[tuple[str, str | None], Scenario] = {}
_MAX_BASES = 4


@dataclass(frozen=True)
class MemberTask:
    """What one member needs, sent to a worker.

    Parameters
    ----------
    index : int
        0-based position of the member in the sweep; :data:`PLANNED_MEMBER` for the
        plan as planned.
    base_yaml : str
        The base scenario as text (:func:`tigris.scenario.edit.to_yaml`).
    changes : mapping
        Dotted path -> value applied to the base (``docs/sweeps.md``, "Paths").
    options : mapping
        Keyword options of :func:`tigris.plan.reuse.solve_member` (``time_limit_s``,
        ``mip_gap``, ``relax``, ``counterfactual``, ``objective``,
        ``min_served_share``).
    data_yaml : str or None
        The text of a ``--data`` overlay file, if any.
    series : bool
        Also reduce the plan to the risk outputs on the worker
        (:func:`tigris.risk.montecarlo.member_outputs`, ``MemberOutcome.series``).
    keep_result : bool
        Send the plan back (``MemberOutcome.result``); False when nothing needs it
        (not stored, not kept): only its status, headline numbers and series travel.
    mark : bool
        Record the changes as set on the command line, as ``tigris plan --set`` does
        (:func:`tigris.scenario.edit.set_paths` with ``field="--set"``: each value's
        source says it was set and what it was, the name says ``(edited: ...)``), so
        that a member and ``plan --set`` of the same values store the same scenario
        (user test s48 sweeps #1). ``tigris sweep --set``'s members; not draws.
    """

    index: int
    base_yaml: str
    changes: Mapping[str, Any]
    options: Mapping[str, Any]
    data_yaml: str | None = None
    series: bool = False
    keep_result: bool = True
    mark: bool = False


@dataclass
class MemberOutcome:
    """What came of one member.

    Parameters
    ----------
    index : int
        0-based position of the member in the sweep.
    changes : dict
        The member's changes (path -> value).
    scenario_yaml : str or None
        The member's scenario as text; None when its changes could not be applied, or
        when the plan is not sent back (``keep_result=False``: nothing stores it).
    result : PlanResult or None
        The plan; None when there is none (``error`` says why).
    error : str or None
        One line: ``"InputError: <path>: <what was expected>"`` for a rejected value,
        ``"<ExceptionType>: <message>"`` for anything else; None if the member solved.
    seconds : float
        Wall time of the member on its worker (edit + solve) [s].
    timings : dict
        The plan's timings and ``member_s`` (= ``seconds``) [s].
    numbers : dict
        ``result.headline()["numbers"]``, computed on the worker (so the process that
        gathers the members does not); empty without a result.
    series : dict or None
        With ``MemberTask.series``: :func:`tigris.risk.montecarlo.member_outputs` of a
        usable plan (optimal or time-limited), output -> {year: value}; else None.
    plan_status : str or None
        The plan's status when ``result`` was not sent back (``keep_result=False``).
    plan_gap : float or None
        The plan's relative MIP gap [-] when ``result`` was not sent back.
    plan_ok : bool or None
        ``PlanResult.ok`` when ``result`` was not sent back (a solve that stopped at
        its time limit before any solution has status ``time_limit`` and no plan).
    warnings : list of str
        What ``tigris plan`` warns of after solving the same plan: each subsidy
        programme its sites' subsidies pass (:func:`tigris.plan.subsidy_cap.cap_warnings`;
        a policy analyst's review of 2026-12-07: a sweep member past the CHIPS Act's
        total was said nowhere).
    """

    index: int
    changes: dict[str, Any]
    scenario_yaml: str | None
    result: PlanResult | None
    error: str | None
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    series: dict[str, dict[str, float]] | None = None
    plan_status: str | None = None
    plan_gap: float | None = None
    plan_ok: bool | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """The plan's status, or ``"error"`` when there is no plan."""
        if self.result is not None:
            return self.result.status
        return self.plan_status if self.plan_status is not None else "error"

    @property
    def mip_gap(self) -> float | None:
        """HiGHS's relative MIP gap of the plan [-] (``PlanResult.mip_gap``), None
        without a plan or a gap (an LP relaxation)."""
        if self.result is not None:
            return self.result.mip_gap
        return self.plan_gap

    @property
    def has_plan(self) -> bool:
        """Whether the member has a usable plan (``PlanResult.ok``)."""
        if self.result is not None:
            return bool(self.result.ok)
        return bool(self.plan_ok)


def one_line(exc: BaseException) -> str:
    """An exception as one line: ``"Type: message"``, problems joined by ``"; "``.

    Parameters
    ----------
    exc : BaseException
        The exception.

    Returns
    -------
    str
        The line, its whitespace collapsed, cut to ``MAX_ERROR_CHARS`` (500) characters
        with ``...``; the type's name alone when the message is empty.

    Examples
    --------
    >>> one_line(InputError("expected a number >= 0, got -1", field="capital.0.amount_usd"))
    'InputError: capital.0.amount_usd: expected a number >= 0, got -1'
    >>> one_line(RuntimeError("two\\nlines"))
    'RuntimeError: two lines'
    """
    if isinstance(exc, InputError):
        text = "; ".join(str(p) for p in exc.problems)
    else:
        text = " ".join(str(exc).split())
    text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    if len(text) > MAX_ERROR_CHARS:
        text = text[: MAX_ERROR_CHARS - 3] + "..."
    return text


def _base(base_yaml: str, data_yaml: str | None) -> Scenario:
    """The base scenario parsed from its text (cached in this process)."""
    key = (base_yaml, data_yaml)
    sc = _BASES.get(key)
    if sc is None:
        from tigris.scenario.edit import load_any

        sc = load_any(base_yaml)
        if len(_BASES) >= _MAX_BASES:
            _BASES.clear()
        _BASES[key] = sc
    return sc


def _edited(
    base: Scenario, edits: dict[str, Any], cells: Mapping[str, Any], mark: bool
) -> Scenario:
    """``base`` with a member's scenario ``edits``; with ``mark``, recorded as
    ``tigris plan --set`` records them (sources and name, :class:`MemberTask`), a
    refused value still reported as the unmarked edit reports it."""
    from tigris.scenario.edit import COMMAND_LINE, mark_cells, set_paths

    if not mark:
        return set_paths(base, edits) if edits else base
    if not edits:
        return mark_cells(base, list(cells))
    try:
        edited = set_paths(base, edits, field=COMMAND_LINE)
    except InputError:
        set_paths(base, edits)  # the member's error as an unmarked edit words it
        raise
    return mark_cells(edited, list(cells))


def run_member(task: MemberTask) -> MemberOutcome:
    """Apply a member's changes to the base scenario and plan it; never raises for a
    bad value or solver trouble.

    Parameters
    ----------
    task : MemberTask
        The member.

    Returns
    -------
    MemberOutcome
        The plan, or the one-line error that stopped it (the changes rejected by the
        schema, or an exception while solving).

    References
    ----------
    ``docs/sweeps.md``; the plan is :func:`tigris.plan.solve` with
    ``explain_result=False`` (:func:`tigris.plan.reuse.solve_member`).
    """
    start = time.perf_counter()
    changes = dict(task.changes)
    scenario_yaml: str | None = None
    result: PlanResult | None = None
    error: str | None = None
    rate = 0.0  # the member's discount rate [1/year], for its risk outputs
    cells: dict[str, Any] = {}
    try:
        # data-table cells (nodes.N3.d0_per_cm2) go to a member overlay (tigris.risk.cells)
        from tigris.plan.reuse import using_data_text
        from tigris.risk.cells import DRAW_SOURCE, SET_SOURCE, member_overlay, split_changes

        edits, cells = split_changes(changes)
        # a --set cell's row says it was set, not drawn (as tigris plan --set's)
        data_yaml = member_overlay(cells, task.data_yaml, SET_SOURCE if task.mark else DRAW_SOURCE)
        if data_yaml is not None:  # the driver said the file's warnings (a process
            # worker parses the text anew: quietly, so each is said once)
            from tigris.plan.reuse import parsed_quietly

            parsed_quietly(data_yaml)
        with using_data_text(data_yaml):
            from tigris.plan.reuse import solve_member
            from tigris.scenario.edit import to_yaml

            base = _base(task.base_yaml, task.data_yaml)
            sc = _edited(base, edits, cells, task.mark)
            if task.keep_result:  # the text is for the store; skipped when not stored
                scenario_yaml = to_yaml(sc) if sc is not base else task.base_yaml
            rate = float(sc.real_discount_rate)  # Fisher when the basis is nominal
            result = solve_member(sc, data_yaml=data_yaml, **dict(task.options))
    except Exception as exc:  # a member's failure is data, not a crash
        if isinstance(exc, InputError) and cells:
            from tigris.risk.cells import cells_named

            # a cell refused by a rule across its row: named by the cell, not by the
            # overlay text it was written into ("<data>:2: nodes.0...")
            exc = cells_named(exc, cells, field=None)
        error = one_line(exc)
        result = None
    numbers: dict[str, Any] = {}
    if result is not None:
        try:
            from tigris.runs.metrics import plan_numbers

            # with the payback flag the store and the members table read (runs.metrics)
            numbers = plan_numbers(result)
        except Exception as exc:  # a plan whose headline fails is the member's error
            error, result = one_line(exc), None
    series = None
    if task.series and result is not None and result.ok:
        try:
            from tigris.risk.montecarlo import member_outputs

            series = member_outputs(result, discount_rate=rate, numbers=numbers)
        except Exception as exc:  # outputs that cannot be read are the member's error
            error, result, numbers = one_line(exc), None, {}
    warned: list[str] = []
    if result is not None and result.ok and getattr(result, "subsidies", None) is not None:
        try:
            from tigris.plan.subsidy_cap import plan_cap_warnings

            warned = plan_cap_warnings(result)
        except Exception as exc:  # a warning that cannot be read is the member's note
            warned = [f"subsidy programmes not checked ({one_line(exc)})"]
    seconds = time.perf_counter() - start
    timings = {"member_s": seconds}
    if result is not None:
        timings = {**{k: float(v) for k, v in result.timings.items()}, **timings}
    out = MemberOutcome(
        task.index, changes, scenario_yaml, result, error, seconds, timings, numbers, series
    )
    out.warnings = warned
    if not task.keep_result and result is not None:
        out.result, out.plan_status = None, result.status
        out.plan_gap, out.plan_ok = result.mip_gap, result.ok
    return out
