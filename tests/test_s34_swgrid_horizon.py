"""``--set`` values that make the horizon run backwards get one line naming the range
(user test UT-SWF, #11).

``tigris plan --set horizon.first_year=2030 --set horizon.last_year=2028`` on the
reference (2026-2035): each value was tried alone first, and 2030 alone (2030-2035)
gave one very long line about EUV years and disruptions before 2030, never naming the
reversed range. The values together are checked first now: one ``error:`` line naming
horizon.first_year and horizon.last_year, as a file with the same years is refused
(``horizon.last_year: must be >= first_year (2030)``), exit 2. tigris.runs.sweep makes the call
for plan and sweep alike.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.scenario.checks_horizon import set_horizon_backwards
from tigris.scenario.schema import Horizon

BACKWARDS = ("--set", "horizon.first_year=2030", "--set", "horizon.last_year=2028")
H = Horizon(first_year=2026, last_year=2035)


def test_the_values_together_run_backwards() -> None:
    line = set_horizon_backwards(H, {"horizon.first_year": 2030, "horizon.last_year": 2028})
    assert line is not None
    assert "horizon.first_year=2030" in line and "horizon.last_year=2028" in line
    assert line.endswith("horizon.last_year: must be >= first_year (2030)")
    # one end moved past the other: the base's other end counts
    one = set_horizon_backwards(H, {"horizon.last_year": 2025})
    assert one == "horizon.last_year=2025: horizon.last_year: must be >= first_year (2026)"
    whole = set_horizon_backwards(H, {"horizon": {"first_year": 2031, "last_year": 2030}})
    assert whole is not None and whole.endswith("must be >= first_year (2031)")


@pytest.mark.parametrize(
    "changes",
    [
        {"horizon.first_year": 2030},  # 2030-2035 runs forwards (its other problems: the schema's)
        {"horizon.first_year": 2028, "horizon.last_year": 2028},  # one year
        {"discount_rate": 0.1},  # not the horizon
        {"horizon.first_year": "soon", "horizon.last_year": 2028},  # not a year: the schema's
    ],
)
def test_no_line_when_the_horizon_runs_forwards(changes) -> None:
    assert set_horizon_backwards(H, changes) is None


def test_plan_names_the_reversed_range(run_cli) -> None:
    res = run_cli("plan", *BACKWARDS, "--no-store")
    assert_one_line_error(
        res, "--set", "horizon.first_year=2030", "horizon.last_year=2028", "first_year (2030)"
    )
    assert "euv" not in res.err.lower() and "disruptions" not in res.err


def test_sweep_names_the_reversed_range(tmp_path, run_cli) -> None:
    store = tmp_path / "runs.duckdb"
    res = run_cli("sweep", *BACKWARDS, "--workers", "0", "--store", store)
    assert_one_line_error(res, "horizon.first_year=2030", "horizon.last_year=2028")
    assert not store.exists()
