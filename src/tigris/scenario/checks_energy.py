"""Cross-field checks of a scenario's energy fields (issue 12; docs/energy.md, "Scenario").

Part of :mod:`tigris.scenario.checks` (which runs them with the others, on the typed
:class:`~tigris.scenario.checks.Parts`): fields that only a ``datacenter`` facility
has, on-site generation without a grid lead time, one way of giving a cost, region
names (a site's ``region``, ``datacenters.grid_headroom_mw``) that the energy data
knows, and a ``datacenters.existing_mw`` that holds the accelerators already
installed. Each returns ``(location, message)`` pairs, as every check does.

Four warnings live here too (run by :mod:`tigris.scenario.advice`):
:func:`legacy_fleet_gap`, a horizon starting after the year following the last
published shipments (the deliveries in between are in no fleet);
:func:`gas_cap_below_a_module`, a ``datacenters.gas_mw_per_year_max`` above 0 but below
one on-site gas module's MW (no such module can ever be built);
:func:`facility_lead_overrides`, a grid facility's ``grid_lead_months`` that replaces a
different ``data/grid.csv`` lead of the region of a site that may build it, and
:func:`site_pue_beyond_published`, a site's ``pue`` above any published industry
average (``data/energy_parameters.csv``, ``pue_max_published``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris import units
from tigris.errors import TigrisError, did_you_mean

if TYPE_CHECKING:
    from tigris.scenario.checks import Found, Parts

__all__ = [
    "DATACENTER_FIELDS",
    "check_datacenter_facilities",
    "check_demand_regions",
    "check_existing_fleet",
    "check_regions",
    "facility_lead_overrides",
    "gas_cap_below_a_module",
    "known_regions",
    "legacy_fleet_gap",
    "site_price_unit_slips",
    "site_pue_beyond_published",
]

#: Facility fields that only a ``kind: datacenter`` facility has.
DATACENTER_FIELDS = (
    "power",
    "capex_usd_per_mw",
    "construction_months",
    "grid_lead_months",
    "ramp_months",
    "opex_usd_per_mw_year",
    "energy_usd_per_mwh",
)
#: Tolerance on the total of the demand shares [-] (a numerical tolerance).
_SHARE_TOL = 1e-9
#: Relative (and absolute, in MW) tolerance of "the installed fleet fits in the existing
#: capacity": the plan's own (``tigris.plan.inputs._PARTS_TOL``), a numerical tolerance.
_FIT_TOL = 1e-9
#: ``Parts.complete``'s name for ``datacenters.existing_mw`` accepted as given.
_EXISTING = "datacenters.existing_mw"
#: Display conversion [MW per GW].
_MW_PER_GW = units.MW_PER_GW
#: The message's MW are shown to 0.1 MW (10 per MW).
_SHOWN = 10
#: The id of the grid-connected datacenter type, the one that waits for its region's grid
#: (:data:`tigris.plan.assemble_energy.GRID_ID`, whose module imports the plan).
_GRID_ID = "datacenter"
#: Where the docs say what a facility's fields replace.
_OVERRIDES_DOC = 'docs/energy.md, "Which fields a facility overrides"'
#: Pairs of datacenter fields that give the same thing two ways (per module, per MW).
_ONE_OF = (("capex_usd", "capex_usd_per_mw"), ("opex_usd_per_year", "opex_usd_per_mw_year"))


def known_regions() -> tuple[str, ...]:
    """Regions of the energy data (:data:`tigris.energy.data.REGIONS`).

    Returns
    -------
    tuple of str
        The region names, in the energy data's order.
    """
    from tigris.energy.data import REGIONS

    return tuple(REGIONS)


def check_datacenter_facilities(parts: Parts) -> Found:
    """Datacenter-only fields on other kinds; a grid lead time or a grid energy price on
    on-site generation (or the reverse); a module power given apart from its MW; a cost
    given both per module and per MW.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per problem, at the field at fault under
        ``facilities[i]``.
    """
    out: Found = []
    for i, f in parts.facilities:
        loc = ("facilities", i)
        if f.kind != "datacenter":
            for name in DATACENTER_FIELDS:
                if getattr(f, name) is not None:
                    msg = f"only a datacenter facility has {name} (this one is {f.kind})"
                    out.append(((*loc, name), msg))
            continue
        onsite = f.power in ("gas", "solar")
        if onsite and f.grid_lead_months is not None:
            msg = (
                f"on-site generation ({f.power}) waits for no grid connection; "
                "grid_lead_months is for power: grid"
            )
            out.append(((*loc, "grid_lead_months"), msg))
        if not onsite and f.energy_usd_per_mwh is not None:
            msg = (
                "a grid-powered datacenter pays its region's electricity price "
                "(data/grid.csv); energy_usd_per_mwh is for power: gas or solar"
            )
            out.append(((*loc, "energy_usd_per_mwh"), msg))
        if f.power_mw is not None:
            msg = "a datacenter module draws its own module_capacity (MW); leave power_mw out"
            out.append(((*loc, "power_mw"), msg))
        for a, b in _ONE_OF:
            if getattr(f, a) is not None and getattr(f, b) is not None:
                out.append(((*loc, b), f"give {a} or {b}, not both"))
    return out


def _region_problem(loc: tuple[Any, ...], name: str, regions: tuple[str, ...]) -> Found:
    if name in regions:
        return []
    hint = did_you_mean(name, list(regions))
    return [(loc, f"unknown region '{name}'{hint}; known: {', '.join(regions)}")]


def check_regions(parts: Parts) -> Found:
    """A site's ``region`` and the regions of ``datacenters.grid_headroom_mw`` are
    regions of the energy data.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per unknown region, at ``sites[i].region`` or at its key of
        ``datacenters.grid_headroom_mw``.
    """
    named = [(("sites", i, "region"), s.region) for i, s in parts.sites if s.region is not None]
    if parts.datacenters is not None:
        from tigris.scenario.checks import left_out_keys

        given = parts.datacenters.grid_headroom_mw
        named += [(("datacenters", "grid_headroom_mw", r), r) for r in given]
        named += [  # a region whose own values were all refused (left out with them)
            (loc, loc[2])
            for loc in left_out_keys(parts, ("datacenters", "grid_headroom_mw"))
            if loc[2] not in given
        ]
    if not named:
        return []
    regions = known_regions()
    return [p for loc, name in named for p in _region_problem(loc, name, regions)]


def check_demand_regions(shares: dict[str, float]) -> dict[str, float]:
    """``demand_regions`` (a pydantic after-validator): regions of the energy data,
    shares (each in [0, 1] by the schema) totalling at most 1.

    Parameters
    ----------
    shares : dict of str to float
        Share of the plan's fleet placed in each region (fraction 0-1), by region name.

    Returns
    -------
    dict of str to float
        ``shares`` unchanged, when valid.

    Raises
    ------
    ValueError
        An unknown region (with the known ones) or a total above 1.
    """
    regions = known_regions()
    for name in shares:
        if name not in regions:
            hint = did_you_mean(name, list(regions))
            raise ValueError(f"unknown region '{name}'{hint}; known: {', '.join(regions)}")
    total = sum(shares.values())
    if total > 1 + _SHARE_TOL:
        # the share is of the plan's fleet, not of demand (docs/energy.md, "Regional
        # demand"); the message said "the rest of demand" (user test 2026-12-06 power #7)
        raise ValueError(
            f"the shares add up to {total:g}; expected at most 1 (each is a share of the "
            "plan's fleet, not of demand; the rest of the fleet is powered in any region)"
        )
    return shares


def check_existing_fleet(parts: Parts) -> Found:
    """``datacenters.existing_mw`` holds the fleet installed before the horizon.

    The accelerators shipped before the first planning year and still in service (the
    legacy fleet, :func:`tigris.energy.fleet.legacy_fleet`: published shipments x
    system power x IT overhead, retiring after ``fleet_lifetime_years``) draw
    ``IT MW x pue`` in the plan's unit, and must fit in the existing capacity, which
    ``existing_mw`` (facility MW at ``pue``) replaces. The plan's inputs refuse it
    otherwise (:meth:`tigris.plan.inputs.PlanInputs.check`, without a line in the
    file); here it is found before the solve, at the ``existing_mw`` entry of the year.
    Skipped unless the horizon, ``datacenters.existing_mw`` as given, ``pue`` and
    ``fleet_lifetime_years`` were accepted (their own problems are reported); another
    refused value of the ``datacenters`` block does not matter (the fleet and the
    capacity it must fit in do not depend on it, :mod:`tigris.plan.assemble_energy`).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` for the first year whose legacy fleet (MW at ``pue``)
        exceeds ``existing_mw``, at that year's key if given (else at ``existing_mw``);
        empty when it fits or the check is skipped.

    References
    ----------
    ``docs/energy.md``, "The power constraint" and "Units in and out"; The Green Grid,
    White Paper 49 (2012) (facility = IT x PUE).
    """
    dc, years = parts.datacenters, parts.years
    if dc is None or dc.existing_mw is None or _EXISTING not in parts.complete:
        return []
    if not len(years) or parts.pue is None or parts.fleet_lifetime is None:
        return []
    from tigris.energy.fleet import class_lifetime_map, legacy_fleet
    from tigris.scenario.series import series  # not at import: the schema imports this

    try:
        lives = class_lifetime_map(parts.fleet_lifetime)
        legacy = np.asarray(legacy_fleet(int(years[0]), years, lives)["it_mw"], dtype=float)
    except TigrisError:  # the data's or the lives' own problem, reported where planned
        return []
    need = legacy * parts.pue
    have = np.asarray(series(dc.existing_mw, years), dtype=float)
    over = np.nonzero(need > have * (1 + _FIT_TOL) + _FIT_TOL)[0]
    if not len(over):
        return []
    i = int(over[0])
    year = int(years[i])
    least = math.ceil(need[i] * _SHOWN) / _SHOWN  # what the message asks for, rounded up
    later = (
        f" (and {len(over) - 1} later year{'s' if len(over) > 2 else ''})" if len(over) > 1 else ""
    )
    msg = (
        f"the accelerators already installed (shipped before {int(years[0])}, still in "
        f"service) need {need[i]:,.1f} MW at pue {parts.pue:g} in {year}{later}, more than "
        f"the existing data-centre capacity given ({have[i]:,.1f} MW): existing_mw is "
        f"facility MW at pue {parts.pue:g} and must hold that fleet; give at least "
        f"{least:,.1f} MW for {year} (docs/energy.md, 'The power constraint')"
    )
    loc = (
        ("datacenters", "existing_mw", year)
        if year in dc.existing_mw
        else ("datacenters", "existing_mw")
    )
    return [(loc, msg)]


def _site_region(site: Any) -> str | None:
    """A site's energy region: its own ``region``, else data/site_regions.csv's (``None``
    when neither is known: the checks report it)."""
    if site.region is not None:
        return str(site.region)
    from tigris.energy.data import site_region

    try:
        return site_region(site.name)
    except TigrisError:
        return None


def facility_lead_overrides(parts: Parts) -> Found:
    """A grid facility's ``grid_lead_months`` that differs from ``data/grid.csv``'s lead
    of the region of a site that may build it: one warning line per such region, naming
    its sites and both values (user test UT-SWF, #4).

    A facility's value replaces the grid wait of every site that builds it
    (:func:`tigris.plan.assemble_energy.datacenter_module`; ``docs/energy.md``, "Which
    fields a facility overrides"), so a value written for one region (the reference's
    US 48 months, once) silently holds a site of another region (middle-east, 18) to
    it. A region's own lead is changed with a ``--data`` ``grid`` entry or drawn as
    ``data.grid.<region>.grid_lead_months`` instead. Skipped while ``facilities`` or a
    ``sites`` entry was refused (their problems are reported) or a region is unknown
    (:func:`check_regions`).

    Parameters
    ----------
    parts : Parts
        The typed scenario.

    Returns
    -------
    list of (location, message)
        At ``facilities.<i>.grid_lead_months``.

    References
    ----------
    ``docs/energy.md``, "Scenario" (a grid module waits its region's lead time,
    ``data/grid.csv``, then builds).
    """
    if "facilities" not in parts.complete:
        return []
    from tigris.energy.data import grid_lead_months
    from tigris.scenario.checks import facility_id

    regions = known_regions()
    out: Found = []
    for i, f in parts.facilities:
        if f.grid_lead_months is None or facility_id(f.kind, f.node, f.power) != _GRID_ID:
            continue
        own = float(f.grid_lead_months)
        differ: dict[str, list[str]] = {}
        for _, s in parts.sites:
            if s.max_modules == 0 or (s.facilities is not None and _GRID_ID not in s.facilities):
                continue
            region = _site_region(s)
            if region is None or region not in regions:
                continue
            if grid_lead_months(region) != own:
                differ.setdefault(region, []).append(s.name)
        for region, names in differ.items():
            table = grid_lead_months(region)
            sites = ", ".join(names)
            msg = (
                f"{own:g} months replaces the grid wait of region {region} "
                f"({table:g} months in data/grid.csv) at site{'s' if len(names) > 1 else ''} "
                f"{sites}: a facility's value holds for every site that builds it "
                f"({_OVERRIDES_DOC}); to keep each region's own wait, leave "
                "grid_lead_months out of this facility, and change one region's with a "
                "--data grid entry (region, grid_lead_months) or draw it as "
                f"data.grid.<region>.grid_lead_months"
            )
            out.append((("facilities", i, "grid_lead_months"), msg))
    return out


def site_pue_beyond_published(parts: Parts) -> Found:
    """A site's ``pue`` above ``pue_max_published`` (``data/energy_parameters.csv``: 2.5,
    the Uptime Institute survey's industry average of 2007, the highest it has published;
    ~1.58 since 2018): one warning line per such site (UT-GRID #8: ``pue: 4.0`` was
    accepted silently and served 2.5 % less).

    The schema refuses a PUE below 1 (a facility cannot use less than its IT load); a
    PUE above every published average is legal but most likely a typo or another
    ratio, so it is said, not refused.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        At ``sites.<i>.pue``.

    References
    ----------
    Uptime Institute, Global Data Center Survey (industry average annual PUE by year);
    The Green Grid, White Paper 49 (2012) (PUE).
    """
    out: Found = []
    for i, site in parts.sites:
        head = pue_above_published(site.pue)
        if head is not None:
            msg = (
                f"{head}; a new AI campus 1.1, data/datacenter_types.csv): PUE is facility "
                "power over IT power (docs/energy.md, 'PUE by region and site')"
            )
            out.append((("sites", i, "pue"), msg))
    return out


def site_price_unit_slips(parts: Parts) -> Found:
    """A site's ``electricity_usd_per_kwh`` most likely in the wrong unit: above
    :data:`tigris.energy.bounds.PRICE_SLIP_RATIO`'s inverse times the dearest shipped
    site price (``data/sites.csv``: USD/MWh written where USD/kWh is asked, 1,000x too
    large), or below that share of the cheapest (user test 2026-12-05: ``80`` was
    planned with only an unrelated warning). Legal, so a warning, not an error.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        At ``sites.<i>.electricity_usd_per_kwh``.
    """
    from tigris.data import load_rows, using_overlay
    from tigris.energy.bounds import PRICE_SLIP_RATIO

    with using_overlay(None):
        shipped = [float(r["electricity_usd_per_kwh"]) for r in load_rows("sites")]
    lo, hi = min(shipped), max(shipped)
    out: Found = []
    for i, site in parts.sites:
        v = site.electricity_usd_per_kwh
        if v is None or v <= 0:
            continue
        if v > hi / PRICE_SLIP_RATIO:
            why = (
                f"above {1 / PRICE_SLIP_RATIO:,.0f}x the dearest shipped site price "
                f"({hi:g} USD/kWh, data/sites.csv): most likely USD/MWh, 1,000x too large"
            )
        elif v < PRICE_SLIP_RATIO * lo:
            why = (
                f"below 1/{1 / PRICE_SLIP_RATIO:,.0f} of the cheapest shipped site price "
                f"({lo:g} USD/kWh, data/sites.csv): most likely another unit"
            )
        else:
            continue
        out.append((("sites", i, "electricity_usd_per_kwh"), f"{v:g} USD/kWh is {why}"))
    return out


def pue_above_published(pue: float | None) -> str | None:
    """The opening of the warning for a PUE above ``pue_max_published``
    (``data/energy_parameters.csv``), its parenthesis left open for the caller's words;
    None when the PUE is within it, not given, or the data set has no such row. Shared
    by the site check above and the scenario's own ``pue``
    (:mod:`tigris.scenario.checks_pue`).

    Parameters
    ----------
    pue : float or None
        A PUE (facility power / IT power, >= 1); None for one not given.

    Returns
    -------
    str or None
        The warning's opening, ending inside an open parenthesis, or None.

    Examples
    --------
    >>> pue_above_published(1.2) is None, pue_above_published(None) is None
    (True, True)
    >>> pue_above_published(4.0).split(" (")[0]
    '4 is above 2.5, the highest industry-average PUE published'
    """
    if pue is None:
        return None
    from tigris.energy.data import energy_parameter

    try:
        top = float(energy_parameter("pue_max_published"))
    except TigrisError:  # a data set without the row: nothing to compare with
        return None
    if float(pue) <= top:
        return None
    return (
        f"{float(pue):g} is above {top:g}, the highest industry-average PUE published "
        "(Uptime Institute survey, 2007; about 1.58 since 2018"
    )


def gas_cap_below_a_module(parts: Parts) -> Found:
    """A ``datacenters.gas_mw_per_year_max`` above 0 and below the facility MW of the
    smallest module that burns fuel on site the scenario may start: legal, but the cap
    then forbids every such module, as 0 would, and 0 says so plainly.

    A type burns fuel when ``data/datacenter_types.csv`` gives it a
    ``heat_rate_btu_per_kwh`` > 0 (``datacenter-gas``). Its module is sized as the plan
    sizes it (docs/energy.md, "Scenario"): a site's ``module_capacity`` for the type,
    else the scenario's facility's ``module_capacity``, else the table's ``module_mw``
    (100 MW for ``datacenter-gas``), over the sites that may start one (``max_modules``
    not 0, the type in their ``facilities`` if listed). User test 2026-12-05: the table's
    100 MW was used whatever the scenario said, so a cap of 150 under 200 MW modules
    was not warned of, and one of 80 over 50 MW modules was.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        At ``datacenters.gas_mw_per_year_max``.

    References
    ----------
    ``docs/energy.md``, "On-site gas: fuel and supply" (``gas-build-upper`` counts a
    module's whole MW in the year it first runs).
    """
    dc = parts.datacenters
    cap = None if dc is None else dc.gas_mw_per_year_max
    if cap is None or not cap > 0 or not {"sites", "facilities"} <= parts.complete:
        return []
    from tigris.energy.data import datacenter_type
    from tigris.scenario.checks import facility_id

    sizes: dict[str, float] = {}  # type id -> smallest module a site may start [MW]
    for _, fac in parts.facilities:
        fid = facility_id(fac.kind, fac.node, fac.power)
        try:
            row = datacenter_type(fid)
        except TigrisError:  # not a data-centre type
            continue
        rate = float(row.get("heat_rate_btu_per_kwh", math.nan))
        if not (math.isfinite(rate) and rate > 0):
            continue
        default = float(fac.module_capacity or row["module_mw"])
        for _, site in parts.sites:
            barred = site.facilities is not None and fid not in site.facilities
            if site.max_modules == 0 or barred:
                continue
            mw = float(site.module_capacity.get(fid, default))
            sizes[fid] = min(sizes.get(fid, mw), mw)
    if not sizes or float(cap) >= min(sizes.values()):
        return []
    fid, mw = min(sizes.items(), key=lambda kv: kv[1])
    msg = (
        f"{float(cap):g} MW a year is below one on-site gas module ({mw:g} MW, the "
        f"smallest {fid} module a site may start): gas-build-upper counts a module's whole "
        "MW in the year it first runs, so no such module can be built, as with 0 "
        "(docs/energy.md, 'On-site gas: fuel and supply')"
    )
    return [(("datacenters", "gas_mw_per_year_max"), msg)]


def legacy_fleet_gap(parts: Parts) -> Found:
    """A horizon that starts after the year following the last published shipments.

    The fleet installed before the horizon (:func:`tigris.energy.fleet.legacy_fleet`)
    is the published shipments of ``data/accelerator_shipments.csv`` (in-sample rows,
    2022-2025) delivered before ``horizon.first_year``. A horizon starting later (2028)
    leaves the deliveries of the years in between (2026-2027) out of every fleet: not
    the legacy (no shipments published) and not the plan's (before the horizon). The
    data-centre capacity table grows for them all the same, so the plan sees that
    capacity as free, and its power, energy and CO2 are too small (user test
    2026-12-08: the reference from 2028 needed 54.3 GW in 2028 with 63.5 GW online,
    where from 2026 it needs all of its 64.0 GW). Legal, so a warning at
    ``horizon.first_year``, with the capacity the table adds in those years.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    list of (location, message)
        At ``horizon.first_year``; empty when the horizon starts at most one year after
        the last published shipments, or the plan counts no installed fleet (neither a
        ``datacenter`` facility nor a ``datacenters`` block, or ``datacenters.baseline:
        none`` without ``existing_mw``).

    References
    ----------
    ``docs/energy.md``, "Fleet and energy" (the legacy fleet) and "Data" (the capacity
    table's end-of-year stocks).
    """
    years = parts.years
    if not len(years):
        return []
    dc = parts.datacenters
    # power is modelled with a datacenter facility or a datacenters block (docs/energy.md,
    # "The power constraint"), and the installed fleet then counted
    has_dc = dc is not None or any(fac.kind == "datacenter" for _, fac in parts.facilities)
    if not has_dc or (dc is not None and dc.baseline == "none" and dc.existing_mw is None):
        return []
    from tigris.data import load_rows

    try:  # the rows tigris.world.demand.shipments_h100e reads (role "in-sample")
        rows = load_rows("accelerator_shipments")
        last = max(int(r["year"]) for r in rows if r["role"] == "in-sample")
    except (TigrisError, KeyError, ValueError):  # the data's own problem, reported elsewhere
        return []
    first = int(years[0])
    if first <= last + 1:
        return []
    from tigris.energy.data import datacenter_capacity_mw

    gap = f"{last + 1}" if first == last + 2 else f"{last + 1}–{first - 1}"
    added = ""
    if dc is None or dc.existing_mw is None:
        ends = [datacenter_capacity_mw(y, basis="end-of-year") for y in (last, first - 1)]
        grown = sum(map(float, ends[1].values())) - sum(map(float, ends[0].values()))
        added = (
            f"; data/datacenter_capacity.csv adds {grown / _MW_PER_GW:,.1f} GW of AI "
            f"capacity from the end of {last} to the end of {first - 1} for them, which the "
            "plan then counts as free"
        )
    msg = (
        f"the fleet installed before {first} counts the published shipments up to {last} "
        f"only (data/accelerator_shipments.csv); deliveries of {gap} are in no fleet "
        f"(before the horizon, and none published), so the power, energy and CO2 they "
        f"draw from {first} on are left out{added}; start the horizon in {last + 1} for "
        "a complete fleet (docs/energy.md, 'Fleet and energy')"
    )
    return [(("horizon", "first_year"), msg)]
