"""GRID-FIX (UT-GRID #8), with /work/notes/GRID-FIX-warnings.patch: ``tigris scenario
check`` says a headroom below one grid module and a site PUE beyond the published range
at file:line (tests/test_s35_grid_checks.py checks the two checks' findings)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import line_of
from tests.test_s35_grid_checks import scenario


def test_scenario_check_warns_at_file_line(tmp_path: Path, run_cli) -> None:
    path = scenario(tmp_path, "{2026: 5.2, 2035: 52.3}", pue=4.0)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    lines = [ln for ln in res.err.splitlines() if ln.startswith("warning:")]
    at = line_of(path, "  grid_headroom_mw: {usa: {2026: 5.2")  # not the comment
    head = f"warning: {path}:{at}: datacenters.grid_headroom_mw.usa: "
    want = head + "5.2–52.3 MW in 2026–2035 is below one 100 MW"
    assert any(ln.startswith(want) for ln in lines), lines
    pue = [ln for ln in lines if ".pue: 4 is above 2.5" in ln]
    assert len(pue) == 1 and f"{path}:{line_of(path, 'pue: 4.0')}:" in pue[0]


def test_the_reference_has_neither_warning(tmp_path: Path, run_cli) -> None:
    res = run_cli("scenario", "check", str(scenario(tmp_path)))
    assert res.code == 0, res.err
    assert "grid data-centre module" not in res.err and "industry-average PUE" not in res.err
