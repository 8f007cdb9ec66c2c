"""User test s47 #10: huge values were echoed in full or misreported: ``max_modules:
1e400`` said ``got inf``, not what was written; ``--time-limit 1e400`` said ``got
inf``; a 4,301-digit path segment was echoed whole."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.scenario import load_scenario


def _reference(run_cli) -> str:
    res = run_cli("scenario", "show")
    assert res.code == 0
    return res.out


def test_a_number_beyond_the_largest_float_is_echoed_as_written(run_cli, tmp_path: Path) -> None:
    text = _reference(run_cli).replace("discount_rate: 0.0552 ", "discount_rate: 1e400  ", 1)
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    (problem,) = exc.value.problems
    assert problem.field == "discount_rate"
    assert "got 1e400 (beyond the largest number" in problem.message
    assert "got inf" not in problem.message


def test_written_inf_pickles() -> None:
    from tigris.yamlio import WrittenInf

    x = pickle.loads(pickle.dumps(WrittenInf(float("inf"), "1e400")))
    assert x.text == "1e400" and x == float("inf")


def test_an_infinite_option_says_it_may_have_been_written_beyond_the_largest(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--time-limit", "1e400")
    assert_one_line_error(res, "--time-limit", "beyond the largest number")


def test_a_long_path_segment_is_not_echoed_whole(run_cli) -> None:
    res = run_cli("plan", "--no-store", "--set", f"tools.euv_per_year.{'9' * 4301}=5")
    assert_one_line_error(res, "more than 30 digits")
    assert len(res.err) < 400
