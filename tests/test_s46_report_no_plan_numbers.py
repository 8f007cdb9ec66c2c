"""The report of a run with no plan has no builds, modules or capex, not 0 of them, as
it has no served or unmet compute (user test: "builds: 0 projects", "modules started:
0", "capex ... 0 billion USD" beside "served: – million H100e"; docs/compare.md's rule).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from tests.conftest import replaced

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
NO_PLAN_ROWS = (
    "builds",
    "modules started",
    "capex paid by investors, all years",
    "capex paid by subsidies, all years",
    "capex in total, all years",
)


def _rows(**extra: Any) -> dict[str, str]:
    from tigris.report.headline import summary_rows
    from tigris.report.result import TABLE_COLUMNS, report_tables

    t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    t["capital"] = pd.DataFrame({"year": [2026], "source": ["fund"], "available_usd": [5e9]})
    rows = summary_rows(report_tables({**t, "horizon": (2026, 2026), **extra}))
    return {q: v for q, v, _ in rows}


def test_no_plan_has_no_builds_or_capex() -> None:
    got = _rows(status="infeasible")
    for q in NO_PLAN_ROWS:
        assert got[q] == "–", q
    assert got["capital offered by investors, all years"] == "5"  # an input, kept


def test_a_plan_that_builds_nothing_says_zero() -> None:
    got = _rows(status="optimal", objective_usd=1.0)
    for q in NO_PLAN_ROWS:
        assert got[q] == "0", q


def test_the_report_of_an_infeasible_run(tmp_path: Path, run_cli: Any) -> None:
    text = replaced(
        SMALL.read_text(encoding="utf-8"),
        ("{2026: 4.0e6, 2029: 8.0e6}", "{2026: 4.0e7, 2029: 8.0e7}"),
    )
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "run"
    res = run_cli("plan", path, "--no-store", "--min-served-share", "0.99", "--out", out)
    assert "infeasible" in (out / "plan.json").read_text(encoding="utf-8"), res.err
    res = run_cli("report", out)
    assert res.code == 0, res.err
    page = (out / "report.html").read_text(encoding="utf-8")
    summary = page[page.index('<section id="summary">') :]
    summary = summary[: summary.index("</section>")]
    for q in NO_PLAN_ROWS:
        cell = summary[summary.index(f">{q}<") :][:120]
        assert ">–<" in cell, (q, cell)
