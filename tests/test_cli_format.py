"""What people read: --version, money, years and tables at 80 columns, through the real CLI.

The console script is run as a user runs it (a fresh process, ``COLUMNS=80``) so that
rich lays the tables out for an 80-column terminal.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import version

import pytest

TIGRIS = shutil.which("tigris")
#: Width of the terminal the tables must fit [columns].
WIDTH = 80


def tigris(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``tigris`` in an 80-column terminal; return the finished process."""
    cmd = [TIGRIS] if TIGRIS else [sys.executable, "-c", "from tigris.cli import entry; entry()"]
    env = {**os.environ, "COLUMNS": str(WIDTH), "LINES": "50"}
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=env, check=False, timeout=120
    )


def test_version_from_package_metadata() -> None:
    proc = tigris("--version")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == f"tigris {version('tigris')}\n"
    assert re.fullmatch(r"tigris \d+\.\d+\.\d+\S*\n", proc.stdout)
    assert proc.stderr == ""


def test_version_in_process(run_cli) -> None:
    res = run_cli("--version")
    assert res.code == 0
    assert res.out.strip() == f"tigris {version('tigris')}"
