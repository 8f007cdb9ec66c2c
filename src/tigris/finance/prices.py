"""Prices as data: wafers by node, CoWoS, HBM per GB, accelerators, H100 rental.

Every price is a sourced, dated point of ``tigris/data/prices.csv`` (columns ``series,
item, year, value, unit, source, as_of``); how a series moves outside its data years is
``tigris/data/price_rules.csv``:

- before an item's first data year the price is held flat at its first value;
- between two data years it is interpolated linearly;
- after its last data year it follows the item's rule (or the series default, item
  ``*``): ``learning`` at rate ``a`` per year gives ``p(t) = p_last × (1 − a)^(t − t_last)``.

The functions here return the table's figures, read as real USD of 2024
(``data_prices_price_year`` of ``fab_parameters.csv``: the quotes are not deflated one by
one, docs/finance.md, "Prices"); a plan converts them to its ``currency_year`` by the
CPI-U (:func:`tigris.fab.dollars.data_dollars_factor`, in
:mod:`tigris.plan.assemble_money`; docs/finance.md, "Money of which year").

The same module reads the statutory corporate income tax rate of each site
(``tigris/data/tax_rates.csv``) and the finance parameters
(``tigris/data/finance_parameters.csv``: equipment share of capex and variable share of
opex of CoWoS and HBM lines, the share of hours an H100e earns rent).

Series and units:

======================  ==========================================  ========================
series                  item                                        unit
======================  ==========================================  ========================
``wafer``               node (or its family: N4 is priced as N5)     USD per finished wafer
``cowos``               ``cowos`` (the pool), ``CoWoS-S``, ``-L``    USD per interposer wafer
``hbm``                 generation as in ``data/hbm.csv``            USD per GB
``accelerator``         catalog name (aliases resolve)               USD per accelerator
``rental``              ``H100``                                     USD per accelerator-hour
======================  ==========================================  ========================
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, TigrisError, unknown_name
from tigris.errors import checked_years as _years
from tigris.errors import shipped_table_error as _bad_table
from tigris.units import HOURS_PER_YEAR

if TYPE_CHECKING:  # pandas is imported only when the table is asked for
    import pandas as pd

__all__ = [
    "RULES",
    "SERIES",
    "accelerator_asp_usd",
    "corporate_tax_rate",
    "cowos_price_usd_per_wafer",
    "finance_parameter",
    "h100e_value_usd",
    "hbm_price_usd_per_gb",
    "price_table",
    "price_usd",
    "real_rate",
    "rental_usd_per_hour",
    "wafer_price_usd",
]

#: Price series of ``data/prices.csv`` and the unit of each.
SERIES: dict[str, str] = {
    "wafer": "USD per wafer",
    "cowos": "USD per interposer wafer",
    "hbm": "USD per GB",
    "accelerator": "USD per accelerator",
    "rental": "USD per accelerator-hour",
}
#: Rules ``data/price_rules.csv`` may give for the years after an item's last data year.
RULES = ("learning",)
#: Item of ``data/price_rules.csv`` that is the series default.
DEFAULT_ITEM = "*"
#: Item of the ``cowos`` series that is the whole pool's price (the planner's one
#: CoWoS facility type).
COWOS_POOL = "cowos"
#: Item of the ``rental`` series.
RENTAL_ITEM = "H100"
#: Kind of a finance parameter that applies to every facility type.
ALL_KINDS = "all"
#: Largest statutory tax rate a shipped row may hold [-] (none is near it: a guard
#: against a percentage typed as a number).
_MAX_TAX_RATE = 0.5

#: Overrides of one item's points: year -> price [the series' unit].
Overrides = Mapping[int, float]


@dataclass(frozen=True)
class _Series:
    """One item's data points, years ascending, and its rule after the last."""

    item: str
    years: NDArray[np.float64]
    values: NDArray[np.float64]
    rate: float


@data_cache
def _points() -> dict[str, dict[str, tuple[str, list[tuple[int, float]]]]]:
    """series -> lower-case item -> (item as spelt, [(year, value), ...] ascending)."""
    out: dict[str, dict[str, tuple[str, list[tuple[int, float]]]]] = {s: {} for s in SERIES}
    for line, row in enumerate(load_rows("prices"), start=2):
        series, item = str(row["series"]).strip(), str(row["item"]).strip()
        if series not in SERIES:
            msg = f"series '{series}' is not one of {', '.join(SERIES)}"
            raise _bad_table("prices", line, msg)
        if str(row["unit"]).strip() != SERIES[series]:
            msg = f"unit '{row['unit']}' of series {series} is not '{SERIES[series]}'"
            raise _bad_table("prices", line, msg)
        value, year = float(row["value"]), float(row["year"])
        if not (math.isfinite(value) and value > 0) or not year.is_integer():
            msg = f"expected a whole year and a price > 0, got {year:g}, {value:g}"
            raise _bad_table("prices", line, msg)
        _, pts = out[series].setdefault(item.lower(), (item, []))
        if any(y == int(year) for y, _ in pts):
            raise _bad_table("prices", line, f"{series} {item} {int(year)} repeats")
        pts.append((int(year), value))
    for items in out.values():
        for _, pts in items.values():
            pts.sort()
    return out


@data_cache
def _rules() -> dict[tuple[str, str], float]:
    """(series, lower-case item or ``*``) -> learning rate per year [-]."""
    out = {}
    for line, row in enumerate(load_rows("price_rules"), start=2):
        series, item = str(row["series"]).strip(), str(row["item"]).strip().lower()
        rate = float(row["rate_per_year"])
        if series not in SERIES or str(row["rule"]).strip() not in RULES:
            msg = f"expected a series of {', '.join(SERIES)} and a rule of {', '.join(RULES)}"
            raise _bad_table("price_rules", line, msg)
        if not (math.isfinite(rate) and 0 <= rate < 1):
            raise _bad_table("price_rules", line, f"rate_per_year {rate:g} not in [0, 1)")
        out[(series, item)] = rate
    for series in SERIES:
        if (series, DEFAULT_ITEM) not in out:
            msg = f"shipped table price_rules.csv has no default rule (item '*') for {series}"
            raise TigrisError(msg)
    return out


def price_table() -> pd.DataFrame:
    """``data/prices.csv`` as read, after the checks every lookup relies on.

    Returns
    -------
    pandas.DataFrame
        Columns ``series, item, year, value, unit, source, as_of``; ``value`` in the
        series' unit (:data:`SERIES`), nominal USD of ``year`` as quoted.

    Raises
    ------
    TigrisError
        A shipped row is malformed (unknown series or unit, a price <= 0, a repeated
        year): a packaging bug.

    Examples
    --------
    >>> t = price_table()
    >>> sorted(t["series"].unique())
    ['accelerator', 'cowos', 'hbm', 'rental', 'wafer']
    >>> t.loc[(t["series"] == "wafer") & (t["item"] == "N2"), "value"].tolist()
    [30000.0]
    """
    from tigris.data import load_table

    _points()  # the checks
    _rules()
    return load_table("prices")


def _series(series: str, item: str, field: str) -> _Series:
    points = _points()
    if series not in points:
        raise unknown_name("price series", series, list(SERIES), field="series")
    items = points[series]
    key = item.strip().lower()
    if key not in items:
        names = [spelt for spelt, _ in items.values()]
        raise unknown_name(f"{series} price item", item, names, field=field)
    spelt, pts = items[key]
    rules = _rules()
    rate = rules.get((series, key), rules[(series, DEFAULT_ITEM)])
    years = np.array([y for y, _ in pts], dtype=float)
    values = np.array([v for _, v in pts], dtype=float)
    return _Series(spelt, years, values, rate)


def _with_overrides(s: _Series, overrides: Overrides | None, field: str) -> _Series:
    """``s`` with the points of ``overrides`` replacing or adding to its own."""
    if not overrides:
        return s
    pts = dict(zip(s.years.tolist(), s.values.tolist(), strict=True))
    for year, value in overrides.items():
        v = float(value)
        if not (math.isfinite(v) and v > 0) or not float(year).is_integer():
            msg = f"expected whole years and prices > 0, got {year}: {value}"
            raise InputError(msg, field=field)
        pts[float(year)] = v
    years = np.array(sorted(pts), dtype=float)
    values = np.array([pts[y] for y in years], dtype=float)
    return _Series(s.item, years, values, s.rate)


def _evaluate(s: _Series, years: ArrayLike) -> NDArray[np.float64]:
    """Flat before the first point, linear between points, learning after the last."""
    t = _years(years)
    out = np.interp(t, s.years, s.values)
    last_year, last_value = s.years[-1], s.values[-1]
    after = t > last_year
    out = np.where(after, last_value * (1.0 - s.rate) ** np.maximum(t - last_year, 0.0), out)
    return np.asarray(out, dtype=float)


def price_usd(
    series: str, item: str, years: ArrayLike, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Price of ``item`` of ``series`` in each of ``years``.

    Held flat before the item's first data year, linear between data years, and after
    the last data year ``p_last × (1 − a)^(t − t_last)`` with ``a`` the item's learning
    rate (or the series default, item ``*``, of ``data/price_rules.csv``).

    Parameters
    ----------
    series : str
        One of :data:`SERIES`.
    item : str
        Item of the series as ``data/prices.csv`` spells it (case-insensitive).
    years : array_like
        Calendar years (any shape; fractional years interpolate) [year].
    overrides : mapping of int to float, optional
        Points ``{year: price}`` that replace the table's in those years or add to them
        (a scenario's ``prices:``), in the series' unit.

    Returns
    -------
    numpy.ndarray
        Prices, the shape of ``years`` [the series' unit, :data:`SERIES`].

    Raises
    ------
    InputError
        Unknown series (field ``series``) or item (field ``item``), listing the known
        ones; years not finite; an override not a whole year with a price > 0.

    References
    ----------
    Linear interpolation: ``numpy.interp``. Learning after the last data year: a
    constant real rate of decline per year, as the experience-curve form of Boston
    Consulting Group (1968) with time in place of cumulative output; each series'
    rate and its source are in ``data/price_rules.csv`` (docs/finance.md, "Prices").

    Examples
    --------
    >>> price_usd("wafer", "N7", [2017, 2018, 2019, 2020]).round(0).tolist()
    [10000.0, 10000.0, 9673.0, 9346.0]
    >>> round(float(price_usd("wafer", "N7", 2021) / price_usd("wafer", "N7", 2020)), 6)
    0.967
    >>> price_usd("wafer", "N3", [2025, 2030], overrides={2026: 18000}).round(0).tolist()
    [20800.0, 15739.0]
    """
    s = _with_overrides(_series(series, item, "item"), overrides, f"prices.{series}.{item}")
    return _evaluate(s, years)


def wafer_price_usd(
    node: str, years: ArrayLike, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Foundry price of one finished logic wafer of ``node`` in each of ``years``.

    A node with its own rows (``A16``) is priced by them; any other node by its family's
    (``N4`` -> ``N5``, from ``data/nodes.csv``).

    Parameters
    ----------
    node : str
        Process node or node family (case-insensitive).
    years : array_like
        Calendar years [year].
    overrides : mapping of int to float, optional
        ``{year: USD per wafer}`` replacing or adding to the table's points.

    Returns
    -------
    numpy.ndarray
        [USD per finished 300 mm wafer], the shape of ``years``.

    Raises
    ------
    InputError
        Unknown node (field ``node``), or a node whose family has no price.

    References
    ----------
    :func:`price_usd`; wafer prices are rumoured or analyst figures (TSMC publishes
    none): Tom's Hardware, China Times, Morgan Stanley, CSET (Khan & Mann 2020, Table
    9), each row's ``source`` in ``data/prices.csv``.

    Examples
    --------
    >>> wafer_price_usd("N4", 2024).tolist() == wafer_price_usd("N5", 2024).tolist()
    True
    >>> wafer_price_usd("n3", [2023, 2024]).tolist()
    [20000.0, 20400.0]
    """
    from tigris.nodes import get_node

    items = _points()["wafer"]
    key = node.strip().lower()
    if key not in items:
        family = get_node(node, field="node").family
        if family.lower() not in items:
            names = [spelt for spelt, _ in items.values()]
            msg = f"no wafer price for node '{node}' (family {family}); priced: {', '.join(names)}"
            raise InputError(msg, field="node")
        key = family.lower()
    return price_usd("wafer", items[key][0], years, overrides)


def cowos_price_usd_per_wafer(
    years: ArrayLike, package: str = COWOS_POOL, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Price of one finished CoWoS interposer wafer (chip-on-wafer bonded) by year.

    Parameters
    ----------
    years : array_like
        Calendar years [year].
    package : str, optional
        ``"cowos"`` (the pool the planner's one CoWoS facility type sells, default),
        ``"CoWoS-S"`` or ``"CoWoS-L"``.
    overrides : mapping of int to float, optional
        ``{year: USD per wafer}`` replacing or adding to the table's points.

    Returns
    -------
    numpy.ndarray
        [USD per interposer wafer], the shape of ``years``.

    Raises
    ------
    InputError
        Unknown package (field ``item``).

    References
    ----------
    :func:`price_usd`; the pool's 2024 point is TSMC's CoWoS revenue share (~7%, TSMC
    via evertiq 2024-03-18) of its 2024 revenue over the CoWoS wafers of that year, the
    2025 point the reported 10-20% price rise (Commercial Times via smbom.com).

    Examples
    --------
    >>> cowos_price_usd_per_wafer([2023, 2024, 2025]).tolist()
    [21000.0, 21000.0, 24150.0]
    """
    return price_usd("cowos", package, years, overrides)


def hbm_price_usd_per_gb(
    generation: str, years: ArrayLike, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Price of one GB of HBM of ``generation`` (as ``data/hbm.csv`` names it) by year.

    Parameters
    ----------
    generation : str
        HBM generation (``"HBM3e-12hi"``; case-insensitive).
    years : array_like
        Calendar years [year].
    overrides : mapping of int to float, optional
        ``{year: USD per GB}`` replacing or adding to the table's points.

    Returns
    -------
    numpy.ndarray
        [USD per GB], the shape of ``years``.

    Raises
    ------
    InputError
        Unknown generation (field ``item``).

    References
    ----------
    :func:`price_usd`; points from reported supply prices per stack over the stack's
    capacity (BusinessKorea 2025-11-05: HBM4 ~US$560, HBM3E ~US$370 per stack) and bill
    of materials splits (Silicon Analysts after Raymond James 2023).

    Examples
    --------
    >>> round(float(hbm_price_usd_per_gb("HBM4", 2026)) * 36)
    562
    >>> float(hbm_price_usd_per_gb("hbm3e", 2020))
    12.5
    """
    return price_usd("hbm", generation, years, overrides)


def accelerator_asp_usd(
    accelerator: str, years: ArrayLike, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Average selling price of one accelerator (catalog name or alias) by year.

    For reading results (what an accelerator is sold for), not for planning: the plan's
    revenue is foundry-side (wafers, CoWoS, HBM; docs/finance.md).

    Parameters
    ----------
    accelerator : str
        Catalog name or alias (``"h100"`` -> ``h100-sxm``).
    years : array_like
        Calendar years [year].
    overrides : mapping of int to float, optional
        ``{year: USD}`` replacing or adding to the table's points.

    Returns
    -------
    numpy.ndarray
        [USD per accelerator], the shape of ``years``.

    Raises
    ------
    InputError
        Unknown accelerator (field ``accelerator``), or a catalog part with no price
        (field ``item``).

    References
    ----------
    :func:`price_usd`; Raymond James (2023) for H100, J. Huang to CNBC (2024) for B200,
    street-price estimates for the rest (each row's ``source``).

    Examples
    --------
    >>> float(accelerator_asp_usd("h100", 2023))
    27500.0
    """
    from tigris.catalog import get_accelerator

    name = get_accelerator(accelerator, None, field="accelerator").name
    return price_usd("accelerator", name, years, overrides)


def rental_usd_per_hour(
    years: ArrayLike, overrides: Overrides | None = None
) -> NDArray[np.float64]:
    """Market rent of one H100 for one hour, by year.

    Parameters
    ----------
    years : array_like
        Calendar years [year].
    overrides : mapping of int to float, optional
        ``{year: USD per hour}`` replacing or adding to the table's points.

    Returns
    -------
    numpy.ndarray
        [USD per H100-hour], the shape of ``years``.

    References
    ----------
    :func:`price_usd`; E. Cheah (Latent Space, Oct 2024) and the SemiAnalysis GPU
    rental index (2025-2026) for the points; after 2026 the rent falls 20.9% a year,
    the price-performance trend of top GPUs (Hobbhahn & Besiroglu, Epoch, 2022:
    FLOP/s per dollar doubles every 2.95 years).

    Examples
    --------
    >>> rental_usd_per_hour([2023, 2026]).tolist()
    [4.7, 2.35]
    >>> round(float(rental_usd_per_hour(2027)), 4)
    1.8589
    """
    return price_usd("rental", RENTAL_ITEM, years, overrides)


def h100e_value_usd(
    years: ArrayLike,
    lifetime_years: int,
    discount_rate: float,
    overrides: Overrides | None = None,
) -> NDArray[np.float64]:
    """Rental value of one H100e delivered in each of ``years``, undiscounted.

    ``V(t) = Σ_{l=0}^{L−1} rent(t + l) × H × u / (1 + r)^l`` with ``rent`` the H100
    rent per hour (:func:`rental_usd_per_hour`), ``H`` the hours in a year
    (:data:`tigris.units.HOURS_PER_YEAR`), ``u`` the share of hours an H100e earns rent
    (``rental_utilisation`` in ``data/finance_parameters.csv``), ``L`` the fleet
    lifetime and ``r`` the real discount rate. It is what the ``serve`` objective's
    ``rental`` penalty charges per H100e of unmet demand (docs/finance.md).

    Parameters
    ----------
    years : array_like
        Delivery years [year].
    lifetime_years : int
        Years an H100e earns rent (the scenario's fleet lifetime) [year], >= 1.
    discount_rate : float
        Real discount rate per year [-], > -1.
    overrides : mapping of int to float, optional
        Rental points ``{year: USD per hour}`` replacing or adding to the table's.

    Returns
    -------
    numpy.ndarray
        [USD per H100e], the shape of ``years``.

    Raises
    ------
    InputError
        ``lifetime_years`` not a whole number >= 1 or ``discount_rate`` not > -1.

    References
    ----------
    Present value of a finite stream of annual cash flows, first one undiscounted
    (R. Brealey, S. Myers & F. Allen, *Principles of Corporate Finance*, ch. 2, the
    annuity with growing or falling payments); rents as in :func:`rental_usd_per_hour`.

    Examples
    --------
    >>> v = h100e_value_usd([2026], lifetime_years=1, discount_rate=0.08)
    >>> bool(abs(v[0] - 2.35 * 8766 * 0.70) < 1e-6)
    True
    """
    t = _years(years)
    if isinstance(lifetime_years, bool) or not float(lifetime_years).is_integer():
        msg = f"expected a whole number of years >= 1, got {lifetime_years!r}"
        raise InputError(msg, field="lifetime_years")
    if lifetime_years < 1:
        msg = f"expected a whole number of years >= 1, got {lifetime_years!r}"
        raise InputError(msg, field="lifetime_years")
    r = float(discount_rate)
    if not (math.isfinite(r) and r > -1):
        raise InputError(f"expected a number > -1, got {discount_rate!r}", field="discount_rate")
    ages = np.arange(int(lifetime_years), dtype=float)
    rent = rental_usd_per_hour(t[..., None] + ages, overrides)
    hours = HOURS_PER_YEAR * finance_parameter("rental_utilisation")
    return np.asarray((rent * hours / (1.0 + r) ** ages).sum(axis=-1), dtype=float)


@data_cache
def _tax_rates() -> dict[str, float]:
    out = {}
    for line, row in enumerate(load_rows("tax_rates"), start=2):
        rate = float(row["corporate_tax_rate"])
        if not (math.isfinite(rate) and 0 <= rate < _MAX_TAX_RATE):
            msg = f"corporate_tax_rate {rate:g} not in [0, {_MAX_TAX_RATE:g})"
            raise _bad_table("tax_rates", line, msg)
        out[str(row["site"]).strip().lower()] = rate
    return out


def corporate_tax_rate(site: str) -> float:
    """Statutory combined corporate income tax rate of a site's country (and state).

    Parameters
    ----------
    site : str
        Site name or alias of ``data/sites.csv`` (``"usa"`` -> ``arizona-usa``).

    Returns
    -------
    float
        Tax rate on taxable profit [-].

    Raises
    ------
    InputError
        Unknown site (field ``site``), or a site (added with ``--data``) that has no
        rate: give it ``corporate_tax_rate`` in the scenario.

    References
    ----------
    OECD Corporate Tax Statistics, Table II.1 (combined central and sub-central
    statutory rates, 2024) and PwC Worldwide Tax Summaries; each row's ``source`` in
    ``data/tax_rates.csv``. A US state rate is combined as ``f + s × (1 − f)``.

    Examples
    --------
    >>> corporate_tax_rate("taiwan"), corporate_tax_rate("USA")
    (0.2, 0.2487)
    """
    from tigris.fab.data import get_site

    name = get_site(site, field="site").name
    rates = _tax_rates()
    if name.lower() not in rates:
        msg = (
            f"no corporate tax rate for site '{name}' in data/tax_rates.csv; "
            f"give sites[].corporate_tax_rate in the scenario or the --data file's site entry "
            f"(known: {', '.join(rates)})"
        )
        raise InputError(msg, field="site")
    return rates[name.lower()]


@data_cache
def _parameters() -> dict[tuple[str, str], float]:
    out = {}
    for line, row in enumerate(load_rows("finance_parameters"), start=2):
        value = float(row["value"])
        if not math.isfinite(value):
            raise _bad_table("finance_parameters", line, f"value {value} is not finite")
        key = (str(row["parameter"]).strip().lower(), str(row["kind"]).strip().lower())
        out[key] = value
    return out


def finance_parameter(name: str, kind: str = ALL_KINDS) -> float:
    """One value of ``data/finance_parameters.csv``.

    Parameters
    ----------
    name : str
        Parameter (``equipment_share_of_capex``, ``variable_share_of_opex``,
        ``rental_utilisation``).
    kind : str, optional
        Facility type it applies to (``cowos``, ``hbm``), or ``all``.

    Returns
    -------
    float
        The value, in the row's ``unit``.

    Raises
    ------
    InputError
        No row for ``(name, kind)`` (field ``parameter``), listing the known pairs.

    Examples
    --------
    >>> finance_parameter("equipment_share_of_capex", "hbm")
    0.735
    >>> finance_parameter("rental_utilisation")
    0.7
    """
    params = _parameters()
    key = (name.strip().lower(), kind.strip().lower())
    if key not in params:
        known = ", ".join(f"{p} ({k})" for p, k in params)
        msg = f"unknown finance parameter '{name}' for kind '{kind}'; known: {known}"
        raise InputError(msg, field="parameter")
    return params[key]


def real_rate(nominal: float, inflation: float | None = None) -> float:
    """The real rate of a nominal (money-terms) rate, by Fisher [1/year].

    ``real = (1 + nominal)/(1 + inflation) − 1``, with ``inflation`` by default the
    ``expected_inflation`` row of ``data/fab_parameters.csv`` (FRED T10YIE, the 10-year
    breakeven inflation; the row the shipped real ``discount_rate`` is derived from).

    Parameters
    ----------
    nominal : float
        Nominal rate [1/year].
    inflation : float, optional
        Expected inflation [1/year]; the data row's when not given.

    Returns
    -------
    float
        Real rate [1/year].

    References
    ----------
    Fisher, I. (1930), *The Theory of Interest*, ch. 2 (the exact relation
    ``(1 + nominal) = (1 + real)(1 + inflation)``); Brealey, Myers & Allen, *Principles
    of Corporate Finance*, 13th ed. (2020), ch. 6 (discount real flows at the real rate).

    Examples
    --------
    >>> round(real_rate(0.08, 0.0235), 6)
    0.055203
    """
    if inflation is None:
        from tigris.fab import fab_param

        inflation = float(fab_param("expected_inflation"))
    return (1.0 + float(nominal)) / (1.0 + float(inflation)) - 1.0
