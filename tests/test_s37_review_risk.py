"""Review of S37 RISK-LEFT #1: cutting a mean's t interval to its output's range.

Invariants, not the code's numbers: a t interval is ``x̄ ± t s/√n``, so it holds the
sample mean ``x̄``; the mean of values lies in ``[min, max]`` of them. Cutting the
interval to the range an output can take must keep both true even when the values
themselves reach past that range (a solver's -1e-7 of unmet compute, a user's data with a
negative price): the values, not the table, have the last word (``mc_intervals``'
docstring). ``clip_interval`` alone, given an interval wholly beyond one end, returns that
end (the only point of the range nearest to it).
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tigris.risk.mcerror import clip_interval
from tigris.risk.montecarlo import mc_intervals

#: Student's t quantile, 2 degrees of freedom, 0.95 (tables: Abramowitz & Stegun 26.10).
T_2_95 = 2.9200


def test_values_below_a_non_negative_range_keep_their_mean_inside() -> None:
    # three plans whose "unmet compute" came out negative (by hand: mean -2, s = 1,
    # s/√3 = 0.5774, t interval -2 ± 1.686 = [-3.686, -0.314]); the range (0, inf) is
    # widened to the lowest value, -3, and the interval cut there, still around -2
    values = np.array([-3.0, -2.0, -1.0])
    got = mc_intervals(values, (0.0, math.inf))
    low, high = got["interval"]["mean"]
    assert low <= float(np.mean(values)) <= high
    assert low == -3.0 and high == pytest.approx(-2.0 + T_2_95 / math.sqrt(3), rel=1e-4)
    assert got["mean_clipped"] is True


def test_values_above_a_share_range_keep_their_mean_inside() -> None:
    values = np.array([1.0, 1.0 + 1e-9, 1.0 + 2e-9])  # a share a hair over 1
    low, high = mc_intervals(values, (0.0, 1.0))["interval"]["mean"]
    assert low <= float(np.mean(values)) <= high
    assert high == values.max()


@pytest.mark.parametrize(
    ("interval", "bounds", "expected"),
    [
        ((-3.0, -1.0), (0.0, math.inf), (0.0, 0.0, True)),  # wholly below: the lower end
        ((2.0, 3.0), (0.0, 1.0), (1.0, 1.0, True)),  # wholly above: the upper end
        ((-0.5, 0.5), (0.0, 1.0), (0.0, 0.5, True)),
        ((0.25, 0.75), (0.0, 1.0), (0.25, 0.75, False)),
    ],
)
def test_clip_interval_returns_the_nearest_part_of_the_range(
    interval: tuple[float, float],
    bounds: tuple[float, float],
    expected: tuple[float, float, bool],
) -> None:
    assert clip_interval(*interval, bounds) == expected
