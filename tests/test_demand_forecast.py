"""A scenario's ``demand_forecast`` overrides of the calibrated demand's forecast.

Demand after the last history year H (2025) is ``D(H) · S(t)/S(H) · 2^((t − H)/tau)``
(:mod:`tigris.world.demand`), with the spending path ``S`` growing geometrically between
its anchors. The expected ratios below are derived by hand from that rule and the
table's central values (``data/demand_growth.csv``: x1.6 in 2026, US$3.5T in 2030,
tau = 2.07 years), not read from the code.
"""

from __future__ import annotations

import numpy as np
import pytest

import tigris
from tigris.errors import InputError
from tigris.plan.assemble import assemble
from tigris.risk.distributions import sample_changes
from tigris.world.demand import calibrated_demand, growth_parameters

from .conftest import SMALL, replaced

YEARS = np.arange(2022, 2036)


def test_a_lower_2030_anchor_scales_demand_as_the_geometric_path_says() -> None:
    """US$3.0T instead of 3.5T in 2030: S(2026) is unchanged (its own growth factor),
    S(2030) is x3.0/3.5, and the years between interpolate geometrically from 2026, so
    year 2026 + k (k = 1..4) is x(3.0/3.5)^(k/4); after 2030 the growth factor is the
    same, so the ratio stays 3.0/3.5; history (2022-2025) does not move."""
    base = calibrated_demand(YEARS)
    low = calibrated_demand(YEARS, forecast={"spend_usd": {2030: 3.0e12}})
    ratio = low / base
    k = np.clip(YEARS - 2026, 0, 4)
    expected = np.where(YEARS <= 2026, 1.0, (3.0 / 3.5) ** (k / 4))
    np.testing.assert_allclose(ratio, expected, rtol=1e-12)


def test_a_slower_price_performance_doubling_lowers_later_years_by_two_to_the_difference() -> None:
    """tau 3.13 years (the table's low case) instead of 2.07: year t's compute per
    dollar is 2^((t − 2025)/tau), so the ratio is 2^((t − 2025)(1/3.13 − 1/2.07))."""
    tau = growth_parameters()["price_performance_doubling_years"]
    slow = calibrated_demand(YEARS, forecast={"price_performance_doubling_years": 3.13})
    dt = np.maximum(YEARS - 2025, 0)
    np.testing.assert_allclose(
        slow / calibrated_demand(YEARS), 2.0 ** (dt * (1 / 3.13 - 1 / tau)), rtol=1e-12
    )


def test_faster_growth_after_the_last_anchor_compounds_from_it() -> None:
    """x1.15 a year after 2030 instead of the table's x1.07: the path is unchanged up
    to 2030 (the last anchor), then year 2030 + k is x(1.15/1.07)^k."""
    after = growth_parameters()["spend_growth_after"]
    assert after[0] == 2030
    fast = calibrated_demand(YEARS, forecast={"spend_growth_after": 1.15})
    k = np.maximum(YEARS - 2030, 0)
    np.testing.assert_allclose(fast / calibrated_demand(YEARS), (1.15 / after[1]) ** k, rtol=1e-12)


def test_the_tables_own_values_change_nothing() -> None:
    p = growth_parameters()
    same = {
        "spend_usd": dict(p["spend_usd"]),
        "spend_growth": dict(p["spend_growth"]),
        "spend_growth_after": p["spend_growth_after"][1],
        "price_performance_doubling_years": p["price_performance_doubling_years"],
    }
    np.testing.assert_array_equal(calibrated_demand(YEARS, forecast=same), calibrated_demand(YEARS))


CALIBRATED = replaced(
    SMALL,
    ("    h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}\n", "    calibrated_share: 0.5\n"),
)


def test_a_scenario_forecast_moves_the_assembled_demand() -> None:
    sc = tigris.load_scenario(CALIBRATED)
    lower = sc.set("demand_forecast", {"spend_usd": {2030: 3.0e12}, "source": "test"})
    (a, _), (b, notes) = assemble(sc), assemble(lower)
    training = list(a.classes).index("training")
    k = np.arange(len(a.years))  # 2026..2029: (3.0/3.5)^(k/4)
    np.testing.assert_allclose(
        b.demand[training] / a.demand[training], (3.0 / 3.5) ** (k / 4), rtol=1e-12
    )
    other = 1 - training
    np.testing.assert_array_equal(b.demand[other], a.demand[other])  # not calibrated
    assert notes["source"].str.contains("demand_forecast sets spend_usd").any()


def test_a_history_year_is_refused_at_its_line(tmp_path) -> None:
    text = CALIBRATED + "demand_forecast:\n  spend_growth: {2025: 1.2}\n"
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        tigris.load_scenario(path)
    line = text.splitlines().index("  spend_growth: {2025: 1.2}") + 1
    assert f"s.yaml:{line}" in str(err.value)
    assert "demand_forecast.spend_growth.2025" in str(err.value)
    assert "expected a year from 2026" in str(err.value)


def test_a_distribution_can_name_demand_growth() -> None:
    text = CALIBRATED + (
        "demand_forecast:\n  spend_usd: {2030: 3.5e12}\n"
        "distributions:\n"
        "  demand_forecast.spend_usd.2030:\n"
        "    {dist: triangular, low: 3.0e12, mode: 3.5e12, high: 4.0e12, source: test}\n"
    )
    sc = tigris.load_scenario(text)
    draws = [m["demand_forecast.spend_usd.2030"] for m in sample_changes(sc, 8, seed=3)]
    assert all(3.0e12 <= x <= 4.0e12 for x in draws) and len(set(draws)) == 8
    assert sc.set(sample_changes(sc, 1, seed=3)[0]).demand_forecast.spend_usd[2030] == draws[0]
