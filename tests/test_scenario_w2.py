"""What ``tigris scenario check`` and ``tigris plan`` refuse before they solve (user test
6, #1 and #10): a horizon past the roadmap's last ship year, and capital names equal up
to case. Expected values come from the shipped data tables (read as text,
:func:`tests.conftest.data_table`), not from the code under test. The warnings are in
tests/test_scenario_w2_warnings.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, assert_one_line_error, data_table, line_of, replaced
from tests.conftest import write_scenario as _write
from tests.test_scenario_world import world

# --- #1: a horizon past the roadmap ---------------------------------------------------


def _roadmap_years() -> tuple[int, int]:
    """First and last ship year of data/roadmap.csv, read as text."""
    rows = data_table("roadmap")
    return min(int(r["first_year"]) for r in rows), max(int(r["last_year"]) for r in rows)


@pytest.mark.parametrize("verb", ["check", "plan"])
def test_a_horizon_past_the_roadmap_is_refused(tmp_path: Path, run_cli, verb: str) -> None:
    """A 2040 horizon on ``products: roadmap`` (last ship year 2035) would serve 0 H100e
    in 2036-2040: refused at horizon.last_year's line, before any solve."""
    _, last = _roadmap_years()
    assert last == 2035  # the table the user test read; the message names it
    text = replaced(world(), ("last_year: 2029}", "last_year: 2040}"))
    path = _write(tmp_path, text)
    args = ("scenario", "check", path) if verb == "check" else ("plan", path, "--no-store")
    res = run_cli(*args)
    assert_one_line_error(
        res,
        f"{path}:{line_of(path, 'horizon:')}: horizon.last_year: 2040 is after 2035",
        "products: roadmap",
        "data/roadmap.csv",
        "set last_year <= 2035",
    )


def test_a_horizon_ending_with_the_roadmap_is_valid(tmp_path: Path, run_cli) -> None:
    """The boundary: a horizon to the roadmap's last ship year is a scenario."""
    _, last = _roadmap_years()
    text = replaced(world(), ("last_year: 2029}", f"last_year: {last}}}"))
    res = run_cli("scenario", "check", _write(tmp_path, text))
    assert res.code == 0, res.err
    assert "horizon" not in res.err


def test_one_year_past_the_roadmap_is_refused(tmp_path: Path, run_cli) -> None:
    """The first empty year is enough: 2036 serves nothing either."""
    _, last = _roadmap_years()
    text = replaced(world(), ("last_year: 2029}", f"last_year: {last + 1}}}"))
    res = run_cli("scenario", "check", _write(tmp_path, text))
    assert_one_line_error(res, f"horizon.last_year: {last + 1} is after {last}", f"{last + 1}")


def test_a_scenario_built_in_code_past_the_roadmap_is_refused_by_plan() -> None:
    """The Python API: a Scenario built in code (model_validate skips a file's
    cross-field checks) is refused by ``tigris.plan`` with the file's message, before
    any solve, instead of serving 0 H100e in 2036-2040; one ending in 2035 passes."""
    import tigris
    from tigris.errors import InputError
    from tigris.scenario import Scenario
    from tigris.scenario.edit import load_any

    _, last = _roadmap_years()
    doc = load_any(world()).model_dump(mode="python", exclude_none=True)
    doc["horizon"]["last_year"] = 2040
    built = Scenario.model_validate(doc)
    assert built.horizon.last_year == 2040  # the schema alone lets it through
    with pytest.raises(InputError, match=rf"^horizon\.last_year: 2040 is after {last},"):
        tigris.plan(built, explain=False, counterfactual=False)
    doc["horizon"]["last_year"] = last
    ok = Scenario.model_validate(doc)
    assert load_any(ok) is ok


def test_a_horizon_before_the_roadmap_is_refused(tmp_path: Path, run_cli) -> None:
    first, _ = _roadmap_years()
    text = replaced(world(), ("first_year: 2026,", f"first_year: {first - 2},"))
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(
        res, f"horizon.first_year: {first - 2} is before {first}", f"first_year >= {first}"
    )


# --- #10: capital names equal up to case -------------------------------------------------


def test_capital_names_equal_up_to_case_are_refused(tmp_path: Path, run_cli) -> None:
    text = replaced(
        SMALL,
        (
            "    last_year: 2027\n",
            "    last_year: 2027\n  - name: Fund\n    usd_by_year: {2027: 1.0e9}\n",
        ),
    )
    path = _write(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert_one_line_error(
        res, f"{path}:{line_of(path, 'name: Fund')}: capital.1.name:", "'Fund'", "'fund'"
    )


def test_an_exact_duplicate_is_one_line_not_two(tmp_path: Path, run_cli) -> None:
    """``fund`` twice is the duplicate line only, not also 'differs only in case'."""
    text = replaced(
        SMALL,
        (
            "    last_year: 2027\n",
            "    last_year: 2027\n  - name: fund\n    usd_by_year: {2027: 1.0e9}\n",
        ),
    )
    res = run_cli("scenario", "check", _write(tmp_path, text))
    assert_one_line_error(res, "capital.1.name: duplicate capital source 'fund'")


def test_distinct_capital_names_stay_valid(tmp_path: Path, run_cli) -> None:
    text = replaced(
        SMALL,
        (
            "    last_year: 2027\n",
            "    last_year: 2027\n  - name: fund-2\n    usd_by_year: {2027: 1.0e9}\n",
        ),
    )
    assert run_cli("scenario", "check", _write(tmp_path, text)).code == 0
