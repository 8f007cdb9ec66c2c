"""Review of S37 FIX-CHIP: the mature basis refuses what would contradict it, everywhere.

A mature bill reads every learning curve at its end (``tigris chip --mature``,
``chip_bill(mature=True)``, ``good_stacks_per_wafer(mature=True)``); a year, a D0 or an
age given with it would be silently dropped, so each entry point refuses the pair: the
CLI in one line naming ``--mature`` and the other flag (exit 2), the Python functions
with an InputError naming the field. ``tigris fab --first-of-a-kind`` sets the model's
schedule beside Arizona's: the model's numbers are the site row's (``sites.csv``
arizona-usa: permit 14, construction 24, ramp 18 months, CSET's US averages), typed here
from the data file, not read from the code.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.silicon import chip_bill, good_stacks_per_wafer

#: sites.csv arizona-usa: permit_months, construction_months, ramp_months [months].
AZ_PERMIT, AZ_CONSTRUCTION, AZ_RAMP = 14, 24, 18


@pytest.mark.parametrize(
    ("flag", "value"), [("--year", "2030"), ("--d0", "0.1"), ("--months", "6")]
)
def test_cli_mature_refuses_each_other_basis_in_one_line(run_cli, flag: str, value: str) -> None:
    assert_one_line_error(run_cli("chip", "b200", "--mature", flag, value), "--mature", flag)


@pytest.mark.parametrize("given", [{"year": 2030}, {"d0_per_cm2": 0.1}, {"months_since_hvm": 6.0}])
def test_chip_bill_mature_refuses_each_other_basis(given: dict[str, float]) -> None:
    with pytest.raises(InputError) as err:
        chip_bill("b200", mature=True, **given)  # type: ignore[arg-type]
    assert err.value.problems[0].field == "mature"


def test_good_stacks_mature_refuses_a_year() -> None:
    with pytest.raises(InputError) as err:
        good_stacks_per_wafer("HBM3e", 2026, mature=True)
    assert err.value.problems[0].field == "year"


def test_first_of_a_kind_model_schedule_is_the_site_rows(run_cli) -> None:
    doc = run_cli(
        "fab",
        "--node",
        "N4",
        "--site",
        "arizona-usa",
        "--wspm",
        "20000",
        "--first-of-a-kind",
        "--json",
    ).json()
    t = doc["first_of_a_kind_timeline"]
    assert t["model_to_first_wafer_months"] == AZ_PERMIT + AZ_CONSTRUCTION
    assert t["model_ramp_months"] == AZ_RAMP
