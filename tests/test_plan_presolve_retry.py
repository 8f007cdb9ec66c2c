"""HiGHS's presolve must not turn a feasible plan into "infeasible" (review of rule 1,
2026-12-03).

A random shrinking-pool world found by REVIEW-TIMING (4 years, 3 products of lives 2, 3
and 3, one forced to a 30 % share, region a holding 92 % of the fleet, one buildable 1 MW
module): without rule 1 its optimum satisfies rule 1 (2025 excused by the fleet of 2025
filling region a's 2026 room exactly, 2026 by a's row tight, 2027-28 demand met), so with
the rule the optimum is the same. HiGHS 1.16 with the planner's options called it
infeasible (the excuse row holds with equality at the optimum); ``run_highs`` now checks an
"infeasible" answer once without presolve.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.test_plan_power import dc_tiny
from tigris.plan.highs import run_highs
from tigris.plan.model import build_model
from tigris.plan.power import PowerRegions


def _world():
    N = 4
    inp = dc_tiny(build_dc=True, sites=1)
    existing = np.array([[1.075375243926263] * 4, [2.59, 1.62, 0.9, 1.27]])
    prof = np.array([0.0, 1.0, 1.0, 0.0, 0.0])
    spend = np.array([1.0, 0.0, 0.0, 0.0, 0.0])
    inp = dataclasses.replace(
        inp,
        years=np.arange(2025, 2029),
        products=("p0", "p1", "p2"),
        h100e=np.array([3.99, 3.94, 3.06]),
        use=np.array([[0.01, 0.0]] * 3),
        available=np.array([[1, 1, 1, 0], [0, 1, 1, 1], [0, 0, 1, 0]], dtype=bool),
        min_share=np.array([[0.0] * 4, [0.0, 0.3, 0.3, 0.3], [0.0] * 4]),
        max_share=np.ones((3, N)),
        system_power_w=np.full(3, 700.0),
        fleet_mw_per_unit=np.full(3, 0.001),
        fleet_lifetime_years=np.array([2, 3, 3]),
        existing=existing,
        capital_usd=np.array([[20e6, 0.0, 0.0, 0.0]]),
        euv_supply=np.full(N, 100.0),
        high_na_supply=np.full(N, 100.0),
        spend=np.ones((1, 2, 1)) * spend,
        output=np.ones((1, 2, 1)) * prof,
        demand=np.array([[5378.0, 5663.0, 3417.0, 1513.0]]),
        capex_usd=np.array([[1e9, 20e6]]),
        site_region=("a",),
        power_regions=PowerRegions(
            names=("a", "b"),
            existing_mw=np.array([[1.87, 0.85, 0.28, 0.62], [0.72, 0.77, 0.62, 0.65]]),
            existing_pue=np.ones(2),
            module_pue=np.ones((1, 2)),
            demand_share=np.array([0.92, 0.0]),
            onsite_gco2_per_kwh=np.full(2, np.nan),
            onsite_usd_per_mwh=np.full(2, np.nan),
        ),
    )
    return inp


def test_a_feasible_rule_model_is_not_called_infeasible(monkeypatch: pytest.MonkeyPatch) -> None:
    import tigris.plan.timing as timing

    inp = _world()
    with_rule = build_model(inp)
    status, _ = run_highs(with_rule, None, 0.0)
    assert status == "optimal"
    # the plan without the rule satisfies the rule, so both optima are equal
    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)
    free = build_model(inp)
    assert run_highs(free, None, 0.0)[0] == "optimal"
    assert with_rule.objective.value == pytest.approx(free.objective.value, rel=1e-9)
