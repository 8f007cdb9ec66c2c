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

import weakref
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.plan.inputs import DATACENTER, FACILITY_KINDS, MONTHS_PER_YEAR, PlanInputs
from tigris.plan.model import COUNT_SCALE

if TYPE_CHECKING:
    from tigris.plan.result import Explanation

__all__ = [
    "POOL_ROW",
    "WithheldYear",
    "add_no_withholding",
    "applies",
    "rule_variables",
    "timing_explanation",
    "withheld_years",
]

#: Name of the datacenter pool's row (``tigris.plan.power.add_power_row``).
POOL_ROW = f"capacity-{DATACENTER}-upper"
#: A row counts as slack above this share of its right-hand side (plus
#: :data:`_ABS_TOL`): well above HiGHS's feasibility tolerance (1e-7 on rows in
#: thousands), well below any idle hall worth a sentence [-] (a numerical tolerance).
_REL_TOL = 1e-4
#: Absolute slack tolerance in the model's units (thousands) [-] (a numerical tolerance).
_ABS_TOL = 1e-3
#: Relative tolerance comparing one column's coefficients in two years' rows [-]
#: (float noise: the rows are built from the same data; a numerical tolerance).
_COEF_TOL = 1e-9


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


def _tight(m: Any, name: str) -> np.ndarray:
    """(rows..., T) True where a row of ``name`` (present) is tight at the solution."""
    tol = _REL_TOL * np.abs(_rhs(m, name)) + _ABS_TOL
    return _slack(m, name) <= tol


def _binds(m: Any, name: str, n_years: int) -> np.ndarray:
    """(T,) True in years where some row of ``name`` is tight (False if no such row)."""
    if name not in m.constraints:
        return np.zeros(n_years, dtype=bool)
    return _tight(m, name).reshape(-1, n_years).any(axis=0)


def withheld_years(m: Any, inp: PlanInputs) -> list[WithheldYear]:
    """Years where the solved plan leaves power idle while it could ship and demand waits.

    A year *t* is withheld when (i) demand is unmet, (ii) the datacenter pool row
    (``capacity-datacenter-upper``) and every placed region row
    (``capacity-datacenter-region-upper``) have slack, (iii) no wafer row
    (``capacity-logic/cowos/hbm-upper``) that a product made in *t* uses is tight (a
    row no such product uses cannot stop one more unit: "Which wafer rows can excuse
    idle power"), (iv) some product can be made in
    *t* and (v) no later year's pool or region row within the longest life of a part
    made in *t* is full of the fleet delivered up to *t* (:func:`_later_excused`).
    Then one more accelerator could be made and powered and would serve demand:
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

    blocked = _binds(m, REGION_ROW, n_t) | _later_excused(m, inp, n_t)
    facilities = list(inp.facilities)
    for kind in FACILITY_KINDS:
        name = f"capacity-{kind}-upper"
        if kind == DATACENTER or name not in m.constraints:
            continue
        # a row no product of the year uses cannot stop one more unit ("Which wafer rows
        # can excuse idle power")
        idx = [facilities.index(f) for f in m.constraints[name].rhs.indexes["facility"]]
        used = used_rows(inp, idx)  # (K', T), the row's own (facility, year) order
        blocked |= (_tight(m, name) & used).any(axis=0)
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

    Parameters
    ----------
    withheld : list of WithheldYear
        The years withheld (:func:`withheld_years`), in year order.

    Returns
    -------
    Explanation or None
        Kind ``timing``, year the first withheld year; None when ``withheld`` is empty.

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


def applies(inp: PlanInputs) -> bool:
    """Whether rule 1 (:func:`add_no_withholding`) can bind: demand counted as
    deliveries and a datacenter pool (a facility of kind ``datacenter`` and the fleet's
    power given).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``demand_basis``, ``datacenter_row``, ``fleet_mw_per_unit``).

    Returns
    -------
    bool
        True when rule 1 is added.
    """
    return (
        getattr(inp, "demand_basis", "delivered") != "installed"
        and getattr(inp, "datacenter_row", None) is not None
        and getattr(inp, "fleet_mw_per_unit", None) is not None
    )


#: Names of rule 1's variables (:func:`add_no_withholding`): logic that follows
#: production, kept free when a plan's builds are fixed (the ``npv`` second step).
RULE_VARIABLES = ("idle-allowed", "demand-met")
RULE_TIGHT_PREFIX = "tight-"
#: Prefix of the shrinking-pool excuse's binaries ``later-<row>`` (dims: the row's own,
#: ``year`` the year excused, ``later`` the later year filled) and rows ``fill-later-<row>``.
RULE_LATER_PREFIX = "later-"
#: The fleet rows whose later years can excuse idle power: the pool and placed regions.
LATER_ROWS = (POOL_ROW, f"capacity-{DATACENTER}-region-upper")


#: Per solved model, (T,) the most a year's pool row may be raised [its units] before
#: one of :func:`add_no_withholding`'s fixings by reach (``met`` held at 0, a wafer
#: row's ``tight`` held at 0) could stop holding (``inf`` where none is at stake):
#: read by the explanation re-solves (``highs.Resolver``).
HEADROOM: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def pool_headroom(m: Any) -> np.ndarray | None:
    """(T,) :data:`HEADROOM` of ``m`` (None without the rule).

    Parameters
    ----------
    m : linopy.Model
        A solved planning model.

    Returns
    -------
    numpy.ndarray or None
        (T,) the most each year's pool row may be raised [thousand MW-months a year],
        ``inf`` in years with no such bound (the rule inactive there, the year's
        deliveries able to meet demand, or no powered product reaching it); None when the
        rule was not added to ``m``.
    """
    return HEADROOM.get(m)


def _headroom(m_pool: float, unit_reach: float, need: float) -> float:
    """How much the pool's slack bound ``m_pool`` may grow before what the year's
    deliveries reach, ``m_pool · unit_reach`` (``unit_reach`` per unit of the bound),
    reaches ``need``: ``need / unit_reach − m_pool``, never below 0; ``inf`` when
    ``unit_reach`` is 0 (no powered product reaches it: the fixing never moves) [the
    pool row's units]. A year whose pool has no room at all (``m_pool`` 0: no
    capacity, nothing built yet) reaches nothing, yet any raise of it may move the
    fixing, which a ratio of the reach itself (0 there) read as never."""
    if not unit_reach > 0:
        return np.inf
    return max(need / unit_reach - m_pool, 0.0)


def rule_variables(m: Any) -> list[str]:
    """Names of rule 1's variables in ``m`` (none without the rule).

    Parameters
    ----------
    m : linopy.Model
        A planning model.

    Returns
    -------
    list of str
        The names of rule 1's binaries (``idle-allowed``, ``demand-met``, ``tight-*``,
        ``later-*``) in ``m``, in the model's order.
    """
    return [
        str(v)
        for v in m.variables
        if v in RULE_VARIABLES or str(v).startswith((RULE_TIGHT_PREFIX, RULE_LATER_PREFIX))
    ]


def _module_bound(inp: PlanInputs) -> np.ndarray:
    """(S, K) most modules a facility type can have at a site by the horizon's end
    [modules]: the site's ``max_modules``, the capital offered over the horizon ÷ the
    module's net capex, the caps of ``max_build``, whichever is least, and never below
    the floors of ``min_build``; 0 where the site may not host it; ``inf`` when nothing
    bounds it.

    The capital rows charge only the spend inside the horizon (``model.add_capital``),
    so capital ÷ net capex bounds the modules a row counts only where a module has
    paid its whole net capex by its first year of output (the spend profile's lags up
    to the first with output sum to 1, as every shipped ramp does); elsewhere (a ramp
    that spends after output starts) money gives no bound here."""
    from tigris.plan.model import net_capex_usd

    shape = np.shape(inp.allowed)
    site = np.broadcast_to(np.asarray(inp.max_modules, dtype=float)[:, None], shape)
    net = net_capex_usd(inp)
    money = float(np.asarray(inp.capital_usd, dtype=float).sum())
    spend = np.asarray(inp.spend, dtype=float)
    out = np.asarray(inp.output, dtype=float)
    if spend.shape[:2] == shape and out.shape == spend.shape:
        lag = np.arange(spend.shape[-1])
        first = np.where((out > 0).any(axis=-1), (out > 0).argmax(axis=-1), 0)  # (S, K)
        paid = (spend * (lag <= first[..., None])).sum(axis=-1)
        net = np.where(paid >= 1.0 - _REL_TOL, net, 0.0)  # 0: no money bound (below)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_money = np.where(net > 0, np.floor(money / np.where(net > 0, net, 1.0)), np.inf)
    bound = np.minimum(site, by_money)
    if inp.max_build is not None:
        bound = np.minimum(bound, np.nan_to_num(inp.max_build, nan=np.inf).sum(axis=-1))
    if inp.min_build is not None:
        bound = np.maximum(bound, np.asarray(inp.min_build, dtype=float).sum(axis=-1))
    return np.where(np.asarray(inp.allowed, dtype=bool), bound, 0.0)


def _most_per_pool(inp: PlanInputs) -> np.ndarray:
    """(P, T) most of product p a year's deliveries can hold per unit of the pool row's
    slack bound: ``1 / (12 · fleet_mw[p])`` in the model's thousands (the pool row's
    coefficient on ``prod[p, t]``), 0 where p is not made, ``inf`` where p needs no
    power [thousand units per thousand MW-months]."""
    f = np.asarray(inp.fleet_mw(), dtype=float) * MONTHS_PER_YEAR
    with np.errstate(divide="ignore"):
        one = np.where(f > 0, 1.0 / np.where(f > 0, f, 1.0), np.inf)
    return np.where(np.asarray(inp.available, dtype=bool), one[:, None], 0.0)


def row_reach(use: np.ndarray, per: np.ndarray) -> np.ndarray:
    """(K', T) the most of each wafer row a year's deliveries can use, powered:
    ``max_p use[p, k, t] · per[p, t]`` over the products with a term in the row
    (``use > 0``), ``per`` from :func:`_most_per_pool` times the pool's slack bound
    (0 where p is not made in t, ``inf`` where p needs no power); 0 where no product
    that can be made in t uses the row [the row's units].

    Parameters
    ----------
    use : (P, K', T) array
        Wafers per accelerator of the rows' facility types [wafers per unit].
    per : (P, T) array
        Most units of each product a year's deliveries can hold [thousand units].

    Returns
    -------
    numpy.ndarray
        (K', T) the most by row and year, in the row's units.
    """
    on = (use > 0) & (per[:, None, :] > 0)
    with np.errstate(invalid="ignore"):
        most = np.where(on, use * per[:, None, :], 0.0)
    return most.max(axis=0, initial=0.0)


def can_excuse(most: np.ndarray, rhs: np.ndarray) -> np.ndarray:
    """Whether a wafer row can excuse idle power (``docs/plan.md``, "Which wafer rows
    can excuse idle power"): a product that can be made and powered in t uses it
    (``most > 0``, :func:`row_reach`) and the year's deliveries can fill it with the
    pool's power (``most ≥ rhs``, within :data:`_REL_TOL` and :data:`_ABS_TOL`). A row
    no such product uses reads ``0 ≥ 0`` at zero capacity, yet cannot stop one more
    accelerator (user test #16: an A14 node no part is made on switched the rule off).

    Parameters
    ----------
    most : numpy.ndarray
        (K', T) what a year's deliveries can use of each row (:func:`row_reach`).
    rhs : numpy.ndarray
        (K', T) each row's right-hand side, in the same units.

    Returns
    -------
    numpy.ndarray
        (K', T) bool: True where the row can excuse idle power.
    """
    return (most > 0) & (most >= rhs * (1 - _REL_TOL) - _ABS_TOL)


def used_rows(inp: PlanInputs, facilities: list[int]) -> np.ndarray:
    """(K', T) True where some product that can be made in t has a term in the wafer
    row of facility ``facilities[i]`` (``use[p, k, t] > 0``): the rows that can limit
    production in t (``docs/plan.md``, "Which wafer rows can excuse idle power").

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``use`` (P, K, T), ``available`` (P, T)).
    facilities : list of int
        Indexes of the wafer rows' facilities (K').

    Returns
    -------
    numpy.ndarray
        (K', T) bool by row and year.
    """
    use = np.asarray(inp.use, dtype=float)[:, facilities, :] > 0  # (P, K', T)
    avail = np.asarray(inp.available, dtype=bool)[:, None, :]
    return (use & avail).any(axis=0)


def _slack_bound(m: Any, con: Any, ub: np.ndarray) -> np.ndarray:
    """Upper bound of ``rhs − lhs`` per row of ``con`` (a ``≤`` row), year last:
    ``rhs + Σ_terms max(−coeff, 0) · ub[var]``; ``inf`` where a term with a negative
    coefficient has no finite bound."""
    # the row's own arrays (``con.coeffs``, ``con.vars``): ``con.lhs`` builds a whole
    # LinearExpression first (~10-20 ms a family; docs/plan.md, "Speed of the
    # reference plan, fifth session")
    dims = [d for d in con.rhs.dims if d != "year"] + ["year"]
    coeffs = np.asarray(con.coeffs.transpose(*dims, "_term").values, dtype=float)
    labels = np.asarray(con.vars.transpose(*dims, "_term").values)
    bound = np.where(labels >= 0, ub[np.clip(labels, 0, None)], 0.0)
    neg = np.clip(-coeffs, 0.0, None)
    with np.errstate(invalid="ignore"):
        extra = np.where(neg > 0, neg * bound, 0.0).sum(axis=-1)
    return np.asarray(con.rhs.transpose(*dims).values, dtype=float) + extra


def life_window(inp: PlanInputs) -> np.ndarray:
    """(T,) ``L(t)``: the longest service life among the products that can be made in
    year t, at most the horizon [years]; 0 where none can be made. A unit made in t
    stands in the pool of t … t + L(t) − 1 at most (rule 1's window for a later year's
    excuse, ``docs/plan.md``, "Shrinking pools").

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``years``, product lifetimes, ``available`` (P, T)).

    Returns
    -------
    numpy.ndarray
        (T,) int, ``L(t)`` by year [years].
    """
    lives = np.minimum(np.asarray(inp.lifetimes(), dtype=int), len(inp.years))
    avail = np.asarray(inp.available, dtype=bool)
    return np.where(avail, lives[:, None], 0).max(axis=0, initial=0)


def _row_arrays(con: Any) -> tuple[list[str], tuple[int, ...], np.ndarray, np.ndarray, np.ndarray]:
    """A ``≤`` row family as arrays: its dims other than ``year``, their shape, and
    coefficients (R, T, n), variable labels (R, T, n) and right-hand sides (R, T), the
    other dims flattened to R."""
    other = [d for d in con.rhs.dims if d != "year"]
    rhs = np.asarray(con.rhs.transpose(*other, "year").values, dtype=float)
    coeffs = np.asarray(con.coeffs.transpose(*other, "year", "_term").values, dtype=float)
    labels = np.asarray(con.vars.transpose(*other, "year", "_term").values, dtype=np.int64)
    n_t, n = rhs.shape[-1], coeffs.shape[-1]
    return (
        other,
        rhs.shape[:-1],
        coeffs.reshape(-1, n_t, n),
        labels.reshape(-1, n_t, n),
        rhs.reshape(-1, n_t),
    )


def _n_labels(m: Any) -> int:
    """One more than the largest variable label of ``m``."""
    return 1 + max(int(np.max(m.variables[v].labels.values, initial=-1)) for v in m.variables)


def _prod_year(m: Any, n_labels: int) -> np.ndarray:
    """(n_labels,) the year index of each ``prod`` column, −1 for every other column."""
    lab = np.asarray(m.variables["prod"].labels.transpose("product", "year").values)
    out = np.full(n_labels, -1, dtype=np.int64)
    ok = lab >= 0
    out[lab[ok]] = np.broadcast_to(np.arange(lab.shape[1]), lab.shape)[ok]
    return out


def _committed(labels: np.ndarray, year_of: np.ndarray, t: int) -> np.ndarray:
    """Mask of a row's terms kept in ``slack_row[τ | ≤ t]``: every column but the
    deliveries of years after t (empty terms, label −1, dropped)."""
    ok = labels >= 0
    return ok & (year_of[np.where(ok, labels, 0)] <= t)


def _module_builds(m: Any) -> dict[int, list[int]]:
    """Each ``modules[s, k, y]`` column as the ``build[s, k, y']`` columns it sums,
    y' ≤ y (``modules-balance``: ``modules[t] = modules[t − 1] + build[t]``, none
    before the horizon)."""
    if "modules" not in m.variables or "modules-balance" not in m.constraints:
        return {}
    mod = np.asarray(m.variables["modules"].labels.transpose(..., "year").values)
    bld = np.asarray(m.variables["build"].labels.transpose(..., "year").values)
    if mod.shape != bld.shape:  # pragma: no cover - the model gives both (S, K, T)
        return {}
    out: dict[int, list[int]] = {}
    for i in np.ndindex(mod.shape[:-1]):
        for y in range(mod.shape[-1]):
            if mod[(*i, y)] >= 0:
                out[int(mod[(*i, y)])] = [int(b) for b in bld[i][: y + 1] if b >= 0]
    return out


def _terms(
    coeffs: np.ndarray,
    labels: np.ndarray,
    keep: np.ndarray,
    expand: dict[int, list[int]],
    fixed: np.ndarray,
) -> dict[int, float]:
    """Coefficient by column of the kept terms (repeats summed), each ``modules``
    column written as the builds it sums (``expand``), columns held at 0 (``fixed``)
    left out."""
    out: dict[int, float] = {}
    for lab, a in zip(labels[keep].tolist(), coeffs[keep].tolist(), strict=True):
        for col in expand.get(lab, [lab]):
            if not fixed[col]:
                out[col] = out.get(col, 0.0) + a
    return out


def _can_shrink(
    coeffs: np.ndarray,
    labels: np.ndarray,
    rhs: np.ndarray,
    year_of: np.ndarray,
    t: int,
    tau: int,
    expand: dict[int, list[int]],
    fixed: np.ndarray,
) -> bool:
    """Whether row τ's capacity can be below row t's for some plan (rows of one family,
    (T, n) and (T,)): then ``later[t, τ]`` can excuse idle power in t; otherwise
    ``later[t, τ] = 1`` forces the row of t full anyway (``docs/plan.md``, "Shrinking
    pools", "Which pairs get a binary") and needs no binary.

    Not shrinking means: ``rhs_τ ≥ rhs_t``; every column other than ``prod`` (builds,
    ≥ 0, a ``modules`` stock written as its builds: :func:`_module_builds`; columns held
    at 0 ignored) weighs no more in τ than in t (a capacity term, negative, at least as
    large in τ: a ramp that does not fall); and every delivery of a year ≤ t in row τ
    weighs at least as much in row t. Then ``lhs_t ≥ committed(t → τ) = cap_τ ≥ cap_t``
    when τ is full of that fleet."""
    if rhs[tau] < rhs[t]:
        return True
    at_t = _terms(coeffs[t], labels[t], labels[t] >= 0, expand, fixed)
    at_tau = _terms(coeffs[tau], labels[tau], _committed(labels[tau], year_of, t), expand, fixed)
    for lab in set(at_t) | set(at_tau):
        a_t, a_tau = at_t.get(lab, 0.0), at_tau.get(lab, 0.0)
        tol = _COEF_TOL * max(abs(a_t), abs(a_tau))
        if year_of[lab] >= 0:  # a delivery: row t must hold it at least as much as τ
            if lab in at_tau and a_t < a_tau - tol:
                return True
        elif a_tau > a_t + tol:  # a capacity column: less capacity in τ
            return True
    return False


def _later_excused(m: Any, inp: PlanInputs, n_t: int) -> np.ndarray:
    """(T,) True in years t whose idle power the solved plan excuses by a later year:
    some pool or placed region row of a year τ, t < τ < t + L(t), is full of the fleet
    delivered up to t (``slack_row[τ | ≤ t]`` within the tolerances of :func:`_binds`)."""
    out = np.zeros(n_t, dtype=bool)
    names = [n for n in LATER_ROWS if n in m.constraints]
    if not names:
        return out
    n_labels = _n_labels(m)
    year_of = _prod_year(m, n_labels)
    value = np.zeros(n_labels)
    for v in m.variables:
        lab = np.asarray(m.variables[v].labels.values).ravel()
        sol = np.nan_to_num(np.asarray(m.variables[v].solution.values, dtype=float).ravel())
        value[lab[lab >= 0]] = sol[lab >= 0]
    window = life_window(inp)
    for name in names:
        _, _, coeffs, labels, rhs = _row_arrays(m.constraints[name])
        tol = _REL_TOL * np.abs(rhs) + _ABS_TOL
        for r in range(rhs.shape[0]):
            for t in range(n_t):
                for tau in range(t + 1, min(t + int(window[t]), n_t)):
                    keep = _committed(labels[r, tau], year_of, t)
                    lhs = float((coeffs[r, tau][keep] * value[labels[r, tau][keep]]).sum())
                    out[t] |= rhs[r, tau] - lhs <= tol[r, tau]
    return out


def _raise_margin(inp: PlanInputs) -> float:
    """Most an explanation re-solve raises one year's pool or placed region row, in the
    rows' units (thousand MW-months a year): one facility MW
    (``tigris.plan.explain_power._power_changes``) at the most rows' MW a facility MW
    is there, ``pue / u`` with ``u`` a data-centre module's PUE, a region's existing
    PUE or the existing pool's mean facility ratio (:func:`tigris.plan.power.
    existing_facility_ratio`) [thousand MW-months].

    :func:`_add_later_rows` gives a pair (t, τ) its binary also where row τ's
    right-hand side is below row t's plus this margin, so that a re-solve that raises
    row t (or rows t and τ unequally) by up to it cannot create a shrinking pair the
    model has no binary for (review of 2026-12-03: then the re-solve fell back to the
    base pool counted as full, and a hand problem claimed $12M for one more MW where
    the raised pool solved as data saves $3M, ``tests/test_plan_timing_review.py``).
    Where the row is not shrinking such a binary changes no plan (``docs/plan.md``,
    "Shrinking pools", *Which pairs get a binary*)."""
    from tigris.plan.power import existing_facility_ratio, module_pue

    pue = float(inp.pue)
    per_mw = [1.0 / np.asarray(existing_facility_ratio(inp), dtype=float)]
    dc = np.asarray(inp.facility_kind) == DATACENTER
    per_mw.append(pue / np.asarray(module_pue(inp), dtype=float)[:, dc].ravel())
    reg = getattr(inp, "power_regions", None)
    if reg is not None:
        per_mw.append(pue / np.asarray(reg.existing_pue, dtype=float))
    most = max((float(np.max(a, initial=0.0)) for a in per_mw), default=1.0)
    return MONTHS_PER_YEAR / COUNT_SCALE * max(most, 1.0)


def _terms_expr(m: Any, years: Any, parts: list[tuple[np.ndarray, float]]) -> Any:
    """A (T,) linopy expression ``Σ_parts coef · Σ_j x[t, j]`` written straight from
    arrays: each part is ``(labels, coef)`` with ``labels`` (T, n) variable labels (−1:
    no term). The same terms, in the same order, as summing the variables with linopy
    (``var.sum(dims)``, ``linopy.merge``, ``a - b``) gives, without its ~20-50 ms of
    xarray work per operation (``docs/plan.md``, "Speed of the reference plan, fifth
    session"; ``benchmarks/lp_dump.py`` checks HiGHS gets the same program)."""
    import linopy
    import xarray as xr

    labels = np.concatenate([np.asarray(lab, dtype=np.int64) for lab, _ in parts], axis=1)
    coeffs = np.concatenate([np.full(np.shape(lab), float(a)) for lab, a in parts], axis=1)
    data = xr.Dataset(
        {
            "coeffs": (["year", "_term"], coeffs),
            "vars": (["year", "_term"], labels),
            "const": (["year"], np.zeros(len(years))),
        },
        coords={"year": years},
    )
    return linopy.LinearExpression(data, m)


def _plus_big_m(m: Any, con: Any, big: Any, binary: Any) -> Any:
    """``con``'s left-hand side plus ``big · (1 − binary)``, row by row, written straight
    from arrays: the row's terms, then ``−big`` on ``binary``, and the constant
    ``big``; the same expression as linopy's ``con.lhs + big * (1 - binary)`` (which
    costs ~0.1 s of xarray work a family; ``benchmarks/lp_dump.py`` checks HiGHS gets
    the same program)."""
    import linopy
    import xarray as xr

    dims = list(con.rhs.dims)
    big_v = np.asarray(big.transpose(*dims).values, dtype=float)
    coeffs = np.asarray(con.coeffs.transpose(*dims, "_term").values, dtype=float)
    labels = np.asarray(con.vars.transpose(*dims, "_term").values, dtype=np.int64)
    own = np.asarray(binary.labels.transpose(*dims).values, dtype=np.int64)
    data = xr.Dataset(
        {
            "coeffs": ([*dims, "_term"], np.concatenate([coeffs, -big_v[..., None]], axis=-1)),
            "vars": ([*dims, "_term"], np.concatenate([labels, own[..., None]], axis=-1)),
            "const": (dims, big_v * 1.0),
        },
        coords={d: con.rhs.indexes[d] for d in dims},
    )
    return linopy.LinearExpression(data, m)


def _by_year(var: Any) -> np.ndarray:
    """(T, n) the labels of ``var``, its dimensions other than ``year`` flattened."""
    other = [d for d in var.dims if d != "year"]
    lab = np.asarray(var.labels.transpose("year", *other).values, dtype=np.int64)
    return lab.reshape(lab.shape[0], -1)


def _add_later_rows(
    m: Any,
    name: str,
    ub: np.ndarray,
    active: np.ndarray,
    window: np.ndarray,
    cover: list,
    margin: float = 0.0,
) -> None:
    """The shrinking-pool excuse of rule 1 for the fleet row family ``name`` (the pool or
    the placed region rows): binaries ``later[row, t, τ]`` and rows ``fill-later-<name>``::

        slack_row[τ | ≤ t] ≤ M_row[τ] · (1 − later[row, t, τ])   t < τ < t + L(t)

    with ``slack_row[τ | ≤ t]`` row τ's slack with the deliveries of years after t
    dropped (:func:`_committed`), only for pairs where the row can shrink
    (:func:`_can_shrink`) or where a re-solve raising rows by up to ``margin`` (rows'
    units, :func:`_raise_margin`) could make it shrink; the binaries' labels are
    appended to ``cover`` ((T, n), :func:`_by_year`; summed in ``fill-cover``).

    Big-M: ``slack_row[τ | ≤ t] = slack_τ + Σ_dropped a_j x_j`` with every dropped
    ``a_j > 0`` (deliveries) and ``x_j ≥ 0``, so it is ≥ 0; and it is at most ``rhs_τ
    + Σ_{a_j<0} |a_j| · ub_j`` (the kept positive terms are ≥ 0, the negative ones are
    the row's own), the row's slack bound :func:`_slack_bound` = ``M_row[τ]``. Where
    that bound is infinite the binary has no row (it may excuse freely, as a ``tight``
    binary with an infinite M does).
    """
    import linopy
    import xarray as xr

    con = m.constraints[name]
    other, shape, coeffs, labels, rhs = _row_arrays(con)
    n_r, n_t, n = coeffs.shape
    big = _slack_bound(m, con, ub).reshape(n_r, n_t)
    year_of = _prod_year(m, len(ub))
    expand, fixed = _module_builds(m), ub <= 0
    pair = np.zeros((n_r, n_t, n_t), dtype=bool)
    co = np.zeros((n_r, n_t, n_t, n))
    la = np.full((n_r, n_t, n_t, n), -1, dtype=np.int64)
    for r in range(n_r):
        for t in np.nonzero(active)[0]:
            for tau in range(t + 1, min(t + int(window[t]), n_t)):
                near = rhs[r, tau] < rhs[r, t] + margin  # a re-solve's raise could shrink it
                if not near and not _can_shrink(
                    coeffs[r], labels[r], rhs[r], year_of, t, tau, expand, fixed
                ):
                    continue
                keep = _committed(labels[r, tau], year_of, t)
                pair[r, t, tau] = True
                co[r, t, tau] = np.where(keep, coeffs[r, tau], 0.0)
                la[r, t, tau] = np.where(keep, labels[r, tau], -1)
    if not pair.any():
        return
    years = con.rhs.indexes["year"]
    dims = [*other, "year", "later"]
    coords = {d: con.rhs.indexes[d] for d in other} | {
        "year": years,
        "later": years.rename("later"),
    }
    full = (*shape, n_t, n_t)
    pair_da = xr.DataArray(pair.reshape(full), coords=coords, dims=dims)
    later = m.add_variables(
        binary=True, coords=pair_da.coords, name=f"{RULE_LATER_PREFIX}{name}", mask=pair_da
    )
    bounded = np.broadcast_to(np.isfinite(big)[:, None, :], pair.shape)
    big_v = np.broadcast_to(np.where(np.isfinite(big), big, 0.0)[:, None, :], pair.shape)
    big_v = big_v.reshape(full)
    own = np.asarray(later.labels.transpose(*dims).values, dtype=np.int64)
    # the kept terms, then big · (1 − later): −big on later[row, t, τ] and the constant
    # big, written straight from arrays (as linopy's ``expr + big * (1 - later)``)
    data = xr.Dataset(
        {
            "coeffs": (
                [*dims, "_term"],
                np.concatenate([co.reshape(*full, n), -big_v[..., None]], axis=-1),
            ),
            "vars": (
                [*dims, "_term"],
                np.concatenate([la.reshape(*full, n), own[..., None]], axis=-1),
            ),
            "const": (dims, big_v * 1.0),
        },
        coords=coords,
    )
    expr = linopy.LinearExpression(data, m)
    rhs_da = np.broadcast_to(rhs[:, None, :], pair.shape)
    m.add_constraints(
        expr >= xr.DataArray(rhs_da.reshape(full), coords=coords, dims=dims),
        name=f"fill-{RULE_LATER_PREFIX}{name}",
        mask=xr.DataArray((pair & bounded).reshape(full), coords=coords, dims=dims),
    )
    cover.append(_by_year(later))


def add_no_withholding(m: Any, inp: PlanInputs, c: dict) -> None:
    """Rule 1 of ``docs/plan.md``, "Timing of deliveries under a power pool", as rows:
    in each year the datacenter pool is full unless demand is met, a wafer row
    (logic, CoWoS, HBM) is tight, a placed region's row is tight, or the fleet
    delivered up to that year fills the pool or a placed region's room of a later year
    within the longest life of a part made in it ("Shrinking pools").

    With binaries ``z[t]`` (power may stand idle), ``met[t]``, ``tight[row]``,
    ``later[row, t, τ]``::

        slack_pool[t] ≤ M_pool[t] · z[t]
        Σ_c unmet[c, t] ≤ D[t] · (1 − met[t])
        slack_row ≤ M_row · (1 − tight[row])           (each wafer and region row)
        slack_row[τ | ≤ t] ≤ M_row[τ] · (1 − later[row, t, τ])   (:func:`_add_later_rows`)
        z[t] ≤ met[t] + Σ_{rows of t} tight[row] + Σ_{row, τ} later[row, t, τ]

    The rule never makes a plan infeasible on its own (the served-share floor aside):
    the plan that fills each year in turn, later years held at 0, until a row stops it
    satisfies it (proof in ``docs/plan.md``, "Shrinking pools", *Feasibility*;
    ``tests/test_plan_timing_shrink.py`` checks it on random shrinking pools).

    ``M`` is each row's right-hand side plus the most new capacity it can get (modules
    bounded by :func:`_module_bound`); a row whose bound is infinite may be called
    tight freely (the rule then does not bind in its years). Only with ``demand_basis:
    delivered`` and a datacenter pool, in years a product can be made.

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its capacity and power rows; the rule's variables and
        rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).

    References
    ----------
    ``docs/plan.md``, "Timing of deliveries under a power pool" (rule 1; the hand
    problem's filled optimum x = (1,000, 1,000, 1,000); with a pool of 2, 1, 1 MW
    x = (1,000, 0, 1,000), "Shrinking pools"); big-M disjunctions: Williams,
    *Model Building in Mathematical Programming*, 5th ed. (2013), §9.1.
    """
    import xarray as xr

    if inp.demand_basis == "installed" or POOL_ROW not in m.constraints:
        return
    from tigris.plan.power import REGION_ROW

    years = c["year"]
    n_t = len(years)
    active = np.asarray(inp.available, dtype=bool).any(axis=0)
    ub = np.full(_n_labels(m), np.inf)  # by variable label: no bound unless set below
    sk = _module_bound(inp)
    for name in ("build", "modules"):
        lab = np.asarray(m.variables[name].labels.transpose("site", "facility", "year").values)
        ok = lab >= 0
        ub[lab[ok]] = np.broadcast_to(sk[..., None], lab.shape)[ok]
    pool = m.constraints[POOL_ROW]
    m_pool = _slack_bound(m, pool, ub).reshape(-1, n_t).sum(axis=0)
    active &= np.isfinite(m_pool)
    if not active.any():
        return
    t_dim = {"year": years}
    mask_t = xr.DataArray(active, coords=t_dim)
    z = m.add_variables(binary=True, coords=[years], name=RULE_VARIABLES[0])
    pool_lhs = pool.lhs
    pool_lhs = pool_lhs.sum([d for d in pool_lhs.dims if d not in ("year", "_term")])
    pool_rhs = pool.rhs.sum([d for d in pool.rhs.dims if d != "year"])
    m_p = xr.DataArray(np.where(active, m_pool, 0.0), coords=t_dim)
    m.add_constraints(pool_lhs + m_p * z >= pool_rhs, name="fill-pool", mask=mask_t)
    # the most a year's deliveries can reach, powered: x[p, t] ≤ M_pool[t] / (12 f_p)
    # (thousands); demand they cannot meet, or a wafer row they cannot fill, can never
    # excuse idle power, so its binary is fixed at 0 (no row)
    unit = _most_per_pool(inp)  # (P, T) per unit of the pool's slack bound
    per = unit * m_pool[None, :]  # (P, T) thousand units, 0 if not made
    total = np.asarray(inp.demand, float).sum(axis=0) / COUNT_SCALE
    h100e = np.asarray(inp.h100e, float)[:, None]
    with np.errstate(invalid="ignore"):  # inf · 0 (a product needing no power): no bound
        reach = np.nan_to_num(h100e * per, nan=np.inf)
        unit_reach = np.nan_to_num(h100e * unit, nan=np.inf).max(axis=0)
    reach = reach.max(axis=0)
    can_meet = reach >= total * (1 - _REL_TOL)
    room = np.full(n_t, np.inf)
    for t in np.nonzero(active & ~can_meet)[0]:
        room[t] = _headroom(m_pool[t], unit_reach[t], total[t] * (1 - _REL_TOL))
    HEADROOM[m] = room
    met = m.add_variables(
        lower=0,
        upper=xr.DataArray(can_meet.astype(float), coords=t_dim),
        integer=True,
        name=RULE_VARIABLES[1],
    )
    demand = xr.DataArray(total, coords=t_dim)
    unmet = _terms_expr(m, years, [(_by_year(m.variables["unmet"]), 1.0)])
    m.add_constraints(
        unmet + demand * met <= demand,
        name="fill-demand-met",
        mask=mask_t & xr.DataArray(can_meet, coords=t_dim),
    )
    cover = [_by_year(met)]
    rows = [REGION_ROW] + [f"capacity-{k}-upper" for k in FACILITY_KINDS if k != DATACENTER]
    for name in rows:
        if name not in m.constraints:
            continue
        con = m.constraints[name]
        other = [d for d in con.rhs.dims if d != "year"]
        big = _slack_bound(m, con, ub)  # (other..., year)
        where = {d: con.rhs.indexes[d] for d in other} | t_dim
        can = np.ones(big.shape, dtype=bool)
        if name != REGION_ROW:  # wafers the year's deliveries can use at most
            idx = [list(c["facility"]).index(f) for f in con.rhs.indexes["facility"]]
            use_k = np.asarray(inp.use, dtype=float)[:, idx, :]
            most = row_reach(use_k, per)  # (K', T)
            most_unit = row_reach(use_k, unit)  # per unit of the pool's slack bound
            rhs = np.asarray(con.rhs.transpose(*other, "year").values, dtype=float)
            can = can_excuse(most, rhs)
            need = rhs * (1 - _REL_TOL) - _ABS_TOL
            for t in np.nonzero(active)[0]:
                for i in zip(*np.nonzero(~can[..., t]), strict=True):
                    k = (*i, t)
                    at = _headroom(m_pool[t], float(most_unit[k]), float(need[k]))
                    room[t] = min(room[t], at)
        if not can.any():  # no row of this name can excuse idle power
            continue
        bounded = np.isfinite(big)
        tight = m.add_variables(
            lower=0,
            upper=xr.DataArray(can.astype(float), coords=where).transpose(*con.rhs.dims),
            integer=True,
            name=f"{RULE_TIGHT_PREFIX}{name}",
        )
        big_da = xr.DataArray(np.where(bounded, big, 0.0), coords=where)
        # unbounded M: the row may be called tight freely (the rule does not bind there)
        mask = xr.DataArray(bounded & can, coords=where).transpose(*con.rhs.dims)
        m.add_constraints(
            _plus_big_m(m, con, big_da, tight) >= con.rhs, name=f"fill-{name}", mask=mask
        )
        cover.append(_by_year(tight))
    window = life_window(inp)
    for name in LATER_ROWS:  # the shrinking-pool excuse (docs/plan.md, "Shrinking pools")
        if name in m.constraints:
            _add_later_rows(m, name, ub, active, window, cover, _raise_margin(inp))
    # z[t] − met[t] − Σ tight − Σ later ≤ 0, its terms in that order
    m.add_constraints(
        _terms_expr(m, years, [(_by_year(z), 1.0)] + [(lab, -1.0) for lab in cover]) <= 0,
        name="fill-cover",
        mask=mask_t,
    )
