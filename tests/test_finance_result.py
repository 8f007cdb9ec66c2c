"""The money on the plan result: its tables, ``to_dict()["finance"]``, saved runs.

A hand-made one-module plan (2025-2026, salvage in 2027) carries the money tables of
``docs/plan-result.md``; the checks are the contract's: the nested records hold the
table's rows, the investor's total is its owner row, an undefined IRR or a payback never
reached is ``null``; a saved run reads back equal, a run saved before the money reads
with empty tables, and a damaged money file is refused.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pandas as pd
import pytest

from tests.conftest import CliResult, assert_one_line_error
from tests.test_cli_output import tiny_result
from tigris.errors import InputError
from tigris.plan.inputs import INVESTOR, discount_factors
from tigris.plan.result import ADDED_TABLES, FINANCE_TABLES, TABLE_COLUMNS, PlanResult

#: The scenario's discount rate in the hand example [1/year].
RATE = 0.1
#: One module: capex 100 in 2025; 2026 revenue 60, variable cost 10, fixed opex 5,
#: depreciation 20 (100 over 5 years), tax 20 % of 60 - 10 - 5 - 20 = 5; book value at
#: the end of 2026 is 100 - 20 = 80, received in 2027 [USD].
FLOWS = {
    "year": [2025, 2026, 2027],
    "capex_usd": [100.0, 0.0, 0.0],
    "revenue_usd": [0.0, 60.0, 0.0],
    "variable_cost_usd": [0.0, 10.0, 0.0],
    "opex_usd": [0.0, 5.0, 0.0],
    "depreciation_usd": [0.0, 20.0, 0.0],
    "replacement_usd": [0.0, 20.0, 0.0],
    "tax_usd": [0.0, 5.0, 0.0],
    "salvage_usd": [0.0, 0.0, 80.0],
}
NET = [-100.0, 40.0, 80.0]


def _npv(net: list[float]) -> float:
    years = np.arange(2025, 2025 + len(net))
    return float(np.dot(net, discount_factors(years, 2025, RATE)))


def money_result(**kw: object) -> PlanResult:
    """``tiny_result`` with the hand example's money tables and two shadow prices."""
    base = tiny_result()
    npv = _npv(NET)
    irr = float(npf.irr(NET))
    cf = pd.DataFrame(
        {
            "site": "arizona",
            "facility": "logic",
            "start_year": 2025,
            "owner": INVESTOR,
            "modules": 1.0,
            **FLOWS,
            "net_usd": NET,
        }
    )
    metrics = {"npv_usd": [npv], "irr": [irr], "payback_year": [2027.0]}
    money_cols = [c for c in TABLE_COLUMNS["finance_flows"] if c.endswith("_usd")]
    flows = pd.concat(
        [
            cf[["year", *money_cols]].assign(level=level, name=name)
            for level, name in (("site", "arizona"), ("owner", INVESTOR), ("source", "fund"))
        ],
        ignore_index=True,
    )[list(TABLE_COLUMNS["finance_flows"])]
    tables = {
        "cash_flows": cf[list(TABLE_COLUMNS["cash_flows"])],
        "finance_modules": pd.DataFrame(
            {"site": ["arizona"], "facility": ["logic"], "start_year": [2025]}
            | {"owner": [INVESTOR], "modules": [1.0]}
            | metrics
        ),
        "finance_sites": pd.DataFrame({"site": ["arizona"], "owner": [INVESTOR]} | metrics),
        "finance_owners": pd.DataFrame({"owner": [INVESTOR]} | metrics),
        "finance_sources": pd.DataFrame(
            {"source": ["fund"], "owner": [INVESTOR], "drawn_usd": [100.0], "share": [1.0]}
            # no payback as the evaluator writes it: a nullable integer's <NA>
            | {"npv_usd": [npv], "irr": [math.nan]}
            | {"payback_year": pd.array([pd.NA], dtype="Int64")}
        ),
        "finance_flows": flows,
        "shadow_prices": pd.DataFrame(
            {
                "year": [2025, 2026],
                "resource": ["EUV scanner", "site power"],
                "item": ["", "arizona"],
                "unit": ["scanner", "MW"],
                "value_usd": [2.5e8, 1.0e6],
                "method": ["lp_dual_fixed_builds", "lp_relaxation_bound"],
                "is_bound": [False, True],
                "note": ["", "a bound"],
            }
        ),
    }
    return dataclasses.replace(base, objective="npv", **(tables | kw))  # type: ignore[arg-type]


def test_finance_records_hold_the_tables_rows() -> None:
    r = money_result()
    fin = r.to_dict()["finance"]
    (mod,) = fin["modules"]
    assert (mod["site"], mod["facility"], mod["start_year"], mod["owner"]) == (
        "arizona",
        "logic",
        2025,
        INVESTOR,
    )
    assert [f["year"] for f in mod["cash_flows"]] == [2025, 2026, 2027]
    assert [f["net_usd"] for f in mod["cash_flows"]] == NET
    assert set(mod["cash_flows"][0]) == {
        "year",
        "capex_usd",
        "revenue_usd",
        "variable_cost_usd",
        "opex_usd",
        "tax_usd",
        "salvage_usd",
        "net_usd",
    }
    # the contract's net: revenue - variable cost - opex - tax - capex + salvage
    for f in mod["cash_flows"]:
        net = (
            f["revenue_usd"]
            - f["variable_cost_usd"]
            - f["opex_usd"]
            - f["tax_usd"]
            - f["capex_usd"]
            + f["salvage_usd"]
        )
        assert f["net_usd"] == pytest.approx(net)
    # -100 + 40/1.1 + 80/1.21, by hand
    assert mod["npv_usd"] == pytest.approx(-100 + 40 / 1.1 + 80 / 1.21, abs=1e-9)
    assert mod["irr"] == pytest.approx(float(npf.irr(NET)))
    assert mod["payback_year"] == 2027
    (src,) = fin["sources"]
    assert src["irr"] is None and src["payback_year"] is None  # NaN -> null
    assert src["drawn_usd"] == 100.0 and src["share"] == 1.0
    assert [f["net_usd"] for f in src["cash_flows"]] == NET
    assert fin["total"] == {"npv_usd": mod["npv_usd"], "irr": mod["irr"], "payback_year": 2027}
    assert [s["site"] for s in fin["sites"]] == ["arizona"]
    assert [o["owner"] for o in fin["owners"]] == [INVESTOR]
    d = r.to_dict()
    assert [x["method"] for x in d["shadow_prices"]] == [
        "lp_dual_fixed_builds",
        "lp_relaxation_bound",
    ]
    assert d["objective"] == "npv"
    json.dumps(d["finance"], allow_nan=False)  # JSON-ready: no NaN left


def test_a_run_without_money_has_empty_finance() -> None:
    fin = tiny_result().to_dict()["finance"]
    assert fin["modules"] == fin["sources"] == fin["sites"] == fin["owners"] == []
    assert fin["total"] == {"npv_usd": None, "irr": None, "payback_year": None}


def _same(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False
    )


def test_round_trip_keeps_the_money(tmp_path: Path) -> None:
    r = money_result()
    r.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    for name in (*FINANCE_TABLES, "shadow_prices"):
        _same(getattr(back, name), getattr(r, name))
    assert back.shadow_prices["is_bound"].tolist() == [False, True]
    assert back.objective == "npv"
    assert back.to_dict()["finance"] == r.to_dict()["finance"]


def test_a_run_saved_before_money_reads_with_empty_tables(tmp_path: Path) -> None:
    run = tmp_path / "run"
    money_result().write(run)
    doc = json.loads((run / "plan.json").read_text())
    for name in (*FINANCE_TABLES, "shadow_prices"):
        (run / f"{name}.csv").unlink()
        del doc["files"][f"{name}.csv"]
    del doc["objective"], doc["cost_terms_usd"]
    doc.pop("content_sha256", None)  # a run of before the money also predates the digest
    (run / "plan.json").write_text(json.dumps(doc))
    back = PlanResult.read(run)
    assert set(FINANCE_TABLES) <= set(ADDED_TABLES)
    for name in (*FINANCE_TABLES, "shadow_prices"):
        assert len(getattr(back, name)) == 0
        assert tuple(getattr(back, name).columns) == TABLE_COLUMNS[name]
    assert back.objective == "serve"  # the only objective then
    assert back.to_dict()["finance"]["modules"] == []


def _rewrite(run: Path, name: str, text: str) -> None:
    """Replace ``name`` and drop the digests (so only the content check can refuse)."""
    (run / name).write_text(text)
    doc = json.loads((run / "plan.json").read_text())
    del doc["files"]
    doc.pop("content_sha256", None)  # a run of before the money also predates the digest
    (run / "plan.json").write_text(json.dumps(doc))


@pytest.mark.parametrize(
    ("name", "change", "needle"),
    [
        ("shadow_prices.csv", ("False", "maybe"), "is_bound: expected True or False"),
        ("cash_flows.csv", ("2027", "2028"), "year: expected a whole year"),
        ("finance_flows.csv", ("2027", "2028"), "year: expected a whole year"),
        ("shadow_prices.csv", ("2026", "2027"), "year: expected a whole year"),
        ("finance_modules.csv", ("arizona", "arizona\\n"), ""),
    ],
)
def test_damaged_money_is_refused(
    tmp_path: Path, name: str, change: tuple[str, str], needle: str
) -> None:
    run = tmp_path / "run"
    money_result().write(run)
    text = (run / name).read_text()
    if name == "finance_modules.csv":  # the same module twice
        lines = text.splitlines(keepends=True)
        text = "".join([*lines, lines[1]])
        needle = "repeats"
    else:
        text = text.replace(*change)
    _rewrite(run, name, text)
    with pytest.raises(InputError, match=needle):
        PlanResult.read(run)


def test_the_salvage_year_after_the_horizon_is_accepted(tmp_path: Path) -> None:
    """The cash flows' last row is the year after the horizon (salvage), the only table
    where it may be."""
    r = money_result()
    assert r.cash_flows["year"].max() == r.horizon[1] + 1
    r.write(tmp_path / "run")
    assert PlanResult.read(tmp_path / "run").cash_flows["year"].max() == r.horizon[1] + 1


def test_an_unknown_objective_is_refused(tmp_path: Path) -> None:
    run = tmp_path / "run"
    money_result().write(run)
    doc = json.loads((run / "plan.json").read_text())
    doc["objective"] = "profit"
    doc.pop("content_sha256", None)  # a run of before the money also predates the digest
    (run / "plan.json").write_text(json.dumps(doc))
    with pytest.raises(InputError, match="objective: expected one of serve, npv"):
        PlanResult.read(run)


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("--objective", "profit"), "--objective"),
        (("--objective", ""), "--objective"),
        (("--min-served-share", "1.5"), "--min-served-share"),
        (("--min-served-share", "-0.1"), "--min-served-share"),
        (("--min-served-share", "nan"), "--min-served-share"),
    ],
)
def test_plan_refuses_a_bad_objective_in_one_line(
    run_cli: Callable[..., CliResult], args: tuple[str, ...], flag: str
) -> None:
    res = run_cli("plan", *args)
    assert_one_line_error(res, flag)


def test_plan_passes_the_objective_to_the_planner(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``--objective`` and ``--min-served-share`` reach ``solve``; ``--json`` carries
    the money and the shadow prices."""
    seen: dict[str, object] = {}

    def fake_solve(*args: object, **kwargs: object) -> PlanResult:
        seen.update(kwargs)
        return money_result()

    monkeypatch.setattr("tigris.plan.solve", fake_solve)
    res = run_cli("plan", "--objective", "npv", "--min-served-share", "1", "--json")
    assert res.code == 0, res.err
    assert seen["objective"] == "npv" and seen["min_served_share"] == 1.0
    doc = res.json()
    assert doc["finance"]["total"]["payback_year"] == 2027
    assert doc["finance"]["modules"][0]["cash_flows"][2]["salvage_usd"] == 80.0
    assert [x["unit"] for x in doc["shadow_prices"]] == ["scanner", "MW"]


def test_overrides_replace_the_inputs_and_say_so() -> None:
    """The command line's objective and share replace the scenario's, in the inputs and
    in the assumption rows (one row each, the scenario's dropped)."""
    from tests.test_plan_tiny import tiny
    from tigris.plan.solve import _default_assumptions, _override

    inp = tiny()
    rows = pd.concat(
        [
            _default_assumptions(inp),
            pd.DataFrame(
                [("objective", "serve", "-", "scenario")],
                columns=list(TABLE_COLUMNS["assumptions"]),
            ),
        ],
        ignore_index=True,
    )
    new, notes = _override(inp, rows, "npv", 0.25)
    assert new.objective == "npv" and new.min_served_share == 0.25
    assert notes["parameter"].tolist().count("objective") == 1
    assert notes.set_index("parameter").loc["objective", "value"] == "npv"
    assert notes.set_index("parameter").loc["min_served_share", "value"] == 0.25
    same, same_notes = _override(inp, rows, None, None)
    assert same is inp and same_notes is rows


def test_solve_reports_the_money_of_its_plan() -> None:
    """``solve_inputs`` on a small priced problem: one $1B module started in 2025
    sells its wafers from 2026 at $50,000 (variable cost $1,000, tax 20 %, 10 % a year).

    The money tables are the plan's (one build group, as the builds table), timed; from
    ``to_dict()["finance"]`` alone, each NPV is the cash flows discounted to $1 and each
    IRR is numpy-financial's on the same flows (issue 11, Must show).
    """
    from tests.test_plan_tiny import tiny
    from tigris.plan import solve_inputs

    inp = tiny(4, discount_rate=RATE, demand=2_000_000.0).replace(
        price_usd_per_wafer=np.full((1, 4), 50_000.0),
        variable_cost_usd_per_wafer=np.full((1, 4), 1_000.0),
        tax_rate=np.array([0.2]),
    )
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False)
    assert r.ok and r.objective == "serve"
    assert {"finance_s", "shadow_s"} <= set(r.timings)
    groups = r.cash_flows.groupby(["site", "start_year"])["modules"].first()
    built = r.builds.groupby(["site", "start_year"])["modules"].sum()
    assert groups.to_dict() == built.to_dict()
    assert len(r.finance_modules) == len(built) > 0
    fin = json.loads(json.dumps(r.to_dict()["finance"]))  # as --json prints it
    base = r.horizon[0]
    for item in fin["modules"] + fin["sources"]:
        flows = item["cash_flows"]
        years = np.array([f["year"] for f in flows])
        net = np.array([f["net_usd"] for f in flows])
        assert item["npv_usd"] == pytest.approx(
            float(np.dot(net, (1 + RATE) ** -(years - base).astype(float))), abs=1.0
        )
        irr = float(npf.irr(net))
        if math.isnan(irr):
            assert item["irr"] is None
        else:
            assert item["irr"] == pytest.approx(irr, rel=1e-9)
    assert any(m["irr"] is not None for m in fin["modules"])  # the IRR check ran
    assert fin["total"]["npv_usd"] == pytest.approx(
        sum(m["npv_usd"] for m in fin["modules"] if m["owner"] == INVESTOR), abs=1.0
    )
    # cost: the serve terms but the penalty; here objective = cost + penalty
    n = r.headline()["numbers"]
    assert n["cost_usd"] + n["penalty_usd"] == pytest.approx(r.objective_usd, rel=1e-9)
    assert n["npv_usd"] == pytest.approx(fin["total"]["npv_usd"])


def test_reference_plan_json_has_the_money_per_module_and_source(reference_plan_json: str) -> None:
    """``tigris plan --json`` on the reference (issue 11, Must show): ``finance`` has,
    per module and per capital source, ``npv_usd``, ``irr``, ``payback_year`` and a
    ``cash_flows`` table; each NPV is its flows discounted at the scenario's rate to $1,
    each IRR numpy-financial's on the same flows; the total is the investor's; the
    headline leads with cost, NPV, IRR, capital spent and H100e added and names the
    objective last."""
    from tigris.scenario import reference_scenario

    doc = json.loads(reference_plan_json)  # tests/conftest.py: run once per session
    fin = doc["finance"]
    rate = reference_scenario().discount_rate
    base = doc["horizon"][0]
    assert fin["modules"] and fin["sources"]
    keys = {"npv_usd", "irr", "payback_year", "cash_flows"}
    for item in fin["modules"] + fin["sources"]:
        assert keys <= set(item)
        years = np.array([f["year"] for f in item["cash_flows"]])
        net = np.array([f["net_usd"] for f in item["cash_flows"]])
        assert years[-1] == doc["horizon"][1] + 1  # the salvage row
        assert item["npv_usd"] == pytest.approx(
            float(np.dot(net, (1 + rate) ** -(years - base).astype(float))), abs=1.0
        )
        irr = float(npf.irr(net))
        assert item["irr"] is None if math.isnan(irr) else item["irr"] == pytest.approx(irr)
    owners = {o["owner"]: o for o in fin["owners"]}
    assert fin["total"]["npv_usd"] == owners[INVESTOR]["npv_usd"]
    key, *_, last = doc["headline"]["sentences"]
    assert key.startswith("Cost $") and "NPV" in key and "IRR" in key and "added" in key
    assert last.startswith("Objective (serve: cost + unmet penalty): ")
    assert {"finance_s", "shadow_s"} <= set(doc["timings"])
    assert doc["shadow_prices"] and {r["method"] for r in doc["shadow_prices"]} <= {
        "lp_dual_fixed_builds",
        "lp_relaxation_bound",
        "resolve",
    }


def test_plan_summary_prints_the_return_by_build(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The terminal shows each build group's NPV, IRR and payback and the investor's
    total (the hand example: NPV -100 + 40/1.1 + 80/1.21 = $2.48, payback 2027), after
    the Money line that leads; a run without money prints no such table."""
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: money_result())
    res = run_cli("plan")
    assert res.code == 0, res.err
    assert res.out.index("Money: Cost") < res.out.index("The investor's return by build")
    rows = [
        [c.strip() for c in line.split("│")[1:-1]]
        for line in res.out.split("return by build")[1].split("Money by year")[0].splitlines()
        if line.startswith("│")
    ]
    irr = f"{100 * float(npf.irr(NET)):.1f}%"
    # 2027 is after the 2025-2026 horizon, reached only by the salvage row (cumulative
    # -60 at the end of 2026): marked, with the caption saying so (079c89a, c1baec4)
    assert rows[0] == ["arizona", "logic", "2025", "1", "$2.48", irr, "2027*"]
    assert rows[-1][0] == "all builds" and rows[-1][-1] == "2027*"
    assert "paid back only by salvage at book value" in " ".join(res.out.split())
    # no payback, as the evaluator writes it (a nullable integer's <NA>)
    never = money_result()
    never.finance_modules["payback_year"] = pd.array([pd.NA], dtype="Int64")
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: never)
    res = run_cli("plan")
    assert res.code == 0, res.err
    assert "│    none │" in res.out.split("return by build")[1].split("all builds")[0]
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: tiny_result())
    res = run_cli("plan")
    assert res.code == 0 and "return by build" not in res.out
