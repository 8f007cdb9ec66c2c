"""Scenario -> planner arrays through the workload, silicon and fab layers."""

from __future__ import annotations

import numpy as np
import pytest
import yaml

from tests.test_plan_cli import SMALL
from tigris.errors import InputError
from tigris.fab import fab_model
from tigris.plan.assemble import assemble
from tigris.scenario import scenario_from_dict
from tigris.silicon import chip_bill
from tigris.yamlio import parse_yaml


def _from_start(fab, permit_years: float) -> np.ndarray:
    """The fab layer's output by year from the decision to build: first wafer
    ``permit_years + build_years`` after it (tigris.fab.curves.annual_output_fraction)."""
    from tigris.fab import fab_param
    from tigris.fab.curves import annual_output_fraction

    n = len(fab.output_fraction_by_year) + 2
    steep = fab_param("ramp_logistic_steepness")
    return annual_output_fraction(n, permit_years + fab.build_years, fab.ramp_years, steep)


#: SMALL's currency_year: the plan prices fab-layer costs in US dollars of it
#: (``fab_model(..., dollars_of=currency_year)``; docs/finance.md, "Money of which year").
DOLLARS_OF = 2024


def small(**changes: object) -> dict:
    doc = parse_yaml(SMALL)  # YAML 1.2 numbers, as tigris reads scenario files
    doc.update(changes)
    return doc


def test_demand_from_accelerators_uses_the_workload_layer() -> None:
    """Meta's 350,000 H100 (Zuckerberg, 2024-01-18) are 350,000 H100e; 100,000 B200
    are 100,000 x 2.25 / 0.9894 = 227,410 H100e (dense BF16 peaks, catalog)."""
    doc = small()
    doc["demand"] = [
        {
            "name": "meta",
            "priority": 1,
            "accelerators_by_year": {2026: {"h100": 350_000}, 2029: {"b200": 100_000}},
        }
    ]
    inp, _ = assemble(scenario_from_dict(doc))
    assert inp.demand[0, 0] == pytest.approx(350_000, rel=1e-4)
    assert inp.demand[0, -1] == pytest.approx(100_000 * 2.25e15 / 9.894e14, rel=1e-4)


def test_products_take_their_silicon_from_the_chip_bill_of_each_year() -> None:
    """Each year's use is the silicon layer's bill in that year (the node's D0 at its
    age then), HBM in DRAM wafers; a mature node's bill does not rise with age."""
    inp, notes = assemble(scenario_from_dict(small()))
    k = {f: i for i, f in enumerate(inp.facilities)}
    for t, year in enumerate(inp.years):
        bill = chip_bill("b200", year=int(year))
        assert inp.use[0, k["logic-N5"], t] == pytest.approx(bill.logic_wafers_per_unit)
        assert inp.use[0, k["cowos"], t] == pytest.approx(bill.interposer_wafers_per_unit)
        assert inp.use[0, k["hbm"], t] == pytest.approx(bill.hbm_wafers_per_unit)
    assert np.all(np.diff(inp.use[0, k["logic-N5"]]) <= 1e-12)
    assert inp.h100e[0] == pytest.approx(2.25e15 / 9.894e14, rel=1e-4)
    assert len(notes) > 0 and notes["source"].str.len().min() > 0


def test_logic_modules_come_from_the_fab_layer_per_site() -> None:
    """Capex, EUV tools and subsidy of a logic module are the fab layer's for that site;
    opex leaves out depreciation (capex is already counted) and the variable cost the
    plan charges per wafer: at full output fixed opex + variable cost x wafers is the
    fab layer's cash opex at the site (issue 11, docs/finance.md)."""
    inp, _ = assemble(scenario_from_dict(small()))
    s, k = inp.sites.index("japan"), inp.facilities.index("logic-N5")
    fab = fab_model("N4", 20000, "japan", dollars_of=DOLLARS_OF)
    assert inp.capex_usd[s, k] == pytest.approx(fab.capex_usd)
    assert inp.subsidy_usd[s, k] == pytest.approx(fab.subsidy_usd)
    assert inp.euv_tools[s, k] == fab.euv_tools
    dep = sum(v for key, v in fab.opex_breakdown_usd_per_year.items() if "depreciation" in key)
    variable = inp.variable_cost_usd_per_wafer[k, 0] * fab.wafers_per_year
    assert inp.opex_usd_per_year[s, k] + variable == pytest.approx(fab.opex_usd_per_year - dep)
    # counted from the start, the decision to build: the fab's permit and design first
    # (S37 FIX-WORLD, tigris.fab.curves.fab_timeline)
    want = _from_start(fab, fab.permit_years)
    assert inp.output[s, k, : len(want)] == pytest.approx(want)


def test_site_module_size_override() -> None:
    doc = small()
    doc["sites"][1]["module_capacity"] = {"cowos": 5000}
    inp, _ = assemble(scenario_from_dict(doc))
    k = inp.facilities.index("cowos")
    assert inp.module_capacity[:, k].tolist() == [10000.0, 5000.0]


def test_a_product_without_silicon_data_names_its_field() -> None:
    doc = small()
    doc["products"] = [{"name": "tpu-v5p"}]
    with pytest.raises(InputError) as info:
        assemble(scenario_from_dict(doc))
    assert str(info.value).startswith("products.0")


def test_existing_supply_interpolates_between_years() -> None:
    doc = small()
    doc["supply"]["cowos_wspm"] = {2026: 10000, 2028: 30000}
    inp, _ = assemble(scenario_from_dict(doc))
    k = inp.facilities.index("cowos")
    assert inp.existing[k].tolist() == [10000, 20000, 30000, 30000]
    assert np.all(inp.allowed.sum(axis=1) == 3)


def test_site_table_overrides_reach_the_fab_layer() -> None:
    """Taiwan given Arizona's sites.csv multiplier, build and ramp months and subsidy
    builds the logic module the fab layer prices for Arizona (capex depends on the site
    only through those), CoWoS gets the overridden subsidy share, and a higher electricity
    price raises cash opex by exactly energy x price difference. Japan is untouched."""
    doc = small()
    doc["sites"][0].update(
        construction_cost_multiplier=2.0,
        construction_months=24,
        ramp_months=18,
        subsidy_share_of_capex=0.10,
    )
    doc["sites"][1]["electricity_usd_per_kwh"] = 0.25
    inp, notes = assemble(scenario_from_dict(doc))
    k = inp.facilities.index("logic-N5")
    az = fab_model("N4", 20_000, "arizona-usa", dollars_of=DOLLARS_OF)
    assert inp.capex_usd[0, k] == pytest.approx(az.capex_usd, rel=1e-12)
    assert inp.subsidy_usd[0, k] == pytest.approx(0.10 * az.capex_usd, rel=1e-12)
    # Arizona's build and ramp after taiwan's own permit months (not an override)
    tw_permit = fab_model("N4", 20_000, "taiwan", dollars_of=DOLLARS_OF).permit_years
    want = _from_start(az, tw_permit)
    n = min(len(want), inp.output.shape[-1])  # the last value holds (docs/plan.md)
    assert inp.output[0, k, :n] == pytest.approx(want[:n])
    kc = inp.facilities.index("cowos")
    assert inp.subsidy_usd[0, kc] == pytest.approx(0.10 * inp.capex_usd[0, kc])
    jp = fab_model("N4", 20_000, "japan", dollars_of=DOLLARS_OF)
    assert inp.capex_usd[1, k] == pytest.approx(jp.capex_usd, rel=1e-12)
    jp_cash = jp.opex_usd_per_year - sum(
        v for key, v in jp.opex_breakdown_usd_per_year.items() if key.startswith("depreciation")
    )
    extra = jp.energy_mwh_per_year * 1000 * (0.25 - 0.15)  # sites.csv: Japan 0.15 USD/kWh
    variable = inp.variable_cost_usd_per_wafer[k, 0] * jp.wafers_per_year  # Taiwan's
    assert inp.opex_usd_per_year[1, k] + variable == pytest.approx(jp_cash + extra, rel=1e-12)
    assert "taiwan: subsidy_share_of_capex" in set(notes["parameter"])


def test_site_override_out_of_range_is_reported() -> None:
    doc = small()
    doc["sites"][0]["subsidy_share_of_capex"] = 1.2
    doc["sites"][1]["ramp_months"] = -3
    with pytest.raises(InputError) as info:
        scenario_from_dict(doc)
    text = str(info.value)
    assert "sites.0.subsidy_share_of_capex" in text and "sites.1.ramp_months" in text


def _cash_opex(fab: object) -> float:
    """Fab-layer opex less depreciation [USD/year] (the plan's fixed opex plus its
    variable cost at full output, docs/finance.md)."""
    dep = sum(
        v for key, v in fab.opex_breakdown_usd_per_year.items() if key.startswith("depreciation")
    )
    return fab.opex_usd_per_year - dep


def test_partial_logic_override_falls_back_to_the_fab_layer(run_cli, tmp_path) -> None:
    """A logic facility giving only capex, spend and output profiles keeps them and
    takes opex, power and EUV tools from the fab layer for each site (it used to end in
    ``KeyError: 'opex'``); ``tigris scenario check`` and ``tigris plan`` both run."""
    doc = small()
    doc["facilities"][0].update(
        capex_usd=1.0e10, spend_profile=[0.5, 0.5], output_profile=[0, 0, 1]
    )
    inp, _ = assemble(scenario_from_dict(doc))
    k = inp.facilities.index("logic-N5")
    for s, site in enumerate(inp.sites):
        fab = fab_model("N4", 20_000, site, dollars_of=DOLLARS_OF)
        assert inp.capex_usd[s, k] == 1.0e10
        assert inp.spend[s, k, :2].tolist() == [0.5, 0.5]
        assert inp.output[s, k, :3].tolist() == [0.0, 0.0, 1.0]
        variable = inp.variable_cost_usd_per_wafer[k, 0] * fab.wafers_per_year
        assert inp.opex_usd_per_year[s, k] + variable == pytest.approx(_cash_opex(fab), rel=1e-12)
        assert inp.power_mw[s, k] == pytest.approx(fab.power_mw, rel=1e-12)
        assert inp.euv_tools[s, k] == fab.euv_tools
    path = tmp_path / "partial.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    check = run_cli("scenario", "check", path)
    assert check.code == 0, check.err
    res = run_cli("plan", path, "--json")
    assert res.code == 0, res.err
    assert "Traceback" not in res.err
    assert res.json()["status"] == "optimal"


def test_logic_capacity_is_the_fab_layers_output() -> None:
    """One model, one number: a 20,000-wspm N4 module makes the fab layer's
    ``wafers_per_year`` (20,000 x 12 x line yield 0.98 = 235,200 finished wafers,
    fab_parameters.csv), not 240,000 starts; existing logic starts get the same line
    yield; CoWoS and HBM (no line yield in facility_types.csv) count their capacity."""
    inp, _ = assemble(scenario_from_dict(small()))
    k = inp.facilities.index("logic-N5")
    for s, site in enumerate(inp.sites):
        fab = fab_model("N4", 20_000, site)
        assert inp.module_output[s, k] * 12 == pytest.approx(fab.wafers_per_year, rel=1e-12)
        assert inp.module_output[s, k] * 12 == pytest.approx(235_200.0, rel=1e-12)
    # SMALL's existing N5 logic: 19,000 wspm (tests/conftest.py)
    assert inp.existing_output[k, 0] == pytest.approx(19_000 * 0.98, rel=1e-12)
    for fid in ("cowos", "hbm"):
        kk = inp.facilities.index(fid)
        assert inp.module_output[:, kk].tolist() == inp.module_capacity[:, kk].tolist()
        assert inp.existing_output[kk].tolist() == inp.existing[kk].tolist()


def test_an_old_style_scenario_assembles_from_its_own_maps() -> None:
    """The pre-world-layer reference (every map written out) still plans: existing
    capacity is its maps (HBM in DRAM wspm), there are no baseline parts, everything
    belongs to the investor, and each product's use is given for every year."""
    from pathlib import Path

    from tigris.plan.inputs import INVESTOR
    from tigris.scenario import load_scenario, series

    sc = load_scenario(Path(__file__).with_name("scenario_explicit.yaml"))
    inp, _ = assemble(sc)
    k = inp.facilities.index("hbm")
    np.testing.assert_allclose(inp.existing[k], series(sc.supply.hbm_wspm, inp.years))
    assert inp.existing_parts is None
    assert set(inp.site_owner) == set(inp.source_owner) == {INVESTOR}
    assert inp.use.shape == (len(sc.products), len(inp.facilities), len(inp.years))
