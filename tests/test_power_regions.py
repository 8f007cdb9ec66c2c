"""Regions, PUE and on-site energy (issue 12 leftovers; docs/energy.md).

Hand cases: a two-region plan whose demand is placed 80 % in a region with little
capacity serves what that region can host / 0.8; without placed demand the plan is the
pooled one; a module's capacity counts at its PUE; the power table puts on-site gas
energy at gas's intensity and price. Expected values are derived by hand from the
shipped tables, read here as text, never from the code under test.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import data_table, line_of, write_scenario
from tigris.errors import InputError
from tigris.plan import solve_inputs
from tigris.plan.inputs import PlanInputs
from tigris.plan.power import REGION_ROW, PowerRegions

#: Facility MW per accelerator (1 kW) and its compute (1 H100e) in the hand cases.
KW = 1e-3


def _two_regions(share: tuple[float, float] | None, n_years: int = 2) -> PlanInputs:
    """Ample logic; 100 MW of existing data-centre capacity in region ``a`` and 900 MW
    in ``b``; accelerators of 1 kW facility power and 1 H100e living one year; 2M H100e
    demanded a year; no capital, so nothing is built; demand placed by ``share``."""
    from tests.test_plan_tiny import tiny

    base = tiny(n_years, sites=2, existing_wspm=1e9, demand=2e6, capital=[0.0])
    two: dict[str, object] = {"allowed": np.array([[True, False], [True, False]])}
    for name in ("module_capacity", "capex_usd", "opex_usd_per_year", "power_mw", "subsidy_usd"):
        arr = np.asarray(getattr(base, name), dtype=float)
        two[name] = np.concatenate([arr, np.full((2, 1), 100.0 * (name != "subsidy_usd"))], axis=1)
    for name in ("euv_tools", "high_na_tools"):
        two[name] = np.zeros((2, 2))
    for name in ("spend", "output"):
        arr = getattr(base, name)
        two[name] = np.concatenate([arr, arr], axis=1)
    existing = np.array([[1e9] * n_years, [1000.0] * n_years])
    regions = None
    if share is not None:
        regions = PowerRegions(
            names=("a", "b"),
            existing_mw=np.array([[100.0] * n_years, [900.0] * n_years]),
            existing_pue=np.ones(2),
            module_pue=np.ones((2, 2)),
            demand_share=np.array(share),
            onsite_gco2_per_kwh=np.full(2, np.nan),
            onsite_usd_per_mwh=np.full(2, np.nan),
        )
    return base.replace(
        facilities=("logic-N5", "datacenter"),
        facility_kind=("logic", "datacenter"),
        facility_node=("N5", ""),
        use=np.array([[0.01, 0.0]]),
        existing=existing,
        fleet_mw_per_unit=np.array([KW]),
        fleet_lifetime_years=1,
        site_region=("a", "b"),
        power_regions=regions,
        **two,
    )


def _solved(inp: PlanInputs) -> tuple[np.ndarray, object]:
    r = solve_inputs(inp, mip_gap=0.0, explain_result=False, counterfactual=False)
    assert r.ok
    d = r.demand.groupby("year")[["demand_h100e", "unmet_h100e"]].sum()
    return (d["demand_h100e"] - d["unmet_h100e"]).to_numpy(), r.power


def _served(inp: PlanInputs) -> np.ndarray:
    return _solved(inp)[0]


def test_demand_placed_in_a_small_region_serves_what_it_hosts_over_its_share() -> None:
    """80 % of demand in region a (100 MW): the fleet F must have 0.8 F ≤ 100 MW, so
    F = 125 MW = 125,000 accelerators of 1 kW, 125,000 H100e a year; pooled, the
    1,000 MW serve 1,000,000 H100e a year."""
    pooled = _served(_two_regions(None))
    assert pooled == pytest.approx([1.0e6, 1.0e6], rel=1e-9)
    placed, power = _solved(_two_regions((0.8, 0.0)))
    assert placed == pytest.approx([100 / 0.8 / KW] * 2, rel=1e-9)
    # the power table places it as the rows do: 100 MW in a (full), the other 25 in b
    by_region = power[power["year"] == 2025].set_index("region")["facility_mw_needed"]
    assert by_region["a"] == pytest.approx(100.0) and by_region["b"] == pytest.approx(25.0)
    # placed in the large region instead: 0.8 F ≤ 900 MW does not bind below 1,000 MW
    assert _served(_two_regions((0.0, 0.8))) == pytest.approx(pooled, rel=1e-9)


def test_a_binding_region_is_named_and_its_mw_priced_by_a_re_solve() -> None:
    """80 % of the fleet placed in region a (100 MW, full in 2025 and 2026; the pool's
    1,000 MW are not). One more MW of existing capacity in a in both years lets the
    fleet grow by 1 / 0.8 = 1.25 MW = 1,250 accelerators of 1 kW a year: 2,500 H100e
    more over the horizon, at $30,000 each (no discounting, nothing else costs) $75M.
    The claim equals that and an independent re-solve of the problem rebuilt with the
    MW (region a's existing capacity and the pool's, 101 and 1,001 MW)."""
    from tests.test_plan_power_claims import claims, unmet_total
    from tests.test_plan_tiny import PENALTY

    inp = _two_regions((0.8, 0.0))
    r = solve_inputs(inp, mip_gap=0.0, counterfactual=False)
    found = claims(r)
    assert len(found) == 1, [e.text for e in r.binding]
    at_least, usd, text = found[0]
    assert "placed in a (demand_regions) fills the 100 MW" in text
    assert "in 2025–2026" in text and "one more MW of existing data-centre capacity (in a" in text
    assert "(world, all regions pooled)" not in text  # the pool is not full
    more = 2 * (1.0 / 0.8) / KW  # H100e over the two years
    assert more == pytest.approx(2500.0)
    assert "serve 2,500 H100e more over the horizon" in text
    assert not at_least and usd == pytest.approx(more * PENALTY, rel=1e-3)

    reg = inp.power_regions
    assert reg is not None
    bigger = inp.replace(
        existing=np.asarray(inp.existing, dtype=float) + np.array([[0.0], [1.0]]),
        power_regions=PowerRegions(
            names=reg.names,
            existing_mw=reg.existing_mw + np.array([[1.0], [0.0]]),
            existing_pue=reg.existing_pue,
            module_pue=reg.module_pue,
            demand_share=reg.demand_share,
            onsite_gco2_per_kwh=reg.onsite_gco2_per_kwh,
            onsite_usd_per_mwh=reg.onsite_usd_per_mwh,
        ),
    )
    obj0, unmet0 = unmet_total(inp)
    obj1, unmet1 = unmet_total(bigger)
    assert unmet0 - unmet1 == pytest.approx(more, rel=1e-6)
    from tigris.plan.model import MONEY_SCALE

    assert usd == pytest.approx((obj0 - obj1) * MONEY_SCALE, rel=1e-3)
    # a MW more in the unplaced region b (or the pool alone) is worth nothing here
    elsewhere = inp.replace(
        existing=np.asarray(inp.existing, dtype=float) + np.array([[0.0], [1.0]])
    )
    assert unmet_total(elsewhere)[1] == pytest.approx(unmet0, rel=1e-9)


def test_without_placed_demand_the_answer_is_the_pooled_one() -> None:
    """Regions with no share add no row: the same plan as without regions at all."""
    from tigris.plan.model import build_model

    zero = _two_regions((0.0, 0.0))
    assert REGION_ROW not in build_model(zero).constraints
    assert REGION_ROW in build_model(_two_regions((0.5, 0.0))).constraints
    assert _served(zero) == pytest.approx(_served(_two_regions(None)), rel=1e-12)


def test_the_world_without_builds_has_the_regional_rows_too() -> None:
    """The no-build LP (``plan.counterfactual``) of the placed case: the same 125,000
    H100e a year as the full model (nothing can be built there either)."""
    from tigris.plan.counterfactual import served_without_builds

    unmet = served_without_builds(_two_regions((0.8, 0.0))).sum(axis=0)
    assert 2e6 - unmet == pytest.approx([100 / 0.8 / KW] * 2, rel=1e-9)
    pooled = served_without_builds(_two_regions(None)).sum(axis=0)
    assert 2e6 - pooled == pytest.approx([1.0e6] * 2, rel=1e-9)


def test_shares_above_one_in_total_are_refused() -> None:
    with pytest.raises(InputError, match="demand_share"):
        _two_regions((0.8, 0.4))


# --- scenario files ------------------------------------------------------------------------

#: A small powered scenario (the reference's datacenter site); L = 1.
SCENARIO = textwrap.dedent(
    """\
    name: regions
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2027}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 1
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 2.0e6}
    products:
      - name: b200
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: datacenter
      - kind: datacenter
        power: gas
    datacenters:
      baseline: none
      existing_mw: {2026: 300}
    sites:
      - name: texas-usa
        facilities: [datacenter, datacenter-gas]
        max_modules: 2
    capital:
      - name: fund
        amount_usd: 1.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("demand_regions: {atlantis: 0.5}", "unknown region 'atlantis'"),
        ("demand_regions: {usa: 0.7, europe: 0.5}", "add up to 1.2"),
        ("demand_regions: {usa: 1.5}", "must be <= 1"),
    ],
)
def test_bad_demand_regions_are_named_at_their_line(
    tmp_path: Path, line: str, message: str
) -> None:
    from tigris.scenario import load_scenario

    path = write_scenario(
        tmp_path,
        SCENARIO.replace("fleet_lifetime_years: 1\n", f"{line}\n" + "fleet_lifetime_years: 1\n"),
    )
    with pytest.raises(InputError) as info:
        load_scenario(path)
    at = line_of(path, "demand_regions")
    lines = str(info.value).splitlines()
    assert any(ln.startswith(f"{path}:{at}: demand_regions") and message in ln for ln in lines), (
        lines
    )


def test_demand_regions_need_power(tmp_path: Path) -> None:
    from tigris.plan.assemble import assemble_file

    text = (
        SCENARIO.replace(
            "fleet_lifetime_years: 1\n", "fleet_lifetime_years: 1\ndemand_regions: {usa: 0.5}\n"
        )
        .replace("  - kind: datacenter\n    power: gas\n", "")
        .replace("  - kind: datacenter\n", "  - kind: logic\n    node: N5\n")
        .replace("datacenters:\n  baseline: none\n  existing_mw: {2026: 300}\n", "")
        .replace("[datacenter, datacenter-gas]", "[logic-N5]")
    )
    with pytest.raises(InputError, match=r"demand_regions.*needs data-centre power"):
        assemble_file(write_scenario(tmp_path, text))


def test_pue_by_region_site_and_type_by_hand(tmp_path: Path) -> None:
    """The rows count MW at the plan's PUE (1.2): a module of facility PUE u counts
    ``MW x 1.2 / u``; a site's ``pue`` overrides its type's (data/datacenter_types.csv),
    and the builds table shows facility MW. Region PUEs: data/grid.csv, one per region,
    from Uptime's survey ratios (Europe 1.46, Middle East and Africa 1.79, global 1.59)
    x 1.2."""
    from tigris.energy.data import REGIONS, grid_pue
    from tigris.plan.assemble import assemble_file
    from tigris.plan.power import facility_capacity

    grid = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    assert set(grid) == set(REGIONS) and all(grid_pue(r) == grid[r] for r in REGIONS)
    assert grid["europe"] == pytest.approx(1.2 * 1.46 / 1.59, abs=0.005)
    assert grid["middle-east"] == pytest.approx(1.2 * 1.79 / 1.59, abs=0.005)
    types = {r["facility"]: r for r in data_table("datacenter_types")}

    _, inp, _ = assemble_file(write_scenario(tmp_path, SCENARIO))
    s = inp.sites.index("texas-usa")
    for fid in ("datacenter", "datacenter-gas"):
        k = inp.facilities.index(fid)
        mw, u = float(types[fid]["module_mw"]), float(types[fid]["pue"])
        assert inp.module_capacity[s, k] == pytest.approx(mw * 1.2 / u)
        assert inp.power_mw[s, k] == pytest.approx(mw)  # the site's power limit: facility MW
        assert facility_capacity(inp)[s, k] == pytest.approx(mw)
    # existing_mw of a scenario is at its own PUE: 300 MW on the pool's row
    assert inp.existing[inp.facilities.index("datacenter")] == pytest.approx([300.0, 300.0])

    text = SCENARIO.replace("    max_modules: 2\n", "    max_modules: 2\n    pue: 1.5\n")
    _, inp, _ = assemble_file(write_scenario(tmp_path, text))
    k = inp.facilities.index("datacenter-gas")
    assert inp.module_capacity[s, k] == pytest.approx(100.0 * 1.2 / 1.5)


def test_existing_capacity_counts_at_each_regions_pue(tmp_path: Path) -> None:
    """``baseline: announced``: the pool's existing MW = Σ_r capacity_r x 1.2 / PUE_r,
    capacity from data/datacenter_capacity.csv (end of 2026: mw x ai_share by region)."""
    from tigris.plan.assemble import assemble_file

    text = SCENARIO.replace(
        "  baseline: none\n  existing_mw: {2026: 300}\n", "  baseline: announced\n"
    )
    _, inp, _ = assemble_file(write_scenario(tmp_path, text))
    pue = {r["region"]: float(r["pue"]) for r in data_table("grid")}
    rows = [r for r in data_table("datacenter_capacity") if r["year"] == "2026"]  # every status
    want = sum(float(r["mw"]) * float(r["ai_share"]) * 1.2 / pue[r["region"]] for r in rows)
    got = inp.existing[inp.facilities.index("datacenter")][0]
    assert got == pytest.approx(want, rel=1e-9)
    assert inp.power_regions is not None
    assert dict(zip(inp.power_regions.names, inp.power_regions.existing_pue, strict=True))[
        "middle-east"
    ] == pytest.approx(pue["middle-east"])


def test_a_plan_that_builds_only_gas_shows_gas_intensity_times_energy(tmp_path: Path) -> None:
    """No existing capacity, only on-site gas modules: every MWh of the fleet is the
    gas plant's, so emissions = energy x 437 gCO2/kWh and cost = energy x $45/MWh
    (data/datacenter_types.csv), not the usa grid's, and facility / IT power is the
    gas type's PUE."""
    from tigris.plan import solve

    types = {r["facility"]: r for r in data_table("datacenter_types")}
    gas = types["datacenter-gas"]
    grid = {r["region"]: r for r in data_table("grid") if r["year"] == "2030"}["usa"]
    text = (
        SCENARIO.replace("last_year: 2027", "last_year: 2030")
        .replace("  baseline: none\n  existing_mw: {2026: 300}\n", "  baseline: none\n")
        .replace("[datacenter, datacenter-gas]", "[datacenter-gas]")
        .replace("amount_usd: 1.0e10", "amount_usd: 5.0e9")
    )
    r = solve(
        write_scenario(tmp_path, text), mip_gap=0.0, counterfactual=False, explain_result=False
    )
    assert r.status == "optimal"
    assert set(r.builds["node"]) == {"gas"} and r.builds["modules"].sum() > 0
    world = r.power[(r.power["region"] == "world") & (r.power["energy_twh"] > 0)]
    assert len(world) > 0
    g, usd = float(gas["gco2_per_kwh"]), float(gas["energy_usd_per_mwh"])
    np.testing.assert_allclose(world["onsite_energy_twh"], world["energy_twh"], rtol=1e-9)
    # t CO2 = TWh x 1e9 kWh/TWh x g/kWh / 1e6 g/t
    np.testing.assert_allclose(world["emissions_t_co2"], world["energy_twh"] * 1e3 * g, rtol=1e-9)
    np.testing.assert_allclose(world["electricity_cost_usd"], world["energy_twh"] * 1e6 * usd)
    assert g != float(grid["grid_gco2_per_kwh"])  # the test tells gas from the grid
    pue = world["facility_mw_needed"] / world["fleet_it_mw"]
    np.testing.assert_allclose(pue, float(gas["pue"]), rtol=1e-9)
