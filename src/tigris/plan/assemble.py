"""Scenario -> :class:`~tigris.plan.inputs.PlanInputs`, calling the model chain.

- products from the scenario, or from the world layer's roadmap
  (``products: roadmap``, :func:`tigris.world.roadmap.roadmap_products`);
- compute per accelerator from the workload layer (``h100_equivalents``);
- logic wafers, interposer (CoWoS) wafers and HBM DRAM wafers per accelerator *in each
  year* (the node's defect density at its age that year) from
  :func:`tigris.world.roadmap.bills_by_year`; a 3D-stacked part's base (I/O) dies take
  wafers of their own node family (:mod:`tigris.plan.logic_use`);
- existing capacity from the scenario's maps and/or the incumbents' baseline
  (``supply.baseline``, :mod:`tigris.world.incumbents`), split into what stood at the
  end of the history and what is announced after (``existing_parts``);
- demand from the scenario's maps, workloads and ``calibrated_share`` x
  :func:`tigris.world.demand.calibrated_demand`;
- logic fab modules (capex, spend and output profiles, EUV tools, opex, power,
  subsidy, and output: starts × line yield) from the fab layer (``fab_model``), per
  site;
- CoWoS and HBM modules from ``data/facility_types.csv``, with the site's subsidy share
  from ``data/sites.csv``;
- with a ``datacenter`` facility or a ``datacenters`` block, the data-centre power pool,
  its modules, existing capacity, the fleet and the grid
  (:mod:`tigris.plan.assemble_energy`, ``docs/energy.md``);
- with ``incumbents.respond``, the incumbents as owners: their sites (named
  ``owner@site``, e.g. ``tsmc@taiwan``) and capital (:mod:`tigris.world.incumbents`);
- money (:mod:`tigris.plan.assemble_money`, docs/finance.md): wafer prices and variable
  costs by facility type and year, tax by site, depreciation lives, the objective and
  the unmet-demand penalty (a number, or the rental value of an H100e by year).

Any of these may be overridden in the scenario file (per product or per facility type);
a value given there is used as is, and a field left out takes the layer's value.

:func:`assemble` strings together one small function per job, each returning values:
:func:`_products` (one :class:`_Product` per product), :func:`_facility_types`,
:func:`_use`, :func:`_existing`, :func:`_site_specs` (one :class:`_SiteSpec` per
investor or incumbent site), :func:`_modules` (one :class:`_Module` per site and
facility type, stacked by :func:`_module_arrays`), :func:`_site_limits`,
:func:`_capital`, :func:`_demand` and :func:`~tigris.plan.assemble_money.money_fields`.
Every source used is a row of the assumptions table.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from tigris.errors import InputError, Problem
from tigris.plan.assemble_energy import (
    GRID_ID,
    datacenter_facility_ids,
    energy_fields,
    existing_datacenter_mw,
    grid_price_multiplier,
    pool_energy_usd_per_mwh,
    site_pues,
    site_regions,
)
from tigris.plan.assemble_money import money_fields
from tigris.plan.assemble_sites import (
    INVESTOR,
    _Assumptions,
    _given,
    _kind_and_node,
    _module_arrays,
    _modules,
    _Power,
    _site_limits,
    _site_specs,
    cpi_note,
    data_dollars,
)
from tigris.plan.inputs import (
    BASELINE_SUPPLY_ROW,
    EXISTING_SUPPLY_ROW,
    GLOBAL_POOL_NOTE,
    REPLACES_BASELINE,
    PlanInputs,
)
from tigris.scenario import (
    Product,
    Scenario,
    deliveries_for_fleet,
    facility_id,
    series,
    workload_fleet_h100e,
)
from tigris.scenario.checks_workload import training_note
from tigris.scenario.edit import capital_source
from tigris.scenario.series import workload_lifetime

__all__ = ["assemble", "assemble_file"]

#: Facility ids of the two packaging / memory types (logic types are ``logic-<node>``).
_NON_LOGIC = ("cowos", "hbm")


# --- products ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Product:
    """One product's coefficients (a row of the product arrays); wafer counts by year."""

    h100e: float
    logic: np.ndarray
    interposer: np.ndarray
    hbm: np.ndarray
    family: str
    power_w: float
    available: np.ndarray
    min_share: np.ndarray
    max_share: np.ndarray
    hbm_gb_per_wafer: np.ndarray | None = None
    hbm_generation: str | None = None
    #: Base-die wafers by year on ``base_family`` (a 3D-stacked part; else None).
    base: np.ndarray | None = None
    base_family: str | None = None


#: Per-unit overrides of a product and the ``bills_by_year`` key each replaces.
_BILL_FIELDS = {
    "logic_wafers_per_unit": "logic",
    "interposer_wafers_per_unit": "interposer",
    "hbm_wafers_per_unit": "hbm_wafers",
}


def _bills(
    p: Product, acc_name: str, years: np.ndarray, field: str, stacked: bool = False
) -> dict[str, np.ndarray]:
    """The chip bill by year (:func:`tigris.world.roadmap.bills_by_year`) where the
    scenario leaves a wafer count out, or the part is 3D-stacked (``stacked``: its
    base-die wafers come from the bill, the scenario has no field for them); empty
    when it gives all three and the part has no base dies."""
    if not stacked and all(getattr(p, k) is not None for k in _BILL_FIELDS):
        return {}
    from tigris.world.roadmap import bills_by_year

    try:
        return bills_by_year(acc_name, years, node=p.node)
    except InputError as exc:
        msg = (
            f"the silicon layer cannot make a bill for '{acc_name}' ({exc}); give "
            "logic_wafers_per_unit, interposer_wafers_per_unit and hbm_wafers_per_unit"
        )
        raise InputError(msg, field=field) from None


def _span(x: np.ndarray) -> str:
    """A series for the assumptions table: ``0.412`` if constant, else its first and
    last values, ``0.412 -> 0.305``."""
    a, b = float(x[0]), float(x[-1])
    return f"{a:.4g}" if math.isclose(a, b, rel_tol=1e-9) else f"{a:.4g} -> {b:.4g}"


def _product(
    i: int,
    p: Product,
    years: np.ndarray,
    notes: _Assumptions,
    sources: Mapping[str, str] | None = None,
) -> _Product:
    """Product ``i`` of the scenario through the catalog, workload and silicon layers.

    ``sources``: the scenario's ``sources:`` by dotted path; a value of the product set
    on the command line is marked there (``products.NAME.h100e``, ...), so its row cites
    the mark and the product's other rows keep theirs (user test 2026-12-07: ``--set
    products.1.max_share=0.3`` wrote its mark on the entry's ``source``, which every
    row of the product then cited, and no row said max_share)."""
    from tigris.catalog import get_accelerator

    field = f"products.{i}"
    acc_name = p.accelerator or p.name
    acc = None
    try:
        acc = get_accelerator(acc_name, field=f"{field}.accelerator")
    except InputError:
        if p.h100e is None or p.logic_wafers_per_unit is None:
            raise
    from tigris.plan.logic_use import BASE_KEY, base_die_family

    try:
        base_family = base_die_family(acc)
    except InputError as exc:
        raise InputError(str(exc.problems[0].message), field=f"{field}.accelerator") from None
    bills = _bills(p, acc_name, years, field, stacked=base_family is not None)
    if p.h100e is not None:
        h100e = float(p.h100e)
    else:
        from tigris.workload import h100_equivalents

        h100e = float(h100_equivalents(acc_name))
    per_year = {
        key: np.full(len(years), float(getattr(p, name)))
        if getattr(p, name) is not None
        else np.asarray(bills[key], dtype=float)
        for name, key in _BILL_FIELDS.items()
    }
    node = p.node or (acc.node if acc is not None else None)
    if node is None:
        msg = "no process node known for this product; give node"
        raise InputError(msg, field=f"{field}.node")
    sys_w = p.system_power_w or (acc.system_power_w if acc is not None else None)
    first = _given(p.first_year, years[0])
    last = _given(p.last_year, years[-1])
    earliest = _earliest_made(acc, node)
    if earliest is not None and earliest[0] > int(first):
        # a part is not made before it launches (user test UT-CONTRIB #2), nor before its
        # logic node or its HBM generation is in volume production (user test 2026-12-07,
        # semiconductor analyst: --set hbm.HBM4.hvm_year=2030 moved only the yields, and
        # HBM4 parts still shipped in 2026)
        never = earliest[0] > int(last)
        notes.add(
            f"{p.name}: first year made",
            earliest[0],
            "year",
            f"{earliest[1]}: no unit is made before it (docs/plan.md, "
            f"'The technology roadmap'); {field}.first_year "
            + (f"{p.first_year}" if p.first_year is not None else f"(the horizon's {first})")
            + " is earlier"
            + (f"; after its last year {last}: not made at all" if never else ""),
        )
        if not earliest[1].startswith("catalog launch_year"):
            # a component's volume production moved by the scenario's data (a --set of
            # an hvm_year): said, since it may leave a year without parts or drop a
            # floor (review of 2026-12-07: an infeasible plan that named no part)
            start = max(int(first), int(years[0]))
            held = (years >= start) & (years < earliest[0]) & (years <= int(last))
            floors = np.asarray(series(p.min_share, years), dtype=float)
            floor = bool((floors[held] > 0).any())
            _say_held_back(p.name, field, start, int(last), earliest, floor)
        first = earliest[0]
    # the per-unit numbers come from the catalog entry unless the product gives them;
    # the product's own source (a roadmap's ship-year note) is cited only where it does
    # (a new user's test of 2026-12-07: 196 per-unit rows of the report cited the
    # roadmap's shipping note for catalog figures such as B200's 14.3 kW / 8)
    catalog_src = (
        "workload.h100_equivalents and world.roadmap.bills_by_year (silicon.chip_bill at "
        "the node's age each year) on the catalog entry ("
        + (acc.source[:120] if acc is not None else "scenario")
        + ")"
    )
    src = catalog_src

    def given(name: str) -> str:
        """The source of a per-unit value the product gives itself: its own."""
        return p.source or f"scenario {field}.{name} (no source given)"

    span = f" {years[0]}->{years[-1]}" if len(years) > 1 else ""
    # a given h100e is the scenario's figure, not the FLOP ratio
    per_unit_src = src if p.h100e is None else given("h100e")
    marked = dict(sources or {})

    def cited(name: str, default: str) -> str:
        return marked.get(f"products.{p.name}.{name}") or default

    notes.add(f"{p.name}: compute per unit", round(h100e, 4), "H100e", cited("h100e", per_unit_src))
    # the power a unit draws, which the plan's power and energy scale with (user test
    # s57 #2: a product's own system_power_w was in no row)
    power_src = (
        f"scenario {field}.system_power_w"
        + (f" ({p.source})" if p.source else " (no source given)")
        if p.system_power_w is not None
        else src  # the catalog entry's, as the rows beside it cite it ("as above")
    )
    notes.add(
        f"{p.name}: system power per unit",
        float(sys_w or 0.0),
        "W",
        cited("system_power_w", power_src),
    )
    for name, key, label in (
        ("logic_wafers_per_unit", "logic", "logic"),
        ("interposer_wafers_per_unit", "interposer", "CoWoS"),
        ("hbm_wafers_per_unit", "hbm_wafers", "HBM DRAM"),
    ):
        notes.add(
            f"{p.name}: {label} wafers per unit{span}",
            _span(per_year[key]),
            "wafers",
            cited(name, src if getattr(p, name) is None else given(name)),
        )
    base = None
    if base_family is not None:
        base = np.asarray(bills[BASE_KEY], dtype=float)
        notes.add(
            f"{p.name}: base-die wafers per unit ({base_family}){span}",
            _span(base),
            "wafers",
            "world.roadmap.bills_by_year (silicon.chip_bill: base_dies x base_die_area_mm2 "
            "on base_die_node, accelerators.csv); counted against that family's capacity",
        )
    for key, unit in (("hbm_stacks", "stacks"), ("hbm_gb", "GB")):
        if key in bills:
            # per good package: the stacks of the part over the package yield (a new
            # user read 204.2 GB against B200's 192 GB raw, with nothing to say why)
            notes.add(
                f"{p.name}: HBM {unit} per good unit (derived, packaging losses included){span}",
                _span(bills[key]),
                unit,
                src,
            )
    gb_per_wafer = None
    if "hbm_gb" in bills and "hbm_wafers" in bills:  # the silicon layer's own ratio
        wafers = np.asarray(bills["hbm_wafers"], dtype=float)
        gb = np.asarray(bills["hbm_gb"], dtype=float)
        gb_per_wafer = np.divide(gb, wafers, out=np.full(len(years), np.nan), where=wafers > 0)
    return _Product(
        hbm_gb_per_wafer=gb_per_wafer,
        hbm_generation=acc.hbm_generation if acc is not None else None,
        h100e=h100e,
        logic=per_year["logic"],
        interposer=per_year["interposer"],
        hbm=per_year["hbm_wafers"],
        family=facility_id("logic", node),
        power_w=float(sys_w or 0.0),
        available=(years >= first) & (years <= last),
        min_share=np.asarray(series(p.min_share, years), dtype=float),
        max_share=np.asarray(series(p.max_share, years), dtype=float),
        base=base,
        base_family=base_family,
    )


#: The held-back lines written on standard error by this process (each once: a plan and
#: its counterfactual assemble the same products).
_HELD_BACK_WRITTEN: set[str] = set()


def _say_held_back(
    name: str,
    field: str,
    first: int,
    last: int,
    earliest: tuple[int, str],
    floor: bool,
) -> None:
    """Warn, once a process, that a product is held back past its first year by a
    component's volume production (``warning: products.NAME: ...`` on standard error,
    and kept for ``--json``'s ``warnings``), saying when it is made, or that it never
    is, and that a ``min_share`` floor is dropped in the years it cannot be made."""
    import sys

    from tigris.scenario.advice import note_said

    year, why = earliest
    when = (
        f"not made at all (after its last year {last})"
        if year > last
        else f"made from {year} only, not from {first}"
    )
    dropped = "; its min_share floor in the years held back is dropped" if floor else ""
    line = f"{field} ({name}): {when}, held back by the {why}{dropped}"
    note_said(line)
    if line not in _HELD_BACK_WRITTEN:
        _HELD_BACK_WRITTEN.add(line)
        sys.stderr.write(f"warning: {line}\n")


def _earliest_made(acc: Any, node: str | None) -> tuple[int, str] | None:
    """The first year a catalog part can be made, and why: the latest of its catalog
    ``launch_year``, its logic node's (and base die node's) ``hvm_year`` (nodes.csv) and
    its HBM generation's ``hvm_year`` (hbm.csv), each as the scenario's data set them;
    None for a product with no catalog part.

    A part needs every component in volume production (the roadmap's parts ship in or
    after each of these years, data/roadmap.csv); a ``--set`` of a node's or an HBM
    generation's ``hvm_year`` therefore moves the parts built on it, not only their
    yields.
    """
    if acc is None:
        return None
    from tigris.nodes import get_node
    from tigris.silicon.hbm import get_hbm

    found: list[tuple[int, str]] = []
    if getattr(acc, "launch_year", None) is not None:
        found.append((int(acc.launch_year), f"catalog launch_year of {acc.name}"))
    for name, what in (
        (node, "logic node"),
        (getattr(acc, "base_die_node", None), "base die node"),
    ):
        if name:
            hvm = get_node(name).hvm_year
            if hvm is not None:
                found.append((int(hvm), f"nodes.csv hvm_year of {acc.name}'s {what} {name}"))
    gen = getattr(acc, "hbm_generation", None)
    if gen:
        hvm = get_hbm(gen).hvm_year
        if hvm is not None:
            found.append((int(hvm), f"hbm.csv hvm_year of {acc.name}'s HBM generation {gen}"))
    if not found:
        return None
    # the latest; on a tie the first named (the catalog's launch year)
    return max(found, key=lambda f: f[0])


def _product_list(sc: Scenario, notes: _Assumptions) -> list[Product]:
    """The scenario's products, or the roadmap's for its horizon (``products: roadmap``)."""
    if not isinstance(sc.products, str):
        return list(sc.products)
    from tigris.world.roadmap import roadmap_products

    rows = roadmap_products(sc.horizon.first_year, sc.horizon.last_year)
    if not rows:
        msg = (
            f"the roadmap (data/roadmap.csv) has no product shipping in "
            f"{sc.horizon.first_year}-{sc.horizon.last_year}; give a list of products"
        )
        raise InputError(msg, field="products")
    notes.add(
        "products",
        f"roadmap: {len(rows)} products shipping in {sc.horizon.first_year}-{sc.horizon.last_year}",
        "-",
        "data/roadmap.csv (tigris.world.roadmap.roadmap_products)",
    )
    try:
        products = [Product(**row) for row in rows]
    except ValidationError as exc:
        msg = f"the roadmap (data/roadmap.csv) gives a product the schema refuses: {exc}"
        raise InputError(" ".join(msg.split()), field="products") from None
    _check_roadmap(sc, products)
    return products


def _roadmap_notes(products: list[Product], years: np.ndarray, notes: _Assumptions) -> None:
    """Assumptions rows: a first year's band cut by its launch month
    (:func:`tigris.world.roadmap.first_month_notes`) and the projected parts' HBM held
    at their base's (:func:`tigris.world.trend.hbm_assumption_notes`)."""
    from tigris.world.roadmap import first_month_notes
    from tigris.world.trend import hbm_assumption_notes

    accs = [p.accelerator for p in products if p.accelerator]
    for row in (*first_month_notes(products, years), *hbm_assumption_notes(accs)):
        notes.add(*row)


def _check_roadmap(sc: Scenario, products: list[Product]) -> None:
    """The roadmap's products get the checks a scenario's list gets (known parts and
    nodes, years that can be made, mix shares that leave production possible)."""
    from tigris.scenario.checks import Parts, check_mix, check_products

    parts = Parts(
        horizon=sc.horizon,
        demand=(),
        products=tuple(enumerate(products)),
        supply=None,
        facilities=(),
        sites=(),
        capital=(),
        tools=None,
        complete=frozenset(),
    )
    found = check_products(parts) + check_mix(parts)
    # a year the roadmap ships nothing in (a horizon past its last year): refused here
    # too, for a Scenario built in code that skipped the file's checks (user test 6, #1)
    from dataclasses import replace

    from tigris.scenario.checks_horizon import check_product_years

    empty = check_product_years(replace(parts, roadmap=True))
    if found or empty:
        raise InputError(
            [
                Problem(
                    "products", f"the roadmap (data/roadmap.csv), {'.'.join(map(str, loc))}: {msg}"
                )
                for loc, msg in found
            ]
            + [Problem(".".join(map(str, loc)), msg) for loc, msg in empty]
        )


def _products(
    products: list[Product],
    years: np.ndarray,
    notes: _Assumptions,
    sources: Mapping[str, str] | None = None,
) -> list[_Product]:
    """Every product, all problems reported at once (``sources``: :func:`_product`'s)."""
    out: list[_Product] = []
    problems: list[Problem] = []
    for i, p in enumerate(products):
        try:
            out.append(_product(i, p, years, notes, sources))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return out


# --- facility types, use and existing supply -----------------------------------------


def _baseline(sc: Scenario, years: np.ndarray) -> dict[str, dict[str, np.ndarray]]:
    """The incumbents' capacity by part (``incumbent existing``, ``incumbent announced``)
    and facility id [wspm], or ``{}`` without ``supply.baseline``."""
    if sc.supply.baseline is None:
        return {}
    from tigris.world.incumbents import existing_split

    return existing_split(sc.supply.baseline, years)


def _facility_types(
    sc: Scenario, prods: list[_Product], baseline: dict[str, dict[str, np.ndarray]]
) -> list[str]:
    """Facility ids: logic by node family (existing supply, buildable, then the
    baseline's families that a product uses), then CoWoS and HBM."""
    ids = [facility_id("logic", node) for node in sc.supply.logic_wspm]
    ids += [facility_id(f.kind, f.node) for f in sc.facilities]
    used = {p.family for p in prods} | {p.base_family for p in prods if p.base_family}
    ids += [fid for part in baseline.values() for fid in part if fid in used]
    logic = [f for f in dict.fromkeys(ids) if f.startswith("logic-")]
    return [*logic, *_NON_LOGIC, *datacenter_facility_ids(sc)]


def _check_families(products: list[Product], prods: list[_Product], fac_ids: list[str]) -> None:
    """Every product's logic family, and its base dies' family, must have supply or a
    buildable facility: a stacked part is refused, never made without its base dies."""
    missing = [
        Problem(
            f"products.{i}.node",
            f"product '{products[i].name}' needs {p.family} logic wafers but the "
            "scenario has neither existing supply (supply.baseline or supply.logic_wspm) "
            "nor a facility for that node family",
        )
        for i, p in enumerate(prods)
        if p.family not in fac_ids
    ]
    missing += [
        Problem(
            f"products.{i}.accelerator",
            f"product '{products[i].name}' needs {p.base_family} logic wafers for its base "
            "(I/O) dies (base_die_node in the catalog) but the scenario has neither existing "
            "supply (supply.baseline or supply.logic_wspm) nor a facility for that node family",
        )
        for i, p in enumerate(prods)
        if p.base_family is not None and p.base_family not in fac_ids
    ]
    if missing:
        raise InputError(missing)


def _use(prods: list[_Product], fac_ids: list[str], n_t: int) -> np.ndarray:
    """(P, K, T) logic, CoWoS and HBM DRAM wafers of each facility type per accelerator
    made in each year [wafers]; a stacked part's base-die wafers count against their own
    family (:func:`tigris.plan.logic_use.logic_wafers_by_family`)."""
    from tigris.plan.logic_use import BASE_KEY, logic_wafers_by_family

    use = np.zeros((len(prods), len(fac_ids), n_t))
    for i, p in enumerate(prods):
        bill = {"logic": p.logic} if p.base is None else {"logic": p.logic, BASE_KEY: p.base}
        for fid, wafers in logic_wafers_by_family(bill, p.family, p.base_family).items():
            use[i, fac_ids.index(fid)] = wafers
        use[i, fac_ids.index("cowos")] = p.interposer
        use[i, fac_ids.index("hbm")] = p.hbm
    return use


def _explicit_maps(sc: Scenario, fac_ids: list[str]) -> dict[str, Any]:
    """Facility id -> the scenario's own existing-capacity map (``supply.*_wspm``)."""
    maps: dict[str, Any] = {facility_id("logic", n): v for n, v in sc.supply.logic_wspm.items()}
    for fid, value in (("cowos", sc.supply.cowos_wspm), ("hbm", sc.supply.hbm_wspm)):
        if value is not None:
            maps[fid] = value
    return {fid: v for fid, v in maps.items() if fid in fac_ids}


#: Names of the baseline's parts (``PlanInputs.existing_parts``, tigris.world.incumbents).
_PARTS = ("incumbent existing", "incumbent announced")


def _existing(
    sc: Scenario,
    years: np.ndarray,
    fac_ids: list[str],
    baseline: dict[str, dict[str, np.ndarray]],
    notes: _Assumptions,
) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray] | None]:
    """(K, T) existing capacity [wspm], (K,) its line yield [-], and with a baseline its
    parts by source name (``existing_parts``, each (K, T), summing to the capacity).

    A scenario map (``supply.logic_wspm``, ``cowos_wspm``, ``hbm_wspm``) replaces the
    baseline's capacity of that facility type; it counts as ``incumbent existing``.
    Existing logic starts leave the line at the fab layer's ``line_yield`` for the
    node, as new modules do (``docs/plan.md``, "Capacity is what leaves the line").
    """
    from tigris.fab import fab_param
    from tigris.scenario.edit import path_source

    n_k, n_t = len(fac_ids), len(years)
    parts = {name: np.zeros((n_k, n_t)) for name in _PARTS} if baseline else None
    if parts is not None:
        for name in _PARTS:
            for fid, values in baseline.get(name, {}).items():
                if fid in fac_ids:
                    parts[name][fac_ids.index(fid)] = np.asarray(values, dtype=float)
        notes.add(
            BASELINE_SUPPLY_ROW,
            f"'{sc.supply.baseline}' variant, end-of-year capacity x AI share, year means",
            "wspm",
            path_source(
                sc,
                "supply.baseline",
                "data/incumbent_capacity.csv, data/baseline_variants.csv (tigris.world.incumbents)",
            ),
        )
    existing = np.zeros((n_k, n_t)) if parts is None else sum(parts.values())
    for fid, values in _explicit_maps(sc, fac_ids).items():
        k = fac_ids.index(fid)
        existing[k] = series(values, years)
        if parts is not None:
            parts[_PARTS[0]][k], parts[_PARTS[1]][k] = existing[k], 0.0
        notes.add(
            f"{EXISTING_SUPPLY_ROW}{fid}" + (REPLACES_BASELINE if parts else ""),
            "by year",
            "wspm",
            sc.supply.source or "scenario",
        )
    if GRID_ID in fac_ids:  # the datacenter pool's row [MW]
        k = fac_ids.index(GRID_ID)
        existing[k], standing = existing_datacenter_mw(sc, years, notes)
        if parts is not None:
            parts[_PARTS[0]][k], parts[_PARTS[1]][k] = standing, existing[k] - standing
    line_yield = np.ones(n_k)
    for k, fid in enumerate(fac_ids):
        kind, node = _kind_and_node(fid)
        if kind == "logic":
            line_yield[k] = fab_param("line_yield", node)
            notes.add(f"existing {fid}: line yield", line_yield[k], "-", "fab_parameters.csv")
    return existing, line_yield, parts


# --- money and demand ------------------------------------------------------------------


def _capital(
    sc: Scenario, years: np.ndarray, notes: _Assumptions
) -> tuple[np.ndarray, list[str], list[str]]:
    """(F, T) capital released per source and year [USD], the sources' names and owners.

    The scenario's sources are the investor's, released in equal tranches over their
    years or year by year (:meth:`tigris.scenario.schema.CapitalSource.by_year`; money
    released before the horizon is available from its first year);
    with ``incumbents.respond`` each incumbent adds one source, the share of its capex
    guidance free to respond (:func:`tigris.world.incumbents.owner_capital`).
    """
    rows, names, owners = [], [], []
    for cs in sc.capital:
        rows.append(cs.by_year(years))
        names.append(cs.name)
        owners.append(INVESTOR)
        notes.add(f"capital {cs.name}", cs.total_usd, "USD", capital_source(sc, cs))
    if sc.incumbents.respond:
        from tigris.world.incumbents import incumbent_owners, owner_capital

        to_plan = data_dollars(sc)  # capex guidance in the currency_year's dollars
        for owner in incumbent_owners():
            row = np.asarray(owner_capital(owner, years), dtype=float) * to_plan
            rows.append(row)
            names.append(f"{owner} capex")
            owners.append(owner)
            notes.add(
                f"capital {owner} capex",
                float(row.sum()),
                "USD",
                "data/incumbent_capital.csv: capex guidance x share free to respond "
                "(tigris assumption; tigris.world.incumbents.owner_capital)" + cpi_note(to_plan),
            )
    capital = np.array(rows, dtype=float).reshape(len(rows), len(years))
    return capital, names, owners


def _demand(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> np.ndarray:
    """Demand by class and year [H100e/year]: the class's map (or its share of the
    calibrated demand, ``share x world.demand.calibrated_demand``) plus its workloads'
    deliveries (``docs/plan.md``, "Demand from workloads")."""
    from tigris.scenario.edit import path_source

    out = np.zeros((len(sc.demand), len(years)))
    problems: list[Problem] = []
    calibrated = None
    for c, d in enumerate(sc.demand):
        if d.calibrated_share is not None:
            if calibrated is None:
                from tigris.world.demand import calibrated_demand, calibration_sources

                fc = sc.demand_forecast
                forecast = None if fc is None else fc.model_dump(exclude={"source"})
                calibrated = np.asarray(calibrated_demand(years, forecast=forecast), dtype=float)
                notes.add(
                    "demand: calibrated total",
                    f"{calibrated[0]:,.0f} ({years[0]}) -> {calibrated[-1]:,.0f} ({years[-1]})",
                    "H100e/year",
                    calibration_sources(forecast),
                )
            out[c] = d.calibrated_share * calibrated
            notes.add(
                f"demand {d.name}: calibrated share",
                d.calibrated_share,
                "-",
                path_source(sc, f"demand.{d.name}.calibrated_share", d.source or "scenario"),
            )
        elif d.h100e_by_year is not None:
            out[c] = series(dict(d.h100e_by_year), years, d.growth_per_year)
        elif d.accelerators_by_year is not None:
            from tigris.workload import h100_equivalents

            values = {
                int(y): sum(n * h100_equivalents(a) for a, n in units.items())
                for y, units in d.accelerators_by_year.items()
            }
            out[c] = series(values, years, d.growth_per_year)
            # a bound on units is not one on H100e: 9e11 parts of 100 H100e each passed
            # (a bad-input review of 2026-12-07)
            problems.extend(
                _too_much(out[c], years, f"demand.{c}.accelerators_by_year", "the parts in H100e")
            )
        for j, w in enumerate(d.workloads or []):
            field = f"demand.{c}.workloads.{j}"
            try:
                fleet = workload_fleet_h100e(w, years)
            except InputError as exc:
                problems.extend(Problem(f"{field}.{p.field}", p.message) for p in exc.problems)
                continue
            before = w.before_horizon or "steady"
            life = workload_lifetime(w, sc.fleet_lifetime_years)
            delivered = deliveries_for_fleet(fleet, life, before)
            out[c] += delivered
            problems.extend(_too_much(delivered, years, f"{field}", "its deliveries"))
            what = "train" if w.train is not None else "infer"
            since = (
                f"running before {years[0]} (before_horizon: steady): {years[0]} delivers "
                f"its replacements, fleet / {life} years"
                if before == "steady"
                else f"new in {years[0]} (before_horizon: none): its whole fleet delivered then"
            )
            notes.add(
                f"demand {d.name}: workload {j} ({what})",
                f"{fleet[0]:,.0f} H100e in service, {delivered[0]:,.0f} delivered in "
                f"{years[0]}; {since}",
                "H100e",
                w.source or "workload layer (tigris.workload.train / infer)",
            )
            cluster = training_note(d.name, w)  # UT-HYPER #5: the share of a run's cluster
            if cluster is not None:
                notes.add(
                    f"demand {d.name}: workload {j} (train) cluster",
                    cluster,
                    "accelerators",
                    "docs/plan.md, 'Demand from workloads' (tigris.scenario.checks_workload)",
                )
        if not any(p.field.startswith(f"demand.{c}.") for p in problems):
            # the class's total: two workloads, or a map beside one, each within the
            # bound can pass it together (a review of 2026-12-07)
            problems.extend(_too_much(out[c], years, f"demand.{c}", "the class's demand"))
        # the class's source is its demand's (a share, a map), not the priority's (a
        # new user's test of 2026-12-07 read the share's source beside the priority)
        mine = path_source(
            sc,
            f"demand.{d.name}.priority",
            f"scenario demand.{d.name}.priority: the scenario's assumption, no source "
            f"given (add one under sources: demand.{d.name}.priority)",
        )
        notes.add(f"demand {d.name}: priority", d.priority, "-", mine)
    notes.add("demand: pooling", "one global pool per class", "-", GLOBAL_POOL_NOTE)
    if problems:
        raise InputError(problems)
    return out


def _too_much(h100e: np.ndarray, years: np.ndarray, field: str, what: str) -> list[Problem]:
    """A problem for the first year whose demand passes
    :data:`tigris.scenario.checks.MAX_DEMAND_H100E` (a bound the scenario checks could
    not apply to demand given by workloads or by accelerator units; a bad-input review
    of 2026-12-07: 4.5e14 H100e a year from a workload's runs planned with exit 0)."""
    from tigris.scenario.checks import MAX_DEMAND_H100E, _too_much_demand

    over = np.flatnonzero(np.asarray(h100e, dtype=float) > MAX_DEMAND_H100E)
    if not len(over):
        return []
    t = int(over[0])
    msg = f"{what} in {int(years[t])}: " + _too_much_demand(float(h100e[t]), "H100e")
    return [Problem(field, msg)]


def _lifetimes(sc: Scenario, products: list[Product], notes: _Assumptions) -> int | np.ndarray:
    """Each product's service life [year]: the scenario's one life, or by product and
    class (its catalog accelerator's vendor), ``energy.fleet.product_lifetimes``."""
    from tigris.energy.fleet import accelerator_class, is_one_life, product_lifetimes

    spec = sc.fleet_lifetime_years
    if is_one_life(spec):
        lives: int | np.ndarray = int(spec)  # type: ignore[arg-type]
    else:
        vendors = [accelerator_class(p.accelerator or p.name) for p in products]
        lives = product_lifetimes(spec, [p.name for p in products], vendors)
    # the rows say every product's life, one life or several: the run's in-service
    # figures read them back (tigris.plan.in_service)
    by_life: dict[int, list[str]] = {}
    for p, life in zip(products, np.broadcast_to(lives, (len(products),)), strict=True):
        by_life.setdefault(int(life), []).append(p.name)
    for life, names in sorted(by_life.items()):
        notes.add(
            f"fleet lifetime {life} years",
            ", ".join(names),
            "products",
            sc.sources.get("fleet_lifetime_years")
            or (
                "scenario fleet_lifetime_years (one life for every product)"
                if is_one_life(spec)
                else "scenario by_product/by_class, else data/fleet_lifetimes.csv (company "
                "10-K server useful lives; tigris.energy.fleet.product_lifetimes)"
            ),
        )
    return lives


def _source_notes(sc: Scenario, notes: _Assumptions) -> None:
    from tigris.plan.result import scenario_source_rows

    notes.add(
        "EUV scanners available to the plan", "by year", "tools/year", sc.tools.source or "scenario"
    )
    # its sources (a field or a dotted path) and every site's limits (UT-JOURNO #1)
    for row in scenario_source_rows(sc):
        notes.add(*row)
    from tigris.risk.cells import set_cell_rows

    for row in set_cell_rows():  # data-table cells set with tigris plan --set (s45 #1)
        notes.add(*row)
    if "currency_year" not in sc.sources:  # every run says its money's year (UT-POLICY #8)
        notes.add("currency_year", sc.currency_year, "", "scenario currency_year")
    if "demand_basis" not in sc.sources:  # what its served compute is (tigris.plan.in_service)
        notes.add("demand_basis", sc.demand_basis, "", "scenario demand_basis")


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

    References
    ----------
    ``docs/plan.md`` ("Data", and "The world the plan starts from" for the baseline,
    roadmap, calibrated demand and owners).
    """
    notes = _Assumptions()
    years = sc.years
    products = _product_list(sc, notes)
    _roadmap_notes(products, years, notes)
    prods = _products(products, years, notes, sc.sources)
    baseline = _baseline(sc, years)
    fac_ids = _facility_types(sc, prods, baseline)
    _check_families(products, prods, fac_ids)
    existing, existing_yield, parts = _existing(sc, years, fac_ids, baseline, notes)
    specs = _site_specs(sc, notes)
    power = None
    pues = site_pues(sc, len(specs))
    if GRID_ID in fac_ids:
        pool = pool_energy_usd_per_mwh(sc, years)  # per MWh of a MW at the plan's PUE
        given = {x.name: v for x, v in zip(specs, pues, strict=True) if v is not None}
        mult = grid_price_multiplier(sc)  # datacenters.electricity_price_multiplier
        power = _Power(
            site_regions(sc, specs),
            years,
            float(np.mean(pool)),
            given,
            sc.pue,
            mult,
            data_dollars(sc),  # the tables' money to the currency_year
        )
    modules = _modules(sc, specs, fac_ids, notes, power)
    arrays = _module_arrays(modules, len(specs), len(fac_ids))
    capital, source_names, source_owners = _capital(sc, years, notes)
    demand = _demand(sc, years, notes)
    bills = [
        (p.hbm_gb_per_wafer if p.hbm_gb_per_wafer is not None else np.full(len(years), np.nan),
         p.hbm_generation, p.available)
        for p in prods
    ]  # fmt: skip
    money = money_fields(sc, years, fac_ids, specs, bills, notes)
    _source_notes(sc, notes)
    kinds_nodes = [_kind_and_node(f) for f in fac_ids]
    energy = energy_fields(
        sc,
        years,
        np.array([p.power_w for p in prods]),
        power.regions if power is not None else [],
        fac_ids,
        arrays["allowed"],
        notes,
        pues,
    )
    inp = PlanInputs(
        years=years,
        sites=tuple(x.name for x in specs),
        facilities=tuple(fac_ids),
        facility_kind=tuple(k for k, _ in kinds_nodes),
        facility_node=tuple(n for _, n in kinds_nodes),
        products=tuple(p.name for p in products),
        classes=tuple(d.name for d in sc.demand),
        sources=tuple(source_names),
        h100e=np.array([p.h100e for p in prods]),
        use=_use(prods, fac_ids, len(years)),
        available=np.array([p.available for p in prods], dtype=bool).reshape(-1, len(years)),
        min_share=np.array([p.min_share for p in prods]).reshape(-1, len(years)),
        max_share=np.array([p.max_share for p in prods]).reshape(-1, len(years)),
        system_power_w=np.array([p.power_w for p in prods]),
        existing=existing,
        existing_yield=existing_yield,
        demand=demand,
        priority=np.array([d.priority for d in sc.demand], dtype=float),
        **arrays,
        **_site_limits(specs),
        euv_supply=series(sc.tools.euv_per_year, years),
        high_na_supply=series(sc.tools.high_na_per_year or {int(years[0]): 0.0}, years),
        capital_usd=capital,
        discount_rate=sc.real_discount_rate,  # Fisher when finance.discount_rate_basis: nominal
        base_year=int(years[0]),
        pue=sc.pue,
        fleet_lifetime_years=_lifetimes(sc, products, notes),
        site_owner=tuple(x.owner for x in specs),
        source_owner=tuple(source_owners),
        existing_parts=parts,
        **money,
        **energy,
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
