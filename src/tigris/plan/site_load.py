"""The ``site_load`` table of a solved plan: the data-centre load by site and year.

One table giving, for every site's data-centre capacity and year, its supply (``grid``,
``gas``, ``solar``: the facility's on-site source, ``docs/energy.md``), the IT and
facility MW of the fleet placed there, the capacity online, its PUE, the energy on both
bases the ``power`` table has (year-end and year-mean MW), the electricity (or on-site
fuel) cost and the CO2 (UT-GRID #10: this was spread over ``capacity``, ``power`` and
the HTML's last-year table).

The fleet is placed exactly as :func:`tigris.energy.regional.power_table` places it
(:func:`tigris.energy.allocation.allocate_fleet`: the legacy fleet and the placed shares
first, existing capacity before built, the investor's modules in the cash flows' merit
order), so the rows of a region and year sum to that table's data-centre columns
(``fleet_it_mw``, ``facility_mw_needed``, ``datacenter_mw_online``, ``energy_twh``,
``energy_twh_year_mean``, ``onsite_energy_twh``; its ``electricity_cost_usd`` and
``emissions_t_co2`` less the new fabs' part, ``fab_energy_twh`` at the region's price
and intensity). The existing and announced capacity (``data/datacenter_capacity.csv``)
has no sites: it is one row per region, ``site`` ``existing`` and ``supply``
``existing``, at the region's PUE and grid price.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from tigris.energy.fleet import MWH_PER_TWH, emissions_t_co2, energy_twh, fleet_by_year
from tigris.units import W_PER_MW

__all__ = ["EXISTING", "SITE_LOAD_COLUMNS", "SITE_LOAD_TABLE", "site_load_table", "supply_of"]

#: Name of the table (in ``--json``, ``--out``, the runs store and the exports).
SITE_LOAD_TABLE = "site_load"
#: Its columns, in order: ``year``; ``site``, ``region``, ``facility`` (the facility
#: type; ``datacenter`` on the existing rows, as in the ``capacity`` table),
#: ``supply`` (``grid``, ``gas``, ``solar``…, or ``existing``), ``owner``; ``it_mw``,
#: ``facility_mw`` (the fleet placed there) and ``mw_online`` (the capacity online)
#: [MW, year-end]; ``pue`` [-]; ``energy_twh`` (year-end MW) and
#: ``energy_twh_year_mean`` (year-mean MW) [TWh/year]; ``electricity_cost_usd``
#: [USD/year]; ``emissions_t_co2`` [t CO2/year].
SITE_LOAD_COLUMNS = (
    "year",
    "site",
    "region",
    "facility",
    "supply",
    "owner",
    "it_mw",
    "facility_mw",
    "mw_online",
    "pue",
    "energy_twh",
    "energy_twh_year_mean",
    "electricity_cost_usd",
    "emissions_t_co2",
)
#: ``site`` and ``supply`` of the rows of the existing and announced capacity (no sites).
EXISTING = "existing"
#: The facility kind of data-centre capacity (``tigris.plan.inputs.DATACENTER``).
_DATACENTER = "datacenter"


def supply_of(facility: str, onsite: bool = False) -> str:
    """The power supply of a data-centre facility type, from its id [-].

    ``datacenter-X`` has on-site ``X`` (the naming of ``data/datacenter_types.csv``,
    as :func:`tigris.plan.solve._nodes` reads it); another id is on the grid, or
    ``onsite`` when the type has on-site generation (an intensity of its own).

    Parameters
    ----------
    facility : str
        A data-centre facility id (``datacenter``, ``datacenter-gas``, ...).
    onsite : bool, optional
        Whether the type has on-site generation (for an id without a supply suffix).

    Returns
    -------
    str
        The supply: the id's suffix, ``grid`` or ``onsite``.

    Examples
    --------
    >>> supply_of("datacenter"), supply_of("datacenter-gas"), supply_of("x", onsite=True)
    ('grid', 'gas', 'onsite')
    """
    prefix = f"{_DATACENTER}-"
    if facility.startswith(prefix):
        return facility[len(prefix) :]
    return "onsite" if onsite else "grid"


def empty_site_load() -> pd.DataFrame:
    """The table with no rows (no data-centre capacity, or a run saved before it).

    Returns
    -------
    pd.DataFrame
        No rows, the columns :data:`SITE_LOAD_COLUMNS` with their dtypes.
    """
    return pd.DataFrame({c: pd.Series(dtype=_dtype(c)) for c in SITE_LOAD_COLUMNS})


def _dtype(column: str) -> str:
    if column == "year":
        return "int64"
    if column in ("site", "region", "facility", "supply", "owner"):
        return "str"  # as a table with rows has them (object was a null type in Parquet)
    return "float64"


def site_load_table(
    inp: Any,
    sol: Mapping[str, np.ndarray],
    *,
    load_factor: float | None = None,
    gco2_per_kwh: Mapping[str, Any] | None = None,
    usd_per_mwh: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The data-centre load of a solved plan by site (existing capacity: by region) and
    year.

    The placement is :func:`tigris.energy.regional.power_table`'s, step for step: the
    fleet ``N[t]`` (the plan's deliveries still in service plus the legacy fleet) in
    the existing capacity of each region (``existing_mw`` of the power regions, else
    the data's AI data-centre MW, pro rata) and in each datacenter module group online
    (``online_fraction(build, output) · module_capacity``), by
    :func:`tigris.energy.allocation.allocate_fleet`; any fleet beyond the capacity
    where the capacity is. Per row: IT MW = placed MW / the plan's PUE; facility MW =
    IT MW × the PUE of the capacity (the region's, the module's); energy
    ``energy_twh(facility MW, load_factor, 1)`` and on the year mean
    (:func:`tigris.energy.regional.year_mean_mw`; the existing rows start from the
    legacy fleet where the power table starts it, the modules from 0); cost at the
    region's grid price × ``grid_price_multiplier`` (grid and existing rows) or the
    on-site type's energy price; CO2 at the region's grid intensity or the type's.

    Parameters
    ----------
    inp : PlanInputs
        The planning problem.
    sol : mapping
        ``build`` (S, K, T) modules started [modules] and ``prod`` (P, T) accelerators
        made per year [accelerators/year].
    load_factor : float, optional
        Average draw over rated IT power [-]; default ``inp.load_factor``, else the
        data's ``load_factor``.
    gco2_per_kwh, usd_per_mwh : mapping of str to float or (T,) array, optional
        Grid intensity [gCO2/kWh] and electricity price [USD/MWh] by region; default
        the data's (``tigris.energy.data``).

    Returns
    -------
    pandas.DataFrame
        :data:`SITE_LOAD_COLUMNS`, one row per year and module group (site, facility
        type) with capacity online or fleet in some year, then one ``existing`` row
        per year and region; sorted by year, region, site. Empty without a
        ``datacenter`` kind.

    References
    ----------
    As :func:`tigris.energy.regional.power_table` (Sevilla et al. 2024; IEA, *Energy
    and AI* (2025), ch. 2; GHG Protocol *Scope 2 Guidance* (2015), ch. 6; The Green
    Grid WP 49); user test UT-GRID, 2026-12-04, #10.
    """
    from tigris.energy.allocation import allocate_fleet
    from tigris.energy.regional import (
        _region_order,
        _site_regions,
        beyond_capacity,
        energy_inputs,
        year_mean_mw,
    )
    from tigris.finance.cashflow import merit_rank
    from tigris.plan.model import online_fraction

    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    is_dc = np.asarray(inp.facility_kind) == _DATACENTER
    if not bool(is_dc.any()) or n_t == 0:
        return empty_site_load()
    pue = float(inp.pue)
    prod = np.asarray(sol["prod"], dtype=float)
    build = np.asarray(sol["build"], dtype=float)

    per_unit = getattr(inp, "fleet_mw_per_unit", None)
    if per_unit is None:
        per_unit = np.asarray(inp.system_power_w, dtype=float) * pue / W_PER_MW
    legacy = getattr(inp, "legacy_fleet_mw", None)
    legacy = np.zeros(n_t) if legacy is None else np.asarray(legacy, dtype=float)
    life = inp.fleet_lifetime_years
    life = int(life) if np.ndim(life) == 0 else np.asarray(life, dtype=int)
    needed = fleet_by_year(np.asarray(per_unit, dtype=float)[:, None] * prod, life).sum(axis=0)
    needed = needed + legacy

    site_region = np.asarray(_site_regions(inp), dtype=object)
    online = online_fraction(build, inp.output)
    cap = np.asarray(inp.module_capacity, dtype=float)
    existing_dc = np.asarray(inp.existing, dtype=float)[is_dc].sum(axis=0)
    reg = getattr(inp, "power_regions", None)
    n_k = len(is_dc)
    mod_pue = np.full(cap.shape, pue)
    if reg is not None:
        given = np.asarray(reg.module_pue, dtype=float)
        n_s, n_kk = min(cap.shape[0], given.shape[0]), min(cap.shape[1], given.shape[1])
        mod_pue[:n_s, :n_kk] = given[:n_s, :n_kk]
    onsite_g = np.full(n_k, np.nan) if reg is None else np.asarray(reg.onsite_gco2_per_kwh)
    onsite_usd = np.full(n_k, np.nan) if reg is None else np.asarray(reg.onsite_usd_per_mwh)
    dc_price_factor = 1.0 if reg is None else float(getattr(reg, "grid_price_multiplier", 1.0))

    ex_pue: dict[str, float] = {}
    weights_in: Mapping[str, Any] | None = None
    if reg is not None:
        ex_pue = {r: float(reg.existing_pue[i]) for i, r in enumerate(reg.names)}
        if np.all(np.asarray(reg.existing_mw).sum(axis=0) > 0):
            weights_in = {r: reg.existing_mw[i] for i, r in enumerate(reg.names)}
    if weights_in is None:
        from tigris.energy.data import datacenter_capacity_mw

        weights_in = datacenter_capacity_mw(years)
    weights = {
        str(r): np.broadcast_to(np.asarray(w, dtype=float), (n_t,)) for r, w in weights_in.items()
    }
    total_weight = np.sum(list(weights.values()), axis=0) if weights else np.zeros(n_t)
    if np.any((total_weight <= 0) & ((existing_dc > 0) | (needed > 0))):
        from tigris.energy.fleet import UNASSIGNED

        weights[UNASSIGNED] = (total_weight <= 0).astype(float)
        total_weight = total_weight + weights[UNASSIGNED]

    names = {r for r, w in weights.items() if np.any(w > 0)}
    s_dc, k_dc = np.nonzero(np.broadcast_to(is_dc[None, :], cap.shape))
    built_mw = online[s_dc, k_dc] * cap[s_dc, k_dc, None]  # (N, T) MW at the plan's PUE
    names |= {str(site_region[s]) for s in s_dc[built_mw.sum(axis=1) > 0]}
    regions = _region_order(names)
    r_at = {r: i for i, r in enumerate(regions)}
    safe = np.where(total_weight > 0, total_weight, 1.0)
    w_share = np.array(
        [np.where(total_weight > 0, weights.get(r, np.zeros(n_t)) / safe, 0.0) for r in regions]
    ).reshape(len(regions), n_t)
    existing_r = existing_dc[None, :] * w_share
    e_pue = np.array([ex_pue.get(r, pue) for r in regions], dtype=float)
    b_region = np.array([r_at.get(str(site_region[s]), 0) for s in s_dc], dtype=int)
    b_pue = mod_pue[s_dc, k_dc]
    share = np.zeros(len(regions))
    if reg is not None:
        for i, r in enumerate(reg.names):
            if r in r_at:
                share[r_at[r]] = float(reg.demand_share[i])
    rank = merit_rank(inp)[s_dc, k_dc]
    alloc = allocate_fleet(needed - legacy, legacy, existing_r, built_mw, b_region, share, rank)
    in_ex, in_built, excess = alloc.existing, alloc.built, alloc.excess
    in_ex = in_ex + beyond_capacity(existing_r, built_mw, b_region, w_share, excess)

    load_factor, gco2_per_kwh, usd_per_mwh = energy_inputs(
        inp, regions, years, load_factor, gco2_per_kwh, usd_per_mwh
    )

    def by_year(table: Mapping[str, Any], r: str) -> np.ndarray:
        return np.broadcast_to(np.asarray(table.get(r, np.nan), dtype=float), (n_t,))

    first = existing_r[:, 0] if existing_r[:, 0].sum() > 0 else w_share[:, 0]
    first_share = first / first.sum() if first.sum() > 0 else np.zeros(len(regions))
    start_fac = legacy[0] * first_share / pue * e_pue
    owners = tuple(getattr(inp, "site_owner", None) or ("",) * len(inp.sites))

    frames = []

    def add(site: str, r: str, facility: str, supply: str, owner: str, **cols: Any) -> None:
        frames.append(
            pd.DataFrame(
                {
                    "year": years,
                    "site": site,
                    "region": r,
                    "facility": facility,
                    "supply": supply,
                    "owner": owner,
                    **cols,
                }
            )
        )

    for n, (s, k) in enumerate(zip(s_dc, k_dc, strict=True)):
        if not (built_mw[n].any() or in_built[n].any()):
            continue
        r = regions[b_region[n]]
        fac = in_built[n] / pue * b_pue[n]
        twh = energy_twh(fac, load_factor, 1.0)
        own = bool(np.isfinite(onsite_g[k]))
        usd = np.full(n_t, onsite_usd[k]) if own else by_year(usd_per_mwh, r) * dc_price_factor
        gco2 = np.full(n_t, onsite_g[k]) if own else by_year(gco2_per_kwh, r)
        add(
            str(inp.sites[s]),
            r,
            str(inp.facilities[k]),
            supply_of(str(inp.facilities[k]), onsite=own),
            str(owners[s]),
            it_mw=in_built[n] / pue,
            facility_mw=fac,
            mw_online=built_mw[n] / pue * b_pue[n],
            pue=np.full(n_t, b_pue[n]),
            energy_twh=twh,
            energy_twh_year_mean=energy_twh(year_mean_mw(fac, 0.0), load_factor, 1.0),
            electricity_cost_usd=twh * usd * MWH_PER_TWH,
            emissions_t_co2=emissions_t_co2(twh, gco2),
        )
    for i, r in enumerate(regions):
        if not (existing_r[i].any() or in_ex[i].any()):
            continue
        fac = in_ex[i] / pue * e_pue[i]
        twh = energy_twh(fac, load_factor, 1.0)
        add(
            EXISTING,
            r,
            _DATACENTER,
            EXISTING,
            "",
            it_mw=in_ex[i] / pue,
            facility_mw=fac,
            mw_online=existing_r[i] / pue * e_pue[i],
            pue=np.full(n_t, e_pue[i]),
            energy_twh=twh,
            energy_twh_year_mean=energy_twh(year_mean_mw(fac, start_fac[i]), load_factor, 1.0),
            electricity_cost_usd=twh * by_year(usd_per_mwh, r) * dc_price_factor * MWH_PER_TWH,
            emissions_t_co2=emissions_t_co2(twh, by_year(gco2_per_kwh, r)),
        )
    if not frames:
        return empty_site_load()
    table = pd.concat(frames, ignore_index=True)
    table["_r"] = table["region"].map(r_at)
    table["_e"] = table["site"] == EXISTING
    table = table.sort_values(["year", "_r", "_e", "site", "facility"], kind="stable")
    return table.drop(columns=["_r", "_e"]).reset_index(drop=True)[list(SITE_LOAD_COLUMNS)]
