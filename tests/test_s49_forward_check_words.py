"""The forward power check said "at or above" for a floor the table meets in the
hindcast's text, "inside" in its JSON and in the plan's count of forecasts ("inside 2"),
and "> 50" in docs/energy.md where the CLI and the data say ">= 50" (user test s49 new
user #6). One word now: ``inside``, with "(>= floor)" for a floor."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "energy.md"


def test_a_floor_met_is_inside_in_text_json_and_docs(run_cli) -> None:
    doc = run_cli("hindcast", "--json").json()
    rows = doc["power_forward_check"]["rows"]
    floors = [r for r in rows if r["kind"] == "floor" and r["position"] == "inside"]
    assert floors, rows  # the world read: a published floor the table meets
    text = " ".join(run_cli("hindcast").out.split())
    assert "inside (>= floor)" in text and "at or above" not in text
    table = DOC.read_text(encoding="utf-8").split("| forecast | of | year |")[1]
    assert "| > 50 |" not in table and "inside (≥ floor)" in table
