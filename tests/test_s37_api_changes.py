"""A sweep's changes parsed, and the stored runs' ``changes`` and ``input_hash``
(API-LEFT #2, #3).

``SweepResult.members["changes"]`` is JSON text (as the store and ``tigris sweep
--json`` keep it): a notebook user had to ``json.loads`` it, and JSON turns a year
map's keys into text. ``SweepResult.changes`` has each member's changes as given, by
member index. ``RunStore.runs()`` listed two members of one sweep with the same
scenario name and no column to tell them apart: it now has ``changes`` (a dict, ``{}``
for a plain plan) and ``input_hash`` (``""`` for a run without a result).

The sweep: two members given as a list (not checked before they run, docs/sweeps.md):
the small scenario's fund at $30B (a plan), and at -$1 (refused by the schema: the
member's error, no result and so no input hash).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import tigris
from tests.conftest import SMALL_3Y
from tigris.runs.store import RunStore
from tigris.runs.sweep import SweepResult

FUND = "capital.fund.amount_usd"
MEMBERS = [{FUND: 3e10}, {FUND: -1}]


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory):
    store = tmp_path_factory.mktemp("store") / "runs.duckdb"
    sw = tigris.sweep(SMALL_3Y, MEMBERS, workers=0, store=store, progress=False)
    plan = tigris.plan(SMALL_3Y, explain=False, store=store)
    return sw, store, plan


def test_sweep_changes_are_parsed(swept) -> None:
    sw, _store, _plan = swept
    assert sw.changes == {0: {FUND: 3e10}, 1: {FUND: -1}}
    assert list(sw.members["status"]) == ["optimal", "error"]
    # the column keeps its JSON text: tigris sweep --json and the CLI table read it
    assert [json.loads(c) for c in sw.members["changes"]] == MEMBERS


def test_a_year_map_keeps_its_number_keys(tmp_path: Path) -> None:
    demand = {2026: 4.0e6, 2028: 6.0e6}
    sw = tigris.sweep(
        SMALL_3Y,
        {"demand.training.h100e_by_year": [demand]},
        workers=0,
        store=False,
        progress=False,
    )
    assert sw.changes == {0: {"demand.training.h100e_by_year": demand}}
    assert list(sw.changes[0]["demand.training.h100e_by_year"]) == [2026, 2028]


def test_a_result_built_from_its_table_parses_it() -> None:
    members = pd.DataFrame({"index": [0, 1], "changes": ['{"a": 1}', "{}"]})
    assert SweepResult(None, None, members).changes == {0: {"a": 1}, 1: {}}


def test_stored_runs_list_changes_and_input_hash(swept) -> None:
    sw, store, plan = swept
    st = RunStore(store)
    runs = st.runs()
    assert {"changes", "input_hash"} <= set(runs.columns)
    members = st.runs(sweep_id=sw.sweep_id).set_index("member")
    assert [members.loc[i, "changes"] for i in (0, 1)] == MEMBERS
    for rid in runs["id"]:
        rec = st.record(rid)
        row = runs.set_index("id").loc[rid]
        assert row["changes"] == rec["changes"]
        assert row["input_hash"] == (rec["input_hash"] or "")
    # the refused member has no result and so no input hash; the planned one has the
    # hash of its own inputs, not the base's (its fund differs)
    assert members.loc[1, "input_hash"] == ""
    assert len(members.loc[0, "input_hash"]) == 64
    # the plain plan: no changes, the hash its result carries
    (alone,) = runs[runs["kind"] == "plan"].to_dict("records")
    assert alone["changes"] == {}
    assert alone["input_hash"] == plan.input_hash
    assert members.loc[0, "input_hash"] != plan.input_hash
