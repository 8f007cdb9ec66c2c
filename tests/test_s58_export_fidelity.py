"""``tigris runs export`` writes what the run is, exactly (user test 2026-12-07,
reproducibility #2, #3, #4 and #6).

- #2: Excel cells hold 32,767 characters; a longer ``run`` value (the provenance of a run
  planned with many ``--set`` flags, a long scenario YAML) was cut there with only a
  ``UserWarning`` and no longer parsed. It is now on consecutive rows of its field,
  joined in order (docs/runs.md), and the ``run`` sheet's ``fields_split_over_rows``
  names it.
- #3: Excel numbers are doubles: seed 9007199254740993 read back as ...992. An integer
  beyond 2**53 in magnitude is now text, its digits.
- #4: a text starting with ``=`` was written as a live formula (pandas read NaN). Every
  text is now a string cell.
- #6: the NetCDF lacked the run's changes, seed, sweep id and member; they are now
  attributes (``run_changes`` JSON, the others text, ``""`` when the run has none).
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tigris.plan.api
from tests.conftest import SMALL_3Y, assert_one_line_error
from tigris.runs.export import CELL_MAX, EXACT_INT_MAX, SPLIT_FIELD, export_run
from tigris.runs.store import RunRecord, RunStore

openpyxl = pytest.importorskip("openpyxl")
xr = pytest.importorskip("xarray")

#: The small example plan of the user test.
SMALL_PLAN = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: The sites of the user test's ``--set data.sites.<site>.ramp_months=13`` flags.
SITES = [
    "china",
    "germany",
    "japan",
    "uae",
    "texas-usa",
    "south-korea",
    "arizona-usa",
    "taiwan",
    "singapore",
    "india-gujarat",
]


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunStore, Any]:
    """A store and one solved plan, whose result the tests store under other records."""
    store = RunStore(tmp_path_factory.mktemp("s58") / "runs.duckdb")
    result = tigris.plan.api.plan(SMALL_3Y, explain=False, store=store.path)
    return store, result


def _store(solved: tuple[RunStore, Any], **fields: Any) -> tuple[RunStore, str]:
    """The solved plan stored again as a run with the given :class:`RunRecord` fields."""
    store, result = solved
    record = {"kind": "plan", "scenario_yaml": SMALL_3Y, "scenario_name": "small", **fields}
    return store, store.add(RunRecord(**record), result)


def _run_sheet(path: Path) -> pd.DataFrame:
    """The ``run`` sheet as text, read as docs/runs.md says (an "NA" piece stays text)."""
    return pd.read_excel(path, sheet_name="run", dtype=str, keep_default_na=False)


def _joined(run: pd.DataFrame, field: str) -> str:
    """A ``run`` field's value, its rows joined in order (docs/runs.md)."""
    return "".join(run.loc[run["field"] == field, "value"])


def test_xlsx_provenance_longer_than_a_cell_round_trips(
    tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    # the user test's run: its provenance (the --data overlay's text) is 37,402 characters
    store = tmp_path / "runs.duckdb"
    flags = [f"--set=data.sites.{site}.ramp_months=13" for site in SITES]
    res = run_cli("plan", SMALL_PLAN, *flags, "--set=nodes.N5.mask_layers=82", "--store", store)
    assert res.code == 0, res.err
    rid = str(RunStore(store).runs()["id"].iloc[0])
    made = RunStore(store).record(rid)["provenance"]
    assert len(json.dumps(made)) > CELL_MAX  # the case tested
    out = tmp_path / "run.xlsx"
    res = run_cli("runs", "export", rid, "--format", "xlsx", "--out", out, "--store", store)
    assert res.code == 0, res.err
    assert "Warning" not in res.err and "truncated" not in res.err, res.err
    run = _run_sheet(out)
    assert (run["field"] == "provenance").sum() == 2
    assert json.loads(_joined(run, "provenance")) == made
    assert _joined(run, SPLIT_FIELD) == "provenance"


def test_xlsx_long_text_round_trips_exactly(solved: tuple[RunStore, Any], tmp_path: Path) -> None:
    # spaces at the pieces' ends, and characters Excel counts twice (UTF-16), must survive
    filler = "# a comment 🙂 with  spaces \n" * 4000
    text = SMALL_3Y + filler
    assert len(text) > 3 * CELL_MAX // 2
    store, rid = _store(solved, scenario_yaml=text)
    out = tmp_path / "run.xlsx"
    export_run(store, rid, "xlsx", out)
    book = openpyxl.load_workbook(out, read_only=True)
    cells = [r[1] for r in book["run"].iter_rows(values_only=True) if r[0] == "scenario_yaml"]
    assert len(cells) == 4  # each at most a cell's 32,767 UTF-16 code units
    assert all(len(c.encode("utf-16-le")) // 2 <= CELL_MAX for c in cells)
    assert "".join(cells) == text
    run = _run_sheet(out)
    assert _joined(run, "scenario_yaml") == text
    assert _joined(run, SPLIT_FIELD) == "scenario_yaml"
    # a run whose values all fit: one row a field, and the split field empty
    store, rid = _store(solved)
    export_run(store, rid, "xlsx", tmp_path / "short.xlsx")
    run = _run_sheet(tmp_path / "short.xlsx")
    assert run["field"].is_unique
    assert _joined(run, SPLIT_FIELD) == ""


def test_xlsx_table_cell_longer_than_a_cell_is_refused(
    solved: tuple[RunStore, Any],
    tmp_path: Path,
    run_cli: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # no plan's table has such a text today; one would be refused, never cut
    import tigris.runs.export as export

    store, rid = _store(solved)
    tables = export._tables

    def long_binding(result: Any) -> dict[str, pd.DataFrame]:
        frames = tables(result)
        frames["binding"] = pd.DataFrame({"sentence": ["x" * (CELL_MAX + 1)]})
        return frames

    monkeypatch.setattr(export, "_tables", long_binding)
    out = tmp_path / "run.xlsx"
    res = run_cli("runs", "export", rid, "--format", "xlsx", "--out", out, "--store", store.path)
    assert_one_line_error(res, "--format", "binding.sentence", "32,768", "csv or parquet")
    assert not out.exists()


@pytest.mark.parametrize("seed", [9007199254740993, 9627221406581360117])
def test_xlsx_seed_beyond_2_53_reads_back_exactly(
    solved: tuple[RunStore, Any], tmp_path: Path, seed: int
) -> None:
    store, rid = _store(solved, kind="risk", seed=seed)
    out = tmp_path / "run.xlsx"
    export_run(store, rid, "xlsx", out)
    value = pd.read_excel(out, sheet_name="run").set_index("field")["value"]["seed"]
    assert value == str(seed) and int(value) == seed
    book = openpyxl.load_workbook(out, read_only=True)
    assert next(r[1] for r in book["run"].iter_rows(values_only=True) if r[0] == "seed") == str(
        seed
    )


def test_xlsx_any_cell_beyond_2_53_is_text(tmp_path: Path) -> None:
    # the rule for every cell of every sheet (a table's, a negative number), applied to
    # the workbook before it is saved; 2**53 itself is exact as a double: a number
    from tigris.runs.export import _cells_exact

    book = openpyxl.Workbook()
    big = [9007199254740993, -9007199254740993, 9627221406581360117]
    book.active.append([*big, EXACT_INT_MAX, -EXACT_INT_MAX, 7, True, 1.5])
    _cells_exact(book)
    book.save(tmp_path / "cells.xlsx")
    row = next(openpyxl.load_workbook(tmp_path / "cells.xlsx").active.iter_rows(values_only=True))
    assert row == (*map(str, big), EXACT_INT_MAX, -EXACT_INT_MAX, 7, True, 1.5)


def test_xlsx_small_seed_stays_a_number(solved: tuple[RunStore, Any], tmp_path: Path) -> None:
    store, rid = _store(solved, kind="risk", seed=7)
    export_run(store, rid, "xlsx", tmp_path / "run.xlsx")
    run = pd.read_excel(tmp_path / "run.xlsx", sheet_name="run")
    assert run.set_index("field")["value"]["seed"] == 7


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x","y")', "=1+1", "+1+2", "-1-2", "@SUM(A1:A2)"]
)
def test_xlsx_text_starting_like_a_formula_is_text(
    solved: tuple[RunStore, Any], tmp_path: Path, name: str
) -> None:
    store, rid = _store(solved, scenario_name=name)
    out = tmp_path / "run.xlsx"
    export_run(store, rid, "xlsx", out)
    run = pd.read_excel(out, sheet_name="run")
    assert run.set_index("field")["value"]["scenario_name"] == name
    book = openpyxl.load_workbook(out)
    cell = next(r[1] for r in book["run"].iter_rows() if r[0].value == "scenario_name")
    assert cell.data_type == "s" and cell.value == name
    with zipfile.ZipFile(out) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for sheet in sheets:
            xml = zf.read(sheet).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml, sheet


def test_netcdf_has_changes_seed_sweep_and_member(
    solved: tuple[RunStore, Any], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep",
        SMALL_PLAN,
        "--set",
        "data.sites.taiwan.construction_months=21,60",
        "--workers",
        "0",
        "--store",
        store,
    )
    assert res.code == 0, res.err
    runs = RunStore(store).runs()
    assert len(runs) == 2
    for _, row in runs.iterrows():
        rid, member = str(row["id"]), int(row["member"])
        out = tmp_path / f"member{member}.nc"
        res = run_cli("runs", "export", rid, "--format", "netcdf", "--out", out, "--store", store)
        assert res.code == 0, res.err
        with xr.open_dataset(out) as ds:
            attrs = dict(ds.attrs)
        months = (21, 60)[member]  # the member's drawn data-cell value
        assert json.loads(attrs["run_changes"]) == {"data.sites.taiwan.construction_months": months}
        assert attrs["run_sweep_id"] == str(row["sweep_id"])
        assert attrs["run_member"] == str(member)  # member 0 is "0", not ""
        assert attrs["run_seed"] == ""  # a sweep without --samples draws no seed
    # a seeded run outside a sweep: the seed exact, the sweep and member ""
    rstore, rid = _store(solved, kind="risk", seed=9627221406581360117)
    out = tmp_path / "risk.nc"
    export_run(rstore, rid, "netcdf", out)
    with xr.open_dataset(out) as ds:
        attrs = dict(ds.attrs)
    assert int(attrs["run_seed"]) == 9627221406581360117
    assert attrs["run_sweep_id"] == "" and attrs["run_member"] == ""
    assert json.loads(attrs["run_changes"]) == {}
