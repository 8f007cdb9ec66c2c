"""``tigris plan --report`` drew its report before the run was stored, so the report's
provenance line gave a time and no run id: the HTML could not be traced to the stored
run (left at stop 47), while ``tigris report DIR`` of a saved folder gives it. The
report is now drawn once the run is stored, with the id the store gave."""

from __future__ import annotations

import re
from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_the_report_names_the_stored_run(run_cli, tmp_path, monkeypatch):
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    html = tmp_path / "r.html"
    res = run_cli("plan", SMALL, "--report", html)
    assert res.code == 0, res.err
    [run_id] = list(RunStore(store).runs()["id"])
    text = html.read_text(encoding="utf-8")
    assert f"run {run_id} created " in text
    assert set(re.findall(r"run ([0-9a-f]{12}) created", text)) == {run_id}


def test_an_unstored_run_names_none(run_cli, tmp_path):
    html = tmp_path / "r.html"
    res = run_cli("plan", SMALL, "--report", html, "--no-store")
    assert res.code == 0, res.err
    text = html.read_text(encoding="utf-8")
    assert "created 20" in text
    assert not re.findall(r"run [0-9a-f]{12} created", text)


def test_png_figures_too(run_cli, tmp_path, monkeypatch):
    """The PNG figures' footers (drawn in the images) carry the same line: the footer
    text each figure is given is recorded."""
    import tigris.report.png as png_mod
    from tigris.runs.store import RunStore

    store = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    footers: list[str] = []
    real = png_mod.figure_footer

    def recording(r, info):
        footers.append(real(r, info))
        return footers[-1]

    monkeypatch.setattr(png_mod, "figure_footer", recording)
    res = run_cli("plan", SMALL, "--png", tmp_path / "png")
    assert res.code == 0, res.err
    [run_id] = list(RunStore(store).runs()["id"])
    assert footers and all(f"run {run_id} created " in f for f in footers), footers
