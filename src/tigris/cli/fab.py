"""``tigris fab``: what a fab costs, how many EUV tools, how long, cost per wafer, output."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tigris.cli._output import console, emit_json, err_console, fmt, kv_table
from tigris.errors import InputError
from tigris.fab import FabResult, capacity_for_budget, fab_model, list_sites


def _summary_rows(r: FabResult) -> list[tuple[str, object, str]]:
    rows: list[tuple[str, object, str]] = [
        ("capacity", r.wspm, "wafer starts/month"),
        ("capex (before subsidy)", r.capex_usd, "USD"),
        ("  building and cleanroom", r.capex_breakdown_usd["building"], "USD"),
        ("  lithography", r.capex_breakdown_usd["lithography"], "USD"),
        ("  other equipment", r.capex_breakdown_usd["other_equipment"], "USD"),
        ("subsidy", r.subsidy_usd, "USD"),
        ("capex net of subsidy", r.net_capex_usd, "USD"),
        ("capex per wspm", r.capex_per_wspm_usd, "USD/wspm"),
        ("public benchmark per wspm", r.benchmark_capex_per_wspm_usd, "USD/wspm"),
        ("Low-NA EUV scanners", r.euv_tools, "tools"),
        ("High-NA EUV scanners", r.high_na_tools, "tools"),
        ("ArF-immersion scanners", r.duv_tools, "tools"),
        ("permit and design", r.permit_years, "years before groundbreaking"),
        ("construction", r.build_years, "years, groundbreaking to first wafer"),
        ("ramp", r.ramp_years, "years, first wafer to full output"),
        ("wafers out at full output", r.wafers_per_year, "wafers/year"),
        ("opex incl. depreciation", r.opex_usd_per_year, "USD/year"),
        ("life-cycle cost per wafer", r.cost_per_wafer_usd, "USD/wafer (levelised)"),
        ("power draw", r.power_mw, "MW"),
        ("energy", r.energy_mwh_per_year, "MWh/year"),
        ("water", r.water_m3_per_year, "m3/year"),
        ("employees", r.employees, "FTE"),
    ]
    if r.product is not None:
        rows.append((f"{r.product} per year", r.accelerators_per_year, "good accelerators/year"))
    return rows


def _year_table(r: FabResult) -> Table:
    df = r.to_frame()
    table = Table(title="By year from groundbreaking", header_style="bold")
    cols = [c for c in df.columns if c != "d0_per_cm2"]
    for col in cols:
        table.add_column(col, justify="right")
    for rec in df.to_dict("records"):
        cells = [str(int(rec[c])) if c in ("year", "year_index") else fmt(rec[c]) for c in cols]
        table.add_row(*cells)
    return table


def fab(
    node: Annotated[str, typer.Option("--node", help="Process node, e.g. N5, N3, N2.")],
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
            help="Capex budget \\[USD]: answer the largest capacity it buys (net of subsidy).",
        ),
    ] = None,
    product: Annotated[
        str | None,
        typer.Option("--product", help="Count output in good accelerators (catalog name)."),
    ] = None,
    years: Annotated[
        int | None,
        typer.Option(
            "--years",
            help="Print the year table for this many years from groundbreaking \\[years].",
        ),
    ] = None,
    start_year: Annotated[
        int | None, typer.Option("--start-year", help="Calendar year of groundbreaking \\[year].")
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
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")] = False,
) -> None:
    """Cost, EUV tools, build time, cost per wafer and output of one fab.

    Capex: building and cleanroom (times the site's cost multiplier), lithography and
    other equipment. The site's announced subsidy is shown apart.

    Scanners: whole EUV, High-NA and ArF-immersion tools from the node's layers x WSPM
    over tool throughput x availability, priced from fab_tools.csv.

    Time: construction, then a logistic ramp to full output. --years prints output by
    year from groundbreaking. Cost per wafer is levelised over the fab life.

    With --budget-usd instead of --wspm: the largest fab the budget buys.
    """
    if (wspm is None) == (budget_usd is None):
        msg = "give exactly one of --wspm (capacity) or --budget-usd (budget)"
        raise InputError(msg, field="--wspm/--budget-usd")
    kwargs = {
        "start_year": start_year,
        "product": product,
        "years": years,
        "accelerators_file": accelerators,
    }
    if budget_usd is not None:
        r = capacity_for_budget(budget_usd, node, site, field_prefix="--", **kwargs)
    else:
        r = fab_model(node, wspm, site, field_prefix="--", **kwargs)  # type: ignore[arg-type]
    if plot is not None:
        from tigris.viz.fab import plot_fab_timeline

        plot_fab_timeline(r, plot)
        err_console.print(f"wrote {plot}")
    if json_:
        emit_json(r.to_dict())
        return
    title = f"{r.node} fab at {r.site}"
    console.print(kv_table(title, _summary_rows(r)))
    if years is not None:
        console.print(_year_table(r))


def register(app: typer.Typer) -> None:
    """Add ``fab`` to ``app``."""
    app.command("fab")(fab)
