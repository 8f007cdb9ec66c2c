"""The dashboard's disruption sentence says a plan the event left unpaid is "not
fundable: $X short", as ``tigris risk`` and the risk report do (user test 2026-12-03,
fourth session, #7: "demand unmet 86.2% with the builds as made, 86.4% re-optimised"
read as if doing nothing beat re-planning, when the builds as made were $8.68B short).

The disruptions are those of ``tests/test_risk_disruptions.py`` (their fixtures, solved
once there): ``no-fund`` withdraws the fund that pays the plan's builds, so the fixed
plan has a funding gap; a Taiwan outage removes no money, so both plans are fundable.
"""

from __future__ import annotations

from tests.test_risk_disruptions import disrupted, tw3  # noqa: F401  (fixtures)
from tigris import fmt
from tigris.serve.layout import headline_texts
from tigris.serve.view import _disruption


def _sentence(result) -> str:
    view = {"headline": {"numbers": {}, "disruption": _disruption(result)}}
    return str(headline_texts(view)["headline-sentences"][0].children)


def test_unpaid_builds_are_not_fundable_on_the_page(disrupted):  # noqa: F811
    d = disrupted["no-fund"]
    assert d.funding_gap_usd > 1.0  # the event leaves the builds as made unpaid
    text = _sentence(d)
    assert f"not fundable: {fmt.money(d.funding_gap_usd)} short" in text, text
    assert "with the builds as made" not in text, text  # no unmet share to compare
    assert "re-optimised" in text


def test_a_fundable_disruption_keeps_both_unmet_shares(disrupted):  # noqa: F811
    d = disrupted["taiwan-24m"]
    assert d.funding_gap_usd == 0.0 and d.reoptimised_funding_gap_usd == 0.0
    text = _sentence(d)
    assert "not fundable" not in text
    assert "with the builds as made" in text and "re-optimised (shown)" in text
