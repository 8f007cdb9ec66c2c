"""An infeasible served-share floor is named as the cause (user test 2026-12-03 #8).

``tigris plan --min-served-share 0.3`` on the reference said "relaxing product mix
shares would make the scenario feasible" and never named the floor the user set. On
a small scenario (SMALL with $1B of capital and 2e7 H100e demanded in 2029: about 65 %
of the horizon's demand can be served) a 90 % floor is infeasible; the explanation
must name the floor and the largest share reachable, and that share is checked by
re-solving the LP relaxation just below it (feasible) and just above it (infeasible).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import SMALL, replaced, write_scenario
from tigris.plan import solve

SHORT = replaced(SMALL, ("2029: 8.0e6", "2029: 2.0e7"), ("amount_usd: 2.0e10", "amount_usd: 1.0e9"))
#: The floor asked for: well above what the scenario can serve [-].
FLOOR = 0.9
#: The bracket around the share reported, in share points: it is printed to 0.1 %, so
#: half a display digit each side plus the LP's own tolerance [-].
BRACKET = 0.002


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_scenario(tmp_path_factory.mktemp("floor"), SHORT, "short.yaml")


@pytest.fixture(scope="module")
def said(scenario: Path) -> str:
    r = solve(scenario, min_served_share=FLOOR, counterfactual=False)
    assert r.status == "infeasible"
    return " ".join(e.text for e in r.binding)


def test_the_floor_the_user_set_is_named(said: str) -> None:
    assert f"min_served_share {FLOOR:g}" in said, said
    assert "90.0% of the horizon's demand" in said, said
    assert not said.startswith("No plan meets the commitments: relaxing product mix"), said


def test_the_largest_share_reachable_is_the_lp_bound(said: str, scenario: Path) -> None:
    found = re.search(r"at most ([\d.]+)% can be served", said)
    assert found, said
    reach = float(found.group(1)) / 100
    assert 0 < reach < FLOOR
    below = solve(
        scenario,
        min_served_share=reach - BRACKET,
        relax=True,
        counterfactual=False,
        explain_result=False,
    )
    above = solve(
        scenario,
        min_served_share=reach + BRACKET,
        relax=True,
        counterfactual=False,
        explain_result=False,
    )
    assert below.ok, below.status
    assert above.status == "infeasible", above.status


def test_cli_exits_1_and_names_the_floor(run_cli, scenario: Path) -> None:
    res = run_cli("plan", scenario, "--min-served-share", FLOOR, "--no-store")
    assert res.code == 1, (res.code, res.err)
    both = res.out + res.err
    assert f"min_served_share {FLOOR:g}" in " ".join(both.split()), both


def test_a_floor_only_whole_modules_miss_is_not_said_to_be_above_the_bound() -> None:
    """Integrality gap (tests/test_plan_tiny.tiny: 2.4M H100e demanded in the second
    year, one 1,000-wspm module serves 1.2M, $1.5B buys 1.5 modules at $1B): whole
    modules serve at most 1.2M / 2.4M = 50 %, the LP relaxation 1.5 x 1.2M / 2.4M =
    75 %. A 60 % floor is infeasible; saying 'at most 75.0% can be served' beside it
    read as a contradiction, so the text says the relaxation reaches 75 % but whole
    modules do not reach the floor, and blames no other limit (the deletion filter runs on
    the same relaxation, which is feasible). A 90 % floor keeps the bound."""
    from tests.test_plan_tiny import tiny
    from tigris.plan import solve_inputs

    def said(floor: float) -> str:
        inp = tiny(demand=[0.0, 2.4e6], capital=[1.5e9], min_served_share=floor)
        r = solve_inputs(inp, mip_gap=0.0, counterfactual=False)
        assert r.status == "infeasible", r.status
        return " ".join(e.text for e in r.binding)

    gap = said(0.6)
    assert "at most" not in gap, gap
    assert "the LP relaxation (modules in fractions" in gap, gap
    assert "could serve 75.0%, but no plan of whole modules" in gap, gap
    assert "relax" not in gap.split("the floor;")[-1], gap
    above = said(0.9)
    assert "at most 75.0% can be served" in above, above


def test_without_a_floor_the_floor_is_never_named() -> None:
    """Two modules must be built (tiny: $1B each) with $1.5B offered: capital is the
    cause; the floor, not set, is not named and no share bound is given."""
    from tests.test_plan_tiny import tiny
    from tigris.plan import solve_inputs

    inp = tiny(demand=[0.0, 2.4e6], capital=[1.5e9], min_modules=2.0)
    r = solve_inputs(inp, mip_gap=0.0, counterfactual=False)
    assert r.status == "infeasible", r.status
    said = " ".join(e.text for e in r.binding)
    assert "capital" in said, said
    assert "served-share" not in said and "can be served" not in said, said


def test_no_plan_says_no_re_timing_beside_the_world_without_the_investor(
    scenario: Path,
) -> None:
    """User test 2026-12-05 (plan #11): beside no plan, the world without the investor's
    note said "what the investor adds also counts the existing capacity the plan
    re-times", with no plan to re-time anything. It still says the world cannot meet
    the floor, a fact of that world's own solve."""
    r = solve(scenario, min_served_share=FLOOR, explain_result=False)
    assert r.status == "infeasible"
    note = r.baseline_note or ""
    assert "cannot serve the scenario's served-share floor" in note, note
    assert "re-times" not in note, note
