"""The undrawn-input note counts every input of the data-centre power limit (RV-S35
finding 1; docs/risk.md, "What binds, and whether it is drawn").

The rule (``tigris.risk.montecarlo.draws``) counted only the capacity side of the power
rows, so a risk run drawing a region's PUE still said of data-centre power "no
distribution draws it ...: its spread is not in these quantiles". The world: the power
rows count MW at the plan's PUE, so a region's existing capacity of PUE ``u`` counts
``pue / u`` of its facility MW, and each accelerator in service needs ``system_power_w x
it_overhead x pue`` (docs/energy.md, "The power constraint"; Epoch AI 2024, footnote 8):
with power binding, a dearer PUE or overhead must serve less. The plans below show it
(two re-solves each); the rule must then count those inputs, and a fab cost, which is
no term of the rows, must not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest

from tests.conftest import CliResult

CAPACITY = "data.datacenter_capacity.all.ai_growth_scale"
POWER = "datacenter_power"
#: Paths that set a term of the power rows for given builds (tigris.plan.power,
#: tigris.plan.assemble_energy.energy_fields / power_regions).
MOVE_POWER = [
    "data.grid.usa.pue",  # existing capacity counts pue / u_usa
    "data.grid.usa.2030.pue",
    "data.energy_parameters.it_overhead.value",  # MW per accelerator
    "data.datacenter_types.datacenter.pue",  # a built module's PUE
    "sites.arizona-usa.pue",
    "accelerators.h100-sxm.system_power_w",
    "products.acme.system_power_w",
    "fleet_lifetime_years",  # which deliveries are still plugged in
    "demand_regions.usa",  # the region rows
    CAPACITY,
    "datacenters.existing_mw.2030",
    "data.grid.usa.2030.grid_headroom_mw",
]
#: Paths that are no term of the power rows: a fab cost, a yield, the rows' unit (the
#: scenario's pue multiplies both sides), money and energy, a grid's intensity and wait.
NOT_POWER = [
    "facilities.cowos.capex_usd",
    "nodes.N2.d0_per_cm2",
    "pue",
    "data.energy_parameters.load_factor.value",
    "data.energy_parameters.design_pue.value",
    "data.energy_parameters.lease_usd_per_kw_month.value",
    "data.grid.usa.grid_gco2_per_kwh",
    "data.grid.usa.electricity_usd_per_mwh",
    "data.grid.usa.grid_lead_months",
    "accelerators.h100-sxm.price_usd",
    "sites.arizona-usa.construction_months",
]


def _served(run_cli: Callable[..., CliResult], *sets: str) -> float:
    args = [a for s in sets for a in ("--set", s)]
    res = run_cli("plan", "--no-store", *args, "--json")
    assert res.code == 0, res.err
    return float(res.json()["summary"]["served_h100e"])


@pytest.mark.parametrize(
    ("path", "low", "high"),
    [("data.grid.usa.pue", 1.1, 1.3), ("data.energy_parameters.it_overhead.value", 1.0, 1.2)],
)
def test_pue_and_overhead_move_the_binding_power_limit(
    run_cli: Callable[..., CliResult], path: str, low: float, high: float
) -> None:
    """The reviewer's measurement, re-solved: more facility MW per MW of IT (or more IT
    MW per accelerator) serves less while power binds (measured at 514ffa0:
    1,351.4M vs 1,228.6M and 1,403.2M vs 1,209.7M H100e over 2026-2035), so a
    distribution on either draws the limit."""
    from tigris.risk.montecarlo import draws

    cheap, dear = _served(run_cli, f"{path}={low}"), _served(run_cli, f"{path}={high}")
    assert dear < cheap * 0.97, (cheap, dear)
    assert draws(path, POWER)


@pytest.mark.parametrize("path", MOVE_POWER)
def test_inputs_of_the_power_rows_draw_it(path: str) -> None:
    from tigris.risk.montecarlo import draws, undrawn_binding

    assert draws(path, POWER)
    assert undrawn_binding([path, "facilities.cowos.capex_usd"], {POWER: [2026]}, [2026]) == []


@pytest.mark.parametrize("path", NOT_POWER)
def test_other_inputs_still_leave_the_note(path: str) -> None:
    from tigris.risk.montecarlo import draws, undrawn_binding

    assert not draws(path, POWER)
    notes = undrawn_binding([path], {POWER: [2026, 2027]}, [2026, 2027])
    assert len(notes) == 1
    assert notes[0].startswith("data-centre power binds in every year of the central plan")
    assert "a PUE" in notes[0]  # the note names the inputs it counts


def _reference_with(entry: str) -> str:
    """The reference scenario with its capacity distribution replaced by ``entry``."""
    text = files("tigris").joinpath("data/reference_scenario.yaml").read_text()
    cut = re.compile(rf"^  {re.escape(CAPACITY)}:\n(?:    .*\n)+?    source: .*\n", re.M)
    out, n = cut.subn(entry, text)
    assert n == 1
    return out


def test_risk_drawing_a_region_pue_carries_no_note(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """The reviewer's run (1 plan, seed 3): the capacity entry swapped for a usa PUE
    distribution (1.1 / 1.15 / 1.3, data/grid.csv's 1.15 the mode); data-centre power
    still binds, and it is drawn."""
    entry = (
        "  data.grid.usa.pue:\n"
        "    dist: triangular\n"
        "    low: 1.1\n"
        "    mode: 1.15\n"
        "    high: 1.3\n"
        '    source: "test: hyperscale 1.1 to enterprise-leaning 1.3 around data/grid.csv"\n'
    )
    scenario = tmp_path / "u_pue.yaml"
    scenario.write_text(_reference_with(entry))
    res = run_cli("risk", scenario, "--samples", "1", "--seed", "3", "--workers", "0",
                  "--no-store", "--json")  # fmt: skip
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["undrawn"] == []
    assert "its spread is not in these quantiles" not in res.out + res.err
