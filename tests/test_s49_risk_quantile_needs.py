"""The warning of quantiles too few plans cannot bound says what each needs (user test
s49 #11: "p5, p25, p50, p75, p95 from 2 plans ... (needs 45 plans)" where a median needs
5 and p25/p75 9). The needs by hand: the sample's range covers the q-quantile with
probability 1 − q^N − (1 − q)^N, at least 90 % from N = 5 for q = 0.5, 9 for 0.25 and
45 for 0.05 (docs/risk.md)."""

from __future__ import annotations

import math

import pytest


def _fewest(q: float, confidence: float = 0.9) -> int:
    """The fewest plans whose range covers the q-quantile with ``confidence``, by hand."""
    n = 1
    while 1 - q**n - (1 - q) ** n < confidence:
        n += 1
    return n


def test_needs_by_hand() -> None:
    assert [_fewest(q) for q in (0.05, 0.25, 0.5)] == [45, 9, 5]
    assert math.ceil(math.log(0.1) / math.log(0.95)) == 45


@pytest.mark.parametrize(
    ("n", "says"),
    [
        (2, "(p50 needs 5 plans, p25 and p75 9, p5 and p95 45)"),
        (5, "(p25 and p75 need 9 plans, p5 and p95 45)"),
        (17, "(p5 and p95 need 45 plans)"),
    ],
)
def test_the_note_says_what_each_needs(n: int, says: str) -> None:
    from tigris.risk.montecarlo import mc_error_dict

    err = mc_error_dict(n)
    need = err["min_plans"]
    assert need == {"p5": _fewest(0.05), "p25": _fewest(0.25), "p50": _fewest(0.5),
                    "p75": _fewest(0.25), "p95": _fewest(0.05)}  # fmt: skip
    assert err["unbounded"] == [k for k, m in need.items() if n < m]
    assert says in err["note"]
    # no quantile is said to need more than it does
    assert "(needs 45 plans)" not in err["note"]


def test_no_note_from_45() -> None:
    from tigris.risk.montecarlo import mc_error_dict

    assert mc_error_dict(45)["note"] is None
