"""One rule for number controls: any value within the range is taken; the step is only
what the box's - and + buttons add (user test s48 serve #3: on
docs/examples/small-plan.yaml a discount rate of 8.3 was refused as "expected a value
in steps of 0.5 from 0", while the reference took 5.25, its step dropped because its
default was off the grid; capital and demand alike, and the load test against the small
scenario died on "expected a value in steps of 0.1 from 0.1, got 14.983")."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.scenario import reference_scenario
from tigris.scenario.edit import load_any
from tigris.serve.callbacks import _refused
from tigris.serve.controls import controls_for, decode_state, whatif

ROOT = Path(__file__).resolve().parents[1]
SMALL_PLAN = ROOT / "docs" / "examples" / "small-plan.yaml"
BASES = {"small-plan": lambda: load_any(SMALL_PLAN), "reference": reference_scenario}


def _control(base, path):  # type: ignore[no-untyped-def]
    (c,) = [c for c in controls_for(base) if c.path == path]
    return c


@pytest.mark.parametrize("name", sorted(BASES))
def test_a_discount_rate_off_the_steps_is_taken_on_every_scenario(name: str) -> None:
    base = BASES[name]()
    c = _control(base, "discount_rate")
    assert c.step == pytest.approx(0.5)  # the buttons' step, whatever the default
    for value in (8.3, 5.25):
        w = whatif(base, {c.id: value})
        assert w.scenario.discount_rate == pytest.approx(value / 100)


def test_capital_and_demand_off_the_steps_are_taken() -> None:
    base = load_any(SMALL_PLAN)
    cs = controls_for(base)
    capital = next(c for c in cs if c.path.endswith(".amount_usd"))
    demand = next(c for c in cs if ".h100e_by_year." in c.path)
    w = whatif(base, {capital.id: 14.983, demand.id: round(demand.default + 0.037, 3)})
    assert set(w.changes) == {capital.path, demand.path}
    # a link too
    values = decode_state(base, f"?{capital.path}=14.983")
    assert values == {capital.id: pytest.approx(14.983)}


@pytest.mark.parametrize("name", sorted(BASES))
def test_every_number_control_takes_a_third_of_a_step(name: str) -> None:
    base = BASES[name]()
    values = {}
    for c in controls_for(base):
        if c.kind != "number" or c.integer or not c.step:
            continue
        # a share a third of a step down: the classes' shares may not add up to over 1
        up = c.default + c.step / 3
        down = c.default - c.step / 3
        values[c.id] = down if c.path.endswith("calibrated_share") or up > c.max else up
    assert values
    whatif(base, values)  # no InputError


def test_an_empty_box_is_not_said_to_need_steps() -> None:
    base = load_any(SMALL_PLAN)
    cs = controls_for(base)
    c = _control(base, "discount_rate")
    with pytest.raises(Exception) as info:
        _refused({c.id: None}, cs)
    assert "steps" not in str(info.value) and "discount_rate" in str(info.value)


def test_the_page_frees_the_boxes_step_check() -> None:
    text = (ROOT / "src" / "tigris" / "serve" / "assets" / "steps.js").read_text()
    assert 'setAttribute("step", "any")' in text
