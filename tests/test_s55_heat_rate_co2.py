"""A heat-rate what-if on the on-site gas type moves its CO2 with the gas it burns, and
says where its cost does not follow (user test 2026-12-07: ``--set
data.datacenter_types.datacenter-gas.heat_rate_btu_per_kwh=6500`` burned 31 % less gas
at the same 9.22 Mt of scope 1 and the same US$45/MWh, without a word; with the gas
price set too, the advice priced the fuel at the table's 9,447 Btu/kWh).

Stack CO2 per kWh is the heat rate times the fuel's CO2 per unit of heat (EIA FAQ 74),
so the plan's emissions must move by the gas saved times the row's own CO2 per MMBtu
(501 g/kWh over 9,447 Btu/kWh); re-solved here, not read back from the code."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tigris.scenario import reference_scenario
from tigris.scenario.checks_cells import cell_warning_lines

from .conftest import CliResult, data_table

HEAT = "data.datacenter_types.datacenter-gas.heat_rate_btu_per_kwh"
GAS = "data.energy_parameters.gas_price_usd_per_mmbtu.value"


def _gas_row() -> dict[str, str]:
    (row,) = [r for r in data_table("datacenter_types") if r["facility"] == "datacenter-gas"]
    return row


def _price_at(gas_usd_per_mmbtu: float | None, heat_mmbtu_per_mwh: float) -> float:
    """The table's energy price at a gas price (None: the table's) and heat rate, by
    hand: ``P x H + (e0 - P0 x H0)`` [USD/MWh] (docs/energy.md, on-site gas)."""
    row = _gas_row()
    (p0,) = [
        float(r["value"])
        for r in data_table("energy_parameters")
        if r["parameter"] == "gas_price_usd_per_mmbtu"
    ]
    h0 = float(row["heat_rate_btu_per_kwh"]) / 1e3  # Btu/kWh -> MMBtu/MWh
    p = p0 if gas_usd_per_mmbtu is None else gas_usd_per_mmbtu
    return p * heat_mmbtu_per_mwh + float(row["energy_usd_per_mwh"]) - p0 * h0


def _world_2035(run_cli: Callable[..., CliResult], *args: str) -> dict:
    res = run_cli("plan", "--no-store", "--json", *args)
    assert res.code == 0, res.err
    rows = json.loads(res.out)["power"]
    (row,) = [r for r in rows if r["region"] == "world" and r["year"] == 2035]
    return row


def test_the_co2_moves_with_the_gas_burned(run_cli: Callable[..., CliResult]) -> None:
    row = _gas_row()
    # g/kWh over Btu/kWh is g/Btu, which is t/MMBtu (1e6 of each)
    t_per_mmbtu = float(row["gco2_per_kwh"]) / float(row["heat_rate_btu_per_kwh"])
    ref = _world_2035(run_cli)
    low = _world_2035(run_cli, "--set", f"{HEAT}=6500")
    saved = ref["onsite_gas_mmbtu"] - low["onsite_gas_mmbtu"]
    assert saved > 0  # the what-if burns less gas
    fell = ref["emissions_t_co2"] - low["emissions_t_co2"]
    assert fell == pytest.approx(saved * t_per_mmbtu, rel=1e-6)


def test_a_heat_rate_says_the_cost_is_the_facilitys() -> None:
    (line,) = cell_warning_lines(reference_scenario(), {HEAT: 6500})
    assert "not its energy cost" in line
    assert f"energy_usd_per_mwh={_price_at(None, 6.5):.4f}".rstrip("0") in line


def test_the_gas_price_advice_uses_the_heat_rate_set_with_it() -> None:
    lines = cell_warning_lines(reference_scenario(), {HEAT: 6500, GAS: 8.4})
    (gas,) = [ln for ln in lines if ln.startswith(f"--set: {GAS}=8.4")]
    assert f"energy_usd_per_mwh={_price_at(8.4, 6.5):.4f}".rstrip("0") in gas
