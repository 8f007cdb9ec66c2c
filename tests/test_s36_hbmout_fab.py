"""S36 HBM-OUT #3 (UT-ESG #6): ``tigris fab`` prints the fab's CO2 from its electricity,
t CO2e a year and kg per wafer, in the table and in ``--json`` (``co2``).

By hand: MWh a year (the fab's own ``energy_mwh_per_year``) x the site's region's grid
factor, read here from the shipped ``data/grid.csv`` (arizona-usa is in region usa,
``data/site_regions.csv``), x 1,000 kWh/MWh / 10^6 g/t; per wafer, over the wafers out a
year at full output.
"""

from __future__ import annotations

import pytest

from tests.conftest import data_table

ARGS = ("fab", "--node", "N3", "--site", "arizona-usa", "--wspm", "50000")


def _factor(site: str, year: int | None = None) -> tuple[str, float]:
    region = next(r["region"] for r in data_table("site_regions") if r["site"] == site)
    rows = [r for r in data_table("grid") if r["region"] == region]
    row = (
        min(rows, key=lambda r: int(r["year"]))
        if year is None
        else next(r for r in rows if int(r["year"]) == year)
    )
    return region, float(row["grid_gco2_per_kwh"])


def test_json_co2_by_hand(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli(*ARGS, "--json")
    assert res.code == 0, res.err
    doc = res.json()
    region, g = _factor("arizona-usa")
    assert region == "usa"
    mwh = doc["energy_mwh_per_year"]
    t = mwh * 1e3 * g / 1e6
    # 220.6 MW x 8,766 h = 1.93 TWh at ~369 g/kWh: ~0.71 Mt
    assert 5e5 < t < 1e6
    co2 = doc["co2"]
    assert co2["t_per_year"] == pytest.approx(t, rel=1e-12)
    assert co2["kg_per_wafer"] == pytest.approx(t * 1e3 / doc["wafers_per_year"], rel=1e-12)
    assert co2["grid_gco2_per_kwh"] == g
    assert "location-based" in co2["basis"] and "life-cycle CO2e" in co2["basis"]
    assert "data/grid.csv" in co2["source"]


def test_start_year_takes_the_full_output_year(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli(
        "fab",
        "--node",
        "N3",
        "--site",
        "taiwan",
        "--wspm",
        "20000",
        "--start-year",
        "2027",
        "--json",
    )
    assert res.code == 0, res.err
    doc = res.json()
    year = int(2027 + doc["build_years"] + doc["ramp_years"])
    _, g = _factor("taiwan", year)
    assert doc["co2"]["year"] == year
    assert doc["co2"]["t_per_year"] == pytest.approx(
        doc["energy_mwh_per_year"] * g / 1e3, rel=1e-12
    )


def test_text_prints_co2(run_cli) -> None:  # type: ignore[no-untyped-def]
    res = run_cli(*ARGS)
    assert res.code == 0, res.err
    doc = run_cli(*ARGS, "--json").json()
    _, g = _factor("arizona-usa")
    t = doc["energy_mwh_per_year"] * g / 1e3
    line = next(ln for ln in res.out.splitlines() if "CO2 (electricity)" in ln)
    assert f"{round(t):,}" in line
    assert any("CO2 per wafer" in ln and "kg CO2e" in ln for ln in res.out.splitlines())
