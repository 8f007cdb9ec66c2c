"""The plan's key assumptions list every site's limits, dated, and a full site quotes
its cap's source (UT-JOURNO #1 and #4; the wiring of tests/test_s35_journo_a.py's
functions into every run: plan/assemble.py, plan/solve.py and the reference's sources).

Expected values by hand from the scenario files: the example's UAE site (10 modules, no
power limit) with a source given in a copy of the file; the reference's texas-usa (40
modules, 4,000 MW) and its comment's source, now under ``sources:``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import write_scenario

EXAMPLE = Path("docs/examples/neuromorphic-plan.yaml")
EXAMPLE_DATA = Path("docs/examples/neuromorphic-npu.yaml")
#: The example's UAE campus, sourced (a test's text, not a claim about the world).
UAE_SOURCE = "test: a campus of one module"
#: The reference's texas-usa cap and its source, as reference_scenario.yaml writes them.
TEXAS_SOURCE = (
    "tigris assumption: 4 GW of 100-MW modules, below the ~5 GW a Stargate site may need "
    "(DCD / datargy.com 2025-01-27)"
)


def test_a_full_site_quotes_its_source_and_every_row_is_dated(run_cli, tmp_path) -> None:
    text = (
        EXAMPLE.read_text(encoding="utf-8").replace("max_modules: 10", "max_modules: 1")
        + f'sources:\n  sites.uae.max_modules: "{UAE_SOURCE}"\n'
    )
    sc = write_scenario(tmp_path, text, "one.yaml")
    res = run_cli("plan", sc, "--data", EXAMPLE_DATA, "--no-store", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    rows = {r["parameter"]: r for r in doc["assumptions"]}
    assert rows["site uae: max modules"] == {
        "parameter": "site uae: max modules", "value": 1, "unit": "modules",
        "source": UAE_SOURCE, "as_of": "scenario",
    }  # fmt: skip
    # no limit given: said so, not "none MW" (user test 2026-12-07, #8)
    assert rows["site uae: power limit"]["value"] == "no limit"
    assert rows["site uae: power limit"]["unit"] == ""
    assert "sites.uae.max_modules" not in rows  # in the site's own row, not twice
    assert all("as_of" in r for r in doc["assumptions"])
    # a row quoting a data table's row carries that row's date
    full = [b["text"] for b in doc["binding"] if b["kind"] == "site_modules"]
    assert len(full) == 1
    assert f"its source (site uae: max modules): {UAE_SOURCE}. To lift it" in full[0]


@pytest.mark.slow
def test_100_billion_says_the_texas_cap_is_an_assumption(run_cli) -> None:
    """The journalist's $100B run (~35 s): the same 40 modules as the reference could
    fill, and the reason names the cap's source and the way to lift it."""
    res = run_cli(
        "plan", "--set", "capital.corporate-partners.amount_usd=7.6e10", "--no-store", "--json"
    )
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["scenario_name"] == "reference (edited: capital.corporate-partners.amount_usd)"
    rows = {r["parameter"]: r for r in doc["assumptions"]}
    assert rows["site texas-usa: max modules"]["value"] == 40
    assert rows["site texas-usa: max modules"]["source"] == TEXAS_SOURCE
    assert rows["site texas-usa: power limit"]["value"] == 4000
    assert rows["capital corporate-partners"]["as_of"] == "command line"
    assert rows["capital corporate-partners"]["source"] == (
        "set on the command line (--set capital.corporate-partners.amount_usd=7.6e10); was "
        "1.6e10 from: tigris assumption: corporate and foundry partners"
    )
    full = [b["text"] for b in doc["binding"] if b["kind"] == "site_modules"]
    assert len(full) == 1
    assert full[0].startswith("Site texas-usa is full: all 40 modules it may host are built")
    assert f"its source (site texas-usa: max modules): {TEXAS_SOURCE}" in full[0]
    assert "--set sites.texas-usa.max_modules=N" in full[0]
    assert "sites.texas-usa.power_limit_mw" in full[0]  # 4,000 MW binds next
