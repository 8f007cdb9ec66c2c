"""Cross-field checks of a scenario, on its *validated* (typed) values.

pydantic checks one field at a time (:mod:`tigris.scenario.schema`); these functions
look at the scenario as a whole: years outside the horizon, duplicate names, unknown
sites, products, nodes and facility types, mix shares, products no facility can make.
Each check is one function taking :class:`Parts` and returning ``(location, message)``
pairs; :func:`cross_field_problems` runs them all, and
:func:`tigris.scenario.load.scenario_from_dict` turns the pairs into
``file:line: field.path: message`` problems.

The checks see typed values only, so a number has one validation path however it was
spelt: a section (one ``products[]`` entry, the horizon, ...) that the schema refuses
is left out of these checks (its problems are already reported), and a check that
needs a whole list (facility types named by sites) is skipped if an entry of that list
was refused, so that it does not report a consequence of another problem. A
``sites[]`` entry and the ``datacenters`` block are kept with their refused values
left out (:func:`~tigris.scenario.checks_partial.salvage`): the checks that read them
check names (a site, its region and facility types, the headroom's regions) or compare
values that are then absent, so a bad value no longer hides an unknown name beside it;
a check that needs the whole ``datacenters`` block (or its ``existing_mw`` as given)
asks for it in ``Parts.complete``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError

from tigris.catalog import Accelerator, load_catalog
from tigris.data import data_cache, list_tables, load_rows
from tigris.errors import ADD_WITH_DATA, InputError, did_you_mean  # did_you_mean re-exported
from tigris.nodes import get_node, list_nodes
from tigris.scenario.checks_capital import check_capital
from tigris.scenario.checks_disrupt import check_disruptions, typed_disruptions
from tigris.scenario.checks_dist import check_distributions, typed_correlations, typed_distributions
from tigris.scenario.checks_energy import (
    check_datacenter_facilities,
    check_existing_fleet,
    check_regions,
)
from tigris.scenario.checks_extremes import min_modules_past_power_limit
from tigris.scenario.checks_fleet import check_fleet_lifetimes, typed_lifetime
from tigris.scenario.checks_forecast import check_demand_forecast
from tigris.scenario.checks_horizon import check_product_years
from tigris.scenario.checks_money import check_penalty, check_prices, price_items
from tigris.scenario.checks_partial import salvage_left_out
from tigris.scenario.checks_products import products_below_landauer
from tigris.scenario.checks_sources import check_sources
from tigris.scenario.schema import (
    MAX_HORIZON_YEARS,
    MAX_QUANTITY,
    ROADMAP,
    CapitalSource,
    Datacenters,
    DemandClass,
    Facility,
    Horizon,
    Incumbents,
    Penalty,
    Prices,
    Product,
    Scenario,
    Site,
    Supply,
    Tools,
    Workload,
)
from tigris.scenario.series import series, workload_fleet_h100e

#: Appended to an unknown accelerator: the README's section on one's own part (its
#: "Your own data" covers sites, nodes, HBM and packages; user test UT-CONTRIB
#: 2026-12-04, finding 15).
ADD_PART_WITH_DATA = "; add your own with --data FILE (README, 'Your own accelerator')"

__all__ = [
    "CHECKS",
    "Parts",
    "cross_field_problems",
    "did_you_mean",
    "facility_id",
    "known_names",
    "left_out_keys",
    "parts_of",
    "price_items",
    "resolve_site",
]

Loc = tuple[Any, ...]
Found = list[tuple[Loc, str]]
M = TypeVar("M", bound=BaseModel)

#: Tolerance when comparing mix shares [-].
_SHARE_TOL = 1e-9
#: Tolerance on a spend profile's sum [-].
_SUM_TOL = 1e-6


def known_names(choices: Iterable[str], section: str) -> str:
    """The end of an "unknown name" message: ``known: a, b``, or, when the scenario's
    own ``section`` defines none, ``none is defined (section: is empty)``.

    A list the scenario writes itself can be empty (``capital: []``, ``facilities:
    []``); "known: " and nothing reads as a cut-off message (user test UT-SWF, #10).

    Parameters
    ----------
    choices : iterable of str
        The names the scenario defines, in the order to show them.
    section : str
        The scenario's top-level key that defines them (``"capital"``).

    Returns
    -------
    str
        The clause, without a leading separator.

    Examples
    --------
    >>> known_names(["fund"], "capital")
    'known: fund'
    >>> known_names([], "capital")
    'none is defined (capital: is empty)'
    """
    names = list(choices)
    if not names:
        return f"none is defined ({section}: is empty)"
    return f"known: {', '.join(names)}"


# --- name tables ------------------------------------------------------------------


@data_cache
def _site_table() -> dict[str, str]:
    """Site name or alias -> canonical name, from ``data/sites.csv``."""
    if "sites" not in list_tables():
        return {}
    out: dict[str, str] = {}
    for row in load_rows("sites"):
        name = str(row["site"]).strip().lower()
        out[name] = name
        aliases = row.get("aliases")
        if isinstance(aliases, str):
            for a in aliases.split("|"):
                if a.strip():
                    out[a.strip().lower()] = name
    return out


def resolve_site(name: str) -> str | None:
    """Canonical site name for ``name`` (or an alias), or ``None`` if unknown.

    Parameters
    ----------
    name : str
        A site name or one of its aliases, any case, surrounding spaces ignored.

    Returns
    -------
    str or None
        The site's name as ``data/sites.csv`` gives it (lower case), or None when the
        table has no such site or alias (or no site table is loaded).
    """
    return _site_table().get(name.strip().lower())


def _accelerator_names() -> set[str]:
    names: set[str] = set()
    for acc in load_catalog().values():
        names.add(acc.name)
        names.update(acc.aliases)
    return names


def _node_names() -> dict[str, str]:
    return {n.upper(): get_node(n).family for n in list_nodes()}


#: How a logic facility type's name starts (:func:`facility_id`).
LOGIC_PREFIX = "logic-"


def facility_id(kind: str, node: str | None, power: str | None = None) -> str:
    """Facility type name: ``logic-<node family>``, ``cowos``, ``hbm``, or for data
    centres ``datacenter`` (grid) and ``datacenter-<power>`` (on-site generation).

    Parameters
    ----------
    kind : str
        ``logic``, ``cowos``, ``hbm`` or ``datacenter``.
    node : str or None
        Process node of a logic facility (any node of the family).
    power : str or None
        How a datacenter is powered: ``grid`` (default), ``gas`` or ``solar``.

    Returns
    -------
    str
        The facility type name (``logic-N5``, ``cowos``, ``hbm``, ``datacenter``,
        ``datacenter-gas``); an unknown logic node is kept as given, upper-cased.

    Examples
    --------
    >>> facility_id("logic", "n4"), facility_id("cowos", None)
    ('logic-N5', 'cowos')
    >>> facility_id("datacenter", None), facility_id("datacenter", None, "gas")
    ('datacenter', 'datacenter-gas')
    """
    if kind == "datacenter":
        return kind if power in (None, "grid") else f"{kind}-{power}"
    if kind != "logic":
        return kind
    family = _node_names().get((node or "").upper(), (node or "").upper())
    return f"{LOGIC_PREFIX}{family}"


# --- the typed parts of a document ------------------------------------------------


@dataclass(frozen=True)
class Parts:
    """The sections of a scenario that the schema accepts, typed.

    List sections keep each accepted entry with its index in the file; ``complete``
    names the list sections of which every entry was accepted, and ``datacenters`` if
    that block was (``sites`` and ``datacenters`` keep a refused entry with its refused
    values left out, :func:`_salvaged_many`), ``datacenters.existing_mw`` if that field
    was (whatever the rest of its block). ``roadmap`` is true for
    ``products: roadmap`` (the products then come from the world layer, and the
    product checks have nothing to look at).
    """

    horizon: Horizon | None
    demand: tuple[tuple[int, DemandClass], ...]
    products: tuple[tuple[int, Product], ...]
    supply: Supply | None
    facilities: tuple[tuple[int, Facility], ...]
    sites: tuple[tuple[int, Site], ...]
    capital: tuple[tuple[int, CapitalSource], ...]
    tools: Tools | None
    complete: frozenset[str]
    roadmap: bool = False
    incumbents: Incumbents | None = None
    penalty: float | str | None = None
    prices: Mapping[str, Mapping[str, Mapping[int, float]]] | None = None
    datacenters: Datacenters | None = None
    fleet_lifetime: Any = None
    distributions: Mapping[str, Any] | None = None
    correlations: tuple[Any, ...] | None = None
    disruptions: tuple[tuple[int, Any], ...] = ()
    scenario: Scenario | None = None  # the whole scenario, when the schema accepted it
    pue: float | None = None  # the scenario's pue, the unit of datacenters.existing_mw [-]
    #: Paths of the mapping entries a salvaged section left out for a refused value
    #: (their keys were accepted): a name check may read such a key (``("datacenters",
    #: "grid_headroom_mw", "narnia")``, ``("sites", 1, "module_capacity", "logic-N9")``).
    left_out: tuple[Loc, ...] = ()

    @property
    def years(self) -> np.ndarray:
        """Planning years, empty without a valid horizon [year]."""
        h = self.horizon
        if h is None or h.first_year > h.last_year:
            return np.zeros(0, dtype=int)
        return np.arange(h.first_year, h.last_year + 1)

    @property
    def span(self) -> str:
        h = self.horizon
        return f"{h.first_year}–{h.last_year}" if h is not None else ""


def _one(model: type[M], value: Any) -> M | None:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def _typed(adapter: TypeAdapter[Any], value: Any) -> Any:
    """``value`` validated by ``adapter``, or ``None`` when the schema refuses it."""
    try:
        return adapter.validate_python(value, strict=True)
    except ValidationError:
        return None


_PENALTY: TypeAdapter[Any] = TypeAdapter(Penalty)
_PRICES: TypeAdapter[Any] = TypeAdapter(Prices)
#: The scenario's ``pue`` as the schema types it (its field's constraints).
_PUE: TypeAdapter[Any] = TypeAdapter(Annotated[float, Scenario.model_fields["pue"]])


#: In ``Parts.complete`` when ``datacenters.existing_mw`` was accepted as given, even if
#: another value of the block was refused (the installed-fleet check reads only it).
_EXISTING = "datacenters.existing_mw"


def _many(model: type[M], value: Any) -> tuple[tuple[tuple[int, M], ...], bool]:
    if not isinstance(value, list):
        return (), False
    got = [(i, _one(model, v)) for i, v in enumerate(value)]
    ok = tuple((i, m) for i, m in got if m is not None)
    return ok, len(ok) == len(value)


def _salvaged_many(
    model: type[M], value: Any
) -> tuple[tuple[tuple[int, M], ...], bool, tuple[Loc, ...]]:
    """As :func:`_many`, each refused entry kept with its refused values left out
    (:func:`~tigris.scenario.checks_partial.salvage_left_out`); complete if none was
    refused; and the left-out entries' paths, from the entry's index."""
    if not isinstance(value, list):
        return (), False, ()
    got = [(i, *salvage_left_out(model, v)) for i, v in enumerate(value)]
    ok = tuple((i, m) for i, m, _, _ in got if m is not None)
    left = tuple((i, *path) for i, m, _, paths in got if m is not None for path in paths)
    return ok, all(whole for _, _, whole, _ in got), left


def parts_of(data: Any) -> Parts:
    """The typed parts of a scenario document (a :class:`Scenario` or its raw mapping).

    Parameters
    ----------
    data : Scenario or mapping
        A validated scenario, or the parsed document when the schema refused some of
        it (each section is then validated on its own).

    Returns
    -------
    Parts
        The typed sections; with a raw mapping, each section the schema refuses is None or
        left out of its tuple, and ``Parts.complete`` names the lists validated whole.
    """
    if isinstance(data, Scenario):
        lists = ("demand", "products", "facilities", "sites", "capital", "datacenters", _EXISTING)
        roadmap = data.products == ROADMAP
        return Parts(
            horizon=data.horizon,
            demand=tuple(enumerate(data.demand)),
            products=() if isinstance(data.products, str) else tuple(enumerate(data.products)),
            supply=data.supply,
            facilities=tuple(enumerate(data.facilities)),
            sites=tuple(enumerate(data.sites)),
            capital=tuple(enumerate(data.capital)),
            tools=data.tools,
            complete=frozenset(lists),
            roadmap=roadmap,
            incumbents=data.incumbents,
            penalty=data.unmet_penalty_usd_per_h100e,
            prices=data.prices,
            datacenters=data.datacenters,
            fleet_lifetime=data.fleet_lifetime_years,
            distributions=data.distributions,
            correlations=tuple(data.correlations),
            disruptions=tuple(enumerate(data.disruptions)),
            scenario=data,
            pue=data.pue,
        )
    raw: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
    demand, demand_ok = _many(DemandClass, raw.get("demand"))
    products, products_ok = _many(Product, raw.get("products"))
    facilities, facilities_ok = _many(Facility, raw.get("facilities", []))
    sites, sites_ok, sites_left = _salvaged_many(Site, raw.get("sites", []))
    raw_dc = raw.get("datacenters") or {}
    datacenters, datacenters_ok, dc_left = salvage_left_out(Datacenters, raw_dc)
    existing_ok = datacenters_ok or (
        isinstance(raw_dc, Mapping)
        and _one(Datacenters, {"existing_mw": raw_dc.get("existing_mw")}) is not None
    )
    capital, capital_ok = _many(CapitalSource, raw.get("capital", []))
    raw_dists = raw.get("distributions", {})
    dists = typed_distributions(raw_dists)
    dists_ok = isinstance(raw_dists, Mapping) and len(dists) == len(raw_dists)
    complete = {
        name
        for name, ok in (
            ("demand", demand_ok),
            ("products", products_ok),
            ("facilities", facilities_ok),
            ("sites", sites_ok),
            ("capital", capital_ok),
            ("distributions", dists_ok),
            ("datacenters", datacenters_ok),
            (_EXISTING, existing_ok),
        )
        if ok
    }
    return Parts(
        horizon=_one(Horizon, raw.get("horizon")),
        demand=demand,
        products=products,
        supply=_one(Supply, raw.get("supply")),
        facilities=facilities,
        sites=sites,
        capital=capital,
        tools=_one(Tools, raw.get("tools")),
        complete=frozenset(complete),
        roadmap=raw.get("products") == ROADMAP,
        incumbents=_one(Incumbents, raw.get("incumbents", {})),
        penalty=_typed(_PENALTY, raw.get("unmet_penalty_usd_per_h100e")),
        prices=_typed(_PRICES, raw.get("prices", {})),
        datacenters=datacenters,
        fleet_lifetime=typed_lifetime(raw.get("fleet_lifetime_years")),
        distributions=dists,
        correlations=typed_correlations(raw.get("correlations", [])),
        disruptions=typed_disruptions(raw.get("disruptions", []))[0],
        pue=_typed(_PUE, raw.get("pue")),
        left_out=tuple(("sites", *p) for p in sites_left)
        + tuple(("datacenters", *p) for p in dc_left if datacenters is not None),
    )


# --- checks, one job each ---------------------------------------------------------


def check_horizon(parts: Parts) -> Found:
    """The horizon runs forwards and spans at most :data:`MAX_HORIZON_YEARS`.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` for a ``last_year`` before ``first_year`` or a horizon
        too long; empty when fine or without a valid horizon.
    """
    h = parts.horizon
    if h is None:
        return []
    if h.first_year > h.last_year:
        return [(("horizon", "last_year"), f"must be >= first_year ({h.first_year})")]
    n_years = h.last_year - h.first_year + 1
    if n_years > MAX_HORIZON_YEARS:
        msg = f"the horizon spans {n_years} years; at most {MAX_HORIZON_YEARS} are planned"
        return [(("horizon", "last_year"), msg)]
    return []


def _year_maps(parts: Parts) -> Iterable[tuple[Loc, Mapping[int, Any] | None]]:
    """Every year map of the scenario, with its location."""
    for i, d in parts.demand:
        yield ("demand", i, "h100e_by_year"), d.h100e_by_year
        yield ("demand", i, "accelerators_by_year"), d.accelerators_by_year
        for j, w in enumerate(d.workloads or []):
            yield ("demand", i, "workloads", j, "runs_by_year"), w.runs_by_year
            yield ("demand", i, "workloads", j, "tokens_per_day_by_year"), w.tokens_per_day_by_year
    for i, p in parts.products:
        for key in ("min_share", "max_share"):
            value = getattr(p, key)
            yield ("products", i, key), value if isinstance(value, dict) else None
    if parts.supply is not None:
        yield ("supply", "cowos_wspm"), parts.supply.cowos_wspm
        yield ("supply", "hbm_wspm"), parts.supply.hbm_wspm
        for node, wspm in parts.supply.logic_wspm.items():
            yield ("supply", "logic_wspm", node), wspm
    if parts.datacenters is not None:
        yield ("datacenters", "existing_mw"), parts.datacenters.existing_mw
        for region, year_map in parts.datacenters.grid_headroom_mw.items():
            yield ("datacenters", "grid_headroom_mw", region), year_map
    if parts.tools is not None:
        yield ("tools", "euv_per_year"), parts.tools.euv_per_year
        yield ("tools", "high_na_per_year"), parts.tools.high_na_per_year


def check_year_keys(parts: Parts) -> Found:
    """Year-map keys must be planning years (a value outside them would be ignored or
    silently reshape the interpolation).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per year key outside the horizon, located at the key;
        empty without a valid horizon.
    """
    years = parts.years
    if not len(years):
        return []
    first, last = int(years[0]), int(years[-1])
    out: Found = []
    for loc, year_map in _year_maps(parts):
        for year in year_map or {}:
            if not first <= year <= last:
                msg = f"year {year} is outside the horizon {parts.span}"
                out.append(((*loc, year), f"{msg}; give values for planning years"))
    return out


def _duplicates(
    section: str, items: Iterable[tuple[int, Any]], what: str, case: bool = False
) -> Found:
    """A name given twice, one line at the second; with ``case``, also two names equal
    up to case (``b200``, ``B200``): a product names its catalog part without case, so
    the two are one part with two share bands, and two demand classes so named read as
    one to a person and as two to the plan (user test 2026-12-05; capital sources:
    :func:`tigris.scenario.checks_capital._same_but_case`)."""
    out: Found = []
    seen: set[str] = set()
    folded: dict[str, str] = {}
    for i, item in items:
        first = folded.get(item.name.casefold())
        if item.name in seen:
            out.append(((section, i, "name"), f"duplicate {what} '{item.name}'"))
        elif case and first is not None:
            msg = (
                f"{what} '{item.name}' differs from '{first}' only in case; give each "
                f"{what} a name of its own (or merge the two)"
            )
            if section == "products":  # a catalog part is named without case
                msg += "; as a catalog part's name the two are one part"
            out.append(((section, i, "name"), msg))
        seen.add(item.name)
        folded.setdefault(item.name.casefold(), item.name)
    return out


def _same_part_by_alias(products: Iterable[tuple[int, Product]]) -> Found:
    """Two products named by two names of one catalog part (``b200`` and its alias
    ``b200-hgx``), neither naming its part in ``accelerator``: one part with two share
    bands, as two names equal up to case are (:func:`_duplicates`; user test s57, input
    fuzzing #5). A product that names its part in ``accelerator`` is a variant on
    purpose (``{name: my-b200, accelerator: b200}``) and is left alone."""
    out: Found = []
    first: dict[str, str] = {}
    for i, p in products:
        if p.accelerator is not None:
            continue
        entry = _catalog_entry(p)
        if entry is None:
            continue
        before = first.setdefault(entry.name, p.name)
        if before.casefold() != p.name.casefold():
            msg = (
                f"product '{p.name}' is catalog part {entry.name}, as product '{before}' "
                "is (one part by two of its names): give each product a part of its own, "
                "or name the part in accelerator: to plan a variant of it"
            )
            out.append((("products", i, "name"), msg))
    return out


#: Most compute a demand class may ask for in one year [H100e, or accelerator units]. A
#: validation bound, as :data:`MAX_QUANTITY`: 1e12 H100e delivered in a year would draw
#: ~700 TW of IT power at an H100's 700 W (NVIDIA H100 SXM datasheet), ~35x the world's
#: average primary energy use (~19.7 TW: 620 EJ in 2023, Energy Institute, Statistical
#: Review of World Energy 2024); the reference asks for 2.9e9 in 2035. Beyond it the
#: unmet penalty (demand x US$ per H100e, 1e17 USD and more) dwarfs what the world's
#: supply is worth by more than HiGHS's tolerances (1e-7 relative): 1e14 H100e in a
#: year gave an "optimal" plan that served nothing, not even the incumbents' supply
#: (user test 2026-12-07), and from 1e13 the amount added moved.
MAX_DEMAND_H100E = 1e12
#: The ways of giving a demand class's demand other than workloads (one at most).
_DEMAND_WAYS = ("h100e_by_year", "accelerators_by_year", "calibrated_share")


def check_demand(parts: Parts) -> Found:
    """Demand classes: unique names, one way of giving demand, known accelerators.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a duplicate class name, none or several ways
        of giving demand, a misplaced ``growth_per_year``, an unknown accelerator.
    """
    out = _duplicates("demand", parts.demand, "demand class", case=True)
    accs = _accelerator_names()
    for i, d in parts.demand:
        given = [k for k in _DEMAND_WAYS if getattr(d, k) is not None]
        if len(given) > 1 or (not given and d.workloads is None):
            msg = (
                "give exactly one of h100e_by_year, accelerators_by_year or "
                "calibrated_share, and/or workloads"
            )
            out.append((("demand", i), msg))
        if given == ["calibrated_share"] and d.growth_per_year is not None:
            msg = (
                "growth_per_year extends h100e_by_year or accelerators_by_year; calibrated "
                "demand has its own forecast (tigris.world.demand), so leave it out"
            )
            out.append((("demand", i, "growth_per_year"), msg))
        if not given and d.workloads is not None and d.growth_per_year is not None:
            msg = (
                "growth_per_year extends h100e_by_year or accelerators_by_year; "
                "give it on each workload instead"
            )
            out.append((("demand", i, "growth_per_year"), msg))
        for year, h100e in (d.h100e_by_year or {}).items():
            if h100e > MAX_DEMAND_H100E:
                loc = ("demand", i, "h100e_by_year", year)
                out.append((loc, _too_much_demand(h100e, "H100e")))
        for year, units in (d.accelerators_by_year or {}).items():
            if sum(units.values()) > MAX_DEMAND_H100E:
                loc = ("demand", i, "accelerators_by_year", year)
                out.append((loc, _too_much_demand(sum(units.values()), "accelerators")))
            for acc in units:
                if acc.lower() not in accs:
                    hint = did_you_mean(acc, sorted(accs))
                    loc = ("demand", i, "accelerators_by_year", year, acc)
                    out.append((loc, f"unknown accelerator '{acc}'{hint}{ADD_PART_WITH_DATA}"))
    return out


def _too_much_demand(value: float, what: str) -> str:
    """The error for a year's demand above :data:`MAX_DEMAND_H100E`."""
    return (
        f"{value:.10g} {what} in one year is more than {MAX_DEMAND_H100E:g}, whose IT power "
        "alone would be ~35x the world's primary energy use, and too large for the "
        "solver to plan against (the unmet penalty would drown the supply); is it a "
        "unit slip?"
    )


def check_calibrated(parts: Parts) -> Found:
    """Calibrated shares of the demand classes add up to at most 1.

    Each class demands ``share x calibrated_demand(year)``; shares adding up to more
    than 1 would count some of the calibrated total twice.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` at the last class's ``calibrated_share`` when the shares
        add up to more than 1 (beyond a small tolerance), else empty.
    """
    shares = [(i, d.calibrated_share) for i, d in parts.demand if d.calibrated_share is not None]
    total = sum(x for _, x in shares)
    if total <= 1 + _SHARE_TOL:
        return []
    msg = (
        f"calibrated_share values of the demand classes add up to {total:g}, more than "
        "the whole calibrated demand; give shares adding up to at most 1"
    )
    return [(("demand", shares[-1][0], "calibrated_share"), msg)]


def _workload_shape(w: Workload, loc: Loc) -> Found:
    """One of train or infer, with the load that kind of workload takes."""
    kinds = [k for k in ("train", "infer") if getattr(w, k) is not None]
    if len(kinds) != 1:
        return [(loc, "give exactly one of train or infer")]
    out: Found = []
    loads = [k for k in ("tokens_per_day", "tokens_per_day_by_year") if getattr(w, k) is not None]
    if kinds == ["train"]:
        if w.runs_by_year is None:
            out.append((loc, "a training workload needs runs_by_year (runs per year)"))
        for k in loads:
            out.append(((*loc, k), "a training workload has runs_by_year, not a token load"))
    else:
        if w.occupancy is not None:
            msg = (
                "occupancy is for a training run's cluster; "
                "an inference service holds its fleet all year"
            )
            out.append(((*loc, "occupancy"), msg))
        if len(loads) != 1:
            msg = "an inference workload needs one of tokens_per_day or tokens_per_day_by_year"
            out.append((loc, msg))
        if w.runs_by_year is not None:
            out.append(
                ((*loc, "runs_by_year"), "an inference workload has a token load, not runs_by_year")
            )
    return out


def check_workloads(parts: Parts) -> Found:
    """Each workload's shape, then the workload layer's own checks (unknown model or
    accelerator, two of count/days/mfu...), so they are reported with the schema's.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem, located under ``demand[i].workloads[j]``; the
        workload layer's checks run only on a workload of a valid shape within a horizon.
    """
    out: Found = []
    years = parts.years
    for i, d in parts.demand:
        for j, w in enumerate(d.workloads or []):
            loc = ("demand", i, "workloads", j)
            shape = _workload_shape(w, loc)
            out.extend(shape)
            if shape or not len(years):
                continue
            try:
                workload_fleet_h100e(w, years)
            except InputError as exc:
                for p in exc.problems:
                    path = tuple(x for x in p.field.split(".") if x)
                    if path and path[-1] not in _given(w, path[:-1]):
                        path = path[:-1]  # an input not given: the entry (or its part) is at fault
                    out.append(((*loc, *path), p.message + _share_hint(path, p.message)))
    return out


#: The workload layer's refusal of a share above its bound of 1 (``mfu: 40``).
_ABOVE_ONE = re.compile(r"<= 1, got ([-+0-9.eE]+)$")


def _share_hint(path: tuple[str, ...], message: str) -> str:
    """``"; write a fraction: 0.40 for 40 %"`` after the workload layer's refusal of a
    share written as a percentage (user test s47 #7: a workload ``mfu: 40`` got none,
    as the schema's shares and the command line's ``--mfu 40`` do), else ''.

    >>> _share_hint(("train", "mfu"), "expected a number > 0 and <= 1, got 40")
    '; write a fraction: 0.40 for 40 %'
    """
    from tigris.cli._args import fraction_hint, percent_like

    m = _ABOVE_ONE.search(message)
    if m is None or not path or not percent_like(path[-1]):
        return ""
    hint = fraction_hint(float(m.group(1)))
    return f"; {hint}" if hint else ""


def _given(w: Workload, path: tuple[str, ...]) -> set[str]:
    """Fields given at ``path`` inside a workload entry (``("train",)``)."""
    node: Any = w
    for key in path:
        node = getattr(node, key, None)
    return set(node.model_fields_set) if isinstance(node, BaseModel) else set()


def _grown(last: float, growth: float, n_years: int) -> float:
    """log10 of ``last x (1 + growth)^n_years``, without overflow (``-inf`` for 0)."""
    if last <= 0:
        return -math.inf
    return math.log10(last) + n_years * math.log10(1 + growth)


def _growth_series(parts: Parts) -> Iterable[tuple[Loc, float, float, int]]:
    """Each series a ``growth_per_year`` extends: location, last value, growth, years
    grown to the horizon's end."""
    years = parts.years
    if not len(years):
        return
    end = int(years[-1])
    for i, d in parts.demand:
        g = d.growth_per_year
        if g is not None and d.h100e_by_year:
            last = max(d.h100e_by_year)
            yield ("demand", i, "growth_per_year"), d.h100e_by_year[last], g, end - last
        if g is not None and d.accelerators_by_year:
            last = max(d.accelerators_by_year)
            units = sum(d.accelerators_by_year[last].values())
            yield ("demand", i, "growth_per_year"), units, g, end - last
        for j, w in enumerate(d.workloads or []):
            g = w.growth_per_year
            loc = ("demand", i, "workloads", j, "growth_per_year")
            if g is None:
                continue
            for year_map in (w.runs_by_year, w.tokens_per_day_by_year):
                if year_map:
                    last = max(year_map)
                    yield loc, year_map[last], g, end - last
            if w.tokens_per_day is not None:
                yield loc, w.tokens_per_day, g, end - int(years[0])


def check_growth(parts: Parts) -> Found:
    """A series grown by ``growth_per_year`` stays within :data:`MAX_QUANTITY` by the
    horizon's end (``v (1 + g)^n``; 1e30 a year overflowed the model build), a demand
    class's H100e or accelerators within :data:`MAX_DEMAND_H100E`.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per grown series that would pass :data:`MAX_QUANTITY` by the
        last planning year.
    """
    out: Found = []
    for loc, last, growth, n_years in _growth_series(parts):
        # a demand class's own series (not a workload's runs or tokens) is compute
        bound = MAX_DEMAND_H100E if len(loc) == 3 and loc[0] == "demand" else MAX_QUANTITY
        if n_years > 0 and _grown(last, growth, n_years) > math.log10(bound):
            msg = (
                f"grows the series past {bound:g} by the horizon's end "
                f"({last:g} x (1 + {growth:g})^{n_years}); give a smaller growth"
            )
            out.append((loc, msg))
    return out


def check_products(parts: Parts) -> Found:
    """Products: unique names, known accelerators and nodes, years that can be made.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a duplicate name, an unknown accelerator or
        node, an ``h100e`` without its source, years out of order or outside the horizon.
    """
    out = _duplicates("products", parts.products, "product", case=True)
    out += _same_part_by_alias(parts.products)
    accs, nodes = _accelerator_names(), _node_names()
    years = parts.years
    for i, p in parts.products:
        overrides = all(
            getattr(p, k) is not None
            for k in ("h100e", "logic_wafers_per_unit", "interposer_wafers_per_unit")
        )
        acc = p.accelerator if p.accelerator is not None else p.name
        if not overrides and acc.lower() not in accs:
            field = "accelerator" if p.accelerator is not None else "name"
            hint = did_you_mean(acc, sorted(accs))
            msg = f"unknown accelerator '{acc}'{hint}{ADD_PART_WITH_DATA}"
            out.append((("products", i, field), msg))
        if p.node is not None and p.node.upper() not in nodes:
            hint = node_hint(p.node, nodes)
            out.append((("products", i, "node"), f"unknown node '{p.node}'{hint}"))
        if p.h100e is not None and not p.source.strip():  # user test s47 #13
            msg = (
                f"h100e: {p.h100e:g} is given without its source; give the product a "
                "source (a publication, or whose estimate: 'tigris infer ...: H100s / "
                "parts for one service'), as a distribution's is required"
            )
            out.append((("products", i, "source"), msg))
        fy, ly = p.first_year, p.last_year
        if fy is not None and ly is not None and fy > ly:
            out.append((("products", i, "last_year"), f"must be >= first_year ({fy})"))
        elif len(years) and fy is not None and fy > years[-1]:
            msg = f"{fy} is after the horizon {parts.span}: the product could never be made"
            out.append((("products", i, "first_year"), msg))
        elif len(years) and ly is not None and ly < years[0]:
            msg = f"{ly} is before the horizon {parts.span}: the product could never be made"
            out.append((("products", i, "last_year"), msg))
    return out


def check_mix(parts: Parts) -> Found:
    """Mix shares within [0, 1], min below max, minimum shares adding up to <= 1 and
    maximum shares to >= 1.

    A product's share bounds apply in the years it is made (``plan.model.add_mix``):
    ``e_p x_p >= lo_p S`` and ``e_p x_p <= hi_p S`` with ``S = sum_p e_p x_p`` the
    compute delivered; summed over products, ``S <= (sum_p hi_p) S``, so caps adding up
    to less than 1 leave ``S = 0`` as the only solution.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a share outside [0, 1], ``min_share`` above
        ``max_share`` in a year made, and (for the first such year) caps adding up to less
        than 1 or minimums to more than 1.
    """
    from tigris.cli._args import fraction_hint

    out: Found = []
    years = parts.years
    min_total = np.zeros(len(years))
    max_total = np.zeros(len(years))
    any_made = np.zeros(len(years), dtype=bool)
    all_checked = "products" in parts.complete
    for i, p in parts.products:
        bad = False
        for key in ("min_share", "max_share"):
            value = getattr(p, key)
            items = value.items() if isinstance(value, Mapping) else [(None, value)]
            for year, x in items:
                if not 0 <= x <= 1:
                    # at the year it is given for, with the percent read as a fraction
                    # (user test 2026-12-07, scenario author #9: max_share: 50 got no
                    # hint, and {2027: 10} was named at min_share)
                    loc = ("products", i, key) if year is None else ("products", i, key, year)
                    hint = fraction_hint(x)
                    msg = f"shares must be within [0, 1], got {x:g}" + (f"; {hint}" if hint else "")
                    out.append((loc, msg))
                    bad = True
        if bad or not len(years):
            all_checked = False
            continue
        lo, hi = series(p.min_share, years), series(p.max_share, years)
        made = (years >= _first_made(p, years)) & (years <= (p.last_year or years[-1]))
        over = years[made & (lo > hi + _SHARE_TOL)]
        if len(over):
            msg = (
                f"min_share is above max_share in {int(over[0])}: no production could meet "
                "both, so the plan would make nothing that year"
            )
            out.append((("products", i, "min_share"), msg))
        min_total += np.where(made, lo, 0.0)
        max_total += np.where(made, hi, 0.0)
        any_made |= made
    under = years[any_made & (max_total < 1 - _SHARE_TOL)]
    if all_checked and len(under):  # UT-SCEN 2026-12-05 #2
        year = int(under[0])
        total = float(max_total[years == year][0])
        msg = (
            f"max_share values of the products made in {year} add up to {total:g}, less "
            "than all compute delivered: the plan would make nothing that year (raise a "
            "max_share, or list a product without one)"
        )
        out.append((("products",), msg))
    over = years[min_total > 1 + _SHARE_TOL]
    if len(over):
        year = int(over[0])
        total = float(min_total[years == year][0])
        msg = (
            f"min_share values of the products made in {year} add up to {total:g}, more "
            "than all compute delivered: the plan would make nothing that year"
        )
        out.append((("products",), msg))
    return out


def _first_made(p: Product, years: np.ndarray) -> int:
    """The first year a product is made: its ``first_year`` (else the horizon's first),
    or its catalog part's ``launch_year`` where that is later, as the planner moves it
    (``tigris.plan.assemble``; docs/plan.md, "The technology roadmap"). A part added
    with ``--data`` and launching in 2028 is no share of 2026's compute (user test s57
    #1: its min_share was summed into 2026's and a valid scenario refused)."""
    first = int(p.first_year if p.first_year is not None else years[0])
    entry = _catalog_entry(p)
    launch = getattr(entry, "launch_year", None)
    return max(first, int(launch)) if launch is not None else first


def _supply_families(parts: Parts) -> dict[str, str]:
    """Node family -> the ``supply.logic_wspm`` node that gives it."""
    nodes = _node_names()
    fams: dict[str, str] = {}
    for node in parts.supply.logic_wspm if parts.supply is not None else {}:
        fam = nodes.get(node.upper())
        if fam is not None:
            fams.setdefault(fam, node)
    return fams


def check_supply(parts: Parts) -> Found:
    """Existing supply: a baseline or both CoWoS and HBM maps; logic supply names known
    nodes, each node family once.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: neither a baseline nor both CoWoS and HBM
        maps, an unknown logic node, a node family given twice; empty without a supply.
    """
    out: Found = []
    if parts.supply is None:
        return out
    sup = parts.supply
    if sup.baseline is None:
        missing = [k for k in ("cowos_wspm", "hbm_wspm") if getattr(sup, k) is None]
        if missing:
            msg = (
                f"give supply.baseline (the incumbents' capacity: announced, conservative "
                f"or aggressive) or {' and '.join(missing)} (existing capacity by year, wspm)"
            )
            out.append((("supply",), msg))
    nodes, node_list = _node_names(), sorted(_node_names())
    fams: dict[str, str] = {}
    for node in parts.supply.logic_wspm:
        loc = ("supply", "logic_wspm", node)
        fam = nodes.get(node.upper())
        if fam is None:
            out.append((loc, f"unknown node '{node}'{node_hint(node, node_list)}"))
        elif fam in fams:
            out.append(
                (loc, f"'{node}' and '{fams[fam]}' are the same node family {fam}; give one")
            )
        else:
            fams[fam] = node
    return out


def check_incumbents(parts: Parts) -> Found:
    """Incumbents respond only from a baseline: their capacity, capital and sites.

    A supply with neither a baseline nor its maps is reported by :func:`check_supply`
    already (one mistake, one line).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` at ``incumbents.respond`` when incumbents respond but
        the supply has its maps and no baseline, else empty.
    """
    inc, sup = parts.incumbents, parts.supply
    if inc is None or not inc.respond or sup is None or sup.baseline is not None:
        return []
    if sup.cowos_wspm is None or sup.hbm_wspm is None:
        return []
    msg = (
        "incumbents respond from their baseline capacity, capital and sites: give "
        "supply.baseline (announced, conservative or aggressive) too"
    )
    return [(("incumbents", "respond"), msg)]


def _facility_ids(parts: Parts) -> list[str]:
    return [
        facility_id(f.kind, f.node, f.power)
        for _, f in parts.facilities
        if f.kind != "logic" or f.node is not None
    ]


def _fac_kind(fid: str) -> str:
    """The kind of a facility type name: ``logic-N5`` -> ``logic``, ``datacenter-gas``
    -> ``datacenter``, ``cowos`` -> ``cowos``.

    >>> _fac_kind("logic-N5"), _fac_kind("datacenter-gas"), _fac_kind("hbm")
    ('logic', 'datacenter', 'hbm')
    """
    return fid.split("-", 1)[0]


def node_hint(node: str, nodes: Iterable[str]) -> str:
    """After "unknown node 'X'": a "did you mean", else the known nodes (user test
    2026-12-05: ``node: N9`` got the bare line, where ``--set nodes.N9...`` listed them).

    Parameters
    ----------
    node : str
        The unknown node as given.
    nodes : iterable of str
        The known node names.

    Returns
    -------
    str
        ``" (did you mean 'X'?)"``, or ``"; known: A, B"`` (sorted) when no name is
        close.

    Examples
    --------
    >>> node_hint("N9", ["N5", "N3"]), node_hint("n5x", ["N5", "N3"])
    ('; known: N3, N5', " (did you mean 'N5'?)")
    """
    known = sorted(nodes)
    return did_you_mean(node, known) or f"; known: {', '.join(known)}"


def check_facilities(parts: Parts) -> Found:
    """Facility types: logic ones name a known node, each type once, spend sums to 1.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: a logic facility without a node or with an
        unknown one, a node on another kind, a type given twice, a spend profile not
        summing to 1.
    """
    out: Found = []
    nodes = _node_names()
    seen: list[str] = []
    for i, f in parts.facilities:
        if f.kind == "logic" and f.node is None:
            out.append((("facilities", i, "node"), "a logic facility needs a node"))
        elif f.kind == "logic" and f.node is not None and f.node.upper() not in nodes:
            hint = node_hint(f.node, nodes)
            out.append((("facilities", i, "node"), f"unknown node '{f.node}'{hint}"))
        elif f.kind != "logic" and f.node is not None:
            out.append((("facilities", i, "node"), f"a {f.kind} facility has no node"))
        if f.kind != "logic" or f.node is not None:
            fid = facility_id(f.kind, f.node, f.power)
            if fid in seen:
                out.append((("facilities", i), f"facility type {fid} is given twice"))
            seen.append(fid)
        if f.spend_profile is not None and abs(sum(f.spend_profile) - 1) > _SUM_TOL:
            msg = f"must sum to 1, sums to {sum(f.spend_profile):g}"
            out.append((("facilities", i, "spend_profile"), msg))
    return out


def left_out_keys(parts: Parts, under: Loc) -> list[Loc]:
    """Paths of the text keys directly ``under`` a path whose values a salvaged section
    left out (:attr:`Parts.left_out`), each once, in the order left out.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections; their ``left_out`` paths are read.
    under : Loc
        The path whose direct text keys are wanted (``("sites", 1, "module_capacity")``).

    Returns
    -------
    list of Loc
        ``under`` plus one key, per key whose value (or a value below it) was left out.
    """
    n = len(under)
    out: list[Loc] = []
    for loc in parts.left_out:
        if len(loc) > n and loc[:n] == under and isinstance(loc[n], str):
            key = loc[: n + 1]
            if key not in out:
                out.append(key)
    return out


#: The mark of an incumbent's own site in a plan's site names (``tsmc@taiwan``,
#: ``tigris.plan.assemble_sites``): a scenario's sites are the investor's (UT-OWN #3).
INCUMBENT_SITE_MARK = "@"


def check_sites(parts: Parts) -> Found:
    """Sites: known and listed once, naming facility types the scenario has.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem: an incumbent's site mark in a name, an unknown
        or twice-listed site, a facility type listed twice or not in the scenario,
        ``min_modules`` above ``max_modules``.
    """
    out: Found = []
    table = _site_table()
    known = sorted(set(table.values()))
    nodes = _node_names()
    refused = {
        facility_id(f.kind, f.node, f.power)
        for _, f in parts.facilities
        if f.kind == "logic" and f.node is not None and f.node.upper() not in nodes
    }
    given = _facility_ids(parts)
    fac_ids = list(dict.fromkeys(fid for fid in given if fid not in refused))
    # an entry refused (a bad node, a type given twice) may be the one a site names:
    # unknown types of its kind are not second errors (user test s47 #3)
    refused_kinds = {_fac_kind(fid) for fid in refused}
    refused_kinds |= {_fac_kind(fid) for k, fid in enumerate(given) if fid in given[:k]}
    name_facilities = "facilities" in parts.complete  # else a refused entry would be "unknown"
    seen: set[str] = set()
    for i, s in parts.sites:
        if INCUMBENT_SITE_MARK in s.name:  # the plan's name of an incumbent's own site
            msg = (
                f"'{s.name}': '{INCUMBENT_SITE_MARK}' marks an incumbent's own site in a "
                "plan (owner@site, with incumbents: {respond: true}), whose builds are "
                "that owner's; name the investor's site without it"
            )
            out.append((("sites", i, "name"), msg))
            continue
        canon = table.get(s.name.strip().lower())
        if table and canon is None:
            hint = did_you_mean(s.name, known)
            msg = f"unknown site '{s.name}'{hint}; known: {', '.join(known)}{ADD_WITH_DATA}"
            out.append((("sites", i, "name"), msg))
        key = canon or s.name
        if key in seen:
            out.append((("sites", i, "name"), f"site '{s.name}' is listed twice"))
        seen.add(key)
        listed: set[str] = set()
        for j, fid in enumerate(s.facilities or []):  # user test s47 #12: was accepted
            if fid in listed:
                msg = f"facility type '{fid}' is listed twice for this site"
                out.append((("sites", i, "facilities", j), msg))
            listed.add(fid)
        if name_facilities:
            refs = [
                (("sites", i, "facilities", j), fid) for j, fid in enumerate(s.facilities or [])
            ]
            refs += [(("sites", i, "module_capacity", fid), fid) for fid in s.module_capacity]
            refs += [
                (loc[:4], loc[3])
                for loc in left_out_keys(parts, ("sites", i, "module_capacity"))
                if loc[3] not in s.module_capacity
            ]
            for loc, fid in refs:
                if fid in fac_ids:
                    continue
                if _fac_kind(fid) in refused_kinds:
                    # a type of a refused entry's kind may be the one refused at its own
                    # line; never suggest that typo to the sites (user test 2026-12-05
                    # chain #9)
                    continue
                hint = did_you_mean(fid, fac_ids)
                known_ids = known_names(fac_ids, "facilities")
                out.append((loc, f"unknown facility type '{fid}'{hint}; {known_ids}"))
        if s.max_modules is not None and s.min_modules > s.max_modules:
            out.append((("sites", i, "min_modules"), f"must be <= max_modules ({s.max_modules})"))
    return out


def _catalog_entry(p: Product) -> Accelerator | None:
    """A product's catalog entry (by ``accelerator``, else ``name``, or an alias), or None."""
    acc = (p.accelerator if p.accelerator is not None else p.name).lower()
    for entry in load_catalog().values():
        if acc == entry.name or acc in entry.aliases:
            return entry
    return None


def _product_node(p: Product) -> str | None:
    """The process node a product is made on: its ``node``, else its catalog entry's."""
    if p.node is not None:
        return p.node
    entry = _catalog_entry(p)
    return None if entry is None else entry.node


def _product_base_node(p: Product) -> str | None:
    """The node of a product's base (I/O) dies: its catalog entry's ``base_die_node``
    if the entry has ``base_dies`` (a 3D-stacked part such as AMD MI300X), else None."""
    entry = _catalog_entry(p)
    return entry.base_die_node if entry is not None and entry.base_dies else None


def check_makeable(parts: Parts) -> Found:
    """Products whose logic node family, or whose base dies' family (a 3D-stacked part,
    :mod:`tigris.plan.logic_use`), has neither existing supply nor a facility.

    With a baseline the incumbents' families are known to the world layer only, so the
    assembly (:func:`tigris.plan.assemble.assemble`) checks them instead.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per product (at its ``node``, ``accelerator`` or ``name``)
        whose node family or base-die family has no supply and no facility; empty with a
        baseline or when a facility entry was refused.
    """
    if parts.supply is None or parts.supply.baseline is not None:
        return []
    if "facilities" not in parts.complete:
        return []
    nodes = _node_names()
    have = {f"logic-{fam}" for fam in _supply_families(parts)} | set(_facility_ids(parts))
    out: Found = []
    for i, p in parts.products:
        node = _product_node(p)
        if node is None or node.upper() not in nodes:
            continue  # unknown or missing nodes are reported elsewhere
        fid = facility_id("logic", node)
        if fid not in have:
            field = "node" if p.node is not None else "name"
            msg = (
                f"no facility can make this product: it needs {fid} wafers ({node}) but "
                f"neither supply.logic_wspm nor facilities has that node family"
            )
            out.append((("products", i, field), msg))
        base = _product_base_node(p)
        if base is not None and base.upper() in nodes:
            bid = facility_id("logic", base)
            if bid not in have:
                msg = (
                    f"no facility can make this product's base (I/O) dies: they need {bid} "
                    f"wafers ({base}, the catalog's base_die_node) but neither "
                    "supply.logic_wspm nor facilities has that node family"
                )
                field = "accelerator" if p.accelerator is not None else "name"
                out.append((("products", i, field), msg))
    return out


#: Every cross-field check, in the order its problems are listed.
CHECKS: tuple[Callable[[Parts], Found], ...] = (
    check_horizon,
    check_year_keys,
    check_demand,
    check_calibrated,
    check_demand_forecast,
    check_workloads,
    check_growth,
    check_products,
    products_below_landauer,
    check_product_years,
    check_mix,
    check_supply,
    check_incumbents,
    check_facilities,
    check_sites,
    min_modules_past_power_limit,
    check_capital,
    check_makeable,
    check_penalty,
    check_prices,
    check_datacenter_facilities,
    check_regions,
    check_existing_fleet,
    check_fleet_lifetimes,
    check_distributions,
    check_disruptions,
    check_sources,
)


def cross_field_problems(data: Any) -> Found:
    """Every cross-field problem of a scenario (a :class:`Scenario` or its document).

    Parameters
    ----------
    data : Scenario or mapping
        See :func:`parts_of`.

    Returns
    -------
    list of (location, message)
        ``location`` is the field path (``("products", 2, "min_share")``).
    """
    parts = parts_of(data)
    found = [problem for check in CHECKS for problem in check(parts)]
    return [(loc, msg) for loc, msg in found if not _depends_on_refused(loc, msg, found)]


#: How a distribution's path that does not resolve is refused (:mod:`.checks_dist`).
_UNRESOLVED = ("unknown segment", "no item")


def _depends_on_refused(loc: Loc, msg: str, found: Found) -> bool:
    """Whether a distribution's problem is only that its path does not resolve to a key
    of a mapping whose own entry is refused (user test s47 #6: with ``spend_usd:
    {2020: ...}`` refused as before the data's years, ``distributions.
    demand_forecast.spend_usd.2030`` was a second error suggesting the refused 2020).

    >>> found = [(("demand_forecast", "spend_usd", 2020), "expected a year from 2025")]
    >>> loc = ("distributions", "demand_forecast.spend_usd.2030")
    >>> _depends_on_refused(loc, "unknown segment '2030' ...", found)
    True
    """
    if len(loc) != 2 or loc[0] != "distributions" or not msg.startswith(_UNRESOLVED):
        return False
    parent = tuple(str(loc[1]).split("."))[:-1]
    return any(
        len(other) == len(parent) + 1
        and other[0] not in ("distributions", "correlations")
        and tuple(str(x) for x in other[:-1]) == parent
        for other, _ in found
    )
