"""Ctrl-C during ``tigris sweep`` on a local Dask cluster: exit 130, one tigris line
saying how far it got, no traceback from the driver or its worker processes.

User test 2026-12-03, #14: ``timeout -s INT 25 tigris sweep ...`` exited 130 and kept
the finished members, but stderr held 66 lines: a ``KeyboardInterrupt`` traceback from
each Dask worker process (Ctrl-C on a terminal, like ``timeout``, signals the whole
process group, the workers included) and no tigris line. Here SIGINT goes to the
process group of a real ``tigris sweep`` once its first member is reported stored.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.test_sweep_kill import N_MEMBERS, start_sweep

#: Longest wait for the first member (a loaded 2-core machine starts a cluster
#: slowly) and for the sweep to stop after the signal [s].
WAIT_S = 150.0
STOP_S = 60.0
#: The progress line ``tigris sweep --progress`` writes per member off a terminal.
DONE = re.compile(r"^member \d+ done \(")
#: The one line of an interrupted sweep (tigris.runs.sweep.SweepInterrupted).
STOPPED = re.compile(
    rf"^stopped: (\d+) of {N_MEMBERS} members stored in sweep (\w+) \(.*tigris runs list"
)

pytestmark = [
    pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX"),
    pytest.mark.slow,  # ~20-40 s: a cluster's start, one member, its shutdown
]


def _group_gone(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return True
    return False


def test_ctrl_c_is_one_line_exit_130_and_no_traceback(tmp_path: Path) -> None:
    from tigris.runs.store import RunStore

    store, proc, lines, reader = start_sweep(tmp_path, "--workers", "2")
    seen: list[str] = []
    deadline = time.monotonic() + WAIT_S
    try:
        while not any(DONE.match(s) for s in seen):
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"the sweep ended before a member was stored: {seen}"
            seen.append(line)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the driver and its workers
        proc.wait(timeout=STOP_S)
        reader.join(timeout=STOP_S)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()
    while (line := lines.get_nowait() if not lines.empty() else None) is not None:
        seen.append(line)
    err = "".join(seen)
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    others = [s for s in seen if not DONE.match(s)]
    assert len(others) == 1, err
    m = STOPPED.match(others[0])
    assert m is not None, err
    n_stored, sweep_id = int(m.group(1)), m.group(2)
    assert 1 <= n_stored < N_MEMBERS, err
    # the line says what the store holds; the sweep is marked interrupted
    runs = RunStore(store)
    assert len(runs.runs(sweep_id=sweep_id)) == n_stored
    assert runs.sweeps().set_index("id").loc[sweep_id, "status"] == "interrupted"
    # the worker processes went with the cluster: nothing left in the group
    end = time.monotonic() + 30
    while not _group_gone(proc.pid) and time.monotonic() < end:
        time.sleep(0.2)
    assert _group_gone(proc.pid), "worker processes outlived the interrupted sweep"
