"""A risk run reports the spread of the plan's own power answer (usertest #2).

Each sampled plan's facility MW online, energy, emissions and electricity cost by year,
for the world and each region, are the numbers of its own ``power`` table: a plain
``plan()`` of the same sampled scenario (a re-solve, not the code's own reduction) gives
them again, and their quantiles are ordered. Before this change ``tigris risk`` reported
only ``power_mw`` (the world's fleet and fab MW): ``energy_twh`` was not an output at all
(checked on HEAD: ``KeyError``/missing key in ``MonteCarlo.quantiles``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

from tests.riskruns import cli, risk_kept
from tigris.plan.api import plan
from tigris.risk.montecarlo import POWER_OUTPUTS, REGION_SEP
from tigris.scenario.edit import set_paths
from tigris.scenario.load import load_scenario

#: A planner's range of the grid price multiplier (usertest: x0.8 to x2).
PRICE = "datacenters.electricity_price_multiplier"
SAMPLES = 3
SEED = 11
#: Relative tolerance of a re-solve against the member's numbers (the same model and
#: solver; only the order of float sums may differ).
RTOL = 1e-6


def risky_text() -> str:
    """The reference scenario file with the grid price drawn from 0.8 to 2."""
    from importlib import resources

    text = (resources.files("tigris.data") / "reference_scenario.yaml").read_text()
    line = f'  {PRICE}: {{dist: uniform, low: 0.8, high: 2.0, source: "test range"}}\n'
    assert "\ndistributions:\n" in text
    return text.replace("\ndistributions:\n", "\ndistributions:\n" + line, 1)


@pytest.fixture(scope="module")
def risky(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("w2risk") / "risky.yaml"
    path.write_text(risky_text())
    return path


@pytest.fixture(scope="module")
def risk_runs(risky: Path) -> tuple[Any, str, str]:
    """``tigris risk --samples 3 --seed 11`` of the reference with its grid price
    drawn, computed once (:func:`tests.riskruns.risk_kept`) and printed twice, with
    ``--report`` and with ``--json``: the result it computed, the text and the JSON
    document (and the report beside :func:`risky`)."""
    base = ("risk", risky, "--samples", SAMPLES, "--seed", SEED, "--workers", 0, "--no-store")
    with risk_kept() as computed:
        printed = cli(*base, "--report", risky.parent / "risk.html")
        as_json = cli(*base, "--json")
    assert len(computed) == 1
    assert printed.code == 0 and as_json.code == 0, (printed.err, as_json.err)
    return computed[0], printed.out, as_json.out


@pytest.fixture(scope="module")
def run(risky: Path, risk_runs: tuple[Any, str, str]) -> tuple[Any, Any]:
    """Three plans of the reference with its grid price drawn: the Monte Carlo of
    :func:`risk_runs` (``monte_carlo(sc, 3, 11)`` as ``tigris risk`` calls it)."""
    return load_scenario(risky), risk_runs[0].monte_carlo


def _close(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return math.isclose(a, b, rel_tol=RTOL, abs_tol=1e-6)


def replan(sc: Any, changes: dict[str, Any], folder: Path) -> Any:
    """A plain ``plan()`` of one member: its scenario paths set, its data-table cells
    in a ``--data`` file of their own (as a user would write them)."""
    from tigris.overlay import data_overlay
    from tigris.risk.cells import member_overlay, split_changes

    fields, cells = split_changes(changes)
    text = member_overlay(cells, None)
    path = None
    if text is not None:
        path = folder / "cells.yaml"
        path.write_text(text)
    with data_overlay(path):
        return plan(set_paths(sc, fields), explain=False, counterfactual=False)


#: Members re-planned by default (a reference plan each): the first; the others run
#: with ``-m slow``.
DEFAULT_MEMBERS = (0,)


@pytest.mark.parametrize(
    "member",
    [
        pytest.param(i, marks=() if i in DEFAULT_MEMBERS else pytest.mark.slow)
        for i in range(SAMPLES)
    ],
)
def test_each_member_equals_a_plain_plan_of_its_draw(
    run: tuple[Any, Any], tmp_path: Path, member: int
) -> None:
    from tigris.runs.sweep import sample_members

    sc, mc = run
    assert mc.members_ok == SAMPLES
    o = mc.outputs
    draws = sample_members(sc, SAMPLES, SEED)  # the same seed draws the same members
    assert draws[member][PRICE] == mc.inputs.loc[member, PRICE]
    res = replan(sc, draws[member], tmp_path)
    table = res.power
    regions = list(dict.fromkeys(str(r) for r in table["region"]))
    assert "usa" in regions and "world" in regions
    mine = o[o["member"] == member]
    got = {(r.output, r.year): float(r.value) for r in mine.itertuples(index=False)}
    for row in table.itertuples(index=False):
        for col in POWER_OUTPUTS:
            key = col if row.region == "world" else f"{col}{REGION_SEP}{row.region}"
            want = float(getattr(row, col))
            assert _close(got[(key, str(row.year))], want), (member, key, row.year)


def test_quantiles_are_ordered_and_spread_where_the_price_moves(run: tuple[Any, Any]) -> None:
    _, mc = run
    q = mc.quantiles
    power = q[q["output"].str.partition(REGION_SEP)[0].isin(POWER_OUTPUTS)]
    assert len(power) >= len(POWER_OUTPUTS) * 10 * 2  # world and regions, ten years
    for r in power.itertuples(index=False):
        assert r.p5 <= r.p50 + 1e-9 * abs(r.p50) and r.p50 <= r.p95 + 1e-9 * abs(r.p95)
    last = q[q["year"] == "2035"].set_index("output")
    # the price moves the electricity cost (0.8 to 2 times the grid part) ...
    cost = last.loc["electricity_cost_usd"]
    assert cost.p95 > 1.05 * cost.p5
    assert last.loc[f"electricity_cost_usd{REGION_SEP}usa"].kind == "regional"


def test_cli_shows_power_rows_and_regions(risky: Path, risk_runs: tuple[Any, str, str]) -> None:
    """``tigris risk`` prints energy, emissions and a by-region table; ``--json`` has the
    by-region keys (the run above; its numbers are checked above)."""
    _, text, as_json = risk_runs
    html = (risky.parent / "risk.html").read_text(encoding="utf-8")
    # the report's table has the regions too
    assert "Energy of the compute fleet, usa in 2035" in html
    for words in ("energy 2035", "emissions 2035", "electricity cost 2035", "DC power online"):
        assert words in text
    assert "Power by region, 2035" in text and "energy, usa" in text
    doc = json.loads(as_json)
    entry = doc["quantiles"][f"emissions_t_co2{REGION_SEP}usa"]
    assert entry["unit"] == "t CO2" and entry["kind"] == "regional"
    assert set(entry["values"]) == {str(y) for y in range(2026, 2036)}
