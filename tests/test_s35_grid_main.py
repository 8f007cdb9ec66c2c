"""``python -m tigris`` runs the CLI as the ``tigris`` script does (UT-GRID: "No module
named tigris.__main__"). A subprocess of this interpreter: exit codes, stdout and the
one-line error are the console script's."""

from __future__ import annotations

import subprocess
import sys


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tigris", *args], capture_output=True, text=True, timeout=120
    )


def test_python_m_tigris_prints_the_help() -> None:
    res = _run("--help")
    assert res.returncode == 0, res.stderr
    assert "plan" in res.stdout and "hindcast" in res.stdout


def test_python_m_tigris_bad_input_is_one_error_line_and_exit_2() -> None:
    res = _run("plan", "no-such-scenario.yaml", "--no-store")
    assert res.returncode == 2
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), res.stderr
    assert "Traceback" not in res.stderr and res.stdout == ""
