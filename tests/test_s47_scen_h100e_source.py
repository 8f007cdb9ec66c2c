"""User test s47 #13: a product's ``h100e`` override was accepted with no ``source``;
docs/scenario-files.md says to give it "with its source", as a distribution's source
is required."""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.scenario import reference_scenario
from tigris.scenario.edit import set_paths


def test_an_h100e_override_without_a_source_is_refused() -> None:
    products = ["roadmap", {"name": "b300", "h100e": 2.6}]
    with pytest.raises(InputError) as exc:
        set_paths(reference_scenario(), {"products": products})
    (problem,) = exc.value.problems
    assert problem.field.startswith("products.")
    assert problem.field.endswith(".source")
    assert "h100e: 2.6 is given without its source" in problem.message


def test_an_h100e_override_with_its_source_is_kept() -> None:
    entry = {"name": "b300", "h100e": 2.6, "source": "tigris infer: H100s per B300"}
    sc = set_paths(reference_scenario(), {"products": ["roadmap", entry]})
    assert any(p.name == "b300" and p.h100e == 2.6 for p in sc.products)
