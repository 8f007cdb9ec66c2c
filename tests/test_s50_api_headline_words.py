"""User test s50 (Python API) #3, #4, #6: the headline's words and numbers.

#3: the small plan's only module is in its ramp year at the horizon's end, so a going
concern keeps it at book value (docs/finance.md, "Terminal value") and the NPV "with the
modules valued as a going concern instead of at book value" is the book-value NPV; the
headline gave that same figure as a second estimate, without a word why.
#4: an infeasible plan solved with ``explain=False`` ended "see why below." with
nothing below (``result.binding`` empty).
#6: ``numbers["npv_other_terminal_usd"]`` was a ``numpy.float64``, every other a float.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

import tigris
from tigris.plan.inputs import INVESTOR

SMALL = "docs/examples/small-plan.yaml"


@pytest.fixture(scope="module")
def small() -> Any:
    return tigris.plan(tigris.load_scenario(SMALL), explain=False)


def test_the_same_npv_under_both_conventions_is_said_why(small: Any) -> None:
    n = small.headline()["numbers"]
    assert n["terminal_going_concern"] == 0.0  # the small plan values at book
    # the world: no module of the investor's at full output in the last year (its
    # fixed opex, the module's times its output share, still rising then) ...
    flows = small.cash_flows
    mine = flows[flows["owner"] == INVESTOR]
    last = int(small.horizon[1])
    assert len(mine)
    for _, g in mine.groupby(["site", "facility", "start_year"]):
        opex = g.set_index("year")["opex_usd"]
        assert opex.get(last, 0.0) > opex.get(last - 1, 0.0)
    # ... so the going-concern NPV is the book one
    assert math.isclose(n["npv_other_terminal_usd"], n["npv_usd"], abs_tol=0.5)
    more = small.headline()["key_more"]
    assert "same NPV" in more and "steady state" in more
    assert str(small.horizon[1]) in more


def test_the_cli_prints_it_the_same_way(run_cli: Any) -> None:
    res = run_cli("plan", SMALL)
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert "the modules give the same NPV" in text
    assert "none of the investor's is at its steady state" in text


def test_every_headline_number_is_a_plain_float(small: Any) -> None:
    numbers = small.headline()["numbers"]
    odd = {k: type(v).__name__ for k, v in numbers.items() if type(v) is not float}
    assert odd == {}


def test_an_unexplained_infeasible_plan_does_not_point_below() -> None:
    sc = tigris.load_scenario(SMALL).set("capital.fund.amount_usd", 5e8)
    result = tigris.plan(sc, min_served_share=1.0, explain=False, counterfactual=False)
    assert result.status == "infeasible" and result.binding == []
    last = result.headline()["sentences"][-1]
    assert last.startswith("No plan (infeasible)")
    assert "below" not in last
    assert "explain=True" in last


def test_an_explained_infeasible_plan_points_to_its_why() -> None:
    sc = tigris.load_scenario(SMALL).set("capital.fund.amount_usd", 5e8)
    result = tigris.plan(sc, min_served_share=1.0, counterfactual=False)
    assert result.binding  # the why, which tigris plan prints under the headline
    assert result.headline()["sentences"][-1].endswith("see why below.")


def test_the_report_row_says_why_the_npv_is_the_same(small: Any) -> None:
    """The HTML report's key table gives the other convention's NPV with the same note
    as the headline's sentence (the report showed the figure with no word why)."""
    from tigris.report.headline import key_rows
    from tigris.report.result import report_tables

    n = small.headline()["numbers"]
    assert math.isclose(n["npv_other_terminal_usd"], n["npv_usd"], abs_tol=0.5)
    rows = {q: u for q, _, u in key_rows(report_tables(small))}
    row = next(u for q, u in rows.items() if q.startswith("the investor's NPV with the modules"))
    assert "the same NPV" in row and "steady state" in row and str(small.horizon[1]) in row
