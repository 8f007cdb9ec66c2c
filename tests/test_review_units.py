"""Review of W2-UNITS's user-test fixes (#5 and #9): what their tests left free.

- #9: the capacity table's data-centre rows say ``facility MW`` (``plan.solve.extract``,
  e3af3dc), and their MW are the module's facility MW as built (a 100-MW module of
  data/datacenter_types.csv is 100, not the 109.1 MW it counts on the planner's rows at
  the scenario's ``pue`` 1.2 over the module's 1.1). Reverting the label to ``MW``
  passed every test of the fix.
- #5: the plan's sentence on the energy margin gives the fuel of the investor's
  **on-site** modules only (``finance.cashflow.energy_margin_note``): with a grid
  module built beside the gas one, the fuel is still the gas module's, 3 years of
  US$45/MWh x 100 MW x load 0.75 x 8,766 h = US$29.59M. Summing every module's energy
  passed the fix's tests, whose plan had the gas module alone.

The scenario is ``tests/test_energy_price.py``'s (one Texas site, a grid and a gas
module of 100 MW, existing capacity 300 MW given as ``existing_mw``).
"""

from __future__ import annotations

import re

import numpy as np

from tests.test_energy_price import (
    FIXED_OPEX,
    GAS_PRICE,
    GAS_PUE,
    HOURS,
    LOAD,
    MODULE_MW,
    PUE,
    _inputs,
    _row,
    _scenario,
)
from tests.test_energy_price_fixed_plan import _online, _plan
from tigris.finance.cashflow import energy_margin_note, sold_wafers
from tigris.fmt import money
from tigris.plan.assemble import assemble
from tigris.plan.solve import extract

#: Gas fuel a year at full use [USD/year]: price x MW x load x hours.
FUEL = GAS_PRICE * MODULE_MW * LOAD * HOURS


def _both(mult: float) -> tuple[object, np.ndarray, np.ndarray]:
    """A grid and a gas module started in the first year, at full output, and enough
    made that both sell all their capacity (checked)."""
    inp = _online(_inputs(mult))
    build, prod = _plan(inp, ("datacenter", "datacenter-gas"))
    prod = prod * 3.0
    sold = sold_wafers(inp, build, prod)[0]
    for fid in ("datacenter", "datacenter-gas"):
        g = _row(inp, fid)
        np.testing.assert_allclose(sold[g], inp.module_capacity[0, g] * 12, rtol=1e-9)
    return inp, build, prod


def test_the_capacity_table_prints_facility_mw_as_built() -> None:
    inp, build, prod = _both(1.0)
    n_c, n_t = len(inp.classes), len(inp.years)
    sol = {
        "build": build,
        "prod": prod,
        "unmet": np.zeros((n_c, n_t)),
        "draw": np.zeros((len(inp.sources), n_t)),
    }
    cap = extract(inp, sol, relaxed=False)["capacity"]
    dc = cap[cap["facility"] == "datacenter"]
    assert set(dc["unit"]) == {"facility MW"}, dc
    assert set(cap.loc[cap["facility"] != "datacenter", "unit"]) == {"wspm"}
    modules = dc[dc["site"] == "texas-usa"]
    assert len(modules) == 2 * n_t  # the grid and the gas module, every year
    np.testing.assert_allclose(modules["available"], MODULE_MW, rtol=1e-12)
    # on the planner's rows the gas module counts 100 x 1.2 / 1.1 = 109.1 MW: not printed
    g = _row(inp, "datacenter-gas")
    assert abs(float(inp.module_capacity[0, g]) - MODULE_MW * PUE / GAS_PUE) < 1e-9
    assert MODULE_MW * PUE / GAS_PUE > MODULE_MW + 9
    existing = dc[dc["site"] == "existing"]
    np.testing.assert_allclose(existing["available"], 300.0, rtol=1e-12)  # existing_mw


def test_the_margin_sentence_counts_the_on_site_fuel_only() -> None:
    assert abs(FUEL - 29.585e6) < 3e3  # the hand figure
    two, build, prod = _both(2.0)
    note = energy_margin_note(two, build, prod)
    assert note is not None
    assert f"pay their own fuel ({money(3 * FUEL)})" in note, note
    assert "(datacenter-gas)" in note, note  # the grid module is not on-site


_OPEX = re.compile(
    r"fixed opex ([-\d,.]+)M USD/yr; energy premium over the pool's at full use ([-+\d,.]+)M"
)


def test_the_assumptions_print_fixed_opex_without_energy() -> None:
    """User test #5 in the assumptions: at x2 the gas module's row read 'fixed opex
    -58.2M USD/yr' on the reference (the model's opex, the energy premium inside it).
    The row gives the fixed opex of data/datacenter_types.csv (100 MW x US$320,000 =
    US$32.0M at any grid price) and the premium apart; together the model's opex."""
    for mult in (1.0, 2.0):
        inp = _inputs(mult)
        _, notes = assemble(_scenario(mult))
        for fid in ("datacenter", "datacenter-gas"):
            (row,) = notes.loc[notes["parameter"] == f"texas-usa {fid}: module", "value"]
            ((fixed, premium),) = _OPEX.findall(str(row))
            fixed_usd = float(fixed.replace(",", "")) * 1e6
            premium_usd = float(premium.replace(",", "")) * 1e6
            assert abs(fixed_usd - FIXED_OPEX) < 0.05e6, row
            model = float(inp.opex_usd_per_year[0, _row(inp, fid)])
            assert abs(fixed_usd + premium_usd - model) < 0.1e6, (row, model)


def test_the_hbm_per_gb_row_gives_its_own_worth() -> None:
    """User test #8's fix (06d2463) appends each positive value's worth in the
    objective's money to its note; the HBM per-GB row copied the per-wafer row's note,
    so a row of ~$137 per GB said '$15.0M in the objective's money'. The problem is
    ``tests/test_plan_shadow.py``'s (a B200-named product whose DRAM wafers bind, each
    worth 500 H100e x $30,000 = $15M), at a 10 % discount rate: the GB row's worth is its
    own value x 1/1.1^t, the wafer's over the GB of HBM one wafer holds."""
    from tests.test_plan_shadow import hbm_bound, solved
    from tigris.plan.shadow import shadow_prices

    inp = hbm_bound(discount_rate=0.1)
    m, sol = solved(inp)
    hbm = shadow_prices(inp, sol, model=m)
    hbm = hbm[hbm["resource"] == "HBM"]
    wafer = hbm[hbm["unit"] == "DRAM wafer"].set_index("year")
    per_gb = hbm[hbm["unit"] == "GB"].set_index("year")
    assert len(wafer) == len(per_gb) == 2
    for t, year in enumerate(inp.years):
        disc = 1.1**-t
        assert wafer.loc[year, "value_usd"] > 1e6  # binds: millions per wafer
        assert 1.0 < per_gb.loc[year, "value_usd"] < 1e4  # dollars per GB
        ((amount, scale, _),) = _PV.findall(per_gb.loc[year, "note"])
        worth = float(amount.replace(",", "")) * {"": 1.0, "k": 1e3, "M": 1e6}[scale]
        assert abs(worth - per_gb.loc[year, "value_usd"] * disc) < 0.01 * worth, worth
        ((amount, scale, _),) = _PV.findall(wafer.loc[year, "note"])
        assert scale == "M" and abs(float(amount) * 1e6 - wafer.loc[year, "value_usd"] * disc) < 1e5


#: A note's worth in the objective's money (tigris.plan.shadow._present_value).
_PV = re.compile(r"\$([\d,.]+)([kMB]?) in the objective's money \(discounted to (\d{4})\)")
