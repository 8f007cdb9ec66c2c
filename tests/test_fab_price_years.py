"""Review of the fab layer's price-year fixes (df74ff4, b0f60e2, f861bfc; review of
2026-12-03): tests that killed mutations the earlier tests let through.

- the later-node invariant compared neighbours in an order whose ties (A14 and 14A: both
  2028, both 100 mask layers) were broken by ``nodes.csv`` row order, so swapping two rows
  failed it with no model change; here only nodes strictly later by (HVM year, mask
  layers) are compared;
- a money row without a price year is refused, naming the table and the row;
- the fallback other-equipment rate is the derivation its row states (CSET's 7 nm
  capital less the modelled building and ArF scanners), so a stale row fails;
- the planner's variable cost of a logic wafer is the fab layer's money converted once:
  by hand from the 2024 site prices, and the CPI-U ratio between two currency years.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable
from typing import Any

import pytest

import tigris.fab.model as model
from tigris.errors import TigrisError
from tigris.fab import (
    building_taiwan_usd,
    fab_model,
    fab_param,
    get_site,
    get_tool,
    other_equipment_rate,
    scanner_price_usd,
)
from tigris.fab.data import price_year
from tigris.nodes import get_node, list_nodes
from tigris.plan.assemble_sites import VARIABLE_COST_SITE, logic_variable_cost

SITES = ["taiwan", "arizona-usa", "japan", "germany", "south-korea", "uae"]
#: BLS PPI for semiconductor machinery manufacturing (PCU333242333242, Dec 2003 = 100),
#: annual means: 2024 103.5 as read from FRED; 2020 89.24 is the shipped geometric
#: interpolation between 2015 (86.0) and 2021 (89.9).
PPI = {2020: 89.24, 2024: 103.5}
#: BLS CPI-U, U.S. city average, all items, annual averages (1982-84 = 100).
CPI = {2020: 258.811, 2021: 270.970, 2024: 313.689}


def _later_pairs() -> list[tuple[str, str]]:
    """Pairs (a, b) of shipped nodes with b strictly later than a by (HVM year, mask
    layers); nodes equal on both (A14 and 14A) are not ordered."""

    def key(n: str) -> tuple[int, int]:
        node = get_node(n)
        return node.hvm_year, node.mask_layers

    return [(a, b) for a, b in itertools.permutations(list_nodes(), 2) if key(a) < key(b)]


def test_the_order_has_ties_the_old_test_broke_by_row_order() -> None:
    # A14 (TSMC, 2028-10) and 14A (Intel, 2028-07, High-NA) share year and layer count:
    # 14A costs more, though it reaches volume three months earlier, so by month the
    # "later node" would be the cheaper one. No claim is made between them.
    pairs = set(_later_pairs())
    assert ("A14", "14A") not in pairs and ("14A", "A14") not in pairs
    a14 = fab_model("A14", 45_000, "taiwan").capex_per_wspm_usd
    i14 = fab_model("14A", 45_000, "taiwan").capex_per_wspm_usd
    assert i14 > a14
    assert (get_node("14A").hvm_year, get_node("14A").hvm_month) < (
        get_node("A14").hvm_year,
        get_node("A14").hvm_month,
    )


@pytest.mark.parametrize("site", SITES)
@pytest.mark.parametrize("year", [2020, 2024])
def test_a_strictly_later_node_never_costs_less_per_wspm(site: str, year: int) -> None:
    # Every node in dollars of one year (as the planner prices them). When scanners were
    # added at 2024 prices and the building at 2020 prices into capex of each node's own
    # basis year (before df74ff4), small N3 lines came out cheaper per WSPM than N4 ones
    # (40 site/year/size cases; 2,000 WSPM in Taiwan, 2024 dollars: N3 US$1.44M against
    # N4 US$1.61M). Was tests/test_fab.py::..._in_one_years_dollars (H2, 959acc3).
    pairs = _later_pairs()
    for w in (1_000, 2_000, 5_000, 10_000, 45_000, 150_000):
        per = {n: fab_model(n, w, site, dollars_of=year).capex_per_wspm_usd for n in list_nodes()}
        bad = [(a, b, per[a], per[b]) for a, b in pairs if per[b] < per[a]]
        assert not bad, (w, bad)


def test_a_scanner_price_without_a_price_year_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    # a fab_tools.csv row with an empty price_year cannot be put in any year's dollars
    tool = dataclasses.replace(get_tool("low_na_euv"), price_year=None)
    monkeypatch.setattr(model, "get_tool", lambda kind: tool)
    with pytest.raises(TigrisError, match=r"fab_tools.csv low_na_euv has no price_year"):
        scanner_price_usd("low_na_euv", 2020)


def test_a_building_row_without_a_price_year_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    real = model.price_year

    def patched(name: str, node: str = "all", site: str = "all") -> int | None:
        return None if name == "building_usd_per_wspm" else real(name, node, site)

    monkeypatch.setattr(model, "price_year", patched)
    with pytest.raises(TigrisError, match=r"building_usd_per_wspm has no price_year"):
        building_taiwan_usd(get_node("N5"), 50_000, year=2020)


def test_fallback_equipment_rate_is_its_stated_derivation() -> None:
    # fab_parameters.csv: CSET's 7 nm capital investment, US$14,267 per wafer processed per
    # year (Khan & Mann 2020, Appendix D Table 9) x 12 per WSPM, less the building and the
    # ArF-immersion scanners of a Taiwan N7 module of 83,000 WSPM as the model prices
    # them (2020 dollars: building rows as shipped, US$70M scanners of 2024 by the PPI),
    # over N7's 87 mask layers; the row is that, rounded to a dollar.
    w, layers = 83_000, 87
    assert get_node("N7").mask_layers == layers
    assert price_year("building_fixed_usd") == price_year("building_usd_per_wspm") == 2020
    building = fab_param("building_fixed_usd") / w + fab_param("building_usd_per_wspm") * (
        layers / fab_param("building_reference_mask_layers")
    )
    duv = get_tool("duv_immersion")
    assert duv.price_usd == 70e6 and duv.price_year == 2024
    n_duv = fab_model("N7", w, "taiwan").duv_tools
    scanners = n_duv * 70e6 * PPI[2020] / PPI[2024] / w
    rate = (14_267 * 12 - building - scanners) / layers
    assert price_year("other_equipment_usd_per_wspm_per_mask_layer") == 2020
    assert abs(fab_param("other_equipment_usd_per_wspm_per_mask_layer") - rate) <= 0.5
    # no shipped node uses it (each has a published reference fab, or an older one)
    assert all(other_equipment_rate(n)[1] != "table" for n in list_nodes())


def test_planner_variable_cost_is_the_fab_money_converted_once() -> None:
    # Materials US$12 per wafer per mask layer, Taiwan electricity US$0.1355/kWh and water
    # US$0.5/m3 are 2024 prices; per finished wafer at full output, in 2024 dollars, by
    # hand from the fab layer's physical quantities. A currency year of 2021 scales the
    # whole by CPI-U 2021 / 2024 exactly once (a second conversion would give its square).
    assert VARIABLE_COST_SITE == "taiwan"
    r = fab_model("N5", 50_000, "taiwan")
    site = get_site("taiwan")
    assert (site.electricity_usd_per_kwh, site.water_usd_per_m3) == (0.1355, 0.5)
    starts = 50_000 * 12
    cash = 12 * 81 * starts + r.energy_mwh_per_year * 1_000 * 0.1355 + r.water_m3_per_year * 0.5
    by_hand = cash / r.wafers_per_year
    assert logic_variable_cost("N5", 50_000, 2024) == pytest.approx(by_hand, rel=1e-12)
    assert logic_variable_cost("N5", 50_000, 2021) == pytest.approx(
        by_hand * CPI[2021] / CPI[2024], rel=1e-12
    )
    # and fab_model's default (N5's 2020 basis) is the same money in 2020 dollars
    ops = r.opex_breakdown_usd_per_year
    default = sum(ops[k] for k in ("materials", "energy", "water")) / r.wafers_per_year
    assert default == pytest.approx(by_hand * CPI[2020] / CPI[2024], rel=1e-12)


def test_cli_budget_is_in_the_title_year(run_cli: Callable[..., Any]) -> None:
    # IBS (Dec 2023): a 50,000-WSPM 3 nm fab costs US$20B. Without --dollars-of the budget
    # and the table are in N3's capex price year (2023), so US$20B buys that reference fab
    # in Taiwan; read as 2024 dollars (tools +5.1 % by the PPI, building +2.9 % by the
    # CPI-U) it buys less. The help says which year the budget is in.
    plain = run_cli("fab", "--node", "N3", "--site", "taiwan", "--budget-usd", "2e10")
    assert plain.code == 0 and "(US$ of 2023)" in plain.out
    assert fab_model("N3", 50_000, "taiwan").capex_usd == pytest.approx(20e9, rel=1e-12)
    js = run_cli("fab", "--node", "N3", "--site", "taiwan", "--budget-usd", "2e10", "--json")
    assert js.json()["wspm"] == 50_000 and js.json()["capex_price_year"] == 2023
    later = run_cli(
        "fab", "--node", "N3", "--site", "taiwan", "--budget-usd", "2e10",
        "--dollars-of", "2024", "--json",
    )  # fmt: skip
    assert later.json()["wspm"] < 50_000 and later.json()["capex_price_year"] == 2024
    helptext = " ".join(run_cli("fab", "--help").out.replace("\u2502", " ").split())
    assert "Capex budget [USD of the node's capex price year," in helptext
    assert "not the plan's currency_year, or of --dollars-of]" in helptext
