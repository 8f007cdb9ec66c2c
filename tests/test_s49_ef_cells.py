"""A what-if on a data-centre type's cell that a facility restates is warned of (user
test s49, energy and finance #1).

The reference restates ``capex_usd_per_mw``, ``construction_months`` and
``energy_usd_per_mwh`` on its data-centre facilities, which replace the cells of
``data/datacenter_types.csv`` (docs/energy.md, "Which fields a facility overrides"),
so ``--set data.datacenter_types.datacenter-gas.capex_usd_per_mw=2e7`` (plan, sweep)
and a ``distributions:`` entry on it changed nothing, silently; so did the gas price,
which moves only the fuel part of the table's ``energy_usd_per_mwh``. A ``warning:``
now says so and names the facility path to set instead. A small powered scenario
(:data:`tests.test_scenario_energy.POWERED`) whose gas facility restates three fields
and whose grid facility none; each plan solves in about a second.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import data_table, line_of, replaced, write_scenario
from tests.test_scenario_energy import POWERED

GAS = "data.datacenter_types.datacenter-gas"
GRID = "data.datacenter_types.datacenter"
GAS_PRICE = "data.energy_parameters.gas_price_usd_per_mmbtu.value"
#: The gas facility restates capex (POWERED's), build months and energy price.
RESTATED = replaced(
    POWERED,
    (
        "    capex_usd_per_mw: 8.0e6\n",
        "    capex_usd_per_mw: 8.0e6\n    construction_months: 24\n    energy_usd_per_mwh: 50\n",
    ),
)


def _warnings(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("warning:")]


@pytest.fixture
def restated(tmp_path: Path) -> Path:
    return write_scenario(tmp_path, RESTATED)


@pytest.mark.parametrize(
    ("cell", "value", "field", "own"),
    [
        ("capex_usd_per_mw", "20000000", "capex_usd_per_mw", "8000000"),
        ("construction_months", "36", "construction_months", "24"),
        ("energy_usd_per_mwh", "90", "energy_usd_per_mwh", "50"),
    ],
)
def test_plan_set_on_a_restated_cell_warns_and_names_the_facility_path(
    run_cli, restated: Path, cell: str, value: str, field: str, own: str
) -> None:
    path = f"{GAS}.{cell}"
    res = run_cli("plan", restated, "--no-store", "--json", "--set", f"{path}={value}")
    assert res.code == 0, res.err
    [line] = [ln for ln in _warnings(res.err) if path in ln]
    assert "changes nothing" in line, line
    assert f"facility datacenter-gas gives its own {field} ({own})" in line, line
    assert f"--set facilities.datacenter-gas.{field}={value}" in line, line
    # what the warning says holds: the plan is the one without the cell
    base = run_cli("plan", restated, "--no-store", "--json")
    assert base.code == 0, base.err
    assert res.json()["objective_usd"] == pytest.approx(base.json()["objective_usd"], rel=1e-9)


def test_a_cell_some_facility_takes_is_not_warned(run_cli, restated: Path) -> None:
    """The grid facility restates nothing: its type's build months reach its modules."""
    path = f"{GRID}.construction_months"
    res = run_cli("plan", restated, "--no-store", "--json", "--set", f"{path}=30")
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if path in ln], res.err


def test_gas_price_warns_with_the_tables_price_at_that_gas_price(run_cli, restated: Path) -> None:
    """The equivalent facility price from the data rows: the table's US$/MWh plus the
    price change x the heat rate (Btu/kWh = MMBtu per 1,000 MWh)."""
    [row] = [r for r in data_table("datacenter_types") if r["facility"] == "datacenter-gas"]
    params = data_table("energy_parameters")
    [gas] = [r for r in params if r["parameter"] == "gas_price_usd_per_mmbtu"]
    heat = float(row["heat_rate_btu_per_kwh"]) / 1000  # MMBtu/MWh
    want = float(row["energy_usd_per_mwh"]) + (8.4 - float(gas["value"])) * heat
    res = run_cli("plan", restated, "--no-store", "--set", f"{GAS_PRICE}=8.4")
    assert res.code == 0, res.err
    [line] = [ln for ln in _warnings(res.err) if GAS_PRICE in ln]
    assert "changes nothing" in line and "energy_usd_per_mwh (50 USD/MWh)" in line, line
    shown = line.split("--set facilities.datacenter-gas.energy_usd_per_mwh=")[1].split()[0]
    assert float(shown) == pytest.approx(want, abs=0.01), line


def test_gas_price_is_not_warned_when_the_gas_facility_takes_the_table(
    run_cli, tmp_path: Path
) -> None:
    path = write_scenario(tmp_path, POWERED)  # its gas facility gives no energy price
    res = run_cli("plan", path, "--no-store", "--set", f"{GAS_PRICE}=8.4")
    assert res.code == 0, res.err
    assert not [ln for ln in _warnings(res.err) if GAS_PRICE in ln], res.err


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_sweep_warns_once_per_path_with_every_value(run_cli, restated: Path) -> None:
    path = f"{GAS}.capex_usd_per_mw"
    res = run_cli("sweep", restated, "--no-store", "--set", f"{path}=10000000,20000000")
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if path in ln]
    assert len(lines) == 1, res.err
    assert f"{path}=10000000,20000000" in lines[0], lines[0]
    assert "--set facilities.datacenter-gas.capex_usd_per_mw=10000000,20000000" in lines[0]


def test_a_distribution_on_a_restated_cell_is_warned_at_its_line(run_cli, tmp_path: Path) -> None:
    text = RESTATED + (
        "distributions:\n"
        f"  {GAS}.construction_months:\n"
        "    {dist: uniform, low: 18, high: 40, source: test}\n"
        f"  {GRID}.construction_months:\n"
        "    {dist: uniform, low: 12, high: 30, source: test}\n"
    )
    path = write_scenario(tmp_path, text)
    res = run_cli("scenario", "check", path)
    assert res.code == 0, res.err
    lines = [ln for ln in _warnings(res.err) if "changes nothing" in ln]
    assert len(lines) == 1, res.err  # the grid cell reaches the grid modules
    at = line_of(path, f"{GAS}.construction_months")
    assert f"{path}:{at}:" in lines[0], lines[0]
    assert "facilities.datacenter-gas.construction_months" in lines[0], lines[0]


def test_the_reference_cells_named_by_the_user_test() -> None:
    """On the reference: its facilities restate all three columns and the gas price."""
    from tigris.scenario import reference_scenario
    from tigris.scenario.checks_cells import cell_unreached

    ref = reference_scenario()
    for path in (
        f"{GAS}.capex_usd_per_mw",
        f"{GAS}.energy_usd_per_mwh",
        f"{GRID}.construction_months",
        GAS_PRICE,
    ):
        assert cell_unreached(ref, path, [1.0]) is not None, path
    assert cell_unreached(ref, f"{GRID}.ramp_months", [9]) is None
