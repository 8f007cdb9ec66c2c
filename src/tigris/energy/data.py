"""Energy data: data-centre capacity, the grid, energy parameters and data-centre types.

Every number is a sourced, dated row of a shipped table (``source`` and ``as_of`` on
each row; docs/energy.md, "Data"):

===============================  ======================================================
table                            what
===============================  ======================================================
``data/datacenter_capacity.csv`` ``region, year, status, mw, ai_share``: data-centre
                                 facility capacity at the end of each year (history to
                                 2025, then projected or announced to 2035) and the share
                                 of it serving AI accelerators [MW, -]
``data/grid.csv``                ``region, year, grid_headroom_mw, grid_lead_months,
                                 electricity_usd_per_mwh, grid_gco2_per_kwh, pue``
``data/energy_parameters.csv``   ``parameter, value, unit``: IT overhead, load factor,
                                 lease rate, design PUE, fleet lifetime ...
``data/datacenter_types.csv``    the ``datacenter`` (grid), ``datacenter-gas`` and
                                 ``datacenter-solar`` facility types (with the PUE of
                                 a new build and on-site emission intensity)
``data/site_regions.csv``        the region of every site of ``data/sites.csv``
===============================  ======================================================

Rules for years outside the data (the same for every series):

- capacity is an end-of-year stock: linear between data years, held flat before the
  first and after the last data year; a year's value is the **year mean**, the mean of
  the end of ``t − 1`` and the end of ``t`` (as the incumbents' capacity,
  :mod:`tigris.world.incumbents`);
- grid series (headroom, price, intensity) are values *of* the year: linear between
  data years, held flat before the first and after the last.

MW here are always **facility** MW (IT power × PUE: electrical, cooling and shell), the
unit of the planner's ``datacenter`` facility kind.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, TigrisError, unknown_name
from tigris.errors import checked_years as _years
from tigris.errors import shipped_table_error as _bad_table

if TYPE_CHECKING:  # pandas is imported only when a table is asked for
    import pandas as pd

__all__ = [
    "BASES",
    "DATACENTER_FACILITIES",
    "HISTORY_END",
    "REGIONS",
    "STATUSES",
    "VARIANTS",
    "capacity_table",
    "datacenter_capacity_mw",
    "datacenter_type",
    "electricity_usd_per_mwh",
    "energy_parameter",
    "grid_gco2_per_kwh",
    "grid_headroom_mw",
    "grid_lead_months",
    "grid_pue",
    "grid_table",
    "onsite_fuel_usd_per_mwh",
    "onsite_gco2_per_kwh",
    "site_region",
]

#: Regions of the energy tables (IEA *Energy and AI* regions, with the Gulf's AI
#: campuses as their own region).
REGIONS: tuple[str, ...] = (
    "usa",
    "china",
    "europe",
    "middle-east",
    "asia-pacific",
    "rest-of-world",
)
#: Status of a capacity row: built (``history``), in a published projection
#: (``projected``) or an announced campus beyond it (``announced``).
STATUSES: tuple[str, ...] = ("history", "projected", "announced")
#: Capacity variants: every row (``announced``), what stood at the end of history held
#: flat (``history``), or no existing capacity at all (``none``).
VARIANTS: tuple[str, ...] = ("announced", "history", "none")
#: How a year's capacity is read from the end-of-year rows.
BASES: tuple[str, ...] = ("year-mean", "end-of-year")
#: Last year of ``history`` rows.
HISTORY_END = 2025
#: Facility ids of the data-centre types, ``data/datacenter_types.csv``.
DATACENTER_FACILITIES: tuple[str, ...] = ("datacenter", "datacenter-gas", "datacenter-solar")

#: A heat rate in Btu/kWh is this many times one in MMBtu/MWh (10^6 Btu/MMBtu over
#: 10^3 kWh/MWh) [-].
BTU_PER_KWH_PER_MMBTU_PER_MWH = 1_000.0
_GRID_SERIES = ("grid_headroom_mw", "electricity_usd_per_mwh", "grid_gco2_per_kwh")
#: Columns of a grid-connected type that may be empty: the region's grid value applies.
_GRID_PRICED = ("energy_usd_per_mwh", "gco2_per_kwh", "heat_rate_btu_per_kwh")
_TYPE_NUMBERS = (
    "module_mw",
    "capex_usd_per_mw",
    "construction_months",
    "ramp_months",
    "opex_usd_per_mw_year",
    "energy_usd_per_mwh",
    "pue",
    "gco2_per_kwh",
    "heat_rate_btu_per_kwh",
)


def _number(name: str, line: int, row: dict[str, Any], col: str, *, low: float = 0.0) -> float:
    try:
        value = float(row[col])
    except (TypeError, ValueError):
        raise _bad_table(name, line, f"{col} '{row[col]}' is not a number") from None
    if not (math.isfinite(value) and value >= low):
        raise _bad_table(name, line, f"{col} {value:g} is not a finite number >= {low:g}")
    return value


def _table_region(name: str, line: int, row: dict[str, Any]) -> str:
    """A shipped table row's ``region``, refused (file:line) unless one of :data:`REGIONS`."""
    region = str(row["region"]).strip()
    if region not in REGIONS:
        raise _bad_table(name, line, f"region '{region}' not in {REGIONS}")
    return region


def _region(region: str, field: str = "region") -> str:
    key = str(region).strip().lower()
    if key not in REGIONS:
        raise unknown_name("region", str(region), REGIONS, field=field)
    return key


# --- capacity ---------------------------------------------------------------------------


@data_cache
def _capacity_rows() -> tuple[dict[str, Any], ...]:
    out = []
    for line, row in enumerate(load_rows("datacenter_capacity"), start=2):
        region = _table_region("datacenter_capacity", line, row)
        status = str(row["status"]).strip()
        if status not in STATUSES:
            raise _bad_table("datacenter_capacity", line, f"status '{status}' not in {STATUSES}")
        year = _number("datacenter_capacity", line, row, "year")
        share = _number("datacenter_capacity", line, row, "ai_share")
        if not year.is_integer() or share > 1:
            msg = f"expected a whole year and ai_share in [0, 1], got {year:g}, {share:g}"
            raise _bad_table("datacenter_capacity", line, msg)
        if (status == "history") != (year <= HISTORY_END):
            msg = f"status {status} in {int(year)} (history rows are the years to {HISTORY_END})"
            raise _bad_table("datacenter_capacity", line, msg)
        mw = _number("datacenter_capacity", line, row, "mw")
        out.append(
            {"region": region, "year": int(year), "status": status, "mw": mw, "ai_share": share}
        )
    return tuple(out)


@data_cache
def _ai_end_of_year(variant: str) -> dict[str, tuple[NDArray[np.float64], NDArray[np.float64]]]:
    """region -> (data years, AI MW at the end of each) under ``variant``."""
    sums: dict[str, dict[int, float]] = {r: {} for r in REGIONS}
    for row in _capacity_rows():
        if variant == "history" and row["status"] != "history":
            continue
        by_year = sums[row["region"]]
        by_year[row["year"]] = by_year.get(row["year"], 0.0) + row["mw"] * row["ai_share"]
    out = {}
    for region, by_year in sums.items():
        if not by_year:
            raise TigrisError(f"shipped table datacenter_capacity.csv has no rows for {region}")
        years = np.array(sorted(by_year), dtype=float)
        out[region] = (years, np.array([by_year[int(y)] for y in years]))
    return out


def _end_of_year(
    years_data: NDArray[np.float64], values: NDArray[np.float64], t: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Linear between data years, flat before the first and after the last."""
    return np.asarray(np.interp(t, years_data, values), dtype=float)


def datacenter_capacity_mw(
    years: ArrayLike, variant: str = "announced", *, basis: str = "year-mean"
) -> dict[str, NDArray[np.float64]]:
    """AI data-centre capacity by region: year mean of the end-of-year capacity × AI share.

    Parameters
    ----------
    years : array_like of int
        Calendar years [year].
    variant : {"announced", "history", "none"}, optional
        ``announced`` (default): every row (history, the IEA-based projection and the
        announced campuses beyond it); ``history``: what stood at the end of
        :data:`HISTORY_END`, held flat; ``none``: no existing capacity (zeros).
    basis : {"year-mean", "end-of-year"}, optional
        ``year-mean`` (default, the contract's): the mean of the ends of ``t − 1`` and
        ``t``; ``end-of-year``: the capacity standing at the end of ``t``, the
        like-for-like comparison with a fleet that counts a year's deliveries as in
        service for the whole year (docs/energy.md, "Data").

    Returns
    -------
    dict of str to numpy.ndarray
        Region (each of :data:`REGIONS`) -> AI capacity in each year, the shape of
        ``years`` [MW of facility power].

    Raises
    ------
    InputError
        Unknown ``variant`` (field ``datacenters.baseline``) or ``basis`` (field
        ``basis``); years not finite.

    References
    ----------
    End-of-year AI capacity ``C(t)`` = Σ over the rows of the region and year of
    ``mw × ai_share`` (``data/datacenter_capacity.csv``: to 2025 the installed
    accelerator fleet's facility power from the published shipments, Epoch AI's
    regional shares; then the 2025 pace of additions to 2027 and the IEA's tripling of
    AI data-centre demand by 2030, then ×1.27 by 2035 with the IEA total); year mean
    ``(C(t−1) + C(t)) / 2`` as :func:`tigris.world.incumbents.existing_supply`.

    Examples
    --------
    >>> cap = datacenter_capacity_mw([2025, 2030])
    >>> sorted(cap) == sorted(REGIONS)
    True
    >>> bool(cap["usa"][1] > cap["usa"][0] > cap["china"][0])
    True
    >>> float(datacenter_capacity_mw(2030, "none")["usa"])
    0.0
    >>> h = datacenter_capacity_mw([2026, 2035], "history")["usa"]
    >>> bool(h[0] == h[1])
    True
    >>> e = datacenter_capacity_mw([2024, 2025], basis="end-of-year")["usa"]
    >>> bool(cap["usa"][0] == (e[0] + e[1]) / 2)
    True
    """
    if variant not in VARIANTS:
        msg = f"unknown data-centre variant '{variant}'; expected one of: {', '.join(VARIANTS)}"
        raise InputError(msg, field="datacenters.baseline")
    if basis not in BASES:
        msg = f"unknown capacity basis '{basis}'; expected one of: {', '.join(BASES)}"
        raise InputError(msg, field="basis")
    t = _years(years)
    if variant == "none":
        return {r: np.zeros_like(t) for r in REGIONS}
    out = {}
    for region, (yd, values) in _ai_end_of_year(variant).items():
        end = _end_of_year(yd, values, t)
        out[region] = (
            end if basis == "end-of-year" else 0.5 * (_end_of_year(yd, values, t - 1) + end)
        )
    return out


def capacity_table(variant: str = "announced") -> pd.DataFrame:
    """``data/datacenter_capacity.csv`` as read, with ``ai_mw = mw × ai_share``.

    Parameters
    ----------
    variant : {"announced", "history"}, optional
        ``history`` keeps only the ``history`` rows.

    Returns
    -------
    pandas.DataFrame
        ``region, year, status, mw, ai_share, ai_share_source, source, as_of, ai_mw``
        [MW facility power at the end of the year; -].

    Raises
    ------
    InputError
        ``variant`` not ``announced`` or ``history`` (field ``variant``).

    Examples
    --------
    >>> t = capacity_table()
    >>> sorted(t["status"].unique())
    ['announced', 'history', 'projected']
    >>> bool((capacity_table("history")["year"] <= HISTORY_END).all())
    True
    """
    from tigris.data import load_table

    if variant not in ("announced", "history"):
        raise InputError(f"expected announced or history, got {variant!r}", field="variant")
    _capacity_rows()  # the checks
    table = load_table("datacenter_capacity")
    if variant == "history":
        table = table[table["status"] == "history"].reset_index(drop=True)
    table["ai_mw"] = table["mw"] * table["ai_share"]
    return table


# --- grid -------------------------------------------------------------------------------


@data_cache
def _grid() -> dict[str, dict[str, Any]]:
    """region -> {"years": array, series: array, "lead": months}."""
    raw: dict[str, list[tuple[int, dict[str, float]]]] = {r: [] for r in REGIONS}
    lead: dict[str, float] = {}
    pue: dict[str, float] = {}
    for line, row in enumerate(load_rows("grid"), start=2):
        region = _table_region("grid", line, row)
        year = _number("grid", line, row, "year")
        months = _number("grid", line, row, "grid_lead_months")
        if lead.setdefault(region, months) != months:
            raise _bad_table("grid", line, f"grid_lead_months of {region} differs between rows")
        if pue.setdefault(region, _number("grid", line, row, "pue", low=1.0)) != float(row["pue"]):
            raise _bad_table("grid", line, f"pue of {region} differs between rows")
        values = {s: _number("grid", line, row, s) for s in _GRID_SERIES}
        if any(int(year) == y for y, _ in raw[region]) or not year.is_integer():
            raise _bad_table("grid", line, f"year {year:g} of {region} repeats or is not whole")
        raw[region].append((int(year), values))
    out = {}
    for region, pts in raw.items():
        if not pts:
            raise TigrisError(f"shipped table grid.csv has no rows for {region}")
        pts.sort(key=lambda p: p[0])
        entry: dict[str, Any] = {"years": np.array([y for y, _ in pts], dtype=float)}
        for s in _GRID_SERIES:
            entry[s] = np.array([v[s] for _, v in pts])
        entry["lead"] = lead[region]
        entry["pue"] = pue[region]
        out[region] = entry
    return out


def _grid_series(series: str, region: str, years: ArrayLike) -> NDArray[np.float64]:
    g = _grid()[_region(region)]
    return np.asarray(np.interp(_years(years), g["years"], g[series]), dtype=float)


def grid_headroom_mw(region: str, years: ArrayLike) -> NDArray[np.float64]:
    """New data-centre MW the region's grid can connect, beyond the capacity table.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` (case-insensitive).
    years : array_like of int
        Calendar years [year].

    Returns
    -------
    numpy.ndarray
        Plan-built grid-connected capacity the region can have online in each year, the
        shape of ``years`` [MW facility power].

    Raises
    ------
    InputError
        Unknown region (field ``region``); years not finite.

    References
    ----------
    ``data/grid.csv``: the spread between the IEA *Energy and AI* (2025) Lift-Off and
    Base cases in 2035 (~1,720 vs ~1,200 TWh), at 0.52 average draw per MW, reached
    linearly from 2025 and shared by the regions' base-case growth; the UAE campus's
    4 GW beyond Stargate UAE. Linear between data years (``numpy.interp``).

    Examples
    --------
    >>> grid_headroom_mw("usa", [2025, 2035]).tolist()[0]
    0.0
    >>> bool(grid_headroom_mw("USA", 2035) > grid_headroom_mw("europe", 2035))
    True
    """
    return _grid_series("grid_headroom_mw", region, years)


def grid_lead_months(region: str) -> float:
    """Months from asking the grid for a large connection to being connected.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` (case-insensitive).

    Returns
    -------
    float
        Interconnection lead time [months].

    Raises
    ------
    InputError
        Unknown region (field ``region``).

    References
    ----------
    ``data/grid.csv``: Dominion Energy 2024 (4-7 years for >100 MW in Northern
    Virginia), European hubs up to 5 years (2025 press), Stargate UAE (~18 months).

    Examples
    --------
    >>> grid_lead_months("usa")
    48.0
    >>> grid_lead_months("middle-east") < grid_lead_months("europe")
    True
    """
    return float(_grid()[_region(region)]["lead"])


def grid_pue(region: str) -> float:
    """PUE of the region's AI data-centre capacity (facility over IT power).

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` (case-insensitive).

    Returns
    -------
    float
        Power usage effectiveness [-] (>= 1), one per region, held flat.

    Raises
    ------
    InputError
        Unknown region (field ``region``).

    References
    ----------
    The Green Grid, White Paper 49 (2012) (PUE = facility energy / IT energy);
    ``data/grid.csv``: the design PUE 1.2 of AI data centres (Epoch AI, 2024) scaled by
    the region's Uptime Institute survey average over the global one (2020 survey:
    global 1.59, Europe 1.46, Africa and Middle East 1.79), or 1.2 where no regional
    figure was found (docs/energy.md, "Data").

    Examples
    --------
    >>> grid_pue("europe") < grid_pue("usa") < grid_pue("middle-east")
    True
    """
    return float(_grid()[_region(region)]["pue"])


def electricity_usd_per_mwh(region: str, years: ArrayLike) -> NDArray[np.float64]:
    """Electricity price a large data centre pays in ``region``.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` (case-insensitive).
    years : array_like of int
        Calendar years [year].

    Returns
    -------
    numpy.ndarray
        [USD per MWh], the shape of ``years`` (held flat in real terms).

    Raises
    ------
    InputError
        Unknown region (field ``region``); years not finite.

    References
    ----------
    ``data/grid.csv``: EIA Electric Power Monthly table 5.6.A (US industrial 8.06 c/kWh
    in 2023), Eurostat non-household prices, the industrial tariffs of
    ``data/sites.csv``.

    Examples
    --------
    >>> electricity_usd_per_mwh("usa", [2025, 2040]).tolist()
    [80.6, 80.6]
    """
    return _grid_series("electricity_usd_per_mwh", region, years)


def grid_gco2_per_kwh(region: str, years: ArrayLike) -> NDArray[np.float64]:
    """Carbon intensity of the region's grid electricity.

    Parameters
    ----------
    region : str
        One of :data:`REGIONS` (case-insensitive).
    years : array_like of int
        Calendar years [year].

    Returns
    -------
    numpy.ndarray
        Life-cycle emissions per kWh [gCO2e/kWh], the shape of ``years`` (held flat:
        grid decarbonisation is not modelled).

    Raises
    ------
    InputError
        Unknown region (field ``region``); years not finite.

    References
    ----------
    ``data/grid.csv``: Ember Yearly Electricity Data (2023) via Our World in Data.

    Examples
    --------
    >>> grid_gco2_per_kwh("china", 2030).tolist()
    582.0
    """
    return _grid_series("grid_gco2_per_kwh", region, years)


def grid_table() -> pd.DataFrame:
    """``data/grid.csv`` as read, after the checks every lookup relies on.

    Returns
    -------
    pandas.DataFrame
        ``region, year, grid_headroom_mw, grid_lead_months, electricity_usd_per_mwh,
        grid_gco2_per_kwh, pue, source, as_of`` [MW, months, USD/MWh, gCO2e/kWh, -].

    Examples
    --------
    >>> sorted(grid_table()["region"].unique()) == sorted(REGIONS)
    True
    """
    from tigris.data import load_table

    _grid()
    return load_table("grid")


# --- sites, parameters, types ------------------------------------------------------------


@data_cache
def _site_regions() -> dict[str, str]:
    out = {}
    for line, row in enumerate(load_rows("site_regions"), start=2):
        region = _table_region("site_regions", line, row)
        out[str(row["site"]).strip().lower()] = region
    return out


def site_region(site: str) -> str:
    """The energy region of a site of ``data/sites.csv`` (aliases resolve).

    Parameters
    ----------
    site : str
        Site name or alias (``"arizona-usa"``, ``"tw"``).

    Returns
    -------
    str
        One of :data:`REGIONS`.

    Raises
    ------
    InputError
        Unknown site (field ``site``), or a site with no region (one added with
        ``--data``: give it a ``region`` in the scenario's site entry).

    Examples
    --------
    >>> site_region("arizona-usa"), site_region("tw"), site_region("uae")
    ('usa', 'asia-pacific', 'middle-east')
    """
    from tigris.fab.data import get_site

    name = get_site(site, field="site").name
    regions = _site_regions()
    if name.lower() not in regions:
        msg = (
            f"site '{name}' has no energy region in data/site_regions.csv; give it one "
            f"(region: one of {', '.join(REGIONS)}) in the scenario's site entry, or in "
            "the --data file's site entry (then every scenario and tigris fab find it)"
        )
        raise InputError(msg, field="site")
    return regions[name.lower()]


@data_cache
def _parameters() -> dict[str, float]:
    out = {}
    for line, row in enumerate(load_rows("energy_parameters"), start=2):
        name = str(row["parameter"]).strip()
        if name in out:
            raise _bad_table("energy_parameters", line, f"parameter {name} repeats")
        out[name] = _number("energy_parameters", line, row, "value")
    return out


def energy_parameter(name: str) -> float:
    """A value of ``data/energy_parameters.csv``.

    Parameters
    ----------
    name : str
        ``it_overhead``, ``load_factor``, ``lease_usd_per_kw_month`` (per kW of IT
        load), ``lease_usd_per_facility_kw_month``, ``design_pue``,
        ``datacenter_utilisation`` or ``fleet_lifetime_years``.

    Returns
    -------
    float
        The value, in the row's ``unit``.

    Raises
    ------
    InputError
        Unknown parameter (field ``parameter``), listing the known ones.

    Examples
    --------
    >>> energy_parameter("it_overhead"), energy_parameter("fleet_lifetime_years")
    (1.08, 5.0)
    """
    params = _parameters()
    if name not in params:
        raise unknown_name("energy parameter", name, params, field="parameter")
    return params[name]


@data_cache
def _types() -> dict[str, dict[str, float | str | bool]]:
    out: dict[str, dict[str, float | str | bool]] = {}
    for line, row in enumerate(load_rows("datacenter_types"), start=2):
        facility = str(row["facility"]).strip()
        if facility not in DATACENTER_FACILITIES or facility in out:
            msg = f"facility '{facility}' repeats or is not one of {DATACENTER_FACILITIES}"
            raise _bad_table("datacenter_types", line, msg)
        grid = row["grid"]
        if not isinstance(grid, bool):
            raise _bad_table("datacenter_types", line, f"grid '{grid}' is not true or false")
        entry: dict[str, float | str | bool] = {"facility": facility, "grid": grid}
        for col in _TYPE_NUMBERS:
            if col in _GRID_PRICED and grid and _missing(row[col]):
                entry[col] = math.nan  # the region's grid price or intensity
                continue
            low = 1.0 if col == "pue" else 0.0
            entry[col] = _number("datacenter_types", line, row, col, low=low)
        if not grid and float(entry["heat_rate_btu_per_kwh"]) > 0:
            entry["energy_usd_per_mwh"] = onsite_fuel_usd_per_mwh(
                facility,
                float(entry["energy_usd_per_mwh"]),
                float(entry["heat_rate_btu_per_kwh"]),
            )
            entry["gco2_per_kwh"] = onsite_gco2_per_kwh(
                facility,
                float(entry["gco2_per_kwh"]),
                float(entry["heat_rate_btu_per_kwh"]),
            )
        if not entry["module_mw"]:
            raise _bad_table("datacenter_types", line, "module_mw must be > 0")
        entry["source"] = str(row["source"])
        out[facility] = entry
    missing = set(DATACENTER_FACILITIES) - set(out)
    if missing:
        raise TigrisError(f"shipped table datacenter_types.csv lacks {sorted(missing)}")
    return out


def onsite_fuel_usd_per_mwh(facility: str, cell: float, heat_rate_btu_per_kwh: float) -> float:
    """Energy cost of on-site generation that burns gas [USD/MWh]:
    ``P · H + (e₀ − P₀ · H₀)``, the fuel at the gas price ``P``
    (``data/energy_parameters.csv`` ``gas_price_usd_per_mmbtu``) [USD/MMBtu] and the
    type's heat rate ``H`` [MMBtu/MWh], plus the rest of the table's price ``e₀``
    (``energy_usd_per_mwh`` of ``data/datacenter_types.csv``) over the fuel at the shipped
    price and heat rate ``P₀ · H₀``: the plant's other variable cost. With the shipped
    tables it is ``e₀`` (US$45 = 4.20 x 9.447 + 5.32); a ``--data`` overlay of the gas
    price moves the fuel at the plan's own heat rate (UT-UTILITY #7, session 37), one
    of the cell moves the total one for one.

    Parameters
    ----------
    facility : str
        The data-centre type (its shipped row gives ``e₀`` and ``H₀``).
    cell : float
        Its ``energy_usd_per_mwh`` as the tables in force give it [USD/MWh].
    heat_rate_btu_per_kwh : float
        Its heat rate as the tables in force give it [Btu/kWh].

    Returns
    -------
    float
        The energy cost [USD/MWh]; ``cell`` itself when no ``--data`` overlay is in force.

    References
    ----------
    EIA, "How much coal, natural gas, or petroleum is used to generate a kilowatthour
    of electricity?" (FAQ 667): fuel per kWh = the heat rate; so fuel cost per kWh =
    heat rate x fuel price.
    """
    from tigris.data import active_overlay, using_overlay

    if active_overlay() is None:
        return cell  # the shipped tables: the table's price
    with using_overlay(None):
        base = _types()[facility]
        p0 = energy_parameter("gas_price_usd_per_mmbtu")
    h0 = float(base["heat_rate_btu_per_kwh"]) / BTU_PER_KWH_PER_MMBTU_PER_MWH
    h = heat_rate_btu_per_kwh / BTU_PER_KWH_PER_MMBTU_PER_MWH
    return energy_parameter("gas_price_usd_per_mmbtu") * h + (cell - p0 * h0)


def onsite_gco2_per_kwh(facility: str, cell: float, heat_rate_btu_per_kwh: float) -> float:
    """Stack CO2 of on-site generation that burns gas [gCO2/kWh]: ``g · H / H₀``, the
    table's ``gco2_per_kwh`` ``g`` (``data/datacenter_types.csv``, derived at the shipped
    heat rate ``H₀``) scaled by the heat rate in force ``H`` over it. Combustion CO2 per
    kWh is the heat rate times the fuel's CO2 per unit of heat (the row's derivation,
    9,447 Btu/kWh x 53.06 kg/MMBtu = 501 g/kWh), so a ``--data`` or ``--set`` heat rate
    moves the emissions with the gas burned, as :func:`onsite_fuel_usd_per_mwh` moves
    the fuel cost (user test 2026-12-07: a heat rate of 6,500 burned 31 % less gas at the
    same Mt CO2). A ``gco2_per_kwh`` cell is read at the shipped heat rate, as an
    ``energy_usd_per_mwh`` cell is.

    Parameters
    ----------
    facility : str
        The data-centre type (its shipped row gives ``H₀``).
    cell : float
        Its ``gco2_per_kwh`` as the tables in force give it [gCO2/kWh].
    heat_rate_btu_per_kwh : float
        Its heat rate as the tables in force give it [Btu/kWh].

    Returns
    -------
    float
        The emissions per kWh [gCO2/kWh]; ``cell`` itself when no overlay is in force or
        the heat rate is the shipped one.

    References
    ----------
    EIA, "How much carbon dioxide is produced per kilowatthour of U.S. electricity
    generation?" (FAQ 74): CO2 per kWh = heat rate x the fuel's CO2 emission factor;
    EPA GHG Emission Factors Hub, Table 1 (natural gas 53.06 kg CO2/MMBtu).

    Examples
    --------
    >>> onsite_gco2_per_kwh("datacenter-gas", 501.0, 9447.0)  # shipped tables: the cell
    501.0
    """
    from tigris.data import active_overlay, using_overlay

    if active_overlay() is None:
        return cell
    with using_overlay(None):
        h0 = float(_types()[facility]["heat_rate_btu_per_kwh"])
    return cell * heat_rate_btu_per_kwh / h0 if h0 > 0 else cell


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or value == ""


def datacenter_type(facility: str) -> dict[str, float | str | bool]:
    """One data-centre facility type of ``data/datacenter_types.csv``.

    Parameters
    ----------
    facility : str
        ``datacenter`` (grid-connected), ``datacenter-gas`` (on-site gas turbines) or
        ``datacenter-solar`` (on-site solar with storage).

    Returns
    -------
    dict
        ``facility``; ``module_mw`` [MW facility power]; ``capex_usd_per_mw`` [USD per
        MW facility power, excl. IT]; ``construction_months`` and ``ramp_months``
        [months; grid lead time excluded]; ``opex_usd_per_mw_year`` [USD per MW-year,
        excl. energy]; ``energy_usd_per_mwh`` [USD/MWh; NaN for ``grid`` types, which
        pay the region's price, :func:`electricity_usd_per_mwh`]; ``grid`` (bool: the
        module waits for and draws on its region's grid headroom); ``pue`` [-] of a
        new build; ``gco2_per_kwh`` [gCO2/kWh] of its on-site generation (NaN for
        ``grid`` types: the region's grid intensity, :func:`grid_gco2_per_kwh`);
        ``heat_rate_btu_per_kwh`` [Btu/kWh, HHV] of its on-site generation (0: no
        fuel; NaN for ``grid`` types); ``source``.

    Raises
    ------
    InputError
        Unknown facility (field ``facility``).

    Examples
    --------
    >>> dc = datacenter_type("datacenter")
    >>> dc["module_mw"], dc["grid"], math.isnan(dc["energy_usd_per_mwh"])
    (100.0, True, True)
    >>> datacenter_type("datacenter-gas")["grid"]
    False
    """
    types = _types()
    key = str(facility).strip().lower()
    if key not in types:
        raise unknown_name("data-centre facility", facility, types, field="facility")
    return dict(types[key])
