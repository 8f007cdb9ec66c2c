"""The reference scenario's header says where a plan's sources are, truthfully.

New-user test s49 #8: ``reference_scenario.yaml`` (printed by ``tigris scenario show``)
said "``tigris plan`` lists every source used in its assumptions table", but the plan's
text has no such table: its inputs with their sources are in ``--json`` ('assumptions')
and ``--report``. A doc-only fix (a YAML comment); the test reads the comment and checks
that the place it names gives the rows with their sources.
"""

from __future__ import annotations

import json

from tigris.scenario import reference_scenario_text


def _header() -> str:
    """The comment block at the top of the reference scenario, as one line."""
    lines = []
    for line in reference_scenario_text().splitlines():
        if not line.startswith("#"):
            break
        lines.append(line.lstrip("# "))
    return " ".join(lines)


def test_header_does_not_claim_a_table_in_the_plan_text() -> None:
    header = _header()
    assert "lists every source used in its assumptions table" not in header
    assert "tigris plan --json" in header and "'assumptions'" in header
    assert "tigris scenario show --assumptions" in header


def test_the_named_place_gives_every_row_a_source(run_cli) -> None:
    res = run_cli("scenario", "show", "--assumptions", "--json")
    assert res.code == 0, res.err
    rows = json.loads(res.out)
    assert len(rows) > 100
    assert all(str(r["source"]).strip() for r in rows)
