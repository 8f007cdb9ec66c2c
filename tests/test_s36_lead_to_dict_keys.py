"""``to_dict()`` is strict JSON: by-year maps keyed by the year as text (docs/plan-result.md).

8a17598 made ``PlanResult.to_dict()`` equal ``tigris plan --json`` (RV-S36 #2: the key
change was not documented). The docs now say it; this pins what they say.
"""

from __future__ import annotations

import json
from typing import Any


def test_by_year_keys_are_text_and_the_doc_says_so(reference_solved: Any) -> None:
    doc = reference_solved.to_dict()
    by_year = doc["added"]["h100e_by_year"]
    assert set(by_year) == {str(y) for y in range(2026, 2036)}
    assert json.loads(json.dumps(doc, allow_nan=False))["added"]["h100e_by_year"] == by_year
    assert all(isinstance(r["year"], int) for r in doc["power"])  # tables keep numbers
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "docs" / "plan-result.md").read_text("utf-8")
    assert '`["h100e_by_year"]["2035"]`' in " ".join(text.split())
