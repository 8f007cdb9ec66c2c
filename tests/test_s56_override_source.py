"""A site value that overrides ``data/sites.csv`` and is sourced under ``sources:`` is
one assumption row, quoting the source, not two (user test 2026-12-07, scenario author
#8: the subsidy appeared once as "scenario (overrides data/sites.csv)" and again with
the author's text)."""

from __future__ import annotations

from pathlib import Path

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
JAPAN = "  - name: japan\n"


def test_an_overridden_and_sourced_site_value_is_one_row(run_cli, tmp_path: Path) -> None:
    text = SMALL.read_text()
    assert JAPAN in text and "\nsources:" not in text
    text = text.replace(JAPAN, JAPAN + "    subsidy_share_of_capex: 0.45\n")
    text = text.rstrip("\n") + '\nsources:\n  sites.japan.subsidy_share_of_capex: "METI grant"\n'
    path = tmp_path / "s.yaml"
    path.write_text(text)
    res = run_cli("scenario", "show", str(path), "--assumptions")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert flat.count("METI grant") == 1, flat
    assert (
        "japan: subsidy_share_of_capex: 0.45 - (as_of scenario) source: scenario "
        "(overrides data/sites.csv): METI grant" in flat
    )
