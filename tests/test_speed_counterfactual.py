"""The quick nested worlds under the timing rule (issue 10, item 7: the reference plan
under 5 s again).

Rule 1 of ``docs/plan.md``, "Timing of deliveries under a power pool", made each world
without builds a mixed-integer program; it was solved as the full linopy model
(``_unmet_with_timing_rule``, about 1 s per world on the reference) and is now the
no-build program of :func:`tigris.plan.counterfactual.served_without_builds` with the
rule's rows written in (``_no_withholding_rows``, milliseconds). The speed-up must not
change an answer: here the quick program against hand-derived optima (the hand problem
of ``tests/test_plan_timing.py``) and against the full model on random small pools
(hypothesis, seeded), in the whole world and in nested worlds with part of the pool.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_plan_timing import DEMAND, hand, random_pool
from tigris.plan.counterfactual import (
    _unmet_with_timing_rule,
    _unmet_without_builds,
    served_without_builds,
)

#: H100e: HiGHS's feasibility tolerance on rows in thousands of units (as ABS in
#: tests/test_plan_timing.py) [H100e].
ABS_H100E = 1e-3


def test_the_hand_world_fills_every_year() -> None:
    """The hand problem without builds is its own plan (it has no site): with the rule
    x = (1, 1, 1) thousand, 6,000 H100e served, unmet 3 x 10,000 - 6,000 per year
    10,000 - 1,000, 10,000 - 2,000, 10,000 - 3,000 (without the rule it would withhold
    2026: x = (1, 0, 2), unmet 9,000, 10,000, 4,000)."""
    unmet = served_without_builds(hand())
    assert unmet.sum(axis=0) == pytest.approx([9000.0, 8000.0, 7000.0], abs=ABS_H100E)


def test_binding_logic_excuses_idle_power_in_the_quick_world() -> None:
    """Logic for 500 accelerators a year: every logic row tight, the pool never full,
    x = (500, 500, 500): unmet 9,500, 9,000, 8,500 H100e (h100e 1, 2, 3), as the full
    model's hand test (test_the_rule_lets_binding_logic_excuse_idle_power)."""
    existing = hand().existing.copy()
    existing[0] = 500 * 0.01 / 12
    unmet = served_without_builds(hand(existing=existing))
    assert unmet.sum(axis=0) == pytest.approx([9500.0, 9000.0, 8500.0], abs=ABS_H100E)


def test_a_year_without_demand_may_stand_idle_in_the_quick_world() -> None:
    """No demand in 2026: x = (1, 0, 2) thousand, unmet 9,000, 0, 4,000 H100e."""
    unmet = served_without_builds(hand(demand=np.array([[DEMAND, 0.0, DEMAND]])))
    assert unmet.sum(axis=0) == pytest.approx([9000.0, 0.0, 4000.0], abs=ABS_H100E)


def _same(inp, existing=None) -> None:
    quick, got = _unmet_without_builds(inp, existing)
    full, want = _unmet_with_timing_rule(inp, existing)
    assert got == want == "optimal"
    # the same optimum: unmet per class and year within HiGHS's tolerance
    assert quick == pytest.approx(full, abs=ABS_H100E, rel=1e-9)


@settings(max_examples=2, derandomize=True, deadline=None, database=None)
@given(
    seed=st.integers(0, 10_000),
    logic_wspm=st.floats(0.2, 3.0),
    part=st.floats(0.0, 1.0),
)
def test_the_quick_world_is_the_full_model_on_random_pools(
    seed: int, logic_wspm: float, part: float
) -> None:
    """Random pools (``random_pool``: a product a year, H100e per MW growing, lifetime
    2-3 years), with logic for 240-3,600 accelerators a year (so that logic binds in
    some years and not in others, and excuses idle power there) in a nested world
    holding a share ``part`` of the pool: the quick program's unmet demand is the full
    model's (the same rows and the same zero-gap optimum). Two examples (the full
    model is built each time); ``test_the_quick_world_is_the_full_model_seeded`` runs
    more."""
    inp = random_pool(seed)
    existing = inp.existing.copy()
    existing[0] = logic_wspm
    inp = dataclasses.replace(inp, existing=existing)
    nested = existing.copy()
    nested[1] = existing[1] * part
    _same(inp, nested)


@pytest.mark.parametrize("seed", range(2))
def test_the_quick_world_is_the_full_model_with_two_classes_and_mix(seed: int) -> None:
    """Two demand classes of different priority and a product-mix floor (each year's
    product at least 40 % of the compute where two are made): the demand-met binary
    covers both classes' unmet demand and the mix rows stay as in the LP."""
    rng = np.random.default_rng(seed)
    inp = random_pool(seed)
    n = len(inp.years)
    available = np.eye(n, dtype=bool) | np.eye(n, k=-1, dtype=bool)
    both = available.sum(axis=0) > 1
    inp = dataclasses.replace(
        inp,
        classes=("training", "inference"),
        demand=np.vstack([np.full(n, 12_000.0), np.full(n, 8_000.0)]),
        priority=np.array([1.0, 1.0 + rng.random()]),
        available=available,
        min_share=np.where(available & both[None, :], 0.4, 0.0),
    )
    _same(inp)


@pytest.mark.parametrize("seed", range(4))
def test_the_quick_world_is_the_full_model_seeded(seed: int) -> None:
    """Seeded random pools as above, whole and with half the logic: the same optimum."""
    inp = random_pool(100 + seed)
    existing = inp.existing.copy()
    existing[0] = 0.2 + 2.8 * np.random.default_rng(seed).random()
    _same(dataclasses.replace(inp, existing=existing))


def test_a_nested_world_has_its_share_of_each_placed_regions_room() -> None:
    """The hand problem with the pool split evenly between regions a and b (0.5, 1, 1
    MW each) and the whole fleet placed in a (``demand_share`` 1): a nested world
    holding half the pool (0.5, 1, 1 MW) holds half of a's capacity too, (0.25, 0.5,
    0.5) MW, so a's row binds (x1 <= 0.25, x1 + x2 <= 0.5, x2 + x3 <= 0.5 thousand)
    and, the pool never full, the rule makes a's row tight every year: x = (0.25,
    0.25, 0.25), 250 + 500 + 750 = 1,500 H100e, unmet 28,500. The whole world's
    rooms in that world (the full-model path of 18a3733-4fff82a,
    ``without_builds`` keeps ``power_regions``) would give a the whole world's 0.5, 1,
    1 MW, more than half the pool holds there: x = (0.5, 0.5, 0.5), unmet 27,000."""
    from tigris.plan.power import PowerRegions

    inp = hand()
    pool = np.asarray(inp.existing[1], dtype=float)
    n_s, n_k = np.shape(inp.allowed)
    inp = dataclasses.replace(
        inp,
        power_regions=PowerRegions(
            names=("a", "b"),
            existing_mw=np.vstack([pool / 2, pool / 2]),
            existing_pue=np.ones(2),
            module_pue=np.ones((n_s, n_k)),
            demand_share=np.array([1.0, 0.0]),
            onsite_gco2_per_kwh=np.full(n_k, np.nan),
            onsite_usd_per_mwh=np.full(n_k, np.nan),
        ),
    )
    nested = np.asarray(inp.existing, dtype=float).copy()
    nested[1] = pool / 2
    unmet = served_without_builds(inp, nested)
    assert unmet.sum() == pytest.approx(3 * DEMAND - 1500.0, abs=ABS_H100E)
    assert unmet.sum(axis=0) == pytest.approx([9750.0, 9500.0, 9250.0], abs=ABS_H100E)
