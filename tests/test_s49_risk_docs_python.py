"""docs/risk.md's "From Python" block runs as written on the reference: a member with
data-table cells is applied by splitting it into scenario paths and an overlay of its
cells (user test s49 #7: ``sc.set(members[0])`` refused the reference's cells)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import tigris

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: The docs beside the source of the tigris imported (src/tigris -> docs/), else the
#: repository's: a checkout's docs go with its code.
_BESIDE = Path(tigris.__file__).resolve().parents[2] / "docs" / "risk.md"
DOC = _BESIDE if _BESIDE.is_file() else Path(__file__).resolve().parents[1] / "docs" / "risk.md"


def _block() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("\n## From Python\n") :]
    return section[section.index("```python\n") + len("```python\n") : section.index("\n```\n")]


def test_from_python_block_runs_on_the_reference() -> None:
    code = _block()
    ns: dict[str, Any] = {}
    exec(compile(code, "docs/risk.md", "exec"), ns)
    member = ns["members"][0]
    # the reference's member 0 has cells: what the old example could not apply
    cells = {p: v for p, v in member.items() if p.startswith(("data.", "nodes."))}
    assert cells
    res = ns["res"]
    assert res.ok
    # every scenario path of the member is in force in the planned scenario ...
    one = ns["one"]
    from tigris.scenario.edit import get_path

    for path, value in ns["edits"].items():
        assert get_path(one, path) == value, path
    # ... and the overlay sets each cell: N2's defect density, a node row's column
    doc = yaml.safe_load(ns["data"])
    n2 = next(r for r in doc["nodes"] if r["name"] == "N2")
    assert n2["d0_per_cm2"] == member["nodes.N2.d0_per_cm2"]
