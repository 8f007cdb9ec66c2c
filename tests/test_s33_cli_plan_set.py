"""``tigris plan --set PATH=VALUE`` (session 2026-12-04, LEFT-CLI brief item 1).

An analyst typed ``tigris plan --set discount_rate=0.1`` and got "No such option".
``plan`` now takes ``tigris sweep --set``'s paths, one value each: the plan equals the
one of a scenario file with the same change (a data-table cell: of a ``--data`` file
with that row), the stored run and ``--out``'s ``run.json`` record the changes, and
``--from-run`` repeats the run. Bad paths and values are one error line, exit 2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import SMALL, assert_one_line_error, replaced, write_scenario
from tigris.runs.store import RunStore

#: A data-table cell that binds on SMALL (tests/test_runs_from_run_cells.py): N4's
#: mature defect density 0.044/cm2 (data/nodes.csv) raised to its HVM value 0.07.
CELL = "nodes.N4.d0_mature_per_cm2"
DEARER = 0.07
#: The same change as a --data file's row.
CELL_DATA = """\
nodes:
  - name: N4
    based_on: N4
    d0_mature_per_cm2: 0.07
    source: test, N4's mature D0 at its HVM value
    as_of: 2026-12
"""
#: plan.json keys that differ between two solves of the same problem: wall times, the
#: hash of what was given (a file's bytes, or an edited scenario's JSON) and the
#: digest of the file, which covers that hash.
_VARYING = ("timings", "input_hash", "content_sha256")


def _plan_json(folder: Path) -> dict:
    doc = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
    return {k: v for k, v in doc.items() if k not in _VARYING}


def _tables(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def test_set_equals_the_same_change_in_a_scenario_file(run_cli, tmp_path: Path) -> None:
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    edited = write_scenario(
        tmp_path, replaced(SMALL, ("discount_rate: 0.08", "discount_rate: 0.1")), "r10.yaml"
    )
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    res = run_cli("plan", base, "--set", "discount_rate=0.1", "--no-store", "--out", a)
    assert res.code == 0, res.err
    assert run_cli("plan", edited, "--no-store", "--out", b).code == 0
    assert run_cli("plan", base, "--no-store", "--out", c).code == 0
    assert _tables(a) == _tables(b)  # every table, byte for byte
    # plan.json too, but for what says the run was edited on the command line
    # (UT-JOURNO #2, tests/test_s35_journo_a.py): its name, and the value's source
    doc_a, doc_b = _plan_json(a), _plan_json(b)
    assert doc_a.pop("scenario_name") == "small (edited: discount_rate)"
    assert doc_b.pop("scenario_name") == "small"
    rows_a, rows_b = doc_a.pop("assumptions"), doc_b.pop("assumptions")
    said = sorted(
        (r for r in rows_a if r not in rows_b), key=lambda r: r["parameter"] != "discount_rate"
    )
    # the rate's row and the two rows derived from it, which quote its source (RV-S35 #9)
    assert [(r["parameter"], r["value"]) for r in said] == [
        ("discount_rate", 0.1),
        ("discount rate as given", 0.1),
        ("discount rate used (real)", 0.1),
    ]
    assert said[0]["source"].startswith(
        "set on the command line (--set discount_rate=0.1); was 0.08 from: "
    )
    assert all(said[0]["source"] in r["source"] for r in said[1:])
    derived = {r["parameter"] for r in said[1:]}
    assert [r for r in rows_a if r not in said] == [
        r for r in rows_b if r["parameter"] not in derived
    ]
    assert doc_a == doc_b
    # the same scenario as solved, but for those two marks
    from tigris.scenario import load_scenario
    from tigris.scenario.edit import ABSENT, diff

    solved_a, solved_b = (load_scenario(d / "scenario.yaml") for d in (a, b))
    marks = diff(solved_b, solved_a)
    assert [(p, va) for p, va, _ in marks] == [("name", "small"), ("sources.discount_rate", ABSENT)]
    run_a = json.loads((a / "run.json").read_text())
    assert run_a["changes"] == {"discount_rate": 0.1}
    # and the change is in the problem: the base plan's objective is another
    assert _plan_json(c)["objective_usd"] != pytest.approx(_plan_json(a)["objective_usd"])


def test_a_cell_set_equals_the_same_row_in_a_data_file(run_cli, tmp_path: Path) -> None:
    """A data-table cell (which no scenario file carries) equals the row in --data."""
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    data = write_scenario(tmp_path, CELL_DATA, "n4.yaml")
    res = run_cli("plan", base, "--set", f"{CELL}={DEARER}", "--no-store", "--json")
    assert res.code == 0, res.err
    by_data = run_cli("plan", base, "--data", data, "--no-store", "--json")
    plain = run_cli("plan", base, "--no-store", "--json")
    got, want, shipped = res.json(), by_data.json(), plain.json()
    assert got["objective_usd"] == pytest.approx(want["objective_usd"], rel=1e-9)
    assert got["builds"] == want["builds"]
    assert got["production"] == want["production"]
    assert got["objective_usd"] > shipped["objective_usd"] * 1.001  # the cell binds


def test_the_stored_run_records_the_changes_and_from_run_repeats_it(
    run_cli, tmp_path: Path
) -> None:
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    store, out = tmp_path / "runs.duckdb", tmp_path / "out"
    sets = {"discount_rate": 0.1, CELL: DEARER}
    args = [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    res = run_cli("plan", base, *args, "--store", store, "--out", out, "--json")
    assert res.code == 0, res.err
    objective = res.json()["objective_usd"]
    st = RunStore(store)
    (rid,) = list(st.runs()["id"])
    assert st.record(rid)["changes"] == sets
    assert json.loads((out / "run.json").read_text())["changes"] == sets
    for ref in (rid, out):  # a stored run, and the --out directory
        again = run_cli("plan", "--from-run", ref, "--store", store, "--no-store", "--json")
        assert again.code == 0, again.err
        doc = again.json()
        assert doc["objective_usd"] == pytest.approx(objective, rel=1e-9)
        assert doc["from_run"]["matches"] is True, doc["from_run"]


@pytest.mark.parametrize(
    ("sets", "needles"),
    [
        (["discount_rat=0.1"], ["--set", "discount_rat", "did you mean 'discount_rate'"]),
        (["discount_rate=abc"], ["--set", "discount_rate=abc", "expected a number"]),
        (["discount_rate=-2"], ["--set", "discount_rate=-2"]),
        (["sites.japan.max_modules=2.5"], ["sites.japan.max_modules=2.5", "integer"]),
        (["sites.osaka.max_modules=2"], ["--set", "osaka", "japan"]),
        (["discount_rate=0.06,0.1"], ["--set", "one value per path", "tigris sweep"]),
        (["discount_rate=0.06:0.1:3"], ["--set", "one value per path"]),
        (["discount_rate=0.1", "discount_rate=0.2"], ["--set", "'discount_rate' is given twice"]),
        (["discount_rate"], ["--set", "'discount_rate'", "expected PATH=VALUE"]),
        (["discount_rate="], ["--set", "'discount_rate='", "expected PATH=VALUE"]),
        ([f"{CELL}=-1"], ["--set", CELL, ">= 0"]),
        (["nodes.N44.d0_mature_per_cm2=0.1"], ["--set", "N44", "did you mean 'N4'"]),
    ],
)
def test_a_bad_path_or_value_is_one_error_line(
    run_cli, tmp_path: Path, sets: list[str], needles: list[str]
) -> None:
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    store = tmp_path / "runs.duckdb"
    args = [a for s in sets for a in ("--set", s)]
    res = run_cli("plan", base, *args, "--store", store, "--out", tmp_path / "out")
    assert_one_line_error(res, *needles)
    assert not (tmp_path / "out").exists()  # nothing half-written
    assert not store.exists()  # nothing stored


def test_set_with_from_run_changes_the_stored_run(run_cli, tmp_path: Path) -> None:
    """``--from-run ID --set``: the stored run (its scenario and its cells) with some
    inputs changed, a new run whose changes repeat it; not compared with the stored
    result. Equal to the plan of the file with every change at once."""
    base = write_scenario(tmp_path, SMALL, "small.yaml")
    store = tmp_path / "runs.duckdb"

    def objective(*args: object) -> float:
        res = run_cli("plan", *args, "--json")
        assert res.code == 0, res.err
        assert "from_run" not in res.json()  # no comparison with the stored plan
        return res.json()["objective_usd"]

    first = objective(base, "--set", "discount_rate=0.1", "--set", f"{CELL}={DEARER}",
                      "--store", store)  # fmt: skip
    (rid,) = list(RunStore(store).runs()["id"])
    # a scenario path changed: the stored run's cell stays in force
    more = objective("--from-run", rid, "--set", "sites.japan.max_modules=1", "--store", store)
    by_file = objective(
        base, "--set", "discount_rate=0.1", "--set", f"{CELL}={DEARER}",
        "--set", "sites.japan.max_modules=1", "--no-store",
    )  # fmt: skip
    assert more == pytest.approx(by_file, rel=1e-9)
    # the cell changed back to the shipped 0.044 (data/nodes.csv): the new value wins
    before = set(RunStore(store).runs()["id"])
    back = objective("--from-run", rid, "--set", f"{CELL}=0.044", "--store", store)
    shipped = objective(base, "--set", "discount_rate=0.1", "--no-store")
    assert back == pytest.approx(shipped, rel=1e-9)
    assert back != pytest.approx(first, rel=1e-4)  # the cell binds
    st = RunStore(store)
    (new_id,) = set(st.runs()["id"]) - before
    newest = st.record(new_id)
    # the stored run's discount rate is carried and recorded too (2026-12-07: a repeat
    # recorded only its own --set, so it read as the plain scenario but for the cell)
    assert newest["changes"] == {"discount_rate": 0.1, CELL: 0.044}
    again = run_cli("plan", "--from-run", newest["id"], "--store", store, "--no-store", "--json")
    assert again.json()["from_run"]["matches"] is True


def test_the_help_teaches_set_with_an_example(run_cli) -> None:
    res = run_cli("plan", "--help")
    assert res.code == 0
    assert "--set" in res.out
    assert "tigris plan --set discount_rate=0.1" in res.out
