"""chip_bill and fab_model over arrays (issue 15 item 2): an array call equals the
scalar calls elementwise, bit for bit (same formulas, same order of operations)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tigris.errors import InputError
from tigris.fab.model import fab_model
from tigris.silicon.chip import chip_bill

#: ChipBill fields that vary with D0, age or year.
BILL_FIELDS = (
    "d0_per_cm2",
    "die_yield",
    "good_dies_per_wafer",
    "logic_wafers_per_unit",
    "interposer_wafers_per_unit",
    "hbm_stacks_per_unit",
    "hbm_wafers_per_unit",
    "hbm_gb_per_unit",
    "package_yield",
    "manufacturing_cost_usd",
    "gross_margin",
)


def _same_bill(scalar, array, idx) -> None:
    for f in BILL_FIELDS:
        assert getattr(scalar, f) == getattr(array, f)[idx], f
    for k, v in scalar.cost_breakdown_usd.items():
        assert v == array.cost_breakdown_usd[k][idx], k
    # what does not vary stays a scalar, equal to the scalar call's
    assert scalar.gross_dies_per_wafer == array.gross_dies_per_wafer
    assert scalar.good_interposers_per_wafer == array.good_interposers_per_wafer


# h100: harvested (144 SMs, 12 spare); b200: two dies, CoWoS-L learning; mi300x: chiplets
@pytest.mark.parametrize("acc", ["h100", "b200", "mi300x"])
def test_chip_bill_d0_grid_equals_scalar_calls(acc: str) -> None:
    d0 = np.linspace(0.0, 0.4, 9)
    years = np.array([[2024], [2027]])  # broadcasts: (2, 1) x (9,) -> (2, 9)
    bill = chip_bill(acc, d0_per_cm2=d0, year=years)
    assert bill.logic_wafers_per_unit.shape == (2, 9)
    for i, y in enumerate(years[:, 0]):
        for j, d in enumerate(d0):
            _same_bill(chip_bill(acc, d0_per_cm2=float(d), year=int(y)), bill, (i, j))


def test_chip_bill_months_and_years_equal_scalar_calls() -> None:
    months = np.array([0.0, 6.0, 30.0, 120.0])
    bill = chip_bill("h100", months_since_hvm=months)
    for j, m in enumerate(months):
        _same_bill(chip_bill("h100", months_since_hvm=float(m)), bill, j)
    years = np.arange(2022, 2032)
    bill = chip_bill("b200", year=years)
    assert bill.d0_basis == "learning"
    for j, y in enumerate(years):
        one = chip_bill("b200", year=int(y))
        _same_bill(one, bill, j)
        assert one.good_stacks_per_wafer == bill.good_stacks_per_wafer[j]
        assert one.d0_months_since_hvm == bill.d0_months_since_hvm[j]


def test_chip_bill_array_invariants_and_errors() -> None:
    d0 = np.linspace(0.0, 0.5, 11)
    bill = chip_bill("h100", d0_per_cm2=d0)
    # more defects: fewer good dies, more wafers and a higher cost per good unit
    assert np.all(np.diff(bill.good_dies_per_wafer) < 0)
    assert np.all(np.diff(bill.logic_wafers_per_unit) > 0)
    assert np.all(np.diff(bill.manufacturing_cost_usd) > 0)
    with pytest.raises(InputError, match="d0_per_cm2"):
        chip_bill("h100", d0_per_cm2=np.array([0.1, -0.1]))
    with pytest.raises(InputError, match="months_since_hvm"):
        chip_bill("h100", months_since_hvm=np.array([np.nan, 1.0]))
    with pytest.raises(InputError, match="year"):
        chip_bill("h100", year=np.array([2025.5, 2026]))


@pytest.mark.parametrize(
    ("node", "site", "part"), [("N5", "taiwan", "mi300x"), ("N3", "arizona-usa", "rubin")]
)
def test_fab_model_wspm_grid_equals_scalar_calls(node: str, site: str, part: str) -> None:
    # a part the catalog makes on the node (another node's is refused since user test #3)
    wspm = np.array([5_000.0, 20_000.0, 50_000.0, 83_000.0])
    fab = fab_model(node, wspm, site, product=part, start_year=2026)
    for i, w in enumerate(wspm):
        one = fab_model(node, float(w), site, product=part, start_year=2026)
        for f in dataclasses.fields(one):
            x, y = getattr(one, f.name), getattr(fab, f.name)
            if isinstance(x, dict):
                assert all(v == y[k][i] for k, v in x.items()), f.name
            elif f.name in ("capex_spend_fraction_by_year", "accelerators_by_year"):
                assert np.array_equal(x, y[i]), f.name
            elif isinstance(x, np.ndarray):  # years only: the same table
                assert np.array_equal(x, y), f.name
            elif isinstance(y, np.ndarray):
                assert x == y[i], f.name
            else:
                assert x == y, f.name
    # whole scanners: integers, never fewer for a larger fab
    assert fab.euv_tools.dtype.kind == "i"
    assert np.all(np.diff(fab.euv_tools) >= 0)


def test_fab_model_campus_broadcast_equals_scalar_calls(a_fixed_building: float) -> None:
    """With a fixed building part (tests/conftest.py: the shipped one is 0 since the
    building fit of 2026-12-03), so that the campus comparison below can fail."""
    wspm = np.array([10_000.0, 40_000.0])
    campus = np.array([[80_000.0], [160_000.0]])
    fab = fab_model("N3", wspm, "taiwan", campus_wspm=campus)
    assert fab.capex_usd.shape == (2, 2)
    for i, c in enumerate(campus[:, 0]):
        for j, w in enumerate(wspm):
            one = fab_model("N3", float(w), "taiwan", campus_wspm=float(c))
            assert one.capex_usd == fab.capex_usd[i, j]
            assert one.cost_per_wafer_usd == fab.cost_per_wafer_usd[i, j]
            assert np.array_equal(
                one.capex_spend_fraction_by_year, fab.capex_spend_fraction_by_year[i, j]
            )
    # a larger campus carries less of the fixed site building per phase
    assert np.all(fab.capex_usd[1] < fab.capex_usd[0])


def test_fab_model_array_errors_name_the_field() -> None:
    with pytest.raises(InputError, match="wspm"):
        fab_model("N5", np.array([10_000.0, 0.0]), "taiwan")
    with pytest.raises(InputError, match="campus_wspm"):
        fab_model("N5", np.array([10_000.0, 30_000.0]), "taiwan", campus_wspm=20_000.0)
