"""The plan's JSON names say what they hold (user test 2026-12-03, #20).

``cost_terms_usd`` holds the plan's real cost and nothing else (its sum is the
headline's cost); the unmet-demand penalty, notional, has its own key
``unmet_penalty_usd``; the growth of yearly delivery is ``served_growth_h100e``, not a
second "added" beside the investor's ``added_h100e``. Files written before the rename
(``plan.json`` and stored runs whose ``cost_terms_usd`` held ``unmet_penalty``) still
read, with the same cost and penalty.

The numbers are the hand-derived ones of the tiny problem
(``tests/test_plan_explain_headline.py``): real cost $1B capex + $0.1B opex, penalty
380,000 unmet H100e x $30,000 = $11.4B, delivery 120,000 in 2025 and 500,000 in 2026.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.test_plan_tiny import tiny
from tigris.plan import PlanResult, solve_inputs
from tigris.runs.store import RunRecord, RunStore

REAL_COST = 1.1e9  # $1B module + $0.1B opex [USD]
PENALTY = 380_000 * 30_000.0  # unmet H100e x penalty [USD]
GROWTH = 500_000 - 120_000  # served 2026 less served 2025 [H100e/year]


@pytest.fixture(scope="module")
def plan() -> PlanResult:
    return solve_inputs(tiny(existing_wspm=100.0), mip_gap=0.0, explain_result=False)


def _check_names(doc: dict) -> None:
    """A JSON document of the plan (``to_dict``/``scalars``) with the new names."""
    assert "unmet_penalty" not in doc["cost_terms_usd"]
    assert sum(doc["cost_terms_usd"].values()) == pytest.approx(REAL_COST, rel=1e-6)
    assert doc["unmet_penalty_usd"] == pytest.approx(PENALTY, rel=1e-6)


def test_json_cost_terms_are_the_cost_and_the_penalty_has_its_own_key(plan: PlanResult) -> None:
    doc = json.loads(json.dumps(plan.to_dict()))
    _check_names(doc)
    n = doc["headline"]["numbers"]
    assert n["cost_usd"] == pytest.approx(sum(doc["cost_terms_usd"].values()), rel=1e-12)
    assert n["penalty_usd"] == pytest.approx(doc["unmet_penalty_usd"], rel=1e-12)
    # a serve plan's objective is its cost plus its penalty (docs/finance.md)
    assert n["cost_usd"] + n["penalty_usd"] == pytest.approx(doc["objective_usd"], rel=1e-9)
    # the objective's own terms keep the penalty: the objective does include it
    assert doc["objective_terms_usd"]["unmet_penalty"] == pytest.approx(PENALTY, rel=1e-6)


def test_growth_is_named_growth_not_added(plan: PlanResult) -> None:
    n = plan.headline()["numbers"]
    assert "served_added_h100e" not in n
    assert n["served_growth_h100e"] == pytest.approx(GROWTH, rel=1e-6)
    # the investor's addition is another number: 380,000 too here, but from the
    # world without the investor (120,000 a year), not from the first year
    assert n["added_h100e"] == pytest.approx(380_000, rel=1e-6)


def _old_style(doc: dict) -> None:
    """Rewrite a document as tigris wrote it before the rename."""
    doc["cost_terms_usd"]["unmet_penalty"] = doc.pop("unmet_penalty_usd")


def test_an_old_plan_json_reads_with_the_same_cost_and_penalty(
    plan: PlanResult, tmp_path: Path
) -> None:
    run = tmp_path / "run"
    plan.write(run)
    doc = json.loads((run / "plan.json").read_text())
    _check_names(doc)  # written with the new names
    _old_style(doc)
    doc.pop("content_sha256", None)  # edited by hand: no digest to match
    (run / "plan.json").write_text(json.dumps(doc))
    back = PlanResult.read(run)
    _check_names(back.scalars())
    n = back.headline()["numbers"]
    assert n["cost_usd"] == pytest.approx(REAL_COST, rel=1e-6)
    assert n["penalty_usd"] == pytest.approx(PENALTY, rel=1e-6)


def test_an_old_stored_run_reads_with_the_same_cost_and_penalty(
    plan: PlanResult, tmp_path: Path
) -> None:
    path = tmp_path / "runs.duckdb"
    store = RunStore(path)
    rid = store.add(RunRecord("plan", "name: tiny\nhorizon: [2025, 2026]\n", "tiny"), plan)
    con = duckdb.connect(str(path))
    try:
        scalars = json.loads(con.execute("SELECT scalars FROM runs").fetchone()[0])
        metrics = json.loads(con.execute("SELECT metrics FROM runs").fetchone()[0])
        _check_names(scalars)  # stored with the new names
        _old_style(scalars)
        metrics["served_added_h100e"] = metrics.pop("served_growth_h100e")
        con.execute(
            "UPDATE runs SET scalars = ?, metrics = ?", [json.dumps(scalars), json.dumps(metrics)]
        )
    finally:
        con.close()
    back = RunStore(path).result(rid)
    _check_names(back.scalars())
    n = back.headline()["numbers"]
    assert n["cost_usd"] == pytest.approx(REAL_COST, rel=1e-6)
    assert n["penalty_usd"] == pytest.approx(PENALTY, rel=1e-6)
    # the record (runs show --json, runs export's run.json) says the same names too
    rec = RunStore(path).record(rid)
    _check_names(rec["scalars"])
    assert "served_added_h100e" not in rec["metrics"]
    assert rec["metrics"]["served_growth_h100e"] == pytest.approx(GROWTH, rel=1e-6)


def _same_cost_and_penalty(back: PlanResult) -> None:
    """A plan read back has the tiny problem's cost and penalty, in the new names."""
    _check_names(back.scalars())
    n = back.headline()["numbers"]
    assert n["cost_usd"] == pytest.approx(REAL_COST, rel=1e-6)
    assert n["penalty_usd"] == pytest.approx(PENALTY, rel=1e-6)


def test_a_new_plan_json_and_stored_run_read_back_with_the_penalty(
    plan: PlanResult, tmp_path: Path
) -> None:
    """Written with the new names and read back: the penalty comes from its own key
    (review of 2026-12-03: the old-file tests pass even if the new key is never read)."""
    plan.write(tmp_path / "run")
    _same_cost_and_penalty(PlanResult.read(tmp_path / "run"))
    store = RunStore(tmp_path / "runs.duckdb")
    rid = store.add(RunRecord("plan", "name: tiny\nhorizon: [2025, 2026]\n", "tiny"), plan)
    _same_cost_and_penalty(store.result(rid))


def test_the_report_reads_the_penalty_of_each_form(plan: PlanResult) -> None:
    """``tigris report``'s tables (:func:`tigris.report.result.report_tables`) of the
    plan, of its ``--json`` document and of an old-style document keep the penalty."""
    from tigris.report.result import plan_result, report_tables

    doc = json.loads(json.dumps(plan.to_dict()))
    old = json.loads(json.dumps(plan.to_dict()))
    _old_style(old)
    for form in (plan, doc, old):
        _same_cost_and_penalty(plan_result(report_tables(form)))


def test_a_run_saved_before_cost_terms_reads_the_penalty_from_the_objective(
    plan: PlanResult,
) -> None:
    """A serve run saved before ``cost_terms_usd`` (issue 11) has only the objective's
    terms: the cost is those terms less the penalty, the penalty that term."""
    import dataclasses

    older = dataclasses.replace(plan, cost_terms_usd={})
    older = dataclasses.replace(older, unmet_penalty_usd=float("nan"))
    n = older.headline()["numbers"]
    assert n["cost_usd"] == pytest.approx(REAL_COST, rel=1e-6)
    assert n["penalty_usd"] == pytest.approx(PENALTY, rel=1e-6)
