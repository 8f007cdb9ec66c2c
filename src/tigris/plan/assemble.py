"""Scenario -> :class:`~tigris.plan.inputs.PlanInputs`, calling the model chain.

- compute per accelerator from the workload layer (``h100_equivalents``);
- logic wafers, interposer (CoWoS) wafers and HBM stacks per accelerator from the
  silicon layer (``chip_bill``);
- logic fab modules (capex, spend and output profiles, EUV tools, opex, power,
  subsidy) from the fab layer (``fab_model``), per site;
- CoWoS and HBM modules from ``data/facility_types.csv``, with the site's subsidy share
  from ``data/sites.csv``.

Any of these may be overridden in the scenario file (per product or per facility type);
a value given there is used as is.
"""

from __future__ import annotations

import math
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


class _Assumptions:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Any, str, str]] = []

    def add(self, parameter: str, value: Any, unit: str, source: str) -> None:
        self.rows.append((parameter, value, unit, source))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["parameter", "value", "unit", "source"])


def _products(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> dict[str, Any]:
    from tigris.catalog import get_accelerator

    n_p, n_t = len(sc.products), len(years)
    h100e = np.zeros(n_p)
    logic, interposer, stacks = np.zeros(n_p), np.zeros(n_p), np.zeros(n_p)
    families: list[str] = []
    power = np.zeros(n_p)
    avail = np.zeros((n_p, n_t), dtype=bool)
    lo, hi = np.zeros((n_p, n_t)), np.ones((n_p, n_t))

    def one(i: int, p: Any) -> None:
        """Fill row ``i`` of the arrays above for product ``p``."""
        field = f"products.{i}"
        acc_name = p.accelerator or p.name
        acc = None
        try:
            acc = get_accelerator(acc_name, field=f"{field}.accelerator")
        except InputError:
            if p.h100e is None or p.logic_wafers_per_unit is None:
                raise
        bill = None
        need_bill = (
            p.logic_wafers_per_unit is None
            or p.interposer_wafers_per_unit is None
            or p.hbm_stacks_per_unit is None
        )
        if need_bill:
            from tigris.silicon import chip_bill

            try:
                bill = chip_bill(acc_name, node=p.node)
            except InputError as exc:
                msg = (
                    f"the silicon layer cannot make a bill for '{acc_name}' ({exc}); give "
                    "logic_wafers_per_unit, interposer_wafers_per_unit and hbm_stacks_per_unit"
                )
                raise InputError(msg, field=field) from None
        if p.h100e is not None:
            h100e[i] = p.h100e
        else:
            from tigris.workload import h100_equivalents

            h100e[i] = h100_equivalents(acc_name)
        logic[i] = (
            p.logic_wafers_per_unit
            if p.logic_wafers_per_unit is not None
            else bill.logic_wafers_per_unit
        )  # type: ignore[union-attr]
        interposer[i] = (
            p.interposer_wafers_per_unit
            if p.interposer_wafers_per_unit is not None
            else bill.interposer_wafers_per_unit  # type: ignore[union-attr]
        )
        stacks[i] = (
            p.hbm_stacks_per_unit if p.hbm_stacks_per_unit is not None else bill.hbm_stacks_per_unit
        )  # type: ignore[union-attr]
        node = p.node or (bill.node if bill is not None else None) or (acc.node if acc else None)
        if node is None:
            msg = "no process node known for this product; give node"
            raise InputError(msg, field=f"{field}.node")
        families.append(facility_id("logic", node))
        sys_w = p.system_power_w or (acc.system_power_w if acc is not None else None)
        power[i] = sys_w or 0.0
        first = p.first_year if p.first_year is not None else years[0]
        last = p.last_year if p.last_year is not None else years[-1]
        avail[i] = (years >= first) & (years <= last)
        lo[i] = series(p.min_share, years)
        hi[i] = series(p.max_share, years)
        src = p.source or (
            "workload.h100_equivalents and silicon.chip_bill on the catalog entry ("
            + (acc.source[:120] if acc is not None else "scenario")
            + ")"
        )
        notes.add(f"{p.name}: compute per unit", round(float(h100e[i]), 4), "H100e", src)
        notes.add(f"{p.name}: logic wafers per unit", float(logic[i]), "wafers", src)
        notes.add(f"{p.name}: CoWoS wafers per unit", float(interposer[i]), "wafers", src)
        notes.add(f"{p.name}: HBM stacks per unit", float(stacks[i]), "stacks", src)

    # every product checked, all problems reported at once
    problems: list[Problem] = []
    for i, p in enumerate(sc.products):
        try:
            one(i, p)
        except InputError as exc:
            problems.extend(exc.problems)
            families.append("")
    if problems:
        raise InputError(problems)

    return {
        "h100e": h100e,
        "logic": logic,
        "interposer": interposer,
        "stacks": stacks,
        "families": families,
        "power": power,
        "available": avail,
        "min_share": lo,
        "max_share": hi,
    }


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


def _module_from_fab(node: str, wspm: float, site: Any) -> dict[str, Any]:
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
    import dataclasses

    from tigris.fab import get_site

    return dataclasses.replace(get_site(site), **overrides)


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
        scenario relies on is missing.
    """
    notes = _Assumptions()
    years = sc.years
    n_t = len(years)
    prod = _products(sc, years, notes)

    # facility types: buildable ones plus existing logic supply by node family
    buildable = [(facility_id(f.kind, f.node), f) for f in sc.facilities]
    fac_ids: list[str] = []
    for node in sc.supply.logic_wspm:
        fac_ids.append(facility_id("logic", node))
    for fid, _ in buildable:
        if fid not in fac_ids:
            fac_ids.append(fid)
    for fid in ("cowos", "hbm"):
        if fid not in fac_ids:
            fac_ids.append(fid)
    fac_ids = [f for f in fac_ids if f.startswith("logic-")] + ["cowos", "hbm"]
    n_k = len(fac_ids)
    kind = tuple("logic" if f.startswith("logic-") else f for f in fac_ids)
    node_of = tuple(f[len("logic-") :] if f.startswith("logic-") else "" for f in fac_ids)

    missing = []
    for i, fam in enumerate(prod["families"]):
        if fam not in fac_ids:
            msg = (
                f"product '{sc.products[i].name}' needs {fam} logic wafers but the scenario "
                "has neither supply.logic_wspm nor a facility for that node family"
            )
            missing.append(Problem(f"products.{i}.node", msg))
    if missing:
        raise InputError(missing)

    n_p = len(sc.products)
    use = np.zeros((n_p, n_k))
    for i, fam in enumerate(prod["families"]):
        use[i, fac_ids.index(fam)] = prod["logic"][i]
    use[:, fac_ids.index("cowos")] = prod["interposer"]
    use[:, fac_ids.index("hbm")] = prod["stacks"]

    existing = np.zeros((n_k, n_t))
    for node, values in sc.supply.logic_wspm.items():
        existing[fac_ids.index(facility_id("logic", node))] = series(values, years)
    existing[fac_ids.index("cowos")] = series(sc.supply.cowos_wspm, years)
    existing[fac_ids.index("hbm")] = series(sc.supply.hbm_stacks_per_month, years)
    notes.add(
        "existing supply", "by year", "wspm / stacks per month", sc.supply.source or "scenario"
    )
    # existing logic starts leave the line at the fab layer's line yield, as new modules do
    ex_yield = np.ones(n_k)
    for k, fid in enumerate(fac_ids):
        if kind[k] == "logic":
            from tigris.fab import fab_param

            ex_yield[k] = fab_param("line_yield", node_of[k])
            notes.add(f"existing {fid}: line yield", ex_yield[k], "-", "fab_parameters.csv")

    # sites x facility types
    site_rows = _site_rows()
    sites = [resolve_site(s.name) or s.name for s in sc.sites]
    n_s = len(sites)
    table = _facility_table()
    allowed = np.zeros((n_s, n_k), dtype=bool)
    mod_cap = np.ones((n_s, n_k))
    capex = np.zeros((n_s, n_k))
    subsidy = np.zeros((n_s, n_k))
    opex = np.zeros((n_s, n_k))
    power = np.zeros((n_s, n_k))
    euv = np.zeros((n_s, n_k))
    hna = np.zeros((n_s, n_k))
    mod_yield = np.ones((n_s, n_k))
    spends: dict[tuple[int, int], np.ndarray] = {}
    outputs: dict[tuple[int, int], np.ndarray] = {}
    fac_by_id = dict(buildable)
    for s, site in enumerate(sites):
        spec = sc.sites[s]
        allowed_ids = spec.facilities if spec.facilities is not None else list(fac_by_id)
        row = {**site_rows.get(site, {}), **spec.table_overrides()}
        share = _num(row.get("subsidy_share_of_capex")) or 0.0
        fab_site = _fab_site(site, spec.table_overrides())
        for key, value in spec.table_overrides().items():
            unit = _OVERRIDE_UNITS.get(key, "-")
            notes.add(f"{site}: {key}", value, unit, "scenario (overrides data/sites.csv)")
        for k, fid in enumerate(fac_ids):
            f = fac_by_id.get(fid)
            if f is None or fid not in allowed_ids:
                continue
            allowed[s, k] = True
            base = table[f.kind]
            size = (
                spec.module_capacity.get(fid) or f.module_capacity or float(base["module_capacity"])
            )
            mod_cap[s, k] = size
            if f.kind == "logic":
                # always the fab layer's module: its output (starts x line yield) is the
                # plan's capacity, and it fills any field the scenario leaves out
                fab = _module_from_fab(f.node or node_of[k], size, fab_site)
                mod_yield[s, k] = fab["yield"]
                src = "tigris.fab.fab_model"
            else:
                fab = {
                    "capex_usd": float(base["capex_usd"]),
                    "spend": np.array(_profile(base["spend_profile"])),
                    "output": np.array(_profile(base["output_profile"])),
                    "opex": float(base["opex_usd_per_year"]),
                    "power": float(base["power_mw"]),
                    "euv": float(base["euv_tools"]),
                    "high_na": float(base["high_na_tools"]),
                    "subsidy": None,
                }
                src = f"facility_types.csv ({str(base['source'])[:100]}...)"
            fab = fab or {}
            cap_usd = f.capex_usd if f.capex_usd is not None else fab["capex_usd"]
            capex[s, k] = cap_usd
            spends[s, k] = np.asarray(f.spend_profile or fab["spend"], dtype=float)
            outputs[s, k] = np.asarray(f.output_profile or fab["output"], dtype=float)
            opex[s, k] = f.opex_usd_per_year if f.opex_usd_per_year is not None else fab["opex"]
            power[s, k] = f.power_mw if f.power_mw is not None else fab["power"]
            euv[s, k] = f.euv_tools if f.euv_tools is not None else fab["euv"]
            hna[s, k] = f.high_na_tools if f.high_na_tools is not None else fab["high_na"]
            if f.subsidy_share is not None:
                subsidy[s, k] = f.subsidy_share * cap_usd
            elif fab.get("subsidy") is not None and f.capex_usd is None:
                subsidy[s, k] = fab["subsidy"]
            else:
                subsidy[s, k] = share * cap_usd
            build_years = int(np.argmax(outputs[s, k] > 0)) if np.any(outputs[s, k] > 0) else -1
            notes.add(
                f"{site} {fid}: module",
                f"{size:g} {CAPACITY_UNITS[f.kind]}, {cap_usd / 1e9:.2f}B USD, "
                f"first output {build_years} yr after start, {euv[s, k]:g} EUV",
                "per module",
                src,
            )
    n_lag = max([len(v) for v in (*spends.values(), *outputs.values())] or [1])
    spend = np.zeros((n_s, n_k, n_lag))
    output = np.zeros((n_s, n_k, n_lag))
    spend[..., 0] = 1.0
    for key, v in spends.items():
        spend[key] = 0.0
        spend[key][: len(v)] = v
    for key, v in outputs.items():
        output[key][: len(v)] = v
        output[key][len(v) :] = v[-1]

    max_mod = np.array([np.inf if s.max_modules is None else s.max_modules for s in sc.sites])
    min_mod = np.array([float(s.min_modules) for s in sc.sites])
    p_lim = np.array([np.inf if s.power_limit_mw is None else s.power_limit_mw for s in sc.sites])

    capital = np.zeros((len(sc.capital), n_t))
    for f, cs in enumerate(sc.capital):
        span = np.arange(cs.first_year, cs.last_year + 1)
        per_year = cs.amount_usd / len(span)
        capital[f] = np.where(np.isin(years, span), per_year, 0.0)
        # tranches released before the horizon are available from its first year
        capital[f, 0] += per_year * np.sum(span < years[0])
        notes.add(f"capital {cs.name}", cs.amount_usd, "USD", cs.source or "scenario")

    demand = _demand(sc, years, notes)
    tools_src = sc.tools.source or "scenario"
    notes.add("EUV scanners available to the plan", "by year", "tools/year", tools_src)
    for key, text in sc.sources.items():
        value = getattr(sc, key, "")
        notes.add(key, value if isinstance(value, int | float) else "", "", text)

    inp = PlanInputs(
        years=years,
        sites=tuple(sites),
        facilities=tuple(fac_ids),
        facility_kind=kind,
        facility_node=node_of,
        products=tuple(p.name for p in sc.products),
        classes=tuple(d.name for d in sc.demand),
        sources=tuple(c.name for c in sc.capital),
        h100e=prod["h100e"],
        use=use,
        available=prod["available"],
        min_share=prod["min_share"],
        max_share=prod["max_share"],
        system_power_w=prod["power"],
        existing=existing,
        demand=demand,
        priority=np.array([d.priority for d in sc.demand], dtype=float),
        penalty_usd_per_h100e=sc.unmet_penalty_usd_per_h100e,
        allowed=allowed,
        module_capacity=mod_cap,
        module_yield=mod_yield,
        existing_yield=ex_yield,
        capex_usd=capex,
        subsidy_usd=np.minimum(subsidy, capex),
        spend=spend,
        output=output,
        opex_usd_per_year=opex,
        euv_tools=euv,
        high_na_tools=hna,
        power_mw=power,
        max_modules=max_mod,
        min_modules=min_mod,
        power_limit_mw=p_lim,
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
