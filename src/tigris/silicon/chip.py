"""Per-accelerator bill of silicon: dies, wafers, interposers, HBM stacks, cost, margin.

For one packaged accelerator of the catalog, :func:`chip_bill` chains

1. logic dies: gross dies per wafer (analytic estimate, the catalog gives area only),
   die yield (a named model, with SM/CU harvesting where the catalog gives
   ``units_total``/``units_enabled``), good dies per wafer;
2. base dies of 3D-stacked parts (the catalog's ``base_dies``: AMD MI300X's four I/O
   dies, its compute dies bonded on top): good dies per wafer on their own node, as
   for the logic dies but without harvesting;
3. interposer: its area from the silicon it carries (``packaging.csv``: the logic dies,
   or the base dies of a 3D-stacked part, plus the HBM stacks), interposers per
   interposer (CoWoS) wafer (exact count of whole rectangles of the table's aspect
   ratio: interposers are 2-3.3 reticles, where the analytic estimate is 15-30% low),
   interposer yield;
4. HBM stacks and their price per GB (``hbm.csv``);
5. assembly, final test and package yield (``packaging.csv``).

"Per unit" always means per *good packaged* accelerator: every input is divided by
the package yield, because a failed package scraps its dies, interposer and stacks.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.catalog import Accelerator, get_accelerator
from tigris.data import data_cache, load_rows
from tigris.errors import InputError, require_positive, unknown_name
from tigris.nodes import Node, get_node
from tigris.silicon.dies import (
    gross_dies_estimate,
    gross_dies_exact,
    reticle_field_mm,
    uses_high_na,
)
from tigris.silicon.hbm import (
    HbmGeneration,
    bond_yield_at,
    get_hbm,
    good_stacks_per_wafer,
    hbm_hvm_month,
)
from tigris.silicon.yields import (
    D0Choice,
    YieldModel,
    defect_density,
    die_yield,
    harvested_yield,
    hvm_label,
    node_d0,
    node_hvm_month,
    parse_yield_model,
)
from tigris.silicon.yields import months_since_hvm as _age_months
from tigris.units import MM2_PER_CM2

__all__ = [
    "BASES",
    "BY_YEAR_KEYS",
    "COST_KEYS",
    "MADE_KINDS",
    "ChipBill",
    "HbmGeneration",
    "Packaging",
    "basis_text",
    "chip_bill",
    "get_hbm",
    "get_packaging",
    "good_stacks_per_wafer",
    "interposer_area_mm2",
    "package_months",
    "package_yield_at",
    "production_starts",
    "wafers_by_year",
]

FloatArray = NDArray[np.float64]

#: Keys of :attr:`ChipBill.cost_breakdown_usd`, in bill order.
COST_KEYS: tuple[str, ...] = ("logic", "base_dies", "interposer", "hbm", "packaging", "test")
#: Accelerators per "per thousand" figure.
PER_THOUSAND = 1000.0
#: The yield bases of a bill (:attr:`ChipBill.basis`); :func:`basis_text` says each of
#: a bill in one line (``tigris chip`` and ``tigris fab --product``; UT-ANALYST 2026-12-04
#: #8/#9: the default bill was said to be mature and was not, and ``fab`` mixed bases).
BASES: tuple[str, ...] = ("launch", "year", "mature")
#: Interposer counts kept (exact placement is the slow step of a bill); a bound on
#: memory, not a property of the world.
_INTERPOSER_CACHE = 1024


@dataclass(frozen=True)
class Packaging:
    """One packaging technology from ``packaging.csv``.

    Attributes
    ----------
    package : str
        Name (``"CoWoS-S"``).
    interposer_area_factor : float
        Interposer area over the silicon it carries [-].
    interposer_aspect_ratio : float
        Interposer width over height, for the exact count per wafer [-].
    interposer_wafer_diameter_mm : float
        Interposer wafer diameter [mm].
    interposer_wafer_price_usd : float
        Price of one interposer wafer [USD].
    interposer_yield : float
        Good fraction of interposers [-].
    assembly_cost_usd : float
        Die-to-interposer-to-substrate assembly per package [USD].
    test_cost_usd : float
        Final test and burn-in per package [USD].
    package_yield : float
        Good fraction of assembled packages once the line is mature [-].
    source, as_of : str
        Where the row comes from, and when.
    hvm_year : int or None
        Year volume production of this package started [year].
    package_yield_start : float or None
        Package yield at HVM start [-].
    package_yield_learning_months : float or None
        Time constant of its learning up to ``package_yield`` [months]. Without the
        three, the package yield is the mature value in every year
        (:func:`package_yield_at`).
    max_interposer_reticles : float or None
        Largest interposer the package is made with, in reticle fields (26 x 33 mm,
        ``silicon_params.csv``) [-]: TSMC's published CoWoS-S and CoWoS-L maxima;
        ``None`` where none is published (no size is then refused).
    """

    package: str
    interposer_area_factor: float
    interposer_aspect_ratio: float
    interposer_wafer_diameter_mm: float
    interposer_wafer_price_usd: float
    interposer_yield: float
    assembly_cost_usd: float
    test_cost_usd: float
    package_yield: float
    source: str
    as_of: str
    hvm_year: int | None = None
    package_yield_start: float | None = None
    package_yield_learning_months: float | None = None
    max_interposer_reticles: float | None = None


def _optional(caster: Any) -> Any:
    """A cell caster for an optional column: empty (NaN) or absent is ``None``."""

    def cast(v: Any) -> Any:
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else caster(v)

    return cast


def _rows(table: str, cls: type) -> dict[str, Any]:
    out = {}
    for row in load_rows(table):
        kwargs = {}
        for f in dataclasses.fields(cls):
            caster = {
                "int": int,
                "float": float,
                "str": str,
                "int | None": _optional(int),
                "float | None": _optional(float),
            }[str(f.type)]
            kwargs[f.name] = caster(row.get(f.name))
        item = cls(**kwargs)
        out[str(getattr(item, dataclasses.fields(cls)[0].name)).lower()] = item
    return out


@data_cache
def _packaging() -> dict[str, Packaging]:
    return _rows("packaging", Packaging)


def get_packaging(package: str, field: str = "package") -> Packaging:
    """Look up a packaging technology case-insensitively (a row of ``packaging.csv``).

    Parameters
    ----------
    package : str
        Package name (``"CoWoS-S"``, ``"cowos-l"``).
    field : str, optional
        Flag or field named in the error message.

    Returns
    -------
    Packaging
        Package yield [-], interposer and packaging cost [USD], ... with the row's
        ``source``.

    Examples
    --------
    >>> get_packaging("cowos-s").package_yield
    0.95
    """
    table = _packaging()
    key = package.strip().lower()
    if key not in table:
        names = [p.package for p in table.values()]
        raise unknown_name("package", package, names, field, addable=True)
    return table[key]


def package_months(package: Packaging, year: ArrayLike | None) -> FloatArray | None:
    """Age of a package line at mid-``year`` [months] (:func:`~tigris.silicon.
    months_since_hvm` from its ``hvm_year``); ``None`` without a year or an HVM year.

    Parameters
    ----------
    package : Packaging
        A row of ``packaging.csv`` (:func:`get_packaging`).
    year : array_like of int, optional
        Production year(s) [year].

    Returns
    -------
    numpy.ndarray or numpy.float64 or None
        Months since the package's HVM start [months].

    References
    ----------
    :func:`~tigris.silicon.months_since_hvm` (HVM from 1 January of ``hvm_year``,
    output read at mid-year).

    Examples
    --------
    >>> float(package_months(get_packaging("cowos-l"), 2026))
    18.0
    """
    if year is None or package.hvm_year is None:
        return None
    return _age_months(year, package.hvm_year)


def production_starts(
    accelerator: str | Accelerator,
    node: str | Node | None = None,
    custom: str | Path | None = None,
) -> list[tuple[str, int, str]]:
    """When each part of a bill read by age entered volume production.

    The logic node, the base-die node of a 3D-stacked part, and the HBM generation:
    their learning curves are read at ``max(0, age)`` (:func:`~tigris.silicon.
    months_since_hvm`), so a year before the latest of them would be read at the HVM
    value. The package is left out: a package year before its HVM is read at its
    ``package_yield_start`` on purpose (``packaging.csv``, CoWoS-L's 2024 material).

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name or alias, or a record.
    node : str or Node, optional
        Logic node overriding the catalog's.
    custom : str or Path, optional
        YAML file of extra accelerators.

    Returns
    -------
    list of (str, int, str)
        ``(what, hvm_year, "YYYY-MM")`` per part: the month is the row's
        ``hvm_month``, January for a row without one (:func:`~tigris.silicon.hvm_label`,
        :func:`~tigris.silicon.hbm.hbm_hvm_month`).

    References
    ----------
    ``nodes.csv`` ``hvm_year``/``hvm_month``, ``hbm.csv`` ``hvm_year``/``hvm_month``.

    Examples
    --------
    >>> max(production_starts("h100"), key=lambda p: p[1])[1]
    2022

    B300's 12-high HBM3E entered volume production in September 2024 (SK hynix):

    >>> production_starts("b300")[-1]
    ('HBM3e-12hi', 2024, '2024-09')
    """
    p = _parts(accelerator, node, custom, harvest=False)
    out = [(f"node {p.node.name}", int(p.node.hvm_year), hvm_label(p.node))]
    if p.base is not None:
        b = p.base.node
        out.append((f"base-die node {b.name}", int(b.hvm_year), hvm_label(b)))
    if p.hbm is not None and p.hbm.hvm_year is not None:
        start = f"{int(p.hbm.hvm_year)}-{hbm_hvm_month(p.hbm):02d}"
        out.append((p.hbm.generation, int(p.hbm.hvm_year), start))
    return out


def package_yield_at(
    package_row: Packaging, months_since_hvm: ArrayLike | None = None
) -> float | FloatArray:
    r"""Package yield this long after the package's volume start [-].

    ``Y_p(t) = Y_mature + (Y_start - Y_mature) · exp(-t / tau)``: the exponential
    learning curve of :func:`~tigris.silicon.defect_density` (Weber 2004), here rising
    from ``package_yield_start`` to the mature ``package_yield``.

    Parameters
    ----------
    package_row : Packaging
        A row of ``packaging.csv`` (:func:`get_packaging`).
    months_since_hvm : array_like, optional
        Age of the package line, ``t`` (>= 0) [months] (:func:`package_months`);
        ``None``: the mature value.

    Returns
    -------
    float or numpy.ndarray
        Good fraction of assembled packages [-]; the mature ``package_yield`` when
        ``months_since_hvm`` is ``None`` or the row has no start value or learning time.

    Raises
    ------
    InputError
        ``months_since_hvm`` is negative or not finite.

    References
    ----------
    .. [1] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (exponential
       yield learning from the start of volume production).
    .. [2] ``packaging.csv``: CoWoS-L at 70-80 % in early 2025 (Taiwanese supply-chain
       reports via smbom.com, 2025-03), the start value; two quarters of learning.

    Examples
    --------
    CoWoS-L starts at 0.75 and learns towards 0.95 with a 6-month constant; after one
    constant the gap has shrunk by ``1/e``, by hand:

    >>> cowos_l = get_packaging("cowos-l")
    >>> float(package_yield_at(cowos_l)), float(package_yield_at(cowos_l, 0))
    (0.95, 0.75)
    >>> bool(abs(package_yield_at(cowos_l, 6) - (0.95 - 0.20 / math.e)) < 1e-12)
    True
    """
    start, tau = package_row.package_yield_start, package_row.package_yield_learning_months
    if months_since_hvm is None or start is None or tau is None:
        return float(package_row.package_yield)
    return defect_density(months_since_hvm, start, package_row.package_yield, tau)


@dataclass(frozen=True)
class ChipBill:
    """What one good packaged accelerator takes in silicon, and what it costs to make.

    Attributes
    ----------
    accelerator, node, package, hbm_generation, yield_model : str
        Names used.
    d0_per_cm2 : float
        Logic defect density used [defects/cm^2].
    wafer_price_usd : float
        Logic wafer price [USD].
    logic_die_area_mm2 : float
        Area of one logic die [mm^2].
    logic_dies_per_unit : int
        Logic dies in one package [-].
    exceeds_reticle : bool
        The die area is larger than one reticle field (26 x 33 mm by default), so it
        cannot be exposed in one shot.
    gross_dies_per_wafer : float
        Candidate logic dies per wafer (analytic estimate) [-].
    die_yield : float
        Fraction of logic dies usable, harvesting included [-].
    harvesting : bool
        Whether SM/CU harvesting was applied.
    good_dies_per_wafer : float
        Usable logic dies per wafer [-].
    interposer_area_mm2 : float
        Interposer area [mm^2].
    good_interposers_per_wafer : float
        Good interposers per interposer wafer: exact count of whole interposers times
        interposer yield [-].
    logic_wafers_per_unit, interposer_wafers_per_unit : float
        Wafers per good packaged accelerator [-].
    hbm_stacks_per_unit : float
        HBM stacks per good packaged accelerator [-].
    package_yield : float
        Good fraction of assembled packages, in ``year`` when one is given (else the
        mature value) [-].
    manufacturing_cost_usd : float
        Cost of one good packaged accelerator [USD].
    cost_breakdown_usd : dict of str to float
        ``logic``, ``base_dies`` (the base dies of a 3D-stacked part, 0 for others),
        ``interposer``, ``hbm``, ``packaging``, ``test`` [USD]; sums to
        ``manufacturing_cost_usd``.
    price_usd : float or None
        Catalog selling price [USD].
    gross_margin : float or None
        ``(price - cost) / price`` [-]; ``None`` without a price.
    hbm_wafers_per_unit : float
        DRAM wafer starts on HBM lines per good packaged accelerator:
        ``hbm_stacks_per_unit / good_stacks_per_wafer`` [wafers].
    hbm_gb_per_unit : float
        HBM made per good packaged accelerator, ``hbm_stacks_per_unit`` times the
        stack capacity [GB]; the bill's HBM cost is of the same GB. At least the
        catalog's ``memory_gb`` over the package yield: a part whose ``memory_gb``
        exceeds its stacks x stack capacity is refused when it is loaded
        (:mod:`tigris.catalog`), and one may leave part of its stacks unused (H200:
        141 of 6 x 24 = 144 GB).
    good_stacks_per_wafer : float or None
        Good HBM stacks per DRAM wafer in that year (``None`` without HBM) [-].
    year : int or None
        Production year the defect densities were read at (``None``: launch values).
    d0_basis : str
        How the logic D0 was set: ``"given"``, ``"hvm"`` (the node's start-of-volume value) or
        ``"learning"`` (its learning curve at ``d0_months_since_hvm``).
    d0_months_since_hvm : float or None
        Node age the learning curve was read at [months].
    d0_explanation : str
        One line saying which D0 was used and how it was derived.
    base_die_node : str or None
        Node of the base dies of a 3D-stacked part (``None``: none).
    base_dies_per_unit : int
        Base dies in one package [-] (0 without).
    base_die_area_mm2 : float or None
        Area of one base die [mm^2].
    base_die_yield : float or None
        Fraction of base dies usable, at their node's D0 in ``year`` [-].
    base_wafers_per_unit : float
        Base-die wafers (on ``base_die_node``) per good packaged accelerator [-].
    catalog_node : str or None
        The node the catalog (or the custom file) makes the logic die on; differs from
        ``node`` when a node was passed to override it. The die area is the catalog's
        either way: tigris does not rescale a die between nodes, so a bill on another
        node is of the part's die as drawn, at that node's defect density and wafer.
    basis : str
        The yield basis of the bill's parts other than a given logic D0 (see
        :data:`BASES`): ``"launch"`` (no year: the defect densities of the base-die
        node and the HBM DRAM at their volume starts, the bonding and package yields
        mature), ``"year"`` (every learning curve at mid-``year``) or ``"mature"``
        (every learning curve at its end).
    """

    accelerator: str
    node: str
    package: str
    hbm_generation: str | None
    yield_model: str
    d0_per_cm2: float
    wafer_price_usd: float
    logic_die_area_mm2: float
    logic_dies_per_unit: int
    exceeds_reticle: bool
    gross_dies_per_wafer: float
    die_yield: float
    harvesting: bool
    good_dies_per_wafer: float
    interposer_area_mm2: float
    good_interposers_per_wafer: float
    logic_wafers_per_unit: float
    interposer_wafers_per_unit: float
    hbm_stacks_per_unit: float
    package_yield: float
    manufacturing_cost_usd: float
    cost_breakdown_usd: dict[str, float]
    price_usd: float | None
    gross_margin: float | None
    hbm_wafers_per_unit: float = 0.0
    hbm_gb_per_unit: float = 0.0
    good_stacks_per_wafer: float | None = None
    year: int | None = None
    d0_basis: str = "hvm"
    d0_months_since_hvm: float | None = None
    d0_explanation: str = ""
    base_die_node: str | None = None
    base_dies_per_unit: int = 0
    base_die_area_mm2: float | None = None
    base_die_yield: float | None = None
    base_wafers_per_unit: float = 0.0
    catalog_node: str | None = None
    basis: str = "launch"

    @property
    def logic_wafers_per_1000(self) -> float:
        """Logic wafers per thousand good accelerators [-]."""
        return PER_THOUSAND * self.logic_wafers_per_unit

    @property
    def interposer_wafers_per_1000(self) -> float:
        """Interposer (CoWoS) wafers per thousand good accelerators [-]."""
        return PER_THOUSAND * self.interposer_wafers_per_unit

    @property
    def hbm_stacks_per_1000(self) -> float:
        """HBM stacks per thousand good accelerators [-]."""
        return PER_THOUSAND * self.hbm_stacks_per_unit

    def to_dict(self) -> dict[str, Any]:
        """All fields plus the per-thousand figures, as a plain dict.

        Returns
        -------
        dict
            Field name to value; units in the names (``_usd``, ``_per_unit``...).
        """
        d = dataclasses.asdict(self)
        d["logic_wafers_per_1000"] = self.logic_wafers_per_1000
        d["interposer_wafers_per_1000"] = self.interposer_wafers_per_1000
        d["hbm_stacks_per_1000"] = self.hbm_stacks_per_1000
        return d


def basis_text(bill: ChipBill) -> str:
    """The yield basis of ``bill`` in one line, naming only the parts it has.

    ``"launch"``: the defect densities (logic, base dies, HBM DRAM) at their volume
    starts, the bonding and package yields mature (:func:`chip_bill` without a year);
    ``"year"``: every learning curve at mid-year; ``"mature"``: every learning curve at
    its end. A logic D0 set apart (``d0_basis`` ``"given"`` or ``"learning"`` without
    a year) is said too.

    Parameters
    ----------
    bill : ChipBill
        A scalar bill.

    Returns
    -------
    str
        One line.

    References
    ----------
    docs/silicon.md, "One basis per bill"; the learning curves of
    :func:`tigris.silicon.yields.defect_density` (Weber 2004) and
    :func:`tigris.silicon.hbm.bond_yield_at`.

    Examples
    --------
    >>> basis_text(chip_bill("h100"))  # doctest: +NORMALIZE_WHITESPACE
    "launch: logic and HBM DRAM D0 at their own volume starts (N4 2022-01, HBM3 2022-06),
    not the part's 2022 launch; bonding and package yields mature"
    >>> basis_text(chip_bill("h100", year=2026))
    'mid-2026: every learning curve (logic D0, HBM DRAM D0 and bonding, package yield)'
    >>> basis_text(chip_bill("h100", year=2026, d0_per_cm2=0.05)).split("; ")[1]
    'the logic D0 as set (D0 from)'
    """
    # a logic D0 given (--d0) or read at an age (--months) is not at the basis's point:
    # it is left out of the lists and said apart (review S37 D2)
    given = bill.d0_basis == "given" or (bill.d0_basis == "learning" and bill.basis == "launch")
    as_set = "; the logic D0 as set (D0 from)" if given else ""
    d0s = [] if given else ["logic"]
    if bill.base_dies_per_unit:
        d0s.append("base-die")
    if bill.hbm_stacks_per_unit:
        d0s.append("HBM DRAM")
    listed = " and ".join(d0s) if len(d0s) < 3 else ", ".join(d0s[:-1]) + " and " + d0s[-1]
    curves = [] if given else ["logic D0"]
    if bill.base_dies_per_unit:
        curves.append("base-die D0")
    if bill.hbm_stacks_per_unit:
        curves.append("HBM DRAM D0 and bonding")
    curves.append("package yield")
    if bill.basis == "mature":
        return (
            f"mature: every learning curve at its end ({', '.join(curves)}: the "
            "nodes.csv, hbm.csv and packaging.csv mature values)"
        )
    if bill.basis == "year":
        every = "the other learning curves" if given else "every learning curve"
        return f"mid-{int(bill.year)}: {every} ({', '.join(curves)}){as_set}"  # type: ignore[arg-type]
    bonding = "bonding and package yields" if bill.hbm_stacks_per_unit else "package yield"
    if not d0s:
        return f"launch: {bonding} mature{as_set}"
    starts = "their own volume starts" if len(d0s) > 1 else "its volume start"
    dated = ", ".join(_volume_starts(bill, given))
    part = _launch_year(bill.accelerator)
    not_part = f", not the part's {part} launch" if part is not None else ""
    return f"launch: {listed} D0 at {starts} ({dated}){not_part}; {bonding} mature{as_set}"


def _volume_starts(bill: ChipBill, given: bool) -> list[str]:
    """``"N4 2022-01"``-style volume starts of the D0s a launch bill reads (user test
    s47 #3: "launch" read as the part's launch, though MI300X's base dies took N7's
    April 2018 D0 for a 2023 part)."""
    out = [] if given else [f"{bill.node} {hvm_label(get_node(bill.node))}"]
    if bill.base_dies_per_unit and bill.base_die_node is not None:
        out.append(f"{bill.base_die_node} {hvm_label(get_node(bill.base_die_node))}")
    if bill.hbm_stacks_per_unit and bill.hbm_generation is not None:
        hbm = get_hbm(bill.hbm_generation)
        if hbm.hvm_year is not None:
            out.append(f"{hbm.generation} {int(hbm.hvm_year)}-{hbm_hvm_month(hbm):02d}")
    return out


def _launch_year(name: str) -> int | None:
    """The catalog's launch year of a shipped part (``accelerators.csv`` ``launch_year``);
    ``None`` for a part only a custom file knows."""
    try:
        year = get_accelerator(name).launch_year
    except InputError:
        return None
    return None if year is None else int(year)


def _units(acc: Accelerator, dies: int) -> tuple[int, int] | None:
    if acc.units_total is None or acc.units_enabled is None:
        return None
    u = acc.units_total // dies
    k = (acc.units_total - acc.units_enabled) // dies
    return (u, k) if u >= 1 and 0 <= k <= u else None


def _interposers_per_wafer(area_mm2: float, pkg: Packaging) -> float:
    """Whole interposers of ``area_mm2`` per interposer wafer, exact placement count.

    A rectangle of the package's aspect ratio; a pitch so small that the exact count
    would walk too many rows (no real interposer) falls back to the analytic estimate.
    """
    return _whole_interposers(
        area_mm2, pkg.interposer_aspect_ratio, pkg.interposer_wafer_diameter_mm
    )


@functools.lru_cache(maxsize=_INTERPOSER_CACHE)
def _whole_interposers(area_mm2: float, aspect: float, diameter_mm: float) -> float:
    # Depends on its arguments and silicon_params.csv only (not overlaid), so cacheable.
    width = math.sqrt(area_mm2 * aspect)
    height = math.sqrt(area_mm2 / aspect)
    try:
        return float(gross_dies_exact(width, height, diameter_mm))
    except InputError:
        return float(gross_dies_estimate(area_mm2, diameter_mm))


@dataclass(frozen=True)
class _Base:
    """The base (I/O) dies of a 3D-stacked part: count, area [mm^2] and node."""

    dies: int
    area_mm2: float
    node: Node


@dataclass(frozen=True)
class _Parts:
    """The catalog fields a bill needs, resolved and checked once."""

    acc: Accelerator
    dies: int
    area_mm2: float
    node: Node
    pkg: Packaging
    stacks: int
    hbm: HbmGeneration | None
    units: tuple[int, int] | None
    base: _Base | None = None
    sites: int = 0


def _parts(
    accelerator: str | Accelerator,
    node: str | Node | None,
    custom: str | Path | None,
    harvest: bool,
) -> _Parts:
    acc = get_accelerator(accelerator, custom)
    hint = "add it with a custom accelerator file (--accelerators)"
    dies = int(acc.require("logic_dies", hint))
    area_mm2 = float(acc.require("logic_die_area_mm2", hint))
    nd = get_node(node if node is not None else acc.require("node", hint + " or pass --node"))
    pkg = get_packaging(acc.require("package", hint))
    stacks = int(acc.require("hbm_stacks", hint))
    hbm = get_hbm(acc.require("hbm_generation", hint)) if stacks > 0 else None
    units = _units(acc, dies) if harvest else None
    base = None
    if acc.base_dies is not None:
        base = _Base(
            int(acc.base_dies),
            float(acc.require("base_die_area_mm2", hint)),
            get_node(acc.require("base_die_node", hint), field="base_die_node"),
        )
    sites = max(stacks, int(acc.hbm_sites or 0))  # dummies never cut active stacks
    return _Parts(acc, dies, area_mm2, nd, pkg, stacks, hbm, units, base, sites)


def _good_dies(p: _Parts, model: YieldModel, d0: Any) -> tuple[float, Any]:
    """Gross logic dies per wafer and the (vectorised over ``d0``) die yield."""
    gross = float(gross_dies_estimate(p.area_mm2, p.node.wafer_diameter_mm))
    area_cm2 = p.area_mm2 / MM2_PER_CM2
    if p.units is not None:
        y = harvested_yield(model, area_cm2, d0, p.units[0], p.units[1])
    else:
        y = die_yield(model, area_cm2, d0)
    if np.any(gross * np.asarray(y) <= 0):
        msg = (
            f"{p.acc.name}: no good {p.area_mm2:g} mm^2 dies per "
            f"{p.node.wafer_diameter_mm:g} mm wafer"
        )
        raise InputError(msg, field="logic_die_area_mm2")
    return gross, y


def _good_base_dies(
    p: _Parts, model: YieldModel, year: Any, mature: bool = False
) -> tuple[Any, Any]:
    """Good base dies per wafer and their yield (vectorised over ``year``).

    The base node's D0 is its learning curve (:func:`~tigris.silicon.defect_density`,
    Weber 2004) at mid-``year``, else its HVM value (its mature floor with ``mature``,
    the curve's end); the yield is ``model`` at that D0
    (:func:`~tigris.silicon.die_yield`), no harvesting (the catalog gives no
    repairable units for I/O dies). Only for a part with base dies.
    """
    b = p.base
    assert b is not None  # callers check
    nd = b.node
    if mature:
        d0: Any = float(nd.d0_mature_per_cm2)
    elif year is None:
        d0 = float(nd.d0_per_cm2)
    else:
        d0 = defect_density(
            _age_months(year, nd.hvm_year, node_hvm_month(nd)),
            nd.d0_per_cm2,
            nd.d0_mature_per_cm2,
            nd.d0_learning_months,
        )
    gross = float(gross_dies_estimate(b.area_mm2, nd.wafer_diameter_mm))
    y = die_yield(model, b.area_mm2 / MM2_PER_CM2, d0)
    good = gross * np.asarray(y, dtype=float)
    if np.any(good <= 0):
        msg = (
            f"{p.acc.name}: no good {b.area_mm2:g} mm^2 base dies per "
            f"{nd.wafer_diameter_mm:g} mm wafer"
        )
        raise InputError(msg, field="base_die_area_mm2")
    return good, y


def _interposer_silicon_mm2(p: _Parts) -> float:
    """Silicon on the interposer [mm^2]: the logic dies, or a 3D-stacked part's base
    dies (its logic dies sit on them, not on the interposer), plus the HBM sites (active
    stacks and dummies, ``hbm_sites``: an H100 SXM's six, of which five hold memory)."""
    footprint = max(p.sites, p.stacks) * p.hbm.footprint_mm2 if p.hbm is not None else 0.0
    if p.base is not None:
        return p.base.dies * p.base.area_mm2 + footprint
    return p.dies * p.area_mm2 + footprint


def interposer_area_mm2(acc: Accelerator) -> float | None:
    """Interposer area of a part by the bill's rule, or ``None`` without the fields.

    ``factor x (silicon on the interposer + HBM sites x stack footprint)``, the rule of
    :func:`chip_bill` (``packaging.csv``'s ``interposer_area_factor``; the logic dies,
    or a 3D-stacked part's base dies; ``max(hbm_sites, hbm_stacks)`` sites). Used to
    check a custom part against its package's ``max_interposer_reticles`` when it is
    loaded (:mod:`tigris.catalog`).

    Parameters
    ----------
    acc : Accelerator
        The part; its package and HBM generation must name rows of the tables in force.

    Returns
    -------
    float or None
        Interposer area [mm^2]; ``None`` when the package, the stacks or the dies are
        not known for the part.

    Raises
    ------
    InputError
        The package or HBM generation is unknown.

    References
    ----------
    As :func:`chip_bill` ([5]: what sits on the interposer); ``packaging.csv``'s
    ``interposer_area_factor`` (1.1, a tigris assumption for spacing and keep-out, its
    row's source) and ``max_interposer_reticles`` (TSMC's CoWoS-S 3.3 reticles; CoWoS-L
    9.5, TSMC's announced 2027 size; the row's source).

    Examples
    --------
    >>> round(interposer_area_mm2(get_accelerator("h100")), 1)  # 1.1 x (814 + 6 x 121)
    1694.0
    """
    if acc.package is None or acc.hbm_stacks is None:
        return None
    pkg = get_packaging(acc.package)
    stacks = int(acc.hbm_stacks)
    footprint = 0.0
    if stacks > 0:
        if acc.hbm_generation is None:
            return None
        sites = max(stacks, int(acc.hbm_sites or 0))
        footprint = sites * get_hbm(acc.hbm_generation).footprint_mm2
    if acc.base_dies is not None:
        if acc.base_die_area_mm2 is None:
            return None
        silicon = acc.base_dies * acc.base_die_area_mm2
    elif acc.logic_dies is None or acc.logic_die_area_mm2 is None:
        return None
    else:
        silicon = acc.logic_dies * acc.logic_die_area_mm2
    return pkg.interposer_area_factor * (silicon + footprint)


def _good_interposers(p: _Parts) -> tuple[float, float]:
    """Interposer area [mm^2] and good interposers per interposer wafer [-]."""
    interposer_mm2 = p.pkg.interposer_area_factor * _interposer_silicon_mm2(p)
    good_ip = _interposers_per_wafer(interposer_mm2, p.pkg) * p.pkg.interposer_yield
    if good_ip <= 0:
        msg = f"{p.acc.name}: a {interposer_mm2:,.4g} mm^2 interposer does not fit on a wafer"
        raise InputError(msg, field="package")
    return interposer_mm2, good_ip


def _base_usd(p: _Parts, good_base: Any) -> Any:
    """Base dies of one packaging attempt [USD]: dies x their node's wafer price / good
    base dies per wafer (0 without base dies)."""
    if p.base is None:
        return 0.0
    return p.base.dies * p.base.node.wafer_price_usd / good_base


def _per_attempt_usd(p: _Parts, good: Any, good_ip: float, good_base: Any = None) -> dict[str, Any]:
    """Cost of one packaging attempt by :data:`COST_KEYS` [USD] (before package yield).

    Logic: dies per unit x wafer price / good dies per wafer; base dies (a 3D-stacked
    part's, else 0): base dies x their own node's wafer price / good base dies per
    wafer (``good_base``); interposer: interposer
    wafer price / good interposers per wafer; HBM: the stacks on the package x the
    generation's stack capacity [GB] x the HBM price [USD/GB], the memory the DRAM
    makers build and sell (the GB of ``hbm_gb_per_unit``, which the plan's HBM wafers
    and their price follow), not the usable ``memory_gb`` (H200: 6 x 24 = 144 GB
    bought, 141 usable); packaging and test: the package's assembly and test costs
    (:func:`chip_bill` gives the references). ``good`` may be an array (good dies per
    wafer at several defect densities); the logic cost is then an array too.
    """
    hbm = p.hbm
    memory_gb = p.stacks * hbm.stack_capacity_gb if hbm is not None else 0.0
    return {
        "logic": p.dies * p.node.wafer_price_usd / good,
        "base_dies": _base_usd(p, good_base),
        "interposer": p.pkg.interposer_wafer_price_usd / good_ip,
        "hbm": memory_gb * hbm.price_usd_per_gb if hbm is not None else 0.0,
        "packaging": p.pkg.assembly_cost_usd,
        "test": p.pkg.test_cost_usd,
    }


def _check_year(year: Any) -> None:
    y = np.asarray(year)
    if y.size == 0 or not np.issubdtype(y.dtype, np.number) or np.any(y != np.round(y)):
        raise InputError("expected whole calendar years, e.g. 2026", field="year")


def chip_bill(
    accelerator: str | Accelerator,
    node: str | Node | None = None,
    *,
    year: int | None = None,
    d0_per_cm2: float | None = None,
    yield_model: str | YieldModel = "poisson",
    custom: str | Path | None = None,
    months_since_hvm: float | None = None,
    harvest: bool = True,
    mature: bool = False,
) -> ChipBill:
    r"""Silicon bill of one good packaged accelerator.

    ``good dies/wafer = gross(A) · Y(A, D0)``; per good package, with package yield
    ``Y_p``: logic wafers ``n_dies / (good dies/wafer · Y_p)``, interposer wafers
    ``1 / (good interposers/wafer · Y_p)``, HBM stacks ``n_stacks / Y_p`` and DRAM
    wafers ``n_stacks / (good stacks/DRAM wafer · Y_p)``
    (:func:`~tigris.silicon.good_stacks_per_wafer`); good interposers/wafer is the
    exact count of whole ``sqrt(A·r) x sqrt(A/r)`` rectangles (area ``A``, aspect
    ratio ``r``, :func:`~tigris.silicon.gross_dies_exact`) times the interposer yield;
    cost ``(logic + base dies + interposer + HBM + assembly + test) / Y_p`` with logic
    ``n_dies · wafer price / good dies/wafer``, interposer
    ``interposer wafer price / good interposers/wafer`` and HBM ``GB · USD/GB``.
    The interposer area is ``packaging.csv``'s factor times the silicon on it: the
    logic dies and the HBM stacks' footprints, except for a 3D-stacked part with
    ``base_dies`` in the catalog (AMD MI300X, MI325X, MI355X), whose logic dies are
    bonded onto base (I/O) dies and whose base dies sit on the interposer [5]_: then
    the base dies' area counts instead of the logic dies'. Those base dies are made on
    their own node (``base_die_node``): ``n_base / (good base dies/wafer · Y_p)``
    wafers of it (``base_wafers_per_unit``), yield by the same model at that node's D0
    in ``year`` (launch D0 without ``year``), no harvesting, and their
    ``n_base · wafer price / good base dies/wafer`` is the ``base_dies`` cost (0 for
    other parts). The die-to-die (SoIC) bonding yield is not modelled.

    With ``year``, the logic defect density is the node's learning curve
    (:func:`~tigris.silicon.defect_density`) at its age in the middle of that year
    (:func:`~tigris.silicon.months_since_hvm`), and the HBM stacks per DRAM wafer are
    those of that year; without it, both are the launch (HVM-start) values. The package
    yield and the HBM bonding yield learn up the same way from their own HVM years
    (:func:`package_yield_at`, :func:`~tigris.silicon.hbm.bond_yield_at`) when ``year`` is
    given, and are their mature values without it (``months_since_hvm`` is the logic
    node's age only). With ``mature``, every learning curve is read at its end: the
    logic and base-die nodes' ``d0_mature_per_cm2``, the HBM DRAM's mature D0 and
    bonding yield (:func:`~tigris.silicon.good_stacks_per_wafer` ``mature``), the
    mature package yield: the steady state the year bills approach (the basis of
    ``tigris fab --product``). :attr:`ChipBill.basis` names the basis.

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name or alias, or an :class:`~tigris.catalog.Accelerator`.
    node : str or Node, optional
        Process node overriding the catalog's (``"N3"``).
    year : int or array_like of int, optional
        Production year whose defect densities (logic and DRAM) are used [year].
    d0_per_cm2 : float or array_like, optional
        Logic defect density overriding the node's [defects/cm^2].
    yield_model : str or YieldModel, optional
        Yield model name (see :func:`~tigris.silicon.die_yield`). Default Poisson.
    custom : str or Path, optional
        YAML file of extra accelerators (see :mod:`tigris.catalog`).
    months_since_hvm : float or array_like, optional
        Evaluate the node's defect-density learning curve this long after HVM start
        instead of its ``d0_per_cm2`` [months]. Ignored when ``d0_per_cm2`` is given;
        overrides the logic age ``year`` implies.
    harvest : bool, optional
        Apply SM/CU harvesting when the catalog gives ``units_total`` and
        ``units_enabled`` (default True).
    mature : bool, optional
        Every yield at its learning curve's end (not with ``year``, ``d0_per_cm2`` or
        ``months_since_hvm``).

    Returns
    -------
    ChipBill
        With arrays for ``year``, ``d0_per_cm2`` or ``months_since_hvm``, the same
        formulas broadcast over them (:func:`tigris.silicon.bill_arrays.array_bill`):
        every field that depends on them (D0, die yield, good dies, wafers, stacks,
        package yield, cost and its breakdown, margin) is an array of their broadcast
        shape, equal elementwise to the scalar calls.

    Raises
    ------
    InputError
        The accelerator lacks a field the bill needs (die count or area, node, HBM
        generation, package), or a name or override is invalid.

    References
    ----------
    .. [1] J. L. Hennessy, D. A. Patterson, "Computer Architecture: A Quantitative
       Approach", 5th ed., 2011, section 1.6 (cost of an integrated circuit = (die +
       testing + packaging) / final test yield; die cost = wafer cost / (dies per
       wafer x die yield)).
    .. [2] D. K. de Vries, "Investigation of gross die per wafer formulas", IEEE Trans.
       Semicond. Manuf. 18(1):136-139, 2005 (exact placement as the reference; analytic
       formulas drift for dies large against the wafer).
    .. [3] Raymond James (Aug 2023) H100 manufacturing cost ~$3,320 incl. HBM, and
       Silicon Analysts' split of it (die $300, HBM $1,400, packaging $750, test
       $920), the figures ``packaging.csv`` and ``hbm.csv`` are anchored to.
    .. [4] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (defect
       density learning with time in volume production).
    .. [5] AMD's MI300 launch slides, December 2023 (via ServeTheHome, "AMD Instinct
       MI300X GPU and MI300A APUs launched", packaging page: "HBM and the IO die on the
       silicon interposer", the compute dies 3D hybrid-bonded on top): the 5 nm compute
       dies sit on four 6 nm I/O dies, which sit with the HBM stacks on the CoWoS-S
       interposer.

    Examples
    --------
    H100: one GH100 die on N4, as many candidates per wafer as the analytic estimate
    gives for 814 mm^2, and a cost within 25 % of Raymond James's ~US$3,320 [3]:

    >>> bill = chip_bill("h100")
    >>> bill.logic_dies_per_unit, bill.node
    (1, 'N4')
    >>> bill.gross_dies_per_wafer == float(gross_dies_estimate(814.0))
    True
    >>> abs(bill.manufacturing_cost_usd / 3320 - 1) < 0.25
    True

    Made in 2025, N4 (HVM 2022) is 42 months old and has learnt its D0 down, so a
    unit takes fewer logic wafers than at launch:

    >>> later = chip_bill("h100", year=2025)
    >>> later.d0_per_cm2 < bill.d0_per_cm2, later.logic_wafers_per_unit < bill.logic_wafers_per_unit
    (True, True)

    Mature, N4 at its floor (``nodes.csv`` ``d0_mature_per_cm2``):

    >>> chip_bill("h100", mature=True).d0_per_cm2 == get_node("N4").d0_mature_per_cm2
    True
    """
    p = _parts(accelerator, node, custom, harvest)
    nd = p.node
    model = parse_yield_model(yield_model, "yield_model")
    if mature:
        given = [
            f
            for f, v in (("year", year), ("d0_per_cm2", d0_per_cm2), ("months", months_since_hvm))
            if v is not None
        ]
        if given:
            msg = f"reads every yield at its learning curve's end; give it or {given[0]}"
            raise InputError(msg, field="mature")
    if any(np.ndim(v) > 0 for v in (year, d0_per_cm2, months_since_hvm)):
        from tigris.silicon.bill_arrays import array_bill

        bill = array_bill(p, model, year=year, d0_per_cm2=d0_per_cm2, months=months_since_hvm)
        catalog = None if p.acc.node is None else str(p.acc.node)
        return dataclasses.replace(bill, catalog_node=catalog)
    require_positive(d0_per_cm2, "d0_per_cm2", allow_zero=True)
    require_positive(months_since_hvm, "months_since_hvm", allow_zero=True)
    if year is not None:
        _check_year(year)
        year = int(year)

    if mature:
        floor = float(nd.d0_mature_per_cm2)
        how = f"{nd.name} mature (nodes.csv d0_mature_per_cm2, its learning curve's end)"
        choice = D0Choice(floor, "mature", None, how)
    elif d0_per_cm2 is not None:
        choice = node_d0(nd, d0_per_cm2=d0_per_cm2)
    elif months_since_hvm is not None:
        choice = node_d0(nd, months=months_since_hvm)
    else:
        choice = node_d0(nd, year=year)
    d0 = choice.d0_per_cm2

    gross, y_arr = _good_dies(p, model, d0)
    y = float(y_arr)
    good = gross * y
    interposer_mm2, good_ip = _good_interposers(p)

    hbm, acc = p.hbm, p.acc
    stacks_per_wafer = (
        float(good_stacks_per_wafer(hbm, year, mature=mature)) if hbm is not None else None
    )

    yp = float(package_yield_at(p.pkg, package_months(p.pkg, year)))
    base, good_base = p.base, None
    base_yield = None
    if base is not None:
        b_good, b_y = _good_base_dies(p, model, year, mature)
        base_yield = float(b_y)
        good_base = float(b_good)
    per_attempt = _per_attempt_usd(p, good, good_ip, good_base)
    breakdown = {k: per_attempt[k] / yp for k in COST_KEYS}
    cost = math.fsum(breakdown.values())
    if not math.isfinite(cost):
        # so few good dies that a unit's cost passes the largest float (user test
        # 2026-12-07: chip h100 --d0 100, 5e-321 good dies a wafer, printed every cost
        # as null with exit 0, where --d0 200, no good die, was refused)
        msg = (
            f"{acc.name}: {good:.3g} good {p.area_mm2:g} mm^2 dies per "
            f"{nd.wafer_diameter_mm:g} mm wafer, so few that a unit's cost overflows"
        )
        raise InputError(msg, field="logic_die_area_mm2")
    price = acc.price_usd
    return ChipBill(
        accelerator=acc.name,
        node=nd.name,
        package=p.pkg.package,
        hbm_generation=hbm.generation if hbm is not None else None,
        yield_model=model.value,
        d0_per_cm2=d0,
        wafer_price_usd=nd.wafer_price_usd,
        logic_die_area_mm2=p.area_mm2,
        logic_dies_per_unit=p.dies,
        exceeds_reticle=p.area_mm2 > math.prod(reticle_field_mm(uses_high_na(nd))),
        gross_dies_per_wafer=gross,
        die_yield=y,
        harvesting=p.units is not None,
        good_dies_per_wafer=good,
        interposer_area_mm2=interposer_mm2,
        good_interposers_per_wafer=good_ip,
        logic_wafers_per_unit=p.dies / good / yp,
        interposer_wafers_per_unit=1.0 / good_ip / yp,
        hbm_stacks_per_unit=p.stacks / yp,
        package_yield=yp,
        manufacturing_cost_usd=cost,
        cost_breakdown_usd=breakdown,
        price_usd=price,
        gross_margin=(price - cost) / price if price else None,
        hbm_wafers_per_unit=p.stacks / stacks_per_wafer / yp if stacks_per_wafer else 0.0,
        hbm_gb_per_unit=p.stacks * hbm.stack_capacity_gb / yp if hbm is not None else 0.0,
        good_stacks_per_wafer=stacks_per_wafer,
        year=year,
        d0_basis=choice.basis,
        d0_months_since_hvm=choice.months_since_hvm,
        d0_explanation=choice.explanation,
        base_die_node=base.node.name if base is not None else None,
        base_dies_per_unit=base.dies if base is not None else 0,
        base_die_area_mm2=base.area_mm2 if base is not None else None,
        base_die_yield=base_yield,
        base_wafers_per_unit=base.dies / good_base / yp if base is not None else 0.0,
        catalog_node=None if acc.node is None else str(acc.node),
        basis="mature" if mature else "launch" if year is None else "year",
    )


#: Kinds of capacity whose yields :func:`wafers_by_year` may read at their own production
#: time (its ``made``): logic (node and base-die D0), CoWoS (package yield), HBM (DRAM
#: D0; also the bonding yield unless ``hbm_stacking`` is given); the kinds of
#: :data:`tigris.world.incumbents.KINDS`.
MADE_KINDS: tuple[str, ...] = ("logic", "cowos", "hbm")
#: The HBM stacks' bonding time, a step of the HBM kind read at its own time (the HBM
#: stacking-time rule, docs/plan.md, 2026-12-03): default the ``hbm`` time.
HBM_STACKING = "hbm_stacking"


def _made_times(years: FloatArray, made: Mapping[str, ArrayLike] | None) -> dict[str, FloatArray]:
    """Each of :data:`MADE_KINDS`'s production times, ``(T,)``: ``made``'s, else ``years``.

    Also :data:`HBM_STACKING`'s, ``made``'s else the ``hbm`` time.

    Raises
    ------
    InputError
        A kind not in :data:`MADE_KINDS` (field ``made``), or times that are not finite
        or do not broadcast to ``years`` (field ``made.<kind>``).
    """
    given = dict(made or {})
    kinds = (*MADE_KINDS, HBM_STACKING)
    unknown = sorted(set(given) - set(kinds))
    if unknown:
        msg = f"unknown kind '{unknown[0]}'; expected one of {', '.join(kinds)}"
        raise InputError(msg, field="made")
    out = {}
    for kind in kinds:
        if kind not in given:
            out[kind] = out["hbm"] if kind == HBM_STACKING else years
            continue
        v = np.asarray(given[kind], dtype=float)
        if not np.all(np.isfinite(v)) or (v.ndim > 0 and v.shape != years.shape):
            msg = f"expected finite years, one per production year ({years.size})"
            raise InputError(msg, field=f"made.{kind}")
        out[kind] = np.broadcast_to(v, years.shape).astype(float)
    return out


def _rebond(hbm: HbmGeneration, dies_made: FloatArray, bonded: FloatArray) -> FloatArray:
    """Good stacks bonded at ``bonded`` over good stacks bonded at ``dies_made``, ``(T,)``.

    Good stacks per wafer are ``gross · Y(D0) / n · y_bond^n_core``
    (:func:`~tigris.silicon.hbm.good_stacks_per_wafer`), so reading the bonding yield
    per die at another time scales them by ``(y_bond(bonded) / y_bond(dies_made))^n_core``
    (:func:`~tigris.silicon.hbm.bond_yield_at` at each time's age from the first of the
    HVM month, :func:`~tigris.silicon.months_since_hvm`). Exactly 1 where the times are
    equal, so a bill without a stacking time is unchanged bit for bit.
    """
    same = np.asarray(bonded == dies_made)
    if bool(np.all(same)):
        return np.ones_like(dies_made)
    month = hbm_hvm_month(hbm)
    y_made = np.asarray(bond_yield_at(hbm, _age_months(dies_made, float(hbm.hvm_year), month)))
    y_bond = np.asarray(bond_yield_at(hbm, _age_months(bonded, float(hbm.hvm_year), month)))
    ratio = (y_bond / y_made) ** hbm.dies_per_stack
    return np.where(same, 1.0, ratio)


#: Keys of :func:`wafers_by_year`, each a ``(T,)`` array per good packaged accelerator.
BY_YEAR_KEYS: tuple[str, ...] = (
    "logic",
    "interposer",
    "hbm_wafers",
    "hbm_stacks",
    "hbm_gb",
    "d0_per_cm2",
    "logic_base",
)


def wafers_by_year(
    accelerator: str | Accelerator,
    years: ArrayLike,
    node: str | Node | None = None,
    *,
    yield_model: str | YieldModel = "poisson",
    custom: str | Path | None = None,
    harvest: bool = True,
    made: Mapping[str, ArrayLike] | None = None,
) -> dict[str, FloatArray]:
    r"""What one good packaged accelerator takes, for each production year, vectorised.

    The same figures as :func:`chip_bill` with ``year=t`` for each ``t`` (logic
    wafers at the node's D0 in year ``t``, interposer wafers, DRAM wafers at that
    year's good stacks per wafer, stacks, GB, all divided by the package yield of year
    ``t``), computed in one pass over the years.

    With ``made``, each kind of capacity's yields are read at that kind's own
    production time instead (:data:`MADE_KINDS`): ``logic`` the logic node's and the
    base-die node's D0, ``cowos`` the package yield (which divides every figure: a
    failed package scraps its dies, interposer and stacks), ``hbm`` the HBM dies' D0
    and bonding yield (good stacks per DRAM wafer), ``hbm_stacking``
    (:data:`HBM_STACKING`) the bonding yield alone, when the stacks are bonded after
    their DRAM wafer start (default the ``hbm`` time). A time is a calendar year read at
    its middle, as ``years`` is (:func:`~tigris.silicon.months_since_hvm`), and may be
    fractional: ``t - 0.75`` reads 1 October of the year before ``t`` (the hindcast's
    HBM of a year's sales, :func:`tigris.world.hindcast.lag_years`). A kind not in
    ``made`` is read at ``years``; a time before the part's HVM at its HVM value.

    Parameters
    ----------
    accelerator : str or Accelerator
        Catalog name or alias, or a part.
    years : array_like of int
        Production years, shape ``(T,)`` [year].
    node : str or Node, optional
        Process node overriding the catalog's.
    yield_model, custom, harvest
        As in :func:`chip_bill`.
    made : mapping of str to array_like, optional
        ``logic``, ``cowos``, ``hbm``, ``hbm_stacking`` -> the time each kind's yields
        are read at, shape ``(T,)`` or scalar [year, read at its middle]; default
        ``years`` for every kind, the ``hbm`` time for ``hbm_stacking``.

    Returns
    -------
    dict of str to numpy.ndarray
        :data:`BY_YEAR_KEYS`: ``logic``, ``interposer``, ``hbm_wafers`` [wafers],
        ``hbm_stacks`` [stacks], ``hbm_gb`` [GB], ``d0_per_cm2`` [defects/cm^2], each
        ``(T,)`` per good packaged accelerator; ``logic_base`` [wafers of the catalog's
        ``base_die_node``] are the base-die wafers of a 3D-stacked part (zeros for
        others).

    References
    ----------
    As :func:`chip_bill`.

    Examples
    --------
    >>> w = wafers_by_year("h100", [2023, 2026])
    >>> bool(abs(w["logic"][1] - chip_bill("h100", year=2026).logic_wafers_per_unit) < 1e-15)
    True

    B300's 12-high HBM3E for 2025's sales made nine months before mid-2025 (HVM
    September 2024, so one month old on 1 October 2024) takes more DRAM wafers than
    made at mid-2025 (ten months old):

    >>> late = wafers_by_year("b300", [2025], made={"hbm": [2025 - 0.75]})
    >>> bool(late["hbm_wafers"][0] > wafers_by_year("b300", [2025])["hbm_wafers"][0])
    True

    The same dies bonded later, near the CoWoS pass, lose fewer stacks:

    >>> t = {"hbm": [2025 - 0.75], "hbm_stacking": [2025 - 3.875 / 12]}
    >>> bool(wafers_by_year("b300", [2025], made=t)["hbm_wafers"][0] < late["hbm_wafers"][0])
    True
    """
    _check_year(years)
    t = np.atleast_1d(np.asarray(years, dtype=float))
    at = _made_times(t, made)
    p = _parts(accelerator, node, custom, harvest)
    nd = p.node
    model = parse_yield_model(yield_model, "yield_model")
    d0 = np.atleast_1d(
        defect_density(
            _age_months(at["logic"], nd.hvm_year, node_hvm_month(nd)),
            nd.d0_per_cm2,
            nd.d0_mature_per_cm2,
            nd.d0_learning_months,
        )
    )
    gross, y = _good_dies(p, model, d0)
    _, good_ip = _good_interposers(p)
    yp = np.asarray(package_yield_at(p.pkg, package_months(p.pkg, at["cowos"])), dtype=float)
    ones = np.ones_like(t)
    if p.base is not None:
        b_good, _ = _good_base_dies(p, model, at["logic"])
        base_wafers = p.base.dies / b_good / yp * ones
    else:
        base_wafers = 0.0 * ones
    if p.hbm is not None:
        per_wafer = np.atleast_1d(good_stacks_per_wafer(p.hbm, at["hbm"]))
        per_wafer = per_wafer * _rebond(p.hbm, at["hbm"], at[HBM_STACKING])
        hbm_wafers = p.stacks / per_wafer / yp
        gb = p.stacks * p.hbm.stack_capacity_gb / yp * ones
    else:
        hbm_wafers = 0.0 * ones
        gb = 0.0 * ones
    return {
        "logic": p.dies / (gross * np.asarray(y, dtype=float)) / yp,
        "interposer": ones / good_ip / yp,
        "hbm_wafers": hbm_wafers,
        "hbm_stacks": p.stacks / yp * ones,
        "hbm_gb": gb,
        "d0_per_cm2": d0,
        "logic_base": base_wafers,
    }
