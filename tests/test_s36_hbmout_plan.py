"""S36 HBM-OUT #1 (UT-HBM #6): ``tigris plan`` prints HBM by year, in the text and in
``--json`` (``headline.hbm``).

By hand on the reference: the GB of HBM the plan's products demand in a year is the sum
over products of units made (the plan's own production table) x the GB of HBM a part
carries as made, read from the shipped tables (``data/accelerators.csv`` ``hbm_stacks``
x ``data/hbm.csv`` ``stack_capacity_gb`` of its ``hbm_generation``: B200 8 x 24 = 192
GB, of which 180 ship usable, ``memory_gb``), not from the code under test; the stacks
likewise from ``hbm_stacks``. The DRAM wafer starts are the capacity table's
``hbm`` rows.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_table

#: The year checked by hand (the horizon's first).
YEAR = 2026


def _run(*args: str) -> tuple[int, str, str]:
    from tigris.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["plan", "--no-store", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def reference(
    reference_made: dict[str, Any], reference_plan_json: str, reference_plan_text: Any
) -> dict[str, Any]:
    """The reference through the CLI, as the session solved it once (conftest): the
    ``--json`` document, the text, and the ``--out`` folder (capacity.csv); each module
    solved it twice more before (s39)."""
    assert reference_made["code"] == 0 and reference_plan_text.code == 0
    return {
        "doc": json.loads(reference_plan_json),
        "text": reference_plan_text.out,
        "dir": reference_made["dir"] / "run",
    }


def _catalog(column: str) -> dict[str, float]:
    return {r["name"]: float(r[column]) for r in data_table("accelerators") if r[column]}


def _hand(doc: dict[str, Any], year: int, column: str) -> float:
    per_part = _catalog(column)
    rows = [r for r in doc["production"] if r["year"] == year and r["units"] > 0]
    assert rows
    return sum(r["units"] * per_part[r["product"]] for r in rows)


def _made_gb(doc: dict[str, Any], year: int) -> float:
    """Units x stacks x GB a stack of the part's generation (HBM made, not usable)."""
    per_stack = {r["generation"]: float(r["stack_capacity_gb"]) for r in data_table("hbm")}
    parts = {r["name"]: r for r in data_table("accelerators")}
    rows = [r for r in doc["production"] if r["year"] == year and r["units"] > 0]
    assert rows
    return sum(
        r["units"]
        * float(parts[r["product"]]["hbm_stacks"])
        * per_stack[parts[r["product"]]["hbm_generation"]]
        for r in rows
    )


def _year(doc: dict[str, Any], year: int) -> dict[str, Any]:
    hbm = doc["headline"]["hbm"]
    return next(r for r in hbm["by_year"] if r["year"] == year)


def test_json_gb_is_units_times_catalog_gb(reference: dict[str, Any]) -> None:
    doc = reference["doc"]
    row = _year(doc, YEAR)
    gb = _made_gb(doc, YEAR)
    # B200 alone, 2.29M units x 192 GB, is ~0.44 billion GB: the sum is of that order
    assert gb > 4e8
    assert row["gb"] == pytest.approx(gb, rel=1e-9)
    assert row["stacks"] == pytest.approx(_hand(doc, YEAR, "hbm_stacks"), rel=1e-9)
    assert row["products_unknown"] == []


def test_json_wafers_are_the_capacity_rows(reference: dict[str, Any]) -> None:
    doc = reference["doc"]
    row = _year(doc, YEAR)
    hbm = [r for r in doc["capacity"] if r["facility"] == "hbm" and r["year"] == YEAR]
    assert row["wspm_used"] == pytest.approx(sum(r["used"] for r in hbm), rel=1e-12)
    assert row["wspm_available"] == pytest.approx(sum(r["available"] for r in hbm), rel=1e-12)
    # the GB made by owner add up to the GB demanded: nothing unmet
    assert sum(row["gb_made_by_owner"].values()) == pytest.approx(row["gb"], rel=1e-12)
    assert row["unmet_gb"] == 0.0
    assert "pro rata" in doc["headline"]["hbm"]["note"]


def test_text_prints_hbm_by_year(reference: dict[str, Any]) -> None:
    text = reference["text"]
    assert "HBM by year" in text
    gb = _made_gb(reference["doc"], YEAR)
    line = next(
        ln
        for ln in text.splitlines()
        if ln.startswith(f"│ {YEAR} ") and "%" in ln and f"{gb / 1e6:,.0f}" in ln
    )
    assert line


def test_out_dir_same_gb(reference: dict[str, Any]) -> None:
    """The run read back from --out says the same (the headline reads its tables)."""
    from tigris.plan.result import PlanResult

    back = PlanResult.read(Path(reference["dir"])).headline()["hbm"]
    row = next(r for r in back["by_year"] if r["year"] == YEAR)
    assert row["gb"] == pytest.approx(_year(reference["doc"], YEAR)["gb"], rel=1e-12)
