"""Disruptions: named events a plan may meet, and what they cost it (``docs/risk.md``).

A scenario's ``disruptions:`` list names events (checked in
:mod:`tigris.scenario.checks_disrupt`; a plan ignores them). :func:`disrupt` solves the
scenario three times:

``base``
    the plan as made, no disruption;
``fixed``
    the disruption applied with every build of the base plan fixed (``min_build =
    max_build``, :func:`tigris.plan.fixed.fix_builds`): what the disruption costs the
    plan as made, which may only change production, unmet demand and capital draws;
``reoptimised``
    the builds started before the event's ``start_year`` fixed, later ones free: what a
    planner who learns of the event at its start would do.

The kinds (:func:`apply_disruption` changes the :class:`~tigris.plan.inputs.PlanInputs`):

``region_outage`` (``region``, ``start_year``, ``months``)
    The region's wafer output is out for ``months`` from 1 January of ``start_year``:
    in each year the share ``min(max(months − 12·(year − start_year), 0), 12) / 12``
    is removed, both of the incumbents' existing capacity located there (the lines of
    ``data/incumbent_capacity.csv`` at the region's sites, by part) and of the output of
    modules built at the region's sites (``PlanInputs.site_availability``). A region is
    a site of ``data/sites.csv`` (``taiwan``, aliases too) or an energy region of
    ``data/site_regions.csv`` (``asia-pacific``: all its sites). Capacity a scenario
    gives as its own map (``supply.logic_wspm``, ``cowos_wspm``, ``hbm_wspm``) has no
    location and is not removed (the result's notes say so); data-centre MW are not
    wafer output and are not removed either.
``euv_cut`` (``share``, ``start_year``, ``years``)
    The EUV scanners (low-NA and High-NA) available to new builds fall by ``share`` in
    ``years`` years from ``start_year``. A fixed build that can no longer be tooled may
    be cancelled in those years (its slot is capped at the plan's modules, floor 0):
    the fixed plan keeps every build it can.
``capital_withdrawn`` (``capital``, ``start_year``)
    The named source (a ``capital:`` entry) releases nothing from ``start_year`` on;
    money it released before and not yet spent stays (it was paid in), including the
    tranches of years before the horizon (which the plan's first year holds, as
    :meth:`~tigris.scenario.schema.CapitalSource.by_year`). Fixed builds
    that can then no longer be paid are not refused: the least extra money that pays
    for them, ``E[t] = max(0, max_{τ ≤ t} (spent[τ] − available[τ]))`` in cumulative
    terms per owner, is added as a source ``funding gap (<owner>)`` and reported as the
    funding gap [USD]. The re-optimised plan gets only the gap of the builds it keeps
    (those started before ``start_year``): a planner re-plans with the money there is,
    so with a withdrawal the fixed plan (paid by the larger gap) may cost less than the
    re-optimised one; the two gaps say by how much money.
``export_control`` (``product``, ``start_year``, ``region`` optional)
    The product may not be made or delivered from ``start_year`` on. The planner has
    one world demand pool (demand is not placed by market), so a ban on delivering a
    product to a region removes it from the plan's whole market: an upper bound on the
    ban's cost; ``region`` names the market for the record.

Every run solves with the counterfactual off and without explanations. The plan as made
is re-solved with its builds fixed (production is then an LP, solved exactly) and kept
if better, so that a MIP gap does not show up as a disruption's cost or gain. With a
MIP gap the re-optimised solve might return a plan worse than the fixed one, which is
feasible for it (same money): the better of the two is kept (noted), so ``reoptimised
≤ fixed`` holds whenever the two get the same money (every kind but a withdrawal whose
gap grows after ``start_year``).

Only pydantic and numpy are imported at module import; the planner when solving.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, Field, model_validator

from tigris.errors import InputError, Problem
from tigris.units import MONTHS_PER_YEAR
from tigris.yamlio import MAX_NAME_CHARS, STRICT_MODEL, tagged_union

if TYPE_CHECKING:
    from tigris.plan.inputs import PlanInputs
    from tigris.plan.result import PlanResult
    from tigris.scenario import Scenario

__all__ = [
    "EVENT_MODELS",
    "KINDS",
    "CapitalWithdrawn",
    "Disruption",
    "DisruptionResult",
    "EuvCut",
    "ExportControl",
    "RegionOutage",
    "apply_disruption",
    "delivered_by_year",
    "disrupt",
    "event_words",
    "event_years",
    "find_disruption",
    "fixed_inputs",
    "funding_gap",
    "gap_builds",
    "gap_sentence",
    "in_service_h100e_years",
    "lead_sentences",
    "loss_words",
    "outage_share",
    "past_horizon",
    "region_names",
    "region_sites",
    "stages_removed",
    "wafer_capacity",
]

#: The kinds of disruption, the ``kind`` of an entry.
KINDS = ("region_outage", "euv_cut", "capital_withdrawn", "export_control")
#: Longest outage [months] (a horizon's worth: longer removes nothing more).
MAX_OUTAGE_MONTHS = 1200
#: Funding gaps below this are rounding, not a gap [USD].
GAP_TOL_USD = 1.0
#: Relative slack of "no worse" between two solves of the same problem [-].
_REL_TOL = 1e-9
#: The last base plan :func:`disrupt` made exact (re-solved with its builds fixed), so a
#: caller passing it back for the next disruption does not re-solve it.
_EXACT: list[Any] = []
#: Name of the source that pays an owner's funding gap.
GAP_SOURCE = "funding gap ({owner})"

_Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME_CHARS)]


class _Event(BaseModel):
    """What every disruption has: a ``name``, a ``start_year`` and a ``source``; and,
    optionally, the ``probability`` of the event over the horizon [-], which weights it
    among the futures of a stochastic plan (``tigris risk --stochastic``;
    :func:`tigris.risk.stochastic.future_weights`), with ``probability_source``: a
    citation, or words saying it is the user's own judgement (required with it: every
    number has a source)."""

    model_config = STRICT_MODEL

    name: _Name
    start_year: int
    source: str = ""
    probability: float | None = Field(default=None, gt=0, lt=1)
    probability_source: str = ""

    @model_validator(mode="after")
    def _probability_has_a_source(self) -> _Event:
        if self.probability is not None and not self.probability_source.strip():
            msg = (
                "a probability needs probability_source: a citation, or words saying it "
                "is your own judgement"
            )
            raise ValueError(msg)
        return self


class RegionOutage(_Event):
    """A region's wafer output out for ``months`` from 1 January of ``start_year``."""

    kind: Literal["region_outage"] = "region_outage"
    region: _Name
    months: float = Field(gt=0, le=MAX_OUTAGE_MONTHS)


class EuvCut(_Event):
    """EUV scanners available fall by ``share`` for ``years`` from ``start_year``."""

    kind: Literal["euv_cut"] = "euv_cut"
    share: float = Field(gt=0, le=1)
    years: int = Field(ge=1, le=MAX_OUTAGE_MONTHS // MONTHS_PER_YEAR)


class CapitalWithdrawn(_Event):
    """A capital source releases nothing from ``start_year`` on."""

    kind: Literal["capital_withdrawn"] = "capital_withdrawn"
    capital: _Name


class ExportControl(_Event):
    """A product may not be made or delivered from ``start_year`` on."""

    kind: Literal["export_control"] = "export_control"
    product: _Name
    region: _Name | None = None


#: The model of each ``kind`` of disruption.
EVENT_MODELS: dict[str, type[BaseModel]] = {
    "region_outage": RegionOutage,
    "euv_cut": EuvCut,
    "capital_withdrawn": CapitalWithdrawn,
    "export_control": ExportControl,
}
#: One entry of a scenario's ``disruptions`` list, chosen by ``kind``.
Disruption = tagged_union("kind", EVENT_MODELS, "An event")


# --- regions ------------------------------------------------------------------------


def region_names() -> list[str]:
    """Names a disruption's ``region`` may take: the sites of ``data/sites.csv``, then
    the energy regions (``data/site_regions.csv``).

    Returns
    -------
    list of str
        The site names, sorted, then the energy regions not already named, no repeats.
    """
    from tigris.energy.data import REGIONS
    from tigris.scenario.checks import _site_table

    return list(dict.fromkeys([*sorted(set(_site_table().values())), *REGIONS]))


def region_sites(region: str, extra: Mapping[str, str] | None = None) -> tuple[str, ...] | None:
    """The ``data/sites.csv`` sites of a region, or ``None`` if the name is unknown.

    Parameters
    ----------
    region : str
        An energy region: every site in it (a name that is both a region and a site or
        alias, ``china``, ``usa``, is the region); else a site (or alias): that site
        alone.
    extra : mapping, optional
        Site -> region for sites whose scenario entry gives its own ``region``.

    Returns
    -------
    tuple of str or None
        The sites, sorted (one for a site); None for a name neither a site nor a region.

    Examples
    --------
    >>> region_sites("tw")
    ('taiwan',)
    >>> "japan" in region_sites("asia-pacific")
    True
    >>> region_sites("usa")
    ('arizona-usa', 'texas-usa')
    """
    from tigris.energy.data import REGIONS, _site_regions
    from tigris.scenario.checks import resolve_site

    name = region.strip().lower()
    if name in REGIONS:  # before a site of the same name or alias: "china" is a site
        # and the region holding it, "usa" an alias of arizona-usa and the region of it
        # and texas-usa; the region is every site in it (user test 2026-12-07, export
        # controls #1: an outage of "china" or "usa" took one site)
        table = {**_site_regions(), **(extra or {})}
        return tuple(sorted(s for s, r in table.items() if r == name))
    site = resolve_site(region)
    return None if site is None else (site,)


def outage_share(years: np.ndarray, start_year: int, months: float) -> np.ndarray:
    """(T,) share of each year's output an outage removes [-].

    ``min(max(months − 12 · (year − start_year), 0), 12) / 12``: the outage starts on
    1 January of ``start_year``; a year it covers in part loses ``months/12`` of it.

    Parameters
    ----------
    years : numpy.ndarray
        (T,) calendar years [year].
    start_year : int
        Year the outage starts, on 1 January [year].
    months : float
        Length of the outage [months].

    Returns
    -------
    numpy.ndarray
        (T,) share of each year's output removed, 0–1 [-].

    References
    ----------
    ``docs/risk.md``, "Disruptions" (``region_outage``).

    Examples
    --------
    >>> outage_share(np.array([2027, 2028, 2029, 2030]), 2028, 18).tolist()
    [0.0, 1.0, 0.5, 0.0]
    """
    years = np.asarray(years, dtype=float)
    out = np.clip(months - MONTHS_PER_YEAR * (years - start_year), 0.0, MONTHS_PER_YEAR)
    return np.where(years >= start_year, out / MONTHS_PER_YEAR, 0.0)


def past_horizon(event: Any, last_year: int) -> str | None:
    """A sentence when a region outage's ``months`` or an EUV cut's ``years`` run past
    the horizon's last year, saying which years are counted; else ``None``.

    The planner has no year after ``last_year``, so the event's months or years after
    it are not counted (:func:`outage_share` of the horizon's years; user test
    UT-POLICY #6: they were cut without a word).

    Parameters
    ----------
    event : Any
        A disruption of the scenario (only a ``RegionOutage`` or an ``EuvCut`` can run past).
    last_year : int
        The horizon's last year [year].

    Returns
    -------
    str or None
        ``runs past the horizon (it ends in ...): only ... are counted, ...``; None when it
        ends in the horizon, starts after it, or is of another kind.

    Examples
    --------
    >>> e = RegionOutage(name="t", region="taiwan", start_year=2028, months=100)
    >>> past_horizon(e, 2035).split(": ")[1]
    'only 2028–2035 are counted, 96 of its 100 months'
    >>> past_horizon(e, 2036) is None
    True
    """
    if event.start_year > last_year:
        return None  # outside the horizon: the check's error, not this
    room = last_year + 1 - event.start_year  # years from the start to the horizon's end
    if isinstance(event, RegionOutage):
        if event.months <= MONTHS_PER_YEAR * room:
            return None
        end = event.start_year + math.ceil(event.months / MONTHS_PER_YEAR) - 1
        counted = f"{MONTHS_PER_YEAR * room:g} of its {event.months:g} months"
    elif isinstance(event, EuvCut):
        if event.years <= room:
            return None
        end = event.start_year + event.years - 1
        counted = f"{room} of its {event.years} years"
    else:
        return None
    span = f"{event.start_year}–{last_year}" if last_year > event.start_year else str(last_year)
    return (
        f"runs past the horizon (it ends in {end}, the horizon in {last_year}): only "
        f"{span} are counted, {counted}"
    )


def _located_existing(
    sc: Scenario, inp: PlanInputs, sites: tuple[str, ...]
) -> tuple[dict[str, np.ndarray], list[str]]:
    """The incumbents' capacity at ``sites`` by part (``existing_parts`` names), (K, T)
    each [wspm], and the facility ids whose existing capacity has no location (the
    scenario's own maps, which replace the baseline's)."""
    from tigris.scenario.checks import facility_id
    from tigris.world.incumbents import ANNOUNCED, EXISTING, _lines, _path_average

    n_k, n_t = len(inp.facilities), len(inp.years)
    parts = {EXISTING: np.zeros((n_k, n_t)), ANNOUNCED: np.zeros((n_k, n_t))}
    own = {facility_id("logic", n) for n in sc.supply.logic_wspm}
    own |= {f for f in ("cowos", "hbm") if getattr(sc.supply, f"{f}_wspm") is not None}
    unlocated = [f for f in inp.facilities if f in own]
    if sc.supply.baseline is None:  # every wafer line is the scenario's own
        return parts, unlocated
    years = np.asarray(inp.years, dtype=int)
    for line in _lines(sc.supply.baseline):
        fid = line["fid"]
        if fid not in inp.facilities or fid in own or line["site"] not in sites:
            continue
        k = inp.facilities.index(fid)
        # the same year average as incumbents.existing_split (dated points included)
        for part, col in ((EXISTING, "knot_existing_ai"), (ANNOUNCED, "knot_announced_ai")):
            parts[part][k] += _path_average(line["knots"], line[col], years, 1.0, 0.0)
    return parts, unlocated


# --- applying an event --------------------------------------------------------------


def _physical(site: str) -> str:
    """The ``data/sites.csv`` site of a plan site (``tsmc@taiwan`` -> ``taiwan``)."""
    return site.rsplit("@", 1)[-1]


def _window(inp: PlanInputs, start: int, years: int | None = None) -> np.ndarray:
    y = np.asarray(inp.years, dtype=int)
    return (y >= start) if years is None else (y >= start) & (y < start + years)


def apply_disruption(inp: PlanInputs, event: Any, sc: Scenario) -> PlanInputs:
    """``inp`` with the disruption applied (the module docstring says how, per kind).

    Parameters
    ----------
    inp : PlanInputs
        The scenario's problem (:func:`tigris.plan.assemble.assemble`).
    event : RegionOutage, EuvCut, CapitalWithdrawn or ExportControl
        One entry of ``sc.disruptions``.
    sc : Scenario
        The scenario (where capacity is, its sites' regions).

    Returns
    -------
    PlanInputs
        A copy; the disruption noted in ``notes``.

    Raises
    ------
    InputError
        A name the problem does not have (field ``disruptions.<name>.<field>``).
    """
    where = f"disruptions.{event.name}"
    if isinstance(event, RegionOutage):
        from tigris.scenario.checks import resolve_site

        extra = {(resolve_site(s.name) or s.name): s.region for s in sc.sites if s.region}
        sites = region_sites(event.region, extra)
        if sites is None:
            raise InputError(Problem(f"{where}.region", f"unknown region '{event.region}'"))
        share = outage_share(inp.years, event.start_year, event.months)  # (T,)
        parts, unlocated = _located_existing(sc, inp, sites)
        base_parts = inp.existing_parts
        new_parts = None
        if base_parts is not None:
            new_parts = {
                name: np.maximum(v - share * parts.get(name, 0.0), 0.0)
                for name, v in base_parts.items()
            }
        removed = share * sum(parts.values())
        existing = np.maximum(np.asarray(inp.existing, float) - removed, 0.0)
        if new_parts is not None:
            existing = sum(new_parts.values())
        hit = np.array([_physical(s) in sites for s in inp.sites], dtype=bool)
        avail = (
            np.ones((len(inp.sites), len(inp.years)))
            if inp.site_availability is None
            else np.asarray(inp.site_availability, float)
        )
        avail = np.where(hit[:, None], avail * (1.0 - share)[None, :], avail)
        note = (
            f"disruption {event.name}: {event.region} out {event.months:g} months from "
            f"{event.start_year}"
        )
        if unlocated:
            note += f" (existing {', '.join(unlocated)} has no location: not removed)"
        cut = past_horizon(event, int(np.max(inp.years))) if len(inp.years) else None
        if cut:
            note += f"; it {cut}"
        return inp.replace(
            existing=existing,
            existing_parts=new_parts,
            site_availability=avail,
            notes=(*inp.notes, note),
        )
    if isinstance(event, EuvCut):
        keep = np.where(_window(inp, event.start_year, event.years), 1.0 - event.share, 1.0)
        note = (
            f"disruption {event.name}: EUV supply cut by {event.share:.0%} for "
            f"{event.years} years from {event.start_year}"
        )
        cut = past_horizon(event, int(np.max(inp.years))) if len(inp.years) else None
        if cut:
            note += f"; it {cut}"
        return inp.replace(
            euv_supply=np.asarray(inp.euv_supply, float) * keep,
            high_na_supply=np.asarray(inp.high_na_supply, float) * keep,
            notes=(*inp.notes, note),
        )
    if isinstance(event, CapitalWithdrawn):
        if event.capital not in inp.sources:
            raise InputError(
                Problem(f"{where}.capital", f"unknown capital source '{event.capital}'")
            )
        f = inp.sources.index(event.capital)
        capital = np.array(inp.capital_usd, dtype=float)
        kept = _released_before_horizon(sc, event.capital, inp.years)
        capital[f, _window(inp, event.start_year)] = 0.0
        if len(inp.years) and event.start_year <= int(inp.years[0]):
            # the first column holds the money released before the horizon too
            # (CapitalSource.by_year): that was paid in before the event and stays
            capital[f, 0] = min(kept, float(np.asarray(inp.capital_usd, float)[f, 0]))
        note = f"disruption {event.name}: {event.capital} releases nothing from {event.start_year}"
        if capital[f, 0] > GAP_TOL_USD and event.start_year <= int(inp.years[0]):
            note += f" ({_money(capital[f, 0])} released before {int(inp.years[0])} stays)"
        return inp.replace(capital_usd=capital, notes=(*inp.notes, note))
    if isinstance(event, ExportControl):
        if event.product not in inp.products:
            raise InputError(Problem(f"{where}.product", f"unknown product '{event.product}'"))
        p = inp.products.index(event.product)
        available = np.array(inp.available, dtype=bool)
        available[p, _window(inp, event.start_year)] = False
        note = f"disruption {event.name}: {event.product} barred from {event.start_year}"
        return inp.replace(available=available, notes=(*inp.notes, note))
    raise InputError(Problem(f"{where}.kind", f"expected one of {', '.join(KINDS)}"))


def _released_before_horizon(sc: Scenario, name: str, years: np.ndarray) -> float:
    """Money the scenario's capital source ``name`` released before the first planning
    year [USD] (0 for a source the scenario does not list, such as an incumbent's).

    :meth:`tigris.scenario.schema.CapitalSource.by_year` adds it to the first year's
    release; here the source's schedule is read over years reaching back to its first
    release, and the years before the horizon summed.
    """
    source = next((c for c in sc.capital if c.name == name), None)
    if source is None or not len(years):
        return 0.0
    first = int(years[0])
    starts = [first]
    if source.first_year is not None:
        starts.append(int(source.first_year))
    if source.usd_by_year:
        starts.append(min(int(y) for y in source.usd_by_year))
    span = np.arange(min(starts), int(years[-1]) + 1)
    return float(source.by_year(span)[span < first].sum())


# --- the fixed and re-optimised problems --------------------------------------------


def _fixed_slots(inp: PlanInputs) -> np.ndarray:
    """(S, K, T) modules on the slots fixed exactly (``min_build == max_build``)."""
    if inp.min_build is None or inp.max_build is None:
        return np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    lo, hi = np.asarray(inp.min_build, float), np.asarray(inp.max_build, float)
    return np.where(lo == hi, lo, 0.0)


def funding_gap(inp: PlanInputs) -> dict[str, np.ndarray]:
    """Least extra money each owner needs, by year, to pay for its fixed builds [USD].

    With ``spent[t]`` the net capex of the owner's fixed builds in year ``t``
    (:func:`tigris.plan.model.capex_by_year`) and ``available[t]`` its sources' capital,
    both cumulative, the extra money released by year ``t`` must be at least
    ``E[t] = max(0, max_{τ ≤ t} (spent[τ] − available[τ]))`` (the ledger pools an
    owner's sources with carry-over, ``docs/plan.md``), and ``E`` released as
    ``E[t] − E[t − 1]`` suffices. Owners with no gap are left out.

    Parameters
    ----------
    inp : PlanInputs
        The planning problem: its fixed builds and their net capex [USD/module], each
        site's and capital source's owner, and ``capital_usd`` (F, T) capital each
        source makes available in each year [USD].

    Returns
    -------
    dict of str to numpy.ndarray
        Owner -> (T,) least extra money to release in each year [USD/year]; owners
        whose sources cover their builds (within ``GAP_TOL_USD``) are left out.

    References
    ----------
    ``docs/plan.md``, "Capital" (cumulative draws ≤ cumulative availability).
    """
    from tigris.plan.model import capex_by_year, net_capex_usd

    spent = capex_by_year(_fixed_slots(inp), inp.spend, net_capex_usd(inp))  # (S, K, T)
    out = {}
    for owner in inp.owners:
        mine = np.array([o == owner for o in inp.site_owner], dtype=bool)
        money = np.array([o == owner for o in inp.source_owner], dtype=bool)
        need = np.cumsum(spent[mine].sum(axis=(0, 1)))
        have = np.cumsum(np.asarray(inp.capital_usd, float)[money].sum(axis=0))
        short = np.maximum.accumulate(np.maximum(need - have, 0.0))
        if short[-1] > GAP_TOL_USD:
            out[owner] = np.diff(short, prepend=0.0)
    return out


def gap_builds(inp: PlanInputs, start_year: int) -> dict[str, dict[str, Any]]:
    """Which fixed builds each owner's funding gap belongs to (:func:`funding_gap`).

    The money of an added ``funding gap (<owner>)`` source (:func:`_with_gap`) is not
    counted. For an owner short of money, ``t*`` is the year its cumulative shortfall
    ``need[t] − have[t]`` peaks (the gap, ``E[T]``, :func:`funding_gap`). Before
    ``start_year`` the plan as made was paid for, so the gap is the net capex the fixed
    builds spend in ``start_year … t*`` less what the owner has for it: the money left
    over from before ``start_year`` (``have − need`` at ``start_year − 1``, never below
    0) plus what its sources release in ``start_year … t*``. The builds listed are
    those spending in ``start_year … t*``, largest first, with that spending.

    Parameters
    ----------
    inp : PlanInputs
        The fixed problem (:func:`fixed_inputs`), its funding-gap sources included.
    start_year : int
        The event's first year [year].

    Returns
    -------
    dict
        owner -> ``{"gap_usd", "from_year", "to_year", "spent_usd", "available_usd",
        "builds": [{"site", "facility", "start_year", "modules", "spent_usd",
        "spent_before_usd"}]}`` [USD, year, modules]; ``spent_before_usd`` is what the
        build spent before ``start_year`` (0 for a build started before the event that
        had not spent anything yet: its spending all falls after the event); owners with
        no gap are left out.

    References
    ----------
    ``docs/plan.md``, "Capital" (cumulative draws ≤ cumulative availability);
    ``docs/risk.md``, ``capital_withdrawn``.
    """
    from tigris.plan.model import capex_by_year, net_capex_usd

    slots = _fixed_slots(inp)
    years = np.asarray(inp.years, int)
    spend, capex = inp.spend, net_capex_usd(inp)
    spent = capex_by_year(slots, spend, capex)  # (S, K, T)
    out: dict[str, dict[str, Any]] = {}
    gap_names = {GAP_SOURCE.format(owner=o) for o in inp.owners}
    for owner in inp.owners:
        mine = np.array([o == owner for o in inp.site_owner], dtype=bool)
        money = np.array(
            [
                o == owner and n not in gap_names
                for o, n in zip(inp.source_owner, inp.sources, strict=True)
            ],
            dtype=bool,
        )
        need_t = spent[mine].sum(axis=(0, 1))
        have_t = np.asarray(inp.capital_usd, float)[money].sum(axis=0)
        short = np.cumsum(need_t) - np.cumsum(have_t)
        if short.max(initial=0.0) <= GAP_TOL_USD:
            continue
        last = int(np.argmax(short))
        first = int(np.searchsorted(years, start_year))
        first = min(first, last)
        left = max(0.0, -float(short[first - 1])) if first > 0 else 0.0
        window = slice(first, last + 1)
        rows = []
        for s, k, t in zip(*np.nonzero(slots), strict=True):
            if not mine[s]:
                continue
            one = np.zeros_like(slots)
            one[s, k, t] = slots[s, k, t]
            by_year = capex_by_year(one, spend, capex)[s, k]
            usd = float(by_year[window].sum())
            if usd > GAP_TOL_USD:
                rows.append(
                    {
                        "site": str(inp.sites[s]),
                        "facility": str(inp.facilities[k]),
                        "start_year": int(years[t]),
                        "modules": float(slots[s, k, t]),
                        "spent_usd": usd,
                        "spent_before_usd": float(by_year[:first].sum()),
                    }
                )
        rows.sort(key=lambda r: -r["spent_usd"])
        spent_w = float(need_t[window].sum())
        available = left + float(have_t[window].sum())
        out[owner] = {
            "gap_usd": spent_w - available,
            "from_year": int(years[first]),
            "to_year": int(years[last]),
            "spent_usd": spent_w,
            "available_usd": available,
            "builds": rows,
        }
    return out


def gap_sentence(what: str, owner: str, d: Mapping[str, Any], start_year: int) -> str:
    """One sentence: where ``owner``'s funding gap ``d`` (:func:`gap_builds`) comes
    from, naming the builds that spend in the gap's years.

    Parameters
    ----------
    what : str
        The plan the gap is of, as printed (``builds fixed``).
    owner : str
        The owner short of money.
    d : mapping
        Its entry of :func:`gap_builds` [USD, year, modules].
    start_year : int
        The event's first year [year].

    Returns
    -------
    str
        The gap, the fixed builds' spending and the money available in the gap's years,
        then each build with its site, type, modules, start year and spending.
    """
    span = (
        f"{d['from_year']}–{d['to_year']}" if d["to_year"] > d["from_year"] else str(d["from_year"])
    )

    def started(r: Mapping[str, Any]) -> str:
        # a build "started" before the event that had spent nothing by then (e.g. a
        # grid data centre whose capex comes late): it is kept fixed as started, though
        # all of its money falls after the event, so say so
        idle = r["start_year"] < start_year and r.get("spent_before_usd", 1.0) <= GAP_TOL_USD
        tail = f", nothing spent before {start_year}" if idle else ""
        return f"(started {r['start_year']}{tail})"

    builds = "; ".join(
        f"{r['site']} {r['facility']} ×{r['modules']:g} {started(r)} {_money(r['spent_usd'])}"
        for r in d["builds"]
    )
    return (
        f"{what}: the funding gap of {_money(d['gap_usd'])} ({owner}) is the fixed builds' "
        f"{_money(d['spent_usd'])} spent in {span} against {_money(d['available_usd'])} "
        f"available (left over from before {start_year} and released in {span}); the "
        f"builds spending then: {builds}"
    )


def _with_gap(inp: PlanInputs) -> tuple[PlanInputs, float]:
    """``inp`` with a ``funding gap (<owner>)`` source paying each owner's gap
    (:func:`funding_gap`), and the gap's total [USD]."""
    gaps = funding_gap(inp)
    if not gaps:
        return inp, 0.0
    names = tuple(GAP_SOURCE.format(owner=o) for o in gaps)
    capital = np.vstack([np.asarray(inp.capital_usd, float), *gaps.values()])
    total = float(sum(g.sum() for g in gaps.values()))
    note = f"funding gap: {_money(total)} added to pay for the fixed builds"
    return (
        inp.replace(
            sources=(*inp.sources, *names),
            source_owner=(*inp.source_owner, *gaps),
            capital_usd=capital,
            notes=(*inp.notes, note),
        ),
        total,
    )


def _untooled(inp: PlanInputs, builds: np.ndarray) -> np.ndarray:
    """(T,) years in which ``builds`` need more scanners than the supply (EUV or
    High-NA)."""
    out = np.zeros(len(inp.years), dtype=bool)
    for need, supply in ((inp.euv_tools, inp.euv_supply), (inp.high_na_tools, inp.high_na_supply)):
        used = np.einsum("skt,sk->t", builds, np.asarray(need, float))
        out |= used > np.asarray(supply, float) * (1 + _REL_TOL) + _REL_TOL
    return out


def fixed_inputs(
    hit: PlanInputs, builds: np.ndarray, through_year: int | None = None
) -> tuple[PlanInputs, float]:
    """The disrupted problem ``hit`` with ``builds`` fixed (through ``through_year``),
    and the funding gap [USD].

    Fixed slots in years whose builds can no longer be tooled (an EUV cut) are capped
    at the plan's modules with floor 0 (they may be cancelled, not moved or added); an
    owner that can no longer pay its fixed builds gets the least extra money that does
    (:func:`funding_gap`).

    Parameters
    ----------
    hit : PlanInputs
        The problem with the event applied.
    builds : np.ndarray
        The plan as made's builds, shape (S, K, T) [modules].
    through_year : int or None, optional
        Last year whose builds are fixed [year]; None: every year.

    Returns
    -------
    tuple of (PlanInputs, float)
        The fixed problem, with a ``funding gap (<owner>)`` capital source per owner short
        of money; and the gaps' total [USD] (0.0 when none).
    """
    from tigris.plan.fixed import fix_builds

    out = fix_builds(hit, builds, through_year=through_year)
    short = _untooled(
        hit, np.asarray(out.min_build) * (np.asarray(out.max_build) == np.asarray(out.min_build))
    )
    if np.any(short):
        floor = np.zeros_like(builds) if hit.min_build is None else np.asarray(hit.min_build, float)
        lo = np.where(short[None, None, :], np.minimum(floor, out.min_build), out.min_build)
        out = out.replace(
            min_build=lo,
            notes=(*out.notes, "fixed builds the scanners cannot tool may be cancelled"),
        )
    return _with_gap(out)


# --- the three plans ----------------------------------------------------------------


def find_disruption(sc: Scenario, name: str) -> Any:
    """The scenario's disruption called ``name``.

    Parameters
    ----------
    sc : Scenario
        The scenario, its ``disruptions``.
    name : str
        The disruption's name.

    Returns
    -------
    Any
        The disruption's entry (a ``RegionOutage``, ``EuvCut``, ... of the scenario).

    Raises
    ------
    InputError
        No such disruption (field ``--disruption``, with the closest name).
    """
    from tigris.errors import did_you_mean

    events = list(getattr(sc, "disruptions", []) or [])
    for event in events:
        if event.name == name:
            return event
    names = [e.name for e in events]
    if not names:
        msg = f"unknown disruption '{name}': the scenario declares no disruptions"
    else:
        msg = f"unknown disruption '{name}'{did_you_mean(name, names)}; known: {', '.join(names)}"
    raise InputError(Problem("--disruption", msg))


def _json(value: Any) -> Any:
    """A number JSON can carry: NaN and infinities as ``None``."""
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value


#: Headline numbers reported for each of the three plans (PlanResult.headline()).
_NUMBERS = (
    "objective_usd",
    "cost_usd",
    "penalty_usd",
    "npv_usd",
    "capex_committed_usd",
    "served_h100e",
    "unmet_h100e",
    "unmet_share",
)


@dataclass
class DisruptionResult:
    """A disruption's three plans (:func:`disrupt`).

    Attributes
    ----------
    name, kind : str
        The disruption's name and kind.
    event : dict
        The scenario's entry, as given.
    base : PlanResult
        The plan as made, no disruption.
    fixed : PlanResult
        The disruption applied, every build of ``base`` fixed (what it costs).
    reoptimised : PlanResult
        Builds started before ``start_year`` fixed, later ones re-optimised.
    funding_gap_usd : float
        Extra money the fixed plan's builds need when capital is withdrawn (0
        otherwise), given to it (:func:`funding_gap`) [USD].
    reoptimised_funding_gap_usd : float
        The same for the builds the re-optimised plan keeps (those started before
        ``start_year``); the re-optimised plan gets only this [USD].
    notes : list of str
        What was assumed (unlocated capacity, cancellations, a kept plan).
    in_service_h100e_years : dict
        ``"base"|"fixed"|"reoptimised"`` -> the compute the plan's deliveries keep in
        service within the horizon (:func:`in_service_h100e_years`) [H100e·year].
    redecides : bool
        Whether the plan as made starts any build in ``start_year`` or later, i.e.
        whether re-optimising from the event has a build to cancel or delay; when not,
        the notes say so and the re-optimised plan may only add builds.
    gap_builds : dict
        ``"fixed"|"reoptimised"`` -> :func:`gap_builds` of that plan's fixed builds:
        which builds a funding gap belongs to (empty without a gap).
    event_years : list of int
        The horizon's years the event acts in (:func:`event_years`).
    delivered_h100e : dict
        ``"base"|"fixed"|"reoptimised"`` -> year -> compute the plan delivers that
        year (:func:`delivered_by_year`) [H100e].
    stages : list of dict
        For a region outage, each wafer facility type with capacity in an event year
        and what the outage removes of it (:func:`stages_removed`).
    barred_made_h100e : float or None
        For an export control, the compute of the barred product the plan as made
        delivers from ``start_year`` on (0: the ban changes nothing); ``None`` for the
        other kinds [H100e].
    barred_made_before_h100e : float or None
        For a ban the plan as made meets by making none of the part from ``start_year``
        on, the compute of it the plan delivers over the whole horizon (some before
        the ban, or 0: none at all); ``None`` otherwise [H100e].
    """

    name: str
    kind: str
    event: dict[str, Any]
    base: PlanResult
    fixed: PlanResult
    reoptimised: PlanResult
    funding_gap_usd: float = 0.0
    reoptimised_funding_gap_usd: float = 0.0
    notes: list[str] = field(default_factory=list)
    in_service_h100e_years: dict[str, float] = field(default_factory=dict)
    redecides: bool = True
    gap_builds: dict[str, dict[str, Any]] = field(default_factory=dict)
    event_years: list[int] = field(default_factory=list)
    delivered_h100e: dict[str, dict[int, float]] = field(default_factory=dict)
    stages: list[dict[str, Any]] = field(default_factory=list)
    barred_made_h100e: float | None = None
    barred_made_before_h100e: float | None = None

    def numbers(self) -> dict[str, Any]:
        """Cost and unmet demand of the three plans and the differences.

        ``{"base"|"fixed"|"reoptimised": {headline numbers}, "fixed_loss_usd",
        "reoptimised_loss_usd", "replanning_saves_usd", "fixed_extra_unmet_h100e",
        "reoptimised_extra_unmet_h100e", "funding_gap_usd",
        "reoptimised_funding_gap_usd"}``. A loss is the objective
        made worse: ``cost + penalty`` up for ``serve``, the NPV down for ``npv``
        [USD, H100e summed over the horizon].

        Returns
        -------
        dict of str to Any
            The keys above, and ``fixed_fundable``/``reoptimised_fundable`` (bool),
            ``fixed_extra_unmet_by_year``, ``*_lost_in_service_h100e_years`` [H100e-years],
            ``event_years``, ``base_delivered_in_event_years_h100e`` [H100e],
            ``*_cost_change_usd`` [USD], ``*_lost_delivered_by_year``, ``*_lost_delivered_h100e``
            [H100e], ``*_lost_delivered_share`` [-], ``stages_removed``, ``objective`` and, for
            an export control, ``barred_product_made_h100e`` (and, when it is 0,
            ``barred_product_made_before_h100e``) [H100e]; NaN where undefined.
        """
        plans = {"base": self.base, "fixed": self.fixed, "reoptimised": self.reoptimised}
        out: dict[str, Any] = {}
        for key, res in plans.items():
            nums = res.headline()["numbers"]
            out[key] = {k: float(nums.get(k, math.nan)) for k in _NUMBERS}
            out[key]["status"] = res.status
        sign = -1.0 if self.base.objective == "npv" else 1.0  # a loss is positive
        obj = {k: out[k]["objective_usd"] for k in plans}
        unmet = {k: out[k]["unmet_h100e"] for k in plans}
        fundable = {
            "fixed": self.funding_gap_usd <= GAP_TOL_USD,
            "reoptimised": self.reoptimised_funding_gap_usd <= GAP_TOL_USD,
        }
        out["fixed_loss_usd"] = _delta(sign, obj["fixed"], obj["base"], fundable["fixed"])
        out["reoptimised_loss_usd"] = _delta(
            sign, obj["reoptimised"], obj["base"], fundable["reoptimised"]
        )
        out["replanning_saves_usd"] = _delta(
            sign, obj["fixed"], obj["reoptimised"], all(fundable.values())
        )
        out["fixed_extra_unmet_h100e"] = _delta(1.0, unmet["fixed"], unmet["base"])
        out["reoptimised_extra_unmet_h100e"] = _delta(1.0, unmet["reoptimised"], unmet["base"])
        out["funding_gap_usd"] = float(self.funding_gap_usd)
        out["reoptimised_funding_gap_usd"] = float(self.reoptimised_funding_gap_usd)
        out["fixed_fundable"] = fundable["fixed"]
        out["reoptimised_fundable"] = fundable["reoptimised"]
        out["fixed_extra_unmet_by_year"] = _unmet_by_year(self.fixed, self.base)
        years = self.in_service_h100e_years
        for key in plans:
            out[key]["in_service_h100e_years"] = float(years.get(key, math.nan))
        for key in ("fixed", "reoptimised"):
            out[f"{key}_lost_in_service_h100e_years"] = _delta(
                1.0, years.get("base", math.nan), years.get(key, math.nan)
            )
        out["event_years"] = list(self.event_years)
        given = self.delivered_h100e.get("base") or {}
        base_in = sum(given.get(y, 0.0) for y in self.event_years)
        out["base_delivered_in_event_years_h100e"] = base_in if given else math.nan
        for key in ("fixed", "reoptimised"):
            # none for a plan paid with money the event removed (as its loss)
            out[f"{key}_cost_change_usd"] = _delta(
                1.0, out[key]["cost_usd"], out["base"]["cost_usd"], fundable[key]
            )
            got = self.delivered_h100e.get(key) or {}
            by_year = {y: _delta(1.0, given.get(y, 0.0), got.get(y, 0.0)) for y in self.event_years}
            lost = sum(by_year.values()) if given and got else math.nan
            out[f"{key}_lost_delivered_by_year"] = by_year if given and got else {}
            out[f"{key}_lost_delivered_h100e"] = lost
            out[f"{key}_lost_delivered_share"] = lost / base_in if base_in > 0 else math.nan
            # every year's, the event's and the others' the plan re-times around it
            # the sums' difference through _delta: within the solves' noise is 0, as
            # every other difference (review of 2026-12-07: 5.5e-07 H100e was reported)
            everywhere = {y for y in (*given, *got)}
            out[f"{key}_lost_delivered_horizon_h100e"] = (
                _delta(
                    1.0,
                    sum(given.get(y, 0.0) for y in everywhere),
                    sum(got.get(y, 0.0) for y in everywhere),
                )
                if given and got
                else math.nan
            )
            first = min(self.event_years) if self.event_years else None
            before = [y for y in everywhere if first is not None and y < first]
            out[f"{key}_lost_before_event_h100e"] = (
                _delta(
                    1.0,
                    sum(given.get(y, 0.0) for y in before),
                    sum(got.get(y, 0.0) for y in before),
                )
                if given and got and first is not None
                else math.nan
            )
        out["stages_removed"] = [dict(r) for r in self.stages]
        # what a loss is: the penalty-valued objective (serve) or the NPV lost (npv)
        out["objective"] = self.base.objective
        if self.barred_made_h100e is not None:
            out["barred_product_made_h100e"] = float(self.barred_made_h100e)
        if self.barred_made_before_h100e is not None:
            out["barred_product_made_before_h100e"] = float(self.barred_made_before_h100e)
        return out

    def lead(self) -> list[str]:
        """What the event costs in compute, first, then in money (:func:`lead_sentences`).

        Returns
        -------
        list of str
            The sentences of :func:`lead_sentences`.
        """
        return lead_sentences(self.numbers(), self.event, self.kind)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: ``name``, ``kind``, ``event``, ``numbers`` (NaN as null),
        ``redecides``, ``gap_builds``, ``lead`` and ``notes``.

        Returns
        -------
        dict of str to Any
            ``name``, ``kind``, ``event``, ``numbers``, ``redecides``, ``gap_builds``, ``lead``
            and ``notes``.
        """

        def clean(v: Any) -> Any:
            if isinstance(v, dict):
                return {k: clean(x) for k, x in v.items()}
            if isinstance(v, list):
                return [clean(x) for x in v]
            return _json(v)

        return {
            "name": self.name,
            "kind": self.kind,
            "event": dict(self.event),
            "numbers": clean(self.numbers()),
            "redecides": bool(self.redecides),
            "gap_builds": clean(self.gap_builds),
            "lead": self.lead(),
            "notes": list(self.notes),
        }


def in_service_h100e_years(res: PlanResult, inp: PlanInputs) -> float:
    """Compute the plan's deliveries keep in service within the horizon [H100e·year].

    ``Σ_t Σ_p Σ_{l < L_p} delivered[p, t − l]`` (:func:`tigris.plan.inputs.fleet_in_service`,
    ``L_p`` each product's service life, :meth:`PlanInputs.lifetimes`): the H100e a
    user can run, year by year, summed over the horizon. Unlike "compute served"
    (deliveries, each credited with its whole service life, ``docs/plan.md``, "Timing
    of deliveries under a power pool") it does not count a later cohort's service after
    the horizon. It is not a theorem that an event removing supply lowers it: a later
    cohort much denser per MW can still outweigh the year lost (in the hand problem of
    ``tests/test_plan_timing.py`` only if the third year's part gave more than 4 H100e
    per kW, twice the second's), but it falls on the hand problem and on the reference
    (``docs/risk.md``, "Read the loss in money"). NaN for a plan with no solution.

    Parameters
    ----------
    res : PlanResult
        A solved plan: its ``production`` table's ``h100e`` delivered by product and
        year [H100e].
    inp : PlanInputs
        The planning problem it solved: ``years``, ``products`` and each product's
        service life (:meth:`PlanInputs.lifetimes`) [years].

    Returns
    -------
    float
        H100e in service summed over the horizon's years [H100e·year]; NaN without a
        solution.

    References
    ----------
    Stock-flow accounting of a perpetual inventory (OECD, *Measuring Capital*, 2009,
    ch. 6), as ``docs/plan.md`` counts the fleet in service; ``docs/risk.md``,
    "Disruptions".
    """
    from tigris.plan.inputs import fleet_in_service

    if not res.ok or res.production is None:
        return math.nan
    years, products = list(inp.years), list(inp.products)
    delivered = np.zeros((len(products), len(years)))
    for row in res.production.itertuples(index=False):
        delivered[products.index(row.product), years.index(row.year)] += float(row.h100e)
    return float(fleet_in_service(delivered, inp.lifetimes()).sum())


def delivered_by_year(res: PlanResult, inp: PlanInputs) -> dict[int, float]:
    """Compute the plan delivers in each year, all products [H100e]: the production
    table's ``h100e`` summed by year (the plan's "compute served" by year, under the
    ``delivered`` demand basis, ``docs/plan.md``); empty for a plan with no solution.

    Parameters
    ----------
    res : PlanResult
        The solved plan.
    inp : PlanInputs
        Its problem (its ``years``).

    Returns
    -------
    dict of int to float
        Year -> compute delivered [H100e]; every horizon year, 0.0 where none.
    """
    if not res.ok or res.production is None:
        return {}
    out = {int(y): 0.0 for y in inp.years}
    for row in res.production.itertuples(index=False):
        out[int(row.year)] += float(row.h100e)
    return out


def event_years(event: Any, years: np.ndarray) -> list[int]:
    """The horizon's years the event acts in.

    A region outage: the years it removes some output from (:func:`outage_share` > 0);
    an EUV cut: ``start_year … start_year + years − 1``; a withdrawal or an export
    control: ``start_year`` on. Years past the horizon's end are not counted.

    Parameters
    ----------
    event : Any
        A disruption of the scenario.
    years : np.ndarray
        The horizon's years [year].

    Returns
    -------
    list of int
        The years of ``years`` the event acts in, ascending [year].

    Examples
    --------
    >>> e = RegionOutage(name="t", region="taiwan", start_year=2028, months=18)
    >>> event_years(e, np.arange(2026, 2031))
    [2028, 2029]
    """
    y = np.asarray(years, dtype=int)
    if isinstance(event, RegionOutage):
        return [int(v) for v in y[outage_share(y, event.start_year, event.months) > 0]]
    last = int(y.max(initial=0))
    if isinstance(event, EuvCut):
        last = event.start_year + event.years - 1
    return [int(v) for v in y if event.start_year <= v <= last]


def wafer_capacity(inp: PlanInputs, builds: np.ndarray) -> np.ndarray:
    """(K, T) finished wafers per month each wafer facility type can make: the
    existing output plus the output of ``builds``' modules online, each site's share
    available (``capacity-<kind>-upper``'s right-hand side, :func:`tigris.plan.model.
    add_capacity`); 0 on data-centre rows [wafers per month].

    Parameters
    ----------
    inp : PlanInputs
        The problem (with or without the event).
    builds : np.ndarray
        Modules started per site, facility type and year, shape (S, K, T) [modules].

    Returns
    -------
    np.ndarray
        Capacity, shape (K, T) [wafers per month].

    References
    ----------
    ``docs/plan.md``, "Capacity"; :func:`tigris.plan.model.online_fraction`.
    """
    from tigris.plan.inputs import DATACENTER
    from tigris.plan.model import online_fraction, output_availability

    online = online_fraction(builds, inp.output)  # (S, K, T)
    avail = output_availability(inp)
    if avail is not None:
        online = online * avail
    new = np.einsum("skt,sk->kt", online, inp.module_output)
    cap = np.asarray(inp.existing_output, dtype=float) + new
    wafer = np.asarray(inp.facility_kind) != DATACENTER
    return np.where(wafer[:, None], cap, 0.0)


#: A stage whose capacity in the region is this close to all of it is "all in it" [-].
_WHOLE_TOL = 1e-6


def stages_removed(
    inp: PlanInputs, hit: PlanInputs, builds: np.ndarray, event: Any
) -> list[dict[str, Any]]:
    """What a region outage removes of each wafer facility type's capacity with the
    plan's builds, in each year it acts in.

    ``removed = 1 − cap_hit / cap_base`` and ``in_region = removed / outage_share``
    (:func:`wafer_capacity` of the problem without and with the event): the share of
    the type's capacity located in the region (1: every line of it is there, the
    incumbents' of ``data/incumbent_capacity.csv`` and the plan's modules); with
    ``products_needing`` of ``products_available`` the products the plan may make
    that year whose bill uses the type. Empty for other kinds.

    Parameters
    ----------
    inp : PlanInputs
        The problem without the event.
    hit : PlanInputs
        The problem with it.
    builds : np.ndarray
        The plan's builds, shape (S, K, T) [modules].
    event : Any
        The disruption (only a ``RegionOutage`` gives rows).

    Returns
    -------
    list of dict
        ``{"facility", "year", "capacity_wspm", "removed_share", "in_region_share",
        "products_needing", "products_available"}`` [wafers per month, -, count].
    """
    if not isinstance(event, RegionOutage):
        return []
    years = np.asarray(inp.years, dtype=int)
    share = outage_share(years, event.start_year, event.months)
    before, after = wafer_capacity(inp, builds), wafer_capacity(hit, builds)
    use = np.asarray(inp.use, float)
    available = np.asarray(inp.available, bool)
    rows = []
    for t in np.nonzero(share > 0)[0]:
        for k, fid in enumerate(inp.facilities):
            if before[k, t] <= 0:
                continue
            removed = max(0.0, 1.0 - after[k, t] / before[k, t])
            made = available[:, t]
            rows.append(
                {
                    "facility": str(fid),
                    "year": int(years[t]),
                    "capacity_wspm": float(before[k, t]),
                    "removed_share": removed,
                    "in_region_share": min(1.0, removed / float(share[t])),
                    "products_needing": int(((use[:, k, t] > 0) & made).sum()),
                    "products_available": int(made.sum()),
                }
            )
    return rows


def _h100e(v: float) -> str:
    """Compute for a sentence, as ``tigris risk``'s table: ``27.8M``, ``1.14B``,
    ``0.12M``.

    Examples
    --------
    >>> _h100e(2.78368e7), _h100e(1.14e9), _h100e(1.2e5), _h100e(0.0)
    ('27.8M', '1.14B', '0.12M', '0')
    """
    if v == 0:
        return "0"
    div, suffix = (1e9, "B") if abs(v) >= 1e9 else (1e6, "M")
    x = v / div
    return (f"{x:,.3g}" if abs(x) < 1000 else f"{x:,.0f}") + suffix


#: A horizon's change of deliveries said apart from the event years' when the two differ
#: by more than this share of the larger [-] (display tolerance).
_OUTSIDE_TOL = 0.01


def lead_sentences(nums: Mapping[str, Any], event: Mapping[str, Any], kind: str) -> list[str]:
    """A disruption's result in words, compute first (user test UT-POLICY #3): the
    deliveries lost in the event's years and their share of those years' deliveries,
    the H100e-years of compute in service lost, each facility type whose whole capacity
    a region outage removes (the "binding stage" when every product needs it), then the
    objective's change, named for what it is
    (penalty-valued), beside the change of real cost.

    Parameters
    ----------
    nums : mapping
        :meth:`DisruptionResult.numbers`.
    event : mapping
        The scenario's entry (``region`` names the outage's region).
    kind : str
        The disruption's kind.

    Returns
    -------
    list of str
        The sentences, in that order; those whose numbers are missing (NaN) are left out.
    """
    from tigris.fmt import money, share, year_span

    years = list(nums.get("event_years") or [])
    span = year_span(years[0], years[-1]) if years else "no year of the horizon"
    what = "the outage" if kind == "region_outage" else "the event"
    out = []
    made = nums.get("barred_product_made_h100e")
    if kind == "export_control" and _finite(made):
        product, start = event.get("product"), event.get("start_year")
        before = nums.get("barred_product_made_before_h100e")
        none = (
            f"the plan makes no {product} from {start} on (it makes some before)"
            if _finite(before) and before > 0
            else f"the plan makes no {product}"
        )  # export controls #8: made in 2026, barred from 2030
        out.append(
            f"{none}, so barring it changes nothing: the plan as made "
            f"delivers none of it from {start} on and stays the best plan without it"
            if made <= 0
            else f"the plan as made delivers {_h100e(made)} H100e of {product} from {start} "
            "on, which the ban removes from its one world market"
        )
    lost, frac = nums.get("fixed_lost_delivered_h100e"), nums.get("fixed_lost_delivered_share")
    given = nums.get("base_delivered_in_event_years_h100e")
    if _finite(lost) and _finite(given):
        of = f" ({share(frac)} of the {_h100e(given)} the plan as made delivers then)"
        head = f"builds fixed: {_h100e(lost)} H100e of deliveries lost in {span}"
        if lost < 0:
            head = f"builds fixed: {_h100e(-lost)} H100e more delivered in {span}"
        out.append(head + (of if _finite(frac) else ""))
    kept = nums.get("fixed_lost_in_service_h100e_years")
    if _finite(kept):
        verb = "lost" if kept >= 0 else "gained"
        out.append(
            f"builds fixed: {_h100e(abs(kept))} H100e-years of compute in service {verb} "
            "over the horizon (deliveries still in service, year by year)"
        )
    total = nums.get("fixed_lost_delivered_horizon_h100e")
    if (
        _finite(total)
        and _finite(lost)
        and abs(total - lost) > _OUTSIDE_TOL * max(abs(total), abs(lost), 1.0)
    ):
        # the change outside the event's years (user test 2026-12-07, export controls
        # #4: 50M said, 240M lost over the horizon, most of it in 2035)
        outside = total - lost
        before = nums.get("fixed_lost_before_event_h100e")
        when = (
            "years before it included"
            if _finite(before) and abs(before) > _OUTSIDE_TOL * abs(outside)
            else "in the years after it"
        )
        out.append(
            f"builds fixed, over the horizon: {_h100e(abs(total))} H100e "
            f"{'fewer' if total >= 0 else 'more'} delivered, {_h100e(abs(outside))} H100e "
            f"{'fewer' if outside >= 0 else 'more'} of them outside {span}: with its builds "
            f"fixed the plan re-times its production around the event, {when} (it is "
            "solved knowing the event; docs/risk.md)"
        )
    same = all(
        _close(nums.get(f"fixed_{k}"), nums.get(f"reoptimised_{k}"))
        for k in ("lost_delivered_h100e", "lost_in_service_h100e_years", "loss_usd")
    )
    if not same:
        r_lost, r_kept = (
            nums.get("reoptimised_lost_delivered_h100e"),
            nums.get("reoptimised_lost_in_service_h100e_years"),
        )
        if _finite(r_lost) and _finite(r_kept):
            out.append(
                f"re-optimised: {_h100e(r_lost)} H100e of deliveries lost in {span}, "
                f"{_h100e(r_kept)} H100e-years in service lost"
            )
    region = event.get("region")
    for r in nums.get("stages_removed") or []:
        if r["in_region_share"] < 1.0 - _WHOLE_TOL:
            continue
        every = r["products_needing"] == r["products_available"]
        needs = (
            "every product the plan may make then needs it"
            if every
            else f"{r['products_needing']} of the {r['products_available']} products the "
            "plan may make then need it"
        )
        # binding only when nothing of it is left that year: half a year's CoWoS out,
        # 14 % of it used, is no bind (user test 2026-12-07, export controls #7)
        whole = r["removed_share"] >= 1.0 - _WHOLE_TOL
        label = (
            "binding stage"
            if every and whole
            else "a whole stage removed"
            if whole
            else "a stage all in the region, in part"
        )
        out.append(
            f"{label}: every {r['facility']} line in the plan's inputs (the "
            f"incumbents' and the plan's modules) is in {region}, so {what} removes "
            f"{share(r['removed_share'])} of {r['facility']} capacity in {r['year']}; "
            f"{needs}"
        )
    for key, what in (("fixed", "builds fixed"), ("reoptimised", "re-optimised")):
        if nums.get(f"{key}_fundable") is False:
            gap = nums.get("funding_gap_usd" if key == "fixed" else f"{key}_funding_gap_usd")
            out.append(
                f"{what}: not fundable, {money(gap)} short: its compute above is with that "
                "money given, and it has no objective loss or real cost change (docs/risk.md)"
            )
    for key, what in (("fixed", "builds fixed"), ("reoptimised", "re-optimised")):
        loss, cost = nums.get(f"{key}_loss_usd"), nums.get(f"{key}_cost_change_usd")
        if not _finite(loss):
            continue
        base_cost = (nums.get("base") or {}).get("cost_usd")
        own_cost = (nums.get(key) or {}).get("cost_usd")
        real = (
            f"; real cost (discounted capex, opex and variable cost, no penalty) "
            f"{_signed(cost)} ({money(base_cost)} -> {money(own_cost)})"
            if _finite(cost) and _finite(base_cost) and _finite(own_cost)
            else ""
        )
        out.append(
            f"objective loss, {what}: {money(loss)}, {loss_words(nums.get('objective'))}{real}"
        )
        break  # the first plan with a cost: builds fixed, else the re-optimised one
    return out


def event_words(event: Mapping[str, Any]) -> str:
    """A scenario's disruption entry in words, for the report (user test s49 #9: it
    printed the entry as a raw ``key: value`` list, ``probability: None``).

    Parameters
    ----------
    event : mapping
        The entry as :meth:`DisruptionResult.to_dict` gives it (``kind``,
        ``start_year``, the kind's fields, ``probability`` and its
        ``probability_source``, ``source``).

    Returns
    -------
    str
        What the event removes, from when; its probability, when given, with its basis
        (else that none is given); its source.

    Examples
    --------
    >>> print(event_words({"kind": "region_outage", "region": "taiwan", "months": 12.0,
    ...                    "start_year": 2028, "probability": None, "source": "CSIS"}))
    taiwan's wafer output out for 12 months from 1 January 2028; no probability given; source: CSIS
    >>> words = event_words({"kind": "euv_cut", "share": 0.5, "years": 2, "start_year": 2028,
    ...                      "probability": 0.05, "probability_source": "mine"})
    >>> for part in words.split("; "):
    ...     print(part)
    EUV scanners available to new builds cut by 50% for 2 years from 2028
    probability 0.05 over the horizon (mine)
    """
    kind, start = event.get("kind"), event.get("start_year")
    if kind == "region_outage":
        what = (
            f"{event.get('region')}'s wafer output out for {float(event.get('months', 0)):g} "
            f"months from 1 January {start}"
        )
    elif kind == "euv_cut":
        years = event.get("years")
        what = (
            f"EUV scanners available to new builds cut by {float(event.get('share', 0)):.0%} "
            f"for {years} year{'s' if years != 1 else ''} from {start}"
        )
    elif kind == "capital_withdrawn":
        what = f"capital source {event.get('capital')} releases nothing from {start} on"
    elif kind == "export_control":
        market = f" (market named: {event['region']})" if event.get("region") else ""
        what = (
            f"{event.get('product')} may not be made or delivered from {start} on, in the "
            f"plan's one world market{market}"
        )
    else:
        what = f"{kind} from {start}"
    p = event.get("probability")
    if p is None:
        chance = "no probability given"
    else:
        basis = str(event.get("probability_source") or "").strip()
        chance = f"probability {float(p):g} over the horizon" + (f" ({basis})" if basis else "")
    source = str(event.get("source") or "").strip()
    return f"{what}; {chance}" + (f"; source: {source}" if source else "")


def loss_words(objective: str | None) -> str:
    """What an objective loss is, for the objective the plans minimised or maximised:
    under ``serve`` the objective made worse, penalty-valued; under ``npv`` the
    investor's NPV lost, which is money (user test s49 #2: it read "penalty-valued ...
    not money spent" under ``--objective npv`` too).

    Parameters
    ----------
    objective : {"serve", "npv"} or None
        The plans' objective (``numbers()["objective"]``); None reads as ``serve``.

    Returns
    -------
    str
        The words, with where the objective is documented.

    Examples
    --------
    >>> loss_words("npv").split(" (")[0]
    "the investor's NPV lost"
    >>> loss_words("serve").split(" (")[0]
    'penalty-valued'
    """
    if objective == "npv":
        return (
            "the investor's NPV lost (its discounted net cash flow with salvage, the "
            "objective --objective npv maximises, docs/finance.md): money, no penalty"
        )
    return (
        "penalty-valued (mostly unmet demand priced at its rent times its priority, "
        "docs/plan.md 'Objective'), not money spent"
    )


def _finite(x: Any) -> bool:
    return isinstance(x, int | float) and math.isfinite(x)


def _close(a: Any, b: Any) -> bool:
    if not (_finite(a) and _finite(b)):
        return not _finite(a) and not _finite(b)
    return abs(a - b) <= _REL_TOL * max(abs(a), abs(b), 1.0)


def _signed(usd: float) -> str:
    from tigris.fmt import money

    return ("+" if usd > 0 else "-" if usd < 0 else "") + money(abs(usd))


def _delta(sign: float, a: float, b: float, fundable: bool = True) -> float:
    """``sign · (a − b)``, 0 when within the solves' noise (:data:`_REL_TOL` of the
    larger), NaN when the plan ``a`` (or ``b``) cannot be paid for (a funding gap: its
    cost is not a cost the owner can meet, ``docs/risk.md``)."""
    if not fundable:
        return math.nan
    diff = sign * (a - b)
    if abs(diff) <= _REL_TOL * max(abs(a), abs(b), 1.0):
        return 0.0
    return diff + 0.0  # (+ 0.0: no -0.0)


def _unmet_by_year(plan: PlanResult, base: PlanResult) -> dict[int, float]:
    """Unmet demand of ``plan`` less the base's, by year [H100e] (noise as 0); empty
    when either has no demand table."""
    if not (plan.ok and base.ok) or plan.demand is None or base.demand is None:
        return {}
    a = plan.demand.groupby("year")["unmet_h100e"].sum()
    b = base.demand.groupby("year")["unmet_h100e"].sum()
    return {int(y): _delta(1.0, float(a[y]), float(b[y])) for y in a.index if y in b.index}


def _retiming_note(nums: dict[str, Any]) -> str | None:
    """A sentence when the fixed plan's total unmet falls while the disruption costs
    the objective: the cohorts were re-timed (``docs/risk.md``, "Read the loss in
    money"), with the change year by year."""
    extra, loss = nums.get("fixed_extra_unmet_h100e"), nums.get("fixed_loss_usd")
    if not (extra is not None and extra < 0 and loss is not None and loss > 0):
        return None
    by_year = ", ".join(
        f"{y} {v / 1e6:+,.1f}M" for y, v in nums["fixed_extra_unmet_by_year"].items() if v
    )
    lost = nums.get("fixed_lost_in_service_h100e_years")
    kept = (
        f"; compute in service over the horizon falls by {lost / 1e6:,.1f}M H100e-years"
        if lost is not None and math.isfinite(lost) and lost > 0
        else ""
    )
    return (
        f"builds fixed, total unmet is {-extra / 1e6:,.1f}M H100e lower, yet the objective "
        f"is worse: unmet by year against the plan as made {by_year}. This is re-timing, "
        "not a gain: power the event leaves idle takes a later, larger cohort, whose "
        f"service after the horizon 'compute served' credits{kept}; the objective values "
        "each year's compute at its rent, so its loss is the measure (docs/risk.md, "
        "'Read the loss in money')"
    )


def _worse(a: PlanResult, b: PlanResult) -> bool:
    """Whether plan ``a`` has a worse objective than ``b`` (both solved)."""
    if not (a.ok and b.ok):
        return not a.ok and b.ok
    slack = _REL_TOL * max(abs(a.objective_usd), abs(b.objective_usd), 1.0)
    if a.objective == "npv":
        return a.objective_usd < b.objective_usd - slack
    return a.objective_usd > b.objective_usd + slack


def disrupt(
    sc: Scenario | str | Path | None,
    name: str,
    *,
    data: str | Path | None = None,
    base: PlanResult | None = None,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    relax: bool = False,
    objective: str | None = None,
    min_served_share: float | None = None,
    say: Callable[[str], None] | None = None,
) -> DisruptionResult:
    """Solve the plan as made, then with disruption ``name`` with its builds fixed and
    re-optimised from the event's start (module docstring).

    Parameters
    ----------
    sc : Scenario, str, Path or None
        The scenario (a file or YAML text as :func:`tigris.scenario.edit.load_any`;
        ``None`` the reference).
    name : str
        A disruption of ``sc.disruptions``.
    data : str or Path, optional
        A ``--data`` overlay file applied while the inputs are assembled.
    base : PlanResult, optional
        The plan as made, if already solved for this scenario (its builds are fixed);
        else it is solved here (counterfactual off, no explanations).
    time_limit_s, mip_gap : float, optional
        HiGHS limits; default the scenario's ``solver`` [s, -].
    relax : bool, optional
        Solve LP relaxations (fractional modules).
    objective : {"serve", "npv"}, optional
        Replaces the scenario's objective.
    min_served_share : float, optional
        Replaces the scenario's ``min_served_share`` [-].
    say : callable, optional
        Called with one progress line after each plan is solved (``tigris risk``
        writes it to stderr); default silent.

    Returns
    -------
    DisruptionResult

    Raises
    ------
    InputError
        Unknown disruption (``--disruption``, did-you-mean) or a bad option.
    TigrisError
        The base plan has no solution (nothing to fix).
    """
    from tigris.errors import TigrisError
    from tigris.overlay import data_overlay
    from tigris.plan.assemble import assemble
    from tigris.plan.fixed import builds_array, fix_builds
    from tigris.plan.solve import _override, check_objective, solve_inputs
    from tigris.scenario.edit import load_any

    check_objective(objective, min_served_share)
    say = say or (lambda _msg: None)
    with data_overlay(data):  # a product may name a --data part (review of s48)
        scenario = load_any(sc)
    event = find_disruption(scenario, name)
    limits = {
        "time_limit_s": time_limit_s if time_limit_s is not None else scenario.solver.time_limit_s,
        "mip_gap": mip_gap if mip_gap is not None else scenario.solver.mip_gap,
    }
    with data_overlay(data):
        inp, assumptions = assemble(scenario)
        inp, assumptions = _override(inp, assumptions, objective, min_served_share)
        respond = bool(getattr(getattr(scenario, "incumbents", None), "respond", False))
        if respond:
            # the plan as made is the plan tigris plan makes: incumbents keep what they
            # build without the investor (review of 2026-12-07: this base broke it)
            from tigris.plan.counterfactual import incumbent_floor

            inp = inp.replace(min_build=incumbent_floor(inp, True, **limits))
        hit = apply_disruption(inp, event, scenario)

    def run(problem: PlanInputs, label: str) -> PlanResult:
        return solve_inputs(
            problem,
            name=f"{scenario.name} ({label})",
            relax=relax,
            explain_result=False,
            assumptions=assumptions,
            counterfactual=False,
            **limits,
        )

    if base is None:
        base = run(inp, "base")
        say(f"risk: disruption {name}: the plan as made solved ({base.status})")
    if not base.ok:
        msg = f"disruption {name}: the plan as made has no solution ({base.status}): nothing to fix"
        raise TigrisError(msg)
    builds = builds_array(base, inp)
    notes: list[str] = []
    # the plan as made with its production solved exactly (an LP once the builds are
    # fixed): a MIP gap must not show up as a disruption's cost or gain
    if not any(base is b for b in _EXACT):  # a base this module returned is exact
        exact = run(fix_builds(inp, builds), "base, builds fixed")
        say(f"risk: disruption {name}: the plan as made, re-solved exactly ({exact.status})")
        if exact.ok and _worse(base, exact):
            notes.append(
                "the plan as made is re-solved with its builds fixed (its production "
                f"optimal; objective {base.objective_usd:.6g} -> {exact.objective_usd:.6g})"
            )
            base = exact
        _EXACT[:] = [base]
    fixed_inp, gap = fixed_inputs(hit, builds)
    reopt_inp, reopt_gap = fixed_inputs(hit, builds, through_year=event.start_year - 1)
    fixed = run(fixed_inp, f"{name}, builds fixed")
    say(f"risk: disruption {name}: builds fixed solved ({fixed.status})")
    reopt = run(reopt_inp, f"{name}, re-optimised")
    say(f"risk: disruption {name}: re-optimised solved ({reopt.status})")
    notes += [n for n in fixed_inp.notes if n not in inp.notes]
    same_money = abs(gap - reopt_gap) <= GAP_TOL_USD
    if same_money and fixed.ok and _worse(reopt, fixed):  # the fixed plan is feasible here
        reopt = fixed
        notes.append(
            "the re-optimised solve returned a worse plan than the fixed one (MIP gap): "
            "the fixed plan is kept"
        )
    out = DisruptionResult(
        name=event.name,
        kind=event.kind,
        event=event.model_dump(mode="json"),
        base=base,
        fixed=fixed,
        reoptimised=reopt,
        funding_gap_usd=gap,
        reoptimised_funding_gap_usd=reopt_gap,
        notes=notes,
        in_service_h100e_years={
            "base": in_service_h100e_years(base, inp),
            "fixed": in_service_h100e_years(fixed, inp),
            "reoptimised": in_service_h100e_years(reopt, inp),
        },
        event_years=event_years(event, inp.years),
        delivered_h100e={
            "base": delivered_by_year(base, inp),
            "fixed": delivered_by_year(fixed, inp),
            "reoptimised": delivered_by_year(reopt, inp),
        },
        stages=stages_removed(inp, hit, builds, event),
    )
    if isinstance(event, ExportControl):
        out.barred_made_h100e = _made_from(base, event.product, event.start_year)
        if out.barred_made_h100e <= 0:
            # none made from the ban on; some before it is not "none" (user test
            # 2026-12-07, export controls #8: b200 made in 2026, barred from 2030)
            ever = _made_from(base, event.product, int(inp.years[0]))
            out.barred_made_before_h100e = ever
            none = (
                f"the plan makes no {event.product} from {event.start_year} on (it makes "
                "some before)"
                if ever > 0
                else f"the plan makes no {event.product}"
            )
            notes.append(
                f"{none}, so barring it changes nothing: the "
                f"plan as made delivers none of it from {event.start_year} on, and a plan "
                "that is best with the product allowed and does without it is best "
                "without it too (docs/risk.md, 'What an export control can express')"
            )
        floor = _floor_lifted(inp, event.product, event.start_year)
        if floor > 0:
            from tigris.fmt import share as share_text

            notes.append(_FLOOR_LIFTED.format(product=event.product, share=share_text(floor)))
    for what, short in (("builds fixed", gap), ("re-optimised", reopt_gap)):
        if short > GAP_TOL_USD:
            notes.append(
                f"{what}: not fundable: {_money(short)} short; its cost is that of builds "
                "paid with money the event removed, so no cost or saving is given for it"
            )
    later = _later_builds(inp, builds, event.start_year)
    out.redecides = later > 0
    if not out.redecides:
        notes.append(_nothing_to_redecide(inp, builds, event.start_year, reopt, reopt_inp))
    details = {"fixed": gap_builds(fixed_inp, event.start_year) if gap > GAP_TOL_USD else {}}
    details["reoptimised"] = (
        gap_builds(reopt_inp, event.start_year) if reopt_gap > GAP_TOL_USD else {}
    )
    out.gap_builds = details
    same = details["fixed"] == details["reoptimised"]
    for key, what in (("fixed", "builds fixed"), ("reoptimised", "re-optimised")):
        if key == "reoptimised" and same:
            continue
        label = "builds fixed and re-optimised" if same else what
        for owner, d in details[key].items():
            notes.append(gap_sentence(label, owner, d, event.start_year))
    retimed = _retiming_note(out.numbers())
    if retimed:
        notes.append(retimed)
    return out


#: Said of a ban on a product with a share floor (user test 2026-12-07, export controls
#: #2: banning a part with a binding roadmap floor read as a gain in world compute).
_FLOOR_LIFTED = (
    "barring {product} also lifts its min_share floor (up to {share} of the H100e "
    "delivered, data/roadmap.csv or the scenario), which the plan as made had to meet: "
    "compute more delivered, or a cost below zero, is that floor's value to the plan, "
    "not a gain from the ban (the re-solve without the floors: 'Product-mix min_share "
    "floors bind' in the plan's reasons)"
)


def _floor_lifted(inp: PlanInputs, product: str, start_year: int) -> float:
    """The largest ``min_share`` floor of ``product`` in the years from ``start_year``
    that a ban on it lifts [-] (0 without one)."""
    share = getattr(inp, "min_share", None)
    if share is None or product not in inp.products:
        return 0.0
    p = inp.products.index(product)
    years = np.asarray(inp.years, int)
    sel = years >= start_year
    row = np.nan_to_num(np.asarray(share, float)[p, sel], nan=0.0)
    # the planner holds a floor only in years the part may be made (plan.model.add_mix)
    avail = np.asarray(inp.available, dtype=bool)[p, sel]
    row = np.where(avail, row, 0.0)
    return float(row.max()) if row.size else 0.0


def _made_from(res: PlanResult, product: str, start_year: int) -> float:
    """Compute of ``product`` the plan delivers from ``start_year`` on [H100e]."""
    if not res.ok or res.production is None:
        return math.nan
    p = res.production
    rows = p[(p["product"] == product) & (p["year"] >= start_year)]
    return float(rows["h100e"].sum())


def _later_builds(inp: PlanInputs, builds: np.ndarray, start_year: int) -> float:
    """Modules the plan as made starts in ``start_year`` or later [modules]."""
    years = np.asarray(inp.years, int)
    return float(np.asarray(builds, float)[:, :, years >= start_year].sum())


def _nothing_to_redecide(
    inp: PlanInputs,
    builds: np.ndarray,
    start_year: int,
    reopt: PlanResult,
    reopt_inp: PlanInputs,
) -> str:
    """The sentence for a plan whose builds all start before the event: re-optimising
    from ``start_year`` may add builds but cannot cancel or delay any (they are fixed),
    so it is the fixed plan unless it adds some."""
    from tigris.plan.fixed import builds_array

    years = np.asarray(inp.years, int)
    started = years[np.asarray(builds, float).sum(axis=(0, 1)) > 0]
    span = (
        f"{started.min()}–{started.max()}"
        if len(started) and started.max() > started.min()
        else (str(started.min()) if len(started) else "no year")
    )
    added = 0.0
    if reopt.ok and reopt.builds is not None:
        try:
            added = float(builds_array(reopt, reopt_inp).sum() - np.asarray(builds).sum())
        except InputError:
            added = 0.0
    tail = (
        "adds none: it is the plan with its builds fixed"
        if added <= 0.5
        else f"adds {added:g} modules from {start_year}"
    )
    return (
        f"re-optimising from {start_year} has nothing to re-decide: every build of the "
        f"plan starts in {span}, before the event, and builds already started are kept "
        f"(none can be cancelled or delayed); it could only add builds, and {tail}"
    )


def _money(usd: float) -> str:
    from tigris.fmt import money

    return money(usd)
