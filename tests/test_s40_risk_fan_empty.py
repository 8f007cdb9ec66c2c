"""An output no plan has a number for gets no fan chart (user test 2026-12-05).

On a scenario without data centres, ``tigris risk --png`` drew
``fan-datacenter_mw_online.png``: an empty chart with its year labels printed on top of
one another. Every yearly output with a number in some plan keeps its fan.
"""

from __future__ import annotations

from pathlib import Path

import pytest

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow


def test_no_fan_for_an_output_without_numbers(uncertain_file: Path, tmp_path: Path) -> None:
    from tigris.report.risk import yearly_outputs
    from tigris.risk.api import risk

    res = risk(uncertain_file, samples=2, seed=1, workers=0, store=False)
    q = res.monte_carlo.quantiles
    yearly = q[q["kind"] == "yearly"]
    counted = yearly.groupby("output")["n"].max()
    empty = set(counted[counted == 0].index)
    assert "datacenter_mw_online" in empty  # the scenario has no data centres
    fans = {o for o, _ in yearly_outputs(res)}
    assert fans == set(counted[counted > 0].index)
    assert "served_h100e" in fans and not fans & empty
    names = {p.name for p in res.write_pngs(tmp_path / "png")}
    assert "fan-served_h100e.png" in names
    assert "fan-datacenter_mw_online.png" not in names
