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

from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tigris.errors import InputError, Problem, did_you_mean
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
REFERENCE_FILE = "reference_scenario.yaml"


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
    h100e_by_year: dict[int, float] | None = None
    accelerators_by_year: dict[int, dict[str, float]] | None = None
    growth_per_year: float | None = Field(None, gt=-1)
    source: str = ""


class Product(_Base):
    """An accelerator product the plan may make."""

    name: str = Field(min_length=1)
    accelerator: str | None = None
    node: str | None = None
    first_year: int | None = None
    last_year: int | None = None
    min_share: float | dict[int, float] = 0.0
    max_share: float | dict[int, float] = 1.0
    h100e: float | None = Field(None, gt=0)
    logic_wafers_per_unit: float | None = Field(None, ge=0)
    interposer_wafers_per_unit: float | None = Field(None, ge=0)
    hbm_stacks_per_unit: float | None = Field(None, ge=0)
    system_power_w: float | None = Field(None, gt=0)
    source: str = ""


class Supply(_Base):
    """Existing capacity available to AI accelerators, by year."""

    logic_wspm: dict[str, dict[int, float]] = {}
    cowos_wspm: dict[int, float]
    hbm_stacks_per_month: dict[int, float]
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
    spend_profile: list[float] | None = None
    output_profile: list[float] | None = None
    opex_usd_per_year: float | None = Field(None, ge=0)
    power_mw: float | None = Field(None, ge=0)
    euv_tools: float | None = Field(None, ge=0)
    high_na_tools: float | None = Field(None, ge=0)
    subsidy_share: float | None = Field(None, ge=0, le=1)


class Site(_Base):
    """A candidate site from the site table, with the plan's limits."""

    name: str = Field(min_length=1)
    max_modules: int | None = Field(None, ge=0)
    min_modules: int = Field(0, ge=0)
    power_limit_mw: float | None = Field(None, ge=0)
    facilities: list[str] | None = None
    module_capacity: dict[str, float] = {}


class CapitalSource(_Base):
    """Capital offered by one investor, released evenly over its years."""

    name: str = Field(min_length=1)
    amount_usd: float = Field(gt=0)
    first_year: int
    last_year: int
    source: str = ""


class Tools(_Base):
    """EUV scanners available to the plan per year."""

    euv_per_year: dict[int, float]
    high_na_per_year: dict[int, float] = {}
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
        by_acc = d.get("accelerators_by_year")
        if isinstance(by_acc, dict):
            for year, units in by_acc.items():
                if isinstance(units, dict):
                    for acc in units:
                        check_acc(("demand", i, "accelerators_by_year", year, acc), acc)

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
        fy, ly = p.get("first_year"), p.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("products", i, "last_year"), f"must be >= first_year ({fy})"))

    supply = data.get("supply")
    if isinstance(supply, dict) and isinstance(supply.get("logic_wspm"), dict):
        fams: dict[str, str] = {}
        for node in supply["logic_wspm"]:
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

    for i, c in _items(data, "capital"):
        fy, ly = c.get("first_year"), c.get("last_year")
        if isinstance(fy, int) and isinstance(ly, int) and fy > ly:
            out.append((("capital", i, "last_year"), f"must be >= first_year ({fy})"))
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
    try:
        scenario = Scenario.model_validate(data if data is not None else {})
    except ValidationError as exc:
        problems.extend(validation_problems(exc, file, locate))
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
    data, locate = load_yaml(path)
    return scenario_from_dict(data, str(path), locate)


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
