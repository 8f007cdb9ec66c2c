"""A dearer grid and an on-site gas module's cash flows (user test #5).

With ``datacenters.electricity_price_multiplier: 2`` the reference's gas modules
printed a negative opex (−$1.69B in 2030) and a doubled variable cost "although their
fuel is gas": the model charges every data-centre MW sold the pool's grid energy (and
passes it through in the price), and a module's own energy price's difference from the
pool's, at full use, as fixed opex. The table now shows that difference with the
energy, so a gas module's opex is its fixed opex and its energy, at full use, its fuel
bill; what a dearer grid changes is the pass-through it sells, its margin.

By hand (``tests/test_energy_price.py``'s scenario: one Texas site, a 100-MW gas
module of PUE 1.1 at US$45/MWh, load 0.75, 8,766 h): fuel = 45 x 100 x 0.75 x 8,766 =
US$29.59M a year; fixed opex = 100 MW x the table's opex per MW-year = US$32M.
"""

from __future__ import annotations

import numpy as np

from tests.test_energy_price import FIXED_OPEX, GAS_PRICE, HOURS, LOAD, MODULE_MW, _inputs, _row
from tests.test_energy_price_fixed_plan import _online, _plan
from tigris.finance.cashflow import cash_flows, sold_wafers

#: Gas fuel a year at full use [USD/year]: price x MW x load x hours.
FUEL = GAS_PRICE * MODULE_MW * LOAD * HOURS
#: The pool's price is a year's, the premium the horizon mean's: they differ by this
#: share of the pool's energy at most on the hand scenario's 3 years [-].
DRIFT = 0.01


def _gas_only(mult: float) -> tuple[object, object]:
    """The gas module alone, started in the first year, at full output, and enough
    accelerators made that it sells all its capacity (checked)."""
    inp = _online(_inputs(mult))
    build, prod = _plan(inp, ("datacenter-gas",))
    prod = prod * 3.0
    g = _row(inp, "datacenter-gas")
    sold = sold_wafers(inp, build, prod)[0, g]
    np.testing.assert_allclose(sold, inp.module_capacity[0, g] * 12, rtol=1e-9)
    return inp, cash_flows(inp, build, prod)


def test_a_fully_used_gas_modules_energy_is_its_fuel_whatever_the_grid() -> None:
    assert abs(FUEL - 29.585e6) < 3e3  # the hand figure
    for mult in (1.0, 2.0):
        _, table = _gas_only(mult)
        rows = table[table["revenue_usd"] > 0]
        assert len(rows) == 3
        np.testing.assert_allclose(rows["opex_usd"], FIXED_OPEX, rtol=1e-9)
        assert abs(FIXED_OPEX - 32e6) < 1.0
        np.testing.assert_allclose(rows["variable_cost_usd"], FUEL, rtol=DRIFT)


def test_a_dearer_grid_raises_the_margin_by_the_pass_through() -> None:
    """Revenue rises by the site region's grid energy passed through on the MW sold (its
    price's energy doubles), energy and opex stay: the margin rises by exactly that,
    which is why the investor's NPV rises when grid power is dearer."""
    one, t1 = _gas_only(1.0)
    _, t2 = _gas_only(2.0)
    g = _row(one, "datacenter-gas")
    sold = one.module_capacity[0, g] * 12  # MW-months of the rows' unit a year
    years = np.asarray(one.years, dtype=int)
    live = t1["year"].isin(years) & (t1["revenue_usd"] > 0)
    idx = t1.loc[live, "year"].to_numpy() - years[0]
    # the site region's grid energy per MW-month (S37 FIX-ENERGY: the usa price x its
    # PUE, no longer the world pool's, UT-UTILITY #1)
    passed = sold * np.asarray(one.power_regions.pass_through_usd_per_mw_month[0], dtype=float)[idx]
    d_rev = t2.loc[live, "revenue_usd"].to_numpy() - t1.loc[live, "revenue_usd"].to_numpy()
    np.testing.assert_allclose(d_rev, passed, rtol=1e-9)
    margin = t2["revenue_usd"] - t2["variable_cost_usd"] - t2["opex_usd"]
    margin -= t1["revenue_usd"] - t1["variable_cost_usd"] - t1["opex_usd"]
    np.testing.assert_allclose(margin[live], passed, rtol=DRIFT)
    assert (t2["opex_usd"] >= 0).all() and (t1["opex_usd"] >= 0).all()


def test_the_plan_says_why_in_one_sentence() -> None:
    """The sentence's change is the pass-through at x2 less what it would be at x1:
    half the x2 pass-through, the revenue rise measured above; its fuel the cash
    flows' energy (3 years of US$29.59M); nothing at the data's price."""
    from tigris.finance.cashflow import energy_margin_note
    from tigris.fmt import money

    _, t1 = _gas_only(1.0)
    two, t2 = _gas_only(2.0)
    build, prod = _plan(two, ("datacenter-gas",))
    assert energy_margin_note(_online(_inputs(1.0)), build, prod * 3.0) is None
    note = energy_margin_note(two, build, prod * 3.0)
    assert note is not None
    rise = float(t2["revenue_usd"].sum() - t1["revenue_usd"].sum())
    assert f"widens their energy margin by {money(rise)}" in note, note
    assert f"pay their own fuel ({money(3 * FUEL)})" in note, note
    assert "NPV rises" in note and "datacenter-gas" in note
