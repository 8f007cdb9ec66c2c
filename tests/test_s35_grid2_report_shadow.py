"""GRID-2 (UT-GRID #9): the report's shadow-price caption does not call a full year's
$0 data-centre power price "not binding", and points to the window re-solve.

The caption said "N of M rows are worth $0 (the resource does not bind)"; on the
reference the pool is full in every year and still 4 of its 10 ``datacenter power``
rows are $0. (It was skipped until /work/notes/GRID-2-report-shadow.patch was applied,
detected by the ticket id "UT-GRID #9" in report/money.py's caption; the caption no
longer shows internal ticket ids, user test s49 #9, and the patch is in.)
"""

from __future__ import annotations

from typing import Any

import tigris.report.money as money


def test_caption_on_the_reference(reference_explained: Any) -> None:
    from tigris.report.result import report_tables

    text = money.shadow_html(report_tables(reference_explained))
    assert "(the resource does not bind)" not in text
    assert "the pool is full but the fleet&#x27;s later years bind" in text
    assert "re-solve" in text
