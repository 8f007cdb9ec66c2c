"""Bad input of user test s62: one line naming the field or path (``file:line`` in a
scenario file), exit code 2, no traceback, nothing left behind.

1. a mapping key that is no text (``1: x``, ``[a, b]: 1``, ``null: 2``) was refused in
   PyYAML's or pydantic's words ("found unhashable key", "Keys should be strings");
2. two merge keys (``<<: *a`` twice) in one mapping were merged silently;
3. a NetCDF export onto a full disk said "Permission denied" (and a CSV export named
   its staging folder, not ``--out``);
4. a path that is not UTF-8 (byte 0xff) was solved and then blamed the run store;
5. ``tigris report`` of an empty read-only folder named ``--html``;
6. ``tigris compare --figure`` onto a full disk left run B stored (and printed the
   comparison) before failing.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, CliResult, assert_one_line_error


def _reference_with(tmp_path: Path, after: str, line: str) -> tuple[Path, int]:
    """The reference scenario with ``line`` inserted after the first line starting with
    ``after``: the file and the inserted line's number."""
    from tigris.scenario.load import reference_scenario_text

    lines = reference_scenario_text().split("\n")
    at = next(i for i, text in enumerate(lines) if text.startswith(after)) + 1
    lines.insert(at, line)
    path = tmp_path / "edited.yaml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path, at + 1


def _left(folder: Path) -> list[str]:
    """The names in ``folder``."""
    return sorted(p.name for p in folder.iterdir())


# --- 1. keys that are no text ---------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "line", "field", "got"),
    [
        ("name: reference", "1: x", "", "got 1"),
        ("name: reference", "null: 2", "", "got nothing (null)"),
        ("name: reference", "[a, b]: 1", "", "got a list"),
        ("name: reference", "{a: 1}: 1", "", "got a mapping"),
        ("  last_year:", "  true: 1", "horizon: ", "got a YAML boolean (true)"),
        ("  - name: taiwan", "    1: x", "sites.0: ", "got 1"),
        ("  - name: taiwan", "    null: 2", "sites.0: ", "got nothing (null)"),
        ("  - name: taiwan", "    [a, b]: 1", "sites.0: ", "got a list"),
    ],
)
def test_non_text_key_is_one_line_at_its_line(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    after: str,
    line: str,
    field: str,
    got: str,
) -> None:
    """``1: x``, ``null: 2`` or ``[a, b]: 1`` in the reference, at the top or in an
    entry: tigris's one line at the key's line, not "Keys should be strings" or
    "found unhashable key"."""
    path, n = _reference_with(tmp_path, after, line)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:{n}: {field}expected a ", " as key, ", got)
    assert "Keys should be strings" not in res.err
    assert "unhashable" not in res.err


# --- 2. two merge keys ----------------------------------------------------------------


def test_two_merge_keys_in_one_mapping_are_refused(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``<<: *tw`` then ``<<: *az`` in one site: refused at the second, naming the
    first's line (it was merged silently, as if one)."""
    from tigris.scenario.load import reference_scenario_text

    text = reference_scenario_text()
    for old, new in (
        ("  - name: taiwan\n", "  - &tw\n    name: taiwan\n"),
        ("  - name: arizona-usa\n", "  - &az\n    name: arizona-usa\n"),
        ("  - name: japan\n", "  - name: japan\n    <<: *tw\n    <<: *az\n"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "merged.yaml"
    path.write_text(text, encoding="utf-8")
    first = text.split("\n").index("    <<: *tw") + 1
    res = run_cli("scenario", "check", path)
    assert_one_line_error(
        res, f"{path}:{first + 1}: sites.2: '<<' given twice", f"first on line {first}"
    )


def test_merge_keys_twice_refused_by_the_reader_too() -> None:
    """The reader refuses it for every YAML file (a ``--data`` file, ``--set`` text);
    one ``<<: [*a, *b]`` still merges both."""
    from tigris.errors import InputError
    from tigris.yamlio import parse_yaml

    anchors = "a: &a {x: 1}\nb: &b {y: 2}\n"
    said = r"<text>:5: c: '<<' given twice in one mapping \(first on line 4\)"
    with pytest.raises(InputError, match=said):
        parse_yaml(anchors + "c:\n  <<: *a\n  <<: *b\n")
    assert parse_yaml(anchors + "c:\n  <<: [*a, *b]\n")["c"] == {"x": 1, "y": 2}


# --- 3. a full disk under an export ---------------------------------------------------


def _full_disk(monkeypatch: pytest.MonkeyPatch, exc: OSError) -> None:
    """``Dataset.to_netcdf`` writes part of its file, then raises ``exc``; the disk
    has no room left."""
    import xarray as xr

    def write(self: Any, path: Any, *args: Any, **kwargs: Any) -> None:
        Path(path).write_bytes(b"CDF\x01" * 16)
        raise exc

    monkeypatch.setattr(xr.Dataset, "to_netcdf", write)
    real = shutil.disk_usage
    monkeypatch.setattr(
        shutil,
        "disk_usage",
        lambda p: real(p)._replace(free=0),  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize(
    "exc",
    [
        PermissionError(errno.EACCES, "Permission denied"),  # what netCDF4 raised
        OSError(errno.ENOSPC, "No space left on device"),
    ],
    ids=["netcdf-says-denied", "enospc"],
)
def test_netcdf_export_on_a_full_disk_says_so(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_run: tuple[Path, str],
    exc: OSError,
) -> None:
    """The netCDF library says a full disk as "Permission denied": the line says the
    disk is full, names the file, and no file (nor a temporary one) is left."""
    store, rid = one_run
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "plan.nc"
    _full_disk(monkeypatch, exc)
    res = run_cli("runs", "export", rid, "--format", "netcdf", "--out", out, "--store", store)
    assert_one_line_error(res, "--out", f"cannot write {out}: the disk is full")
    assert "Permission denied" not in res.err
    assert _left(out_dir) == []


def test_netcdf_export_denied_with_room_stays_denied(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_run: tuple[Path, str],
) -> None:
    """A "Permission denied" with room on the disk is not called a full disk."""
    import xarray as xr

    def write(self: Any, path: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(xr.Dataset, "to_netcdf", write)
    store, rid = one_run
    out = tmp_path / "plan.nc"
    res = run_cli("runs", "export", rid, "--format", "netcdf", "--out", out, "--store", store)
    assert_one_line_error(res, "--out", f"cannot write {out}: Permission denied")
    assert not out.exists()


def test_csv_export_on_a_full_disk_names_out_not_its_staging(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_run: tuple[Path, str],
) -> None:
    """A CSV export's plan tables failing on a full disk named the staging folder
    (``.out.tigris-tmp-1a2b``): the line names ``--out``'s folder, and none is left."""
    store, rid = one_run
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "csv"

    def full(self: Path, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    res = run_cli("runs", "export", rid, "--format", "csv", "--out", out, "--store", store)
    assert_one_line_error(res, "--out", f"cannot write {out}: the disk is full")
    assert "tigris-tmp" not in res.err
    assert _left(out_dir) == []


# --- 4. paths that are not UTF-8 ------------------------------------------------------

#: A file name byte that is no UTF-8, as Python gives it from the command line.
_BAD = os.fsdecode(b"\xff")


def test_scenario_path_not_utf8_names_the_argument(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    """``tigris plan bad<0xff>.yaml`` solved, then blamed the run store ("cannot write
    store ...: cannot encode str as UTF-8"): refused first, naming the argument."""
    path = tmp_path / f"bad{_BAD}.yaml"
    path.write_text(SMALL, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli("plan", path, "--store", store)
    assert_one_line_error(res, "FILE: ", "bad\\xff.yaml", "not UTF-8 text (byte 0xff)")
    assert "store" not in res.err.lower()
    assert not store.exists()


@pytest.mark.parametrize("inline", [False, True], ids=["--out X", "--out=X"])
def test_out_path_not_utf8_names_the_option(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    one_run: tuple[Path, str],
    inline: bool,
) -> None:
    """``runs export --out o<0xff>.nc`` died in the netCDF library with a traceback:
    refused first, naming ``--out``; nothing is written."""
    store, rid = one_run
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = str(out_dir / f"o{_BAD}.nc")
    given = [f"--out={out}"] if inline else ["--out", out]
    res = run_cli("runs", "export", rid, "--format", "netcdf", *given, "--store", store)
    assert_one_line_error(res, "--out: ", "o\\xff.nc", "not UTF-8 text")
    assert _left(out_dir) == []


# --- 5. report of a folder with no plan -----------------------------------------------


def test_report_of_an_empty_read_only_folder_says_it_has_no_plan(
    run_cli: Callable[..., CliResult], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An empty read-only folder was refused for its default ``--html`` file; what is
    wrong is that it holds no saved plan."""
    folder = tmp_path / "empty"
    folder.mkdir()
    folder.chmod(0o555)
    real = os.access  # root may write anywhere: the folder is read-only for the test

    def access(path: Any, mode: int, **kw: Any) -> bool:
        return not (Path(path) == folder and mode & os.W_OK) and real(path, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    try:
        res = run_cli("report", folder)
    finally:
        folder.chmod(0o755)
    assert_one_line_error(res, "RESULT_DIR: ", f"'{folder}' has no plan.json")
    assert "--html" not in res.err
    assert _left(folder) == []


# --- 6. compare --figure onto a full disk ---------------------------------------------


def test_compare_figure_on_a_full_disk_leaves_no_run_stored(
    run_cli: Callable[..., CliResult],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    one_run: tuple[Path, str],
) -> None:
    """The figure's folder passes every check, then the disk is full when the figure
    is written: exit 2, one line naming ``--figure`` and the path, nothing printed, and
    the run solved for B taken back out of the store."""
    import tigris.cli.compare as compare_cli
    from tigris.runs.store import RunStore

    store, rid = one_run
    scenario = tmp_path / "b.yaml"
    scenario.write_text(SMALL, encoding="utf-8")
    out_dir = tmp_path / "fig"
    out_dir.mkdir()
    figure = out_dir / "diff.png"

    def full(c: Any, path: Path) -> None:
        Path(path).write_bytes(b"\x89PNG")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(compare_cli, "_png", full)
    res = run_cli("compare", rid, scenario, "--figure", figure, "--store", store)
    assert_one_line_error(
        res, "--figure: ", f"cannot write {figure}: the disk is full", "nothing stored"
    )
    assert list(RunStore(store).runs()["id"]) == [rid]
    assert _left(out_dir) == []
