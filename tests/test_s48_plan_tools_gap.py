"""The scanner reason does not depend on the MIP gap alone (user test s48 #2).

``tigris plan --mip-gap 0.01`` (the same plan as the default) listed "No EUV scanner is
available to the plan in 2026; one more N2 logic module needs 11", though a re-solve
with 11 more scanners saves $0: its re-solve's bound was within the loose gap, so the
verdict was "unknown" and the fact was said. A re-solve proving no saving beyond the
gap makes the scanners no reason of their own, as at the default gap.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from tests.test_plan_tiny import tiny
from tigris.plan.explain import _Budget, _tools
from tigris.plan.explain_base import _finish, _start
from tigris.plan.highs import Resolve


def _scanner_reasons(gap: float, saving_max_model: float) -> tuple[list, _Budget]:
    """``_tools`` on a tiny problem with no scanner at all in 2025, its re-solve
    answered by a stand-in that finds no saving and proves at most ``saving_max_model``
    [model money units, $M]."""
    inp = tiny(demand=[0.0, 2.4e6], euv_tools=2.0, euv_supply=0.0)

    def resolve(changes, names):
        return Resolve("optimal", 0.0, saving_max_model, {"unmet": np.zeros((1, 2))}, 0.1)

    # objective $40B (model units $M): the gap's tolerance is gap x $40B
    resolver = SimpleNamespace(
        resolve=resolve, gap=gap, objective=40_000.0, time_limit_s=1.0, max_nodes=1
    )
    budget = _Budget(resolver, 2.4e6)  # type: ignore[arg-type]
    build = np.zeros((1, 1, 2))
    out = _finish(_start(_tools(inp, build, np.asarray(inp.years), [0], budget), []))
    budget.close()
    return out, budget


def test_no_scanner_reason_when_its_resolve_saves_nothing_beyond_a_loose_gap() -> None:
    # a bound of $100M: above $1 (not proven none), within 1 % of $40B ($400M)
    out, budget = _scanner_reasons(0.01, 100.0)
    assert [e for e in out if e.kind == "euv"] == [], out
    assert [p[0] for p in budget.pending] == ["euv"]


def test_the_same_at_the_exact_gap() -> None:
    out, budget = _scanner_reasons(0.0, 0.0)
    assert out == []
    assert [p[0] for p in budget.pending] == ["euv"]


def test_a_resolve_cut_short_above_the_gap_still_states_the_fact() -> None:
    """Not proven within the gap (bound $2B > $400M), no saving found: the fact stays."""
    out, _ = _scanner_reasons(0.01, 2_000.0)
    (e,) = out
    assert e.kind == "euv" and e.text.startswith("No EUV scanner is available to the plan")
