"""User test s50 (Python API) #7: docs/api.md and ``load_scenario``'s docstring.

docs/api.md gave ``demand.0.priority`` as "a list without names" (demand classes have
names) and said "a change made in place is not validated" while ``tigris.plan``
re-validates it, refusing it by index (``demand.0.h100e_by_year.2027``) where ``sc.set``
names the item; ``tigris.load_scenario``'s docstring had no Returns section and its
example called the internal ``load_any(None)``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tigris
from tigris.errors import InputError

ROOT = Path(__file__).resolve().parents[1]
SMALL = "docs/examples/small-plan.yaml"


def _api_md() -> str:
    return " ".join((ROOT / "docs" / "api.md").read_text("utf-8").split())


def test_a_change_in_place_is_refused_by_name_at_plan() -> None:
    sc = tigris.load_scenario(SMALL)
    name = sc.demand[0].name
    sc.demand[0].h100e_by_year[2027] = -1.0  # in place: not checked now
    with pytest.raises(InputError) as err:
        tigris.plan(sc, explain=False, counterfactual=False)
    fields = [p.field for p in err.value.problems]
    assert fields == [f"demand.{name}.h100e_by_year.2027"]
    # the path named is one sc.set takes for the same value
    assert tigris.load_scenario(SMALL).set(fields[0], 5.0).demand[0].h100e_by_year[2027] == 5.0
    # and docs/api.md says it is checked at plan time, with this message
    assert f"{fields[0]}: must be >= 0, got -1" in _api_md()
    assert "in place is not validated" not in _api_md()


def test_the_unnamed_list_example_is_a_list_without_names() -> None:
    m = re.search(r"a list without names by its index \(`([^`]+)`", _api_md())
    assert m, "docs/api.md gives an example of a list without names"
    path = m.group(1)
    parent, _, index = path.rpartition(".")
    sc = tigris.load_scenario()
    items = sc.get(parent)
    assert isinstance(items, list) and index.isdigit()
    assert all(isinstance(x, str | int | float) for x in items)  # no item has a name
    assert sc.get(path) == items[int(index)]


def test_load_scenarios_docstring_says_what_it_returns() -> None:
    doc = tigris.load_scenario.__doc__ or ""
    assert "Returns\n    -------\n    Scenario" in doc
    assert "load_any(" not in doc  # its example calls the public name
    assert ">>> tigris.load_scenario(" in doc
