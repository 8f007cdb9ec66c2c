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


def small(**changes: object) -> dict:
    doc = yaml.safe_load(SMALL)
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


def test_products_take_their_silicon_from_the_chip_bill() -> None:
    inp, notes = assemble(scenario_from_dict(small()))
    bill = chip_bill("b200")
    k = {f: i for i, f in enumerate(inp.facilities)}
    assert inp.use[0, k["logic-N5"]] == pytest.approx(bill.logic_wafers_per_unit)
    assert inp.use[0, k["cowos"]] == pytest.approx(bill.interposer_wafers_per_unit)
    assert inp.use[0, k["hbm"]] == pytest.approx(bill.hbm_stacks_per_unit)
    assert inp.h100e[0] == pytest.approx(2.25e15 / 9.894e14, rel=1e-4)
    assert len(notes) > 0 and notes["source"].str.len().min() > 0


def test_logic_modules_come_from_the_fab_layer_per_site() -> None:
    """Capex, EUV tools and subsidy of a logic module are the fab layer's for that site;
    opex leaves out depreciation (capex is already counted)."""
    inp, _ = assemble(scenario_from_dict(small()))
    s, k = inp.sites.index("japan"), inp.facilities.index("logic-N5")
    fab = fab_model("N4", 20000, "japan")
    assert inp.capex_usd[s, k] == pytest.approx(fab.capex_usd)
    assert inp.subsidy_usd[s, k] == pytest.approx(fab.subsidy_usd)
    assert inp.euv_tools[s, k] == fab.euv_tools
    dep = sum(v for key, v in fab.opex_breakdown_usd_per_year.items() if "depreciation" in key)
    assert inp.opex_usd_per_year[s, k] == pytest.approx(fab.opex_usd_per_year - dep)
    n = len(fab.output_fraction_by_year)
    assert inp.output[s, k, :n] == pytest.approx(fab.output_fraction_by_year)


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
