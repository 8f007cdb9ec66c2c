"""data/datacenter_capacity.csv's projection and quoted figures follow the fleet of the
current catalog (re-derived after 05359a4's TPU power, DC-REDERIVE).

tests/test_energy_data.py checks the history (2022-2025) against the fleet recomputed from
the shipment and catalog CSVs. The projection is made from that history (docs/energy.md,
"Data"): at the design PUE 1.2 the world AI capacity steps by the fleet's 2025 addition
in 2026 and 2027, reaches 3x the end-2025 fleet at the end of 2030 (IEA, Apr 2026) and
x1,200/945 of that at the end of 2035 (IEA base case); the regions other than the Gulf
hold 0.995 of it (Epoch AI's shares; the Gulf's 0.005 is held at its end-2025 MW plus
Stargate UAE's announced 200 MW in 2026). Checked here by hand from the same fleet, and
the figures the rows' sources quote against it. Before the re-derivation the projection
stepped by 16.6 GW (the fleet at the old TPU power), 10 % above the 2026 figure here.
"""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from tests.test_energy_data import _fleet_facility_mw_by_end_of
from tigris.energy import data as ed

#: The Gulf's share of the fleet, held at its end-2025 MW (the table's rows) [-].
GULF_SHARE = 0.005
#: ai_share has 4 decimals: ~5 MW on usa's ~100 GW; 0.1 % covers it [-].
REL = 1e-3


def _rows() -> list[dict[str, str]]:
    path = resources.files("tigris.data") / "datacenter_capacity.csv"
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _at_design_pue_without_gulf(year: int) -> float:
    """Σ over the regions but the Gulf of end-of-year AI MW x 1.2 / PUE_r [MW]."""
    cap = ed.datacenter_capacity_mw(year, basis="end-of-year")
    design = ed.energy_parameter("design_pue")
    return sum(v.item() * design / ed.grid_pue(r) for r, v in cap.items() if r != "middle-east")


@pytest.fixture(scope="module")
def fleet() -> dict[int, float]:
    """The fleet's facility MW at PUE 1.2 at the end of 2024 and 2025 [MW]."""
    return {y: _fleet_facility_mw_by_end_of(y) for y in (2024, 2025)}


def test_the_projection_is_made_from_the_current_fleet(fleet: dict[int, float]) -> None:
    f24, f25 = fleet[2024], fleet[2025]
    step = f25 - f24  # the 2025 addition: 14,563 MW with 05359a4's TPU power
    rest = 1 - GULF_SHARE
    want = {
        2026: f25 + step,
        2027: f25 + 2 * step,
        2030: 3 * f25,
        2035: 3 * f25 * 1200 / 945,
    }
    for year, world in want.items():
        assert _at_design_pue_without_gulf(year) == pytest.approx(rest * world, rel=REL), year
    gulf = ed.datacenter_capacity_mw(2026, basis="end-of-year")["middle-east"].item()
    assert gulf == pytest.approx(GULF_SHARE * f25 * ed.grid_pue("middle-east") / 1.2 + 200, abs=1)


def test_the_rows_quote_the_fleet_they_are_made_from(fleet: dict[int, float]) -> None:
    step_gw = (fleet[2025] - fleet[2024]) / 1e3
    for i, row in enumerate(_rows(), start=2):
        text, year = row["ai_share_source"], int(row["year"])
        m = re.search(r"= ([\d.]+) GW facility worldwide", text)
        if m:
            want = _fleet_facility_mw_by_end_of(year) / 1e3
            assert float(m.group(1)) == pytest.approx(want, abs=0.05), i
        m = re.search(r"World: \+([\d.]+) GW a year", text)
        if m:
            assert float(m.group(1)) == pytest.approx(step_gw, abs=0.05), i
        m = re.search(r"3x the end-2025 capacity, (\d+) GW", text)
        if m:
            assert float(m.group(1)) == pytest.approx(3 * fleet[2025] / 1e3, abs=0.5), i
