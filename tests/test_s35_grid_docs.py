"""docs/energy.md quotes what the reference gives today (UT-GRID #5).

The docs described the reference of 3 December 2026 (44.5 GW in 2026, 89.2 GW in 2030,
300 MW of grid and 2,900 MW of gas, a negative NPV, ``--objective npv`` building
nothing), contradicting the README and the tool. As tests/test_readme_commands.py does
for the README, these re-run the reference (the session's ``tigris plan --json``) and
check every figure the restated paragraphs quote; when the reference moves, they fail
and the paragraphs are rewritten from the output.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "energy.md"


def _flat(text: str) -> str:
    return " ".join(text.split())


def _paragraph(start: str) -> str:
    """The paragraph of docs/energy.md holding ``start``, from it to its end, flattened."""
    for para in DOC.read_text(encoding="utf-8").split("\n\n"):
        flat = _flat(para)
        if start in flat:
            return flat[flat.index(start) :]
    raise AssertionError(f"no paragraph with {start!r} in {DOC}")


def _table_row(name: str) -> str:
    """The first cell after ``name`` in the 'What power changed' table."""
    text = DOC.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if ln.startswith(f"| {name} |"))
    return row.split(" | ")[1]


@pytest.fixture(scope="module")
def doc(reference_plan_json: str) -> dict[str, Any]:
    return json.loads(reference_plan_json)


def _world(doc: dict[str, Any]) -> pd.DataFrame:
    p = pd.DataFrame(doc["power"])
    return p[p["region"] == "world"].set_index("year")


def _builds(doc: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    b = pd.DataFrame(doc["builds"])
    dc = b[b["facility"] == "datacenter"]
    grid = dc[dc["node"].fillna("") == ""].to_dict("records")
    gas = dc[dc["node"] == "gas"].to_dict("records")
    return grid, gas


def test_reading_the_results_paragraph(doc: dict[str, Any]) -> None:
    text = _paragraph("In the reference on 4 December 2026")
    w = _world(doc)
    first, last = int(w.index.min()), int(w.index.max())
    gw = w["facility_mw_needed"] / 1e3
    online = w["datacenter_mw_online"] / 1e3
    assert (
        f"{gw[first]:.1f} GW (facility) are needed of the {online[first]:.1f} GW online in" in text
    )
    assert f"{gw[first] / online[first]:.0%} ".replace("%", " %") in text  # 100 %
    for y in (2027, 2028):
        assert f"{gw[y]:.1f} GW in {y}" in text, y
    y = 2030
    r = w.loc[y]
    assert (
        f"{gw[y]:.1f} GW in {y} ({r['fleet_it_mw'] / 1e3:.1f} GW of IT; {r['energy_twh']:.0f} TWh "
        f"on the year-end MW, {r['energy_twh_year_mean']:.0f} TWh on the year-mean MW, of which "
        f"{r['onsite_energy_twh']:.1f} TWh from on-site gas"
    ) in text
    assert (
        f"{r['emissions_t_co2'] / 1e6:.1f} Mt CO2, ${r['electricity_cost_usd'] / 1e9:.1f}B" in text
    )
    r = w.loc[last]
    assert (
        f"{gw[last]:.1f} GW in {last} ({r['energy_twh']:.0f} TWh, "
        f"{r['emissions_t_co2'] / 1e6:.1f} Mt CO2)"
    ) in text
    grid, gas = _builds(doc)
    g_mw, o_mw = sum(b["capacity"] for b in grid), sum(b["capacity"] for b in gas)
    assert f"builds {g_mw + o_mw:,.0f} MW of data-centre modules at `texas-usa`" in text
    (g,) = grid
    assert (
        f"{g_mw:,.0f} MW on the grid (started {g['start_year']}, online {g['online_year']}" in text
    )
    parts = "; ".join(
        f"{b['capacity']:,.0f} MW started {b['start_year']}, online {b['online_year']}"
        for b in sorted(gas, key=lambda b: b["start_year"])
    )
    assert f"{o_mw:,.0f} MW of on-site gas ({parts})" in text
    p = pd.DataFrame(doc["power"])
    usa = p[p["region"] == "usa"].set_index("year")
    head = usa["grid_headroom_mw"]
    assert f"usa ({head[first]:,.0f} MW in {first} to {head[last]:,.0f} MW in {last})" in text
    used = usa["grid_connected_mw"]
    since = int(used[used > 0].index.min())
    assert f"{used[last]:,.0f} MW used from {since}" in text
    dm = pd.DataFrame(doc["demand"]).groupby("year")[["demand_h100e", "served_h100e"]].sum()
    assert (
        f"({dm.loc[last, 'demand_h100e'] / 1e6:,.0f}M H100e demanded in {last} against "
        f"{dm.loc[last, 'served_h100e'] / 1e6:,.0f}M served)"
    ) in text


def test_what_power_changed_table(doc: dict[str, Any]) -> None:
    grid, gas = _builds(doc)
    n_grid = sum(b["modules"] for b in grid)
    n_gas = sum(b["modules"] for b in gas)
    builds = _table_row("builds")
    assert builds.startswith(f"{n_grid + n_gas} datacenter modules at texas-usa: {n_grid} grid")
    for b in sorted(gas, key=lambda b: b["start_year"]):
        assert f"{b['modules']} started {b['start_year']}, online {b['online_year']}" in builds
    n = doc["headline"]["numbers"]
    assert _table_row("capital spent") == (
        f"${n['capital_spent_usd'] / 1e9:.1f}B of ${n['capital_offered_usd'] / 1e9:.0f}B"
    )
    dm = pd.DataFrame(doc["demand"]).groupby("year")[["demand_h100e", "served_h100e"]].sum()
    share = 1 - dm["served_h100e"] / dm["demand_h100e"]
    years = ", ".join(f"{y}: {share[y]:.0%}" for y in (2026, 2028, 2030))
    assert _table_row("unmet demand") == f"{n['unmet_share']:.1%} of the horizon's H100e ({years})"
    served = dm["served_h100e"] / 1e6
    assert _table_row("compute served") == (
        f"{n['served_h100e'] / 1e6:,.1f}M H100e ({served[2026]:.1f}M in 2026, "
        f"{served[2030]:.1f}M in 2030, {served[2035]:.1f}M in 2035)"
    )
    assert _table_row("investor NPV (IRR)") == (
        f"+${n['npv_usd'] / 1e9:.2f}B ({n['irr']:.1%}) at the real {100 * n['discount_rate']:.2f} %"
    )


def test_power_binds_paragraph(doc: dict[str, Any]) -> None:
    text = _paragraph("Power binds in every year: in 2026 the legacy fleet")
    notes = pd.DataFrame(doc["assumptions"]).set_index("parameter")
    legacy = notes.loc["fleet: legacy (pre-horizon) facility power", "value"]
    first_mw = float(re.split(r"\s*->\s*", str(legacy))[0].replace(",", ""))
    assert f"the legacy fleet ({first_mw / 1e3:.1f} GW at PUE 1.2)" in text
    w = _world(doc)
    assert f"fill the {w.loc[2026, 'datacenter_mw_online'] / 1e3:.1f} GW of AI capacity" in text
    gw = w["facility_mw_needed"] / 1e3
    assert f"({gw[2030]:.1f} GW in 2030, {gw[2035]:.1f} GW in 2035)" in text
    n = doc["headline"]["numbers"]
    assert f"NPV is +${n['npv_usd'] / 1e9:.2f}B (IRR {100 * n['irr']:.1f} %)" in text


@pytest.mark.slow
def test_npv_objective_sentence(run_cli) -> None:
    """Slow (a second reference solve): the paragraph's ``--objective npv`` builds."""
    res = run_cli("plan", "--objective", "npv", "--json", "--no-store")
    assert res.code == 0, res.err
    doc = res.json()
    grid, gas = _builds(doc)
    text = _paragraph("Power binds in every year: in 2026 the legacy fleet")
    (g,) = grid
    (o,) = gas
    npv = doc["headline"]["numbers"]["npv_usd"] / 1e9
    assert (
        f"{g['modules']} grid (online {g['online_year']}) and {o['modules']} gas (online "
        f"{o['online_year']}), NPV ${npv:.2f}B"
    ) in text
