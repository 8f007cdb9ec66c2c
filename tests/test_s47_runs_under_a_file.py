"""A store path under a regular file (``notastore.txt/x.duckdb``) is refused by every
verb, as ``tigris plan`` refuses it (user test s47 #6): ``runs list`` said "no runs in
notastore.txt/x.duckdb", exit 0, with ``--store`` and with ``TIGRIS_STORE`` alike.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.runs.store import RunStore

from .conftest import CliResult, assert_one_line_error

VERBS = [
    ["runs", "list"],
    ["runs", "list", "--json"],
    ["runs", "show", "abcd"],
    ["runs", "export", "abcd", "--format", "csv", "--out", "exp"],
    ["runs", "rm", "abcd"],
    ["compare", "abcd", "abce"],
    ["plan", "--from-run", "abcd", "--no-store"],
    ["plan"],
]


@pytest.mark.parametrize("how", ["--store", "TIGRIS_STORE"])
@pytest.mark.parametrize("verb", VERBS, ids=" ".join)
def test_every_verb_refuses_a_store_under_a_file(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    verb: list[str],
    how: str,
) -> None:
    """One line naming where the store was set and the file in the way, exit 2."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notastore.txt").write_text("notes\n", encoding="utf-8")
    store = "notastore.txt/x.duckdb"
    if how == "--store":
        monkeypatch.delenv("TIGRIS_STORE", raising=False)
        res = run_cli(*verb, "--store", store)
    else:
        monkeypatch.setenv("TIGRIS_STORE", store)
        res = run_cli(*verb)
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert res.code == 2, (res.code, res.out, res.err)
    assert "Traceback" not in res.err
    assert res.out == "" or ("--json" in verb and '"error"' in res.out)
    assert 1 <= len(lines) <= (2 if verb[0] == "compare" else 1), res.err  # A and B
    for line in lines:
        assert f"{how}: cannot " in line or (how == "TIGRIS_STORE" and "--store: cannot" in line)
        assert f"{store}: 'notastore.txt' is a file, not a directory" in line, line
    assert not (tmp_path / "exp").exists()


def test_runs_list_names_tigris_store(
    run_cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``runs list`` names ``TIGRIS_STORE`` when it set the store, as ``plan`` does."""
    (tmp_path / "notastore.txt").write_text("notes\n", encoding="utf-8")
    monkeypatch.setenv("TIGRIS_STORE", str(tmp_path / "notastore.txt" / "x.duckdb"))
    assert_one_line_error(run_cli("runs", "list"), "TIGRIS_STORE: cannot read store")


def test_the_python_api_refuses_it(tmp_path: Path) -> None:
    """``RunStore(...).runs()`` raises rather than listing nothing."""
    (tmp_path / "notastore.txt").write_text("notes\n", encoding="utf-8")
    with pytest.raises(InputError, match="is a file, not a directory"):
        RunStore(tmp_path / "notastore.txt" / "x.duckdb").runs()
