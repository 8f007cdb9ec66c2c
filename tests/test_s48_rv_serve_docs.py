"""docs/serve.md says a control takes any value within its range: the subsidy share's
Range said "in whole-percent steps" after the step stopped being a rule (review of
s48 serve #3)."""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "serve.md"


def test_no_control_range_is_said_to_be_in_steps() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = [line for line in text.splitlines() if line.startswith("|") and "`" in line]
    (row,) = [r for r in rows if "subsidy_share_of_capex" in r]
    assert "0-99" in row
    assert not [r for r in rows if "whole-percent" in r or "steps)" in r]
