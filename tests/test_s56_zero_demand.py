"""Demand of 0 in every class and year is warned of (user test 2026-12-07, scenario
author #6: the plan then "serves 0 H100e of the 0 ... all demand is met" without a word,
where a demand of 100 was warned of as a unit slip)."""

from __future__ import annotations

from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
LINES = (
    "    h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}\n",
    "    h100e_by_year: {2026: 1.0e6}\n",
)


def _demand(tmp_path: Path, first: str, second: str) -> Path:
    text = SMALL.read_text()
    for old, new in zip(LINES, (first, second), strict=True):
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return path


def test_all_zero_is_warned_of(run_cli, tmp_path: Path) -> None:
    path = _demand(
        tmp_path, "    h100e_by_year: {2026: 0, 2029: 0}\n", "    h100e_by_year: {2026: 0}\n"
    )
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "asks for 0 in every year" in ln]
    assert line.startswith(f"warning: {path}:")


@pytest.mark.parametrize("second", ["    h100e_by_year: {2026: 1.0e6}\n"])
def test_one_class_asking_for_something_is_not(run_cli, tmp_path: Path, second: str) -> None:
    path = _demand(tmp_path, "    h100e_by_year: {2026: 0, 2029: 0}\n", second)
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    assert "asks for 0 in every year" not in res.err
