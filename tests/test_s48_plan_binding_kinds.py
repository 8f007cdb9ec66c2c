"""Every ``binding`` kind the planner can emit is documented (user test s48 plan #6).

docs/plan-result.md's list missed ``tie``, ``grid_headroom`` and ``gas``, which
``tigris plan --json`` emits. The kinds are collected from the code, not from a run:
``tigris.plan.result.BINDING_KINDS``, and every kind written as a literal in the plan
package's source (an ``Explanation(...)`` call's first argument or ``kind=``, a shortage
group's ``cause = "..."``, the scanner kinds of ``explain._tools``) must be one of them.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tigris.plan.result import BINDING_KINDS

ROOT = Path(__file__).resolve().parents[1]
PLAN = ROOT / "src" / "tigris" / "plan"


def _literal_kinds() -> set[str]:
    found: set[str] = set()
    for path in sorted(PLAN.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Explanation":
                args = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "kind")]
                for a in args:
                    if isinstance(a, ast.Constant) and isinstance(a.value, str):
                        found.add(a.value)
            targets = []
            if isinstance(node, ast.Assign):
                targets = node.targets
            for t in targets:
                names = t.elts if isinstance(t, ast.Tuple) else [t]
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for n, v in zip(names, values, strict=False):
                    if getattr(n, "id", None) == "cause" and isinstance(v, ast.Constant):
                        found.add(v.value)
    # the scanner kinds: the first item of each (tool, need, supply, label) in _tools
    src = (PLAN / "explain.py").read_text(encoding="utf-8")
    found |= set(re.findall(r'\(\s*"(\w+)", inp\.\w+_tools, inp\.\w+_supply', src))
    return found


def test_every_literal_kind_is_a_binding_kind() -> None:
    kinds = _literal_kinds()
    assert {"tie", "grid_headroom", "gas", "euv", "high_na", "lead_time"} <= kinds, kinds
    assert kinds <= set(BINDING_KINDS), kinds - set(BINDING_KINDS)


def test_plan_result_doc_lists_every_kind() -> None:
    doc = (ROOT / "docs" / "plan-result.md").read_text(encoding="utf-8")
    (row,) = [line for line in doc.splitlines() if line.startswith("| `binding` |")]
    listed = row.split("`kind` in", 1)[1].split(";", 1)[0]
    named = set(re.findall(r"`(\w+)`", listed)) - {"BINDING_KINDS"}
    assert set(BINDING_KINDS) <= named, set(BINDING_KINDS) - named
    assert named <= set(BINDING_KINDS) | {"tigris"}, named - set(BINDING_KINDS)
