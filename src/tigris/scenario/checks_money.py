"""Cross-field checks of a scenario's money fields (issue 11; docs/scenario-files.md,
"Money").

Part of :mod:`tigris.scenario.checks` (which runs them with the others and re-exports
:func:`price_items`): the unmet-demand penalty is a number or ``rental``, and price
overrides name a series the plan uses, its items once each, and years in
:data:`~tigris.scenario.schema.YEAR_MIN`-:data:`~tigris.scenario.schema.YEAR_MAX`.
Moved out of :mod:`tigris.scenario.checks` unchanged (its ~800-line budget).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tigris.data import data_cache
from tigris.scenario.schema import PENALTY_RENTAL, PRICE_SERIES, YEAR_MAX, YEAR_MIN
from tigris.yamlio import _got

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Scenario

__all__ = ["check_penalty", "check_prices", "currency_year_set", "own_amounts", "price_items"]

#: A facility's money fields, the scenario's own amounts (docs/finance.md, "Money of
#: which year").
_FACILITY_MONEY = (
    "capex_usd",
    "capex_usd_per_mw",
    "opex_usd_per_year",
    "opex_usd_per_mw_year",
    "energy_usd_per_mwh",
)
#: A site's money fields.
_SITE_MONEY = ("labour_usd_per_fte_year", "electricity_usd_per_kwh")


def check_penalty(parts: Parts) -> Found:
    """The unmet-demand penalty is a number or ``rental`` (text is refused otherwise).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` at ``unmet_penalty_usd_per_h100e`` when it is text
        other than ``rental``, else empty.
    """
    value = parts.penalty
    if not isinstance(value, str) or value == PENALTY_RENTAL:
        return []
    from tigris.cli._args import number_hint

    # '40k' or '30,000': the number to write, as every other number gets (user test
    # 2026-12-06 #5; docs/scenario-files.md: "refused with the number to write")
    hint = number_hint(value)
    msg = (
        f"expected a number [USD per H100e] or '{PENALTY_RENTAL}' (the rental value of an "
        f"H100e over the fleet lifetime, data/prices.csv), got {_got(value)}"
        + (f"; {hint}" if hint else "")
    )
    return [(("unmet_penalty_usd_per_h100e",), msg)]


def price_items(series_name: str) -> dict[str, str]:
    """Item names a ``prices.<series>`` override may use: lower-case name -> the
    ``data/prices.csv`` item it prices. A logic node prices its own item if the table
    has one (``A16``), else its family's (``N4`` -> ``N5``), as
    :func:`tigris.finance.prices.wafer_price_usd` does; ``cowos`` only the pool's price
    (the one the plan uses).

    Parameters
    ----------
    series_name : str
        One of :data:`tigris.scenario.schema.PRICE_SERIES`.

    Returns
    -------
    dict of str to str
        Lower-case item name -> the ``data/prices.csv`` item it prices.

    Examples
    --------
    >>> price_items("wafer")["n4"], price_items("wafer")["a16"], price_items("cowos")
    ('N5', 'A16', {'cowos': 'cowos'})
    """
    return dict(_price_items(series_name))


@data_cache
def _price_items(series_name: str) -> dict[str, str]:
    """:func:`price_items`, computed once per data overlay."""
    from tigris.finance.prices import price_table

    if series_name == "cowos":
        return {"cowos": "cowos"}
    table = price_table()
    items = {str(x).lower(): str(x) for x in table.loc[table["series"] == series_name, "item"]}
    if series_name != "wafer":
        return items
    out = dict(items)
    from tigris.scenario.checks import _node_names

    for node, family in _node_names().items():
        item = items.get(node.lower()) or items.get(family.lower())
        if item is not None:
            out.setdefault(node.lower(), item)
    return out


#: The price series of the H100's rent (:data:`PRICE_SERIES`).
RENTAL_SERIES = "rental"


def check_prices(parts: Parts) -> Found:
    """Price overrides name a series the plan uses, its items once each, and years in
    :data:`~tigris.scenario.schema.YEAR_MIN`-:data:`~tigris.scenario.schema.YEAR_MAX`
    (not only the horizon's: the rental value of an H100e reads the years after it).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: an unknown series, an unknown item, an item
        priced twice, a rental item other than the one read, a year key out of range.
    """
    from tigris.finance.prices import RENTAL_ITEM
    from tigris.scenario.checks import did_you_mean

    out: Found = []
    for name, items in (parts.prices or {}).items():
        if name not in PRICE_SERIES:
            hint = did_you_mean(name, list(PRICE_SERIES))
            msg = (
                f"unknown price series '{name}'{hint}; the plan uses {', '.join(PRICE_SERIES)} "
                "(accelerator prices in data/prices.csv are for reading results, not planning)"
            )
            out.append((("prices", name), msg))
            continue
        known = price_items(name)
        seen: dict[str, str] = {}
        for item, year_map in items.items():
            loc = ("prices", name, item)
            canon = known.get(item.lower())
            if name == RENTAL_SERIES and canon is not None and canon != RENTAL_ITEM:
                # the plan reads the H100's rent alone (the penalty's rental value):
                # another part's rent was accepted and changed nothing (user test
                # 2026-12-05)
                msg = (
                    f"the plan reads only the {RENTAL_ITEM} rent (the rental value of an "
                    f"H100e, unmet_penalty_usd_per_h100e: rental); {canon}'s rent in "
                    "data/prices.csv is for reading results, and changing it here would "
                    f"change nothing: give prices.rental.{RENTAL_ITEM}"
                )
                out.append((loc, msg))
                continue
            if canon is None:
                shown = sorted(set(known.values()))
                hint = did_you_mean(item, shown)
                out.append((loc, f"unknown {name} item '{item}'{hint}; known: {', '.join(shown)}"))
            elif canon in seen:
                msg = f"'{item}' and '{seen[canon]}' both price {canon}; give one"
                out.append((loc, msg))
            else:
                seen[canon] = item
            for year in year_map:
                if not YEAR_MIN <= year <= YEAR_MAX:
                    msg = f"year {year} is outside {YEAR_MIN}-{YEAR_MAX}"
                    out.append(((*loc, year), msg))
    return out


def own_amounts(sc: Scenario) -> list[str]:
    """The scenario's own money amounts, by field (``capital``, ``prices``, a numeric
    ``unmet_penalty_usd_per_h100e``, ``facilities.FID.FIELD``, ``sites.NAME.FIELD``):
    what it gives in dollars of its ``currency_year``, as written and not converted
    (docs/finance.md, "Money of which year").

    Parameters
    ----------
    sc : Scenario
        A valid scenario.

    Returns
    -------
    list of str
        The fields, in the scenario's order.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> own = own_amounts(reference_scenario())
    >>> own[0], "facilities.datacenter-gas.energy_usd_per_mwh" in own
    ('capital', True)
    """
    from tigris.scenario.checks import facility_id

    out = ["capital"] if sc.capital else []
    if sc.prices:
        out.append("prices")
    if not isinstance(sc.unmet_penalty_usd_per_h100e, str):
        out.append("unmet_penalty_usd_per_h100e")
    for f in sc.facilities:
        fid = facility_id(f.kind, f.node, f.power)
        out += [f"facilities.{fid}.{k}" for k in _FACILITY_MONEY if getattr(f, k) is not None]
    for site in sc.sites:
        out += [f"sites.{site.name}.{k}" for k in _SITE_MONEY if getattr(site, k) is not None]
    return out


def currency_year_set(base: Scenario, edited: Scenario) -> str | None:
    """What a ``currency_year`` changed after the file was written (``--set
    currency_year=2020``) does to the scenario's own amounts, or None when it is
    unchanged or the scenario has none.

    The shipped tables' money is converted to the ``currency_year`` (CPI-U, or the fab
    layer's indexes), while the scenario's own amounts are read as dollars of the
    ``currency_year`` as written (docs/finance.md, "Money of which year"): written for
    the file's year, they are re-read unconverted as dollars of the new one, so they
    move against the tables (user test s49 e&f #8: ``currency_year=2020`` on the
    reference turned an NPV of +$3.61B into -$1.09B with the same builds). The words do
    not name the new year, so a sweep's values of it share one line.

    Parameters
    ----------
    base : Scenario
        The scenario as written.
    edited : Scenario
        The scenario with the changes.

    Returns
    -------
    str or None
        The warning's words, naming up to six of the scenario's own amounts (their
        paths), without a path or ``warning: `` prefix; None when the currency year is
        unchanged or the scenario gives no amount of its own.
    """
    if edited.currency_year == base.currency_year:
        return None
    own = own_amounts(edited)
    if not own:
        return None
    shown = ", ".join(own[:6]) + (f" and {len(own) - 6} more" if len(own) > 6 else "")
    return (
        f"changes the money's year from the file's {base.currency_year}: the shipped tables' "
        "money is converted to the year set, but the scenario's own amounts "
        f"({shown}) are read as dollars of the year set as written, unconverted, so they "
        "move against the tables; to state the plan in other dollars, convert those "
        "amounts too (or leave currency_year as the file has it) (docs/finance.md, "
        '"Money of which year")'
    )
