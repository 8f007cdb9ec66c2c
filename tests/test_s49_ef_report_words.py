"""The report shows no internal ticket ids, and a zero rate says why the going-concern
NPV is missing (user test s49, energy and finance #9).

- The money section's note ended "... discounted to 2026 (usertest_money M4)" and the
  shadow-price caption "... re-solve (UT-GRID #9)": ids of internal tickets, meaningless
  to a reader of the report.
- With ``discount_rate: 0`` the headline dropped the NPV with the modules valued as a
  going concern without a word: that value is a perpetuity ``NOPAT (1 + r)/r``
  (docs/finance.md, "Terminal value"), undefined at r = 0. At r = 0 the NPV is the plain
  sum of the investor's net cash flows, checked here as well.
"""

from __future__ import annotations

import html
import math
import re
from typing import Any

import pytest

pytest.importorskip("tigris.report")

#: Internal ticket ids as the sources write them (usertest_money M4, UT-GRID #9).
TICKET = re.compile(r"usertest_\w+|\bUT-[A-Z]+ #\d+")


def _text(page: str) -> str:
    """A report page's visible text: scripts and tags dropped, entities decoded."""
    page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_the_reference_report_shows_no_ticket_ids(reference_made: dict[str, Any]) -> None:
    assert reference_made["code"] == 0, reference_made["err"]
    text = _text(reference_made["html"])
    assert "Money: NPV, IRR and payback" in text  # the money section is there
    assert "re-solve" in text  # the shadow-price caption that carried UT-GRID #9 is there
    assert not TICKET.findall(text), sorted(set(TICKET.findall(text)))


@pytest.fixture(scope="module")
def at_zero() -> Any:
    from tigris.plan import solve
    from tigris.scenario import load_scenario
    from tigris.scenario.edit import set_paths

    sc = set_paths(load_scenario("docs/examples/small-plan.yaml"), {"discount_rate": 0.0})
    return solve(sc)


def test_at_a_zero_rate_the_headline_says_the_going_concern_npv_is_undefined(at_zero) -> None:
    head = at_zero.headline()
    n = head["numbers"]
    f = at_zero.finance_flows
    mine = f[(f["level"] == "owner") & (f["name"] == "investor")]
    assert n["npv_usd"] == pytest.approx(float(mine["net_usd"].sum()), rel=1e-9)  # r = 0
    assert n["terminal_going_concern"] == 0.0  # book value
    assert math.isnan(n["npv_other_terminal_usd"])  # no going-concern alternative
    assert "as a going concern instead" in head["key"], head["key"]
    assert "undefined at a real discount rate of 0%" in head["key"], head["key"]


def test_at_a_zero_rate_the_report_row_says_undefined(at_zero) -> None:
    from tigris.report.headline import key_rows
    from tigris.report.result import report_tables

    rows = {q: v for q, v, _ in key_rows(report_tables(at_zero))}
    going = [q for q in rows if "going concern" in q]
    assert going and rows[going[0]] == "undefined at a 0 % rate", rows
