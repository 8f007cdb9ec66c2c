"""The notebook entry points: ``tigris.plan(...)`` and ``tigris.load_scenario(...)``.

``tigris.plan`` is this module's :func:`plan` and the :mod:`tigris.plan` package at
once (the package's module class is callable, ``plan/__init__.py``), so
``tigris.plan(sc)`` and ``tigris.plan.solve(sc)`` both work in any import order.
:func:`plan` is :func:`tigris.plan.solve` with the options named as a notebook user
says them, every value checked first (a bad one is an :class:`~tigris.errors.InputError`
naming the option), and, when asked, the run written to the store of runs
(:mod:`tigris.runs.store`, docs/runs.md). docs/api.md is the tutorial.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, Problem
from tigris.scenario.edit import load_any, to_yaml
from tigris.scenario.schema import OBJECTIVES, Scenario

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tigris.plan.result import PlanResult

__all__ = ["load_scenario", "plan"]


#: ``tigris.load_scenario``: a file, YAML text, a scenario or None (the reference); see
#: :func:`tigris.scenario.edit.load_any` (``import tigris`` finds it there, without
#: importing the planner).
load_scenario = load_any


def _option(name: str, msg: str) -> InputError:
    return InputError(Problem(name, msg))


def _check(
    *,
    store: Any,
    explain: Any,
    counterfactual: Any,
    relax: Any,
    time_limit_s: Any,
    mip_gap: Any,
    objective: Any,
    min_served_share: Any,
) -> None:
    """Refuse a bad option value, naming the option (before any work is done)."""
    for name, flag in (("explain", explain), ("counterfactual", counterfactual), ("relax", relax)):
        if not isinstance(flag, bool):
            raise _option(name, f"expected True or False, got {flag!r}")
    if not isinstance(store, (bool, str, Path)) or store == "":
        raise _option("store", f"expected True, False or a file name, got {store!r}")
    numbers = (
        ("time_limit_s", time_limit_s, "> 0 [s]"),
        ("mip_gap", mip_gap, "in [0, 1) [-]"),
        ("min_served_share", min_served_share, "in [0, 1] [-]"),
    )
    for name, value, want in numbers:
        if value is None:
            continue
        ok = isinstance(value, (int, float)) and not isinstance(value, bool)
        if ok and math.isfinite(value):
            ok = {
                "time_limit_s": value > 0,
                "mip_gap": 0 <= value < 1,
                "min_served_share": 0 <= value <= 1,
            }[name]
        else:
            ok = False
        if not ok:
            raise _option(name, f"expected a number {want} or None, got {value!r}")
    if objective is not None and objective not in OBJECTIVES:
        choices = ", ".join(repr(o) for o in OBJECTIVES)
        raise _option("objective", f"expected one of {choices} or None, got {objective!r}")


def plan(
    scenario: Scenario | str | Path | None = None,
    *,
    store: bool | str | Path = False,
    explain: bool = True,
    counterfactual: bool = True,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    relax: bool = False,
    objective: str | None = None,
    min_served_share: float | None = None,
) -> PlanResult:
    """Plan a scenario: ``tigris.plan(sc)`` (docs/api.md).

    The same plan as :func:`tigris.plan.solve` (docs/plan.md) with these options.

    Parameters
    ----------
    scenario : Scenario, str, Path or None, optional
        A scenario, a file, YAML text (as :func:`load_scenario`), or ``None`` for the
        reference scenario.
    store : bool, str or Path, optional
        Write the run to the store of runs (docs/runs.md): ``True`` for the default
        store (``$TIGRIS_STORE``, else the user data directory), or a store file;
        default ``False`` (not stored).
    explain : bool, optional
        Explain what binds, in words (a few time-limited re-solves).
    counterfactual : bool, optional
        Also solve the world without the investor (what the investor adds).
    time_limit_s : float, optional
        HiGHS time limit [s]; default the scenario's ``solver.time_limit_s``.
    mip_gap : float, optional
        Relative MIP gap [-]; default the scenario's ``solver.mip_gap``.
    relax : bool, optional
        Solve the LP relaxation (fractional modules) only.
    objective : {"serve", "npv"}, optional
        Replaces the scenario's ``objective`` (docs/finance.md, "Objectives").
    min_served_share : float, optional
        Replaces the scenario's ``min_served_share`` [-, in [0, 1]].

    Returns
    -------
    PlanResult
        Per docs/plan-result.md; shows itself in a notebook.

    Raises
    ------
    InputError
        A bad option value (naming the option), a bad scenario (every problem), or a
        store that cannot be written (naming ``store``; the plan is then lost with
        the exception: solve again without ``store``).
    """
    _check(
        store=store,
        explain=explain,
        counterfactual=counterfactual,
        relax=relax,
        time_limit_s=time_limit_s,
        mip_gap=mip_gap,
        objective=objective,
        min_served_share=min_served_share,
    )
    from tigris.plan.solve import solve

    sc = load_any(scenario)
    options: dict[str, Any] = {
        "time_limit_s": time_limit_s,
        "mip_gap": mip_gap,
        "relax": relax,
        "explain_result": explain,
        "counterfactual": counterfactual,
        "objective": objective,
        "min_served_share": min_served_share,
    }
    result = solve(sc, **options)
    if store is not False:
        from tigris.runs.sweep import scenario_file

        kept = {k: v for k, v in options.items() if v is not None}
        store_plan(sc, result, kept, store, scenario_file(scenario))
    return result


def store_plan(
    sc: Scenario,
    result: PlanResult,
    options: dict[str, Any],
    store: Any,
    scenario_file: str | None = None,
    changes: Mapping[str, Any] | None = None,
) -> tuple[str, Path]:
    """Write one plan to the store of runs (``tigris.plan(...)`` and ``tigris plan``).

    Parameters
    ----------
    sc : Scenario
        The scenario solved (stored as YAML).
    result : PlanResult
        Its plan.
    options : dict
        The options given to the solve (those not ``None``).
    store : str, Path, True or None
        The store file; ``True`` or ``None`` for the default store.
    scenario_file : str, optional
        The absolute path of the file the scenario was read from (``tigris runs list``
        shows its name; docs/runs.md); None for the reference, a Scenario or text.
    changes : mapping, optional
        Data-table cells the plan was solved with (path -> value, as a sweep member's
        ``changes``), which the scenario YAML cannot carry: ``tigris plan --from-run``
        of a member with cells stores them so that repeating the new run sets them
        again (``tigris.cli._store.from_run``). None: no changes.

    Returns
    -------
    tuple of (str, Path)
        The run id and the store file.
    """
    from tigris.runs.store import RunRecord, RunStore

    st = RunStore(None if store is True else store)
    record = RunRecord(
        kind="plan",
        scenario_yaml=to_yaml(sc),
        scenario_name=sc.name,
        options=options,
        status=result.status,
        timings=dict(result.timings),
        scenario_file=scenario_file,
        changes=dict(changes or {}),
    )
    return st.add(record, result), st.path
