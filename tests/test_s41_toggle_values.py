"""A toggle's value from the page is on only for the checklist's one option; any other
list is refused, not read as off (user test 2026-12-05 serve #8: ``["bogus"]`` was
solved as "off")."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.serve.callbacks import _values
from tigris.serve.controls import whatif
from tigris.serve.layout import CONTROL_TYPE

TOGGLE = "incumbents--respond"


def _entry(value: object) -> list[dict]:
    return [{"id": {"type": CONTROL_TYPE, "id": TOGGLE}, "value": value}]


def _controls():
    from tigris.serve.controls import controls_for

    return controls_for(reference_scenario())


@pytest.mark.parametrize(("value", "on"), [(["on"], True), ([], False)])
def test_the_checklist_reads_as_on_or_off(value: list, on: bool) -> None:
    vals = _values(_entry(value), _controls())
    assert vals[TOGGLE] is on
    assert whatif(reference_scenario(), vals).scenario.incumbents.respond is on


def test_another_list_is_refused() -> None:
    vals = _values(_entry(["bogus"]), _controls())
    with pytest.raises(InputError, match=r"incumbents.respond\): expected on or off"):
        whatif(reference_scenario(), vals)
