"""Exports: an infinite number is not text in Excel, and the NetCDF names the code
(UT-API #11).

The small plan's ``power.grid_headroom_mw`` is infinite in the rows of a region whose
grid has no limit. openpyxl wrote it as the text ``'inf'`` (a ``SUM`` skips it, and the
column mixes text and numbers); it is now an empty cell, named in the ``run`` sheet.
The NetCDF export had the input hash but not the git commit that run.json and the xlsx
``run`` sheet keep; it now has the commit and the whole provenance.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

import tigris.plan.api
from tests.conftest import SMALL_3Y
from tigris.runs.export import UNBOUNDED_FIELD, export_run
from tigris.runs.store import RunStore


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[RunStore, str, object]:
    store = RunStore(tmp_path_factory.mktemp("store") / "runs.duckdb")
    result = tigris.plan.api.plan(SMALL_3Y, explain=False, store=store.path)
    return store, str(store.runs()["id"].iloc[0]), result


def test_xlsx_writes_infinite_numbers_as_empty_cells(stored, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    store, rid, result = stored
    headroom = result.power["grid_headroom_mw"].to_numpy(dtype=float)
    assert np.isinf(headroom).any()  # the case tested (the rest: NaN, the world rows)
    out = tmp_path / "run.xlsx"
    export_run(store, rid, "xlsx", out)
    book = openpyxl.load_workbook(out, read_only=True)
    texts = []
    for sheet in book.worksheets:
        rows = sheet.iter_rows(values_only=True)
        header = next(rows)
        for row in rows:
            for col, value in zip(header, row, strict=False):
                if isinstance(value, str) and value.strip().lower() in ("inf", "-inf", "nan"):
                    texts.append((sheet.title, col, value))
    assert texts == []
    power = book["power"]
    rows = list(power.iter_rows(values_only=True))
    i = rows[0].index("grid_headroom_mw")
    cells = [r[i] for r in rows[1:]]
    assert len(cells) == len(headroom)
    for cell, want in zip(cells, headroom, strict=True):  # the rows in the table's order
        assert cell is None if not np.isfinite(want) else cell == pytest.approx(want)
    # the finite columns are numbers as before
    j = rows[0].index("energy_twh")
    assert all(isinstance(r[j], int | float) and math.isfinite(r[j]) for r in rows[1:])
    run = {r[0]: r[1] for r in book["run"].iter_rows(values_only=True)}
    named = set(str(run[UNBOUNDED_FIELD]).split(", "))
    assert {"power.grid_headroom_mw", "power.grid_headroom_left_mw"} <= named


def test_netcdf_names_the_code(stored, tmp_path: Path) -> None:
    xr = pytest.importorskip("xarray")
    store, rid, _ = stored
    out = tmp_path / "run.nc"
    export_run(store, rid, "netcdf", out)
    made = store.record(rid)["provenance"]
    assert made and made.get("git_commit")
    with xr.open_dataset(out) as ds:
        assert ds.attrs["run_git_commit"] == made["git_commit"]
        assert ds.attrs["run_git_dirty"] == str(made["git_dirty"])
        assert json.loads(ds.attrs["run_provenance"])["data_files"] == made["data_files"]
        assert ds.attrs["input_hash"] == store.record(rid)["input_hash"]


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx"])
def test_tabular_exports_carry_units(fmt: str, stored, tmp_path: Path) -> None:
    """UT-API #11: the tabular exports kept sources but no units, and some columns
    carry none in their names. A ``units`` table now gives them: the EUV scanners the
    scenario supplies a year (``tools.euv_per_year``) and the accelerators produced."""
    import pandas as pd

    from tigris.plan.result import PlanResult
    from tigris.runs.export import UNITS_TABLE

    store, rid, _ = stored
    out = tmp_path / ("run.xlsx" if fmt == "xlsx" else "run")
    export_run(store, rid, fmt, out)
    if fmt == "xlsx":
        units = pd.read_excel(out, sheet_name=UNITS_TABLE)
    elif fmt == "csv":
        units = pd.read_csv(out / f"{UNITS_TABLE}.csv")
        PlanResult.read(out)  # still a saved run
    else:
        units = pd.read_parquet(out / f"{UNITS_TABLE}.parquet")
    unit = units.set_index(["table", "column"])["unit"]
    assert unit[("tools", "supply")] == "scanners/year"
    assert unit[("production", "units")] == "accelerators/year"
    assert unit[("demand", "served_h100e")] == "H100e/year"
    assert ("site_load", "pue") in unit.index
    assert not units.duplicated(["table", "column"]).any()
