"""Lines a script reads are whole where stdout is not a terminal (last stop's list: the
``scenario check`` verdict wrapped at 80 columns when piped, so ``grep valid`` read half
of it)."""

from __future__ import annotations

from pathlib import Path

from tigris.scenario.load import reference_scenario_text


def test_the_check_verdict_is_one_line_when_piped(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "a-rather-long-scenario-file-name-to-pass-eighty-columns.yaml"
    path.write_text(reference_scenario_text(), encoding="utf-8")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [x for x in res.out.splitlines() if x.strip()]
    assert len(lines) == 1, res.out
    assert "valid scenario 'reference'" in lines[0] and lines[0].endswith("of capital)")
