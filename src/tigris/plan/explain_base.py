"""Shared pieces of the explanations (:mod:`tigris.plan.explain`): the re-solve
budget and how a saving is phrased (:class:`_Budget`), the two-step generators that
submit re-solves then read them, and the words for facility types, years and amounts.
"""

from __future__ import annotations

import math
from collections.abc import Generator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np

from tigris.fmt import money, money_floor
from tigris.plan.highs import RESOLVE_SAFETY_S, Resolve, Resolver, serial
from tigris.plan.inputs import DATACENTER, PlanInputs
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, objective_coefficients
from tigris.plan.shadow import objective_of, penalty_words
from tigris.units import MONTHS_PER_YEAR

__all__ = ["MAX_RESOLVES", "RESOLVE_TIME_LIMIT_S", "retiming_split"]

#: Relative tolerance for "at its limit" in the solution [-].
_REL_TOL = 1e-6
#: A facility type counts as fully used above this share of its capacity [-].
_FULL_SHARE = 1 - 1e-4
#: Unmet demand below this is treated as none [H100e].
_UNMET_TOL = 1.0
#: At most this many re-solves per explanation, so ``tigris plan`` stays quick [-]
#: (the product-mix sentences add up to ``explain_mix.MAX_MIX_RESOLVES`` of their own).
#: A count, never a clock: which re-solves run, and so which sentences are printed,
#: must not depend on how fast the machine was (a 1.5 s wall-clock budget that skipped
#: the later ones made the same plan print different findings under load).
MAX_RESOLVES = 6
#: Re-solves run this many at a time (HiGHS releases the GIL while it solves) [-].
_WORKERS = 2
#: Bounds of the wall-clock safety net of each re-solve [s], both
#: :data:`~tigris.plan.highs.RESOLVE_SAFETY_S`: whatever the base solve's time, the net
#: is the same (it was the base solve's time within 0.25-0.3 s, so the same plan printed
#: different "at least" figures and limits run to run). What stops a re-solve normally
#: is a count of branch-and-bound nodes (:data:`~tigris.plan.highs.RESOLVE_MAX_NODES`).
RESOLVE_TIME_LIMIT_S = (RESOLVE_SAFETY_S, RESOLVE_SAFETY_S)
#: A saving is quoted as exact when the re-solve proves it to within this share [-].
_EXACT_SHARE = 0.01
#: What a ``serve`` claim lowers: the objective, the discounted real cost plus the
#: penalty on unmet demand (``tigris.plan.summary.OBJECTIVE_NAMES``), never "the cost",
#: which the headline defines without the penalty.
SERVE_OBJECTIVE = "the objective (cost + unmet penalty)"
#: Savings below this are no saving [USD] (also below the solver's MIP gap).
_SAVING_TOL_USD = 1.0
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
#: Real cost within this share of a saving is none: the saving is all penalty [-].
_SPLIT_REL = 1e-6
#: A saving is "mostly" re-timing when re-timing is more than this share of it [-].
_MOSTLY = 0.5


def _years_text(years: list[int]) -> str:
    """``[2025, 2026, 2027, 2030]`` -> ``"2025–2027, 2030"`` (:func:`tigris.fmt.year_ranges`)."""
    from tigris.fmt import year_ranges

    return year_ranges(years)


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
    out = inp.years[0] + first_out.min(axis=0)
    # the data-centre pool's row counts every datacenter type's MW (grid, on-site gas,
    # solar): new capacity for it comes online with the quickest of them (a gas site
    # started in 2026 that produces in 2028 ends a lead-time shortage in 2028, not the
    # grid type's 2031)
    k_dc = getattr(inp, "datacenter_row", None)
    rows = np.asarray(getattr(inp, "datacenter_rows", []), dtype=int).ravel()
    if k_dc is not None and len(rows):
        out[k_dc] = float(np.min(out[rows]))
    return out


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
        #: ``npv`` claims raise the investor's NPV; ``serve`` claims lower the objective
        #: (cost + unmet penalty), never "the cost": the headline's Cost has no penalty.
        self.npv = inp is not None and objective_of(inp) == "npv"
        self.improve = "raise the investor's NPV" if self.npv else f"lower {SERVE_OBJECTIVE}"
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

    def run(self, changes: list[tuple[str, Mapping[str, Any], float]]) -> Future[Resolve] | None:
        """Submit a re-solve (None when the budget is spent or there is no resolver)."""
        if self.resolver is None or self.left <= 0 or not changes:
            return None
        self.left -= 1
        if self._pool is None:
            # one at a time under TIGRIS_SERIAL (the same answers: each re-solve is
            # read by its own future, never in the order they finish)
            self._pool = ThreadPoolExecutor(max_workers=1 if serial() else _WORKERS)
        return self._pool.submit(self.resolver.resolve, changes, ("unmet",))

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def verdict(self, res: Resolve | None) -> str:
        """``saves``, ``none`` (proven no saving) or ``unknown``."""
        if res is None or res.status == "failed":
            return "unknown"
        if res.saving_max * MONEY_SCALE <= _SAVING_TOL_USD:
            return "none"
        if res.saving_max * MONEY_SCALE <= self.tol_usd:
            # within the MIP gap: no saving beyond it, which proves none only when the
            # gap is exact (user test 2026-12-05 plan #4: at --mip-gap 0.01 the
            # reference's "Capital binds" went unsaid; its $27.6B is under the gap's
            # $773B, not proven absent): the fact is said, the claim not made
            return "unknown"
        if res.saving_found * MONEY_SCALE > self.tol_usd:
            return "saves"
        return "unknown"

    def no_saving_beyond_gap(self, res: Resolve | None) -> bool:
        """Whether a finished re-solve proves no saving beyond the MIP gap (its bound
        ``saving_max`` is within :attr:`tol_usd`) and found none at all (its
        ``saving_found`` is within :data:`_SAVING_TOL_USD`): ``none`` at an exact gap,
        ``unknown`` at a loose one; either way the limit is no reason of its own. A
        re-solve that found a saving is not this, however loose the gap (review s48:
        at ``--mip-gap 0.01`` the reference's tolerance is ~$773B, and a found $200B
        saving held the limit back unsaid)."""
        if res is None or res.status == "failed":
            return False
        if res.saving_found * MONEY_SCALE > _SAVING_TOL_USD:
            return False
        return bool(res.saving_max * MONEY_SCALE <= self.tol_usd)

    def within(self) -> str:
        """What "no saving" means: exactly none, or none beyond the solver's MIP gap."""
        return "" if self.tol_usd <= _SAVING_TOL_USD else f" by more than {money(self.tol_usd)}"

    def saving_text(self, res: Resolve, per_usd: float | None = None) -> str:
        """``"would lower the objective (cost + unmet penalty) by $X ($r per dollar) and
        serve YM H100e more over the horizon ($P of it penalty avoided, ...; $R of real cost saved)
        (re-solved)"`` in ``serve``, ``"would raise the investor's NPV by $X ..."`` in
        ``npv``; ``"by at least $X"`` when the re-solve was cut short."""
        found = res.saving_found * MONEY_SCALE
        most = res.saving_max * MONEY_SCALE
        exact = res.exact and most <= found * (1 + _EXACT_SHARE) + _SAVING_TOL_USD
        amount = money(found) if exact else f"at least {money_floor(found)}"
        verb = self.improve
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
            else:  # nothing more served: the saving may still be re-timing (user test #3)
                if more < -_UNMET_TOL and self.npv:  # user test #17
                    text += (
                        f"; served at least cost at that NPV, as the plan shown is, the "
                        f"world serves {_h100e(-more)} fewer over the horizon (the npv "
                        "objective prices no compute served: the investor's best NPV with "
                        "it takes the world's production arranged to serve less, not what "
                        "the extra unit itself powers)"
                    )
                elif more < -_UNMET_TOL:
                    text += f" while serving {_h100e(-more)} fewer over the horizon"
                split = self._split(found, res.values["unmet"] * COUNT_SCALE, retiming_only=True)
        plans = bool(split)  # a split of compute served against cost: one plan's
        if not split and self._penalty_words:  # what the cost counts, said once here
            split = f", counting unmet demand at {self._penalty_words}"
        text += split
        if exact:
            if plans:
                # the saving is the optimum's; how it splits is the plan HiGHS returned,
                # and another of the same objective may split it otherwise (user test
                # 2026-12-07, claims #2: a re-solve by hand met the saving to the
                # dollar but served 14.9M more, not 15.6M)
                text += (
                    "; that split is the re-solved plan's, and another plan of the same "
                    "objective may split it otherwise"
                )
            return text + " (re-solved)"
        return text + self._stop_words(res)

    def _stop_words(self, res: Resolve) -> str:
        """Why a re-solve's saving is a bound: its node limit (the same every run), or
        the wall-clock safety net (said to depend on the machine), or its MIP gap."""
        if res.status == "node_limit":
            nodes = getattr(self.resolver, "max_nodes", None)
            count = f"{nodes:,} " if isinstance(nodes, int) else ""
            return f" (a re-solve stopped at its limit of {count}branch-and-bound nodes)"
        if res.status == "time_limit":
            limit = self.resolver.time_limit_s if self.resolver is not None else math.nan
            return (
                f" (a re-solve stopped at its {limit:.2g} s safety time limit; this bound "
                "depends on the machine's speed)"
            )
        return " (re-solved to within the MIP gap)"

    def _split(self, saving: float, unmet: np.ndarray, retiming_only: bool = False) -> str:
        """``" ($P of it penalty avoided, <what the penalty is>; $R of real cost saved)"``
        or ``"...; $R more real cost)"`` (serve), empty in npv [USD, PV].

        When the re-solve also serves less in some (class, year) cells, the penalty
        avoided is split in two (:func:`retiming_split`): the net extra H100e at the
        mean penalty of the cells served more (the H100e fewer at that of the cells
        served less), and the re-timing, the H100e moved (the smaller of the gross served
        more and served less, both printed) times the difference of their mean
        penalties; "mostly from serving earlier" when the re-timing is more than half
        of the saving and the cells served more are earlier on average (user test #3).
        A negative re-timing (the H100e moved went to cells of lower penalty) is said as
        given back, so every amount printed is positive and the parts still add up.
        With ``retiming_only`` (a re-solve that serves no more in all), only a split with
        re-timing in it is returned, else ``""``; the net H100e's part is then the
        penalty on the H100e fewer served when the net is negative, none when within the
        saving's tolerance.
        """
        if self._penalty_pv is None or self._unmet0 is None:
            return ""
        if np.shape(unmet) != np.shape(self._penalty_pv):
            return ""
        gain = np.asarray(self._unmet0, dtype=float) - np.asarray(unmet, dtype=float)
        avoided = float((self._penalty_pv * gain).sum())
        real = saving - avoided
        extra, retimed, moved, earlier = retiming_split(self._penalty_pv, gain)
        # the gross changes by (class, year) cell, so each number is what it says
        more_c, less_c = float(np.clip(gain, 0, None).sum()), float(np.clip(-gain, 0, None).sum())
        gross = f" ({_size(more_c)} served more and {_size(less_c)} less, by class and year)"
        small = max(self.tol_usd, _SPLIT_REL * abs(saving))
        rest = (
            f"{money(real)} of real cost saved" if real >= 0 else f"{money(-real)} more real cost"
        )
        if moved > _UNMET_TOL and abs(retimed) > small:
            tail = "" if abs(real) <= _SPLIT_REL * abs(saving) else f"; {rest}"  # parts add up
            if extra >= 0:
                net = f"{money(extra)} penalty avoided on the H100e more served, "
            else:  # the re-solve serves fewer in all: their penalty is a cost
                net = f"{money(-extra)} more penalty on the H100e fewer served, "
            pen = f"{net}{self._penalty_words}"
            if abs(extra) <= _SPLIT_REL * abs(saving):  # no net part: say what the penalty is
                pen = f"penalty: {self._penalty_words}"
            if retimed < 0:  # moved to cells of lower penalty: re-timing gives some back
                return (
                    f" ({pen}; {money(-retimed)} of it given back by re-timing, "
                    f"{_h100e(moved)} served {'earlier' if earlier else 'later or elsewhere'} "
                    f"at a lower penalty{gross}{tail})"
                )
            where = "serving earlier" if earlier else "moving service to dearer classes or years"
            head = f"mostly from {where}: " if retimed > _MOSTLY * saving else ""
            return (
                f" ({head}{money(retimed)} of it re-timing, {_h100e(moved)} served "
                f"{'earlier' if earlier else 'elsewhere'} at a higher penalty{gross}; "
                f"{pen}{tail})"
            )
        if retiming_only:
            return ""
        if abs(real) <= small:  # all penalty
            return f" (penalty avoided: {self._penalty_words})"
        return f" ({money(avoided)} of it penalty avoided, {self._penalty_words}; {rest})"


def retiming_split(penalty_pv: np.ndarray, gain: np.ndarray) -> tuple[float, float, float, bool]:
    """Split the penalty avoided ``Σ pv · g`` into more served and re-timing.

    With ``g⁺``, ``g⁻`` the positive and negative parts of the change in served H100e
    per (class, year) cell and ``p⁺``, ``p⁻`` the g-weighted mean penalties of the cells
    served more and less, ``P = Σ g⁺``, ``M = Σ g⁻`` and ``N = P − M`` the net extra
    served: when ``N ≥ 0``, ``Σ pv · g = N · p⁺ + M · (p⁺ − p⁻)``, the ``M`` served less
    moved to the cells served more and ``N`` more served there; when ``N < 0``,
    ``Σ pv · g = N · p⁻ + P · (p⁺ − p⁻)``, the ``P`` served more moved from the cells
    served less and ``−N`` fewer served there (identities: substitute ``P = N + M``).
    The H100e moved is ``min(P, M)``.

    Parameters
    ----------
    penalty_pv : (C, T) array
        Present value of the penalty per unmet H100e [USD/H100e].
    gain : (C, T) array
        H100e served more (unmet less) in the re-solve [H100e].

    Returns
    -------
    tuple
        ``(net part, re-timing, moved, earlier)`` [USD, USD, H100e, bool]: ``(N · p⁺,
        M · (p⁺ − p⁻), M)`` or ``(N · p⁻, P · (p⁺ − p⁻), P)`` as above; ``earlier``
        when the cells served more are earlier on average (g-weighted mean year index).

    References
    ----------
    An exact accounting identity (no model); the penalty is docs/plan.md "Objective".

    Examples
    --------
    >>> retiming_split(np.array([[3.0, 1.0]]), np.array([[10.0, -9.0]]))
    (3.0, 18.0, 9.0, True)
    >>> retiming_split(np.array([[3.0, 1.0]]), np.array([[9.0, -10.0]]))
    (-1.0, 18.0, 9.0, True)
    """
    pv = np.asarray(penalty_pv, dtype=float)
    g = np.asarray(gain, dtype=float)
    plus, minus = np.clip(g, 0.0, None), np.clip(-g, 0.0, None)
    s_plus, s_minus = float(plus.sum()), float(minus.sum())
    if s_plus <= 0.0:  # nothing served more: nothing moved
        return float((pv * g).sum()), 0.0, 0.0, False
    p_plus = float((pv * plus).sum()) / s_plus
    p_minus = float((pv * minus).sum()) / s_minus if s_minus > 0 else p_plus
    year = np.broadcast_to(np.arange(g.shape[-1], dtype=float), g.shape)
    earlier = s_minus > 0 and (year * plus).sum() / s_plus < (year * minus).sum() / s_minus
    net = s_plus - s_minus
    if net >= 0:
        return net * p_plus, s_minus * (p_plus - p_minus), s_minus, bool(earlier)
    # fewer served in all: only the Σ g⁺ served more moved; the rest of the cells served
    # less go unserved, at their own penalty (user test s48 plan #3: "9,626 H100e served
    # earlier" where 7,775 were served earlier and 9,626 less)
    return net * p_minus, s_plus * (p_plus - p_minus), s_plus, bool(earlier)


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


def _capacity_change(
    inp: PlanInputs, k: int, y0: int, output: float, until: int | None = None
) -> tuple[str, dict[str, Any], float]:
    """Raise facility type k's capacity row by ``output`` from ``y0`` on (to ``until``
    if given) (model units)."""
    last = until if until is not None else int(inp.years[-1])
    years = [int(y) for y in inp.years if y0 <= y <= last]
    sel = {"facility": inp.facilities[k], "year": years}
    return (f"capacity-{inp.facility_kind[k]}-upper", sel, output * MONTHS_PER_YEAR / COUNT_SCALE)
