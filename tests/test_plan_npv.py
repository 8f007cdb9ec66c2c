"""The planner's money inputs and its ``npv`` objective, on problems solved by hand.

Problems reuse :func:`test_plan_tiny.tiny`: one product of 1 H100e that needs 0.01
logic wafers, so a 1,000-wspm module makes 12,000 finished wafers = 1.2M H100e a year.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_plan_tiny import tiny
from tigris.errors import InputError


def test_money_fields_default_to_a_problem_without_money() -> None:
    """No prices, costs or tax given: zeros; equipment share 1; the scalar penalty
    repeated over the years; objective ``serve`` with no served-share floor."""
    inp = tiny(3)
    assert inp.objective == "serve"
    assert inp.min_served_share == 0.0
    assert inp.prices().tolist() == [[0.0, 0.0, 0.0]]
    assert inp.variable_costs().tolist() == [[0.0, 0.0, 0.0]]
    assert inp.tax().tolist() == [0.0]
    assert inp.equipment().tolist() == [[1.0]]
    assert inp.penalty().tolist() == [30_000.0] * 3
    by_year = inp.replace(penalty_usd_per_h100e=[1.0, 2.0, 3.0], tax_rate=[0.25])
    assert by_year.penalty().tolist() == [1.0, 2.0, 3.0]
    assert by_year.tax().tolist() == [0.25]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"objective": "profit"}, "objective is 'profit', expected one of"),
        ({"min_served_share": 1.5}, r"min_served_share is 1.5, expected in \[0, 1\]"),
        ({"tax_rate": np.array([1.0])}, r"tax_rate must be in \[0, 1\)"),
        ({"tax_rate": np.array([0.2, 0.2])}, r"tax_rate has shape \(2,\), expected \(1,\)"),
        ({"equipment_share": np.full((1, 1), 1.2)}, r"equipment_share must be in \[0, 1\]"),
        ({"price_usd_per_wafer": np.full((1, 2), np.nan)}, "price_usd_per_wafer must be >= 0"),
        (
            {"variable_cost_usd_per_wafer": np.ones((2, 2))},
            r"variable_cost_usd_per_wafer has shape \(2, 2\), expected \(1, 2\)",
        ),
        (
            {"penalty_usd_per_h100e": np.ones(3)},
            r"penalty_usd_per_h100e has shape \(3,\), expected a number or \(2,\)",
        ),
        ({"penalty_usd_per_h100e": -1.0}, "penalty_usd_per_h100e must be finite and >= 0"),
        ({"building_life_years": 0.0}, "building_life_years is 0.0, expected a number > 0"),
    ],
)
def test_bad_money_inputs_name_the_field(change: dict, message: str) -> None:
    """Each bad value is refused with ``plan inputs: <field> …``."""
    with pytest.raises(InputError, match="plan inputs: " + message):
        tiny().replace(**change)
