"""User test s50 (Python API) #1: ``headline()``'s documented shape is its real shape.

docs/plan-result.md and the ``PlanResult.headline`` docstring described an old shape:
``key`` as one sentence (it is ``key_first + key_more``), no word of ``key_first``,
``key_more``, ``per_added_note`` or ``why_fewer``, the docstring without ``hbm``,
``fab_water``, ``compute_intensity`` and ~19 ``numbers``, and ``objective_usd`` said to
be last. Both lists are held here to the keys a real plan's headline has, so that
neither can go stale again.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import tigris
from tigris.plan.result import PlanResult

ROOT = Path(__file__).resolve().parents[1]
SMALL = "docs/examples/small-plan.yaml"


@pytest.fixture(scope="module")
def head() -> dict[str, Any]:
    return tigris.plan(tigris.load_scenario(SMALL), explain=False).headline()


def _table_names(text: str, header: str) -> list[str]:
    """The backticked names in the first column of the markdown table under ``header``."""
    lines = text.splitlines()
    start = lines.index(header)
    names = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        first = line.split("|")[1]
        names += re.findall(r"`([a-z0-9_]+)`", first)
    return names


def test_plan_result_md_lists_the_headlines_keys(head: dict[str, Any]) -> None:
    text = (ROOT / "docs" / "plan-result.md").read_text("utf-8")
    assert sorted(_table_names(text, "| key | what |")) == sorted(head)
    # the numbers in the order the dict holds them (the doc says "in this order")
    assert _table_names(text, "| number | what |") == list(head["numbers"])


def test_the_docstring_lists_the_headlines_keys(head: dict[str, Any]) -> None:
    doc = PlanResult.headline.__doc__ or ""
    returns = doc[doc.index("Returns") :]
    said = set()
    for line in returns.splitlines():
        m = re.match(r"\s*((?:``\w+``(?:, )?)+):", line)
        if m:
            said |= set(re.findall(r"``(\w+)``", m.group(1)))
    assert said == set(head)
    numbers = returns[returns.index("``numbers``:") : returns.index("``builds``:")]
    named = set(re.findall(r"``([a-z0-9_]+)``", numbers)) - {"numbers", "serve", "npv", "world"}
    assert named == set(head["numbers"])


def test_the_key_is_its_two_parts(head: dict[str, Any]) -> None:
    assert head["key"] == head["key_first"] + head["key_more"]
    assert head["sentences"][0] == head["key"]
    # the small plan's headline has ten sentences, as docs/plan-result.md says (its
    # CoWoS line's energy the ninth: a plan without data centres counts its fabs)
    assert len(head["sentences"]) == 10
    assert head["sentences"][8].startswith("In 2029 the investor's own fabs draw")
    text = " ".join((ROOT / "docs" / "plan-result.md").read_text("utf-8").split())
    assert "The small example plan has ten" in text
