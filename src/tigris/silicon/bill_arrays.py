"""The silicon bill broadcast over arrays of its numeric inputs (issue 15).

:func:`tigris.silicon.chip_bill` hands over here when ``year``, ``d0_per_cm2`` or
``months_since_hvm`` is an array: the same formulas, in the same order of floating-point
operations, evaluated elementwise, so each element equals the scalar call (the one
exception is the cost total, summed per element by :func:`math.fsum` as the scalar
bill sums it).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import checked_array
from tigris.silicon.dies import reticle_field_mm, uses_high_na
from tigris.silicon.hbm import good_stacks_per_wafer
from tigris.silicon.yields import (
    YieldModel,
    defect_density,
    hvm_label,
    months_since_hvm,
    node_hvm_month,
)

if TYPE_CHECKING:
    from tigris.silicon.chip import ChipBill, _Parts

__all__ = ["array_bill", "fsum_elementwise"]


def fsum_elementwise(parts: list[Any]) -> np.ndarray:
    """Elementwise correctly rounded sum of broadcastable arrays (:func:`math.fsum`).

    Parameters
    ----------
    parts : list of array_like
        Terms, broadcast together.

    Returns
    -------
    numpy.ndarray
        ``math.fsum`` of the terms at each element.

    References
    ----------
    J. R. Shewchuk, "Adaptive precision floating-point arithmetic and fast robust
    geometric predicates", Discrete Comput. Geom. 18:305-363, 1997 (the exact partial
    sums :func:`math.fsum` uses).

    Examples
    --------
    >>> fsum_elementwise([np.array([0.1, 1.0]), 0.2, 0.3]).tolist()
    [0.6, 1.5]
    """
    arrays = np.broadcast_arrays(*[np.asarray(x, dtype=float) for x in parts])
    total = np.frompyfunc(lambda *xs: math.fsum(xs), len(arrays), 1)(*arrays)
    return np.asarray(total, dtype=float)


def _logic_d0(p: _Parts, year: Any, d0_per_cm2: Any, months: Any) -> tuple[Any, str, Any, str]:
    """Logic D0 [defects/cm^2], its basis, the node age [months] and an explanation.

    The choice of :func:`tigris.silicon.node_d0` (given, else the learning curve at an
    age, else at mid-``year``, else the launch value), vectorised.
    """
    nd = p.node
    if d0_per_cm2 is not None:
        d0 = checked_array(d0_per_cm2, "d0_per_cm2", allow_zero=True)
        return d0, "given", None, "as given (d0_per_cm2)"
    if months is not None:
        t = checked_array(months, "months_since_hvm", allow_zero=True)
        how = "the given months since HVM"
    elif year is not None:
        t = np.asarray(months_since_hvm(year, nd.hvm_year, node_hvm_month(nd)), dtype=float)
        how = "mid-year of each given year"
    else:
        return float(nd.d0_per_cm2), "hvm", None, f"{nd.name} at its {hvm_label(nd)} HVM"
    d0 = np.asarray(
        defect_density(t, nd.d0_per_cm2, nd.d0_mature_per_cm2, nd.d0_learning_months),
        dtype=float,
    )
    return d0, "learning", t, f"{nd.name} learning curve at {how}"


def array_bill(
    p: _Parts,
    model: YieldModel,
    *,
    year: Any = None,
    d0_per_cm2: Any = None,
    months: Any = None,
) -> ChipBill:
    r""":func:`tigris.silicon.chip_bill` with array inputs, broadcast.

    The formulas of :func:`~tigris.silicon.chip_bill` (Hennessy & Patterson 2011,
    sec. 1.6: cost = (die + interposer + HBM + assembly + test) / package yield, die
    cost = wafer price / good dies per wafer; Weber 2004 for the D0 learning curve).

    Parameters
    ----------
    p : tigris.silicon.chip._Parts
        The resolved catalog fields of the accelerator.
    model : YieldModel
        Die-yield model.
    year : array_like of int, optional
        Production years [year].
    d0_per_cm2 : array_like, optional
        Logic defect densities [defects/cm^2] (take precedence over ``months`` and
        ``year`` for the logic D0, as in the scalar bill).
    months : array_like, optional
        Node ages [months].

    Returns
    -------
    ChipBill
        Fields depending on the inputs are arrays of their broadcast shape.

    Raises
    ------
    InputError
        A negative or non-finite D0 or age, or a year that is not whole.

    References
    ----------
    .. [1] J. L. Hennessy, D. A. Patterson, "Computer Architecture: A Quantitative
       Approach", 5th ed., 2011, section 1.6 (cost of an integrated circuit).
    .. [2] C. M. Weber, IEEE Trans. Semicond. Manuf. 17(4):590-596, 2004 (defect
       density learning).

    Examples
    --------
    Through :func:`tigris.silicon.chip_bill`: each element is the scalar bill's.

    >>> from tigris.silicon import chip_bill
    >>> bill = chip_bill("h100", d0_per_cm2=np.array([0.05, 0.1]))
    >>> one = chip_bill("h100", d0_per_cm2=0.1)
    >>> bool(bill.logic_wafers_per_unit[1] == one.logic_wafers_per_unit)
    True
    """
    from tigris.silicon.chip import (
        COST_KEYS,
        ChipBill,
        _check_year,
        _good_base_dies,
        _good_dies,
        _good_interposers,
        _per_attempt_usd,
        package_months,
        package_yield_at,
    )

    if year is not None:
        _check_year(year)
    nd, hbm, acc = p.node, p.hbm, p.acc
    d0, basis, t, explanation = _logic_d0(p, year, d0_per_cm2, months)
    gross, y = _good_dies(p, model, d0)
    y = np.asarray(y, dtype=float)
    good = gross * y
    interposer_mm2, good_ip = _good_interposers(p)

    stacks_per_wafer = good_stacks_per_wafer(hbm, year) if hbm is not None else None
    yp = np.asarray(package_yield_at(p.pkg, package_months(p.pkg, year)), dtype=float)

    base, good_base, base_y = p.base, None, None
    if base is not None:
        good_base, base_y = _good_base_dies(p, model, year)

    shape = np.broadcast_shapes(
        np.shape(d0),
        np.shape(yp),
        np.shape(0.0 if stacks_per_wafer is None else stacks_per_wafer),
        np.shape(0.0 if good_base is None else good_base),
    )

    def b(x: Any) -> np.ndarray:
        return np.array(np.broadcast_to(np.asarray(x, dtype=float), shape))

    per_attempt = _per_attempt_usd(p, good, good_ip, good_base)
    breakdown = {k: b(per_attempt[k] / yp) for k in COST_KEYS}
    cost = fsum_elementwise([breakdown[k] for k in COST_KEYS])
    price = acc.price_usd
    if stacks_per_wafer is not None:
        hbm_wafers = b(p.stacks / np.asarray(stacks_per_wafer, dtype=float) / yp)
        spw: Any = b(stacks_per_wafer)
    else:
        hbm_wafers, spw = b(0.0), None
    years = None if year is None else np.asarray(year).astype(int)
    return ChipBill(
        accelerator=acc.name,
        node=nd.name,
        package=p.pkg.package,
        hbm_generation=hbm.generation if hbm is not None else None,
        yield_model=model.value,
        d0_per_cm2=b(d0),  # type: ignore[arg-type]
        wafer_price_usd=nd.wafer_price_usd,
        logic_die_area_mm2=p.area_mm2,
        logic_dies_per_unit=p.dies,
        exceeds_reticle=p.area_mm2 > math.prod(reticle_field_mm(uses_high_na(nd))),
        gross_dies_per_wafer=gross,
        die_yield=b(y),  # type: ignore[arg-type]
        harvesting=p.units is not None,
        good_dies_per_wafer=b(good),  # type: ignore[arg-type]
        interposer_area_mm2=interposer_mm2,
        good_interposers_per_wafer=good_ip,
        logic_wafers_per_unit=b(p.dies / good / yp),  # type: ignore[arg-type]
        interposer_wafers_per_unit=b(1.0 / good_ip / yp),  # type: ignore[arg-type]
        hbm_stacks_per_unit=b(p.stacks / yp),  # type: ignore[arg-type]
        package_yield=b(yp),  # type: ignore[arg-type]
        manufacturing_cost_usd=cost,  # type: ignore[arg-type]
        cost_breakdown_usd=breakdown,  # type: ignore[arg-type]
        price_usd=price,
        gross_margin=(price - cost) / price if price else None,  # type: ignore[arg-type]
        hbm_wafers_per_unit=hbm_wafers,  # type: ignore[arg-type]
        hbm_gb_per_unit=b(p.stacks * hbm.stack_capacity_gb / yp if hbm is not None else 0.0),  # type: ignore[arg-type]
        good_stacks_per_wafer=spw,
        year=years,  # type: ignore[arg-type]
        d0_basis=basis,
        d0_months_since_hvm=None if t is None else b(t),  # type: ignore[arg-type]
        d0_explanation=explanation,
        base_die_node=base.node.name if base is not None else None,
        base_dies_per_unit=base.dies if base is not None else 0,
        base_die_area_mm2=base.area_mm2 if base is not None else None,
        base_die_yield=None if base_y is None else b(base_y),  # type: ignore[arg-type]
        base_wafers_per_unit=b(base.dies / good_base / yp if base is not None else 0.0),  # type: ignore[arg-type]
        basis="launch" if year is None else "year",
    )
