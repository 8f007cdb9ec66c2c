"""``tigris catalog``: list the accelerators tigris knows, with their sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tigris.catalog import get_accelerator, load_catalog
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import console, emit_json, fmt
from tigris.fmt import money, year

ACCEL_FILE_OPTION = typer.Option(
    "--accelerators",
    help="YAML file of extra accelerators (e.g. a claimed part); see 'tigris catalog --help'.",
    dir_okay=False,
)


def _detail_cell(key: str, value: object) -> str:
    """One value of ``catalog NAME`` for people: years bare, money in dollars, lists joined."""
    if isinstance(value, list):
        return ", ".join(value)
    if key.endswith("year"):
        return year(value)
    if key.endswith("_usd"):
        return money(value)
    return fmt(value)


def catalog(
    name: Annotated[
        str | None, typer.Argument(help="Show one accelerator in full (name or alias).")
    ] = None,
    accelerators: Annotated[Path | None, ACCEL_FILE_OPTION] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the accelerator catalog: dense peak FLOP/s, memory, power, silicon, price.

    Peaks are dense (no 2:4 sparsity) [FLOP/s]; system power is the accelerator's
    share of its server [W]. Add your own parts with --accelerators FILE.yaml:

        accelerators:
          - name: neuro-npu
            based_on: h100
            peak_bf16_flop_per_s: 9.894e16
            source: "Vendor claim, 2024"
            as_of: 2024-03
    """
    if name is not None:
        acc = get_accelerator(name, accelerators, field="NAME")
        if json_:
            emit_json(acc.to_dict())
            return
        table = Table(title=acc.name, show_header=False)
        for key, value in acc.to_dict().items():
            table.add_row(key, _detail_cell(key, value))
        console.print(table)
        return
    cat = load_catalog(accelerators)
    if json_:
        emit_json({k: v.to_dict() for k, v in cat.items()})
        return
    # Short two-line headers, units on the second line, no outer border: the table fits an
    # 80-column terminal without cutting a number (a long custom name wraps instead).
    table = Table(
        title="Accelerator catalog (dense peaks)",
        header_style="bold",
        show_edge=False,
        pad_edge=False,
    )
    for header, justify in (
        ("name", "left"),
        ("BF16\nTFLOP/s", "right"),
        ("FP8\nTFLOP/s", "right"),
        ("mem\nGB", "right"),
        ("mem\nTB/s", "right"),
        ("sys\nW", "right"),
        ("die\nmm2", "right"),
        ("node", "left"),
        ("price", "right"),
    ):
        table.add_column(header, justify=justify, no_wrap=header != "name", overflow="fold")  # type: ignore[arg-type]
    for acc in cat.values():
        table.add_row(
            acc.name,
            fmt(acc.peak_bf16_flop_per_s and acc.peak_bf16_flop_per_s / 1e12),
            fmt(acc.peak_fp8_flop_per_s and acc.peak_fp8_flop_per_s / 1e12),
            fmt(acc.memory_gb),
            fmt(acc.memory_bw_gb_per_s and acc.memory_bw_gb_per_s / 1e3),
            fmt(acc.system_power_w),
            fmt(acc.logic_die_area_mm2),
            acc.node or "–",
            money(acc.price_usd),
        )
    console.print(table)


def register(app: typer.Typer) -> None:
    """Add ``catalog`` to ``app``."""
    app.command("catalog")(catalog)
