"""What a notebook user met in the store and the exports (API-LEFT, second part).

- ``export_run(store, id, fmt, out)`` took only a ``RunStore``: given the store's file,
  as every other Python entry point takes it (``tigris.plan(store=...)``,
  ``tigris.sweep(store=...)``), it died with ``AttributeError: 'PosixPath' object has
  no attribute 'record'``; and ``"CSV"``, which ``tigris runs export --format CSV``
  takes, was refused.
- ``RunStore.runs(kind="plans")`` listed nothing, silently (the kinds are ``plan``,
  ``sweep``, ``risk``), and ``runs(limit=-1)`` was DuckDB's ``BinderException``
  traceback.
- ``tigris.sweep(sc, {path: np.arange(2, 4)})`` was refused ("expected a list of
  values, got array([2, 3])"): a notebook's values come from numpy. A member given
  ``np.int64(3)`` would have been stored as the text ``"3"`` (JSON's ``default=str``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import tigris
from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.runs.export import export_run
from tigris.runs.store import RunStore


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("store") / "runs.duckdb"
    tigris.plan(SMALL_3Y, explain=False, store=path)
    return path, str(RunStore(path).runs()["id"].iloc[0])


@pytest.mark.parametrize("as_given", [Path, str])
def test_export_takes_the_store_file(stored, tmp_path: Path, as_given) -> None:
    path, rid = stored
    out = tmp_path / "run-csv"
    files = export_run(as_given(path), rid[:6], "CSV", as_given(out))
    doc = json.loads((out / "run.json").read_text())
    assert doc["id"] == rid and doc["format"] == "csv"
    assert out / "demand.csv" in files


def test_export_takes_the_default_store(stored, tmp_path: Path, monkeypatch) -> None:
    path, rid = stored
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    assert export_run(None, rid, "netcdf", tmp_path / "run.nc") == [tmp_path / "run.nc"]


def test_a_kind_no_run_has_is_refused(stored) -> None:
    path, _rid = stored
    st = RunStore(path)
    with pytest.raises(InputError) as err:
        st.runs(kind="plans")
    assert str(err.value).startswith("kind: no run of kind 'plans' (did you mean 'plan'?)")
    assert len(st.runs(kind="plan")) == 1
    assert st.runs(kind="sweep").empty  # a kind of run, none stored: an empty list


@pytest.mark.parametrize("limit", [-1, 2.5, True])
def test_a_bad_limit_is_refused(stored, limit) -> None:
    path, _rid = stored
    with pytest.raises(InputError) as err:
        RunStore(path).runs(limit=limit)
    assert [p.field for p in err.value.problems] == ["limit"]
    assert len(RunStore(path).runs(limit=0)) == 0
    assert len(RunStore(path).runs(limit=1)) == 1


def test_numpy_values_sweep_as_numbers(tmp_path: Path) -> None:
    path = tmp_path / "runs.duckdb"
    modules = "sites.japan.max_modules"
    sw = tigris.sweep(SMALL_3Y, {modules: np.arange(2, 4)}, workers=0, store=path, progress=False)
    assert sw.changes == {0: {modules: 2}, 1: {modules: 3}}
    assert list(sw.members["status"]) == ["optimal", "optimal"]
    stored = RunStore(path).runs(sweep_id=sw.sweep_id)
    assert [c[modules] for c in stored["changes"]] == [2, 3]
    assert all(type(c[modules]) is int for c in stored["changes"])
    spec = json.loads(RunStore(path).sweeps()["spec"].iloc[0])
    assert spec["sets"] == {modules: [2, 3]}
