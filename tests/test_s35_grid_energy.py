"""GRID-FIX (UT-GRID #2, #1, #11): the plan's energy on both bases, named, and what the
grid levers reach.

UT-GRID #2: the plan's ``energy_twh`` for usa 2028 (312.7 TWh) is on the year-end MW (a
delivery counts for its whole year), the hindcast's forward check on the year-mean MW of
the same table (its AI part 288.6 TWh), and neither said so. The power table now has
``energy_twh_year_mean`` beside it, and the forward check gives the table's AI energy on
both bases. Checked by hand from ``data/datacenter_capacity.csv`` read as text.

UT-GRID #1: the grid wait and headroom reach only the plan's own modules; the capacity
table's ~61 GW of growth counts as connected. The report says so with the numbers.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.conftest import data_table

#: Hours in a year (365.25 days) and the AI fleet's load factor (data/energy_parameters.csv).
HOURS = 8766.0
YEAR = 2028


def _load_factor() -> float:
    rows = {r["parameter"]: r for r in data_table("energy_parameters")}
    return float(rows["load_factor"]["value"])


def _ai_mw(region: str, year: int) -> float:
    """AI facility MW standing at the end of ``year`` (mw x ai_share), by hand: the
    region's rows linear between data years, flat after the last."""
    rows = sorted(
        (int(r["year"]), float(r["mw"]) * float(r["ai_share"]))
        for r in data_table("datacenter_capacity")
        if r["region"] == region
    )
    years = [y for y, _ in rows]
    total: dict[int, float] = {}
    for y, v in rows:
        total[y] = total.get(y, 0.0) + v
    if year in total:
        return total[year]
    if year > max(years):
        return total[max(years)]
    lo = max(y for y in total if y < year)
    hi = min(y for y in total if y > year)
    return total[lo] + (total[hi] - total[lo]) * (year - lo) / (hi - lo)


@pytest.fixture(scope="module")
def power(reference_plan_json: str) -> pd.DataFrame:
    return pd.DataFrame(json.loads(reference_plan_json)["power"])


@pytest.fixture(scope="module")
def hindcast_doc() -> dict[str, Any]:
    import contextlib
    import io

    from tigris.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["hindcast", "--json"])
    assert code == 0
    return json.loads(out.getvalue())


def _row(p: pd.DataFrame, region: str, year: int) -> dict[str, Any]:
    return p[(p["region"] == region) & (p["year"] == year)].iloc[0].to_dict()


def _own_mw(x: dict[str, Any]) -> float:
    """The plan's own modules' MW online (grid and on-site), not in the capacity table."""
    return float(x["grid_built_mw_online"]) + float(x["onsite_built_mw_online"])


def test_plan_year_mean_equals_the_hindcast_check(power: pd.DataFrame, hindcast_doc) -> None:
    """usa 2028: the plan's year-mean TWh, less its own modules' year-mean share, is the
    forward check's AI energy (same table, same year, same basis), and both are the
    hand value ((C_AI(2027) + C_AI(2028)) / 2 x 0.75 x 8,766 h = 288.6 TWh); the plan's
    year-end TWh, less its modules, is the check's year-end figure (C_AI(2028): 309.2)."""
    lf = _load_factor()
    twh = lf * HOURS / 1e6
    by_hand_mean = 0.5 * (_ai_mw("usa", YEAR - 1) + _ai_mw("usa", YEAR)) * twh
    by_hand_end = _ai_mw("usa", YEAR) * twh
    assert by_hand_mean == pytest.approx(288.6, abs=0.05)  # UT-GRID's figure
    assert by_hand_end == pytest.approx(309.2, abs=0.05)

    rows = hindcast_doc["power_forward_check"]["rows"]
    lbnl = next(r for r in rows if r["region"] == "usa" and r["year"] == YEAR)
    assert lbnl["table_basis"] == "year-mean"
    assert lbnl["table_ai_twh_year_mean"] == pytest.approx(by_hand_mean, rel=1e-9)
    assert lbnl["table_ai_twh_end_of_year"] == pytest.approx(by_hand_end, rel=1e-9)
    assert "energy_twh_year_mean" in hindcast_doc["power_forward_check"]["method"]

    # power binds in usa in both years (needed = online), so the plan's usa MW are the
    # table's AI MW plus its own modules
    now, before = _row(power, "usa", YEAR), _row(power, "usa", YEAR - 1)
    for x in (now, before):
        assert float(x["facility_mw_needed"]) == pytest.approx(float(x["datacenter_mw_online"]))
    own_mean = 0.5 * (_own_mw(before) + _own_mw(now)) * twh
    assert float(now["energy_twh_year_mean"]) - own_mean == pytest.approx(
        lbnl["table_ai_twh_year_mean"], rel=1e-6
    )
    assert float(now["energy_twh"]) - _own_mw(now) * twh == pytest.approx(
        lbnl["table_ai_twh_end_of_year"], rel=1e-6
    )


def test_year_mean_is_the_mean_of_the_two_year_ends(power: pd.DataFrame) -> None:
    """Every region and year after the first: the year-mean energy is the mean of the
    year-end energy of the year and the year before (energy is linear in MW); the
    first year starts from the fleet delivered before the plan, which the capacity
    table's 2025 AI MW hold (docs/energy.md, within 0.5 %): the world's 2026 year mean
    is then the table's 2025-2026 AI year mean (33.5 GW, ~220 TWh) within 0.5 %."""
    for region, g in power.groupby("region"):
        g = g.sort_values("year")
        end = g["energy_twh"].to_numpy(float)
        mean = g["energy_twh_year_mean"].to_numpy(float)
        assert mean[1:] == pytest.approx(0.5 * (end[:-1] + end[1:]), rel=1e-9), region
    first = int(power["year"].min())
    regions = sorted({r["region"] for r in data_table("datacenter_capacity")})
    table_mean = sum(0.5 * (_ai_mw(r, first - 1) + _ai_mw(r, first)) for r in regions)
    world = _row(power, "world", first)
    by_hand = table_mean * _load_factor() * HOURS / 1e6
    assert float(world["energy_twh_year_mean"]) == pytest.approx(by_hand, rel=0.005)
    assert float(world["energy_twh_year_mean"]) < float(world["energy_twh"])


def test_report_names_both_bases(reference_made: dict[str, Any]) -> None:
    """The HTML energy table has both columns, headed by basis, its caption says which
    is which, and the saved power.csv has the column."""
    html = reference_made["html"]
    table = html.split('id="table-energy"')[1].split("</table>")[0]
    assert "compute energy, year-end MW [TWh]" in table
    assert "compute energy, year-mean MW [TWh]" in table
    assert "on the year-end MW" in html and "(MW(t-1) + MW(t)) / 2" in html
    csv = pd.read_csv(Path(reference_made["dir"]) / "run" / "power.csv")
    assert "energy_twh_year_mean" in csv.columns


def test_hindcast_text_names_the_basis(run_cli) -> None:
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    flat = " ".join(res.out.split())
    assert "usa 2028, AI part of the table: 288.6 TWh on the year-mean MW" in flat
    assert "309.2 TWh on the year-end MW (the plan's energy_twh)" in flat


def test_a_run_saved_before_the_column_reads(tmp_path: Path) -> None:
    """A power.csv with every column but the year mean (runs saved before it) reads,
    the year mean NaN (not computed)."""
    from tests.test_power_result import _rewrite_digest, regional_result
    from tigris.plan.result import TABLE_COLUMNS, PlanResult

    r = regional_result()
    run = tmp_path / "run"
    r.write(run)
    # such a run also lacks the gas burned, added after it (GAS, S36)
    later = ["energy_twh_year_mean", "onsite_gas_mmbtu", "onsite_gas_bcf_per_day"]
    r.power.drop(columns=later).to_csv(run / "power.csv", index=False, lineterminator="\n")
    _rewrite_digest(run, "power.csv")
    back = PlanResult.read(run).power
    assert list(back.columns) == list(TABLE_COLUMNS["power"])
    assert back["energy_twh_year_mean"].isna().all()
    assert back["energy_twh"].tolist() == r.power["energy_twh"].tolist()


def test_grid_scope_is_said_with_the_numbers(power: pd.DataFrame, reference_made) -> None:
    """UT-GRID #1: the report says the grid wait and headroom reach only the plan's own
    modules, and how much the capacity table grows untouched by them: the world's AI
    MW from the end of the first year to the end of the last (40.5 -> 101.3 GW, +60.8),
    usa's (30.3 -> 75.6, +45.3), by hand from data/datacenter_capacity.csv."""
    first, last = int(power["year"].min()), int(power["year"].max())
    regions = sorted({r["region"] for r in data_table("datacenter_capacity")})
    w0 = sum(_ai_mw(r, first) for r in regions) / 1e3
    w1 = sum(_ai_mw(r, last) for r in regions) / 1e3
    u0, u1 = _ai_mw("usa", first) / 1e3, _ai_mw("usa", last) / 1e3
    assert w1 - w0 == pytest.approx(60.8, abs=0.05)  # UT-GRID's ~61 GW
    html = " ".join(reference_made["html"].split())
    scope = html.split('id="grid-scope">')[1].split("</p>")[0].replace("&#x27;", "'")
    assert "limit only the plan's own grid-connected modules" in scope
    assert f"grows by {w1 - w0:,.1f} GW in the world from {first} to {last}" in scope
    assert f"({w0:,.1f} to {w1:,.1f} GW)" in scope
    assert f"usa {u1 - u0:,.1f} GW ({u0:,.1f} to {u1:,.1f} GW)" in scope
    assert not math.isnan(w0)


def test_headroom_caption_does_not_claim_a_limit(reference_made: dict[str, Any]) -> None:
    """UT-GRID #11: usa's headroom is far from used (26,152 of 26,152 MW left in 2030),
    so the table's caption must not say it limits the plan."""
    html = " ".join(reference_made["html"].split())
    section = html.split("Grid headroom and data-centre capacity by supply")[1]
    caption = section.split("</p>")[0]
    assert "limits the plan" not in caption
    assert "whether it binds is the left column" in caption


def test_no_scope_sentence_when_nothing_escapes_the_levers() -> None:
    """Existing capacity held flat (or none: baseline none) grows by nothing the levers
    miss: no sentence; growing, one naming the growth, by hand."""
    from tigris.report.energy import grid_scope_note

    def table(existing: list[float]) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "year": [2026, 2027],
                "region": ["world", "world"],
                "existing_mw_online": existing,
                "grid_headroom_mw": [math.inf, math.inf],
                "grid_connected_mw": [0.0, 100.0],
            }
        )

    assert grid_scope_note(table([0.0, 0.0])) is None
    assert grid_scope_note(table([5000.0, 5000.0])) is None
    note = grid_scope_note(table([5000.0, 7500.0]))
    assert note is not None and "grows by 2.5 GW in the world from 2026 to 2027" in note
