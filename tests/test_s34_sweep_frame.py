"""One result table across a sweep's members (user test UT-HYPER #9): per-class served
and unmet by member took raw DuckDB SQL. ``SweepResult.frame(table)`` and
``RunStore.table(table, sweep_id=...)`` give the stored table of every member,
concatenated, with the member's run id and changed inputs as columns.

Checked against other paths: each member's rows equal ``RunStore.result(run_id)``'s
table and the plan kept in memory (``keep_results=True``, never stored and read back);
the changed-input columns equal the sweep's grid (``runs.sweep.grid``); a failed member
has no rows. The members are the SMALL scenario of tests/conftest.py (two demand
classes, ~1 s each), solved in this process.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.conftest import SMALL
from tigris.errors import InputError
from tigris.runs.store import RunStore, stored_tables
from tigris.runs.sweep import grid, sweep

CAPITAL = "capital.fund.amount_usd"
DEMAND = "demand.training.h100e_by_year.2029"
#: A 2 x 2 grid: (capital [USD], training demand in 2029 [H100e/year]).
SETS: dict[str, list[Any]] = {CAPITAL: [5e8, 2e10], DEMAND: [8e6, 1.6e7]}


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Any:
    store = tmp_path_factory.mktemp("frame") / "runs.duckdb"
    return sweep(SMALL, SETS, workers=0, store=store, progress=False, keep_results=True)


def _table_part(frame: pd.DataFrame, member: int, paths: list[str]) -> pd.DataFrame:
    rows = frame[frame["member"] == member]
    return rows.drop(columns=["run_id", "member", *paths]).reset_index(drop=True)


@pytest.mark.parametrize("table", ["demand", "capacity", "cash_flows", "builds"])
def test_each_members_rows_are_its_stored_and_kept_table(swept: Any, table: str) -> None:
    assert swept.status == "done" and len(swept.members) == 4
    assert (swept.members["status"] == "optimal").all()
    frame = swept.frame(table)
    store = RunStore(swept.store)
    paths = [CAPITAL, DEMAND]
    assert frame.attrs["paths"] == paths
    assert list(frame.columns[:4]) == ["run_id", "member", *paths]
    total = 0
    for index, run_id in zip(swept.members["index"], swept.members["run_id"], strict=True):
        part = _table_part(frame, int(index), paths)
        stored = getattr(store.result(run_id), table).reset_index(drop=True)
        # one dtype per column across members (a text column may be str in one member's
        # table and object in another's): the values are compared
        pd.testing.assert_frame_equal(part, stored, check_dtype=False)
        kept = getattr(swept.results[int(index)], table).reset_index(drop=True)
        pd.testing.assert_frame_equal(part, kept, check_dtype=False)
        assert set(frame.loc[frame["member"] == index, "run_id"]) == (
            {run_id} if len(part) else set()
        )
        total += len(stored)
    assert len(frame) == total


def test_changed_inputs_are_the_grid(swept: Any) -> None:
    frame = swept.frame("demand")
    members = grid(list(SETS.items()))  # the first path varies slowest
    assert len(members) == 4
    for i, changes in enumerate(members):
        rows = frame[frame["member"] == i]
        assert len(rows) > 0
        for path, value in changes.items():
            assert (rows[path] == value).all(), (i, path)
    # the user's question: served and unmet by class and member, without SQL
    by = frame.groupby(["member", "demand_class"])[["served_h100e", "unmet_h100e"]].sum()
    assert set(by.index.get_level_values("demand_class")) == {"training", "fine-tuning"}
    # more 2029 training demand, the same capital: more unmet training demand in 2029
    d29 = frame[(frame["year"] == 2029) & (frame["demand_class"] == "training")]
    unmet = d29.set_index("member")["unmet_h100e"]
    assert unmet[1] > unmet[0] and unmet[3] > unmet[2]


def test_store_table_by_prefix_equals_frame(swept: Any) -> None:
    store = RunStore(swept.store)
    by_prefix = store.table("demand", sweep_id=swept.sweep_id[:6])
    pd.testing.assert_frame_equal(by_prefix, swept.frame("demand"))


def test_unknown_table_lists_the_known(swept: Any) -> None:
    with pytest.raises(InputError) as err:
        swept.frame("demnd")
    (problem,) = err.value.problems
    assert problem.field == "table"
    assert "'demnd'" in problem.message and "did you mean 'demand'" in problem.message
    for name in ("demand", "capacity", "cash_flows", "subsidies", "binding"):
        assert name in stored_tables() and name in problem.message
    with pytest.raises(InputError, match="no stored table 'runs'"):
        RunStore(swept.store).table("runs", sweep_id=swept.sweep_id)


def test_not_stored_reads_the_kept_plans(swept: Any) -> None:
    """store=False with keep_results: the same rows, run_id None; with neither, an
    InputError (nothing to read)."""
    from tigris.runs.sweep import SweepResult

    kept = SweepResult(None, None, swept.members, swept.results)
    frame = kept.frame("demand")
    assert frame["run_id"].isna().all()
    stored = swept.frame("demand")
    pd.testing.assert_frame_equal(
        frame.drop(columns="run_id"), stored.drop(columns="run_id"), check_dtype=False
    )
    with pytest.raises(InputError, match="neither stored nor kept"):
        SweepResult(None, None, swept.members).frame("demand")


def test_failed_member_has_no_rows(tmp_path: Path) -> None:
    """Members listed one by one are not checked first: the second's refused value is
    its error; it has no rows, and a path only it changes is None elsewhere."""
    members = [{CAPITAL: 5e8}, {"discount_rate": "abc"}]
    sw = sweep(SMALL, members, workers=0, store=tmp_path / "runs.duckdb", progress=False)
    assert list(sw.members["status"]) == ["optimal", "error"]
    frame = sw.frame("demand")
    assert set(frame["member"]) == {0}
    assert list(frame.columns[:4]) == ["run_id", "member", CAPITAL, "discount_rate"]
    assert (frame[CAPITAL] == 5e8).all() and frame["discount_rate"].isna().all()
