"""Source texts say what they compute, and the Poisson yield is credited to its authors.

User test s47 #11: ``edge_exclusion_mm``'s source said "60.5 ... instead of 63.5 without
the scribe lane", but 63.48 is the count with neither edge exclusion nor scribe lane
(60.51: 3 mm edge, no scribe); the Poisson model was credited to Murphy 1964, who
compared it (it is Wallmark 1960 / Hofstein & Heiman 1963).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tigris.data import load_rows
from tigris.silicon import gross_dies_estimate
from tigris.silicon import yields as yields_module

ROOT = Path(__file__).resolve().parents[1]


def test_edge_exclusion_source_numbers_are_the_formula() -> None:
    row = next(r for r in load_rows("silicon_params") if r["parameter"] == "edge_exclusion_mm")
    source = row["source"]
    derived = re.search(r"re-derived [\d-]+: ([\d.]+), ([\d.]+), ([\d.]+), ([\d.]+)", source)
    assert derived, source
    # in the order of the sentence: (edge, scribe) = (3, 0), (0, 0), (3, 0.1), (0, 0.1)
    for text, (edge, scribe) in zip(
        derived.groups(), ((3, 0), (0, 0), (3, 0.1), (0, 0.1)), strict=True
    ):
        got = float(gross_dies_estimate(814.0, 300.0, edge_mm=edge, scribe_mm=scribe))
        assert got == pytest.approx(float(text), abs=0.005), (edge, scribe)
    assert "with neither edge exclusion nor scribe lane" in source


def test_poisson_credited_to_wallmark_and_hofstein_heiman() -> None:
    doc = yields_module.__doc__ or ""
    line = next(ln for ln in doc.splitlines() if ln.startswith("``poisson``"))
    assert "Wallmark (1960)" in line and "Murphy" not in line
    silicon = (ROOT / "docs" / "silicon.md").read_text(encoding="utf-8")
    assert "| `poisson` | e^(−x) | Wallmark 1960; Hofstein & Heiman 1963 |" in silicon
