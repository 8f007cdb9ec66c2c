"""``tigris compare --sweep`` of a sweep over the path ``objective`` subtracted member 0's
cost (``serve``) from member 1's NPV (``npv``) as ``objective_usd_change`` (leftover of
the 2026-12-05 review): unlike numbers. Two-run ``tigris compare`` gives such a pair no
B - A (:func:`tigris.runs.compare.objective_note`); a sweep's members must not either,
while members of like objectives keep their change (each member's objective_usd, read
from the store, less member 0's)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tigris.runs.compare import compare_sweep
from tigris.runs.sweep import sweep

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cmpsweep") / "runs.duckdb"


def test_unlike_objectives_have_no_change(store: Path) -> None:
    res = sweep(SMALL, {"objective": ["serve", "npv"]}, workers=0, store=store)
    table = compare_sweep(res.sweep_id, store=store).set_index("member")
    assert table.loc[0, "objective_usd_change"] == 0.0
    assert math.isnan(table.loc[1, "objective_usd_change"])
    # the other numbers are alike in both and keep their change
    cost = table["cost_usd"]
    assert table.loc[1, "cost_usd_change"] == pytest.approx(cost[1] - cost[0])


def test_like_objectives_keep_their_change(store: Path) -> None:
    # a path that does not change the discounting: a rate's members have no change of
    # the discounted objective at all (compare.DISCOUNTED_METRICS, 2026-12-07)
    more = {"demand.training.h100e_by_year.2029": [8.0e6, 9.0e6]}
    res = sweep(SMALL, more, workers=0, store=store)
    table = compare_sweep(res.sweep_id, store=store).set_index("member")
    obj = table["objective_usd"]
    assert table.loc[1, "objective_usd_change"] == pytest.approx(obj[1] - obj[0])
    assert obj[1] != obj[0]
