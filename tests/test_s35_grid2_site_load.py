"""GRID-2 (UT-GRID #10): one table of the data-centre load by site and year.

UT-GRID #10: no one export gave load by site and year with IT MW, facility MW, PUE,
TWh, supply (grid / gas), $ and t CO2: ``capacity`` has site x year MW but the existing
load as one row, ``power`` has region x year energy, $ and CO2 but no site. The
``site_load`` table (:mod:`tigris.plan.site_load`) has them; its rows of a region and
year sum to the power table's data-centre columns (the existing capacity has no sites:
one ``existing`` row per region), and the reference's gas campus is checked by hand
from the data tables read as text.
"""

from __future__ import annotations

import importlib
import inspect
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.conftest import data_table

#: Hours in a year (365.25 days) [h].
HOURS = 8766.0
#: Columns of the table that sum over its rows of a region and year to a power column.
SUMS = {
    "it_mw": "fleet_it_mw",
    "facility_mw": "facility_mw_needed",
    "mw_online": "datacenter_mw_online",
    "energy_twh": "energy_twh",
    "energy_twh_year_mean": "energy_twh_year_mean",
    "electricity_cost_usd": "electricity_cost_usd",
    "emissions_t_co2": "emissions_t_co2",
}


def _row(table: str, key: str, value: str) -> dict[str, str]:
    return next(r for r in data_table(table) if r[key] == value)


@pytest.fixture(scope="module")
def solved() -> dict[str, Any]:
    """The reference solved as ``tigris plan`` solves it (no explanations, no world
    without the investor), with the problem and solution the power table was made
    from; ``site_load`` from them."""
    from tigris.plan.site_load import site_load_table

    solve_mod = importlib.import_module("tigris.plan.solve")
    seen: dict[str, Any] = {}
    original = solve_mod._power_table

    def capture(inp: Any, sol: dict[str, np.ndarray]) -> pd.DataFrame:
        seen["inp"], seen["sol"] = inp, sol
        return original(inp, sol)

    mp = pytest.MonkeyPatch()
    mp.setattr(solve_mod, "_power_table", capture)
    try:
        result = solve_mod.solve(None, explain_result=False, counterfactual=False)
    finally:
        mp.undo()
    return {
        "result": result,
        "power": result.power,
        "site_load": site_load_table(seen["inp"], seen["sol"]),
    }


def _check_sums(site: pd.DataFrame, power: pd.DataFrame) -> None:
    """Every region and year of ``site`` sums to ``power``'s data-centre columns; the
    supply columns to existing / grid / on-site MW online and on-site energy; the new
    fabs' energy (priced and emitted in ``power`` too) is 0 in the reference."""
    regional = power[power["region"] != "world"].set_index(["year", "region"])
    assert (regional["fab_energy_twh"] == 0).all()  # else cost and CO2 hold the fabs' part
    got = site.groupby(["year", "region"])[list(SUMS)].sum()
    assert set(got.index) == set(regional.index)
    for col, pcol in SUMS.items():
        want = regional.loc[got.index, pcol].to_numpy(dtype=float)
        np.testing.assert_allclose(got[col].to_numpy(), want, rtol=1e-9, atol=1e-6, err_msg=col)
    by_supply = site.groupby(["year", "region", "supply"])["mw_online"].sum().unstack(fill_value=0)
    for supply, pcol in (
        ("existing", "existing_mw_online"),
        ("grid", "grid_built_mw_online"),
        ("gas", "onsite_built_mw_online"),
    ):
        mine = by_supply.get(supply, pd.Series(0.0, index=by_supply.index))
        want = regional.loc[by_supply.index, pcol].to_numpy(dtype=float)
        np.testing.assert_allclose(mine.to_numpy(), want, rtol=1e-9, atol=1e-6, err_msg=supply)
    onsite = site[site["supply"] == "gas"].groupby(["year", "region"])["energy_twh"].sum()
    onsite = onsite.reindex(regional.index, fill_value=0.0)
    np.testing.assert_allclose(onsite, regional["onsite_energy_twh"], rtol=1e-9, atol=1e-9)


def test_site_load_sums_to_the_power_table(solved: dict[str, Any]) -> None:
    _check_sums(solved["site_load"], solved["power"])
    site = solved["site_load"]
    # one existing row per region and year (no sites in the capacity table)
    existing = site[site["site"] == "existing"]
    assert not existing.duplicated(["year", "region"]).any()
    assert set(existing["supply"]) == {"existing"}
    assert not site.duplicated(["year", "site", "region", "facility"]).any()


def test_the_reference_gas_campus_by_hand(solved: dict[str, Any]) -> None:
    """texas-usa's on-site gas in 2030: the 28 modules started 2026-2027 are all online
    (30 months' build + 6 months' ramp) and full, 28 x 100 MW; energy at the
    load factor over 8,766 h; cost at the type's US$/MWh; CO2 at its g/kWh."""
    gas = _row("datacenter_types", "facility", "datacenter-gas")
    load_factor = float(_row("energy_parameters", "parameter", "load_factor")["value"])
    builds = solved["result"].builds
    modules = builds.loc[builds["node"] == "gas", "modules"].sum()
    mw = modules * float(gas["module_mw"])
    assert mw == 2800.0  # the README's 2.8 GW of gas
    twh = mw * load_factor * HOURS / 1e6
    site = solved["site_load"]
    row = site[(site["year"] == 2030) & (site["facility"] == "datacenter-gas")]
    assert len(row) == 1
    r = row.iloc[0]
    assert (r["site"], r["region"], r["supply"], r["owner"]) == (
        "texas-usa",
        "usa",
        "gas",
        "investor",
    )
    assert r["facility_mw"] == pytest.approx(mw)
    assert r["mw_online"] == pytest.approx(mw)
    assert r["pue"] == pytest.approx(float(gas["pue"]))
    assert r["it_mw"] == pytest.approx(mw / float(gas["pue"]))
    assert r["energy_twh"] == pytest.approx(twh)
    assert r["electricity_cost_usd"] == pytest.approx(twh * 1e6 * float(gas["energy_usd_per_mwh"]))
    assert r["emissions_t_co2"] == pytest.approx(twh * 1e9 * float(gas["gco2_per_kwh"]) / 1e6)
    # year mean: the campus was full at the end of 2029 too (2,100 + 700 online)?  No:
    # 700 were in their ramp year in 2029 (a quarter); the year-mean is of the two ends
    end_2029 = site[(site["year"] == 2029) & (site["facility"] == "datacenter-gas")]
    mean_mw = (float(end_2029["facility_mw"].iloc[0]) + mw) / 2
    assert r["energy_twh_year_mean"] == pytest.approx(mean_mw * load_factor * HOURS / 1e6)


def test_saved_run_frames_and_dataset_have_it(solved: dict[str, Any], tmp_path: Path) -> None:
    import dataclasses

    from tigris.plan.result import PlanResult

    result = dataclasses.replace(solved["result"], site_load=solved["site_load"])
    doc = result.to_dict()
    assert pd.DataFrame(doc["site_load"]).shape == solved["site_load"].shape
    result.write(tmp_path / "run")
    assert (tmp_path / "run" / "site_load.csv").is_file()
    back = PlanResult.read(tmp_path / "run")
    pd.testing.assert_frame_equal(
        back.site_load.reset_index(drop=True),
        solved["site_load"].reset_index(drop=True),
        check_dtype=False,
        rtol=1e-12,
    )
    frames = result.to_frames()
    assert list(frames)[-2:] == ["site_load", "binding"]
    ds = result.to_xarray()
    assert ds["load_energy_twh"].dims == ("year", "site", "region", "load_facility")
    assert float(ds["load_energy_twh"].sum()) == pytest.approx(
        float(solved["site_load"]["energy_twh"].sum())
    )
    assert ds["load_energy_twh"].attrs["table"] == "site_load"


def test_a_run_saved_before_the_table_reads_it_empty(
    solved: dict[str, Any], tmp_path: Path
) -> None:
    """A run written without site_load.csv (and plan.json not listing it) still reads."""
    from tigris.plan.result import PlanResult
    from tigris.plan.saved import CONTENT_KEY, PLAN_JSON, content_digest

    solved["result"].write(tmp_path / "run")
    (tmp_path / "run" / "site_load.csv").unlink()
    path = tmp_path / "run" / PLAN_JSON
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["files"] = {k: v for k, v in doc["files"].items() if not k.startswith("site_load")}
    doc.pop(CONTENT_KEY, None)
    doc[CONTENT_KEY] = content_digest(doc)
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    back = PlanResult.read(tmp_path / "run")
    assert back.site_load.empty
    assert list(back.site_load.columns) == list(
        importlib.import_module("tigris.plan.site_load").SITE_LOAD_COLUMNS
    )


def _wired() -> bool:
    """Whether the planner fills the table (the lead's application of
    /work/notes/GRID-2-site-load-solve.patch to plan/solve.py)."""
    return "site_load_table" in inspect.getsource(importlib.import_module("tigris.plan.solve"))


@pytest.mark.skipif(not _wired(), reason="plan/solve.py does not fill site_load yet (patch)")
def test_plan_json_and_out_have_it(reference_made: dict[str, Any]) -> None:
    """``tigris plan --json`` and ``--out``'s site_load.csv: the same rows, summing to
    the same document's power table."""
    doc = json.loads(reference_made["out"])
    site = pd.DataFrame(doc["site_load"])
    _check_sums(site, pd.DataFrame(doc["power"]))
    saved = pd.read_csv(Path(reference_made["dir"]) / "run" / "site_load.csv")
    assert len(saved) == len(site)
    np.testing.assert_allclose(saved["energy_twh"], site["energy_twh"], rtol=1e-9)


def _stored() -> bool:
    """Whether the runs store keeps the table (the lead's application of
    /work/notes/GRID-2-site-load-store.patch to runs/store.py)."""
    from tigris.runs.store import stored_tables

    return "site_load" in stored_tables()


@pytest.mark.skipif(not _stored(), reason="runs/store.py does not keep site_load yet (patch)")
def test_the_store_keeps_it(solved: dict[str, Any], tmp_path: Path) -> None:
    import dataclasses

    from tigris.runs.store import RunRecord, RunStore

    result = dataclasses.replace(solved["result"], site_load=solved["site_load"])
    store = RunStore(tmp_path / "store.duckdb")
    rid = store.add(RunRecord(kind="plan", scenario_yaml="name: x\n", scenario_name="x"), result)
    back = store.result(rid).site_load
    assert list(back.columns) == list(solved["site_load"].columns)
    np.testing.assert_allclose(back["energy_twh"], solved["site_load"]["energy_twh"], rtol=1e-12)
    assert back["supply"].tolist() == solved["site_load"]["supply"].tolist()
