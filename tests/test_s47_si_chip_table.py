"""``tigris chip``'s table prints a huge cost readably and a negative margin as negative.

User test s47 #7: ``chip h100 --d0 20`` printed the cost as "$3,457,036,998,110,580..."
(cut off by the table) and the gross margin, -1.26e55 %, was cut to a bare "-" in a
narrow terminal, the mark of "no catalog price".
"""

from __future__ import annotations

import pytest


def _row(text: str, label: str) -> list[str]:
    rows = [[c.strip() for c in ln.split("│")] for ln in text.splitlines() if "│" in ln]
    return next(r for r in rows if r[1] == label)


@pytest.mark.parametrize("columns", ["80", "200"])
def test_extreme_d0_cost_and_margin_read_whole(run_cli, monkeypatch, columns) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    res = run_cli("chip", "h100", "--d0", "20")
    assert res.code == 0, res.err
    doc = run_cli("chip", "h100", "--d0", "20", "--json").json()
    cost = _row(res.out, "manufacturing cost")[2]
    assert float(cost.lstrip("$")) == pytest.approx(doc["manufacturing_cost_usd"], rel=1e-3)
    margin = _row(res.out, "gross margin")[2]
    assert margin.startswith("-") and margin.endswith("%")
    assert float(margin.rstrip("%")) == pytest.approx(100 * doc["gross_margin"], rel=1e-3)


def test_ordinary_bill_and_no_price_unchanged(run_cli, monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    h100 = run_cli("chip", "h100").out
    assert _row(h100, "manufacturing cost")[2] == "$3,624"
    assert _row(h100, "gross margin")[2:4] == ["86.8%", "of the catalog price"]
    rubin = run_cli("chip", "rubin").out
    assert _row(rubin, "gross margin")[2:4] == ["–", "no catalog price"]
