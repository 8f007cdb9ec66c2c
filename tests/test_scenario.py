"""Scenario files: the reference scenario against its sources, and error reporting."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import numpy as np
import pytest
import yaml

from tigris.errors import InputError
from tigris.scenario import (
    facility_id,
    load_scenario,
    reference_scenario,
    reference_scenario_text,
    series,
)

_NUMBER = re.compile(r"(?<![\w.])-?\d[\d_.eE+-]*")


def test_reference_scenario_loads() -> None:
    sc = reference_scenario()
    assert sc.name == "reference"
    assert sc.horizon.first_year <= sc.horizon.last_year


def test_every_number_in_the_reference_scenario_has_a_source_comment() -> None:
    """Each line that sets a number carries a ``#`` comment saying where it comes from."""
    missing = []
    for i, line in enumerate(reference_scenario_text().splitlines(), start=1):
        code = line.split("#", 1)[0]
        if not code.strip() or (code.strip().startswith("-") and ":" not in code):
            continue
        key, _, value = code.partition(":")
        if key.strip() in {"source", "description", "name"} or value.strip().startswith('"'):
            continue
        if _NUMBER.search(value) and "#" not in line:
            missing.append(f"{i}: {line.strip()}")
    assert not missing, "numbers without a source comment:\n" + "\n".join(missing)


def test_reference_scenario_tells_the_motivating_story() -> None:
    """Checked against DESIGN.md's motivating case and issue 10.

    - capital: an Abu Dhabi tranche of $8-10B, "tens of billions" in all;
    - sites in the US, Japan, Europe, the Middle East, Taiwan and Korea;
    - the plan starts in the current year (2026); earlier years are history;
    - a site's subsidy pays only for what it was granted for (Germany: a logic fab);
    - the world layer: the incumbents' announced capacity, the roadmap's products and
      demand calibrated on shipments, shared out whole (shares add up to 1), frontier
      training near Epoch AI's 26% largest-run share; incumbents do not respond.
    """
    sc = reference_scenario()
    tranche = next(c for c in sc.capital if "abu-dhabi" in c.name)
    assert 8e9 <= tranche.amount_usd <= 10e9
    total = sum(c.amount_usd for c in sc.capital)
    assert 20e9 <= total < 100e9
    assert {s.name for s in sc.sites} >= {
        "arizona-usa",
        "japan",
        "germany",
        "uae",
        "taiwan",
        "south-korea",
    }
    # Germany's 50% subsidy is aid for a logic fab: it may not pay for an HBM line there
    germany = next(s for s in sc.sites if s.name == "germany")
    assert germany.facilities and all(f.startswith("logic-") for f in germany.facilities)
    assert sc.horizon.first_year == 2026
    assert sc.supply.baseline == "announced" and sc.products == "roadmap"
    assert not sc.incumbents.respond
    shares = {d.name: d.calibrated_share for d in sc.demand}
    assert sum(shares.values()) == pytest.approx(1.0)
    assert shares["frontier-training"] == pytest.approx(0.26, abs=0.015)


#: ASML Low-NA EUV output [systems/year]: at least 60 planned for 2026 (ASML Q1 2026
#: call, via WSJ), ~80 from 2027 (coverage of ASML's ramp; the reference holds it).
_ASML_EUV = {2026: 60.0, 2027: 80.0}


def _announced_scanner_need(years: np.ndarray) -> np.ndarray:
    """Scanners the incumbents' announced capacity additions need, delivered the year
    before the capacity [tools/year]: whole-line additions (incumbent_capacity.csv, each
    owner/site/node line held flat after its last year) x the fab layer's EUV tools per
    wspm of a 20k-wspm module (logic) or of the HBM module (facility_types.csv)."""
    from tigris.fab import fab_model
    from tigris.plan.assemble_sites import _facility_table
    from tigris.world.incumbents import capacity_table

    table = capacity_table("announced")
    hbm = _facility_table()["hbm"]
    span = np.arange(int(table["year"].min()), int(years[-1]) + 2)
    need = np.zeros(len(span))
    for (_owner, fid, _site, _node), g in table.groupby(["owner", "facility", "site", "node"]):
        if fid == "hbm":
            per_wspm = float(hbm["euv_tools"]) / float(hbm["module_capacity"])
        elif str(fid).startswith("logic-"):
            node = str(fid).removeprefix("logic-")
            per_wspm = fab_model(node, 20_000, "taiwan").euv_tools / 20_000
        else:
            continue
        cap = g.groupby("year")["capacity"].sum()
        line = np.interp(span, cap.index.to_numpy(float), cap.to_numpy(float), left=0.0)
        need += np.maximum(np.diff(line, prepend=line[0]), 0.0) * per_wspm
    # a scanner serves capacity that comes online the year after it is delivered
    return np.array([need[span == y + 1][0] for y in years])


def test_reference_gives_the_plan_no_scanner_an_announced_fab_needs() -> None:
    """The plan's scanners each year are at most what ASML makes less what the
    incumbents' announced additions need (recomputed here from the data tables and the
    fab layer), and half of that at most (the rest goes to EUV users outside the table).
    """
    sc = reference_scenario()
    years = np.array(sorted(sc.tools.euv_per_year))
    plan = series(sc.tools.euv_per_year, years)
    need = _announced_scanner_need(years)
    output = series(_ASML_EUV, years)
    left = np.maximum(output - need, 0.0) / 2
    assert np.all(plan <= left + 1.0), dict(zip(years.tolist(), (plan, left), strict=False))
    assert not sc.tools.high_na_per_year or max(sc.tools.high_na_per_year.values()) == 0


def test_series_scalar_and_array() -> None:
    """Interpolation between given years, flat outside, geometric growth after."""
    years = np.array([2024, 2025, 2026, 2027, 2028])
    assert series(5.0, years).tolist() == [5.0] * 5
    assert series({2025: 1.0, 2027: 3.0}, years).tolist() == [1, 1, 2, 3, 3]
    grown = series({2025: 100.0}, years, growth_per_year=0.1)
    assert grown.tolist() == pytest.approx([100, 100, 110, 121, 133.1])


def test_facility_ids_group_nodes_by_family() -> None:
    """N4 runs in N5-family fabs (nodes.csv ``family``); A16 in N2's."""
    assert facility_id("logic", "N4") == facility_id("logic", "n5") == "logic-N5"
    assert facility_id("logic", "A16") == "logic-N2"
    assert facility_id("hbm", None) == "hbm"


BAD = textwrap.dedent(
    """\
    name: bad
    horizon:
      first_year: 2030
      last_year: 2026
    discount_rat: 0.08
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: all
        priority: 1
        h100e_by_year: {2030: 1.0e6}
    products:
      - name: h1000
    supply:
      cowos_wspm: {2030: 1000}
      hbm_wspm: {2030: 5000}
      logic_wspm:
        N33: {2030: 100}
    sites:
      - name: arizna
    capital:
      - name: fund
        amount_usd: -5
        first_year: 2030
        last_year: 2031
    tools:
      euv_per_year: {2030: 5}
    """
)


def test_every_problem_reported_at_once_with_lines(tmp_path: Path) -> None:
    """Six problems, each on its own line as ``file:line: field.path: message``."""
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    lines = str(info.value).splitlines()
    expected = {
        5: ("discount_rat", "did you mean 'discount_rate'"),
        22: ("capital.0.amount_usd", "must be >= 0, got -5"),
        4: ("horizon.last_year", "first_year"),
        12: ("products.0.name", "did you mean 'h100'"),
        17: ("supply.logic_wspm.N33", "unknown node"),
        19: ("sites.0.name", "did you mean 'arizona-usa'"),
    }
    for line_no, (field, text) in expected.items():
        hits = [ln for ln in lines if ln.startswith(f"{path}:{line_no}: {field}: ")]
        assert hits and text in hits[0], (line_no, field, lines)
    # discount_rate is then also missing: the misspelling's line says it, and the
    # "required field is missing" line is not added to it (one slip, one line; user
    # test 2026-12-05)
    assert not any("discount_rate: required field is missing" in ln for ln in lines)


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(empty)
    assert str(info.value) == f"{empty}:1: no YAML content (the file is empty or only comments)"


def test_reference_round_trips_through_yaml(tmp_path: Path) -> None:
    """``scenario show`` output is a valid scenario equal to the built-in one."""
    path = tmp_path / "copy.yaml"
    path.write_text(reference_scenario_text(), encoding="utf-8")
    assert load_scenario(path) == reference_scenario()
    assert yaml.safe_load(reference_scenario_text())["name"] == "reference"


#: The pre-world-layer reference, every map written out (old-style scenarios still load).
EXPLICIT = Path(__file__).with_name("scenario_explicit.yaml")


def _reference_with(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    """The old-style reference (:data:`EXPLICIT`, whose maps the checks look at) with
    text edits (each must apply), written to a file."""
    text = EXPLICIT.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_scenario(path)
    return str(info.value).splitlines()


def _line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, ln in enumerate(lines, start=1) if needle in ln)


def test_years_outside_the_horizon_are_reported(tmp_path: Path) -> None:
    """A demand year before 2025 and an EUV year after 2035 (horizon 2025-2035) would be
    ignored or silently reshape the interpolation: both named, with their lines."""
    path = _reference_with(
        tmp_path,
        ("h100e_by_year: {2025: 3.75e6,", "h100e_by_year: {2019: 1.0, 2025: 3.75e6,"),
        ("    2030: 15  ", "    2040: 15  "),
    )
    lines = _problems(path)
    demand_line = _line_of(path, "2019: 1.0")
    euv_line = _line_of(path, "    2040: 15")
    assert any(
        ln.startswith(f"{path}:{demand_line}: demand.0.h100e_by_year.2019: year 2019 is outside")
        for ln in lines
    ), lines
    assert any(
        ln.startswith(f"{path}:{euv_line}: tools.euv_per_year.2040: year 2040 is outside")
        for ln in lines
    ), lines


def test_capital_after_the_horizon_and_duplicate_sources_are_reported(tmp_path: Path) -> None:
    """Money released after the last planning year could never be spent; two sources with
    one name would make the capex-by-source table ambiguous."""
    path = _reference_with(
        tmp_path,
        ("last_year: 2030              # tigris", "last_year: 2040              # tigris"),
        ("- name: other-sovereign", "- name: abu-dhabi-sovereign"),
    )
    lines = _problems(path)
    assert any("capital.2.last_year: 2040 is after the horizon 2025–2035" in ln for ln in lines)
    assert any(
        "capital.1.name: duplicate capital source 'abu-dhabi-sovereign'" in ln for ln in lines
    )


def test_product_that_no_facility_can_make_is_reported_by_check(tmp_path: Path) -> None:
    """b200-on-n3 moved to N16: no N16 supply and no N16 facility, so it can never be made
    (N16, not N7: the file has N7 supply for MI300X's base dies)."""
    path = _reference_with(
        tmp_path, ("    node: N3\n    first_year: 2027", "    node: N16\n    first_year: 2027")
    )
    lines = _problems(path)
    line = _line_of(path, "    node: N16")
    assert any(
        ln.startswith(f"{path}:{line}: products.4.node: no facility can make this product")
        and "logic-N16" in ln
        for ln in lines
    ), lines


def test_duplicate_keys_non_finite_numbers_and_a_non_mapping(tmp_path: Path) -> None:
    """YAML keeps the last of two equal keys silently; '.nan' passes a '< 1' bound check as
    a confusing message and '.inf' passes 'pue >= 1'; a list is not a scenario."""
    path = _reference_with(
        tmp_path,
        ("pue: 1.2", "pue: 1.2\npue: 1.3"),
        ("discount_rate: 0.08", "discount_rate: .nan"),
        ("fleet_lifetime_years: 5", "fleet_lifetime_years: 5\nunmet_penalty_usd_per_h100e: .inf"),
    )
    lines = _problems(path)
    pue2 = _line_of(path, "pue: 1.3")
    assert (
        f"{path}:{pue2}: pue: given twice (first on line {pue2 - 1}); YAML would keep the last"
        in lines
    )
    assert any("discount_rate: expected a finite number, got nan" in ln for ln in lines)
    assert any("unmet_penalty_usd_per_h100e: given twice" in ln for ln in lines)
    listed = tmp_path / "list.yaml"
    listed.write_text("- 1\n- 2\n", encoding="utf-8")
    (only,) = _problems(listed)
    assert only.startswith(f"{listed}:1: scenario: expected a mapping of fields")
    assert only.endswith("got a list")


def test_mix_shares_that_would_stop_all_production_are_reported(tmp_path: Path) -> None:
    """Hand-derived: e_p x_p >= lo_p S and e_p x_p <= hi_p S (S = compute delivered) hold
    together only with S = 0 when lo_p > hi_p, and summing the lower bounds gives
    S >= (sum lo) S, so S = 0 when sum lo > 1. Either would silently leave a whole year
    unmet (the planner made nothing in 2025 before this check)."""
    h100 = "  - name: h100                    #"
    b200 = "  - name: b200                    #"
    path = _reference_with(
        tmp_path,
        (h100, "  - name: h100\n    min_share: 0.3\n    max_share: 0.2\n    #"),
        (b200, "  - name: b200\n    min_share: {2025: 0.5, 2026: 0.95}\n    #"),
    )
    lines = _problems(path)
    assert any(
        "products.0.min_share: min_share is above max_share in 2025" in ln for ln in lines
    ), lines
    # 2025: h100 0.3 + b200 0.5 + mi300x 0.08 = 0.88 <= 1; 2026 (h100 no longer made):
    # b200 0.95 + mi300x 0.08 = 1.03 > 1
    assert any(
        ln.endswith("products: min_share values of the products made in 2026 add up to 1.03, "
                    "more than all compute delivered: the plan would make nothing that year")
        for ln in lines
    ), lines  # fmt: skip


def test_bad_year_keys_and_misspelt_facility_types_read_well(tmp_path: Path) -> None:
    """A non-integer year key names the map and the key (not pydantic's '[key]'); a
    suggested facility type is spelt as it must be written ('logic-N5', not 'logic-n5')."""
    path = _reference_with(
        tmp_path,
        ("h100e_by_year: {2025: 3.75e6,", "h100e_by_year: {twenty: 1.0, 2025: 3.75e6,"),
        ("    max_modules: 12 ", "    facilities: [logic-N9, cowos]\n    max_modules: 12 "),
    )
    lines = _problems(path)
    assert any(
        ln.endswith("demand.0.h100e_by_year: expected a year (integer) as key, got 'twenty'")
        for ln in lines
    ), lines
    assert any("unknown facility type 'logic-N9' (did you mean 'logic-N5'?)" in ln for ln in lines)


def test_a_self_referring_yaml_alias_is_an_input_error(tmp_path: Path) -> None:
    """``&a [1, *a]`` is a YAML list that contains itself: no scenario value, and walking
    it must not end in a RecursionError traceback."""
    path = tmp_path / "recursive.yaml"
    path.write_text("name: &a [1, *a]\n", encoding="utf-8")
    (only,) = _problems(path)
    assert only.startswith(f"{path}:1: ") and "refers to itself" in only


def test_empty_year_maps_and_profiles_are_reported_not_a_traceback(tmp_path: Path) -> None:
    """An empty year map has nothing to interpolate (the planner crashed in numpy.interp
    on one); an empty profile used to fall back to the table silently. A bad union value
    (min_share) is one problem, not one per type pydantic tried."""
    path = _reference_with(
        tmp_path,
        ("h100e_by_year: {2025: 3.75e6, 2026: 7.5e6, 2027: 1.125e7, 2028: 1.575e7, "
         "2029: 2.05e7, 2030: 2.45e7}", "h100e_by_year: {}"),
        ("    min_share: 0.08 ", "    min_share: {} "),
        ("  - kind: hbm ", "  - kind: hbm\n    spend_profile: []\n    output_profile: [1]\n    #"),
    )  # fmt: skip
    lines = _problems(path)
    fields = [ln.split(": ")[1] for ln in lines]
    assert fields == [
        "demand.0.h100e_by_year",
        "products.3.min_share",
        "facilities.3.spend_profile",
    ], lines
    assert all("expected at least 1 entry, got an empty" in ln for ln in lines), lines


def test_negative_year_map_values_are_reported_on_their_own_lines(tmp_path: Path) -> None:
    """Negative CoWoS capacity or scanner supply has no meaning (and made the model
    infeasible); each is named on the line of its year, not of the map."""
    path = _reference_with(
        tmp_path,
        ("    2025: 52500 ", "    2025: -52500 "),
        ("    2025: 7  ", "    2025: -7  "),
    )
    lines = _problems(path)
    cowos, euv = _line_of(path, "2025: -52500"), _line_of(path, "2025: -7 ")
    assert f"{path}:{cowos}: supply.cowos_wspm.2025: must be >= 0, got -52500" in lines
    assert f"{path}:{euv}: tools.euv_per_year.2025: must be >= 0, got -7" in lines


def test_yaml_booleans_are_not_numbers(tmp_path: Path) -> None:
    """pydantic would take ``true`` as 1: a priority of ``true`` is a mistake, named at the
    field's own line; ``yes`` is text under YAML 1.2 (not a boolean), so an EUV supply of
    ``yes`` scanners is text where a number is expected, named at the year's own line."""
    path = _reference_with(
        tmp_path,
        ("priority: 3 ", "priority: true "),
        ("    2025: 7  ", "    2025: yes  "),
        ("  first_year: 2025 ", "  first_year: false "),
    )
    lines = _problems(path)
    prio, euv = _line_of(path, "priority: true"), _line_of(path, "2025: yes")
    first = _line_of(path, "first_year: false")
    assert lines == [
        f"{path}:{first}: horizon.first_year: expected an integer, got a YAML boolean (false)",
        f"{path}:{prio}: demand.0.priority: expected a number, got a YAML boolean (true)",
        f"{path}:{euv}: tools.euv_per_year.2025: expected a number, got the text 'yes'",
    ]


def test_json_scenarios_with_text_year_keys_get_the_same_checks(tmp_path: Path) -> None:
    """``tigris scenario show --json`` output is a valid scenario file (YAML reads JSON),
    but its year keys are text ("2040"); the schema reads them as years, so the horizon
    and mix checks must too."""
    import json

    explicit = load_scenario(EXPLICIT)
    doc = explicit.model_dump(mode="json")
    doc["tools"]["euv_per_year"]["2040"] = 5
    doc["products"][2]["min_share"] = {"2025": 0.95}  # + mi300x's 0.08 = 1.03 > 1
    path = tmp_path / "scenario.json"
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    lines = _problems(path)
    assert any("tools.euv_per_year.2040: year 2040 is outside the horizon" in ln for ln in lines)
    assert any("made in 2025 add up to 1.03" in ln for ln in lines), lines
    for sc in (explicit, reference_scenario()):
        ok = tmp_path / "ok.json"
        ok.write_text(json.dumps(sc.model_dump(mode="json")), encoding="utf-8")
        assert load_scenario(ok) == sc
