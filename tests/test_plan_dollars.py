"""A plan's fab costs are in US dollars of the scenario's ``currency_year``.

The planner prices a new logic module with the fab layer, whose figures carry their own
price years (a node's capex in dollars of its reference fab's year: 2020 for N4/N5,
2023 for N3/N2; site prices of 2024). A plan says its money is USD of the scenario's
``currency_year``, so every fab-layer cost it takes is converted to that year: tools by
the BLS producer price index for semiconductor machinery manufacturing
(PCU333242333242), the building, the hook-up premium and running costs by the BLS
CPI-U (``docs/finance.md``, "Money of which year"). A ``currency_year`` without a value
of both indices is refused, not extrapolated.

The index values below are written by hand from the published series the data rows
cite, not read through the code under test:

- CPI-U, U.S. city average, all items, annual average (1982-84 = 100), BLS: 2021
  270.970, 2024 313.689 (BLS tables reproduced by inflationdata.com; BLS Mid-Atlantic
  Information Office summary ro3xg01 for 2024). The last annual average published in
  the shipped table is 2024's.
- PPI by industry, semiconductor machinery manufacturing (PCU333242333242, Dec 2003 =
  100), annual means as read from FRED: 2021 89.9, 2024 103.5 (both published values,
  not the table's interpolated 2016-2020 rows).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import (
    SMALL,
    SMALL_3Y,
    assert_one_line_error,
    line_of,
    replaced,
    write_scenario,
)
from tigris.plan.assemble import assemble
from tigris.scenario import scenario_from_dict
from tigris.yamlio import parse_yaml

#: BLS CPI-U annual averages (module docstring).
CPI_U = {2021: 270.970, 2024: 313.689}
#: BLS PPI PCU333242333242 annual means, via FRED (module docstring).
PPI_SEMI_MACHINERY = {2021: 89.9, 2024: 103.5}
#: Last year with a published CPI-U annual average in the shipped table (BLS, 2025-01).
LAST_CPI_YEAR = 2024


@cache  # read only: shared by the tests of this module
def _inputs(currency_year: int, **taiwan: float) -> tuple[Any, int, int]:
    """The small scenario's plan inputs in dollars of ``currency_year`` (``taiwan``: site
    overrides of its ``sites[]`` entry), and the (site, facility) index of the logic
    module at ``taiwan`` (N4 in the N5 family)."""
    doc = parse_yaml(SMALL)
    doc["currency_year"] = currency_year
    doc["sites"][0].update(taiwan)
    assert doc["sites"][0]["name"] == "taiwan"
    inp, _ = assemble(scenario_from_dict(doc))
    return inp, inp.sites.index("taiwan"), inp.facilities.index("logic-N5")


def test_fab_capex_moves_by_the_published_index_ratios() -> None:
    """2021 -> 2024: a Taiwan logic module's tools scale by PPI(2024)/PPI(2021) and its
    building by CPI(2024)/CPI(2021) (Taiwan has no hook-up premium, so equipment is
    tools alone); the subsidy follows capex and the variable cost of a logic wafer
    (materials, energy, water) scales by the CPI-U ratio."""
    old, s, k = _inputs(2021)
    new, s2, k2 = _inputs(2024)
    capex = old.capex_usd[s, k]
    tools = old.equipment_share[s, k] * capex
    building = capex - tools
    ppi = PPI_SEMI_MACHINERY[2024] / PPI_SEMI_MACHINERY[2021]
    cpi = CPI_U[2024] / CPI_U[2021]
    assert new.capex_usd[s2, k2] == pytest.approx(tools * ppi + building * cpi, rel=1e-9)
    assert new.equipment_share[s2, k2] * new.capex_usd[s2, k2] == pytest.approx(
        tools * ppi, rel=1e-9
    )
    # the two indices differ by more than the tolerance: one index for both would fail
    assert abs(ppi / cpi - 1) > 1e-3
    # the subsidy follows capex: at japan (a 37 % grant in sites.csv; taiwan's is 0,
    # where 0 == 0 x anything would check nothing)
    j = old.sites.index("japan")
    assert old.subsidy_usd[j, k] > 0.3 * old.capex_usd[j, k]
    assert new.subsidy_usd[j, k2] / old.subsidy_usd[j, k] == pytest.approx(
        new.capex_usd[j, k2] / old.capex_usd[j, k], rel=1e-9
    )
    assert new.variable_cost_usd_per_wafer[k2, 0] == pytest.approx(
        old.variable_cost_usd_per_wafer[k, 0] * cpi, rel=1e-9
    )
    # fixed opex at taiwan is labour (CPI-U) + maintenance (PPI, a share of the tools:
    # fab_parameters.csv maintenance_share_of_equipment_per_year)
    from tigris.fab import fab_param

    maintenance = fab_param("maintenance_share_of_equipment_per_year") * tools
    labour = old.opex_usd_per_year[s, k] - maintenance
    assert 0 < maintenance < labour + maintenance
    assert new.opex_usd_per_year[s2, k2] == pytest.approx(
        labour * cpi + maintenance * ppi, rel=1e-9
    )


def test_a_scenarios_site_prices_are_its_currency_years_dollars() -> None:
    """A site's labour or electricity price given in the scenario is an amount of its
    ``currency_year`` (docs/finance.md, "Money of which year"), not of the site table's
    price year: in a 2021 scenario, $10,000 more per FTE and 1 cent more per kWh at
    taiwan add employees x $10,000 + kWh a year x $0.01 to the module's fixed opex,
    whatever the CPI-U did between 2021 and 2024 (a conversion from 2024 would make it
    0.86 of that). The module's capex does not move with them, and stays in 2021
    dollars."""
    from tigris.fab import fab_model
    from tigris.plan.assemble_sites import _SITE_PRICES
    from tigris.scenario.schema import SITE_OVERRIDES

    # every money field a scenario's site may override is taken as such
    assert set(_SITE_PRICES) == {k for k in SITE_OVERRIDES if "_usd_" in k}
    one, s, k = _inputs(2021, labour_usd_per_fte_year=80_000.0, electricity_usd_per_kwh=0.12)
    two, s2, k2 = _inputs(2021, labour_usd_per_fte_year=90_000.0, electricity_usd_per_kwh=0.13)
    fab = fab_model("N4", float(one.module_capacity[s, k]), "taiwan")  # counts, not money
    added = fab.employees * 10_000.0 + fab.energy_mwh_per_year * 1_000.0 * 0.01
    assert two.opex_usd_per_year[s2, k2] - one.opex_usd_per_year[s, k] == pytest.approx(
        added, rel=1e-9
    )
    base, s0, k0 = _inputs(2021)
    assert one.capex_usd[s, k] == pytest.approx(base.capex_usd[s0, k0], rel=1e-12)
    assert one.subsidy_usd[s, k] == base.subsidy_usd[s0, k0]


def test_plan_capex_of_a_fab_is_what_tigris_fab_prints(run_cli: object) -> None:
    """A plan that builds one N4 module of 20,000 wspm in Japan reports the capex
    ``tigris fab --node N4 --site japan --wspm 20000 --dollars-of 2024`` prints: two
    public entry points, one price (the scenario's currency_year is 2024).

    The plan's builds table is what :func:`tigris.plan.solve.extract` makes of the
    assembled inputs and a solution; the solution is written here (one module at
    japan in the first year) instead of solved for, as the MILP only chooses the
    modules and the price is the input's (a solve cost ~2 s, this ~0.2 s)."""
    from tigris.plan.solve import extract

    inp, _, k = _inputs(2024)
    j = inp.sites.index("japan")
    assert inp.module_capacity[j, k] == 20_000
    shape = {"prod": inp.products, "unmet": inp.classes, "draw": inp.sources}
    sol = {name: np.zeros((len(rows), len(inp.years))) for name, rows in shape.items()}
    sol["build"] = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    sol["build"][j, k, 0] = 1.0
    builds = extract(inp, sol, relaxed=False)["builds"]
    assert [tuple(r) for r in builds[["site", "facility", "modules", "capacity"]].to_numpy()] == [
        ("japan", "logic", 1, 20000.0)
    ]
    args = ("fab", "--node", "N4", "--site", "japan", "--wspm", "20000", "--json")
    fab = run_cli(*args, "--dollars-of", "2024")  # type: ignore[operator]
    assert fab.code == 0, fab.err
    plan_capex = float(builds["capex_usd"].iloc[0])
    assert plan_capex == pytest.approx(fab.json()["capex_usd"], rel=1e-12)
    assert float(inp.subsidy_usd[j, k]) == pytest.approx(fab.json()["subsidy_usd"], rel=1e-12)
    # and not the fab layer's own price years (N4's capex is in dollars of 2020)
    own = run_cli(*args)  # type: ignore[operator]
    assert plan_capex > 1.1 * own.json()["capex_usd"]


@pytest.mark.parametrize("year", [LAST_CPI_YEAR + 1, 2030, 2014])
def test_a_currency_year_without_an_index_value_is_one_line(
    tmp_path: Path, run_cli: object, year: int
) -> None:
    """After 2024 the CPI-U has no published annual average in the table (2025's PPI
    alone is not enough) and before 2015 the PPI has none: the plan refuses with one
    line naming ``currency_year`` and the last year with a value, exit code 2."""
    text = replaced(SMALL_3Y, ("currency_year: 2024\n", f"currency_year: {year}\n"))
    path = write_scenario(tmp_path, text)
    res = run_cli("plan", path, "--no-store")  # type: ignore[operator]
    assert_one_line_error(res, "currency_year", f"to {LAST_CPI_YEAR}", f"got {year}")
    # the file and the line of the field
    assert f"{path}:{line_of(path, 'currency_year:')}: currency_year:" in res.err
    # tigris scenario check says the same line
    check = run_cli("scenario", "check", path)  # type: ignore[operator]
    assert (check.code, check.err) == (res.code, res.err)
