"""Output files and folders of a run (user test s44).

The defects checked here:

A. ``--html``/``--report``/``--png`` could name a saved run's own ``run.json`` or
   ``scenario.yaml`` (only ``plan.json`` and the CSVs were guarded): the run was
   destroyed. Every name a run folder may hold is now guarded, before any solve.
B. SIGTERM while the PNGs were drawn left a hidden staging folder and said nothing;
   it now takes Ctrl-C's way out (staging removed, one line said), exit 143.
C. A folder written again (an export in another format, ``plan --out`` over a csv
   export) kept the earlier run's other files beside the new run's; the earlier run's
   files now go.
D. ``runs export`` into a ``plan --out`` folder said it had no ``run.json``.
E. ``runs export --format xlsx --out DIR/`` wrote a file named ``DIR``.
"""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y, write_scenario
from tigris.cli import main
from tigris.fsio import TEMP_MARK
from tigris.runs.export import run_folder_names

#: How long a SIGTERM test waits for the first PNG in the staging folder [s].
_PNG_WAIT_S = 60.0
#: Polling interval while waiting for it [s].
_POLL_S = 0.02


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (recursively) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def run_id(folder: Path) -> str:
    """The stored run's id of a ``plan --out`` folder."""
    return json.loads((folder / "run.json").read_text(encoding="utf-8"))["run_id"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Two runs of the small scenario (the second with another discount rate), each
    saved with ``plan --out`` and stored in a store of this module."""
    root = tmp_path_factory.mktemp("s44")
    store = root / "store.duckdb"
    sc = write_scenario(root, SMALL_3Y)
    out = {"root": root, "store": store, "scenario": sc}
    for name, extra in (("a", []), ("b", ["--set", "discount_rate=0.1"])):
        folder = root / name
        args = ["plan", str(sc), "--out", str(folder), "--store", str(store), *extra]
        assert main(args) == 0
        out[name] = folder
    return out


def no_staging(folder: Path) -> bool:
    """Whether no staging folder of ours is left in ``folder``."""
    return not [p for p in folder.iterdir() if TEMP_MARK in p.name]


# --- A: a run's own files are never an output's target -------------------------------


@pytest.mark.parametrize("name", sorted(run_folder_names() & {"run.json", "scenario.yaml"}))
def test_report_html_on_run_file_refused(runs: dict[str, Path], name: str, capsys) -> None:
    """``report DIR --html DIR/<own file>`` exits 2 naming --html; DIR unchanged and
    still a saved run report reads."""
    folder = runs["a"]
    before = snapshot(folder)
    assert main(["report", str(folder), "--html", str(folder / name)]) == 2
    assert "--html" in capsys.readouterr().err
    assert snapshot(folder) == before
    assert main(["report", str(folder), "--html", str(runs["root"] / "a.html")]) == 0


def test_report_png_inside_run_file_refused(runs: dict[str, Path], capsys) -> None:
    """``--png DIR/run.json/x`` (inside one of the run's files) is refused naming --png."""
    folder = runs["a"]
    before = snapshot(folder)
    assert main(["report", str(folder), "--png", str(folder / "run.json" / "x")]) == 2
    assert "--png" in capsys.readouterr().err
    assert snapshot(folder) == before


@pytest.mark.parametrize("name", ["scenario.yaml", "run.json"])
def test_plan_report_on_out_file_refused(runs: dict[str, Path], name: str, capsys) -> None:
    """``plan --out D --report D/<own file>`` exits 2 naming --report before solving:
    a new D is not made, an existing one is unchanged."""
    new = runs["root"] / f"new-{name}"
    sc = str(runs["scenario"])
    assert main(["plan", sc, "--out", str(new), "--report", str(new / name), "--no-store"]) == 2
    captured = capsys.readouterr()
    assert "--report" in captured.err
    assert captured.out == ""  # refused before solving: nothing printed
    assert not new.exists()
    folder = runs["a"]
    before = snapshot(folder)
    args = ["plan", sc, "--out", str(folder), "--report", str(folder / name), "--no-store"]
    assert main(args) == 2
    assert "--report" in capsys.readouterr().err
    assert snapshot(folder) == before


# --- C: a folder written again holds one run's files ---------------------------------


def test_export_other_format_replaces_run(runs: dict[str, Path], tmp_path: Path) -> None:
    """A parquet export then a csv export of another run into one folder: the folder
    holds exactly the csv export's files (as a fresh csv export writes them)."""
    store, ida, idb = str(runs["store"]), run_id(runs["a"]), run_id(runs["b"])
    mix, fresh = tmp_path / "mix", tmp_path / "fresh"
    args = ["runs", "export", "--store", store, "--format"]
    assert main([*args, "parquet", ida, "--out", str(mix)]) == 0
    assert main([*args, "csv", idb, "--out", str(mix)]) == 0
    assert main([*args, "csv", idb, "--out", str(fresh)]) == 0
    assert sorted(p.name for p in mix.iterdir()) == sorted(p.name for p in fresh.iterdir())
    assert json.loads((mix / "run.json").read_text())["id"] == idb


def test_plan_out_over_export_replaces_run(runs: dict[str, Path], tmp_path: Path) -> None:
    """``plan --out`` over a csv export: the folder holds exactly what ``plan --out``
    writes (the export's extra tables gone), other files kept, and report reads it."""
    store, ida = str(runs["store"]), run_id(runs["a"])
    mix = tmp_path / "mix"
    assert (
        main(["runs", "export", ida, "--store", store, "--format", "csv", "--out", str(mix)]) == 0
    )
    (mix / "notes.txt").write_text("mine")
    sc = str(runs["scenario"])
    assert main(["plan", sc, "--set", "discount_rate=0.1", "--out", str(mix), "--no-store"]) == 0
    expected = {p.name for p in runs["b"].iterdir()} | {"notes.txt"}
    assert {p.name for p in mix.iterdir()} == expected
    assert main(["report", str(mix), "--html", str(tmp_path / "r.html")]) == 0


def test_writers_names_are_guarded(runs: dict[str, Path], tmp_path: Path) -> None:
    """Every file ``plan --out`` and a csv/parquet export write is in
    :func:`run_folder_names` (the set A guards and C clears)."""
    names = {p.name for p in runs["a"].iterdir()}
    for fmt in ("csv", "parquet"):
        out = tmp_path / fmt
        args = ["runs", "export", run_id(runs["a"]), "--store", str(runs["store"])]
        assert main([*args, "--format", fmt, "--out", str(out)]) == 0
        names |= {p.name for p in out.iterdir()}
    assert names <= run_folder_names()


# --- D, E: export refusals that say what the target is --------------------------------


def test_export_into_plan_out_folder_refused(runs: dict[str, Path], capsys) -> None:
    """``runs export --out`` a ``plan --out`` folder exits 2 naming --out, the folder
    unchanged, and the message does not claim run.json is missing."""
    folder = runs["a"]
    before = snapshot(folder)
    args = ["runs", "export", run_id(folder), "--store", str(runs["store"])]
    assert main([*args, "--format", "csv", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "--out" in err and "no run.json" not in err
    assert snapshot(folder) == before


@pytest.mark.parametrize("fmt", ["xlsx", "netcdf"])
def test_export_file_format_trailing_slash_refused(
    runs: dict[str, Path], tmp_path: Path, fmt: str, capsys
) -> None:
    """A one-file format with ``--out DIR/`` exits 2 naming --out and writes nothing."""
    args = ["runs", "export", run_id(runs["a"]), "--store", str(runs["store"])]
    target = str(tmp_path / "xdir") + "/"
    assert main([*args, "--format", fmt, "--out", target]) == 2
    assert "--out" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --- B: SIGTERM while PNGs are drawn ---------------------------------------------------


def _term_at_first_png(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``tigris ARGS`` in ``cwd``, send SIGTERM once the first PNG is in a staging
    folder (the controlled moment), and return the finished process."""
    env = {**os.environ, "TIGRIS_STORE": str(cwd / "store.duckdb")}
    cmd = [sys.executable, "-m", "tigris", *args]
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    end = time.monotonic() + _PNG_WAIT_S
    pattern = str(cwd / f".*{TEMP_MARK}*" / "*.png")
    while time.monotonic() < end and proc.poll() is None and not glob.glob(pattern):
        time.sleep(_POLL_S)
    assert glob.glob(pattern), "no PNG was staged"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=_PNG_WAIT_S)
    return subprocess.CompletedProcess(cmd, proc.returncode, "", err)


def test_sigterm_plan_png_cleans_up(runs: dict[str, Path], tmp_path: Path) -> None:
    """SIGTERM during ``plan --png``: exit 143, one line on stderr, no staging folder,
    neither --out nor --png made."""
    sc = str(runs["scenario"])
    args = ["plan", sc, "--out", "d", "--report", "d.html", "--png", "dpng", "--no-store"]
    done = _term_at_first_png(args, tmp_path)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    # a SIGTERM is not the user's Ctrl-C (review 2026-12-05)
    assert done.stderr.startswith("stopped by SIGTERM while"), done.stderr
    assert no_staging(tmp_path)
    assert not (tmp_path / "d").exists() and not (tmp_path / "dpng").exists()


def test_sigterm_report_png_cleans_up(runs: dict[str, Path], tmp_path: Path) -> None:
    """SIGTERM during ``report --png``: exit 143, one line, no staging folder, the
    saved run unchanged apart from its report."""
    folder = tmp_path / "run"
    folder.mkdir()
    for p in runs["a"].iterdir():
        (folder / p.name).write_bytes(p.read_bytes())
    before = snapshot(folder)
    done = _term_at_first_png(["report", "run", "--png", "figs"], tmp_path)
    assert done.returncode == 128 + signal.SIGTERM, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert no_staging(tmp_path)
    assert not (tmp_path / "figs").exists()
    after = snapshot(folder)
    after.pop("report.html", None)
    assert after == before
