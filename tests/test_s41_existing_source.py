"""Captions and assumptions rows name where a figure comes from (user test 2026-12-05,
scenarios #7).

- The capacity-used caption named ``data/incumbent_capacity.csv`` for a scenario that
  gives its own ``supply`` maps (``docs/examples/small-plan.yaml``), whose assumptions
  say ``existing supply: ... scenario``.
- A module row kept citing ``facility_types.csv`` for a capex the scenario set.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SMALL
from tigris.plan.assemble import assemble
from tigris.plan.summary import existing_lines_source
from tigris.report.html import capacity_used_caption
from tigris.scenario import reference_scenario, scenario_from_dict
from tigris.yamlio import parse_yaml

EXAMPLE = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


def _notes(doc_or_scenario):
    sc = doc_or_scenario
    if isinstance(sc, dict):
        sc = scenario_from_dict(sc)
    return assemble(sc)[1]


def test_the_reference_lines_are_the_table() -> None:
    notes = _notes(reference_scenario())
    assert existing_lines_source(notes) == "data/incumbent_capacity.csv"


def test_a_scenario_with_its_own_maps_names_them() -> None:
    notes = _notes(parse_yaml(EXAMPLE.read_text(encoding="utf-8")))
    source = existing_lines_source(notes)
    assert source == "the scenario's supply maps (cowos, hbm, logic-N5)"
    assert "incumbent_capacity" not in capacity_used_caption(notes)
    assert source in capacity_used_caption(notes)


def test_a_map_in_place_of_a_baseline_kind_names_both() -> None:
    sc = reference_scenario().set("supply.cowos_wspm", {2026: 50_000})
    source = existing_lines_source(_notes(sc))
    assert source == (
        "data/incumbent_capacity.csv, the scenario's supply maps (cowos) in its place"
    )


def test_the_cli_caption_follows(run_cli) -> None:
    res = run_cli("plan", EXAMPLE, "--no-store")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "The incumbents' lines (the scenario's supply maps (cowos, hbm, logic-N5)" in flat
    assert "(data/incumbent_capacity.csv, the 'existing' rows" not in flat


def test_a_module_row_names_the_scenarios_capex() -> None:
    doc = parse_yaml(SMALL)
    (cowos,) = [f for f in doc["facilities"] if f["kind"] == "cowos"]
    cowos["capex_usd"] = 3.0e9
    notes = _notes(doc)
    source = dict(zip(notes["parameter"], notes["source"], strict=True))
    assert source["taiwan cowos: module"].startswith(
        "the scenario's cowos facility: capex_usd (the rest: facility_types.csv, quoted at"
    )
    value = dict(zip(notes["parameter"], notes["value"], strict=True))
    assert "3.00B USD" in value["taiwan cowos: module"]
