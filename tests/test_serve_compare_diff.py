"""The dashboard's compare view lists changed inputs as ``tigris compare`` does (user
test, fifth session, #7): list entries matched by name or facility id, so dropping one
facility entry is one row, not a row for every later entry shifted by one."""

from __future__ import annotations

from tigris.scenario import reference_scenario
from tigris.serve.compare import Side, _diff_table


def test_dropping_one_facility_is_one_changed_input() -> None:
    a = reference_scenario()
    data = a.model_dump()
    first = data["facilities"][0]
    data["facilities"] = data["facilities"][1:]
    b = type(a).model_validate(data)
    div = _diff_table(Side("A", a, None), Side("B", b, None))
    table = div.children[0]
    body = table.children[1]
    rows = [[cell.children for cell in tr.children] for tr in body.children]
    assert len(rows) == 1, rows  # by index: every later entry shifted, dozens of rows
    ((path, left, right),) = rows
    assert path == f"facilities.{left}" and right == "(absent)"
    assert left.startswith(f"{first['kind']}-")  # the facility's id (its type)


def test_a_reordered_list_is_no_change() -> None:
    a = reference_scenario()
    data = a.model_dump()
    data["facilities"] = data["facilities"][::-1]
    b = type(a).model_validate(data)
    div = _diff_table(Side("A", a, None), Side("B", b, None))
    assert "The inputs are the same." in str(div)


def test_controls_that_are_not_scenario_values_are_inputs_that_differ() -> None:
    """Serve user test 2026-12-05: a disruption or a data-table cell set by a control is
    not a scenario value, and the compare view said "The inputs are the same." beside
    different numbers; with one base, the controls that differ are the diff, in their
    units, and the scenario leaves they set are not listed again."""
    from tigris.serve.controls import controls_for, defaults

    sc = reference_scenario()
    controls = controls_for(sc)
    base = defaults(sc)
    by_path = {c.path: c for c in controls}
    d0 = by_path["nodes.N3.d0_per_cm2"]
    fund = by_path["capital.abu-dhabi-sovereign.amount_usd"]
    b_values = {**base, "disruption": "euv-cut", d0.id: 0.3, fund.id: 12.0}
    b_scenario = sc.set("capital.abu-dhabi-sovereign.amount_usd", 12e9)
    a, b = Side("A", sc, None, base), Side("B", b_scenario, None, b_values)
    div = str(_diff_table(a, b, tuple(controls)))
    assert "The inputs are the same." not in div
    for text in ("disruption", "euv-cut", "nodes.N3.d0_per_cm2", "0.3", "12 US$ B"):
        assert text in div, (text, div)
    assert div.count("capital.abu-dhabi-sovereign.amount_usd") == 1  # not again as a leaf
    # the same values: the same inputs
    same = _diff_table(Side("A", sc, None, base), Side("B", sc, None, dict(base)), tuple(controls))
    assert "The inputs are the same." in str(same)


def test_text_only_differences_are_listed_apart() -> None:
    """A source or the scenario's name differing is not an input the model reads: the
    page lists it apart, as ``tigris compare`` does since s48 (sweeps #1)."""
    a = reference_scenario()
    data = a.model_dump()
    data["name"] = "renamed"
    b = type(a).model_validate(data)
    div = _diff_table(Side("A", a, None), Side("B", b, None))
    assert str(div.children).startswith("The inputs are the same; only text differs (1): name")
    data["discount_rate"] = a.discount_rate + 0.01
    c = type(a).model_validate(data)
    div = _diff_table(Side("A", a, None), Side("C", c, None))
    rows = [[cell.children for cell in tr.children] for tr in div.children[0].children[1].children]
    assert [r[0] for r in rows] == ["discount_rate"]
    assert "Besides these, only text differs (1): name." in str(div)
