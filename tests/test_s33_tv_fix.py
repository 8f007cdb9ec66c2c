"""The going-concern terminal value charges the plant's steady replacement (TV-FIX).

A no-growth perpetuity (Damodaran, *Investment Valuation*, ch. 12: TV = EBIT(1 - t)/r
with g = 0, so capex = depreciation of the plant kept as it is) must charge each asset
class's capex over its life, also after the class is written off on the books: the
tools that wore out are replaced. Before the fix it charged the last year's *book*
depreciation (0 for tools past their life). Every expected number below is worked by
hand from tests/test_finance_cashflow.problem: net capex 1000 M$ (1200 less a 200
grant) spent in 2025, 80 % equipment over 5 years and 20 % building over 20, full
output from 2026 (12,000 wafers a year at 30,000 $, variable 5,000 $), fixed opex
50 M$, tax 20 %, r = 10 %.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.test_finance_cashflow import problem
from tests.test_s46_finance import ramp_gap
from tigris.finance.cashflow import (
    cash_flows,
    depreciation_schedule,
    finance_tables,
    npv_build_coefficients,
    npv_usd,
    replacement_share,
    replacement_usd,
    sold_wafers,
    terminal_pv,
    terminal_values,
    wafer_margin_pv,
)

M = 1e6  # USD per million USD
WAFERS = 12_000.0  # a module's output a year [wafers/year]


def _one_module(n_years: int, **kw: Any) -> tuple[Any, np.ndarray, np.ndarray]:
    """One module started in 2025 of :func:`problem`, selling all it makes from 2026."""
    inp = problem(
        n_years=n_years, spend=(1.0,), output=(0.0, 1.0), terminal_value="going_concern", **kw
    )
    build = np.zeros((1, 1, n_years))
    build[0, 0, 0] = 1
    prod = np.array([[0.0] + [WAFERS] * (n_years - 1)])
    return inp, build, prod


def test_replacement_share_by_hand() -> None:
    """0.8/5 + 0.2/20 = 0.17 of net capex a year at every lag with output, also after
    the 5-year tools are written off (book depreciation then 0.2/20 = 0.01)."""
    inp, _, _ = _one_module(8)
    assert replacement_share(inp)[0, 0, 1:].tolist() == pytest.approx([0.17] * 7)
    assert depreciation_schedule(inp)[0, 0, 6:].tolist() == pytest.approx([0.01, 0.01])


def test_the_objective_prices_the_replacement_after_the_tools_are_written_off() -> None:
    """Horizon 2025-2031 (the tools written off in 2030). Flows (M$): 2025 -1000;
    2026-2030 revenue 360, variable 60, opex 50, depreciation 170, tax 0.2 x 80 = 16,
    net 234; 2031 depreciation 10 (building only), tax 0.2 x 240 = 48, net 202. Terminal
    value in 2032: 0.8 x (360 - 60 - 50 - 170) x 1.1/0.1 = 704 (not 0.8 x 240 x 11 =
    2,112). NPV to 2025 at 10 %: -1000 + 234 x (1/1.1 + ... + 1/1.1^5) + 202/1.1^6 +
    704/1.1^7. The MILP's coefficients (per module, per wafer) give the same number."""
    inp, build, prod = _one_module(7)
    annuity = sum(1.1**-k for k in range(1, 6))
    npv_hand = (-1000 + 234 * annuity + 202 / 1.1**6 + 704 / 1.1**7) * M
    table = cash_flows(inp, build, prod)
    assert table["net_usd"].tolist() == pytest.approx(
        [-1000 * M, *[234 * M] * 5, 202 * M, 704 * M], abs=1e-3
    )
    tables = finance_tables(inp, build, prod, np.zeros((1, 7)))
    assert tables["finance_modules"]["npv_usd"].iloc[0] == pytest.approx(npv_hand, abs=1.0)
    objective = float((build * npv_build_coefficients(inp)).sum())
    objective += float((sold_wafers(inp, build, prod) * wafer_margin_pv(inp)).sum())
    assert objective == pytest.approx(npv_hand, abs=1.0)
    # the objective's 'salvage' term (plan.solve.objective_terms) is the same 704 M$
    sold = sold_wafers(inp, build, prod)
    assert terminal_pv(inp, build, sold) == pytest.approx(704 * M / 1.1**7, abs=1.0)


@pytest.mark.parametrize("n_years", [3, 5, 6, 7, 9, 12])
def test_the_value_does_not_depend_on_where_the_horizon_ends(n_years: int) -> None:
    """The same business whatever the last year: 704 M$ in the year after the horizon,
    from 2027 (tools depreciating) to 2036 (the tools' second life on the books: no
    capex in the flows, the perpetuity still charges 170 a year)."""
    inp, build, prod = _one_module(n_years)
    table = cash_flows(inp, build, prod)
    salvage = table.loc[table["year"] == 2025 + n_years, "salvage_usd"]
    assert salvage.tolist() == pytest.approx([704 * M], abs=1e-3)


def test_the_table_level_value_from_the_rows_and_the_replacement() -> None:
    """terminal_values from the exported rows (horizon 2031) with the plan's
    replacement_usd (170 M$ a year, tax 20 %) gives the table's 704 M$, and so do the
    rows alone with their replacement_usd column (TV-ALT); rows without that column
    (2031 depreciation 10) cannot tell the tools were written off: 0.8 x 240 x 11 =
    2,112, the value documented for that case. Book value unchanged either way: 1000 -
    5 x 170 - 10 = 140."""
    inp, build, prod = _one_module(7)
    table = cash_flows(inp, build, prod)
    repl = replacement_usd(inp, build)
    assert repl["replacement_usd"].tolist() == pytest.approx([170 * M])
    assert repl["tax_rate"].tolist() == pytest.approx([0.2])
    going = terminal_values(table, 0.10, "going_concern", 2031, repl)
    assert going.tolist() == pytest.approx([704 * M], abs=1e-3)
    rows_only = terminal_values(table, 0.10, "going_concern", 2031)
    assert rows_only.tolist() == pytest.approx([704 * M], abs=1e-3)
    without = terminal_values(table.drop(columns="replacement_usd"), 0.10, "going_concern", 2031)
    assert without.tolist() == pytest.approx([2112 * M], abs=1e-3)
    for extra in ((), (repl,)):
        book = terminal_values(table, 0.10, "book", 2031, *extra)
        assert book.tolist() == pytest.approx([140 * M], abs=1e-3)


def test_a_class_without_a_life_is_never_replaced() -> None:
    """Building life None (land-like, not depreciated, not replaced): the perpetuity
    charges the equipment only, 0.8 x 1000/5 = 160 a year, also after it is written off:
    NOPAT 0.8 x (250 - 160) = 72, worth 72 x 11 = 792 (M$) with the horizon at 2031."""
    inp, build, prod = _one_module(7, building_life=None)
    table = cash_flows(inp, build, prod)
    assert table["salvage_usd"].iloc[-1] == pytest.approx(792 * M, abs=1e-3)


def test_a_subsidy_share_lowers_the_replacement_as_it_lowered_the_build() -> None:
    """The replacement is of the plant's net capex (the grant's share held, like the
    last year's prices): no grant, net 1200: 0.8 x 1200/5 + 0.2 x 1200/20 = 204 a year,
    NOPAT 0.8 x (250 - 204) = 36.8, worth 404.8 (M$) whichever year the horizon ends."""
    for n_years in (6, 7):
        inp, build, prod = _one_module(n_years, subsidy=0.0)
        table = cash_flows(inp, build, prod)
        assert table["salvage_usd"].iloc[-1] == pytest.approx(404.8 * M, abs=1e-3)


@pytest.mark.parametrize("seed", range(6))
def test_npv_objective_identity_with_long_horizons(seed: int) -> None:
    """Random problems (as test_finance_cashflow.random_problem) of 8-11 years with 1-3
    year equipment lives, so most groups have written their tools off by the horizon's
    end: the objective's coefficients sum to the NPV of the cash-flow table, terminal
    value as a going concern included, to $1 (the MILP optimises what it reports)."""
    rng = np.random.default_rng(100 + seed)
    s, k = (int(x) for x in rng.integers(1, 4, size=2))
    t = 8 + seed % 4
    n_lag = int(rng.integers(1, 4))
    output = np.sort(rng.uniform(0, 1, n_lag + 1))
    output[0] = 0.0
    inp = problem(
        t,
        sites=s,
        facilities=k,
        existing_wspm=float(rng.uniform(0, 2_000)),
        spend=tuple(rng.dirichlet(np.ones(n_lag))),
        output=tuple(output),
        tax=list(rng.uniform(0, 0.4, s)),
        equipment_share=float(rng.uniform(0, 1)),
        equipment_life=float(rng.integers(1, 4)),
        building_life=float(rng.choice([3.0, 7.5, 20.0])),
        discount_rate=float(rng.uniform(0.02, 0.15)),
        terminal_value="going_concern",
    )
    inp = inp.replace(
        price_usd_per_wafer=rng.uniform(1_000, 30_000, (k, t)),
        variable_cost_usd_per_wafer=rng.uniform(1_000, 20_000, (k, t)),
        capex_usd=rng.uniform(0.5e9, 5e9, (s, k)),
        subsidy_usd=rng.uniform(0, 0.5e9, (s, k)),
        opex_usd_per_year=rng.uniform(0, 3e8, (s, k)),
        module_capacity=rng.uniform(500, 5_000, (s, k)),
        use=rng.uniform(0.2, 1.5, (1, k, t)),
    )
    build = rng.integers(0, 3, (s, k, t)).astype(float)
    prod = rng.uniform(0, 40_000 * s, (1, t))
    lhs = float((build * npv_build_coefficients(inp)).sum())
    lhs += float((sold_wafers(inp, build, prod) * wafer_margin_pv(inp)).sum())
    flows = finance_tables(inp, build, prod, np.zeros((1, t)))["cash_flows"]
    mine = flows[flows["owner"] == "investor"]
    # a group ramping at the horizon's end is at book in the table, while the objective
    # pools the last year's per-wafer term (user test s46 A): it is short by ramp_gap
    assert npv_usd(mine["net_usd"], mine["year"], 2025, inp.discount_rate) == pytest.approx(
        lhs + ramp_gap(inp, flows), abs=1.0
    )
    # and the table-level value from the rows and replacement_usd is each salvage row
    keys = ["site", "facility", "start_year"]
    want = flows[flows["year"] == 2025 + t].set_index(keys)["salvage_usd"]
    got = terminal_values(
        flows, inp.discount_rate, "going_concern", 2024 + t, replacement_usd(inp, build)
    )
    assert got.reindex(want.index).to_numpy() == pytest.approx(want.to_numpy(), rel=1e-9, abs=1e-3)
