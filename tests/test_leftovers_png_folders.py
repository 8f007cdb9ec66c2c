"""``--png DIR`` never leaves a mix of two runs (leftovers of 2026-12-03, item 5; old
user test #19e).

Before: figures were written aside and moved in one by one, every other file kept, so a
``tigris risk --tornado --png figs`` then ``tigris risk --png figs`` left the first
run's ``tornado-*.png`` beside the second run's fan charts, and a plan whose
assumptions ran to two pages left ``assumptions-2.png`` under a later plan's one-page
``assumptions.png``. The rule, written before the change: after a run, the folder's
files of the names that verb writes are exactly the files this run wrote; files of any
other name (the user's, another verb's) are untouched.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tigris.report.folders import drop_stale, plan_png_names, risk_png_names


def _own(folder: Path, pattern: Any) -> set[str]:
    return {p.name for p in folder.iterdir() if pattern.fullmatch(p.name)}


def test_a_risk_run_without_tornado_removes_the_earlier_tornado(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two risk runs into one folder, the first with --tornado: the second's folder has
    its fan charts only, and the user's own files stay."""
    import tigris.report.risk as risk_png
    from tigris.risk.api import RiskResult

    def fake(names: list[str]) -> Any:
        def write(res: Any, folder: Path) -> list[Path]:
            for n in names:
                (Path(folder) / n).write_bytes(b"png")
            return [Path(folder) / n for n in names]

        return write

    figs = tmp_path / "figs"
    figs.mkdir()
    (figs / "notes.txt").write_text("mine")
    (figs / "holiday.png").write_bytes(b"mine")
    (figs / "fan-custom-notes.png").write_bytes(b"mine")  # named like ours, not ours
    res = RiskResult.__new__(RiskResult)
    first = ["fan-unmet_h100e.png", "tornado-npv_total_usd.png", "sobol-npv_total_usd.png"]
    monkeypatch.setattr(risk_png, "write_risk_pngs", fake(first))
    res.write_pngs(figs)
    assert _own(figs, risk_png_names()) == set(first)
    monkeypatch.setattr(risk_png, "write_risk_pngs", fake(["fan-unmet_h100e.png"]))
    got = res.write_pngs(figs)
    assert [p.name for p in got] == ["fan-unmet_h100e.png"]
    assert _own(figs, risk_png_names()) == {"fan-unmet_h100e.png"}
    assert (figs / "notes.txt").read_text() == "mine"
    assert (figs / "holiday.png").read_bytes() == b"mine"
    assert (figs / "fan-custom-notes.png").read_bytes() == b"mine"


def test_a_plan_folder_keeps_only_this_runs_pages(tmp_path: Path) -> None:
    """The plan's names: its figures and pages with a page number; a risk figure in the
    same folder is another verb's and stays."""
    pattern = plan_png_names()
    for n in ("supply.png", "assumptions.png", "assumptions-2.png", "fan-x.png", "a.txt"):
        (tmp_path / n).write_bytes(b"x")
    removed = drop_stale(tmp_path, ["supply.png", "assumptions.png"], pattern)
    assert [p.name for p in removed] == ["assumptions-2.png"]
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt",
        "assumptions.png",
        "fan-x.png",
        "supply.png",
    ]


def test_plan_and_report_png_drop_an_earlier_runs_extra_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``write_reports`` (``tigris plan --png``, ``tigris report --png``): a first run
    with a two-page assumptions list, then one with one page."""
    import tigris.report
    import tigris.report.png
    import tigris.report.provenance
    from tigris.cli.report import write_reports

    def fake(names: list[str]) -> Any:
        def write(tables: Any, folder: Path, on_figure: Any = None, info: Any = None) -> Any:
            for n in names:
                (Path(folder) / n).write_bytes(b"png")
            return [Path(folder) / n for n in names]

        return write

    monkeypatch.setattr(tigris.report, "report_tables", lambda r: r)
    monkeypatch.setattr(tigris.report.provenance, "report_info", lambda r, **k: None)
    monkeypatch.setattr(tigris.report.png, "png_count", lambda t: 0)
    figs = tmp_path / "png"
    monkeypatch.setattr(tigris.report, "write_pngs", fake(["supply.png", "assumptions.png",
                                                           "assumptions-2.png"]))  # fmt: skip
    write_reports(object(), png=figs)
    monkeypatch.setattr(tigris.report, "write_pngs", fake(["supply.png", "assumptions.png"]))
    out = write_reports(object(), png=figs)
    assert sorted(p.name for p in figs.iterdir()) == ["assumptions.png", "supply.png"]
    assert sorted(Path(p).name for p in out["png"]) == ["assumptions.png", "supply.png"]
