"""A workload new in the first planning year (UT-ML #2, 2026-12-04).

A constant workload was always read as running before the horizon (a steady state), so
its first year delivered only replacements, fleet / life: a new service needing 4.46M
H100 was booked at a fifth. ``before_horizon: none`` says nothing ran before; the hand
values below follow stock-flow accounting with one-hoss-shay retirement after L years
(OECD, "Measuring Capital", 2009, ch. 6): a constant fleet F new in year 1 is F
delivered in year 1, nothing until its units retire after L years, then F again.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.test_s34_workload_plan import NVIDIA_LIFE, _write
from tests.test_s35_occupancy import _cluster_by_hand
from tigris.errors import InputError
from tigris.plan.assemble import assemble_file
from tigris.scenario.series import deliveries_for_fleet

EVERY_YEAR = "{2026: 1}"  # one run a year, held flat over 2026-2035


def _new(path: Path) -> Path:
    """The scenario at ``path`` with ``before_horizon: none`` on its training run."""
    text = path.read_text(encoding="utf-8")
    old = "        runs_by_year: "
    assert text.count(old) == 1
    path.write_text(text.replace(old, "        before_horizon: none\n" + old), "utf-8")
    return path


def test_deliveries_by_hand() -> None:
    fleet = np.full(10, 100.0)
    np.testing.assert_allclose(deliveries_for_fleet(fleet, 5), np.full(10, 20.0))
    np.testing.assert_allclose(
        deliveries_for_fleet(fleet, 5, "none"), [100, 0, 0, 0, 0, 100, 0, 0, 0, 0]
    )
    # growth is delivered when it happens under either rule
    grow = np.array([100.0, 150.0, 150.0])
    np.testing.assert_allclose(deliveries_for_fleet(grow, 3, "none"), [100, 50, 0])
    with pytest.raises(ValueError, match="before"):
        deliveries_for_fleet(grow, 3, "new")


def test_a_new_run_delivers_its_whole_share_in_the_first_year(tmp_path: Path) -> None:
    """One 120-day run every year: 266,896 H100e in service (its share of the year,
    tests/test_s35_occupancy.py's hand value x 120/365.25). Steady: 266,896 / 5 a year.
    New: 266,896 in 2026, none in 2027-2030, 266,896 again in 2031 (the first units
    retire after 5 years, data/fleet_lifetimes.csv's NVIDIA life)."""
    fleet = _cluster_by_hand() * 120 / 365.25
    assert fleet == pytest.approx(266_896, abs=1)
    steady = assemble_file(_write(tmp_path, EVERY_YEAR, None, name="steady"))[1].demand[0]
    new = assemble_file(_new(_write(tmp_path, EVERY_YEAR, None, name="new")))[1].demand[0]
    np.testing.assert_allclose(steady, fleet / NVIDIA_LIFE, rtol=1e-5)
    expected = np.zeros(10)
    expected[[0, NVIDIA_LIFE]] = fleet
    np.testing.assert_allclose(new, expected, rtol=1e-5, atol=1e-6)
    # the same fleet either way: new delivers in 2026 what steady delivers in 5 years
    assert new[0] == pytest.approx(NVIDIA_LIFE * steady[0], rel=1e-12)


def test_the_assumptions_row_says_which_rule(tmp_path: Path) -> None:
    _, _, notes = assemble_file(_new(_write(tmp_path, EVERY_YEAR, None, name="new")))
    row = notes.set_index("parameter").loc["demand hyper: workload 0 (train)", "value"]
    assert "new in 2026 (before_horizon: none)" in row
    _, _, notes = assemble_file(_write(tmp_path, EVERY_YEAR, None, name="steady"))
    row = notes.set_index("parameter").loc["demand hyper: workload 0 (train)", "value"]
    assert "running before 2026 (before_horizon: steady)" in row
    assert f"fleet / {NVIDIA_LIFE} years" in row


def test_a_bad_value_names_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, EVERY_YEAR, None, name="bad")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "        runs_by_year: ", "        before_horizon: new\n        runs_by_year: "
        ),
        "utf-8",
    )
    with pytest.raises(InputError, match="before_horizon"):
        assemble_file(path)


def test_a_shrinking_fleet_delivers_nothing_until_units_retire() -> None:
    """Stock-flow with one-hoss-shay retirement: deliveries are never negative (a fleet
    falling from 100 to 10 with 3-year lives keeps its units; RV-S36 #4: the max(0, .)
    was not pinned). Steady: 100/3 a year before the horizon, so year 1 delivers
    100 - 2 x 100/3 = 33.33 and year 2 nothing (10 < the 66.67 still serving); new: 100,
    then nothing."""
    fleet = np.array([100.0, 10.0])
    np.testing.assert_allclose(deliveries_for_fleet(fleet, 3), [100 / 3, 0.0])
    np.testing.assert_allclose(deliveries_for_fleet(fleet, 3, "none"), [100.0, 0.0])
