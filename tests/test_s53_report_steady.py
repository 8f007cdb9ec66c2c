"""A report read back from a saved run values the going concern as the plan did
(scenario-author user test 2026-12-06 #2).

The plan's flag of which build groups are at their steady state in the last year was
kept only in the cash-flow frame's ``attrs``, which a saved run does not write; read
back, the rows alone (the same opex in the last two years) called a CoWoS module in
its first full-output year not steady, and the report printed the book-value NPV as
the going-concern one (-$1.13B against the plan's $11.0B).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write_scenario

CLIENT = """\
name: dc-client
currency_year: 2024
horizon: {first_year: 2026, last_year: 2030}
discount_rate: 0.08
pue: 1.2
fleet_lifetime_years: 5
unmet_penalty_usd_per_h100e: 27500
demand:
  - name: training
    priority: 2
    h100e_by_year: {2026: 4.0e6, 2030: 9.0e6}
  - name: inference
    priority: 1
    h100e_by_year: {2026: 1.0e6}
    growth_per_year: 0.3
products:
  - name: b200
supply:
  logic_wspm: {N5: {2026: 20000}}
  cowos_wspm: {2026: 20000}
  hbm_wspm: {2026: 1.0e5}
facilities:
  - kind: logic
    node: N4
  - kind: cowos
  - kind: hbm
  - kind: datacenter
  - kind: datacenter
    power: gas
    module_capacity: 200
datacenters:
  baseline: announced
  grid_headroom_mw: {usa: {2026: 5000, 2028: 10000, 2030: 20000}}
  electricity_price_multiplier: 1.2
  source: "client estimate"
sites:
  - name: taiwan
    max_modules: 3
  - name: japan
  - name: texas-usa
    facilities: [datacenter, datacenter-gas]
    region: usa
capital:
  - name: fund
    amount_usd: 2.0e10
    first_year: 2026
    last_year: 2027
  - name: partners
    usd_by_year: {2026: 2.0e9, 2028: 6.0e9}
tools:
  euv_per_year: {2026: 10}
"""


def test_a_saved_run_keeps_the_plans_steady_state_and_going_concern(tmp_path: Path) -> None:
    import tigris
    from tigris.finance.terminal import steady_groups
    from tigris.plan.result import PlanResult

    path = write_scenario(tmp_path, CLIENT)
    r = tigris.plan(str(path), store=False)
    out = tmp_path / "run"
    r.write(out)
    back = PlanResult.read(out)
    last = 2030
    planned = steady_groups(r.cash_flows, last)
    assert planned.any()  # some group is steady in 2030: the case the rows misread
    read = steady_groups(back.cash_flows, last)
    assert read.to_dict() == planned.to_dict()
    # the headline's going-concern NPV, as planned and as read back
    said = r.headline()["numbers"].get("npv_other_terminal_usd")
    again = back.headline()["numbers"].get("npv_other_terminal_usd")
    assert said is not None and again == pytest.approx(said, rel=1e-9)


def test_a_stored_run_keeps_it_too(tmp_path: Path) -> None:
    import tigris
    from tigris.finance.terminal import steady_groups
    from tigris.runs.store import RunStore

    path = write_scenario(tmp_path, CLIENT)
    store = tmp_path / "runs.duckdb"
    r = tigris.plan(str(path), store=store)
    runs = RunStore(store)
    rid = str(runs.runs()["id"].iloc[0])
    back = runs.result(rid)
    assert (
        steady_groups(back.cash_flows, 2030).to_dict()
        == steady_groups(r.cash_flows, 2030).to_dict()
    )
