"""User test s47 #14: docs/scenario-files.md's "The world the plan starts from" said
"Every field is optional" and its YAML example failed ``scenario check`` with seven
missing required fields; the part now lists the required fields and its example is a
whole, valid scenario."""

from __future__ import annotations

import re
from pathlib import Path

from tigris.scenario.schema import Scenario

DOC = Path(__file__).resolve().parents[1] / "docs" / "scenario-files.md"
HEADING = "## The world the plan starts from"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(HEADING)
    end = text.index("\n## ", start + len(HEADING))
    return text[start:end]


def test_the_world_example_is_a_valid_scenario(run_cli, tmp_path: Path) -> None:
    block = re.search(r"```yaml\n(.*?)```", _section(), re.S)
    assert block is not None
    path = tmp_path / "world.yaml"
    path.write_text(block.group(1), encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert res.code == 0, res.err
    assert "scenario 'world-layer'" in " ".join(res.out.split())


def test_the_part_names_every_required_field() -> None:
    section = _section()
    required = [k for k, f in Scenario.model_fields.items() if f.is_required()]
    assert "Every field is optional" not in section
    for name in required:
        assert f"`{name}`" in section, name
