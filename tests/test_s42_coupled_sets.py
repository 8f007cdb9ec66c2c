"""``--set`` values refused alone but valid together are taken (user test 2026-12-05,
owners #4).

The documented baseline, "the investor's capital set to zero", could not be asked for
on the command line: ``--set capital=[]`` is refused while a distribution names the
capital, and ``--set distributions={}`` given beside it was checked alone against the
original scenario (whose correlations named the distributions), so no order of flags
passed. Each value is still checked alone first; one refused alone is taken when every
change set it belongs to is valid as a whole, and refused as before otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL_3Y, CliResult, assert_one_line_error, write_scenario

DIST = """\
distributions:
  capital.fund.amount_usd: {dist: triangular, low: 1.5e10, mode: 2.0e10, high: 2.5e10, source: "t"}
"""


def _file(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, SMALL_3Y + DIST)


def test_alone_it_is_refused(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", _file(tmp_path), "--set", "capital=[]", "--no-store")
    assert_one_line_error(res, "--set: capital=[]", "capital.fund.amount_usd")


def test_together_they_are_taken(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli(
        "plan", _file(tmp_path), "--set", "capital=[]", "--set", "distributions={}",
        "--no-store", "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["added"]["capital_spent_usd"] == 0.0
    assert not [b for b in doc["builds"] if b["owner"] == "investor"]
    # the plan with no capital is the world without the investor
    for year, served in doc["baseline"]["h100e_by_year"].items():
        rows = [r for r in doc["demand"] if str(r["year"]) == year]
        assert sum(r["served_h100e"] for r in rows) == pytest.approx(served, rel=1e-9)


def test_a_sweep_takes_them_as_plan_does(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    """The fund's first year moved past its last, and its last with it: refused alone,
    valid together (a sweep applied each alone once more for its warnings, and stopped
    with the schema's line, user test 2026-12-05 sweeps #1)."""
    path = write_scenario(tmp_path, SMALL_3Y)
    sets = ("--set", "capital.fund.last_year=2028", "--set", "capital.fund.first_year=2028")
    res = run_cli("sweep", path, *sets, "--workers", "0", "--no-store", "--json")
    assert res.code == 0, res.err
    (member,) = res.json()["members"]
    assert member["status"] == "optimal"
    plan = run_cli("plan", path, *sets, "--no-store", "--json")
    assert plan.code == 0, plan.err
    assert member["capital_spent_usd"] == pytest.approx(plan.json()["added"]["capital_spent_usd"])
