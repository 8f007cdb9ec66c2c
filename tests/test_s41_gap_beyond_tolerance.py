"""A plan whose objective dwarfs its costs beyond the solver's tolerance is not told to
lower mip_gap (user test 2026-12-05 scenarios #4).

With 1e15 H100e of demand the objective was ~1e20 USD of unmet penalty and the plan's
real cost ~$17B: pinning builds to 0.1 % of that cost
(``GAP_COST_SHARE``) needs a relative gap of ~1e-13, below HiGHS's feasibility
tolerance, so no ``mip_gap`` can. The plan was told to "lower solver.mip_gap (e.g.
1e-6)" while its gap was already 3e-9. The advice is checked here against the run's
own numbers. (An ordinary wide gap keeps the mip_gap advice:
tests/test_s40_gap_advice.py.) Such demand is refused since 2026-12-07
(``tigris.scenario.checks.MAX_DEMAND_H100E``, 1e12 a year); the same reach is had within
it with a US$1B penalty per H100e short.
"""

from __future__ import annotations

from pathlib import Path

from tigris.plan.summary import GAP_COST_SHARE, HIGHS_FEASIBILITY_TOL

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _gap_sentence(doc: dict) -> str:
    (text,) = [s for s in doc["headline"]["sentences"] if " within $" in s and "HiGHS" in s]
    return text


def test_huge_demand_is_told_what_can_pin_its_builds(run_cli) -> None:
    # the largest demand a scenario accepts (MAX_DEMAND_H100E), a US$1B penalty on each
    # H100e short and a loose mip_gap: HiGHS stops with a gap of ~1e-6 of a ~4e21 USD
    # objective, trillions of dollars, where pinning builds needs ~1e-15
    res = run_cli(
        "plan",
        SMALL,
        "--no-store",
        "--json",
        "--set",
        "demand.training.h100e_by_year.2026=1e12",
        "--set",
        "unmet_penalty_usd_per_h100e=1e9",
        "--set",
        "solver.mip_gap=1e-3",
    )
    assert res.code == 0, res.err
    doc = res.json()
    n = doc["headline"]["numbers"]
    need = GAP_COST_SHARE * abs(n["real_cost_usd"]) / abs(doc["objective_usd"])
    assert need < HIGHS_FEASIBILITY_TOL  # the claim, from the run's own numbers
    assert doc["mip_gap"] * abs(doc["objective_usd"]) > GAP_COST_SHARE * n["real_cost_usd"]
    text = _gap_sentence(doc)
    assert "no mip_gap pins them" in text
    assert "lower solver.mip_gap" not in text
    assert "lower the demand or unmet_penalty_usd_per_h100e" in text


def test_demand_past_the_solvers_reach_is_refused(run_cli) -> None:
    """1e15 H100e in a year (the run this module was written for, whose "optimal" plan
    served nothing) is refused now, naming the field (MAX_DEMAND_H100E)."""
    res = run_cli("plan", SMALL, "--no-store", "--set", "demand.training.h100e_by_year.2026=1e15")
    assert res.code == 2
    assert "demand.training.h100e_by_year.2026" in res.err and "more than 1e+12" in res.err
