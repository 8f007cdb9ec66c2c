"""``tigris die`` and ``tigris chip``: dies per wafer, yield, and the silicon bill."""

from __future__ import annotations

import math
import sys
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.table import Table

from tigris.catalog import get_accelerator, product_name_note
from tigris.cli._args import check_params, check_plot_path
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import console, emit_json, err_console, fmt, kv_table
from tigris.cli._tables import print_table
from tigris.data import load_rows
from tigris.errors import InputError, require_positive
from tigris.fmt import money, share
from tigris.fsio import atomic_file
from tigris.nodes import get_node
from tigris.silicon import (
    COST_KEYS,
    YieldModel,
    chip_bill,
    die_yield,
    exceeds_reticle,
    gross_dies_estimate,
    gross_dies_exact,
    gross_dies_exact_bounds,
    harvested_yield,
    node_d0,
    parse_yield_model,
    silicon_param,
)
from tigris.silicon.chip import PER_THOUSAND, basis_text, production_starts
from tigris.silicon.dies import MAX_GRID_ROWS, reticle_field_mm, uses_high_na
from tigris.silicon.yields import MAX_SPARES_SUMMED, hvm_label
from tigris.units import MM2_PER_CM2

MODELS = ", ".join(m.value for m in YieldModel)
JSON_OPTION = typer.Option("--json", help="Print one JSON document instead of a table.")
NODE_HELP = "Process node from nodes.csv (N28 ... A16, A14, 14A): its D0 \\[defects/cm^2]"
D0_HELP = (
    "Defect density \\[defects/cm^2]; overrides the node's. With --model bose-einstein it"
    " is the total over all critical layers, each layer D0 / --critical-layers (Hennessy"
    " and Patterson's 0.031 per layer over 13.5 layers is --d0 0.4185)."
)
#: ``chip --d0``: chip has no --critical-layers (nor --alpha); it reads the defaults of
#: data/silicon_params.csv (user test 2026-12-06 #3: the help named the option).
CHIP_D0_HELP = (
    "Defect density \\[defects/cm^2] of the logic die; overrides the node's. With --model"
    " bose-einstein it is the total over all critical layers: each layer's D0 times"
    " critical_layers of data/silicon_params.csv (chip has no option for it; tigris die"
    " --critical-layers sets another). Hennessy and Patterson's 0.031 per layer over"
    " 13.5 layers is --d0 0.4185."
)
#: ``die --model``'s default, taken when the option is not given (with --d0 or --node).
DEFAULT_MODEL = "poisson"
MODEL_HELP = f"Yield model: {MODELS} (default {DEFAULT_MODEL}; needs --d0 or --node)."
#: ``chip --model`` applies to the logic and base (I/O) dies only: the HBM DRAM dies stay
#: Poisson, the model hbm.csv's DRAM defect densities were chosen through (its rows'
#: sources: "DRAM die yield (Poisson ...)"), so another model at those D0s would change
#: the good stacks per wafer the rows were set to give (user test s47 #5).
CHIP_MODEL_HELP = (
    f"Yield model of the logic and base (I/O) dies: {MODELS}. The HBM DRAM dies stay "
    "Poisson, the model hbm.csv's DRAM D0s were set with."
)
MONTHS_HELP = (
    "Months since the node's HVM start: D0 from its learning curve instead of its"
    " start-of-volume value \\[months]."
)
YEAR_HELP = "Production year: D0 from the node's learning curve at mid-year \\[year]."
D0_FLAGS = ("--d0", "--months", "--year")
#: Random seed of the wafer map's good and bad dies when ``--seed`` is not given [-].
DEFAULT_SEED = 0
#: Row of ``silicon_params.csv`` holding the largest ``--wafer-mm`` accepted [mm]: 450 mm,
#: the largest wafer size ever standardised (the row gives its source); a larger value
#: is a typo (``--wafer-mm 1e6`` was blamed on ``--height``, user test S45 #2).
MAX_WAFER_ROW = "max_wafer_diameter_mm"


def _geometry_rows(
    width: float, height: float, area_mm2: float, over: bool, wafer: tuple[float, ...]
) -> list[tuple[str, object, str]]:
    """The die and wafer rows of ``tigris die``'s table: size [mm], area [mm^2], whether
    it exceeds the reticle, and the wafer diameter, edge exclusion and scribe [mm]."""
    diameter, edge, scribe = wafer
    return [
        ("die", f"{width:g} x {height:g}", "mm"),
        ("die area", area_mm2, "mm^2"),
        ("exceeds reticle", "yes" if over else "no", ""),
        ("wafer / edge / scribe", f"{diameter:g} / {edge:g} / {scribe:g}", "mm"),
    ]


def _gross_rows(exact: int, at_most: int, est: float) -> list[tuple[str, object, str]]:
    """The gross-dies rows: the exact count (or the best found and the proven upper
    bound when the search stopped at its guard) and the analytic estimate [per wafer]."""
    found = (
        [("gross dies (exact)", exact, "per wafer")]
        if at_most == exact
        else [
            ("gross dies (best found)", exact, "per wafer"),
            ("gross dies, at most", at_most, "per wafer"),
        ]
    )
    return [*found, ("gross dies (analytic)", est, "per wafer")]


def _d0_rows(choice: Any, node_name: str | None) -> list[tuple[str, Any, str]]:
    """The D0 row and the row saying how it was derived, for the tables."""
    return [
        ("D0" + (f" ({node_name})" if node_name else ""), choice.d0_per_cm2, "defects/cm^2"),
        ("D0 from", choice.explanation, ""),
    ]


def _d0_fields(
    node_name: str | None, wafer: float, edge: float, scribe: float, choice: Any, model: str
) -> dict[str, Any]:
    """The wafer, D0 and yield-model fields of ``tigris die --json``, with or without a
    die [mm], [defects/cm^2]."""
    return {
        "node": node_name,
        "wafer_diameter_mm": wafer,
        "edge_mm": edge,
        "scribe_mm": scribe,
        "d0_per_cm2": choice.d0_per_cm2,
        "d0_basis": choice.basis,
        "d0_months_since_hvm": choice.months_since_hvm,
        "d0_explanation": choice.explanation,
        "model": model,
    }


def _d0_and_wafer(
    node: str | None,
    d0: float | None,
    wafer_mm: float | None,
    months: float | None = None,
    year: int | None = None,
) -> tuple[Any, float, str | None]:
    if node is None and d0 is None:
        field = "--months" if months is not None else "--year" if year is not None else "--d0"
        raise InputError("give --d0 (defects/cm^2) or --node to take its D0", field=field)
    require_positive(d0, "--d0", allow_zero=True)
    _check_wafer_mm(wafer_mm)
    nd = get_node(node, field="--node") if node is not None else None
    if nd is not None and d0 is None and months is None:
        _refuse_year_before_hvm(year, [(f"node {nd.name}", int(nd.hvm_year), hvm_label(nd))])
    choice = node_d0(nd, d0_per_cm2=d0, months=months, year=year, fields=D0_FLAGS)
    if wafer_mm is not None:
        wafer = wafer_mm
    elif nd is not None:
        wafer = nd.wafer_diameter_mm
    else:
        wafer = silicon_param("wafer_diameter_mm")
    return choice, float(wafer), nd.name if nd is not None else None


def _check_wafer_mm(wafer_mm: float | None) -> None:
    """Refuse a ``--wafer-mm`` that is not positive or beyond the largest standard size."""
    require_positive(wafer_mm, "--wafer-mm")
    largest = silicon_param(MAX_WAFER_ROW)
    if wafer_mm is not None and wafer_mm > largest:
        msg = (
            f"expected a wafer diameter in (0, {largest:g}] mm (the largest wafer size ever "
            f"standardised, {MAX_WAFER_ROW} in data/silicon_params.csv; leading-edge "
            f"logic runs on {silicon_param('wafer_diameter_mm'):g} mm), got {wafer_mm:g}"
        )
        raise InputError(msg, field="--wafer-mm")


def _too_many_rows(height: float, wafer: float, edge: float, scribe: float) -> InputError:
    """The exact count's row limit as the command line's error: the rows are the usable
    diameter over the die pitch (``--height`` + ``--scribe-mm``), and with the wafer
    bounded (:data:`MAX_WAFER_ROW`) only a short pitch reaches the limit, so the error
    names ``--height`` and the least height that is counted (user test S45 #2: a huge
    ``--wafer-mm`` was told to "give a larger die")."""
    usable = wafer - 2.0 * edge  # [mm]
    # rows = ceil(usable / pitch) + 2 <= MAX_GRID_ROWS (tigris.silicon.dies._offset_counts)
    least = usable / (MAX_GRID_ROWS - 2) - scribe
    step = 10.0 ** (math.floor(math.log10(least)) - 2)  # three significant digits, up
    least = math.ceil(least / step) * step
    msg = (
        f"a die pitch of {height + scribe:g} mm (--height {height:g} + --scribe-mm "
        f"{scribe:g}) is so short against the {usable:g} mm usable wafer that the exact "
        f"count would walk more than {MAX_GRID_ROWS:,} rows; expected --height of at "
        f"least {least:.3g} mm"
    )
    return InputError(msg, field="--height")


def _under_one_die(bill: Any) -> str | None:
    """The warning for a bill whose wafers yield less than one good logic die, else None.

    Such a density is refused only where the yield underflows to zero (``--d0 1000``);
    ``--d0 10`` priced an H100 at 1.9e25 logic wafers per 1,000 units and a gross
    margin of -1.2e24 % without a word (user test 2026-12-06 #8): the part cannot be
    made there, and the bill's numbers are an expectation over wafers that are almost
    all scrap.
    """
    good = float(bill.good_dies_per_wafer)
    if not good < 1.0:
        return None
    return (
        f"at {float(bill.d0_per_cm2):g} defects/cm^2 {bill.accelerator}'s "
        f"{float(bill.logic_die_area_mm2):g} mm^2 logic die yields {float(bill.die_yield):.3g}: "
        f"{good:.3g} good dies per wafer, fewer than one, so the part is not made at this "
        "density and the wafers, cost and margin below are expectations over wafers "
        "that are all but scrap"
    )


def _chip_field(bill: Any) -> str | None:
    """The warning for a logic die larger than its node's exposure field, else None.

    The catalog refuses a die larger than the 26 x 33 mm field, so this speaks only
    where ``--node`` moves a part to a node with High-NA layers, whose half-field is
    26 x 16.5 mm (user test 2026-12-06: B200's 800 mm^2 dies on 14A passed silently).
    """
    if not bill.exceeds_reticle:
        return None
    high_na = _node_high_na(bill.node)
    rw, rh = reticle_field_mm(high_na)
    area = float(bill.logic_die_area_mm2)
    size = f"{rw:g} x {rh:g} mm"
    what = f"{bill.node}'s {size} High-NA half-field" if high_na else f"the {size} reticle field"
    return (
        f"{bill.accelerator}'s {area:,.4g} mm^2 logic die is larger than {what} "
        f"({rw * rh:,.4g} mm^2, data/silicon_params.csv): it needs two "
        "exposures stitched across the die, which tigris does not cost (their yield is "
        "not in the bill)"
    )


def _node_high_na(node_name: str | None) -> bool:
    """True when the node named has High-NA layers, so a half-field exposure [-]."""
    if node_name is None:
        return False
    from tigris.nodes import get_node

    return uses_high_na(get_node(node_name))


def _reticle_warning(width: float, height: float, node_name: str | None = None) -> str:
    """The warning for a die outline larger than the reticle field, with the field's
    size and source (``silicon_params.csv``).

    ``tigris die`` counts such a die (a user may study a hypothetical) but no scanner
    exposes it in one shot, and the catalog refuses a part whose die area exceeds the
    field (:mod:`tigris.catalog_schema`); the note that said so reached a terminal
    only, so a piped run printed 31 good dies of a 900 mm^2 die without a word (user
    test S45 #5). A die whose area fits the field drawn 26 mm wide is told so: that is
    the outline ``tigris chip`` places a catalog die's area in (UT-CHIP 11). On a node
    with High-NA layers the field is the 26 x 16.5 mm half-field (user test 2026-12-06).
    """
    high_na = _node_high_na(node_name)
    rw, rh = reticle_field_mm(high_na)
    key = "high_na_reticle_height_mm" if high_na else "reticle_width_mm"
    row = next(r for r in load_rows("silicon_params") if r["parameter"] == key)
    area = width * height
    what = f"High-NA half-field of {node_name}" if high_na else "reticle field"
    field = (
        f"a {width:g} x {height:g} mm die exceeds the {rw:g} x {rh:g} mm {what} "
        f"(data/silicon_params.csv, as of {row['as_of']}: {row['source']})"
    )
    if area <= rw * rh:  # the area fits one field drawn at its width
        return (
            f"{field}; its {area:,.4g} mm^2 fit as {rw:g} x {area / rw:.4g} mm, the "
            "outline tigris chip places a catalog die's area in, which is why chip says "
            "it does not exceed the reticle"
        )
    if high_na:
        return (
            f"{field}; its {area:,.4g} mm^2 are more than the half-field's "
            f"{rw * rh:,.4g} mm^2: it needs two exposures stitched together across the "
            "die, which tigris does not cost (its yield and the stitch's are not in the "
            "counts)"
        )
    return (
        f"{field}; its {area:,.4g} mm^2 are more than the field's {rw * rh:,.4g} mm^2, "
        "and a scanner exposes at most one field, so no such die is made: the counts "
        "are for a hypothetical die (an --accelerators file refuses it; split it into "
        "dies of at most one field, B200: 2 x 800 mm^2)"
    )


def _refuse_year_before_hvm(year: int | None, parts: list[tuple[str, int, str]]) -> None:
    """Refuse a ``--year`` before volume production of anything the answer reads by age.

    A learning curve is read at ``max(0, age)`` (:func:`tigris.silicon.months_since_hvm`),
    so a year before HVM would silently get the HVM value and a sentence claiming an
    age of 0 months (``--year 1990`` on N4 printed a full bill for it). ``parts`` holds
    ``(what, hvm_year, hvm label)`` per input; the latest HVM year is the earliest year
    accepted.
    """
    if year is None or not parts:
        return
    what, first, label = max(parts, key=lambda p: p[1])
    if year < first:
        msg = (
            f"expected {first} or later ({what} entered volume production in {label}; "
            f"its learning curve starts there), got {year}"
        )
        raise InputError(msg, field="--year")


def _edge_on(wafer_mm: float, edge_mm: float | None) -> float:
    """The edge exclusion [mm] on a wafer of ``wafer_mm``, refused with the option's name
    when it leaves no usable wafer (user test 2026-12-05 chain #6: the error named
    ``edge_mm``, the Python keyword)."""
    edge = silicon_param("edge_exclusion_mm") if edge_mm is None else edge_mm
    if 2 * edge >= wafer_mm and edge_mm is None:  # the user gave the wafer, not the edge
        msg = (
            f"expected a wafer diameter above {2 * edge:g} mm (twice the default "
            f"{edge:g} mm edge exclusion, edge_exclusion_mm in data/silicon_params.csv; "
            f"or give --edge-mm), got {wafer_mm:g}: it leaves no usable wafer"
        )
        raise InputError(msg, field="--wafer-mm")
    if 2 * edge >= wafer_mm:
        msg = (
            f"expected an edge exclusion below {wafer_mm / 2:g} mm (half the {wafer_mm:g} mm "
            f"wafer), got {edge:g}: it leaves no usable wafer"
        )
        raise InputError(msg, field="--edge-mm")
    return float(edge)


def _scribe_on(wafer_mm: float, edge_mm: float, scribe_mm: float | None) -> float:
    """The scribe lane [mm], refused when wider than the usable wafer ``wafer - 2 edge``.

    A lane that wide spaces the dies more than a wafer apart, so at most one die is
    counted whatever its size (user test s47 #6: ``--scribe-mm 1e308`` was accepted and
    counted one die while the analytic estimate said 0): a typo, not a layout. Real
    lanes are ~0.05-0.1 mm (``scribe_lane_mm``, ``silicon_params.csv``).
    """
    scribe = silicon_param("scribe_lane_mm") if scribe_mm is None else scribe_mm
    usable = wafer_mm - 2.0 * edge_mm
    if scribe > usable:
        msg = (
            f"expected a scribe lane of at most {usable:g} mm (the usable wafer, "
            f"{wafer_mm:g} mm less twice the {edge_mm:g} mm edge: a wider lane leaves at "
            f"most one die; real lanes are ~{silicon_param('scribe_lane_mm'):g} mm), "
            f"got {scribe:g}"
        )
        raise InputError(msg, field="--scribe-mm")
    return float(scribe)


def _die_outline_checked(width: float, height: float, wafer_mm: float) -> None:
    """Refuse a die side larger than the wafer: no such die is on it, and the area of
    two such sides may overflow to inf, which was blamed on ``die_area_mm2`` (user test
    s47 #6, ``--width 1e308 --height 1e308``)."""
    for flag, side in (("--width", width), ("--height", height)):
        if side > wafer_mm:
            msg = (
                f"expected a die side of at most the {wafer_mm:g} mm wafer diameter "
                f"(a larger die is on no wafer), got {side:g} mm"
            )
            raise InputError(msg, field=flag)


def _on_no_wafer(
    width: float, height: float, wafer: float, edge: float, scribe: float, wafer_given: bool
) -> InputError:
    """The error for a die no place on the usable wafer holds (0 gross dies, the exact
    count's proof), naming ``--wafer-mm`` when it was given (user test s57 #7:
    ``--wafer-mm 12``, inches for millimetres, counted 0 dies with exit 0), else
    ``--width``."""
    usable = wafer - 2.0 * edge
    msg = (
        f"a {width:g} x {height:g} mm die (with its {scribe:g} mm scribe lane) fits on no "
        f"{wafer:g} mm wafer ({usable:g} mm usable inside the {edge:g} mm edge "
        "exclusion): 0 gross dies"
    )
    if wafer_given:
        standard = silicon_param("wafer_diameter_mm")
        msg += f"; --wafer-mm is the diameter in mm ({standard:g} for a 12-inch wafer)"
        return InputError(msg, field="--wafer-mm")
    return InputError(msg + "; give a smaller die", field="--width")


def _check_model_options(
    ym: YieldModel,
    critical_layers: float | None,
    alpha: float | None,
    units: int | None,
    unit_fraction: float | None,
) -> None:
    """Refuse an option the chosen yield model would silently ignore."""
    if critical_layers is not None and ym is not YieldModel.BOSE_EINSTEIN:
        msg = "applies only to --model bose-einstein"
        raise InputError(msg, field="--critical-layers")
    if alpha is not None and ym is not YieldModel.NEGATIVE_BINOMIAL:
        raise InputError("applies only to --model negative-binomial", field="--alpha")
    if unit_fraction is not None and units is None:
        raise InputError("applies only with --units and --spares", field="--unit-fraction")


def _sides_of(
    width: float | None, height: float | None, area: float | None, node: str | None = None
) -> tuple[float | None, float | None]:
    """The die's width and height [mm] from ``--width``, ``--height`` and ``--area``
    [mm^2]. An area with one side gives the other as ``area / side``; an area alone is a
    square die (``sqrt(area)`` a side) where the square fits the reticle field (the
    node's: the High-NA half-field on a node with High-NA layers), else the field's width
    by ``area / width``, the outline ``tigris chip`` places a catalog die's area in
    (:func:`_reticle_warning`), so that GH100's 814 mm^2 is 26 x 31.31 mm, not a
    28.53 mm square no scanner exposes. An area with both sides is refused (the die
    given twice). The gross-die count depends on the sides, not only the area (the cell
    ``(w + s)(h + s)`` and the whole dies on the disc), so the outline is the table's
    ``die`` row.

    >>> _sides_of(None, None, 100.0)
    (10.0, 10.0)
    >>> _sides_of(None, None, 814.0)[0], round(_sides_of(None, None, 814.0)[1], 2)
    (26.0, 31.31)
    >>> _sides_of(26.0, None, 814.0)[1] == 814.0 / 26.0
    True
    >>> _sides_of(26.0, 31.3, None)
    (26.0, 31.3)
    """
    if area is None:
        return width, height
    if width is not None and height is not None:
        msg = "give --area or both --width and --height, not all three (the die twice)"
        raise InputError(msg, field="--area")
    if width is not None:
        return width, area / width
    if height is not None:
        return area / height, height
    side = math.sqrt(area)
    rw, rh = reticle_field_mm(_node_high_na(node))
    if side <= min(rw, rh):
        return side, side
    return rw, area / rw


def die(
    width: Annotated[
        float | None,
        typer.Option(
            "--width",
            help="Die width without scribe \\[mm]. Without --width and --height: the D0 "
            "and the yield of dies of 1/16 to 1 reticle field.",
        ),
    ] = None,
    height: Annotated[
        float | None, typer.Option("--height", help="Die height without scribe \\[mm].")
    ] = None,
    area: Annotated[
        float | None,
        typer.Option(
            "--area",
            help="Die area without scribe \\[mm^2], for a die known by its area (GH100: "
            "814): a square die where it fits the reticle field, else the field's 26 mm "
            "wide (814 is 26 x 31.31, as tigris chip places it); with --width or "
            "--height the other side is area / that side.",
        ),
    ] = None,
    node: Annotated[str | None, typer.Option("--node", help=NODE_HELP + " and wafer size.")] = None,
    d0: Annotated[float | None, typer.Option("--d0", help=D0_HELP)] = None,
    months: Annotated[float | None, typer.Option("--months", help=MONTHS_HELP)] = None,
    year: Annotated[int | None, typer.Option("--year", help=YEAR_HELP)] = None,
    model: Annotated[str | None, typer.Option("--model", help=MODEL_HELP)] = None,
    edge_mm: Annotated[
        float | None,
        typer.Option(
            "--edge-mm",
            help="Edge exclusion \\[mm]; default "
            f"{silicon_param('edge_exclusion_mm'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    scribe_mm: Annotated[
        float | None,
        typer.Option(
            "--scribe-mm",
            help="Scribe lane \\[mm]; default "
            f"{silicon_param('scribe_lane_mm'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    wafer_mm: Annotated[
        float | None,
        typer.Option(
            "--wafer-mm",
            help="Wafer diameter \\[mm] (default: the node's, else "
            f"{silicon_param('wafer_diameter_mm'):g}; at most "
            f"{silicon_param(MAX_WAFER_ROW):g}, the largest size standardised).",
        ),
    ] = None,
    critical_layers: Annotated[
        float | None,
        typer.Option(
            "--critical-layers",
            help="Bose-Einstein critical layers \\[-]; default "
            f"{silicon_param('critical_layers'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    alpha: Annotated[
        float | None,
        typer.Option(
            "--alpha",
            help="Negative-binomial clustering alpha \\[-]; default "
            f"{silicon_param('clustering_alpha'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    systematic_yield: Annotated[
        float | None,
        typer.Option(
            "--systematic-yield",
            help="Defect-independent yield multiplier \\[-]; default "
            f"{silicon_param('systematic_yield'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    units: Annotated[
        int | None,
        typer.Option(
            "--units", help="Identical repeatable units on the die, e.g. 144 SMs \\[count]."
        ),
    ] = None,
    spares: Annotated[
        int | None,
        typer.Option("--spares", help="Units that may be defective, e.g. 12 of 144 \\[count]."),
    ] = None,
    unit_fraction: Annotated[
        float | None,
        typer.Option(
            "--unit-fraction",
            help="Share of die area in the units \\[-]; default "
            f"{silicon_param('unit_area_fraction'):g} (data/silicon_params.csv).",
        ),
    ] = None,
    plot: Annotated[
        Path | None,
        typer.Option("--plot", help="Write a wafer-map PNG here.", dir_okay=False),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed",
            help=f"Random seed of which dies --plot draws good or bad (only with --plot; "
            f"default {DEFAULT_SEED}) \\[-].",
        ),
    ] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Dies per wafer and die yield for one die size.

    Gross dies two ways: the analytic estimate pi(d/2)^2/S - pi d/sqrt(2S) (d the
    diameter inside the edge exclusion, S the die's cell with its scribe lanes,
    (w+s)(h+s); docs/silicon.md, 'Gross dies per wafer') and an exact count of whole
    dies on the usable disc, the most over every position of the die grid (an exact
    search, not a sample; a die tens of micrometres tall stops after ~2 s with the count
    found and the most there can be). Good dies = exact gross dies x yield. A die larger
    than the 26 x 33 mm reticle is flagged. --units/--spares add harvesting (GH100:
    --units 144 --spares 12). --plot draws the wafer map. D0: --d0, or the node's at
    volume ramp, or with --months/--year the node's learning curve (N5 three years on:
    --node N5 --months 36). A die without --d0 or --node: its gross dies only (they need
    no D0; the table says the yield needs one). With --model bose-einstein, --d0 is the
    total over all --critical-layers. Without --width and --height: the D0 and the yield
    of dies from 1/16 of the reticle field to the whole field.

    Examples:

        tigris die --width 26 --height 31.3 --node N4
        tigris die --width 26 --height 31.3 --node N4 --units 144 --spares 12
        tigris die --width 10 --height 10 --node N5 --months 36 --model murphy
        tigris die --area 814 --node N4 --year 2025
        tigris die --node N3 --year 2026

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    check_params(locals())
    width, height = _sides_of(width, height, area, node)
    if width is None or height is None:
        given = [f for f, v in (("--width", width), ("--height", height)) if v is not None]
        if given:
            missing = "--height" if given == ["--width"] else "--width"
            msg = (
                f"give {missing} with {given[0]} (a die's size), or neither for the D0 and "
                "the yield by die size"
            )
            raise InputError(msg, field=missing)
        no_die = (("--plot", plot), ("--units", units), ("--spares", spares), ("--seed", seed))
        for flag, value in no_die:
            if value is not None:
                raise InputError("needs a die: give --width and --height", field=flag)
        _die_ladder(
            node,
            d0,
            wafer_mm,
            months,
            year,
            DEFAULT_MODEL if model is None else model,
            edge_mm,
            scribe_mm,
            json_,
            critical_layers=critical_layers,
            alpha=alpha,
            systematic_yield=systematic_yield,
        )
        return
    if plot is not None:
        check_plot_path(plot)
    require_positive(width, "--width")
    require_positive(height, "--height")
    require_positive(edge_mm, "--edge-mm", allow_zero=True)
    require_positive(scribe_mm, "--scribe-mm", allow_zero=True)
    if node is None and d0 is None and months is None and year is None:
        yield_flags = {
            "--model": model,
            "--units": units,
            "--spares": spares,
            "--unit-fraction": unit_fraction,
            "--critical-layers": critical_layers,
            "--alpha": alpha,
            "--systematic-yield": systematic_yield,
            "--plot": plot,
            "--seed": seed,
        }
        _gross_only(width, height, wafer_mm, edge_mm, scribe_mm, yield_flags, json_)
        return
    ym = parse_yield_model(DEFAULT_MODEL if model is None else model, field="--model")
    d0_choice, wafer, node_name = _d0_and_wafer(node, d0, wafer_mm, months, year)
    d0_used = d0_choice.d0_per_cm2
    if (units is None) != (spares is None):
        raise InputError("give --units and --spares together", field="--spares")
    if units is not None and spares is not None and spares > units:
        msg = f"expected at most --units ({units}) defective units, got {spares}"
        raise InputError(msg, field="--spares")
    if spares is not None and spares > MAX_SPARES_SUMMED:
        msg = (
            f"expected at most {MAX_SPARES_SUMMED:,} spare units (the binomial sum is taken "
            f"term by term), got {spares:,}"
        )
        raise InputError(msg, field="--spares")
    _check_model_options(ym, critical_layers, alpha, units, unit_fraction)
    if seed is not None and plot is None:  # as --alpha without its model (user test s47 #10)
        raise InputError("applies only with --plot (which dies it draws bad)", field="--seed")
    seed = DEFAULT_SEED if seed is None else seed
    if seed < 0:
        raise InputError(f"expected a whole number >= 0, got {seed}", field="--seed")
    edge = _edge_on(wafer, edge_mm)
    scribe = _scribe_on(wafer, edge, scribe_mm)
    _die_outline_checked(width, height, wafer)
    area_mm2 = width * height
    try:
        exact, at_most = gross_dies_exact_bounds(width, height, wafer, edge, scribe)
    except InputError:  # named for the command line (user test 2026-12-05 chain #8)
        raise _too_many_rows(height, wafer, edge, scribe) from None
    if at_most == 0:
        raise _on_no_wafer(width, height, wafer, edge, scribe, wafer_mm is not None)
    est = float(gross_dies_estimate(area_mm2, wafer, edge, scribe, width_mm=width))
    kw: dict[str, Any] = {
        "critical_layers": critical_layers,
        "alpha": alpha,
        "systematic_yield": systematic_yield,
    }
    area_cm2 = area_mm2 / MM2_PER_CM2
    if units is not None:
        y = float(
            harvested_yield(
                ym, area_cm2, d0_used, units, spares, unit_area_fraction=unit_fraction, **kw
            )
        )
    else:
        y = float(die_yield(ym, area_cm2, d0_used, **kw))
    over = bool(exceeds_reticle(width, height, high_na=_node_high_na(node_name)))
    params = _model_params(ym, kw, units, unit_fraction)
    result: dict[str, Any] = {
        "width_mm": width,
        "height_mm": height,
        "die_area_mm2": area_mm2,
        "exceeds_reticle": over,
        **_d0_fields(node_name, wafer, edge, scribe, d0_choice, ym.value),
        **params,
        "units": units,
        "spares": spares,
        "gross_dies": exact,
        # the most there can be: gross_dies when the search proved it (a die tens of
        # micrometres tall stops at the search's guard on time; s48)
        "gross_dies_at_most": at_most,
        "gross_dies_estimate": est,
        "yield": y,
        "good_dies": exact * y,
        "good_dies_estimate": est * y,
    }
    if plot is not None:
        from tigris.viz.wafer import plot_wafer_map

        try:
            with atomic_file(plot, "--plot") as tmp:
                drawn = plot_wafer_map(
                    width,
                    height,
                    d0_used,
                    rng=np.random.default_rng(seed),
                    wafer_diameter_mm=wafer,
                    edge_mm=edge,
                    scribe_mm=scribe,
                    path=tmp,
                    # the same yield as the table (harvesting included), written alike
                    model=ym,
                    units=units,
                    spares=spares,
                    unit_area_fraction=unit_fraction,
                    number_format=fmt,
                    **kw,
                )
        except OSError as exc:
            msg = f"cannot write {plot}: {exc.strerror or exc}"
            raise InputError(msg, field="--plot") from None
        except InputError as exc:  # the drawing's own limit, named by its flag
            raise InputError(exc.problems[0].message, field="--plot") from None
        result["plot"] = {
            "path": str(plot),
            "seed": seed,
            "whole": drawn.whole,
            "good": drawn.good,
            "harvested": drawn.harvested,
            "defective": drawn.defective,
            "partial": drawn.partial,
            "expected_good": drawn.expected_good,
        }
        err_console.print(f"wrote {plot}")
    warnings = [_reticle_warning(width, height, node_name)] if over else []
    for warning in warnings:  # always, as fab's (err_console is for terminals only)
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.flush()
    result["warnings"] = warnings
    if json_:
        emit_json(result)
        return
    rows = [
        *_geometry_rows(width, height, area_mm2, over, (wafer, edge, scribe)),
        *_d0_rows(d0_choice, node_name),
        *_gross_rows(exact, at_most, est),
        (f"yield ({_model_label(result['model'], params, units is not None)})", y, "-"),
        ("good dies", exact * y, "per wafer"),
    ]
    print_table(console, kv_table("Dies per wafer", rows))


def _model_params(
    ym: YieldModel, kw: dict[str, Any], units: int | None, unit_fraction: float | None
) -> dict[str, float | None]:
    """The yield model's parameters as used, the data's defaults filled in, so a saved
    ``--json`` says what made its yield (user test 2026-12-07 #6: ``--systematic-yield
    0.9`` gave "yield (poisson) 0.8144" where plain Poisson is 0.9048, and the JSON had
    no trace of it): ``critical_layers`` (Bose-Einstein), ``alpha`` (negative binomial)
    and ``unit_fraction`` (harvested) where they apply, else None; ``systematic_yield``
    always [-]."""

    def used(value: float | None, row: str) -> float:
        return float(silicon_param(row) if value is None else value)

    be, nb = ym is YieldModel.BOSE_EINSTEIN, ym is YieldModel.NEGATIVE_BINOMIAL
    return {
        "critical_layers": used(kw["critical_layers"], "critical_layers") if be else None,
        "alpha": used(kw["alpha"], "clustering_alpha") if nb else None,
        "systematic_yield": used(kw["systematic_yield"], "systematic_yield"),
        "unit_fraction": used(unit_fraction, "unit_area_fraction") if units is not None else None,
    }


def _model_label(model: str, params: dict[str, float | None], harvested: bool) -> str:
    """``poisson``, ``negative-binomial, alpha 5, systematic 0.9, harvested, unit
    fraction 0.5``: the model with each parameter that applies; the systematic yield
    only when it is not 1 (it then changes the yield)."""
    words = [model]
    if params["critical_layers"] is not None:
        words.append(f"{params['critical_layers']:g} critical layers")
    if params["alpha"] is not None:
        words.append(f"alpha {params['alpha']:g}")
    if params["systematic_yield"] != 1.0:
        words.append(f"systematic {params['systematic_yield']:g}")
    if harvested:
        words.append(f"harvested, unit fraction {params['unit_fraction']:g}")
    return ", ".join(words)


#: What ``tigris die`` says when a die is given without a defect density.
NO_D0_NOTE = (
    "gross dies need no defect density; the yield and good dies need one: give --d0 "
    "(defects/cm^2) or --node to take its D0"
)
#: What an option refused without a D0 does, where "shapes the yield" is not the truth
#: (``--plot`` draws the wafer map; ``--seed`` picks which dies it draws bad).
_NO_D0_WHAT = {
    "--model": "picks the yield model",
    "--plot": "draws the wafer map of good and bad dies",
    "--seed": "picks which dies the wafer map draws bad",
}


def _gross_only(
    width: float,
    height: float,
    wafer_mm: float | None,
    edge_mm: float | None,
    scribe_mm: float | None,
    yield_flags: dict[str, Any],
    json_: bool,
) -> None:
    """``tigris die --width W --height H`` without ``--d0`` or ``--node``: the gross dies
    per wafer (exact and analytic), which need no defect density, and a note that the
    yield needs one (user test s49 #9). Options that only shape the yield or draw the
    wafer map (``yield_flags``, flag -> value; ``--model`` only when given) are refused,
    each in words true of it (:data:`_NO_D0_WHAT`), naming the missing D0."""
    for flag, value in yield_flags.items():
        if value is not None:
            what = _NO_D0_WHAT.get(flag, "shapes the yield")
            msg = f"{what}, which needs a defect density: {NO_D0_NOTE.split(': ')[1]}"
            raise InputError(msg, field=flag)
    _check_wafer_mm(wafer_mm)
    wafer = float(wafer_mm if wafer_mm is not None else silicon_param("wafer_diameter_mm"))
    edge = _edge_on(wafer, edge_mm)
    scribe = _scribe_on(wafer, edge, scribe_mm)
    _die_outline_checked(width, height, wafer)
    area_mm2 = width * height
    try:
        exact, at_most = gross_dies_exact_bounds(width, height, wafer, edge, scribe)
    except InputError:
        raise _too_many_rows(height, wafer, edge, scribe) from None
    est = float(gross_dies_estimate(area_mm2, wafer, edge, scribe, width_mm=width))
    over = bool(exceeds_reticle(width, height))
    warnings = [_reticle_warning(width, height)] if over else []
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.flush()
    if json_:
        emit_json(
            {
                "width_mm": width,
                "height_mm": height,
                "die_area_mm2": area_mm2,
                "exceeds_reticle": over,
                "node": None,
                "wafer_diameter_mm": wafer,
                "edge_mm": edge,
                "scribe_mm": scribe,
                "d0_per_cm2": None,
                "gross_dies": exact,
                "gross_dies_at_most": at_most,
                "gross_dies_estimate": est,
                "yield": None,
                "good_dies": None,
                "note": NO_D0_NOTE,
                "warnings": warnings,
            }
        )
        return
    rows = [
        *_geometry_rows(width, height, area_mm2, over, (wafer, edge, scribe)),
        *_gross_rows(exact, at_most, est),
        ("yield, good dies", "need --d0 or --node", ""),
    ]
    print_table(console, kv_table("Dies per wafer", rows))
    err_console.print(f"note: {NO_D0_NOTE}")


def reticle_fractions(high_na: bool = False) -> list[tuple[float, float, float]]:
    """Die outlines from 1/16 of the reticle field to the whole field, halving the area.

    Each die has the field's aspect ratio (``reticle_width_mm`` x ``reticle_height_mm``,
    ``silicon_params.csv``: 26 x 33 mm, the exposure field of an EUV or DUV scanner)
    scaled by the square root of its share of the field's area: the sizes a D0 is read
    against when no die is given. On a node with High-NA layers (``high_na``) the field
    is the 26 x 16.5 mm half-field (:func:`tigris.silicon.dies.reticle_field_mm`).

    Parameters
    ----------
    high_na : bool, optional
        Read the High-NA half-field instead of the full field.

    Returns
    -------
    list of (float, float, float)
        ``(share of the field's area [-], width [mm], height [mm])``, smallest first.

    References
    ----------
    ASML, NXE:3600D product page: 26 x 33 mm full field (``silicon_params.csv``); the
    High-NA half-field: D. Xu et al. (imec), JM3 2025.

    Examples
    --------
    >>> [round(f, 4) for f, _, _ in reticle_fractions()]
    [0.0625, 0.125, 0.25, 0.5, 1.0]
    >>> reticle_fractions()[0][1:]
    (6.5, 8.25)
    """
    rw, rh = reticle_field_mm(high_na)
    halvings = 4  # 1/16 ... 1 of the field: the span from a small die to a reticle-limited one
    out = []
    for k in range(halvings, -1, -1):
        share = 0.5**k
        out.append((share, rw * math.sqrt(share), rh * math.sqrt(share)))
    return out


def _die_ladder(
    node: str | None,
    d0: float | None,
    wafer_mm: float | None,
    months: float | None,
    year: int | None,
    model: str,
    edge_mm: float | None,
    scribe_mm: float | None,
    json_: bool,
    **kw: Any,
) -> None:
    """``tigris die`` without a die: the D0 (with how it was derived) and gross dies,
    yield and good dies for the outlines of :func:`reticle_fractions`."""
    require_positive(edge_mm, "--edge-mm", allow_zero=True)
    require_positive(scribe_mm, "--scribe-mm", allow_zero=True)
    ym = parse_yield_model(model, field="--model")
    d0_choice, wafer, node_name = _d0_and_wafer(node, d0, wafer_mm, months, year)
    _check_model_options(ym, kw["critical_layers"], kw["alpha"], None, None)
    edge = _edge_on(wafer, edge_mm)
    scribe = _scribe_on(wafer, edge, scribe_mm)
    d0_used = d0_choice.d0_per_cm2
    by_area = []
    high_na = _node_high_na(node_name)
    for part, w, h in reticle_fractions(high_na):
        area = w * h
        gross = int(gross_dies_exact(w, h, wafer, edge, scribe))
        y = float(die_yield(ym, area / MM2_PER_CM2, d0_used, **kw))
        by_area.append(
            {
                "share_of_reticle": part,
                "width_mm": w,
                "height_mm": h,
                "die_area_mm2": area,
                "gross_dies": gross,
                "yield": y,
                "good_dies": gross * y,
            }
        )
    result = {
        **_d0_fields(node_name, wafer, edge, scribe, d0_choice, ym.value),
        "by_area": by_area,
    }
    if json_:
        emit_json(result)
        return
    rows = [
        ("wafer / edge / scribe", f"{wafer:g} / {edge:g} / {scribe:g}", "mm"),
        *_d0_rows(d0_choice, node_name),
        ("yield model", ym.value, ""),
    ]
    print_table(console, kv_table("Defect density", rows))
    field = f"{node_name}'s High-NA half-field" if high_na else "the reticle field"
    table = Table(title=f"Yield by die size (dies of {field}'s shape)")
    for col in ("share of field", "die [mm]", "area [mm^2]", "gross dies", "yield", "good dies"):
        table.add_column(col, justify="right")
    for r in by_area:
        table.add_row(
            f"{r['share_of_reticle']:g}",
            f"{r['width_mm']:.4g} x {r['height_mm']:.4g}",
            fmt(r["die_area_mm2"]),
            fmt(r["gross_dies"]),
            f"{r['yield']:.4f}",
            fmt(r["good_dies"]),
        )
    print_table(console, table)
    err_console.print("a die of your own: tigris die --width W --height H (same options)")


def chip(
    name: Annotated[str, typer.Argument(help="Accelerator name or alias (see 'tigris catalog').")],
    node: Annotated[
        str | None, typer.Option("--node", help="Process node overriding the catalog's.")
    ] = None,
    d0: Annotated[float | None, typer.Option("--d0", help=CHIP_D0_HELP)] = None,
    model: Annotated[str, typer.Option("--model", help=CHIP_MODEL_HELP)] = "poisson",
    months: Annotated[float | None, typer.Option("--months", help=MONTHS_HELP)] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Production year: every learning curve at mid-year (logic and base-die "
            "D0, HBM DRAM D0 and bonding, package yield); refused before the node's or "
            "HBM's volume start, warned before the package's (its start yield) \\[year].",
        ),
    ] = None,
    mature: Annotated[
        bool,
        typer.Option(
            "--mature",
            help="Every learning curve at its end, the basis of 'tigris fab --product' \\[-].",
        ),
    ] = False,
    no_harvest: Annotated[
        bool, typer.Option("--no-harvest", help="Ignore SM/CU harvesting (all units needed).")
    ] = False,
    accelerators: Annotated[
        Path | None,
        typer.Option("--accelerators", help="YAML file of extra accelerators.", dir_okay=False),
    ] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[bool, JSON_OPTION] = False,
) -> None:
    """Silicon bill of one accelerator: dies, wafers, HBM, cost, margin.

    Per good packaged accelerator (package yield included): logic wafers,
    interposer (CoWoS) wafers and HBM stacks, shown per 1,000 units;
    manufacturing cost \\[USD] split into logic dies, interposer, HBM,
    packaging and test; gross margin against the catalog price.
    Basis, printed in the bill: without --year or --mature, a launch bill
    (the logic, base-die and HBM DRAM defect densities at their own volume
    starts, e.g. N7's April 2018 for MI300X's 2023 base dies, not the part's
    launch year; bonding and package yields mature); --year Y, every learning
    curve at mid-Y; --mature, every one at its end. --d0 or --months set
    the logic D0 alone.

    Examples:

        tigris chip h100
        tigris chip b200 --year 2026
        tigris chip mi300x --mature --json
        tigris chip h100 --node N3 --model murphy

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    check_params(locals())
    ym = parse_yield_model(model, field="--model")
    require_positive(d0, "--d0", allow_zero=True)
    require_positive(months, "--months", allow_zero=True)
    if months is not None and d0 is not None:
        msg = "sets D0 from the node's learning curve; give --months or --d0, not both"
        raise InputError(msg, field="--months")
    if months is not None and year is not None:
        msg = "both set the node's age; give --months or --year, not both"
        raise InputError(msg, field="--year")
    if mature:
        for flag, value in (("--year", year), ("--d0", d0), ("--months", months)):
            if value is not None:
                msg = f"reads every yield at its learning curve's end; give it or {flag}"
                raise InputError(msg, field="--mature")
    # an unknown part is the argument's problem, named as catalog names it (user test
    # 2026-12-06 #8: "accelerator: unknown accelerator 'foo'" for the NAME argument)
    get_accelerator(name, accelerators, field="NAME")
    nd = get_node(node, field="--node") if node is not None else None
    if year is not None:
        _refuse_year_before_hvm(year, production_starts(name, nd, accelerators))
    try:
        bill = chip_bill(
            name,
            node=nd,
            d0_per_cm2=d0,
            yield_model=ym,
            custom=accelerators,
            months_since_hvm=months,
            year=year,
            harvest=not no_harvest,
            mature=mature,
        )
    except InputError as exc:
        raise _no_good_dies(exc, d0) from None
    placed = _placed_exactly(bill)
    command = _die_command(bill, name, accelerators, placed, data)
    placed_note = _placed_note(bill, placed, command)
    notes = [
        n
        for n in (
            product_name_note(name, accelerators) or None,  # gb200 read as b200 (UT chain #8)
            _node_note(bill),
            _out_of_production_note(bill),
            _prices_note(bill),
            _harvest_note(name, accelerators, no_harvest),
        )
        if n is not None
    ]
    warnings = [
        w
        for w in (_package_before_hvm(bill), _chip_field(bill), _under_one_die(bill))
        if w is not None
    ]
    for warning in warnings:  # on stderr always, as die's reticle warning
        sys.stderr.write(f"warning: {warning}\n")
    sys.stderr.flush()
    if json_:
        doc = {**bill.to_dict(), **placed, "placed_exactly_note": placed_note}
        doc["warnings"] = warnings
        emit_json({**doc, "basis_explanation": basis_text(bill), "notes": notes})
        return
    rows = [
        ("basis", bill.basis, _basis_hint(bill, production_starts(name, nd, accelerators))),
        ("node / package", f"{bill.node} / {bill.package}", ""),
        ("logic dies per unit", bill.logic_dies_per_unit, ""),
        ("logic die area", bill.logic_die_area_mm2, "mm^2"),
        ("exceeds reticle", "yes" if bill.exceeds_reticle else "no", ""),
        ("D0", bill.d0_per_cm2, "defects/cm^2"),
        ("D0 from", bill.d0_explanation, ""),
        ("gross dies per wafer", bill.gross_dies_per_wafer, "analytic, used in the bill"),
        (
            "  placed exactly",
            placed["gross_dies_exact"],
            f"whole {placed['exact_width_mm']:.4g} x {placed['exact_height_mm']:.4g} mm dies "
            "(see note)",
        ),
        (
            f"die yield ({bill.yield_model}{', harvested' if bill.harvesting else ''})",
            bill.die_yield,
            "-",
        ),
        ("good dies per wafer", bill.good_dies_per_wafer, "analytic, used in the bill"),
        ("  placed exactly", placed["good_dies_exact"], "not used in the bill"),
    ]
    if bill.base_dies_per_unit:  # a 3D-stacked part: its logic dies sit on base dies
        rows += [
            ("base dies per unit", bill.base_dies_per_unit, f"on {bill.base_die_node}"),
            ("base die area", bill.base_die_area_mm2, "mm^2"),
            ("base die yield", bill.base_die_yield, _base_basis(bill)),
            ("base-die wafers", PER_THOUSAND * bill.base_wafers_per_unit, "per 1,000 units"),
        ]
    rows += [
        ("interposer area", bill.interposer_area_mm2, "mm^2"),
        ("good interposers per wafer", bill.good_interposers_per_wafer, ""),
        ("package yield", bill.package_yield, _package_yield_from(bill)),
        ("logic wafers", bill.logic_wafers_per_1000, "per 1,000 units"),
        ("interposer wafers", bill.interposer_wafers_per_1000, "per 1,000 units"),
        ("HBM stacks", bill.hbm_stacks_per_1000, "per 1,000 units"),
        *_hbm_rows(bill),
    ]
    rows += [
        (f"cost: {k}", _money_readable(bill.cost_breakdown_usd[k]), "per accelerator")
        for k in COST_KEYS
        if k != "base_dies" or bill.base_dies_per_unit
    ]
    rows += [
        ("manufacturing cost", _money_readable(bill.manufacturing_cost_usd), "per accelerator"),
        ("catalog price", money(bill.price_usd), "per accelerator"),
        ("gross margin", _margin_readable(bill.gross_margin), _margin_unit(bill)),
    ]
    print_table(console, kv_table(f"Silicon bill: {bill.accelerator}", rows))
    for note in [placed_note, *notes]:
        console.print(f"note: {note}", markup=False)


#: Amounts at or above this print in scientific notation [USD]: $1e15 is ~10 years of
#: world GDP, so only an extreme input (``--d0 20``: an H100 logic die at $3.5e53)
#: reaches it, and :func:`tigris.fmt.money`'s "$3,457,036,...B" was cut off in the
#: table (user test s47 #7).
SCIENTIFIC_FROM_USD = 1e15
#: Margins whose magnitude is at or above this (as a fraction, i.e. 100,000 %) print in
#: scientific notation, for the same reason [-].
SCIENTIFIC_MARGIN_FROM = 1e3
#: Significant digits of a number printed in scientific notation [-].
SCIENTIFIC_DIGITS = 4


def _money_readable(usd: Any) -> str:
    """:func:`tigris.fmt.money`, or ``$3.457e+53`` from :data:`SCIENTIFIC_FROM_USD` up.

    Examples
    --------
    >>> _money_readable(3624.0), _money_readable(3.457037e53)
    ('$3,624', '$3.457e+53')
    """
    if usd is not None and np.isfinite(usd) and abs(float(usd)) >= SCIENTIFIC_FROM_USD:
        sign = "-" if usd < 0 else ""
        return f"{sign}${abs(float(usd)):.{SCIENTIFIC_DIGITS - 1}e}"
    return money(usd)


def _margin_readable(margin: Any) -> str:
    """A gross margin as a percentage, negative ones included, huge ones in scientific
    notation; ``-`` only when there is no catalog price (``None``).

    Examples
    --------
    >>> _margin_readable(0.868), _margin_readable(-2.5), _margin_readable(-1.257e53)
    ('86.8%', '-250.0%', '-1.257e+55%')
    """
    if margin is not None and np.isfinite(margin) and abs(margin) >= SCIENTIFIC_MARGIN_FROM:
        return f"{100 * float(margin):.{SCIENTIFIC_DIGITS - 1}e}%"
    return share(margin)


def _margin_unit(bill: Any) -> str:
    """What the gross-margin row reads against: the price, or that there is none."""
    if bill.price_usd is None:
        return "no catalog price"
    if bill.gross_margin is not None and bill.gross_margin < 0:
        return "of the catalog price: the bill costs more than the price"
    return "of the catalog price"


def _hbm_rows(bill: Any) -> list[tuple[str, Any, str]]:
    """The bill's HBM in the table as in ``--json``: generation, good stacks per DRAM
    wafer, DRAM wafers per 1,000 units and GB per unit (UT-HBM 2026-12-04 #5: only
    stacks per 1,000 and the cost were printed, though ``--help`` and docs/silicon.md
    name the others); none for a part without HBM."""
    if not bill.hbm_stacks_per_1000:
        return []
    return [
        ("  HBM generation", bill.hbm_generation, ""),
        ("  good stacks per DRAM wafer", bill.good_stacks_per_wafer, _stacks_basis(bill)),
        ("  DRAM wafers", PER_THOUSAND * bill.hbm_wafers_per_unit, "per 1,000 units"),
        ("  HBM per unit", bill.hbm_gb_per_unit, "GB, with stacks lost in packaging"),
    ]


def _basis_hint(bill: Any, starts: list[tuple[str, int, str]] | None = None) -> str:
    """The basis line, and for a launch bill where the plan's and fab's bills are
    (UT-ANALYST 2026-12-04 #9: the plan's 2026 B200 took 10 % fewer DRAM wafers than the
    default bill, with no word why). ``starts`` (:func:`~tigris.silicon.chip.
    production_starts`) bounds the year suggested: a launch year before a part's volume
    production (a ``based_on`` part keeps its base's) is one ``--year`` refuses, so the
    first year it accepts is named instead (user test 2026-12-06 #2)."""
    line = basis_text(bill)
    if bill.basis == "launch":
        from tigris.silicon.chip import _launch_year

        year = _launch_year(bill.accelerator)
        what, first, _ = max(starts or [("", 0, "")], key=lambda p: p[1])
        if year is not None and year < first:
            at_launch = (
                f"the part's launch year {year} is before its {what}'s volume production: "
                f"--year {first}, the first accepted; "
            )
        else:
            at_launch = f"the part's launch year: --year {year}; " if year is not None else ""
        line += (
            f" ({at_launch}tigris plan reads each year's bill: --year Y; "
            "tigris fab --product: --mature)"
        )
    return line


def _base_basis(bill: Any) -> str:
    """Which D0 the base-die yield is read at: in a launch bill its node's start of
    volume, dated (user test s47 #3: MI300X's 0.5826 is N7's April 2018 D0, not 2023's)."""
    if bill.basis == "year":
        return f"{bill.base_die_node} D0 of mid-{int(bill.year)}"
    if bill.basis == "mature":
        return f"{bill.base_die_node} mature D0"
    return f"{bill.base_die_node} D0 at its {hvm_label(get_node(bill.base_die_node))} volume start"


def _stacks_basis(bill: Any) -> str:
    """Which DRAM D0 and bonding yield the good stacks per wafer are read at."""
    if bill.basis == "year":
        return f"mid-{int(bill.year)} DRAM D0 and bonding yield"
    if bill.basis == "mature":
        return "mature DRAM D0 and bonding yield"
    return "DRAM D0 at its volume start, mature bonding yield"


def _placed_exactly(bill: Any) -> dict[str, float]:
    """Whole logic dies per wafer placed exactly, beside the bill's analytic estimate
    (user test 2026-12-04 D9: ``chip h100`` said 45.13 good dies, ``die`` 50.39).

    The catalog gives a die's area, not its outline, so the bill counts logic dies with
    the analytic estimate (:func:`tigris.silicon.gross_dies_estimate`, Hennessy &
    Patterson 5th ed. section 1.6). For the exact count (:func:`tigris.silicon.
    gross_dies_exact`, de Vries 2005) the die is drawn as a square, or, when a square
    would be wider than the reticle field, as wide as the field (``reticle_width_mm``,
    ``silicon_params.csv``) and ``area / width`` tall: the outline of reticle-sized
    parts (GH100 is 26 x 31.3 mm). Edge exclusion and scribe lane as the bill's.

    Returns
    -------
    dict
        ``exact_width_mm``, ``exact_height_mm`` [mm], ``gross_dies_exact`` [dies/wafer]
        and ``good_dies_exact`` (times the bill's die yield) [dies/wafer].
    """
    import math

    from tigris.silicon import silicon_param

    area = float(bill.logic_die_area_mm2)
    width = min(math.sqrt(area), silicon_param("reticle_width_mm"))
    height = area / width
    wafer = get_node(bill.node).wafer_diameter_mm
    gross = int(gross_dies_exact(width, height, wafer))
    return {
        "exact_width_mm": width,
        "exact_height_mm": height,
        "gross_dies_exact": gross,
        "good_dies_exact": gross * float(bill.die_yield),
    }


#: Significant digits of the numbers in the suggested ``tigris die`` command: enough
#: that the die's area, and so its yield, equals the bill's to ~1e-10 (a height printed
#: as 31.31 instead of 31.3077 changes H100's area by 0.01 % and its yield with it).
_COMMAND_DIGITS = 10


def _no_good_dies(exc: InputError, d0: float | None) -> InputError:
    """A bill with no good logic dies at a D0 the user gave, named by ``--d0``.

    :func:`tigris.silicon.chip_bill` names the catalog field (``logic_die_area_mm2``),
    right for a bad catalog row, wrong when ``--d0`` made the yield underflow to 0
    (user test s47 #6: ``chip h100 --d0 1e300``). Other errors pass unchanged.
    """
    field = exc.problems[0].field if exc.problems else None
    if d0 is None or field != "logic_die_area_mm2":
        return exc
    msg = (
        f"expected a defect density at which some logic dies yield, got {d0:g} "
        f"defects/cm^2: {exc.problems[0].message}"
    )
    return InputError(msg, field="--d0")


def _die_command(
    bill: Any, name: str, custom: Path | None, placed: dict[str, float], data: Path | None = None
) -> str:
    """The ``tigris die`` command that reproduces the bill's exact-placement numbers.

    Every input of the good-die count is carried: the outline (:func:`_placed_exactly`),
    the node (its wafer size and, for a launch bill, its D0), the D0 at the age the bill
    used (``--year``, ``--months`` or the value as ``--d0``), the yield model, the
    harvesting units and spares per logic die (:func:`tigris.silicon.chip._units`), and
    the ``--data`` file the node may come from (user test 2026-12-06 #1: a node of the
    file was "unknown" to the command without it). The note that named only ``--width``
    and ``--height`` could not be run (user test s47 #1: it needs a D0; with ``--node
    N4`` it gave 37.9 good H100 dies, not 50.39).
    """
    import shlex

    from tigris.catalog import get_accelerator
    from tigris.silicon.chip import _units

    g = f".{_COMMAND_DIGITS}g"
    parts = [
        f"tigris die --width {placed['exact_width_mm']:{g}}",
        f"--height {placed['exact_height_mm']:{g}} --node {bill.node}",
    ]
    if bill.d0_basis == "learning" and bill.basis == "year":
        parts.append(f"--year {int(bill.year)}")
    elif bill.d0_basis == "learning":
        parts.append(f"--months {float(bill.d0_months_since_hvm):{g}}")
    elif bill.d0_basis != "hvm" or bill.basis == "mature":
        parts.append(f"--d0 {float(bill.d0_per_cm2):{g}}")
    if bill.yield_model != YieldModel.POISSON.value:
        parts.append(f"--model {bill.yield_model}")
    if bill.harvesting:
        units = _units(get_accelerator(name, custom), int(bill.logic_dies_per_unit))
        if units is not None:
            parts.append(f"--units {units[0]} --spares {units[1]}")
    if data is not None:
        parts.append(f"--data {shlex.quote(str(data))}")
    return " ".join(parts)


def _placed_note(bill: Any, placed: dict[str, float], command: str) -> str:
    """Why the bill's dies per wafer differ from ``tigris die``'s exact count, with the
    ``tigris die`` command (:func:`_die_command`) that gives the same numbers."""
    w, h = placed["exact_width_mm"], placed["exact_height_mm"]
    ratio = float(bill.gross_dies_per_wafer) / placed["gross_dies_exact"]
    return (
        f"logic dies per wafer are the analytic estimate {bill.gross_dies_per_wafer:.2f} "
        "(the catalog gives the die's area, not its outline; the estimate runs low for "
        f"large dies); placed exactly as {w:.4g} x {h:.4g} mm dies the wafer holds "
        f"{placed['gross_dies_exact']:g}, {placed['good_dies_exact']:.2f} good ({command}): "
        f"the bill's logic wafers and logic cost per unit would be {1 - ratio:.1%} lower "
        "(docs/silicon.md, 'Gross dies per wafer')"
    )


def _node_note(bill: Any) -> str | None:
    """With ``--node`` other than the catalog's: the die is the catalog's, not rescaled.

    :func:`tigris.silicon.chip_bill` keeps the catalog's die area on any node (tigris
    has no die-shrink model), so ``chip h100 --node N28`` is GH100's 814 mm^2 N4 die
    as drawn at N28's D0 and wafer price, not an N28 design (user test 2026-12-03 #3).
    """
    made_on = bill.catalog_node
    if made_on is None or made_on == bill.node:
        return None
    return (
        f"{bill.accelerator}'s logic die is the catalog's {made_on} die "
        f"({bill.logic_die_area_mm2:g} mm^2) as drawn, not rescaled to {bill.node}: "
        f"tigris has no die-shrink model, so this bill prices that die at {bill.node}'s "
        f"defect density and wafer price, not a design of the part for {bill.node}"
    )


def _harvest_note(name: str, custom: Path | None, no_harvest: bool) -> str | None:
    """A ``based_on`` part of another logic die, costed without harvesting: say why; or
    ``--no-harvest`` on a part with no harvestable units, which it leaves as it is.

    :func:`tigris.catalog.custom_parts` does not copy the base's ``units_total`` and
    ``units_enabled`` onto a die of another area, node or count (they count the
    base die's units); the bill then shows an unharvested yield with no word of it
    (UT-CHIP 2026-12-04, defect 10: asic3 ``based_on: h100`` was costed with the
    H100's 144/132 SMs). ``None`` for every other part.
    """
    from tigris.catalog import get_accelerator

    acc = get_accelerator(name, custom)
    root = getattr(acc, "based_on", None)
    if no_harvest and (acc.units_total is None or acc.units_enabled is None):
        # the option changes nothing here: say so (user test 2026-12-07 #7: chip tpu-v7
        # --no-harvest printed the same bill without a word)
        return (
            f"--no-harvest changes nothing: {acc.name} has no harvestable units in the "
            "catalog (units_total, units_enabled), so every bill of it needs all its logic "
            "die"
        )
    if no_harvest or root is None or acc.units_total is not None or acc.units_enabled is not None:
        return None
    base = get_accelerator(root)
    if base.units_total is None or base.units_enabled is None:
        return None
    return (
        f"no harvesting: {acc.name} is based_on {base.name} but has another logic die "
        f"({acc.logic_dies} x {acc.logic_die_area_mm2:g} mm^2 on {acc.node}, not "
        f"{base.logic_dies} x {base.logic_die_area_mm2:g} mm^2 on {base.node}), so "
        f"{base.name}'s {base.units_total} units of which {base.units_enabled} enabled "
        "were not copied; give units_total and units_enabled for its own (docs/silicon.md, "
        "'Harvesting of a based_on part')"
    )


def _out_of_production_note(bill: Any) -> str | None:
    """With ``--year`` after the part's last ship year in ``data/roadmap.csv``: say so.

    The bill reads the node's, package's and HBM's learning curves at that year
    whether or not the part is still made (``chip h100 --year 2040`` printed a 2040
    bill, CoWoS-S 294 months on, with no word that H100 ships 2023-2024; user test
    2026-12-03 #19d). Parts without a roadmap row get no note.
    """
    if bill.year is None or np.ndim(bill.year) > 0:
        return None
    from tigris.world.roadmap import roadmap_products

    rows = [r for r in roadmap_products(1, 9999) if r["accelerator"] == bill.accelerator]
    if not rows:
        return None
    first = min(int(r["first_year"]) for r in rows)
    last = max(int(r["last_year"]) for r in rows)
    year = int(bill.year)
    if year <= last:
        return None
    return (
        f"{bill.accelerator} ships {first}-{last} in data/roadmap.csv: a {year} bill is "
        f"of a part out of production for {year - last} year{'' if year - last == 1 else 's'}, "
        "its node's, package's "
        "and HBM's learning curves read as if it were still made"
    )


def _prices_note(bill: Any) -> str | None:
    """What ``--year`` does not move: the bill's prices, the silicon layer's launch
    prices, where the plan prices the same wafer and GB in that year
    (:mod:`tigris.finance.prices`). A user test of 2026-12-07 chaining the verbs read
    B200's 2027 HBM at $12.5/GB in ``chip`` against the plan's $7.68; docs/finance.md,
    "Prices", says why, the bill did not.

    Returns
    -------
    str or None
        The note, or None without a single ``--year``.
    """
    if bill.year is None or np.ndim(bill.year) > 0:
        return None
    from tigris.finance.prices import hbm_price_usd_per_gb, wafer_price_usd

    year = int(bill.year)
    parts = [
        f"logic ${bill.wafer_price_usd:,.0f} a {bill.node} wafer (plan "
        f"${float(wafer_price_usd(bill.node, year)):,.0f})"
    ]
    if bill.hbm_generation is not None and bill.hbm_gb_per_unit > 0:
        launch = bill.cost_breakdown_usd.get("hbm", 0.0) / bill.hbm_gb_per_unit
        plan = float(hbm_price_usd_per_gb(bill.hbm_generation, year))
        parts.append(f"{bill.hbm_generation} ${launch:,.2f}/GB (plan ${plan:,.2f})")
    return (
        f"the costs are at the silicon layer's launch prices, not {year}'s: "
        + "; ".join(parts)
        + f"; the plan prices {year} by data/prices.csv, and its CoWoS wafer is bonded, "
        "assembly included (docs/finance.md, 'Prices')"
    )


def _package_before_hvm(bill: Any) -> str | None:
    """The warning for a ``--year`` before the package's HVM year, else ``None``.

    The rule for ``--year`` (docs/silicon.md, "Years before volume production"): a year
    before the volume start of the bill's silicon (logic node, base-die node, HBM
    generation) is refused, for no part is made of silicon not yet in volume and their
    defect-density curves start there; a year before the package's HVM year is
    accepted at the row's ``package_yield_start``, because parts ship on a package
    before its volume ramp (B200 on CoWoS-L in 2024, a 2025-HVM row in
    ``packaging.csv``), and warned, since that yield is the curve's start, not a
    reading of that year (user test s47 #4: the acceptance was said only in a table cell).
    """
    from tigris.silicon.chip import get_packaging

    pkg = get_packaging(bill.package)
    if bill.year is None or pkg.hvm_year is None or pkg.package_yield_start is None:
        return None
    if int(bill.year) >= int(pkg.hvm_year):
        return None
    return (
        f"--year {int(bill.year)} is before {bill.package}'s {int(pkg.hvm_year)} HVM "
        f"(packaging.csv): its package yield is the row's start value "
        f"{pkg.package_yield_start:g}, not a reading of {int(bill.year)}; a year before the "
        "volume start of the node or HBM is refused (docs/silicon.md, 'Years before "
        "volume production')"
    )


def _package_yield_from(bill: Any) -> str:
    """How the bill's package yield was set: mature, or its learning curve in the year."""
    from tigris.silicon.chip import get_packaging, package_months

    pkg = get_packaging(bill.package)
    months = package_months(pkg, bill.year)
    if months is None or pkg.package_yield_start is None:
        return "mature (packaging.csv)"
    if bill.year < pkg.hvm_year:  # read at its start value, not "0 months after"
        return f"{bill.package} before its {pkg.hvm_year} HVM: its start value"
    return f"{bill.package} {float(months):g} months after its {pkg.hvm_year} HVM"


def register(app: typer.Typer) -> None:
    """Add ``die`` and ``chip`` to ``app``."""
    app.command("die")(die)
    app.command("chip")(chip)
