"""The power rows of the planning model: the installed fleet in data-centre capacity.

``capacity-datacenter-upper`` (:func:`add_power_row`): the facility power of the
installed fleet (accelerators delivered in the last ``L`` years, plus the legacy fleet
delivered before the horizon) within the datacenter capacity online, every facility of
kind ``datacenter`` one pool; ``capacity-datacenter-region-upper``
(:func:`add_region_rows`): the share of the fleet placed in a region within the
capacity there; ``grid-headroom-upper`` (:func:`add_grid`): the nameplate MW of the
plan's grid-connected datacenter modules in a region within its grid headroom
(:func:`connected_output`: a module counts in full from its first year online);
``gas-build-upper`` (:func:`add_gas_cap`): the investor's on-site gas MW commissioned
a year within ``datacenters.gas_mw_per_year_max``; :func:`installed_expression`: the
compute in service for ``demand_basis: installed``.
:class:`PowerRegions` says where the capacity is, at which PUE, and where demand is
placed. ``docs/energy.md``, "The power constraint", has the formulation and its units.

**Units: MW at the plan's PUE.** Every datacenter row counts power as *IT MW × the
plan's PUE* (``PlanInputs.pue``), so the fleet's side is unchanged whatever the PUE of
where it is plugged in (:meth:`PlanInputs.used` stays the one "used"), and capacity of
facility PUE ``u`` counts ``facility MW × pue / u``: the contract's IT-MW rows
(``Σ fleet IT MW ≤ Σ_r E_r / u_r + Σ built MW / u_site``) multiplied by the constant
``pue``. Where ``u = pue`` a MW is a facility MW, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
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
    _lagged,
    _online,
    _pad_lags,
    _sum,
    fleet_expression,
)

if TYPE_CHECKING:
    import linopy

__all__ = [
    "REGION_ROW",
    "PowerRegions",
    "add_gas_cap",
    "add_grid",
    "add_power_row",
    "add_region_rows",
    "connected_output",
    "datacenter_used_mw",
    "existing_facility_ratio",
    "facility_capacity",
    "fleet_lagged_sum",
    "gas_commissioned_mw",
    "installed_expression",
    "module_pue",
    "placed_room",
    "pool_matrix",
]


#: Name of the rows that keep the fleet placed in a region within the capacity there.
REGION_ROW = f"capacity-{DATACENTER}-region-upper"


@dataclass(frozen=True)
class PowerRegions:
    """Where the data-centre capacity is, at which PUE, and where demand is placed.

    Attributes
    ----------
    names : tuple of str
        Regions (R), every region with existing capacity or a site.
    existing_mw : (R, T) array
        Existing and announced capacity in each region [MW at the plan's PUE: facility
        MW × ``pue`` / :attr:`existing_pue`]; sums over regions to the pool's existing
        capacity.
    existing_pue : (R,) array
        PUE of that capacity [-] (its facility MW = ``existing_mw · existing_pue /
        pue``).
    module_pue : (S, K) array
        PUE of a module of facility type k at site s [-] (a datacenter module's
        ``module_capacity`` is ``facility MW · pue / module_pue``); the plan's PUE
        elsewhere.
    demand_share : (R,) array
        Share of the installed fleet placed in each region [-] (0: not placed; total
        ≤ 1; ``demand_regions`` of the scenario).
    onsite_gco2_per_kwh, onsite_usd_per_mwh : (K,) array
        Emission intensity [gCO2/kWh] and energy price [USD/MWh] of a facility type's
        on-site generation; NaN for grid-powered types (the region's grid values).
    grid_price_multiplier : float
        Factor on ``data/grid.csv``'s electricity price that grid-powered data centres
        pay [-] (the scenario's ``datacenters.electricity_price_multiplier``; 1 by
        default); fab energy and on-site generation are not scaled.
    onsite_btu_per_kwh : (K,) array, optional
        Heat rate of a facility type's on-site generation [Btu/kWh, HHV]
        (``data/datacenter_types.csv``; 0: no fuel, as solar; NaN for grid-powered
        types); default all NaN (no fuel anywhere).
    gas_mw_per_year_max : float, optional
        Facility MW of modules burning fuel on site (``onsite_btu_per_kwh`` > 0) the
        investor may commission (first year with output) in any one year [MW/year]
        (the scenario's ``datacenters.gas_mw_per_year_max``); None: no limit.
    pass_through_usd_per_mw_month : (S, T) array, optional
        The energy a data-centre module at site s passes through to its tenant per
        MW-month of the rows' unit used [USD/MW-month]: what the tenant's IT would draw
        in the site's region's existing capacity, at the region's grid price (x
        :attr:`grid_price_multiplier`) and PUE, ``p_r · u_r / pue · 8,766/12 h · load``
        (:func:`tigris.plan.assemble_energy.site_pass_through`); NaN where the site's
        region has no data (the pool's energy is passed through). None: the pool's
        everywhere (before session 37).
    grid_dollars : float, optional
        Factor turning ``data/grid.csv``'s electricity prices into US dollars of the
        scenario's ``currency_year`` [-] (CPI-U from ``data_prices_price_year``,
        :func:`tigris.plan.assemble_energy.dollars`; 1 by default, and in the
        reference): the power table charges every grid MWh (data centres' and fabs')
        at the region's price x this.
    """

    names: tuple[str, ...]
    existing_mw: np.ndarray
    existing_pue: np.ndarray
    module_pue: np.ndarray
    demand_share: np.ndarray
    onsite_gco2_per_kwh: np.ndarray
    onsite_usd_per_mwh: np.ndarray
    grid_price_multiplier: float = 1.0
    onsite_btu_per_kwh: np.ndarray | None = None
    gas_mw_per_year_max: float | None = None
    pass_through_usd_per_mw_month: np.ndarray | None = None
    grid_dollars: float = 1.0

    def __post_init__(self) -> None:
        object.__setattr__(self, "names", tuple(str(r) for r in self.names))
        if self.onsite_btu_per_kwh is None:
            nan = np.full(np.shape(self.onsite_gco2_per_kwh), np.nan)
            object.__setattr__(self, "onsite_btu_per_kwh", nan)
        for name in (
            "existing_mw",
            "existing_pue",
            "module_pue",
            "demand_share",
            "onsite_gco2_per_kwh",
            "onsite_usd_per_mwh",
            "onsite_btu_per_kwh",
        ):
            object.__setattr__(self, name, np.asarray(getattr(self, name), dtype=float))
        n_r = len(self.names)
        bad = [
            name
            for name, ok in (
                ("existing_mw", self.existing_mw.ndim == 2 and len(self.existing_mw) == n_r),
                ("existing_pue", self.existing_pue.shape == (n_r,)),
                ("demand_share", self.demand_share.shape == (n_r,)),
            )
            if not ok
        ]
        if bad or np.any(self.demand_share < 0) or self.demand_share.sum() > 1 + _SHARE_TOL:
            from tigris.errors import InputError

            raise InputError(
                f"plan inputs: power_regions has a wrong {', '.join(bad) or 'demand_share'} "
                f"(regions {self.names}; shares in [0, 1], total <= 1)"
            )


#: Tolerance on the demand shares' total [-] (a numerical tolerance).
_SHARE_TOL = 1e-9


def facility_capacity(inp: PlanInputs) -> np.ndarray:
    """(S, K) a module's capacity as built: ``module_capacity`` but, for a datacenter
    module, its facility MW (``module_capacity · module_pue / pue``: the rows count MW at
    the plan's PUE) [the kind's capacity unit].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``module_capacity`` (S, K), ``power_regions``, ``pue``).

    Returns
    -------
    numpy.ndarray
        (S, K) capacity of a module as built [wspm; facility MW for a datacenter module].

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> inp = NS(module_capacity=np.array([[100.0]]), power_regions=None, pue=1.2)
    >>> facility_capacity(inp).tolist()
    [[100.0]]
    """
    cap = np.asarray(inp.module_capacity, dtype=float)
    return cap * module_pue(inp) / float(inp.pue)


def existing_facility_ratio(inp: PlanInputs) -> np.ndarray:
    """(T,) facility MW per MW of the rows' unit of the existing capacity [-]:
    ``Σ_r E_r · u_r / (pue · Σ_r E_r)`` (:attr:`PowerRegions.existing_mw` at its
    :attr:`PowerRegions.existing_pue`); 1 where no regions or no existing capacity
    (capacity at the plan's PUE, a facility MW).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``years``, ``power_regions``, ``pue``).

    Returns
    -------
    numpy.ndarray
        (T,) the ratio by year [-].

    References
    ----------
    The Green Grid, White Paper 49 (2012) (facility = IT × PUE); ``docs/energy.md``,
    "The power constraint" (units).
    """
    n_t = len(inp.years)
    reg = getattr(inp, "power_regions", None)
    if reg is None:
        return np.ones(n_t)
    ex = np.asarray(reg.existing_mw, dtype=float)
    pue_r = np.asarray(reg.existing_pue, dtype=float)[:, None]
    total = ex.sum(axis=0)
    facility = (ex * pue_r).sum(axis=0) / float(inp.pue)
    return np.divide(facility, total, out=np.ones(n_t), where=total > 0)


def datacenter_used_mw(
    inp: PlanInputs, build: np.ndarray, prod: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each datacenter capacity's own power available and used, in facility MW.

    The fleet (with the legacy fleet, :meth:`PlanInputs.used`) is put where the cash
    flows sell it (:func:`tigris.finance.cashflow.sold_wafers`): a module's used MW is
    what it sells (the investor's best after-tax margin first, after non-investor
    capacity), and the existing capacity of the pool's row holds the rest of the pool's
    fleet, so a row never shows more used than it has and the investor's rows show the
    use its revenue is paid for. Rows' MW (IT MW × ``pue``) are turned into facility MW
    at the PUE of where they are: a module's (:func:`facility_capacity`), the existing
    capacity's mean (:func:`existing_facility_ratio`), so the table's MW are the builds
    table's.

    Parameters
    ----------
    inp : PlanInputs
        The problem (a datacenter row; else every array is zero).
    build : (S, K, T) array
        Modules started per year [modules].
    prod : (P, T) array
        Accelerators made per year [accelerators/year].

    Returns
    -------
    existing_available, existing_used : (K, T) arrays
        The existing capacity of each facility type and the part the fleet uses
        [facility MW]; zero on non-datacenter rows.
    module_available, module_used : (S, K, T) arrays
        New modules online at each site and the part the fleet uses [facility MW]; zero
        on non-datacenter rows.

    References
    ----------
    Contract of issue 12, "Decisions" (one datacenter pool, who sells);
    ``docs/energy.md``, "Reading the results" (the capacity table).
    """
    from tigris.finance.cashflow import _capacity_wafers, sold_wafers

    build = np.asarray(build, dtype=float)
    prod = np.asarray(prod, dtype=float)
    kinds = np.asarray(inp.facility_kind)
    dc = kinds == DATACENTER
    n_k, n_t = len(kinds), len(inp.years)
    n_s = np.shape(inp.module_capacity)[0]
    ex_av, ex_used = np.zeros((n_k, n_t)), np.zeros((n_k, n_t))
    mod_av, mod_used = np.zeros((n_s, n_k, n_t)), np.zeros((n_s, n_k, n_t))
    if not dc.any() or inp.datacenter_row is None:
        return ex_av, ex_used, mod_av, mod_used
    cap = _capacity_wafers(inp, build) / MONTHS_PER_YEAR  # (S, K, T) MW at the plan's PUE
    sold = sold_wafers(inp, build, prod) / MONTHS_PER_YEAR  # (S, K, T) MW used
    pool = pool_matrix(inp)
    used_p = (pool.T @ (inp.used(prod) / MONTHS_PER_YEAR))[inp.datacenter_row]  # (T,)
    existing = np.where(dc[:, None], np.asarray(inp.existing, dtype=float), 0.0)  # (K, T)
    ex_total = existing.sum(axis=0)
    rest = np.clip(used_p - sold[:, dc].sum(axis=(0, 1)), 0.0, ex_total)
    share = np.divide(rest, ex_total, out=np.zeros(n_t), where=ex_total > 0)
    to_fac = existing_facility_ratio(inp)[None, :]
    ex_av = existing * to_fac
    ex_used = existing * share[None, :] * to_fac
    # (S, K, 1) facility MW per MW at the plan's PUE, as facility_capacity
    ratio = np.where(dc[None, :], module_pue(inp) / float(inp.pue), 0.0)[..., None]
    mod_av = cap * ratio
    mod_used = np.minimum(sold, cap) * ratio
    return ex_av, ex_used, mod_av, mod_used


def module_pue(inp: PlanInputs) -> np.ndarray:
    """(S, K) PUE of each module: :attr:`PowerRegions.module_pue`, the plan's PUE where
    not given (no :class:`PowerRegions`, or a site added after assembly, e.g. a
    re-solve's bonus site) [-].

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``module_capacity`` (S, K) for the shape, ``power_regions``,
        ``pue``).

    Returns
    -------
    numpy.ndarray
        (S, K) PUE by site and facility [-].
    """
    shape = np.shape(inp.module_capacity)
    out = np.full(shape, float(inp.pue))
    reg = getattr(inp, "power_regions", None)
    if reg is not None:
        given = np.asarray(reg.module_pue, dtype=float)
        s, k = min(shape[0], given.shape[0]), min(shape[1], given.shape[1])
        out[:s, :k] = given[:s, :k]
    return out


def placed_room(
    inp: PlanInputs, existing_total: np.ndarray | None = None
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """The placed regions, their shares (R',) and the existing room there (R', T)
    [MW at the plan's PUE]: ``E_r − G_r``, ≥ 0, the legacy fleet ``G_r`` split pro rata
    to existing capacity (it is plugged into existing capacity, and fits: the inputs
    check it against the pool's existing capacity, so each region's part is at most
    its capacity).

    ``existing_total`` (T,) rescales the regions' existing capacity to another total (a
    nested world with less capacity, :mod:`tigris.plan.counterfactual`); the legacy
    fleet is split over the rescaled capacity.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``power_regions``, the legacy fleet).
    existing_total : numpy.ndarray or None, optional
        (T,) total existing capacity to rescale the regions' to [MW at the plan's PUE];
        None keeps the regions' own.

    Returns
    -------
    tuple of (list of str, numpy.ndarray, numpy.ndarray)
        The names of the regions with a demand share > 0 (R'), their shares (R',) [fraction
        0-1] and their room (R', T) [MW at the plan's PUE]; empty without power regions.
    """
    reg = inp.power_regions
    if reg is None:
        return [], np.zeros(0), np.zeros((0, len(inp.years)))
    have = np.asarray(reg.existing_mw, dtype=float)
    total = have.sum(axis=0)
    if existing_total is not None:
        scale = np.asarray(existing_total, dtype=float)
        have = have * np.divide(scale, total, out=np.zeros_like(total), where=total > 0)
        total = have.sum(axis=0)
    split = np.divide(have, total, out=np.zeros_like(have), where=total > 0)
    room = np.clip(have - split * inp.legacy_mw()[None, :], 0.0, None)
    placed = np.asarray(reg.demand_share, dtype=float) > 0
    names = [r for r, p in zip(reg.names, placed, strict=True) if p]
    return names, np.asarray(reg.demand_share, dtype=float)[placed], room[placed]


def pool_matrix(inp: PlanInputs) -> np.ndarray:
    """(K, K) 0/1 matrix ``G[k, j]``: facility type *k*'s capacity counts in row *j*.

    The identity, except that every facility of kind ``datacenter`` counts in the first
    one's row (one pool of facility power: grid-connected or on-site, a data centre
    hosts any accelerator). :meth:`PlanInputs.used` puts the fleet on that row.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``facility_kind``, ``datacenter_row``).

    Returns
    -------
    numpy.ndarray
        (K, K) float matrix of 0 and 1.

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

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    pool : linopy.LinearExpression
        Over ``year``: the datacenter facilities' use less new output [thousand MW-months
        a year].
    picks : dict or None
        Cache of lagged variable selections shared by the rows of one model; None selects
        afresh.
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
    add_region_rows(m, inp, c, picks)


def add_region_rows(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``capacity-datacenter-region-upper``: the fleet placed in a region fits there.

    For every region *r* with a demand share ``a_r > 0`` and year *t* [MW at the
    plan's PUE, scaled as the pool row]::

        a_r · F[t]  ≤  E_r[t] − G_r[t] + Σ_{s in r, k datacenter} m_sk · online_skt

    with ``F`` the plan's fleet (:func:`fleet_expression`), ``E_r`` the region's
    existing capacity, ``G_r`` the legacy fleet's part there
    (:func:`placed_room`) and ``m_sk`` a module's capacity.

    **Sufficient and necessary** (with the pool row ``F + G ≤ Σ_r C_r``, ``C_r =
    E_r + built_r``, ``G = Σ_r G_r``, ``Σ_r a_r ≤ 1``): an allocation ``x_r ≥ 0``
    of the fleet with ``x_r ≥ a_r F`` in every placed region and ``x_r + G_r ≤ C_r``
    everywhere exists iff these rows hold. Necessary: ``a_r F ≤ x_r ≤ C_r − G_r``.
    Sufficient: put ``a_r F`` in each placed region (it fits, by the row) and the
    unplaced rest ``(1 − Σ a_r) F`` in the room left, ``Σ_r (C_r − G_r − a_r F)
    = Σ_r C_r − G − (Σ a_r) F ≥ F − (Σ a_r) F ≥ 0`` by the pool row, each region's
    room being ≥ 0 (by its row, or ``C_r ≥ E_r ≥ G_r`` where not placed). Regions
    without a share add no row, so without ``demand_regions`` the problem is the
    pooled one. The rows are feasible at zero production (``E_r ≥ G_r``).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    References
    ----------
    Contract of issues 12/13, "Regions, PUE and on-site energy" (one row per placed
    region); a transportation-problem feasibility argument (Gale, "A theorem on flows
    in networks", *Pacific J. Math.* 7, 1957: supply and demand cuts), here with one
    free source.
    """
    reg = getattr(inp, "power_regions", None)
    if reg is None or not np.any(reg.demand_share > 0) or inp.site_region is None:
        return
    scale = MONTHS_PER_YEAR / COUNT_SCALE
    names, share, room = placed_room(inp)
    regions = _index("region", names)
    is_dc = np.asarray(inp.facility_kind) == DATACENTER
    weight = np.asarray(inp.module_capacity, dtype=float) * is_dc[None, :]
    weight = weight * np.asarray(inp.allowed, dtype=bool)
    in_r = np.array([[sr == r for r in names] for sr in inp.site_region], dtype=float)
    fleet = fleet_expression(m, inp, c, picks) * scale
    parts = [fleet * _da(share, {"region": regions})]
    if len(c["site"]) and len(in_r) == len(c["site"]) and np.any(weight > 0):
        terms = _online(m, inp, c, -weight * scale, "facility", picks)  # (S, T) each
        s_r = _da(in_r, {"site": c["site"], "region": regions})
        parts += [(e * s_r).sum("site") for e in terms]
    rhs = _da(room * scale, {"region": regions, "year": c["year"]})
    m.add_constraints(_sum(parts) <= rhs, name=REGION_ROW)


def connected_output(inp: PlanInputs) -> np.ndarray:
    """(S, K, L) share of a module's nameplate connected ``l`` years after its start [-].

    1 from the first year the module's output (:attr:`PlanInputs.output`) is above 0,
    0 before: a module draws on the grid's interconnection capacity at its full
    nameplate MW from the year it is energised, whatever share of that year's months
    it ramps through (the output profile is a year's mean). The last value is held
    for later lags, as :func:`tigris.plan.model.online_fraction` holds the output's.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``output`` (S, K, L), a module's output share by lag).

    Returns
    -------
    numpy.ndarray
        (S, K, L) 0.0 or 1.0 by site, facility and lag.

    References
    ----------
    ``data/grid.csv``, ``grid_headroom_mw``: the new data-centre MW the grid can
    connect by a year (an interconnection limit is on connected nameplate MW, not on a
    year's mean output); ``docs/energy.md``, "The power constraint" (grid headroom).

    Examples
    --------
    >>> from types import SimpleNamespace as NS
    >>> connected_output(NS(output=np.array([[[0.0, 0.25, 1.0]]]))).tolist()
    [[[0.0, 1.0, 1.0]]]
    """
    out = np.asarray(inp.output, dtype=float)
    return np.logical_or.accumulate(out > 0, axis=-1).astype(float)


def add_grid(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``grid-headroom-upper``: grid-connected datacenter nameplate MW ≤ headroom.

    Per region *r* and year *t*: ``Σ_{s in r, k grid-limited} module_capacity[s, k] ·
    connected[s, k, t] ≤ grid_headroom_mw[r, t]`` [MW], over the modules the plan builds
    (existing and announced capacity is already connected), ``connected`` the modules
    energised by year *t* (:func:`connected_output`: a module counts at its full MW
    from its first year with output, not at the ramp year's mean). Added only for
    regions with a finite headroom and a site that may build a grid-limited module
    there. With :class:`PowerRegions` a module's MW is its facility MW,
    ``module_capacity · module_pue / pue`` (headroom is what the grid delivers, at the
    module's PUE).

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    References
    ----------
    Contract of issue 12, "Grid headroom"; ``docs/energy.md``, "The power constraint";
    user test of 2026-12-03, defect 1 (a ramp year's mean let 200 MW onto 150 MW).
    The same step adds ``gas-build-upper`` (:func:`add_gas_cap`).
    """
    add_gas_cap(m, inp, c, picks)
    if inp.site_region is None or not inp.regions or len(c["site"]) == 0:
        return
    weight = np.asarray(inp.module_capacity, dtype=float) * (
        inp.grid_limits() & np.asarray(inp.allowed, dtype=bool)
    )
    weight = weight * module_pue(inp) / float(inp.pue)  # headroom is facility MW
    regions = _index("region", inp.regions)
    in_r = np.array([[sr == r for r in inp.regions] for sr in inp.site_region], dtype=float)
    head = np.asarray(inp.grid_headroom_mw, dtype=float)  # (R, T)
    has = (in_r * (weight.sum(axis=1) > 0)[:, None]).sum(axis=0) > 0  # (R,)
    active = has[:, None] & np.isfinite(head)
    if not np.any(active):
        return
    n_t = len(c["year"])
    n_lag = min(np.asarray(inp.output).shape[-1], n_t)
    coef = _pad_lags(connected_output(inp), n_t)[..., :n_lag] * weight[..., None]  # (S, K, L)
    terms = _lagged(m, coef, c, tail=True, over=["facility"], picks=picks)  # (S, T) each
    s_r = _da(in_r, {"site": c["site"], "region": regions})
    lhs = _sum([(e * s_r).sum("site") for e in terms])
    rt = {"region": regions, "year": c["year"]}
    m.add_constraints(
        lhs <= _da(np.where(active, head, 0.0), rt),
        name="grid-headroom-upper",
        mask=xr.DataArray(active, coords=rt),
    )


def gas_commissioned_mw(inp: PlanInputs) -> np.ndarray:
    """(S, K, L) facility MW of on-site gas the investor commissions ``l`` years after a
    module's start: ``module_capacity · module_pue / pue`` [MW] at the lag of the
    module's first year with output (:func:`connected_output`), 0 at other lags, at
    other owners' sites and for types that burn no fuel (``onsite_btu_per_kwh`` not
    > 0, :class:`PowerRegions`; zeros without ``power_regions``).

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (``module_capacity``, ``output``, ``power_regions``, owners).

    Returns
    -------
    numpy.ndarray
        (S, K, L) facility MW by site, facility and lag; (S, K, 1) zeros without power
        regions or sites.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply".
    """
    from tigris.plan.model import _investor_sites

    cap = np.asarray(inp.module_capacity, dtype=float)
    reg = inp.power_regions
    if reg is None or cap.size == 0:
        return np.zeros((*cap.shape, 1))
    btu = np.asarray(reg.onsite_btu_per_kwh, dtype=float)
    burns = np.where(np.isfinite(btu), btu, 0.0) > 0  # (K,)
    mine = _investor_sites(inp)[:, None] & burns[None, :] & np.asarray(inp.allowed, dtype=bool)
    mw = np.where(mine, cap * module_pue(inp) / float(inp.pue), 0.0)  # facility MW
    on = connected_output(inp)  # (S, K, L): 1 from the first year with output
    first = np.diff(on, axis=-1, prepend=0.0)  # 1 at that year only
    return first * mw[..., None]


def add_gas_cap(
    m: linopy.Model,
    inp: PlanInputs,
    c: dict[str, pd.Index],
    picks: dict[tuple[str, tuple[int, ...]], linopy.Variable] | None = None,
) -> None:
    """``gas-build-upper``: the investor's on-site gas MW commissioned a year ≤ the cap.

    For each year *t*: ``Σ_{s investor's, k burning fuel} Σ_l MW[s, k] · first[s, k, l]
    · build[s, k, t − l] ≤ gas_mw_per_year_max`` [facility MW/year], ``first`` 1 at the
    lag of a module's first year with output (:func:`gas_commissioned_mw`): the
    turbines or engines a year's new modules need, delivered and installed by the year
    they first run. One row a year, only when ``power_regions.gas_mw_per_year_max`` is
    given and a site may build such a module.

    Parameters
    ----------
    m : linopy.Model
        The planning model being built; the rows are added to it.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply" (why no default: no sourced
    world figure for aeroderivative turbines and large engines a year).
    """
    reg = inp.power_regions
    limit = None if reg is None else reg.gas_mw_per_year_max
    if limit is None or len(c["site"]) == 0:
        return
    n_t = len(c["year"])
    coef = gas_commissioned_mw(inp)[..., :n_t]  # a start's later lags fall outside
    if not np.any(coef > 0):  # no site may build one (or none ever runs)
        return
    terms = _lagged(m, coef, c, tail=False, over=["site", "facility"], picks=picks)
    lhs = _sum(terms)
    t = {"year": c["year"]}
    m.add_constraints(lhs <= _da(np.full(n_t, float(limit)), t), name="gas-build-upper")


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

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its ``prod`` variable.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    per_unit : numpy.ndarray
        (P,) the quantity per thousand of each product made (MW, H100e, ...).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    Returns
    -------
    linopy.LinearExpression
        Over ``year``: the fleet in service, in ``per_unit``'s unit.

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

    Parameters
    ----------
    m : linopy.Model
        The planning model, with its ``prod`` variable.
    inp : PlanInputs
        The plan's inputs.
    c : dict of str to pd.Index
        The model's dimension indexes (:func:`tigris.plan.model.coords`).
    picks : dict or None, optional
        Cache of lagged variable selections, keyed by (variable name, lags), shared by the
        rows of one model; None selects afresh.

    Returns
    -------
    linopy.LinearExpression
        Over ``year``: compute in service [thousand H100e].

    References
    ----------
    Contract of issue 12, "Demand basis" (compute in service, a stock).
    """
    return fleet_lagged_sum(m, inp, c, np.asarray(inp.h100e, dtype=float), picks)
