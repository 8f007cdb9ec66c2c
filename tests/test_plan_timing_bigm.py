"""The big-M of rule 1's rows (``tigris.plan.timing.add_no_withholding``): each M must
be at least the most slack its row can have, or the rule cuts off the optimum.

Proof the code's M is valid: a ``≤`` row ``Σ a_j v_j ≤ b`` has slack ``b − Σ a_j v_j``;
every column with ``a_j > 0`` is ≥ 0 (production, fleet, modules), so the slack is at
most ``b + Σ_{a_j<0} |a_j| · ub_j``, with ``ub_j`` the most modules the site may have by
the horizon's end (``_module_bound``: ``max_modules``, the capital offered ÷ net capex
rounded down, ``max_build``; never below ``min_build``) and ``inf`` (the row may be
called tight freely) for a column with no bound. Without builds that is ``b``
(``counterfactual._no_withholding_rows``).

Hand problem where a too-small M cuts off the optimum: the timing hand problem
(``tests/test_plan_timing.py``: pool 1, 2, 2 MW, products of 1, 2, 3 H100e at 1 kW,
demand 10,000 a year, $30,000 per unmet H100e, 0 % discount), with a lifetime of one
year, no logic in 2027 (nothing can be made there) and an investor who may build 1-MW
modules at $20M (online the next year) with $40M: two modules. Each module's MW powers
1,000 y2 (2,000 H100e, $60M of penalty avoided) in 2026, so the optimum builds both:
x = (1,000, 4,000, 0), unmet 30,000 − 1,000 − 8,000 = 21,000 H100e. In 2027 nothing
can be made (the logic row, at 0, is tight) and the pool's slack is 2 + 2 = 4 MW: its M
must be at least 4 MW (the code's: 2 MW of rhs + 2 modules × 1 MW). With M = the rhs
(2 MW) the rule would read ``4 ≤ 2 · z``: no module could be built, x = (1,000, 2,000,
0), unmet 25,000.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.test_plan_power import solved
from tests.test_plan_timing import hand

#: Accelerators: HiGHS's feasibility tolerance on rows in thousands [units].
ABS = 1e-3


def _two_modules(capital_usd: float = 40e6):
    inp = hand()
    existing = inp.existing.copy()
    existing[0, 2] = 0.0  # no logic in 2027
    allowed = np.asarray(inp.allowed, dtype=bool).copy()
    allowed[:, 1] = True  # the investor may build datacenter modules
    capital = np.zeros_like(np.asarray(inp.capital_usd, dtype=float))
    capital[:, 0] = capital_usd
    return dataclasses.replace(
        inp,
        existing=existing,
        allowed=allowed,
        capital_usd=capital,
        fleet_lifetime_years=1,
    )


def test_the_pools_big_m_counts_the_modules_capital_allows() -> None:
    """The module docstring's problem: both modules built, x = (1,000, 4,000, 0),
    the pool 4 MW idle in 2027 (the slack M must allow)."""
    r = solved(_two_modules())
    assert r["build"].sum() == pytest.approx(2.0, abs=1e-6)
    assert r["prod"].sum(axis=0) == pytest.approx([1000.0, 4000.0, 0.0], abs=ABS)
    unmet = r["m"].variables["unmet"].solution.values.sum() * 1e3
    assert unmet == pytest.approx(21_000.0, abs=ABS)


def test_the_module_bound_is_capital_over_net_capex() -> None:
    """``_module_bound``: $40M / $20M = 2 modules at the datacenter (0 where the site
    may not build: logic), and 2 with $59M (rounded down, never more than can be
    paid)."""
    from tigris.plan.timing import _module_bound

    assert _module_bound(_two_modules()).tolist() == [[0.0, 2.0]]
    assert _module_bound(_two_modules(59e6)).tolist() == [[0.0, 2.0]]


def test_money_bounds_no_module_whose_ramp_spends_after_output_starts() -> None:
    """The capital rows charge only the spend inside the horizon, so a ramp that
    spends half at start and half a year after its first output (spend 0.5, 0, 0.5 over
    three lags, output from lag 1) lets a module started in the last year but one
    count in the last year's row having paid half: $40M buys up to four of them. The
    money bound (2) would be too small; ``_module_bound`` then gives none (inf, no
    ``max_modules``). The problem's own ramp (all paid at lag 0) keeps 2."""
    from tigris.plan.timing import _module_bound

    inp = _two_modules()
    late = dataclasses.replace(
        inp,
        spend=np.tile([0.5, 0.0, 0.5], (1, 2, 1)),
        output=np.tile([0.0, 1.0, 1.0], (1, 2, 1)),
    )
    assert _module_bound(late).tolist() == [[0.0, np.inf]]
    assert _module_bound(inp).tolist() == [[0.0, 2.0]]
