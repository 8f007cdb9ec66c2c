"""The risk report's quantile table names the investor's IRR and payback year and shows
a year as a year (2029, not 2,029): the rows tigris risk gained for UT-MONEY #5."""

from __future__ import annotations

import re

from tests.test_w7_risk_irr import SAMPLES, SEED, TEXT


def test_report_names_irr_and_payback_and_prints_years_plainly(tmp_path) -> None:
    """The plan as planned pays back in 2029 (SMALL_3Y, by salvage after 2028:
    tests/test_w7_risk_irr.py derives it by hand)."""
    from tigris.risk.api import risk

    res = risk(TEXT, samples=SAMPLES, seed=SEED, workers=0)
    path = res.write_report(tmp_path / "risk.html")
    text = re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))
    assert "Investor&#x27;s IRR (with salvage)" in text
    row = text[text.index("Investor&#x27;s payback year") :][:200]
    assert "2029" in row and "2,029" not in row
