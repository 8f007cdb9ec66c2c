"""benchmarks/bench_sweep.py's derived figures, on hand-made timings (no sweep run):
the speed-up the CPU used allows (docs/sweeps.md quotes it) and the summary's goal."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import load_benchmark


@pytest.fixture(scope="module")
def bench() -> Any:
    return load_benchmark("bench_sweep")


def _arm(driver: float, workers: list[float]) -> dict[str, Any]:
    return {"driver_cpu_s": driver, "workers_cpu_s": workers}


def test_cpu_bound_speedup_by_hand(bench: Any) -> None:
    """1 worker lasts at least its busiest process's CPU; 2 workers at least that and
    half of all CPU (2 cores)."""
    # workers alone, split evenly: 10 s -> 5 s each, 2x
    assert bench._cpu_bound(_arm(0.0, [10.0]), _arm(0.0, [5.0, 5.0])) == 2.0
    # a 1 s driver beside them: 16 / max(17 / 2, 8, 8, 1) = 16 / 8.5
    assert bench._cpu_bound(_arm(1.0, [16.0]), _arm(1.0, [8.0, 8.0])) == pytest.approx(
        16.0 / 8.5, rel=1e-12
    )
    # the driver the busiest process in both: no speed-up to allow
    assert bench._cpu_bound(_arm(10.0, [8.0]), _arm(10.0, [4.0, 4.0])) == 1.0
    # uneven workers: the busier one bounds the 2-worker sweep, 12 / max(7, 9, 3) = 12 / 9
    assert bench._cpu_bound(_arm(2.0, [12.0]), _arm(2.0, [9.0, 3.0])) == pytest.approx(
        12.0 / 9.0, rel=1e-12
    )


def _summary_doc(speedup: float) -> dict[str, Any]:
    warm = {
        "speedup": speedup,
        "wall_1_s": 60.0,
        "wall_2_s": 60.0 / speedup,
        "plans_per_min_1": 16.0,
        "plans_per_min_2": 16.0 * speedup,
        "plans_per_min_per_core_cpu": 20.0,
        "cpu_bound_speedup": 1.9,
        "driver_cpu_2_s": [0.7, 0.6, 0.9],
    }
    return {"members": 16, "repeat": 3, "warm": warm, "load_average_1min": [0.4, 1.5]}


def test_summary_judges_the_warm_speedup_against_the_goal(bench: Any) -> None:
    goal = bench.GOAL_SPEEDUP
    assert goal == 1.7  # docs/sweeps.md's goal
    met = bench.summary(_summary_doc(goal))
    assert met.endswith("goal 1.7x warm: met") and "warm cluster 1.70x" in met
    assert "load average 0.4-1.5" in met
    assert "gathering process 0.70 s CPU per sweep with 2 workers" in met  # the median
    assert bench.summary(_summary_doc(1.69)).endswith("goal 1.7x warm: NOT met")
