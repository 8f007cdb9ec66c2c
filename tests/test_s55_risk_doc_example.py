"""docs/risk.md's "Distributions in a scenario" example fits the reference: put in a
copy of it, every distribution holds the reference's value, so ``tigris risk`` does not
refuse it (user test 2026-12-07 #3: its discount rate was the nominal WACC range
0.07-0.108, the reference's rate is real, 0.0552, and risk refused the copy)."""

from __future__ import annotations

import re
from pathlib import Path

from tigris.risk.support import mismatches
from tigris.scenario import reference_scenario
from tigris.yamlio import parse_yaml

DOC = Path(__file__).resolve().parents[1] / "docs" / "risk.md"


def test_the_example_distributions_hold_the_reference_values() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## Distributions in a scenario") :]
    block = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert block is not None
    given = parse_yaml(block.group(1))  # as tigris reads a scenario (YAML 1.2: 8.0e9)
    sc = reference_scenario().model_copy(update={"distributions": None, "correlations": None})
    doc = sc.model_dump(mode="json", exclude_none=True)
    doc.update(given)
    edited = type(sc).model_validate(doc)
    assert set(edited.distributions) == set(given["distributions"])
    outside = [m.path for m in mismatches(edited) if m.outside]
    assert outside == [], outside
