"""``binding_years`` names only the years whose fleet needs all the data-centre power
online (review RV-S34 F6: no test had a year where power does not bind, so loosening
``FULL_TOL_REL`` from 1e-6, HiGHS's feasibility tolerance, to 0.05 went unnoticed).

A plan's ``power`` table is built by hand here: the rule reads only its ``world`` rows,
so the answer is known without a solve.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from tigris.risk.montecarlo import binding_years, undrawn_binding

YEARS = [2026, 2027, 2028, 2029]
#: World capacity online and facility power needed by year [MW]: 2026 needs it all;
#: 2027 needs all but 1e-7 of it (inside the solver's tolerance: full); 2028 needs 99%
#: (1 MW of 100 idle: not full); 2029 needs 150 of 200 MW.
ONLINE_MW = [100.0, 100.0, 100.0, 200.0]
NEED_MW = [100.0, 100.0 * (1 - 1e-7), 99.0, 150.0]


def _plan(need: list[float], online: list[float]) -> SimpleNamespace:
    """A stand-in for a PlanResult: its ``power`` table with a world row and a region
    row a year (the region is full every year; only the world's rows count)."""
    world = pd.DataFrame(
        {
            "region": "world",
            "year": YEARS,
            "datacenter_mw_online": online,
            "facility_mw_needed": need,
        }
    )
    usa = world.assign(region="usa", facility_mw_needed=world["datacenter_mw_online"])
    return SimpleNamespace(power=pd.concat([usa, world], ignore_index=True))


def test_power_binds_only_in_the_years_it_is_all_needed() -> None:
    """2026 and 2027 (by hand: need >= online within 1e-6); not 2028 (99% needed) nor
    2029 (75%). With the tolerance loosened to 0.05, 2028 would count."""
    assert binding_years(_plan(NEED_MW, ONLINE_MW)) == {"datacenter_power": [2026, 2027]}


def test_power_that_never_binds_is_left_out_and_gives_no_note() -> None:
    """Every year 99% needed: no constraint binds, and the risk run has nothing to warn
    about when no distribution draws power."""
    binds = binding_years(_plan([99.0, 99.0, 99.0, 198.0], ONLINE_MW))
    assert binds == {}
    assert undrawn_binding(["capital.fund.amount_usd"], binds, YEARS) == []


def test_a_note_names_only_the_binding_years() -> None:
    """The note says the years power binds in, not "every year"."""
    binds = binding_years(_plan(NEED_MW, ONLINE_MW))
    (note,) = undrawn_binding(["capital.fund.amount_usd"], binds, YEARS)
    assert "every year" not in note
    assert "2026" in note and "2027" in note
    assert "2028" not in note and "2029" not in note
