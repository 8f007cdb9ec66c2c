"""What people read: --version, money, years and tables at 80 columns, through the real CLI.

The console script is run as a user runs it (a fresh process, ``COLUMNS=80``) so that
rich lays the tables out for an 80-column terminal.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version

import pytest

TIGRIS = shutil.which("tigris")
#: Width of the terminal the tables must fit [columns].
WIDTH = 80


def tigris(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``tigris`` in an 80-column terminal; return the finished process."""
    cmd = [TIGRIS] if TIGRIS else [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    env = {**os.environ, "COLUMNS": str(WIDTH), "LINES": "50"}
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def test_version_from_package_metadata() -> None:
    proc = tigris("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"tigris {version('tigris')}\n"
    assert re.fullmatch(r"tigris \d+\.\d+\.\d+\S*\n", proc.stdout)
    assert proc.stderr == ""


def test_version_in_process(run_cli) -> None:
    res = run_cli("--version")
    assert res.code == 0
    assert res.out.strip() == f"tigris {version('tigris')}"


def _accelerator_rows() -> list[dict[str, str]]:
    """The shipped accelerator table, read independently of tigris's own loader."""
    from importlib import resources

    text = (resources.files("tigris.data") / "accelerators.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _assert_fits(out: str) -> None:
    """Every line fits 80 columns and no cell was cut short with an ellipsis."""
    for line in out.splitlines():
        assert len(line) <= WIDTH, line
    assert "…" not in out, out


def _value_of(out: str, label: str) -> str:
    """The value cell of the ``label`` row of a quantity/value/unit table."""
    for line in out.splitlines():
        cells = [c.strip() for c in re.split(r"[│┃]", line)]
        if len(cells) > 2 and cells[1] == label:
            return cells[2]
    raise AssertionError(f"no row '{label}' in:\n{out}")


def _dollars(text: str) -> float:
    """Parse ``$18.1B`` / ``$646M`` / ``$27,500`` / ``$0.46`` back to dollars."""
    m = re.fullmatch(r"(-?)\$([\d,.]+)([BM]?)", text)
    assert m, f"not a money amount: {text!r}"
    scale = {"B": 1e9, "M": 1e6, "": 1.0}[m.group(3)]
    return float(m.group(2).replace(",", "")) * scale * (-1 if m.group(1) else 1)


def test_fab_year_table_readable_at_80_columns(run_cli) -> None:
    args = ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--product", "rubin")
    args += ("--start-year", "2025", "--years", "6")
    proc = tigris(*args)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    _assert_fits(out)
    assert "e+" not in out and " USD" not in out  # no exponent money, no bare 'USD' unit
    # Years print bare: 2025..2030, never thousands-separated.
    for y in range(2025, 2031):
        assert re.search(rf"│ +{y} │", out), y
    # (a year is a whole number on its own; 2,075,397 DRAM wafers is a count, not a year)
    assert not re.search(r"\b2,0\d\d\b(?!,\d)", out)
    # The headers say what and in which unit, whole (not cut).
    for word in ("capex", "spent", "share", "wafers", "accelerators", "year"):
        assert word in out, word
    # Printed money agrees with the exact figures to the 3 significant digits shown.
    exact = run_cli(*args, "--json").json()
    for label, key in (("capex (before subsidy)", "capex_usd"), ("subsidy", "subsidy_usd")):
        shown = _dollars(_value_of(out, label))
        assert shown == pytest.approx(exact[key], rel=5e-3, abs=0.5), label
    shown = _dollars(_value_of(out, "life-cycle cost per wafer"))
    assert shown == pytest.approx(exact["cost_per_wafer_usd"], abs=0.5)


def test_catalog_prices_whole_at_80_columns() -> None:
    proc = tigris("catalog")
    assert proc.returncode == 0, proc.stderr
    _assert_fits(proc.stdout)
    lines = proc.stdout.splitlines()
    priced = [r for r in _accelerator_rows() if r["price_usd"].strip()]
    assert priced
    for row in priced:
        line = next(ln for ln in lines if re.match(rf"\W*{re.escape(row['name'])}\b", ln))
        assert f"${float(row['price_usd']):,.0f}" in line, (row["name"], line)


def test_catalog_detail_years_bare_and_price_in_dollars() -> None:
    row = next(r for r in _accelerator_rows() if r["name"] == "h100-sxm")
    proc = tigris("catalog", "h100")
    assert proc.returncode == 0, proc.stderr
    _assert_fits(proc.stdout)
    assert _value_of(proc.stdout, "launch_year") == row["launch_year"]
    assert _value_of(proc.stdout, "price_usd") == f"${float(row['price_usd']):,.0f}"


@pytest.mark.parametrize(
    "args",
    [
        ("train", "--params", "405e9", "--tokens", "15.6e12", "--count", "16384", "--mfu", "0.4"),
        (
            *("infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10"),
            *("--prompt-tokens", "1000", "--output-tokens", "300"),
        ),
        ("chip", "h100"),
    ],
    ids=["train", "infer", "chip"],
)
def test_money_never_in_exponent_form(args: tuple[str, ...]) -> None:
    proc = tigris(*args)
    assert proc.returncode == 0, proc.stderr
    _assert_fits(proc.stdout)
    money_cells = [
        cells[2]
        for line in proc.stdout.splitlines()
        if len(cells := [c.strip() for c in line.split("│")]) > 3 and "cost" in cells[1]
    ]
    assert money_cells, proc.stdout
    for cell in money_cells:
        _dollars(cell)  # a plain dollar amount, never '1.814e+10'
    assert not re.search(r"\de[+-]\d+ USD", proc.stdout)


# --- tigris plan: what the investor adds, first -------------------------------------------


def _investor_plan() -> object:
    """A hand-made plan, 2026-2028, one demand class, numbers set by hand.

    Demand 10M, 12M, 14M H100e; served with the investor 8M, 12M, 14M (short in 2026
    only: the shortage ends in 2027); without it 8M, 10M, 11M (short to the end). So
    the investor adds 0, 2M, 3M = 5M H100e for the $10B it draws in 2026: $2,000 per
    added H100e. The last row of supply is the same split by source.
    """
    import pandas as pd

    from tigris.plan.result import PlanResult

    years = [2026, 2027, 2028]
    demand = pd.DataFrame(
        {
            "year": years,
            "demand_class": ["inference"] * 3,
            "priority": [1] * 3,
            "demand_h100e": [10e6, 12e6, 14e6],
            "served_h100e": [8e6, 12e6, 14e6],
            "unmet_h100e": [2e6, 0.0, 0.0],
            "baseline_served_h100e": [8e6, 10e6, 11e6],
            "added_h100e": [0.0, 2e6, 3e6],
        }
    )
    need = dict(zip(years, [10e6, 12e6, 14e6], strict=True))
    layers = {
        "incumbent existing": [8e6, 8e6, 8e6],
        "incumbent announced": [0.0, 2e6, 3e6],
        "investor new": [0.0, 2e6, 3e6],
    }
    supply = pd.DataFrame(
        [(y, src, v[i], need[y]) for src, v in layers.items() for i, y in enumerate(years)],
        columns=["year", "source", "h100e", "demand_h100e"],
    )
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=12e9,
        horizon=(2026, 2028),
        demand=demand,
        supply_by_source=supply,
        capex=pd.DataFrame({"year": [2026], "source": ["fund"], "capex_usd": [10e9]}),
        capital=pd.DataFrame({"year": [2026], "source": ["fund"], "available_usd": [20e9]}),
        power=pd.DataFrame(
            {"year": years, "fab_power_mw": [0.0] * 3, "compute_power_mw": [1e3] * 3}
        ),
        objective_terms_usd={"capex": 9e9, "opex": 1e9, "unmet_penalty": 2e9},
    )


def test_plan_prints_what_the_investor_adds_first(run_cli, monkeypatch) -> None:
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: _investor_plan())
    res = run_cli("plan")
    assert res.code == 0, res.err
    out = res.out
    _assert_fits(out)
    flat = " ".join(out.split())
    # right under the status line: cost, NPV, IRR, capital spent and H100e added
    # (issue 11), then what the investor adds, then the rest
    lines = [ln for ln in out.splitlines() if ln.strip()]
    assert lines[1].startswith("Money: Cost $"), lines[1]
    assert flat.index("Money: Cost") < flat.index("What the investor adds: 5.0M H100e over")
    assert "for $10.0B of capital spent ($2,000 per added H100e)" in flat
    assert "Shortage ends: in 2027 with the investor; not within the horizon without it." in flat
    assert flat.index("What the investor adds") < flat.index("Spends ") < flat.index("Objective")
    # by year [million H100e]: demand, without, with, added; with - without = added
    table = out.split("Compute with and without the investor")[1].split("What to build")[0]
    rows = {
        cells[0]: cells[1:]
        for ln in table.splitlines()
        if len(cells := [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]) == 5
    }
    assert rows["2026"] == ["10.0", "8.0", "8.0", "0.0"]
    assert rows["2027"] == ["12.0", "10.0", "12.0", "2.0"]
    assert rows["2028"] == ["14.0", "11.0", "14.0", "3.0"]
    assert rows["all years"] == ["36.0", "29.0", "34.0", "5.0"]
    # the planner's sentences on the investor are not said twice
    assert "The investor adds" not in flat
    # --json is PlanResult.to_dict(): its sections carry the same numbers
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: _investor_plan())
    doc = run_cli("plan", "--json").json()
    assert doc["added"]["total_h100e"] == 5e6
    assert doc["added"]["capex_usd_per_added_h100e"] == 2000.0
    assert doc["added"]["shortage_ends"] == 2027 and doc["baseline"]["shortage_ends"] is None


def test_plan_without_the_comparison_says_so(run_cli, monkeypatch) -> None:
    plan = _investor_plan()
    old = plan.demand.drop(columns=["baseline_served_h100e", "added_h100e"])
    monkeypatch.setattr(
        "tigris.plan.solve", lambda *a, **k: type(plan)(**{**plan.__dict__, "demand": old})
    )
    res = run_cli("plan")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "Compute with and without the investor" not in flat
    assert "What the investor adds is not known" in flat  # the planner's sentence


def test_plan_builds_per_owner_and_hbm_in_wafer_starts(run_cli, monkeypatch) -> None:
    """Incumbents that respond build too: the builds table names each build's owner;
    HBM lines count DRAM wafer starts per month, never stacks."""
    import pandas as pd

    plan = _investor_plan()
    builds = pd.DataFrame(
        {
            "site": ["germany", "sk-hynix@icheon"],  # an incumbent's site: owner@site
            "facility": ["hbm", "hbm"],
            "node": ["", ""],
            "start_year": [2026, 2026],
            "online_year": [2028, 2028],
            "modules": [1, 2],
            "capacity": [50_000.0, 100_000.0],
            "capacity_unit": ["wspm", "wspm"],
            "capex_usd": [10e9, 20e9],
            "owner": ["investor", "SK hynix"],
        }
    )
    # the investor draws $10B of its $20B in 2026; SK hynix $20B of its own $30B; a
    # subsidy pays $2B of the investor's build and $3B of SK hynix's (rows per owner)
    capex = pd.DataFrame(
        {
            "year": [2026] * 4,
            "source": ["fund", "SK hynix capex", "subsidy", "subsidy"],
            "capex_usd": [10e9, 20e9, 2e9, 3e9],
            "owner": ["investor", "SK hynix", "investor", "SK hynix"],
        }
    )
    capital = pd.DataFrame(
        {
            "year": [2026, 2026],
            "source": ["fund", "SK hynix capex"],
            "available_usd": [20e9, 30e9],
            "owner": ["investor", "SK hynix"],
        }
    )
    owned = type(plan)(**{**plan.__dict__, "builds": builds, "capex": capex, "capital": capital})
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: owned)
    res = run_cli("plan")
    assert res.code == 0, res.err
    _assert_fits(res.out)
    money = res.out.split("Money by year, the investor's (USD)")[1].split("Compute")[0]
    cells = [c.strip() for c in re.split(r"[│┃]", money.splitlines()[4])[1:-1]]
    # year, spent, subsidy, incumbents, cum. spent, cum. offered (the investor's only)
    assert cells == ["2026", "$10.0B", "$2.00B", "$20.0B", "$10.0B", "$20.0B"]
    # the same investor's money as the planner's headline, summed apart from the table
    numbers = owned.headline()["numbers"]
    assert (numbers["capital_spent_usd"], numbers["subsidy_usd"]) == (10e9, 2e9)
    table = res.out.split("What to build")[1].split("Money by year")[0]

    def cells(mark: str) -> list[list[str]]:
        return [
            [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]
            for ln in table.splitlines()
            if ln.startswith(mark)
        ]

    # the header may take two lines at 80 columns: join them per column
    header = [" ".join(x for x in col if x) for col in zip(*cells("┃"), strict=True)]
    rows = cells("│")
    # the owner first, the investor's builds first; one unit for all: in the header
    assert header[:5] == ["owner", "site", "facility", "modules", "capacity (wspm)"]
    assert [r[0] for r in rows] == ["investor", "SK hynix"]
    assert rows[0][1:5] == ["germany", "hbm", "1", "50,000"]
    assert rows[1][1:5] == ["icheon", "hbm", "2", "100,000"]
    assert "stacks" not in res.out


def test_money_table_shows_solver_noise_as_zero() -> None:
    """A draw of 6.5e-5 USD beside $14.6B (an LP's noise, seen in the reference plan's
    2026 row) is $0, not "$0.000065"; a real small draw ($2.75M) is kept."""
    from types import SimpleNamespace

    import pandas as pd
    from rich.console import Console

    from tigris.cli.plan import _money_table

    capex = pd.DataFrame(
        {
            "year": [2026, 2027, 2028],
            "source": ["fund"] * 3,
            "capex_usd": [6.5e-5, 14.6e9, 2.75e6],
            "owner": ["investor"] * 3,
        }
    )
    capital = pd.DataFrame(
        {
            "year": [2026, 2027, 2028],
            "source": ["fund"] * 3,
            "available_usd": [16.7e9, 9.9e9, 7.0e9],
            "owner": ["investor"] * 3,
        }
    )
    console = Console(width=120, record=True)
    console.print(_money_table(SimpleNamespace(capex=capex, capital=capital)))
    rows = [
        [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]
        for ln in console.export_text().splitlines()
        if ln.startswith("│")
    ]
    assert rows[0][:2] == ["2026", "$0"]
    assert rows[1][:2] == ["2027", "$14.6B"]
    assert rows[2][:2] == ["2028", "$2.75M"]
