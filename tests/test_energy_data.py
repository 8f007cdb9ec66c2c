"""Energy data (tigris.energy.data): sourced rows, values against the cited figures, the
AI capacity against the installed accelerator fleet, and the rules outside the data.

The expected values are the published figures the tables cite (IEA, Epoch AI, NVIDIA,
CBRE, Cushman & Wakefield, EIA, Dominion), recomputed here from those figures, not read
back from the code.
"""

from __future__ import annotations

import csv
from importlib import resources

import numpy as np
import pytest

from tigris.data import load_rows
from tigris.energy import data as ed
from tigris.errors import InputError

TABLES = ("datacenter_capacity", "grid", "energy_parameters", "datacenter_types", "site_regions")
#: Hours in a mean Julian year, as the tables' derivations use them [h].
HOURS = 365.25 * 24
#: Average draw over installed capacity the capacity table uses [-].
UTILISATION = 0.52
#: Relative tolerance of a rounded published figure [-].
REL = 0.01


def _rows(name: str) -> list[dict[str, str]]:
    with (resources.files("tigris.data") / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


# --- every row is sourced ---------------------------------------------------------------


def test_the_new_tables_are_checked_by_the_data_sources_test() -> None:
    from tests.test_data_sources import CSV_FILES

    assert {f"{t}.csv" for t in TABLES} <= set(CSV_FILES)


@pytest.mark.parametrize("name", TABLES)
def test_every_row_says_whose_figure(name: str) -> None:
    # a number is either someone's (a named publisher) or tigris' (derivation/assumption)
    whose = ("tigris", "IEA", "Epoch", "EIA", "NVIDIA", "CBRE", "Ember", "Geography")
    for i, row in enumerate(_rows(name), start=2):
        text = row["source"] + row.get("ai_share_source", "")
        assert any(w in text for w in whose), f"{name}.csv:{i}: whose figure?"
        assert row["as_of"][:4].isdigit() and 2020 <= int(row["as_of"][:4]) <= 2026


def test_every_site_has_a_region_and_every_region_has_data() -> None:
    sites = [r["site"] for r in _rows("sites")]
    assert sorted(r["site"] for r in _rows("site_regions")) == sorted(sites)
    assert {r["region"] for r in _rows("datacenter_capacity")} == set(ed.REGIONS)
    assert {r["region"] for r in _rows("grid")} == set(ed.REGIONS)
    assert set(ed.DATACENTER_FACILITIES) == {r["facility"] for r in _rows("datacenter_types")}


# --- values against the cited figures ---------------------------------------------------


def _row(name: str, **match: str) -> dict[str, str]:
    hits = [r for r in _rows(name) if all(r[k] == v for k, v in match.items())]
    assert len(hits) == 1, match
    return hits[0]


def test_capacity_2024_is_the_iea_energy_at_the_us_utilisation() -> None:
    # IEA Energy and AI (2025): 183 (US), 102 (China), 68 (Europe), 48 (Asia-Pacific),
    # 15 (rest) TWh in 2024, 415 TWh in all; Epoch: ~40 GW installed in the US (33-50).
    iea = {"usa": 183, "china": 102, "europe": 68, "asia-pacific": 48, "rest-of-world": 15}
    for region, twh in iea.items():
        mw = float(_row("datacenter_capacity", region=region, year="2024")["mw"])
        assert mw * UTILISATION * HOURS / 1e6 == pytest.approx(twh, rel=REL)
    assert sum(iea.values()) == pytest.approx(415, rel=REL)
    us = float(_row("datacenter_capacity", region="usa", year="2024")["mw"])
    assert 33_000 <= us <= 50_000
    # the utilisation is the US figure itself: 183 TWh / 8,766 h over ~40 GW
    assert (
        pytest.approx(ed.energy_parameter("datacenter_utilisation"), abs=0.01)
        == 183e6 / HOURS / 40_000
    )


def test_parameters_are_the_cited_figures() -> None:
    # NVIDIA: SuperPOD 1.4 MW for 1,016 H100 (700 W) vs DGX H100 10.2 kW per 8 GPUs
    superpod = 1.4e6 / 1016 / 700
    dgx = 10_200 / 8 / 700
    assert superpod == pytest.approx(1.96, abs=0.01) and dgx == pytest.approx(1.82, abs=0.01)
    assert ed.energy_parameter("it_overhead") == pytest.approx(superpod / dgx, abs=0.005)
    h100 = next(r for r in _rows("accelerators") if r["name"] == "h100-sxm")
    assert float(h100["system_power_w"]) == 10_200 / 8  # the catalog's server share
    assert ed.energy_parameter("load_factor") == 0.75  # Epoch energy.py
    assert ed.energy_parameter("lease_usd_per_kw_month") == 184.06  # CBRE H2 2024
    assert ed.energy_parameter("lease_usd_per_facility_kw_month") == pytest.approx(
        184.06 / ed.energy_parameter("design_pue"), abs=0.05
    )
    assert ed.energy_parameter("fleet_lifetime_years") == 5


def test_datacenter_types_are_the_cited_costs() -> None:
    pue = ed.energy_parameter("design_pue")
    # Cushman & Wakefield: US$11.7M per MW of critical load; Turner & Townsend +7-10%
    shell = 11.7e6 * 1.085 / pue
    dc = ed.datacenter_type("datacenter")
    assert dc["capex_usd_per_mw"] == pytest.approx(shell, rel=REL)
    assert 9.3e6 / pue <= dc["capex_usd_per_mw"] <= 15.0e6 * 1.1 / pue  # C&W's range
    gas = ed.datacenter_type("datacenter-gas")
    assert gas["capex_usd_per_mw"] == pytest.approx(shell + 2_000e3, rel=REL)
    assert 900e3 * 2.2 <= 2_000e3 + 1 <= 900e3 * 2.5  # EIA $900/kW x the 2025 rise
    assert gas["energy_usd_per_mwh"] == 45  # EIA via Epoch: ~4.5 c/kWh
    solar = ed.datacenter_type("datacenter-solar")
    assert solar["capex_usd_per_mw"] == pytest.approx(shell + 6e9 / 1000, rel=REL)  # Masdar
    assert dc["grid"] and not gas["grid"] and not solar["grid"]
    assert np.isnan(dc["energy_usd_per_mwh"])  # pays the region's grid price


def test_grid_figures() -> None:
    # Dominion: 4-7 years in Northern Virginia; EIA industrial 8.06 c/kWh (2023);
    # Ember via OWID: China 582 g/kWh (2023); Stargate UAE 200 MW ~18 months after May 2025
    assert 48 <= ed.grid_lead_months("usa") <= 84
    assert ed.grid_lead_months("middle-east") == 18
    assert ed.electricity_usd_per_mwh("usa", 2025).item() == pytest.approx(80.6)
    assert ed.grid_gco2_per_kwh("china", 2025).item() == 582
    assert ed.grid_gco2_per_kwh("rest-of-world", 2025).item() == 481  # Ember world 2023
    # Ember: US power sector 1,570 MtCO2 in 2023 over ~4,250 TWh
    assert ed.grid_gco2_per_kwh("usa", 2025).item() == pytest.approx(1570e12 / 4250e9, rel=REL)
    # headroom: IEA Lift-Off minus Base in 2035 (1,720 - 1,200 TWh) at the utilisation,
    # plus the UAE campus's other 4 GW
    spread = (1720 - 1200) * 1e6 / HOURS / UTILISATION
    total = sum(ed.grid_headroom_mw(r, 2035).item() for r in ed.REGIONS)
    assert total == pytest.approx(spread + 4000, rel=REL)
    assert all(ed.grid_headroom_mw(r, 2025).item() == 0 for r in ed.REGIONS)


def test_ai_capacity_path_against_published_figures() -> None:
    end = ed.datacenter_capacity_mw([2025, 2026, 2027, 2030], basis="end-of-year")
    world = sum(end.values())
    # Epoch: the US hosts ~75% of GPU cluster performance (May 2025)
    assert end["usa"][0] / world[0] == pytest.approx(0.75, abs=0.01)
    # AI-2027: ~60 GW of AI worldwide at the end of 2027 (within 15%)
    assert world[2] == pytest.approx(60_000, rel=0.15)
    # IEA (Apr 2026): AI data-centre demand triples by 2030
    assert world[3] / world[0] == pytest.approx(3.0, rel=0.02)
    # IEA base case: data-centre electricity ~945 TWh (2030) -> ~1,200 TWh (2035)
    late = ed.datacenter_capacity_mw([2030, 2035], basis="end-of-year")
    gulf = late["middle-east"]
    grow = (sum(late.values()) - gulf)[1] / (sum(late.values()) - gulf)[0]
    assert grow == pytest.approx(1200 / 945, rel=REL)
    # Stargate UAE: the first 200 MW in 2026
    assert end["middle-east"][1] - end["middle-east"][0] == pytest.approx(200, abs=1)
    # every region's AI capacity within its total capacity
    assert all(float(r["ai_share"]) <= 1 for r in _rows("datacenter_capacity"))


# --- the fleet already in service fits the capacity --------------------------------------


def _fleet_facility_mw_by_end_of(year: int) -> float:
    """Facility MW of every published shipment delivered by the end of ``year`` (all are
    within a 5-year life from 2022), computed from the CSVs alone: units x the catalog's
    system power (rows without one: their year's W per H100e x their H100e per unit)
    x it_overhead x PUE."""
    power = {r["name"]: r["system_power_w"] for r in _rows("accelerators")}
    rows = [r for r in load_rows("accelerator_shipments") if r["role"] == "in-sample"]
    rows = [r for r in rows if int(r["year"]) <= year]
    from tigris.catalog import get_accelerator
    from tigris.workload import h100_equivalents

    total_w = 0.0
    for y in {int(r["year"]) for r in rows}:
        same = [r for r in rows if int(r["year"]) == y]
        h100e = {
            id(r): float(r["units"])
            * float(r["h100e_scale"])
            * h100_equivalents(get_accelerator(r["accelerator"]))
            for r in same
        }
        known = [r for r in same if power[r["accelerator"]]]
        w_per_h100e = sum(float(r["units"]) * float(power[r["accelerator"]]) for r in known) / sum(
            h100e[id(r)] for r in known
        )
        for r in same:
            w = float(power[r["accelerator"]]) if power[r["accelerator"]] else None
            total_w += float(r["units"]) * w if w else h100e[id(r)] * w_per_h100e
    pue = ed.energy_parameter("design_pue")  # 1.2, the reference scenario's PUE
    return total_w * ed.energy_parameter("it_overhead") * pue / 1e6


def _at_design_pue(capacity: dict) -> float:
    """Σ_r capacity_r x 1.2 / PUE_r: facility MW at each region's PUE (data/grid.csv)
    brought to the design PUE 1.2 the fleet is counted at (the fleet's IT x 1.2)."""
    pue = {r["region"]: float(r["pue"]) for r in _rows("grid")}
    design = ed.energy_parameter("design_pue")
    return sum(v.item() * design / pue[r] for r, v in capacity.items())


def test_ai_capacity_hosts_the_fleet_in_service() -> None:
    # History: the AI capacity standing at the end of each year is the facility power of
    # the fleet delivered by then (every published accelerator powered once delivered)
    # at the PUE of the region it sits in: its IT power equals the fleet's, within
    # rounding of the ai_share column (docs/energy.md, known inconsistency 5, resolved).
    for year in (2022, 2023, 2024, 2025):
        fleet = _fleet_facility_mw_by_end_of(year)
        cap = _at_design_pue(ed.datacenter_capacity_mw(year, basis="end-of-year"))
        assert cap == pytest.approx(fleet, rel=0.005), year
    # The first planning year (2026): the year-mean capacity hosts the legacy fleet (all
    # 2022-2025 deliveries, still within a 5-year life) with room left for new deliveries.
    legacy = _fleet_facility_mw_by_end_of(2025)
    mean_2026 = _at_design_pue(ed.datacenter_capacity_mw(2026))
    assert mean_2026 > legacy * 1.1
    # 2025 compared like for like: the year-mean capacity equals the year-mean fleet.
    fleet_mean = 0.5 * (_fleet_facility_mw_by_end_of(2024) + _fleet_facility_mw_by_end_of(2025))
    mean_2025 = _at_design_pue(ed.datacenter_capacity_mw(2025))
    assert mean_2025 == pytest.approx(fleet_mean, rel=0.005)


# --- rules outside the data -------------------------------------------------------------


def test_year_mean_flat_before_and_after_the_data() -> None:
    years = np.arange(2018, 2041)
    end = ed.datacenter_capacity_mw(years, basis="end-of-year")
    mean = ed.datacenter_capacity_mw(years)
    for region in ed.REGIONS:
        e, m = end[region], mean[region]
        np.testing.assert_allclose(m[1:], 0.5 * (e[:-1] + e[1:]))
        assert np.all(e[years >= 2035] == e[years == 2035])  # held flat after the last year
        assert np.all(e[years <= 2022] == e[years == 2022])  # and before the first
        assert np.all(m[years >= 2036] == e[years == 2035])
    hist = ed.datacenter_capacity_mw([2025, 2026, 2040], "history", basis="end-of-year")["usa"]
    assert hist[0] == hist[1] == hist[2]
    assert all(v.item() == 0 for v in ed.datacenter_capacity_mw(2030, "none").values())


def test_grid_series_linear_between_and_flat_outside() -> None:
    h = ed.grid_headroom_mw("usa", [2020, 2030, 2035, 2050])
    assert h[0] == 0 and h[2] == h[3] and h[1] == pytest.approx(h[2] / 2, rel=REL)
    assert np.shape(ed.grid_headroom_mw("usa", [[2030, 2031]])) == (1, 2)


def test_site_regions() -> None:
    assert ed.site_region("texas-usa") == "usa"
    assert ed.site_region("Abu-Dhabi") == "middle-east"  # an alias of uae
    assert ed.site_region("china") == "china"


# --- clear errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "field", "says"),
    [
        (lambda: ed.grid_headroom_mw("mars", 2030), "region", "usa"),
        (lambda: ed.grid_lead_months("eu"), "region", "europe"),
        (lambda: ed.electricity_usd_per_mwh("usaa", 2030), "region", "did you mean"),
        (lambda: ed.site_region("atlantis"), "site", "unknown site"),
        (lambda: ed.energy_parameter("pue"), "parameter", "design_pue"),
        (lambda: ed.datacenter_type("datacenter-nuclear"), "facility", "datacenter-gas"),
        (lambda: ed.datacenter_capacity_mw(2030, "aggressive"), "datacenters.baseline", "history"),
        (lambda: ed.datacenter_capacity_mw(2030, basis="mid-year"), "basis", "end-of-year"),
        (lambda: ed.grid_gco2_per_kwh("usa", ["x"]), "years", "numbers"),
    ],
)
def test_unknown_names_are_input_errors(call, field: str, says: str) -> None:
    with pytest.raises(InputError) as err:
        call()
    assert err.value.problems[0].field == field
    assert says in str(err.value).lower() or says in str(err.value)


def test_a_site_added_without_a_region_says_how_to_give_one() -> None:
    from tigris.data import DataOverlay, using_overlay

    site = dict(next(r for r in load_rows("sites") if r["site"] == "japan"))
    site.update(site="osaka-dc", aliases="", source="test site row", as_of="2026-01")
    overlay = DataOverlay(file="test.yaml", rows={"sites": (site,)})
    with using_overlay(overlay), pytest.raises(InputError, match="no energy region"):
        ed.site_region("osaka-dc")
