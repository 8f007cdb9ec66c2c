"""A dearer grid on a fixed plan: grid data-centre money moves, nothing else (usertest #8).

Review of ENERGY's ``datacenters.electricity_price_multiplier`` (081b711, ddbddc7): on
one plan (builds and production fixed) under multipliers 1 and 2, every money term
priced at the grid's data-centre price doubles and no other term moves: fab energy
(priced at the region's grid price in the power table, at the site's price in the fab
layer), on-site gas (its fuel price), capex, depreciation and salvage. The scenario is
:data:`tests.test_energy_price.SCENARIO` (one Texas site, a grid and a gas module of
100 MW) and its variant with an N5 logic fab at the site; the expected values are
``data/grid.csv``'s usa price and ``data/datacenter_types.csv`` read as text.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from tests.test_energy_price import (
    FIXED_OPEX,
    GAS_PRICE,
    HOURS,
    LOAD,
    MODULE_MW,
    SCENARIO,
    USA_PRICE,
    _inputs,
    _row,
    _scenario,
)
from tigris.errors import InputError
from tigris.finance.cashflow import cash_flows
from tigris.plan.assemble import assemble
from tigris.scenario.edit import load_any, set_paths

#: MWh in a TWh.
MWH_PER_TWH = 1e6

#: The scenario with an N5 logic fab allowed at the Texas site (so the site hosts fabs).
FAB_SCENARIO = SCENARIO.replace("[datacenter, datacenter-gas]", "[datacenter, logic-N5]").replace(
    "facilities:\n  - kind: datacenter\n",
    "facilities:\n  - kind: logic\n    node: N5\n  - kind: datacenter\n",
)


def _plan(inp: Any, fids: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray]:
    """One module of each of ``fids`` started at the site in the first year, and
    200,000 of each product made a year."""
    build = np.zeros((*inp.allowed.shape, len(inp.years)))
    for fid in fids:
        build[0, _row(inp, fid), 0] = 1.0
    prod = np.full((len(inp.products), len(inp.years)), 2.0e5)
    return build, prod


def _online(inp: Any) -> Any:
    """``inp`` with every module at full output from its start year (a grid module's
    grid lead time and a fab's build would leave the 3-year horizon without output)."""
    return inp.replace(output=np.ones_like(np.asarray(inp.output, dtype=float)))


def test_cash_flows_of_a_fixed_plan_move_only_by_grid_electricity() -> None:
    """Per group and year: capex, depreciation and salvage equal; opex is the fixed
    opex alone at both prices (the table shows a module's energy premium with its
    energy, user test #5); a grid module's energy (the pool's on what it sells plus its
    own grid price's premium) doubles; a gas module's energy is its fuel (US$45/MWh x
    100 MW x load x hours, unchanged) less the pool's energy on the capacity it leaves
    unsold, which doubles. Modules at full output from their start (:func:`_online`)."""
    one, two = (_online(_inputs(m)) for m in (1.0, 2.0))
    build, prod = _plan(one, ("datacenter", "datacenter-gas"))
    t1, t2 = cash_flows(one, build, prod), cash_flows(two, build, prod)
    assert list(t1[["facility", "year"]].itertuples(index=False)) == list(
        t2[["facility", "year"]].itertuples(index=False)
    )
    for col in ("capex_usd", "depreciation_usd", "salvage_usd"):
        np.testing.assert_allclose(t2[col], t1[col], rtol=1e-12, atol=1e-3)
    dc = t1["year"] <= int(one.years[-1])
    assert float(t1.loc[dc, "variable_cost_usd"].sum()) > 0
    k, g = _row(one, "datacenter"), _row(one, "datacenter-gas")
    years = np.asarray(one.years, dtype=int)
    for fid, kk in (("datacenter", k), ("datacenter-gas", g)):
        rows1 = t1[(t1["facility"] == fid) & dc].set_index("year")
        rows2 = t2[(t2["facility"] == fid) & dc].set_index("year")
        out = np.asarray(one.output[0, kk, : len(years)], dtype=float)[rows1.index - years[0]]
        fixed = FIXED_OPEX * out
        for rows in (rows1, rows2):  # no energy in opex, never negative
            np.testing.assert_allclose(rows["opex_usd"], fixed, rtol=1e-9, atol=1e-3)
        energy1 = rows1["variable_cost_usd"].to_numpy()
        energy2 = rows2["variable_cost_usd"].to_numpy()
        if fid == "datacenter":
            assert np.any(out > 0)
            np.testing.assert_allclose(energy2, 2 * energy1, rtol=1e-9, atol=1e-3)
        else:  # fuel stays: own fuel - 2 x the pool's = 2 (own fuel - the pool's) - fuel
            fuel = GAS_PRICE * MODULE_MW * LOAD * HOURS * out
            assert np.any(fuel > 0)
            np.testing.assert_allclose(energy2, 2 * energy1 - fuel, rtol=1e-9, atol=1e-3)


def test_a_fabs_energy_in_the_power_table_keeps_the_grid_price() -> None:
    """The power table of one plan with a logic fab online from the first year (its
    output profile set to full output, so that the 3-year horizon holds its power)
    and a grid data-centre module: the data centres' grid cost doubles, the fab's
    energy stays at ``data/grid.csv``'s usa price."""
    from tigris.energy.regional import power_table

    parts = []
    for mult in (1.0, 2.0):
        sc = set_paths(load_any(FAB_SCENARIO), {"datacenters.electricity_price_multiplier": mult})
        inp = assemble(sc)[0]
        inp = _online(inp)
        build, prod = _plan(inp, ("logic-N5", "datacenter"))
        table = power_table(inp, {"build": build, "prod": prod})
        world = table[table["region"] == "world"]
        fab = world["fab_energy_twh"].to_numpy() * MWH_PER_TWH * USA_PRICE
        assert np.all(world["onsite_energy_twh"].to_numpy() == 0)
        parts.append((world["electricity_cost_usd"].to_numpy(), fab))
    (c1, fab1), (c2, fab2) = parts
    assert np.all(fab1 > 0) and np.all(c1 - fab1 > 0)
    np.testing.assert_allclose(fab2, fab1, rtol=1e-12)
    np.testing.assert_allclose(c2 - fab2, 2 * (c1 - fab1), rtol=1e-9)


def test_the_site_price_warning_is_written_once_a_process(
    tmp_path: Any, capsys: Any, monkeypatch: Any
) -> None:
    """A plan assembles its inputs more than once (counterfactual, risk members): the
    warning is one line however often."""
    from tests.test_energy_price import OVERLAY
    from tigris.overlay import data_overlay
    from tigris.plan import assemble_energy

    monkeypatch.setattr(assemble_energy, "_WARNED", set())
    path = tmp_path / "elec.yaml"
    path.write_text(OVERLAY.format(price=0.30), encoding="utf-8")
    capsys.readouterr()
    with data_overlay(path):
        assemble(load_any(SCENARIO))
        assemble(load_any(SCENARIO))
    err = str(capsys.readouterr().err)
    lines = [ln for ln in err.splitlines() if ln.startswith("warning:")]
    assert len(lines) == 1, err
    assert str(path) in lines[0] and "electricity_usd_per_kwh" in lines[0]


def test_the_multipliers_upper_bound() -> None:
    """x100 is accepted, above it refused, naming the key."""
    assert _scenario(100.0).datacenters.electricity_price_multiplier == 100.0
    with pytest.raises(InputError, match="electricity_price_multiplier"):
        _scenario(100.5)
