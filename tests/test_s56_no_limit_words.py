"""A site's limit the scenario leaves unset is "no limit" among the assumptions, not
"none MW", which read as zero (user test 2026-12-07, scenario author #8)."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def test_an_unset_limit_reads_as_none_given(run_cli) -> None:
    text = SMALL.read_text()
    assert "  - name: japan\n" in text and "power_limit_mw" not in text
    res = run_cli("scenario", "show", str(SMALL), "--assumptions")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "site japan: power limit: no limit" in flat
    assert "site japan: max modules: no limit" in flat
    assert "none MW" not in flat and "none modules" not in flat
    assert "site taiwan: max modules: 3 modules" in flat  # a limit given keeps its unit
