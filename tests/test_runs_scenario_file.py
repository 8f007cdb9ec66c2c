"""The store keeps the scenario file a run was made from (user test 2026-12-03, #21).

Two what-ifs made from copies of one scenario keep its ``name``; without the file
``tigris runs list`` showed the same name for both. The file is a new column of
``runs``: a store written before it still opens and lists (the file unknown, shown as
before), and its first write adds the column (NULL in the old rows).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from tests.conftest import SMALL, write_scenario
from tigris.cli._store import store_plan
from tigris.runs.store import RunRecord, RunStore
from tigris.scenario.edit import load_any

from .test_cli_output import tiny_result


@pytest.fixture(scope="module")
def two_copies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A store holding one plan of each of two copies of one scenario (same name)."""
    tmp = tmp_path_factory.mktemp("copies")
    a = write_scenario(tmp, SMALL, "ut_ref.yaml")
    b = write_scenario(tmp, SMALL, "ut_dem.yaml")
    store = tmp / "runs.duckdb"
    for f in (a, b):
        store_plan(load_any(f), tiny_result(), {}, store, f)
    return store, a, b


def test_runs_list_tells_two_copies_of_a_scenario_apart(run_cli, two_copies) -> None:
    store, a, b = two_copies
    assert load_any(a).name == load_any(b).name  # the name alone cannot tell them apart
    res = run_cli("runs", "list", "--store", store)
    assert res.code == 0, res.err
    assert "ut_ref.yaml" in res.out and "ut_dem.yaml" in res.out
    listed = run_cli("runs", "list", "--store", store, "--json").json()
    assert sorted(r["scenario_file"] for r in listed) == sorted([str(a), str(b)])


def test_runs_show_names_the_file(run_cli, two_copies) -> None:
    store, _a, b = two_copies
    rid = next(r["id"] for r in RunStore(store).runs().to_dict("records") if "dem" in str(r))
    res = run_cli("runs", "show", rid, "--store", store)
    assert res.code == 0, res.err
    assert "scenario_file" in res.out and "ut_dem.yaml" in res.out
    assert run_cli("runs", "show", rid, "--store", store, "--json").json()["scenario_file"] == str(
        b
    )


def test_a_store_written_before_the_column_opens_lists_and_migrates(
    run_cli, two_copies, tmp_path: Path
) -> None:
    store = tmp_path / "old.duckdb"
    shutil.copyfile(two_copies[0], store)
    con = duckdb.connect(str(store))
    try:  # the store as tigris wrote it before 2026-12-03
        con.execute("ALTER TABLE runs DROP COLUMN scenario_file")
    finally:
        con.close()
    st = RunStore(store)
    runs = st.runs()
    assert len(runs) == 2 and runs["scenario_file"].isna().all()
    assert st.record(runs["id"].iloc[0])["scenario_file"] is None
    res = run_cli("runs", "list", "--store", store)
    assert res.code == 0 and "ut_ref.yaml" not in res.out, res.err
    # the first write adds the column: the old rows NULL, the new one its file
    rid = st.add(RunRecord("plan", "name: tiny\n", "tiny", scenario_file="/x/new.yaml"))
    after = {r["id"]: r["scenario_file"] for r in st.runs().to_dict("records")}
    assert after.pop(rid) == "/x/new.yaml"
    assert all(pd.isna(v) for v in after.values())


def test_a_sweep_member_keeps_its_base_file(tmp_path: Path) -> None:
    from tigris.runs.sweep import sweep

    base = write_scenario(tmp_path, SMALL, "what-if.yaml")
    store = tmp_path / "runs.duckdb"
    res = sweep(
        base,
        {"discount_rate": [0.07]},
        workers=0,
        store=store,
        progress=False,
        counterfactual=False,
    )
    rec = RunStore(store).record(res.members["run_id"].iloc[0])
    assert rec["scenario_file"] == str(base.resolve())
    assert json.loads(json.dumps(rec["changes"])) == {"discount_rate": 0.07}


def test_tigris_plan_stores_its_file(run_cli, tmp_path: Path) -> None:
    f = write_scenario(tmp_path, SMALL, "ut_dem.yaml")
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", f, "--store", store, "--json")
    assert res.code == 0, res.err
    (run,) = run_cli("runs", "list", "--store", store, "--json").json()
    assert run["scenario_file"] == str(f.resolve())


def test_a_relative_file_is_kept_absolute(tmp_path: Path, monkeypatch) -> None:
    """``tigris plan what-if.yaml`` in the file's folder keeps the whole path: the name
    alone, or a path relative to wherever the command ran, could not be found again
    (``runs show``; review of 2026-12-03: every other test passes an absolute path)."""
    write_scenario(tmp_path, SMALL, "what-if.yaml")
    monkeypatch.chdir(tmp_path)
    store = tmp_path / "runs.duckdb"
    rid, _ = store_plan(load_any("what-if.yaml"), tiny_result(), {}, store, "what-if.yaml")
    assert RunStore(store).record(rid)["scenario_file"] == str(tmp_path.resolve() / "what-if.yaml")
