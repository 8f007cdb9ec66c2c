"""``tigris compare`` takes a directory written by ``tigris plan --out`` as a run
(brief CLI-ODDS #1; user test UT-SWF 2026-12-04 #11: ``tigris compare plan1 plan2``
said ``error: run: no run 'plan1' in store``, though the README says compare takes runs
or scenario files and the directory holds the run: ``run.json``, ``scenario.yaml``,
``plan.json`` and the tables).

Two small plans differ in one input, the investor's capital (1e9 against 3e9 USD, the
scenario of ``tests/test_compare.py``), each saved with ``--out``. Compared as
directories they must give what the two scenario files give when solved (the same
inputs by path, headline numbers, builds and years), solve nothing and store nothing;
a directory that is not a saved run is one ``error:`` line.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import CliResult, assert_one_line_error
from tests.test_compare import CAPITAL_A, CAPITAL_B, CAPITAL_PATH, scenario_file

#: What the plan's text names the two directories (their names).
NAMES = ("plan1", "plan2")


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path, Path]:
    """The two scenario files and the two ``tigris plan --out --no-store`` directories."""
    from tigris.cli import main

    folder = tmp_path_factory.mktemp("cliodds-compare")
    files = (
        scenario_file(folder, "less.yaml", CAPITAL_A),
        scenario_file(folder, "more.yaml", CAPITAL_B),
    )
    outs = tuple(folder / n for n in NAMES)
    with pytest.MonkeyPatch.context() as mp:
        import io
        import sys

        mp.setattr(sys, "stdout", io.StringIO())  # the console writes to sys.stdout as it is
        for f, out in zip(files, outs, strict=True):
            assert main(["plan", str(f), "--no-store", "--out", str(out)]) == 0
    for out in outs:
        assert (out / "run.json").is_file() and (out / "plan.json").is_file()
    return (*files, *outs)  # type: ignore[return-value]


@pytest.fixture
def no_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store path nothing may create."""
    where = tmp_path / "never.duckdb"
    monkeypatch.setenv("TIGRIS_STORE", str(where))
    return where


def test_two_out_directories_compare_as_their_scenarios_do(
    saved: tuple[Path, Path, Path, Path], no_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The directories' comparison has the scenario files' inputs and results, and no
    solve happens (``tigris.plan.solve`` raises if called)."""
    import tigris
    from tigris.runs import compare as compare_module

    less, more, plan1, plan2 = saved
    by_files = tigris.compare(less, more, store=False)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a saved run was solved again")

    monkeypatch.setattr(compare_module, "_solve", refuse)
    by_dirs = tigris.compare(str(plan1), plan2)
    assert by_dirs.labels == NAMES
    assert by_dirs.inputs_known
    assert by_dirs.inputs == [(CAPITAL_PATH, CAPITAL_A, CAPITAL_B)] == by_files.inputs
    for name in ("metrics", "builds", "by_year"):
        pd.testing.assert_frame_equal(getattr(by_dirs, name), getattr(by_files, name))
    assert by_dirs.run_ids == (None, None)  # saved with --no-store
    assert not no_store.exists()


def test_cli_compare_plan1_plan2(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    no_store: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The user test's command (bare names, from the directory holding them; on HEAD
    "no run 'plan1' in store"), by full path and with a trailing slash."""
    _, _, plan1, plan2 = saved
    monkeypatch.chdir(plan1.parent)
    for a, b in (NAMES, (plan1, plan2), (f"{plan1}/", f"{plan2}/")):
        res = run_cli("compare", a, b)
        assert res.code == 0, res.err
        assert res.err == ""
        assert "A: plan1 (optimal)" in res.out and "B: plan2 (optimal)" in res.out
        rows = [ln for ln in res.out.splitlines() if CAPITAL_PATH in ln]
        assert [c.strip() for c in rows[0].split("│") if c.strip()] == [CAPITAL_PATH, "1e9", "3e9"]
    assert not no_store.exists()


def test_cli_json_labels_and_inputs(
    run_cli: Callable[..., CliResult], saved: tuple[Path, Path, Path, Path], no_store: Path
) -> None:
    _, _, plan1, plan2 = saved
    res = run_cli("compare", plan1, plan2, "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    assert doc["labels"] == list(NAMES)
    assert doc["inputs"] == [{"path": CAPITAL_PATH, "a": CAPITAL_A, "b": CAPITAL_B}]


def test_a_directory_without_run_json_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    _, _, _, plan2 = saved
    empty = tmp_path / "notes"
    empty.mkdir()
    res = run_cli("compare", empty, plan2)
    assert_one_line_error(res, "error: A: ", f"'{empty}' is a directory without run.json")
    assert "tigris plan --out" in res.err
    assert not no_store.exists()


def test_a_saved_run_missing_its_plan_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    _, _, plan1, plan2 = saved
    part = tmp_path / "part"
    shutil.copytree(plan1, part)
    (part / "plan.json").unlink()
    res = run_cli("compare", plan2, part)
    assert_one_line_error(res, "error: B: ", "it has no plan.json")


def test_a_saved_run_missing_its_scenario_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    _, _, plan1, plan2 = saved
    part = tmp_path / "part"
    shutil.copytree(plan1, part)
    (part / "scenario.yaml").unlink()
    res = run_cli("compare", part, plan2)
    assert_one_line_error(res, "error: A: ", "it has no scenario.yaml")


def _mixed(saved: tuple[Path, Path, Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of plan1 (``A``) and plan2."""
    _, _, plan1, plan2 = saved
    part = tmp_path / "mixed"
    shutil.copytree(plan1, part)
    return part, plan2


def test_a_plan_json_from_another_run_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    """plan1's folder holding plan2's plan.json (RV-S35 finding 7): run.json's
    plan_sha256 is not that file's, so the folder mixes two runs."""
    part, plan2 = _mixed(saved, tmp_path)
    shutil.copy(plan2 / "plan.json", part / "plan.json")
    res = run_cli("compare", plan2, part)
    assert_one_line_error(res, "error: B: ", "plan.json is not the file run.json was saved with",
                          "SHA-256 differs from plan_sha256")  # fmt: skip
    assert not no_store.exists()


def test_a_hand_edited_plan_json_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    """A number in plan.json changed by hand (its objective), even with run.json's
    plan_sha256 taken out (a run saved before it was recorded): refused in one line."""
    part, plan2 = _mixed(saved, tmp_path)
    doc = json.loads((part / "plan.json").read_text(encoding="utf-8"))
    doc["objective_usd"] = float(doc["objective_usd"]) * 2 + 1
    (part / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    res = run_cli("compare", part, plan2)
    assert_one_line_error(res, "error: ", f"{part / 'plan.json'}", "edited")
    run = json.loads((part / "run.json").read_text(encoding="utf-8"))
    run.pop("plan_sha256")
    (part / "run.json").write_text(json.dumps(run), encoding="utf-8")
    res = run_cli("compare", part, plan2)
    assert_one_line_error(res, "error: ", f"{part / 'plan.json'}", "edited")


def test_an_edited_demand_csv_is_one_line(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    part, plan2 = _mixed(saved, tmp_path)
    demand = pd.read_csv(part / "demand.csv")
    num = demand.select_dtypes("number").columns.drop("year", errors="ignore")[0]
    demand[num] = demand[num] + 1.0
    demand.to_csv(part / "demand.csv", index=False)
    res = run_cli("compare", part, plan2)
    assert_one_line_error(res, "error: ", f"{part / 'demand.csv'}", "SHA-256 mismatch")


def test_a_saved_runs_options_are_carried(
    run_cli: Callable[..., CliResult],
    saved: tuple[Path, Path, Path, Path],
    tmp_path: Path,
    no_store: Path,
) -> None:
    """The same scenario saved with ``--objective npv``: compared with plan1 (serve),
    the inputs name the objective, as the run.json options say (not taken as serve)."""
    from tigris.cli import main

    less, _, plan1, _ = saved
    npv = tmp_path / "npv"
    with pytest.MonkeyPatch.context() as mp:
        import io
        import sys

        mp.setattr(sys, "stdout", io.StringIO())
        assert main(["plan", str(less), "--no-store", "--objective", "npv", "--out", str(npv)]) == 0
    assert json.loads((npv / "run.json").read_text())["options"]["objective"] == "npv"
    res = run_cli("compare", plan1, npv, "--json")
    assert res.code == 0, res.err
    inputs = {d["path"]: (d["a"], d["b"]) for d in json.loads(res.out)["inputs"]}
    # plan1 was saved without --objective: its run.json has no objective option, and
    # the objective in force is its scenario's (serve), which that side says
    assert "option.objective" in inputs, inputs
    assert inputs["option.objective"] == ("serve", "npv"), inputs
