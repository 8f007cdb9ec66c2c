"""The ``power`` table in the plan result, ``--json``, saved runs, the CLI and the report
(issue 12, "Energy and its cost": results and report).

Checked against the world: the world row is the sum of the regions; the facility power
needed is the fleet × MW per accelerator by hand on a tiny problem; a run saved before
issue 12 reads with its two old columns mapped; the report draws the figure and has the
sections.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tigris.plan.result import TABLE_COLUMNS, WORLD, PlanResult
from tigris.plan.saved import CONTENT_KEY, content_digest

YEARS = [2025, 2026]
#: Columns of the power table holding a quantity (not the year or region).
QUANTITIES = [c for c in TABLE_COLUMNS["power"] if c not in ("year", "region")]


def regional_power() -> pd.DataFrame:
    """A power table with two regions and their world row (the sums), by hand."""
    rows = []
    for year, k in zip(YEARS, (1.0, 2.0), strict=True):
        usa = [1000.0 * k, 1300.0 * k, 1500.0, 10.0 * k, 0.0, 0.0, 4e6 * k, 8e8 * k, 2.0 * k]
        china = [500.0 * k, 650.0 * k, 600.0, 5.0 * k, 100.0, 0.876, 3e6 * k, 2e8 * k, 0.0]
        # online by supply (all existing), grid headroom, used, left (usertest #6)
        usa += [1500.0, 0.0, 0.0, 100.0, 0.0, 100.0]
        china += [600.0, 0.0, 0.0, 50.0, 0.0, 50.0]
        # energy on the year-mean MW (UT-GRID #2; 2025 from a fleet half this size)
        usa += [7.5 * k]
        china += [3.75 * k]
        # gas burned (GAS, S36): china's 0.876 TWh on site x 9,447 Btu/kWh x 1e3 MMBtu
        # per TWh per Btu/kWh, and its Bcf/d at 1,036 Btu/cf over 365.25 days
        usa += [0.0, 0.0]
        china += [0.876 * 9447e3, 0.876 * 9447e3 * 1e6 / 1036 / 1e9 / 365.25]
        rows.append((year, "usa", *usa))
        rows.append((year, "china", *china))
        rows.append((year, WORLD, *(a + b for a, b in zip(usa, china, strict=True))))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS["power"]))


def regional_result() -> PlanResult:
    from tests.test_cli_output import tiny_result

    r = tiny_result()
    builds = pd.DataFrame(
        {
            "site": ["texas-usa", "arizona-usa"],
            "facility": ["datacenter", "logic"],
            "node": ["", "N2"],
            "start_year": [2025, 2025],
            "online_year": [2026, 2028],
            "modules": [3, 1],
            "capacity": [1500.0, 20000.0],
            "capacity_unit": ["MW", "wspm"],
            "capex_usd": [15e9, 20e9],
            "owner": ["investor", "investor"],
        }
    )
    from dataclasses import replace

    return replace(r, power=regional_power(), builds=builds)


def _rewrite_digest(run: Path, name: str) -> None:
    """Record ``name``'s new bytes in plan.json, as a run saved that way would."""
    doc = json.loads((run / "plan.json").read_text(encoding="utf-8"))
    data = (run / name).read_bytes()
    rows = data.decode("utf-8").count("\n") - 1
    doc["files"][name] = {"rows": rows, "sha256": hashlib.sha256(data).hexdigest()}
    doc.pop(CONTENT_KEY, None)  # plan.json's own digest follows its content, as written
    doc[CONTENT_KEY] = content_digest(doc)
    (run / "plan.json").write_text(json.dumps(doc), encoding="utf-8")


def test_power_table_round_trips(tmp_path: Path) -> None:
    """Regions and world rows, NaN-free, read back as written."""
    r = regional_result()
    r.write(tmp_path / "run")
    back = PlanResult.read(tmp_path / "run")
    pd.testing.assert_frame_equal(back.power, r.power, check_dtype=False)
    assert list(back.power.columns) == list(TABLE_COLUMNS["power"])


def test_run_saved_before_issue_12_reads_its_two_columns(tmp_path: Path) -> None:
    """An old ``power.csv`` (``year,fab_power_mw,compute_power_mw``) reads as the world
    rows: ``compute_power_mw`` (the fleet's facility power) is ``facility_mw_needed``,
    ``fab_power_mw`` stays, what was not computed then is NaN."""
    from tests.test_cli_output import tiny_result

    run = tmp_path / "old"
    tiny_result().write(run)
    (run / "power.csv").write_text(
        "year,fab_power_mw,compute_power_mw\n2025,0.0,1000.0\n2026,250.0,1500.0\n",
        encoding="utf-8",
    )
    _rewrite_digest(run, "power.csv")
    back = PlanResult.read(run)
    p = back.power
    assert list(p.columns) == list(TABLE_COLUMNS["power"])
    assert p["region"].tolist() == [WORLD, WORLD]
    assert p["year"].tolist() == YEARS
    assert p["facility_mw_needed"].tolist() == [1000.0, 1500.0]
    assert p["fab_power_mw"].tolist() == [0.0, 250.0]
    for col in ("fleet_it_mw", "datacenter_mw_online", "energy_twh", "emissions_t_co2"):
        assert p[col].isna().all(), col
    # the JSON says null for what was not computed, never 0
    rec = back.to_dict()["power"][1]
    assert rec["facility_mw_needed"] == 1500.0 and rec["energy_twh"] is None


def test_old_power_header_still_checked(tmp_path: Path) -> None:
    """The old header is read as strictly: a missing year is refused."""
    from tests.test_cli_output import tiny_result
    from tigris.errors import InputError

    run = tmp_path / "old"
    tiny_result().write(run)
    (run / "power.csv").write_text(
        "year,fab_power_mw,compute_power_mw\n2025,0.0,1000.0\n", encoding="utf-8"
    )
    _rewrite_digest(run, "power.csv")
    with pytest.raises(InputError, match="no row for year 2026"):
        PlanResult.read(run)


def test_json_power_has_the_new_columns() -> None:
    """``to_dict()["power"]`` (``tigris plan --json``) has every documented column."""
    doc = regional_result().to_dict()
    rec = doc["power"]
    assert {r["region"] for r in rec} == {"usa", "china", WORLD}
    assert set(rec[0]) == set(TABLE_COLUMNS["power"])
    json.dumps(doc["power"], allow_nan=False)  # no NaN: a hand table without gaps


def test_headline_names_datacenter_modules_in_mw() -> None:
    """The builds sentence says the data-centre capacity in MW, not wafers."""
    head = regional_result().headline()
    dc = [b for b in head["builds"] if b["facility"] == "datacenter"]
    assert dc and dc[0]["capacity_unit"] == "MW" and dc[0]["capacity"] == 1500.0
    text = " ".join(head["sentences"])
    assert "data-centre ×3 (1,500 MW) in texas-usa" in text


def test_world_row_is_the_sum_of_regions_in_a_hand_table() -> None:
    """The invariant the planner's table keeps, checked on the hand table itself so a
    wrong fixture cannot make the other tests pass."""
    p = regional_power()
    _assert_world_is_sum(p)


def _assert_world_is_sum(p: pd.DataFrame) -> None:
    regions = p[p["region"] != WORLD].groupby("year")[QUANTITIES].sum(min_count=1)
    world = p[p["region"] == WORLD].set_index("year")[QUANTITIES]
    for col in QUANTITIES:
        a, b = regions[col].to_numpy(float), world.loc[regions.index, col].to_numpy(float)
        if np.isnan(b).all():
            continue
        assert a == pytest.approx(b, rel=1e-9, abs=1e-6), col
    assert not math.isnan(world["facility_mw_needed"].sum())


def _table_rows(out: str, title: str, until: str, n_cells: int) -> dict[str, list[str]]:
    import re

    block = out.split(title)[1].split(until)[0]
    return {
        cells[0]: cells[1:]
        for ln in block.splitlines()
        if len(cells := [c.strip() for c in re.split(r"[│┃]", ln)[1:-1]]) == n_cells
    }


def test_cli_prints_the_world_power_table_after_the_money(run_cli, monkeypatch) -> None:
    """``tigris plan`` prints the world rows after the money block, in GW, TWh, Mt CO2.

    By hand from the table: 2026 needs 1,300×2 + 650×2 = 3,900 MW = 3.9 GW against
    1,500 + 600 = 2.1 GW online (186%), 20 + 10 = 30 TWh and 8 + 6 = 14 Mt CO2.
    """
    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: regional_result())
    res = run_cli("plan")
    assert res.code == 0, res.err
    out = res.out
    assert out.index("Money by year") < out.index("Power by year") < out.index("Compute deliv")
    rows = _table_rows(out, "Power by year", "Compute delivered", 7)
    # energy TWh (year-end MW), then the year-mean column: 7.5 + 3.75 = 11.25 TWh in
    # 2025, twice that in 2026 (regional_power's hand values)
    assert rows["2025"] == ["1.9", "2.1", "93%", "15", "11", "7.0"]
    assert rows["2026"] == ["3.9", "2.1", "186%", "30", "22", "14.0"]
    # the builds table names the data-centre modules in MW
    builds = _table_rows(out, "What to build", "Money by year", 7)
    assert builds["texas-usa"][:3] == ["datacenter", "3", "1,500 MW"]


def test_cli_power_table_of_an_old_run_says_not_computed(run_cli, monkeypatch) -> None:
    """A run of before issue 12 has only the facility power: the rest prints ``–``."""
    from tests.test_cli_output import tiny_result

    monkeypatch.setattr("tigris.plan.solve", lambda *a, **k: tiny_result())
    res = run_cli("plan")
    assert res.code == 0, res.err
    rows = _table_rows(res.out, "Power by year", "Compute delivered", 7)
    assert rows["2026"] == ["1.5", "–", "–", "–", "–", "–"]


def test_facility_power_is_the_fleet_times_mw_per_unit_by_hand() -> None:
    """A solved tiny problem: the world's facility MW needed is the fleet by hand.

    1,000 wspm of existing logic make 1.2M chips a year; 1M are demanded each year, so
    1M are delivered in 2025, 2026 and 2027. With a 2-year life the fleet is 1M, 2M, 2M;
    at 1,000 W × 1.3 (IT overhead) × 1.2 (PUE) = 0.00156 MW each it needs 1,560, 3,120
    and 3,120 MW, plus the legacy fleet's 500, 250 and 0 MW: 2,060, 3,370, 3,120 MW;
    IT power is that over the PUE. No data-centre kind: capacity online is NaN (not
    modelled), and the world row is the sum of the regions the fleet is placed in.
    """
    from tests.test_plan_tiny import tiny
    from tigris.plan import solve_inputs

    inp = tiny(
        3,
        existing_wspm=1000.0,
        demand=1e6,
        capital=[0.0],
        fleet_lifetime_years=2,
        pue=1.2,
        fleet_mw_per_unit=np.array([1000.0 * 1.3 * 1.2 / 1e6]),
        legacy_fleet_mw=np.array([500.0, 250.0, 0.0]),
        site_region=("usa",),
    )
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False, counterfactual=False)
    assert r.ok
    world = r.power[r.power["region"] == WORLD].set_index("year")
    want = np.array([2060.0, 3370.0, 3120.0])
    assert world["facility_mw_needed"].to_numpy() == pytest.approx(want, rel=1e-6)
    assert world["fleet_it_mw"].to_numpy() == pytest.approx(want / 1.2, rel=1e-6)
    assert world["datacenter_mw_online"].isna().all()
    assert (world["energy_twh"] > 0).all()
    assert len(r.power[r.power["region"] != WORLD]) > 0
    _assert_world_is_sum(r.power)


# --- the report ------------------------------------------------------------------------


def _traces(html_text: str, fig_id: str) -> dict[str, dict]:
    from tests.test_report import html_traces

    return {t["name"]: t for t in html_traces(html_text)[fig_id]}


def _y(trace: dict) -> np.ndarray:
    from tests.test_report import _decode

    return np.asarray(_decode(trace["y"]), dtype=float)


def test_report_draws_needed_vs_online_by_region(tmp_path: Path) -> None:
    """The HTML figure has a panel per region, the world first, in GW as in the table:
    world 1,950 -> 3,900 MW needed against 2,100 MW online; China 650 -> 1,300 vs 600."""
    from tigris.report import write_html

    text = write_html(regional_result(), tmp_path / "r.html").read_text(encoding="utf-8")
    tr = _traces(text, "fig-datacenter")
    assert {"needed: world", "online: usa", "needed: china"} <= set(tr)
    assert _y(tr["needed: world"]) == pytest.approx([1.95, 3.9])
    assert _y(tr["online: world"]) == pytest.approx([2.1, 2.1])
    assert _y(tr["needed: china"]) == pytest.approx([0.65, 1.3])
    assert _y(tr["online: china"]) == pytest.approx([0.6, 0.6])
    # the sections: the energy table (world by year, regions in the last year) and the
    # builds with the data-centre modules in MW
    for sid in ('id="energy"', 'id="table-energy"', 'id="table-energy-regions"'):
        assert sid in text, sid
    energy = text.split('id="table-energy"')[1].split("</table>")[0]
    assert "3.9" in energy and "30" in energy and "14.0" in energy  # GW, TWh, Mt CO2
    builds = text.split('id="builds"')[1].split("</section>")[0]
    assert "datacenter" in builds and "MW of data-centre power" in builds


def test_report_of_an_old_run_shows_power_not_computed(tmp_path: Path) -> None:
    """A run saved before issue 12: the figure has the world's need and nothing online
    (no trace: its power table has no capacity online, as a run without data centres,
    S42), and the table says – for what was not computed."""
    from tests.test_cli_output import tiny_result
    from tigris.report import write_html

    text = write_html(tiny_result(), tmp_path / "r.html").read_text(encoding="utf-8")
    tr = _traces(text, "fig-datacenter")
    assert _y(tr["needed: world"]) == pytest.approx([1.0, 1.5])
    assert "online: world" not in tr
    assert "saved before tigris modelled data-centre power" in text
    energy = text.split('id="table-energy"')[1].split("</table>")[0]
    assert "–" in energy


def test_png_datacenter_figure_and_energy_lines(tmp_path: Path) -> None:
    """The matplotlib twin: one panel per region with a GW axis, and the headline page
    lists the world's power by year."""
    from tigris.report import report_tables
    from tigris.report.energy import energy_lines
    from tigris.report.png import mpl_figure

    r = report_tables(regional_result())
    fig = mpl_figure("datacenter", r)
    shown = [a for a in fig.axes if a.get_visible() and a.has_data()]
    assert [a.texts[0].get_text() for a in shown] == [WORLD, "usa", "china"]
    assert shown[0].get_ylabel() == "Facility power [GW]"
    assert shown[0].get_ylim()[1] >= 3.9
    lines = energy_lines(r)
    assert lines[-1] == "2026: 3.9 GW needed, 2.1 GW online, 30 TWh, 14.0 Mt CO2"
    assert energy_lines(r, by_region=True) == [
        "usa: 2.6 GW needed, 1.5 GW online, 20 TWh, 8.0 Mt CO2",
        "china: 1.3 GW needed, 0.6 GW online, 10 TWh, 6.0 Mt CO2",
    ]


def test_reference_json_has_the_power_table_and_datacenter_builds(reference_plan_json: str) -> None:
    """Issue 12's Must show: ``tigris plan --json`` has ``power`` by year and region
    with the fleet's IT and facility power, the capacity online and the energy, the
    world row the sum of the regions in every year, and data-centre modules in the
    builds table in MW (the reference builds them: power binds)."""
    doc = json.loads(reference_plan_json)  # tests/conftest.py: run once per session
    p = pd.DataFrame(doc["power"])
    assert list(p.columns) == list(TABLE_COLUMNS["power"])
    first, last = doc["horizon"]
    assert sorted(set(p["year"])) == list(range(first, last + 1))
    assert (p.groupby("year")["region"].apply(lambda r: (r == WORLD).sum()) == 1).all()
    assert p["region"].nunique() > 2  # regions, not only the world
    _assert_world_is_sum(p)
    world = p[p["region"] == WORLD]
    # IT power × PUE = facility power, the PUE of where the fleet is (data/grid.csv
    # regions and data/datacenter_types.csv new builds: all within [1.1, 1.35])
    pue = world["facility_mw_needed"] / world["fleet_it_mw"]
    assert pue.min() >= 1.1 - 1e-9 and pue.max() <= 1.35 + 1e-9
    # the constraint holds: needed <= online (1 kW tolerance of the solver's)
    assert (world["facility_mw_needed"] <= world["datacenter_mw_online"] + 1e-3).all()
    assert (world["energy_twh"] > 0).all()
    dc = [b for b in doc["builds"] if b["facility"] == "datacenter"]
    assert dc and all(b["capacity_unit"] == "MW" for b in dc)
    assert any("data-centre" in s for s in doc["headline"]["sentences"])


def test_report_reads_an_old_json_power_table() -> None:
    """``tigris plan --json`` of before issue 12 (``fab_power_mw``, ``compute_power_mw``)
    given to the report: world rows, the facility power as it was, the rest NaN."""
    from tests.test_cli_output import tiny_result
    from tigris.report import report_tables

    doc = json.loads(json.dumps(tiny_result().to_dict(), default=str).replace("NaN", "null"))
    doc["power"] = [
        {"year": 2025, "fab_power_mw": 0.0, "compute_power_mw": 1000.0},
        {"year": 2026, "fab_power_mw": 5.0, "compute_power_mw": 2000.0},
    ]
    p = report_tables(doc).power
    assert p["region"].tolist() == [WORLD, WORLD]
    assert p["facility_mw_needed"].tolist() == [1000.0, 2000.0]
    assert p["fab_power_mw"].tolist() == [0.0, 5.0]
    assert p["energy_twh"].isna().all() and p["energy_twh"].dtype == float
