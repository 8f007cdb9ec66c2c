"""The money fields of a plan: prices, variable costs, tax, depreciation and the penalty.

Part of :mod:`tigris.plan.assemble` (issue 11; ``docs/finance.md``): for each facility
type the market price of a finished wafer and its variable cash cost by year, each
site's corporate tax rate, the depreciation lives, the objective, the minimum served
share and the unmet-demand penalty. Fixed opex and the equipment share of each module
are set with the module (:mod:`tigris.plan.assemble_sites`).

- **Prices** (:mod:`tigris.finance.prices`, ``data/prices.csv``): a logic wafer by node
  (:func:`~tigris.finance.prices.wafer_price_usd` of the facility's node, or its
  family's), the CoWoS pool's interposer wafer
  (:func:`~tigris.finance.prices.cowos_price_usd_per_wafer`), and a DRAM wafer on an
  HBM line valued at its HBM: GB per DRAM wafer started x price per GB, the mean over
  the products available that year of ``hbm_gb_per_unit / hbm_wafers_per_unit`` (the
  silicon layer's bill) each at its own generation's price
  (:func:`~tigris.finance.prices.hbm_price_usd_per_gb`). A scenario's ``prices``
  points replace the table's in the years given or add to them (``overrides`` of
  :func:`tigris.finance.prices.price_usd`: linear between points, the learning rule of
  ``data/price_rules.csv`` after the last).
- **Variable costs**: a logic wafer's materials, energy and water from the fab layer
  (:func:`tigris.fab.fab_model` at the site ``taiwan``, per finished wafer, in US
  dollars of the scenario's ``currency_year``: ``dollars_of``); a CoWoS or
  HBM wafer's ``variable_share_of_opex`` (``data/finance_parameters.csv``) of the
  facility table's opex, per wafer of a module at full output.
- **Penalty**: a number, or with ``rental`` the rental value of an H100e delivered in
  each year (:func:`~tigris.finance.prices.h100e_value_usd` over the fleet lifetime at
  the scenario's discount rate).
- **Dollars**: the tables' prices, rents and CoWoS/HBM opex are read in dollars of
  ``data_prices_price_year`` and converted to the ``currency_year`` by the CPI-U
  (:func:`~tigris.plan.assemble_sites.data_dollars`, exactly 1 in the reference); the
  scenario's own price points are in its ``currency_year`` as written. A series that
  mixes them is evaluated in the table's dollars (the scenario's points divided by the
  factor) and the result multiplied by it: interpolation and the learning rule are
  linear in the prices, so this is the table's series converted with the scenario's
  points as written (:func:`_in_plan_dollars`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from tigris.data import data_cache
from tigris.errors import InputError, Problem
from tigris.plan.assemble_sites import (
    FIXED_OPEX,
    VARIABLE_COST_SITE,
    VARIABLE_OPEX,
    _Assumptions,
    _facility_table,
    _kind_and_node,
    _SiteSpec,
    cpi_note,
    data_dollars,
    logic_variable_cost,
    plan_dollars_of,
)
from tigris.plan.inputs import INVESTOR, MONTHS_PER_YEAR
from tigris.plan.summary import BASIS_ROW, RATE_GIVEN_ROW, RATE_USED_ROW, TERMINAL_ROW
from tigris.scenario import Scenario
from tigris.scenario.schema import PENALTY_RENTAL

__all__ = ["HbmBill", "money_fields"]

#: Display: prices from this size on are shown in whole units [any unit].
_WHOLE_FROM = 1_000
#: Characters of a data row's source kept in an assumption row.
_SOURCE_CHARS = 160

#: HBM of one product by year: GB per DRAM wafer started on an HBM line [GB/wafer]
#: (NaN where the product has no HBM), its generation and the years it is made.
HbmBill = tuple[np.ndarray, str | None, np.ndarray]


def _short(text: str) -> str:
    return text if len(text) <= _SOURCE_CHARS else text[: _SOURCE_CHARS - 3] + "..."


def _num(x: float) -> str:
    """A price for the assumptions table: whole units from 1,000 up, else 4 digits."""
    return f"{x:,.0f}" if abs(x) >= _WHOLE_FROM else f"{x:.4g}"


def _span(x: np.ndarray) -> str:
    """A series for the assumptions table: ``19,340`` if constant, else first and last."""
    a, b = float(x[0]), float(x[-1])
    return _num(a) if math.isclose(a, b, rel_tol=1e-9) else f"{_num(a)} -> {_num(b)}"


@data_cache
def _table_source(series_name: str, item: str) -> str:
    """The ``data/prices.csv`` sources of one item, shortened, with the later-year rule."""
    from tigris.finance.prices import price_table

    t = price_table()
    rows = t[(t["series"] == series_name) & (t["item"].str.lower() == item.lower())]
    first = _short(str(rows["source"].iloc[0])) if len(rows) else ""
    years = f"{int(rows['year'].min())}-{int(rows['year'].max())}" if len(rows) else ""
    return f"data/prices.csv {series_name} {item} {years} ({first}); data/price_rules.csv after"


def _in_plan_dollars(
    price: Callable[[Mapping[int, float] | None], np.ndarray],
    points: Mapping[int, float] | None,
    factor: float,
) -> np.ndarray:
    """``price(points)`` in dollars of the ``currency_year``: a series of the tables
    (dollars of ``data_prices_price_year``) with the scenario's ``points`` (dollars of
    the ``currency_year``) in it, ``factor · price(points / factor)``.

    Each price is linear in its series' points (``numpy.interp`` between them, held flat
    before, ``p_last (1 - a)^(t - t_last)`` after: :func:`tigris.finance.prices.price_usd`;
    a rental value is a sum of rents), so this is the table's series converted by
    ``factor`` with the scenario's points as written. At ``factor`` 1 it is
    ``price(points)`` exactly.
    """
    if factor == 1.0:
        return np.asarray(price(points), dtype=float)
    given = None if points is None else {y: float(v) / factor for y, v in points.items()}
    return np.asarray(price(given), dtype=float) * factor


def _override(sc: Scenario, series_name: str, item: str) -> tuple[str, Mapping[int, float]] | None:
    """The scenario's override of the price item ``item`` (as ``data/prices.csv``
    spells it; any name resolving to it, ``N4`` for ``N5``): (key as written, points)."""
    from tigris.scenario.checks import price_items

    items = price_items(series_name)
    for key, points in sc.prices.get(series_name, {}).items():
        if items.get(key.lower(), "").lower() == item.lower():
            return key, points
    return None


def _source(sc: Scenario, series_name: str, item: str) -> tuple[Mapping[int, float] | None, str]:
    """An item's override points (or ``None``) and the source of its prices."""
    found = _override(sc, series_name, item)
    src = _table_source(series_name, item)
    if found is None:
        return None, src
    key, points = found
    years = ", ".join(str(y) for y in sorted(points))
    return points, f"scenario prices.{series_name}.{key} in {years}, else {src}"


def _overlay_scaled(
    table: str,
    name: str,
    column: str,
    years: np.ndarray,
    series: Callable[[], np.ndarray],
    reference: Callable[[], float | None],
    own: Callable[[], float],
    src: str,
) -> tuple[np.ndarray, str] | None:
    """A price of a ``--data`` row (a node's ``wafer_price_usd``, an HBM generation's
    ``price_usd_per_gb``) as the plan takes it: the shipped series of ``data/prices.csv``
    times the row's figure over the shipped row's (``reference``: the row itself where
    it replaces a shipped one, else the row whose series it is read by), or, with no
    series (a new node family, a new generation), the row's
    figure in every year (user test 2026-12-05, data #1: the plan priced a replaced or a
    new row by the shipped table alone, or refused it). None without such a row, or when
    its figure is the shipped one (a row re-stated unchanged changes nothing)."""
    from tigris.overlay import overlay_source

    cited = overlay_source(table, name, column)
    if cited is None:
        return None
    value = float(own())
    try:
        base = series()
    except InputError:  # nothing in data/prices.csv to scale: the row's figure flat
        return np.full(len(years), value), cited
    ref = reference()
    if ref is None or not ref > 0 or math.isclose(value, ref, rel_tol=1e-12):
        return None
    return base * (value / ref), f"{src} x {value / ref:.4g} ({cited}: {value:g} over {ref:g})"


def _shipped(read: Callable[[], float]) -> float | None:
    """``read()`` with no overlay in force (the shipped tables); None if it fails."""
    from tigris.data import using_overlay

    with using_overlay(None):
        try:
            return float(read())
        except (InputError, TypeError, ValueError):
            return None


def _logic_price(
    sc: Scenario, years: np.ndarray, fid: str, node: str, notes: _Assumptions
) -> np.ndarray:
    from tigris.finance.prices import wafer_price_usd
    from tigris.nodes import get_node
    from tigris.scenario.checks import price_items

    item = price_items("wafer").get(node.lower(), node)
    points, src = _source(sc, "wafer", item)
    # the row whose series prices the node: its own, else its family's (wafer_price_usd)
    priced = item if node.lower() in price_items("wafer") else get_node(node).family
    scaled = None
    if points is None:  # the scenario's own prices win over any data row
        scaled = _overlay_scaled(
            "nodes",
            node,
            "wafer_price_usd",
            years,
            lambda: np.asarray(wafer_price_usd(node, years), dtype=float),
            # the shipped row of the node itself (a replaced row), else of the row its
            # series is read for (a new node: its family's)
            lambda: (
                _shipped(lambda: get_node(node).wafer_price_usd)
                or _shipped(lambda: get_node(priced).wafer_price_usd)
            ),
            lambda: get_node(node).wafer_price_usd,
            src,
        )
    to_plan = data_dollars(sc)
    if scaled is not None:
        price, src = scaled
        price = price * to_plan  # a --data row is the tables' money
    else:
        try:
            price = _in_plan_dollars(lambda p: wafer_price_usd(node, years, p), points, to_plan)
        except InputError as exc:  # a node of the user's own data without a price
            msg = f"no wafer price for {fid} ({exc}); data/prices.csv prices a node or its family"
            raise InputError(Problem("facilities", msg)) from None
    src += cpi_note(to_plan)
    notes.add(f"price {fid} wafer ({node})", _span(price), "USD/wafer", src)
    return price


def _cowos_price(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> np.ndarray:
    from tigris.finance.prices import COWOS_POOL, cowos_price_usd_per_wafer

    points, src = _source(sc, "cowos", COWOS_POOL)
    to_plan = data_dollars(sc)
    price = _in_plan_dollars(
        lambda p: cowos_price_usd_per_wafer(years, overrides=p), points, to_plan
    )
    src += cpi_note(to_plan)
    notes.add("price cowos interposer wafer", _span(price), "USD/wafer", src)
    return price


def _hbm_gb_price(
    sc: Scenario, generation: str, years: np.ndarray, notes: _Assumptions
) -> np.ndarray:
    """USD per GB of one HBM generation by year (override or data), with its row."""
    from tigris.finance.prices import hbm_price_usd_per_gb
    from tigris.silicon.hbm import get_hbm

    try:
        points, src = _source(sc, "hbm", generation)
    except InputError:  # a generation of the user's data: no item of the price table
        points, src = None, "data/prices.csv"
    scaled = None
    if points is None:  # the scenario's own prices win over any data row
        scaled = _overlay_scaled(
            "hbm",
            generation,
            "price_usd_per_gb",
            years,
            lambda: np.asarray(hbm_price_usd_per_gb(generation, years), dtype=float),
            lambda: _shipped(lambda: get_hbm(generation).price_usd_per_gb),
            lambda: get_hbm(generation).price_usd_per_gb,
            src,
        )
    to_plan = data_dollars(sc)
    if scaled is not None:
        price, src = scaled
        price = price * to_plan  # a --data row is the tables' money
    else:
        try:
            price = _in_plan_dollars(
                lambda p: hbm_price_usd_per_gb(generation, years, p), points, to_plan
            )
        except InputError as exc:
            msg = f"no price for HBM generation {generation} in data/prices.csv ({exc})"
            raise InputError(Problem("products", msg)) from None
    src += cpi_note(to_plan)
    notes.add(f"price HBM {generation}", _span(price), "USD/GB", src)
    return price


def _hbm_price(
    sc: Scenario, years: np.ndarray, bills: list[HbmBill], notes: _Assumptions
) -> np.ndarray:
    """A DRAM wafer on an HBM line [USD/wafer]: by year, the mean over the products made
    that year of GB per DRAM wafer x their generation's USD per GB (docs/finance.md).

    Years in which no product with a bill is made take the nearest year's value; with
    no such product at all the wafer is priced 0 (nothing uses HBM wafers then).
    """
    by_generation: dict[str, np.ndarray] = {}
    total, count = np.zeros(len(years)), np.zeros(len(years))
    for gb_per_wafer, generation, made in bills:
        ok = made & np.isfinite(gb_per_wafer)
        if generation is None or not ok.any():
            continue
        if generation not in by_generation:
            by_generation[generation] = _hbm_gb_price(sc, generation, years, notes)
        usd_per_gb = by_generation[generation]
        total += np.where(ok, np.nan_to_num(gb_per_wafer) * usd_per_gb, 0.0)
        count += ok
    have = count > 0
    if not have.any():
        price = np.zeros(len(years))
        notes.add("price HBM DRAM wafer", 0.0, "USD/wafer", "no product has an HBM bill")
        return price
    price = np.interp(years, years[have], total[have] / count[have])
    notes.add(
        "price HBM DRAM wafer",
        _span(price),
        "USD/wafer",
        "mean over the products made each year of GB per DRAM wafer (silicon layer: "
        "hbm_gb_per_unit / hbm_wafers_per_unit) x the generation's USD/GB (above)",
    )
    return price


def _prices(
    sc: Scenario,
    years: np.ndarray,
    fac_ids: list[str],
    nodes: dict[str, str],
    bills: list[HbmBill],
    notes: _Assumptions,
) -> np.ndarray:
    """(K, T) market price of one finished wafer of each facility type [USD/wafer]; of
    one MW-month of datacenter capacity used [USD/MW-month]."""
    out = np.zeros((len(fac_ids), len(years)))
    for k, fid in enumerate(fac_ids):
        kind, family = _kind_and_node(fid)
        if kind == "datacenter":
            continue  # money_fields fills the datacenter rows
        if kind == "logic":
            out[k] = _logic_price(sc, years, fid, nodes.get(fid, family), notes)
        elif kind == "cowos":
            out[k] = _cowos_price(sc, years, notes)
        else:
            out[k] = _hbm_price(sc, years, bills, notes)
    return out


def _logic_module_size(sc: Scenario, fid: str) -> float:
    """Module size [wspm] of a logic facility type: the scenario's, else the table's."""
    from tigris.scenario import facility_id

    for f in sc.facilities:
        if facility_id(f.kind, f.node) == fid and f.module_capacity is not None:
            return float(f.module_capacity)
    return float(_facility_table()["logic"]["module_capacity"])


def _variable_costs(
    sc: Scenario, n_t: int, fac_ids: list[str], nodes: dict[str, str], notes: _Assumptions
) -> np.ndarray:
    """(K, T) variable cash cost of one finished wafer of each facility type [USD/wafer]."""
    from tigris.finance.prices import finance_parameter

    table = _facility_table()
    dollars_of = plan_dollars_of(sc)
    to_plan = data_dollars(sc)  # the facility table's opex to the currency_year
    out = np.zeros((len(fac_ids), n_t))
    for k, fid in enumerate(fac_ids):
        kind, family = _kind_and_node(fid)
        if kind == "datacenter":
            continue  # money_fields fills the datacenter rows
        if kind == "logic":
            node = nodes.get(fid, family)
            size = _logic_module_size(sc, fid)
            out[k] = logic_variable_cost(node, size, dollars_of)
            src = (
                f"tigris.fab.fab_model({node}, {size:g} wspm, {VARIABLE_COST_SITE}, "
                f"dollars_of={dollars_of}): {' + '.join(VARIABLE_OPEX)} per finished wafer "
                "(data/fab_parameters.csv; CPI-U to the currency_year)"
            )
        else:
            row = table[kind]
            share = finance_parameter("variable_share_of_opex", kind)
            wafers = MONTHS_PER_YEAR * float(row["module_capacity"])
            out[k] = share * float(row["opex_usd_per_year"]) * to_plan / wafers
            src = (
                f"data/finance_parameters.csv variable_share_of_opex ({share:g}) x "
                "data/facility_types.csv opex per wafer of a module at full output"
            ) + cpi_note(to_plan)
        notes.add(f"variable cost {fid} wafer", round(float(out[k, 0]), 2), "USD/wafer", src)
    return out


def _tax(sc: Scenario, specs: list[_SiteSpec], notes: _Assumptions) -> np.ndarray:
    """(S,) corporate tax rate of each site [-]: the scenario's, else the table's."""
    from tigris.finance.prices import corporate_tax_rate

    given = {
        spec.name: s.corporate_tax_rate
        for spec, s in zip(specs, sc.sites, strict=False)
        if s.corporate_tax_rate is not None
    }
    out = np.zeros(len(specs))
    problems: list[Problem] = []
    for i, spec in enumerate(specs):
        if spec.owner == INVESTOR and spec.name in given:
            out[i] = given[spec.name]
            notes.add(f"{spec.name}: corporate tax rate", out[i], "-", "scenario")
            continue
        try:
            out[i] = corporate_tax_rate(spec.site)
        except InputError as exc:  # a site of one's own data: the message says what to give
            field = f"sites.{i}.corporate_tax_rate" if spec.owner == INVESTOR else "sites"
            problems.extend(Problem(field, p.message) for p in exc.problems)
            continue
        if spec.owner == INVESTOR:
            from tigris.overlay import overlay_source  # a --data site's own citation

            cited = overlay_source("tax_rates", spec.site, "corporate_tax_rate")
            src = cited or "data/tax_rates.csv"
            notes.add(f"{spec.name}: corporate tax rate", out[i], "-", src)
    if problems:
        raise InputError(problems)
    return out


def _penalty(sc: Scenario, years: np.ndarray, notes: _Assumptions) -> float | np.ndarray:
    """The unmet-demand penalty: the scenario's number [USD/H100e], or with ``rental``
    the rental value of an H100e delivered in each year (T,) [USD/H100e]."""
    value = sc.unmet_penalty_usd_per_h100e
    if value != PENALTY_RENTAL:
        if "unmet_penalty_usd_per_h100e" not in sc.sources:  # else that row says it
            notes.add("unmet_penalty_usd_per_h100e", value, "USD/H100e", "scenario")
        return float(value)
    from tigris.energy.fleet import accelerator_class, class_life
    from tigris.finance.prices import RENTAL_ITEM, h100e_value_usd

    points, rent = _source(sc, "rental", RENTAL_ITEM)
    # unmet demand has no product: it is priced at the rent of the H100 (the rental
    # index's part) over the H100's own class life (docs/finance.md, docs/energy.md)
    life = class_life(sc.fleet_lifetime_years, accelerator_class(RENTAL_ITEM))
    rate = sc.real_discount_rate
    to_plan = data_dollars(sc)
    out = _in_plan_dollars(lambda p: h100e_value_usd(years, life, rate, p), points, to_plan)
    notes.add(
        "unmet penalty: rental value of an H100e",
        _span(out),
        "USD/H100e",
        f"H100 rent per hour x hours a year x rental_utilisation (data/finance_parameters"
        f".csv) over the H100's service life ({life} years, fleet_lifetime_years) "
        f"discounted at {rate:.6g} (tigris.finance.prices.h100e_value_usd); "
        f"rent: {rent}" + cpi_note(to_plan),
    )
    return out


def _module_money_notes(fac_ids: list[str], notes: _Assumptions) -> None:
    """Where a module's fixed opex and equipment share come from, once per kind."""
    from tigris.finance.prices import finance_parameter

    if any(f.startswith("logic-") for f in fac_ids):
        notes.add(
            "logic module: fixed opex and equipment share",
            f"{' + '.join(FIXED_OPEX)} + the site's {'/'.join(VARIABLE_OPEX)} premium over "
            f"{VARIABLE_COST_SITE}'s per-wafer cost at full output; equipment / capex",
            "-",
            "tigris.fab.fab_model at the module's site (data/fab_parameters.csv)",
        )
    for kind in (f for f in fac_ids if f in ("cowos", "hbm")):
        variable = finance_parameter("variable_share_of_opex", kind)
        equipment = finance_parameter("equipment_share_of_capex", kind)
        notes.add(
            f"{kind} module: fixed share of opex, equipment share of capex",
            f"{1 - variable:g}, {equipment:g} at its priced_at_site (moved with the capex "
            "elsewhere: each module's row)",
            "-",
            "data/finance_parameters.csv (1 - variable_share_of_opex, "
            "equipment_share_of_capex) x data/facility_types.csv",
        )


def _finance_notes(sc: Scenario, notes: _Assumptions) -> dict[str, Any]:
    """The ``finance`` block's rows and fields: the real rate the plan discounts at, the
    rate's basis and the terminal-value convention.

    Raises
    ------
    InputError
        ``going_concern`` with a real rate not > 0 (a perpetuity has no finite value
        then), naming ``finance.terminal_value``.
    """
    basis, terminal = sc.finance.discount_rate_basis, sc.finance.terminal_value
    real = sc.real_discount_rate
    # the rate's own source when it has one (a --set, a scenario's sources: entry), so the
    # derived rows do not say "scenario" for a rate set on the command line (RV-S35 #9)
    own = sc.sources.get("discount_rate")
    if own is None:
        given = f"scenario discount_rate ({basis})"
    elif own.startswith("set on the command line"):
        given = f"{own} [discount_rate, {basis}]"
    else:
        given = f"scenario discount_rate ({basis}): {own}"
    if basis == "nominal":
        from tigris.fab import fab_param

        inflation = float(fab_param("expected_inflation"))
        src = (
            f"Fisher (1930): (1 + {sc.discount_rate:g} nominal)/(1 + {inflation:g} expected "
            "inflation) - 1; data/fab_parameters.csv expected_inflation (FRED T10YIE)"
        )
        src = src if own is None else f"{src}; the nominal rate: {given}"
    else:
        constant = "real: the flows are constant USD of currency_year"
        src = f"scenario discount_rate ({constant})" if own is None else f"{given}; {constant}"
    notes.add(RATE_GIVEN_ROW, sc.discount_rate, "per year", given)
    # unrounded: the summary re-discounts the flows at it (the ±2-point NPVs, salvage),
    # and a rounded rate missed the NPV by $61,766 (review of 2026-12-07), or read a
    # tiny positive real rate as 0 (a going-concern perpetuity divided by it)
    notes.add(RATE_USED_ROW, real, "per year", src)
    # a basis or terminal value with a source of its own (a --set, a scenario's sources:
    # entry) has its row from the scenario's source rows; a second row of the same name
    # would contradict it (RV-S36 #5)
    if BASIS_ROW not in sc.sources:
        notes.add(BASIS_ROW, basis, "-", "scenario (docs/finance.md, Discount rate)")
    how = (
        "book value at the horizon's end (cost less depreciation)"
        if terminal == "book"
        else "last year's after-tax operating profit as a no-growth perpetuity, (1 + r)/r "
        "(Damodaran, Investment Valuation, ch. 12); a module not yet operating at book value"
    )
    if TERMINAL_ROW not in sc.sources:
        notes.add(TERMINAL_ROW, terminal, "-", f"scenario: {how} (docs/finance.md, Terminal value)")
    if terminal == "going_concern" and not real > 0:
        msg = (
            f"going_concern needs a real discount rate > 0 (a perpetuity at {real:.4g} has "
            "no finite value); use terminal_value: book or a higher discount_rate"
        )
        raise InputError(Problem("finance.terminal_value", msg))
    return {"terminal_value": terminal}


def money_fields(
    sc: Scenario,
    years: np.ndarray,
    fac_ids: list[str],
    specs: list[_SiteSpec],
    bills: list[HbmBill],
    notes: _Assumptions,
) -> dict[str, Any]:
    """The money fields of :class:`~tigris.plan.inputs.PlanInputs` for a scenario.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.
    years : numpy.ndarray
        Planning years [year].
    fac_ids : list of str
        Facility ids (``logic-N5``, ``cowos``, ``hbm``).
    specs : list of _SiteSpec
        The plan's sites, in order.
    bills : list of HbmBill
        Each product's GB per DRAM wafer by year, HBM generation and years made.
    notes : _Assumptions
        The assumptions table, one row added per value used.

    Returns
    -------
    dict
        ``objective``, ``min_served_share``, ``price_usd_per_wafer`` (K, T),
        ``variable_cost_usd_per_wafer`` (K, T), ``tax_rate`` (S,),
        ``equipment_life_years``, ``building_life_years``,
        ``penalty_usd_per_h100e`` (a number or (T,)) and ``terminal_value``.

    References
    ----------
    ``docs/finance.md`` ("Prices", "Cash flows") and ``docs/scenario-files.md``
    ("Money").
    """
    from tigris.fab import fab_param
    from tigris.scenario import facility_id

    nodes = {facility_id(f.kind, f.node): f.node for f in sc.facilities if f.node is not None}
    notes.add("objective", sc.objective, "-", "scenario (docs/finance.md, Objectives)")
    finance = _finance_notes(sc, notes)
    if sc.min_served_share > 0:
        notes.add("min_served_share", sc.min_served_share, "-", "scenario")
    lives = {key: float(fab_param(key)) for key in ("equipment_life_years", "building_life_years")}
    for key, value in lives.items():
        notes.add(key.replace("_", " "), value, "years", "data/fab_parameters.csv")
    _module_money_notes(fac_ids, notes)
    price = _prices(sc, years, fac_ids, nodes, bills, notes)
    variable = _variable_costs(sc, len(years), fac_ids, nodes, notes)
    rows = [k for k, fid in enumerate(fac_ids) if _kind_and_node(fid)[0] == "datacenter"]
    if rows:
        from tigris.plan.assemble_energy import datacenter_money

        price[rows], variable[rows] = datacenter_money(years, len(rows), notes, sc)
    return {
        "objective": sc.objective,
        "min_served_share": float(sc.min_served_share),
        "price_usd_per_wafer": price,
        "variable_cost_usd_per_wafer": variable,
        "tax_rate": _tax(sc, specs, notes),
        **lives,
        "penalty_usd_per_h100e": _penalty(sc, years, notes),
        **finance,
    }
