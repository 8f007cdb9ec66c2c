"""Cross-field checks of a scenario's ``disruptions`` (issue 15; docs/risk.md,
"Disruptions").

Part of :mod:`tigris.scenario.checks` (which runs it with the others): every event has
a unique ``name`` and a ``source``, starts within the horizon, and names what exists:
a ``region`` that is a site of ``data/sites.csv`` or an energy region, a ``capital``
source of the scenario, a ``product`` of the scenario (with ``products: roadmap``, one of
the roadmap's parts shipping in the horizon, ``data/roadmap.csv``: user test UT-POLICY
#4, it was left to ``tigris risk``, without the file's line). Unknown names get a did-you-mean.
The kinds and single-field bounds are the schema's (:mod:`tigris.risk.disruptions`).
Each returns ``(location, message)`` pairs, located at ``disruptions.<i>.<field>`` so
that a file's line is found.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter, ValidationError

from tigris.risk.disruptions import (
    Disruption,
    ExportControl,
    past_horizon,
    region_names,
    region_sites,
)

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = ["check_disruptions", "events_past_horizon", "typed_disruptions"]

#: What an event's ``source`` must say, for every message about it.
_SOURCE = (
    "expected the source of this disruption (a publication or precedent, or whose "
    "estimate: 'tigris assumption: ..., because ...')"
)

_EVENT: TypeAdapter[Any] = TypeAdapter(Disruption)


def typed_disruptions(value: Any) -> tuple[tuple[tuple[int, Any], ...], bool]:
    """The entries of a raw ``disruptions`` list that the schema accepts, with their
    index, and whether all were (the others are the schema's to report).

    Parameters
    ----------
    value : Any
        The raw ``disruptions`` value of the document.

    Returns
    -------
    tuple of (int, event) pairs
        The accepted events, each with its index in the list (empty when ``value`` is not
        a list).
    bool
        True when every entry was accepted (False when ``value`` is not a list).
    """
    if not isinstance(value, list):
        return (), False
    out = []
    for i, entry in enumerate(value):
        try:
            out.append((i, _EVENT.validate_python(entry)))
        except ValidationError:
            continue
    return tuple(out), len(out) == len(value)


def _unknown(what: str, name: str, choices: list[str], section: str) -> str:
    """``unknown <what> '<name>'``, the closest name and the known ones, or that the
    scenario's ``section`` defines none (:func:`tigris.scenario.checks.known_names`)."""
    from tigris.scenario.checks import did_you_mean, known_names

    return f"unknown {what} '{name}'{did_you_mean(name, choices)}; {known_names(choices, section)}"


def check_disruptions(parts: Parts) -> Found:
    """Disruptions: names unique, a source each, a start in the horizon, and a region,
    capital source or product that exists.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a duplicate name, no source, a start year
        outside the horizon, an unknown region, capital source or export-controlled
        product.
    """
    from tigris.scenario.checks import _duplicates, resolve_site

    events = parts.disruptions
    out: Found = _duplicates("disruptions", events, "disruption")
    years = parts.years
    capital = [c.name for _, c in parts.capital]
    products = [p.name for _, p in parts.products]
    extra: Mapping[str, str] = {
        (resolve_site(s.name) or s.name.lower()): s.region for _, s in parts.sites if s.region
    }
    for i, e in events:
        if not e.source.strip():
            out.append((("disruptions", i, "source"), _SOURCE))
        if len(years) and not years[0] <= e.start_year <= years[-1]:
            msg = (
                f"expected a year in the horizon {parts.span}, got {e.start_year}: a "
                "disruption outside it changes nothing"
            )
            out.append((("disruptions", i, "start_year"), msg))
        region = getattr(e, "region", None)
        sites = None if region is None else region_sites(region, extra)
        if region is not None and sites is None:
            msg = _unknown("region", region, region_names(), "regions")
            out.append((("disruptions", i, "region"), msg))
        elif region is not None and not sites and e.kind == "region_outage":  # an outage
            # that removes nothing (export controls #9: accepted without a word); an
            # export control's region names a market, with or without sites
            msg = (
                f"region '{region}' has no site (data/site_regions.csv), so an outage of "
                "it removes nothing; expected a site or a region with sites"
            )
            out.append((("disruptions", i, "region"), msg))
        name = getattr(e, "capital", None)
        if name is not None and "capital" in parts.complete and name not in capital:
            msg = _unknown("capital source", name, capital, "capital")
            # the way out when the source was removed on purpose (user test s48 plan
            # #4: with capital=[] the disruption named the source, and nothing said how)
            msg += f"; or remove disruption '{e.name}' too (--set 'disruptions.{e.name}=null')"
            out.append((("disruptions", i, "capital"), msg))
        if isinstance(e, ExportControl):
            known = _roadmap_names(years) if parts.roadmap else products
            complete = parts.roadmap or "products" in parts.complete
            if complete and known is not None and e.product not in known:
                msg = _unknown("product", e.product, known, "products")
                out.append((("disruptions", i, "product"), msg))
    return out


def _roadmap_names(years: Any) -> list[str] | None:
    """The products ``products: roadmap`` gives a horizon (:func:`tigris.world.roadmap.
    roadmap_products`, those shipping in it), or ``None`` without a horizon."""
    from tigris.world.roadmap import roadmap_products

    if not len(years):
        return None
    return [d["name"] for d in roadmap_products(int(years[0]), int(years[-1]))]


def events_past_horizon(parts: Parts) -> Found:
    """Warnings: a region outage's ``months`` or an EUV cut's ``years`` that run past
    the horizon's end, which the planner does not count (user test UT-POLICY #6:
    ``months: 1000`` passed without a word), located at the field that runs past
    (:func:`tigris.risk.disruptions.past_horizon`).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per event whose ``months`` or ``years`` run past the
        horizon's last year; empty without a valid horizon.
    """
    years = parts.years
    if not len(years):
        return []
    out: Found = []
    for i, e in parts.disruptions:
        cut = past_horizon(e, int(years[-1]))
        if cut:
            field = "months" if e.kind == "region_outage" else "years"
            out.append((("disruptions", i, field), f"the {e.kind.replace('_', ' ')} {cut}"))
    return out
