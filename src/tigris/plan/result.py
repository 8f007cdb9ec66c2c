"""The plan result: tables in long form, per ``docs/plan-result.md``.

A :class:`PlanResult` is what :func:`tigris.plan.solve` returns and what the reports
(:mod:`tigris.report`) read. It holds only plain data (pandas tables, strings and
numbers), writes itself to a directory of CSV files plus ``plan.json`` and reads itself
back.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from tigris.energy.fleet import POWER_COLUMNS
from tigris.errors import InputError, Problem
from tigris.finance.terminal import restore_steady, steady_keys
from tigris.jsonable import json_records
from tigris.plan.inputs import INVESTOR, OBJECTIVES
from tigris.plan.site_load import SITE_LOAD_COLUMNS, SITE_LOAD_TABLE, empty_site_load
from tigris.plan.summary import (
    PENALTY_TERM,
    finance_records,
    plan_headline,
    plan_sections,
    shortage_ends,
)

if TYPE_CHECKING:
    import xarray as xr

    from tigris.plan.inputs import PlanInputs
    from tigris.scenario import Scenario

__all__ = [
    "ADDED_COLUMNS",
    "ADDED_COLUMN_GROUPS",
    "ADDED_TABLES",
    "BINDING_KINDS",
    "FINANCE_TABLES",
    "FRAME_NAMES",
    "IN_SERVICE_COLUMN",
    "LEGACY_TABLES",
    "OBJECTIVES",
    "SAVED_COLUMNS",
    "SUBSIDY_COLUMNS",
    "SUBSIDY_TABLE",
    "SUPPLY_NOTES",
    "TABLE_COLUMNS",
    "WORLD",
    "Explanation",
    "PlanResult",
    "plan_headline",
    "power_from_legacy",
    "shortage_ends",
    "subsidy_table",
    "terms_without_noise",
]

#: The money columns of a cash-flow row, in order (``docs/finance.md``, "Cash flows");
#: a module's cash-flow table also has ``depreciation_usd`` (not a cash flow).
_MONEY_COLUMNS = (
    "capex_usd",
    "revenue_usd",
    "variable_cost_usd",
    "opex_usd",
    "tax_usd",
    "salvage_usd",
    "net_usd",
)
#: The tables of money (issue 11), saved and read like the others.
FINANCE_TABLES = (
    "cash_flows",
    "finance_modules",
    "finance_sites",
    "finance_owners",
    "finance_sources",
    "finance_flows",
)

#: Columns of every table, in order (``docs/plan-result.md``).
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "builds": (
        "site",
        "facility",
        "node",
        "start_year",
        "online_year",
        "modules",
        "capacity",
        "capacity_unit",
        "capex_usd",
        "owner",
        "baseline_modules",
        # the facility type's id, as the finance tables' and subsidies' ``facility``
        "facility_id",
    ),
    # maker: whose HBM lines a row is (S36 HBM-OUT #2; tigris.plan.summary.capacity_makers)
    "capacity": (
        "year",
        "facility",
        "node",
        "site",
        "available",
        "used",
        "unit",
        "owner",
        "maker",
    ),
    "production": ("year", "product", "units", "h100e"),
    "demand": (
        "year",
        "demand_class",
        "priority",
        "demand_h100e",
        "served_h100e",
        "unmet_h100e",
        "baseline_served_h100e",
        "added_h100e",
    ),
    "capex": ("year", "source", "capex_usd", "owner"),
    "capital": ("year", "source", "available_usd", "owner"),
    "tools": ("year", "tool", "used", "supply"),
    # tigris.energy.fleet.power_table: one row per year and region, "world" the totals
    "power": POWER_COLUMNS,
    "supply_by_source": ("year", "source", "h100e", "demand_h100e"),
    "assumptions": ("parameter", "value", "unit", "source"),
    # money (issue 11; tigris.finance.cashflow.finance_tables, docs/finance.md)
    "cash_flows": (
        "site",
        "facility",
        "start_year",
        "owner",
        "modules",
        "year",
        *_MONEY_COLUMNS[:4],
        "depreciation_usd",
        # the plant's steady replacement a year (not a cash flow; finance.cashflow)
        "replacement_usd",
        *_MONEY_COLUMNS[4:],
    ),
    "finance_modules": (
        "site",
        "facility",
        "start_year",
        "owner",
        "modules",
        "npv_usd",
        "irr",
        "payback_year",
    ),
    "finance_sites": ("site", "owner", "npv_usd", "irr", "payback_year"),
    "finance_owners": ("owner", "npv_usd", "irr", "payback_year"),
    "finance_sources": (
        "source",
        "owner",
        "drawn_usd",
        "share",
        "npv_usd",
        "irr",
        "payback_year",
    ),
    "finance_flows": ("level", "name", "year", *_MONEY_COLUMNS),
    # tigris.plan.shadow.shadow_prices
    "shadow_prices": (
        "year",
        "resource",
        "item",
        "unit",
        "value_usd",
        "method",
        "is_bound",
        "note",
    ),
}
#: The subsidy table (``docs/finance.md``, "Subsidy by site"): what each site's subsidy
#: is and buys, one row per site and facility type the investor may build there (and
#: per site and facility type another owner built): its ``region``, its ``owner``, the
#: ``modules`` started, the ``share`` of a module's capex the subsidy pays [-] and
#: where that share comes from (``source``), and over those modules the capex
#: spent within the horizon (``capex_usd``, gross), the subsidy's part of it
#: (``subsidy_usd``) and the owner's (``net_capex_usd``) [USD]. Its ``subsidy_usd``
#: sums to the ``capex`` table's ``subsidy`` rows. ``programme_cap_usd``: the total of
#: the smallest programme paying the site's fab grants (``data/subsidy_programmes.csv``,
#: in US dollars of the plan's ``currency_year``, moved from the row's ``price_year`` by
#: the CPI-U; NaN where none names the site and on data-centre rows), which
#: the site's fab rows' ``subsidy_usd`` summed may pass (:mod:`tigris.plan.subsidy_cap`).
SUBSIDY_TABLE = "subsidies"
SUBSIDY_COLUMNS = (
    "site",
    "region",
    "facility",
    "owner",
    "modules",
    "share",
    "source",
    "capex_usd",
    "subsidy_usd",
    "net_capex_usd",
    "programme_cap_usd",
)
#: Columns added after runs were first saved (issue 10: owners and the world without
#: the investor), with the value a run saved before them reads as: the investor owned
#: every site and source then; what it adds was not solved (NaN). ``supply_by_source``
#: is a table such a run lacks altogether (read as empty).
ADDED_COLUMNS: dict[str, dict[str, Any]] = {
    # baseline_modules: S42, UT-OWN #1 (a run saved before it: not known); facility_id:
    # said from facility and node on reading (_with_facility_ids; user test s57 #1)
    "builds": {"owner": INVESTOR, "baseline_modules": math.nan, "facility_id": ""},
    # S36 HBM-OUT #2: recomputed from the rows on reading (PlanResult.__post_init__)
    "capacity": {"owner": INVESTOR, "maker": ""},
    "demand": {"baseline_served_h100e": math.nan, "added_h100e": math.nan},
    "capex": {"owner": INVESTOR},
    "capital": {"owner": INVESTOR},
    "power": {  # issue 12 leftovers: on-site generation; usertest #6: supply, headroom
        "onsite_energy_twh": math.nan,
        "existing_mw_online": math.nan,
        "grid_built_mw_online": math.nan,
        "onsite_built_mw_online": math.nan,
        "grid_headroom_mw": math.nan,
        "grid_connected_mw": math.nan,
        "grid_headroom_left_mw": math.nan,
        # UT-GRID #2: the energy on the year-mean MW, beside energy_twh's year-end MW
        "energy_twh_year_mean": math.nan,
        # GAS (S36): the fuel the plan's on-site gas modules burn (not known before)
        "onsite_gas_mmbtu": math.nan,
        "onsite_gas_bcf_per_day": math.nan,
    },
    # filled from the source (SUPPLY_NOTES) on reading; the compute in service (S35)
    # recomputed on output (IN_SERVICE_COLUMN)
    "supply_by_source": {"note": "", "h100e_in_service": math.nan},
    # TV-ALT: unknown in a run saved before it, so no going concern is valued from it
    "cash_flows": {"replacement_usd": math.nan},
    # S35 SUBSIDY-CAP: the programme's total beside the site's subsidy (read as not known)
    SUBSIDY_TABLE: {"programme_cap_usd": math.nan},
}
#: Tables whose :data:`ADDED_COLUMNS` came in several additions, each addition's
#: columns, oldest first: a run saved between two additions lacks exactly the later
#: ones (``plan.saved._parse_csv``); a header lacking part of one addition is damaged.
ADDED_COLUMN_GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "builds": (("owner",), ("baseline_modules",), ("facility_id",)),
    "capacity": (("owner",), ("maker",)),
    "supply_by_source": (("note",), ("h100e_in_service",)),
    "power": (
        ("onsite_energy_twh",),
        (
            "existing_mw_online",
            "grid_built_mw_online",
            "onsite_built_mw_online",
            "grid_headroom_mw",
            "grid_connected_mw",
            "grid_headroom_left_mw",
        ),
        ("energy_twh_year_mean",),
        ("onsite_gas_mmbtu", "onsite_gas_bcf_per_day"),
    ),
}
#: The columns of each table's CSV in a saved run: :data:`TABLE_COLUMNS`, and
#: ``supply_by_source``'s ``note`` (:data:`SUPPLY_NOTES`; a text column the table
#: always carries, filled by :class:`PlanResult` from the source) and
#: :data:`IN_SERVICE_COLUMN`.
SAVED_COLUMNS: dict[str, tuple[str, ...]] = {
    **TABLE_COLUMNS,
    "supply_by_source": (*TABLE_COLUMNS["supply_by_source"], "note", "h100e_in_service"),
    SUBSIDY_TABLE: SUBSIDY_COLUMNS,  # not a TABLE_COLUMNS table; the runs store keeps it too
    # the data-centre load by site and year (UT-GRID #10; tigris.plan.site_load)
    SITE_LOAD_TABLE: SITE_LOAD_COLUMNS,
}
#: Every table of a plan by name, in the order of ``--json``: those of
#: :data:`TABLE_COLUMNS`, the subsidies and the site load (kept beside them), and the
#: ``binding`` sentences as a table. ``PlanResult.to_frame`` accepts each of them and
#: ``PlanResult.to_frames`` returns them all (UT-API #4: ``to_frame("site_load")``
#: was refused although ``to_frames()`` had it).
FRAME_NAMES: tuple[str, ...] = (*TABLE_COLUMNS, SUBSIDY_TABLE, SITE_LOAD_TABLE, "binding")
#: How to read a source's row of ``supply_by_source``, written beside it (its ``note``
#: column, in the CSV and the JSON records) so that the file read alone is not taken
#: for a bug; a source not named here has an empty note. ``incumbent existing``
#: (:data:`tigris.plan.counterfactual.EXISTING`): docs/plan.md, "The world without the
#: investor"; the reference's figures are the 2026 legacy fleet
#: (:func:`tigris.energy.fleet.legacy_fleet`, its IT power x PUE 1.2, 27,608 of the pool's
#: 27,610 MW at the scenario's PUE 1.2; checked in ``tests/test_leftovers_supply_note.py``),
#: whose row there is 2,261 H100e (re-read 2026-12-08). Only where the problem has a
#: ``datacenter`` kind (a power pool to hold flat; the ``power`` table's
#: ``datacenter_mw_online`` not all NaN): without one the row is the existing fabs'
#: output and has no note.
SUPPLY_NOTES: dict[str, str] = {
    "incumbent existing": (
        "capacity standing at the end of the history, its data-centre power held flat: "
        "where the fleet delivered before the horizon already fills that power (as on "
        "the reference, 19.0M H100e needing 27.6 GW of it in 2026), this row is what "
        "that power serves as old parts retire, not what the existing fabs could make "
        "(docs/plan.md, The world without the investor)"
    ),
}
#: ``supply_by_source``'s column of each source's compute in service [H100e], a stock
#: beside its ``h100e`` delivered a year (:func:`tigris.plan.in_service.supply_in_service`;
#: NaN where the run does not give its lives or basis). Computed from the table when a
#: result is written (CSV, JSON, :meth:`PlanResult.to_frame`), never kept on the result
#: itself, so a result read back says what the rule says.
IN_SERVICE_COLUMN = "h100e_in_service"
#: The ``power`` table of a run saved before issue 12 (energy): one row per year, the
#: new fabs' power and the fleet's facility power, world totals.
LEGACY_POWER_COLUMNS = ("year", "fab_power_mw", "compute_power_mw")
#: The region of the totals in the ``power`` table.
WORLD = "world"


def power_from_legacy(df: pd.DataFrame) -> pd.DataFrame:
    """A ``power`` table of a run saved before issue 12 in today's columns.

    ``compute_power_mw`` (the fleet's facility power, PUE included) becomes
    ``facility_mw_needed`` and ``fab_power_mw`` stays, both in region ``world``; what
    was not computed then (fleet IT power, data-centre capacity online, energy,
    emissions, electricity cost) is NaN.

    Parameters
    ----------
    df : pd.DataFrame
        The old ``power`` table: ``year``, ``fab_power_mw`` and ``compute_power_mw`` [MW].

    Returns
    -------
    pd.DataFrame
        One row per row of ``df``, with the columns of ``TABLE_COLUMNS["power"]``.

    Examples
    --------
    >>> old = pd.DataFrame({"year": [2027], "fab_power_mw": [100.0],
    ...     "compute_power_mw": [500.0]})
    >>> new = power_from_legacy(old)
    >>> new[["year", "region", "facility_mw_needed", "fab_power_mw"]].to_dict("records")
    [{'year': 2027, 'region': 'world', 'facility_mw_needed': 500.0, 'fab_power_mw': 100.0}]
    >>> bool(new["energy_twh"].isna().all())
    True
    """
    out = pd.DataFrame({c: [math.nan] * len(df) for c in TABLE_COLUMNS["power"]})
    out["year"] = df["year"].to_numpy()
    out["region"] = WORLD
    out["facility_mw_needed"] = df["compute_power_mw"].to_numpy(dtype=float)
    out["fab_power_mw"] = df["fab_power_mw"].to_numpy(dtype=float)
    return out


#: Tables whose header changed (not only grew), with the old header and how to read it.
LEGACY_TABLES = {"power": (LEGACY_POWER_COLUMNS, power_from_legacy)}
#: Columns of the ``power`` table the ``world`` row has no value for: a headroom is a
#: region's limit (``data/grid.csv``, ``datacenters.grid_headroom_mw``), not summed.
WORLD_NAN_COLUMNS = ("grid_headroom_mw", "grid_headroom_left_mw")


def _world_without_headroom(power: pd.DataFrame) -> pd.DataFrame:
    """``power`` with the ``world`` rows' :data:`WORLD_NAN_COLUMNS` NaN (a copy when
    changed; the table itself when it has no such rows or columns).

    >>> p = pd.DataFrame({"region": ["usa", "world"], "grid_headroom_mw": [5.0, math.inf],
    ...     "grid_headroom_left_mw": [1.0, math.inf]})
    >>> _world_without_headroom(p)["grid_headroom_mw"].tolist()
    [5.0, nan]
    """
    cols = [c for c in WORLD_NAN_COLUMNS if c in power.columns]
    if not cols or "region" not in power.columns:
        return power
    world = (power["region"] == WORLD).to_numpy()
    if not world.any() or power.loc[world, cols].isna().all().all():
        return power
    out = power.copy()
    out.loc[world, cols] = math.nan
    return out


#: Capital drawn below this in absolute value is solver noise, not money [USD]: HiGHS
#: returns draws within its primal feasibility tolerance (1e-7, HiGHS documentation,
#: ``primal_feasibility_tolerance``) of the bounds, which left -3.14e-05 and
#: +-3.09e-05 USD in the reference's capex table (usertest_money M11); a thousandth of
#: a dollar is far below the dollar every money table prints, and far above that noise.
CAPEX_NOISE_USD = 1e-3


def _capex_without_noise(capex: pd.DataFrame) -> pd.DataFrame:
    """The capex table with every ``capex_usd`` of absolute value below
    :data:`CAPEX_NOISE_USD` set to 0 (the same table when it has none)."""
    if "capex_usd" not in capex.columns or not len(capex):
        return capex
    x = pd.to_numeric(capex["capex_usd"], errors="coerce")
    noise = x.abs() < CAPEX_NOISE_USD
    if not noise.any() or not (x[noise] != 0).any():
        return capex
    out = capex.copy()
    out.loc[noise, "capex_usd"] = 0.0
    return out


#: Where a module's subsidy share comes from (``source``), by the rule of
#: :func:`tigris.plan.assemble_sites._module` (a facility's own share first, then its
#: site's; a data centre takes only its facility's: the sites' shares are fab grants).
SHARE_FROM_FACILITY = "scenario facilities[].subsidy_share"
SHARE_FROM_SITE_OVERRIDE = "scenario sites[].subsidy_share_of_capex"
SHARE_FROM_SITES_CSV = "data/sites.csv"
SHARE_NONE_DATACENTER = "none: a site's share is a fab grant, not a data centre's"


def sites_share_source(site: str) -> str:
    """Where a site's ``subsidy_share_of_capex`` of the sites table comes from, as the
    plan reads it: a cell set with ``tigris plan --set`` (its mark, ``set on the command
    line (--set PATH=VALUE); was OLD from: WHERE``), else the ``--data`` overlay's entry
    (``--data FILE:LINE: sites SITE subsidy_share_of_capex (source: ...)``,
    :func:`tigris.overlay.overlay_source`) where the overlay's row differs from the
    shipped one or the shipped table has no such site, else
    :data:`SHARE_FROM_SITES_CSV` (user test: an overlay's 0.7 was credited to
    ``data/sites.csv``, whose value is 0.37; the tax-rate row beside it named the file).

    Parameters
    ----------
    site : str
        The site's name in ``data/sites.csv`` (or an alias, or an overlay's site).

    Returns
    -------
    str
    """
    from tigris.data import active_overlay

    column = "subsidy_share_of_capex"
    overlay = active_overlay()
    if overlay is None:
        return SHARE_FROM_SITES_CSV
    from tigris.scenario import resolve_site

    key = (resolve_site(site) or site).strip().lower()
    mine = next(
        (r for r in overlay.rows.get("sites", ()) if str(r.get("site", "")).strip().lower() == key),
        None,
    )
    if mine is None:
        return SHARE_FROM_SITES_CSV
    from tigris.overlay import same_cell, shipped_row

    shipped = shipped_row("sites", key)

    if shipped is not None and same_cell(mine.get(column), shipped.get(column)):
        return SHARE_FROM_SITES_CSV
    from tigris.risk.cells import parse_cell, set_marks

    marks = [
        mark
        for path, mark in set_marks(str(mine.get("source", ""))).items()
        if parse_cell(path).column == column
    ]
    if marks:
        return "; ".join(marks)
    from tigris.overlay import overlay_source

    return overlay_source("sites", key, column) or SHARE_FROM_SITES_CSV


def _empty_subsidies() -> pd.DataFrame:
    from tigris.plan.saved import empty_table

    return empty_table(SUBSIDY_COLUMNS, SUBSIDY_TABLE)


def subsidy_table(sc: Scenario, inp: PlanInputs, builds: pd.DataFrame) -> pd.DataFrame:
    """What each site's subsidy is and buys (:data:`SUBSIDY_COLUMNS`).

    A module's subsidy is ``min(subsidy_usd, capex_usd)`` of the plan's inputs
    (:class:`tigris.plan.inputs.PlanInputs`), spent along its spend profile as its capex
    is; within the horizon, over the modules started at a site ``s`` and facility type
    ``k`` in years ``t``::

        capex_usd   = Σ_t build[s, k, t] · capex[s, k] · Σ_{l ≤ T−1−t} spend[s, k, l]
        subsidy_usd = share[s, k] · capex_usd,  share = min(subsidy, capex) / capex
        net_capex_usd = capex_usd − subsidy_usd

    as :func:`tigris.plan.model.capex_by_year` spends them (spending after the last
    planning year dropped), so ``subsidy_usd`` sums to the ``capex`` table's
    ``subsidy`` rows (:func:`tigris.plan.solve.extract`). ``programme_cap_usd`` is the
    site's programme total (:func:`tigris.plan.subsidy_cap.site_caps`) in dollars of the
    ``currency_year`` (:meth:`tigris.fab.data.SubsidyRow.usd_of`), which the solve
    does not bound the site's summed subsidy by (:mod:`tigris.plan.subsidy_cap` says
    when it passes).

    Parameters
    ----------
    sc : tigris.scenario.Scenario
        The scenario the inputs were assembled from (where each share comes from).
    inp : tigris.plan.inputs.PlanInputs
        The plan's inputs.
    builds : pandas.DataFrame
        The plan's ``builds`` table.

    Returns
    -------
    pandas.DataFrame
        :data:`SUBSIDY_COLUMNS`; sites in the inputs' order, facility types in theirs.

    References
    ----------
    ``docs/finance.md``, "Subsidy by site"; ``docs/scenario-files.md``, "What a site's
    overrides reach" (the share a module takes).
    """
    import numpy as np

    from tigris.scenario import facility_id, resolve_site

    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    capex = np.asarray(inp.capex_usd, dtype=float)
    grant = np.minimum(np.asarray(inp.subsidy_usd, dtype=float), capex)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(capex > 0, grant / capex, 0.0)
    spend = np.asarray(inp.spend, dtype=float)
    # the share of a module's capex spent within the horizon, by its start year
    cum = np.cumsum(spend, axis=-1)  # (S, K, L)
    n_l = spend.shape[-1]
    facilities = list(inp.facilities)
    nodes = {}
    for k, (fid, kind, node) in enumerate(
        zip(inp.facilities, inp.facility_kind, inp.facility_node, strict=True)
    ):
        prefix = "datacenter-"
        if kind == "datacenter" and not node and str(fid).startswith(prefix):
            node = str(fid)[len(prefix) :]
        nodes[(str(kind), str(node) if node is not None else "")] = k
    mods = np.zeros(capex.shape)
    spent = np.zeros(capex.shape)
    site_index = {str(x): i for i, x in enumerate(inp.sites)}
    for row in builds.itertuples(index=False):
        node = "" if pd.isna(row.node) else str(row.node)
        s, k = site_index.get(str(row.site)), nodes.get((str(row.facility), node))
        if s is None or k is None:
            continue
        t = int(row.start_year) - int(years[0])
        left = min(max(n_t - t, 0), n_l)
        m = float(row.modules)
        mods[s, k] += m
        spent[s, k] += m * capex[s, k] * (cum[s, k, left - 1] if left > 0 else 0.0)
    owners = list(inp.site_owner) if inp.site_owner is not None else [INVESTOR] * len(inp.sites)
    regions = list(inp.site_region) if inp.site_region is not None else None
    by_name = {resolve_site(x.name) or x.name: x for x in sc.sites}
    own_share = {facility_id(f.kind, f.node, f.power): f.subsidy_share for f in sc.facilities}
    allowed = np.asarray(inp.allowed, dtype=bool)
    from tigris.plan.module_costs import plan_dollars_of
    from tigris.plan.subsidy_cap import site_caps

    caps = site_caps([str(x) for x in inp.sites])
    year = plan_dollars_of(sc)  # the plan's money: the caps moved to its dollars
    rows = []
    for s, name in enumerate(inp.sites):
        site = by_name.get(str(name))
        for k, fid in enumerate(facilities):
            investor = owners[s] == INVESTOR
            if not ((investor and allowed[s, k]) or mods[s, k] > 0):
                continue
            kind = str(inp.facility_kind[k])
            if own_share.get(str(fid)) is not None:
                source = SHARE_FROM_FACILITY
            elif kind == "datacenter":
                source = SHARE_NONE_DATACENTER
            elif site is not None and site.subsidy_share_of_capex is not None:
                source = SHARE_FROM_SITE_OVERRIDE
            else:
                source = sites_share_source(str(name).split("@")[-1])
            sub = float(share[s, k]) * spent[s, k]
            rows.append(
                {
                    "site": str(name),
                    "region": _site_region(regions, s, site, str(name)),
                    "facility": str(fid),
                    "owner": str(owners[s]),
                    "modules": mods[s, k],
                    "share": float(share[s, k]),
                    "source": source,
                    "capex_usd": spent[s, k],
                    "subsidy_usd": sub,
                    "net_capex_usd": spent[s, k] - sub,
                    "programme_cap_usd": (
                        math.nan
                        if caps[s] is None or kind == "datacenter"
                        else caps[s].usd_of(year)
                    ),
                }
            )
    return pd.DataFrame(rows, columns=list(SUBSIDY_COLUMNS)) if rows else _empty_subsidies()


def _site_region(regions: list[str] | None, s: int, site: Any, name: str) -> str:
    """A site's region: the inputs' (a plan with data-centre power), else the
    scenario's ``sites[].region``, else ``data/site_regions.csv``; ``""`` if none."""
    if regions is not None and regions[s]:
        return str(regions[s])
    if site is not None and site.region:
        return str(site.region)
    from tigris.energy.data import site_region

    try:
        return site_region(name.split("@")[-1])
    except InputError:
        return ""


def terms_without_noise(terms: dict[str, float]) -> dict[str, float]:
    """``terms`` with every value of absolute value below :data:`CAPEX_NOISE_USD` set to
    0 (HiGHS's tolerance, as :func:`_capex_without_noise`) [USD].

    Parameters
    ----------
    terms : dict of str to float
        Objective or cost terms by name [USD].

    Returns
    -------
    dict of str to float
        A new dict with the same keys; a number below the noise is 0.0, others unchanged.
    """
    return {
        k: 0.0 if isinstance(v, int | float) and abs(v) < CAPEX_NOISE_USD else v
        for k, v in terms.items()
    }


#: Tables a run saved before issue 10 (``supply_by_source``) or issue 11 (the money
#: tables and ``shadow_prices``) lacks (read as empty).
ADDED_TABLES = ("supply_by_source", *FINANCE_TABLES, "shadow_prices")


#: Every ``Explanation.kind`` the planner emits (:mod:`tigris.plan.explain` and its
#: helpers, :mod:`tigris.plan.ties`, :mod:`tigris.plan.timing`,
#: :mod:`tigris.plan.infeasible`); docs/plan-result.md lists each
#: (tests/test_s48_plan_binding_kinds.py: ``tie``, ``grid_headroom`` and ``gas`` were
#: missing there, user test s48 plan #6).
BINDING_KINDS = (
    "met",
    "no_product",
    "lead_time",
    "capacity",
    "mix",
    "capital",
    "euv",
    "high_na",
    "gas",
    "site_modules",
    "site_power",
    "grid_headroom",
    "tie",
    "timing",
    "economics",
    "infeasible",
    "time_limit",
    "solver",
)


def _with_facility_ids(builds: pd.DataFrame) -> pd.DataFrame:
    """``builds`` with its ``facility_id`` column: the facility type's id, the key the
    finance tables, ``site_load`` and ``subsidies`` name a build by (``logic-N5``,
    ``cowos``, ``datacenter``, ``datacenter-gas``). A plan solved now carries the
    planner's ids; a run saved or stored before the column has it said from
    ``facility`` and ``node`` by :func:`tigris.scenario.checks.facility_id` (a data
    centre's ``node`` is its on-site power source). A table lacking another of the
    builds' columns (one built by hand) is kept as given.
    """
    if not set(TABLE_COLUMNS["builds"]) - {"facility_id"} <= set(builds.columns):
        return builds
    have = builds["facility_id"] if "facility_id" in builds.columns else None
    if have is not None and (len(builds) == 0 or (have.astype(str) != "").all()):
        return builds
    from tigris.scenario.checks import facility_id

    ids = [
        facility_id(kind, None, str(node) or None)
        if kind == "datacenter"
        else facility_id(str(kind), str(node) or None)
        for kind, node in zip(builds["facility"], builds["node"].fillna(""), strict=True)
    ]
    return builds.assign(facility_id=pd.Series(ids, index=builds.index, dtype=object))


@dataclass(frozen=True)
class Explanation:
    """One reason, in words, why demand is unmet or what limits the plan.

    Attributes
    ----------
    kind : str
        One of :data:`BINDING_KINDS`: ``met``, ``no_product``, ``lead_time``,
        ``capacity``, ``mix``, ``capital``, ``euv``, ``high_na``, ``gas``,
        ``site_modules``, ``site_power``, ``grid_headroom``, ``tie``, ``timing``,
        ``economics``, ``infeasible``, ``time_limit`` or ``solver``.
    year : int or None
        Year it applies to, if one.
    text : str
        One sentence for people.
    """

    kind: str
    year: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready).

        Returns
        -------
        dict of str to Any
            ``kind``, ``year`` (int or None) and ``text``.
        """
        return {"kind": self.kind, "year": self.year, "text": self.text}


def _strict_json(obj: Any) -> Any:
    """``obj`` with every NaN or infinite float None, numpy values Python's, tuples
    lists: what ``json.dumps(obj, allow_nan=False)`` accepts, as
    :func:`tigris.cli._output.jsonable` makes ``--json``.

    >>> _strict_json({"a": float("nan"), "b": (1.0, float("inf"))})
    {'a': None, 'b': [1.0, None]}
    """
    if isinstance(obj, dict):
        return {str(k): _strict_json(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_strict_json(v) for v in obj]
    if hasattr(obj, "item") and not isinstance(obj, str | bytes) and getattr(obj, "ndim", 1) == 0:
        obj = obj.item()  # a numpy scalar
    if isinstance(obj, float) and not math.isfinite(obj):
        return None
    return obj


def _text_or_none(x: Any) -> str | None:
    """A non-empty string of ``plan.json``, else None (absent in a run saved before it)."""
    return x if isinstance(x, str) and x else None


def _number_or_nan(x: Any) -> float:
    """A number of ``plan.json``, else NaN (null, or absent in a run saved before it)."""
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else math.nan


def _empty(name: str) -> pd.DataFrame:
    """Table ``name`` with no rows, its columns typed as a plan's (user test s57, data
    engineer #5: all float64, so a Parquet export's schema changed with the run)."""
    from tigris.plan.saved import empty_table

    return empty_table(TABLE_COLUMNS[name], name)


def datacenter_power_modelled(power: pd.DataFrame) -> bool:
    """Whether the run had a data-centre power pool (a ``datacenter`` kind): the
    ``power`` table's ``datacenter_mw_online`` is NaN in every row without one
    (:func:`tigris.energy.regional.power_table`, and a table of before issue 12 as
    :func:`power_from_legacy` converts it); True when the table cannot tell (no rows or
    no such column).

    Parameters
    ----------
    power : pd.DataFrame
        A result's ``power`` table.

    Returns
    -------
    bool
        True when any ``datacenter_mw_online`` is a number, or the table cannot tell.
    """
    col = "datacenter_mw_online"
    if col not in power.columns or not len(power):
        return True
    return bool(pd.to_numeric(power[col], errors="coerce").notna().any())


def _with_supply_notes(df: pd.DataFrame, modelled: bool = True) -> pd.DataFrame:
    """``supply_by_source`` with its ``note`` column: a source of :data:`SUPPLY_NOTES`
    gets its note where data-centre power is ``modelled`` and none where it is not
    (a note read from a file is replaced: the rule decides); other sources keep a
    note given, else empty."""
    if "source" not in df.columns:
        return df
    out = df.copy()
    given = out["note"] if "note" in out.columns else pd.Series("", index=out.index)
    given = given.astype(object).where(given.notna(), "").astype(str)
    own = out["source"].astype(str).isin(list(SUPPLY_NOTES))
    rule = out["source"].map(lambda s: SUPPLY_NOTES.get(str(s), "") if modelled else "")
    out["note"] = given.where(~own, rule).astype(object)
    return out


#: ``investor new``'s note when incumbents who respond build more only with the
#: investor (UT-OWN #1, 2026-12-05): the row is the plan less the world without it.
INDUCED_NOTE = (
    "the plan less the world without the investor: the investor's own builds and the "
    "output of {modules:,.0f} modules incumbents who respond build only with it "
    "({capex} of their capex; the one cooperative optimiser's choice, "
    "docs/plan.md 'Owners')"
)


def _with_induced_note(sup: pd.DataFrame, builds: pd.DataFrame) -> pd.DataFrame:
    """``investor new``'s note (:data:`INDUCED_NOTE`) where incumbents build more in the
    plan than without the investor (``builds.baseline_modules``); the table as it is
    otherwise."""
    from tigris.fmt import money
    from tigris.plan.summary import incumbents_only_with_investor

    modules, capex = incumbents_only_with_investor(builds)
    if not (math.isfinite(modules) and modules > 0):
        return sup
    out = sup.copy()
    note = INDUCED_NOTE.format(modules=modules, capex=money(capex))
    out.loc[out["source"].astype(str) == "investor new", "note"] = note
    return out


# eq=False: ``==`` and ``hash`` by identity; the generated ones compared DataFrames
# (ValueError: truth value ambiguous) and hashed them (TypeError), so ``r in [r2]``
# raised (user test 2026-12-05, API #9)
@dataclass(frozen=True, eq=False, repr=False)
class PlanResult:
    """Outcome of one planning run.

    Attributes
    ----------
    scenario_name : str
        Name of the scenario solved.
    status : str
        ``optimal``, ``time_limit``, ``infeasible`` or another solver outcome; never an
        exception.
    objective_usd : float
        The objective's value [USD]; NaN if none. For ``serve`` the discounted cost
        plus the unmet-demand penalty (minimised), for ``npv`` the investor's NPV
        (maximised): not a cost, see :meth:`headline`.
    horizon : tuple of int
        First and last planning year [year].
    builds, capacity, production, demand, capex, capital, tools, power,
    supply_by_source, assumptions : pandas.DataFrame
        Tables in long form, columns per :data:`TABLE_COLUMNS`: the result's own, not
        copies, and read as fixed (:meth:`headline` and :meth:`sections` are computed
        once from them, :mod:`tigris.plan.memo`); to change one, edit a copy
        (:meth:`to_frame`) and build a new result (``dataclasses.replace``), never the
        attribute in place (user test 2026-12-05, API #5). A ``power`` table of
        before issue 12 (``year, fab_power_mw, compute_power_mw``) is converted
        (:func:`power_from_legacy`). ``supply_by_source``'s ``note`` is filled from
        :data:`SUPPLY_NOTES` where the run had a data-centre power pool; its
        :data:`IN_SERVICE_COLUMN` is added when written (CSV, JSON, :meth:`to_frame`),
        not kept here. ``supply_by_source`` and the demand table's
        ``baseline_served_h100e``/``added_h100e`` compare the plan with the world
        without the investor (:mod:`tigris.plan.counterfactual`); they are empty/NaN
        when that was not solved.
    cash_flows, finance_modules, finance_sites, finance_owners, finance_sources,
    finance_flows : pandas.DataFrame
        The money (:func:`tigris.finance.cashflow.finance_tables`, ``docs/finance.md``):
        each build group's cash flows by year (USD of the currency year, real, undiscounted; the
        salvage in a row of its own, the year after the horizon) and NPV [USD], IRR
        [-] and payback year by module, site, owner and capital source, and the
        aggregated cash flows of each site, owner and source. Empty for a run saved
        before them.
    shadow_prices : pandas.DataFrame
        What one more unit of a scarce resource is worth, in physical units and money
        of its year, with the method (:func:`tigris.plan.shadow.shadow_prices`); empty
        for a run saved before them.
    objective : str
        ``serve`` (least cost to serve demand) or ``npv`` (the investor's NPV).
    binding : list of Explanation
        Why demand is unmet and what binds, in words.
    relaxed : bool
        Whether the LP relaxation (continuous builds) was solved.
    mip_gap : float or None
        Relative MIP gap reported by HiGHS [-].
    timings : dict
        Seconds spent building, solving, extracting and explaining [s]; ``resolve_s``
        is the time summed over the explanation's re-solves and ``resolves`` their
        number; ``finance_s`` and ``shadow_s`` the money tables' and the shadow
        prices'.
    objective_terms_usd : dict
        The objective split into its terms (:func:`tigris.plan.solve.objective_terms`;
        for ``serve`` ``capex``, ``salvage`` (negative: a credit), ``opex``,
        ``variable_cost`` and ``unmet_penalty``, each discounted, summing to
        ``objective_usd``; for ``npv`` the key ``npv``, equal to ``objective_usd``, and
        its parts ``capex``, ``opex``, ``tax``, ``salvage``, ``margin``, which sum to it)
        [USD].
    cost_terms_usd : dict
        The plan's discounted real cost split into the ``serve`` objective's cost
        terms, whatever the objective found the plan (``capex``, ``salvage``,
        ``opex``, ``variable_cost``): their sum is the headline's ``cost_usd`` [USD].
        Never the unmet-demand penalty (:attr:`unmet_penalty_usd`): a mapping given
        with an ``unmet_penalty`` key (what :func:`tigris.plan.solve.cost_terms`
        returns, and what ``plan.json`` and the store held before 2026-12-03, user
        test #20) is split into the two. Empty for a run saved before it (the
        headline then reads the cost from ``objective_terms_usd``).
    input_hash : str or None
        SHA-256 of the inputs (scenario and data tables; :mod:`tigris.provenance`);
        ``None`` if unknown (a run saved before it was recorded).
    baseline_status : str or None
        Outcome of the world without the investor
        (:attr:`tigris.plan.counterfactual.Counterfactual.status`: ``optimal``,
        ``time_limit``, ``infeasible``, ``error``…), ``not_solved`` when the run did
        not solve it; None if unknown (a run saved before it was recorded).
    baseline_note : str or None
        Why ``baseline``/``added`` are unknown (that world has no solution, HiGHS's
        status named) or how far to trust them (stopped at the time limit), in one
        sentence (:attr:`~tigris.plan.counterfactual.Counterfactual.note`); None
        otherwise.
    unmet_penalty_usd : float
        The discounted penalty on the plan's unmet demand, as the ``serve`` objective
        prices it whatever the objective found the plan [USD]: notional, not money
        spent, so not part of the cost. NaN when unknown (a run saved before
        ``cost_terms_usd``; the headline then reads it from ``objective_terms_usd``).
    warnings : tuple of str
        The scenario's warnings (a legal value that is likely a slip), then the plan's
        (a site's subsidies past the programme that pays them), each line as written on
        standard error without its ``warning: ``, as ``tigris plan --json``'s
        ``warnings``: set by :func:`tigris.plan` whether or not the line was written
        this time (standard error has each once a process); empty for a plan solved
        otherwise or read from the store.
    run_id : str or None
        The id of the stored run this result was stored as by ``tigris.plan(...,
        store=...)`` (``tigris runs show ID``); None when not stored by it (user test
        2026-12-07, reproducibility #8: the id was thrown away). Not saved with the
        result: a saved folder's ``run.json`` has it.
    """

    scenario_name: str
    status: str
    objective_usd: float
    horizon: tuple[int, int]
    builds: pd.DataFrame = field(default_factory=lambda: _empty("builds"))
    capacity: pd.DataFrame = field(default_factory=lambda: _empty("capacity"))
    production: pd.DataFrame = field(default_factory=lambda: _empty("production"))
    demand: pd.DataFrame = field(default_factory=lambda: _empty("demand"))
    capex: pd.DataFrame = field(default_factory=lambda: _empty("capex"))
    capital: pd.DataFrame = field(default_factory=lambda: _empty("capital"))
    tools: pd.DataFrame = field(default_factory=lambda: _empty("tools"))
    power: pd.DataFrame = field(default_factory=lambda: _empty("power"))
    supply_by_source: pd.DataFrame = field(default_factory=lambda: _empty("supply_by_source"))
    cash_flows: pd.DataFrame = field(default_factory=lambda: _empty("cash_flows"))
    finance_modules: pd.DataFrame = field(default_factory=lambda: _empty("finance_modules"))
    finance_sites: pd.DataFrame = field(default_factory=lambda: _empty("finance_sites"))
    finance_owners: pd.DataFrame = field(default_factory=lambda: _empty("finance_owners"))
    finance_sources: pd.DataFrame = field(default_factory=lambda: _empty("finance_sources"))
    finance_flows: pd.DataFrame = field(default_factory=lambda: _empty("finance_flows"))
    shadow_prices: pd.DataFrame = field(default_factory=lambda: _empty("shadow_prices"))
    binding: list[Explanation] = field(default_factory=list)
    assumptions: pd.DataFrame = field(default_factory=lambda: _empty("assumptions"))
    relaxed: bool = False
    mip_gap: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    objective_terms_usd: dict[str, float] = field(default_factory=dict)
    input_hash: str | None = None
    objective: str = "serve"
    cost_terms_usd: dict[str, float] = field(default_factory=dict)
    baseline_status: str | None = None
    baseline_note: str | None = None
    unmet_penalty_usd: float = math.nan
    subsidies: pd.DataFrame = field(default_factory=_empty_subsidies)
    site_load: pd.DataFrame = field(default_factory=empty_site_load)
    warnings: tuple[str, ...] = ()
    run_id: str | None = None

    def __post_init__(self) -> None:
        # a site limit's explanation quotes its source (UT-JOURNO #1)
        object.__setattr__(self, "binding", cite_site_limits(self.binding, self.assumptions))
        # solver noise in the capital drawn reads as money in the tables (M11)
        object.__setattr__(self, "capex", _capex_without_noise(self.capex))
        # ... and in the objective's terms (UT-POLICY #8: "unmet-demand penalty
        # -$0.000054"): the same threshold
        for name in ("objective_terms_usd", "cost_terms_usd"):
            object.__setattr__(self, name, terms_without_noise(getattr(self, name)))
        if abs(self.unmet_penalty_usd) < CAPEX_NOISE_USD:
            object.__setattr__(self, "unmet_penalty_usd", 0.0)
        if PENALTY_TERM in self.cost_terms_usd:  # the solver's or an old file's form
            terms = dict(self.cost_terms_usd)
            penalty = float(terms.pop(PENALTY_TERM))
            object.__setattr__(self, "cost_terms_usd", terms)
            if math.isnan(self.unmet_penalty_usd):
                object.__setattr__(self, "unmet_penalty_usd", penalty)
        # a run stored before the subsidies' programme_cap_usd (S35) reads it as not known
        sub = self.subsidies
        if "site" in sub.columns and "programme_cap_usd" not in sub.columns:
            cap = ADDED_COLUMNS[SUBSIDY_TABLE]["programme_cap_usd"]
            object.__setattr__(self, "subsidies", sub.assign(programme_cap_usd=cap))
        old, convert = LEGACY_TABLES["power"]
        p = self.power
        if set(old) <= set(p.columns) and not set(TABLE_COLUMNS["power"]) <= set(p.columns):
            object.__setattr__(self, "power", convert(p))  # a table of before issue 12
        # the world has no grid headroom (headroom is a region's): NaN, not the inf of
        # summing regions without one, which the CSV wrote as 'inf' (UT-GRID #11); a
        # run saved or stored with it reads so too
        object.__setattr__(self, "power", _world_without_headroom(self.power))
        # whose HBM lines each capacity row is (S36 HBM-OUT #2, UT-HBM #6): the pooled
        # incumbents' row lists its makers' lines, use not split; said from the rows and
        # the baseline, so a run saved or stored before the column reads with it too
        # (a table of its other columns: one built by hand without owner stays as given)
        from tigris.plan.summary import capacity_makers

        object.__setattr__(self, "builds", _with_facility_ids(self.builds))
        cap = self.capacity
        if set(TABLE_COLUMNS["capacity"]) - {"maker"} <= set(cap.columns):
            object.__setattr__(self, "capacity", cap.assign(maker=capacity_makers(self)))
        # the note from the power table as stored (after any conversion), so a result
        # read back from a file or the runs store decides it as the original did
        sup = self.supply_by_source
        if "source" in sup.columns:
            modelled = datacenter_power_modelled(self.power)
            sup = _with_supply_notes(sup, modelled).drop(
                columns=[IN_SERVICE_COLUMN], errors="ignore"
            )
            sup = _with_induced_note(sup, self.builds)
            object.__setattr__(self, "supply_by_source", sup)

    def _supply_with_in_service(self) -> pd.DataFrame:
        """``supply_by_source`` with :data:`IN_SERVICE_COLUMN` after ``note`` (a copy)."""
        from tigris.plan.in_service import supply_in_service

        out = self.supply_by_source.copy()
        if "source" not in out.columns:
            return out
        stock = supply_in_service(self)
        out[IN_SERVICE_COLUMN] = stock if stock is not None else math.nan
        return out

    @property
    def ok(self) -> bool:
        """Whether the solver returned a usable plan (optimal or a time-limited one)."""
        return self.status in ("optimal", "time_limit") and math.isfinite(self.objective_usd)

    def __repr__(self) -> str:
        """One line: the scenario, status, objective, horizon and each table's rows
        (the generated one printed every table whole, ~28,000 characters for a small
        plan; user test 2026-12-05). ``headline()``, ``to_frames()`` show the rest.

        >>> r = PlanResult("toy", "optimal", 1.5e9, (2026, 2027))
        >>> repr(r).removeprefix("PlanResult('toy', 'optimal', objective_usd=1.5e+09, ")
        'horizon=(2026, 2027), tables: none with rows)'
        """
        rows = [
            f"{name} {len(df)}"
            for name in FRAME_NAMES
            if isinstance(df := getattr(self, name, None), pd.DataFrame) and len(df)
        ]
        tables = ", ".join(rows) if rows else "none with rows"
        return (
            f"PlanResult({self.scenario_name!r}, {self.status!r}, "
            f"objective_usd={self.objective_usd:.6g}, horizon={tuple(self.horizon)}, "
            f"tables: {tables})"
        )

    def to_frame(self, name: str) -> pd.DataFrame:
        """Return table ``name`` (a copy), one of :data:`FRAME_NAMES` (those of
        :meth:`to_frames`); ``binding`` is returned as a table too.

        Parameters
        ----------
        name : str
            The table's name, one of :data:`FRAME_NAMES` or ``binding``.

        Returns
        -------
        pd.DataFrame
            A copy of the table (``supply_by_source`` with each source's compute in service;
            ``binding`` with columns ``kind``, ``year``, ``text``).

        Raises
        ------
        InputError
            ``name`` is not a known table.
        """
        if name == "binding":
            # typed alike with or without rows: a year or none (Int64), text as text
            frame = pd.DataFrame(
                [e.to_dict() for e in self.binding], columns=["kind", "year", "text"]
            )
            return frame.astype({"kind": "str", "year": "Int64", "text": "str"})
        if name not in FRAME_NAMES:
            msg = f"unknown plan table '{name}'; known: {', '.join(FRAME_NAMES)}"
            raise InputError(msg, field="name")
        if name == "supply_by_source":  # with each source's compute in service
            return self._supply_with_in_service()
        return getattr(self, name).copy()

    def to_xarray(self) -> xr.Dataset:
        """The tables as one labelled ``xarray.Dataset`` (:func:`tigris.plan.views.to_xarray`;
        variables documented in ``docs/api.md``).

        Returns
        -------
        xarray.Dataset
            One variable per number column of the tables, on their key dimensions.
        """
        from tigris.plan.views import to_xarray

        return to_xarray(self)

    def to_frames(self) -> dict[str, pd.DataFrame]:
        """Every table by name, as copies: :meth:`to_frame` of each of
        :data:`FRAME_NAMES` (the tables of ``--json``, in its order; documented in
        :func:`tigris.plan.views.to_frames`).

        Returns
        -------
        dict of str to pd.DataFrame
            Each of :data:`FRAME_NAMES` to a copy of its table.
        """
        return {name: self.to_frame(name) for name in FRAME_NAMES}

    def _repr_html_(self) -> str:
        """Headline, builds and two figures for notebooks (:func:`tigris.plan.views.repr_html`)."""
        from tigris.plan.views import repr_html

        return repr_html(self)

    def summary(self) -> dict[str, float]:
        """Headline numbers: totals over the horizon [H100e, USD, modules].

        Demand is an input and is always summed; served, unmet, capex and modules are a
        plan's outcome and are NaN (``null`` in JSON) when there is no plan (:attr:`ok`
        is False), not 0 (a run without a plan has built and spent nothing it can show).

        Returns
        -------
        dict of str to float
            ``demand_h100e``, ``served_h100e``, ``unmet_h100e`` [H100e summed over years],
            ``capex_usd`` [USD] and ``modules`` [modules].
        """
        d = self.demand

        def total(table: pd.DataFrame, col: str) -> float:
            if col != "demand_h100e" and not self.ok:
                return math.nan
            return float(table[col].sum()) if len(table) else 0.0

        return {
            "demand_h100e": total(d, "demand_h100e"),
            "served_h100e": total(d, "served_h100e"),
            "unmet_h100e": total(d, "unmet_h100e"),
            "capex_usd": total(self.capex, "capex_usd"),
            "modules": total(self.builds, "modules"),
        }

    def headline(self) -> dict[str, Any]:
        """Cost, NPV, IRR, capital spent and H100e added first; what the plan does; the
        objective's value last, named as such.

        For the CLI's first lines and the report's headline. Every number is a total
        over the horizon read from the tables (no new modelling), so it can be checked
        against them: ``capital_spent_usd`` is the sum of the draws in ``capex`` (sources
        other than ``subsidy``); ``served_h100e + unmet_h100e = demand_h100e``;
        ``npv_usd``, ``irr`` and ``payback_year`` are the investor's row of
        ``finance_owners``; for a ``serve`` run ``cost_usd + penalty_usd =
        objective_usd``.

        Returns
        -------
        dict
            Every key below, with or without a plan (docs/plan-result.md, "The plan
            result contract", its ``headline()`` tables, has each one's meaning;
            tests/test_s50_api_headline_doc.py holds both lists to the code).

            ``numbers``: named floats, NaN where there is no plan or the run does not
            say, in this order — ``modules_built`` [modules], ``capex_committed_usd``
            (capex of the modules started, all years), ``capital_spent_usd`` (drawn
            from investors within the horizon), ``subsidy_usd``,
            ``capital_offered_usd``, ``capital_unspent_usd`` [USD];
            ``demand_h100e``, ``served_h100e``, ``unmet_h100e`` [H100e, summed over
            years], ``unmet_share`` [-]; ``served_first_year_h100e``,
            ``served_last_year_h100e``, ``served_growth_h100e`` (last year's delivery
            less the first year's: growth over the horizon, not what the investor
            adds, which is ``added_h100e``), ``demand_last_year_h100e``,
            ``unmet_last_year_h100e`` [H100e/year]; ``objective_usd`` (the
            objective's value: a cost plus penalty for ``serve``, the investor's NPV
            for ``npv``), ``cost_usd`` (discounted real cost: the sum of
            :attr:`cost_terms_usd`) [USD]; ``npv_usd`` [USD], ``irr`` [-],
            ``payback_year`` (the investor's; NaN when not computed, undefined or
            never reached); ``npv_salvage_usd`` (the NPV's terminal part),
            ``npv_without_salvage_usd`` [USD], ``irr_without_salvage`` [-];
            ``discount_rate`` (the real rate used) [1/year],
            ``npv_at_rate_minus_2pt_usd``, ``npv_at_rate_plus_2pt_usd`` (the same
            flows at the rate −/+ 2 points) [USD], ``currency_year``,
            ``discount_base_year`` [year], ``discount_rate_nominal`` (NaN for a real
            rate) [1/year]; ``terminal_going_concern`` (1 going concern, 0 book
            value) [-], ``npv_other_terminal_usd`` (the NPV under the other
            convention, the same flows) [USD]; ``real_cost_usd`` (= ``cost_usd``),
            ``penalty_usd`` (:attr:`unmet_penalty_usd`, notional) [USD],
            ``penalty_share`` (of cost + penalty) [-]; ``baseline_served_h100e``,
            ``added_h100e``, ``investor_new_h100e``, ``retimed_h100e``,
            ``fewer_h100e`` [H100e]; ``capex_usd_per_added_h100e`` [USD/H100e];
            ``gap_usd`` (the proven MIP gap), ``objective_shortfall_usd``,
            ``ramp_undervalue_usd`` [USD]; ``datacenter_mw_online_last_year`` [MW],
            ``energy_twh_last_year`` [TWh/year], ``emissions_t_co2`` [t CO2] and
            ``electricity_cost_usd`` [USD, undiscounted], the last two summed over
            the horizon (the :attr:`power` table's ``world`` row).

            ``builds``: one dict per facility type built (``facility``, ``node``,
            ``modules``, ``capacity``, ``capacity_unit``, ``sites``, ``first_start``,
            ``last_start``);
            ``short_first``: the demand class that goes short first (lowest priority
            with unmet demand), or ``None``;
            ``baseline``, ``added``: :meth:`sections`;
            ``investor``: what the investor adds, in sentences (compute added by year
            and in total against the world without it, the capital spent and the
            capex per added H100e; when the shortage ends with and without it; why
            it serves fewer, when it does; the baseline's note), or one saying the
            comparison is absent;
            ``why_fewer``: that ``investor`` sentence saying why the plan serves
            fewer in total, or ``None``;
            ``key``: ``key_first + key_more``, several sentences (``None`` without a
            plan);
            ``key_first``: cost, NPV, IRR, payback, capital spent and H100e added in
            one sentence;
            ``key_more``: the NPV at the rate −/+ 2 points and under the other
            terminal value (saying why when that is the same NPV), or ``""``;
            ``per_added_note``: what capex per added H100e covers, or ``None``;
            ``energy``: the investor's energy and emissions in a sentence, or
            ``None``;
            ``compute_intensity``: t CO2 and kWh per H100e-year in service
            (:mod:`tigris.energy.intensity`), or ``None``;
            ``hbm``: HBM by year (:func:`tigris.plan.summary.plan_hbm`), or ``None``;
            ``fab_water``: the investor's fabs' water
            (:func:`tigris.plan.summary.fab_water`), or ``None``;
            ``capacity_used``: the incumbents' lines (logic by node, CoWoS, HBM) used
            and available by year (:func:`tigris.plan.summary.capacity_used`);
            ``power_untested``: when data-centre capacity is full in every year and is
            the shipped table, a sentence saying it is untested by history, else
            ``None`` (:func:`tigris.plan.summary.power_untested_note`);
            ``sentences``: for people, each only when it applies: ``key``; the
            proven gap; the ``npv`` objective's shortfall; ``investor``; a plan at a
            loss to the investor; then without a plan "No plan (STATUS): ..." and
            where the why is (``binding``, or ``explain=True``); with one the
            builds, the incumbents at a loss or idle, the money, the compute, the
            classes served nothing, ``per_added_note``, ``energy``, and last the
            objective's value named (:data:`OBJECTIVE_NAMES`).

            With several owners (incumbents that respond), ``capital_*`` count the
            investor's sources only and ``modules_built``/``builds`` the investor's
            sites; the incumbents' builds are in the ``builds`` table by ``owner``.

            Computed once per result and data overlay in force
            (:func:`tigris.plan.memo.memoised`); each call returns a copy.
        """
        from tigris.plan.memo import memoised

        return memoised(self, "headline", lambda: plan_headline(self))

    def sections(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """The world without the investor and what the investor adds, from the tables.

        Returns
        -------
        baseline : dict or None
            ``h100e_by_year`` ({year: compute served without the investor}),
            ``total_h100e`` (summed over the horizon) [H100e] and ``shortage_ends``
            (:func:`shortage_ends`: the year from which no demand goes unmet to the end
            of the horizon, or None if the last year is short) [year]. None when the
            counterfactual was not solved (a run saved before it, or solved without
            it) or has no solution.
        added : dict or None
            ``h100e_by_year`` ({year: served with less served without the investor}),
            ``total_h100e`` [H100e], ``capital_spent_usd`` (the investor's draws in the
            ``capex`` table, subsidy excluded) [USD], ``capex_usd_per_added_h100e``
            (``capital_spent_usd / total_h100e``; None when nothing is added)
            [USD/H100e] and ``shortage_ends`` (with the investor) [year]. None when the
            baseline is None or there is no plan.

            Each also has ``in_service_h100e_by_year`` ({year: compute in service}
            [H100e], a stock, where ``h100e_by_year`` is a flow: the deliveries summed
            over each product's service life, :mod:`tigris.plan.in_service`; with
            ``demand_basis: installed`` equal to ``h100e_by_year``, already a stock),
            when the run's assumptions give every delivered product's life.

            Computed once per result and data overlay in force
            (:func:`tigris.plan.memo.memoised`); each call returns a copy.
        """
        from tigris.plan.memo import memoised

        return memoised(self, "sections", self._sections)

    def _sections(self) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        """:meth:`sections`, computed."""
        from tigris.plan.in_service import in_service_sections

        baseline, added = plan_sections(self)
        stock = in_service_sections(self, baseline, added) if baseline is not None else None
        if stock is not None:
            baseline = {**baseline, "in_service_h100e_by_year": stock["baseline_h100e_by_year"]}
            if added is not None:
                added = {**added, "in_service_h100e_by_year": stock["added_h100e_by_year"]}
        return baseline, added

    def in_service(self) -> dict[str, Any] | None:
        """The plan's compute in service by year (``to_dict()["in_service"]``).

        Returns
        -------
        dict or None
            ``h100e_by_year`` ({year: compute in service with the investor} [H100e]: the
            world's deliveries within the horizon, each over its product's service
            life; with ``demand_basis: installed`` the served compute, already in
            service), ``basis`` (``delivered`` or ``installed``), ``lives_years``
            ({life [year]: products delivered}) and ``note`` (what the numbers are);
            None without a plan or when the run's assumptions do not give every
            delivered product's life (:mod:`tigris.plan.in_service`).
        """
        from tigris.plan.in_service import in_service_sections

        stock = in_service_sections(self, None, None)
        if stock is None:
            return None
        if stock["basis"] == "installed":
            note = (
                "demand_basis: installed: served compute is already the compute in "
                "service that serves demand (up to each year's demand), so these equal "
                "the served figures, and baseline/added in_service_h100e_by_year equal "
                "their h100e_by_year"
            )
        else:
            note = (
                "H100e in service each year: deliveries within the horizon, each product "
                "over its fleet_lifetime_years (the energy layer's fleet rule); the "
                "legacy fleet delivered before the horizon is not counted"
            )
        return {
            "h100e_by_year": stock["h100e_by_year"],
            "basis": stock["basis"],
            "lives_years": stock["lives_years"],
            "note": note,
        }

    def scalars(self) -> dict[str, Any]:
        """The non-table attributes, JSON-ready.

        Returns
        -------
        dict of str to Any
            Scenario name, status, objective and its value [USD, None when not finite],
            horizon, relaxed, MIP gap, timings [s], objective and cost terms [USD], penalty
            [USD], input hash and the baseline's status and note.
        """
        obj = self.objective_usd
        pen = self.unmet_penalty_usd
        return {
            "scenario_name": self.scenario_name,
            "status": self.status,
            "objective": self.objective,
            "objective_usd": obj if math.isfinite(obj) else None,
            "horizon": list(self.horizon),
            "relaxed": self.relaxed,
            "mip_gap": self.mip_gap,
            "timings": dict(self.timings),
            "objective_terms_usd": dict(self.objective_terms_usd),
            "cost_terms_usd": dict(self.cost_terms_usd),
            "unmet_penalty_usd": pen if math.isfinite(pen) else None,
            "input_hash": self.input_hash,
            "baseline_status": self.baseline_status,
            "baseline_note": self.baseline_note,
        }

    def saved_scalars(self) -> dict[str, Any]:
        """:meth:`scalars` and what a saved or stored run needs to read back as planned:
        ``steady_groups``, the build groups at their steady state in the last year (the
        plan's own flag, kept in the cash flows' ``attrs``), so that a run read back
        values a going concern as the plan did (user test 2026-12-06 scenario #2).

        Returns
        -------
        dict of str to Any
            JSON-ready; not part of :meth:`to_dict` (``--json``), which has no such key.
        """
        return {**self.scalars(), "steady_groups": steady_keys(self.cash_flows)}

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready values; tables as lists of records.

        Strict JSON, as ``tigris plan --json`` prints it: a NaN or infinite number is
        None (``json.dumps(..., allow_nan=False)`` accepts the result; UT-API #9: the
        headline's ``discount_rate_nominal`` was NaN), numpy scalars are Python's.

        Returns
        -------
        dict of str to Any
            :meth:`scalars`, ``summary``, ``headline``, ``baseline`` and ``added``,
            ``in_service``, every table as a list of records, ``binding`` and ``finance``.
        """
        return _strict_json(self._to_dict())

    def _to_dict(self) -> dict[str, Any]:
        out = self.scalars()
        out["summary"] = self.summary()
        out["headline"] = self.headline()
        out["baseline"], out["added"] = self.sections()
        out["in_service"] = self.in_service()
        for name in TABLE_COLUMNS:
            df = (
                self._supply_with_in_service()
                if name == "supply_by_source"
                else getattr(self, name)
            )
            out[name] = json_records(df)  # full precision (user test s57 #6)
        out[SUBSIDY_TABLE] = json_records(self.subsidies)
        out[SITE_LOAD_TABLE] = json_records(self.site_load)
        out["binding"] = [e.to_dict() for e in self.binding]
        out["finance"] = self.finance()
        return out

    def finance(self) -> dict[str, Any]:
        """The money as nested records (``to_dict()["finance"]``, ``docs/plan-result.md``).

        Returns
        -------
        dict
            ``modules``: one record per build group (``site, facility, start_year,
            owner, modules, npv_usd, irr, payback_year``) with its ``cash_flows``
            (``year, capex_usd, revenue_usd, variable_cost_usd, opex_usd, tax_usd,
            salvage_usd, net_usd``, USD of the currency year, undiscounted [USD]);
            ``sites``, ``owners`` and ``sources`` likewise (``sources`` also
            ``drawn_usd``, ``share``), their
            cash flows the aggregated ones of ``finance_flows``; ``total``: the
            investor's ``npv_usd``, ``irr``, ``payback_year`` (None each when not
            known). An undefined IRR or a payback never reached is None.
        """
        return finance_records(self)

    def write(self, out_dir: str | Path, field: str = "--out") -> list[Path]:
        """Write one CSV per table plus ``plan.json`` (scalars, binding, assumptions,
        and each CSV's row count and SHA-256 digest), safely.

        Everything is written aside and renamed into place (:mod:`tigris.plan.saved`):
        a write that fails midway leaves an earlier run in ``out_dir`` unchanged.

        Parameters
        ----------
        out_dir : str or Path
            Directory, created if missing; files other than the run's are kept.
        field : str, optional
            Option named in error messages.

        Returns
        -------
        list of Path
            Files written, ``plan.json`` last.

        Raises
        ------
        InputError
            ``out_dir`` cannot be written (a file in the way, no permission, a full
            disk), or it holds files of the run's names but is not a saved run.
        """
        from tigris.plan.saved import write_dir

        doc = self.saved_scalars()
        doc["binding"] = [e.to_dict() for e in self.binding]
        doc["assumptions"] = json_records(self.assumptions)
        tables = {n: getattr(self, n) for n in TABLE_COLUMNS if n != "assumptions"}
        sup = self._supply_with_in_service()
        extra = [c for c in sup.columns if c not in SAVED_COLUMNS["supply_by_source"]]
        tables["supply_by_source"] = sup[[*SAVED_COLUMNS["supply_by_source"], *extra]]
        sub = self.subsidies
        tables[SUBSIDY_TABLE] = sub[
            [*SUBSIDY_COLUMNS, *(c for c in sub if c not in SUBSIDY_COLUMNS)]
        ]
        tables[SITE_LOAD_TABLE] = self.site_load[list(SITE_LOAD_COLUMNS)]
        return write_dir(doc, tables, out_dir, field=field)

    @classmethod
    def read(cls, out_dir: str | Path) -> PlanResult:
        """Read a directory written by :meth:`write`.

        A damaged run is refused, never drawn as a different plan: ``plan.json`` must
        have the documented shape and each CSV its saved digest, columns and years
        (:mod:`tigris.plan.saved`). A run saved before owners and the world without
        the investor (issue 10) is read with ``owner`` the investor, the baseline and
        added compute NaN and no ``supply_by_source``: :meth:`sections` is then
        ``(None, None)`` and the headline says what the investor adds is not known.

        Parameters
        ----------
        out_dir : str or Path
            The directory :meth:`write` wrote.

        Returns
        -------
        PlanResult
            The saved run, its tables with their saved columns and dtypes.

        Raises
        ------
        InputError
            The directory or one of its files is missing or damaged: one line per
            problem, naming the file and what is wrong.
        """
        from tigris.plan.saved import read_dir

        csv_columns = {n: c for n, c in SAVED_COLUMNS.items() if n != "assumptions"}
        doc, tables = read_dir(
            out_dir,
            csv_columns,
            ADDED_COLUMNS,
            (*ADDED_TABLES, SUBSIDY_TABLE, SITE_LOAD_TABLE),
            LEGACY_TABLES,
            ADDED_COLUMN_GROUPS,
        )
        _saved_dtypes(tables, Path(out_dir))
        cap = tables["capacity"]
        if len(cap):  # the existing capacity is the baseline's, no one owner's
            cap.loc[cap["site"] == "existing", "owner"] = ""
        sp = tables["shadow_prices"]
        if len(sp):  # saved as True/False text
            sp["is_bound"] = sp["is_bound"].astype(bool)
        tables["assumptions"] = _saved_assumptions(doc.get("assumptions", []))
        horizon = doc.get("horizon", (0, 0))
        restore_steady(tables["cash_flows"], doc.get("steady_groups"), int(horizon[1]))
        obj = doc.get("objective_usd")
        gap = doc.get("mip_gap")
        return cls(
            scenario_name=str(doc.get("scenario_name", "")),
            status=str(doc.get("status", "")),
            objective_usd=float(obj) if obj is not None else math.nan,
            horizon=tuple(int(y) for y in doc.get("horizon", (0, 0))),  # type: ignore[arg-type]
            binding=[
                Explanation(str(e["kind"]), e.get("year"), str(e["text"]))
                for e in doc.get("binding", [])
            ],
            relaxed=bool(doc.get("relaxed", False)),
            mip_gap=float(gap) if gap is not None else None,
            timings={str(k): float(v) for k, v in doc.get("timings", {}).items()},
            objective_terms_usd={
                str(k): float(v) for k, v in doc.get("objective_terms_usd", {}).items()
            },
            input_hash=str(doc["input_hash"]) if doc.get("input_hash") else None,
            objective=str(doc.get("objective", "serve")),
            cost_terms_usd={str(k): float(v) for k, v in doc.get("cost_terms_usd", {}).items()},
            baseline_status=_text_or_none(doc.get("baseline_status")),
            baseline_note=_text_or_none(doc.get("baseline_note")),
            unmet_penalty_usd=_number_or_nan(doc.get("unmet_penalty_usd")),
            **tables,
        )


#: Number columns whose name is a text column elsewhere (``site_load.supply`` is the
#: kind of supply, ``tools.supply`` the tools available [tools/year]): read as numbers.
_NUMBER_COLUMNS = {"tools": ("supply",)}
#: Columns of whole numbers [years]: ``int64`` in a plan, also when its table is empty.
_WHOLE_COLUMNS = ("year", "start_year", "online_year")
#: Tables with another column of whole numbers: a build's modules [modules] (a cash
#: flow's ``modules`` is a float).
_WHOLE_IN = {"builds": ("modules",)}
#: A year that may be absent (a module that never pays back): pandas' nullable ``Int64``.
_NULLABLE_YEAR_COLUMNS = ("payback_year",)


def _saved_dtypes(tables: dict[str, pd.DataFrame], root: Path) -> None:
    """Give the tables read from a saved run the dtypes of the tables written (UT-API #3).

    The CSV reader types a column by its name alone, and an empty table's columns not
    at all; here ``tools.supply`` is a number (it was read as text: ``'19.0'``),
    ``payback_year`` is ``Int64`` as in a plan, and an empty table's columns have the
    dtypes the table has with rows: names ``str``, whole numbers ``int64``, the rest
    ``float64`` (so runs concatenate). In place.

    Raises
    ------
    InputError
        A value of a number column is not a number (naming the file and line).
    """
    for name, cols in _NUMBER_COLUMNS.items():
        df = tables.get(name)
        for col in cols:
            if df is None or col not in df.columns:
                continue
            text = df[col].astype(object).where(df[col].notna(), "")
            values = pd.to_numeric(text.replace("", math.nan), errors="coerce")
            bad = values.isna() & (text != "")
            if bad.any():
                line = int(bad.to_numpy().argmax()) + 2
                msg = f"{col}: expected a number, got '{str(text[bad].iloc[0])[:20]}'"
                raise InputError(Problem("", msg, file=str(root / f"{name}.csv"), line=line))
            df[col] = values.astype(float)
    for name, df in tables.items():
        for col in _NULLABLE_YEAR_COLUMNS:
            if col in df.columns:
                df[col] = pd.to_numeric(df[col]).astype("Int64")
        if len(df):
            continue
        for col in df.columns:
            if col in _NULLABLE_YEAR_COLUMNS or pd.api.types.is_bool_dtype(df[col]):
                continue
            if pd.api.types.is_object_dtype(df[col]) or pd.api.types.is_string_dtype(df[col]):
                df[col] = df[col].astype(str)
            else:
                whole = col in _WHOLE_COLUMNS or col in _WHOLE_IN.get(name, ())
                df[col] = df[col].astype("int64" if whole else float)


# --- the assumptions table: the scenario's limits and every row's date -------------------
# (user test UT-JOURNO, defects 1 and 4: a site's module cap decided the $7T plan and was
# in no row; no row said how old its source was)

#: The ``as_of`` of an assumption the scenario sets: the scenario schema has no date of
#: its own, so the row says where the value is dated (in the scenario file's comments).
SCENARIO_AS_OF = "scenario"
#: The ``as_of`` of an assumption an option of ``tigris plan`` sets (``--objective``).
COMMAND_LINE_AS_OF = "command line"
#: Columns of the assumptions table with its dates (:func:`with_as_of`).
ASSUMPTION_COLUMNS = (*TABLE_COLUMNS["assumptions"], "as_of")
#: A data row's source is found in an assumption's source by its first this many
#: characters [characters]: an assumption quotes a data row's source whole or cut at
#: 160 characters (``tigris.plan.assemble_money``) after a prefix of up to ~90 (the
#: file and row named), which leaves at least 60; the shortest data-row source is ~50.
_SOURCE_KEY_CHARS = 60
#: A data table named in an assumption's source (``data/grid.csv``, ``fab_parameters.csv``).
_TABLE_NAMED = re.compile(r"\b([a-z0-9_]+)\.csv\b")


def _data_rows() -> list[tuple[str, str, str]]:
    """``(table, source, as_of)`` of every row of the shipped data tables."""
    import csv
    from importlib import resources

    out = []
    for f in sorted(resources.files("tigris.data").iterdir(), key=lambda p: p.name):
        if not f.name.endswith(".csv"):
            continue
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                source, as_of = (row.get("source") or "").strip(), (row.get("as_of") or "")
                if source and as_of.strip():
                    out.append((f.name.removesuffix(".csv"), source, as_of.strip()))
    from tigris.data import active_overlay  # a --data file's rows date its citations

    overlay = active_overlay()
    for table, rows in overlay.rows.items() if overlay is not None else ():
        for r in rows:
            source, as_of = str(r.get("source") or "").strip(), str(r.get("as_of") or "").strip()
            if source and as_of:
                out.append((table, source, as_of))
    return out


def _span(dates: set[str]) -> str:
    """One date, or the earliest and latest of several: ``2024-03..2026-01``."""
    ordered = sorted(dates)
    return ordered[0] if len(ordered) == 1 else f"{ordered[0]}..{ordered[-1]}"


def assumption_as_of(
    source: str, scenario_texts: frozenset[str], rows: list[tuple[str, str, str]]
) -> str:
    """The date of one assumption, from the data rows its source comes from.

    The rule, in order: (1) a value given on the command line (an option of ``tigris
    plan``, or ``--set``): :data:`COMMAND_LINE_AS_OF`; (2) a source the scenario wrote
    (a text of the scenario, or one starting ``scenario``): :data:`SCENARIO_AS_OF` (the
    scenario schema has no ``as_of``; its file dates its sources in their text); (3)
    the data rows whose source the assumption quotes (found by the row source's first
    :data:`_SOURCE_KEY_CHARS` characters): their ``as_of``; (4) else the tables it
    names (``data/grid.csv``): their rows' ``as_of``; (5) else ``""``, not dated (a
    value tigris computes, e.g. ``tigris.fab.fab_model``, whose inputs have rows of
    their own). Several dates read ``earliest..latest``.

    Parameters
    ----------
    source : str
        The assumption's source.
    scenario_texts : frozenset of str
        Every text value of the scenario (its sources).
    rows : list of (str, str, str)
        ``(table, source, as_of)`` of the data rows (:func:`_data_rows`).

    Returns
    -------
    str
        ``YYYY-MM`` (or ``YYYY``), a span ``A..B``, ``scenario``, ``command line`` or ``""``.
    """
    text = str(source)
    if text.startswith("tigris plan --") or text.startswith("set on the command line"):
        return COMMAND_LINE_AS_OF
    if text in scenario_texts or text.startswith("scenario"):
        return SCENARIO_AS_OF
    quoted = {a for _, s, a in rows if s[:_SOURCE_KEY_CHARS] in text}
    if quoted:
        return _span(quoted)
    named = set(_TABLE_NAMED.findall(text))
    tables = {a for t, _, a in rows if t in named}
    if tables:
        return _span(tables)
    return ""


def with_as_of(assumptions: pd.DataFrame, sc: Scenario | None = None) -> pd.DataFrame:
    """The assumptions table with an ``as_of`` column (:func:`assumption_as_of`).

    Parameters
    ----------
    assumptions : pandas.DataFrame
        ``parameter, value, unit, source`` rows.
    sc : Scenario, optional
        The scenario the rows come from: a row whose source is one of its texts is
        dated :data:`SCENARIO_AS_OF`.

    Returns
    -------
    pandas.DataFrame
        A copy with :data:`ASSUMPTION_COLUMNS`; a row already dated keeps its date.

    References
    ----------
    User test UT-JOURNO (2026-12-04), defect 4; house rule: ``source`` and ``as_of``
    on every data row (README, "Where the numbers come from").
    """
    from tigris.scenario.edit import flatten

    texts = frozenset(
        v for v in (flatten(sc).values() if sc is not None else ()) if isinstance(v, str) and v
    )
    # the same dates from fewer comparisons (docs/plan.md, "Performance"): a row counts
    # by its table, its source's first _SOURCE_KEY_CHARS characters and its date only,
    # so rows alike in those are one; a source several assumptions quote is dated once
    rows = list(dict.fromkeys((t, s[:_SOURCE_KEY_CHARS], a) for t, s, a in _data_rows()))
    dates: dict[str, str] = {}

    def date(source: object) -> str:
        text = str(source)
        if text not in dates:
            dates[text] = assumption_as_of(text, texts, rows)
        return dates[text]

    out = assumptions.copy()
    given = out["as_of"] if "as_of" in out.columns else pd.Series("", index=out.index)
    dated = [
        str(g) if isinstance(g, str) and g else date(s)
        for s, g in zip(out["source"], given, strict=True)
    ]
    out["as_of"] = pd.Series(dated, index=out.index, dtype=object)
    return out[list(ASSUMPTION_COLUMNS)]


def scenario_source_rows(sc: Scenario) -> list[tuple[str, Any, str, str]]:
    """Assumption rows for the scenario's own values: its ``sources`` and every site's
    limits.

    A ``sources`` key is a field (``discount_rate``: the row's value is the field's) or
    a dotted path (``sites.texas-usa.max_modules``: the value there,
    :func:`tigris.scenario.edit.get_path`). Each site gets two rows, ``site NAME: max
    modules`` [modules] and ``site NAME: power limit`` [MW] (``none`` when the
    scenario sets no limit), sourced by ``sources`` at ``sites.NAME.max_modules`` /
    ``sites.NAME.power_limit_mw`` or said to be the scenario's, unsourced: a site cap
    can decide a plan (the reference's $7T buys what $100B does because texas-usa may
    host 40 modules), so it is listed whatever its source.

    Parameters
    ----------
    sc : Scenario
        The validated scenario.

    Returns
    -------
    list of (str, Any, str, str)
        ``(parameter, value, unit, source)``.

    References
    ----------
    User test UT-JOURNO (2026-12-04), defect 1.
    """
    from tigris.scenario.edit import CAPITAL_AMOUNTS, get_path

    limits = {f"sites.{s.name}.{f}": (s.name, f) for s in sc.sites for f in _SITE_LIMITS}
    # a commitment is sourced in its own row, as the cap (below)
    limits |= {
        f"sites.{s.name}.min_modules": (s.name, "min_modules") for s in sc.sites if s.min_modules
    }
    # a site value overriding data/sites.csv is sourced in its own row, "SITE: FIELD"
    # (tigris.plan.assemble_sites._modules; user test 2026-12-07, scenario author #8)
    limits |= {f"sites.{s.name}.{f}": (s.name, f) for s in sc.sites for f in s.table_overrides()}
    # a capital source's amount is sourced in its own row, "capital NAME"
    # (tigris.plan.assemble.capital_source; user test 2026-12-06 #9)
    limits |= {f"capital.{c.name}.{f}": (c.name, f) for c in sc.capital for f in CAPITAL_AMOUNTS}
    # a class's priority is sourced in its own row, "demand NAME: priority"
    # (tigris.plan.assemble._demand)
    limits |= {f"demand.{d.name}.priority": (d.name, "priority") for d in sc.demand}
    out: list[tuple[str, Any, str, str]] = []
    for key, text in sc.sources.items():
        if key in limits:
            continue  # in the site's or the capital source's own row
        if "." in key:
            try:
                value = get_path(sc, key)
            except InputError:
                value = ""
        else:
            value = getattr(sc, key, "")
        out.append((key, value if isinstance(value, int | float | str) else "", "", text))
    for s in sc.sites:
        for f, (label, unit) in _SITE_LIMITS.items():
            value = getattr(s, f)
            path = f"sites.{s.name}.{f}"
            source = sc.sources.get(
                path,
                f"scenario {path}: the scenario's assumption, no source given (add one "
                f"under sources: {path})",
            )
            # no limit, not "none MW", which read as zero (user test 2026-12-07, #8)
            row = ("no limit", "") if value is None else (value, unit)
            out.append((f"site {s.name}: {label}", *row, source))
        committed = getattr(s, "min_modules", None)
        if committed:  # a forced build, listed as the cap is (report reader #4: the
            # commitment that made a plan infeasible was in no assumption row)
            path = f"sites.{s.name}.min_modules"
            source = sc.sources.get(
                path,
                f"scenario {path}: the scenario's commitment, no source given (add one "
                f"under sources: {path})",
            )
            out.append((f"site {s.name}: min modules", committed, "modules", source))
    return out


def cite_site_limits(binding: list[Explanation], assumptions: pd.DataFrame) -> list[Explanation]:
    """Explanations of a full site or its power limit with the limit's source quoted.

    :mod:`tigris.plan.explain` names the assumptions row a site's limit comes from
    (:data:`tigris.plan.explain.SITE_SOURCE_MARK`); where the table has that row, its
    source replaces the name, so the sentence says where the cap came from. Other
    explanations, and a name without a row, are kept as they are.

    Parameters
    ----------
    binding : list of Explanation
        The result's explanations.
    assumptions : pandas.DataFrame
        Its assumptions table.

    Returns
    -------
    list of Explanation
    """
    from tigris.plan.explain import SITE_SOURCE_MARK

    if "parameter" not in assumptions.columns or not len(assumptions):
        return binding
    sources = dict(zip(assumptions["parameter"], assumptions["source"], strict=True))
    out = []
    for e in binding:
        text = e.text
        if e.kind in ("site_modules", "site_power"):
            for row, source in sources.items():
                mark = SITE_SOURCE_MARK.format(row=row)
                if mark in text and isinstance(source, str) and source:
                    text = text.replace(mark, f"its source ({row}): {source.rstrip('.')}")
        out.append(e if text == e.text else Explanation(e.kind, e.year, text))
    return out


def _saved_assumptions(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The assumptions of ``plan.json``, with their ``as_of`` when the run saved one
    (a run saved before it has none: read as is, not dated by today's tables)."""
    dated = any(isinstance(r, dict) and "as_of" in r for r in records)
    columns = ASSUMPTION_COLUMNS if dated else TABLE_COLUMNS["assumptions"]
    out = pd.DataFrame(records, columns=list(columns))
    if dated:  # object, as :func:`with_as_of` makes it in a plan (UT-API #3)
        out["as_of"] = out["as_of"].astype(object)
    return out


#: A site's limits listed among the assumptions: field -> (label, unit).
_SITE_LIMITS = {"max_modules": ("max modules", "modules"), "power_limit_mw": ("power limit", "MW")}
