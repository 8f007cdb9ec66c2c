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

#: Risk runs and sweeps of several plans each (seconds apiece): run with ``-m slow``;
#: the default run keeps a sample of such runs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

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


def _inputs(run_cli, a: Path | str, b: Path | str) -> dict[str, dict]:
    res = run_cli("compare", a, b, "--json", "--no-store")
    assert res.code == 0, res.err
    return {row["path"]: row for row in json.loads(res.out)["inputs"]}


def test_the_cell_diff_compares_with_the_other_sides_table() -> None:
    """No solve: a cell set on one side against the shipped table's 48 months."""
    from tigris.runs.compare import _Side, cell_diff

    bare = _Side("base", None)
    rows, used = cell_diff(bare, _Side("a", None, cells={CELL: 72}))
    assert rows == [(CELL, None, 72)]
    assert used == {CELL: ((SHIPPED_LEAD, "data/grid.csv"), None)}
    # the shipped value set on the command line, or the same value on both: no change
    assert cell_diff(_Side("a", None, cells={CELL: SHIPPED_LEAD}), bare) == ([], {})
    same = cell_diff(_Side("a", None, cells={CELL: 72}), _Side("b", None, cells={CELL: 72.0}))
    assert same == ([], {})


def test_compare_lists_a_cell_set_on_the_command_line(run_cli, store: Path, tmp_path: Path) -> None:
    """Saved folders and stored runs: the cell is an input that differs, A's value the
    table's (48, data/grid.csv); two runs with the same cell value are the same."""
    for name, sets in (
        ("base", []),
        ("a72", ["--set", f"{CELL}=72"]),
        ("b72", ["--set", f"{CELL}=72"]),
    ):
        res = run_cli("plan", SMALL, *sets, "--out", tmp_path / name)
        assert res.code == 0, res.err
    rows = _inputs(run_cli, tmp_path / "base", tmp_path / "a72")
    assert rows[CELL] == {
        "path": CELL, "a": None, "b": 72, "a_used": SHIPPED_LEAD, "a_from": "data/grid.csv"
    }  # fmt: skip
    assert rows["name"]["b"] == f"small (edited: {CELL})"
    ids = [json.loads((tmp_path / n / "run.json").read_text())["run_id"] for n in ("a72", "base")]
    stored = _inputs(run_cli, *ids)  # the store's record of the runs: the same rule
    assert stored[CELL] == {
        "path": CELL, "a": 72, "b": None, "b_used": SHIPPED_LEAD, "b_from": "data/grid.csv"
    }  # fmt: skip
    assert _inputs(run_cli, tmp_path / "a72", tmp_path / "b72") == {}
    text = run_cli("compare", tmp_path / "base", tmp_path / "a72", "--no-store").out
    assert "48 (data/grid.csv)" in text and "inputs: the same" not in text


#: A part only the overlay has, at two BF16 peaks (FP8 stays b200's 9e15, above both).
PART = """accelerators:
  - name: acme-x1
    based_on: b200
    peak_bf16_flop_per_s: {peak}
    source: test part, a B200 with another BF16 peak
    as_of: 2026-01
"""


def test_saved_runs_compare_with_their_own_data_text(run_cli, store: Path, tmp_path: Path) -> None:
    """Two --out folders planned with --data files naming a new part compare without
    --data (each read with the overlay text its run.json keeps, even once the file is
    gone), and the overlays' differing row is an input that differs; two copies of one
    overlay are the same input."""
    scenario = tmp_path / "acme.yaml"
    text = SMALL.read_text(encoding="utf-8")
    assert text.count("  - name: b200\n") == 1
    scenario.write_text(text.replace("  - name: b200\n", "  - name: b200\n  - name: acme-x1\n"))
    for name, peak in (("m1", "4.5e15"), ("m2", "2.2e15"), ("m3", "4.5e15")):
        part = tmp_path / f"part-{name}.yaml"
        part.write_text(PART.format(peak=peak), encoding="utf-8")
        res = run_cli("plan", scenario, "--data", part, "--no-store", "--out", tmp_path / name)
        assert res.code == 0, res.err
    (tmp_path / "part-m1.yaml").unlink()  # its text is in m1/run.json
    rows = _inputs(run_cli, tmp_path / "m1", tmp_path / "m2")
    path = "data.accelerators.acme-x1.peak_bf16_flop_per_s"
    assert (rows[path]["a"], rows[path]["b"]) == (4.5e15, 2.2e15)
    assert rows["option.data"]["b"] == str((tmp_path / "part-m2.yaml").resolve())
    assert _inputs(run_cli, tmp_path / "m1", tmp_path / "m3") == {}
    # a sweep member's overlay is its sweep's --data (the member keeps no text of its own)
    res = run_cli(
        "sweep",
        scenario,
        "--data",
        tmp_path / "part-m2.yaml",
        "--set",
        f"{CELL}=48,72",
        "--workers",
        "0",
    )
    assert res.code == 0, res.err
    listed = json.loads(run_cli("runs", "list", "--json").out)
    member = {r["member"]: r["id"] for r in listed if r.get("member") is not None}
    # 48 is grid.csv's; the member is named as edited, as plan --set names it (text
    # only, listed apart: user test s48 sweeps #1)
    assert list(_inputs(run_cli, member[0], tmp_path / "m2")) == ["name"]
    rows = _inputs(run_cli, member[1], tmp_path / "m2")
    assert sorted(rows) == sorted([CELL, "name"])
    assert (rows[CELL]["a"], rows[CELL]["b_used"]) == (72, SHIPPED_LEAD)
    assert rows[CELL]["b_from"] == "data/grid.csv with --data part-m2.yaml"
