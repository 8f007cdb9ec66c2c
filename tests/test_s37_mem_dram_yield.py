"""S37 MEM-DATA item 3: a validation case for hbm.csv's DRAM defect-density curve.

The case (validation_cases.csv ``hbm4-dram-die-yield-2026``) was chosen, with its
tolerance, before tigris's value was computed: Samsung's 1c DRAM yield for HBM4, "close
to 60 %" in 2026 (IT Chosun), against one HBM4 core die's Poisson yield at the row's D0
at mid-2026. Checked here: the row is there, out of sample and unfitted, and tigris's
value is the die yield by hand (Hennessy & Patterson section 1.6; Weber 2004 learning).
"""

from __future__ import annotations

import math

import pytest

from tigris.validation import CASES, load_cases

CASE = "hbm4-dram-die-yield-2026"


def test_the_case_is_registered_out_of_sample_with_its_tolerance() -> None:
    table = load_cases().set_index("case")
    assert CASE in CASES
    row = table.loc[CASE]
    assert row["layer"] == "memory"
    assert row["published"] == pytest.approx(0.60)
    assert row["tolerance"] == pytest.approx(0.25)
    assert not row["in_sample"] and not str(row["fitted_by"]).strip()
    assert "IT Chosun" in row["source"] and row["as_of"] == "2026"
    assert "before tigris's value was computed" in row["inputs"]


def test_the_case_is_the_hbm4_die_yield_by_hand() -> None:
    # HBM4 row: 150 mm^2 dies, D0 0.1 -> 0.02 /cm^2 with a 12-month constant from HVM on
    # 1 February 2026; mid-2026 is 5 months on.
    d0 = 0.02 + (0.1 - 0.02) * math.exp(-5 / 12)
    assert CASES[CASE]() == pytest.approx(math.exp(-1.5 * d0), rel=1e-12)
