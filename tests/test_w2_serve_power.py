"""The dashboard's Power controls and the URL's hint (user test 2026-12-03, #10).

A grid planner asked ``tigris serve`` for the grid headroom of a region, the grid
connection lead time and whether on-site gas may be built (or its capex), and found only
the electricity price multiplier; and ``?datacenters.grid_headroom_mw.usa.2030=1000``
said "unknown control" without the ``tigris sweep --set`` hint docs/serve.md ("The
URL") promises. Each control is checked against the tables it scales (data/grid.csv,
data/datacenter_types.csv, read here as CSV) and against what the plan's assembly
reads from the edited scenario; the browser test of a re-solve is
tests/test_w2_serve_browser.py. Runs without solving.
"""

from __future__ import annotations

import textwrap

import pytest

from tests.conftest import data_table
from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import load_any, scenario_hash
from tigris.serve.controls import (
    Control,
    controls_for,
    decode_state,
    encode_state,
    whatif,
)

REF = reference_scenario()
HEADROOM = "power.grid_headroom.usa"
LEAD = "facilities.datacenter.grid_lead_months"
GAS = "power.onsite.datacenter-gas"

#: A three-year scenario with a grid data-centre type and its own usa headroom series
#: (the browser test's, tests/test_w2_serve_browser.py).
POWERED_SMALL = textwrap.dedent(
    """\
    name: powered-small
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2028}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 2
        h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 19000}}
      cowos_wspm: {2026: 17000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: logic
        node: N4
      - kind: cowos
      - kind: hbm
      - kind: datacenter
        grid_lead_months: 0
        construction_months: 6
    datacenters:
      existing_mw: {2026: 32000}
      grid_headroom_mw: {usa: {2026: 400, 2028: 800}}
    sites:
      - name: japan
        max_modules: 3
      - name: texas-usa
        facilities: [datacenter]
        max_modules: 20
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


def _by_path(sc: object) -> dict[str, Control]:
    return {c.path: c for c in controls_for(sc)}  # type: ignore[arg-type]


def _grid_csv(region: str, column: str) -> dict[int, float]:
    return {int(r["year"]): float(r[column]) for r in data_table("grid") if r["region"] == region}


def _ref_text() -> str:
    """The reference scenario's file, as shipped."""
    from importlib import resources

    return (resources.files("tigris.data") / "reference_scenario.yaml").read_text("utf-8")


def _types() -> dict[str, dict[str, str]]:
    return {r["facility"]: r for r in data_table("datacenter_types")}


def test_the_reference_has_the_power_controls_at_its_own_values() -> None:
    by = _by_path(REF)
    power = [c.path for c in by.values() if c.group == "Power"]
    # texas-usa is the reference's one data-centre site: usa (data/site_regions.csv)
    assert power == [
        HEADROOM,
        LEAD,
        "facilities.datacenter.capex_usd_per_mw",
        GAS,
        "facilities.datacenter-gas.capex_usd_per_mw",
        "facilities.datacenter-gas.energy_usd_per_mwh",
    ]
    assert (by[HEADROOM].default, by[HEADROOM].min, by[HEADROOM].max) == (1.0, 0.0, 10.0)
    assert by[LEAD].default == 48 and by[LEAD].unit == "months"  # the reference's own
    assert by[GAS].kind == "toggle" and by[GAS].default is True
    # the reference's own capex (its facilities), and the table's gas fuel (not given)
    assert by["facilities.datacenter.capex_usd_per_mw"].default == pytest.approx(10.58)
    assert by["facilities.datacenter-gas.capex_usd_per_mw"].default == pytest.approx(12.58)
    fuel = float(_types()["datacenter-gas"]["energy_usd_per_mwh"])
    assert by["facilities.datacenter-gas.energy_usd_per_mwh"].default == pytest.approx(fuel)
    # at their defaults they change nothing: the same scenario, the same cache key
    w = whatif(REF, {c.id: c.default for c in by.values() if c.group == "Power"})
    assert w.changes == {} and scenario_hash(w.scenario) == scenario_hash(REF)


def test_half_the_headroom_is_half_of_every_year_of_data_grid_csv() -> None:
    """x0.5 writes the region's series in every plan year, half of data/grid.csv's (the
    reference gives none), and the plan's assembly reads exactly that."""
    from tigris.plan.assemble import assemble

    c = _by_path(REF)[HEADROOM]
    w = whatif(REF, {c.id: 0.5})
    table = _grid_csv("usa", "grid_headroom_mw")
    years = range(REF.horizon.first_year, REF.horizon.last_year + 1)
    assert w.scenario.datacenters is not None
    written = w.scenario.datacenters.grid_headroom_mw["usa"]
    assert written == pytest.approx({y: 0.5 * table[y] for y in years})
    inp, assumptions = assemble(w.scenario)
    row = inp.regions.index("usa")
    assert inp.grid_headroom_mw[row].tolist() == pytest.approx([0.5 * table[y] for y in years])
    # the assumptions table does not credit the halved series to the shipped data (it
    # names the scenario's field, 31ec70f), and the what-if's description, which the
    # downloaded file carries, says it is the page's x0.5 of data/grid.csv's
    (source,) = assumptions.loc[assumptions["parameter"] == "grid headroom usa", "source"]
    assert source.startswith("scenario 'reference': datacenters.grid_headroom_mw.usa, given")
    said = "grid headroom usa x0.5 of data/grid.csv's (a tigris serve what-if)"
    own = REF.description.rstrip()
    assert own.endswith(".")  # a sentence follows a sentence (it read "investor.; grid")
    assert w.scenario.description == f"{own} G{said[1:]}."
    assert w.scenario.datacenters.source == REF.datacenters.source  # existing_mw's
    # what the worker solves (the request's YAML) and the downloaded file carry it
    solved = load_any(w.request()["scenario_yaml"])
    assert solved.datacenters is not None
    assert solved.datacenters.grid_headroom_mw["usa"] == pytest.approx(written)
    assert solved.description == w.scenario.description


def test_a_scenarios_own_series_is_scaled_point_by_point() -> None:
    sc = load_any(POWERED_SMALL)
    by = _by_path(sc)
    # japan (no facilities list) may build a grid module too: asia-pacific's grid
    assert [c.path for c in by.values() if c.path.startswith("power.grid_headroom.")] == [
        "power.grid_headroom.asia-pacific",
        HEADROOM,
    ]
    w = whatif(sc, {by[HEADROOM].id: 0.5})
    assert w.scenario.datacenters is not None
    assert w.scenario.datacenters.grid_headroom_mw == {"usa": {2026: 200.0, 2028: 400.0}}
    assert "asia-pacific" not in w.scenario.datacenters.grid_headroom_mw  # untouched


def test_the_lead_time_lands_on_the_grid_facility() -> None:
    from tigris.plan.assemble import assemble

    c = _by_path(REF)[LEAD]
    w = whatif(REF, {c.id: 24})
    (grid,) = [f for f in w.scenario.facilities if f.kind == "datacenter" and f.power is None]
    assert grid.grid_lead_months == 24
    assert w.changes == {LEAD: 24}
    inp, table = assemble(w.scenario)
    assert inp is not None and len(table)
    with pytest.raises(InputError, match=r"expected 0 to 120 months"):
        whatif(REF, {c.id: 121})


def test_a_lead_not_given_shows_the_longest_regional_one() -> None:
    """POWERED_SMALL's grid type gives its own 0; without it the control shows the
    longest of data/grid.csv's leads of the regions its sites connect to."""
    text = POWERED_SMALL.replace("    grid_lead_months: 0\n", "")
    c = _by_path(load_any(text))[LEAD]
    leads = {r["region"]: float(r["grid_lead_months"]) for r in data_table("grid")}
    assert c.default == max(leads["usa"], leads["asia-pacific"])
    assert _by_path(load_any(POWERED_SMALL))[LEAD].default == 0


def test_no_gas_takes_it_off_every_site() -> None:
    from tigris.plan.assemble import assemble

    c = _by_path(REF)[GAS]
    w = whatif(REF, {c.id: False})
    (texas,) = [s for s in w.scenario.sites if s.name == "texas-usa"]
    assert texas.facilities == ["datacenter"]
    inp, _ = assemble(w.scenario)
    s, k = inp.sites.index("texas-usa"), inp.facilities.index("datacenter-gas")
    assert not inp.allowed[s, k]
    assert inp.allowed[s, inp.facilities.index("datacenter")]
    assert whatif(REF, {c.id: True}).changes == {}


def test_a_site_of_gas_alone_is_closed_when_gas_is_off() -> None:
    text = _ref_text().replace(
        "facilities: [datacenter, datacenter-gas]", "facilities: [datacenter-gas]"
    )
    sc = load_any(text)
    c = _by_path(sc)[GAS]
    w = whatif(sc, {c.id: False})
    (texas,) = [s for s in w.scenario.sites if s.name == "texas-usa"]
    assert texas.max_modules == 0 and texas.min_modules == 0
    assert texas.facilities == ["datacenter-gas"]


def test_capex_and_fuel_land_at_their_paths() -> None:
    by = _by_path(REF)
    w = whatif(
        REF,
        {
            by["facilities.datacenter-gas.capex_usd_per_mw"].id: 20.0,
            by["facilities.datacenter-gas.energy_usd_per_mwh"].id: 90.0,
        },
    )
    (gas,) = [f for f in w.scenario.facilities if f.power == "gas"]
    assert gas.capex_usd_per_mw == pytest.approx(20e6) and gas.energy_usd_per_mwh == 90.0


def test_the_url_carries_every_power_control() -> None:
    by = _by_path(REF)
    values = {by[HEADROOM].id: 0.5, by[LEAD].id: 24, by[GAS].id: False}
    query = encode_state(REF, values)
    assert query == f"?{HEADROOM}=0.5&{LEAD}=24&{GAS}=off"
    assert decode_state(REF, query) == values
    # the solve request's scenario (what Download YAML writes, to_yaml of it) has all three
    solved = load_any(whatif(REF, values).request()["scenario_yaml"])
    assert solved.datacenters is not None and 2035 in solved.datacenters.grid_headroom_mw["usa"]
    (grid,) = [f for f in solved.facilities if f.kind == "datacenter" and f.power is None]
    (texas,) = [s for s in solved.sites if s.name == "texas-usa"]
    assert grid.grid_lead_months == 24 and texas.facilities == ["datacenter"]


def test_a_headroom_year_in_the_url_gives_the_sweep_hint() -> None:
    """The user test's own URL (#10): the reference gives no usa series, so the path is
    a new key of a mapping that ``tigris sweep --set`` writes; the error says so, and
    names the page's control that scales the series. Failed before: "url: unknown
    control '...'" and nothing else."""
    with pytest.raises(InputError) as err:
        decode_state(REF, "?datacenters.grid_headroom_mw.usa.2030=1000")
    text = str(err.value)
    assert text.startswith("url: unknown control")
    assert "'tigris sweep --set datacenters.grid_headroom_mw.usa.2030=1000'" in text
    assert f"({HEADROOM})" in text
    # the hint's command is one tigris sweep takes: the edit is accepted as a file's
    from tigris.scenario.edit import set_paths

    edited = set_paths(REF, {"datacenters.grid_headroom_mw.usa.2030": 1000})
    assert edited.datacenters is not None
    assert edited.datacenters.grid_headroom_mw["usa"] == {2030: 1000}


def test_other_unknown_paths_keep_their_hints() -> None:
    def error(query: str) -> str:
        with pytest.raises(InputError) as err:
            decode_state(REF, query)
        return str(err.value)

    # a misspelt control: the closest control, no sweep (not a place of the scenario)
    typo = error("?capital.abu-dhabi-sovereign.amount_us=3")
    assert "did you mean 'capital.abu-dhabi-sovereign.amount_usd'" in typo
    assert "sweep" not in typo
    assert error("?no.such.path=1") == "url: unknown control 'no.such.path'"
    assert "'tigris sweep --set pue=1.3'" in error("?pue=1.3")
    # a long value is not repeated
    assert "'tigris sweep --set pue=...'" in error("?pue=" + "9" * 41)


def test_a_scenario_without_a_datacenters_block_gets_one() -> None:
    """A grid data-centre type without a ``datacenters`` block (the schema's defaults):
    the scale writes the block with the halved data/grid.csv series."""
    text = POWERED_SMALL.replace(
        "datacenters:\n  existing_mw: {2026: 32000}\n"
        "  grid_headroom_mw: {usa: {2026: 400, 2028: 800}}\n",
        "",
    )
    sc = load_any(text)
    assert sc.datacenters is None
    w = whatif(sc, {_by_path(sc)[HEADROOM].id: 0.5})
    table = _grid_csv("usa", "grid_headroom_mw")
    assert w.scenario.datacenters is not None
    assert w.scenario.datacenters.baseline == "announced"  # as without the block
    assert w.scenario.datacenters.grid_headroom_mw == {
        "usa": pytest.approx({y: 0.5 * table[y] for y in (2026, 2027, 2028)})
    }


# --- review (RV-SERVE): behaviours no test above pinned (each kills a mutant) ---------


def _with_gas(text: str) -> str:
    """POWERED_SMALL with an on-site gas type too (japan, no facilities list, may build
    it; texas-usa lists only the grid type)."""
    anchor = "    construction_months: 6\n"
    assert text.count(anchor) == 1
    return text.replace(anchor, anchor + "  - kind: datacenter\n    power: gas\n")


def test_gas_off_at_a_site_without_a_list_keeps_everything_else() -> None:
    """A site with no ``facilities`` list may build every type of the scenario; gas off
    gives it the list of all the others (not an empty list, which would close it)."""
    from tigris.plan.assemble import assemble

    sc = load_any(_with_gas(POWERED_SMALL))
    w = whatif(sc, {_by_path(sc)[GAS].id: False})
    (japan,) = [s for s in w.scenario.sites if s.name == "japan"]
    assert japan.facilities == ["logic-N5", "cowos", "hbm", "datacenter"]  # N4: the N5 family
    assert japan.max_modules == 3
    (texas,) = [s for s in w.scenario.sites if s.name == "texas-usa"]
    assert texas.facilities == ["datacenter"]  # it could not build gas: untouched
    inp, _ = assemble(w.scenario)
    s = inp.sites.index("japan")
    assert not inp.allowed[s, inp.facilities.index("datacenter-gas")]
    assert inp.allowed[s, inp.facilities.index("logic-N5")]


def test_a_gas_only_site_with_a_minimum_is_closed_whole() -> None:
    """min_modules goes to 0 with max_modules: a site required to build one gas module
    and closed by the toggle is not left asking for a module it may not build."""
    text = _ref_text().replace(
        "facilities: [datacenter, datacenter-gas]", "facilities: [datacenter-gas]"
    )
    text = text.replace("    max_modules: 40 ", "    min_modules: 1\n    max_modules: 40 ")
    sc = load_any(text)
    (texas,) = [s for s in sc.sites if s.name == "texas-usa"]
    assert texas.min_modules == 1
    w = whatif(sc, {_by_path(sc)[GAS].id: False})
    (texas,) = [s for s in w.scenario.sites if s.name == "texas-usa"]
    assert (texas.max_modules, texas.min_modules) == (0, 0)


def test_which_sites_and_types_get_power_controls() -> None:
    """A closed site's region gets no headroom control, two sites in one region one; a
    type with a whole capex_usd has no per-MW capex control; an on-site type no site
    may build has no controls."""
    text = _with_gas(POWERED_SMALL).replace(
        "  - name: texas-usa\n",
        "  - name: germany\n    max_modules: 0\n"
        "  - name: arizona-usa\n    facilities: [datacenter]\n    max_modules: 2\n"
        "  - name: texas-usa\n",
    )
    by = _by_path(load_any(text))
    assert [p for p in by if p.startswith("power.grid_headroom.")] == [
        "power.grid_headroom.asia-pacific",  # japan; not europe (germany is closed)
        HEADROOM,  # arizona-usa and texas-usa: one control
    ]
    whole = text.replace("    power: gas\n", "    power: gas\n    capex_usd: 1.5e9\n")
    assert whole != text
    by = _by_path(load_any(whole))
    assert "facilities.datacenter-gas.capex_usd_per_mw" not in by
    assert "facilities.datacenter.capex_usd_per_mw" in by
    assert "facilities.datacenter-gas.energy_usd_per_mwh" in by
    nowhere = text.replace("  - name: japan\n    max_modules: 3\n", "")
    assert nowhere != text
    by = _by_path(load_any(nowhere))
    assert not [p for p in by if "datacenter-gas" in p]


def test_the_hint_repeats_a_value_of_up_to_40_characters() -> None:
    with pytest.raises(InputError) as err:
        decode_state(REF, "?pue=1." + "2" * 38)
    assert f"'tigris sweep --set pue=1.{'2' * 38}'" in str(err.value)


def test_a_path_that_only_starts_like_a_regions_series_names_no_control() -> None:
    from tigris.serve.control_power import related_control

    controls = controls_for(REF)
    assert related_control("datacenters.grid_headroom_mw.usa", controls) is not None
    assert related_control("datacenters.grid_headroom_mw.usa.2030", controls) is not None
    assert related_control("datacenters.grid_headroom_mw.usa-east.2030", controls) is None


def test_the_hint_does_not_offer_a_sweep_that_sweep_refuses() -> None:
    """The hint's command is checked as ``tigris sweep --set`` would check it (review of
    3057843): a region that does not exist, a scalar where a series goes and a grid lead
    on an on-site type were each offered as 'ask it with tigris sweep --set ...', which
    then fails; the error now says sweep refuses it too, and why."""
    from tigris.scenario.edit import parse_value, set_paths

    cases = {
        "datacenters.grid_headroom_mw.atlantis.2030=5": "unknown region 'atlantis'",
        "datacenters.grid_headroom_mw.usa=1000": "expected a mapping, got 1000",
        "facilities.datacenter-gas.grid_lead_months=3": "grid_lead_months is for power: grid",
    }
    for query, why in cases.items():
        path, value = query.split("=")
        with pytest.raises(InputError):  # what sweep itself says
            set_paths(REF, {path: parse_value(value)}, field="--set")
        with pytest.raises(InputError) as err:
            decode_state(REF, "?" + query)
        text = str(err.value)
        assert "ask it with" not in text, text
        assert f"'tigris sweep --set {query}' would be refused too: " in text, text
        assert why in text, text
    # one sweep accepts keeps its hint
    with pytest.raises(InputError) as err:
        decode_state(REF, "?datacenters.grid_headroom_mw.usa.2030=1000")
    assert "ask it with 'tigris sweep --set datacenters.grid_headroom_mw.usa.2030=1000'" in str(
        err.value
    )


def test_a_lead_not_given_says_on_its_face_that_it_replaces_each_regions() -> None:
    """Review of 3057843: with no lead of its own and regions whose data/grid.csv leads
    differ (asia-pacific 36, usa 48 months), the control shows 48 while japan's modules
    wait 36; moved to 47 (one month shorter, as the box reads), japan's wait 47, eleven
    months longer. Only the hover help said so; the label now gives each region's lead
    and that any value is every region's. At its default the plan is the scenario's."""
    text = POWERED_SMALL.replace("    grid_lead_months: 0\n", "")
    sc = load_any(text)
    c = _by_path(sc)[LEAD]
    leads = {r["region"]: float(r["grid_lead_months"]) for r in data_table("grid")}
    assert (leads["asia-pacific"], leads["usa"]) == (36, 48)
    assert c.label == "Grid connection lead time, all regions (now asia-pacific 36, usa 48)"
    moved = whatif(sc, {c.id: 47}).scenario
    (grid,) = [f for f in moved.facilities if f.kind == "datacenter"]
    assert grid.grid_lead_months == 47  # asia-pacific's too: what the label says
    at_default = whatif(sc, {c.id: c.default})
    assert at_default.changes == {} and scenario_hash(at_default.scenario) == scenario_hash(sc)
    # one region, or the scenario's own lead: the value is the plan's, the label plain
    assert _by_path(REF)[LEAD].label == "Grid connection lead time"
    one = text.replace("  - name: japan\n    max_modules: 3\n", "")
    assert one != text
    (only,) = [x for x in controls_for(load_any(one)) if x.path == LEAD]
    assert (only.label, only.default) == ("Grid connection lead time", leads["usa"])


def test_the_scale_multiplies_the_servers_data_overlay_headroom() -> None:
    """Review of 3057843: with ``tigris serve --data`` giving usa a headroom of 1,000 MW
    in every year (an overlay's grid row, 933ec91), the plan reads 1,000 MW and the
    control's help says so, but x0.5 wrote half of the shipped data/grid.csv series
    (13,076 MW in 2030), 26 times what the page's own base allows."""
    from tigris.plan.assemble import assemble
    from tigris.plan.reuse import using_data_text

    overlay = (
        "grid:\n  - region: usa\n    grid_headroom_mw: 1000\n"
        '    source: "test: a thinner grid"\n    as_of: 2026-12\n'
    )
    c = {x.path: x for x in controls_for(REF, data_yaml=overlay)}[HEADROOM]
    assert "2026: 1,000 MW, 2035: 1,000 MW" in c.help
    w = whatif(REF, {c.id: 0.5}, data_yaml=overlay)
    assert w.scenario.datacenters is not None
    years = range(REF.horizon.first_year, REF.horizon.last_year + 1)
    assert w.scenario.datacenters.grid_headroom_mw["usa"] == {y: 500.0 for y in years}
    with using_data_text(overlay):
        inp, _ = assemble(w.scenario)
    assert inp.grid_headroom_mw[inp.regions.index("usa")].tolist() == [500.0] * len(years)


def test_scaling_the_headroom_leaves_the_existing_capacity_rows_source() -> None:
    """Review of b7f5c87: the what-if's note went into ``datacenters.source``, which the
    plan reads as the source of ``existing_mw`` (assemble_energy, 'datacenter: existing
    capacity'), so POWERED_SMALL's own 32,000 MW, untouched by the what-if, was credited
    to 'grid headroom usa x0.5 of the scenario's (a tigris serve what-if)'. The note is
    the scenario's description now; the existing row keeps 'scenario'."""
    from tigris.plan.assemble import assemble

    sc = load_any(POWERED_SMALL)
    w = whatif(sc, {_by_path(sc)[HEADROOM].id: 0.5})
    assert w.scenario.datacenters is not None
    assert w.scenario.datacenters.source == ""  # as the file gives it
    _, notes = assemble(w.scenario)
    (source,) = notes.loc[notes["parameter"] == "datacenter: existing capacity", "source"]
    assert source == "scenario"
    said = "grid headroom usa x0.5 of the scenario's (a tigris serve what-if)"
    assert w.scenario.description == said
