"""Sites and modules of a plan: the investor's and, when incumbents respond, theirs.

Part of :mod:`tigris.plan.assemble` (which strings the jobs together): one
:class:`_SiteSpec` per site the plan may build at, the :class:`_Module` of each
(site, facility type) allowed, priced by the fab layer (logic) or
``data/facility_types.csv`` (CoWoS, HBM: quoted at the row's ``priced_at_site`` and moved
to the site by its construction-cost multiplier and build and ramp months,
:func:`capex_at_site`, :func:`moved_profiles`), and their (S, K) and (S, K, L) arrays.
:func:`tigris.scenario.advice.override_unreached` says which site overrides reach which
module kinds.

The module of one (site, facility type) is priced in :mod:`tigris.plan.module_costs`
(the fab layer's logic module, a facility-table row moved by
:mod:`tigris.plan.module_move`, the small helpers the assembly modules share); this
module holds the sites (:class:`_SiteSpec`, :func:`_site_specs`, :func:`_fab_site`),
the data-centre module (:func:`_datacenter`), the loop over sites and facility types
(:func:`_modules`) and the arrays (:func:`_module_arrays`, :func:`_site_limits`). Every
name other modules import from here still is (``X as X`` below: re-exported where it
moved).

Every cost taken from the fab layer (a logic module's capex, fixed opex, subsidy and
the variable cost of a logic wafer) is in US dollars of the scenario's
``currency_year`` (:func:`plan_dollars_of`: ``fab_model(..., dollars_of=currency_year)``,
tools by the BLS PPI for semiconductor machinery, building, hook-up and running costs
by the CPI-U; :mod:`tigris.fab.dollars`). The facility table's CoWoS and HBM figures
carry no price year of their own: they are read in dollars of ``data_prices_price_year``
and converted to the ``currency_year`` by the CPI-U (:func:`data_dollars`), as every
other money figure of the shipped tables; the scenario's own amounts are in its
``currency_year`` as written (``docs/finance.md``, "Money of which year").
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from tigris.plan.inputs import CAPACITY_UNITS, INVESTOR, START_MEANS, START_MEANS_TABLE
from tigris.plan.module_costs import FIXED_OPEX as FIXED_OPEX
from tigris.plan.module_costs import (
    TABLE_MODULE_SITE_FIELDS,
    _Assumptions,
    _facility_table,
    _given,
    _kind_and_node,
    _Module,
    _module,
    _module_from_fab,
    _module_from_table,
    _num,
    _shipped_fab_module,
    _site_rows,
    logic_variable_cost,
    plan_dollars_of,
)
from tigris.plan.module_costs import VARIABLE_COST_SITE as VARIABLE_COST_SITE
from tigris.plan.module_costs import VARIABLE_OPEX as VARIABLE_OPEX
from tigris.plan.module_costs import fixed_opex as fixed_opex
from tigris.plan.module_move import capex_at_site as capex_at_site
from tigris.plan.module_move import moved_profiles as moved_profiles
from tigris.scenario import Scenario, facility_id, resolve_site
from tigris.scenario.checks import INCUMBENT_SITE_MARK

_OVERRIDE_UNITS = {
    "construction_months": "months",
    "ramp_months": "months",
    "electricity_usd_per_kwh": "USD/kWh",
    "labour_usd_per_fte_year": "USD/FTE/year",
}


#: ``sites.csv`` prices a scenario may override (``SITE_OVERRIDES``): the fab layer reads
#: them in dollars of ``site_prices_price_year``, a scenario gives them in dollars of its
#: ``currency_year`` (``docs/finance.md``, "Money of which year").
_SITE_PRICES = ("electricity_usd_per_kwh", "labour_usd_per_fte_year")


def data_dollars(sc: Any) -> float:
    """Factor turning the shipped tables' money without a price year of its own into US
    dollars of the scenario's ``currency_year`` [-] (exactly 1 in the reference).

    ``CPI-U(currency_year) / CPI-U(data_prices_price_year)``
    (:func:`tigris.fab.dollars.data_dollars_factor`): wafer, CoWoS, HBM and rental
    prices, the CoWoS and HBM modules' capex and opex, data-centre capex, opex, lease and
    energy, grid electricity and the incumbents' capital are all multiplied by it, so
    their ratios to one another do not move with the ``currency_year``; a figure the
    scenario writes is in its ``currency_year`` already and is not. The year is checked
    as :func:`plan_dollars_of` checks it (a year outside the indices is refused).

    Parameters
    ----------
    sc : Scenario
        The scenario (its ``currency_year``).

    Returns
    -------
    float
        The CPI-U ratio [-].

    References
    ----------
    BLS CPI-U annual averages (``data/fab_price_index.csv``); ``docs/finance.md``,
    "Money of which year".
    """
    from tigris.fab.dollars import data_dollars_factor

    return data_dollars_factor(plan_dollars_of(sc))


#: A table facility's fields the scenario's own value replaces in the module
#: (:func:`tigris.plan.module_costs._module_from_table`).
_OWN_MODULE_FIELDS = ("capex_usd", "spend_profile", "output_profile")


#: The source's note on a figure converted from the tables' dollars ({:.4f}: the factor).
CPI_NOTE = "; x {:.4f} (CPI-U, data_prices_price_year to currency_year)"


def cpi_note(factor: float) -> str:
    """What a source adds when the tables' money was converted by :func:`data_dollars`'s
    ``factor`` (nothing at 1, the reference's).

    Parameters
    ----------
    factor : float
        The factor of :func:`data_dollars` [-].

    Returns
    -------
    str
        ``""`` at 1, else :data:`CPI_NOTE` with the factor, to append to a source.
    """
    return "" if factor == 1.0 else CPI_NOTE.format(factor)


def _fab_site(site: str, overrides: dict[str, float], dollars_of: int) -> Any:
    """The fab layer's site (``sites.csv`` row) with the scenario's overrides applied.

    A price the scenario gives (:data:`_SITE_PRICES`) is in US dollars of its
    ``currency_year`` (``dollars_of``), while ``fab_model`` reads a site's prices in
    dollars of ``site_prices_price_year`` and converts them to ``dollars_of`` by the
    CPI-U ratio: the override is put into that year's dollars by the inverse ratio, so
    the plan charges the amount the scenario wrote (else a 2021 scenario's labour
    override would come out x CPI(2021)/CPI(2024) = 0.86 of it).
    """
    if not overrides:
        return site
    from tigris.fab import fab_param, get_site
    from tigris.fab.dollars import dollars_factor

    row = get_site(site)
    to_table = dollars_factor(
        dollars_of, int(fab_param("site_prices_price_year", site=row.name)), "currency_year"
    )
    given = {k: v * to_table if k in _SITE_PRICES else v for k, v in overrides.items()}
    return dataclasses.replace(row, **given)


@dataclass(frozen=True)
class _SiteSpec:
    """One site as the plan sees it: an investor's (``sites[]``) or an incumbent's."""

    name: str  # the plan's name: "taiwan", "tsmc@taiwan"
    site: str  # the data/sites.csv name
    owner: str
    facilities: tuple[str, ...] | None  # facility ids allowed (None: every one)
    kinds: tuple[str, ...] | None  # facility kinds allowed (None: every one)
    overrides: dict[str, float]
    module_capacity: dict[str, float]
    max_modules: float
    min_modules: float
    power_limit_mw: float


def _allowed(kind: str, fid: str, kinds: tuple[str, ...]) -> bool:
    """Whether an incumbent site's ``kinds`` (``data/incumbent_sites.csv``) admit a
    facility of the menu: a fab kind (``logic``, ``cowos``, ``hbm``) admits every
    facility of that kind, a data centre is named by its facility id
    (:func:`tigris.world.incumbents.site_kinds`): ``datacenter`` admits only the
    grid-connected type, ``datacenter-gas`` only on-site gas.

    Examples
    --------
    >>> _allowed("logic", "logic-N3", ("logic",))
    True
    >>> _allowed("datacenter", "datacenter-gas", ("datacenter",))
    False
    """
    return fid in kinds or (kind != "datacenter" and kind in kinds)


def _slug(owner: str) -> str:
    """An owner as the first part of its sites' names: ``"SK hynix"`` -> ``"sk-hynix"``."""
    return "-".join(owner.lower().split())


def _site_specs(sc: Scenario, notes: _Assumptions) -> list[_SiteSpec]:
    """The investor's sites (``sites[]``), then, with ``incumbents.respond``, each
    incumbent's own sites (:func:`tigris.world.incumbents.owner_sites`)."""
    out = [
        _SiteSpec(
            name=resolve_site(s.name) or s.name,
            site=resolve_site(s.name) or s.name,
            owner=INVESTOR,
            facilities=None if s.facilities is None else tuple(s.facilities),
            kinds=None,
            overrides=s.table_overrides(),
            module_capacity=dict(s.module_capacity),
            max_modules=float(_given(s.max_modules, np.inf)),
            min_modules=float(s.min_modules),
            power_limit_mw=float(_given(s.power_limit_mw, np.inf)),
        )
        for s in sc.sites
    ]
    if not sc.incumbents.respond:
        return out
    from tigris.world.incumbents import incumbent_owners, owner_sites

    kinds: set[str] = set()
    for owner in incumbent_owners():
        for row in owner_sites(owner):
            kinds.update(str(k) for k in row["kinds"])
            site = resolve_site(str(row["site"])) or str(row["site"])
            out.append(
                _SiteSpec(
                    name=f"{_slug(owner)}{INCUMBENT_SITE_MARK}{site}",
                    site=site,
                    owner=owner,
                    facilities=None,
                    kinds=tuple(row["kinds"]),
                    overrides={},
                    module_capacity={},
                    max_modules=float(_given(_num(row.get("max_modules")), np.inf)),
                    min_modules=0.0,
                    power_limit_mw=np.inf,
                )
            )
    notes.add(
        "incumbents respond",
        "incumbents are owners too: their sites and capital, the same facility menu",
        "-",
        sc.incumbents.source
        or "data/incumbent_sites.csv, data/incumbent_capital.csv (tigris.world.incumbents); "
        "a cooperative world (docs/plan.md)",
    )
    # what their sites may host, '|'-separated facility kinds (read by the headline's
    # sentence on incumbents that build nothing: tigris.plan.summary)
    notes.add(
        "incumbents may build",
        "|".join(sorted(kinds)),
        "-",
        "data/incumbent_sites.csv (tigris.world.incumbents.owner_sites)",
    )
    return out


@dataclass(frozen=True)
class _Power:
    """What a datacenter module needs beyond its facility entry: each site's region,
    the planning years and the pool's mean electricity price [USD/MWh]."""

    regions: list[str]
    years: np.ndarray
    pool_usd_per_mwh: float
    site_pue: dict[str, float] = dataclasses.field(default_factory=dict)  # by plan name
    plan_pue: float | None = None  # the unit of datacenter rows (MW at this PUE)
    price_multiplier: float = 1.0  # datacenters.electricity_price_multiplier (grid modules)
    dollars: float = 1.0  # the tables' money to the currency_year (data_dollars)


def _datacenter(f: Any, fid: str, spec: _SiteSpec, region: str, power: _Power) -> _Module:
    """A datacenter module at a site (:func:`tigris.plan.assemble_energy.datacenter_module`),
    spend and output profiles overridable as any module's; no subsidy unless the
    facility gives its own share (the sites' subsidies are fab grants)."""
    from tigris.plan.assemble_energy import datacenter_module

    base = datacenter_module(
        f,
        fid,
        spec.module_capacity.get(fid),
        region,
        power.years,
        power.pool_usd_per_mwh,
        site_pue=power.site_pue.get(spec.name),
        plan_pue=power.plan_pue,
        price_multiplier=power.price_multiplier,
        dollars=power.dollars,
    )
    capex = base["capex_usd"]
    return _Module(
        capacity=base["capacity"],
        line_yield=1.0,
        capex_usd=capex,
        subsidy_usd=float(f.subsidy_share or 0.0) * capex,
        spend=np.asarray(f.spend_profile or base["spend"], dtype=float),
        output=np.asarray(f.output_profile or base["output"], dtype=float),
        opex_usd_per_year=base["opex"],
        power_mw=base["power"],
        euv_tools=0.0,
        high_na_tools=0.0,
        equipment_share=base["equipment_share"],
        energy_premium_usd_per_year=base["energy_premium"],
    )


#: The source of a site value the scenario overrides, when it gives none of its own.
OVERRIDE_SOURCE = "scenario (overrides data/sites.csv)"
#: The site column a fab module's capex grant is read from (``data/sites.csv``).
GRANT_COLUMN = "subsidy_share_of_capex"


def _note_grant(
    spec: _SiteSpec,
    row: dict[str, Any],
    allowed_ids: Sequence[str],
    by_id: dict[str, Any],
    notes: _Assumptions,
) -> None:
    """The assumption row of an investor's site's capex grant, ``subsidy_share_of_capex``,
    when the table gives it and the site may build a fab module (logic, CoWoS, HBM: a
    data centre takes only its facility's ``subsidy_share``), cited to the ``--data``
    file that sets it or to ``data/sites.csv``'s row. A scenario's own value is noted
    with its overrides. Before, a grant read from the table was in no assumption row,
    though it moves where the plan builds (user test 2026-12-07, scenario author #3:
    Germany's 50 % and a ``--data`` site's 30 % were not listed)."""
    from tigris.overlay import overlay_source, shipped_row

    share = _num(row.get(GRANT_COLUMN))
    fabs = any(by_id[f].kind != "datacenter" for f in allowed_ids if f in by_id)
    if spec.owner != INVESTOR or GRANT_COLUMN in spec.overrides or share is None or not fabs:
        return
    cited = overlay_source("sites", spec.site, GRANT_COLUMN)
    # not the overlay's: the shipped row's words and date (a --data entry that keeps
    # the shipped share carries its own source text; reproducibility test, s58, #7)
    shipped = None if cited else shipped_row("sites", spec.site)
    quoted = shipped if shipped is not None else row
    basis = _grant_basis(str(quoted.get("source", "")), share)
    src = cited or f"data/sites.csv ({basis}; as_of {quoted.get('as_of')})"
    notes.add(f"{spec.site}: {GRANT_COLUMN}", share, _OVERRIDE_UNITS.get(GRANT_COLUMN, "-"), src)


#: How much of a sites.csv row's source the grant's assumption row quotes [characters].
_BASIS_CHARS = 240


def _grant_basis(source: str, share: float) -> str:
    """The part of a ``data/sites.csv`` row's source that gives its subsidy share: its
    ``Subsidy`` sentence (the rows write ``Subsidy 0.70 = ...``), cut at
    :data:`_BASIS_CHARS` with ``...``; a row without one says so (user test s57, fab
    siting #6: the grant's row quoted the row's construction-time text).

    Examples
    --------
    >>> _grant_basis("Construction 24 months (CSET). Subsidy 0.10 = CHIPS $6.6B. Water 2.", 0.1)
    'Subsidy 0.10 = CHIPS $6.6B'
    >>> _grant_basis("Construction 21 months (CSET).", 0.0)
    'its source names no capex grant: none is counted'
    """
    import re

    at = source.find("Subsidy")
    if at < 0:
        return (
            "its source names no capex grant: none is counted"
            if share == 0
            else source[:_BASIS_CHARS].rstrip() + "..."
        )
    text = source[at:]
    end = re.search(r"\.\s+(?=[A-Z])", text)  # the sentence's end: a new one starts
    text = text[: end.start()] if end else text.rstrip(".")
    return text if len(text) <= _BASIS_CHARS else text[:_BASIS_CHARS].rstrip() + "..."


def _capped(mod: _Module, site: str, dollars_of: int) -> _Module:
    """A fab module (logic, CoWoS, HBM) whose subsidy is at most its site's programme.

    ``min(G, A)``: ``G`` the module's subsidy (its facility's or its site's share of its
    capex) and ``A`` the total of the smallest programme naming the site
    (:func:`tigris.fab.data.subsidy_cap`) in US dollars of ``dollars_of``, the plan's
    ``currency_year`` (:meth:`tigris.fab.data.SubsidyRow.usd_of`: its ``amount_usd``
    moved from its ``price_year`` by the CPI-U), as ``tigris fab`` caps one fab
    (:func:`tigris.fab.data.subsidy_usd`, which a logic module priced by the fab
    layer already took). CoWoS and HBM modules, priced from ``data/facility_types.csv``
    at share x capex, and a facility's own ``subsidy_share``, were not capped. The
    sum over a site's modules is checked after the solve, not bounded
    (:mod:`tigris.plan.subsidy_cap`).

    Parameters
    ----------
    mod : _Module
        The module, its money in dollars of ``dollars_of`` [USD].
    site : str
        Its ``sites.csv`` site.
    dollars_of : int
        The plan's ``currency_year`` (:func:`plan_dollars_of`) [year].

    Returns
    -------
    _Module
        ``mod``, its ``subsidy_usd`` at most the programme's total [USD of
        ``dollars_of``].

    References
    ----------
    ``data/subsidy_programmes.csv`` (the programme totals and their sources); BLS CPI-U
    annual averages (``data/fab_price_index.csv``).
    """
    from tigris.plan.subsidy_cap import site_caps

    [cap] = site_caps([site])
    if cap is None:
        return mod
    most = cap.usd_of(dollars_of)
    if mod.subsidy_usd <= most:
        return mod
    return dataclasses.replace(mod, subsidy_usd=most)


def _modules(
    sc: Scenario,
    specs: list[_SiteSpec],
    fac_ids: list[str],
    notes: _Assumptions,
    power: _Power | None = None,
) -> dict[tuple[int, int], _Module]:
    """The module of every (site, facility type) allowed; datacenter modules need
    ``power`` (each site's region, the years and the pool's price). Logic modules are
    priced in US dollars of the scenario's ``currency_year`` (:func:`plan_dollars_of`)."""
    dollars_of = plan_dollars_of(sc)
    to_plan = data_dollars(sc)  # the facility table's money to the currency_year
    site_rows = _site_rows()
    table = _facility_table()
    by_id = {facility_id(f.kind, f.node, f.power): f for f in sc.facilities}
    fab_cache: dict[tuple[str, float, str], dict[str, Any]] = {}
    modules: dict[tuple[int, int], _Module] = {}
    for s, spec in enumerate(specs):
        site, overrides = spec.site, spec.overrides
        allowed_ids = spec.facilities if spec.facilities is not None else tuple(by_id)
        site_values = {**site_rows.get(site, {}), **overrides}
        share = _num(site_values.get("subsidy_share_of_capex"))
        fab_site = _fab_site(site, overrides, dollars_of)
        for key, value in overrides.items():
            unit = _OVERRIDE_UNITS.get(key, "-")
            # the scenario's own source for it, in this row (not a second one: user test
            # 2026-12-07, scenario author #8)
            given = sc.sources.get(f"sites.{spec.name}.{key}")
            src = f"{OVERRIDE_SOURCE}: {given}" if given else OVERRIDE_SOURCE
            notes.add(f"{site}: {key}", value, unit, src)
        _note_grant(spec, site_rows.get(site, {}), allowed_ids, by_id, notes)
        for k, fid in enumerate(fac_ids):
            f = by_id.get(fid)
            if f is None or fid not in allowed_ids:
                continue
            if spec.kinds is not None and not _allowed(f.kind, fid, spec.kinds):
                continue
            if f.kind == "datacenter":
                if power is None:
                    continue
                mod = modules[s, k] = _datacenter(f, fid, spec, power.regions[s], power)
                first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
                # facility MW (what is built and priced) and, where the plan's PUE is not
                # the module's, the MW the rows count it as (IT MW x the plan's pue)
                size = f"{mod.power_mw:g} MW"
                if power.plan_pue is not None and abs(mod.capacity - mod.power_mw) > 1e-9:
                    unit = f"{power.plan_pue:g}" + ("" if "." in f"{power.plan_pue:g}" else ".0")
                    size += f" ({mod.capacity:.1f} at PUE {unit}, the plan's rows)"
                notes.add(
                    f"{spec.name} {fid}: module",
                    f"{size} ({power.regions[s]}), {mod.capex_usd / 1e9:.2f}B USD "
                    f"({mod.equipment_share:.0%} equipment), first output {first} yr after "
                    f"start, fixed opex "
                    f"{(mod.opex_usd_per_year - mod.energy_premium_usd_per_year) / 1e6:,.1f}M "
                    "USD/yr; energy premium over the pool's at full use "
                    f"{mod.energy_premium_usd_per_year / 1e6:+,.1f}M USD/yr (docs/energy.md)",
                    "per module",
                    "data/datacenter_types.csv, data/grid.csv lead time (tigris.energy.data); "
                    "no site cost multiplier (docs/energy.md, Scenario)",
                )
                continue
            row = table[f.kind]
            size = float(
                spec.module_capacity.get(fid) or f.module_capacity or row["module_capacity"]
            )
            if f.kind == "logic":
                # always the fab layer's module: its output (starts x line yield) is the
                # plan's capacity, and it fills any field the scenario leaves out
                node = f.node or _kind_and_node(fid)[1]
                key = (node, size, site)
                if overrides or key not in fab_cache:
                    # the facility type's variable cost per wafer (its module size)
                    variable = logic_variable_cost(
                        node, float(f.module_capacity or row["module_capacity"]), dollars_of
                    )
                    fab_cache[key] = (
                        _module_from_fab(node, size, fab_site, variable, dollars_of)
                        if overrides
                        else _shipped_fab_module(node, size, site, variable, dollars_of)
                    )
                base = fab_cache[key]
                src = f"tigris.fab.fab_model (dollars_of={dollars_of}, the currency_year)"
            else:
                base = _module_from_table(row, site_values, own=f)
                scaled, kept = _scale_to_size(base, f, size / float(row["module_capacity"]))
                # the row's money in the currency_year; a capex the scenario writes is in
                # it already (its opex override replaces base["opex"] in _module)
                if f.capex_usd is None:
                    base["capex_usd"] *= to_plan
                base["opex"] *= to_plan
                # the scenario's own capex or profiles stand in for the row's: the source
                # says so (UT-SCEN 2026-12-05 #7: it named the row alone)
                own = [k for k in _OWN_MODULE_FIELDS if getattr(f, k, None) is not None]
                # the facility's capex and profiles are the quoted module's, now moved
                f = f.model_copy(
                    update={"capex_usd": None, "spend_profile": None, "output_profile": None}
                )
                quoted = str(row.get("priced_at_site"))
                where = (
                    f"quoted at {site}"
                    if quoted == site and not set(overrides) & set(TABLE_MODULE_SITE_FIELDS)
                    else f"moved from {quoted} to {site} by its construction_cost_multiplier, "
                    "construction_months, ramp_months (docs/scenario-files.md)"
                )
                src = f"facility_types.csv, {where} ({str(row['source'])[:100]}...)"
                src += cpi_note(to_plan)
                if scaled:
                    src += (
                        f"; {', '.join(scaled)} scaled by {size:g} / "
                        f"{float(row['module_capacity']):g} {CAPACITY_UNITS[f.kind]}, the "
                        "module_capacity given over the row's (per unit of capacity as the "
                        "row's: tigris assumption, no sourced size scale for these lines)"
                    )
                if kept:
                    src += f"; the facility's own, not scaled: {', '.join(kept)}"
                if own:
                    src = f"the scenario's {f.kind} facility: {', '.join(own)} (the rest: {src})"
            mod = _capped(_module(f, size, base, share or 0.0), site, dollars_of)
            modules[s, k] = mod
            first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
            notes.add(
                f"{spec.name} {fid}: module",
                f"{size:g} {CAPACITY_UNITS[f.kind]}, {mod.capex_usd / 1e9:.2f}B USD "
                f"({mod.equipment_share:.0%} equipment), first output {first} yr after "
                f"start ({START_MEANS if f.kind == 'logic' else START_MEANS_TABLE}), "
                f"{mod.euv_tools:g} EUV, fixed opex "
                f"{mod.opex_usd_per_year / 1e6:,.0f}M USD/yr",
                "per module",
                src,
            )
    return modules


#: A CoWoS or HBM module's quantities that grow with its size, and the facility field
#: that, when the scenario gives it, stands instead (:func:`_scale_to_size`).
_SIZED_FIELDS = {
    "capex_usd": "capex_usd",
    "opex": "opex_usd_per_year",
    "power": "power_mw",
    "euv": "euv_tools",
    "high_na": "high_na_tools",
}


def _scale_to_size(base: dict[str, Any], f: Any, ratio: float) -> tuple[list[str], list[str]]:
    """Scale a CoWoS or HBM module of ``data/facility_types.csv`` to the
    ``module_capacity`` a scenario gives it: capex, fixed opex, power and scanners times
    ``ratio`` (the size given over the row's), each unless the facility gives its own.

    The row prices one module of its ``module_capacity`` (10,000 wspm of CoWoS, 50,000
    of HBM); a module four times as large took four times the wafers at the row's
    capex, power and tools (user test 2026-12-07, scenario author #4: 40,000 wspm of
    CoWoS for US$1.50B). Linear in size is a tigris assumption, cost per unit of
    capacity as quoted: no source gives these lines a size scale (a logic fab's is the
    fab layer's, ``fab_parameters.csv`` ``size_scale_*``).

    Parameters
    ----------
    base : dict
        The module from :func:`tigris.plan.module_costs._module_from_table`, changed in
        place.
    f : Facility
        The scenario's facility (its own ``capex_usd``, ``opex_usd_per_year``,
        ``power_mw``, ``euv_tools``, ``high_na_tools`` are not scaled).
    ratio : float
        The module's capacity over the row's [-].

    Returns
    -------
    scaled, kept : list of str
        The facility fields scaled, and those kept as the facility gives them (the
        module it means); both empty when ``ratio`` is 1.
    """
    scaled: list[str] = []
    kept: list[str] = []
    if ratio == 1.0:
        return scaled, kept
    for key, field in _SIZED_FIELDS.items():
        if getattr(f, field, None) is None:
            base[key] *= ratio
            scaled.append(field)
        else:
            kept.append(field)
    return scaled, kept


def _module_arrays(
    modules: dict[tuple[int, int], _Module], n_s: int, n_k: int
) -> dict[str, np.ndarray]:
    """Stack modules into the (S, K) and (S, K, L) arrays of :class:`PlanInputs`.

    A slot with no module (not allowed) keeps capacity 1, cost 0 and a spend profile of
    1 in the start year, so every profile is well formed; its build is bounded to 0.
    """
    n_lag = max([max(len(m.spend), len(m.output)) for m in modules.values()] or [1])
    scalars = {
        "module_capacity": ("capacity", 1.0),
        "module_yield": ("line_yield", 1.0),
        "capex_usd": ("capex_usd", 0.0),
        "subsidy_usd": ("subsidy_usd", 0.0),
        "opex_usd_per_year": ("opex_usd_per_year", 0.0),
        "power_mw": ("power_mw", 0.0),
        "euv_tools": ("euv_tools", 0.0),
        "high_na_tools": ("high_na_tools", 0.0),
        "equipment_share": ("equipment_share", 1.0),
    }
    out = {name: np.full((n_s, n_k), fill) for name, (_, fill) in scalars.items()}
    out["allowed"] = np.zeros((n_s, n_k), dtype=bool)
    out["spend"] = np.zeros((n_s, n_k, n_lag))
    out["spend"][..., 0] = 1.0
    out["output"] = np.zeros((n_s, n_k, n_lag))
    for key, mod in modules.items():
        out["allowed"][key] = True
        for name, (attr, _) in scalars.items():
            out[name][key] = getattr(mod, attr)
        out["spend"][key] = 0.0
        out["spend"][key][: len(mod.spend)] = mod.spend
        out["output"][key][: len(mod.output)] = mod.output
        out["output"][key][len(mod.output) :] = mod.output[-1]
    return out


def _site_limits(specs: list[_SiteSpec]) -> dict[str, np.ndarray]:
    """(S,) module limits, commitments and power limits of the sites."""
    return {
        "max_modules": np.array([x.max_modules for x in specs], dtype=float),
        "min_modules": np.array([x.min_modules for x in specs], dtype=float),
        "power_limit_mw": np.array([x.power_limit_mw for x in specs], dtype=float),
    }
