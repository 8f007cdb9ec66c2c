"""User test s47 #4: ``fleet_lifetime_years.by_class`` keys equal up to case were
accepted and the last won silently (classes are matched without case); refused as
capital names equal up to case are."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def test_by_class_keys_equal_up_to_case_are_refused() -> None:
    lives = {"default": 5, "by_class": {"google": 6, "Google": 4}}
    with pytest.raises(InputError) as exc:
        set_paths(reference_scenario(), {"fleet_lifetime_years": lives})
    (problem,) = exc.value.problems
    assert problem.field == "fleet_lifetime_years.by_class.Google"
    assert "differs from 'google' only in case" in problem.message


def test_by_class_keys_of_distinct_classes_are_kept() -> None:
    lives = {"default": 5, "by_class": {"google": 6, "nvidia": 4}}
    sc = set_paths(reference_scenario(), {"fleet_lifetime_years": lives})
    assert sc.fleet_lifetime_years.by_class == {"google": 6, "nvidia": 4}
