"""The world without the investor: what the plan's builds add, measured against it.

Every plan is compared with the same scenario solved without the investor
(:func:`without_investor`: the investor's capital set to zero, its sites barred, its
commitments dropped; incumbents as in the baseline). The compute delivered is split by
where it comes from (``supply_by_source``) through nested worlds, each a re-solve:

1. ``incumbent existing``: only the capacity standing at the end of the history;
2. ``incumbent announced``: plus the incumbents' announced additions (the parts of
   :attr:`~tigris.plan.inputs.PlanInputs.existing_parts`, added one at a time);
3. ``incumbent response``: plus what incumbents who respond build with their own money
   (the baseline proper; 0 when no incumbent can build);
4. ``investor new``: the plan itself, less the baseline (what the investor adds).

A world in which nothing can be built separates by year: each year serves as much of
its demand as the capacity and the product-mix shares allow. Those worlds are solved as
one small linear program without build, module or capital variables
(:func:`served_without_builds`, a few milliseconds), not as the full mixed-integer
model; under a power pool the timing rule's binaries are written into the same program
(a small MIP, tens of milliseconds; ``docs/plan.md``, "Speed of the nested worlds").
Only a baseline in which incumbents can build is the full model again.

Each source's compute is the increase of the compute served from one world to the next:
more capacity never serves less, since it only loosens the capacity rows and a unit
served is worth its penalty less its variable cost either way (``docs/plan.md``, "The
answer against a world without the investor"), so every row is >= 0 up to the solver's
tolerance (:data:`CLIP_H100E`). Every world is solved with the ``serve`` objective,
whatever the plan's (issue 11: the world without the investor is what incumbents do to
serve demand at least cost; the investor's NPV is not theirs), and without the
scenario's served-share floor.

The floor (``min_served_share``) is a row on the compute the whole world serves over
the horizon, not on the investor's part of it, so a plan may meet it by re-timing
existing capacity (making fewer accelerators one year so that newer ones, more compute
per wafer and per MW, are made the next) without building anything. When the baseline
serves less than the floor asks, it is solved once more with the floor (the world
``served-share floor``, :data:`SHARE_FLOOR`): the scenario is the same, only the
investor's capital is zero (issue 10, item 6), and what the floor re-times is then not
counted as the investor's. That world's row of ``supply_by_source`` is the change the
floor makes to the world without the investor (it can be negative in a year whose
compute moves to another; its sum over the horizon is not). When the floor cannot be
met without the investor the baseline stays without it and :attr:`Counterfactual.note`
says that what the investor adds then also counts the re-timing.

When incumbents respond, the plan keeps the baseline's incumbent builds as a floor
(``PlanInputs.min_build``: incumbents do not cancel because an investor arrives), so
the plan's capacity is at least the baseline's in every year. What the investor adds
(the plan less that world) can still be negative in a year, or in total, where a full
power pool lets the plan deliver existing capacity's accelerators in other years
(user test #18 of 2026-12-03: −50.0M H100e; ``docs/plan.md``, "What the investor
adds, what is re-timed, and a plan that serves less").
"""

from __future__ import annotations

import contextlib
import math
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from tigris.plan.highs import highs_options, new_highs, quiet_stdout, run_highs
from tigris.plan.inputs import INVESTOR, MONTHS_PER_YEAR, PlanInputs, discount_factors
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, build_model, net_capex_usd
from tigris.plan.summary import RETIMING, retiming_rows

__all__ = [
    "CLIP_H100E",
    "EXISTING",
    "INVESTOR_NEW",
    "RESPONSE",
    "SHARE_FLOOR",
    "Counterfactual",
    "StoppedError",
    "by_priority",
    "can_build",
    "clip_noise",
    "counterfactual",
    "incumbent_floor",
    "served_without_builds",
    "supply_by_source",
    "without_builds",
    "without_investor",
]

#: Source name of all existing capacity when the inputs do not split it.
EXISTING = "incumbent existing"
#: Source name of what incumbents who respond build in the baseline.
RESPONSE = "incumbent response"
#: Source name of what the scenario's served-share floor changes in the world without
#: the investor (existing capacity re-timed; incumbents' builds when they respond).
SHARE_FLOOR = "served-share floor"
#: Source name of what the investor adds (the plan less the baseline).
INVESTOR_NEW = "investor new"
#: A difference of served compute above ``-CLIP_H100E`` (plus ``CLIP_REL`` of the
#: year's demand) is solver noise and is reported as 0 [H100e/year].
CLIP_H100E = 1.0
#: Relative part of the clipping tolerance: HiGHS's feasibility tolerance [-].
CLIP_REL = 1e-6


def without_investor(inp: PlanInputs) -> PlanInputs:
    """The same problem without the investor.

    The investor's sources offer no capital, its sites may build nothing and its
    ``min_modules`` commitments are dropped; every other owner (incumbents that
    respond) keeps its sites and money, and the existing capacity is unchanged. The
    objective is ``serve`` with no served-share floor, whatever the plan's.

    Parameters
    ----------
    inp : PlanInputs
        The plan's problem.

    Returns
    -------
    PlanInputs
        The baseline problem.
    """
    inv_src = np.array([o == INVESTOR for o in inp.source_owner], dtype=bool)
    inv_site = np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)
    floor = inp.min_build
    if floor is not None:
        floor = np.where(inv_site[:, None, None], 0.0, floor)
    return inp.replace(
        capital_usd=np.where(inv_src[:, None], 0.0, inp.capital_usd),
        allowed=np.asarray(inp.allowed, dtype=bool) & ~inv_site[:, None],
        min_modules=np.where(inv_site, 0.0, inp.min_modules),
        min_build=floor,
        objective="serve",
        min_served_share=0.0,
    )


def without_builds(inp: PlanInputs, existing: np.ndarray | None = None) -> PlanInputs:
    """The same problem with no site and no capital source: nothing can be built.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    existing : (K, T) array, optional
        Existing capacity to use instead of ``inp.existing`` [wspm].

    Returns
    -------
    PlanInputs
        A copy of ``inp`` with no sites and no sources (every site- and source-indexed
        array emptied; ``existing`` in place of ``inp.existing`` when given).
    """
    n_k, n_t, n_lag = len(inp.facilities), len(inp.years), inp.spend.shape[-1]
    sk = np.zeros((0, n_k))
    return inp.replace(
        sites=(),
        site_owner=(),
        allowed=np.zeros((0, n_k), dtype=bool),
        module_capacity=sk,
        module_yield=None,
        capex_usd=sk,
        subsidy_usd=sk,
        spend=np.zeros((0, n_k, n_lag)),
        output=np.zeros((0, n_k, n_lag)),
        opex_usd_per_year=sk,
        euv_tools=sk,
        high_na_tools=sk,
        power_mw=sk,
        max_modules=np.zeros(0),
        min_modules=np.zeros(0),
        power_limit_mw=np.zeros(0),
        min_build=None,
        sources=(),
        source_owner=(),
        capital_usd=np.zeros((0, n_t)),
        existing=inp.existing if existing is None else existing,
        existing_parts=None,
        tax_rate=None,
        equipment_share=None,
        site_region=None if inp.site_region is None else (),
        grid_limited=None if inp.grid_limited is None else np.zeros((0, n_k), dtype=bool),
        max_build=None,
        site_availability=None,
    )


def can_build(inp: PlanInputs) -> bool:
    """Whether some site may build a module its owner can pay for (or that costs nothing
    net of subsidy), or must build one.

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    bool
        True when a module may or must be built.
    """
    if np.any(np.asarray(inp.min_modules) > 0):
        return True
    if inp.min_build is not None and np.any(inp.min_build > 0):
        return True
    money = {o: 0.0 for o in inp.site_owner}
    for owner, cap in zip(inp.source_owner, np.asarray(inp.capital_usd).sum(axis=1), strict=True):
        money[owner] = money.get(owner, 0.0) + float(cap)
    free = net_capex_usd(inp) <= 0
    room = np.asarray(inp.max_modules, dtype=float) > 0
    for s, owner in enumerate(inp.site_owner):
        allowed = np.asarray(inp.allowed[s], dtype=bool)
        if room[s] and np.any(allowed) and (money[owner] > 0 or np.any(free[s] & allowed)):
            return True
    return False


def served_without_builds(inp: PlanInputs, existing: np.ndarray | None = None) -> np.ndarray:
    """Unmet demand when nothing can be built: the planning model without builds.

    The rows of :func:`tigris.plan.model.build_model` that remain when there is no site
    and no capital (``capacity-<kind>-upper`` on existing capacity only, the
    datacenter pool's row with the lagged fleet and the legacy fleet (which takes the
    world's datacenter capacity first, at most all of it),
    ``demand-balance``, ``mix-lower``/``mix-upper``) and its ``serve`` objective (the
    discounted, priority-weighted penalty and the variable cost of the wafers used and
    of the fleet's MW-months; with ``demand_basis: installed`` the compute in service
    and the legacy fleet's share against demand),
    written as one linear program in the model's units and
    solved by HiGHS directly: no build, module, draw or capital rows, so it solves in
    milliseconds. ``tests/test_counterfactual.py`` checks it against the full model
    built from :func:`without_builds`.

    Parameters
    ----------
    inp : PlanInputs
        The problem (sites and sources are ignored).
    existing : (K, T) array, optional
        Existing capacity to use instead of ``inp.existing`` [wspm].

    Returns
    -------
    numpy.ndarray
        (C, T) unmet demand [H100e/year]; NaN if HiGHS finds no optimum.

    References
    ----------
    ``docs/plan.md``, "Formulation" (the same rows and objective).
    """
    return _unmet_without_builds(inp, existing)[0]


def highs_status_word(run_status: Any, model_status: Any) -> str:
    """HiGHS's outcome as one word: ``optimal``, ``infeasible``, ``time_limit``,
    ``solve_error``, ``unbounded_or_infeasible``…, or ``error`` when ``Highs.run``
    itself returned an error.

    The word is HiGHS's own ``HighsModelStatus`` name (``kTimeLimit``) in snake case.
    For ``optimal``, ``infeasible``, ``time_limit``, ``iteration_limit`` and
    ``unbounded`` it is also the word :func:`tigris.plan.highs.run_highs` reports
    (linopy's termination condition, ``PlanResult.status``); the others differ there
    (``kUnboundedOrInfeasible`` is ``infeasible``, ``kSolveError`` and the other
    errors ``internal_solver_error``, ``kInterrupt`` ``user_interrupt``: linopy 0.10's
    map for HiGHS), and the incumbents' mixed-integer solve, run through
    :func:`~tigris.plan.highs.run_highs`, is named in those words.

    Parameters
    ----------
    run_status : highspy.HighsStatus
        What ``Highs.run`` returned.
    model_status : highspy.HighsModelStatus
        ``Highs.getModelStatus()`` after the run.

    Returns
    -------
    str
        The status in snake case, or ``error``.

    Examples
    --------
    >>> import highspy
    >>> highs_status_word(highspy.HighsStatus.kOk, highspy.HighsModelStatus.kTimeLimit)
    'time_limit'
    >>> highs_status_word(highspy.HighsStatus.kError, highspy.HighsModelStatus.kNotset)
    'error'
    """
    import highspy

    if run_status == highspy.HighsStatus.kError:
        return "error"
    name = str(model_status).rsplit(".", 1)[-1].removeprefix("k")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _unmet_without_builds(
    inp: PlanInputs, existing: np.ndarray | None = None
) -> tuple[np.ndarray, str]:
    """:func:`served_without_builds`'s unmet demand (C, T) [H100e/year] and HiGHS's
    outcome (:func:`highs_status_word`; the unmet demand is NaN unless ``optimal``)."""
    import highspy

    from tigris.plan.timing import applies

    n_p, n_k = len(inp.products), len(inp.facilities)
    n_c, n_t = len(inp.classes), len(inp.years)
    cap = np.asarray(inp.existing if existing is None else existing, dtype=float)
    if inp.existing_yield is not None:
        cap = cap * np.asarray(inp.existing_yield, dtype=float)[:, None]
    avail = np.asarray(inp.available, dtype=bool)
    demand = np.asarray(inp.demand, dtype=float)
    # columns: prod[p, t] (p-major), then unmet[c, t], in thousands
    n_prod = n_p * n_t
    disc = discount_factors(np.asarray(inp.years), inp.base_year, inp.discount_rate)
    penalty = np.outer(inp.priority, inp.penalty() * disc) * COUNT_SCALE / MONEY_SCALE
    wafer = np.einsum("pkt,kt->pt", np.asarray(inp.use, dtype=float), inp.variable_costs())
    wafer = wafer * disc[None, :] * COUNT_SCALE / MONEY_SCALE  # per thousand made
    dc = np.asarray(getattr(inp, "datacenter_rows", ()), dtype=int)
    lives = np.minimum(inp.lifetimes(), n_t)  # (P,) each product's service life
    life = int(lives.max(initial=1))
    if len(dc):  # the fleet's energy: an accelerator made in τ pays in τ … τ + L_p − 1
        per_mw = inp.variable_costs()[dc[0]] * disc * MONTHS_PER_YEAR  # (T,) per MW
        ahead = np.array([[per_mw[t : t + lp].sum() for t in range(n_t)] for lp in lives])
        wafer = wafer + inp.fleet_mw()[:, None] * ahead * COUNT_SCALE / MONEY_SCALE
    cost = np.concatenate([wafer.ravel(), penalty.ravel()])
    lower = np.zeros(n_prod + n_c * n_t)
    upper = np.concatenate([np.where(avail, np.inf, 0.0).ravel(), (demand / COUNT_SCALE).ravel()])
    rows: list[tuple[np.ndarray, np.ndarray, float, float]] = []
    prod_col = np.arange(n_prod).reshape(n_p, n_t)
    use = np.asarray(inp.use, dtype=float)
    # rows rule 1 reads (wafer, pool, region): (row or -1 if empty, rhs, year, kind,
    # facility of a wafer row, index of a region row)
    seen: list[tuple[int, float, int, str, int]] = []
    for k in range(n_k):
        if k in dc:  # the datacenter pool has its own rows (below)
            continue
        for t in range(n_t):
            coef = use[:, k, t]
            nz = np.nonzero(coef)[0]
            rhs = cap[k, t] * MONTHS_PER_YEAR / COUNT_SCALE
            seen.append((len(rows) if len(nz) else -1, rhs, t, "wafer", k))
            if len(nz):
                rows.append((prod_col[nz, t], coef[nz], -np.inf, rhs))
    if len(dc):  # Σ_{l<L} 12 · fleet_mw · prod[t − l] ≤ 12 · (Σ existing − legacy)
        # the legacy fleet occupies existing capacity first; a nested world with less
        # capacity than the legacy fleet (existing only, announced not yet) powers none
        have = np.maximum(cap[dc].sum(axis=0) - inp.legacy_mw(), 0.0)
        per = inp.fleet_mw() * MONTHS_PER_YEAR  # (P,) per thousand made, thousand MW-months
        for t in range(n_t):
            lags = range(max(t - life + 1, 0), t + 1)  # made in τ, serving: t − τ < L_p
            idx = np.concatenate([prod_col[lives > t - tau, tau] for tau in lags])
            val = np.concatenate(
                [
                    (per + (use[:, dc, t].sum(axis=1) if tau == t else 0.0))[lives > t - tau]
                    for tau in lags
                ]
            )
            seen.append((len(rows), have[t] * MONTHS_PER_YEAR / COUNT_SCALE, t, "pool", -1))
            rows.append((idx, val, -np.inf, have[t] * MONTHS_PER_YEAR / COUNT_SCALE))
        from tigris.plan.power import placed_room  # demand placed by region (R)

        _, shares, room = placed_room(inp, cap[dc].sum(axis=0))
        for i_r, (a_r, room_r) in enumerate(zip(shares, room, strict=True)):  # a_r · fleet ≤ room
            for t in range(n_t):
                lags = range(max(t - life + 1, 0), t + 1)
                idx = np.concatenate([prod_col[lives > t - tau, tau] for tau in lags])
                val = np.concatenate([a_r * per[lives > t - tau] for tau in lags])
                seen.append(
                    (len(rows), room_r[t] * MONTHS_PER_YEAR / COUNT_SCALE, t, "region", i_r)
                )
                rows.append((idx, val, -np.inf, room_r[t] * MONTHS_PER_YEAR / COUNT_SCALE))
    h100e = np.asarray(inp.h100e, dtype=float)
    installed = getattr(inp, "demand_basis", "delivered") == "installed"
    legacy = inp.legacy_served() if installed else np.zeros(n_t)
    for t in range(n_t):  # delivered (or in service) + unmet = demand (less the legacy's)
        first = max(t - life + 1, 0) if installed else t
        serving = [lives > t - tau for tau in range(first, t + 1)]  # (P,) per year made
        cols = [prod_col[on, tau] for tau, on in zip(range(first, t + 1), serving, strict=True)]
        idx = np.concatenate([*cols, n_prod + np.arange(n_c) * n_t + t])
        val = np.concatenate([*(h100e[on] for on in serving), np.ones(n_c)])
        total = (demand[:, t].sum() - legacy[t]) / COUNT_SCALE
        rows.append((idx, val, total, np.inf if installed else total))
        if installed:  # delivered-upper: a year's deliveries within its demand
            rows.append((prod_col[:, t], h100e, -np.inf, demand[:, t].sum() / COUNT_SCALE))
    lo = np.where(avail, np.nan_to_num(np.asarray(inp.min_share, dtype=float), nan=0.0), 0.0)
    hi = np.where(avail, np.nan_to_num(np.asarray(inp.max_share, dtype=float), nan=1.0), 1.0)
    for p in range(n_p):
        for t in range(n_t):
            for share, active, bounds in (
                (lo[p, t], lo[p, t] > 0, (0.0, np.inf)),
                (hi[p, t], hi[p, t] < 1, (-np.inf, 0.0)),
            ):
                if active:  # h100e_p prod[p, t] - share · Σ_q h100e_q prod[q, t]
                    val = -share * h100e
                    val[p] += h100e[p]
                    rows.append((prod_col[:, t], val, *bounds))
    integer = None
    if applies(inp) and len(dc):  # rule 1 of the timing section: binaries, a small MIP
        cost, lower, upper, integer = _no_withholding_rows(
            inp, rows, seen, cost, lower, upper, n_prod, demand
        )
    lp = highspy.HighsLp()
    lp.num_col_ = len(cost)
    lp.num_row_ = len(rows)
    lp.col_cost_ = cost
    lp.col_lower_ = lower
    lp.col_upper_ = upper
    if integer is not None:
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
            for i in integer
        ]
    row_lower = np.array([r[2] for r in rows], dtype=float)
    row_upper = np.array([r[3] for r in rows], dtype=float)
    start = np.cumsum([0] + [len(r[0]) for r in rows]).astype(np.int32)
    index = np.concatenate([r[0] for r in rows] or [[]]).astype(np.int32)
    value = np.concatenate([r[1] for r in rows] or [[]]).astype(float)
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = len(cost)
    lp.a_matrix_.num_row_ = len(rows)
    lp.a_matrix_.start_ = start
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = value
    mip = integer is not None
    key = _program_key(mip, cost, lower, upper, integer, row_lower, row_upper, start, index, value)
    status, col = _remembered_solve(key, lp, mip)
    if col is None:
        return np.full((n_c, n_t), math.nan), status
    unmet = col[n_prod : n_prod + n_c * n_t].reshape(n_c, n_t) * COUNT_SCALE
    return np.clip(unmet, 0.0, demand), status


#: Counts of the no-build programs solved by HiGHS and answered from the memory of
#: :func:`remembering_worlds` (tests and benchmarks).
WORLD_STATS = {"solved": 0, "remembered": 0}

#: Most programs one memory keeps (a sweep's members share a handful).
_MEMORY_SIZE = 16

#: This thread's memory of no-build programs while :func:`remembering_worlds` is active.
_memory = threading.local()


@contextlib.contextmanager
def remembering_worlds(store: dict) -> Iterator[None]:
    """Answer each no-build program of :func:`_unmet_without_builds` on this thread from
    ``store`` when the very same program (every array HiGHS is given, bit for bit, and
    the HiGHS options) was solved before, and keep new answers there.

    A sweep's members mostly differ in what the investor has (capital, its sites), which
    no world without builds reads: the same worlds were solved again for every member
    (two no-build MIPs of the timing rule, ~0.1 s of CPU a member on the reference).
    The answer is HiGHS's for an identical input, so nothing a member reports moves;
    only optimal answers are kept.
    :func:`tigris.plan.reuse.solve_member` holds one store per thread, emptied by
    :func:`tigris.plan.reuse.clear`.

    Parameters
    ----------
    store : dict
        The answers kept so far, by program; new optimal answers are added to it.

    Yields
    ------
    None
        Inside the block, this thread's no-build programs are answered from ``store``.
    """
    before = getattr(_memory, "store", None)
    _memory.store = store
    try:
        yield
    finally:
        _memory.store = before


def _program_key(mip: bool, *arrays: np.ndarray | list | None) -> tuple:
    """The exact identity of a no-build program: its arrays' bytes (with lengths), the
    HiGHS options it is solved with and the functions that make and run its HiGHS
    instance (a caller or test that replaces :func:`new_highs` or
    :func:`_run_no_build_program` is never answered from what the others gave)."""
    from tigris.plan.highs import solver_threads

    parts: list[Any] = [
        mip,
        solver_threads(),
        tuple(sorted(highs_options(mip_gap=0.0).items())),
        new_highs,
        _run_no_build_program,
    ]
    for a in arrays:
        if a is None:
            parts.append(None)
            continue
        arr = np.ascontiguousarray(np.asarray(a))
        parts.append((arr.dtype.str, arr.shape, arr.tobytes()))
    return tuple(parts)


def _remembered_solve(key: tuple, lp: Any, mip: bool) -> tuple[str, np.ndarray | None]:
    """HiGHS's outcome word and column values (None unless optimal) of the program
    ``lp``, from this thread's memory (:func:`remembering_worlds`) when it holds
    ``key``."""
    store = getattr(_memory, "store", None)
    if store is not None and key in store:
        WORLD_STATS["remembered"] += 1
        status, col = store[key]
        return status, col.copy()
    h, status = _run_no_build_program(lp, mip)
    WORLD_STATS["solved"] += 1
    col = np.asarray(h.getSolution().col_value, dtype=float) if status == "optimal" else None
    if store is not None and col is not None:  # only optimal answers are kept
        while len(store) >= _MEMORY_SIZE:
            store.pop(next(iter(store)))
        store[key] = (status, col.copy())
    return status, col


def _run_no_build_program(lp: Any, mip: bool) -> tuple[Any, str]:
    """Solve the program of :func:`_unmet_without_builds` with HiGHS; its instance and
    outcome word (:func:`highs_status_word`).

    A world without builds always has a plan (nothing delivered beyond what fits: the
    feasibility argument of docs/plan.md, "Shrinking pools"), so an "infeasible" answer
    of the MIP is HiGHS's presolve (as :func:`tigris.plan.highs.run_highs` found on a
    rule-1 row at equality, 2026-12-03) and is checked once without presolve.
    """
    outcome = "error"
    for presolve in ("on", "off") if mip else ("on",):
        with quiet_stdout():
            h = new_highs()
            if mip:  # as run_highs(m, None, 0.0) solves the full model
                for key, value in highs_options(mip_gap=0.0).items():
                    h.setOptionValue(key, value)
                if presolve == "off":
                    h.setOptionValue("presolve", "off")
            h.passModel(lp)
            ran = h.run()
        outcome = highs_status_word(ran, h.getModelStatus())
        if outcome != "infeasible":
            break
    return h, outcome


def _no_withholding_rows(
    inp: PlanInputs,
    rows: list[tuple[np.ndarray, np.ndarray, float, float]],
    seen: list[tuple[int, float, int, str, int]],
    cost: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    n_prod: int,
    demand: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None]:
    """Rule 1 of ``docs/plan.md``, "Timing of deliveries under a power pool", written
    into the no-build program of :func:`_unmet_without_builds` (``rows`` grows in
    place): the rows :func:`tigris.plan.timing.add_no_withholding` adds to the full
    model, for a world in which nothing can be built.

    Without builds no row has a term with a negative coefficient, so each row's slack
    bound (the big-M of :func:`tigris.plan.timing._slack_bound`) is its right-hand side
    ``b``, and ``lhs + b · (1 − tight) ≥ b`` reads ``lhs − b · tight ≥ 0``. Columns
    added after ``prod`` and ``unmet``: ``z[t]`` (power may stand idle, years a product
    can be made), ``met[t]`` (upper bound 0 where the most a year's deliveries can
    reach, powered, is below its demand) and one ``tight`` per wafer or region row that
    can excuse idle power (:func:`~tigris.plan.timing.add_no_withholding`'s ``can``,
    :func:`~tigris.plan.timing.can_excuse`: a wafer row only if a product of the year
    uses it and the year's deliveries can fill it);
    rows::

        pool_lhs[t] + b_pool[t] · z[t] ≥ b_pool[t]
        Σ_c unmet[c, t] + D[t] · met[t] ≤ D[t]
        lhs_row − b_row · tight_row ≥ 0
        lhs_row[τ | ≤ t] − b_row[τ] · later_row[t, τ] ≥ 0
        z[t] − met[t] − Σ_{rows of t} tight_row − Σ_{row, τ} later_row[t, τ] ≤ 0

    The shrinking-pool excuse (``docs/plan.md``, "Shrinking pools"; the full model's
    :func:`tigris.plan.timing._add_later_rows`): one ``later`` column per pool or placed
    region row of a year τ, t < τ < t + L(t), whose room is smaller than in t (without
    builds a row's capacity is its right-hand side, and every delivery weighs at least
    as much in row t as in τ, so elsewhere the excuse forces the pool of t full anyway);
    ``lhs_row[τ | ≤ t]`` is row τ with the deliveries of years after t dropped, its
    slack bound ``b_row[τ]`` (all its terms are ≥ 0).

    Returns ``cost, lower, upper`` extended and the integrality of every column (None
    when no year is active: the program stays an LP, as the full model adds nothing).

    References
    ----------
    ``docs/plan.md``, "Timing of deliveries under a power pool" (rule 1), and "Speed of
    the nested worlds"; big-M disjunctions: Williams, *Model Building in Mathematical
    Programming*, 5th ed. (2013), §9.1. ``tests/test_speed_counterfactual.py`` checks it
    against the full model (:func:`_unmet_with_timing_rule`).
    """
    from tigris.plan.timing import (
        _REL_TOL,
        _most_per_pool,
        can_excuse,
        life_window,
        row_reach,
    )

    n_t = len(inp.years)
    n_c = len(inp.classes)
    pool = {t: (r, b) for r, b, t, kind, _ in seen if kind == "pool"}
    m_pool = np.array([pool[t][1] for t in range(n_t)], dtype=float)
    active = np.asarray(inp.available, dtype=bool).any(axis=0) & np.isfinite(m_pool)
    if not active.any():
        return cost, lower, upper, None
    per = _most_per_pool(inp) * m_pool[None, :]  # (P, T) thousand units, 0 if not made
    total = demand.sum(axis=0) / COUNT_SCALE
    with np.errstate(invalid="ignore"):  # inf · 0 (a product needing no power): no bound
        reach = np.nan_to_num(np.asarray(inp.h100e, float)[:, None] * per, nan=np.inf)
    can_meet = reach.max(axis=0) >= total * (1 - _REL_TOL)
    use = np.asarray(inp.use, dtype=float)
    tights: list[tuple[int, int, float]] = []  # (row, year, rhs) of each tight column
    for r, b, t, kind, k in seen:
        if kind == "pool":
            continue
        if kind == "wafer":  # wafers the year's deliveries can use at most; a row no
            # product of t uses excuses nothing ("Which wafer rows can excuse idle power")
            most = row_reach(use[:, k : k + 1, t : t + 1], per[:, t : t + 1])
            if not can_excuse(most, np.array([[b]]))[0, 0]:
                continue
        tights.append((r, t, b))
    # the shrinking-pool excuse: (row of τ, t, τ, rhs of τ) where the row's room shrinks
    # from t to τ within L(t) (the full model's _can_shrink: without builds, rhs_τ < rhs_t)
    window = life_window(inp)
    fleet_rows: dict[tuple[str, int], dict[int, tuple[int, float]]] = {}
    for r, b, t, kind, k in seen:
        if kind in ("pool", "region"):
            fleet_rows.setdefault((kind, k), {})[t] = (r, b)
    laters: list[tuple[int, int, int, float]] = []
    for by_year in fleet_rows.values():
        for t in np.nonzero(active)[0]:
            for tau in range(t + 1, min(t + int(window[t]), n_t)):
                if by_year[tau][1] < by_year[t][1]:
                    laters.append((by_year[tau][0], int(t), tau, by_year[tau][1]))
    n_col = len(cost)
    z_col = n_col + np.arange(n_t)
    met_col = z_col + n_t
    tight_col = met_col[-1] + 1 + np.arange(len(tights))
    later_col = met_col[-1] + 1 + len(tights) + np.arange(len(laters))
    for t in np.nonzero(active)[0]:
        r, b = pool[t]
        idx, val, _, _ = rows[r]
        rows.append((np.r_[idx, z_col[t]], np.r_[val, b], b, np.inf))
        if can_meet[t]:
            unmet_cols = n_prod + np.arange(n_c) * n_t + t
            rows.append(
                (np.r_[unmet_cols, met_col[t]], np.r_[np.ones(n_c), total[t]], -np.inf, total[t])
            )
    for j, (r, _, b) in enumerate(tights):
        idx, val = (rows[r][0], rows[r][1]) if r >= 0 else (np.zeros(0, int), np.zeros(0))
        rows.append((np.r_[idx, tight_col[j]], np.r_[val, -b], 0.0, np.inf))
    for j, (r, t, _, b) in enumerate(laters):  # fleet up to t: row τ's prod of years ≤ t
        idx, val = rows[r][0], rows[r][1]
        keep = idx % n_t <= t  # every column of a fleet row is a prod[p, τ'] (p-major)
        rows.append((np.r_[idx[keep], later_col[j]], np.r_[val[keep], -b], 0.0, np.inf))
    for t in np.nonzero(active)[0]:
        mine = [tight_col[j] for j, (_, tt, _) in enumerate(tights) if tt == t]
        mine += [later_col[j] for j, (_, tt, _, _) in enumerate(laters) if tt == t]
        idx = np.r_[z_col[t], met_col[t], np.asarray(mine, dtype=int)]
        rows.append((idx.astype(int), np.r_[1.0, -1.0, -np.ones(len(mine))], -np.inf, 0.0))
    n_new = 2 * n_t + len(tights) + len(laters)
    cost = np.concatenate([cost, np.zeros(n_new)])
    lower = np.concatenate([lower, np.zeros(n_new)])
    upper = np.concatenate(
        [upper, np.ones(n_t), can_meet.astype(float), np.ones(len(tights) + len(laters))]
    )
    integer = np.r_[np.zeros(n_col, dtype=bool), np.ones(n_new, dtype=bool)]
    return cost, lower, upper, integer


def _unmet_with_timing_rule(inp: PlanInputs, existing: np.ndarray | None) -> tuple[np.ndarray, str]:
    """:func:`_unmet_without_builds` where rule 1 of ``docs/plan.md``, "Timing of
    deliveries under a power pool", applies (:func:`tigris.plan.timing.applies`), the
    slow way: the full model of :func:`without_builds` (the same rows, plus the
    rule's), solved to a zero gap, with the ``serve`` objective and no served-share
    floor. Not used by the plan since the rule's rows are written into the no-build
    program (:func:`_no_withholding_rows`, about 1 s less per nested world on the
    reference); kept as the reference that ``tests/test_speed_counterfactual.py``
    checks the quick program against."""
    problem = without_builds(inp, existing).replace(objective="serve", min_served_share=0.0)
    m = build_model(problem)
    status, _ = run_highs(m, None, 0.0)
    demand = np.asarray(inp.demand, dtype=float)
    if status != "optimal":
        return np.full(demand.shape, math.nan), status
    unmet = np.nan_to_num(m.variables["unmet"].solution.values.astype(float)) * COUNT_SCALE
    return np.clip(unmet, 0.0, demand), status


def by_priority(served: np.ndarray, demand: np.ndarray, priority: np.ndarray) -> np.ndarray:
    """The compute served each year split over demand classes, highest priority first.

    What the penalty does within a year (every class's unit costs its priority, so the
    cheapest class goes short first); classes of equal priority are served in their
    order, so the split is the same in every solve.

    Parameters
    ----------
    served : (T,) array
        Compute served per year [H100e/year].
    demand : (C, T) array
        Demand per class [H100e/year].
    priority : (C,) array
        Weight of each class [-].

    Returns
    -------
    numpy.ndarray
        (C, T) served per class [H100e/year].

    Examples
    --------
    >>> by_priority(np.array([5.0]), np.array([[4.0], [4.0]]), np.array([1.0, 2.0])).tolist()
    [[1.0], [4.0]]
    """
    demand = np.asarray(demand, dtype=float)
    left = np.clip(np.asarray(served, dtype=float), 0.0, demand.sum(axis=0))
    out = np.zeros_like(demand)
    for c in np.argsort(-np.asarray(priority, dtype=float), kind="stable"):
        out[c] = np.minimum(demand[c], left)
        left = left - out[c]
    return out


def clip_noise(diff: np.ndarray, demand_t: np.ndarray) -> np.ndarray:
    """``diff`` with solver noise (``-CLIP_H100E - CLIP_REL · demand < diff < 0``) set
    to 0; a larger negative value is kept, to be seen.

    Parameters
    ----------
    diff : numpy.ndarray
        A difference of compute served [H100e], by year (or ending with year).
    demand_t : numpy.ndarray
        Demand of the same years [H100e], broadcast against ``diff``.

    Returns
    -------
    numpy.ndarray
        ``diff``'s shape, its noise set to 0.
    """
    noise = (diff < 0) & (diff > -(CLIP_H100E + CLIP_REL * demand_t))
    return np.where(noise, 0.0, diff)


@dataclass(frozen=True)
class Counterfactual:
    """The world without the investor, solved before the plan.

    Attributes
    ----------
    status : str
        Outcome of the solves (``optimal``, ``time_limit``, ``infeasible``,
        ``error``…): the word of the first solve that found no optimum (HiGHS's,
        :func:`highs_status_word`, for a no-build LP; :func:`~tigris.plan.highs.run_highs`'s
        for the incumbents' mixed-integer solve, the same for the first three), else the
        baseline's (``time_limit`` when its mixed-integer solve stopped at the time
        limit with a solution).
    served : (T,) array or None
        Compute served per year in the baseline [H100e/year]; None without a solution.
    worlds : dict of str to (T,) array
        Compute served per year in each nested world, in order (``incumbent
        existing``, ``incumbent announced``, …, ``incumbent response`` = the baseline)
        [H100e/year]; NaN in a world not solved.
    min_build : (S, K, T) array or None
        The baseline's incumbent builds, kept as a floor in the plan [modules]; None
        when incumbents build nothing (or their baseline was not solved).
    seconds : float
        Wall time of the counterfactual solves [s].
    solves : int
        How many solves it took.
    failed : str or None
        Which solve found no solution, in words (the first; ``its solve with the
        incumbent existing capacity and no builds``); None when none failed.
    response_solved : bool
        Whether the baseline in which incumbents build was solved with a solution
        (True when incumbents cannot build: nothing to solve).
    floor_unmet : float or None
        The scenario's served-share floor [-] when the world without the investor
        cannot meet it (the baseline is then solved without it); None otherwise.
    """

    status: str
    served: np.ndarray | None
    worlds: dict[str, np.ndarray] = field(default_factory=dict)
    min_build: np.ndarray | None = None
    seconds: float = 0.0
    solves: int = 0
    failed: str | None = None
    response_solved: bool = True
    floor_unmet: float | None = None

    @property
    def note(self) -> str | None:
        """:meth:`note_for` beside a plan."""
        return self.note_for(True)

    def note_for(self, has_plan: bool) -> str | None:
        """One sentence when the world without the investor is not known or not
        proven optimal, naming HiGHS's outcome; None when it was solved to optimality.

        Without a solution (``served`` None) what the investor adds is not known, and
        the plan says so instead of comparing against NaN; a baseline that stopped at
        the time limit with a solution is used, and the sentence says it is the best
        found in time. Beside no plan (``has_plan`` False: infeasible, or stopped
        without a solution) the served-share floor's sentence ends at the world's own
        fact: there is no plan whose re-timing the added compute could count (user
        test 2026-12-05 plan #11).

        Parameters
        ----------
        has_plan : bool
            Whether the plan beside it has a solution.

        Returns
        -------
        str or None
            The sentence(s), or None when there is nothing to say.
        """
        if self.served is None:
            which = self.failed or "its solve"
            floor = (
                "" if self.response_solved else "; the plan keeps no incumbent builds as a floor"
            )
            return (
                f"The world without the investor was not solved: {which} ended with HiGHS "
                f"status '{self.status}', so what the investor adds is not known{floor}."
            )
        said = []
        if self.status == "time_limit":
            said.append(
                "The world without the investor stopped at the solver's time limit: its "
                "incumbent builds are the best found in time, not proven optimal, so what "
                "the investor adds is measured against that."
            )
        if self.floor_unmet is not None:
            said.append(
                f"The world without the investor cannot serve the scenario's served-share "
                f"floor ({self.floor_unmet:.1%} of demand over the horizon), so it is solved "
                "without the floor"
                + (
                    ", and what the investor adds also counts the existing capacity the "
                    "plan re-times to meet it."
                    if has_plan
                    else "."
                )
            )
        return " ".join(said) or None


def incumbent_floor(
    inp: PlanInputs,
    respond: bool,
    *,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
) -> np.ndarray | None:
    """The builds a plan may not go below: with incumbents who respond, what they build
    in the world without the investor (incumbents do not cancel because an investor
    arrives, the floor :func:`tigris.plan.solve.solve_inputs` keeps), combined with the
    inputs' own ``min_build``; without, the inputs' own.

    A plan solved with ``counterfactual=False`` (a disruption's plan as made, a
    stochastic future) takes this floor to be the plan ``tigris plan`` makes (review of
    2026-12-07: a disruption's base built 5 modules where the floor held 8).

    Parameters
    ----------
    inp : PlanInputs
        The plan's problem.
    respond : bool
        Whether incumbents respond (the scenario's ``incumbents.respond``).
    time_limit_s, mip_gap : float, optional
        The counterfactual's solver limits [s] and relative gap [-].

    Returns
    -------
    numpy.ndarray or None
        ``(S, K, T)`` least modules started [modules], or None for no floor.
    """
    if not respond:
        return inp.min_build
    cf = counterfactual(inp, time_limit_s=time_limit_s, mip_gap=mip_gap)
    if cf.min_build is None:
        return inp.min_build
    return cf.min_build if inp.min_build is None else np.maximum(inp.min_build, cf.min_build)


def counterfactual(
    inp: PlanInputs,
    *,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    relax: bool = False,
    stop: threading.Event | None = None,
) -> Counterfactual:
    """Solve the nested worlds without the investor (see the module docstring).

    Parameters
    ----------
    inp : PlanInputs
        The plan's problem.
    time_limit_s, mip_gap : float, optional
        For the baseline when incumbents can build (a mixed-integer solve) [s, -].
    relax : bool, optional
        Continuous builds in that baseline, as in the plan.
    stop : threading.Event, optional
        Checked before each solve (and between a model's build and its solve): once
        set, :class:`StoppedError` is raised there. ``tigris.plan.solve._overlapped`` sets
        it on a Ctrl-C while this runs in its worker thread, so the process stops
        after the solve under way, not after the whole counterfactual.

    Returns
    -------
    Counterfactual
        ``served`` None, ``status`` HiGHS's outcome and ``failed`` the solve, when a
        world has no solution (its :attr:`~Counterfactual.note` says so).
    """
    t0 = time.perf_counter()
    demand_t = np.asarray(inp.demand, dtype=float).sum(axis=0)
    parts = inp.existing_parts or {EXISTING: np.asarray(inp.existing, dtype=float)}
    worlds: dict[str, np.ndarray] = {}
    cum = np.zeros_like(np.asarray(inp.existing, dtype=float))
    names = list(parts)
    prev = None
    solves = 0
    status, failed = "optimal", None
    for i, name in enumerate(names):
        cum = cum + parts[name]
        cap = np.asarray(inp.existing, dtype=float) if i == len(names) - 1 else cum
        if prev is not None and not np.any(parts[name] > 0):
            worlds[name] = prev  # nothing added: the same world
            continue
        _check(stop)
        unmet, got = _unmet_without_builds(inp, cap)
        solves += 1
        if got != "optimal" and failed is None:
            status, failed = got, f"its solve with the {name} capacity and no builds"
        served = demand_t - unmet.sum(axis=0)
        prev = served if prev is None else prev + clip_noise(served - prev, demand_t)
        worlds[name] = prev
    base = without_investor(inp)
    floor, response_solved = None, True
    if can_build(base):
        got, unmet, build = _solve_mip(base, time_limit_s, mip_gap, relax, stop)
        solves += 1
        if unmet is None:
            response_solved = False
            worlds[RESPONSE] = np.full(len(demand_t), math.nan)
            if failed is None:
                status, failed = got, "its solve in which incumbents build"
        else:
            served = demand_t - unmet.sum(axis=0)
            worlds[RESPONSE] = prev + clip_noise(served - prev, demand_t)
            if np.any(build > 0):
                floor = build
            if failed is None:
                status = got  # optimal, or time_limit with a solution
    else:
        worlds[RESPONSE] = prev
    served = worlds[RESPONSE]
    floor_unmet = None
    share = float(inp.min_served_share)
    need = share * float(demand_t.sum())
    short = np.all(np.isfinite(served)) and served.sum() < need - (CLIP_H100E + CLIP_REL * need)
    if share > 0 and failed is None and short:
        builds = can_build(base)
        floored = base.replace(min_served_share=share)
        got, unmet, build = _solve_mip(
            floored if builds else without_builds(floored), time_limit_s, mip_gap, relax, stop
        )
        solves += 1
        if unmet is not None:
            served = demand_t - unmet.sum(axis=0)
            worlds[SHARE_FLOOR] = served
            if builds:
                floor = build if np.any(build > 0) else None
            if got != "optimal":
                status = got  # time_limit with a solution
        elif got == "infeasible":
            floor_unmet = share
        else:
            status, failed = got, "its solve with the scenario's served-share floor"
    ok = failed is None and np.all(np.isfinite(served))
    if not ok and failed is None:  # a solution with a non-finite value: not usable
        status, failed = "error", "a solve whose solution is not finite"
    return Counterfactual(
        status=status,
        served=served if ok else None,
        worlds=worlds,
        min_build=floor,
        seconds=time.perf_counter() - t0,
        solves=solves,
        failed=failed,
        response_solved=response_solved,
        floor_unmet=floor_unmet,
    )


class StoppedError(Exception):
    """The counterfactual was asked to stop (:func:`counterfactual`'s ``stop``)."""


def _check(stop: threading.Event | None) -> None:
    """Raise :class:`StoppedError` when ``stop`` is set."""
    if stop is not None and stop.is_set():
        raise StoppedError("the counterfactual was stopped")


def _solve_mip(
    inp: PlanInputs,
    time_limit_s: float | None,
    mip_gap: float | None,
    relax: bool,
    stop: threading.Event | None = None,
) -> tuple[str, np.ndarray | None, np.ndarray]:
    """Status, unmet (C, T) [H100e/year] and builds (S, K, T) [modules] of ``inp``."""
    _check(stop)
    m = build_model(inp, relax=relax)
    _check(stop)
    status, _ = run_highs(m, time_limit_s, mip_gap)
    zero = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    with contextlib.suppress(Exception):
        if math.isfinite(float(m.objective.value)) and status in ("optimal", "time_limit"):
            unmet = np.nan_to_num(m.variables["unmet"].solution.values.astype(float))
            build = np.nan_to_num(m.variables["build"].solution.values.astype(float))
            build = build if relax else np.round(build)
            return status, unmet * COUNT_SCALE, np.where(build > 0, build, 0.0)
    return status, None, zero


def supply_by_source(
    inp: PlanInputs, cf: Counterfactual, served: np.ndarray | None
) -> pd.DataFrame:
    """The ``supply_by_source`` table: compute served per year by where it comes from.

    Parameters
    ----------
    inp : PlanInputs
        The plan's problem.
    cf : Counterfactual
        Its counterfactual.
    served : (T,) array or None
        Compute the plan serves per year [H100e/year]; None when there is no plan.

    Returns
    -------
    pandas.DataFrame
        ``year, source, h100e, demand_h100e``, one row per year and source (the nested
        worlds, then ``investor new``, never negative, and ``re-timing`` when the plan
        serves less than the last world in some year); the rows of a year sum to
        ``served``. Empty when
        the plan or its baseline has no solution.
    """
    cols = ["year", "source", "h100e", "demand_h100e"]
    if served is None or cf.served is None:
        return pd.DataFrame({c: [] for c in cols})
    years = np.asarray(inp.years, dtype=int)
    demand_t = np.asarray(inp.demand, dtype=float).sum(axis=0)
    frames = []
    prev = np.zeros(len(years))
    for name, world in cf.worlds.items():  # cumulative: each at least the one before,
        # but for the served-share floor's world (re-timing: a year may be below)
        frames.append((name, world - prev))
        prev = world
    # what the plan serves beyond the last world: the investor's own compute (>= 0) and,
    # when a year serves less than that world (a floor the world cannot meet without
    # the investor re-times existing capacity), a re-timing row summing to 0 (user test
    # #2; tigris.plan.summary.retiming_rows)
    new, retimed = retiming_rows(clip_noise(np.asarray(served, dtype=float) - prev, demand_t))
    frames.append((INVESTOR_NEW, new))
    if np.any(retimed != 0.0):
        frames.append((RETIMING, retimed))
    return pd.DataFrame(
        {
            "year": np.tile(years, len(frames)),
            "source": np.repeat([n for n, _ in frames], len(years)),
            "h100e": np.concatenate([v for _, v in frames]),
            "demand_h100e": np.tile(demand_t, len(frames)),
        }
    )[cols]
