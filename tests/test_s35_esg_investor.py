"""ESG-FIX (UT-ESG #1, #3): the investor's own energy and emissions, by hand, and the
emission factors in the plan's assumptions.

By hand for the reference: the investor's data-centre builds (``builds``: texas-usa,
grid-connected and on-site gas), their module MW online in a year when all are online,
x data/energy_parameters.csv's load factor x 8,766 h (365.25 days x 24 h), x
data/grid.csv's usa intensity (texas-usa's region in data/site_regions.csv) for the
grid modules and data/datacenter_types.csv's on-site gas intensity for the gas ones.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tigris.data import load_rows

HOURS = 365.25 * 24


def _row(table: str, key: str, name: str) -> dict[str, Any]:
    return next(r for r in load_rows(table) if str(r[key]) == name)


@pytest.fixture(scope="module")
def doc(reference_plan_json: str) -> dict[str, Any]:
    return json.loads(reference_plan_json)


def _hand(doc: dict[str, Any], year: int) -> tuple[float, float, float]:
    """(TWh, t CO2 scope 1, t CO2 scope 2) of the investor's data centres in ``year``,
    counting builds fully online by then (online_year < year), none online later."""
    load = float(_row("energy_parameters", "parameter", "load_factor")["value"])
    twh = s1 = s2 = 0.0
    for b in doc["builds"]:
        if b["owner"] != "investor" or b["facility"] != "datacenter":
            continue
        if b["online_year"] > year:
            continue  # not online yet: 0 MW
        assert b["online_year"] < year  # the ramp is over: the module MW all online
        fid = "datacenter" if not b["node"] else f"datacenter-{b['node']}"
        t = _row("datacenter_types", "facility", fid)
        mw = b["modules"] * float(t["module_mw"])
        e = mw * load * HOURS / 1e6  # TWh
        twh += e
        if str(t["grid"]).lower() == "true":
            region = _row("site_regions", "site", b["site"])["region"]
            g = next(
                float(r["grid_gco2_per_kwh"])
                for r in load_rows("grid")
                if r["region"] == region and int(r["year"]) == year
            )
            s2 += e * 1e9 * g / 1e6  # kWh x g/kWh / (g per t)
        else:
            s1 += e * 1e9 * float(t["gco2_per_kwh"]) / 1e6
    return twh, s1, s2


@pytest.mark.parametrize("year", [2030, 2035])
def test_investor_energy_by_hand(doc: dict[str, Any], year: int) -> None:
    e = doc["added"]["energy"]
    twh, s1, s2 = _hand(doc, year)
    assert twh > 0 and s1 > 0  # the reference builds on-site gas by 2030
    assert e["energy_twh_by_year"][str(year)] == pytest.approx(twh, rel=1e-9)
    assert e["scope1_t_co2_by_year"][str(year)] == pytest.approx(s1, rel=1e-9)
    assert e["scope2_t_co2_by_year"][str(year)] == pytest.approx(s2, rel=1e-9, abs=1e-6)
    assert e["emissions_t_co2_by_year"][str(year)] == pytest.approx(s1 + s2, rel=1e-9)


def test_investor_part_of_the_world(doc: dict[str, Any]) -> None:
    """The investor's figures are a part of the power table's world, on its basis:
    its on-site energy is all the world's on-site energy (only it builds on-site gas in
    the reference), and its emissions are below the world's every year."""
    e = doc["added"]["energy"]
    world = {r["year"]: r for r in doc["power"] if r["region"] == "world"}
    for y, r in world.items():
        assert e["onsite_energy_twh_by_year"][str(y)] == pytest.approx(
            r["onsite_energy_twh"], rel=1e-9, abs=1e-12
        )
        assert e["emissions_t_co2_by_year"][str(y)] < r["emissions_t_co2"]
    last = max(world)
    share = e["emissions_t_co2_by_year"][str(last)] / world[last]["emissions_t_co2"]
    assert e["world_share_last_year"] == pytest.approx(share, rel=1e-12)


def test_sentence_in_the_headline(doc: dict[str, Any]) -> None:
    twh, s1, s2 = _hand(doc, 2035)
    said = " ".join(doc["headline"]["sentences"])
    assert (
        f"In 2035 the investor's own data centres draw {twh:,.1f} TWh and emit "
        f"{(s1 + s2) / 1e6:,.2f} Mt CO2 ({s1 / 1e6:,.2f} Mt scope 1 on-site, "
        f"{s2 / 1e6:,.2f} Mt scope 2 grid, location-based)"
    ) in said


def test_sentence_in_the_report(doc: dict[str, Any], tmp_path: Any) -> None:
    from tigris.report.headline import investor_sentences
    from tigris.report.result import report_tables

    r = report_tables(doc)
    said = " ".join(investor_sentences(r))
    assert "In 2035 the investor's own data centres draw" in said
    assert doc["headline"]["energy"] in investor_sentences(r)


def test_emission_factors_in_assumptions(doc: dict[str, Any]) -> None:
    """Each region's grid intensity and the on-site gas intensity are assumptions rows,
    value as data/grid.csv and data/datacenter_types.csv give it, with the file, the
    row's as_of and the clause of its source that gives the intensity."""
    rows = {a["parameter"]: a for a in doc["assumptions"]}
    regions = {r["region"] for r in load_rows("grid")}
    for region in regions:
        a = rows[f"emission factor: grid {region}"]
        g = {float(r["grid_gco2_per_kwh"]) for r in load_rows("grid") if r["region"] == region}
        assert len(g) == 1 and float(a["value"]) == g.pop()
        assert a["unit"].startswith("gCO2")
        as_of = next(r["as_of"] for r in load_rows("grid") if r["region"] == region)
        assert f"data/grid.csv {region} (as_of {as_of}): Intensity:" in a["source"]
        assert "PUE (" not in a["source"]  # the intensity's clause only
    gas = _row("datacenter_types", "facility", "datacenter-gas")
    a = rows["emission factor: on-site datacenter-gas"]
    assert float(a["value"]) == float(gas["gco2_per_kwh"])
    assert f"(as_of {gas['as_of']}): Emissions" in a["source"]
    load = _row("energy_parameters", "parameter", "load_factor")
    assert float(rows["datacenter: load factor"]["value"]) == float(load["value"])


def test_investor_fab_energy_by_hand() -> None:
    """The tester's fab run (UT-ESG #5): one N3 module at arizona-usa, the investor's.
    Its fabs' energy is the power table's fab energy (the only fab built), which is
    fab MW x 8,766 h, at data/grid.csv's usa intensity (arizona-usa's region), in the
    investor's scope 2 beside its data centres' grid energy."""
    import contextlib
    import io

    from tigris.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        code = main(
            [
                "plan",
                "--no-store",
                "--json",
                "--set",
                "sites.arizona-usa.min_modules=1",
                "--set",
                "sites.arizona-usa.facilities=[logic-N3]",
            ]
        )
    assert code == 0
    d = json.loads(out.getvalue())
    fabs = [b for b in d["builds"] if b["facility"] == "logic"]
    assert fabs and all(b["owner"] == "investor" for b in fabs)
    e = d["added"]["energy"]
    assert _row("site_regions", "site", "arizona-usa")["region"] == "usa"
    g = {
        int(r["year"]): float(r["grid_gco2_per_kwh"])
        for r in load_rows("grid")
        if r["region"] == "usa"
    }
    load = float(_row("energy_parameters", "parameter", "load_factor")["value"])
    for r in d["power"]:
        if r["region"] != "usa":
            continue
        y = str(r["year"])
        fab_twh = r["fab_power_mw"] * HOURS / 1e6
        assert e["fab_energy_twh_by_year"][y] == pytest.approx(fab_twh, rel=1e-9, abs=1e-12)
        assert e["energy_twh_by_year"][y] == pytest.approx(
            e["datacenter_energy_twh_by_year"][y] + fab_twh, rel=1e-9, abs=1e-12
        )
        # scope 2: the grid data centres' energy and the fab's, at usa's intensity
        grid_dc = sum(
            c["used"] * load * HOURS / 1e6
            for c in d["capacity"]
            if c["year"] == r["year"]
            and c["owner"] == "investor"
            and c["facility"] == "datacenter"
            and not c["node"]
        )
        want = (grid_dc + fab_twh) * 1e9 * g[r["year"]] / 1e6
        assert e["scope2_t_co2_by_year"][y] == pytest.approx(want, rel=1e-9, abs=1e-6)
    assert e["fab_energy_twh_by_year"]["2035"] > 0
    assert "data centres and fabs draw" in d["headline"]["energy"]


def test_fab_energy_not_known_with_other_owners_fabs() -> None:
    """Another owner's fab in the builds: the power table's fab energy is not split by
    owner, so the investor's fab energy is None and out of the totals, and said."""
    import pandas as pd

    from tigris.energy.investor import _fab_energy

    r = type("R", (), {})()
    r.builds = pd.DataFrame(
        {"facility": ["logic", "logic"], "modules": [1, 1], "owner": ["investor", "tsmc"]}
    )
    assert _fab_energy(r, [2035], {}, {}) is None
