"""The risk report says what a disruption is in words, not as the scenario entry's raw
fields ("probability: None, probability_source: , kind: region_outage, ...": user test
s49 #9)."""

from __future__ import annotations

import html
import re
from types import SimpleNamespace
from typing import Any

import pytest

EVENTS: list[tuple[dict[str, Any], str]] = [
    (
        {"name": "taiwan-12m", "start_year": 2028, "source": "CSIS war games",
         "probability": None, "probability_source": "", "kind": "region_outage",
         "region": "taiwan", "months": 12.0},
        "taiwan's wafer output out for 12 months from 1 January 2028; no probability "
        "given; source: CSIS war games",
    ),
    (
        {"name": "euv-cut", "start_year": 2028, "source": "ASML fire",
         "probability": 0.05, "probability_source": "my judgement", "kind": "euv_cut",
         "share": 0.5, "years": 2},
        "EUV scanners available to new builds cut by 50% for 2 years from 2028; "
        "probability 0.05 over the horizon (my judgement); source: ASML fire",
    ),
    (
        {"name": "no-gulf-money", "start_year": 2026, "source": "Bloomberg",
         "probability": None, "probability_source": "", "kind": "capital_withdrawn",
         "capital": "abu-dhabi-sovereign"},
        "capital source abu-dhabi-sovereign releases nothing from 2026 on; no probability "
        "given; source: Bloomberg",
    ),
]  # fmt: skip


class _Event:
    """A disruption result as the report reads it, without solving."""

    def __init__(self, event: dict[str, Any]) -> None:
        self.event, self.name, self.kind = event, event["name"], event["kind"]
        self.notes: list[str] = []

    def numbers(self) -> dict[str, Any]:
        return {"event_years": [self.event["start_year"]], "objective": "serve"}

    def lead(self) -> list[str]:
        return []


@pytest.mark.parametrize(("event", "words"), EVENTS, ids=[e["name"] for e, _ in EVENTS])
def test_report_says_the_event_in_words(event: dict[str, Any], words: str) -> None:
    from tigris.report.risk_html import _disruptions_html

    page = _disruptions_html(SimpleNamespace(disruptions=[_Event(event)]))
    said = re.search(r"</h3><p>(.*?)</p>", page)
    assert said is not None
    text = html.unescape(said.group(1))
    assert text == words
    for raw in ("probability: None", "kind:", "probability_source:", "None"):
        assert raw not in text
