"""HBM generations and how many good stacks one DRAM wafer gives.

The planner counts HBM capacity in DRAM wafer starts per month on HBM (TSV) lines, so
an accelerator's HBM use is DRAM wafers: ``stacks / good stacks per wafer``.
:func:`good_stacks_per_wafer` derives the latter from the generation's row of
``hbm.csv`` with the silicon layer's own functions, nothing typed in:

``good stacks/wafer = gross(A_die) · Y(A_die, D0(t)) / (n_core + n_base) · y_bond^n_core``

with ``gross`` the analytic dies per wafer (:func:`~tigris.silicon.gross_dies_estimate`),
``Y`` the Poisson die yield (:func:`~tigris.silicon.die_yield`) at the DRAM defect
density learnt down to the year's age (:func:`~tigris.silicon.defect_density`),
``n_core`` DRAM dies per stack, ``n_base`` base dies made on the same DRAM wafers (one
up to HBM3E, none for HBM4, whose base die is a TSMC logic die) and ``y_bond`` the
yield of bonding one die onto the stack (known-good dies are tested before stacking,
so the die and stacking losses multiply). ``y_bond`` learns up from a start value at
HVM to the mature one (:func:`bond_yield_at`), in the exponential form of the DRAM
defect density, so a generation's first year stacks fewer good dies than its later ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from tigris.data import data_cache, load_rows
from tigris.errors import InputError, unknown_name
from tigris.silicon.dies import gross_dies_estimate
from tigris.silicon.params import silicon_param
from tigris.silicon.yields import (
    DEFAULT_HVM_MONTH,
    YieldModel,
    check_hvm_month,
    defect_density,
    die_yield,
    months_since_hvm,
)
from tigris.units import MM2_PER_CM2

__all__ = [
    "HbmGeneration",
    "bond_yield_at",
    "get_hbm",
    "good_stacks_per_wafer",
    "hbm_hvm_month",
    "list_hbm",
]

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class HbmGeneration:
    """One HBM generation from ``hbm.csv``.

    Attributes
    ----------
    generation : str
        Name (``"HBM3"``, ``"HBM3e-12hi"``).
    stack_capacity_gb : float
        Capacity of one stack [GB].
    dies_per_stack : int
        DRAM (core) dies in one stack [-].
    footprint_mm2 : float
        Area one stack takes on the interposer [mm^2].
    price_usd_per_gb : float
        Estimated price [USD/GB].
    dram_die_area_mm2 : float or None
        Area of one DRAM die [mm^2].
    base_dies_per_stack : int or None
        Base dies per stack made on the DRAM wafers (0 when a logic foundry makes
        them) [-].
    hvm_year : int or None
        Year volume production started [year].
    hvm_month : int or None
        Month of ``hvm_year`` it started, 1-12 (``hbm.csv``: the first maker's stated
        start, docs/silicon.md "HVM month"); ``None``: January
        (:data:`~tigris.silicon.yields.DEFAULT_HVM_MONTH`) [month].
    dram_d0_per_cm2, dram_d0_mature_per_cm2 : float or None
        DRAM defect density at HVM start and the floor it learns down to, after
        repair [defects/cm^2].
    dram_d0_learning_months : float or None
        Time constant of that learning [months].
    bond_yield_per_die : float or None
        Yield of bonding one die onto the stack, once the line is mature [-].
    bond_yield_per_die_start : float or None
        The same at HVM start (``None``: no learning, the mature value throughout) [-].
    bond_yield_learning_months : float or None
        Time constant of its learning up to the mature value [months].
    source, as_of : str
        Where the row comes from, and when.

    The fields after ``price_usd_per_gb`` are ``None`` on a user row that omits them;
    :func:`good_stacks_per_wafer` then names the first one missing.
    """

    generation: str
    stack_capacity_gb: float
    dies_per_stack: int
    footprint_mm2: float
    price_usd_per_gb: float
    dram_die_area_mm2: float | None = None
    base_dies_per_stack: int | None = None
    hvm_year: int | None = None
    hvm_month: int | None = None
    dram_d0_per_cm2: float | None = None
    dram_d0_mature_per_cm2: float | None = None
    dram_d0_learning_months: float | None = None
    bond_yield_per_die: float | None = None
    bond_yield_per_die_start: float | None = None
    bond_yield_learning_months: float | None = None
    source: str = ""
    as_of: str = ""


_REQUIRED = ("stack_capacity_gb", "dies_per_stack", "footprint_mm2", "price_usd_per_gb")
_WAFER_FIELDS = (
    "dram_die_area_mm2",
    "base_dies_per_stack",
    "hvm_year",
    "dram_d0_per_cm2",
    "dram_d0_mature_per_cm2",
    "dram_d0_learning_months",
    "bond_yield_per_die",
)
#: Optional: without them the bonding yield is the mature value in every year.
_LEARNING_FIELDS = ("bond_yield_per_die_start", "bond_yield_learning_months")
#: Optional: without it HVM is 1 January of ``hvm_year`` (the tables' old convention).
_MONTH_FIELD = "hvm_month"
_INTS = ("dies_per_stack", "base_dies_per_stack", "hvm_year", "hvm_month")


def _missing(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v == ""


def _value(row: dict, name: str) -> float | int | None:
    v = row.get(name)
    if _missing(v):
        return None
    return int(v) if name in _INTS else float(v)


@data_cache
def _hbm() -> dict[str, HbmGeneration]:
    out = {}
    for row in load_rows("hbm"):
        names = _REQUIRED + _WAFER_FIELDS + (_MONTH_FIELD,) + _LEARNING_FIELDS
        if not _missing(row.get(_MONTH_FIELD)):  # refused before int() truncates or fails
            check_hvm_month(row[_MONTH_FIELD], field=f"hbm.{row['generation']}.hvm_month")
        values = {k: _value(row, k) for k in names}
        item = HbmGeneration(
            generation=str(row["generation"]),
            source=str(row["source"]),
            as_of=str(row["as_of"]),
            **values,  # type: ignore[arg-type]
        )
        out[item.generation.lower()] = item
    return out


def list_hbm() -> list[str]:
    """Names of the HBM generations, in table order.

    Returns
    -------
    list of str
        Generation names as ``hbm.csv`` spells them.

    References
    ----------
    ``hbm.csv`` (JEDEC generations and vendor stack heights, each row sourced).

    Examples
    --------
    >>> "HBM4" in list_hbm()
    True
    """
    return [h.generation for h in _hbm().values()]


def get_hbm(generation: str, field: str = "hbm_generation") -> HbmGeneration:
    """Look up an HBM generation case-insensitively (a row of ``hbm.csv``).

    Parameters
    ----------
    generation : str
        Generation name (``"HBM3"``, ``"hbm3e"``).
    field : str, optional
        Flag or field named in the error message.

    Returns
    -------
    HbmGeneration
        Stack capacity [GB], price [USD/GB], DRAM die area [mm^2], ... with the row's
        ``source``.

    Examples
    --------
    >>> get_hbm("hbm3").stack_capacity_gb
    16.0
    """
    table = _hbm()
    key = generation.strip().lower()
    if key not in table:
        names = [h.generation for h in table.values()]
        raise unknown_name("HBM generation", generation, names, field, addable=True)
    return table[key]


def _wafer_fields(hbm: HbmGeneration) -> dict[str, float]:
    out = {}
    for name in _WAFER_FIELDS:
        value = getattr(hbm, name)
        if value is None:
            msg = (
                f"HBM generation {hbm.generation}: '{name}' is not known, so its stacks "
                "per DRAM wafer cannot be derived; give it in the data overlay"
            )
            raise InputError(msg, field=f"hbm.{name}")
        out[name] = float(value)
    return out


def hbm_hvm_month(hbm: HbmGeneration) -> int:
    """A generation's HVM month (1-12): its ``hvm_month``, else January.

    Parameters
    ----------
    hbm : HbmGeneration
        A row of ``hbm.csv`` (:func:`get_hbm`) or a user's row.

    Returns
    -------
    int
        Month volume production began [month, 1-12]; :data:`DEFAULT_HVM_MONTH` (1) for
        a row without one (a ``--data`` generation), the old whole-year convention.

    References
    ----------
    ``hbm.csv`` column ``hvm_month``: the month the first maker to state a start of
    volume production gives, each with its source (docs/silicon.md, "HVM month").

    Examples
    --------
    12-high HBM3E: SK hynix began mass production in September 2024 (press release
    2024-09-26):

    >>> hbm_hvm_month(get_hbm("HBM3e-12hi"))
    9
    """
    return DEFAULT_HVM_MONTH if hbm.hvm_month is None else int(hbm.hvm_month)


def bond_yield_at(
    hbm: HbmGeneration, months_since_hvm: ArrayLike | None = None
) -> float | FloatArray:
    r"""Yield of bonding one die onto an HBM stack, this long after the generation's HVM.

    ``y(t) = y_mature + (y_start - y_mature) · exp(-t / tau)``: the exponential learning
    curve of :func:`~tigris.silicon.defect_density` (Weber 2004), here rising from the
    yield at HVM start to the mature one (``bond_yield_per_die``).

    Parameters
    ----------
    hbm : HbmGeneration
        A row of ``hbm.csv`` (:func:`get_hbm`).
    months_since_hvm : array_like, optional
        Age of the generation, ``t`` (>= 0) [months]; ``None``: the mature value.

    Returns
    -------
    float or numpy.ndarray
        Bonding yield per stacked die [-]; the mature value when ``months_since_hvm``
        is ``None`` or the row gives no start value or learning time.

    Raises
    ------
    InputError
        The row has no ``bond_yield_per_die``, or ``months_since_hvm`` is negative.

    References
    ----------
    .. [1] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (exponential
       yield learning from the start of volume production).
    .. [2] TrendForce, 2024-09-30: HBM3 and HBM3E 8-Hi each took at least two quarters
       of learning to reach stable yields (the ``hbm.csv`` learning time).

    Examples
    --------
    8-high HBM3E: a stack yield of ~50 % at HVM (``hbm.csv``: the 40-60 % TSV yields
    reported for HBM3E in 2024; 0.917 per die) learning up to 0.97 per die (0.97^8 =
    0.78); one learning time after HVM the gap has shrunk by ``1/e``:

    >>> h = get_hbm("HBM3e")
    >>> round(float(bond_yield_at(h, 0)) ** 8, 2), float(bond_yield_at(h)) == 0.97
    (0.5, True)
    >>> y = bond_yield_at(h, h.bond_yield_learning_months)
    >>> bool(abs(y - (0.97 - (0.97 - 0.917) / np.e)) < 1e-12)
    True
    """
    mature = hbm.bond_yield_per_die
    if mature is None:
        msg = f"HBM generation {hbm.generation}: 'bond_yield_per_die' is not known"
        raise InputError(msg, field="hbm.bond_yield_per_die")
    start, tau = hbm.bond_yield_per_die_start, hbm.bond_yield_learning_months
    if months_since_hvm is None or start is None or tau is None:
        return float(mature)
    return defect_density(months_since_hvm, start, mature, tau)


def good_stacks_per_wafer(
    generation: str | HbmGeneration, year: ArrayLike | None = None, *, mature: bool = False
) -> float | FloatArray:
    r"""Good HBM stacks per DRAM wafer of ``generation``, in ``year`` [stacks/wafer].

    ``gross(A) · Y(A, D0(t)) / (n_core + n_base) · y_bond^n_core`` (module docstring),
    on a wafer of the silicon layer's default diameter (300 mm), with ``t`` the
    generation's age at mid-``year`` from the first of its HVM month
    (:func:`~tigris.silicon.months_since_hvm`, :func:`hbm_hvm_month`) for
    both the defect density and the bonding yield (:func:`bond_yield_at`); without
    ``year``, the defect density at HVM start (the launch value) and the mature
    bonding yield (the bill's behaviour before bonding yields learnt). With ``mature``,
    both at the ends of their learning curves (``dram_d0_mature_per_cm2`` and the mature
    ``bond_yield_per_die``): the steady state the curves approach, ``t -> inf``.

    Parameters
    ----------
    generation : str or HbmGeneration
        HBM generation name (``"HBM3e-12hi"``) or row.
    year : int or array_like of int, optional
        Calendar year(s) of production [year].
    mature : bool, optional
        The mature DRAM defect density and bonding yield (not with ``year``).

    Returns
    -------
    float or numpy.ndarray
        Good stacks per DRAM wafer start; an array when ``year`` is one [-].

    Raises
    ------
    InputError
        Unknown generation, or a row lacking a field the derivation needs.

    References
    ----------
    .. [1] J. L. Hennessy, D. A. Patterson, "Computer Architecture: A Quantitative
       Approach", 5th ed., 2011, section 1.6 (dies per wafer, die yield).
    .. [2] TrendForce, 2024-03-18: HBM dies are 35-45 % larger than DDR5 dies of the
       same capacity and HBM yield including TSV is 20-30 % below DDR5's (the stacking
       loss).
    .. [3] tigris's own arithmetic, not a published figure (formerly in the
       facility_types.csv hbm row): ~20 good 12-high HBM3E stacks per DRAM wafer (~400
       candidates of ~150 mm^2 on a 300 mm wafer, ~60 % yield, 12 dies a stack); [2]
       gives no die count, no 60 % and no stack count (its validation case is withdrawn,
       docs/validation.md).

    Examples
    --------
    12-high HBM3E in 2025, against the ~20 stacks per wafer of [3] (the D0 was chosen
    with it in view at the mature bonding yield while the row's HVM was read as 1
    January 2024, so this is in-sample; with volume production from September 2024,
    SK hynix's date, 2025 is ten months into the stacking yield's learning and gives
    fewer):

    >>> round(float(good_stacks_per_wafer("HBM3e-12hi", 2025)), 1)
    17.4

    By hand: 150 mm^2 dies; HVM 1 September 2024, so mid-2025 is 10 months on; D0
    ``0.02 + (0.0646 - 0.02) e^(-10/12)`` /cm^2 (the 8-high dies' curve, its start at
    their 7th month); 13 dies a stack from the DRAM wafer (the base die included); a
    bonding yield per die of ``0.97 - (0.97 - 0.917) e^(-10/6)`` (:func:`bond_yield_at`):

    >>> d0 = 0.02 + (0.0646 - 0.02) * np.exp(-10 / 12)
    >>> bond = 0.97 - (0.97 - 0.917) * np.exp(-10 / 6)
    >>> hand = float(gross_dies_estimate(150.0)) * np.exp(-1.5 * d0) / 13 * bond**12
    >>> bool(abs(good_stacks_per_wafer("HBM3e-12hi", 2025) - hand) < 1e-9)
    True

    Mature: D0 at its 0.02 /cm^2 floor and the mature 0.97 bonding yield, by hand:

    >>> hand = float(gross_dies_estimate(150.0)) * np.exp(-1.5 * 0.02) / 13 * 0.97**12
    >>> bool(abs(good_stacks_per_wafer("HBM3e-12hi", mature=True) - hand) < 1e-9)
    True
    """
    hbm = generation if isinstance(generation, HbmGeneration) else get_hbm(generation)
    f = _wafer_fields(hbm)
    if mature and year is not None:
        raise InputError("give a year or the mature value, not both", field="year")
    if mature:
        d0: float | FloatArray = f["dram_d0_mature_per_cm2"]
        y_bond: float | FloatArray = bond_yield_at(hbm)
    elif year is None:
        d0 = f["dram_d0_per_cm2"]
        y_bond = bond_yield_at(hbm)
    else:
        age = months_since_hvm(year, f["hvm_year"], hbm_hvm_month(hbm))
        d0 = defect_density(
            age, f["dram_d0_per_cm2"], f["dram_d0_mature_per_cm2"], f["dram_d0_learning_months"]
        )
        y_bond = bond_yield_at(hbm, age)
    area = f["dram_die_area_mm2"]
    gross = float(gross_dies_estimate(area, silicon_param("wafer_diameter_mm")))
    y_die = die_yield(YieldModel.POISSON, area / MM2_PER_CM2, d0)
    dies = hbm.dies_per_stack + f["base_dies_per_stack"]
    y_stack = np.asarray(y_bond, dtype=float) ** hbm.dies_per_stack
    good = gross * np.asarray(y_die, dtype=float) / dies * y_stack
    if np.any(good <= 0):
        msg = f"HBM generation {hbm.generation}: no good stacks per DRAM wafer"
        raise InputError(msg, field="hbm.dram_die_area_mm2")
    return float(good) if good.ndim == 0 else good
