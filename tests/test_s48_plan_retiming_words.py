"""The re-timing split's numbers are what its words say (user test s48 plan #3).

The reference's first one-more-MW claim read "$138M while serving 1,851 H100e fewer …
$216M of it re-timing, 9,626 H100e served earlier at a higher penalty; $74.0M more
penalty on the H100e fewer served"; the re-solve's cells show +7,775 H100e served in
earlier years and -9,626 in 2033: 9,626 were served less, 7,775 earlier. The same
per-cell change here, by hand: penalty $60,000 in 2025, $30,000 in 2026.
"""

from __future__ import annotations

import re

import numpy as np

from tests.test_plan_tiny import tiny
from tigris.fmt import money
from tigris.plan.explain import _Budget
from tigris.plan.highs import Resolve

PENALTY = np.array([60_000.0, 30_000.0])


def test_served_earlier_is_the_gross_served_more_when_fewer_are_served_in_all() -> None:
    inp = tiny(demand=[7775.0, 9626.0], penalty_usd_per_h100e=PENALTY)
    u0 = np.array([[7775.0, 0.0]])  # the plan: 7,775 unmet in 2025
    u1 = np.array([[0.0, 9626.0]])  # the re-solve: all of 2025 served, 9,626 unmet in 2026
    gain = u0 - u1  # the per-cell differences: +7,775 in 2025, -9,626 in 2026
    served_more, served_less = gain[gain > 0].sum(), -gain[gain < 0].sum()
    fewer = served_less - served_more  # 1,851
    retimed = served_more * (PENALTY[0] - PENALTY[1])  # 7,775 moved a year earlier
    net = fewer * PENALTY[1]  # the 1,851 not served in 2026, at 2026's penalty
    saving = retimed - net + 1e6  # $1M of real cost saved
    budget = _Budget(None, float(u0.sum()), inp, u0)
    res = Resolve("optimal", saving / 1e6, saving / 1e6, {"unmet": u1 / 1e3}, 0.1)
    text = budget.saving_text(res)
    assert "while serving 1,851 H100e fewer over the horizon" in text, text
    assert f"{money(retimed)} of it re-timing, 7,775 H100e served earlier" in text, text
    assert "(7,775 served more and 9,626 less, by class and year)" in text, text
    assert f"{money(net)} more penalty on the H100e fewer served" in text, text
    assert "9,626 H100e served earlier" not in text, text
    # each H100e count printed as served earlier is at most the gross served more
    for n in re.findall(r"([\d,]+) H100e served earlier", text):
        assert float(n.replace(",", "")) <= served_more, text
