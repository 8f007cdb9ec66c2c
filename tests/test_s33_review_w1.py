"""Review RV-W1 (session 2026-12-04) of the first wave: tests that kill mutations the
helpers' own tests let survive.

- ``terminal_values`` calls a group operating when its last-year row has revenue, opex
  or depreciation (MONEY-A, eb58307): a module that runs but sells nothing in the last
  year is a going concern losing money, valued negative, not at book value.
- ``tigris fab --json`` lists the world-share warning in ``warnings`` (LEFT-CLI,
  cd7381b), not only on stderr.
- ``tigris plan --from-run ID --set CELL=...`` keeps the stored run's other cells
  (LEFT-CLI, 487f544: "cells go over the stored run's own cells, a change wins").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.conftest import SMALL, write_scenario
from tigris.finance.cashflow import terminal_values
from tigris.runs.store import RunStore

RunCli = Callable[..., Any]

#: A data-table cell that binds on SMALL (tests/test_s33_cli_plan_set.py): N4's mature
#: defect density, 0.044/cm2 in data/nodes.csv, raised to 0.07.
CELL = "nodes.N4.d0_mature_per_cm2"
#: Another N4 cell, set to its own shipped value (data/nodes.csv d0_per_cm2 = 0.07): a
#: change that changes nothing, so the plan is the stored run's.
OTHER_CELL = "nodes.N4.d0_per_cm2=0.07"


def test_a_group_running_without_sales_is_a_going_concern_losing_money() -> None:
    """One group: 100 spent in 2026; in 2027 it runs (opex 2, depreciation 10) and
    sells nothing; tax at 25 % on the loss: 0.25 x (0 − 2 − 10) = −3. Its NOPAT is
    0 − 0 − 2 − 10 − (−3) = −9, so as a going concern at 5 % it is worth
    −9 x 1.05/0.05 = −189 (Damodaran, Investment Valuation, ch. 12, g = 0); at book
    value 100 − 10 = 90. Kills the mutation that calls a group operating only when it
    has revenue (it would keep the book value 90)."""
    rows = pd.DataFrame(
        {
            "site": "a",
            "facility": "f",
            "start_year": 2026,
            "year": [2026, 2027],
            "capex_usd": [100.0, 0.0],
            "revenue_usd": [0.0, 0.0],
            "variable_cost_usd": [0.0, 0.0],
            "opex_usd": [0.0, 2.0],
            "depreciation_usd": [0.0, 10.0],
            "tax_usd": [0.0, -3.0],
        }
    )
    assert float(terminal_values(rows, 0.05, "book", 2027).iloc[0]) == pytest.approx(90.0)
    going = float(terminal_values(rows, 0.05, "going_concern", 2027).iloc[0])
    assert going == pytest.approx(-9.0 * 1.05 / 0.05)  # -189


def test_fab_json_lists_the_world_share_warning(run_cli: RunCli) -> None:
    """200,000 wspm of N4 making H100s needs ~376 % of the world's CoWoS (tests/
    test_s33_cli_fab.py works the share by hand); cd7381b says --json lists the
    warning in ``warnings``, as stderr says it. Kills dropping it from the JSON."""
    res = run_cli("fab", "--node", "N4", "--site", "taiwan", "--wspm", "200000",
                  "--product", "h100", "--json")  # fmt: skip
    assert res.code == 0, res.err
    said = [w for w in res.json()["warnings"] if "more than the world's CoWoS capacity" in w]
    assert len(said) == 1, res.json()["warnings"]
    # and a fab well inside the world's capacity lists no such warning
    small = run_cli("fab", "--node", "N4", "--site", "taiwan", "--wspm", "1000",
                    "--product", "h100", "--json")  # fmt: skip
    assert not [w for w in small.json().get("warnings", []) if "more than the world's" in w]


def test_from_run_set_of_another_cell_keeps_the_stored_cell(
    run_cli: RunCli, tmp_path: Path
) -> None:
    """A stored run with ``CELL`` at 0.07 (it binds: the objective moves > 1e-4), then
    ``--from-run ID --set`` of another N4 cell at its shipped value: the stored cell
    must stay in force, so the objective is the stored run's, not the plan without
    the cell. Kills the mutation that passes no stored cells to the overlay when
    --set has a cell of its own (the overlay then replaces them)."""
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    store = tmp_path / "runs.duckdb"

    def objective(*args: object) -> float:
        res = run_cli("plan", *args, "--json")
        assert res.code == 0, res.err
        return res.json()["objective_usd"]

    first = objective(base, "--set", f"{CELL}=0.07", "--store", store)
    without = objective(base, "--no-store")
    assert first != pytest.approx(without, rel=1e-4)  # the cell binds
    (rid,) = list(RunStore(store).runs()["id"])
    again = objective("--from-run", rid, "--set", OTHER_CELL, "--store", store, "--no-store")
    assert again == pytest.approx(first, rel=1e-9)
