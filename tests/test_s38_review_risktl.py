"""Review of S38 RISK-TL: the plan as planned stopped at the time limit, and no other.

docs/risk.md, "Plans stopped at the time limit": the plan as planned (every input at
the scenario's own value) "keeps its numbers when it stops so, in the ``planned``
column, with a note that they are not proven optimal"; the sampled plans' statistics
are untouched by it (it is not a sampled plan), and the JSON's ``stopped`` names it
under ``planned``, not among the sampled ``members``.

As in tests/test_s38_risktl_stopped.py, the member solve (run in this process with
``workers=0``) is wrapped so that a plan comes back as HiGHS leaves one at its time
limit (status ``time_limit``, a gap above ``mip_gap``), here only the plan whose inputs
are the scenario's own: a discount rate of exactly 0.08 and a PUE of exactly 1.2
(continuous draws never equal them). The plans' numbers are the real solves'.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: Sampled plans and seed (any: the sampled plans are all optimal here).
SAMPLES = 4
SEED = 3
#: The scenario's own discount rate [-] and PUE [-] (tests/conftest.py SMALL).
OWN = (0.08, 1.2)
#: The gap the wrapper gives the plan as planned [-] (printed 25.0%).
GAP = 0.25
#: The scenario's solver time limit [s] (the default, docs/risk.md).
LIMIT_S = 60.0


@pytest.fixture
def planned_stops(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    """Wrap the member solve: the plan as planned stops; returns its headline NPV
    [USD] under ``"npv"`` once solved, and counts the plans solved."""
    import tigris.plan.reuse as reuse

    real = reuse.solve_member
    seen: dict[str, float] = {"plans": 0}

    def solve_member(sc: Any, **kw: Any) -> Any:
        result = real(sc, **kw)
        seen["plans"] += 1
        if (float(sc.discount_rate), float(sc.pue)) == OWN:
            result = dataclasses.replace(result, status="time_limit", mip_gap=GAP)
            seen["npv"] = float(result.headline()["numbers"]["npv_usd"])
        return result

    monkeypatch.setattr(reuse, "solve_member", solve_member)
    return seen


def test_plan_as_planned_stopped_is_named_as_planned_not_as_a_sample(
    planned_stops: dict[str, float], uncertain_file: Path
) -> None:
    from tigris.risk.api import risk

    res = risk(uncertain_file, samples=SAMPLES, seed=SEED, workers=0, store=False)
    assert "npv" in planned_stops, "the plan as planned must have been solved and stopped"
    doc = res.to_dict()
    block = doc["stopped"]
    # no sampled plan stopped: nothing left out, every sampled plan counted
    assert block["members"] == [] and block["plans"] == [] and block["note"] is None
    assert doc["members_ok"] == SAMPLES
    assert doc["quantiles"]["npv_total_usd"]["values"]["all"]["n"] == SAMPLES
    # the plan as planned named as such, with its gap and limit
    assert block["planned"] == {"status": "time_limit", "mip_gap": GAP, "time_limit_s": LIMIT_S}
    # and it keeps its numbers (the planned column): its own plan's NPV
    assert doc["deterministic"]["npv_total_usd"]["all"] == pytest.approx(
        planned_stops["npv"], rel=1e-9
    )


def test_plan_as_planned_stopped_gets_its_note_in_the_text(
    planned_stops: dict[str, float], uncertain_file: Path, run_cli: Any
) -> None:
    res = run_cli(
        "risk", uncertain_file, "--samples", SAMPLES, "--seed", SEED, "--workers", 0,
        "--no-store",
    )  # fmt: skip
    text = " ".join(res.out.split())  # rich wraps lines
    assert f"{SAMPLES} of {SAMPLES} sampled plans solved" in text
    assert "sampled plans (member" not in text  # no sampled plan named as stopped
    assert (
        f"note: the plan as planned stopped at the {LIMIT_S:g} s time limit, gap 25.0%: its "
        "numbers (the planned column) are a feasible plan's, not proven optimal"
    ) in text


def test_plan_as_planned_stopped_exits_1_as_the_docs_say(
    planned_stops: dict[str, float], uncertain_file: Path, run_cli: Any
) -> None:
    res = run_cli(
        "risk", uncertain_file, "--samples", SAMPLES, "--seed", SEED, "--workers", 0,
        "--no-store", "--json",
    )  # fmt: skip
    assert res.json()["stopped"]["planned"] is not None
    assert res.code == 1


#: Plans drawn above this PUE stop in the sweep tests [-] (as in test_s38_risktl_stopped).
PUE_CUT = 1.25


@pytest.fixture
def pue_stops(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wrap the member solve: a plan with a PUE above :data:`PUE_CUT` stops at the
    limit with gap :data:`GAP`."""
    import tigris.plan.reuse as reuse

    real = reuse.solve_member

    def solve_member(sc: Any, **kw: Any) -> Any:
        result = real(sc, **kw)
        if float(sc.pue) > PUE_CUT:
            result = dataclasses.replace(result, status="time_limit", mip_gap=GAP)
        return result

    monkeypatch.setattr(reuse, "solve_member", solve_member)


def test_sweep_names_the_time_limit_each_member_ran_with(
    pue_stops: None, uncertain_file: Path, run_cli: Any
) -> None:
    """The limit a stopped member is reported with is the one it ran with
    (``tigris.plan.solve``'s order): ``--time-limit`` over the scenario's 60 s; a
    member's own ``solver.time_limit_s`` change over the scenario's."""
    # --time-limit given: every member ran with it, not with the scenario's 60 s
    args = ("sweep", uncertain_file, "--set", "pue=1.2,1.3", "--workers", 0, "--no-store")
    doc = run_cli(*args, "--time-limit", 45, "--json").json()
    assert [r["time_limit_s"] for r in doc["members"]] == [45.0, 45.0]
    assert doc["stopped"]["members"] == [1]
    assert "at the 45 s time limit" in doc["stopped"]["note"]
    # each member's own limit: two limits, named as a range
    args = (
        "sweep", uncertain_file, "--set", "pue=1.3", "--set", "solver.time_limit_s=40,50",
        "--workers", 0, "--no-store", "--json",
    )  # fmt: skip
    doc = run_cli(*args).json()
    assert sorted(r["time_limit_s"] for r in doc["members"]) == [40.0, 50.0]
    assert doc["stopped"]["members"] == [0, 1]
    assert "at their time limits (40-50 s)" in doc["stopped"]["note"]


def test_stopped_plans_builds_do_not_decide_the_unbuilt_inputs(
    pue_stops: None, uncertain_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/risk.md: a stopped plan is left out of the drivers too. The drivers leave
    out an input that acts only on modules no plan built
    (:func:`tigris.risk.montecarlo.unbuilt_inputs`); which plans' builds say so must be
    the optimal sampled plans only, not a stopped plan's (nor the plan as planned's)."""
    import tigris.risk.montecarlo as mc
    from tigris.risk.api import risk

    real = mc.unbuilt_inputs
    asked: list[set[int]] = []

    def unbuilt_inputs(sc: Any, paths: Any, built: Any) -> Any:
        asked.append(set(built))
        return real(sc, paths, built)

    monkeypatch.setattr(mc, "unbuilt_inputs", unbuilt_inputs)
    res = risk(uncertain_file, samples=6, seed=SEED, workers=0, store=False)
    pues = [float(p) for p in res.monte_carlo.inputs["pue"]]
    stopped = {i for i, p in enumerate(pues) if p > PUE_CUT}
    assert 0 < len(stopped) < len(pues), "the seed must give both kinds of plan"
    assert asked == [set(range(len(pues))) - stopped]
