"""Second-engineer review of rule 1's shrinking-pool excuse (``docs/plan.md``, "Timing
of deliveries under a power pool", "Shrinking pools"; REVIEW-TIMING, 2026-12-03).

Hand problems that pin what the tests of ``tests/test_plan_timing_shrink.py`` left
free: the excuse's window ends with the longest life of a part made in the year
(not one year later), and a ``fill-later`` row's big-M counts the modules a later row
can get (not its right-hand side alone). Each optimum is derived by hand in its
docstring; the model, and the nested worlds' direct program where nothing is built,
must reach it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, solved
from tests.test_plan_timing import ABS, DEMAND, shrinking
from tigris.plan.counterfactual import _unmet_without_builds
from tigris.plan.timing import withheld_years

#: Thousand MW-months of the pool row per MW a year (12 months / 1,000).
ROW_PER_MW = 12 / 1000


def test_the_excuse_ends_with_the_parts_life() -> None:
    """Pool 2, 1, 0 MW; parts of 1, 5 and 1 H100e at 1 kW; lives 2, 1, 2 years (``y2``
    serves one year). Rows (thousands): 2025 ``x1 ≤ 2``; 2026 ``x1 + x2 ≤ 1``; 2027
    ``x3 ≤ 0`` (``y1`` made in 2025 has left by 2027, ``y2`` too). 2025's pool (2 MW)
    can never be full (``x1 ≤ 1``), so 2025 needs the later excuse within L(2025) = 2
    years: the fleet of 2025 fills 2026, ``x1 ≥ 1``; so ``x = (1, 0, 0)``: 1,000
    H100e, unmet 29,000, $870M. 2027 (empty, room 0) lies beyond the life of any part
    made in 2025: a window one year longer would read its zero room as "full of 2025's
    fleet" and excuse 2025 freely, giving the withholding ``x = (0, 1, 0)``, $750M."""
    inp = shrinking(
        (2.0, 1.0, 0.0), h100e=(1.0, 5.0, 1.0), fleet_lifetime_years=np.array([2, 1, 2])
    )
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 0.0], abs=ABS)
    assert r["objective"] == pytest.approx((3 * DEMAND - 1000.0) * PENALTY, rel=1e-6)
    assert withheld_years(r["m"], inp) == []
    unmet, status = _unmet_without_builds(inp)
    assert status == "optimal"
    assert unmet.sum() == pytest.approx(3 * DEMAND - 1000.0, abs=ABS)


def test_a_later_rows_big_m_counts_the_modules_it_can_get() -> None:
    """Pool 2, 1, 1 MW, parts of 1, 2 and 3 H100e, lifetime 2; demand 500 H100e in
    2025, 10,000 in 2026, none in 2027; $20M of capital, enough for one 1 MW module
    ($20M, paid in its start year, online from the next, no salvage). Rows
    (thousands, b the module started in 2025): ``x1 ≤ 2``; ``x1 + x2 ≤ 1 + b``;
    ``x2 + x3 ≤ 1 + b``; ``x1 ≤ 0.5`` (2025's demand), ``x3 = 0`` (none in 2027).
    With b = 1: 2025's demand is met (``x1 = 0.5``), 2026 fills ``x2 = 1.5``: 3,000
    H100e served in 2026, unmet 7,000, $210M + $20M = $230M. Without: ``x2 ≤ 0.5``,
    unmet 9,000, $270M; a module started in 2026 serves nothing (no demand in 2027).
    So the optimum builds in 2025, ``x = (0.5, 1.5, 0)``, $230M. The pair (2025, 2026)
    has a ``later`` binary (2026's right-hand side is below 2025's); with it at 0 its
    row asks 2026's room left by 2025's fleet, ``1 + b − x1`` = 1.5 MW, to be at most
    M. M = 1 MW (the right-hand side alone) would cut this optimum off (``x1 ≥ b``
    against ``x1 ≤ 0.5``); M = 1 + 1 MW (the module capital allows) keeps it."""
    allowed = np.asarray(shrinking().allowed, dtype=bool).copy()
    allowed[:, 1] = True  # the datacenter module
    inp = shrinking(
        demand=np.array([[500.0, DEMAND, 0.0]]),
        allowed=allowed,
        capital_usd=np.array([[20e6, 0.0, 0.0]]),
    )
    r = solved(inp)
    assert r["build"].sum(axis=(0, 1)) == pytest.approx([1.0, 0.0, 0.0])
    assert r["prod"].sum(axis=0) == pytest.approx([500.0, 1500.0, 0.0], abs=ABS)
    assert r["objective"] == pytest.approx(7000.0 * PENALTY + 20e6, rel=1e-6)
    assert "later-capacity-datacenter-upper" in r["m"].variables
    assert withheld_years(r["m"], inp) == []


def test_the_check_reads_the_same_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """:func:`test_the_excuse_ends_with_the_parts_life`'s problem without the rule:
    ``x = (0, 1, 0)`` (5,000 H100e, $750M); 2025 ships nothing with 2 MW idle, demand
    unmet and logic slack, and the fleet of 2025 (none) leaves 2026 1 MW of room: named.
    2027's zero room lies beyond the life of a part made in 2025 and excuses nothing."""
    import tigris.plan.timing as timing

    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)
    inp = shrinking(
        (2.0, 1.0, 0.0), h100e=(1.0, 5.0, 1.0), fleet_lifetime_years=np.array([2, 1, 2])
    )
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([0.0, 1000.0, 0.0], abs=ABS)
    (w,) = withheld_years(r["m"], inp)
    assert (w.year, w.idle_mw, w.delivered_h100e) == (2025, pytest.approx(2.0), 0.0)


def _flat_then_excused(pool: tuple[float, float, float]) -> Any:
    """Nothing can be made in 2025; parts of 2 and 3 H100e in 2026 and 2027 at 1 kW,
    lifetime 2; logic for 300 accelerators in 2027 (0.25 wspm); the pool ``pool``."""
    inp = shrinking(pool)
    available = np.eye(3, dtype=bool)
    available[0, 0] = False
    existing = inp.existing.copy()
    existing[0] = [1000.0, 1000.0, 0.25]
    return dataclasses.replace(inp, available=available, existing=existing)


def test_one_more_mw_that_makes_the_pool_shrink_is_claimed_as_solved() -> None:
    """Pool 1, 1, 1.5 MW (rows, thousands: 2026 ``x2 ≤ 1``, 2027 ``x2 + x3 ≤ 1.5``,
    logic ``x3 ≤ 0.3``). The rule fills 2026 (``x2 = 1``); 2027 is excused by its logic
    (``x3 = 0.3``): 2,000 + 900 = 2,900 H100e, unmet 27,100, $813M. One more MW in 2026,
    solved as data (pool 1, 2, 1.5): 2026 can no longer fill (2027 holds 1.5), so it is
    excused only when the fleet of 2026 fills 2027, ``x2 ≥ 1.5``: ``x = (0, 1.5, 0)``,
    3,000 H100e, $810M, a $3M saving. The re-solve that raises 2026's row must claim the
    same $3M. Before the review the base model had no ``later`` binary for (2026, 2027)
    (1.5 ≥ 1: not shrinking), the re-solve with the rule in step had no plan and fell
    back to the base pool counted as full (``x2 ≥ 1``), which let it withhold 2026's new
    MW for 2027's better part (``x = (0, 1.2, 0.3)``, 3,300 H100e) and claim $12M."""
    from tigris.plan.highs import Resolver

    base = solved(_flat_then_excused((1.0, 1.0, 1.5)))
    assert base["prod"].sum(axis=0) == pytest.approx([0.0, 1000.0, 300.0], abs=ABS)
    assert base["objective"] == pytest.approx(27_100 * PENALTY, rel=1e-6)
    raised = solved(_flat_then_excused((1.0, 2.0, 1.5)))
    assert raised["prod"].sum(axis=0) == pytest.approx([0.0, 1500.0, 0.0], abs=ABS)
    want = base["objective"] - raised["objective"]
    assert want == pytest.approx(100 * PENALTY, rel=1e-6)
    got = Resolver(base["m"], 60.0).resolve(
        [("capacity-datacenter-upper", {"year": 2026}, 1.0 * ROW_PER_MW)]
    )
    assert got.exact
    assert got.saving_found * 1e6 == pytest.approx(want, rel=1e-6)


def test_a_pool_that_shrinks_by_a_retiring_module_has_the_excuse() -> None:
    """Pool 1, 0, 1.5 MW of existing capacity, parts of 1, 2 and 3 H100e, lifetime 2;
    three 1 MW modules must start in 2025 and no other (``min_build`` = ``max_build``,
    $20M each) and stand online in 2026 only (output profile 0, 1, 0). Rows
    (thousands): ``x1 ≤ 1``; ``x1 + x2 ≤ 3``; ``x2 + x3 ≤ 1.5``. 2027's right-hand
    side (1.5 MW) is above 2026's (0) by more than a re-solve's margin, yet 2026's
    capacity (3 MW) is above 2027's: the pool shrinks by a module that retires, and
    only the module's weight in the two rows says so. 2026 cannot be full (``x1 + x2
    ≤ 1 + 1.5``), so it needs the later excuse: the fleet of 2026 fills 2027, ``x2 ≥
    1.5``; 2025 fills (``x1 = 1``); so ``x = (1, 1.5, 0)``: 4,000 H100e, unmet
    26,000, $780M + $60M of modules = $840M. Without the pair's binary the rule has
    no plan."""
    n = 3
    base = shrinking((1.0, 0.0, 1.5))
    allowed = np.asarray(base.allowed, dtype=bool).copy()
    allowed[:, 1] = True  # the datacenter module
    floor = np.zeros((*allowed.shape, n))
    floor[0, 1, 0] = 3.0
    ramp = np.ones((*allowed.shape, 1))
    inp = dataclasses.replace(
        base,
        allowed=allowed,
        min_build=floor,
        max_build=floor,
        spend=ramp * np.array([1.0, 0.0, 0.0]),
        output=ramp * np.array([0.0, 1.0, 0.0]),
    )
    r = solved(inp)
    assert r["build"].sum(axis=(0, 1)) == pytest.approx([3.0, 0.0, 0.0])
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 1500.0, 0.0], abs=ABS)
    assert r["objective"] == pytest.approx(26_000 * PENALTY + 60e6, rel=1e-6)
    assert withheld_years(r["m"], inp) == []
