"""Numbers for people: one way to print money, years and shares in every verb.

Machine output (``--json``, CSV) keeps full numbers; these helpers are only for text a
person reads, so that the same amount looks the same in ``fab``, ``chip``, ``train``,
``catalog`` and the planner's sentences.
"""

from __future__ import annotations

import math
from typing import Any

from tigris.units import USD_PER_BILLION, USD_PER_MILLION

__all__ = ["MISSING", "money", "money_floor", "share", "year", "year_ranges", "year_span"]

#: What a missing or non-finite value prints as.
MISSING = "–"

#: Scales for large amounts: divisor and suffix, largest first.
_MONEY_SCALES = ((USD_PER_BILLION, "B"), (USD_PER_MILLION, "M"))
#: Amounts at or above this print as whole dollars with thousands separators [USD].
_WHOLE_DOLLARS_FROM = 100.0


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool | str):
        return None
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def _three_digits(x: float) -> str:
    """``x`` (>= 1) with three significant digits, never in exponent form."""
    decimals = 2 if x < 10 else 1 if x < 100 else 0
    return f"{x:,.{decimals}f}"


def money(usd: Any) -> str:
    """An amount of money in US dollars, short and exact enough to read.

    Billions and millions get a suffix and three significant digits; amounts below a
    million print as whole dollars; below $100, to the cent. Never in exponent form.

    Parameters
    ----------
    usd : float or None
        Amount [USD]; ``None`` or a non-finite value prints as ``–``.

    Returns
    -------
    str
        ``$18.1B``, ``$646M``, ``$27,500``, ``$0.53``; negative amounts with a leading
        ``-``.

    Examples
    --------
    >>> money(1.814e10), money(6.618e9), money(1.2345e12)
    ('$18.1B', '$6.62B', '$1,234B')
    >>> money(646_444_444), money(27_500), money(0.5312), money(0)
    ('$646M', '$27,500', '$0.53', '$0')
    >>> money(-2.5e9), money(None), money(float("nan"))
    ('-$2.50B', '–', '–')
    >>> money(0.0042), money(2.9e-06)
    ('$0.0042', '$0.0000029')
    """
    x = _number(usd)
    if x is None:
        return MISSING
    sign = "-" if x < 0 else ""
    a = abs(x)
    for scale, suffix in _MONEY_SCALES:
        if a >= scale:
            return f"{sign}${_three_digits(a / scale)}{suffix}"
    if a >= _WHOLE_DOLLARS_FROM or a == 0:
        return f"{sign}${a:,.0f}"
    if a >= 0.01:
        return f"{sign}${a:.2f}"
    # below a cent: two significant digits written out (".2g" turns to exponent form)
    return f"{sign}${a:.{1 - math.floor(math.log10(a))}f}"


def money_floor(usd: Any) -> str:
    """As :func:`money`, rounded down to the digits shown: for a lower bound.

    "At least $254B" for $253.6B would overstate the bound; this prints "$253B".

    Parameters
    ----------
    usd : float or None
        Amount [USD]; ``None`` or a non-finite value prints as ``–``, zero and negative
        amounts as :func:`money` prints them.

    Returns
    -------
    str
        The amount as :func:`money` writes it, never more than ``usd``.

    Examples
    --------
    >>> money_floor(2.536e11), money_floor(1.0573e12), money_floor(7.349e9)
    ('$253B', '$1,057B', '$7.34B')
    >>> money_floor(27_500.9), money_floor(0)
    ('$27,500', '$0')
    """
    x = _number(usd)
    if x is None or x <= 0:
        return money(usd)
    for scale, _ in _MONEY_SCALES:
        if x >= scale:
            v = x / scale
            step = 10.0 ** -(2 if v < 10 else 1 if v < 100 else 0)  # as _three_digits
            return money(math.floor(v / step) * step * scale)
    return money(math.floor(x) if x >= _WHOLE_DOLLARS_FROM else math.floor(x * 100) / 100)


def year(value: Any) -> str:
    """A calendar year: digits only, never thousands-separated (``2022``, not ``2,022``).

    Parameters
    ----------
    value : float, int or None
        A calendar year; ``None`` or a non-finite value prints as ``–``.

    Returns
    -------
    str
        The year rounded to a whole number.

    Examples
    --------
    >>> year(2022), year(2022.0), year(None)
    ('2022', '2022', '–')
    """
    x = _number(value)
    if x is None:
        return MISSING
    return str(round(x))


def year_span(first: Any, last: Any) -> str:
    """A span of calendar years, written once when it is one year.

    Parameters
    ----------
    first, last : float, int or None
        The first and last calendar years.

    Returns
    -------
    str
        ``first–last`` (an en dash), or one year when both print the same.

    Examples
    --------
    >>> year_span(2025, 2035), year_span(2025, 2025)
    ('2025–2035', '2025')
    """
    a, b = year(first), year(last)
    return a if a == b else f"{a}–{b}"


def year_ranges(years: Any, dash: str = "–") -> str:
    """Years as runs of consecutive years, ``2026–2028, 2031`` (``dash`` between ends).

    Parameters
    ----------
    years : iterable of int
        Calendar years, in any order (repeats not expected).
    dash : str, optional
        What joins the ends of a run.

    Returns
    -------
    str
        The runs in ascending order, joined by ``", "``; ``""`` for no years.

    Examples
    --------
    >>> year_ranges([2031, 2026, 2027, 2028, 2033, 2034])
    '2026–2028, 2031, 2033–2034'
    >>> year_ranges([2026, 2027], dash="-")
    '2026-2027'
    >>> year_ranges([])
    ''
    """
    runs: list[list[int]] = []
    for y in sorted(int(v) for v in years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return ", ".join(f"{r[0]}{dash}{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def share(fraction: Any, digits: int = 1) -> str:
    """A fraction in [0, 1] as a percentage (``0.4173`` -> ``41.7%``).

    Parameters
    ----------
    fraction : float or None
        Share [-].
    digits : int, optional
        Decimals of the percentage.

    Returns
    -------
    str
        The percentage with ``digits`` decimals and ``%``; ``–`` for None or a non-finite
        value.

    Examples
    --------
    >>> share(0.4173), share(1.0), share(0), share(None)
    ('41.7%', '100.0%', '0.0%', '–')
    >>> share(-0.0), share(-1e-9)  # no sign on a share that prints as zero
    ('0.0%', '0.0%')
    """
    x = _number(fraction)
    if x is None:
        return MISSING
    pct = round(100 * x, digits)
    return f"{pct + 0.0 if pct != 0 else 0.0:.{digits}f}%"


def amount(x: Any, decimals: int = 1) -> str:
    """A quantity with ``decimals`` decimals and thousands separators; one that is not
    0 but would round to 0 gets three significant figures instead, so a small quantity
    never reads as none (user test 2026-12-05: "draw 0.0 TWh" for 0.0108 TWh).

    Parameters
    ----------
    x : float or None
        The quantity (any unit).
    decimals : int, optional
        Decimals shown where they keep a digit of it.

    Returns
    -------
    str
        The quantity as text, without a unit; ``–`` for None or a non-finite value.

    Examples
    --------
    >>> amount(21.04), amount(0.0108), amount(0.00484, 2), amount(0), amount(None)
    ('21.0', '0.0108', '0.00484', '0.0', '–')
    """
    v = _number(x)
    if v is None:
        return MISSING
    if v == 0 or round(v, decimals) != 0:
        return f"{v:,.{decimals}f}"
    shown = max(decimals, 2 - math.floor(math.log10(abs(v))))
    return f"{v:.{shown}f}"


#: H100e in one million H100e (unit conversion).
_H100E_PER_MILLION = 1e6


def h100e_millions(h100e: Any) -> str:
    """Compute in millions of H100e, one decimal (``12_345_678`` -> ``12.3M``).

    Parameters
    ----------
    h100e : float or None
        Compute [H100e]; ``None`` or a non-finite value prints as ``–``.

    Returns
    -------
    str
        Millions of H100e, one decimal, thousands separated, with ``M``.

    Examples
    --------
    >>> h100e_millions(12_345_678), h100e_millions(0), h100e_millions(float("nan"))
    ('12.3M', '0.0M', '–')
    """
    x = _number(h100e)
    if x is None:
        return MISSING
    return f"{x / _H100E_PER_MILLION:,.1f}M"
