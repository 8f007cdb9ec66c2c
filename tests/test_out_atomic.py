"""``tigris plan --out DIR`` writes the whole set or nothing; a saved set that is not
one run's, or an edited ``plan.json``, is refused (docs/runs.md, docs/report.md).

The plan is solved once (:data:`SMALL_3Y`); every other ``tigris plan`` here gets that
result from a stub of ``tigris.plan.solve``, so the tests exercise the writing, not
HiGHS. Interrupts are made at fixed points (after the first CSV, between the run
files, in the middle of the final swap), never by timing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import tigris.plan
import tigris.plan.saved as saved
from tests.conftest import SMALL_3Y, assert_one_line_error, replaced, write_scenario
from tigris.cli import main
from tigris.errors import InputError
from tigris.fsio import TEMP_MARK
from tigris.plan import PlanResult

#: Files of a run saved by ``tigris plan --out`` besides the tables.
RUN_FILES = ("plan.json", "scenario.yaml", "run.json")


@pytest.fixture(scope="module")
def solved(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, PlanResult]:
    """The small scenario's file, its run saved with ``--out`` (solved once), and the
    result read back."""
    root = tmp_path_factory.mktemp("out-atomic")
    scenario = write_scenario(root, SMALL_3Y, "small.yaml")
    base = root / "base"
    assert main(["plan", str(scenario), "--out", str(base), "--no-store"]) == 0
    return scenario, base, PlanResult.read(base)


@pytest.fixture
def no_solve(monkeypatch: pytest.MonkeyPatch, solved: tuple[Path, Path, PlanResult]) -> Any:
    """``tigris.plan.solve`` returns the solved result (the CLI imports it per call)."""
    result = solved[2]
    monkeypatch.setattr(tigris.plan, "solve", lambda *a, **k: result)
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` (recursively) and its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def leftovers(*folders: Path) -> list[str]:
    """Temporary names (:data:`TEMP_MARK`) anywhere under ``folders``."""
    return [str(p) for f in folders if f.exists() for p in f.rglob("*") if TEMP_MARK in p.name]


def old_run(tmp_path: Path, solved: tuple[Path, Path, PlanResult]) -> Path:
    """A saved run (plus a file of the user's) that differs from the solved one in
    every run file: another scenario name and input hash in plan.json, another
    scenario.yaml, other options in run.json."""
    result = solved[2]
    other = dataclasses.replace(result, scenario_name="old-run", input_hash="0" * 64)
    text = replaced(SMALL_3Y, ("name: small\n", "name: old-run\n"))
    sc_path = write_scenario(tmp_path, text, "old.yaml")
    from tigris.cli._store import write_run_files
    from tigris.scenario.edit import load_any

    r = tmp_path / "r"
    with saved.staged_dir(r) as tmp:
        other.write(tmp)
        write_run_files(tmp, load_any(sc_path.read_text()), other, {"mip_gap": 0.5}, None)
    (r / "notes.txt").write_text("the user's own file")
    return r


# --- interrupted writes -----------------------------------------------------------------


class _InterruptAfter:
    """``hashlib`` for :mod:`tigris.plan.saved` whose ``sha256`` raises ``exc`` on call
    ``n`` (call 1 digests the first CSV, just written)."""

    def __init__(self, n: int, exc: BaseException) -> None:
        self.calls, self.n, self.exc = 0, n, exc

    def sha256(self, data: bytes = b"") -> Any:
        self.calls += 1
        if self.calls == self.n:
            raise self.exc
        return hashlib.sha256(data)


def test_ctrl_c_after_the_first_file_leaves_the_old_run_intact(
    run_cli, monkeypatch, tmp_path: Path, solved, no_solve
) -> None:
    r = old_run(tmp_path, solved)
    before = snapshot(r)
    monkeypatch.setattr(saved, "hashlib", _InterruptAfter(2, KeyboardInterrupt()))
    res = run_cli("plan", solved[0], "--out", r, "--no-store")
    assert res.code == 130
    assert snapshot(r) == before
    assert leftovers(tmp_path) == []


def test_ctrl_c_between_the_run_files_leaves_the_old_run_intact(
    run_cli, monkeypatch, tmp_path: Path, solved, no_solve
) -> None:
    """Tables and plan.json complete, scenario.yaml written, run.json not yet: the
    failure of the first CLI (new tables beside the old run.json) cannot happen."""
    import tigris.cli._store as store_mod

    r = old_run(tmp_path, solved)
    before = snapshot(r)
    real = store_mod.atomic_file
    calls = []

    def interrupted(target: Path, field: str) -> Any:
        calls.append(Path(target).name)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return real(target, field)

    monkeypatch.setattr(store_mod, "atomic_file", interrupted)
    res = run_cli("plan", solved[0], "--out", r, "--no-store")
    assert res.code == 130 and calls == ["scenario.yaml", "run.json"]
    assert snapshot(r) == before
    assert leftovers(tmp_path) == []


def test_an_interrupted_write_to_a_new_directory_leaves_no_directory(
    run_cli, monkeypatch, tmp_path: Path, solved, no_solve
) -> None:
    monkeypatch.setattr(saved, "hashlib", _InterruptAfter(3, KeyboardInterrupt()))
    res = run_cli("plan", solved[0], "--out", tmp_path / "fresh", "--no-store")
    assert res.code == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    # an error (a full disk) too: one line, after the plan was printed
    monkeypatch.setattr(saved, "hashlib", _InterruptAfter(3, OSError(28, "No space left")))
    res = run_cli("plan", solved[0], "--out", tmp_path / "fresh", "--no-store")
    assert res.code == 2
    assert res.err.strip().splitlines() == [
        f"error: --out: cannot write {tmp_path / 'fresh'}: the disk is full (No space left); "
        "nothing was changed there"
    ]
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_the_swap_lands_after_it(
    run_cli, monkeypatch, tmp_path: Path, solved, no_solve
) -> None:
    """SIGINT arriving between two renames of the swap is held until every file is in:
    the directory is then wholly the new run, never a mix."""
    r = old_run(tmp_path, solved)
    real = os.replace
    done = []

    def replace(src: Any, dst: Any) -> None:
        real(src, dst)
        if Path(dst).parent == r:  # the swap (not the staging's own renames)
            done.append(Path(dst).name)
            if len(done) == 1:
                os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(saved.os, "replace", replace)
    res = run_cli("plan", solved[0], "--out", r, "--no-store")
    assert res.code == 130  # the Ctrl-C still stops the command, after the swap
    assert len(done) == len(snapshot(solved[1]))
    monkeypatch.setattr(saved.os, "replace", real)
    assert {k: v for k, v in snapshot(r).items() if k != "notes.txt"} == snapshot(solved[1])
    assert (r / "notes.txt").read_text() == "the user's own file"  # other files kept
    assert leftovers(tmp_path) == []


def test_sigterm_while_writing_leaves_the_old_run_and_no_temporary(tmp_path: Path, solved) -> None:
    """A real SIGTERM (as 'timeout' sends) after the first CSV, in a subprocess."""
    r = old_run(tmp_path, solved)
    before = snapshot(r)
    script = textwrap.dedent(
        f"""
        import hashlib, os, signal, sys
        import tigris.plan, tigris.plan.saved as saved
        from tigris.cli import main
        from tigris.plan import PlanResult
        result = PlanResult.read({str(solved[1])!r})
        tigris.plan.solve = lambda *a, **k: result
        class Term:
            calls = 0
            def sha256(self, data=b""):
                Term.calls += 1
                if Term.calls == 2:
                    os.kill(os.getpid(), signal.SIGTERM)
                return hashlib.sha256(data)
        saved.hashlib = Term()
        sys.exit(main(["plan", {str(solved[0])!r}, "--out", {str(r)!r}, "--no-store"]))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 128 + signal.SIGTERM, proc.stderr
    assert snapshot(r) == before
    assert leftovers(tmp_path) == []


def test_a_complete_write_replaces_the_old_run_and_keeps_other_files(
    run_cli, tmp_path: Path, solved, no_solve
) -> None:
    r = old_run(tmp_path, solved)
    res = run_cli("plan", solved[0], "--out", r, "--no-store")
    assert res.code == 0, res.err
    assert {k: v for k, v in snapshot(r).items() if k != "notes.txt"} == snapshot(solved[1])
    assert (r / "notes.txt").is_file()
    assert leftovers(tmp_path) == []


# --- a saved set that is not one run's --------------------------------------------------


def copy_of(solved: tuple[Path, Path, PlanResult], tmp_path: Path) -> Path:
    r = tmp_path / "r"
    shutil.copytree(solved[1], r)
    return r


@pytest.mark.parametrize("name", ["run.json", "scenario.yaml"])
def test_from_run_on_a_directory_missing_a_run_file_is_one_line(
    run_cli, tmp_path: Path, solved, name: str
) -> None:
    r = copy_of(solved, tmp_path)
    (r / name).unlink()
    res = run_cli("plan", "--from-run", r, "--no-store")
    assert_one_line_error(res, "--from-run", f"has no {name}", "tigris plan --out")
    assert "Errno" not in res.err
    res = run_cli("report", r)
    assert_one_line_error(res, "RESULT_DIR", f"has no {name}")
    assert not (r / "report.html").exists()


def test_plan_json_of_another_run_is_refused(run_cli, tmp_path: Path, solved) -> None:
    """The first CLI's mix: the new run's tables and plan.json beside the old run's
    run.json and scenario.yaml."""
    r = old_run(tmp_path, solved)
    for name in ("scenario.yaml", "run.json"):
        (tmp_path / name).write_bytes((r / name).read_bytes())
    shutil.rmtree(r)
    shutil.copytree(solved[1], r)
    for name in ("scenario.yaml", "run.json"):
        (r / name).write_bytes((tmp_path / name).read_bytes())
    res = run_cli("report", r)
    assert_one_line_error(res, "plan.json", "run.json", "mixes two runs")
    res = run_cli("plan", "--from-run", r, "--no-store")
    assert_one_line_error(res, "plan.json", "mixes two runs")
    # a run.json saved before plan_sha256 was recorded: input_hash tells them apart
    doc = json.loads((r / "run.json").read_text())
    del doc["plan_sha256"]
    (r / "run.json").write_text(json.dumps(doc))
    assert_one_line_error(run_cli("report", r), "plan.json", "input_hash differs")


def test_a_scenario_yaml_not_the_one_run_json_records_is_refused(
    run_cli, tmp_path: Path, solved
) -> None:
    r = copy_of(solved, tmp_path)
    with (r / "scenario.yaml").open("a") as f:
        f.write("# edited\n")
    res = run_cli("plan", "--from-run", r, "--no-store")
    assert_one_line_error(res, "scenario.yaml", "scenario_hash")


# --- an edited plan.json ----------------------------------------------------------------


def test_an_edited_plan_json_is_refused(run_cli, tmp_path: Path, solved) -> None:
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    doc = json.loads(p.read_text())
    doc["objective_usd"] = 1.23456789e20
    p.write_text(json.dumps(doc))
    (r / "run.json").write_text(  # run.json made to agree: plan.json's own digest refuses
        json.dumps({**json.loads((r / "run.json").read_text()), "plan_sha256": None})
    )
    res = run_cli("report", r)
    assert_one_line_error(res, "plan.json", "content_sha256", "edited")
    assert not (r / "report.html").exists()
    with pytest.raises(InputError, match=r"plan\.json"):
        PlanResult.read(r)


def test_layout_alone_is_not_an_edit(run_cli, tmp_path: Path, solved) -> None:
    """Re-indenting plan.json changes its bytes, not its content: read as before."""
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    p.write_text(json.dumps(json.loads(p.read_text()), indent=7))
    (r / "run.json").write_text(
        json.dumps({**json.loads((r / "run.json").read_text()), "plan_sha256": None})
    )
    assert PlanResult.read(r).objective_usd == solved[2].objective_usd


def test_a_plan_json_saved_before_digests_is_read_with_a_warning(
    run_cli, monkeypatch, tmp_path: Path, solved
) -> None:
    import tigris.cli.report as report_mod

    drawn = []  # the reading is under test, not the drawing (tests/test_report.py)
    monkeypatch.setattr(
        report_mod,
        "write_reports",
        lambda result, html, png, **k: drawn.append(result) or {"html": str(html), "png": []},
    )
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    doc = json.loads(p.read_text())
    del doc[saved.CONTENT_KEY]
    p.write_text(json.dumps(doc))
    for name in ("run.json", "scenario.yaml"):  # as PlanResult.write leaves it
        (r / name).unlink()
    res = run_cli("report", r, "--html", tmp_path / "a.html")
    assert res.code == 0, res.err
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: ") and "plan.json" in lines[0]
    # with the digest, no warning
    shutil.rmtree(r)
    r = copy_of(solved, tmp_path)
    res = run_cli("report", r, "--html", tmp_path / "b.html")
    assert res.code == 0 and res.err == ""
    assert [d.objective_usd for d in drawn] == [solved[2].objective_usd] * 2


# --- review (RV-OUT): bad tokens, threads, handlers put back ------------------------------


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_a_nan_token_in_a_digested_plan_json_is_one_line(
    run_cli, tmp_path: Path, solved, token: str
) -> None:
    """json.loads takes NaN/Infinity; the digest of such content cannot be computed
    (write_dir never writes them), so the file was edited: one line, exit 2, no
    traceback (it was a ValueError from json.dumps)."""
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    text = p.read_text()
    assert text.startswith("{\n")
    # a key no shape check reads, so only the digest can refuse it
    p.write_text(text.replace("{\n", f'{{\n  "note": {token},\n', 1))
    assert token in p.read_text()
    (r / "run.json").write_text(
        json.dumps({**json.loads((r / "run.json").read_text()), "plan_sha256": None})
    )
    res = run_cli("report", r)
    assert_one_line_error(res, "plan.json", "content_sha256", "edited")
    with pytest.raises(InputError, match=r"plan\.json"):
        PlanResult.read(r)


def _new_set(folder: Path) -> None:
    (folder / "plan.json").write_text("{}")
    (folder / "run.json").write_text("{}")


def test_staged_dir_off_the_main_thread(tmp_path: Path) -> None:
    """signal.signal raises ValueError off the main thread: a worker thread (the API,
    a server) writes without touching handlers, new and existing targets alike."""
    import threading

    errors: list[BaseException] = []

    def work() -> None:
        try:
            for target in (tmp_path / "new", tmp_path / "new"):  # new, then existing
                with saved.staged_dir(target) as tmp:
                    _new_set(tmp)
        except BaseException as exc:
            errors.append(exc)

    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert errors == []
    assert sorted(p.name for p in (tmp_path / "new").iterdir()) == ["plan.json", "run.json"]
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fail_at", ["writing", "swap"])
def test_handlers_are_put_back_and_staging_removed_on_an_error(
    monkeypatch, tmp_path: Path, fail_at: str
) -> None:
    """An error while writing or in the middle of the swap: SIGINT and SIGTERM have
    their handlers of before, and no staging directory is left."""
    mine = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    target = tmp_path / "r"
    target.mkdir()
    _new_set(target)
    if fail_at == "swap":
        real = os.replace

        def replace(src: Any, dst: Any) -> None:
            real(src, dst)
            raise OSError(5, "I/O error")

        monkeypatch.setattr(saved.os, "replace", replace)
    with pytest.raises((InputError, RuntimeError)), saved.staged_dir(target) as tmp:
        _new_set(tmp)
        if fail_at == "writing":
            raise RuntimeError("writer failed")
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == mine
    assert leftovers(tmp_path) == []


def test_an_error_in_the_middle_of_the_swap_does_not_say_nothing_changed(
    monkeypatch, tmp_path: Path
) -> None:
    """One file replaced, then a failing disk: the message must not claim the
    directory is unchanged (fsio.output_error's 'nothing was changed there')."""
    target = tmp_path / "r"
    target.mkdir()
    _new_set(target)
    real = os.replace

    def replace(src: Any, dst: Any) -> None:
        if Path(src).name == "run.json":
            raise OSError(5, "Input/output error")
        real(src, dst)

    monkeypatch.setattr(saved.os, "replace", replace)
    with pytest.raises(InputError) as info, saved.staged_dir(target) as tmp:
        (tmp / "plan.json").write_text('{"new": 1}')
        (tmp / "run.json").write_text('{"new": 1}')
    msg = str(info.value)
    assert "nothing was changed" not in msg
    assert "1 of 2 files were replaced" in msg and "--out" in msg
    assert (target / "plan.json").read_text() == '{"new": 1}'  # the mix it reports
    assert leftovers(tmp_path) == []


def test_an_ignored_sigterm_stays_ignored(tmp_path: Path) -> None:
    """A process that ignores SIGTERM (SIG_IGN) is not ended by one while writing."""
    old = signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        with saved.staged_dir(tmp_path / "r") as tmp:
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
            os.kill(os.getpid(), signal.SIGTERM)
            _new_set(tmp)
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGTERM, old)
    assert (tmp_path / "r" / "plan.json").is_file()


def test_key_order_alone_is_not_an_edit(tmp_path: Path, solved) -> None:
    """plan.json's keys in another order (a tool that rewrites JSON) is the same content."""
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    doc = json.loads(p.read_text())
    p.write_text(json.dumps(dict(reversed(list(doc.items()))), indent=2))
    (r / "run.json").write_text(
        json.dumps({**json.loads((r / "run.json").read_text()), "plan_sha256": None})
    )
    assert PlanResult.read(r).objective_usd == solved[2].objective_usd


def test_a_plan_json_of_the_same_inputs_but_another_solve_is_refused(
    run_cli, tmp_path: Path, solved
) -> None:
    """Same input_hash (the scenario re-solved with other options), a self-consistent
    content_sha256: only run.json's plan_sha256 tells the mix apart."""
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    doc = json.loads(p.read_text())
    assert doc["input_hash"] == json.loads((r / "run.json").read_text())["input_hash"]
    doc["mip_gap"] = 0.25
    doc[saved.CONTENT_KEY] = saved.content_digest(doc)
    p.write_text(json.dumps(doc, indent=2))
    res = run_cli("report", r)
    assert_one_line_error(res, "plan.json", "plan_sha256", "mixes two runs")


def test_a_directory_of_other_files_by_the_run_names_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "run.json").write_text("the user's own")
    with pytest.raises(InputError, match="not a saved plan"), saved.staged_dir(target) as tmp:
        _new_set(tmp)
    assert snapshot(target) == {"run.json": b"the user's own"}
    assert leftovers(tmp_path) == []


def test_a_folder_in_the_way_stops_the_swap_before_it_starts(tmp_path: Path) -> None:
    target = tmp_path / "r"
    target.mkdir()
    (target / "plan.json").write_text("old")
    (target / "run.json").mkdir()
    with pytest.raises(InputError, match="nothing was changed"), saved.staged_dir(target) as tmp:
        _new_set(tmp)
    assert (target / "plan.json").read_text() == "old"  # plan.json sorts before run.json
    assert leftovers(tmp_path) == []


def test_re_indenting_plan_json_of_a_saved_run_is_not_a_mix(
    run_cli, tmp_path: Path, solved
) -> None:
    """docs/runs.md: re-indenting plan.json is not an edit. With run.json beside it
    (plan_sha256), report and --from-run read it too (they refused it as two runs)."""
    r = copy_of(solved, tmp_path)
    p = r / "plan.json"
    p.write_text(json.dumps(json.loads(p.read_text()), indent=7))
    from tigris.cli._store import check_run_set

    doc, text = check_run_set(r, "RESULT_DIR", need=True)
    assert doc is not None and text is not None
    # a run.json of the first digests (plan.json's bytes) still reads its own plan.json
    raw = (solved[1] / "plan.json").read_bytes()
    (r / "plan.json").write_bytes(raw)
    (r / "run.json").write_text(json.dumps({**doc, "plan_sha256": hashlib.sha256(raw).hexdigest()}))
    assert check_run_set(r, "RESULT_DIR", need=True)[0] is not None
