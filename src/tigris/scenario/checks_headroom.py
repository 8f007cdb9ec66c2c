"""Warnings on ``datacenters.grid_headroom_mw``: legal series that likely say something
other than what was meant (user test of 2026-12-03, #5 and #11).

Grid headroom is cumulative: the new data-centre MW a region's grid can connect *by*
each year (``data/grid.csv``; docs/energy.md, "Data" and "The power constraint"), and
a region's map in the scenario replaces the data's whole series for that region,
interpolated linearly between the years given and held flat outside them
(:func:`tigris.scenario.series.series`; docs/energy.md, "Scenario"). Two warnings
follow, each one line a region, as the others of :mod:`tigris.scenario.advice`:

- :func:`headroom_falls`: a series that falls from one given year to a later one. A
  module once connected stays connected, so the later, lower value caps every earlier
  year's connections too: most likely a per-year increment written for a total.
- :func:`headroom_held_flat`: a series given for fewer years than the data has, which
  holds the data's years before its first and after its last given year flat at those
  values (``usa: {2030: 26152}`` is 26,152 MW from 2026, not the data's 5,230 rising to
  52,303 MW): the years so held and what the data has there.

- :func:`headroom_below_module`: a series below one grid data-centre module's MW in
  every planning year (UT-GRID #8: ``{2026: 5.2, 2035: 52.3}``, GW typed where MW are
  asked), so no grid module can ever connect in the region.

Each takes the typed :class:`~tigris.scenario.checks.Parts` of a valid scenario and
returns ``(location, message)`` pairs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = [
    "data_years",
    "grid_module_mw",
    "headroom_below_module",
    "headroom_falls",
    "headroom_held_flat",
    "supply_held_flat",
    "year_ranges",
]

#: The data table a region's headroom series replaces.
_TABLE = "grid"


def data_years(region: str) -> list[int]:
    """Years of ``data/grid.csv`` with a headroom for ``region`` [year].

    Parameters
    ----------
    region : str
        A region of the energy data, as ``data/grid.csv`` spells it.

    Returns
    -------
    list of int
        The years with a ``grid_headroom_mw`` value for it, sorted; empty if none.
    """
    from tigris.data import load_rows

    return sorted(
        int(row["year"])
        for row in load_rows(_TABLE)
        if str(row["region"]).strip() == region and row.get("grid_headroom_mw") not in (None, "")
    )


def year_ranges(years: list[int]) -> str:
    """Years as runs, ``2026–2029, 2031–2035``.

    Parameters
    ----------
    years : list of int
        Calendar years, in any order.

    Returns
    -------
    str
        The runs of consecutive years in ascending order, joined by ``", "`` (a run of
        one year as the year alone); ``""`` for no years.

    Examples
    --------
    >>> year_ranges([2026, 2027, 2028, 2031, 2033, 2034])
    '2026–2028, 2031, 2033–2034'
    """
    from tigris.fmt import year_ranges as _ranges

    return _ranges(years)


def _mw_span(lo: float, hi: float) -> str:
    """``5,230–20,921 MW``, or ``969 MW`` for one value."""
    return f"{lo:,.0f} MW" if round(lo) == round(hi) else f"{lo:,.0f}–{hi:,.0f} MW"


def headroom_falls(parts: Parts) -> Found:
    """A region's headroom that is lower in a given year than in an earlier given one.

    Headroom is cumulative MW connectable by a year, and the power constraint counts a
    module as connected from its first year with output on (docs/energy.md, "The power
    constraint"), so ``{2026: 30000, 2030: 0}`` lets nothing be connected in any year
    whose modules are still there in 2030.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per region, at the first given year whose headroom [MW] is
        below an earlier given year's peak.
    """
    dc = parts.datacenters
    if dc is None:
        return []
    out: Found = []
    for region, given in dc.grid_headroom_mw.items():
        years = sorted(given)
        if not years:
            continue
        peak_year = years[0]  # the given year of the highest value so far
        for year in years[1:]:
            if given[year] < given[peak_year]:
                msg = (
                    f"{given[year]:,.0f} MW is below the {given[peak_year]:,.0f} MW given for "
                    f"{peak_year}: headroom is cumulative (the MW the grid can connect by "
                    "that year; a module once connected stays), so this cap applies to "
                    f"every earlier year's modules too; give the running total "
                    "(docs/energy.md, 'The power constraint')"
                )
                out.append((("datacenters", "grid_headroom_mw", region, year), msg))
                break
            if given[year] > given[peak_year]:
                peak_year = year
    return out


def headroom_held_flat(parts: Parts) -> Found:
    """A region's headroom given for fewer years than ``data/grid.csv`` has: the
    planning years before its first and after its last given year that the data has a
    value for are held flat, the data's whole series replaced.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per region, at ``datacenters.grid_headroom_mw.<region>``;
        empty without a valid horizon.
    """
    dc, plan_years = parts.datacenters, parts.years
    if dc is None or not len(plan_years):
        return []
    from tigris.energy.data import grid_headroom_mw

    out: Found = []
    for region, given in dc.grid_headroom_mw.items():
        if not given:
            continue
        have = set(data_years(region))
        first, last = min(given), max(given)
        flat = [int(y) for y in plan_years if y in have and not first <= y <= last]
        if not flat:
            continue

        def said(at: int, ys: list[int], region: str = region, given: Any = given) -> str:
            data = np.asarray(grid_headroom_mw(region, np.asarray(ys)), dtype=float)
            span = _mw_span(float(data.min()), float(data.max()))
            return f"{year_ranges(ys)} flat at {given[at]:,.0f} MW (the data: {span})"

        held = _held_ends(flat, first, last, said)
        msg = (
            f"given for {year_ranges(sorted(given))} only, this replaces data/grid.csv's "
            f"whole {region} series and holds {' and '.join(held)}; give those years "
            "too to keep the data's values"
        )
        out.append((("datacenters", "grid_headroom_mw", region), msg))
    return out


def _held_ends(
    flat: list[int], first: int, last: int, said: Callable[[int, list[int]], str]
) -> list[str]:
    """The phrases of the years a series holds flat: those of ``flat`` before ``first``
    (held at ``first``'s value), then those after ``last``, each as ``said(end, years)``."""
    out = []
    for side, at in ((-1, first), (1, last)):
        ys = [y for y in flat if (y - at) * side > 0]
        if ys:
            out.append(said(at, ys))
    return out


def supply_held_flat(parts: Parts) -> Found:
    """A ``supply`` map beside an incumbent baseline that does not cover the horizon:
    it replaces the baseline's whole series of that facility type, and the planning
    years outside the years given are held flat (user test 2026-12-07, export controls
    #6: ``supply.hbm_wspm={2026: 400000}`` held 400k to 2035 against the baseline's
    445k rising to 630k, without a word; a region's headroom said so).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per map, at ``supply.<map>`` (``supply.logic_wspm.<node>``);
        empty without a baseline or a valid horizon.
    """
    supply, plan_years = parts.supply, parts.years
    if supply is None or supply.baseline is None or not len(plan_years):
        return []
    maps: list[tuple[tuple[str, ...], dict[int, float]]] = [
        (("supply", "logic_wspm", node), given) for node, given in supply.logic_wspm.items()
    ]
    maps += [
        (("supply", name), given)
        for name, given in (("cowos_wspm", supply.cowos_wspm), ("hbm_wspm", supply.hbm_wspm))
        if given
    ]
    out: Found = []
    for loc, given in maps:
        first, last = min(given), max(given)
        flat = [int(y) for y in plan_years if not first <= y <= last]
        if not flat:
            continue
        held = _held_ends(
            flat,
            first,
            last,
            lambda at, ys, g=given: f"{year_ranges(ys)} flat at {g[at]:,.0f} wspm",
        )
        msg = (
            f"given for {year_ranges(sorted(given))} only, this replaces the "
            f"'{supply.baseline}' baseline's whole series of it "
            "(data/incumbent_capacity.csv) and holds "
            f"{' and '.join(held)}; give those years too, or leave it out to keep the "
            "baseline (tigris plan's capacity-used table shows the baseline's)"
        )
        out.append((loc, msg))
    return out


#: The grid-connected data-centre type, the one the headroom limits
#: (:data:`tigris.plan.assemble_energy.GRID_ID`, whose module imports the plan).
_GRID_ID = "datacenter"


def grid_module_mw(parts: Parts) -> dict[str, tuple[float, list[str]]]:
    """The smallest grid data-centre module a site of each region may start, and the
    sites that may [facility MW].

    A site may start one when its ``max_modules`` is not 0 and its ``facilities`` (if
    given) list ``datacenter``; the module's MW is the site's ``module_capacity`` for
    ``datacenter``, else the scenario's ``datacenter`` facility's, else
    ``data/datacenter_types.csv``'s ``module_mw`` (as the plan builds it,
    docs/energy.md, "Scenario").

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    dict
        region -> (smallest module [MW], site names); regions with no such site absent.
    """
    from tigris.energy.data import datacenter_type
    from tigris.scenario.checks import facility_id
    from tigris.scenario.checks_energy import _site_region

    table = float(datacenter_type(_GRID_ID)["module_mw"])
    facility = next(
        (
            f.module_capacity
            for _, f in parts.facilities
            if facility_id(f.kind, f.node, f.power) == _GRID_ID and f.module_capacity
        ),
        None,
    )
    out: dict[str, tuple[float, list[str]]] = {}
    for _, site in parts.sites:
        if site.max_modules == 0 or (
            site.facilities is not None and _GRID_ID not in site.facilities
        ):
            continue
        region = _site_region(site)
        if region is None:
            continue
        mw = float(site.module_capacity.get(_GRID_ID, facility or table))
        low, names = out.get(region, (mw, []))
        out[region] = (min(low, mw), [*names, site.name])
    return out


def headroom_below_module(parts: Parts) -> Found:
    """A region's given headroom below the smallest grid data-centre module its sites
    may start, in every planning year: no grid module can connect there, which the plan
    then works around silently (UT-GRID #8: 5.2-52.3 MW, GW typed as MW, and the plan
    built gas only).

    Headroom is the new data-centre MW a region's grid can connect by a year, in facility
    MW, and a module counts at its full MW (docs/energy.md, "The power constraint").
    Skipped while ``sites`` or ``facilities`` was refused (their problems are reported).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        At ``datacenters.grid_headroom_mw.<region>``.
    """
    dc, years = parts.datacenters, parts.years
    if dc is None or not len(years) or not {"sites", "facilities"} <= parts.complete:
        return []
    from tigris.scenario.series import series

    modules = grid_module_mw(parts)
    out: Found = []
    for region, given in dc.grid_headroom_mw.items():
        if not given or region not in modules:
            continue
        mw, names = modules[region]
        values = series({int(y): float(v) for y, v in given.items()}, years)
        if float(values.max()) >= mw:
            continue
        lo, hi = float(values.min()), float(values.max())
        span = f"{lo:,.4g} MW" if lo == hi else f"{lo:,.4g}–{hi:,.4g} MW"  # 5.2, not 5
        msg = (
            f"{span} in {year_ranges([int(y) for y in years])} is below one {mw:,.0f} MW "
            f"grid data-centre module (site{'s' if len(names) > 1 else ''} "
            f"{', '.join(names)}) in every year: no grid module can connect in {region}. "
            "Headroom is in facility MW (not GW): the new data-centre MW the grid can "
            "connect by each year (docs/energy.md, 'Scenario')"
        )
        out.append((("datacenters", "grid_headroom_mw", region), msg))
    return out
