"""docs/plan.md describes the printout's real order (user test s48 plan #4).

"What `tigris plan` says first" said the first lines are the modules, capital and
compute and "only then the objective", while the output (and the later section "What
`tigris plan` prints first") leads with `Money:`. The section now points to the later
one and names `Money:` first; both are checked against the reference's printout (the
session's shared ``reference_plan_text``, no solve of its own).
"""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "plan.md"


def _section(text: str, title: str) -> str:
    start = text.index(title)
    end = text.find("\n#", start + len(title))
    return text[start:end]


def test_says_first_section_names_money_before_the_sentences() -> None:
    sec = _section(DOC.read_text(encoding="utf-8"), "## What `tigris plan` says first")
    assert "What `tigris plan` prints first" in sec  # one description, pointed to
    assert "`Money:`" in sec
    assert sec.index("`Money:`") < sec.index("the modules it")
    assert sec.index("the modules it") < sec.index("the objective last")


def test_the_printout_has_that_order(reference_plan_text) -> None:
    lines = reference_plan_text.out.splitlines()
    assert lines[0].startswith("tigris plan — scenario 'reference'")
    assert lines[1].startswith("Money: Cost ")
    first = {
        key: next(i for i, line in enumerate(lines) if line.startswith(key))
        for key in ("What the investor adds", "Starts ", "Spends ", "Serves ", "Objective")
    }
    order = ["What the investor adds", "Starts ", "Spends ", "Serves ", "Objective"]
    assert [first[k] for k in order] == sorted(first[k] for k in order), first
