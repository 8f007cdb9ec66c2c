"""Scenario files for the network planner: schema, loading and the reference scenario.

A scenario is a YAML file validated by the pydantic models below (``extra="forbid"``,
``frozen=True``). :func:`load_scenario` reports every problem in a file at once, one
``file:line: field.path: message`` per problem, with the closest name suggested for a
misspelt field, site, product or node. :func:`reference_scenario` returns the built-in
scenario that tells the motivating story (``tigris scenario show`` prints it).

Year series (``h100e_by_year``, ``cowos_wspm``, ``euv_per_year``...) are maps from year
to value; between given years values are interpolated linearly, before the first and
after the last they are held flat, unless a series says ``growth_per_year``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from tigris.errors import InputError, Problem
from tigris.errors import did_you_mean as _did_you_mean
from tigris.yamlio import load_yaml, validation_problems

__all__ = [
    "CapitalSource",
    "DemandClass",
    "Facility",
    "Product",
    "Scenario",
    "Site",
    "load_scenario",
    "reference_scenario",
    "reference_scenario_text",
    "scenario_from_dict",
    "series",
]

YearMap = dict[int, float]
#: A quantity that cannot be negative (demand, capacity, scanners, shares).
_NonNegative = Annotated[float, Field(ge=0)]
#: A year map with at least one year (an empty one has no value to interpolate).
_Years = Annotated[dict[int, _NonNegative], Field(min_length=1)]
#: A profile by year after a module's start, at least one value.
_Profile = Annotated[list[float], Field(min_length=1)]
REFERENCE_FILE = "reference_scenario.yaml"


def _has_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return True
    if isinstance(value, dict):
        return any(_has_bool(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_bool(v) for v in value)
    return False


def _holds_model(annotation: Any) -> bool:
    """Whether a type annotation mentions a pydantic model (``list[DemandClass]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(a) for a in getattr(annotation, "__args__", ()))


class _Base(BaseModel):
    # allow_inf_nan=False: ".nan" or ".inf" in a file is an error, not a silent NaN
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value: Any, info: ValidationInfo) -> Any:
        """No scenario field is a yes/no: YAML's ``true``/``yes`` would pass as 1.

        Fields holding other models are left to those models, so that the problem is
        named at the field that holds the boolean.
        """
        field = cls.model_fields.get(info.field_name or "")
        if field is not None and _holds_model(field.annotation):
            return value
        if _has_bool(value):
            msg = "expected a number or text, got a YAML boolean (true/false/yes/no)"
            raise ValueError(msg)
        return value


class Horizon(_Base):
    """Planning years, first and last included."""

    first_year: int = Field(ge=2000, le=2100)
    last_year: int = Field(ge=2000, le=2100)


class DemandClass(_Base):
    """Demand for AI compute of one class, in H100e delivered per year.

    Give ``h100e_by_year`` or ``accelerators_by_year`` (units of catalog accelerators,
    turned into H100e by the workload layer).
    """

    name: str = Field(min_length=1)
    priority: float = Field(gt=0)
    h100e_by_year: _Years | None = None
    accelerators_by_year: (
        Annotated[
            dict[int, Annotated[dict[str, _NonNegative], Field(min_length=1)]], Field(min_length=1)
        ]
        | None
    ) = None
    growth_per_year: float | None = Field(None, gt=-1)
    source: str = ""


class Product(_Base):
    """An accelerator product the plan may make."""

    name: str = Field(min_length=1)
    accelerator: str | None = None
    node: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    min_share: float | _Years = 0.0
    max_share: float | _Years = 1.0
    h100e: float | None = Field(None, gt=0)
    logic_wafers_per_unit: float | None = Field(None, ge=0)
    interposer_wafers_per_unit: float | None = Field(None, ge=0)
    hbm_stacks_per_unit: float | None = Field(None, ge=0)
    system_power_w: float | None = Field(None, gt=0)
    source: str = ""


class Supply(_Base):
    """Existing capacity available to AI accelerators, by year."""

    logic_wspm: dict[str, _Years] = {}
    cowos_wspm: _Years
    hbm_stacks_per_month: _Years
    source: str = ""


class Facility(_Base):
    """A facility type the plan may build, in modules.

    Logic modules take their cost, build time, ramp, tools and power from the fab layer
    unless overridden; CoWoS and HBM modules from ``data/facility_types.csv``.
    """

    kind: Literal["logic", "cowos", "hbm"]
    node: str | None = None
    module_capacity: float | None = Field(None, gt=0)
    capex_usd: float | None = Field(None, ge=0)
    spend_profile: _Profile | None = None
    output_profile: _Profile | None = None
    opex_usd_per_year: float | None = Field(None, ge=0)
    power_mw: float | None = Field(None, ge=0)
    euv_tools: float | None = Field(None, ge=0)
    high_na_tools: float | None = Field(None, ge=0)
    subsidy_share: float | None = Field(None, ge=0, le=1)


class Site(_Base):
    """A candidate site from the site table, with the plan's limits.

    The site table's (``data/sites.csv``) cost multiplier, build and ramp months,
    electricity and labour prices and subsidy share may be overridden per site; a value
    given here replaces the table's for every module built at the site.
    """

    name: str = Field(min_length=1)
    max_modules: int | None = Field(None, ge=0)
    min_modules: int = Field(0, ge=0)
    power_limit_mw: float | None = Field(None, ge=0)
    facilities: list[str] | None = None
    module_capacity: dict[str, float] = {}
    construction_cost_multiplier: float | None = Field(None, gt=0)
    construction_months: float | None = Field(None, gt=0)
    ramp_months: float | None = Field(None, gt=0)
    electricity_usd_per_kwh: float | None = Field(None, ge=0)
    labour_usd_per_fte_year: float | None = Field(None, ge=0)
    subsidy_share_of_capex: float | None = Field(None, ge=0, lt=1)

    def table_overrides(self) -> dict[str, float]:
        """Site-table fields this scenario overrides, by ``sites.csv`` column name."""
        return {k: v for k, v in self.model_dump().items() if k in SITE_OVERRIDES and v is not None}


#: ``data/sites.csv`` columns a scenario's ``sites[]`` entry may override.
SITE_OVERRIDES = (
    "construction_cost_multiplier",
    "construction_months",
    "ramp_months",
    "electricity_usd_per_kwh",
    "labour_usd_per_fte_year",
    "subsidy_share_of_capex",
)


class CapitalSource(_Base):
    """Capital offered by one investor, released evenly over its years."""

    name: str = Field(min_length=1)
    amount_usd: float = Field(gt=0)
    first_year: int
    last_year: int
    source: str = ""


class Tools(_Base):
    """EUV scanners available to the plan per year."""

    euv_per_year: _Years
    high_na_per_year: dict[int, _NonNegative] = {}
    source: str = ""


class Solver(_Base):
    """HiGHS options (defaults are tigris choices, not data: a minute, a 1% gap)."""

    time_limit_s: float = Field(60.0, gt=0)
    mip_gap: float = Field(0.01, ge=0, lt=1)


class Scenario(_Base):
    """One planning scenario (see ``tigris scenario show`` for a commented example)."""

    name: str = Field(min_length=1)
    description: str = ""
    currency_year: int = Field(ge=1990, le=2100)
    horizon: Horizon
    discount_rate: float = Field(ge=0, lt=1)
    unmet_penalty_usd_per_h100e: float = Field(gt=0)
    pue: float = Field(ge=1)
    fleet_lifetime_years: int = Field(ge=1)
    demand: list[DemandClass] = Field(min_length=1)
    products: list[Product] = Field(min_length=1)
    supply: Supply
    facilities: list[Facility] = []
    sites: list[Site] = []
    capital: list[CapitalSource] = []
    tools: Tools
    solver: Solver = Solver()
    sources: dict[str, str] = {}

    @property
    def years(self) -> np.ndarray:
        """Planning years [year]."""
        return np.arange(self.horizon.first_year, self.horizon.last_year + 1)


def series(
    values: Mapping[int, float] | float, years: np.ndarray, growth_per_year: float | None = None
) -> np.ndarray:
    """A year series evaluated on ``years``.

    Linear interpolation between given years; flat before the first; after the last,
    flat or growing geometrically at ``growth_per_year``.

    Parameters
    ----------
    values : mapping of year to value, or a number
        The series [any unit].
    years : array of int
        Years to evaluate [year].
    growth_per_year : float, optional
        Growth after the last given year [1/year].

    Returns
    -------
    numpy.ndarray
        One value per year [same unit].

    Examples
    --------
    >>> series({2025: 10, 2027: 30}, np.arange(2024, 2029)).tolist()
    [10.0, 10.0, 20.0, 30.0, 30.0]
    >>> series({2025: 10}, np.arange(2025, 2028), growth_per_year=0.5).tolist()
    [10.0, 15.0, 22.5]
    """
    years = np.asarray(years, dtype=float)
    if not isinstance(values, Mapping):
        return np.full(years.shape, float(values))
    keys = np.array(sorted(values), dtype=float)
    vals = np.array([float(values[int(k)]) for k in keys])
    out = np.interp(years, keys, vals)
    if growth_per_year is not None:
        after = years > keys[-1]
        out[after] = vals[-1] * (1 + growth_per_year) ** (years[after] - keys[-1])
    return out


# --- name tables used by the checks -----------------------------------------------


@cache
def _site_table() -> dict[str, str]:
    """Site name or alias -> canonical name, from ``data/sites.csv``."""
    from tigris.data import list_tables, load_table

    if "sites" not in list_tables():
        return {}
    out: dict[str, str] = {}
    for row in load_table("sites").to_dict("records"):
        name = str(row["site"]).strip().lower()
        out[name] = name
        aliases = row.get("aliases")
        if isinstance(aliases, str):
            for a in aliases.split("|"):
                if a.strip():
                    out[a.strip().lower()] = name
    return out


def resolve_site(name: str) -> str | None:
    """Canonical site name for ``name`` (or an alias), or ``None`` if unknown."""
    return _site_table().get(name.strip().lower())


def _accelerator_names() -> set[str]:
    from tigris.catalog import load_catalog

    names: set[str] = set()
    for acc in load_catalog().values():
        names.add(acc.name)
        names.update(acc.aliases)
    return names


def _node_names() -> dict[str, str]:
    from tigris.nodes import get_node, list_nodes

    return {n.upper(): get_node(n).family for n in list_nodes()}


def facility_id(kind: str, node: str | None) -> str:
    """Facility type name: ``logic-<node family>``, ``cowos`` or ``hbm``.

    Parameters
    ----------
    kind : str
        ``logic``, ``cowos`` or ``hbm``.
    node : str or None
        Process node of a logic facility (any node of the family).

    Examples
    --------
    >>> facility_id("logic", "n4"), facility_id("cowos", None)
    ('logic-N5', 'cowos')
    """
    if kind != "logic":
        return kind
    family = _node_names().get((node or "").upper(), (node or "").upper())
    return f"logic-{family}"


# --- semantic checks on the raw document ------------------------------------------


def did_you_mean(name: str, choices: list[str]) -> str:
    """:func:`tigris.errors.did_you_mean`, suggesting the choice as it is spelt
    (``'logic-N5'``, not ``'logic-n5'``, which would not match)."""
    hint = _did_you_mean(name, choices)
    by_lower = {c.lower(): c for c in choices}
    for low, orig in by_lower.items():
        if hint == f" (did you mean '{low}'?)":
            return f" (did you mean '{orig}'?)"
    return hint


def _items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _semantic_problems(data: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Cross-field checks pydantic cannot do field by field (all collected)."""
    out: list[tuple[tuple[Any, ...], str]] = []
    if not isinstance(data, dict):
        return out
    horizon = data.get("horizon")
    first = last = None
    if isinstance(horizon, dict):
        first, last = horizon.get("first_year"), horizon.get("last_year")
        if isinstance(first, int) and isinstance(last, int) and first > last:
            out.append((("horizon", "last_year"), f"must be >= first_year ({first})"))
    in_horizon = isinstance(first, int) and isinstance(last, int) and first <= last
    span = f"{first}–{last}"

    def check_years(loc: tuple[Any, ...], year_map: Any) -> None:
        """Year-map keys must be planning years (a value outside them would be ignored
        or silently reshape the interpolation)."""
        if not in_horizon or not isinstance(year_map, dict):
            return
        for year in year_map:
            if isinstance(year, int) and not first <= year <= last:
                msg = f"year {year} is outside the horizon {span}; give values for planning years"
                out.append(((*loc, str(year)), msg))  # YAML line index keys are text

    accs = _accelerator_names()
    nodes = _node_names()
    node_list = sorted(nodes)

    def check_node(loc: tuple[Any, ...], node: Any) -> None:
        if isinstance(node, str) and node.upper() not in nodes:
            out.append((loc, f"unknown node '{node}'{did_you_mean(node, node_list)}"))

    def check_acc(loc: tuple[Any, ...], name: Any) -> None:
        if isinstance(name, str) and name.lower() not in accs:
            out.append((loc, f"unknown accelerator '{name}'{did_you_mean(name, sorted(accs))}"))

    seen: dict[str, int] = {}
    for i, d in _items(data, "demand"):
        name = d.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("demand", i, "name"), f"duplicate demand class '{name}'"))
            seen[name] = i
        given = [k for k in ("h100e_by_year", "accelerators_by_year") if d.get(k) is not None]
        if len(given) != 1:
            msg = "give exactly one of h100e_by_year or accelerators_by_year"
            out.append((("demand", i), msg))
        check_years(("demand", i, "h100e_by_year"), d.get("h100e_by_year"))
        check_years(("demand", i, "accelerators_by_year"), d.get("accelerators_by_year"))
        by_acc = d.get("accelerators_by_year")
        if isinstance(by_acc, dict):
            for year, units in by_acc.items():
                if isinstance(units, dict):
                    for acc in units:
                        check_acc(("demand", i, "accelerators_by_year", year, acc), acc)

    plan_years = np.arange(first, last + 1) if in_horizon else np.zeros(0, dtype=int)
    min_total = np.zeros(len(plan_years))
    seen = {}
    for i, p in _items(data, "products"):
        name = p.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("products", i, "name"), f"duplicate product '{name}'"))
            seen[name] = i
        acc = p.get("accelerator", name)
        overrides = all(
            p.get(k) is not None
            for k in ("h100e", "logic_wafers_per_unit", "interposer_wafers_per_unit")
        )
        if not overrides:
            check_acc(("products", i, "accelerator" if "accelerator" in p else "name"), acc)
        check_node(("products", i, "node"), p.get("node"))
        lo, hi = p.get("min_share", 0.0), p.get("max_share", 1.0)
        for key, v in (("min_share", lo), ("max_share", hi)):
            vals = v.values() if isinstance(v, dict) else [v]
            for x in vals:
                if isinstance(x, int | float) and not 0 <= x <= 1:
                    out.append((("products", i, key), f"shares must be within [0, 1], got {x}"))
        for key in ("min_share", "max_share"):
            check_years(("products", i, key), p.get(key))
        fy, ly = p.get("first_year"), p.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("products", i, "last_year"), f"must be >= first_year ({fy})"))
        elif in_horizon and isinstance(fy, int) and fy > last:
            msg = f"{fy} is after the horizon {span}: the product could never be made"
            out.append((("products", i, "first_year"), msg))
        elif in_horizon and isinstance(ly, int) and ly < first:
            msg = f"{ly} is before the horizon {span}: the product could never be made"
            out.append((("products", i, "last_year"), msg))
        if in_horizon and _valid_shares(lo) and _valid_shares(hi):
            # a product's mix bounds apply in the years it is made (plan.model.add_mix)
            lo_t, hi_t = series(lo, plan_years), series(hi, plan_years)
            made = (plan_years >= (fy if isinstance(fy, int) else first)) & (
                plan_years <= (ly if isinstance(ly, int) else last)
            )
            bad = plan_years[made & (lo_t > hi_t + _SHARE_TOL)]
            if len(bad):
                msg = (
                    f"min_share is above max_share in {int(bad[0])}: no production could meet "
                    "both, so the plan would make nothing that year"
                )
                out.append((("products", i, "min_share"), msg))
            min_total += np.where(made, lo_t, 0.0)
    over = plan_years[min_total > 1 + _SHARE_TOL] if in_horizon else []
    if len(over):
        year = int(over[0])
        total = float(min_total[plan_years == year][0])
        msg = (
            f"min_share values of the products made in {year} add up to {total:g}, more "
            "than all compute delivered: the plan would make nothing that year"
        )
        out.append((("products",), msg))

    supply = data.get("supply")
    fams: dict[str, str] = {}
    if isinstance(supply, dict):
        for key in ("cowos_wspm", "hbm_stacks_per_month"):
            check_years(("supply", key), supply.get(key))
    if isinstance(supply, dict) and isinstance(supply.get("logic_wspm"), dict):
        for node in supply["logic_wspm"]:
            check_years(("supply", "logic_wspm", node), supply["logic_wspm"][node])
            check_node(("supply", "logic_wspm", node), node)
            fam = nodes.get(str(node).upper())
            if fam is not None and fam in fams:
                msg = f"'{node}' and '{fams[fam]}' are the same node family {fam}; give one"
                out.append((("supply", "logic_wspm", node), msg))
            if fam is not None:
                fams[fam] = str(node)

    fac_ids: list[str] = []
    for i, f in _items(data, "facilities"):
        kind, node = f.get("kind"), f.get("node")
        if kind == "logic":
            if node is None:
                out.append((("facilities", i, "node"), "a logic facility needs a node"))
            check_node(("facilities", i, "node"), node)
        elif node is not None and kind in ("cowos", "hbm"):
            out.append((("facilities", i, "node"), f"a {kind} facility has no node"))
        if isinstance(kind, str) and (kind != "logic" or isinstance(node, str)):
            fid = facility_id(kind, node)
            if fid in fac_ids:
                out.append((("facilities", i), f"facility type {fid} is given twice"))
            fac_ids.append(fid)
        for key in ("spend_profile", "output_profile"):
            prof = f.get(key)
            if isinstance(prof, list) and prof and all(isinstance(x, int | float) for x in prof):
                if any(x < 0 or x > 1 for x in prof):
                    out.append((("facilities", i, key), "values must be within [0, 1]"))
                if key == "spend_profile" and abs(sum(prof) - 1) > 1e-6:
                    out.append((("facilities", i, key), f"must sum to 1, sums to {sum(prof):g}"))

    sites = _site_table()
    seen = {}
    for i, s in _items(data, "sites"):
        name = s.get("name")
        if isinstance(name, str):
            canon = sites.get(name.strip().lower())
            if sites and canon is None:
                hint = did_you_mean(name, sorted(set(sites.values())))
                known = ", ".join(sorted(set(sites.values())))
                out.append((("sites", i, "name"), f"unknown site '{name}'{hint}; known: {known}"))
            key = canon or name
            if key in seen:
                out.append((("sites", i, "name"), f"site '{name}' is listed twice"))
            seen[key] = i
        allowed = s.get("facilities")
        if isinstance(allowed, list):
            for j, fid in enumerate(allowed):
                if isinstance(fid, str) and fid not in fac_ids:
                    hint = did_you_mean(fid, fac_ids)
                    msg = f"unknown facility type '{fid}'{hint}; known: {', '.join(fac_ids)}"
                    out.append((("sites", i, "facilities", j), msg))
        sizes = s.get("module_capacity")
        if isinstance(sizes, dict):
            for fid, size in sizes.items():
                if fid not in fac_ids:
                    hint = did_you_mean(str(fid), fac_ids)
                    msg = f"unknown facility type '{fid}'{hint}; known: {', '.join(fac_ids)}"
                    out.append((("sites", i, "module_capacity", fid), msg))
                elif isinstance(size, int | float) and size <= 0:
                    out.append((("sites", i, "module_capacity", fid), "must be > 0"))
        lo, hi = s.get("min_modules", 0), s.get("max_modules")
        if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
            out.append((("sites", i, "min_modules"), f"must be <= max_modules ({hi})"))

    tools = data.get("tools")
    if isinstance(tools, dict):
        for key in ("euv_per_year", "high_na_per_year"):
            check_years(("tools", key), tools.get(key))

    seen = {}
    for i, c in _items(data, "capital"):
        name = c.get("name")
        if isinstance(name, str):
            if name in seen:
                out.append((("capital", i, "name"), f"duplicate capital source '{name}'"))
            seen[name] = i
        fy, ly = c.get("first_year"), c.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("capital", i, "last_year"), f"must be >= first_year ({fy})"))
        elif in_horizon and isinstance(ly, int) and ly > last:
            # money released before the horizon is available from its first year, but
            # money released after it could never be spent
            msg = (
                f"{ly} is after the horizon {span}: money released after {last} could "
                "never be spent; end the source by then or extend the horizon"
            )
            out.append((("capital", i, "last_year"), msg))

    out.extend(_unmakeable_products(data, fams, fac_ids, nodes))
    return out


#: Tolerance when comparing mix shares [-].
_SHARE_TOL = 1e-9


def _valid_shares(v: Any) -> bool:
    """A share or a year map of shares, every value a number within [0, 1]."""
    vals = list(v.values()) if isinstance(v, dict) else [v]
    ok = all(isinstance(x, int | float) and not isinstance(x, bool) and 0 <= x <= 1 for x in vals)
    keys_ok = not isinstance(v, dict) or (bool(v) and all(isinstance(k, int) for k in v))
    return ok and keys_ok


def _product_node(p: dict[str, Any]) -> str | None:
    """The process node a product is made on: its ``node``, else its catalog entry's."""
    node = p.get("node")
    if isinstance(node, str):
        return node
    acc = p.get("accelerator", p.get("name"))
    if not isinstance(acc, str):
        return None
    from tigris.catalog import load_catalog

    for entry in load_catalog().values():
        if acc.lower() == entry.name or acc.lower() in entry.aliases:
            return entry.node
    return None


def _unmakeable_products(
    data: dict[str, Any], fams: dict[str, str], fac_ids: list[str], nodes: dict[str, str]
) -> list[tuple[tuple[Any, ...], str]]:
    """Products whose logic node family has neither existing supply nor a facility."""
    out: list[tuple[tuple[Any, ...], str]] = []
    have = {f"logic-{fam}" for fam in fams} | set(fac_ids)
    for i, p in _items(data, "products"):
        node = _product_node(p)
        if node is None or node.upper() not in nodes:
            continue  # unknown or missing nodes are reported elsewhere
        fid = facility_id("logic", node)
        if fid not in have:
            field = "node" if "node" in p else "name"
            msg = (
                f"no facility can make this product: it needs {fid} wafers ({node}) but "
                f"neither supply.logic_wspm nor facilities has that node family"
            )
            out.append((("products", i, field), msg))
    return out


def scenario_from_dict(
    data: Any,
    file: str | None = None,
    locate: Callable[[tuple[Any, ...]], int | None] | None = None,
) -> Scenario:
    """Validate a scenario document and return a :class:`Scenario`.

    Parameters
    ----------
    data : Any
        The parsed YAML document.
    file : str, optional
        File name for the messages.
    locate : callable, optional
        Line locator from :func:`tigris.yamlio.load_yaml`.

    Raises
    ------
    InputError
        Every problem found, one per line (``file:line: field.path: message``).
    """
    problems: list[Problem] = []
    scenario = None
    locate = _year_key_locator(locate) if locate is not None else None
    if data is not None and not isinstance(data, dict):
        what = type(data).__name__
        msg = f"expected a mapping of fields (name, horizon, demand, ...), got a {what}"
        line = locate(()) if locate is not None else None
        raise InputError(Problem("scenario", msg, file=file, line=line))
    try:
        scenario = Scenario.model_validate(data if data is not None else {})
    except ValidationError as exc:
        for p in validation_problems(exc, file, locate):
            if p.message.startswith("Value error, "):
                p = Problem(p.field, p.message[len("Value error, ") :], p.file, p.line)
            parent, _, branch = p.field.rpartition(".")
            if _UNION_BRANCH.match(branch):  # one problem per field, not per union branch
                msg = "expected a number or a map of year to number (at least one year)"
                p = Problem(parent, msg, p.file, p.line)
            elif p.field.endswith(".[key]"):  # pydantic's name for a bad mapping key
                parent, _, key = p.field[: -len(".[key]")].rpartition(".")
                what = "a year (integer)" if "integer" in p.message else "a name (text)"
                msg = f"expected {what} as key, got '{key}'"
                p = Problem(parent, msg, p.file, p.line)
            problems.append(p)
        for p in problems:
            if p.message == "unknown field":
                _suggest_field(p, problems)
    for loc, msg in _semantic_problems(data):
        line = locate(loc) if locate is not None else None
        problems.append(Problem(".".join(str(x) for x in loc), msg, file=file, line=line))
    if problems:
        raise InputError(_dedupe(problems))
    assert scenario is not None
    return scenario


def _year_key_locator(
    locate: Callable[[tuple[Any, ...]], int | None],
) -> Callable[[tuple[Any, ...]], int | None]:
    """``locate`` that also finds integer mapping keys (years), which YAML indexes as text.

    List indices are integers and year keys text in the line index, so each integer in
    the path is tried both ways; the deepest match (the largest line: a field never
    comes before its parent) wins.
    """

    def find(loc: tuple[Any, ...]) -> int | None:
        loc = tuple(loc)
        ints = [i for i, x in enumerate(loc) if isinstance(x, int) and not isinstance(x, bool)]
        variants = [loc]
        for i in ints:
            variants.append(tuple(str(x) if j == i else x for j, x in enumerate(loc)))
        lines = [ln for ln in map(locate, variants) if ln is not None]
        return max(lines) if lines else None

    return find


#: Names pydantic gives the branches of a union field (``min_share.float``).
_UNION_BRANCH = re.compile(r"^(float|int|str|dict\[.*\]|list\[.*\])$")


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        key = (p.field, p.message)
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


_MODELS: dict[str, type[BaseModel]] = {
    "": Scenario,
    "horizon": Horizon,
    "demand": DemandClass,
    "products": Product,
    "supply": Supply,
    "facilities": Facility,
    "sites": Site,
    "capital": CapitalSource,
    "tools": Tools,
    "solver": Solver,
}


def _suggest_field(p: Problem, problems: list[Problem]) -> None:
    """Append "did you mean" to an unknown-field problem, in place of the original."""
    parts = p.field.split(".")
    section = parts[0] if len(parts) > 1 else ""
    model = _MODELS.get(section)
    if model is None:
        return
    hint = did_you_mean(parts[-1], list(model.model_fields))
    if hint:
        i = problems.index(p)
        problems[i] = Problem(p.field, f"unknown field{hint}", p.file, p.line)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file.

    Parameters
    ----------
    path : str or Path
        The file.

    Raises
    ------
    InputError
        Every problem in the file at once, each as ``file:line: field.path: message``.
    """
    try:
        data, locate = load_yaml(path)
        duplicates = _duplicate_keys(Path(path).read_text(encoding="utf-8"), str(path))
    except RecursionError:
        # a YAML alias that contains itself (``&a [*a]``) has no finite value
        msg = "not valid for a scenario: a YAML alias refers to itself (&a ... *a inside it)"
        raise InputError(Problem("", msg, file=str(path))) from None
    try:
        scenario = scenario_from_dict(data, str(path), locate)
    except InputError as exc:
        raise InputError(duplicates + list(exc.problems)) from None
    if duplicates:
        raise InputError(duplicates)
    return scenario


def _duplicate_keys(text: str, file: str) -> list[Problem]:
    """Keys given twice in one mapping (YAML keeps the last one silently)."""
    import yaml

    out: list[Problem] = []

    def walk(node: yaml.Node, path: tuple[str, ...]) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in node.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + 1
                if key in seen:
                    field = ".".join((*path, key))
                    msg = f"given twice (first on line {seen[key]}); YAML would keep the last"
                    out.append(Problem(field, msg, file=file, line=line))
                else:
                    seen[key] = line
                walk(value_node, (*path, key))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*path, str(i)))

    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is not None:
        walk(root, ())
    return out


def reference_scenario_text() -> str:
    """The built-in reference scenario as commented YAML (every number sourced)."""
    return (resources.files("tigris.data") / REFERENCE_FILE).read_text(encoding="utf-8")


@cache
def reference_scenario() -> Scenario:
    """The built-in reference scenario (see :func:`reference_scenario_text`).

    Examples
    --------
    >>> sc = reference_scenario()
    >>> sc.name
    'reference'
    """
    path = resources.files("tigris.data") / REFERENCE_FILE
    with resources.as_file(path) as p:
        return load_scenario(p)
