"""``--seed`` takes the top of its stated range, [0, 2^64-1] (user test 2026-12-05).

The check compared the seed as a float, and 2^64-1 and 2^64-2 round up to 2^64 as
floats, so ``tigris risk --seed 18446744073709551615`` was refused with "expected a
whole number in [0, 2^64-1], got 18446744073709551615", though numpy's
``default_rng`` takes it.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from tigris.cli._args import MAX_SEED, OPTION_RANGES

from .conftest import CliResult, assert_one_line_error

TOP = 2**64 - 1


@pytest.mark.parametrize("seed", [0, 1, TOP - 1024, TOP - 1, TOP])
def test_every_seed_numpy_takes_is_accepted(seed: int) -> None:
    assert MAX_SEED == TOP
    np.random.default_rng(seed)  # the range is numpy's own
    assert OPTION_RANGES["--seed"].accepts(seed)


@pytest.mark.parametrize("seed", [-1, TOP + 1, 2.5])
def test_outside_the_range_is_refused(seed: float) -> None:
    assert not OPTION_RANGES["--seed"].accepts(seed)


def test_whole_bounds_stay_exact_elsewhere() -> None:
    """The exact comparison keeps the other whole-number ranges as they were."""
    layers = OPTION_RANGES["--layers"]  # [1, 2^53]
    assert layers.accepts(2**53) and not layers.accepts(2**53 + 1)
    assert layers.accepts(3.0) and not layers.accepts(0)


def test_the_cli_still_refuses_one_above(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("risk", "--seed", str(TOP + 1), "--samples", "1", "--no-store")
    assert_one_line_error(res, "--seed: expected a whole number in [0, 2^64-1]")
