"""A Texas campus passes through Texas's (the usa region's) energy, not the world pool's.

UT-UTILITY #1 (session 37): the investor's gas modules at texas-usa were paid the
world pool's energy (six regions' prices weighted by AI capacity, ~$91 per module MWh)
on top of the lease. A tenant would otherwise buy its power where the campus is, so the
energy passed through is the site's region's: data/grid.csv's usa price at the usa PUE.
The expected figures are derived by hand from the published inputs below, not read back
from the code.
"""

from __future__ import annotations

from typing import Any

import pytest

#: EIA Electric Power Monthly table 5.6.A, US industrial price (data/grid.csv usa) [USD/MWh].
USA_PRICE = 80.6
#: PUE of the usa region's existing AI capacity (data/grid.csv usa, tigris derivation) [-].
USA_PUE = 1.15
#: A new campus's PUE and on-site gas energy price (data/datacenter_types.csv
#: datacenter-gas: 1.1; US$45/MWh, EIA via Epoch AI 2024) [-], [USD/MWh].
MODULE_PUE, GAS_USD_PER_MWH = 1.1, 45.0
#: CBRE H2 2024 wholesale lease per kW of IT a month; Epoch's load factor; a module's MW.
LEASE_USD_PER_KW_MONTH, LOAD, MODULE_MW = 184.06, 0.75, 100.0
HOURS = 8_766.0


def _module_year(fid: str, table: Any, year: int) -> tuple[float, float]:
    rows = table[(table["site"] == "texas-usa") & (table["facility"] == fid)]
    rows = rows[rows["year"] == year]
    n = float(rows["modules"].sum())
    assert n > 0, f"no {fid} modules at texas-usa in {year}"
    return float(rows["revenue_usd"].sum()) / n, float(rows["variable_cost_usd"].sum()) / n


def test_a_texas_gas_module_earns_the_usa_energy_margin(reference_solved: Any) -> None:
    """2030, every reference gas module online and used: per module a year,
    revenue = lease on its IT MW + the usa energy its IT would draw in usa capacity;
    its fuel = its own MWh x $45. Energy margin per module MWh = 80.6 x 1.15 / 1.1 - 45
    = $39.26 (UT-UTILITY's arithmetic; the pool gave ~$46)."""
    it_mw = MODULE_MW / MODULE_PUE
    mwh = MODULE_MW * LOAD * HOURS  # the module's own facility MWh a year
    lease = LEASE_USD_PER_KW_MONTH * 1_000 * 12 * it_mw
    margin_per_mwh = USA_PRICE * USA_PUE / MODULE_PUE - GAS_USD_PER_MWH
    assert margin_per_mwh == pytest.approx(39.26, abs=0.01)
    revenue, fuel = _module_year("datacenter-gas", reference_solved.cash_flows, 2030)
    assert fuel == pytest.approx(GAS_USD_PER_MWH * mwh, rel=1e-6)
    assert revenue - fuel == pytest.approx(lease + margin_per_mwh * mwh, rel=1e-6)
    assert (revenue - lease) / mwh == pytest.approx(USA_PRICE * USA_PUE / MODULE_PUE, rel=1e-6)


def test_the_price_multiplier_moves_the_site_pass_through() -> None:
    """x1.5 on the grid's price: the pass-through at texas-usa is 1.5 x the usa price at
    the usa PUE per MW of IT (``site_pass_through``, per MW-month of the rows' unit =
    IT MW x the scenario's PUE 1.2)."""
    import numpy as np

    from tigris.plan.assemble_energy import site_pass_through
    from tigris.scenario import reference_scenario

    sc = reference_scenario().set("datacenters.electricity_price_multiplier", 1.5)
    years = np.arange(2026, 2028)
    got = site_pass_through(sc, years, ["usa", "nowhere"], {"usa": USA_PUE})
    per_it_mw_month = 1.5 * USA_PRICE * USA_PUE * LOAD * HOURS / 12
    assert got[0] == pytest.approx([per_it_mw_month / float(sc.pue)] * 2, rel=1e-9)
    assert np.isnan(got[1]).all()  # no price in the data: the pool's is passed through


def test_the_texas_site_says_the_usa_figures_stand_in_for_ercot(run_cli: Any) -> None:
    """UT-UTILITY #2: no sourced ERCOT lead time, so the usa (Dominion, Virginia) wait
    stands in; the assumptions say so beside the lead time, with the EIA Texas price."""
    res = run_cli("scenario", "show", "--assumptions")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    row = flat.split("grid connection lead time usa: 48 months")[1].split("replaces it")[0]
    assert "Dominion" in row
    assert "these usa figures stand in for a Texas site" in row
    assert "6.60 c/kWh in 2023 against 8.06 for the US" in row
