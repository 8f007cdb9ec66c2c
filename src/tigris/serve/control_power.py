"""The dashboard's Power controls: grid headroom, grid connection time, on-site power.

A grid planner's questions (user test 2026-12-03, #10): "what if the grid can connect
half as much?", "what if a connection takes two years, not four?", "what if no on-site
gas may be built, or it costs more?". One group of
:data:`tigris.serve.control_groups.GROUPS`, for a scenario with data-centre facilities
(docs/energy.md, "Scenario"); each control sets scenario fields the plan reads:

- ``power.grid_headroom.<region>`` [x]: a scale on the region's grid headroom series,
  so one control moves every year. It writes ``datacenters.grid_headroom_mw.<region>``:
  the scenario's own points times the scale, or, where the scenario gives none,
  ``data/grid.csv``'s headroom in every plan year times the scale (the plan reads the
  series only in its years, so both are the base series times the scale there). One
  per region whose grid a site of the scenario may connect a grid data-centre module
  to.
- ``facilities.<grid facility>.grid_lead_months`` [months]: the grid connection lead
  time, one value for every region (the scenario field replaces ``data/grid.csv``'s
  lead of each region, :func:`tigris.plan.assemble_energy.datacenter_module`).
- ``facilities.<datacenter facility>.capex_usd_per_mw`` [US$ M per MW] of each
  data-centre type (grid or on-site) whose capex the scenario does not give whole.
- ``power.onsite.<facility>`` [on/off]: whether an on-site type (gas, solar) may be
  built; off takes it out of every site's ``facilities`` list (a site left with none
  is closed, as the Sites toggle closes it).
- ``facilities.<on-site facility>.energy_usd_per_mwh`` [US$/MWh]: its fuel (or
  generation) price, the same at every site.

:func:`power_edits` turns the serve-only keys into those scenario edits
(:func:`tigris.serve.controls.whatif` calls it). Importing this module imports neither
Dash nor the planner.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from tigris.errors import InputError
from tigris.scenario.schema import Scenario
from tigris.serve.control_groups import STORED_DIGITS, Control, _choice, _number, _seg

__all__ = [
    "HEADROOM_PATH",
    "HEADROOM_TARGET",
    "ONSITE",
    "POWER",
    "power_builder",
    "power_edits",
    "related_control",
]

#: Path prefix of the dashboard's own power keys (not scenario fields).
POWER = "power"
#: A region's headroom scale: ``power.grid_headroom.<region>``.
HEADROOM_PATH = f"{POWER}.grid_headroom"
#: The scenario field a headroom scale writes: ``datacenters.grid_headroom_mw.<region>``.
HEADROOM_TARGET = "datacenters.grid_headroom_mw"
#: Whether an on-site data-centre type may be built: ``power.onsite.<facility>``.
ONSITE = f"{POWER}.onsite"
#: The grid-connected data-centre type's id (``tigris.plan.assemble_energy.GRID_ID``;
#: not imported, so that the page's controls do not import the planner).
GRID_FACILITY = "datacenter"

# --- ranges: engineering bounds on what a control accepts, not data ----------------
#: Scale on a region's grid headroom series [-]: x0, no grid connection beyond the
#: capacity table (data/grid.csv's headroom is the spread between the IEA's Lift-Off
#: and Base cases, so x0 is the Base case), to x10, ten times that spread; a what-if
#: range, not data.
HEADROOM_SCALE_MIN, HEADROOM_SCALE_MAX = 0.0, 10.0
#: Grid connection lead time [month]: 0 (connected as soon as the shell is built) to
#: 120, ten years, above the 4-7 years Dominion Energy quotes for large loads
#: (data/grid.csv's usa row).
LEAD_MIN_MONTHS, LEAD_MAX_MONTHS = 0, 120
#: A data-centre module's capex per MW of facility power [USD/MW]: US$ 1 M, a tenth of
#: data/datacenter_types.csv's grid row (US$ 10.58 M), to US$ 100 M, six times its
#: dearest (solar with storage, US$ 16.58 M).
CAPEX_MIN_USD_PER_MW, CAPEX_MAX_USD_PER_MW = 1e6, 1e8
#: On-site generation's energy price [USD/MWh]: 0 to US$ 500, eleven times
#: data/datacenter_types.csv's gas fuel (US$ 45/MWh) and over three times Europe's grid
#: price in data/grid.csv (US$ 150/MWh).
ENERGY_MIN_USD, ENERGY_MAX_USD = 0.0, 500.0
#: US$ M per US$ [USD].
USD_M = 1e6


def _datacenters(sc: Scenario) -> list[tuple[str, Any]]:
    """``(facility id, facility)`` of the scenario's data-centre types, in order."""
    from tigris.scenario.checks import facility_id

    return [
        (facility_id(f.kind, f.node, f.power), f) for f in sc.facilities if f.kind == "datacenter"
    ]


def _allowed(site: Any, fid: str) -> bool:
    """Whether ``site`` may build facility ``fid`` (its list names it, or it has none)."""
    return site.max_modules != 0 and (site.facilities is None or fid in site.facilities)


def _region(site: Any) -> str | None:
    """A site's energy region: its own ``region``, else data/site_regions.csv's."""
    if site.region is not None:
        return str(site.region)
    from tigris.energy.data import site_region

    try:
        return site_region(site.name)
    except InputError:  # the scenario's checks name it
        return None


def grid_regions(sc: Scenario) -> list[str]:
    """Regions whose grid a site of ``sc`` may connect a grid data-centre module to,
    each once, in site order.

    Parameters
    ----------
    sc : Scenario
        The scenario (its data-centre facility types and its sites).

    Returns
    -------
    list of str
        Energy region names; empty when the scenario has no grid (``datacenter``)
        facility type, or no site that may build one.
    """
    if GRID_FACILITY not in dict(_datacenters(sc)):
        return []
    out: list[str] = []
    for s in sc.sites:
        region = _region(s) if _allowed(s, GRID_FACILITY) else None
        if region is not None and region not in out:
            out.append(region)
    return out


def _plan_years(sc: Scenario) -> list[int]:
    return list(range(sc.horizon.first_year, sc.horizon.last_year + 1))


def base_headroom(sc: Scenario, region: str) -> tuple[dict[int, float], str]:
    """The headroom series a scale multiplies, and where it comes from.

    Parameters
    ----------
    sc : Scenario
        The base scenario.
    region : str
        An energy region (:func:`grid_regions`).

    Returns
    -------
    (dict, str)
        Year -> MW of facility power [MW]: the scenario's own points for the region, else
        ``data/grid.csv``'s headroom in every plan year
        (:func:`tigris.energy.data.grid_headroom_mw`); and the source's name.
    """
    own = sc.datacenters.grid_headroom_mw.get(region) if sc.datacenters is not None else None
    if own:
        return {int(y): float(v) for y, v in own.items()}, "the scenario"
    from tigris.energy.data import grid_headroom_mw

    years = _plan_years(sc)
    values = grid_headroom_mw(region, years)
    return {y: float(v) for y, v in zip(years, values, strict=True)}, "data/grid.csv"


def _headroom(sc: Scenario) -> Iterator[Control]:
    for region in grid_regions(sc):
        points, where = base_headroom(sc, region)
        first, last = min(points), max(points)
        yield _number(
            f"{HEADROOM_PATH}.{_seg(region)}",
            f"{region}: grid headroom",
            "x base series",
            "Power",
            1.0,
            HEADROOM_SCALE_MIN,
            HEADROOM_SCALE_MAX,
            step=0.05,
            help=(
                f"Scales every year of {region}'s grid headroom, the new data-centre MW its "
                f"grid can connect beyond the capacity table ({first}: "
                f"{points[first]:,.0f} MW, {last}: {points[last]:,.0f} MW, from {where}); "
                "x0.5 halves each year's; sets datacenters.grid_headroom_mw."
                f"{_seg(region)} (x1: the base series)."
            ),
        )


def _lead(sc: Scenario, fid: str, f: Any) -> Iterator[Control]:
    from tigris.energy.data import grid_lead_months

    regions = grid_regions(sc)
    if not regions:
        return
    by_region = {r: grid_lead_months(r) for r in sorted(regions)}
    own = f.grid_lead_months
    table = ", ".join(f"{r} {m:g}" for r, m in by_region.items())
    label = "Grid connection lead time"
    if own is None and len(set(by_region.values())) > 1:
        # the box shows the longest, the plan waits each region's own: moved, every
        # region takes the value (a shorter box can lengthen a region's wait), so the
        # label says it, not only the hover help (review of 3057843)
        label += f", all regions (now {table})"
    yield _number(
        f"facilities.{_seg(fid)}.grid_lead_months",
        label,
        "months",
        "Power",
        own if own is not None else max(by_region.values()),
        LEAD_MIN_MONTHS,
        LEAD_MAX_MONTHS,
        step=1,
        integer=True,
        help=(
            "Months from asking the grid for a connection to being connected, one value "
            "for every region; default "
            + (
                "from the scenario."
                if own is not None
                else f"the longest of data/grid.csv's ({table} months): moved, every "
                "region takes the new value."
            )
        ),
    )


def _facility(sc: Scenario, fid: str, f: Any) -> Iterator[Control]:
    from tigris.energy.data import datacenter_type
    from tigris.plan.assemble_sites import data_dollars

    row = datacenter_type(fid)
    # the table's money in the scenario's currency_year, as the plan charges it (review
    # of s46: a base of another year showed the 2024 figure the plan converts)
    to_plan = data_dollars(sc)
    onsite = fid != GRID_FACILITY
    what = f"an on-site {f.power}" if onsite else "a grid-connected"
    if onsite:
        yield _choice(
            f"{ONSITE}.{_seg(fid)}",
            f"{fid}: may be built",
            "Power",
            "toggle",
            True,
            help=(
                f"Off: no site may build {fid} ({what} data-centre module): it leaves every "
                "site's facilities list; on: the scenario's sites."
            ),
        )
    if f.capex_usd is None:
        own = f.capex_usd_per_mw
        yield _number(
            f"facilities.{_seg(fid)}.capex_usd_per_mw",
            f"{fid}: capex",
            "US$ M/MW",
            "Power",
            own if own is not None else float(row["capex_usd_per_mw"]) * to_plan,
            CAPEX_MIN_USD_PER_MW,
            CAPEX_MAX_USD_PER_MW,
            scale=USD_M,
            step=0.01,
            help=(
                f"Capex of {what} data-centre module per MW of facility power (shell, "
                "power and cooling, no IT); default from "
                + ("the scenario." if own is not None else "data/datacenter_types.csv.")
            ),
        )
    table_energy = float(row["energy_usd_per_mwh"])
    if onsite and (f.energy_usd_per_mwh is not None or table_energy == table_energy):
        own = f.energy_usd_per_mwh
        yield _number(
            f"facilities.{_seg(fid)}.energy_usd_per_mwh",
            f"{fid}: energy price",
            "US$/MWh",
            "Power",
            own if own is not None else table_energy * to_plan,
            ENERGY_MIN_USD,
            ENERGY_MAX_USD,
            step=0.5,
            help=(
                f"What a MWh of {what} data-centre module's own generation costs, the "
                "same at every site; default "
                + ("from the scenario." if own is not None else "data/datacenter_types.csv.")
            ),
        )


def power_builder(sc: Scenario) -> Iterator[Control]:
    """The Power group's controls of a scenario (none without data-centre types).

    Parameters
    ----------
    sc : Scenario
        The scenario the page starts from.

    Yields
    ------
    Control
        Each region's headroom scale, the grid lead time, then each data-centre type's
        own controls (the grid type's, and those of the others a site may build).
    """
    facilities = _datacenters(sc)
    if not facilities:
        return
    yield from _headroom(sc)
    for fid, f in facilities:
        if fid == GRID_FACILITY:
            yield from _lead(sc, fid, f)
    for fid, f in facilities:
        if fid == GRID_FACILITY or any(_allowed(s, fid) for s in sc.sites):
            yield from _facility(sc, fid, f)


def _scaled(value: float, scale: float) -> float:
    return float(f"{value * scale:.{STORED_DIGITS}g}")


def power_edits(base: Scenario, changes: Mapping[str, Any]) -> dict[str, Any]:
    """The scenario edits of the Power group's own keys.

    Parameters
    ----------
    base : Scenario
        The scenario the page starts from.
    changes : mapping
        Control path -> stored value, only the ``power.*`` keys read (a headroom scale
        [-], an on-site toggle [bool]).

    Returns
    -------
    dict
        Scenario path -> value, for :func:`tigris.scenario.edit.set_paths`: each scaled
        region's ``datacenters.grid_headroom_mw.<region>`` series [MW] (and the
        scenario's ``description`` saying so), and for an on-site
        type switched off, each site's ``facilities`` list without it (``max_modules`` and
        ``min_modules`` 0 for a site left with none).

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> e = power_edits(reference_scenario(), {"power.grid_headroom.usa": 0.5})
    >>> e["datacenters.grid_headroom_mw.usa"][2030]
    13076.0
    >>> power_edits(reference_scenario(), {"power.onsite.datacenter-gas": False})
    {'sites.texas-usa.facilities': ['datacenter']}
    """
    from tigris.scenario.checks import facility_id

    edits: dict[str, Any] = {}
    all_ids = [facility_id(f.kind, f.node, f.power) for f in base.facilities]
    by_region = {_seg(r): r for r in grid_regions(base)}
    by_fid = {_seg(fid): fid for fid, _ in _datacenters(base)}
    closed: set[str] = set()
    scaled: list[str] = []
    for path, value in changes.items():
        if path.startswith(HEADROOM_PATH + "."):
            region = by_region[path.removeprefix(HEADROOM_PATH + ".")]
            points, where = base_headroom(base, region)
            edits[f"{HEADROOM_TARGET}.{_seg(region)}"] = {
                y: _scaled(v, float(value)) for y, v in points.items()
            }
            scaled.append(f"{region} x{float(value):g} of {where}'s")
        elif path.startswith(ONSITE + ".") and not value:
            closed.add(by_fid[path.removeprefix(ONSITE + ".")])
    if scaled:  # the downloaded file says where the series came from: in the
        # description, not datacenters.source, which the plan reads as existing_mw's source
        own = base.description.rstrip()
        said = f"grid headroom {', '.join(scaled)} (a tigris serve what-if)"
        if not own:
            edits["description"] = said
        elif own.endswith((".", "!", "?")):  # a sentence after a sentence (it read
            # "...investor.; grid headroom", serve user test 2026-12-05)
            edits["description"] = f"{own} {said[0].upper()}{said[1:]}."
        else:
            edits["description"] = f"{own}; {said}"

    if closed:
        for s in base.sites:
            if not any(_allowed(s, fid) for fid in closed):
                continue
            listed = s.facilities if s.facilities is not None else all_ids
            kept = [fid for fid in listed if fid not in closed]
            head = f"sites.{_seg(s.name)}"
            if kept:
                edits[f"{head}.facilities"] = kept
            else:  # nothing left to build here: closed, as the Sites toggle closes it
                edits[f"{head}.max_modules"] = 0
                edits[f"{head}.min_modules"] = 0
    return edits


def related_control(path: str, controls: list[Control]) -> Control | None:
    """The control that sets ``path`` among others (a year of a region's headroom is set
    by the region's scale), or None.

    Parameters
    ----------
    path : str
        A dotted scenario path (``datacenters.grid_headroom_mw.usa.2030``).
    controls : list of Control
        The page's controls.

    Returns
    -------
    Control or None
        The headroom-scale control of the region ``path`` is in (the path itself or below
        it), or None.

    Examples
    --------
    >>> from tigris.scenario import reference_scenario
    >>> from tigris.serve.controls import controls_for
    >>> c = related_control("datacenters.grid_headroom_mw.usa.2030",
    ...                     controls_for(reference_scenario()))
    >>> c.path
    'power.grid_headroom.usa'
    """
    for c in controls:
        if c.path.startswith(HEADROOM_PATH + "."):
            target = f"{HEADROOM_TARGET}.{c.path.removeprefix(HEADROOM_PATH + '.')}"
            if path == target or path.startswith(target + "."):
                return c
    return None
