"""A line in a standing building (``--building-exists``) has no construction phase
(user test s49 #4: it kept the greenfield permit and 23-month construction, 29 months
to first wafer, where TSMC's Nanjing 28 nm line took 18 from its budget to volume
production)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_table

RunCli = Callable[..., Any]

N28_CHINA = ("fab", "--node", "N28", "--wspm", "40000", "--site", "china")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "fab.md"


def _months(ym: str) -> int:
    y, m = (int(x) for x in ym.strip()[:7].split("-"))
    return 12 * y + m - 1


def _tool_install_months() -> float:
    rows = data_table("fab_parameters")
    return float(next(r["value"] for r in rows if r["parameter"] == "tool_install_months"))


def test_in_a_standing_building_first_wafer_follows_tool_move_in(run_cli: RunCli) -> None:
    """The time from groundbreaking (here: tool move-in) to first wafer is the tools'
    move-in window of fab_parameters.csv, not the site's construction months."""
    site = next(s for s in data_table("sites") if s["site"] == "china")
    green = run_cli(*N28_CHINA, "--json").json()
    brown = run_cli(*N28_CHINA, "--building-exists", "--json").json()
    assert green["build_years"] == pytest.approx(float(site["construction_months"]) / 12)
    assert brown["build_years"] == pytest.approx(_tool_install_months() / 12)
    assert brown["build_years"] < green["build_years"]
    assert brown["ramp_years"] == green["ramp_years"]  # the ramp is the line's, kept
    spend = brown["capex_spend_fraction_by_year"]
    assert sum(spend) == pytest.approx(1.0)
    first_wafer_year = int(brown["build_years"])  # all tools in before first wafer
    assert all(f == 0.0 for f in spend[first_wafer_year + 1 :])


def test_tsmc_nanjing_28nm_first_wafer_is_no_later_than_its_volume_production(
    run_cli: RunCli,
) -> None:
    """Out of sample: TSMC's board budgeted the line in an existing Nanjing plant in the
    month of fab_budgets.csv's as_of and planned volume production from fab_ramps.csv's
    start; the model's first wafer (permit and design + move-in) must come no later."""
    budget = next(r for r in data_table("fab_budgets") if r["case"] == "tsmc-nanjing-28nm-2021")
    ramp = next(r for r in data_table("fab_ramps") if r["fab_id"] == "tsmc-nanjing-28nm")
    assert budget["building_exists"].strip().lower() == "true"
    published = _months(ramp["start"]) - _months(budget["as_of"])
    assert published == 18
    brown = run_cli(*N28_CHINA, "--building-exists", "--json").json()
    model = 12 * (brown["permit_years"] + brown["build_years"])
    assert model <= published, (model, published)


def test_the_table_has_no_construction_row_in_a_standing_building(run_cli: RunCli) -> None:
    res = run_cli(*N28_CHINA, "--building-exists")
    assert res.code == 0, res.err
    labels = [ln.strip().strip("│").split("│")[0].strip() for ln in res.out.splitlines()]
    assert "construction" not in labels
    assert "tool move-in" in labels
    flat = " ".join(res.out.split())
    assert "tool_install_months" in flat


def test_docs_say_the_move_in_time_is_an_assumption_and_nanjing_is_out_of_sample() -> None:
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    i = text.index("**Time in a standing building**")
    para = text[i : i + 2500]
    assert "tool_install_months" in para and "tigris assumption" in para
    assert "out of sample" in para and "tsmc-nanjing-28nm" in para
