"""A ``--data`` HBM generation's start month (``hvm_month``), and the chip refusal's date.

hbm.csv dates each generation to the month volume production started; a user's HBM
row may do the same. An entry ``based_on`` a shipped row that moves ``hvm_year`` without
a month starts in January of the new year (the copied month dates the copied year);
with the row's own year it keeps the row's month. Values by hand from hbm.csv's
12-high HBM3E row (the learning curves of silicon.hbm), not from the code.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.overlay import data_overlay, load_overlay
from tigris.silicon import good_stacks_per_wafer
from tigris.silicon.chip import production_starts
from tigris.silicon.dies import gross_dies_estimate
from tigris.silicon.hbm import get_hbm, hbm_hvm_month


def _good_12hi_stacks(months: float) -> float:
    """Good 12-high HBM3E stacks per DRAM wafer ``months`` after HVM, by hand (hbm.csv:
    150 mm^2 dies, D0 0.0646 -> 0.02 /cm^2 over 12 months, Poisson; 13 DRAM-wafer dies a
    stack; bonding 0.917 -> 0.97 per die over 6 months, 12 bonded dies)."""
    d0 = 0.02 + (0.0646 - 0.02) * math.exp(-months / 12)
    bond = 0.97 - (0.97 - 0.917) * math.exp(-months / 6)
    return float(gross_dies_estimate(150.0)) * math.exp(-1.5 * d0) / 13 * bond**12


def _file(tmp_path: Path, name: str, extra: str) -> Path:
    path = tmp_path / "hbm.yaml"
    head = f"hbm:\n  - name: {name}\n    based_on: HBM3e-12hi\n"
    text = f"{head}{extra}    source: s\n    as_of: 2026-01\n"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("extra", "month", "months_mid_2027"),
    [
        # November 2026: mid-2027 is 8 months on (was refused: "unknown field")
        ("    hvm_year: 2026\n    hvm_month: 11\n", 11, 8),
        # a new year, no month: January 2026, 18 months (September would give 10)
        ("    hvm_year: 2026\n", 1, 18),
        # the row's own year, no month: its September 2024 (34 months)
        ("    hvm_year: 2024\n", 9, 34),
        # no year: the row's date, September 2024
        ("", 9, 34),
    ],
)
def test_a_data_generation_starts_in_its_month(
    tmp_path: Path, extra: str, month: int, months_mid_2027: int
) -> None:
    with data_overlay(_file(tmp_path, "HBM9", extra)):
        assert hbm_hvm_month(get_hbm("HBM9")) == month
        got = float(good_stacks_per_wafer("HBM9", 2027))
    assert got == pytest.approx(_good_12hi_stacks(months_mid_2027), rel=1e-9)


@pytest.mark.parametrize("month", ["13", "0", "9.5"])
def test_a_bad_data_month_is_named(tmp_path: Path, month: str) -> None:
    path = _file(tmp_path, "HBM9", f"    hvm_year: 2026\n    hvm_month: {month}\n")
    with pytest.raises(InputError) as info:
        load_overlay(path)
    assert [p.field for p in info.value.problems] == ["hbm.0.hvm_month"]
    assert info.value.problems[0].line == 5


def test_the_chip_refusal_dates_the_hbm_start_by_month(run_cli, tmp_path: Path) -> None:
    # SK hynix began 12-high HBM3E volume production in September 2024 (hbm.csv)
    assert production_starts("b300")[-1] == ("HBM3e-12hi", 2024, "2024-09")
    res = run_cli("chip", "b300", "--year", "2023")
    assert_one_line_error(res, "--year", "HBM3e-12hi entered volume production in 2024-09")
    # a user's row, dated March 2025, is dated so too
    path = _file(tmp_path, "HBM3e-12hi", "    hvm_year: 2025\n    hvm_month: 3\n")
    res = run_cli("chip", "b300", "--year", "2024", "--data", path)
    assert_one_line_error(res, "--year", "HBM3e-12hi entered volume production in 2025-03")


@pytest.mark.parametrize(
    ("year", "mid_year", "months"),
    [
        # a year after the table's September 2024: September 2025, 22 months at mid-2027
        # (January 2025, 30 months, would be four months late, not a year)
        (2025, 2027, 22),
        # a year before: September 2023, 10 months at mid-2024 (January 2023: 18)
        (2023, 2024, 10),
    ],
)
def test_a_row_replacing_itself_moves_its_start_by_whole_years(
    tmp_path: Path, year: int, mid_year: int, months: int
) -> None:
    # name and based_on the same generation: the same start moved by whole years (as a
    # node's hvm_year moves), both in a --data file and as a risk draw or sweep value of
    # hbm.<gen>.hvm_year (member_overlay writes such an entry)
    from tigris.risk.cells import member_overlay

    own = _file(tmp_path, "HBM3e-12hi", f"    hvm_year: {year}\n")
    draw = tmp_path / "draw.yaml"
    draw.write_text(member_overlay({"hbm.HBM3e-12hi.hvm_year": year}, None), encoding="utf-8")
    for path in (own, draw):
        with data_overlay(path):
            hbm = get_hbm("HBM3e-12hi")
            assert (hbm.hvm_year, hbm_hvm_month(hbm)) == (year, 9)
            got = float(good_stacks_per_wafer("HBM3e-12hi", mid_year))
        assert got == pytest.approx(_good_12hi_stacks(months), rel=1e-9)
