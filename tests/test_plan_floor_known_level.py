"""An infeasible served-share floor names a level a plan is known to reach (user test
#13): the LP relaxation's bound (18 % on the reference) can be far above what plans of
whole modules reach (~13.7 %), so the message also gives the share a plan that builds
nothing serves, solved with the timing rule kept.
"""

from __future__ import annotations

import pytest

from tests.test_plan_power_floor import installed
from tests.test_plan_tiny import tiny
from tigris.plan import solve_inputs
from tigris.plan.infeasible import known_served_share


def test_infeasible_floor_names_what_building_nothing_serves() -> None:
    """``tests/test_plan_power_floor.py``'s installed case: nothing can be built and at
    most 26,000 of 28,000 H100e can be served (2026 is 2,000 short whatever is made),
    so building nothing serves 1 - 2,000 / 28,000 = 92.9 %; a 95 % floor is infeasible
    and the message gives that level beside the LP's bound."""
    r = solve_inputs(installed(0.95), mip_gap=0.0, counterfactual=False)
    assert r.status == "infeasible"
    said = " ".join(e.text for e in r.binding)
    assert "a plan that builds nothing serves 92.9%" in said, said


def test_no_known_level_when_building_nothing_is_not_a_plan() -> None:
    """A site that must host a module: building nothing is not a plan, so no level is
    claimed. Without the commitment, the tiny problem (no existing capacity, demand
    in both years) serves nothing without builds: 0 %."""
    assert known_served_share(tiny(min_modules=1.0)) is None
    assert known_served_share(tiny()) == pytest.approx(0.0, abs=1e-9)


def test_no_known_level_when_builds_have_a_floor() -> None:
    """Builds with a floor (an incumbent's announced build, or a plan's builds fixed):
    building nothing is not a plan, so no level is claimed (REVIEW-TRUST mutant: the
    floor's condition dropped survived)."""
    import numpy as np

    assert known_served_share(tiny(min_build=np.array([[[1.0, 0.0]]]))) is None
