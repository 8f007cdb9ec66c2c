"""Accelerator catalog: the shipped table plus user-defined parts from YAML.

The shipped table is ``tigris/data/accelerators.csv`` (one row per product, every row
with ``source`` and ``as_of``). A user adds parts — for example a claimed neuromorphic
NPU with 100x the FLOP/s per watt — in a YAML file::

    accelerators:
      - name: neuro-npu
        based_on: h100            # copy every field of a catalog part, then override
        vendor: "Neuro Inc."
        peak_bf16_flop_per_s: 9.894e16
        peak_fp8_flop_per_s: 1.979e17   # give every peak you change: FP8 >= BF16
        source: "Vendor claim, press release 2024-03-01"
        as_of: 2024-03

and uses the name anywhere a catalog name is accepted. Names are case-insensitive and
aliases (``h100`` for ``h100-sxm``) resolve to the canonical name.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, Problem, unknown_name

if TYPE_CHECKING:  # imported where used, not at start-up
    import pandas as pd

    from tigris.yamlio import Locator

__all__ = [
    "PRECISIONS",
    "PRODUCT_NAMES",
    "Accelerator",
    "Precision",
    "get_accelerator",
    "list_accelerators",
    "load_catalog",
    "not_a_name",
    "product_name_note",
]

#: Names of products that are not one catalog part but hold such parts: name -> (the
#: catalog part one GPU of it is read as, what that reading means and whose it is). A
#: lookup by one of these resolves to the part (after the catalog's own names and
#: aliases, so a user's part of that name wins); :func:`product_name_note` says so.
PRODUCT_NAMES: dict[str, tuple[str, str]] = {
    "gb200": (
        "b200",
        "gb200 is read as b200, one per GPU: a GB200 superchip is one Grace CPU and two "
        "B200 GPUs (NVIDIA GB200 NVL72: 36 superchips, 72 GPUs a rack), so count GPUs, not "
        "superchips (as Epoch's chip counts and data/accelerator_shipments.csv do); the b200 "
        "row is HGX B200's at 1,000 W (dense BF16 2.25 PFLOP/s; NVIDIA rates a GB200's B200 at "
        "1,200 W and 2.5, so its FLOP/s are ~10% short) with DGX B200's power per GPU, not the "
        "liquid-cooled NVL72 rack's: pass --power-w for the rack's power per GPU, or an "
        "--accelerators part based_on b200 for its peak",
    ),
    "gb300": (
        "b300",
        "gb300 is read as b300, one per GPU: a GB300 superchip is one Grace CPU and two "
        "Blackwell Ultra GPUs (NVIDIA GB300 NVL72: 72 GPUs a rack), so count GPUs; the b300 "
        "row stands for the GB300 NVL72 GPU (its power per GPU is the rack's over 72)",
    ),
}
#: AMD's MI350X, the MI355X's silicon at lower clocks and power: read as mi355x, with what
#: that overstates (user test 2026-12-07: ``mi350`` was an alias of mi355x, silently).
_MI350X = (
    "mi355x",
    "{name} is read as mi355x, the same silicon (8 XCDs on N3, 288 GB of HBM3E) that AMD "
    "sells as MI350X at 1,000 W air-cooled and 2.2 GHz against MI355X's 1,400 W and 2.4 "
    "GHz (Hot Chips 2025 via Wccftech; Tom's Hardware 2025-06: FP4 18.45 against 20.1 "
    "PFLOP/s, so MI350X's peak is ~8% lower): the mi355x row overstates an MI350X's power "
    "by 40% and its FLOP/s by ~9%; pass --power-w for MI350X's power, or an "
    "--accelerators part based_on mi355x for its peak",
)
PRODUCT_NAMES.update({n: (_MI350X[0], _MI350X[1].format(name=n)) for n in ("mi350x", "mi350")})

Precision = Literal["bf16", "fp8"]
#: Precisions the catalog records dense peak FLOP/s for.
PRECISIONS: tuple[str, ...] = ("bf16", "fp8")


@dataclass(frozen=True)
class Accelerator:
    """One accelerator product. Optional fields are ``None`` where not disclosed.

    Attributes
    ----------
    name : str
        Canonical lower-case name (``"h100-sxm"``).
    peak_bf16_flop_per_s, peak_fp8_flop_per_s : float or None
        Dense (no 2:4 sparsity) peak tensor throughput [FLOP/s].
    memory_gb : float
        On-package memory [GB, 1e9 bytes].
    memory_bw_gb_per_s : float
        Memory bandwidth [GB/s].
    tdp_w : float or None
        Chip/board thermal design power [W].
    system_power_w : float or None
        The accelerator's share of its server's power, host, network and fans
        included, before facility PUE [W].
    logic_dies, logic_die_area_mm2, node : logic silicon: dies per package, area of one
        die [mm^2], process node name.
    units_total, units_enabled : repeatable units on one die (SMs, CUs) and how many
        are enabled in the product, for redundancy/harvesting yield.
    hbm_stacks, hbm_generation, package : memory stacks per package, their
        generation (a row of ``hbm.csv``: ``HBM3e-12hi``, ``HBM4``), packaging
        technology (a row of ``packaging.csv``: ``CoWoS-S``, ``CoWoS-L``, ``CoWoS-R``).
    hbm_sites : int or None
        HBM sites on the interposer: the active stacks plus dummy or disabled ones
        (A100 and H100 SXM: six sites, five active). It sizes the interposer; the
        memory bill counts ``hbm_stacks``. ``None``: as many as ``hbm_stacks``. A custom
        part that gives it must give at least ``hbm_stacks``; one ``based_on`` a part
        inherits that part's sites (the same package outline: a four-stack H100 keeps
        its six sites), and a stack count above them sizes the interposer by the stacks.
    base_dies, base_die_area_mm2, base_die_node : base (I/O) dies of a 3D-stacked part
        (AMD MI300X: four N6 I/O dies under its eight compute dies): dies per package,
        area of one [mm^2], their process node. The base dies, not the logic dies
        stacked on them, sit on the interposer; ``None`` for parts whose logic dies sit
        on the interposer themselves.
    price_usd : float or None
        Estimated selling price of one accelerator [USD].
    interconnect_gb_per_s : float or None
        Scale-up interconnect bandwidth per accelerator (NVLink-style), both directions
        [GB/s]: a shipped part's row of ``data/inference_interconnect.csv``, a user
        part's own figure or the one of the part it is ``based_on`` (copied as every
        field is). ``None``: not known (tigris infer then keeps replicas to one
        accelerator, :mod:`tigris.workload.inference`).
    based_on : str or None
        The shipped part a user-defined one was copied from, followed through any chain
        of ``based_on`` (``None`` for a shipped row or a part given from scratch): the
        per-part tables the catalog does not hold (the scale-out network of
        ``inference_scale_out.csv``) fall back to that part's rows, as its catalog
        fields were copied.
    source, as_of : where every number on the row comes from, and when.
    """

    name: str
    vendor: str = ""
    launch_year: int | None = None
    peak_bf16_flop_per_s: float | None = None
    peak_fp8_flop_per_s: float | None = None
    memory_gb: float | None = None
    memory_bw_gb_per_s: float | None = None
    tdp_w: float | None = None
    system_power_w: float | None = None
    logic_dies: int | None = None
    logic_die_area_mm2: float | None = None
    node: str | None = None
    units_total: int | None = None
    units_enabled: int | None = None
    hbm_stacks: int | None = None
    hbm_sites: int | None = None
    hbm_generation: str | None = None
    package: str | None = None
    base_dies: int | None = None
    base_die_area_mm2: float | None = None
    base_die_node: str | None = None
    price_usd: float | None = None
    interconnect_gb_per_s: float | None = None
    based_on: str | None = None
    aliases: tuple[str, ...] = ()
    source: str = ""
    as_of: str = ""

    def peak_flop_per_s(self, precision: str = "bf16") -> float:
        """Dense peak FLOP/s at ``precision``.

        Parameters
        ----------
        precision : str, optional
            ``bf16`` or ``fp8`` (:data:`PRECISIONS`).

        Returns
        -------
        float
            The dense (no 2:4 sparsity) peak tensor throughput of one accelerator [FLOP/s].

        Raises
        ------
        InputError
            The catalog has no figure for that precision on this part.
        """
        if precision not in PRECISIONS:
            msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
            raise InputError(msg, field="precision")
        value = getattr(self, f"peak_{precision}_flop_per_s")
        if value is None:
            msg = (
                f"{self.name} has no dense {precision} peak in the catalog; "
                "choose another precision"
            )
            raise InputError(msg, field="precision")
        return float(value)

    def require(self, field: str, hint: str = "") -> Any:
        """Return attribute ``field``, or raise :class:`InputError` if it is not known.

        Parameters
        ----------
        field : str
            The attribute's name (``tdp_w``, ``price_usd``, ...).
        hint : str, optional
            What to do about it, appended to the error's message after ``; ``.

        Returns
        -------
        Any
            The attribute's value, in its field's unit; never None.

        Raises
        ------
        InputError
            Field ``field``: the part has no value for it.
        """
        value = getattr(self, field)
        if value is None:
            msg = f"{self.name}: '{field}' is not known for this part" + (
                f"; {hint}" if hint else ""
            )
            raise InputError(msg, field=field)
        return value

    def to_dict(self) -> dict[str, Any]:
        """All fields as a plain dict (JSON-friendly).

        Returns
        -------
        dict of str to Any
            Field name -> value (units as in the attributes), ``aliases`` as a list.
        """
        d = dataclasses.asdict(self)
        d["aliases"] = list(self.aliases)
        return d


_FIELDS = {f.name: f for f in dataclasses.fields(Accelerator)}
_INT_FIELDS = (
    "launch_year",
    "logic_dies",
    "units_total",
    "units_enabled",
    "hbm_stacks",
    "hbm_sites",
    "base_dies",
)
_STR_FIELDS = (
    "vendor",
    "node",
    "hbm_generation",
    "package",
    "base_die_node",
    "based_on",
    "source",
)


def _clean(value: Any, name: str) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if name in _INT_FIELDS:
        return int(value)
    if name in (*_STR_FIELDS, "as_of", "name"):
        return str(value)
    return float(value)


def _from_row(row: dict[str, Any]) -> Accelerator:
    kwargs = {k: _clean(v, k) for k, v in row.items() if k in _FIELDS and k != "aliases"}
    aliases = row.get("aliases")
    if isinstance(aliases, str) and aliases.strip():
        kwargs["aliases"] = tuple(a.strip().lower() for a in aliases.split("|"))
    kwargs["name"] = str(row["name"]).lower()
    return Accelerator(**kwargs)


@data_cache
def _shipped_parts() -> tuple[Accelerator, ...]:
    """The shipped parts, plus those of a user data overlay in force, each with its
    scale-up bandwidth from ``inference_interconnect.csv`` where the row has none."""
    links = {
        str(r["accelerator"]).strip().lower(): float(r["interconnect_gb_per_s"])
        for r in load_rows("inference_interconnect")
    }
    _check_shipped_names()
    parts = []
    for row in load_rows("accelerators"):
        acc = _from_row(row)
        if acc.interconnect_gb_per_s is None and acc.name in links:
            acc = dataclasses.replace(acc, interconnect_gb_per_s=links[acc.name])
        parts.append(acc)
    return tuple(parts)


def _check_shipped_names() -> None:
    """Refuse a shipped ``accelerators.csv`` in which a name or alias names two rows.

    A lookup resolves a name before an alias and the first row's alias before a later
    one's, so a later row repeating another row's alias, or taking another row's name as
    an alias, or a name given twice, would be silently unreachable (user test s50
    contributor, defect 2: a copy of the h200 row with alias ``h200-sxm`` and another
    peak left ``tigris catalog h200-sxm`` showing h200). The same clash in a ``--data``
    file is refused (:func:`_name_clash`); here each clash is one ``file:line`` problem
    at the later row, raised as :class:`InputError` when the catalog loads.

    Raises
    ------
    InputError
        Every clash, at ``accelerators.csv:LINE: name`` or ``: aliases``.
    """
    import tigris.data

    _header, rows = tigris.data._shipped_rows("accelerators")
    where = str(tigris.data.resources.files("tigris.data") / "accelerators.csv")
    line_of: dict[str, int] = {}  # canonical name -> its row's line
    alias_of: dict[str, tuple[str, int]] = {}  # alias -> (its row's name, line)
    for i, row in enumerate(rows):
        acc = _from_row(row)
        line_of.setdefault(acc.name, i + 2)
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, row in enumerate(rows):
        acc, line = _from_row(row), i + 2
        if acc.name in seen:
            msg = (
                f"'{acc.name}' names the row at line {line_of[acc.name]} too (names are "
                "case-insensitive): a lookup would find one of them only; give one row"
            )
            problems.append(Problem("name", msg, where, line))
        seen.add(acc.name)
        for alias in acc.aliases:
            if alias == acc.name:
                continue
            if alias in line_of:
                owner, at = alias, line_of[alias]
                why = "is the name of"
            elif alias in alias_of and alias_of[alias][0] != acc.name:
                owner, at = alias_of[alias]
                why = "is already an alias of"
            else:
                alias_of.setdefault(alias, (acc.name, line))
                continue
            msg = (
                f"alias '{alias}' of '{acc.name}' {why} '{owner}' (line {at}): a lookup of "
                f"'{alias}' would find '{owner}', never this row; choose another alias"
            )
            problems.append(Problem("aliases", msg, where, line))
    if problems:
        raise InputError(problems)


def _shipped() -> dict[str, Accelerator]:
    return {acc.name: acc for acc in _shipped_parts()}


def load_catalog(custom: str | Path | None = None) -> dict[str, Accelerator]:
    """Return the catalog as ``{canonical name: Accelerator}``.

    Parameters
    ----------
    custom : str or Path, optional
        YAML file of extra accelerators (see module docstring). A custom part may
        replace a shipped one of the same name.

    Returns
    -------
    dict of str to Accelerator
        Canonical lower-case name -> part: the shipped parts, then the custom file's
        (a custom part of a shipped name in the shipped part's place).

    Raises
    ------
    InputError
        The custom file is unreadable or invalid; every problem is listed with its
        ``file:line``.
    """
    catalog = _shipped()
    if custom is None:
        return catalog
    from tigris.catalog_schema import read_custom_file

    specs, locate = read_custom_file(custom)
    added, problems = custom_parts(specs, catalog, str(custom), locate, tables={})
    problems += _in_overlay_too(specs, str(custom), locate)
    if problems:
        raise InputError(problems)
    return {**catalog, **added}


def _in_overlay_too(specs: Sequence[Any], file: str, locate: Locator) -> list[Problem]:
    """Parts of an ``--accelerators`` file that the ``--data`` overlay in force defines
    too, refused at the file's ``name`` line: which of two figures for one part a run
    uses must not hang on a rule nobody is told (user test UT-CONTRIB 2026-12-04,
    finding 5: ``--accelerators`` silently won)."""
    from tigris.data import active_overlay

    overlay = active_overlay()
    rows = overlay.rows.get("accelerators", ()) if overlay is not None else ()
    theirs = {str(r["name"]).strip().lower() for r in rows}
    out = []
    for i, spec in enumerate(specs):
        name = spec.name.strip().lower()
        if name in theirs:
            loc = ("accelerators", i, "name")
            msg = (
                f"'{name}' is defined in --data {overlay.file} too (names are "  # type: ignore[union-attr]
                "case-insensitive); give the part in one of the two files"
            )
            out.append(Problem(".".join(map(str, loc)), msg, file, locate(loc)))
    return out


def custom_parts(
    specs: Sequence[Any],
    catalog: dict[str, Accelerator],
    file: str,
    locate: Locator,
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> tuple[dict[str, Accelerator], list[Problem]]:
    """Build user-defined parts on top of ``catalog``; collect what is wrong.

    Shared by ``--accelerators FILE`` and the ``accelerators:`` section of a data
    overlay (:mod:`tigris.overlay`), so both accept and refuse the same things.

    Parameters
    ----------
    specs : sequence of validated entries
        The file's ``accelerators`` list, each a validated
        :class:`tigris.catalog_schema.CustomAccelerator`.
    catalog : dict
        Parts the entries may be ``based_on`` and must not clash with.
    file : str
        File name for the messages.
    locate : callable
        Line locator of the file (:func:`tigris.yamlio.load_yaml`).
    tables : mapping, optional
        Rows of ``nodes``, ``hbm`` and ``packaging`` the same file adds (a data
        overlay's own sections), read with the tables in force when the parts are
        checked. ``None``: the caller may add rows this function does not see, so a
        node, HBM generation or package that names no row is not refused here (it is
        when a bill needs it); with a mapping (``{}`` for ``--accelerators``) it is,
        with the file's line.

    Returns
    -------
    added : dict
        New or replaced parts by canonical name.
    problems : list of Problem
        Every problem, with ``accelerators.<i>.<field>`` and the file's line.

    Notes
    -----
    Each built part is checked by :func:`tigris.catalog_schema.part_checks`
    (impossible parts refused; figures beyond every catalog part written as one
    ``warning: file:line: field: message`` line each on standard error, once a
    process). A ``based_on`` part that changes the logic die (``logic_die_area_mm2``,
    ``node`` or ``logic_dies``) without giving ``units_total`` or ``units_enabled``
    does not copy the base's: they count the base die's repeatable units (H100: 144
    SMs, 12 of which may be bad), which a die of another size or node does not have,
    so the part is costed without harvesting until it gives its own (user test
    UT-CHIP 2026-12-04, defect 10). Likewise one that gives ``tdp_w`` without
    ``system_power_w`` scales the base's system power by the TDPs' ratio
    (:func:`_scaled_system_power`).
    """
    shipped = dict(catalog)
    catalog = dict(catalog)
    scope = _tables_overlay(file, tables)
    added: dict[str, Accelerator] = {}
    problems: list[Problem] = []
    defined: set[str] = set()
    for i, spec in enumerate(specs):
        fields = spec.model_dump(exclude_none=True, exclude={"based_on", "aliases"})
        base: dict[str, Any] = {}
        base_aliases: tuple[str, ...] = ()
        if spec.based_on is not None:
            try:
                base = dataclasses.asdict(_resolve(catalog, spec.based_on))
            except InputError as exc:
                loc = ("accelerators", i, "based_on")
                # the message alone: the path names the field ("based_on: accelerator:
                # unknown accelerator" said it twice; user test 2026-12-06 #10)
                msg = "; ".join(p.message for p in exc.problems) or str(exc)
                problems.append(Problem(".".join(map(str, loc)), msg, file, locate(loc)))
                continue
            base_aliases = tuple(base.pop("aliases", ()))
        merged = {**base, **fields, "name": spec.name.lower()}
        if base:  # the shipped part at the root of the chain (its table rows apply)
            merged["based_on"] = base.get("based_on") or base["name"]
        if base and _new_die(fields, base) and not {"units_total", "units_enabled"} & set(fields):
            merged["units_total"] = merged["units_enabled"] = None
        if base and "system_power_w" not in fields:
            merged["system_power_w"] = _scaled_system_power(fields, base)
        merged["aliases"] = tuple(a.lower() for a in spec.aliases)
        if not merged["aliases"] and base.get("name") == merged["name"]:
            # a row replacing itself (``name: h100-sxm, based_on: h100-sxm``) keeps its
            # aliases: ``-a h100`` still names it; a new part based on it does not
            merged["aliases"] = base_aliases
        acc = Accelerator(**merged)
        clash = _name_clash(acc, catalog, defined)
        if clash:
            loc = ("accelerators", i, "aliases" if clash.startswith("alias") else "name")
            problems.append(Problem(".".join(map(str, loc)), clash, file, locate(loc)))
            continue
        defined.add(acc.name)
        if (
            acc.units_total is not None
            and acc.units_enabled is not None
            and acc.units_enabled > acc.units_total
        ):
            loc = ("accelerators", i, "units_enabled")
            msg = f"{acc.units_enabled} enabled units exceed units_total {acc.units_total}"
            problems.append(Problem(".".join(map(str, loc)), msg, file, locate(loc)))
            continue
        if (
            "hbm_sites" in fields
            and acc.hbm_stacks is not None
            and acc.hbm_sites is not None
            and acc.hbm_sites < acc.hbm_stacks
        ):  # sites are the active stacks plus dummies: at least as many as the stacks
            loc = ("accelerators", i, "hbm_sites")
            msg = (
                f"{acc.hbm_sites} HBM sites cannot hold hbm_stacks {acc.hbm_stacks}; expected "
                f"at least {acc.hbm_stacks} (the active stacks plus any dummies)"
            )
            problems.append(Problem(".".join(map(str, loc)), msg, file, locate(loc)))
            continue
        if acc.peak_bf16_flop_per_s is None and acc.peak_fp8_flop_per_s is None:
            loc = ("accelerators", i)
            msg = "give peak_bf16_flop_per_s or peak_fp8_flop_per_s (or based_on)"
            problems.append(Problem(".".join(map(str, loc)), msg, file, locate(loc)))
            continue
        if (order := _precision_order_problem(acc, fields, base, i, file, locate)) is not None:
            problems.append(order)
            continue
        errors = _checked(acc, set(fields), shipped, (i, base.get("name")), file, locate, scope)
        if errors:
            problems += errors
            continue
        catalog[acc.name] = acc
        added[acc.name] = acc
    return added, problems


#: Fields of a ``based_on`` part that make its logic die another die than the base's.
_DIE_FIELDS = ("logic_die_area_mm2", "node", "logic_dies")

#: Warning lines already written in this process (files are read more than once).
_WARNED: set[str] = set()
#: Where :func:`warn_once` also puts its lines inside :func:`collected_warnings`.
_COLLECTING: ContextVar[list[str] | None] = ContextVar("tigris_warnings", default=None)
#: Whether :func:`warn_once` writes nothing (:func:`quiet_warnings`).
_QUIET: ContextVar[bool] = ContextVar("tigris_quiet_warnings", default=False)


def warn_once(line: str) -> None:
    """Write ``warning: line`` on standard error once a process, and keep it in the
    list of :func:`collected_warnings` in force, every time (the dashboard shows a data
    file's warnings beside each plan made with it; user test 2026-12-05 serve #4).

    Parameters
    ----------
    line : str
        The warning, without the ``warning: `` prefix or a newline.
    """
    seen = _COLLECTING.get()
    if seen is not None:
        seen.append(line)
    if line not in _WARNED:
        _WARNED.add(line)
        if not _QUIET.get():
            sys.stderr.write(f"warning: {line}\n")


@contextlib.contextmanager
def quiet_warnings() -> Iterator[None]:
    """Inside the block :func:`warn_once` writes nothing, yet counts each line as said
    (it is not written later either) and collects it: for a ``--data`` text parsed
    again where its file's warnings were already written (a sweep's members, user test
    2026-12-05 data #2, wrote each twice, the second time naming a deleted temporary
    file).

    Yields
    ------
    None
        Control to the block, once.
    """
    token = _QUIET.set(True)
    try:
        yield
    finally:
        _QUIET.reset(token)


@contextlib.contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """The warning lines :func:`warn_once` gives inside the ``with`` block (this
    thread's or task's only: a context variable).

    Yields
    ------
    list of str
        The lines given so far in the block (the list grows as warnings come), in order,
        repeats kept.
    """
    seen: list[str] = []
    token = _COLLECTING.set(seen)
    try:
        yield seen
    finally:
        _COLLECTING.reset(token)


def _new_die(fields: dict[str, Any], base: dict[str, Any]) -> bool:
    """Whether the entry gives a logic die other than its base's (area, node or count)."""
    for key in _DIE_FIELDS:
        if key not in fields:
            continue
        new, old = fields[key], base.get(key)
        if isinstance(new, str) and isinstance(old, str):
            if new.strip().lower() != old.strip().lower():
                return True
        elif new != old:
            return True
    return False


def _scaled_system_power(fields: dict[str, Any], base: dict[str, Any]) -> float | None:
    """System power of a ``based_on`` part that gives its own ``tdp_w`` and no
    ``system_power_w`` [W]: the base's, scaled by the new TDP over the base's.

    ``system_power_w`` is the accelerator's share of its server's power, the chip
    included, and the plan's MW use it (``fleet_mw_per_unit = system_power_w x
    it_overhead x pue``, :mod:`tigris.energy.fleet`), not the TDP: copied unchanged, a
    part at 1,400 W TDP based on Rubin (1,800 W TDP, 3,000 W a GPU of its server) kept
    Rubin's 3,000 W, 2.1x its TDP where Rubin's is 1.67x (user test UT-CONTRIB
    2026-12-04, finding 6). The server share is kept at the base's ratio to the TDP,
    the rule the catalog's own projected parts follow (:mod:`tigris.world.trend`:
    ``system_power_w = tdp_w x base system_power_w / base tdp_w``), since the host,
    network and fans of a server are sized to its accelerators. A part that gives no
    ``tdp_w`` keeps the base's figure; one that gives ``system_power_w`` keeps its own.
    """
    system, old_tdp, tdp = base.get("system_power_w"), base.get("tdp_w"), fields.get("tdp_w")
    if system is None or tdp is None or not old_tdp:
        return system
    return float(system) * float(tdp) / float(old_tdp)


def _tables_overlay(
    file: str, tables: Mapping[str, Sequence[Mapping[str, Any]]] | None
) -> tuple[Any, bool]:
    """The overlay (or ``None``: the tables in force) a file's parts are checked under,
    and whether a name that names no row is refused (``tables`` given)."""
    if not tables:
        return None, tables is not None
    from tigris.data import DataOverlay, active_overlay

    active = active_overlay()
    rows = {**(active.rows if active is not None else {}), **tables}
    return DataOverlay(file, rows), True


def _checked(
    acc: Accelerator,
    given: set[str],
    catalog: dict[str, Accelerator],
    entry: tuple[int, str | None],
    file: str,
    locate: Locator,
    scope: tuple[Any, bool],
) -> list[Problem]:
    """:func:`tigris.catalog_schema.part_checks` of one part: its errors as Problems;
    its warnings written on standard error (``warning: file:line: field: message``)."""
    from tigris.catalog_schema import part_checks
    from tigris.data import using_overlay

    overlay, strict = scope
    i, base = entry
    ctx: Any = using_overlay(overlay) if overlay is not None else contextlib.nullcontext()
    with ctx:
        errors, warnings = part_checks(acc, given, catalog, strict=strict, base=base)
    for field, msg in warnings:
        loc = ("accelerators", i, field)
        warn_once(str(Problem(".".join(map(str, loc)), msg, file, locate(loc))))
    return [
        Problem(".".join(map(str, ("accelerators", i, f))), m, file, locate(("accelerators", i, f)))
        for f, m in errors
    ]


def _precision_order_problem(
    acc: Accelerator,
    fields: dict[str, Any],
    base: dict[str, Any],
    i: int,
    file: str,
    locate: Locator,
) -> Problem | None:
    """A part whose narrower precision peaks below a wider one's, as a Problem.

    Every part of the shipped catalog runs FP8 at one to two times its BF16 dense peak
    (``accelerators.csv``): halving the operand width never slows a tensor core. A
    ``based_on`` part that gives a new BF16 peak but no FP8 one copied the base's FP8
    figure, 50x below its BF16 for the README's 100x-H100 example, and ``train
    --precision fp8`` ran 50x slower than at bf16 (user test 2026-12-04 D7). Refused,
    naming ``peak_fp8_flop_per_s``, with the base part's own FP8/BF16 ratio as a hint
    (a figure of the data, not a default).

    Returns
    -------
    Problem or None
        None when FP8 is unknown or at least the BF16 peak.
    """
    bf16, fp8 = acc.peak_bf16_flop_per_s, acc.peak_fp8_flop_per_s
    if bf16 is None or fp8 is None or fp8 >= bf16:
        return None
    field = "peak_fp8_flop_per_s"
    given = field in fields
    whose = "" if given else f" (copied from {base.get('name')}, which based_on names)"
    msg = (
        f"{fp8:.4g} FLOP/s{whose} is below peak_bf16_flop_per_s {bf16:.4g}: a narrower "
        "precision does not run slower than a wider one on any catalog part"
    )
    base_bf16, base_fp8 = base.get("peak_bf16_flop_per_s"), base.get("peak_fp8_flop_per_s")
    if not given and base_bf16 and base_fp8:
        ratio = base_fp8 / base_bf16
        msg += (
            f"; give {field} (at {base.get('name')}'s fp8/bf16 ratio of {ratio:.3g} it "
            f"would be {ratio * bf16:.4g})"
        )
    loc: tuple[Any, ...] = ("accelerators", i, field)
    # inherited: point at the BF16 figure that made it stale (or the based_on line)
    where = loc if given else ("accelerators", i, "peak_bf16_flop_per_s")
    line = locate(where)
    return Problem(".".join(map(str, loc)), msg, file, line)


def _name_clash(acc: Accelerator, catalog: dict[str, Accelerator], defined: set[str]) -> str:
    """Why ``acc``'s name or an alias would make a lookup ambiguous ('' if it would not)."""
    if acc.name in defined:
        return f"'{acc.name}' is defined twice in this file (names are case-insensitive)"
    # a name that is another part's alias would shadow it wherever that name is read,
    # the shipped tables' rows too (data/roadmap.csv, shipments, published runs):
    # refused, since those would then silently mean the file's part
    owners = [o.name for o in catalog.values() if o.name != acc.name and acc.name in o.aliases]
    if owners:
        return (
            f"'{acc.name}' is an alias of the catalog's '{owners[0]}': a part of this name "
            f"would replace it wherever '{acc.name}' is named, the shipped tables included; "
            f"choose another name, or name: {owners[0]} (with based_on: {owners[0]}) "
            "to replace that part"
        )
    for alias in acc.aliases:
        owners = [
            other.name
            for other in catalog.values()
            if other.name != acc.name and (alias == other.name or alias in other.aliases)
        ]
        if owners:
            return f"alias '{alias}' already names '{owners[0]}'; choose another alias"
    return ""


def not_a_name(value: object, what: str, field: str) -> InputError:
    """The :class:`InputError` for a name lookup given something that is not a text.

    From Python a keyword that names something (``accelerator``, ``model``) can hold
    anything; ``accelerator=5`` failed on ``5.strip()`` (user test s46 #7). The words
    are those of a numeric keyword given a text, turned round (``expected a number,
    got the text '0.4'``, :func:`tigris.workload._common.python_api`).

    Parameters
    ----------
    value : object
        What was given instead of a name.
    what : str
        What was expected, with its article (``"an accelerator's name"``).
    field : str
        Flag or field named in the error.

    Returns
    -------
    InputError
        ``<field>: expected <what>, got ...``, for the caller to raise.

    Examples
    --------
    >>> print(not_a_name(5, "an accelerator's name (a text)", "--accelerator"))
    --accelerator: expected an accelerator's name (a text), got the number 5
    >>> print(not_a_name(True, "a model's name (a text)", "--model"))
    --model: expected a model's name (a text), got a boolean
    """
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # numpy's too
        got = "a boolean"
    elif isinstance(value, int | float) or type(value).__module__ == "numpy":
        got = f"the number {value}" if getattr(value, "ndim", 0) == 0 else "an array"
    else:
        got = f"a {type(value).__name__}"
    return InputError(f"expected {what}, got {got}", field=field)


def _resolve(catalog: dict[str, Accelerator], name: str, field: str = "accelerator") -> Accelerator:
    if not isinstance(name, str):
        raise not_a_name(name, "an accelerator's name (a text) or an Accelerator", field)
    key = name.strip().lower()
    if key in catalog:
        return catalog[key]
    for acc in catalog.values():
        if key in acc.aliases:
            return acc
    if key in PRODUCT_NAMES:
        return _resolve(catalog, PRODUCT_NAMES[key][0], field)
    names = list(catalog) + [a for acc in catalog.values() for a in acc.aliases]
    names += [n for n in PRODUCT_NAMES if n not in names]  # a user's gb200 once
    raise unknown_name("accelerator", name, names, field=field, addable=True)


def product_name_note(name: str | Accelerator | None, custom: str | Path | None = None) -> str:
    """What reading a product name as a catalog part means ('' for a catalog name).

    Parameters
    ----------
    name : str, Accelerator or None
        The name a user gave (``"GB200"``); a part or ``None`` gives ''.
    custom : str or Path, optional
        YAML file of extra accelerators (a part of that name there is no product name).

    Returns
    -------
    str
        One sentence from :data:`PRODUCT_NAMES`, or '' when ``name`` is a catalog name or
        alias or no product name.

    References
    ----------
    NVIDIA GB200 NVL72 and GB300 NVL72 product pages (36 Grace CPUs and 72 GPUs a rack);
    AMD MI350X and MI355X (Hot Chips 2025 via Wccftech: 1,000 W at 2.2 GHz against 1,400 W
    at 2.4 GHz; Tom's Hardware 2025-06: FP4 18.45 against 20.1 PFLOP/s); the GB200 variant
    of B200 at 1,200 W, dense BF16 2,500 TFLOP/s, against HGX B200's 1,000 W and 2,250
    (NVIDIA figures via glennklockwood.com/garden/processors/B200, the catalog b200 row's
    source).

    Examples
    --------
    >>> get_accelerator("GB200").name, product_name_note("GB200")[:25]
    ('b200', 'gb200 is read as b200, on')
    >>> product_name_note("b200")
    ''
    """
    if not isinstance(name, str):
        return ""
    key = name.strip().lower()
    if key not in PRODUCT_NAMES:
        return ""
    catalog = load_catalog(custom)
    if key in catalog or any(key in acc.aliases for acc in catalog.values()):
        return ""
    return PRODUCT_NAMES[key][1]


def get_accelerator(
    name: str | Accelerator, custom: str | Path | None = None, field: str = "accelerator"
) -> Accelerator:
    """Look up an accelerator by name or alias, case-insensitively.

    Parameters
    ----------
    name : str or Accelerator
        Catalog name, alias, or an :class:`Accelerator` (returned unchanged).
    custom : str or Path, optional
        YAML file of extra accelerators.
    field : str, optional
        Flag or field name used in the error message.

    Returns
    -------
    Accelerator
        The part (for a product name of :data:`PRODUCT_NAMES`, the part it is read as).

    Raises
    ------
    InputError
        ``name`` is neither a text nor an :class:`Accelerator`, or no part has that
        name or alias (field ``field``).

    Examples
    --------
    >>> get_accelerator("H100").name
    'h100-sxm'
    >>> get_accelerator("h100").peak_flop_per_s("bf16")
    989400000000000.0
    """
    if isinstance(name, Accelerator):
        return name
    return _resolve(load_catalog(custom), name, field)


def list_accelerators(custom: str | Path | None = None) -> pd.DataFrame:
    """The catalog as a table, one row per accelerator.

    Parameters
    ----------
    custom : str or Path, optional
        YAML file of extra accelerators; None lists the shipped catalog only.

    Returns
    -------
    pandas.DataFrame
        Indexed by canonical name, one column per :class:`Accelerator` field
        (``peak_bf16_flop_per_s`` [FLOP/s], ``memory_gb`` [GB], ``tdp_w`` [W],
        ``price_usd`` [US$], ...; None or NaN where not disclosed).
    """
    import pandas as pd

    rows = [a.to_dict() for a in load_catalog(custom).values()]
    return pd.DataFrame(rows).set_index("name")
