"""``tigris runs list`` is readable at 80 columns with long scenario labels.

New-user test s49 #4: after ``tigris sweep small-plan.yaml --set discount_rate=...
--set datacenters.electricity_price_multiplier=1,2``, ``COLUMNS=80 tigris runs list``
put the label in a column ~13 characters wide, each label wrapping over 8 lines broken
mid-word ("datacenters.e / lectricity_pr / ice_multiplie / r) (sweep #9)"), one line
holding only ","; ~40 runs took 187 lines. Each run now takes its two lines (id over
created time) and each label is printed once, whole, under the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pytest

from tigris.cli import _output

#: The label ``tigris sweep`` gives members of the user's sweep (its two --set paths).
LABEL = "small (edited: discount_rate, datacenters.electricity_price_multiplier)"
FILE = "/work/examples/small-plan.yaml"
N_RUNS = 10


def _rows() -> list[dict[str, Any]]:
    """Ten members of one sweep, as the store lists them (one infeasible)."""
    rows = []
    for i in range(N_RUNS):
        rows.append(
            {
                "id": f"bef815010e{i:02d}",
                "created": f"2026-12-06T07:{i:02d}:45",
                "scenario_name": LABEL,
                "scenario_file": FILE,
                "kind": "sweep",
                "member": i,
                "status": "optimal" if i else "infeasible",
                "error": None,
                "served_h100e": 2.8e7,
                "unmet_share": 0.0,
                "capital_spent_usd": 1.5e9,
                "npv_usd": -9.4e7,
                "irr": 0.062,
                "added_h100e": 8.7e5,
                "capex_usd_per_added_h100e": 1724.0,
            }
        )
    return rows


@pytest.fixture
def listed(run_cli, monkeypatch, tmp_path) -> Iterator[str]:
    from tigris.runs.store import RunStore

    monkeypatch.setattr(RunStore, "runs", lambda self, **kw: pd.DataFrame(_rows()))
    saved = _output.console._width
    _output.console.width = 80
    try:
        res = run_cli("runs", "list", "--store", tmp_path / "runs.duckdb")
    finally:
        _output.console._width = saved
    assert res.code == 0, res.err
    yield res.out


def test_every_line_fits_80_columns(listed: str) -> None:
    assert max(len(line.rstrip()) for line in listed.splitlines()) <= 80, listed


def test_each_run_takes_two_lines(listed: str) -> None:
    lines = listed.splitlines()
    rule = next(i for i, line in enumerate(lines) if set(line.strip()) == {"─"})
    body = []
    for line in lines[rule + 1 :]:
        if not line.startswith(("bef8", "2026-12-06", " ")) or not line.strip():
            break
        body.append(line)
    # the id line and the created line, the infeasible run's status on the second
    assert len(body) == 2 * N_RUNS, listed
    assert sum("[infeasible]" in line for line in body) == 1


def test_label_is_printed_whole_once(listed: str) -> None:
    name = f"small-plan.yaml: {LABEL}"
    flat = " ".join(listed.split())
    assert flat.count(name) == 1, listed
    # no word of the label is broken across lines: each is whole on one line
    for word in name.split():
        assert any(word in line for line in listed.splitlines()), word
    assert not any(line.strip() == "," for line in listed.splitlines())
