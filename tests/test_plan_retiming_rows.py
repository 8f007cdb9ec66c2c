"""What the investor adds is never negative; a floor's re-timing is its own row, and
no capital per added H100e is given when re-timing is as large as what is added (user
test #2: the README's ``--objective npv --min-served-share 0.135`` booked -61.2M H100e
of "investor new" in 2034 and $727 per added H100e on an "added" mostly re-timing).
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from tigris.plan.summary import plan_sections, retiming_rows

#: The README example's "added" column (million H100e, 2026-2035), as printed today.
ADDED = np.array([-3.5, -3.8, 1.0, -4.4, 0.0, -28.8, 17.7, 24.2, -19.3, 41.2])


def test_investor_new_is_never_negative_and_the_rows_add_up() -> None:
    """By hand: served less than the world without the investor N = 3.5 + 3.8 + 4.4 +
    28.8 + 19.3 = 59.8, served more P = 1.0 + 17.7 + 24.2 + 41.2 = 84.1, so the
    investor's own compute is P - N = 24.3 (the net added), in the years served more
    in proportion (2035: 41.2 x 24.3 / 84.1 = 11.905); re-timing sums to 0."""
    new, ret = retiming_rows(ADDED)
    assert (new >= 0).all()
    assert new + ret == pytest.approx(ADDED)
    assert ret.sum() == pytest.approx(0.0, abs=1e-12)
    assert new.sum() == pytest.approx(24.3)
    assert new[-1] == pytest.approx(41.2 * 24.3 / 84.1)
    assert ret[5] == pytest.approx(-28.8)


def result(added: np.ndarray, spent: float) -> SimpleNamespace:
    """A duck-typed plan result: demand 1,000 a year, the world without the investor
    serving 500, the plan 500 + added; ``spent`` drawn by the investor [USD]."""
    years = np.arange(2026, 2026 + len(added))
    base = np.full(len(added), 500.0)
    demand = pd.DataFrame(
        {
            "year": years,
            "demand_h100e": 1000.0,
            "served_h100e": base + added,
            "baseline_served_h100e": base,
            "added_h100e": added,
        }
    )
    capex = pd.DataFrame(
        {"year": [2026], "source": ["fund"], "owner": ["investor"], "capex_usd": [spent]}
    )
    return SimpleNamespace(demand=demand, capex=capex, ok=True)


def test_no_capital_per_added_h100e_when_mostly_retiming() -> None:
    """Added -100, +150: 50 net, 100 re-timed (> 50): no $ per added H100e. Added 0,
    +150: nothing re-timed, $300 / 150 = $2 each."""
    _, mostly = plan_sections(result(np.array([-100.0, 150.0]), 300.0))
    assert mostly["retimed_h100e"] == pytest.approx(100.0)
    assert mostly["capex_usd_per_added_h100e"] is None
    _, plain = plan_sections(result(np.array([0.0, 150.0]), 300.0))
    assert plain["capex_usd_per_added_h100e"] == pytest.approx(2.0)
