"""A Scenario built in code with a horizon past the roadmap is refused by the planner
itself (user test, fifth session, #1; the file path refuses it in
:mod:`tigris.scenario.checks_horizon`): ``solve`` called directly must not plan five
years in which no product can be made (the world would serve 0 H100e then)."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.plan.assemble import assemble
from tigris.scenario import reference_scenario
from tigris.world.roadmap import roadmap_products


def test_a_code_built_horizon_past_the_roadmap_is_refused_by_assemble() -> None:
    sc = reference_scenario()
    last = max(int(r["last_year"]) for r in roadmap_products(2020, 2100) if r.get("last_year"))
    data = sc.model_dump()
    data["horizon"]["last_year"] = last + 5
    late = type(sc).model_construct(**{**dict(sc), "horizon": type(sc.horizon)(**data["horizon"])})
    with pytest.raises(InputError, match=r"horizon\.last_year: .* is after"):
        assemble(late)
