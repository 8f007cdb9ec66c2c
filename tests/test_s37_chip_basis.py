"""One silicon bill per basis across ``tigris chip`` and ``tigris fab --product``.

UT-ANALYST 2026-12-04 #9: ``tigris chip b200`` was said by its help to be "mature
without --year" but read the HBM DRAM at its launch D0 (29.41 good stacks per wafer
against 33.16 at 2035), and labelled them "in the bill's year" with no year. #8: ``tigris
fab --product b200`` counted the logic at the fab's mature D0 and the HBM at its launch
yield (13 % more DRAM wafers than on its own logic's basis), naming neither.

The expected values are derived by hand from the data rows (``nodes.csv`` N4,
``hbm.csv`` HBM3e: Hennessy & Patterson's gross dies and Poisson yield), not read from
the code under test.
"""

from __future__ import annotations

import math

import pytest

from tests.conftest import assert_one_line_error
from tigris.silicon import gross_dies_estimate

FAB = ("fab", "--node", "N4", "--site", "taiwan", "--wspm", "20000", "--product", "b200")


def _stacks_by_hand(d0: float, bond: float) -> float:
    """Good 8-high HBM3e stacks per 300 mm DRAM wafer (hbm.csv HBM3e: 150 mm^2 dies, 8
    core dies and 1 base die a stack), at DRAM D0 ``d0`` [/cm^2] and bonding yield per
    die ``bond``: gross x exp(-A D0) / 9 x bond^8."""
    return float(gross_dies_estimate(150.0)) * math.exp(-1.5 * d0) / 9 * bond**8


def test_default_bill_is_a_launch_bill_and_says_so(run_cli) -> None:
    doc = run_cli("chip", "b200", "--json").json()
    assert doc["basis"] == "launch"
    # launch DRAM D0 0.1 /cm^2 (hbm.csv), mature bonding 0.97: by hand
    assert doc["good_stacks_per_wafer"] == pytest.approx(_stacks_by_hand(0.1, 0.97), rel=1e-9)
    assert "volume start" in doc["basis_explanation"]
    table = run_cli("chip", "b200").out
    assert "bill's year" not in table  # the old label, wrong without a year
    # s47 #3: "launch" is the DRAM D0's volume start, said as such (cells wrap at 80)
    assert "DRAM D0 at its" in table and "volume start" in table and "basis" in table
    helptext = " ".join(run_cli("chip", "--help").out.split())
    assert "mature without --year" not in helptext
    assert "launch bill" in helptext and "--mature" in helptext


def test_mature_bill_is_every_curve_at_its_end(run_cli) -> None:
    doc = run_cli("chip", "b200", "--mature", "--json").json()
    assert doc["basis"] == "mature"
    assert doc["d0_per_cm2"] == 0.044  # nodes.csv N4 d0_mature_per_cm2
    assert doc["good_stacks_per_wafer"] == pytest.approx(_stacks_by_hand(0.02, 0.97), rel=1e-9)
    assert doc["package_yield"] == 0.95  # packaging.csv CoWoS-L mature
    # no year's bill is better than the curves' end; the launch bill is worse
    for year in (2025, 2028, 2035):
        y = run_cli("chip", "b200", "--year", str(year), "--json").json()
        assert y["good_stacks_per_wafer"] <= doc["good_stacks_per_wafer"] * (1 + 1e-12)
        assert y["logic_wafers_per_1000"] >= doc["logic_wafers_per_1000"] * (1 - 1e-12)
    launch = run_cli("chip", "b200", "--json").json()
    assert launch["hbm_wafers_per_unit"] > doc["hbm_wafers_per_unit"]


def test_mature_refuses_a_year_in_one_line(run_cli) -> None:
    res = run_cli("chip", "b200", "--mature", "--year", "2030")
    assert_one_line_error(res, "--mature", "--year")


def test_fab_product_is_the_mature_bill_of_chip(run_cli) -> None:
    fab = run_cli(*FAB, "--json").json()
    chip = run_cli("chip", "b200", "--mature", "--json").json()
    units = fab["accelerators_per_year"]
    # logic: the fab's good wafers over the bill's logic wafers per unit
    assert units == pytest.approx(fab["wafers_per_year"] / chip["logic_wafers_per_unit"])
    inputs = fab["product_inputs"]
    # the HBM on the same (mature) basis as the logic: it was the launch 0.2863 per unit
    assert inputs["hbm_dram_wafers_per_year"] / units == pytest.approx(
        chip["hbm_wafers_per_unit"], rel=1e-9
    )
    assert inputs["interposer_wafers_per_year"] / units == pytest.approx(
        chip["interposer_wafers_per_unit"], rel=1e-9
    )
    # and the plan's last year (a bill of 2035, N4 13 years on) within 0.1 %
    late = run_cli("chip", "b200", "--year", "2035", "--json").json()
    assert inputs["hbm_dram_wafers_per_year"] / units == pytest.approx(
        late["hbm_wafers_per_unit"], rel=1e-3
    )
    assert units == pytest.approx(fab["wafers_per_year"] / late["logic_wafers_per_unit"], rel=1e-3)
    assert fab["product_basis"].startswith("mature")


def test_fab_product_names_its_basis(run_cli) -> None:
    table = " ".join(run_cli(*FAB).out.split())
    assert "product bill basis" in table
    assert "mature" in table and "--mature" in table


def test_stacked_part_mature_reads_the_base_die_floor(run_cli) -> None:
    # MI355X: its 740 mm^2 N6 base dies (costed as nodes.csv N7) at N7's mature D0
    from tigris.nodes import get_node

    n7 = get_node("N7")
    doc = run_cli("chip", "mi355x", "--mature", "--json").json()
    assert doc["base_die_yield"] == pytest.approx(math.exp(-7.40 * n7.d0_mature_per_cm2), rel=1e-9)
    assert "base-die D0" in doc["basis_explanation"]
