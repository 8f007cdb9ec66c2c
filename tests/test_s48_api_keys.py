"""User test s48 (a notebook user) #4: a year map whose keys are numpy integers.

``sc.set("demand.training.h100e_by_year", dict(zip(np.arange(2026, 2028), ...)))`` was
refused with "expected a year (integer) as key, got a int64"; numpy integers are
integers (a numpy float key is still refused: a year is an integer).
"""

from __future__ import annotations

import numpy as np
import pytest

import tigris
from tigris.errors import InputError

SMALL = "docs/examples/small-plan.yaml"


def test_numpy_integer_year_keys_are_years() -> None:
    sc = tigris.load_scenario(SMALL)
    years = dict(zip(np.arange(2026, 2028), [4e6, 5e6], strict=True))
    edited = sc.set("demand.training.h100e_by_year", years)
    got = edited.get("demand.training.h100e_by_year")
    assert got == {2026: 4e6, 2027: 5e6}
    assert all(type(k) is int for k in got)


def test_a_numpy_float_year_key_is_still_refused() -> None:
    sc = tigris.load_scenario(SMALL)
    with pytest.raises(InputError, match="as key"):
        sc.set("demand.training.h100e_by_year", {np.float64(2026.0): 4e6})
