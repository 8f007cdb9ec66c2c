"""An output path that is one of the run's own inputs is refused before any work, and
the input is left byte for byte (user test s47 scenario #1: ``tigris plan victim.yaml
--report victim.yaml`` replaced the hand-edited scenario with HTML, exit 0; the same
with the ``--data`` file)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SMALL_3Y, assert_one_line_error, write_scenario

#: A --data overlay: a node added (README, "Your own data"), which the plan does not use.
_DATA = (
    "nodes:\n  - name: N3X\n    based_on: N3\n    wafer_price_usd: 21000\n"
    "    source: my estimate\n    as_of: 2025-01\n"
)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    scen = write_scenario(tmp_path, SMALL_3Y, "victim.yaml")
    data = tmp_path / "data.yaml"
    data.write_text(_DATA)
    return {"scenario": scen, "data": data, "dir": tmp_path}


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before


#: The verbs that write a --report, with the flags they need besides it.
_REPORTING = {"plan": ["--no-store"], "risk": ["--samples", "2", "--seed", "1", "--no-store"]}


@pytest.mark.parametrize("verb", sorted(_REPORTING))
@pytest.mark.parametrize("which", ["scenario", "data"])
def test_a_report_onto_an_input_is_refused(
    files: dict[str, Path], run_cli: Any, verb: str, which: str
) -> None:
    target = files[which]
    before = target.read_bytes()
    res = run_cli(
        verb, files["scenario"], "--data", files["data"], *_REPORTING[verb], "--report", target
    )
    assert_one_line_error(res, "--report", "would replace it")
    _unchanged(target, before)


def test_a_link_to_the_input_is_the_input(files: dict[str, Path], run_cli: Any) -> None:
    link = files["dir"] / "other-name.html"
    os.symlink(files["scenario"], link)
    before = files["scenario"].read_bytes()
    res = run_cli(
        "risk", files["scenario"], "--samples", "2", "--seed", "1", "--no-store", "--report", link
    )
    assert_one_line_error(res, "--report", "is the input file")
    _unchanged(files["scenario"], before)


def test_die_plot_onto_the_data_file_is_refused(files: dict[str, Path], run_cli: Any) -> None:
    before = files["data"].read_bytes()
    res = run_cli(
        "die",
        "--width",
        "10",
        "--height",
        "10",
        "--d0",
        "0.1",
        "--data",
        files["data"],
        f"--plot={files['data']}",
    )
    assert_one_line_error(res, "--plot", "is the --data file")
    _unchanged(files["data"], before)


def test_an_old_output_is_still_replaced(files: dict[str, Path], run_cli: Any) -> None:
    """Only inputs are guarded: a file named only as an output is written as before."""
    old = files["dir"] / "old.png"
    old.write_bytes(b"old")
    res = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--plot", old)
    assert res.code == 0, res.err
    assert old.read_bytes()[:4] == b"\x89PNG"


def test_the_run_store_is_an_input(
    files: dict[str, Path], run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output onto the run store is refused, given as --store or by TIGRIS_STORE
    (review of s47: the store was replaced with HTML, then called "not a store")."""
    store = files["dir"] / "runs.duckdb"
    assert run_cli("plan", files["scenario"], "--store", store).code == 0
    before = store.read_bytes()
    res = run_cli("plan", files["scenario"], "--store", store, "--report", store)
    assert_one_line_error(res, "--report", "is the --store file")
    monkeypatch.setenv("TIGRIS_STORE", str(store))
    res = run_cli("plan", files["scenario"], "--report", store)
    assert_one_line_error(res, "--report", "is the run store (TIGRIS_STORE)")
    _unchanged(store, before)
    assert run_cli("plan", files["scenario"]).code == 0  # the store itself still written


def test_a_saved_runs_files_are_inputs_of_from_run(files: dict[str, Path], run_cli: Any) -> None:
    run = files["dir"] / "run"
    assert run_cli("plan", files["scenario"], "--no-store", "--out", run).code == 0
    before = (run / "scenario.yaml").read_bytes()
    res = run_cli("plan", "--from-run", run, "--no-store", "--report", run / "scenario.yaml")
    assert_one_line_error(res, "--report", "saved run given to --from-run")
    _unchanged(run / "scenario.yaml", before)


def test_inputs_are_each_threads_own(files: dict[str, Path]) -> None:
    """Two commands in two threads (the dashboard, the Python API) do not see each
    other's inputs, and leaving one restores the outer one's (review of s47: one shared
    list, overwritten and cleared by any command)."""
    import threading

    from tigris.errors import InputError
    from tigris.fsio import check_output, inputs_named

    mine, other = files["scenario"], files["data"]
    seen: list[str] = []

    def other_thread() -> None:
        with inputs_named(["plan", str(other)]):
            try:
                check_output(mine, "--report", directory=False)
                seen.append("allowed")
            except InputError:
                seen.append("refused")

    with inputs_named(["plan", str(mine)]):
        t = threading.Thread(target=other_thread)
        t.start()
        t.join()
        with inputs_named(["die"]):  # a nested command, then back to the outer's
            check_output(mine, "--report", directory=False)
        with pytest.raises(InputError, match="is the input file"):
            check_output(mine, "--report", directory=False)
    assert seen == ["allowed"]
    check_output(mine, "--report", directory=False)  # no command running: no inputs
