"""User test s46, the Python API of ``tigris.sweep`` (docs/api.md, docs/sweeps.md).

* #2: a boolean keyword given a non-boolean (``zip_="no"``, truthy) ran another sweep
  than asked (zipped, not a grid; progress on; results kept; the plan as planned
  added). ``tigris.plan`` and ``tigris.risk`` refuse such a value ("expected True or
  False"); so does ``tigris.sweep`` now, by keyword, before anything runs or is stored.
* #8: ``python - <<EOF`` (a script piped in, main module ``<stdin>``) with
  ``workers=2``: every spawned worker failed to run ``<stdin>`` again
  (``FileNotFoundError``, Dask's "Nanny failed to start") and an empty store file was
  left behind. Now one InputError saying what to do, nothing started or stored;
  ``python -c`` (no main file to run again) still runs.
* #11: ``SweepResult.frame("supply_by_source")`` and the stored table lacked the
  ``h100e_in_service`` column of ``PlanResult.to_frame("supply_by_source")``; a run
  stored before the column reads it as NaN (docs/runs.md).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pytest

import tigris
from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.runs.store import RunStore

if TYPE_CHECKING:
    import pandas as pd

    from tigris.plan.result import PlanResult

#: Longest a subprocess here may take [s]: the ``python -c`` one starts a 2-worker
#: cluster and solves two small members (~15 s on the shared 2-core machine).
SCRIPT_LIMIT_S = 240.0

#: The boolean keywords of ``tigris.sweep`` (its signature, docs/sweeps.md).
BOOLEAN_KEYWORDS = (
    "zip_",
    "progress",
    "keep_results",
    "series",
    "recentre",
    "as_written",
    "planned",
)


# ----------------------------------------------------------------------------- #2
@pytest.mark.parametrize("keyword", BOOLEAN_KEYWORDS)
@pytest.mark.parametrize("value", ["no", 1, None])
def test_boolean_keyword_refuses_a_non_boolean(tmp_path: Path, keyword: str, value: object) -> None:
    store = tmp_path / "runs.duckdb"
    kwargs: dict[str, object] = {"progress": False, keyword: value}
    with pytest.raises(InputError) as err:
        tigris.sweep(
            SMALL_3Y,
            {"discount_rate": [0.06, 0.1], "pue": [1.1, 1.3]},
            workers=0,
            store=store,
            **kwargs,
        )
    # as tigris.plan words it, named by the keyword the caller gave
    assert str(err.value) == f"{keyword}: expected True or False, got {value!r}"
    assert [p.field for p in err.value.problems] == [keyword]
    assert not store.exists()  # refused before anything was stored


def test_plan_words_the_same_refusal() -> None:
    """The message is tigris.plan's own (the docs promise one wording)."""
    with pytest.raises(InputError) as err:
        tigris.plan(SMALL_3Y, counterfactual="no")
    assert str(err.value) == "counterfactual: expected True or False, got 'no'"


def test_every_bad_boolean_named_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        tigris.sweep(SMALL_3Y, {"discount_rate": [0.06]}, workers=0, store=False,
                     zip_="no", progress="no", planned=0)  # fmt: skip
    assert [p.field for p in err.value.problems] == ["zip_", "progress", "planned"]


def test_true_booleans_still_run() -> None:
    sw = tigris.sweep(
        SMALL_3Y,
        {"discount_rate": [0.06, 0.1], "pue": [1.1, 1.3]},
        zip_=True,
        keep_results=True,
        workers=0,
        store=False,
        progress=False,
    )
    assert len(sw.members) == 2  # zipped
    assert len(sw.results) == 2  # kept


# ----------------------------------------------------------------------------- #8
def _python(
    args: list[str], tmp_path: Path, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TIGRIS_SCHEDULER"}
    env["TIGRIS_STORE"] = str(tmp_path / "default.duckdb")
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=SCRIPT_LIMIT_S,
        env=env,
        cwd=tmp_path,
        check=False,
    )


def _sweep_code(store: Path, *, guarded: bool = False) -> str:
    body = (
        f"sw = tigris.sweep({SMALL_3Y!r}, {{'discount_rate': [0.06, 0.08]}}, workers=2, "
        f"store={str(store)!r}, progress=False)\nprint('status', sw.status, len(sw.members))\n"
    )
    if guarded:  # guarded or not, the spawned workers cannot run <stdin> again
        body = 'if __name__ == "__main__":\n' + textwrap.indent(body, "    ")
    return "import tigris\n" + body


@pytest.mark.parametrize("guarded", [False, True])
def test_stdin_main_refused_nothing_started_or_stored(tmp_path: Path, guarded: bool) -> None:
    store = tmp_path / "stdin.duckdb"
    proc = _python(["-"], tmp_path, stdin=_sweep_code(store, guarded=guarded))
    err = proc.stderr
    assert proc.returncode == 1, err
    assert err.count("tigris.errors.InputError") == 1, err
    # says what to do instead
    assert "python -" in err and "workers=0" in err and "python -c" in err, err
    assert "__name__ == '__main__'" in err, err
    # nothing started: no worker failed to run <stdin>, no Nanny
    assert "FileNotFoundError" not in err, err
    assert "Nanny" not in err, err
    assert err.count("Traceback") == 1, err
    assert "status" not in proc.stdout
    assert not store.exists()  # nothing stored, not even an empty file
    assert not (tmp_path / "default.duckdb").exists()


def test_stdin_main_refused_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard itself, for a main module whose file does not exist (as ``python -``
    sets ``__main__.__file__`` to ``<stdin>``): refused, whatever the source."""
    from tigris.runs.executor import check_main_guard

    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "__spec__", None, raising=False)
    monkeypatch.setattr(main, "__file__", "<stdin>", raising=False)
    with pytest.raises(InputError) as err:
        check_main_guard()
    assert "'<stdin>'" in str(err.value)


def test_stdin_main_with_workers_0_runs(tmp_path: Path) -> None:
    """Nothing spawned: ``python -`` with ``workers=0`` runs as before."""
    store = tmp_path / "w0.duckdb"
    code = _sweep_code(store).replace("workers=2", "workers=0")
    proc = _python(["-"], tmp_path, stdin=code)
    assert proc.returncode == 0, proc.stderr
    assert "status done 2" in proc.stdout


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_python_c_with_workers_still_runs(tmp_path: Path) -> None:
    """``python -c`` has no main file for the workers to run again: it runs as before."""
    store = tmp_path / "c.duckdb"
    proc = _python(["-c", _sweep_code(store)], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "status done 2" in proc.stdout
    assert RunStore(store).sweeps().loc[0, "n_stored"] == 2


# ---------------------------------------------------------------------------- #11
TABLE = "supply_by_source"


def _plan_columns() -> list[str]:
    return list(tigris.plan(SMALL_3Y, explain=False).to_frame(TABLE).columns)


def test_stored_sweep_frame_has_the_plans_columns(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    sw = tigris.sweep(SMALL_3Y, {"discount_rate": [0.06, 0.1]}, workers=0, store=store,
                      progress=False)  # fmt: skip
    df = sw.frame(TABLE)
    want = _plan_columns()
    assert "h100e_in_service" in want
    assert list(df.columns) == ["run_id", "member", "discount_rate", *want]
    # each member's rows are its plan's table (to_frame of the stored plan)
    st = RunStore(store)
    for member, rid in zip(sw.members["index"], sw.members["run_id"], strict=True):
        plan_df = st.result(rid).to_frame(TABLE)
        mine = df[df["member"] == member]
        assert len(mine) == len(plan_df) > 0
        np.testing.assert_allclose(
            mine["h100e_in_service"].to_numpy(float), plan_df["h100e_in_service"].to_numpy(float)
        )
        assert mine["h100e_in_service"].notna().all()
    # the stored table itself (what SQL sees, docs/runs.md) carries the column too
    with duckdb.connect(str(store), read_only=True) as con:
        cols = [r[0] for r in con.execute(f"DESCRIBE {TABLE}").fetchall()]
    assert set(want) <= set(cols)


def test_kept_sweep_frame_has_the_plans_columns() -> None:
    sw = tigris.sweep(SMALL_3Y, {"discount_rate": [0.06]}, workers=0, store=False,
                      keep_results=True, progress=False)  # fmt: skip
    df = sw.frame(TABLE)
    assert list(df.columns) == ["run_id", "member", "discount_rate", *_plan_columns()]
    np.testing.assert_allclose(
        df["h100e_in_service"].to_numpy(float),
        sw.results[0].to_frame(TABLE)["h100e_in_service"].to_numpy(float),
    )


def test_store_written_before_the_column_reads_it_as_nan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run stored before the column (written as the older versions did: the result's
    own table, without it) reads the column as NaN; a run stored after it into the
    same file has its figures (the table's column added on that write)."""
    from tigris.runs import store as store_mod

    store = tmp_path / "old.duckdb"
    with monkeypatch.context() as m:  # the older writer
        m.setattr(store_mod, "_OUTPUT_COLUMNS", {}, raising=False)
        m.setattr(
            store_mod.RunStore,
            "_result_frames",
            staticmethod(_old_result_frames),
        )
        old = tigris.sweep(SMALL_3Y, {"discount_rate": [0.06]}, workers=0, store=store,
                           progress=False)  # fmt: skip
    with duckdb.connect(str(store), read_only=True) as con:
        cols = [r[0] for r in con.execute(f"DESCRIBE {TABLE}").fetchall()]
    assert "h100e_in_service" not in cols  # as an older version left the store
    old_df = RunStore(store).table(TABLE, sweep_id=old.sweep_id)
    assert list(old_df.columns) == ["run_id", "member", "discount_rate", *_plan_columns()]
    assert len(old_df) > 0 and old_df["h100e_in_service"].isna().all()
    new = tigris.sweep(SMALL_3Y, {"discount_rate": [0.1]}, workers=0, store=store,
                       progress=False)  # fmt: skip
    assert new.frame(TABLE)["h100e_in_service"].notna().all()
    again = old.frame(TABLE)  # still NaN after the column was added to the file
    assert all(math.isnan(v) for v in again["h100e_in_service"])


def _old_result_frames(result: PlanResult) -> Iterator[tuple[str, pd.DataFrame]]:
    """Every table of ``result`` as the store wrote them before user test s46 #11: the
    result's own tables (``supply_by_source`` without the compute in service)."""
    from tigris.plan.result import SUBSIDY_TABLE, TABLE_COLUMNS
    from tigris.plan.site_load import SITE_LOAD_TABLE

    for name in TABLE_COLUMNS:
        yield name, getattr(result, name)
    yield SUBSIDY_TABLE, result.subsidies
    yield SITE_LOAD_TABLE, result.site_load
    yield "binding", result.to_frame("binding")
