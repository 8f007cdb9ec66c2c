"""A ``growth_per_year`` on a series that already reaches the horizon's last year
changes nothing and is warned of (user test 2026-12-07, scenario author #9: 2035 demand
was the same with or without it)."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
LINE = "    h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}\n"


def _with(tmp_path: Path, new: str) -> Path:
    text = SMALL.read_text()
    assert LINE in text and "horizon: {first_year: 2026, last_year: 2029}" in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(LINE, new))
    return path


def test_growth_of_a_series_to_the_last_year_is_warned_of(run_cli, tmp_path: Path) -> None:
    path = _with(tmp_path, LINE + "    growth_per_year: 0.3\n")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "changes nothing" in ln]
    assert "demand.0.growth_per_year: 0.3 a year changes nothing" in line
    assert "given to 2029, the horizon's last year being 2029" in line


def test_growth_past_a_shorter_series_is_not(run_cli, tmp_path: Path) -> None:
    path = _with(tmp_path, "    h100e_by_year: {2026: 4.0e6}\n    growth_per_year: 0.3\n")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    assert "changes nothing" not in res.err
