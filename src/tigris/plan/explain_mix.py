"""Explanations when the product-mix share bounds bind (:mod:`tigris.plan.explain`).

A product's ``min_share`` / ``max_share`` bound its share of the H100e delivered in a
year (``mix-lower`` / ``mix-upper``, :func:`tigris.plan.model.add_mix`). A bound is
*at its limit* in a year when the product's share equals it; it *binds* when the
re-solve without it (every ``min_share`` floor, or every ``max_share`` cap, dropped)
improves the objective, the rule of every limit in :mod:`tigris.plan.explain`. The
floors matter most for a part of one's own beside the roadmap (user test UT-NEURO,
defect 2): the roadmap's products' floors (``data/roadmap.csv``, 52 % of the H100e in
2029-2035) cap the products without one at what they leave, whatever the part's perf/W.
"""

from __future__ import annotations

import math
from collections.abc import Generator

import numpy as np

from tigris.plan.explain_base import _Budget, _range, _result, _years_text
from tigris.plan.inputs import PlanInputs
from tigris.plan.result import Explanation

__all__: list[str] = []

#: A share within this of its bound, relative to the year's H100e, is at it [-].
_AT_BOUND = 1e-6
#: Years whose H100e delivered is below this have no mix to speak of [H100e].
_NO_OUTPUT = 1.0
#: At most this many product names in a sentence; the rest are counted [-].
_MAX_NAMES = 5
#: Re-solves the mix sentences may add to the explanation's budget (one dropping every
#: floor, one every cap), so that they never take a re-solve from the other limits [-].
MAX_MIX_RESOLVES = 2
#: How the sentence tells the user to relax the roadmap's floors in a what-if
#: (docs/scenario-files.md, "A part of your own beside the roadmap").
RELAX_FLOORS = "products: [{roadmap: {min_share_scale: 0}}, ...] in a what-if"


def _names(names: list[str]) -> str:
    shown = ", ".join(names[:_MAX_NAMES])
    more = len(names) - _MAX_NAMES
    return f"{shown} and {more} more" if more > 0 else shown


def at_bounds(
    inp: PlanInputs, prod: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Which product-mix bounds are at their limit in the plan.

    Parameters
    ----------
    inp : PlanInputs
        The problem (``h100e`` (P,), ``min_share``, ``max_share``, ``available`` (P, T)).
    prod : (P, T) array
        Accelerators made [units/year].

    Returns
    -------
    floor, cap : (P, T) bool arrays
        The product makes exactly its ``min_share`` (> 0) / ``max_share`` (< 1) of the
        year's H100e (within :data:`_AT_BOUND` of the year's H100e).
    lo, hi : (P, T) arrays
        The bounds in force [-]: 0 and 1 where the product cannot be made (as
        :func:`tigris.plan.model.add_mix` writes them).

    References
    ----------
    ``mix-lower`` / ``mix-upper`` of :func:`tigris.plan.model.add_mix` (docs/plan.md,
    "Product mix bounds").
    """
    avail = np.asarray(inp.available, dtype=bool)
    lo = np.where(avail, np.nan_to_num(np.asarray(inp.min_share, dtype=float), nan=0.0), 0.0)
    hi = np.where(avail, np.nan_to_num(np.asarray(inp.max_share, dtype=float), nan=1.0), 1.0)
    own = np.asarray(inp.h100e, dtype=float)[:, None] * np.asarray(prod, dtype=float)
    total = own.sum(axis=0)
    tol = _AT_BOUND * np.maximum(total, _NO_OUTPUT)
    made = total > _NO_OUTPUT
    floor = made & (lo > 0) & (own <= lo * total + tol)
    cap = made & (hi < 1) & (own >= hi * total - tol)
    return floor, cap, lo, hi


def _pct(lo: float, hi: float) -> str:
    return _range(100 * lo, 100 * hi, "{:.0f}") + " %"


def _floor_text(inp: PlanInputs, floor: np.ndarray, lo: np.ndarray) -> str:
    """``"in 2029–2035 h100, b200 … make no more than their min_share floors; the floors
    add up to 52 % of the H100e delivered, so the products without one (neuro-npu)
    together may make at most 48 %"``."""
    years = np.asarray(inp.years, dtype=int)
    avail = np.asarray(inp.available, dtype=bool)
    ts = np.nonzero(floor.any(axis=0))[0]
    names = [inp.products[p] for p in np.nonzero(floor.any(axis=1))[0]]
    floors = lo[:, ts].sum(axis=0)  # every product's floor: what the rest may not take
    free = (lo[:, ts].sum(axis=1) == 0) & avail[:, ts].any(axis=1)
    others = [inp.products[p] for p in np.nonzero(free)[0]]
    rest = f"the products without one ({_names(others)}) together" if others else "the rest"
    verb = (
        "makes no more than its min_share floor"
        if len(names) == 1
        else ("make no more than their min_share floors")
    )
    return (
        f"in {_years_text([int(years[t]) for t in ts])} {_names(names)} {verb}; the "
        f"floors of all products add up to "
        f"{_pct(floors.min(), floors.max())} of the H100e delivered, so {rest} may make "
        f"at most {_pct(1 - floors.max(), 1 - floors.min())}"
    )


def _cap_text(inp: PlanInputs, cap: np.ndarray, hi: np.ndarray) -> str:
    """``"neuro-npu makes its max_share (50 %) in 2028–2035"``."""
    years = np.asarray(inp.years, dtype=int)
    parts = []
    for p in np.nonzero(cap.any(axis=1))[0][:_MAX_NAMES]:
        ts = np.nonzero(cap[p])[0]
        parts.append(
            f"{inp.products[p]} makes its max_share ({_pct(hi[p, ts].min(), hi[p, ts].max())}) in "
            f"{_years_text([int(years[t]) for t in ts])}"
        )
    more = int(cap.any(axis=1).sum()) - _MAX_NAMES
    return "; ".join(parts) + (f" and {more} more" if more > 0 else "")


def mix_limits(
    inp: PlanInputs, prod: np.ndarray, budget: _Budget
) -> Generator[int, None, list[Explanation]]:
    """Product-mix floors and caps at their limit, each checked by a re-solve without
    them: the floors (every ``mix-lower`` row dropped) and the caps (every
    ``mix-upper`` row dropped), a sentence each when the re-solve improves the
    objective; without a resolver the bounds at their limit are stated as a fact of the
    plan, never as binding. A two-step generator (:func:`tigris.plan.explain_base.
    _start`): submits its re-solves (up to :data:`MAX_MIX_RESOLVES`, added to the
    budget) and yields how many, then returns the sentences.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``min_share``, ``max_share``).
    prod : numpy.ndarray
        (P, T) the plan's accelerators made by product and year.
    budget : _Budget
        The explanation's re-solves left and their resolver (None: no re-solves).

    Returns
    -------
    list of Explanation
        The generator's return value: one sentence per kind of bound (floor, cap) at its
        limit, said as binding only when its re-solve improves the objective.

    Yields
    ------
    int
        The number of re-solves submitted (once, when some bound is at its limit).

    References
    ----------
    The re-solve rule of :mod:`tigris.plan.explain` (a limit binds only when its
    re-solve improves the objective; Wolsey, *Integer Programming*, 2nd ed., §2.2 on
    why no LP dual prices an integer program's limit).
    """
    floor, cap, lo, hi = at_bounds(inp, prod)
    years = np.asarray(inp.years, dtype=int)
    found = []
    if floor.any():
        found.append(("floor", "mix-lower", floor))
    if cap.any():
        found.append(("cap", "mix-upper", cap))
    if not found:
        return []
    if budget.resolver is not None:
        budget.left += len(found)  # their own re-solves: never one of the others'
    # a row dropped: its bound moved by an infinite amount (HiGHS's infinite bound)
    futs = [budget.run([(row, {}, math.inf)]) for _, row, _ in found]
    yield sum(f is not None for f in futs)
    out = []
    for (what, _, at), fut in zip(found, futs, strict=True):
        year = int(years[np.nonzero(at.any(axis=0))[0][0]])
        if what == "floor":
            fact, bound = _floor_text(inp, at, lo), "min_share floor"
        else:
            fact, bound = _cap_text(inp, at, hi), "max_share cap"
        res = _result(fut)
        verdict = budget.verdict(res) if fut is not None else "unknown"
        if verdict == "none":
            continue  # at its limit, but it does not bind (re-solved)
        if verdict == "saves" and res is not None:
            text = (
                f"Product-mix {bound}s bind: {fact}; without every product's {bound} the "
                f"plan {budget.saving_text(res)}"
            )
        else:
            text = f"Product-mix {bound}s are at their limit: {fact}"
        if what == "floor":
            text += f". The roadmap's floors (data/roadmap.csv) are relaxed by {RELAX_FLOORS}"
        out.append(Explanation("mix", year, text + "."))
    return out
