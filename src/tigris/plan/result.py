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

__all__ = ["TABLE_COLUMNS", "Explanation", "PlanResult"]

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
    ),
    "capacity": ("year", "facility", "node", "site", "available", "used", "unit"),
    "production": ("year", "product", "units", "h100e"),
    "demand": ("year", "demand_class", "priority", "demand_h100e", "served_h100e", "unmet_h100e"),
    "capex": ("year", "source", "capex_usd"),
    "capital": ("year", "source", "available_usd"),
    "tools": ("year", "tool", "used", "supply"),
    "power": ("year", "fab_power_mw", "compute_power_mw"),
    "assumptions": ("parameter", "value", "unit", "source"),
}


@dataclass(frozen=True)
class Explanation:
    """One reason, in words, why demand is unmet or what limits the plan.

    Attributes
    ----------
    kind : str
        ``lead_time``, ``capital``, ``euv``, ``high_na``, ``capacity``, ``site_modules``,
        ``site_power``, ``economics``, ``infeasible``, ``time_limit`` or ``solver``.
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
        Discounted objective: capex + opex + unmet-demand penalty [USD]; NaN if none.
    horizon : tuple of int
        First and last planning year [year].
    builds, capacity, production, demand, capex, capital, tools, power, assumptions :
        pandas.DataFrame
        Tables in long form, columns per :data:`TABLE_COLUMNS`.
    binding : list of Explanation
        Why demand is unmet and what binds, in words.
    relaxed : bool
        Whether the LP relaxation (continuous builds) was solved.
    mip_gap : float or None
        Relative MIP gap reported by HiGHS [-].
    timings : dict
        Seconds spent building, solving and extracting [s].
    objective_terms_usd : dict
        The objective split into ``capex``, ``opex`` and ``unmet_penalty`` (each
        discounted) [USD].
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
    binding: list[Explanation] = field(default_factory=list)
    assumptions: pd.DataFrame = field(default_factory=lambda: _empty("assumptions"))
    relaxed: bool = False
    mip_gap: float | None = None
    timings: dict[str, float] = field(default_factory=dict)
    objective_terms_usd: dict[str, float] = field(default_factory=dict)

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

    def scalars(self) -> dict[str, Any]:
        """The non-table attributes, JSON-ready."""
        obj = self.objective_usd
        return {
            "scenario_name": self.scenario_name,
            "status": self.status,
            "objective_usd": obj if math.isfinite(obj) else None,
            "horizon": list(self.horizon),
            "relaxed": self.relaxed,
            "mip_gap": self.mip_gap,
            "timings": dict(self.timings),
            "objective_terms_usd": dict(self.objective_terms_usd),
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything as plain JSON-ready values; tables as lists of records."""
        out = self.scalars()
        out["summary"] = self.summary()
        for name in TABLE_COLUMNS:
            df = getattr(self, name)
            out[name] = json.loads(df.to_json(orient="records"))
        out["binding"] = [e.to_dict() for e in self.binding]
        return out

    def write(self, out_dir: str | Path) -> list[Path]:
        """Write one CSV per table plus ``plan.json`` (scalars, binding, assumptions).

        Parameters
        ----------
        out_dir : str or Path
            Directory, created if missing.

        Returns
        -------
        list of Path
            Files written.
        """
        out = Path(out_dir)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            msg = f"cannot create output directory {out}: {exc.strerror}"
            raise InputError(msg, field="--out") from None
        written = []
        for name in TABLE_COLUMNS:
            if name == "assumptions":
                continue
            path = out / f"{name}.csv"
            getattr(self, name).to_csv(path, index=False)
            written.append(path)
        doc = self.scalars()
        doc["binding"] = [e.to_dict() for e in self.binding]
        doc["assumptions"] = json.loads(self.assumptions.to_json(orient="records"))
        path = out / "plan.json"
        path.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
        written.append(path)
        return written

    @classmethod
    def read(cls, out_dir: str | Path) -> PlanResult:
        """Read a directory written by :meth:`write`.

        Raises
        ------
        InputError
            The directory or one of its files is missing or malformed.
        """
        root = Path(out_dir)
        path = root / "plan.json"
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            msg = f"{path}: not found; expected a directory written by 'tigris plan --out'"
            raise InputError(msg) from None
        except (OSError, json.JSONDecodeError) as exc:
            msg = f"{path}: cannot read plan result: {exc}"
            raise InputError(msg) from None
        tables: dict[str, pd.DataFrame] = {}
        for name, cols in TABLE_COLUMNS.items():
            if name == "assumptions":
                tables[name] = pd.DataFrame(doc.get("assumptions", []), columns=list(cols))
                continue
            csv = root / f"{name}.csv"
            try:
                df = pd.read_csv(csv, keep_default_na=False, na_values=[""])
            except FileNotFoundError:
                msg = f"{csv}: not found; expected a directory written by 'tigris plan --out'"
                raise InputError(msg) from None
            except pd.errors.EmptyDataError:
                df = _empty(name)
            missing = [c for c in cols if c not in df.columns]
            if missing:
                msg = f"{csv}: missing column(s) {', '.join(missing)}"
                raise InputError(msg)
            for col in ("node", "site", "source", "product", "demand_class", "facility"):
                if col in df.columns:
                    df[col] = df[col].astype(object).where(df[col].notna(), "").astype(str)
            tables[name] = df
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
            **tables,
        )
