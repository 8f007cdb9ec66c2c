"""The house style is enforced, not hoped for: ruff passes on the whole tree.

ruff is a test extra (``pip install -e '.[test]'``), so CI runs this check on a clean
clone with the project's own configuration (``[tool.ruff]`` in ``pyproject.toml``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUFF = shutil.which("ruff")
PATHS = ["src", "tests", "benchmarks"]


@pytest.mark.skipif(RUFF is None, reason="ruff is installed with the test extras")
@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=["lint", "format"])
def test_ruff_is_clean(command: list[str]) -> None:
    res = subprocess.run(
        [RUFF, *command, *PATHS], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert res.returncode == 0, res.stdout + res.stderr
