"""Scenario -> :class:`~tigris.plan.inputs.PlanInputs`, calling the model chain.

- compute per accelerator from the workload layer (``h100_equivalents``);
- logic wafers, interposer (CoWoS) wafers and HBM stacks per accelerator from the
  silicon layer (``chip_bill``);
- logic fab modules (capex, spend and output profiles, EUV tools, opex, power,
  subsidy, and output: starts × line yield) from the fab layer (``fab_model``), per
  site;
- CoWoS and HBM modules from ``data/facility_types.csv``, with the site's subsidy share
  from ``data/sites.csv``.

Any of these may be overridden in the scenario file (per product or per facility type);
a value given there is used as is, and a field left out takes the layer's value.

:func:`assemble` strings together one small function per job, each returning values:
:func:`_products` (one :class:`_Product` per product), :func:`_facility_types`,
:func:`_use`, :func:`_existing`, :func:`_modules` (one :class:`_Module` per site and
facility type, stacked by :func:`_module_arrays`), :func:`_site_limits`,
:func:`_capital` and :func:`_demand`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tigris.data import list_tables, load_table
from tigris.errors import InputError, Problem
from tigris.plan.inputs import CAPACITY_UNITS, MONTHS_PER_YEAR, PlanInputs
from tigris.scenario import (
    Scenario,
    deliveries_for_fleet,
    facility_id,
    resolve_site,
    series,
    workload_fleet_h100e,
)

__all__ = ["assemble", "assemble_file"]

#: Facility ids of the two packaging / memory types (logic types are ``logic-<node>``).
_NON_LOGIC = ("cowos", "hbm")


def _profile(text: Any) -> list[float] | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    return [float(x) for x in str(text).split("|")]


def _facility_table() -> dict[str, dict[str, Any]]:
    return {str(r["kind"]): r for r in load_table("facility_types").to_dict("records")}


def _site_rows() -> dict[str, dict[str, Any]]:
    if "sites" not in list_tables():
        return {}
    return {str(r["site"]).lower(): r for r in load_table("sites").to_dict("records")}


def _num(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _given(value: Any, default: Any) -> Any:
    """The scenario's value when given (not None), else the layer's default."""
    return default if value is None else value


class _Assumptions:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Any, str, str]] = []

    def add(self, parameter: str, value: Any, unit: str, source: str) -> None:
        self.rows.append((parameter, value, unit, source))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["parameter", "value", "unit", "source"])


# --- products ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Product:
    """One product's coefficients (a row of the product arrays)."""

    h100e: float
    logic: float
    interposer: float
    stacks: float
    family: str
    power_w: float
    available: np.ndarray
    min_share: np.ndarray
    max_share: np.ndarray


def _bill(p: Any, acc_name: str, field: str) -> Any:
    """The silicon layer's chip bill when the scenario leaves a wafer count out."""
    given = (p.logic_wafers_per_unit, p.interposer_wafers_per_unit, p.hbm_stacks_per_unit)
    if all(v is not None for v in given):
        return None
    from tigris.silicon import chip_bill

    try:
        return chip_bill(acc_name, node=p.node)
    except InputError as exc:
        msg = (
            f"the silicon layer cannot make a bill for '{acc_name}' ({exc}); give "
            "logic_wafers_per_unit, interposer_wafers_per_unit and hbm_stacks_per_unit"
        )
        raise InputError(msg, field=field) from None


def _product(i: int, p: Any, years: np.ndarray, notes: _Assumptions) -> _Product:
    """Product ``i`` of the scenario through the catalog, workload and silicon layers."""
    from tigris.catalog import get_accelerator

    field = f"products.{i}"
    acc_name = p.accelerator or p.name
    acc = None
    try:
        acc = get_accelerator(acc_name, field=f"{field}.accelerator")
    except InputError:
        if p.h100e is None or p.logic_wafers_per_unit is None:
            raise
    bill = _bill(p, acc_name, field)
    if p.h100e is not None:
        h100e = float(p.h100e)
    else:
        from tigris.workload import h100_equivalents

        h100e = float(h100_equivalents(acc_name))
    logic = _given(p.logic_wafers_per_unit, getattr(bill, "logic_wafers_per_unit", None))
    interposer = _given(
        p.interposer_wafers_per_unit, getattr(bill, "interposer_wafers_per_unit", None)
    )
    stacks = _given(p.hbm_stacks_per_unit, getattr(bill, "hbm_stacks_per_unit", None))
    node = p.node or (bill.node if bill is not None else None) or (acc.node if acc else None)
    if node is None:
        msg = "no process node known for this product; give node"
        raise InputError(msg, field=f"{field}.node")
    sys_w = p.system_power_w or (acc.system_power_w if acc is not None else None)
    first = _given(p.first_year, years[0])
    last = _given(p.last_year, years[-1])
    src = p.source or (
        "workload.h100_equivalents and silicon.chip_bill on the catalog entry ("
        + (acc.source[:120] if acc is not None else "scenario")
        + ")"
    )
    notes.add(f"{p.name}: compute per unit", round(h100e, 4), "H100e", src)
    notes.add(f"{p.name}: logic wafers per unit", float(logic), "wafers", src)
    notes.add(f"{p.name}: CoWoS wafers per unit", float(interposer), "wafers", src)
    notes.add(f"{p.name}: HBM stacks per unit", float(stacks), "stacks", src)
    return _Product(
        h100e=h100e,
        logic=float(logic),
        interposer=float(interposer),
        stacks=float(stacks),
        family=facility_id("logic", node),
        power_w=float(sys_w or 0.0),
        available=(years >= first) & (years <= last),
        min_share=np.asarray(series(p.min_share, years), dtype=float),
        max_share=np.asarray(series(p.max_share, years), dtype=float),
    )


def _products(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> list[_Product]:
    """Every product, all problems reported at once."""
    out: list[_Product] = []
    problems: list[Problem] = []
    for i, p in enumerate(sc.products):
        try:
            out.append(_product(i, p, years, notes))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return out


# --- facility types, use and existing supply -----------------------------------------


def _facility_types(sc: Scenario) -> list[str]:
    """Facility ids: logic by node family (existing supply, then buildable), CoWoS, HBM."""
    ids = [facility_id("logic", node) for node in sc.supply.logic_wspm]
    ids += [facility_id(f.kind, f.node) for f in sc.facilities]
    logic = [f for f in dict.fromkeys(ids) if f.startswith("logic-")]
    return [*logic, *_NON_LOGIC]


def _kind_and_node(fid: str) -> tuple[str, str]:
    return ("logic", fid[len("logic-") :]) if fid.startswith("logic-") else (fid, "")


def _check_families(sc: Scenario, prods: list[_Product], fac_ids: list[str]) -> None:
    """Every product's logic family must have supply or a buildable facility."""
    missing = [
        Problem(
            f"products.{i}.node",
            f"product '{sc.products[i].name}' needs {p.family} logic wafers but the "
            "scenario has neither supply.logic_wspm nor a facility for that node family",
        )
        for i, p in enumerate(prods)
        if p.family not in fac_ids
    ]
    if missing:
        raise InputError(missing)


def _use(prods: list[_Product], fac_ids: list[str]) -> np.ndarray:
    """(P, K) wafers or stacks of each facility type per accelerator."""
    use = np.zeros((len(prods), len(fac_ids)))
    for i, p in enumerate(prods):
        use[i, fac_ids.index(p.family)] = p.logic
        use[i, fac_ids.index("cowos")] = p.interposer
        use[i, fac_ids.index("hbm")] = p.stacks
    return use


def _existing(
    sc: Scenario, years: np.ndarray, fac_ids: list[str], notes: _Assumptions
) -> tuple[np.ndarray, np.ndarray]:
    """(K, T) existing capacity [wspm or stacks/month] and (K,) its line yield [-].

    Existing logic starts leave the line at the fab layer's ``line_yield`` for the
    node, as new modules do (``docs/plan.md``, "Capacity is what leaves the line").
    """
    from tigris.fab import fab_param

    existing = np.zeros((len(fac_ids), len(years)))
    for node, values in sc.supply.logic_wspm.items():
        existing[fac_ids.index(facility_id("logic", node))] = series(values, years)
    existing[fac_ids.index("cowos")] = series(sc.supply.cowos_wspm, years)
    existing[fac_ids.index("hbm")] = series(sc.supply.hbm_stacks_per_month, years)
    notes.add(
        "existing supply", "by year", "wspm / stacks per month", sc.supply.source or "scenario"
    )
    line_yield = np.ones(len(fac_ids))
    for k, fid in enumerate(fac_ids):
        kind, node = _kind_and_node(fid)
        if kind == "logic":
            line_yield[k] = fab_param("line_yield", node)
            notes.add(f"existing {fid}: line yield", line_yield[k], "-", "fab_parameters.csv")
    return existing, line_yield


# --- modules per site -----------------------------------------------------------------


@dataclass(frozen=True)
class _Module:
    """One module of a facility type at a site, as the plan sees it."""

    capacity: float
    line_yield: float
    capex_usd: float
    subsidy_usd: float
    spend: np.ndarray
    output: np.ndarray
    opex_usd_per_year: float
    power_mw: float
    euv_tools: float
    high_na_tools: float


def _module_from_fab(node: str, wspm: float, site: Any) -> dict[str, Any]:
    """The fab layer's logic module: every field the plan may take from it."""
    from tigris.fab import fab_model

    r = fab_model(node, wspm, site)
    # cash opex only: the fab layer's opex includes depreciation, which would count the
    # capex a second time next to the plan's own capex term
    breakdown = getattr(r, "opex_breakdown_usd_per_year", None) or {}
    cash = [v for k, v in breakdown.items() if not k.startswith("depreciation")]
    opex = float(sum(cash)) if cash else float(r.opex_usd_per_year)
    return {
        "capex_usd": float(r.capex_usd),
        "spend": np.asarray(r.capex_spend_fraction_by_year, dtype=float),
        "output": np.asarray(r.output_fraction_by_year, dtype=float),
        "opex": opex,
        "power": float(r.power_mw),
        "euv": float(r.euv_tools),
        "high_na": float(r.high_na_tools),
        "subsidy": float(r.subsidy_usd),
        # finished wafers out per wafer started: the fab layer's own output number
        "yield": float(r.wafers_per_year) / (MONTHS_PER_YEAR * wspm),
    }


def _module_from_table(row: dict[str, Any]) -> dict[str, Any]:
    """A CoWoS or HBM module from ``data/facility_types.csv``."""
    return {
        "capex_usd": float(row["capex_usd"]),
        "spend": np.array(_profile(row["spend_profile"])),
        "output": np.array(_profile(row["output_profile"])),
        "opex": float(row["opex_usd_per_year"]),
        "power": float(row["power_mw"]),
        "euv": float(row["euv_tools"]),
        "high_na": float(row["high_na_tools"]),
        "subsidy": None,
        "yield": 1.0,
    }


def _module(f: Any, size: float, base: dict[str, Any], site_share: float) -> _Module:
    """A module from the layer's defaults ``base`` with the scenario's overrides ``f``.

    The subsidy is the facility's own share of capex if given; else the fab layer's
    (site share × its capex) unless the scenario overrides capex; else the site's share
    of the capex used.
    """
    capex = float(_given(f.capex_usd, base["capex_usd"]))
    if f.subsidy_share is not None:
        subsidy = f.subsidy_share * capex
    elif base["subsidy"] is not None and f.capex_usd is None:
        subsidy = base["subsidy"]
    else:
        subsidy = site_share * capex
    return _Module(
        capacity=size,
        line_yield=base["yield"],
        capex_usd=capex,
        subsidy_usd=min(subsidy, capex),
        spend=np.asarray(f.spend_profile or base["spend"], dtype=float),
        output=np.asarray(f.output_profile or base["output"], dtype=float),
        opex_usd_per_year=float(_given(f.opex_usd_per_year, base["opex"])),
        power_mw=float(_given(f.power_mw, base["power"])),
        euv_tools=float(_given(f.euv_tools, base["euv"])),
        high_na_tools=float(_given(f.high_na_tools, base["high_na"])),
    )


_OVERRIDE_UNITS = {
    "construction_months": "months",
    "ramp_months": "months",
    "electricity_usd_per_kwh": "USD/kWh",
    "labour_usd_per_fte_year": "USD/FTE/year",
}


def _fab_site(site: str, overrides: dict[str, float]) -> Any:
    """The fab layer's site (``sites.csv`` row) with the scenario's overrides applied."""
    if not overrides:
        return site
    from tigris.fab import get_site

    return dataclasses.replace(get_site(site), **overrides)


def _modules(
    sc: Scenario, fac_ids: list[str], notes: _Assumptions
) -> tuple[list[str], dict[tuple[int, int], _Module]]:
    """Resolved site names and the module of every (site, facility type) allowed."""
    site_rows = _site_rows()
    table = _facility_table()
    by_id = {facility_id(f.kind, f.node): f for f in sc.facilities}
    sites = [resolve_site(s.name) or s.name for s in sc.sites]
    modules: dict[tuple[int, int], _Module] = {}
    for s, (site, spec) in enumerate(zip(sites, sc.sites, strict=True)):
        overrides = spec.table_overrides()
        allowed_ids = spec.facilities if spec.facilities is not None else list(by_id)
        share = _num({**site_rows.get(site, {}), **overrides}.get("subsidy_share_of_capex"))
        fab_site = _fab_site(site, overrides)
        for key, value in overrides.items():
            unit = _OVERRIDE_UNITS.get(key, "-")
            notes.add(f"{site}: {key}", value, unit, "scenario (overrides data/sites.csv)")
        for k, fid in enumerate(fac_ids):
            f = by_id.get(fid)
            if f is None or fid not in allowed_ids:
                continue
            row = table[f.kind]
            size = float(
                spec.module_capacity.get(fid) or f.module_capacity or row["module_capacity"]
            )
            if f.kind == "logic":
                # always the fab layer's module: its output (starts x line yield) is the
                # plan's capacity, and it fills any field the scenario leaves out
                base = _module_from_fab(f.node or _kind_and_node(fid)[1], size, fab_site)
                src = "tigris.fab.fab_model"
            else:
                base = _module_from_table(row)
                src = f"facility_types.csv ({str(row['source'])[:100]}...)"
            mod = _module(f, size, base, share or 0.0)
            modules[s, k] = mod
            first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
            notes.add(
                f"{site} {fid}: module",
                f"{size:g} {CAPACITY_UNITS[f.kind]}, {mod.capex_usd / 1e9:.2f}B USD, "
                f"first output {first} yr after start, {mod.euv_tools:g} EUV",
                "per module",
                src,
            )
    return sites, modules


def _module_arrays(
    modules: dict[tuple[int, int], _Module], n_s: int, n_k: int
) -> dict[str, np.ndarray]:
    """Stack modules into the (S, K) and (S, K, L) arrays of :class:`PlanInputs`.

    A slot with no module (not allowed) keeps capacity 1, cost 0 and a spend profile of
    1 in the start year, so every profile is well formed; its build is bounded to 0.
    """
    n_lag = max([max(len(m.spend), len(m.output)) for m in modules.values()] or [1])
    scalars = {
        "module_capacity": ("capacity", 1.0),
        "module_yield": ("line_yield", 1.0),
        "capex_usd": ("capex_usd", 0.0),
        "subsidy_usd": ("subsidy_usd", 0.0),
        "opex_usd_per_year": ("opex_usd_per_year", 0.0),
        "power_mw": ("power_mw", 0.0),
        "euv_tools": ("euv_tools", 0.0),
        "high_na_tools": ("high_na_tools", 0.0),
    }
    out = {name: np.full((n_s, n_k), fill) for name, (_, fill) in scalars.items()}
    out["allowed"] = np.zeros((n_s, n_k), dtype=bool)
    out["spend"] = np.zeros((n_s, n_k, n_lag))
    out["spend"][..., 0] = 1.0
    out["output"] = np.zeros((n_s, n_k, n_lag))
    for key, mod in modules.items():
        out["allowed"][key] = True
        for name, (attr, _) in scalars.items():
            out[name][key] = getattr(mod, attr)
        out["spend"][key] = 0.0
        out["spend"][key][: len(mod.spend)] = mod.spend
        out["output"][key][: len(mod.output)] = mod.output
        out["output"][key][len(mod.output) :] = mod.output[-1]
    return out


def _site_limits(sc: Scenario) -> dict[str, np.ndarray]:
    """(S,) module limits, commitments and power limits of the sites."""
    return {
        "max_modules": np.array([_given(s.max_modules, np.inf) for s in sc.sites], dtype=float),
        "min_modules": np.array([float(s.min_modules) for s in sc.sites]),
        "power_limit_mw": np.array(
            [_given(s.power_limit_mw, np.inf) for s in sc.sites], dtype=float
        ),
    }


# --- money and demand ------------------------------------------------------------------


def _capital(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> np.ndarray:
    """(F, T) capital released per source and year, equal tranches over its years [USD].

    Tranches released before the horizon are available from its first year.
    """
    capital = np.zeros((len(sc.capital), len(years)))
    for f, cs in enumerate(sc.capital):
        span = np.arange(cs.first_year, cs.last_year + 1)
        per_year = cs.amount_usd / len(span)
        capital[f] = np.where(np.isin(years, span), per_year, 0.0)
        capital[f, 0] += per_year * np.sum(span < years[0])
        notes.add(f"capital {cs.name}", cs.amount_usd, "USD", cs.source or "scenario")
    return capital


def _demand(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> np.ndarray:
    """Demand by class and year [H100e/year]: the class's map plus its workloads'
    deliveries (``docs/plan.md``, "Demand from workloads")."""
    out = np.zeros((len(sc.demand), len(years)))
    problems: list[Problem] = []
    for c, d in enumerate(sc.demand):
        if d.h100e_by_year is not None:
            out[c] = series(dict(d.h100e_by_year), years, d.growth_per_year)
        elif d.accelerators_by_year is not None:
            from tigris.workload import h100_equivalents

            values = {
                int(y): sum(n * h100_equivalents(a) for a, n in units.items())
                for y, units in d.accelerators_by_year.items()
            }
            out[c] = series(values, years, d.growth_per_year)
        for j, w in enumerate(d.workloads or []):
            field = f"demand.{c}.workloads.{j}"
            try:
                fleet = workload_fleet_h100e(w, years)
            except InputError as exc:
                problems.extend(Problem(f"{field}.{p.field}", p.message) for p in exc.problems)
                continue
            delivered = deliveries_for_fleet(fleet, sc.fleet_lifetime_years)
            out[c] += delivered
            what = "train" if w.train is not None else "infer"
            notes.add(
                f"demand {d.name}: workload {j} ({what})",
                f"{fleet[0]:,.0f} H100e in service, {delivered[0]:,.0f} delivered in {years[0]}",
                "H100e",
                w.source or "workload layer (tigris.workload.train / infer)",
            )
        notes.add(f"demand {d.name}: priority", d.priority, "-", d.source or "scenario")
    if problems:
        raise InputError(problems)
    return out


def _source_notes(sc: Scenario, notes: _Assumptions) -> None:
    notes.add(
        "EUV scanners available to the plan", "by year", "tools/year", sc.tools.source or "scenario"
    )
    for key, text in sc.sources.items():
        value = getattr(sc, key, "")
        notes.add(key, value if isinstance(value, int | float) else "", "", text)


# --- the whole problem -------------------------------------------------------------------


def assemble(sc: Scenario) -> tuple[PlanInputs, pd.DataFrame]:
    """Turn a scenario into planner arrays and a table of the assumptions used.

    Parameters
    ----------
    sc : Scenario
        A validated scenario.

    Returns
    -------
    inputs : PlanInputs
        Arrays for :func:`tigris.plan.model.build_model`.
    assumptions : pandas.DataFrame
        ``parameter, value, unit, source`` rows for the result.

    Raises
    ------
    InputError
        A product's node has no supply and no buildable facility, or a layer the
        scenario relies on rejects it.
    """
    notes = _Assumptions()
    years = sc.years
    prods = _products(sc, years, notes)
    fac_ids = _facility_types(sc)
    _check_families(sc, prods, fac_ids)
    existing, existing_yield = _existing(sc, years, fac_ids, notes)
    sites, modules = _modules(sc, fac_ids, notes)
    arrays = _module_arrays(modules, len(sites), len(fac_ids))
    capital = _capital(sc, years, notes)
    demand = _demand(sc, years, notes)
    _source_notes(sc, notes)
    kinds_nodes = [_kind_and_node(f) for f in fac_ids]
    inp = PlanInputs(
        years=years,
        sites=tuple(sites),
        facilities=tuple(fac_ids),
        facility_kind=tuple(k for k, _ in kinds_nodes),
        facility_node=tuple(n for _, n in kinds_nodes),
        products=tuple(p.name for p in sc.products),
        classes=tuple(d.name for d in sc.demand),
        sources=tuple(c.name for c in sc.capital),
        h100e=np.array([p.h100e for p in prods]),
        use=_use(prods, fac_ids),
        available=np.array([p.available for p in prods], dtype=bool).reshape(-1, len(years)),
        min_share=np.array([p.min_share for p in prods]).reshape(-1, len(years)),
        max_share=np.array([p.max_share for p in prods]).reshape(-1, len(years)),
        system_power_w=np.array([p.power_w for p in prods]),
        existing=existing,
        existing_yield=existing_yield,
        demand=demand,
        priority=np.array([d.priority for d in sc.demand], dtype=float),
        penalty_usd_per_h100e=sc.unmet_penalty_usd_per_h100e,
        **arrays,
        **_site_limits(sc),
        euv_supply=series(sc.tools.euv_per_year, years),
        high_na_supply=series(sc.tools.high_na_per_year or {int(years[0]): 0.0}, years),
        capital_usd=capital,
        discount_rate=sc.discount_rate,
        base_year=int(years[0]),
        pue=sc.pue,
        fleet_lifetime_years=sc.fleet_lifetime_years,
    )
    return inp, notes.frame()


def assemble_file(path: str | Path) -> tuple[Scenario, PlanInputs, pd.DataFrame]:
    """Read, validate and assemble a scenario file, every problem with its line.

    :func:`tigris.scenario.load_scenario` checks the file against the schema; the
    model chain (catalog, silicon, fab layers) can still reject it (a product the
    silicon layer has no data for, a node nothing makes). Those problems get the file
    and line of their field too, so ``tigris scenario check`` and ``tigris plan``
    report them the same way.

    Parameters
    ----------
    path : str or Path
        Scenario YAML file.

    Returns
    -------
    scenario : Scenario
    inputs : PlanInputs
    assumptions : pandas.DataFrame

    Raises
    ------
    InputError
        Every problem found, as ``file:line: field.path: message``.
    """
    from tigris.scenario import load_scenario
    from tigris.yamlio import load_yaml

    sc = load_scenario(path)
    try:
        inp, notes = assemble(sc)
    except InputError as exc:
        _, locate = load_yaml(path)
        located = []
        for pr in exc.problems:
            if pr.file is None:
                loc = tuple(int(x) if x.isdigit() else x for x in pr.field.split(".") if x)
                pr = Problem(pr.field, pr.message, file=str(path), line=locate(loc))
            located.append(pr)
        raise InputError(located) from None
    return sc, inp, notes
