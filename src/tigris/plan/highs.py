"""The HiGHS call, shared by :mod:`tigris.plan.solve` and :mod:`tigris.plan.explain`.

``run_highs`` solves a linopy model through linopy's direct HiGHS interface, quietly.
:class:`Resolver` re-solves the *same* built model with some constraint right-hand sides
raised (one more scanner in a year, more capital, one more module of capacity), on a
copy of the HiGHS model linopy built, so a "what would one more X save" claim is checked
against the mixed-integer program itself without building the model again.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import math
import os
import sys
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import xarray as xr

if TYPE_CHECKING:
    import linopy

__all__ = [
    "HIGHS_INFINITE_COST",
    "HIGHS_LARGE_MATRIX_VALUE",
    "NPV_FLOOR_ABS",
    "RESOLVE_MAX_NODES",
    "RESOLVE_SAFETY_S",
    "SERIAL_ENV",
    "THREADS_ENV",
    "Resolve",
    "Resolver",
    "ServeStep",
    "check_coefficients",
    "feasible_without",
    "finish",
    "highs_options",
    "new_highs",
    "quiet_linopy",
    "quiet_stdout",
    "run_highs",
    "sanitize",
    "serial",
    "serve_at_floor",
    "serve_most_at_best_npv",
    "set_solution",
    "solver_threads",
]

#: HiGHS reports an absent bound as a value at least this large [-].
_INFINITE = 1e300
#: How far below the optimum :func:`serve_most_at_best_npv` may let a maximised plan's
#: objective fall: 1e-6 model money units = $1 (the plan found is feasible at the
#: optimum exactly, so no relative slack is needed) [model money].
_NPV_FLOOR_ABS = 1e-6
#: Branch-and-bound nodes a :class:`Resolver` re-solve may explore (HiGHS option
#: ``mip_max_nodes``; HiGHS stops with ``kSolutionLimit``). A count of work, not of
#: seconds, so the same plan gets the same re-solve, and so the same sentences, on a
#: busy machine and a quiet one. tigris assumption, set before measuring: the re-solves
#: of the reference plan close at the root node, and 200 nodes keep a harder problem's
#: re-solve to a few seconds [nodes].
RESOLVE_MAX_NODES = 200
#: Wall-clock safety net of one re-solve [s]: only for a re-solve that the node limit
#: does not stop in reasonable time. Hitting it is said in the sentence, with a
#: warning that the figure depends on the machine's speed (:class:`Resolve`).
RESOLVE_SAFETY_S = 10.0
#: HiGHS options of :func:`run_highs`: its RINS and RENS sub-MIP heuristics took about
#: half of HiGHS's time on the reference plan and on generated problems while the tree
#: reached the same optimum without them (35-50 % less HiGHS CPU time on five models,
#: same objectives; ``docs/plan.md``, "Performance").
MIP_OPTIONS: dict[str, Any] = {"mip_heuristic_run_rins": False, "mip_heuristic_run_rens": False}
#: HiGHS options of a :class:`Resolver` re-solve: :data:`MIP_OPTIONS` and no feasibility
#: jump either, as each re-solve starts from a plan that exists (the base plan's modules
#: re-optimised with the extra unit). On the reference plan's four re-solves (2026-12-03,
#: a loaded 2-core machine) this took them from 0.32-0.70 s to 0.12-0.28 s each, with
#: the same four optima. No restart of the root either (``mip_allow_restart``): a
#: re-solve starts from a plan that is optimal or nearly so and only proves its bound,
#: and HiGHS's restarts (after fixing the columns its root search made inactive) took
#: about a third of each re-solve's time on the reference after the timing rule
#: (0.51-0.89 s to 0.36-0.50 s CPU each, 2026-12-03, same savings, bounds and unmet
#: demand; the plan's own solve keeps them: without them it finds another plan of the
#: same objective). Nor HiGHS's root reduced-cost heuristic (a sub-MIP on the columns
#: the root's reduced costs leave free, ``mip_heuristic_run_root_reduced_cost``): with
#: restarts off it was most of what was left, and without it the four re-solves took
#: 0.79-1.03 s of CPU in all instead of 2.04-2.14 s, with the same savings and unmet
#: demand (to 3e-10 of a model unit). The plan's own solve keeps it too (without it,
#: another plan of the same objective). ``tests/test_speed_resolve.py`` checks the same
#: answers.
RESOLVE_OPTIONS: dict[str, Any] = {
    **MIP_OPTIONS,
    "mip_heuristic_run_feasibility_jump": False,
    "mip_allow_restart": False,
    "mip_heuristic_run_root_reduced_cost": False,
}

#: Environment variable fixing the threads of HiGHS's task pool for every solve of
#: this process (HiGHS option ``threads``; unset: :data:`DEFAULT_THREADS`). The worker
#: processes of a local sweep cluster get ``1`` (:mod:`tigris.runs.executor`): one
#: worker per core already runs one solve per core, and HiGHS's extra pool threads
#: only take CPU from the other workers. HiGHS 1.16 keeps one pool per *calling
#: thread* (its executor handle is ``thread_local``, HiGHS
#: ``src/parallel/HighsTaskExecutor.cpp``), sized at that thread's first solve and
#: gone when the thread ends; a later solve on the same thread asking for another
#: non-zero number fails (``kError``, nothing solved), while ``0`` (HiGHS's choice)
#: runs on whatever pool the thread has or starts one of HiGHS's default size.
#: linopy runs each solve in a thread of its own, so a mismatch can only come from
#: the direct highspy solves sharing one thread (the counterfactual, the second step
#: of an ``npv`` plan, the re-solves, the shadow prices): all of them must ask for
#: the same number, hence :func:`new_highs`; and the variable must not change
#: while the process solves.
THREADS_ENV = "TIGRIS_HIGHS_THREADS"
#: HiGHS threads of every solve when :data:`THREADS_ENV` is unset (UT-REPRO #7): with
#: HiGHS's own choice (two on 2 cores, more on larger machines) a degenerate plan took
#: another of its equal-cost allocations (the reference's capex by capital source moved
#: $3.07B in 2026) and risk's JSON differed in its last digits from a run whose workers
#: solve on one thread, so a plan, a sweep member and a risk draw of one scenario did
#: not agree. Measured 2026-12-04 15:38 (2 shared cores, load ~4.2, reference plan
#: --json, 3 runs each, alternated): wall 7.29/5.83/8.95 s default against
#: 5.55/6.03/6.84 s on one thread, its solve_s 1.12/0.97/1.98 against 0.80/0.86/0.79:
#: one thread is no slower here.
DEFAULT_THREADS = 1

#: Environment variable that runs every solve of a plan one after the other in the
#: calling thread (``1``; unset or empty: the default, independent solves overlap on
#: two threads: the world without the investor while the plan's model is built and
#: solved, the explanations' re-solves two at a time). The answer is the same either
#: way (``tests/test_plan_threads.py``); the switch is for that check and for
#: debugging a solve on its own.
SERIAL_ENV = "TIGRIS_SERIAL"


def serial() -> bool:
    """Whether :data:`SERIAL_ENV` asks for one solve at a time (any value but empty
    or ``0``).

    Returns
    -------
    bool
        True when the variable is set to anything but empty or ``0``.

    Examples
    --------
    >>> import os
    >>> os.environ[SERIAL_ENV] = "1"
    >>> serial()
    True
    >>> del os.environ[SERIAL_ENV]
    >>> serial()
    False
    """
    return os.environ.get(SERIAL_ENV, "").strip() not in ("", "0")


#: Largest value of a HiGHS integer option (``HighsInt``, 32 bits): HiGHS ignores a
#: larger ``threads`` silently and keeps its own choice, so it is refused here [-].
_HIGHS_INT_MAX = 2**31 - 1


#: The redirects :func:`quiet_stdout` holds, process-wide: file descriptor -> [number of
#: calls inside, a duplicate of what the descriptor pointed at before the first one].
_QUIET: dict[int, list[int]] = {}
#: Guards :data:`_QUIET` and the ``dup2`` calls (any thread may plan).
_QUIET_LOCK = threading.Lock()


def _stdout_fd() -> int:
    """The file descriptor behind ``sys.stdout`` (1 if it has none)."""
    try:
        return sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return 1


def _flush_c_stdio() -> None:
    """Flush the C library's stdio buffers (``fflush(NULL)``), so that what the solver
    wrote while its output was off is dropped then, not written after the restore."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None).fflush(None)


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Send C-level stdout (the HiGHS banner) to /dev/null, so ``--json`` stays clean.

    Safe from any number of threads at once (two ``tigris.plan`` calls in two threads;
    a plan and its counterfactual in one): the redirect is counted process-wide, the
    first call in points the descriptor at /dev/null and the last call out points it
    back, so overlapping calls cannot undo each other out of order and leave it at
    /dev/null (UT-API #1, 2026-12-04). While any call is inside, everything written to
    that descriptor, from any thread, is dropped: the descriptor belongs to the process.
    A child forked meanwhile starts with the descriptor restored.

    Yields
    ------
    None
        Inside the block, C-level stdout's descriptor writes to /dev/null.
    """
    fd = _stdout_fd()
    with _QUIET_LOCK:
        _hook_fork()
        held = _QUIET.get(fd)
        if held is None:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                sys.stdout.flush()
            saved = _dup_if_open(fd)
            null = os.open(os.devnull, os.O_WRONLY)  # fd itself when fd was closed
            try:
                if null != fd:
                    os.dup2(null, fd)
            except OSError:
                if saved is not None:
                    os.close(saved)
                raise
            finally:
                if null != fd:
                    os.close(null)
            _QUIET[fd] = [1, saved]
        else:
            held[0] += 1
    try:
        yield
    finally:
        with _QUIET_LOCK:
            held = _QUIET[fd]
            held[0] -= 1
            if held[0] == 0:
                del _QUIET[fd]
                with contextlib.suppress(OSError, ValueError, AttributeError):
                    sys.stdout.flush()
                _flush_c_stdio()
                _restore(fd, held[1])


def _dup_if_open(fd: int) -> int | None:
    """A duplicate of ``fd`` to restore it from, or None when ``fd`` is closed (a
    command run with ``>&-``: user test s49 #1, ``os.dup`` raised EBADF and the plan
    ended in a traceback). A closed descriptor is pointed at /dev/null while the solver
    runs all the same, so that no file opened meanwhile takes its number and receives
    the solver's banner, and is closed again after (:func:`_restore`)."""
    try:
        return os.dup(fd)
    except OSError as exc:
        if exc.errno != errno.EBADF:
            raise
        return None


def _restore(fd: int, saved: int | None) -> None:
    """Put ``fd`` back as :func:`_dup_if_open` found it: from ``saved``, or closed."""
    if saved is None:  # closed before: close it again if it is still /dev/null
        try:
            now, null = os.fstat(fd), os.stat(os.devnull)
        except OSError:  # closed already
            return
        if (now.st_dev, now.st_ino) == (null.st_dev, null.st_ino):
            os.close(fd)
        return
    try:
        os.dup2(saved, fd)
    finally:
        os.close(saved)


def _quiet_child_after_fork() -> None:
    """In a forked child: put back every descriptor a thread of the parent had
    redirected (that thread does not exist here to do it), with a fresh lock."""
    global _QUIET_LOCK
    for fd, (_, saved) in list(_QUIET.items()):
        with contextlib.suppress(OSError):
            _restore(fd, saved)
    _QUIET.clear()
    _QUIET_LOCK = threading.Lock()


def _hold_before_fork() -> None:
    _QUIET_LOCK.acquire()


def _release_after_fork() -> None:
    _QUIET_LOCK.release()


#: Whether the fork hooks are registered (on the first :func:`quiet_stdout`, not at
#: import: no import-time side effects).
_FORK_HOOKED: list[bool] = [False]


def _hook_fork() -> None:
    """Register the fork hooks once (called with :data:`_QUIET_LOCK` held)."""
    if _FORK_HOOKED[0] or not hasattr(os, "register_at_fork"):
        return
    os.register_at_fork(
        before=_hold_before_fork,
        after_in_parent=_release_after_fork,
        after_in_child=_quiet_child_after_fork,
    )
    _FORK_HOOKED[0] = True


def run_highs(
    m: linopy.Model,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    mip_abs_gap: float | None = None,
) -> tuple[str, float]:
    """Solve ``m`` with HiGHS through linopy's direct interface.

    Parameters
    ----------
    m : linopy.Model
        The model.
    time_limit_s : float, optional
        Solver time limit [s].
    mip_gap : float, optional
        Relative MIP gap at which to stop [-].
    mip_abs_gap : float, optional
        Absolute MIP gap (incumbent minus dual bound) at which to stop [model money
        units]; HiGHS stops at whichever of the two gaps is reached first.

    Returns
    -------
    status : str
        ``optimal``, ``time_limit``, ``infeasible`` or the solver's termination word.
    runtime_s : float
        HiGHS's own run time [s].
    """
    opts = highs_options(time_limit_s, mip_gap, mip_abs_gap)
    check_coefficients(m)  # before sanitize, which would drop an infinite term's row
    sanitize(m)  # as linopy's own, done here where there is something to do
    with quiet_linopy():
        _, condition = m.solve(
            solver_name="highs",
            io_api="direct",
            sanitize_zeros=False,
            sanitize_infinities=False,
            **opts,
        )
        if str(condition) in _INFEASIBLE and opts.get("presolve") != "off":
            # HiGHS's presolve can call a feasible model infeasible where a row of the
            # timing rule holds with equality at the optimum (REVIEW-TIMING 2026-12-03:
            # a random shrinking-pool world, optimal at 240.6376 with presolve off);
            # an "infeasible" answer is checked once without presolve, as
            # :func:`serve_most_at_best_npv` does for its floor row.
            _, condition = m.solve(
                solver_name="highs",
                io_api="direct",
                sanitize_zeros=False,
                sanitize_infinities=False,
                **{**opts, "presolve": "off"},
            )
    runtime = math.nan
    with contextlib.suppress(Exception):
        runtime = float(m.solver_model.getRunTime())
    return finish(m, str(condition), runtime, time_limit_s)


#: HiGHS's default ``infinite_cost``: an objective coefficient this large or larger is
#: read as infinite, and HiGHS refuses the model (``Cannot minimize with a cost on
#: variable ... of -inf``, status ``unknown``) [model money per unit].
HIGHS_INFINITE_COST = 1e20
#: HiGHS's default ``large_matrix_value``: a constraint coefficient this large or
#: larger is an error for HiGHS [-].
HIGHS_LARGE_MATRIX_VALUE = 1e15


def check_coefficients(m: linopy.Model) -> None:
    """Refuse a model with a coefficient HiGHS cannot take, before solving it.

    An input far beyond any real value (a data overlay's ``electricity_usd_per_mwh:
    1e300``) made an objective coefficient infinite; HiGHS refused the model and the
    plan ended as "no plan (unknown)", with no word of why. This names the first such
    term, largest first: the variable or constraint and its coordinates, so the input
    behind it can be found (its site, facility, year), and the range HiGHS accepts.
    The inputs' own bounds (``tigris.overlay.MAX_CELL``, the scenario schema's) catch
    most such values first, naming the field; this catches what they let through.

    Parameters
    ----------
    m : linopy.Model
        The built model.

    Raises
    ------
    InputError
        ``plan inputs``: an objective coefficient at or above
        :data:`HIGHS_INFINITE_COST` in magnitude, or a constraint coefficient at or
        above :data:`HIGHS_LARGE_MATRIX_VALUE` (infinite included).

    References
    ----------
    HiGHS options ``infinite_cost`` and ``large_matrix_value``
    (https://ergo-code.github.io/HiGHS/dev/options/definitions/).
    """
    from tigris.errors import InputError

    expr = m.objective.expression
    groups = [("cost", "objective", expr, HIGHS_INFINITE_COST, True)]
    groups += [
        ("coefficient", name, con, HIGHS_LARGE_MATRIX_VALUE, False)
        for name, con in m.constraints.data.items()
    ]
    for what, name, item, limit, by_variable in groups:
        coeffs = np.asarray(item.coeffs.values, dtype=float)
        labels = np.asarray(item.vars.values)
        with np.errstate(invalid="ignore"):
            bad = (labels >= 0) & (np.abs(coeffs) >= limit)  # NaN: linopy's empty term
        if not bad.any():
            continue
        flat = np.flatnonzero(bad.ravel())
        worst = int(flat[np.argmax(np.abs(coeffs.ravel()[flat]))])
        var, where = m.variables.get_label_position(int(labels.ravel()[worst]))
        place = ", ".join(f"{k} {_plain(v)}" for k, v in where.items())
        term = f"{var} ({place})" if place else var
        if not by_variable:
            term += f" in constraint {name}"
        msg = (
            f"the model's {what} of {term} is {coeffs.ravel()[worst]:.3g}, beyond what "
            f"HiGHS takes (below {limit:g} in magnitude): an input of that "
            f"{_either(list(where))} is too large (a price, cost or quantity; "
            "data tables and scenarios take numbers up to 1e15)"
        )
        raise InputError(msg, field="plan inputs")


def _either(names: list[str]) -> str:
    """``site, facility or year`` (``term`` for none).

    >>> _either(["site", "facility", "year"]), _either(["year"]), _either([])
    ('site, facility or year', 'year', 'term')
    """
    if not names:
        return "term"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _plain(value: Any) -> str:
    """A coordinate as text (``2030``, not ``np.int64(2030)``)."""
    return str(value.item() if isinstance(value, np.generic) else value)


#: HiGHS termination words (as linopy reports them) that mean no plan exists.
_INFEASIBLE = ("infeasible", "infeasible_or_unbounded")


#: linopy's own threshold for a coefficient it drops before a solve
#: (``linopy.constraints.Constraint.sanitize_zeros``: terms with ``|coeff| <= 1e-10``).
_LINOPY_ZERO = 1e-10


def sanitize(m: linopy.Model) -> None:
    """linopy's ``sanitize_zeros`` and ``sanitize_infinities`` before a solve, called
    only on the rows that have something to sanitize.

    linopy's ``Model.solve`` runs both over every row group (rebuilding each group's
    data even when nothing changes: ~0.25 s on the reference plan, ``docs/plan.md``,
    "Speed of the reference plan"). Here a dense row group's terms with ``|coeff| <=
    1e-10`` (or NaN) get variable label -1 and coefficient NaN with numpy, as linopy's
    ``vars.where(keep, -1)`` and ``coeffs.where(keep)`` give them (without xarray's
    alignment), and a group goes to linopy's ``sanitize_infinities`` only when a
    right-hand side is infinite (without one that method changes nothing). The model
    solved is the same (``tests/test_speed_build.py`` compares the matrices). Groups
    that are not linopy's dense ``Constraint`` (its CSR form) go to linopy's methods as
    before.

    Parameters
    ----------
    m : linopy.Model
        The model about to be solved; its constraints are changed in place.
    """
    from linopy.constraints import Constraint

    for con in m.constraints.data.values():
        if not isinstance(con, Constraint):
            con.sanitize_zeros()
            con.sanitize_infinities()
            continue
        coeffs, labels = con.data["coeffs"], con.data["vars"]
        keep = np.abs(np.asarray(coeffs.values)) > _LINOPY_ZERO  # NaN compares False
        if not keep.all():  # linopy's vars.where(keep, -1) and coeffs.where(keep)
            con._update_data(
                vars=labels.copy(data=np.where(keep, labels.values, -1)),
                coeffs=coeffs.copy(data=np.where(keep, coeffs.values, np.nan)),
            )
        rhs = np.asarray(con.data["rhs"].values, dtype=float)
        if np.any(np.isinf(rhs)):  # linopy's test (by sign) on these alone
            con.sanitize_infinities()


def highs_options(
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    mip_abs_gap: float | None = None,
) -> dict[str, Any]:
    """HiGHS options of :func:`run_highs`: quiet, :data:`MIP_OPTIONS`, the limits.

    Parameters
    ----------
    time_limit_s : float or None, optional
        Wall-clock limit of a solve [s]; None for none.
    mip_gap : float or None, optional
        Relative MIP gap to stop at, a fraction; None for HiGHS's default.
    mip_abs_gap : float or None, optional
        Absolute MIP gap to stop at, in the objective's units; None for HiGHS's default.

    Returns
    -------
    dict of str to Any
        HiGHS option names to values (``threads`` when :func:`solver_threads` sets one).
    """
    opts: dict[str, Any] = {"output_flag": False, "log_to_console": False, **MIP_OPTIONS}
    threads = solver_threads()
    if threads is not None:
        opts["threads"] = threads
    if time_limit_s is not None:
        opts["time_limit"] = float(time_limit_s)
    if mip_gap is not None:
        opts["mip_rel_gap"] = float(mip_gap)
    if mip_abs_gap is not None:
        opts["mip_abs_gap"] = float(mip_abs_gap)
    return opts


def solver_threads() -> int | None:
    """HiGHS's thread count from :data:`THREADS_ENV`, or :data:`DEFAULT_THREADS` when it
    is unset or empty (never None since 2026-12-04; the type stays for callers).

    Returns
    -------
    int or None
        Threads of HiGHS's task pool (>= 1) [-].

    Raises
    ------
    InputError
        The variable is set to something other than a whole number from 1 to
        HiGHS's largest option value, 2**31 - 1 (field
        ``TIGRIS_HIGHS_THREADS``).

    Examples
    --------
    >>> import os
    >>> os.environ[THREADS_ENV] = "1"
    >>> solver_threads()
    1
    >>> os.environ[THREADS_ENV] = "two"
    >>> solver_threads()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: TIGRIS_HIGHS_THREADS: expected a whole number of threads from 1 to ...
    >>> del os.environ[THREADS_ENV]
    >>> solver_threads() == DEFAULT_THREADS == 1
    True
    """
    text = os.environ.get(THREADS_ENV, "").strip()
    if not text:
        return DEFAULT_THREADS
    try:
        threads = int(text)
    except ValueError:
        threads = 0
    if not 1 <= threads <= _HIGHS_INT_MAX:
        from tigris.errors import InputError

        raise InputError(
            f"expected a whole number of threads from 1 to {_HIGHS_INT_MAX}, got {text[:20]!r}",
            field=THREADS_ENV,
        )
    return threads


def new_highs() -> Any:
    """A quiet HiGHS instance (``highspy.Highs``) with this process's thread setting.

    Every HiGHS instance tigris solves with must come from here or take its options
    from :func:`highs_options`, so that all the solves of one thread ask for the same
    threads (:data:`THREADS_ENV`): HiGHS sizes a thread's task pool at its first solve
    and refuses a later solve there that asks for a different number. An instance left
    at HiGHS's default (``threads`` 0) that solves first on a thread starts a pool of
    HiGHS's default size there (one thread more on 2 cores), and every later solve of
    that thread from here then fails while :data:`THREADS_ENV` is ``1``.

    Returns
    -------
    highspy.Highs
        A new instance with ``output_flag`` off and ``threads`` set when
        :data:`THREADS_ENV` is.
    """
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    threads = solver_threads()
    if threads is not None:
        h.setOptionValue("threads", threads)
    return h


@contextlib.contextmanager
def quiet_linopy() -> Iterator[None]:
    """linopy and HiGHS without output while a model is solved.

    linopy warns (and logs "Optimization potentially failed" with a status dump) when
    HiGHS stops early (time limit, infeasible); that outcome is reported on the result
    instead, in words.

    Yields
    ------
    None
        Inside the block, linopy logs only errors, its ``UserWarning`` is ignored and
        stdout is quiet (:func:`quiet_stdout`).
    """
    log = logging.getLogger("linopy")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with quiet_stdout(), warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield
    finally:
        log.setLevel(level)


def finish(
    m: linopy.Model, condition: str, runtime: float, time_limit_s: float | None = None
) -> tuple[str, float]:
    """The status word of a solved ``m`` (infeasible-or-unbounded reads infeasible),
    and for a maximised plan the second step :func:`serve_most_at_best_npv` (its
    seconds added to ``runtime``).

    Parameters
    ----------
    m : linopy.Model
        The solved model.
    condition : str
        linopy's termination condition of the solve.
    runtime : float
        Seconds the solve took [s].
    time_limit_s : float or None, optional
        Wall-clock limit of the second step [s]; None for none.

    Returns
    -------
    tuple of (str, float)
        The status word and the seconds of the solve and its second step [s].
    """
    if condition in ("infeasible_or_unbounded", "infeasible"):
        condition = "infeasible"
    if condition in ("optimal", "time_limit") and _maximised(m) and "unmet" in m.variables:
        runtime += serve_most_at_best_npv(m, time_limit_s)
    return condition, runtime


def _maximised(m: linopy.Model) -> bool:
    return "max" in str(getattr(m, "sense", "min")).lower()


def serve_most_at_best_npv(m: linopy.Model, time_limit_s: float | None = None) -> float:
    """Among the plans of a solved ``npv`` model with its NPV, the one that serves most.

    The ``npv`` objective does not price unmet demand, so where the investor sells
    nothing (before its modules produce, or in a facility type it has none of) the
    production it does not sell is a tie: HiGHS may report no compute served at all.
    This second, lexicographic step (Ehrgott, *Multicriteria Optimization*, 2nd ed.,
    2005, §5.1) keeps the integer decisions (modules, merit order) of the plan found,
    holds its objective to the optimum (within :data:`_NPV_FLOOR_ABS`) and minimises
    the unmet demand (all classes and years alike, a linear program on a copy of the
    HiGHS model); the result replaces the variables' solution in ``m``. The objective
    value and ``m.solver_model`` (the first solve, for :class:`Resolver`) are
    unchanged. Skipped (``m`` untouched) when the re-solve does not reach an optimum.

    Parameters
    ----------
    m : linopy.Model
        A maximised model solved by :func:`run_highs`, with a variable ``unmet``.
    time_limit_s : float, optional
        Time limit of the linear program [s].

    Returns
    -------
    float
        HiGHS's run time of the second step [s].
    """
    import highspy

    h = m.solver_model
    lp = h.getLp()
    x0 = np.asarray(h.getSolution().col_value, dtype=float)
    cost = np.asarray(lp.col_cost_, dtype=float)
    z0 = float(cost @ x0)  # without the offset: the row below has none
    h2 = new_highs()
    if time_limit_s is not None:
        h2.setOptionValue("time_limit", float(time_limit_s))
    h2.passModel(lp)
    integer = np.asarray(
        [j for j, v in enumerate(lp.integrality_ or []) if str(v).endswith("kInteger")],
        dtype=np.int32,
    )
    if len(integer):
        at = np.round(x0[integer])
        h2.changeColsBounds(len(integer), integer, at, at)
        cont = np.full(len(integer), highspy.HighsVarType.kContinuous)
        h2.changeColsIntegrality(len(integer), integer, cont)
    nz = np.nonzero(cost)[0].astype(np.int32)
    floor = z0 - _NPV_FLOOR_ABS
    h2.addRow(floor, highspy.kHighsInf, len(nz), nz, cost[nz])
    vlabels = np.asarray(m.matrices.vlabels)
    unmet = np.asarray(m.variables["unmet"].labels.values, dtype=np.int64).ravel()
    pos = np.minimum(np.searchsorted(vlabels, unmet), len(vlabels) - 1)
    cols = np.arange(lp.num_col_, dtype=np.int32)
    weight = np.zeros(lp.num_col_)
    weight[pos[vlabels[pos] == unmet]] = 1.0
    h2.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h2.changeObjectiveOffset(0.0)
    h2.changeColsCost(len(cols), cols, weight)
    h2.run()
    seconds = float(h2.getRunTime())
    if h2.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return seconds
    set_solution(m, vlabels, np.asarray(h2.getSolution().col_value, dtype=float))
    return seconds


#: How far below the plan found :func:`serve_at_floor` may let the investor's NPV fall,
#: at least: 1e-6 model money units = $1 [model money]. The step allows HiGHS's
#: ``primal_feasibility_tolerance`` times the NPV row's terms, ``Σ_j |c_j x_j|``, if
#: that is more: HiGHS's presolve treats a row within its tolerances as tight, and a
#: floor $1 below the optimum was called infeasible on the reference at discount 0.04
#: (NPV $8.21B, row terms $45.8B; with the plan found as the start, that plan was kept
#: as "optimal", a tie serving 767.7M H100e where the same modules and NPV serve
#: 1,140.5M, so the investor "added" -333.9M).
NPV_FLOOR_ABS = 1e-6


@dataclass(frozen=True)
class ServeStep:
    """What the second, lexicographic step of an ``npv`` plan minimises, by column.

    Built by :func:`tigris.plan.solve.serve_step_of` from the planning model and its
    problem; used by :func:`serve_at_floor` for the plan (``serve_at_best_npv``) and
    for each :class:`Resolver` re-solve, so both are served the same way.

    Attributes
    ----------
    weight : numpy.ndarray
        (columns,) the ``serve`` objective's coefficient of each HiGHS column
        (:func:`tigris.plan.model.serve_objective`: variable cost plus the discounted,
        priority-weighted unmet penalty) [model money per model unit].
    free : numpy.ndarray
        Integer columns the step leaves free (the merit order's ``merit`` and rule
        1's variables: they follow production); every other integer column is held
        at the plan's value.
    """

    weight: np.ndarray
    free: np.ndarray


def serve_at_floor(
    lp: Any,
    x0: np.ndarray,
    step: ServeStep,
    x_start: np.ndarray | None = None,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    options: Mapping[str, Any] | None = None,
) -> tuple[str, float, np.ndarray | None]:
    """Among the plans of the maximised HiGHS model ``lp`` with the modules of ``x0``
    and at least its objective, one at least cost in ``step.weight``.

    The lexicographic step (Ehrgott, *Multicriteria Optimization*, 2nd ed., 2005,
    §5.1) of :func:`tigris.plan.solve.serve_at_best_npv`: every integer column but
    ``step.free`` is held at its value in ``x0``, a row holds ``c · x ≥ c · x0 − s``
    (``c`` the objective's costs, no offset; ``s`` = :data:`NPV_FLOOR_ABS` or HiGHS's
    primal feasibility tolerance times ``Σ_j |c_j x0_j|``, whichever is more), and
    ``step.weight · x`` is minimised. ``x_start`` (default ``x0``; ``x0`` when its
    objective is below the floor) starts the solve; an "infeasible" answer (the start
    is feasible) is retried once without presolve; a result that costs more than the
    start is not taken (the start is returned).

    Parameters
    ----------
    lp : highspy.HighsLp
        The maximised model, with any right-hand sides already changed.
    x0 : numpy.ndarray
        Its solution: modules and objective to keep [model units].
    step : ServeStep
        What to minimise and which integer columns stay free.
    x_start : numpy.ndarray, optional
        A solution with ``x0``'s modules at ``x0``'s objective to start from.
    time_limit_s, mip_gap : float, optional
        HiGHS's time limit [s] and relative MIP gap [-] of the step.
    options : mapping, optional
        Further HiGHS options (a re-solve's node limit).

    Returns
    -------
    status : str
        HiGHS's outcome (``optimal``, ``time_limit``…).
    seconds : float
        HiGHS's run time of the step [s].
    x : numpy.ndarray or None
        The step's solution, or None when HiGHS ended without a feasible one.
    """
    import highspy

    from tigris.plan.counterfactual import highs_status_word

    x0 = np.asarray(x0, dtype=float)
    cost = np.asarray(lp.col_cost_, dtype=float)
    z0 = float(cost @ x0)  # without the offset: the row below has none
    h2 = new_highs()
    if time_limit_s is not None:
        h2.setOptionValue("time_limit", float(time_limit_s))
    if mip_gap is not None:
        h2.setOptionValue("mip_rel_gap", float(mip_gap))
    for key, value in (options or {}).items():
        h2.setOptionValue(key, value)
    h2.passModel(lp)
    integer = np.asarray(
        [j for j, v in enumerate(lp.integrality_ or []) if str(v).endswith("kInteger")],
        dtype=np.int32,
    )
    integer = np.setdiff1d(integer, np.asarray(step.free, dtype=np.int32)).astype(np.int32)
    if len(integer):
        at = np.round(x0[integer])
        h2.changeColsBounds(len(integer), integer, at, at)
        cont = np.full(len(integer), highspy.HighsVarType.kContinuous)
        h2.changeColsIntegrality(len(integer), integer, cont)
    start_x = x0 if x_start is None else np.asarray(x_start, dtype=float)
    if cost @ start_x < z0 - NPV_FLOOR_ABS:  # not at the plan's NPV: start from the plan
        start_x = x0
    nz = np.nonzero(cost)[0].astype(np.int32)
    tol = h2.getOptionValue("primal_feasibility_tolerance")
    tol = float(tol[1] if isinstance(tol, tuple) else tol)  # highspy >= 1.8: (status, value)
    slack = max(NPV_FLOOR_ABS, tol * float(np.abs(cost * x0).sum()))
    h2.addRow(z0 - slack, highspy.kHighsInf, len(nz), nz, cost[nz])
    cols = np.arange(lp.num_col_, dtype=np.int32)
    weight = np.asarray(step.weight, dtype=float)
    h2.changeObjectiveSense(highspy.ObjSense.kMinimize)
    h2.changeObjectiveOffset(0.0)
    h2.changeColsCost(len(cols), cols, weight)
    start = highspy.HighsSolution()
    start.col_value = list(start_x)
    start.value_valid = True
    with contextlib.suppress(Exception):
        h2.setSolution(start)
    ran = h2.run()
    seconds = float(h2.getRunTime())
    status = highs_status_word(ran, h2.getModelStatus())
    if status == "infeasible":  # the start is feasible: a presolve artefact; once without
        h2.setOptionValue("presolve", "off")
        with contextlib.suppress(Exception):
            h2.setSolution(start)
        ran = h2.run()
        seconds += float(h2.getRunTime())
        status = highs_status_word(ran, h2.getModelStatus())
    if not h2.getSolution().value_valid or h2.getInfo().primal_solution_status < 2:
        return status, seconds, None
    x = np.asarray(h2.getSolution().col_value, dtype=float)
    if weight @ x > weight @ start_x:  # a lexicographic step never serves worse
        x = start_x
    return status, seconds, x


def set_solution(m: linopy.Model, vlabels: np.ndarray, x: np.ndarray) -> None:
    """Write a HiGHS column solution ``x`` back into ``m``'s variables.

    ``vlabels`` are linopy's variable labels in HiGHS's column order
    (``m.matrices.vlabels``); a variable entry without a column (masked, label −1, or
    dropped from the matrix) keeps its current value.

    Parameters
    ----------
    m : linopy.Model
        The model whose variables' ``solution`` is set.
    vlabels : numpy.ndarray
        linopy's variable labels in HiGHS's column order, sorted.
    x : numpy.ndarray
        HiGHS's column values, in the same order.
    """
    for _, var in m.variables.items():
        lab = np.asarray(var.labels.values, dtype=np.int64)
        at = np.minimum(np.searchsorted(vlabels, np.maximum(lab, 0)), len(vlabels) - 1)
        ok = (lab >= 0) & (vlabels[at] == lab)
        old = np.asarray(var.solution.values, dtype=float)
        var.solution = xr.DataArray(np.where(ok, x[at], old), var.labels.coords)


@dataclass(frozen=True)
class Resolve:
    """Outcome of one re-solve of the base problem with some right-hand sides raised.

    Savings are against the plan shown (the base solution, objective ``z0``), in the
    model's objective units: ``saving_found = z0 − z1`` where ``z1`` is the best plan the
    re-solve found (a plan that exists, so the saving is at least this), and
    ``saving_max = z0 − b1`` where ``b1`` is the re-solve's proven lower bound (no plan
    with the extra unit saves more). When the re-solve is optimal the two agree to its
    MIP gap. For a maximised objective (``npv``) a saving is a gain: ``z1 − z0`` and
    ``b1 − z0`` with ``b1`` the proven upper bound; both are ≥ 0 either way.

    Attributes
    ----------
    status : str
        ``optimal``; ``node_limit`` (stopped at :data:`RESOLVE_MAX_NODES`, a count of
        work: the same every run); ``time_limit`` (stopped by the wall-clock safety net
        :data:`RESOLVE_SAFETY_S`: the bounds then depend on the machine's speed and load);
        another stop; or ``failed``.
    saving_found, saving_max : float
        Bounds on the saving [model money units]; NaN when ``failed``.
    values : dict of str to numpy.ndarray
        Re-solved values of the variables asked for, by name, in the variable's own
        shape [model units].
    seconds : float
        Wall time of the re-solve [s].
    served_step : str
        For an ``npv`` re-solve (a :class:`Resolver` given a :class:`ServeStep`): the
        outcome of its second step (:func:`serve_at_floor`), ``optimal`` when
        ``values`` are those of the plan that serves at least cost among the
        re-solve's plans at its NPV, as the plan shown is; otherwise ``values`` is
        empty (what the re-solve serves would be a tie the NPV does not break, user
        test #17). Empty without a step.
    """

    status: str
    saving_found: float
    saving_max: float
    values: Mapping[str, np.ndarray]
    seconds: float
    served_step: str = ""

    @property
    def exact(self) -> bool:
        """Whether both solves were optimal, so the saving is known (to the MIP gap)."""
        return self.status == "optimal"


class Resolver:
    """Re-solve a solved linopy model with some constraint right-hand sides changed.

    The base model must have been solved by :func:`run_highs` (so linopy holds the HiGHS
    model it built). Each :meth:`resolve` copies that HiGHS model, raises the upper
    bounds of the rows asked for, passes the base solution as a starting incumbent (it
    stays feasible, since only limits are loosened) and solves the mixed-integer program
    again under a time limit. The saving is the difference of objective values, with
    the bounds both solvers prove (Wolsey, *Integer Programming*, 2nd ed., §2.1 on
    primal and dual bounds). Before the mixed-integer re-solve, the base plan's modules
    are held fixed and the rest re-optimised with the extra unit (an LP): that plan
    exists, so its saving is proven at once, and it starts the MIP.

    Re-solves may run in several threads at once: each has its own HiGHS copy, with
    HiGHS's output off. (The caller silences C-level stdout once around them, if it
    must: :func:`quiet_stdout` swaps a process-wide file descriptor, counted so that
    overlapping calls are safe, but cheaper once than per thread.)

    Parameters
    ----------
    m : linopy.Model
        The solved base model.
    time_limit_s : float
        Wall-clock safety net of each re-solve [s] (at least :data:`RESOLVE_SAFETY_S`:
        a smaller value, such as a base solve's own time, is raised to it, so that what
        is printed does not depend on how fast the machine was). What stops a re-solve
        in the normal course is ``max_nodes``.
    mip_gap : float, optional
        Relative MIP gap for the re-solves [-]; default the base's.
    max_nodes : int, optional
        Branch-and-bound nodes of each re-solve (HiGHS ``mip_max_nodes``) [nodes].
    step : ServeStep, optional
        The second step of an ``npv`` plan (:func:`tigris.plan.solve.serve_step_of`):
        each re-solve then takes it too (:func:`serve_at_floor` on the re-solved
        model, at the re-solve's modules and NPV, under the same node limit), and the
        values returned are that step's. The ``npv`` objective prices no compute
        served, so without it what a re-solve serves is whatever tie HiGHS stops at:
        on the reference, one more MW "served 308.3M H100e fewer" (user test #17),
        while the plan shown is served by this step.
    """

    def __init__(
        self,
        m: linopy.Model,
        time_limit_s: float,
        mip_gap: float | None = None,
        max_nodes: int = RESOLVE_MAX_NODES,
        step: ServeStep | None = None,
    ) -> None:
        self._m = m
        self._step = step
        h = m.solver_model
        self._lp = h.getLp()
        info = h.getInfo()
        self._z0 = float(info.objective_function_value)
        #: +1 for a minimised objective, −1 for a maximised one: savings are
        #: ``sign · (z0 − z1)``.
        self._sign = -1.0 if "max" in str(getattr(m, "sense", "min")).lower() else 1.0
        self._x0 = list(h.getSolution().col_value)
        integer = [
            j for j, v in enumerate(self._lp.integrality_ or []) if str(v).endswith("kInteger")
        ]
        self._lp_only = not integer
        self._lp_fixed = self._lp
        if integer:
            import highspy

            fixed = new_highs()
            fixed.passModel(self._lp)
            idx = np.asarray(integer, dtype=np.int32)
            at = np.round(np.asarray(self._x0, dtype=float)[idx])
            fixed.changeColsBounds(len(idx), idx, at, at)
            fixed.changeColsIntegrality(
                len(idx), idx, np.full(len(idx), highspy.HighsVarType.kContinuous)
            )
            self._lp_fixed = fixed.getLp()
        self._clabels = np.asarray(m.matrices.clabels)
        self._vlabels = np.asarray(m.matrices.vlabels)
        self._time_limit = max(float(time_limit_s), RESOLVE_SAFETY_S)
        self._max_nodes = int(max_nodes)
        self._gap = mip_gap
        opt = h.getOptionValue("mip_rel_gap")
        base_gap = float(opt[-1] if isinstance(opt, tuple) else opt)
        self._rel_gap = float(mip_gap) if mip_gap is not None else base_gap
        #: Wall time spent in re-solves so far [s], and how many were run.
        self.seconds = 0.0
        self.count = 0
        self._lock = threading.Lock()

    @property
    def objective(self) -> float:
        """Objective of the plan shown [model money units]."""
        return self._z0

    @property
    def gap(self) -> float:
        """Relative MIP gap of the solves, base and re-solves [-] (0 for an LP)."""
        return 0.0 if self._lp_only else self._rel_gap

    @property
    def time_limit_s(self) -> float:
        """Wall-clock safety net of each re-solve [s]."""
        return self._time_limit

    @property
    def max_nodes(self) -> int:
        """Branch-and-bound node limit of each re-solve [nodes]."""
        return self._max_nodes

    def _rows(self, name: str, sel: Mapping[str, Any]) -> np.ndarray:
        lab = self._m.constraints[name].labels
        if sel:
            lab = lab.sel(dict(sel))
        flat = np.asarray(lab.values, dtype=np.int64).ravel()
        flat = flat[flat >= 0]
        if not len(flat) or not len(self._clabels):
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self._clabels, flat), len(self._clabels) - 1)
        return pos[self._clabels[pos] == flat]

    def _loosen(
        self,
        h: Any,
        changes: list[tuple[str, Mapping[str, Any], float]],
        in_step: bool = True,
    ) -> None:
        lower, upper = self._lp.row_lower_, self._lp.row_upper_
        for name, sel, delta in changes:
            if name not in self._m.constraints:
                continue
            for r in self._rows(name, sel):
                lo, up = float(lower[r]), float(upper[r])
                if up >= _INFINITE:  # a ``>=`` row is loosened by lowering its bound
                    h.changeRowBounds(int(r), lo - float(delta), up)
                else:
                    h.changeRowBounds(int(r), lo, up + float(delta))
            if in_step:
                self._rule_in_step(h, name, sel, float(delta))

    def _coeff(self, row: int, col: int) -> float:
        """Coefficient of column ``col`` in row ``row`` of the base HiGHS model."""
        a = self._lp.a_matrix_
        if a.format_ != type(a.format_).kColwise:  # pragma: no cover - HiGHS gives colwise
            raise ValueError("re-solve: the base model's matrix is not column-wise")
        lo, hi = int(a.start_[col]), int(a.start_[col + 1])
        hit = np.nonzero(np.asarray(a.index_[lo:hi]) == row)[0]
        return float(np.asarray(a.value_[lo:hi])[hit[0]]) if len(hit) else 0.0

    def _rule_in_step(self, h: Any, name: str, sel: Mapping[str, Any], delta: float) -> None:
        """Keep rule 1 of the timing section (:func:`tigris.plan.timing.
        add_no_withholding`) about the loosened row: a row raised by ``delta`` is "full"
        (or "tight") at its new right-hand side, and its slack bound M grows by
        ``delta``. ``fill-pool`` (``pool_lhs + M z ≥ b``) becomes ``pool_lhs + (M + Δ) z
        ≥ b + Δ`` with Δ the year's pool rows raised; ``fill-<row>`` (``lhs − M · tight
        ≥ b − M``) gets ``−(M + δ)`` on its ``tight`` column, the same lower bound.
        Without this a re-solve's extra MW could stand idle while demand waits (the
        rule then read the old pool as full), and the saving claimed was that of a
        plan the rule forbids (hand problem: $150M instead of $120M,
        ``tests/test_speed_resolve.py``). The rule's fixings by reach (``met`` and a
        wafer row's ``tight`` held at 0 where the whole pool could not meet demand or
        fill the row) hold for the base pool only: in a year where the raise could
        move one (more than :func:`tigris.plan.timing.pool_headroom`), ``fill-pool``
        keeps the base pool as "full", as before (a filled raised pool could then be
        infeasible: logic that binds only above the base pool) (``docs/plan.md``,
        "Speed of the nested worlds")."""
        from tigris.plan.timing import (
            POOL_ROW,
            RULE_TIGHT_PREFIX,
            RULE_VARIABLES,
            pool_headroom,
        )

        m = self._m
        sel = {d: (v if isinstance(v, list | tuple | np.ndarray) else [v]) for d, v in sel.items()}
        self._later_in_step(h, name, sel, delta)
        if name == POOL_ROW and "fill-pool" in m.constraints:
            lab = m.constraints[name].labels.sel(sel)
            per_year = (lab >= 0).sum([d for d in lab.dims if d != "year"])
            z = m.variables[RULE_VARIABLES[0]].labels
            room = pool_headroom(m)
            t_of = {int(y): t for t, y in enumerate(z["year"].values)}
            for y, n in zip(per_year["year"].values, per_year.values, strict=True):
                rows = self._rows("fill-pool", {"year": [y]})
                if not n or not len(rows):
                    continue
                if room is not None and not float(n) * delta <= room[t_of[int(y)]]:
                    continue  # a fixing could move: the base pool stays "full" there
                col = self._column(int(z.sel(year=y)))
                if col < 0:
                    continue
                r, add = int(rows[0]), float(n) * delta
                h.changeCoeff(r, col, self._coeff(r, col) + add)
                lo, up = float(self._lp.row_lower_[r]), float(self._lp.row_upper_[r])
                h.changeRowBounds(r, lo + add, up)
            return
        twin, tight = f"fill-{name}", f"{RULE_TIGHT_PREFIX}{name}"
        if twin not in m.constraints or tight not in m.variables:
            return
        lab = m.constraints[name].labels.sel(sel)
        dims = list(lab.dims)
        fill = np.asarray(m.constraints[twin].labels.sel(sel).transpose(*dims).values).ravel()
        var = np.asarray(m.variables[tight].labels.sel(sel).transpose(*dims).values).ravel()
        self._lower_coeffs(h, fill, var, delta)

    def _later_in_step(self, h: Any, name: str, sel: Mapping[str, Any], delta: float) -> None:
        """Keep rule 1's shrinking-pool excuse (:func:`tigris.plan.timing._add_later_rows`)
        about a raised pool or placed region row: ``fill-later-<name>`` (``lhs[τ | ≤ t]
        − M · later ≥ rhs_τ − M``) of every year t whose later year τ is a raised row
        gets ``−(M + δ)`` on its ``later`` column, the same lower bound, so ``later = 1``
        asks the fleet delivered up to t to fill the raised row (``rhs_τ + δ``) and M
        stays its slack bound (``docs/plan.md``, "Shrinking pools", *Big-M*). ``sel``
        (lists) names the raised rows by the row's dims; its ``year`` is ``later``
        there."""
        from tigris.plan.timing import RULE_LATER_PREFIX

        m = self._m
        twin, var = f"fill-{RULE_LATER_PREFIX}{name}", f"{RULE_LATER_PREFIX}{name}"
        if twin not in m.constraints or var not in m.variables:
            return
        at = {("later" if d == "year" else d): v for d, v in sel.items()}
        rows = m.constraints[twin].labels.sel(at)
        fill = np.asarray(rows.values).ravel()
        cols = np.asarray(m.variables[var].labels.sel(at).transpose(*rows.dims).values).ravel()
        self._lower_coeffs(h, fill, cols, delta)

    def _lower_coeffs(self, h: Any, rows: np.ndarray, cols: np.ndarray, delta: float) -> None:
        """Lower the coefficient of each column label ``cols[i]`` in the row of constraint
        label ``rows[i]`` by ``delta`` in the HiGHS model ``h`` (a pair with a label < 0,
        or absent from the model, is skipped): a big-M row's ``M`` raised with its row."""
        for lf, lv in zip(rows, cols, strict=True):
            if lf < 0 or lv < 0:
                continue
            pos, col = self._rows_of(np.array([lf])), self._column(int(lv))
            if not len(pos) or col < 0:
                continue
            r = int(pos[0])
            h.changeCoeff(r, col, self._coeff(r, col) - delta)

    def _rows_of(self, flat: np.ndarray) -> np.ndarray:
        """Positions in the HiGHS model of constraint labels ``flat`` (absent ones dropped)."""
        if not len(flat) or not len(self._clabels):
            return np.zeros(0, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self._clabels, flat), len(self._clabels) - 1)
        return pos[self._clabels[pos] == flat]

    def _column(self, label: int) -> int:
        """Position in the HiGHS model of variable label ``label`` (−1 if absent)."""
        if label < 0 or not len(self._vlabels):
            return -1
        pos = int(min(np.searchsorted(self._vlabels, label), len(self._vlabels) - 1))
        return pos if self._vlabels[pos] == label else -1

    def _fixed_builds(
        self, changes: list[tuple[str, Mapping[str, Any], float]], in_step: bool = True
    ) -> tuple[float, list[float]]:
        """Objective and solution with the integer variables held at the base plan's
        values and the rest re-optimised (an LP); ``(inf, base)`` if it fails."""
        import highspy

        if self._lp_only:
            return math.inf, self._x0
        h = new_highs()
        h.setOptionValue("time_limit", self._time_limit)
        h.passModel(self._lp_fixed)
        self._loosen(h, changes, in_step)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return math.inf, self._x0
        return float(h.getInfo().objective_function_value), list(h.getSolution().col_value)

    def _columns(self, name: str) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
        lab = np.asarray(self._m.variables[name].labels.values, dtype=np.int64)
        flat = lab.ravel()
        pos = np.searchsorted(self._vlabels, np.maximum(flat, 0))
        pos = np.minimum(pos, len(self._vlabels) - 1)
        ok = (flat >= 0) & (self._vlabels[pos] == flat)
        return pos, ok, lab.shape

    def _attempt(
        self, changes: list[tuple[str, Mapping[str, Any], float]], in_step: bool
    ) -> tuple[Any, float, list[float]]:
        """One mixed-integer re-solve (:meth:`resolve`): the HiGHS object after its run,
        the fixed-builds LP's objective (``inf`` if none) and its solution."""
        import highspy

        h = new_highs()
        h.setOptionValue("time_limit", self._time_limit)
        h.setOptionValue("mip_max_nodes", self._max_nodes)
        for key, value in RESOLVE_OPTIONS.items():
            h.setOptionValue(key, value)
        if self._gap is not None:
            h.setOptionValue("mip_rel_gap", float(self._gap))
        h.passModel(self._lp)
        self._loosen(h, changes, in_step)
        # first the same modules with the extra unit (an LP, quick): a plan that exists,
        # and the start the mixed-integer re-solve improves on
        z_fix, x_start = self._fixed_builds(changes, in_step)
        start = highspy.HighsSolution()
        start.col_value = x_start
        start.value_valid = True
        with contextlib.suppress(Exception):
            h.setSolution(start)
        h.run()
        return h, z_fix, x_start

    def resolve(
        self,
        changes: list[tuple[str, Mapping[str, Any], float]],
        variables: tuple[str, ...] = (),
    ) -> Resolve:
        """Re-solve with ``rhs += delta`` on the selected rows of each named constraint.

        Parameters
        ----------
        changes : list of (str, dict, float)
            Constraint name, a ``.sel`` selection of its rows, and the amount to raise
            their upper bound by [model units]; a ``>=`` row (no upper bound) is
            loosened by lowering its lower bound by that amount.
        variables : tuple of str
            Variables whose re-solved values to return.

        Returns
        -------
        Resolve
        """
        import highspy

        t0 = time.perf_counter()
        h, z_fix, x_fix = self._attempt(changes, True)
        if h.getModelStatus() == highspy.HighsModelStatus.kInfeasible:
            # rule 1 in step with a raise of one year's row can ask for more fleet than
            # the next year's row holds (a pool that shrinks the year after the raise):
            # then the base pool stays "full", as before (docs/plan.md, "Speed of the
            # nested worlds")
            h, z_fix, x_fix = self._attempt(changes, False)
        status = h.modelStatusToString(h.getModelStatus()).lower()
        info = h.getInfo()
        sign = self._sign  # work with costs: sign · objective, minimised
        z1 = float(info.objective_function_value)
        col: np.ndarray | None = None
        if not self._lp_only and math.isfinite(z_fix) and not sign * z1 <= sign * z_fix:
            z1 = z_fix  # the MIP stopped before reaching its own start: that plan
            col = np.asarray(x_fix, dtype=float)
        b1 = float(getattr(info, "mip_dual_bound", math.nan))
        if self._lp_only or not math.isfinite(b1) or abs(b1) >= _INFINITE:
            # an LP reports no MIP bound: at its optimum the objective is the bound
            b1 = z1 if status == "optimal" else -sign * math.inf
        values: dict[str, np.ndarray] = {}
        ok_solution = math.isfinite(z1) and "infeasible" not in status
        served_step = ""
        if ok_solution:
            if col is None:
                col = np.asarray(h.getSolution().col_value, dtype=float)
            if self._step is not None:
                served_step, col = self._serve(h, col)
            for v in variables if col is not None else ():
                pos, ok, shape = self._columns(v)
                values[v] = np.where(ok, col[pos], 0.0).reshape(shape)
        word = _stop_word(h.getModelStatus(), status)
        if not ok_solution:
            word, low, high = "failed", math.nan, math.nan
        else:
            c0, c1 = sign * self._z0, sign * z1
            low, high = c0 - min(c1, c0), c0 - sign * b1
        seconds = time.perf_counter() - t0
        with self._lock:
            self.seconds += seconds
            self.count += 1
        return Resolve(word, low, high, values, seconds, served_step)

    def _serve(self, h: Any, col: np.ndarray) -> tuple[str, np.ndarray | None]:
        """The ``npv`` plan's second step on a re-solve (:func:`serve_at_floor` on the
        re-solved HiGHS model ``h``, from its solution ``col``): its status, and its
        solution when optimal (else None: no values are returned)."""
        options = {"mip_max_nodes": self._max_nodes, **RESOLVE_OPTIONS}
        status, _, x = serve_at_floor(
            h.getLp(), col, self._step, None, self._time_limit, self._gap, options
        )
        return status, (x if status == "optimal" and x is not None else None)


def _stop_word(model_status: Any, text: str) -> str:
    """The re-solve's outcome in one word: ``optimal``, ``node_limit`` (HiGHS's
    ``kSolutionLimit``, which a re-solve reaches only by ``mip_max_nodes``: it sets no
    other solution or leaf limit), ``time_limit`` or HiGHS's own words."""
    import highspy

    status = highspy.HighsModelStatus
    if model_status == status.kOptimal:
        return "optimal"
    if model_status == status.kSolutionLimit:
        return "node_limit"
    if model_status == status.kTimeLimit:
        return "time_limit"
    return text


def feasible_without(m: linopy.Model, groups: list[list[str]]) -> list[bool | None]:
    """Whether the LP relaxation of ``m`` is feasible with each group of constraints dropped.

    The deletion filter of Chinneck (*Feasibility and Infeasibility in Optimization*,
    2008, ch. 6), run on copies of the HiGHS model linopy built for ``m`` (which must
    have been passed to :func:`run_highs`): integrality is dropped and the rows of the
    group get infinite bounds, so no model is rebuilt.

    Parameters
    ----------
    m : linopy.Model
        A model solved (or found infeasible) by :func:`run_highs`.
    groups : list of list of str
        Constraint names dropped together, one group per test.

    Returns
    -------
    list of bool or None
        Per group: feasible without it, or None if none of its constraints is in ``m``.
    """
    import highspy

    lp = m.solver_model.getLp()
    lp.integrality_ = []
    clabels = np.asarray(m.matrices.clabels)
    inf = highspy.kHighsInf
    out: list[bool | None] = []
    for names in groups:
        present = [n for n in names if n in m.constraints]
        if not present:
            out.append(None)
            continue
        h = new_highs()
        h.passModel(lp)
        for name in present:
            flat = np.asarray(m.constraints[name].labels.values, dtype=np.int64).ravel()
            flat = flat[flat >= 0]
            if not len(flat) or not len(clabels):
                continue
            pos = np.minimum(np.searchsorted(clabels, flat), len(clabels) - 1)
            for r in pos[clabels[pos] == flat]:
                h.changeRowBounds(int(r), -inf, inf)
        with quiet_stdout():
            h.run()
        out.append(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)
    return out
