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
