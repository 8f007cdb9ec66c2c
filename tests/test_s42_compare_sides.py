"""``tigris.compare`` names the side a bad argument is on (S42).

Before, ``compare("", "")`` said "A: '.' is a directory without run.json" (an empty
string read as the current directory) and a too-short id on side A was reported as
``run: ...``, so a caller comparing a variable left empty could not tell which.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.runs.compare import compare
from tigris.runs.store import RunStore

EXAMPLE = str(Path(__file__).parents[1] / "docs" / "examples" / "small-plan.yaml")


@pytest.mark.parametrize(("a", "b", "side"), [("", "", "A"), ("  ", "x", "A"), (EXAMPLE, "", "B")])
def test_an_empty_argument_is_refused_by_its_side(
    tmp_path: Path, a: str, b: str, side: str
) -> None:
    """Both sides are read before either is solved, so B's error comes at once (and,
    since user test s44 #12c, B's beside A's when both are refused)."""
    with pytest.raises(InputError) as err:
        compare(a, b, store=tmp_path / "runs.duckdb")
    problem = err.value.problems[0]
    assert problem.field == side
    assert problem.message.startswith("empty: give a stored run's id")
    assert "'.'" not in str(err.value)


def test_a_short_id_names_its_side(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    RunStore(store).add_sweep("name: x\n", {}, 0)  # a store without runs: the id is refused
    with pytest.raises(InputError) as err:
        compare("x", "abcd", store=store)
    assert err.value.problems[0].field == "A"
    assert "too short" in err.value.problems[0].message
