"""Years in which a plan withholds accelerators under a power pool (rule of 2026-12-03).

With ``demand_basis: delivered`` a delivery is credited with its whole service life
while its MW are charged only inside the horizon and cannot be freed before the end of
its life, so the optimiser may keep a powered hall empty in one year for the next
year's more efficient parts (``docs/plan.md``, "Timing of deliveries under a power
pool"). :func:`withheld_years` finds the years where the solved plan does so: demand is
unmet, data-centre power stands idle (the pool row and every placed region row slack)
and no wafer row (logic, CoWoS, HBM) binds, while some product can be made;
:func:`timing_explanation` says it in one sentence for "What stays short, and why".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.plan.inputs import DATACENTER, FACILITY_KINDS, MONTHS_PER_YEAR, PlanInputs
from tigris.plan.model import COUNT_SCALE

if TYPE_CHECKING:
    from tigris.plan.result import Explanation

__all__ = ["POOL_ROW", "WithheldYear", "timing_explanation", "withheld_years"]

#: Name of the datacenter pool's row (``tigris.plan.power.add_power_row``).
POOL_ROW = f"capacity-{DATACENTER}-upper"
#: A row counts as slack above this share of its right-hand side (plus
#: :data:`_ABS_TOL`): well above HiGHS's feasibility tolerance (1e-7 on rows in
#: thousands), well below any idle hall worth a sentence [-] (a numerical tolerance).
_REL_TOL = 1e-4
#: Absolute slack tolerance in the model's units (thousands) [-] (a numerical tolerance).
_ABS_TOL = 1e-3


@dataclass(frozen=True)
class WithheldYear:
    """One year in which the plan withholds accelerators.

    Attributes
    ----------
    year : int
        The year.
    idle_mw : float
        Data-centre power online and unused, at the plan's PUE [MW].
    delivered_h100e : float
        Compute the plan delivers that year [H100e].
    unmet_h100e : float
        Demand not served that year [H100e].
    """

    year: int
    idle_mw: float
    delivered_h100e: float
    unmet_h100e: float


def _slack(m: Any, name: str) -> np.ndarray | None:
    """``rhs − lhs`` of a ``≤`` row at the solution, year last (None if absent)."""
    if name not in m.constraints:
        return None
    con = m.constraints[name]
    diff = con.rhs - con.lhs.solution
    dims = [d for d in diff.dims if d != "year"] + ["year"]
    return np.asarray(diff.transpose(*dims).values, dtype=float)


def _rhs(m: Any, name: str) -> np.ndarray:
    con = m.constraints[name]
    dims = [d for d in con.rhs.dims if d != "year"] + ["year"]
    return np.asarray(con.rhs.transpose(*dims).values, dtype=float)


def _binds(m: Any, name: str, n_years: int) -> np.ndarray:
    """(T,) True in years where some row of ``name`` is tight (False if no such row)."""
    slack = _slack(m, name)
    if slack is None:
        return np.zeros(n_years, dtype=bool)
    tol = _REL_TOL * np.abs(_rhs(m, name)) + _ABS_TOL
    tight = (slack <= tol).reshape(-1, n_years)
    return tight.any(axis=0)


def withheld_years(m: Any, inp: PlanInputs) -> list[WithheldYear]:
    """Years where the solved plan leaves power idle while it could ship and demand waits.

    A year *t* is withheld when (i) demand is unmet, (ii) the datacenter pool row
    (``capacity-datacenter-upper``) and every placed region row
    (``capacity-datacenter-region-upper``) have slack, (iii) no wafer row
    (``capacity-logic/cowos/hbm-upper``) is tight and (iv) some product can be made in
    *t*. Then one more accelerator could be made and powered and would serve demand:
    rule 1 of ``docs/plan.md``, "Timing of deliveries under a power pool". Only with
    ``demand_basis: delivered`` (with ``installed`` a year's deliveries are capped by
    ``delivered-upper`` and a stock is served) and a datacenter pool.

    Parameters
    ----------
    m : linopy.Model
        The solved planning model (:func:`tigris.plan.model.build_model`).
    inp : PlanInputs
        Its inputs.

    Returns
    -------
    list of WithheldYear
        In year order; empty when no year is withheld or the model has no pool row.

    References
    ----------
    ``docs/plan.md``, "Timing of deliveries under a power pool" (rule 1; the hand
    problem ships nothing in its second year with 1 MW idle).
    """
    if inp.demand_basis == "installed" or POOL_ROW not in m.constraints:
        return []
    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    pool = _slack(m, POOL_ROW).reshape(-1, n_t).sum(axis=0)  # thousand MW-months
    pool_tol = _REL_TOL * np.abs(_rhs(m, POOL_ROW)).reshape(-1, n_t).sum(axis=0) + _ABS_TOL
    from tigris.plan.power import REGION_ROW

    blocked = _binds(m, REGION_ROW, n_t)
    for kind in FACILITY_KINDS:
        if kind != DATACENTER:
            blocked |= _binds(m, f"capacity-{kind}-upper", n_t)
    unmet = np.asarray(m.variables["unmet"].solution.sum("demand_class").values, float)
    demand = np.asarray(inp.demand, dtype=float).sum(axis=0) / COUNT_SCALE
    short = unmet > _REL_TOL * demand + _ABS_TOL
    can_make = np.asarray(inp.available, dtype=bool).any(axis=0)
    prod = np.asarray(m.variables["prod"].solution.transpose("product", "year").values, float)
    made = (np.asarray(inp.h100e, dtype=float)[:, None] * prod).sum(axis=0)
    out = []
    for t in np.nonzero((pool > pool_tol) & ~blocked & short & can_make)[0]:
        out.append(
            WithheldYear(
                year=int(years[t]),
                idle_mw=float(pool[t]) * COUNT_SCALE / MONTHS_PER_YEAR,
                delivered_h100e=float(made[t]) * COUNT_SCALE,
                unmet_h100e=float(unmet[t]) * COUNT_SCALE,
            )
        )
    return out


def timing_explanation(withheld: list[WithheldYear]) -> Explanation | None:
    """One sentence naming the withheld years (kind ``timing``), None if there are none.

    Examples
    --------
    >>> w = [WithheldYear(2032, 20_954.0, 0.0, 865e6), WithheldYear(2033, 500.0, 3e8, 9e8)]
    >>> print(timing_explanation(w).text)  # doctest: +NORMALIZE_WHITESPACE
    Ships no accelerators in 2032, and fewer than power allows in 2033, while data-centre
    power stands idle (21.0 GW in 2032, 500 MW in 2033), demand goes unmet and no wafer
    capacity binds: with demand counted as deliveries and each accelerator holding its MW
    for its whole service life, the optimiser keeps powered halls empty for the next
    year's more efficient parts, which a real fleet would not do; read those years as
    timing, not a forecast (docs/plan.md, "Timing of deliveries under a power pool").
    """
    from tigris.plan.result import Explanation

    if not withheld:
        return None
    zero_tol = _ABS_TOL * COUNT_SCALE  # H100e: the model's tolerance in its thousands
    zero = [w.year for w in withheld if w.delivered_h100e <= zero_tol]
    some = [w.year for w in withheld if w.delivered_h100e > zero_tol]
    parts = []
    if zero:
        parts.append(f"ships no accelerators in {_years(zero)}")
    if some:
        parts.append(f"fewer than power allows in {_years(some)}")
    head = ", and ".join(parts)
    head = head[0].upper() + head[1:]
    idle = ", ".join(f"{_power(w.idle_mw)} in {w.year}" for w in withheld)
    text = (
        f"{head}, while data-centre power stands idle ({idle}), demand goes unmet and no "
        "wafer capacity binds: with demand counted as deliveries and each accelerator "
        "holding its MW for its whole service life, the optimiser keeps powered halls "
        "empty for the next year's more efficient parts, which a real fleet would not "
        'do; read those years as timing, not a forecast (docs/plan.md, "Timing of '
        'deliveries under a power pool").'
    )
    return Explanation(kind="timing", year=withheld[0].year, text=text)


def _power(mw: float) -> str:
    """``21.0 GW`` from 1 GW up, else ``500 MW``."""
    return f"{mw / 1e3:.1f} GW" if mw >= 1e3 else f"{mw:,.0f} MW"


def _years(years: list[int]) -> str:
    """``2032``, ``2032 and 2034``, ``2030, 2032 and 2034``."""
    names = [str(y) for y in years]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
