"""Who sells the data-centre pool's power when demand is placed by region.

With ``demand_regions`` (:attr:`tigris.plan.power.PowerRegions.demand_share` > 0)
the plan's regional rows (``capacity-datacenter-region-upper``,
:func:`tigris.plan.power.add_region_rows`) make a placed share of the fleet run in its
region, and the ``power`` table (:func:`tigris.energy.regional.power_table`) places it
there by the rule of :func:`tigris.energy.allocation.allocate_fleet`: existing
capacity first, then other owners' modules there, then the investor's modules there
in the merit order (:func:`tigris.finance.cashflow.merit_rank`); the unplaced rest
where room is left, existing capacity first. :func:`placed_sales` gives the same
allocation in the cash flows' unit, so that :func:`tigris.finance.cashflow.sold_wafers`
credits each data-centre module with the MW the power table runs in it: its revenue,
and its energy (a gas module's fuel, a grid module's grid bill), are paid on the power
the table shows it drawing (``docs/finance.md``, "Who sells"; ``docs/energy.md``,
"Which module draws the power").

Without a placed share the pooled rule of :func:`~tigris.finance.cashflow.sold_wafers`
(``clip(used − NI, 0, INV)`` in merit order) is the same allocation (the power table's
rule with every share 0) and :func:`placed_sales` returns ``None``: nothing changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tigris.units import MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs

__all__ = ["placed_sales"]

#: The facility kind of data-centre capacity (``tigris.plan.inputs.DATACENTER``).
_DATACENTER = "datacenter"


def _existing_by_region(inp: PlanInputs, existing: np.ndarray) -> np.ndarray:
    """(R, T) the pool's existing capacity ``existing`` (T,) split over
    ``inp.power_regions.names`` pro rata to their ``existing_mw`` [MW at the plan's
    PUE], as the power table splits it; where the regions have no capacity in some year,
    pro rata to the data's AI data-centre MW (the power table's fallback)."""
    reg = inp.power_regions
    weights = np.asarray(reg.existing_mw, dtype=float)
    if not np.all(weights.sum(axis=0) > 0):
        from tigris.energy.data import datacenter_capacity_mw

        data = datacenter_capacity_mw(np.asarray(inp.years, dtype=int))
        n_t = len(existing)
        weights = np.array(
            [np.broadcast_to(np.asarray(data.get(r, 0.0), dtype=float), (n_t,)) for r in reg.names]
        )
    total = weights.sum(axis=0)
    share = np.divide(weights, total, out=np.zeros_like(weights), where=total > 0)
    return share * existing[None, :]


def placed_sales(inp: PlanInputs, build: np.ndarray, prod: np.ndarray) -> np.ndarray | None:
    """(S, K, T) MW-months a year each data-centre module sells when demand is placed
    by region; ``None`` when no region has a share (the pooled rule holds).

    The fleet ``F[t]`` (the pool's row of :meth:`PlanInputs.used`, less the legacy
    fleet ``G[t]``) is placed by :func:`tigris.energy.allocation.allocate_fleet` with
    the inputs the power table gives it [MW at the plan's PUE]: existing capacity
    ``Σ_{k datacenter} existing[k, t]`` split over the regions pro rata to
    ``power_regions.existing_mw``; each data-centre module group's capacity online,
    ``online_fraction(build, output)[s, k, t] · module_capacity[s, k]``, in its site's
    region; the shares ``power_regions.demand_share``; the merit order
    :func:`tigris.finance.cashflow.merit_rank`. A module sells ``12 ·`` the MW placed in
    it (MW-months a year, the pool's unit); rows of other kinds are 0 (the caller keeps
    their pooled sales).

    Parameters
    ----------
    inp : PlanInputs
        The problem (``power_regions``, ``site_region``, a data-centre row).
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    numpy.ndarray or None
        (S, K, T) [MW-months/year], or ``None``.

    References
    ----------
    ``docs/energy.md``, "Regional demand" and "The power table" (the rule);
    :func:`tigris.energy.allocation.allocate_fleet` (its proof that the rows' feasible
    plans place the whole fleet); ``docs/finance.md``, "Who sells".

    Examples
    --------
    Without ``power_regions`` nothing is placed:

    >>> from types import SimpleNamespace as NS
    >>> placed_sales(NS(power_regions=None), np.zeros((1, 1, 1)), np.zeros((1, 1))) is None
    True
    """
    from tigris.energy.allocation import allocate_fleet
    from tigris.finance.cashflow import merit_rank
    from tigris.plan.model import online_fraction

    reg = getattr(inp, "power_regions", None)
    regions = getattr(inp, "site_region", None)
    first = getattr(inp, "datacenter_row", None)
    if reg is None or regions is None or first is None:
        return None
    share = np.asarray(reg.demand_share, dtype=float)
    if not np.any(share > 0):
        return None
    build = np.asarray(build, dtype=float)
    is_dc = np.asarray(inp.facility_kind) == _DATACENTER
    fleet = inp.used(np.asarray(prod, dtype=float))[first] / MONTHS_PER_YEAR  # (T,) F + G
    legacy = inp.legacy_mw()
    existing = np.asarray(inp.existing, dtype=float)[is_dc].sum(axis=0)
    cap = np.asarray(inp.module_capacity, dtype=float)
    s_dc, k_dc = np.nonzero(np.broadcast_to(is_dc[None, :], cap.shape))
    built = online_fraction(build, inp.output)[s_dc, k_dc] * cap[s_dc, k_dc, None]  # (N, T)
    at = {r: i for i, r in enumerate(reg.names)}
    # a site whose region power_regions does not name (none on assembled inputs) is
    # in a region of its own, with no existing capacity and no share
    where = np.array([at.get(str(regions[s]), len(at)) for s in s_dc], dtype=int)
    existing_r = np.vstack([_existing_by_region(inp, existing), np.zeros((1, len(existing)))])
    alloc = allocate_fleet(
        fleet - legacy,
        legacy,
        existing_r,
        built,
        where,
        np.append(share, 0.0),
        merit_rank(inp)[s_dc, k_dc],
    )
    out = np.zeros(build.shape)
    out[s_dc, k_dc] = MONTHS_PER_YEAR * alloc.built
    return out
