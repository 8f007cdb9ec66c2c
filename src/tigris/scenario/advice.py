"""Warnings of a scenario: legal input a planner should hear about before the solve.

The checks of :mod:`tigris.scenario.checks` refuse what cannot be planned; these
lines flag what can be planned but very likely does not say what its author meant
(user test 6, #1, #4, #10 and #12):

- a year in which no product of the scenario's own ``products`` list is made (with
  ``products: roadmap`` that is an error, :mod:`tigris.scenario.checks_horizon`);
- a logic facility type offered whose wafers no product of the scenario uses, and a
  site whose ``min_modules`` forces a module of such a type only;
- ``datacenters.electricity_price_multiplier`` above :data:`PRICE_MULTIPLIER_WARN`
  (a percent written for a multiplier: ``80`` for 80 %);
- a ``demand_regions`` share whose region's existing data-centre capacity, divided
  by the share, is below the world's: the row ``a_r·F_t ≤ room_r,t`` then caps the
  whole world's fleet below what exists (docs/energy.md, "Regional demand");
- a ``sites[]`` override of a ``data/sites.csv`` field that does not reach some module
  the site may build (docs/scenario-files.md, "What a site's overrides reach");
- a ``datacenters.grid_headroom_mw`` series that falls from one given year to a later
  one (headroom is cumulative), or that is given for fewer years than data/grid.csv
  has and so holds the data's other years flat
  (:mod:`tigris.scenario.checks_headroom`; user test of 2026-12-03, #5 and #11);
- a workload's ``runs_by_year`` or ``tokens_per_day_by_year`` that holds planning
  years flat at a non-zero value (a run written for 2028 only is a run every year),
  and a workload's accelerator that the products do not make in its years
  (:mod:`tigris.scenario.checks_workload`; user test UT-HYPER, 2026-12-04, #1, #2);
- extreme but legal finance inputs: a facility's ``subsidy_share`` of 1, a
  ``discount_rate`` of 0.5 or more, a site's ``corporate_tax_rate`` of 0.6 or more
  (:mod:`tigris.scenario.checks_extremes`; user test 2026-12-04, UT-MONEY #9), and a
  money input a thousandfold below the cheapest shipped figure of its kind, a unit slip
  (:func:`~tigris.scenario.checks_extremes.money_unit_slips`; user test 2026-12-05),
  and a site's ``power_limit_mw`` below a tenth of the smallest module it may build
  (:func:`~tigris.scenario.checks_extremes.power_limit_slips`; user test 2026-12-06),
  and a ``supply`` map value a thousandfold below the baseline's capacity it replaces
  (:func:`~tigris.scenario.checks_supply.supply_unit_slips`; user test 2026-12-07),
  and a CoWoS or HBM module sized away from the row's while its own capex stays
  (:func:`~tigris.scenario.checks_supply.module_size_own_costs`; user test 2026-12-07);
- a grid facility's ``grid_lead_months`` that replaces a different ``data/grid.csv``
  lead of the region of a site that may build it
  (:func:`tigris.scenario.checks_energy.facility_lead_overrides`; UT-SWF #4);
- a region's ``grid_headroom_mw`` below one grid data-centre module in every year, and
  a site's ``pue`` above the highest published industry average
  (:func:`~tigris.scenario.checks_headroom.headroom_below_module`,
  :func:`~tigris.scenario.checks_energy.site_pue_beyond_published`; UT-GRID #8),
  and the scenario's own ``pue`` above it
  (:func:`~tigris.scenario.checks_pue.scenario_pue_beyond_published`; UT-NEWBIE #3);
  a ``datacenters.gas_mw_per_year_max`` below one on-site gas module's MW
  (:func:`~tigris.scenario.checks_energy.gas_cap_below_a_module`; GAS, S36);
  a horizon starting after the year following the last published shipments, whose
  deliveries in between no fleet counts
  (:func:`~tigris.scenario.checks_energy.legacy_fleet_gap`; user test 2026-12-08);
- a site whose ``max_modules`` modules (as far as the scenario's capital pays them)
  could be given more subsidy than the whole programme that pays the site
  (:func:`tigris.scenario.checks_subsidy.modules_may_pass_cap`; S35, SUBSIDY-CAP);
- a scenario value outside its own ``distributions`` entry (an edited value whose
  distribution still describes the old one; :mod:`tigris.risk.support`, UT-MONEY #3).

:func:`scenario_warnings` returns ``(location, message)`` pairs, as the checks do;
:func:`warn` writes them on standard error as ``warning: file:line: field: message``,
each once a process. :func:`tigris.scenario.load.load_scenario` calls it, so
``tigris scenario check`` and ``tigris plan`` (and every command that reads a
scenario file) print the same lines before they assemble or solve.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris import units
from tigris._context import plan_layer_warnings_on
from tigris.scenario.checks import (
    Found,
    Loc,
    _product_base_node,
    _product_node,
    facility_id,
    parts_of,
)
from tigris.scenario.checks_cells import distribution_cells_unreached
from tigris.scenario.checks_disrupt import events_past_horizon
from tigris.scenario.checks_energy import (
    facility_lead_overrides,
    gas_cap_below_a_module,
    legacy_fleet_gap,
    site_price_unit_slips,
    site_pue_beyond_published,
)
from tigris.scenario.checks_extremes import (
    demand_all_zero,
    demand_unit_slips,
    extreme_discount_rate,
    extreme_tax_rates,
    full_subsidies,
    growth_past_the_horizon,
    growth_slips,
    money_unit_slips,
    power_limit_slips,
)
from tigris.scenario.checks_headroom import (
    headroom_below_module,
    headroom_falls,
    headroom_held_flat,
    supply_held_flat,
)
from tigris.scenario.checks_horizon import commitments_past_horizon, empty_years
from tigris.scenario.checks_products import product_power_beyond_catalog
from tigris.scenario.checks_pue import scenario_pue_beyond_published
from tigris.scenario.checks_sources import sources_of_unset_fields
from tigris.scenario.checks_subsidy import modules_may_pass_cap
from tigris.scenario.checks_supply import module_size_own_costs, supply_unit_slips
from tigris.scenario.checks_workload import workload_held_flat, workload_part_not_made
from tigris.scenario.schema import Product, Scenario

if TYPE_CHECKING:
    from tigris.scenario.checks import Parts

__all__ = [
    "PRICE_MULTIPLIER_WARN",
    "distributions_off_support",
    "override_unreached",
    "placed_share_caps",
    "price_multiplier",
    "scenario_warnings",
    "site_override_reach",
    "site_overrides_unreached",
    "unused_facilities",
    "warn",
    "warning_lines",
]

#: ``datacenters.electricity_price_multiplier`` above which a warning is written [-].
#: tigris choice, with its reason: data/grid.csv's region prices span 70-150 USD/MWh,
#: a factor ~2; a tenfold price (700 USD/MWh and more in every region, ~5x the dearest
#: region's) is no longer a "what if power is dearer" case but most likely a percent
#: written for a multiplier (``20`` meant as 20 % dearer, a multiplier of 1.2; user test
#: s49: the advice said 0.2, a price 80 % cheaper). Values up to the schema's
#: limit (x100) stay legal.
PRICE_MULTIPLIER_WARN = 10.0
#: Display conversion [MW per GW].
_MW_PER_GW = units.MW_PER_GW
#: Logic facility ids start with this (:func:`tigris.scenario.checks.facility_id`).
_LOGIC = "logic-"


# --- products and the wafers they use -------------------------------------------------


def _products_made(parts: Parts) -> list[Product] | None:
    """The scenario's products made in the horizon (the roadmap's shipping in it), or
    ``None`` when they cannot be known here."""
    years = parts.years
    if not len(years):
        return None
    first, last = int(years[0]), int(years[-1])
    if parts.roadmap:
        from tigris.world.roadmap import roadmap_products

        return [Product(**row) for row in roadmap_products(first, last)]
    if "products" not in parts.complete:
        return None
    return [
        p
        for _, p in parts.products
        if (p.first_year is None or p.first_year <= last)
        and (p.last_year is None or p.last_year >= first)
    ]


def _used_families(parts: Parts) -> set[str] | None:
    """Logic facility ids (``logic-<family>``) whose wafers a product made in the
    horizon uses: its compute dies' node and its base dies' (a 3D-stacked part,
    :mod:`tigris.plan.logic_use`); ``None`` if a product's node is unknown."""
    products = _products_made(parts)
    if products is None:
        return None
    used: set[str] = set()
    for p in products:
        node = _product_node(p)
        if node is None:
            return None  # the assembly reports it; nothing to say about facilities
        used.add(facility_id("logic", node))
        base = _product_base_node(p)
        if base is not None:
            used.add(facility_id("logic", base))
    return used


def _family(fid: str) -> str:
    return fid[len(_LOGIC) :]


def _products_words(parts: Parts, used: set[str]) -> str:
    fams = ", ".join(sorted(_family(f) for f in used))
    what = "products: roadmap" if parts.roadmap else "the scenario's products"
    return f"{what} in {parts.span} make their logic on {fams}"


def unused_facilities(parts: Parts) -> Found:
    """Logic facility types no product of the scenario uses, and sites whose
    ``min_modules`` can only be met with such types.

    A module of such a type makes wafers nothing consumes: legal (the plan will not
    build it unless forced), but a forced one is a cost with no output, reported as a
    build (user test 6, #4: ``logic-N28`` with ``products: roadmap``).

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per unused logic facility type (at ``facilities[i]``) and
        per site whose ``min_modules`` only such types can meet; empty when the products
        made (or a product's node) cannot be known, or a facility entry was refused.
    """
    used = _used_families(parts)
    if used is None or "facilities" not in parts.complete:
        return []
    ids = {
        i: facility_id(f.kind, f.node, f.power)
        for i, f in parts.facilities
        if f.kind != "logic" or f.node is not None
    }
    unused = {fid for fid in ids.values() if fid.startswith(_LOGIC) and fid not in used}
    if not unused:
        return []
    why = _products_words(parts, used)
    out: Found = []
    for i, fid in ids.items():
        if fid in unused:
            msg = (
                f"facility type {fid}: no product of the scenario uses {_family(fid)} "
                f"wafers ({why}): a module would make nothing; the plan never builds "
                "one unless a site's min_modules forces it"
            )
            out.append((("facilities", i), msg))
    all_ids = list(ids.values())
    for i, s in parts.sites:
        if s.min_modules < 1:
            continue
        allowed = [f for f in (s.facilities if s.facilities is not None else all_ids)]
        if not allowed or not all(f in unused for f in allowed):
            continue
        fams = " or ".join(sorted({_family(f) for f in allowed}))
        msg = (
            f"site {s.name} must build {s.min_modules} module"
            f"{'' if s.min_modules == 1 else 's'} of {', '.join(allowed)}, and no "
            f"product of the scenario uses {fams} wafers ({why}): the forced module "
            "will make nothing (its capex and salvage are all the plan will report of it)"
        )
        out.append((("sites", i, "min_modules"), msg))
    return out


# --- energy ---------------------------------------------------------------------------


def price_multiplier(parts: Parts) -> Found:
    """``datacenters.electricity_price_multiplier`` above :data:`PRICE_MULTIPLIER_WARN`:
    every region's grid price that many times data/grid.csv's.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        One ``(location, message)`` giving the grid price range it makes (US$/MWh) when the
        multiplier is above :data:`PRICE_MULTIPLIER_WARN`, else empty.
    """
    dc = parts.datacenters
    if dc is None or dc.electricity_price_multiplier <= PRICE_MULTIPLIER_WARN:
        return []
    from tigris.energy.data import REGIONS, electricity_usd_per_mwh

    x = float(dc.electricity_price_multiplier)
    years = parts.years if len(parts.years) else np.array([2026])
    prices = np.concatenate([electricity_usd_per_mwh(r, years) for r in REGIONS])
    lo, hi = float(np.nanmin(prices)), float(np.nanmax(prices))
    msg = (
        f"x{x:g} makes every region's grid electricity {lo * x:,.0f}–{hi * x:,.0f} "
        f"USD/MWh (data/grid.csv's {lo:,.0f}–{hi:,.0f} x {x:g}); a multiplier above "
        f"{PRICE_MULTIPLIER_WARN:g} is most likely a percent: a price {x:g} % dearer is "
        f"a multiplier of {1 + x / 100:g} (as 1.5 is 50 % dearer)"
    )
    return [(("datacenters", "electricity_price_multiplier"), msg)]


class _Discard:
    """A notes sink for :func:`tigris.plan.assemble_energy.power_regions`."""

    def add(self, *args: Any) -> None:
        """Drop an assumption row."""


def _regional_room(sc: Scenario) -> tuple[tuple[str, ...], np.ndarray]:
    """Regions and their existing data-centre room for the plan's fleet (R, T) [MW at
    the scenario's PUE]: each region's existing capacity ``E_r`` as the plan takes it
    (:func:`tigris.plan.assemble_energy.power_regions`) less its pro-rata part of the
    legacy fleet ``G`` (as :func:`tigris.plan.assemble_energy.energy_fields` and
    :func:`tigris.plan.power.placed_room` take them), at least 0."""
    from tigris.energy.fleet import class_lifetime_map, legacy_fleet
    from tigris.plan.assemble_energy import power_regions

    years = sc.years
    reg = power_regions(sc, years, [], [], _Discard())  # type: ignore[arg-type]
    have = np.asarray(reg.existing_mw, dtype=float)
    dc = sc.datacenters
    if dc is not None and dc.baseline == "none" and dc.existing_mw is None:
        legacy = np.zeros(len(years))
    else:
        lives = class_lifetime_map(sc.fleet_lifetime_years)
        fleet = legacy_fleet(int(years[0]), years, lives)
        legacy = np.asarray(fleet["it_mw"], dtype=float) * sc.pue
    total = have.sum(axis=0)
    split = np.divide(have, total, out=np.zeros_like(have), where=total > 0)
    return reg.names, np.clip(have - split * legacy[None, :], 0.0, None)


def placed_share_caps(parts: Parts) -> Found:
    """A placed share ``a_r`` whose region's room, divided by ``a_r``, is below the
    world's room in a year: the share caps the world's fleet.

    The row ``a_r·F_t ≤ room_r,t + built_r,t`` (``room_r = E_r − G_r``: existing
    capacity less the legacy fleet's part; ``plan.power.add_region_rows``,
    docs/energy.md, "Regional demand") bounds the plan's fleet at ``room_r/a_r``
    without builds in the region, the pool row at ``Σ_r room_r``; where the first is
    the smaller, the world (with or without the investor) serves less everywhere,
    not only in the region. With ``G_r`` pro rata to ``E_r`` this is ``E_r/E < a_r``.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per region of ``demand_regions`` (at its key) whose share
        caps the world's powered fleet in some planning year, naming the first; the GW
        are IT GW (the rows' MW, which count IT MW times the scenario's ``pue``, divided
        by that ``pue``), so the scenario's ``pue`` (a unit) does not change them;
        empty without placed shares or when the energy input cannot be read.
    """
    sc = parts.scenario
    shares = dict(getattr(sc, "demand_regions", None) or {})
    if sc is None or not shares:
        return []
    try:
        names, room = _regional_room(sc)
    except Exception:  # the assembly reports bad energy input itself
        return []
    years = sc.years
    # Printed as IT GW (rows' MW / pue): the rows count IT MW x the scenario's pue, a
    # unit that moves no result and "is never printed as MW" (docs/energy.md, "Units in
    # and out"); at pue 1.0/1.2/2.0 the same plan printed 7.3/8.8/14.6 GW (user test
    # 2026-12-06 power #2). IT MW, not facility MW, because the regions' PUEs differ:
    # the cap and the world's room are then in one physical unit and compare as the
    # rows do (cap < world in IT MW exactly when it is in the rows' MW).
    it = room / float(sc.pue)
    world = it.sum(axis=0)
    out: Found = []
    for region, share in shares.items():
        if share <= 0 or region not in names:
            continue
        have = it[names.index(region)]
        cap = have / share
        short = np.nonzero(cap < world)[0]
        if not len(short):
            continue
        t = int(short[0])
        more = f", and so in {len(short) - 1} later years" if len(short) > 1 else ""
        msg = (
            f"{region} {share:g} caps the world's powered fleet (IT power, without PUE) "
            f"at {cap[t] / _MW_PER_GW:,.1f} GW in {int(years[t])} (the region's "
            f"{have[t] / _MW_PER_GW:,.1f} GW / {share:g}), below the "
            f"{world[t] / _MW_PER_GW:,.1f} GW that exist (data-centre room beside the "
            f"legacy fleet){more}: the world serves less everywhere, with or "
            "without the investor; the share is of the plan's fleet, not of demand "
            '(docs/energy.md, "Regional demand")'
        )
        out.append((("demand_regions", region), msg))
    return out


# --- sites ----------------------------------------------------------------------------

#: Where the words of :func:`site_overrides_unreached` are explained.
_REACH_DOC = 'docs/scenario-files.md, "What a site\'s overrides reach"'


#: Why a ``sites[]`` override does not reach a data-centre module, by field
#: (``docs/scenario-files.md``, "What a site's overrides reach").
_DATACENTER_UNREACHED = {
    "construction_cost_multiplier": (
        "a data centre's capex is data/datacenter_types.csv's per MW, and the site's "
        "multiplier is a fab's (Exyte's fab construction costs); no sourced one for data "
        "centres"
    ),
    "construction_months": (
        "a data centre takes its build months from data/datacenter_types.csv, after its "
        "region's grid wait (data/grid.csv)"
    ),
    "ramp_months": "a data centre takes its ramp months from data/datacenter_types.csv",
    "electricity_usd_per_kwh": "a data centre pays its region's grid price (data/grid.csv)",
    "labour_usd_per_fte_year": (
        "data/datacenter_types.csv's opex per MW has no sourced labour share"
    ),
    "subsidy_share_of_capex": (
        "the sites' subsidies are fab grants; a data centre takes only its facility's own "
        "subsidy_share"
    ),
}
#: Why a ``sites[]`` price does not reach a CoWoS or HBM module.
_TABLE_UNREACHED = {
    "electricity_usd_per_kwh": (
        "data/facility_types.csv's opex is one figure, with no sourced energy share"
    ),
    "labour_usd_per_fte_year": (
        "data/facility_types.csv's opex is one figure, with no sourced labour share"
    ),
}


def override_unreached(field: str, facility: Any) -> str | None:
    """Why a site's override of ``field`` (one of ``SITE_OVERRIDES``) does not reach the
    modules of ``facility`` built there, or ``None`` when it does.

    What reaches what (``docs/scenario-files.md``, "What a site's overrides reach"):
    every field reaches a logic module (the fab layer's,
    :func:`tigris.plan.assemble_sites._fab_site`); the construction-cost multiplier, build
    and ramp months and subsidy share reach a CoWoS or HBM module
    (:func:`tigris.plan.assemble_sites._module_from_table`), its electricity and labour
    prices do not; none reaches a data-centre module. A logic facility's own
    ``capex_usd`` or ``spend_profile`` / ``output_profile``, and any facility's
    ``opex_usd_per_year`` or ``subsidy_share``, replaces what the field would have moved,
    at every site (a CoWoS or HBM facility's capex and profiles are the quoted module's,
    moved like the row's).

    Parameters
    ----------
    field : str
        A ``data/sites.csv`` column a scenario's site overrides.
    facility : tigris.scenario.Facility
        A facility type the site may build.

    Returns
    -------
    str or None
        The reason, in words, or ``None``.
    """
    kind = facility.kind
    if kind == "datacenter":
        return _DATACENTER_UNREACHED.get(field)
    if kind != "logic" and field in _TABLE_UNREACHED:
        return _TABLE_UNREACHED[field]
    # a CoWoS or HBM facility's capex and profiles are the quoted module's: still moved
    logic = kind == "logic"
    if field == "construction_cost_multiplier" and logic and facility.capex_usd is not None:
        return "the facility's capex_usd replaces the module's capex at every site"
    if (
        field == "construction_months"
        and logic
        and facility.spend_profile is not None
        and facility.output_profile is not None
    ):
        return "the facility's spend_profile and output_profile replace the module's"
    if field == "ramp_months" and logic and facility.output_profile is not None:
        return "the facility's output_profile replaces the module's"
    if (
        field in ("electricity_usd_per_kwh", "labour_usd_per_fte_year")
        and facility.opex_usd_per_year is not None
    ):
        return (
            "the facility's opex_usd_per_year replaces the module's fixed opex, which "
            "carries the site's labour and energy costs"
        )
    if field == "subsidy_share_of_capex" and facility.subsidy_share is not None:
        return "the facility's subsidy_share replaces the site's"
    return None


def _dc_site_price(site: str) -> str:
    """Why a price at a site that may build data centres only changes nothing."""
    return (
        f"changes nothing at {site}: a site's electricity_usd_per_kwh is a fab's price, "
        f"and {site} builds data centres only, which pay their region's grid price "
        "(data/grid.csv); datacenters.electricity_price_multiplier sets theirs"
    )


def site_overrides_unreached(parts: Parts) -> Found:
    """A ``sites[]`` override that does not reach some module the site may build: one
    line per site and field, naming the facility types it misses and why
    (:func:`override_unreached`), "changes nothing" when it reaches none of them.

    ``electricity_usd_per_kwh`` at a site that may build data centres only gets its own
    line (:func:`_dc_site_price`), at its ``FILE:LINE`` as every other (user test s45
    #2: the plan layer wrote it as ``sites.6:``, with no line, and ``--json`` had none);
    a ``--data`` overlay's price is left to
    :func:`tigris.plan.assemble_energy.site_price_warnings`.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per site and overridden field (at ``sites[i].<field>``)
        that misses some of the site's modules, and per ``electricity_usd_per_kwh`` at a
        site of data centres only; empty when a facility entry was refused.
    """
    from tigris.scenario.schema import SITE_OVERRIDES

    if "facilities" not in parts.complete:
        return []
    by_id = {facility_id(f.kind, f.node, f.power): f for _, f in parts.facilities}
    out: Found = []
    for i, s in parts.sites:
        for field in SITE_OVERRIDES:
            if getattr(s, field) is None:
                continue
            said = site_override_reach(s, field, by_id)
            if said is not None:
                out.append((("sites", i, field), said[0]))
    return out


def site_override_reach(site: Any, field: str, by_id: dict[str, Any]) -> tuple[str, bool] | None:
    """The line for a value of ``field`` at ``site`` that misses some module the site may
    build (:func:`override_unreached`), and whether it misses every one ("changes
    nothing"); None when it reaches them all or the site may build none. A scenario's
    own override (:func:`site_overrides_unreached`) and a ``data.sites`` cell
    (:func:`tigris.scenario.checks_cells.cell_unreached`) are said alike.

    Parameters
    ----------
    site : tigris.scenario.Site
        The scenario's site.
    field : str
        A ``data/sites.csv`` column (one of ``SITE_OVERRIDES``).
    by_id : dict
        The scenario's facility types by id.

    Returns
    -------
    (str, bool) or None
        The line and whether no module is reached.
    """
    ids = [x for x in (site.facilities if site.facilities is not None else by_id) if x in by_id]
    if not ids:
        return None
    if field == "electricity_usd_per_kwh" and all(by_id[x].kind == "datacenter" for x in ids):
        return _dc_site_price(site.name), True
    missed: dict[str, list[str]] = {}
    for x in ids:
        why = override_unreached(field, by_id[x])
        if why is not None:
            missed.setdefault(why, []).append(x)
    if not missed:
        return None
    none = sum(len(v) for v in missed.values()) == len(ids)
    head = (
        f"changes nothing at {site.name}" if none else f"does not reach every module at {site.name}"
    )
    body = "; ".join(
        f"not its {', '.join(xs)} module{'s' if len(xs) > 1 else ''}: {why}"
        for why, xs in missed.items()
    )
    return f"{head}: {body} ({_REACH_DOC})", none


# --- all of them ----------------------------------------------------------------------


def distributions_off_support(parts: Parts) -> Found:
    """Distributions whose input's value lies outside what they draw
    (:mod:`tigris.risk.support`): an edited value whose distribution was left as written
    (user test 2026-12-04, UT-MONEY #3); ``tigris risk`` refuses these unless told.

    Parameters
    ----------
    parts : Parts
        The scenario's typed sections (:func:`tigris.scenario.checks.parts_of`).

    Returns
    -------
    Found
        ``(location, message)`` per distribution (at ``distributions.<path>``) whose
        input's value is outside its support; empty when ``tigris risk`` checks it itself.
    """
    from tigris._context import support_checked_here_on

    sc = parts.scenario
    if sc is None or not sc.distributions or support_checked_here_on():
        return []  # tigris risk says it itself (an error, or what it did about it)
    from tigris.risk.support import field_loc, mismatches

    out: Found = []
    for m in mismatches(sc):
        if m.outside:
            loc = field_loc(sc, m.path)
            at = ".".join(str(x) for x in loc) if loc else None
            shown = f" of {m.path} ({at}) " if at and at != m.path else f" of {m.path} "
            msg = m.message().replace(f" of {m.path} ", shown, 1)
            out.append((("distributions", m.path), msg))
    return out


def _own_list_years(parts: Parts) -> Found:
    """Years a scenario's own ``products`` list leaves without a product
    (:func:`tigris.scenario.checks_horizon.empty_years`; an error with the roadmap)."""
    return [] if parts.roadmap else empty_years(parts)


#: Every warning, in the order its lines are written.
WARNINGS: tuple[Callable[[Parts], Found], ...] = (
    _own_list_years,
    unused_facilities,
    price_multiplier,
    placed_share_caps,
    site_overrides_unreached,
    facility_lead_overrides,
    headroom_falls,
    headroom_held_flat,
    supply_held_flat,
    headroom_below_module,
    site_pue_beyond_published,
    site_price_unit_slips,
    scenario_pue_beyond_published,
    gas_cap_below_a_module,
    legacy_fleet_gap,
    workload_held_flat,
    workload_part_not_made,
    product_power_beyond_catalog,
    extreme_discount_rate,
    full_subsidies,
    money_unit_slips,
    power_limit_slips,
    demand_unit_slips,
    demand_all_zero,
    supply_unit_slips,
    module_size_own_costs,
    sources_of_unset_fields,
    growth_slips,
    growth_past_the_horizon,
    modules_may_pass_cap,
    extreme_tax_rates,
    distributions_off_support,
    distribution_cells_unreached,
    events_past_horizon,
    commitments_past_horizon,
)


#: Warnings that read the plan layer (the fab-layer cost of every module a site may
#: host, :func:`tigris.plan.subsidy_cap.module_subsidies`, which imports pandas): the
#: command line computes them (:func:`tigris._context.plan_layer_warnings`, entered by
#: :func:`tigris.cli.main`), a Python script loading a scenario does not, so that
#: ``import tigris`` and ``tigris.load_scenario`` stay cheap (``docs/api.md``; the
#: plan's own check after the solve, :mod:`tigris.plan.subsidy_cap`, still runs).
PLAN_LAYER_WARNINGS: frozenset[Callable[[Parts], Found]] = frozenset({modules_may_pass_cap})


def scenario_warnings(sc: Scenario, plan_layer: bool | None = None) -> Found:
    """Every warning of a valid scenario, as ``(location, message)`` pairs.

    Parameters
    ----------
    sc : Scenario
        A scenario the checks accepted.
    plan_layer : bool, optional
        Also run :data:`PLAN_LAYER_WARNINGS`; default: inside
        :func:`tigris._context.plan_layer_warnings` (the command line) only.

    Returns
    -------
    list of (location, message)
        ``location`` is the field path (``("sites", 0, "min_modules")``).
    """
    parts = parts_of(sc)
    heavy = plan_layer_warnings_on() if plan_layer is None else plan_layer
    checks = [c for c in WARNINGS if heavy or c not in PLAN_LAYER_WARNINGS]
    return [found for check in checks for found in check(parts)]


def _lines(
    sc: Scenario,
    file: str | None = None,
    locate: Callable[[Loc], int | None] | None = None,
    by_names: bool = False,
) -> list[tuple[str, str]]:
    """:func:`warning_lines`, each with the line its field would have by index
    (``capital.0.amount_usd: ...``, as a file's warnings and errors name it). With
    ``by_names``, a ``file``'s items are named by their names too (YAML text given to
    ``tigris.plan``: ``<text>:LINE: capital.fund.amount_usd: ...``)."""
    found = scenario_warnings(sc)
    # a scenario object: its items by name, as sc.set names them
    named = by_name(sc, found) if (file is None or by_names) and found else None
    out = []
    for k, (loc, msg) in enumerate(found):
        field = ".".join(str(x) for x in loc)
        line = locate(loc) if locate is not None else None
        where = f"{file}:{line}: " if file and line else (f"{file}: " if file else "")
        shown = ": ".join(named[k]) if named is not None else f"{field}: {msg}"
        out.append((f"{where}{shown}", f"{field}: {msg}"))
    return out


def by_name(sc: Scenario, found: Found) -> list[tuple[str, str]]:
    """``found`` (:func:`scenario_warnings` of ``sc``) as ``(field, message)`` with
    each list item named by its name, as ``sc.set`` and ``--set`` name it
    (``capital.fund.amount_usd``, not ``capital.0.amount_usd``; a facility by its
    type), for a scenario given as an object or edited on the command line rather than
    read from a file, whose lines name items by index. A distribution's message then
    drops the index form it gives after its path (``of capital.fund.amount_usd
    (capital.0.amount_usd)``), which only locates a file's line.

    Parameters
    ----------
    sc : Scenario
        The scenario the warnings were found in.
    found : list of (location, message)
        Its warnings.

    Returns
    -------
    list of (str, str)
        The field as named and the message, in ``found``'s order.
    """
    from tigris.risk.support import field_loc
    from tigris.scenario.edit import _named_path

    doc = sc.model_dump(mode="python")
    out = []
    for loc, msg in found:
        if len(loc) == 2 and loc[0] == "distributions" and isinstance(loc[1], str):
            at = field_loc(sc, loc[1])
            if at:
                dotted = ".".join(str(x) for x in at)
                msg = msg.replace(f" of {loc[1]} ({dotted}) ", f" of {loc[1]} ", 1)
        out.append((_named_path(doc, loc), msg))
    return out


def warning_lines(
    sc: Scenario, file: str | None = None, locate: Callable[[Loc], int | None] | None = None
) -> list[str]:
    """:func:`scenario_warnings` as ``file:line: field.path: message`` lines. Without a
    ``file`` (a scenario object, ``tigris.plan(sc)``), a list item is named by its
    name, as ``sc.set`` and its errors name it (``capital.fund.amount_usd``; user test
    s48 API #5: ``capital.0.amount_usd``); a file's, by its index, as its errors.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.
    file : str, optional
        The file the scenario was read from, leading each line with ``file:line:``;
        None for a scenario object (lines start at the field, items named by name).
    locate : callable, optional
        Location -> line number in ``file`` (:func:`tigris.yamlio.read_yaml`'s locator);
        None gives no line numbers.

    Returns
    -------
    list of str
        One ``[file:line: ]field.path: message`` line per warning, in the order found.
    """
    return [line for line, _ in _lines(sc, file, locate)]


#: Lines already written in this process (each once: commands read a file more than once).
_WARNED: set[str] = set()
#: The scenario warnings of the command collecting them (:func:`collect_said`), each
#: line once, whether or not it was written this time (a second ``tigris.cli.main`` in
#: one process writes none again): ``tigris plan --json``'s ``warnings``.
_SAID: ContextVar[list[str] | None] = ContextVar("tigris_scenario_said", default=None)


def collect_said() -> list[str]:
    """Start collecting this command's scenario warnings (a new list each call, so one
    command's are not another's); :func:`said_lines` reads them.

    Returns
    -------
    list of str
        The new, empty list the warnings will be added to (the context's, until the next
        call).
    """
    said: list[str] = []
    _SAID.set(said)
    return said


def note_said(line: str) -> None:
    """Keep ``line`` (a scenario warning, without ``warning: ``) in the list being
    collected, if any.

    Parameters
    ----------
    line : str
        A scenario warning line, without ``warning: ``; kept once.
    """
    said = _SAID.get()
    if said is not None and line not in said:
        said.append(line)


def said_lines() -> list[str]:
    """The scenario warnings collected since :func:`collect_said` (empty if none).

    Returns
    -------
    list of str
        A copy of the collected warning lines, in the order said.
    """
    return list(_SAID.get() or [])


#: A file's warning lines as they were written, by (the scenario's content, the line by
#: index): a scenario planned from Python that is the very scenario a file gave keeps
#: the line written then (user test s50 API #2), and no other scenario borrows another
#: file's line for the same field and message (review of s50: the docs' ``sc.set(...)``
#: example got an earlier test's ``/tmp/...yaml:35:`` line).
_FILE_LINES: dict[tuple[str, str], str] = {}
#: Most lines :data:`_FILE_LINES` keeps, the oldest dropped first (a long-lived
#: ``tigris serve`` reads many uploads; a memory bound, not a model number).
_MAX_FILE_LINES = 1024


def _content_key(sc: Scenario) -> str:
    """The SHA-256 of the scenario's canonical JSON (two scenarios with equal fields
    have one key; the key, not the scenario's whole text, is kept)."""
    import hashlib

    return hashlib.sha256(sc.model_dump_json().encode()).hexdigest()


def _keep_file_line(key: tuple[str, str], line: str) -> None:
    """Remember a file's written ``line`` under ``key`` (:data:`_FILE_LINES`), bounded."""
    _FILE_LINES.pop(key, None)
    while len(_FILE_LINES) >= _MAX_FILE_LINES:
        _FILE_LINES.pop(next(iter(_FILE_LINES)))
    _FILE_LINES[key] = line


def warn(
    sc: Scenario,
    file: str | None = None,
    locate: Callable[[Loc], int | None] | None = None,
    unless_said: bool = False,
    by_names: bool = False,
) -> list[str]:
    """Write :func:`warning_lines` on standard error, ``warning: `` first, each once a
    process; return the lines written. With ``unless_said``, a line also counts as
    written when this very scenario's file wrote it with its ``file:line`` (the same
    content, field and message, :data:`_FILE_LINES`: a file's scenario planned again
    from Python, :func:`tigris.plan.api.plan`), and that line, as written, is the one
    kept for ``result.warnings`` (user test s50 API #2:
    stderr said ``slip.yaml:35: capital.0.amount_usd``, ``result.warnings``
    ``capital.fund.amount_usd``). ``by_names``: as :func:`_lines`.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.
    file : str, optional
        The file the scenario was read from, leading each line with ``file:line:``;
        None for a scenario object (lines start at the field, items named by name).
    locate : callable, optional
        Location -> line number in ``file`` (:func:`tigris.yamlio.read_yaml`'s locator);
        None gives no line numbers.
    unless_said : bool, default False
        Skip a line this very scenario's file already wrote, keeping that line instead.
    by_names : bool, default False
        Name a ``file``'s list items by their names rather than their indexes.

    Returns
    -------
    list of str
        The lines written to standard error by this call (without ``warning: ``); a line
        written before in this process is not written, nor returned, again.
    """
    written = []
    lines = _lines(sc, file, locate, by_names)
    key = _content_key(sc) if lines and (unless_said or (file and not by_names)) else ""
    for line, by_index in lines:
        if file and not by_names:  # a file's line, kept for this very scenario
            _keep_file_line((key, by_index), line)
        before = _FILE_LINES.get((key, by_index)) if unless_said else None
        if before is not None and before in _WARNED:
            note_said(before)  # the line written as its file was read
            continue
        note_said(line)
        if line not in _WARNED:
            _WARNED.add(line)
            sys.stderr.write(f"warning: {line}\n")
            written.append(line)
    return written
