"""A seed above 2**63 is stored (policy user test 2026-12-06 #1).

``tigris risk`` without ``--seed`` draws a fresh seed from the whole unsigned 64-bit
range (``--seed`` accepts 0 to 2**64 - 1), but the store's ``seed`` column was a signed
BIGINT: about half the runs without a seed failed with "Type UINT64 ... out of range
for INT64" and lost the sweep.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tigris.runs.store import RunStore

BIG = 2**64 - 1  # the largest seed --seed accepts; 2**63 and above failed


def _seeds(store: Path) -> dict[int, object]:
    runs = RunStore(store)
    return {int(r["member"]): runs.record(str(r["id"]))["seed"] for _, r in runs.runs().iterrows()}


def test_a_seed_above_the_signed_range_is_stored(uncertain_file: Path, tmp_path: Path) -> None:
    import tigris

    store = tmp_path / "runs.duckdb"
    tigris.sweep(str(uncertain_file), samples=1, seed=BIG, workers=0, store=store)
    assert _seeds(store) == {0: BIG}


def test_an_older_store_with_a_signed_seed_column_is_widened(
    uncertain_file: Path, tmp_path: Path
) -> None:
    import tigris

    store = tmp_path / "runs.duckdb"
    tigris.sweep(str(uncertain_file), samples=1, seed=5, workers=0, store=store)
    with duckdb.connect(str(store)) as con:  # as a store written before 2026-12-06
        con.execute("ALTER TABLE runs ALTER seed TYPE BIGINT")
    tigris.sweep(str(uncertain_file), samples=1, seed=2**63, workers=0, store=store)
    runs = RunStore(store)
    seeds = sorted(runs.record(str(i))["seed"] for i in runs.runs()["id"])
    assert seeds == [5, 2**63]
