"""How ``tigris compare`` and ``tigris runs`` name a store they cannot use (user test
s50 compare #4; docs/runs.md, "Where": one line naming ``--store``, or
``TIGRIS_STORE`` when that set the store).

- a store set only by ``TIGRIS_STORE`` is named so, not ``--store`` (a store under a
  file, a 0-byte file): before, "--store: cannot write ..." though no --store was given,
  and "store: ... not a DuckDB file";
- an id not in a store given by ``--store`` says how to list that store's runs:
  ``tigris runs list --store FILE``, not ``tigris runs list`` (the default store);
- ``tigris runs rm`` of a store it can read but not write says "cannot write store
  FILE: ..." as docs/runs.md promises, and nothing is removed (it said "cannot open
  store FILE: IO Error: ...").
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.runs.store import RunStore

#: A plan that solves in a second or two (docs/examples).
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _other_prefix(rid: str) -> str:
    """A 4-character prefix of no run in a store holding only ``rid``."""
    return "ffff" if not rid.startswith("ffff") else "eeee"


def test_a_store_set_by_the_variable_is_named_so(
    run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_store: tuple[Path, str]
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("x", encoding="utf-8")
    monkeypatch.setenv("TIGRIS_STORE", str(notes / "runs.duckdb"))
    res = run_cli("compare", small_store[1], SMALL)
    assert_one_line_error(res, "error: TIGRIS_STORE: cannot write", "is a file")
    assert "--store" not in res.err
    empty = tmp_path / "empty.duckdb"
    empty.write_bytes(b"")
    monkeypatch.setenv("TIGRIS_STORE", str(empty))
    res = run_cli("compare", small_store[1][:4], SMALL)
    assert_one_line_error(res, "error: A: TIGRIS_STORE: ", "not a DuckDB file")
    res = run_cli("compare", SMALL, SMALL)  # nothing read by id: the store to write to
    assert_one_line_error(res, "error: TIGRIS_STORE: ", "not a DuckDB file")
    assert "--store" not in res.err
    # given with --store, it is named --store
    res = run_cli("compare", SMALL, SMALL, "--store", empty)
    assert_one_line_error(res, "error: --store: ", "not a DuckDB file")


def test_an_unknown_id_names_the_store_given(run_cli, small_store: tuple[Path, str]) -> None:
    path, rid = small_store
    other = _other_prefix(rid)
    hint = f"tigris runs list --store {path}"
    res = run_cli("compare", other, SMALL, "--store", path)
    assert_one_line_error(res, f"A: no run '{other}'", hint)
    res = run_cli("runs", "show", other, "--store", path)
    assert_one_line_error(res, f"no run '{other}'", hint)


@pytest.fixture
def read_only(small_store: tuple[Path, str], tmp_path: Path):
    """A copy of the small store that can be read but not written: immutable for root
    (``chattr +i``: root writes any mode), else its folder and file read-only."""
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "runs.duckdb"
    shutil.copy(small_store[0], path)
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("root, and no chattr to make a file unwritable")
        made = subprocess.run(["chattr", "+i", str(folder), str(path)], check=False)
        if made.returncode != 0:
            pytest.skip("root, and chattr +i is not permitted here")
        yield path
        subprocess.run(["chattr", "-i", str(folder), str(path)], check=False)
    else:
        path.chmod(0o444)
        folder.chmod(0o555)
        yield path
        folder.chmod(0o755)
        path.chmod(0o644)


def test_rm_of_a_store_that_cannot_be_written(
    run_cli, read_only: Path, small_store: tuple[Path, str]
) -> None:
    rid = small_store[1]
    res = run_cli("runs", "rm", rid, "--store", read_only)
    assert_one_line_error(res, f"--store: cannot write store {read_only}: ", "nothing removed")
    assert "cannot open store" not in res.err
    assert rid in set(RunStore(read_only).runs()["id"])  # still there
