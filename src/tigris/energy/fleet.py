"""The installed accelerator fleet, its power, energy, emissions and the plan's power table.

Accelerators delivered in year τ stay in service, and draw power, in years τ … τ + L − 1
(``L = fleet_lifetime_years``); the fleet in service is a box convolution of deliveries
(the perpetual-inventory method with a one-hoss-shay retirement). The **legacy fleet**
is the part delivered before the plan's first year (published shipments) still in
service. Power per accelerator in service, all in::

    IT [W]        = system_power_w × it_overhead
    facility [W]  = IT × PUE

with ``system_power_w`` the accelerator's share of its server (catalog) and
``it_overhead`` the networking, storage and host share on top of it
(``data/energy_parameters.csv``). Energy per year is the average draw times the hours of
a year, ``IT × load_factor × PUE × 8,766 h``; emissions are energy × the grid's
location-based carbon intensity. :func:`power_table` turns a solved plan into the
``power`` table by region and year (``docs/energy.md``, "Fleet and energy").

References
----------
Sevilla, J. et al., "Can AI scaling continue through 2030?", Epoch AI (2024), section
"Power constraints" and its footnote 8 (all-in power per accelerator: server share plus
networking and storage, times the data centre's PUE); IEA, *Energy and AI* (2025),
ch. 2 (data-centre electricity = IT load × utilisation × PUE × hours); GHG Protocol,
*Scope 2 Guidance* (2015), ch. 6 (location-based method: energy × grid-average emission
factor); OECD, *Measuring Capital* (2009), ch. 6 (perpetual inventory of a stock with
a fixed service life).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.data import data_cache
from tigris.errors import InputError
from tigris.units import HOURS_PER_YEAR, KWH_PER_MWH, W_PER_MW

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "POWER_COLUMNS",
    "TABLE",
    "UNASSIGNED",
    "WORLD",
    "accelerator_class",
    "class_life",
    "class_lifetime_map",
    "class_lifetimes",
    "emissions_t_co2",
    "energy_twh",
    "fleet_by_year",
    "fleet_mw_per_unit",
    "is_one_life",
    "legacy_fleet",
    "power_table",
    "product_lifetimes",
]

#: Megawatt-hours in a terawatt-hour [MWh/TWh].
MWH_PER_TWH = 1e6
#: Grams in a tonne [g/t].
G_PER_T = 1e6
#: Region name of the totals rows of :func:`power_table`.
WORLD = "world"
#: Region of a site whose region is not known (no ``site_region`` and none in the data).
UNASSIGNED = "unassigned"
#: Columns of :func:`power_table`, in order.
POWER_COLUMNS = (
    "year",
    "region",
    "fleet_it_mw",
    "facility_mw_needed",
    "datacenter_mw_online",
    "energy_twh",
    "fab_power_mw",
    "fab_energy_twh",
    "emissions_t_co2",
    "electricity_cost_usd",
    "onsite_energy_twh",
    "existing_mw_online",
    "grid_built_mw_online",
    "onsite_built_mw_online",
    "grid_headroom_mw",
    "grid_connected_mw",
    "grid_headroom_left_mw",
    # the energy on the year-mean MW (UT-GRID #2), last: a run saved before it lacks it
    "energy_twh_year_mean",
    # the fuel the plan's on-site gas modules burn (GAS, S36), last: a run saved before
    # them lacks them
    "onsite_gas_mmbtu",
    "onsite_gas_bcf_per_day",
)
#: The facility kind whose capacity powers the fleet (``plan.inputs.FACILITY_KINDS``).
_DATACENTER = "datacenter"


def _lifetime(lifetime_years: Any) -> int:
    """``lifetime_years`` as an int >= 1, else an :class:`InputError`."""
    ok = isinstance(lifetime_years, (int, np.integer)) and not isinstance(lifetime_years, bool)
    if not ok or int(lifetime_years) < 1:
        msg = f"fleet lifetime is {lifetime_years!r}, expected an integer >= 1 [years]"
        raise InputError(msg, field="fleet_lifetime_years")
    return int(lifetime_years)


def _lifetimes(lifetime_years: Any, shape: tuple[int, ...]) -> np.ndarray:
    """``lifetime_years`` (an int, or ints broadcastable to ``shape``) as an int array
    of ``shape``, every value >= 1, else an :class:`InputError`."""
    if np.ndim(lifetime_years) == 0:
        one = lifetime_years.item() if isinstance(lifetime_years, np.ndarray) else lifetime_years
        return np.full(shape, _lifetime(one), dtype=int)
    life = np.asarray(lifetime_years)
    if life.dtype.kind not in "iu" or not bool((life >= 1).all()):
        msg = f"fleet lifetimes are {life.tolist()!r}, expected integers >= 1 [years]"
        raise InputError(msg, field="fleet_lifetime_years")
    try:
        return np.broadcast_to(life, shape).astype(int)
    except ValueError:
        msg = f"fleet lifetimes have shape {life.shape}, expected {shape} [years]"
        raise InputError(msg, field="fleet_lifetime_years") from None


def fleet_by_year(delivered: np.ndarray, lifetime_years: Any) -> np.ndarray:
    """Units in service each year from deliveries: ``Σ_{l<L} delivered[..., t − l]``.

    A unit delivered in year τ serves in years τ … τ + L − 1 and retires after; units
    delivered before the first year are not included (see :func:`legacy_fleet`). ``L``
    may differ by row (e.g. by product): ``Σ_{l<L[i]} delivered[i, t − l]``.

    Parameters
    ----------
    delivered : (..., T) array
        Units (or H100e, or MW) delivered per year, over the last axis [units/year].
    lifetime_years : int or array of int
        Years a unit stays in service, ``L >= 1``; an array broadcasts over the leading
        axes of ``delivered`` (one life per row) [year].

    Returns
    -------
    numpy.ndarray
        (..., T) units in service in each year [units].

    References
    ----------
    OECD, *Measuring Capital* (2009), ch. 6: the perpetual-inventory stock with a fixed
    service life and simultaneous exit, a convolution of deliveries with a box of
    length ``L``.

    Examples
    --------
    >>> fleet_by_year(np.array([1.0, 2.0, 4.0, 0.0]), 2).tolist()
    [1.0, 3.0, 6.0, 4.0]
    >>> fleet_by_year(np.array([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]), [1, 3]).tolist()
    [[1.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    delivered = np.asarray(delivered, dtype=float)
    life = _lifetimes(lifetime_years, delivered.shape[:-1])
    n_t = delivered.shape[-1]
    out = np.zeros_like(delivered)
    for lag in range(min(int(life.max(initial=1)), n_t)):
        serving = (life > lag)[..., None]
        out[..., lag:] += np.where(serving, delivered[..., : n_t - lag], 0.0)
    return out


def fleet_mw_per_unit(system_power_w: Any, it_overhead: float, pue: float) -> np.ndarray:
    """Facility power one accelerator in service needs, all in.

    ``system_power_w × it_overhead × pue / 10^6``.

    Parameters
    ----------
    system_power_w : float or (P,) array
        The accelerator's share of its server's power, before PUE [W].
    it_overhead : float
        IT power of the whole system (networking, storage, host share) per watt of
        server share, ``>= 1`` [-].
    pue : float
        Power usage effectiveness: facility power per watt of IT power, ``>= 1`` [-].

    Returns
    -------
    numpy.ndarray
        Facility power per accelerator [MW/accelerator].

    References
    ----------
    Sevilla, J. et al., "Can AI scaling continue through 2030?", Epoch AI (2024),
    footnote 8 (all-in power = accelerator's server share plus networking, times PUE);
    The Green Grid, *PUE: a comprehensive examination of the metric*, White Paper 49
    (2012) (PUE = facility power / IT power).

    Examples
    --------
    One H100 at 1,275 W server share, 1.1x for networking and storage, PUE 1.2:

    >>> round(float(fleet_mw_per_unit(1275.0, 1.1, 1.2)) * 1e6, 6)
    1683.0
    """
    for name, value in (("it_overhead", it_overhead), ("pue", pue)):
        if not np.isfinite(value) or value < 1.0:
            msg = f"{name} is {value!r}, expected a number >= 1 [-]"
            raise InputError(msg, field=name)
    watts = np.asarray(system_power_w, dtype=float)
    return watts * float(it_overhead) * float(pue) / W_PER_MW


def energy_twh(it_mw: Any, load_factor: float, pue: float) -> np.ndarray:
    """Electricity a fleet draws in a year: ``IT × load_factor × PUE × 8,766 h``.

    Parameters
    ----------
    it_mw : float or array
        Rated IT power of the fleet in service [MW].
    load_factor : float
        Average draw over rated IT power, in ``[0, 1]`` [-].
    pue : float
        Power usage effectiveness, ``>= 1`` [-].

    Returns
    -------
    numpy.ndarray
        Energy per year [TWh/year].

    References
    ----------
    IEA, *Energy and AI* (2025), ch. 2, "Data centre electricity consumption" (installed
    IT capacity × utilisation × PUE × hours of the year); hours of a mean Julian year,
    :data:`tigris.units.HOURS_PER_YEAR`.

    Examples
    --------
    1 GW of IT at 70 % average load and PUE 1.2:

    >>> round(float(energy_twh(1000.0, 0.7, 1.2)), 4)
    7.3634
    """
    if not np.isfinite(load_factor) or not 0.0 <= load_factor <= 1.0:
        msg = f"load_factor is {load_factor!r}, expected a number in [0, 1] [-]"
        raise InputError(msg, field="load_factor")
    return np.asarray(it_mw, dtype=float) * load_factor * pue * HOURS_PER_YEAR / MWH_PER_TWH


def emissions_t_co2(energy_twh: Any, gco2_per_kwh: Any) -> np.ndarray:
    """Location-based emissions of the electricity used: energy × grid intensity.

    ``t = TWh × 10^9 kWh/TWh × gCO2/kWh / 10^6 g/t``.

    Parameters
    ----------
    energy_twh : float or array
        Electricity used [TWh].
    gco2_per_kwh : float or array
        Average carbon intensity of the grid supplying it [gCO2/kWh].

    Returns
    -------
    numpy.ndarray
        Emissions [t CO2].

    References
    ----------
    GHG Protocol, *Scope 2 Guidance* (2015), ch. 6, location-based method (activity
    data × grid-average emission factor).

    Examples
    --------
    >>> float(emissions_t_co2(1.0, 400.0))  # 1 TWh at 400 g/kWh: 0.4 Mt
    400000.0
    """
    kwh = np.asarray(energy_twh, dtype=float) * MWH_PER_TWH * KWH_PER_MWH
    return kwh * np.asarray(gco2_per_kwh, dtype=float) / G_PER_T


def _shipment_power_w(df: pd.DataFrame) -> np.ndarray:
    """System power per package of each shipment row [W].

    A row's catalog accelerator gives it (a row with a stand-in accelerator, e.g. the
    H20 counted as 0.15 H100, draws the stand-in's power per package). Where the catalog
    has no system power (TPU v5p), the row takes the W per H100e of that year's rows
    that have one, times its own H100e per package.
    """
    from tigris.catalog import get_accelerator

    watts = np.array(
        [get_accelerator(str(a)).system_power_w or np.nan for a in df["accelerator"]],
        dtype=float,
    )
    known = np.isfinite(watts)
    h100e = df["h100e"].to_numpy(dtype=float)
    units = df["units"].to_numpy(dtype=float)
    years = df["year"].to_numpy(dtype=int)
    for year in np.unique(years[~known]):
        same = (years == year) & known
        w_per_h100e = float((watts[same] * units[same]).sum() / h100e[same].sum())
        fill = (years == year) & ~known
        watts[fill] = w_per_h100e * df["h100e_per_unit"].to_numpy(dtype=float)[fill]
    return watts


#: Row of ``data/fleet_lifetimes.csv`` for a vendor without its own row.
OTHER_VENDOR = "other"


def class_lifetimes() -> dict[str, int]:
    """Service life of each accelerator class (vendor) from ``data/fleet_lifetimes.csv``,
    with the row ``other`` for vendors without their own [year].

    Returns
    -------
    dict of str to int
        Class (vendor, as the table spells it) -> service life [years].

    References
    ----------
    ``data/fleet_lifetimes.csv`` (company 10-K server useful lives; each row's source).

    Examples
    --------
    >>> class_lifetimes()["other"] >= 1
    True
    """
    return dict(_class_lifetimes())


@data_cache
def _class_lifetimes() -> dict[str, int]:
    """:func:`class_lifetimes` read once per data overlay (a plan asks dozens of times)."""
    from tigris.data import load_table

    table = load_table("fleet_lifetimes")
    return {str(v): int(n) for v, n in zip(table["vendor"], table["lifetime_years"], strict=True)}


def vendor_lifetime(vendor: str, lifetimes: Mapping[str, int]) -> int:
    """``lifetimes[vendor]`` (case-insensitive), else ``lifetimes["other"]`` [year].

    Parameters
    ----------
    vendor : str
        The accelerator class (vendor).
    lifetimes : mapping of str to int
        Class -> service life [years], with an ``other`` row (:func:`class_lifetimes`).

    Returns
    -------
    int
        The service life, at least 1 [years].

    Raises
    ------
    InputError
        No row for ``vendor`` nor ``other``, or a life below 1 (field
        ``fleet_lifetime_years``). Every life is passed through ``int()`` first, so a
        fractional one is truncated (4.5 reads as 4), not refused.
    ValueError
        A life ``int()`` cannot read (a text that is not a number).
    """
    by_name = {str(k).lower(): int(v) for k, v in lifetimes.items()}
    life = by_name.get(str(vendor).lower(), by_name.get(OTHER_VENDOR))
    if life is None:
        msg = f"no fleet lifetime for vendor {vendor!r} and no {OTHER_VENDOR!r} row"
        raise InputError(msg, field="fleet_lifetime_years")
    return _lifetime(life)


#: ``fleet_lifetime_years: table``: each class's row of ``data/fleet_lifetimes.csv``
#: (the same word as :data:`tigris.scenario.schema.LIFETIME_TABLE`).
TABLE = "table"


def _spec(spec: Any) -> tuple[int | None, dict[str, int], dict[str, int]]:
    """A lifetime spec as (default life or None for the table, lives by class with
    lower-case keys, lives by product).

    ``spec`` is an int (one life for all), ``"table"``, or a mapping (or a scenario's
    ``FleetLifetimes``, anything with ``model_dump``) with keys ``default`` (an int or
    ``"table"``, default ``"table"``), ``by_class`` and ``by_product``.
    """
    if hasattr(spec, "model_dump"):
        spec = spec.model_dump()
    if isinstance(spec, str) or not isinstance(spec, Mapping):
        spec = {"default": spec}
    default = spec.get("default", TABLE)
    if isinstance(default, str) and default != TABLE:
        msg = f"fleet lifetime is {default!r}, expected an integer >= 1 [years] or {TABLE!r}"
        raise InputError(msg, field="fleet_lifetime_years")
    life = None if isinstance(default, str) else _lifetime(default)
    by_class = {str(k).lower(): _lifetime(v) for k, v in (spec.get("by_class") or {}).items()}
    by_product = {str(k): _lifetime(v) for k, v in (spec.get("by_product") or {}).items()}
    return life, by_class, by_product


def is_one_life(spec: Any) -> bool:
    """Whether ``spec`` is one life for every accelerator (a plain int).

    Parameters
    ----------
    spec : Any
        A ``fleet_lifetime_years`` spec: an int or a mapping.

    Returns
    -------
    bool
        True for an int (numpy ints too), False for a bool or anything else.
    """
    return isinstance(spec, (int, np.integer)) and not isinstance(spec, bool)


def class_life(spec: Any, vendor: str) -> int:
    """Service life of an accelerator of class ``vendor`` under a lifetime spec [year].

    ``by_class[vendor]``; for a vendor without a row in ``data/fleet_lifetimes.csv``
    (class ``other``) and no key of its own, ``by_class["other"]``; else ``default``;
    else (``default: table``) the class's row of :func:`class_lifetimes`
    (:func:`vendor_lifetime`). Class names are case-insensitive.

    Parameters
    ----------
    spec : int, "table" or mapping
        ``fleet_lifetime_years`` (see :func:`product_lifetimes`).
    vendor : str
        The accelerator's vendor (catalog ``vendor``), or ``other``.

    Returns
    -------
    int
        Years in service [year].

    References
    ----------
    ``data/fleet_lifetimes.csv`` (company 10-K server useful lives; each row's source).

    Examples
    --------
    >>> class_life("table", "Google"), class_life({"by_class": {"google": 4}}, "Google")
    (6, 4)
    >>> class_life({"default": 3, "by_class": {"other": 7}}, "Huawei")
    7
    """
    default, by_class, _ = _spec(spec)
    key = str(vendor).lower()
    if key in by_class:
        return by_class[key]
    table = class_lifetimes()
    if key not in {k.lower() for k in table} and OTHER_VENDOR in by_class:
        return by_class[OTHER_VENDOR]
    if default is not None:
        return default
    return vendor_lifetime(vendor, table)


def class_lifetime_map(spec: Any) -> int | dict[str, int]:
    """Lives by vendor for :func:`legacy_fleet`: the int of a one-life spec, else a
    mapping vendor -> :func:`class_life` for every class of the table and of
    ``by_class``, with ``other`` for the rest [year].

    ``by_product`` does not apply: shipments before the horizon are not the scenario's
    products.

    Parameters
    ----------
    spec : Any
        A ``fleet_lifetime_years`` spec: an int, or a mapping with ``default``,
        ``by_class`` and ``by_product``.

    Returns
    -------
    int or dict of str to int
        One life, or lower-case vendor -> life [years].

    Examples
    --------
    >>> class_lifetime_map(5)
    5
    >>> m = class_lifetime_map({"default": 4, "by_class": {"google": 6}})
    >>> m["google"], m["nvidia"], m["other"]
    (6, 4, 4)
    """
    if is_one_life(spec):
        return _lifetime(spec)
    _, by_class, _ = _spec(spec)
    vendors = {k.lower() for k in class_lifetimes()} | set(by_class) | {OTHER_VENDOR}
    return {v: class_life(spec, v) for v in sorted(vendors)}


def accelerator_class(accelerator: str | None) -> str:
    """The class (catalog vendor) of an accelerator, ``other`` when it has none or the
    catalog does not know it (a product given by its numbers).

    Parameters
    ----------
    accelerator : str or None
        A catalog accelerator's name; None or empty: none.

    Returns
    -------
    str
        The catalog vendor, or ``other``.
    """
    if not accelerator:
        return OTHER_VENDOR
    from tigris.catalog import get_accelerator

    try:
        vendor = str(get_accelerator(str(accelerator)).vendor or "")
    except InputError:
        return OTHER_VENDOR
    return vendor or OTHER_VENDOR


def product_lifetimes(spec: Any, products: Any, vendors: Any) -> int | np.ndarray:
    """Each product's service life under ``fleet_lifetime_years`` [year].

    A plain int is returned as it is (one life for all, as before per-product lives);
    otherwise product ``p``'s life is ``by_product[name]``, else :func:`class_life` of
    its vendor.

    Parameters
    ----------
    spec : int, "table" or mapping
        One life [year]; ``"table"`` (each class's row of ``data/fleet_lifetimes.csv``);
        or ``{default, by_class, by_product}`` (``default`` an int or ``"table"``).
    products : sequence of str
        Product names.
    vendors : sequence of str
        Each product's class (catalog vendor; ``other`` for none), as
        :func:`accelerator_class`.

    Returns
    -------
    int or (P,) numpy.ndarray of int
        ``PlanInputs.fleet_lifetime_years`` [year].

    References
    ----------
    ``data/fleet_lifetimes.csv``; contract of issue 12's leftovers, "Fleet lifetimes".

    Examples
    --------
    >>> product_lifetimes(5, ["a", "b"], ["NVIDIA", "Google"])
    5
    >>> product_lifetimes("table", ["a", "b"], ["NVIDIA", "Google"]).tolist()
    [5, 6]
    >>> spec = {"default": 3, "by_class": {"google": 7}, "by_product": {"a": 1}}
    >>> product_lifetimes(spec, ["a", "b", "c"], ["NVIDIA", "Google", "AMD"]).tolist()
    [1, 7, 3]
    """
    if is_one_life(spec):
        return _lifetime(spec)
    _, _, by_product = _spec(spec)
    names = [str(p) for p in products]
    vendors = [str(v) for v in vendors]
    if len(names) != len(vendors):
        msg = f"{len(names)} products but {len(vendors)} vendors"
        raise InputError(msg, field="fleet_lifetime_years")
    lives = [by_product.get(n) or class_life(spec, v) for n, v in zip(names, vendors, strict=True)]
    return np.array(lives, dtype=int)


def legacy_fleet(
    first_year: int,
    years: Any,
    lifetime_years: int | Mapping[str, int],
    *,
    it_overhead: float | None = None,
) -> pd.DataFrame:
    """The fleet delivered before ``first_year`` still in service in each year.

    A shipment of year τ < ``first_year`` is in service in year y when
    ``0 <= y − τ < L``, ``L`` one life for all or its vendor's (class's) life. Its
    IT power is ``units × system_power_w × it_overhead``
    (:func:`_shipment_power_w` for rows without a catalog power). Shipments before the
    first published year (2022) are not known and not counted, so with ``L`` beyond the
    history the legacy fleet is a lower bound.

    Parameters
    ----------
    first_year : int
        First planning year; shipments of earlier years are the legacy [year].
    years : int or array of int
        Years to report [year].
    lifetime_years : int or mapping of str to int
        Service life ``L`` [year]: one for every shipment, or by vendor (e.g.
        :func:`class_lifetimes`; vendors without a key take the ``other`` key's).
    it_overhead : float, optional
        Networking, storage and host power per watt of server share [-]; default the
        sourced ``it_overhead`` of ``data/energy_parameters.csv``.

    Returns
    -------
    pandas.DataFrame
        ``year, units, h100e, it_mw``: packages [units], compute [H100e] and IT power
        (before PUE) [MW] of the legacy fleet in service.

    References
    ----------
    ``world.demand.shipments_h100e`` (in-sample published shipments, Epoch AI AI Chip
    Sales et al.); Sevilla et al., Epoch AI (2024), footnote 8 (all-in power);
    OECD, *Measuring Capital* (2009), ch. 6 (fixed service life).

    Examples
    --------
    >>> df = legacy_fleet(2026, [2026, 2031], 5, it_overhead=1.0)
    >>> bool(df["it_mw"].iloc[0] > 1000), float(df["it_mw"].iloc[1])
    (True, 0.0)
    """
    from tigris.world.demand import shipments_h100e

    years = np.atleast_1d(np.asarray(years, dtype=int))
    if it_overhead is None:
        from tigris.energy.data import energy_parameter

        it_overhead = float(energy_parameter("it_overhead"))
    ships = shipments_h100e(role="in-sample")
    ships = ships[ships["year"].astype(int) < int(first_year)].reset_index(drop=True)
    if ships.empty:
        zeros = np.zeros(len(years))
        return pd.DataFrame({"year": years, "units": zeros, "h100e": zeros, "it_mw": zeros})
    mw = ships["units"].to_numpy(dtype=float) * _shipment_power_w(ships) * it_overhead / W_PER_MW
    shipped = ships["year"].to_numpy(dtype=int)
    if isinstance(lifetime_years, Mapping):
        life = np.array([vendor_lifetime(v, lifetime_years) for v in ships["vendor"]], dtype=int)
    else:
        life = np.full(len(ships), _lifetime(lifetime_years), dtype=int)
    age = years[:, None] - shipped[None, :]  # (Y, rows)
    serving = (age >= 0) & (age < life[None, :])
    return pd.DataFrame(
        {
            "year": years,
            "units": serving @ ships["units"].to_numpy(dtype=float),
            "h100e": serving @ ships["h100e"].to_numpy(dtype=float),
            "it_mw": serving @ mw,
        }
    )


# --- the plan's power table ---------------------------------------------------------


def power_table(
    inp: Any,
    sol: Mapping[str, np.ndarray],
    *,
    existing_weights: Mapping[str, Any] | None = None,
    load_factor: float | None = None,
    gco2_per_kwh: Mapping[str, Any] | None = None,
    usd_per_mwh: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """The ``power`` table of a solved plan: :func:`tigris.energy.regional.power_table`
    (kept here, where the fleet is, for its callers; the table has its own module).

    Parameters
    ----------
    inp : PlanInputs
        The planning problem.
    sol : mapping
        ``build`` (S, K, T) modules started [modules] and ``prod`` (P, T) accelerators
        made per year [accelerators/year].
    existing_weights : mapping of str to (T,) array, optional
        Weights splitting existing data-centre capacity over regions; only their shares
        matter [any unit].
    load_factor : float, optional
        Average draw over rated IT power [-].
    gco2_per_kwh, usd_per_mwh : mapping of str to float or (T,) array, optional
        Grid intensity [gCO2/kWh] and electricity price [USD/MWh] by region.

    Returns
    -------
    pandas.DataFrame
        One row per year and region plus ``world`` rows: power [MW], energy [TWh/year],
        emissions [t CO2/year] and electricity cost [USD/year]
        (:data:`tigris.energy.regional.POWER_COLUMNS`).

    References
    ----------
    As :func:`tigris.energy.regional.power_table`; ``docs/energy.md``, "Fleet and
    energy".
    """
    from tigris.energy.regional import power_table as table

    return table(
        inp,
        sol,
        existing_weights=existing_weights,
        load_factor=load_factor,
        gco2_per_kwh=gco2_per_kwh,
        usd_per_mwh=usd_per_mwh,
    )
