"""Pins of two bases (the reference, then an upload): a control only the first base has
is named by its path and shown in its units (user test s46 serve #6: the compare table
showed the Dash id 'capital--abu-dhabi-sovereign--amount_5fusd' and a bare 9)."""

from __future__ import annotations

from tigris.scenario import reference_scenario
from tigris.scenario.edit import load_any
from tigris.serve.compare import Side, _control_rows
from tigris.serve.control_groups import control_id
from tigris.serve.controls import controls_for

PATH = "capital.abu-dhabi-sovereign.amount_usd"


def test_a_control_of_the_other_base_is_named_by_path_in_its_units() -> None:
    ref = reference_scenario()
    small = load_any("docs/examples/small-plan.yaml")
    assert PATH not in {c.path for c in controls_for(small)}
    a = Side("A", ref, None, {control_id(PATH): 9.0}, "reference")
    b = Side("B", small, None, {}, "small")
    rows = _control_rows(a, b, controls_for(small))
    (row,) = [r for r in rows if r[0] == PATH]
    assert row[1] == "9 US$ B" and row[2] == "(none)"
    assert not any("--" in r[0] for r in rows)
