"""The scenario's top-level ``pue`` (UT-NEWBIE #3, S36 NEWBIE-FIX).

``pue: 120`` was accepted without a word and changed nothing. Now a value above the
highest published industry-average PUE (data/energy_parameters.csv's sourced row
``pue_max_published``, the one a site's ``pue`` is checked against) gives one
``warning:`` line at the field's file:line, a value below 1 is refused with one
``error:`` line there (exit 2), and docs/scenario-files.md has a row saying what the
field does and does not move. The bound is read from the CSV as text, not from the
code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, data_table, line_of, replaced
from tests.conftest import write_scenario as _write

ROOT = Path(__file__).resolve().parents[1]


def _top() -> float:
    (row,) = [r for r in data_table("energy_parameters") if r["parameter"] == "pue_max_published"]
    assert "Uptime Institute" in row["source"] and row["as_of"]
    return float(row["value"])


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning: ")]


def test_a_pue_written_as_a_percent_is_a_warning_at_its_line(tmp_path: Path, run_cli) -> None:
    path = _write(tmp_path, replaced(SMALL, ("pue: 1.2\n", "pue: 120\n")))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if ": pue: " in ln]
    assert len(lines) == 1, res.err
    line = lines[0]
    assert line.startswith(f"warning: {path}:{line_of(path, 'pue: 120')}: pue: 120 is above ")
    assert f"above {_top():g}, the highest industry-average PUE published" in line
    assert "datacenters.existing_mw" in line and "docs/scenario-files.md" in line


@pytest.mark.parametrize("ok", ["1.0", "1.2", "2.5"])
def test_a_pue_within_the_published_range_is_silent(tmp_path: Path, run_cli, ok: str) -> None:
    assert float(ok) <= _top()
    path = _write(tmp_path, replaced(SMALL, ("pue: 1.2\n", f"pue: {ok}\n")))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if ": pue: " in ln], res.err


def test_just_above_the_published_range_warns(tmp_path: Path, run_cli) -> None:
    above = f"{_top() + 0.1:g}"
    path = _write(tmp_path, replaced(SMALL, ("pue: 1.2\n", f"pue: {above}\n")))
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    assert [ln for ln in _warnings(res.err) if f": pue: {above} is above" in ln], res.err


def test_a_pue_below_one_is_refused_at_its_line(tmp_path: Path, run_cli) -> None:
    path = _write(tmp_path, replaced(SMALL, ("pue: 1.2\n", "pue: 0.5\n")))
    res = run_cli("scenario", "check", path)
    assert res.code == 2
    assert res.err.strip().splitlines() == [
        f"error: {path}:{line_of(path, 'pue: 0.5')}: pue: must be >= 1, got 0.5"
    ]
    assert "Traceback" not in res.err


def test_the_top_level_pue_has_a_row_in_the_field_tables() -> None:
    text = (ROOT / "docs" / "scenario-files.md").read_text(encoding="utf-8")
    rows = [ln for ln in text.splitlines() if ln.startswith("| `pue` |")]
    assert len(rows) == 1, "docs/scenario-files.md: no '| `pue` |' row"
    row = rows[0]
    # what it does (the unit of existing_mw and of the rows) and does not (energy)
    assert "datacenters.existing_mw" in row and "energy" in row
    assert f"{_top():g}" in row and "warning" in row
