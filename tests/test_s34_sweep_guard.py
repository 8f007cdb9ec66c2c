"""``tigris.sweep(..., workers=2)`` at a script's top level, without ``if __name__ ==
"__main__":`` (user test UT-HYPER #3): the local cluster's worker processes are spawned,
each runs the script again, and each of those sweeps failed with pages of
multiprocessing tracebacks ("An attempt has been made to start a new process before the
current process has finished its bootstrapping phase", "Nanny failed to start") and
left an "interrupted" sweep in the store. Now: one InputError naming the script's line,
nothing started, no store written; the same script under the guard runs.

The scripts run in a subprocess (their own ``__main__``), on the 3-year SMALL scenario
of tests/conftest.py (well under a second per member).
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import SMALL_3Y
from tigris.errors import InputError
from tigris.runs.executor import UNGUARDED_MESSAGE, _guarded, check_main_guard

#: Longest a script may take [s]: the guarded one starts a 2-worker cluster and solves
#: two small members (~10-20 s on the shared 2-core machine); the unguarded one ~1 s.
SCRIPT_LIMIT_S = 240.0

SWEEP_LINE = (
    "res = tigris.sweep(TEXT, {{'capital.fund.amount_usd': [5e8, 3e10]}}, workers=2, "
    "store={store!r}, progress=False)"
)


def _script(tmp_path: Path, *, guarded: bool) -> tuple[Path, Path]:
    store = tmp_path / "runs.duckdb"
    body = SWEEP_LINE.format(store=str(store)) + "\nprint('members', len(res.members))\n"
    if guarded:
        body = 'if __name__ == "__main__":\n' + textwrap.indent(body, "    ")
    text = f"import tigris\nTEXT = {SMALL_3Y!r}\n" + body
    path = tmp_path / ("guarded.py" if guarded else "unguarded.py")
    path.write_text(text)
    return path, store


def _run(path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "TIGRIS_SCHEDULER"}
    return subprocess.run(
        [sys.executable, str(path)],
        capture_output=True,
        text=True,
        timeout=SCRIPT_LIMIT_S,
        env=env,
        cwd=path.parent,
        check=False,
    )


def test_unguarded_script_one_error_nothing_stored(tmp_path: Path) -> None:
    path, store = _script(tmp_path, guarded=False)
    proc = _run(path)
    assert proc.returncode == 1, proc.stderr  # an uncaught exception in a script
    err = proc.stderr
    assert err.count(UNGUARDED_MESSAGE) == 1, err
    # the script's own line: the third (import, TEXT, the sweep)
    assert f"{path}:3: {UNGUARDED_MESSAGE}" in err, err
    assert "bootstrapping phase" not in err
    assert "Nanny" not in err
    assert err.count("Traceback") == 1, err
    assert len(err.splitlines()) < 20, err  # Python's short traceback, not pages
    assert "members" not in proc.stdout
    # no store record: the store was not even created
    assert not store.exists()


def test_guarded_script_runs(tmp_path: Path) -> None:
    path, store = _script(tmp_path, guarded=True)
    proc = _run(path)
    assert proc.returncode == 0, proc.stderr
    assert "members 2" in proc.stdout
    from tigris.runs.store import RunStore

    sweeps = RunStore(store).sweeps()
    assert len(sweeps) == 1
    assert sweeps.loc[0, "status"] == "done"
    assert sweeps.loc[0, "n_stored"] == 2


@pytest.mark.parametrize(
    ("source", "line", "guarded"),
    [
        ("import tigris\ntigris.sweep()\n", 2, False),
        ('if __name__ == "__main__":\n    tigris.sweep()\n', 2, True),
        ("if '__main__' == __name__:\n    x = 1\n    main()\n", 3, True),
        ("def main():\n    tigris.sweep()\n\nmain()\n", 4, False),
        ('if __name__ == "__main__":\n    pass\nelse:\n    main()\n', 4, False),
        ('try:\n    if __name__ == "__main__":\n        main()\nfinally:\n    pass\n', 3, True),
        ('if __name__ != "__main__":\n    main()\n', 2, False),
        # review RV-S34 F1: a guard with another condition is still a guard; "or" is not
        ('if __name__ == "__main__" and x:\n    main()\n', 2, True),
        ('if x and __name__ == "__main__":\n    main()\n', 2, True),
        ('if __name__ == "__main__" or x:\n    main()\n', 2, False),
    ],
)
def test_guard_read_from_the_source(tmp_path: Path, source: str, line: int, guarded: bool) -> None:
    path = tmp_path / "s.py"
    path.write_text(source)
    assert _guarded(str(path), line) is guarded


def test_spawned_process_importing_main_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process being spawned while it imports the main module (multiprocessing's own
    bootstrapping state) is refused whatever its source says."""
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)
    with pytest.raises(InputError) as err:
        check_main_guard()
    assert str(err.value) == UNGUARDED_MESSAGE


def test_pytest_main_is_guarded() -> None:
    """This process's ``__main__`` (pytest's entry point) is guarded: no refusal."""
    check_main_guard()


#: An unguarded script that gives the sweep a running scheduler's address (the test
#: starts the cluster in its own process, so no worker process runs the script again).
SCHEDULER_SCRIPT = """\
import tigris
TEXT = {text!r}
res = tigris.sweep(
    TEXT,
    {{'capital.fund.amount_usd': [5e8, 3e10]}},
    scheduler={address!r},
    store={store!r},
    progress=False,
)
print('members', len(res.members))
"""


def test_unguarded_script_with_a_scheduler_address_runs(tmp_path: Path) -> None:
    """A sweep given a scheduler's address starts no process of its own, so the guard
    must not apply (review RV-S34 F5): the unguarded script runs both members and
    stores them. A guard applied to every Dask sweep (``starts_local`` always True)
    refuses it at the sweep's line and fails this test. The cluster (threads, over
    TCP) lives in this test's process; the script started it itself at first, over
    in-process comms, which closed under load on CI (CommClosedError)."""
    from distributed import LocalCluster

    store = tmp_path / "runs.duckdb"
    path = tmp_path / "scheduler.py"
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, protocol="tcp",
        dashboard_address=None,
        # the scheduler's HTTP server (health, metrics) still tries port 8787 and
        # warns (an error here) when another Dask cluster on the machine holds it
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    ) as cluster:  # fmt: skip
        text = SCHEDULER_SCRIPT.format(
            text=SMALL_3Y, store=str(store), address=cluster.scheduler_address
        )
        path.write_text(text)
        proc = _run(path)
    assert proc.returncode == 0, proc.stderr
    assert UNGUARDED_MESSAGE not in proc.stderr
    assert "members 2" in proc.stdout, proc.stderr[-2000:]
    from tigris.runs.store import RunStore

    sweeps = RunStore(store).sweeps()
    assert len(sweeps) == 1
    assert sweeps.loc[0, "n_stored"] == 2


def test_unguarded_risk_is_refused_naming_risk(tmp_path: Path) -> None:
    """``tigris.risk`` runs through the sweep, so an unguarded call is refused by the
    same guard; its one line names tigris.risk too, not only tigris.sweep (review
    RV-S34 F7), and nothing is stored."""
    store = tmp_path / "runs.duckdb"
    path = tmp_path / "risk.py"
    dist = 'distributions:\n  pue: {dist: uniform, low: 1.1, high: 1.3, source: "test"}\n'
    path.write_text(
        f"import tigris\nTEXT = {SMALL_3Y + dist!r}\n"
        f"r = tigris.risk(TEXT, samples=2, seed=1, workers=2, store={str(store)!r})\n"
    )
    proc = _run(path)
    assert proc.returncode == 1, proc.stderr
    assert f"{path}:3: {UNGUARDED_MESSAGE}" in proc.stderr, proc.stderr
    assert "tigris.risk" in UNGUARDED_MESSAGE
    assert not store.exists()
