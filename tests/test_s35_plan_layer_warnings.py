"""The pre-solve subsidy warning reads the plan layer, so it runs on the command line
only: a Python script's ``load_scenario`` stays cheap (no pandas; test_api_plan's
``test_import_tigris_is_cheap`` failed once the check ran on every load), while
``tigris scenario check`` and ``tigris plan`` still say it (test_s35_subsidy_cap)."""

from __future__ import annotations

from tests.test_s35_subsidy_cap import GERMANY, _scenario
from tigris._context import plan_layer_warnings, plan_layer_warnings_on
from tigris.scenario.advice import scenario_warnings


def _subsidy(found: list) -> list:
    return [msg for loc, msg in found if loc[-1] == "max_modules" and "germany" in msg]


def test_python_load_leaves_it_to_the_plan_and_the_cli_says_it() -> None:
    sc = _scenario(GERMANY)
    assert not plan_layer_warnings_on()
    assert _subsidy(scenario_warnings(sc)) == []
    assert len(_subsidy(scenario_warnings(sc, plan_layer=True))) == 1
    with plan_layer_warnings():
        assert len(_subsidy(scenario_warnings(sc))) == 1
    assert not plan_layer_warnings_on()  # restored after the block
