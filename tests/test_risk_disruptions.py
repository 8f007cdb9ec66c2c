"""Disruptions (issue 15, item 5; :mod:`tigris.risk.disruptions`) and fixing a plan's
builds (:mod:`tigris.plan.fixed`).

Claims: a plan's own builds fixed reproduce its objective; the fixed plan keeps the
base's builds; re-optimised ≤ fixed and both ≥ base for these disruptions (not a
theorem under the timing rule: docs/risk.md, "Read the loss in money"); a region
outage removes exactly the hand-computed output (a hand-built problem) and the
incumbents' capacity at the region's sites (read from the csv here); bad fields are
file:line errors; a plan ignores ``disruptions``. Tiny scenarios
(:data:`tests.conftest.SMALL_3Y`) keep it cheap.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from tests.conftest import (
    SMALL_3Y,
    assert_one_line_error,
    data_table,
    replaced,
    write_scenario,
)
from tigris.errors import InputError
from tigris.plan import reuse
from tigris.plan.assemble import assemble
from tigris.plan.fixed import builds_array, fix_builds
from tigris.plan.inputs import PlanInputs
from tigris.plan.solve import solve_inputs
from tigris.risk.disruptions import KINDS, RegionOutage, apply_disruption, disrupt
from tigris.scenario.edit import load_any

#: Relative agreement of two solves of the same problem (HiGHS' default MIP gap is
#: 1e-4; the fixed problem is an LP in production and unmet) [-].
REL_TOL = 2e-4


def _solve(inp):
    return solve_inputs(inp, explain_result=False, counterfactual=False, mip_gap=0.0)


@pytest.fixture(scope="module")
def small():
    sc = load_any(SMALL_3Y)
    inp, _ = assemble(sc)
    return sc, inp, _solve(inp)


def test_own_builds_fixed_reproduce_the_objective(small):
    _, inp, base = small
    assert base.ok and base.summary()["modules"] > 0  # the plan builds something
    builds = builds_array(base, inp)
    assert builds.sum() == base.summary()["modules"]
    again = _solve(fix_builds(inp, builds))
    assert again.ok
    assert math.isclose(again.objective_usd, base.objective_usd, rel_tol=REL_TOL)
    assert np.array_equal(builds_array(again, inp), builds)


def test_fixing_a_different_build_costs_more(small):
    # one module fewer in the plan's first build year: the optimum's builds are no
    # longer reachable, so the fixed plan is feasible but no cheaper
    _, inp, base = small
    builds = builds_array(base, inp)
    s, k, t = np.argwhere(builds > 0)[0]
    fewer = builds.copy()
    fewer[s, k, t] -= 1
    worse = _solve(fix_builds(inp, fewer))
    assert worse.ok
    assert np.array_equal(builds_array(worse, inp), fewer)
    assert worse.objective_usd >= base.objective_usd * (1 - REL_TOL)


def test_through_year_leaves_later_builds_free(small):
    _, inp, base = small
    first = int(inp.years[0])
    zero = np.zeros_like(builds_array(base, inp))
    fixed = fix_builds(inp, zero, through_year=first)
    assert np.all(fixed.max_build[..., 0] == 0) and np.all(np.isnan(fixed.max_build[..., 1:]))
    res = _solve(fixed)
    assert res.ok and builds_array(res, inp)[..., 0].sum() == 0


def test_bad_builds_are_refused(small):
    _, inp, _ = small
    with pytest.raises(InputError, match="builds has shape"):
        fix_builds(inp, np.zeros((1, 1, 1)))
    bad = np.zeros((len(inp.sites), len(inp.facilities), len(inp.years)))
    bad[0, 0, 0] = -1
    with pytest.raises(InputError, match="builds must be"):
        fix_builds(inp, bad)


# --- disruptions -----------------------------------------------------------------

#: SMALL_3Y with its one candidate site in Taiwan (so a Taiwan outage hits the plan's
#: own builds; CoWoS binds in 2028, met by one module started in 2026) and a fund of
#: 1e9 a year in 2026-2027 (the plan spends 1.5e9); the four kinds of disruption.
TW3 = replaced(
    SMALL_3Y,
    ("  - name: japan\n    max_modules: 3\n", "  - name: taiwan\n    max_modules: 3\n"),
    ("amount_usd: 2.0e10", "amount_usd: 2.0e9"),
)
EVENTS = """\
disruptions:
  - {name: taiwan-24m, kind: region_outage, region: taiwan,
    start_year: 2027, months: 24, source: "test"}
  - {name: euv-cut, kind: euv_cut, share: 1.0, start_year: 2027, years: 2, source: "test"}
  - {name: no-fund, kind: capital_withdrawn, capital: fund, start_year: 2027, source: "test"}
  - {name: ban, kind: export_control, product: b200, region: china, start_year: 2028,
    source: "test"}
"""


@pytest.fixture(scope="module")
def tw3():
    """The Taiwan scenario with its disruptions, and its base plan (solved once)."""
    sc = load_any(TW3 + EVENTS)
    inp, _ = assemble(sc)
    base = _solve(inp)
    assert base.ok and set(base.builds["site"]) == {"taiwan"}  # the plan builds there
    return sc, inp, base


@pytest.fixture(scope="module")
def disrupted(tw3):
    sc, _, base = tw3
    said: dict[str, list[str]] = {}
    out = {}
    for name in ("taiwan-24m", "no-fund"):
        said[name] = []
        out[name] = disrupt(sc, name, base=base, mip_gap=0.0, say=said[name].append)
        out[name].said = said[name]  # progress lines, read by a test below
    return out


@pytest.mark.parametrize("name", ["taiwan-24m", "no-fund"])
def test_fixed_plan_keeps_the_builds_and_costs_no_less(tw3, disrupted, name):
    _, inp, base = tw3
    res = disrupted[name]
    nums = res.numbers()
    assert res.fixed.ok and res.reoptimised.ok
    # the plan as made: same builds
    assert np.array_equal(builds_array(res.fixed, inp), builds_array(base, inp))
    # re-optimising has more freedom than keeping every build
    assert nums["reoptimised"]["objective_usd"] <= nums["fixed"]["objective_usd"] * (1 + REL_TOL)
    # a disruption that only removes supply never helps
    for plan in ("fixed", "reoptimised"):
        assert nums[plan]["objective_usd"] >= nums["base"]["objective_usd"] * (1 - REL_TOL)
    if nums["fixed_fundable"] and nums["reoptimised_fundable"]:
        assert nums["replanning_saves_usd"] >= -REL_TOL * nums["fixed"]["objective_usd"]
    json.dumps(res.to_dict(), allow_nan=False)  # JSON-safe


def test_a_fixed_plan_that_cannot_be_paid_has_no_cost_and_no_saving(tw3, disrupted):
    """User test #16: the fund's 2027 release is gone, so the plan as made needs money
    that is not there (its gap, hand-derived in the next test, is > 0). Its objective is
    that of builds paid with the gap, so neither "objective loss, builds fixed" nor "what
    re-planning saves" is a number (the old code printed a saving of minus the re-plan's
    cost); the plan that keeps nothing is fundable and keeps its cost."""
    res = disrupted["no-fund"]
    nums = res.numbers()
    assert res.funding_gap_usd > 0
    assert not nums["fixed_fundable"]
    assert math.isnan(nums["fixed_loss_usd"]) and math.isnan(nums["replanning_saves_usd"])
    # nor its real cost change (user test 2026-12-05: "$0" beside the note that no
    # cost is given for it); a re-plan keeps its own where it is fundable
    assert math.isnan(nums["fixed_cost_change_usd"])
    assert math.isfinite(nums["reoptimised_cost_change_usd"]) == nums["reoptimised_fundable"]
    assert any("not fundable" in n for n in res.notes)
    doc = res.to_dict()["numbers"]
    assert doc["fixed_loss_usd"] is None and doc["replanning_saves_usd"] is None
    assert doc["fixed_cost_change_usd"] is None
    from tigris.report.risk_html import _delta_rows
    from tigris.risk.labels import DISRUPTION_DELTAS

    rows = {row[0]: row[1] for row in _delta_rows(doc)}
    assert rows[DISRUPTION_DELTAS["fixed_cost_change_usd"]] == "not fundable"


def test_unmet_by_year_adds_up_to_the_total(disrupted):
    # the by-year change is the demand tables' unmet, year by year: it sums to the
    # headline total (each computed from its own table)
    nums = disrupted["taiwan-24m"].numbers()
    by_year = nums["fixed_extra_unmet_by_year"]
    assert by_year and sum(by_year.values()) == pytest.approx(
        nums["fixed_extra_unmet_h100e"], rel=1e-9, abs=1.0
    )
    assert by_year[2028] > 0  # the Taiwan module is needed in 2028 (CoWoS binds then)


def test_taiwan_outage_costs_the_plan(disrupted):
    # the plan's only site is in Taiwan and its module is needed in 2028: losing its
    # output in 2027-2028 leaves demand unmet that the base plan served
    nums = disrupted["taiwan-24m"].numbers()
    assert nums["fixed_extra_unmet_h100e"] > 0
    assert nums["fixed_loss_usd"] > 0


def test_withdrawn_capital_reports_the_funding_gap(tw3, disrupted):
    """The fund releases 1e9 in 2026 and 1e9 in 2027; without 2027's release, the
    plan's builds need their capex less 2026's 1e9: the funding gap is ``max(0, capex
    spent within the horizon − 1e9)`` (the ledger carries money over)."""
    base = tw3[2]
    spent = base.capex[base.capex["source"] == "fund"]["capex_usd"].sum()
    res = disrupted["no-fund"]
    assert res.funding_gap_usd == pytest.approx(max(0.0, spent - 1.0e9), rel=1e-9, abs=1.0)
    assert res.funding_gap_usd > 0  # the case is chosen so that it is short


def _hand_problem() -> PlanInputs:
    """Two sites (Taiwan, Japan), one CoWoS facility, one product of 1 wafer and 1 H100e,
    modules of 1,000 wspm online in their start year, 500 wspm existing (no location),
    far more demand than supply: production is the capacity, ``12 · wspm`` a year."""
    from tigris.plan.fixed import _tiny

    t = _tiny()
    two = np.ones((2, 1))
    return t.replace(
        years=np.array([2026, 2027, 2028]),
        sites=("taiwan", "japan"),
        use=np.ones((1, 1, 3)),
        available=np.ones((1, 3), dtype=bool),
        min_share=np.zeros((1, 3)),
        max_share=np.ones((1, 3)),
        existing=np.full((1, 3), 500.0),
        demand=np.full((1, 3), 1.0e9),
        penalty_usd_per_h100e=1.0e6,
        allowed=np.ones((2, 1), dtype=bool),
        module_capacity=two * 1000.0,
        capex_usd=two,
        subsidy_usd=two * 0,
        spend=np.ones((2, 1, 1)),
        output=np.ones((2, 1, 1)),
        opex_usd_per_year=two * 0,
        euv_tools=two * 0,
        high_na_tools=two * 0,
        power_mw=two * 0,
        max_modules=np.full(2, np.inf),
        min_modules=np.zeros(2),
        power_limit_mw=np.full(2, np.inf),
        euv_supply=np.zeros(3),
        high_na_supply=np.zeros(3),
        capital_usd=np.full((1, 3), 10.0),
    )


def test_region_outage_removes_the_hand_computed_output(tw3):
    """One module in Taiwan and one in Japan, built in 2026. Taiwan out 18 months from
    2027: 2027 loses all of Taiwan's 12 · 1,000 wafers, 2028 half (6,000); Japan and the
    500 wspm existing (given by the scenario, so without a location) keep making.
    Production: 12 · 2,500 = 30,000 in 2026; 30,000 − 12,000 = 18,000; 24,000."""
    sc = tw3[0]
    inp = _hand_problem()
    builds = np.zeros((2, 1, 3))
    builds[:, 0, 0] = 1
    event = RegionOutage(name="tw", region="taiwan", start_year=2027, months=18, source="t")
    hit = apply_disruption(inp, event, sc)
    assert hit.site_availability.tolist() == [[1.0, 0.0, 0.5], [1.0, 1.0, 1.0]]
    res = _solve(fix_builds(hit, builds))
    made = res.production.set_index("year")["units"]
    assert made.loc[[2026, 2027, 2028]].tolist() == pytest.approx([30000, 18000, 24000])
    cap = res.capacity[res.capacity["site"] == "taiwan"].set_index("year")["available"]
    assert cap.reindex([2026, 2027, 2028], fill_value=0.0).tolist() == [1000.0, 0.0, 500.0]
    from tigris.finance.cashflow import _capacity_wafers

    assert _capacity_wafers(hit, builds)[0, 0].tolist() == [12000.0, 0.0, 6000.0]
    whole = _solve(fix_builds(inp, builds)).production.set_index("year")["units"]
    assert whole.loc[[2026, 2027, 2028]].tolist() == pytest.approx([30000, 30000, 30000])


def _year_average_by_hand(rows, years):
    """End-of-year AI capacity of each line held after its last row, 0 before its first;
    a year's value the mean of the ends of the year before and the year."""
    lines = {}
    for r in rows:
        key = (r["owner"], r["kind"], r["node"], r["package"], r["site"])
        lines.setdefault(key, {})[int(r["year"])] = float(r["capacity"]) * float(r["ai_share"])
    out = np.zeros(len(years))
    for ends in lines.values():
        first, last = min(ends), max(ends)

        def end(y, ends=ends, first=first, last=last):
            return 0.0 if y < first else ends[min(y, last)]

        out += [0.5 * (end(y - 1) + end(y)) for y in years]
    return out


def test_region_outage_removes_the_incumbents_capacity_there():
    """With the incumbents' baseline, a 12-month Taiwan outage in 2027 removes exactly
    the CoWoS capacity of the table's Taiwan lines that year (read from the csv here)."""
    text = replaced(
        TW3,
        ("  cowos_wspm: {2026: 17000}\n", ""),
        ("  hbm_wspm: {2026: 1.0e5}", "  baseline: announced\n  hbm_wspm: {2026: 1.0e5}"),
    ) + EVENTS.replace("months: 24", "months: 12")
    sc = load_any(text)
    inp, _ = assemble(sc)
    event = next(e for e in sc.disruptions if e.name == "taiwan-24m")
    hit = apply_disruption(inp, event, sc)
    years = [int(y) for y in inp.years]
    k = inp.facilities.index("cowos")
    rows = [r for r in data_table("incumbent_capacity") if r["kind"] == "cowos"]
    taiwan = _year_average_by_hand([r for r in rows if r["site"] == "taiwan"], years)
    removed = inp.existing[k] - hit.existing[k]
    assert removed == pytest.approx(np.where(np.array(years) == 2027, taiwan, 0.0))
    assert taiwan[years.index(2027)] > 0
    # the scenario's own HBM map has no location: kept, and said
    assert np.array_equal(
        hit.existing[inp.facilities.index("hbm")], inp.existing[inp.facilities.index("hbm")]
    )
    assert any("hbm" in n and "no location" in n for n in hit.notes)
    parts = sum(hit.existing_parts.values())
    assert parts == pytest.approx(hit.existing)


def test_export_control_and_euv_cut_change_only_their_arrays(tw3):
    sc, inp, _ = tw3
    by = {e.name: e for e in sc.disruptions}
    ban = apply_disruption(inp, by["ban"], sc)
    assert ban.available[0].tolist() == [True, True, False]
    assert reuse._changed(inp, ban) == {"available", "notes"}
    cut = apply_disruption(inp, by["euv-cut"], sc)
    assert cut.euv_supply.tolist() == [inp.euv_supply[0], 0.0, 0.0]
    assert reuse._changed(inp, cut) <= {"euv_supply", "high_na_supply", "notes"}


def test_the_planner_ignores_disruptions():
    """A scenario with a ``disruptions`` block assembles to the same problem as without."""
    with_events, _ = assemble(load_any(TW3 + EVENTS))
    without, _ = assemble(load_any(TW3))
    assert reuse._changed(with_events, without) == set()


def test_unknown_disruption_names_the_closest(tw3):
    with pytest.raises(
        InputError,
        match=r"--disruption: unknown disruption 'taiwan-12m' \(did you mean 'taiwan-24m'\?\)",
    ):
        disrupt(tw3[0], "taiwan-12m")
    with pytest.raises(InputError, match="declares no disruptions"):
        disrupt(load_any(TW3), "taiwan-24m")


@pytest.mark.parametrize(
    ("entry", "field", "needle"),
    [
        (
            "{name: a, kind: region_outage, region: taiwn, start_year: 2027, months: 6, source: s}",
            "disruptions.0.region",
            "did you mean 'taiwan'",
        ),
        (
            "{name: a, kind: capital_withdrawn, capital: fnd, start_year: 2027, source: s}",
            "disruptions.0.capital",
            "did you mean 'fund'",
        ),
        (
            "{name: a, kind: export_control, product: b20, start_year: 2027, source: s}",
            "disruptions.0.product",
            "did you mean 'b200'",
        ),
        (
            "{name: a, kind: euv_cut, share: 0.5, start_year: 2027, years: 1}",
            "disruptions.0.source",
            "expected the source",
        ),
        (
            "{name: a, kind: euv_cut, share: 0.5, start_year: 2031, years: 1, source: s}",
            "disruptions.0.start_year",
            "horizon 2026–2028",
        ),
        (
            "{name: a, kind: euv_cut, share: 1.5, start_year: 2027, years: 1, source: s}",
            "disruptions.0.share",
            "<= 1",
        ),
        (
            "{name: a, kind: region_outage, region: tw, start_year: 2027, months: 0, source: s}",
            "disruptions.0.months",
            "> 0",
        ),
        (
            "{name: a, kind: flood, start_year: 2027, source: s}",
            "disruptions.0.kind",
            "region_outage",
        ),
        (
            "{name: a, kind: euv_cut, share: 0.5, start_year: 2027, years: 1, source: s, x: 1}",
            "disruptions.0.x",
            "",
        ),
    ],
)
def test_bad_disruption_is_a_file_line_error(tmp_path, run_cli, entry, field, needle):
    path = write_scenario(tmp_path, TW3 + f"disruptions:\n  - {entry}\n")
    line = len(TW3.splitlines()) + 2
    res = run_cli("scenario", "check", path)
    assert_one_line_error(res, f"{path}:{line}: {field}", needle)


def test_capital_gone_from_the_start_leaves_the_replanner_without_money(tw3):
    """The fund withdrawn from 2026, the first year: nothing is ever released. The fixed
    plan's funding gap is all the capex it spends within the horizon; the re-optimised
    plan keeps no build (none started before 2026), so it gets no gap money and can build
    nothing: no module, and at least the fixed plan's unmet demand."""
    _, inp, base = tw3
    event = (
        "  - {name: gone, kind: capital_withdrawn, capital: fund, start_year: 2026, source: t}\n"
    )
    sc = load_any(TW3 + EVENTS + event)
    res = disrupt(sc, "gone", base=base, mip_gap=0.0)
    spent = base.capex[base.capex["source"] == "fund"]["capex_usd"].sum()
    nums = res.numbers()
    assert nums["funding_gap_usd"] == pytest.approx(spent, rel=1e-9)
    assert nums["reoptimised_funding_gap_usd"] == 0.0
    assert builds_array(res.reoptimised, inp).sum() == 0
    assert nums["reoptimised"]["unmet_h100e"] >= nums["fixed"]["unmet_h100e"]


def test_euv_cut_cancels_only_what_cannot_be_tooled(tw3):
    """The hand-built problem with one EUV scanner per module and 2 a year: the plan
    starts 2 modules in 2026 (one per site). An EUV cut of half in 2026 leaves 1
    scanner: the fixed plan may cancel, not move or add, so it keeps 1 module in 2026
    (production is worth more than a module) and builds nothing later; without the cut
    both are kept."""
    from tigris.risk.disruptions import EuvCut, fixed_inputs

    sc = tw3[0]
    inp = _hand_problem().replace(
        euv_tools=np.ones((2, 1)), euv_supply=np.full(3, 2.0), capital_usd=np.full((1, 3), 1e3)
    )
    builds = np.zeros((2, 1, 3))
    builds[:, 0, 0] = 1
    cut = EuvCut(name="cut", share=0.5, start_year=2026, years=1, source="t")
    hit = apply_disruption(inp, cut, sc)
    assert hit.euv_supply.tolist() == [1.0, 2.0, 2.0]
    fixed, gap = fixed_inputs(hit, builds)
    assert gap == 0.0
    assert fixed.min_build[..., 0].tolist() == [[0.0], [0.0]]  # may be cancelled
    assert fixed.max_build[..., 0].tolist() == [[1.0], [1.0]]  # never added
    assert fixed.max_build[..., 1:].sum() == 0  # later years fixed at the plan's 0
    kept = builds_array(_solve(fixed), inp)
    assert kept[..., 0].sum() == 1 and kept[..., 1:].sum() == 0
    whole, _ = fixed_inputs(inp, builds)
    assert np.array_equal(whole.min_build, builds)


def test_the_docs_example_is_valid_on_the_reference():
    """docs/risk.md's disruptions example: every entry passes the schema and the
    cross-field checks against the reference (its regions, capital and products)."""
    from pathlib import Path

    import yaml

    from tigris.scenario import reference_scenario
    from tigris.scenario.checks import cross_field_problems
    from tigris.scenario.checks_disrupt import typed_disruptions

    doc = (Path(__file__).parents[1] / "docs" / "risk.md").read_text(encoding="utf-8")
    section = doc.split("## Disruptions\n", 1)[1]
    block = yaml.safe_load(section.split("```yaml\n", 1)[1].split("```", 1)[0])
    typed, complete = typed_disruptions(block["disruptions"])
    assert complete and {e.kind for _, e in typed} == set(KINDS)
    sc = reference_scenario().model_copy(update={"disruptions": [e for _, e in typed]})
    assert [p for p in cross_field_problems(sc) if p[0][0] == "disruptions"] == []


def test_an_energy_region_takes_every_site_in_it(tw3):
    """``asia-pacific`` holds both Taiwan and Japan (data/site_regions.csv, read here);
    ``usa`` neither; ``tw`` is Taiwan's alias."""
    sc = tw3[0]
    inp = _hand_problem()
    regions = {r["site"]: r["region"] for r in data_table("site_regions")}
    assert regions["taiwan"] == regions["japan"] == "asia-pacific"

    def hit(region):
        event = RegionOutage(name="r", region=region, start_year=2026, months=6, source="t")
        return apply_disruption(inp, event, sc).site_availability[:, 0].tolist()

    assert hit("asia-pacific") == [0.5, 0.5]
    assert hit("usa") == [1.0, 1.0]
    assert hit("tw") == [0.5, 1.0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"max_build": np.zeros((1, 1, 1))}, "max_build has shape (1, 1, 1), expected (1, 1, 2)"),
        ({"max_build": -np.ones((1, 1, 2))}, "max_build must be >= 0"),
        (
            {"min_build": np.ones((1, 1, 2)), "max_build": np.zeros((1, 1, 2))},
            "max_build is below min_build",
        ),
        ({"site_availability": np.full((1, 2), 1.5)}, "site_availability must be in [0, 1]"),
        ({"site_availability": np.ones((2, 2))}, "site_availability has shape (2, 2)"),
    ],
)
def test_bad_bounds_are_refused(change, message):
    from tigris.plan.fixed import _tiny

    with pytest.raises(InputError) as exc:
        _tiny().replace(**change)
    assert message in str(exc.value)


def test_located_capacity_over_every_site_is_the_worlds_in_history_years_too():
    """Summed over every site, the capacity a region outage can hit is the incumbents'
    year average (incumbents.existing_split), also in 2023-2025, where dated points
    inside the year (TSMC CoWoS in mid-2023) bend the path."""
    from types import SimpleNamespace

    from tigris.risk.disruptions import _located_existing
    from tigris.world.incumbents import ANNOUNCED, EXISTING, existing_split

    text = replaced(
        TW3,
        ("  cowos_wspm: {2026: 17000}\n", ""),
        ("  hbm_wspm: {2026: 1.0e5}", "  baseline: announced\n  hbm_wspm: {2026: 1.0e5}"),
    )
    sc = load_any(text)
    years = np.arange(2023, 2029)
    split = existing_split("announced", years)
    facilities = ["cowos", "logic-N3"]  # not the scenario's own lines (its N5, HBM)
    assert all(f in split[EXISTING] for f in facilities)
    every_site = tuple({r["site"] for r in data_table("incumbent_capacity")})
    inp = SimpleNamespace(facilities=facilities, years=years)
    parts, _ = _located_existing(sc, inp, every_site)
    for k, fid in enumerate(facilities):
        for part in (EXISTING, ANNOUNCED):
            assert parts[part][k] == pytest.approx(split[part][fid], rel=1e-12, abs=1e-9)


def test_an_outage_year_raises_deliveries_but_never_compute_in_service() -> None:
    """User test 2026-12-03 #4, on the hand problem of tests/test_plan_timing.py (three
    years, service life 2, one product a year of 1, 2, 3 H100e at 1 kW, a pool of 1, 2
    and 2 MW, ample logic). As made, rule 1 fills every year: x = (1,000, 1,000, 1,000),
    6,000 H100e delivered, in service 1,000 + 3,000 + 5,000 = 9,000 H100e-years. With the
    logic out in the second year nothing can be made then, the rule lets its MW stand
    idle and year 3 fills 2 MW: x = (1,000, 0, 2,000), 7,000 H100e delivered (more:
    "served(outage) <= served(as made)" is not an invariant of the delivered count), in
    service 1,000 + 1,000 + 6,000 = 8,000 H100e-years (less: the invariant that holds)."""
    from tests.test_plan_timing import hand
    from tigris.risk.disruptions import in_service_h100e_years

    inp = hand()
    out = hand()
    existing = out.existing.copy()
    existing[0, 1] = 0.0  # the logic's output in the second year, out
    out = out.replace(existing=existing)
    made, hit = _solve(inp), _solve(out)
    assert made.ok and hit.ok
    served = [r.demand["served_h100e"].sum() for r in (made, hit)]
    assert served == pytest.approx([6000.0, 7000.0], abs=1.0)
    kept = [in_service_h100e_years(r, inp) for r in (made, hit)]
    assert kept == pytest.approx([9000.0, 8000.0], abs=1.0)


@pytest.mark.slow
def test_the_reference_taiwan_outage_loses_compute_in_service() -> None:
    """User test 2026-12-03 #4 on the reference (about 20 s alone): taiwan-12m raises
    the delivered count (builds fixed 1.17B against 1.14B H100e at the time of the user
    test) but the compute kept in service over 2026-2035 falls, the objective is worse,
    no year of the outage serves more, and the note names the re-timing."""
    res = disrupt(None, "taiwan-12m")
    nums = res.numbers()
    assert nums["fixed_lost_in_service_h100e_years"] > 0
    assert nums["reoptimised_lost_in_service_h100e_years"] > 0
    assert nums["fixed_loss_usd"] > 0
    assert nums["fixed_extra_unmet_by_year"][2028] > 0  # the outage's year
    if nums["fixed_extra_unmet_h100e"] < 0:
        assert any("re-timing, not a gain" in n for n in res.notes)


def test_differences_within_the_solves_noise_are_zero() -> None:
    """User test #16 (noise printed as money): a difference within 1e-9 of the larger
    of the two numbers is 0 (HiGHS solves the same plan to ~1e-9, so -$0.0078 on a
    $66,961B objective was noise); a real difference keeps its sign and size; no -0.0;
    a plan that cannot be paid for has no difference at all (NaN)."""
    from tigris.risk.disruptions import _delta

    big = 6.6961e13  # the reference's objective [USD]
    assert _delta(1.0, big - 0.0078, big) == 0.0  # -$0.0078 of it: noise
    assert _delta(1.0, big + 6.0e4, big) == 0.0  # 9.0e-10 of it: noise
    assert _delta(1.0, big + 7.0e4, big) == pytest.approx(7.0e4, rel=1e-6)  # 1.05e-9
    assert math.copysign(1.0, _delta(-1.0, big, big)) == 1.0  # 0.0, not -0.0
    assert _delta(1.0, big + 8.37e11, big) == pytest.approx(8.37e11, rel=1e-12)
    assert _delta(-1.0, 5.0, 2.0) == -3.0  # an npv plan: the loss is the NPV lost
    assert _delta(1.0, 3.0, 1.0) == 2.0  # below 1 USD of scale: the floor of 1
    assert math.isnan(_delta(1.0, big + 1e12, big, fundable=False))


def test_a_replan_that_cannot_be_paid_has_no_cost_and_no_saving(disrupted) -> None:
    """docs/risk.md: a plan with a funding gap has no loss and 're-planning saves'
    compares against it, so when only the re-optimised plan is short the fixed plan's
    loss is kept and the other two are NaN (null in JSON)."""
    import dataclasses

    res = disrupted["taiwan-24m"]
    assert res.numbers()["reoptimised_fundable"]  # as solved: both paid for
    short = dataclasses.replace(res, reoptimised_funding_gap_usd=1e9)
    nums = short.numbers()
    assert nums["fixed_fundable"] and not nums["reoptimised_fundable"]
    assert nums["fixed_loss_usd"] == res.numbers()["fixed_loss_usd"]
    assert math.isnan(nums["reoptimised_loss_usd"]) and math.isnan(nums["replanning_saves_usd"])
    assert math.isnan(nums["reoptimised_cost_change_usd"])
    assert nums["fixed_cost_change_usd"] == res.numbers()["fixed_cost_change_usd"]
    doc = short.to_dict()["numbers"]
    assert doc["reoptimised_loss_usd"] is None and doc["replanning_saves_usd"] is None


@pytest.mark.parametrize(
    ("extra", "loss", "noted"),
    [
        (-26.9e6, 8.37e14, True),
        (26.9e6, 8.37e14, False),
        (-26.9e6, 0.0, False),
        (-1e6, None, False),
    ],
)
def test_the_retiming_note_only_when_unmet_falls_and_the_objective_is_worse(
    extra: float, loss: float | None, noted: bool
) -> None:
    """User test #4: the note is for the case that misleads (fewer unmet in total, yet
    a cost); it lists only the years that changed, with their signs, as given."""
    from tigris.risk.disruptions import _retiming_note

    nums = {
        "fixed_extra_unmet_h100e": extra,
        "fixed_loss_usd": loss,
        "fixed_extra_unmet_by_year": {2027: 0.0, 2028: 27.8e6, 2029: -54.7e6},
        "fixed_lost_in_service_h100e_years": 24.6e6,
    }
    note = _retiming_note(nums)
    assert (note is not None) == noted
    if noted:
        assert "26.9M H100e lower" in note and "2028 +27.8M, 2029 -54.7M" in note
        assert "2027" not in note and "falls by 24.6M H100e-years" in note


def test_h100e_years_are_shown_in_millions_like_h100e() -> None:
    """In millions like H100e, but named H100e-years (user test UT-POLICY #5: the
    HTML called them 'million H100e')."""
    from tigris.report.risk import scaled
    from tigris.risk.labels import unit_of

    assert unit_of("fixed_lost_in_service_h100e_years") == "H100e-years"
    assert unit_of("in_service_h100e_years") == "H100e-years"
    assert scaled("H100e-years") == (1e6, "million H100e-years")


def test_risk_prints_not_fundable_and_no_saving(disrupted, capsys) -> None:
    """User test #16 in tigris risk's table: the unfundable plan's cost reads 'not
    fundable', there is no 're-planning saves' line, the re-optimised cost is a number
    when that plan is paid for, and the note says how short (the event removed the
    fund's 2027 release)."""
    from tigris.cli.risk import _print_extras

    res = disrupted["no-fund"]
    _print_extras({"disruptions": [res.to_dict()]})
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "objective loss, builds fixed" in x)
    assert "not fundable" in line
    assert "re-planning saves" not in out
    line = next(x for x in out.splitlines() if "objective loss, re-optimised" in x)
    # the re-optimised plan keeps the 2026 build, which the 2027 release paid for too
    assert ("not fundable" in line) == (res.reoptimised_funding_gap_usd > 0)
    assert "note: builds fixed: not fundable:" in out and " short" in out
    # and a re-plan that is paid for keeps its cost as a number
    import dataclasses

    _print_extras(
        {"disruptions": [dataclasses.replace(res, reoptimised_funding_gap_usd=0.0).to_dict()]}
    )
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "objective loss, re-optimised" in x)
    assert "$" in line and "not fundable" not in line
    assert "re-planning saves" not in out  # the fixed plan still cannot be paid for


# --- user test #5 of 2026-12-03 (fifth session): what re-optimising can change, whose
# builds the funding gap belongs to, progress ----------------------------------------


def test_a_plan_with_every_build_before_the_event_says_it_has_nothing_to_redecide(tw3, disrupted):
    """The plan as made starts its one module in 2026 and the fund is withdrawn from
    2027: re-optimising from 2027 keeps that build (already started) and can only add
    builds, so the "re-optimised" column is the fixed plan; the notes say so (before
    the fix, three identical columns and no word why)."""
    base = tw3[2]
    assert set(base.builds["start_year"]) == {2026}  # the premise
    res = disrupted["no-fund"]
    assert res.redecides is False
    note = next(n for n in res.notes if "nothing to re-decide" in n)
    assert "re-optimising from 2027" in note and "starts in 2026" in note
    assert "adds none" in note
    assert res.to_dict()["redecides"] is False


def test_the_funding_gap_names_the_builds_spending_after_the_event(tw3, disrupted):
    """The one CoWoS module (started 2026) spends part of its capex in 2026 and the rest
    in 2027 (the plan's own capex table, by year); the fund released 1e9 in 2026 and
    nothing in 2027. By hand: money left over at the end of 2026 = 1e9 − spent 2026;
    the gap = spent 2027 − that; the builds listed = that module with its 2027 spend."""
    base = tw3[2]
    by_year = base.capex[base.capex["source"] == "fund"].groupby("year")["capex_usd"].sum()
    spent26, spent27 = float(by_year.get(2026, 0.0)), float(by_year.get(2027, 0.0))
    res = disrupted["no-fund"]
    d = res.gap_builds["fixed"]["investor"]
    assert (d["from_year"], d["to_year"]) == (2027, 2027)
    assert d["spent_usd"] == pytest.approx(spent27, rel=1e-9)
    assert d["available_usd"] == pytest.approx(1.0e9 - spent26, rel=1e-9)
    assert d["gap_usd"] == pytest.approx(res.funding_gap_usd, rel=1e-9)
    assert [(b["site"], b["facility"], b["start_year"], b["modules"]) for b in d["builds"]] == [
        ("taiwan", "cowos", 2026, 1.0)
    ]
    assert d["builds"][0]["spent_usd"] == pytest.approx(spent27, rel=1e-9)
    assert any("taiwan cowos ×1 (started 2026)" in n for n in res.notes)
    json.dumps(res.to_dict(), allow_nan=False)


def test_gap_builds_on_a_hand_schedule():
    """Hand problem: modules of $10 spent half in their start year, half the next;
    Taiwan starts 1 in 2026, Japan 2 in 2027; the owner has $12 in 2026 and nothing
    later (a withdrawal from 2027). Need by year 5, 5 + 10, 10 (cumulative 5, 20, 30)
    against 12, 12, 12: short −7, 8, 18, so the gap is $18 at 2028; from 2027 the builds
    spend 25 against the 7 left over. Japan's pair spends 20 in 2027–2028, Taiwan's
    module 5 in 2027."""
    from tigris.risk.disruptions import funding_gap, gap_builds

    inp = _hand_problem().replace(
        capex_usd=np.full((2, 1), 10.0),
        spend=np.full((2, 1, 2), 0.5),
        output=np.ones((2, 1, 2)),
        capital_usd=np.array([[12.0, 0.0, 0.0]]),
    )
    builds = np.zeros((2, 1, 3))
    builds[0, 0, 0], builds[1, 0, 1] = 1, 2
    fixed = fix_builds(inp, builds)
    assert funding_gap(fixed)[inp.owners[0]].sum() == pytest.approx(18.0)
    d = gap_builds(fixed, 2027)[inp.owners[0]]
    assert (d["from_year"], d["to_year"]) == (2027, 2028)
    assert (d["spent_usd"], d["available_usd"], d["gap_usd"]) == pytest.approx((25.0, 7.0, 18.0))
    got = [(b["site"], b["start_year"], b["modules"], b["spent_usd"]) for b in d["builds"]]
    assert got == [("japan", 2027, 2.0, pytest.approx(20.0)), ("taiwan", 2026, 1.0, 5.0)]


def test_disrupt_reports_each_solved_plan(disrupted):
    """``say`` gets one line per plan solved (the fixed and the re-optimised one at
    least), which ``tigris risk`` writes to stderr (its --help: "Progress goes to
    stderr")."""
    said = disrupted["no-fund"].said
    assert any("builds fixed solved" in line for line in said)
    assert any("re-optimised solved" in line for line in said)
