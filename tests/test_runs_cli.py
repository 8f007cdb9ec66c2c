"""``tigris runs list|show|export|rm`` through the real entry point (``docs/runs.md``):
the JSON list names each run's id, scenario hash, version and created time; every
export format reads back (pandas, openpyxl, xarray) equal to the stored tables; bad
input is one line and exit 2."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pandas as pd
import pytest
import xarray as xr

from tigris import __version__
from tigris.plan import PlanResult
from tigris.runs.export import EXPORT_FORMATS, RUN_JSON
from tigris.runs.store import RunRecord, RunStore

from .conftest import CliResult, assert_one_line_error
from .test_cli_output import tiny_result
from .test_runs_store import hand_plan

YAML = "name: two-sites\n"


@pytest.fixture(scope="module")
def stored_once(
    tmp_path_factory: pytest.TempPathFactory, hand: object
) -> tuple[Path, str, PlanResult]:
    """A store holding the hand-built plan and a tiny one (newer), written once for the
    module (two stores cost ~0.3 s); the hand plan's id. Tests use :func:`stored`."""
    path = tmp_path_factory.mktemp("runs-cli") / "runs.duckdb"
    st = RunStore(path)
    plan = hand_plan(hand)
    rid = st.add(RunRecord("plan", YAML, plan.scenario_name, options={"relax": False}), plan)
    st.add(RunRecord("plan", "name: tiny\n", "tiny"), tiny_result())
    return path, rid, plan


@pytest.fixture
def stored(
    tmp_path: Path, stored_once: tuple[Path, str, PlanResult]
) -> tuple[Path, str, PlanResult]:
    """A copy of :func:`stored_once`'s store file for this test alone (``rm`` may change
    it); the hand plan's id and the plan."""
    import shutil

    once, rid, plan = stored_once
    assert not once.with_name(once.name + ".wal").exists()  # every write checkpointed
    path = tmp_path / "runs.duckdb"
    shutil.copyfile(once, path)
    return path, rid, plan


def _cell(v: Any) -> Any:
    """One cell as every format can give it back: missing/empty -> None, numbers (also
    written as text) -> float, booleans kept, other text as is."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v == "":
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, np.integer, np.floating)):
        return float(v)
    try:
        return float(v)
    except (TypeError, ValueError):
        return {"True": True, "False": False}.get(str(v), str(v))


def _rows(df: pd.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(_cell(v) for v in row) for row in df.itertuples(index=False)]


def _same(got: pd.DataFrame, want: pd.DataFrame, name: str) -> None:
    assert list(got.columns) == list(want.columns), name
    assert _rows(got) == _rows(want), name


def test_list_json(run_cli: Callable[..., CliResult], stored: tuple[Path, str, PlanResult]) -> None:
    path, rid, plan = stored
    res = run_cli("runs", "list", "--json", "--store", path)
    assert res.code == 0 and res.err == ""
    runs = res.json()
    assert [r["scenario_name"] for r in runs] == ["tiny", "two-sites"]  # newest first
    hand_run = runs[1]
    assert hand_run["id"] == rid
    assert hand_run["scenario_hash"] == hashlib.sha256(YAML.encode()).hexdigest()
    assert hand_run["tigris_version"] == __version__
    assert hand_run["created"] <= runs[0]["created"]
    assert hand_run["served_h100e"] == plan.demand["served_h100e"].sum()
    res = run_cli("runs", "list", "--store", path)
    assert res.code == 0 and rid in res.out and "two-sites" in res.out


def test_list_uses_tigris_store_env(
    run_cli: Callable[..., CliResult],
    stored: tuple[Path, str, PlanResult],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, rid, _ = stored
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    assert rid in [r["id"] for r in run_cli("runs", "list", "--json").json()]


def test_show(run_cli: Callable[..., CliResult], stored: tuple[Path, str, PlanResult]) -> None:
    path, rid, plan = stored
    doc = run_cli("runs", "show", rid[:6], "--json", "--store", path).json()
    assert doc["id"] == rid and doc["scenario_yaml"] == YAML
    assert doc["options"] == {"relax": False}
    assert doc["headline"]["sentences"] == plan.headline()["sentences"]
    res = run_cli("runs", "show", rid, "--yaml", "--store", path)
    assert res.out == YAML
    res = run_cli("runs", "show", rid, "--store", path)
    assert res.code == 0 and plan.headline()["sentences"][-1] in " ".join(res.out.split())


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_export_reads_back(
    run_cli: Callable[..., CliResult],
    stored: tuple[Path, str, PlanResult],
    tmp_path: Path,
    fmt: str,
) -> None:
    path, rid, _ = stored
    stored_result = RunStore(path).result(rid)
    tables = stored_result.to_frames()
    out = tmp_path / f"export.{fmt}"
    res = run_cli("runs", "export", rid[:5], "--format", fmt, "--out", out, "--store", path)
    assert res.code == 0, res.err
    if fmt in ("csv", "parquet"):
        doc = json.loads((out / RUN_JSON).read_text())
        assert doc["id"] == rid and doc["scenario_yaml"] == YAML
        for name, want in tables.items():
            file = out / f"{name}.{fmt}"
            got = pd.read_csv(file) if fmt == "csv" else pd.read_parquet(file)
            _same(got, want, name)
    elif fmt == "xlsx":
        book = openpyxl.load_workbook(out, read_only=True)
        assert set(tables) | {"run", "units"} == set(book.sheetnames)  # units: 37a2fe4/API-FIX
        for name, want in tables.items():
            rows = list(book[name].iter_rows(values_only=True))
            _same(pd.DataFrame(rows[1:], columns=list(rows[0])), want, name)
        run = {r[0]: r[1] for r in list(book["run"].iter_rows(values_only=True))[1:]}
        assert run["id"] == rid and run["scenario_yaml"] == YAML
        book.close()
    else:
        with xr.open_dataset(out) as ds:
            ds.load()
        assert ds.attrs["run_id"] == rid
        xr.testing.assert_equal(ds, stored_result.to_xarray())
        # the labelled data is the table's: served by year and class
        d = tables["demand"]
        for year, cls, served in zip(d["year"], d["demand_class"], d["served_h100e"], strict=True):
            got = float(ds["served_h100e"].sel(year=year, **{"class": cls}))
            assert got == served
    # exporting again over an earlier export is allowed
    assert run_cli("runs", "export", rid, "--format", fmt, "--out", out, "--store", path).code == 0


def test_export_refuses_other_files(
    run_cli: Callable[..., CliResult], stored: tuple[Path, str, PlanResult], tmp_path: Path
) -> None:
    path, rid, _ = stored
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    res = run_cli("runs", "export", rid, "--format", "csv", "--out", mine, "--store", path)
    assert_one_line_error(res, "--out", "not a tigris export")
    book = tmp_path / "book.xlsx"
    book.write_text("not a workbook")
    res = run_cli("runs", "export", rid, "--format", "xlsx", "--out", book, "--store", path)
    assert_one_line_error(res, "--out", "not a tigris xlsx export")
    assert book.read_text() == "not a workbook"
    assert sorted(p.name for p in mine.iterdir()) == ["notes.txt"]
    xml = tmp_path / "x.xml"
    res = run_cli("runs", "export", rid, "--format", "xml", "--out", xml, "--store", path)
    assert_one_line_error(res, "--format", "csv, parquet, xlsx, netcdf")


def test_export_netcdf_refuses_a_table_with_repeated_keys(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A result no labelled dataset can hold (two demand rows of one year and class) is
    one line naming --format, and no file is left; csv still exports it."""
    import dataclasses

    plan = tiny_result()
    plan = dataclasses.replace(plan, demand=pd.concat([plan.demand] * 2, ignore_index=True))
    path = tmp_path / "runs.duckdb"
    rid = RunStore(path).add(RunRecord("plan", YAML, "tiny"), plan)
    out = tmp_path / "x.nc"
    res = run_cli("runs", "export", rid, "--format", "netcdf", "--out", out, "--store", path)
    assert_one_line_error(res, "--format", "csv")
    assert not out.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["runs.duckdb"]
    res = run_cli(
        "runs", "export", rid, "--format", "csv", "--out", tmp_path / "c", "--store", path
    )
    assert res.code == 0 and len(pd.read_csv(tmp_path / "c" / "demand.csv")) == 4


def test_rm(run_cli: Callable[..., CliResult], stored: tuple[Path, str, PlanResult]) -> None:
    path, rid, _ = stored
    res = run_cli("runs", "rm", rid[:4], "ffffffff", "--store", path)
    assert_one_line_error(res, "run", "ffffffff")
    assert len(RunStore(path).runs()) == 2  # one unknown id removes nothing
    res = run_cli("runs", "rm", rid[:4], "--json", "--store", path)
    assert res.json()["removed"] == 1
    assert rid not in list(RunStore(path).runs()["id"])
    assert_one_line_error(run_cli("runs", "rm", "--store", path), "run")


def test_rm_sweep(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    path = tmp_path / "runs.duckdb"
    st = RunStore(path)
    sid = st.add_sweep(YAML, {"sets": {}}, 2)
    for i in range(2):
        st.add(RunRecord("sweep", YAML, "s", sweep_id=sid, member=i), tiny_result(i + 1))
    keep = st.add(RunRecord("plan", YAML, "s"), tiny_result())
    listed = run_cli("runs", "list", "--sweep", sid[:5], "--json", "--store", path).json()
    assert [r["member"] for r in listed] == [0, 1]
    res = run_cli("runs", "rm", "--sweep", sid, "--store", path)
    assert res.code == 0 and "2 runs" in res.out
    assert list(st.runs()["id"]) == [keep] and st.sweeps().empty


def test_show_failed_member(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """A sweep member that failed has a record and its error, and no result."""
    path = tmp_path / "runs.duckdb"
    why = "InputError: capital.fund.amount_usd: expected >= 0"
    rid = RunStore(path).add(RunRecord("sweep", YAML, "s", status="error", error=why, member=3))
    doc = run_cli("runs", "show", rid, "--json", "--store", path).json()
    assert doc["headline"] is None and doc["error"] == why and doc["has_result"] is False
    res = run_cli("runs", "show", rid, "--store", path)
    assert res.code == 0 and "expected >= 0" in " ".join(res.out.split())
    listed = run_cli("runs", "list", "--store", path)
    assert "[error" in listed.out and "#3" in listed.out
    res = run_cli(
        "runs", "export", rid, "--format", "csv", "--out", tmp_path / "x", "--store", path
    )
    assert_one_line_error(res, "run", "has no result")


def test_errors_are_one_line(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    bad = tmp_path / "bad.duckdb"
    bad.write_text("hello")
    assert_one_line_error(run_cli("runs", "list", "--store", bad), "--store", "not a DuckDB")
    empty = tmp_path / "none.duckdb"
    assert_one_line_error(run_cli("runs", "show", "abcd", "--store", empty), "run", "empty")
    assert run_cli("runs", "list", "--json", "--store", empty).json() == []


def test_help_teaches(run_cli: Callable[..., CliResult]) -> None:
    for verb in ("list", "show", "export", "rm"):
        res = run_cli("runs", verb, "--help")
        assert res.code == 0 and f"tigris runs {verb}" in res.out  # an example to copy
    assert "runs" in run_cli("--help").out


# ---- tigris plan stores its runs --------------------------------------------------


@pytest.fixture(scope="module")
def small_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .test_plan_cli import SMALL

    path = tmp_path_factory.mktemp("small") / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_plan_stores_and_out_repeats(
    run_cli: Callable[..., CliResult],
    small_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``tigris plan`` stores the run it printed (scenario, options, tables); --out also
    writes scenario.yaml and run.json, and the directory still reads as a saved plan;
    --from-run of the stored id and of the directory both give the same plan again."""
    from tigris.plan import PlanResult as Result
    from tigris.scenario.edit import load_any

    path = tmp_path / "runs.duckdb"
    out = tmp_path / "run"
    res = run_cli("plan", small_file, "--json", "--store", path, "--out", out, "--mip-gap", 0.001)
    assert res.code == 0, res.err
    printed = res.json()
    st = RunStore(path)
    (rid,) = st.runs()["id"]
    rec = st.record(rid)
    assert load_any(rec["scenario_yaml"]) == load_any(small_file)
    assert rec["options"] == {"explain_result": True, "counterfactual": True, "mip_gap": 0.001}
    stored = st.result(rid)
    assert stored.objective_usd == printed["objective_usd"]
    assert json.loads(stored.builds.to_json(orient="records")) == printed["builds"]
    # the --out directory: the saved plan reads as before, plus the run's identity
    saved = Result.read(out)
    assert saved.objective_usd == stored.objective_usd
    run = json.loads((out / "run.json").read_text())
    text = (out / "scenario.yaml").read_text()
    assert run["run_id"] == rid and run["store"] == str(path)
    assert run["scenario_hash"] == hashlib.sha256(text.encode()).hexdigest()
    assert run["scenario_hash"] == rec["scenario_hash"] and run["tigris_version"] == __version__
    assert run["options"] == rec["options"]

    again = run_cli("plan", "--from-run", rid[:6], "--json", "--store", path)
    assert again.code == 0, again.err
    doc = again.json()
    assert doc["from_run"] == {
        "run": f"run {rid}",
        "matches": True,
        "differences": [],
        "inputs_match": True,  # f169b97: the inputs are compared before the results
        "input_differences": [],
        "data": None,  # no --data file (user test s47 #5: said when there is one)
        "notes": [],
    }
    assert doc["builds"] == printed["builds"]
    rec2 = st.record(st.runs()["id"][0])
    assert rec2["options"]["mip_gap"] == 0.001  # the stored option was used
    assert rec2["scenario_hash"] == rec["scenario_hash"]
    default = tmp_path / "default.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(default))
    res = run_cli("plan", "--from-run", out, "--no-store")  # a directory: no store read
    assert res.code == 0 and "matches the stored result" in " ".join(res.out.split())
    assert not default.exists() and len(st.runs()) == 2  # --no-store stored nothing


def test_plan_from_run_override_differs(
    run_cli: Callable[..., CliResult], small_file: Path, tmp_path: Path
) -> None:
    """A flag given with --from-run replaces the stored option, and the report says the
    result differs (here the objective: NPV instead of cost plus penalty)."""
    path = tmp_path / "runs.duckdb"
    assert run_cli("plan", small_file, "--store", path).code == 0
    (rid,) = RunStore(path).runs()["id"]
    res = run_cli("plan", "--from-run", rid, "--objective", "npv", "--no-store")
    # without --store the run is looked for in $TIGRIS_STORE (the tests' own), not there
    assert_one_line_error(res, "run", rid)
    res = run_cli(
        "plan", "--from-run", rid, "--objective", "npv", "--json", "--store", path, "--no-store"
    )
    doc = res.json()
    assert res.code == 0 and doc["objective"] == "npv"
    assert len(RunStore(path).runs()) == 1  # read from --store, not stored (--no-store)
    assert doc["from_run"]["matches"] is False
    assert any(d.startswith("objective") for d in doc["from_run"]["differences"])


def test_plan_store_failure_keeps_the_plan(
    run_cli: Callable[..., CliResult], small_file: Path, tmp_path: Path, monkeypatch
) -> None:
    """A file that is not a store is refused before solving (one line naming --store,
    nothing printed); a store that fails only when the run is written: the plan is
    printed all the same, then one line says it was not stored, exit 2; --store with
    --no-store, or a file with --from-run, is refused."""
    import tigris.cli._store as store_mod
    from tigris.errors import InputError

    bad = tmp_path / "bad.duckdb"
    bad.write_text("not a database")
    assert_one_line_error(run_cli("plan", small_file, "--store", bad), "--store", "bad.duckdb")
    assert bad.read_text() == "not a database"

    def fails(*args: object, **kwargs: object) -> None:
        raise InputError("cannot write store x.duckdb: disk full", field="--store")

    monkeypatch.setattr(store_mod, "store_plan", fails)
    res = run_cli("plan", small_file, "--store", tmp_path / "x.duckdb")
    assert res.code == 2
    assert "Objective" in res.out  # the plan was printed
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--store" in lines[0] and "printed" in lines[0]
    assert "not stored" in lines[0] and "Traceback" not in res.err
    fresh = tmp_path / "fresh.duckdb"
    assert_one_line_error(run_cli("plan", small_file, "--no-store", "--store", fresh), "--no-store")
    assert_one_line_error(
        run_cli("plan", small_file, "--from-run", "abcd", "--store", fresh), "--from-run"
    )


def test_plan_from_run_applies_the_stored_data_file(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """A run planned with --data FILE is repeated with that file (its site exists only
    there); once the file is gone it is repeated with the text the run kept (UT-NEURO
    #5, S36 NEURO-FIX: before, the re-solve stopped on the unknown site, exit 2)."""
    from .test_data_overlay import OVERLAY
    from .test_data_overlay import SCENARIO as INDIA

    overlay = tmp_path / "overlay.yaml"
    overlay.write_text(OVERLAY, encoding="utf-8")
    scenario = tmp_path / "india.yaml"
    scenario.write_text(INDIA, encoding="utf-8")
    path = tmp_path / "runs.duckdb"
    res = run_cli("plan", scenario, "--data", overlay, "--store", path, "--json")
    assert res.code == 0, res.err
    (rid,) = RunStore(path).runs()["id"]
    assert RunStore(path).record(rid)["options"]["data"] == str(overlay)
    again = run_cli("plan", "--from-run", rid, "--store", path, "--no-store")
    assert again.code == 0, again.err
    text = " ".join(again.out.split())
    # the path may be folded at the terminal's width (tmp paths differ in length)
    assert "matches the stored result" in text
    assert f"--data{overlay}" in "".join(text.split())
    overlay.unlink()
    res = run_cli("plan", "--from-run", rid, "--store", path, "--no-store")
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert "matches the stored result" in text, text
    said = f"--data {overlay} as the run kept it (the file is gone)"
    assert "".join(said.split()) in "".join(text.split())


def test_from_run_of_a_refused_sweep_member_is_refused(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    """User test 2026-12-03 #15: ``plan --from-run`` of a sweep member whose value the
    scenario refused planned the base scenario and exited 0 (its stored text is the
    base's). It is now one line naming --from-run and why, exit 2, and nothing solved."""
    from tests.conftest import assert_one_line_error
    from tests.test_plan_cli import SMALL
    from tigris.runs.sweep import sweep

    path = tmp_path / "runs.duckdb"
    res = sweep(SMALL, [{"discount_rate": "abc"}], workers=0, store=path, progress=False)
    rid = str(res.members["run_id"].iloc[0])
    out = run_cli("plan", "--from-run", rid, "--store", path, "--no-store")
    assert_one_line_error(out, "--from-run")
    assert "nothing to repeat" in out.err and "discount_rate" in out.err
