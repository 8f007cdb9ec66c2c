"""The gap sentence names the cure that applies (user test, 2026-12-05 #6).

A plan stopped at its time limit with a gap wider than its money was told to "lower
solver.mip_gap (e.g. 1e-6)", which the reference already asks for; what closes that
gap is more time. An optimal plan whose asked gap is too loose keeps the mip_gap advice.
"""

from __future__ import annotations

import dataclasses

import pytest

from .test_money_w2 import _gapped


@pytest.mark.parametrize(
    ("status", "cure", "not_cure"),
    [
        ("time_limit", "give it more time (--time-limit or solver.time_limit_s)", "mip_gap"),
        ("optimal", "lower solver.mip_gap (e.g. 1e-6)", "--time-limit"),
    ],
)
def test_the_gap_sentence_names_the_cure_of_its_stop(status: str, cure: str, not_cure: str) -> None:
    result = dataclasses.replace(_gapped(1e-4, 0.4), status=status)
    (said,) = [x for x in result.headline()["sentences"] if " within $10.0B" in x]
    assert cure in said
    assert not_cure not in said
