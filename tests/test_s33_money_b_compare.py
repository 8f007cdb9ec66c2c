"""``tigris compare``: the counterfactual and horizon numbers, the discounting, Ctrl-C
(usertest_money #6 and #7, MONEY-B of 2026-12-04).

Two small scenarios differ only in the discount rate (0.08 against 0.07). Every
expected number is read by hand from each plan's own ``tigris plan --out`` directory
(plan.json's assumptions and the CSVs), not from the code under test: H100e added is
the sum of ``demand.csv``'s ``added_h100e``, the capital spent the sum of
``capex.csv`` less its ``subsidy`` rows, the payback year and IRR the investor's row
of ``finance_owners.csv``, and the NPV without salvage Σ (net − salvage) / (1 + r)^(t −
first) over the investor's ``finance_flows.csv`` rows (Brealey, Myers & Allen 2020,
ch. 2), r the rate plan.json records.
"""

from __future__ import annotations

import csv
import json
import math
import signal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL, replaced, write_scenario

#: The second scenario's rate [1/year] (SMALL's is 0.08).
RATE_B = 0.07
#: Relative tolerance of a number printed in JSON against one summed here [-].
REL = 1e-9


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _rate(folder: Path) -> float:
    """The real rate the plan discounted at, as its plan.json records it."""
    doc = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    rows = {a["parameter"]: a["value"] for a in doc["assumptions"]}
    return float(rows.get("discount rate used (real)", rows.get("discount_rate")))


def _by_hand(folder: Path) -> dict[str, float]:
    """The headline numbers compare must show, from the plan's own files."""
    added = sum(float(r["added_h100e"]) for r in _rows(folder, "demand.csv"))
    spent = sum(
        float(r["capex_usd"]) for r in _rows(folder, "capex.csv") if r["source"] != "subsidy"
    )
    (owner,) = [r for r in _rows(folder, "finance_owners.csv") if r["owner"] == "investor"]
    flows = [
        r
        for r in _rows(folder, "finance_flows.csv")
        if r["level"] == "owner" and r["name"] == "investor"
    ]
    first = min(int(r["year"]) for r in _rows(folder, "demand.csv"))
    rate = _rate(folder)
    npv_without = sum(
        (float(r["net_usd"]) - float(r["salvage_usd"])) / (1.0 + rate) ** (int(r["year"]) - first)
        for r in flows
    )
    return {
        "added_h100e": added,
        "capex_usd_per_added_h100e": spent / added,
        "payback_year": float(owner["payback_year"]),
        "irr": float(owner["irr"]),
        "npv_without_salvage_usd": npv_without,
        "rate": rate,
    }


@pytest.fixture(scope="module")
def two(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two scenario files, each planned once with --out (the hand side) and compared
    once as text and once as JSON (no store)."""
    from typer.testing import CliRunner

    from tigris.cli import app

    tmp = tmp_path_factory.mktemp("s33_compare")
    a = write_scenario(tmp, SMALL, "a.yaml")
    b = write_scenario(
        tmp, replaced(SMALL, ("discount_rate: 0.08", f"discount_rate: {RATE_B}")), "b.yaml"
    )
    runner = CliRunner()
    out: dict[str, Any] = {"a": a, "b": b}
    for side, path in (("a", a), ("b", b)):
        res = runner.invoke(app, ["plan", str(path), "--out", str(tmp / side), "--no-store"])
        assert res.exit_code == 0, res.output
        out[f"hand_{side}"] = _by_hand(tmp / side)
    res = runner.invoke(app, ["compare", str(a), str(b), "--no-store", "--json"])
    assert res.exit_code == 0, res.output
    out["json"] = json.loads(res.stdout)
    res = runner.invoke(app, ["compare", str(a), str(b), "--no-store"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    out["text"] = res.stdout
    return out


def test_the_hand_values_are_not_trivial(two: dict[str, Any]) -> None:
    """A precondition: the plans add compute, pay back and differ in rate, so the rows
    and the note below could not pass by printing nothing."""
    ha, hb = two["hand_a"], two["hand_b"]
    assert ha["added_h100e"] > 0 and math.isfinite(ha["payback_year"])
    assert (ha["rate"], hb["rate"]) == (0.08, RATE_B)


@pytest.mark.parametrize(
    "key", ["added_h100e", "capex_usd_per_added_h100e", "payback_year", "irr",
            "npv_without_salvage_usd"],
)  # fmt: skip
def test_results_carry_the_headline_numbers_of_each_plan(two: dict[str, Any], key: str) -> None:
    rows = {m["metric"]: m for m in two["json"]["metrics"]}
    assert key in rows, sorted(rows)
    for side in ("a", "b"):
        assert rows[key][side] == pytest.approx(two[f"hand_{side}"][key], rel=REL), side


def test_results_print_the_new_rows_with_payback_years(two: dict[str, Any]) -> None:
    text = two["text"]
    for label in ("H100e added", "capital per added H100e", "payback year", "NPV without salvage"):
        assert label in text, text
    row = next(ln for ln in text.splitlines() if "payback year [year]" in ln)
    year = str(int(two["hand_a"]["payback_year"]))
    assert row.count(year) == 2 and "%" not in row.split(year)[-1].replace("n/a", ""), row


def test_other_rates_are_said_before_the_results(two: dict[str, Any]) -> None:
    """Both rates, as each plan.json records them, in one line above 'Results'."""
    text = " ".join(two["text"].split())
    note = two["json"]["rate_note"]
    assert note and "not comparable" in note
    ra, rb = (f"{100 * two[f'hand_{s}']['rate']:.2f}% real" for s in "ab")
    assert f"A's NPV is at {ra}" in note and f"B's is at {rb}" in note
    assert " ".join(note.split()) in text
    assert text.index("not comparable") < text.index("Results (B - A")


def test_the_same_rate_says_nothing(tmp_path: Path) -> None:
    from tigris.plan import solve
    from tigris.runs.compare import compare

    path = write_scenario(tmp_path, SMALL)
    r = solve(path, explain_result=False, counterfactual=False)
    c = compare(r, r)
    assert c.rate_note is None
    # a plan without the world without the investor: its added rows are n/a, no crash
    from tigris.cli._output import console
    from tigris.cli.compare import _metrics_table

    with console.capture() as cap:
        console.print(_metrics_table(c))
    row = next(ln for ln in cap.get().splitlines() if "H100e added" in ln)
    assert row.count("n/a") >= 2, row


def test_ctrl_c_while_solving_b_is_one_line_and_names_the_run_kept(
    tmp_path: Path, run_cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real SIGINT while B is solved, after A was solved and stored: one line on
    stderr, exit 130 (as ``tigris plan``), naming A's stored run."""
    import tigris.plan
    from tigris.runs.store import RunStore

    a = write_scenario(tmp_path, SMALL, "a.yaml")
    b = write_scenario(tmp_path, replaced(SMALL, ("discount_rate: 0.08", "discount_rate: 0.07")))
    real = tigris.plan.solve
    calls: list[int] = []

    def solve(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            signal.raise_signal(signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(tigris.plan, "solve", solve)
    store = tmp_path / "runs.duckdb"
    res = run_cli("compare", str(a), str(b), "--store", str(store))
    assert res.code == 130, (res.code, res.out, res.err)
    assert "Traceback" not in res.err
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1, res.err
    (kept,) = RunStore(store).runs()["id"]
    assert lines[0].startswith("stopped by the user while solving and comparing")
    assert f"run {kept} already stored" in lines[0]
    assert res.out == ""


def test_runs_compare_stores_keep_their_file(tmp_path: Path, run_cli) -> None:
    """A scenario file compare solves and stores is listed by its file, as a plan's
    (runs list named both 'small' alone, so two compared copies could not be told
    apart)."""
    from tigris.runs.store import RunStore

    a = write_scenario(tmp_path, SMALL, "a.yaml")
    b = write_scenario(tmp_path, replaced(SMALL, ("discount_rate: 0.08", "discount_rate: 0.07")))
    store = tmp_path / "runs.duckdb"
    res = run_cli("compare", str(a), str(b), "--store", str(store))
    assert res.code == 0, res.err
    files = set(RunStore(store).runs()["scenario_file"])
    assert files == {str(a.resolve()), str(b.resolve())}


def test_the_reference_results_fit_80_columns(tmp_path: Path) -> None:
    """The reference against itself at 7 % real: with the new rows (the longest label
    'capital per added H100e [USD/H100e]' beside the reference's numbers) every line of
    the results keeps to 80 columns, nothing cut; the rate line names 5.52 % and 7 %."""
    import os
    import shutil
    import subprocess
    import sys
    from importlib import resources

    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")
    base = write_scenario(tmp_path, text, "ref.yaml")
    seven = write_scenario(
        tmp_path, replaced(text, ("\ndiscount_rate: 0.0552 ", "\ndiscount_rate: 0.07 ")), "r7.yaml"
    )
    exe = shutil.which("tigris")
    cmd = [exe] if exe else [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    env = {**os.environ, "COLUMNS": "80", "LINES": "50"}
    res = subprocess.run(
        [*cmd, "compare", str(base), str(seven), "--no-store"],
        capture_output=True, text=True, env=env, check=False, timeout=600,
    )  # fmt: skip
    assert res.returncode == 0, res.stderr
    results = res.stdout.split("Results (B - A")[1].split("builds")[0]
    for line in results.splitlines():
        assert len(line) <= 80, line
    assert "…" not in res.stdout
    assert "capital per added H100e" in results and "$815" in results
    words = " ".join(res.stdout.split())
    assert "A's NPV is at 5.52% real" in words and "B's is at 7.00% real" in words


def test_a_100_percent_subsidy_has_a_never_negative_payback(tmp_path: Path, run_cli) -> None:
    """B pays for nothing (subsidy_share 1 on every facility it may build): its
    payback row says 'never negative', the plan headline's words, not a failure; the
    flag follows B's own cumulative flows summed here from its cash-flow table."""
    from tigris.plan import solve

    free = replaced(
        SMALL,
        ("    node: N4\n", "    node: N4\n    subsidy_share: 1.0\n"),
        ("  - kind: cowos\n", "  - kind: cowos\n    subsidy_share: 1.0\n"),
        ("  - kind: hbm\n", "  - kind: hbm\n    subsidy_share: 1.0\n"),
    )
    a = write_scenario(tmp_path, SMALL, "a.yaml")
    b = write_scenario(tmp_path, free, "free.yaml")
    flows = solve(b, explain_result=False).finance_flows
    mine = flows[(flows["level"] == "owner") & (flows["name"] == "investor")].sort_values("year")
    running, lowest = 0.0, 0.0
    for x in mine["net_usd"]:
        running += float(x)
        lowest = min(lowest, running)
    assert len(mine) and lowest >= 0.0  # by hand: never below 0
    res = run_cli("compare", str(a), str(b), "--no-store")
    assert res.code == 0, res.err
    row = next(ln for ln in res.out.splitlines() if "payback year [year]" in ln)
    assert "never negative" in row and "no payback" not in res.out, row
    doc = run_cli("compare", str(a), str(b), "--no-store", "--json").json()
    assert doc["payback_never_negative"] == [0.0, 1.0]
