"""HBM generations' HVM dates against the makers' statements (hbm.csv).

The hindcast and the plan read each generation's DRAM D0 and stacking (bonding) yield at
its age in the middle of a year of sale, counted from the first day of its HVM month
(``silicon.hbm.good_stacks_per_wafer``). The month is the first maker's stated start of
volume production, by the rule of docs/silicon.md ("HVM month", pre-registered
2026-12-03 before any number was computed with it): a release's month when it says
production has begun; a plan, a sample shipment or a readiness statement is not a start;
a year alone (or no date) is July, as nodes.csv. Until then the table held whole years
read as 1 January, nine months early for 12-high HBM3E (docs/plan.md, hindcast audit
2026-12-03, third).
"""

from __future__ import annotations

import numpy as np
import pytest

from tigris.silicon import (
    defect_density,
    get_hbm,
    good_stacks_per_wafer,
    gross_dies_estimate,
)
from tigris.silicon.hbm import hbm_hvm_month
from tigris.silicon.yields import months_since_hvm

#: (generation, year, month, the statement that dates it). The press-release date is
#: the day the maker said volume production had begun (or, for HBM4E, the assumption).
STATED_STARTS = [
    ("HBM2", 2016, 1, "Samsung 2016-01-19: began mass producing 4 GB HBM2 (generation date)"),
    ("HBM2e", 2020, 7, "SK hynix 2020-07-02: started full-scale mass production of HBM2E"),
    ("HBM3", 2022, 6, "SK hynix 2022-06-09: began mass production of HBM3 for NVIDIA"),
    ("HBM3-12hi", 2022, 6, "as HBM3 (same dies; no dated 12-high start found)"),
    ("HBM3e", 2024, 2, "Micron 2024-02-26: commenced volume production of 8-high HBM3E"),
    ("HBM3e-12hi", 2024, 9, "SK hynix 2024-09-26: began mass production of 12-high HBM3E"),
    ("HBM4", 2026, 2, "Samsung 2026-02-12: began HBM4 mass production and shipments"),
    ("HBM4e", 2027, 7, "no date: the year is a tigris assumption, so July (as Intel 14A)"),
]


@pytest.mark.parametrize(("generation", "year", "month", "statement"), STATED_STARTS)
def test_hvm_year_and_month_are_the_stated_start(
    generation: str, year: int, month: int, statement: str
) -> None:
    h = get_hbm(generation)
    assert (h.hvm_year, hbm_hvm_month(h)) == (year, month), statement


def test_every_row_gives_its_month_and_cites_it() -> None:
    # Every shipped row has a month and says where it comes from (rule in
    # docs/silicon.md); a row without one would silently start in January.
    names = {g for g, *_ in STATED_STARTS}
    for name in names:
        h = get_hbm(name)
        assert h.hvm_month is not None, name
        assert "hvm_month" in h.source, name


def test_hbm4_is_not_dated_by_a_readiness_statement() -> None:
    # SK hynix's release of 2025-09-12 said HBM4 development was complete and a mass-
    # production system was ready: not a stated start (rule), so HBM4 is not 2025.
    assert get_hbm("HBM4").hvm_year == 2026


def test_12hi_hbm3e_dies_keep_the_8hi_defect_density_curve() -> None:
    # The 12-high stacks use 8-high HBM3E's 24 Gb dies: dating the 12-high row to its own
    # start (September 2024, seven months after 8-high's February) restarts its stacking
    # learning, not the dies' defect density. Fails if the row's month or year moves
    # without its D0 start (0.1 from September 2024 would give 0.054 in 2025 against
    # 8-high's 0.033), or if the months are ignored (read from January: the 12-high row
    # would be 8 months younger than its curve, 0.0379 in 2025 against 0.0299).
    eight, twelve = get_hbm("HBM3e"), get_hbm("HBM3e-12hi")
    years = np.arange(2025, 2031)

    def d0(h):
        return defect_density(
            months_since_hvm(years, h.hvm_year, hbm_hvm_month(h)),
            h.dram_d0_per_cm2,
            h.dram_d0_mature_per_cm2,
            h.dram_d0_learning_months,
        )

    assert twelve.dram_die_area_mm2 == eight.dram_die_area_mm2
    assert d0(twelve) == pytest.approx(d0(eight), rel=1e-3)


def test_12hi_hbm3e_good_stacks_in_2025_by_hand() -> None:
    # By hand from the row's own parameters, the dates from the makers' releases, not
    # from the code: 8-high HBM3E from 1 February 2024 (Micron), 12-high from 1 September
    # 2024 (SK hynix). Mid-2025 is 17 months after the dies' start and 10 after the
    # stacks'. D0 on the 8-high curve: 0.02 + 0.08 e^(-17/12) /cm^2; bonding yield per
    # die 0.97 - (0.97 - 0.917) e^(-10/6); 150 mm^2 dies, 12 core + 1 base die a stack.
    d0 = 0.02 + (0.1 - 0.02) * np.exp(-17 / 12)
    bond = 0.97 - (0.97 - 0.917) * np.exp(-10 / 6)
    gross = float(gross_dies_estimate(150.0))
    hand = gross * np.exp(-1.5 * d0) / 13 * bond**12
    # rel 1e-3: the row's D0 start 0.0646 is the 8-high curve at 7 months to 3 figures
    assert good_stacks_per_wafer("HBM3e-12hi", 2025) == pytest.approx(hand, rel=1e-3)
    # a stated start later in the year reads fewer good stacks than the old 1 January
    jan = gross * np.exp(-1.5 * d0) / 13 * (0.97 - 0.053 * np.exp(-18 / 6)) ** 12
    assert good_stacks_per_wafer("HBM3e-12hi", 2025) < 0.95 * jan


def test_a_row_before_its_hvm_month_reads_the_hvm_value() -> None:
    # 12-high HBM3E in mid-2024 (before September): the HVM (start) values, not an
    # extrapolation back up the curve.
    h = get_hbm("HBM3e-12hi")
    d0 = h.dram_d0_per_cm2
    gross = float(gross_dies_estimate(150.0))
    hvm = gross * np.exp(-1.5 * d0) / 13 * h.bond_yield_per_die_start**12
    assert good_stacks_per_wafer("HBM3e-12hi", 2024) == pytest.approx(hvm, rel=1e-12)


@pytest.mark.parametrize("month", [13, 0, 9.5, "9.5", "Sep"])
def test_a_bad_month_in_the_table_is_refused_naming_it(monkeypatch, month) -> None:
    # A month outside 1-12, or not whole, is one clear error naming the row's field, not
    # a silently truncated or shifted date; nor a ValueError from int() when the column
    # is read as text (a non-number anywhere in it: "9.5", "Sep").
    from tigris.errors import InputError
    from tigris.silicon import hbm as silicon_hbm

    rows = [dict(r) for r in silicon_hbm.load_rows("hbm")]
    rows[0]["hvm_month"] = month
    monkeypatch.setattr(silicon_hbm, "load_rows", lambda name: rows)
    silicon_hbm._hbm.cache_clear()
    try:
        with pytest.raises(InputError, match="hvm_month") as err:
            silicon_hbm.get_hbm("HBM2")
        assert err.value.problems[0].field == f"hbm.{rows[0]['generation']}.hvm_month"
    finally:
        monkeypatch.undo()
        silicon_hbm._hbm.cache_clear()


def test_a_row_without_a_month_starts_in_january() -> None:
    # A user's row (no hvm_month) keeps the old whole-year reading: HVM on 1 January.
    import dataclasses

    h = dataclasses.replace(get_hbm("HBM3e-12hi"), hvm_month=None)
    assert hbm_hvm_month(h) == 1
    jan = months_since_hvm(2025, 2024)  # 18 months at mid-2025
    d0 = 0.02 + (0.0646 - 0.02) * np.exp(-jan / 12)
    bond = 0.97 - (0.97 - 0.917) * np.exp(-jan / 6)
    hand = float(gross_dies_estimate(150.0)) * np.exp(-1.5 * d0) / 13 * bond**12
    assert good_stacks_per_wafer(h, 2025) == pytest.approx(hand, rel=1e-12)
