"""Rule 1 of the timing section when the pool shrinks (``docs/plan.md``, "Timing of
deliveries under a power pool", "Shrinking pools").

The corrected rule excuses idle power in year t also when the fleet delivered up to t
fills the pool (or a placed region's room) of a later year within the longest life of a
part made in t. Its purpose must survive (a plan may not keep a hall empty to wait for
a later, better part) and it must never make a plan infeasible on its own.

Hand problem (the timing hand problem of ``tests/test_plan_timing.py`` with parts of 1,
5 and 1 H100e, one a year, at 1 kW, lifetime 2, a pool of 2, 1, 1 MW, demand 10,000 a
year, $30,000 per unmet H100e, 0 % discount, logic ample). Rows in thousands:
``x1 ≤ 2``, ``x1 + x2 ≤ 1``, ``x2 + x3 ≤ 1``; H100e ``x1 + 5 x2 + x3``.

* Without the rule: ``x3 = 1 − x2`` and ``x2 ≤ 1 − x1`` give ``x1 + 4 x2 + 1 ≤ 5 − 3 x1``,
  best at ``x = (0, 1, 0)``: 5,000 H100e. 2025 ships nothing with 2 MW idle, to keep
  2026's room for its 5-H100e part: withholding.
* With the rule: 2025's pool (2 MW) can never be full (``x1 ≤ 1``), so 2025 needs the
  later excuse: the fleet of 2025 fills 2026, ``x1 ≥ 1``; so ``x1 = 1``, ``x2 = 0``, and
  2027 (nothing later) fills, ``x3 = 1``: 2,000 H100e, unmet 28,000, $840M.
* The pool raised to 2, 1.5, 1 MW (as data): the excuse needs ``x1 ≥ 1.5``, so ``x1 =
  1.5``, ``x2 = 0``, ``x3 = 1``: 2,500 H100e, $825M. An explanation re-solve that raises
  2026's row by 0.5 MW must find the same $15M; with the excuse left at the base room
  (``x1 ≥ 1``) it would allow ``x = (1, 0.5, 0.5)``, 4,000 H100e, and claim $60M.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.test_plan_power import PENALTY, solved
from tests.test_plan_timing import ABS, shrinking
from tigris.plan.counterfactual import _unmet_without_builds
from tigris.plan.highs import Resolver
from tigris.plan.timing import withheld_years

#: The module docstring's parts [H100e per unit].
PARTS = (1.0, 5.0, 1.0)
#: Thousand MW-months of the pool row per MW a year (12 months / 1,000).
ROW_PER_MW = 12 / 1000


@pytest.fixture
def no_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model without rule 1, to see what it forbids."""
    import tigris.plan.timing as timing

    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)


def test_a_shrinking_pool_may_not_be_left_empty_for_a_better_part() -> None:
    """With the rule: x = (1, 0, 1) thousand, $840M, nothing named (the docstring)."""
    inp = shrinking(h100e=PARTS)
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 1000.0], abs=ABS)
    assert r["objective"] == pytest.approx(28_000 * PENALTY, rel=1e-6)
    assert withheld_years(r["m"], inp) == []


def test_without_the_rule_a_shrinking_pool_is_withheld(no_rule: None) -> None:
    """Without the rule: x = (0, 1, 0), $750M; 2025 is named, 2 MW idle, 0 shipped
    (the fleet delivered up to 2025, none, leaves 2026's pool empty: no excuse)."""
    inp = shrinking(h100e=PARTS)
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([0.0, 1000.0, 0.0], abs=ABS)
    assert r["objective"] == pytest.approx(25_000 * PENALTY, rel=1e-6)
    (w,) = withheld_years(r["m"], inp)
    assert (w.year, w.idle_mw, w.delivered_h100e) == (2025, pytest.approx(2.0), 0.0)


def test_a_resolve_keeps_the_later_excuse_in_step() -> None:
    """Raising 2026's row by 0.5 MW saves $15M, the raised pool solved as data
    ($840M − $825M), not the $60M of the base room kept as the excuse
    (``highs.Resolver._later_in_step``; without it $60M)."""
    base = solved(shrinking(h100e=PARTS))
    raised = solved(shrinking((2.0, 1.5, 1.0), h100e=PARTS))
    assert raised["prod"].sum(axis=0) == pytest.approx([1500.0, 0.0, 1000.0], abs=ABS)
    want = base["objective"] - raised["objective"]
    assert want == pytest.approx(500 * PENALTY, rel=1e-6)
    got = Resolver(base["m"], 60.0).resolve(
        [("capacity-datacenter-upper", {"year": 2026}, 0.5 * ROW_PER_MW)]
    )
    assert got.exact
    assert got.saving_found * 1e6 == pytest.approx(want, rel=1e-6)


def test_a_shrinking_regions_room_excuses_like_the_pool() -> None:
    """The pool steady at 3 MW a year, split between regions a (2, 1, 1 MW) and b (1,
    2, 2), the whole fleet placed in a (``demand_share`` 1; the site in a). a's row
    is the shrinking pool's: x1 ≤ 2, x1 + x2 ≤ 1, x2 + x3 ≤ 1, and the pool (3 MW) is
    never full. Under the rule as it was 2025 needed a's row tight (x1 = 2): no plan.
    Now the fleet of 2025 filling a's 2026 room excuses it: x = (1, 0, 1) thousand,
    unmet 26,000 H100e ($780M, parts 1, 2, 3 H100e as in the timing hand problem), in
    the linopy model and in the direct program alike."""
    from tigris.plan.power import PowerRegions

    inp = shrinking((3.0, 3.0, 3.0))
    n_s, n_k = np.shape(inp.allowed)
    inp = dataclasses.replace(
        inp,
        site_region=("a",),
        power_regions=PowerRegions(
            names=("a", "b"),
            existing_mw=np.array([[2.0, 1.0, 1.0], [1.0, 2.0, 2.0]]),
            existing_pue=np.ones(2),
            module_pue=np.ones((n_s, n_k)),
            demand_share=np.array([1.0, 0.0]),
            onsite_gco2_per_kwh=np.full(n_k, np.nan),
            onsite_usd_per_mwh=np.full(n_k, np.nan),
        ),
    )
    r = solved(inp)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 0.0, 1000.0], abs=ABS)
    assert r["objective"] == pytest.approx(26_000 * PENALTY, rel=1e-6)
    assert withheld_years(r["m"], inp) == []
    unmet, status = _unmet_without_builds(inp)
    assert status == "optimal"
    assert unmet.sum() == pytest.approx(26_000.0, abs=ABS)


def random_world(seed: int) -> Any:
    """A random world without builds: 4 years; two products a year, ``a`` (life 1) and
    ``b`` (life 2 or 3; per-product lives), 1-4 H100e each, at 1 kW; ``b`` sometimes
    forced to a 30 % share of each year's H100e (``min_share``: the mix the rule's
    window L(t) = the longest life must allow); a pool of 0-3 MW drawn each year
    independently (so it often shrinks); demand 500-8,000 H100e a year (met in some
    years); logic for 500-5,000 accelerators a year (binding in some)."""
    rng = np.random.default_rng(seed)
    n, years = 4, np.arange(2025, 2029)
    avail = rng.random((2, n)) < 0.85
    avail[:, 0] = True
    share = np.zeros((2, n))
    if rng.random() < 0.5:
        share[1] = np.where(avail[1], 0.3, 0.0)
    existing = np.zeros((2, n))
    existing[0] = rng.uniform(500, 5000) * 0.01 / 12  # wspm for that many units a year
    existing[1] = np.round(rng.uniform(0.0, 3.0, n), 2)
    base = shrinking()
    return dataclasses.replace(
        base,
        years=years,
        products=("a", "b"),
        h100e=np.round(rng.uniform(1.0, 4.0, 2), 2),
        use=np.array([[0.01, 0.0]] * 2),
        available=avail,
        min_share=share,
        max_share=np.ones((2, n)),
        system_power_w=np.full(2, 700.0),
        fleet_mw_per_unit=np.full(2, 0.001),
        fleet_lifetime_years=np.array([1, int(rng.integers(2, 4))]),
        existing=existing,
        demand=np.round(rng.uniform(500.0, 8000.0, (1, n))),
        capital_usd=np.zeros((1, n)),
        euv_supply=np.full(n, 100.0),
        high_na_supply=np.full(n, 100.0),
    )


@settings(max_examples=40, derandomize=True, deadline=None, database=None)
@given(seed=st.integers(0, 100_000))
def test_the_rule_never_makes_a_random_pool_infeasible(seed: int) -> None:
    """``random_world``: the direct program (the nested worlds' MIP) with rule 1 is
    always solvable (docs/plan.md, "Shrinking pools", *Feasibility*). Without the later
    excuse (the rule before the correction) 6 of these 40 worlds have no plan."""
    unmet, status = _unmet_without_builds(random_world(seed))
    assert status == "optimal"
    assert np.isfinite(unmet).all()


@settings(max_examples=2, derandomize=True, deadline=None, database=None)
@given(seed=st.integers(0, 100_000))
def test_the_direct_program_is_the_linopy_model_on_random_pools(seed: int) -> None:
    """``random_world`` (no site, ``serve``, no floor: the linopy model is the nested
    world's full model): the direct program and the linopy model with rule 1 reach the
    same optimum (unmet demand summed: the objective ÷ $30,000 at 0 % discount, no
    variable cost), and the linopy plan names no withheld year (rules 1 and 3 read the
    same excuses). Two examples: a linopy build takes ~1 s."""
    inp = random_world(seed)
    quick, status = _unmet_without_builds(inp)
    assert status == "optimal"
    r = solved(inp)
    full = r["m"].variables["unmet"].solution.values.sum() * 1e3  # thousands → H100e
    assert quick.sum() == pytest.approx(full, abs=ABS)
    assert r["objective"] == pytest.approx(full * PENALTY, rel=1e-6)
    assert withheld_years(r["m"], inp) == []
