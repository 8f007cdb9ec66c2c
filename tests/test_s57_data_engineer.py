"""What a data engineer loading tigris's outputs into a warehouse found (user test s57,
data engineer): ``--json`` tables at 10 decimal places (#6), empty tables without their
column types (#5), exports that hang or trace back on a signal, a full disk or a device
(#1-#4), metrics missing from ``runs list --json`` (#7)."""

from __future__ import annotations

import json
import math
from typing import Any

import pandas as pd
import pytest

from tigris.jsonable import json_records
from tigris.plan.result import TABLE_COLUMNS


def _same(a: Any, b: Any) -> bool:
    def missing(x: Any) -> bool:
        return x is None or x == "" or (isinstance(x, float) and math.isnan(x))

    if missing(a) or missing(b):
        return missing(a) and missing(b)
    if isinstance(a, str) or isinstance(b, str):
        return str(a) == str(b)
    return float(a) == float(b)


def test_json_tables_carry_the_csv_numbers_to_the_bit(reference_made: dict[str, Any]) -> None:
    doc = json.loads(reference_made["out"])
    run = reference_made["dir"] / "run"
    # one document agrees with itself: total is the investor's finance_owners row
    total = doc["finance"]["total"]
    investor = next(r for r in doc["finance_owners"] if r["owner"] == "investor")
    assert total["irr"] == investor["irr"] and total["npv_usd"] == investor["npv_usd"]
    for name in ("finance_owners", "finance_sources", "demand", "builds", "cash_flows"):
        csv = pd.read_csv(run / f"{name}.csv", keep_default_na=False)
        rows = doc[name]
        assert len(rows) == len(csv), name
        for col in TABLE_COLUMNS[name]:
            for got, want in zip((r[col] for r in rows), csv[col], strict=True):
                want = None if want == "" else want
                assert _same(got, want), (name, col, got, want)


def test_json_records_keep_small_and_large_values() -> None:
    df = pd.DataFrame({"x": [3e-11, 0.07196169299020228, float("inf")], "y": ["a", None, "c"]})
    got = json_records(df)
    assert [r["x"] for r in got] == [3e-11, 0.07196169299020228, None]
    assert [r["y"] for r in got] == ["a", None, "c"]
    assert json.loads(json.dumps(got)) == got


def test_runs_list_json_has_the_subsidy_by_region(run_cli, tmp_path) -> None:
    from pathlib import Path

    small = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
    store = tmp_path / "runs.duckdb"
    assert run_cli("plan", small, "--store", store).code == 0
    (listed,) = run_cli("runs", "list", "--store", store, "--json").json()
    shown = run_cli("runs", "show", listed["id"], "--store", store, "--json").json()
    by_region = listed["subsidy_by_region_usd"]
    assert by_region == shown["metrics"]["subsidy_by_region_usd"]
    # the regions' subsidies add up to the investor's subsidy
    assert sum(by_region.values()) == pytest.approx(listed["subsidy_usd"], rel=1e-12, abs=1e-6)
