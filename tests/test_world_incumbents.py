"""Incumbent capacity (tigris.world.incumbents) checked against the world it cites.

Expected values are the published figures the table's rows cite (typed here from the
sources, not from the table), invariants of the split and the variants, and the year
average convention worked by hand.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from importlib import resources

import numpy as np
import pytest

from tigris.data import load_rows
from tigris.errors import InputError
from tigris.fab.data import list_sites
from tigris.world import incumbents as inc

YEARS = np.arange(2022, 2036)


def _end_of_year(owner: str, kind: str, year: int, column: str = "capacity") -> float:
    """Sum of a column over an owner's lines of a kind at the end of a year, read from
    the shipped CSV with the csv module (not through the module under test)."""
    path = resources.files("tigris.data") / "incumbent_capacity.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sum(
        float(r[column])
        for r in rows
        if r["kind"] == kind and int(r["year"]) == year and (owner == "*" or r["owner"] == owner)
    )


def _table_end(variant: str, owner: str, kind: str, year: int) -> float:
    t = inc.capacity_table(variant)
    sel = (t["owner"] == owner) & (t["kind"] == kind) & (t["year"] == year)
    return float(t.loc[sel, "capacity"].sum())


# --- published figures --------------------------------------------------------------


def test_tsmc_cowos_history_matches_published_figures() -> None:
    # CNA 2024-02-18 (via Epoch AI): 14-15k wspm in Dec 2023, 33-35k by end-2024.
    assert 14_000 <= _end_of_year("TSMC", "cowos", 2023) <= 15_000
    assert 33_000 <= _end_of_year("TSMC", "cowos", 2024) <= 35_000
    # Commercial Times / Economic Daily News via TrendForce 2025-12-08: 75-80k end-2025.
    assert 75_000 <= _end_of_year("TSMC", "cowos", 2025) <= 80_000
    # Announced: 120-130k by end-2026 (same report; Morgan Stanley Nov 2025).
    assert 120_000 <= _end_of_year("TSMC", "cowos", 2026) <= 130_000


def test_variant_factors_reproduce_the_analyst_range_for_cowos_2026() -> None:
    # The conservative factor is derived from JPMorgan's 95k and the aggressive one from
    # TrendForce's upper 140k wspm for TSMC CoWoS at end-2026: the variants must land
    # on those published figures.
    assert _table_end("conservative", "TSMC", "cowos", 2026) == pytest.approx(95_000)
    assert _table_end("aggressive", "TSMC", "cowos", 2026) == pytest.approx(140_000)
    assert _table_end("announced", "TSMC", "cowos", 2026) == pytest.approx(125_000)


def test_hbm_tsv_capacity_matches_published_figures() -> None:
    # TrendForce 2024-03-18: ~250-270k wpm of HBM TSV capacity at end-2024, SK hynix
    # ~120k; Samsung 120k at end-2024 in TrendForce's later figure (A. Wu, 2024-09-30,
    # via I-Connect007 142457), which supersedes the March forecast's ~130k.
    assert 250_000 <= _end_of_year("*", "hbm", 2024) <= 270_000
    assert _end_of_year("Samsung", "hbm", 2024) == pytest.approx(120_000)
    assert _end_of_year("SK hynix", "hbm", 2024) == pytest.approx(120_000)
    # End-2025: SK hynix 150-170k (TrendForce 4Q25; Etnews), Samsung ~170k (Etnews),
    # Micron ~55k (Korean media via chinaflashmarket).
    assert 150_000 + 170_000 + 55_000 <= _end_of_year("*", "hbm", 2025) <= 395_000


def test_hbm_capacity_grows_as_trendforce_2023_volume() -> None:
    # TrendForce 2023-06-30 (via iconnect007 136903): global HBM demand grew almost 60 %
    # in 2023 to 290M GB, an annual volume. At the same GB per TSV wafer (16 Gb HBM2E
    # and HBM3 dies in both years) the year-average TSV capacity the model uses must
    # grow by about that much, 2023 over 2022 (within 5 %). The table's old end-2022
    # rows took the end-2023 figure / 1.6, so the year-averages grew only 1.30x.
    got = inc.existing_supply_lagged("announced", np.array([2022, 2023]), {})
    assert got["hbm"][1] / got["hbm"][0] == pytest.approx(1.6, rel=0.05)


def test_tsmc_cowos_ai_share_2025_is_the_ai_vendors_share() -> None:
    # SemiWiki via smbom.com 15629: 2025 CoWoS demand NVIDIA 63 %, Broadcom 13 %, AMD 8 %,
    # Marvell 8 %, AWS 3 % (the AI-accelerator vendors), Intel 2 %, Xilinx 1 %, others 3 %.
    # The share serving the accelerators the shipments count is at most the five's sum
    # (the row took 1); the 2024 row is the stated interpolation between 2023's 0.85
    # (DigiTimes: NVIDIA and AMD 70-80 %, Broadcom ~10 %) and that 2025 share.
    ai_vendors = 0.63 + 0.13 + 0.08 + 0.08 + 0.03
    share = {y: _end_of_year("TSMC", "cowos", y, "ai_share") for y in (2023, 2024, 2025)}
    assert share[2025] == pytest.approx(ai_vendors)
    assert share[2024] == pytest.approx((share[2023] + share[2025]) / 2)


def test_tsmc_n2_follows_the_announced_ramp() -> None:
    # bothwin.com.cn / smbom.com: 45-50k wspm end-2025, >100k end-2026, ~200k by 2028.
    t = inc.capacity_table()
    n2 = t[(t["owner"] == "TSMC") & (t["node"] == "N2") & (t["site"] == "taiwan")]
    by_year = dict(zip(n2["year"], n2["capacity"], strict=True))
    assert 45_000 <= by_year[2025] <= 50_000
    assert by_year[2026] >= 100_000
    assert by_year[2028] == pytest.approx(200_000)


def test_ai_shares_cite_their_sources() -> None:
    rows = load_rows("incumbent_capacity")
    for i, r in enumerate(rows, start=2):
        assert 0.0 <= r["ai_share"] <= 1.0, f"incumbent_capacity.csv:{i}"
        assert len(str(r["ai_share_source"]).strip()) >= 10, f"incumbent_capacity.csv:{i}"
    # Epoch AI: 2M H100 took ~5% of N5 in 2024; ~3.2M Hopper shipped (SemiAnalysis),
    # so the N5 share in 2024 is at least 5% x 3.2/2 = 8%.
    n5 = [r for r in rows if r["node"] == "N5" and r["year"] == 2024]
    assert n5 and all(r["ai_share"] >= 0.05 * 3.2 / 2 for r in n5)


# --- invariants ---------------------------------------------------------------------


@pytest.mark.parametrize("variant", inc.VARIANTS)
def test_split_sums_to_existing_supply(variant: str) -> None:
    total = inc.existing_supply(variant, YEARS)
    split = inc.existing_split(variant, YEARS)
    assert set(split) == {"incumbent existing", "incumbent announced"}
    for fid, values in total.items():
        parts = split["incumbent existing"][fid] + split["incumbent announced"][fid]
        np.testing.assert_allclose(parts, values, rtol=0, atol=1e-9)
        assert np.all(split["incumbent announced"][fid] >= 0.0)
        # Nothing is announced in the history years.
        assert np.all(split["incumbent announced"][fid][YEARS <= inc.HISTORY_END] == 0.0)


def test_variants_are_ordered_every_year() -> None:
    supply = {v: inc.existing_supply(v, YEARS) for v in inc.VARIANTS}
    for fid in supply["announced"]:
        low, mid, high = (supply[v][fid] for v in ("conservative", "announced", "aggressive"))
        assert np.all(low <= mid + 1e-9), fid
        assert np.all(mid <= high + 1e-9), fid
        history = YEARS <= inc.HISTORY_END
        np.testing.assert_array_equal(low[history], high[history])
    # The variants differ where announcements exist.
    assert supply["conservative"]["cowos"][-1] < supply["aggressive"]["cowos"][-1]


def test_year_average_convention() -> None:
    # TSMC CoWoS, AI share 1: the 2025 value is the mean of the ends of 2024 and 2025
    # (33-35k and 75-80k published), and OSATs' CoWoS-like lines add theirs times their
    # AI share. Worked from the rows, not from the module.
    def ai_end(year: int) -> float:
        path = resources.files("tigris.data") / "incumbent_capacity.csv"
        with path.open(newline="", encoding="utf-8") as fh:
            rows = [r for r in csv.DictReader(fh) if r["kind"] == "cowos"]
        return sum(
            float(r["capacity"]) * float(r["ai_share"]) for r in rows if int(r["year"]) == year
        )

    s = inc.existing_supply("announced", np.array([2024, 2025, 2026]))["cowos"]
    assert s[1] == pytest.approx(0.5 * (ai_end(2024) + ai_end(2025)))
    assert s[2] == pytest.approx(0.5 * (ai_end(2025) + ai_end(2026)))
    # Held flat after the table's last year; zero before its first.
    last = max(int(r["year"]) for r in load_rows("incumbent_capacity"))
    far = inc.existing_supply("announced", np.array([last + 1, last + 10, 2000]))
    for fid, v in far.items():
        assert v[0] == pytest.approx(v[1]), fid
        assert v[2] == 0.0, fid


def test_lagged_supply_averages_the_year_before_the_lag() -> None:
    # A line of ends 10 (2022) and 20 (2023), joined linearly: sales of 2023 with a
    # quarter's lag come from [2022.75, 2023.75]: 10 for a quarter (held before the
    # table's first end), then 10 -> 17.5 over three quarters: 2.5 + 0.75 x 13.75 =
    # 12.8125 (by hand). With no lag it is the year-average (10 + 20) / 2 = 15.
    ends, vals = np.array([2022, 2023]), np.array([10.0, 20.0])
    knots = ends + 1.0  # the end of year y is 1 January of y + 1

    def window(year: int, lag: float, first: float) -> float:
        return inc._path_average(knots, vals, np.array([year - lag]), 1.0, first)[0]

    assert window(2023, 0.25, 10.0) == pytest.approx(12.8125)
    assert window(2023, 0.0, 10.0) == pytest.approx(15.0)
    # a line that begins in 2022 had nothing before: 2022's sales with half a year's
    # lag see [2021.5, 2022.5]: 0 then 0 -> 5: 0.5 x 2.5 = 1.25
    assert window(2022, 0.5, 0.0) == pytest.approx(1.25)
    # the shipped table with no lag is existing_supply after the first history year
    yrs = np.array([2023, 2024, 2025, 2030])
    same = inc.existing_supply_lagged("announced", yrs, {})
    for fid, v in inc.existing_supply("announced", yrs).items():
        np.testing.assert_allclose(same[fid], v, rtol=1e-12, err_msg=fid)


def test_a_dated_point_bends_the_path_between_year_ends() -> None:
    # ends 8 (2022) and 14.5 (2023) with 8 again at mid-2023 (month 6): the 2023 mean is
    # half a year at 8 and half a year rising 8 -> 14.5: (8 + 11.25) / 2 = 9.625 (by
    # hand); joined straight it would be (8 + 14.5) / 2 = 11.25. A figure dated
    # mid-year (20 at 2024.5) after a year-end 10: 2024 is half rising 10 -> 20, half
    # held at 20: 0.5 x 15 + 0.5 x 20 = 17.5.
    knots, vals = np.array([2023.0, 2023.5, 2024.0]), np.array([8.0, 8.0, 14.5])
    got = inc._path_average(knots, vals, np.array([2023.0]), 1.0, 8.0)[0]
    assert got == pytest.approx(9.625)
    straight = inc._path_average(knots[[0, 2]], vals[[0, 2]], np.array([2023.0]), 1.0, 8.0)
    assert straight[0] == pytest.approx(11.25)
    mid = inc._path_average(np.array([2024.0, 2024.5]), np.array([10.0, 20.0]), [2024.0], 1.0, 0)
    assert mid[0] == pytest.approx(17.5)


def test_shipped_year_means_through_dated_figures_by_hand() -> None:
    # The shipped table read end to end (knot times, points, AI shares), by hand:
    # - CoWoS 2023: TSMC 8k at end-2022 and mid-2023 (the point, month 6 = 1 July),
    #   14.5k at end-2023, AI share 0.85: 0.85 x (0.5 x 8,000 + 0.5 x (8,000 + 14,500) / 2)
    #   = 0.85 x 9,625 = 8,181.25; the OSATs' line 3k at end-2022 and 4k at end-2023 (their
    #   published 2.5D capacity, HIND-AUDIT 2026-12-04), AI share 0.5: 0.5 x 3,500 = 1,750;
    #   9,931.25 in all.
    # - logic-N5 (Taiwan N5 150k, Arizona N4 planner family N5): AI 10.5k at end-2023
    #   (0.07), 15k at mid-2024 and 37.5k at mid-2025 (0.10, 0.25: month 6), held;
    #   Arizona 0 at end-2024, 5k at end-2025 (20k x 0.25), nothing before.
    #   2024: 0.5 x (10.5k + 15k) / 2 + 0.5 x (15k + 26.25k) / 2 = 16,687.5 (26.25k the
    #   path at 1 January 2025, halfway from 15k to 37.5k); Arizona 0.
    #   2025: 0.5 x (26.25k + 37.5k) / 2 + 0.5 x 37.5k = 34,687.5, Arizona 2,500:
    #   37,187.5. Read as year-end rows it would be 12,750 and 26,250 + 2,500.
    got = inc.existing_supply("announced", np.array([2023, 2024, 2025]))
    assert got["cowos"][0] == pytest.approx(9_931.25, rel=1e-12)
    np.testing.assert_allclose(got["logic-N5"][1:], [16_687.5, 37_187.5], rtol=1e-12)


def test_tsmc_cowos_2023_output_matches_the_published_year() -> None:
    # TSMC's CoWoS output in calendar 2023 was put at ~110k wafers (analysts via
    # Commercial Times, TrendForce 2023-09-12) and over 120k (equipment makers via
    # smbom.com 12786, 2023-11): the table's 2023 mean capacity x 12, AI share undone,
    # must lie in about that range (+-5 %). Only the mid-2023 point of
    # incumbent_capacity_points.csv (DigiTimes: still ~8k wspm in July 2023) puts it
    # there; joined straight from the year ends it would be ~135k.
    tsmc = [line for line in inc._lines("announced") if line["owner"] == "TSMC"]
    (cowos,) = [line for line in tsmc if line["kind"] == "cowos"]
    share = cowos["ai_share"][list(cowos["years"]).index(2023)]
    total = cowos["knot_existing_ai"] / share
    wafers = 12 * inc._path_average(cowos["knots"], total, np.array([2023.0]), 1.0, 0.0)[0]
    assert 0.95 * 110_000 <= wafers <= 1.05 * 120_000


def test_history_end_comes_from_the_data() -> None:
    history = [r["year"] for r in load_rows("incumbent_capacity") if r["status"] == "history"]
    assert inc.HISTORY_END == max(history) == 2025


def test_capacity_table_columns_and_facility_ids() -> None:
    t = inc.capacity_table("announced")
    for col in ("owner", "kind", "node", "package", "site", "year", "capacity", "unit"):
        assert col in t.columns
    for col in ("ai_share", "ai_share_source", "source", "as_of", "ai_capacity"):
        assert col in t.columns
    np.testing.assert_allclose(t["ai_capacity"], t["capacity"] * t["ai_share"])
    assert set(t["unit"]) == {"wspm"}
    assert {"logic-N5", "logic-N3", "logic-N2", "cowos", "hbm"} <= set(t["facility"])
    # Arizona's N4 line pools with N5 (the N5 family, nodes.csv).
    az = t[(t["site"] == "arizona-usa") & (t["node"] == "N4")]
    assert set(az["facility"]) == {"logic-N5"}
    assert set(inc.existing_supply("announced", YEARS)) == set(t["facility"])


def test_unknown_variant_is_an_input_error_naming_the_field() -> None:
    for call in (
        lambda: inc.existing_supply("optimistic", YEARS),
        lambda: inc.existing_split("optimistic", YEARS),
        lambda: inc.capacity_table("optimistic"),
    ):
        with pytest.raises(InputError) as err:
            call()
        (problem,) = err.value.problems
        assert problem.field == "supply.baseline"
        for v in inc.VARIANTS:
            assert v in problem.message


# --- owners, capital, sites -----------------------------------------------------------


def test_owner_capital_is_guidance_times_the_free_share() -> None:
    # TSMC guided US$52-56B of capex for 2026; share free to respond 0.1 (tigris
    # assumption): 5.4e9 in 2026, held flat after the last row, zero before the first.
    cap = inc.owner_capital("TSMC", np.array([2024, 2026, 2031]))
    assert cap[0] == 0.0
    assert 0.1 * 52e9 <= cap[1] <= 0.1 * 56e9
    assert cap[2] == cap[1]
    with pytest.raises(InputError, match=r"unknown incumbent 'TMSC'.*did you mean 'TSMC'"):
        inc.owner_capital("TMSC", YEARS)


def test_owner_sites_are_known_sites_with_known_kinds() -> None:
    owners = inc.incumbent_owners()
    assert {"TSMC", "SK hynix", "Samsung", "Micron", "Intel"} <= set(owners)
    # the data-centre builders (usertest_swf.md #3): their sites host data centres,
    # named by facility id (data/datacenter_types.csv), not fabs
    assert {"Microsoft", "Alphabet", "Amazon", "Meta"} <= set(owners)
    fabs = {"logic", "cowos", "hbm"}
    datacentres = {"datacenter", "datacenter-gas", "datacenter-solar"}
    known = set(list_sites())
    for owner in owners:
        sites = inc.owner_sites(owner)
        assert sites, owner
        for s in sites:
            assert s["site"] in known
            assert s["kinds"] and set(s["kinds"]) <= fabs | datacentres
            assert isinstance(s["max_modules"], int) and s["max_modules"] > 0
        assert np.all(inc.owner_capital(owner, YEARS) >= 0.0)
    # Every capacity row sits at a known site.
    assert {r["site"] for r in load_rows("incumbent_capacity")} <= known
    with pytest.raises(InputError):
        inc.owner_sites("nobody")


def test_import_is_light() -> None:
    # The CLI's start-up time is tested: no pandas or solver at import.
    code = (
        "import sys, tigris.world.incumbents as m; m.existing_supply('announced', [2026]);"
        "print(sorted(x for x in ('pandas', 'highspy', 'pyomo') if x in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
