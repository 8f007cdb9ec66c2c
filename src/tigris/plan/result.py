"""The plan result: tables in long form, per ``docs/plan-result.md``.

A :class:`PlanResult` is what :func:`tigris.plan.solve` returns and what the reports
(:mod:`tigris.report`) read. It holds only plain data (pandas tables, strings and
numbers), writes itself to a directory of CSV files plus ``plan.json`` and reads itself
back.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tigris.errors import InputError
from tigris.plan.inputs import INVESTOR

__all__ = [
    "ADDED_COLUMNS",
    "ADDED_TABLES",
    "FINANCE_TABLES",
    "OBJECTIVES",
    "TABLE_COLUMNS",
    "Explanation",
    "PlanResult",
    "plan_headline",
    "shortage_ends",
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
#: The objectives the planner knows (``docs/finance.md``, "Objectives").
OBJECTIVES = ("serve", "npv")

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
    ),
    "capacity": ("year", "facility", "node", "site", "available", "used", "unit", "owner"),
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
    "power": ("year", "fab_power_mw", "compute_power_mw"),
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
#: Columns added after runs were first saved (issue 10: owners and the world without
#: the investor), with the value a run saved before them reads as: the investor owned
#: every site and source then; what it adds was not solved (NaN). ``supply_by_source``
#: is a table such a run lacks altogether (read as empty).
ADDED_COLUMNS: dict[str, dict[str, Any]] = {
    "builds": {"owner": INVESTOR},
    "capacity": {"owner": INVESTOR},
    "demand": {"baseline_served_h100e": math.nan, "added_h100e": math.nan},
    "capex": {"owner": INVESTOR},
    "capital": {"owner": INVESTOR},
}
#: Tables a run saved before issue 10 (``supply_by_source``) or issue 11 (the money
#: tables and ``shadow_prices``) lacks (read as empty).
ADDED_TABLES = ("supply_by_source", *FINANCE_TABLES, "shadow_prices")


@dataclass(frozen=True)
class Explanation:
    """One reason, in words, why demand is unmet or what limits the plan.

    Attributes
    ----------
    kind : str
        ``met``, ``no_product``, ``lead_time``, ``capacity``, ``mix``, ``capital``,
        ``euv``, ``high_na``, ``site_modules``, ``site_power``, ``economics``,
        ``infeasible``, ``time_limit`` or ``solver``.
    year : int or None
        Year it applies to, if one.
    text : str
        One sentence for people.
    """

    kind: str
    year: int | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (JSON-ready)."""
        return {"kind": self.kind, "year": self.year, "text": self.text}


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in TABLE_COLUMNS[name]})


@dataclass(frozen=True)
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
        Tables in long form, columns per :data:`TABLE_COLUMNS`. ``supply_by_source``
        and the demand table's ``baseline_served_h100e``/``added_h100e`` compare the
        plan with the world without the investor (:mod:`tigris.plan.counterfactual`);
        they are empty/NaN when that was not solved.
    cash_flows, finance_modules, finance_sites, finance_owners, finance_sources,
    finance_flows : pandas.DataFrame
        The money (:func:`tigris.finance.cashflow.finance_tables`, ``docs/finance.md``):
        each build group's cash flows by year (money of that year, undiscounted; the
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
        ``variable_cost`` and ``unmet_penalty``, each discounted) [USD].
    cost_terms_usd : dict
        The ``serve`` terms of the same plan whatever the objective: the plan's
        discounted real cost is their sum less ``unmet_penalty`` [USD]. Empty for a
        run saved before it (the headline then reads the cost from
        ``objective_terms_usd``).
    input_hash : str or None
        SHA-256 of the inputs (scenario and data tables; :mod:`tigris.provenance`);
        ``None`` if unknown (a run saved before it was recorded).
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

    @property
    def ok(self) -> bool:
        """Whether the solver returned a usable plan (optimal or a time-limited one)."""
        return self.status in ("optimal", "time_limit") and math.isfinite(self.objective_usd)

    def to_frame(self, name: str) -> pd.DataFrame:
        """Return table ``name`` (a copy); ``binding`` is returned as a table too."""
        if name == "binding":
            return pd.DataFrame(
                [e.to_dict() for e in self.binding], columns=["kind", "year", "text"]
            )
        if name not in TABLE_COLUMNS:
            known = ", ".join([*TABLE_COLUMNS, "binding"])
            msg = f"unknown plan table '{name}'; known: {known}"
            raise InputError(msg, field="name")
        return getattr(self, name).copy()

    def summary(self) -> dict[str, float]:
        """Headline numbers: totals over the horizon [H100e, USD, modules].

        Demand is an input and is always summed; served and unmet are NaN (``null`` in
        JSON) when there is no plan (:attr:`ok` is False).
        """
        d = self.demand

        def total(col: str) -> float:
            if col != "demand_h100e" and not self.ok:
                return math.nan
            return float(d[col].sum()) if len(d) else 0.0

        return {
            "demand_h100e": total("demand_h100e"),
            "served_h100e": total("served_h100e"),
            "unmet_h100e": total("unmet_h100e"),
            "capex_usd": float(self.capex["capex_usd"].sum()) if len(self.capex) else 0.0,
            "modules": float(self.builds["modules"].sum()) if len(self.builds) else 0.0,
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
            ``numbers``: a dict of named floats (NaN where there is no plan) —
            ``modules_built`` [modules], ``capex_committed_usd`` (capex of the modules
            started, all years) [USD], ``capital_spent_usd`` (drawn from investors
            within the horizon) [USD], ``subsidy_usd`` [USD], ``capital_offered_usd``
            [USD], ``capital_unspent_usd`` [USD], ``demand_h100e``, ``served_h100e``,
            ``unmet_h100e`` [H100e, summed over years], ``unmet_share`` [-],
            ``served_first_year_h100e``, ``served_last_year_h100e``,
            ``served_added_h100e`` (growth of yearly delivery over the horizon),
            ``demand_last_year_h100e``, ``unmet_last_year_h100e`` [H100e/year],
            ``objective_usd`` (the objective's value: a cost plus penalty for
            ``serve``, the investor's NPV for ``npv``), ``cost_usd`` (discounted
            real cost: the ``serve`` terms of :attr:`cost_terms_usd` but the penalty;
            ``real_cost_usd`` the same), ``penalty_usd`` (discounted unmet-demand
            penalty, notional) [USD], ``penalty_share`` (of cost + penalty) [-],
            ``npv_usd`` [USD], ``irr`` [-], ``payback_year`` (the investor's; NaN
            when not computed, undefined or never reached);
            ``builds``: one dict per facility type built (``facility``, ``node``,
            ``modules``, ``capacity``, ``capacity_unit``, ``sites``, ``first_start``,
            ``last_start``);
            ``short_first``: the demand class that goes short first (lowest priority
            with unmet demand), or ``None``;
            ``baseline``, ``added``: :meth:`sections`;
            ``investor``: what the investor adds, in two sentences (compute added by
            year and in total against the world without it; when the shortage ends
            with and without it, the capital spent and the capex per added H100e), or
            one saying the comparison is absent;
            ``key``: cost, NPV, IRR, capital spent and H100e added in one sentence
            (None when there is no plan);
            ``sentences``: ``key`` first, then ``investor``, then four sentences for
            people — builds, money, compute, and the objective's value named
            (:data:`OBJECTIVE_NAMES`).

            With several owners (incumbents that respond), ``capital_*`` count the
            investor's sources only and ``modules_built``/``builds`` the investor's
            sites; the incumbents' builds are in the ``builds`` table by ``owner``.
        """
        return plan_headline(self)

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
        """
        return plan_sections(self)

    def scalars(self) -> dict[str, Any]:
        """The non-table attributes, JSON-ready."""
        obj = self.objective_usd
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
            "input_hash": self.input_hash,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready values; tables as lists of records."""
        out = self.scalars()
        out["summary"] = self.summary()
        out["headline"] = self.headline()
        out["baseline"], out["added"] = self.sections()
        for name in TABLE_COLUMNS:
            df = getattr(self, name)
            out[name] = json.loads(df.to_json(orient="records"))
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
            salvage_usd, net_usd``, money of that year [USD]); ``sites``, ``owners``
            and ``sources`` likewise (``sources`` also ``drawn_usd``, ``share``), their
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

        doc = self.scalars()
        doc["binding"] = [e.to_dict() for e in self.binding]
        doc["assumptions"] = json.loads(self.assumptions.to_json(orient="records"))
        tables = {n: getattr(self, n) for n in TABLE_COLUMNS if n != "assumptions"}
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

        Raises
        ------
        InputError
            The directory or one of its files is missing or damaged: one line per
            problem, naming the file and what is wrong.
        """
        from tigris.plan.saved import read_dir

        csv_columns = {n: c for n, c in TABLE_COLUMNS.items() if n != "assumptions"}
        doc, tables = read_dir(out_dir, csv_columns, ADDED_COLUMNS, ADDED_TABLES)
        cap = tables["capacity"]
        if len(cap):  # the existing capacity is the baseline's, no one owner's
            cap.loc[cap["site"] == "existing", "owner"] = ""
        sp = tables["shadow_prices"]
        if len(sp):  # saved as True/False text
            sp["is_bound"] = sp["is_bound"].astype(bool)
        tables["assumptions"] = pd.DataFrame(
            doc.get("assumptions", []), columns=list(TABLE_COLUMNS["assumptions"])
        )
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
            **tables,
        )


#: The objective's term that is not a cost: the notional penalty on unmet demand.
PENALTY_TERM = "unmet_penalty"
#: How the headline, the CLI and the report name the objective's value (never "cost").
OBJECTIVE_NAMES = {
    "serve": "objective (serve: cost + unmet penalty)",
    "npv": "objective (npv: investor NPV)",
}
#: Facility kinds as people name them.
_KIND_NAMES = {"logic": "logic", "cowos": "CoWoS", "hbm": "HBM"}
#: Capacity units as people read them.
_UNIT_NAMES = {"wspm": "wafers/month", "stacks_per_month": "stacks/month"}
#: Unmet compute below this counts as none [H100e].
_UNMET_TOL_H100E = 1.0
#: ... plus this share of the year's demand (HiGHS's feasibility tolerance) [-].
_UNMET_TOL_REL = 1e-6
#: The headline lists the compute added in each year up to this many years, else the
#: first and the last [-].
_MAX_YEARS_LISTED = 3


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
    """``to_dict()["finance"]`` of ``result``; see :meth:`PlanResult.finance`."""
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


def _by_year(d: pd.DataFrame, col: str) -> pd.Series:
    return d.groupby("year", sort=True)[col].sum(min_count=1)


def plan_sections(result: PlanResult) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """``baseline`` and ``added`` of ``result``; see :meth:`PlanResult.sections`."""
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
    served = _by_year(d, "served_h100e").to_numpy(dtype=float)
    spent = _investor_draws(result.capex)
    total = float(added.sum())
    per = spent / total if total > _UNMET_TOL_H100E else None
    return baseline, {
        "h100e_by_year": dict(zip(years, added.tolist(), strict=True)),
        "total_h100e": total,
        "capital_spent_usd": spent,
        "capex_usd_per_added_h100e": per,
        "shortage_ends": shortage_ends(years, demand - served, demand),
    }


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
    """What the investor adds, in two sentences (see :meth:`PlanResult.headline`)."""
    from tigris.fmt import money, year_span

    baseline, added = result.sections()
    first_year, last_year = result.horizon
    span = year_span(first_year, last_year)
    if baseline is None:
        return [
            "What the investor adds is not known: this run did not solve the world "
            "without the investor (solved without it, or saved before tigris compared "
            "plans with that world)."
        ]
    if added is None:  # no plan: said by the sentence on the status
        return []
    total = added["total_h100e"]
    by_year = added["h100e_by_year"]
    shown = [(y, v) for y, v in by_year.items() if v > _UNMET_TOL_H100E]
    if not shown:
        years_text = ""
    elif len(shown) <= _MAX_YEARS_LISTED:
        years_text = " (" + ", ".join(f"{_h100e(v)} in {y}" for y, v in shown) + ")"
    else:
        (y0, v0), (y1, v1) = shown[0], shown[-1]
        years_text = f" ({_h100e(v0)} in {y0} … {_h100e(v1)} in {y1})"
    first = (
        f"The investor adds {_h100e(total)} over {span}{years_text} to the "
        f"{_h100e(baseline['total_h100e'])} served without it"
    )
    spent = added["capital_spent_usd"]
    per = added["capex_usd_per_added_h100e"]
    first += f", for {money(spent)} of capital spent"
    first += f" ({money(per)} per added H100e)." if per is not None else "."

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
    return [first, second]


def _sum(df: pd.DataFrame, col: str) -> float:
    return float(df[col].sum()) if len(df) else 0.0


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


def plan_headline(result: PlanResult) -> dict[str, Any]:
    """The headline of ``result``; see :meth:`PlanResult.headline`."""
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
    terms = _cost_terms(result)
    # the plan's discounted real cost: every serve term but the penalty (capex less
    # salvage, fixed opex, variable cost; a run saved before issue 11: capex + opex)
    real = sum(v for k, v in terms.items() if k != PENALTY_TERM) if terms else nan
    penalty = terms.get(PENALTY_TERM, nan) if terms else nan
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
        "served_added_h100e": nan,
        "demand_last_year_h100e": float(by_year["demand_h100e"].iloc[-1]) if len(by_year) else nan,
        "unmet_last_year_h100e": nan,
        "objective_usd": obj if ok else nan,
        "cost_usd": real if ok else nan,
        "npv_usd": money_total["npv_usd"] if ok else nan,
        "irr": money_total["irr"] if ok else nan,
        "payback_year": money_total["payback_year"] if ok else nan,
        "real_cost_usd": real if ok else nan,
        "penalty_usd": penalty if ok else nan,
        "penalty_share": nan,
        "baseline_served_h100e": baseline["total_h100e"] if baseline else nan,
        "added_h100e": added["total_h100e"] if added else nan,
        "capex_usd_per_added_h100e": nan,
    }
    if added and added["capex_usd_per_added_h100e"] is not None:
        numbers["capex_usd_per_added_h100e"] = added["capex_usd_per_added_h100e"]
    if ok and demand > 0:
        numbers["unmet_share"] = numbers["unmet_h100e"] / demand
    if ok and len(by_year):
        numbers["served_first_year_h100e"] = float(by_year["served_h100e"].iloc[0])
        numbers["served_last_year_h100e"] = float(by_year["served_h100e"].iloc[-1])
        numbers["served_added_h100e"] = (
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
    key = _key_sentence(result, numbers) if ok else None
    sentences = ([key] if key else []) + list(investor)
    if not ok:
        sentences.append(
            f"No plan ({result.status}): {_h100e(demand)} of compute is demanded over "
            f"{span} and {money(offered)} of capital is offered; see why below."
        )
        return {
            "numbers": numbers,
            "builds": builds,
            "short_first": None,
            "baseline": baseline,
            "added": added,
            "investor": investor,
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
            name = _KIND_NAMES.get(x["facility"], x["facility"])
            if x["facility"] == "logic" and x["node"]:
                name = f"{x['node']} logic"
            sites = x["sites"]
            where = sites[0] if len(sites) == 1 else f"{', '.join(sites[:-1])} and {sites[-1]}"
            parts.append(
                f"{name} ×{_count(x['modules'])} ({_capacity(x['capacity'], x['capacity_unit'])}) "
                f"in {where}"
            )
        unit = "module" if mods == 1 else "modules"
        sentences.append(f"Starts {_count(mods)} {unit} {when}: {'; '.join(parts)}.")
    if len(others):
        n_other = float(others["modules"].sum())
        who = ", ".join(sorted({str(o) for o in others["owner"]}))
        unit = "module" if n_other == 1 else "modules"
        sentences[-1] = sentences[-1][:-1] + (
            f"; incumbents that respond ({who}) start {_count(n_other)} more {unit} at "
            "their own sites with their own money."
        )
    money_text = (
        f"Spends {money(numbers['capital_spent_usd'])} of the {money(offered)} of capital "
        f"offered in {span}"
    )
    if numbers["subsidy_usd"] > 0:
        money_text += f", plus {money(numbers['subsidy_usd'])} of subsidy"
    sentences.append(money_text + ".")
    compute = (
        f"Serves {_h100e(numbers['served_h100e'])} of the {_h100e(demand)} demanded over {span}"
    )
    if len(by_year) > 1:
        compute += (
            f"; yearly delivery goes from {_h100e(numbers['served_first_year_h100e'])} "
            f"in {first} to {_h100e(numbers['served_last_year_h100e'])} in {last}"
        )
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
            f"; {_h100e(numbers['unmet_h100e'])} ({share(numbers['unmet_share'], 0)}) stays "
            f"short, {in_last}, falling first on '{short_first}'."
        )
    sentences.append(compute)
    sentences.append(_objective_sentence(result, real, penalty, numbers["penalty_share"]))
    return {
        "numbers": numbers,
        "builds": builds,
        "short_first": short_first,
        "baseline": baseline,
        "added": added,
        "investor": investor,
        "key": key,
        "sentences": sentences,
    }


def _objective_sentence(result: PlanResult, real: float, penalty: float, pen_share: float) -> str:
    """The objective's value, named as such (``OBJECTIVE_NAMES``), last."""
    from tigris.fmt import money, share

    obj = result.objective_usd
    name = OBJECTIVE_NAMES.get(result.objective, f"objective ({result.objective})")
    head = name[0].upper() + name[1:]
    if result.objective == "npv":
        return f"{head}: {money(obj)}, maximised; the investor's NPV above, not a cost."
    if math.isfinite(real) and math.isfinite(penalty):
        return (
            f"{head}: {money(obj)} = cost {money(real)} + notional unmet-demand penalty "
            f"{money(penalty)} ({share(pen_share, 1)}), minimised."
        )
    return f"{head}: {money(obj)}, minimised."


def _cost_terms(result: PlanResult) -> dict[str, float]:
    """The serve terms of the plan (``cost_terms_usd``; for a run saved before it, the
    objective's terms when it was ``serve``) [USD]."""
    if result.cost_terms_usd:
        return dict(result.cost_terms_usd)
    return dict(result.objective_terms_usd) if result.objective == "serve" else {}


def _investor_money(result: PlanResult) -> dict[str, float]:
    """The investor's NPV [USD], IRR [-] and payback year (``finance_owners``); NaN
    each when not computed, IRR and payback NaN when undefined or never reached."""
    owners = result.finance_owners
    row = owners[owners["owner"] == INVESTOR] if len(owners) else owners
    if not len(row):
        return {"npv_usd": math.nan, "irr": math.nan, "payback_year": math.nan}
    r = row.iloc[0]
    return {
        k: float(r[k]) if r[k] is not None and pd.notna(r[k]) else math.nan
        for k in ("npv_usd", "irr", "payback_year")
    }


def _key_sentence(result: PlanResult, n: dict[str, float]) -> str:
    """Cost, NPV, IRR, capital spent and H100e added, in one sentence, first."""
    from tigris.fmt import money, share

    parts = [f"Cost {money(n['cost_usd'])} (discounted real cost, without the unmet penalty)"]
    if math.isfinite(n["npv_usd"]):
        irr = share(n["irr"], 1) if math.isfinite(n["irr"]) else "undefined"
        pay = (
            f"payback in {int(n['payback_year'])}"
            if math.isfinite(n["payback_year"])
            else "no payback within the cash flows"
        )
        parts.append(f"the investor's NPV {money(n['npv_usd'])}, IRR {irr}, {pay}")
    else:
        parts.append("the investor's NPV and IRR not computed (a run saved before them)")
    parts.append(f"capital spent {money(n['capital_spent_usd'])}")
    added = n["added_h100e"]
    parts.append(f"{_h100e(added)} added" if math.isfinite(added) else "H100e added not known")
    return "; ".join(parts) + "."
