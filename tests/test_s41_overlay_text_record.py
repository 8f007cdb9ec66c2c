"""A run made with a data overlay given as text keeps that text in its record (user
test 2026-12-05, serve #1).

The dashboard and ``tigris.plan(..., data=TEXT)`` apply an overlay read from a
temporary file that is gone once read. Their stored runs recorded no overlay (the
dashboard stored outside the overlay's context) or a deleted file "its text not kept"
(the API), so ``tigris runs show ID --data`` said the run "was made without a --data
file" and ``tigris plan --from-run ID`` printed that the inputs had changed while its
``--json`` said they matched.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SMALL_3Y, replaced
from tests.test_serve_view import NEW_SITE  # Japan's row under another name
from tigris.runs.store import RunStore

SCENARIO = replaced(SMALL_3Y, ("  - name: japan\n", "  - name: testland\n"))


def _overlay(store: Path, run_id: str) -> dict:
    return RunStore(store).record(run_id)["provenance"]["overlay"]


def test_the_api_keeps_the_text(tmp_path: Path, run_cli) -> None:
    import tigris

    store = tmp_path / "runs.duckdb"
    path = tmp_path / "testland.yaml"
    path.write_text(SCENARIO, encoding="utf-8")
    tigris.plan(path, data=NEW_SITE, explain=False, store=store)
    (run_id,) = RunStore(store).runs()["id"]
    over = _overlay(store, run_id)
    assert over["text"] == NEW_SITE and over["file"] == "<data text>"
    shown = run_cli("runs", "show", run_id, "--data", "--store", store)
    assert shown.code == 0 and shown.out == NEW_SITE
    again = run_cli("plan", "--from-run", run_id, "--store", store, "--no-store")
    assert again.code == 0, again.err
    assert "Inputs changed" not in again.out + again.err
    assert "matches the stored result" in " ".join(again.out.split())


def test_the_dashboard_keeps_the_text(tmp_path: Path) -> None:
    from tigris.serve.view import compute_view

    store = tmp_path / "runs.duckdb"
    request = {"scenario_yaml": SCENARIO, "data_yaml": NEW_SITE, "disruption": None, "options": {}}
    view = compute_view(request, store=store)
    over = _overlay(store, view["run_id"])
    assert over is not None and over["text"] == NEW_SITE
