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

from pathlib import Path

import pytest

from tests.conftest import SMALL, SMALL_3Y, assert_one_line_error, replaced, write_scenario
from tigris.plan.assemble import assemble
from tigris.scenario import scenario_from_dict
from tigris.yamlio import parse_yaml

#: BLS CPI-U annual averages (module docstring).
CPI_U = {2021: 270.970, 2024: 313.689}
#: BLS PPI PCU333242333242 annual means, via FRED (module docstring).
PPI_SEMI_MACHINERY = {2021: 89.9, 2024: 103.5}
#: Last year with a published CPI-U annual average in the shipped table (BLS, 2025-01).
LAST_CPI_YEAR = 2024


def _inputs(currency_year: int) -> tuple[object, int, int]:
    """The small scenario's plan inputs in dollars of ``currency_year``, and the
    (site, facility) index of the logic module at ``taiwan`` (N4 in the N5 family)."""
    doc = parse_yaml(SMALL)
    doc["currency_year"] = currency_year
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
    assert new.subsidy_usd[s2, k2] == pytest.approx(
        old.subsidy_usd[s, k] * new.capex_usd[s2, k2] / capex, rel=1e-9
    )
    assert new.variable_cost_usd_per_wafer[k2, 0] == pytest.approx(
        old.variable_cost_usd_per_wafer[k, 0] * cpi, rel=1e-9
    )
    # fixed opex (labour by the CPI-U, maintenance by the PPI) moves between the two
    lo, hi = sorted((ppi, cpi))
    ratio = new.opex_usd_per_year[s2, k2] / old.opex_usd_per_year[s, k]
    assert lo - 1e-9 <= ratio <= hi + 1e-9


def test_plan_capex_of_a_fab_is_what_tigris_fab_prints(run_cli: object) -> None:
    """A plan that must build one N4 module of 20,000 wspm in Japan reports the capex
    ``tigris fab --node N4 --site japan --wspm 20000 --dollars-of 2024`` prints: two
    public entry points (``tigris.plan`` and ``tigris fab``), one price (the scenario's
    currency_year is 2024)."""
    import tigris

    text = replaced(
        SMALL_3Y,
        (
            "  - name: japan\n    max_modules: 3\n",
            "  - name: japan\n    max_modules: 1\n    min_modules: 1\n    facilities: [logic-N5]\n",
        ),
    )
    assert "currency_year: 2024\n" in text
    result = tigris.plan(tigris.load_scenario(text), explain=False)
    assert result.status == "optimal"
    builds = result.builds[result.builds["facility"] == "logic"]
    assert [tuple(r) for r in builds[["site", "modules", "capacity"]].to_numpy()] == [
        ("japan", 1, 20000.0)
    ]
    args = ("fab", "--node", "N4", "--site", "japan", "--wspm", "20000", "--json")
    fab = run_cli(*args, "--dollars-of", "2024")  # type: ignore[operator]
    assert fab.code == 0, fab.err
    plan_capex = float(builds["capex_usd"].iloc[0])
    assert plan_capex == pytest.approx(fab.json()["capex_usd"], rel=1e-12)
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
    res = run_cli("plan", write_scenario(tmp_path, text), "--no-store")  # type: ignore[operator]
    assert_one_line_error(res, "currency_year", f"to {LAST_CPI_YEAR}", f"got {year}")
