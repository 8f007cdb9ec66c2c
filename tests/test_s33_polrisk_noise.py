"""Numbers as people read them (user test UT-POLICY, 2026-12-04, #9): the risk
report's "Futures" table showed raw ``9.71e+13`` (USD) and ``8.641e+09`` (H100e), and
its disruption table's objective ``8.028e+04`` (billion USD)."""

from __future__ import annotations

import re

import pandas as pd

#: The user's futures (the reference, --samples 4 --seed 1 --disruption taiwan-12m
#: --stochastic 2: member-0's row and the disruption's, from their risk.html).
FUTURES = pd.DataFrame(
    {
        "scenario": ["member-0", "disruption:taiwan-12m"],
        "probability": [1 / 3, 1 / 3],
        "cost_usd": [97096673353105.9, 80631714771182.94],
        "unmet_h100e": [8641478076.826088, 7207179945.075792],
        "unmet_share": [0.8844799408845491, 0.8642550735306517],
        "cost_ev_usd": [96861820821878.12, float("inf")],
        "cost_ws_usd": [96820834905293.77, 80565845176491.75],
    }
)


def _cells(html: str) -> list[str]:
    return re.findall(r"<td[^>]*>([^<]*)</td>", html)


def test_futures_are_in_display_units_without_exponents() -> None:
    from tigris.report.risk_html import _futures_table

    html = _futures_table(FUTURES)
    cells = _cells(html)
    assert not [c for c in cells if "e+" in c or "e-" in c]
    # $97,097B = 97,096,673,353,105.9 / 1e9; 8,641M H100e; 88.45 %; 33.33 %
    assert "97,097" in cells and "8,641" in cells and "88.45" in cells and "33.33" in cells
    assert "–" in cells  # EEV infinite where the plan as made cannot be carried out
    heads = re.findall(r"<th[^>]*>([^<]*)</th>", html)
    assert heads[2] == "robust plan: objective [billion USD]"
    assert heads[3] == "robust plan: unmet [million H100e]"
    assert heads[1] == "probability [%]"
    # the exact value stays behind the shown one
    assert 'data-value="97096673353105.9">97,097<' in html


def test_a_cell_of_ten_thousand_or_more_is_a_whole_number() -> None:
    from tigris.report.risk_html import _num

    assert _num(80276784058743.66, 1e9)[0] == "80,277"  # was 8.028e+04
    assert _num(9999.4)[0] == "9,999"
    assert _num(1234.5)[0] == "1,234"  # 4 significant digits below 10,000, as before
    assert _num(0.0012345)[0] == "0.001234"
