"""``--set currency_year`` warns that the file's own amounts are re-read unconverted
(user test s49, energy and finance #8).

``tigris plan --set currency_year=2020`` on the reference turned an NPV of +$3.61B into
-$1.09B with the same builds, silently: the shipped tables' money is converted to 2020
dollars (CPI-U), while the scenario's own amounts (its capital, the capex it restates)
are read as 2020 dollars as written (docs/finance.md, "Money of which year"). A
``warning:`` now says so, naming those amounts. docs/examples/small-plan.yaml: capital
$20B (2026-2027) and a numeric unmet penalty are its own amounts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

# xarray imported before any plan runs in this process: a first `tigris plan` hides dask
# from the process (tigris.cli.plan._treat_dask_as_absent), and the sweep below needs it
pytest.importorskip("xarray")

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _warned(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning:") and "currency_year" in ln]


def test_plan_set_currency_year_warns_and_capital_is_unconverted(run_cli) -> None:
    res = run_cli("plan", SMALL, "--no-store", "--json", "--set", "currency_year=2020")
    assert res.code == 0, res.err
    [line] = _warned(res.err)
    assert line.startswith("warning: --set: currency_year=2020: currency_year: "), line
    assert "from the file's 2024" in line, line
    assert "(capital, unmet_penalty_usd_per_h100e)" in line, line
    assert "unconverted" in line and '"Money of which year"' in line, line
    assert line.removeprefix("warning: ") in res.json()["warnings"]
    # what the line says holds: the capital offered is the file's amount as written
    written = float(yaml.safe_load(SMALL.read_text())["capital"][0]["amount_usd"])
    offered = sum(r["available_usd"] for r in res.json()["capital"])
    assert offered == written


def test_the_files_own_year_is_no_change(run_cli) -> None:
    res = run_cli("plan", SMALL, "--no-store", "--set", "currency_year=2024")
    assert res.code == 0, res.err
    assert not _warned(res.err), res.err


def test_sweep_says_it_once_for_every_year(run_cli) -> None:
    res = run_cli("sweep", SMALL, "--no-store", "--set", "currency_year=2020,2022")
    assert res.code == 0, res.err
    [line] = _warned(res.err)
    assert "currency_year=2020,2022" in line, line
