"""One more MW where the data-centre pool is empty: the claim equals an independent
re-solve (user test 2026-12-05, reports #3).

``docs/examples/neuromorphic-plan.yaml`` with the NPU overlay has no data-centre
capacity before its own modules come online in 2029. Its explanation said one more MW
in 2026–2028 "would lower the objective by $55.0B and serve 2.0M H100e more", while
its shadow-price table valued one more MW in 2028 alone at $66.0B: a MW in three years
was worth less than in one of them. Cause: the re-solve keeps rule 1 of "Timing of
deliveries under a power pool" in step with the raised rows, except in years where the
raise could move one of the rule's fixings by reach (``tigris.plan.timing.
pool_headroom``). That headroom was ``m_pool · (need / reach − 1)``, read as "never
moves" when the reach is 0, and an empty pool (``m_pool`` 0) reaches nothing however
large a raise; so a MW that could meet a year's demand was held to the base pool's
fixings ("demand cannot be met"), and the re-solve had to fill it or idle it.

The hand problems (``tests/test_plan_power_claims.py``'s ``power_tiny``): 1 W per H100e
(``fleet_mw`` 1e-6 MW), so one MW powers 1M H100e, more than a year's demand; no
existing capacity; data-centre modules (10 MW, $0.1B) online three years after their
start; $30,000 per unmet H100e, no discount.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.test_plan_power_claims import CLAIM_REL, claims, power_tiny, served, solved
from tigris.plan.timing import _headroom

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
#: Modules online three years after their start (spend in the start year).
LAG3 = {
    "spend": np.array([[[1.0, 0, 0, 0], [1.0, 0, 0, 0]]]),
    "output": np.array([[[0, 0, 0, 1.0], [0, 0, 0, 1.0]]]),
}


def _empty_pool(n: int, demand: float | list[float]):
    return power_tiny(
        n,
        life=5,
        dc_mw=[0.0] * n,
        demand=demand,
        fleet_mw=(1e-6,),
        dc_buildable=True,
        dc_module_mw=10.0,
        dc_capex=1e8,
        **LAG3,
    )


@pytest.mark.parametrize(
    ("n", "demand", "more"),
    [
        # 300,000 a year: one MW holds 2025-2027's whole demand (0.9 MW by 2027), so the
        # three short years are all served: 900,000 x $30,000 = $27.0B
        (5, 300e3, 900e3),
        # demand as the example's, 2M a year and up: one MW holds 1M H100e, served in
        # 2025 and standing through 2027: 1M x $30,000 = $30.0B
        (6, [2e6, 2.4e6, 2.8e6, 3.2e6, 3.6e6, 4e6], 1e6),
    ],
)
def test_a_mw_in_the_empty_years_is_claimed_at_its_resolve(
    n: int, demand: float | list[float], more: float
) -> None:
    inp = _empty_pool(n, demand)
    r = solved(inp)
    assert served(r)[:3] == pytest.approx([0.0] * 3, abs=1e-6)  # nothing before 2028
    ((at_least, usd, text),) = claims(r, "lead_time")
    assert "one more MW of data-centre capacity (world) in 2025–2027" in text
    # the truth: the problem rebuilt with one more MW of existing capacity in 2025-2027
    existing = np.array(inp.existing, dtype=float)
    existing[1, :3] += 1.0
    truth = solved(inp.replace(existing=existing))
    assert served(truth).sum() - served(r).sum() == pytest.approx(more, rel=1e-6)
    assert not at_least
    assert usd == pytest.approx(r.objective_usd - truth.objective_usd, rel=CLAIM_REL)
    assert usd == pytest.approx(more * 30_000, rel=1e-3)


def test_the_headroom_of_an_empty_pool_is_finite() -> None:
    """Reach scales with the pool's slack bound: at 0 MW it is 0, yet a raise of
    need / reach-per-unit moves the fixing; a reach of 0 per unit never does."""
    assert _headroom(0.0, 2.0, 10.0) == pytest.approx(5.0)
    assert _headroom(1.0, 2.0, 10.0) == pytest.approx(4.0)  # was 1 x (10 / 2 - 1)
    assert _headroom(0.0, 0.0, 10.0) == np.inf
    assert _headroom(10.0, 2.0, 10.0) == 0.0  # already reaches it


def test_the_example_claims_at_least_the_shadow_price_of_one_year() -> None:
    """The user's case: one more MW in 2026–2028 is worth at least one more MW in 2028
    alone (the shadow-price table's re-solve, in the objective's money)."""
    from tigris.overlay import data_overlay
    from tigris.plan import solve

    with data_overlay(EXAMPLES / "neuromorphic-npu.yaml"):
        r = solve(EXAMPLES / "neuromorphic-plan.yaml", counterfactual=False)
    ((_, usd, text),) = claims(r, "lead_time")
    assert "in 2026–2028" in text
    row = r.shadow_prices[
        (r.shadow_prices["resource"] == "datacenter power") & (r.shadow_prices["year"] == 2028)
    ].iloc[0]
    one_year = float(row["value_usd"]) / 1.08**2  # the objective discounts 2028 two years
    assert one_year == pytest.approx(66.0e9, rel=2e-3)
    assert usd >= one_year
    # and every year's demand counts: 2026-2028's is 7.2M H100e, $198B undiscounted
    assert usd <= (2.0e6 + 2.4e6 / 1.08 + 2.8e6 / 1.08**2) * 27_500 * (1 + 1e-6)
