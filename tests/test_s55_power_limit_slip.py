"""A site's ``power_limit_mw`` written in GW (``0.5`` for 500 MW) is warned of when the
scenario is checked, not only explained after the solve (user test 2026-12-06, left by
stop 53): below a tenth (data/finance_warnings.csv ``power_limit_slip_ratio``) of the
smallest module the site may build. The warning's claim, that no module fits, is tested
on the plan: the site builds nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult, data_table, line_of, write_scenario


def _ratio() -> float:
    (row,) = [
        r for r in data_table("finance_warnings") if r["parameter"] == "power_limit_slip_ratio"
    ]
    return float(row["value"])


def _smallest_module_mw() -> float:
    """The smallest module the reference's taiwan may build [MW], from the shipped
    tables by hand: CoWoS and HBM modules' power_mw, data centres' module_mw (taiwan
    lists no facilities, so it may build every one the reference has)."""
    mods = [float(r["power_mw"]) for r in data_table("facility_types") if r["power_mw"]]
    mods += [float(r["module_mw"]) for r in data_table("datacenter_types")]
    return min(mods)


def _reference_with(tmp_path: Path, run_cli: Callable[..., CliResult], limit: str) -> Path:
    text = run_cli("scenario", "show").out
    assert "power_limit_mw: 3000" in text
    return write_scenario(
        tmp_path, text.replace("power_limit_mw: 3000", f"power_limit_mw: {limit}", 1)
    )


def test_a_gw_limit_is_warned_of_at_its_line(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = _reference_with(tmp_path, run_cli, "0.5")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    line = line_of(path, "power_limit_mw: 0.5")
    (warning,) = [w for w in res.err.splitlines() if "power_limit_mw" in w]
    assert warning.startswith(f"warning: {path}:{line}: sites.0.power_limit_mw: 0.5 MW is ")
    mw = _smallest_module_mw()
    assert _ratio() * mw > 0.5  # the rule the warning states, on the shipped tables
    assert f"({mw:,.0f} MW)" in warning or f", {mw:,.0f} MW)" in warning
    assert "0.5 GW is 500" in warning


@pytest.mark.parametrize("limit", ["0", "3000"])
def test_zero_and_a_limit_in_mw_say_nothing(
    tmp_path: Path, run_cli: Callable[..., CliResult], limit: str
) -> None:
    path = _reference_with(tmp_path, run_cli, limit)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0 and "power_limit_mw" not in res.err, res.err


def test_the_plan_builds_nothing_where_the_warning_says_nothing_fits(
    run_cli: Callable[..., CliResult],
) -> None:
    res = run_cli("plan", "--no-store", "--json", "--set", "sites.texas-usa.power_limit_mw=0.5")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    (said,) = [w for w in doc["warnings"] if "power_limit_mw" in w and "no module fits" in w]
    assert said.startswith("--set: sites.texas-usa.power_limit_mw=0.5: ")
    assert not [b for b in doc["builds"] if b.get("site") == "texas-usa"]
