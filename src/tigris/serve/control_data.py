"""The dashboard's controls on data tables: silicon, prices and a claimed custom chip.

Three groups of :data:`tigris.serve.control_groups.GROUPS` whose defaults come from the
data tables rather than from the scenario:

- *Silicon*: the defect density of each logic node the plan builds or its products use,
  at volume production and mature (``nodes.<node>.d0_per_cm2``,
  ``nodes.<node>.d0_mature_per_cm2``): data-table cells (:mod:`tigris.risk.cells`),
  set through a ``--data`` overlay made by :func:`tigris.risk.cells.member_overlay`.
- *Prices*: the price of each series the plan uses in the first plan year
  (``prices.<series>.<item>.<year>``, scenario fields: a point that replaces or adds to
  ``data/prices.csv``'s; later years follow the series' learning rule from it,
  docs/finance.md, "Prices").
- *Claimed chip*: a custom accelerator the plan may make from a year on, made as a
  ``--data`` accelerator ``based_on`` a part the scenario makes (its silicon, memory and
  package copied) with the claimed H100e per unit and system power, plus a product entry,
  as docs/examples/neuromorphic-npu.yaml does. Off by default.

:func:`claimed_chip` and :func:`data_text` turn a what-if's values into the overlay
text and the products list (:func:`tigris.serve.controls.whatif` calls them).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

from tigris.errors import InputError, Problem
from tigris.scenario.schema import PENALTY_RENTAL, Scenario
from tigris.serve.control_groups import REL_TOL, Control, _choice, _number, _seg
from tigris.serve.control_power import power_builder

__all__ = [
    "CLAIMED",
    "CLAIMED_NAME",
    "DATA_BUILDERS",
    "claimed_chip",
    "data_text",
    "scenario_parts",
]

#: Name of the claimed chip, as an accelerator of the overlay and as a product.
CLAIMED_NAME = "claimed-chip"
#: Path prefix of the claimed chip's serve-only controls.
CLAIMED = "claimed"

#: The ``source`` of a data-table row a what-if sets, ``{path}`` its cell path(s).
WHATIF_SOURCE = "what-if of tigris serve ({path})"

# --- ranges: engineering bounds on what a control accepts, not data ----------------
#: Defect density [defects/cm^2]: 0.01, below the lowest mature floor in
#: data/nodes.csv (0.04), to 1.0, ten times a node's D0 at volume production (0.10,
#: TSMC's N5 chart via AnandTech, as data/nodes.csv) - a node in risk production.
D0_MIN, D0_MAX = 0.01, 1.0
#: A logic or CoWoS wafer's price [USD/wafer]: US$1,000, below the cheapest node in
#: data/prices.csv (N28, US$3,000), to US$100,000, over twice the dearest (A16,
#: US$45,000).
WAFER_MIN_USD, WAFER_MAX_USD = 1e3, 1e5
#: HBM's price [USD/GB]: US$1, below DRAM's contract prices, to US$100, five times the
#: dearest generation in data/prices.csv (HBM4e, US$20.3).
HBM_MIN_USD, HBM_MAX_USD = 1.0, 100.0
#: An H100's rent [USD/hour]: US$0.10 to US$20, four times the 2023 peak of US$4.70 in
#: data/prices.csv.
RENT_MIN_USD, RENT_MAX_USD = 0.1, 20.0
#: Multiplier of data/grid.csv's electricity prices, what grid-powered data centres pay
#: [-]: x0.1 to x10 (a tenth to ten times the table's 70-150 USD/MWh, wider than any
#: year's average wholesale swing); a what-if range, not data (the schema's validation
#: bound is x100, :data:`tigris.scenario.schema.MAX_PRICE_MULTIPLIER`).
ELECTRICITY_MULT_MIN, ELECTRICITY_MULT_MAX = 0.1, 10.0
#: The electricity control's path (``Datacenters.electricity_price_multiplier``).
ELECTRICITY_PATH = "datacenters.electricity_price_multiplier"
#: The claimed chip's compute [H100e per unit]: 0.01 to 1,000, ten times the 100x a GPU
#: of the motivating story's neuromorphic claim (docs/examples/neuromorphic-npu.yaml).
CLAIMED_H100E_MIN, CLAIMED_H100E_MAX = 0.01, 1000.0
#: The claimed chip's system power [W per unit]: 1 W, below the neuromorphic claim's
#: 12.75 W, to 100 kW, a whole 72-GPU rack's ~120 kW (NVIDIA GB200 NVL72) per unit.
CLAIMED_POWER_MIN_W, CLAIMED_POWER_MAX_W = 1.0, 1e5


def scenario_parts(sc: Scenario) -> list[Any]:
    """The catalog accelerators the scenario's products are (the roadmap's for
    ``products: roadmap``), each once, in product order; unknown parts left out.

    Parameters
    ----------
    sc : Scenario
        The scenario whose products (or the roadmap's) are read.

    Returns
    -------
    list of Accelerator
        The catalog accelerators, each once, in product order.
    """
    from tigris.catalog import get_accelerator

    if isinstance(sc.products, str):
        from tigris.world.roadmap import roadmap_products

        names = [r["accelerator"] for r in roadmap_products(*_span(sc))]
    else:
        names = [p.accelerator or p.name for p in sc.products]
    out: dict[str, Any] = {}
    for name in names:
        try:
            acc = get_accelerator(name)
        except InputError:
            continue
        out.setdefault(acc.name, acc)
    return list(out.values())


def _span(sc: Scenario) -> tuple[int, int]:
    return sc.horizon.first_year, sc.horizon.last_year


def _nodes(sc: Scenario) -> list[str]:
    """Logic nodes the plan builds fabs of or its products are made on, each once, by
    their nodes.csv names."""
    from tigris.nodes import get_node

    wanted = [f.node for f in sc.facilities if f.kind == "logic" and f.node]
    if not isinstance(sc.products, str):
        wanted += [p.node for p in sc.products if p.node]
    wanted += [a.node for a in scenario_parts(sc) if a.node]
    out: list[str] = []
    for node in wanted:
        try:
            name = get_node(node).name
        except InputError:
            continue
        if name not in out:
            out.append(name)
    return out


def _silicon(sc: Scenario) -> Iterator[Control]:
    from tigris.risk.cells import cell_value

    for node in _nodes(sc):
        for column, what in (
            ("d0_per_cm2", "D0 at volume production"),
            ("d0_mature_per_cm2", "mature D0"),
        ):
            path = f"nodes.{_seg(node)}.{column}"
            try:
                value = cell_value(path)
            except InputError:  # an empty cell of one's own --data row: no control
                continue
            yield _number(
                path,
                f"{node}: {what}",
                "defects/cm²",
                "Silicon",
                value,
                D0_MIN,
                D0_MAX,
                step=0.001,
                help=(
                    f"Logic defect density of {node} ({what}; it learns from the first "
                    "to the second): a higher D0 yields fewer good dies per wafer; "
                    "default from data/nodes.csv."
                ),
            )


def _own_key(sc: Scenario, series: str, canon: str) -> tuple[str, Mapping[int, float] | None]:
    """The key the scenario's ``prices.<series>`` prices ``canon`` under, and its points."""
    from tigris.scenario.checks import price_items

    items = price_items(series)
    for key, points in (sc.prices.get(series) or {}).items():
        if items.get(key.lower()) == canon:
            return key, points
    return canon, None


def _price(
    sc: Scenario,
    series: str,
    canon: str,
    label: str,
    unit: str,
    value: Any,
    lo: float,
    hi: float,
    step: float,
) -> Control | None:
    """A price control at the first plan year; ``value(points)`` is the price then
    (None where the tables cannot price it: a node of one's own ``--data``)."""
    from tigris.plan.assemble_money import _in_plan_dollars
    from tigris.plan.assemble_sites import data_dollars

    year = sc.horizon.first_year
    key, points = _own_key(sc, series, canon)
    where = "the scenario's prices" if points else "data/prices.csv"
    try:
        # in the scenario's currency_year, as the plan prices it (review of s46: a base
        # of another year showed the 2024 table price the plan converts)
        price = float(_in_plan_dollars(value, points, data_dollars(sc)))
    except InputError:
        return None
    return _number(
        f"prices.{series}.{_seg(key)}.{year}",
        f"{label} {year}",
        unit,
        "Prices",
        price,
        lo,
        hi,
        step=step,
        help=(
            f"Price in {year}; later years follow data/price_rules.csv's learning from "
            f"it; default from {where}."
        ),
    )


def _prices(sc: Scenario) -> Iterator[Control]:
    """The price controls the tables can price."""
    return (c for c in _price_controls(sc) if c is not None)


def _price_controls(sc: Scenario) -> Iterator[Control | None]:
    from tigris.finance.prices import (
        COWOS_POOL,
        RENTAL_ITEM,
        cowos_price_usd_per_wafer,
        hbm_price_usd_per_gb,
        rental_usd_per_hour,
        wafer_price_usd,
    )
    from tigris.scenario.checks import price_items

    year = sc.horizon.first_year
    wafer_items = price_items("wafer")
    seen: set[str] = set()
    for f in sc.facilities:
        if f.kind != "logic" or not f.node or f.node.lower() not in wafer_items:
            continue
        canon = wafer_items[f.node.lower()]
        if canon in seen:
            continue
        seen.add(canon)
        node = f.node
        yield _price(
            sc,
            "wafer",
            canon,
            f"{canon} wafer",
            "US$/wafer",
            lambda pts, node=node: wafer_price_usd(node, year, pts),
            WAFER_MIN_USD,
            WAFER_MAX_USD,
            100,
        )
    kinds = {f.kind for f in sc.facilities}
    if "cowos" in kinds:
        yield _price(
            sc,
            "cowos",
            COWOS_POOL,
            "CoWoS interposer wafer",
            "US$/wafer",
            lambda pts: cowos_price_usd_per_wafer(year, overrides=pts),
            WAFER_MIN_USD,
            WAFER_MAX_USD,
            100,
        )
    if "hbm" in kinds:
        hbm_items = price_items("hbm")
        gens = {a.hbm_generation for a in scenario_parts(sc) if a.hbm_generation}
        for gen in sorted(g for g in gens if g.lower() in hbm_items):
            canon = hbm_items[gen.lower()]
            yield _price(
                sc,
                "hbm",
                canon,
                f"{canon} HBM",
                "US$/GB",
                lambda pts, canon=canon: hbm_price_usd_per_gb(canon, year, pts),
                HBM_MIN_USD,
                HBM_MAX_USD,
                0.1,
            )
    if sc.datacenters is not None:  # a scenario with the data-centre pool pays for power
        yield _number(
            ELECTRICITY_PATH,
            "Data-centre electricity price",
            "x data/grid.csv",
            "Prices",
            sc.datacenters.electricity_price_multiplier,
            ELECTRICITY_MULT_MIN,
            ELECTRICITY_MULT_MAX,
            step=0.05,
            help=(
                "Multiplies every region's grid electricity price (data/grid.csv), what "
                "grid-powered data centres pay; on-site gas or solar and fabs keep their "
                "own; default from the scenario's datacenters block (1: the table's)."
            ),
        )
    if sc.unmet_penalty_usd_per_h100e == PENALTY_RENTAL:
        yield _price(
            sc,
            "rental",
            RENTAL_ITEM,
            "H100 rent",
            "US$/hour",
            lambda pts: rental_usd_per_hour(year, pts),
            RENT_MIN_USD,
            RENT_MAX_USD,
            0.05,
        )


def _default_part(sc: Scenario) -> Any:
    """The part a claimed chip copies by default: the H100 SXM if the scenario makes
    it (the neuromorphic example's), else its first product's part."""
    from tigris.workload._common import REFERENCE_ACCELERATOR

    parts = scenario_parts(sc)
    return next((a for a in parts if a.name == REFERENCE_ACCELERATOR), parts[0] if parts else None)


def _claimed(sc: Scenario) -> Iterator[Control]:
    from tigris.workload import h100_equivalents

    part = _default_part(sc)
    if part is None or part.system_power_w is None or part.peak_bf16_flop_per_s is None:
        return
    first, last = _span(sc)
    copied = f"the {part.name} row of data/accelerators.csv"
    yield _choice(
        f"{CLAIMED}.enabled",
        "Claimed chip: on",
        "Claimed chip",
        "toggle",
        False,
        help=(
            "On: the plan may also make a custom accelerator with the claims below, its "
            "silicon, memory and package copied from the part it is based on (as "
            "docs/examples/neuromorphic-npu.yaml); off by default."
        ),
    )
    yield _choice(
        f"{CLAIMED}.based_on",
        "Claimed chip: based on",
        "Claimed chip",
        "select",
        part.name,
        options=tuple(a.name for a in scenario_parts(sc)),
        help="The part whose silicon, memory, package and price the chip copies; default "
        + (
            "the H100 SXM, as the neuromorphic example."
            if part.name == "h100-sxm"
            else "the scenario's first product."
        ),
    )
    yield _number(
        f"{CLAIMED}.h100e",
        "Claimed chip: compute",
        "H100e/unit",
        "Claimed chip",
        h100_equivalents(part),
        CLAIMED_H100E_MIN,
        CLAIMED_H100E_MAX,
        step=0.1,
        help=(
            "Dense BF16 peak per unit in H100 SXMs (FP8 scaled alike); default "
            f"{copied} (the neuromorphic claim is 100)."
        ),
    )
    yield _number(
        f"{CLAIMED}.system_power_w",
        "Claimed chip: system power",
        "W/unit",
        "Claimed chip",
        part.system_power_w,
        CLAIMED_POWER_MIN_W,
        CLAIMED_POWER_MAX_W,
        step=1,
        help=(
            "Power per unit with its share of host, network and fans, before PUE (chip "
            f"TDP scaled alike); default {copied} (the neuromorphic claim is 12.75 W)."
        ),
    )
    yield _number(
        f"{CLAIMED}.first_year",
        "Claimed chip: first year",
        "year",
        "Claimed chip",
        first,
        first,
        last,
        step=1,
        integer=True,
        help="The first year the plan may make it; default the first plan year.",
    )


#: Builders of the data-table groups and of Power (:mod:`tigris.serve.control_power`), in
#: :data:`~tigris.serve.control_groups.GROUPS` order.
DATA_BUILDERS = (_silicon, _prices, power_builder, _claimed)


# --- applying them -----------------------------------------------------------------


def claimed_chip(
    base: Scenario, values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The overlay accelerator entry and the products list of a claimed chip.

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    values : mapping
        ``claimed.<field>`` -> stored value (``based_on``, ``h100e`` [H100e per unit],
        ``system_power_w`` [W per unit], ``first_year`` [year]).

    Returns
    -------
    (dict, list of dict)
        The ``accelerators:`` entry of a ``--data`` overlay (:mod:`tigris.overlay`) and
        the scenario's products with the chip added (the roadmap's expanded to its list
        of products for ``products: roadmap``, :func:`tigris.world.roadmap.roadmap_products`).

    References
    ----------
    H100e per unit = dense BF16 peak / the H100 SXM's
    (:func:`tigris.workload.h100_equivalents`, docs/nomenclature.md).
    """
    from tigris.catalog import get_accelerator
    from tigris.workload._common import REFERENCE_ACCELERATOR

    part = get_accelerator(values["based_on"], field=f"{CLAIMED}.based_on")
    h100 = get_accelerator(REFERENCE_ACCELERATOR)
    bf16 = float(values["h100e"]) * float(h100.peak_bf16_flop_per_s)
    compute = bf16 / float(part.peak_bf16_flop_per_s)
    if math.isclose(compute, 1.0, rel_tol=REL_TOL):  # the part's own, as displayed
        compute, bf16 = 1.0, float(part.peak_bf16_flop_per_s)
    power = float(values["system_power_w"]) / float(part.system_power_w)
    entry: dict[str, Any] = {
        "name": CLAIMED_NAME,
        "based_on": part.name,
        "vendor": "claimed (tigris serve what-if)",
        "peak_bf16_flop_per_s": bf16,
    }
    if part.peak_fp8_flop_per_s:
        entry["peak_fp8_flop_per_s"] = float(part.peak_fp8_flop_per_s) * compute
    if part.tdp_w:
        entry["tdp_w"] = float(part.tdp_w) * power
    entry["system_power_w"] = float(values["system_power_w"])
    entry["source"] = (
        f"claimed: {values['h100e']:g} H100e and {values['system_power_w']:g} W per unit "
        f"(a what-if of tigris serve), silicon, memory, package and price copied from "
        f"{part.name} (data/accelerators.csv); FP8 peak and TDP scaled alike"
    )
    entry["as_of"] = part.as_of or str(base.horizon.first_year)
    product = {
        "name": CLAIMED_NAME,
        "accelerator": CLAIMED_NAME,
        "first_year": int(values["first_year"]),
        "source": "the claimed chip of a tigris serve what-if",
    }
    if isinstance(base.products, str):
        from tigris.world.roadmap import roadmap_products

        first, last = _span(base)
        products = [
            {  # share points of the plan's years only (a scenario's list may give no others)
                **row,
                **{
                    k: {y: v for y, v in row[k].items() if first <= y <= last}
                    for k in ("min_share", "max_share")
                    if isinstance(row.get(k), dict)
                },
            }
            for row in roadmap_products(first, last)
        ]
    else:
        products = [p.model_dump(exclude_defaults=True) for p in base.products]
    if any(p["name"] == CLAIMED_NAME for p in products):
        msg = f"the scenario already has a product named '{CLAIMED_NAME}'"
        raise InputError(Problem(f"Claimed chip ({CLAIMED}.enabled)", msg))
    return entry, [*products, product]


def data_text(
    cells: Mapping[str, Any], accelerator: dict[str, Any] | None, data_yaml: str | None
) -> str | None:
    """The ``--data`` overlay text of a what-if: the server's text with the data-table
    cells set (:func:`tigris.risk.cells.member_overlay`) and the claimed chip added.

    Parameters
    ----------
    cells : mapping
        Cell path -> stored value.
    accelerator : dict or None
        The claimed chip's ``accelerators:`` entry (:func:`claimed_chip`).
    data_yaml : str or None
        The server's ``--data`` overlay text.

    Returns
    -------
    str or None
        The overlay text (``data_yaml`` itself when there is nothing to add).
    """
    import yaml

    from tigris.risk.cells import DRAW_SOURCE, member_overlay
    from tigris.scenario.edit import _Dumper
    from tigris.yamlio import parse_yaml

    text = member_overlay(dict(cells), data_yaml) if cells else data_yaml
    if cells and text is not None:  # the rows' source says where the value came from
        text = text.replace(DRAW_SOURCE.split("{")[0], WHATIF_SOURCE.split("{")[0])
    if accelerator is None:
        return text
    doc: dict[str, Any] = {}
    if text is not None:
        loaded = parse_yaml(text)
        doc = dict(loaded) if isinstance(loaded, Mapping) else {}
    doc["accelerators"] = [*(doc.get("accelerators") or []), accelerator]
    return yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
