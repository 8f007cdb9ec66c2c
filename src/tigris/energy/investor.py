"""The investor's own energy and emissions: its data-centre modules' (UT-ESG #1).

Every other emissions figure of a plan is the world's AI fleet (the ``power`` table).
A fund needs what its own assets draw and emit (PCAF, *The Global GHG Accounting and
Reporting Standard for the Financial Industry*, 2nd ed. 2022: the financed or owned
assets' scope 1 and 2). This module reads it from a solved plan's own tables, so that
a saved run gives the same figures:

- each of the investor's data-centre modules' facility MW **used** in a year (the
  ``capacity`` table, ``owner == investor``, unit ``facility MW``; what the power
  table places there, equal to the MW online when the modules are full, as in the
  reference), on the power table's basis (the year's MW as the plan counts them, so
  the investor's energy is a part of the world's ``energy_twh``);
- energy ``MW x load factor x 8,766 h`` (:func:`tigris.energy.fleet.energy_twh`; the
  load factor from the assumptions row :data:`~tigris.plan.assemble_energy.LOAD_FACTOR_ROW`);
- emissions: energy x the supply's factor, the site's region's grid intensity for a
  grid-connected module (scope 2, location-based) and the type's on-site intensity
  for on-site generation (scope 1), both from the assumptions rows
  (:func:`tigris.plan.assemble_energy.emission_factor_rows`), the site's region from
  the ``subsidies`` table (one row per investor site and facility).

- its new fabs' electricity: the power table's ``fab_energy_twh`` by region (fab
  modules online x ``power_mw`` x 8,766 h) x the region's grid factor (scope 2), when
  every fab module the plan builds is the investor's; the table does not split fab
  energy by owner, so with other owners' fabs built too it is not known (None, and
  not in the totals).

Not counted: what docs/energy.md "Emissions: what is counted" leaves out (embodied,
construction, upstream fuel).

References
----------
GHG Protocol, *Scope 2 Guidance* (2015), ch. 6 (location-based method); GHG Protocol
*Corporate Standard* (2004), ch. 4 (scope 1: on-site combustion); PCAF (2022), part A.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from tigris.energy.fleet import emissions_t_co2, energy_twh
from tigris.energy.gas import (
    at_gas_cap,
    gas_bcf_per_day,
    gas_burned_mmbtu,
    gas_module_mw,
    gas_supply_share,
)

__all__ = ["INVESTOR_ENERGY_NOTE", "SCOPE_BASIS_NOTE", "investor_energy"]

#: Said beside any sum of on-site (scope 1) and grid (scope 2) emissions: the two
#: factors are on different bases (UT-UTILITY #4, session 37). The on-site gas factor is
#: combustion CO2 at the stack (data/datacenter_types.csv datacenter-gas: EIA AEO2026 heat
#: rate x EPA pipeline-gas CO2 factor); the grid's is Ember's life-cycle CO2e (IPCC AR5
#: factors, upstream included: data/grid.csv, Basis).
SCOPE_BASIS_NOTE = (
    "Bases differ: scope 1 is the gas plant's combustion CO2 at the stack only (its "
    "upstream methane, and CH4 and N2O, not counted); scope 2 is the grid's life-cycle "
    "CO2e (upstream included), so the sum understates on-site gas against the grid "
    "(docs/energy.md, 'Emissions: what is counted')."
)

#: What the investor's figures are, said with them (``added["energy"]["note"]``).
INVESTOR_ENERGY_NOTE = (
    "the investor's own data-centre modules: facility MW used x load factor x 8,766 h "
    "(the power table's basis, the year's MW), x the site's region's grid intensity "
    "(scope 2, location-based) or the on-site type's (scope 1), as the assumptions "
    "list them; and its new fabs' electricity (the power table's fab_energy_twh, "
    "modules online x power_mw x 8,766 h) at the region's grid intensity (scope 2); "
    "embodied and construction emissions not counted (docs/energy.md, 'Emissions: "
    "what is counted'). " + SCOPE_BASIS_NOTE
)
_DATACENTER = "datacenter"
_INVESTOR = "investor"
#: Said when the investor's fabs cannot be told from other owners' in the power table.
_NO_FAB = (
    "; other owners build fabs too, so the investor's fabs' energy is not known "
    "(fab_energy_twh_by_year None) and not in the totals"
)


def _rows(assumptions: pd.DataFrame) -> dict[str, str]:
    if assumptions is None or not len(assumptions) or "parameter" not in assumptions:
        return {}
    return {
        str(p): str(v) for p, v in zip(assumptions["parameter"], assumptions["value"], strict=True)
    }


def investor_energy(result: Any) -> dict[str, Any] | None:
    """The investor's data-centre energy and emissions by year, from a plan's tables.

    Parameters
    ----------
    result : PlanResult
        A solved plan (its ``capacity``, ``subsidies``, ``assumptions`` and ``power``).

    Returns
    -------
    dict or None
        ``energy_twh_by_year`` (data centres and fabs), ``datacenter_energy_twh_by_year``,
        ``fab_energy_twh_by_year`` (None when not known) and
        ``onsite_energy_twh_by_year`` [TWh/year],
        ``gas_mmbtu_by_year`` [MMBtu/year] and ``gas_bcf_per_day_by_year`` [Bcf/day]
        (its on-site energy × the type's heat rate; Bcf/d at the heat content of
        natural gas, None without that row; both None for a run saved before the power
        table's gas columns: which types burn fuel is not known then),
        ``gas_mw_commissioned_by_year`` [facility MW first running that year] and
        ``gas_world_turbine_share_by_year`` (that MW over the world's gas-turbine
        production a year [-], None without that row; :mod:`tigris.energy.gas`),
        ``gas_mw_per_year_max`` (the scenario's cap [MW/year], None: no cap) and
        ``gas_years_at_cap`` (the years at it: one more module would not fit,
        :func:`tigris.energy.gas.at_gas_cap`),
        ``emissions_t_co2_by_year`` [t CO2/year], ``scope1_t_co2_by_year`` (on-site
        generation) and ``scope2_t_co2_by_year`` (grid, location-based) [t CO2/year],
        ``total_twh``, ``total_t_co2`` (over the horizon), ``world_share_last_year``
        (its emissions over the power table's world's in the last year [-], None when
        not known) and ``note`` (:data:`INVESTOR_ENERGY_NOTE`). Years with no module
        are 0. None when the run's assumptions lack the load factor or emission
        factors (a run saved before them; a plan without data-centre power has them
        since 2026-12-08, for its fabs).

    References
    ----------
    GHG Protocol, *Scope 2 Guidance* (2015), ch. 6; PCAF (2022).
    """
    from tigris.plan.assemble_energy import (
        GRID_FACTOR_ROW,
        HEAT_RATE_ROW,
        LOAD_FACTOR_ROW,
        ONSITE_FACTOR_ROW,
        factor_by_year,
    )

    rows = _rows(getattr(result, "assumptions", None))
    if LOAD_FACTOR_ROW not in rows:
        return None
    try:
        load = float(rows[LOAD_FACTOR_ROW])
    except ValueError:
        return None
    first, last = (int(y) for y in result.horizon)
    years = list(range(first, last + 1))
    zero = np.zeros(len(years))
    energy, onsite, scope1, scope2 = zero.copy(), zero.copy(), zero.copy(), zero.copy()
    gas_mmbtu = zero.copy()
    cap = result.capacity
    if len(cap) and "owner" in cap:
        kind = cap["facility"].astype(str)
        mine = cap[(cap["owner"] == _INVESTOR) & (kind == _DATACENTER)]
        mine = mine[mine["unit"].astype(str).str.contains("MW")]
    else:
        mine = cap.iloc[0:0]
    sub = getattr(result, "subsidies", None)
    region_of: dict[str, str] = {}
    if sub is not None and len(sub) and {"site", "region"} <= set(sub.columns):
        region_of = {str(s): str(r) for s, r in zip(sub["site"], sub["region"], strict=True)}
    at = {y: i for i, y in enumerate(years)}
    for (site, node), grp in mine.groupby(["site", "node"], sort=False):
        fid = _DATACENTER if not str(node) or str(node) == "nan" else f"{_DATACENTER}-{node}"
        mw = np.zeros(len(years))
        for y, used in zip(grp["year"], grp["used"], strict=True):
            if int(y) in at:
                mw[at[int(y)]] += float(used)
        twh = np.asarray(energy_twh(mw, load, 1.0), dtype=float)
        energy += twh
        own = ONSITE_FACTOR_ROW.format(fid)
        if own in rows:
            onsite += twh
            rate = _number(rows.get(HEAT_RATE_ROW.format(fid)))
            if rate is not None:
                gas_mmbtu += gas_burned_mmbtu(twh, rate)
            scope1 += emissions_t_co2(twh, factor_by_year(rows[own], years))
            continue
        region = region_of.get(str(site))
        key = GRID_FACTOR_ROW.format(region) if region else None
        g = factor_by_year(rows[key], years) if key in rows else np.full(len(years), math.nan)
        scope2 += np.where(twh > 0, emissions_t_co2(twh, g), 0.0)
    dc_energy = energy.copy()
    fab = _fab_energy(result, years, rows, region_of)
    if fab is not None:
        fab_twh, fab_t = fab
        energy = energy + fab_twh
        scope2 = scope2 + fab_t
    total = scope1 + scope2
    share = None
    power = getattr(result, "power", None)
    if power is not None and len(power) and "region" in power:
        world = power[(power["region"] == "world") & (power["year"] == last)]
        if len(world):
            w = float(world["emissions_t_co2"].iloc[0])
            share = float(total[-1] / w) if w > 0 and math.isfinite(total[-1]) else None

    def by_year(x: np.ndarray) -> dict[int, float]:
        return dict(zip(years, x.tolist(), strict=True))

    return {
        "energy_twh_by_year": by_year(energy),
        "datacenter_energy_twh_by_year": by_year(dc_energy),
        # None when other owners build fabs too (the power table's fab energy is not
        # split by owner), else the investor's fabs' energy, in the totals
        "fab_energy_twh_by_year": None if fab is None else by_year(fab[0]),
        "onsite_energy_twh_by_year": by_year(onsite),
        **_gas(result, rows, years, gas_mmbtu),
        "emissions_t_co2_by_year": by_year(total),
        "scope1_t_co2_by_year": by_year(scope1),
        "scope2_t_co2_by_year": by_year(scope2),
        "total_twh": float(energy.sum()),
        "total_t_co2": float(total.sum()),
        "world_share_last_year": share,
        "note": INVESTOR_ENERGY_NOTE if fab is not None else INVESTOR_ENERGY_NOTE + _NO_FAB,
    }


def _number(text: str | None) -> float | None:
    """An assumptions value as a float (None when absent or not a number)."""
    try:
        return None if text is None else float(text)
    except ValueError:
        return None


def _gas(
    result: Any, rows: dict[str, str], years: list[int], gas_mmbtu: np.ndarray
) -> dict[str, Any]:
    """The investor's on-site gas: burned [MMBtu/year, Bcf/day], the facility MW it
    commissions each year (its modules of a type with a heat-rate row, by the builds
    table's ``online_year``) [MW] and that MW over the world's gas-turbine production a
    year [-] (:func:`tigris.energy.gas.gas_supply_share`); Bcf/d and the share None
    when the run's assumptions lack their rows (no fuel burned, or a run saved before
    them)."""
    from tigris.plan.assemble_energy import (
        GAS_CAP_ROW,
        GAS_HEAT_CONTENT_ROW,
        HEAT_RATE_ROW,
        WORLD_TURBINES_ROW,
    )

    def by_year(x: np.ndarray) -> dict[int, float]:
        return dict(zip(years, x.tolist(), strict=True))

    at = {y: i for i, y in enumerate(years)}
    mw = np.zeros(len(years))
    b = result.builds
    if len(b) and {"facility", "node", "online_year", "capacity"} <= set(b.columns):
        for x in b.to_dict("records"):
            node = str(x["node"]) if str(x["node"]) not in ("", "nan") else ""
            fid = f"{_DATACENTER}-{node}" if node else _DATACENTER
            mine = str(x.get("owner", _INVESTOR)) == _INVESTOR
            if mine and str(x["facility"]) == _DATACENTER and HEAT_RATE_ROW.format(fid) in rows:
                y = int(x["online_year"])
                if y in at:
                    mw[at[y]] += float(x["capacity"])
    # a run saved before the gas columns (its power table without them, or NaN there)
    # does not say which types burn fuel: its gas is not known, not 0
    power = getattr(result, "power", None)
    col = "onsite_gas_mmbtu"
    known = power is not None and col in power and bool(power[col].notna().any())
    btu_per_cf = _number(rows.get(GAS_HEAT_CONTENT_ROW))
    world = _number(rows.get(WORLD_TURBINES_ROW))
    cap = _number(rows.get(GAS_CAP_ROW))
    # at the cap: one more module would not fit (the builds are whole modules: at
    # 1,050 MW a year and 100 MW modules, 1,000 MW is at it; RV-S36 #3)
    module = gas_module_mw(result)
    at_cap = (
        []
        if cap is None
        else [y for y, a in zip(years, at_gas_cap(mw, cap, module), strict=True) if a]
    )
    return {
        "gas_mw_per_year_max": cap,
        "gas_years_at_cap": at_cap,
        "gas_mmbtu_by_year": by_year(gas_mmbtu) if known else None,
        "gas_bcf_per_day_by_year": None
        if btu_per_cf is None or not known
        else by_year(gas_bcf_per_day(gas_mmbtu, btu_per_cf)),
        "gas_mw_commissioned_by_year": by_year(mw),
        "gas_world_turbine_share_by_year": None
        if world is None
        else by_year(gas_supply_share(mw, world)),
    }


def _fab_energy(
    result: Any, years: list[int], rows: dict[str, str], region_of: dict[str, str]
) -> tuple[np.ndarray, np.ndarray] | None:
    """The investor's fabs' energy [TWh/year] and grid emissions [t CO2/year] by year:
    the power table's ``fab_energy_twh`` of each region (new fab modules online x
    ``power_mw`` x 8,766 h) x the region's grid factor, when every fab module the plan
    builds is the investor's (zeros when it builds none); None when another owner
    builds fabs too (the table does not split them by owner) or a region's factor is
    not in the assumptions."""
    from tigris.plan.assemble_energy import GRID_FACTOR_ROW, factor_by_year

    zero = np.zeros(len(years))
    b = result.builds
    if not len(b) or "facility" not in b:
        return zero, zero.copy()
    fabs = b[(b["facility"].astype(str) != _DATACENTER) & (b["modules"] > 0)]
    if not len(fabs):
        return zero, zero.copy()
    if "owner" in fabs and not (fabs["owner"] == _INVESTOR).all():
        return None
    power = getattr(result, "power", None)
    if power is None or not len(power) or "fab_energy_twh" not in power:
        return None
    twh, t = zero.copy(), zero.copy()
    at = {y: i for i, y in enumerate(years)}
    regions = set(region_of.values())
    p = power[(power["region"] != "world") & (power["fab_energy_twh"] > 0)]
    for region, grp in p.groupby("region"):
        key = GRID_FACTOR_ROW.format(region)
        if key not in rows or str(region) not in regions:
            return None
        g = factor_by_year(rows[key], years)
        for y, e in zip(grp["year"], grp["fab_energy_twh"], strict=True):
            if int(y) not in at:  # outside the horizon, as the data centres' rows
                continue
            i = at[int(y)]
            twh[i] += float(e)
            t[i] += float(emissions_t_co2(float(e), g[i]))
    return twh, t
