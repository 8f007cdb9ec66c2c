"""GRID-2 (UT-GRID #11, second half): the world row has no grid headroom.

The ``power`` table's ``world`` row summed the regions' headroom, ``inf`` where a
region has none, and ``tigris plan --out``'s ``power.csv`` wrote ``inf``: a world
headroom of infinity. Headroom is a region's limit; the world's cells are now empty
(NaN; JSON ``null`` as before), the regions' ``inf`` (no headroom given) unchanged, and
a run saved with ``inf`` there reads as NaN.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd


def test_power_csv_world_headroom_is_empty(reference_made: dict[str, Any]) -> None:
    path = Path(reference_made["dir"]) / "run" / "power.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    world = [r for r in rows if r["region"] == "world"]
    assert world
    assert {r["grid_headroom_mw"] for r in world} == {""}
    assert {r["grid_headroom_left_mw"] for r in world} == {""}
    # a region given no headroom keeps inf (docs: no headroom limits the plan there)
    china = [r for r in rows if r["region"] == "china"]
    assert {r["grid_headroom_mw"] for r in china} == {"inf"}
    usa = [float(r["grid_headroom_mw"]) for r in rows if r["region"] == "usa"]
    assert all(math.isfinite(v) for v in usa)
    # what the world connected is still the sum of the regions'
    for year in {r["year"] for r in world}:
        regional = sum(
            float(r["grid_connected_mw"])
            for r in rows
            if r["year"] == year and r["region"] != "world"
        )
        (w,) = (float(r["grid_connected_mw"]) for r in world if r["year"] == year)
        assert w == regional


def test_json_world_headroom_is_null(reference_plan_json: str) -> None:
    power = json.loads(reference_plan_json)["power"]
    world = [r for r in power if r["region"] == "world"]
    assert all(r["grid_headroom_mw"] is None and r["grid_headroom_left_mw"] is None for r in world)


def test_a_run_saved_with_inf_reads_nan() -> None:
    from tigris.plan.result import PlanResult

    power = pd.DataFrame(
        {
            "year": [2030, 2030, 2030],
            "region": ["usa", "china", "world"],
            "grid_headroom_mw": [150.0, math.inf, math.inf],
            "grid_headroom_left_mw": [50.0, math.inf, math.inf],
            "grid_connected_mw": [100.0, 0.0, 100.0],
        }
    )
    got = PlanResult("x", "optimal", 0.0, (2030, 2030), power=power).power
    assert got["grid_headroom_mw"].tolist()[:2] == [150.0, math.inf]
    assert math.isnan(got["grid_headroom_mw"].iloc[2])
    assert math.isnan(got["grid_headroom_left_mw"].iloc[2])
    assert got["grid_connected_mw"].tolist() == [100.0, 0.0, 100.0]
