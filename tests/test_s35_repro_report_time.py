"""A report's provenance names the run it draws and when that run was made, and its
own drawing time as such (UT-REPRO #10: a report re-drawn later said "created" with
the drawing time and no run id)."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from tigris.plan import PlanResult
from tigris.report.provenance import report_info, saved_run
from tigris.runs.store import RunStore

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: A drawing time well after the run (a report re-drawn a year later).
LATER = datetime(2027, 12, 4, 9, 0, 0, tzinfo=UTC)


def _second(iso: str) -> str:
    """``2026-12-04T14:57:00.123456Z`` -> ``2026-12-04T14:57:00Z`` (by hand)."""
    return iso.split(".")[0].rstrip("Z") + "Z"


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from tigris.cli import main

    root = tmp_path_factory.mktemp("report-time")
    store = root / "s.duckdb"
    assert main(["plan", str(SMALL), "--out", str(root / "run"), "--store", str(store)]) == 0
    rec = RunStore(store).record(str(RunStore(store).runs()["id"].iloc[0]))
    return {"root": root, "store": store, "rec": rec}


def test_saved_folder_names_its_run_and_time(saved: dict[str, Any]) -> None:
    rec = saved["rec"]
    folder = Path(str(saved["root"])) / "run"
    doc = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    assert doc["created"] == rec["created"]
    run = saved_run(folder)
    assert run == {"run_id": rec["id"], "created": rec["created"]}
    info = report_info(PlanResult.read(folder), now=LATER, run=run)
    made = _second(str(rec["created"]))
    assert info.created_utc == made != "2027-12-04T09:00:00Z"
    assert info.line().startswith(
        f"tigris {info.version} · run {rec['id']} made {made} · drawn 2027-12-04T09:00:00Z"
    )


def test_an_export_names_its_run_too(saved: dict[str, Any], run_cli: Callable[..., object]) -> None:
    rec = saved["rec"]
    out = Path(str(saved["root"])) / "exp"
    res = run_cli(
        "runs", "export", rec["id"], "--format", "csv", "--out", out, "--store", saved["store"]
    )
    assert res.code == 0, res.err
    assert saved_run(out) == {"run_id": rec["id"], "created": rec["created"]}


def test_no_run_known_is_the_drawing_time_as_before() -> None:
    info = report_info({}, now=LATER)
    assert info.line().startswith(f"tigris {info.version} · created 2027-12-04T09:00:00Z ·")
    assert info.run_id is None and info.drawn_utc is None


def test_tigris_report_draws_the_runs_time(
    saved: dict[str, Any], run_cli: Callable[..., object]
) -> None:
    from tigris.cli.report import write_reports

    if "run" not in inspect.signature(write_reports).parameters:
        pytest.skip("needs /work/notes/REPRO-FIX-report-run.patch (cli/report.py, html.py)")
    rec = saved["rec"]
    folder = Path(str(saved["root"])) / "run"
    res = run_cli("report", folder, "--html", Path(str(saved["root"])) / "r.html")
    assert res.code == 0, res.err
    page = (Path(str(saved["root"])) / "r.html").read_text(encoding="utf-8")
    made = _second(str(rec["created"]))
    assert f"run {rec['id']} made {made} · drawn " in page
