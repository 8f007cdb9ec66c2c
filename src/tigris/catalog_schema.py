"""Schema of user-defined accelerators (``--accelerators FILE`` and data overlays).

Kept apart from :mod:`tigris.catalog` so that reading the shipped catalog does not
import pydantic and the YAML reader: only a user file needs them.

The number rules are those of scenario files (:data:`tigris.yamlio.STRICT_MODEL`): a
number is a YAML 1.2 number (``1e15`` is one), a quoted ``"1e15"`` or ``"2025"`` is
text and refused with a hint to drop the quotes, a boolean is not a number, an integer
field refuses a fraction (``2025.0``), and a name has at most
:data:`tigris.yamlio.MAX_NAME_CHARS` characters.
"""

from __future__ import annotations

import datetime
import math
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, ValidationError

from tigris.data import AS_OF_FORMS, as_of_start
from tigris.errors import InputError, Problem, did_you_mean
from tigris.scenario.schema import YEAR_MAX
from tigris.units import BYTES_PER_GB
from tigris.yamlio import MAX_NAME_CHARS, STRICT_MODEL, Locator, load_yaml, validation_problems

__all__ = [
    "AS_OF_FORMS",
    "LAUNCH_YEAR_MIN",
    "AsOf",
    "CustomAccelerator",
    "as_of_start",
    "future_as_of",
    "read_custom_file",
]

#: Earliest launch year of a user-defined accelerator (a validation bound, not data);
#: the latest is the scenario files' :data:`tigris.scenario.schema.YEAR_MAX`.
LAUNCH_YEAR_MIN = 1990


def future_as_of(text: str, today: datetime.date | None = None) -> str | None:
    """Why an ``as_of`` lies after ``today`` (default today's date in UTC), else ``None``:
    the figures of a row cannot refer to a period that has not begun (a warning, since
    a machine's clock may be wrong; a malformed date is refused by :data:`AsOf`).

    Parameters
    ----------
    text : str
        An ``as_of`` value (``2024``, ``2024-03``, ``2024-03-15``).
    today : datetime.date, optional
        The date to compare with; None takes today's date in UTC.

    Returns
    -------
    str or None
        One sentence saying the date is in the future, or None (not after today, or not
        a date).
    """
    start = as_of_start(str(text))
    today = today or datetime.datetime.now(datetime.UTC).date()
    if start is None or start <= today:
        return None
    return (
        f"as_of {text} is after today ({today.isoformat()}): give the date the figures "
        "refer to (a forecast made today is as_of today)"
    )


def _as_of_text(v: Any) -> str:
    """The date a user row's figures refer to, as text; refused if empty, a boolean or
    no date in :data:`AS_OF_FORMS` (user test UT-CONTRIB 2026-12-04, finding 9:
    ``2026-13`` and ``soon`` were accepted)."""
    if v is None or isinstance(v, bool) or not str(v).strip():
        msg = "give the date the figures refer to, e.g. 2024-03"
        raise ValueError(msg)
    text = str(v).strip()
    if as_of_start(text) is None:
        msg = f"'{text}' is not a date; write {AS_OF_FORMS} (e.g. 2024-03)"
        raise ValueError(msg)
    return text


#: The ``as_of`` field of a user row (custom parts and data overlays): a date in
#: :data:`AS_OF_FORMS`, kept as text (``2024`` and ``2024-03`` alike).
AsOf = Annotated[str, BeforeValidator(_as_of_text)]


class CustomAccelerator(BaseModel):
    """Schema of one user-defined accelerator in a YAML file."""

    model_config = STRICT_MODEL

    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS, pattern=r"\S")
    based_on: str | None = None
    aliases: list[str] = []
    vendor: str | None = None
    launch_year: int | None = Field(None, ge=LAUNCH_YEAR_MIN, le=YEAR_MAX)
    peak_bf16_flop_per_s: float | None = Field(None, gt=0)
    peak_fp8_flop_per_s: float | None = Field(None, gt=0)
    memory_gb: float | None = Field(None, gt=0)
    memory_bw_gb_per_s: float | None = Field(None, gt=0)
    tdp_w: float | None = Field(None, gt=0)
    system_power_w: float | None = Field(None, gt=0)
    logic_dies: int | None = Field(None, ge=1)
    logic_die_area_mm2: float | None = Field(None, gt=0)
    node: str | None = None
    units_total: int | None = Field(None, ge=1)
    units_enabled: int | None = Field(None, ge=1)
    hbm_stacks: int | None = Field(None, ge=0)
    hbm_sites: int | None = Field(None, ge=0)
    hbm_generation: str | None = None
    package: str | None = None
    base_dies: int | None = Field(None, ge=1)
    base_die_area_mm2: float | None = Field(None, gt=0)
    base_die_node: str | None = None
    price_usd: float | None = Field(None, gt=0)
    interconnect_gb_per_s: float | None = Field(None, gt=0)
    source: str = Field(min_length=1, pattern=r"\S")
    as_of: AsOf


class _CustomFile(BaseModel):
    model_config = STRICT_MODEL
    accelerators: list[CustomAccelerator] = Field(min_length=1)


def read_custom_file(path: str | Path) -> tuple[list[CustomAccelerator], Locator]:
    """Read and validate an ``--accelerators`` file.

    Parameters
    ----------
    path : str or Path
        YAML file with an ``accelerators:`` list.

    Returns
    -------
    specs : list of CustomAccelerator
        The validated entries, in file order.
    locate : callable
        The file's line locator (:func:`tigris.yamlio.load_yaml`).

    Raises
    ------
    InputError
        Unreadable file or an invalid entry; every problem with its ``file:line``.
    """
    data, locate = load_yaml(path)
    try:
        parsed = _CustomFile.model_validate(data if data is not None else {})
    except ValidationError as exc:
        found = [_with_hint(p) for p in validation_problems(exc, str(path), locate)]
        raise InputError(sorted(found, key=lambda p: (p.line is None, p.line or 0))) from None
    return list(parsed.accelerators), locate


def _with_hint(p: Problem) -> Problem:
    """An unknown field of an entry with "did you mean" where a field is close, and
    problems in line order, as a scenario file's (user test UT-CONTRIB, finding 14)."""
    parts = p.field.split(".")
    if not p.message.startswith("unknown field") or len(parts) != 3:
        return p
    hint = did_you_mean(parts[-1], list(CustomAccelerator.model_fields))
    return Problem(p.field, f"{p.message}{hint}", p.file, p.line) if hint else p


# --- physical checks of a built part -------------------------------------------------

#: Fields whose value names a row of another table: field -> (table, the lookup).
_NAMED = (
    ("node", "nodes"),
    ("base_die_node", "nodes"),
    ("hbm_generation", "hbm"),
    ("package", "packaging"),
)

#: Fields a user part is compared with every catalog part on (a ``warning:`` beyond
#: the largest); the FLOP/s per watt is compared too (:func:`part_checks`).
_BEYOND_FIELDS = (
    "peak_bf16_flop_per_s",
    "peak_fp8_flop_per_s",
    "memory_gb",
    "memory_bw_gb_per_s",
    "logic_die_area_mm2",
    # scale-up bandwidth (user test s57 #5: 9e8 GB/s taken as given)
    "interconnect_gb_per_s",
)


#: Fields a user part is compared with every catalog part on from below, with the unit
#: the field is written in (a figure far below the smallest is refused, :func:`_below`).
_BELOW_FIELDS = {
    "peak_bf16_flop_per_s": ("FLOP/s", "2.5 PFLOP/s is 2.5e15"),
    "peak_fp8_flop_per_s": ("FLOP/s", "5 PFLOP/s is 5e15"),
    "memory_gb": ("GB", "288 GB is 288"),
    "memory_bw_gb_per_s": ("GB/s", "16 TB/s is 16000"),
}
#: How far below the catalog's smallest figure a user part's may lie before it is
#: refused as a unit slip [-]: one SI prefix step (10^3). A unit written one prefix
#: too high (TFLOP/s as FLOP/s is 10^12, GB/s as TB/s 10^3) lands at least this far
#: below, while the smallest shipped part (tpu-v5e: 197 TFLOP/s BF16, 16 GB, 819 GB/s,
#: data/accelerators.csv) leaves room for a part 1,000x slower still (a tigris
#: plausibility bound, not data: the catalog's own smallest part sets the scale).
BELOW_CATALOG_FACTOR = 1e3


#: How far below the cheapest catalog part a user part's ``price_usd`` may lie before it
#: is warned about [-]: a decade (a price in $k is 1,000x short; the shipped prices span
#: $5,176-$35,000, data/accelerators.csv). A warning: a what-if may mean a cheap part.
PRICE_BELOW_FACTOR = 10.0


def _below(acc: Any, given: set[str], catalog: dict[str, Any]) -> list[tuple[str, str]]:
    """Figures the user gave that lie more than :data:`BELOW_CATALOG_FACTOR` below
    every catalog part's, as (field, message): most likely written in a larger unit
    than the field's (user test UT-CONTRIB 2026-12-04, finding 1: ``2500`` for a
    2.5 PFLOP/s part was 2.5e-12 H100e a unit, accepted without a word)."""
    out = []
    for field, (unit, example) in _BELOW_FIELDS.items():
        value = getattr(acc, field)
        if field not in given or value is None:
            continue
        known = [
            (float(v), p.name)
            for p in catalog.values()
            if p.name != acc.name and (v := getattr(p, field)) is not None
        ]
        if not known:
            continue
        low, name = min(known)
        floor = low / BELOW_CATALOG_FACTOR
        if value < floor:
            out.append(
                (
                    field,
                    f"{value:.4g} {unit} is {low / value:.3g}x below the smallest catalog "
                    f"part's ({low:.4g}, {name}); the field is in {unit} ({example}), and "
                    f"a figure below {floor:.4g} (the smallest / {BELOW_CATALOG_FACTOR:g}) "
                    "is taken for a unit slip",
                )
            )
    return out


def _lookup(field: str, value: str) -> Any:
    """The row ``value`` names for ``field`` (a node, HBM generation or package)."""
    from tigris.nodes import get_node
    from tigris.silicon.chip import get_hbm, get_packaging

    if field in ("node", "base_die_node"):
        return get_node(value, field=field)
    if field == "hbm_generation":
        return get_hbm(value, field=field)
    return get_packaging(value, field=field)


def _first_given(given: set[str], *fields: str) -> str:
    """The first of ``fields`` the user gave (the line a message points at)."""
    return next((f for f in fields if f in given), fields[0])


def part_checks(
    acc: Any,
    given: set[str],
    catalog: dict[str, Any],
    *,
    strict: bool = True,
    base: str | None = None,
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """What is physically impossible about a user part, and what is merely unusual.

    Run on every part of an ``--accelerators`` file and of a data overlay's
    ``accelerators:`` section once it is built (``based_on`` applied), against the
    tables in force. Errors (user test UT-CHIP 2026-12-04, defects 2, 4 and 9):

    - a ``node``, ``base_die_node``, ``hbm_generation`` or ``package`` that names no
      row (before, only ``tigris chip`` said so, without the file's line);
    - a logic or base die larger than one reticle field, ``reticle_width_mm`` x
      ``reticle_height_mm`` of ``silicon_params.csv`` (26 x 33 = 858 mm^2): a scanner
      exposes at most one field, so a larger die is not made (B200 is two dies);
    - ``memory_gb`` above ``hbm_stacks`` x the generation's ``stack_capacity_gb``
      (``hbm.csv``): the memory is on those stacks, so it cannot exceed them
      (144 GB on four 24 GB HBM3e stacks is 96 GB at most); with ``hbm_stacks: 0``
      any memory at all (tigris models no on-die SRAM, so it could not price it);
    - an interposer (:func:`tigris.silicon.chip.interposer_area_mm2`) above its
      package's ``max_interposer_reticles`` (``packaging.csv``: CoWoS-S 3.3, TSMC);
      this is what bounds the HBM stacks a package carries;
    - ``system_power_w`` below ``tdp_w``: the accelerator's share of its server
      includes the chip;
    - less energy per FLOP at the fastest dense peak than Landauer's limit
      (``landauer_limit_j_per_bit``, ``silicon_params.csv``: k_B T ln 2 at 300 K,
      Landauer 1961): a floating-point operation erases at least one bit.

    Warnings: a figure beyond every part of ``catalog`` (its dense peaks, memory,
    bandwidth, die area, HBM stacks and interposer area on the same package, dense
    BF16 FLOP/s per watt of TDP, and dense BF16 FLOP/s per byte/s of memory bandwidth,
    :func:`_roofline`), each naming the largest catalog part.

    Parameters
    ----------
    acc : Accelerator
        The built part.
    given : set of str
        Fields the user's entry gives (not copied by ``based_on``): a message points
        at one of them where it can.
    catalog : dict
        Parts to compare with for the warnings (the part's own name is skipped).
    strict : bool, optional
        Refuse a name that names no row (default). ``False`` skips the checks that
        need the row instead, for a caller whose file may add it later.
    base : str, optional
        Name of the part ``based_on`` names: a message about a copied figure says so.

    Returns
    -------
    errors, warnings : list of (field, message)
    """
    from tigris.silicon.chip import interposer_area_mm2
    from tigris.silicon.params import silicon_param

    errors: list[tuple[str, str]] = []
    rows: dict[str, Any] = {}
    for field, _table in _NAMED:
        value = getattr(acc, field)
        if value is None:
            continue
        try:
            rows[field] = _lookup(field, value)
        except InputError as exc:
            if strict:
                errors.append((field, exc.problems[0].message))
    unknown = {f for f, _t in _NAMED if getattr(acc, f) is not None and f not in rows}

    rw, rh = silicon_param("reticle_width_mm"), silicon_param("reticle_height_mm")
    reticle = rw * rh
    for field, count in (("logic_die_area_mm2", "logic_dies"), ("base_die_area_mm2", "base_dies")):
        area = getattr(acc, field)
        if area is not None and area > reticle:
            errors.append(
                (
                    field,
                    f"a {area:,.6g} mm2 die is larger than one reticle field, {rw:g} x "
                    f"{rh:g} = {reticle:,.6g} mm2 (data/silicon_params.csv): a scanner "
                    f"exposes at most one field, so no such die is made; split it into "
                    f"{count} of at most {reticle:,.6g} mm2 (B200: 2 x 800 mm2)",
                )
            )

    stacks = acc.hbm_stacks
    gen = rows.get("hbm_generation")
    if acc.memory_gb is not None and acc.memory_gb > 0 and stacks == 0:
        # no stacks hold no memory (user test UT-NEURO, defect 4: 80 GB kept at $0)
        whose = "" if "memory_gb" in given or base is None else f" (copied from {base})"
        msg = (
            f"memory_gb {acc.memory_gb:,.6g} GB{whose} with hbm_stacks 0: the memory "
            "is on the HBM stacks, and none hold it; tigris has no field for on-die "
            "SRAM or other memory (its area and cost are not modelled, so such a part "
            "cannot be priced): give the HBM stacks that hold the memory"
        )
        errors.append((_first_given(given, "hbm_stacks", "memory_gb"), msg))
    elif acc.memory_gb is not None and stacks and gen is not None:
        per_stack = float(gen.stack_capacity_gb)
        cap = stacks * per_stack
        if acc.memory_gb > cap * (1 + 1e-9):
            need = math.ceil(acc.memory_gb / per_stack - 1e-9)
            whose = (
                ""
                if "memory_gb" in given or base is None
                else (f" (copied from {base}, which based_on names)")
            )
            msg = (
                f"{acc.memory_gb:,.6g} GB{whose} does not fit on hbm_stacks {stacks} x "
                f"{per_stack:g} GB a stack of {gen.generation} (data/hbm.csv) = "
                f"{cap:,.6g} GB; give memory_gb (at most {cap:,.6g}), at least {need} stacks"
            )
            bigger = _larger_stacks(acc.memory_gb / stacks)
            if bigger:
                msg += f", or a generation with larger stacks ({bigger})"
            errors.append((_first_given(given, "memory_gb", "hbm_stacks", "hbm_generation"), msg))

    pkg = rows.get("package")
    if pkg is not None and "hbm_generation" not in unknown and pkg.max_interposer_reticles:
        area = interposer_area_mm2(acc)
        most = float(pkg.max_interposer_reticles) * reticle
        sites = max(stacks or 0, acc.hbm_sites or 0)
        if area is not None and area > most * (1 + 1e-9):
            field = _first_given(
                given,
                "hbm_stacks",
                "hbm_sites",
                "logic_die_area_mm2",
                "logic_dies",
                "base_die_area_mm2",
                "base_dies",
                "hbm_generation",
                "package",
            )
            errors.append(
                (
                    field,
                    f"its interposer, {area:,.0f} mm2 ({area / reticle:.3g} reticles: "
                    f"{pkg.interposer_area_factor:g} x the dies and {sites} HBM sites "
                    f"on it), is larger than {pkg.package} makes, "
                    f"{pkg.max_interposer_reticles:g} reticles = {most:,.0f} mm2 "
                    "(data/packaging.csv); use fewer stacks or dies, or a larger package",
                )
            )

    lacking = [f for f in ("base_die_area_mm2", "base_die_node") if getattr(acc, f) is None]
    if acc.base_dies is not None and lacking:
        # a bill prices base dies by their area on their node: without them 'tigris chip'
        # refused the part without its line, the catalog listed it, and a scenario's
        # check blamed the product (user test s57 #6b)
        errors.append(
            (
                _first_given(given, "base_dies", *lacking),
                f"base_dies {acc.base_dies} needs {' and '.join(lacking)} (the base dies' "
                "area [mm2] and process node, which price them); give "
                + ("both" if len(lacking) == 2 else "it"),
            )
        )
    tdp, system = acc.tdp_w, acc.system_power_w
    if tdp is not None and system is not None and system < tdp:
        errors.append(
            (
                _first_given(given, "system_power_w", "tdp_w"),
                f"system_power_w {system:.6g} W is below tdp_w {tdp:.6g} W: the "
                "accelerator's share of its server's power includes the chip itself",
            )
        )
    peaks = [p for p in (acc.peak_bf16_flop_per_s, acc.peak_fp8_flop_per_s) if p]
    watts = tdp if tdp is not None else system
    if peaks and watts is not None:
        floor = silicon_param("landauer_limit_j_per_bit")
        per_flop = watts / max(peaks)
        if per_flop < floor:
            errors.append(
                (
                    _first_given(
                        given,
                        "tdp_w",
                        "system_power_w",
                        "peak_fp8_flop_per_s",
                        "peak_bf16_flop_per_s",
                    ),
                    f"{watts:.4g} W at {max(peaks):.4g} FLOP/s is {per_flop:.3g} J a FLOP, "
                    f"below Landauer's limit of {floor:.4g} J a bit (k_B T ln 2 at 300 K, "
                    "data/silicon_params.csv): a FLOP erases at least one bit, and no "
                    "computer erases one for less",
                )
            )
    errors += _below(acc, given, catalog)
    if errors:
        return errors, []
    return errors, _beyond_catalog(acc, given, catalog, unknown)


def _larger_stacks(gb_per_stack: float) -> str:
    """HBM generations whose stacks hold ``gb_per_stack`` [GB], smallest first (text)."""
    from tigris.data import load_rows

    gens = []
    for row in load_rows("hbm"):
        cap = float(row["stack_capacity_gb"])
        if cap >= gb_per_stack - 1e-9:
            gens.append((cap, str(row["generation"])))
    gens.sort()
    return ", ".join(f"{name}: {cap:g} GB" for cap, name in gens[:3])


def _beyond_catalog(
    acc: Any,
    given: set[str],
    catalog: dict[str, Any],
    unknown: set[str],
) -> list[tuple[str, str]]:
    """Figures of ``acc`` beyond every part of ``catalog``, as (field, message)."""
    from tigris.silicon.chip import interposer_area_mm2

    others = [p for p in catalog.values() if p.name != acc.name]
    out: list[tuple[str, str]] = []

    def beyond(field: str, value: float | None, parts: list[Any], get: Any, what: str) -> None:
        if value is None:
            return
        known = [(get(p), p.name) for p in parts]
        known = [(v, n) for v, n in known if v is not None]
        if not known:
            return
        top, name = max(known)
        if value > top * (1 + 1e-9):
            out.append(
                (
                    field,
                    f"{what} {value:.4g} is beyond every catalog part (largest: {top:.4g}, "
                    f"{name}; this is {value / top:.3g}x it): check the figure",
                )
            )

    for field in _BEYOND_FIELDS:
        if field in given:
            beyond(field, getattr(acc, field), others, lambda p, f=field: getattr(p, f), field)
    if acc.package is not None and "package" not in unknown:
        same = [p for p in others if (p.package or "").lower() == acc.package.lower()]
        if given & {"hbm_stacks", "package"}:
            beyond(
                _first_given(given, "hbm_stacks", "package"),
                acc.hbm_stacks,
                same,
                lambda p: p.hbm_stacks,
                f"HBM stacks on {acc.package}",
            )
        if not unknown and given & {
            "hbm_stacks",
            "hbm_sites",
            "logic_die_area_mm2",
            "logic_dies",
            "base_dies",
            "base_die_area_mm2",
            "hbm_generation",
            "package",
        }:
            beyond(
                "package"
                if "package" in given
                else _first_given(
                    given, "hbm_stacks", "hbm_sites", "logic_die_area_mm2", "logic_dies"
                ),
                interposer_area_mm2(acc),
                same,
                _safe_interposer,
                f"interposer area on {acc.package} [mm2]",
            )
    if given & {"tdp_w", "peak_bf16_flop_per_s"}:
        beyond(
            _first_given(given, "tdp_w", "peak_bf16_flop_per_s"),
            _flop_per_watt(acc),
            others,
            _flop_per_watt,
            "dense BF16 FLOP/s per W of TDP",
        )
    out += _roofline(acc, given, catalog, others)
    prices = [(float(p.price_usd), p.name) for p in others if p.price_usd]
    if "price_usd" in given and acc.price_usd is not None and prices:
        low, name = min(prices)
        if acc.price_usd < low / PRICE_BELOW_FACTOR:
            out.append(
                (
                    "price_usd",
                    f"${acc.price_usd:,.6g} is {low / acc.price_usd:.3g}x below the cheapest "
                    f"catalog part (${low:,.0f}, {name}): the field is in US dollars, not "
                    "thousands (check the figure)",
                )
            )
    links = [(float(p.interconnect_gb_per_s), p.name) for p in others if p.interconnect_gb_per_s]
    link = acc.interconnect_gb_per_s
    if "interconnect_gb_per_s" in given and link is not None and links:
        # TB/s written in the GB/s field (user test s57 #5: 0.9 sized a DeepSeek-V3
        # service at 2,944 parts, interconnect-bound, without a word); a warning: the
        # unit slip is 1,000x, the decade below the slowest shipped link a what-if's room
        low, name = min(links)
        if link < low / PRICE_BELOW_FACTOR:
            out.append(
                (
                    "interconnect_gb_per_s",
                    f"{link:.6g} GB/s is {low / link:.3g}x below every catalog part's "
                    f"scale-up link (slowest: {low:,.0f} GB/s, {name}, "
                    "data/inference_interconnect.csv): the field is in GB/s (1.8 TB/s is "
                    "1800); check the figure",
                )
            )
    if (why := future_as_of(str(acc.as_of))) is not None:
        out.append(("as_of", why))
    return out


#: The catalog part whose dense BF16 peak defines one H100e (docs/nomenclature.md).
_H100 = "h100-sxm"


def _roofline(
    acc: Any, given: set[str], catalog: dict[str, Any], others: list[Any]
) -> list[tuple[str, str]]:
    """A warning when the part's dense BF16 FLOP/s per byte/s of memory bandwidth (its
    roofline ridge point) is beyond every catalog part's.

    Above the ridge point a kernel of lower arithmetic intensity runs at bandwidth x
    intensity, not at peak (Williams, Waterman and Patterson, "Roofline", CACM 52(4),
    2009, doi:10.1145/1498765.1498785): LLM decode reads every weight once a token, so
    it scales with bandwidth (``tigris infer``), while ``tigris plan`` counts a part in
    H100e, its dense BF16 peak over the H100's, for all demand. The threshold is the
    catalog's largest ridge point (tigris judgement, the rule of the other warnings
    here: the catalog's projected parts reach 5.4x the H100's, and the plan values them
    the same way); the message gives the part's H100e by FLOP/s and by bandwidth.
    """
    ridge = _flop_per_byte(acc)
    h100 = catalog.get(_H100)
    if ridge is None or h100 is None or _flop_per_byte(h100) is None:
        return []
    if not given & {"peak_bf16_flop_per_s", "memory_bw_gb_per_s"}:
        return []
    known = [(v, p.name) for p in others if (v := _flop_per_byte(p)) is not None]
    if not known or ridge <= max(known)[0] * (1 + 1e-9):
        return []
    top, name = max(known)
    ref = float(_flop_per_byte(h100))  # type: ignore[arg-type]
    by_flop = float(acc.peak_bf16_flop_per_s) / float(h100.peak_bf16_flop_per_s)
    by_bw = float(acc.memory_bw_gb_per_s) / float(h100.memory_bw_gb_per_s)
    msg = (
        f"dense BF16 FLOP/s per byte/s of memory bandwidth (peak_bf16_flop_per_s "
        f"{float(acc.peak_bf16_flop_per_s):.4g} over memory_bw_gb_per_s "
        f"{float(acc.memory_bw_gb_per_s):,.6g}) {ridge:,.0f} is "
        f"{ridge / ref:.3g}x the H100's {ref:,.0f} and beyond every catalog part "
        f"(largest: {top:,.0f}, {name}): memory-bound work runs at bandwidth, not peak "
        f"(roofline, Williams et al. 2009). tigris plan counts this part as "
        f"{by_flop:.3g} H100e (dense BF16 FLOP/s) for all demand, while a memory-bound "
        f"kernel (LLM decode) runs at its bandwidth ratio, {by_bw:.3g}x an H100 "
        f"(`tigris infer -a {acc.name}` sizes a service on both); to plan it at an "
        "effective figure give the scenario product's h100e with a source "
        "(docs/scenario-files.md)"
    )
    return [(_ridge_field(acc, given, others), msg)]


def _ridge_field(acc: Any, given: set[str], others: list[Any]) -> str:
    """The field a roofline warning points at: the bandwidth when the entry gave one
    below every catalog part's (a TB/s figure written in GB/s is the likelier slip),
    else the BF16 peak if the entry gave it, else the bandwidth (user test UT-CONTRIB
    2026-12-04, finding 7: bandwidth ``16`` for 16,000 GB/s was blamed on the ordinary
    BF16 peak and its line). The message names both figures either way."""
    bw, flop = "memory_bw_gb_per_s", "peak_bf16_flop_per_s"
    known = [float(p.memory_bw_gb_per_s) for p in others if p.memory_bw_gb_per_s]
    if bw in given and known and float(acc.memory_bw_gb_per_s) < min(known):
        return bw
    return flop if flop in given else bw


def _flop_per_byte(p: Any) -> float | None:
    """Dense BF16 FLOP/s per byte/s of memory bandwidth (the roofline's ridge point)
    [FLOP/byte], or ``None`` without both."""
    if p.peak_bf16_flop_per_s is None or not p.memory_bw_gb_per_s:
        return None
    return float(p.peak_bf16_flop_per_s) / (float(p.memory_bw_gb_per_s) * BYTES_PER_GB)


def _flop_per_watt(p: Any) -> float | None:
    """Dense BF16 FLOP/s per watt of TDP [FLOP/s/W], or ``None`` without both."""
    if p.peak_bf16_flop_per_s is None or not p.tdp_w:
        return None
    return float(p.peak_bf16_flop_per_s) / float(p.tdp_w)


def _safe_interposer(p: Any) -> float | None:
    """A catalog part's interposer area [mm^2], ``None`` where it cannot be worked out."""
    from tigris.silicon.chip import interposer_area_mm2

    try:
        return interposer_area_mm2(p)
    except InputError:
        return None
