"""The reference's risk draws: the revenue side in, the hurdle rate out (usertest_money M5).

The investment case's NPV moves by ~$0.1B per $1/kW-month of lease (usertest_money,
sweep on the lease) and with the gas plant's energy cost, but the reference drew
neither; it drew the discount rate, which mixes NPVs at different hurdle rates into one
spread. The ranges below are re-derived by hand from the published figures each
distribution cites.
"""

from __future__ import annotations

import pytest

from tigris.data import load_rows
from tigris.scenario.load import reference_scenario

LEASE = "data.energy_parameters.lease_usd_per_kw_month.value"
GAS = "facilities.datacenter-gas.energy_usd_per_mwh"


def _table_value(table: str, key: str, name: str, column: str) -> float:
    rows = [r for r in load_rows(table) if r[key] == name]
    assert len(rows) == 1, name
    return float(rows[0][column])


def test_the_discount_rate_is_not_drawn() -> None:
    assert "discount_rate" not in reference_scenario().distributions


def test_the_lease_is_drawn_over_cbres_own_series() -> None:
    # CBRE H2 2024: US$184.06/kW-month after +14.5 % (2022), +18.6 % (2023), +12.6 % (2024)
    d = reference_scenario().distributions[LEASE]
    value = _table_value("energy_parameters", "parameter", "lease_usd_per_kw_month", "value")
    assert value == 184.06 and d.mode == value
    assert d.low == pytest.approx(184.06 / (1.145 * 1.186 * 1.126), abs=0.05)  # 2021's 120.4
    assert d.high == pytest.approx(184.06 * 1.126, abs=0.05)  # 207.3
    assert "CBRE" in d.source


def test_the_gas_plants_energy_cost_follows_henry_hub() -> None:
    # US$45/MWh at EIA's 2026 forecast US$4.20/MMBtu; 2024's US$2.19 and the US$5.40 peak
    sc = reference_scenario()
    d = sc.distributions[GAS]
    table = _table_value("datacenter_types", "facility", "datacenter-gas", "energy_usd_per_mwh")
    gas = next(f for f in sc.facilities if f.kind == "datacenter" and f.power == "gas")
    assert gas.energy_usd_per_mwh == table == d.mode == 45.0
    assert d.low == pytest.approx(45 * 2.19 / 4.20, abs=0.05)  # 23.5
    assert d.high == pytest.approx(45 * 5.40 / 4.20, abs=0.05)  # 57.9
    assert "Henry Hub" in d.source


def test_draws_reach_the_members() -> None:
    """Every member of a seeded draw sets both, inside their bounds; the lease as a
    data-table cell of the member's overlay."""
    from tigris.risk.cells import member_overlay
    from tigris.risk.distributions import sample_changes

    sc = reference_scenario()
    members = sample_changes(sc, 16, seed=7)
    for m in members:
        assert "discount_rate" not in m
        for path in (LEASE, GAS):
            d = sc.distributions[path]
            assert d.low <= m[path] <= d.high
    lease = [m[LEASE] for m in members]
    assert max(lease) - min(lease) > 10.0  # drawn, not fixed
    text = member_overlay({LEASE: lease[0]}, None)
    assert text is not None and f"{lease[0]!r}" in text
