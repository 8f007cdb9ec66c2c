"""The README followed by a first-time user (user test 2026-12-05, README).

- ``tigris plan --relax`` headed a plan "199.4M H100e added, besides 338.3M re-timed"
  (four times the plan's 48.4M) with nothing saying it is a bound: a note now says so
  under the title, and only for a relaxed run.
- The README's ``--data`` site (``india``, ``based_on: japan``, "every field of
  japan") had no energy region, so a scenario listing it was refused: ``based_on``
  copies the base site's region as it copies its tax rate.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import SMALL, write_scenario

INDIA = """\
sites:
  - name: india
    based_on: japan                 # every field of japan, then these
    label: "India (Dholera, Gujarat)"
    subsidy_share_of_capex: 0.5
    source: "ISM fiscal support of 50% of project cost (MeitY, 2021-12-15)"
    as_of: 2024-03
"""


def test_a_relaxed_plan_says_it_is_a_bound(tmp_path: Path, run_cli: Any) -> None:
    from tigris.cli.plan import RELAXED_NOTE

    path = write_scenario(tmp_path, SMALL)
    relaxed = run_cli("plan", path, "--no-store", "--relax")
    assert relaxed.code == 0, relaxed.err
    # under the title, before the money (wrapped at 80 columns)
    lines = " ".join(relaxed.out.split("Money:")[0].split())
    assert "(LP relaxation: fractional modules)" in lines
    assert " ".join(RELAXED_NOTE.split()) in lines
    assert "a bound, not a plan" in RELAXED_NOTE
    plain = run_cli("plan", path, "--no-store")
    assert plain.code == 0 and "a bound, not a plan" not in plain.out


def test_a_data_site_based_on_another_takes_its_region(tmp_path: Path, run_cli: Any) -> None:
    from tests.conftest import data_table
    from tigris.data import load_rows
    from tigris.overlay import data_overlay

    japan = {r["site"]: r for r in data_table("site_regions")}["japan"]
    data = write_scenario(tmp_path, INDIA, "my-data.yaml")
    with data_overlay(data):
        rows = {str(r["site"]): r for r in load_rows("site_regions")}
    assert rows["india"]["region"] == japan["region"] == "asia-pacific"
    assert str(rows["india"]["source"]).startswith("based on japan: ")
    # the reference with india among its sites plans (was: "site 'india' has no energy
    # region in data/site_regions.csv")
    shown = run_cli("scenario", "show").out
    at = shown.index("\nsites:\n") + len("\nsites:\n")
    scenario = write_scenario(tmp_path, shown[:at] + "  - name: india\n" + shown[at:])
    res = run_cli("scenario", "check", scenario, "--data", data)
    assert res.code == 0, res.err
    # a region given in the entry still wins
    own = write_scenario(tmp_path, INDIA + "    region: middle-east\n", "own.yaml")
    with data_overlay(own):
        rows = {str(r["site"]): r for r in load_rows("site_regions")}
    assert rows["india"]["region"] == "middle-east"
