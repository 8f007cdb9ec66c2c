"""``tigris fab``: what a fab costs, how many EUV tools, how long, cost per wafer, output."""

from __future__ import annotations

import math
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tigris.cli._args import check_params, check_plot_path
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import console, emit_json, err_console, fmt, kv_table
from tigris.cli._tables import print_table
from tigris.errors import InputError
from tigris.fab import FabResult, capacity_for_budget, fab_model, list_sites
from tigris.fmt import money, share, year
from tigris.fsio import atomic_file


def _check_start_year(r: FabResult, start_year: int | None) -> None:
    """Refuse a groundbreaking year before the node can be built: one line naming
    ``--start-year`` (exit 2) when ``start_year < ceil(HVM year - build years)``.

    A fab that breaks ground in year ``Y`` has its first wafer ``build_years`` later
    (CSET's regional construction time, ``sites.csv``); before the node's first volume
    production (``nodes.csv`` ``hvm_year``) less that time there is no process to copy
    into it. A start is counted from 1 January (as the year table is), and rounded up,
    so the first wafer falls in the HVM year or later: never a wafer out before the
    node's volume production (user test 2026-12-06: an N3 fab begun in 2020 shipped
    5,551 wafers in 2021, N3's HVM being December 2022).

    Parameters
    ----------
    r : FabResult
        The fab (its node, site and ``build_years``).
    start_year : int or None
        Calendar year of groundbreaking asked for [year].

    Raises
    ------
    InputError
        If ``start_year`` is before the earliest year.
    """
    if start_year is None:
        return
    from tigris.nodes import get_node

    hvm = get_node(r.node).hvm_year
    earliest = math.ceil(hvm - r.build_years - 1e-9)
    if start_year < earliest:
        msg = (
            f"expected {earliest} or later: {r.node} reaches volume production in {hvm} and "
            f"a fab at {r.site} takes {r.build_years:.1f} years to build, got {start_year}"
        )
        raise InputError(msg, field="--start-year")


@cache
def _plan_currency_year() -> int | None:
    """``currency_year`` of the reference scenario: the dollars the plan's money is in
    [year]. Read from the YAML text (loading the scenario model would slow the verb)."""
    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    m = re.search(r"^currency_year:\s*(\d{4})\b", text, re.MULTILINE)
    return None if m is None else int(m.group(1))


def _dollars_note(r: FabResult) -> str | None:
    """A note when the table's dollars are not the plan's (user test 2026-12-03 #17: the
    default is the node's equipment basis year, 2020 for N5, 2023 for N3, while the
    reference plan's money is in US$ of its currency_year, 2024)."""
    plan = _plan_currency_year()
    if plan is None or r.capex_price_year == plan:
        return None
    basis = "--dollars-of" if r.dollars_of is not None else f"{r.node}'s equipment basis year"
    return (
        f"money is in US$ of {r.capex_price_year} ({basis}); the reference plan's is in "
        f"US$ of {plan} (its currency_year): pass --dollars-of {plan} for the plan's dollars "
        "(--budget-usd is read in the same dollars as the table)"
    )


def _bench_in_table_dollars(r: FabResult) -> float | None:
    """The public benchmark per wspm in the table's dollars [USD/wspm]: converted from
    its own year with the equipment index, as :func:`tigris.fab.model._benchmark_in`
    converts it for ``--dollars-of``; None without a benchmark."""
    bench, y = r.benchmark_capex_per_wspm_usd, r.benchmark_price_year
    if bench is None or not bench > 0:
        return None
    if y is not None and y != r.capex_price_year:
        from tigris.fab.dollars import dollars_factor

        bench = bench * dollars_factor(y, r.capex_price_year, kind="equipment")
    return float(bench)


def _bench_ratio(r: FabResult) -> float | None:
    """tigris's capex per wspm over the public benchmark, both in the table's dollars [-]
    (:func:`_bench_in_table_dollars`)."""
    bench = _bench_in_table_dollars(r)
    return None if bench is None else float(r.capex_per_wspm_usd) / bench


def _bench_unit(r: FabResult) -> str:
    """``per wspm``, naming the benchmark's price year where it is not the capex's."""
    y = r.benchmark_price_year
    return "per wspm" if y is None or y == r.capex_price_year else f"per wspm, US$ of {y}"


#: How the benchmark row marks a published figure that its source states as a floor
#: or a ceiling (``validation_bounds.csv``, from the source's words; user test s49 #7:
#: Fab 18's NT$500B, "will exceed", read as a point figure).
BOUND_PREFIX = {"lower": "at least ", "upper": "at most "}
BOUND_NAME = {"lower": "a floor, the source says", "upper": "a ceiling, the source says"}
BOUND_READING = {
    "lower": "a floor: any ratio above 1 agrees with it",
    "upper": "a ceiling: any ratio below 1 agrees with it",
}


def _bench_kind(r: FabResult) -> dict[str, str] | None:
    """Whether the node and site's public benchmark is a point, a floor or a ceiling,
    from the budget row it restates (:func:`tigris.validation.benchmark_bound`)."""
    from tigris.validation import benchmark_bound

    return benchmark_bound(r.node, r.site)


def _benchmark_rows(r: FabResult) -> list[tuple[str, object, str]]:
    """The public benchmark of the node and site and tigris's ratio to it; else the
    nearest published budgets of fabs of the node (:func:`tigris.fab.budgets.
    nearest_budgets`), each per wspm in the table's dollars with its case, site, size
    and year, like for like first (a line in a standing building beside lines in standing
    buildings, user test s49 #2); else a row saying none is published (user test
    2026-12-03 #15h). A benchmark in another year's dollars is shown converted too, the
    figure the ratio divides by (user test s49 #12)."""
    if r.benchmark_capex_per_wspm_usd is not None:
        unit = _bench_unit(r)
        if r.building_exists:  # the shipped benchmarks are of greenfield fabs
            unit += "; a greenfield fab's (building included), this line has none"
        kind = _bench_kind(r)
        mark = BOUND_PREFIX.get(kind["bound"], "") if kind else ""
        if kind and kind["bound"] in BOUND_PREFIX:
            unit += f'; {BOUND_NAME[kind["bound"]]}: "{kind["words"]}" ({kind["case"]})'
        rows: list[tuple[str, object, str]] = [
            ("public benchmark per wspm", mark + money(r.benchmark_capex_per_wspm_usd), unit)
        ]
        conv = _bench_in_table_dollars(r)
        if conv is not None and r.benchmark_price_year not in (None, r.capex_price_year):
            rows.append(
                (
                    f"  in US$ of {r.capex_price_year}",
                    mark + money(conv),
                    f"per wspm, from US$ of {r.benchmark_price_year} with the equipment "
                    "index (BLS PPI, data/fab_equipment_price_index.csv)",
                )
            )
        if (ratio := _bench_ratio(r)) is not None:
            both = f"both in US$ of {r.capex_price_year}"
            if r.building_exists:  # a floor on a whole fab says nothing of a tools-only
                # line (review of s49: "any ratio above 1 agrees" beside a line dearer
                # than the whole greenfield fab)
                both += "; not like for like: the benchmark includes a building"
            elif kind and kind["bound"] in BOUND_READING:
                both += f"; {BOUND_READING[kind['bound']]}"
            rows.append(("  tigris / benchmark", ratio, both))
        return rows
    from tigris.fab.budgets import nearest_budgets
    from tigris.fab.dollars import dollars_factor

    budgets = nearest_budgets(r.node, r.site, float(r.wspm), building_exists=r.building_exists)
    if not budgets:
        msg = f"none published for {r.node} (fab_parameters.csv, fab_budgets.csv)"
        return [("public benchmark per wspm", "–", msg)]
    first = "in a standing building" if r.building_exists else "greenfield"
    rows = [
        (
            "public benchmark per wspm",
            "–",
            f"none for {r.node} at {r.site}; nearest {r.node} fabs in fab_budgets.csv, "
            f"{first} first as this one:",
        )
    ]
    for b in budgets:
        per = b.capex_usd / b.wspm
        if r.capex_price_year is not None and b.year != r.capex_price_year:
            per *= dollars_factor(b.year, r.capex_price_year, kind="equipment")
        kind = (
            "into a standing building, no building cost"
            if b.building_exists
            else "greenfield, building included"
        )
        what = f"{b.site}, {b.wspm:,.0f} wspm, announced {b.year}, {kind}"
        rows.append((f"  {b.case}", money(per), f"per wspm, table's US$ ({what})"))
    return rows


def _summary_rows(
    r: FabResult, cal: dict[str, object], budget_usd: float | None = None
) -> list[tuple[str, object, str]]:
    budget = [("budget", money(budget_usd), f"US$ of {r.capex_price_year}, as given")]
    rows: list[tuple[str, object, str]] = [
        *(budget if budget_usd is not None else []),
        ("capacity", r.wspm, "wafer starts/month"),
        ("capex (before subsidy)", money(r.capex_usd), ""),
        ("  building and cleanroom", money(r.capex_breakdown_usd["building"]), ""),
        ("  lithography", money(r.capex_breakdown_usd["lithography"]), ""),
        (
            "  other equipment",
            money(r.capex_breakdown_usd["other_equipment"]),
            f"rate from the published {r.equipment_reference} fab cost"
            if r.equipment_reference != "table"
            else "fallback rate (fab_parameters.csv)",
        ),
        (
            "  tool hook-up premium",
            money(r.capex_breakdown_usd["installation"]),
            "site premium over Taiwan",
        ),
        ("subsidy", money(r.subsidy_usd), ""),
        ("capex net of subsidy", money(r.net_capex_usd), ""),
        ("capex per wspm", money(r.capex_per_wspm_usd), "per wspm, before subsidy"),
        *_benchmark_rows(r),
        ("Low-NA EUV scanners", r.euv_tools, "tools"),
        ("High-NA EUV scanners", r.high_na_tools, "tools"),
        ("ArF-immersion scanners", r.duv_tools, "tools"),
        *_calibration_rows(r, cal),
        *_schedule_rows(r),
        ("ramp", r.ramp_years, "years, first wafer to full output"),
        ("wafers out at full output", r.wafers_per_year, "wafers/year"),
        (
            "opex incl. depreciation",
            money(r.opex_usd_per_year),
            "per year; depreciation of capex net of subsidy (IAS 20, docs/fab.md)",
        ),
        *_cost_per_wafer_rows(r),
        ("power draw", r.power_mw, "MW"),
        ("energy", r.energy_mwh_per_year, "MWh/year"),
        *_co2_rows(r),
        ("water", r.water_m3_per_year, "m3/year"),
        ("employees", r.employees, "FTE"),
    ]
    if r.product is not None:
        rows += _product_rows(r)
    return rows


def _schedule_rows(r: FabResult) -> list[tuple[str, object, str]]:
    """Permit and design, then construction; a line in a standing building has no
    construction, only its tools' move-in to first wafer (user test s49 #4)."""
    if not r.building_exists:
        return [
            ("permit and design", r.permit_years, "years before groundbreaking"),
            ("construction", r.build_years, "years, groundbreaking to first wafer"),
        ]
    return [
        (
            "permit and design",
            r.permit_years,
            f"years before tool move-in ({r.site}'s greenfield figure, sites.csv, kept)",
        ),
        (
            "tool move-in",
            r.build_years,
            "years to first wafer; no construction in a standing building "
            "(fab_parameters.csv tool_install_months, a tigris assumption; docs/fab.md)",
        ),
    ]


def _cost_per_wafer_rows(r: FabResult) -> list[tuple[str, object, str]]:
    """The levelised cost per wafer net of subsidy and before it (user test s49 #1: the
    net figure was labelled as if it were the whole cost)."""
    life = "" if r.life_years is None else f" over {r.life_years:g} years of output"
    net = (
        f"per wafer, levelised{life}, net of the subsidy of {money(r.subsidy_usd)}"
        if float(r.subsidy_usd) > 0
        else f"per wafer, levelised{life}; no subsidy, so = before subsidy"
    )
    return [
        ("life-cycle cost per wafer", money(r.cost_per_wafer_usd), net),
        (
            "  before subsidy",
            money(r.cost_per_wafer_gross_usd),
            "per wafer, levelised, with the whole capex",
        ),
    ]


#: The basis of the fab's CO2, as printed and in ``--json`` (``docs/energy.md``,
#: "Emissions: what is counted"; ``data/grid.csv`` sources each region's factor).
CO2_BASIS = (
    "location-based (the region's average grid mix, GHG Protocol Scope 2 Guidance ch. 6), "
    "life-cycle CO2e; purchased electricity only: process gases, on-site fuel and "
    "embodied emissions not counted"
)


def fab_co2(r: FabResult) -> dict[str, object]:
    """The fab's CO2 from its electricity at full output (:mod:`tigris.fab.emissions`)
    and the factor's region, year and source (``--json`` ``co2``; UT-ESG #6).

    The factor is the site's region's ``grid_gco2_per_kwh`` (``data/grid.csv``, the one
    the plan uses for fabs): of the year the fab reaches full output when ``--start-year``
    is given (start + construction + ramp), else of the table's first year (the
    factors are held flat: grid decarbonisation is not modelled). A site without a
    region (one added with ``--data``) gives ``None`` values and the reason.
    """
    import math

    from tigris.data import load_rows
    from tigris.energy.data import grid_gco2_per_kwh, site_region
    from tigris.fab.emissions import co2_kg_per_wafer, co2_t_per_year

    try:
        region = site_region(r.site)
    except InputError as exc:
        return {"t_per_year": None, "kg_per_wafer": None, "why_not": str(exc)}
    # the grid table's rows as read (no pandas: tigris fab stays a quick verb,
    # tests/test_import_speed.py); grid_gco2_per_kwh checks the table
    rows = [x for x in load_rows("grid") if str(x["region"]).strip().lower() == region]
    if r.start_year is not None:
        year = math.floor(r.start_year + r.build_years + r.ramp_years)
    else:
        year = min(int(float(x["year"])) for x in rows)
    g = float(grid_gco2_per_kwh(region, year))
    t = float(co2_t_per_year(r.energy_mwh_per_year, g))
    near = min(rows, key=lambda x: abs(int(float(x["year"])) - year))
    row_year = int(float(near["year"]))
    return {
        "t_per_year": t,
        "kg_per_wafer": float(co2_kg_per_wafer(t, r.wafers_per_year)),
        "energy_mwh_per_year": float(r.energy_mwh_per_year),
        "grid_gco2_per_kwh": g,
        "region": region,
        "year": year,
        "row_year": row_year,
        "source": f"data/grid.csv {region} {row_year} grid_gco2_per_kwh "
        f"(as of {near['as_of']}; the row's source: its 'Intensity:' part)",
        "basis": CO2_BASIS,
    }


def _co2_rows(r: FabResult) -> list[tuple[str, object, str]]:
    """CO2 a year and per wafer, with the arithmetic and the factor's row."""
    c = fab_co2(r)
    t, kg = c["t_per_year"], c["kg_per_wafer"]
    if t is None:
        return [("CO2 (electricity)", "–", f"not known: {c['why_not']}")]
    g = c["grid_gco2_per_kwh"]
    row, year = c["row_year"], c["year"]
    if row == year:
        which = f"{c['region']} grid {row}"
    elif year < row:  # before the table: its first row, held flat (grid_gco2_per_kwh)
        which = f"{c['region']} grid {row} for {year}: the table starts in {row}, held flat"
    else:  # after it: its last row, held flat
        which = f"{c['region']} grid {row} for {year}: held flat from {row}, the table's last"
    how = (
        f"t CO2e/year = {r.energy_mwh_per_year:,.0f} MWh x {g:,.0f} g/kWh ({which}, "
        "data/grid.csv); location-based, life-cycle CO2e, electricity only "
        "(--json co2.basis)"
    )
    return [
        ("CO2 (electricity)", round(float(t)), how),  # type: ignore[arg-type]
        ("CO2 per wafer", round(float(kg), 1), "kg CO2e per wafer out at full output"),  # type: ignore[arg-type]
    ]


def product_basis(r: FabResult) -> str:
    """The yield basis of ``--product``'s count and inputs, in one line: one basis for
    the logic, the HBM, the base dies and the package, the bill ``tigris chip PRODUCT
    --node NODE --mature`` prints (:data:`tigris.silicon.chip.BASES`; UT-ANALYST 2026-12-04 #8: the
    logic was mature and the HBM at its launch yield, neither said). The bill is of
    the fab's node (user test s49 #5: the pointer left out ``--node``, whose bill is of
    the part's own node)."""
    return f"{r.product_basis}; the bill of 'tigris chip {r.product} --node {r.node} --mature'"


#: The fab whose outturn ``--first-of-a-kind`` prices (the first-of-a-kind multiplier is
#: TSMC's CFO's figure for it, ``fab_parameters.csv``; benchmark ``tsmc-arizona-fab1-2024``)
#: and the rows of its schedule: its announcement (``fab_budgets.csv``, the row's
#: ``as_of``) and its volume production and full output (``fab_ramps.csv``). Row ids, not
#: numbers: the dates are read from the rows (UT-ANALYST 2026-12-04 #12).
FIRST_OF_A_KIND_ANNOUNCED = "tsmc-arizona-fab1-2020"
FIRST_OF_A_KIND_RAMP = "tsmc-arizona-f21-p1"


def _month_index(ym: str) -> int:
    """Months since year 0 of a ``YYYY-MM`` date [months]."""
    y, m = (int(x) for x in ym.strip()[:7].split("-"))
    return 12 * y + m - 1


def first_of_a_kind_timeline(r: FabResult) -> dict[str, object]:
    """The schedule of the fab ``--first-of-a-kind`` prices, beside the model's.

    The model's time rows are the site's (``sites.csv``: permit, construction and ramp
    months, CSET's US averages for a US site, mostly of mature-node fabs); the
    first-of-a-kind multiplier changes the capex only. The benchmark fab, TSMC Arizona
    fab 1 (N4), was announced in the month of ``fab_budgets.csv``
    :data:`FIRST_OF_A_KIND_ANNOUNCED`'s ``as_of`` and began volume production in the
    ``start`` month of ``fab_ramps.csv`` :data:`FIRST_OF_A_KIND_RAMP`, reaching near
    full output ``months`` later. Announcement to volume production is set beside the
    model's permit and design plus construction (to first wafer: the model starts its
    permit time at the decision to build, the announcement), volume to full output
    beside the model's ramp (first wafer to full output).

    Parameters
    ----------
    r : FabResult
        The fab as priced.

    Returns
    -------
    dict
        ``announced``, ``volume_production``, ``full_output`` (``YYYY-MM``),
        ``announced_to_volume_months`` and ``volume_to_full_months`` of the benchmark,
        ``model_to_first_wafer_months`` and ``model_ramp_months`` [months], ``source``.
    """
    from tigris.data import load_rows

    budget = next(x for x in load_rows("fab_budgets") if x["case"] == FIRST_OF_A_KIND_ANNOUNCED)
    ramp = next(x for x in load_rows("fab_ramps") if x["fab_id"] == FIRST_OF_A_KIND_RAMP)
    announced, start, end = str(budget["as_of"]), str(ramp["start"]), str(ramp["end"])
    return {
        "fab": f"{ramp['owner']} {ramp['fab']}",
        "announced": announced,
        "volume_production": start,
        "full_output": end,
        "announced_to_volume_months": _month_index(start) - _month_index(announced),
        "volume_to_full_months": _month_index(end) - _month_index(start),
        "model_to_first_wafer_months": round((r.permit_years + r.build_years) * 12),
        "model_ramp_months": round(r.ramp_years * 12),
        "source": f"fab_budgets.csv {FIRST_OF_A_KIND_ANNOUNCED} (announcement, its as_of), "
        f"fab_ramps.csv {FIRST_OF_A_KIND_RAMP} (volume production and full output)",
    }


def _first_of_a_kind_note(r: FabResult) -> str:
    """The benchmark's schedule beside the model's, one note (``--first-of-a-kind``)."""
    t = first_of_a_kind_timeline(r)
    return (
        f"--first-of-a-kind prices the outturn cost but keeps {r.site}'s schedule: "
        f"permit and design plus construction {t['model_to_first_wafer_months']} months to "
        f"first wafer and a ramp of {t['model_ramp_months']} months. {t['fab']}, the fab whose "
        f"outturn it prices, took {t['announced_to_volume_months']} months from "
        f"announcement ({t['announced']}) to volume production ({t['volume_production']}) "
        f"and {t['volume_to_full_months']} more to near full output ({t['full_output']}) "
        f"({t['source']}); read the lead time above as a best case for a first fab"
    )


def _product_rows(r: FabResult) -> list[tuple[str, object, str]]:
    """The product's count and what it needs besides the fab's logic wafers (D6 of the
    2026-12-04 user test: the count read as finished accelerators)."""
    inputs = r.product_inputs or {}
    pkg = r.product_package or "the package"
    py = r.product_package_yield
    what = "good logic dies" if py is None else f"good logic dies x {pkg} package yield {py:g}"
    rows: list[tuple[str, object, str]] = [
        ("product bill basis", "mature", product_basis(r)),
        (
            f"{r.product} per year",
            r.accelerators_per_year,
            f"accelerators/year from this fab's logic wafers ({what}), if interposers "
            "and HBM are not limiting",
        ),
    ]
    if inputs:
        from tigris.fab.checks import product_world_share

        world = product_world_share(r) or {}

        def of_world(kind: str, what: str) -> str:
            w = world.get(kind)
            if w is None:
                return ""
            return (
                f": {share(w['share'])} of the world's {what} at its end-{w['year']:.0f} "
                "rate (incumbent_capacity.csv)"
            )

        rows += [
            (
                f"  needs {pkg} interposer wafers",
                inputs["interposer_wafers_per_year"],
                "wafers/year, made on a package line, not in this fab"
                + of_world("cowos", "CoWoS wafers"),
            ),
            (
                f"  needs {r.product_hbm_generation} stacks",
                inputs["hbm_stacks_per_year"],
                "stacks/year, made by memory makers, not in this fab",
            ),
            (
                "    on DRAM wafers",
                inputs["hbm_dram_wafers_per_year"],
                "wafers/year" + of_world("hbm", "HBM DRAM wafers"),
            ),
        ]
        if inputs.get("base_die_wafers_per_year", 0.0) > 0:
            rows.append(
                (
                    "  needs base-die wafers",
                    inputs["base_die_wafers_per_year"],
                    "wafers/year, on the base die's node",
                )
            )
    return rows


def _calibration_rows(r: FabResult, cal: dict[str, object]) -> list[tuple[str, object, str]]:
    """Scanner unit prices and the published fab cost the money is calibrated on, each
    with its source (D12 of the 2026-12-04 user test)."""
    from tigris.fab.checks import SCANNER_KINDS, _source_name
    from tigris.fab.data import get_tool

    prices = cal["scanner_unit_price_usd"]
    assert isinstance(prices, dict)
    rows: list[tuple[str, object, str]] = []
    for kind, label in SCANNER_KINDS:
        t, row = prices[kind], get_tool(kind)
        as_given = f"{money(row.price_usd)} in US$ of {row.price_year}"
        rows.append(
            (
                f"  {label} price",
                money(t["price_usd"]),
                f"per tool, {t['model']}: {as_given} (fab_tools.csv, as of {t['as_of']}; "
                "source in --json)",
            )
        )
    if cal["reference_node"] is not None:
        ref_usd = float(cal["reference_capex_usd"])  # type: ignore[arg-type]
        ref_w = float(cal["reference_fab_wspm"])  # type: ignore[arg-type]
        rows.append(
            (
                "calibrated on",
                money(ref_usd),
                f"published cost of a {ref_w:,.0f}-wspm {cal['reference_node']} fab in "
                f"Taiwan, US$ of {cal['reference_price_year']}: "
                f"{_source_name(str(cal['reference_source']))} (fab_parameters.csv, as of "
                f"{cal['reference_as_of']}); sets the other-equipment rate",
            )
        )
    return rows


def _year_table(r: FabResult) -> Table:
    """Year by year from groundbreaking, headers short enough for an 80-column terminal.

    Built from the result's arrays (not its pandas frame) so the verb stays quick to start.
    """
    n = len(r.output_fraction_by_year)
    spend_share = list(r.capex_spend_fraction_by_year[:n]) + [0.0] * max(
        0, n - len(r.capex_spend_fraction_by_year)
    )
    columns: list[tuple[str, list[str]]] = [("year from\nstart", [str(i) for i in range(n)])]
    if r.start_year is not None:
        columns.append(("year", [year(r.start_year + i) for i in range(n)]))
    columns += [
        ("capex\nspent", [money(f * r.capex_usd) for f in spend_share]),
        ("output, share\nof full", [share(f) for f in r.output_fraction_by_year]),
        ("wafers\nout", [fmt(f * r.wafers_per_year) for f in r.output_fraction_by_year]),
    ]
    if r.accelerators_by_year is not None:
        columns.append(("accelerators\n(logic)", [fmt(a) for a in r.accelerators_by_year]))
    start = "tool move-in" if r.building_exists else "groundbreaking"
    table = Table(title=f"By year from {start}", header_style="bold")
    for header, _ in columns:
        table.add_column(header, justify="right", no_wrap=True)
    for i in range(n):
        table.add_row(*(cells[i] for _, cells in columns))
    return table


def _life_note(r: FabResult) -> str | None:
    """A note under a year table that runs past the fab's life: output stops there,
    as the levelised cost counts it (user test s49 #11: 100 % through year 99)."""
    if r.life_years is None:
        return None
    end = r.build_years + r.life_years  # years from groundbreaking
    if len(r.output_fraction_by_year) <= end:
        return None
    from tigris.fab import fab_param

    tools = fab_param("equipment_life_years", r.node, r.site)
    return (
        f"output stops {r.life_years:g} years after first wafer (fab_life_years, "
        f"year {end:.3g} from {'tool move-in' if r.building_exists else 'groundbreaking'}), "
        "the life the levelised cost per wafer counts; "
        f"the tools are depreciated over {tools:g} years (equipment_life_years) and are "
        "not re-bought in either"
    )


def _index_span() -> tuple[int, int]:
    """First year every price index has and last year any has (later years are held
    at each index's last value: no inflation forecast; tigris.fab.dollars)."""
    from tigris.fab.dollars import INDICES, price_index_years

    spans = [price_index_years(k) for k in INDICES]
    return max(a for a, _ in spans), max(b for _, b in spans)


def _check_dollars_year(value: float | None) -> None:
    """Refuse a --dollars-of before the price indices start, with their first year
    (user test 2026-12-05 chain #3: 1949 was told "[1950, 2200]", then 1950 "from
    2015")."""
    if value is None or not math.isfinite(value):
        return
    first, _ = _index_span()
    if value < first:
        shown = f"{value:g}"
        msg = (
            f"expected a whole year from {first} (the fab price indices, "
            f"data/fab_price_index.csv and data/fab_equipment_price_index.csv, start "
            f"there), got {shown}"
        )
        raise InputError(msg, field="--dollars-of")


def _held_flat_note(r: FabResult) -> str | None:
    """A note when --dollars-of is past a price index's last year: those dollars are
    the last year's, no inflation being forecast (user test 2026-12-05 chain #3)."""
    from tigris.fab.dollars import INDICES, price_index_years

    if r.dollars_of is None:
        return None
    past = {
        INDICES[k][0]: price_index_years(k)[1]
        for k in INDICES
        if r.dollars_of > price_index_years(k)[1]
    }
    if not past:
        return None
    ends = ", ".join(f"data/{t}.csv ends in {y}" for t, y in past.items())
    return (
        f"US$ of {r.dollars_of}: {ends}; the money converted with it stays in that "
        "year's dollars (tigris forecasts no inflation), so a later --dollars-of gives "
        "the same figures"
    )


def _campus_note(campus_wspm: float | None, budget_usd: float | None) -> str | None:
    """A note when --campus-wspm changes no cost: the fixed site building it shares
    out is 0 (user test 2026-12-05 chain #1: the help promised an effect)."""
    from tigris.fab import fab_param

    if campus_wspm is None or fab_param("building_fixed_usd") > 0:
        return None
    cap = "; it caps the phase --budget-usd buys at the campus" if budget_usd else ""
    return (
        "--campus-wspm shares out the fixed site building, which is US$0 in "
        "data/fab_parameters.csv (building_fixed_usd, fitted at its bound; docs/fab.md) "
        f"and not in the tables --data can change: it changes no cost{cap}"
    )


def _whole_year(value: float | None) -> int | None:
    """``--dollars-of`` as an int (``check_params`` has refused a fractional year)."""
    return None if value is None else int(value)


def fab(
    node: Annotated[
        str, typer.Option("--node", help="Process node, e.g. N28, N16, N5, N3, N2, A14, 14A.")
    ],
    site: Annotated[
        str,
        typer.Option("--site", help=f"Candidate site: {', '.join(list_sites())} (or an alias)."),
    ],
    wspm: Annotated[
        float | None,
        typer.Option("--wspm", help="Capacity \\[wafer starts per month]. Or give --budget-usd."),
    ] = None,
    budget_usd: Annotated[
        float | None,
        typer.Option(
            "--budget-usd",
            help="Capex budget \\[USD of the node's capex price year, shown in the table's "
            "title and not the plan's currency_year, or of --dollars-of]: answer the "
            "largest capacity it buys (net of subsidy).",
        ),
    ] = None,
    campus_wspm: Annotated[
        float | None,
        typer.Option(
            "--campus-wspm",
            help="Capacity of the campus this fab is a phase of \\[wafer starts per month]: "
            "the fixed site building (fab_parameters.csv building_fixed_usd) is charged "
            "pro rata. That building is US$0 in the shipped data and --data cannot change "
            "it (fab_parameters is not an overlay table), so this changes no cost; with "
            "--budget-usd it caps the phase at the campus. Default: the fab alone.",
        ),
    ] = None,
    first_of_a_kind: Annotated[
        bool,
        typer.Option(
            "--first-of-a-kind",
            help="Price the realised cost of a firm's first fab in the country: building "
            "and tool hook-up at the site's first-of-a-kind multiplier (US sites only).",
        ),
    ] = False,
    building_exists: Annotated[
        bool,
        typer.Option(
            "--building-exists",
            help="The line goes into a fab building that already stands: tools and "
            "hook-up only, no building cost, and no construction: first wafer follows "
            "tool move-in (tool_install_months, a tigris assumption; docs/fab.md).",
        ),
    ] = False,
    product: Annotated[
        str | None,
        typer.Option(
            "--product",
            help="Count output in accelerators (catalog name): good logic dies x package "
            "yield, with the interposers and HBM they need (not made in this fab), all on "
            "the mature bill of 'tigris chip NAME --node NODE --mature'.",
        ),
    ] = None,
    recost_die: Annotated[
        bool,
        typer.Option(
            "--recost-die",
            help="Count a --product the catalog makes on another node anyway: its die as "
            "drawn (not rescaled) at this node's yield and wafer. Without it such a "
            "--product is refused.",
        ),
    ] = False,
    years: Annotated[
        float | None,
        typer.Option(
            "--years",
            metavar="<int>",
            help="Print the year table for this many years from groundbreaking (from "
            "tool move-in with --building-exists) \\[years]; "
            "output is 0 after the fab's life (fab_life_years from first wafer), as the "
            "levelised cost per wafer counts it.",
        ),
    ] = None,
    start_year: Annotated[
        float | None,
        typer.Option(
            "--start-year",
            metavar="<int>",
            help="Calendar year of groundbreaking (of tool move-in with "
            "--building-exists) \\[year].",
        ),
    ] = None,
    dollars_of: Annotated[
        float | None,
        typer.Option(
            "--dollars-of",
            metavar="<int>",
            help="Report money in US dollars of this year (tools: BLS PPI for semiconductor "
            "machinery; building, hook-up and running costs: BLS CPI-U). Default: all money "
            "in dollars of the node's equipment basis year (its capex price year).",
        ),
    ] = None,
    accelerators: Annotated[
        Path | None,
        typer.Option(
            "--accelerators",
            help="YAML file of extra accelerators for --product (see 'tigris catalog --help').",
            dir_okay=False,
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option(
            "--plot", help="Write a PNG of capex spend and output by year here.", dir_okay=False
        ),
    ] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Cost, EUV tools, build time, cost per wafer and output of one fab.

    Capex: building and cleanroom (times the site's cost multiplier), lithography and
    other equipment. The site's announced subsidy is shown apart.

    Scanners: whole EUV, High-NA and ArF-immersion tools from the node's layers x WSPM
    over tool throughput x availability, priced from fab_tools.csv.

    Time: construction, then a logistic ramp to full output. --years prints output by
    year from groundbreaking, 0 after the fab's life. Cost per wafer is levelised over
    the fab's life, net of subsidy and before it.

    With --budget-usd instead of --wspm: the largest fab the budget buys.
    With --campus-wspm: the fab is one phase of a campus of that capacity and carries
    its pro-rata share of the fixed site building (utilities sized once per site; US$0
    in the shipped data and not changed by --data, so no cost moves, docs/fab.md); with
    --budget-usd too, the largest phase the budget buys, at most the campus.
    With --first-of-a-kind: the outturn of a firm's first fab in the country (US: 4.5x
    Taiwan construction, TSMC's CFO); with --building-exists: no building cost and no
    construction, only tool move-in to first wafer.
    With --dollars-of YEAR: all money (and --budget-usd) in US dollars of YEAR.

    Examples:

        tigris fab --node N5 --wspm 83000 --site taiwan
        tigris fab --node N4 --wspm 20000 --site taiwan --product h100 --years 8
        tigris fab --node N28 --wspm 40000 --site china --building-exists
        tigris fab --node N3 --site germany --budget-usd 2e10 --json

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    _check_dollars_year(dollars_of)  # before the generic range, which starts in 1950
    check_params(locals())  # --years and --start-year: whole numbers in range
    years = None if years is None else int(years)
    start_year = None if start_year is None else int(start_year)
    if plot is not None:
        check_plot_path(plot)
    if recost_die and product is None:
        raise InputError("applies only with --product", field="--recost-die")
    if accelerators is not None and product is None:
        msg = "applies only with --product (the accelerator whose output is counted)"
        raise InputError(msg, field="--accelerators")
    if (wspm is None) == (budget_usd is None):
        msg = "give exactly one of --wspm (capacity) or --budget-usd (budget)"
        raise InputError(msg, field="--wspm/--budget-usd")
    kwargs = {
        "start_year": start_year,
        "product": product,
        "years": years,
        "accelerators_file": accelerators,
        "first_of_a_kind": first_of_a_kind,
        "building_exists": building_exists,
        "dollars_of": _whole_year(dollars_of),
        "recost_die": recost_die,
    }
    if budget_usd is not None:  # with --campus-wspm: the largest phase that fits
        r = capacity_for_budget(
            budget_usd,
            node,
            site,
            field_prefix="--",
            campus_wspm=campus_wspm,
            **kwargs,  # type: ignore[arg-type]
        )
    else:
        r = fab_model(
            node,
            wspm,  # type: ignore[arg-type]
            site,
            field_prefix="--",
            campus_wspm=campus_wspm,
            **kwargs,  # type: ignore[arg-type]
        )
    _check_start_year(r, start_year)
    if plot is not None:
        from tigris.viz.fab import plot_fab_timeline

        with atomic_file(plot, "--plot") as tmp:
            plot_fab_timeline(r, tmp)
        err_console.print(f"wrote {plot}")
    from tigris.fab.checks import calibration, fab_warnings

    cal = calibration(r, campus_wspm=campus_wspm, building_exists=building_exists)
    warnings = fab_warnings(r)
    from tigris.fab.checks import world_share_warnings

    # a share above the world's capacity is said on stderr too, not only in a table
    # cell (user test 2026-12-04: 376 % of the world's CoWoS went unremarked)
    beyond = world_share_warnings(r)
    for warning in beyond:  # always, as report's warnings (err_console is for terminals)
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.flush()
    if json_:
        out = r.to_dict()
        out["calibration"] = cal
        out["co2"] = fab_co2(r)  # UT-ESG #6: t CO2e a year and kg per wafer, with basis
        if r.product is not None:
            from tigris.fab.checks import product_world_share

            out["product_world_share"] = product_world_share(r)
        out["warnings"] = warnings + beyond
        if budget_usd is not None:  # the table's first row (user test 2026-12-05 chain #7)
            out["budget_usd"] = budget_usd
        out["notes"] = [n for n in (_held_flat_note(r), _campus_note(campus_wspm, budget_usd)) if n]
        if first_of_a_kind:
            out["first_of_a_kind_timeline"] = first_of_a_kind_timeline(r)
        if r.benchmark_capex_per_wspm_usd is not None:
            # point, lower (a floor) or upper (a ceiling), with the source's words
            out["benchmark_bound"] = _bench_kind(r)
        if r.benchmark_capex_per_wspm_usd is None:
            from tigris.fab.budgets import nearest_budgets

            near = nearest_budgets(r.node, r.site, float(r.wspm), building_exists=r.building_exists)
            out["nearest_budgets"] = [
                {
                    "case": b.case,
                    "site": b.site,
                    "wspm": b.wspm,
                    "capex_usd": b.capex_usd,
                    "year": b.year,
                    "building_exists": b.building_exists,
                }
                for b in near
            ]
        emit_json(out)
        return
    dollars = f"US$ of {r.capex_price_year if r.dollars_of is None else r.dollars_of}"
    title = f"{r.node} fab at {r.site} ({dollars})"
    print_table(console, kv_table(title, _summary_rows(r, cal, budget_usd)))
    foak = _first_of_a_kind_note(r) if first_of_a_kind else None
    held = _held_flat_note(r)
    campus = _campus_note(campus_wspm, budget_usd)
    alias = _alias_note(site, r.site)
    notes = (alias, r.product_note, cal["in_sample_reason"], _dollars_note(r), held, campus, foak)
    for note in notes:
        if note is not None:
            console.print(f"note: {note}", markup=False)
    for warning in warnings:
        console.print(f"warning: {warning}", markup=False)
    if years is not None:
        print_table(console, _year_table(r))
        if (life := _life_note(r)) is not None:
            console.print(f"note: {life}", markup=False)


def _alias_note(given: str, site: str) -> str | None:
    """What a site alias was read as (a user test of 2026-12-07 chaining the verbs:
    ``--site usa`` costed Arizona with the name shown only in the table's title, where
    the plan's region ``usa`` also holds texas-usa); None for a site's own name.

    >>> _alias_note("usa", "arizona-usa")[:36]
    "--site usa is read as 'arizona-usa',"
    >>> _alias_note("Taiwan", "taiwan") is None
    True
    """
    if given.strip().lower() == site.lower():
        return None
    return (
        f"--site {given} is read as '{site}', its alias in data/sites.csv (a site, not the "
        "plan's energy region of that name, which may hold other sites)"
    )


def register(app: typer.Typer) -> None:
    """Add ``fab`` to ``app``."""
    app.command("fab")(fab)
