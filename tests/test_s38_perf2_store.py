"""Storing a plan costs the same however many runs the store holds (PERF2, 2026-12-05):
``tigris plan``'s store step (the check before the solve, the write, the ``--out``
folder's ``created``) reads a bounded number of rows of the ``runs`` and ``sweeps``
tables, never the whole list, and says what it said before.

No wall clock: a spy on :meth:`RunStore._read` counts the rows each query of those
tables returns, and :meth:`RunStore.runs` and :meth:`RunStore.sweeps` (the listings)
refuse to be called.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, write_scenario
from tigris.errors import InputError
from tigris.runs import store as store_mod
from tigris.runs.store import RunRecord, RunStore

#: Runs in the store of these tests: far more than any bounded lookup reads.
N_RUNS = 300
#: Rows of ``runs`` / ``sweeps`` one lookup may read: an ambiguous prefix shows 8 ids
#: and reads one more to know there are more, plus a count.
MAX_ROWS = 10
_TABLE = re.compile(r"\bFROM\s+(runs|sweeps)\b", re.IGNORECASE)


class _Rows:
    """A query's result that counts the rows taken from it (queries of runs/sweeps)."""

    def __init__(self, inner: Any, counted: list[int] | None) -> None:
        self._inner, self._counted = inner, counted

    def _note(self, n: int) -> None:
        if self._counted is not None:
            self._counted.append(n)

    def fetchall(self) -> list[Any]:
        rows = self._inner.fetchall()
        self._note(len(rows))
        return rows

    def fetchone(self) -> Any:
        row = self._inner.fetchone()
        self._note(0 if row is None else 1)
        return row

    def df(self) -> Any:
        frame = self._inner.df()
        self._note(len(frame))
        return frame

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Con:
    """The store's connection, its queries of ``runs`` and ``sweeps`` counted."""

    def __init__(self, con: Any, log: list[tuple[str, list[int]]]) -> None:
        self._con, self._log = con, log

    def execute(self, sql: str, *args: Any) -> _Rows:
        counted = None
        if _TABLE.search(sql):
            counted = []
            self._log.append((sql, counted))
        return _Rows(self._con.execute(sql, *args), counted)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


@pytest.fixture
def spied(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[int]]]:
    """Every read's queries of ``runs`` and ``sweeps`` with the rows each returned; the
    listings refused."""
    log: list[tuple[str, list[int]]] = []
    real = RunStore._read

    @contextmanager
    def read(self: RunStore) -> Iterator[Any]:
        with real(self) as con:
            yield None if con is None else _Con(con, log)

    def listing(*_a: Any, **_k: Any) -> None:
        raise AssertionError("the store step listed every run")

    monkeypatch.setattr(RunStore, "_read", read)
    monkeypatch.setattr(RunStore, "runs", listing)
    monkeypatch.setattr(RunStore, "sweeps", listing)
    return log


def _rows_read(log: list[tuple[str, list[int]]]) -> list[tuple[str, int]]:
    return [(sql, sum(n)) for sql, n in log]


@pytest.fixture
def many(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> RunStore:
    """A store of :data:`N_RUNS` failed runs with the ids abcd00000000, abcd00000001,
    ... (and every id made later in the test continues the sequence)."""
    counter = iter(range(10**6))
    monkeypatch.setattr(store_mod.secrets, "token_hex", lambda n: f"abcd{next(counter):08d}")
    st = RunStore(tmp_path / "many.duckdb")
    rec = RunRecord("plan", "name: x\n", "x", status="error", error="no plan")
    st.add_many([(rec, None)] * N_RUNS)
    return st


def test_plan_stores_and_saves_reading_a_bounded_number_of_rows(
    many: RunStore,
    spied: list[tuple[str, list[int]]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    """``tigris plan FILE --out DIR`` with a store of 300 runs: the check before the
    solve and the run's ``created`` for ``run.json`` read at most a few rows (before
    PERF2: ``runs(limit=1)``, and every id to resolve the new run's); the new run is the
    next id of the sequence, and ``run.json`` names it, its store and its time as
    before."""
    from tigris.cli import main

    monkeypatch.setenv(store_mod.STORE_ENV, str(many.path))
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    out = tmp_path / "saved"
    code = main(["plan", str(scenario), "--out", str(out)])
    cap = capfd.readouterr()
    err = cap.err + cap.out
    assert code == 0, err
    new_id = f"abcd{N_RUNS:08d}"  # the 301st id the sequence gave
    reads = _rows_read(spied)
    assert reads, "the store step read nothing: the spy saw no query"
    assert all(n <= MAX_ROWS for _sql, n in reads), reads
    doc = json.loads((out / "run.json").read_text(encoding="utf-8"))
    monkeypatch.undo()  # the store read plainly again
    rec = RunStore(many.path).record(new_id)
    # what "stored as run ID in FILE" says on a terminal (stderr is silent when captured)
    assert (doc["run_id"], doc["store"]) == (new_id, str(many.path))
    assert doc["created"] == rec["created"]
    assert rec["scenario_name"] == "small" and rec["has_result"]
    assert len(RunStore(many.path).runs()) == N_RUNS + 1


def test_resolve_reads_a_bounded_number_of_rows_and_says_the_same(
    many: RunStore, spied: list[tuple[str, list[int]]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ids and prefixes resolved as before, the messages as before (the ids known by
    construction), each lookup reading at most :data:`MAX_ROWS` rows of 301."""
    rec = RunRecord("plan", "name: y\n", "y", status="error", error="no plan")
    monkeypatch.setattr(store_mod.secrets, "token_hex", lambda n: "beef00000000")
    many.add(rec)
    assert many.resolve("ABCD00000123") == "abcd00000123"
    assert many.resolve("beef") == "beef00000000"
    with pytest.raises(InputError) as err:
        many.resolve("abcd0000012")  # abcd00000120 ... abcd00000129
    shown = ", ".join(f"abcd000001{i:02d}" for i in range(20, 28))
    expected = f"run id 'abcd0000012' is ambiguous: it starts 10 ids ({shown}, ...)"
    assert err.value.problems[0].message == expected
    assert err.value.problems[0].field == "run"
    with pytest.raises(InputError) as err:
        many.resolve("abcd000001")  # abcd00000100 ... abcd00000199
    assert "it starts 100 ids (abcd00000100, " in err.value.problems[0].message
    with pytest.raises(InputError) as err:
        many.resolve("ffff")
    assert err.value.problems[0].message == (
        f"no run 'ffff' in store {many.path} (it has {N_RUNS + 1}; see tigris runs list)"
    )
    with pytest.raises(InputError, match="too short: give at least 4 characters"):
        many.resolve("ab")
    reads = _rows_read(spied)
    assert reads and all(n <= MAX_ROWS for _sql, n in reads), reads


def test_check_before_solving_reads_no_run(
    many: RunStore, spied: list[tuple[str, list[int]]], tmp_path: Path
) -> None:
    """The check before the solve reads the catalogue and ``meta`` only; a new store
    (no file yet) passes, a DuckDB file that is not a store is still refused."""
    import duckdb

    from tigris.cli._store import check_store

    check_store(many.path)
    check_store(tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()
    assert _rows_read(spied) == []
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(InputError, match="not a tigris store of runs"):
        check_store(other)


def test_a_sweeps_spec_is_read_by_its_id(many: RunStore) -> None:
    """``--from-run`` of a sweep member reads its sweep's ``spec`` (for the sweep's
    ``--data``) by id: the spec stored, or None for an id the store lacks."""
    sid = many.add_sweep("name: x\n", {"data": "mine.yaml", "sets": {}}, 2)
    assert json.loads(many.sweep_spec(sid) or "") == {"data": "mine.yaml", "sets": {}}
    assert many.sweep_spec("ffff00000000") is None
