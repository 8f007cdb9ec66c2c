"""Solve a planning problem with HiGHS and turn the solution into a :class:`PlanResult`.

``solve(scenario)`` assembles the arrays from a scenario (calling the workload, silicon
and fab layers), builds the linopy model, solves it, solves its LP relaxation for duals,
and extracts the tables and the explanations. A solver outcome (optimal, time limit,
infeasible) is data on the result, never an exception.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tigris.errors import InputError, Problem, require_positive
from tigris.plan.counterfactual import (
    Counterfactual,
    by_priority,
    can_build,
    clip_noise,
    supply_by_source,
    without_investor,
)
from tigris.plan.counterfactual import counterfactual as solve_counterfactual
from tigris.plan.explain import RESOLVE_TIME_LIMIT_S, explain, explain_infeasible
from tigris.plan.highs import (
    THREADS_ENV,
    Resolver,
    ServeStep,
    quiet_linopy,
    quiet_stdout,
    run_highs,
    serial,
    serve_at_floor,
    set_solution,
    solver_threads,
)
from tigris.plan.inputs import CAPACITY_UNITS, MONTHS_PER_YEAR, OBJECTIVES, PlanInputs
from tigris.plan.model import (
    COUNT_SCALE,
    MONEY_SCALE,
    build_model,
    capex_by_year,
    objective_coefficients,
    online_fraction,
    output_availability,
    owner_matrix,
)
from tigris.plan.result import FINANCE_TABLES, TABLE_COLUMNS, PlanResult, with_as_of
from tigris.plan.timing import rule_variables, timing_explanation, withheld_years

if TYPE_CHECKING:
    import linopy

    from tigris.scenario import Scenario

__all__ = [
    "capital_table",
    "cost_terms",
    "extract",
    "finance_and_shadow",
    "objective_terms",
    "run_highs",
    "serve_at_best_npv",
    "solve",
    "solve_inputs",
]

#: Builds and solves the planning model: ``(inp, relax, time_limit_s, mip_gap) ->
#: (model, status, runtime_s, build_s)`` (:func:`solve_inputs`).
ModelSolver = Callable[
    [PlanInputs, bool, "float | None", "float | None"], "tuple[linopy.Model, str, float, float]"
]

#: Solution values below this are treated as zero [model units].
_ZERO = 1e-6


def _values(m: linopy.Model, name: str) -> np.ndarray:
    return np.nan_to_num(m.variables[name].solution.values.astype(float), nan=0.0)


def _solution(m: linopy.Model, inp: PlanInputs) -> dict[str, np.ndarray]:
    """Solution in real units: modules, accelerators, H100e, USD."""
    return {
        "build": _values(m, "build"),
        "modules": _values(m, "modules"),
        "prod": _values(m, "prod") * COUNT_SCALE,
        "unmet": _values(m, "unmet") * COUNT_SCALE,
        "draw": _values(m, "draw") * MONEY_SCALE,
    }


def _relaxed_sales(m: linopy.Model, sol: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """``sol`` with the LP relaxation's own ``sold`` [wafers/year], when the model has it.

    Under ``--relax`` the merit order's binaries are fractional (:mod:`tigris.plan.sales`),
    so the LP may sell more of the investor's wafers than the merit order would
    (:func:`tigris.finance.cashflow.sold_wafers`) sell of the same fractional builds. The
    ``npv`` relaxation's objective, ``Σ build · npv_build + Σ sold · margin``
    (:func:`tigris.plan.model.add_objective`), is then a bound on every whole plan's NPV
    (the relaxation's feasible set holds the MIP's: Wolsey, *Integer Programming*, 1998,
    §2.1), but the NPV of its builds at the merit order's sales is not: it can fall
    below a plan that builds nothing (user test 2026-12-05 plan #1: −$31.4B on the
    reference, said to be "a bound no whole plan beats"). Its terms are split with the
    LP's sales, so they sum to the bound.
    """
    if "sold" not in m.variables:
        return sol
    return {**sol, "sold": _values(m, "sold") * COUNT_SCALE}


def _baseline_modules(
    cf: Counterfactual | None,
    s_i: np.ndarray,
    k_i: np.ndarray,
    t_i: np.ndarray,
    mods: np.ndarray,
) -> np.ndarray:
    """Of each build row's modules, how many the world without the investor builds too
    (``cf.min_build``, the incumbents' builds kept as the plan's floor) [modules]: 0
    where it builds none; NaN when that world was not solved (nothing to compare).
    ``docs/plan.md``, "Owners"."""
    if cf is None or cf.served is None:
        return np.full(len(mods), np.nan)
    if cf.min_build is None:
        return np.zeros(len(mods))
    return np.minimum(np.asarray(cf.min_build, dtype=float)[s_i, k_i, t_i], mods)


def extract(
    inp: PlanInputs,
    sol: dict[str, np.ndarray],
    relaxed: bool,
    cf: Counterfactual | None = None,
) -> dict[str, pd.DataFrame]:
    """Tables of :class:`PlanResult` from a solution in real units.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    sol : dict of arrays
        ``build`` (S, K, T) [modules], ``prod`` (P, T) [accelerators/year], ``unmet``
        (C, T) [H100e/year], ``draw`` (F, T) [USD/year].
    relaxed : bool
        Keep fractional modules (LP relaxation) instead of rounding to integers.
    cf : Counterfactual, optional
        The world without the investor (:mod:`tigris.plan.counterfactual`), for the
        demand table's ``baseline_served_h100e``/``added_h100e`` and for
        ``supply_by_source``; without it they are NaN and empty.

    Returns
    -------
    dict of pandas.DataFrame
        ``builds``, ``capacity``, ``production``, ``demand``, ``capex``, ``capital``,
        ``tools``, ``power``, ``supply_by_source``.
    """
    years = np.asarray(inp.years, dtype=int)
    n_t = len(years)
    build = _plan_builds(sol, relaxed)
    prod, unmet, draw = sol["prod"], sol["unmet"], sol["draw"]
    kinds = np.asarray(inp.facility_kind)
    nodes = np.asarray(_nodes(inp))
    units = np.array([CAPACITY_UNITS[k] for k in kinds])
    # the capacity table says which MW (docs/energy.md, "Units in and out"): facility
    # MW, each capacity at its own PUE (a region's, a module's), not the rows' unit
    cap_units = np.where(kinds == "datacenter", "facility MW", units)
    sites = np.asarray(inp.sites)
    site_owner = np.asarray(inp.site_owner, dtype=object)
    source_owner = np.asarray(inp.source_owner, dtype=object)

    # builds
    from tigris.plan.power import facility_capacity

    first_out = np.argmax(inp.output > 0, axis=-1)  # (S, K) lag of first output
    s_i, k_i, t_i = np.nonzero(build)
    mods = build[s_i, k_i, t_i]
    builds = pd.DataFrame(
        {
            "site": sites[s_i],
            "facility": kinds[k_i],
            "node": nodes[k_i],
            "start_year": years[t_i],
            "online_year": years[t_i] + first_out[s_i, k_i],
            "modules": mods if relaxed else mods.astype(int),
            "capacity": mods * facility_capacity(inp)[s_i, k_i],  # datacenter: facility MW
            "capacity_unit": units[k_i],
            "capex_usd": mods * inp.capex_usd[s_i, k_i],
            "owner": site_owner[s_i].astype(str),
            # of these, what the world without the investor builds too (its incumbents'
            # builds, a floor of the plan); the rest are built only with the investor
            "baseline_modules": _baseline_modules(cf, s_i, k_i, t_i, mods),
            # the facility type's id, the finance tables' and subsidies' ``facility``
            "facility_id": np.asarray(inp.facilities, dtype=object)[k_i].astype(str),
        }
    )

    # capacity (monthly units), utilisation shared pro rata over existing and new
    online = online_fraction(build, inp.output) * inp.module_capacity[..., None]  # (S,K,T)
    avail = output_availability(inp)  # a disrupted site's capacity is partly out
    online = online if avail is None else online * avail
    used_total = inp.used(prod) / MONTHS_PER_YEAR  # (K, T)
    out_new = online_fraction(build, inp.output) * inp.module_output[..., None]
    out_new = out_new if avail is None else out_new * avail
    avail_total = inp.existing_output + out_new.sum(axis=0)  # finished wafers per month
    with np.errstate(invalid="ignore", divide="ignore"):
        util = np.where(avail_total > 0, used_total / avail_total, 0.0)
    # datacenter rows: each capacity's own use (the cash flows' merit order), facility MW
    from tigris.plan.power import datacenter_used_mw

    dc_ex_av, dc_ex_used, dc_av, dc_used = datacenter_used_mw(inp, build, prod)
    is_dc = (kinds == "datacenter")[:, None]
    ex_av = np.where(is_dc, dc_ex_av, inp.existing)
    ex_used = np.where(is_dc, dc_ex_used, inp.existing * util)
    mod_av = np.where(is_dc[None], dc_av, online)
    mod_used = np.where(is_dc[None], dc_used, online * util[None])
    frames = []
    # existing capacity by facility and year, without the rows of no one's capacity
    # (nothing available and nothing used, e.g. on-site gas data centres, which exist
    # only as the plan's modules)
    k_g, t_g = np.nonzero((ex_av > _ZERO) | (ex_used > _ZERO))
    frames.append(
        pd.DataFrame(
            {
                "year": years[t_g],
                "facility": kinds[k_g],
                "node": nodes[k_g],
                "site": "existing",
                "available": ex_av[k_g, t_g],
                "used": ex_used[k_g, t_g],
                "unit": cap_units[k_g],
                "owner": "",
            }
        )
    )
    s_i, k_i, t_i = np.nonzero(online > _ZERO)
    frames.append(
        pd.DataFrame(
            {
                "year": years[t_i],
                "facility": kinds[k_i],
                "node": nodes[k_i],
                "site": sites[s_i],
                "available": mod_av[s_i, k_i, t_i],
                "used": mod_used[s_i, k_i, t_i],
                "unit": cap_units[k_i],
                "owner": site_owner[s_i].astype(str),
            }
        )
    )
    capacity = pd.concat(frames, ignore_index=True)
    capacity["maker"] = ""  # whose HBM lines: PlanResult fills it (plan.summary.capacity_makers)

    # production
    p_g, t_g = np.nonzero(inp.available)
    production = pd.DataFrame(
        {
            "year": years[t_g],
            "product": np.asarray(inp.products)[p_g],
            "units": prod[p_g, t_g],
            "h100e": prod[p_g, t_g] * inp.h100e[p_g],
        }
    )

    demand = demand_table(inp, unmet, None if cf is None else cf.served)

    # capex by source (draws) plus subsidies
    f_g, t_g = np.meshgrid(np.arange(len(inp.sources)), np.arange(n_t), indexing="ij")
    capex = pd.DataFrame(
        {
            "year": years[t_g.ravel()],
            "source": np.asarray(inp.sources)[f_g.ravel()],
            "capex_usd": draw.ravel(),
            "owner": source_owner[f_g.ravel()].astype(str),
        }
    )
    subsidy = capex_by_year(build, inp.spend, np.minimum(inp.subsidy_usd, inp.capex_usd))
    # (O, T): a subsidy pays for the builds of its site's owner
    sub_ot = owner_matrix(inp.owners, inp.site_owner).T @ subsidy.sum(axis=1)
    sub_rows = [
        pd.DataFrame({"year": years, "source": "subsidy", "capex_usd": sub_t, "owner": owner})
        for owner, sub_t in zip(inp.owners, sub_ot, strict=True)
        if np.any(sub_t > 0)
    ]
    if sub_rows:
        capex = pd.concat([capex, *sub_rows], ignore_index=True)
    capital = capital_table(inp)

    # tools
    euv_used = np.einsum("skt,sk->t", build, inp.euv_tools)
    hna_used = np.einsum("skt,sk->t", build, inp.high_na_tools)
    tools = pd.DataFrame(
        {
            "year": np.concatenate([years, years]),
            "tool": ["euv"] * n_t + ["high_na"] * n_t,
            "used": np.concatenate([euv_used, hna_used]),
            "supply": np.concatenate([inp.euv_supply, inp.high_na_supply]).astype(float),
        }
    )

    # power: the installed fleet's IT and facility power against the data-centre
    # capacity online, energy, emissions and electricity cost, by region and in total
    power = _power_table(inp, {**sol, "build": build})

    out = {
        "builds": builds,
        "capacity": capacity,
        "production": production,
        "demand": demand,
        "capex": capex,
        "capital": capital,
        "tools": tools,
        "power": power,
        "supply_by_source": _supply_table(inp, cf, demand),
    }
    tables = {
        k: v[list(TABLE_COLUMNS[k]) + [c for c in v if c not in TABLE_COLUMNS[k]]]
        for k, v in out.items()
    }
    # the data-centre load by site (existing capacity: by region) and year, placed as
    # the power table places it (UT-GRID #10; tigris.plan.site_load)
    from tigris.plan.site_load import SITE_LOAD_TABLE, site_load_table

    tables[SITE_LOAD_TABLE] = site_load_table(inp, {**sol, "build": build})
    return tables


def capital_table(inp: PlanInputs) -> pd.DataFrame:
    """The ``capital`` table: the capital each source offers per year [USD/year].

    An input, so it is reported whether or not a plan exists (an infeasible or
    timed-out run offers the same capital as a solved one).

    Parameters
    ----------
    inp : PlanInputs
        The problem (``capital_usd`` (F, T) [USD/year], ``sources``, ``source_owner``).

    Returns
    -------
    pandas.DataFrame
        ``year, source, available_usd, owner``, one row per source and year.
    """
    years = np.asarray(inp.years, dtype=int)
    f_g, t_g = np.meshgrid(np.arange(len(inp.sources)), np.arange(len(years)), indexing="ij")
    return pd.DataFrame(
        {
            "year": years[t_g.ravel()],
            "source": np.asarray(inp.sources)[f_g.ravel()],
            "available_usd": np.asarray(inp.capital_usd, dtype=float).ravel(),
            "owner": np.asarray(inp.source_owner, dtype=object)[f_g.ravel()].astype(str),
        }
    )[list(TABLE_COLUMNS["capital"])]


#: The data-centre kind, whose facility ids name their power source after it
#: (``datacenter-gas``, ``datacenter-solar``; ``docs/energy.md``).
_DATACENTER = "datacenter"


def _nodes(inp: PlanInputs) -> list[str]:
    """The ``node`` of each facility in the tables: a logic node, or a data centre's
    on-site power source (``gas`` of ``datacenter-gas``; empty on grid power), so that
    two data-centre builds at one site and year are told apart."""
    out = []
    for fid, kind, node in zip(inp.facilities, inp.facility_kind, inp.facility_node, strict=True):
        prefix = f"{_DATACENTER}-"
        if kind == _DATACENTER and not node and str(fid).startswith(prefix):
            node = str(fid)[len(prefix) :]
        out.append(str(node))
    return out


def _power_table(inp: PlanInputs, sol: dict[str, np.ndarray]) -> pd.DataFrame:
    """The ``power`` table of a solution: :func:`tigris.energy.fleet.power_table` (the
    installed fleet's IT and facility power by region and year, the data-centre
    capacity online, energy, emissions and electricity cost; ``world`` the totals)."""
    from tigris.energy.fleet import power_table

    return power_table(inp, sol)


def demand_table(
    inp: PlanInputs, unmet: np.ndarray | None, baseline_served: np.ndarray | None = None
) -> pd.DataFrame:
    """The ``demand`` table: demand by class and year, how much of it is served, and
    how much would be without the investor.

    Demand is an input, so it is reported whether or not a plan exists; served and
    unmet are a plan's outcome and are NaN (``null`` in JSON, empty in CSV) when the
    solver returned none (infeasible, or a time limit without an incumbent). The compute
    served in a year is split over classes highest priority first
    (:func:`~tigris.plan.counterfactual.by_priority`: what the penalty does; classes of
    equal priority in their order), in the plan and in the baseline alike, so that
    ``added = served - baseline_served`` is never negative class by class.

    Parameters
    ----------
    inp : PlanInputs
        The problem (``demand`` (C, T) [H100e/year], ``classes``, ``priority``).
    unmet : numpy.ndarray or None
        Unserved compute (C, T) from the solution [H100e/year]; None when no plan.
    baseline_served : numpy.ndarray or None
        Compute served per year without the investor (T,) [H100e/year]; None when not
        solved (``baseline_served_h100e`` and ``added_h100e`` are then NaN).

    Returns
    -------
    pandas.DataFrame
        Columns per ``docs/plan-result.md``: ``served = demand - unmet``, with ``unmet``
        capped at ``demand``; ``added = served - baseline_served`` [H100e/year].
    """
    years = np.asarray(inp.years, dtype=int)
    c_g, t_g = np.meshgrid(np.arange(len(inp.classes)), np.arange(len(years)), indexing="ij")
    c_g, t_g = c_g.ravel(), t_g.ravel()
    demand = np.asarray(inp.demand, dtype=float)
    dem = demand[c_g, t_g]
    nan = np.full_like(dem, np.nan)
    served = None
    if unmet is not None:
        total = (demand - np.minimum(unmet, demand)).sum(axis=0)
        served = by_priority(total, demand, inp.priority)
    un = nan if served is None else (demand - served)[c_g, t_g]
    base = nan
    added = nan
    if baseline_served is not None:
        base_c = by_priority(baseline_served, demand, inp.priority)
        base = base_c[c_g, t_g]
        if served is not None:
            added = clip_noise(served - base_c, demand.sum(axis=0))[c_g, t_g]
    return pd.DataFrame(
        {
            "year": years[t_g],
            "demand_class": np.asarray(inp.classes)[c_g],
            "priority": inp.priority[c_g],
            "demand_h100e": dem,
            "served_h100e": dem - un,
            "unmet_h100e": un,
            "baseline_served_h100e": base,
            "added_h100e": added,
        }
    )


def _supply_table(inp: PlanInputs, cf: Counterfactual | None, demand: pd.DataFrame) -> pd.DataFrame:
    """``supply_by_source`` from the counterfactual and the plan's served compute."""
    if cf is None:
        return pd.DataFrame({c: [] for c in TABLE_COLUMNS["supply_by_source"]})
    served = None
    if len(demand) and demand["served_h100e"].notna().all():
        by_year = demand.groupby("year", sort=True)["served_h100e"].sum()
        served = by_year.reindex(np.asarray(inp.years, dtype=int)).to_numpy(dtype=float)
    return supply_by_source(inp, cf, served)


def objective_terms(inp: PlanInputs, sol: dict[str, np.ndarray]) -> dict[str, float]:
    """The objective of a solution split by term, in present value [USD].

    The same coefficients as the objective (:func:`tigris.plan.model.objective_coefficients`).

    ``serve``: ``capex``, ``salvage`` (negative: a credit), ``opex``, ``variable_cost``
    (of every wafer used, ``inp.used(prod)``) and ``unmet_penalty``; they sum to the
    objective (a cost, minimised).

    ``npv``: ``npv`` (the objective, maximised) and its signed parts over the investor's
    modules, which sum to it: ``capex``, ``opex`` and ``tax`` (≤ 0 when paid),
    ``salvage`` and ``margin`` (price − unit cost of the wafers sold, before tax: the
    variable cost, and a data-centre module's own energy, ``unit_costs``).
    With ``d`` the discount factor and ``τ_s`` the site's tax rate, ``tax = −Σ τ_s ·
    (margin − opex − depreciation)``, so ``npv = margin − capex − opex + salvage + tax``
    equals ``Σ build · npv_build_coefficients + Σ sold · wafer_margin_pv``
    (:mod:`tigris.finance.cashflow`). ``sold`` is read from ``sol["sold"]`` when the
    model has it, else from :func:`tigris.finance.cashflow.sold_wafers`.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs; ``inp.objective`` chooses the split (``serve`` or ``npv``).
    sol : dict of str to numpy.ndarray
        The solution's arrays: ``build`` (S, K, T) [modules], ``prod`` (P, T)
        [accelerators], ``unmet`` (C, T) [H100e] and, for ``npv``, ``sold`` (S, K, T)
        [finished wafers a year; MW-months on data-centre rows] when the model has it.

    Returns
    -------
    dict of str to float
        Each term's present value [USD] by name, as listed above; for ``npv`` with ``npv``
        itself first.
    """
    build = np.asarray(sol["build"], dtype=float)
    if inp.objective != "npv":
        coef = objective_coefficients(inp, split=True)
        used = inp.used(sol["prod"], legacy=False)  # (K, T); the model has no legacy term
        return {
            "capex": float((coef["capex"] * build).sum()),
            "salvage": float((coef["salvage"] * build).sum()),
            "opex": float((coef["opex"] * build).sum()),
            "variable_cost": float((coef["variable_cost"] * used).sum()),
            "unmet_penalty": float((coef["unmet_penalty"] * sol["unmet"]).sum()),
        }
    from tigris.finance.cashflow import (
        fixed_opex_pv,
        module_pv,
        sold_wafers,
        terminal_pv,
        unit_costs,
        unit_prices,
    )
    from tigris.plan.inputs import INVESTOR, discount_factors

    mine = np.array([o == INVESTOR for o in inp.site_owner], dtype=bool)[:, None, None]
    n = np.where(mine, build, 0.0)
    sold = sol.get("sold")
    if sold is None:
        sold = sold_wafers(inp, build, sol["prod"])
    sold = np.where(mine, np.asarray(sold, dtype=float), 0.0)
    pv = module_pv(inp)
    disc = discount_factors(np.asarray(inp.years), inp.base_year, inp.discount_rate)
    # a data-centre module's energy premium per unit sold, as the objective has it
    # (tigris.finance.cashflow.unit_costs, fixed_opex_pv; user test 6 #3)
    unit_margin = (unit_prices(inp) - unit_costs(inp)) * disc[None, None, :]  # (S, K, T)
    margin_s = (sold * unit_margin).sum(axis=(1, 2))  # (S,) before tax
    opex_s = (n * fixed_opex_pv(inp, pv)).sum(axis=(1, 2))
    dep_s = (n * pv.depreciation).sum(axis=(1, 2))
    parts = {
        "capex": -float((n * pv.capex).sum()),
        "opex": -float(opex_s.sum()),
        "tax": -float((inp.tax() * (margin_s - opex_s - dep_s)).sum()),
        # the terminal value: book value, or a going concern (finance.terminal_value)
        "salvage": terminal_pv(inp, n, sold),
        "margin": float(margin_s.sum()),
    }
    return {"npv": float(sum(parts.values())), **parts}


def serve_at_best_npv(
    m: linopy.Model,
    inp: PlanInputs,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    step: ServeStep | None = None,
) -> tuple[str, float]:
    """Second, lexicographic step of an ``npv`` plan: at its NPV, serve at least cost.

    The ``npv`` objective prices neither unmet demand nor the incumbents' wafers, so
    which demand the incumbents' capacity serves is a tie that HiGHS breaks
    arbitrarily (and the merit order's binaries with it: ``merit = 1`` where the
    investor sells nothing forces production to use all the other owners' output,
    ``tigris.plan.sales``). This step (Ehrgott, *Multicriteria Optimization*, 2nd ed.,
    2005, §5.1: lexicographic optimisation) keeps the plan's modules (every integer
    column but the merit order's ``merit`` and rule 1's variables), holds the
    investor's NPV at least at the plan found's less
    :data:`~tigris.plan.highs.NPV_FLOOR_ABS`, and minimises the ``serve`` objective
    (:func:`tigris.plan.model.serve_objective`: variable cost plus the discounted,
    priority-weighted unmet penalty; the fixed modules' costs are a constant), the
    objective the world without the investor is solved with
    (:mod:`tigris.plan.counterfactual`). A plan that builds nothing is then served as
    that world is, so what the investor adds is 0. The NPV may fall by HiGHS's
    feasibility tolerance relative to the row (with $1 HiGHS's presolve called the
    row infeasible). ``m``'s solution (what :func:`run_highs`'s
    own step left, at the same modules and NPV) starts the solve on a copy of the
    HiGHS model; an "infeasible" answer (the start is feasible) is retried once
    without presolve, and a result that serves worse than the start (higher ``serve``
    objective) is not taken. The result replaces the variables' solution in ``m``;
    ``m.objective`` and ``m.solver_model`` (the first solve, for the re-solves and
    shadow prices) are unchanged. Skipped (``m`` left as it was) when HiGHS ends
    without a solution. The step itself is :func:`~tigris.plan.highs.serve_at_floor`
    on :func:`serve_step_of`, which each re-solve of the explanations takes too
    (:class:`~tigris.plan.highs.Resolver`), so a claim's "serve … more" compares plans
    served alike (user test #17).

    Parameters
    ----------
    m : linopy.Model
        An ``npv`` model solved by :func:`run_highs` with a solution.
    inp : PlanInputs
        Its problem.
    time_limit_s : float, optional
        HiGHS time limit of the step [s].
    mip_gap : float, optional
        Relative MIP gap of the step (over the merit order's binaries) [-].
    step : ServeStep, optional
        :func:`serve_step_of` of ``m`` and ``inp``, if already built.

    Returns
    -------
    status : str
        HiGHS's outcome of the step (``optimal``, ``time_limit``…; ``skipped`` when
        the first solve has no solution to start from).
    seconds : float
        HiGHS's run time of the step [s].
    """
    h = m.solver_model
    sol0 = h.getSolution()
    if not sol0.value_valid:
        return "skipped", 0.0
    x0 = np.asarray(sol0.col_value, dtype=float)  # the first solve's plan: modules, NPV
    vlabels = np.asarray(m.matrices.vlabels)
    # the start: ``m``'s solution (run_highs's own second step may have served more
    # than HiGHS's first plan at the same modules and NPV), in HiGHS's column order
    x_start = x0.copy()
    for _, var in m.variables.items():
        with contextlib.suppress(Exception):
            lab = np.asarray(var.labels.values, dtype=np.int64).ravel()
            val = np.asarray(var.solution.values, dtype=float).ravel()
            at = np.minimum(np.searchsorted(vlabels, np.maximum(lab, 0)), len(vlabels) - 1)
            ok = (lab >= 0) & (vlabels[at] == lab) & np.isfinite(val)
            x_start[at[ok]] = val[ok]
    status, seconds, x = serve_at_floor(
        h.getLp(), x0, step or serve_step_of(m, inp), x_start, time_limit_s, mip_gap
    )
    if x is not None:  # else no feasible solution: keep the plan as found
        set_solution(m, vlabels, x)
    return status, seconds


def serve_step_of(m: linopy.Model, inp: PlanInputs) -> ServeStep:
    """The second step of an ``npv`` plan, by HiGHS column, for :func:`serve_at_floor`:
    the ``serve`` objective's coefficients (:func:`tigris.plan.model.serve_objective`;
    the fixed modules' costs are a constant) and the integer columns left free (the
    merit order's ``merit``, rule 1's variables: ``docs/plan.md``, "Timing").

    Parameters
    ----------
    m : linopy.Model
        An ``npv`` model solved by :func:`run_highs` (its matrices give the columns).
    inp : PlanInputs
        Its problem.

    Returns
    -------
    ServeStep
    """
    from tigris.plan.model import coords, serve_objective
    from tigris.plan.steps import building

    vlabels = np.asarray(m.matrices.vlabels)

    def columns(labels: np.ndarray) -> np.ndarray:
        labels = np.asarray(labels, dtype=np.int64).ravel()
        pos = np.minimum(np.searchsorted(vlabels, np.maximum(labels, 0)), len(vlabels) - 1)
        return pos[(labels >= 0) & (vlabels[pos] == labels)].astype(np.int32)

    with building():
        flat = serve_objective(m, inp, coords(inp)).flat
    weight = np.zeros(len(vlabels))
    np.add.at(weight, columns(flat["vars"].to_numpy()), flat["coeffs"].to_numpy(dtype=float))
    names = (["merit"] if "merit" in m.variables else []) + list(rule_variables(m))
    free = [columns(m.variables[name].labels.values) for name in names]
    return ServeStep(weight, np.concatenate(free) if free else np.zeros(0, dtype=np.int32))


def _ordered(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with the documented columns of table ``name`` first, in order."""
    cols = list(TABLE_COLUMNS[name])
    return df[cols + [c for c in df.columns if c not in cols]]


def _plan_builds(sol: dict[str, np.ndarray], relaxed: bool) -> np.ndarray:
    """Builds as the ``builds`` table reports them: whole modules unless relaxed."""
    build = sol["build"] if relaxed else np.round(sol["build"])
    return np.where(build > _ZERO, build, 0.0)


def finance_and_shadow(
    inp: PlanInputs,
    sol: dict[str, np.ndarray],
    relaxed: bool,
    timings: dict[str, float],
    model: linopy.Model | None = None,
) -> dict[str, pd.DataFrame]:
    """The money tables and the shadow prices of a solution.

    :func:`tigris.finance.cashflow.finance_tables` on the plan's builds (whole modules
    unless relaxed), production and draws, and :func:`tigris.plan.shadow.shadow_prices`
    (reusing ``model``, the solved planning model, when given: it copies the model and
    leaves it as it was). A failure in either is a bug and propagates. Their seconds
    are added to ``timings`` as ``finance_s`` and ``shadow_s``.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs.
    sol : dict of str to numpy.ndarray
        The solution's arrays (``build``, ``prod``, ``draw``, ...).
    relaxed : bool
        Whether the solution is an LP relaxation (fractional builds kept as they are).
    timings : dict of str to float
        The run's timings [s]; ``finance_s`` and ``shadow_s`` are set in it.
    model : linopy.Model or None, optional
        The solved planning model, to reuse for the shadow prices; None builds it again.

    Returns
    -------
    dict of pandas.DataFrame
        ``cash_flows``, ``finance_modules``, ``finance_sites``, ``finance_owners``,
        ``finance_sources``, ``finance_flows`` and ``shadow_prices``, columns per
        :data:`~tigris.plan.result.TABLE_COLUMNS`.
    """
    from tigris.finance.cashflow import finance_tables
    from tigris.plan.shadow import shadow_prices

    t0 = time.perf_counter()
    money = finance_tables(inp, _plan_builds(sol, relaxed), sol["prod"], sol["draw"])
    t1 = time.perf_counter()
    prices = shadow_prices(inp, sol, model=model)
    timings["finance_s"] = t1 - t0
    timings["shadow_s"] = time.perf_counter() - t1
    out = {name: _ordered(name, money[name]) for name in FINANCE_TABLES}
    out["shadow_prices"] = _ordered("shadow_prices", prices)
    return out


def cost_terms(inp: PlanInputs, sol: dict[str, np.ndarray]) -> dict[str, float]:
    """The ``serve`` objective's terms of a solution, whatever objective found it [USD].

    The plan's discounted real cost is their sum less ``unmet_penalty``
    (``docs/finance.md``, "Reading the results"); for a ``serve`` run they are the
    objective's terms.

    Parameters
    ----------
    inp : PlanInputs
        The plan's inputs (of either objective).
    sol : dict of str to numpy.ndarray
        The solution's arrays (``build``, ``prod``, ``unmet``).

    Returns
    -------
    dict of str to float
        ``capex``, ``salvage``, ``opex``, ``variable_cost`` and ``unmet_penalty``, each a
        present value [USD] (:func:`objective_terms` under ``serve``).
    """
    if getattr(inp, "objective", "serve") == "serve":
        return objective_terms(inp, sol)
    return objective_terms(inp.replace(objective="serve"), sol)


def _default_assumptions(inp: PlanInputs) -> pd.DataFrame:
    rows = [
        ("discount_rate", inp.discount_rate, "1/year", "plan inputs"),
        ("penalty_usd_per_h100e", inp.penalty_usd_per_h100e, "USD/H100e", "plan inputs"),
        # what served compute is and how long each product serves, as a scenario's run
        # says them (tigris.plan.assemble): the in-service figures read them back
        ("demand_basis", inp.demand_basis, "", "plan inputs"),
    ]
    by_life: dict[int, list[str]] = {}
    for product, life in zip(inp.products, inp.lifetimes(), strict=True):
        by_life.setdefault(int(life), []).append(str(product))
    for life, names in sorted(by_life.items()):
        rows.append((f"fleet lifetime {life} years", ", ".join(names), "products", "plan inputs"))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS["assumptions"]))


def solve_inputs(
    inp: PlanInputs,
    *,
    name: str = "plan",
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    relax: bool = False,
    explain_result: bool = True,
    assumptions: pd.DataFrame | None = None,
    counterfactual: bool = True,
    model_solver: ModelSolver | None = None,
) -> PlanResult:
    """Build, solve and extract one planning problem given as arrays.

    Parameters
    ----------
    inp : PlanInputs
        The problem's coefficients.
    name : str, optional
        Scenario name for the result.
    time_limit_s : float, optional
        HiGHS time limit [s].
    mip_gap : float, optional
        Relative MIP gap at which HiGHS may stop [-].
    relax : bool, optional
        Solve the LP relaxation (fractional modules) only.
    explain_result : bool, optional
        Explain what binds in words, checking each value claim by a time-limited
        re-solve of the same model with one more unit (default True).
    assumptions : pandas.DataFrame, optional
        ``parameter, value, unit, source`` rows to carry on the result.
    counterfactual : bool, optional
        Also solve the world without the investor (:mod:`tigris.plan.counterfactual`)
        first, for ``supply_by_source`` and the demand table's baseline and added
        columns (default True). Off for internal re-solves and the hindcast, where
        there is no investor to measure.
    model_solver : callable, optional
        ``model_solver(inp, relax, time_limit_s, mip_gap) -> (model, status,
        runtime_s, build_s)`` builds and solves the planning model in place of
        :func:`~tigris.plan.model.build_model` and :func:`run_highs` (the same model;
        :mod:`tigris.plan.reuse` reuses the previous member's).

    Returns
    -------
    PlanResult
        Status, objective and tables; an infeasible or timed-out run is a result too.
    """
    require_positive(time_limit_s, "--time-limit")
    require_positive(mip_gap, "--mip-gap", allow_zero=True)
    cf = None
    cf_s = time.perf_counter()
    cf_kw = {"time_limit_s": time_limit_s, "mip_gap": mip_gap, "relax": relax}
    overlap = counterfactual and model_solver is None and _overlaps(inp)
    if counterfactual and not overlap:
        cf = solve_counterfactual(inp, **cf_kw)
        if cf.min_build is not None:  # incumbents keep what they build without the investor
            floor = (
                cf.min_build if inp.min_build is None else np.maximum(inp.min_build, cf.min_build)
            )
            inp = inp.replace(min_build=floor)
    cf_s = time.perf_counter() - cf_s
    t0 = time.perf_counter()
    if overlap:
        cf, m, status, runtime, t1 = _overlapped(inp, cf_kw, relax, time_limit_s, mip_gap)
        cf_s = cf.seconds
    elif model_solver is None:
        m = build_model(inp, relax=relax)
        t1 = time.perf_counter()
        status, runtime = run_highs(m, time_limit_s, mip_gap)
    else:
        m, status, runtime, build_s = model_solver(inp, relax, time_limit_s, mip_gap)
        t1 = t0 + build_s
    second = step = None
    npv = getattr(inp, "objective", "serve") == "npv" and status in ("optimal", "time_limit")
    if npv and getattr(m, "solver_model", None) is not None:  # the HiGHS model it solved
        step = serve_step_of(m, inp)  # also taken by the explanations' re-solves
        second = serve_at_best_npv(m, inp, time_limit_s, mip_gap, step)
    t2 = time.perf_counter()
    horizon = (int(inp.years[0]), int(inp.years[-1]))
    objective_name = str(getattr(inp, "objective", "serve"))
    assumptions = assumptions if assumptions is not None else _default_assumptions(inp)
    objective = math.nan
    gap = None
    with contextlib.suppress(Exception):
        objective = float(m.objective.value) * MONEY_SCALE
    if not relax:
        with contextlib.suppress(Exception):
            gap = float(m.solver_model.getInfo().mip_gap)
    has_solution = math.isfinite(objective) and status in ("optimal", "time_limit")
    timings = {"build_s": t1 - t0, "solve_s": runtime, "solve_call_s": t2 - t1}
    if second is not None:  # the npv plan's second step (serve_at_best_npv)
        timings["second_step_s"] = second[1]
    if cf is not None:
        timings["counterfactual_s"] = cf_s
        timings["counterfactual_solves"] = float(cf.solves)
    # a baseline without a solution is said, never compared against as NaN
    baseline_status = "not_solved" if cf is None else cf.status
    baseline_note = None if cf is None else cf.note_for(has_solution)
    if not has_solution:
        binding = explain_infeasible(inp, status, time_limit_s, m) if explain_result else []
        timings["extract_s"] = time.perf_counter() - t2
        return PlanResult(
            scenario_name=name,
            status=status,
            objective_usd=math.nan,
            horizon=horizon,
            binding=binding,
            assumptions=assumptions,
            relaxed=relax,
            mip_gap=gap,
            timings=timings,
            demand=demand_table(inp, None, None if cf is None else cf.served),
            capital=capital_table(inp),  # an input: offered whatever the outcome
            objective=objective_name,
            baseline_status=baseline_status,
            baseline_note=baseline_note,
        )
    sol = _solution(m, inp)
    tables = extract(inp, sol, relaxed=relax, cf=cf)
    terms = objective_terms(inp, _relaxed_sales(m, sol) if relax else sol)
    if objective_name == "npv":
        # the NPV of the plan shown, by its parts (the solver's value carries its
        # floating-point noise: a plan that builds nothing read $0.000029)
        objective = terms["npv"]
    costs = cost_terms(inp, sol)
    timings["extract_s"] = time.perf_counter() - t2
    tables.update(finance_and_shadow(inp, sol, relax, timings, model=m))
    t3 = time.perf_counter()
    binding = []
    if explain_result:
        resolver = None
        with contextlib.suppress(Exception):
            lo, hi = RESOLVE_TIME_LIMIT_S
            limit = min(max(runtime, lo), hi) if math.isfinite(runtime) else hi
            # an npv plan's re-solves take its second step too, so what they serve is
            # comparable to the plan's (user test #17)
            resolver = Resolver(m, limit, mip_gap, step=step)
        with quiet_stdout():  # once around the threads that re-solve
            binding = explain(inp, sol, resolver, status)
        timings["explain_s"] = time.perf_counter() - t3
        if resolver is not None:
            timings["resolve_s"] = resolver.seconds
            timings["resolves"] = float(resolver.count)
    # built modules another site could equally host (docs/plan.md, "Ties between
    # sites"): the solver's tie-break chose their site, and the NPV depends on it
    if explain_result:
        from tigris.plan.ties import tie_explanations

        binding = [*binding, *tie_explanations(inp, sol, m)]
    # years the plan keeps powered halls empty (docs/plan.md, "Timing of deliveries
    # under a power pool"): said first, whatever else binds
    timing = None
    with contextlib.suppress(Exception):
        timing = timing_explanation(withheld_years(m, inp))
    if timing is not None:
        binding = [timing, *binding]
    # why a dearer (or cheaper) grid moves the investor's money (docs/energy.md, "Why
    # a dearer grid makes the investor richer"): said when the multiplier is not 1
    if explain_result:
        from tigris.finance.cashflow import energy_margin_note
        from tigris.plan.result import Explanation

        note = energy_margin_note(inp, _plan_builds(sol, relax), sol["prod"])
        if note is not None:
            binding = [*binding, Explanation("economics", None, note)]
    return PlanResult(
        scenario_name=name,
        status=status,
        objective_usd=objective,
        horizon=horizon,
        binding=binding,
        assumptions=assumptions,
        relaxed=relax,
        mip_gap=gap,
        timings=timings,
        objective_terms_usd=terms,
        cost_terms_usd=costs,
        objective=objective_name,
        baseline_status=baseline_status,
        baseline_note=baseline_note,
        **tables,
    )


def _overlaps(inp: PlanInputs) -> bool:
    """Whether the world without the investor can be solved while the plan's model is
    built and solved (:func:`_overlapped`): the two are independent when the
    counterfactual cannot hand the plan a floor of incumbent builds, i.e. when nobody
    but the investor can build (:func:`tigris.plan.counterfactual.can_build` of
    :func:`~tigris.plan.counterfactual.without_investor`; the reference, incumbents
    not responding); never under :data:`~tigris.plan.highs.SERIAL_ENV`, nor when
    :data:`~tigris.plan.highs.THREADS_ENV` is set to ``1`` (a sweep worker given one
    core: its solves stay on it). A HiGHS thread count of 1 by default (not asked for
    in the environment: UT-REPRO #7) still overlaps: two solves of one thread each."""
    asked = os.environ.get(THREADS_ENV, "").strip() != ""
    if serial() or (asked and solver_threads() == 1):
        return False
    return not can_build(without_investor(inp))


def _overlapped(
    inp: PlanInputs,
    cf_kw: dict,
    relax: bool,
    time_limit_s: float | None,
    mip_gap: float | None,
) -> tuple[Counterfactual, linopy.Model, str, float, float]:
    """The counterfactual solved in a worker thread while this thread builds the plan's
    model and solves it (HiGHS releases the GIL while it solves; ``docs/plan.md``,
    "Speed of the reference plan"). The same answers as one after the other: the two
    share no state, and each result is read from its own call. Errors surface as in
    the serial order: the counterfactual's first, then the model's. A Ctrl-C (or
    SIGTERM's ``SystemExit``) in this thread is raised at once, and the worker is told
    to stop before its next solve (``stop``): the process does not wait for the rest
    of the counterfactual (47 s of it under load 8 on the reference with a 13.5 %
    served-share floor before this).

    One :func:`~tigris.plan.highs.quiet_linopy` is held around both: each
    ``run_highs`` enters one too, and it swaps file descriptors, ``warnings.filters``
    and the ``linopy`` logger's level, none of which is thread-safe (two threads
    leaving in the order they entered left the first one's quiet state in place
    after the plan); nested inside the outer one every inner swap saves and restores
    the same quiet state, whatever the order the threads take, and the outer one
    restores the caller's.

    Returns
    -------
    tuple
        ``(counterfactual, model, status, runtime_s, t1)``: ``t1`` the
        :func:`time.perf_counter` at which the build ended.
    """
    import threading
    from concurrent.futures import ThreadPoolExecutor

    stop = threading.Event()
    with quiet_linopy(), ThreadPoolExecutor(max_workers=1) as pool:
        fut = pool.submit(solve_counterfactual, inp, stop=stop, **cf_kw)
        try:
            m = build_model(inp, relax=relax)
            t1 = time.perf_counter()
            status, runtime = run_highs(m, time_limit_s, mip_gap)
        except Exception:
            fut.result()  # the counterfactual's error first, as when it ran first
            raise
        except BaseException:
            stop.set()  # Ctrl-C: not after the whole counterfactual, only its solve
            raise
        cf = fut.result()
    return cf, m, status, runtime, t1


def check_objective(objective: str | None, min_served_share: float | None) -> None:
    """Refuse an unknown objective or a share outside [0, 1], naming the option.

    Parameters
    ----------
    objective : str or None
        The objective asked (one of :data:`OBJECTIVES`); None when not given.
    min_served_share : float or None
        The least share of demand to serve, a fraction 0-1; None when not given.

    Raises
    ------
    InputError
        An objective not in :data:`OBJECTIVES` (``--objective``) or a share that is not
        a finite number in [0, 1] (``--min-served-share``), one problem each.

    Examples
    --------
    >>> check_objective("npv", 0.5)
    >>> check_objective("profit", None)
    Traceback (most recent call last):
    ...
    tigris.errors.InputError: --objective: expected serve or npv, got 'profit'
    """
    problems = []
    if objective is not None and objective not in OBJECTIVES:
        msg = f"expected {' or '.join(OBJECTIVES)}, got {objective[:40]!r}"
        problems.append(Problem("--objective", msg))
    share = min_served_share
    if share is not None and not (math.isfinite(share) and 0.0 <= share <= 1.0):
        problems.append(Problem("--min-served-share", f"expected a share in [0, 1], got {share:g}"))
    if problems:
        raise InputError(problems)


def _override(
    inp: PlanInputs,
    assumptions: pd.DataFrame,
    objective: str | None,
    min_served_share: float | None,
) -> tuple[PlanInputs, pd.DataFrame]:
    """``inp`` with the command line's objective and minimum served share, and the
    assumption rows saying so (replacing the scenario's rows of the same name)."""
    changes: dict[str, object] = {}
    if objective is not None:
        changes["objective"] = objective
    if min_served_share is not None:
        changes["min_served_share"] = float(min_served_share)
    if not changes:
        return inp, assumptions
    inp = inp.replace(**changes)
    rows = pd.DataFrame(
        [(k, v, "-", f"tigris plan --{k.replace('_', '-')}") for k, v in changes.items()],
        columns=list(TABLE_COLUMNS["assumptions"]),
    )
    kept = assumptions[~assumptions["parameter"].isin(list(changes))]
    return inp, pd.concat([kept, rows], ignore_index=True)


def solve(
    scenario: Scenario | str | Path | None = None,
    *,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    relax: bool = False,
    explain_result: bool = True,
    counterfactual: bool = True,
    objective: str | None = None,
    min_served_share: float | None = None,
    model_solver: ModelSolver | None = None,
) -> PlanResult:
    """Plan where and when to build fabs, packaging and HBM lines for a scenario.

    Parameters
    ----------
    scenario : Scenario, str or Path, optional
        A scenario, or a YAML file of one; default the built-in reference scenario.
    time_limit_s : float, optional
        HiGHS time limit; default the scenario's ``solver.time_limit_s`` [s].
    mip_gap : float, optional
        Relative MIP gap; default the scenario's ``solver.mip_gap`` [-].
    relax : bool, optional
        Solve the LP relaxation (fractional modules) only.
    explain_result : bool, optional
        Explain what binds in words (a few time-limited re-solves; ``docs/plan.md``).
    counterfactual : bool, optional
        Also solve the world without the investor, for what the investor adds
        (:mod:`tigris.plan.counterfactual`; default True).
    objective : {"serve", "npv"}, optional
        Replaces the scenario's ``objective`` (``docs/finance.md``, "Objectives").
    min_served_share : float, optional
        Replaces the scenario's ``min_served_share``: compute served over the horizon
        at least this share of the horizon's demand [-, in [0, 1]].
    model_solver : callable, optional
        Builds and solves the planning model (:func:`solve_inputs`); internal, for
        :func:`tigris.plan.reuse.solve_member`.

    Returns
    -------
    PlanResult
        Per ``docs/plan-result.md``.

    Raises
    ------
    InputError
        ``objective`` or ``min_served_share`` out of range (naming ``--objective`` or
        ``--min-served-share``), or the scenario is not valid.

    References
    ----------
    ``docs/plan.md`` (the formulation); ``docs/plan-result.md`` (the result).
    """
    from tigris.plan.assemble import assemble, assemble_file
    from tigris.provenance import scenario_inputs_hash
    from tigris.scenario import Scenario, reference_scenario

    check_objective(objective, min_served_share)
    if scenario is None or isinstance(scenario, Scenario):
        sc = reference_scenario() if scenario is None else scenario
        inp, assumptions = assemble(sc)
    else:
        sc, inp, assumptions = assemble_file(scenario)
    inp, assumptions = _override(inp, assumptions, objective, min_served_share)
    assumptions = with_as_of(assumptions, sc)  # each row dated by its source (UT-JOURNO #4)
    result = solve_inputs(
        inp,
        name=sc.name,
        time_limit_s=time_limit_s if time_limit_s is not None else sc.solver.time_limit_s,
        mip_gap=mip_gap if mip_gap is not None else sc.solver.mip_gap,
        relax=relax,
        explain_result=explain_result,
        assumptions=assumptions,
        counterfactual=counterfactual,
        model_solver=model_solver,
    )
    # which inputs made this plan (scenario text and data tables), for reports; what
    # each site's subsidy is and buys (docs/finance.md, "Subsidy by site")
    from tigris.plan.result import subsidy_table

    return dataclasses.replace(
        result,
        # the scenario as solved, however it was given (file, text, object): one hash
        input_hash=scenario_inputs_hash(sc),
        subsidies=subsidy_table(sc, inp, result.builds),
    )
