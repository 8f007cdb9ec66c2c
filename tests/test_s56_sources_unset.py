"""A ``sources:`` key naming a field the scenario leaves unset is warned of: the plan
uses the field's default (a data table's value with that row's source, or no limit),
and ``--assumptions`` showed the text beside a blank value (user test 2026-12-07,
scenario author #8)."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _with_sources(tmp_path: Path, lines: str) -> Path:
    text = SMALL.read_text()
    assert "\nsources:" not in text
    path = tmp_path / "s.yaml"
    path.write_text(text.rstrip("\n") + "\nsources:\n" + lines)
    return path


def test_a_source_of_an_unset_field_is_warned_of(run_cli, tmp_path: Path) -> None:
    path = _with_sources(
        tmp_path,
        '  sites.taiwan.power_limit_mw: "Taipower"\n'
        '  sites.taiwan.construction_cost_multiplier: "a survey"\n',
    )
    n = len(SMALL.read_text().rstrip("\n").splitlines()) + 1  # the 'sources:' line
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    lines = [ln for ln in res.err.splitlines() if "leaves this field unset" in ln]
    assert len(lines) == 2, res.err
    assert lines[0].startswith(f"warning: {path}:{n + 1}: sources.sites.taiwan.power_limit_mw:")
    assert f":{n + 2}: sources.sites.taiwan.construction_cost_multiplier:" in lines[1]


def test_a_source_of_a_set_field_is_not(run_cli, tmp_path: Path) -> None:
    path = _with_sources(tmp_path, '  discount_rate: "the ministry"\n')
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    assert "leaves this field unset" not in res.err
