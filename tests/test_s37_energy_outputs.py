"""Gas burned and on-site energy in the HTML report, the PNG energy page and
``tigris compare``, the same numbers as ``--json`` (UT-UTILITY #3, session 37); the
emission scopes labelled by basis (#4, #5).

Hand figures (UT-UTILITY, "checked by hand"): the reference's 2,800 MW of on-site gas
at the load factor 0.75 draws 2,800 x 0.75 x 8,766 h = 18.41 TWh a year and burns
18.41e6 MWh x 9.447 MMBtu/MWh (EIA AEO2026 aeroderivative heat rate) = 173.9M MMBtu,
/ 1,036 Btu/cf (EIA heat content) / 365.25 d = 0.46 Bcf/d.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import pytest

GAS_MW, LOAD, HOURS, HEAT_RATE, BTU_PER_CF = 2_800.0, 0.75, 8_766.0, 9.447, 1_036.0
ONSITE_TWH = GAS_MW * LOAD * HOURS / 1e6
GAS_MMBTU = ONSITE_TWH * 1e6 * HEAT_RATE
GAS_BCF_PER_DAY = GAS_MMBTU * 1e6 / BTU_PER_CF / 1e9 / 365.25


def _world(doc: dict[str, Any], year: int) -> dict[str, Any]:
    return next(x for x in doc["power"] if x["region"] == "world" and x["year"] == year)


def test_html_report_has_gas_and_onsite_energy(reference_made: dict[str, Any]) -> None:
    """The energy table's on-site columns and the gas line carry --json's numbers,
    which are the hand figures."""
    doc = json.loads(reference_made["out"])
    page = reference_made["html"]
    table = page.split('id="table-energy"')[1].split("</table>")[0]
    assert "of which on-site generation [TWh]" in table
    assert "on-site gas burned [million MMBtu]" in table
    assert "on-site gas burned [Bcf/d]" in table
    row = table.split(">2035<")[1].split("</tr>")[0]
    world = _world(doc, 2035)
    assert world["onsite_energy_twh"] == pytest.approx(ONSITE_TWH, rel=1e-6)
    assert world["onsite_gas_mmbtu"] == pytest.approx(GAS_MMBTU, rel=1e-4)
    for text in (
        f"{world['onsite_energy_twh']:,.1f}",
        f"{world['onsite_gas_mmbtu'] / 1e6:,.1f}",
        f"{world['onsite_gas_bcf_per_day']:,.2f}",
    ):
        assert f">{text}<" in row, text
    gas = html.unescape(page.split('id="onsite-gas">')[1].split("</p>")[0])
    energy = doc["added"]["energy"]
    mmbtu = energy["gas_mmbtu_by_year"]["2035"]
    bcf = energy["gas_bcf_per_day_by_year"]["2035"]
    assert f"burn {mmbtu / 1e6:,.1f}M MMBtu in 2035 ({bcf:.2f} Bcf/d)" in gas
    assert "173.9M MMBtu" in gas and "(0.46 Bcf/d)" in gas


def test_png_energy_page_has_gas_and_the_right_basis(reference_solved: Any) -> None:
    from tigris.report import report_tables
    from tigris.report.png_pages import energy_page_lines

    text = " ".join(x.text for x in energy_page_lines(report_tables(reference_solved)))
    text = re.sub(r"\s+", " ", text)
    assert f"2035: {ONSITE_TWH:,.1f} TWh on-site, gas 173.9M MMBtu (0.46 Bcf/d)" in text
    assert "burn 173.9M MMBtu in 2035 (0.46 Bcf/d)" in text
    # UT-UTILITY #5: not "all at grid intensity"; the gas is stack CO2, a different basis
    assert "on-site generation at the plant's own intensity" in text
    assert "combustion CO2 at the stack" in text


def test_compare_shows_gas_burned(reference_solved: Any) -> None:
    """``tigris compare`` of the reference against itself lists the on-site rows with
    the hand figures (a gas cap's effect is then a row, not a diff of two texts)."""
    from tigris.runs.compare import metrics_table

    m = metrics_table(reference_solved, reference_solved).set_index("metric")
    assert m.loc["onsite_gas_mmbtu_last_year", "a"] == pytest.approx(GAS_MMBTU, rel=1e-4)
    assert m.loc["onsite_gas_bcf_per_day_last_year", "b"] == pytest.approx(
        GAS_BCF_PER_DAY, rel=1e-3
    )
    assert m.loc["onsite_energy_twh_last_year", "a"] == pytest.approx(ONSITE_TWH, rel=1e-6)
    assert m.loc["onsite_built_mw_online_last_year", "a"] == pytest.approx(GAS_MW)
    # scope 1 of the investor over the horizon, at 501 g/kWh: at least the last year's
    assert m.loc["investor_scope1_t_co2", "a"] > ONSITE_TWH * 1e9 * 501 / 1e6 * 0.999
    assert m.loc["onsite_gas_mmbtu_last_year", "change"] == 0


def test_headline_says_the_scopes_are_on_different_bases(reference_solved: Any) -> None:
    """UT-UTILITY #4: scope 1 (stack CO2 at 501 g/kWh) and scope 2 (life-cycle CO2e at
    369 g/kWh) are summed; the headline says they are on different bases."""
    said = " ".join(reference_solved.headline()["sentences"])
    said = re.sub(r"\s+", " ", said)
    assert "Mt scope 1 on-site" in said
    assert "Bases differ: scope 1 is the gas plant's combustion CO2 at the stack only" in said
    assert "scope 2 is the grid's life-cycle CO2e" in said
