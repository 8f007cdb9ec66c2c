"""docs/report.md's figure table states the reference's ``incumbent existing`` layer in
2026 as the tool gives it (UT-DASH #12: the page said 2,937 H100e while
``supply_by_source.csv`` gave 2,274): the stated number is re-derived from a solve of
the reference (the session's ``reference_solved``, shared with the suite's other
reference tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: The stated value in docs/report.md's ``fig-supply`` row.
_STATED = re.compile(r"([\d,]+) H100e in 2026 on the reference")
DOC = Path(__file__).resolve().parents[1] / "docs" / "report.md"


def test_report_doc_states_the_reference_incumbent_existing_2026(reference_solved: Any) -> None:
    (stated,) = _STATED.findall(DOC.read_text(encoding="utf-8"))
    s = reference_solved.supply_by_source
    row = s[(s["year"] == 2026) & (s["source"] == "incumbent existing")]
    assert len(row) == 1
    assert int(stated.replace(",", "")) == round(float(row["h100e"].iloc[0]))
