"""The ``power`` table of a solved plan, by year and region (issue 12; docs/energy.md).

:func:`power_table` places the installed fleet in the data-centre capacity by the rule
of :func:`tigris.energy.allocation.allocate_fleet` (consistent with the plan's power
rows: existing capacity first, then built, the investor's modules in the merit order
the cash flows sell in), at the PUE of where each part is, and
reports the fleet's IT and facility power, the capacity online, energy (grid and
on-site), fab power, emissions and electricity cost per region, then the ``world``
totals. Plain arithmetic on the plan's arrays; it never imports the planner at module
level.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tigris.energy.fleet import (
    MWH_PER_TWH,
    POWER_COLUMNS,
    UNASSIGNED,
    WORLD,
    emissions_t_co2,
    energy_twh,
    fleet_by_year,
)
from tigris.energy.gas import gas_bcf_per_day, gas_burned_mmbtu, natural_gas_btu_per_cf
from tigris.errors import InputError
from tigris.units import HOURS_PER_YEAR, W_PER_MW

__all__ = ["power_table", "year_mean_mw"]

#: The facility kind of data-centre capacity (``tigris.plan.inputs.DATACENTER``).
_DATACENTER = "datacenter"


#: Columns NaN where no ``datacenter`` kind is modelled (no capacity to report).
_MODELLED_ONLY = (
    "datacenter_mw_online",
    "existing_mw_online",
    "grid_built_mw_online",
    "onsite_built_mw_online",
)


def _grid_headroom(
    inp: Any,
    build: np.ndarray,
    regions: list[str],
    site_region: np.ndarray,
    mod_pue: np.ndarray,
    n_t: int,
) -> tuple[np.ndarray, np.ndarray]:
    """(R, T) grid headroom and the plan's grid-connected MW in each table region.

    Headroom is ``inp.grid_headroom_mw`` of the plan's ``inp.regions`` (the regions
    with a grid site, and those the scenario gives ``datacenters.grid_headroom_mw``
    for, shown though no row of the plan reads them), ``inf`` for a region without one
    (no headroom given: unlimited, as in the plan's rows; JSON prints it as ``null``).
    Connected MW is
    what ``grid-headroom-upper`` counts: ``Σ_{s in r, k grid-limited} module MW[s, k]
    · module_pue / pue · connected[s, k, t]`` with ``connected`` the modules energised
    by year t, each at its full MW from its first year with output
    (:func:`tigris.plan.power.connected_output`) [facility MW].

    References
    ----------
    ``docs/energy.md``, "The power constraint" (grid headroom); user test of
    2026-12-03, defect 6a.
    """
    from tigris.plan.model import online_fraction
    from tigris.plan.power import connected_output

    head = np.full((len(regions), n_t), np.inf)
    conn = np.zeros((len(regions), n_t))
    given = tuple(getattr(inp, "regions", ()) or ())
    table = getattr(inp, "grid_headroom_mw", None)
    if given and table is not None:
        table = np.asarray(table, dtype=float)
        for j, r in enumerate(given):
            if r in regions:
                head[regions.index(r)] = np.where(np.isnan(table[j]), np.inf, table[j])
    if not len(site_region) or not hasattr(inp, "grid_limits"):
        return head, conn
    cap = np.asarray(inp.module_capacity, dtype=float) * mod_pue / float(inp.pue)
    limited = np.asarray(inp.grid_limits(), dtype=bool)
    mw = online_fraction(build, connected_output(inp)) * np.where(limited, cap, 0.0)[..., None]
    for s, r in enumerate(site_region):
        if str(r) in regions:
            conn[regions.index(str(r))] += mw[s].sum(axis=0)
    return head, conn


def _site_regions(inp: Any) -> tuple[str, ...]:
    """Region of each site: ``inp.site_region``, else the data's, else UNASSIGNED."""
    given = getattr(inp, "site_region", None)
    if given is not None:
        return tuple(str(r) for r in given)
    from tigris.energy.data import site_region

    out = []
    for site in inp.sites:
        try:
            out.append(str(site_region(site)))
        except InputError:
            out.append(UNASSIGNED)
    return tuple(out)


def _by_region_data(func: Any, regions: list[str], years: np.ndarray) -> dict[str, np.ndarray]:
    """``func(region, years)`` for each region; NaN for a region the data lacks."""
    out = {}
    for r in regions:
        try:
            out[r] = np.asarray(func(r, years), dtype=float)
        except InputError:
            out[r] = np.full(len(years), np.nan)
    return out


def energy_inputs(
    inp: Any,
    regions: list[str],
    years: np.ndarray,
    load_factor: float | None,
    gco2_per_kwh: Mapping[str, Any] | None,
    usd_per_mwh: Mapping[str, Any] | None,
) -> tuple[float, Mapping[str, Any], Mapping[str, Any]]:
    """The load factor [-], grid intensity [gCO2/kWh] and price [USD/MWh] by region: as
    given, else the inputs' ``load_factor`` or ``energy_parameters.csv``'s, and
    ``data/grid.csv``'s by region and year x ``power_regions.grid_dollars`` (the
    data's dollars to the plan's ``currency_year``) (:func:`power_table` and
    :func:`tigris.plan.site_load.site_load` read them alike).

    Parameters
    ----------
    inp : Any
        The plan's inputs (``PlanInputs``: its ``load_factor`` and ``power_regions``).
    regions : list of str
        The regions of ``data/grid.csv`` to read.
    years : np.ndarray
        Planning years [year].
    load_factor : float or None
        The load factor [-]; None: the inputs', else the table's.
    gco2_per_kwh : mapping of str to Any or None
        Region -> grid intensity by year [gCO2/kWh]; None: ``data/grid.csv``'s.
    usd_per_mwh : mapping of str to Any or None
        Region -> electricity price by year [USD/MWh]; None: ``data/grid.csv``'s in the
        plan's dollars.

    Returns
    -------
    tuple of (float, mapping, mapping)
        ``(load_factor, gco2_per_kwh, usd_per_mwh)``: the mappings region -> array by year
        (NaN for a region the data lacks) [-, gCO2/kWh, USD/MWh].
    """
    if load_factor is None:
        load_factor = getattr(inp, "load_factor", None)
    if load_factor is None:
        from tigris.energy.data import energy_parameter

        load_factor = float(energy_parameter("load_factor"))
    if gco2_per_kwh is None:
        from tigris.energy.data import grid_gco2_per_kwh as gco2_func

        gco2_per_kwh = _by_region_data(gco2_func, regions, years)
    if usd_per_mwh is None:
        from tigris.energy.data import electricity_usd_per_mwh as price_func

        usd_per_mwh = _by_region_data(price_func, regions, years)
        # in US dollars of the plan's currency_year (power_regions.grid_dollars: CPI-U
        # from data_prices_price_year; 1 without power_regions or in the reference)
        reg = getattr(inp, "power_regions", None)
        to_plan = 1.0 if reg is None else float(getattr(reg, "grid_dollars", 1.0))
        if to_plan != 1.0:
            usd_per_mwh = {r: np.asarray(v, dtype=float) * to_plan for r, v in usd_per_mwh.items()}
    return load_factor, gco2_per_kwh, usd_per_mwh


def beyond_capacity(
    existing_r: np.ndarray,
    built_mw: np.ndarray,
    b_region: np.ndarray,
    w_share: np.ndarray,
    excess: np.ndarray,
) -> np.ndarray:
    """The fleet beyond all capacity (``excess``, by year) spread over regions pro rata
    to their capacity (existing plus the plan's modules), else to the weights
    ``w_share`` in a year with none.

    ``out[r, t] = excess[t] · c[r, t] / Σ_r c[r, t]`` with ``c[r, t] = existing_r[r, t] +
    Σ_{n: b_region[n] = r} built_mw[n, t]``, or ``w_share`` for ``c`` in a year where
    ``Σ_r c[r, t] = 0``. Every MW is counted as the plan's rows count it, at the plan's
    PUE (IT MW × ``inp.pue``).

    Parameters
    ----------
    existing_r : numpy.ndarray
        (R, T) existing data-centre capacity by region [MW at the plan's PUE].
    built_mw : numpy.ndarray
        (N, T) capacity of the plan's data-centre modules online [MW at the plan's PUE].
    b_region : numpy.ndarray
        (N,) index of each module's region in ``existing_r`` [-].
    w_share : numpy.ndarray
        (R, T) the data's regional weights, used in a year without capacity [-].
    excess : numpy.ndarray
        (T,) fleet beyond every capacity [MW at the plan's PUE].

    Returns
    -------
    numpy.ndarray
        (R, T) that fleet by region [MW at the plan's PUE].

    References
    ----------
    ``docs/energy.md``, "Fleet and energy" (placing the fleet, step 3: what exceeds
    every capacity).
    """
    n_t = existing_r.shape[1]
    onehot = (b_region[None, :] == np.arange(existing_r.shape[0])[:, None]).astype(float)
    capacity_r = existing_r + onehot @ built_mw.reshape(-1, n_t)  # (R, T)
    spread = np.where(capacity_r.sum(axis=0) > 0, capacity_r, w_share)
    return _pro_rata(spread, excess)


def _pro_rata(weights: np.ndarray, amount: np.ndarray) -> np.ndarray:
    """(R, T) ``amount`` (T,) split over regions pro rata to ``weights`` (R, T)."""
    total = weights.sum(axis=0)
    return np.divide(weights * amount[None, :], total, out=np.zeros_like(weights), where=total > 0)


def year_mean_mw(end_of_year: Any, start: Any) -> np.ndarray:
    """The year-mean of a stock counted at the end of each year: ``(C(t−1) + C(t)) / 2``.

    The capacity table's convention (``tigris.energy.data.datacenter_capacity_mw``'s
    default basis, docs/energy.md "Data"): capacity, or a fleet, that grows through the
    year draws on average the mean of the year's two ends. A delivery then counts half
    in its first year and half in the year after its last (a mid-year convention).

    Parameters
    ----------
    end_of_year : array, shape (..., T)
        The stock in each year, as the plan counts it (a delivery for its whole year)
        [MW].
    start : float or array, shape (...)
        The stock at the end of the year before the first [MW].

    Returns
    -------
    numpy.ndarray, shape (..., T)
        The year means [MW].

    References
    ----------
    OECD, *Measuring Capital* (2009), ch. 6 (perpetual inventory; the mid-year
    convention); docs/energy.md, "Data" (the year mean of end-of-year stocks).

    Examples
    --------
    >>> year_mean_mw([40.0, 55.0, 64.0], 26.0).tolist()
    [33.0, 47.5, 59.5]
    """
    end = np.asarray(end_of_year, dtype=float)
    before = np.concatenate([np.asarray(start, dtype=float)[..., None], end[..., :-1]], axis=-1)
    return 0.5 * (before + end)


def _region_order(names: set[str]) -> list[str]:
    """The data's regions in their order, then any others sorted."""
    try:
        from tigris.energy.data import REGIONS
    except ImportError:  # pragma: no cover - the data module ships with this one
        REGIONS = ()  # noqa: N806
    known = [r for r in REGIONS if r in names]
    return known + sorted(names - set(known))


def power_table(
    inp: Any,
    sol: Mapping[str, np.ndarray],
    *,
    existing_weights: Mapping[str, Any] | None = None,
    load_factor: float | None = None,
    gco2_per_kwh: Mapping[str, Any] | None = None,
    usd_per_mwh: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The ``power`` table of a solved plan: fleet, datacenter capacity, energy, CO2, cost.

    Power is counted as the plan's rows count it, **MW at the plan's PUE** (IT MW ×
    ``inp.pue``, :mod:`tigris.plan.power`), and reported at the PUE of where it is.
    For each year ``t``:

    - the fleet's MW, ``N[t] = Σ_{l<L} Σ_p fleet_mw_per_unit[p] · prod[p, t−l] +
      legacy_fleet_mw[t]`` (``inp.fleet_mw_per_unit`` else ``system_power_w · pue /
      10^6``; ``inp.legacy_fleet_mw`` else 0), what the datacenter row counts as used;
    - existing capacity of the ``datacenter`` kind (``Σ_k existing[k_dc, t]``) split
      over regions pro rata to ``existing_weights`` (default
      ``inp.power_regions.existing_mw``, else the data's AI data-centre MW by region);
      modules of ``datacenter`` kind online at the region's sites
      (``online_fraction(build, output) · module_capacity``);
    - the fleet placed by :func:`tigris.energy.allocation.allocate_fleet`: the legacy
      fleet in existing capacity, the share placed in a region (``demand_share``) there,
      the rest in existing capacity, pro rata to the room left, then in other owners'
      modules, then in the investor's in the cash flows' merit order
      (:func:`tigris.finance.cashflow.merit_rank`), so each module draws what the cash
      flows sell it; without a ``datacenter`` kind, pro rata to the weights;
    - IT MW = placed MW / ``pue``; facility MW = IT MW × the PUE of where it is (the
      region's ``existing_pue``, a module's ``module_pue``; ``pue`` without
      ``power_regions``); ``datacenter_mw_online`` in facility MW likewise;
    - compute energy ``energy_twh(facility MW, load_factor, 1)`` on the year's MW as the
      plan counts them (a delivery for its whole year: the year-end stock), and
      ``energy_twh_year_mean`` on the year mean of that stock (:func:`year_mean_mw`;
      before the first year, the legacy fleet where it is placed), the basis of the
      capacity table's energy (``tigris.energy.forecasts``); the part drawn in
      modules with on-site generation (``onsite_gco2_per_kwh`` finite) is
      ``onsite_energy_twh``, at the type's intensity and energy price; the rest, and new
      fabs' energy (modules of the other kinds online × ``power_mw``, ``MW × 8,766 h``),
      at the region's grid intensity and price; the data centres' grid energy at that
      price × ``power_regions.grid_price_multiplier`` (the scenario's
      ``datacenters.electricity_price_multiplier``, 1 without ``power_regions``), the
      price the plan charges them, fabs' at the region's price (a fab's own cost is its
      site's price, ``data/sites.csv``).

    The ``world`` rows are the sums over regions. Without a ``datacenter`` facility
    kind, ``datacenter_mw_online`` is NaN (not modelled). A region whose intensity or
    price the data lacks has NaN emissions and cost, and so does the world.

    Parameters
    ----------
    inp : PlanInputs
        The planning problem (read with ``getattr`` for the issue-12 fields).
    sol : mapping
        ``build`` (S, K, T) modules started [modules] and ``prod`` (P, T) accelerators
        made per year [accelerators/year].
    existing_weights : mapping of str to (T,) array, optional
        Weights splitting existing datacenter capacity (and the fleet where none is
        online) over regions; only their shares matter [any unit].
    load_factor : float, optional
        Average draw over rated IT power [-]; default ``inp.load_factor`` if present,
        else the data's ``load_factor``.
    gco2_per_kwh, usd_per_mwh : mapping of str to float or (T,) array, optional
        Grid intensity [gCO2/kWh] and electricity price [USD/MWh] by region; default
        ``energy.data.grid_gco2_per_kwh`` and ``electricity_usd_per_mwh``.

    Returns
    -------
    pandas.DataFrame
        :data:`POWER_COLUMNS`: ``year, region, fleet_it_mw, facility_mw_needed,
        datacenter_mw_online`` [MW], ``energy_twh`` (year-end MW) and
        ``energy_twh_year_mean`` (year-mean MW) [TWh/year], ``fab_power_mw`` [MW],
        ``fab_energy_twh`` [TWh/year], ``emissions_t_co2`` [t CO2/year],
        ``electricity_cost_usd`` [USD/year], ``onsite_energy_twh`` [TWh/year], ...,
        ``onsite_gas_mmbtu`` [MMBtu/year] and ``onsite_gas_bcf_per_day`` [Bcf/day], the
        fuel the plan's on-site modules burn (their ``onsite_energy_twh`` × the type's
        heat rate, ``PowerRegions.onsite_btu_per_kwh``; :mod:`tigris.energy.gas`); one
        row per year and region (regions with datacenter capacity, fleet or fabs), then
        ``world``.

    References
    ----------
    Sevilla et al., "Can AI scaling continue through 2030?", Epoch AI (2024), footnote
    8 (all-in power); IEA, *Energy and AI* (2025), ch. 2 (energy); GHG Protocol,
    *Scope 2 Guidance* (2015), ch. 6 (location-based emissions; on-site generation is
    scope 1, at the plant's own intensity); The Green Grid, White Paper 49 (2012)
    (PUE); contract of issue 12, "The installed fleet" and "Energy and its cost".
    """
    from tigris.energy.allocation import allocate_fleet
    from tigris.finance.cashflow import merit_rank
    from tigris.plan.model import online_fraction

    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    pue = float(inp.pue)
    prod = np.asarray(sol["prod"], dtype=float)
    build = np.asarray(sol["build"], dtype=float)

    per_unit = getattr(inp, "fleet_mw_per_unit", None)
    if per_unit is None:
        per_unit = np.asarray(inp.system_power_w, dtype=float) * pue / W_PER_MW
    legacy = getattr(inp, "legacy_fleet_mw", None)
    legacy = np.zeros(n_t) if legacy is None else np.asarray(legacy, dtype=float)
    per_unit = np.asarray(per_unit, dtype=float)
    life = inp.fleet_lifetime_years  # an int, or one per product
    life = int(life) if np.ndim(life) == 0 else np.asarray(life, dtype=int)
    needed = fleet_by_year(per_unit[:, None] * prod, life).sum(axis=0)
    needed = needed + legacy  # (T,) facility MW

    is_dc = np.asarray(inp.facility_kind) == _DATACENTER
    modelled = bool(is_dc.any())
    site_region = np.asarray(_site_regions(inp), dtype=object)
    online = online_fraction(build, inp.output)  # (S, K, T) module equivalents
    cap = np.asarray(inp.module_capacity, dtype=float)
    fab_mw = (online * np.asarray(inp.power_mw, dtype=float)[:, :, None])[:, ~is_dc]
    existing_dc = np.asarray(inp.existing, dtype=float)[is_dc].sum(axis=0)  # (T,)
    reg = getattr(inp, "power_regions", None)
    n_k = len(is_dc)
    mod_pue = np.full(cap.shape, pue)  # a module's PUE (the plan's where not given)
    if reg is not None:
        given = np.asarray(reg.module_pue, dtype=float)
        n_s, n_kk = min(cap.shape[0], given.shape[0]), min(cap.shape[1], given.shape[1])
        mod_pue[:n_s, :n_kk] = given[:n_s, :n_kk]
    onsite_g = np.full(n_k, np.nan) if reg is None else np.asarray(reg.onsite_gco2_per_kwh)
    onsite_usd = np.full(n_k, np.nan) if reg is None else np.asarray(reg.onsite_usd_per_mwh)
    onsite_btu = getattr(reg, "onsite_btu_per_kwh", None)  # heat rate [Btu/kWh]
    onsite_btu = np.full(n_k, np.nan) if onsite_btu is None else np.asarray(onsite_btu)
    onsite_btu = np.where(np.isfinite(onsite_btu), onsite_btu, 0.0)  # NaN: no fuel
    dc_price_factor = 1.0 if reg is None else float(getattr(reg, "grid_price_multiplier", 1.0))

    ex_pue: dict[str, float] = {}
    if reg is not None:
        ex_pue = {r: float(reg.existing_pue[i]) for i, r in enumerate(reg.names)}
        if existing_weights is None and np.all(np.asarray(reg.existing_mw).sum(axis=0) > 0):
            existing_weights = {r: reg.existing_mw[i] for i, r in enumerate(reg.names)}
    if existing_weights is None:
        from tigris.energy.data import datacenter_capacity_mw

        existing_weights = datacenter_capacity_mw(years)
    weights = {
        str(r): np.broadcast_to(np.asarray(w, dtype=float), (n_t,))
        for r, w in existing_weights.items()
    }
    total_weight = np.sum(list(weights.values()), axis=0) if weights else np.zeros(n_t)
    if np.any((total_weight <= 0) & ((existing_dc > 0) | (needed > 0))):
        # capacity or fleet with nowhere to split it to: an explicit region of its own
        weights[UNASSIGNED] = (total_weight <= 0).astype(float)
        total_weight = total_weight + weights[UNASSIGNED]

    names = {r for r, w in weights.items() if np.any(w > 0)}
    s_dc, k_dc = np.nonzero(np.broadcast_to(is_dc[None, :], cap.shape))
    built_mw = online[s_dc, k_dc] * cap[s_dc, k_dc, None]  # (N, T) MW at the plan's PUE
    active = (fab_mw.sum(axis=(1, 2)) > 0) | np.isin(
        np.arange(len(site_region)), s_dc[built_mw.sum(axis=1) > 0]
    )
    names |= {str(r) for r in site_region[active]}
    regions = _region_order(names)
    r_at = {r: i for i, r in enumerate(regions)}

    def shares(values: Mapping[str, np.ndarray], total: np.ndarray) -> np.ndarray:
        safe = np.where(total > 0, total, 1.0)
        zero = np.zeros(n_t)
        return np.array([np.where(total > 0, values.get(r, zero) / safe, 0.0) for r in regions])

    w_share = shares(weights, total_weight).reshape(len(regions), n_t)  # (R, T)
    existing_r = existing_dc[None, :] * w_share  # (R, T) MW at the plan's PUE
    e_pue = np.array([ex_pue.get(r, pue) for r in regions], dtype=float)
    b_region = np.array([r_at.get(str(site_region[s]), 0) for s in s_dc], dtype=int)
    b_pue = mod_pue[s_dc, k_dc]
    legacy_pool = legacy if modelled else np.zeros(n_t)
    share = np.zeros(len(regions))
    if reg is not None:
        for i, r in enumerate(reg.names):
            if r in r_at:
                share[r_at[r]] = float(reg.demand_share[i])
    if modelled:
        rank = merit_rank(inp)[s_dc, k_dc]  # (N, T): the cash flows' merit order
        alloc = allocate_fleet(needed - legacy_pool, legacy_pool, existing_r, built_mw,
                               b_region, share, rank)  # fmt: skip
        in_ex, in_built, excess = alloc.existing, alloc.built, alloc.excess
    else:  # no capacity modelled: the fleet where the data's capacity is
        in_ex, in_built, excess = np.zeros_like(existing_r), np.zeros_like(built_mw), needed
    # beyond capacity: at the regions' own PUE
    in_ex = in_ex + beyond_capacity(existing_r, built_mw, b_region, w_share, excess)

    load_factor, gco2_per_kwh, usd_per_mwh = energy_inputs(
        inp, regions, years, load_factor, gco2_per_kwh, usd_per_mwh
    )
    btu_per_cf = natural_gas_btu_per_cf()

    fac_built = in_built / pue * b_pue[:, None]  # (N, T) facility MW
    # the stock before the first year, for the year-mean energy: the legacy fleet (the
    # deliveries before the plan still in service in its first year), where the
    # allocation puts it, in existing capacity pro rata (else as the weights), at the
    # region's PUE
    first = existing_r[:, 0] if existing_r[:, 0].sum() > 0 else w_share[:, 0]
    first_share = first / first.sum() if first.sum() > 0 else np.zeros(len(regions))
    start_fac = legacy[0] * first_share / pue * e_pue if n_t else np.zeros(len(regions))
    onsite = np.isfinite(onsite_g[k_dc])  # (N,)
    head_r, connected_r = _grid_headroom(inp, build, regions, site_region, mod_pue, n_t)
    frames = []
    for r in regions:
        i = r_at[r]
        mine = b_region == i
        it = (in_ex[i] + in_built[mine].sum(axis=0)) / pue
        facility = in_ex[i] / pue * e_pue[i] + fac_built[mine].sum(axis=0)
        energy = energy_twh(facility, load_factor, 1.0)
        energy_mean = energy_twh(year_mean_mw(facility, start_fac[i]), load_factor, 1.0)
        own = mine & onsite
        own_twh = energy_twh(fac_built[own], load_factor, 1.0)  # (n, T)
        onsite_energy = own_twh.sum(axis=0)
        gas_mmbtu = gas_burned_mmbtu(own_twh, onsite_btu[k_dc][own][:, None]).sum(axis=0)
        fab_energy = fab_mw[site_region == r].sum(axis=(0, 1)) * HOURS_PER_YEAR / MWH_PER_TWH
        gco2 = np.broadcast_to(np.asarray(gco2_per_kwh.get(r, np.nan), dtype=float), (n_t,))
        price = np.broadcast_to(np.asarray(usd_per_mwh.get(r, np.nan), dtype=float), (n_t,))
        grid_twh = energy - onsite_energy + fab_energy
        emissions = emissions_t_co2(grid_twh, gco2) + emissions_t_co2(
            own_twh, onsite_g[k_dc][own][:, None]
        ).sum(axis=0)
        cost = (
            (energy - onsite_energy) * price * dc_price_factor
            + fab_energy * price
            + (own_twh * onsite_usd[k_dc][own][:, None]).sum(axis=0)
        )
        existing_online = existing_r[i] / pue * e_pue[i]  # (T,) facility MW
        built_fac = built_mw / pue * b_pue[:, None]  # (N, T) facility MW online
        grid_built = built_fac[mine & ~onsite].sum(axis=0)
        onsite_built = built_fac[mine & onsite].sum(axis=0)
        online_r = existing_online + grid_built + onsite_built
        frames.append(
            pd.DataFrame(
                {
                    "year": years,
                    "region": r,
                    "fleet_it_mw": it,
                    "facility_mw_needed": facility,
                    "datacenter_mw_online": online_r if modelled else np.nan,
                    "energy_twh": energy,
                    "fab_power_mw": fab_mw[site_region == r].sum(axis=(0, 1)),
                    "fab_energy_twh": fab_energy,
                    "emissions_t_co2": emissions,
                    "electricity_cost_usd": cost * MWH_PER_TWH,
                    "onsite_energy_twh": onsite_energy,
                    "existing_mw_online": existing_online if modelled else np.nan,
                    "grid_built_mw_online": grid_built if modelled else np.nan,
                    "onsite_built_mw_online": onsite_built if modelled else np.nan,
                    "grid_headroom_mw": head_r[i],
                    "grid_connected_mw": connected_r[i],
                    "grid_headroom_left_mw": head_r[i] - connected_r[i],
                    "energy_twh_year_mean": energy_mean,
                    "onsite_gas_mmbtu": gas_mmbtu,
                    "onsite_gas_bcf_per_day": gas_bcf_per_day(gas_mmbtu, btu_per_cf),
                }
            )
        )
    if not frames:  # no fleet, no capacity, no fabs anywhere: the world's zeros only
        zero = np.zeros(n_t)
        world = pd.DataFrame({"year": years, **{c: zero for c in POWER_COLUMNS[2:]}})
        world["region"] = WORLD
        world[["grid_headroom_mw", "grid_headroom_left_mw"]] = np.inf
        if not modelled:
            world[list(_MODELLED_ONLY)] = np.nan
        return world[list(POWER_COLUMNS)]
    table = pd.concat(frames, ignore_index=True)
    by_year = table.drop(columns="region").groupby("year", sort=True)
    # a NaN in any region (a region the data lacks) makes the world's total NaN
    world = by_year.sum().where(~by_year.agg(lambda x: x.isna().any()).astype(bool))
    world = world.reindex(years).rename_axis("year").reset_index()
    world["region"] = WORLD
    if not modelled:
        world[list(_MODELLED_ONLY)] = np.nan
    table = pd.concat([table, world], ignore_index=True)
    order = {r: i for i, r in enumerate([*regions, WORLD])}
    table["_order"] = table["region"].map(order)
    table = table.sort_values(["year", "_order"], kind="stable").drop(columns="_order")
    return table.reset_index(drop=True)[list(POWER_COLUMNS)]
