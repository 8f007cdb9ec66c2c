"""The PNG energy page labels the energy's basis (user test 2026-12-06 power #5).

The page printed "2026: … 266 TWh" with no year-end / year-mean label, and its
footnote sent the reader to "the year-mean column", which the page does not have; the
HTML table heads its two columns "compute energy, year-end MW" and "… year-mean MW".
Checked on a hand-made two-year power table (TWh given, so the expected text is
written down, not computed by the code under test) and on the drawn figure's text.
"""

from __future__ import annotations

import re

import pandas as pd


def _tables():
    """Two years, world and one region: year-end 80 / 120 TWh, year-mean 60 / 100."""
    from tigris.report.result import TABLE_COLUMNS, report_tables

    t = {n: pd.DataFrame(columns=c) for n, c in TABLE_COLUMNS.items()}
    rows = []
    for year, twh, mean in ((2026, 80.0, 60.0), (2027, 120.0, 100.0)):
        for region in ("world", "usa"):
            rows.append(
                {
                    "year": year,
                    "region": region,
                    "fleet_it_mw": 1e4,
                    "facility_mw_needed": 1.2e4,
                    "datacenter_mw_online": 1.5e4,
                    "energy_twh": twh,
                    "energy_twh_year_mean": mean,
                    "fab_power_mw": 0.0,
                    "fab_energy_twh": 0.0,
                    "emissions_t_co2": 3e7,
                    "electricity_cost_usd": 6e9,
                }
            )
    t["power"] = pd.DataFrame(rows)
    return report_tables({**t, "horizon": (2026, 2027)})


def _page_text() -> str:
    from tigris.report.png_pages import energy_page_lines

    return " ".join(x.text for x in energy_page_lines(_tables()))


def test_each_energy_figure_names_its_basis() -> None:
    text = _page_text()
    assert "2026: 12.0 GW needed, 15.0 GW online, 80 TWh year-end (60 year-mean)" in text
    assert "2027: 12.0 GW needed, 15.0 GW online, 120 TWh year-end (100 year-mean)" in text
    assert "usa: 12.0 GW needed, 15.0 GW online, 120 TWh year-end (100 year-mean)" in text
    # no TWh figure of the world or region lines without its basis
    assert not re.search(r"\d TWh,", text), text


def test_the_footnote_names_no_column_the_page_lacks() -> None:
    text = re.sub(r"\s+", " ", _page_text())
    assert "column" not in text, text
    assert "year-end MW" in text and "(MW(t-1) + MW(t)) / 2" in text


def test_the_drawn_page_carries_the_labels() -> None:
    """The matplotlib figure's own text objects (what the PNG shows)."""
    from tigris.report.png_pages import _page, energy_page_lines

    fig = _page("Power, energy and emissions by year", energy_page_lines(_tables()), "footer")
    drawn = " ".join(t.get_text() for t in fig.texts)
    assert "80 TWh year-end (60 year-mean)" in drawn
    assert "year-mean column" not in re.sub(r"\s+", " ", drawn)
