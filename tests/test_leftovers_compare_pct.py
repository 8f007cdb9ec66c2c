"""``tigris compare``: no percentage on a base of zero or below, nor across zero
(leftovers of 2026-12-03, item 4; old user test #19b).

A percent of A is a ratio to A's size. It means nothing when A is 0 or negative (an
NPV of -$4B "improving" by +50 % to -$2B reads as a gain of half a positive value), nor
when B is on the other side of zero (+$1B to -$3B is not "-400 %" of anything). Then
the percent is "n/a" in the text and null in ``--json`` (``change_pct`` NaN); the
absolute change B - A is kept. Hand-made plans: only the investor's NPV differs.
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from rich.console import Console

from tigris.cli.compare import _metrics_table
from tigris.plan.result import PlanResult
from tigris.runs.compare import compare

NAN = math.nan


def _plan(npv: float) -> PlanResult:
    owners = pd.DataFrame(
        {"owner": ["investor"], "npv_usd": [npv], "irr": [NAN], "payback_year": [NAN]}
    )
    return PlanResult(
        scenario_name="hand",
        status="optimal",
        objective_usd=1e9,
        horizon=(2026, 2027),
        finance_owners=owners,
    )


def _npv_row(a: float, b: float) -> tuple[dict, str]:
    c = compare(_plan(a), _plan(b), store=False)
    doc = json.loads(json.dumps(c.to_dict(), allow_nan=False))
    row = next(m for m in doc["metrics"] if m["metric"] == "npv_usd")
    console = Console(width=200, record=True)
    console.print(_metrics_table(c))
    line = next(ln for ln in console.export_text().splitlines() if "NPV" in ln)
    return row, line.split("│")[-2].strip()


@pytest.mark.parametrize(
    ("a", "b", "change"),
    [
        (-4e9, -2e9, 2e9),  # a negative base
        (0.0, 1e9, 1e9),  # a zero base
        (1e9, -3e9, -4e9),  # across zero
        (-1e9, 3e9, 4e9),  # across zero, upwards: not "+400 %" of a loss
    ],
)
def test_no_percent_on_a_base_at_or_below_zero_or_across_zero(
    a: float, b: float, change: float
) -> None:
    row, pct = _npv_row(a, b)
    assert row["change"] == pytest.approx(change)
    assert row["change_pct"] is None
    assert pct == "n/a"


@pytest.mark.parametrize(("a", "b", "want"), [(2e9, 3e9, "+50.0%"), (2e9, 0.0, "-100.0%")])
def test_a_positive_base_keeps_its_percent(a: float, b: float, want: str) -> None:
    """(3 - 2) / 2 = +50 %; to zero is -100 % (not across it)."""
    row, pct = _npv_row(a, b)
    assert row["change_pct"] == pytest.approx(float(want.rstrip("%")))
    assert pct == want
