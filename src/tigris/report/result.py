"""What a report needs from a plan result, and how to read a saved one.

The planner's :class:`tigris.plan.PlanResult` is specified in ``docs/plan-result.md``.
The report works from any object with those attributes (duck typing, see
:class:`PlanResultLike`), normalised once by :func:`report_tables` into plain
:class:`ReportTables` so that figure code never guesses at types.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from tigris.errors import InputError, Problem
from tigris.plan.result import TABLE_COLUMNS as PLAN_TABLE_COLUMNS
from tigris.plan.result import Explanation

__all__ = [
    "TABLE_COLUMNS",
    "Explanation",
    "PlanResultLike",
    "ReportTables",
    "read_result",
    "report_tables",
]

#: Columns each table must have (``docs/plan-result.md``); more are allowed.
TABLE_COLUMNS: dict[str, tuple[str, ...]] = dict(PLAN_TABLE_COLUMNS)
#: Columns holding calendar years (cast to int).
_YEAR_COLUMNS = ("year", "start_year", "online_year")
#: Columns holding names (missing values become "").
_TEXT_COLUMNS = ("site", "facility", "node", "capacity_unit", "unit", "source", "tool", "product")


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


def _as_frame(name: str, value: Any, problems: list[Problem]) -> pd.DataFrame:
    cols = TABLE_COLUMNS[name]
    if value is None:
        problems.append(Problem(f"result.{name}", "missing table"))
        return pd.DataFrame(columns=list(cols))
    df = value.copy() if isinstance(value, pd.DataFrame) else pd.DataFrame(list(value))
    if df.empty and len(df.columns) == 0:
        df = pd.DataFrame(columns=list(cols))
    missing = [c for c in cols if c not in df.columns]
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
    problems: list[Problem] = []
    frames = {name: _as_frame(name, _get(result, name), problems) for name in TABLE_COLUMNS}
    horizon = _get(result, "horizon")
    if horizon is None or len(horizon) != 2:
        years = pd.concat([frames["demand"]["year"], frames["capex"]["year"]])
        if years.empty:
            problems.append(Problem("result.horizon", "expected (first_year, last_year)"))
            horizon = (0, 0)
        else:
            horizon = (int(years.min()), int(years.max()))
    if problems:
        raise InputError(problems)
    objective = _get(result, "objective_usd")
    terms = _get(result, "objective_terms_usd") or {}
    return ReportTables(
        scenario_name=str(_get(result, "scenario_name") or "plan"),
        status=str(_get(result, "status") or "unknown"),
        objective_usd=None if objective is None or pd.isna(objective) else float(objective),
        horizon=(int(horizon[0]), int(horizon[1])),
        binding=_explanations(_get(result, "binding")),
        objective_terms_usd={
            str(k): float(v) for k, v in dict(terms).items() if v is not None and not pd.isna(v)
        },
        **frames,
    )


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
    if not (p / "plan.json").is_file():
        what = "does not exist" if not p.exists() else "has no plan.json"
        msg = f"'{p}' {what}; expected a directory written by 'tigris plan --out DIR'"
        raise InputError(msg, field="RESULT_DIR")
    return PlanResult.read(p)
