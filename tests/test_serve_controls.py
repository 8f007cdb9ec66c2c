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
from importlib import resources
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SMALL, replaced
from tigris.errors import InputError
from tigris.risk.cells import check_cell, is_cell
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
    step = c.step or 1
    down = c.default - step
    return down if c.min is None or down >= c.min else c.default + step


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
            continue  # serve-only keys (checked by the claimed-chip tests)
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


@pytest.mark.parametrize("c", [c for c in CONTROLS if c.kind == "number"], ids=lambda c: c.path)
def test_a_changed_value_lands_at_its_path_and_nowhere_else(c: Control) -> None:
    value = _moved(c)
    w = whatif(REF, {c.id: value})
    stored = value * c.scale
    assert w.changes == {c.path: pytest.approx(stored)}
    if is_cell(c.path) or c.path.startswith("claimed."):
        return  # data-table cells: checked with the overlay tests
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
    assert "capital.abu-dhabi-sovereign" in str(err.value)


def test_an_emptied_input_keeps_its_default() -> None:
    assert whatif(REF, {control_id(ABU): None}).changes == {}


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


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    query=st.text(max_size=200)
    | st.lists(st.tuples(_PATHS, _TEXTS), max_size=6).map(
        lambda kv: "?" + "&".join(f"{k}={v}" for k, v in kv)
    )
)
def test_fuzzed_queries_raise_only_input_errors(query: str) -> None:
    try:
        values = decode_state(REF, query)
    except InputError as exc:
        assert str(exc) and "Traceback" not in str(exc)
        return
    assert set(values) <= {c.id for c in CONTROLS}
    encode_state(REF, values)  # what decodes encodes
