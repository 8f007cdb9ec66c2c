"""The reference plan's 2026 NVIDIA mix against Epoch AI's first-half 2026 shipments
(S37 FIX-WORLD; user test UT-ANALYST #1).

The 2026 bands of b200 and b300 in ``data/roadmap.csv`` are set from statements
independent of the H1-2026 rows (NVIDIA's CFO on the Q3 FY2026 call: GB300 about 2/3 of
Blackwell revenue; TrendForce's 2026 Blackwell and Rubin shares of NVIDIA's
shipments). The H1-2026 rows (``data/accelerator_shipments.csv``, ``first_half``,
test-only) are held out: these tests read them, nothing in the plan does.

Claims written before the plan was run with the new bands (2026-12-04 ~21:37 UTC):

A. the plan's whole-year 2026 B300 units >= Epoch's H1-2026 B300 units;
B. the plan's 2026 B300 share of Blackwell units, B300 / (B200 + B300), lies in
   [0.65, 0.95] (Epoch H1-2026: 2,326,916 / (2,326,916 + 570,512) = 0.80).

Result: B holds (0.72); A fails by 2 % (2,277,716 against 2,326,916): NVIDIA's
whole-year total is set by the data-centre power the plan can plug parts into (UT-ANALYST
#2), not by the mix, so it stays an expected failure with its reason.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.conftest import data_table


def _h1_2026(accelerator: str) -> float:
    rows = [
        r
        for r in data_table("accelerator_shipments")
        if r.get("accelerator") == accelerator
        and str(r.get("year")) == "2026"
        and r.get("bound") == "first_half"
    ]
    assert len(rows) == 1, rows
    return float(rows[0]["units"])


def _units_2026(plan: dict[str, Any], product: str) -> float:
    return sum(
        r["units"] for r in plan["production"] if r["year"] == 2026 and r["product"] == product
    )


@pytest.fixture(scope="module")
def plan(reference_plan_json: str) -> dict[str, Any]:
    return json.loads(reference_plan_json)


def test_b300_share_of_blackwell_2026_within_band(plan: dict[str, Any]) -> None:
    """Claim B: the band [0.65, 0.95] holds the held-out H1-2026 share (0.80)."""
    h1 = _h1_2026("b300") / (_h1_2026("b300") + _h1_2026("b200"))
    assert 0.65 <= h1 <= 0.95  # the band is about the world, not only the plan
    b300, b200 = _units_2026(plan, "b300"), _units_2026(plan, "b200")
    assert 0.65 <= b300 / (b200 + b300) <= 0.95


@pytest.mark.xfail(
    strict=True,
    reason="claim A fails by 2 %: the plan's 2026 NVIDIA total is set by the data-centre "
    "power table (UT-ANALYST #2), so whole-year B300 (2.28M) falls short of Epoch's H1 "
    "B300 (2.33M) even with B300 at >= 2/3 of Blackwell",
)
def test_whole_year_b300_at_least_first_half(plan: dict[str, Any]) -> None:
    """Claim A: a whole year ships at least what its first half did."""
    assert _units_2026(plan, "b300") >= _h1_2026("b300")
