"""Checks of a scenario product's own ``h100e`` and ``system_power_w`` (user test s57 #2).

A product of a scenario may give its compute per unit (``h100e``) and its power per
unit (``system_power_w``) in place of its catalog part's. A part in a data file gets
the physical checks of :func:`tigris.catalog_schema.part_checks`; these two figures
did not, so 965 parts of 1e6 H100e at 1 µW each planned 964.6M H100e at about
1e-27 J a FLOP, and a power written in kW (0.13 for 130 W) was taken as given. Here:

- :func:`products_below_landauer` (an error): the product's power over its compute
  (``h100e`` x the H100's dense BF16 FLOP/s, the ratio ``h100e`` counts) is less energy
  a FLOP than Landauer's limit (``landauer_limit_j_per_bit``, data/silicon_params.csv:
  k_B T ln 2 at 300 K, Landauer 1961), as a part's own figures are refused;
- :func:`product_power_beyond_catalog` (a warning): H100e per watt of system power
  beyond every catalog part's, or a ``system_power_w`` more than
  :data:`tigris.catalog_schema.BELOW_CATALOG_FACTOR` below the smallest catalog part's
  (a unit slip, as a part's figures far below the catalog's are taken).

Each returns ``(location, message)`` pairs, as the checks of
:mod:`tigris.scenario.checks` do.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts
    from tigris.scenario.schema import Product

__all__ = ["product_power_beyond_catalog", "products_below_landauer"]


def _catalog() -> dict[str, Any]:
    from tigris.catalog import load_catalog

    return load_catalog()


def _h100() -> Any:
    """The catalog part an H100e is (:func:`tigris.workload.h100_equivalents`: dense
    BF16 FLOP/s over this part's), or None (not in the catalog, or without that peak)."""
    from tigris.catalog import get_accelerator
    from tigris.errors import TigrisError
    from tigris.workload._common import REFERENCE_ACCELERATOR

    try:
        h100 = get_accelerator(REFERENCE_ACCELERATOR)
    except TigrisError:
        return None
    return h100 if h100.peak_bf16_flop_per_s else None


def _entry(p: Product) -> Any:
    """The product's catalog part (by ``accelerator``, else ``name``), or None."""
    from tigris.scenario.checks import _catalog_entry

    return _catalog_entry(p)


def _per_unit(p: Product) -> tuple[float | None, float | None]:
    """The product's compute [H100e] and system power [W] per unit as the plan uses
    them: its own, else its catalog part's (None where neither gives one)."""
    entry = _entry(p)
    h100 = _h100()
    h100e = p.h100e
    if h100e is None and entry is not None and h100 is not None:
        peak, ref = entry.peak_bf16_flop_per_s, h100.peak_bf16_flop_per_s
        h100e = peak / ref if peak and ref else None
    watts = p.system_power_w
    if watts is None and entry is not None:
        watts = entry.system_power_w
    return h100e, watts


def _own_figures(parts: Parts) -> Iterator[tuple[int, Product, float | None, float | None]]:
    """``(index, product, h100e, watts)`` of each product giving its own ``h100e`` or
    ``system_power_w`` (:func:`_per_unit`); a part's own figures are checked where the
    part is read (:func:`tigris.catalog_schema.part_checks`)."""
    for i, p in parts.products:
        if p.h100e is not None or p.system_power_w is not None:
            yield (i, p, *_per_unit(p))


def _field(p: Product) -> str:
    """Where a message on the product's figures points: the figure it gave."""
    return "system_power_w" if p.system_power_w is not None else "h100e"


def products_below_landauer(parts: Parts) -> Found:
    """Products whose own ``h100e`` or ``system_power_w`` give less energy a FLOP than
    Landauer's limit (an error; see the module's note).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections.

    Returns
    -------
    Found
        ``(location, message)`` per product, at the figure it gave.
    """
    from tigris.silicon.params import silicon_param

    h100 = _h100()
    if h100 is None:
        return []
    floor = silicon_param("landauer_limit_j_per_bit")
    out: Found = []
    for i, p, h100e, watts in _own_figures(parts):
        if not h100e or not watts:
            continue
        flops = h100e * h100.peak_bf16_flop_per_s
        per_flop = watts / flops
        if per_flop < floor:
            msg = (
                f"{watts:.4g} W a unit at {h100e:.4g} H100e ({flops:.4g} dense BF16 "
                f"FLOP/s) is {per_flop:.3g} J a FLOP, below Landauer's limit of "
                f"{floor:.4g} J a bit (k_B T ln 2 at 300 K, data/silicon_params.csv): a "
                "FLOP erases at least one bit, and no computer erases one for less"
            )
            out.append((("products", i, _field(p)), msg))
    return out


def product_power_beyond_catalog(parts: Parts) -> Found:
    """Products whose own ``h100e`` or ``system_power_w`` give more H100e a watt than
    every catalog part, or a power far below every part's (a warning; see the module's
    note).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections.

    Returns
    -------
    Found
        ``(location, message)`` per product, at the figure it gave.
    """
    from tigris.catalog_schema import BELOW_CATALOG_FACTOR

    catalog = _catalog()
    h100 = _h100()
    if h100 is None:
        return []
    ratios = [
        (p.peak_bf16_flop_per_s / h100.peak_bf16_flop_per_s / p.system_power_w, p.name)
        for p in catalog.values()
        if p.peak_bf16_flop_per_s and p.system_power_w
    ]
    powers = [(p.system_power_w, p.name) for p in catalog.values() if p.system_power_w]
    if not ratios or not powers:
        return []
    top, top_name = max(ratios)
    low, low_name = min(powers)
    out: Found = []
    for i, p, h100e, watts in _own_figures(parts):
        if p.system_power_w is not None and watts < low / BELOW_CATALOG_FACTOR:
            msg = (
                f"{watts:.4g} W is {low / watts:.3g}x below the smallest catalog part's "
                f"system power ({low:.4g} W, {low_name}): the field is in W (1.2 kW is "
                "1200); the plan's power and energy scale with it"
            )
            out.append((("products", i, "system_power_w"), msg))
            continue
        if not h100e or not watts:
            continue
        ratio = h100e / watts
        if ratio > top * (1 + 1e-9):
            msg = (
                f"{h100e:.4g} H100e at {watts:.4g} W is {ratio:.4g} H100e a watt of system "
                f"power, beyond every catalog part (largest: {top:.4g}, {top_name}; this "
                f"is {ratio / top:.3g}x it): check the figures, which the plan's compute "
                "and power take as given"
            )
            out.append((("products", i, _field(p)), msg))
    return out
