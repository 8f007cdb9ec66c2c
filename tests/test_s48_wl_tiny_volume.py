"""A service volume so small that its cost per million tokens leaves the float range.

User test s48 #1: ``tigris infer -m llama-3.1-8b --tokens-per-day 5e-324`` ended in a
ZeroDivisionError traceback (5e-324 / 10^6 rounds to 0.0), and ``--tokens-per-day
1e-302`` printed the cost as '–' (JSON null) with no word. docs/workload.md says a
result that overflows float64 gives one line. Hand derivation: a fleet of at least one
H100 costs at least $2.35/h x 24 h = $56 a day; over 1e-302 tokens a day, i.e.
1e-308 millions, that is 5.6e309 dollars per million tokens, beyond the largest
float (1.8e308).
"""

from __future__ import annotations

import math

import pytest

from tests.conftest import assert_one_line_error

BASE = ("infer", "-m", "llama-3.1-8b", "--prompt-tokens", "100", "--output-tokens", "100")


@pytest.mark.parametrize("volume", ["5e-324", "1e-302"])
def test_a_vanishing_volume_is_one_error_naming_the_flag(run_cli, volume: str) -> None:
    res = run_cli(*BASE, "--tokens-per-day", volume)
    assert_one_line_error(res, "--tokens-per-day", "overflow")


def test_a_small_but_representable_volume_still_costs(run_cli) -> None:
    """1e-290 tokens a day: at least $56 / 1e-296 = 5.6e297 per million, finite."""
    res = run_cli(*BASE, "--tokens-per-day", "1e-290", "--json")
    assert res.code == 0, res.err
    cost = res.json()["cost_usd_per_million_tokens"]
    assert math.isfinite(cost) and cost > 56.0 / 1e-296
