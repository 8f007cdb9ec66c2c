"""``tigris plan`` and ``tigris scenario``: the network planner on the command line."""

from __future__ import annotations

import contextlib
import dataclasses
import math
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from tigris.cli._args import check_params
from tigris.cli._data import CHECK_DATA_OPTION, DATA_OPTION
from tigris.cli._output import EXIT_INTERRUPTED, console, emit_json, err_console
from tigris.cli._store import FROM_RUN_OPTION, NO_STORE_OPTION, STORE_OPTION
from tigris.errors import InputError
from tigris.fmt import year_span
from tigris.fsio import check_output
from tigris.printout import H100E_TOL as _H100E_TOL
from tigris.printout import RELAXED_NOTE
from tigris.printout import compute_scale as _scale
from tigris.runs.interrupts import sigint_noted, stopped_by

scenario_app = typer.Typer(
    name="scenario",
    help="Show the reference scenario, or check a scenario file.",
    no_args_is_help=True,
    add_completion=False,
)

_MAX_BUILD_ROWS = 14
_MAX_REASONS = 9
#: What the summary says of a shortage that outlasts the plan.
NOT_WITHIN = "not within the horizon"
#: How a capacity unit reads in the builds table; HBM lines count DRAM wafer starts per
#: month like logic and CoWoS (``plan.inputs.CAPACITY_UNITS``); a run saved before that
#: counted HBM stacks.
_UNIT_WORDS = {"wspm": "wspm", "stacks_per_month": "stacks/mo", "MW": "MW"}
#: A year of the money table whose every cell, and the capital released in it, is
#: below this is left out (display tolerance: the cells print in $M at least) [USD].
_QUIET_YEAR_USD = 1e6


#: Unit conversion of the power table [t/Mt] (GW or MW: tigris.report.energy.power_unit).
_T_PER_MT = 1e6


#: Exit code when the solver returns no usable plan (infeasible, or no solution in time).
EXIT_NO_PLAN = 1


def _b(usd: float) -> str:
    """Money for people: ``$18.1B``, ``$646M`` (never exponent form)."""
    from tigris.fmt import money

    return money(usd)


def _m(h100e: float) -> str:
    return f"{h100e / 1e6:,.1f}"


def _h100e(x: Any) -> str:
    """Compute for people: ``12.3M H100e``, ``50,000 H100e``; ``–`` if missing."""
    if x is None or float(x) != float(x):
        return "–"
    x = float(x)
    return f"{x / 1e6:,.1f}M H100e" if abs(x) >= 1e6 else f"{x:,.0f} H100e"


def _ends(year: Any, first: int) -> str:
    """When the shortage ends (the planner's ``shortage_ends``: the first year when no
    year is short, None when the last year is)."""
    if year is None:
        return NOT_WITHIN
    return "none (no year is short)" if int(year) == first else f"in {int(year)}"


def print_investor(result: Any) -> bool:
    """What the investor adds against the world without it, first: the extra compute by
    year and in total, when the shortage ends with and without the investor, the
    capital spent and the capex per added H100e (``PlanResult.sections()`` and its
    ``demand`` table).

    When the world without the investor has no solution, its note (HiGHS's status)
    is printed in their place; when it stopped at the time limit, the note follows.

    Returns
    -------
    bool
        Whether anything was printed (False for a run without those sections or note).
    """
    base, added = result.sections()
    note = getattr(result, "baseline_note", None)  # None in a run saved before it
    if base is None and note:
        head = Text("What the investor adds: ", style="bold")
        head.append("not known. ", style="")
        head.append(note, style="")
        console.print(head)
        return True
    if base is None or added is None:
        return False
    first, last = result.horizon
    span = year_span(first, last)
    total = added.get("total_h100e")
    spent = added.get("capital_spent_usd")
    per = added.get("capex_usd_per_added_h100e")
    # the split of the plan less the world without the investor (summary.split_added,
    # user tests #14, #18): the investor's own, re-timed between years, net fewer
    moved = float(added.get("retimed_h100e") or 0.0)
    fewer = float(added.get("fewer_h100e") or 0.0)
    from tigris.plan.summary import added_columns, in_service

    head = Text("What the investor adds: ", style="bold")
    stock = in_service(result)
    if fewer > _H100E_TOL:
        head.append(
            f"no compute over {span}, for {_b(spent)} of capital spent; with it the world "
            f"serves {_h100e(fewer)} fewer than without it and re-times {_h100e(moved)} "
            "between years",
            style="",
        )
    else:
        own = added.get("new_total_h100e", total)
        # demand_basis: installed sums the compute in service over years (user test
        # 2026-12-05 energy #1: printed as H100e added and per added H100e)
        years = "-years in service" if stock else ""
        head.append(f"{_h100e(own)}{years} over {span}, for {_b(spent)} of capital spent", style="")
        if per is not None and total is not None and float(total) > _H100E_TOL:
            unit = "H100e-year in service" if stock else "H100e"
            head.append(f" ({_b(per)} per added {unit})", style="")
        extra = added.get("incumbent_extra_capex_usd")
        if isinstance(extra, float) and math.isfinite(extra) and extra > 0:
            # incumbents who respond build more only with the investor (UT-OWN #1)
            both = added.get("capex_usd_per_added_h100e_with_incumbents")
            head.append(
                f", counting the output of {added['incumbent_extra_modules']:,.0f} modules "
                f"incumbents build only with it ({_b(extra)} of their capex"
                + (f"; {_b(both)} per added H100e counting both)" if both else ")"),
                style="",
            )
        if moved > _H100E_TOL:
            head.append(f"; besides, {_h100e(moved)} re-timed between years", style="")
    console.print(head)
    why = result.headline().get("why_fewer") if fewer > _H100E_TOL else None
    if why:
        console.print(why, markup=False)
    # No leading space: rich wraps at the console's 80 columns, and an indent made the
    # sentence's first line 81 wide in a user's terminal (user test 2026-12-03 #23).
    console.print(
        f"Shortage ends: {_ends(added.get('shortage_ends'), first)} with the investor; "
        f"{_ends(base.get('shortage_ends'), first)} without it.",
        markup=False,
    )
    if note:  # stopped at the time limit: the baseline is the best found in time
        console.print(note, markup=False)
    d = result.demand
    years = list(range(first, last + 1))
    demand = d.groupby("year")["demand_h100e"].sum() if len(d) else {}
    served = d.groupby("year")["served_h100e"].sum() if len(d) else {}
    without = base["h100e_by_year"]
    # with - without in one column ("added") or, when the plan re-times compute, in the
    # investor's own ("added"), "re-timed" (summing to 0) and "fewer" (a net shortfall)
    parts = added_columns(added)
    peak = max([float(demand.get(y, 0.0)) for y in years] + [0.0])
    div, word = _scale(peak)
    unit = f"{word} H100e".strip()
    # a split column whose every cell is 0.0 at the table's scale says nothing the
    # sentence above does not (8,282 H100e re-timed printed a column of 0.0 and -0.0,
    # user test 2026-12-05); the first column ("added" or "re-timed") always stays
    parts = [parts[0]] + [
        (n, v)
        for n, v in parts[1:]
        if any(round(abs(float(x)) / div, 1) > 0 for x in v.values() if x == x)
    ]
    table = Table(
        title=f"Compute {'in service ' if stock else ''}with and without the investor "
        f"({unit} per year)",
        header_style="bold",
    )
    for col in ("year", "demand", "without investor", "with investor", *(n for n, _ in parts)):
        table.add_column(col, justify="right")

    def cell(x: float) -> str:
        text = "–" if x != x else f"{x / div:,.1f}"
        return "0.0" if text == "-0.0" else text

    sums = [0.0] * (3 + len(parts))
    for y in years:
        row = [
            float(demand.get(y, 0.0)),
            without.get(y, float("nan")),
            float(served.get(y, float("nan"))),
            *(float(v.get(y, float("nan"))) for _, v in parts),
        ]
        sums = [a + b for a, b in zip(sums, row, strict=True)]
        table.add_row(str(y), *(cell(x) for x in row))
    table.add_section()
    table.add_row("all years", *(cell(x) for x in sums))
    console.print(table)
    return True


def _builds_table(result: Any) -> Table:
    from tigris.plan.inputs import INVESTOR

    b = result.builds
    owners = list(dict.fromkeys(b["owner"])) if "owner" in b.columns and len(b) else []
    by_owner = len(owners) > 1
    # one unit for every build (the usual case, HBM in wafer starts too): named once,
    # in the header, so the table fits 80 columns with an owner column
    units = list(dict.fromkeys(b["capacity_unit"])) if len(b) else []
    one_unit = _UNIT_WORDS.get(units[0], units[0]) if len(units) == 1 else None
    table = Table(title="What to build, where and when", header_style="bold")
    columns = [("owner", "left")] if by_owner else []
    # with an owner column, start and online years share one column to fit 80 columns
    years = [("start → online", "right")] if by_owner else [("start", "right"), ("online", "right")]
    for col, just in (
        *columns,
        ("site", "left"),
        ("facility", "left"),
        ("modules", "right"),
        (f"capacity ({one_unit})" if one_unit else "capacity", "right"),
        *years,
        ("capex", "right"),
    ):
        # a site's and a facility's name are never cut; headers wrap instead
        keep = col in ("site", "facility")
        table.add_column(col, justify=just, no_wrap=keep)  # type: ignore[arg-type]
    blank = [""] * (len(table.columns) - 2)
    if len(b) == 0:
        table.add_row("–", "nothing is built", *blank)
        return table
    if by_owner:  # the investor's builds first, then each incumbent's
        b = b.assign(_other=b["owner"] != INVESTOR)
    order = ["_other", "owner"] if by_owner else []
    rows = b.sort_values([*order, "start_year", "site", "facility"]).to_dict("records")
    for r in rows[:_MAX_BUILD_ROWS]:
        node = r["node"] if isinstance(r["node"], str) else ""
        fac = f"{r['facility']} {node}" if node else r["facility"]
        unit = _UNIT_WORDS.get(r["capacity_unit"], r["capacity_unit"])
        mods = r["modules"]
        cap = r["capacity"]
        size = f"{cap / 1e6:,.1f}M" if cap >= 1e6 else f"{cap:,.0f}"
        start, online = str(r["start_year"]), str(r["online_year"])
        table.add_row(
            # an incumbent's site is named "owner@site" by the planner: the owner is in
            # its own column
            *([str(r["owner"]), str(r["site"]).split("@", 1)[-1]] if by_owner else [r["site"]]),
            fac,
            f"{mods:.2f}" if isinstance(mods, float) else str(mods),
            size if one_unit else f"{size} {unit}",
            *([f"{start}→{online}"] if by_owner else [start, online]),
            _b(r["capex_usd"]),
        )
    if len(rows) > _MAX_BUILD_ROWS:
        more = f"{len(rows) - _MAX_BUILD_ROWS} more (see --out)"
        table.add_row("…", more, *blank)
    return table


def _owned_by(df: Any, owner: str, inverse: bool = False) -> Any:
    """Rows of ``owner`` (all rows of a table without an owner column)."""
    if "owner" not in df.columns:
        return df.iloc[0:0] if inverse else df
    mask = df["owner"] == owner
    return df[~mask & df["owner"].notna() & (df["owner"] != "")] if inverse else df[mask]


def _money_table(result: Any) -> Table:
    """Money by year: the investor's draws against its offers, the subsidy and, when
    incumbents respond, what they spend of their own capital."""
    from tigris.plan.counterfactual import CLIP_REL
    from tigris.plan.inputs import INVESTOR

    cap = result.capex
    capital = result.capital
    others = _owned_by(capital, INVESTOR, inverse=True)
    several = len(others) > 0
    avail = _owned_by(capital, INVESTOR).groupby("year")["available_usd"].sum().cumsum()
    draws = cap[cap["source"] != "subsidy"]
    spent_src = _owned_by(draws, INVESTOR).groupby("year")["capex_usd"].sum()
    incumbents = _owned_by(draws, INVESTOR, inverse=True).groupby("year")["capex_usd"].sum()
    subsidy = (
        _owned_by(cap[cap["source"] == "subsidy"], INVESTOR).groupby("year")["capex_usd"].sum()
    )
    title = "Money by year, the investor's (USD)" if several else "Money by year (USD)"
    table = Table(title=title, header_style="bold")
    columns = ["year", "spent", "subsidy", "cum. spent", "cum. offered"]
    if several:
        columns.insert(3, "incumbents")
    for col in columns:
        table.add_column(col, justify="right")
    # An amount below HiGHS's feasibility tolerance of the table's largest is solver
    # noise (e.g. 6.5e-5 USD of an LP beside $14.6B draws): shown as $0.
    largest = max([float(avail.abs().max()) if len(avail) else 0.0, *draws["capex_usd"].abs()])
    noise = CLIP_REL * largest

    def _clean(usd: float) -> float:
        return 0.0 if abs(usd) < noise else usd

    cum = 0.0
    before = 0.0
    for year in avail.index:
        spent = _clean(float(spent_src.get(year, 0.0)))
        cum += spent
        sub = _clean(float(subsidy.get(year, 0.0)))
        theirs = _clean(float(incumbents.get(year, 0.0)))
        # a year that releases capital is kept though nothing is spent in it, so its
        # offer shows (usertest_analyst #16: 2029 vanished from an npv plan)
        released = _clean(float(avail[year]) - before)
        before = float(avail[year])
        if max(spent, sub, theirs, released) < _QUIET_YEAR_USD and year != avail.index[0]:
            continue
        cells = [str(year), _b(spent), _b(sub), _b(cum), _b(float(avail[year]))]
        if several:
            cells.insert(3, _b(theirs))
        table.add_row(*cells)
    if several:
        table.caption = "incumbents: capex the incumbents that respond pay from their own capital"
    return table


def _power_table(result: Any) -> Table | None:
    """The world's power by year: facility power the installed fleet needs against the
    data-centre capacity online [GW; MW when both stay below a GW], the fleet's energy
    [TWh] and the emissions of compute and fabs [Mt CO2] (the ``world`` rows of the
    result's ``power`` table); None for a run without them. A quantity not computed (a
    run saved before issue 12, or no data-centre capacity modelled) prints ``–``. A
    column whose usual decimals would show fewer than two figures of its largest value
    prints significant figures (:func:`tigris.report.energy.power_unit`,
    :func:`~tigris.report.energy.few_figures`; user test D2: 48.5 MW read 0.0 GW)."""
    from tigris.plan.result import WORLD
    from tigris.report.energy import ENERGY_BASIS_CAPTION, few_figures, power_unit, significant

    p = result.power
    if not len(p) or "region" not in p.columns:
        return None
    world = p[p["region"] == WORLD].sort_values("year")
    if not len(world):
        return None

    def column(div: float, fmt: str, small: bool) -> Any:
        """Cells of a column: the usual format, or significant figures when small."""

        def cell(x: Any) -> str:
            if _missing(x):
                return "–"
            return significant(float(x) / div) if small else format(float(x) / div, fmt)

        return cell

    mw = [*world["facility_mw_needed"], *world.get("datacenter_mw_online", [])]
    unit, div = power_unit(mw)
    power = column(div, ",.1f", unit == "MW")
    twh = column(1.0, ",.0f", few_figures(world["energy_twh"], 1.0, 0))
    # a run saved before the year-mean column (UT-GRID #2) prints "–"
    mean = world.get("energy_twh_year_mean", world["energy_twh"] * float("nan"))
    twh_mean = column(1.0, ",.0f", few_figures(mean, 1.0, 0))
    mt = column(_T_PER_MT, ",.1f", few_figures(world["emissions_t_co2"], _T_PER_MT, 1))
    table = Table(
        title=f"Power by year, world (facility {unit} needed vs data-centre {unit} online)",
        header_style="bold",
        caption=ENERGY_BASIS_CAPTION,
        caption_justify="left",
    )
    heads = ("year", f"needed {unit}", f"online {unit}", "needed/online", "energy TWh")
    for col in (*heads, "yr-mean"):
        table.add_column(col, justify="right")
    table.add_column("Mt CO2", justify="right")

    for r in world.to_dict("records"):
        need, online = r["facility_mw_needed"], r["datacenter_mw_online"]
        ratio = (
            f"{float(need) / float(online):.0%}"
            if not (_missing(need) or _missing(online)) and float(online) > 0
            else "–"
        )
        table.add_row(
            str(int(r["year"])),
            power(need),
            power(online),
            ratio,
            twh(r["energy_twh"]),
            twh_mean(r.get("energy_twh_year_mean")),
            mt(r["emissions_t_co2"]),
        )
    return table


#: What each column of the grid headroom table counts, printed under it (user test
#: UT-SWF #11: "used 300" beside "grid mod. 75" in one row, and only "used" explained).
#: ``docs/energy.md``, "Reading the results", says the same.
GRID_HEADROOM_CAPTION = (
    "headroom: the new data-centre MW the region's grid can connect by the year. "
    "used: the plan's grid modules at their full MW from their first year online "
    "(connected MW, what the headroom limit counts); left = headroom - used. "
    "existing, grid mod., on-site: data-centre MW online by supply, a module in its "
    "first year online at that year's mean of its ramp. So grid mod. counts the same "
    "modules as used, and is below it only in a year a grid module comes online."
)


def _grid_headroom_table(result: Any) -> Table | None:
    """Grid headroom used and left, and capacity online by supply, in the regions whose
    headroom limits the plan [MW] (:func:`tigris.report.energy.grid_headroom_table`);
    None when no region has one (or a run saved before the columns).

    ``used`` is ``grid_connected_mw`` (each grid module at its full MW from its first
    year online, as ``grid-headroom-upper`` counts it); ``grid mod.`` is
    ``grid_built_mw_online`` (the same modules at their ramp year's mean output): the
    caption (:data:`GRID_HEADROOM_CAPTION`) says what each counts.
    """
    from tigris.report.energy import grid_headroom_table

    rows = grid_headroom_table(result.power)
    if not len(rows):
        return None
    table = Table(
        title="Grid headroom by region (MW)",
        caption=GRID_HEADROOM_CAPTION,
        caption_justify="left",
        header_style="bold",
    )
    heads = ("region", "year", "headroom", "used", "left", "existing", "grid mod.", "on-site")
    for col in heads:
        table.add_column(col, justify="left" if col == "region" else "right")
    cols = (
        "grid_headroom_mw",
        "grid_connected_mw",
        "grid_headroom_left_mw",
        "existing_mw_online",
        "grid_built_mw_online",
        "onsite_built_mw_online",
    )
    for r in rows.to_dict("records"):
        cells = ["–" if _missing(r[c]) else f"{float(r[c]):,.0f}" for c in cols]
        table.add_row(str(r["region"]), str(int(r["year"])), *cells)
    return table


def _missing(x: Any) -> bool:
    """None, NaN or pandas' NA (a nullable integer column's missing value)."""
    import pandas as pd

    return x is None or bool(pd.isna(x))


def _irr_text(x: Any) -> str:
    return "undefined" if _missing(x) else f"{100 * float(x):.1f}%"


#: Marks a payback year after the horizon in the returns table; the caption says why.
_SALVAGE_MARK = "*"


def _payback_text(x: Any, last_year: int) -> str:
    """A payback year, marked :data:`_SALVAGE_MARK` after the horizon's last year (then
    reached only by the salvage row, the terminal value; the table's caption says so)."""
    if _missing(x):
        return "none"
    return f"{int(x)}{_SALVAGE_MARK}" if int(x) > last_year else str(int(x))


def _returns_table(result: Any) -> Table | None:
    """NPV, IRR and payback of each of the investor's build groups and in total (the
    result's ``finance_modules`` and ``finance_owners``); None for a run without them."""
    from tigris.plan.inputs import INVESTOR

    mods = _owned_by(result.finance_modules, INVESTOR)
    owners = _owned_by(result.finance_owners, INVESTOR)
    if not len(mods) and not len(owners):
        return None
    import math

    from tigris.plan.summary import NEVER_NEGATIVE, cumulative_never_negative

    # the rate and the money's year, as the Money line says them (usertest_money M4)
    n = result.headline()["numbers"]
    rate, cy = n.get("discount_rate", math.nan), n.get("currency_year", math.nan)
    words = f"at {rate:.2%} real" if math.isfinite(rate) else "at the discount rate"
    nominal = n.get("discount_rate_nominal", math.nan)
    irr_head = "IRR"
    if math.isfinite(rate) and nominal is not None and math.isfinite(nominal):
        words = f"at {nominal:.2%} nominal = {rate:.2%} real"  # finance.discount_rate_basis
        irr_head = "IRR\n(real)"  # of real cash flows, beside a nominal rate
    words += f", USD of {int(cy)}" if math.isfinite(cy) else ""
    going = n.get("terminal_going_concern") == 1.0  # finance.terminal_value
    words += ", modules at the horizon's end as a going concern" if going else ""
    table = Table(title=f"The investor's return by build (NPV {words})")
    table.header_style = "bold"
    for col, just in (
        ("site", "left"),
        ("facility", "left"),
        ("start", "right"),
        ("modules", "right"),
        ("NPV", "right"),
        (irr_head, "right"),
        ("payback", "right"),
    ):
        # a site's and a facility's name are never cut, as in the builds table
        # ("datacente…" / "gas" at 60 columns: accessibility review of 2026-12-07)
        keep = col in ("site", "facility")
        table.add_column(col, justify=just, no_wrap=keep)  # type: ignore[arg-type]
    rows = mods.sort_values(["start_year", "site", "facility"]).to_dict("records")
    for r in rows[:_MAX_BUILD_ROWS]:
        table.add_row(
            str(r["site"]),
            str(r["facility"]),
            str(int(r["start_year"])),
            f"{float(r['modules']):g}",
            _b(r["npv_usd"]),
            _irr_text(r["irr"]),
            _payback_text(r["payback_year"], result.horizon[1]),
        )
    if len(rows) > _MAX_BUILD_ROWS:
        table.add_row("…", f"{len(rows) - _MAX_BUILD_ROWS} more (see --out)", *[""] * 5)
    if len(owners):
        o = owners.iloc[0]
        table.add_section()
        table.add_row(
            "all builds", "", "", "", _b(o["npv_usd"]), _irr_text(o["irr"]),
            _payback_text(o["payback_year"], result.horizon[1]),
        )  # fmt: skip
    if (
        len(owners)
        and _missing(owners.iloc[0]["payback_year"])
        and cumulative_never_negative(result)
    ):
        table.caption = f"payback none in all builds: {NEVER_NEGATIVE}"  # usertest_money M9
    paybacks = [*(r["payback_year"] for r in rows), *owners["payback_year"]]
    if any(not _missing(x) and int(x) > result.horizon[1] for x in paybacks):
        from tigris.plan.summary import GOING_CONCERN_PAYBACK, SALVAGE_PAYBACK

        table.caption = (
            f"{_SALVAGE_MARK} after {result.horizon[1]}, the horizon's last year: paid back "
            f"only {GOING_CONCERN_PAYBACK if going else SALVAGE_PAYBACK} (the salvage row "
            "of the cash flows)"
        )
    return table


def _compute_table(result: Any) -> Table:
    d = result.demand
    by_year = d.groupby("year")[["demand_h100e", "served_h100e", "unmet_h100e"]].sum()
    table = Table(
        title="Compute delivered vs demanded (million H100e per year)", header_style="bold"
    )
    for col in ("year", "demand", "served", "unmet", "unmet %", "short (lowest priority first)"):
        table.add_column(col, justify="right" if col != "short (lowest priority first)" else "left")
    for year, r in by_year.iterrows():
        rows = d[(d["year"] == year) & (d["unmet_h100e"] > _H100E_TOL)].sort_values("priority")
        names = list(rows["demand_class"])
        short = names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "") if names else "–"
        pct = r["unmet_h100e"] / r["demand_h100e"] if r["demand_h100e"] > 0 else 0.0
        table.add_row(
            str(year),
            _m(r["demand_h100e"]),
            _m(r["served_h100e"]),
            _m(r["unmet_h100e"]),
            f"{pct:.0%}",
            short,
        )
    return table


def _production_table(result: Any) -> Table | None:
    """:func:`tigris.printout.production_table` as a rich table (None without)."""
    from tigris.printout import production_table

    return _rich(production_table(result))


def _rich(t: Any, caption_left: bool = False) -> Table | None:
    """A :class:`tigris.printout.PrintedTable` as a rich table (None for None)."""
    if t is None:
        return None
    table = Table(title=t.title, header_style="bold")
    for i, head in enumerate(t.header):
        table.add_column(head, justify="right" if i in t.numeric else "left")
    for row in t.rows:
        table.add_row(*(text for text, _ in row))
    table.caption = t.caption
    if caption_left:
        table.caption_justify = "left"
    return table


def _hbm_table(result: Any) -> Table | None:
    """:func:`tigris.printout.hbm_table` as a rich table (None without)."""
    from tigris.printout import hbm_table

    return _rich(hbm_table(result), caption_left=True)


#: Thousands [-].
_K = 1e3
#: Below this many thousands a capacity cell keeps one decimal (``0.2/2.5``) [k].
_K_DECIMAL_BELOW = 10.0


def _k(x: float) -> str:
    """Thousands, whole from :data:`_K_DECIMAL_BELOW` on, one decimal below."""
    v = x / _K
    if abs(v) >= _K_DECIMAL_BELOW or round(v, 1) == 0:
        return f"{v:,.0f}"
    return f"{v:,.1f}"


#: The capacity-used table's caption (usertest_analyst #3); ``{source}`` where the
#: lines come from (:func:`tigris.plan.summary.existing_lines_source`).
CAPACITY_CAPTION = (
    "The incumbents' lines ({source}, the 'existing' rows of --json "
    "capacity): thousands a month used / available, and the share used, by year; "
    "available is the part serving AI accelerators, not the whole lines (of "
    "data/incumbent_capacity.csv's lines, each line's capacity x its AI share, year "
    "means); new modules, the investor's or incumbents', are apart in --json "
    "capacity; data centres: the power table."
)


def capacity_table(result: Any) -> Table | None:
    """Capacity used by year and kind: the incumbents' logic lines by node, CoWoS and
    HBM, used / available and the share (:func:`tigris.plan.summary.capacity_used`,
    ``--json`` ``headline.capacity_used``, the ``existing`` rows of ``capacity``); None
    without such rows (usertest_analyst #3: only --json showed them)."""
    from tigris.plan.summary import capacity_used, existing_lines_source

    rows = capacity_used(result.capacity) if result.ok else []
    if not rows:
        return None
    kinds = list(dict.fromkeys(r["kind"] for r in rows))
    units = {r["kind"]: r["unit"] for r in rows}
    by = {(r["year"], r["kind"]): r for r in rows}
    # no vertical rules: seven columns of "used/available share" fit 80 columns
    table = Table(
        title="Capacity used: logic by node, CoWoS, HBM (k wspm used/available, % used)",
        header_style="bold",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
    )
    table.add_column("year", justify="right")
    grid = []
    for year in sorted({r["year"] for r in rows}):
        cells = []
        for kind in kinds:
            r = by.get((year, kind))
            if r is None:
                cells.append("–")
                continue
            pct = "–" if r["used_share"] is None else f"{r['used_share']:.0%}"
            cells.append(f"{_k(r['used'])}/{_k(r['available'])} {pct}")
        grid.append((str(year), cells))
    for i, kind in enumerate(kinds):
        unit = units[kind]
        # a cell is one line: its column is as wide as its widest cell
        widest = max(len(cells[i]) for _, cells in grid)
        r = next(r for r in rows if r["kind"] == kind)
        head = r["node"] if r["facility"] == "logic" and r["node"] else kind
        head = head if unit == "wspm" else f"{head} ({unit})"
        table.add_column(head, justify="right", min_width=widest)
    for year, cells in grid:
        table.add_row(year, *cells)
    table.caption = CAPACITY_CAPTION.format(
        source=existing_lines_source(getattr(result, "assumptions", None))
    )
    table.caption_justify = "left"
    return table


def _fab_water_line(result: Any) -> str | None:
    """:func:`tigris.printout.fab_water_line` (None without)."""
    from tigris.printout import fab_water_line

    return fab_water_line(result)


def _sources_line(result: Any) -> str:
    """Where the plan's inputs and their sources are: the ``assumptions`` table (each
    row's parameter, value, unit and source) is in ``--json`` and ``--report``, not in
    the text; a product's figures in ``tigris catalog``. User test D2: the text named no
    source, though the scenario file said ``tigris plan`` lists them."""
    a = getattr(result, "assumptions", None)
    n = len(a) if a is not None else 0
    where = f"{n} inputs with their sources" if n else "the inputs with their sources"
    return (
        f"Sources: {where} are in --json ('assumptions') and --report; a product's "
        "figures and source: tigris catalog PRODUCT (a part from --data or "
        "--accelerators: its file)."
    )


def print_summary(result: Any) -> None:
    """One screen for people: what the investor adds against the world without it
    first, then builds, money, compute, and why demand stays short."""
    first, last = result.horizon
    span = year_span(first, last)
    head = Text.assemble(("tigris plan", "bold"), f" — scenario '{result.scenario_name}', {span}: ")
    head.append(result.status)
    if result.ok and result.relaxed:
        head.append(" (LP relaxation: fractional modules)")
    console.print(head)
    if result.ok and result.relaxed:
        console.print(RELAXED_NOTE, markup=False)
    head = result.headline()
    key = head.get("key")
    if key:  # cost, NPV, IRR, capital spent and H100e added, first
        # the NPV at other rates and terminal values under the money table (user test
        # s49 new user #5: eight lines of finance before what the plan does)
        console.print(Text.assemble(("Money: ", "bold"), head.get("key_first") or key))
    shown = print_investor(result) if result.ok else False
    # what the investor adds, when printed above as numbers, is not said twice
    said = (set(head.get("investor", [])) if shown else set()) | {key}
    for sentence in head["sentences"]:
        if sentence in said:
            continue
        # at the margin, as "Shortage ends" (user test #19a: " Starts 32 modules…")
        console.print(sentence, markup=False)
    if result.ok:
        console.print(_builds_table(result))
        returns = _returns_table(result)
        if returns is not None:
            console.print(returns)
        console.print(_money_table(result))
        more = (head.get("key_more") or "").strip() if head.get("key_first") else ""
        if more:
            console.print(Text.assemble(("NPV valued otherwise: ", "bold"), more))
        power = _power_table(result)
        if power is not None:
            console.print(power)
        from tigris.report.energy import ai_energy_notes

        for note in ai_energy_notes(result.power) if power is not None else []:
            console.print(note, markup=False)
        from tigris.energy.gas import gas_line

        # the investor's gas burned and its turbines a year against the world's (GAS, S36)
        gas = gas_line(result) if power is not None else None
        if gas:
            console.print(gas, markup=False)
        grid = _grid_headroom_table(result)
        if grid is not None:
            console.print(grid)
        from tigris.report.energy import grid_scope_note

        scope = grid_scope_note(result.power)
        if scope:
            console.print(scope, markup=False)
        console.print(_compute_table(result))
        made = _production_table(result)
        if made is not None:
            console.print(made)
        used = capacity_table(result)
        if used is not None:
            console.print(used)
        hbm = _hbm_table(result)
        if hbm is not None:
            console.print(hbm)
        water = _fab_water_line(result)
        if water is not None:
            console.print(water, markup=False)
        console.print(_sources_line(result), markup=False)
    console.print("[bold]What stays short, and why[/bold]", markup=True)
    reasons = result.binding
    for e in reasons[:_MAX_REASONS]:
        console.print(f" • {e.text}", soft_wrap=False)
    if len(reasons) > _MAX_REASONS:
        console.print(f" • … {len(reasons) - _MAX_REASONS} more (see --json or --out)")
    # the binding data-centre table is untested (usertest_analyst #2)
    untested = head.get("power_untested") if result.ok else None
    if untested:
        console.print(f" • {untested}", soft_wrap=False, markup=False)


def _treat_dask_as_absent() -> None:
    """Let xarray skip importing dask, ~0.4 s of CPU at start-up (``docs/plan.md``,
    "Performance"): nothing in tigris makes dask arrays, but xarray imports all of dask
    the first time it checks an array for one. Only in a process that has not imported
    xarray or dask yet (a ``tigris plan`` run), so nothing has seen dask there; a later
    ``import dask`` in the same process raises ImportError.
    """
    if "xarray" not in sys.modules and "dask" not in sys.modules:
        sys.modules["dask"] = None  # type: ignore[assignment]


def _import_linopy_without_requests() -> None:
    """Import linopy with ``requests`` hidden, ~0.2 s less at start-up (``docs/plan.md``,
    "Speed of the reference plan"): linopy's remote-solve module (OETC) imports
    ``requests`` and then Google Cloud's client, and counts itself unavailable when
    either is missing. Google Cloud's client is not a tigris dependency; where it is
    not installed the remote path is unavailable either way and ``requests`` was
    imported for nothing. The hiding lasts only for linopy's import: a later ``import
    requests`` works. Nothing is done when linopy or requests is already imported, or
    when a ``google`` package is installed (then linopy imports as before).
    """
    from importlib.util import find_spec

    if "linopy" in sys.modules or "requests" in sys.modules or find_spec("google"):
        return
    sys.modules["requests"] = None  # type: ignore[assignment]
    try:
        import linopy  # noqa: F401
    finally:
        del sys.modules["requests"]


def plan(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Scenario YAML file (see 'tigris scenario show'); '-' reads it from "
            "standard input; default the built-in reference scenario.",
            dir_okay=False,
        ),
    ] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print the whole result as one JSON document.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Write one CSV per table plus plan.json to this directory.",
            file_okay=False,
        ),
    ] = None,
    time_limit: Annotated[
        float | None,
        typer.Option(
            "--time-limit",
            help="HiGHS time limit \\[s]; default the scenario's solver.time_limit_s.",
        ),
    ] = None,
    mip_gap: Annotated[
        float | None,
        typer.Option(
            "--mip-gap",
            help="Relative MIP gap at which HiGHS may stop \\[-, e.g. 0.01 = 1%]; "
            "default the scenario's solver.mip_gap.",
        ),
    ] = None,
    relax: Annotated[
        bool,
        typer.Option("--relax", help="Solve the LP relaxation (fractional modules) only."),
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write an HTML report to this file (its folder must exist).",
            dir_okay=False,
        ),
    ] = None,
    png: Annotated[
        Path | None,
        typer.Option(
            "--png",
            help="Also write PNG figures to this directory. An earlier run's figures "
            "there that this run does not write are removed (never a mix of two runs); "
            "other files are kept.",
            file_okay=False,
        ),
    ] = None,
    objective: Annotated[
        str | None,
        typer.Option(
            "--objective",
            help="serve (least cost + unmet penalty) or npv (the investor's NPV); "
            "default the scenario's objective.",
        ),
    ] = None,
    min_served_share: Annotated[
        float | None,
        typer.Option(
            "--min-served-share",
            help="Serve at least this share of the horizon's demand \\[-, 0 to 1]; "
            "default the scenario's min_served_share.",
        ),
    ] = None,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            metavar="PATH=VALUE",
            help="Change one input of the scenario by dotted path, as 'tigris sweep --set' "
            "names it (one value here), e.g. --set discount_rate=0.1 or --set "
            "sites.japan.max_modules=2. Repeat for several inputs. The stored run "
            "and --out record the changes; with --from-run, the run's inputs are "
            "changed.",
        ),
    ] = None,
    store: Annotated[Path | None, STORE_OPTION] = None,
    no_store: Annotated[bool, NO_STORE_OPTION] = False,
    from_run: Annotated[str | None, FROM_RUN_OPTION] = None,
) -> int:
    """Plan where and when to build fabs, CoWoS and HBM lines and data centres for AI.

    A mixed-integer program (linopy + HiGHS) over integer modules by site, facility
    type and start year, production by product and year and unmet demand by class,
    under capital by year and source, EUV scanner supply, lead times and site limits.
    Demand and compute are in H100e (H100-equivalents: an accelerator's dense BF16
    FLOP/s over an H100 SXM's; docs/nomenclature.md) delivered per year; money in USD.
    The objective is 'serve' (least discounted cost plus a penalty on unmet demand) or
    'npv' (the investor's NPV at the scenario's prices). The output leads with cost,
    the investor's NPV and IRR, capital spent and H100e added; the objective's value
    comes after them, named as such. The same scenario is also solved without the
    investor (its capital zero, its sites barred and its min_modules dropped, so not
    even a build a 100 % subsidy pays for), and the output says what the investor adds: extra
    H100e by year and in total, the
    year the shortage ends, capital spent and capital per added H100e. Then it prints
    what to build where and when, money by year, the power the compute fleet needs
    against the data-centre capacity online (GW, TWh, Mt CO2 by year), compute
    delivered vs demanded and what stays short and why.

    --set PATH=VALUE changes one input by dotted path without editing the file (the
    paths 'tigris sweep --set' takes; a list item by its name, year keys as numbers;
    a data-table cell such as nodes.N3.d0_per_cm2 too), validated as the file is:

        tigris plan --set discount_rate=0.1

        tigris plan --set capital.abu-dhabi-sovereign.amount_usd=15e9 \\
            --set nodes.N3.d0_per_cm2=0.12

    Energy what-ifs (docs/energy.md): datacenters.electricity_price_multiplier,
    datacenters.gas_mw_per_year_max (on-site gas MW commissioned a year),
    data.grid.usa.grid_lead_months, facilities.datacenter-gas.energy_usd_per_mwh:

        tigris plan --set datacenters.gas_mw_per_year_max=1000 \\
            --set data.grid.usa.grid_lead_months=72

    Every run is stored (docs/runs.md: the scenario, its hash, the tigris version,
    the options and every table) after it is printed; 'tigris runs list' lists them,
    --store FILE picks the file, --no-store skips it. --out DIR also writes
    scenario.yaml and run.json, so the run can be repeated:

        tigris plan my.yaml --out runs/a
        tigris plan --from-run runs/a
        tigris plan --from-run 3fa9 --time-limit 120

    Exit code: 0 a plan was found; 1 no plan (e.g. infeasible commitments; the output
    explains why); 2 bad input, or the plan was printed but could not be stored; 130
    stopped with Ctrl-C (one line says at which step and what is stored or written:
    never a part of a run, nor a half-written --out).
    """
    seen: list[bool] = []
    try:
        with sigint_noted(seen):
            _treat_dask_as_absent()
            _import_linopy_without_requests()
            from tigris.plan import solve
            from tigris.plan.solve import check_objective

            check_params(locals())
            from tigris.scenario.advice import collect_said

            collect_said()  # this run's scenario warnings, for --json's "warnings"
            objective = None if objective is None else objective.lower()  # NPV is npv, as sweep
            check_objective(objective, min_served_share)
            for path, flag, is_dir in (
                (out, "--out", True),
                (report, "--report", False),
                (png, "--png", True),
            ):
                if path is not None:
                    check_output(path, flag, directory=is_dir)
            if report is not None and not _inside_out(report, out):
                from tigris.cli._args import check_plot_path

                # one file among the user's, as die --plot: a missing folder is a typo, refused;
                # but not the --out folder this run makes (README: --out runs/ref --report
                # runs/ref/report.html on a fresh checkout)
                check_plot_path(report, "--report")
            if report is not None and png is not None:
                from tigris.cli.report import refuse_one_path

                refuse_one_path(report, png, "--report")
            if out is not None:
                _refuse_non_run_dir(out)
                _probe_out_dir(out)
            if out is not None:
                from tigris.cli.report import refuse_saved_run_file

                for path, flag in ((report, "--report"), (png, "--png")):
                    if path is not None:
                        refuse_saved_run_file(path, out, flag)
            if time_limit is not None and not time_limit > 0:
                msg = f"expected a time limit > 0 seconds, got {time_limit}"
                raise InputError(msg, field="--time-limit")
            if mip_gap is not None and not 0 <= mip_gap < 1:
                msg = f"expected a relative gap in [0, 1), got {mip_gap}"
                raise InputError(msg, field="--mip-gap")
            if store is not None and no_store and from_run is None:
                msg = "give --store FILE or --no-store, not both (but with --from-run ID)"
                raise InputError(msg, field="--no-store")
            if not no_store:
                from tigris.cli._store import check_store

                # before solving: no FIFO, no folder, no file that is not a store, whether
                # --store or $TIGRIS_STORE named it
                check_store(store)
                from tigris.cli._store import refuse_store_outputs

                refuse_store_outputs(store, {"--out": out, "--report": report, "--png": png})
            given = {
                "time_limit_s": time_limit,
                "mip_gap": mip_gap,
                "relax": relax,
                "objective": objective,
                "min_served_share": min_served_share,
            }
            again = None
            changes = _parse_sets(set_ or [])
            typed = _typed(set_ or [])
            edited = None
            if from_run is None and changes:
                edited = _apply_sets(_load(file), changes, _text_of(data), typed=typed)
            if from_run is not None:
                if file is not None:
                    msg = "give a scenario file or --from-run, not both"
                    raise InputError(msg, field="--from-run")
                from tigris.cli._store import from_run as read_run
                from tigris.cli._store import solve_options

                again = read_run(from_run, store, data_given=data is not None)
                kwargs = solve_options(again.options, given)
                if changes:  # the stored run with some inputs changed: its cells kept
                    under = _text_of(data) if data is not None else _data_under(again)
                    edited = _apply_sets(again.scenario, changes, under, again.cells, typed=typed)
            else:
                kwargs = {k: v for k, v in given.items() if v is not None and v is not False}
    except KeyboardInterrupt:
        # typer's bare exit 130 said nothing (the imports, the store check and
        # --from-run's read take most of a second): nothing is written or stored yet
        _stopped_before_solving()
    except Exception:
        if not seen:
            raise
        # a Ctrl-C that an import or DuckDB turned into an error of its own
        # (pydantic-core's SchemaError, duckdb's ImportError: sigint_noted)
        _stopped_before_solving()
    if seen:  # a Ctrl-C swallowed on the way: the user still asked to stop
        _stopped_before_solving()

    # A spinner on stderr while HiGHS works (only on a terminal: pipes and --json stay clean).
    try:
        with (
            err_console.status("building and solving the plan…", spinner="dots")
            if (err_console.is_terminal)
            else contextlib.nullcontext()
        ):
            what = edited if edited is not None else (again.scenario if again else file)
            result = solve(what, **kwargs)
    except KeyboardInterrupt:
        # typer turns Ctrl-C into exit 130 with nothing said: a stop then reads as a
        # crash (user test 2026-12-03, fifth session, #10). Nothing is written or
        # stored before the solve ends.
        sys.stderr.write(f"{stopped_by()} while solving; nothing written or stored\n")
        sys.stderr.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    # what is stored and written with --out: solve()'s options, explanations and the
    # world without the investor as this verb solves them, and the --data file
    options = {"explain_result": True, "counterfactual": True, **kwargs}
    if data is not None:
        # absolute: --from-run of this run reads it again from wherever it runs
        options["data"] = str(Path(data).expanduser().resolve())
    if again is not None:
        options["from_run"] = again.label
        if again.data_applied:
            options["data"] = again.data
    state = _AfterSolve(out=out, no_store=no_store)
    try:
        failed = _after_solve(
            state, result, options, again, kwargs, file, data, store, report, png, json_,
            edited, changes,
        )  # fmt: skip
    except KeyboardInterrupt as exc:
        # typer would exit 130 with nothing said (user test, fifth session, #10): say
        # which step stopped and what it left (nothing half-written, nothing half-stored)
        if isinstance(exc, _stored_then_interrupted()):
            state.stored = (exc.run_ids[0], state.store_file)
        sys.stderr.write(state.interrupted_line() + "\n")
        sys.stderr.flush()
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if failed is not None:
        where = f" and saved to {out}" if out is not None else ""
        if state.stored is not None:  # committed, not checkpointed: the line says so
            sys.stderr.write(f"error: {failed} (the plan above was printed{where})\n")
        else:
            sys.stderr.write(
                f"error: {failed} (the plan above was printed{where} but not stored; "
                "--no-store skips storing)\n"
            )
        sys.stderr.flush()
        return 2
    # The outcome is data (printed above); the exit code lets scripts tell "no plan" apart.
    return 0 if result.ok else EXIT_NO_PLAN


def _parse_sets(texts: list[str]) -> dict[str, Any]:
    """``--set PATH=VALUE`` arguments as path -> value, read as ``tigris sweep --set``
    reads them (:func:`tigris.runs.sweep.parse_set`), one value per path.

    Raises
    ------
    InputError
        Field ``--set``: a malformed argument, several values or a range (a sweep's),
        or a path given twice.

    Examples
    --------
    >>> _parse_sets(["discount_rate=0.1", "sites.japan.max_modules=2"])
    {'discount_rate': 0.1, 'sites.japan.max_modules': 2}
    >>> _parse_sets(["discount_rate=0.06,0.1"])
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --set: 'discount_rate=0.06,0.1': plan takes one value per ...
    """
    changes: dict[str, Any] = {}
    if not texts:  # no --set: the sweep layer is not imported (docs/plan.md, "Performance")
        return changes
    from tigris.runs.sweep import parse_set

    for text in texts:
        name, sep, rest = text.partition("=")
        if not (sep and name.strip() and rest.strip()):  # sweep's words would ask V1,V2
            msg = f"'{text}': expected PATH=VALUE (e.g. discount_rate=0.1)"
            raise InputError(msg, field="--set")
        path, values = parse_set(text, ranges=False)
        if len(values) != 1:
            from tigris.cli._args import grouped_number_hint

            hint = grouped_number_hint(text)  # 7,000,000 is one number, not three
            msg = (
                f"'{text}': plan takes one value per path, got {len(values)}; "
                + (f"{hint}; " if hint else "")
                + f"to plan several, use 'tigris sweep --set {text}'"
            )
            raise InputError(msg, field="--set")
        if path in changes:
            raise InputError(f"'{path}' is given twice", field="--set")
        changes[path] = values[0]
    return changes


def _typed(texts: list[str]) -> dict[str, str]:
    """Each ``--set`` path -> its value as typed (what a refusal echoes)."""
    out = {}
    for text in texts:
        path, _, rest = text.partition("=")
        out[path.strip()] = rest.strip()
    return out


def _text_of(data: Path | str | None) -> str | None:
    """The text of a ``--data`` file (None without one)."""
    return Path(data).read_text(encoding="utf-8") if data is not None else None


def _data_under(again: Any) -> str | None:
    """The ``--data`` text a repeated run's cells go over: the stored run's file when it
    still exists (as :func:`tigris.cli._store.from_run` applies it), else none."""
    data = again.data
    return _text_of(data) if data and Path(data).is_file() else None


def _apply_sets(
    base: Any,
    changes: dict[str, Any],
    data_yaml: str | None,
    cells_before: dict[str, Any] | None = None,
    typed: dict[str, str] | None = None,
) -> Any:
    """``base`` with ``--set``'s changes, each path and value checked as ``tigris sweep
    --set`` checks them (one line naming the path and what was expected); data-table
    cells among them are put in force for the rest of the command, with a repeated
    run's own cells (``cells_before``; a change wins), over the ``--data`` text
    ``data_yaml`` (as a sweep member's are: :func:`tigris.risk.cells.member_overlay`).

    Returns
    -------
    Scenario
        The edited scenario, named as edited at every path set, scenario paths and
        cells alike (:func:`tigris.scenario.edit.mark_cells`: a cell changes a data
        table, not the scenario, yet the run is an edited one).
    """
    from tigris.cli._store import _context
    from tigris.plan.reuse import using_data_text
    from tigris.risk.cells import SET_SOURCE, member_overlay, split_changes
    from tigris.runs.sweep import _check_paths, _check_values
    from tigris.scenario.edit import mark_cells, set_paths

    _check_paths(base, [changes])  # unknown path: "did you mean", what exists there
    # each value, then all of them together; a refused one echoed as typed
    _check_values(base, [changes], data_yaml, typed)
    edits, cells = split_changes(changes)
    from tigris.scenario.advice import scenario_warnings
    from tigris.scenario.checks_subsidy import set_warnings

    # the file's warnings at the tables as read, before any cell is put in force
    before = list(scenario_warnings(base))
    if cells:
        from tigris.scenario.checks_cells import warn_cells

        # a cell the scenario's facility restates reaches no module (user test s49 #1)
        warn_cells(base, cells)
        ctx = _context()
        if ctx is not None:  # always inside the command
            every = {**(cells_before or {}), **cells}
            # the rows say they were set, not drawn (user test s44 #3); a cell set again
            # was the repeated run's value, not the table's (review of 2026-12-05)
            again = {p: v for p, v in (cells_before or {}).items() if p in cells}
            text = member_overlay(every, data_yaml, SET_SOURCE, previous=again)
            try:
                ctx.with_resource(using_data_text(text, base_text=data_yaml))
            except InputError as exc:
                from tigris.risk.cells import cells_named

                raise cells_named(exc, every) from None
    edited = set_paths(base, edits, field="--set") if edits else base
    # what the same values written in the file would warn of (UT-POLICY #2: a site's
    # subsidy where only data centres may be built was taken in silence), and which of
    # the file's warnings they withdraw (user test s57, fab siting #1)
    set_warnings(base, edited, changes, before=before)
    return mark_cells(edited, list(cells))


def _stopped_before_solving() -> None:
    """Say that Ctrl-C stopped ``tigris plan`` before the solve and exit 130."""
    sys.stderr.write(f"{stopped_by()} before solving; nothing written or stored\n")
    sys.stderr.flush()
    raise typer.Exit(EXIT_INTERRUPTED) from None


def _stored_then_interrupted() -> type:
    """:class:`tigris.runs.store.StoredThenInterrupted` (imported when needed)."""
    from tigris.runs.store import StoredThenInterrupted

    return StoredThenInterrupted


class _AfterSolve:
    """What ``tigris plan`` has done since the solve, for the one line a Ctrl-C prints:
    the step under way (:attr:`phase`) and what is already stored or written."""

    def __init__(self, out: Path | None, no_store: bool) -> None:
        self.out = out
        self.no_store = no_store
        #: the step under way, as "while ..." reads it
        self.phase = "finishing"
        #: (run id, store file) once stored
        self.stored: tuple[str, Path] | None = None
        #: the store file written to (for a run stored just before the interrupt)
        self.store_file: Path | None = None
        #: run.json as staged for --out: the swap happened when --out holds it
        self.out_body: str | None = None
        #: the --report file and --png folder once each is in place
        self.reports: list[str] = []

    def _out_written(self) -> bool:
        from tigris.cli._store import RUN_JSON

        if self.out is None or self.out_body is None:
            return False
        try:
            return (self.out / RUN_JSON).read_text(encoding="utf-8") == self.out_body
        except OSError:
            return False

    def interrupted_line(self) -> str:
        """``stopped by the user while <step>; <what is stored and written>``."""
        parts = []
        if self.phase == "writing the report":
            parts.append("a file is renamed into place only when whole, so none is half-written")
        elif self.phase in ("printing the plan", "printing the JSON"):
            parts.append("the output above is incomplete")
        parts += [f"{path} written" for path in self.reports]
        if self.stored is not None:
            parts.append(f"stored as run {self.stored[0]} in {self.stored[1]}")
        elif not self.no_store:
            rolled = " (the write was rolled back)" if self.phase == "storing the run" else ""
            parts.append(f"nothing stored{rolled}")
        if self.out is not None:
            if self._out_written():
                parts.append(f"{self.out} written")
            else:
                parts.append(f"{self.out} not written (left as it was)")
        return f"{stopped_by()} while {self.phase}; " + "; ".join(parts)


def _after_solve(
    state: _AfterSolve,
    result: Any,
    options: dict[str, Any],
    again: Any,
    kwargs: dict[str, Any],
    file: Path | None,
    data: Path | None,
    store: Path | None,
    report: Path | None,
    png: Path | None,
    json_: bool,
    edited: Any = None,
    changes: dict[str, Any] | None = None,
) -> str | None:
    """Everything ``tigris plan`` does once the plan is solved: reports, the printout,
    the store, ``--out``; each step named in ``state.phase`` while it runs. Returns
    None, or the reason storing failed (printed by the caller after ``--out``).

    ``edited`` is the scenario with the ``--set`` changes (None without any) and
    ``changes`` those changes (path -> value), stored with the run and in ``--out``'s
    ``run.json``."""
    out, no_store = state.out, state.no_store
    if report is not None or png is not None:
        try:
            import tigris.report  # noqa: F401  (write_reports imports it when called)
        except ImportError:
            msg = "the report layer (tigris.report) is not available in this installation"
            raise InputError(msg, field="--report" if report is not None else "--png") from None

    def write_reports_now() -> None:
        """The report and figures, once the run is stored (its id in their provenance
        line, as ``tigris report DIR`` gives a saved run's: left at stop 47)."""
        if report is None and png is None:
            return
        from tigris.cli.report import write_reports

        state.phase = "writing the report"
        run = {"run_id": state.stored[0]} if state.stored is not None else None
        # a progress bar on stderr; stdout stays for the summary or the JSON
        written = write_reports(
            result, html=report, png=png, html_field="--report", run=run, done=state.reports
        )
        if written["html"]:
            err_console.print(f"wrote {written['html']}")
        if written["png"]:
            err_console.print(f"wrote {len(written['png'])} PNG files to {png}")

    matched = None
    inputs: tuple[bool | None, list[str]] = (None, [])
    if again is not None and not changes:  # with --set it is another problem
        from tigris.cli._store import compare_inputs, match_report

        state.phase = "comparing with the stored run"
        # the inputs first (UT-REPRO #4): the same plan may come from other inputs
        inputs = compare_inputs(again, result)
        gap = kwargs.get("mip_gap")
        gap = again.scenario.solver.mip_gap if gap is None else gap
        matched = match_report(
            result, again.stored, 0.0 if kwargs.get("relax") else gap, inputs=False
        )
    from tigris.plan.subsidy_cap import plan_cap_warnings

    # a site's subsidies summed past the programme that pays them (S35, SUBSIDY-CAP):
    # the solve does not bound them; said on stderr and under --json's "warnings"
    warned = plan_cap_warnings(result)
    for line in warned:
        sys.stderr.write(f"warning: {line}\n")
    failed = None
    sc, cells = None, None
    if out is not None or not no_store:
        # the scenario as solved (read again: it loaded once already, so it is valid)
        sc = edited if edited is not None else again.scenario if again is not None else _load(file)
        # a repeated member's data-table cells, which its scenario cannot carry: kept
        # as the new run's changes so that repeating it sets them again; --set's
        # changes too (its scenario paths are in ``sc`` as well, its cells only here)
        # and the stored run's other changes (its scenario carries them; recorded so the
        # new run says what it is, user test 2026-12-07)
        kept = {**again.changes, **again.cells} if again is not None else {}
        cells = {**kept, **(changes or {})} or None

    def store_now() -> str | None:
        """Store the run (its id in ``state.stored``); the reason it failed, or None."""
        from tigris.runs.store import store_path

        state.phase = "storing the run"
        state.store_file = store_path(store)
        # the file the run was made from: runs list tells two copies apart (#21)
        source = file if again is None else again.scenario_file
        state.stored, reason = _store_after_print(sc, result, options, store, source, cells)
        return reason

    if json_:
        if not no_store:
            # stored before the document is printed so that it carries the run's id
            # (user test 2026-12-07, reproducibility: --json had none); a failed store
            # still prints the plan, with ``run_id`` null, and exits 2 as without --json
            failed = store_now()
        state.phase = "printing the JSON"
        from tigris.scenario.advice import said_lines

        doc = result.to_dict()
        # the scenario's warnings (file:line, or --set's), then the plan's (user test
        # s45 #2: a data-centre site's electricity price was said on stderr only)
        doc["warnings"] = [*said_lines(), *warned]
        if again is not None and matched is not None:
            doc["from_run"] = {
                "run": again.label,
                "inputs_match": inputs[0],
                "input_differences": inputs[1],
                "matches": matched[0],
                "differences": matched[1],
                # what the plain output says under the match line: the stored run's
                # --data file (applied again, changed since, gone) and the inputs
                # changed since (user test s47 #5: the JSON did not say)
                "data": again.data_state,
                "notes": list(again.notes),
            }
        doc["run_id"] = state.stored[0] if state.stored is not None else None
        doc["store"] = str(state.store_file) if state.store_file is not None else None
        emit_json(doc)
    else:
        state.phase = "printing the plan"
        print_summary(result)
        if again is not None and changes:
            named = ", ".join(f"{k}={v}" for k, v in changes.items())
            console.print(
                f"Solved {again.label} with --set {named}: not compared with the stored "
                "result (another problem).",
                markup=False,
            )
        if again is not None and matched is not None:
            if inputs[0] is False:  # which files: the first note (Inputs changed ...)
                console.print(f"Inputs differ from the stored run's: {inputs[1][0]}.", markup=False)
            _print_match(again.label, matched)
            for note in again.notes:
                console.print(note)
    if out is not None or not no_store:
        state.phase = "finishing"
        if not no_store and not json_:
            failed = store_now()
        try:
            write_reports_now()
            if out is not None:
                state.phase = f"writing {out}"
                _write_out(out, sc, result, options, state.stored, cells, state)
        except InputError as exc:
            if state.stored is None:
                raise
            # the run was stored before the write failed: said on the one line, so a
            # retry does not store another copy unknowingly (a bad-input review of
            # 2026-12-07: a full disk under --out left a run nothing mentioned)
            rid, where = state.stored
            from tigris.runs.store import store_path

            # the store named as the runs verbs need it when it is not the default one
            # (a review of 2026-12-07: with --store elsewhere both commands said "no run")
            try:
                default = store_path(None)
            except InputError:  # a $TIGRIS_STORE no store can have: --store gave this one
                default = None
            flag = "" if Path(where) == default else f" --store {where}"
            *rest, last = exc.problems
            kept = dataclasses.replace(
                last,
                message=f"{last.message}; the plan is stored as run {rid} in {where} "
                f"('tigris runs export {rid}{flag} --format csv --out DIR' writes it, "
                f"'tigris report DIR' its report; 'tigris runs rm {rid}{flag}' removes it)",
            )
            raise InputError([*rest, kept]) from None
    else:
        write_reports_now()
    state.phase = "finishing"
    if state.stored is not None and failed is None:  # else the error line says it
        err_console.print(f"stored as run {state.stored[0]} in {state.stored[1]}")
    return failed


def _load(file: Path | None) -> Any:
    from tigris.scenario.edit import load_any

    return load_any(file)


def _print_match(label: str, matched: tuple[bool | None, list[str]]) -> None:
    """Whether ``--from-run`` gave the stored plan again, in one line."""
    ok, diffs = matched
    if ok is None:
        console.print(f"Re-solved {label}: not compared: {'; '.join(diffs)}.", markup=False)
    elif ok:
        console.print(
            f"Re-solved {label}: matches the stored result (same status, objective within "
            "the MIP gap, same builds, same compute served)."
        )
    else:
        console.print(f"Re-solved {label}: differs from the stored result: {'; '.join(diffs)}.")


def _store_after_print(
    sc: Any,
    result: Any,
    options: dict[str, Any],
    store: Path | None,
    scenario_file: Any = None,
    changes: dict[str, Any] | None = None,
) -> tuple[tuple[str, Path] | None, str | None]:
    """Store the printed plan: its id and store file, and None; or, when storing
    fails, None and the one-line reason (naming ``--store`` or ``TIGRIS_STORE``,
    whichever set the store), for the caller to print after ``--out`` is written."""
    from tigris.cli._store import renamed, store_field, store_plan
    from tigris.runs.store import NotCheckpointedError

    try:
        return store_plan(sc, result, options, store, scenario_file, changes), None
    except InputError as exc:
        # a write that committed but could not be checkpointed (a damaged store file):
        # the run IS stored, and the reason says so (user test s47 #2: "not stored",
        # and each retry stored another copy)
        stored = None
        if isinstance(exc, NotCheckpointedError) and exc.run_ids:
            stored = (exc.run_ids[0], exc.path)
        exc = renamed(exc, store_field(store))
        return stored, str(exc.problems[0]) if exc.problems else str(exc)


def _refuse_non_run_dir(out: Path) -> None:
    """Refuse, before solving, an ``--out`` directory that holds a file of the run's
    names but no ``plan.json`` (the user's own files: never overwritten), so nothing is
    solved or printed first; :func:`tigris.plan.saved.staged_dir` checks again at the
    swap."""
    from tigris.plan.result import TABLE_COLUMNS
    from tigris.plan.saved import refuse_non_run

    names = [f"{t}.csv" for t in TABLE_COLUMNS] + ["run.json", "scenario.yaml"]
    refuse_non_run(out, names, "--out")


def _inside_out(report: Path, out: Path | None) -> bool:
    """Whether ``report`` goes straight into the ``--out`` folder, which this run makes
    if it is missing (so its folder's absence is no typo).

    >>> _inside_out(Path("runs/ref/report.html"), Path("runs/ref/"))
    True
    >>> _inside_out(Path("runs/report.html"), Path("runs/ref")), _inside_out(Path("r.html"), None)
    (False, False)
    """
    return out is not None and report.parent.resolve() == out.resolve()


def _probe_out_dir(out: Path) -> None:
    """Refuse, before solving, an ``--out`` that cannot be made or written: make and
    remove an empty folder where the run's staging folder will go (inside ``out`` when
    it exists, else in its nearest existing folder). A permission check alone passes
    ``/proc/nope`` for root, and the solve then ran and printed before failing."""
    import tempfile

    from tigris.fsio import TEMP_MARK, output_error

    where = out if out.is_dir() else next((p for p in out.parents if p.is_dir()), None)
    if where is None:
        return
    try:
        Path(tempfile.mkdtemp(prefix=f".probe{TEMP_MARK}", dir=where)).rmdir()
    except OSError as exc:
        raise output_error(out, exc, "--out") from None


def _write_out(
    out: Path,
    sc: Any,
    result: Any,
    options: dict[str, Any],
    stored: tuple[str, Path] | None,
    changes: dict[str, Any] | None = None,
    state: _AfterSolve | None = None,
) -> None:
    """Write the whole ``--out`` set (one CSV per table, ``plan.json``,
    ``scenario.yaml``, ``run.json``) into a staging directory and swap it into ``out``
    only when complete (:func:`tigris.plan.saved.staged_dir`): an error or an
    interrupt (Ctrl-C, SIGTERM) leaves an earlier run in ``out`` as it was, or no
    ``out``. ``state`` keeps the staged ``run.json``, by which an interrupt tells
    whether the swap happened (:meth:`_AfterSolve.interrupted_line`)."""
    from tigris.cli._store import RUN_JSON, write_run_files
    from tigris.plan.saved import staged_dir
    from tigris.runs.export import run_folder_names

    # an earlier run's files this run does not write go (an export's units.csv, ...)
    with staged_dir(out, "--out", stale=run_folder_names()) as tmp:
        written = result.write(tmp)
        written += write_run_files(tmp, sc, result, options, stored, changes)
        if state is not None:
            state.out_body = (tmp / RUN_JSON).read_text(encoding="utf-8")
    err_console.print(f"wrote {len(written)} files to {out}")


@scenario_app.command("show")
def show(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="A scenario file of your own to show instead of the reference: its values "
            "as tigris reads them (fields at their default left out of the YAML; "
            "--defaults or --json writes them), or with --assumptions its key "
            "assumptions and their sources.",
            dir_okay=False,
        ),
    ] = None,
    data: Annotated[Path | None, CHECK_DATA_OPTION] = None,
    json_: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the parsed scenario as JSON instead of YAML, every field with "
            "the defaults tigris fills in.",
        ),
    ] = False,
    defaults: Annotated[
        bool,
        typer.Option(
            "--defaults",
            help="Print the parsed scenario as YAML with every field, those at their "
            "default written out too (as --json has them); without it they are left "
            "out. The reference is then printed as parsed, without its comments.",
        ),
    ] = False,
    assumptions: Annotated[
        bool,
        typer.Option(
            "--assumptions",
            help="Print the key assumptions a plan of it uses instead: parameter, value, "
            "unit, source and as_of (the date of the data rows it comes from; 'scenario' "
            "for the scenario's own values), without solving.",
        ),
    ] = False,
) -> None:
    """Print the built-in reference scenario (commented YAML, every number sourced), or
    a scenario file of your own as tigris reads it.

    Copy it, edit it and run 'tigris plan my.yaml':

        tigris scenario show > my.yaml

    With --assumptions, the key assumptions behind 'tigris plan' (the rows of
    plan.json's and the report's assumptions table; the plan's own text gives their
    count only), each with its source and as_of:

        tigris scenario show --assumptions

    A file of your own (checked as 'tigris scenario check' does; --data for the parts,
    nodes or sites it names from your data file): its values as tigris reads them, as
    YAML with the fields at their default left out (--defaults writes them too, as
    --json does), or with --assumptions each value a plan of it uses and where it
    comes from (your file's sources: block, or the data row), without solving:

        tigris scenario show my.yaml --assumptions

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    from tigris.scenario import reference_scenario, reference_scenario_text

    if data is not None and file is None:
        msg = "reads the parts, nodes or sites of a scenario file; give the file too"
        raise InputError(msg, field="--data")
    if defaults and (json_ or assumptions):
        other = "--json has every field already" if json_ else "--assumptions lists no fields"
        raise InputError(f"{other}; give one of the two", field="--defaults")
    sc = None
    if file is not None:
        from tigris.cli._data import apply_for_check
        from tigris.scenario.load import load_scenario

        apply_for_check(ctx, data, file)
        sc = load_scenario(file)
    if assumptions:
        _show_assumptions(json_, sc)
        return
    if json_:
        emit_json((sc or reference_scenario()).model_dump(mode="json"))
        return
    if defaults:
        typer.echo((sc or reference_scenario()).to_yaml(defaults=True), nl=False)
        return
    typer.echo(reference_scenario_text() if sc is None else sc.to_yaml(), nl=False)


def _show_assumptions(json_: bool, sc: Any = None) -> None:
    """The key assumptions of ``sc`` (the reference when None) with their dates
    (UT-JOURNO #4: neither the plan's assumptions nor ``scenario show`` had an
    ``as_of``): :func:`tigris.plan.assemble.assemble`'s rows dated by
    :func:`tigris.plan.result.with_as_of`, one assumption a line (``parameter: value
    unit (as of D)``) with its source on the next."""
    from tigris.plan.assemble import assemble
    from tigris.plan.result import with_as_of
    from tigris.scenario import reference_scenario

    sc = sc if sc is not None else reference_scenario()
    table = with_as_of(assemble(sc)[1], sc)
    records = table.to_dict(orient="records")
    if json_:
        emit_json(records)
        return
    lines = []
    before = None
    for r in records:
        v = r["value"]
        whole = isinstance(v, float) and v.is_integer()
        value = f"{v:,.0f}" if whole else f"{v:.6g}" if isinstance(v, float) else str(v)
        unit = f" {r['unit']}" if isinstance(r["unit"], str) and r["unit"] else ""
        dated = r["as_of"] or "not dated: computed by tigris from the rows it names"
        lines.append(f"{r['parameter']}: {value}{unit} (as_of {dated})")
        # a roadmap product's six per-unit rows cite one ~1,900-character paragraph:
        # written once, "as above" after it (user test s46 README #11: 191 kB of text)
        same = r["source"] == before
        lines.append("    source: as above" if same else f"    source: {r['source']}")
        before = r["source"]
    typer.echo("\n".join(lines))


@scenario_app.command("check")
def check(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="Scenario YAML file to validate; '-' reads it from standard input.",
            dir_okay=False,
        ),
    ],
    data: Annotated[Path | None, CHECK_DATA_OPTION] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Validate a scenario file; list every problem as 'file:line: field: message'.

    Checks the schema, then runs the model chain (catalog, silicon and fab layers) on
    it as 'tigris plan' would, without solving.

    Exit code: 0 the scenario has no problems; 1 standard output could not be
    written; 2 it has problems (each on one line with file:line and the field) or
    bad input; 130 stopped with Ctrl-C.
    """
    from tigris.cli._data import apply_for_check
    from tigris.plan.assemble import assemble_file

    apply_for_check(ctx, data, file)

    sc, inp, _ = assemble_file(file)
    info = {
        "file": str(file),
        "valid": True,
        "name": sc.name,
        "horizon": [sc.horizon.first_year, sc.horizon.last_year],
        "demand_classes": len(sc.demand),
        "products": len(inp.products),
        "sites": len(sc.sites),
        "facility_types": len(sc.facilities),
        "capital_usd": sum(c.total_usd for c in sc.capital),
    }
    if json_:
        from tigris.scenario.advice import warning_lines
        from tigris.yamlio import load_yaml

        info["warnings"] = warning_lines(sc, str(file), load_yaml(file)[1])
        emit_json(info)
        return
    counts = ", ".join(
        f"{n} {word if n == 1 else words}"
        for n, word, words in (
            (len(sc.demand), "demand class", "demand classes"),
            (len(inp.products), "product", "products"),
            (len(sc.sites), "site", "sites"),
            (len(sc.facilities), "facility type", "facility types"),
        )
    )
    console.print(
        f"{'<stdin>' if str(file) == '-' else file}: valid scenario '{sc.name}' "
        f"({sc.horizon.first_year}–{sc.horizon.last_year}, "
        f"{counts}, {_b(info['capital_usd'])} of capital)",
        # one line where piped (a script's grep read half of it; last stop's list), wrapped
        # at spaces on a terminal
        soft_wrap=not console.is_terminal,
    )


def register(app: typer.Typer) -> None:
    """Add ``plan`` and the ``scenario`` group to ``app``."""
    app.command("plan")(plan)
    app.add_typer(scenario_app, name="scenario")
