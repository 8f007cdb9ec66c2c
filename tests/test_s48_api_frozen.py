"""User test s48 (a notebook user) #3: assigning a scenario's field.

``sc.name = "x"`` raised pydantic's raw ``ValidationError`` ("Instance is frozen ...
For further information visit https://errors.pydantic.dev/..."); it is a tigris
:class:`InputError` saying to use ``sc.set``, still a ``ValueError`` (as pydantic's
was), so an ``except ValueError`` written before still catches it.
"""

from __future__ import annotations

import copy
import pickle

import pytest

import tigris
from tigris.errors import InputError

SMALL = "docs/examples/small-plan.yaml"


def test_assigning_a_field_says_use_set() -> None:
    sc = tigris.load_scenario(SMALL)
    with pytest.raises(InputError) as err:
        sc.name = "x"  # type: ignore[misc]
    text = str(err.value)
    assert text == (
        "name: scenarios are immutable: use sc.set('name', value), which returns a new, "
        "validated scenario"
    )
    assert "pydantic" not in text
    assert isinstance(err.value, ValueError)
    assert sc.name == "small"


def test_a_nested_field_and_a_deletion_too() -> None:
    sc = tigris.load_scenario(SMALL)
    with pytest.raises(InputError, match=r"first_year: scenarios are immutable: use sc\.set"):
        sc.horizon.first_year = 2030  # type: ignore[misc]
    with pytest.raises(InputError, match="scenarios are immutable"):
        del sc.name
    assert sc.horizon.first_year == 2026 and sc.name == "small"


def test_copies_and_edits_still_work() -> None:
    sc = tigris.load_scenario(SMALL)
    assert copy.deepcopy(sc) == sc == pickle.loads(pickle.dumps(sc))
    assert sc.set("name", "y").name == "y"
    assert sc.model_copy(update={"name": "z"}).name == "z"
