"""Sites and modules of a plan: the investor's and, when incumbents respond, theirs.

Part of :mod:`tigris.plan.assemble` (which strings the jobs together): one
:class:`_SiteSpec` per site the plan may build at, the :class:`_Module` of each
(site, facility type) allowed, priced by the fab layer (logic) or
``data/facility_types.csv`` (CoWoS, HBM), and their (S, K) and (S, K, L) arrays.
Also the small helpers both modules use (the assumptions table, number parsing).

Every cost taken from the fab layer (a logic module's capex, fixed opex, subsidy and
the variable cost of a logic wafer) is in US dollars of the scenario's
``currency_year`` (:func:`plan_dollars_of`: ``fab_model(..., dollars_of=currency_year)``,
tools by the BLS PPI for semiconductor machinery, building, hook-up and running costs
by the CPI-U; :mod:`tigris.fab.dollars`). The facility table's CoWoS and HBM figures
carry no price year and are taken as quoted (``docs/finance.md``, "Money of which
year").
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tigris.data import data_cache, list_tables, load_table
from tigris.plan.inputs import CAPACITY_UNITS, INVESTOR, MONTHS_PER_YEAR
from tigris.scenario import Scenario, facility_id, resolve_site


def _profile(text: Any) -> list[float] | None:
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return None
    return [float(x) for x in str(text).split("|")]


def _facility_table() -> dict[str, dict[str, Any]]:
    return {str(r["kind"]): r for r in load_table("facility_types").to_dict("records")}


def _site_rows() -> dict[str, dict[str, Any]]:
    if "sites" not in list_tables():
        return {}
    return {str(r["site"]).lower(): r for r in load_table("sites").to_dict("records")}


def _num(x: Any) -> float | None:
    if x is None:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _given(value: Any, default: Any) -> Any:
    """The scenario's value when given (not None), else the layer's default."""
    return default if value is None else value


class _Assumptions:
    def __init__(self) -> None:
        self.rows: list[tuple[str, Any, str, str]] = []

    def add(self, parameter: str, value: Any, unit: str, source: str) -> None:
        self.rows.append((parameter, value, unit, source))

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["parameter", "value", "unit", "source"])


def _kind_and_node(fid: str) -> tuple[str, str]:
    if fid.startswith("datacenter"):  # datacenter, datacenter-gas, datacenter-solar
        return "datacenter", ""
    return ("logic", fid[len("logic-") :]) if fid.startswith("logic-") else (fid, "")


# --- modules per site -----------------------------------------------------------------


@dataclass(frozen=True)
class _Module:
    """One module of a facility type at a site, as the plan sees it."""

    capacity: float
    line_yield: float
    capex_usd: float
    subsidy_usd: float
    spend: np.ndarray
    output: np.ndarray
    opex_usd_per_year: float
    power_mw: float
    euv_tools: float
    high_na_tools: float
    equipment_share: float = 1.0
    #: The part of ``opex_usd_per_year`` that is a data-centre module's energy premium
    #: over the pool's at full use [USD/year] (0 for fabs; negative when its own energy
    #: is cheaper): the assumptions print the fixed opex without it (user test #5).
    energy_premium_usd_per_year: float = 0.0


def plan_dollars_of(sc: Scenario) -> int:
    """The year whose US dollars the plan's fab-layer costs are in [year]: the
    scenario's ``currency_year``.

    Refused (one line naming ``currency_year``) outside the years every price index of
    :mod:`tigris.fab.dollars` has a value for (:func:`~tigris.fab.dollars.published_years`):
    a plan does not extrapolate an index past its last published year.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.

    Returns
    -------
    int
        The currency year [year].

    Raises
    ------
    InputError
        If ``currency_year`` is outside the indices' years (field ``currency_year``).

    References
    ----------
    ``docs/finance.md``, "Money of which year"; U.S. Bureau of Labor Statistics CPI-U and
    PPI PCU333242333242 (``data/fab_price_index.csv``,
    ``data/fab_equipment_price_index.csv``).
    """
    from tigris.fab.dollars import check_published_year

    return check_published_year(int(sc.currency_year), field="currency_year")


#: Site whose fab-layer costs price the variable cost of a logic wafer, for every site
#: and existing line alike (the contract of issue 11: the world's leading-edge wafers
#: are made there; ``docs/finance.md``).
VARIABLE_COST_SITE = "taiwan"
#: The fab layer's cash opex that does not scale with wafers out [USD/year]; the rest of
#: its cash opex (:data:`VARIABLE_OPEX`) is charged per finished wafer.
FIXED_OPEX = ("labour", "maintenance")
#: The fab layer's cash opex that scales with wafers out: per finished wafer, the
#: plan's variable cost of a logic wafer (``docs/finance.md``, "Cash flows").
VARIABLE_OPEX = ("materials", "energy", "water")


@data_cache  # the data tables' numbers only: computed once per overlay
def logic_variable_cost(node: str, wspm: float, dollars_of: int) -> float:
    """Variable cash cost of one finished logic wafer [USD of ``dollars_of``/wafer]: the
    fab layer's materials, energy and water of a module of ``wspm`` at
    :data:`VARIABLE_COST_SITE`, per finished wafer at full output, in US dollars of
    ``dollars_of`` (``fab_model(..., dollars_of=...)``: CPI-U from each figure's price
    year; ``docs/finance.md``, "Cash flows" and "Money of which year")."""
    from tigris.fab import fab_model

    r = fab_model(node, wspm, VARIABLE_COST_SITE, dollars_of=dollars_of)
    return sum(r.opex_breakdown_usd_per_year[x] for x in VARIABLE_OPEX) / r.wafers_per_year


def fixed_opex(r: Any, variable_cost_usd_per_wafer: float) -> float:
    """Fixed cash opex of a logic module [USD/year]: the fab layer's cash opex at its
    site (depreciation left out: the plan counts capex itself) less what the plan
    charges per finished wafer at full output.

    That is labour + maintenance (:data:`FIXED_OPEX`), plus the site's premium (or
    discount) on materials, energy and water over the per-wafer variable cost the plan
    charges every wafer of the node (priced at :data:`VARIABLE_COST_SITE`): at
    ``taiwan`` exactly labour + maintenance, and at any site fixed + variable cost x
    wafers at full output is the fab layer's cash opex there, so a site's electricity
    and water prices still reach the plan.

    Parameters
    ----------
    r : tigris.fab.FabResult
        The fab layer's module at its site.
    variable_cost_usd_per_wafer : float
        The plan's variable cost of one finished wafer of the node [USD/wafer].
    """
    cash = r.opex_breakdown_usd_per_year
    site_variable = sum(cash[x] for x in VARIABLE_OPEX)
    premium = site_variable - variable_cost_usd_per_wafer * r.wafers_per_year
    return float(sum(cash[x] for x in FIXED_OPEX) + premium)


def _module_from_fab(
    node: str, wspm: float, site: Any, variable: float, dollars_of: int | None = None
) -> dict[str, Any]:
    """The fab layer's logic module in US dollars of ``dollars_of`` (tools by the PPI for
    semiconductor machinery, building and hook-up by the CPI-U, :mod:`tigris.fab.dollars`;
    None: all of it in dollars of the node's capex price year, as ``fab_model``'s default;
    the plan always passes its :func:`plan_dollars_of`): every field the plan may take
    from it; its fixed opex given the plan's ``variable`` cost per finished wafer of the
    node [USD/wafer] (:func:`fixed_opex`)."""
    from tigris.fab import fab_model

    r = fab_model(node, wspm, site, dollars_of=dollars_of)
    equipment = r.capex_usd - r.capex_breakdown_usd["building"]
    return {
        "capex_usd": float(r.capex_usd),
        "spend": np.asarray(r.capex_spend_fraction_by_year, dtype=float),
        "output": np.asarray(r.output_fraction_by_year, dtype=float),
        "opex": fixed_opex(r, variable),
        "equipment_share": float(equipment / r.capex_usd),
        "power": float(r.power_mw),
        "euv": float(r.euv_tools),
        "high_na": float(r.high_na_tools),
        "subsidy": float(r.subsidy_usd),
        # finished wafers out per wafer started: the fab layer's own output number
        "yield": float(r.wafers_per_year) / (MONTHS_PER_YEAR * wspm),
    }


@data_cache
def _fab_module_of_tables(
    node: str, wspm: float, site: str, variable: float, dollars_of: int
) -> dict[str, Any]:
    return _module_from_fab(node, wspm, site, variable, dollars_of)


def _shipped_fab_module(
    node: str, wspm: float, site: str, variable: float, dollars_of: int
) -> dict[str, Any]:
    """:func:`_module_from_fab` at a site without overrides: a function of the data
    tables only, so computed once per overlay (a sweep asks for the same modules in
    every member); arrays copied, so no caller can change the cached module."""
    cached = _fab_module_of_tables(node, wspm, site, variable, dollars_of)
    return {k: v.copy() if isinstance(v, np.ndarray) else v for k, v in cached.items()}


def _module_from_table(row: dict[str, Any]) -> dict[str, Any]:
    """A CoWoS or HBM module from ``data/facility_types.csv``: its fixed cash opex is the
    table's opex x (1 - ``variable_share_of_opex``) and its equipment share
    ``equipment_share_of_capex`` (``data/finance_parameters.csv``)."""
    from tigris.finance.prices import finance_parameter

    kind = str(row["kind"])
    variable = finance_parameter("variable_share_of_opex", kind)
    return {
        "capex_usd": float(row["capex_usd"]),
        "spend": np.array(_profile(row["spend_profile"])),
        "output": np.array(_profile(row["output_profile"])),
        "opex": (1.0 - variable) * float(row["opex_usd_per_year"]),
        "equipment_share": finance_parameter("equipment_share_of_capex", kind),
        "power": float(row["power_mw"]),
        "euv": float(row["euv_tools"]),
        "high_na": float(row["high_na_tools"]),
        "subsidy": None,
        "yield": 1.0,
    }


def _module(f: Any, size: float, base: dict[str, Any], site_share: float) -> _Module:
    """A module from the layer's defaults ``base`` with the scenario's overrides ``f``.

    The subsidy is the facility's own share of capex if given; else the fab layer's
    (site share × its capex) unless the scenario overrides capex; else the site's share
    of the capex used.
    """
    capex = float(_given(f.capex_usd, base["capex_usd"]))
    if f.subsidy_share is not None:
        subsidy = f.subsidy_share * capex
    elif base["subsidy"] is not None and f.capex_usd is None:
        subsidy = base["subsidy"]
    else:
        subsidy = site_share * capex
    return _Module(
        capacity=size,
        line_yield=base["yield"],
        capex_usd=capex,
        subsidy_usd=min(subsidy, capex),
        spend=np.asarray(f.spend_profile or base["spend"], dtype=float),
        output=np.asarray(f.output_profile or base["output"], dtype=float),
        opex_usd_per_year=float(_given(f.opex_usd_per_year, base["opex"])),
        power_mw=float(_given(f.power_mw, base["power"])),
        euv_tools=float(_given(f.euv_tools, base["euv"])),
        high_na_tools=float(_given(f.high_na_tools, base["high_na"])),
        equipment_share=float(base["equipment_share"]),
    )


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
                    name=f"{_slug(owner)}@{site}",
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
    site_rows = _site_rows()
    table = _facility_table()
    by_id = {facility_id(f.kind, f.node, f.power): f for f in sc.facilities}
    fab_cache: dict[tuple[str, float, str], dict[str, Any]] = {}
    modules: dict[tuple[int, int], _Module] = {}
    for s, spec in enumerate(specs):
        site, overrides = spec.site, spec.overrides
        allowed_ids = spec.facilities if spec.facilities is not None else tuple(by_id)
        share = _num({**site_rows.get(site, {}), **overrides}.get("subsidy_share_of_capex"))
        fab_site = _fab_site(site, overrides, dollars_of)
        for key, value in overrides.items():
            unit = _OVERRIDE_UNITS.get(key, "-")
            notes.add(f"{site}: {key}", value, unit, "scenario (overrides data/sites.csv)")
        for k, fid in enumerate(fac_ids):
            f = by_id.get(fid)
            if f is None or fid not in allowed_ids:
                continue
            if spec.kinds is not None and f.kind not in spec.kinds:
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
                base = _module_from_table(row)
                src = f"facility_types.csv ({str(row['source'])[:100]}...)"
            mod = _module(f, size, base, share or 0.0)
            modules[s, k] = mod
            first = int(np.argmax(mod.output > 0)) if np.any(mod.output > 0) else -1
            notes.add(
                f"{spec.name} {fid}: module",
                f"{size:g} {CAPACITY_UNITS[f.kind]}, {mod.capex_usd / 1e9:.2f}B USD "
                f"({mod.equipment_share:.0%} equipment), first output {first} yr after "
                f"start, {mod.euv_tools:g} EUV, fixed opex "
                f"{mod.opex_usd_per_year / 1e6:,.0f}M USD/yr",
                "per module",
                src,
            )
    return modules


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
