"""The explanation re-solves without HiGHS's root restarts and root reduced-cost
heuristic (issue 10, item 7: the reference plan under 5 s again;
``tigris.plan.highs.RESOLVE_OPTIONS``).

A re-solve starts from a plan that exists and mostly proves its bound; switching both
off took the reference's four re-solves from ~2.1 to ~0.9 s of CPU with the same
answers. Here the same answers on the timing rule's hand problem
(``tests/test_plan_timing.py``) by hand, and against the re-solve with HiGHS's defaults
for both on random small pools.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.test_plan_timing import hand, random_pool
from tigris.plan import highs
from tigris.plan.highs import Resolver, run_highs
from tigris.plan.inputs import MONTHS_PER_YEAR
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, build_model

#: One more MW in the pool's row, in its units (thousand MW-months a year) [-].
ONE_MW = MONTHS_PER_YEAR / COUNT_SCALE
POOL = "capacity-datacenter-upper"


def _resolver(inp) -> Resolver:
    m = build_model(inp)
    status, _ = run_highs(m, None, 0.0)
    assert status == "optimal"
    return Resolver(m, 10.0, 0.0)


def test_one_more_mw_a_year_in_the_hand_problem_saves_150m() -> None:
    """Pool (1, 2, 2) MW -> (2, 3, 3) in the pool's rows only: rule 1's rows keep the
    base pool as what "full" means (a re-solve raises the rows it names, not the rule's
    ``fill-pool``), so x1 <= 2, x1 + x2 <= 3, x2 + x3 <= 3 with x1 >= 1, x1 + x2 >= 2,
    x2 + x3 >= 2; H100e x1 + 2 x2 + 3 x3 = 9 + x1 - x2 at x3 = 3 - x2, best at
    x = (2, 0, 3) thousand: 11,000 H100e instead of 6,000, 5,000 x $30,000 = $150M less
    penalty, unmet 19,000 H100e over the horizon."""
    res = _resolver(hand()).resolve([(POOL, {}, ONE_MW)], ("unmet",))
    assert res.status == "optimal"
    assert res.saving_found * MONEY_SCALE == pytest.approx(150e6, rel=1e-6)
    assert res.saving_max * MONEY_SCALE == pytest.approx(150e6, rel=1e-6)
    assert res.values["unmet"].sum() * COUNT_SCALE == pytest.approx(19_000.0, abs=1e-3)


@pytest.mark.parametrize("seed", range(3))
def test_a_resolve_without_restarts_answers_as_with_them(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Random pools (``random_pool``, with logic for 240-3,600 accelerators a year):
    one more MW in every year, then one more in the second year only; the savings
    found and proven and the unmet demand per year are those of the re-solve with
    HiGHS's restarts and root reduced-cost heuristic (its defaults)."""
    inp = random_pool(seed)
    existing = inp.existing.copy()
    existing[0] = 0.2 + 2.8 * np.random.default_rng(seed).random()
    r = _resolver(dataclasses.replace(inp, existing=existing))
    year = int(inp.years[1])
    changes = [[(POOL, {}, ONE_MW)], [(POOL, {"year": [year]}, ONE_MW)]]
    quick = [r.resolve(c, ("unmet",)) for c in changes]
    monkeypatch.setitem(highs.RESOLVE_OPTIONS, "mip_allow_restart", True)
    monkeypatch.setitem(highs.RESOLVE_OPTIONS, "mip_heuristic_run_root_reduced_cost", True)
    slow = [r.resolve(c, ("unmet",)) for c in changes]
    for a, b in zip(quick, slow, strict=True):
        assert a.status == b.status == "optimal"
        assert a.saving_found == pytest.approx(b.saving_found, rel=1e-9, abs=1e-9)
        assert a.saving_max == pytest.approx(b.saving_max, rel=1e-9, abs=1e-9)
        assert a.values["unmet"] == pytest.approx(b.values["unmet"], abs=1e-6)
