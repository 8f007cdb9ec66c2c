"""A write that commits but cannot be checkpointed (user test s47 #2).

On a store whose result tables are damaged, DuckDB commits a new run to the
write-ahead log (``FILE.wal``) and then fails the checkpoint at DETACH ("CHECKPOINT
during DETACH failed ... Corrupt database file"). ``tigris plan`` said "the plan above
was printed but not stored" of a run that WAS stored (``runs list`` grew by one each
retry) and left the ``.wal`` unexplained. The message now says the run is stored,
under which id, why the store could not be checkpointed and where the run is kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.runs.store import RunRecord, RunStore

from .conftest import SMALL, CliResult, write_scenario
from .test_cli_output import tiny_result
from .test_s47_runs_damaged import damage


def wal(path: Path) -> Path:
    """DuckDB's write-ahead log beside a store file."""
    return path.with_name(path.name + ".wal")


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A store of one ``tigris plan`` of the small scenario (the tables a plan writes,
    so another plan's write adds no column), and the scenario file."""
    from tigris.cli import main

    folder = tmp_path_factory.mktemp("planned")
    scenario = write_scenario(folder, SMALL, "small.yaml")
    store = folder / "good.duckdb"
    assert main(["plan", str(scenario), "--store", str(store), "--json"]) == 0
    return store, scenario


@pytest.fixture
def bad(planned: tuple[Path, Path], tmp_path: Path) -> Path:
    """The store with its ``demand`` table's block damaged: it lists, and a new run's
    write commits (to the write-ahead log), but its checkpoint fails."""
    return damage(planned[0], tmp_path / "bad.duckdb", "demand")


def test_plan_says_stored_not_not_stored(
    run_cli: Callable[..., CliResult], bad: Path, planned: tuple[Path, Path]
) -> None:
    """``tigris plan`` prints the plan, then ONE line: the run stored as ID, the store
    not checkpointed, the write-ahead log that holds it; exit code 2. The id it names
    is in the store: the old "not stored" line, which invited a retry that stored
    another copy, is gone."""
    before = set(RunStore(bad).runs()["id"])
    res = run_cli("plan", str(planned[1]), "--store", str(bad))
    assert res.code == 2, res.err
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    line = lines[0]
    assert "not stored" not in line
    assert line.startswith("error: --store: stored as run "), line
    assert "could not be checkpointed (Corrupt database file" in line
    assert f"kept in {wal(bad)}" in line and wal(bad).exists()
    assert line.endswith("(the plan above was printed)")
    rid = line.split("stored as run ", 1)[1].split()[0]
    assert set(RunStore(bad).runs()["id"]) == before | {rid}


def test_add_says_the_run_is_stored_and_where(bad: Path, planned: tuple[Path, Path]) -> None:
    """``RunStore.add`` raises an :class:`InputError` (``NotCheckpointedError``)
    carrying the stored id; the run is in the store (read back by id)."""
    rec = RunRecord("plan", "name: x\n", "x")
    with pytest.raises(InputError) as caught:
        good = RunStore(planned[0])
        RunStore(bad).add(rec, good.result(good.runs()["id"][0]))
    exc = caught.value
    ids = getattr(exc, "run_ids", [])
    assert len(ids) == 1, str(exc)
    assert str(exc).startswith(f"store: stored as run {ids[0]} in {bad}, but the store could")
    assert "\n" not in str(exc)
    assert ids[0] in set(RunStore(bad).runs()["id"])


def test_a_commit_that_fails_is_not_busy(planned: tuple[Path, Path], tmp_path: Path) -> None:
    """A write whose COMMIT fails on the damage (a small store first written with
    fewer columns: the plan's ALTERs them) stores nothing and says why at once: it
    was retried as a conflict for the whole timeout, then called "busy"."""
    good = tmp_path / "tiny.duckdb"
    RunStore(good).add(RunRecord("plan", "name: x\n", "x"), tiny_result())
    bad = damage(good, tmp_path / "bad.duckdb", "demand")
    result = RunStore(planned[0]).result(RunStore(planned[0]).runs()["id"][0])
    st = RunStore(bad, timeout_s=2.0)
    with pytest.raises(InputError) as caught:
        st.add(RunRecord("plan", "name: x\n", "x"), result)
    text = str(caught.value)
    assert text.startswith(f"store: cannot write store {bad}: "), text
    assert "Corrupt database file" in text and "busy" not in text
    assert len(st.runs()) == 1
    assert not wal(bad).exists() or os.path.getsize(wal(bad)) == 0
