"""``data.datacenter_types.TYPE.heat_rate_btu_per_kwh`` is a cell a ``--set``, a sweep
or a distribution may vary, as the table's other numbers (user test 2026-12-06:
"unknown column" of a column docs/energy.md, "Gas burned", documents). Gas burned is
on-site energy x heat rate, so the plan's gas moves by the ratio of the rates and
nothing the plan chooses moves (the reference's gas facility restates its own energy
price, so the fuel price the heat rate enters does not change)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from tigris.risk.cells import parse_cell

from .conftest import CliResult, data_table

#: The cell.
PATH = "data.datacenter_types.datacenter-gas.heat_rate_btu_per_kwh"


def test_the_cell_parses() -> None:
    cell = parse_cell(PATH)
    assert (cell.section, cell.row, cell.column) == (
        "datacenter_types", "datacenter-gas", "heat_rate_btu_per_kwh"
    )  # fmt: skip


def test_gas_burned_moves_by_the_ratio_of_the_rates(
    run_cli: Callable[..., CliResult], reference_plan_json: str
) -> None:
    (row,) = [r for r in data_table("datacenter_types") if r["facility"] == "datacenter-gas"]
    shipped = float(row["heat_rate_btu_per_kwh"])
    res = run_cli("plan", "--no-store", "--json", "--set", f"{PATH}=9000")
    assert res.code == 0, res.err
    ref, got = json.loads(reference_plan_json), res.json()
    assert got["objective_usd"] == pytest.approx(ref["objective_usd"], rel=1e-9)

    def gas(doc: dict) -> float:
        return sum(r["onsite_gas_mmbtu"] or 0.0 for r in doc["power"])

    assert gas(ref) > 0
    assert gas(got) == pytest.approx(gas(ref) * 9000 / shipped, rel=1e-9)
