"""``tigris compare`` of a facility's ``subsidy_share`` given on one side only: the side
that left it out shows what the plan used, each site's ``subsidy_share_of_capex``, not
``None`` (user test 2026-12-06: read as no subsidy, as a site's share was before,
UT-POLICY #1). The planner's rule: a facility's share, when given, replaces the site's
(docs/scenario-files.md, "What a site's overrides reach")."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import SMALL, CliResult, write_scenario

#: SMALL's CoWoS facility, given a share of its own on side B.
_COWOS = "  - kind: cowos\n"


def test_a_facility_share_left_out_reads_as_each_sites(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    assert _COWOS in SMALL
    a = write_scenario(tmp_path, SMALL, "a.yaml")
    b = write_scenario(
        tmp_path, SMALL.replace(_COWOS, _COWOS + "    subsidy_share: 0.2\n"), "b.yaml"
    )
    res = run_cli("compare", a, b, "--json", "--no-store")
    assert res.code == 0, res.err
    (row,) = [r for r in res.json()["inputs"] if r["path"] == "facilities.cowos.subsidy_share"]
    assert row["a"] is None and row["b"] == 0.2
    assert row["a_used"] == "each site's subsidy_share_of_capex"
    assert row["a_from"] == "sites, else data/sites.csv"
    assert "b_used" not in row or row["b_used"] is None
    # and the saving is the share of what the planner booked: B's subsidy is 0.2 of the
    # capex the CoWoS module commits (SMALL's sites give it none of their own)
    results = {r["metric"]: r for r in res.json()["metrics"]}
    assert results["subsidy_usd"]["b"] == pytest.approx(0.2 * results["capex_committed_usd"]["b"])
