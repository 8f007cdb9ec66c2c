"""The energy fields of a plan: data-centre modules, capacity, the fleet and the grid.

Part of :mod:`tigris.plan.assemble` (issue 12; ``docs/energy.md``, "Scenario"). A
scenario with a ``kind: datacenter`` facility or a ``datacenters:`` block gets a
``datacenter`` facility row (the pool of data-centre power the installed fleet draws
on) and these fields of :class:`~tigris.plan.inputs.PlanInputs`:

- **Modules** (:func:`datacenter_module`): from ``data/datacenter_types.csv``
  (:func:`tigris.energy.data.datacenter_type`) by facility id, the scenario's fields
  overriding. Capex = module MW x capex per MW, *without* the site's construction cost
  multiplier (``data/sites.csv``'s multiplier is a fab building's cost relative to
  Taiwan, from Exyte's fab schedules; the table's capex per MW is already a US market
  figure, so a US multiplier of 2 would count the US premium twice). Build time = the
  region's grid-connection lead time (grid-powered only) + construction, then a linear
  ramp; capex is spent evenly over the construction months. Fixed opex = MW x opex per
  MW-year + the module's energy premium over the pool's price at full use. Power = its
  MW (site power limits apply); no EUV tools; no subsidy (the sites' subsidies are fab
  grants).
- **Existing capacity**: the AI share of the data-centre capacity of every region
  standing at the end of each year (:func:`tigris.energy.data.datacenter_capacity_mw`,
  :data:`CAPACITY_BASIS`), or the scenario's
  ``datacenters.existing_mw``, on the ``datacenter`` row.
- **The fleet**: facility MW per accelerator in service
  (:func:`tigris.energy.fleet.fleet_mw_per_unit`: system power x IT overhead x PUE) and
  the legacy fleet delivered before the horizon (:func:`tigris.energy.fleet.legacy_fleet`).
- **The grid**: each site's region (``data/site_regions.csv`` or ``sites[].region``),
  the regions' headroom by year (``data/grid.csv`` or ``datacenters.grid_headroom_mw``)
  and which modules draw on it (grid-powered datacenter modules).
- **Money**: the datacenter price per MW-month (wholesale lease + the energy
  pass-through) and variable cost per MW-month used (energy: the pool's electricity
  price x hours a month x load factor), the pool's price being the mean of the regions'
  prices weighted by their AI data-centre capacity.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from tigris.errors import InputError, Problem
from tigris.plan.assemble_sites import _Assumptions, _given
from tigris.scenario import Scenario, facility_id, series
from tigris.units import HOURS_PER_MONTH, HOURS_PER_YEAR, KW_PER_MW, MONTHS_PER_YEAR

__all__ = [
    "DATACENTER_IDS",
    "GRID_ID",
    "datacenter_facility_ids",
    "datacenter_module",
    "datacenter_money",
    "datacenter_profiles",
    "energy_fields",
    "existing_datacenter_mw",
    "has_power",
    "pool_price_usd_per_mwh",
    "site_regions",
]

#: Facility ids of kind ``datacenter``, in row order: grid-connected, on-site gas,
#: on-site solar with storage (the contract of issue 12).
DATACENTER_IDS = ("datacenter", "datacenter-gas", "datacenter-solar")
#: The facility id whose capacity is grid-connected (limited by grid headroom).
GRID_ID = "datacenter"
#: Which capacity of ``data/datacenter_capacity.csv`` a year gets: what stands at the
#: end of the year, the like-for-like stock for a fleet that counts a year's deliveries
#: as in service for the whole year (the power constraint; docs/energy.md, "Data" and
#: "Scenario"), not the year mean a flow of wafers would use.
CAPACITY_BASIS = "end-of-year"
#: Names of the baseline's parts (as :data:`tigris.plan.assemble._PARTS`).
_PARTS = ("incumbent existing", "incumbent announced")


def has_power(sc: Scenario) -> bool:
    """Whether the fleet must be powered: a datacenter facility or a ``datacenters``
    block (else the plan has no datacenter row, as before issue 12)."""
    return sc.datacenters is not None or any(f.kind == "datacenter" for f in sc.facilities)


def datacenter_facility_ids(sc: Scenario) -> list[str]:
    """Datacenter facility ids of the plan: ``datacenter`` (the pool's row, holding the
    existing capacity) whenever power is planned, then the on-site ids the scenario
    builds, in :data:`DATACENTER_IDS` order."""
    if not has_power(sc):
        return []
    named = {facility_id(f.kind, f.node, f.power) for f in sc.facilities}
    return [fid for fid in DATACENTER_IDS if fid == GRID_ID or fid in named]


def datacenter_profiles(
    lead_months: float, construction_months: float, ramp_months: float, n_years: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Spend and output shares of a datacenter module by year after its start.

    Nothing happens for ``lead_months`` (waiting for the grid connection), capex is
    spent evenly over the next ``construction_months``, and output rises linearly over
    ``ramp_months`` from the end of construction to full capacity. Each year's share is
    the mean over its twelve months (exact at monthly resolution: durations are whole
    months).

    Parameters
    ----------
    lead_months : float
        Grid-connection wait before construction [month] (0 on-site).
    construction_months : float
        Construction, start to first MW online [month] (> 0).
    ramp_months : float
        First MW to full capacity [month] (0: all at once).
    n_years : int, optional
        Years of the profiles; default: until full output, plus one year.

    Returns
    -------
    spend, output : numpy.ndarray
        Share of capex spent in each year [-] (sums to 1) and share of capacity online
        on average in each year [-].

    References
    ----------
    Uniform spend over a construction window, as the overnight-cost spreading of
    IEA/NEA, *Projected Costs of Generating Electricity* (2020), ch. 2 (the fab layer's
    :func:`tigris.fab.capex_spend_fractions`); the sequence wait, build, energise is
    the contract of issue 12 ("build time = construction + the region's
    grid-connection lead time").

    Examples
    --------
    A year of waiting, a year of construction, online at once:

    >>> spend, output = datacenter_profiles(12, 12, 0)
    >>> spend.tolist(), output.tolist()
    ([0.0, 1.0, 0.0], [0.0, 0.0, 1.0])
    """
    online = lead_months + construction_months
    full = online + ramp_months
    if n_years is None:
        n_years = math.ceil(full / MONTHS_PER_YEAR) + 1
    mid = np.arange(n_years * MONTHS_PER_YEAR) + 0.5  # month midpoints from the start
    building = (mid > lead_months) & (mid < online)
    spend = building.astype(float) / max(building.sum(), 1)
    if ramp_months > 0:
        out = np.clip((mid - online) / ramp_months, 0.0, 1.0)
    else:
        out = (mid > online).astype(float)
    by_year = (n_years, MONTHS_PER_YEAR)
    return spend.reshape(by_year).sum(axis=1), out.reshape(by_year).mean(axis=1)


def _type_row(fid: str) -> dict[str, Any]:
    from tigris.energy.data import datacenter_type

    return dict(datacenter_type(fid))


def datacenter_module(
    f: Any,
    fid: str,
    size_mw: float | None,
    region: str,
    years: np.ndarray,
    pool_usd_per_mwh: float,
) -> dict[str, Any]:
    """A datacenter module's fields for :func:`tigris.plan.assemble_sites._module`.

    Parameters
    ----------
    f : tigris.scenario.Facility
        The scenario's facility entry (its fields override the table's).
    fid : str
        Facility id (:data:`DATACENTER_IDS`).
    size_mw : float or None
        The site's module size, if it sets one [MW].
    region : str
        The site's region (grid lead time and electricity price).
    years : numpy.ndarray
        Planning years [year] (a grid module's price is its region's horizon mean).
    pool_usd_per_mwh : float
        The pool's electricity price the plan charges per MW-month used (its horizon
        mean) [USD/MWh]: a module's own energy price differs by a premium, charged as
        fixed opex at full use (as a logic fab's site premium, ``docs/finance.md``).

    Returns
    -------
    dict
        ``capacity`` [MW] and the base fields of
        :func:`tigris.plan.assemble_sites._module` (``capex_usd``, ``spend``,
        ``output``, ``opex``, ``equipment_share``, ``power``, ``euv``, ``high_na``,
        ``subsidy``, ``yield``), plus ``lead_months`` and ``energy_usd_per_mwh``.

    References
    ----------
    ``docs/energy.md``, "Scenario" (module cost, build time and energy).
    """
    from tigris.energy.data import electricity_usd_per_mwh, energy_parameter, grid_lead_months
    from tigris.finance.prices import finance_parameter

    row = _type_row(fid)
    size = float(size_mw or f.module_capacity or row["module_mw"])
    grid = fid == GRID_ID
    per_mw = float(_given(f.capex_usd_per_mw, row["capex_usd_per_mw"]))
    capex = float(_given(f.capex_usd, size * per_mw))
    lead = float(_given(f.grid_lead_months, grid_lead_months(region))) if grid else 0.0
    build = float(_given(f.construction_months, row["construction_months"]))
    ramp = float(_given(f.ramp_months, row["ramp_months"]))
    spend, output = datacenter_profiles(lead, build, ramp)
    if grid:
        energy = float(np.mean(electricity_usd_per_mwh(region, years)))
    else:
        energy = float(_given(f.energy_usd_per_mwh, row["energy_usd_per_mwh"]))
    load = energy_parameter("load_factor")
    premium = (energy - pool_usd_per_mwh) * size * load * HOURS_PER_YEAR
    per_mw_year = float(_given(f.opex_usd_per_mw_year, row["opex_usd_per_mw_year"]))
    opex = float(_given(f.opex_usd_per_year, size * per_mw_year))
    return {
        "capacity": size,
        "capex_usd": capex,
        "spend": spend,
        "output": output,
        "opex": opex + premium,
        "equipment_share": finance_parameter("equipment_share_of_capex", "datacenter"),
        "power": size,
        "euv": 0.0,
        "high_na": 0.0,
        "subsidy": 0.0,
        "yield": 1.0,
        "lead_months": lead,
        "energy_usd_per_mwh": energy,
    }


def pool_price_usd_per_mwh(years: np.ndarray) -> np.ndarray:
    """(T,) electricity price of the datacenter pool: the regions' prices weighted by
    their AI data-centre capacity in each year [USD/MWh].

    References
    ----------
    ``data/grid.csv`` (prices) and ``data/datacenter_capacity.csv`` (weights), via
    :mod:`tigris.energy.data`.
    """
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, electricity_usd_per_mwh

    cap = datacenter_capacity_mw(years, basis=CAPACITY_BASIS)
    weights = np.array([np.asarray(cap.get(r, np.zeros(len(years))), float) for r in REGIONS])
    prices = np.array([np.asarray(electricity_usd_per_mwh(r, years), float) for r in REGIONS])
    total = weights.sum(axis=0)
    flat = prices.mean(axis=0)
    return np.where(total > 0, (weights * prices).sum(axis=0) / np.where(total > 0, total, 1), flat)


def datacenter_money(
    years: np.ndarray, n_rows: int, notes: _Assumptions
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) price and variable cost of one MW-month of datacenter capacity used
    [USD/MW-month], the same on every datacenter row.

    Variable cost = pool electricity price x hours a month x load factor (the energy a
    MW of facility capacity draws on average); price = wholesale lease per kW-month x
    1,000 + that energy, passed through (a data-centre owner's margin is the lease).

    References
    ----------
    Contract of issue 12, "Energy and its cost"; ``docs/energy.md``, "Scenario".
    """
    from tigris.energy.data import energy_parameter

    pool = pool_price_usd_per_mwh(years)
    load = energy_parameter("load_factor")
    lease = energy_parameter("lease_usd_per_facility_kw_month") * KW_PER_MW
    variable = pool * HOURS_PER_MONTH * load
    if n_rows:
        notes.add(
            "datacenter: energy per MW-month used",
            f"{_span(variable)} (pool price {_span(pool)} USD/MWh x {HOURS_PER_MONTH:g} h x "
            f"load factor {load:g})",
            "USD/MW-month",
            "data/grid.csv electricity prices weighted by data/datacenter_capacity.csv AI MW; "
            "data/energy_parameters.csv load_factor",
        )
        notes.add(
            "datacenter: price per MW-month",
            f"lease {lease:,.0f} + energy pass-through",
            "USD/MW-month",
            "data/energy_parameters.csv lease_usd_per_facility_kw_month (CBRE wholesale "
            "colocation rate per kW of IT / design PUE)",
        )
    return lease + variable, variable


def _span(x: np.ndarray) -> str:
    a, b = float(x[0]), float(x[-1])
    return f"{a:,.0f}" if math.isclose(a, b, rel_tol=1e-9) else f"{a:,.0f} -> {b:,.0f}"


# --- existing capacity, fleet and grid ---------------------------------------------------


def existing_datacenter_mw(
    sc: Scenario, years: np.ndarray, notes: _Assumptions
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) existing AI data-centre capacity [MW] and (T,) the part standing at the end
    of the history (the rest is announced) [MW].

    ``datacenters.existing_mw`` if given (all counted as existing), else the baseline
    (``announced``: Σ regions of :func:`tigris.energy.data.datacenter_capacity_mw` at
    :data:`CAPACITY_BASIS`;
    ``none``: 0). The part standing is the capacity of the year before the horizon,
    capped by each year's.
    """
    dc = sc.datacenters
    if dc is not None and dc.existing_mw is not None:
        mw = np.asarray(series(dc.existing_mw, years), dtype=float)
        notes.add("datacenter: existing capacity", _span(mw), "MW", dc.source or "scenario")
        return mw, mw
    if dc is not None and dc.baseline == "none":
        notes.add(
            "datacenter: existing capacity", 0.0, "MW", "scenario (datacenters.baseline: none)"
        )
        return np.zeros(len(years)), np.zeros(len(years))
    from tigris.energy.data import datacenter_capacity_mw

    end = CAPACITY_BASIS
    mw = sum(np.asarray(v, float) for v in datacenter_capacity_mw(years, basis=end).values())
    before = datacenter_capacity_mw(np.array([years[0] - 1]), basis=end)
    standing = float(sum(np.asarray(v, float)[0] for v in before.values()))
    notes.add(
        "datacenter: existing + announced AI capacity",
        _span(np.asarray(mw)),
        "MW",
        "data/datacenter_capacity.csv: capacity x AI share, summed over regions, standing "
        "at the end of each year (tigris.energy.data.datacenter_capacity_mw)",
    )
    return np.asarray(mw, dtype=float), np.minimum(mw, standing)


def energy_fields(
    sc: Scenario,
    years: np.ndarray,
    system_power_w: np.ndarray,
    site_regions: list[str],
    fac_ids: list[str],
    allowed: np.ndarray,
    notes: _Assumptions,
) -> dict[str, Any]:
    """The fleet and grid fields of :class:`~tigris.plan.inputs.PlanInputs`.

    Parameters
    ----------
    sc : Scenario
    years : numpy.ndarray
        Planning years [year].
    system_power_w : (P,) array
        Each product's system power (server share) [W].
    site_regions : list of str
        The region of each of the plan's sites.
    fac_ids : list of str
        Facility ids.
    allowed : (S, K) bool array
        Modules the plan may build.
    notes : _Assumptions

    Returns
    -------
    dict
        ``fleet_mw_per_unit``, ``legacy_fleet_mw``, ``fleet_h100e_legacy``,
        ``site_region``, ``regions``, ``grid_headroom_mw``, ``grid_limited`` and
        ``demand_basis``; empty but for ``demand_basis`` without a datacenter row.
    """
    if GRID_ID not in fac_ids:
        return {"demand_basis": sc.demand_basis}
    from tigris.energy.data import energy_parameter, grid_headroom_mw, grid_lead_months
    from tigris.energy.fleet import class_lifetime_map, fleet_mw_per_unit, legacy_fleet

    overhead = energy_parameter("it_overhead")
    per_unit = np.asarray(fleet_mw_per_unit(system_power_w, overhead, sc.pue), dtype=float)
    notes.add(
        "fleet: facility MW per accelerator",
        f"system power x IT overhead {overhead:g} x PUE {sc.pue:g}",
        "MW/accelerator",
        "data/energy_parameters.csv it_overhead; scenario pue (tigris.energy.fleet)",
    )
    none = sc.datacenters is not None and sc.datacenters.baseline == "none"
    if none and sc.datacenters is not None and sc.datacenters.existing_mw is None:
        legacy_mw = np.zeros(len(years))
        legacy_h100e = np.zeros(len(years))
        src = "datacenters.baseline: none: no existing capacity and no fleet installed before"
    else:
        lives = class_lifetime_map(sc.fleet_lifetime_years)  # an int, or by vendor
        legacy = legacy_fleet(int(years[0]), years, lives)
        legacy_mw = np.asarray(legacy["it_mw"], dtype=float) * sc.pue
        legacy_h100e = np.asarray(legacy["h100e"], dtype=float)
        src = (
            "published shipments before the horizon (world.demand) x catalog system power x "
            f"IT overhead x PUE, retiring after {_lives_text(lives)} years "
def _lives_text(lives: int | dict[str, int]) -> str:
    """``5``, or lives by vendor as ``google 6, nvidia 5, ...`` (fleet lifetimes)."""
    if isinstance(lives, int):
        return str(lives)
    return ", ".join(f"{v} {n}" for v, n in lives.items())


            "(tigris.energy.fleet.legacy_fleet)"
        )
    notes.add("fleet: legacy (pre-horizon) facility power", _span(legacy_mw), "MW", src)
    k_grid = np.array([fid == GRID_ID for fid in fac_ids], dtype=bool)
    limited = np.asarray(allowed, dtype=bool) & k_grid[None, :]
    regions = sorted({site_regions[s] for s in np.nonzero(limited.any(axis=1))[0]})
    given = sc.datacenters.grid_headroom_mw if sc.datacenters is not None else {}
    headroom = np.zeros((len(regions), len(years)))
    for r, region in enumerate(regions):
        if region in given:
            headroom[r] = series(given[region], years)
            src = (sc.datacenters.source if sc.datacenters is not None else "") or "scenario"
        else:
            headroom[r] = np.asarray(grid_headroom_mw(region, years), dtype=float)
            src = "data/grid.csv (tigris.energy.data.grid_headroom_mw)"
        notes.add(f"grid headroom {region}", _span(headroom[r]), "MW", src)
        notes.add(
            f"grid connection lead time {region}",
            grid_lead_months(region),
            "months",
            "data/grid.csv (tigris.energy.data.grid_lead_months); a facility's "
            "grid_lead_months replaces it",
        )
    return {
        "fleet_mw_per_unit": per_unit,
        "legacy_fleet_mw": legacy_mw,
        "fleet_h100e_legacy": legacy_h100e,
        "site_region": tuple(site_regions),
        "regions": tuple(regions),
        "grid_headroom_mw": headroom,
        "grid_limited": limited,
        "demand_basis": sc.demand_basis,
    }


def site_regions(sc: Scenario, specs: list[Any]) -> list[str]:
    """Region of each site: the scenario's ``sites[].region``, else
    ``data/site_regions.csv`` (:func:`tigris.energy.data.site_region`)."""
    from tigris.energy.data import site_region

    out: list[str] = []
    problems: list[Problem] = []
    for i, spec in enumerate(specs):
        region = sc.sites[i].region if i < len(sc.sites) else None  # investor sites first
        if region is None:
            try:
                region = site_region(spec.site)
            except InputError as exc:
                field = f"sites.{i}.region" if i < len(sc.sites) else "sites"
                problems.extend(Problem(field, p.message) for p in exc.problems)
                region = ""
        out.append(region)
    if problems:
        raise InputError(problems)
    return out
