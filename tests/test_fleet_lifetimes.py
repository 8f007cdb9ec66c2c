"""Each product's own service life in the fleet, on tiny problems derived by hand.

Two products of 1 H100e that each draw 1 kW of facility power in service
(``fleet_mw_per_unit = 0.001`` MW): ``short`` serves one year (``L = 1``), ``long``
three (``L = 3``). Ample logic capacity, a datacenter pool of 1 MW (1,000 accelerators)
that cannot grow, demand 1,000 H100e a year, the same penalty per unmet H100e, a 0%
discount rate. ``long`` can be made only in 2025, ``short`` only in 2026 and 2027, so
the power row reads ``long[2025] ≤ 1000`` and ``short[t] + long[2025] ≤ 1000`` for
t = 2026, 2027 (``long`` made in 2025 still in service). Served compute is
``long[2025] + 2 · (1000 − long[2025]) = 2000 − long[2025]``: the plan makes no
``long``, serves 0, 1,000, 1,000 and leaves 1,000 H100e unmet (in 2025). With one life ``L = 3``
for both the row is ``Σ_{τ ≤ t} made[τ] ≤ 1000``: 1,000 served in all, 2,000 unmet.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tigris.energy.fleet import class_lifetimes, fleet_by_year, legacy_fleet
from tigris.errors import InputError
from tigris.plan import PlanInputs
from tigris.plan.counterfactual import served_without_builds
from tigris.plan.highs import run_highs
from tigris.plan.model import COUNT_SCALE, build_model, coords, fleet_expression
from tigris.world.demand import shipments_h100e

N = 3  # years 2025-2027
DEMAND = 1000.0
#: Accelerators: HiGHS's feasibility tolerance on rows in thousands.
ABS = 1e-3


def two_products(lifetimes: Any, **extra: Any) -> PlanInputs:
    """The problem of the module docstring with ``fleet_lifetime_years = lifetimes``."""
    k = 2  # logic-N5, datacenter
    existing = np.array([[1e6] * N, [1.0] * N])
    available = np.array([[True, False, False], [False, True, True]])  # long, short
    kwargs: dict[str, Any] = {
        "years": np.arange(2025, 2025 + N),
        "sites": ("site0",),
        "facilities": ("logic-N5", "datacenter"),
        "facility_kind": ("logic", "datacenter"),
        "facility_node": ("N5", ""),
        "products": ("long", "short"),
        "classes": ("all",),
        "sources": ("fund",),
        "h100e": np.ones(2),
        "use": np.array([[0.01, 0.0], [0.01, 0.0]]),
        "available": available,
        "min_share": np.zeros((2, N)),
        "max_share": np.ones((2, N)),
        "system_power_w": np.array([700.0, 700.0]),
        "existing": existing,
        "demand": np.full((1, N), DEMAND),
        "priority": np.ones(1),
        "penalty_usd_per_h100e": 30_000.0,
        "allowed": np.zeros((1, k), dtype=bool),
        "module_capacity": np.array([[1000.0, 1.0]]),
        "capex_usd": np.array([[1e9, 20e6]]),
        "subsidy_usd": np.zeros((1, k)),
        "spend": np.ones((1, k, 1)) * np.array([1.0, 0.0]),
        "output": np.ones((1, k, 1)) * np.array([0.0, 1.0]),
        "opex_usd_per_year": np.zeros((1, k)),
        "euv_tools": np.zeros((1, k)),
        "high_na_tools": np.zeros((1, k)),
        "power_mw": np.zeros((1, k)),
        "max_modules": np.full(1, np.inf),
        "power_limit_mw": np.full(1, np.inf),
        "euv_supply": np.full(N, 100.0),
        "high_na_supply": np.full(N, 100.0),
        "capital_usd": np.array([[1e12] + [0.0] * (N - 1)]),
        "discount_rate": 0.0,
        "base_year": 2025,
        "fleet_lifetime_years": lifetimes,
        "fleet_mw_per_unit": np.array([0.001, 0.001]),
    }
    kwargs.update(extra)
    return PlanInputs(**kwargs)


def solve(inp: PlanInputs) -> tuple[np.ndarray, np.ndarray, float]:
    """prod (P, T) [accelerators], unmet (T,) [H100e], plan fleet MW check residual."""
    m = build_model(inp)
    status, _ = run_highs(m, None, None)
    assert status == "optimal"
    prod = m.variables["prod"].solution.values * COUNT_SCALE
    unmet = m.variables["unmet"].solution.values.sum(axis=0) * COUNT_SCALE
    fleet = fleet_expression(m, inp, coords(inp)).solution.values  # (T,) MW
    return prod, unmet, float(np.abs(fleet - inp.fleet_power_mw(prod, legacy=False)).max())


def test_fleet_by_year_one_life_per_row_by_hand() -> None:
    delivered = np.array([[10.0, 20.0, 0.0, 0.0], [10.0, 20.0, 0.0, 0.0]])
    # L = 1: each year's own; L = 3: 10, 10 + 20, 10 + 20 + 0, 20 + 0 + 0
    assert fleet_by_year(delivered, [1, 3]).tolist() == [
        [10.0, 20.0, 0.0, 0.0],
        [10.0, 30.0, 30.0, 20.0],
    ]
    assert fleet_by_year(delivered, 2).tolist() == fleet_by_year(delivered, [2, 2]).tolist()
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        fleet_by_year(delivered, [1, 0])
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        fleet_by_year(delivered, [1, 2, 3])


def test_used_and_fleet_power_take_each_products_life() -> None:
    inp = two_products(np.array([3, 1]))
    prod = np.array([[500.0, 0.0, 0.0], [0.0, 200.0, 300.0]])
    # long: 0.5 MW in 2025-2027; short: 0.2 MW in 2026 only, 0.3 MW in 2027 only
    assert inp.fleet_power_mw(prod) == pytest.approx([0.5, 0.7, 0.8])
    assert inp.used(prod)[1] == pytest.approx(12 * np.array([0.5, 0.7, 0.8]))
    assert inp.lifetimes().tolist() == [3, 1]


def test_two_lives_under_a_datacenter_limit_serve_what_the_hand_says(monkeypatch) -> None:
    """Without the timing rule (docs/plan.md, "Timing of deliveries under a power pool"),
    the module docstring's answer: 2025 left idle for the short-lived parts."""
    import tigris.plan.timing as timing

    monkeypatch.setattr(timing, "add_no_withholding", lambda *a, **k: None)
    monkeypatch.setattr(timing, "applies", lambda *a, **k: False)
    prod, unmet, residual = solve(two_products(np.array([3, 1])))
    assert prod[0, 0] == pytest.approx(0.0, abs=ABS)  # no long-lived accelerator
    assert prod[1, 1:] == pytest.approx([DEMAND, DEMAND], abs=ABS)
    assert unmet == pytest.approx([DEMAND, 0.0, 0.0], abs=ABS)
    assert residual < ABS / COUNT_SCALE
    # the no-build LP (counterfactual) writes the same rows by hand: the same unmet
    unmet_lp = served_without_builds(two_products(np.array([3, 1]))).sum(axis=0)
    assert unmet_lp == pytest.approx([DEMAND, 0.0, 0.0], abs=ABS)


def test_with_the_timing_rule_the_idle_year_is_filled() -> None:
    """Rule 1 (2026-12-03): 2025 has unmet demand and idle power with no wafer row
    binding, so it is filled: long[2025] = 1,000, which holds the whole pool to 2027, so
    no short part: 1,000 served, unmet 0, 1,000, 1,000 (by hand). The no-build world of
    the counterfactual keeps the same rule."""
    prod, unmet, _ = solve(two_products(np.array([3, 1])))
    assert prod[0, 0] == pytest.approx(DEMAND, abs=ABS)
    assert prod[1, 1:] == pytest.approx([0.0, 0.0], abs=ABS)
    assert unmet == pytest.approx([0.0, DEMAND, DEMAND], abs=ABS)
    unmet_lp = served_without_builds(two_products(np.array([3, 1]))).sum(axis=0)
    assert unmet_lp == pytest.approx([0.0, DEMAND, DEMAND], abs=ABS)


def test_short_lives_for_both_serve_everything_and_long_lives_a_third() -> None:
    # L = 1 for both: long[2025] = 1000, short = 1000, 1000: nothing unmet
    _, unmet, _ = solve(two_products(np.array([1, 1])))
    assert unmet.sum() == pytest.approx(0.0, abs=ABS)
    # L = 3 for both: Σ_τ made[τ] ≤ 1000 by 2027: 1,000 served of 3,000
    _, unmet, _ = solve(two_products(np.array([3, 3])))
    assert unmet.sum() == pytest.approx(2 * DEMAND, abs=ABS)


def test_a_scalar_life_gives_exactly_todays_answer() -> None:
    _, unmet_s, _ = solve(two_products(3))
    _, unmet_a, _ = solve(two_products(np.array([3, 3])))
    assert unmet_s.sum() == pytest.approx(2 * DEMAND, abs=ABS)  # the docstring's hand
    assert unmet_a == pytest.approx(unmet_s, abs=ABS)
    prod = np.array([[500.0, 0.0, 0.0], [0.0, 200.0, 300.0]])
    assert two_products(3).fleet_power_mw(prod) == pytest.approx(
        two_products(np.array([3, 3])).fleet_power_mw(prod)
    )


@pytest.mark.parametrize("bad", [np.array([3, 0]), np.array([3, 1, 2]), np.array([2.5, 1.0])])
def test_check_names_a_bad_lifetime_array(bad: np.ndarray) -> None:
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        two_products(bad).check()


def test_the_class_table_is_sourced_and_has_a_fallback() -> None:
    from tigris.data import load_table

    table = load_table("fleet_lifetimes")
    assert table["source"].str.len().min() > 20
    assert table["as_of"].notna().all()
    lives = class_lifetimes()
    assert {"NVIDIA", "Google", "AWS", "other"} <= set(lives)
    assert all(1 <= n <= 10 for n in lives.values())  # server lives of 4-6 years published


def test_legacy_retirements_by_class_by_hand() -> None:
    """Shipments before 2026 in service in 2027: with one life L = 5 those of 2023-2025;
    with Google at 6 (others 5) also Google's 2022 shipments; with AWS at 1 (others 5)
    none of AWS's (2025's retire after 2025)."""
    ships = shipments_h100e(role="in-sample")
    ships = ships[ships["year"] < 2026]
    h = ships.set_index(["vendor", "year"])["h100e"].groupby(level=[0, 1]).sum()
    five = h[h.index.get_level_values("year") >= 2023].sum()
    google_2022 = h.get(("Google", 2022), 0.0)
    aws_2023_on = h[(h.index.get_level_values(0) == "AWS") & (h.index.get_level_values(1) >= 2023)]
    assert google_2022 > 0 and aws_2023_on.sum() > 0  # the data hold both, so the test bites
    one = legacy_fleet(2026, [2027], 5, it_overhead=1.0)
    assert float(one["h100e"].iloc[0]) == pytest.approx(five)
    by_class = legacy_fleet(2026, [2027], {"Google": 6, "other": 5}, it_overhead=1.0)
    assert float(by_class["h100e"].iloc[0]) == pytest.approx(five + google_2022)
    no_aws = legacy_fleet(2026, [2027], {"AWS": 1, "other": 5}, it_overhead=1.0)
    assert float(no_aws["h100e"].iloc[0]) == pytest.approx(five - aws_2023_on.sum())
    # a mapping with one life for every class is the scalar
    same = legacy_fleet(2026, [2026, 2027, 2030], {"other": 5}, it_overhead=1.0)
    scalar = legacy_fleet(2026, [2026, 2027, 2030], 5, it_overhead=1.0)
    assert same["it_mw"].tolist() == pytest.approx(scalar["it_mw"].tolist())
    with pytest.raises(InputError, match="fleet_lifetime_years"):
        legacy_fleet(2026, [2027], {"Google": 6}, it_overhead=1.0)  # no "other" row
