"""A PUE data cell set above every published industry average (``--set
data.grid.usa.pue=115``, ``data.datacenter_types.datacenter-gas.pue=110``: a percent
written for 1.15 and 1.1) is warned of as a site's ``pue`` is; the first planned
silently, the second failed with only "legacy_fleet_mw is 27608.5 MW ... above the
existing datacenter capacity", naming no input the user can change (user test
2026-12-06). The threshold is data/energy_parameters.csv's ``pue_max_published``."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tigris.energy.data import energy_parameter
from tigris.scenario import reference_scenario
from tigris.scenario.checks_cells import cell_warning_lines

from .conftest import CliResult


@pytest.mark.parametrize(
    ("path", "value", "percent"),
    [
        ("data.grid.usa.pue", 115, "115 % is written 1.15"),
        ("data.datacenter_types.datacenter-gas.pue", 110, "110 % is written 1.1"),
        ("data.grid.europe.pue", 3, None),
    ],
)
def test_a_pue_cell_above_the_published_is_warned_of(
    path: str, value: float, percent: str | None
) -> None:
    top = energy_parameter("pue_max_published")
    (line,) = cell_warning_lines(reference_scenario(), {path: value})
    assert line.startswith(f"--set: {path}={value}: {path}: {value} is above {top:g}, ")
    assert (percent in line) if percent else ("%" not in line)


def test_a_published_pue_says_nothing() -> None:
    top = energy_parameter("pue_max_published")
    sc = reference_scenario()
    assert cell_warning_lines(sc, {"data.grid.usa.pue": top}) == []
    assert cell_warning_lines(sc, {"data.datacenter_types.datacenter.pue": [1.1, 1.3]}) == []


def test_the_failing_plan_names_what_to_check(run_cli: Callable[..., CliResult]) -> None:
    """``grid.usa.pue=115``: the warning first, then one error naming the inputs that
    turn MW into accelerators, exit 2, no traceback."""
    res = run_cli("plan", "--no-store", "--set", "data.grid.usa.pue=115")
    assert res.code == 2 and "Traceback" not in res.err
    warning, error = [ln for ln in res.err.splitlines() if ln.strip()]
    assert warning.startswith("warning: --set: data.grid.usa.pue=115: ")
    assert error.startswith("error: ") and "data.grid.REGION.pue" in error
