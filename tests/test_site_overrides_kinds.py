"""A site's data/sites.csv values and overrides reach the CoWoS and HBM modules built
there, or a warning says they do not (docs/scenario-files.md, "What a site's overrides
reach").

Hand-derived numbers use data/sites.csv (construction_cost_multiplier: taiwan 1.0,
japan 1.5, south-korea 1.1; construction_months: taiwan 21, south-korea 20; ramp_months:
12 at both), data/facility_types.csv (CoWoS US$1.5B, spend 0.4|0.6, output 0|0|0.5|1,
quoted at taiwan; HBM US$14.6B, spend 0.3|0.4|0.3, output 0|0|0.3|0.7|1, quoted at
south-korea), data/finance_parameters.csv (equipment share: CoWoS 0.7, HBM 0.735) and
data/fab_parameters.csv (tool hook-up 0.10 of the tool price at Taiwan cost).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import SMALL, line_of, replaced, write_scenario
from tigris.fab import fab_model
from tigris.plan.assemble import assemble
from tigris.plan.assemble_sites import moved_profiles
from tigris.scenario import SITE_OVERRIDES, scenario_from_dict
from tigris.scenario.advice import override_unreached, scenario_warnings
from tigris.scenario.schema import Facility
from tigris.yamlio import parse_yaml

DOLLARS_OF = 2024  # SMALL's currency_year
DOC = '(docs/scenario-files.md, "What a site\'s overrides reach")'


def _inputs(taiwan: dict | None = None, japan: dict | None = None):
    doc = parse_yaml(SMALL)
    doc["sites"][0].update(taiwan or {})
    doc["sites"][1].update(japan or {})
    inp, _ = assemble(scenario_from_dict(doc))
    return inp


def _module(inp, site: str, kind: str) -> dict:
    s, k = inp.sites.index(site), inp.facilities.index(kind)
    spend = inp.spend[s, k]
    output = inp.output[s, k]
    return {
        "capex": inp.capex_usd[s, k],
        "subsidy": inp.subsidy_usd[s, k],
        "equipment": inp.equipment_share[s, k],
        "spend": spend[: int(np.nonzero(spend > 1e-12)[0][-1]) + 1],
        "output": output,
    }


def test_cowos_capex_takes_the_site_multiplier_on_building_and_hookup() -> None:
    """Japan (x1.5) from Taiwan (x1): building 0.3 x 1.5e9 x 1.5 = 6.75e8, equipment
    0.7 x 1.5e9 x (1 + 0.1 x 0.5) = 1.1025e9, capex 1.7775e9; equipment share
    1.1025/1.7775; the subsidy japan's 37 % of it. Fails before: capex 1.5e9 at every
    site."""
    m = _module(_inputs(), "japan", "cowos")
    assert m["capex"] == pytest.approx(1.7775e9, rel=1e-12)
    assert m["equipment"] == pytest.approx(1.1025 / 1.7775, rel=1e-12)
    assert m["subsidy"] == pytest.approx(0.37 * 1.7775e9, rel=1e-12)
    # an override of the multiplier: taiwan at x2 -> 0.3 x 2 + 0.7 x 1.1 = 1.37
    t = _module(_inputs(taiwan={"construction_cost_multiplier": 2.0}), "taiwan", "cowos")
    assert t["capex"] == pytest.approx(1.37 * 1.5e9, rel=1e-12)
    # at its own site the table's module, exactly
    base = _module(_inputs(), "taiwan", "cowos")
    assert base["capex"] == 1.5e9 and base["equipment"] == 0.7
    np.testing.assert_array_equal(base["spend"], [0.4, 0.6])


def test_hbm_moved_back_to_its_quoted_site_is_the_table_row() -> None:
    """Taiwan given south-korea's multiplier, build and ramp months builds exactly the
    SK hynix M15X row; at taiwan's own values its capex is 1.46e10 x (0.265 / 1.1 +
    0.735 / 1.01) (the building at x1/1.1, the tools without Korea's hook-up premium of
    0.1 x 0.1). Fails before: the table's row at every site, whatever the site's values."""
    korea = {"construction_cost_multiplier": 1.1, "construction_months": 20, "ramp_months": 12}
    m = _module(_inputs(taiwan=korea), "taiwan", "hbm")
    assert m["capex"] == pytest.approx(1.46e10, rel=1e-12)
    np.testing.assert_allclose(m["spend"], [0.3, 0.4, 0.3], atol=1e-12)
    np.testing.assert_allclose(m["output"][:5], [0, 0, 0.3, 0.7, 1], atol=1e-12)
    tw = _module(_inputs(), "taiwan", "hbm")
    want = 1.46e10 * ((1 - 0.735) / 1.1 + 0.735 / 1.01)
    assert tw["capex"] == pytest.approx(want, rel=1e-12)


def test_cowos_profiles_take_the_sites_build_and_ramp_months() -> None:
    """Taiwan given 24 construction and 18 ramp months (21 and 12 in sites.csv): first
    output 3 months later (the quoted build, 2 years, becomes 2.25), the ramp 6 months
    longer (1 year becomes 1.5). Time maps [0, 2.25] onto [0, 2] and [2.25, 3.75] onto
    [2, 3]: spend by year is S(8/9) = 0.4 x 8/9, S(16/9) - S(8/9) = 0.4 + 0.6 x 7/9 -
    0.4 x 8/9 and the rest, 2/15; output is 0 in years 0-1, 0.75 x 0.5 = 0.375 in year 2
    ([2.25, 3] maps into the quoted ramp year at 0.5), 0.75 x 0.5 + 0.25 x 1 = 0.625 in
    year 3, full from year 4. Fails before: the table's 0.4|0.6 and 0|0|0.5|1 whatever
    the site's months."""
    m = _module(_inputs(taiwan={"construction_months": 24, "ramp_months": 18}), "taiwan", "cowos")
    s1 = 0.4 * 8 / 9
    s2 = 0.4 + 0.6 * 7 / 9 - s1
    np.testing.assert_allclose(m["spend"], [s1, s2, 1 - s1 - s2], rtol=1e-12)
    assert 1 - s1 - s2 == pytest.approx(2 / 15, rel=1e-12)
    np.testing.assert_allclose(m["output"][:5], [0, 0, 0.375, 0.625, 1], atol=1e-12)
    # the fab-layer logic module at the same site takes the same months (unchanged)
    inp = _inputs(taiwan={"construction_months": 24, "ramp_months": 18})
    fab = fab_model("N4", 20_000, "taiwan", dollars_of=DOLLARS_OF)
    k = inp.facilities.index("logic-N5")
    assert inp.capex_usd[0, k] == pytest.approx(fab.capex_usd, rel=1e-12)
    first = int(np.argmax(inp.output[0, k] > 0))
    assert first == 2  # 24 months of build: first wafer in year 2 (fab layer's rule)


def test_logic_modules_are_unchanged() -> None:
    """A logic module is still the fab layer's at its site, with or without overrides
    (test_plan_assemble pins the overridden case against the fab layer's Arizona)."""
    inp = _inputs()
    k = inp.facilities.index("logic-N5")
    for s, site in enumerate(inp.sites):
        fab = fab_model("N4", 20_000, site, dollars_of=DOLLARS_OF)
        assert inp.capex_usd[s, k] == pytest.approx(fab.capex_usd, rel=1e-12)
        # counted from the decision to build: first wafer permit + build after it (S37)
        from tigris.fab import fab_param
        from tigris.fab.curves import annual_output_fraction

        n = len(fab.output_fraction_by_year) + 2
        steep = fab_param("ramp_logistic_steepness")
        want = annual_output_fraction(n, fab.permit_years + fab.build_years, fab.ramp_years, steep)
        np.testing.assert_allclose(inp.output[s, k, :n], want, atol=1e-12)


#: SMALL with a data-centre facility and three sites: logic + CoWoS + HBM at taiwan, CoWoS
#: + HBM at uae, data centres only at texas-usa; each overrides fields that miss a kind.
MIXED = replaced(
    SMALL,
    ("  - kind: hbm\n", "  - kind: hbm\n  - kind: datacenter\n"),
    (
        "  - name: taiwan\n    max_modules: 3\n  - name: japan\n",
        "  - name: taiwan\n"
        "    facilities: [logic-N5, cowos, hbm]\n"
        "    labour_usd_per_fte_year: 90000\n"
        "  - name: uae\n"
        "    facilities: [cowos, hbm]\n"
        "    electricity_usd_per_kwh: 0.05\n"
        "    construction_cost_multiplier: 1.5\n"
        "  - name: texas-usa\n"
        "    facilities: [datacenter]\n"
        "    construction_cost_multiplier: 3.0\n"
        "    electricity_usd_per_kwh: 0.05\n",
    ),
)

LABOUR = (
    "does not reach every module at taiwan: not its cowos, hbm modules: "
    "data/facility_types.csv's opex is one figure, with no sourced labour share " + DOC
)
ELECTRICITY = (
    "changes nothing at uae: not its cowos, hbm modules: data/facility_types.csv's opex "
    "is one figure, with no sourced energy share " + DOC
)
MULTIPLIER = (
    "changes nothing at texas-usa: not its datacenter module: a data centre's capex is "
    "data/datacenter_types.csv's per MW, and the site's multiplier is a fab's (Exyte's "
    "fab construction costs); no sourced one for data centres " + DOC
)


def test_an_override_that_misses_a_kind_warns_with_file_and_line(run_cli, tmp_path: Path) -> None:
    """One line per site and field that misses a module kind: labour at a logic+CoWoS+HBM
    site, electricity at a CoWoS+HBM site, the multiplier at a data-centre site; the
    uae multiplier reaches its CoWoS and HBM modules, so says nothing, and texas-usa's
    electricity is left to the plan's data-centre price warning. Fails before: no such
    warning."""
    path = write_scenario(tmp_path, MIXED)
    plain = run_cli("scenario", "check", path)  # first: each line is written once a process
    assert plain.code == 0, plain.err
    res = run_cli("scenario", "check", path, "--json")
    assert res.code == 0, res.err
    warnings = [w for w in json.loads(res.out)["warnings"] if "overrides reach" in w]
    p = str(path)
    assert warnings == [
        f"{p}:{line_of(path, 'labour_usd_per_fte_year')}: "
        f"sites.0.labour_usd_per_fte_year: {LABOUR}",
        f"{p}:{line_of(path, 'electricity_usd_per_kwh: 0.05')}: "
        f"sites.1.electricity_usd_per_kwh: {ELECTRICITY}",
        f"{p}:{line_of(path, 'construction_cost_multiplier: 3.0')}: "
        f"sites.2.construction_cost_multiplier: {MULTIPLIER}",
    ]
    for w in warnings:
        assert f"warning: {w}\n" in plain.err


def test_a_logic_facility_value_that_replaces_the_sites_is_named() -> None:
    """A logic facility's own capex_usd replaces the fab layer's at every site: a site's
    multiplier then cannot move it, and the warning says so."""
    doc = parse_yaml(SMALL)
    doc["facilities"][0]["capex_usd"] = 2.0e10
    doc["sites"][1]["construction_cost_multiplier"] = 2.0
    found = scenario_warnings(scenario_from_dict(doc))
    assert found == [
        (
            ("sites", 1, "construction_cost_multiplier"),
            "does not reach every module at japan: not its logic-N5 module: the "
            "facility's capex_usd replaces the module's capex at every site " + DOC,
        )
    ]
    inp, _ = assemble(scenario_from_dict(doc))
    assert inp.capex_usd[1, inp.facilities.index("logic-N5")] == 2.0e10


def test_a_cowos_facility_capex_is_the_quoted_modules_and_moves() -> None:
    """The reference restates the CoWoS and HBM capex_usd for its distributions: a
    restated value plans as the row (tests/test_reference_risk.py, 'plans as without
    its risk sections'), and another value is moved like the row's: US$2B quoted at
    taiwan is 2e9 x (0.3 x 1.5 + 0.7 x 1.05) = 2.37e9 at japan. Fails on 63ec0eb (the
    facility's capex_usd then replaced the moved capex at every site: 1.5e9 at japan)."""
    doc = parse_yaml(SMALL)
    doc["facilities"][1]["capex_usd"] = 1.5e9
    doc["facilities"][2]["capex_usd"] = 1.46e10
    restated, _ = assemble(scenario_from_dict(doc))
    plain = _inputs()
    for name in ("capex_usd", "subsidy_usd", "equipment_share", "spend", "output"):
        np.testing.assert_array_equal(getattr(restated, name), getattr(plain, name))
    doc["facilities"][1]["capex_usd"] = 2.0e9
    inp, _ = assemble(scenario_from_dict(doc))
    k = inp.facilities.index("cowos")
    assert inp.capex_usd[inp.sites.index("japan"), k] == pytest.approx(2.37e9, rel=1e-12)
    assert inp.capex_usd[inp.sites.index("taiwan"), k] == 2.0e9
    assert scenario_warnings(scenario_from_dict(doc)) == []


def test_datacenter_modules_take_no_site_multiplier() -> None:
    """What the warning says: the data-centre module is the same at x3 as without."""
    doc = parse_yaml(MIXED)
    plain = parse_yaml(MIXED)
    del plain["sites"][2]["construction_cost_multiplier"]
    a, _ = assemble(scenario_from_dict(doc))
    b, _ = assemble(scenario_from_dict(plain))
    k = a.facilities.index("datacenter")
    assert a.capex_usd[2, k] == b.capex_usd[2, k] > 0
    np.testing.assert_array_equal(a.output[2, k], b.output[2, k])


#: docs/scenario-files.md's table, "What a site's overrides reach": the site fields each
#: module kind takes (a facility with no values of its own).
REACHES = {
    "logic": set(SITE_OVERRIDES),
    "cowos": {
        "construction_cost_multiplier",
        "construction_months",
        "ramp_months",
        "subsidy_share_of_capex",
    },
    "hbm": {
        "construction_cost_multiplier",
        "construction_months",
        "ramp_months",
        "subsidy_share_of_capex",
    },
    "datacenter": set(),
}


@pytest.mark.parametrize("kind", sorted(REACHES))
def test_the_warning_rule_is_the_documented_table(kind: str) -> None:
    """override_unreached says None exactly where the docs' table says the field
    reaches the kind; a facility's own opex or subsidy share (and a logic facility's
    capex_usd or profiles) takes the field away from a module it would reach."""
    f = Facility(kind=kind, node="N4" if kind == "logic" else None)
    for field in SITE_OVERRIDES:
        assert (override_unreached(field, f) is None) == (field in REACHES[kind]), field
    if kind == "datacenter":
        return
    own = Facility(
        kind=kind,
        node=f.node,
        capex_usd=1e9,
        spend_profile=[1.0],
        output_profile=[0.0, 1.0],
        opex_usd_per_year=1e6,
        subsidy_share=0.1,
    )
    # a CoWoS or HBM facility's capex and profiles are the quoted module's, still moved
    moved = (
        set()
        if kind == "logic"
        else {"construction_cost_multiplier", "construction_months", "ramp_months"}
    )
    for field in SITE_OVERRIDES:
        assert (override_unreached(field, own) is None) == (field in moved), field


def test_a_longer_build_of_a_profile_with_no_build_delays_everything() -> None:
    """A profile spending and producing from year 0 (a facility's own), moved to a build
    6 months longer: nothing happens in the first half year, so spend 0.5 | 0.5 and
    output 0.5 | 1 (fails on 53351d9: output 1 | 1, full output during the added
    months)."""
    spend, output = moved_profiles(np.array([1.0]), np.array([1.0]), 0.5, 0.0)
    np.testing.assert_allclose(spend, [0.5, 0.5], atol=1e-12)
    np.testing.assert_allclose(output, [0.5, 1.0], atol=1e-12)


# --- review of 53351d9/b23188f (RV-SITES): moved_profiles at its edges, by hand --------
#: (spend, output, dB, dR) -> (moved spend, moved output), each derived by hand from the
#: rule (build [0, b0] onto [0, b0 + dB], ramp [b0, f0] onto [b, b + f0 - b0 + dR], one
#: to one after; b >= 0, a ramp >= 0).
EDGES = {
    # a ramp shortened to nothing (dR = -r0): CoWoS's year-2 spend and ramp happen at
    # the instant the build ends, t = 2: spend as quoted, output full from year 2
    "ramp to nothing": (([0.3, 0.4, 0.3], [0, 0, 0.5, 1], 0.0, -1.0), ([0.3, 0.4, 0.3], [0, 0, 1])),
    # shortened further still, a ramp stays 0 (no time runs backwards): a spend of
    # 0.2 a year over 5 years spends the quoted ramp year's 0.2 at t = 2 and the rest
    # a year earlier than quoted
    "ramp below nothing, spend after": (
        ([0.2] * 5, [0, 0, 0.5, 1], 0.0, -1.5),
        ([0.2, 0.2, 0.4, 0.2], [0, 0, 1, 1]),
    ),
    # the same 6 months later: build [0, 2.5] onto [0, 2] (S(0.8) = 0.24, S(1.6) = 0.54),
    # output 0 in [2, 2.5] and full in [2.5, 3]: 0.5
    "ramp to nothing, build +6 months": (
        ([0.3, 0.4, 0.3], [0, 0, 0.5, 1], 0.5, -1.0),
        ([0.24, 0.30, 0.46], [0, 0, 0.5, 1]),
    ),
    # a quoted profile with no ramp (0|0|1) at a site ramping 6 months longer: full
    # output half a year later, rising linearly from 0 over [2, 2.5] (mean 1/2, as the
    # fab layer's point-symmetric ramp): year 2 = 0.5 x 1/2 + 0.5 x 1 = 0.75; over
    # [2, 3.5] (+18 months): year 2 the ramp's first 2/3 (mean 1/3), year 3 its last
    # third (mean 5/6) then full, 0.5 x 5/6 + 0.5 = 11/12
    "no quoted ramp, ramp +6 months": (
        ([0.4, 0.6], [0, 0, 1], 0.0, 0.5),
        ([0.4, 0.6], [0, 0, 0.75, 1]),
    ),
    "no quoted ramp, ramp +18 months": (
        ([0.4, 0.6], [0, 0, 1], 0.0, 1.5),
        ([0.4, 0.6], [0, 0, 1 / 3, 11 / 12, 1]),
    ),
    # a ramp cannot be shorter than nothing: unchanged
    "no quoted ramp, ramp -6 months": (([0.4, 0.6], [0, 0, 1], 0.0, -0.5), ([0.4, 0.6], [0, 0, 1])),
    # a build shortened past nothing (b = 0): all spend at groundbreaking, the quoted
    # ramp (0.5) over year 0, full from year 1
    "build to nothing": (([0.4, 0.6], [0, 0, 0.5, 1], -2.5, 0.0), ([1.0], [0.5, 1])),
    # a profile never at 1 (full output = its largest value, 0.8), build +6 months:
    # spend S(2/3) = 2/3 then 1/3; output 0.4 x 0.5 in year 1, 0.4 x 0.5 + 0.8 x 0.5 in
    # year 2, 0.8 after
    "full below 1": (([1.0], [0, 0.4, 0.8], 0.5, 0.0), ([2 / 3, 1 / 3], [0, 0.2, 0.6, 0.8])),
}


@pytest.mark.parametrize("case", sorted(EDGES))
def test_moved_profiles_edges_by_hand(case: str) -> None:
    """Fails on 7d0ab7d for 'ramp to nothing' (output 0.25 in year 1, while still
    building: the time map's jump at b = f was integrated across the year before it;
    spend 0.3 | 0.7), 'ramp to nothing, build +6 months' (output 0.68 in year 2 for 0.5)
    and 'no quoted ramp, ramp +6/+18 months' (output 1 from year 2: the longer ramp
    ignored, against the rule's full output dB + dR later)."""
    (spend, output, db, dr), (want_spend, want_output) = EDGES[case]
    s, o = moved_profiles(np.array(spend, float), np.array(output, float), db, dr)
    np.testing.assert_allclose(s, want_spend, atol=1e-12)
    np.testing.assert_allclose(o, want_output, atol=1e-12)


def test_a_facility_profile_with_no_ramp_takes_the_sites_longer_ramp() -> None:
    """A CoWoS facility's own output_profile 0|0|1 (quoted at taiwan: no ramp) at japan
    given ramp_months 18 (taiwan 12) and its 19 construction months (taiwan 21): output
    from 2 - 1/6 = 11/6 years, full 6 months later, linear in between: year 1 gets
    1/6 of a year at mean 1/6 (1/36), year 2 1/3 at mean 2/3 then 2/3 full (8/9).
    Fails on 7d0ab7d: 1/6 and 1 (full output at once, the ramp months ignored)."""
    doc = parse_yaml(SMALL)
    doc["facilities"][1]["output_profile"] = [0.0, 0.0, 1.0]
    doc["sites"][1]["ramp_months"] = 18
    inp, _ = assemble(scenario_from_dict(doc))
    out = inp.output[inp.sites.index("japan"), inp.facilities.index("cowos")]
    np.testing.assert_allclose(out[:4], [0, 1 / 36, 8 / 9, 1], atol=1e-12)


def test_the_assumptions_row_says_moved_only_when_a_module_moves() -> None:
    """A labour override at taiwan moves no CoWoS module (the row's opex is one figure):
    its assumptions row says 'quoted at taiwan', as without the override; taiwan's HBM
    and japan's CoWoS are moved. Fails on 7d0ab7d: 'moved from taiwan to taiwan'."""
    doc = parse_yaml(SMALL)
    doc["sites"][0]["labour_usd_per_fte_year"] = 90000
    _, notes = assemble(scenario_from_dict(doc))
    source = dict(zip(notes["parameter"], notes["source"], strict=True))
    assert source["taiwan cowos: module"].startswith("facility_types.csv, quoted at taiwan (")
    assert source["taiwan hbm: module"].startswith(
        "facility_types.csv, moved from south-korea to taiwan by its"
    )
    assert source["japan cowos: module"].startswith(
        "facility_types.csv, moved from taiwan to japan by its"
    )
    doc["sites"][0]["ramp_months"] = 18
    _, notes = assemble(scenario_from_dict(doc))
    source = dict(zip(notes["parameter"], notes["source"], strict=True))
    assert source["taiwan cowos: module"].startswith(
        "facility_types.csv, moved from taiwan to taiwan by its"
    )


def test_every_quoted_row_names_a_site_of_the_site_table() -> None:
    """A CoWoS or HBM row with a capex names the site it is priced at, a row of
    data/sites.csv: otherwise _module_from_table cannot move it and would plan the row
    at every site, silently. Its source says that moving it is a tigris assumption."""
    from tigris.data import load_table

    sites = set(load_table("sites")["site"].str.lower())
    rows = load_table("facility_types").to_dict("records")
    quoted = [r for r in rows if r["kind"] in ("cowos", "hbm")]
    assert len(quoted) == 2
    for r in quoted:
        assert str(r["priced_at_site"]).lower() in sites, r["kind"]
        assert "Moving it is a tigris assumption" in r["source"], r["kind"]


def _with_cells(cells: dict, tmp_path: Path, doc: dict | None = None):
    """SMALL's inputs with data/sites.csv cells set as a risk member or --data file
    sets them (tigris.risk.cells.member_overlay)."""
    from tigris.data import using_overlay
    from tigris.overlay import load_overlay
    from tigris.risk.cells import member_overlay

    path = tmp_path / "member.yaml"
    path.write_text(member_overlay(cells, None) or "")
    with using_overlay(load_overlay(path)):
        inp, _ = assemble(scenario_from_dict(doc or parse_yaml(SMALL)))
    return inp


def test_a_drawn_quoted_site_moves_its_own_modules_not_the_others(tmp_path: Path) -> None:
    """The reference draws data.sites.taiwan.construction_months (13-36 months): a
    Taiwan build of 36 months delays the CoWoS line built at taiwan by 36 - 21 = 15
    months (the shipped row the quote is normalised to) and leaves japan's as it was,
    as it does their logic modules. By hand, build [0, 3.25] onto [0, 2]: spend
    S(8/13), S(16/13), S(24/13), rest = 3.2/13 | 0.4 + 1.8/13 - 3.2/13 | 0.6 x 8/13 |
    0.6 x 2/13; output 0.5 x 0.75 in year 3, 0.5 x 0.25 + 0.75 in year 4. Likewise
    south-korea's multiplier at 1.3 leaves taiwan's HBM at 1.46e10 x (0.265 / 1.1 +
    0.735 / 1.01). Fails on 81efe0d: the drawn row was the quote's baseline, so taiwan's
    CoWoS stayed the row and japan's sped up by 15 months (spend 1.0 in year 0);
    taiwan's HBM became 1.46e10 x (0.265 / 1.3 + 0.735 / 1.03)."""
    plain = _inputs()
    drawn = _with_cells({"data.sites.taiwan.construction_months": 36}, tmp_path)
    tw = _module(drawn, "taiwan", "cowos")
    s1, s2, s3 = 3.2 / 13, 0.4 + 1.8 / 13 - 3.2 / 13, 0.6 * 8 / 13
    np.testing.assert_allclose(tw["spend"], [s1, s2, s3, 0.6 * 2 / 13], atol=1e-12)
    np.testing.assert_allclose(tw["output"][:6], [0, 0, 0, 0.375, 0.875, 1], atol=1e-12)
    jp, jp0 = _module(drawn, "japan", "cowos"), _module(plain, "japan", "cowos")
    np.testing.assert_allclose(jp["spend"], jp0["spend"], atol=1e-12)
    np.testing.assert_allclose(jp["output"][:6], jp0["output"][:6], atol=1e-12)
    assert jp["capex"] == jp0["capex"] == pytest.approx(1.7775e9, rel=1e-12)
    korea = _with_cells({"data.sites.south-korea.construction_cost_multiplier": 1.3}, tmp_path)
    want = 1.46e10 * (0.265 / 1.1 + 0.735 / 1.01)
    assert _module(korea, "taiwan", "hbm")["capex"] == pytest.approx(want, rel=1e-12)
