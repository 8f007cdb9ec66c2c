"""Money of which year: converting fab costs between US dollars of different years.

Every USD figure of the fab layer carries a price year (``price_year`` in
``fab_parameters.csv`` and ``fab_tools.csv``; ``site_prices_price_year`` for the
prices in ``sites.csv``). A node's capex is in dollars of its equipment basis's year
(:func:`tigris.fab.capex_price_year`); ``fab_model(..., dollars_of=Y)`` converts every
part to dollars of ``Y`` with the annual-average CPI-U of the U.S. Bureau of Labor
Statistics (``fab_price_index.csv``).
"""

from __future__ import annotations

from functools import cache

from tigris.data import load_rows
from tigris.errors import InputError

__all__ = ["dollars_factor", "price_index", "price_index_years"]


@cache
def _index() -> dict[int, float]:
    return {int(r["year"]): float(r["cpi_u"]) for r in load_rows("fab_price_index")}


def price_index_years() -> tuple[int, int]:
    """First and last year of the shipped price index.

    Returns
    -------
    (int, int)
        Years [year].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U annual averages (``fab_price_index.csv``,
       each row's source).

    Examples
    --------
    >>> first, last = price_index_years()
    >>> first <= 2018 and last >= 2024
    True
    """
    years = sorted(_index())
    return years[0], years[-1]


def price_index(year: int, field: str = "dollars_of") -> float:
    """CPI-U annual average of ``year`` (1982-84 = 100) [-].

    A year after the last one in ``fab_price_index.csv`` takes the last year's value
    (tigris forecasts no inflation); a year before the first is refused.

    Parameters
    ----------
    year : int
        Calendar year [year].
    field : str, optional
        Field named in the error.

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

    Examples
    --------
    >>> price_index(2024)
    313.689
    >>> price_index(2030) == price_index(price_index_years()[1])
    True
    """
    first, last = price_index_years()
    try:
        y = int(year)
    except (TypeError, ValueError):
        msg = f"expected a calendar year, got {year!r}"
        raise InputError(msg, field=field) from None
    if y != year:
        msg = f"expected a whole calendar year, got {year!r}"
        raise InputError(msg, field=field)
    if y < first:
        msg = f"expected a year from {first} (fab_price_index.csv starts there), got {y}"
        raise InputError(msg, field=field)
    return _index()[min(y, last)]


def dollars_factor(from_year: int, to_year: int, field: str = "dollars_of") -> float:
    """Factor turning US dollars of ``from_year`` into dollars of ``to_year`` [-].

    ``factor = CPI-U(to_year) / CPI-U(from_year)`` (:func:`price_index`).

    Parameters
    ----------
    from_year, to_year : int
        Price years [year].
    field : str, optional
        Field named in the error.

    Returns
    -------
    float
        The factor [-].

    References
    ----------
    .. [1] U.S. Bureau of Labor Statistics, CPI-U annual averages (as
       :func:`price_index`); the usual constant-dollar conversion, e.g. BLS, "CPI
       Inflation Calculator" (value x CPI of the later year / CPI of the earlier year).

    Examples
    --------
    >>> round(dollars_factor(2020, 2024), 4)  # 313.689 / 258.811
    1.212
    >>> dollars_factor(2022, 2022)
    1.0
    """
    return price_index(to_year, field) / price_index(from_year, field)
