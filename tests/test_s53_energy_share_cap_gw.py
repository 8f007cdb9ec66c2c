"""The ``demand_regions`` cap warning prints physical GW (user test 2026-12-06 power #2).

The scenario's ``pue`` is the unit of the planner's rows (IT MW x ``pue``) and "is
never printed as MW" (docs/energy.md, "Units in and out"). The warning that a placed
share caps the world's fleet printed the rows' MW, so the same plan read 7.3 / 8.8 /
14.6 GW at ``pue`` 1.0 / 1.2 / 2.0. It now prints IT GW: each region's existing AI
capacity (data/datacenter_capacity.csv ``mw x ai_share``, facility MW at the region's
PUE of data/grid.csv) / that PUE, less the region's pro-rata part of the legacy fleet's
IT MW. Expected values are derived here from the tables read as text and the legacy
fleet of the energy layer, not from the code under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import data_table, line_of
from tests.conftest import write_scenario as _write
from tests.test_scenario_energy import POWERED

#: The line's three GW figures (cap, region's room, world's room) in the first year.
_GW = re.compile(
    r"at ([\d,.]+) GW in 2026 \(the region's ([\d,.]+) GW / 0.1\), below the ([\d,.]+) GW"
)


def _printed(tmp_path: Path, run_cli, pue: float) -> tuple[str, tuple[float, ...]]:
    """The warning line of POWERED with ``pue`` and ``demand_regions: {europe: 0.1}``
    and its three GW figures."""
    text = POWERED.replace("pue: 1.2\n", f"pue: {pue}\n") + "demand_regions: {europe: 0.1}\n"
    path = _write(tmp_path, text, name=f"pue{pue}.yaml")
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    (line,) = [ln for ln in res.err.splitlines() if "demand_regions.europe" in ln]
    assert line.startswith(f"warning: {path}:{line_of(path, 'demand_regions')}:"), line
    got = _GW.search(line)
    assert got is not None, line
    return line, tuple(float(x.replace(",", "")) for x in got.groups())


def _hand_it_gw() -> tuple[float, float, float]:
    """(cap, europe's room, world's room) in 2026 [GW of IT]: the region's IT MW
    ``mw x ai_share / pue_r`` less its share of the legacy fleet's IT MW (POWERED's
    5-year life)."""
    from tigris.energy.fleet import class_lifetime_map, legacy_fleet

    pue_r = {r["region"]: float(r["pue"]) for r in data_table("grid") if r["year"] == "2026"}
    it = {
        r["region"]: float(r["mw"]) * float(r["ai_share"]) / pue_r[r["region"]]
        for r in data_table("datacenter_capacity")
        if r["year"] == "2026"
    }
    world = sum(it.values())
    years = np.arange(2026, 2032)
    legacy = float(np.asarray(legacy_fleet(2026, years, class_lifetime_map(5))["it_mw"])[0])
    assert 0 < legacy < world  # the premise: the legacy fleet takes part of the room
    europe = it["europe"] * (1 - legacy / world)
    return europe / 0.1 / 1e3, europe / 1e3, (world - legacy) / 1e3


def test_the_share_cap_gw_do_not_move_with_the_unit_pue(tmp_path: Path, run_cli) -> None:
    """pue 1.0, 1.2 and 2.0 (the plan is the same) print the same GW, and those are the
    hand-derived IT GW (each printed to 0.05 GW)."""
    lines = {p: _printed(tmp_path, run_cli, p) for p in (1.0, 1.2, 2.0)}
    figures = {p: gw for p, (_, gw) in lines.items()}
    assert figures[1.0] == figures[1.2] == figures[2.0], figures
    cap, have, world = _hand_it_gw()
    got_cap, got_have, got_world = figures[1.2]
    assert got_cap == pytest.approx(cap, abs=0.05)
    assert got_have == pytest.approx(have, abs=0.05)
    assert got_world == pytest.approx(world, abs=0.05)
    assert "(IT power, without PUE)" in lines[1.2][0]


def test_the_sum_error_says_the_share_is_of_the_fleet() -> None:
    """A total above 1 is refused in the words of docs/energy.md ("The share is of the
    plan's fleet, not of demand"); it said "the rest of demand is not placed" (user test
    2026-12-06 power #7)."""
    from tigris.scenario.checks_energy import check_demand_regions

    with pytest.raises(ValueError) as info:
        check_demand_regions({"usa": 0.7, "europe": 0.5})
    msg = str(info.value)
    assert "add up to 1.2" in msg
    assert "share of the plan's fleet, not of demand" in msg
    assert "rest of demand" not in msg
