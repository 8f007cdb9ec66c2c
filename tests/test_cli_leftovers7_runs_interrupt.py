"""``tigris runs list|show|export|rm`` stopped with Ctrl-C print one line and exit 130,
as ``tigris plan`` does (leftovers of 2026-12-04, CLI item 3).

Found by sending SIGINT to ``tigris runs list`` on a store of 196,608 runs (a full
list takes ~100 s): at 0.6-1.5 s, in the query, DuckDB's Python client swallowed the
``KeyboardInterrupt`` and raised ``RuntimeError: Query interrupted``, a traceback and
exit 1; before and after the query, typer's bare exit 130 said nothing. ``runs rm``
gave the same traceback while resolving its ids. Here the Ctrl-C is a real SIGINT
raised inside the store's read or write (monkeypatched at that step), so the code's
own handler notes it, and DuckDB's answer is imitated where it matters.
"""

from __future__ import annotations

import contextlib
import signal
from pathlib import Path
from typing import Any

import pytest

import tigris.cli.runs
from tests.conftest import SMALL, write_scenario
from tigris.runs.store import RunStore


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A store with two plans of SMALL (solved without explanations, for speed)."""
    import tigris.plan
    from tigris.cli._store import store_plan
    from tigris.scenario.edit import load_any

    tmp = tmp_path_factory.mktemp("runs")
    path = write_scenario(tmp, SMALL)
    result = tigris.plan.solve(path, explain_result=False, counterfactual=False)
    store = tmp / "runs.duckdb"
    ids = [store_plan(load_any(path), result, {}, store, path)[0] for _ in range(2)]
    return store, ids


@pytest.fixture
def copy(stored, tmp_path: Path) -> tuple[Path, list[str]]:
    """A copy of the store for a test that may change it."""
    store, ids = stored
    dest = tmp_path / "runs.duckdb"
    dest.write_bytes(store.read_bytes())
    return dest, ids


def _line(res: Any) -> str:
    assert res.code == 130, (res.code, res.err)
    assert "Traceback" not in res.err
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    return lines[0]


def _query_interrupted(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """SIGINT while the store's schema is read, answered as DuckDB answers a Ctrl-C in
    a query: the ``KeyboardInterrupt`` swallowed, ``RuntimeError: Query interrupted``
    raised. Returns a list that gets ``True`` when it happened."""
    hit: list[bool] = []

    def check(self: RunStore, con: Any, create: bool) -> Any:
        hit.append(True)
        try:
            signal.raise_signal(signal.SIGINT)
        except KeyboardInterrupt:
            raise RuntimeError("Query interrupted") from None
        raise AssertionError("SIGINT did not interrupt")  # pragma: no cover

    monkeypatch.setattr(RunStore, "_check", check)
    return hit


@pytest.mark.parametrize("verb", [("runs", "list"), ("runs", "list", "--json")])
def test_ctrl_c_in_the_list_query_is_one_line(run_cli, stored, monkeypatch, verb) -> None:
    """DuckDB's 'Query interrupted' was a traceback out of tigris.cli.main (fails on
    HEAD: RuntimeError raised)."""
    store, _ = stored
    hit = _query_interrupted(monkeypatch)
    res = run_cli(*verb, "--store", store)
    assert hit
    assert _line(res) == "stopped by the user while reading the store; the store is unchanged"
    assert res.out == ""


def test_ctrl_c_in_show_and_export_is_one_line(run_cli, stored, monkeypatch, tmp_path) -> None:
    store, ids = stored
    hit = _query_interrupted(monkeypatch)
    res = run_cli("runs", "show", ids[0], "--store", store)
    assert hit
    assert _line(res) == "stopped by the user while reading the store; the store is unchanged"
    out = tmp_path / "export"
    res = run_cli("runs", "export", ids[0], "--format", "csv", "--out", out, "--store", store)
    assert _line(res) == (
        "stopped by the user while exporting the run; the store is unchanged; "
        f"{out} not written (left as it was)"  # which of the two (user test s47 #4)
    )
    assert not out.exists()


def test_ctrl_c_while_printing_the_list_says_so(run_cli, stored, monkeypatch) -> None:
    """After the query, while the table prints: typer's exit 130 said nothing (fails on
    HEAD: stderr empty)."""
    store, _ = stored

    def stop(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tigris.cli.runs.console, "print", stop)
    assert _line(run_cli("runs", "list", "--store", store)) == (
        "stopped by the user while printing the runs; the output above is incomplete; "
        "the store is unchanged"
    )


def test_ctrl_c_resolving_rm_ids_removes_nothing(run_cli, copy, monkeypatch) -> None:
    store, ids = copy
    _query_interrupted(monkeypatch)
    res = run_cli("runs", "rm", *ids, "--store", store)
    assert _line(res) == "stopped by the user while reading the store; nothing removed"
    monkeypatch.undo()
    assert sorted(RunStore(store).runs()["id"]) == sorted(ids)


def test_ctrl_c_in_rms_commit_rolls_back_and_says_so(run_cli, copy, monkeypatch) -> None:
    """An interrupt out of COMMIT before it committed: the runs are all still there,
    and the line says so."""
    store, ids = copy

    def stop(con: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(RunStore, "_commit", staticmethod(stop))
    res = run_cli("runs", "rm", *ids, "--store", store)
    assert _line(res) == (
        "stopped by the user while removing runs; the 2 runs given by id: not removed (rolled back)"
    )
    monkeypatch.undo()
    assert sorted(RunStore(store).runs()["id"]) == sorted(ids)


def test_ctrl_c_just_after_rms_commit_says_they_are_removed(run_cli, copy, monkeypatch) -> None:
    """SIGINT right after COMMIT (held until the commit is recorded): the runs are gone,
    and the line says they are removed, never 'rolled back'."""
    store, ids = copy
    original = RunStore._commit

    def commit_then_sigint(con: Any) -> None:
        original(con)
        signal.raise_signal(signal.SIGINT)

    monkeypatch.setattr(RunStore, "_commit", staticmethod(commit_then_sigint))
    res = run_cli("runs", "rm", *ids, "--store", store)
    assert _line(res) == (
        "stopped by the user while removing runs; the 2 runs given by id: removed"
    )
    monkeypatch.undo()
    assert RunStore(store).runs().empty


def test_the_store_read_turns_a_query_interrupt_into_ctrl_c(stored, monkeypatch) -> None:
    """For API callers too (tigris compare reads through it): RunStore.runs raises
    KeyboardInterrupt, not DuckDB's RuntimeError (fails on HEAD)."""
    store, _ = stored
    _query_interrupted(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        RunStore(store).runs()


def test_a_query_interrupt_without_a_noted_sigint_is_ctrl_c(stored, monkeypatch) -> None:
    """DuckDB's 'Query interrupted' is Ctrl-C even when Python's handler never ran (the
    signal taken in DuckDB's own code); another RuntimeError stays what it is."""
    store, _ = stored
    original = RunStore._check

    def raising(message: str) -> Any:
        def check(self: RunStore, con: Any, create: bool) -> Any:
            raise RuntimeError(message)

        return check

    monkeypatch.setattr(RunStore, "_check", raising("Query interrupted"))
    with pytest.raises(KeyboardInterrupt):
        RunStore(store).runs()
    monkeypatch.setattr(RunStore, "_check", raising("something else"))
    with pytest.raises(RuntimeError, match="something else"):
        RunStore(store).runs()
    monkeypatch.setattr(RunStore, "_check", original)


def test_a_sigint_swallowed_during_a_read_is_still_ctrl_c(stored, monkeypatch) -> None:
    """A Ctrl-C that a C extension swallowed whole (the read then succeeds) still stops
    the command: the user asked to stop."""
    store, _ = stored
    original = RunStore._check

    def check(self: RunStore, con: Any, create: bool) -> Any:
        # swallowed, as DuckDB's lookup of a Python object can
        with contextlib.suppress(KeyboardInterrupt):
            signal.raise_signal(signal.SIGINT)
        return original(self, con, create=create)

    monkeypatch.setattr(RunStore, "_check", check)
    with pytest.raises(KeyboardInterrupt):
        RunStore(store).runs()
