"""Package yields by maturity (issue 13, item 3).

What must hold: each learns up from a sourced start value at its HVM to the mature
value in the exponential form of the defect density (by hand below); without a year
the bill keeps the mature values (the behaviour before); with a year every per-unit
figure is divided by that year's package yield; the curves reproduce the published
ramp yields they were not set from (HBM3E in mid-2024).
"""

from __future__ import annotations

import dataclasses
import math
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tigris.silicon import chip_bill, wafers_by_year
from tigris.silicon.chip import get_packaging, package_months, package_yield_at


def test_package_yield_curve_by_hand() -> None:
    # packaging.csv CoWoS-L: 0.75 at HVM (70-80 % reported in early 2025), mature 0.90,
    # 6-month constant: y(t) = 0.90 - 0.15 e^(-t/6).
    pkg = get_packaging("CoWoS-L")
    assert package_yield_at(pkg) == 0.90
    months = np.array([0.0, 6.0, 18.0, 600.0])
    hand = 0.90 - 0.15 * np.exp(-months / 6.0)
    assert np.allclose(package_yield_at(pkg, months), hand, rtol=0, atol=1e-15)
    assert package_yield_at(pkg, 600.0) == pytest.approx(0.90, abs=1e-12)


def test_package_months_from_hvm_year() -> None:
    # CoWoS-L counted from 2025: a 2024 part is at the start value, 2025 output at
    # mid-year (6 months), 2026 at 18; CoWoS-S (2016) is 8.5 years old in 2024.
    pkg = get_packaging("CoWoS-L")
    assert package_months(pkg, [2024, 2025, 2026]).tolist() == [0.0, 6.0, 18.0]
    assert float(package_months(get_packaging("CoWoS-S"), 2024)) == 102.0
    assert package_months(pkg, None) is None


def test_a_row_without_learning_is_mature_every_year() -> None:
    pkg = dataclasses.replace(get_packaging("CoWoS-L"), package_yield_start=None)
    assert package_yield_at(pkg, 0.0) == pkg.package_yield


def test_every_shipped_row_learns_up_to_its_mature_value() -> None:
    for name in ("CoWoS-S", "CoWoS-L", "CoWoS-R"):
        pkg = get_packaging(name)
        assert pkg.hvm_year is not None, name
        assert 0 < pkg.package_yield_start <= pkg.package_yield <= 1, name
        assert pkg.package_yield_learning_months > 0, name


def test_chip_bill_without_a_year_keeps_mature_yields() -> None:
    bill = chip_bill("b200")
    assert bill.package_yield == get_packaging("CoWoS-L").package_yield
    assert bill.interposer_wafers_per_unit * bill.package_yield == pytest.approx(
        1.0 / bill.good_interposers_per_wafer, rel=1e-12
    )


def test_chip_bill_in_a_ramp_year_divides_by_that_years_package_yield() -> None:
    # B200 made in 2025: CoWoS-L 6 months in, y = 0.90 - 0.15/e by hand; interposers and
    # HBM stacks per good unit are the per-attempt figures over it.
    bill = chip_bill("b200", year=2025)
    y = 0.90 - 0.15 / math.e
    assert bill.package_yield == pytest.approx(y, rel=1e-12)
    assert bill.interposer_wafers_per_unit == pytest.approx(
        1.0 / bill.good_interposers_per_wafer / y, rel=1e-12
    )
    assert bill.hbm_stacks_per_unit == pytest.approx(8 / y, rel=1e-12)
    # the same in the vectorised bill the plan reads
    w = wafers_by_year("b200", [2024, 2025, 2030])
    assert w["interposer"][1] == pytest.approx(bill.interposer_wafers_per_unit, rel=1e-12)
    assert w["hbm_stacks"].tolist() == pytest.approx(
        [8 / 0.75, 8 / y, 8 / float(package_yield_at(get_packaging("CoWoS-L"), 66.0))]
    )


def test_overlay_package_with_its_own_learning(tmp_path: Path) -> None:
    from tigris.data import using_overlay
    from tigris.overlay import load_overlay

    path = tmp_path / "data.yaml"
    path.write_text(
        textwrap.dedent(
            """\
            packaging:
              - name: CoWoS-X
                based_on: CoWoS-S
                hvm_year: 2026
                package_yield_start: 0.5
                package_yield_learning_months: 12
                source: "test"
                as_of: 2026-01
            """
        )
    )
    with using_overlay(load_overlay(path)):
        pkg = get_packaging("CoWoS-X")
        # 2027 is 18 months after 1 January 2026: 0.95 - 0.45 e^-1.5
        y = package_yield_at(pkg, package_months(pkg, 2027))
        assert y == pytest.approx(0.95 - 0.45 * math.exp(-1.5), rel=1e-12)
    bad = tmp_path / "bad.yaml"
    bad.write_text(path.read_text().replace("0.5", "1.5"))
    from tigris.errors import InputError

    with pytest.raises(InputError, match="package_yield_start"):
        load_overlay(bad)
