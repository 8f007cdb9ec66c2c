"""UT-SWF #1 (user test 2026-12-04): "how sure" left out the input that decides the answer.

On the reference, data-centre power binds in every year of the plan, yet no distribution
drew the AI data-centre capacity or the grid's headroom, so ``tigris risk`` showed almost
no spread (served 2035 p5-p95 327M-342M with 8 plans, seed 7) while the capacity alone
flips the plan. Now (a) the reference draws the capacity the table projects after 2025
(``data.datacenter_capacity.all.ai_growth_scale``, mode the table as it is) and (b) a
risk run whose central plan leaves a constraint binding that no distribution draws says
so in one note.

The hand derivations read data/datacenter_capacity.csv with the csv module.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliResult

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

PATH = "data.datacenter_capacity.all.ai_growth_scale"
#: The fewest H100e one facility MW of data-centre capacity powers in the reference's
#: fleet, rounded down: the plan prints 2,018 per facility MW at PUE 1.15 for the 2028
#: fleet (the oldest parts count most then; later parts power more per MW), x 1.15 / 1.35
#: at the highest regional PUE (middle-east, data/grid.csv) = 1,719 [H100e/MW].
H100E_PER_MW_MIN = 1_500.0
NOTE = "data-centre power binds in every year of the central plan and no distribution draws it"


def _capacity() -> list[dict[str, str]]:
    with files("tigris").joinpath("data/datacenter_capacity.csv").open() as f:
        return list(csv.DictReader(f))


def _ai(rows: list[dict[str, str]]) -> dict[tuple[str, int], float]:
    """(region, year) -> AI MW = mw x ai_share (docs/energy.md, Data)."""
    return {(r["region"], int(r["year"])): float(r["mw"]) * float(r["ai_share"]) for r in rows}


def _projected_growth(year_mean_of: tuple[int, int], base: int = 2025) -> float:
    """World AI MW the table projects in the year mean of two end-of-year rows, less
    each region's end-``base`` (history) AI MW, over the regions with projected rows
    [MW]."""
    rows = _capacity()
    ai = _ai(rows)
    regions = sorted({r["region"] for r in rows if r["status"] == "projected"})
    a, b = year_mean_of
    return sum((ai[(r, a)] + ai[(r, b)]) / 2.0 - ai[(r, base)] for r in regions)


def test_reference_draws_datacenter_capacity_around_the_table() -> None:
    from tigris.risk.cells import input_value
    from tigris.risk.montecarlo import draws
    from tigris.scenario import reference_scenario

    sc = reference_scenario()
    spec = sc.distributions[PATH]
    assert spec.dist == "triangular"
    # mode the table as it is: the central plan cannot move (tigris plan --json was
    # compared field by field before and after: only input_hash differs)
    assert input_value(sc, PATH) == 1.0 == spec.mode
    assert spec.low < 1.0 < spec.high
    for who in ("IEA", "McKinsey", "Known inconsistencies (1)", "tigris reading"):
        assert who in spec.source
    assert draws(PATH, "datacenter_power")


def test_growth_scale_overlay_is_the_hand_scaled_table() -> None:
    """At scale 2.2 each projected row's AI MW is AI_2025 + 2.2 (AI_y - AI_2025), its
    non-AI MW kept; history rows and the Gulf's announced campuses are not written."""
    from tigris.risk.cells import member_overlay

    rows = _capacity()
    ai = _ai(rows)
    mw = {(r["region"], int(r["year"])): float(r["mw"]) for r in rows}
    doc = yaml.safe_load(member_overlay({PATH: 2.2}, None))
    got = {(e["region"], e["year"]): e for e in doc["datacenter_capacity"]}
    projected = {(r["region"], int(r["year"])) for r in rows if r["status"] == "projected"}
    assert set(got) == projected
    for region, year in [("usa", 2026), ("usa", 2030), ("china", 2035), ("europe", 2028)]:
        want_ai = ai[(region, 2025)] + 2.2 * (ai[(region, year)] - ai[(region, 2025)])
        non_ai = mw[(region, year)] - ai[(region, year)]
        e = got[(region, year)]
        assert e["mw"] * e["ai_share"] == pytest.approx(want_ai, rel=1e-12)
        assert e["mw"] - e["mw"] * e["ai_share"] == pytest.approx(non_ai, rel=1e-9)
        assert PATH in e["source"]
    # usa 2030 by hand from the CSV: 46,971 x 0.4225 = 19,845.2 MW at the end of 2025,
    # 85,795 x 0.6939 = 59,533.2 in 2030: 19,845.2 + 2.2 x 39,687.9 = 107,158.6 MW of AI
    # (the table re-derived after 05359a4's TPU power; 115,574.2 before)
    usa = got[("usa", 2030)]
    assert usa["mw"] * usa["ai_share"] == pytest.approx(107_158.6, abs=0.5)


def test_risk_on_the_reference_spreads_with_the_capacity() -> None:
    """Six plans (seed 7): compute served moves with the drawn capacity by at least
    what the MW it adds power, by hand. Before (no distribution drew it) the same run
    had no such input, and served over the horizon spread by 14M H100e with 8 plans."""
    from tigris.risk.api import risk

    res = risk(samples=6, seed=7, workers=0)
    mc = res.monte_carlo
    assert mc.members_ok == 6
    s = mc.inputs[PATH].to_numpy(dtype=float)
    span = float(s.max() - s.min())
    assert span > 0.3  # six draws of a triangular 0.47-2.2

    def by_member(output: str, year: str) -> list[float]:
        o = mc.outputs
        sel = o[(o["output"] == output) & (o["year"] == year)].sort_values("member")
        return sel["value"].to_list()

    # over the horizon: the fleet standing in 2035 was delivered in the horizon, and
    # the capacity it fills differs by span x the table's projected growth to 2035
    # (year mean, ~77 GW at scale 1), each MW powering at least H100E_PER_MW_MIN
    total = by_member("served_h100e_total", "all")
    bound_total = span * _projected_growth((2034, 2035)) * H100E_PER_MW_MIN
    assert max(total) - min(total) >= bound_total
    # in 2035: at least the capacity the year adds (year mean 2035 less 2034's)
    served = by_member("served_h100e", "2035")
    g35 = _projected_growth((2034, 2035)) - _projected_growth((2033, 2034))
    assert max(served) - min(served) >= span * g35 * H100E_PER_MW_MIN
    # the central plan: power binds in every year, and now a distribution draws it
    years = list(range(2026, 2036))
    assert mc.binds == {"datacenter_power": years}
    assert mc.undrawn == []


def test_risk_says_when_the_binding_constraint_is_not_drawn(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """The reference without the capacity's distribution: one note, printed. One
    sampled plan: the note reads the plan as planned (what binds there) and the
    scenario's distributions, whatever the number of samples."""
    text = files("tigris").joinpath("data/reference_scenario.yaml").read_text()
    entry = re.compile(rf"^  {re.escape(PATH)}:\n(?:    .*\n)+?    source: .*\n", re.M)
    undrawn = entry.sub("", text)
    assert PATH not in undrawn and "data.datacenter_capacity" not in undrawn
    path = tmp_path / "undrawn.yaml"
    path.write_text(undrawn)
    res = run_cli("risk", path, "--samples", "1", "--seed", "3", "--workers", "0", "--no-store")
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert out.count(f"note: {NOTE}") == 1
    assert "its spread is not in these quantiles" in out
