"""The issue's Must-show through scenario files and custom accelerators (issue 12).

A custom accelerator comes in through the user data overlay (``--data FILE``, the
``accelerators:`` section, :mod:`tigris.overlay`), as a user would add a claimed part.
Expected values are derived by hand from the shipped tables, read here as text
(``data/accelerators.csv``, ``data/energy_parameters.csv``), not from the code.
"""

from __future__ import annotations

import contextlib
import io
import json
import textwrap
from pathlib import Path

import pytest

from tests.conftest import data_table, write_scenario
from tigris.overlay import data_overlay
from tigris.plan import PlanResult, solve

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"

#: 300 MW of existing data-centre capacity and nothing else; L = 1 so no fleet
#: delivered before 2026 is still in service (``datacenters.existing_mw`` keeps the
#: legacy fleet, which retires after L years).
POWER_LIMITED = textwrap.dedent(
    """\
    name: power-limited
    currency_year: 2024
    horizon: {first_year: 2026, last_year: 2028}
    discount_rate: 0.08
    pue: 1.2
    fleet_lifetime_years: 1
    unmet_penalty_usd_per_h100e: 27500
    demand:
      - name: training
        priority: 1
        h100e_by_year: {2026: 2.0e6, 2028: 3.0e6}
    products:
      - name: PART
    supply:
      logic_wspm: {N5: {2026: 20000}}
      cowos_wspm: {2026: 20000}
      hbm_wspm: {2026: 1.0e5}
    facilities:
      - kind: datacenter
    datacenters:
      baseline: none
      existing_mw: {2026: 300}
    sites:
      - name: texas-usa
        facilities: [datacenter]
        max_modules: 2
    capital:
      - name: fund
        amount_usd: 1.0e10
        first_year: 2026
        last_year: 2027
    tools:
      euv_per_year: {2026: 10}
    """
)

#: A B200 with a tenth of its system power: 10x less power per H100e.
FRUGAL = textwrap.dedent(
    """\
    accelerators:
      - name: b200-frugal
        based_on: b200
        system_power_w: 178.75
        tdp_w: 100
        source: "Hypothetical test part: the B200 at a tenth of its system power"
        as_of: 2026-12
    """
)


def _row(table: str, key: str, value: str) -> dict[str, str]:
    return next(r for r in data_table(table) if r[key] == value)


def _served(r: PlanResult) -> list[float]:
    d = r.demand.groupby("year")[["demand_h100e", "unmet_h100e"]].sum()
    return (d["demand_h100e"] - d["unmet_h100e"]).tolist()


def _plan(tmp_path: Path, scenario: str, overlay: Path) -> PlanResult:
    with data_overlay(overlay):
        r = solve(
            write_scenario(tmp_path, scenario),
            mip_gap=0.0,
            counterfactual=False,
            explain_result=False,
        )
    assert r.status == "optimal"
    return r


def test_ten_times_less_power_per_h100e_serves_more(tmp_path: Path) -> None:
    """300 MW, L = 1, the B200 against a custom B200 at a tenth of its system power.

    A B200 in service draws its system power x IT overhead x PUE = 1,787.5 W x 1.08
    x 1.2 = 2,316.6 W of facility power and is 2.25e15 / 9.894e14 = 2.274 H100e (dense
    BF16 against the H100's), so 300 MW serve 300e6 / 2,316.6 x 2.274 = 294,497 H100e
    a year of the 2.0M, 2.5M, 3.0M demanded. The frugal part serves 10x that,
    2,944,970 a year: all of 2026 and 2027, and 2,944,970 of 3.0M in 2028.
    """
    overlay = tmp_path / "parts.yaml"
    overlay.write_text(FRUGAL, encoding="utf-8")
    b200 = _row("accelerators", "name", "b200")
    h100 = _row("accelerators", "name", "h100-sxm")
    overhead = float(_row("energy_parameters", "parameter", "it_overhead")["value"])
    h100e = float(b200["peak_bf16_flop_per_s"]) / float(h100["peak_bf16_flop_per_s"])
    w_per_unit = float(b200["system_power_w"]) * overhead * 1.2
    per_year = 300e6 / w_per_unit * h100e
    assert per_year == pytest.approx(294_497.0, rel=1e-4)  # the docstring's arithmetic

    hungry = _plan(tmp_path, POWER_LIMITED.replace("PART", "b200"), overlay)
    assert _served(hungry) == pytest.approx([per_year] * 3, rel=1e-6)
    frugal = _plan(tmp_path, POWER_LIMITED.replace("PART", "b200-frugal"), overlay)
    assert _served(frugal) == pytest.approx([2.0e6, 2.5e6, 10 * per_year], rel=1e-6)
    assert sum(_served(frugal)) > sum(_served(hungry))
    # in 2028 the frugal part is power-limited too
    assert frugal.demand.query("year == 2028")["unmet_h100e"].sum() > 0


def test_the_neuromorphic_npu_changes_what_the_plan_builds(tmp_path: Path) -> None:
    """docs/examples: the claimed NPU (100 H100e at 12.75 W of system power, 10,000x
    less power per H100e than an H100) in a greenfield plan whose only power is the
    data-centre modules it builds (100 MW each, $1.058B, first output 2029 when started
    in 2026 at the UAE site).

    With the B200 alone power binds and the plan spends its $5B on data-centre modules
    (at least two). With the NPU, a single module powers all demand from 2029 on: one
    100-MW module, started in 2026; the NPU is made and the B200 is not. Run through
    the CLI (``tigris plan ... --data ... --json``) as a user would.
    """
    from tigris.cli import main

    plan = EXAMPLES / "neuromorphic-plan.yaml"
    npu = EXAMPLES / "neuromorphic-npu.yaml"
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["plan", str(plan), "--data", str(npu), "--json", "--mip-gap", "0"])
    assert code == 0
    out = json.loads(buf.getvalue())
    builds = out["builds"]
    assert [(b["facility"], b["start_year"], b["modules"]) for b in builds] == [
        ("datacenter", 2026, 1)
    ]
    assert builds[0]["capacity"] == 100.0 and builds[0]["capacity_unit"] == "MW"
    unmet = {}
    for row in out["demand"]:
        unmet[row["year"]] = unmet.get(row["year"], 0.0) + row["unmet_h100e"]
    assert [unmet[y] for y in (2029, 2030, 2031)] == pytest.approx([0.0] * 3, abs=1e-3)
    made = {}
    for row in out["production"]:
        made[row["product"]] = made.get(row["product"], 0.0) + row["units"]
    assert made.get("neuro-npu", 0.0) > 0 and made.get("b200", 0.0) == pytest.approx(0.0)

    b200_only = plan.read_text(encoding="utf-8").replace("  - name: neuro-npu\n", "")
    assert "neuro-npu" not in b200_only.split("products:")[1].split("supply:")[0]
    gpu = _plan(tmp_path, b200_only, npu)
    dc = gpu.builds.query("facility == 'datacenter'")["modules"].sum()
    assert dc >= 2, gpu.builds
    assert sum(_served(gpu)) < 0.5 * sum(row["demand_h100e"] for row in out["demand"])


def test_without_datacenter_modules_served_is_what_existing_capacity_powers(
    tmp_path: Path,
) -> None:
    """The 300-MW scenario over 2026-2030 with on-site gas data-centre modules the plan
    may build at texas-usa (first output 2028): it builds some and serves more than
    300 MW power from 2028. Remove the data-centre facility and served compute drops
    to what the 300 MW power: 294,497 H100e a year (the B200 arithmetic above)."""
    overlay = tmp_path / "parts.yaml"
    overlay.write_text(FRUGAL, encoding="utf-8")
    five = (
        POWER_LIMITED.replace("PART", "b200")
        .replace("last_year: 2028}", "last_year: 2030}")
        .replace("{2026: 2.0e6, 2028: 3.0e6}", "{2026: 2.0e6, 2030: 3.0e6}")
        .replace("  - kind: datacenter\n", "  - kind: datacenter\n    power: gas\n")
        .replace("facilities: [datacenter]", "facilities: [datacenter-gas]")
    )
    built = _plan(tmp_path, five, overlay)
    assert set(built.builds["facility"]) == {"datacenter"}  # the kind: gas modules
    assert sum(_served(built)) > 5 * 294_497.0 * (1 + 1e-3)
    removed = five.replace("    facilities: [datacenter-gas]\n", "").replace(
        "facilities:\n  - kind: datacenter\n    power: gas\n", "facilities: []\n"
    )
    assert "datacenter-gas" not in removed and "power: gas" not in removed
    bare = _plan(tmp_path, removed, overlay)
    assert len(bare.builds) == 0
    assert _served(bare) == pytest.approx([294_497.0] * 5, rel=1e-4)


def test_ample_power_gives_the_plan_without_power(tmp_path: Path) -> None:
    """tests/test_plan_cli.py's small scenario (no power) against the same with 10 TW
    of existing data-centre capacity (the legacy fleet and every accelerator the plan
    can make fit many times over): the same builds and the same compute served each
    year. (The objective differs by the fleet's electricity, a cost the row adds.)"""
    from tests.test_plan_cli import SMALL

    overlay = tmp_path / "parts.yaml"
    overlay.write_text(FRUGAL, encoding="utf-8")
    today = _plan(tmp_path, SMALL, overlay)
    ample = SMALL.replace(
        "tools:\n", "datacenters:\n  baseline: none\n  existing_mw: {2026: 1.0e7}\ntools:\n"
    )
    powered = _plan(tmp_path, ample, overlay)
    cols = ["site", "facility", "start_year", "modules"]
    assert powered.builds[cols].to_dict("records") == today.builds[cols].to_dict("records")
    assert len(today.builds) > 0
    assert _served(powered) == pytest.approx(_served(today), rel=1e-6)
