"""``runs export --format csv`` writes a folder as complete as ``plan --out``'s (user
test 2026-12-03, fifth session, #10: tables and run.json only, so it could not be given
to ``tigris report`` or re-planned): ``plan.json`` and ``scenario.yaml`` too."""

from __future__ import annotations

from pathlib import Path

from tests import test_runs_cli

YAML = test_runs_cli.YAML
#: The store holding the hand-built plan (fixtures of tests/test_runs_cli.py).
stored, stored_once = test_runs_cli.stored, test_runs_cli.stored_once


def test_a_csv_export_is_a_saved_run_report_reads(run_cli, stored, tmp_path: Path) -> None:
    from tigris.cli.report import _check_saved_set
    from tigris.report import read_result

    path, rid, plan = stored
    out = tmp_path / "exp"
    res = run_cli("runs", "export", rid, "--format", "csv", "--out", out, "--store", path)
    assert res.code == 0, res.err
    # the run's scenario, to re-plan with 'tigris plan exp/scenario.yaml'
    assert (out / "scenario.yaml").read_text(encoding="utf-8") == YAML
    # what 'tigris report exp' reads first: plan.json and the tables, one run's set
    back = read_result(out)
    _check_saved_set(out)
    assert back.objective_usd == plan.objective_usd
    cols = ["site", "facility", "start_year", "modules"]
    got, want = back.to_frame("builds")[cols], plan.to_frame("builds")[cols]
    assert got.values.tolist() == want.values.tolist()
    # 'tigris plan --from-run exp' repeats it with the run's own options (review: a
    # bare 'tigris plan exp/scenario.yaml' drops them, e.g. --objective npv)
    # (the folder check --from-run makes, and the options it then reads)
    from tigris.cli._store import check_run_set

    doc, text = check_run_set(out, "--from-run", need=True)
    assert doc is not None and doc["options"] == {"relax": False} and text == YAML


def test_a_parquet_export_carries_the_scenario(run_cli, stored, tmp_path: Path) -> None:
    path, rid, _ = stored
    out = tmp_path / "exp"
    res = run_cli("runs", "export", rid, "--format", "parquet", "--out", out, "--store", path)
    assert res.code == 0, res.err
    assert (out / "scenario.yaml").read_text(encoding="utf-8") == YAML
