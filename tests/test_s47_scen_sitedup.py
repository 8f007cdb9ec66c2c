"""User test s47 #12: one site listing a facility type twice was accepted."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def test_a_facility_type_twice_in_one_site_is_refused() -> None:
    change = {"sites.taiwan.facilities": ["logic-N5", "logic-N5", "logic-N2"]}
    with pytest.raises(InputError) as exc:
        set_paths(reference_scenario(), change)
    (problem,) = exc.value.problems
    assert problem.field == "sites.taiwan.facilities.1"
    assert "'logic-N5' is listed twice" in problem.message
