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
