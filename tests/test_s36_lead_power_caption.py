"""The text power table says its CO2 counts the new fabs' electricity (UT-NEURO #6).

A plan with new fabs and almost no new compute printed "0 TWh ... 2.5 Mt CO2" with a
caption that read as if both columns were the same energy. The emissions do include the
fabs' electricity (tests/test_energy_fleet.py::test_power_table_by_hand: europe 2028,
(50 MW x 8,766 h + the fleet's MWh) x 200 g/kWh); the caption now says so.
"""

from __future__ import annotations

from typing import Any

from tigris.report.energy import ENERGY_BASIS_CAPTION


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_caption_says_co2_counts_the_fabs() -> None:
    assert "Mt CO2 also counts the new fabs' electricity" in ENERGY_BASIS_CAPTION
    assert "fab_energy_twh" in ENERGY_BASIS_CAPTION


def test_plan_prints_it(reference_plan_text: Any) -> None:
    res = reference_plan_text  # tigris plan --no-store, once per session (conftest)
    assert res.code == 0, res.err
    assert _words(ENERGY_BASIS_CAPTION) in _words(res.out)
