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


def _random_pool(rng: np.random.Generator, grid_capex: bool) -> tuple[Any, tuple, Any]:
    """A random small pool: 1-3 sites in 1-2 regions, grid and gas modules of 20-150 MW,
    headroom 30-250 MW a region-year (rising or falling), a grid and an on-site gas type;
    with ``grid_capex`` the grid type's capex is drawn too (after demand, before gas)."""
    sites = int(rng.integers(1, 4))
    regions = ("usa", "europe")[: int(rng.integers(1, 3))]
    site_region = tuple(regions[i % len(regions)] for i in range(sites))
    mod = np.column_stack(
        [np.full(sites, 1000.0), rng.uniform(20, 150, sites), rng.uniform(20, 150, sites)]
    )
    head = rng.uniform(30, 250, (len(regions), N))
    demand = rng.uniform(50_000, 300_000)
    grid = {"grid_capex": float(rng.uniform(1e6, 20e6))} if grid_capex else {}
    inp = dc_tiny(
        **ramped(
            sites=sites,
            gas=True,
            existing_mw=0.5,
            demand=demand,
            build_dc=True,
            **grid,
            gas_capex=float(rng.uniform(30e6, 3e9)),
            headroom=0.0,
            module_capacity=mod,
        ),
    ).replace(site_region=site_region, regions=regions, grid_headroom_mw=head)
    return inp, regions, head


@pytest.mark.parametrize("seed", range(6))
def test_connected_nameplate_mw_within_headroom_in_every_region_year(seed: int) -> None:
    """Random small pools (1-3 sites in 1-2 regions, modules of 20-150 MW, rising or
    falling headroom, a grid and an on-site gas type): the solved plan's connected
    nameplate MW of grid modules is within the headroom in every region-year."""
    inp, _, head = _random_pool(np.random.default_rng(seed), grid_capex=True)
    r = solved(inp)
    conn = _connected_mw(inp, r["build"])
    assert np.all(conn <= head + 1e-6), (conn, head, r["build"])


def _hand_power(**build_at: tuple[int, int]) -> Any:
    """The hr150 problem with a gas type, PUE 1.2 everywhere, and builds set by hand
    (facility k: (year index, modules)); the power table of that plan, usa rows."""
    from tigris.energy.fleet import power_table
    from tigris.plan.power import PowerRegions

    inp = dc_tiny(
        **ramped(
            gas=True,
            existing_mw=0.5,
            build_dc=True,
            headroom=150.0,
            module_capacity=np.array([[1000.0, 100.0, 100.0]]),
        )
    ).replace(
        pue=1.2,
        power_regions=PowerRegions(
            names=("usa",),
            existing_mw=np.full((1, N), 0.5),
            existing_pue=np.array([1.2]),
            module_pue=np.full((1, 3), 1.2),
            demand_share=np.zeros(1),
            onsite_gco2_per_kwh=np.array([np.nan, np.nan, 437.0]),
            onsite_usd_per_mwh=np.array([np.nan, np.nan, 45.0]),
        ),
    )
    build = np.zeros((1, 3, N))
    for k, (t, n) in build_at.items():
        build[0, {"grid": 1, "gas": 2}[k], t] = n
    table = power_table(inp, {"build": build, "prod": np.zeros((1, N))}, load_factor=1.0)
    return table[table["region"] == "usa"].set_index("year")


def test_power_table_headroom_used_and_left_and_mw_by_supply_by_hand() -> None:
    """One 100 MW grid module started in 2025 (0.75 online on average in 2026, 1 in
    2027) and one 100 MW gas module started in 2026 (0.75 in 2027), 0.5 MW existing,
    150 MW of headroom. Headroom used is the grid module's nameplate from its first
    year online: 0, 100, 100 MW (left 150, 50, 50), while its MW online are the ramp's
    0, 75, 100; on-site 0, 0, 75; existing 0.5 every year; online the sum."""
    usa = _hand_power(grid=(0, 1), gas=(1, 1))
    assert usa["grid_headroom_mw"].tolist() == pytest.approx([150.0] * N)
    assert usa["grid_connected_mw"].tolist() == pytest.approx([0.0, 100.0, 100.0])
    assert usa["grid_headroom_left_mw"].tolist() == pytest.approx([150.0, 50.0, 50.0])
    assert usa["grid_built_mw_online"].tolist() == pytest.approx([0.0, 75.0, 100.0])
    assert usa["onsite_built_mw_online"].tolist() == pytest.approx([0.0, 0.0, 75.0])
    assert usa["existing_mw_online"].tolist() == pytest.approx([0.5] * N)
    assert usa["datacenter_mw_online"].tolist() == pytest.approx([0.5, 75.5, 175.5])


@pytest.mark.parametrize("seed", range(3))
def test_power_table_identities_on_solved_random_pools(seed: int) -> None:
    """On solved random pools: used + left = headroom; grid + on-site + existing =
    online, in every region-year; the table's used MW are the loops' connected MW."""
    inp, regions, head = _random_pool(np.random.default_rng(100 + seed), grid_capex=False)
    from tigris.energy.fleet import power_table

    r = solved(inp)
    p = power_table(inp, {"build": r["build"], "prod": r["prod"]})
    conn = _connected_mw(inp, r["build"])
    for j, region in enumerate(regions):
        rows = p[p["region"] == region].sort_values("year")
        used, left = rows["grid_connected_mw"].to_numpy(), rows["grid_headroom_left_mw"]
        np.testing.assert_allclose(used + left.to_numpy(), head[j], rtol=1e-9)
        np.testing.assert_allclose(used, conn[j], atol=1e-6)
        parts = rows[["existing_mw_online", "grid_built_mw_online", "onsite_built_mw_online"]]
        np.testing.assert_allclose(
            parts.sum(axis=1), rows["datacenter_mw_online"], rtol=1e-9, atol=1e-9
        )


def test_a_note_when_a_regions_ai_energy_exceeds_all_data_centres_of_its_source() -> None:
    """usa 2030 in data/datacenter_capacity.csv: 85,795 MW of all data centres at the
    0.52 average draw = 85,795 × 0.52 × 8,766 h = 391.1 TWh (88,846 MW and 405.0 TWh
    before the table's re-derivation after 05359a4's TPU power). The user's 441 TWh of
    AI energy is above it: one note naming usa, 2030 and both energies; 300 TWh is not;
    the world row is never compared."""
    from tigris.report.energy import ai_energy_notes

    def table(twh: float) -> Any:
        import pandas as pd

        return pd.DataFrame(
            {"year": [2030, 2030], "region": ["usa", "world"], "energy_twh": [twh, 9e9]}
        )

    (line,) = ai_energy_notes(table(441.21))
    assert "in usa in 2030 " in line and "441 TWh" in line and "against 391 TWh" in line
    assert ai_energy_notes(table(300.0)) == []
