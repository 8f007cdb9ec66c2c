"""Text that is not UTF-8 outside the command line's arguments: one line naming where
it came from, exit code 2, no traceback, nothing written; or it works.

1. ``TIGRIS_STORE`` holding a byte that is no UTF-8 (``0xff``): ``tigris plan`` solved
   and printed the plan, then failed to store it in DuckDB's words ("Python Conversion
   Failure: cannot encode str as UTF-8"); ``tigris runs list`` said "no runs", exit 0;
   ``tigris.plan(store=...)`` solved before failing the same way.
2. The Python API given such a path (what :func:`os.fsdecode` makes of the name): a
   scenario file so named was read, then its run could not be stored; the parquet and
   NetCDF exports raised ``UnicodeEncodeError`` from inside their libraries; messages
   naming the path held a lone surrogate, which no UTF-8 stream or file can take.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, CliResult, assert_one_line_error
from tigris.errors import InputError

#: A file name byte that is no UTF-8, as Python gives it from the environment or a
#: directory listing.
_BAD = os.fsdecode(b"\xff")


def _left(folder: Path) -> list[str]:
    """The names in ``folder``."""
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def bad_env_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``TIGRIS_STORE`` set to a store file whose name holds the byte 0xff; the folder
    it would be in (empty)."""
    folder = tmp_path / "stores"
    folder.mkdir()
    monkeypatch.setenv("TIGRIS_STORE", str(folder / f"runs{_BAD}.duckdb"))
    return folder


@pytest.fixture
def small_file(tmp_path: Path) -> Path:
    """:data:`SMALL` written to ``small.yaml``."""
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


@pytest.fixture
def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """A solve fails the test: a bad input is refused before anything is solved."""

    def solve(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("solved before the bad input was refused")

    monkeypatch.setattr(importlib.import_module("tigris.plan.solve"), "solve", solve)


# --- 1. TIGRIS_STORE not UTF-8 --------------------------------------------------------


def test_plan_with_store_env_not_utf8_is_refused_before_solving(
    run_cli: Callable[..., CliResult], bad_env_store: Path, small_file: Path
) -> None:
    """``tigris plan`` printed the plan, then "cannot create store ...: Python Conversion
    Failure": refused first, naming ``TIGRIS_STORE``; nothing printed or stored."""
    res = run_cli("plan", small_file)
    assert_one_line_error(
        res, "TIGRIS_STORE: ", "runs\\xff.duckdb", "is not UTF-8 text (byte 0xff)"
    )
    assert "Conversion" not in res.err
    assert _left(bad_env_store) == []


@pytest.mark.parametrize("args", [("runs", "list"), ("runs", "show", "abcd")], ids=["list", "show"])
def test_runs_with_store_env_not_utf8_name_it(
    run_cli: Callable[..., CliResult], bad_env_store: Path, args: tuple[str, ...]
) -> None:
    """``tigris runs list`` said "no runs in ..." (exit 0) of a store it could never
    open: the same one line as ``tigris plan``."""
    res = run_cli(*args)
    assert_one_line_error(res, "TIGRIS_STORE: ", "runs\\xff.duckdb", "not UTF-8 text")
    assert _left(bad_env_store) == []


def test_plan_no_store_ignores_the_store_env(
    run_cli: Callable[..., CliResult], bad_env_store: Path, small_file: Path
) -> None:
    """``--no-store`` reads no store: a ``TIGRIS_STORE`` that is not UTF-8 is no
    concern of it."""
    res = run_cli("plan", small_file, "--no-store")
    assert res.code == 0, res.err
    assert _left(bad_env_store) == []


def test_failed_out_after_storing_with_store_env_not_utf8_names_the_run(
    run_cli: Callable[..., CliResult],
    bad_env_store: Path,
    small_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--store FILE`` wins over a ``TIGRIS_STORE`` that is not UTF-8; an ``--out``
    that fails after the run is stored (the plan printed) still names the run and
    ``--store FILE``, not the variable, which was not used."""
    import tigris.cli.plan as plan_cli
    from tigris.runs.store import RunStore

    def full(out: Path, *args: Any, **kwargs: Any) -> None:
        raise InputError(f"cannot write {out}: No space left on device", field="--out")

    monkeypatch.setattr(plan_cli, "_write_out", full)
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", small_file, "--store", store, "--out", tmp_path / "o")
    (rid,) = RunStore(store).runs()["id"].tolist()
    assert res.code == 2
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in res.err, res.err
    assert f"No space left on device; the plan is stored as run {rid} in {store}" in lines[0]
    assert f"'tigris runs rm {rid} --store {store}' removes it" in lines[0]
    assert "TIGRIS_STORE" not in res.err


def test_run_store_from_env_not_utf8_names_it(bad_env_store: Path) -> None:
    """``RunStore()`` read an empty store from a name DuckDB cannot open."""
    from tigris.runs.store import RunStore

    with pytest.raises(InputError, match=r"^TIGRIS_STORE: '.*runs\\xff\.duckdb' is not UTF-8"):
        RunStore().runs()


def test_api_plan_store_env_not_utf8_refused_before_solving(
    bad_env_store: Path, no_solve: None
) -> None:
    """``tigris.plan(sc, store=True)`` solved, then failed in DuckDB's words."""
    import tigris

    with pytest.raises(InputError, match=r"^TIGRIS_STORE: .* is not UTF-8 text \(byte 0xff\)"):
        tigris.plan(SMALL, store=True)
    assert _left(bad_env_store) == []


# --- 2. the Python API given a path that is not UTF-8 ---------------------------------


def test_api_plan_store_not_utf8_refused_before_solving(tmp_path: Path, no_solve: None) -> None:
    """``tigris.plan(sc, store="runs<0xff>.duckdb")``: "store: cannot create store ...:
    Python Conversion Failure ..." after the solve; refused first, naming ``store``."""
    import tigris

    store = tmp_path / f"runs{_BAD}.duckdb"
    with pytest.raises(InputError) as got:
        tigris.plan(SMALL, store=str(store))
    message = str(got.value)
    assert message.startswith("store: '"), message
    assert "runs\\xff.duckdb' is not UTF-8 text (byte 0xff)" in message
    message.encode("utf-8")  # no lone surrogate: any stream can print it
    assert _left(tmp_path) == []


def test_run_store_path_not_utf8_is_refused(tmp_path: Path) -> None:
    """``RunStore("runs<0xff>.duckdb")`` read as an empty store a file it could never
    open."""
    from tigris.runs.store import RunStore

    with pytest.raises(InputError, match=r"^store: .*runs\\xff\.duckdb' is not UTF-8"):
        RunStore(tmp_path / f"runs{_BAD}.duckdb").runs()


def test_api_plan_of_a_scenario_file_not_utf8_is_stored(tmp_path: Path) -> None:
    """A scenario file named with byte 0xff is read (Python's own files take any name),
    and its run stored with the name shown as ``\\xff``: the store keeps text, and the
    run failed to be stored after its solve ("cannot write store ...")."""
    import tigris
    from tigris.runs.store import RunStore

    path = tmp_path / f"small{_BAD}.yaml"
    path.write_text(SMALL, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    result = tigris.plan(str(path), store=store, explain=False, counterfactual=False)
    assert result.run_id is not None
    stored = RunStore(store).record(result.run_id)["scenario_file"]
    assert stored.endswith("small\\xff.yaml"), stored


def test_load_scenario_of_a_path_not_utf8(tmp_path: Path) -> None:
    """A scenario file so named loads; a missing one is "file not found", the byte
    shown as ``\\xff``, not a lone surrogate no UTF-8 stream can print."""
    import tigris

    path = tmp_path / f"small{_BAD}.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert tigris.load_scenario(str(path)).name == "small"
    with pytest.raises(InputError) as got:
        tigris.load_scenario(str(tmp_path / f"missing{_BAD}.yaml"))
    message = str(got.value)
    assert "missing\\xff.yaml" in message and "file not found" in message, message
    message.encode("utf-8")


def test_a_message_naming_a_path_not_utf8_is_utf8_text() -> None:
    """Every problem is UTF-8 text: a lone surrogate shown as ``\\xff`` (a byte of a
    file name) or ``\\ud800``, as control characters are shown escaped."""
    exc = InputError(f"cannot write /tmp/o{_BAD}.html: x\ud800", field="html")
    assert str(exc) == "html: cannot write /tmp/o\\xff.html: x\\ud800"
    assert str(exc.problems[0]) == str(exc)


@pytest.mark.parametrize(
    ("fmt", "name", "library"),
    [("parquet", "o{}", "pyarrow"), ("netcdf", "o{}.nc", "netCDF")],
)
def test_export_out_not_utf8_names_out(
    tmp_path: Path, one_run: tuple[Path, str], fmt: str, name: str, library: str
) -> None:
    """``export_run(..., "parquet"|"netcdf", "o<0xff>")`` raised ``UnicodeEncodeError``
    from inside pyarrow or netCDF4: refused naming ``out``, nothing written."""
    from tigris.runs.export import export_run

    store, rid = one_run
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    with pytest.raises(InputError) as got:
        export_run(store, rid, fmt, out_dir / name.format(_BAD))
    message = str(got.value)
    assert message.startswith("out: '"), message
    assert "is not UTF-8 text (byte 0xff)" in message and library in message, message
    assert _left(out_dir) == []


@pytest.mark.parametrize(("fmt", "name"), [("csv", "o{}"), ("xlsx", "o{}.xlsx")])
def test_export_out_not_utf8_works_where_python_writes(
    tmp_path: Path, one_run: tuple[Path, str], fmt: str, name: str
) -> None:
    """csv and xlsx are written through Python's own files: a name with byte 0xff
    works, as it does for ``open``."""
    from tigris.runs.export import export_run

    store, rid = one_run
    out = tmp_path / name.format(_BAD)
    written = export_run(store, rid, fmt, out)
    assert written and all(p.exists() for p in written)
    assert os.fsencode(out.name).startswith(b"o\xff")


@pytest.mark.parametrize(
    ("text", "line"),
    [("name: sm\udcffall\n", 1), ("name: a\r\nnote: b\udcff\n", 2), ("a: 1\n# \ud800\n", 2)],
)
def test_scenario_text_not_utf8_is_named_at_its_line(text: str, line: int) -> None:
    """YAML text (not a file name) given to the Python API with a lone surrogate (a
    byte 0xff decoded with surrogateescape): the YAML parser raised
    ``UnicodeEncodeError``; now one line at the text's line, the byte shown."""
    from tigris import load_scenario

    with pytest.raises(InputError) as got:
        load_scenario(text)
    message = str(got.value)
    assert f":{line}:" in message and "is not UTF-8 text" in message, message
    message.encode("utf-8")  # the message itself is UTF-8 text
    assert "\n" not in message
