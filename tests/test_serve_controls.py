"""The dashboard's controls and what-ifs (tigris.serve.controls), against the world.

Defaults are checked against the files they come from (read here with the csv module
and the scenario text, not through the code under test); a change must land at its path
in the scenario and nowhere else; URL state must round-trip; fuzzed queries must fail
only as input errors. Everything runs on the reference's paths without solving.
"""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL, SMALL_3Y, replaced
from tigris.data import using_overlay
from tigris.errors import InputError
from tigris.plan.reuse import parsed_overlay
from tigris.risk.cells import cell_value, check_cell, is_cell
from tigris.scenario import reference_scenario
from tigris.scenario.edit import diff, get_path, load_any, scenario_hash, set_paths
from tigris.serve.control_groups import GROUPS
from tigris.serve.controls import (
    Control,
    WhatIf,
    control_id,
    controls_for,
    decode_state,
    defaults,
    encode_state,
    request_key,
    whatif,
)
from tigris.serve.limits import MAX_CHANGED_CONTROLS, MAX_QUERY_CHARS, SOLVE_TIME_LIMIT_S

REF = reference_scenario()
#: The claimed chip's serve-only keys (docs/serve.md, "Controls").
CLAIMED_FIELDS = ("enabled", "based_on", "h100e", "system_power_w", "first_year")
CONTROLS = controls_for(REF)
BY_PATH = {c.path: c for c in CONTROLS}
ABU = "capital.abu-dhabi-sovereign.amount_usd"


def _table(name: str) -> list[dict[str, str]]:
    """A shipped data table's rows, read with the csv module."""
    text = (resources.files("tigris.data") / f"{name}.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _moved(c: Control) -> Any:
    """A value one step from the default, inside the range (down where it can)."""
    if c.kind == "toggle":
        return not c.default
    if c.kind == "select":
        return c.options[-1]
    if c.step is None:  # any value: a tenth off (or on)
        down, up = c.default * 0.9, c.default * 1.1
    else:
        down, up = c.default - c.step, c.default + c.step
    return down if down >= c.min and down != c.default else up


# --- defaults ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [None, SMALL], ids=["reference", "small"])
def test_every_control_at_its_default_changes_nothing(text: str | None) -> None:
    base = load_any(text)
    w = whatif(base, defaults(base))
    assert w.changes == {}
    assert w.disruption is None and w.data_yaml is None
    assert scenario_hash(w.scenario) == scenario_hash(base)
    assert encode_state(base, defaults(base)) == ""


def test_controls_are_grouped_with_unique_dash_safe_ids() -> None:
    ids = [c.id for c in CONTROLS]
    assert len(set(ids)) == len(ids)
    assert all(c.group in GROUPS for c in CONTROLS)
    for c in CONTROLS:
        assert c.id and set(c.id) <= set("abcdefghijklmnopqrstuvwxyz0123456789_-"), c.id
        assert c.kind in ("number", "select", "toggle")
        assert c.help.endswith("."), c.path
        if c.kind == "number":
            assert c.min is not None and c.max is not None and c.min <= c.default <= c.max
    groups = [c.group for c in CONTROLS]
    assert groups == sorted(groups, key=GROUPS.index)  # shown in GROUPS order
    # the list, on the reference
    for group in ("Capital", "Demand", "Tools", "Sites", "Disruption"):
        assert group in groups


def test_every_control_path_resolves_on_the_reference() -> None:
    for c in CONTROLS:
        if c.path == "disruption":
            assert c.options == ("none", "taiwan-12m", "euv-cut", "no-gulf-money", "ascend-ban")
        elif c.path.startswith("claimed."):
            assert c.path.split(".")[1] in CLAIMED_FIELDS
        elif c.path.startswith("power."):  # the Power group's own keys write scenario paths
            from tigris.serve.control_power import power_edits

            moved = False if c.kind == "toggle" else 0.5
            edits = power_edits(REF, {c.path: moved})
            assert edits and set_paths(REF, edits) is not None
        elif is_cell(c.path):
            check_cell(c.path)
        else:
            try:
                get_path(REF, c.path)
            except InputError:  # a key the scenario does not write yet (a price year)
                sc = set_paths(REF, {c.path: c.default * c.scale})
                assert get_path(sc, c.path) == pytest.approx(c.default * c.scale)


def test_defaults_are_the_scenario_and_table_values() -> None:
    # the reference's own numbers, as its file writes them
    assert BY_PATH[ABU].default == 9.0 and BY_PATH[ABU].unit == "US$ B"
    assert BY_PATH["capital.other-sovereign.last_year"].default == 2028
    assert BY_PATH["tools.euv_per_year.2028"].default == 37
    assert BY_PATH["demand.inference.calibrated_share"].default == pytest.approx(55)
    # a site's subsidy is data/sites.csv's where the scenario gives none
    for row in _table("sites"):
        c = BY_PATH.get(f"sites.{row['site']}.subsidy_share_of_capex")
        if c is not None:
            assert c.default == pytest.approx(100 * float(row["subsidy_share_of_capex"]))
    assert BY_PATH["sites.germany.subsidy_share_of_capex"].default == pytest.approx(50)
    # the forecast's: data/demand_growth.csv's central column (the reference restates it)
    rows = {(r["parameter"], r["year"]): float(r["value"]) for r in _table("demand_growth")}
    assert BY_PATH["demand_forecast.spend_usd.2030"].default == pytest.approx(
        rows[("spend_usd", "2030")] / 1e12
    )
    assert BY_PATH["demand_forecast.spend_growth.2026"].default == rows[("spend_growth", "2026")]
    assert (
        BY_PATH["demand_forecast.spend_growth_after"].default
        == rows[("spend_growth_after", "2030")]
    )
    assert (
        BY_PATH["demand_forecast.price_performance_doubling_years"].default
        == rows[("price_performance_doubling_years", "")]
    )


def test_capital_given_by_year_has_a_control_per_year() -> None:
    text = replaced(
        SMALL,
        (
            "amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027",
            "usd_by_year: {2026: 1.5e10, 2027: 5.0e9}",
        ),
    )
    base = load_any(text)
    # the group's capital-source controls (it also holds the investor's discount rate,
    # objective and incumbents' response: tests/test_serve_investor.py)
    cs = {
        c.path: c
        for c in controls_for(base)
        if c.group == "Capital" and c.path.startswith("capital.")
    }
    assert list(cs) == ["capital.fund.usd_by_year.2026", "capital.fund.usd_by_year.2027"]
    assert [c.default for c in cs.values()] == [15.0, 5.0]  # US$ B
    w = whatif(base, {cs["capital.fund.usd_by_year.2027"].id: 7.5})
    assert w.scenario.capital[0].usd_by_year == {2026: 1.5e10, 2027: 7.5e9}


def test_a_scenario_value_outside_a_range_widens_it() -> None:
    # a what-if at the defaults of any valid scenario is valid: 2,000 US$ B and 500
    # scanners are above the controls' ranges (1,000 and 200) but the scenario's own
    text = replaced(
        SMALL, ("amount_usd: 2.0e10", "amount_usd: 2.0e12"), ("{2026: 10}", "{2026: 500}")
    )
    base = load_any(text)
    cs = {c.path: c for c in controls_for(base)}
    assert cs["capital.fund.amount_usd"].max == 2000.0
    assert cs["tools.euv_per_year.2026"].max == 500.0
    assert whatif(base, defaults(base)).changes == {}


def test_forecast_controls_write_a_block_the_scenario_leaves_out() -> None:
    # a scenario with calibrated demand and no demand_forecast block still gets the
    # forecast's controls (the table's defaults); a change writes the block
    base = load_any(
        replaced(SMALL, ("h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}", "calibrated_share: 0.5"))
    )
    assert base.demand_forecast is None
    c = next(c for c in controls_for(base) if c.path == "demand_forecast.spend_usd.2030")
    assert c.default == pytest.approx(3.5)
    w = whatif(base, {c.id: 4.0})
    assert get_path(w.scenario, "demand_forecast.spend_usd.2030") == 4e12


# --- changes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "c",
    # the Power group's: tests/test_w2_serve_power.py (a headroom scale writes a series;
    # a facility's path is its type name, which edit.diff writes as its index)
    [
        c
        for c in CONTROLS
        if c.kind == "number" and not c.path.startswith("claimed.") and c.group != "Power"
    ],
    ids=lambda c: c.path,
)
def test_a_changed_value_lands_at_its_path_and_nowhere_else(c: Control) -> None:
    value = _moved(c)
    w = whatif(REF, {c.id: value})
    stored = value * c.scale
    assert w.changes == {c.path: pytest.approx(stored)}
    if is_cell(c.path):  # a data-table cell: in the overlay, the scenario unchanged
        assert w.scenario == REF
        with using_overlay(parsed_overlay(w.data_yaml)):
            assert cell_value(c.path) == pytest.approx(stored)
        return
    assert w.data_yaml is None
    assert get_path(w.scenario, c.path) == pytest.approx(stored)
    changed = diff(REF, w.scenario)
    assert [d[0] for d in changed] == [c.path]


def test_a_site_switched_off_may_build_nothing_there() -> None:
    base = load_any(replaced(SMALL, ("max_modules: 3", "max_modules: 3\n    min_modules: 1")))
    c = next(c for c in controls_for(base) if c.path == "sites.taiwan.max_modules")
    assert c.kind == "toggle" and c.default is True
    w = whatif(base, {c.id: False})
    assert get_path(w.scenario, "sites.taiwan.max_modules") == 0
    assert get_path(w.scenario, "sites.taiwan.min_modules") == 0  # else min > max
    assert whatif(base, {c.id: True}).changes == {}


def test_a_disruption_is_named_not_applied_to_the_scenario() -> None:
    c = BY_PATH["disruption"]
    w = whatif(REF, {c.id: "euv-cut"})
    assert w.disruption == "euv-cut" and w.scenario == REF
    assert w.request()["disruption"] == "euv-cut"
    assert whatif(REF, {c.id: "none"}).disruption is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1.0, "expected 0.1 to 1000 US$ B, got -1"),
        (1e13, "expected 0.1 to 1000 US$ B, got 1e+13"),
        ("12", "expected a number, got '12'"),
        (True, "expected a number, got True"),
        (math.nan, "expected a finite number"),
        ([1], "expected a number, got [1]"),
    ],
)
def test_a_bad_value_names_the_control(value: Any, expected: str) -> None:
    with pytest.raises(InputError) as err:
        whatif(REF, {control_id(ABU): value})
    assert str(err.value).startswith(f"abu-dhabi-sovereign: amount ({ABU}): {expected}")


def test_bad_values_are_reported_together_with_the_closest_id() -> None:
    year = BY_PATH["capital.abu-dhabi-sovereign.first_year"]
    with pytest.raises(InputError) as err:
        whatif(
            REF,
            {
                "capital--abu-dhabi-sovereign--amount_usd": 3,  # '_' not escaped
                year.id: 2025.5,
                "disruption": "euv",
            },
        )
    lines = str(err.value).splitlines()
    assert len(lines) == 3
    assert "did you mean 'capital--abu-dhabi-sovereign--amount_5fusd'" in lines[0]
    assert "expected a whole number, got 2025.5" in lines[1]
    assert "expected one of none, taiwan-12m" in lines[2] and "did you mean 'euv-cut'" in lines[2]


def test_a_change_the_scenario_refuses_names_the_control() -> None:
    first = BY_PATH["capital.abu-dhabi-sovereign.first_year"]
    with pytest.raises(InputError) as err:
        whatif(REF, {first.id: 2030})  # after its last_year 2027
    assert str(err.value) == (  # the control moved, as Scenario.set says it (s48 #6)
        "abu-dhabi-sovereign: first year (capital.abu-dhabi-sovereign.first_year): 2030 is "
        "refused by capital.abu-dhabi-sovereign.last_year (2027): must be >= first_year (2030)"
    )
    share = BY_PATH["demand.inference.calibrated_share"]
    with pytest.raises(InputError) as err:
        whatif(REF, {share.id: 60})  # 25 % + 60 % + 20 %: more than the whole
    assert str(err.value).startswith(  # the changed share, not the last class's (s46 #8)
        "inference: share (demand.inference.calibrated_share): "
        "calibrated_share values of the demand classes add up to 1.05"
    )


def test_an_emptied_input_keeps_its_default() -> None:
    assert whatif(REF, {control_id(ABU): None}).changes == {}


# --- silicon, MFU, prices, the claimed chip ------------------------------------------


def test_silicon_defaults_are_data_nodes_csv() -> None:
    rows = {r["node"]: r for r in _table("nodes")}
    d0 = [c for c in CONTROLS if c.group == "Silicon"]
    nodes = {c.path.split(".")[1] for c in d0}
    assert {"N4", "N3", "N2"} <= nodes  # the reference's logic facilities
    for c in d0:
        _, node, column = c.path.split(".")
        assert c.default == float(rows[node][column]), c.path


def test_a_d0_change_goes_through_a_data_overlay_keeping_the_servers() -> None:
    server = (
        "nodes:\n  - name: N3\n    based_on: N3\n    mask_layers: 80\n"
        "    source: mine\n    as_of: 2026-01\n"
    )
    c = BY_PATH["nodes.N3.d0_per_cm2"]
    w = whatif(REF, {c.id: 0.2}, data_yaml=server)
    with using_overlay(parsed_overlay(w.data_yaml)):
        assert cell_value("nodes.N3.d0_per_cm2") == 0.2
        assert cell_value("nodes.N3.mask_layers") == 80  # the server's own row kept
    assert "what-if of tigris serve (nodes.N3.d0_per_cm2)" in w.data_yaml
    assert whatif(REF, {}, data_yaml=server).data_yaml == server


def test_a_mature_d0_above_the_d0_is_refused_naming_the_control() -> None:
    c = BY_PATH["nodes.N3.d0_mature_per_cm2"]
    with pytest.raises(InputError) as err:
        whatif(REF, {c.id: 0.5})  # above N3's D0 at volume production, 0.10
    assert str(err.value).startswith("N3: mature D0: mature defect density 0.5 exceeds")


def test_price_defaults_follow_data_prices_csv_and_its_learning_rule() -> None:
    points = {(r["series"], r["item"], int(r["year"])): float(r["value"]) for r in _table("prices")}
    rules = {(r["series"], r["item"]): float(r["rate_per_year"]) for r in _table("price_rules")}
    # N3: the last point is 2025, so 2026 is one year of the wafer series' learning
    rate = rules.get(("wafer", "N3"), rules[("wafer", "*")])
    assert BY_PATH["prices.wafer.N3.2026"].default == pytest.approx(
        points[("wafer", "N3", 2025)] * (1 - rate)
    )
    assert BY_PATH["prices.rental.H100.2026"].default == points[("rental", "H100", 2026)]
    # N4 is priced as its family's N5 (the scenario key the checks accept)
    assert "prices.wafer.N5.2026" in BY_PATH and "prices.wafer.N4.2026" not in BY_PATH


def test_a_price_change_is_a_point_the_plan_reads() -> None:
    from tigris.finance.prices import wafer_price_usd

    c = BY_PATH["prices.wafer.N3.2026"]
    w = whatif(REF, {c.id: 25_000})
    assert w.scenario.prices == {"wafer": {"N3": {2026: 25_000.0}}}
    pts = w.scenario.prices["wafer"]["N3"]
    assert float(wafer_price_usd("N3", 2026, pts)) == 25_000.0


#: SMALL with a class given as workloads: a GPT-4-class training run a year and a
#: Llama 3.1 405B service.
WORKLOADS = replaced(
    SMALL,
    (
        "  - name: fine-tuning\n    priority: 1\n    h100e_by_year: {2026: 1.0e6}\n",
        "  - name: lab\n    priority: 1\n    workloads:\n"
        "      - train: {model: gpt-4}\n        runs_by_year: {2026: 1}\n"
        "      - infer: {model: llama-3.1-405b, precision: fp8, prompt_tokens: 8000,"
        " output_tokens: 1000}\n        tokens_per_day: 1.0e11\n",
    ),
)


def test_mfu_controls_exist_only_where_demand_is_work() -> None:
    import numpy as np

    from tigris.scenario.series import workload_fleet_h100e

    base = load_any(WORKLOADS)
    mfu = {c.path: c for c in controls_for(base) if "mfu" in c.path}
    train = mfu["demand.lab.workloads.0.train.mfu"]
    runs = {r["name"]: r for r in _table("training_runs")}
    assert train.default == pytest.approx(100 * float(runs["gpt-4"]["mfu"]))  # 34 %
    assert set(mfu) == {
        "demand.lab.workloads.0.train.mfu",
        "demand.lab.workloads.1.infer.prefill_mfu",
        "demand.lab.workloads.1.infer.decode_mfu",
    }
    # half the MFU, the same FLOP and accelerators: twice the accelerator-days
    w = whatif(base, {train.id: train.default / 2})
    years = np.array([2026])
    before = workload_fleet_h100e(base.demand[1].workloads[0], years)
    after = workload_fleet_h100e(w.scenario.demand[1].workloads[0], years)
    assert after == pytest.approx(2 * before)
    # the calibrated reference has none, and its demand controls say why
    assert not [c for c in CONTROLS if "mfu" in c.path]
    assert "No MFU control" in BY_PATH["demand.inference.calibrated_share"].help


def test_the_claimed_chip_is_off_by_default_and_inert_while_off() -> None:
    ids = {f: BY_PATH[f"claimed.{f}"].id for f in CLAIMED_FIELDS}
    assert BY_PATH["claimed.enabled"].default is False
    w = whatif(REF, {ids["h100e"]: 100, ids["system_power_w"]: 12.75})
    assert w.changes == {} and w.data_yaml is None and w.scenario == REF


def test_the_claimed_chip_is_an_accelerator_based_on_a_part_and_a_product() -> None:
    from tigris.catalog import get_accelerator
    from tigris.workload import h100_equivalents
    from tigris.world.roadmap import roadmap_products

    ids = {f: BY_PATH[f"claimed.{f}"].id for f in CLAIMED_FIELDS}
    values = {ids["enabled"]: True, ids["h100e"]: 100, ids["system_power_w"]: 12.75}
    w = whatif(REF, {**values, ids["first_year"]: 2028, ids["based_on"]: "b200"})
    with using_overlay(parsed_overlay(w.data_yaml)):
        chip, part = get_accelerator("claimed-chip"), get_accelerator("b200")
        assert h100_equivalents("claimed-chip") == pytest.approx(100, rel=1e-12)
        assert chip.system_power_w == 12.75
        # silicon, memory and package copied from the part
        for name in ("logic_die_area_mm2", "node", "hbm_stacks", "hbm_generation", "package"):
            assert getattr(chip, name) == getattr(part, name), name
        # the FP8 peak in the part's own ratio to its BF16 peak
        assert chip.peak_fp8_flop_per_s / chip.peak_bf16_flop_per_s == pytest.approx(
            part.peak_fp8_flop_per_s / part.peak_bf16_flop_per_s
        )
    # products: roadmap expanded to its list, the chip added from its first year
    names = [p.name for p in w.scenario.products]
    assert names == [r["name"] for r in roadmap_products(2026, 2035)] + ["claimed-chip"]
    assert w.scenario.products[-1].first_year == 2028
    assert w.scenario.products[-1].accelerator == "claimed-chip"
    assert load_any_with(w) == w.scenario


def test_the_claimed_chip_at_its_defaults_is_a_copy_of_its_part() -> None:
    from tigris.catalog import get_accelerator

    w = whatif(REF, {BY_PATH["claimed.enabled"].id: True})
    part = BY_PATH["claimed.based_on"].default
    with using_overlay(parsed_overlay(w.data_yaml)):
        chip, own = get_accelerator("claimed-chip"), get_accelerator(part)
        for name in ("peak_bf16_flop_per_s", "peak_fp8_flop_per_s", "tdp_w", "system_power_w"):
            assert getattr(chip, name) == getattr(own, name), name


def load_any_with(w: WhatIf) -> Any:
    """The request's scenario loaded back under its own overlay (as a worker does)."""
    req = w.request()
    with using_overlay(parsed_overlay(req["data_yaml"])):
        return load_any(req["scenario_yaml"])


def test_a_claimed_chip_of_more_compute_per_wafer_serves_more() -> None:
    # SMALL_3Y with ten times its demand leaves most of it unmet with its one product
    # (B200); a chip with B200's silicon and 100 H100e per unit (44x B200's) must leave
    # less unmet: a re-solve with the what-if's overlay, not a number of the code's
    from tigris.plan.reuse import solve_member

    base = load_any(
        replaced(SMALL_3Y, ("{2026: 4.0e6, 2028: 8.0e6}", "{2026: 4.0e7, 2028: 8.0e7}"))
    )
    cs = {c.path: c for c in controls_for(base)}
    plain = solve_member(base)
    w = whatif(base, {cs["claimed.enabled"].id: True, cs["claimed.h100e"].id: 100.0})
    claimed = solve_member(w.scenario, data_yaml=w.data_yaml)
    unmet = plain.headline()["numbers"]["unmet_h100e"]
    assert unmet > 0
    assert claimed.status == "optimal"
    assert claimed.headline()["numbers"]["unmet_h100e"] < unmet


# --- requests and keys -------------------------------------------------------------


def test_the_request_is_json_and_loads_back_to_the_what_if() -> None:
    w = whatif(REF, {control_id(ABU): 12})
    req = w.request()
    assert set(req) == {"scenario_yaml", "data_yaml", "disruption", "options"}
    json.dumps(req, allow_nan=False)
    assert load_any(req["scenario_yaml"]) == w.scenario
    assert req["options"] == {"time_limit_s": 30.0, "mip_gap": 1e-6}  # the reference's solver
    assert w.request(time_limit_s=1e6)["options"]["time_limit_s"] == SOLVE_TIME_LIMIT_S


def test_equal_what_ifs_share_a_key_and_others_do_not() -> None:
    a = request_key(whatif(REF, {control_id(ABU): 12}).request())
    b = request_key(whatif(REF, {control_id(ABU): 12.0}).request())
    c = request_key(whatif(REF, {control_id(ABU): 12.1}).request())
    base = request_key(whatif(REF, {}).request())
    assert a == b and len(a) == 64 and int(a, 16) >= 0
    assert len({a, c, base}) == 3
    req = whatif(REF, {}).request()
    assert request_key({**req, "data_yaml": "nodes: []\n"}) != base
    assert request_key({**req, "options": {**req["options"], "mip_gap": 0.01}}) != base
    with pytest.raises(InputError, match="not JSON"):
        request_key({**req, "options": {"time_limit_s": math.inf}})
    assert isinstance(whatif(REF, {}), WhatIf)


# --- URL state ---------------------------------------------------------------------


def test_the_url_names_paths_readably() -> None:
    c = BY_PATH["sites.uae.max_modules"]
    d = BY_PATH["disruption"]
    query = encode_state(REF, {d.id: "taiwan-12m", control_id(ABU): 12.5, c.id: False})
    assert query == (
        "?capital.abu-dhabi-sovereign.amount_usd=12.5&sites.uae.max_modules=off"
        "&disruption=taiwan-12m"
    )
    assert decode_state(REF, query) == {control_id(ABU): 12.5, c.id: False, d.id: "taiwan-12m"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?capital.abu-dhabi-sovereign.amount=3", "did you mean"),
        ("?capital.abu-dhabi-sovereign.amount_usd=lots", "expected a number, got 'lots'"),
        ("?capital.abu-dhabi-sovereign.amount_usd=1e400", "expected a finite number"),
        ("?capital.abu-dhabi-sovereign.amount_usd=5000", "expected 0.1 to 1000 US$ B"),
        ("?capital.abu-dhabi-sovereign.amount_usd", "expected path=value"),
        ("?sites.uae.max_modules=maybe", "expected on or off"),
        ("?disruption=flood", "expected one of none"),
        ("?a=1&a=1", "unknown control 'a'"),
        ("?" + "a" * (MAX_QUERY_CHARS + 1), f"at most {MAX_QUERY_CHARS:,}"),
        ("?" + "&".join(["x=1"] * (MAX_CHANGED_CONTROLS + 1)), "values in the query"),
    ],
)
def test_a_bad_query_is_one_input_error(query: str, expected: str) -> None:
    with pytest.raises(InputError) as err:
        decode_state(REF, query)
    assert expected in str(err.value)


def test_a_path_given_twice_is_refused() -> None:
    with pytest.raises(InputError, match="given twice"):
        decode_state(REF, f"?{ABU}=3&{ABU}=4")
    assert decode_state(REF, "") == {} and decode_state(REF, "?") == {}


def _values() -> st.SearchStrategy[dict[str, Any]]:
    """A valid what-if: a few controls, each with a value inside its range."""

    def value(c: Control) -> st.SearchStrategy[Any]:
        if c.kind == "toggle":
            return st.booleans()
        if c.kind == "select":
            return st.sampled_from(c.options)
        if c.integer:
            return st.integers(int(c.min), int(c.max))
        if c.step:  # on the box's steps, as a visitor can type (S42: a link takes no other)
            n = math.floor((c.max - c.min) / c.step + 1e-9)
            return st.integers(0, n).map(lambda k: round(c.min + k * c.step, 10))
        return st.floats(c.min, c.max).map(lambda x: round(x, 4))

    return st.lists(st.sampled_from(CONTROLS), max_size=8, unique_by=lambda c: c.id).flatmap(
        lambda cs: st.fixed_dictionaries({c.id: value(c) for c in cs})
    )


@settings(max_examples=60, deadline=None, derandomize=True)
@given(values=_values())
def test_url_state_round_trips(values: dict[str, Any]) -> None:
    values = {k: v for k, v in values.items() if v is not None}
    by_id = {c.id: c for c in CONTROLS}
    query = encode_state(REF, values)
    assert len(query) <= MAX_QUERY_CHARS
    back = decode_state(REF, query)
    changed = {
        k: v
        for k, v in values.items()
        if not (
            v == by_id[k].default
            or (by_id[k].kind == "number" and math.isclose(v, by_id[k].default, rel_tol=1e-9))
        )
    }
    assert back == pytest.approx(changed)
    assert encode_state(REF, back) == query  # stable: the same text again


_PATHS = st.sampled_from([c.path for c in CONTROLS] + ["", "x", "capital..a", "[", "%ff"])
_TEXTS = st.text(max_size=20) | st.sampled_from(["on", "nan", "-inf", "1e999", "0x10", "2026"])


#: Fuzzed queries in the default run (derandomized: the same ones every run), and with
#: ``-m slow``. 150 took 2.7 s at load ~4; the default keeps a bounded sample.
FEW_QUERIES, MANY_QUERIES = 50, 150


def _fuzzed_queries(n: int) -> Callable[[], None]:
    """The fuzzed-query property over ``n`` derandomized examples."""

    @settings(max_examples=n, deadline=None, derandomize=True)
    @given(
        query=st.text(max_size=200)
        | st.lists(st.tuples(_PATHS, _TEXTS), max_size=6).map(
            lambda kv: "?" + "&".join(f"{k}={v}" for k, v in kv)
        )
    )
    def run(query: str) -> None:
        try:
            values = decode_state(REF, query)
        except InputError as exc:
            assert str(exc) and "Traceback" not in str(exc)
            return
        assert set(values) <= {c.id for c in CONTROLS}
        encode_state(REF, values)  # what decodes encodes

    return run


def test_fuzzed_queries_raise_only_input_errors() -> None:
    _fuzzed_queries(FEW_QUERIES)()


@pytest.mark.slow
def test_fuzzed_queries_raise_only_input_errors_many() -> None:
    _fuzzed_queries(MANY_QUERIES)()


@settings(max_examples=15, deadline=None, derandomize=True)
@given(values=_values())
def test_any_in_range_what_if_is_a_scenario_or_one_input_error(values: dict[str, Any]) -> None:
    # values inside every control's range may still clash (shares adding up to more
    # than 1, a first year after a last): the answer is a what-if or an InputError
    try:
        w = whatif(REF, values)
    except InputError as exc:
        assert str(exc)
        return
    json.dumps(w.request(), allow_nan=False)
    assert set(w.changes) <= set(BY_PATH)


def _documented_paths() -> list[re.Pattern[str]]:
    """The path patterns of docs/serve.md's table of controls (``<name>`` any segment)."""
    doc = (Path(__file__).parents[1] / "docs" / "serve.md").read_text(encoding="utf-8")
    section = doc.split("## Controls", 1)[1].split("\n## ", 1)[0]
    out = []
    for row in section.splitlines():
        cells = row.split("|")
        if len(cells) < 8 or not row.startswith("| ") or cells[1].strip() in ("Group", "---"):
            continue
        previous = ""
        for item in re.findall(r"`([^`]+)`", cells[3]):
            path = previous.rsplit(".", 1)[0] + item if item.startswith(".") else item
            previous = path
            pattern = re.escape(path).replace(r"\.", ".")
            pattern = re.sub(r"<[a-z]+>", r"(\\[[^]]+\\]|[^.]+)", pattern).replace(".", r"\.")
            out.append(re.compile(pattern))
    return out


def test_docs_list_every_control_and_no_other() -> None:
    by_year = replaced(
        WORKLOADS,
        (
            "amount_usd: 2.0e10\n    first_year: 2026\n    last_year: 2027",
            "usd_by_year: {2026: 2.0e10}\n",
        ),
        (
            "h100e_by_year: {2026: 4.0e6, 2029: 8.0e6}",
            "h100e_by_year: {2026: 4.0e6}\n    growth_per_year: 0.3",
        ),
    )
    paths = {c.path for sc in (REF, load_any(by_year)) for c in controls_for(sc)}
    patterns = _documented_paths()
    assert len(patterns) >= 25
    undocumented = [p for p in paths if not any(r.fullmatch(p) for r in patterns)]
    assert undocumented == []
    unused = [r.pattern for r in patterns if not any(r.fullmatch(p) for p in paths)]
    assert unused == []
