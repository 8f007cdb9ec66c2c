"""A data-cell what-if says it is one, and compares as one (session 2026-12-04, COMPARE-DATA).

The recheck of the fourth session (/work/notes/recheck_s35.md, new problems 1 and 3)
found that ``tigris plan --set data.grid.usa.grid_lead_months=72`` (a data-table cell,
not a scenario field) was named plain ``reference`` in its header and ``runs list``,
that ``tigris compare`` of it against the reference said "inputs: the same" while
the results moved, and that two ``plan --out`` folders planned with ``--data`` could
not be compared without ``--data`` although each keeps its overlay's text.

Expected values are by hand: usa's grid lead is 48 months in every row of
``src/tigris/data/grid.csv``; the overlay's part and numbers are this file's own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

#: A plan that solves in a second or two (docs/examples).
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
#: A data-table cell (tigris.risk.cells.is_cell) and usa's shipped value (grid.csv).
CELL = "data.grid.usa.grid_lead_months"
SHIPPED_LEAD = 48


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "runs.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(path))
    return path


def _header(out: str) -> str:
    return " ".join(" ".join(out.split("\n")[:3]).split())


def test_a_cell_set_names_the_run_as_edited(run_cli, store: Path, tmp_path: Path) -> None:
    """Header, plan.json, run.json and runs list say the run was edited at the cell,
    as a scenario path's --set does; with a scenario path too, both are named."""
    res = run_cli("plan", SMALL, "--set", f"{CELL}=72", "--out", tmp_path / "a")
    assert res.code == 0, res.err
    name = f"small (edited: {CELL})"
    assert f"scenario '{name}'" in _header(res.out)
    assert json.loads((tmp_path / "a" / "plan.json").read_text())["scenario_name"] == name
    assert json.loads((tmp_path / "a" / "run.json").read_text())["changes"] == {CELL: 72}
    res = run_cli(
        "plan", SMALL, "--set", "sites.taiwan.max_modules=2", "--set", f"{CELL}=60",
        "--no-store",
    )  # fmt: skip
    assert res.code == 0, res.err
    both = f"small (edited: sites.taiwan.max_modules, {CELL})"
    assert f"scenario '{both}'" in _header(res.out)
    listed = run_cli("runs", "list", "--json")
    assert [r["scenario_name"] for r in json.loads(listed.out)] == [name]
