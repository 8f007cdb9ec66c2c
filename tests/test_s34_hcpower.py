"""The forward power check (UT-SWF #2): the capacity table against published forecasts.

The hindcast cannot test data-centre power (the capacity table's AI MW to 2025 are the
published shipments' own fleet), so ``tigris hindcast`` says so and sets the forward
table against independent forecasts (``data/datacenter_forecasts.csv``,
:mod:`tigris.energy.forecasts`). Checked here:

- the conversion by hand on the raw CSV cells (no interpolation, no code path shared);
- ``tigris hindcast`` text and ``--json`` carry the caveat and the check;
- the world: the table within each published range (and at or above each published
  floor) in that forecast's year. Where it is not, a strict xfail whose reason gives the
  measured numbers; the published ranges are never widened.
"""

from __future__ import annotations

import csv
import math
from importlib import resources

import pytest

from tigris.energy.forecasts import power_forward_check, published_forecasts, table_power

DATA = resources.files("tigris.data")


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _cells(region: str | None, year: int) -> tuple[float, float]:
    """All and AI MW at the end of ``year`` from the raw rows (``None``: every region)."""
    rows = [
        r
        for r in _csv("datacenter_capacity")
        if int(r["year"]) == year and (region is None or r["region"] == region)
    ]
    assert rows, (region, year)
    mw = sum(float(r["mw"]) for r in rows)
    ai = sum(float(r["mw"]) * float(r["ai_share"]) for r in rows)
    return mw, ai


def test_energy_parameters_are_the_documented_draws() -> None:
    # docs/energy.md: the AI fleet draws at load_factor 0.75; the totals were built from
    # the IEA's TWh at an average draw of 0.52 per MW of capacity
    params = {r["parameter"]: float(r["value"]) for r in _csv("energy_parameters")}
    assert params["load_factor"] == 0.75
    assert params["datacenter_utilisation"] == 0.52


def test_conversion_by_hand_usa_2028() -> None:
    # energy of 2028: the year mean of the end-2027 and end-2028 rows, AI at 0.75, the
    # rest at 0.52, over 365.25 x 24 = 8,766 h, in TWh
    (mw27, ai27), (mw28, ai28) = _cells("usa", 2027), _cells("usa", 2028)
    mw, ai = (mw27 + mw28) / 2, (ai27 + ai28) / 2
    hours = 365.25 * 24
    got = table_power("usa", "all", "energy", 2028)
    assert got["value"] == pytest.approx((ai * 0.75 + (mw - ai) * 0.52) * hours / 1e6, rel=1e-12)
    assert got["value_all_at_utilisation"] == pytest.approx(mw * 0.52 * hours / 1e6, rel=1e-12)
    assert got["basis"] == "year-mean"
    assert f"{got['value']:,.1f} TWh" in got["formula"]
    assert table_power("usa", "ai", "energy", 2028)["value"] == pytest.approx(
        ai * 0.75 * hours / 1e6, rel=1e-12
    )
    # capacity: what stands at the end of the year, in GW
    assert table_power("usa", "all", "capacity", 2028)["value"] == pytest.approx(mw28 / 1e3)
    assert table_power("usa", "ai", "capacity", 2028)["value"] == pytest.approx(ai28 / 1e3)


def test_world_is_every_region() -> None:
    # every region (the Gulf's announced campuses included) has a 2027 and a 2030 row
    mw30, _ = _cells(None, 2030)
    _, ai27 = _cells(None, 2027)
    assert table_power("world", "all", "capacity", 2030)["value"] == pytest.approx(mw30 / 1e3)
    assert table_power("world", "ai", "capacity", 2027)["value"] == pytest.approx(ai27 / 1e3)


def test_forecast_rows_are_sourced_and_shaped() -> None:
    rows = published_forecasts()
    assert len(rows) >= 8
    # the brief's anchor: LBNL/DOE 2024, US 2028, 325-580 TWh
    lbnl = {r["forecast"]: r for r in rows}["lbnl-2024-energy"]
    assert (lbnl["region"], lbnl["year"], lbnl["low"], lbnl["high"]) == ("usa", 2028, 325, 580)
    for r in rows:
        assert 2026 <= r["year"] <= 2030
        assert r["low"] <= r["high"]
        assert r["publisher"].split()[0] in r["source"] or "Lawrence Berkeley" in r["source"]


def test_hindcast_json_says_power_is_untested(run_cli) -> None:
    res = run_cli("hindcast", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["power_tested"] is False
    assert "circular" in doc["power_caveat"] and "datacenter_capacity.csv" in doc["power_caveat"]
    check = doc["power_forward_check"]
    assert "load_factor 0.75" in check["method"]
    ids = [r["forecast"] for r in check["rows"]]
    assert ids == [r["forecast"] for r in _csv("datacenter_forecasts")]
    for row in check["rows"]:
        low, high = row["low"], math.inf if row["high"] is None else row["high"]
        expected = "below" if row["table"] < low else "above" if row["table"] > high else "inside"
        assert row["position"] == expected, row["forecast"]


def test_hindcast_text_has_caveat_and_check(run_cli) -> None:
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert "power_tested: false" in text and "circular" in text
    assert "Forward power check" in text
    for needle in ("LBNL 2024", "325-580", "McKinsey 2024", ">= 50"):
        assert needle in text, needle


# --- the world: the table inside each published range in its year ------------------------

# Measured on the table of ec47826 (DC-REDERIVE's re-derivation after the TPU power
# change; on 34b72fd's table LBNL's GW and Anthropic's floor were met: 76.2 and 51.6 GW).
_OFF: dict[str, str] = {
    "lbnl-2024-capacity": "the table's US capacity standing at the end of 2028 is 73.3 GW "
    "(73,294 MW, all data centres: 26.3 GW non-AI held at its end-2025 level plus 47.0 GW "
    "AI), 1 % below LBNL 2024's low end (74-132 GW): the table sits at the bottom of the "
    "national lab's range (its year mean, 70.2 GW, is 5 % below)",
    "epri-2024-energy": "the table's US energy of 2030 is 490.6 TWh (year mean 82,670 MW: "
    "AI 56,406 MW at load_factor 0.75, the rest at 0.52), 21 % above EPRI 2024's highest "
    "case (196-404 TWh); with every MW at 0.52 (the table's construction) it is 376.8 TWh, "
    "inside. EPRI's 2026 update is 60 % above its 2024 estimates (9-17 % of US generation)",
    "mckinsey-2024-capacity": "the table's world capacity standing at the end of 2030 is "
    "159.4 GW, 7 % below McKinsey 2024's 171-219 GW. McKinsey starts from ~60 GW of demand "
    "in 2023 (the table: 81.5 GW), so the gap is growth: x1.96 in the table from 2023 to "
    "2030 against McKinsey's x2.9-3.7",
    "anthropic-2025-ai": "the table's US AI capacity standing at the end of 2028 is 47.0 GW "
    "(47,033 MW), 6 % below Anthropic's 'at least 50 GW' by 2028",
}

_RANGED = [
    pytest.param(r["forecast"], marks=pytest.mark.xfail(strict=True, reason=_OFF[r["forecast"]]))
    if r["forecast"] in _OFF
    else r["forecast"]
    for r in published_forecasts()
    if r["kind"] in ("range", "floor")
]


@pytest.mark.parametrize("forecast", _RANGED)
def test_capacity_table_within_published_range(forecast: str) -> None:
    row = {r["forecast"]: r for r in power_forward_check()["rows"]}[forecast]
    high = math.inf if row["high"] is None else row["high"]
    assert row["low"] <= row["table"] <= high, (row["table"], row["low"], high)
