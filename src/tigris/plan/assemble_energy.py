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
  :data:`CAPACITY_BASIS`), each region's at its PUE, or the scenario's
  ``datacenters.existing_mw`` (at the scenario's PUE), on the ``datacenter`` row.
- **PUE**: datacenter rows count MW at the scenario's ``pue`` (IT MW x ``pue``,
  :mod:`tigris.plan.power`), so capacity of PUE ``u`` counts ``MW x pue / u``: a
  region's existing capacity at its PUE (``data/grid.csv``), a module at its site's
  ``pue`` (scenario), else its type's (``data/datacenter_types.csv``), else its
  region's (:func:`module_pue`).
- **Regions** (:func:`power_regions`): capacity by region, PUEs, the scenario's
  ``demand_regions`` and on-site generation's intensity and price, for the regional
  rows and the power table.
- **The fleet**: facility MW per accelerator in service
  (:func:`tigris.energy.fleet.fleet_mw_per_unit`: system power x IT overhead x PUE) and
  the legacy fleet delivered before the horizon (:func:`tigris.energy.fleet.legacy_fleet`).
- **The grid**: each site's region (``data/site_regions.csv`` or ``sites[].region``),
  the regions' headroom by year (``data/grid.csv`` or ``datacenters.grid_headroom_mw``)
  and which modules draw on it (grid-powered datacenter modules).
- **Money** (per MW-month of the rows' unit, IT MW x the scenario's ``pue``, so that
  the unit moves no money): the datacenter price (the wholesale lease per kW of IT /
  ``pue`` + the energy pass-through) and variable cost per MW-month used (energy: the
  pool's electricity price x hours a month x load factor x the pool's PUE / ``pue``,
  :func:`pool_pue`), the pool's price being the mean of the regions' prices weighted
  by their AI data-centre capacity.
- **Electricity price**: ``data/grid.csv``'s price of each region x the scenario's
  ``datacenters.electricity_price_multiplier`` (:func:`grid_price_multiplier`), in the
  pool's energy, a grid module's own price (its premium) and the power table's
  data-centre electricity cost; on-site generation (gas, solar) keeps its facility's
  ``energy_usd_per_mwh``, so a dearer grid makes on-site power relatively cheaper.
- **Dollars**: every money figure of the tables above (capex and opex per MW, on-site
  energy, grid prices, the lease) is read in dollars of ``data_prices_price_year`` and
  multiplied by :func:`dollars` (CPI-U to the scenario's ``currency_year``, exactly 1
  in the reference); a figure the scenario writes is in its ``currency_year`` already.
"""

from __future__ import annotations

import math
import sys
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import InputError, Problem
from tigris.plan.assemble_sites import _Assumptions, _given, cpi_note
from tigris.scenario import Scenario, facility_id, series
from tigris.units import HOURS_PER_MONTH, HOURS_PER_YEAR, KW_PER_MW, MONTHS_PER_YEAR

if TYPE_CHECKING:
    from tigris.plan.power import PowerRegions  # power imports the model: at call time

__all__ = [
    "DATACENTER_IDS",
    "GRID_ID",
    "datacenter_facility_ids",
    "datacenter_module",
    "datacenter_money",
    "datacenter_profiles",
    "dollars",
    "energy_fields",
    "existing_datacenter_mw",
    "existing_mw_input",
    "grid_price_multiplier",
    "has_power",
    "module_pue",
    "pool_energy_usd_per_mwh",
    "pool_price_usd_per_mwh",
    "pool_pue",
    "power_regions",
    "site_pass_through",
    "site_price_warnings",
    "site_pues",
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
    block (else the plan has no datacenter row, as before issue 12).

    Parameters
    ----------
    sc : Scenario
        The scenario.

    Returns
    -------
    bool
        True when the plan has a data-centre power pool.
    """
    return sc.datacenters is not None or any(f.kind == "datacenter" for f in sc.facilities)


def datacenter_facility_ids(sc: Scenario) -> list[str]:
    """Datacenter facility ids of the plan: ``datacenter`` (the pool's row, holding the
    existing capacity) whenever power is planned, then the on-site ids the scenario
    builds, in :data:`DATACENTER_IDS` order.

    Parameters
    ----------
    sc : Scenario
        The scenario.

    Returns
    -------
    list of str
        The datacenter facility ids (``datacenter`` first); [] when power is not planned.
    """
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


def dollars(sc: Scenario | None) -> float:
    """Factor turning the energy tables' money (``data/datacenter_types.csv``,
    ``data/grid.csv``, ``data/energy_parameters.csv``'s lease) into US dollars of the
    scenario's ``currency_year`` [-]: :func:`tigris.plan.assemble_sites.data_dollars`
    (CPI-U from ``data_prices_price_year``); 1 without a scenario (the tables' own
    dollars).

    Parameters
    ----------
    sc : Scenario or None
        The scenario; None for the tables' own dollars.

    Returns
    -------
    float
        The price-level factor from the data's dollars to the ``currency_year``'s [-].

    Examples
    --------
    >>> dollars(None)
    1.0
    """
    if sc is None:
        return 1.0
    from tigris.plan.assemble_sites import data_dollars

    return data_dollars(sc)


def grid_price_multiplier(sc: Scenario | None) -> float:
    """The scenario's ``datacenters.electricity_price_multiplier`` [-] (1 without a
    ``datacenters`` block or without a scenario): the factor on ``data/grid.csv``'s
    electricity price of every region that grid-powered data centres pay.

    Parameters
    ----------
    sc : Scenario or None
        The scenario, or ``None`` for the data's prices as they are.

    Returns
    -------
    float
        Multiplier on the regions' grid electricity price [-].

    References
    ----------
    ``docs/energy.md``, "Scenario" ("Electricity price").

    Examples
    --------
    >>> grid_price_multiplier(None)
    1.0
    """
    dc = None if sc is None else sc.datacenters
    return 1.0 if dc is None else float(dc.electricity_price_multiplier)


def module_pue(fid: str, region: str, site_pue: float | None = None) -> float:
    """PUE of a datacenter module [-]: the site's (scenario ``sites[].pue``), else its
    type's (``data/datacenter_types.csv``, a new build), else its region's
    (``data/grid.csv``).

    Parameters
    ----------
    fid : str
        Facility type, a row of ``data/datacenter_types.csv`` (``datacenter``,
        ``datacenter-gas``, ``datacenter-solar``).
    region : str
        Energy region of the module's site (a row of ``data/grid.csv``).
    site_pue : float, optional
        The scenario site's own ``pue`` [-]; it wins when given.

    Returns
    -------
    float
        The module's PUE, facility over IT power [-].

    References
    ----------
    The Green Grid, White Paper 49 (2012): PUE = facility / IT energy;
    ``docs/energy.md``, "Data" (the sources of each PUE).

    Examples
    --------
    >>> module_pue("datacenter-gas", "usa"), module_pue("datacenter", "usa", 1.3)
    (1.1, 1.3)
    """
    if site_pue is not None:
        return float(site_pue)
    typed = float(_type_row(fid).get("pue", math.nan))
    if math.isfinite(typed):
        return typed
    from tigris.energy.data import grid_pue

    return grid_pue(region)


def datacenter_module(
    f: Any,
    fid: str,
    size_mw: float | None,
    region: str,
    years: np.ndarray,
    pool_usd_per_mwh: float,
    *,
    site_pue: float | None = None,
    plan_pue: float | None = None,
    price_multiplier: float = 1.0,
    dollars: float = 1.0,
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
        The pool's electricity cost the plan charges per MWh of a MW of the rows' unit
        used (:func:`pool_energy_usd_per_mwh`, its horizon mean; with ``plan_pue``
        ``None`` the pool's price per facility MWh) [USD/MWh]: a module's own energy
        cost differs by a premium, charged as fixed opex at full use (as a logic fab's
        site premium, ``docs/finance.md``): ``(own price − pool_usd_per_mwh x plan_pue /
        the module's PUE) x MW x load x 8,766 h``, which does not depend on
        ``plan_pue`` (the unit).
    site_pue : float, optional
        The site's PUE override (:func:`module_pue`).
    plan_pue : float, optional
        The plan's PUE, the unit of the datacenter rows; ``None``: capacity in facility
        MW, the module's PUE ignored.
    price_multiplier : float, optional
        The factor on the region's grid price (:func:`grid_price_multiplier`) [-]; a
        grid module's own price is its region's x this (``pool_usd_per_mwh`` already
        carries it); on-site power's is not scaled.
    dollars : float, optional
        Factor on the tables' money (capex and opex per MW, on-site energy, the grid
        price) to the scenario's ``currency_year`` (:func:`dollars`) [-]; a figure the
        facility gives is not scaled (it is in the ``currency_year`` as written).

    Returns
    -------
    dict
        ``capacity`` [MW at the plan's PUE: facility MW x ``plan_pue`` / the module's
        PUE; facility MW without ``plan_pue``], ``pue`` [-] and the base fields of
        :func:`tigris.plan.assemble_sites._module` (``capex_usd``, ``spend``,
        ``output``, ``opex``, ``equipment_share``, ``power``, ``euv``, ``high_na``,
        ``subsidy``, ``yield``), plus ``lead_months``, ``energy_usd_per_mwh`` and
        ``energy_premium`` [USD/year]: the part of ``opex`` that is the energy premium
        above (negative when the module's own energy is cheaper than the pool's), so
        that ``opex − energy_premium`` is the fixed opex without energy.

    References
    ----------
    ``docs/energy.md``, "Scenario" (module cost, build time and energy).
    """
    from tigris.energy.data import electricity_usd_per_mwh, energy_parameter, grid_lead_months
    from tigris.finance.prices import finance_parameter

    row = _type_row(fid)
    size = float(size_mw or f.module_capacity or row["module_mw"])
    grid = fid == GRID_ID
    per_mw = float(_given(f.capex_usd_per_mw, row["capex_usd_per_mw"] * dollars))
    capex = float(_given(f.capex_usd, size * per_mw))
    lead = float(_given(f.grid_lead_months, grid_lead_months(region))) if grid else 0.0
    build = float(_given(f.construction_months, row["construction_months"]))
    ramp = float(_given(f.ramp_months, row["ramp_months"]))
    spend, output = datacenter_profiles(lead, build, ramp)
    if grid:
        price = float(np.mean(electricity_usd_per_mwh(region, years)))
        energy = price * price_multiplier * dollars
    else:
        energy = float(_given(f.energy_usd_per_mwh, row["energy_usd_per_mwh"] * dollars))
    load = energy_parameter("load_factor")
    pue = module_pue(fid, region, site_pue)
    ratio = 1.0 if plan_pue is None else float(plan_pue) / pue  # capacity per facility MW
    # the plan charges the pool's cost per MW of its unit on capacity x load (MW at the
    # plan's PUE); the module draws its facility MW x load at its own price
    premium = (energy - pool_usd_per_mwh * ratio) * size * load * HOURS_PER_YEAR
    per_mw_year = float(_given(f.opex_usd_per_mw_year, row["opex_usd_per_mw_year"] * dollars))
    opex = float(_given(f.opex_usd_per_year, size * per_mw_year))
    return {
        "capacity": size * ratio,
        "pue": pue,
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
        "energy_premium": premium,
    }


def pool_price_usd_per_mwh(years: np.ndarray, multiplier: float = 1.0) -> np.ndarray:
    """(T,) electricity price of the datacenter pool: the regions' prices weighted by
    their AI data-centre capacity in each year, x ``multiplier`` (the scenario's
    :func:`grid_price_multiplier`) [USD/MWh].

    Parameters
    ----------
    years : numpy.ndarray
        (T,) the horizon's years.
    multiplier : float, optional
        Factor on every region's price [-] (grid price multiplier x :func:`dollars`).

    Returns
    -------
    numpy.ndarray
        (T,) capacity-weighted price [USD/MWh]; the regions' plain mean in a year without
        capacity.

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
    mean = np.where(total > 0, (weights * prices).sum(axis=0) / np.where(total > 0, total, 1), flat)
    return mean * float(multiplier)


def pool_pue(sc: Scenario | None, years: np.ndarray) -> np.ndarray:
    """(T,) PUE of the pool's existing capacity [-]: its facility MW over the IT MW it
    hosts, ``Σ_r F_r / Σ_r (F_r / u_r)``.

    ``F_r`` is each region's AI capacity (:func:`tigris.energy.data.datacenter_capacity_mw`,
    :data:`CAPACITY_BASIS`, the weights of :func:`pool_price_usd_per_mwh`) and ``u_r``
    its PUE (``data/grid.csv``). A scenario's ``datacenters.existing_mw`` is at the
    scenario's ``pue`` (:func:`power_regions`): then the scenario's ``pue``
    (``design_pue`` without a scenario). A pool without existing capacity
    (``baseline: none``) has no PUE of its own and takes the data's regions', as its
    price does (:func:`pool_price_usd_per_mwh`), so that ``pue``, there only the rows'
    unit, moves no money (a module's energy premium is charged at full use, so an idle
    module's MW would otherwise be credited at the pool's price x ``pue``).

    Parameters
    ----------
    sc : Scenario or None
        The scenario (its ``pue`` [-] and ``datacenters.existing_mw``); ``None``: the
        data's ``design_pue`` (``data/energy_parameters.csv``).
    years : numpy.ndarray
        (T,) planning years [year].

    Returns
    -------
    numpy.ndarray
        (T,) PUE of the pool's existing capacity, facility over IT power [-].

    References
    ----------
    The Green Grid, White Paper 49 (2012): PUE = facility / IT power, so the PUE of a
    sum of facilities is their facility power over their IT power; ``docs/energy.md``,
    "The power constraint" (Money).
    """
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, energy_parameter, grid_pue

    n_t = len(years)
    own = float(sc.pue) if sc is not None else energy_parameter("design_pue")
    dc = None if sc is None else sc.datacenters
    if sc is None or (dc is not None and dc.existing_mw is not None):
        return np.full(n_t, own)
    cap = datacenter_capacity_mw(years, basis=CAPACITY_BASIS)
    facility = np.zeros(n_t)
    it = np.zeros(n_t)
    for r in REGIONS:
        mw = np.asarray(cap.get(r, np.zeros(n_t)), dtype=float)
        facility, it = facility + mw, it + mw / grid_pue(r)
    return np.divide(facility, it, out=np.full(n_t, own), where=it > 0)


def pool_energy_usd_per_mwh(sc: Scenario | None, years: np.ndarray) -> np.ndarray:
    """(T,) the pool's electricity cost per MWh drawn by one MW of the rows' unit (IT MW
    x the scenario's ``pue``) [USD/MWh]: the pool's price (x the scenario's
    :func:`grid_price_multiplier` and :func:`dollars`) x :func:`pool_pue` / ``pue``.

    A MW of the rows' unit is ``1 / pue`` MW of IT, which draws ``pool_pue / pue`` MW of
    facility power in the pool's existing capacity, so the cost per IT MW does not
    depend on the unit ``pue``.

    Parameters
    ----------
    sc : Scenario or None
        The scenario; None uses ``design_pue`` as the unit, no multiplier and the data's
        dollars.
    years : numpy.ndarray
        (T,) the horizon's years.

    Returns
    -------
    numpy.ndarray
        (T,) cost per MWh of a MW of the rows' unit [USD/MWh].

    References
    ----------
    IEA, *Energy and AI* (2025), ch. 2 (electricity = IT load x utilisation x PUE x
    hours); :func:`pool_price_usd_per_mwh`, :func:`pool_pue`.
    """
    from tigris.energy.data import energy_parameter

    unit = float(sc.pue) if sc is not None else energy_parameter("design_pue")
    price = pool_price_usd_per_mwh(years, grid_price_multiplier(sc) * dollars(sc))
    return price * pool_pue(sc, years) / unit


def datacenter_money(
    years: np.ndarray, n_rows: int, notes: _Assumptions, sc: Scenario | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) price and variable cost of one MW-month of datacenter capacity used
    [USD/MW-month], the same on every datacenter row.

    The rows count MW at the scenario's ``pue`` (IT MW x ``pue``, :mod:`tigris.plan.power`),
    a unit: one of them is ``1 / pue`` MW of IT. Variable cost = the pool's electricity
    cost per MWh of that unit (:func:`pool_energy_usd_per_mwh`: price x pool PUE /
    ``pue``) x hours a month x load factor; price = the wholesale lease per kW-month of
    IT (as leases are quoted) x 1,000 / ``pue`` + that energy, passed through (the
    pool's own margin is the lease: it pays for its energy what it passes through; a
    module's cash flow passes through its site region's energy instead,
    :func:`site_pass_through`). Per MW of IT neither depends on ``pue``; without a
    scenario the unit is ``design_pue``. Lease and energy are in dollars of the
    ``currency_year`` (x :func:`dollars`).

    Parameters
    ----------
    years : numpy.ndarray
        (T,) the horizon's years.
    n_rows : int
        Number of datacenter rows; with none, no assumptions rows are written.
    notes : _Assumptions
        The assumptions table; the price, energy and multiplier rows are added to it.
    sc : Scenario or None, optional
        The scenario; None for the unit ``design_pue`` and the data's dollars.

    Returns
    -------
    tuple of (numpy.ndarray, numpy.ndarray)
        (T,) price (lease + energy) and (T,) variable cost (energy) [USD/MW-month, MW at
        ``pue``].

    References
    ----------
    Contract of issue 12, "Energy and its cost"; CBRE North America Data Center Trends
    H2 2024 (lease per kW of critical IT load, ``data/energy_parameters.csv``);
    ``docs/energy.md``, "The power constraint" (Money).
    """
    from tigris.energy.data import energy_parameter
    from tigris.scenario.edit import path_source

    unit = float(sc.pue) if sc is not None else energy_parameter("design_pue")
    pool = pool_energy_usd_per_mwh(sc, years)
    load = energy_parameter("load_factor")
    to_plan = dollars(sc)
    lease_it = energy_parameter("lease_usd_per_kw_month") * KW_PER_MW * to_plan
    lease = lease_it / unit
    variable = pool * HOURS_PER_MONTH * load
    mult = grid_price_multiplier(sc)
    cpi = cpi_note(to_plan)
    if n_rows:
        price = _span(pool_price_usd_per_mwh(years, mult * to_plan))
        if mult != 1.0:
            price += f", data x {mult:g}"
            notes.add(
                "datacenter: electricity price multiplier",
                mult,
                "-",
                path_source(
                    sc,
                    "datacenters.electricity_price_multiplier",
                    "scenario datacenters.electricity_price_multiplier (on data/grid.csv's "
                    "price of every region; on-site power not scaled)",
                ),
            )
        notes.add(
            "datacenter: energy per MW-month used",
            f"{_span(variable)} (pool price {price} USD/MWh "
            f"x pool PUE {_span(pool_pue(sc, years), ',.3f')} / PUE {unit:g} x "
            f"{HOURS_PER_MONTH:g} h "
            f"x load factor {load:g})",
            f"USD/MW-month (MW at PUE {unit:g})",
            "data/grid.csv electricity prices and PUEs weighted by data/datacenter_capacity.csv "
            "AI MW; data/energy_parameters.csv load_factor" + cpi,
        )
        notes.add(
            "datacenter: price per MW-month",
            f"lease {lease:,.0f} ({lease_it:,.0f} per MW of IT / PUE {unit:g}) + energy "
            "pass-through",
            f"USD/MW-month (MW at PUE {unit:g})",
            "data/energy_parameters.csv lease_usd_per_kw_month (CBRE wholesale "
            "colocation rate per kW of IT)" + cpi,
        )
    return lease + variable, variable


def _span(x: np.ndarray, fmt: str = ",.0f") -> str:
    a, b = float(x[0]), float(x[-1])
    return f"{a:{fmt}}" if math.isclose(a, b, rel_tol=1e-9) else f"{a:{fmt}} -> {b:{fmt}}"


# --- existing capacity, fleet and grid ---------------------------------------------------


def _regional_existing(sc: Scenario, years: np.ndarray) -> dict[str, np.ndarray]:
    """region -> (T,) AI capacity of the data [MW at the scenario's PUE]: each region's
    facility MW (:func:`tigris.energy.data.datacenter_capacity_mw`,
    :data:`CAPACITY_BASIS`) x ``pue`` / the region's PUE."""
    from tigris.energy.data import datacenter_capacity_mw, grid_pue

    cap = datacenter_capacity_mw(years, basis=CAPACITY_BASIS)
    return {r: np.asarray(v, float) * sc.pue / grid_pue(r) for r, v in cap.items()}


def existing_datacenter_mw(
    sc: Scenario, years: np.ndarray, notes: _Assumptions
) -> tuple[np.ndarray, np.ndarray]:
    """(T,) existing AI data-centre capacity [MW at the scenario's PUE] and (T,) the
    part standing at the end of the history (the rest is announced) [MW].

    ``datacenters.existing_mw`` if given (all counted as existing, at the scenario's
    PUE), else the baseline (``announced``: Σ regions of
    :func:`tigris.energy.data.datacenter_capacity_mw` at :data:`CAPACITY_BASIS`, each
    region's x ``pue`` / its PUE, ``data/grid.csv``; ``none``: 0). The part standing
    is the capacity of the year before the horizon, capped by each year's.

    Parameters
    ----------
    sc : Scenario
        The scenario (``datacenters``, ``pue``).
    years : numpy.ndarray
        (T,) the horizon's years.
    notes : _Assumptions
        The assumptions table; the existing capacity's rows are added to it.

    Returns
    -------
    tuple of (numpy.ndarray, numpy.ndarray)
        (T,) existing capacity and (T,) its part standing [MW at the scenario's PUE].
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
    mw = sum(_regional_existing(sc, years).values())
    before = _regional_existing(sc, np.array([years[0] - 1]))
    standing = float(sum(np.asarray(v, float)[0] for v in before.values()))
    notes.add(
        "datacenter: existing + announced AI capacity",
        _span(np.asarray(mw)),
        f"MW at PUE {sc.pue:g}",
        "data/datacenter_capacity.csv: capacity x AI share, standing at the end of each "
        f"year (tigris.energy.data.datacenter_capacity_mw), each region's x {sc.pue:g} / "
        "its PUE (data/grid.csv), summed over regions",
    )
    notes.add(
        "datacenter: PUE of the existing capacity",
        _span(pool_pue(sc, years), ",.3f"),
        "-",
        "data/grid.csv PUEs weighted by data/datacenter_capacity.csv AI MW: the tables "
        "print this capacity in facility MW at it; as datacenters.existing_mw (read at "
        f"pue {sc.pue:g}) a table's MW are MW x {sc.pue:g} / this (docs/energy.md, "
        "'Units in and out'; tigris.plan.assemble_energy.existing_mw_input)",
    )
    return np.asarray(mw, dtype=float), np.minimum(mw, standing)


def existing_mw_input(facility_mw: np.ndarray | Any, sc: Scenario, years: np.ndarray) -> np.ndarray:
    """(T,) ``datacenters.existing_mw`` that holds the same IT MW as ``facility_mw`` of
    the scenario's existing capacity as the plan's tables print it [MW at ``pue``].

    The tables (``capacity.csv``'s ``existing`` datacenter rows, the power table) give
    facility MW at each region's PUE; ``existing_mw`` is read at the scenario's ``pue``
    (:func:`power_regions`). The same IT MW, ``facility_mw / u_pool``, is
    ``facility_mw · pue / u_pool`` at ``pue``, ``u_pool`` the existing capacity's PUE
    (:func:`pool_pue`: facility over IT MW of the data's regions, or ``pue`` itself when
    the scenario already gives ``existing_mw``, whose tables then print it unchanged).
    Feeding the table's MW back unconverted loses ``1 − u_pool / pue`` of the IT power
    (about 4 % on the reference, whose pool PUE is ~1.15 against the unit 1.2).

    Parameters
    ----------
    facility_mw : numpy.ndarray or array-like
        (T,) existing capacity as the tables print it [facility MW at each region's PUE].
    sc : Scenario
        The scenario (its ``pue``, ``datacenters``).
    years : numpy.ndarray
        (T,) the years of ``facility_mw``.

    Returns
    -------
    numpy.ndarray
        (T,) the same IT power as ``datacenters.existing_mw`` [MW at ``pue``].

    References
    ----------
    The Green Grid, White Paper 49 (2012) (facility = IT × PUE); ``docs/energy.md``,
    "Units in and out".

    Examples
    --------
    A scenario that gives ``existing_mw`` reads it back unchanged:

    >>> from tigris.scenario import reference_scenario
    >>> from tigris.scenario.edit import set_paths
    >>> sc = set_paths(reference_scenario(), {"datacenters.existing_mw": {2026: 40000.0}})
    >>> existing_mw_input(np.array([40000.0]), sc, np.array([2026])).tolist()
    [40000.0]
    """
    mw = np.asarray(facility_mw, dtype=float)
    return mw * float(sc.pue) / pool_pue(sc, np.asarray(years, dtype=int))


def _lives_text(lives: int | dict[str, int]) -> str:
    """``5``, or lives by vendor as ``google 6, nvidia 5, ...`` (fleet lifetimes)."""
    if isinstance(lives, int):
        return str(lives)
    return ", ".join(f"{v} {n}" for v, n in lives.items())


def _fleet_mw(sc: Scenario, system_power_w: np.ndarray, notes: _Assumptions) -> np.ndarray:
    """Facility MW per accelerator, system power x IT overhead x PUE
    (:func:`tigris.energy.fleet.fleet_mw_per_unit`), with its assumptions row."""
    from tigris.energy.data import energy_parameter
    from tigris.energy.fleet import fleet_mw_per_unit

    overhead = energy_parameter("it_overhead")
    per_unit = np.asarray(fleet_mw_per_unit(system_power_w, overhead, sc.pue), dtype=float)
    notes.add(
        "fleet: facility MW per accelerator",
        f"system power x IT overhead {overhead:g} x PUE {sc.pue:g}",
        f"MW at PUE {sc.pue:g} per accelerator (IT MW x PUE {sc.pue:g}, the rows' unit)",
        "data/energy_parameters.csv it_overhead; scenario pue (tigris.energy.fleet)",
    )
    return per_unit


def energy_fields(
    sc: Scenario,
    years: np.ndarray,
    system_power_w: np.ndarray,
    site_regions: list[str],
    fac_ids: list[str],
    allowed: np.ndarray,
    notes: _Assumptions,
    site_pue: list[float | None] | None = None,
) -> dict[str, Any]:
    """The fleet, grid and regional fields of :class:`~tigris.plan.inputs.PlanInputs`.

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
    site_pue : list of float or None, optional
        Each site's PUE override (:func:`site_pues`).

    Returns
    -------
    dict
        ``fleet_mw_per_unit``, ``legacy_fleet_mw``, ``fleet_h100e_legacy``,
        ``site_region``, ``regions``, ``grid_headroom_mw``, ``grid_limited``,
        ``power_regions`` and ``demand_basis``; empty but for ``demand_basis`` without
        a datacenter row.
    """
    if GRID_ID not in fac_ids:
        if getattr(sc, "demand_regions", None):
            msg = (
                "placing demand by region needs data-centre power: add a `kind: datacenter` "
                "facility or a `datacenters:` block"
            )
            raise InputError([Problem("demand_regions", msg)])
        # no power constraint, but the power the plan reports is the one train and infer
        # give for the same fleet, IT overhead included (user test 2026-12-07, a chain
        # of verbs: 45.0 MW in plan against 48.6 MW in train for the same 12,508 Rubin)
        per_unit = _fleet_mw(sc, system_power_w, notes)
        # the power table still counts the fleet's and the new fabs' energy and CO2 at
        # these factors, and the investor's own fabs' are read from these rows
        # (tigris.energy.investor; user test 2026-12-08: a fab-only plan's 990 MW of
        # the investor's fabs had no energy or CO2 sentence)
        from tigris.energy.data import REGIONS

        emission_factor_rows(notes, years, list(REGIONS), fac_ids, np.full(len(fac_ids), np.nan))
        return {"demand_basis": sc.demand_basis, "fleet_mw_per_unit": per_unit}
    from tigris.energy.data import grid_headroom_mw, grid_lead_months
    from tigris.energy.fleet import class_lifetime_map, legacy_fleet
    from tigris.scenario.checks_headroom import year_ranges

    per_unit = _fleet_mw(sc, system_power_w, notes)
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
            "(tigris.energy.fleet.legacy_fleet)"
        )
    notes.add(
        "fleet: legacy (pre-horizon) facility power",
        _span(legacy_mw),
        f"MW at PUE {sc.pue:g} (IT MW x PUE {sc.pue:g}, the rows' unit)",
        src,
    )
    # by year, for the emissions per H100e in service (UT-ESG #8: the in-service
    # figures leave the legacy fleet out, the power table counts it)
    notes.add(
        LEGACY_H100E_ROW,
        factor_text(legacy_h100e, years),
        "H100e in service (delivered before the horizon, within their lives)",
        src,
    )
    k_grid = np.array([fid == GRID_ID for fid in fac_ids], dtype=bool)
    limited = np.asarray(allowed, dtype=bool) & k_grid[None, :]
    connectable = {site_regions[s] for s in np.nonzero(limited.any(axis=1))[0]}
    given = sc.datacenters.grid_headroom_mw if sc.datacenters is not None else {}
    # a region the scenario gives a headroom without a grid site there is kept too: the
    # plan adds no row for it (plan.power.add_grid), the power table shows the headroom
    regions = sorted(connectable | set(given))
    headroom = np.zeros((len(regions), len(years)))
    for r, region in enumerate(regions):
        if region in given:
            headroom[r] = series(given[region], years)
            src = (  # the scenario's map, not the block's source (which names the data)
                f"scenario '{sc.name}': datacenters.grid_headroom_mw.{region}, given for "
                f"{year_ranges(sorted(given[region]))} (interpolated between, held flat "
                f"outside), replacing data/grid.csv's {region} series"
            )
        else:
            headroom[r] = np.asarray(grid_headroom_mw(region, years), dtype=float)
            src = grid_source(
                region, "grid_headroom_mw", "data/grid.csv (tigris.energy.data.grid_headroom_mw)"
            )
        notes.add(f"grid headroom {region}", _span(headroom[r]), "MW", src)
        if region not in connectable:
            continue  # no site here may connect a module: no lead time to say
        notes.add(
            f"grid connection lead time {region}",
            grid_lead_months(region),
            "months",
            grid_source(
                region,
                "grid_lead_months",
                "data/grid.csv (tigris.energy.data.grid_lead_months): " + _grid_row_source(region),
            )
            + "; a facility's grid_lead_months replaces it",
        )
    return {
        "fleet_mw_per_unit": per_unit,
        "legacy_fleet_mw": legacy_mw,
        "fleet_h100e_legacy": legacy_h100e,
        "site_region": tuple(site_regions),
        "regions": tuple(regions),
        "grid_headroom_mw": headroom,
        "grid_limited": limited,
        "power_regions": power_regions(sc, years, site_regions, fac_ids, notes, site_pue),
        "demand_basis": sc.demand_basis,
    }


def _grid_row_source(region: str) -> str:
    """The ``source`` of a region's first ``data/grid.csv`` row (the text that says which
    figures stand in where a place has no row of its own: ERCOT for texas-usa,
    UT-UTILITY #2); empty if the region has none."""
    from tigris.data import load_rows

    rows = [x for x in load_rows("grid") if str(x["region"]) == region]
    return str(rows[0].get("source", "")) if rows else ""


def grid_source(region: str, column: str, shipped: str) -> str:
    """The source of a region's ``data/grid.csv`` column as the plan reads it: the
    ``--data`` overlay's file and its entry's ``source`` where the overlay changes that
    column of the region's rows (UT-GRID #4: a 60-month overlay lead was shown with the
    shipped table as its source), else ``shipped``.

    Parameters
    ----------
    region : str
        A region of ``data/grid.csv``.
    column : str
        The column read (``grid_lead_months``, ``grid_headroom_mw``, ``pue`` ...).
    shipped : str
        The source text when the shipped table's value is read.

    Returns
    -------
    str
        ``--data FILE: grid REGION COLUMN (source: ...)``, or ``shipped``.
    """
    from tigris.data import active_overlay, load_rows, using_overlay

    overlay = active_overlay()
    rows = [] if overlay is None else overlay.rows.get("grid", ())
    mine = {int(x["year"]): x for x in rows if str(x["region"]) == region}
    if not mine:
        return shipped
    with using_overlay(None):
        table = {int(x["year"]): x for x in load_rows("grid") if str(x["region"]) == region}
    changed = [
        x
        for year, x in sorted(mine.items())
        if year not in table or x.get(column) != table[year].get(column)
    ]
    if not changed:
        return shipped
    from tigris.risk.cells import parse_cell, set_marks

    # a cell of this column set with tigris plan --set: said so, not "--data" (there may
    # be none; user test s45 #1), with the value it replaced and where that came from
    marks = {
        mark: None
        for x in changed
        for path, mark in set_marks(str(x.get("source", ""))).items()
        if parse_cell(path).column == column
    }
    if marks:
        return "; ".join(marks)
    return f"--data {overlay.file}: grid {region} {column} (source: {changed[0]['source']})"


def site_pues(sc: Scenario, n_sites: int) -> list[float | None]:
    """Each site's PUE override, ``sites[].pue`` (investor sites first), else None.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    n_sites : int
        Number of sites of the plan (the investor's first, then others').

    Returns
    -------
    list of float or None
        One PUE [-] per site; None where the scenario sets none (and past its sites).
    """
    return [
        sc.sites[i].pue if i < len(sc.sites) else None  # type: ignore[attr-defined]
        for i in range(n_sites)
    ]


def power_regions(
    sc: Scenario,
    years: np.ndarray,
    site_regions: list[str],
    fac_ids: list[str],
    notes: _Assumptions,
    site_pue: list[float | None] | None = None,
) -> PowerRegions:
    """:class:`tigris.plan.power.PowerRegions` of a scenario: where the capacity is,
    at which PUE, where demand is placed, and on-site generation's intensity and price.

    Existing capacity by region: the data's (:func:`_regional_existing`, each region
    at its PUE), or ``datacenters.existing_mw`` split as the data's AI capacity (at the
    scenario's PUE), or 0 (``baseline: none``). A module's PUE: :func:`module_pue`.
    Demand shares: ``demand_regions`` (0 elsewhere).

    Parameters
    ----------
    sc : Scenario
        The scenario.
    years : numpy.ndarray
        (T,) the horizon's years.
    site_regions : list of str
        Each site's region, in site order.
    fac_ids : list of str
        The plan's facility ids (K).
    notes : _Assumptions
        The assumptions table; PUE, emission, on-site price, gas and demand-placement rows
        are added.
    site_pue : list of float or None, optional
        Each site's PUE override (:func:`site_pues`); None for none.

    Returns
    -------
    PowerRegions
        Regions (the data's, then the sites' others, sorted), existing MW (R, T) and PUE
        (R,), module PUE (S, K), demand shares (R,), on-site intensity [gCO2/kWh], price
        [USD/MWh] and heat rate [Btu/kWh] (K,), NaN except on on-site rows, the grid price
        multiplier [-], the gas cap [MW/year] (None without one), the data-to-plan dollar
        factor [-] and the pass-through (S, T) [USD/MW-month].

    References
    ----------
    ``docs/energy.md``, "The power constraint" (regions and PUE).
    """
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, grid_pue
    from tigris.plan.power import PowerRegions

    names = list(REGIONS) + sorted({r for r in site_regions if r and r not in REGIONS})
    n_t = len(years)
    dc = sc.datacenters
    existing = np.zeros((len(names), n_t))
    pue = np.array([grid_pue(r) if r in REGIONS else sc.pue for r in names], dtype=float)
    if dc is not None and dc.existing_mw is not None:
        total = np.asarray(series(dc.existing_mw, years), dtype=float)
        cap = datacenter_capacity_mw(years, basis=CAPACITY_BASIS)
        weights = np.array([np.asarray(cap.get(r, np.zeros(n_t)), float) for r in names])
        norm = weights.sum(axis=0)
        existing = total[None, :] * np.divide(
            weights, norm, out=np.zeros_like(weights), where=norm > 0
        )
        pue[:] = sc.pue  # a scenario's MW are at its PUE
    elif dc is None or dc.baseline != "none":
        by_region = _regional_existing(sc, years)
        existing = np.array([by_region.get(r, np.zeros(n_t)) for r in names], dtype=float)
    for r, region in enumerate(names):
        if region in REGIONS and np.any(existing[r] > 0):
            src = grid_source(region, "pue", "data/grid.csv pue")
            notes.add(f"datacenter: PUE {region}", float(pue[r]), "-", src)
    pues = site_pue or [None] * len(site_regions)
    mod_pue = np.full((len(site_regions), len(fac_ids)), float(sc.pue))
    by_id = {facility_id(f.kind, f.node, f.power): f for f in sc.facilities}
    gco2 = np.full(len(fac_ids), np.nan)
    usd = np.full(len(fac_ids), np.nan)
    btu = np.full(len(fac_ids), np.nan)  # heat rate of on-site generation [Btu/kWh]
    for k, fid in enumerate(fac_ids):
        if fid not in DATACENTER_IDS:
            continue
        for s, region in enumerate(site_regions):
            mod_pue[s, k] = module_pue(fid, region, pues[s])
        row = _type_row(fid)
        if not row["grid"]:
            gco2[k] = float(row["gco2_per_kwh"])
            btu[k] = float(row.get("heat_rate_btu_per_kwh", math.nan))
            f = by_id.get(fid)
            given = f.energy_usd_per_mwh if f is not None else None
            usd[k] = float(_given(given, row["energy_usd_per_mwh"]))
            to_plan = 1.0 if given is not None else dollars(sc)  # the table's to currency_year
            if btu[k] > 0:  # its row at the price the plan charges, its parts as quoted
                _onsite_price_row(notes, fid, usd[k], btu[k], given is not None, to_plan)
            usd[k] *= to_plan
    emission_factor_rows(notes, years, names, fac_ids, gco2)
    gas_rows(notes, fac_ids, btu)
    if dc is not None and dc.gas_mw_per_year_max is not None:
        from tigris.scenario.edit import path_source

        notes.add(
            GAS_CAP_ROW,
            float(dc.gas_mw_per_year_max),
            "facility MW/year of on-site gas the investor commissions, at most",
            path_source(
                sc,
                "datacenters.gas_mw_per_year_max",
                "scenario datacenters.gas_mw_per_year_max (gas-build-upper)",
            ),
        )
    shares = dict(getattr(sc, "demand_regions", {}) or {})
    share = np.array([float(shares.get(r, 0.0)) for r in names], dtype=float)
    for region, value in shares.items():
        notes.add(f"demand placed in {region}", value, "share", "scenario demand_regions")
    passed = site_pass_through(sc, years, site_regions, dict(zip(names, pue, strict=True)))
    return PowerRegions(
        names=tuple(names),
        existing_mw=existing,
        existing_pue=pue,
        module_pue=mod_pue,
        demand_share=share,
        onsite_gco2_per_kwh=gco2,
        onsite_usd_per_mwh=usd,
        grid_price_multiplier=grid_price_multiplier(sc),
        onsite_btu_per_kwh=btu,
        grid_dollars=dollars(sc),
        gas_mw_per_year_max=None if dc is None else dc.gas_mw_per_year_max,
        pass_through_usd_per_mw_month=passed,
    )


def site_pass_through(
    sc: Scenario, years: np.ndarray, site_regions: list[str], region_pue: dict[str, float]
) -> np.ndarray:
    """(S, T) the energy a data-centre module at each site passes through to its tenant
    per MW-month of the rows' unit used [USD/MW-month].

    A campus's tenant would otherwise buy its power where the campus is, so the energy
    it pays on top of the lease is what its IT would draw in the site's region's
    existing capacity: ``p_r[t] · m · u_r / pue · 8,766/12 h · load``, ``p_r`` the
    region's grid price (``data/grid.csv``, x :func:`dollars` to the ``currency_year``),
    ``m`` the scenario's :func:`grid_price_multiplier`, ``u_r`` the region's PUE
    (``region_pue``: the capacity's, as :func:`power_regions` has it) and ``pue`` the
    rows' unit (a MW of it is ``1 / pue`` MW of IT). This is
    :func:`pool_energy_usd_per_mwh` with the site's region in place of the world's
    capacity-weighted pool, which priced a Texas campus's pass-through on six regions'
    prices (Europe's $150/MWh among them; UT-UTILITY #1, session 37). It is the market
    price of power where the campus is, at the region's typical PUE: the module itself
    draws at its own PUE ``u_m`` (:func:`module_pue`, 1.1 for a new build) and pays its
    own price ``p_m``, so it keeps ``p_r · m · u_r / u_m − p_m`` per MWh it draws on top
    of the lease (texas-usa, grid: 80.6 x 1.15/1.1 − 80.6 = $3.66/MWh, $2.41M a year for
    100 MW; ``docs/energy.md``, "Money" under "Scenario"). NaN where the
    region has no price in the data (the pool's energy is then passed through, as
    before).

    Parameters
    ----------
    sc : Scenario
        The scenario (``pue``, price multiplier, ``currency_year``).
    years : numpy.ndarray
        (T,) the horizon's years.
    site_regions : list of str
        Each site's region (S).
    region_pue : dict of str to float
        PUE of each region's existing capacity [-].

    Returns
    -------
    numpy.ndarray
        (S, T) pass-through [USD/MW-month, MW at ``pue``]; NaN rows for a site whose region
        has no price.

    References
    ----------
    IEA, *Energy and AI* (2025), ch. 2 (electricity = IT load x utilisation x PUE x
    hours); ``docs/energy.md``, "The power constraint" (Money).
    """
    from tigris.energy.data import REGIONS, electricity_usd_per_mwh, energy_parameter

    n_t = len(years)
    out = np.full((len(site_regions), n_t), np.nan)
    unit = float(sc.pue)
    mult = grid_price_multiplier(sc) * dollars(sc)
    per_month = HOURS_PER_MONTH * float(energy_parameter("load_factor"))
    for s, region in enumerate(site_regions):
        if region not in REGIONS or region not in region_pue:
            continue
        price = np.asarray(electricity_usd_per_mwh(region, years), dtype=float) * mult
        out[s] = price * float(region_pue[region]) / unit * per_month
    return out


#: The assumptions row of an on-site type's energy price (``{facility id}`` filled in).
ONSITE_PRICE_ROW = "energy price: on-site {}"


def _onsite_price_row(
    notes: _Assumptions,
    fid: str,
    usd: float,
    btu_per_kwh: float,
    given: bool,
    to_plan: float = 1.0,
) -> None:
    """The energy price of an on-site type that burns fuel, and where it comes from: the
    scenario's ``energy_usd_per_mwh`` (which then replaces the data's, so a gas-price
    what-if does not move it), else the data's, fuel at the gas price x the heat rate
    plus the rest (:func:`tigris.energy.data.onsite_fuel_usd_per_mwh`, UT-UTILITY #7),
    in the tables' dollars; the row's value is that x ``to_plan``, the price the plan
    charges in the currency year (review of s46: the row showed the 2024 price while the
    plan charged it converted)."""
    from tigris.energy.data import BTU_PER_KWH_PER_MMBTU_PER_MWH, energy_parameter

    if given:
        src = (
            f"scenario facilities.{fid}.energy_usd_per_mwh; it replaces data/"
            "datacenter_types.csv's price, so a what-if on data.energy_parameters."
            "gas_price_usd_per_mmbtu does not move it"
        )
    else:
        price = energy_parameter("gas_price_usd_per_mmbtu")
        fuel = price * btu_per_kwh / BTU_PER_KWH_PER_MMBTU_PER_MWH
        src = (
            f"data/datacenter_types.csv {fid} energy_usd_per_mwh: fuel at data/"
            f"energy_parameters.csv gas_price_usd_per_mmbtu {price:g} USD/MMBtu x heat rate "
            f"{btu_per_kwh / BTU_PER_KWH_PER_MMBTU_PER_MWH:g} MMBtu/MWh = {fuel:,.2f} + "
            f"{usd - fuel:,.2f} other (tigris.energy.data.onsite_fuel_usd_per_mwh)"
        )
        src += cpi_note(to_plan)
    notes.add(ONSITE_PRICE_ROW.format(fid), usd * to_plan, "USD/MWh of on-site generation", src)


#: Parameter names of the emission-factor rows of the assumptions
#: (:func:`emission_factor_rows`): ``{region}`` / ``{facility id}`` filled in.
GRID_FACTOR_ROW = "emission factor: grid {}"
ONSITE_FACTOR_ROW = "emission factor: on-site {}"
LOAD_FACTOR_ROW = "datacenter: load factor"
#: The assumptions row of the cap on the investor's on-site gas MW a year.
GAS_CAP_ROW = "datacenter: on-site gas MW commissioned a year, at most"
#: The assumptions rows of the gas burned and its supply (:func:`gas_rows`):
#: ``{facility id}`` filled in.
HEAT_RATE_ROW = "heat rate: on-site {}"
GAS_HEAT_CONTENT_ROW = "natural gas: heat content"
WORLD_TURBINES_ROW = "gas turbines: world production a year"


def gas_rows(notes: _Assumptions, fac_ids: list[str], onsite_btu: np.ndarray) -> None:
    """Add the heat rate of each on-site type that burns fuel (``data/datacenter_types.csv``
    ``heat_rate_btu_per_kwh`` > 0) and, if there is one, the heat content of natural
    gas and the world's gas-turbine production a year (``data/energy_parameters.csv``
    ``natural_gas_btu_per_cf``, ``gas_turbine_mw_per_year_world``) to the assumptions:
    what the power table's ``onsite_gas_mmbtu`` and ``onsite_gas_bcf_per_day`` and the
    investor's gas (:func:`tigris.energy.investor.investor_energy`) are read from.

    Parameters
    ----------
    notes : _Assumptions
        The assumptions table the rows are added to.
    fac_ids : list of str
        The plan's facility ids (K).
    onsite_btu : numpy.ndarray
        (K,) heat rate of each facility's on-site generation [Btu/kWh]; NaN or 0 where it
        burns no fuel.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply"; :mod:`tigris.energy.gas`.
    """
    from tigris.energy.gas import natural_gas_btu_per_cf, world_gas_turbine_mw_per_year

    burns = [
        (fid, float(onsite_btu[k]))
        for k, fid in enumerate(fac_ids)
        if fid in DATACENTER_IDS and np.isfinite(onsite_btu[k]) and onsite_btu[k] > 0
    ]
    for fid, btu in burns:
        notes.add(
            HEAT_RATE_ROW.format(fid),
            btu,
            "Btu/kWh (HHV) of on-site generation: gas burned = energy x this",
            _data_clause("datacenter_types", "facility", fid, "Heat rate"),
        )
    if not burns:
        return
    notes.add(
        GAS_HEAT_CONTENT_ROW,
        natural_gas_btu_per_cf(),
        "Btu per cubic foot (HHV): Bcf/d = MMBtu x 1e6 / this / 1e9 / 365.25",
        _data_clause("energy_parameters", "parameter", "natural_gas_btu_per_cf", ""),
    )
    notes.add(
        WORLD_TURBINES_ROW,
        world_gas_turbine_mw_per_year(),
        "MW/year, all classes: the investor's gas MW commissioned a year is read against it",
        _data_clause("energy_parameters", "parameter", "gas_turbine_mw_per_year_world", ""),
    )


#: The assumptions row of the legacy fleet's H100e in service by year.
LEGACY_H100E_ROW = "fleet: legacy (pre-horizon) H100e in service"


def factor_text(values: np.ndarray, years: np.ndarray) -> str:
    """A factor by year as the assumptions print it: one number when it is flat,
    else ``year: value`` pairs joined by ``"; "`` (read back by
    :func:`factor_by_year`).

    Parameters
    ----------
    values : numpy.ndarray
        (T,) the factor by year.
    years : numpy.ndarray
        (T,) the years.

    Returns
    -------
    str
        The text, each value to 10 significant digits.
    """
    v = np.asarray(values, dtype=float)
    if v.size and np.all(v == v[0]):
        return f"{v[0]:.10g}"
    return "; ".join(f"{int(y)}: {x:.10g}" for y, x in zip(years, v, strict=True))


def factor_by_year(text: Any, years: Any) -> np.ndarray:
    """The values of :func:`factor_text` by ``years`` (NaN where not given or not read).

    Parameters
    ----------
    text : Any
        The text of :func:`factor_text` (a number, or ``year: value`` pairs).
    years : Any
        The years to read (a year or an array of them).

    Returns
    -------
    numpy.ndarray
        One value per year, NaN where not given.

    Examples
    --------
    >>> factor_by_year("369", [2026, 2027]).tolist()
    [369.0, 369.0]
    >>> factor_by_year("2026: 369; 2027: 300", [2026, 2027]).tolist()
    [369.0, 300.0]
    """
    ys = [int(y) for y in np.atleast_1d(years)]
    s = str(text).strip()
    try:
        return np.full(len(ys), float(s))
    except ValueError:
        pass
    got: dict[int, float] = {}
    for part in s.split(";"):
        y, _, v = part.partition(":")
        try:
            got[int(y)] = float(v)
        except ValueError:
            continue
    return np.array([got.get(y, math.nan) for y in ys], dtype=float)


def emission_factor_rows(
    notes: _Assumptions,
    years: np.ndarray,
    regions: list[str],
    fac_ids: list[str],
    onsite_gco2: np.ndarray,
) -> None:
    """Add the emission factors and the load factor the power table uses to the
    assumptions (UT-ESG #3): each region's grid intensity (``data/grid.csv``
    ``grid_gco2_per_kwh``, or the ``--data`` overlay's) and each on-site type's
    (``data/datacenter_types.csv`` ``gco2_per_kwh``), with the basis the data row
    states, and ``data/energy_parameters.csv``'s ``load_factor``; and a ``warning:``
    on standard error for an intensity above a grid all of coal
    (:func:`tigris.energy.bounds.warn_intensities`, UT-ESG #12).

    Parameters
    ----------
    notes : _Assumptions
    years : numpy.ndarray
        Planning years [year].
    regions : list of str
        The regions of :func:`power_regions` (those of ``data/grid.csv`` get a row).
    fac_ids : list of str
        Facility ids.
    onsite_gco2 : (K,) array
        On-site intensity of each facility [gCO2/kWh] (NaN: grid-powered or not a
        data-centre type).

    References
    ----------
    GHG Protocol, *Scope 2 Guidance* (2015), ch. 6 (location-based factors);
    ``docs/energy.md``, "Emissions: what is counted".
    """
    from tigris.energy.data import REGIONS, energy_parameter, grid_gco2_per_kwh

    load = energy_parameter("load_factor")
    notes.add(
        LOAD_FACTOR_ROW,
        load,
        "average draw over facility power (energy = MW x this x 8,766 h)",
        _data_clause("energy_parameters", "parameter", "load_factor", ""),
    )
    for region in regions:
        if region not in REGIONS:
            continue
        g = np.asarray(grid_gco2_per_kwh(region, years), dtype=float)
        shipped = _data_clause("grid", "region", region, "Intensity:")
        from tigris.risk.cells import set_marks

        for mark in set_marks(shipped).values():  # another column's (s45 #1); this
            # column's own is grid_source's
            shipped = shipped.replace(f"; {mark}", "").replace(mark, "")
        notes.add(
            GRID_FACTOR_ROW.format(region),
            factor_text(g, years),
            "gCO2/kWh, location-based grid average (basis: the source)",
            grid_source(region, "grid_gco2_per_kwh", shipped),
        )
    from tigris.energy.bounds import warn_intensities

    onsite = {
        fid: float(onsite_gco2[k])
        for k, fid in enumerate(fac_ids)
        if fid in DATACENTER_IDS and np.isfinite(onsite_gco2[k])
    }
    # an intensity above a grid all of coal is most likely a unit slip (UT-ESG #12)
    warn_intensities([r for r in regions if r in REGIONS], years, onsite)
    for k, fid in enumerate(fac_ids):
        if fid in DATACENTER_IDS and np.isfinite(onsite_gco2[k]):
            notes.add(
                ONSITE_FACTOR_ROW.format(fid),
                float(onsite_gco2[k]),
                "gCO2/kWh of on-site generation (scope 1; basis: the source)",
                _data_clause("datacenter_types", "facility", fid, "Emissions"),
            )


def _data_clause(table: str, key: str, name: str, start: str) -> str:
    """``data/TABLE.csv NAME (as_of D): <the source from start to the next clause>``:
    the part of a data row's source that gives one column (its first row of
    ``key == name``; the whole source when ``start`` is empty or not found)."""
    from tigris.data import load_rows

    rows = [r for r in load_rows(table) if str(r.get(key)) == name]
    if not rows:
        return f"data/{table}.csv {name}"
    src, as_of = str(rows[0].get("source", "")), rows[0].get("as_of", "")
    i = src.find(start) if start else -1
    if i >= 0:
        # the clause ends where the next of the row's clauses begins
        stops = (src.find(" PUE (", i), src.find(". PUE", i), src.find(". Heat rate", i))
        ends = [j for j in stops if j > i]
        src = src[i : min(ends)] if ends else src[i:]
    return f"data/{table}.csv {name} (as_of {as_of}): {src.strip()}"


def _hosts_no_fab(spec: Any) -> bool:
    """Whether a site may build data centres only (its ``facilities`` all of kind
    ``datacenter``); a site open to every facility hosts fabs."""
    ids = getattr(spec, "facilities", None)
    kinds = getattr(spec, "kinds", None)
    if ids is not None:
        return len(ids) > 0 and all(fid in DATACENTER_IDS for fid in ids)
    return kinds is not None and len(kinds) > 0 and all(k == "datacenter" for k in kinds)


def _shipped_site_price(site: str) -> float | None:
    """``data/sites.csv``'s ``electricity_usd_per_kwh`` of ``site`` without any
    ``--data`` overlay, or ``None`` for a site the shipped table lacks."""
    from tigris.data import load_rows, using_overlay

    with using_overlay(None):
        for row in load_rows("sites"):
            if row["site"] == site:
                return float(row["electricity_usd_per_kwh"])
    return None


def site_price_warnings(sc: Scenario, specs: list[Any]) -> list[str]:
    """One line for each of the plan's sites that may build data centres only and whose
    electricity price a ``--data`` overlay (a ``sites:`` entry whose price differs from
    ``data/sites.csv``'s) sets: that price is a fab's (the fab layer's energy opex) and
    moves nothing there. A price the scenario sets (``sites[].electricity_usd_per_kwh``)
    is a scenario warning instead, at its line
    (:func:`tigris.scenario.advice.site_overrides_unreached`).

    A data centre pays its region's grid price (``data/grid.csv``, times
    ``datacenters.electricity_price_multiplier``), the same price the pool's existing
    capacity in the region pays, so that one region has one data-centre price; a
    site's price applying to its own modules only would let a site's module and the
    capacity next to it pay two prices for the same grid. A warning, not a refusal: a
    ``--data`` site row must carry a price (:mod:`tigris.overlay`), and one overlay may
    serve scenarios in which the site hosts fabs.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    specs : list
        The plan's site specs, the scenario's sites first.

    Returns
    -------
    list of str
        The warnings, one line each, naming the overlay file and site; [] when none.
    """
    from tigris.data import active_overlay

    overlay = active_overlay()
    given = {}
    if overlay is not None:
        for row in overlay.rows.get("sites", ()):
            price = row.get("electricity_usd_per_kwh")
            shipped = _shipped_site_price(str(row["site"]))
            if price is not None and shipped is not None and float(price) != shipped:
                given[str(row["site"])] = f"--data {overlay.file}: sites {row['site']}"
    out: list[str] = []
    for i, spec in enumerate(specs):
        if i >= len(sc.sites) or not _hosts_no_fab(spec):
            continue
        # the scenario's own price is the scenario's warning, at its FILE:LINE and in
        # check --json (tigris.scenario.advice.site_overrides_unreached; user test s45 #2)
        if sc.sites[i].electricity_usd_per_kwh is not None:
            continue
        where = given.get(spec.site)
        if where is not None:
            out.append(
                f"{where}: electricity_usd_per_kwh is a fab's price and {spec.site} builds "
                "data centres only, which pay their region's grid price (data/grid.csv): "
                "it changes nothing; datacenters.electricity_price_multiplier sets theirs"
            )
    return out


#: Warnings already written in this process (each once).
_WARNED: set[str] = set()


def site_regions(sc: Scenario, specs: list[Any]) -> list[str]:
    """Region of each site: the scenario's ``sites[].region``, else
    ``data/site_regions.csv`` (:func:`tigris.energy.data.site_region`).

    Writes :func:`site_price_warnings` on standard error, one ``warning:`` line each,
    once a process (a plan assembles its inputs more than once).

    Parameters
    ----------
    sc : Scenario
        The scenario.
    specs : list
        The plan's site specs (``.site``), the scenario's sites first.

    Returns
    -------
    list of str
        Each site's region, in site order.

    Raises
    ------
    InputError
        A site whose region is neither given nor in the data, every one named.
    """
    from tigris.energy.data import site_region

    for line in site_price_warnings(sc, specs):
        if line not in _WARNED:
            _WARNED.add(line)
            sys.stderr.write(f"warning: {line}\n")

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
