"""Every table ``tigris plan --json`` has is in every export and in ``to_frames()``
(UT-REPRO #8: ``subsidies`` was in the CSV and --json only, not in Parquet, Excel,
NetCDF or ``to_frames``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
import xarray as xr

from tigris.runs.store import RunStore

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: Excel's longest sheet name [characters].
SHEET_MAX = 31


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    from tigris.cli import main

    root = tmp_path_factory.mktemp("exports")
    store = root / "s.duckdb"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["plan", str(SMALL), "--json", "--store", str(store)])
    assert code == 0
    import json

    doc = json.loads(buf.getvalue())
    # the tables of --json: lists of records (or empty lists) whose name is a table;
    # `warnings` is the plan's warning lines (text, empty when none: eff4db4), not a table
    tables = [
        k
        for k, v in doc.items()
        if isinstance(v, list) and all(isinstance(r, dict) for r in v) and k != "warnings"
    ]
    rid = str(RunStore(store).runs()["id"].iloc[0])
    return {"root": root, "store": store, "doc": doc, "tables": tables, "id": rid}


def test_json_has_subsidies_to_check(stored: dict[str, object]) -> None:
    tables = stored["tables"]
    assert "subsidies" in tables and "builds" in tables and "binding" in tables
    doc = stored["doc"]
    # the subsidy table sums to the capex table's subsidy rows (docs/finance.md)
    subs = sum(r["subsidy_usd"] for r in doc["subsidies"])
    capex = sum(r["capex_usd"] for r in doc["capex"] if r["source"] == "subsidy")
    assert subs == pytest.approx(capex, rel=1e-9)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "netcdf"])
def test_every_json_table_is_in_each_export(
    stored: dict[str, object], fmt: str, run_cli: Callable[..., object]
) -> None:
    root, store, rid = stored["root"], stored["store"], stored["id"]
    tables = list(stored["tables"])  # type: ignore[arg-type]
    out = root / (f"x-{fmt}" if fmt in ("csv", "parquet") else f"x.{fmt}")
    res = run_cli("runs", "export", rid, "--format", fmt, "--out", out, "--store", store)
    assert res.code == 0, res.err
    doc = stored["doc"]
    want = pd.DataFrame(doc["subsidies"])  # type: ignore[index]
    if fmt in ("csv", "parquet"):
        have = {p.stem for p in Path(out).glob(f"*.{fmt}")}
        assert set(tables) <= have, set(tables) - have
        read = pd.read_csv if fmt == "csv" else pd.read_parquet
        got = read(Path(out) / f"subsidies.{fmt}")
        assert got["subsidy_usd"].sum() == pytest.approx(want["subsidy_usd"].sum(), rel=1e-12)
        assert list(got.columns) == list(want.columns)
        assert got["share"].tolist() == want["share"].tolist()  # japan's 0.37, taiwan's 0
    elif fmt == "xlsx":
        sheets = pd.read_excel(out, sheet_name=None)
        assert {t[:SHEET_MAX] for t in tables} <= set(sheets), set(tables) - set(sheets)
        got = sheets["subsidies"]
        assert got["subsidy_usd"].sum() == pytest.approx(want["subsidy_usd"].sum(), rel=1e-12)
        assert got["share"].tolist() == want["share"].tolist()
    else:
        with xr.open_dataset(out) as ds:
            ds.load()
        in_ds = {ds[v].attrs.get("table") for v in ds.data_vars}
        # a table with number columns is variables; assumptions (mixed) and binding
        # (sentences) are text, documented as in to_frames only
        numeric = [t for t in tables if t not in ("assumptions", "binding")]
        assert set(numeric) <= in_ds, set(numeric) - in_ds
        assert float(ds.subsidy_usd.sum()) == pytest.approx(want["subsidy_usd"].sum(), rel=1e-12)
        assert ds.subsidy_usd.attrs["units"] == "USD"
        share = ds.subsidy_share.sel(site="japan", facility_type="cowos", owner="investor")
        assert float(share) == want.set_index(["site", "facility"])["share"]["japan", "cowos"]


def test_to_frames_has_every_json_table(stored: dict[str, object]) -> None:
    result = RunStore(stored["store"]).result(str(stored["id"]))  # type: ignore[arg-type]
    frames = result.to_frames()
    assert list(frames) == list(stored["tables"])  # type: ignore[arg-type]
    want = pd.DataFrame(stored["doc"]["subsidies"])  # type: ignore[index]
    assert frames["subsidies"]["subsidy_usd"].sum() == pytest.approx(
        want["subsidy_usd"].sum(), rel=1e-12
    )
