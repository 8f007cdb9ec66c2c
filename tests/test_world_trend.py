"""Projected generations: every projected row recomputed from its base part and the
trend table (so data/accelerators.csv cannot drift from its stated method), their
roadmap hand-over shares, and the best product's H100e per wafer against the trend."""

from __future__ import annotations

import csv
import itertools
import math
import re
from importlib import resources

import numpy as np
import pytest

from tigris.world.roadmap import bills_by_year, roadmap_table, shares_by_year
from tigris.world.trend import PROJECTION_TAG, projected_accelerator

#: Relative tolerance of the CSV's numbers (written to 4 significant digits).
REL = 6e-4


def _csv(name: str) -> list[dict[str, str]]:
    text = resources.files("tigris.data").joinpath(f"{name}.csv").read_text()
    return list(csv.DictReader(text.splitlines()))


TREND = {r["parameter"]: r for r in _csv("technology_trend")}
PARTS = {r["name"]: r for r in _csv("accelerators")}
PROJECTED = [r for r in PARTS.values() if r["source"].startswith(PROJECTION_TAG)]


def _t(name: str) -> float:
    return float(TREND[name]["value"])


def _num(row: dict[str, str], col: str) -> float:
    return float(row[col])


def test_the_trend_table_is_sourced_and_its_bands_contain_the_value() -> None:
    for name, r in TREND.items():
        assert r["source"].strip() and r["as_of"].strip(), name
        try:
            lo, v, hi = float(r["low"]), float(r["value"]), float(r["high"])
        except ValueError:  # a name (hbm_generation, package): one value
            assert r["low"] == r["value"] == r["high"], name
            continue
        assert lo <= v <= hi, name
    # the central FLOP/s growth is Epoch AI's 2.3-year doubling, to the stated digits
    assert _t("bf16_flops_growth") == pytest.approx(2 ** (1 / 2.3), abs=0.005)
    assert _t("memory_bw_growth") == pytest.approx(2 ** (1 / 4.1), abs=0.005)
    assert _t("energy_efficiency_growth") == pytest.approx(2 ** (1 / 3), abs=0.005)


def test_there_are_projected_successors_for_the_main_vendors_to_2035() -> None:
    vendors = {r["vendor"] for r in PROJECTED}
    assert {"NVIDIA", "AMD", "Google"} <= vendors
    for vendor in vendors:
        years = sorted(int(r["launch_year"]) for r in PROJECTED if r["vendor"] == vendor)
        assert years[-1] >= 2035 - _t("cadence_years") + 1, vendor
        assert set(np.diff(years)) <= {int(_t("cadence_years"))}, vendor


def _node_by_rule(year: int, base_node: str) -> str:
    """Hand rule: newest node with hvm_year + lag <= year, not older than the base's,
    of a family in node_families."""
    fams = TREND["node_families"]["value"].split("|")
    hvm = {r["node"]: int(r["hvm_year"]) for r in _csv("nodes") if r["family"] in fams}
    ok = [n for n in hvm if hvm[n] + _t("node_adoption_lag_years") <= year]
    ok = [n for n in ok if hvm[n] >= hvm[base_node]]
    if not ok:
        return base_node
    newest = max(hvm[n] for n in ok)
    tied = [n for n in ok if hvm[n] == newest]
    return base_node if base_node in tied else tied[0]


@pytest.mark.parametrize("row", PROJECTED, ids=[r["name"] for r in PROJECTED])
def test_projected_row_recomputed_from_its_base_and_the_trend(row: dict[str, str]) -> None:
    base_name = re.match(re.escape(PROJECTION_TAG) + r"(\S+) x trend", row["source"])
    assert base_name, row["source"]
    base = PARTS[base_name.group(1)]
    assert not base["source"].startswith(PROJECTION_TAG)  # bases are announced parts
    assert base["vendor"] == row["vendor"]
    dt = int(row["launch_year"]) - int(base["launch_year"])
    assert dt > 0 and dt % int(_t("cadence_years")) == 0
    assert row["name"] == f"{row['vendor'].lower()}-{row['launch_year']}-projected"
    g = _t("bf16_flops_growth")
    want = {
        "peak_bf16_flop_per_s": _num(base, "peak_bf16_flop_per_s") * g**dt,
        "peak_fp8_flop_per_s": _num(base, "peak_fp8_flop_per_s") * g**dt,
        "logic_die_area_mm2": _num(base, "logic_die_area_mm2") * _t("logic_area_growth") ** dt,
        "memory_bw_gb_per_s": _num(base, "memory_bw_gb_per_s") * _t("memory_bw_growth") ** dt,
        "tdp_w": _num(base, "tdp_w") * (g / _t("energy_efficiency_growth")) ** dt,
    }
    want["system_power_w"] = want["tdp_w"] * _num(base, "system_power_w") / _num(base, "tdp_w")
    for col, value in want.items():
        assert _num(row, col) == pytest.approx(value, rel=REL), col
    stacks = round(int(base["hbm_stacks"]) * _t("hbm_stacks_growth") ** dt)
    gen = TREND["hbm_generation"]["value"]
    gb = {r["generation"]: float(r["stack_capacity_gb"]) for r in _csv("hbm")}[gen]
    assert int(row["hbm_stacks"]) == stacks and row["hbm_generation"] == gen
    assert _num(row, "memory_gb") == pytest.approx(stacks * gb, rel=REL)
    assert row["logic_dies"] == base["logic_dies"]
    assert row["package"] == TREND["package"]["value"]
    assert row["node"] == _node_by_rule(int(row["launch_year"]), base["node"])
    # and the module that wrote the rows gives the same (its method is this one)
    made = projected_accelerator(base["name"], int(row["launch_year"]))
    assert made["node"] == row["node"] and made["source"] == row["source"]


def test_projected_parts_reach_the_newest_nodes() -> None:
    # launched 2029 or later, every projected part is on the N2 family (N2/A16)
    fam = {r["node"]: r["family"] for r in _csv("nodes")}
    late = [r for r in PROJECTED if int(r["launch_year"]) >= 2029]
    assert late and all(fam[r["node"]] == "N2" for r in late)
    assert any(r["node"] == "A16" for r in late)


def test_the_roadmap_hands_each_vendor_over_to_its_successors() -> None:
    # Each projected product ships as its own catalog part, from its launch year; the
    # vendor's minimum shares add up every year 2026-2035 to the band its last
    # announced part held (the projection keeps the vendor's band).
    t = roadmap_table()
    proj = t[t["product"].str.endswith("-projected")]
    assert len(proj) == len(PROJECTED)
    assert (proj["product"] == proj["accelerator"]).all()
    for _, r in proj.iterrows():
        assert r["first_year"] == int(PARTS[r["accelerator"]]["launch_year"])
        assert r["min_share"][r["first_year"]] == 0  # a successor ramps up from zero
    s = shares_by_year()
    for vendor in set(proj["vendor"]):
        # the base's band: what the vendor's products hold in the first successor's
        # launch year (the successor's minimum there is 0), held to 2035
        first = int(proj.loc[proj.vendor == vendor, "first_year"].min())
        mine = s[s.vendor == vendor]
        vmin = mine.loc[mine.year == first, "min_share"].sum()
        assert vmin > 0, vendor
        for year in range(first + 1, 2036):
            total = s.loc[(s.vendor == vendor) & (s.year == year), "min_share"].sum()
            assert total == pytest.approx(vmin), (vendor, year)


def _best(year: int) -> dict[str, float]:
    """H100e per logic, DRAM (HBM) and CoWoS wafer of the best product shipping."""
    ship = shares_by_year()
    names = set(ship.loc[ship.year == year, "accelerator"])
    best = {"logic": 0.0, "hbm_wafers": 0.0, "interposer": 0.0}
    for name in names:
        b = bills_by_year(name, [year])
        for key in best:
            best[key] = max(best[key], float(b["h100e"][0] / b[key][0]))
    return best


def test_best_h100e_per_wafer_rises_every_two_years_near_the_trend() -> None:
    # Before this projection the best product stopped improving after ~2028. Now the
    # best H100e per logic, HBM and CoWoS wafer rise every cadence step to 2035, and
    # 2029 -> 2035 at a yearly rate near the FLOP/s trend over the silicon trend (the
    # dies, stacks and interposer of each successor are its base's, so per wafer the
    # rate is bf16_flops_growth / logic_area_growth, plus the nodes' D0 learning).
    step = int(_t("cadence_years"))
    years = list(range(2027, 2036, step))
    best = {y: _best(y) for y in years}
    for a, b in itertools.pairwise(years):
        for key in ("logic", "hbm_wafers", "interposer"):
            assert best[b][key] > 1.2 * best[a][key], (key, a, b)
    trend = _t("bf16_flops_growth") / _t("logic_area_growth")
    for key in ("logic", "hbm_wafers", "interposer"):
        rate = (best[2035][key] / best[2029][key]) ** (1 / 6)
        assert rate == pytest.approx(trend, rel=0.05), key
        # and near the demand side's price-performance (2.07-year doubling)
        assert abs(math.log(rate) - math.log(2) / 2.07) < 0.05, key


def test_projected_parts_learn_their_node_d0_by_age() -> None:
    # the chip bill of a part made on A16 uses A16's defect density at the node's age:
    # falling year by year toward the floor, never below it
    nodes = {r["node"]: r for r in _csv("nodes")}
    a16 = next(r for r in PROJECTED if r["node"] == "A16")
    years = np.arange(int(a16["launch_year"]), 2036)
    d0 = bills_by_year(a16["name"], years)["d0_per_cm2"]
    assert np.all(np.diff(d0) < 0)
    assert d0[-1] >= float(nodes["A16"]["d0_mature_per_cm2"])
    assert d0[0] < float(nodes["A16"]["d0_per_cm2"])  # launched years after A16's HVM
