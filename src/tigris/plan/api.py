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

import contextlib
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tigris.errors import InputError, Problem
from tigris.scenario.edit import load_any, to_yaml
from tigris.scenario.schema import OBJECTIVES, Scenario

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from tigris.plan.result import PlanResult

__all__ = ["DATA_FILE_OPTION", "DATA_TEXT_OPTION", "data_in_force", "load_scenario", "plan"]


#: ``tigris.load_scenario``: a file, YAML text, a scenario or None (the reference); see
#: :func:`tigris.scenario.edit.load_any` (``import tigris`` finds it there, without
#: importing the planner).
load_scenario = load_any


#: The run option that keeps a ``data=`` overlay file (its absolute path), as
#: ``tigris plan --data FILE`` keeps it: ``tigris plan --from-run`` applies it again.
DATA_FILE_OPTION = "data"
#: The run option that keeps a ``data=`` overlay given as YAML text (the text itself,
#: the dashboard's key: ``tigris.serve.view``).
DATA_TEXT_OPTION = "data_yaml"


def _option(name: str, msg: str) -> InputError:
    return InputError(Problem(name, msg))


def _renamed(exc: InputError, flag: str, name: str) -> InputError:
    """``exc`` with the problems the command line names ``flag`` named ``name`` (the
    Python keyword) instead."""
    probs = [
        Problem(name, p.message, p.file, p.line) if p.field == flag else p for p in exc.problems
    ]
    return InputError(probs)


def _data_is_text(data: str | Path) -> bool:
    """Whether ``data`` is overlay YAML text rather than a file name (the rule of
    :func:`~tigris.scenario.edit.load_any` for a scenario: text holds a newline, or is
    one line that can be a mapping, and is not the name of an existing file)."""
    if isinstance(data, Path):
        return False
    from tigris.scenario.edit import _maps

    # one line is text only when it can be a mapping (``key: value``): ``C:/parts.yaml``
    # is a file name, as for a scenario (review of s46: "expected a mapping ... got the
    # text 'C:/parts.yaml'")
    if "\n" not in data and not _maps(data):
        return False
    with contextlib.suppress(OSError, ValueError):
        if Path(data).expanduser().is_file():
            return False
    return True


@contextlib.contextmanager
def data_in_force(data: str | Path | None) -> Iterator[dict[str, str]]:
    """The ``data=`` overlay in force inside the ``with`` block; yields the run options
    that record it, so that ``tigris plan --from-run`` applies it again (UT-API #5).

    A file is applied as ``--data FILE`` is and recorded by its absolute path
    (:data:`DATA_FILE_OPTION`); YAML text is applied as the dashboard applies it and
    recorded as text (:data:`DATA_TEXT_OPTION`). With ``data`` None, an overlay
    already in force (``with tigris.overlay.data_overlay("ov.yaml"): tigris.plan(...)``)
    stays and is recorded by its file, when it was read from one.

    Parameters
    ----------
    data : str, Path or None
        An overlay file's path, or the overlay's YAML text; None keeps the overlay already in
        force, if any.

    Yields
    ------
    dict of str to str
        The run options that record the overlay (:data:`DATA_FILE_OPTION` with the file's
        absolute path, or :data:`DATA_TEXT_OPTION` with the text); {} when ``data`` is None
        and no overlay read from a file is in force.

    Raises
    ------
    InputError
        A missing file or a bad overlay, every problem named (``<data>:LINE`` for text).
    """
    if data is None:
        from tigris.data import active_overlay

        over = active_overlay()
        kept = {}
        if over is not None and Path(str(over.file)).is_file():
            kept[DATA_FILE_OPTION] = str(Path(str(over.file)).resolve())
        yield kept
        return
    if _data_is_text(data):
        from tigris.plan.reuse import using_data_text

        with using_data_text(str(data)):
            yield {DATA_TEXT_OPTION: str(data)}
        return
    from tigris.overlay import data_overlay

    path = Path(data).expanduser()
    if not path.is_file():
        why = "a directory" if path.is_dir() else "no such file"
        raise _option("data", f"{why}: {str(data)!r}; expected a --data overlay file or its text")
    with data_overlay(path):
        yield {DATA_FILE_OPTION: str(path.resolve())}


def check_store_option(store: bool | str | Path) -> None:
    """Refuse, before solving, a ``store=`` that cannot take the run (a folder, a file
    that is not a tigris store, a path under a file), naming ``store`` (UT-API #8:
    ``tigris.plan(None, store="notastore.duckdb")`` solved, then refused, losing the
    plan; the command line checks before it solves).

    Parameters
    ----------
    store : bool, str or Path
        The ``store=`` of :func:`tigris.plan`: True for the default store, else the store's
        path.

    Raises
    ------
    InputError
        ``store`` cannot take the run (a folder, a file that is not a tigris store, a
        path under a file), named ``store``.
    """
    from tigris.fsio import check_output
    from tigris.runs.store import RunStore, store_path

    path = store_path(None if store is True else store)
    try:
        check_output(path, "store", directory=False)
        RunStore(path).runs(limit=1)
    except InputError as exc:
        raise _renamed(exc, "--store", "store") from None


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
    data: Any = None,
) -> None:
    """Refuse a bad option value, naming the option (before any work is done)."""
    if data is not None and (not isinstance(data, (str, Path)) or str(data).strip() == ""):
        raise _option("data", f"expected a --data file name, its YAML text or None, got {data!r}")
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
    data: str | Path | None = None,
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
        default ``False`` (not stored). Checked before the solve.
    data : str or Path, optional
        A data overlay (your own sites, nodes, ... or changed cells of the energy
        tables; docs/api.md, "Data what-ifs"): a ``--data`` file (a Path, or the name
        of a file) or its YAML text, applied to this plan only, as ``tigris plan
        --data``. A stored run records it (the file's absolute path, or the text), so
        ``tigris plan --from-run`` applies it again. Default: none, or the overlay in
        force (``with tigris.overlay.data_overlay(file): ...``), recorded by its file.
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
        A bad option value (naming the option), a bad scenario or overlay (every
        problem), or a store that cannot take the run (naming ``store``), all before
        the solve; a store that fails while the run is written (a full disk) after it
        (the plan is then lost with the exception: solve again without ``store``).
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
        data=data,
    )
    if store is not False:
        check_store_option(store)
    with data_in_force(data) as kept_data:
        return _plan(scenario, store, kept_data, explain, counterfactual, time_limit_s,
                     mip_gap, relax, objective, min_served_share)  # fmt: skip


def _plan(
    scenario: Scenario | str | Path | None,
    store: bool | str | Path,
    kept_data: dict[str, str],
    explain: bool,
    counterfactual: bool,
    time_limit_s: float | None,
    mip_gap: float | None,
    relax: bool,
    objective: str | None,
    min_served_share: float | None,
) -> PlanResult:
    """:func:`plan`'s work, with its data overlay in force."""
    from tigris.plan.solve import solve
    from tigris.scenario import advice

    # the scenario's warnings, written or not (once a process), for result.warnings
    said: list[str] = []
    token = advice._SAID.set(said)
    try:
        sc = load_any(scenario)
        _warn_unread(scenario, sc)
    finally:
        advice._SAID.reset(token)
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
    # a site's subsidies summed past the programme that pays them, as tigris plan says
    # on stderr and under --json's "warnings" (user test 2026-12-06 policy #2: the API
    # returned warnings=() for a plan booking 1.40x the CHIPS Act's US$39B)
    from tigris.plan.subsidy_cap import plan_cap_warnings

    overruns = plan_cap_warnings(result)
    for line in overruns:
        sys.stderr.write(f"warning: {line}\n")
    object.__setattr__(result, "warnings", (*said, *overruns))  # frozen: set once, here
    if store is not False:
        from tigris.runs.sweep import scenario_file

        kept = {k: v for k, v in options.items() if v is not None}
        rid, _ = store_plan(sc, result, {**kept, **kept_data}, store, scenario_file(scenario),
                            field="store")  # fmt: skip
        # the id is the caller's handle on the stored run (reproducibility #8)
        object.__setattr__(result, "run_id", rid)
    return result


def _warn_unread(given: Scenario | str | Path | None, sc: Scenario) -> None:
    """Write the scenario's warnings (a legal value that is likely a slip: ``amount_usd:
    20`` meant as billions) on standard error, ``warning: field: message``, once a
    process, as the command line does, for a scenario that was not read from a file
    here: a :class:`Scenario` (``sc.set(...)``) or YAML text. A file's were written, with
    their ``file:line``, as it was read (:func:`tigris.scenario.load.load_scenario`);
    the reference has none. User test s46 API #3: ``tigris.plan(sc.set("capital.fund.
    amount_usd", 20))`` planned $20 without a word while ``tigris plan --set`` warned."""
    from tigris.scenario import advice
    from tigris.scenario.edit import TEXT_FILE, _is_file
    from tigris.yamlio import _parse

    if given is None or isinstance(given, Path) or (isinstance(given, str) and _is_file(given)):
        return
    if isinstance(given, str):
        # YAML text: ``<text>:LINE: capital.fund.amount_usd: ...``, its line and the
        # item by its name, as docs/api.md says (user test s50 API #2: no line, and
        # ``capital.0.amount_usd``; the text parsed, so valid, when load_any read it)
        advice.warn(sc, TEXT_FILE, _parse(given, TEXT_FILE).locate, by_names=True)
        return
    # a scenario loaded from a file was warned of with its file:line then: the same
    # field and message is not written again without them (review of s46), and the
    # line written then is the one result.warnings keeps
    advice.warn(sc, None, unless_said=True)


def store_plan(
    sc: Scenario,
    result: PlanResult,
    options: dict[str, Any],
    store: Any,
    scenario_file: str | None = None,
    changes: Mapping[str, Any] | None = None,
    field: str = "--store",
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
    field : str, optional
        How an error names the store: ``--store`` (the command line) or ``store``
        (``tigris.plan``).

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
    try:
        return st.add(record, result), st.path
    except InputError as exc:
        if field == "--store":
            raise
        raise _renamed(exc, "--store", field) from None
