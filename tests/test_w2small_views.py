"""``to_xarray``: the physical variables' ``year`` ends at the last planning year; the
money flows, which carry the salvage row one year past the horizon, have their own
``cash_year`` (user test 2026-12-03, fifth session, #10: ``served_h100e`` ended with a
fake 0 in 2036)."""

from __future__ import annotations

import pandas as pd

from tigris.plan import PlanResult


def _toy() -> PlanResult:
    # a horizon 2026-2027; the one build's cash flows end with its salvage in 2028
    demand = pd.DataFrame(
        {
            "year": [2026, 2027],
            "demand_class": ["a", "a"],
            "priority": [1, 1],
            "demand_h100e": [5.0, 6.0],
            "served_h100e": [5.0, 4.0],
            "unmet_h100e": [0.0, 2.0],
            "baseline_served_h100e": [5.0, 4.0],
            "added_h100e": [0.0, 0.0],
        }
    )
    cash = pd.DataFrame(
        {
            "site": ["s"] * 3,
            "facility": ["cowos"] * 3,
            "start_year": [2026] * 3,
            "year": [2026, 2027, 2028],
            "capex_usd": [-10.0, 0.0, 0.0],
            "salvage_usd": [0.0, 0.0, 4.0],
        }
    )
    # the same money aggregated by owner (finance_flows), salvage row in 2028 too
    flows = pd.DataFrame(
        {
            "level": ["owner"] * 3,
            "name": ["investor"] * 3,
            "year": [2026, 2027, 2028],
            "capex_usd": [-10.0, 0.0, 0.0],
            "salvage_usd": [0.0, 0.0, 4.0],
        }
    )
    return PlanResult(
        "toy",
        "optimal",
        0.0,
        (2026, 2027),
        demand=demand,
        cash_flows=cash,
        finance_flows=flows,
    )


def test_physical_years_end_at_the_horizon_and_money_keeps_the_salvage_year():
    ds = _toy().to_xarray()
    assert ds["year"].values.tolist() == [2026, 2027]
    served = ds.served_h100e.sum("class")
    assert served.values.tolist() == [5.0, 4.0]  # no fake 0 for 2028
    assert ds["cash_year"].values.tolist() == [2026, 2027, 2028]
    assert float(ds.cash_salvage_usd.sum()) == 4.0
    assert "cash_year" in ds.cash_salvage_usd.dims and "year" not in ds.cash_salvage_usd.dims
    # finance_flows (by site, owner, source) likewise: along cash_year, salvage kept
    assert "cash_year" in ds.flow_salvage_usd.dims and "year" not in ds.flow_salvage_usd.dims
    assert float(ds.flow_salvage_usd.sel(cash_year=2028).sum()) == 4.0
