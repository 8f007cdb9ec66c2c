"""Second-engineer review of ``tigris.risk.support`` (6381d9a): the cases its own tests
left unchecked (mutations that survived them). Every expected value is worked by hand
from the distribution written in the test.
"""

from __future__ import annotations

import pytest

from tigris.risk.distributions import Discrete, Lognormal, Triangular
from tigris.risk.support import _inside, recentre


def test_a_value_below_the_low_end_is_outside() -> None:
    """Triangular 0.07 / 0.08 / 0.09: 0.06 is below its low, so outside; the ends
    themselves (and a hair inside) are inside."""
    t = Triangular(low=0.07, mode=0.08, high=0.09, source="s")
    assert not _inside(t, 0.06)
    assert _inside(t, 0.07) and _inside(t, 0.09)
    assert not _inside(t, 0.0699)


def test_a_discrete_one_recentres_by_its_weighted_mean() -> None:
    """values [1, 3] weighted [3, 1]: weighted mean (1 x 3 + 3 x 1) / 4 = 1.5, so onto
    6.0 every value is x 4: [4, 12] (equal weights would give mean 2 and x 3: [3, 9])."""
    d = recentre(Discrete(values=[1.0, 3.0], weights=[3.0, 1.0], source="s"), 6.0)
    assert d.values == pytest.approx([4.0, 12.0])
    assert d.weights == [3.0, 1.0]


def test_a_lognormal_recentres_its_median_and_keeps_sigma() -> None:
    """Lognormal median 2, sigma 0.3 onto 5: median 5, sigma (relative) 0.3."""
    d = recentre(Lognormal(median=2.0, sigma=0.3, source="s"), 5.0)
    assert (d.median, d.sigma) == (5.0, 0.3)
