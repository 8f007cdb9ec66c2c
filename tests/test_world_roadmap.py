"""The technology roadmap: products by year, their shares, and their silicon by year."""

from __future__ import annotations

import csv
import time
from importlib import resources

import numpy as np
import pytest

from tigris.catalog import get_accelerator
from tigris.scenario.schema import Product
from tigris.silicon import chip_bill, wafers_by_year
from tigris.world.roadmap import bills_by_year, roadmap_products, roadmap_table, shares_by_year

ROADMAP_YEARS = np.arange(2023, 2036)  # the roadmap covers 2023-2035 (issue 10)
KEYS = {"logic", "interposer", "hbm_wafers", "hbm_stacks", "hbm_gb", "h100e"}


def test_every_product_is_a_catalog_part_the_scenario_accepts() -> None:
    rows = roadmap_products(2023, 2035)
    assert len(rows) == len(roadmap_table())
    for d in rows:
        p = Product(**d)
        assert get_accelerator(p.accelerator).name == d["accelerator"]
        assert p.source


def test_window_keeps_only_products_shipping_in_it() -> None:
    t = roadmap_table()
    for first, last in ((2023, 2023), (2026, 2035), (2030, 2030)):
        names = {d["name"] for d in roadmap_products(first, last)}
        want = set(t.loc[(t.first_year <= last) & (t.last_year >= first), "product"])
        assert names == want


def test_shares_feasible_every_year() -> None:
    # Every year 2023-2035 has a product, the minimum shares of the products shipping
    # that year add up to at most 1, and their maximum shares to at least 1 (else the
    # year's compute could not all be delivered by the roadmap).
    s = shares_by_year()
    for y in ROADMAP_YEARS:
        ship = s[s.year == y]
        assert len(ship) >= 1, y
        assert ship.min_share.sum() <= 1 + 1e-9, y
        assert ship.max_share.sum() >= 1 - 1e-9, y


def test_products_carry_their_shares_for_every_ship_year() -> None:
    # the scenario's Product takes {year: share}; the roadmap gives every ship year, so
    # no interpolation decides a band
    for d in roadmap_products(2023, 2035):
        years = set(range(d["first_year"], d["last_year"] + 1))
        assert set(d["min_share"]) == years == set(d["max_share"])
        assert all(0 <= d["min_share"][y] <= d["max_share"][y] <= 1 for y in years)


def test_share_cells_are_held_to_the_next_listed_year() -> None:
    # data/roadmap.csv read by hand: a plain number is every ship year's share; in
    # "2024:0.05|2025:0.22|2026:0" each value holds from its year to the next listed
    # one (the first also before it)
    path = resources.files("tigris.data") / "roadmap.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        raw = {r["product"]: r for r in csv.DictReader(fh)}
    stepped = 0
    for d in roadmap_products(2023, 2035):
        for col in ("min_share", "max_share"):
            cell = raw[d["name"]][col]
            if ":" not in cell:
                want = dict.fromkeys(range(d["first_year"], d["last_year"] + 1), float(cell))
            else:
                listed = sorted(
                    (int(y), float(v)) for y, v in (p.split(":") for p in cell.split("|"))
                )
                want = {
                    y: next((v for ly, v in reversed(listed) if ly <= y), listed[0][1])
                    for y in range(d["first_year"], d["last_year"] + 1)
                }
                stepped += 1
            month = raw[d["name"]]["first_month"]
            if col == "max_share" and month:  # ships from that month: x (13 - m) / 12 of
                want[d["first_year"]] *= (13 - int(month)) / 12  # its first year's band
            assert d[col] == pytest.approx(want), (d["name"], col)
    assert stepped >= 10  # the table uses the stepped form


def test_bills_by_year_equal_the_chip_bill_of_each_year() -> None:
    years = np.arange(2024, 2031)
    for name in ("h100", "b200", "mi300x"):
        b = bills_by_year(name, years)
        assert set(b) >= KEYS
        for i, y in enumerate(years):
            bill = chip_bill(name, year=int(y))
            assert b["logic"][i] == pytest.approx(bill.logic_wafers_per_unit, rel=1e-12)
            assert b["interposer"][i] == pytest.approx(bill.interposer_wafers_per_unit)
            assert b["hbm_wafers"][i] == pytest.approx(bill.hbm_wafers_per_unit, rel=1e-12)
            assert b["hbm_stacks"][i] == pytest.approx(bill.hbm_stacks_per_unit)
            assert b["hbm_gb"][i] == pytest.approx(bill.hbm_gb_per_unit)


def test_logic_wafers_fall_as_the_node_matures() -> None:
    # D0 learns down with the node's age, so the logic wafers per unit fall every year
    # until the floor, and never rise; the DRAM wafers likewise (HBM learning). The
    # package yield learns up (CoWoS-L from 2025), so the interposer wafers per unit
    # never rise either and end at the mature bill (chip_bill without a year).
    b = bills_by_year("b200", ROADMAP_YEARS)
    assert np.all(np.diff(b["logic"]) <= 0)
    assert b["logic"][-1] < b["logic"][0]
    assert np.all(np.diff(b["hbm_wafers"]) <= 0)
    assert np.all(np.diff(b["interposer"]) <= 0)
    mature = chip_bill("b200").interposer_wafers_per_unit
    assert b["interposer"][-1] == pytest.approx(mature, rel=1e-6)


def test_roadmap_bills_are_fast() -> None:
    # The plan assembles ~15 products x 10 years: all of it well under 0.3 s. Timed on
    # the uncached silicon layer (wafers_by_year; bills_by_year caches it), best of 3 to
    # keep a busy machine's noise out.
    years = np.arange(2026, 2036)
    names = [d["accelerator"] for d in roadmap_products(2023, 2035)][:15]
    assert len(names) == 15
    best = np.inf
    for _ in range(3):
        start = time.perf_counter()
        for name in names:
            wafers_by_year(name, years)
        best = min(best, time.perf_counter() - start)
    assert best < 0.3


#: Vendor shares of the H100e shipped, 2023/2024/2025, from Epoch AI's chip sales data
#: (github.com/epoch-research/ai-chip-counts, via data/accelerator_shipments.csv and the
#: catalog): the published mix the roadmap's bands must contain.
PUBLISHED_SHARE = {
    "NVIDIA": (0.82, 0.66, 0.65),
    "Google": (0.165, 0.15, 0.22),
    "AMD": (0.015, 0.11, 0.055),
    "Huawei": (0.0, 0.016, 0.016),
}


def test_vendor_bands_contain_the_published_shares() -> None:
    # For each vendor with parts in the roadmap, the products shipping in a history year
    # can take together at least the published share (sum of max) and are not forced
    # above it (sum of min). AWS has none in 2024-2025: Trainium2's die area is not
    # public, so its ~6 % falls to the others (documented in roadmap.csv).
    s = shares_by_year()
    for vendor, shares in PUBLISHED_SHARE.items():
        for year, share in zip((2023, 2024, 2025), shares, strict=True):
            ship = s[(s.vendor == vendor) & (s.year == year)]
            if len(ship) == 0:
                assert share == 0.0, (vendor, year)
                continue
            assert ship.min_share.sum() <= share <= ship.max_share.sum(), (vendor, year)


def test_every_roadmap_product_has_a_bill() -> None:
    # Each product's catalog part carries every field the silicon layer needs, and its
    # silicon per unit is positive in every year it ships.
    for d in roadmap_products(2023, 2035):
        years = np.arange(d["first_year"], d["last_year"] + 1)
        b = bills_by_year(d["accelerator"], years)
        for key in ("logic", "interposer", "hbm_wafers", "hbm_stacks", "hbm_gb", "h100e"):
            assert np.all(b[key] > 0), (d["name"], key)
