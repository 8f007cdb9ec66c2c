"""Who sells: the merit order of the investor's modules and the wafers each site sells.

Part of :mod:`tigris.finance.cashflow` (split from it; its names are importable from
there): :func:`merit_rank` (the one merit order of the plan, best after-tax margin
first, read by the cash flows and by the power table), :func:`fill_in_merit_order` and
:func:`sold_wafers` (non-investor capacity first, then the investor's modules in merit
order; demand placed by region through :mod:`tigris.finance.placed`).

References: contract of issue 11, "Who sells" (``docs/finance.md``); Dantzig, G. B.
(1957), "Discrete-variable extremum problems", *Operations Research* 5(2), 266-288
(the continuous knapsack); ``docs/energy.md``, "Regional demand".
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.finance.energy_costs import unit_costs, unit_prices
from tigris.finance.money_inputs import _investor_sites, _n_facilities, _tax
from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs


def _capacity_wafers(inp: PlanInputs, build: np.ndarray) -> np.ndarray:
    """(S, K, T) finished wafers per year the new modules of each site can make (less
    what a disruption takes, :func:`tigris.plan.model.output_availability`)."""
    from tigris.plan.model import online_fraction, output_availability

    online = online_fraction(np.asarray(build, dtype=float), inp.output)
    avail = output_availability(inp)
    online = online if avail is None else online * avail
    return MONTHS_PER_YEAR * online * np.asarray(inp.module_output, dtype=float)[..., None]


def merit_rank(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) place of each of the investor's (site, facility) pairs in its pool's
    merit order, year by year: 0 sells first (and, on a data-centre pool, draws power
    first); -1 at other owners' sites [-].

    The one merit order of the plan (``docs/finance.md``, "Who sells"), read by
    :func:`sold_wafers` (the cash flows) and by the ``power`` table
    (:func:`tigris.energy.regional.power_table`, which modules draw the fleet's power),
    so the two cannot drift apart. Within a pool (a facility type, or every type of
    kind ``datacenter``, :func:`tigris.plan.power.pool_matrix`) and year the pairs are
    ranked by after-tax margin ``(1 − tax[s]) · (price[k, t] − c[s, k, t])`` (``c``
    :func:`unit_costs`: a data-centre module's own energy price counts), best first;
    then the lowest tax rate when the margin is ``≥ 0``, the highest when it is
    negative; ties in (site, type) order.

    Parameters
    ----------
    inp : PlanInputs
        The problem: prices, variable costs, tax rates, site owners, facility kinds.

    Returns
    -------
    numpy.ndarray
        (S, K, T) int: the rank in the pool of ``k`` in year ``t``, -1 for other owners.

    References
    ----------
    Dantzig, G. B. (1957), "Discrete-variable extremum problems", *Operations Research*
    5(2), 266-288 (the continuous knapsack is solved by taking items in order of value
    per unit).

    Examples
    --------
    Two investor sites, one facility type, one year; the second site's margin is
    better, so it ranks first:

    >>> from types import SimpleNamespace as NS
    >>> inp = NS(sites=("a", "b"), facilities=("n5",), facility_kind=("logic",),
    ...     datacenter_row=None, years=(2026,), price_usd_per_wafer=[[10.0]],
    ...     variable_cost_usd_per_wafer=[[2.0]], tax_rate=[0.3, 0.2])
    >>> merit_rank(inp)[:, 0, 0].tolist()
    [1, 0]
    """
    from types import SimpleNamespace

    from tigris.plan.power import pool_matrix

    inv = np.nonzero(_investor_sites(inp))[0]
    n_s, n_k, n_t = len(inp.sites), _n_facilities(inp), len(inp.years)
    rank = np.full((n_s, n_k, n_t), -1, dtype=int)
    if not len(inv):
        return rank
    margin = unit_prices(inp) - unit_costs(inp)  # (S, K, T)
    tax = np.broadcast_to(_tax(inp)[:, None, None], margin.shape)
    best = -(1.0 - tax) * margin  # the best after-tax margin first
    key = np.where(margin >= 0, tax, -tax)  # then the tax
    kinds = tuple(inp.facility_kind)
    first = next((k for k, kind in enumerate(kinds) if kind == "datacenter"), None)
    pool = pool_matrix(  # a duck-typed problem may lack datacenter_row: the first one
        SimpleNamespace(facility_kind=kinds, datacenter_row=getattr(inp, "datacenter_row", first))
    )
    for j in np.nonzero(pool.sum(axis=0) > 0)[0]:
        ks = np.nonzero(pool[:, j] > 0)[0]
        at = np.ix_(inv, ks)
        n = len(inv) * len(ks)  # (site, type) pairs, site-major
        b, kk = best[at].reshape(n, n_t).T, key[at].reshape(n, n_t).T  # (T, n)
        idx = np.broadcast_to(np.arange(n), (n_t, n))
        order = np.lexsort((idx, kk, b), axis=-1)  # (T, n), best first
        place = np.argsort(order, axis=-1).T.reshape(len(inv), len(ks), n_t)
        rank[at] = place
    return rank


def fill_in_merit_order(cap: np.ndarray, total: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """(N, T) ``total`` (T,) taken from the ranked items, rank 0 first, each up to its
    ``cap``; items of rank -1 take nothing [the unit of ``cap``].

    Parameters
    ----------
    cap : (N, T) array
        What each item can take [any unit].
    total : (T,) array
        What is to be taken, at most the ranked items' total [same unit].
    rank : (N, T) int array
        Place in the merit order (:func:`merit_rank`), -1 for none.

    Returns
    -------
    numpy.ndarray
        (N, T) what each item takes.

    Examples
    --------
    >>> fill_in_merit_order(np.array([[4.0], [4.0], [4.0]]), np.array([6.0]),
    ...     np.array([[1], [0], [-1]])).ravel().tolist()
    [2.0, 4.0, 0.0]
    """
    cap = np.asarray(cap, dtype=float)
    rank = np.asarray(rank, dtype=int)
    ranked = np.where(rank >= 0, cap, 0.0)
    order = np.argsort(np.where(rank >= 0, rank, np.iinfo(int).max), axis=0, kind="stable")
    cap_sorted = np.take_along_axis(ranked, order, axis=0)
    before = np.cumsum(cap_sorted, axis=0) - cap_sorted
    take = np.clip(np.asarray(total, dtype=float)[None] - before, 0.0, cap_sorted)
    out = np.zeros_like(cap)
    np.put_along_axis(out, order, take, axis=0)
    return out


def sold_wafers(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> np.ndarray:
    """Finished wafers sold per year by each site's new modules (merit order).

    In each facility type and year the wafers production uses,
    ``used[k, t] = Σ_p use[p, k, t] · prod[p, t]`` (:meth:`PlanInputs.used`: on the
    datacenter row ``12 ·`` the fleet's facility power, MW-months), come first from
    non-investor capacity ``NI`` (existing output plus other owners' new modules), then
    from the investor's ``INV``: ``sold_inv = clip(used − NI, 0, INV)``. Other owners'
    modules sell ``min(used, NI)`` pro rata to their online output (with existing
    output). The investor's total is taken in the merit order of :func:`merit_rank`
    (best after-tax margin first, then tax, then (site, type) order). Given the
    totals, this greedy order maximises ``Σ_s sold[s] · (1 − tax[s]) · margin`` (a
    continuous knapsack). Facility types of kind ``datacenter`` are one pool
    (:func:`tigris.plan.power.pool_matrix`): ``used``, ``NI`` and ``INV`` summed over
    the pool, the investor's (site, type) pairs in one merit order. With demand
    placed by region (``demand_regions``) the pool's modules sell what the power table
    runs in them instead (:func:`tigris.finance.placed.placed_sales`): a placed share
    in its region's capacity first, existing, then other owners', then the investor's
    modules there in merit order, the rest as above; without a share the two rules are
    one.

    Parameters
    ----------
    inp : PlanInputs
        The problem: ``use`` (P, K, T), ``existing_output`` (K, T) [wafers/month],
        ``module_output`` (S, K) [wafers/month], ``output`` (S, K, L), ``site_owner``,
        prices, variable costs and tax rates.
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    numpy.ndarray
        (S, K, T) finished wafers sold per year [wafers/year; MW-months/year on
        data-centre rows].

    References
    ----------
    Contract of issue 11, "Who sells"; contract of issue 12, "Decisions" (one
    datacenter pool). Dantzig (1957), as :func:`merit_rank`. ``docs/energy.md``,
    "Regional demand" (placed shares).
    """
    from tigris.plan.power import pool_matrix

    cap = _capacity_wafers(inp, build)  # (S, K, T)
    used = inp.used(np.asarray(prod, dtype=float))  # (K, T); the fleet on datacenter rows
    inv = _investor_sites(inp)
    existing = MONTHS_PER_YEAR * np.asarray(inp.existing_output, dtype=float)
    ni = existing + cap[~inv].sum(axis=0)
    pool = pool_matrix(inp)
    used_p, ni_p = pool.T @ used, pool.T @ ni  # (K, T), per pool head
    sold = np.zeros_like(cap)
    ni_sold = np.minimum(used_p, ni_p)
    share_p = np.divide(ni_sold, ni_p, out=np.zeros_like(ni_p), where=ni_p > 0)
    sold[~inv] = cap[~inv] * (pool @ share_p)[None]  # each type the share of its pool
    rank = merit_rank(inp)
    n_s, _, n_t = cap.shape
    for j in np.nonzero(pool.sum(axis=0) > 0)[0]:
        ks = np.nonzero(pool[:, j] > 0)[0]
        caps = np.where(inv[:, None, None], cap[:, ks], 0.0).reshape(-1, n_t)
        total = np.clip(used_p[j] - ni_p[j], 0.0, caps.sum(axis=0))
        take = fill_in_merit_order(caps, total, rank[:, ks].reshape(-1, n_t))
        sold[:, ks] += take.reshape(n_s, len(ks), n_t)
    from tigris.finance.placed import placed_sales

    placed = placed_sales(inp, build, prod)  # demand placed by region: the power table's
    if placed is not None:
        dc = np.asarray(inp.facility_kind) == "datacenter"
        sold[:, dc] = placed[:, dc]
    return sold
