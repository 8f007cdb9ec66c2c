"""``tigris plan --json``'s ``warnings`` carries the scenario's warnings as well as the
plan's (user test s45 #2): a data-centre site's electricity price, a fab's price that
changes nothing there, was said on stderr only, and the JSON listed none. The lines
are checked against what the same run writes on stderr, and a second run in the same
process (which writes none again: each warning once a process) still lists them."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, write_scenario
from tigris.scenario import reference_scenario_text

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

#: The data-centre site's facilities line of the reference scenario.
FACILITIES = "    facilities: [datacenter, datacenter-gas]"


def _warned(err: str) -> list[str]:
    return [ln.removeprefix("warning: ") for ln in err.splitlines() if ln.startswith("warning: ")]


def test_scenario_warnings_are_in_the_json_as_on_stderr(run_cli, tmp_path: Path) -> None:
    text = reference_scenario_text()
    assert text.count(FACILITIES) == 1  # texas-usa, the one data-centre site
    priced = text.replace(FACILITIES, "    electricity_usd_per_kwh: 0.05\n" + FACILITIES)
    path = write_scenario(tmp_path, priced)
    first = run_cli("plan", path, "--no-store", "--json")
    assert first.code == 0, first.err
    said = _warned(first.err)
    assert any("electricity_usd_per_kwh" in w for w in said), first.err
    assert first.json()["warnings"] == said
    again = run_cli("plan", path, "--no-store", "--json")  # written once a process
    assert again.code == 0 and again.json()["warnings"] == said


def test_a_run_without_warnings_lists_none(run_cli, tmp_path: Path) -> None:
    res = run_cli("plan", write_scenario(tmp_path, SMALL), "--no-store", "--json")
    assert res.code == 0 and res.json()["warnings"] == [] and res.err == ""
