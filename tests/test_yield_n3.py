"""The N3 audit of 2026-12-03 (third; docs/silicon.md, "N3 D0 audit 2026-12-03
(third)"): the n3-a17-yield-2023 case compared like with like (the analyst's month and
products), checked by hand against the nodes.csv N3 row and the sources' dates."""

from __future__ import annotations

import math

import pytest

from tigris.nodes import get_node
from tigris.validation import CASES

#: TSMC's 3nm volume-production ceremony, Fab 18, 2022-12-29 (TSMC via evertiq.com
#: 2022-12-30): HVM month December 2022.
N3_HVM = (2022, 12)
#: Arete Research's figure, "at present ... around 55 %", in EE Times, April 2023.
ARETE = (2023, 4)
#: A17 Pro 100-110 mm2 and M3 135-150 mm2 (analysts via Wccftech, 2023-04) [cm2].
A17_CM2 = 1.05
M3_CM2 = 1.425


def test_the_case_reads_n3_at_the_month_of_the_figure() -> None:
    """HVM on 1 December 2022 to the middle of April 2023: 4.5 months (the case read
    mid-2023, 7 months, before the audit)."""
    months = 12 * (ARETE[0] - N3_HVM[0]) + (ARETE[1] - N3_HVM[1]) + 0.5
    assert months == 4.5
    n = get_node("N3")
    assert (n.hvm_year, n.hvm_month) == N3_HVM
    d0 = n.d0_mature_per_cm2 + (n.d0_per_cm2 - n.d0_mature_per_cm2) * math.exp(
        -months / n.d0_learning_months
    )
    by_hand = (math.exp(-d0 * A17_CM2) + math.exp(-d0 * M3_CM2)) / 2
    assert CASES["n3-a17-yield-2023"]() == pytest.approx(by_hand, rel=1e-9)


def test_fifty_five_percent_needs_a_d0_five_times_the_rows() -> None:
    """Poisson, mean over the A17 and M3 dies: 55 % needs D0 ~0.49 /cm2, about five
    times the row's D0 at HVM (0.10, N5's at the same stage) and six times its D0 in
    April 2023, so the case's miss is not a month or an area: the figure holds losses
    (parametric, binning) or a D0 that no non-Arete source states."""
    lo, hi = 0.01, 2.0
    for _ in range(60):  # bisection on the mean Poisson yield
        mid = (lo + hi) / 2
        mean = (math.exp(-mid * A17_CM2) + math.exp(-mid * M3_CM2)) / 2
        lo, hi = (mid, hi) if mean > 0.55 else (lo, mid)
    assert lo == pytest.approx(0.486, abs=0.002)
    assert lo > 4.5 * get_node("N3").d0_per_cm2
