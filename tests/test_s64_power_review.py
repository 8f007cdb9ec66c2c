"""Power review of a utility and data-centre planner (session 64): train, infer, plan.

Each test checks against the world (a hand computation from the data tables, or the
plan's own rule for the same slip), not against the code's output.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

import tigris
from tests.conftest import CliResult

Run = Callable[..., CliResult]

DATA = Path(tigris.__file__).parent / "data"


def _rows(table: str) -> list[dict[str, str]]:
    with (DATA / f"{table}.csv").open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _slip_ratio() -> float:
    """``price_unit_slip_ratio`` of data/energy_parameters.csv, the plan's bound."""
    row = [r for r in _rows("energy_parameters") if r["parameter"] == "price_unit_slip_ratio"]
    return float(row[0]["value"])


def _site_prices() -> list[float]:
    """The shipped site prices [USD/kWh], data/sites.csv."""
    return [float(r["electricity_usd_per_kwh"]) for r in _rows("sites")]


# A price in USD/MWh (data/grid.csv's usa 80.6, EIA's 8.06 c/kWh) typed into
# --usd-per-kwh: the energy cost is 1,000x too large. tigris plan warns of the same
# slip in a site's electricity_usd_per_kwh; train and infer said nothing.
_INFER = (
    "infer", "-m", "llama-3.1-405b", "--precision", "fp8", "--tokens-per-day", "1e10",
    "--prompt-tokens", "1000", "--output-tokens", "300",
)  # fmt: skip


@pytest.mark.parametrize("verb", [("train", "-m", "llama-3.1-405b"), _INFER])
def test_usd_per_kwh_in_usd_per_mwh_is_noted(run_cli: Run, verb: tuple[str, ...]) -> None:
    """80.6 (USD/MWh) is above 100x the dearest site price; 0.0806 and 0 are not."""
    bound = max(_site_prices()) / _slip_ratio()  # 0.2 / 0.01 = 20 USD/kWh
    assert 0.0806 < bound < 80.6
    slipped = run_cli(*verb, "--usd-per-kwh", "80.6", "--json")
    assert slipped.code == 0, slipped.err
    notes = " ".join(slipped.json()["notes"])
    assert "USD/MWh" in notes and "--usd-per-kwh 0.0806" in notes, notes
    for fine in ("0.0806", "0"):
        d = run_cli(*verb, "--usd-per-kwh", fine, "--json").json()
        assert not any("USD/MWh" in n for n in d["notes"]), d["notes"]


def test_usd_per_kwh_note_is_printed_in_text(run_cli: Run) -> None:
    """The text output says it too, beside the energy cost it inflates."""
    res = run_cli("train", "-m", "llama-3.1-405b", "--usd-per-kwh", "80.6")
    assert res.code == 0, res.err
    text = " ".join((res.out + res.err).split())
    assert "most likely USD/MWh" in text, text


def test_usd_per_kwh_far_below_the_cheapest_site_is_noted(run_cli: Run) -> None:
    """Below 1/100 of the cheapest shipped site price (0.07 USD/kWh) is another unit."""
    low = min(_site_prices()) * _slip_ratio() / 10
    d = run_cli("train", "-m", "llama-3.1-405b", "--usd-per-kwh", f"{low:g}", "--json").json()
    assert any("below 1/100 of the cheapest" in n for n in d["notes"]), d["notes"]


# A horizon starting in 2028: the published shipments end in 2025, so the deliveries of
# 2026-2027 are in no fleet (before the horizon, none published), while the capacity
# table grows for them; the plan then sees that capacity as free. It said nothing.


def _scenario_from(tmp_path: Path, first_year: int) -> object:
    """The reference scenario with ``horizon.first_year`` moved, its entries dated
    before that year dropped (tools, disruptions)."""
    import yaml

    from tigris.scenario.load import load_scenario

    doc = yaml.safe_load((DATA / "reference_scenario.yaml").read_text(encoding="utf-8"))
    doc["horizon"]["first_year"] = first_year
    for key in ("euv_per_year", "high_na_per_year"):
        kept = {y: v for y, v in doc["tools"][key].items() if int(y) >= first_year}
        doc["tools"][key] = kept or {first_year: 0}
    doc.pop("disruptions", None)
    path = tmp_path / f"from-{first_year}.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return load_scenario(path)


def _gap_warnings(sc: object) -> list[str]:
    from tigris.scenario.advice import scenario_warnings

    return [
        m for loc, m in scenario_warnings(sc, plan_layer=False) if loc == ("horizon", "first_year")
    ]


def test_horizon_after_the_published_shipments_is_warned(tmp_path: Path) -> None:
    """From 2028: 2026-2027 named, with the AI capacity the table adds for them by hand."""
    last = max(int(r["year"]) for r in _rows("accelerator_shipments") if r["role"] == "in-sample")
    assert last == 2025
    ai = {}  # (region, year) -> AI MW at the end of the year, data/datacenter_capacity.csv
    for r in _rows("datacenter_capacity"):
        ai[(r["region"], int(r["year"]))] = float(r["mw"]) * float(r["ai_share"])
    regions = {reg for reg, _ in ai}
    grown_gw = sum(ai[(reg, 2027)] - ai[(reg, 2025)] for reg in regions) / 1000
    found = _gap_warnings(_scenario_from(tmp_path, 2028))
    assert len(found) == 1, found
    msg = found[0]
    assert "2026–2027" in msg and "up to 2025" in msg, msg
    assert f"{grown_gw:,.1f} GW" in msg, (grown_gw, msg)


def test_horizon_from_2026_is_not_warned(tmp_path: Path) -> None:
    """The reference's 2026 leaves no delivery out."""
    assert _gap_warnings(_scenario_from(tmp_path, 2026)) == []


# A plan without data-centre power (no datacenter facility) whose investor builds fabs:
# tests/scenario_explicit.yaml's CoWoS and HBM lines, ~1 GW at full output. The power
# table counted their energy and CO2, but the investor's own energy (headline.energy,
# added.energy) was None: its rows (load factor, grid factors) were only written for a
# plan with data-centre power.

HOURS_PER_YEAR = 8766.0


def test_fab_only_plan_gives_the_investors_fab_energy(run_cli: Run) -> None:
    """Fab MW x 8,766 h, at data/grid.csv's intensity of each site's region, by year."""
    explicit = Path(__file__).with_name("scenario_explicit.yaml")
    res = run_cli("plan", str(explicit), "--no-store", "--json", "--set", "horizon.last_year=2030")
    assert res.code == 0, res.err
    d = res.json()
    assert not any(f["facility"] == "datacenter" for f in d["builds"])
    assert d["builds"] and all(b["owner"] == "investor" for b in d["builds"])
    e = d["headline"]["added"]["energy"]
    assert e is not None
    g = {(r["region"], int(r["year"])): float(r["grid_gco2_per_kwh"]) for r in _rows("grid")}
    twh: dict[int, float] = {}
    t_co2: dict[int, float] = {}
    for r in d["power"]:
        if r["region"] == "world":
            continue
        y = int(r["year"])
        fab_twh = r["fab_power_mw"] * HOURS_PER_YEAR / 1e6  # MW x h = MWh
        twh[y] = twh.get(y, 0.0) + fab_twh
        t_co2[y] = t_co2.get(y, 0.0) + fab_twh * 1e9 * g[(r["region"], min(y, 2035))] / 1e6
    for y in twh:
        assert e["energy_twh_by_year"][str(y)] == pytest.approx(twh[y], rel=1e-9, abs=1e-12)
        assert e["scope2_t_co2_by_year"][str(y)] == pytest.approx(t_co2[y], rel=1e-9, abs=1e-6)
    assert twh[2030] > 1.0  # TWh: the HBM fabs are 300 MW each (data/facility_types.csv)
    sentence = d["headline"]["energy"]
    assert sentence.startswith(f"In 2030 the investor's own fabs draw {twh[2030]:,.1f} TWh"), (
        sentence
    )
    # a grid-only investor: all of it scope 2, without a "0.00 Mt scope 1 on-site"
    assert sum(e["scope1_t_co2_by_year"].values()) == 0
    assert "(all scope 2 grid, location-based)" in sentence, sentence
    assert "scope 1" not in sentence and "Bases differ" not in sentence, sentence
