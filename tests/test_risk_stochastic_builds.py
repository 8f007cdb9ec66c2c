"""``tigris risk --stochastic`` says what the robust plan builds, against the plan as
made, and calls its money the objective (user test 2026-12-03, fourth session, #20:
"A plan robust to the sampled futures" showed no builds, and its "expected cost" was
the objective, cost plus the unmet-demand penalty).

The futures are those of
``tests/test_risk_stochastic.py::test_hand_derived_rp_eev_ws`` (no demand, or 2.0M
H100e in 2026, equally likely; a module started in 2025 makes 1.2M H100e in 2026 for
$1.1B; an unmet H100e costs $30,000): by hand the robust plan starts 2 modules in 2025,
the plan for the mean demand (1.0M) 1 module; EEV = $13.1B of which $12B is the
penalty of the 0.8M H100e it leaves unmet in the high future, so the measure is an
objective, not a cost.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.test_plan_tiny import tiny
from tigris.cli.risk import _print_extras
from tigris.risk.labels import STOCHASTIC_ROWS
from tigris.risk.stochastic import stochastic_plan


@pytest.fixture(scope="module")
def robust():
    futures = [tiny(demand=[0.0, 0.0]), tiny(demand=[0.0, 2.0e6])]
    return stochastic_plan(futures, [0.5, 0.5], names=["low", "high"], mip_gap=0.0)


@pytest.fixture(scope="module")
def printed(robust):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        _print_extras({"stochastic": robust.to_dict()})
    return out.getvalue()


def test_the_result_carries_both_plans_builds(robust):
    r = robust
    assert r.builds[["year", "modules"]].values.tolist() == [[2025, 2]]
    assert r.ev_builds is not None
    assert r.ev_builds[["year", "modules"]].values.tolist() == [[2025, 1]]
    doc = r.to_dict()
    assert [b["modules"] for b in doc["ev_builds"]] == [1]


def test_the_summary_shows_the_builds_and_the_difference(printed):
    text = printed
    assert "What the robust plan builds: 2 modules; the plan as made 1" in text, text
    row = next(line for line in text.splitlines() if "logic-N5" in line)
    cells = [c.strip() for c in row.strip("│ ").split("│")]
    assert cells[2:] == ["2025", "2", "1", "+1"], cells


def test_the_measures_are_called_objective_with_the_penalty(robust, printed):
    # EEV by hand: $1.1B in each future plus 0.8M unmet x $30,000 in the high one, half
    # of the time: $13.1B, of which $12B is penalty: an objective, not a cost
    assert robust.eev_usd == pytest.approx(1.1e9 + 0.5 * 0.8e6 * 3.0e4, rel=1e-6)
    for key in ("expected_cost_usd", "eev_usd", "ws_usd"):
        assert "objective" in STOCHASTIC_ROWS[key] and "cost" not in STOCHASTIC_ROWS[key]
    flat = " ".join(printed.split())
    assert "cost + unmet-demand penalty" in flat, flat
