"""Ramp times by region (issue 13, item 4): data/fab_ramps.csv and sites.csv's ramp_months.

sites.csv stores ``ramp_months``; these tests recompute it from the multi-fab table with
the method docs/fab.md states (region median, all-fab median below three fabs, rounded
half up) and fail if the two disagree, so neither can drift from the other.
"""

from __future__ import annotations

import csv
import math
import statistics
from importlib import resources

import pytest

from tigris.errors import TigrisError
from tigris.fab_ramps import (
    MIN_FABS_PER_REGION,
    SITE_REGION,
    STATUSES,
    FabRamp,
    censored_median,
    fab_ramps,
    months_between,
    ramp_months_by_site,
    regional_ramp_months,
)

DATA = resources.files("tigris.data")


def _csv(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def ramps() -> list[dict[str, str]]:
    return _csv("fab_ramps.csv")


@pytest.fixture(scope="module")
def sites() -> list[dict[str, str]]:
    return _csv("sites.csv")


def test_each_row_months_match_its_dates(ramps: list[dict[str, str]]) -> None:
    # months is the calendar-month count from start to end, computed here by hand
    for r in ramps:
        y1, m1 = map(int, r["start"].split("-"))
        y2, m2 = map(int, r["end"].split("-"))
        assert int(r["months"]) == (y2 - y1) * 12 + (m2 - m1) > 0, r["fab_id"]
        assert r["status"] in STATUSES, r["fab_id"]
        assert r["start_milestone"].strip() and r["end_milestone"].strip(), r["fab_id"]
        assert r["definition"].strip(), r["fab_id"]
    assert len({r["fab_id"] for r in ramps}) == len(ramps)


def test_rows_cover_the_regions_and_name_their_sources(ramps: list[dict[str, str]]) -> None:
    regions = {r["region"] for r in ramps}
    assert regions <= {v for v in SITE_REGION.values() if v}
    # every region a shipped site maps to has at least one fab of its own
    assert {v for v in SITE_REGION.values() if v} <= regions
    assert len(ramps) >= 10
    # a row's as_of is not before its end milestone unless the end is a plan
    for r in ramps:
        if r["status"] in ("achieved", "achieved_by"):
            assert r["as_of"] >= r["end"], r["fab_id"]


def test_published_durations_are_kept() -> None:
    # The sources state some durations in words; the table must say the same.
    rows = {r.fab_id: r for r in fab_ramps()}
    # Samsung Newsroom 2011-12-13: 40,000 wspm "only five short months after the initial
    # silicon wafer"
    assert rows["samsung-austin-s2"].months == 5
    # Infineon (J. Hanebeck, Sept 2021): full utilisation "in four to five years"
    assert 48 <= rows["infineon-villach-300"].months <= 60
    # BusinessKorea, Feb 2016: Xi'an at its maximum "less than two years" after start
    assert rows["samsung-xian-1"].months < 24


def test_sites_ramp_months_recomputed_from_the_table(
    ramps: list[dict[str, str]], sites: list[dict[str, str]]
) -> None:
    def half_up(x: float) -> int:
        return math.floor(x + 0.5)

    def median(rows: list[dict[str, str]]) -> int:
        # a fab not yet at full capacity ranks after every fab that got there (inf); the
        # shipped table's bounds are long enough for that not to move the median
        done = sorted(int(r["months"]) for r in rows if r["status"] != "not_reached")
        bounds = [int(r["months"]) for r in rows if r["status"] == "not_reached"]
        ordered = done + [math.inf] * len(bounds)
        m = statistics.median(ordered)
        assert math.isfinite(m)
        assert all(b >= ordered[len(ordered) // 2] for b in bounds)
        return half_up(m)

    overall = median(ramps)
    for s in sites:
        region = SITE_REGION[s["site"]]  # KeyError: a new site needs its region stated
        own = [r for r in ramps if r["region"] == region]
        want = median(own) if len(own) >= MIN_FABS_PER_REGION else overall
        assert float(s["ramp_months"]) == want, (s["site"], s["ramp_months"], want)
        assert "data/fab_ramps.csv" in s["source"], s["site"]
    assert ramp_months_by_site([s["site"] for s in sites]) == {
        s["site"]: int(float(s["ramp_months"])) for s in sites
    }


def _row(region: str, months: int) -> FabRamp:
    return FabRamp("x", "o", "f", region, "p", "2020-01", "2020-01", months, "achieved", "s", "a")


def test_regional_median_and_fallback_worked_example() -> None:
    # Hand-worked: all six -> median of 2,4,6,8,10,30 = 7; "a" has three rows -> 4;
    # "b" has two -> falls back to 7; "c" has one -> 7.
    rows = [_row("a", 2), _row("a", 4), _row("a", 30), _row("b", 6), _row("b", 10)]
    rows.append(_row("c", 8))
    got = regional_ramp_months(rows, min_fabs=3)
    assert got == {None: 7, "a": 4, "b": 7, "c": 7}
    # medians are rounded half up: 2 and 5 -> 3.5 -> 4
    assert regional_ramp_months([_row("a", 2), _row("a", 5)], min_fabs=2)["a"] == 4


def test_censored_rows_rank_above_and_short_bounds_are_dropped() -> None:
    # Hand-worked: 5, 7, 13 done and one fab still short at 32 months -> the ordered
    # sample is 5, 7, 13, (>32): median (7 + 13) / 2 = 10; without it, 7.
    assert censored_median([5, 7, 13], [32]) == 10.0
    assert censored_median([5, 7, 13]) == 7.0
    # a bound of 8 cannot be ranked above 13 -> dropped -> 7; two long bounds -> 13
    assert censored_median([5, 7, 13], [8]) == 7.0
    assert censored_median([5, 7, 13], [40, 50]) == 13.0
    rows = [_row("u", 5), _row("u", 7), _row("u", 13)]
    rows.append(FabRamp("w", "o", "f", "u", "p", "2022-04", "2024-12", 32, "not_reached", "s", "a"))
    assert regional_ramp_months(rows, min_fabs=3)["u"] == 10
    with pytest.raises(TigrisError, match="no completed"):
        censored_median([], [12])


def test_unknown_site_takes_the_all_fab_median() -> None:
    got = ramp_months_by_site(["somewhere-new", "taiwan"])
    assert got["somewhere-new"] == regional_ramp_months()[None]


def test_bad_dates_fail_with_one_line() -> None:
    with pytest.raises(TigrisError, match="YYYY-MM"):
        months_between("2020/01", "2021-01")
    with pytest.raises(TigrisError, match="no rows"):
        regional_ramp_months([])
