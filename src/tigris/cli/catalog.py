"""``tigris catalog``: list the accelerators tigris knows, with their sources."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from tigris.catalog import Accelerator, get_accelerator, load_catalog, product_name_note
from tigris.cli._data import DATA_OPTION
from tigris.cli._output import console, emit_json, fmt
from tigris.cli._tables import print_table
from tigris.errors import InputError, unknown_name
from tigris.fmt import money, year
from tigris.silicon.hbm import list_hbm
from tigris.workload._common import REFERENCE_ACCELERATOR

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


def _on_hbm(cat: dict[str, Accelerator], hbm: str | None) -> dict[str, Accelerator]:
    """The parts on HBM generation ``hbm`` (case-insensitive): that generation and its
    stack heights (``HBM3e``: HBM3e and HBM3e-12hi), not the next generation of its
    name (``HBM3`` is not HBM3E: JEDEC JESD238 and its HBM3E update are distinct
    generations; user test s49 fab #8: ``--hbm HBM3`` listed the HBM3E parts);
    ``HBM4*`` lists the family (HBM4 and HBM4e)."""
    if hbm is None:
        return cat
    key = hbm.strip().lower()
    family = key.endswith("*")
    key = key.rstrip("*")
    gens = [g.lower() for g in list_hbm()]
    known = any(g.startswith(key) for g in gens) if family else key in gens
    if not key or not known:
        err = unknown_name("HBM generation", hbm, list_hbm(), "--hbm")
        hint = "; a name with * after it lists a family (HBM4*: HBM4 and HBM4e)"
        raise InputError(err.problems[0].message + hint, field="--hbm")

    def on(gen: str) -> bool:
        g = gen.lower()
        return g.startswith(key) if family else g == key or g.startswith(key + "-")

    return {k: a for k, a in cat.items() if on(a.hbm_generation or "")}


#: Fields of a part that say what it is, not a figure ``based_on`` may copy.
_OWN_FIELDS = ("name", "aliases", "based_on", "source", "as_of")


def _origins(acc: Accelerator, custom: Path | None) -> dict[str, str]:
    """For a ``based_on`` part: field -> where its value comes from, for the detail view.

    ``= h100-sxm's`` where the value is the shipped root part's (copied, or given equal
    to it), ``not copied`` for harvesting units a new die dropped
    (:func:`tigris.catalog.custom_parts`), '' where the file gives its own value. The
    user test UT-CHIP (2026-12-04, defect 10) found nothing telling inherited fields
    (``vendor: NVIDIA``, ``launch_year: 2022``, the H100's SM counts) from given ones.
    Empty for a part that is not ``based_on`` another.
    """
    root = getattr(acc, "based_on", None)
    if root is None:
        return {}
    base = get_accelerator(root, custom)
    mine, theirs = acc.to_dict(), base.to_dict()
    out = {}
    for key, value in mine.items():
        if key in _OWN_FIELDS:
            continue
        if value is not None and value == theirs.get(key):
            out[key] = f"= {base.name}'s"
        elif value is None and theirs.get(key) is not None:
            out[key] = "not copied"
    return out


#: Terminal width from which ``tigris catalog`` shows HBM and package as their own
#: columns (the 80-column table plus ~31 for them and the longest catalog names) [chars].
WIDE_TABLE_COLUMNS = 112


def _name_cell(acc: Accelerator) -> Text:
    """The part's name and, dim under it, its HBM generation and package."""
    below = " ".join(p for p in (acc.hbm_generation, acc.package) if p) or "–"
    cell = Text(acc.name)
    cell.append("\n" + below, style="dim")
    return cell


def catalog(
    name: Annotated[
        str | None, typer.Argument(help="Show one accelerator in full (name or alias).")
    ] = None,
    hbm: Annotated[
        str | None,
        typer.Option(
            "--hbm",
            help=(
                "List only parts on this HBM generation, any stack height (HBM3e: "
                "HBM3e and HBM3e-12hi; HBM3 is not HBM3e); HBM4* for the family "
                "(HBM4 and HBM4e)."
            ),
        ),
    ] = None,
    accelerators: Annotated[Path | None, ACCEL_FILE_OPTION] = None,
    data: Annotated[Path | None, DATA_OPTION] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the accelerator catalog: dense peak FLOP/s, memory, power, silicon, price.

    Under each name: its HBM generation and package (HBM4 CoWoS-L);
    --hbm HBM4 lists only the parts on that generation, --hbm 'HBM4*' the family
    (HBM4 and HBM4e).

    Peaks are dense (no 2:4 sparsity) [FLOP/s]; system power is the accelerator's
    share of its server [W]. Add your own parts with --accelerators FILE.yaml:

        accelerators:
          - name: neuro-npu
            based_on: h100
            peak_bf16_flop_per_s: 9.894e16
            peak_fp8_flop_per_s: 1.979e17   # every peak you change (FP8 >= BF16)
            source: "Vendor claim, 2024"
            as_of: 2024-03

    Examples:

        tigris catalog
        tigris catalog b200
        tigris catalog --hbm 'HBM4*'
        tigris catalog mi300x --json

    Exit code: 0 done; 1 standard output could not be written; 2 bad input (one line
    naming the field); 130 stopped with Ctrl-C.
    """
    if name is not None and hbm is not None:
        raise InputError("lists parts; give a NAME or --hbm, not both", field="--hbm")
    if name is not None:
        acc = get_accelerator(name, accelerators, field="NAME")
        # a product name read as a catalog part says so, as train and infer do (user
        # test 2026-12-05 chain #8: gb200 showed b200's entry without a word)
        read_as = product_name_note(name, accelerators)
        if json_:
            shown = _with_h100e(acc.to_dict(), _h100e(acc))
            emit_json({**shown, **({"name_note": read_as} if read_as else {})})
            return
        table = Table(title=acc.name, show_header=False)
        origin = _origins(acc, accelerators)
        for key, value in _with_h100e(acc.to_dict(), _h100e(acc)).items():
            row = [key, _detail_cell(key, value)]
            table.add_row(*row, *((origin.get(key, ""),) if origin else ()))
        print_table(console, table)
        if read_as:
            console.print(f"note: {read_as}", markup=False)
        return
    cat = _on_hbm(load_catalog(accelerators), hbm)
    if json_:
        emit_json({k: _with_h100e(v.to_dict(), _h100e(v)) for k, v in cat.items()})
        return
    # Short two-line headers, units on the second line, no outer border: the table fits an
    # 80-column terminal without cutting a number (a long custom name wraps instead).
    table = Table(
        title="Accelerator catalog (dense peaks)" + (f", on {hbm}" if hbm else ""),
        caption=(
            "(H100e): dense BF16 peak over the H100 SXM's, the plan's unit of compute; "
            "die mm2: one logic die; xN under it: N logic dies a package"
        ),
        header_style="bold",
        show_edge=False,
        pad_edge=False,
    )
    # Wide terminals get HBM and package columns; at 80 columns they go under the name.
    wide = console.width >= WIDE_TABLE_COLUMNS
    for header, justify in (
        ("name", "left"),
        *((("HBM", "left"), ("package", "left")) if wide else ()),
        ("BF16\nTFLOP/s\n(H100e)", "right"),
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
        first = (acc.name, acc.hbm_generation or "–", acc.package or "–") if wide else ()
        table.add_row(
            *(first or (_name_cell(acc),)),
            _bf16_cell(acc),
            fmt(acc.peak_fp8_flop_per_s and acc.peak_fp8_flop_per_s / 1e12),
            fmt(acc.memory_gb),
            fmt(acc.memory_bw_gb_per_s and acc.memory_bw_gb_per_s / 1e3),
            fmt(acc.system_power_w),
            _die_cell(acc),
            acc.node or "–",
            money(acc.price_usd),
        )
    print_table(console, table)


def _h100e(acc: Accelerator) -> float | None:
    """H100-equivalents of one part: its dense BF16 peak over the H100 SXM's, the unit
    the plan counts compute in (docs/nomenclature.md, ``h100e``;
    :func:`tigris.workload._common.h100_equivalents`) [-]; ``None`` without a BF16 peak.
    The catalog did not show it, though the glossary sends readers here for it (user
    test s46 README #2)."""
    if not acc.peak_bf16_flop_per_s:
        return None
    ref = get_accelerator(REFERENCE_ACCELERATOR).peak_bf16_flop_per_s
    return acc.peak_bf16_flop_per_s / ref if ref else None


def _bf16_cell(acc: Accelerator) -> str:
    """The dense BF16 peak [TFLOP/s] and, under it in brackets, the part's H100e (three
    significant figures), so the list fits 80 columns without a column of its own."""
    peak = fmt(acc.peak_bf16_flop_per_s and acc.peak_bf16_flop_per_s / 1e12)
    h100e = _h100e(acc)
    return peak if h100e is None else f"{peak}\n({h100e:.3g})"


def _with_h100e(fields: dict[str, object], h100e: float | None) -> dict[str, object]:
    """A part's fields with ``h100e`` after its dense BF16 peak (table and JSON)."""
    out: dict[str, object] = {}
    for key, value in fields.items():
        out[key] = value
        if key == "peak_bf16_flop_per_s":
            out["h100e"] = h100e
    return out


def _die_cell(acc: Accelerator) -> Text | str:
    """One logic die's area [mm^2] and, under it, ``xN`` for a package of ``N`` logic dies
    (B200 ``800`` over ``x2``, MI355X's XCDs ``110`` over ``x8``): the area alone hid the
    count (UT-ANALYST 2026-12-04 #14: MI355X read as 1/7 of B200). Under the area, not
    beside it, so the column stays as narrow as the area and the table fits 80 columns
    with each part's HBM and package on one line under its name. A 3D-stacked part's
    base dies are in its detail view (``tigris catalog NAME``)."""
    area = acc.logic_die_area_mm2
    if area is None:
        return "–"
    cell = Text(fmt(area))
    if acc.logic_dies is not None and acc.logic_dies > 1:
        cell.append(f"\nx{acc.logic_dies}")
    return cell


def register(app: typer.Typer) -> None:
    """Add ``catalog`` to ``app``."""
    app.command("catalog")(catalog)
