"""The capacity table has no rows of no one's capacity (usertest #22).

Defect (user test 2026-12-03, #22): ``capacity.csv`` had a row
``<year>,datacenter,gas,existing,0.0,0.0,MW,`` for every year: existing on-site gas
capacity that no one has (on-site data centres exist only as the plan's modules),
nothing available and nothing used. The table keeps an ``existing`` row where something
is available or used, and the existing capacity it shows is what the inputs hold.

The hand problem: :func:`tests.test_plan_power.dc_tiny` with an on-site gas type
(``gas=True``): 1,000 wspm of existing N5 logic, 1 MW of existing grid data-centre
capacity, no existing gas capacity, nothing built.
"""

from __future__ import annotations

import numpy as np

from tests.test_plan_power import N, dc_tiny
from tigris.plan import solve_inputs


def test_no_existing_row_has_nothing_available_and_nothing_used() -> None:
    inp = dc_tiny(gas=True)
    r = solve_inputs(inp, relax=True, explain_result=False, counterfactual=False)
    assert r.status == "optimal"
    cap = r.capacity
    existing = cap[cap["site"] == "existing"]
    empty = existing[(existing["available"] == 0) & (existing["used"] == 0)]
    assert empty.empty, empty
    # no existing gas capacity in the inputs, so no row for it
    gas = existing[(existing["facility"] == "datacenter") & (existing["node"] == "gas")]
    assert gas.empty, gas
    # the capacity that exists keeps one row a year: 1,000 wspm of logic, 1 MW of grid
    logic = existing[existing["facility"] == "logic"]
    assert len(logic) == N and np.allclose(logic["available"], 1000.0)
    grid = existing[(existing["facility"] == "datacenter") & (existing["node"] == "")]
    assert len(grid) == N and np.all(grid["available"] > 0)
