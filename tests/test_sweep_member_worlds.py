"""A sweep member's worlds without builds are solved once per distinct program.

The counterfactual's nested worlds (no builds: incumbents' existing capacity only) do
not read what the investor has, so members of a sweep over the investor's capital ask
HiGHS the same no-build programs again and again; under the timing rule each is a
small MIP (~0.05 s). :func:`tigris.plan.reuse.solve_member` answers a program it has
seen, bit for bit the same arrays and options, from this thread's memory
(:func:`tigris.plan.counterfactual.remembering_worlds`); what a member reports does not
move (``docs/sweeps.md``, "Performance").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from tests.test_plan_reuse import _small, assert_same_plan
from tigris.plan import counterfactual as cf
from tigris.plan import reuse
from tigris.plan.reuse import solve_member
from tigris.plan.solve import solve


def _solved() -> int:
    return cf.WORLD_STATS["solved"]


def test_members_differing_in_capital_solve_their_worlds_once(tmp_path: Path) -> None:
    reuse.clear()
    first = solve_member(_small(tmp_path))
    n_worlds = int(first.timings["counterfactual_solves"])
    assert n_worlds >= 1
    before, remembered = _solved(), cf.WORLD_STATS["remembered"]
    for amount in (5.0e9, 7.0e9):  # the investor's capital: no world without builds reads it
        sc = _small(tmp_path, **{"capital.0.amount_usd": amount})
        fast = solve_member(sc)
        fresh = solve(sc, explain_result=False)  # outside solve_member: solved afresh
        assert_same_plan(fresh, fast)
        pd.testing.assert_frame_equal(fast.supply_by_source, fresh.supply_by_source)
        assert fast.baseline_status == fresh.baseline_status
    # the two members' worlds came from memory; the two plain solves solved theirs
    assert cf.WORLD_STATS["remembered"] - remembered == 2 * n_worlds
    assert _solved() - before == 2 * n_worlds


def test_other_demand_solves_its_worlds_and_clear_forgets(tmp_path: Path) -> None:
    reuse.clear()
    solve_member(_small(tmp_path))
    before = _solved()
    other = _small(tmp_path, **{"demand.0.h100e_by_year": {2026: 6.0e6, 2028: 9.0e6}})
    fast = solve_member(other)  # other demand: other programs, solved
    n_worlds = int(fast.timings["counterfactual_solves"])
    assert _solved() - before == n_worlds
    assert_same_plan(solve(other, explain_result=False), fast)
    before = _solved()
    solve_member(other)  # the same member again: nothing solved
    assert _solved() == before
    reuse.clear()
    solve_member(other)  # forgotten
    assert _solved() - before == n_worlds


def test_memory_is_only_the_callers_and_keys_every_array(monkeypatch: Any) -> None:
    # a key differs when any array differs by one bit, and no memory is kept unless
    # a caller holds one (tigris.plan.solve alone solves every world)
    a = np.array([1.0, 2.0])
    b = np.nextafter(a, 3.0)
    assert cf._program_key(True, a, None) != cf._program_key(True, b, None)
    assert cf._program_key(True, a, None) != cf._program_key(False, a, None)
    assert cf._program_key(True, a, None) == cf._program_key(True, a.copy(), None)
    key = cf._program_key(True, a, None)
    monkeypatch.setattr(cf, "new_highs", lambda: None)  # another solver: another key
    assert cf._program_key(True, a, None) != key
    assert getattr(cf._memory, "store", None) is None
    store: dict = {}
    with cf.remembering_worlds(store):
        assert cf._memory.store is store
    assert getattr(cf._memory, "store", None) is None
