"""What if power is dearer: ``datacenters.electricity_price_multiplier`` (usertest #8).

Defect (user test 2026-12-03, #8): the data-centre electricity price (``data/grid.csv``
by region, most of the reference's variable cost) had no scenario key and no
``sweep --set`` path, and a ``--data`` site price for ``texas-usa`` (a data-centre-only
site) was accepted and changed nothing, silently. The key scales every region's grid
price that data centres pay: the pool's energy (variable cost and the price's
pass-through), a grid module's own price (its premium over the pool) and the power
table's cost; on-site gas keeps its fuel price, so a dearer grid makes gas relatively
cheaper. A site price that cannot reach anything the site builds is warned.

The hand problem: 300 facility MW of existing capacity (at the scenario's PUE 1.2),
B200s, one Texas site that may build a grid (PUE 1.1, 100 MW) or a gas (PUE 1.1,
100 MW, US$45/MWh) data-centre module. Expected values come from the shipped tables
read as text (``data/grid.csv`` usa US$80.6/MWh, ``data/datacenter_types.csv``,
``data/energy_parameters.csv`` load factor 0.75, lease US$184.06 per kW of IT a month),
and hours a year = 365.25 x 24.
"""

from __future__ import annotations

import itertools
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from tests.conftest import data_table, replaced
from tests.test_power_regions import SCENARIO as REGIONS
from tigris.errors import InputError
from tigris.overlay import data_overlay
from tigris.plan.assemble import assemble
from tigris.scenario.edit import load_any, set_paths

#: test_power_regions' small powered scenario (texas-usa, grid and gas data centres,
#: 300 MW existing), over 2026-2028 with demand in 2028 too.
SCENARIO = replaced(
    REGIONS,
    ("name: regions\n", "name: power-price\n"),
    ("last_year: 2027}", "last_year: 2028}"),
    ("h100e_by_year: {2026: 2.0e6}\n", "h100e_by_year: {2026: 2.0e6, 2028: 3.0e6}\n"),
)
#: Hours in a year [h] (365.25 days).
HOURS = 365.25 * 24
#: Months in a year.
MONTHS = 12
#: Scenario PUE (the rows' unit).
PUE = 1.2


def _param(table: str, key: str, column: str, value: str = "value") -> float:
    row = next(r for r in data_table(table) if r[column] == key)
    return float(row[value])


LOAD = _param("energy_parameters", "load_factor", "parameter")
LEASE_IT = _param("energy_parameters", "lease_usd_per_kw_month", "parameter") * 1000
USA_PRICE = float(
    next(r for r in data_table("grid") if r["region"] == "usa")["electricity_usd_per_mwh"]
)
_TYPES = {r["facility"]: r for r in data_table("datacenter_types")}
MODULE_MW = float(_TYPES["datacenter"]["module_mw"])
FIXED_OPEX = MODULE_MW * float(_TYPES["datacenter"]["opex_usd_per_mw_year"])
GAS_PRICE = float(_TYPES["datacenter-gas"]["energy_usd_per_mwh"])
GRID_PUE = float(_TYPES["datacenter"]["pue"])
GAS_PUE = float(_TYPES["datacenter-gas"]["pue"])

_CACHE: dict[float, Any] = {}


def _scenario(mult: float) -> Any:
    return set_paths(load_any(SCENARIO), {"datacenters.electricity_price_multiplier": mult})


def _inputs(mult: float) -> Any:
    if mult not in _CACHE:
        _CACHE[mult] = assemble(_scenario(mult))[0]
    return _CACHE[mult]


def _row(inp: Any, fid: str) -> int:
    return list(inp.facilities).index(fid)


def test_doubling_the_price_doubles_the_pool_energy_and_its_pass_through() -> None:
    one, two = _inputs(1.0), _inputs(2.0)
    k = _row(one, "datacenter")
    var1, var2 = one.variable_cost_usd_per_wafer[k], two.variable_cost_usd_per_wafer[k]
    assert np.all(var1 > 0)
    np.testing.assert_allclose(var2, 2 * var1, rtol=1e-12)
    # price = the lease per kW of IT / pue (unchanged) + the energy passed through
    lease = LEASE_IT / PUE
    np.testing.assert_allclose(one.price_usd_per_wafer[k] - var1, lease, rtol=1e-12)
    np.testing.assert_allclose(two.price_usd_per_wafer[k] - var2, lease, rtol=1e-12)


def test_a_grid_modules_premium_doubles_and_gas_gains_what_the_pool_loses() -> None:
    """Premium = (own price - the pool's cost per row MWh x pue / module PUE) x module MW
    x load x hours, fixed opex at full use: a grid module's own price doubles with the
    pool's; a gas module's fuel does not, so its premium falls by the pool's energy cost
    of its capacity at full use."""
    one, two = _inputs(1.0), _inputs(2.0)
    k = _row(one, "datacenter")
    g = _row(one, "datacenter-gas")
    pool_row_mwh = float(np.mean(one.variable_cost_usd_per_wafer[k])) / (HOURS / MONTHS) / LOAD
    grid_cap, gas_cap = MODULE_MW * PUE / GRID_PUE, MODULE_MW * PUE / GAS_PUE
    np.testing.assert_allclose(one.module_capacity[0, [k, g]], [grid_cap, gas_cap], rtol=1e-12)
    for mult, inp in ((1.0, one), (2.0, two)):
        grid = (USA_PRICE * MODULE_MW - pool_row_mwh * grid_cap) * LOAD * HOURS * mult
        gas = (GAS_PRICE * MODULE_MW - mult * pool_row_mwh * gas_cap) * LOAD * HOURS
        np.testing.assert_allclose(inp.opex_usd_per_year[0, k], FIXED_OPEX + grid, rtol=1e-9)
        np.testing.assert_allclose(inp.opex_usd_per_year[0, g], FIXED_OPEX + gas, rtol=1e-9)


def test_a_fixed_plans_grid_electricity_cost_doubles_on_site_gas_does_not() -> None:
    """The power table of one plan (B200s made, one gas module started in 2026) under
    both prices: the grid part of the electricity cost doubles, the on-site part (gas
    at its fuel price) stays."""
    from tigris.energy.regional import power_table

    costs = []
    for mult in (1.0, 2.0):
        inp = _inputs(mult)
        build = np.zeros((*inp.allowed.shape, len(inp.years)))
        build[0, _row(inp, "datacenter-gas"), 0] = 1.0
        prod = np.full((len(inp.products), len(inp.years)), 2.0e5)
        table = power_table(inp, {"build": build, "prod": prod})
        world = table[table["region"] == "world"]
        onsite = world["onsite_energy_twh"].to_numpy() * 1e6 * GAS_PRICE
        costs.append((world["electricity_cost_usd"].to_numpy(), onsite))
    (c1, on1), (c2, on2) = costs
    assert np.all(c1 - on1 > 0) and on1[-1] > 0
    np.testing.assert_allclose(on2, on1, rtol=1e-12)
    np.testing.assert_allclose(c2 - on2, 2 * (c1 - on1), rtol=1e-9)


@pytest.mark.slow
def test_a_re_solved_plan_costs_more_as_power_gets_dearer() -> None:
    from tigris.plan import solve_inputs

    objective = [
        solve_inputs(_inputs(m), explain_result=False, counterfactual=False).objective_usd
        for m in (0.5, 1.0, 2.0, 4.0)
    ]
    assert all(b > a for a, b in itertools.pairwise(objective)), objective


def test_the_key_is_a_sweep_path_and_bad_values_are_refused() -> None:
    sc = set_paths(load_any(), {"datacenters.electricity_price_multiplier": 1.5})
    assert sc.datacenters is not None and sc.datacenters.electricity_price_multiplier == 1.5
    for bad in (0, -1, "abc"):
        with pytest.raises(InputError, match="electricity_price_multiplier"):
            set_paths(load_any(), {"datacenters.electricity_price_multiplier": bad})


OVERLAY = textwrap.dedent(
    """\
    sites:
      - name: texas-usa
        based_on: texas-usa
        electricity_usd_per_kwh: {price}
        source: "test"
        as_of: 2026-12
    """
)


def _warnings(tmp_path: Path, capsys: Any, monkeypatch: Any, price: float, text: str) -> str:
    from tigris.plan import assemble_energy

    monkeypatch.setattr(assemble_energy, "_WARNED", set())
    path = tmp_path / "elec.yaml"
    path.write_text(OVERLAY.format(price=price), encoding="utf-8")
    capsys.readouterr()
    with data_overlay(path):
        assemble(load_any(text))
    return str(capsys.readouterr().err)


def test_a_data_site_price_that_reaches_nothing_is_warned_in_one_line(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    err = _warnings(tmp_path, capsys, monkeypatch, 0.30, SCENARIO)
    lines = [ln for ln in err.splitlines() if ln.startswith("warning:")]
    assert len(lines) == 1, err
    assert "texas-usa" in lines[0] and "electricity_usd_per_kwh" in lines[0]
    assert "datacenters.electricity_price_multiplier" in lines[0]
    # the shipped price given again, or a site that hosts fabs: nothing to warn
    shipped = _param("sites", "texas-usa", "site", "electricity_usd_per_kwh")
    assert "warning:" not in _warnings(tmp_path, capsys, monkeypatch, shipped, SCENARIO)
    fabs = SCENARIO.replace("[datacenter, datacenter-gas]", "[datacenter, logic-N5]").replace(
        "facilities:\n  - kind: datacenter\n",
        "facilities:\n  - kind: logic\n    node: N5\n  - kind: datacenter\n",
    )
    assert "warning:" not in _warnings(tmp_path, capsys, monkeypatch, 0.30, fabs)
    # the scenario's own site price, likewise: a scenario warning at its field (and,
    # from a file, its line: tests/test_s45_scenario.py), not the plan layer's
    own = SCENARIO.replace("max_modules: 2\n", "max_modules: 2\n    electricity_usd_per_kwh: 0.3\n")
    err = _warnings(tmp_path, capsys, monkeypatch, shipped, own)
    assert "warning:" not in err, err
    from tigris.scenario.advice import scenario_warnings

    found = [
        m
        for loc, m in scenario_warnings(load_any(own))
        if loc == ("sites", 0, "electricity_usd_per_kwh")
    ]
    assert len(found) == 1 and "datacenters.electricity_price_multiplier" in found[0], found
