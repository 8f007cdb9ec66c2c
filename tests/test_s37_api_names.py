"""Errors of ``tigris.sweep`` and ``export_run`` called from Python name their Python
keywords, not the command line's flags (API-LEFT #1).

A notebook user's ``tigris.sweep(sc, {"discount_rate": 0.05})`` was refused as
``--set: 'discount_rate': expected a list of values``, and ``export_run(st, id, "pdf",
out)`` as ``--format: ...``: flags the caller never typed. From Python the problem is
now named by the keyword that took the input (``sets``, ``zip_``, ``samples``,
``recentre``, ``workers``, ``store``, ``data``; ``fmt``, ``out``), and its text names
no flag; ``tigris sweep`` and ``tigris runs export`` call the same code and still name
their flags. All the refusals come before anything is solved (nothing stored).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tigris
from tests.conftest import SMALL_3Y, assert_one_line_error, write_scenario
from tigris.errors import InputError
from tigris.runs.export import export_run
from tigris.runs.store import RunStore


def sweep_refused(tmp_path: Path, sets, **kw) -> InputError:
    kw = {"workers": 0, "store": tmp_path / "runs.duckdb", "progress": False, **kw}
    with pytest.raises(InputError) as err:
        tigris.sweep(SMALL_3Y, sets, **kw)
    assert not (tmp_path / "runs.duckdb").exists()  # refused before anything ran
    return err.value


FUND = "capital.fund.amount_usd"


@pytest.mark.parametrize(
    ("sets", "kw", "keyword", "needle"),
    [
        ({FUND: 3e10}, {}, "sets", "expected a list of values"),
        ({FUND: [3e10, 4e10], "discount_rate": [0.1]}, {"zip_": True}, "zip_", "as many"),
        ({"capital.fnd.amount_usd": [3e10]}, {}, "sets", "unknown segment 'fnd'"),
        ({FUND: [-1]}, {}, "sets", "must be >= 0"),
        ({}, {}, "sets", "nothing to sweep"),
        ({FUND: [3e10]}, {"samples": 2}, "samples", "not both"),
        (None, {"samples": 2}, "samples", "declares no distributions"),
        ({FUND: [3e10]}, {"recentre": True}, "recentre", "applies to samples only"),
        ({FUND: [3e10, 4e10]}, {"workers": -1}, "workers", "worker processes"),
        ({FUND: [3e10]}, {"data": "no-such-overlay.yaml"}, "data", "no such file"),
    ],
)
def test_sweep_names_its_keywords(tmp_path: Path, sets, kw, keyword, needle) -> None:
    err = sweep_refused(tmp_path, sets, **kw)
    assert [p.field for p in err.problems] == [keyword], str(err)
    assert needle in str(err)
    assert "--" not in str(err), str(err)


def test_sweep_store_is_named_store(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(InputError) as err:
        tigris.sweep(SMALL_3Y, {FUND: [3e10]}, workers=0, store=folder, progress=False)
    assert [p.field for p in err.value.problems] == ["store"]
    assert "is a directory" in str(err.value)


def test_the_command_line_still_names_its_flags(run_cli, tmp_path: Path) -> None:
    f = write_scenario(tmp_path, SMALL_3Y)
    res = run_cli("sweep", f, "--set", f"{FUND}=-1", "--workers", "0", "--no-store")
    assert_one_line_error(res, "--set:", f"{FUND}=-1: must be >= 0")
    res = run_cli("sweep", f, "--samples", "2", "--workers", "0", "--no-store")
    assert_one_line_error(res, "--samples:", "declares no distributions")


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    tigris.plan(SMALL_3Y, explain=False, store=path)
    return path, str(RunStore(path).runs()["id"].iloc[0])


def test_export_names_its_parameters(stored, tmp_path: Path) -> None:
    path, rid = stored
    with pytest.raises(InputError) as err:
        export_run(RunStore(path), rid, "pdf", tmp_path / "x.pdf")
    assert [p.field for p in err.value.problems] == ["fmt"]
    assert "expected one of csv, parquet, xlsx, netcdf" in str(err.value)
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    with pytest.raises(InputError) as err:
        export_run(RunStore(path), rid, "csv", a_file)
    assert [p.field for p in err.value.problems] == ["out"]
    assert a_file.read_text() == "mine\n"  # left as it was
    assert "--" not in str(err.value)


def test_runs_export_still_names_its_flags(stored, run_cli, tmp_path: Path) -> None:
    path, rid = stored
    a_file = tmp_path / "notes.txt"
    a_file.write_text("mine\n")
    res = run_cli("runs", "export", rid, "--format", "csv", "--out", a_file, "--store", path)
    assert_one_line_error(res, "--out:", "is a file")
