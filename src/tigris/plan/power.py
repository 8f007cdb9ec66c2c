"""The power rows of the planning model: the installed fleet in data-centre capacity.

``capacity-datacenter-upper`` (:func:`add_power_row`): the facility power of the
installed fleet (accelerators delivered in the last ``L`` years, plus the legacy fleet
delivered before the horizon) within the datacenter capacity online, every facility of
kind ``datacenter`` one pool; ``grid-headroom-upper`` (:func:`add_grid`): new
grid-connected datacenter MW online in a region within its grid headroom;
:func:`installed_expression`: the compute in service for ``demand_basis: installed``.
``docs/energy.md``, "The power constraint", has the formulation and its units.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import xarray as xr

from tigris.plan.inputs import DATACENTER, MONTHS_PER_YEAR, PlanInputs
from tigris.plan.model import (
    COUNT_SCALE,
    _at_lags,
    _da,
    _index,
    _lag_mask,
    _online,
    _sum,
    fleet_expression,
)

if TYPE_CHECKING:
    import linopy

__all__ = [
    "add_grid",
    "add_power_row",
    "fleet_lagged_sum",
    "installed_expression",
    "pool_matrix",
]


def pool_matrix(inp: PlanInputs) -> np.ndarray:
    """(K, K) 0/1 matrix ``G[k, j]``: facility type *k*'s capacity counts in row *j*.

    The identity, except that every facility of kind ``datacenter`` counts in the first
    one's row (one pool of facility power: grid-connected or on-site, a data centre
    hosts any accelerator). :meth:`PlanInputs.used` puts the fleet on that row.

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> inp = NS(facility_kind=("cowos", "datacenter", "datacenter"), datacenter_row=1)
    >>> pool_matrix(inp).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]
    """
    kinds = np.asarray(inp.facility_kind)
    g = np.eye(len(kinds))
    first = inp.datacenter_row
    if first is not None:
        dc = kinds == DATACENTER
        g[dc] = 0.0
        g[dc, first] = 1.0
    return g


def add_power_row(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    pool: linopy.LinearExpression,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None,
) -> None:
    """``capacity-datacenter-upper`` on the first datacenter facility, one row a year.

    ``pool`` is ``Σ_{k of kind datacenter} (used − new output)`` (T,); the row adds
    ``12 · fleet[t] / 1000`` (:func:`fleet_expression`) and moves the legacy fleet to
    the right-hand side: ``≤ 12 · (Σ_k existing[k, t] − legacy[t]) / 1000``.
    """
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    dc = inp.datacenter_rows
    first = int(dc[0])
    have = np.asarray(inp.existing_output, dtype=float)[dc].sum(axis=0) - inp.legacy_mw()
    lhs = _sum([pool, fleet_expression(m, inp, c, picks) * scale])
    row = {"facility": c["facility"][first : first + 1]}
    one = _da(np.ones(1), row)
    rhs = _da((have * scale)[None, :], {**row, "year": c["year"]})
    m.add_constraints(lhs * one <= rhs, name=f"capacity-{DATACENTER}-upper")


def add_grid(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``grid-headroom-upper``: new grid-connected datacenter MW online ≤ headroom.

    Per region *r* and year *t*: ``Σ_{s in r, k grid-limited} module_capacity[s, k] ·
    online[s, k, t] ≤ grid_headroom_mw[r, t]`` [MW], over the modules the plan builds
    (existing and announced capacity is already connected). Added only for regions
    with a finite headroom and a site that may build a grid-limited module there.

    References
    ----------
    Contract of issue 12, "Grid headroom"; ``docs/energy.md``, "The power constraint".
    """
    if inp.site_region is None or not inp.regions or len(c["site"]) == 0:
        return
    weight = np.asarray(inp.module_capacity, dtype=float) * (
        inp.grid_limits() & np.asarray(inp.allowed, dtype=bool)
    )
    regions = _index("region", inp.regions)
    in_r = np.array([[sr == r for r in inp.regions] for sr in inp.site_region], dtype=float)
    head = np.asarray(inp.grid_headroom_mw, dtype=float)  # (R, T)
    has = (in_r * (weight.sum(axis=1) > 0)[:, None]).sum(axis=0) > 0  # (R,)
    active = has[:, None] & np.isfinite(head)
    if not np.any(active):
        return
    terms = _online(m, inp, c, weight, "facility", picks)  # (S, T) each
    s_r = _da(in_r, {"site": c["site"], "region": regions})
    lhs = _sum([(e * s_r).sum("site") for e in terms])
    rt = {"region": regions, "year": c["year"]}
    m.add_constraints(
        lhs <= _da(np.where(active, head, 0.0), rt),
        name="grid-headroom-upper",
        mask=xr.DataArray(active, coords=rt),
    )


def fleet_lagged_sum(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    per_unit: np.ndarray,
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> linopy.LinearExpression:
    """``Σ_p Σ_{l<L_p} per_unit[p] · prod[p, t − l]`` per year: the fleet in service,
    each product over its own service life ``L_p`` (:meth:`PlanInputs.lifetimes`), lags
    before the horizon left out (``per_unit`` in the caller's units per thousand made).

    References
    ----------
    OECD, *Measuring Capital* (2009), ch. 6 (the perpetual-inventory stock with a
    fixed service life); :func:`tigris.energy.fleet.fleet_by_year` (the same sum on
    numbers).
    """
    n_t = len(c["year"])
    life = inp.lifetimes()
    lags = np.arange(min(int(life.max(initial=1)), n_t))
    prod = _at_lags(m.variables["prod"], lags, c["year"], picks)  # (P, T, L)
    serving = (lags[None, :] < life[:, None]).astype(float)  # (P, L)
    coef = np.asarray(per_unit, dtype=float)[:, None, None] * _lag_mask(lags, n_t)[None]
    coef = coef * serving[:, None, :]
    dims = {"product": c["product"], "year": c["year"], "lag": pd.Index(lags, name="lag")}
    return (prod * _da(coef, dims)).sum(["product", "lag"])


def installed_expression(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> linopy.LinearExpression:
    """Compute in service from the plan's deliveries, per year [thousand H100e].

    ``Σ_p Σ_{l<L_p} h100e[p] · prod[p, t − l]`` (``L_p`` product p's life), the
    served compute of ``demand_basis: installed`` (legacy fleet excluded: it is
    :meth:`PlanInputs.legacy_served`).

    References
    ----------
    Contract of issue 12, "Demand basis" (compute in service, a stock).
    """
    return fleet_lagged_sum(m, inp, c, np.asarray(inp.h100e, dtype=float), picks)
