"""A ``--data`` node's wafer price and an HBM generation's price per GB reach the plan
(user test 2026-12-05, data #1).

``tigris chip`` priced a part with its overlay rows, but the plan read
``data/prices.csv`` alone: a replaced N4 at $40,000 a wafer was priced as the shipped
N5 series, a new node N2X (based on N2) at N2's, and a new HBM generation or node family
with no price item was refused ("no price for HBM generation HBM4X in
data/prices.csv"). Now the row's figure scales the shipped series it is read for (its
figure over the shipped row's), or, with no series, is its price in every year; a row
re-stating the shipped figure changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tigris.overlay import data_overlay
from tigris.plan import solve

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
SMALL = EXAMPLES / "small-plan.yaml"

OVERLAY = """\
nodes:
  - name: N2X
    based_on: N2
    wafer_price_usd: 33000
    source: "test: N2 at +10 %"
    as_of: 2025-06
hbm:
  - name: HBM4X
    based_on: HBM4
    stack_capacity_gb: 48
    price_usd_per_gb: 30
    source: "test: a new generation"
    as_of: 2025-06
accelerators:
  - name: acme-x2
    based_on: b200
    node: N2X
    hbm_stacks: 8
    hbm_generation: HBM4X
    memory_gb: 384
    source: "test part"
    as_of: 2025-06
"""


def _prices(result: Any) -> dict[str, tuple[str, str]]:
    a = result.assumptions
    rows = a[a["parameter"].str.startswith("price ")]
    return {
        p: (str(v), str(s))
        for p, v, s in zip(rows["parameter"], rows["value"], rows["source"], strict=True)
    }


def _solve(tmp: Path, scenario: str, overlay: str | None) -> Any:
    path = tmp / "s.yaml"
    path.write_text(scenario, encoding="utf-8")
    if overlay is None:
        return solve(path, counterfactual=False, explain_result=False)
    data = tmp / "d.yaml"
    data.write_text(overlay, encoding="utf-8")
    with data_overlay(data):
        return solve(path, counterfactual=False, explain_result=False)


def test_new_rows_are_priced_by_their_own_figures(tmp_path: Path) -> None:
    text = SMALL.read_text(encoding="utf-8")
    text = text.replace("  - name: b200\n", "  - name: b200\n  - name: acme-x2\n", 1)
    text = text.replace("  - kind: cowos\n", "  - kind: logic\n    node: N2X\n  - kind: cowos\n", 1)
    assert "acme-x2" in text and "N2X" in text
    with_n2 = text.replace("node: N2X", "node: N2")
    ours = _prices(_solve(tmp_path, text, OVERLAY))
    # N2X: the N2 series (from a plan of N2 itself) times 33,000 / 30,000
    n2 = _prices(_solve(tmp_path, with_n2.replace("  - name: acme-x2\n", ""), None))
    (n2_key,) = [k for k in n2 if "(N2)" in k]
    (x_key,) = [k for k in ours if "(N2X)" in k]
    first = [float(x.replace(",", "")) for x in n2[n2_key][0].split(" -> ")]
    got = [float(x.replace(",", "")) for x in ours[x_key][0].split(" -> ")]
    assert got == pytest.approx([v * 33_000 / 30_000 for v in first], rel=1e-3)
    assert "--data" in ours[x_key][1] and "33000 over 30000" in ours[x_key][1]
    # HBM4X: no series in data/prices.csv, its own $30/GB
    assert ours["price HBM HBM4X"][0] == "30"
    assert "--data" in ours["price HBM HBM4X"][1]


def test_a_restated_row_changes_nothing(tmp_path: Path) -> None:
    from tigris.nodes import get_node

    same = f"""\
nodes:
  - name: N4
    based_on: N4
    wafer_price_usd: {get_node("N4").wafer_price_usd:g}
    source: "test: the shipped figure again"
    as_of: 2025-06
"""
    text = SMALL.read_text(encoding="utf-8")
    plain = _solve(tmp_path, text, None)
    again = _solve(tmp_path, text, same)
    assert _prices(again) == _prices(plain)
    doubled = same.replace(
        f"{get_node('N4').wafer_price_usd:g}", f"{2 * get_node('N4').wafer_price_usd:g}"
    )
    twice = _prices(_solve(tmp_path, text, doubled))
    (key,) = [k for k in twice if k.startswith("price logic-") and "(N4)" in k]
    a = [float(x.replace(",", "")) for x in _prices(plain)[key][0].split(" -> ")]
    b = [float(x.replace(",", "")) for x in twice[key][0].split(" -> ")]
    assert b == pytest.approx([2 * v for v in a], rel=1e-3)
