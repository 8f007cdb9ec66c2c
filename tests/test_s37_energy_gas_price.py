"""On-site gas energy = gas price x the heat rate the plan burns + other variable cost
(UT-UTILITY #7, session 37): the fuel cost and the gas burned use one heat rate, and a
gas price in USD/MMBtu is a what-if.

Hand figures: EIA AEO2026 Table 3 aeroderivative heat rate 9,447 Btu/kWh = 9.447
MMBtu/MWh; EIA STEO (2025-02-11) Henry Hub 2026 US$4.20/MMBtu: fuel 4.20 x 9.447 =
US$39.68/MWh, and Epoch's US$45/MWh gas plant opex is fuel + 5.32 of other cost. At
US$6/MMBtu: 6 x 9.447 + 5.32 = US$62.00/MWh.
"""

from __future__ import annotations

from pathlib import Path

import pytest

HEAT_RATE_MMBTU_PER_MWH = 9.447
STEO_2026_USD_PER_MMBTU = 4.20
EPOCH_GAS_OPEX_USD_PER_MWH = 45.0


def test_the_table_price_is_epochs_at_the_steo_price() -> None:
    from tigris.energy.data import datacenter_type, energy_parameter

    row = datacenter_type("datacenter-gas")
    assert row["heat_rate_btu_per_kwh"] == pytest.approx(HEAT_RATE_MMBTU_PER_MWH * 1_000)
    assert energy_parameter("gas_price_usd_per_mmbtu") == pytest.approx(STEO_2026_USD_PER_MMBTU)
    assert row["energy_usd_per_mwh"] == pytest.approx(EPOCH_GAS_OPEX_USD_PER_MWH, abs=1e-6)
    fuel = STEO_2026_USD_PER_MMBTU * HEAT_RATE_MMBTU_PER_MWH
    assert fuel == pytest.approx(39.68, abs=0.005)


def test_a_gas_price_what_if_moves_the_fuel_at_the_heat_rate(tmp_path: Path) -> None:
    from tigris.data import using_overlay
    from tigris.energy.data import datacenter_type, energy_parameter
    from tigris.overlay import load_overlay

    path = tmp_path / "gas.yaml"
    path.write_text(
        "energy_parameters:\n"
        "  - name: gas_price_usd_per_mmbtu\n"
        "    value: 6\n"
        '    source: "what-if"\n'
        "    as_of: 2026-12\n",
        encoding="utf-8",
    )
    other = EPOCH_GAS_OPEX_USD_PER_MWH - STEO_2026_USD_PER_MMBTU * HEAT_RATE_MMBTU_PER_MWH
    with using_overlay(load_overlay(path)):
        got = float(datacenter_type("datacenter-gas")["energy_usd_per_mwh"])
        assert energy_parameter("gas_price_usd_per_mmbtu") == 6
    assert got == pytest.approx(6 * HEAT_RATE_MMBTU_PER_MWH + other, rel=1e-9)
    assert got == pytest.approx(62.00, abs=0.01)
    # the shipped tables again outside the overlay
    assert datacenter_type("datacenter-gas")["energy_usd_per_mwh"] == pytest.approx(45.0)
