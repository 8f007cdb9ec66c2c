"""What the money lines claim (user test 6: #3 energy on energy drawn).

#3: a data-centre module's energy premium over the pool was charged at full use, so
an on-site gas module that sold nothing in a year was credited the pool's energy it did
not replace (the user's 2036-2040: variable cost -$255M a year, zero revenue) and the
plan's "own fuel" figure fell with a longer horizon. The hand problem is
:data:`tests.test_energy_price.SCENARIO` (one Texas site, a 100 MW gas module at
US$45/MWh, 300 MW existing that sells first), over 2026-2028, the module at full output
from its start; the fuel expected is ``data/datacenter_types.csv``'s price x 100 MW x
``data/energy_parameters.csv``'s load factor x 8,766 h, read as text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.test_energy_price import GAS_PRICE, LOAD, MODULE_MW, _inputs, _row
from tigris.finance.cashflow import (
    cash_flows,
    finance_tables,
    npv_build_coefficients,
    npv_usd,
    sold_wafers,
    wafer_margin_pv,
)

#: Hours in a year [h] (365.25 days).
HOURS = 365.25 * 24
#: A year's production far above what the existing 300 MW can power [B200/year]: the
#: gas module sells all it can.
FLOOD = 1.0e6


def _gas_plan(idle: tuple[int, ...]) -> tuple[Any, np.ndarray, np.ndarray]:
    """One gas module started in 2026 at full output; nothing made in the years of
    index ``idle`` (so it sells nothing then), :data:`FLOOD` in the others."""
    inp = _inputs(1.0)
    inp = inp.replace(output=np.ones_like(np.asarray(inp.output, dtype=float)))
    build = np.zeros((*inp.allowed.shape, len(inp.years)))
    build[0, _row(inp, "datacenter-gas"), 0] = 1.0
    prod = np.full((len(inp.products), len(inp.years)), FLOOD)
    prod[:, list(idle)] = 0.0
    return inp, build, prod


def test_an_idle_gas_module_pays_no_energy_and_a_busy_one_its_fuel() -> None:
    """2027 idle: revenue 0 and variable cost 0 (it was the premium, about -US$33M);
    2026 and 2028 at full draw: variable cost = the fuel by hand, to the dollar."""
    inp, build, prod = _gas_plan(idle=(1,))
    table = cash_flows(inp, build, prod).set_index("year")
    fuel = GAS_PRICE * MODULE_MW * LOAD * HOURS
    assert table.loc[2027, "revenue_usd"] == 0.0
    assert table.loc[2027, "variable_cost_usd"] == pytest.approx(0.0, abs=1e-6)
    for year in (2026, 2028):
        assert table.loc[year, "revenue_usd"] > 0
        assert table.loc[year, "variable_cost_usd"] == pytest.approx(fuel, rel=1e-9)
    assert (table["opex_usd"] >= 0).all()


def test_the_fuel_of_the_busy_years_does_not_move_with_idle_ones() -> None:
    """The same module's 2026 rows with 2027-2028 idle or busy: equal (the user's 2035
    and 2040 horizons gave the same production years different fuel bills)."""
    cols = ["revenue_usd", "variable_cost_usd", "opex_usd"]
    busy = cash_flows(*_gas_plan(idle=())).set_index("year")
    idle = cash_flows(*_gas_plan(idle=(1, 2))).set_index("year")
    np.testing.assert_allclose(idle.loc[2026, cols], busy.loc[2026, cols], rtol=1e-12)
    assert (idle.loc[[2027, 2028], "variable_cost_usd"].abs() < 1e-6).all()


@pytest.mark.parametrize("idle", [(), (1,), (0, 2)])
def test_the_npv_objective_prices_energy_as_the_table_does(idle: tuple[int, ...]) -> None:
    """Σ build · npv_build_coefficients + Σ sold · wafer_margin_pv (the ``npv``
    objective) = the NPV of the cash-flow table, idle years or not, to $1."""
    inp, build, prod = _gas_plan(idle)
    lhs = float((build * npv_build_coefficients(inp)).sum())
    lhs += float((sold_wafers(inp, build, prod) * wafer_margin_pv(inp)).sum())
    flows = finance_tables(inp, build, prod, np.zeros((len(inp.sources), len(inp.years))))
    table = flows["cash_flows"]
    npv = npv_usd(table["net_usd"], table["year"], inp.base_year, inp.discount_rate)
    assert npv == pytest.approx(lhs, abs=1.0)

