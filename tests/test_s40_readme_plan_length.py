"""The README's "about N lines at 80 columns" for ``tigris plan`` is what it prints
(user test 2026-12-05 #9: it said about 120 lines; the reference prints ~290)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

README = Path(__file__).resolve().parents[1] / "README.md"


def test_the_readme_says_how_long_the_reference_printout_is(reference_plan_text: Any) -> None:
    said = re.search(r"tigris plan +# the reference scenario \(about (\d+) lines at 80 columns\)",
                     README.read_text(encoding="utf-8"))  # fmt: skip
    assert said, "README: the tigris plan line and its length"
    lines = len(reference_plan_text.out.splitlines())
    assert abs(lines - int(said.group(1))) <= 0.15 * lines, lines  # "about": within 15 %
