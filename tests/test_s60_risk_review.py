"""A review of the risk layer (2026-12-07): five defects, each checked here against an
invariant or a re-solve, not against the numbers the code printed before.

1. a disruption whose plan as made has no solution ended in a traceback after the
   Monte Carlo's sweep was stored: now one line, what was kept, exit 1;
2. EVPI was $0 when no wait-and-see solve finished: now unknown, with a note;
3. with incumbents who respond, a disruption's plan as made dropped the incumbents'
   floor, so it was not the plan ``tigris plan`` makes;
4. "nor does the plan as made" was said when there was none;
5. horizon-total deliveries reported solver noise (5.5e-07 H100e), not 0.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import pytest

from tigris.errors import TigrisError

RESPOND = "incumbents.respond"


@pytest.fixture(scope="module")
def respond_yaml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tigris.scenario import reference_scenario

    sc = reference_scenario().set({RESPOND: True})
    path = tmp_path_factory.mktemp("respond") / "respond.yaml"
    path.write_text(sc.to_yaml(), encoding="utf-8")
    return path


def test_a_disruption_with_no_plan_as_made_is_one_line(run_cli, monkeypatch) -> None:
    import tigris.risk.disruptions as disruptions

    def no_plan(*_a, **_k):
        raise TigrisError("disruption taiwan-12m: the plan as made has no solution (x)")

    monkeypatch.setattr(disruptions, "disrupt", no_plan)
    args = ["risk", "--samples", "1", "--seed", "1", "--workers", "0", "--no-store"]
    res = run_cli(*args, "--time-limit", "0.05", "--disruption", "taiwan-12m", "--json")
    assert res.code == 1
    lines = res.err.strip().splitlines()
    assert "Traceback" not in res.err
    (line,) = [x for x in lines if x.startswith("error: ")]
    assert "the plan as made has no solution" in line
    assert "finished, not stored" in line and "not done: the disruption taiwan-12m" in line
    assert res.json()["error"]["type"] == "RiskStepError"


def test_evpi_is_unknown_unless_every_wait_and_see_solve_is_optimal(run_cli) -> None:
    """At a 0.05 s limit the wait-and-see solves stop short (the reference MILP takes
    seconds): WS and EVPI are then null, with a note; were they all optimal, EVPI
    would be a number >= 0 (RP >= WS for a minimisation)."""
    args = ["risk", "--samples", "1", "--seed", "1", "--workers", "0", "--no-store"]
    doc = run_cli(*args, "--time-limit", "0.05", "--stochastic", "2", "--json").json()
    st = doc["stochastic"]
    ws = [row["cost_ws_usd"] for row in st["scenarios"]]
    if st["expected_cost_usd"] is None:  # the extensive form itself found no plan in
        # time (a busy machine): no wait-and-see solve is run, and it says why
        assert st["ws_usd"] is None and st["evpi_usd"] is None and all(w is None for w in ws)
        assert any("the extensive form has no plan" in n for n in st["notes"]), st["notes"]
    elif any(w is None for w in ws):
        assert st["ws_usd"] is None and st["evpi_usd"] is None
        assert any("wait-and-see solve of" in n and "EVPI are unknown" in n for n in st["notes"])
    else:
        assert st["evpi_usd"] >= -1e-6 * abs(st["expected_cost_usd"])


def test_no_plan_as_made_is_not_said_to_build_nothing() -> None:
    from tigris.cli import risk as cli_risk

    out = io.StringIO()
    from rich.console import Console

    saved = cli_risk.console
    cli_risk.console = Console(file=out, width=200)
    try:
        cli_risk._print_robust_builds({"builds": [], "ev_builds": None})
        cli_risk._print_robust_builds({"builds": [], "ev_builds": []})
    finally:
        cli_risk.console = saved
    first, second = out.getvalue().strip().splitlines()
    assert "no plan as made to compare" in first and "nor does" not in first
    assert "nor does the plan as made" in second


def test_the_plan_as_made_keeps_the_incumbents_floor(run_cli, respond_yaml: Path) -> None:
    """With incumbents who respond, the disruption's plan as made is the Monte Carlo's
    plan as planned (both 'tigris plan' with its floor): the same cost. And a total
    over the horizon is 0 or a real difference, never the solves' noise."""
    args = ["risk", str(respond_yaml), "--samples", "1", "--seed", "1", "--workers", "0"]
    doc = run_cli(*args, "--no-store", "--disruption", "euv-cut", "--json").json()
    base = doc["disruptions"][0]["numbers"]["base"]["cost_usd"]
    assert base == pytest.approx(doc["deterministic"]["cost_usd"]["all"], rel=1e-6)
    numbers = doc["disruptions"][0]["numbers"]
    delivered = numbers.get("base_delivered_in_event_years_h100e") or 1.0
    for key in ("fixed", "reoptimised"):
        for what in ("lost_delivered_horizon_h100e", "lost_before_event_h100e"):
            v = numbers[f"{key}_{what}"]
            assert v is not None and not math.isnan(v)
            assert v == 0.0 or abs(v) > 1e-9 * delivered, (key, what, v)
