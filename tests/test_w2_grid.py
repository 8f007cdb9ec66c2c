"""Grid headroom limits connected nameplate MW, not a ramp year's mean (user test #1).

The problems are those of ``tests/test_plan_power.py`` (one product of 1 H100e drawing
1 kW in service for ``L = 2`` years, a $30,000 penalty per unmet H100e, 0% discount
rate) with 100 MW grid modules that ramp: output 0 in their start year, 0.75 on
average in the next (the ramp year's mean) and 1 from the year after.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.test_plan_power import PENALTY, REL, dc_tiny, solved

N = 3  # years 2025-2027, as dc_tiny's
RAMP = np.array([0.0, 0.75, 1.0])  # share of a module online by year after its start


def ramped(sites: int = 1, **kw: Any) -> dict[str, Any]:
    """dc_tiny's inputs with ``RAMP`` outputs, capex paid in the start year."""
    k = 3 if kw.get("gas") else 2
    return {
        "output": np.broadcast_to(RAMP, (sites, k, 3)).copy(),
        "spend": np.broadcast_to([1.0, 0.0, 0.0], (sites, k, 3)).copy(),
        "sites": sites,
        **kw,
    }


def test_hr150_at_most_one_100_mw_module_on_150_mw_of_headroom() -> None:
    """The user's hr150 case by hand: 150 MW of headroom, 100 MW grid modules.

    Counting a module at its ramp year's mean (0.75), two modules started in 2026
    bring 150 MW "online" in 2027 and fit, though 200 MW are connected by the year's
    end: that plan serves 500 + 150,500 = 151,000 H100e (0.5 MW existing). On
    connected nameplate MW one module at most is connected in any year of the
    horizon, best started in 2025 (75 MW in 2026, 100 MW in 2027): ``p1 ≤ 500``,
    ``p1 + p2 ≤ 75,500``, ``p2 + p3 ≤ 100,500``, so 101,000 served of 600,000
    demanded; objective $20M + 499,000 × $30,000.
    """
    inp = dc_tiny(
        **ramped(
            existing_mw=0.5,
            demand=200_000.0,
            build_dc=True,
            headroom=150.0,
            module_capacity=np.array([[1000.0, 100.0]]),
        )
    )
    r = solved(inp)
    grid = r["build"][0, 1]  # modules started per year
    started_with_output = grid[:2].sum()  # a 2027 start has no output in the horizon
    assert started_with_output == pytest.approx(1.0)
    assert grid[0] == pytest.approx(1.0)
    assert r["prod"].sum() == pytest.approx(101_000.0, rel=REL)
    assert r["objective"] == pytest.approx(20e6 + 499_000 * PENALTY, rel=REL)


def _connected_mw(inp: Any, build: np.ndarray) -> np.ndarray:
    """(R, T) nameplate facility MW of grid modules connected by each year, by loops:
    a module started in τ is connected from its first year with output > 0."""
    out = np.zeros((len(inp.regions), len(inp.years)))
    limited = inp.grid_limits()
    prof = np.asarray(inp.output)
    for s, region in enumerate(inp.site_region):
        r = inp.regions.index(region)
        for k in range(len(inp.facilities)):
            if not limited[s, k]:
                continue
            first = int(np.argmax(prof[s, k] > 0)) if np.any(prof[s, k] > 0) else None
            if first is None:
                continue
            for tau in range(len(inp.years)):
                n = build[s, k, tau]
                if n > 0 and tau + first < len(inp.years):
                    out[r, tau + first :] += n * inp.module_capacity[s, k]
    return out


@pytest.mark.parametrize("seed", range(6))
def test_connected_nameplate_mw_within_headroom_in_every_region_year(seed: int) -> None:
    """Random small pools (1-3 sites in 1-2 regions, modules of 20-150 MW, rising or
    falling headroom, a grid and an on-site gas type): the solved plan's connected
    nameplate MW of grid modules is within the headroom in every region-year."""
    rng = np.random.default_rng(seed)
    sites = int(rng.integers(1, 4))
    regions = ("usa", "europe")[: int(rng.integers(1, 3))]
    site_region = tuple(regions[i % len(regions)] for i in range(sites))
    mod = np.column_stack(
        [np.full(sites, 1000.0), rng.uniform(20, 150, sites), rng.uniform(20, 150, sites)]
    )
    head = rng.uniform(30, 250, (len(regions), N))
    inp = dc_tiny(
        **ramped(
            sites=sites,
            gas=True,
            existing_mw=0.5,
            demand=rng.uniform(50_000, 300_000),
            build_dc=True,
            grid_capex=float(rng.uniform(1e6, 20e6)),
            gas_capex=float(rng.uniform(30e6, 3e9)),
            headroom=0.0,
            module_capacity=mod,
        ),
    ).replace(site_region=site_region, regions=regions, grid_headroom_mw=head)
    r = solved(inp)
    conn = _connected_mw(inp, r["build"])
    assert np.all(conn <= head + 1e-6), (conn, head, r["build"])
