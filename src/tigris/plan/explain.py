"""Why is demand unmet? Binding constraints in words, every value claim re-solved.

Two kinds of evidence:

- the solution itself: which facility types run at full capacity, which years have no
  product to make, how much money offered to date is left, how many scanners are left
  in a year, which sites are full;
- re-solves of the same problem with one more unit (:class:`tigris.plan.highs.Resolver`):
  one more module of a bottleneck's capacity, one more module's worth of capital
  offered in a year, the scanners one more module needs. The saving quoted is the
  difference of objective values between the plan shown and the re-solved one. A
  mixed-integer program has no duals, and the LP relaxation's are no guide to what an
  indivisible module is worth (Wolsey, *Integer Programming*, 2nd ed., §2.2: the LP
  bound can be far from the integer optimum), so no LP dual is quoted as a saving.

A limit is said to *bind* only when its re-solve improves the objective; a re-solve
that finds no improvement removes the sentence, and one that stops at its time limit is
quoted as "at least". Re-solves are few (:data:`MAX_RESOLVES`) and each has a time
limit.

What the money is depends on the objective (``docs/finance.md``, "Shadow prices"). In
``serve`` (minimised) a claim "would lower the objective (cost + unmet penalty) by $X":
real cost plus the penalty on unmet demand (not the headline's Cost, which has no
penalty), and the claim says how much of $X is penalty avoided and
what the penalty is (the rental value of the compute served, with the ``rental``
penalty; else the scenario's number per H100e), the rest real cost. In ``npv``
(maximised) a claim "would raise the investor's NPV by $X": the investor's net present
value at the scenario's prices; unmet demand is not priced there.

Data-centre power (issue 12): where and when it binds, one more MW re-solved, and grid
headroom by region are in :mod:`tigris.plan.explain_power`; the re-solve budget and the
phrasing of savings in :mod:`tigris.plan.explain_base`.

An infeasible scenario is explained by :func:`tigris.plan.infeasible.explain_infeasible`
(re-exported here).
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping, Sequence
from typing import Any

import numpy as np

from tigris.fmt import money
from tigris.plan.explain_base import (
    _FULL_SHARE,
    _REL_TOL,
    _UNITS,
    _UNMET_TOL,
    MAX_RESOLVES,
    RESOLVE_TIME_LIMIT_S,
    _Budget,
    _buildable,
    _capacity_change,
    _earliest_online,
    _facility_name,
    _finish,
    _is_power,
    _range,
    _result,
    _size,
    _start,
    _years_text,
)
from tigris.plan.explain_gas import gas_limit
from tigris.plan.explain_mix import mix_limits
from tigris.plan.explain_power import (
    _binding_region,
    _grid,
    _h100e_per_mw,
    _life,
    _per_mw_words,
    _power_changes,
    _power_sites,
    _power_state,
    _power_window,
    _power_years,
    _state,
)
from tigris.plan.highs import Resolver
from tigris.plan.infeasible import explain_infeasible
from tigris.plan.inputs import INVESTOR, PlanInputs
from tigris.plan.model import (
    MONEY_SCALE,
    net_capex_usd,
    online_fraction,
)
from tigris.plan.result import Explanation
from tigris.plan.shadow import objective_of, penalty_by_year
from tigris.units import MONTHS_PER_YEAR

__all__ = [
    "MAX_RESOLVES",
    "RESOLVE_TIME_LIMIT_S",
    "explain",
    "explain_infeasible",
]

#: Of the re-solves (:data:`MAX_RESOLVES`) at most this many price bottleneck capacity [-].
_MAX_CAPACITY_RESOLVES = 2
#: And at most this many price one more MW of data-centre capacity [-].
_MAX_POWER_RESOLVES = 2
#: Scanner counts closer than this to a whole number are that number [tools].
_TOOL_TOL = 1e-9


def explain(
    inp: PlanInputs,
    sol: Mapping[str, np.ndarray],
    resolver: Resolver | None = None,
    status: str = "optimal",
) -> list[Explanation]:
    """Explain, in words, where demand is unmet and which limits bind.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    sol : mapping of arrays
        Solution in real units: ``build`` [modules], ``prod`` [accelerators/year],
        ``unmet`` [H100e/year], ``draw`` [USD/year].
    resolver : Resolver, optional
        Re-solves the solved model with one more unit; without it no value is quoted
        and a limit is stated as a fact of the plan, never as binding.
    status : str, optional
        Solver status of the solution.

    Returns
    -------
    list of Explanation
        Shortage per run of years with its cause (``lead_time``, ``capacity``,
        ``no_product``, ``mix``), then what binds (``capital``, ``euv``, ``high_na``,
        ``mix`` (product-mix floors or caps, :mod:`tigris.plan.explain_mix`), ``gas``
        (the on-site gas cap, :mod:`tigris.plan.explain_gas`),
        ``site_modules``, ``site_power``) and which class goes short first
        (``economics``).
    """
    out: list[Explanation] = []
    years = np.asarray(inp.years, dtype=int)
    if status == "time_limit":
        out.append(
            Explanation(
                "time_limit",
                None,
                "HiGHS stopped at the time limit: the plan is feasible but may not be "
                "optimal (see mip_gap).",
            )
        )
    build = (
        np.round(sol["build"])
        if np.allclose(sol["build"], np.round(sol["build"]))
        else sol["build"]
    )
    prod, unmet, draw = sol["prod"], sol["unmet"], sol["draw"]
    demand_t = inp.demand.sum(axis=0)
    unmet_t = unmet.sum(axis=0)
    short = unmet_t > np.maximum(demand_t * _REL_TOL, _UNMET_TOL)
    budget = _Budget(resolver, float(unmet.sum()), inp, np.asarray(unmet, dtype=float))

    groups = _shortage_groups(inp, build, prod, unmet, short)
    could_build = False  # some shortage's bottleneck can be built somewhere
    bottlenecks: list[int] = []  # facility types short of capacity, buildable
    capacity_left = _MAX_CAPACITY_RESOLVES
    power_left = _MAX_POWER_RESOLVES
    earliest = _earliest_online(inp)
    # first submit every re-solve (they run two at a time), then read them in order
    steps = []
    for grp in groups:
        cause, ks = grp["cause"], grp["ks"]
        buildable_ks = [k for k in ks if np.isfinite(earliest[k])]
        if cause in ("capacity", "lead_time") and buildable_ks:
            could_build = True
            bottlenecks += [k for k in buildable_ks if k not in bottlenecks]
        step = _start(None, [])
        take = []
        for k in ks:  # one more MW of power also where new capacity comes too late
            if _is_power(inp, k) and power_left > 0 and cause in ("capacity", "lead_time"):
                take.append(k)
                power_left -= 1
            elif not _is_power(inp, k) and capacity_left > 0 and cause == "capacity":
                take.append(k)
                capacity_left -= 1
        if take:
            step = _start(_capacity_claims(inp, ks, take, grp, budget, build), [])
        steps.append(step)
    limit_steps = []
    if np.any(short) and could_build:
        limit_steps.append(_start(_capital(inp, draw, years, bottlenecks, budget), []))
        limit_steps.append(_start(_tools(inp, build, years, bottlenecks, budget), []))
    if np.any(short) and any(_is_power(inp, k) for k in bottlenecks):
        limit_steps.append(_start(_grid(inp, build, years, budget), []))
    # the product-mix bounds last, on re-solves of their own (MAX_MIX_RESOLVES)
    mix_step = _start(mix_limits(inp, prod, budget) if np.any(short) else None, [])
    # the gas cap on a re-solve of its own, only when some year is at it (MAX_GAS_RESOLVES)
    gas_step = _start(gas_limit(inp, build, budget), [])
    for grp, step in zip(groups, steps, strict=True):
        text = grp["head"]
        claims = _finish(step)
        if claims:
            text = text[:-1] + f"; {'; '.join(claims)}."
        out.append(Explanation(grp["cause"], grp["y0"], text))
    limits: list[Explanation] = []
    for step in limit_steps:
        limits += _finish(step)
    if limit_steps:
        limits += _together(budget)
    limits += _finish(mix_step)
    limits += _finish(gas_step)
    limits += _sites(inp, build, years)
    out.extend(limits)
    budget.close()

    if not np.any(short):
        out.insert(0, Explanation("met", None, "All demand is met in every year."))
    elif could_build and not limits and not budget.pending and _capacity_short(groups):
        cls_unmet = unmet.sum(axis=1)
        lowest = [c for c in np.argsort(inp.priority) if cls_unmet[c] > _UNMET_TOL]
        if lowest and budget.npv:
            text = (
                "Unmet demand is not priced in the npv objective: nothing else binds, so "
                "more capacity would not raise the investor's NPV at the scenario's prices."
            )
            out.append(Explanation("economics", None, text))
        elif lowest:
            c = lowest[0]
            pen = penalty_by_year(inp) * inp.priority[c]
            amount = (
                money(pen[0])
                if np.allclose(pen, pen[0])
                else f"{money(pen[0])} in {years[0]} to {money(pen[-1])} in {years[-1]}"
            )
            text = (
                f"Shortage falls first on '{inp.classes[c]}' (priority {inp.priority[c]:g}, "
                f"penalty {amount} per H100e-year unmet); nothing else binds, so more "
                "capacity for it would cost more than that penalty."
            )
            out.append(Explanation("economics", None, text))
    return out


def _together(budget: _Budget) -> list[Explanation]:
    """Limits that save nothing one at a time may bind together (money and scanners
    for the same module): re-solve with all of them relaxed at once."""
    if len(budget.pending) < 2:
        return []
    res = _result(budget.run([p[3] for p in budget.pending]))
    if budget.verdict(res) != "saves" or res is None:
        return []
    labels = " and ".join(p[2] for p in budget.pending)
    words = " and ".join(p[4] for p in budget.pending)
    kind, year = budget.pending[0][0], budget.pending[0][1]
    text = (
        f"{labels[0].upper()}{labels[1:]} bind together: neither alone would "
        f"{budget.improve}{budget.within()} (re-solved), but {words} "
        f"{budget.saving_text(res)}."
    )
    return [Explanation(kind, year, text)]


def _below_resolution(inp: PlanInputs, unmet: np.ndarray) -> str | None:
    """Why capacity is left idle under a shortage when the compute served is worth
    less than the solver resolves beside the shortage's penalty: what the plan makes
    is then not determined, and "no penalty worth avoiding" would be false (user test
    2026-12-05 scenarios #4: 1e15 H100e of demand). None when the plan resolves it.

    The served compute's penalty value (each year's served H100e at the lowest
    priority's penalty, the least it could be worth) over the unmet demand's penalty,
    against HiGHS's feasibility tolerance (:data:`tigris.plan.summary.
    HIGHS_FEASIBILITY_TOL`)."""
    from tigris.plan.summary import HIGHS_FEASIBILITY_TOL

    pen = penalty_by_year(inp)  # (T,) at priority 1
    priority = np.asarray(inp.priority, dtype=float)
    short = float((unmet * pen[None, :] * priority[:, None]).sum())
    served = np.clip(inp.demand.sum(axis=0) - unmet.sum(axis=0), 0.0, None)
    worth = float((served * pen).sum() * priority.min()) if len(priority) else 0.0
    if not (short > 0 and worth < HIGHS_FEASIBILITY_TOL * short):
        return None
    return (
        f"capacity is left, but all the compute served is worth {money(worth)} of "
        f"penalty, below HiGHS's feasibility tolerance ({HIGHS_FEASIBILITY_TOL:g}) of "
        f"the shortage's {money(short)}: at this demand the solver does not tell how "
        "much to make or build; lower the demand or unmet_penalty_usd_per_h100e."
    )


def _capacity_short(groups: list[dict[str, Any]]) -> bool:
    """Whether some shortage could have been met by building in time (its cause is
    ``capacity``): the economics sentence is not said when every shortage is lead
    time (more capacity could not have come, whatever it cost)."""
    return any(g["cause"] == "capacity" for g in groups)


def _shortage_groups(
    inp: PlanInputs,
    build: np.ndarray,
    prod: np.ndarray,
    unmet: np.ndarray,
    short: np.ndarray,
) -> list[dict[str, Any]]:
    """One record per run of consecutive shortage years with the same cause.

    Causes: ``no_product`` (nothing can be made that year), ``lead_time`` (the full
    facility types can be built, but nothing started in the first year produces
    yet), ``capacity`` (a facility type some available product needs is full), ``mix``
    (capacity is left but the product-mix shares hold production below it).
    """
    years = np.asarray(inp.years, dtype=int)
    out_new = online_fraction(build, inp.output) * inp.module_output[..., None]
    avail = inp.existing_output + out_new.sum(axis=0)  # (K, T) finished per month
    used = inp.used(prod) / MONTHS_PER_YEAR
    earliest = _earliest_online(inp)
    demand_t = inp.demand.sum(axis=0)
    unmet_t = unmet.sum(axis=0)
    available = np.asarray(inp.available, dtype=bool)
    k_dc, power_full, power_avail = _power_state(inp, used, avail, build, prod)
    life = _life(inp)
    fleet_mw = inp.fleet_mw() if k_dc is not None else None
    records = []
    for t in np.nonzero(short)[0]:
        year = int(years[t])
        order = np.argsort(inp.priority)
        worst = next((inp.classes[c] for c in order if unmet[c, t] > _UNMET_TOL), "")
        can_make = available[:, t]
        needed = inp.use[can_make, :, t].sum(axis=0) > 0 if np.any(can_make) else None
        ks: tuple[int, ...] = ()
        first = None
        if needed is None:
            cause = "no_product"
        else:
            full = needed & (used[:, t] >= avail[:, t] * _FULL_SHARE - 1e-9)
            if k_dc is not None and fleet_mw is not None:
                # a unit made in t is in service t … t+L−1: power full in any of them
                full[inp.datacenter_rows] = False
                powered = bool(np.any(fleet_mw[can_make] > 0))
                full[k_dc] = powered and bool(np.any(power_full[t : t + life]))
            ks = tuple(int(k) for k in np.nonzero(full)[0])
            if not ks:
                cause = "mix"
            elif all(np.isfinite(earliest[k]) and year < earliest[k] for k in ks):
                cause, first = "lead_time", int(min(earliest[k] for k in ks))
            else:
                cause = "capacity"
        empty = bool(ks) and all((power_avail[t] if k == k_dc else avail[k, t]) <= 0 for k in ks)
        records.append((year, cause, ks, worst, first, empty, t))

    groups = []
    runs: list[list[tuple]] = []
    for rec in records:
        prev = runs[-1][-1] if runs else None
        if prev and rec[0] == prev[0] + 1 and rec[1:6] == prev[1:6]:
            runs[-1].append(rec)
        else:
            runs.append([rec])
    for run in runs:
        y0, y1 = run[0][0], run[-1][0]
        cause, ks, worst, first, empty = run[0][1:6]
        ts = [r[6] for r in run]
        shares = unmet_t[ts] / np.maximum(demand_t[ts], 1e-9)
        when = f"{y0}" if y0 == y1 else f"{y0}–{y1}"
        lo, hi = unmet_t[ts].min(), unmet_t[ts].max()
        amount = (
            _range(lo / 1e6, hi / 1e6, "{:,.1f}") + "M H100e"
            if hi >= 1e6
            else _range(lo, hi, "{:,.0f}") + " H100e"
        )
        pct = _range(100 * shares.min(), 100 * shares.max(), "{:.0f}") + "%"
        head = f"{when}: {amount} ({pct}) of demand unmet, falling first on '{worst}'"
        state = _state(inp, ks, empty, k_dc, power_full, power_avail, used, ts, life, build, prod)
        power_years, per_mw, power_region = None, math.nan, None
        if k_dc is not None and k_dc in ks:
            tight = _power_window(ts, life, power_full)
            power_years = (int(years[tight[0]]), int(years[tight[-1]]))
            per_mw = _h100e_per_mw(inp, prod, int(tight[0]))
            power_region = _binding_region(inp, build, prod, tight)
        if cause == "no_product":
            text = f"{head}: no product in the scenario can be made in {when}."
        elif (
            cause == "mix" and not _mix_active(inp, ts) and (lost := _below_resolution(inp, unmet))
        ):
            text = f"{head}: {lost}"
        elif cause == "mix":
            text = (
                f"{head}: capacity is left, but the product-mix shares (min_share / "
                "max_share) hold production below it."
                if _mix_active(inp, ts)
                else f"{head}: no capacity limit is reached; "
                + (
                    "the npv objective does not price unmet demand (compute made on "
                    "others' capacity earns the investor nothing)."
                    if objective_of(inp) == "npv"
                    else "the shortage carries no penalty worth avoiding."
                )
            )
        elif cause == "lead_time":
            text = (
                f"{head}: {state} and new capacity cannot produce before {first} even "
                f"if started in {years[0]} (lead time)."
            )
        else:
            text = f"{head}: {state}."
            if not any(np.isfinite(earliest[k]) for k in ks):
                typed = inp.allowed.shape[0] == 0 or any(inp.allowed[:, k].any() for k in ks)
                why = "no candidate site may build more"
                if not typed:  # the type is a row of the plan, but no site may host it
                    labels = " or ".join(_facility_name(inp, k) for k in ks)
                    ids = " or ".join(f"'{inp.facilities[k]}'" for k in ks)
                    why = (
                        f"no site may host a {labels} module "
                        f"(no site lists {ids} in its facilities)"
                    )
                if all(_is_power(inp, k) for k in ks) and not typed:
                    why = "no site may build data-centre capacity"
                text = f"{head}: {state} and {why}."
        groups.append(
            {
                "cause": cause,
                "ks": ks,
                "y0": y0,
                "y1": y1,
                "head": text,
                "power_years": power_years,
                "h100e_per_mw": per_mw,
                "power_region": power_region,
            }
        )
    return groups


def _mix_active(inp: PlanInputs, ts: Sequence[int]) -> bool:
    avail = np.asarray(inp.available, dtype=bool)[:, ts]
    lo = np.nan_to_num(np.asarray(inp.min_share, dtype=float)[:, ts], nan=0.0)
    hi = np.nan_to_num(np.asarray(inp.max_share, dtype=float)[:, ts], nan=1.0)
    return bool(np.any(avail & ((lo > 0) | (hi < 1))))


def _hosted(inp: PlanInputs, k: int) -> bool:
    """Whether some site may host facility type k (else its module slots are empty:
    capacity 1, cost 0, :func:`tigris.plan.assemble_sites` fills them)."""
    return bool(inp.allowed.shape[0]) and bool(inp.allowed[:, k].any())


def _unit_words(inp: PlanInputs, k: int, y0: int) -> tuple[float, str]:
    """The capacity a claim re-solves with [finished per month] and its words.

    One module of the scenario's size where a site may host type k
    (:func:`_module_unit`); where none may, there is no module to name, and the
    re-solve adds one wafer a month: the claim is per that unit, the marginal
    value, not a module's (a module is thousands of wafers a month,
    data/facility_types.csv).
    """
    if not _hosted(inp, k):
        unit = _UNITS[inp.facility_kind[k]].removesuffix("s/month")
        return 1.0, f"one more {_facility_name(inp, k)} {unit} a month of capacity from {y0} on"
    output, cap = _module_unit(inp, k)
    kind = inp.facility_kind[k]
    return output, (
        f"one more {_facility_name(inp, k)} module's output ({_size(cap)} "
        f"{_UNITS[kind]} as built) from {y0} on"
    )


def _module_unit(inp: PlanInputs, k: int) -> tuple[float, float]:
    """Output [per month, finished] and capacity [as built] of one module of type k.

    The largest module a site may start; if none may, the largest defined anywhere.
    """
    ok = _buildable(inp)[:, k] if inp.allowed.shape[0] else np.zeros(0, dtype=bool)
    outs = np.asarray(inp.module_output, dtype=float)[:, k] if len(ok) else np.zeros(0)
    caps = np.asarray(inp.module_capacity, dtype=float)[:, k] if len(ok) else np.zeros(0)
    pick = ok & (outs > 0) if np.any(ok & (outs > 0)) else outs > 0
    if not np.any(pick):
        return 0.0, 0.0
    s = int(np.argmax(np.where(pick, outs, -np.inf)))
    return float(outs[s]), float(caps[s])


def _capacity_claims(
    inp: PlanInputs,
    ks: tuple[int, ...],
    take: list[int],
    grp: Mapping[str, Any],
    budget: _Budget,
    build: np.ndarray | None = None,
) -> Generator[int, None, list[str]]:
    """What one more module of each bottleneck's capacity in ``take`` from the group's
    first year on would save; for data-centre power, one more MW of existing capacity
    from the first year it binds on (a MW, once there, stays).

    A two-step generator (see :func:`_start`): submits the re-solves and yields how
    many, then returns the claims in words.
    """
    y0 = int(grp["y0"])
    subs = []
    for k in take:
        if _is_power(inp, k):
            # one MW on the pool's row (its capacity is every datacenter type's MW)
            first, last = _power_years(grp)
            region = grp.get("power_region")
            # npv: the investor's own MW where the plan builds it, else at each site
            # that may host it, the best named (never the sites list's first, #9)
            cands, rule = _power_sites(inp, region, build)
            futs = []
            for site in cands or [None]:
                fut = budget.run(_power_changes(inp, k, first, last, region, site)[0])
                if fut is None:
                    break
                futs.append((site, fut))
            if not futs:
                break
            subs.append((k, 1.0, (futs, rule, len(cands))))
            continue
        output, what = _unit_words(inp, k, y0)
        if output <= 0:
            continue
        fut = budget.run([_capacity_change(inp, k, y0, output)])
        if fut is None:
            break
        subs.append((k, what, fut))
    yield len(subs)
    claims: list[str] = []
    verdicts = []
    for k, what, fut in subs:
        site = rule = None
        n_sites = 0
        n_of = None
        if isinstance(fut, tuple):  # one re-solve per candidate site: the best
            futs, rule, n_of = fut
            done = [(site, f.result()) for site, f in futs]
            n_sites = len(done)
            site, res = max(
                done,
                key=lambda d: d[1].saving_found if math.isfinite(d[1].saving_found) else -math.inf,
            )
        else:
            res = fut.result()
        if _is_power(inp, k):
            first, last = _power_years(grp)
            when = f"in {first}" if first == last else f"in {first}–{last}"
            _, whose, rows_per_mw = _power_changes(
                inp, k, first, last, grp.get("power_region"), site, rule, n_sites, n_of
            )
            what = f"one more MW of {whose} {when}"
            # per facility MW, at the PUE of the MW priced (and of the plan's modules)
            per_rows = float(grp.get("h100e_per_mw", math.nan))
            what += _per_mw_words(inp, per_rows, rows_per_mw, build, first)
        verdict = budget.verdict(res)
        verdicts.append(verdict)
        if verdict == "saves":
            claims.append(f"{what} {budget.saving_text(res)}")
        elif verdict == "none" and len(ks) > 1:
            claims.append(f"{what} alone would not {budget.improve}{budget.within()} (re-solved)")
    if len(ks) > 1 and verdicts and all(v == "none" for v in verdicts):
        changes = []
        for k in ks:
            output, _ = _unit_words(inp, k, y0)
            if output > 0:
                changes.append(_capacity_change(inp, k, y0, output))
        res = _result(budget.run(changes))
        if budget.verdict(res) == "saves" and res is not None:
            each = (
                "one more module of each"
                if all(_hosted(inp, k) for k in ks)
                else "all of these together"
            )
            claims.append(f"{each} from {y0} on {budget.saving_text(res)}")
    return claims


def _cheapest_module(
    inp: PlanInputs, value: np.ndarray, bottlenecks: list[int]
) -> tuple[float, int | None]:
    """Smallest positive ``value`` (S, K) over modules a site may start, for the
    bottleneck type that needs most; ``(0, None)`` if none."""
    ok = _buildable(inp)
    best, best_k = 0.0, None
    for k in bottlenecks or range(len(inp.facilities)):
        v = value[:, k][ok[:, k] & (value[:, k] > 0)] if ok.shape[0] else np.zeros(0)
        if len(v) and float(v.min()) > best:
            best, best_k = float(v.min()), k
    return best, best_k


def _capital(
    inp: PlanInputs,
    draw: np.ndarray,
    years: np.ndarray,
    bottlenecks: list[int],
    budget: _Budget,
) -> Generator[int, None, list[Explanation]]:
    """Whether money limits the plan, checked by offering one more module's capex.

    The test year is the first in which the investor's money left to date (offered less
    drawn, pooled over its sources: they are fungible for spending) is less than one
    module of the bottleneck type costs at its sites; the re-solve offers that module's
    net capex more that year, by the investor's source that has offered most. A
    two-step generator (:func:`_start`).
    """
    # the investor's money and sites only (incumbents that respond have their own)
    mine = np.array([o == INVESTOR for o in inp.source_owner], dtype=bool)
    capital, draw = inp.capital_usd[mine], draw[mine]
    net = net_capex_usd(inp) * np.array([o == INVESTOR for o in inp.site_owner])[:, None]
    extra, k = _cheapest_module(inp, net, bottlenecks)
    if k is None or extra <= 0:
        return []
    name = _facility_name(inp, k)
    offered = float(capital.sum()) if capital.size else 0.0
    if offered <= 0:
        text = (
            f"No capital is offered (the scenario's capital list is empty), so no {name} "
            f"module (net capex {money(extra)}) can be built."
        )
        return [Explanation("capital", None, text)]
    cum_avail = np.cumsum(capital, axis=1).sum(axis=0)
    cum_draw = np.cumsum(draw, axis=1).sum(axis=0)
    left = cum_avail - cum_draw
    tight = (cum_avail > 0) & (left < extra * (1 - _REL_TOL))
    if not np.any(tight):
        return []
    t = int(np.nonzero(tight)[0][0])
    y = int(years[t])
    f = int(np.argmax(np.cumsum(capital, axis=1)[:, t]))
    sel = {"source": np.asarray(inp.sources)[mine][f], "year": [int(x) for x in years[t:]]}
    change = ("capital-cumulative-upper", sel, extra / MONEY_SCALE)
    fut = budget.run([change])
    yield int(fut is not None)
    res = _result(fut)
    verdict = budget.verdict(res)
    if verdict == "none":
        budget.pending.append(("capital", y, "capital", change, f"{money(extra)} more in {y}"))
        return []
    fact = (
        f"by {y} the plan has drawn {money(cum_draw[t])} of the {money(cum_avail[t])} "
        f"offered to date; the {money(left[t])} left is less than one {name} module's "
        f"net capex ({money(extra)})"
    )
    if verdict == "saves" and res is not None:
        text = (
            f"Capital binds: {fact}; {money(extra)} more offered in {y} "
            f"{budget.saving_text(res, per_usd=extra)}."
        )
    else:
        text = fact[0].upper() + fact[1:] + "."
    return [Explanation("capital", y, text)]


def _tools(
    inp: PlanInputs,
    build: np.ndarray,
    years: np.ndarray,
    bottlenecks: list[int],
    budget: _Budget,
) -> Generator[int, None, list[Explanation]]:
    """Whether scanner supply limits the plan, checked by delivering enough more for
    one more bottleneck module in the first year too few are left for one. A two-step
    generator (:func:`_start`)."""
    n_t = len(years)
    subs = []
    for tool, need, supply, label in (
        ("euv", inp.euv_tools, inp.euv_supply, "EUV"),
        ("high_na", inp.high_na_tools, inp.high_na_supply, "High-NA EUV"),
    ):
        ks = [k for k in bottlenecks if np.any(need[:, k] > 0)] if need.size else []
        min_need, k = _cheapest_module(inp, need, ks)
        if k is None or min_need <= 0:
            continue
        used = np.einsum("skt,sk->t", build, need)
        left = supply - used
        # a module started in year t must produce within the horizon to matter
        first_out = int(np.argmax(np.any(inp.output[:, k] > 0, axis=0)))
        tight = left < min_need - _TOOL_TOL
        tight[max(n_t - first_out, 0) :] = False
        if not np.any(tight):
            continue
        t = int(np.nonzero(tight)[0][0])
        y = int(years[t])
        more = math.ceil(min_need - left[t] - _TOOL_TOL)
        change = (f"tools-{tool}-upper", {"year": [y]}, float(more))
        extra = "one more scanner" if more == 1 else f"{more} more scanners"
        name = _facility_name(inp, k)
        if supply[t] <= _TOOL_TOL:  # not "0 of the 0 ...; the 0 left" (user test, fifth #10)
            fact = (
                f"no {label} scanner is available to the plan in {y}; one more {name} "
                f"module needs {min_need:g}"
            )
        else:
            fact = (
                f"in {y} new fabs take {used[t]:g} of the {supply[t]:g} {label} scanners "
                f"available to the plan; the {max(left[t], 0):g} left are fewer than the "
                f"{min_need:g} one more {name} module needs"
            )
        subs.append((tool, label, y, change, extra, fact, budget.run([change])))
    yield sum(sub[-1] is not None for sub in subs)
    out = []
    for tool, label, y, change, extra, fact, fut in subs:
        res = _result(fut)
        verdict = budget.verdict(res)
        if verdict == "none" or budget.no_saving_beyond_gap(res):
            # a re-solve that saves nothing beyond the MIP gap: the scanners are not a
            # reason of their own, at any gap (user test s48 #2: at --mip-gap 0.01 the
            # same plan listed "No EUV scanner is available ... needs 11", which a
            # re-solve with 11 more saves $0 on); they may still bind with money. One
            # that found a saving is said, however loose the gap (review s48: a found
            # $200B under the reference's $773B tolerance at --mip-gap 0.01 went unsaid)
            budget.pending.append((tool, y, f"{label} supply", change, f"{extra} in {y}"))
            continue
        if verdict == "saves" and res is not None:
            text = f"{label} supply binds: {fact}; {extra} in {y} {budget.saving_text(res)}."
        else:
            text = fact[0].upper() + fact[1:] + "."
        out.append(Explanation(tool, y, text))
    return out


#: How a site's limit explanation points at its source: the assumptions row's name,
#: replaced by the source itself where the result has the row
#: (:func:`tigris.plan.result.cite_site_limits`).
SITE_SOURCE_MARK = "its source: the assumptions row '{row}'"


def _incumbent_site_full_text(site: str, owner: str, cap: float, hosted: str) -> str:
    """Why an incumbent's own site (``incumbents.respond``) stops the plan: its cap is
    a row of tigris's ``data/incumbent_sites.csv``, quoted with its source, which no
    scenario field sets (the sentence for the investor's sites pointed at a scenario
    row and a ``--set sites.<owner>@<site>.max_modules`` that do not exist: user test,
    2026-12-05).

    Parameters
    ----------
    site : str
        The plan's name of the site, ``<owner slug>@<site>``.
    owner : str
        The incumbent (``data/incumbent_capital.csv``'s name).
    cap : float
        The site's ``max_modules`` [modules].
    hosted : str
        The words saying how many modules it may host.

    Returns
    -------
    str
        The sentence.
    """
    from tigris.data import load_rows
    from tigris.scenario.checks import resolve_site

    where = site.split("@", 1)[-1]
    source = next(
        (
            str(r["source"]).strip().rstrip(".")
            for r in load_rows("incumbent_sites")
            if str(r["owner"]) == owner
            and (resolve_site(str(r["site"])) or str(r["site"])) == where
        ),
        "",
    )
    cited = f": its source: {source}" if source else ""
    return (
        f"Site {site} ({owner}'s own site in {where}) is full: {hosted} built or started. "
        f"The {cap:g} is tigris's assumption of what {owner} may build there "
        f"(data/incumbent_sites.csv), not a limit of the world{cited}. No scenario field "
        "sets it (it is tigris's data, not the scenario's); incumbents.respond: false "
        "leaves the incumbents' own building out of the plan."
    )


def _site_full_text(inp: PlanInputs, build: np.ndarray, s: int, cap: float, limit: float) -> str:
    """Why a full site stops the plan: the cap is the scenario's, not the world's, with
    its source and how to lift it (user test UT-JOURNO #1: "$7T buys what $100B buys"
    read as a fact of the world, though texas-usa's 40 modules are an assumption).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : array (S, K, T)
        Modules started [modules].
    s : int
        The site.
    cap : float
        Its ``max_modules`` [modules].
    limit : float
        Its ``power_limit_mw`` [MW]; inf without one.

    Returns
    -------
    str
        The sentence.
    """
    site = inp.sites[s]
    hosted = "the 1 module it may host is" if cap == 1 else f"all {cap:g} modules it may host are"
    owner = inp.site_owner[s] if inp.site_owner is not None else INVESTOR
    if owner != INVESTOR:
        return _incumbent_site_full_text(site, owner, cap, hosted)
    path = f"sites.{site}.max_modules"
    row = SITE_SOURCE_MARK.format(row=f"site {site}: max modules")
    text = (
        f"Site {site} is full: {hosted} built or started. "
        f"The {cap:g} is an assumption of the scenario ({path}), not a limit of the "
        f"world: {row}. To lift it: --set {path}=N, or edit the scenario file"
    )
    if inp.min_modules is not None and float(inp.min_modules[s]) >= cap - 1e-6:
        # every module is a commitment (min_modules = max_modules): the plan did not
        # choose them, so the cap need not hold it back (user test 2026-12-06 money #3:
        # "To lift it" where a re-solve with a higher cap changed nothing)
        text = (
            f"Site {site} is full: {hosted} built or started, all of them required by the "
            f"scenario (sites.{site}.min_modules = {path} = {cap:g}), not chosen by the "
            f"plan. Not re-solved, so not said to hold the plan back: a what-if with "
            f"--set {path}=N tells whether more would serve more or cost less"
        )
    built = [k for k in range(build.shape[1]) if build[s, k].sum() > 0]
    if np.isfinite(limit) and built:
        # the power the built modules draw at full output, and one more of the smallest
        mw = float(sum(build[s, k].sum() * inp.power_mw[s, k] for k in built))
        one = float(min(inp.power_mw[s, k] for k in built))
        if mw + one > limit + 1e-9:
            text += (
                f"; its power limit ({_limit_mw(limit)} MW, sites.{site}.power_limit_mw, also the "
                "scenario's) leaves no room for another module either (not re-solved: "
                f"a what-if with --set sites.{site}.power_limit_mw=MW tells whether more "
                "would serve more or cost less)"
            )
    return text + "."


def _no_room_text(inp: PlanInputs, s: int, kinds: list[int], blocked: list[int]) -> str:
    """What no longer fits at site ``s``: another module of any kind, or of the kinds
    listed, with their MW [MW of ``PlanInputs.power_mw``] and what still fits."""
    if set(blocked) == set(kinds):
        return "another module would exceed it"
    fits = [k for k in kinds if k not in blocked]
    return (
        f"another {_named_mw(inp, s, blocked)} module would exceed it; one more "
        f"{_named_mw(inp, s, fits)} module still fits"
    )


def _named_mw(inp: PlanInputs, s: int, ks: list[int]) -> str:
    """Facility names with their module's MW at site ``s``, joined by "or"."""
    return " or ".join(f"{_facility_name(inp, k)} ({inp.power_mw[s, k]:,.0f} MW)" for k in ks)


def _too_big_text(inp: PlanInputs, s: int, limit: float, big: list[int]) -> str:
    """A site whose power limit is below one module of some kinds: none can be built."""
    site = inp.sites[s]
    path = f"sites.{site}.power_limit_mw"
    below = " or ".join(
        f"one {_facility_name(inp, k)} ({inp.power_mw[s, k]:,.0f} MW) module" for k in big
    )
    none = "none" if len(big) == 1 else "none of these kinds"
    # far below the smallest module, a limit is likelier GW written as MW (0.5 for 500;
    # user test 2026-12-06 #2 read "0 MW", the limit rounded away)
    from tigris.scenario.checks_extremes import POWER_LIMIT_SLIP_RATIO

    smallest = min(float(inp.power_mw[s, k]) for k in big)
    unit = ""
    if limit < smallest * POWER_LIMIT_SLIP_RATIO:
        unit = f" (the field is in MW: {limit:g} GW is {limit * 1000:,.0f})"
    return (
        f"Site {site}'s power limit ({_limit_mw(limit)} MW, {path}, an assumption of the "
        f"scenario) is below {below}, so {none} can be built there{unit}. To allow one: "
        f"--set {path}=MW, or edit the scenario file; not re-solved here, so whether "
        "it would then be built, and serve more or cost less, is for that what-if."
    )


def _limit_mw(limit: float) -> str:
    """A site's power limit as written [MW]: whole MW from 10 up, else three
    significant figures (0.5, not "0")."""
    return f"{limit:,.0f}" if limit >= 10 else f"{limit:.3g}"


def _sites(inp: PlanInputs, build: np.ndarray, years: np.ndarray) -> list[Explanation]:
    """Sites at their module or power limit (facts of the plan, no value quoted, never
    said to bind: no re-solve tests them)."""
    out = []
    total = build.sum(axis=(1, 2))
    for s, site in enumerate(inp.sites):
        cap = float(inp.max_modules[s])
        limit = float(inp.power_limit_mw[s])
        if np.isfinite(cap) and total[s] >= cap - 1e-6 and total[s] > 0:
            text = _site_full_text(inp, build, s, cap, limit)
            out.append(Explanation("site_modules", None, text))
        if np.isfinite(limit):
            # each module takes its full MW from its start, as site-power-upper counts
            # it (not its ramp-year average: user test 2026-12-06 power #1)
            fab_mw = (np.cumsum(build[s], axis=-1) * inp.power_mw[s, :, None]).sum(axis=0)
            kinds = [
                k
                for k in range(inp.power_mw.shape[1])
                if inp.allowed[s, k] and np.any(inp.output[s, k] > 0)
            ]
            big = [k for k in kinds if inp.power_mw[s, k] > limit + 1e-9]
            if big:
                out.append(Explanation("site_power", None, _too_big_text(inp, s, limit, big)))
                kinds = [k for k in kinds if k not in big]
            # per year, the kinds of module that no longer fit (UT-SCEN 2026-12-05 #1: the
            # smallest still fitting hid that the needed, larger one did not)
            blocked = [
                [k for k in kinds if fab_mw[t] + inp.power_mw[s, k] > limit + 1e-9]
                for t in range(len(years))
            ]
            tight = np.array([bool(b) and fab_mw[t] > 0 for t, b in enumerate(blocked)])
            tight &= bool(kinds)
            if np.any(tight):
                ys = [int(y) for y in years[tight]]
                dc = any(build[s, k].sum() > 0 and _is_power(inp, k) for k in range(build.shape[1]))
                who = "new fabs and data centres" if dc else "new fabs"
                path = f"sites.{site}.power_limit_mw"
                row = SITE_SOURCE_MARK.format(row=f"site {site}: power limit")
                t_max = int(np.argmax(np.where(tight, fab_mw, -np.inf)))
                # a fact of the plan, not re-solved, so never "binds" nor "to lift it"
                # (user test s48 plan #1: "Site japan power binds ... To lift it" where a
                # re-solve at 1,300 or 5,000 MW saved $0 and served nothing more)
                # "at its power limit" only when no kind fits; else what is left is said
                # (user test 2026-12-06 #10: "at its power limit: 60 of 300 MW" where
                # three kinds still fitted and only an HBM module did not)
                full = set(blocked[t_max]) == set(kinds)
                lead = (
                    f"Site {site} is at its power limit in {_years_text(ys)}"
                    if full
                    else f"Site {site}'s power limit has no room for every kind of module "
                    f"in {_years_text(ys)}"
                )
                text = (
                    f"{lead}: {who} started there take "
                    f"{fab_mw[tight].max():,.0f} of {limit:,.0f} MW (each module its full MW "
                    "from its start) and "
                    f"{_no_room_text(inp, s, kinds, blocked[t_max])}. The {limit:,.0f} MW is "
                    f"an assumption of the scenario ({path}): {row}. Not re-solved, so not "
                    f"said to bind: a what-if with --set {path}=MW tells whether more would "
                    "serve more or cost less."
                )
                out.append(Explanation("site_power", ys[0], text))
    return out
