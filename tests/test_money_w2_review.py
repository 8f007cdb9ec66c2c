"""Review of W2-MONEY (user test 6 #3, #11, #6): the cases its tests left open.

#3, who draws the power when the investor's data centres are not all needed: the
investor sells (and so draws energy) first where its after-tax margin is best, now that a
module's own energy price counts (``finance.cashflow.sold_wafers``, 26fa3db), and each
module pays its own price on what it draws. Hand problems: :data:`tests.test_energy_price.SCENARIO`
(300 MW existing at PUE 1.2, B200s, 2026-2028) with (a) its one Texas site building a
grid and a gas module, (b) a grid module at texas-usa and one at singapore. Expected
values from the shipped tables read as text: ``data/grid.csv`` (usa US$80.6/MWh,
asia-pacific US$120/MWh), ``data/tax_rates.csv`` (texas-usa 21 %, singapore 17 %),
``data/datacenter_types.csv`` (100 MW, PUE 1.1, gas US$45/MWh), load factor 0.75,
8,766 h a year. The fleet is set to need the existing 300 MW, one module in full and
half of the other (its MW-months per B200 are the plan's input ``inp.used``).

#11 and #6: the headline's salvage split reads the investor's owner-level flows only
(not the site rows of the same table); the gap in USD is of |objective| (an ``npv``
objective can be negative) and not given for an LP relaxation; no salvage rows in the
report's key rows when there is no salvage.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.conftest import data_table, replaced
from tests.test_energy_price import (
    GAS_PRICE,
    LOAD,
    MODULE_MW,
    SCENARIO,
    USA_PRICE,
    _inputs,
    _row,
)
from tests.test_money_w2 import _gapped, _hand_plan
from tigris.finance.cashflow import cash_flows, sold_wafers

#: Hours in a year [h] (365.25 days).
HOURS = 365.25 * 24
#: Months in a year.
MONTHS = 12
#: The scenario's PUE, the rows' unit [-].
PUE = 1.2
#: A module's PUE (data/datacenter_types.csv, both types) [-].
MODULE_PUE = 1.1
#: A module's MW-months a year in the rows' unit at full use: 100 MW x 1.2 / 1.1 x 12.
FULL = MODULE_MW * PUE / MODULE_PUE * MONTHS
#: Existing capacity's MW-months a year (300 MW at the scenario's PUE).
EXISTING = 300.0 * MONTHS
#: asia-pacific's grid price, data/grid.csv [USD/MWh].
ASIA_PRICE = float(
    next(r for r in data_table("grid") if r["region"] == "asia-pacific")["electricity_usd_per_mwh"]
)
_TAX = {r["site"]: float(r["corporate_tax_rate"]) for r in data_table("tax_rates")}


def _energy(price: float) -> float:
    """A 100 MW module's energy a year at full draw at ``price`` [USD/year]."""
    return price * MODULE_MW * LOAD * HOURS


def _plan(inp: Any, rows: list[tuple[int, int]]) -> tuple[Any, np.ndarray, np.ndarray]:
    """One module per (site, facility row) started in 2026 at full output from its
    start; production such that the fleet needs the existing capacity, one module and
    half of another in every year."""
    inp = inp.replace(output=np.ones_like(np.asarray(inp.output, dtype=float)))
    build = np.zeros((*inp.allowed.shape, len(inp.years)))
    for s, k in rows:
        build[s, k, 0] = 1.0
    k_dc = rows[0][1]
    per_unit = inp.used(np.ones((len(inp.products), len(inp.years))))[k_dc]  # MW-months/B200
    target = EXISTING + 1.5 * FULL
    prod = np.tile(target / per_unit, (len(inp.products), 1))
    np.testing.assert_allclose(inp.used(prod)[k_dc], target, rtol=1e-9)
    return inp, build, prod


def test_gas_draws_first_and_each_module_pays_its_own_energy_on_what_it_draws() -> None:
    """One Texas site, a grid and a gas module, the fleet needing 1.5 of them: gas costs
    less a MW-month (US$45 vs US$80.6/MWh, same tax), so it runs flat out and pays its
    full fuel, 45 x 100 x 0.75 x 8,766 = US$29.59M; the grid module sells the other half
    and pays US$80.6/MWh on that half: US$26.49M. (Before 26fa3db the two rows tied and
    the grid row, listed first, sold first.)"""
    inp = _inputs(1.0)
    grid, gas = _row(inp, "datacenter"), _row(inp, "datacenter-gas")
    inp, build, prod = _plan(inp, [(0, grid), (0, gas)])
    sold = sold_wafers(inp, build, prod)
    np.testing.assert_allclose(sold[0, gas], FULL, rtol=1e-9)
    np.testing.assert_allclose(sold[0, grid], 0.5 * FULL, rtol=1e-9)
    table = cash_flows(inp, build, prod)
    for fid, want in (
        ("datacenter-gas", _energy(GAS_PRICE)),
        ("datacenter", 0.5 * _energy(USA_PRICE)),
    ):
        got = table[(table["facility"] == fid) & table["year"].between(2026, 2028)]
        np.testing.assert_allclose(got["variable_cost_usd"], want, rtol=1e-9)
    assert _energy(GAS_PRICE) == pytest.approx(29_585_250.0)
    assert 0.5 * _energy(USA_PRICE) == pytest.approx(26_495_235.0)


TWO_SITES = replaced(
    SCENARIO,
    (
        "    facilities: [datacenter, datacenter-gas]\n    max_modules: 2\n",
        "    facilities: [datacenter]\n    max_modules: 1\n"
        "  - name: singapore\n    facilities: [datacenter]\n    max_modules: 1\n",
    ),
    ("  - kind: datacenter\n    power: gas\n", ""),
)


@pytest.mark.parametrize("mult", [1.0, 2.0])
def test_the_site_with_the_better_after_tax_margin_sells_first(mult: float) -> None:
    """Grid modules at texas-usa (tax 21 %, US$80.6/MWh) and singapore (17 %, US$120).
    Since S37 (UT-UTILITY #1) each module is paid its own region's energy passed through,
    not the pool's, so the energy mostly cancels from the margin per MW-month sold and
    the after-tax margins (1 - tax)(p_s - c_s) rank singapore first: it sells in full,
    texas the rest (before, at one pool price, texas's cheaper energy ranked it first,
    26fa3db); each pays its own region's price on what it draws (by hand below)."""
    from tigris.finance.energy_costs import unit_costs, unit_prices
    from tigris.plan.assemble import assemble
    from tigris.scenario.edit import load_any, set_paths

    sc = set_paths(load_any(TWO_SITES), {"datacenters.electricity_price_multiplier": mult})
    inp = assemble(sc)[0]
    assert list(inp.sites) == ["texas-usa", "singapore"]
    k = _row(inp, "datacenter")
    tax = [_TAX["texas-usa"], _TAX["singapore"]]
    assert tax == [0.21, 0.17]
    # what each is paid and pays per MW-month sold, in 2026 [USD]
    margin = (unit_prices(inp) - unit_costs(inp))[:, k, 0]
    after_tax = [(1 - tax[s]) * margin[s] for s in (0, 1)]
    assert after_tax[1] > after_tax[0]
    inp, build, prod = _plan(inp, [(0, k), (1, k)])
    sold = sold_wafers(inp, build, prod)
    np.testing.assert_allclose(sold[:, k], [[0.5 * FULL] * 3, [FULL] * 3], rtol=1e-9)
    table = cash_flows(inp, build, prod)
    for site, want in (
        ("texas-usa", 0.5 * mult * _energy(USA_PRICE)),
        ("singapore", mult * _energy(ASIA_PRICE)),
    ):
        got = table[(table["site"] == site) & table["year"].between(2026, 2028)]
        np.testing.assert_allclose(got["variable_cost_usd"], want, rtol=1e-9)


# --- #11 ------------------------------------------------------------------------------


def test_the_salvage_split_reads_the_owner_rows_only() -> None:
    """The same hand table with its site rows beside the owner's (as finance_flows has
    them): the salvage PV is still 5/1.1^4 = US$3.4151B, not twice it."""
    import dataclasses

    import pandas as pd

    r = _hand_plan(5.0)
    site = r.finance_flows.assign(level="site", name="site0")
    flows = pd.concat([site, r.finance_flows], ignore_index=True)
    r = dataclasses.replace(r, finance_flows=flows)
    n = r.headline()["numbers"]
    assert n["npv_salvage_usd"] == pytest.approx(5e9 / 1.1**4, rel=1e-12)
    assert n["irr_without_salvage"] == pytest.approx(-0.01, rel=1e-9)


def test_no_salvage_rows_in_the_report_without_salvage() -> None:
    """No salvage: the report's key rows carry no salvage row and no 'without salvage'
    rows (they repeat the NPV and IRR)."""
    pytest.importorskip("tigris.report")
    from tigris.report.headline import SALVAGE_ROW, key_rows
    from tigris.report.result import report_tables

    names = [q for q, _, _ in key_rows(report_tables(_hand_plan(0.0)))]
    assert "the investor's NPV" in names
    assert SALVAGE_ROW not in names and not [q for q in names if "without salvage" in q]


# --- #6 -------------------------------------------------------------------------------


def test_the_gap_in_dollars_is_of_the_objectives_size_and_none_for_a_relaxation() -> None:
    """An objective of -US$100,000B at gap 1e-4 (HiGHS: |primal - dual| / |primal|) is
    US$10B from the bound, not -US$10B; an LP relaxation has no MIP gap."""
    import dataclasses

    r = _gapped(1e-4, 0.4)
    r = dataclasses.replace(r, objective_usd=-r.objective_usd)
    assert r.headline()["numbers"]["gap_usd"] == pytest.approx(10e9, rel=1e-12)
    relaxed = dataclasses.replace(_gapped(1e-4, 0.4), relaxed=True)
    assert np.isnan(relaxed.headline()["numbers"]["gap_usd"])
