"""An overflow names the flag that caused it (user test s50 #5).

``train --params 1e9 --tokens 2e10 -a h100 --days 1e-300``: 6 x 1e9 x 2e10 = 1.2e20
FLOP in 1e-300 days asks ~1e300 accelerators times a price, past the float range
(~1.8e308): the error said "error: input: ...". Of the numbers given, 1e-300 is 300
orders of magnitude from 1, the others at most 10.3 (2e10): the line names --days.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.workload import train


def test_cli_names_days(run_cli) -> None:
    res = run_cli("train", "--params", "1e9", "--tokens", "2e10", "-a", "h100", "--days", "1e-300")
    assert_one_line_error(res, "--days", "overflows")
    assert "error: input:" not in res.err


def test_python_names_the_keyword() -> None:
    with pytest.raises(InputError) as exc:
        train(params=1e9, tokens=2e10, accelerator="h100", days=1e-300)
    assert exc.value.problems[0].field == "days"


def test_infer_names_its_flag(run_cli) -> None:
    args = ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e9", "--prompt-tokens", "100")
    res = run_cli(*args, "--output-tokens", "100", "--bytes-per-param", "1e300")
    assert_one_line_error(res, "--bytes-per-param", "overflows")
