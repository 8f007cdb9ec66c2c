"""The ``npv`` objective's split (:func:`tigris.plan.solve.objective_terms`) adds up to
the investor's NPV of the cash-flow table, idle years or not (user test 6 #3, b777815).

The hand plan is :func:`tests.test_money_w2._gas_plan`: one 100 MW on-site gas module
in Texas started in 2026, 2026-2028, selling all it makes in the busy years and nothing
in the idle ones. The cash-flow table (:func:`tigris.finance.cashflow.finance_tables`)
charges its fuel per MW-month sold, so an idle year pays none; the split must charge
the same, or ``objective_terms_usd["npv"]`` differs from the NPV printed beside it
(before b777815 it charged the premium at full use: about US$33M too much a busy year
less, a credit in an idle year).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_money_w2 import _gas_plan
from tigris.finance.cashflow import finance_tables, npv_usd
from tigris.plan.solve import objective_terms


@pytest.mark.parametrize("idle", [(), (1,), (0, 2)])
def test_the_npv_split_adds_up_to_the_cash_flow_npv(idle: tuple[int, ...]) -> None:
    inp, build, prod = _gas_plan(idle)
    inp = inp.replace(objective="npv")
    terms = objective_terms(inp, {"build": build, "prod": prod})
    flows = finance_tables(inp, build, prod, np.zeros((len(inp.sources), len(inp.years))))
    table = flows["cash_flows"]
    npv = npv_usd(table["net_usd"], table["year"], inp.base_year, inp.discount_rate)
    assert terms["npv"] == pytest.approx(npv, abs=1.0)
    parts = sum(v for k, v in terms.items() if k != "npv")
    assert parts == pytest.approx(terms["npv"], abs=1e-3)
    # what is checked: a module that sells (margin) and pays (opex, capex)
    assert terms["margin"] != 0.0 and terms["capex"] < 0.0
