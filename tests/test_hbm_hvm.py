"""HBM generations' HVM dates against the makers' statements (hbm.csv).

The hindcast reads each generation's stacking (bonding) yield at its age in the middle
of a year of sale (``silicon.hbm.bond_yield_at``), with HVM on 1 January of ``hvm_year``
(the table holds whole years). A row whose year starts the learning months before the
makers' stated volume start reads a later, better yield than the one the parts of that
year were made at (docs/plan.md, hindcast audit 2026-12-03, third).
"""

from __future__ import annotations

import numpy as np
import pytest

from tigris.silicon import defect_density, get_hbm, months_since_hvm

#: 12-high HBM3E volume production began in late September 2024 (SK hynix press release
#: 2024-09-26, via TrendForce 2024-09-26; Micron shipped production-capable 12-high
#: stacks for qualification the same month) [year, as a decimal].
HBM3E_12HI_VOLUME_START = 2024 + (9 - 1 + 26 / 30) / 12
#: 8-high HBM3E volume production: Micron from late February 2024, SK hynix from March
#: 2024 (their press releases of 2024-02-26 and 2024-03-19) [year, as a decimal].
HBM3E_8HI_VOLUME_START = 2024 + (2 - 1 + 26 / 29) / 12
#: Whole years from 1 January: the nearest year start to the stated date is taken, so
#: the row is off by at most half a year [year].
HALF_YEAR = 0.5


@pytest.mark.parametrize(
    ("generation", "start"),
    [("HBM3e", HBM3E_8HI_VOLUME_START), ("HBM3e-12hi", HBM3E_12HI_VOLUME_START)],
)
def test_hvm_year_is_the_nearest_year_start_to_the_stated_volume_start(
    generation: str, start: float
) -> None:
    # Fails on the 12-high row before the audit (2024: nine months before its start).
    assert abs(get_hbm(generation).hvm_year - start) <= HALF_YEAR


def test_12hi_hbm3e_dies_keep_the_8hi_defect_density_curve() -> None:
    # The 12-high stacks use 8-high HBM3E's 24 Gb dies: moving the 12-high row's HVM
    # restarts its stacking learning, not the dies' defect density. Fails if the row's
    # HVM year is moved without its D0 start (0.1 from 2025 would give 0.069 in 2025
    # instead of 8-high's 0.038).
    eight, twelve = get_hbm("HBM3e"), get_hbm("HBM3e-12hi")
    years = np.arange(2025, 2031)

    def d0(h):
        return defect_density(
            months_since_hvm(years, h.hvm_year),
            h.dram_d0_per_cm2,
            h.dram_d0_mature_per_cm2,
            h.dram_d0_learning_months,
        )

    assert twelve.dram_die_area_mm2 == eight.dram_die_area_mm2
    assert d0(twelve) == pytest.approx(d0(eight), rel=1e-3)
