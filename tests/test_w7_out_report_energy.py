"""The report's energy table and headline lines show a small fleet in MW, not as zeros
(user test D2, the report's side).

A hand ``power`` table shaped as the docs' neuromorphic example in 2029-2030: 32,000
NPUs at 12.75 W x 1.08 (IT overhead) = 0.4406 MW of IT, x PUE 1.1 = 0.4847 MW of
facility power, against one 100-MW module (75 MW online in its ramp year); energy
0.4847 MW x 0.75 (load factor) x 8,766 h = 3,187 MWh = 0.00319 TWh. On HEAD the lines
read "0.0 GW needed, 0.1 GW online, 0 TWh" and the HTML table's cells the same.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from tigris.plan.result import WORLD

#: The hand fleet's facility power [MW]: 32,000 x 12.75 W x 1.08 x 1.1.
NEEDED_2029 = 32_000 * 12.75 * 1.08 * 1.1 / 1e6
#: Its energy at load factor 0.75 over 8,766 h a year [TWh].
TWH_2029 = NEEDED_2029 * 0.75 * 8766 / 1e6
#: Emissions at 400 g CO2/kWh [t CO2]: TWh x 1e9 kWh x 400 g / 1e6 g/t.
T_CO2_2029 = TWH_2029 * 1e9 * 400 / 1e6


def _tables(power: pd.DataFrame) -> Any:
    from tigris.report.result import TABLE_COLUMNS, report_tables

    t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    t["power"] = power
    return report_tables({**t, "horizon": (2029, 2030)})


@pytest.fixture
def small() -> pd.DataFrame:
    rows = []
    for year, need, online in ((2029, NEEDED_2029, 75.0), (2030, 2 * NEEDED_2029, 100.0)):
        share = need / NEEDED_2029
        for region in ("middle-east", WORLD):
            rows.append(
                {
                    "year": year,
                    "region": region,
                    "fleet_it_mw": need / 1.1,
                    "facility_mw_needed": need,
                    "datacenter_mw_online": online,
                    "energy_twh": TWH_2029 * share,
                    "fab_power_mw": 0.0,
                    "fab_energy_twh": 0.0,
                    "emissions_t_co2": T_CO2_2029 * share,
                    "electricity_cost_usd": TWH_2029 * share * 1e6 * 80.0,
                }
            )
    return pd.DataFrame(rows)


def test_energy_lines_in_mw_with_significant_figures(small: pd.DataFrame) -> None:
    from tigris.report.energy import energy_lines

    lines = energy_lines(_tables(small))
    assert lines[0] == (
        f"2029: {NEEDED_2029:.3f} MW needed, 75.0 MW online, {TWH_2029:.3f} TWh, "
        f"{T_CO2_2029 / 1e6:.3f} Mt CO2"
    )  # 0.485 MW, 0.003 TWh, 0.001 Mt
    assert lines[1].startswith(f"2030: {2 * NEEDED_2029:.3f} MW needed, 100 MW online")


def test_energy_html_headers_say_mw(small: pd.DataFrame) -> None:
    from tigris.report.energy import energy_html

    text = energy_html(_tables(small))
    table = text.split('id="table-energy"')[1].split("</table>")[0]
    assert "facility power needed [MW]" in table and "[GW]" not in table
    assert f">{NEEDED_2029:.3f}<" in table  # 0.485, not 0.0
    assert f">{TWH_2029:.3f}<" in table  # compute energy, not 0


def test_large_fleets_keep_gw() -> None:
    """The reference's scale (tens of GW) keeps the table's GW with one decimal."""
    from tigris.report.energy import energy_lines

    big = pd.DataFrame(
        {
            "year": [2026],
            "region": [WORLD],
            "fleet_it_mw": [3.7e4],
            "facility_mw_needed": [4.45e4],
            "datacenter_mw_online": [4.45e4],
            "energy_twh": [293.0],
            "fab_power_mw": [0.0],
            "fab_energy_twh": [0.0],
            "emissions_t_co2": [1.173e8],
            "electricity_cost_usd": [2e10],
        }
    )
    assert energy_lines(_tables(big)) == [
        "2026: 44.5 GW needed, 44.5 GW online, 293 TWh, 117.3 Mt CO2"
    ]


def test_power_unit_switches_to_gw_at_one_gw() -> None:
    """MW only while a table's power stays below a GW (1,000 MW): 999.9 MW in MW,
    1,000 MW and 1.5 GW in GW, so a 1-10 GW fleet is not printed as thousands of MW."""
    from tigris.report.energy import power_unit

    assert power_unit([0.485, 999.9]) == ("MW", 1.0)
    assert power_unit([1000.0]) == ("GW", 1000.0)
    assert power_unit([1500.0, 20.0]) == ("GW", 1000.0)
