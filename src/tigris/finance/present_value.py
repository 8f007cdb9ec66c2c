"""Present values of one module and of one wafer sold: the planner's ``npv`` objective.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :class:`ModulePV` and :func:`module_pv` (a module's capex, opex, depreciation and
salvage by site, facility type and start year), :func:`wafer_margin_pv` and
:func:`npv_build_coefficients` (the ``npv`` objective's terms, so the MILP and
:func:`tigris.finance.cashflow.cash_flows` agree to rounding), :func:`terminal_pv` and
:func:`fixed_opex_pv`.

References: Brealey, Myers & Allen (2020), *Principles of Corporate Finance*, 13th ed.,
ch. 2 (present value) and ch. 6 (project cash flows, the depreciation tax shield);
Damodaran (2012), ch. 12 (the going-concern terminal value).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tigris.finance.depreciation import book_value_share, depreciation_schedule, replacement_share
from tigris.finance.energy_costs import energy_premium_usd_per_year, unit_costs, unit_prices
from tigris.finance.money_inputs import (
    GOING_CONCERN,
    _convention,
    _discount,
    _lags,
    _n_facilities,
    _net_capex,
    _tax,
)
from tigris.finance.terminal import at_steady_state, going_concern_multiple
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs


@dataclass(frozen=True)
class ModulePV:
    """Present values of one module, by site, facility type and start year.

    Each array is (S, K, T): the value to ``inp.base_year`` of one module started in
    year τ (the last axis), within the horizon.

    Attributes
    ----------
    capex : (S, K, T) array
        Net capex (capex − subsidy) × spend profile, spent within the horizon
        [USD/module].
    opex : (S, K, T) array
        Fixed cash opex × the output ramp, within the horizon [USD/module].
    depreciation : (S, K, T) array
        Depreciation charges within the horizon (:func:`depreciation_schedule`)
        [USD/module].
    salvage : (S, K, T) array
        Book value at the end of the last planning year, received in the year after
        it [USD/module].
    """

    capex: np.ndarray
    opex: np.ndarray
    depreciation: np.ndarray
    salvage: np.ndarray


def module_pv(inp: PlanInputs) -> ModulePV:
    """Present values of one module's capex, opex, depreciation and salvage.

    For a module started in year index τ, with ``d[t]`` the discount factor of year
    ``t`` and ``T`` the number of planning years::

        capex[τ]   = net_capex · Σ_{l ≤ T−1−τ} spend[l] · d[τ + l]
        opex[τ]    = opex_usd_per_year · Σ_{l ≤ T−1−τ} output[l] · d[τ + l]
        dep[τ]     = net_capex · Σ_{l ≤ T−1−τ} dep_share[l] · d[τ + l]
        salvage[τ] = net_capex · book_share[T−1−τ] · d[T]

    (``output`` holds its last value; ``d[T]`` is the year after the last).

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    ModulePV
        Four (S, K, T) arrays [USD/module].

    References
    ----------
    Brealey, Myers & Allen, *Principles of Corporate Finance*, 13th ed. (2020), ch. 2
    (present value ``PV = C_t/(1+r)^t``) and ch. 6 (the cash flows of a project:
    capital spending, operating cash flow, the depreciation tax shield, salvage value).
    """
    n_t = len(inp.years)
    disc = _discount(inp)
    spend = _lags(inp.spend, n_t, hold=False)
    out = _lags(inp.output, n_t, hold=True)
    dep = depreciation_schedule(inp)
    book = book_value_share(inp)
    net = _net_capex(inp)
    shape = (*np.shape(net), n_t)
    capex, opex, depr, salv = (np.zeros(shape) for _ in range(4))
    for start in range(n_t):
        n = n_t - start
        d = disc[start:n_t]
        capex[..., start] = (spend[..., :n] * d).sum(axis=-1)
        opex[..., start] = (out[..., :n] * d).sum(axis=-1)
        depr[..., start] = (dep[..., :n] * d).sum(axis=-1)
        salv[..., start] = book[..., n - 1] * disc[n_t]
    opex_usd = np.asarray(inp.opex_usd_per_year, dtype=float)[..., None]
    net = net[..., None]
    return ModulePV(
        capex=capex * net, opex=opex * opex_usd, depreciation=depr * net, salvage=salv * net
    )


def wafer_margin_pv(inp: PlanInputs) -> np.ndarray:
    """Present value of one finished wafer sold, after tax.

    ``margin[s, k, t] = d[t] · (1 − tax[s]) · (price[k, t] − c[s, k, t])`` with ``c``
    the unit cost (:func:`unit_costs`: the variable cost, plus a data-centre module's
    energy premium per unit sold). With ``terminal_value: going_concern`` a wafer sold
    in the last year also carries its share of the terminal value
    (:func:`_terminal_parts`).

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``price_usd_per_wafer``, ``variable_cost_usd_per_wafer`` (K, T)
        [USD/wafer], ``tax_rate`` (S,) [-].

    Returns
    -------
    numpy.ndarray
        (S, K, T) [USD/wafer].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (after-tax operating cash flow
    ``(revenue − cost)(1 − T_c)``).
    """
    n_t = len(inp.years)
    margin = unit_prices(inp) - unit_costs(inp)  # (S, K, T)
    after_tax = (1.0 - _tax(inp))[:, None, None] * margin
    out = after_tax * _discount(inp)[:n_t]
    if _convention(inp) == GOING_CONCERN:  # the last year's sales held (terminal value)
        out[..., n_t - 1] += _terminal_parts(inp)[1]
    return out


def npv_build_coefficients(inp: PlanInputs) -> np.ndarray:
    """NPV of one module started per year, all but its wafer sales.

    ``coef = −capex − (1 − tax[s]) · opex + tax[s] · dep + terminal`` (the
    :func:`module_pv` terms; ``terminal`` the salvage at book value, or with
    ``going_concern`` the module's fixed part of the terminal value,
    :func:`_terminal_parts`), with ``opex`` the fixed opex without a data-centre
    module's energy premium (charged per unit sold in :func:`wafer_margin_pv`). A build
    group's NPV is ``n · coef`` plus ``Σ_t sold[t] · margin[t]`` over the wafers it
    sells.

    Parameters
    ----------
    inp : PlanInputs
        The problem.

    Returns
    -------
    numpy.ndarray
        (S, K, T) [USD/module].

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 6 (NPV from after-tax cash flows; the
    depreciation tax shield ``T_c · dep``).
    """
    pv = module_pv(inp)
    tax = _tax(inp)[:, None, None]
    opex = fixed_opex_pv(inp, pv)
    terminal = _terminal_parts(inp, pv)[0]
    return -pv.capex - (1.0 - tax) * opex + tax * pv.depreciation + terminal


def _terminal_parts(inp: PlanInputs, pv: ModulePV | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The terminal value's present value: per module started (S, K, T) [USD/module]
    and per wafer sold in the last planning year (S, K) [USD/wafer].

    ``book`` (:func:`module_pv`'s salvage): ``net_capex · book_share[T−1−τ] · d[T]``
    per module, nothing per wafer. ``going_concern`` (:func:`terminal_values`): with
    ``M`` :func:`going_concern_multiple`, ``o = output[T−1−τ]`` and ``R =
    repl[T−1−τ]`` (:func:`replacement_share`: the plant's steady replacement, not the
    last year's book depreciation), a module at its steady state (full output,
    :func:`at_steady_state`) in the last year is worth ``−M · d[T] · (1 − tax[s]) ·
    (fixed_opex · o + net_capex · R)`` and each wafer sold that year ``M · d[T] · (1 −
    tax[s]) · (price − c)[T−1]`` (its NOPAT, linear in builds and sales); a module with
    no output yet, or in a ramp year (part output), keeps its book value.

    The per-wafer term is pooled over a site's start years (the sales variables are;
    :func:`cash_flows` shares a site's sales among its groups pro rata to their
    output), so it also lands on the wafers a ramping group sells in the last year,
    which :func:`cash_flows` values at book, without a perpetuity. A ramping module's
    term takes off what that could add at most: ``book · d[T] − M · d[T] · (1 −
    tax[s]) · max(price − c, 0)[T−1] · cap``, with ``cap = 12 · module_output · o``
    (times the year's output availability under a disruption) the wafers it can sell
    at its ramp output. The objective is then the tables' NPV less ``M · d[T] · (1 −
    tax[s]) · (max(m, 0) · cap − m · sold)`` over ramping modules, ``m = price − c``
    (``m · (cap − sold)`` for a margin ≥ 0, ``−m · sold`` below): equal to it when each
    ramping module with a margin ≥ 0 sells all it makes in the last year, below it
    otherwise, never above (a linear lower bound; exact would need the sales split by
    start year).
    """
    pv = module_pv(inp) if pv is None else pv
    n_t = len(inp.years)
    shape = (len(inp.sites), _n_facilities(inp))
    if _convention(inp) != GOING_CONCERN:
        return pv.salvage, np.zeros(shape)
    disc = _discount(inp)
    mult = going_concern_multiple(inp.discount_rate) * disc[n_t]
    last_lag = n_t - 1 - np.arange(n_t)  # lag of the last year for each start year
    out = _lags(inp.output, n_t, hold=True)[..., last_lag]
    repl = replacement_share(inp)[..., last_lag]
    net = _net_capex(inp)[..., None]
    fixed = np.asarray(inp.opex_usd_per_year, dtype=float) - energy_premium_usd_per_year(inp)
    keep = 1.0 - _tax(inp)[:, None, None]
    nopat = -keep * (fixed[..., None] * out + net * repl)
    margin = unit_prices(inp)[..., n_t - 1] - unit_costs(inp)[..., n_t - 1]  # (S, K)
    # a ramping module: its book value, less the most the per-wafer term can add for
    # the wafers it sells (at its ramp output), which cash_flows does not perpetuate
    cap = MONTHS_PER_YEAR * np.asarray(inp.module_output, dtype=float)[..., None] * out
    avail = _last_availability(inp)
    cap = cap if avail is None else cap * avail[..., None]
    ramp = pv.salvage - mult * keep * np.maximum(margin, 0.0)[..., None] * cap
    steady = at_steady_state(inp)[..., last_lag]  # past the ramp: a steady year to hold
    per_module = np.where(steady, mult * nopat, ramp)
    return per_module, mult * keep[..., 0] * margin


def ramp_undervalue_pv(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) by start year: the most the ``npv`` objective undervalues one module
    in a ramp year at the horizon's end against the cash-flow table's NPV, ``M · d[T]
    · (1 − tax[s]) · max(price − c, 0)[T−1] · cap`` (:func:`_terminal_parts`: what its
    term takes off its book value; the whole of it when the module sells what it makes
    that year); 0 for a module at its steady state or without output then, and for
    every module under ``book`` [USD, present value].

    The objective is a linear lower bound of the tables' NPV (docs/finance.md, "The
    planner's split"): a plan optimal for it may be beaten, by up to this much per
    ramping module, by a plan with more of them
    (:func:`tigris.plan.summary.plan_headline` says so).

    Parameters
    ----------
    inp : PlanInputs
        The planning problem: ``years`` (T,), ``discount_rate`` real [1/year],
        ``finance.terminal_value`` (``going_concern`` or ``book``), each module's output
        ramp (``output``, share of capacity by age [-]), ``module_output`` (S, K)
        [units/month: wafers, or the rows' unit], ``tax_rate`` (S,) [-] and the unit prices
        and costs of the last year (:func:`unit_prices`, :func:`unit_costs`) [USD/unit].

    Returns
    -------
    numpy.ndarray
        (S, K, T) by start year: the undervaluation of one module [USD/module, present
        value at ``base_year``]; 0 under ``book``.

    References
    ----------
    ``docs/finance.md``, "Cash flows" ("The planner's split" and "Terminal value");
    :func:`tigris.finance.terminal.going_concern_multiple` for ``M`` (Damodaran's
    stable-growth terminal value with ``g = 0``).
    """
    n_t = len(inp.years)
    shape = (len(inp.sites), _n_facilities(inp), n_t)
    if _convention(inp) != GOING_CONCERN:
        return np.zeros(shape)
    mult = going_concern_multiple(inp.discount_rate) * _discount(inp)[n_t]
    last_lag = n_t - 1 - np.arange(n_t)
    out = _lags(inp.output, n_t, hold=True)[..., last_lag]
    keep = 1.0 - _tax(inp)[:, None, None]
    margin = unit_prices(inp)[..., n_t - 1] - unit_costs(inp)[..., n_t - 1]
    cap = MONTHS_PER_YEAR * np.asarray(inp.module_output, dtype=float)[..., None] * out
    avail = _last_availability(inp)
    cap = cap if avail is None else cap * avail[..., None]
    term = mult * keep * np.maximum(margin, 0.0)[..., None] * cap
    steady = at_steady_state(inp)[..., last_lag]
    return np.where(steady | (out <= 0), 0.0, term)


def _last_availability(inp: PlanInputs) -> np.ndarray | None:
    """(S, K) share of the new modules' output a disruption leaves in the last planning
    year (:func:`tigris.plan.model.output_availability`); None without one [-]."""
    from tigris.plan.model import output_availability

    avail = output_availability(inp)
    return None if avail is None else np.asarray(avail, dtype=float)[..., -1]


def terminal_pv(inp: PlanInputs, build: np.ndarray, sold: np.ndarray) -> float:
    """Present value of the terminal value of ``build`` modules selling ``sold`` wafers
    (every site counted; mask other owners' before) [USD].

    ``Σ build · per_module + Σ_{s,k} sold[s, k, T−1] · per_wafer`` of the plan's
    convention (``book`` or ``going_concern``; :func:`terminal_values`).

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    build : (S, K, T) array
        Modules started per year [modules].
    sold : (S, K, T) array
        Finished wafers sold per year [wafers/year].

    Returns
    -------
    float
        [USD].

    References
    ----------
    As :func:`terminal_values`.
    """
    per_module, per_wafer = _terminal_parts(inp)
    sold = np.asarray(sold, dtype=float)
    last = float((sold[..., -1] * per_wafer).sum())
    return float((np.asarray(build, dtype=float) * per_module).sum()) + last


def fixed_opex_pv(inp: PlanInputs, pv: ModulePV | None = None) -> np.ndarray:
    """(S, K, T) present value of one module's fixed opex without a data-centre
    module's energy premium [USD/module].

    ``module_pv(inp).opex`` less the same ramp and discount applied to
    :func:`energy_premium_usd_per_year` (which the ``npv`` objective and the cash flows
    charge per unit sold, :func:`unit_costs`); ``pv`` a :func:`module_pv` already
    computed.

    Parameters
    ----------
    inp : PlanInputs
        The planning problem (``opex_usd_per_year`` (S, K) [USD/module/year], the ramp
        and the real ``discount_rate`` [1/year] of :func:`module_pv`, and the
        data-centre power of :func:`energy_premium_usd_per_year`).
    pv : ModulePV, optional
        :func:`module_pv` of ``inp`` if already computed (its ``opex`` [USD/module]).

    Returns
    -------
    numpy.ndarray
        (S, K, T) by start year: present value of one module's fixed opex, the energy
        premium taken out [USD/module].

    References
    ----------
    As :func:`module_pv`; ``docs/energy.md``, "Why a dearer grid makes the investor
    richer" (energy on energy drawn, user test 6 #3).
    """
    pv = module_pv(inp) if pv is None else pv
    premium = energy_premium_usd_per_year(inp)
    if not np.any(premium):
        return pv.opex
    return pv.opex - module_pv(inp.replace(opex_usd_per_year=premium)).opex
