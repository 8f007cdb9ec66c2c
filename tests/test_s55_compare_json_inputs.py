"""``compare --json``'s ``inputs`` are the values the model reads, the table's rows; the
text about them (a ``source``, the scenario's name) is in ``text_only_inputs`` only
(user test 2026-12-07: the table listed 3 inputs and ``inputs`` held 6, sources and the
name among them)."""

from __future__ import annotations

from pathlib import Path

import tigris
from tests.conftest import SMALL
from tigris.runs.compare import compare


def test_inputs_hold_the_model_values_and_text_apart(tmp_path: Path) -> None:
    f = tmp_path / "small.yaml"
    f.write_text(SMALL)
    a = tigris.load_scenario(f)
    b = a.set("discount_rate", 0.10).set("name", "other")
    doc = compare(a, b).to_dict()
    assert [r["path"] for r in doc["inputs"]] == ["discount_rate"]
    assert doc["text_only_inputs"] == ["name"]
