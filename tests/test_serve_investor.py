"""The dashboard asks the investor's own questions (user test 2026-12-03, #10).

"What if the discount rate changes?", "what does the investor's NPV objective plan?"
and "what if the incumbents respond?" are one scenario key each (``discount_rate``,
``objective``, ``incumbents.respond``) that ``tigris sweep --set`` takes; the page had
no control for them and answered "unknown control 'discount_rate'" with no hint. Each
is now a Capital control at the scenario's own value, and a URL naming a scenario value
the page has no control for says how to ask it. Runs without solving.
"""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import diff, load_any, set_paths
from tigris.serve.controls import Control, controls_for, decode_state, whatif

REF = reference_scenario()
RATE = 0.0552  # the reference's discount_rate, real (reference_scenario.yaml: 1.08 / 1.0235 - 1)


def _control(sc, path: str) -> Control:
    return next(c for c in controls_for(sc) if c.path == path)


def test_the_three_controls_start_at_the_scenarios_values() -> None:
    rate = _control(REF, "discount_rate")
    assert rate.group == "Capital" and rate.unit == "%"
    assert rate.default == pytest.approx(RATE * 100) and (rate.min, rate.max) == (0.0, 30.0)
    objective = _control(REF, "objective")
    assert objective.kind == "select" and objective.default == "serve"
    assert objective.options == ("serve", "npv")
    respond = _control(REF, "incumbents.respond")
    assert respond.kind == "toggle" and respond.default is False
    own = set_paths(REF, {"discount_rate": 0.12, "objective": "npv", "incumbents.respond": True})
    assert _control(own, "discount_rate").default == pytest.approx(12.0)
    assert _control(own, "objective").default == "npv"
    assert _control(own, "incumbents.respond").default is True


def test_each_lands_at_its_path_in_what_is_solved() -> None:
    values = {
        _control(REF, "discount_rate").id: 5.0,  # percent on the page
        _control(REF, "objective").id: "npv",
        _control(REF, "incumbents.respond").id: True,
    }
    w = whatif(REF, values)
    assert w.changes == {"discount_rate": 0.05, "objective": "npv", "incumbents.respond": True}
    assert sorted(d[0] for d in diff(REF, w.scenario)) == sorted(w.changes)
    solved = load_any(w.request()["scenario_yaml"])  # what the dashboard's worker solves
    assert solved.discount_rate == pytest.approx(0.05)
    assert solved.objective == "npv" and solved.incumbents.respond is True


def test_the_url_takes_them_and_refuses_bad_values() -> None:
    got = decode_state(REF, "?discount_rate=5&objective=npv&incumbents.respond=on")
    assert got == {
        _control(REF, "discount_rate").id: 5.0,
        _control(REF, "objective").id: "npv",
        _control(REF, "incumbents.respond").id: True,
    }
    with pytest.raises(InputError) as err:
        decode_state(REF, "?discount_rate=45")
    assert "Discount rate (real) (discount_rate): expected 0 to 30 %" in str(err.value)
    with pytest.raises(InputError) as err:
        decode_state(REF, "?objective=profit")
    assert "Objective (objective): expected one of serve, npv" in str(err.value)


def test_a_scenario_value_without_a_control_says_how_to_ask_it() -> None:
    with pytest.raises(InputError) as err:
        decode_state(REF, "?pue=1.3")
    assert "unknown control 'pue'" in str(err.value)
    assert "tigris sweep --set pue=" in str(err.value)
    with pytest.raises(InputError) as err:
        decode_state(REF, "?no.such.key=1")
    assert "sweep" not in str(err.value)
