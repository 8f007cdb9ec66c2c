"""S37 MEM-DATA item 2: hbm.csv's HBM4 row against what the three makers said of it.

SK hynix makes HBM4 on its 1b node (release 2025-09-12), Micron on its 1-beta (release
2025-06-10), both the node of their HBM3E; Samsung on its new 1c with a 4 nm base die
(release 2026-02-12). All three make 12-high 36 GB stacks of 24 Gb dies. No maker or
analyst publishes an HBM4 die area or a DRAM defect density, so no row value is
contradicted and none changes (rule: a value changes only where an independent source
contradicts it); the row now names each maker's node and what it implies.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from tigris.silicon import defect_density, get_hbm, good_stacks_per_wafer
from tigris.silicon.hbm import hbm_hvm_month

#: 12-high 36 GB HBM4 of 24 Gb dies: SK hynix (2025-03-19 samples, 2025-09-12 release),
#: Micron (2025-06-10), Samsung (2026-02-12, 12-high, 24-36 GB) [dies, Gb, GB].
MAKERS_DIES, MAKERS_DIE_GBIT, MAKERS_STACK_GB = 12, 24, 36
GBIT_PER_GB = 8


def test_the_row_names_each_makers_dram_node() -> None:
    source = get_hbm("HBM4").source
    for statement in (
        "SK hynix makes its HBM4 on its 1b",
        "Micron on its 1-beta",
        "Samsung on its new 1c",
        "4 nm",
    ):
        assert statement in source, statement


def test_stack_values_are_the_makers() -> None:
    h = get_hbm("HBM4")
    assert h.dies_per_stack == MAKERS_DIES
    assert h.stack_capacity_gb == MAKERS_DIES * MAKERS_DIE_GBIT / GBIT_PER_GB == MAKERS_STACK_GB
    # base dies on logic wafers: SK hynix's at TSMC, Samsung's on its 4 nm foundry process
    assert h.base_dies_per_stack == 0


def test_the_counterfactual_the_row_states_by_hand() -> None:
    # The row: on the HBM3e row's D0 curve at HBM4's HVM (SK hynix's and Micron's node),
    # 20.4 good stacks per DRAM wafer in 2026 against the row's 19.1 (21.7 against 21.2
    # in 2027); recomputed here from the two rows, so the stated figures stay true.
    h4, h3e = get_hbm("HBM4"), get_hbm("HBM3e")
    # February 2024 (HBM3E's HVM) to February 2026 (HBM4's): 24 months
    at_hvm = (h4.hvm_year - h3e.hvm_year) * 12 + hbm_hvm_month(h4) - hbm_hvm_month(h3e)
    assert at_hvm == 24
    d0_on_hbm3e_curve = defect_density(
        at_hvm, h3e.dram_d0_per_cm2, h3e.dram_d0_mature_per_cm2, h3e.dram_d0_learning_months
    )
    assert float(d0_on_hbm3e_curve) == pytest.approx(0.0308, abs=5e-5)
    continued = replace(h4, dram_d0_per_cm2=float(d0_on_hbm3e_curve))
    years = np.array([2026, 2027])
    np.testing.assert_allclose(good_stacks_per_wafer(h4, years), [19.1, 21.2], atol=0.05)
    np.testing.assert_allclose(good_stacks_per_wafer(continued, years), [20.4, 21.7], atol=0.05)
