"""``tigris plan`` and ``tigris hindcast`` with standard output closed (``>&-``) ended
in a 56-line traceback (user test s49 new user #1: ``os.dup(1)`` raised EBADF where the
solver's banner is silenced), where every other verb says one line, as the README's
exit-code table promises: ``error: cannot write to standard output: standard output is
closed``, exit 1. The solver's banner still goes nowhere: a closed descriptor is
pointed at /dev/null while it runs, then closed again."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"
LINE = "error: cannot write to standard output: standard output is closed"


def _closed(args: list[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TIGRIS_STORE": str(tmp_path / "runs.duckdb")}
    return subprocess.run(
        [sys.executable, "-m", "tigris", *args],
        stdout=None,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=300,
        preexec_fn=lambda: os.close(1),  # the child's own stdout only
        check=False,
    )


@pytest.mark.parametrize(
    "args",
    [["plan", str(SMALL), "--no-store"], ["hindcast"], ["hindcast", "--json"]],
    ids=["plan", "hindcast", "hindcast-json"],
)
def test_a_closed_stdout_is_one_line(tmp_path, args) -> None:
    res = _closed(args, tmp_path)
    assert res.returncode == 1, res.stderr[-2000:]
    assert "Traceback" not in res.stderr, res.stderr[-2000:]
    assert res.stderr.strip().splitlines() == [LINE], res.stderr[-2000:]


def test_quiet_stdout_on_a_closed_descriptor_leaves_it_closed() -> None:
    """In-process: the descriptor is /dev/null inside (no file opened meanwhile takes
    its number) and closed again after. A spare descriptor number stands in for 1."""
    from tigris.plan import highs

    r, w = os.pipe()
    os.close(w)  # ``w`` is now a closed descriptor number
    null = os.stat(os.devnull)
    real = highs._stdout_fd
    try:
        highs._stdout_fd = lambda: w  # type: ignore[assignment]
        with highs.quiet_stdout():
            st = os.fstat(w)
            assert (st.st_dev, st.st_ino) == (null.st_dev, null.st_ino)
        with pytest.raises(OSError):
            os.fstat(w)
    finally:
        highs._stdout_fd = real  # type: ignore[assignment]
        os.close(r)
