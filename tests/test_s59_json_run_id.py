"""``tigris plan --json`` names the run it stored (user test 2026-12-07, reproducibility).

The CLI stored a run after printing it, so the JSON document a script reads had no run
id: the script could not ``tigris runs show`` or ``plan --from-run`` what it had just
made. With ``--json`` the run is now stored first and the document carries ``run_id``
and ``store``; a store that fails still prints the plan (``run_id`` null, or the id of a
run that committed but was not checkpointed) and exits 2, as without ``--json``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tigris.runs.store import RunRecord, RunStore

from .conftest import SMALL, CliResult, write_scenario
from .test_cli_output import tiny_result
from .test_s47_runs_checkpoint import bad, planned  # noqa: F401  (fixtures)
from .test_s47_runs_damaged import damage


def test_the_json_names_the_stored_run(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """The id in the document is the one run the store gained, and ``runs show`` of it
    gives the document's objective."""
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", str(scenario), "--store", str(store), "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["store"] == str(store)
    assert list(RunStore(store).runs()["id"]) == [doc["run_id"]]
    shown = run_cli("runs", "show", doc["run_id"], "--store", str(store), "--json")
    assert shown.code == 0, shown.err
    stored = json.loads(shown.out)
    assert stored["metrics"]["objective_usd"] == doc["objective_usd"]


def test_no_store_has_no_id(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """``--no-store``: the keys are there, null (a script need not test for them)."""
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    res = run_cli("plan", str(scenario), "--no-store", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["run_id"] is None and doc["store"] is None


def test_a_store_that_commits_unchecked_names_the_run(
    run_cli: Callable[..., CliResult],
    bad: Path,  # noqa: F811
    planned: tuple[Path, Path],  # noqa: F811
) -> None:
    """A write committed to the write-ahead log but not checkpointed IS stored: the
    document names it, the one stderr line says so, exit 2."""
    before = set(RunStore(bad).runs()["id"])
    res = run_cli("plan", str(planned[1]), "--store", str(bad), "--json")
    assert res.code == 2, res.err
    doc = json.loads(res.out)
    assert set(RunStore(bad).runs()["id"]) == before | {doc["run_id"]}
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and f"stored as run {doc['run_id']} " in lines[0], res.err


def test_a_store_that_fails_prints_the_plan_without_id(
    run_cli: Callable[..., CliResult],
    planned: tuple[Path, Path],  # noqa: F811
    tmp_path: Path,
) -> None:
    """A write whose commit fails stores nothing: the plan is printed all the same,
    ``run_id`` null, one line why, exit 2, and the store holds no new run."""
    good = tmp_path / "tiny.duckdb"
    RunStore(good).add(RunRecord("plan", "name: x\n", "x"), tiny_result())
    broken = damage(good, tmp_path / "broken.duckdb", "demand")
    before = set(RunStore(broken).runs()["id"])
    res = run_cli("plan", str(planned[1]), "--store", str(broken), "--json")
    assert res.code == 2, res.err
    doc = json.loads(res.out)
    assert doc["status"] == "optimal" and doc["run_id"] is None
    assert doc["store"] == str(broken)
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "cannot write store" in lines[0], res.err
    assert set(RunStore(broken).runs()["id"]) == before
