"""User test s50 (Python API) #5: error messages that name what is wrong.

``sc.set("", 1)`` said "1 is refused: expected a dotted path such as
'sites.taiwan.pue'" (the value blamed for an empty path); ``sc.sites[0].max_modules =
-5`` said to use ``sc.set('<path>.max_modules', value)``, a placeholder no path
holds; ``RunStore(5)`` raised pathlib's ``TypeError`` from deep inside rather than an
``InputError`` naming its argument as ``tigris.plan``'s options are.
"""

from __future__ import annotations

import pytest

import tigris
from tigris.errors import InputError
from tigris.runs.store import RunStore

SMALL = "docs/examples/small-plan.yaml"


@pytest.mark.parametrize("call", ["one", "mapping"])
def test_an_empty_path_is_said_to_be_empty(call: str) -> None:
    sc = tigris.load_scenario(SMALL)
    with pytest.raises(InputError) as err:
        if call == "one":
            sc.set("", 1)
        else:
            sc.set({"": 1})
    text = str(err.value)
    assert "path is empty" in text
    assert "1 is refused" not in text  # the value is not what is wrong


def test_an_in_place_assignment_names_a_path_set_accepts() -> None:
    sc = tigris.load_scenario(SMALL)
    site = sc.sites[0]
    with pytest.raises(InputError) as err:
        site.max_modules = -5  # type: ignore[misc]
    text = str(err.value)
    assert "<path>" not in text
    # the path given is one sc.set takes, and it reaches the same field
    path = f"sites.{site.name}.max_modules"
    assert f"sc.set('{path}', value)" in text
    assert sc.get(path) == site.max_modules
    assert sc.set(path, 3).sites[0].max_modules == 3


def test_a_model_without_a_known_path_has_no_placeholder() -> None:
    sc = tigris.load_scenario(SMALL)
    with pytest.raises(InputError) as err:
        sc.facilities[0].subsidy_share = 0.5  # type: ignore[misc]
    assert "<path>" not in str(err.value)
    assert "sc.set" in str(err.value)


def test_runstore_refuses_a_non_path_naming_the_argument() -> None:
    with pytest.raises(InputError) as err:
        RunStore(5)  # type: ignore[arg-type]
    assert [p.field for p in err.value.problems] == ["path"]
    assert "5" in str(err.value)
