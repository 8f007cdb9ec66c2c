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
``serve`` (minimised) a claim "would lower the discounted cost by $X": real cost plus
the penalty on unmet demand, and the claim says how much of $X is penalty avoided and
what the penalty is (the rental value of the compute served, with the ``rental``
penalty; else the scenario's number per H100e), the rest real cost. In ``npv``
(maximised) a claim "would raise the investor's NPV by $X": the investor's net present
value at the scenario's prices; unmet demand is not priced there.

An infeasible scenario is explained by :func:`tigris.plan.infeasible.explain_infeasible`
(re-exported here).
"""

from __future__ import annotations

import math
import time
from collections.abc import Generator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from tigris.fmt import money, money_floor
from tigris.plan.highs import Resolve, Resolver
from tigris.plan.infeasible import explain_infeasible
from tigris.plan.inputs import DATACENTER, INVESTOR, PlanInputs, fleet_in_service
from tigris.plan.model import (
    COUNT_SCALE,
    MONEY_SCALE,
    net_capex_usd,
    objective_coefficients,
    online_fraction,
)
from tigris.plan.result import Explanation
from tigris.plan.shadow import objective_of, penalty_by_year, penalty_words
from tigris.units import MONTHS_PER_YEAR

__all__ = [
    "MAX_RESOLVES",
    "RESOLVE_TIME_LIMIT_S",
    "explain",
    "explain_infeasible",
]

#: Relative tolerance for "at its limit" in the solution [-].
_REL_TOL = 1e-6
#: A facility type counts as fully used above this share of its capacity [-].
_FULL_SHARE = 1 - 1e-4
#: Unmet demand below this is treated as none [H100e].
_UNMET_TOL = 1.0
#: At most this many re-solves per explanation, so ``tigris plan`` stays quick [-].
MAX_RESOLVES = 6
#: No re-solve is started this long after the first one [s] (a bound on the whole).
RESOLVE_BUDGET_S = 1.5
#: Re-solves run this many at a time (HiGHS releases the GIL while it solves) [-].
_WORKERS = 2
#: Of which at most this many price bottleneck capacity [-].
_MAX_CAPACITY_RESOLVES = 2
#: Time limit of each re-solve [s]: the base solve's own time, within these bounds; a
#: re-solve stopped by it is quoted as "at least".
RESOLVE_TIME_LIMIT_S = (0.25, 0.3)
#: A saving is quoted as exact when the re-solve proves it to within this share [-].
_EXACT_SHARE = 0.01
#: Savings below this are no saving [USD] (also below the solver's MIP gap).
_SAVING_TOL_USD = 1.0
#: Scanner counts closer than this to a whole number are that number [tools].
_TOOL_TOL = 1e-9

_LABELS = {"logic": "logic", "cowos": "CoWoS", "hbm": "HBM", "datacenter": "data-centre"}
_UNITS = {
    "logic": "wafers/month",
    "cowos": "wafers/month",
    "hbm": "DRAM wafers/month",
    "datacenter": "MW",
}
#: Names of the data-centre facility types (grid-connected pool, on-site generation).
_DC_LABELS = {
    "datacenter": "data-centre",
    "datacenter-gas": "on-site gas data-centre",
    "datacenter-solar": "on-site solar data-centre",
}
#: Of which at most this many price one more MW of data-centre capacity [-].
_MAX_POWER_RESOLVES = 2
#: Of which at most this many price one more module's grid headroom [-].
_MAX_GRID_RESOLVES = 1
#: MW closer than this are equal (a module that just fits the headroom) [MW].
_MW_TOL = 1e-6
#: Model units of the ``grid-headroom-upper`` rows per MW [-].
_GRID_ROW_SCALE = 1.0
#: Real cost within this share of a saving is none: the saving is all penalty [-].
_SPLIT_REL = 1e-6


def _years_text(years: list[int]) -> str:
    """``[2025, 2026, 2027, 2030]`` -> ``"2025–2027, 2030"``."""
    if not years:
        return ""
    parts, start, prev = [], years[0], years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        parts.append(f"{start}" if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(parts)


def _range(lo: float, hi: float, fmt: str) -> str:
    """``"3.1–4.2"`` or ``"3.1"`` when both ends print the same."""
    a, b = fmt.format(lo), fmt.format(hi)
    return a if a == b else f"{a}–{b}"


def _h100e(x: float) -> str:
    return f"{x / 1e6:,.1f}M H100e" if abs(x) >= 1e6 else f"{x:,.0f} H100e"


def _size(x: float) -> str:
    return f"{x / 1e6:,.1f}M" if x >= 1e6 else f"{x:,.0f}"


def _facility_name(inp: PlanInputs, k: int) -> str:
    kind = inp.facility_kind[k]
    node = inp.facility_node[k]
    if kind == DATACENTER:
        return _DC_LABELS.get(inp.facilities[k], inp.facilities[k])
    return f"{node} logic" if kind == "logic" and node else _LABELS[kind]


def _is_power(inp: PlanInputs, k: int) -> bool:
    """Whether facility type k is data-centre capacity (its row limits the fleet's MW)."""
    return inp.facility_kind[k] == DATACENTER


def _buildable(inp: PlanInputs) -> np.ndarray:
    """(S, K) modules a site may start: allowed, room for one, some output ever."""
    if inp.allowed.shape[0] == 0:
        return np.zeros(inp.allowed.shape, dtype=bool)
    room = np.asarray(inp.max_modules, dtype=float) >= 1
    return inp.allowed & room[:, None] & np.any(inp.output > 0, axis=-1)


def _earliest_online(inp: PlanInputs) -> np.ndarray:
    """First year new capacity of each facility type can produce, if started at once."""
    ok = _buildable(inp)
    if ok.shape[0] == 0:  # no candidate sites: nothing can be built
        return np.full(len(inp.facilities), np.inf)
    first_out = np.argmax(inp.output > 0, axis=-1).astype(float)  # (S, K)
    first_out[~ok] = np.inf
    return inp.years[0] + first_out.min(axis=0)


class _Budget:
    """Re-solves left, and how each is phrased. A thin wrapper over a Resolver."""

    def __init__(
        self,
        resolver: Resolver | None,
        base_unmet_h100e: float,
        inp: PlanInputs | None = None,
        base_unmet: np.ndarray | None = None,
    ) -> None:
        self.resolver = resolver
        self.left = MAX_RESOLVES if resolver is not None else 0
        self.base_unmet = base_unmet_h100e
        #: ``npv`` claims raise the investor's NPV; ``serve`` claims lower the cost.
        self.npv = inp is not None and objective_of(inp) == "npv"
        self.improve = "raise the investor's NPV" if self.npv else "lower the cost"
        #: (C, T) PV of the penalty per unmet H100e [USD/H100e] and the plan's unmet
        #: (C, T) [H100e/year], to say how much of a saving is penalty (serve only).
        self._penalty_pv: np.ndarray | None = None
        self._unmet0 = base_unmet
        self._penalty_words = ""
        if inp is not None and not self.npv and base_unmet is not None:
            coef = objective_coefficients(inp, split=True)
            self._penalty_pv = np.asarray(
                coef["unmet_penalty"] if isinstance(coef, dict) else coef[-1], dtype=float
            )
            self._penalty_words = penalty_words(inp)
            if np.any(np.asarray(inp.priority, dtype=float) != 1.0):
                self._penalty_words += " times its class's priority"
        tol = _SAVING_TOL_USD
        if resolver is not None:
            tol = max(tol, resolver.gap * abs(resolver.objective) * MONEY_SCALE)
        self.tol_usd = tol
        #: Limits whose own re-solve saved nothing: (kind, year, label, change, words).
        self.pending: list[tuple[str, int, str, tuple[str, Mapping[str, Any], float], str]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._t0: float | None = None

    def run(self, changes: list[tuple[str, Mapping[str, Any], float]]) -> Future[Resolve] | None:
        """Submit a re-solve (None when the budget is spent or there is no resolver)."""
        if self.resolver is None or self.left <= 0 or not changes:
            return None
        now = time.perf_counter()
        self._t0 = now if self._t0 is None else self._t0
        if now - self._t0 > RESOLVE_BUDGET_S:  # later re-solves (joint ones) are skipped
            return None
        self.left -= 1
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=_WORKERS)
        return self._pool.submit(self.resolver.resolve, changes, ("unmet",))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def verdict(self, res: Resolve | None) -> str:
        """``saves``, ``none`` (proven no saving) or ``unknown``."""
        if res is None or res.status == "failed":
            return "unknown"
        if res.saving_max * MONEY_SCALE <= self.tol_usd:
            return "none"
        if res.saving_found * MONEY_SCALE > self.tol_usd:
            return "saves"
        return "unknown"

    def within(self) -> str:
        """What "no saving" means: exactly none, or none beyond the solver's MIP gap."""
        return "" if self.tol_usd <= _SAVING_TOL_USD else f" by more than {money(self.tol_usd)}"

    def saving_text(self, res: Resolve, per_usd: float | None = None) -> str:
        """``"would lower the discounted cost by $X ($r per dollar) and serve YM H100e
        more over the horizon ($P of it penalty avoided, ...; $R of real cost saved)
        (re-solved)"`` in ``serve``, ``"would raise the investor's NPV by $X ..."`` in
        ``npv``; ``"by at least $X"`` when the re-solve was cut short."""
        found = res.saving_found * MONEY_SCALE
        most = res.saving_max * MONEY_SCALE
        exact = res.exact and most <= found * (1 + _EXACT_SHARE) + _SAVING_TOL_USD
        amount = money(found) if exact else f"at least {money_floor(found)}"
        verb = "raise the investor's NPV" if self.npv else "lower the discounted cost"
        text = f"would {verb} by {amount}"
        if per_usd:
            per = found / per_usd  # a bound too when the saving is one: rounded down
            text += f" ({money(per) if exact else money_floor(per)} per dollar)"
        split = ""
        if exact and "unmet" in res.values:
            more = self.base_unmet - float(res.values["unmet"].sum()) * COUNT_SCALE
            if more > _UNMET_TOL:
                text += f" and serve {_h100e(more)} more over the horizon"
                split = self._split(found, res.values["unmet"] * COUNT_SCALE)
        if not split and self._penalty_words:  # what the cost counts, said once here
            split = f", counting unmet demand at {self._penalty_words}"
        text += split
        if exact:
            return text + " (re-solved)"
        limit = self.resolver.time_limit_s if self.resolver is not None else math.nan
        return text + f" (a re-solve stopped at its {limit:.2g} s limit)"

    def _split(self, saving: float, unmet: np.ndarray) -> str:
        """``" ($P of it penalty avoided, <what the penalty is>; $R of real cost saved)"``
        or ``"...; $R more real cost)"`` (serve), empty in npv [USD, PV]."""
        if self._penalty_pv is None or self._unmet0 is None:
            return ""
        if np.shape(unmet) != np.shape(self._penalty_pv):
            return ""
        avoided = float((self._penalty_pv * (self._unmet0 - unmet)).sum())
        real = saving - avoided
        if abs(real) <= max(self.tol_usd, _SPLIT_REL * abs(saving)):  # all penalty
            return f" (penalty avoided: {self._penalty_words})"
        rest = (
            f"{money(real)} of real cost saved" if real >= 0 else f"{money(-real)} more real cost"
        )
        return f" ({money(avoided)} of it penalty avoided, {self._penalty_words}; {rest})"


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
            step = _start(_capacity_claims(inp, ks, take, grp, budget), [])
        steps.append(step)
    limit_steps = []
    if np.any(short) and could_build:
        limit_steps.append(_start(_capital(inp, draw, years, bottlenecks, budget), []))
        limit_steps.append(_start(_tools(inp, build, years, bottlenecks, budget), []))
    if np.any(short) and any(_is_power(inp, k) for k in bottlenecks):
        limit_steps.append(_start(_grid(inp, build, years, budget), []))
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
    limits += _sites(inp, build, years)
    out.extend(limits)
    budget.close()

    if not np.any(short):
        out.insert(0, Explanation("met", None, "All demand is met in every year."))
    elif could_build and not limits and not budget.pending:
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


def _start(gen: Generator[int, None, Any] | None, default: Any) -> tuple[Any, int, Any]:
    """Run a two-step explanation generator to its first ``yield`` (its re-solves are
    then submitted and running); ``(gen, submitted, None)``, or ``(None, 0, result)``
    if it finished without re-solving (``default`` when there is no generator)."""
    if gen is None:
        return None, 0, default
    try:
        return gen, next(gen), None
    except StopIteration as stop:
        return None, 0, stop.value


def _finish(step: tuple[Any, int, Any]) -> Any:
    """The result of a step started by :func:`_start` (waits for its re-solves)."""
    gen, _, value = step
    if gen is None:
        return value
    try:
        next(gen)
    except StopIteration as stop:
        return stop.value
    msg = "an explanation step yielded twice"
    raise RuntimeError(msg)


def _result(fut: Future[Resolve] | None) -> Resolve | None:
    return fut.result() if fut is not None else None


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
    k_dc, power_full, power_avail = _power_state(inp, used, avail)
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
        state = _state(inp, ks, empty, k_dc, power_full, power_avail, used, ts, life)
        power_years, per_mw = None, math.nan
        if k_dc is not None and k_dc in ks:
            tight = _power_window(ts, life, power_full)
            power_years = (int(years[tight[0]]), int(years[tight[-1]]))
            per_mw = _h100e_per_mw(inp, prod, int(tight[0]))
        if cause == "no_product":
            text = f"{head}: no product in the scenario can be made in {when}."
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
                if not typed:  # sites with room, but no facility type adds this capacity
                    why = "no facility type in the scenario builds it"
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
            }
        )
    return groups


def _life(inp: PlanInputs) -> int:
    """Years an accelerator delivered stays in service and draws power, ``L`` [year]."""
    return max(int(getattr(inp, "fleet_lifetime_years", 1)), 1)


def _power_state(
    inp: PlanInputs, used: np.ndarray, avail: np.ndarray
) -> tuple[int | None, np.ndarray, np.ndarray]:
    """The data-centre pool's row, the years its capacity is full, and that capacity.

    The installed fleet's facility power (legacy fleet included) is on the pool's
    row (:meth:`~tigris.plan.inputs.PlanInputs.used`, in MW once divided by 12); the
    capacity is every ``datacenter``-kind facility's online MW, existing and built
    (``docs/energy.md``, "The power constraint").

    Returns
    -------
    tuple
        The pool's facility index (``None`` without data-centre capacity), (T,) bool
        full, (T,) capacity online [MW].
    """
    n_t = len(inp.years)
    k = getattr(inp, "datacenter_row", None)
    if k is None:
        return None, np.zeros(n_t, dtype=bool), np.zeros(n_t)
    cap = avail[inp.datacenter_rows].sum(axis=0)
    need = used[k]
    full = (need >= cap * _FULL_SHARE - 1e-9) & ((need > 0) | (cap <= 0))
    return k, full, cap


def _state(
    inp: PlanInputs,
    ks: tuple[int, ...],
    empty: bool,
    k_dc: int | None,
    power_full: np.ndarray,
    power_avail: np.ndarray,
    used: np.ndarray,
    ts: Sequence[int],
    life: int,
) -> str:
    """What is full, in words: ``"N5 logic capacity is fully used"``; for data-centre
    power where (the world: one pool, all regions) and when (the years, from the
    shortage to the last in which units made then are still in service)."""
    wafer = [k for k in ks if k != k_dc]
    parts = []
    if wafer:
        names = " and ".join(_facility_name(inp, k) for k in wafer)
        parts.append(
            f"there is no {names} capacity" if empty else f"{names} capacity is fully used"
        )
    if k_dc is not None and k_dc in ks:
        years = np.asarray(inp.years, dtype=int)
        tight = _power_window(ts, life, power_full)
        when = _years_text([int(years[t]) for t in tight])
        lo, hi = float(power_avail[tight].min()), float(power_avail[tight].max())
        if hi <= 0:
            parts.append(
                f"there is no data-centre capacity to power the installed fleet in {when} "
                "(world, all regions pooled)"
            )
        else:
            need = used[k_dc][tight]
            parts.append(
                f"data-centre capacity is fully used in {when} (world, all regions "
                f"pooled): the installed fleet needs "
                f"{_range(need.min(), need.max(), '{:,.0f}')} MW of facility power, all "
                f"of the {_range(lo, hi, '{:,.0f}')} MW online"
            )
    return " and ".join(parts)


def _h100e_per_mw(inp: PlanInputs, prod: np.ndarray, t: int) -> float:
    """Compute in service per MW of facility power, of the plan's own fleet in year
    ``t`` (legacy excluded) [H100e/MW]; NaN without a fleet that draws power.

    ``Σ_{l<L} Σ_p h100e_p · prod[p, t − l] / Σ_{l<L} Σ_p fleet_mw_p · prod[p, t − l]``
    (contract of issue 12, "The installed fleet").
    """
    life = _life(inp)
    h = fleet_in_service(np.asarray(inp.h100e, dtype=float) @ prod, life)[t]
    mw = inp.fleet_power_mw(prod, legacy=False)[t]
    return float(h / mw) if mw > 0 else math.nan


def _power_window(ts: Sequence[int], life: int, power_full: np.ndarray) -> np.ndarray:
    """Years (indices) in which units made in years ``ts`` are in service and
    data-centre power is full (never empty for a group whose bottleneck is power)."""
    window = np.zeros(len(power_full), dtype=bool)
    for t in ts:
        window[t : t + life] = True
    return np.nonzero(window & power_full)[0]


def _mix_active(inp: PlanInputs, ts: Sequence[int]) -> bool:
    avail = np.asarray(inp.available, dtype=bool)[:, ts]
    lo = np.nan_to_num(np.asarray(inp.min_share, dtype=float)[:, ts], nan=0.0)
    hi = np.nan_to_num(np.asarray(inp.max_share, dtype=float)[:, ts], nan=1.0)
    return bool(np.any(avail & ((lo > 0) | (hi < 1))))


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


def _capacity_change(
    inp: PlanInputs, k: int, y0: int, output: float, until: int | None = None
) -> tuple[str, dict[str, Any], float]:
    """Raise facility type k's capacity row by ``output`` from ``y0`` on (to ``until``
    if given) (model units)."""
    last = until if until is not None else int(inp.years[-1])
    years = [int(y) for y in inp.years if y0 <= y <= last]
    sel = {"facility": inp.facilities[k], "year": years}
    return (f"capacity-{inp.facility_kind[k]}-upper", sel, output * MONTHS_PER_YEAR / COUNT_SCALE)


def _power_years(grp: Mapping[str, Any]) -> tuple[int, int]:
    """First and last year data-centre power binds for a shortage group (its
    ``state`` says), within the years units made in the shortage are in service."""
    span = grp.get("power_years") or (grp["y0"], grp["y1"])
    return int(span[0]), int(span[1])


def _capacity_claims(
    inp: PlanInputs,
    ks: tuple[int, ...],
    take: list[int],
    grp: Mapping[str, Any],
    budget: _Budget,
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
            fut = budget.run(_power_changes(inp, k, first, last)[0])
            if fut is None:
                break
            subs.append((k, 1.0, fut))
            continue
        output, cap = _module_unit(inp, k)
        if output <= 0:
            continue
        fut = budget.run([_capacity_change(inp, k, y0, output)])
        if fut is None:
            break
        subs.append((k, cap, fut))
    yield len(subs)
    claims: list[str] = []
    verdicts = []
    for k, cap, fut in subs:
        res = fut.result()
        kind = inp.facility_kind[k]
        what = (
            f"one more {_facility_name(inp, k)} module's output ({_size(cap)} "
            f"{_UNITS[kind]} as built) from {y0} on"
        )
        if _is_power(inp, k):
            first, last = _power_years(grp)
            when = f"in {first}" if first == last else f"in {first}–{last}"
            whose = _power_changes(inp, k, first, last)[1]
            what = f"one more MW of {whose} {when}"
            per_mw = float(grp.get("h100e_per_mw", math.nan))
            if math.isfinite(per_mw) and per_mw > 0:
                what += f" (a MW powers {_h100e(per_mw)} of the plan's fleet in {first})"
        verdict = budget.verdict(res)
        verdicts.append(verdict)
        if verdict == "saves":
            claims.append(f"{what} {budget.saving_text(res)}")
        elif verdict == "none" and len(ks) > 1:
            claims.append(f"{what} alone would not {budget.improve}{budget.within()} (re-solved)")
    if len(ks) > 1 and verdicts and all(v == "none" for v in verdicts):
        changes = []
        for k in ks:
            output, _ = _module_unit(inp, k)
            if output > 0:
                changes.append(_capacity_change(inp, k, y0, output))
        res = _result(budget.run(changes))
        if budget.verdict(res) == "saves" and res is not None:
            claims.append(f"one more module of each from {y0} on {budget.saving_text(res)}")
    return claims


def _power_changes(
    inp: PlanInputs, k: int, first: int, last: int
) -> tuple[list[tuple[str, dict[str, Any], float]], str]:
    """The re-solve's changes for one more MW of data-centre capacity in ``first`` …
    ``last`` on the pool's row ``k``, and whose MW it is in words.

    ``serve``: the pool's row alone (any owner's MW powers the same fleet). ``npv``: as
    the shadow prices do (:mod:`tigris.plan.shadow`), the investor's own MW where an
    investor site may host a data-centre type (its site's sales limit raised with the
    row, so it may lease it); else one more MW of others' capacity, which the merit
    order's floor (``sold-lower``: the investor supplies what others cannot) counts
    too, so that row is loosened by the same MW.
    """
    change = _capacity_change(inp, k, first, 1.0, until=last)
    if objective_of(inp) != "npv":
        return [change], "data-centre capacity (world)"
    years, delta = change[1]["year"], change[2]
    mine = np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)
    can = np.asarray(inp.allowed, dtype=bool) & mine[:, None]
    for s, site in enumerate(inp.sites):
        for j in inp.datacenter_rows:
            if can[s, j]:
                sel = {"site": site, "facility": inp.facilities[j], "year": years}
                return [change, ("sold-site-upper", sel, delta)], (
                    f"the investor's own data-centre capacity (at {site})"
                )
    sel = {"facility": inp.facilities[k], "year": years}
    return [change, ("sold-lower", sel, delta)], "others' data-centre capacity (world)"


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
        f"by {y} the plan has committed {money(cum_draw[t])} of the {money(cum_avail[t])} "
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
        fact = (
            f"in {y} new fabs take {used[t]:g} of the {supply[t]:g} {label} scanners "
            f"available to the plan; the {max(left[t], 0):g} left are fewer than the "
            f"{min_need:g} one more {_facility_name(inp, k)} module needs"
        )
        subs.append((tool, label, y, change, extra, fact, budget.run([change])))
    yield sum(sub[-1] is not None for sub in subs)
    out = []
    for tool, label, y, change, extra, fact, fut in subs:
        res = _result(fut)
        verdict = budget.verdict(res)
        if verdict == "none":
            budget.pending.append((tool, y, f"{label} supply", change, f"{extra} in {y}"))
            continue
        if verdict == "saves" and res is not None:
            text = f"{label} supply binds: {fact}; {extra} in {y} {budget.saving_text(res)}."
        else:
            text = fact[0].upper() + fact[1:] + "."
        out.append(Explanation(tool, y, text))
    return out


def _grid_online_mw(inp: PlanInputs, build: np.ndarray) -> np.ndarray:
    """(R, T) data-centre MW the plan brings online at each region's sites on the grid:
    ``Σ_{s in r, k grid-limited} module_capacity[s, k] · online[s, k, t]`` [MW]
    (``docs/energy.md``, "The power constraint")."""
    regions = tuple(getattr(inp, "regions", ()) or ())
    site_region = getattr(inp, "site_region", None)
    out = np.zeros((len(regions), len(inp.years)))
    if not regions or site_region is None or not len(inp.sites):
        return out
    limited = inp.grid_limits()
    online = online_fraction(build, inp.output) * np.asarray(inp.module_capacity)[..., None]
    online = np.where(limited[..., None], online, 0.0).sum(axis=1)  # (S, T)
    for r, region in enumerate(regions):
        at = np.array([sr == region for sr in site_region], dtype=bool)
        out[r] = online[at].sum(axis=0)
    return out


def _grid(
    inp: PlanInputs, build: np.ndarray, years: np.ndarray, budget: _Budget
) -> Generator[int, None, list[Explanation]]:
    """Regions whose grid headroom is full while data-centre power is a bottleneck.

    Full in a year: the plan's grid-connected data-centre MW online in the region plus
    the smallest such module a site there may start exceed the headroom. The first
    full region (earliest year) is checked by re-solving with that module's MW more
    headroom there from that year on; a full region whose re-solve saves nothing is
    not reported (it does not bind). A two-step generator (:func:`_start`).
    """
    regions = tuple(getattr(inp, "regions", ()) or ())
    head = getattr(inp, "grid_headroom_mw", None)
    if not regions or head is None or inp.site_region is None:
        return []
    head = np.asarray(head, dtype=float)
    online = _grid_online_mw(inp, build)
    ok = _buildable(inp) & inp.grid_limits()
    cap = np.asarray(inp.module_capacity, dtype=float)
    found = []
    for r, region in enumerate(regions):
        at = np.array([sr == region for sr in inp.site_region], dtype=bool)
        mods = cap[at][ok[at]]
        mods = mods[mods > 0]
        if not len(mods):
            continue
        module = float(mods.min())
        tight = np.isfinite(head[r]) & (online[r] + module > head[r] + _MW_TOL)
        if np.any(tight):
            found.append((int(np.argmax(tight)), r, region, module, tight))
    found.sort()
    subs = []
    for i, (t, r, region, module, tight) in enumerate(found):
        fut = None
        if i < _MAX_GRID_RESOLVES:
            sel = {"region": region, "year": [int(y) for y in years[t:]]}
            fut = budget.run([("grid-headroom-upper", sel, module * _GRID_ROW_SCALE)])
        subs.append((t, r, region, module, tight, fut))
    yield sum(sub[-1] is not None for sub in subs)
    out = []
    for t, r, region, module, tight, fut in subs:
        ys = [int(y) for y in years[tight]]
        when = _years_text(ys)
        if float(head[r][tight].max()) <= 0:
            fact = f"in {region} the grid can connect no new data-centre capacity in {when}"
        else:
            fact = (
                f"in {region} in {when} the plan's grid-connected data-centre modules bring "
                f"{_range(online[r][tight].min(), online[r][tight].max(), '{:,.0f}')} MW "
                f"online of the {_range(head[r][tight].min(), head[r][tight].max(), '{:,.0f}')}"
                f" MW the grid can connect, and another module ({module:,.0f} MW) would "
                "exceed it"
            )
        res = _result(fut)
        verdict = budget.verdict(res)
        if verdict == "none":
            continue
        if verdict == "saves" and res is not None:
            text = (
                f"Grid headroom binds: {fact}; {module:,.0f} MW more headroom in {region} "
                f"from {years[t]} on {budget.saving_text(res)}."
            )
        else:
            text = f"Grid headroom is full: {fact}."
        out.append(Explanation("grid_headroom", int(years[t]), text))
    return out


def _sites(inp: PlanInputs, build: np.ndarray, years: np.ndarray) -> list[Explanation]:
    """Sites at their module or power limit (facts of the plan, no value quoted)."""
    out = []
    total = build.sum(axis=(1, 2))
    for s, site in enumerate(inp.sites):
        cap = float(inp.max_modules[s])
        if np.isfinite(cap) and total[s] >= cap - 1e-6 and total[s] > 0:
            text = f"Site {site} is full: all {cap:g} modules it may host are built or started."
            out.append(Explanation("site_modules", None, text))
        limit = float(inp.power_limit_mw[s])
        if np.isfinite(limit):
            fab_mw = (
                online_fraction(build[s : s + 1], inp.output[s : s + 1])[0]
                * inp.power_mw[s, :, None]
            ).sum(axis=0)
            room = float(inp.power_mw[s][inp.allowed[s]].min()) if np.any(inp.allowed[s]) else 0.0
            tight = (fab_mw > limit - room + 1e-9) & (fab_mw > 0)
            if np.any(tight):
                ys = [int(y) for y in years[tight]]
                text = (
                    f"Site {site} power binds in {_years_text(ys)}: new fabs draw "
                    f"{fab_mw.max():,.0f} of {limit:,.0f} MW and another module would exceed it."
                )
                out.append(Explanation("site_power", ys[0], text))
    return out
