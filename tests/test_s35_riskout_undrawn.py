"""The note on a binding input no distribution draws is in ``tigris risk --json`` and
the risk HTML report, not only printed (RISK-OUT, session 35; docs/risk.md, "What
binds, and whether it is drawn").

The world: the reference's plan leaves data-centre power binding in every year of its
horizon (the installed fleet needs all the capacity online; tests/test_s34_risk_power.py
measures it) and its distributions draw the capacity
(``data.datacenter_capacity.all.ai_growth_scale``). The reference with that one entry
cut out draws nothing of the capacity or the grid's headroom: its JSON must carry one
entry for data-centre power, every horizon year, with the note the docs print; the
reference as it is carries none (``[]``), though the same constraint binds.
"""

from __future__ import annotations

import html
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
#: The note as docs/risk.md prints it (the constraint's inputs named in words).
NOTE = (
    "data-centre power binds in every year of the central plan and no distribution draws "
    "it (the existing and announced AI data-centre capacity, the grid's headroom, a PUE, "
    "the accelerators' power, the IT overhead, their service lives or the regions' shares "
    "of the fleet): its spread is not in these quantiles"
)
#: One plan drawn (and the plan as planned): the note is about the central plan, so one
#: member shows it; the seed keeps the run the same each time.
SAMPLES = "1"
SEED = "3"


def _horizon(text: str) -> list[int]:
    """The years of a scenario's ``horizon`` (read with yaml, not through tigris)."""
    h = yaml.safe_load(text)["horizon"]
    return list(range(int(h["first_year"]), int(h["last_year"]) + 1))


def _notes(page: str) -> list[str]:
    """The report's undrawn-input notes, unescaped."""
    found = re.findall(r'<p class="note undrawn"[^>]*>(.*?)</p>', page, re.S)
    return [html.unescape(n) for n in found]


def test_json_and_report_carry_the_note_when_the_capacity_is_not_drawn(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    text = files("tigris").joinpath("data/reference_scenario.yaml").read_text()
    entry = re.compile(rf"^  {re.escape(PATH)}:\n(?:    .*\n)+?    source: .*\n", re.M)
    undrawn = entry.sub("", text)
    assert PATH not in undrawn and "data.datacenter_capacity" not in undrawn
    assert "datacenters.existing_mw" not in undrawn.split("distributions:")[1]
    scenario = tmp_path / "undrawn.yaml"
    scenario.write_text(undrawn)
    report = tmp_path / "risk.html"
    res = run_cli("risk", scenario, "--samples", SAMPLES, "--seed", SEED, "--workers", "0",
                  "--no-store", "--json", "--report", report)  # fmt: skip
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["undrawn"] == [
        {"constraint": "datacenter_power", "years": _horizon(text), "note": NOTE}
    ]
    assert _notes(report.read_text(encoding="utf-8")) == [f"note: {NOTE}"]


def test_reference_draws_the_capacity_and_carries_no_note(tmp_path: Path) -> None:
    from tigris.risk.api import risk

    res = risk(samples=int(SAMPLES), seed=int(SEED), workers=0)
    text = files("tigris").joinpath("data/reference_scenario.yaml").read_text()
    # the same constraint binds in the central plan: the list is empty because it is
    # drawn, not because nothing binds
    assert res.monte_carlo.binds == {"datacenter_power": _horizon(text)}
    assert PATH in res.monte_carlo.inputs.columns
    doc = res.to_dict()
    assert doc["undrawn"] == []
    page = res.write_report(tmp_path / "risk.html").read_text(encoding="utf-8")
    assert _notes(page) == []
    assert "its spread is not in these quantiles" not in page
