"""Cross-field checks of a scenario's capital sources (docs/scenario-files.md,
"Capital").

Part of :mod:`tigris.scenario.checks` (which runs it with the others): a source gives
``amount_usd`` over ``first_year..last_year`` or ``usd_by_year``, not both, with years
the money can be spent in. Kept apart for :mod:`tigris.scenario.checks`' ~800-line
budget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tigris.scenario.schema import YEAR_MAX, YEAR_MIN

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["check_capital"]


#: The two ways of giving a capital source's money, said once for every message.
_CAPITAL_FORMS = "give amount_usd with first_year and last_year, or usd_by_year"


def _late(year: int, parts: Parts, fix: str) -> str:
    last = int(parts.years[-1])
    return (
        f"{year} is after the horizon {parts.span}: money released after {last} could "
        f"never be spent; {fix} or extend the horizon"
    )


def _same_but_case(parts: Parts) -> Found:
    """Names equal up to case (``ministry``, ``Ministry``): one line at the second.

    A name is a key of paths (``capital.ministry.usd_by_year.2027``,
    ``disruptions[].capital``) and of the plan's tables; two that differ only in case
    read as one source to a person and as two to the plan (user test 6, #10).
    An exact duplicate is :func:`tigris.scenario.checks._duplicates`' line.
    """
    out: Found = []
    seen: dict[str, str] = {}
    for i, c in parts.capital:
        first = seen.get(c.name.casefold())
        if first is not None and first != c.name:
            msg = (
                f"capital source '{c.name}' differs from '{first}' only in case; give "
                "each source a name of its own (or merge the two)"
            )
            out.append((("capital", i, "name"), msg))
        seen.setdefault(c.name.casefold(), c.name)
    return out


def check_capital(parts: Parts) -> Found:
    """Capital sources: unique names, one form each, years in order, money released in
    the horizon.

    A source gives ``amount_usd`` released evenly over ``first_year..last_year``, or
    ``usd_by_year``, not both. Money released before the horizon is available from its
    first year, but money released after it could never be spent.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a duplicate name (or one differing only in
        case), both or neither form, a missing field, years out of order or after the
        horizon, an all-zero ``usd_by_year``, a year key outside the years allowed.
    """
    from tigris.scenario.checks import _duplicates  # its caller: loaded by now

    out = _duplicates("capital", parts.capital, "capital source")
    out += _same_but_case(parts)
    years = parts.years
    for i, c in parts.capital:
        even = {k: getattr(c, k) for k in ("amount_usd", "first_year", "last_year")}
        if c.usd_by_year is not None:
            if any(v is not None for v in even.values()):
                out.append((("capital", i), f"{_CAPITAL_FORMS}, not both"))
            # every year at 0 offers nothing, as amount_usd: 0 (since 2026-12-07): the
            # world without the investor, as the plan's baseline
            for year in c.usd_by_year:
                if not YEAR_MIN <= year <= YEAR_MAX:
                    msg = f"expected a year {YEAR_MIN}-{YEAR_MAX}, got {year}"
                    out.append((("capital", i, "usd_by_year", year), msg))
                elif len(years) and year > years[-1]:
                    msg = _late(year, parts, "leave the year out")
                    out.append((("capital", i, "usd_by_year", year), msg))
            continue
        missing = [k for k, v in even.items() if v is None]
        if len(missing) == len(even):
            out.append((("capital", i), _CAPITAL_FORMS))
        elif missing:
            for k in missing:
                out.append((("capital", i, k), f"missing: {_CAPITAL_FORMS}"))
        elif c.first_year > c.last_year:
            out.append((("capital", i, "last_year"), f"must be >= first_year ({c.first_year})"))
        elif len(years) and c.last_year > years[-1]:
            msg = _late(int(c.last_year), parts, "end the source by then")
            out.append((("capital", i, "last_year"), msg))
    return out
