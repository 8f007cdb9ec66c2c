"""A disruption or its probability given twice is refused before anything is solved
(user test, 2026-12-05).

``tigris risk small.yaml --samples 2 --stochastic 2 --disruption ban --disruption ban``
ran the Monte Carlo (storing it), both disruption passes and the stochastic members,
then ended with "error: names: expected 4 distinct names, got [... 'disruption:ban',
'disruption:ban']", exit 2, against its help's "2 bad input (nothing run, nothing
written)". Without ``--stochastic`` the repeat was solved and printed twice. A repeated
``--disruption-probability ban=0.1 ... ban=0.2`` kept the last one, silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .conftest import assert_one_line_error
from .test_risk_disruptions import EVENTS, TW3

#: An input to draw, so that the run would go ahead but for the repeat.
DRAWN = """\
distributions:
  discount_rate: {dist: uniform, low: 0.06, high: 0.10, source: "test"}
"""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "tw3.yaml"
    path.write_text(TW3 + EVENTS + DRAWN, encoding="utf-8")
    return path


@pytest.mark.parametrize("stochastic", [[], ["--stochastic", "2"]])
def test_a_disruption_given_twice_is_one_line_before_any_solve(
    run_cli: Any, scenario: Path, tmp_path: Path, stochastic: list[str]
) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "risk", scenario, "--samples", 2, "--seed", 1, "--workers", 0, "--store", store,
        "--disruption", "ban", "--disruption", "no-fund", "--disruption", "ban", *stochastic,
    )  # fmt: skip
    assert_one_line_error(res, "--disruption", "'ban'")
    assert not store.exists()  # nothing run, nothing stored


def test_a_probability_given_twice_is_refused(run_cli: Any, scenario: Path, tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "risk", scenario, "--samples", 2, "--seed", 1, "--workers", 0, "--store", store,
        "--stochastic", "2", "--disruption", "ban",
        "--disruption-probability", "ban=0.1", "--disruption-probability", "ban=0.2",
    )  # fmt: skip
    assert_one_line_error(res, "--disruption-probability", "'ban'")
    assert not store.exists()
