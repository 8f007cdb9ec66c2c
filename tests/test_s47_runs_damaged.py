"""A damaged store file (user test s47 #1): every verb that reads or writes it says so
in one line naming ``--store`` (or ``TIGRIS_STORE``), exit code 2, no traceback.

DuckDB refuses a block whose checksum does not match with ``duckdb.Error: Corrupt
database file: computed checksum ... does not match stored checksum ...``: at ATTACH
when the damage is in the catalogue's block, in a query when it is in a table's data.
The stores here are damaged as a disk would: bytes overwritten inside one block of a
copy, the block found from DuckDB's own ``pragma_storage_info``.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from tigris.errors import InputError
from tigris.runs.store import RunRecord, RunStore

from .conftest import CliResult, assert_one_line_error
from .test_cli_output import tiny_result

#: DuckDB's file headers before the first block (3 x 4096 bytes) [bytes].
HEADERS = 3 * 4096
#: Where in a block the damage is written, and how many bytes [bytes].
INTO_BLOCK, DAMAGE = 64, 64
#: Where each kind of damage goes: the catalogue's block (0), or the first data block
#: of a table (the runs themselves, or one of a result's tables).
PLACES = ("catalogue", "runs", "demand")


def block_of(path: Path, table: str) -> int:
    """The first block holding ``table``'s data, and the file's block size."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            f"SELECT DISTINCT block_id FROM pragma_storage_info('{table}') "
            "WHERE block_id >= 0 ORDER BY block_id"
        ).fetchall()
    finally:
        con.close()
    return int(rows[0][0])


def block_size(path: Path) -> int:
    """The file's block size [bytes]."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        row = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
    finally:
        con.close()
    assert row is not None
    return int(row[0])


def damage(good: Path, bad: Path, place: str) -> Path:
    """A copy of ``good`` at ``bad`` with bytes overwritten in one block: the
    catalogue's (block 0) or the first block of a table's data."""
    block = 0 if place == "catalogue" else block_of(good, place)
    offset = HEADERS + block * block_size(good) + INTO_BLOCK
    shutil.copyfile(good, bad)
    with bad.open("r+b") as f:
        f.seek(offset)
        f.write(b"\xab" * DAMAGE)
    return bad


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A store of one small run, and its id."""
    from tigris.scenario.edit import load_any, to_yaml

    from .conftest import SMALL

    path = tmp_path_factory.mktemp("store") / "good.duckdb"
    text = to_yaml(load_any(SMALL))
    rid = RunStore(path).add(RunRecord("plan", text, "tiny"), tiny_result())
    return path, rid


@pytest.fixture(params=PLACES)
def bad(request: pytest.FixtureRequest, good: tuple[Path, str], tmp_path: Path) -> Path:
    """The store damaged in one place."""
    return damage(good[0], tmp_path / f"bad-{request.param}.duckdb", str(request.param))


def test_the_damage_is_what_duckdb_reports(bad: Path, good: tuple[Path, str]) -> None:
    """The test's premise: the damaged copy makes DuckDB fail where the store reads it
    (at ATTACH, or when the run's tables are read)."""
    con = duckdb.connect(":memory:")
    with pytest.raises(duckdb.Error, match="Corrupt database file"):
        con.execute(f"ATTACH '{bad}' AS s (READ_ONLY)")
        for table in ("runs", "demand"):
            con.execute(f"SELECT * FROM s.{table}").fetchall()
    con.close()


@pytest.mark.parametrize(
    "verb",
    [
        ["runs", "list"],
        ["runs", "list", "--json"],
        ["runs", "show", "{id}"],
        ["runs", "show", "{id}", "--json"],
        ["runs", "export", "{id}", "--format", "csv", "--out", "{tmp}/exp"],
        ["runs", "rm", "{id}"],
        ["compare", "{id}", "{id}"],
    ],
    ids=lambda v: " ".join(a for a in v if "{" not in a),
)
def test_every_verb_says_a_damaged_store_in_one_line(
    run_cli: Callable[..., CliResult],
    bad: Path,
    good: tuple[Path, str],
    tmp_path: Path,
    verb: list[str],
) -> None:
    """Each verb that reads the store: exit 2, one line naming --store and DuckDB's
    reason, no traceback (it was ``_duckdb.Error: Corrupt database file`` from
    ``RunStore._open`` or ``RunStore.result``, exit 1). A verb that does not reach
    the damaged block (``runs list`` of a store whose result tables are damaged) still
    works."""
    args = [a.format(id=good[1], tmp=tmp_path) for a in verb]
    res = run_cli(*args, "--store", str(bad))
    if res.code == 0:  # the damage is in a block this verb never reads
        assert "demand" in bad.name and verb[:2] == ["runs", "list"], res.err
        return
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert "Traceback" not in res.err
    assert res.code == 2, (res.code, res.err)
    # compare says it once for each side (A and B)
    assert 1 <= len(lines) <= 2, res.err
    for line in lines:
        assert "--store: cannot " in line and f"store {bad}" in line, line
        assert "Corrupt database file" in line and "the file is damaged" in line, line
    assert not (tmp_path / "exp").exists()


def test_tigris_store_is_named_when_it_set_the_store(
    run_cli: Callable[..., CliResult], bad: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the store set by ``TIGRIS_STORE``, the line names it."""
    if "demand" in bad.name:
        pytest.skip("runs list does not read the result tables")
    monkeypatch.setenv("TIGRIS_STORE", str(bad))
    res = run_cli("runs", "list")
    assert_one_line_error(res, "TIGRIS_STORE: cannot ", "Corrupt database file")


def test_plan_refuses_a_damaged_catalogue_before_solving(
    run_cli: Callable[..., CliResult], good: tuple[Path, str], tmp_path: Path
) -> None:
    """``tigris plan`` checks the store before solving: a damaged catalogue is one line
    (a traceback before), nothing printed or solved."""
    bad = damage(good[0], tmp_path / "bad.duckdb", "catalogue")
    res = run_cli("plan", "--store", str(bad))
    assert_one_line_error(res, "--store: cannot open store", "Corrupt database file")


def test_the_python_api_raises_input_error(bad: Path, good: tuple[Path, str]) -> None:
    """``RunStore``'s reads raise :class:`InputError` naming ``--store`` (a Python
    caller's ``tigris.runs.export.export_run`` names ``store``), not ``duckdb.Error``."""
    st = RunStore(bad)
    with pytest.raises(InputError, match="Corrupt database file"):
        st.result(good[1])
    from tigris.runs.export import export_run

    with pytest.raises(InputError, match=r"^store: cannot .*Corrupt database file"):
        export_run(bad, good[1], "csv", bad.parent / "exp")
