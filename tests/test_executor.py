"""The executor behind sweeps (``tigris.runs.executor``): in-process, a local Dask
cluster, or an existing scheduler given by address; an item's failure (an exception, a
dead worker) comes back for that item and never stops the others or hangs.

Two clusters for the whole module (each a few seconds to start on 2 cores): the
executor's own local cluster, and one started here "separately" and given by address.
"""

from __future__ import annotations

import math
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import cloudpickle
import pytest

from tests.bounded import separate_cluster, time_limit
from tigris.errors import InputError
from tigris.plan.highs import THREADS_ENV
from tigris.runs import executor as executor_module
from tigris.runs.executor import (
    SCHEDULER_ENV,
    DaskExecutor,
    SerialExecutor,
    make_executor,
)

# The task functions below live in this test module, which the spawned Dask workers
# cannot import: ship them by value instead (tigris's own tasks are importable).
cloudpickle.register_pickle_by_value(sys.modules[__name__])

#: The repository root: where the package ``tests`` is found.
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="module", autouse=True)
def _workers_can_import_the_tests() -> Iterator[None]:
    """The repository root on sys.path while this module's clusters run: their worker
    processes (spawned with this process's sys.path) can then import ``tests``.

    By value is not enough: Dask pickles a task (``dask._task_spec.Task``) with plain
    ``pickle`` first, which refers to ``_square`` by module and name whenever this
    process can import ``tests.test_executor`` (true once any module has imported from
    ``tests``, as most do in a full run); a worker that cannot import it fails to read
    the scheduler's message, drops its connection and is not restarted, leaving a
    cluster with no workers (the hang seen in full-suite runs, 2026-12-02).
    Appended, so it never shadows an installed module.
    """
    added = ROOT not in sys.path
    if added:
        sys.path.append(ROOT)
    try:
        yield
    finally:
        if added and ROOT in sys.path:
            sys.path.remove(ROOT)


#: Longest a map of a few trivial items may take, worker restarts included [s]; a
#: hang (a lost task never reported) fails the test instead of blocking the run.
HANG_S = 90.0

#: Longest any test of this module may take, a local cluster's start-up (up to the
#: executor's WARM_TIMEOUT_S for its workers) and two sweeps included [s]: a hang
#: fails that test, with every thread's stack on stderr, instead of the CI run.
TEST_LIMIT_S = 240.0

#: The executor's wait for workers in these tests [s]: a cluster whose workers died
#: fails the map well within HANG_S (the default, NO_WORKERS_S, is for real sweeps).
NO_WORKERS_TEST_S = 30.0

#: The wait for workers in the test of a scheduler that has none [s].
NO_WORKERS_SHORT_S = 2.0


@pytest.fixture(autouse=True)
def _bounded() -> Iterator[None]:
    """Every test of this module ends within TEST_LIMIT_S, passed or failed."""
    with time_limit(TEST_LIMIT_S, "this test"):
        yield


#: Item that makes ``_square`` raise.
BAD = 3


def _square(x: int) -> int:
    """x squared; raises for ``BAD`` (an item whose task fails)."""
    if x == BAD:
        raise ValueError(f"item {x} is bad")
    return x * x


def _die(x: int) -> int:
    """x itself, after a short nap; ``-1`` kills the worker process running it."""
    if x == -1:
        os._exit(13)
    time.sleep(0.05)
    return x


def _slow(x: int) -> int:
    """x, after a nap long enough to cancel the map meanwhile."""
    time.sleep(0.3)
    return x


def _collect(ex: Any, fn: Any, items: list[Any]) -> dict[int, Any]:
    """Run the whole map; {index: value}; fails on a hang (``HANG_S``). On the main
    thread, so that the time limit interrupts the map itself (a map left running in a
    helper thread would keep the test, and the run, waiting for it)."""
    out: dict[int, Any] = {}
    with time_limit(HANG_S, f"a map of {len(items)} items"):
        for i, v in ex.map_unordered(fn, items):
            assert i not in out, f"item {i} yielded twice"
            out[i] = v
    return out


def _comparable(results: dict[int, Any]) -> dict[int, Any]:
    """Exceptions as (type name, message), values as they are."""
    return {
        i: (type(v).__name__, str(v)) if isinstance(v, BaseException) else v
        for i, v in results.items()
    }


@pytest.fixture(scope="module")
def local() -> Iterator[DaskExecutor]:
    """The default executor: a local cluster of 2 one-thread worker processes, started
    with ``TIGRIS_HIGHS_THREADS`` unset (whatever the shell running the tests has)."""
    ex = make_executor(workers=2, no_workers_s=NO_WORKERS_TEST_S)
    assert isinstance(ex, DaskExecutor)
    with ex:
        with pytest.MonkeyPatch.context() as mp:
            mp.delenv(THREADS_ENV, raising=False)
            ex.start()
        yield ex


@pytest.fixture(scope="module")
def separate() -> Iterator[Any]:
    """A LocalCluster started apart from tigris, as a user would start a scheduler."""
    with separate_cluster(TEST_LIMIT_S) as cluster:
        yield cluster


def _alive(address: str) -> bool:
    """Whether a scheduler answers at ``address`` and runs a task."""
    from distributed import Client

    with Client(address, timeout=10, set_as_default=False) as client:
        return client.submit(_square, 7, pure=False).result(timeout=30) == 49


@pytest.fixture
def workerless() -> Iterator[Any]:
    """A scheduler with no worker at all (in this process: no worker to start)."""
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=0,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )
    try:
        yield cluster
    finally:
        cluster.close()


def test_a_scheduler_without_workers_fails_the_items_instead_of_waiting_forever(
    workerless: Any,
) -> None:
    """Items pending and no worker for no_workers_s: each item comes back as an error
    saying so (and where to start workers), within that bound."""
    address = workerless.scheduler_address
    started = time.monotonic()
    with make_executor(scheduler=address, no_workers_s=NO_WORKERS_SHORT_S) as ex:
        got = _collect(ex, _square, list(range(7)))
    waited = time.monotonic() - started
    assert set(got) == set(range(7))
    needle = f"no Dask workers connected to the scheduler at {address} for 2 s"
    for v in got.values():
        assert isinstance(v, RuntimeError) and needle in str(v), v
        assert f"dask worker {address}" in str(v)
    # the bound, plus the ~1 s between two asks of the scheduler and a loaded machine
    assert NO_WORKERS_SHORT_S <= waited < NO_WORKERS_SHORT_S + 10.0, waited


def test_a_local_cluster_whose_workers_never_came_says_so(
    workerless: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A local cluster tigris started whose worker processes failed to start (stood in
    for by the worker-less one): the items' error says that, not "start workers"."""
    from distributed import Client

    def start(n_workers: int) -> tuple[Any, Any]:
        return workerless, Client(workerless, set_as_default=False)

    monkeypatch.setattr(executor_module, "_start_local", start)
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with make_executor(workers=2, no_workers_s=NO_WORKERS_SHORT_S) as ex:
        got = _collect(ex, _square, [1, 2, 3])
    assert set(got) == {0, 1, 2}
    for v in got.values():
        assert isinstance(v, RuntimeError), v
        assert "the local cluster's worker processes failed to start or died" in str(v)


def test_serial_yields_every_item_with_failures_in_place() -> None:
    items = [0, 1, 2, BAD, 4]
    with make_executor(workers=0) as ex:
        assert isinstance(ex, SerialExecutor)
        assert (ex.n_workers, ex.address) == (1, None)
        got = dict(ex.map_unordered(_square, items))
    assert set(got) == set(range(len(items)))
    assert [got[i] for i in (0, 1, 2, 4)] == [0, 1, 4, 16]
    assert isinstance(got[3], ValueError) and "item 3 is bad" in str(got[3])


def test_local_cluster_equals_serial_and_a_failure_stays_with_its_item(
    local: DaskExecutor,
) -> None:
    items = list(range(8))
    with make_executor(workers=0) as ex:
        serial = _comparable(dict(ex.map_unordered(_square, items)))
    dask_out = _collect(local, _square, items)
    assert local.address is not None and local.address.startswith("tcp://")
    assert local.n_workers == 2
    assert _comparable(dask_out) == serial
    assert serial[BAD] == ("ValueError", f"item {BAD} is bad")
    assert sum(isinstance(v, BaseException) for v in dask_out.values()) == 1


def _not_imported() -> list[str]:
    """The modules of WARM_MODULES this (worker) process has not imported."""
    from tigris.runs.executor import WARM_MODULES

    return [m for m in WARM_MODULES if m not in sys.modules]


def test_a_local_clusters_workers_start_with_the_planner_imported(local: DaskExecutor) -> None:
    # The planner's imports are paid when the cluster starts, not by a first task.
    _collect(local, _square, [1, 2])  # the cluster starts on the first map
    client = local._client
    assert client is not None
    missing = client.run(_not_imported)
    assert len(missing) == 2
    assert all(m == [] for m in missing.values()), missing


def test_start_gives_the_local_clusters_address_to_other_sweeps(local: DaskExecutor) -> None:
    """DaskExecutor.start(): the local cluster's scheduler, on the loopback interface,
    started once (a second call gives the same one), and a separate client runs a task
    on its workers there (as a sweep given ``scheduler=`` would)."""
    address = local.start()
    assert address == local.address and address.startswith("tcp://127.0.0.1:")
    assert local.start() == address
    assert _alive(address)


def _worker_settings(dask_worker: Any) -> dict[str, Any]:
    """What a worker process runs with: its dask settings, and whether it profiles."""
    import dask.config

    from tigris.plan.highs import THREADS_ENV
    from tigris.runs.executor import LOCAL_CLUSTER_CONFIG

    return {
        "config": {k: dask.config.get(k) for k in LOCAL_CLUSTER_CONFIG},
        "profiling": "profile" in dask_worker.periodic_callbacks,
        "highs_threads": os.environ.get(THREADS_ENV),
    }


def test_a_local_clusters_workers_run_without_the_dashboards_bookkeeping(
    local: DaskExecutor,
) -> None:
    # The settings reach the worker processes (the nannies pass them on), and the
    # worker's stack sampler, which would take CPU from the solves, is not running.
    from tigris.runs.executor import LOCAL_CLUSTER_CONFIG

    _collect(local, _square, [1, 2])
    client = local._client
    assert client is not None
    seen = client.run(_worker_settings)
    assert len(seen) == 2
    for got in seen.values():
        assert got["config"] == LOCAL_CLUSTER_CONFIG
        assert got["profiling"] is False
        # one HiGHS thread per worker: one worker per core fills the cores already
        assert got["highs_threads"] == "1"
    assert client.run_on_scheduler(_stealing) is False


def _highs_threads() -> str | None:
    return os.environ.get(THREADS_ENV)


def test_a_users_own_highs_threads_reach_the_local_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # a value set in the user's shell wins over the workers' default of one thread
    monkeypatch.setenv(THREADS_ENV, " 3 ")
    cluster, client = executor_module._start_local(1)
    try:
        assert list(client.run(_highs_threads).values()) == ["3"]
    finally:
        client.close()
        cluster.close()


@pytest.mark.parametrize("workers", [0, 2, None])
def test_a_bad_highs_threads_value_is_refused_before_any_member(
    workers: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # else each member of the sweep (in this process or on the workers) failed alone
    monkeypatch.setenv(THREADS_ENV, "two")
    monkeypatch.delenv(SCHEDULER_ENV, raising=False)
    with pytest.raises(InputError, match=f"^{THREADS_ENV}: expected a whole number"):
        make_executor(workers=workers)


def _stealing(dask_scheduler: Any) -> bool:
    """Whether the scheduler runs work stealing."""
    return "stealing" in dask_scheduler.extensions


def test_a_killed_worker_is_that_items_exception_not_a_hang(local: DaskExecutor) -> None:
    from distributed import KilledWorker

    items = [1, 2, -1, 4, 5, 6]
    got = _collect(local, _die, items)
    assert set(got) == set(range(len(items)))
    assert isinstance(got[2], KilledWorker)
    # Every other item completes with its value (a result lost with the dead worker is
    # computed again, not reported as a failure).
    assert {i: v for i, v in got.items() if i != 2} == {0: 1, 1: 2, 3: 4, 4: 5, 5: 6}
    # The cluster is still usable afterwards (the nanny restarted the worker).
    assert _comparable(_collect(local, _square, [2, BAD])) == {
        0: 4,
        1: ("ValueError", f"item {BAD} is bad"),
    }


def test_cancel_stops_the_map_and_the_executor_stays_usable(local: DaskExecutor) -> None:
    it = local.map_unordered(_slow, list(range(20)))
    first = next(it)
    local.cancel()
    rest = list(it)
    assert first[1] == first[0]
    assert len(rest) <= 1, "a cancelled map went on yielding"
    assert not local._pending
    assert _collect(local, _square, [1, 2]) == {0: 1, 1: 4}


def test_a_scheduler_given_by_address_runs_the_same_and_is_left_running(
    separate: Any, local: DaskExecutor
) -> None:
    items = list(range(6))
    default = _comparable(_collect(local, _square, items))
    with make_executor(workers=5, scheduler=separate.scheduler_address) as ex:
        assert isinstance(ex, DaskExecutor)
        assert ex.address == separate.scheduler_address
        assert ex.n_workers == 2  # the cluster's, not --workers
        assert any("--workers 5 is ignored" in n for n in ex.notes)
        given = _comparable(_collect(ex, _square, items))
    assert given == default
    assert _alive(separate.scheduler_address), "close() shut down someone else's cluster"
    assert len(separate.workers) == 2


def test_tigris_scheduler_env_is_honoured(separate: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(SCHEDULER_ENV, separate.scheduler_address)
    with make_executor() as ex:
        assert ex.address == separate.scheduler_address
        assert _collect(ex, math.factorial, [3, 4]) == {0: 6, 1: 24}
    # An explicit address wins over the environment.
    monkeypatch.setenv(SCHEDULER_ENV, "tcp://127.0.0.1:1")
    with make_executor(scheduler=separate.scheduler_address) as ex:
        assert ex.address == separate.scheduler_address


def _free_port() -> int:
    """A local TCP port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_scheduler_is_an_input_error_within_the_timeout() -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    timeout = 1.0
    started = time.monotonic()
    with pytest.raises(InputError) as err:
        make_executor(scheduler=address, connect_timeout_s=timeout)
    waited = time.monotonic() - started
    assert waited < timeout + 5.0, f"took {waited:.1f} s to give up"
    (problem,) = err.value.problems
    assert problem.field == "--scheduler"
    assert f"could not reach the Dask scheduler at {address} within 1 s" in problem.message
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("address", "needle"),
    [
        ("nonsense", "cannot use 'nonsense' as a Dask scheduler address (missing port"),
        ("foo://host:1", "cannot use 'foo://host:1' as a Dask scheduler address (unknown"),
        ("   ", "expected a Dask scheduler address like tcp://HOST:8786"),
    ],
)
def test_a_malformed_scheduler_address_is_an_input_error(address: str, needle: str) -> None:
    with pytest.raises(InputError) as err:
        make_executor(scheduler=address, connect_timeout_s=1.0)
    (problem,) = err.value.problems
    assert problem.field == "--scheduler"
    assert needle in problem.message


def test_the_default_is_one_local_worker_per_core_this_process_may_use() -> None:
    from tigris.runs.executor import cores

    if hasattr(os, "sched_getaffinity"):
        assert cores() == len(os.sched_getaffinity(0))
    else:
        assert cores() == os.cpu_count()
    env = {k: v for k, v in os.environ.items() if k != SCHEDULER_ENV}
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv(SCHEDULER_ENV, raising=False)
        ex = make_executor()  # the cluster starts on the first map: none here
    assert isinstance(ex, DaskExecutor) and ex.n_workers == cores() and ex.address is None
    ex.close()
    if sys.platform.startswith("linux") and os.path.exists("/usr/bin/taskset"):
        code = "from tigris.runs.executor import make_executor; print(make_executor().n_workers)"
        proc = subprocess.run(
            ["/usr/bin/taskset", "-c", "0", sys.executable, "-c", code],
            capture_output=True, text=True, env=env, timeout=120,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == "1"


def test_negative_workers_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        make_executor(workers=-1)
    assert err.value.problems[0].field == "--workers"


def test_the_in_process_paths_do_not_import_dask() -> None:
    code = (
        "import sys\n"
        "from tigris.runs.executor import make_executor\n"
        "with make_executor(workers=0) as ex:\n"
        "    assert sorted(ex.map_unordered(abs, [-1, -2])) == [(0, 1), (1, 2)]\n"
        "with make_executor(workers=4) as ex:  # one item: no cluster for it\n"
        "    assert list(ex.map_unordered(abs, [-3])) == [(0, 3)]\n"
        "    assert ex.address is None\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "assert not loaded, loaded\n"
    )
    env = {k: v for k, v in os.environ.items() if k != SCHEDULER_ENV}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr


# --- The must-show: a sweep on a scheduler started separately equals the default ----

#: Zipped members on the small scenario of tests/test_plan_cli.py: (the fund's capital
#: [USD], 2029's training demand [H100e/year]); two of tests/test_sweep.py's members,
#: whose plans differ (nothing built; logic, CoWoS and HBM modules). Two, not more: on
#: workers each member costs a cold import of the planner as well as its solve.
SWEEP_MEMBERS = {
    "capital.fund.amount_usd": [5e8, 2e10],
    "demand.training.h100e_by_year.2029": [8e6, 1.6e7],
}
#: Solved to a zero MIP gap: both sides report the optimum itself.
SWEEP_OPTIONS: dict[str, Any] = {"mip_gap": 0.0}
#: HiGHS's feasibility tolerance relative to sums of tens of millions of H100e [-].
REL = 1e-6
#: Absolute slack on a table value (an H100e, a dollar) below any meaningful change.
ABS = 1.0


def _assert_tables_equal(a: Any, b: Any) -> None:
    """Every table of two plans equal: same rows and columns, numbers within REL/ABS."""
    import pandas as pd

    fa, fb = a.to_frames(), b.to_frames()
    assert list(fa) == list(fb)
    for name in fa:
        ta, tb = fa[name].reset_index(drop=True), fb[name].reset_index(drop=True)
        assert list(ta.columns) == list(tb.columns), name
        assert len(ta) == len(tb), name
        pd.testing.assert_frame_equal(ta, tb, rtol=REL, atol=ABS, obj=f"table {name}")


@pytest.mark.slow  # seconds of sweep or risk plans; -m slow runs it
def test_a_sweep_on_a_separately_started_scheduler_equals_the_default(separate: Any) -> None:
    """tigris.sweep(..., scheduler=ADDRESS) on a LocalCluster started apart from tigris
    gives the same members (statuses, objectives, every table) as the same sweep on the
    default executor (a local cluster of one worker per core); the cluster survives."""
    import pandas as pd

    from tests.test_plan_cli import SMALL
    from tigris import sweep

    common: dict[str, Any] = dict(
        zip_=True, store=False, keep_results=True, progress=False, **SWEEP_OPTIONS
    )
    default = sweep(SMALL, SWEEP_MEMBERS, **common)
    given = sweep(SMALL, SWEEP_MEMBERS, scheduler=separate.scheduler_address, **common)

    assert sorted(default.results) == sorted(given.results) == [0, 1]
    statuses = list(default.members["status"])
    assert statuses == list(given.members["status"]) == ["optimal"] * 2
    assert list(default.members["changes"]) == list(given.members["changes"])
    numbers = [c for c in default.members.columns if c not in ("run_id", "seconds", "error")]
    pd.testing.assert_frame_equal(
        default.members[numbers], given.members[numbers], rtol=REL, atol=ABS
    )
    for i in range(2):
        a, b = default.results[i], given.results[i]
        assert a.status == b.status == "optimal"
        assert abs(a.objective_usd - b.objective_usd) <= REL * abs(a.objective_usd) + ABS
        _assert_tables_equal(a, b)
    # the members are not all the same plan (else equality would prove little)
    assert default.results[0].builds["modules"].sum() == 0
    assert default.results[1].builds["modules"].sum() > 0
    assert _alive(separate.scheduler_address)


def test_a_scheduler_lost_mid_map_fails_the_remaining_items_not_a_hang(separate: Any) -> None:
    """The cluster given by address goes away after two items (its owner stops it):
    every other item comes back as a ConnectionError naming the scheduler, promptly.
    Runs last: it stops the module's separate cluster."""
    address = separate.scheduler_address
    items = list(range(12))
    got: dict[int, Any] = {}
    started = time.monotonic()

    def run() -> None:
        with make_executor(scheduler=address, connect_timeout_s=2.0) as ex:
            for i, v in ex.map_unordered(_slow, items):
                got[i] = v
                if len(got) == 2:
                    threading.Thread(target=separate.close).start()

    with time_limit(HANG_S, "a map whose scheduler stops"):
        run()
    assert set(got) == set(items)
    lost = [v for v in got.values() if isinstance(v, ConnectionError)]
    assert len(lost) >= len(items) - 6, got  # a few may finish while the cluster stops
    assert all(f"lost the Dask scheduler at {address}" in str(v) for v in lost)
    assert all(v == i or isinstance(v, BaseException) for i, v in got.items())
    assert time.monotonic() - started < HANG_S


def test_tigris_sweep_with_a_bad_scheduler_is_one_line_and_exit_2(
    run_cli: Any, tmp_path: Any
) -> None:
    """The CLI end: a malformed --scheduler is exit 2, one line naming the flag, no
    traceback, and no store file written."""
    from tests.test_plan_cli import SMALL

    scenario = tmp_path / "small.yaml"
    scenario.write_text(SMALL, encoding="utf-8")
    store = tmp_path / "runs.duckdb"
    res = run_cli(
        "sweep", scenario, "--set", "capital.fund.amount_usd=5e8,2e10",
        "--scheduler", "nonsense", "--store", store,
    )  # fmt: skip
    assert res.code == 2
    lines = res.err.strip().splitlines()
    assert len(lines) == 1 and "--scheduler" in lines[0], res.err
    assert "cannot use 'nonsense' as a Dask scheduler address" in lines[0]
    assert "Traceback" not in res.err
    assert not store.exists(), "a sweep that never ran was registered in the store"


def test_worker_processes_are_spawned_with_sigint_held() -> None:
    """User test 2026-12-03 #14: a Ctrl-C reaches the whole process group; a local
    cluster's worker processes, spawned inside executor._sigint_held, are born with
    SIGINT blocked (the mask survives exec, as for multiprocessing's spawn), so they
    print no traceback; this process's own handler is back after the block, and a
    Ctrl-C during it is raised at its end (user test s44 #4: it was dropped)."""
    import signal

    probe = [
        sys.executable,
        "-c",
        "import signal as s, sys; sys.exit(s.SIGINT in s.pthread_sigmask(s.SIG_BLOCK, []))",
    ]
    mine = signal.getsignal(signal.SIGINT)
    with executor_module._sigint_held():
        assert subprocess.run(probe, check=False, timeout=30).returncode == 1  # held
    assert signal.getsignal(signal.SIGINT) is mine
    assert subprocess.run(probe, check=False, timeout=30).returncode == 0  # not outside
    with pytest.raises(KeyboardInterrupt), executor_module._sigint_held():
        signal.raise_signal(signal.SIGINT)  # held, not raised here ...
        reached = True  # ... but at the block's end
    assert reached
    assert signal.getsignal(signal.SIGINT) is mine


def test_a_local_clusters_workers_ignore_sigint(local: DaskExecutor) -> None:
    """The local cluster's workers themselves (spawned by their nannies)."""
    import signal

    local.start()
    assert local._client is not None
    got = local._client.run(lambda: signal.getsignal(signal.SIGINT) == signal.SIG_IGN)
    assert got and all(got.values()), got
