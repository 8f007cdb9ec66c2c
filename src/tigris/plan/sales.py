"""The investor's wafer sales in the merit order: the ``npv`` objective's extra rows.

In each facility type and year the wafers production uses are sold first by capacity
that is not the investor's (existing output and other owners' modules, all already
contracted), and only the rest by the investor's modules (``docs/finance.md``, "Cash
flows" and "Objectives"). :func:`add_sales` writes that rule into the planning model
exactly, with a variable ``sold[site, facility, year]`` and a binary
``merit[facility, year]``, so that the maximised objective is the NPV that
:mod:`tigris.finance.cashflow` evaluates for the plan; with ``demand_regions`` the
data-centre pool sells as the power table runs it (:func:`_placed_need`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from tigris.errors import InputError
from tigris.plan.inputs import DATACENTER, MONTHS_PER_YEAR, PlanInputs, fleet_in_service
from tigris.plan.model import (
    COUNT_SCALE,
    _da,
    _index,
    _investor_sites,
    _lagged,
    _pad_lags,
    _sum,
    fleet_expression,
    non_investor_output,
    online_fraction,
    output_availability,
)
from tigris.plan.power import placed_room, pool_matrix

if TYPE_CHECKING:
    import linopy

__all__ = ["add_sales"]

#: Relative headroom of the merit order's big-M over the most wafers production can use
#: in a year (:func:`_most_wafers_used`): that bound is exact, so the headroom only keeps
#: HiGHS's feasibility tolerance (1e-7, relative to the row) from cutting off a plan
#: that sells exactly the bound [-].
_BIG_M_HEADROOM = 1e-3


def _most_wafers_used(inp: PlanInputs) -> np.ndarray:
    """(K, T) most finished wafers production can use in a year [wafers/year].

    Compute delivered never exceeds demand (``demand-balance``), so
    ``used[k, t] ≤ Σ_c demand[c, t] · max_p use[p, k, t] / h100e[p]`` over the products
    that can be made. Infinite where a product of no compute uses wafers. A datacenter
    pool's row (:func:`~tigris.plan.power.pool_matrix`) adds ``12 ·`` the most fleet
    power in service, ``Σ_{l<L} demand[t − l] · max_p fleet_mw[p] / h100e[p] +
    legacy[t]`` [MW-months/year].
    """
    use = np.asarray(inp.use, dtype=float)  # (P, K, T)
    h100e = np.asarray(inp.h100e, dtype=float)[:, None, None]
    avail = np.asarray(inp.available, dtype=bool)[:, None, :]
    with np.errstate(divide="ignore", invalid="ignore"):
        per_h100e = np.where(use > 0, use / h100e, 0.0)
    per_h100e = np.where(avail, per_h100e, 0.0)
    most = per_h100e.max(axis=0, initial=0.0)  # (K, T)
    demand = np.asarray(inp.demand, dtype=float).sum(axis=0)
    most = pool_matrix(inp).T @ (most * demand[None, :])  # a pool: the sum of its rows
    first = inp.datacenter_row
    if first is not None:  # the fleet in service: L years of deliveries at most demand
        h100e_p = np.asarray(inp.h100e, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            mw = np.where(inp.fleet_mw() > 0, inp.fleet_mw() / h100e_p, 0.0)  # (P,)
        mw_t = np.where(avail[:, 0, :], mw[:, None], 0.0).max(axis=0, initial=0.0)  # (T,)
        fleet = fleet_in_service(mw_t * demand, int(inp.lifetimes().max(initial=1)))
        most[first] += MONTHS_PER_YEAR * (fleet + inp.legacy_mw())
    return most


def _placed_need(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    relax: bool,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None,
    sold: linopy.Variable,
) -> linopy.LinearExpression | None:
    """``placed-need``: what each placed region's share makes the investor sell there.

    With ``demand_regions`` the cash flows sell the data-centre pool as the power table
    runs it (:func:`tigris.finance.placed.placed_sales`): a region r's share ``a_r · F``
    goes to its existing room ``room_r`` (:func:`~tigris.plan.power.placed_room`),
    then other owners' modules there ``O_r`` (at their floor, as
    :func:`~tigris.plan.model.non_investor_output`), and only the rest,
    ``need_r = max(a_r · F − room_r − O_r, 0)``, to the investor's modules there. Rows,
    per placed region and year, in the sales' unit (thousand MW-months a year):

    - ``placed-need-lower``: ``need ≥ 12 · (a_r · F − room_r − O_r)`` (and ``need ≥ 0``
      by bound);
    - ``placed-need-upper``: ``need ≤ 12 · (a_r · F − room_r − O_r) + B · (1 − on)`` and
      ``placed-need-on-upper``: ``need ≤ B · on`` with ``on[r, t]`` binary, so ``need``
      is the max exactly (``B ≥`` both terms: ``a_r`` × the most fleet
      (:func:`_most_wafers_used`) and ``12 · (room_r + O_r)``, plus
      :data:`_BIG_M_HEADROOM`);
    - ``sold-region-lower``: ``Σ_{s in r, k datacenter} sold ≥ need``.

    Returns ``Σ_r need`` (year), which :func:`add_sales` lets the pool's total reach
    (``sold-placed-upper``); ``None`` without a placed share.

    References
    ----------
    ``docs/energy.md``, "Regional demand"; ``docs/finance.md``, "Who sells when demand
    is placed by region"; Williams (2013), §9.1.4 (a max of two linear terms with one
    binary and a big-M bounded by the data).
    """
    reg = inp.power_regions
    first = inp.datacenter_row
    if reg is None or inp.site_region is None or first is None:
        return None
    if not np.any(np.asarray(reg.demand_share, dtype=float) > 0):
        return None
    names, share, room = placed_room(inp)  # (R',), (R', T) MW at the plan's PUE
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    is_dc = np.asarray(inp.facility_kind) == DATACENTER
    in_r = np.array([[str(sr) == r for r in names] for sr in inp.site_region], dtype=float)
    shape = (len(inp.sites), len(inp.facilities), len(inp.years))
    floor = np.zeros(shape) if inp.min_build is None else np.asarray(inp.min_build, float)
    others = ~_investor_sites(inp)
    online = online_fraction(np.where(others[:, None, None], floor, 0.0), inp.output)
    o_mw = (online * np.where(is_dc, inp.module_capacity, 0.0)[..., None]).sum(axis=1)
    const = (room + in_r.T @ o_mw) * scale  # (R', T)
    most = _most_wafers_used(inp)[first] / COUNT_SCALE  # (T,) the most 12 · (F + G)
    big = np.maximum(share[:, None] * most[None, :], const) * (1.0 + _BIG_M_HEADROOM)
    regions = _index("region", names)
    rt = {"region": regions, "year": c["year"]}
    need = m.add_variables(lower=0, upper=_da(big, rt), name="placed-need")
    on = m.add_variables(
        lower=_da(np.zeros(big.shape), rt),
        upper=_da(np.ones(big.shape), rt),
        name="placed-need-on",
        binary=not relax,
    )
    fleet = fleet_expression(m, inp, c, picks) * scale * _da(share, {"region": regions})
    m.add_constraints(1.0 * need - fleet >= _da(-const, rt), name="placed-need-lower")
    m.add_constraints(
        1.0 * need - fleet + on * _da(big, rt) <= _da(big - const, rt), name="placed-need-upper"
    )
    m.add_constraints(1.0 * need - on * _da(big, rt) <= 0, name="placed-need-on-upper")
    sr = {"site": c["site"], "region": regions}
    here = sold * _da(is_dc.astype(float), {"facility": c["facility"]}) * _da(in_r, sr)
    m.add_constraints(here.sum(["site", "facility"]) - need >= 0, name="sold-region-lower")
    return need.sum("region")


def add_sales(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    relax: bool,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``sold`` and ``merit``: the investor's wafers sold in the merit order (``npv``).

    With ``used[k, t] = Σ_p use · prod`` and ``NI`` (:func:`non_investor_output`, a
    constant since other owners' builds are fixed) the contract's rule is
    ``Σ_s sold[s, k, t] = clip(used − NI, 0, INV)``; ``used ≤ NI + INV`` already
    (``capacity-<kind>-upper``), so it is ``max(used − NI, 0)``, written exactly as

    - ``sold-site-upper``: ``sold[s, k, t] ≤ 12 · module_output[s, k] · online[s, k, t]``
      (a site sells only what its modules make; 0 at other owners' sites by bound);
    - ``sold-lower``: ``Σ_s sold ≥ used − NI`` (the investor supplies what others cannot);
    - ``sold-upper``: ``Σ_s sold ≤ used − NI · merit`` and ``sold-merit-upper``:
      ``Σ_s sold ≤ M · merit`` with ``merit[k, t]`` binary: ``merit = 1`` allows
      ``used − NI`` (feasible only when ``used ≥ NI``), ``merit = 0`` allows 0. ``M``
      is the most wafers production can use (:func:`_most_wafers_used`) plus
      :data:`_BIG_M_HEADROOM`: ``Σ_s sold ≤ used`` always, so it never cuts a plan.
      ``M`` depends on demand only, not on capital, site or scanner limits: a re-solve
      with one of those raised (:class:`~tigris.plan.highs.Resolver`) must not find
      the investor's sales capped by the old limit (a bound from the investor's capital
      made HiGHS ~40 % faster on the reference and priced more capital at $0).

    The facility types of kind ``datacenter`` are one pool (``docs/energy.md``, "The
    power constraint"): on the first one's row ``used`` is ``12 ·`` the fleet's
    facility power (:func:`~tigris.plan.model.fleet_expression`, plus the legacy fleet,
    a constant) and ``NI`` and ``Σ sold`` sum over the pool; the other datacenter rows
    have no sales rows (their sales count in the pool's).

    Among the investor's sites the LP puts the total where the after-tax margin is
    best, the same allocation as :func:`tigris.finance.cashflow.sold_wafers` (a
    continuous knapsack). ``merit`` is fixed to 1 where ``NI = 0`` and to 0 where no
    investor site may host the facility type.

    With demand placed by region (``demand_regions``) the cash flows sell the pool as
    the power table runs it (:func:`tigris.finance.placed.placed_sales`): the pool's
    total is ``max(used − NI, Σ_r need_r)`` with ``need_r`` what region r's share needs
    of the investor's modules there (:func:`_placed_need`, which also keeps each
    region's sales ≥ its ``need_r``). On the pool's row, with ``bind[t]`` binary and
    ``B = M + NI``: ``sold-upper`` gains ``− B · bind`` (``bind = 1`` lifts it),
    ``sold-merit-upper`` gains ``− Σ need`` and ``sold-placed-upper``: ``Σ_s sold ≤
    Σ need + B · (1 − bind)``. So the total is ``used − NI`` (``bind = 0``, when that
    is at least ``Σ need``) or ``Σ need`` (``bind = 1``, or ``merit = 0``), never more;
    ``sold-lower`` and ``sold-region-lower`` keep it at least both. ``sold-placed-lower``
    (``bind ≥ 1 − merit``) changes no total but keeps any ``merit`` the plan allows
    feasible with the solve's ``bind`` (the shadow prices' fixed LP). Among the
    investor's modules the LP again takes the best margins first, within each region's
    ``need_r`` and then over all: the placed rule's order (a continuous knapsack with a
    floor per region, filled greedily). Without a placed share none of this is built.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    relax : bool
        True for continuous ``merit`` (and placed-region) switches (an LP relaxation), else
        binary.
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    Raises
    ------
    InputError
        A product that uses wafers has ``h100e`` 0, so the merit order's big-M has no
        bound on the wafers used.

    References
    ----------
    Contract of issue 11, "Who sells"; Williams, *Model Building in Mathematical
    Programming*, 5th ed. (2013), §9.1.4 (a disjunction of two constraints with one
    binary variable and a big-M bounded by the data).
    """
    kt = {"facility": c["facility"], "year": c["year"]}
    skt = {"site": c["site"], "facility": c["facility"], "year": c["year"]}
    shape = tuple(len(v) for v in skt.values())
    can = np.asarray(inp.allowed, dtype=bool) & _investor_sites(inp)[:, None]  # (S, K)
    up = np.where(np.broadcast_to(can[:, :, None], shape), np.inf, 0.0)
    sold = m.add_variables(lower=0, upper=_da(up, skt), name="sold")
    pool = pool_matrix(inp)  # (K, K): datacenter types sell from one pool
    ni = pool.T @ non_investor_output(inp) / COUNT_SCALE  # (K, T) thousand wafers/year
    any_site = np.broadcast_to(((pool.T @ can.any(axis=0)) > 0)[:, None], ni.shape)
    lo = np.where(any_site & (ni <= 0), 1.0, 0.0)
    m.add_variables(
        lower=_da(lo, kt),
        upper=_da(any_site.astype(float), kt),
        name="merit",
        binary=not relax,
    )
    merit = m.variables["merit"]
    if not np.any(can):
        return
    most = _most_wafers_used(inp) / COUNT_SCALE * (1.0 + _BIG_M_HEADROOM)
    if np.any(~np.isfinite(most) & any_site):
        msg = (
            "plan inputs: h100e is 0 for a product that uses wafers, so the npv "
            "objective's merit order has no bound on the wafers used"
        )
        raise InputError(msg)
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    n_years = len(inp.years)
    n_lag = min(inp.output.shape[-1], n_years)
    cap = _pad_lags(inp.output, n_years)[..., :n_lag] * (-inp.module_output * scale)[..., None]
    avail = output_availability(inp)  # a disrupted site sells what it makes
    site_rows = _sum(
        [1.0 * sold, *_lagged(m, cap, c, tail=True, over=[], picks=picks, factor=avail)]
    )
    m.add_constraints(site_rows <= 0, name="sold-site-upper")
    pkt = {"product": c["product"], "facility": c["facility"], "year": c["year"]}
    used = (m.variables["prod"] * _da(inp.use, pkt)).sum("product")  # (K, T)
    total = sold.sum("site")
    rows = None
    first = inp.datacenter_row
    if first is not None:  # the fleet's MW-months on the pool's row, the pool summed
        if len(inp.datacenter_rows) > 1:
            g = _da(pool, {"facility": c["facility"], "pool": c["facility"].rename("pool")})
            used = (used * g).sum("facility").rename(pool="facility")
            total = (total * g).sum("facility").rename(pool="facility")
        on_first = np.zeros(len(c["facility"]))
        on_first[first] = scale
        fleet = fleet_expression(m, inp, c, picks) * _da(on_first, {"facility": c["facility"]})
        used = _sum([used, fleet])
        heads = pool.sum(axis=0) > 0  # rows that are a pool (the others are empty)
        rows = xr.DataArray(np.broadcast_to(heads[:, None], ni.shape).copy(), coords=kt)
        used_const = np.outer(on_first, inp.legacy_mw())  # the legacy fleet: a constant
    else:
        used_const = np.zeros(ni.shape)
    # used = expression + used_const (the legacy fleet on the pool's row)
    m.add_constraints(total - used >= _da(used_const - ni, kt), name="sold-lower", mask=rows)
    upper = total - used + merit * _da(ni, kt)
    merit_upper = total - merit * _da(np.where(np.isfinite(most), most, 0.0), kt)
    need = _placed_need(m, inp, c, relax, picks, sold) if first is not None else None
    if need is not None:  # demand placed by region: the pool sells max(used − NI, Σ need)
        on_first = np.zeros(len(c["facility"]))
        on_first[first] = 1.0
        head = _da(on_first, {"facility": c["facility"]})
        big = (np.where(np.isfinite(most), most, 0.0) + np.maximum(ni, 0.0))[first]
        bind = m.add_variables(
            lower=_da(np.zeros(len(c["year"])), {"year": c["year"]}),
            upper=_da(np.ones(len(c["year"])), {"year": c["year"]}),
            name="sold-placed",
            binary=not relax,
        )
        big_t = _da(big, {"year": c["year"]})
        upper = upper - bind * big_t * head
        merit_upper = merit_upper - need * head
        first_row = xr.DataArray(np.broadcast_to(on_first[:, None] > 0, ni.shape).copy(), coords=kt)
        m.add_constraints(
            total - need * head + bind * big_t * head <= big_t * head,
            name="sold-placed-upper",
            mask=first_row,
        )
        # merit = 0 takes Σ need (sold-merit-upper) whatever bind is; bind = 1 there
        # too, so fixing merit from the plan's wafers used (plan.shadow._merit) and
        # bind from the solve always leaves the plan feasible
        m.add_constraints(
            1.0 * bind + merit * head >= head, name="sold-placed-lower", mask=first_row
        )
    m.add_constraints(upper <= _da(used_const, kt), name="sold-upper", mask=rows)
    m.add_constraints(merit_upper <= 0, name="sold-merit-upper", mask=rows)
