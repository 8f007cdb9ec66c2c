"""``tigris compare``'s "the plans are the same" line is checked against the stored
result tables, not only the headline numbers, builds and years (user test s59,
semiconductor analyst: the reference with ``--set supply.baseline=conservative`` cut
the incumbents' CoWoS available in 2026 from 113.4k to 94.3k wspm, a capacity the plan
did not use in full, and compare said "the change did not bind (every result, build
and year is equal)").

Here two small stored runs differ in the existing HBM lines only (1.0e5 against 1.2e5
wspm, more than either plan uses): the same builds, served compute and money. Expected
values are read from the two runs' own capacity tables in the store, never from the
code under test.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import tigris
from tests.conftest import SMALL_3Y, replaced, write_scenario
from tigris.runs.compare import RESULT_TABLES, compare, tables_differ
from tigris.runs.store import RunStore

#: The existing HBM lines of A (SMALL_3Y's) and of B [wspm].
HBM_A = "hbm_wspm: {2026: 1.0e5}"
HBM_B = "hbm_wspm: {2026: 1.2e5}"
#: How a row of the capacity table is matched (its ``maker`` is text about it).
CAPACITY_KEYS = ["year", "facility", "node", "site", "unit", "owner"]
#: The false sentence of the user test.
FALSE_LINE = "every result, build and year is equal"


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three stored runs: A, B (A with more existing HBM) and A solved again."""
    d = tmp_path_factory.mktemp("s59")
    store = d / "runs.duckdb"
    ids = {}
    texts = {"a": SMALL_3Y, "b": replaced(SMALL_3Y, (HBM_A, HBM_B)), "again": SMALL_3Y}
    for name, text in texts.items():
        r = tigris.plan(write_scenario(d, text, f"{name}.yaml"), store=store)
        assert r.ok
        ids[name] = r.run_id
    return {"store": store, "ids": ids}


def _flat(text: str) -> str:
    return " ".join(text.split())


def _capacity(store: Path, run_id: str) -> pd.DataFrame:
    """A run's capacity table as the store reads it back, its text keys filled."""
    t = RunStore(store).result(run_id).capacity
    return t.assign(**{k: t[k].fillna("").astype(str) for k in CAPACITY_KEYS if k != "year"})


def _moved(store: Path, ids: dict[str, str]) -> pd.DataFrame:
    """A's and B's capacity rows side by side (the same rows on both), and those whose
    capacity available differs."""
    a, b = _capacity(store, ids["a"]), _capacity(store, ids["b"])
    m = a.merge(b, on=CAPACITY_KEYS, suffixes=("_a", "_b"), sort=False)
    assert len(m) == len(a) == len(b)  # a precondition: the same rows
    return m[m["available_a"] != m["available_b"]]


def test_capacity_the_plan_did_not_use_is_named(stored: dict[str, Any], run_cli) -> None:
    """The line no longer says every result is equal: it names the capacity available
    that differs, its largest change as the two stored tables give it, how many rows
    differ, and why (the same use, below what either side had); ``--json`` lists the
    rows in ``tables_differ``."""
    store, ids = stored["store"], stored["ids"]
    doc = run_cli("compare", ids["a"], ids["b"], "--store", store, "--json").json()
    # a precondition: the plans are the same (headline numbers, builds, years)
    assert all(r["change"] in (0, None) for r in doc["metrics"]), doc["metrics"]
    assert all(r["change"] == 0 for r in doc["builds"]) and doc["builds"]
    moved = _moved(store, ids)
    assert len(moved) and set(moved["facility"]) == {"hbm"}
    # ... the plan used the same and less than either side had
    assert (moved["used_a"] == moved["used_b"]).all()
    assert (moved["used_a"] < moved[["available_a", "available_b"]].min(axis=1)).all()

    res = run_cli("compare", ids["a"], ids["b"], "--store", store)
    assert res.code == 0, res.err
    text = _flat(res.out)
    assert "the plans are the same" in text, res.out
    assert FALSE_LINE not in text and "did not bind" not in text, res.out
    share = (moved["available_b"] - moved["available_a"]).abs() / moved[
        ["available_a", "available_b"]
    ].max(axis=1)
    top = moved.loc[share.idxmax()]  # the first of the largest
    named = (
        f"the capacity available differs (HBM {int(top['year'])}: "
        f"{top['available_a'] / 1e3:,.1f}k -> {top['available_b'] / 1e3:,.1f}k {top['unit']}; "
        f"rows that differ: capacity {len(moved)})"
    )
    assert named in text, res.out
    assert "the change moved capacity the plan did not fully use" in text, res.out
    assert doc["same_note"] in text  # the line printed, whole

    # --json: every number that differs, each as the stored tables give it
    assert doc["tables_compared"] == list(RESULT_TABLES)
    got = {
        tuple(r["row"][k] for k in CAPACITY_KEYS): (r["a"], r["b"])
        for r in doc["tables_differ"]
        if (r["table"], r["column"]) == ("capacity", "available")
    }
    want = {
        tuple(int(x) if k == "year" else x for k, x in zip(CAPACITY_KEYS, key, strict=True)): (
            a,
            b,
        )
        for *key, a, b in moved[[*CAPACITY_KEYS, "available_a", "available_b"]].itertuples(
            index=False
        )
    }
    assert got == want
    assert len(doc["tables_differ"]) == len(want)  # nothing else differs


def test_plans_equal_in_every_table_keep_every_result(stored: dict[str, Any], run_cli) -> None:
    """A solved twice: every compared table is equal, so the line says every result is
    equal and names the tables it compared; ``tables_differ`` is empty."""
    store, ids = stored["store"], stored["ids"]
    a, again = _capacity(store, ids["a"]), _capacity(store, ids["again"])
    pd.testing.assert_frame_equal(a, again)  # a precondition
    res = run_cli("compare", ids["a"], ids["again"], "--store", store)
    assert res.code == 0, res.err
    text = _flat(res.out)
    assert f"the plans are the same ({FALSE_LINE}, the capacity, production," in text, res.out
    for table in RESULT_TABLES:
        assert table in text[text.index(FALSE_LINE) :], table
    doc = run_cli("compare", ids["a"], ids["again"], "--store", store, "--json").json()
    assert doc["tables_differ"] == []
    assert FALSE_LINE in doc["same_note"]


def test_solver_noise_in_a_table_is_no_difference(stored: dict[str, Any]) -> None:
    """The tolerance of the headline numbers (1e-9 of the largest value) holds for the
    tables too: a capacity used changed by a part in 1e12 is equal, and an input that
    differs then reads "the change did not bind (every result ...)"."""
    r = RunStore(stored["store"]).result(stored["ids"]["a"])
    noisy = dataclasses.replace(
        r, capacity=r.capacity.assign(used=r.capacity["used"] * (1 + 1e-12))
    )
    assert tables_differ(r, noisy) == []
    c = compare(r, noisy)
    assert c.same_note is not None and FALSE_LINE in c.same_note
    from tigris.runs.compare import same_plans_note

    line = same_plans_note(r, noisy, c.metrics, c.builds, c.by_year, [("x", 1, 2)])
    assert line is not None and f"the change did not bind ({FALSE_LINE}" in line


def test_a_use_that_differs_gives_no_reason(stored: dict[str, Any]) -> None:
    """Where the capacity used differs (here made so by hand beyond the noise), the line
    names it and does not say the plan left the capacity unused."""
    r = RunStore(stored["store"]).result(stored["ids"]["a"])
    cap = r.capacity.copy()
    i = int(cap["used"].idxmax())
    cap.loc[i, "used"] = cap.loc[i, "used"] * 0.5
    other = dataclasses.replace(r, capacity=cap)
    rows = tables_differ(r, other)
    assert [(x["table"], x["column"]) for x in rows] == [("capacity", "used")]
    assert (rows[0]["a"], rows[0]["b"]) == (r.capacity.loc[i, "used"], cap.loc[i, "used"])
    c = compare(r, other)
    assert c.same_note is not None and "the capacity used differs" in c.same_note
    assert "did not fully use" not in c.same_note and FALSE_LINE not in c.same_note


def test_a_table_one_side_lacks_is_not_compared() -> None:
    """A run stored before a table existed is read back without it: that table is not
    compared (a tools table read as every number at 0, "euv 2027: 19 -> 0"), and the tables named
    as compared leave it out (review of 2026-12-07)."""
    import dataclasses

    import pandas as pd

    from tigris.runs.compare import compared_tables, tables_differ

    from .test_cli_output import tiny_result

    a = tiny_result()
    assert len(a.power), "the premise: the tiny plan has a power table"
    b = dataclasses.replace(a, power=pd.DataFrame())
    assert tables_differ(a, b) == []
    assert "power" not in compared_tables(a, b)
    assert "power" in compared_tables(a, a)
