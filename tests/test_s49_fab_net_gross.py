"""``tigris fab``'s life-cycle cost per wafer is net of the site's subsidy, and says so,
beside the same cost before it (user test s49 #1: India's 3,457 beside Taiwan's 6,101
read as the cheaper fab, when 70 % of its capex was a grant and nothing said so)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_table, kv_cells

RunCli = Callable[..., Any]

DOCS = Path(__file__).resolve().parents[1] / "docs" / "fab.md"


def _param(name: str) -> float:
    return float(next(r["value"] for r in data_table("fab_parameters") if r["parameter"] == name))


def _fab(run_cli: RunCli, site: str, *extra: str) -> dict[str, Any]:
    res = run_cli("fab", "--node", "N5", "--wspm", "50000", "--site", site, "--json", *extra)
    assert res.code == 0, res.err
    return res.json()


def test_the_gross_cost_is_the_net_one_plus_the_subsidy_spread_over_the_wafers(
    run_cli: RunCli,
) -> None:
    """LCOW = sum C_y d^y / sum W_y d^y (IEA/NEA 2020, ch. 2) is linear in the capex paid:
    before subsidy less net of it = subsidy x sum s_y d^y / sum W_y d^y, with ``s_y``
    the share of capex spent in year y and ``W_y`` the wafers out in year y over the
    fab's life. The year table is printed through the whole life for the sum."""
    life = _param("fab_life_years")
    r = _fab(run_cli, "india-gujarat", "--years", "20")
    subsidy, capex = r["subsidy_usd"], r["capex_usd"]
    sites = {s["site"]: s for s in data_table("sites")}
    assert subsidy == pytest.approx(float(sites["india-gujarat"]["subsidy_share_of_capex"]) * capex)
    d = 1.0 / (1.0 + _param("discount_rate"))
    spend = sum(f * d**y for y, f in enumerate(r["capex_spend_fraction_by_year"]))
    wafers = sum(row["wafers"] * d ** row["year_index"] for row in r["by_year"])
    # the table runs past the life: its wafers are the life's (a year beyond it makes none)
    assert sum(row["output_fraction"] for row in r["by_year"]) <= life + 1e-9
    gross, net = r["cost_per_wafer_gross_usd"], r["cost_per_wafer_usd"]
    assert gross - net == pytest.approx(subsidy * spend / wafers, rel=1e-9)
    assert gross > 1.9 * net  # a 70 % grant roughly halves India's cost per wafer


def test_without_a_subsidy_net_and_gross_are_one_figure(run_cli: RunCli) -> None:
    sites = {s["site"]: s for s in data_table("sites")}
    assert float(sites["china"]["subsidy_share_of_capex"]) == 0.0
    r = _fab(run_cli, "china")
    assert r["subsidy_usd"] == 0.0
    assert r["cost_per_wafer_gross_usd"] == pytest.approx(r["cost_per_wafer_usd"], rel=1e-12)


def test_the_table_says_net_of_subsidy_and_prints_the_cost_before_it(run_cli: RunCli) -> None:
    res = run_cli("fab", "--node", "N5", "--wspm", "50000", "--site", "india-gujarat")
    assert res.code == 0, res.err
    rows = kv_cells(res.out)
    _, value, unit = rows["life-cycle cost per wafer"]
    assert "net of the subsidy" in unit, unit
    _, before, what = rows["before subsidy"]
    r = _fab(run_cli, "india-gujarat")
    assert before == f"${r['cost_per_wafer_gross_usd']:,.0f}", (before, what)
    assert value == f"${r['cost_per_wafer_usd']:,.0f}"


def test_docs_say_the_levelised_cost_is_net_of_subsidy() -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "`cost_per_wafer_usd` is levelised" in text
    i = text.index("`cost_per_wafer_usd` is levelised")
    para = text[i : i + 1500]
    assert "net of" in para and "subsidy" in para, para
    assert "cost_per_wafer_gross_usd" in para, para
