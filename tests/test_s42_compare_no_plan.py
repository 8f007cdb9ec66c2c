"""``tigris compare`` says a side stopped at the time limit without a solution has no
plan, and exits 1, as for an infeasible side (user test 2026-12-05, sweeps #2: such a
member compared with exit 0 and no word, its tables ``n/a``).
"""

from __future__ import annotations

import math
from pathlib import Path

from tigris.plan.result import PlanResult
from tigris.runs.compare import compare

from .conftest import SMALL_3Y, write_scenario


def _stopped(horizon: tuple[int, int]) -> PlanResult:
    return PlanResult(
        scenario_name="stopped", status="time_limit", objective_usd=math.nan, horizon=horizon
    )


def test_a_time_limit_without_a_solution_has_no_plan(tmp_path: Path) -> None:
    from tigris.plan import solve

    done = solve(write_scenario(tmp_path, SMALL_3Y), counterfactual=False)
    assert done.ok
    c = compare(done, _stopped(done.horizon), store=False)
    assert c.statuses == ("optimal", "time_limit")
    assert c.planned == (True, False)
    assert c.to_dict()["planned"] == [True, False]
