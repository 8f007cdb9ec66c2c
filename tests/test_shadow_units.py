"""Shadow prices read as the plan's own tables do (user test #8).

A row of the shadow-price table may say "idle" only when the plan leaves part of that
capacity unused: a capacity the plan uses to its limit (the power table's "100 %")
is "fully used", even where one more unit would not be used (a degenerate vertex:
the row's slack is basic at zero, Bertsimas & Tsitsiklis, *Introduction to Linear
Optimization*, 1997, §2.4). And the values, in money of their year, come with their
worth in the objective's money (discounted to the base year), so that several
years' values can be set against a re-solve of the same change.

The problems are those of ``tests/test_plan_power_claims.py`` (a product of 1 H100e
uses 0.01 logic wafers and draws 0.001 MW; an unmet H100e costs $30,000).
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.test_plan_power_claims import MW_PER_H100E, WAFERS_PER_H100E, power_tiny
from tests.test_plan_shadow import fixed_objective, solved
from tests.test_plan_tiny import PENALTY, tiny
from tigris.plan.inputs import PlanInputs
from tigris.plan.shadow import shadow_prices

_PV = re.compile(r"\$([\d,.]+)([kMB]?) in the objective's money \(discounted to (\d{4})\)")
_SCALE = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9}


def _full_rows(inp: PlanInputs, sol: dict[str, np.ndarray]) -> set[tuple[str, int]]:
    """(resource, year) of the capacity rows the plan uses to their limit, from the
    plan's own production: logic wafers made vs existing wafers, and the fleet's MW
    (every delivery in service for its life of 1 year) vs the data-centre MW online."""
    years = np.asarray(inp.years, dtype=int)
    prod = np.asarray(sol["prod"], dtype=float).sum(axis=0)  # (T,) one H100e each
    existing = np.asarray(inp.existing, dtype=float)
    full = set()
    for t, year in enumerate(years):
        wafers = prod[t] * WAFERS_PER_H100E
        if wafers >= existing[0, t] * 12.0 * (1 - 1e-6):
            full.add(("logic wafer", int(year)))
        if len(existing) > 1 and prod[t] * MW_PER_H100E >= existing[1, t] * (1 - 1e-6):
            full.add(("datacenter power", int(year)))
    return full


def test_a_row_used_to_its_limit_is_never_idle() -> None:
    """Logic (416.67 wspm = 5,000 wafers = 500,000 H100e a year) and power (500 MW =
    500,000 H100e) both exactly meet demand of 500,000 a year; nothing can be built.
    Both rows are at their limit every year and one more wafer or MW is worth $0 (the
    other row holds the plan). No row may say "idle" (old code: the row whose slack
    HiGHS made basic read "not binding: the plan leaves this capacity idle")."""
    inp = power_tiny(2, life=1, dc_mw=500.0, demand=500e3, logic_wspm=5000.0 / 12.0)
    m, sol = solved(inp)
    assert np.asarray(sol["prod"]).sum(axis=0) == pytest.approx([500e3, 500e3], rel=1e-6)
    full = _full_rows(inp, sol)
    assert full == {(r, y) for r in ("logic wafer", "datacenter power") for y in (2025, 2026)}
    table = shadow_prices(inp, sol, model=m)
    rows = table[table["resource"].isin(["logic wafer", "datacenter power"])]
    assert len(rows) == 4, rows
    for row in rows.itertuples():
        assert row.value_usd == 0.0, row  # demand is met: nothing more to serve
        assert "idle" not in row.note, row
        assert "fully used" in row.note or "at its limit" in row.note, row


def test_idle_only_where_the_plan_leaves_capacity_unused() -> None:
    """The same invariant on a plan with idle and full rows: existing logic of 100 wspm
    (120,000 H100e a year) exactly meets demand in 2025, no module may be built; in
    2026 demand is 60,000, half the capacity idle."""
    inp = tiny(2, existing_wspm=100.0, demand=[120_000.0, 60_000.0], max_modules=0.0)
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m).set_index("year")
    assert "idle" not in table.loc[2025, "note"]
    assert "idle" in table.loc[2026, "note"]


def _pv(note: str) -> float:
    (amount, scale, _year), *_ = _PV.findall(note)
    return float(amount.replace(",", "")) * _SCALE[scale]


def test_values_sum_in_the_objectives_money_to_the_resolve() -> None:
    """L = 1, 500 MW, demand 600k, 400k, 700k, 10 % discount: one more MW in 2025 and
    in 2027 each powers 1,000 H100e more, $30M in money of its year (2026 has power to
    spare). In the objective's money (discounted to 2025) that is $30M and
    $30M / 1.1² = $24.79M: together $54.79M, what the re-solve with one more MW in
    both years (builds fixed) saves. The table's values undiscounted ($60M) are not
    that sum; each row's note must give its discounted worth."""
    inp = power_tiny(3, life=1, demand=[600e3, 400e3, 700e3], discount_rate=0.1)
    m, sol = solved(inp)
    table = shadow_prices(inp, sol, model=m)
    power = table[table["resource"] == "datacenter power"].set_index("year")
    assert power["value_usd"].tolist() == pytest.approx([30e6, 0.0, 30e6], rel=1e-6, abs=1e-3)
    pv = {int(y): _pv(n) for y, n in power["note"].items() if power.loc[y, "value_usd"] > 0}
    assert pv == pytest.approx({2025: 30e6, 2027: 30e6 / 1.1**2}, rel=5e-3)
    # the world: a re-solve with one more MW in 2025 and 2027, builds held
    existing = np.array(inp.existing, dtype=float)
    existing[1, [0, 2]] += 1.0
    saving = fixed_objective(inp, sol["build"]) - fixed_objective(
        inp.replace(existing=existing), sol["build"]
    )
    assert sum(pv.values()) == pytest.approx(saving, rel=5e-3)
    assert saving == pytest.approx(1000 * PENALTY * (1 + 1 / 1.1**2), rel=1e-6)
    assert power["value_usd"].sum() > 1.05 * saving  # money of each year: not summable
