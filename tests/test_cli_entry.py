"""The installed console script behaves like a well-mannered Unix tool."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

TIGRIS = shutil.which("tigris") or ""


def test_help_lists_verbs(run_cli) -> None:
    res = run_cli("--help")
    assert res.code == 0
    assert "catalog" in res.out


def test_no_args_shows_help(run_cli) -> None:
    res = run_cli()
    assert res.code == 0
    assert "Usage" in res.out


def test_unknown_verb_is_one_line(run_cli) -> None:
    res = run_cli("plna")
    assert res.code == 2
    assert len(res.err.strip().splitlines()) == 1
    assert "Traceback" not in res.err


@pytest.mark.skipif(not TIGRIS, reason="console script not on PATH")
def test_console_script_exit_code_and_stderr() -> None:
    proc = subprocess.run(
        [TIGRIS, "catalog", "nosuchpart"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("error: ")


def test_python_m_not_required() -> None:
    # The package imports without side effects (no output, no files).
    proc = subprocess.run(
        [sys.executable, "-c", "import tigris, tigris.cli"], capture_output=True, text=True
    )
    assert proc.returncode == 0
    assert proc.stdout == "" and proc.stderr == ""
