"""``tigris runs list`` and the ``tigris sweep`` table: IRR, H100e added, capex per added
H100e, the capital column named for what it is, a 100 % subsidy not read as a failure
(usertest_money #7 and #9, MONEY-B of 2026-12-04).

Expected numbers are read by hand from the plan's own ``tigris plan --out`` files:
capital spent = Σ ``capex.csv`` less its ``subsidy`` rows, gross capex committed = Σ
``builds.csv`` ``capex_usd``, H100e added = Σ ``demand.csv`` ``added_h100e``, the IRR
the investor's row of ``finance_owners.csv``; "never negative" means the investor's
cumulative ``net_usd`` in ``finance_flows.csv`` is ≥ 0 in every year.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, replaced, write_scenario

#: Width of the terminal the tables must fit [columns].
WIDTH = 80
#: Relative tolerance of a number in JSON against one summed here [-].
REL = 1e-9
#: SMALL with every facility it may build paid for by others (a 100 % subsidy).
SUBSIDISED = replaced(
    SMALL,
    ("    node: N4\n", "    node: N4\n    subsidy_share: 1.0\n"),
    ("  - kind: cowos\n", "  - kind: cowos\n    subsidy_share: 1.0\n"),
    ("  - kind: hbm\n", "  - kind: hbm\n    subsidy_share: 1.0\n"),
)


def _tigris(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The installed ``tigris`` in an 80-column terminal (a fresh process)."""
    exe = shutil.which("tigris")
    cmd = [exe] if exe else [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    full = {**os.environ, "COLUMNS": str(WIDTH), "LINES": "50", **(env or {})}
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=full, check=False, timeout=300
    )


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _by_hand(folder: Path) -> dict[str, float]:
    capex = _rows(folder, "capex.csv")
    flows = [
        r
        for r in _rows(folder, "finance_flows.csv")
        if r["level"] == "owner" and r["name"] == "investor"
    ]
    flows.sort(key=lambda r: int(r["year"]))
    running, cumulative = 0.0, []
    for r in flows:
        running += float(r["net_usd"])
        cumulative.append(running)
    (owner,) = [r for r in _rows(folder, "finance_owners.csv") if r["owner"] == "investor"]
    added = sum(float(r["added_h100e"]) for r in _rows(folder, "demand.csv"))
    spent = sum(float(r["capex_usd"]) for r in capex if r["source"] != "subsidy")
    return {
        "capital_spent_usd": spent,
        "capex_committed_usd": sum(float(r["capex_usd"]) for r in _rows(folder, "builds.csv")),
        "added_h100e": added,
        "capex_usd_per_added_h100e": spent / added,
        "irr": float(owner["irr"]) if owner["irr"] else float("nan"),
        "never_negative": float(all(c >= 0 for c in cumulative)),
    }


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """SMALL and its 100 %-subsidy twin, each planned with --out and stored."""
    tmp = tmp_path_factory.mktemp("s33_runs")
    store = tmp / "runs.duckdb"
    out: dict[str, Any] = {"store": store, "tmp": tmp}
    for name, text in (("plain", SMALL), ("free", SUBSIDISED)):
        path = write_scenario(tmp, text, f"{name}.yaml")
        res = _tigris("plan", str(path), "--out", str(tmp / name), "--store", str(store))
        assert res.returncode == 0, res.stderr
        out[name] = _by_hand(tmp / name)
    listed = _tigris("runs", "list", "--store", str(store), "--json")
    assert listed.returncode == 0, listed.stderr
    out["json"] = {Path(r["scenario_file"]).stem: r for r in json.loads(listed.stdout)}
    text = _tigris("runs", "list", "--store", str(store))
    assert text.returncode == 0, text.stderr
    out["text"] = text.stdout
    return out


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_the_cases_differ_as_intended(stored: dict[str, Any]) -> None:
    """A precondition: the plain plan spends capital and its flows go negative; the
    subsidised one spends none, its gross capex is not 0 and its flows never go
    negative."""
    plain, free = stored["plain"], stored["free"]
    assert plain["capital_spent_usd"] > 0 and plain["never_negative"] == 0.0
    assert free["capital_spent_usd"] == 0 and free["capex_committed_usd"] > 0
    assert free["never_negative"] == 1.0


@pytest.mark.parametrize("name", ["plain", "free"])
@pytest.mark.parametrize(
    "key", ["capital_spent_usd", "capex_committed_usd", "added_h100e",
            "capex_usd_per_added_h100e"],
)  # fmt: skip
def test_json_carries_both_capex_numbers_and_the_added(
    stored: dict[str, Any], name: str, key: str
) -> None:
    got = stored["json"][name][key]
    assert got == pytest.approx(stored[name][key], rel=REL, abs=1e-6)


def test_json_says_which_cumulative_flow_is_never_negative(stored: dict[str, Any]) -> None:
    for name in ("plain", "free"):
        rec = stored["json"][name]
        assert rec["payback_never_negative"] == stored[name]["never_negative"], name
    assert stored["json"]["plain"]["irr"] == pytest.approx(stored["plain"]["irr"], rel=REL)


def test_the_table_names_its_capital_column_and_fits_80_columns(stored: dict[str, Any]) -> None:
    from tigris.fmt import h100e_millions, money, share

    text = stored["text"]
    for line in text.splitlines():
        assert len(line) <= WIDTH, line
    assert "…" not in text, text
    words = " ".join(text.split())
    # the two header lines, after a title that wraps with the store's path
    lines = text.splitlines()
    first = next(i for i, ln in enumerate(lines) if "capital" in ln.split())
    header = [ln.split() for ln in lines[first : first + 2]]
    assert "capital" in header[0] and "spent" in header[1], header
    assert "subsidy excluded" in words and "capex_committed_usd" in words
    plain, pid = stored["plain"], stored["json"]["plain"]["id"]
    row = next(ln for ln in text.splitlines() if ln.startswith(pid))
    for cell in (
        money(plain["capital_spent_usd"]),
        share(plain["irr"]),
        h100e_millions(plain["added_h100e"]),
        money(plain["capex_usd_per_added_h100e"]),
    ):
        assert cell in row.split(), (cell, row)
    # the gross capex is not in the table: the capital column is the net one
    assert money(stored["free"]["capex_committed_usd"]) not in text


def test_a_100_percent_subsidy_reads_never_negative_not_no_payback(stored: dict[str, Any]) -> None:
    text = " ".join(stored["text"].split())
    fid, pid = stored["json"]["free"]["id"], stored["json"]["plain"]["id"]
    assert f"{fid}: cumulative cash flow never negative (nothing to pay back" in text
    assert pid not in text.split("never negative")[0].split(":")[-1]
    assert "no payback" not in text


def test_an_old_run_without_the_numbers_says_n_a(
    run_cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A run stored before these numbers (its metrics lack them): n/a, no crash."""
    import pandas as pd

    from tigris.runs.store import RunStore

    rows = [
        {"id": "b7a1fde098d0", "created": "2026-12-03T08:00:12", "scenario_name": "reference",
         "kind": "plan", "member": None, "status": "optimal", "error": None,
         "served_h100e": 1.1442e9, "unmet_share": 0.863, "capex_committed_usd": 3.97e10,
         "npv_usd": 2.19e9}
    ]  # fmt: skip
    monkeypatch.setattr(RunStore, "runs", lambda self, **kw: pd.DataFrame(rows))
    res = run_cli("runs", "list", "--store", str(tmp_path / "runs.duckdb"))
    assert res.code == 0, res.err
    row = next(ln for ln in res.out.splitlines() if ln.startswith("b7a1fde098d0"))
    # capital spent, NPV, IRR, H100e added, capital spent per added H100e
    assert row.split()[-5:] == ["n/a", "$2.19B", "n/a", "n/a", "n/a"], row


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_the_sweep_table_shows_the_money_within_80_columns(tmp_path: Path) -> None:
    """A 1-path sweep of the two files' plain case: the members' IRR, H100e added and
    capex per added are printed, each line within 80 columns, and --json carries both
    capex numbers."""
    from tigris.fmt import money, share

    path = write_scenario(tmp_path, SMALL)
    plan = _tigris("plan", str(path), "--out", str(tmp_path / "o"), "--no-store")
    assert plan.returncode == 0, plan.stderr
    hand = _by_hand(tmp_path / "o")
    args = ("sweep", str(path), "--set", "discount_rate=0.08", "--workers", "0", "--no-store")
    res = _tigris(*args)
    assert res.returncode == 0, res.stderr
    for line in res.stdout.splitlines():
        assert len(line) <= WIDTH, line
    assert "…" not in res.stdout
    row = next(ln for ln in res.stdout.splitlines() if ln.startswith("0 "))
    for cell in (money(hand["capital_spent_usd"]), share(hand["irr"]),
                 money(hand["capex_usd_per_added_h100e"])):  # fmt: skip
        assert cell in row.split(), (cell, row)
    doc = json.loads(_tigris(*args, "--json").stdout)
    (member,) = doc["members"]
    for key in ("capital_spent_usd", "capex_committed_usd", "added_h100e", "irr"):
        assert member[key] == pytest.approx(hand[key], rel=REL), key
    assert member["payback_never_negative"] == 0.0


def test_a_subsidised_sweep_member_is_never_negative(tmp_path: Path) -> None:
    path = write_scenario(tmp_path, SUBSIDISED)
    res = _tigris("sweep", str(path), "--set", "discount_rate=0.06,0.08", "--workers", "0",
                  "--no-store")  # fmt: skip
    assert res.returncode == 0, res.stderr
    text = " ".join(res.stdout.split())
    assert "members 0, 1: cumulative cash flow never negative (nothing to pay back" in text
    assert "no payback" not in text
