"""Ramp times (issue 13, item 4): data/fab_ramps.csv as a cross-check of sites.csv.

sites.csv's ``ramp_months`` are single-fab leading-edge quotes, not derived from the
multi-fab table (too few fabs a region, half plans, half memory/power; docs/fab.md). These
tests check the table's own arithmetic against its dates and sources' words, the
censored median and the summary's counts on hand-worked examples, and that every site's
default lies within the ramps fabs in the table actually reached.
"""

from __future__ import annotations

import csv
import statistics
from importlib import resources

import pytest

from tigris.errors import TigrisError
from tigris.fab_ramps import (
    MIN_OUTCOMES,
    SITE_REGION,
    STATUSES,
    FabRamp,
    censored_median,
    fab_ramps,
    main,
    months_between,
    ramp_summary,
    site_cross_check,
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


def test_every_site_default_lies_within_the_ramps_fabs_reached(
    ramps: list[dict[str, str]], sites: list[dict[str, str]]
) -> None:
    # The defaults are single-fab quotes; the table cannot set them, but a default
    # shorter than the fastest ramp any fab in it reached (Samsung Austin S2, 5 months)
    # or longer than the slowest one reached (YMTC Wuhan 1, 27) would need a reason.
    reached = [int(r["months"]) for r in ramps if r["status"] in ("achieved", "achieved_by")]
    lo, hi = min(reached), max(reached)
    assert (lo, hi) == (5, 27)  # by hand from the table's achieved/achieved_by rows
    for s in sites:
        assert lo <= float(s["ramp_months"]) <= hi, (s["site"], s["ramp_months"], lo, hi)
    checks = site_cross_check()
    assert [c.site for c in checks] == [s["site"] for s in sites]
    assert all(c.within_realised for c in checks)
    # a default outside the range is reported as such
    # (every default below a table whose one reached ramp is 30 months, above one of 2)
    for months in (30, 2):
        one = [
            FabRamp("x", "o", "f", "usa", "p", "2020-01", "2020-02", months, "achieved", "s", "a")
        ]
        assert not any(c.within_realised for c in site_cross_check(one)), months


def test_site_sources_name_their_own_ramp_and_the_table_only_as_a_cross_check(
    sites: list[dict[str, str]],
) -> None:
    for s in sites:
        assert s["site"] in SITE_REGION, s["site"]  # a new site needs its region stated
        src = s["source"]
        assert "data/fab_ramps.csv) is a cross-check only" in src, s["site"]
        # the source states the ramp it ships and why ("Ramp 18 months: tigris assumption
        # from TSMC Arizona fab 1 ...", "ramp 12 months as Taiwan ...")
        assert f"amp {int(float(s['ramp_months']))} months" in src, s["site"]


def test_summary_counts_and_medians_worked_example() -> None:
    # Hand-worked: region "a" has outcomes 2, 4 and a plan 30; "b" outcomes 6, 10, 12.
    # all rows: 2,4,6,10,12,30 -> median 8; outcomes 2,4,6,10,12 -> 6; "a" has two
    # outcomes (< 3): no estimate, its all-row median 4; "b": 10 both ways.
    def row(region: str, months: int, status: str = "achieved", product: str = "p") -> FabRamp:
        return FabRamp(
            "x", "o", "f", region, product, "2020-01", "2020-01", months, status, "s", "a"
        )

    rows = [row("a", 2, product="logic 5 nm"), row("a", 4), row("a", 30, "planned")]
    rows += [row("b", 6), row("b", 10, "achieved_by"), row("b", 12)]
    got = {s.group: s for s in ramp_summary(rows, min_outcomes=3)}
    assert list(got) == ["all", "logic", "memory/power", "a", "b"]
    al, a, b = got["all"], got["a"], got["b"]
    assert (al.n, al.outcomes, al.plans, al.censored) == (6, 5, 1, 0)
    assert (al.median_all_months, al.median_outcomes_months) == (8.0, 6.0)
    assert (al.realised_min_months, al.realised_max_months) == (2, 12)
    assert (a.n, a.outcomes, a.plans, a.median_all_months) == (3, 2, 1, 4.0)
    assert a.median_outcomes_months is None and not a.estimable
    assert b.estimable and b.median_outcomes_months == b.median_all_months == 10.0
    assert (got["logic"].n, got["memory/power"].n) == (1, 5)
    # a censored row counts as an outcome that ranks above: b + (>40) -> (10 + 12) / 2
    got = {s.group: s for s in ramp_summary([*rows, row("b", 40, "not_reached")])}
    assert (got["b"].outcomes, got["b"].censored, got["b"].median_outcomes_months) == (4, 1, 11.0)
    assert got["b"].realised_max_months == 12  # a lower bound is not a reached ramp


def test_shipped_summary_says_which_regions_are_too_thin(ramps: list[dict[str, str]]) -> None:
    # Counted by hand from the table independently of the module.
    outcome = ("achieved", "achieved_by", "not_reached")
    by_region: dict[str, list[dict[str, str]]] = {}
    for r in ramps:
        by_region.setdefault(r["region"], []).append(r)
    got = {s.group: s for s in ramp_summary()}
    for region, rows in by_region.items():
        n_out = sum(r["status"] in outcome for r in rows)
        s = got[region]
        assert (s.n, s.outcomes) == (len(rows), n_out), region
        assert s.estimable == (n_out >= MIN_OUTCOMES), region
    # pooled, no censored bound at or below the middle: the plain median of the months
    # with the censored row ranked last (Wolfspeed >32 sits above the middle pair)
    months = sorted(int(r["months"]) for r in ramps if r["status"] != "not_reached")
    ranked = months + [10**6] * sum(r["status"] == "not_reached" for r in ramps)
    assert got["all"].median_all_months == statistics.median(ranked)
    out = [
        int(r["months"]) for r in ramps if r["status"] in outcome and r["status"] != "not_reached"
    ]
    out_ranked = sorted(out) + [10**6] * sum(r["status"] == "not_reached" for r in ramps)
    assert got["all"].median_outcomes_months == statistics.median(out_ranked)
    # half the table is plans or expectations, and no region but China has three outcomes
    assert got["all"].plans * 2 == got["all"].n
    assert {g for g in by_region if got[g].estimable} == {"china"}


def test_cli_prints_counts_and_says_too_few(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "| all | 12 |" in out and "too few outcomes" in out and "| taiwan | 12 |" in out
    assert main(["--min-outcomes", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--min-outcomes" in err
    with pytest.raises(SystemExit) as exc:
        main(["--min-outcomes", "x"])
    assert exc.value.code == 2


def test_censored_rows_rank_above_and_short_bounds_are_dropped() -> None:
    # Hand-worked: 5, 7, 13 done and one fab still short at 32 months -> the ordered
    # sample is 5, 7, 13, (>32): median (7 + 13) / 2 = 10; without it, 7.
    assert censored_median([5, 7, 13], [32]) == 10.0
    assert censored_median([5, 7, 13]) == 7.0
    # a bound of 8 cannot be ranked above 13 -> dropped -> 7; two long bounds -> 13
    assert censored_median([5, 7, 13], [8]) == 7.0
    # a fab still short of full capacity at 13 months takes longer than one that got
    # there in 13: a bound equal to the middle value ranks above it -> (7 + 13) / 2
    assert censored_median([5, 7, 13], [13]) == 10.0
    assert censored_median([5, 7, 13], [40, 50]) == 13.0
    with pytest.raises(TigrisError, match="no completed"):
        censored_median([], [12])


def test_bad_dates_fail_with_one_line() -> None:
    with pytest.raises(TigrisError, match="YYYY-MM"):
        months_between("2020/01", "2021-01")
    with pytest.raises(TigrisError, match="no rows"):
        ramp_summary([])
