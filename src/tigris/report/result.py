"""What a report needs from a plan result, and how to read a saved one.

The planner's :class:`tigris.plan.PlanResult` is specified in ``docs/plan-result.md``.
The report works from any object with those attributes (duck typing, see
:class:`PlanResultLike`), normalised once by :func:`report_tables` into plain
:class:`ReportTables` so that figure code never guesses at types.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from tigris.errors import InputError, Problem
from tigris.plan.result import (
    ADDED_COLUMNS,
    ADDED_TABLES,
    LEGACY_TABLES,
    SUBSIDY_COLUMNS,
    SUBSIDY_TABLE,
    Explanation,
    terms_without_noise,
)
from tigris.plan.result import TABLE_COLUMNS as PLAN_TABLE_COLUMNS

__all__ = [
    "OPTIONAL_TABLE_COLUMNS",
    "SECTIONS",
    "TABLE_COLUMNS",
    "Explanation",
    "PlanResultLike",
    "ReportTables",
    "plan_result",
    "read_result",
    "report_tables",
    "require_result_dir",
]

#: Tables and columns a result may lack: a run saved before the planner solved the
#: world without the investor (issue 10) has no ``supply_by_source`` table, no owner
#: columns and no ``baseline_served_h100e``/``added_h100e`` in ``demand``
#: (``tigris.plan.result.ADDED_TABLES``/``ADDED_COLUMNS``); the report then says the
#: comparison is absent. One saved before money (issue 11) has no cash flows, finance
#: tables or shadow prices; the report then says they were not computed. A column added
#: to one of these later (``ADDED_COLUMNS``: ``cash_flows``' ``replacement_usd``, TV-ALT)
#: is not required: a run saved before it is drawn, the headline then not valuing what
#: needs it (the going-concern alternative of a book-value NPV).
OPTIONAL_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    **{
        n: tuple(c for c in PLAN_TABLE_COLUMNS[n] if c not in ADDED_COLUMNS.get(n, {}))
        for n in ADDED_TABLES
    },
    # what each site's subsidy is and buys (UT-POLICY #1); a run saved before a column
    # was added to it (programme_cap_usd, S35 SUBSIDY-CAP) is read without it
    SUBSIDY_TABLE: tuple(
        c for c in SUBSIDY_COLUMNS if c not in ADDED_COLUMNS.get(SUBSIDY_TABLE, {})
    ),
}
#: Columns each table must have (``docs/plan-result.md``); more are allowed.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    n: tuple(c for c in cols if c not in ADDED_COLUMNS.get(n, {}))
    for n, cols in PLAN_TABLE_COLUMNS.items()
    if n not in OPTIONAL_TABLE_COLUMNS
}
#: The comparison with the world without the investor (``PlanResult.sections()``, and
#: ``to_dict()``'s sections of the same names).
SECTIONS = ("baseline", "added")
#: Columns holding calendar years (cast to int).
_YEAR_COLUMNS = ("year", "start_year", "online_year")
#: Columns holding names (missing values become "").
_TEXT_COLUMNS = (
    "site",
    "region",
    "facility",
    "node",
    "capacity_unit",
    "unit",
    "source",
    "tool",
    "product",
    "owner",
    "level",
    "name",
    "resource",
    "item",
    "method",
    "note",
    "share_source",
)
#: Tables whose other columns are all numbers, any of them possibly missing (``null``
#: in JSON): read as floats with NaN.
_NUMBER_TABLES = ("power",)
#: Columns holding true/false.
_BOOL_COLUMNS = ("is_bound",)


class PlanResultLike(Protocol):
    """The attributes of a plan result the report reads (``docs/plan-result.md``)."""

    status: str
    objective_usd: float
    scenario_name: str
    horizon: tuple[int, int]
    builds: pd.DataFrame
    capacity: pd.DataFrame
    production: pd.DataFrame
    demand: pd.DataFrame
    capex: pd.DataFrame
    capital: pd.DataFrame
    tools: pd.DataFrame
    power: pd.DataFrame
    binding: Sequence[Any]
    assumptions: Any


@dataclass(frozen=True)
class ReportTables:
    """A plan result normalised for the report: every table a DataFrame, years ints."""

    scenario_name: str
    status: str
    objective_usd: float | None
    horizon: tuple[int, int]
    builds: pd.DataFrame
    capacity: pd.DataFrame
    production: pd.DataFrame
    demand: pd.DataFrame
    capex: pd.DataFrame
    capital: pd.DataFrame
    tools: pd.DataFrame
    power: pd.DataFrame
    assumptions: pd.DataFrame
    binding: tuple[Explanation, ...] = field(default_factory=tuple)
    #: The objective split into discounted ``capex`` (net of subsidies), ``opex`` and
    #: ``unmet_penalty`` [USD] (``PlanResult.objective_terms_usd``); empty if not given.
    objective_terms_usd: dict[str, float] = field(default_factory=dict)
    #: Compute delivered by year and source, ``year, source, h100e, demand_h100e``
    #: [year, -, H100e, H100e]; None when the run has none (saved before tigris solved
    #: the world without the investor, or no plan).
    supply_by_source: pd.DataFrame | None = None
    #: The world without the investor: ``{"h100e_by_year": {year: H100e}, "total_h100e",
    #: "shortage_ends": year or None}`` [H100e]; None when the run has none.
    baseline: dict[str, Any] | None = None
    #: What the investor adds: ``{"h100e_by_year": {year: H100e}, "total_h100e",
    #: "capital_spent_usd", "capex_usd_per_added_h100e", "shortage_ends"}`` [H100e,
    #: USD, USD/H100e]; None when the run has none.
    added: dict[str, Any] | None = None
    #: The money (``docs/plan-result.md``): cash flows by build group and year, NPV, IRR
    #: and payback by module, site, owner and source, the aggregated flows; None each
    #: when the run has none (saved before them, or no plan).
    cash_flows: pd.DataFrame | None = None
    finance_modules: pd.DataFrame | None = None
    finance_sites: pd.DataFrame | None = None
    finance_owners: pd.DataFrame | None = None
    finance_sources: pd.DataFrame | None = None
    finance_flows: pd.DataFrame | None = None
    #: What one more unit of a scarce resource is worth, by year; None when none.
    shadow_prices: pd.DataFrame | None = None
    #: What each site's subsidy is and buys (``PlanResult.subsidies``,
    #: :data:`tigris.plan.result.SUBSIDY_COLUMNS`); None when the run has none (saved
    #: before it, or not solved by :func:`tigris.plan.solve`).
    subsidies: pd.DataFrame | None = None
    #: ``serve`` or ``npv`` (``PlanResult.objective``).
    objective: str = "serve"
    #: The plan's real-cost terms whatever the objective [USD]
    #: (``PlanResult.cost_terms_usd``); empty if not given.
    cost_terms_usd: dict[str, float] = field(default_factory=dict)
    #: The discounted unmet-demand penalty, notional [USD]
    #: (``PlanResult.unmet_penalty_usd``); NaN if not given.
    unmet_penalty_usd: float = math.nan
    #: Outcome of the world without the investor and why ``baseline``/``added`` are
    #: None (``PlanResult.baseline_status``/``baseline_note``); None if not given.
    baseline_status: str | None = None
    baseline_note: str | None = None
    #: Whether the plan is the LP relaxation (``PlanResult.relaxed``: fractional
    #: modules, a bound and not a plan); False if not given.
    relaxed: bool = False

    @property
    def owners(self) -> list[str]:
        """Owners of the builds (``owner`` column), in order of first build; ``[]`` if
        the builds table has no owner column (a run with one owner, the investor)."""
        if "owner" not in self.builds.columns:
            return []
        return list(dict.fromkeys(o for o in self.builds["owner"] if o))


def _as_frame(name: str, value: Any, problems: list[Problem]) -> pd.DataFrame:
    cols = TABLE_COLUMNS[name]
    if value is None:
        problems.append(Problem(f"result.{name}", "missing table"))
        return pd.DataFrame(columns=list(cols))
    df = value.copy() if isinstance(value, pd.DataFrame) else pd.DataFrame(list(value))
    if df.empty and len(df.columns) == 0:
        df = pd.DataFrame(columns=list(cols))
    old_cols, convert = LEGACY_TABLES.get(name, ((), None))
    if (
        convert is not None
        and set(old_cols) <= set(df.columns)
        and not set(cols) <= set(df.columns)
    ):
        df = convert(df)  # a result from before the table's header changed
    missing = [c for c in cols if c not in df.columns]
    if not missing and name in _NUMBER_TABLES:  # JSON null (not computed) -> NaN
        for col in cols:
            if col not in _TEXT_COLUMNS and col not in _YEAR_COLUMNS:
                df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    if missing:
        msg = f"missing column(s) {', '.join(missing)}; expected {', '.join(cols)}"
        problems.append(Problem(f"result.{name}", msg))
        return pd.DataFrame(columns=list(cols))
    for col in _TEXT_COLUMNS:
        if col in df.columns:
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
    for col in _YEAR_COLUMNS:
        if col in df.columns and len(df):
            years = pd.to_numeric(df[col], errors="coerce")
            if years.isna().any():
                problems.append(Problem(f"result.{name}.{col}", "expected integer years"))
            else:
                df[col] = years.astype(int)
    return df.reset_index(drop=True)


def _optional_frame(name: str, value: Any, problems: list[Problem]) -> pd.DataFrame | None:
    """An optional table, or None if absent or empty (nothing to draw)."""
    if value is None:
        return None
    df = value.copy() if isinstance(value, pd.DataFrame) else pd.DataFrame(list(value))
    if df.empty:
        return None
    missing = [c for c in OPTIONAL_TABLE_COLUMNS[name] if c not in df.columns]
    if missing:
        expected = ", ".join(OPTIONAL_TABLE_COLUMNS[name])
        msg = f"missing column(s) {', '.join(missing)}; expected {expected}"
        problems.append(Problem(f"result.{name}", msg))
        return None
    for col in OPTIONAL_TABLE_COLUMNS[name]:
        if col in _TEXT_COLUMNS:
            df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
        elif col in _BOOL_COLUMNS:
            df[col] = df[col].astype(bool)
        elif col in _YEAR_COLUMNS:
            years = pd.to_numeric(df[col], errors="coerce")
            if years.isna().any():
                problems.append(Problem(f"result.{name}.{col}", "expected integer years"))
                return None
            df[col] = years.astype(int)
        else:  # numbers; a missing one (an undefined IRR, no payback) is NaN
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
    return df.reset_index(drop=True)


def _year_values(value: Any) -> dict[int, float]:
    """``{year: value}`` from a mapping (JSON keys are strings), a list of
    ``{"year", ...}`` records, or a series indexed by year; {} if none."""
    if value is None:
        return {}
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if isinstance(value, Mapping):
        items = list(value.items())
    else:
        items = []
        for rec in value:
            if isinstance(rec, Mapping):
                num = [v for k, v in rec.items() if k != "year"]
                items.append((rec.get("year"), num[0] if num else None))
    out = {}
    for year, v in items:
        out[int(year)] = math.nan if v is None else float(v)
    return out


def _section(value: Any) -> dict[str, Any] | None:
    """A ``baseline`` or ``added`` section normalised: ``h100e_by_year`` as ``{year:
    H100e}``, ``shortage_ends`` an int or None, the other numbers floats (NaN where
    missing); None when there is no such section."""
    if not isinstance(value, Mapping):
        return None
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key == "h100e_by_year":
            out[key] = _year_values(v)
        elif key == "shortage_ends":
            out[key] = None if v is None or pd.isna(v) else int(v)
        elif isinstance(v, (int, float)) or v is None:
            out[key] = math.nan if v is None else float(v)
        else:
            out[key] = v
    out.setdefault("h100e_by_year", {})
    out.setdefault("shortage_ends", None)
    return out


def plan_result(r: ReportTables) -> Any:
    """The planner's :class:`~tigris.plan.PlanResult` of normalised tables, so that its
    own methods (``headline()``, ``sections()``) say what the report shows.

    Parameters
    ----------
    r : ReportTables
        The normalised plan result.

    Returns
    -------
    tigris.plan.PlanResult
        A plan result of the same tables, sections and numbers (the optional tables only
        when ``r`` has them; a missing objective as NaN).
    """
    from dataclasses import fields

    from tigris.plan.result import PlanResult

    accepted = {f.name for f in fields(PlanResult)}
    optional = {
        name: getattr(r, name)
        for name in OPTIONAL_TABLE_COLUMNS
        if name in accepted and getattr(r, name) is not None
    }
    return PlanResult(
        scenario_name=r.scenario_name,
        status=r.status,
        objective_usd=math.nan if r.objective_usd is None else r.objective_usd,
        horizon=r.horizon,
        builds=r.builds,
        capacity=r.capacity,
        production=r.production,
        demand=r.demand,
        capex=r.capex,
        capital=r.capital,
        tools=r.tools,
        power=r.power,
        binding=list(r.binding),
        assumptions=r.assumptions,
        objective_terms_usd=dict(r.objective_terms_usd),
        objective=r.objective,
        cost_terms_usd=dict(r.cost_terms_usd),
        unmet_penalty_usd=r.unmet_penalty_usd,
        baseline_status=r.baseline_status,
        baseline_note=r.baseline_note,
        # a relaxation's headline is a bound's, not the investor's NPV (review
        # 2026-12-07 #2)
        relaxed=r.relaxed,
        **optional,
    )


def _sections(result: Any, r: ReportTables) -> dict[str, dict[str, Any] | None]:
    """``baseline`` and ``added`` as the planner gives them: a mapping's keys (the JSON
    of ``tigris plan --json``), else the result's ``sections()``, else the
    ``sections()`` of :func:`plan_result` of its tables; None each without them."""
    if isinstance(result, Mapping) and any(n in result for n in SECTIONS):
        return {n: _section(result.get(n)) for n in SECTIONS}
    method = getattr(result, "sections", None)
    values = method() if callable(method) else plan_result(r).sections()
    return {n: _section(v) for n, v in zip(SECTIONS, values, strict=True)}


def _explanations(binding: Any) -> tuple[Explanation, ...]:
    out = []
    for item in binding or ():
        if isinstance(item, Mapping):
            kind, year, text = item.get("kind", ""), item.get("year"), item.get("text", "")
        else:
            kind, year, text = (getattr(item, a, None) for a in ("kind", "year", "text"))
        year = None if year is None or pd.isna(year) else int(year)
        out.append(Explanation(str(kind or ""), year, str(text or "")))
    return tuple(out)


def _text(value: Any) -> str | None:
    """A non-empty string, else None (a result of before the field, or JSON null)."""
    return value if isinstance(value, str) and value else None


def _get(result: Any, name: str) -> Any:
    if isinstance(result, Mapping):
        return result.get(name)
    return getattr(result, name, None)


def report_tables(result: PlanResultLike | ReportTables | Mapping[str, Any]) -> ReportTables:
    """Check a plan result against the contract and normalise it.

    Parameters
    ----------
    result : PlanResult, ReportTables or mapping
        The planner's result (any object with the attributes of ``docs/plan-result.md``),
        or a mapping with the same keys, such as the JSON of ``tigris plan --json``.

    Returns
    -------
    ReportTables

    Raises
    ------
    tigris.errors.InputError
        Listing every missing table or column.
    """
    if isinstance(result, ReportTables):
        return result
    from tigris.scenario.schema import Scenario

    if isinstance(result, Scenario):  # user test s46 API #9: a raw TypeError from len()
        msg = "expected a plan's result (tigris.plan(scenario)), got the scenario itself"
        raise InputError(Problem("result", msg))
    problems: list[Problem] = []
    frames = {name: _as_frame(name, _get(result, name), problems) for name in TABLE_COLUMNS}
    horizon = _get(result, "horizon")
    if not isinstance(horizon, tuple | list) or len(horizon) != 2:
        years = pd.concat([frames["demand"]["year"], frames["capex"]["year"]])
        if years.empty:
            problems.append(Problem("result.horizon", "expected (first_year, last_year)"))
            horizon = (0, 0)
        else:
            horizon = (int(years.min()), int(years.max()))
    optional = {
        name: _optional_frame(name, _get(result, name), problems) for name in OPTIONAL_TABLE_COLUMNS
    }
    if problems:
        raise InputError(problems)
    objective = _get(result, "objective_usd")
    terms = _get(result, "objective_terms_usd") or {}
    costs = _get(result, "cost_terms_usd") or {}
    penalty = _get(result, "unmet_penalty_usd")
    tables = ReportTables(
        scenario_name=str(_get(result, "scenario_name") or "plan"),
        status=str(_get(result, "status") or "unknown"),
        objective_usd=None if objective is None or pd.isna(objective) else float(objective),
        horizon=(int(horizon[0]), int(horizon[1])),
        binding=_explanations(_get(result, "binding")),
        # solver noise below tigris.plan.result.CAPEX_NOISE_USD reads as 0 (UT-POLICY #8)
        objective_terms_usd=terms_without_noise(
            {str(k): float(v) for k, v in dict(terms).items() if v is not None and not pd.isna(v)}
        ),
        objective=str(_get(result, "objective") or "serve"),
        cost_terms_usd=terms_without_noise(
            {str(k): float(v) for k, v in dict(costs).items() if v is not None and not pd.isna(v)}
        ),
        unmet_penalty_usd=_penalty(penalty),
        baseline_status=_text(_get(result, "baseline_status")),
        baseline_note=_text(_get(result, "baseline_note")),
        relaxed=bool(_get(result, "relaxed") or False),
        **frames,
        **optional,
    )
    return replace(tables, **_sections(result, tables))


def _penalty(x: Any) -> float:
    """The unmet-demand penalty of a result [USD]: NaN when not given, 0 when below
    :data:`tigris.plan.result.CAPEX_NOISE_USD` (solver noise)."""
    if x is None or pd.isna(x):
        return math.nan
    return terms_without_noise({"x": float(x)})["x"]


def read_result(path: str | Path) -> PlanResultLike:
    """Read a plan result saved with ``tigris plan --out DIR`` (``PlanResult.read``).

    Parameters
    ----------
    path : str or Path
        The ``--out`` directory.

    Returns
    -------
    tigris.plan.PlanResult

    Raises
    ------
    tigris.errors.InputError
        If ``path`` is not such a directory or a file in it is malformed.
    """
    from tigris.plan.result import PlanResult

    p = Path(path)
    require_result_dir(p)
    return PlanResult.read(p)


def require_result_dir(path: str | Path) -> None:
    """Refuse a folder that holds no saved plan, before anything is checked or written.

    ``tigris report`` checks its outputs after this: an empty read-only folder was
    refused for its default ``--html`` file (RESULT_DIR/report.html) when what is
    wrong is that it holds no plan (user test s62 #5).

    Parameters
    ----------
    path : str or Path
        The folder given as a ``tigris plan --out`` directory.

    Raises
    ------
    tigris.errors.InputError
        ``path`` does not exist or has no ``plan.json`` (field ``RESULT_DIR``).
    """
    p = Path(path)
    if not (p / "plan.json").is_file():
        what = "does not exist" if not p.exists() else "has no plan.json"
        msg = f"'{p}' {what}; expected a directory written by 'tigris plan --out DIR'"
        raise InputError(msg, field="RESULT_DIR")
