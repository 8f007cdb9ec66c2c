"""A disruption's probability among a stochastic plan's futures (UT-RISK #3).

The robust plan weighed a disruption 1/(K + 1) with no source. Claims, checked against
hand computations and the optimality of each solve:

- given ``taiwan-24m`` a probability of 0.1 beside one sampled future, the futures
  weigh 0.9 and 0.1; each future's own optimum (its wait-and-see cost, which no weight
  enters) is the same as with equal weights, and WS is 0.9 and 0.1 of them, by hand;
- the weights reach the objective: each plan is no worse under its own weights than
  the other plan's builds, costed in each future, under the same weights (RP is a
  minimum over the shared builds);
- the same probability written in the scenario (with its source) gives the same plan;
  one without ``probability_source`` is refused naming the field;
- with none given the weights are equal and the result says that is an assumption;
- ``--disruption-probability`` reaches the plan from the command line, and a bad one
  (no --stochastic, an unknown name, 1.5) is one ``error:`` line, exit 2.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import replaced
from tests.test_risk_disruptions import EVENTS, TW3
from tigris.errors import InputError
from tigris.risk.stochastic import EQUAL_WEIGHTS, GIVEN_ON_COMMAND_LINE, stochastic
from tigris.scenario.edit import load_any

#: Relative tolerance of two solves of the same problem (HiGHS, MIP gap 0) [-].
REL = 1e-6
EVENT = "taiwan-24m"
NAME = f"disruption:{EVENT}"


@pytest.fixture(scope="module")
def runs() -> dict[str, Any]:
    sc = load_any(TW3 + EVENTS)
    equal = stochastic(sc, 1, 0, disruptions=[EVENT], mip_gap=0.0)
    given = stochastic(
        sc, 1, 0, disruptions=[EVENT], mip_gap=0.0, disruption_probabilities={EVENT: 0.1}
    )
    return {"sc": sc, "equal": equal, "given": given}


def _by(r: Any, col: str) -> dict[str, float]:
    return r.scenarios.set_index("scenario")[col].to_dict()


def test_weights_and_their_basis(runs: dict[str, Any]) -> None:
    eq, gv = runs["equal"], runs["given"]
    assert _by(eq, "probability") == pytest.approx({"future-0": 0.5, NAME: 0.5})
    assert _by(gv, "probability") == pytest.approx({"future-0": 0.9, NAME: 0.1})
    assert [w["basis"] for w in eq.weights] == [EQUAL_WEIGHTS, EQUAL_WEIGHTS]
    assert gv.weights[1]["basis"] == GIVEN_ON_COMMAND_LINE
    assert "assumption" in gv.weights[0]["basis"]
    assert any(n.startswith("futures weighted:") and "assumption" in n for n in eq.notes)
    assert eq.to_dict()["weights"][1]["probability"] == pytest.approx(0.5)


def test_wait_and_see_by_hand(runs: dict[str, Any]) -> None:
    eq, gv = runs["equal"], runs["given"]
    ws_eq, ws_gv = _by(eq, "cost_ws_usd"), _by(gv, "cost_ws_usd")
    assert ws_gv == pytest.approx(ws_eq, rel=REL)  # no weight enters a future's optimum
    hand = 0.9 * ws_eq["future-0"] + 0.1 * ws_eq[NAME]
    assert gv.ws_usd == pytest.approx(hand, rel=REL)
    assert eq.ws_usd == pytest.approx(0.5 * ws_eq["future-0"] + 0.5 * ws_eq[NAME], rel=REL)


def test_weights_reach_the_objective(runs: dict[str, Any]) -> None:
    eq, gv = runs["equal"], runs["given"]
    c_eq, c_gv = _by(eq, "cost_usd"), _by(gv, "cost_usd")
    # RP under its own weights is the least expected cost over the shared builds: the
    # other run's builds, costed future by future, can be no cheaper under them
    assert gv.expected_cost_usd <= (0.9 * c_eq["future-0"] + 0.1 * c_eq[NAME]) * (1 + REL)
    assert eq.expected_cost_usd <= (0.5 * c_gv["future-0"] + 0.5 * c_gv[NAME]) * (1 + REL)
    assert gv.expected_cost_usd == pytest.approx(0.9 * c_gv["future-0"] + 0.1 * c_gv[NAME], rel=REL)
    # a less likely outage is cheaper to plan for: the expected cost falls
    assert gv.expected_cost_usd < eq.expected_cost_usd


def test_probability_in_the_scenario(runs: dict[str, Any]) -> None:
    line = '    start_year: 2027, months: 24, source: "test"}'
    with_p = (
        '    start_year: 2027, months: 24, source: "test", probability: 0.1,\n'
        '    probability_source: "test: the user\'s judgement"}'
    )
    sc = load_any(replaced(TW3 + EVENTS, (line, with_p)))
    r = stochastic(sc, 1, 0, disruptions=[EVENT], mip_gap=0.0)
    assert _by(r, "probability") == pytest.approx({"future-0": 0.9, NAME: 0.1})
    assert r.weights[1]["basis"] == "scenario: test: the user's judgement"
    assert r.expected_cost_usd == pytest.approx(runs["given"].expected_cost_usd, rel=REL)
    bare = '    start_year: 2027, months: 24, source: "test", probability: 0.1}'
    with pytest.raises(InputError, match="probability_source"):
        load_any(replaced(TW3 + EVENTS, (line, bare)))


def test_sum_that_leaves_nothing_is_refused(runs: dict[str, Any]) -> None:
    from tigris.risk.stochastic import future_weights

    with pytest.raises(InputError, match="leaving nothing"):
        future_weights(1, [(NAME, None)], {EVENT: 1.0})
    p, _ = future_weights(0, [(NAME, None), ("disruption:b", None)], {EVENT: 0.25, "b": 0.75})
    assert p == pytest.approx([0.25, 0.75])


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--disruption-probability", "taiwan-12m=0.1"], "give --stochastic K with it"),
        (
            [
                "--stochastic",
                "1",
                "--disruption",
                "taiwan-12m",
                "--disruption-probability",
                "taiwn-12m=0.1",
            ],
            "'taiwn-12m' is not a disruption given with --disruption",
        ),
        (
            [
                "--stochastic",
                "1",
                "--disruption",
                "taiwan-12m",
                "--disruption-probability",
                "taiwan-12m=1.5",
            ],
            "above 0 and below 1",
        ),
        (["--sobol-n", "12"], "give --sobol with it"),
    ],
)
def test_bad_flags_one_line_exit_2(run_cli: Any, args: list[str], says: str) -> None:
    r = run_cli("risk", "--samples", "1", "--no-store", *args)
    assert r.code == 2, r.err
    lines = [x for x in r.err.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and says in lines[0], r.err
