"""Scenario fields of issue 12 (energy): datacenter facilities, the ``datacenters`` block,
``demand_basis`` and a site's ``region``; their problems at ``file:line``, their values
in :class:`~tigris.plan.inputs.PlanInputs`, and a datacenter module's capex and build
time derived by hand from the data tables.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import data_table, line_of, write_scenario
from tigris.errors import InputError
from tigris.plan.assemble import assemble_file
from tigris.scenario import load_scenario

#: A small scenario with power: one grid datacenter type and on-site gas, a fab site and
#: a datacenter site (its region from data/site_regions.csv: texas-usa is in usa).
POWERED = textwrap.dedent(
    """\
    name: powered
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2031}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    demand_basis: delivered
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 4.0e6, 2031: 8.0e6}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: logic
        node: N4
      - kind: datacenter
      - kind: datacenter
        power: gas
        module_capacity: 50
        capex_usd_per_mw: 8.0e6
    datacenters:
      baseline: announced
    sites:
      - name: taiwan
        facilities: [logic-N5]
      - name: texas-usa
        facilities: [datacenter, datacenter-gas]
        max_modules: 10
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


def test_the_energy_fields_are_read(tmp_path: Path) -> None:
    text = POWERED.replace("demand_basis: delivered", "demand_basis: installed").replace(
        "    max_modules: 10\n", "    max_modules: 10\n    region: europe\n"
    )
    sc = load_scenario(write_scenario(tmp_path, text))
    assert sc.demand_basis == "installed"
    assert sc.datacenters is not None and sc.datacenters.baseline == "announced"
    gas = sc.facilities[2]
    assert (gas.kind, gas.power, gas.module_capacity, gas.capex_usd_per_mw) == (
        "datacenter",
        "gas",
        50,
        8.0e6,
    )
    assert sc.sites[1].region == "europe"


@pytest.mark.parametrize(
    ("old", "new", "anchor", "field", "message"),
    [
        (
            "    power: gas\n",
            "    power: wind\n",
            "power: wind",
            "facilities.2.power",
            "'grid'",
        ),
        (
            "    power: gas\n",
            "    power: gas\n    grid_lead_months: 12\n",
            "grid_lead_months",
            "facilities.2.grid_lead_months",
            "waits for no grid connection",
        ),
        (
            "  - kind: datacenter\n  - kind",
            "  - kind: datacenter\n    energy_usd_per_mwh: 40\n  - kind",
            "energy_usd_per_mwh",
            "facilities.1.energy_usd_per_mwh",
            "region's electricity price",
        ),
        (
            "    node: N4\n",
            "    node: N4\n    capex_usd_per_mw: 1.0e6\n",
            "capex_usd_per_mw: 1.0e6",
            "facilities.0.capex_usd_per_mw",
            "only a datacenter facility",
        ),
        (
            "    capex_usd_per_mw: 8.0e6\n",
            "    capex_usd_per_mw: 8.0e6\n    capex_usd: 1.0e9\n",
            "capex_usd_per_mw: 8.0e6",
            "facilities.2.capex_usd_per_mw",
            "not both",
        ),
        (
            "    max_modules: 10\n",
            "    max_modules: 10\n    region: atlantis\n",
            "region: atlantis",
            "sites.1.region",
            "unknown region 'atlantis'",
        ),
        (
            "  baseline: announced\n",
            "  baseline: announced\n  existing_mw: {2020: 1.0e4}\n",
            "existing_mw",
            "datacenters.existing_mw.2020",
            "outside the horizon",
        ),
        (
            "  baseline: announced\n",
            "  baseline: announced\n  grid_headroom_mw: {usaa: {2026: 100}}\n",
            "grid_headroom_mw",
            "datacenters.grid_headroom_mw.usaa",
            "did you mean 'usa'",
        ),
        (
            "  baseline: announced\n",
            "  baseline: some\n",
            "baseline: some",
            "datacenters.baseline",
            "'announced'",
        ),
        (
            "demand_basis: delivered",
            "demand_basis: stock",
            "demand_basis",
            "demand_basis",
            "'delivered'",
        ),
        (
            "    module_capacity: 50\n",
            "    module_capacity: -50\n",
            "module_capacity: -50",
            "facilities.2.module_capacity",
            "",
        ),
    ],
)
def test_a_bad_energy_value_is_named_at_its_line(
    tmp_path: Path, old: str, new: str, anchor: str, field: str, message: str
) -> None:
    assert old in POWERED
    path = write_scenario(tmp_path, POWERED.replace(old, new, 1))
    with pytest.raises(InputError) as info:
        load_scenario(path)
    line = line_of(path, anchor)
    lines = str(info.value).splitlines()
    assert any(ln.startswith(f"{path}:{line}: {field}: ") and message in ln for ln in lines), lines


def test_a_scenario_without_power_has_no_datacenter_row(tmp_path: Path) -> None:
    """No datacenter facility and no ``datacenters`` block: today's plan, unchanged."""
    text = POWERED.replace("  baseline: announced\n", "").replace("datacenters:\n", "")
    text = text.replace(
        "  - kind: datacenter\n  - kind: datacenter\n    power: gas\n"
        "    module_capacity: 50\n    capex_usd_per_mw: 8.0e6\n",
        "",
    )
    text = text.replace("    facilities: [datacenter, datacenter-gas]\n", "")
    _, inp, _ = assemble_file(write_scenario(tmp_path, text))
    assert "datacenter" not in inp.facility_kind
    assert inp.legacy_fleet_mw is None
    # no power row, but the power it reports counts the IT overhead as train does
    # (user test 2026-12-07, a chain of verbs): system power x it_overhead x PUE
    from tigris.energy.data import energy_parameter

    expected = np.asarray(inp.system_power_w) * energy_parameter("it_overhead") * inp.pue / 1e6
    np.testing.assert_allclose(inp.fleet_mw_per_unit, expected, rtol=1e-12)


def test_datacenter_modules_by_hand(tmp_path: Path) -> None:
    """Capex = module MW x capex per MW (no site cost multiplier: texas-usa's is 2.0);
    a grid module waits the region's lead time, then builds; spend is even over the
    construction months; output ramps linearly after it (yearly means)."""
    _, inp, _ = assemble_file(write_scenario(tmp_path, POWERED))
    types = {r["facility"]: r for r in data_table("datacenter_types")}
    lead = {r["region"]: float(r["grid_lead_months"]) for r in data_table("grid")}
    s, k, kg = (
        inp.sites.index("texas-usa"),
        inp.facilities.index("datacenter"),
        inp.facilities.index("datacenter-gas"),
    )
    grid = types["datacenter"]
    # capacity counts MW at the plan's PUE (1.2): facility MW x 1.2 / the type's PUE
    per_mw = 1.2 / float(grid["pue"])
    assert inp.module_capacity[s, k] == pytest.approx(float(grid["module_mw"]) * per_mw)
    assert inp.capex_usd[s, k] == pytest.approx(
        float(grid["module_mw"]) * float(grid["capex_usd_per_mw"])
    )
    assert inp.power_mw[s, k] == float(grid["module_mw"])  # facility MW
    assert inp.euv_tools[s, k] == 0 and inp.subsidy_usd[s, k] == 0
    # the gas entry overrides size and capex per MW: 50 MW x $8M
    gas_per_mw = 1.2 / float(types["datacenter-gas"]["pue"])
    assert inp.module_capacity[s, kg] == pytest.approx(50 * gas_per_mw)
    assert inp.capex_usd[s, kg] == pytest.approx(4.0e8)
    # by hand, months from the start: wait `wait`, build `build`, ramp `ramp`
    for kk, row, wait in ((k, grid, lead["usa"]), (kg, types["datacenter-gas"], 0.0)):
        build, ramp = float(row["construction_months"]), float(row["ramp_months"])
        months = np.arange(120) + 0.5
        spend = ((months > wait) & (months < wait + build)).reshape(10, 12).sum(axis=1) / build
        out = np.clip((months - wait - build) / ramp, 0, 1).reshape(10, 12).mean(axis=1)
        n = inp.spend.shape[-1]
        np.testing.assert_allclose(inp.spend[s, kk], spend[:n], atol=1e-12)
        np.testing.assert_allclose(inp.output[s, kk], out[:n], atol=1e-12)
    # the usa grid waits 48 months and builds 18: half a year of output in year 5
    if (lead["usa"], float(grid["construction_months"]), float(grid["ramp_months"])) == (48, 18, 6):
        np.testing.assert_allclose(inp.output[s, k][:7], [0, 0, 0, 0, 0, 0.25, 1.0])
        np.testing.assert_allclose(inp.spend[s, k][:6], [0, 0, 0, 0, 2 / 3, 1 / 3])
    # the grid module draws on the usa headroom; on-site gas does not
    assert inp.grid_limited[s, k] and not inp.grid_limited[s, kg]
    assert inp.regions == ("usa",) and inp.site_region == ("asia-pacific", "usa")


def test_overrides_reach_the_plan_inputs(tmp_path: Path) -> None:
    text = POWERED.replace(
        "  baseline: announced\n",
        "  existing_mw: {2026: 60000, 2031: 90000}\n"
        "  grid_headroom_mw: {europe: {2026: 0, 2030: 400}}\n",
    ).replace("    max_modules: 10\n", "    max_modules: 10\n    region: europe\n")
    _, inp, _ = assemble_file(write_scenario(tmp_path, text))
    k = inp.facilities.index("datacenter")
    np.testing.assert_allclose(inp.existing[k], np.linspace(60000, 90000, 6))
    assert inp.regions == ("europe",) and inp.site_region == ("asia-pacific", "europe")
    np.testing.assert_allclose(inp.grid_headroom_mw[0], [0, 100, 200, 300, 400, 400])
    # europe's grid lead time (data/grid.csv) sets the wait
    lead = {r["region"]: float(r["grid_lead_months"]) for r in data_table("grid")}
    build = float(
        {r["facility"]: r for r in data_table("datacenter_types")}["datacenter"][
            "construction_months"
        ]
    )
    first = int((lead["europe"] + build) // 12)  # the year the first MW comes online
    s = inp.sites.index("texas-usa")
    assert inp.output[s, k][first - 1] == 0 and inp.output[s, k][first] > 0


def test_the_price_of_a_mw_month_by_hand(tmp_path: Path) -> None:
    """A MW of the rows (IT MW x the plan's PUE 1.2) is 1/1.2 MW of IT. Price = the
    wholesale lease per kW-month of IT x 1,000 / 1.2 + energy; energy = the pool's
    electricity price x its PUE (facility over IT MW of the regions' capacity) / 1.2 x
    8,766/12 h x load factor (contract of issue 12; defect 3 of the 2026-12-03 user
    test: the rows' PUE is a unit and moves no money)."""
    from tigris.energy.data import REGIONS, datacenter_capacity_mw, electricity_usd_per_mwh

    _, inp, _ = assemble_file(write_scenario(tmp_path, POWERED))
    params = {r["parameter"]: float(r["value"]) for r in data_table("energy_parameters")}
    pue = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    years = inp.years
    cap = datacenter_capacity_mw(years, basis="end-of-year")
    w = np.array([cap[r] for r in REGIONS])
    it = np.array([cap[r] / pue[r] for r in REGIONS])
    p = np.array([electricity_usd_per_mwh(r, years) for r in REGIONS])
    pool_pue = w.sum(axis=0) / it.sum(axis=0)
    energy = (w * p).sum(axis=0) / w.sum(axis=0) * pool_pue / 1.2 * 8766 / 12
    energy = energy * params["load_factor"]
    for k in np.nonzero(np.asarray(inp.facility_kind) == "datacenter")[0]:
        np.testing.assert_allclose(inp.variable_cost_usd_per_wafer[k], energy, rtol=1e-9)
        lease = params["lease_usd_per_kw_month"] * 1000 / 1.2
        np.testing.assert_allclose(inp.price_usd_per_wafer[k], lease + energy, rtol=1e-9)


def test_existing_capacity_and_the_legacy_fleet(tmp_path: Path) -> None:
    """The pool's row holds the regions' AI MW; the legacy fleet fits in it; with
    ``baseline: none`` there is neither."""
    from tigris.energy.data import datacenter_capacity_mw

    _, inp, _ = assemble_file(write_scenario(tmp_path, POWERED))
    k = inp.facilities.index("datacenter")
    # what stands at the end of each year: the fleet counts a year's deliveries whole;
    # each region's MW at its PUE (data/grid.csv), counted at the plan's 1.2
    pue = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    cap = datacenter_capacity_mw(inp.years, basis="end-of-year")
    total = sum(mw * 1.2 / pue[r] for r, mw in cap.items())
    np.testing.assert_allclose(inp.existing[k], total)
    assert inp.existing[inp.facilities.index("datacenter-gas")].sum() == 0
    assert np.all(inp.legacy_fleet_mw <= inp.existing[k]) and inp.legacy_fleet_mw[0] > 0
    # the plan's fleet: system power x IT overhead x PUE
    params = {r["parameter"]: float(r["value"]) for r in data_table("energy_parameters")}
    np.testing.assert_allclose(
        inp.fleet_mw_per_unit, inp.system_power_w * params["it_overhead"] * 1.2 / 1e6
    )
    none = POWERED.replace("baseline: announced", "baseline: none")
    _, inp, _ = assemble_file(write_scenario(tmp_path, none))
    assert inp.existing[k].sum() == 0 and inp.legacy_fleet_mw.sum() == 0


def test_an_onsite_module_earns_its_energy_saving_as_fixed_opex(tmp_path: Path) -> None:
    """Solar with storage: no grid wait, and its fixed opex is MW x opex per MW-year plus
    (its energy price - the pool's, horizon means) x MW x load factor x 8,766 h, the
    pool's price being what the plan charges per MW-month used (docs/energy.md)."""
    text = POWERED.replace("    power: gas\n", "    power: solar\n").replace(
        "datacenter-gas]", "datacenter-solar]"
    )
    _, inp, _ = assemble_file(write_scenario(tmp_path, text))
    row = {r["facility"]: r for r in data_table("datacenter_types")}["datacenter-solar"]
    params = {r["parameter"]: float(r["value"]) for r in data_table("energy_parameters")}
    s, k = inp.sites.index("texas-usa"), inp.facilities.index("datacenter-solar")
    pool = inp.variable_cost_usd_per_wafer[k] / (8766 / 12 * params["load_factor"])  # USD/MWh
    mw = 50.0  # the entry's module_capacity
    # the plan charges the pool's price on its capacity at the plan's PUE, 50 x 1.2/1.1
    # MW; the plant draws its 50 facility MW at its own price
    ratio = 1.2 / float(row["pue"])
    want = (
        mw * float(row["opex_usd_per_mw_year"])
        + (float(row["energy_usd_per_mwh"]) - pool.mean() * ratio)
        * mw
        * params["load_factor"]
        * 8766
    )
    assert inp.opex_usd_per_year[s, k] == pytest.approx(want, rel=1e-9)
    assert want < mw * float(row["opex_usd_per_mw_year"])  # solar's $10/MWh is below the grid's
    build = float(row["construction_months"])
    assert inp.spend[s, k][: int(build // 12)].sum() > 0  # building from the start: no wait
    assert not inp.grid_limited[s, k]
