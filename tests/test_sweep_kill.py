"""``kill -9`` of a running ``tigris sweep`` (the driver and its Dask worker together)
leaves the store readable, with every member reported done whole (its run row and all
its tables, the same plan as solved alone) and no partial member: no run row whose
tables are missing, no table rows without their run.
"""

from __future__ import annotations

import math
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.test_plan_cli import SMALL

#: Members in the sweep: enough that it is still running when two are done.
N_MEMBERS = 12
#: Members reported done before the kill.
N_DONE = 2
#: Longest wait for those lines (a loaded 2-core machine starts a cluster slowly) [s].
WAIT_S = 150.0
#: The progress line ``tigris sweep --progress`` writes on stderr when it is not a terminal.
DONE = re.compile(r"^member (\d+) done \((\w+)")
#: HiGHS's feasibility tolerances [-].
REL = 1e-6

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process groups are POSIX")


def _reader(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in iter(stream.readline, ""):
        lines.put(line)
    lines.put(None)


def start_sweep(
    tmp_path: Path, *extra: str
) -> tuple[Path, subprocess.Popen[str], queue.Queue[str | None], threading.Thread]:
    """``tigris sweep --progress`` of :data:`N_MEMBERS` members of SMALL into a store
    under ``tmp_path`` (``extra``: more options), in its own process group (its Dask
    workers go with it), stderr read line by line into a queue (None at its end).

    Returns the store, the process, the queue and the reader thread.
    """
    scenario = tmp_path / "small.yaml"
    scenario.write_text(SMALL, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    code = "import sys; from tigris.cli import entry; sys.argv[0] = 'tigris'; entry()"
    args = [
        sys.executable, "-c", code, "sweep", str(scenario),
        "--set", f"capital.fund.amount_usd=1e9:2e10:{N_MEMBERS}",
        *extra, "--store", str(store), "--progress",
    ]  # fmt: skip
    proc = subprocess.Popen(
        args,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        start_new_session=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    reader = threading.Thread(target=_reader, args=(proc.stderr, lines), daemon=True)
    reader.start()
    return store, proc, lines, reader


def test_kill_9_keeps_finished_members_whole(tmp_path: Path) -> None:
    import duckdb

    from tigris.plan import solve
    from tigris.runs.store import RunStore
    from tigris.scenario.edit import load_any

    store, proc, lines, reader = start_sweep(tmp_path, "--workers", "1", "--mip-gap", "0")
    done: dict[int, str] = {}
    seen: list[str] = []
    deadline = time.monotonic() + WAIT_S
    try:
        while len(done) < N_DONE:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            assert line is not None, f"the sweep ended before {N_DONE} members: {seen}"
            seen.append(line)
            m = DONE.match(line)
            if m:
                done[int(m.group(1))] = m.group(2)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)  # the pipe ends with the killed processes
        assert proc.stderr is not None
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    assert len(done) == N_DONE and set(done.values()) == {"optimal"}, seen

    runs = RunStore(store)
    stored = runs.runs()
    (sweep_id,) = set(stored["sweep_id"])
    assert runs.sweeps().set_index("id").loc[sweep_id, "status"] == "running"  # never finished
    assert len(stored) < N_MEMBERS, "the sweep finished before the kill: nothing was tested"
    by_member = stored.set_index("member")
    assert set(done) <= set(by_member.index)
    small = load_any(SMALL)
    for member in done:
        run_id = by_member.loc[member, "id"]
        rec = runs.record(run_id)
        got = runs.result(run_id)
        alone = solve(small.set(rec["changes"]), explain_result=False, mip_gap=0.0)
        assert got.status == alone.status == "optimal"
        assert math.isclose(got.objective_usd, alone.objective_usd, rel_tol=REL)
        assert len(got.demand) == len(alone.demand) and len(got.capacity) == len(alone.capacity)

    # no partial member: every table's rows belong to a stored run, and every stored
    # run with a result has its rows in every table the plan fills
    con = duckdb.connect(str(store), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        ids = {r[0] for r in con.execute("SELECT id FROM runs").fetchall()}
        for table in set(tables) - {"meta", "runs", "sweeps"}:
            owners = {
                r[0] for r in con.execute(f'SELECT DISTINCT run_id FROM "{table}"').fetchall()
            }
            assert owners <= ids, f"rows of {table} without their run"
        for table in ("demand", "capacity", "capital"):
            owners = {
                r[0] for r in con.execute(f'SELECT DISTINCT run_id FROM "{table}"').fetchall()
            }
            assert owners == ids, f"a run without its {table} rows"
    finally:
        con.close()
