"""``tigris plan --from-run`` of a sweep member whose change is a data-table cell
re-solves the member's problem, not the base's (review of 2026-12-03).

The store keeps a member's scenario YAML, which has no cells (a cell is a row of a data
table: ``nodes.N4.d0_mature_per_cm2``); the member's worker solved with the cell in an
overlay (:func:`tigris.risk.cells.member_overlay`). ``from_run`` rebuilds that overlay
from the stored changes. Here the cell binds: the small scenario's B200 dies are made
on N4, whose mature defect density 0.044/cm2 (data/nodes.csv) raised to 0.07 yields
fewer good dies per wafer and costs more, so the member's objective is not the base's;
the re-solve must give the member's own stored objective (same problem, same solver:
within HiGHS's relative tolerance) and say it matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SMALL, write_scenario
from tigris.runs.store import RunStore
from tigris.runs.sweep import sweep

CELL = "nodes.N4.d0_mature_per_cm2"
SHIPPED = 0.044  # data/nodes.csv, N4's mature D0 [1/cm2]
DEARER = 0.07  # N4's D0 at HVM, data/nodes.csv: a worse mature yield [1/cm2]
#: A --data overlay that binds under the cell: N4 with 28 EUV layers (data/nodes.csv:
#: 14), so each N4 wafer needs twice the EUV exposures of the small scenario's 10
#: scanners a year (review of 2026-12-03: objective 4.383e9 -> 4.400e9).
MORE_EUV = """\
nodes:
  - name: N4
    based_on: N4
    euv_layers: 28
    source: review test, twice N4's EUV layers
    as_of: 2026-12
"""


@pytest.fixture(scope="module")
def members(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[float, str]]:
    tmp = tmp_path_factory.mktemp("cells")
    store = tmp / "runs.duckdb"
    res = sweep(
        write_scenario(tmp, SMALL, "small.yaml"),
        {CELL: [SHIPPED, DEARER]},
        workers=0,
        store=store,
        progress=False,
    )
    ids = dict(zip([SHIPPED, DEARER], res.members["run_id"], strict=True))
    return store, ids


def test_the_cell_binds(members) -> None:
    store, ids = members
    st = RunStore(store)
    base, dear = (st.result(ids[v]).objective_usd for v in (SHIPPED, DEARER))
    assert dear > base * 1.005  # a worse yield costs more: the cell is in the problem


def test_from_run_of_a_cell_member_solves_the_member(run_cli, members) -> None:
    store, ids = members
    stored = RunStore(store).result(ids[DEARER]).objective_usd
    res = run_cli("plan", "--from-run", ids[DEARER], "--store", store, "--no-store", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["objective_usd"] == pytest.approx(stored, rel=1e-7)
    assert doc["from_run"]["matches"] is True, doc["from_run"]


def test_the_new_run_keeps_the_cells_so_repeating_it_solves_the_member(
    run_cli, members, tmp_path: Path
) -> None:
    """The run ``--from-run`` stores (and its ``--out`` directory) keeps the member's
    cells in its ``changes``: its scenario cannot carry them, and without them
    ``--from-run`` of the new run re-solved the base (4.314e9, not 4.383e9)."""
    import json

    store, ids = members
    stored = RunStore(store).result(ids[DEARER]).objective_usd
    out = tmp_path / "again"
    res = run_cli("plan", "--from-run", ids[DEARER], "--store", store, "--out", out, "--json")
    assert res.code == 0, res.err
    new = next(r for r in RunStore(store).runs().to_dict("records") if r["kind"] == "plan")
    assert RunStore(store).record(new["id"])["changes"] == {CELL: DEARER}
    assert json.loads((out / "run.json").read_text())["changes"] == {CELL: DEARER}
    res = run_cli("plan", "--from-run", new["id"], "--store", store, "--no-store", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["objective_usd"] == pytest.approx(stored, rel=1e-7)
    assert doc["from_run"]["matches"] is True, doc["from_run"]


def test_a_saved_directory_keeps_the_cells(members, tmp_path: Path) -> None:
    """``--from-run DIR`` of a directory saved by such a re-solve reads its cells back
    (:func:`tigris.cli._store.from_run`; a directory saved before has none)."""
    import json

    from tigris.cli._store import from_run, write_run_files
    from tigris.scenario.edit import load_any

    store, ids = members
    result = RunStore(store).result(ids[DEARER])
    sc = load_any(SMALL)
    write_run_files(tmp_path, sc, result, {}, None, {CELL: DEARER})
    assert from_run(str(tmp_path), None).cells == {CELL: DEARER}
    doc = json.loads((tmp_path / "run.json").read_text())
    del doc["changes"]  # as written before 2026-12-03
    (tmp_path / "run.json").write_text(json.dumps(doc))
    assert from_run(str(tmp_path), None).cells == {}


@pytest.fixture(scope="module")
def data_member(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, Path]:
    """A sweep run with ``--data`` (:data:`MORE_EUV`) whose one member sets the cell."""
    tmp = tmp_path_factory.mktemp("cells_data")
    overlay = tmp / "more_euv.yaml"
    overlay.write_text(MORE_EUV, encoding="utf-8")
    store = tmp / "runs.duckdb"
    res = sweep(
        write_scenario(tmp, SMALL, "small.yaml"),
        {CELL: [DEARER]},
        workers=0,
        store=store,
        progress=False,
        data=overlay,
    )
    return store, str(res.members["run_id"].iloc[0]), overlay


def test_a_member_of_a_sweep_with_data_gets_the_cells_over_that_data(
    run_cli, members, data_member
) -> None:
    """The member's --data is its sweep's (the sweeps.spec), not stored with the run:
    the cells go over it, so the re-solve is the member's (4.400e9), not the cell over
    the shipped tables (4.383e9)."""
    store, rid, _overlay = data_member
    stored = RunStore(store).result(rid).objective_usd
    plain = RunStore(members[0]).result(members[1][DEARER]).objective_usd
    assert stored > plain * 1.002  # the overlay binds
    res = run_cli("plan", "--from-run", rid, "--store", store, "--no-store", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["objective_usd"] == pytest.approx(stored, rel=1e-7)
    assert doc["from_run"]["matches"] is True, doc["from_run"]


def test_the_users_data_goes_under_the_cells(run_cli, members, data_member) -> None:
    """``--from-run`` of the cell member solved without --data, given ``--data``: the
    cells over the user's file, i.e. the member of the sweep run with that file."""
    store, ids = members
    data_store, rid, overlay = data_member
    expected = RunStore(data_store).result(rid).objective_usd
    res = run_cli(
        "plan",
        "--from-run",
        ids[DEARER],
        "--store",
        store,
        "--no-store",
        "--data",
        overlay,
        "--json",
    )
    assert res.code == 0, res.err
    assert res.json()["objective_usd"] == pytest.approx(expected, rel=1e-7)


def test_a_sweep_run_with_a_relative_data_file_is_repeated_from_elsewhere(
    run_cli, data_member, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``tigris sweep --data more_euv.yaml`` in the file's folder, then ``--from-run`` of
    a member from another folder: the sweep keeps the file's absolute path, so the
    member is re-solved over it (review of 2026-12-03: the path was kept as given and
    read as 'gone' from elsewhere, re-solving the cell over the shipped tables)."""
    import json

    _store, rid, overlay = data_member
    expected = RunStore(_store).result(rid).objective_usd
    monkeypatch.chdir(overlay.parent)
    store = tmp_path / "runs.duckdb"
    res = sweep(
        write_scenario(tmp_path, SMALL, "small.yaml"),
        {CELL: [DEARER]},
        workers=0,
        store=store,
        progress=False,
        data=overlay.name,  # relative to the folder the sweep runs in
    )
    spec = json.loads(RunStore(store).sweeps()["spec"].iloc[0])
    assert spec["data"] == str(overlay.resolve())
    monkeypatch.chdir(tmp_path)
    member = str(res.members["run_id"].iloc[0])
    out = run_cli("plan", "--from-run", member, "--store", store, "--no-store", "--json")
    assert out.code == 0, out.err
    assert out.json()["objective_usd"] == pytest.approx(expected, rel=1e-7)
