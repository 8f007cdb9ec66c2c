"""The HTML risk report's disruption rows say what ``tigris risk`` says (user test
2026-12-03 #16): a plan paid with money the event removed is "not fundable" and has no
"re-planning saves" row; a fundable plan keeps its numbers."""

from __future__ import annotations

import math

from tigris.report.risk_html import _delta_rows


def _words(rows: list) -> dict[str, object]:
    return {r[0]: r[1] for r in rows}


def test_unfundable_fixed_plan_reads_not_fundable_and_has_no_saving() -> None:
    rows = _words(
        _delta_rows(
            {
                "fixed_loss_usd": None,
                "reoptimised_loss_usd": 1.48e11,
                "replanning_saves_usd": None,
            }
        )
    )
    assert rows["objective loss, builds fixed"] == "not fundable"
    assert "objective re-planning saves" not in rows
    assert rows["objective loss, re-optimised"] != "not fundable"


def test_nan_is_read_as_missing_too() -> None:
    rows = _words(_delta_rows({"fixed_loss_usd": math.nan, "replanning_saves_usd": math.nan}))
    assert rows == {"objective loss, builds fixed": "not fundable"}


def test_a_fundable_plan_keeps_its_saving() -> None:
    rows = _words(_delta_rows({"fixed_loss_usd": 2e11, "replanning_saves_usd": 5e10}))
    assert rows["objective re-planning saves"] not in ("not fundable", "–")
    assert rows["objective loss, builds fixed"] not in ("not fundable", "–")
