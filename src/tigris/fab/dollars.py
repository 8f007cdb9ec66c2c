"""Money of which year: converting fab costs between US dollars of different years.

Every USD figure of the fab layer carries a price year (``price_year`` in
``fab_parameters.csv`` and ``fab_tools.csv``; ``site_prices_price_year`` for the
prices in ``sites.csv``). A node's capex is in dollars of its equipment basis's year
(:func:`tigris.fab.capex_price_year`); ``fab_model(..., dollars_of=Y)`` converts each
part to dollars of ``Y`` with the index of its cost kind (:data:`INDICES`):

- ``"equipment"``: tools (lithography and other equipment) and what scales with them
  (maintenance), with the U.S. Bureau of Labor Statistics producer price index for
  semiconductor machinery manufacturing, PCU333242333242, annual means
  (``fab_equipment_price_index.csv``);
- ``"consumer"``: the building, the site premium on tool hook-up, labour, energy, water
  and materials, with the BLS CPI-U annual averages (``fab_price_index.csv``), for want of
  a sourced construction-cost series over 2016-2024.

A year after an index's last value takes that value in ``fab_model`` (no inflation is
forecast); a plan, whose money is in dollars of its ``currency_year``, refuses a year
outside :func:`published_years` instead (:func:`check_published_year`).

The plan's other money from the shipped tables carries no price year of its own (wafer,
CoWoS, HBM and rental prices, the CoWoS and HBM modules, data centres, grid
electricity, the lease, incumbents' capital): it is read in dollars of one year,
``data_prices_price_year`` of ``fab_parameters.csv`` (:func:`data_price_year`), and
converted to the plan's ``currency_year`` with the CPI-U (:func:`data_dollars_factor`).
"""

from __future__ import annotations

from functools import cache

from tigris.data import load_rows
from tigris.errors import InputError

__all__ = [
    "DATA_PRICE_YEAR",
    "INDICES",
    "check_published_year",
    "data_dollars_factor",
    "data_price_year",
    "dollars_factor",
    "price_index",
    "price_index_years",
    "published_years",
]

#: ``fab_parameters.csv`` row: the year whose dollars the shipped tables' money without a
#: price year of its own is read in (:func:`data_price_year`).
DATA_PRICE_YEAR = "data_prices_price_year"

#: Cost kind -> (data table, value column) of its price index.
INDICES: dict[str, tuple[str, str]] = {
    "consumer": ("fab_price_index", "cpi_u"),
    "equipment": ("fab_equipment_price_index", "ppi_semiconductor_machinery"),
}


@cache
def _index(kind: str = "consumer") -> dict[int, float]:
    try:
        table, column = INDICES[kind]
    except KeyError:
        msg = f"unknown price index {kind!r}; expected one of {sorted(INDICES)}"
        raise ValueError(msg) from None
    return {int(r["year"]): float(r[column]) for r in load_rows(table)}


def price_index_years(kind: str = "consumer") -> tuple[int, int]:
    """First and last year of the shipped price index of cost kind ``kind``.

    Parameters
    ----------
    kind : str, optional
        ``"consumer"`` (CPI-U) or ``"equipment"`` (PPI semiconductor machinery).

    Returns
    -------
    (int, int)
        Years [year].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U annual averages (``fab_price_index.csv``)
       and PPI PCU333242333242 annual means (``fab_equipment_price_index.csv``), each
       row's source.

    Examples
    --------
    >>> first, last = price_index_years()
    >>> first <= 2018 and last >= 2024
    True
    >>> price_index_years("equipment")[0]
    2015
    """
    years = sorted(_index(kind))
    return years[0], years[-1]


def published_years() -> tuple[int, int]:
    """The years every shipped price index has a value for: from the latest first year
    to the earliest last year of :data:`INDICES` [year].

    A conversion to dollars of a year in this range uses only the indices' rows (each
    cost kind by its own); outside it :func:`price_index` would refuse (before) or hold
    the last value (after), which a plan does not accept (:func:`check_published_year`).

    Returns
    -------
    (int, int)
        First and last year [year].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U annual averages (``fab_price_index.csv``)
       and PPI PCU333242333242 annual means (``fab_equipment_price_index.csv``).

    Examples
    --------
    >>> published_years()  # PPI rows from 2015, CPI-U rows to 2024
    (2015, 2024)
    """
    spans = [price_index_years(kind) for kind in INDICES]
    return max(a for a, _ in spans), min(b for _, b in spans)


def check_published_year(year: int, field: str = "currency_year") -> int:
    """``year`` if every price index has a value for it, else one clear error.

    A plan's money is in US dollars of its ``currency_year``, and the fab layer's costs
    are converted to them with each cost kind's index (:func:`dollars_factor`). A year
    after an index's last published value would take that value (no inflation
    forecast) and a year before its first has none: both are refused here, naming the
    field and the years the shipped indices cover, rather than extrapolated silently.

    Parameters
    ----------
    year : int
        Calendar year [year].
    field : str, optional
        Field named in the error.

    Returns
    -------
    int
        The year [year].

    Raises
    ------
    InputError
        If ``year`` is outside :func:`published_years`.

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U and PPI PCU333242333242 (as
       :func:`price_index`).

    Examples
    --------
    >>> check_published_year(2024)
    2024
    >>> check_published_year(2030)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: currency_year: expected a year from 2015 to 2024, ...
    """
    first, last = published_years()
    ends = ", ".join(
        f"{INDICES[k][0]}.csv {price_index_years(k)[0]}-{price_index_years(k)[1]}" for k in INDICES
    )
    if isinstance(year, bool) or not isinstance(year, int) or not first <= year <= last:
        msg = (
            f"expected a year from {first} to {last}, the years every price index that fab "
            f"costs are converted with has a value for ({ends}; no inflation is forecast "
            f"past an index's last year), got {year!r}"
        )
        raise InputError(msg, field=field)
    return year


def price_index(year: int, field: str = "dollars_of", kind: str = "consumer") -> float:
    """Price index of cost kind ``kind`` in ``year`` [-].

    ``"consumer"``: CPI-U annual average (1982-84 = 100); ``"equipment"``: PPI for
    semiconductor machinery manufacturing, annual mean (Dec 2003 = 100). A year after the
    index's last takes the last year's value (tigris forecasts no inflation); a year
    before the first is refused.

    Parameters
    ----------
    year : int
        Calendar year [year].
    field : str, optional
        Field named in the error.
    kind : str, optional
        Cost kind (:data:`INDICES`).

    Returns
    -------
    float
        The index [-].

    Raises
    ------
    InputError
        If ``year`` is not a whole number or is before the index starts.

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, Consumer Price Index for All Urban
       Consumers (CPI-U), U.S. city average, all items, annual averages.
    .. [2] U.S. Bureau of Labor Statistics, Producer Price Index by industry:
       semiconductor machinery manufacturing (PCU333242333242), annual means.

    Examples
    --------
    >>> price_index(2024)
    313.689
    >>> price_index(2024, kind="equipment")
    103.5
    >>> price_index(2030) == price_index(price_index_years()[1])
    True
    """
    first, last = price_index_years(kind)
    table = INDICES[kind][0]
    try:
        y = int(year)
    except (TypeError, ValueError):
        msg = f"expected a calendar year, got {year!r}"
        raise InputError(msg, field=field) from None
    if y != year:
        msg = f"expected a whole calendar year, got {year!r}"
        raise InputError(msg, field=field)
    if y < first:
        msg = f"expected a year from {first} ({table}.csv starts there), got {y}"
        raise InputError(msg, field=field)
    return _index(kind)[min(y, last)]


def dollars_factor(
    from_year: int, to_year: int, field: str = "dollars_of", kind: str = "consumer"
) -> float:
    """Factor turning US dollars of ``from_year`` into dollars of ``to_year`` [-].

    ``factor = index(to_year) / index(from_year)`` with the index of cost kind ``kind``
    (:func:`price_index`). Both years are checked, so a conversion of any cost kind is
    refused for a year before the start of any shipped index.

    Parameters
    ----------
    from_year, to_year : int
        Price years [year].
    field : str, optional
        Field named in the error.
    kind : str, optional
        Cost kind: ``"consumer"`` (CPI-U) or ``"equipment"`` (PPI PCU333242333242).

    Returns
    -------
    float
        The factor [-].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U annual averages and PPI
       PCU333242333242 annual means (as :func:`price_index`); the usual constant-dollar
       conversion, e.g. BLS, "CPI Inflation Calculator" (value x index of the later year /
       index of the earlier year), and OECD/Eurostat practice of deflating each
       expenditure component by its own price index.

    Examples
    --------
    >>> round(dollars_factor(2020, 2024), 4)  # CPI-U 313.689 / 258.811
    1.212
    >>> round(dollars_factor(2020, 2024, kind="equipment"), 4)  # PPI 103.5 / 89.24
    1.1598
    >>> dollars_factor(2022, 2022)
    1.0
    """
    # the same years are valid for every cost kind: check against the latest-starting index
    latest = max(INDICES, key=lambda k: price_index_years(k)[0])
    price_index(to_year, field, latest)
    price_index(from_year, field, latest)
    return price_index(to_year, field, kind) / price_index(from_year, field, kind)


def data_price_year() -> int:
    """The year whose US dollars the shipped tables' money without a price year of its
    own is read in [year]: ``data_prices_price_year`` of ``fab_parameters.csv``.

    Returns
    -------
    int
        The year [year].

    References
    ----------
    .. [1] ``fab_parameters.csv`` ``data_prices_price_year`` (its row says why: the quotes
       of ``prices.csv``, ``facility_types.csv``, ``datacenter_types.csv``, ``grid.csv``,
       ``energy_parameters.csv`` and ``incumbent_capital.csv`` are of 2020-2026, read as
       dollars of 2024).

    Examples
    --------
    >>> data_price_year()
    2024
    """
    from tigris.fab.data import fab_param

    return int(fab_param(DATA_PRICE_YEAR))


def data_dollars_factor(to_year: int, field: str = "currency_year") -> float:
    """Factor turning the shipped tables' money without a price year of its own (in
    dollars of :func:`data_price_year`) into US dollars of ``to_year`` [-].

    ``factor = CPI-U(to_year) / CPI-U(data_price_year())`` (:func:`dollars_factor`, kind
    ``"consumer"``): one general index for prices, data centres, electricity and
    capital alike, so that their ratios to one another do not depend on the year the
    money is expressed in. Exactly 1 when ``to_year`` is :func:`data_price_year`.

    Parameters
    ----------
    to_year : int
        The year whose dollars are wanted (a plan's ``currency_year``) [year].
    field : str, optional
        Field named in an error.

    Returns
    -------
    float
        The factor [-].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U, U.S. city average, all items, annual
       averages (``fab_price_index.csv``); the constant-dollar conversion of
       :func:`dollars_factor` (BLS, "CPI Inflation Calculator").

    Examples
    --------
    >>> data_dollars_factor(2024)
    1.0
    >>> round(data_dollars_factor(2015), 4)  # CPI-U 237.017 / 313.689
    0.7556
    """
    return dollars_factor(data_price_year(), to_year, field=field, kind="consumer")
