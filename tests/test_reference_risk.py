"""The reference scenario's risk sections (issue 15, item 7): its distributions, rank
correlations and named disruptions.

Claims checked against the world, not against the code's output:

- every distribution is sourced and centred on the reference's own value (its mode, or
  median), the scenario's field or, for a data-table cell, the shipped table's value;
  the values the reference restates from a table (a data-centre module's capex, a CoWoS
  module's capex...) are the table's own, so a distribution on them varies the number
  the plan would use anyway;
- the main uncertain inputs the issue names are covered (demand growth, build months of
  the main fab sites, module capex, build and grid lead months, the new nodes' defect
  densities);
- every correlation and every disruption names its source, and the four kinds of
  disruption are there (a 12-month Taiwan outage, an EUV cut, the main capital source
  withdrawn, an export control);
- the reference plans exactly as it would without these sections and without the
  restated values (the planner's assembled inputs compared field by field);
- ``sample_changes`` draws every value inside its distribution's bounds, whole numbers
  for integer fields, values each field and table accepts (members are valid scenarios
  and valid member overlays).
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import write_scenario
from tigris.data import load_rows
from tigris.risk.cells import input_value, is_cell, member_overlay, split_changes, value_problem
from tigris.risk.distributions import sample_changes
from tigris.scenario import load_scenario
from tigris.scenario.edit import get_path, set_paths
from tigris.scenario.load import REFERENCE_FILE, reference_scenario_text

#: The built-in reference scenario's file.
REFERENCE = Path(__file__).parents[1] / "src" / "tigris" / "data" / REFERENCE_FILE

#: Comment marking a value the reference restates from a data table for its distribution.
RESTATED = "restated here for its distribution"

#: Members drawn in the sampling test (every path's draws reach both halves of its range
#: with probability > 1 - 2 * 0.5**64 for a continuous distribution).
MEMBERS = 64


@pytest.fixture(scope="module")
def reference() -> Any:
    return load_scenario(REFERENCE)


def _centre(spec: Any) -> Any:
    """A distribution's most likely (mode) or middle (median) value, as its kind states it."""
    for name in ("mode", "median", "value"):
        if hasattr(spec, name):
            return getattr(spec, name)
    if spec.dist == "normal":
        return spec.mean
    raise AssertionError(f"no mode or median to compare for a {spec.dist} distribution")


def test_every_distribution_is_sourced_and_centred_on_the_references_value(reference) -> None:
    assert len(reference.distributions) >= 20
    for path, spec in reference.distributions.items():
        assert spec.source.strip(), path
        assert "tigris assumption" in spec.source or any(ch.isdigit() for ch in spec.source), path
        own = input_value(reference, path)
        assert _centre(spec) == pytest.approx(own, rel=1e-12), path
        assert spec.low <= own <= spec.high, path
        assert spec.low < spec.high, f"{path}: a collapsed distribution varies nothing"


def test_the_issues_main_uncertain_inputs_are_covered(reference) -> None:
    paths = set(reference.distributions)
    main_fab_sites = ("taiwan", "arizona-usa", "japan", "south-korea", "uae")
    assert {f"data.sites.{s}.construction_months" for s in main_fab_sites} <= paths
    assert any(p.endswith(".ramp_months") for p in paths)
    assert any(p.endswith(".construction_cost_multiplier") for p in paths)
    assert {"nodes.N3.d0_mature_per_cm2", "nodes.N2.d0_per_cm2"} <= paths
    # demand growth: the calibrated forecast's spending path and compute per dollar
    assert {
        "demand_forecast.spend_usd.2030",
        "demand_forecast.spend_growth.2026",
        "demand_forecast.price_performance_doubling_years",
    } <= paths
    # every facility the reference may build but logic (whose capex is the fab layer's,
    # varied by the sites' cost multipliers) has its capex distributed
    # (by type name or index: the path's facility is what get_path resolves)
    from tigris.scenario.checks import facility_id

    ids = {facility_id(f.kind, f.node, f.power): f.kind for f in reference.facilities}
    kinds = {
        reference.facilities[int(seg)].kind if seg.isdigit() else ids[seg]
        for seg in (p.split(".")[1] for p in paths if p.startswith("facilities.") and "capex" in p)
    }
    assert kinds == {"cowos", "hbm", "datacenter"}


def test_restated_values_are_the_tables_own(reference) -> None:
    """The facility values the reference restates for their distributions equal the
    rows of data/facility_types.csv, data/datacenter_types.csv and data/grid.csv that
    the plan takes when the scenario leaves them out."""
    text = reference_scenario_text()
    restated = [line.split("#")[0].strip() for line in text.splitlines() if RESTATED in line]
    assert len(restated) == 12
    # the calibrated demand's forecast, restated from data/demand_growth.csv's central
    # column (the header line and four parameters)
    from tigris.world.demand import growth_parameters

    table = growth_parameters("central")
    fc = reference.demand_forecast
    assert fc.spend_usd == {2030: table["spend_usd"][2030]}
    assert fc.spend_growth == {2026: table["spend_growth"][2026]}
    assert fc.spend_growth_after == table["spend_growth_after"][1]
    assert fc.price_performance_doubling_years == table["price_performance_doubling_years"]
    types = {r["kind"]: r for r in load_rows("facility_types")}
    dc = {r["facility"]: r for r in load_rows("datacenter_types")}
    grid = {int(r["year"]): r for r in load_rows("grid") if r["region"] == "usa"}
    facilities = reference.facilities
    by_kind = {(f.kind, f.power): f for f in facilities}
    assert by_kind["cowos", None].capex_usd == float(types["cowos"]["capex_usd"])
    assert by_kind["hbm", None].capex_usd == float(types["hbm"]["capex_usd"])
    for f, row in (
        (by_kind["datacenter", None], dc["datacenter"]),
        (by_kind["datacenter", "gas"], dc["datacenter-gas"]),
    ):
        assert f.capex_usd_per_mw == float(row["capex_usd_per_mw"])
        assert f.construction_months == int(float(row["construction_months"]))
    # the gas plant's energy cost (drawn in the reference's distributions)
    gas = by_kind["datacenter", "gas"]
    assert gas.energy_usd_per_mwh == float(dc["datacenter-gas"]["energy_usd_per_mwh"])
    # the grid lead is one number for every year of the usa region, drawn as that
    # region's cell: not restated on the facility, whose value would replace every
    # region's (user test UT-SWF #4: a middle-east site waited the usa's 48 months)
    assert {float(r["grid_lead_months"]) for r in grid.values()} == {48.0}
    assert by_kind["datacenter", None].grid_lead_months is None
    assert reference.distributions["data.grid.usa.grid_lead_months"].mode == 48.0


def test_every_correlation_and_disruption_is_sourced(reference) -> None:
    for group in reference.correlations:
        assert group.source.strip() and 0 < abs(group.rho) < 1
        assert set(group.paths) <= set(reference.distributions)
    events = {e.kind: e for e in reference.disruptions}
    assert set(events) == {"region_outage", "euv_cut", "capital_withdrawn", "export_control"}
    for e in reference.disruptions:
        assert len(e.source) > 80, e.name  # a publication named, not a word
        assert reference.horizon.first_year <= e.start_year <= reference.horizon.last_year
    taiwan = events["region_outage"]
    assert (taiwan.region, taiwan.months) == ("taiwan", 12)
    # the main capital source of the motivating case, the Abu Dhabi tranche
    assert events["capital_withdrawn"].capital == "abu-dhabi-sovereign"


def _without_risk_sections(text: str) -> str:
    """The reference's text without its distributions, correlations and disruptions
    (its last sections) and without the values it restates from tables."""
    head = text.split("\n# How uncertain the main inputs above are", 1)[0]
    assert "distributions:" not in head and "disruptions:" not in head
    return "\n".join(line for line in head.splitlines() if RESTATED not in line) + "\n"


def _equal(a: Any, b: Any) -> bool:
    if dataclasses.is_dataclass(a) and dataclasses.is_dataclass(b):
        return type(a) is type(b) and all(
            _equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.array_equal(np.asarray(a), np.asarray(b), equal_nan=True)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def test_the_reference_plans_as_without_its_risk_sections(reference, tmp_path: Path) -> None:
    """The planner's inputs (every array and number it solves with) are the same with
    and without the distributions, correlations, disruptions and restated values, so the
    plan is the same (the solved plan is compared in the slow tests of
    test_distributions)."""
    from tigris.plan.assemble import assemble

    bare = load_scenario(
        write_scenario(tmp_path, _without_risk_sections(reference_scenario_text()))
    )
    assert not bare.distributions and not bare.disruptions and not bare.correlations
    assert bare.facilities[3].capex_usd is None  # the restated values are gone
    got, _ = assemble(reference)
    want, _ = assemble(bare)
    for f in dataclasses.fields(want):
        assert _equal(getattr(got, f.name), getattr(want, f.name)), f.name


def test_sample_changes_draws_inside_every_fields_bounds(reference, tmp_path: Path) -> None:
    from tigris.overlay import load_overlay

    members = sample_changes(reference, MEMBERS, seed=15)
    assert members == sample_changes(reference, MEMBERS, seed=15)
    drawn = {p: np.array([m[p] for m in members], dtype=float) for p in reference.distributions}
    for path, spec in reference.distributions.items():
        x = drawn[path]
        assert np.all((spec.low <= x) & (x <= spec.high)), path
        centre = float(_centre(spec))
        assert np.any(x < centre) and np.any(x > centre), f"{path}: draws on one side only"
        if not is_cell(path) and isinstance(get_path(reference, path), int):
            assert all(isinstance(m[path], int) for m in members), path
    for changes in members[:4]:
        fields, cells = split_changes(changes)
        member = set_paths(reference, fields)  # validated as a file is
        assert all(get_path(member, p) == v for p, v in fields.items())
        for path, value in cells.items():
            assert value_problem(path, value) is None, path
        # the member's overlay, every drawn cell in its row at once, passes the overlay's
        # validation (rules across a row, e.g. N2's floor below its D0 at HVM)
        file = tmp_path / "member.yaml"
        file.write_text(member_overlay(cells, None) or "", encoding="utf-8")
        assert load_overlay(file) is not None
