"""Capital of 0 is the world without the investor (user test 2026-12-07,
semiconductor analyst #7).

The plan's ``baseline`` is documented as the same scenario with the investor's capital
at zero, but ``--set capital.X.amount_usd=0`` was refused ("must be > 0"), so the claim
could be checked only at $1. 0 is now allowed, and a plan with every source at 0 serves,
year by year, what the plan's own ``baseline`` section says the world without the
investor serves, and builds nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL, CliResult, write_scenario


def test_zero_capital_plans_the_baseline(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    with_investor = run_cli("plan", str(scenario), "--no-store", "--json")
    without = run_cli(
        "plan", str(scenario), "--no-store", "--json", "--set", "capital.fund.amount_usd=0"
    )
    assert with_investor.code == 0 and without.code == 0, with_investor.err + without.err
    a, z = json.loads(with_investor.out), json.loads(without.out)
    assert sum(r["capex_usd"] for r in a["builds"]) > 0  # the investor builds in SMALL
    assert z["builds"] == [] or all(r["modules"] == 0 for r in z["builds"])
    served: dict[str, float] = {}
    for r in z["demand"]:
        served[str(r["year"])] = served.get(str(r["year"]), 0.0) + r["served_h100e"]
    baseline = a["baseline"]["h100e_by_year"]
    assert set(served) == set(baseline)
    for year, value in baseline.items():
        assert served[year] == pytest.approx(value, rel=1e-6, abs=1.0), year


def test_negative_capital_is_refused(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    scenario = write_scenario(tmp_path, SMALL, "small.yaml")
    res = run_cli("plan", str(scenario), "--no-store", "--set", "capital.fund.amount_usd=-1")
    assert res.code == 2
    assert "capital.fund.amount_usd" in res.err and "must be >= 0, got -1" in res.err
