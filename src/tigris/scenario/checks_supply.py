"""Unit slips in a scenario's ``supply`` maps (user test 2026-12-07).

A map of ``supply`` (``logic_wspm`` per node, ``cowos_wspm``, ``hbm_wspm``) replaces the
chosen baseline's capacity of its facility type (:func:`tigris.plan.assemble._existing`).
``supply: {baseline: announced, cowos_wspm: {2026: 90}}``, 90 meant as 90 thousand wafers
a month (the sources quote CoWoS in "k wspm"), was checked as valid without a word; the
world without the investor then served 0.1M H100e in 2026 instead of ~20M, and the
investor "added" 1,376M at $3.80 per added H100e.

:func:`supply_unit_slips` warns of a value above 0 and below
:data:`~tigris.scenario.checks_extremes.UNIT_SLIP_RATIO` (a thousandth) of what the
baseline has for that facility type and year, as money and demand below a thousandth of
the smallest shipped figure of their kind are warned of
(:mod:`tigris.scenario.checks_extremes`). A warning, not an error: a user may mean a
world without that capacity, and the plan is run as asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from tigris.fmt import share
from tigris.scenario.checks_extremes import UNIT_SLIP_RATIO

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Loc, Parts

__all__ = ["module_size_own_costs", "supply_unit_slips"]

#: Wafer starts a month in the "k wspm" the sources quote capacity in (TSMC's CoWoS at
#: "75k wspm"): the unit a slipped value was most likely written in [wspm per k wspm].
_THOUSAND = 1e3
#: Slipped years named in one line besides the first, as the demand slip names its years
#: (:func:`tigris.scenario.checks_extremes.demand_unit_slips`); a display rule.
_SHOWN_YEARS = 3
#: Where the baseline's capacity comes from (:func:`tigris.world.incumbents.existing_supply`).
_SOURCE = "data/incumbent_capacity.csv x ai_share, year mean; data/baseline_variants.csv"
#: What each map counts (:class:`tigris.scenario.schema.Supply`).
_WHAT = {"cowos": "CoWoS", "hbm": "HBM (DRAM wafers on TSV lines)"}


def _maps(parts: Parts) -> list[tuple[Loc, str, Mapping[int, float]]]:
    """Each ``supply`` map with its location and the facility id it replaces."""
    from tigris.scenario.checks import facility_id

    sup = parts.supply
    if sup is None:
        return []
    out: list[tuple[Loc, str, Mapping[int, float]]] = [
        (("supply", "logic_wspm", node), facility_id("logic", node), wspm)
        for node, wspm in sup.logic_wspm.items()
    ]
    for field, fid in (("cowos_wspm", "cowos"), ("hbm_wspm", "hbm")):
        value = getattr(sup, field)
        if value is not None:
            out.append((("supply", field), fid, value))
    return out


def supply_unit_slips(parts: Parts) -> Found:
    """``supply`` map values above 0 and below :data:`UNIT_SLIP_RATIO` of the chosen
    baseline's capacity of their facility type in their year: legal, but so far below
    what the incumbents have that the value is almost surely thousands of wafers a
    month written as wafers (``cowos_wspm: {2026: 90}`` for 90k); the map replaces the
    baseline's capacity, so the plan would start from next to none.

    A value of 0 is a legitimate "none of it" (a world without that capacity, a
    disruption written by hand) and is not warned of, as a power limit of 0 or a demand
    of 0 is not (:mod:`tigris.scenario.checks_extremes`); nor is a year in which the
    baseline has none of that type (nothing to compare with), nor a map without a
    ``baseline`` (no capacity chosen to compare with).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` per map with such values, at its first such year
        (``supply.cowos_wspm.2026``), naming the baseline's value and its source, the
        value in thousands, and the map's other such years.

    References
    ----------
    data/finance_warnings.csv (``unit_slip_ratio``, a thousandth);
    :func:`tigris.world.incumbents.existing_supply` (the baseline's capacity for AI, year
    means, as the plan takes it: docs/plan.md, "The world the plan starts from").
    """
    sup = parts.supply
    if sup is None or sup.baseline is None:
        return []
    maps = _maps(parts)
    if not maps:
        return []
    from tigris.world.incumbents import existing_supply

    years = sorted({int(y) for _, _, values in maps for y in values})
    baseline = existing_supply(sup.baseline, np.array(years))
    out: Found = []
    for loc, fid, values in maps:
        have = baseline.get(fid)
        if have is None:
            continue  # a node family the baseline has no line of
        base = dict(zip(years, (float(v) for v in have), strict=True))
        low = [
            (int(y), float(v))
            for y, v in sorted(values.items())
            if 0 < float(v) < UNIT_SLIP_RATIO * base[int(y)]
        ]
        if not low:
            continue
        (year, value), rest = low[0], low[1:]
        ref = base[year]
        what = _WHAT.get(fid, f"{fid} logic")
        msg = (
            f"{value:,.6g} wspm is below 1/{1 / UNIT_SLIP_RATIO:,.0f} of the {what} capacity "
            f"for AI the '{sup.baseline}' baseline has in {year} ({ref:,.0f} wspm: "
            f"{_SOURCE}), which the map replaces: the field is in wafer starts per month"
        )
        if value * _THOUSAND >= UNIT_SLIP_RATIO * ref:
            msg += (
                f"; in thousands? {value:,.6g} -> {value * _THOUSAND:,.6g} would be "
                f"{share(value * _THOUSAND / ref, 0)} of the baseline's"
            )
        if rest:
            shown = ", ".join(f"{y}: {v:,.6g}" for y, v in rest[:_SHOWN_YEARS])
            more = f" and {len(rest) - _SHOWN_YEARS} more years" if len(rest) > _SHOWN_YEARS else ""
            msg += f" (so are {shown}{more})"
        out.append(((*loc, year), msg))
    return out


#: The fields of a CoWoS or HBM facility that are one module's and are not scaled to
#: its ``module_capacity`` when it gives them (:func:`tigris.plan.assemble_sites.
#: _scale_to_size`); the capex the one a reader will miss.
_SIZED_OWN = ("capex_usd", "opex_usd_per_year", "power_mw", "euv_tools", "high_na_tools")
#: The facility kinds priced from one module of ``data/facility_types.csv``.
_SIZED_KINDS = ("cowos", "hbm")


def module_size_own_costs(parts: Parts) -> Found:
    """A CoWoS or HBM facility whose ``module_capacity`` differs from
    ``data/facility_types.csv``'s module while it gives its own capex (or opex, power,
    scanners): those are the module it means and are not scaled, so a larger module at
    the row's capex is capacity for nothing (the reference's facilities restate the
    row's capex: ``--set facilities.hbm.module_capacity=200000`` alone made 4x the
    capacity at one module's cost; user test 2026-12-07, scenario author #4).

    Parameters
    ----------
    parts : Parts
        The typed scenario.

    Returns
    -------
    Found
        At ``facilities.<i>.module_capacity``: the sizes, the fields kept, and the
        capex in proportion to the row's.
    """
    if "facilities" not in parts.complete:
        return []
    sized = [(i, f) for i, f in parts.facilities if f.kind in _SIZED_KINDS and f.module_capacity]
    if not sized:
        return []
    from tigris.data import load_rows  # not load_table: a scenario's load imports no pandas

    rows = {str(r["kind"]): r for r in load_rows("facility_types")}
    out: Found = []
    for i, f in sized:
        if f.kind not in rows:
            continue
        size = float(rows[f.kind]["module_capacity"])
        kept = [k for k in _SIZED_OWN if getattr(f, k, None) is not None]
        if float(f.module_capacity) == size or not kept:
            continue
        ratio = float(f.module_capacity) / size
        msg = (
            f"{float(f.module_capacity):,.6g} wspm a module, {ratio:.3g}x "
            f"data/facility_types.csv's {size:,.6g}, with the facility's own "
            f"{', '.join(kept)}, not scaled with it (the module it means)"
        )
        if f.capex_usd is not None:
            msg += (
                f"; capex_usd {f.capex_usd:,.6g} for {ratio:.3g}x the capacity: give the "
                f"larger module's (in proportion: {f.capex_usd * ratio:,.6g}), or leave "
                "capex_usd out to have the row's scaled"
            )
        out.append((("facilities", i, "module_capacity"), msg))
    return out
