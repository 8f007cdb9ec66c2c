"""docs/plan.md "Why is demand unmet?" states the code's re-solve budget and quotes
today's run (user test s48 plan #5).

It said "at most six per run (MAX_RESOLVES: two for capacity, two for … power, one for
grid headroom; and two more for the product-mix bounds)", leaving out capital, the
scanners and gas, and its worked example quoted a run of days before ("$137M for 484
H100e more", "$79.4M while serving 1,347 H100e fewer … 8,068 H100e"). Every
"`NAME` = N" of the section must be the code's constant, the total their sum, and the
example's figures must be in the reference's printout (the session's shared
``reference_plan_text``, no solve of its own).
"""

from __future__ import annotations

import re
from pathlib import Path

from tigris.plan import explain, explain_base, explain_gas, explain_mix, explain_power

DOC = Path(__file__).resolve().parents[1] / "docs" / "plan.md"
_WORDS = {"six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11}


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index("## Why is demand unmet?")
    return text[start : text.index("\n## ", start + 1)]


def test_the_budget_in_the_doc_is_the_codes() -> None:
    sec = " ".join(_section().split())
    named = dict(re.findall(r"`(_?MAX_[A-Z_]+)` = (\d+)", sec))
    code = {
        "MAX_RESOLVES": explain_base.MAX_RESOLVES,
        "_MAX_CAPACITY_RESOLVES": explain._MAX_CAPACITY_RESOLVES,
        "_MAX_POWER_RESOLVES": explain._MAX_POWER_RESOLVES,
        "_MAX_GRID_RESOLVES": explain_power._MAX_GRID_RESOLVES,
        "MAX_MIX_RESOLVES": explain_mix.MAX_MIX_RESOLVES,
        "MAX_GAS_RESOLVES": explain_gas.MAX_GAS_RESOLVES,
    }
    assert {k: int(v) for k, v in named.items()} == code
    (total,) = re.findall(r"at most (\w+) per run", sec)
    assert _WORDS[total] == (
        code["MAX_RESOLVES"] + code["MAX_MIX_RESOLVES"] + code["MAX_GAS_RESOLVES"]
    )


def test_the_worked_example_is_todays_run(reference_plan_text) -> None:
    sec = " ".join(_section().split())
    out = " ".join(reference_plan_text.out.split())
    for quoted in (
        "by $138M while serving 1,851 H100e fewer over the horizon",
        "(mostly from serving earlier: $174M of it re-timing, 7,774 H100e served earlier "
        "at a higher penalty (7,774 served more and 9,626 less, by class and year); "
        "$32.5M more penalty on the H100e fewer served",
        "$3.69M more real cost)",
    ):
        assert quoted in sec, quoted
        assert quoted in out, quoted
