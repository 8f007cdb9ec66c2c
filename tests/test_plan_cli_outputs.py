"""``tigris plan``'s output paths are refused before anything is solved (user test
2026-12-03 #13).

``--out /proc/nope`` solved and printed the whole plan, then exited 2 ("cannot write
/proc/nope"); with ``--json`` the document had already gone to stdout. ``--report
/nonexistent/r.html`` silently created ``/nonexistent/`` while ``die --plot`` refuses a
missing folder. Both are now one line on stderr, exit code 2, nothing on stdout, and
the solver is never called (it is replaced here by one that fails the test).
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.conftest import SMALL, assert_one_line_error, write_scenario


@pytest.fixture
def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any solve fails the test: the refusal must come first."""
    import tigris.plan

    def refuse(*_: object, **__: object) -> None:
        pytest.fail("the plan was solved before the output path was checked")

    monkeypatch.setattr(tigris.plan, "solve", refuse)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc")
@pytest.mark.parametrize("json_flag", [[], ["--json"]])
def test_an_out_that_cannot_be_made_is_refused_before_solving(
    run_cli, no_solve: None, tmp_path: Path, json_flag: list[str]
) -> None:
    sc = write_scenario(tmp_path, SMALL)
    res = run_cli("plan", sc, "--out", "/proc/nope", "--no-store", *json_flag)
    assert res.code == 2, (res.code, res.out, res.err)
    assert not res.out.strip() or "error" in res.out  # --json: the error document only
    lines = [ln for ln in res.err.splitlines() if ln.strip()]
    assert len(lines) == 1 and "--out" in lines[0] and "/proc/nope" in lines[0], res.err
    assert not Path("/proc/nope").exists()


def test_a_report_in_a_missing_folder_is_refused_and_nothing_created(
    run_cli, no_solve: None, tmp_path: Path
) -> None:
    sc = write_scenario(tmp_path, SMALL)
    missing = tmp_path / f"no-{secrets.token_hex(4)}" / "deeper"
    res = run_cli("plan", sc, "--report", missing / "r.html", "--no-store")
    assert_one_line_error(res, "--report", str(missing))
    assert not missing.parent.exists()


def test_a_missing_plot_folder_and_a_missing_report_folder_get_the_same_answer(
    run_cli, no_solve: None, tmp_path: Path
) -> None:
    """Consistency with ``die --plot`` (which refuses a missing folder)."""
    missing = tmp_path / "absent"
    plot = run_cli(
        "die", "--width", "10", "--height", "10", "--node", "N4", "--plot", missing / "w.png"
    )
    rep = run_cli("plan", write_scenario(tmp_path, SMALL), "--report", missing / "r.html")
    for res, flag in ((plot, "--plot"), (rep, "--report")):
        assert_one_line_error(res, flag, "does not exist")
    assert not missing.exists()


class _SolveReachedError(Exception):
    """Raised by the stand-in solver: the output paths were accepted."""


@pytest.fixture
def solve_reached(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """The solve is reached (the paths passed every check) and stops the run there."""
    import tigris.plan

    reached: list[bool] = []

    def stop(*_: object, **__: object) -> None:
        reached.append(True)
        raise _SolveReachedError

    monkeypatch.setattr(tigris.plan, "solve", stop)
    return reached


def test_a_report_inside_the_out_folder_this_run_makes_is_accepted(
    run_cli, solve_reached: list[bool], tmp_path: Path
) -> None:
    """The README's and docs/report.md's command on a fresh checkout, ``--out runs/ref
    --report runs/ref/report.html``: ``runs/ref`` does not exist yet, but ``--out`` makes
    it, so the report's folder is no typo (c1baec4 refused it, exit 2)."""
    sc = write_scenario(tmp_path, SMALL)
    run = tmp_path / "runs" / "ref"
    with pytest.raises(_SolveReachedError):
        run_cli("plan", sc, "--out", run, "--report", run / "report.html", "--no-store")
    assert solve_reached == [True]
    # a report in a missing folder beside it is still a typo, refused before solving
    res = run_cli("plan", sc, "--out", run, "--report", tmp_path / "runs" / "x" / "r.html")
    assert_one_line_error(res, "--report", "does not exist")
    assert solve_reached == [True]


def test_the_out_probe_leaves_nothing_behind_and_keeps_an_empty_out(tmp_path: Path) -> None:
    """The probe makes and removes a folder of its own: an existing empty ``--out``
    stays (empty), a missing one is not made, and no probe folder is left anywhere."""
    from tigris.cli.plan import _probe_out_dir

    empty = tmp_path / "empty"
    empty.mkdir()
    _probe_out_dir(empty)
    assert empty.is_dir() and not list(empty.iterdir())
    missing = tmp_path / "a" / "b"
    _probe_out_dir(missing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"]


def test_the_out_probe_refuses_a_folder_it_cannot_write(tmp_path: Path) -> None:
    """Where a folder cannot be made, the probe raises the one-line --out error."""
    from tigris.cli.plan import _probe_out_dir
    from tigris.errors import InputError

    if not Path("/proc/self").is_dir():
        pytest.skip("needs Linux /proc")
    with pytest.raises(InputError, match="--out"):
        _probe_out_dir(Path("/proc/nope"))
