"""A scanner limit whose re-solve FOUND a saving is said at any gap (review of s48).

``no_saving_beyond_gap`` (8767bce7) held a scanner limit back whenever its re-solve's
bound was within the MIP gap's tolerance. At ``--mip-gap 0.01`` on the reference that
tolerance is ~$773B, so a re-solve that found a $200B saving was held back ("pending")
and never said. Only a re-solve that found no saving at all is held back.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from tests.test_plan_tiny import tiny
from tigris.plan.explain import _Budget, _tools
from tigris.plan.explain_base import _finish, _start
from tigris.plan.highs import Resolve

#: The reference's objective [model units, $M]: 1 % of it is ~$773B.
_REFERENCE_OBJECTIVE = 77_326_000.0


def _budget(found: float, most: float) -> _Budget:
    def resolve(changes, names):
        return Resolve("optimal", found, most, {"unmet": np.zeros((1, 2))}, 0.1)

    resolver = SimpleNamespace(
        resolve=resolve,
        gap=0.01,
        objective=_REFERENCE_OBJECTIVE,
        time_limit_s=1.0,
        max_nodes=1,
    )
    return _Budget(resolver, 2.4e6)  # type: ignore[arg-type]


def test_a_found_saving_within_a_loose_gap_is_not_no_saving() -> None:
    budget = _budget(2e5, 2e5)
    assert budget.tol_usd > 7e11  # ~$773B
    res = Resolve("optimal", 2e5, 2e5, {}, 0.1)  # $200B found and at most
    assert not budget.no_saving_beyond_gap(res)
    # nothing found, bound within the gap: held back, as in 8767bce7
    assert budget.no_saving_beyond_gap(Resolve("optimal", 0.0, 2e5, {}, 0.1))


def test_the_scanner_limit_with_a_found_saving_is_said() -> None:
    inp = tiny(demand=[0.0, 2.4e6], euv_tools=2.0, euv_supply=0.0)
    budget = _budget(2e5, 2e5)
    build = np.zeros((1, 1, 2))
    out = _finish(_start(_tools(inp, build, np.asarray(inp.years), [0], budget), []))
    budget.close()
    assert budget.pending == []
    (e,) = [e for e in out if e.kind == "euv"]
    assert e.text.startswith("No EUV scanner is available to the plan"), e.text
