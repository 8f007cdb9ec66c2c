"""User test s48 (a notebook user) #1: a scenario object is checked before it is solved.

``tigris.plan(sc.model_copy(update={"discount_rate": -5}), explain=False)`` solved
("optimal", objective -8.8e10): ``model_copy(update=...)`` skips pydantic's validation,
and ``tigris.plan`` took a Scenario as it was. Its docstring promises a bad scenario
is an InputError before the solve; the object is validated again as a file's values
would be (~8 ms on the reference scenario, nothing beside a plan's seconds).
"""

from __future__ import annotations

import time

import pytest

import tigris
from tigris.errors import InputError

SMALL = "docs/examples/small-plan.yaml"


def _refused(scenario: object) -> InputError:
    start = time.perf_counter()
    with pytest.raises(InputError) as err:
        tigris.plan(scenario, explain=False)
    assert time.perf_counter() - start < 5.0  # refused before any solve
    return err.value


def test_a_negative_discount_rate_set_by_model_copy_is_refused() -> None:
    sc = tigris.load_scenario(SMALL)
    err = _refused(sc.model_copy(update={"discount_rate": -5}))
    assert [p.field for p in err.problems] == ["discount_rate"]
    assert str(err) == "discount_rate: must be >= 0, got -5"


def test_a_wrong_type_set_by_model_copy_is_refused_without_a_pydantic_warning(
    recwarn: pytest.WarningsRecorder,
) -> None:
    sc = tigris.load_scenario(SMALL)
    err = _refused(sc.model_copy(update={"discount_rate": "high"}))
    assert [p.field for p in err.problems] == ["discount_rate"]
    assert not [w for w in recwarn if "pydantic" in str(w.message).lower()]


def test_a_nested_bad_value_is_refused_too() -> None:
    sc = tigris.load_scenario(SMALL)
    horizon = sc.horizon.model_copy(update={"last_year": 2020})
    err = _refused(sc.model_copy(update={"horizon": horizon}))
    assert any(p.field.startswith("horizon.") for p in err.problems), str(err)


def test_a_good_scenario_object_is_planned_as_it_is() -> None:
    from tigris.scenario.edit import load_any

    sc = tigris.load_scenario(SMALL)
    assert load_any(sc) is sc
