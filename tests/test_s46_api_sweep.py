"""User test s46, the Python API of ``tigris.sweep`` (docs/api.md, docs/sweeps.md).

* #2: a boolean keyword given a non-boolean (``zip_="no"``, truthy) ran another sweep
  than asked (zipped, not a grid; progress on; results kept; the plan as planned
  added). ``tigris.plan`` and ``tigris.risk`` refuse such a value ("expected True or
  False"); so does ``tigris.sweep`` now, by keyword, before anything runs or is stored.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import tigris
from tests.conftest import SMALL_3Y
from tigris.errors import InputError

#: The boolean keywords of ``tigris.sweep`` (its signature, docs/sweeps.md).
BOOLEAN_KEYWORDS = (
    "zip_",
    "progress",
    "keep_results",
    "series",
    "recentre",
    "as_written",
    "planned",
)


# ----------------------------------------------------------------------------- #2
@pytest.mark.parametrize("keyword", BOOLEAN_KEYWORDS)
@pytest.mark.parametrize("value", ["no", 1, None])
def test_boolean_keyword_refuses_a_non_boolean(tmp_path: Path, keyword: str, value: object) -> None:
    store = tmp_path / "runs.duckdb"
    kwargs: dict[str, object] = {"progress": False, keyword: value}
    with pytest.raises(InputError) as err:
        tigris.sweep(
            SMALL_3Y,
            {"discount_rate": [0.06, 0.1], "pue": [1.1, 1.3]},
            workers=0,
            store=store,
            **kwargs,
        )
    # as tigris.plan words it, named by the keyword the caller gave
    assert str(err.value) == f"{keyword}: expected True or False, got {value!r}"
    assert [p.field for p in err.value.problems] == [keyword]
    assert not store.exists()  # refused before anything was stored


def test_plan_words_the_same_refusal() -> None:
    """The message is tigris.plan's own (the docs promise one wording)."""
    with pytest.raises(InputError) as err:
        tigris.plan(SMALL_3Y, counterfactual="no")
    assert str(err.value) == "counterfactual: expected True or False, got 'no'"


def test_every_bad_boolean_named_at_once(tmp_path: Path) -> None:
    with pytest.raises(InputError) as err:
        tigris.sweep(SMALL_3Y, {"discount_rate": [0.06]}, workers=0, store=False,
                     zip_="no", progress="no", planned=0)  # fmt: skip
    assert [p.field for p in err.value.problems] == ["zip_", "progress", "planned"]


def test_true_booleans_still_run() -> None:
    sw = tigris.sweep(
        SMALL_3Y,
        {"discount_rate": [0.06, 0.1], "pue": [1.1, 1.3]},
        zip_=True,
        keep_results=True,
        workers=0,
        store=False,
        progress=False,
    )
    assert len(sw.members) == 2  # zipped
    assert len(sw.results) == 2  # kept
