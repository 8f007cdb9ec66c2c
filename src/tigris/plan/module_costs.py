"""What one module of a facility type costs at a site: the fab layer's logic module or
a ``data/facility_types.csv`` row moved there, with the scenario's overrides.

Part of the plan's site assembly (:mod:`tigris.plan.assemble_sites`, which re-exports
every name other modules import): :class:`_Module` (one module as the plan sees it),
:func:`plan_dollars_of` (the US dollars the fab layer's costs are in), the logic
module from :func:`tigris.fab.fab_model` (:func:`logic_variable_cost`,
:func:`fixed_opex`, :func:`_module_from_fab`), the CoWoS and HBM module from the
facility table moved from its ``priced_at_site`` (:func:`_module_from_table`, by
:mod:`tigris.plan.module_move`), and :func:`_module`, which lays the scenario's
facility over either. Also the small helpers the assembly modules share (number
parsing, the assumptions table).

References: ``docs/finance.md``, "Money of which year" and "Cash flows" (fab-layer
costs in US dollars of ``currency_year``: tools by the BLS PPI for semiconductor
machinery, the rest by the CPI-U, :mod:`tigris.fab.dollars`; the facility table's CoWoS
and HBM figures carry no price year and are taken as quoted);
``docs/scenario-files.md``, "What a site's overrides reach"; ``data/facility_types.csv``,
``data/finance_parameters.csv``, ``data/sites.csv``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from tigris.data import data_cache, list_tables, load_table
from tigris.plan.inputs import MONTHS_PER_YEAR
from tigris.plan.module_move import capex_at_site, moved_profiles
from tigris.scenario import Scenario


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
    year; ``docs/finance.md``, "Cash flows" and "Money of which year").

    Parameters
    ----------
    node : str
        The logic node (``N3``, ``A14``, ...).
    wspm : float
        The module's capacity [wafer starts per month].
    dollars_of : int
        The year whose US dollars the cost is in [year].

    Returns
    -------
    float
        Variable cost per finished wafer [USD of ``dollars_of``/wafer].
    """
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

    Returns
    -------
    float
        The module's fixed cash opex [USD/year] (may be below labour + maintenance at a
        site cheaper than :data:`VARIABLE_COST_SITE`).
    """
    cash = r.opex_breakdown_usd_per_year
    site_variable = sum(cash[x] for x in VARIABLE_OPEX)
    premium = site_variable - variable_cost_usd_per_wafer * r.wafers_per_year
    return float(sum(cash[x] for x in FIXED_OPEX) + premium)


def _from_start(r: Any) -> tuple[np.ndarray, np.ndarray]:
    """A fab layer module's spend and output shares by year from its start, the
    decision to build: permit and design, construction, ramp, as ``tigris fab`` prints
    them (``r.permit_years``, ``r.build_years``, ``r.ramp_years``, the site's
    ``data/sites.csv`` months), through the fab layer's own timeline,
    :func:`tigris.fab.curves.fab_timeline` (S37: the plan used to count from
    groundbreaking and skip the permit time, UT-ANALYST #6)."""
    from tigris.fab import fab_param
    from tigris.fab.curves import fab_timeline

    building_share = float(r.capex_breakdown_usd["building"]) / float(r.capex_usd)
    spend, output = fab_timeline(
        float(r.permit_years),
        float(r.build_years),
        float(r.ramp_years),
        fab_param("ramp_logistic_steepness", r.node, r.site),
        fab_param("tool_install_months", r.node, r.site) / MONTHS_PER_YEAR,
        building_share,
    )
    return np.asarray(spend, dtype=float), np.asarray(output, dtype=float)


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
    spend, output = _from_start(r)
    return {
        "capex_usd": float(r.capex_usd),
        "spend": spend,
        "output": output,
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


#: ``data/sites.csv`` fields that move a CoWoS or HBM module away from the site its
#: ``data/facility_types.csv`` row is priced at (``priced_at_site``).
TABLE_MODULE_SITE_FIELDS = ("construction_cost_multiplier", "construction_months", "ramp_months")


def _site_number(values: dict[str, Any], key: str) -> float | None:
    return _num(values.get(key)) if values else None


def _quoted_site_row(site: str) -> dict[str, Any] | None:
    """The shipped ``data/sites.csv`` row of a quote's ``priced_at_site``: the values
    the quoted capex and profiles are normalised to, part of the quote itself. A
    ``--data`` overlay or a risk draw of that site's row (``data.sites.taiwan...``)
    moves the modules built there, as at any site, not the quote's baseline (else a
    longer Taiwan build would leave the CoWoS line at taiwan as quoted and speed up
    every other site's)."""
    from tigris.data import using_overlay

    with using_overlay(None):
        return _site_rows().get(site.lower())


def _module_from_table(
    row: dict[str, Any], site_values: dict[str, Any] | None = None, own: Any = None
) -> dict[str, Any]:
    """A CoWoS or HBM module from ``data/facility_types.csv``: its fixed cash opex is the
    table's opex x (1 - ``variable_share_of_opex``) and its equipment share
    ``equipment_share_of_capex`` (``data/finance_parameters.csv``).

    ``site_values`` (the ``data/sites.csv`` row of the site it is built at, with the
    scenario's overrides) moves it from the row's ``priced_at_site`` (its shipped row,
    :func:`_quoted_site_row`): capex by
    :func:`capex_at_site` (the two sites' ``construction_cost_multiplier``), spend and
    output by :func:`moved_profiles` (their ``construction_months`` and
    ``ramp_months``). Its years count from groundbreaking, as the row is quoted: unlike
    a logic module (:func:`_from_start`), the site's permit months are not added yet
    (``docs/plan.md``, "Fab modules start at the decision to build"). Its opex, power
    and tools stay the table's: the row's opex is one figure, with no sourced labour or
    energy share, so a site's labour and electricity prices do not reach it
    (``docs/scenario-files.md``, "What a site's overrides reach").

    ``own`` (the scenario's facility) replaces the row's ``capex_usd``,
    ``spend_profile`` and ``output_profile`` where it gives them: they are the module as
    quoted at ``priced_at_site``, moved to the site as the row's are (so a facility that
    restates the row's values plans as one that does not).
    """
    from tigris.finance.prices import finance_parameter

    kind = str(row["kind"])
    variable = finance_parameter("variable_share_of_opex", kind)
    capex = float(_given(getattr(own, "capex_usd", None), row["capex_usd"]))
    equipment_share = finance_parameter("equipment_share_of_capex", kind)
    spend = np.asarray(
        getattr(own, "spend_profile", None) or _profile(row["spend_profile"]), dtype=float
    )
    output = np.asarray(
        getattr(own, "output_profile", None) or _profile(row["output_profile"]), dtype=float
    )
    priced_at = row.get("priced_at_site")
    quoted = _quoted_site_row(priced_at) if isinstance(priced_at, str) else None
    if site_values and quoted:
        from tigris.fab import fab_param

        m = _site_number(site_values, "construction_cost_multiplier")
        m0 = _site_number(quoted, "construction_cost_multiplier")
        if m is not None and m0:
            h = fab_param("tool_hookup_share_of_equipment")
            capex, equipment_share = capex_at_site(capex, equipment_share, h, m, m0)
        months = [
            (_site_number(site_values, k), _site_number(quoted, k))
            for k in ("construction_months", "ramp_months")
        ]
        if all(a is not None and b is not None for a, b in months):
            (b, b0), (r, r0) = months
            spend, output = moved_profiles(
                spend, output, (b - b0) / MONTHS_PER_YEAR, (r - r0) / MONTHS_PER_YEAR
            )
    return {
        "capex_usd": capex,
        "spend": spend,
        "output": output,
        "opex": (1.0 - variable) * float(row["opex_usd_per_year"]),
        "equipment_share": equipment_share,
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
