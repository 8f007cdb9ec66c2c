"""The README's command table names every verb ``tigris --help`` lists."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_verb_is_in_the_readme_command_table(run_cli) -> None:
    res = run_cli("--help")
    assert res.code == 0
    verbs = set(re.findall(r"^│ ([a-z]+) {2,}\S", res.out, flags=re.M))
    assert {"plan", "hindcast", "report"} <= verbs
    table = set(re.findall(r"^\| `tigris ([a-z]+)", README.read_text(encoding="utf-8"), re.M))
    assert verbs - table == set()
