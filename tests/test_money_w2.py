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


# --- #11: the headline NPV's salvage part -------------------------------------------

#: USD in a billion.
BN = 1e9
#: The hand finance table's discount rate [-].
RATE = 0.10


def _hand_plan(salvage_bn: float) -> Any:
    """A plan whose only tables are the investor's cash flows, by hand: -$10B in 2026,
    +$9.9B in 2027, nothing in 2028-2029, salvage ``salvage_bn`` in 2030 (the year after
    the 2026-2029 horizon), discounted at 10 % to 2026."""
    import pandas as pd

    from tigris.plan import PlanResult

    years = [2026, 2027, 2028, 2029, 2030]
    salvage = [0.0, 0.0, 0.0, 0.0, salvage_bn * BN]
    net = [-10 * BN, 9.9 * BN, 0.0, 0.0, salvage_bn * BN]
    flows = pd.DataFrame(
        {
            "level": "owner",
            "name": "investor",
            "year": years,
            "capex_usd": [10 * BN, 0, 0, 0, 0],
            "revenue_usd": [0, 9.9 * BN, 0, 0, 0],
            "variable_cost_usd": 0.0,
            "opex_usd": 0.0,
            "tax_usd": 0.0,
            "salvage_usd": salvage,
            "net_usd": net,
        }
    )
    npv = -10 * BN + 9.9 * BN / 1.1 + salvage_bn * BN / 1.1**4
    owners = pd.DataFrame(
        {"owner": ["investor"], "npv_usd": [npv], "irr": [0.05], "payback_year": [2030]}
    )
    assumptions = pd.DataFrame(
        {"parameter": ["discount_rate"], "value": [RATE], "unit": [""], "source": ["hand"]}
    )
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=1.0,
        horizon=(2026, 2029),
        finance_flows=flows,
        finance_owners=owners,
        assumptions=assumptions,
    )


def test_the_headline_gives_the_npvs_salvage_part_and_the_npv_without_it() -> None:
    """Salvage $5B in 2030: its PV 5/1.1^4 = $3.4151B; the NPV without it -10 + 9.9/1.1
    = -$1.0B (by hand), the IRR without it -1 % (-10 then 9.9 a year later). The key
    sentence, the JSON numbers and the report's key rows say so."""
    pytest.importorskip("tigris.report")
    from tigris.report.headline import SALVAGE_ROW, key_rows
    from tigris.report.result import report_tables

    r = _hand_plan(5.0)
    head = r.headline()
    n = head["numbers"]
    assert n["npv_salvage_usd"] == pytest.approx(5 * BN / 1.4641, rel=1e-12)
    assert n["npv_without_salvage_usd"] == pytest.approx(-1.0 * BN, rel=1e-9)
    assert n["irr_without_salvage"] == pytest.approx(-0.01, rel=1e-9)
    key = head["key"]
    assert "of which salvage at book value $3.42B; without it -$1.00B" in key, key
    assert "(-1.0% real without)" in key, key
    rows = {q: v for q, v, _ in key_rows(report_tables(r))}
    assert rows[SALVAGE_ROW] == "3.42"
    assert rows["the investor's NPV without salvage at book value"] == "-1"
    assert rows["the investor's IRR without salvage at book value"] == "-1"


def test_without_salvage_the_headline_says_nothing_of_it() -> None:
    """No salvage row: the key sentence has no 'of which salvage' and the salvage part
    is 0, the NPV without it the NPV."""
    head = _hand_plan(0.0).headline()
    assert "of which salvage" not in head["key"] and "with salvage" not in head["key"]
    assert head["numbers"]["npv_salvage_usd"] == 0.0
    assert head["numbers"]["npv_without_salvage_usd"] == pytest.approx(-1.0 * BN, rel=1e-9)


# --- #6: a gap wider than the plan's money ------------------------------------------


def _gapped(gap: float, npv_bn: float) -> Any:
    """A plan with HiGHS's relative gap ``gap`` on an objective of $100,000B: real cost
    $300B (capex 100, variable 200), unmet penalty the rest; the investor's NPV
    ``npv_bn``."""
    import pandas as pd

    from tigris.plan import PlanResult

    owners = pd.DataFrame(
        {"owner": ["investor"], "npv_usd": [npv_bn * BN], "irr": [0.07], "payback_year": [2030]}
    )
    return PlanResult(
        scenario_name="gap",
        status="optimal",
        objective_usd=100_000 * BN,
        horizon=(2026, 2029),
        mip_gap=gap,
        finance_owners=owners,
        cost_terms_usd={"capex": 100 * BN, "variable_cost": 200 * BN},
        unmet_penalty_usd=99_700 * BN,
    )


def test_a_gap_wider_than_the_plans_money_is_said_with_its_dollars() -> None:
    """gap 1e-4 of $100,000B = $10B (by hand) > 0.1 % of $300B ($0.3B) and > the NPV
    $0.4B: the headline says 'Optimal within $10.0B', names the penalty's 99.7 %, and
    ``gap_usd`` is $10B."""
    head = _gapped(1e-4, 0.4).headline()
    assert head["numbers"]["gap_usd"] == pytest.approx(10 * BN, rel=1e-12)
    (said,) = [x for x in head["sentences"] if "Optimal within" in x]
    assert said.startswith("Optimal within $10.0B"), said
    assert "99.7% of it the unmet penalty" in said
    assert "0.1% of the plan's real cost ($300B)" in said
    assert "the investor's NPV ($400M)" in said
    assert "not pinned" in said


def test_a_tight_gap_is_not_said() -> None:
    """gap 1e-6 of $100,000B = $0.1B: under 0.1 % of $300B ($0.3B) and under the NPV
    $0.4B: no sentence; ``gap_usd`` still carried. At NPV $0.05B it is said (the NPV
    is smaller than the gap)."""
    head = _gapped(1e-6, 0.4).headline()
    assert head["numbers"]["gap_usd"] == pytest.approx(0.1 * BN, rel=1e-12)
    assert not [x for x in head["sentences"] if "within" in x and "gap" in x]
    small = _gapped(1e-6, 0.05).headline()
    (said,) = [x for x in small["sentences"] if "Optimal within" in x]
    assert "the investor's NPV ($50.0M)" in said and "real cost" not in said
