"""The plan's text says which accelerator made the compute, where the sources are, and
shows a small fleet's power in MW (user test D2).

The docs' neuromorphic example (``docs/examples/neuromorphic-plan.yaml`` with the NPU of
``neuromorphic-npu.yaml``): ~100 lines of text never named the NPU or the B200 (only
``--json`` ``production`` said the NPU made all 10.8M H100e), named no source, and the
power table printed the fleet's 0.485 MW in 2029 as ``0.0`` GW.

Hand values, from the two files and the data:

- demand 2.0M H100e in 2026 rising linearly to 4.0M in 2031: 3.2M, 3.6M, 4.0M in
  2029-2031, all served (nothing before 2029: the data centre's lead time), 10.8M;
- the NPU's dense BF16 peak 9.894e16 FLOP/s is 100 H100's (9.894e14): 108,000 units;
- in 2029 the 32,000 NPUs in service draw 12.75 W (``system_power_w``) × 1.08 (IT
  overhead, ``data/energy_parameters.csv``) × PUE 1.1 (a new build,
  ``data/datacenter_types.csv``) = 0.4847 MW, against the 100-MW module online from
  2030 in full.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import CliResult

Run = Callable[..., CliResult]

EXAMPLES = Path(__file__).resolve().parents[1] / "docs" / "examples"
PLAN = EXAMPLES / "neuromorphic-plan.yaml"
NPU = EXAMPLES / "neuromorphic-npu.yaml"
#: H100 SXM dense BF16 peak [FLOP/s] (data/accelerators.csv), the H100e unit.
H100_BF16 = 9.894e14
#: IT overhead (data/energy_parameters.csv it_overhead) and a new build's PUE
#: (data/datacenter_types.csv) [-].
IT_OVERHEAD = 1.08
NEW_BUILD_PUE = 1.1


def _rows(out: str, title: str) -> list[list[str]]:
    """The body rows of the table titled ``title`` in a text output (cells stripped)."""
    tail = out.split(title, 1)[1]
    body = tail.split("┡", 1)[1].split("└", 1)[0]
    return [
        [c.strip() for c in ln.strip().strip("│").split("│")]
        for ln in body.splitlines()
        if ln.startswith("│")
    ]


@pytest.fixture(scope="module")
def npu() -> dict:
    """The NPU part of the example's --data file."""
    (part,) = yaml.safe_load(NPU.read_text())["accelerators"]
    return part


@pytest.fixture
def text(run_cli: Run) -> str:
    res = run_cli("plan", str(PLAN), "--data", str(NPU), "--no-store")
    assert res.code == 0, res.err
    return res.out


def test_production_by_product_names_the_npu(text: str, npu: dict) -> None:
    per_unit = float(npu["peak_bf16_flop_per_s"]) / H100_BF16  # 100 H100e
    served = 3.2e6 + 3.6e6 + 4.0e6  # the demand of 2029-2031, all served
    assert "Accelerators made by product, 2026–2031" in text
    rows = _rows(text, "Accelerators made by product")
    assert rows == [["neuro-npu", f"{served / per_unit:,.0f}", "10.8", "100.0%"]]
    assert "made none: b200" in text.replace("\n", " ")


def test_power_table_shows_a_small_fleet_in_mw(text: str, npu: dict) -> None:
    assert "Power by year, world (facility MW needed vs data-centre MW online)" in text
    rows = {r[0]: r for r in _rows(text, "Power by year")}
    units_2029 = 3.2e6 / (float(npu["peak_bf16_flop_per_s"]) / H100_BF16)
    mw = units_2029 * float(npu["system_power_w"]) * IT_OVERHEAD * NEW_BUILD_PUE / 1e6
    assert rows["2029"][1] == f"{mw:.3f}"  # 0.485, not 0.0 (GW)
    assert rows["2030"][2] == "100"  # the 100-MW module, fully online
    assert float(rows["2029"][4]) > 0  # energy TWh: not rounded to zero


def test_text_says_where_the_sources_are(run_cli: Run, text: str) -> None:
    res = run_cli("plan", str(PLAN), "--data", str(NPU), "--no-store", "--json")
    n = len(json.loads(res.out)["assumptions"])
    flat = re.sub(r"\s+", " ", text)
    assert f"Sources: {n} inputs with their sources are in --json ('assumptions')" in flat
    assert "tigris catalog PRODUCT" in flat


def test_reference_products_sum_to_the_served_compute(
    reference_plan_json: str, reference_plan_text: CliResult
) -> None:
    """The reference: the table's H100e (its rows and its 'more' row) sum to the compute
    served over the horizon (the demand table's), shares to 100 %, at most 11 rows."""
    doc = json.loads(reference_plan_json)  # both once per session (conftest)
    served = sum(r["served_h100e"] for r in doc["demand"]) / 1e6
    text = reference_plan_text.out
    rows = _rows(text, "Accelerators made by product")
    assert 1 < len(rows) <= 11
    assert sum(float(r[2].replace(",", "")) for r in rows) == pytest.approx(served, abs=0.1 * 11)
    assert sum(float(r[3].rstrip("%")) for r in rows) == pytest.approx(100.0, abs=0.1 * 11)
    # named products largest first (a reader quotes the top row), the 'more' row last
    named = [float(r[2].replace(",", "")) for r in rows if "more (--json" not in r[0]]
    assert named == sorted(named, reverse=True)
    # GW still for a fleet of tens of GW (the reference's 2026: 44.5 GW)
    assert "Power by year, world (facility GW needed vs data-centre GW online)" in text
