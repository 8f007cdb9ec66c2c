"""User test 2026-12-05 (plan #4): at ``--mip-gap 0.01`` the reference gave the same
plan as at its own gap, but its "Capital binds" finding went unsaid. A re-solve whose
saving lies within the MIP gap's tolerance has not proven that there is none
(docs/plan.md, "absent ... or it is inconclusive, and the sentence states only the
fact of the plan"): only a saving within the exact tolerance is "none"."""

from __future__ import annotations

from types import SimpleNamespace

from tigris.plan.explain_base import _SAVING_TOL_USD, _Budget
from tigris.plan.highs import Resolve
from tigris.plan.model import MONEY_SCALE


def _budget(gap: float, objective_usd: float) -> _Budget:
    resolver = SimpleNamespace(gap=gap, objective=objective_usd / MONEY_SCALE)
    return _Budget(resolver, 0.0)  # type: ignore[arg-type]


def _resolve(saving_usd: float) -> Resolve:
    s = saving_usd / MONEY_SCALE
    return Resolve("optimal", s, s, {}, 0.0)


def test_a_saving_within_the_gap_is_not_proven_absent() -> None:
    b = _budget(0.01, 77_326e9)  # the reference's objective at a 1 % gap: $773B
    assert b.tol_usd > 27.6e9  # the capital claim's $27.6B is inside it
    assert b.verdict(_resolve(27.6e9)) == "unknown"


def test_no_saving_is_none_and_a_saving_beyond_the_gap_saves() -> None:
    b = _budget(0.01, 77_326e9)
    assert b.verdict(_resolve(0.5 * _SAVING_TOL_USD)) == "none"
    assert b.verdict(_resolve(2 * b.tol_usd)) == "saves"


def test_the_reference_at_a_loose_gap_still_says_the_capital_fact(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--json", "--mip-gap", "0.01", "--time-limit", "30")
    assert res.code == 0, res.err
    doc = res.json()
    capital = [b["text"] for b in doc["binding"] if b["kind"] == "capital"]
    assert capital, [b["kind"] for b in doc["binding"]]
    # the fact (money drawn, less left than a module costs), no claim of a saving
    assert "left is less than one" in capital[0]
    assert "would lower" not in capital[0]
