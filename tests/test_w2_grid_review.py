"""Review of W2-GRID's connected-MW grid headroom (50d001d, d67dc36, b9bb14c, f343619).

Tests that kill mutations tests/test_w2_grid.py let through: the headroom row and the
power table count a module at its facility MW (``module_capacity x module_pue / pue``),
not the rows' unit; the binds sentence and the tie detector count a ramping module at
its full MW from its first year online; the grid headroom table shows only regions
whose headroom limits the plan. The problems are tests/test_w2_grid.py's (100 MW grid
modules, output 0 / 0.75 / 1 by year after the start, 0.5 MW existing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tests.test_plan_power import N, dc_tiny, solved
from tests.test_w2_grid import _connected_mw, ramped
from tigris.plan.power import PowerRegions

#: Plan PUE (the rows' unit) and the grid module's own PUE [-].
PLAN_PUE, MODULE_PUE = 1.0, 1.25
#: The grid module's facility MW and its size in the rows' unit (MW at the plan's PUE).
FACILITY_MW = 100.0
ROWS_MW = FACILITY_MW * PLAN_PUE / MODULE_PUE  # 80


def _pue_inputs(headroom: float) -> object:
    """dc_tiny with ramped 100-facility-MW grid modules at PUE 1.25 in a plan at PUE 1.0
    (80 MW in the rows' unit), ample demand."""
    regions = PowerRegions(
        names=("usa",),
        existing_mw=np.full((1, N), 0.5),
        existing_pue=np.array([PLAN_PUE]),
        module_pue=np.array([[PLAN_PUE, MODULE_PUE]]),
        demand_share=np.zeros(1),
        onsite_gco2_per_kwh=np.full(2, np.nan),
        onsite_usd_per_mwh=np.full(2, np.nan),
    )
    return dc_tiny(
        **ramped(
            existing_mw=0.5,
            demand=400_000.0,
            build_dc=True,
            headroom=headroom,
            module_capacity=np.array([[1000.0, ROWS_MW]]),
        )
    ).replace(pue=PLAN_PUE, power_regions=regions)


def test_headroom_counts_facility_mw_at_the_modules_pue() -> None:
    """170 MW of headroom: one 100-facility-MW module fits, two (200 MW) do not, though
    two are 160 MW in the rows' unit. With 250 MW, two are built (demand wants them), so
    the first case is the headroom's doing. The power table's used MW are facility MW:
    100 per connected module."""
    from tigris.energy.fleet import power_table

    wide = solved(_pue_inputs(250.0))
    assert wide["build"][0, 1, :2].sum() == pytest.approx(2.0)
    inp = _pue_inputs(170.0)
    r = solved(inp)
    built = r["build"][0, 1]
    assert built[:2].sum() == pytest.approx(1.0)  # a 2027 start has no output here
    conn = _connected_mw(inp, r["build"]) * MODULE_PUE / PLAN_PUE  # facility MW
    assert np.all(conn <= 170.0 + 1e-6)
    table = power_table(inp, {"build": r["build"], "prod": r["prod"]})
    usa = table[table["region"] == "usa"].sort_values("year")
    np.testing.assert_allclose(usa["grid_connected_mw"], conn[0], atol=1e-6)
    assert usa["grid_connected_mw"].max() == pytest.approx(FACILITY_MW)
    np.testing.assert_allclose(usa["grid_headroom_left_mw"], 170.0 - conn[0], atol=1e-6)


def test_the_binds_sentence_counts_a_ramping_module_at_its_full_mw() -> None:
    """The hr150 case solved with explanations: one module started in 2025 (0.75 of it
    online on average in 2026) is 100 MW connected in 2026 and 2027, so the sentence
    says 100 MW, never the ramp year's 75."""
    from tests.test_plan_power_claims import solved as explained

    inp = dc_tiny(
        **ramped(
            existing_mw=0.5,
            demand=200_000.0,
            build_dc=True,
            headroom=150.0,
            module_capacity=np.array([[1000.0, 100.0]]),
        )
    )
    r = explained(inp)
    (text,) = [e.text for e in r.binding if e.kind == "grid_headroom"]
    assert "in usa in 2026–2027" in text, text
    assert "connect 100 MW to the grid" in text, text
    assert "75" not in text, text


def test_the_tie_detectors_grid_room_counts_connected_mw() -> None:
    """150 MW of headroom, nothing built: a module started in 2026 is connected in 2027
    at 100 MW (0.75 of it online on average), so one fits (150 / 100), not two
    (150 / 75)."""
    from tigris.plan.ties import _grid_room

    inp = dc_tiny(
        **ramped(
            existing_mw=0.5,
            build_dc=True,
            headroom=150.0,
            module_capacity=np.array([[1000.0, 100.0]]),
        )
    )
    assert _grid_room(inp, np.zeros((1, 2, N)), 0, 1, 1) == 1
    built = np.zeros((1, 2, N))
    built[0, 1, 0] = 1.0  # one module from 2025: 100 MW connected from 2026
    assert _grid_room(inp, built, 0, 1, 1) == 0


def test_the_grid_headroom_table_has_only_limited_regions() -> None:
    """Rows with an unlimited (inf) or unknown (NaN, an older run) headroom and the world
    row are left out; a finite one stays."""
    from tigris.report.energy import grid_headroom_table

    cols = {
        "grid_connected_mw": [100.0, 0.0, np.nan, 100.0],
        "existing_mw_online": [1.0] * 4,
        "grid_built_mw_online": [75.0, 0.0, np.nan, 75.0],
        "onsite_built_mw_online": [0.0] * 4,
    }
    p = pd.DataFrame(
        {
            "year": [2030] * 4,
            "region": ["usa", "china", "europe", "world"],
            "grid_headroom_mw": [150.0, np.inf, np.nan, np.inf],
            "grid_headroom_left_mw": [50.0, np.inf, np.nan, np.inf],
            **cols,
        }
    )
    out = grid_headroom_table(p)
    assert out["region"].tolist() == ["usa"]
    assert out["grid_headroom_left_mw"].tolist() == [50.0]


def test_no_note_where_the_capacity_table_holds_ai_capacity_only() -> None:
    """middle-east in data/datacenter_capacity.csv is AI campuses only (ai_share 1,
    1,155 MW in 2028: the end-2025 fleet's 155 MW held plus Stargate UAE's 1,000 MW): no
    all-data-centre total to compare with. The reference's 7.6 TWh there (1,155 MW x 0.75
    x 8,766 h) is above 1,155 x 0.52 x 8,766 h = 5.3 TWh only because the same MW are
    drawn at 0.75 and at 0.52: no note. usa 2030 (ai_share 0.69 of 85,795 MW, an
    all-data-centre total of 391 TWh at 0.52) keeps its note."""
    from tigris.energy.data import capacity_table
    from tigris.report.energy import ai_energy_notes

    cap = capacity_table().set_index(["region", "year"])
    assert cap.loc[("middle-east", 2028), "ai_share"] == 1.0
    assert cap.loc[("middle-east", 2028), "mw"] == 1155.0
    me = 1155.0 * 0.75 * 8766 / 1e6
    assert me == pytest.approx(7.59, abs=0.01)
    table = pd.DataFrame(
        {"year": [2028, 2030], "region": ["middle-east", "usa"], "energy_twh": [me, 441.21]}
    )
    (line,) = ai_energy_notes(table)
    assert "in usa in 2030 " in line and "against 391 TWh" in line


def test_cli_grid_headroom_table_by_hand(run_cli, monkeypatch) -> None:
    """``tigris plan``'s 'Grid headroom by region': usa (150 MW headroom, 100 connected,
    50 left; 1,400 existing + 75 grid + 25 on-site = 1,500 online) in its columns'
    order; china, unlimited (inf), has no row."""
    import re
    from dataclasses import replace

    from tests.test_power_result import regional_result

    r = regional_result()
    p = r.power.copy()
    usa, china = p["region"] == "usa", p["region"] == "china"
    p.loc[usa, "grid_headroom_mw"] = 150.0
    p.loc[usa, "grid_connected_mw"] = 100.0
    p.loc[usa, "grid_headroom_left_mw"] = 50.0
    p.loc[usa, "existing_mw_online"] = 1400.0
    p.loc[usa, "grid_built_mw_online"] = 75.0
    p.loc[usa, "onsite_built_mw_online"] = 25.0
    p.loc[china, ["grid_headroom_mw", "grid_headroom_left_mw"]] = np.inf
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: replace(r, power=p))
    res = run_cli("plan")
    assert res.code == 0, res.err
    block = res.out.split("Grid headroom by region")[1].split("Compute delivered")[0]
    rows = [
        cells
        for ln in block.splitlines()
        if len(cells := [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]) == 8
    ]
    assert rows[0] == [
        "region",
        "year",
        "headroom",
        "used",
        "left",
        "existing",
        "grid mod.",
        "on-site",
    ]
    assert rows[1:] == [
        ["usa", "2025", "150", "100", "50", "1,400", "75", "25"],
        ["usa", "2026", "150", "100", "50", "1,400", "75", "25"],
    ]


def test_mw_by_supply_are_facility_mw_at_each_supplys_pue() -> None:
    """Plan PUE 1.2 (the rows' unit): existing 120 rows-MW at PUE 1.1 are 120 / 1.2 x 1.1
    = 110 facility MW; a grid module of 96 rows-MW at PUE 1.25 is 100 facility MW, started
    in 2025 (online 0 / 0.75 / 1: 0, 75, 100 MW; connected 0, 100, 100 MW of 150)."""
    from tigris.energy.fleet import power_table

    inp = dc_tiny(
        **ramped(
            existing_mw=120.0,
            build_dc=True,
            headroom=150.0,
            module_capacity=np.array([[1000.0, 96.0]]),
        )
    ).replace(
        pue=1.2,
        power_regions=PowerRegions(
            names=("usa",),
            existing_mw=np.full((1, N), 120.0),
            existing_pue=np.array([1.1]),
            module_pue=np.array([[1.2, 1.25]]),
            demand_share=np.zeros(1),
            onsite_gco2_per_kwh=np.full(2, np.nan),
            onsite_usd_per_mwh=np.full(2, np.nan),
        ),
    )
    build = np.zeros((1, 2, N))
    build[0, 1, 0] = 1.0
    table = power_table(inp, {"build": build, "prod": np.zeros((1, N))}, load_factor=1.0)
    usa = table[table["region"] == "usa"].set_index("year")
    assert usa["existing_mw_online"].tolist() == pytest.approx([110.0] * N)
    assert usa["grid_built_mw_online"].tolist() == pytest.approx([0.0, 75.0, 100.0])
    assert usa["grid_connected_mw"].tolist() == pytest.approx([0.0, 100.0, 100.0])
    assert usa["grid_headroom_left_mw"].tolist() == pytest.approx([150.0, 50.0, 50.0])
    assert usa["datacenter_mw_online"].tolist() == pytest.approx([110.0, 185.0, 210.0])
