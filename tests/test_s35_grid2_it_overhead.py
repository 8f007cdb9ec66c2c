"""GRID-2 (UT-GRID #12): ``it_overhead`` is a ratio of maxima, and its row says so.

UT-GRID #12 asked whether ``it_overhead`` 1.08 divides the SuperPOD's "expected average
power" (1.4 MW for 1,016 GPUs) by the DGX H100's *maximum* (10.2 kW): an average over a
maximum, with ``load_factor`` 0.75 applied on top. Read through its two citations (Epoch
AI's footnote 8 and SemiAnalysis's reading of the same NVIDIA design guide table, which
carries ~10,200 W per DGX H100 as its "expected average power": the datasheet maximum),
both figures are on the servers' rated (maximum) basis; the value stands (1.4 MW / (127 x
10.2 kW) = 1.081, SemiAnalysis's 11,112 / 10,200 = 1.089) and the row now names its basis.
"""

from __future__ import annotations

import pytest

from tests.conftest import data_table

#: DGX H100 systems in a 4-SU SuperPOD (1,016 GPUs / 8 per system) [-].
DGX_SYSTEMS = 1016 // 8
#: DGX H100 datasheet maximum, the design guide's figure per system [W].
DGX_W = 10_200.0
#: The SuperPOD's 1.4 MW (NVIDIA design guide via Epoch AI footnote 8) [W].
SUPERPOD_W = 1.4e6
#: SemiAnalysis (2024-03-13): per DGX with the SuperPOD's storage, management, switches [W].
SEMIANALYSIS_PER_DGX_W = 11_112.0


def _row() -> dict[str, str]:
    return next(r for r in data_table("energy_parameters") if r["parameter"] == "it_overhead")


def test_the_value_is_a_ratio_of_maxima() -> None:
    row = _row()
    by_hand = SUPERPOD_W / (DGX_SYSTEMS * DGX_W)
    assert DGX_SYSTEMS == 127
    assert by_hand == pytest.approx(1.081, abs=5e-4)
    assert float(row["value"]) == pytest.approx(by_hand, abs=0.005)
    # the second reading of the same table agrees to within a percent
    ratio = SEMIANALYSIS_PER_DGX_W / DGX_W
    assert abs(ratio - float(row["value"])) <= 0.01 * ratio


def test_the_row_names_its_basis() -> None:
    src = _row()["source"]
    assert "one basis" in src and "maximum" in src
    assert "load_factor" in src  # applied on top of the rated basis
    assert "127 x 10.2 kW" in src and "SemiAnalysis" in src
