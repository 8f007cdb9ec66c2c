"""PUE is physical: facility power = IT power x PUE (The Green Grid, White Paper 49).

Data-centre capacity is built, priced and limited in **facility** MW (capex per facility
MW, a module's MW, grid headroom, site power); leases are quoted per kW of **IT** load
(CBRE). A capacity of PUE ``u`` hosts ``facility MW / u`` of IT, so doubling the PUE of
the capacity halves the accelerators it holds and leaves its facility energy where it
was, while the IT energy halves. The scenario's ``pue`` is the PUE of capacity whose
PUE nothing else gives (``datacenters.existing_mw``) and the unit of the plan's rows
(IT MW x ``pue``): as a unit it must move no money (defect 3 of the 2026-12-03 user
test: pue 1.0/1.5/2.0 moved the reference's NPV from -$7.6B to +$13.4B with the same
plan). And each capacity row of a plan shows its own use (defect 4).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import data_table, write_scenario
from tests.test_plan_power_scenario import POWER_LIMITED
from tigris.plan import PlanResult, solve
from tigris.plan.assemble import assemble_file

#: Hours of a mean Julian year [h] (the energy tables' year).
HOURS = 8766.0

#: 300 MW of facility capacity at the scenario's PUE and nothing that comes online in
#: time (a grid module in the usa waits 48 months for the grid, then 18 to build:
#: nothing online by 2028); L = 1, so no fleet from before 2026 is in service; demand
#: far above what 300 MW powers, so power binds every year.
HAND = (
    POWER_LIMITED.replace("name: power-limited", "name: pue-hand")
    .replace("pue: 1.2", "pue: PUE")
    .replace("PART", "b200")
)


_SOLVED: dict[str, PlanResult] = {}


def _solve(tmp_path: Path, text: str, name: str) -> PlanResult:
    """The plan of a scenario text, solved once per session (a few seconds each)."""
    if text in _SOLVED:
        return _SOLVED[text]
    r = solve(
        write_scenario(tmp_path, text, name),
        mip_gap=0.0,
        counterfactual=False,
        explain_result=False,
    )
    assert r.status == "optimal"
    _SOLVED[text] = r
    return r


def _served(r: PlanResult) -> np.ndarray:
    d = r.demand.groupby("year")[["demand_h100e", "unmet_h100e"]].sum()
    return (d["demand_h100e"] - d["unmet_h100e"]).to_numpy()


def _param(name: str) -> float:
    return next(
        float(r["value"]) for r in data_table("energy_parameters") if r["parameter"] == name
    )


def test_doubling_pue_halves_what_a_facility_mw_holds(tmp_path: Path) -> None:
    """300 facility MW at PUE 1.2 hold 250 MW of IT, at PUE 2.4 only 125: the plan
    serves half as much, its IT power halves, and its facility power and energy (IT
    energy x PUE, at the data's load factor over 8,766 h) stay those of the 300 MW."""
    low = _solve(tmp_path, HAND.replace("PUE", "1.2"), "low.yaml")
    high = _solve(tmp_path, HAND.replace("PUE", "2.4"), "high.yaml")
    assert len(low.builds) == 0 and len(high.builds) == 0
    assert np.all(_served(low) < 2.0e6)  # power binds
    np.testing.assert_allclose(_served(high), _served(low) / 2, rtol=1e-4)
    load = _param("load_factor")
    for r, pue in ((low, 1.2), (high, 2.4)):
        p = r.power[r.power["region"] == "world"].set_index("year")
        np.testing.assert_allclose(p["fleet_it_mw"], 300.0 / pue, rtol=1e-4)
        np.testing.assert_allclose(p["facility_mw_needed"], 300.0, rtol=1e-4)
        np.testing.assert_allclose(
            p["energy_twh"], p["fleet_it_mw"] * pue * load * HOURS / 1e6, rtol=1e-9
        )


def _money(tmp_path: Path, pue: float) -> dict[str, np.ndarray]:
    """The reference's datacenter money per MW of IT, at the scenario ``pue``."""
    ref = Path(__file__).resolve().parents[1] / "src/tigris/data/reference_scenario.yaml"
    text = ref.read_text(encoding="utf-8").replace("\npue: 1.2 ", f"\npue: {pue} ")
    assert f"\npue: {pue} " in text
    _, inp, _ = assemble_file(write_scenario(tmp_path, text, f"ref{pue}.yaml"))
    k = inp.facilities.index("datacenter")
    dc = np.asarray(inp.facility_kind) == "datacenter"
    it = 1.0 / inp.pue  # MW of IT in a MW of the rows' unit
    return {
        "price_per_it_mw": inp.price_usd_per_wafer[k] / it,
        "energy_per_it_mw": inp.variable_cost_usd_per_wafer[k] / it,
        "opex": inp.opex_usd_per_year,
        "capex": inp.capex_usd,
        "existing_it_mw": inp.existing[k] * it,
        "module_it_mw": inp.module_capacity[:, dc][inp.allowed[:, dc]] * it,
        "fleet_it_mw_per_unit": inp.fleet_mw_per_unit * it,
        "legacy_it_mw": inp.legacy_fleet_mw * it,
    }


def test_the_scenarios_pue_as_a_unit_moves_no_money(tmp_path: Path) -> None:
    """The reference gives every capacity its own PUE (regions: data/grid.csv; new
    builds: data/datacenter_types.csv), so its ``pue`` is only the rows' unit: per MW
    of IT the price, the energy, the modules' opex and capex, every capacity and the
    fleet are the same at pue 1.0 and 2.0. The lease per MW of IT is CBRE's rate."""
    one, two = _money(tmp_path, 1.0), _money(tmp_path, 2.0)
    for key in one:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-12, err_msg=key)
    lease = (one["price_per_it_mw"] - one["energy_per_it_mw"]) / 1000.0  # USD/kW-month
    np.testing.assert_allclose(lease, _param("lease_usd_per_kw_month"), rtol=1e-12)


def test_the_pools_energy_is_drawn_at_its_regions_pue(tmp_path: Path) -> None:
    """The energy a MW of IT draws in the pool costs the regions' capacity-weighted
    price x their PUE (facility over IT MW, data/grid.csv) x load x 730.5 h a month:
    between the lowest and the highest region's PUE, not the scenario's."""
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, electricity_usd_per_mwh

    m = _money(tmp_path, 2.0)
    grid = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    _, inp, _ = assemble_file(
        Path(__file__).resolve().parents[1] / "src/tigris/data/reference_scenario.yaml"
    )
    years = inp.years
    cap = datacenter_capacity_mw(years, basis="end-of-year")
    fac = np.array([cap[r] for r in REGIONS])
    price = np.array([electricity_usd_per_mwh(r, years) for r in REGIONS])
    it = np.array([cap[r] / grid[r] for r in REGIONS])
    want = (fac * price).sum(axis=0) / it.sum(axis=0) * HOURS / 12 * _param("load_factor")
    np.testing.assert_allclose(m["energy_per_it_mw"], want, rtol=1e-9)
    pue = fac.sum(axis=0) / it.sum(axis=0)
    assert np.all(pue >= min(grid.values())) and np.all(pue <= max(grid.values()))


#: An investor's on-site gas module at texas-usa (30 months: online in 2028) at a
#: tenth of the table's capex (US$1M per facility MW, a hand price so that building
#: pays within the horizon), the investor's NPV maximised.
NPV = (
    HAND.replace("PUE", "1.2")
    .replace("last_year: 2028}", "last_year: 2030}")
    .replace("{2026: 2.0e6, 2028: 3.0e6}", "{2026: 2.0e6, 2030: 3.0e6}")
    .replace(
        "  - kind: datacenter\n",
        "  - kind: datacenter\n    power: gas\n    capex_usd_per_mw: 1.0e6\n",
    )
    .replace("facilities: [datacenter]", "facilities: [datacenter-gas]\n    pue: SITE")
    + "objective: npv\n"
)


def test_npv_does_not_rise_with_the_modules_pue(tmp_path: Path) -> None:
    """At fixed prices a module of twice the PUE hosts half the IT on the same facility
    MW and capex, so it earns at most the lease of half the IT: the investor's NPV does
    not rise, and the builds table's MW stay facility MW."""
    npv, mw = [], []
    for pue in (1.1, 2.2):
        r = _solve(tmp_path, NPV.replace("SITE", str(pue)), f"npv{pue}.yaml")
        npv.append(float(r.finance_owners.query("owner == 'investor'")["npv_usd"].sum()))
        mw.append(r.builds["capacity"].sum() / max(r.builds["modules"].sum(), 1))
        _check_capacity(r)
    assert npv[0] > 0  # the cheap module pays at PUE 1.1
    assert npv[1] <= npv[0] + 1.0
    for per_module in mw:
        assert per_module in (0.0, pytest.approx(100.0))


def _check_capacity(r: PlanResult) -> None:
    """Every capacity row: 0 <= used <= available (facility MW for datacenter rows);
    an investor's datacenter row is used whenever its cash flows show revenue."""
    cap = r.capacity
    assert np.all(cap["used"] >= -1e-6)
    assert np.all(cap["used"] <= cap["available"] * (1 + 1e-6) + 1e-6), cap[
        cap["used"] > cap["available"]
    ]
    cf = r.cash_flows
    dc = cf[cf["facility"].astype(str).str.startswith("datacenter")]
    earning = dc.groupby("year")["revenue_usd"].sum()
    mine = cap[(cap["facility"] == "datacenter") & (cap["owner"] == "investor")]
    used = mine.groupby("year")["used"].sum()
    for year, revenue in earning.items():
        if revenue > 1.0:
            assert used.get(year, 0.0) > 0.0, (year, revenue)


def test_each_datacenter_row_shows_its_own_use(tmp_path: Path) -> None:
    """300 MW existing (fully used: power binds) and the investor's gas modules:
    existing used <= available, the modules' rows carry the rest of the fleet's facility
    power, in the builds table's MW (100 per module), and the fleet's IT power is
    what the rows use, each at its PUE (existing at 1.2, the modules at 1.1)."""
    r = _solve(tmp_path, NPV.replace("objective: npv\n", "").replace("SITE", "1.1"), "own.yaml")
    _check_capacity(r)
    cap = r.capacity[r.capacity["facility"] == "datacenter"]
    ex = cap[cap["site"] == "existing"].groupby("year")[["available", "used"]].sum()
    np.testing.assert_allclose(ex["available"], 300.0)
    built = r.builds
    assert built["modules"].sum() > 0  # power binds, so the plan builds gas
    mods = cap[cap["site"] == "texas-usa"].groupby("year")[["available", "used"]].sum()
    assert mods["available"].max() <= 100.0 * built["modules"].sum() + 1e-6
    assert mods["used"].sum() > 0
    it = r.power[r.power["region"] == "world"].set_index("year")["fleet_it_mw"]
    rows_it = ex["used"] / 1.2 + mods["used"].reindex(ex.index, fill_value=0.0) / 1.1
    np.testing.assert_allclose(rows_it, it.reindex(ex.index), rtol=1e-4)


def _assembled_money(tmp_path: Path, text: str, pue: float) -> dict[str, np.ndarray]:
    """Datacenter money per MW of IT of a scenario text at the scenario ``pue``."""
    _, inp, _ = assemble_file(
        write_scenario(tmp_path, text.replace("PUE", str(pue)), f"m{pue}.yaml")
    )
    k = inp.facilities.index("datacenter")
    it = 1.0 / inp.pue
    return {
        "price_per_it_mw": inp.price_usd_per_wafer[k] / it,
        "energy_per_it_mw": inp.variable_cost_usd_per_wafer[k] / it,
        "opex": inp.opex_usd_per_year,
    }


def test_without_existing_capacity_the_unit_moves_no_money(tmp_path: Path) -> None:
    """``baseline: none`` without ``existing_mw``: the pool has no capacity of its own,
    so nothing is at the scenario's ``pue`` and, per MW of IT, the price, the energy and
    a grid module's opex (its energy premium against the pool) are the same at pue 1.0
    and 2.0; the energy is the data's pool price x the regions' PUE (facility over IT
    MW of the data's AI capacity) x load x 730.5 h, as with the announced baseline."""
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, electricity_usd_per_mwh

    text = HAND.replace("  existing_mw: {2026: 300}\n", "")
    assert "existing_mw" not in text
    one, two = _assembled_money(tmp_path, text, 1.0), _assembled_money(tmp_path, text, 2.0)
    for key in one:
        np.testing.assert_allclose(two[key], one[key], rtol=1e-12, err_msg=key)
    years = np.arange(2026, 2029)
    grid = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    cap = datacenter_capacity_mw(years, basis="end-of-year")
    fac = np.array([cap[r] for r in REGIONS])
    price = np.array([electricity_usd_per_mwh(r, years) for r in REGIONS])
    it = np.array([cap[r] / grid[r] for r in REGIONS])
    want = (fac * price).sum(axis=0) / it.sum(axis=0) * HOURS / 12 * _param("load_factor")
    np.testing.assert_allclose(one["energy_per_it_mw"], want, rtol=1e-9)


def test_existing_mw_draws_its_energy_at_the_scenarios_pue(tmp_path: Path) -> None:
    """``datacenters.existing_mw`` is capacity at the scenario's ``pue`` (physical
    there): a MW of IT in it draws ``pue`` MW at the facility, so its energy per MW of IT
    is the data's pool price x ``pue`` x load x 730.5 h, twice as much at 2.4 as at 1.2
    (not the regions' PUE, whose capacity the scenario replaced); the lease per MW of IT
    stays CBRE's rate."""
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, electricity_usd_per_mwh

    years = np.arange(2026, 2029)
    cap = datacenter_capacity_mw(years, basis="end-of-year")
    fac = np.array([cap[r] for r in REGIONS])
    price = np.array([electricity_usd_per_mwh(r, years) for r in REGIONS])
    pool = (fac * price).sum(axis=0) / fac.sum(axis=0)
    for pue in (1.2, 2.4):
        m = _assembled_money(tmp_path, HAND, pue)
        want = pool * pue * HOURS / 12 * _param("load_factor")
        np.testing.assert_allclose(m["energy_per_it_mw"], want, rtol=1e-9)
        lease = (m["price_per_it_mw"] - m["energy_per_it_mw"]) / 1000.0
        np.testing.assert_allclose(lease, _param("lease_usd_per_kw_month"), rtol=1e-12)


def test_the_capacity_tables_existing_row_is_in_facility_mw(tmp_path: Path) -> None:
    """With the data's capacity (``baseline: announced``) and a 5-year life (so the
    legacy fleet of 2022-2025 shipments is in service) the existing datacenter row's
    ``available`` is the data's AI facility MW standing at each year's end, summed over
    regions (data/datacenter_capacity.csv: MW x AI share), not MW at the scenario's PUE
    2.0, and its ``used`` is the power table's facility MW needed, legacy fleet
    included (the fleet spread pro rata to capacity, each region at its PUE; no module
    online before 2029)."""
    from tigris.energy.data import datacenter_capacity_mw

    text = (
        HAND.replace("PUE", "2.0")
        .replace("baseline: none\n  existing_mw: {2026: 300}\n", "baseline: announced\n")
        .replace("fleet_lifetime_years: 1\n", "fleet_lifetime_years: 5\n")
    )
    assert "announced" in text and "existing_mw" not in text and "years: 5" in text
    r = _solve(tmp_path, text, "announced.yaml")
    years = np.arange(2026, 2029)
    cap = datacenter_capacity_mw(years, basis="end-of-year")
    want = np.sum([np.asarray(v, dtype=float) for v in cap.values()], axis=0)
    rows = r.capacity[(r.capacity["facility"] == "datacenter") & (r.capacity["site"] == "existing")]
    ex = rows.groupby("year")[["available", "used"]].sum()
    np.testing.assert_allclose(ex["available"], want, rtol=1e-9)
    need = r.power[r.power["region"] == "world"].set_index("year")["facility_mw_needed"]
    assert np.all(need < want)  # the pool is not full
    assert need.loc[2026] > 20_000.0  # the legacy fleet: ~25 GW of IT by 2025 (docs/energy.md)
    np.testing.assert_allclose(ex["used"], need.reindex(ex.index), rtol=1e-6)


def test_a_module_the_fleet_does_not_need_shows_no_use(tmp_path: Path) -> None:
    """Demand falls to 10,000 H100e in 2030 (L = 1): that year's fleet fits in the 300
    MW of others' capacity, which the cash flows sell first, so the investor's gas
    modules (built for 2028-2029) show 0 used of their facility MW and earn no revenue,
    and the existing row holds the whole fleet (its facility MW needed, at PUE 1.2)."""
    text = (
        NPV.replace("objective: npv\n", "")
        .replace("SITE", "1.1")
        .replace("{2026: 2.0e6, 2030: 3.0e6}", "{2026: 2.0e6, 2029: 3.0e6, 2030: 1.0e4}")
    )
    r = _solve(tmp_path, text, "idle.yaml")
    _check_capacity(r)
    cap = r.capacity[r.capacity["facility"] == "datacenter"]
    mods = cap[cap["site"] == "texas-usa"].groupby("year")[["available", "used"]].sum()
    assert mods.loc[2029, "used"] > 0 and mods.loc[2030, "available"] > 0
    assert mods.loc[2030, "used"] == pytest.approx(0.0, abs=1e-6)
    revenue = r.cash_flows.query("year == 2030")["revenue_usd"].sum()
    assert revenue == pytest.approx(0.0, abs=1.0)
    ex = cap[cap["site"] == "existing"].groupby("year")["used"].sum()
    need = r.power[r.power["region"] == "world"].set_index("year")["facility_mw_needed"]
    assert 0 < ex.loc[2030] < 300.0
    assert ex.loc[2030] == pytest.approx(need.loc[2030], rel=1e-6)
