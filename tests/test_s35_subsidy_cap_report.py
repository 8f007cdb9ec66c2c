"""A plan saved before the subsidies' ``programme_cap_usd`` column (S35, SUBSIDY-CAP)
is still drawn (with /work/notes/SUBSIDY-CAP-report-columns.patch)."""

from __future__ import annotations

from pathlib import Path

import pytest


def test_a_plan_json_without_the_cap_column_is_reported() -> None:
    import tigris
    from tigris.report.result import report_tables

    r = tigris.plan(Path("docs/examples/small-plan.yaml"), explain=False, counterfactual=False)
    doc = r.to_dict()
    for row in doc["subsidies"]:
        del row["programme_cap_usd"]  # as --json wrote it before the column
    tables = report_tables(doc)
    got = tables.subsidies
    assert got is not None and "programme_cap_usd" not in got.columns
    assert got["subsidy_usd"].sum() == pytest.approx(r.subsidies["subsidy_usd"].sum())
