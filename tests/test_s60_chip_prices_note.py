"""``tigris chip NAME --year Y`` says its prices are the launch prices, with the plan's
for Y beside them (user test 2026-12-07, chaining the verbs: B200's 2027 HBM read
$12.5/GB in chip against the plan's $7.68 with no word).
"""

from __future__ import annotations

import re

import pytest

from tigris.finance.prices import hbm_price_usd_per_gb


def test_the_note_gives_the_bills_price_and_the_plans(run_cli) -> None:
    res = run_cli("chip", "b200", "--year", "2027", "--json")
    doc = res.json()
    text = " ".join(run_cli("chip", "b200", "--year", "2027").out.split())
    m = re.search(r"(HBM3e) \$([\d.]+)/GB \(plan \$([\d.]+)\)", text)
    assert m is not None, text
    # the bill's own price per GB: its HBM cost over its GB (the --json bill)
    assert float(m.group(2)) == pytest.approx(
        doc["cost_breakdown_usd"]["hbm"] / doc["hbm_gb_per_unit"], abs=0.005
    )
    # the plan's: the price series the plan reads for that generation and year
    assert float(m.group(3)) == pytest.approx(float(hbm_price_usd_per_gb("HBM3e", 2027)), abs=0.005)
    assert "launch prices, not 2027's" in text


def test_no_note_without_a_year(run_cli) -> None:
    assert "launch prices" not in run_cli("chip", "b200").out
