"""Ramp times (issue 13, item 4): data/fab_ramps.csv as a cross-check of sites.csv.

sites.csv's ``ramp_months`` are single-fab leading-edge quotes; the decision rule of
docs/fab.md (committed in 256ca01 before the numbers) would replace them only with 8 or
more leading-edge logic outcomes, and the table has 2. These tests check every row (its
arithmetic against its dates and sources' words, and that a bad row is refused with one
line), the censored median, the bootstrap interval and each branch of the rule on
hand-made tables with hand-derived answers, and that every site's default lies within the
ramps fabs in the table actually reached.
"""

from __future__ import annotations

import csv
import statistics
from importlib import resources

import pytest

from tigris.errors import TigrisError
from tigris.fab_ramps import (
    KINDS,
    MIN_OUTCOMES,
    SITE_REGION,
    STATUSES,
    FabRamp,
    bootstrap_interval,
    censored_median,
    decide_ramp_defaults,
    fab_ramps,
    main,
    months_between,
    ramp_estimates,
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
    assert len(ramps) >= 20
    for r in ramps:
        assert r["source"].strip() and r["as_of"].strip(), r["fab_id"]
        assert r["kind"] in KINDS, r["fab_id"]
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
    # CENS 2011-11-03: Fab 15's first facility, in volume from October 2011, "estimated to
    # reach full capacity in early 2013" (TSMC's later plan; its May 2011 one said summer
    # 2012): 15 to 17 months (review RV2)
    assert 15 <= rows["tsmc-fab15-p1"].months <= 17 and rows["tsmc-fab15-p1"].end[:4] == "2013"


def test_every_site_default_lies_within_the_ramps_fabs_reached(
    ramps: list[dict[str, str]], sites: list[dict[str, str]]
) -> None:
    # The defaults are single-fab quotes; the table cannot set them, but a default
    # shorter than the fastest ramp any fab in it reached (Samsung Austin S2, 5 months)
    # or longer than the slowest one reached (Inotera Fab 1, 29) would need a reason.
    reached = [int(r["months"]) for r in ramps if r["status"] in ("achieved", "achieved_by")]
    lo, hi = min(reached), max(reached)
    assert (lo, hi) == (5, 29)  # by hand from the table's achieved/achieved_by rows
    for s in sites:
        assert lo <= float(s["ramp_months"]) <= hi, (s["site"], s["ramp_months"], lo, hi)
    checks = site_cross_check()
    assert [c.site for c in checks] == [s["site"] for s in sites]
    assert all(c.within_realised for c in checks)
    # a default outside the range is reported as such
    # (every default below a table whose one reached ramp is 30 months, above one of 2)
    for months in (30, 2):
        one = [
            FabRamp(
                "x",
                "o",
                "f",
                "usa",
                "p",
                "2020-01",
                "2020-02",
                months,
                "achieved",
                "s",
                "a",
                "memory",
            )
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
    def row(region: str, months: int, status: str = "achieved", kind: str = "memory") -> FabRamp:
        return FabRamp(
            "x", "o", "f", region, "p", "2020-01", "2020-01", months, status, "s", "a", kind
        )

    rows = [row("a", 2, kind="logic-leading"), row("a", 4), row("a", 30, "planned")]
    rows += [row("b", 6), row("b", 10, "achieved_by"), row("b", 12)]
    got = {s.group: s for s in ramp_summary(rows, min_outcomes=3)}
    assert list(got) == ["all", "logic-leading", "memory", "a", "b"]
    al, a, b = got["all"], got["a"], got["b"]
    assert (al.n, al.outcomes, al.plans, al.censored) == (6, 5, 1, 0)
    assert (al.median_all_months, al.median_outcomes_months) == (8.0, 6.0)
    assert (al.realised_min_months, al.realised_max_months) == (2, 12)
    assert (a.n, a.outcomes, a.plans, a.median_all_months) == (3, 2, 1, 4.0)
    assert a.median_outcomes_months is None and not a.estimable
    assert b.estimable and b.median_outcomes_months == b.median_all_months == 10.0
    assert (got["logic-leading"].n, got["memory"].n) == (1, 5)
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
    # pooled: a censored bound ranks last when it is at least the middle values
    # (Wolfspeed >32); JASM's >5 and UMC Xiamen's >19 are below them and are dropped
    # (censored_median)
    months = sorted(int(r["months"]) for r in ramps if r["status"] != "not_reached")
    long_bounds = [int(r["months"]) for r in ramps if r["status"] == "not_reached"]
    assert sorted(long_bounds) == [5, 19, 32]
    assert got["all"].median_all_months == statistics.median([*months, 10**6])
    out = [
        int(r["months"]) for r in ramps if r["status"] in outcome and r["status"] != "not_reached"
    ]
    assert got["all"].median_outcomes_months == statistics.median([*sorted(out), 10**6]) == 23
    # counted by hand: 13 of the 24 rows are plans or expectations; China (Xi'an 1 and 2,
    # YMTC, TSMC Nanjing, Hua Hong Fab 7, UMC Xiamen) and the US (Austin S2, TSMC Arizona,
    # Wolfspeed) are the only regions with three outcomes
    assert (got["all"].n, got["all"].plans) == (24, 13)
    assert {g for g in by_region if got[g].estimable} == {"china", "usa"}


def test_cli_prints_counts_and_says_too_few(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    assert "| all | 24 |" in out and "too few outcomes" in out and "| taiwan | 12 |" in out
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


# --- the estimator with intervals and the decision rule (issue 13 item 4) --------------


def _r(region: str, months: int, status: str = "achieved", kind: str = "logic-leading") -> FabRamp:
    return FabRamp("x", "o", "f", region, "p", "2020-01", "2020-01", months, status, "s", "a", kind)


def test_bootstrap_interval_hand_derived() -> None:
    # all equal: every resample's median is 12
    assert bootstrap_interval([12, 12, 12]) == (12.0, 12.0)
    # two fabs 10 and 20: a resample's median is 10 (p 1/4), 15 (1/2) or 20 (1/4); the 5%
    # and 95% points of that distribution are 10 and 20
    assert bootstrap_interval([10, 20]) == (10.0, 20.0)
    # 1, 2, 3: P(median of three draws = 1) = P(two or more 1s) = 7/27 > 5% -> (1, 3)
    assert bootstrap_interval([1, 2, 3]) == (1.0, 3.0)
    # nine fabs at 10 and one at 30: the median of ten draws leaves 10 only with five or
    # more 30s, P = sum_{k>=5} C(10,k) 0.1^k 0.9^(10-k) = 0.0016 < 5% -> (10, 10), narrower
    # than the data's range
    assert bootstrap_interval([10] * 9 + [30]) == (10.0, 10.0)
    # censored: 10 and 20 done, one fab still short at 40. Enumerating the 27 resamples
    # (all-censored ones redrawn): the median is 10 for (10,10,10), (10,10,20),
    # (10,10,>40), (10,>40,>40) - 10 of 26 - and 20 otherwise -> (10, 20); the point
    # median ranks the censored fab last: 10, 20, (>40) -> 20
    assert censored_median([10, 20], [40]) == 20.0
    assert bootstrap_interval([10, 20], [40]) == (10.0, 20.0)
    # each end is an attained median (inverted CDF, not interpolated; review RV2): with an
    # odd count every resample's median is one of the values, and 20 draws put the 5% and
    # 95% points between two different sorted medians, where interpolation would not land
    # on a value
    import numpy as np

    vals = [float(v) for v in range(1, 32)]
    lo, hi = bootstrap_interval(vals, n_boot=20, rng=np.random.default_rng(1))
    assert lo in vals and hi in vals and lo < hi
    # the interval is reproducible from its seed and does not depend on the caller's state
    assert bootstrap_interval([3, 8, 13, 21]) == bootstrap_interval([3, 8, 13, 21])
    with pytest.raises(TigrisError, match="no completed"):
        bootstrap_interval([], [12])
    with pytest.raises(TigrisError, match="confidence"):
        bootstrap_interval([1, 2], confidence=1.0)


def test_ramp_estimates_count_outcomes_only_and_say_too_few() -> None:
    rows = [_r("a", 10), _r("a", 10), _r("a", 10), _r("a", 99, "planned")]
    rows += [_r("b", 20, kind="memory"), _r("b", 30, "achieved_by", kind="memory")]
    rows += [_r("b", 8, "not_reached", kind="memory")]
    got = {e.group: e for e in ramp_estimates(rows)}
    assert list(got) == ["all", "logic-leading", "memory", "a", "b", "a / logic-leading"]
    # the plan (99) is not evidence: group a is three fabs at 10 -> 10 [10, 10]
    a = got["a"]
    assert (a.outcomes, a.median_months, a.lo_months, a.hi_months) == (3, 10.0, 10.0, 10.0)
    # b: 20, 30 and a bound of 8 that cannot rank above the middle -> dropped -> 25
    b = got["b"]
    assert (b.outcomes, b.censored, b.median_months) == (3, 1, 25.0)
    # pooled outcomes 10, 10, 10, 20, 30 (and the dropped bound): median 10
    assert got["all"].median_months == 10.0 and got["all"].outcomes == 6
    # fewer than three outcomes: no estimate
    few = {e.group: e for e in ramp_estimates([_r("c", 5), _r("c", 7)])}
    assert not few["c"].estimable and few["c"].lo_months is None


def test_shipped_estimates_pooled_median_by_hand(ramps: list[dict[str, str]]) -> None:
    # Outcomes reached: Austin S2 5, TSMC Arizona 11, Hua Hong Fab 7 20, Xi'an 1 21,
    # TSMC Nanjing 23, Xi'an 2 24, YMTC 27, Inotera 29; still short: JASM >5 and UMC
    # Xiamen >19 (below the middle, dropped), Wolfspeed >32 (ranks last).
    # 5, 11, 20, 21, 23, 24, 27, 29, (>32) -> 23
    got = {e.group: e for e in ramp_estimates()}
    assert got["all"].outcomes == 11 and got["all"].median_months == 23.0
    lo, hi = got["all"].lo_months, got["all"].hi_months
    assert lo is not None and hi is not None and 5 <= lo <= 23 <= hi <= 29
    # two leading-edge logic outcomes (Austin S2, TSMC Arizona): too few to estimate
    lead = [
        r
        for r in ramps
        if r["kind"] == "logic-leading"
        and r["status"] in ("achieved", "achieved_by", "not_reached")
    ]
    assert sorted(r["fab_id"] for r in lead) == ["samsung-austin-s2", "tsmc-arizona-f21-p1"]
    assert got["logic-leading"].outcomes == 2 and not got["logic-leading"].estimable


def _exact_bootstrap(
    items: list[tuple[float, bool]], confidence: float = 0.90
) -> tuple[float, float]:
    """The percentile interval of the bootstrap median by enumerating every resample.

    Independent of the module: each multiset of n draws from the n fabs has multinomial
    weight n! / prod(k_i!); resamples with no completed ramp are excluded (the module
    redraws them); a censored bound ranks above the completed values when it is at least
    the upper middle one, else the shortest bound is dropped (the rule of docs/fab.md).
    """
    import itertools
    import math
    from collections import Counter

    def med(done: list[float], bounds: list[float]) -> float:
        v, b = sorted(done), sorted(bounds)
        while True:
            n = len(v) + len(b)
            if n // 2 < len(v) and (not b or b[0] >= v[n // 2]):
                return (v[(n - 1) // 2] + v[n // 2]) / 2
            b.pop(0)

    n, dist = len(items), Counter()
    for pick in itertools.combinations_with_replacement(range(n), n):
        w = math.factorial(n)
        for k in Counter(pick).values():
            w //= math.factorial(k)
        done = [items[i][0] for i in pick if not items[i][1]]
        if done:
            dist[med(done, [items[i][0] for i in pick if items[i][1]])] += w
    total, tail = sum(dist.values()), (1 - confidence) / 2
    xs = sorted(dist)
    cdf = list(itertools.accumulate(dist[x] for x in xs))
    lo = next(x for x, c in zip(xs, cdf, strict=True) if c >= tail * total)
    hi = next(x for x, c in zip(xs, cdf, strict=True) if c >= (1 - tail) * total)
    return lo, hi


def test_shipped_intervals_match_the_exact_bootstrap(ramps: list[dict[str, str]]) -> None:
    # (review RV2) the 90% intervals of docs/fab.md against an enumeration of every
    # resample: memory 21, 24, 27, 29 -> [21, 29] (P(median = 21) = 0.0508, just over 5%;
    # an 80% interval would start at 22.5); China 20, 21, 23, 24, 27 and >19 -> [20.5, 25.5]
    got = {e.group: e for e in ramp_estimates()}
    outcome = ("achieved", "achieved_by", "not_reached")
    for group, key in (("memory", "kind"), ("china", "region")):
        items = [
            (float(r["months"]), r["status"] == "not_reached")
            for r in ramps
            if r[key] == group and r["status"] in outcome
        ]
        assert (got[group].lo_months, got[group].hi_months) == _exact_bootstrap(items), group
    assert (got["memory"].lo_months, got["memory"].hi_months) == (21.0, 29.0)
    assert (got["china"].lo_months, got["china"].hi_months) == (20.5, 25.5)
    # pooled, 11 outcomes: the same enumeration (352,716 multisets, run once by the
    # reviewer) gives the exact interval [20, 27]: P(median <= 19) = 0.0486, just under 5%,
    # P(median <= 16) = 0.043, P(median < 20) = 0.0486, P(median <= 26.5) = 0.886 and
    # P(median <= 27) = 0.966. The rule's 2,000 draws cannot resolve the lower end: any
    # median whose exact CDF straddles 5% within 0.01 (16 to 20) is a fair draw; the upper
    # end is 27 whatever the draws
    lo, hi = got["all"].lo_months, got["all"].hi_months
    assert lo is not None and 16 <= lo <= 20 and hi == 27


def test_cli_prints_the_pooled_interval() -> None:
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([]) == 0
    e = next(e for e in ramp_estimates() if e.group == "all")
    row = f"| all | {e.outcomes} | {e.censored} | {e.median_months:g} "
    assert row + f"| {e.lo_months:g}-{e.hi_months:g} |" in buf.getvalue()


def test_rule_boundaries_hand_made() -> None:
    # (review RV2) Eight leading-logic outcomes, exactly the rule's minimum: 10 x4 in
    # Taiwan, 11 x4 in the US (each region < 5: no regional default). Median 10.5; the
    # median of 8 draws is 10 when five or more are 10s (P = 93/256 > 5%), 11 likewise ->
    # [10, 11]. Taiwan's 10 is the interval's lower end: kept. Arizona's 40 is outside:
    # the pooled 10.5 rounded half up, 11. South Korea has no outcome: kept.
    rows = [_r("taiwan", 10) for _ in range(4)] + [_r("usa", 11) for _ in range(4)]
    sites = [
        {"site": "taiwan", "ramp_months": 10},
        {"site": "arizona-usa", "ramp_months": 40},
        {"site": "south-korea", "ramp_months": 12},
    ]
    got = {d.site: d for d in decide_ramp_defaults(rows, sites)}
    assert (got["taiwan"].action, got["taiwan"].new_months) == ("keep", 10.0)
    assert (got["arizona-usa"].action, got["arizona-usa"].new_months) == ("pooled", 11.0)
    assert (got["south-korea"].action, got["south-korea"].new_months) == ("keep", 12.0)
    # seven outcomes: step 3, nothing moves
    got = {d.site: d for d in decide_ramp_defaults(rows[1:], sites)}
    assert all(d.action == "keep" and "step 3" in d.reason for d in got.values())
    # A regional interval that touches the pooled median does not exclude it: Taiwan 10 x5,
    # US 10 x3 and 30 x2 -> pooled 10, [10, 10] (the median of 10 draws leaves 10 only with
    # five or more 30s, P = 0.033 < 5%); Taiwan's own [10, 10] contains 10 -> no regional
    # default, and its 12 lies outside [10, 10] -> the pooled 10 (step 5)
    rows = [_r("taiwan", 10) for _ in range(5)] + [_r("usa", 10) for _ in range(3)]
    rows += [_r("usa", 30), _r("usa", 30)]
    got = {d.site: d for d in decide_ramp_defaults(rows, [{"site": "taiwan", "ramp_months": 12}])}
    assert (got["taiwan"].action, got["taiwan"].new_months) == ("pooled", 10.0)


def test_rule_keeps_every_default_with_too_few_leading_logic_outcomes(
    sites: list[dict[str, str]],
) -> None:
    # the shipped table has 2 leading-edge logic outcomes < 8 (step 3): nothing changes
    got = decide_ramp_defaults()
    assert [d.site for d in got] == [s["site"] for s in sites]
    for d, s in zip(got, sites, strict=True):
        assert d.action == "keep" and d.new_months == d.current_months == float(s["ramp_months"])
        assert "step 3" in d.reason


def test_rule_region_pooled_and_keep_branches_hand_made() -> None:
    # Taiwan: five fabs at 10, US: five at 30, South Korea and China: one at 20 each.
    # Pooled, twelve outcomes: 10 x5, 20, 20, 30 x5 -> median 20; the median of twelve
    # draws is 10 when seven or more are 10s (P = 0.20 > 5%), 30 likewise -> [10, 30].
    # Taiwan's interval [10, 10] and the US's [30, 30] exclude 20 with five outcomes each
    # (step 4): 10 and 30. Korea (one outcome) keeps 15, within [10, 30]; China's 40 is
    # outside -> the pooled 20 (step 5); Japan has no outcome -> kept; a plan is ignored.
    rows = [_r("taiwan", 10) for _ in range(5)] + [_r("usa", 30) for _ in range(5)]
    rows += [_r("south-korea", 20), _r("china", 20), _r("japan", 2, "planned")]
    rows += [_r("japan", 3, kind="memory")]
    sites = [
        {"site": "taiwan", "ramp_months": 12},
        {"site": "arizona-usa", "ramp_months": 18},
        {"site": "south-korea", "ramp_months": 15},
        {"site": "china", "ramp_months": 40},
        {"site": "japan", "ramp_months": 12},
    ]
    got = {d.site: d for d in decide_ramp_defaults(rows, sites)}
    assert (got["taiwan"].action, got["taiwan"].new_months) == ("region", 10.0)
    assert (got["arizona-usa"].action, got["arizona-usa"].new_months) == ("region", 30.0)
    assert (got["south-korea"].action, got["south-korea"].new_months) == ("keep", 15.0)
    assert (got["china"].action, got["china"].new_months) == ("pooled", 20.0)
    assert (got["japan"].action, got["japan"].new_months) == ("keep", 12.0)
    # four US fabs are fewer than five: the US no longer gets its own default, and 18 is
    # within the pooled interval -> kept
    fewer = [r for r in rows if r.region != "usa"] + [_r("usa", 30) for _ in range(4)]
    fewer += [_r("taiwan", 10)]
    got = {d.site: d for d in decide_ramp_defaults(fewer, sites)}
    assert got["arizona-usa"].action == "keep"


_GOOD = {
    "fab_id": "f",
    "owner": "o",
    "fab": "F",
    "region": "usa",
    "product": "logic",
    "kind": "logic-leading",
    "start": "2020-01",
    "end": "2021-01",
    "months": 12,
    "status": "achieved",
    "source": "a press release",
    "as_of": "2021-02",
}


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("status", "done", "status 'done'"),
        ("kind", "gpu", "kind 'gpu'"),
        ("kind", "", "kind is empty"),
        ("months", 11, "months 11 does not match"),
        ("months", "x", "months must be a whole number"),
        ("end", "2021", "start/end must be YYYY-MM"),
        ("source", " ", "source is empty"),
        ("as_of", float("nan"), "as_of is empty"),
        # (review RV2) accepted silently before: an empty key, a region typo that would
        # form a group of its own, month 13, a fractional month count
        ("fab_id", "", "fab_id is empty"),
        ("fab_id", float("nan"), "fab_id is empty"),
        ("region", "tiawan", "region 'tiawan' not in"),
        ("end", "2020-13", "start/end must be YYYY-MM"),
        ("months", 12.5, "months must be a whole number"),
    ],
)
def test_bad_rows_are_rejected_with_one_line(field: str, value: object, words: str) -> None:
    assert fab_ramps([_GOOD])[0].months == 12
    bad = {**_GOOD, field: value}
    with pytest.raises(TigrisError) as exc:
        fab_ramps([_GOOD, bad])
    msg = str(exc.value)
    assert words in msg and "line 3 (" in msg and "\n" not in msg


def test_zero_months_and_repeated_ids_are_rejected() -> None:
    # (review RV2) start == end gave months 0, which matched its dates and was accepted
    same = {**_GOOD, "end": "2020-01", "months": 0}
    with pytest.raises(TigrisError, match=r"line 2 \(f\): months must be positive, got 0$"):
        fab_ramps([same])
    with pytest.raises(TigrisError, match=r"line 3 \(f\): fab_id repeats an earlier row$"):
        fab_ramps([_GOOD, _GOOD])


def test_cli_bad_table_exits_2_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import tigris.fab_ramps as fr

    monkeypatch.setattr(fr, "load_rows", lambda name: [{**_GOOD, "status": "soon"}])
    assert main([]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "status 'soon'" in err and "Traceback" not in err


def test_cli_prints_estimates_and_the_rule() -> None:
    import io
    from contextlib import redirect_stdout

    buf = io.StringIO()
    with redirect_stdout(buf):
        assert main([]) == 0
    out = buf.getvalue()
    assert "| all | 11 | 3 | 23 |" in out and "90% interval" in out
    assert "step 3: 2 pooled leading-edge logic outcomes < 8" in out
