"""What a plan result says, read from its tables: the headline, the comparison with the
world without the investor, and the money as nested records.

:meth:`tigris.plan.PlanResult.headline`, :meth:`~tigris.plan.PlanResult.sections` and
:meth:`~tigris.plan.PlanResult.finance` are these functions; they compute nothing new
(every number is a total or a row of the result's tables, ``docs/plan-result.md``), so
a result read back from ``--out`` says the same.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris import units
from tigris.plan.inputs import (
    BASELINE_SUPPLY_ROW,
    EXISTING_SUPPLY_ROW,
    INVESTOR,
    REPLACES_BASELINE,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from tigris.plan.result import PlanResult

#: Tonnes in a megatonne [t/Mt].
T_PER_MT = 1e6
#: Per cent in one [%].
PERCENT = 100.0

__all__ = [
    "BASIS_ROW",
    "CURRENCY_ROW",
    "DC_TABLE_ROW",
    "EXISTING_SITE",
    "GOING_CONCERN_PAYBACK",
    "KIND_NAMES",
    "NEVER_NEGATIVE",
    "NO_FAB_WORDS",
    "OBJECTIVE_NAMES",
    "PENALTY_TERM",
    "POOLED_MAKERS",
    "RATE_GIVEN_ROW",
    "RATE_KEYS",
    "RATE_STEP",
    "RATE_USED_ROW",
    "SALVAGE_PAYBACK",
    "SHORTFALL_KEYS",
    "TERMINAL_KEYS",
    "TERMINAL_ROW",
    "WHY_FEWER",
    "added_columns",
    "capacity_makers",
    "capacity_used",
    "cumulative_never_negative",
    "discounting",
    "energy_sentence",
    "fab_water",
    "finance_records",
    "going_concern_undefined",
    "has_salvage",
    "in_service",
    "nominal_irr",
    "objective_shortfall",
    "payback_words",
    "plan_hbm",
    "plan_headline",
    "plan_sections",
    "power_untested_note",
    "rate_used",
    "rate_words",
    "retiming_rows",
    "shortage_ends",
    "split_added",
    "subsidy_words",
    "terminal_name",
    "terminal_sensitivity",
    "unserved_runs",
]

#: The objective's term that is not a cost: the penalty on unmet demand (the value the
#: scenario puts on compute not served, e.g. its rental value).
PENALTY_TERM = "unmet_penalty"
#: How the headline, the CLI and the report name the objective's value (never "cost").
OBJECTIVE_NAMES = {
    "serve": "objective (serve: cost + unmet penalty)",
    "npv": "objective (npv: investor NPV)",
}
#: Appended to the "Starts ..." sentence when every module the investor starts is a
#: data centre (usertest_analyst #3: "the network of fabs builds no fab").
NO_FAB_WORDS = (
    " No fab: the plan builds no logic fab, CoWoS line or HBM fab, only data centres "
    "(the incumbents' lines and how much of them the plan uses: the capacity-used table)."
)
#: Facility kinds as people name them.
KIND_NAMES = {"logic": "logic", "cowos": "CoWoS", "hbm": "HBM", "datacenter": "data-centre"}
#: Capacity units as people read them (``datacenter`` capacity is facility power, MW).
_UNIT_NAMES = {"wspm": "wafers/month", "stacks_per_month": "stacks/month", "MW": "MW"}
#: Unmet compute below this counts as none [H100e].
_UNMET_TOL_H100E = 1.0
#: ... plus this share of the year's demand (HiGHS's feasibility tolerance) [-].
_UNMET_TOL_REL = 1e-6
#: The headline lists the compute added in each year up to this many years, else the
#: first and the last [-].
_MAX_YEARS_LISTED = 3


#: Said of a payback year after the horizon's last year: the only flow there is the
#: salvage, the book value at the end of the last planning year received the year after
#: it (``tigris.finance.cashflow``; Howells et al. 2011, OSeMOSYS' salvage value), so the
#: cumulative cash turns non-negative only by counting what is left at book value.
SALVAGE_PAYBACK = "by salvage at book value"
#: The same with ``finance.terminal_value: going_concern``: the year after the horizon
#: holds the modules' value as a going concern (tigris.finance.cashflow.terminal_values).
GOING_CONCERN_PAYBACK = "by the terminal value as a going concern"


def payback_words(year: Any, last_year: int, going_concern: bool = False) -> str:
    """A payback year as people read it: ``"2031"``, or ``"2036 (by salvage at book
    value)"`` when it falls after the horizon's last year ``last_year`` (``"(by the
    terminal value as a going concern)"`` with ``going_concern``).

    Parameters
    ----------
    year : Any
        The payback year (an int or a whole float) [year].
    last_year : int
        The horizon's last year [year].
    going_concern : bool, optional
        Whether the terminal value is a going concern's rather than salvage at book value.

    Returns
    -------
    str
        The year, followed by how it is reached when it is after ``last_year``.

    Examples
    --------
    >>> payback_words(2031, 2035), payback_words(2036.0, 2035)
    ('2031', '2036 (by salvage at book value)')
    """
    y = int(year)
    words = GOING_CONCERN_PAYBACK if going_concern else SALVAGE_PAYBACK
    return f"{y} ({words})" if y > int(last_year) else str(y)


def unserved_runs(demand: pd.DataFrame) -> list[tuple[str, int, int]]:
    """The spans of consecutive years in which a demand class gets nothing.

    A year counts when the class demands more than :data:`_UNMET_TOL_H100E` and is
    served no more than that (the ``demand`` table's ``demand_h100e`` and
    ``served_h100e``, summed by class and year).

    Parameters
    ----------
    demand : pandas.DataFrame
        A plan's ``demand`` table [H100e/year].

    Returns
    -------
    list of (str, int, int)
        ``(demand_class, first_year, last_year)`` per span, classes by priority (lowest
        first, as the shortage falls) then name, spans by year.
    """
    if not len(demand):
        return []
    g = demand.groupby(["demand_class", "year"], sort=True)[["demand_h100e", "served_h100e"]]
    by = g.sum()
    prio = demand.groupby("demand_class")["priority"].max() if "priority" in demand else None
    out: list[tuple[str, int, int]] = []
    for cls in by.index.get_level_values(0).unique():
        rows = by.loc[cls]
        empty = [
            int(y)
            for y, dem, srv in zip(
                rows.index, rows["demand_h100e"], rows["served_h100e"], strict=True
            )
            if dem > _UNMET_TOL_H100E and not srv > _UNMET_TOL_H100E
        ]
        for y in empty:
            if out and out[-1][0] == cls and out[-1][2] == y - 1:
                out[-1] = (cls, out[-1][1], y)
            else:
                out.append((str(cls), y, y))
    if prio is not None:
        out.sort(key=lambda r: (float(prio[r[0]]), r[0], r[1]))
    return out


def shortage_ends(years: Any, unmet: Any, demand: Any) -> int | None:
    """The year from which no demand goes unmet to the end of the horizon.

    A year is short when its unmet compute exceeds 1 H100e plus 1e-6 of its demand
    (the solver's tolerance). The first year, if no year is short; None if the last
    year is short (the shortage does not end within the horizon).

    Parameters
    ----------
    years : (T,) array of int
        The horizon's years, in order [year].
    unmet, demand : (T,) array
        Unmet and demanded compute per year [H100e/year].

    Returns
    -------
    int or None
        The first year of the last run of years without a shortage [year]; None when the
        horizon is empty or its last year is short.

    Examples
    --------
    >>> shortage_ends([2026, 2027, 2028], [5e6, 0.0, 0.0], [9e6, 9e6, 9e6])
    2027
    >>> shortage_ends([2026, 2027], [0.0, 3.0], [9.0, 9.0]) is None
    True
    """
    years = [int(y) for y in years]
    if not years:
        return None
    short = [
        float(u) > _UNMET_TOL_H100E + _UNMET_TOL_REL * float(d)
        for u, d in zip(unmet, demand, strict=True)
    ]
    if short[-1]:
        return None
    last_short = max((i for i, x in enumerate(short) if x), default=-1)
    return years[last_short + 1]


def _or_none(x: Any, kind: type = float) -> Any:
    """``x`` as ``kind``, or None when missing or not finite (JSON ``null``)."""
    if x is None or pd.isna(x):  # None, NaN or pd.NA (a nullable integer column)
        return None
    x = float(x)
    return kind(x) if math.isfinite(x) else None


def _flows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """Cash-flow records by year: ``year`` and the money columns [USD]."""
    from tigris.plan.result import _MONEY_COLUMNS

    df = df.sort_values("year")
    return [
        {"year": int(r["year"]), **{c: float(r[c]) for c in _MONEY_COLUMNS}}
        for r in df.to_dict("records")
    ]


def _metrics(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "npv_usd": _or_none(r.get("npv_usd")),
        "irr": _or_none(r.get("irr")),
        "payback_year": _or_none(r.get("payback_year"), int),
    }


def finance_records(result: PlanResult) -> dict[str, Any]:
    """``to_dict()["finance"]`` of ``result``; see :meth:`PlanResult.finance`.

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``cash_flows``, ``finance_*`` tables.

    Returns
    -------
    dict of str to Any
        ``modules``, ``sites``, ``owners``, ``sources`` (lists of records, each with its
        ``cash_flows``) and ``total`` (the investor's ``npv_usd``, ``irr``,
        ``payback_year``), as :meth:`PlanResult.finance` documents.
    """
    cf = result.cash_flows
    flows = result.finance_flows

    def level(name: str) -> pd.DataFrame:
        return flows[flows["level"] == name] if len(flows) else flows

    groups = cf.groupby(["site", "facility", "start_year"], sort=False) if len(cf) else []
    by_group = dict(iter(groups))
    modules = []
    for r in result.finance_modules.to_dict("records"):
        key = (r["site"], r["facility"], r["start_year"])
        g = by_group.get(key)
        modules.append(
            {
                "site": str(r["site"]),
                "facility": str(r["facility"]),
                "start_year": int(r["start_year"]),
                "owner": str(r["owner"]),
                "modules": float(r["modules"]),
                **_metrics(r),
                "cash_flows": [] if g is None else _flows(g),
            }
        )

    def grouped(table: pd.DataFrame, key: str, lvl: str, extra: tuple[str, ...] = ()) -> list:
        f = level(lvl)
        out = []
        for r in table.to_dict("records"):
            rec: dict[str, Any] = {key: str(r[key])}
            if key != "owner":
                rec["owner"] = str(r["owner"])
            rec.update({c: float(r[c]) for c in extra})
            rec.update(_metrics(r))
            rec["cash_flows"] = _flows(f[f["name"] == r[key]]) if len(f) else []
            out.append(rec)
        return out

    owners = result.finance_owners
    inv = owners[owners["owner"] == INVESTOR] if len(owners) else owners
    total = (
        _metrics(inv.iloc[0].to_dict())
        if len(inv)
        else {"npv_usd": None, "irr": None, "payback_year": None}
    )
    return {
        "modules": modules,
        "sites": grouped(result.finance_sites, "site", "site"),
        "owners": grouped(owners, "owner", "owner"),
        "sources": grouped(result.finance_sources, "source", "source", ("drawn_usd", "share")),
        "total": total,
    }


#: ``supply_by_source``'s row for the compute the plan moves between years without
#: adding it (the re-timing a served-share floor forces, user test #2).
RETIMING = "re-timing"


def added_columns(added: dict[str, Any]) -> list[tuple[str, dict[Any, float]]]:
    """The by-year columns of what the investor adds, as ``tigris plan``'s compute
    table and the report's ``table-adds-year`` show them: the investor's own
    (``new_h100e_by_year``, never negative), then ``re-timed`` (summing to 0) when the
    plan re-times compute, or ``re-timed`` and ``fewer`` (a net shortfall) when it
    serves less in total (:func:`split_added`; user tests #14, #18; user test
    2026-12-05: the report printed with - without as "added", -32.3M in a year).

    Parameters
    ----------
    added : dict
        The result's ``added`` section.

    Returns
    -------
    list of (str, dict)
        Column name (``added``, ``re-timed``, ``fewer``) and its values by year [H100e].

    Examples
    --------
    >>> [n for n, _ in added_columns({"h100e_by_year": {2026: 1.0}})]
    ['added']
    >>> a = {"h100e_by_year": {}, "retimed_h100e": 5.0, "fewer_h100e": 2.0}
    >>> [n for n, _ in added_columns(a)]
    ['re-timed', 'fewer']
    """
    parts = [("added", added.get("new_h100e_by_year", added["h100e_by_year"]))]
    if float(added.get("retimed_h100e") or 0.0) > _UNMET_TOL_H100E:
        parts.append(("re-timed", added.get("retimed_h100e_by_year", {})))
    if float(added.get("fewer_h100e") or 0.0) > _UNMET_TOL_H100E:
        # the investor's own is 0 in every year then
        parts = [parts[-1], ("fewer", added.get("fewer_h100e_by_year", {}))]
    return parts


def split_added(
    added: np.ndarray, tol: np.ndarray | float = 0.0
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Split the plan's compute over the world without the investor into what the
    investor adds (never negative), re-timing (summing to 0 over the horizon) and the
    net shortfall (never positive, non-zero only when the plan serves less in total).

    With ``d_t`` the plan less that world by year, ``P = Σ max(d_t, 0)`` (compute the
    plan serves in the years it serves more) and ``N = Σ max(−d_t, 0)`` (what it serves
    less in the other years):

    - ``P ≥ N``: ``new_t = max(d_t, 0) · (1 − N / P)``, ``fewer_t = 0``;
    - ``P < N``: ``new_t = 0``, ``fewer_t = −max(−d_t, 0) · (1 − P / N)``;

    and ``retiming_t = d_t − new_t − fewer_t``, so ``Σ retiming = 0`` and ``min(P, N)``
    is moved between years. The years served more carry the re-timed compute pro rata
    (an accounting convention: which of a year's extra compute is re-timed cannot be
    told apart), and so do the years served less for the net shortfall. ``Σ new +
    Σ fewer = Σ d``.

    Parameters
    ----------
    added : (T,) array
        Plan less the world without the investor, by year [H100e/year].
    tol : float or (T,) array
        Differences within this are 0 (solver noise) [H100e/year].

    Returns
    -------
    tuple of numpy.ndarray
        ``(new, retiming, fewer)``, (T,) each [H100e/year]; their sum is ``added``.

    References
    ----------
    docs/plan.md, "The answer against a world without the investor" (what the investor
    adds, re-timing, and a plan that serves less in total).

    Examples
    --------
    >>> new, ret, fewer = split_added(np.array([-10.0, 30.0, 10.0]))
    >>> new.tolist(), ret.tolist(), fewer.tolist()
    ([0.0, 22.5, 7.5], [-10.0, 7.5, 2.5], [0.0, 0.0, 0.0])
    >>> new, ret, fewer = split_added(np.array([30.0, -40.0, -20.0]))
    >>> new.tolist(), ret.tolist(), fewer.tolist()
    ([0.0, 0.0, 0.0], [30.0, -20.0, -10.0], [0.0, -20.0, -10.0])
    """
    d = np.asarray(added, dtype=float)
    d = np.where(np.abs(d) <= tol, 0.0, d)
    pos, neg = np.clip(d, 0.0, None), np.clip(-d, 0.0, None)
    more, less = float(pos.sum()), float(neg.sum())
    new, fewer = np.zeros_like(d), np.zeros_like(d)
    if more >= less and more > 0:
        new = pos * (1.0 - less / more)
    elif less > more:
        fewer = 0.0 - neg * (1.0 - more / less)  # 0.0, not -0.0, where not less
    return new, d - new - fewer, fewer


def retiming_rows(
    added: np.ndarray, tol: np.ndarray | float = 0.0
) -> tuple[np.ndarray, np.ndarray]:
    """What the investor adds (never negative) and the rest, by year: ``supply_by_source``'s
    ``investor new`` and ``re-timing`` rows (:func:`split_added`, the re-timing and the
    net shortfall together, so the rest sums to 0 unless the plan serves less in total).

    Parameters
    ----------
    added : (T,) array
        Plan less the world without the investor, by year [H100e/year].
    tol : float or (T,) array
        Differences within this are 0 (solver noise) [H100e/year].

    Returns
    -------
    tuple of numpy.ndarray
        ``(new, retiming)``, (T,) each [H100e/year]; ``new + retiming = added``.

    References
    ----------
    docs/plan.md, "The answer against a world without the investor" (the served-share
    floor re-times existing capacity).

    Examples
    --------
    >>> new, ret = retiming_rows(np.array([-10.0, 30.0, 10.0]))
    >>> new.tolist(), ret.tolist()
    ([0.0, 22.5, 7.5], [-10.0, 7.5, 2.5])
    """
    new, retimed, fewer = split_added(added, tol)
    return new, retimed + fewer


def _by_year(d: pd.DataFrame, col: str) -> pd.Series:
    return d.groupby("year", sort=True)[col].sum(min_count=1)


def plan_sections(result: PlanResult) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """``baseline`` and ``added`` of ``result``; see :meth:`PlanResult.sections`.

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``demand`` and ``capex`` tables.

    Returns
    -------
    tuple of (dict or None, dict or None)
        ``(baseline, added)``, as :meth:`PlanResult.sections` documents; ``(None, None)``
        when the run has no world without the investor.
    """
    d = result.demand
    if not len(d) or "baseline_served_h100e" not in d or d["baseline_served_h100e"].isna().any():
        return None, None
    years = [int(y) for y in _by_year(d, "demand_h100e").index]
    demand = _by_year(d, "demand_h100e").to_numpy(dtype=float)
    base = _by_year(d, "baseline_served_h100e").to_numpy(dtype=float)
    baseline = {
        "h100e_by_year": dict(zip(years, base.tolist(), strict=True)),
        "total_h100e": float(base.sum()),
        "shortage_ends": shortage_ends(years, demand - base, demand),
    }
    if not result.ok or d["added_h100e"].isna().any():
        return baseline, None
    added = _by_year(d, "added_h100e").to_numpy(dtype=float)
    # solver noise (2.2e-8 H100e on 1e8) is no compute added: within the tolerance of
    # an unmet shortfall, 1 H100e plus 1e-6 of the year's demand, it is 0
    added = np.where(np.abs(added) <= _UNMET_TOL_H100E + _UNMET_TOL_REL * demand, 0.0, added)
    served = _by_year(d, "served_h100e").to_numpy(dtype=float)
    spent = _investor_draws(result.capex)
    total = float(added.sum())
    new, retimed, fewer = split_added(added)
    moved = float(np.clip(-retimed, 0.0, None).sum())  # served later than without it
    # capital per added H100e only when what is added is mostly the investor's, not
    # existing capacity moved between years (user test #2)
    per = spent / total if total > max(_UNMET_TOL_H100E, moved) else None

    def by_year(x: np.ndarray) -> dict[int, float]:
        return dict(zip(years, x.tolist(), strict=True))

    builds = getattr(result, "builds", None)
    extra_modules, extra_capex = (
        incumbents_only_with_investor(builds) if builds is not None else (math.nan, math.nan)
    )
    with_theirs = (spent + extra_capex) / total if per is not None and extra_capex > 0 else None
    return baseline, {
        # the plan less the world without the investor (net: its own compute, re-timing
        # and any shortfall), then that split (split_added, user tests #14, #18)
        "h100e_by_year": by_year(added),
        "total_h100e": total,
        "new_h100e_by_year": by_year(new),
        "new_total_h100e": float(new.sum()),
        "retimed_h100e_by_year": by_year(retimed),
        "retimed_h100e": moved,
        "fewer_h100e_by_year": by_year(fewer),
        "fewer_h100e": max(0.0, float(-fewer.sum())),
        "capital_spent_usd": spent,
        "capex_usd_per_added_h100e": per,
        # incumbents who respond, in the plan beyond the world without the investor: the
        # planner's choices in a cooperative world, whose output "added" counts too (UT-OWN
        # #1, 2026-12-05); NaN in a run saved before builds.baseline_modules
        "incumbent_extra_modules": extra_modules,
        "incumbent_extra_capex_usd": extra_capex,
        "capex_usd_per_added_h100e_with_incumbents": with_theirs,
        "shortage_ends": shortage_ends(years, demand - served, demand),
        # the investor's own data-centre energy and emissions (UT-ESG #1), None when
        # the run's assumptions lack the factors (tigris.energy.investor)
        "energy": _investor_energy(result),
    }


def incumbents_only_with_investor(builds: pd.DataFrame) -> tuple[float, float]:
    """The modules incumbents who respond build in the plan but not in the world without
    the investor, and their capex [modules, USD]: each non-investor build row's
    ``modules`` less its ``baseline_modules``, its capex pro rata. (0, 0) without such
    builds; NaN when the run did not record ``baseline_modules`` (saved before it).

    Parameters
    ----------
    builds : pd.DataFrame
        A plan's ``builds`` table (``owner``, ``modules``, ``capex_usd``,
        ``baseline_modules``).

    Returns
    -------
    tuple of (float, float)
        The incumbents' extra modules [modules] and their capex [USD].

    Examples
    --------
    >>> b = pd.DataFrame({"owner": ["investor", "Meta", "Meta"], "modules": [2, 3, 1],
    ...     "capex_usd": [2e9, 3e9, 1e9], "baseline_modules": [0.0, 1.0, 1.0]})
    >>> incumbents_only_with_investor(b)
    (2.0, 2000000000.0)
    """
    if "owner" not in builds.columns or not len(builds):
        return 0.0, 0.0
    theirs = builds[builds["owner"].astype(str) != INVESTOR]
    if not len(theirs):
        return 0.0, 0.0
    if "baseline_modules" not in theirs.columns:  # not recorded: not known
        return math.nan, math.nan
    base = pd.to_numeric(theirs["baseline_modules"], errors="coerce")
    if base.isna().any():
        return math.nan, math.nan
    mods = theirs["modules"].astype(float)
    extra = (mods - base).clip(lower=0.0)
    capex = theirs["capex_usd"].astype(float) * (extra / mods.where(mods > 0, 1.0))
    return float(extra.sum()), float(capex.sum())


def _investor_energy(result: PlanResult) -> dict[str, Any] | None:
    """:func:`tigris.energy.investor.investor_energy` of ``result`` (None for a
    result without the tables it reads)."""
    from tigris.energy.investor import investor_energy

    if not hasattr(result, "capacity") or not hasattr(result, "assumptions"):
        return None
    return investor_energy(result)


def _investor(df: pd.DataFrame) -> pd.DataFrame:
    """Rows of the investor (all rows if the table has no owner column)."""
    if not len(df) or "owner" not in df:
        return df
    return df[df["owner"] == INVESTOR]


def _investor_draws(capex: pd.DataFrame) -> float:
    """Capital the investor draws over the horizon (subsidy excluded) [USD]."""
    draws = capex[capex["source"] != "subsidy"] if len(capex) else capex
    return _sum(_investor(draws), "capex_usd")


def _investor_sentences(result: PlanResult) -> list[str]:
    """What the investor adds, in two sentences (see :meth:`PlanResult.headline`; a
    third, second, says why when the plan serves less in total: :func:`_why_fewer`),
    and the baseline's note (:attr:`PlanResult.baseline_note`) last; the note alone
    when the world without the investor has no solution."""
    from tigris.fmt import year_span

    baseline, added = result.sections()
    first_year, last_year = result.horizon
    span = year_span(first_year, last_year)
    # why that world is unknown, or how far to trust it; None for a duck-typed result
    note = getattr(result, "baseline_note", None)
    if baseline is None:
        if note:  # that world was solved and failed: HiGHS's status, not a NaN
            return [note]
        return [
            "What the investor adds is not known: this run did not solve the world "
            "without the investor (solved without it, or saved before tigris compared "
            "plans with that world)."
        ]
    if added is None:  # no plan: said by the sentence on the status
        return [note] if note else []
    first, why = _added_sentences(result, baseline, added, span)

    def ends(year: int | None) -> str:
        if year is None:
            return f"the shortage lasts beyond {last_year}"
        return "no demand goes unmet" if year == first_year else f"the shortage ends in {year}"

    with_, without = added["shortage_ends"], baseline["shortage_ends"]
    second = (
        f"With and without the investor {ends(with_)}."
        if with_ == without
        else f"With the investor {ends(with_)}; without it {ends(without)}."
    )
    said = [first, why] if why else [first]
    return [*said, second, note] if note else [*said, second]


def _years_words(years: list[int]) -> str:
    """Years as people read them: ``2029–2032`` when consecutive, else ``2026, 2027 and
    2031``."""
    from tigris.fmt import year_span

    if not years:
        return ""
    if years == list(range(years[0], years[-1] + 1)):
        return year_span(years[0], years[-1])
    if len(years) == 1:
        return str(years[0])
    return f"{', '.join(str(y) for y in years[:-1])} and {years[-1]}"


def _listed(by_year: dict[int, float]) -> str:
    """`` (2.4M H100e in 2029 … 24.4M H100e in 2035)``: the years with more than
    :data:`_UNMET_TOL_H100E`, all of them up to :data:`_MAX_YEARS_LISTED`, else the
    first and the last, and the largest when it is neither (`` (1.7M H100e in 2028 …
    most 19.1M H100e in 2034 … 10.6M H100e in 2035)``: the first and last alone read
    as a rising range, user test 2026-12-07, report reader #5); empty when none.

    >>> _listed({2028: 1.7e6, 2029: 7e6, 2030: 2.5e6, 2031: 6e5, 2034: 1.91e7, 2035: 1.06e7})
    ' (1.7M H100e in 2028 … most 19.1M H100e in 2034 … 10.6M H100e in 2035)'
    """
    shown = [(y, v) for y, v in by_year.items() if v > _UNMET_TOL_H100E]
    if not shown:
        return ""
    if len(shown) <= _MAX_YEARS_LISTED:
        return " (" + ", ".join(f"{_h100e(v)} in {y}" for y, v in shown) + ")"
    (y0, v0), (y1, v1) = shown[0], shown[-1]
    ym, vm = max(shown, key=lambda yv: yv[1])
    most = f"most {_h100e(vm)} in {ym} … " if ym not in (y0, y1) else ""
    return f" ({_h100e(v0)} in {y0} … {most}{_h100e(v1)} in {y1})"


def _split_of(added: dict[str, Any]) -> tuple[dict[int, float], ...]:
    """``added``'s investor-new, re-timing and shortfall by year (:func:`split_added`
    of its ``h100e_by_year`` for a section made before the split was kept)."""
    if "new_h100e_by_year" in added:
        return (
            added["new_h100e_by_year"],
            added["retimed_h100e_by_year"],
            added["fewer_h100e_by_year"],
        )
    years = list(added["h100e_by_year"])
    parts = split_added(np.array([added["h100e_by_year"][y] for y in years], dtype=float))
    return tuple(dict(zip(years, x.tolist(), strict=True)) for x in parts)


def _assumption(result: PlanResult, parameter: str) -> str | None:
    """The ``value`` of the assumptions row ``parameter`` as text, None if absent."""
    a = getattr(result, "assumptions", None)
    if a is None or not len(a) or "parameter" not in a:
        return None
    rows = a[a["parameter"] == parameter]
    return None if not len(rows) else str(rows["value"].iloc[0])


#: The assumptions rows the penalty is read from (tigris.plan.assemble): the discount
#: rate, and the rental value's first and last year ``"42,531 -> 5,156"``.
_DISCOUNT_ROW = "discount_rate"
#: The assumptions row of the real rate the plan discounted at
#: (:mod:`tigris.plan.assemble_money`: the scenario's ``discount_rate``, or Fisher's
#: real rate of it with ``finance.discount_rate_basis: nominal``); a run saved before
#: it has only :data:`_DISCOUNT_ROW`, which was then real.
RATE_USED_ROW = "discount rate used (real)"
#: The assumptions rows of the scenario's ``finance`` block (docs/finance.md).
BASIS_ROW, TERMINAL_ROW = "finance.discount_rate_basis", "finance.terminal_value"
#: The assumptions row of the scenario's ``discount_rate`` as written, in its basis
#: (``discount_rate`` itself is a row only when the scenario's ``sources`` name it).
RATE_GIVEN_ROW = "discount rate as given"
_RENTAL_ROW = "unmet penalty: rental value of an H100e"


def _penalty_falls(result: PlanResult) -> bool:
    """Whether the ``serve`` objective's penalty per unmet H100e, discounted, falls over
    the years (``tigris.plan.model``: ``d[t] · priority[c] · penalty[t]``): the
    discount rate is positive and the rental value (when the penalty is one) is no
    higher in the last year than in the first. False when the result does not say."""
    rate = _assumption(result, RATE_USED_ROW) or _assumption(result, _DISCOUNT_ROW)
    try:
        if rate is None or not float(rate) > 0:
            return False
    except ValueError:
        return False
    rental = _assumption(result, _RENTAL_ROW)
    if rental is None:
        return True  # one penalty in every year, discounted
    ends = rental.replace(",", "").split("->")
    try:
        return len(ends) == 2 and float(ends[1]) <= float(ends[0])
    except ValueError:
        return False


def in_service(result: PlanResult) -> bool:
    """Whether the plan's served compute is the compute in service (``demand_basis:
    installed``, its ``demand_basis`` assumptions row), not each year's deliveries: its
    yearly figures are a stock and what the investor adds sums H100e-years in service
    (user test 2026-12-05 energy #1: called "delivery" and "added H100e").

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``assumptions`` table.

    Returns
    -------
    bool
        True when the run's ``demand_basis`` is ``installed``.
    """
    return _assumption(result, "demand_basis") == "installed"


def _added_sentences(
    result: PlanResult, baseline: dict[str, Any], added: dict[str, Any], span: str
) -> tuple[str, str | None]:
    """What the investor adds, and, when the plan serves less in total than the world
    without the investor, why (or None).

    The by-year figures and the total are one quantity, the investor's own compute
    (``new_h100e_by_year``, ``new_total_h100e``: :func:`split_added`); the compute the
    plan moves between years (``retimed_h100e``) and a net shortfall (``fewer_h100e``)
    are said apart (user tests #14, #18).
    """
    from tigris.fmt import money

    new, _, fewer = _split_of(added)
    net = added["h100e_by_year"]
    more_years = [int(y) for y, v in net.items() if v > _UNMET_TOL_H100E]
    less_years = [int(y) for y, v in net.items() if v < -_UNMET_TOL_H100E]
    spent = added["capital_spent_usd"]
    per = added["capex_usd_per_added_h100e"]
    moved = float(added.get("retimed_h100e", 0.0))
    short = float(added.get("fewer_h100e", -sum(fewer.values())))
    base = _h100e(baseline["total_h100e"])
    if short > _UNMET_TOL_H100E:  # the plan serves less in total (user test #18)
        more = sum(v for v in net.values() if v > 0)
        less = -sum(v for v in net.values() if v < 0)
        first = (
            f"The investor adds no compute over {span}, for {money(spent)} of capital "
            f"spent: with it the world serves {_h100e(short)} fewer than the {base} "
            f"served without it, {_h100e(more)} more in {_years_words(more_years)} and "
            f"{_h100e(less)} fewer in {_years_words(less_years)} (it re-times "
            f"{_h100e(moved)} and serves {_h100e(short)} fewer net)."
        )
        return first, _why_fewer(result, more_years, less_years, net)
    total = float(added.get("new_total_h100e", sum(new.values())))
    years = "-years in service" if in_service(result) else ""  # a stock summed over years
    first = (
        f"The investor adds {_h100e(total)}{years} over {span}{_listed(new)} to the "
        f"{base}{years} served without it, for {money(spent)} of capital spent"
    )
    unit = "H100e-year in service" if years else "H100e"
    first += f" ({money(per)} per added {unit})" if per is not None else ""
    extra = added.get("incumbent_extra_capex_usd")
    if isinstance(extra, float) and math.isfinite(extra) and extra > 0:
        theirs = added.get("capex_usd_per_added_h100e_with_incumbents")
        first += (
            f" and {money(extra)} of incumbents' capex that the plan has them spend only "
            f"with the investor ({_count(added['incumbent_extra_modules'])} more modules: "
            "the one cooperative optimiser's choice, docs/plan.md 'Owners'), whose output "
            "this counts too"
            + (f" ({money(theirs)} per added H100e counting both)" if theirs else "")
        )
    if moved > _UNMET_TOL_H100E:
        first += (
            f"; besides, the plan re-times {_h100e(moved)} of existing compute between "
            f"years, not counted above: it serves that much less than the world without "
            f"it in {_years_words(less_years)} and as much more in the years the "
            "investor adds to"
        )
        if per is None:
            first += " (no capital per added H100e: that re-timing is as large as the total)"
    return first + ".", None


#: How the sentence saying why the plan serves less in total starts.
WHY_FEWER = "The plan serves fewer because serving earlier"


def _why_fewer(
    result: PlanResult, more_years: list[int], less_years: list[int], net: dict[int, float]
) -> str | None:
    """Why the plan serves less in total than the world without the investor, in one
    sentence, when the result shows the mechanism: the ``serve`` objective, a penalty
    per unmet H100e that falls over the years (:func:`_penalty_falls`) and compute
    served more earlier than it is served less (mean years weighted by the change).
    None otherwise (nothing is claimed that the result does not show)."""
    if getattr(result, "objective", "serve") != "serve" or not more_years or not less_years:
        return None
    mean_more = sum(y * net[y] for y in more_years) / sum(net[y] for y in more_years)
    mean_less = sum(y * net[y] for y in less_years) / sum(net[y] for y in less_years)
    if not (mean_more < mean_less and _penalty_falls(result)):
        return None
    return (
        f"{WHY_FEWER} is worth more to it than serving "
        "more: the serve objective prices an unmet H100e at its year's rental value, "
        "discounted and weighted by its class's priority, which falls over the years, "
        f"so the one cooperative optimiser gives up compute in {_years_words(less_years)} "
        f"to serve more in {_years_words(more_years)} (docs/plan.md, 'The answer against "
        "a world without the investor')."
    )


def _sum(df: pd.DataFrame, col: str) -> float:
    return float(df[col].sum()) if len(df) else 0.0


def _yearly_delivery(served: pd.Series, in_service: bool = False) -> str:
    """How yearly delivery moves over the horizon, for the headline's compute sentence.

    ``; yearly delivery goes from A in FIRST to B in LAST``; when both end years show
    nothing (below half an H100e, printed ``0 H100e``) though some year between them
    delivers, that sentence read alone says nothing was delivered (user test UT-JOURNO
    #12: "from 0 H100e in 2026 to 0 H100e in 2031" with 26.4M served), so the years
    that deliver and the most delivered in one year are said instead.

    Parameters
    ----------
    served : pandas.Series
        Compute served by year, all classes [H100e/year], indexed by year in order.

    in_service : bool, optional
        The served compute is the compute in service (``demand_basis: installed``):
        the clause says so, not "delivery".

    Returns
    -------
    str
        The clause, starting ``"; "``.
    """
    from tigris.fmt import year_span

    years = [int(y) for y in served.index]
    v = served.to_numpy(dtype=float)
    ends = f"from {_h100e(v[0])} in {years[0]} to {_h100e(v[-1])} in {years[-1]}"
    shown_zero = _ZERO_SHOWN_H100E
    if max(v[0], v[-1]) >= shown_zero or not np.any(v >= shown_zero):
        return f"; {'compute in service' if in_service else 'yearly delivery'} goes {ends}"
    spans: list[tuple[int, int]] = []
    for y, x in zip(years, v, strict=True):
        if x < shown_zero:
            continue
        if spans and spans[-1][1] == y - 1:
            spans[-1] = (spans[-1][0], y)
        else:
            spans.append((y, y))
    peak = int(np.argmax(v))
    when = ", ".join(year_span(a, b) for a, b in spans)
    return (
        f"; all of it is delivered in {when} (most, {_h100e(v[peak])}, in {years[peak]}), "
        f"none in {years[0]} or {years[-1]}"
    )


#: Compute below this prints as ``0 H100e`` (:func:`_h100e` rounds to whole H100e) [H100e].
_ZERO_SHOWN_H100E = 0.5


def _h100e(x: float) -> str:
    """Compute for people: ``323.9M H100e``."""
    if not math.isfinite(x):
        return "–"
    if abs(x) >= 1e6:
        return f"{x / 1e6:,.1f}M H100e"
    return f"{x:,.0f} H100e"


def _count(x: float) -> str:
    """Modules: ``4``, or ``1.66`` for the LP relaxation's fractional ones."""
    return f"{x:g}" if float(x).is_integer() else f"{x:,.2f}"


def _capacity(x: float, unit: str) -> str:
    size = f"{x / 1e6:,.1f}M" if x >= 1e6 else f"{x:,.0f}"
    return f"{size} {_UNIT_NAMES.get(unit, unit)}"


#: Headline numbers read from the ``power`` table's ``world`` row
#: (:func:`tigris.energy.regional.power_table`): key -> (column, how over the years).
POWER_NUMBERS: dict[str, tuple[str, str]] = {
    "datacenter_mw_online_last_year": ("datacenter_mw_online", "last"),
    "energy_twh_last_year": ("energy_twh", "last"),
    "emissions_t_co2": ("emissions_t_co2", "sum"),
    "electricity_cost_usd": ("electricity_cost_usd", "sum"),
}


def _power_numbers(power: pd.DataFrame | None) -> dict[str, float]:
    """The plan's power answer as headline numbers (:data:`POWER_NUMBERS`): data-centre
    facility MW online [MW] and the compute fleet's energy [TWh/year] in the last year,
    emissions [t CO2] and electricity cost [USD, undiscounted] summed over the horizon;
    NaN without a plan, a power table or a value (a column the plan does not model)."""
    nan = math.nan
    if power is None or not len(power) or "region" not in power:
        return dict.fromkeys(POWER_NUMBERS, nan)
    world = power[power["region"] == "world"].sort_values("year")
    out: dict[str, float] = {}
    for key, (col, how) in POWER_NUMBERS.items():
        if col not in world or not len(world):
            out[key] = nan
            continue
        v = world[col].to_numpy(dtype=float)
        # a sum with a NaN year is NaN (not modelled there), never a partial sum
        out[key] = float(v[-1]) if how == "last" else float(v.sum())
    return out


def plan_headline(result: PlanResult) -> dict[str, Any]:
    """The headline of ``result``; see :meth:`PlanResult.headline`.

    Parameters
    ----------
    result : PlanResult
        The plan (or a run read back).

    Returns
    -------
    dict of str to Any
        ``numbers`` (named floats [USD, H100e, modules, ...]) and the sentences and
        sections :meth:`PlanResult.headline` lists.
    """
    from tigris.fmt import money, share, year_span

    nan = math.nan
    ok = result.ok
    first, last = result.horizon
    span = year_span(first, last)
    d = result.demand
    cap = result.capex
    spent = _investor_draws(cap)
    subsidy = _investor(cap[cap["source"] == "subsidy"] if len(cap) else cap)
    offered = _sum(_investor(result.capital), "available_usd")
    demand = _sum(d, "demand_h100e")
    by_year = (
        d.groupby("year")[["demand_h100e", "served_h100e", "unmet_h100e"]].sum()
        if len(d)
        else pd.DataFrame(columns=["demand_h100e", "served_h100e", "unmet_h100e"])
    )
    b = _investor(result.builds)
    others = result.builds
    if len(others) and "owner" in others:
        others = others[others["owner"] != INVESTOR]
    else:
        others = others.iloc[0:0]
    baseline, added = result.sections()
    terms, penalty = _cost_terms(result)
    # the plan's discounted real cost: every serve term but the penalty (capex less
    # salvage, fixed opex, variable cost; a run saved before issue 11: capex + opex)
    real = sum(terms.values()) if terms else nan
    money_total = _investor_money(result)
    obj = result.objective_usd
    numbers: dict[str, float] = {
        "modules_built": _sum(b, "modules") if ok else nan,
        "capex_committed_usd": _sum(b, "capex_usd") if ok else nan,
        "capital_spent_usd": spent if ok else nan,
        "subsidy_usd": _sum(subsidy, "capex_usd") if ok else nan,
        "capital_offered_usd": offered,
        "capital_unspent_usd": offered - spent if ok else nan,
        "demand_h100e": demand,
        "served_h100e": _sum(d, "served_h100e") if ok else nan,
        "unmet_h100e": _sum(d, "unmet_h100e") if ok else nan,
        "unmet_share": nan,
        "served_first_year_h100e": nan,
        "served_last_year_h100e": nan,
        "served_growth_h100e": nan,
        "demand_last_year_h100e": float(by_year["demand_h100e"].iloc[-1]) if len(by_year) else nan,
        "unmet_last_year_h100e": nan,
        "objective_usd": obj if ok else nan,
        "cost_usd": real if ok else nan,
        "npv_usd": money_total["npv_usd"] if ok else nan,
        "irr": money_total["irr"] if ok else nan,
        "payback_year": money_total["payback_year"] if ok else nan,
        # the NPV's salvage part and the NPV and IRR without it (user test 6 #11)
        "npv_salvage_usd": money_total["npv_salvage_usd"] if ok else nan,
        "npv_without_salvage_usd": money_total["npv_without_salvage_usd"] if ok else nan,
        "irr_without_salvage": money_total["irr_without_salvage"] if ok else nan,
        # the rate, the money's year and the year discounted to, and the same flows at
        # the rate -/+ RATE_STEP (usertest_money M4, M6)
        **{k: (v if ok else nan) for k, v in discounting(result, money_total["npv_usd"]).items()},
        # the rate's basis and the terminal value, with the NPV under the other one
        **{
            k: (v if ok else nan)
            for k, v in terminal_sensitivity(result, money_total["npv_usd"]).items()
        },
        "real_cost_usd": real if ok else nan,
        "penalty_usd": penalty if ok else nan,
        "penalty_share": nan,
        "baseline_served_h100e": baseline["total_h100e"] if baseline else nan,
        "added_h100e": added["total_h100e"] if added else nan,
        # its split (split_added): the investor's own, moved between years, net fewer
        "investor_new_h100e": added["new_total_h100e"] if added else nan,
        "retimed_h100e": added["retimed_h100e"] if added else nan,
        "fewer_h100e": added["fewer_h100e"] if added else nan,
        "capex_usd_per_added_h100e": nan,
        # how far from optimal the plan is proven to be, in USD (user test 6 #6)
        "gap_usd": gap_usd(result) if ok else nan,
        # the going-concern npv objective is a lower bound of the NPV: by how much for
        # this plan, and at most per ramping module (helper s46 finance review #2)
        **{k: (v if ok else nan) for k, v in objective_shortfall(result, money_total).items()},
        # the plan's power answer, its power table's world row (usertest #2, #6d)
        **_power_numbers(result.power if ok else None),
    }
    if added and added["capex_usd_per_added_h100e"] is not None:
        numbers["capex_usd_per_added_h100e"] = added["capex_usd_per_added_h100e"]
    if ok and demand > 0:
        numbers["unmet_share"] = numbers["unmet_h100e"] / demand
    if ok and len(by_year):
        numbers["served_first_year_h100e"] = float(by_year["served_h100e"].iloc[0])
        numbers["served_last_year_h100e"] = float(by_year["served_h100e"].iloc[-1])
        numbers["served_growth_h100e"] = (
            numbers["served_last_year_h100e"] - numbers["served_first_year_h100e"]
        )
        numbers["unmet_last_year_h100e"] = float(by_year["unmet_h100e"].iloc[-1])
    if ok and math.isfinite(real) and math.isfinite(penalty) and real + penalty > 0:
        numbers["penalty_share"] = penalty / (real + penalty)

    builds = []
    if ok and len(b):
        for (fac, node, unit), g in b.groupby(
            ["facility", "node", "capacity_unit"], sort=False, dropna=False
        ):
            builds.append(
                {
                    "facility": str(fac),
                    "node": str(node) if isinstance(node, str) else "",
                    "modules": float(g["modules"].sum()),
                    "capacity": float(g["capacity"].sum()),
                    "capacity_unit": str(unit),
                    "sites": sorted({str(x) for x in g["site"]}),
                    "first_start": int(g["start_year"].min()),
                    "last_start": int(g["start_year"].max()),
                }
            )
    short_first = None
    if ok and len(d):
        short = d[d["unmet_h100e"] > _UNMET_TOL_H100E]
        if len(short):
            short_first = str(short.sort_values(["priority", "year"])["demand_class"].iloc[0])

    investor = _investor_sentences(result)
    key_first, key_more = _key_parts(result, numbers) if ok else (None, None)
    key = (key_first or "") + (key_more or "") or None
    gap = _gap_sentence(result, numbers) if ok else None
    short = _shortfall_sentence(result, numbers) if ok else None
    loss = _serve_at_loss_sentence(result, numbers) if ok else None
    sentences = ([key] if key else []) + ([gap] if gap else []) + ([short] if short else [])
    sentences += list(investor)
    sentences += [loss] if loss else []  # before what the plan does (UT-SWF #5)
    if not ok:
        # "below" only when there is a why (result.binding, which tigris plan prints
        # under the headline); a plan solved with explain=False has none (user test
        # s50 API #4: "see why below" with nothing below)
        why = (
            "see why below"
            if result.binding
            else "plan it again with explain=True (tigris.plan's default) to be told why"
        )
        sentences.append(
            f"No plan ({result.status}): {_h100e(demand)} of compute is demanded over "
            f"{span} and {money(offered)} of capital is offered; {why}."
        )
        # every key a plan's headline has, at its documented no-plan value (user test
        # 2026-12-05, API #6: headline()["key"] raised KeyError on a what-if with no plan)
        return {
            "numbers": numbers,
            "builds": builds,
            "short_first": None,
            "baseline": baseline,
            "added": added,
            "investor": investor,
            "why_fewer": None,
            "key": None,
            "key_first": None,
            "key_more": None,
            "per_added_note": None,
            "energy": None,
            "compute_intensity": None,
            "hbm": None,
            "fab_water": None,
            "capacity_used": [],
            "power_untested": None,
            "sentences": sentences,
        }
    mods = numbers["modules_built"]
    if not builds:
        sentences.append(f"Builds nothing in {span}.")
    else:
        starts = [x["first_start"] for x in builds] + [x["last_start"] for x in builds]
        when = (
            f"in {min(starts)}"
            if min(starts) == max(starts)
            else (f"from {min(starts)} to {max(starts)}")
        )
        parts = []
        for x in builds:
            name = KIND_NAMES.get(x["facility"], x["facility"])
            if x["facility"] == "logic" and x["node"]:
                name = f"{x['node']} logic"
            elif x["node"]:  # e.g. a data-centre's on-site power
                name = f"{name} ({x['node']})"
            sites = x["sites"]
            where = sites[0] if len(sites) == 1 else f"{', '.join(sites[:-1])} and {sites[-1]}"
            parts.append(
                f"{name} ×{_count(x['modules'])} ({_capacity(x['capacity'], x['capacity_unit'])}) "
                f"in {where}"
            )
        unit = "module" if mods == 1 else "modules"
        sentences.append(f"Starts {_count(mods)} {unit} {when}: {'; '.join(parts)}.")
        # said plainly when every build is a data centre (usertest_analyst #3)
        if all(x["facility"].startswith("datacenter") for x in builds):
            sentences[-1] += NO_FAB_WORDS
        # a build may come online after the horizon only as a floor (docs/plan.md,
        # "Builds must come online within the horizon"): it produces nothing counted
        end = int(result.horizon[1])
        late = b[b["online_year"] > end] if "online_year" in b else b.iloc[0:0]
        if len(late):
            n_late = float(late["modules"].sum())
            sentences[-1] = sentences[-1][:-1] + (
                f"; {_count(n_late)} of them come online after {end} (a floor kept "
                "from another plan) and produce nothing within the horizon."
            )
    if len(others):
        n_other = float(others["modules"].sum())
        who = ", ".join(sorted({str(o) for o in others["owner"]}))
        unit = "module" if n_other == 1 else "modules"
        sentences[-1] = sentences[-1][:-1] + (
            f"; incumbents that respond ({who}) also start {_count(n_other)} {unit} at "
            f"their own sites with their own money{_without_investor_too(others, n_other)}, "
            "as the one cooperative optimiser chooses for every owner (a cooperative world, "
            "docs/plan.md 'Owners'), not as each would alone."
        )
        at_loss = _incumbents_at_loss(result, others)
        if at_loss:
            sentences.append(at_loss)
    else:
        idle = _incumbents_idle(result)
        if idle:
            sentences.append(idle)
    money_text = (
        f"Spends {money(numbers['capital_spent_usd'])} of the {money(offered)} of capital "
        # available, not offered: capital released before the horizon is available from
        # its first year (investor user test 2026-12-06: 2010-2012's said "offered in
        # 2026-2035")
        f"available in {span}"
    )
    if numbers["subsidy_usd"] > 0:
        money_text += f", plus {money(numbers['subsidy_usd'])} of subsidy"
        money_text += subsidy_words(result)
    sentences.append(money_text + ".")
    # with demand_basis: installed the totals sum a stock over the years (review
    # 2026-12-05: "H100e" here, "H100e-years in service" in the investor line)
    stock = in_service(result)
    yrs = "-years in service" if stock else ""
    compute = (
        f"Serves {_h100e(numbers['served_h100e'])}{yrs} of the {_h100e(demand)}{yrs} "
        f"demanded over {span}"
    )
    if len(by_year) > 1:
        compute += _yearly_delivery(by_year["served_h100e"], stock)
    if short_first is None:
        compute += "; all demand is met."
    else:
        last_short = numbers["unmet_last_year_h100e"]
        in_last = (
            f"{_h100e(last_short)} of it in {last}"
            if last_short > _UNMET_TOL_H100E
            else f"none of it in {last}"
        )
        compute += (
            f"; {_h100e(numbers['unmet_h100e'])}{yrs} ({share(numbers['unmet_share'], 0)}) "
            f"stays short, {in_last}, falling first on '{short_first}'."
        )
    sentences.append(compute)
    runs = unserved_runs(d)
    if runs:
        said = [f"'{c}' in {year_span(y0, y1)}" for c, y0, y1 in runs]
        sentences.append(f"Served nothing at all: {'; '.join(said)}.")
    # what capex per added H100e covers, and how much of it the last year holds
    # (usertest_money M10, usertest_claims D3), before the objective
    per_note = _per_added_note(added, last, stock) if added else None
    sentences += [per_note] if per_note else []
    # the investor's own energy and emissions, apart from the world's (UT-ESG #1)
    energy = energy_sentence(added.get("energy") if added else None, last)
    sentences += [energy] if energy else []
    sentences.append(_objective_sentence(result, real, penalty, numbers["penalty_share"]))
    return {
        "numbers": numbers,
        "builds": builds,
        "short_first": short_first,
        "baseline": baseline,
        "added": added,
        "investor": investor,
        # the investor sentence saying why the plan serves less in total, or None
        "why_fewer": next((x for x in investor if x.startswith(WHY_FEWER)), None),
        "key": key,
        # ``key`` in two: its first sentence (cost, NPV, IRR, payback, capital spent,
        # H100e added) and the NPV at other rates and terminal values after it, which
        # tigris plan prints under its money table (user test s49 new user #5: eight
        # lines of finance before what the plan does), or "" when there are none
        "key_first": key_first,
        "key_more": key_more,
        # what capex per added H100e covers (M10, D3): a sentence of ``sentences``
        "per_added_note": per_note,
        # the investor's own energy and emissions in one sentence (UT-ESG #1), or None
        "energy": energy,
        # the world fleet's t CO2 and kWh per H100e-year in service, legacy fleet on
        # both sides (UT-ESG #8; tigris.energy.intensity), or None
        "compute_intensity": _compute_intensity(result),
        # HBM by year: GB in the parts, wafer starts by owner, the makers' lines in
        # the pool (UT-HBM #6, S36 HBM-OUT), or None without a plan or production
        "hbm": plan_hbm(result) if ok else None,
        # the investor's fabs' water a year (UT-ESG #6, S36 HBM-OUT #4), or None
        "fab_water": fab_water(result) if ok else None,
        # the incumbents' lines used by year and kind (usertest_analyst #3)
        "capacity_used": capacity_used(result.capacity) if ok else [],
        # data-centre capacity full every year is the untested shipped table, against
        # the published forecasts (usertest_analyst #2), or None
        "power_untested": (power_untested_note(result.power, result.assumptions) if ok else None),
        "sentences": sentences,
    }


#: The fab data row of water per wafer (tigris.fab.model.fab_model reads the same).
_WATER_ROW = "water_m3_per_wafer_mask_layer"


def fab_water(result: PlanResult) -> dict[str, Any] | None:
    """Water the investor's logic fabs withdraw each year, on their wafer starts online.

    m3 a year = wafer starts per month online (the ``capacity`` table's investor
    ``logic`` rows' ``available``: modules online x their ramp, the basis of the fab
    power in the ``power`` table) x 12 x the node's mask layers x water per wafer start
    per mask layer (``data/fab_parameters.csv`` ``water_m3_per_wafer_mask_layer``, the
    fab layer's own: :func:`tigris.fab.fab_model`'s ``water_m3_per_year``).

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``capacity`` table and horizon.

    Returns
    -------
    dict or None
        ``m3_by_year`` ({year: m3}, every year of the horizon) [m3/year], ``total_m3``
        [m3], ``by_fab`` (one record per site and node: ``site``, ``node``,
        ``mask_layers``, ``m3_per_wafer_mask_layer``, ``m3_last_year``),
        ``not_counted`` (the investor's kinds with no water per wafer in the fab data:
        ``cowos``, ``hbm``; data centres' water is not modelled), ``source``,
        ``as_of`` and ``basis``. None without a plan or a capacity table.

    References
    ----------
    ``data/fab_parameters.csv`` ``water_m3_per_wafer_mask_layer`` (tigris derived from
    TSMC's 2020 water use, sustainability report); docs/fab.md, "Opex and cost per wafer".
    """
    from tigris.fab import fab_param
    from tigris.fab.data import param_source
    from tigris.nodes import get_node

    cap = getattr(result, "capacity", None)
    need = {"year", "facility", "node", "site", "available", "owner"}
    if cap is None or not need <= set(cap.columns):
        return None
    first, last = result.horizon
    mine = cap[(cap["owner"] == INVESTOR) & (cap["site"] != "existing")]
    fabs = mine[mine["facility"] == "logic"]
    by_year = {y: 0.0 for y in range(int(first), int(last) + 1)}
    by_fab = []
    source, as_of = param_source(_WATER_ROW)
    for (site, node), rows in fabs.groupby(["site", "node"], sort=True):
        layers = int(get_node(str(node)).mask_layers)
        per = float(fab_param(_WATER_ROW, str(node), str(site)))
        source, as_of = param_source(_WATER_ROW, str(node), str(site))
        m3 = {int(r.year): float(r.available) * 12.0 * layers * per for r in rows.itertuples()}
        for y, v in m3.items():
            by_year[y] = by_year.get(y, 0.0) + v
        by_fab.append(
            {
                "site": str(site),
                "node": str(node),
                "mask_layers": layers,
                "m3_per_wafer_mask_layer": per,
                "m3_last_year": m3.get(int(last), 0.0),
            }
        )
    kinds = sorted({str(k) for k in mine["facility"]} & {"cowos", "hbm"})
    return {
        "m3_by_year": by_year,
        "total_m3": float(sum(by_year.values())),
        "by_fab": by_fab,
        "not_counted": [*kinds, "datacenter (water not modelled)"],
        "source": f"data/fab_parameters.csv {_WATER_ROW}: {source}",
        "as_of": as_of,
        "basis": (
            "wafer starts a month online (capacity table, investor logic rows: modules "
            "online x ramp, as the fab power) x 12 x the node's mask layers "
            "(data/nodes.csv) x water per wafer start per mask layer; withdrawal, "
            "not net consumption"
        ),
    }


#: The assumptions row naming the incumbent baseline's variant (tigris.plan.assemble:
#: ``'announced' variant, end-of-year capacity x AI share, year means``).
_BASELINE_ROW = BASELINE_SUPPLY_ROW
#: A maker's lines agree with the pooled row when within this share of it [-].
_MAKERS_TOL_REL = 1e-6
#: What the HBM figures are and are not (``headline["hbm"]["note"]``; docs/plan-result.md).
HBM_NOTE = (
    "GB and stacks: in the parts made (units x the catalog's hbm_stacks x the "
    "generation's stack_capacity_gb, data/accelerators.csv, data/hbm.csv), the HBM the "
    "plan's products demand; the stacks lost at packaging are in the DRAM wafers, not "
    "in these GB. wspm: DRAM wafer starts a month on HBM lines (the capacity table). "
    "Made by: the plan pools the HBM lines and uses existing and new capacity pro "
    "rata, so the GB are split by the wafer starts each owner's capacity used; the "
    "incumbents' lines are one pool (the plan models no maker and no qualification: "
    "tigris hindcast does), their makers' capacity given beside it, not their use. "
    "Unmet: none, the plan makes a part only with its HBM; the HBM the unmet compute "
    "would need is not estimated."
)


def _hbm_per_part(products: list[str]) -> tuple[dict[str, float], dict[str, float]]:
    """GB and stacks of HBM a part carries, by product, from the catalog (``hbm_stacks``
    x ``data/hbm.csv`` ``stack_capacity_gb``); a product the catalog does not know (a
    scenario's own wafer counts, a ``--data`` part not loaded) is left out."""
    from tigris.catalog import get_accelerator
    from tigris.errors import InputError
    from tigris.silicon.hbm import get_hbm

    gb: dict[str, float] = {}
    stacks: dict[str, float] = {}
    for name in products:
        try:
            acc = get_accelerator(name)
            n = float(acc.hbm_stacks or 0)
            per_stack = get_hbm(acc.hbm_generation).stack_capacity_gb if n else 0.0
        except InputError:
            continue
        gb[name], stacks[name] = n * float(per_stack), n
    return gb, stacks


def _hbm_makers(result: PlanResult, pooled: dict[int, float]) -> dict[int, dict[str, float]]:
    """The incumbents' HBM capacity by maker in each year whose pooled ``existing`` row
    their lines make up [wspm] (:func:`tigris.world.incumbents.existing_supply_lagged`
    by owner, no lag: the year means the plan's baseline is); {} when the run's pool is
    not the baseline's (a scenario's ``supply.hbm_wspm``, a disruption)."""
    import re

    from tigris.errors import InputError
    from tigris.world.incumbents import existing_supply_lagged

    row = _assumption(result, _BASELINE_ROW)
    found = re.match(r"'([^']+)' variant", row or "")
    if found is None or not pooled:
        return {}
    years = np.array(sorted(pooled), dtype=int)
    try:
        by = existing_supply_lagged(found.group(1), years, {}, by_owner=("hbm",))
    except InputError:
        return {}
    makers = {k.split(":", 1)[1]: v for k, v in by.items() if k.startswith("hbm:")}
    out: dict[int, dict[str, float]] = {}
    for i, y in enumerate(years.tolist()):
        split = {m: float(v[i]) for m, v in makers.items() if float(v[i]) > 0}
        total = sum(split.values())
        if math.isclose(total, pooled[y], rel_tol=_MAKERS_TOL_REL, abs_tol=1e-6):
            out[y] = split
    return out


#: The ``maker`` of the pooled existing HBM row (:func:`capacity_makers`).
POOLED_MAKERS = "pooled"


def capacity_makers(result: PlanResult) -> pd.Series:
    """Who makes each ``hbm`` row of the capacity table: the capacity table's ``maker``
    column (UT-HBM #6, S36 HBM-OUT #2); ``""`` on the other rows.

    The plan pools the incumbents' HBM lines in one ``existing`` row per year and models
    no maker and no qualification, so that row's maker says so and lists the makers'
    lines in the pool, available wspm each (the year means of
    ``data/incumbent_capacity.csv``, :func:`tigris.world.incumbents.existing_supply_lagged`
    by owner), without splitting the use: ``pooled: SK hynix 172,500; Samsung 210,000;
    Micron 62,500 wspm available (data/incumbent_capacity.csv, year mean); use not
    split``. When the pool is not the baseline's (a scenario's ``supply.hbm_wspm``, a
    disruption): ``pooled (makers not known: not the baseline's lines)``. A row of new
    lines names its owner (``investor``, a responding maker).

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``capacity`` table (``year``, ``facility``, ``site``,
        ``available`` [wspm], ``owner``).

    Returns
    -------
    pandas.Series
        Text, on the capacity table's index.
    """
    from tigris.fab.hbm_output import HBM_FACILITY

    cap = getattr(result, "capacity", None)
    if cap is None:
        return pd.Series([], dtype=object)
    out = pd.Series([""] * len(cap), index=cap.index, dtype=object)
    if not len(cap) or not {"year", "facility", "site", "available", "owner"} <= set(cap):
        return out
    is_hbm = cap["facility"] == HBM_FACILITY
    pool = is_hbm & (cap["site"] == "existing")
    by_year = cap[pool].groupby("year")["available"].sum()
    makers = _hbm_makers(result, {int(y): float(v) for y, v in by_year.items()})
    for i in cap.index[pool]:
        split = makers.get(int(cap.at[i, "year"]))
        if split:
            lines = "; ".join(f"{m} {v:,.0f}" for m, v in split.items())
            out[i] = (
                f"{POOLED_MAKERS}: {lines} wspm available (data/incumbent_capacity.csv, "
                "year mean); use not split"
            )
        else:
            out[i] = f"{POOLED_MAKERS} (makers not known: not the baseline's lines)"
    new = is_hbm & ~pool
    out[new] = cap.loc[new, "owner"].astype(str)
    return out


def plan_hbm(result: PlanResult) -> dict[str, Any] | None:
    """HBM by year of ``result``: GB and stacks in the parts made, DRAM wafer starts
    available and used, the GB made by owner, and the incumbents' lines by maker.

    Parameters
    ----------
    result : PlanResult
        The plan (or any result with its ``capacity`` and production tables).

    Returns
    -------
    dict or None
        ``by_year``: :func:`tigris.fab.hbm_output.hbm_by_year` rows (NaN as None),
        each with ``wspm_available_by_maker`` ({maker: wspm} of the pooled
        incumbents' row, from ``data/incumbent_capacity.csv``; {} when the pool is
        not the baseline's); ``note``: :data:`HBM_NOTE`. None when the result has no
        ``hbm`` capacity and no production.

    References
    ----------
    ``docs/plan-result.md``, "HBM"; UT-HBM #6 (usertest_hbm.md).

    Computed once per :class:`~tigris.plan.result.PlanResult` and data overlay in
    force (:func:`tigris.plan.memo.memoised`: the headline and the printout's HBM table
    both ask); other results (a report's tables) every time.
    """
    from tigris.plan.memo import memoised
    from tigris.plan.result import PlanResult

    if isinstance(result, PlanResult):
        return memoised(result, "hbm", lambda: _plan_hbm(result))
    return _plan_hbm(result)


def _plan_hbm(result: PlanResult) -> dict[str, Any] | None:
    """:func:`plan_hbm`, computed."""
    from tigris.fab.hbm_output import HBM_FACILITY, hbm_by_year

    prod, cap = getattr(result, "production", None), getattr(result, "capacity", None)
    if prod is None or cap is None or not len(prod) or not len(cap):
        return None
    if not {"year", "product", "units"} <= set(prod.columns) or not {
        "year",
        "facility",
        "site",
        "available",
        "used",
        "owner",
    } <= set(cap.columns):
        return None
    hbm = cap[cap["facility"] == HBM_FACILITY]
    if not len(hbm):
        return None
    gb, stacks = _hbm_per_part(sorted({str(p) for p in prod["product"]}))
    rows = hbm_by_year(prod, cap, gb, stacks)
    existing = hbm[hbm["site"] == "existing"].groupby("year")["available"].sum()
    makers = _hbm_makers(result, {int(y): float(v) for y, v in existing.items()})

    def clean(x: Any) -> Any:
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        if isinstance(x, float):
            return x if math.isfinite(x) else None
        return x

    for r in rows:
        r["wspm_available_by_maker"] = makers.get(r["year"], {})
    return {"by_year": [clean(r) for r in rows], "note": HBM_NOTE}


def _compute_intensity(result: PlanResult) -> dict[str, Any] | None:
    """:func:`tigris.energy.intensity.compute_intensity` of ``result`` (None for a
    result without the tables it reads)."""
    from tigris.energy.intensity import compute_intensity

    if not hasattr(result, "power") or not hasattr(result, "assumptions"):
        return None
    return compute_intensity(result)


def energy_sentence(energy: dict[str, Any] | None, last: int) -> str | None:
    """The investor's own data-centre energy and emissions in the horizon's last year,
    by scope, and their share of the world AI fleet's, in one sentence (UT-ESG #1).

    Parameters
    ----------
    energy : dict or None
        ``added["energy"]`` (:func:`tigris.energy.investor.investor_energy`).
    last : int
        The horizon's last year [year].

    Returns
    -------
    str or None
        ``In 2035 the investor's own data centres draw 21.0 TWh and emit 10.19 Mt CO2
        (9.22 Mt scope 1 on-site, 0.97 Mt scope 2 grid, location-based), 3.7 % of the
        world AI fleet's 277.2 Mt; 68.7 Mt over the horizon (embodied and construction
        emissions not counted).`` (the reference; "data centres and fabs" when the
        investor's fabs draw power that year, "fabs" alone when its data centres draw
        none in the horizon, "its fabs' energy not known" when other owners build fabs
        too; "all scope 2 grid" or "all scope 1 on-site" when the other scope is 0);
        None when not known.

    References
    ----------
    GHG Protocol, *Scope 2 Guidance* (2015), ch. 6; PCAF (2022).
    """
    from tigris.energy.investor import SCOPE_BASIS_NOTE
    from tigris.fmt import amount

    if not energy:
        return None

    def at(key: str) -> float:
        by = energy.get(key) or {}
        v = by.get(last, by.get(str(last)))
        return math.nan if v is None else float(v)

    twh, t = at("energy_twh_by_year"), at("emissions_t_co2_by_year")
    if not (math.isfinite(twh) and math.isfinite(t)):
        return None
    total = float(energy.get("total_t_co2", math.nan)) / T_PER_MT
    fab = energy.get("fab_energy_twh_by_year", {})  # None: not known; {} an old section
    if fab is None:
        bounds = "embodied and construction emissions not counted; its fabs' energy not known"
    elif fab:
        bounds = "embodied and construction emissions not counted"
    else:
        bounds = "its fabs, embodied and construction emissions not counted"
    builds_fabs = bool(fab) and any(float(v) > 0 for v in fab.values())
    dc = energy.get("datacenter_energy_twh_by_year") or {}
    draws_dc = not dc or any(float(v) > 0 for v in dc.values())  # {}: an old section
    whose = ("data centres and fabs" if draws_dc else "fabs") if builds_fabs else "data centres"
    if twh <= 0:
        return (
            f"In {last} the investor's own {whose} draw no energy "
            f"({amount(total, 2)} Mt CO2 over the horizon; {bounds})."
        )
    s1, s2 = at("scope1_t_co2_by_year") / T_PER_MT, at("scope2_t_co2_by_year") / T_PER_MT
    share = energy.get("world_share_last_year")
    of_world = ""
    if share is not None and math.isfinite(share) and share > 0:
        world = t / share / T_PER_MT
        of_world = f", {PERCENT * share:.1f} % of the world AI fleet's {amount(world)} Mt"
    grid = "scope 2 grid, location-based"
    if s1 > 0 and s2 > 0:
        scopes = f"{amount(s1, 2)} Mt scope 1 on-site, {amount(s2, 2)} Mt {grid}"
    else:  # one scope only: no "0.00 Mt scope 1 on-site" beside a grid-only investor
        scopes = "all scope 1 on-site" if s1 > 0 else f"all {grid}"
    return (
        f"In {last} the investor's own {whose} draw {amount(twh)} TWh and emit "
        f"{amount(t / T_PER_MT, 2)} Mt CO2 ({scopes}){of_world}; {amount(total)} Mt "
        f"over the horizon ({bounds})." + (f" {SCOPE_BASIS_NOTE}" if s1 > 0 else "")
    )


#: An owner's NPV below this is a loss, not rounding [USD].
_LOSS_TOL_USD = 1e6
#: A year's data-centre power is full when the fleet needs at least this share of the
#: capacity online (HiGHS's feasibility tolerance, as :data:`_UNMET_TOL_REL`) [-].
_FULL_TOL_REL = 1e-6
#: The assumptions row naming the kinds incumbents' sites may host (tigris.plan.
#: assemble_sites: '|'-separated facility kinds).
_INCUMBENT_KINDS_ROW = "incumbents may build"
#: Megawatts in a gigawatt [MW/GW].
_MW_PER_GW = units.MW_PER_GW


def _names(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


#: Modules closer than this are the same count [modules] (whole modules; a relaxed
#: plan's fractions are compared to the same precision).
_MODULE_TOL = 1e-6


def _without_investor_too(others: pd.DataFrame, n_other: float) -> str:
    """How many of the incumbents' modules the world without the investor starts too
    (the builds table's ``baseline_modules``, docs/plan.md "Owners"): the investor did
    not cause those (user test 2026-12-05 plan #12: "start 67 more modules" read as
    caused by the investor, with every one of them in that world too). Empty when that
    world was not solved (NaN)."""
    if "baseline_modules" not in others:
        return ""
    base = pd.to_numeric(others["baseline_modules"], errors="coerce")
    if base.isna().all():
        return ""
    n_base = float(base.fillna(0.0).sum())
    if n_base >= n_other - _MODULE_TOL:
        return ", all of which they also start without the investor"
    if n_base > _MODULE_TOL:
        return f", {_count(n_base)} of which they also start without the investor"
    return ", none of which they start without the investor"


def _incumbents_at_loss(result: PlanResult, others: pd.DataFrame) -> str | None:
    """One sentence when incumbents that build do so at a negative NPV
    (``finance_owners``): the planner is one cooperative optimiser, not each owner's
    choice (docs/plan.md, "Owners"; user test #18). None when none does."""
    from tigris.fmt import money

    owners = result.finance_owners
    if not len(owners) or "npv_usd" not in owners:
        return None
    builders = {str(o) for o in others["owner"]}
    rows = owners[owners["owner"].astype(str).isin(builders)]
    rows = rows[rows["npv_usd"].astype(float) < -_LOSS_TOL_USD].sort_values("owner")
    if not len(rows):
        return None
    said = [f"{r['owner']} (NPV {money(float(r['npv_usd']))})" for _, r in rows.iterrows()]
    verb = "builds" if len(said) == 1 else "build"
    return (
        f"{_names(said)} {verb} at a loss: the incumbents' builds are not their own "
        "choice but the planner's, one cooperative optimiser that builds wherever the "
        "world's cost and unmet penalty fall, whoever owns the site (docs/plan.md, "
        "'Owners')."
    )


def _power_full_every_year(result: PlanResult) -> tuple[float, float] | None:
    """The least and the most data-centre capacity online [MW] when the world's fleet
    needs all of it in every year of the power table, else None."""
    w = _world_rows_full(getattr(result, "power", None))
    if w is None:
        return None
    online = w["datacenter_mw_online"].to_numpy(dtype=float)
    return float(online.min()), float(online.max())


def _incumbents_idle(result: PlanResult) -> str | None:
    """One sentence when incumbents that respond (owners other than the investor with
    capital offered) build nothing: how much capital they offer and why, as far as the
    plan shows it (user test #2): data-centre power fully used in every year (the power
    table) when their sites may host no data centre (the assumptions row
    :data:`_INCUMBENT_KINDS_ROW`). None when no incumbent offers capital."""
    from tigris.fmt import money, year_span

    cap = result.capital
    if not len(cap) or "owner" not in cap:
        return None
    theirs = cap[cap["owner"] != INVESTOR]
    offered = _sum(theirs, "available_usd")
    if not offered > 0:
        return None
    who = _names(sorted({str(o) for o in theirs["owner"]}))
    first, last = result.horizon
    head = (
        f"Incumbents that respond ({who}) build nothing with the {money(offered)} of "
        f"capital they offer in {year_span(first, last)}"
    )
    full = _power_full_every_year(result)
    kinds = _assumption(result, _INCUMBENT_KINDS_ROW)
    menu = [k for k in (kinds or "").split("|") if k]
    # a data centre is named by its facility id there (datacenter, datacenter-gas, ...)
    if full is not None and menu and not any(k.startswith("datacenter") for k in menu):
        hosts = _names([KIND_NAMES.get(k, k) for k in menu])
        return (
            f"{head}: their sites may host only {hosts}, and data-centre power is fully "
            f"used in every year ({full[0] / _MW_PER_GW:,.1f}–{full[1] / _MW_PER_GW:,.1f}"
            " GW online), so the accelerators more of their lines would make could not "
            "be powered."
        )
    if full is not None:
        return (
            f"{head}; data-centre power is fully used in every year "
            f"({full[0] / _MW_PER_GW:,.1f}–{full[1] / _MW_PER_GW:,.1f} GW online)."
        )
    return f"{head}: no build of theirs lowers the planner's objective."


#: The money sentence names at most this many sites' subsidies, the largest first (a
#: display choice; the rest are counted, every site is in the ``subsidies`` table).
SUBSIDY_SITES_LISTED = 4


def subsidy_words(result: PlanResult) -> str:
    """``": germany $29.9B (50% of its $59.8B capex, data/sites.csv), japan $10.7B
    (37% of $28.8B, scenario sites[].subsidy_share_of_capex)"``: the investor's subsidy
    by site, the largest first (:data:`SUBSIDY_SITES_LISTED`), from the result's
    ``subsidies`` table (``docs/finance.md``, "Subsidy by site"); ``""`` when the
    table is empty (a run saved before it) or no site has a subsidy.

    A site whose facility types take different shares gives the share of its total
    (subsidy / capex) and "mixed" for the source.

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``subsidies`` table.

    Returns
    -------
    str
        The words above, starting with ``": "``, or ``""``.
    """
    from tigris.fmt import money, share

    t = getattr(result, "subsidies", None)
    if t is None or not len(t):
        return ""
    t = t[(t["owner"].astype(str) == INVESTOR) & (pd.to_numeric(t["subsidy_usd"]) > 0)]
    if not len(t):
        return ""
    by_site = t.groupby("site", sort=False).agg(
        subsidy=("subsidy_usd", "sum"),
        capex=("capex_usd", "sum"),
        sources=("source", lambda x: sorted({str(v) for v in x})),
    )
    by_site = by_site.sort_values("subsidy", ascending=False, kind="stable")
    parts = []
    for i, (site, r) in enumerate(by_site.head(SUBSIDY_SITES_LISTED).iterrows()):
        src = r["sources"][0] if len(r["sources"]) == 1 else "mixed sources"
        its = "of its " if i == 0 else "of "
        parts.append(
            f"{site} {money(r['subsidy'])} ({share(r['subsidy'] / r['capex'], 0)} "
            f"{its}{money(r['capex'])} capex, {src})"
        )
    more = len(by_site) - SUBSIDY_SITES_LISTED
    if more > 0:
        parts.append(f"{more} more site{'s' if more > 1 else ''}")
    return ": " + ", ".join(parts)


def _serve_at_loss_sentence(result: PlanResult, n: dict[str, float]) -> str | None:
    """``The investor's NPV is negative (-$15.2B at 5.52% real): this plan serves demand
    at a loss to the investor; ...``: said when the ``serve`` objective (least world cost
    plus the unmet-demand penalty: the planner's, not the investor's) gives a plan whose
    headline NPV is below zero; ``None`` otherwise, or when the NPV is not known.

    A plan printed as "Starts 32 modules ..." reads as advice to the investor (user test
    UT-SWF, #5: demand collapsing after 2030, $36.5B committed at an NPV of -$15.2B).
    What ``--objective npv`` would build is not said: that needs its own solve.
    """
    from tigris.fmt import money

    npv = n.get("npv_usd", math.nan)
    if getattr(result, "objective", "serve") != "serve" or not (math.isfinite(npv) and npv < 0):
        return None
    rate = rate_words(n).split(",")[0]  # " at 5.52% real" (nominal and real when given)
    return (
        f"The investor's NPV is negative ({money(npv)}{rate}): this plan serves demand at a "
        "loss to the investor; `--objective npv` plans for the investor's NPV instead."
    )


def _objective_sentence(result: PlanResult, real: float, penalty: float, pen_share: float) -> str:
    """The objective's value, named as such (``OBJECTIVE_NAMES``), last."""
    from tigris.fmt import money, share

    obj = result.objective_usd
    name = OBJECTIVE_NAMES.get(result.objective, f"objective ({result.objective})")
    head = name[0].upper() + name[1:]
    if result.objective == "npv" and result.relaxed:  # user test 2026-12-05 plan #1
        return (
            f"{head}: {money(obj)}, maximised: the LP relaxation's bound, which no whole "
            "plan's NPV exceeds (its merit order fractional, it may sell more than its "
            "fractional builds would: the NPV above is theirs at the merit order's sales)."
        )
    if result.objective == "npv":
        return f"{head}: {money(obj)}, maximised; the investor's NPV above, not a cost."
    if math.isfinite(real) and math.isfinite(penalty):
        return (
            f"{head}: {money(obj)} = cost {money(real)} + unmet-demand penalty "
            f"{money(penalty)} ({share(pen_share, 1)}: the value put on compute not "
            "served, unmet_penalty_usd_per_h100e), minimised."
        )
    return f"{head}: {money(obj)}, minimised."


def _cost_terms(result: PlanResult) -> tuple[dict[str, float], float]:
    """The plan's real-cost terms and its unmet-demand penalty [USD].

    ``cost_terms_usd`` and ``unmet_penalty_usd``; for a run saved before them, the
    ``serve`` objective's terms less the penalty, and the penalty term (NaN when the
    objective was not ``serve`` or had no such term).
    """
    if result.cost_terms_usd:
        return dict(result.cost_terms_usd), result.unmet_penalty_usd
    if result.objective != "serve":
        return {}, math.nan
    terms = dict(result.objective_terms_usd)
    penalty = terms.pop(PENALTY_TERM, math.nan)
    return terms, float(penalty)


def _investor_money(result: PlanResult) -> dict[str, float]:
    """The investor's NPV [USD], IRR [-] and payback year (``finance_owners``), and the
    NPV's salvage part (:func:`salvage_split`); NaN each when not computed, IRR and
    payback NaN when undefined or never reached."""
    owners = result.finance_owners
    row = owners[owners["owner"] == INVESTOR] if len(owners) else owners
    out = dict.fromkeys(("npv_usd", "irr", "payback_year"), math.nan)
    out.update(dict.fromkeys(SALVAGE_KEYS, math.nan))
    if not len(row):
        return out
    r = row.iloc[0]
    out.update(
        {
            k: float(r[k]) if r[k] is not None and pd.notna(r[k]) else math.nan
            for k in ("npv_usd", "irr", "payback_year")
        }
    )
    out.update(salvage_split(result, out["npv_usd"]))
    return out


#: The headline numbers of the NPV's salvage part (:func:`salvage_split`).
SALVAGE_KEYS = ("npv_salvage_usd", "npv_without_salvage_usd", "irr_without_salvage")


def salvage_split(result: PlanResult, npv: float) -> dict[str, float]:
    """The investor's NPV split into its salvage and the rest, and the IRR without
    salvage.

    From the investor's ``finance_flows`` (level ``owner``), discounted at the
    scenario's ``discount_rate`` (the assumptions row) to the horizon's first year
    (``tigris.plan.assemble``'s ``base_year``), as the NPV itself
    (:func:`tigris.finance.cashflow.npv_usd`)::

        npv_salvage   = Σ_t salvage[t] / (1 + r)^(t − first)
        npv_without   = npv − npv_salvage
        irr_without   = IRR of (net[t] − salvage[t]) over the flow years

    Parameters
    ----------
    result : PlanResult
        The plan.
    npv : float
        The investor's NPV [USD] (``finance_owners``).

    Returns
    -------
    dict
        :data:`SALVAGE_KEYS` [USD, USD, -]; NaN each where not known (no flows, no
        discount rate recorded, an IRR undefined); 0, 0 and NaN when the investor
        builds nothing (an NPV of 0).

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 2 (present value) and ch. 6 (salvage value as a
    project's terminal cash flow); Howells et al. (2011) (OSeMOSYS' salvage value).
    """
    from tigris.finance.cashflow import irr, npv_usd

    out = dict.fromkeys(SALVAGE_KEYS, math.nan)
    mine = _investor_flows(result)
    r = rate_used(result)
    if not len(mine) and npv == 0.0:  # nothing built: no salvage, an NPV of 0 without
        # it too (it was NaN beside npv_usd 0, user test 2026-12-05); the IRR undefined
        out["npv_salvage_usd"] = out["npv_without_salvage_usd"] = 0.0
        return out
    if not len(mine) or not math.isfinite(r) or not math.isfinite(npv):
        return out
    first = int(result.horizon[0])
    salvage = npv_usd(mine["salvage_usd"], mine["year"], first, r)
    out["npv_salvage_usd"] = salvage
    out["npv_without_salvage_usd"] = npv - salvage
    out["irr_without_salvage"] = irr((mine["net_usd"] - mine["salvage_usd"]).to_numpy())
    return out


#: The gap yardstick: a plan's builds are pinned when the solver's proven gap in USD is
#: at most this share of the plan's real cost (``benchmarks/bench_scale.py`` solves to
#: 0.1 % of the plan cost, not of the objective, for the same reason) [-].
GAP_COST_SHARE = 1e-3
#: "Mostly": more than half of the objective [-].
_MOSTLY = 0.5
#: HiGHS's default ``primal_feasibility_tolerance`` (HiGHS options documentation;
#: ``highspy.Highs().getOptionValue``): a relative gap below it is below what the
#: solver resolves, so no ``mip_gap`` pins costs that small beside the objective [-].
HIGHS_FEASIBILITY_TOL = 1e-7


def gap_usd(result: PlanResult) -> float:
    """How far the plan's objective may be from the optimum: HiGHS's relative gap
    ``result.mip_gap`` × ``|objective|`` [USD]; NaN for an LP relaxation or a run
    without a recorded gap.

    HiGHS's relative gap is ``|primal − dual bound| / |primal|`` (HiGHS documentation,
    ``mip_rel_gap``), so ``gap × |objective|`` is the proven absolute gap.

    Parameters
    ----------
    result : PlanResult
        The plan, with ``mip_gap`` (a fraction) and ``objective_usd`` [USD].

    Returns
    -------
    float
        The absolute gap [USD], or NaN.
    """
    gap = result.mip_gap
    if result.relaxed or gap is None or not math.isfinite(float(gap)):
        return math.nan
    obj = result.objective_usd
    return float(gap) * abs(float(obj)) if math.isfinite(obj) else math.nan


def _gap_sentence(result: PlanResult, n: dict[str, float]) -> str | None:
    """One sentence when the solver's proven gap in USD (:func:`gap_usd`) exceeds
    :data:`GAP_COST_SHARE` of the plan's real cost or the investor's |NPV|: builds worth
    less than the gap are not pinned (user test 6 #6: ``mip_gap: 1e-4`` of a $104,727B
    objective, mostly the unmet penalty, left $8.5B of slack, and a plan $677M worse
    was printed "optimal"). None otherwise."""
    from tigris.fmt import money, share

    gap = n.get("gap_usd", math.nan)
    if not (math.isfinite(gap) and gap > 0):
        return None
    real, npv = n.get("real_cost_usd", math.nan), n.get("npv_usd", math.nan)
    over = []
    if math.isfinite(real) and gap > GAP_COST_SHARE * abs(real):
        over.append(f"{share(GAP_COST_SHARE, 1)} of the plan's real cost ({money(real)})")
    # an NPV of 0 (the investor builds nothing) has no builds to pin: any gap, even
    # HiGHS's 1e-16 round-off, exceeded it (user test 2026-12-05 serve #3)
    if math.isfinite(npv) and npv != 0 and gap > abs(npv):
        over.append(f"the investor's NPV ({money(npv)})")
    if not over:
        return None
    pen = n.get("penalty_share", math.nan)
    mostly = (
        f", {share(pen, 1)} of it the unmet penalty" if math.isfinite(pen) and pen > _MOSTLY else ""
    )
    optimal = result.status == "optimal"
    head = "Optimal" if optimal else f"Stopped ({result.status})"
    # what closes the gap: a smaller gap asked for when HiGHS met the one asked; more
    # time when it stopped first (user test 2026-12-05 #6: a run stopped at
    # --time-limit 0.3 under the reference's mip_gap 1e-6 was told to lower mip_gap)
    cure = (
        "lower solver.mip_gap (e.g. 1e-6) to pin them"
        if optimal
        else "the solver stopped before closing it: give it more time "
        "(--time-limit or solver.time_limit_s) to pin them"
    )
    # the gap that would pin them, relative to the objective; below the solver's
    # tolerance no mip_gap reaches it (UT-SCEN 2026-12-05 #4: 1e15 H100e of demand, a
    # $2e20 objective, was told to lower mip_gap while its gap was already 3.2e-9)
    need = GAP_COST_SHARE * abs(real) / abs(float(result.objective_usd))
    if math.isfinite(need) and 0 < need < HIGHS_FEASIBILITY_TOL:  # no real cost: no ratio
        cure = (
            f"no mip_gap pins them: that needs a gap of {need:.1g} of the objective, below "
            f"HiGHS's feasibility tolerance ({HIGHS_FEASIBILITY_TOL:g}), as the objective is "
            f"{abs(float(result.objective_usd)) / abs(real):.2g} times the real cost; "
            "lower the demand or unmet_penalty_usd_per_h100e so that costs count"
        )
    return (
        f"{head} within {money(gap)} (HiGHS's gap {float(result.mip_gap):.2g} of an "
        f"objective of {money(result.objective_usd)}{mostly}), more than "
        f"{' and '.join(over)}: builds worth less than that are not pinned, and a plan that "
        f"differs by less (another site, a module more or fewer) is as good to the solver; "
        f"{cure} (docs/finance.md)."
    )


#: The headline numbers of :func:`objective_shortfall` [USD].
SHORTFALL_KEYS = ("objective_shortfall_usd", "ramp_undervalue_usd")
#: A shortfall of the objective below the NPV within this is rounding [USD].
_SHORTFALL_TOL_USD = 1.0


def objective_shortfall(result: PlanResult, money_total: dict[str, float]) -> dict[str, float]:
    """How far the ``npv`` objective under ``finance.terminal_value: going_concern``
    falls short of the NPV the plan reports [USD].

    ``objective_shortfall_usd`` = the investor's NPV − the objective: the objective
    values a module in a ramp year at the horizon's end at its book value less the most
    a perpetuity of its last year's wafers could add
    (:func:`tigris.finance.present_value._terminal_parts`), a linear lower bound of the
    cash-flow table's NPV, exact when each such module sells what it makes that year.
    ``ramp_undervalue_usd``: the most it undervalues one such module of the investor
    (:func:`tigris.finance.present_value.ramp_undervalue_pv`, carried on the
    ``cash_flows`` frame's ``attrs`` by :func:`tigris.finance.cashflow.finance_tables`;
    NaN for a run read back from a file). Both NaN for another objective or
    convention: the objective is then the NPV (``serve`` is a cost).

    Parameters
    ----------
    result : PlanResult
        The plan.
    money_total : dict of str to float
        The investor's money totals, with ``npv_usd`` [USD] (the headline's).

    Returns
    -------
    dict of str to float
        ``objective_shortfall_usd`` and ``ramp_undervalue_usd`` [USD] (:data:`SHORTFALL_KEYS`),
        each NaN when not known.
    """
    from tigris.finance.cashflow import GOING_CONCERN, RAMP_UNDERVALUE_ATTR

    out = dict.fromkeys(SHORTFALL_KEYS, math.nan)
    if result.objective != "npv" or _assumption(result, TERMINAL_ROW) != GOING_CONCERN:
        return out
    npv, obj = money_total.get("npv_usd", math.nan), result.objective_usd
    if result.relaxed or not (math.isfinite(npv) and math.isfinite(obj)):
        return out
    out["objective_shortfall_usd"] = float(npv - obj)
    flows = getattr(result, "cash_flows", None)
    under = flows.attrs.get(RAMP_UNDERVALUE_ATTR) if flows is not None else None
    if under is not None and math.isfinite(float(under)):
        out["ramp_undervalue_usd"] = float(under)
    return out


def _shortfall_sentence(result: PlanResult, n: dict[str, float]) -> str | None:
    """One sentence when the going-concern ``npv`` objective is short of the NPV by
    more than the solver's tolerance (:func:`gap_usd`, at least $1), or may undervalue
    a module the plan does not build (:func:`objective_shortfall`): the plan is optimal
    for the objective, not proven optimal for the NPV it reports (helper s46 finance
    review #2: SMALL_3Y planned so built nothing, NPV $0, where its CoWoS module is
    worth $27.2M as a going concern). None otherwise."""
    from tigris.fmt import money

    short = n.get("objective_shortfall_usd", math.nan)
    under = n.get("ramp_undervalue_usd", math.nan)
    if not math.isfinite(short):
        return None
    gap = n.get("gap_usd", math.nan)
    tol = max(gap if math.isfinite(gap) else 0.0, _SHORTFALL_TOL_USD)
    over = short > tol
    may = math.isfinite(under) and under > tol
    if not (over or may):
        return None
    last = int(result.horizon[1])
    head = "Optimal for the npv objective" if result.status == "optimal" else "Planned"
    what = f", which undervalues ramping modules by up to {money(under)} each" if may else ""
    this = (
        f"; this plan's NPV is {money(short)} above its objective of {money(result.objective_usd)}"
        if over
        else ""
    )
    return (
        f"{head}{what}{this}: a module still ramping in {last} is worth its book value "
        "in the cash flows, and the objective takes off the most a perpetuity of its "
        "wafers that year could add (a linear lower bound of the going-concern NPV), so "
        "a plan with more such modules may have a higher NPV than this one; not proven "
        'optimal for the NPV (docs/finance.md, "The planner\'s split").'
    )


#: A salvage PV below this is no part of the NPV worth a word [USD].
_SALVAGE_TOL_USD = 0.5


def has_salvage(n: dict[str, float]) -> bool:
    """Whether the NPV ``n['npv_usd']`` holds a salvage part (``npv_salvage_usd`` of
    more than :data:`_SALVAGE_TOL_USD` in absolute value): the key sentence and the
    report's key rows (:func:`tigris.report.headline.key_rows`) say it then.

    Parameters
    ----------
    n : dict of str to float
        The headline numbers, with ``npv_salvage_usd`` [USD].

    Returns
    -------
    bool
        True when the salvage part is known and not rounding.
    """
    part = n.get("npv_salvage_usd", math.nan)
    return math.isfinite(part) and abs(part) > _SALVAGE_TOL_USD


def _salvage_words(n: dict[str, float]) -> str:
    """``" (of which salvage at book value $7.12B; without it −$6.67B)"``, or ``""``
    when the NPV holds no salvage (user test 6 #11: a positive NPV that was all the
    horizon's book value read as a programme that pays for itself)."""
    from tigris.fmt import money

    if not has_salvage(n):
        return ""
    return (
        f" (of which {terminal_name(n)} {money(n['npv_salvage_usd'])}; "
        f"without it {money(n['npv_without_salvage_usd'])})"
    )


def terminal_name(n: dict[str, float]) -> str:
    """What the NPV's terminal part is: ``"salvage at book value"`` or ``"terminal value
    as a going concern"`` (``terminal_going_concern`` of the headline numbers ``n``;
    book value when not recorded, as every run before the option).

    Parameters
    ----------
    n : dict of str to float
        The headline numbers, with ``terminal_going_concern`` (1.0 for a going concern).

    Returns
    -------
    str
        The terminal part's name, as above.
    """
    going = n.get("terminal_going_concern", math.nan)
    return "terminal value as a going concern" if going == 1.0 else "salvage at book value"


def going_concern_undefined(n: Mapping[str, float]) -> str:
    """Why a book-value plan's going-concern alternative NPV is not given, when the
    reason is its rate: ``""`` otherwise (user test s49 #9: with ``discount_rate: 0``
    the alternative was dropped from the headline without a word).

    A going concern's terminal value is the perpetuity ``NOPAT · (1 + r)/r``
    (docs/finance.md, "Terminal value"), which has no finite value at a real rate
    ``r`` of 0 (:func:`tigris.finance.cashflow.terminal_values` refuses a rate not
    above 0).

    Parameters
    ----------
    n : mapping
        The headline numbers: ``terminal_going_concern`` (0 at book value),
        ``npv_other_terminal_usd`` and ``discount_rate`` (the real rate used) [-].

    Returns
    -------
    str
        ``"the NPV with the modules valued as a going concern instead
        (finance.terminal_value) is undefined at a real discount rate of 0%: ..."``,
        or ``""``.

    Examples
    --------
    >>> going_concern_undefined({"terminal_going_concern": 0.0, "discount_rate": 0.0})[:60]
    'the NPV with the modules valued as a going concern instead ('
    >>> going_concern_undefined({"terminal_going_concern": 0.0, "discount_rate": 0.05})
    ''
    """
    going, rate = n.get("terminal_going_concern"), n.get("discount_rate", math.nan)
    alt = n.get("npv_other_terminal_usd", math.nan)
    if going != 0.0 or rate is None or not math.isfinite(rate) or rate > 0:
        return ""
    if alt is not None and math.isfinite(alt):
        return ""
    return (
        "the NPV with the modules valued as a going concern instead "
        f"(finance.terminal_value) is undefined at a real discount rate of {rate:.0%}: "
        "a going concern's perpetuity, NOPAT x (1 + r) / r, has no finite value at r = 0 "
        '(docs/finance.md, "Terminal value")'
    )


def none_steady(result: PlanResult) -> bool:
    """Whether none of the investor's modules is at its steady state (full output,
    past its ramp) in the horizon's last year (:func:`tigris.finance.terminal.
    steady_groups`), or it has none: every one then keeps its book value under either
    terminal-value convention (docs/finance.md, "Terminal value"), so the NPV is the
    same under both.

    Parameters
    ----------
    result : PlanResult
        The plan, its ``cash_flows`` (owner, site, facility, start year, year).

    Returns
    -------
    bool
        True when no investor module is at steady state in the horizon's last year (or
        it built none); False when the run has no cash flows to tell.
    """
    from tigris.finance.terminal import steady_groups

    flows = getattr(result, "cash_flows", None)
    if flows is None or not len(flows) or "owner" not in flows:
        return False
    mine = flows[flows["owner"] == INVESTOR]
    return not len(mine) or not bool(steady_groups(mine, int(result.horizon[1])).any())


#: The other terminal value's NPV within this of the NPV is the same NPV [USD].
_SAME_NPV_TOL_USD = 0.5


def same_npv_none_steady(n: Mapping[str, float], result: PlanResult | None) -> bool:
    """Whether the NPV under the other terminal-value convention is the plan's own
    (within :data:`_SAME_NPV_TOL_USD`) because none of the investor's modules is at its
    steady state in the last year (:func:`none_steady`): the headline's sentence and the
    report's row then say so rather than give one figure twice as two estimates.

    Parameters
    ----------
    n : mapping
        The headline's ``numbers``: ``npv_usd`` and ``npv_other_terminal_usd`` [USD].
    result : PlanResult or None
        The plan; None says nothing is known of its modules (False).

    Returns
    -------
    bool
        Whether the two NPVs are one for that reason.
    """
    alt, npv = n.get("npv_other_terminal_usd", math.nan), n.get("npv_usd", math.nan)
    if alt is None or npv is None or not (math.isfinite(alt) and math.isfinite(npv)):
        return False
    return abs(alt - npv) <= _SAME_NPV_TOL_USD and result is not None and none_steady(result)


def _other_terminal_words(n: dict[str, float], result: PlanResult | None = None) -> str:
    """`` With the modules valued at book value instead of as a going concern (the same
    flows, not re-solved): NPV $3.20B.``; ``""`` when not known. When that NPV is the
    plan's because no module of the investor's is at its steady state by the horizon's
    end (:func:`none_steady`), it says so rather than giving the same figure twice as
    if it were a second estimate (user test s50 API #3)."""
    from tigris.fmt import money

    alt, going = n.get("npv_other_terminal_usd", math.nan), n.get("terminal_going_concern")
    if going is None or not math.isfinite(going):
        return ""
    if alt is None or not math.isfinite(alt):
        undefined = going_concern_undefined(n)
        return f" {undefined[0].upper()}{undefined[1:]}." if undefined else ""
    other = "at book value" if going == 1.0 else "as a going concern"
    now = "as a going concern" if going == 1.0 else "at book value"
    if result is not None and same_npv_none_steady(n, result):
        return (
            f" Valued at the horizon's end {other} instead of {now}, the modules give the "
            f"same NPV, {money(alt)}: none of the investor's is at its steady state (full "
            f"output) in {int(result.horizon[1])}, and a module still being built or ramping "
            'keeps its book value as a going concern too (docs/finance.md, "Terminal value")'
            "."
        )
    return (
        f" With the modules valued at the horizon's end {other} instead of {now} "
        f"(finance.terminal_value; the same cash flows otherwise, the plan not re-solved): "
        f"NPV {money(alt)}."
    )


def nominal_irr(irr: float, n: Mapping[str, float]) -> float:
    """The nominal equivalent of a (real) IRR when the scenario gave a nominal rate
    (``finance.discount_rate_basis: nominal``), else NaN: Fisher's ``(1 + irr)(1 + i)
    − 1`` with the inflation ``1 + i = (1 + nominal) / (1 + real)`` the rate's own.

    Parameters
    ----------
    irr : float
        The IRR of the real cash flows [-].
    n : mapping
        The headline numbers: ``discount_rate`` (real) and ``discount_rate_nominal``
        (absent or NaN without a nominal rate) [-].

    Returns
    -------
    float
        The nominal IRR [-], or NaN (no nominal rate, or the IRR is not finite).

    References
    ----------
    Brealey, Myers & Allen, *Principles of Corporate Finance* (13th ed., 2020), ch. 6,
    "Inflation and capital budgeting".

    Examples
    --------
    >>> round(nominal_irr(0.072, {"discount_rate": 0.0552, "discount_rate_nominal": 0.08}), 4)
    0.0972
    >>> nominal_irr(0.072, {"discount_rate": 0.0552})
    nan
    """
    real, nominal = n.get("discount_rate", math.nan), n.get("discount_rate_nominal", math.nan)
    if irr is None or nominal is None or real is None:
        return math.nan
    if not (math.isfinite(irr) and math.isfinite(nominal) and math.isfinite(real)):
        return math.nan
    return (1.0 + irr) * (1.0 + nominal) / (1.0 + real) - 1.0


def _irr_words(irr: float, n: dict[str, float]) -> str:
    """An IRR as the Money line says it: ``"7.2%"``; with a nominal rate given
    (``finance.discount_rate_basis: nominal``) ``"7.2% real = 9.7% nominal"``, since the
    cash flows are in real USD and the IRR is a real rate beside a nominal hurdle (user
    test 2026-12-05 #1: "NPV $3.61B at 8.00% nominal … IRR 7.2%" read as a positive
    NPV below its hurdle). The nominal IRR is Fisher's, ``(1 + irr)(1 + i) − 1`` with
    the inflation ``1 + i = (1 + nominal) / (1 + real)`` the rate's own (Brealey, Myers
    & Allen 2020, ch. 6, "Inflation and capital budgeting"); ``"undefined"`` when the
    IRR is not finite. Beside a real rate it says ``"7.2% real"``: the reference's
    5.52 % real rate comes from an 8 % nominal cost of capital, and "IRR 7.2%" was read
    as below that hurdle (user test 2026-12-07, claims #5).

    >>> _irr_words(0.072, {})
    '7.2%'
    >>> _irr_words(0.072, {"discount_rate": 0.0552})
    '7.2% real'
    >>> _irr_words(0.072, {"discount_rate": 0.0552, "discount_rate_nominal": 0.08})
    '7.2% real = 9.7% nominal'
    """
    from tigris.fmt import share

    if not math.isfinite(irr):
        return "undefined"
    as_nominal = nominal_irr(irr, n)
    if not math.isfinite(as_nominal):
        real = math.isfinite(n.get("discount_rate", math.nan))
        return f"{share(irr, 1)} real" if real else share(irr, 1)
    return f"{share(irr, 1)} real = {share(as_nominal, 1)} nominal"


def irr_roots_words(flows: pd.DataFrame, irr: float) -> str:
    """What the Money line adds after an IRR that is one of several: ``" (one of 2
    rates that zero the NPV, 10.0% and 20.0%: ...)"``; ``""`` when the flows have one
    root or none, or when ``irr`` is not among their roots (the flows of another table).

    The investor's flows (``finance_flows``, level ``owner``) that change sign more
    than once can have several internal rates of return; :func:`tigris.finance.measures
    .irr` gives the one closest to zero, which then does not rank the plan, and its NPV
    does (Brealey, Myers & Allen 2020, ch. 5, "Pitfall 2: multiple rates of return";
    user test 2026-12-06: -7.2 % and 25.8 % on a long horizon, one printed without a
    word). The roots are :func:`tigris.finance.measures.irr_roots` of the flows.

    Parameters
    ----------
    flows : pandas.DataFrame
        The investor's yearly flows (``year``, ``net_usd`` [USD/year]), consecutive years.
    irr : float
        The IRR the line prints [1/year].

    Returns
    -------
    str
        The words, with a leading space, or ``""``.

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 5.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [2026, 2027, 2028], "net_usd": [-100.0, 230.0, -132.0]})
    >>> irr_roots_words(f, 0.1)[:56]
    ' (one of 2 rates that zero the NPV, 10.0% and 20.0%: the'
    >>> irr_roots_words(f.iloc[:2], 1.3)
    ''
    """
    from tigris.finance.measures import SAME_RATE, irr_roots
    from tigris.fmt import share

    if not len(flows) or not math.isfinite(irr):
        return ""
    roots = irr_roots(flows.sort_values("year")["net_usd"].to_numpy(dtype=float))
    if len(roots) < 2 or min(abs(r - irr) for r in roots) > SAME_RATE:
        return ""
    said = ", ".join(share(r, 1) for r in roots[:-1]) + f" and {share(roots[-1], 1)}"
    return (
        f" (one of {len(roots)} rates that zero the NPV, {said}: the cash flows change "
        "sign more than once, so the IRR does not rank the plan; its NPV does)"
    )


def _key_parts(result: PlanResult, n: dict[str, float]) -> tuple[str, str]:
    """Cost, NPV, IRR, capital spent and H100e added, in one sentence, first; and the
    same cash flows' NPV at the rate -/+ 2 points and with the other terminal value
    (``""`` when neither is given), the sentences that follow it in ``key``."""
    from tigris.fmt import money

    parts = [f"Cost {money(n['cost_usd'])} (discounted real cost, without the unmet penalty)"]
    if math.isfinite(n["npv_usd"]):
        irr = _irr_words(n["irr"], n)
        pay = (
            "payback in "
            + payback_words(
                n["payback_year"], result.horizon[1], n.get("terminal_going_concern") == 1.0
            )
            if math.isfinite(n["payback_year"])
            else (
                NEVER_NEGATIVE
                if cumulative_never_negative(result)
                else "no payback within the cash flows"
            )
        )
        parts.append(
            f"the investor's NPV {money(n['npv_usd'])}{rate_words(n)}{_salvage_words(n)}, IRR {irr}"
            + irr_roots_words(_investor_flows(result), n["irr"])
        )
        without = n.get("irr_without_salvage", math.nan)
        if has_salvage(n):  # user test 6 #11: the IRR counts the salvage too
            counted = "the terminal value" if n.get("terminal_going_concern") == 1.0 else "salvage"
            parts[-1] += f" with {counted} ({_irr_words(without, n)} without)"
        parts[-1] += f", {pay}"
    elif no_investor(result):
        parts.append(f"no NPV or IRR: {NO_INVESTOR}")
    else:
        parts.append("the investor's NPV and IRR not computed (a run saved before them)")
    parts.append(f"capital spent {money(n['capital_spent_usd'])}")
    added, fewer = n["added_h100e"], n.get("fewer_h100e", math.nan)
    moved = n.get("retimed_h100e", math.nan)
    if not math.isfinite(added):
        parts.append("H100e added not known")
    elif math.isfinite(fewer) and fewer > _UNMET_TOL_H100E:  # user test #18
        parts.append(f"{_h100e(fewer)} fewer served than without the investor (no H100e added)")
    elif math.isfinite(moved) and moved > _UNMET_TOL_H100E:  # user test #14
        parts.append(f"{_h100e(added)} added, besides {_h100e(moved)} re-timed")
    else:
        years = "-years in service" if in_service(result) else ""
        parts.append(f"{_h100e(added)}{years} added")
    more = _other_rates_words(n) + _other_terminal_words(n, result)
    return "; ".join(parts) + ".", more


# --- the discounting said beside the NPV (usertest_money M4, M6, M9, M10, M11; D3) ----

#: The assumptions row of the money's currency year: the scenario's ``currency_year``,
#: a row when the scenario's ``sources`` name it (tigris.plan.assemble).
CURRENCY_ROW = "currency_year"
#: The NPV of the plan's own cash flows is also given at the discount rate minus and
#: plus this step [1/year] (usertest_money M6: a plan valued at other rates without
#: re-solving it). A display choice: 2 percentage points, about the half-width of the
#: published nominal WACC estimates for TSMC around 8 % (7.0-10.8 %, valueinvesting.io
#: and valuesense.io, Jan-Feb 2025; data/reference_scenario.yaml, distributions).
RATE_STEP = 0.02
#: The headline numbers of the discounting: the rate [1/year], the NPV of the
#: investor's cash flows at the rate minus and plus :data:`RATE_STEP` [USD], the
#: currency year of all money and the year it is discounted to [year].
RATE_KEYS = (
    "discount_rate",
    "npv_at_rate_minus_2pt_usd",
    "npv_at_rate_plus_2pt_usd",
    "currency_year",
    "discount_base_year",
)
#: The headline numbers of the rate's basis and the terminal value: the nominal rate
#: the scenario gave (NaN when it gave a real one) [1/year]; 1 when the NPV's terminal
#: value is a going concern, 0 when book value, NaN when the run does not say [-]; the
#: investor's NPV with the other convention's terminal value, the same cash flows
#: otherwise, the plan not re-solved [USD] (:func:`terminal_sensitivity`).
TERMINAL_KEYS = ("discount_rate_nominal", "terminal_going_concern", "npv_other_terminal_usd")
#: Said instead of "no payback" when the investor's cumulative cash flow is never
#: negative (usertest_money M9: a 100 % subsidy has nothing to pay back).
NEVER_NEGATIVE = "cumulative cash flow never negative (nothing to pay back)"


def _number_assumption(result: PlanResult, parameter: str) -> float:
    """The assumptions row ``parameter`` as a number; NaN when absent or not a number."""
    text = _assumption(result, parameter)
    try:
        return float(text) if text is not None else math.nan
    except ValueError:
        return math.nan


def rate_used(result: PlanResult) -> float:
    """The real rate the plan discounted at [1/year]: the assumptions row
    :data:`RATE_USED_ROW`, else (a run saved before it) ``discount_rate``; NaN when
    neither is recorded.

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``assumptions`` table.

    Returns
    -------
    float
        The real discount rate [1/year, a fraction], or NaN.
    """
    r = _number_assumption(result, RATE_USED_ROW)
    return r if math.isfinite(r) else _number_assumption(result, _DISCOUNT_ROW)


def terminal_sensitivity(result: PlanResult, npv: float) -> dict[str, float]:
    """The rate's basis and the terminal-value convention of the plan's NPV, and the
    NPV under the other convention from the same cash flows (:data:`TERMINAL_KEYS`).

    ``npv_other = npv − Σ_g PV(terminal_g) + Σ_g PV(other_g)`` over the investor's build
    groups of ``cash_flows``, each terminal value in the year after the horizon
    discounted as the NPV is: ``terminal_g`` the group's salvage row (the value the NPV
    holds), ``other_g`` by :func:`tigris.finance.cashflow.terminal_values` (book value
    ``Σ capex − Σ depreciation``; going concern ``(1 + r)/r`` × the last year's NOPAT
    charged the plant's steady replacement, the rows' ``replacement_usd``, instead of
    its book depreciation, as the planner's going concern is). A sensitivity of the
    plan's flows, as the rate ±2 points (:func:`discounting`): a plan optimised with
    the other convention may differ. A book plan's going-concern alternative is NaN
    (not printed) when its rows have no ``replacement_usd`` (a run saved before it):
    book depreciation would overvalue a group whose tools are written off.

    Parameters
    ----------
    result : PlanResult
        The plan.
    npv : float
        The investor's NPV [USD].

    Returns
    -------
    dict
        :data:`TERMINAL_KEYS`; NaN each where not known (a run saved before them, no
        flows, a going concern at a rate not > 0).

    References
    ----------
    Damodaran (2012), *Investment Valuation*, ch. 12 (terminal value: liquidation or
    going concern); Brealey, Myers & Allen (2020), ch. 19 (horizon value).
    """
    from tigris.finance.cashflow import BOOK, GOING_CONCERN, REPLACEMENT_COLUMN, terminal_values

    out = dict.fromkeys(TERMINAL_KEYS, math.nan)
    if _assumption(result, BASIS_ROW) == "nominal":
        given = _number_assumption(result, RATE_GIVEN_ROW)
        out["discount_rate_nominal"] = (
            given if math.isfinite(given) else _number_assumption(result, _DISCOUNT_ROW)
        )
    convention = _assumption(result, TERMINAL_ROW)
    if convention not in (BOOK, GOING_CONCERN):
        return out
    out["terminal_going_concern"] = float(convention == GOING_CONCERN)
    r = rate_used(result)
    flows = getattr(result, "cash_flows", None)
    if flows is None or not len(flows) or not math.isfinite(npv) or not math.isfinite(r):
        return out
    mine = flows[flows["owner"] == INVESTOR]
    if not len(mine):
        out["npv_other_terminal_usd"] = npv
        return out
    last, first = int(result.horizon[1]), int(result.horizon[0])
    other = BOOK if convention == GOING_CONCERN else GOING_CONCERN
    if other == GOING_CONCERN and REPLACEMENT_COLUMN not in mine.columns:
        return out  # a run saved before the replacement: not known, never too high
    factor = (1.0 + r) ** -(last + 1 - first)
    try:
        alt = terminal_values(mine, r, other, last).to_numpy(dtype=float).sum()
    except ValueError:  # a going concern at a rate not > 0
        return out
    now = float(mine.loc[mine["year"] == last + 1, "salvage_usd"].sum())
    value = npv + factor * (alt - now)
    # a float, as every other number (user test s50 API #6: it was a numpy.float64)
    out["npv_other_terminal_usd"] = float(value) if math.isfinite(value) else math.nan
    return out


def _investor_flows(result: PlanResult) -> pd.DataFrame:
    """The investor's cash flows by year (``finance_flows``, level ``owner``), sorted by
    year; empty when the result has none."""
    flows = getattr(result, "finance_flows", None)
    if flows is None or not len(flows) or "level" not in flows:
        return pd.DataFrame()
    mine = flows[(flows["level"] == "owner") & (flows["name"] == INVESTOR)]
    return mine.sort_values("year")


def discounting(result: PlanResult, npv: float) -> dict[str, float]:
    """The discount rate, the money's currency year, the year discounted to, and the
    investor's NPV at the rate minus and plus :data:`RATE_STEP` (the same cash flows,
    the plan not re-solved).

    ``NPV(r') = Σ_t net[t] / (1 + r')^(t − first)`` over the investor's ``finance_flows``
    (level ``owner``), ``first`` the horizon's first year, as the NPV itself
    (:func:`tigris.finance.cashflow.npv_usd`). With ``finance.terminal_value:
    going_concern`` the terminal value is revalued at ``r'`` too (:func:`_terminal_at`):
    a going concern's perpetuity ``NOPAT · (1 + r)/r`` is ``NOPAT · (1 + r')/r'`` at
    ``r'`` (user test s46 B: kept at the plan's rate, the reference's "NPV at ±2
    points" were $35.7B and $17.8B, not the $59.7B and $10.1B of its flows and
    terminal value at 3.52 % and 7.52 %); NaN at an ``r' ≤ 0``, where a perpetuity
    has no finite value.

    Parameters
    ----------
    result : PlanResult
        The plan.
    npv : float
        The investor's NPV at the scenario's rate [USD]; NaN when not computed (then
        so are the NPVs at other rates).

    Returns
    -------
    dict
        :data:`RATE_KEYS`: rate [1/year], NPVs [USD], currency year and base year
        [year]; NaN each where not known (no rate recorded, no flows, a rate at or
        below -100 %, a going concern at a rate not > 0 or without its groups' rows).

    References
    ----------
    Brealey, Myers & Allen (2020), ch. 2 (present value), ch. 6 (an NPV profile: the
    same project's flows at several rates) and ch. 19 (horizon value as a perpetuity
    at the discount rate); Damodaran (2012), *Investment Valuation*, ch. 12.
    """
    from tigris.finance.cashflow import GOING_CONCERN, npv_usd

    r = rate_used(result)
    first = int(result.horizon[0])
    out = {
        "discount_rate": r,
        "npv_at_rate_minus_2pt_usd": math.nan,
        "npv_at_rate_plus_2pt_usd": math.nan,
        "currency_year": _number_assumption(result, CURRENCY_ROW),
        "discount_base_year": float(first),
    }
    mine = _investor_flows(result)
    if not len(mine) or not math.isfinite(r) or not math.isfinite(npv):
        return out
    going = _assumption(result, TERMINAL_ROW) == GOING_CONCERN
    for key, rate in (
        ("npv_at_rate_minus_2pt_usd", r - RATE_STEP),
        ("npv_at_rate_plus_2pt_usd", r + RATE_STEP),
    ):
        if not rate > -1.0:
            continue
        if not going:
            out[key] = npv_usd(mine["net_usd"], mine["year"], first, rate)
            continue
        terminal = _terminal_at(result, r, rate)
        if math.isfinite(terminal):  # the flows without the terminal value, plus it at r'
            flows = mine["net_usd"] - mine["salvage_usd"]
            after = int(result.horizon[1]) + 1
            out[key] = npv_usd(flows, mine["year"], first, rate) + terminal * (1.0 + rate) ** -(
                after - first
            )
    return out


def _terminal_at(result: PlanResult, rate: float, other: float) -> float:
    """The investor's going-concern terminal value revalued at rate ``other``, in the
    year after the horizon [USD]; NaN when ``other`` is not > 0 (a perpetuity has no
    finite value) or the result has no cash-flow rows.

    Each build group's terminal value in ``cash_flows`` (its ``salvage_usd`` in the year
    after the horizon) is its book value (``Σ capex − Σ depreciation`` to the horizon,
    ≥ 0: a group not at its steady state, :func:`tigris.finance.cashflow.terminal_values`)
    or ``NOPAT · M(r)`` with ``M(r) = (1 + r)/r``
    (:func:`tigris.finance.cashflow.going_concern_multiple`); the latter is
    ``salvage · M(other)/M(rate)`` at ``other``, the NOPAT being the same. A group is
    read as a perpetuity where its salvage differs from its book value (relative
    1e-9).

    References
    ----------
    Damodaran (2012), *Investment Valuation*, ch. 12 (stable-growth terminal value
    ``FCFF/(r − g)``, here ``g = 0``).
    """
    from tigris.finance.cashflow import going_concern_multiple

    flows = getattr(result, "cash_flows", None)
    if flows is None or not len(flows) or not other > 0:
        return math.nan
    mine = flows[flows["owner"] == INVESTOR]
    last = int(result.horizon[1])
    keys = ["site", "facility", "start_year"]
    inside = mine[mine["year"] <= last].groupby(keys)[["capex_usd", "depreciation_usd"]].sum()
    book = (inside["capex_usd"] - inside["depreciation_usd"]).clip(lower=0.0)
    salvage = mine[mine["year"] == last + 1].groupby(keys)["salvage_usd"].sum()
    book = book.reindex(salvage.index).fillna(0.0)
    held = ~np.isclose(salvage, book, rtol=1e-9, atol=1e-6)
    scale = going_concern_multiple(other) / going_concern_multiple(rate)
    return float(np.where(held, salvage * scale, salvage).sum())


def rate_words(n: dict[str, float]) -> str:
    """``" at 5.52% real, in USD of 2024, discounted to 2026"`` (``" at 8.00% nominal
    = 5.52% real, …"`` when the scenario gave a nominal rate): how the NPV in the
    headline numbers ``n`` was discounted (usertest_money M4); the currency year is
    left out when the result does not record it, everything when the rate is not
    known.

    Parameters
    ----------
    n : dict of str to float
        The headline numbers: ``discount_rate`` (real), ``discount_rate_nominal``,
        ``currency_year`` and ``discount_base_year``, each NaN when not known.

    Returns
    -------
    str
        The phrase above, starting with ``" at "``; ``""`` when the rate is NaN.
    """
    from tigris.fmt import share

    r = n.get("discount_rate", math.nan)
    if not math.isfinite(r):
        return ""
    cy, base = n.get("currency_year", math.nan), n.get("discount_base_year", math.nan)
    nominal = n.get("discount_rate_nominal", math.nan)
    words = f" at {share(r, 2)} real"
    if math.isfinite(nominal):  # finance.discount_rate_basis: nominal, made real by Fisher
        words = f" at {share(nominal, 2)} nominal = {share(r, 2)} real"
    if math.isfinite(cy):
        words += f", in USD of {int(cy)}"
    if math.isfinite(base):
        words += f", discounted to {int(base)}"
    return words


def _other_rates_words(n: dict[str, float]) -> str:
    """`` The same cash flows at 3.52% and 7.52% (the rate -/+2 points, the plan not
    re-solved): NPV $8.05B and -$717M.``; ``""`` when not known (usertest_money M6).
    Under ``finance.terminal_value: going_concern`` the terminal value is revalued at
    each rate (:func:`discounting`), and the sentence says so; a rate not > 0 has no
    going-concern value, said instead of a number. A rate below 0 (the plan's real
    rate under 2 points) is said to be one: the scenario refuses a negative real rate
    (user test s46 C), so that NPV is a point of the flows' NPV profile only."""
    from tigris.fmt import money, share

    r = n.get("discount_rate", math.nan)
    lo = n.get("npv_at_rate_minus_2pt_usd", math.nan)
    hi = n.get("npv_at_rate_plus_2pt_usd", math.nan)
    going = n.get("terminal_going_concern") == 1.0
    low = r - RATE_STEP
    undefined = going and math.isfinite(r) and not low > 0 and math.isfinite(hi)
    if not (math.isfinite(r) and (math.isfinite(lo) or undefined) and math.isfinite(hi)):
        return ""
    step = round(100 * RATE_STEP)
    held = "; the terminal value as a going concern revalued at each rate" if going else ""
    if undefined:
        values = (
            f"NPV {money(hi)} at {share(r + RATE_STEP, 2)}; none at {share(low, 2)}, where a "
            "going concern's perpetuity has no finite value (a rate > 0 needed)"
        )
    else:
        values = f"NPV {money(lo)} and {money(hi)}"
    below = ""
    if low < 0 and not undefined:
        below = (
            f" ({share(low, 2)} is a negative real rate, which the scenario refuses as its "
            "discount rate: a point of the flows' NPV profile only)"
        )
    return (
        # real rates, as the plan's (a nominal rate is converted first: user test
        # 2026-12-05 energy #9 read them against the nominal one beside the NPV)
        f" The same cash flows at {share(low, 2)} and {share(r + RATE_STEP, 2)} "
        f"real ({step} points below and above the real rate; the plan not re-solved, a plan "
        f"optimised at those rates may differ{held}): {values}{below}."
    )


def no_investor(result: PlanResult | Any) -> bool:
    """Whether the plan has no investor to value: no capital source of its own
    (``capital``) and no module built for it (``builds``), as a scenario without
    ``capital`` or ``sites`` plans the world alone (docs/scenario-files.md's
    ``world-layer``). Its NPV and IRR are then not "not computed" but nothing to compute
    (user test 2026-12-07: such a fresh plan said "a run saved before them").

    Parameters
    ----------
    result : PlanResult or ReportTables
        The plan, with its ``capital`` and ``builds`` tables (``owner`` each; a table
        without the column, from a run saved before owners, is the investor's).

    Returns
    -------
    bool
        True when neither table has an investor row.

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> none = pd.DataFrame({"owner": []})
    >>> no_investor(SimpleNamespace(capital=none, builds=none))
    True
    >>> no_investor(SimpleNamespace(capital=pd.DataFrame({"owner": ["investor"]}), builds=none))
    False
    """
    for table in (result.capital, result.builds):
        if table is None or not len(table):
            continue
        if "owner" not in table.columns or (table["owner"].astype(str) == INVESTOR).any():
            return False
    return True


def cumulative_never_negative(result: PlanResult) -> bool:
    """Whether the investor's cumulative net cash flow is never negative in any year
    (``finance_flows``): then there is no payback year because there is nothing to pay
    back, not because the flows never pay back (usertest_money M9). False without
    flows.

    Parameters
    ----------
    result : PlanResult
        The plan, with its ``finance_flows`` table (``net_usd`` [USD] by year).

    Returns
    -------
    bool
        True when every cumulative sum of the investor's net flows is ≥ 0.
    """
    mine = _investor_flows(result)
    if not len(mine):
        return False
    return bool((np.cumsum(mine["net_usd"].to_numpy(dtype=float)) >= 0.0).all())


#: Why a plan without an investor has no NPV or IRR (:func:`no_investor`).
NO_INVESTOR = "the plan has no investor (no capital and no module of its own)"
#: The facilities the plan's capital pays for (docs/plan.md, docs/finance.md): what
#: capex per added H100e covers, and what it does not (usertest_money M10, claims D3).
PER_ADDED_COVERS = (
    "counts what the investor spends, net of subsidy, on the fabs, packaging lines, HBM "
    "fabs and data centres the plan builds, not the accelerators' purchase (the plan "
    "prices chips at their wafers' variable cost)"
)


def _per_added_note(added: dict[str, Any], last_year: int, in_service: bool = False) -> str | None:
    """What capex per added H100e covers, and how much of the added H100e falls in the
    horizon's last year (where later chips pack more H100e into each MW, so the
    figure moves with the horizon's end); None without a figure. ``in_service``: the
    added figures are H100e-years in service (``demand_basis: installed``)."""
    from tigris.fmt import money, share

    per = added.get("capex_usd_per_added_h100e")
    by_year = added.get("new_h100e_by_year") or added.get("h100e_by_year") or {}
    total = float(added.get("new_total_h100e", added.get("total_h100e", math.nan)) or 0.0)
    if per is None or not math.isfinite(float(per)) or not total > _UNMET_TOL_H100E:
        return None
    last = float(by_year.get(last_year, by_year.get(str(last_year), 0.0)) or 0.0)
    unit = "H100e-year in service" if in_service else "H100e"
    note = f"Capital per added {unit} ({money(per)}) {PER_ADDED_COVERS}"
    if last > _UNMET_TOL_H100E:
        what = "H100e-years in service" if in_service else "H100e"
        verb = "fall" if in_service else "are delivered"
        note += (
            f"; {share(last / total, 0)} of the added {what} ({_h100e(last)}) {verb} "
            f"in {last_year}, the horizon's last year, so the figure moves with the "
            "horizon's end"
        )
    return note + "."


#: The ``capacity`` table's site of the incumbents' lines standing and announced
#: (data/incumbent_capacity.csv; tigris.plan.result writes them under this site).
EXISTING_SITE = "existing"
#: The assumptions row the plan writes when its data-centre capacity is the shipped
#: table (tigris.plan.assemble_energy.existing_datacenter_mw); a scenario's
#: ``datacenters.existing_mw`` writes another row.
DC_TABLE_ROW = "datacenter: existing + announced AI capacity"
#: The shipped data-centre table the forward power check tests.
DC_TABLE = "data/datacenter_capacity.csv"


def _kind_label(facility: str, node: str) -> str:
    """``N3 logic``, ``CoWoS``, ``HBM``: a capacity row's kind as people name it."""
    name = KIND_NAMES.get(facility, facility)
    return f"{node} {name}" if node and facility == "logic" else name


def existing_lines_source(assumptions: pd.DataFrame | None) -> str:
    """Where a plan's existing lines (the capacity table's ``existing`` rows) come
    from, read off its assumptions: ``data/incumbent_capacity.csv`` (the incumbent
    baseline), the scenario's ``supply`` maps, or both when a map replaces a kind of
    the baseline (``tigris.plan.assemble``); the table's name when not known (a run
    saved without assumptions). UT-SCEN 2026-12-05 #7: the caption named the table for
    a scenario that gave its own maps.

    Parameters
    ----------
    assumptions : pd.DataFrame or None
        A plan's ``assumptions`` table (``parameter`` column); None when not saved.

    Returns
    -------
    str
        The source in words, as above.
    """
    table = "data/incumbent_capacity.csv"
    if assumptions is None or not len(assumptions) or "parameter" not in assumptions:
        return table
    names = assumptions["parameter"].astype(str)
    baseline = bool((names == _BASELINE_ROW).any())
    maps = sorted(
        {
            n.removeprefix(EXISTING_SUPPLY_ROW).removesuffix(REPLACES_BASELINE)
            for n in names
            if n.startswith(EXISTING_SUPPLY_ROW) and n != _BASELINE_ROW
        }
    )
    given = f"the scenario's supply maps ({', '.join(maps)})" if maps else ""
    if baseline and given:
        return f"{table}, {given} in its place"
    return given or table


def capacity_used(capacity: pd.DataFrame | None) -> list[dict[str, Any]]:
    """The incumbents' lines used by the plan, by year and kind (usertest_analyst #3).

    The ``capacity`` table's rows at :data:`EXISTING_SITE` (the lines of
    ``data/incumbent_capacity.csv``: logic by node, CoWoS, HBM), data centres left
    out (the power table has them). Nothing is computed but the share: each row is one
    row of ``--json`` ``capacity``.

    Parameters
    ----------
    capacity : DataFrame or None
        ``PlanResult.capacity``: ``year, facility, node, site, available, used, unit``.

    Returns
    -------
    list of dict
        ``{"year", "kind", "facility", "node", "unit", "used", "available",
        "used_share"}`` [-, -, -, -, -, the unit, the unit, -], in the table's order of
        kinds then years; ``used_share`` = used / available (None without capacity).
    """
    if capacity is None or not len(capacity) or "site" not in capacity:
        return []
    c = capacity[capacity["site"].astype(str) == EXISTING_SITE]
    c = c[~c["facility"].astype(str).str.startswith("datacenter")]
    rows = []
    for r in c.to_dict("records"):
        node = r.get("node")
        node = node if isinstance(node, str) else ""
        used, avail = float(r["used"]), float(r["available"])
        rows.append(
            {
                "year": int(r["year"]),
                "kind": _kind_label(str(r["facility"]), node),
                "facility": str(r["facility"]),
                "node": node,
                "unit": str(r.get("unit", "")),
                "used": used,
                "available": avail,
                "used_share": used / avail if avail > 0 else None,
            }
        )
    return rows


def _full_every_year(power: pd.DataFrame | None) -> tuple[int, int] | None:
    """The first and last year when the world's fleet needs all the data-centre
    capacity online in every year of the power table (``facility_mw_needed`` >=
    ``datacenter_mw_online`` x (1 - :data:`_FULL_TOL_REL`)), else None."""
    w = _world_rows_full(power)
    if w is None:
        return None
    years = w["year"].astype(int)
    return int(years.min()), int(years.max())


def _world_rows_full(power: pd.DataFrame | None) -> pd.DataFrame | None:
    """The power table's world rows when the world's fleet needs all the data-centre
    capacity online in every year (``facility_mw_needed`` >= ``datacenter_mw_online`` x
    (1 - :data:`_FULL_TOL_REL`), capacity positive), else None."""
    if power is None or not len(power) or "region" not in power:
        return None
    w = power[power["region"] == "world"]
    if not len(w):
        return None
    online = w["datacenter_mw_online"].to_numpy(dtype=float)
    need = w["facility_mw_needed"].to_numpy(dtype=float)
    if not (online > 0).all() or (need < online * (1.0 - _FULL_TOL_REL)).any():
        return None
    return w


def power_untested_note(power: pd.DataFrame | None, assumptions: pd.DataFrame | None) -> str | None:
    """One sentence for "What stays short, and why" when data-centre capacity binds in
    every year and that capacity is the shipped table (usertest_analyst #2): the table
    is not tested by history (``tigris hindcast``: ``power_tested`` false) and where it
    sits against the published forecasts of
    :func:`tigris.energy.forecasts.power_forward_check` (counts below, inside and above,
    and the forecast it is furthest below, the check's own numbers). None otherwise
    (power not full in some year, or a scenario's own ``datacenters.existing_mw``).

    Parameters
    ----------
    power : DataFrame or None
        ``PlanResult.power`` (``region, year, facility_mw_needed, datacenter_mw_online``).
    assumptions : DataFrame or None
        ``PlanResult.assumptions``; the row :data:`DC_TABLE_ROW` says the shipped table
        is the plan's.

    Returns
    -------
    str or None
        The sentence (ending with the what-if to try), or None.
    """
    from tigris.fmt import share, year_span

    years = _full_every_year(power)
    if years is None or assumptions is None or not len(assumptions):
        return None
    if DC_TABLE_ROW not in set(assumptions["parameter"].astype(str)):
        return None
    from tigris.energy.forecasts import power_forward_check

    rows = power_forward_check()["rows"]
    if not rows:
        return None
    count = {p: sum(r["position"] == p for r in rows) for p in ("below", "inside", "above")}
    below = [r for r in rows if r["position"] == "below"]
    head = (
        f"Data-centre capacity, full in every year ({year_span(*years)}), is {DC_TABLE}'s: "
        "untested by history (tigris hindcast: power_tested false) and below "
        f"{count['below']} of {len(rows)} published forecasts (inside {count['inside']}, "
        f"above {count['above']}; tigris hindcast, forward power check)"
    )
    if below:
        r = min(below, key=lambda x: x["gap_or_where"])
        scope = "AI" if r["scope"] == "ai" else "all data centres'"
        head += (
            f", furthest below {r['publisher']}'s {r['region']} {scope} {r['quantity']} "
            f"in {r['year']}: {r['table']:,.1f} {r['unit']} against {r['low']:,.0f} "
            f"{r['unit']} ({share(r['gap_or_where'], 0)})"
        )
    return (
        head + ". The plan's answer is this table's: what it builds may change with more "
        "capacity (a what-if: --set data.datacenter_capacity.all.ai_growth_scale=S scales "
        "the table's AI MW, each region's at its own PUE; datacenters.existing_mw replaces "
        "the table at the scenario's pue, whose energy is then bought at that PUE, so the "
        'cost rises even for the same compute powered: docs/energy.md, "Units in and out").'
    )
