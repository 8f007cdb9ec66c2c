"""Between plans discounted at other rates, the cost and objective (each a sum of
discounted flows) have no change, as the NPVs have none (user test 2026-12-07: a sweep
of the discount rate gave cost_usd_change -$26.0B and objective_usd_change -1.02e13
beside a null NPV change; a pair compare printed the same without a word of them)."""

from __future__ import annotations

import math
from pathlib import Path

import tigris
from tests.conftest import SMALL
from tigris.runs.compare import compare_sweep, discounting_note


def test_a_rate_sweep_gives_no_change_of_cost_or_objective(tmp_path: Path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    store = tmp_path / "runs.duckdb"
    res = tigris.sweep(str(f), {"discount_rate": [0.06, 0.10]}, workers=0, store=store)
    one = compare_sweep(res.sweep_id, store=store).set_index("member").loc[1]
    for key in ("npv_usd", "cost_usd", "objective_usd"):
        assert math.isnan(one[f"{key}_change"]), key
    assert not math.isnan(one["served_h100e_change"])  # undiscounted: still a change
    assert "NPVs, cost and objective are not comparable" in one["rate_note"]


def test_the_pair_note_names_the_cost_and_objective(tmp_path: Path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    a = tigris.plan(tigris.load_scenario(f))
    b = tigris.plan(tigris.load_scenario(f).set("discount_rate", 0.10))
    note = discounting_note(a, b)
    assert note is not None and "the costs and objectives, discounted alike" in note
