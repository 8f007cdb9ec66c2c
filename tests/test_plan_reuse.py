"""Fast sweep members (:func:`tigris.plan.reuse.solve_member`) give solve()'s plans.

What must hold (contract, helper E): for any member, ``solve_member(sc, **o)`` has the
status of ``solve(sc, explain_result=False, **o)``, its objective within the MIP gap,
and the same tables where the optimum is unique, whatever members were solved before
in the same process (the reuse must never leak one member into the next).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tigris.plan.result import PlanResult
from tigris.plan.reuse import solve_member
from tigris.plan.solve import solve
from tigris.scenario.load import scenario_from_dict
from tigris.yamlio import load_yaml

#: A small scenario (3 years, one candidate site): solves in well under a second.
SMALL = textwrap.dedent(
    """\
    name: small
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2028}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 5
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 2
        h100e_by_year: {2026: 4.0e6, 2028: 8.0e6}
      - name: other
        priority: 1
        h100e_by_year: {2026: 1.0e6, 2028: 2.0e6}
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
    sites:
      - name: japan
        max_modules: 3
    capital:
      - name: fund
        amount_usd: 2.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)

#: Relative objective tolerance beyond the MIP gap (HiGHS feasibility tolerances).
REL = 1e-6
#: Tables compared value by value (the plan itself, not timings or explanations).
TABLES = ("builds", "production", "demand", "capex", "capital", "tools", "power", "capacity")


def _small(tmp_path: Path, **changes: Any) -> Any:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    data, _ = load_yaml(path)
    for dotted, value in changes.items():
        node = data
        *head, last = dotted.split(".")
        for key in head:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[last] = value
    return scenario_from_dict(data, str(path))


def assert_same_plan(a: PlanResult, b: PlanResult, *, unique: bool = True) -> None:
    """Equal status, objectives within the MIP gap, equal tables if ``unique``."""
    assert a.status == b.status
    gap = max(a.mip_gap or 0.0, b.mip_gap or 0.0)
    tol = (gap + REL) * max(1.0, abs(a.objective_usd), abs(b.objective_usd))
    assert abs(a.objective_usd - b.objective_usd) <= tol
    if not unique:
        return
    for name in TABLES:
        ta, tb = getattr(a, name), getattr(b, name)
        assert list(ta.columns) == list(tb.columns), name
        pd.testing.assert_frame_equal(
            ta.reset_index(drop=True), tb.reset_index(drop=True), rtol=1e-6, atol=1e-3
        )


def test_member_equals_solve_on_small_scenarios(tmp_path: Path) -> None:
    # several members in one process, in an order that changes structure and numbers
    # back and forth, each equal to a fresh solve()
    members = [
        {},
        {"capital.0.amount_usd": 5.0e9},
        {"demand.0.h100e_by_year": {2026: 6.0e6, 2028: 9.0e6}},
        {},
        {"sites.0.max_modules": 1},
        {"capital.0.amount_usd": 5.0e10, "discount_rate": 0.05},
    ]
    for changes in members:
        sc = _small(tmp_path, **changes)
        fresh = solve(sc, explain_result=False)
        fast = solve_member(sc)
        assert_same_plan(fresh, fast)
        assert fast.binding == []  # explanations are off for members


def test_member_options_reach_the_solve(tmp_path: Path) -> None:
    sc = _small(tmp_path)
    relaxed = solve_member(sc, relax=True, counterfactual=False)
    assert relaxed.relaxed
    assert_same_plan(solve(sc, relax=True, counterfactual=False, explain_result=False), relaxed)
    npv = solve_member(sc, objective="npv")
    assert npv.objective == "npv"
    assert_same_plan(solve(sc, objective="npv", explain_result=False), npv, unique=False)


def test_member_with_data_overlay(tmp_path: Path) -> None:
    # a member on a site that only the overlay defines plans like `tigris plan --data`
    overlay = textwrap.dedent(
        """\
        sites:
          - name: india
            based_on: japan
            subsidy_share_of_capex: 0.5
            source: "test"
            as_of: 2024-03
        """
    )
    over = tmp_path / "over.yaml"
    over.write_text(overlay, encoding="utf-8")
    from tigris.overlay import data_overlay

    with data_overlay(over):
        sc = _small(tmp_path, **{"sites.0.name": "india"})
        fresh = solve(sc, explain_result=False)
    fast = solve_member(sc, data_yaml=overlay)
    assert_same_plan(fresh, fast)
    assert set(fast.builds["site"]) == {"india"}
    # the overlay does not outlive the member: without it the site is unknown
    from tigris.errors import InputError

    with pytest.raises(InputError, match="india"):
        solve_member(sc)


def test_member_equals_solve_on_the_reference() -> None:
    from tigris.scenario import reference_scenario

    sc = reference_scenario()
    assert_same_plan(solve(sc, explain_result=False), solve_member(sc))
