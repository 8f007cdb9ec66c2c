"""The dashboard's job manager (tigris.serve.jobs): solves off the request path.

Most tests drive real worker processes ("spawn") running the stand-in compute function
:func:`tigris.serve._stub.work` (sleeps, reports progress, fails or echoes as its
request says), so that what is checked is the manager: sharing, superseding, caching,
a dying worker, the queue's limit, and that closing leaves no process behind. One test
runs the real :func:`tigris.serve.view.compute_view` on the small scenario.
"""

from __future__ import annotations

import json
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tigris.errors import InputError, TigrisError
from tigris.serve.jobs import JobManager, ServerBusyError, job_key

STUB = "tigris.serve._stub:work"
#: Longest wait for anything in these tests [s]: a worker boots in ~1-3 s on a busy
#: 2-core machine; the waits return as soon as the job is answered.
TIMEOUT_S = 60.0
#: Most a call on the request path may take [s] (the contract says milliseconds; the
#: bound leaves room for a loaded machine while still failing a call that solves or
#: waits for a worker, which takes seconds).
FAST_S = 0.25


def req(**spec: object) -> dict:
    """A request in the contract's shape whose scenario text tells the stub what to do."""
    text = "".join(f"{k}: {v}\n" for k, v in spec.items())
    return {
        "scenario_yaml": text,
        "data_yaml": None,
        "disruption": None,
        "options": {"time_limit_s": 60.0, "mip_gap": 0.0},
    }


def until(predicate, timeout: float = TIMEOUT_S, what: str = "condition") -> None:
    """Poll ``predicate`` until true; fail after ``timeout`` [s]."""
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.01)


def gone(pid: int) -> bool:
    """The process no longer exists (reaped: not even a zombie)."""
    return not Path(f"/proc/{pid}").exists()


def spawned_children() -> set[int]:
    """Our child processes started by multiprocessing's spawn (from /proc), excluding
    multiprocessing's shared resource tracker (one per interpreter, by design)."""
    me = str(os.getpid())
    out = set()
    for d in Path("/proc").iterdir():
        if not d.name.isdigit():
            continue
        try:
            ppid = (d / "stat").read_text().rsplit(")", 1)[1].split()[1]
            cmd = (d / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if ppid == me and "multiprocessing" in cmd and "resource_tracker" not in cmd:
            out.add(int(d.name))
    return out


@pytest.fixture(scope="module")
def stub_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stub's store of runs: a folder of ``<key>.json`` views."""
    return tmp_path_factory.mktemp("stub-store")


@pytest.fixture(scope="module")
def jobs(stub_store: Path) -> Iterator[JobManager]:
    """Two stub workers shared by the module's tests (each uses its own tags/sessions)."""
    manager = JobManager(workers=2, compute=STUB, store=stub_store, cache_size=8, max_queue=4)
    try:
        yield manager
    finally:
        manager.close()


def test_submit_returns_before_any_worker_is_up_and_the_view_arrives(jobs: JobManager) -> None:
    expected = job_key(req(tag="first", sleep_s=0.2))  # imports the key's module first
    t0 = time.perf_counter()
    key = jobs.submit("first", req(tag="first", sleep_s=0.2))
    submit_s = time.perf_counter() - t0
    assert submit_s < FAST_S
    assert key == expected
    t0 = time.perf_counter()
    st = jobs.status(key)
    assert time.perf_counter() - t0 < FAST_S
    # a spawned worker needs at least a Python start-up (~0.1 s) to be ready
    assert st["state"] == "queued" and st["ahead"] == 0
    assert st["progress"] == "waiting for a worker process to start"
    done = jobs.wait(key, TIMEOUT_S)
    assert done["state"] == "done", done
    assert done["view"]["tag"] == "first"
    assert done["view"]["pid"] in jobs.worker_pids()
    assert done["elapsed_s"] >= 0.2  # it slept that long after being submitted
    assert not done["cached"]
    assert done["error"] is None and done["ahead"] is None


def test_a_repeat_is_answered_from_memory_without_a_solve(jobs: JobManager) -> None:
    key = jobs.submit("c1", req(tag="cache"))
    assert jobs.wait(key, TIMEOUT_S)["state"] == "done"
    before = jobs.stats()
    t0 = time.perf_counter()
    again = jobs.submit("c2", req(tag="cache"))
    st = jobs.status(again)
    assert time.perf_counter() - t0 < FAST_S
    after = jobs.stats()
    assert again == key
    assert st["state"] == "done" and st["cached"] and st["view"]["tag"] == "cache"
    assert after["hits"] == before["hits"] + 1
    assert after["solves"] == before["solves"]
    assert after["misses"] == before["misses"]


def test_the_memory_cache_keeps_the_most_recently_used_views(jobs: JobManager) -> None:
    size = jobs.cache_size
    jobs.cache_size = 2
    try:
        keys = []
        for tag in ("lru-a", "lru-b", "lru-c"):  # one after the other
            keys.append(jobs.submit("lru", req(tag=tag)))
            assert jobs.wait(keys[-1], TIMEOUT_S)["state"] == "done"
        a, b, c = keys
        assert jobs.status(c)["state"] == "done"
        assert jobs.status(a)["state"] == "unknown"  # the oldest left: submit it again
        solves = jobs.stats()["solves"]
        assert jobs.wait(jobs.submit("lru", req(tag="lru-a")), TIMEOUT_S)["state"] == "done"
        assert jobs.stats()["solves"] == solves + 1
        assert jobs.status(b)["state"] == "unknown"  # pushed out by a's return
        assert jobs.stats()["cache_entries"] == 2
    finally:
        jobs.cache_size = size


def test_a_view_in_the_store_is_answered_by_a_worker_without_a_solve(
    jobs: JobManager, stub_store: Path
) -> None:
    key = job_key(req(tag="stored"))
    stored = {"ok": True, "error": None, "tag": "from the store"}
    (stub_store / f"{key}.json").write_text(json.dumps(stored), encoding="utf-8")
    before = jobs.stats()
    t0 = time.perf_counter()
    assert jobs.submit("st", req(tag="stored")) == key
    assert time.perf_counter() - t0 < FAST_S  # the store is read in a worker
    st = jobs.wait(key, TIMEOUT_S)
    assert st["state"] == "done" and st["cached"] and st["view"] == stored
    after = jobs.stats()
    assert after["store_hits"] == before["store_hits"] + 1
    assert after["solves"] == before["solves"]
    # then it is in memory
    assert jobs.status(jobs.submit("st2", req(tag="stored")))["view"] == stored
    assert jobs.stats()["hits"] == after["hits"] + 1


def test_the_same_request_from_two_sessions_is_solved_once(jobs: JobManager) -> None:
    before = jobs.stats()
    a = jobs.submit("share-a", req(tag="shared", sleep_s=0.5))
    b = jobs.submit("share-b", req(tag="shared", sleep_s=0.5))
    assert a == b
    # session a moving on does not cancel what b still waits for
    other = jobs.submit("share-a", req(tag="shared-other"))
    assert jobs.status(a)["state"] in ("queued", "running")
    done = jobs.wait(a, TIMEOUT_S)
    assert done["state"] == "done" and done["view"]["tag"] == "shared"
    assert jobs.wait(other, TIMEOUT_S)["state"] == "done"
    after = jobs.stats()
    assert after["shared"] == before["shared"] + 1
    assert after["solves"] == before["solves"] + 2  # "shared" once and "shared-other"
    assert after["cancelled"] == before["cancelled"]


def test_a_new_what_if_drops_the_sessions_queued_job(jobs: JobManager) -> None:
    until(lambda: jobs.stats()["ready"] == 2, what="both workers ready")
    hold = [jobs.submit(f"hold-{i}", req(tag=f"hold-{i}", sleep_s=1.5)) for i in range(2)]
    until(lambda: jobs.stats()["busy"] == 2, what="both workers busy")
    old = jobs.submit("mover", req(tag="old"))
    st = jobs.status(old)
    assert st["state"] == "queued" and st["ahead"] == 0
    waiting = jobs.submit("bystander", req(tag="bystander"))
    assert jobs.status(waiting)["ahead"] == 1
    new = jobs.submit("mover", req(tag="new"))
    assert jobs.status(old)["state"] == "cancelled"
    assert jobs.status(waiting)["ahead"] == 0  # moved up
    assert jobs.status(new)["ahead"] == 1
    assert jobs.stats()["queued"] == 2
    assert jobs.wait(new, TIMEOUT_S)["view"]["tag"] == "new"
    for key in [*hold, waiting]:
        assert jobs.wait(key, TIMEOUT_S)["state"] == "done"
    assert jobs.status(old)["state"] == "cancelled"  # never solved since


def test_a_new_what_if_stops_the_sessions_running_solve(jobs: JobManager) -> None:
    old = jobs.submit("impatient", req(tag="slow", sleep_s=30))
    until(lambda: jobs.status(old)["state"] == "running", what="the slow job to run")
    pids = set(jobs.worker_pids())
    restarts = jobs.stats()["restarts"]
    t0 = time.perf_counter()
    new = jobs.submit("impatient", req(tag="quick"))
    assert time.perf_counter() - t0 < FAST_S
    assert jobs.status(old)["state"] == "cancelled"
    # the worker that ran it is terminated and replaced
    until(lambda: any(gone(p) for p in pids), what="the busy worker to end")
    until(lambda: jobs.stats()["restarts"] == restarts + 1, what="a replacement worker")
    done = jobs.wait(new, TIMEOUT_S)
    assert done["state"] == "done" and done["view"]["tag"] == "quick"
    assert jobs.status(old)["state"] == "cancelled"


def test_progress_is_visible_while_it_runs(jobs: JobManager) -> None:
    key = jobs.submit("watcher", req(tag="progress", sleep_s=1.0))
    until(lambda: jobs.status(key)["progress"].startswith("step"), what="a progress step")
    st = jobs.status(key)
    assert st["state"] == "running" and st["ahead"] is None and st["elapsed_s"] > 0
    assert jobs.wait(key, TIMEOUT_S)["progress"] == "done"


def test_errors_are_one_line_for_bugs_and_the_message_for_bad_input(
    jobs: JobManager, caplog: pytest.LogCaptureFixture
) -> None:
    bad = jobs.submit("err", req(tag="e1", fail="input"))
    st = jobs.wait(bad, TIMEOUT_S)
    assert st["state"] == "failed" and st["error"] == "stub.fail: stub: a bad input"
    with caplog.at_level(logging.ERROR, logger="tigris.serve"):
        bug = jobs.submit("err", req(tag="e2", fail="bug"))
        st = jobs.wait(bug, TIMEOUT_S)
    assert st["state"] == "failed"
    assert st["error"] == "internal error: RuntimeError: stub: a bug"
    assert "Traceback" in caplog.text  # the traceback goes to the server's log only
    # a failure is not cached: asking again solves again
    failed = jobs.stats()["failed"]
    jobs.wait(jobs.submit("err2", req(tag="e2", fail="bug")), TIMEOUT_S)
    assert jobs.stats()["failed"] == failed + 1


def test_a_worker_that_dies_is_replaced_and_its_job_failed(jobs: JobManager) -> None:
    key = jobs.submit("crash", req(tag="crash", sleep_s=30))
    until(lambda: jobs.status(key)["state"] == "running", what="the job to run")
    restarts = jobs.stats()["restarts"]
    for pid in jobs.worker_pids():  # kill -9 every worker: the busy and the idle one
        os.kill(pid, signal.SIGKILL)
    st = jobs.wait(key, TIMEOUT_S)
    assert st["state"] == "failed"
    assert st["error"] == ("the worker process solving this what-if died (exit code -9); try again")
    until(lambda: jobs.stats()["restarts"] == restarts + 2, what="two new workers")
    after = jobs.wait(jobs.submit("crash", req(tag="after-crash")), TIMEOUT_S)
    assert after["state"] == "done" and after["view"]["tag"] == "after-crash"


def test_a_solve_over_the_time_limit_is_stopped(jobs: JobManager) -> None:
    limit = jobs.job_timeout_s
    jobs.job_timeout_s = 0.5
    try:
        key = jobs.submit("overdue", req(tag="overdue", sleep_s=30))
        st = jobs.wait(key, TIMEOUT_S)
    finally:
        jobs.job_timeout_s = limit
    assert st["state"] == "failed"
    assert st["error"] == "the solve took longer than 0.5 s and was stopped; try a simpler what-if"
    assert 0.5 <= st["elapsed_s"] < 0.5 + 10  # stopped soon after the limit, not at 30 s
    assert jobs.stats()["timeouts"] == 1


def test_a_view_with_an_internal_error_is_not_cached_but_a_plain_failure_is(
    jobs: JobManager,
) -> None:
    bug = jobs.submit("v", req(tag="v1", error='"internal error: KeyError: x"'))
    st = jobs.wait(bug, TIMEOUT_S)
    assert st["state"] == "failed" and st["error"] == "internal error: KeyError: x"
    infeasible = jobs.submit("v", req(tag="v2", error="no plan meets the demand"))
    st = jobs.wait(infeasible, TIMEOUT_S)
    assert st["state"] == "done" and st["error"] == "no plan meets the demand"
    assert st["view"]["ok"] is False
    before = jobs.stats()
    assert jobs.status(jobs.submit("v-again", req(tag="v2", error="no plan meets the demand")))[
        "cached"
    ]
    again = jobs.submit("v-again", req(tag="v1", error='"internal error: KeyError: x"'))
    # solved again, not answered from the cache (its state may already be final: the
    # stand-in fails at once, so no state is asserted here)
    assert jobs.status(again)["cached"] is False
    jobs.wait(again, TIMEOUT_S)
    after = jobs.stats()
    assert after["hits"] == before["hits"] + 1 and after["misses"] == before["misses"] + 1


def test_many_threads_asking_the_same_what_if_share_one_solve(jobs: JobManager) -> None:
    request = req(tag="crowd", sleep_s=0.3)
    before = jobs.stats()
    keys: list[str] = []
    errors: list[BaseException] = []

    def visitor(i: int) -> None:
        try:
            keys.append(jobs.submit(f"crowd-{i}", request))
            jobs.status(keys[-1])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=visitor, args=(i,)) for i in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(set(keys)) == 1
    assert jobs.wait(keys[0], TIMEOUT_S)["view"]["tag"] == "crowd"
    after = jobs.stats()
    assert after["solves"] == before["solves"] + 1
    assert after["misses"] == before["misses"] + 1
    assert (after["shared"] - before["shared"]) + (after["hits"] - before["hits"]) == 15


def test_the_queue_limit_refuses_clearly_and_a_session_may_replace_its_own() -> None:
    # workers are still starting, so every job waits in the queue
    with JobManager(workers=1, compute=STUB, max_queue=2) as jobs:
        jobs.submit("q1", req(tag="q1"))
        jobs.submit("q2", req(tag="q2"))
        with pytest.raises(ServerBusyError, match=r"^server busy, try again in a minute"):
            jobs.submit("q3", req(tag="q3"))
        assert isinstance(ServerBusyError("x"), InputError)
        # the refused session had nothing queued; q2 replacing its own job frees a place
        key = jobs.submit("q2", req(tag="q2-new"))
        assert jobs.status(key)["ahead"] == 1
        # an identical request joins the queued one instead of taking a place
        assert jobs.submit("q3", req(tag="q1")) == job_key(req(tag="q1"))
        stats = jobs.stats()
        assert stats["queued"] == 2 and stats["rejected"] == 1 and stats["cancelled"] == 1


def test_with_no_waiting_allowed_only_an_idle_worker_takes_a_job() -> None:
    with JobManager(workers=1, compute=STUB, max_queue=0) as jobs:
        with pytest.raises(ServerBusyError, match="0 what-ifs are waiting"):
            jobs.submit("z", req(tag="z0"))  # the worker is still starting
        until(lambda: jobs.stats()["ready"] == 1, what="the worker")
        key = jobs.submit("z", req(tag="z1", sleep_s=0.5))
        assert jobs.status(key)["state"] == "running"
        with pytest.raises(ServerBusyError):
            jobs.submit("other", req(tag="z2"))
        assert jobs.wait(key, TIMEOUT_S)["state"] == "done"


def test_cancel_drops_a_queued_job() -> None:
    with JobManager(workers=1, compute=STUB) as jobs:
        key = jobs.submit("s", req(tag="c"))
        jobs.cancel("s")
        assert jobs.status(key)["state"] == "cancelled"
        assert jobs.stats()["queued"] == 0
        jobs.cancel("nobody")  # no job: nothing to do


def test_close_leaves_no_child_process_and_is_idempotent() -> None:
    jobs = JobManager(workers=2, compute=STUB)
    key = jobs.submit("s", req(tag="close", sleep_s=30))
    until(lambda: jobs.status(key)["state"] == "running", what="the job to run")
    pids = set(jobs.worker_pids())
    assert len(pids) == 2 and pids <= spawned_children()
    t0 = time.perf_counter()
    jobs.close()
    assert time.perf_counter() - t0 < 5.0
    assert all(gone(p) for p in pids)
    assert not pids & {p.pid for p in multiprocessing.active_children()}
    assert not pids & spawned_children()
    assert jobs.status(key)["state"] == "cancelled"
    assert jobs.stats()["workers"] == 0
    jobs.close()  # again: nothing happens
    with pytest.raises(TigrisError, match="shutting down"):
        jobs.submit("s", req(tag="late"))


def test_a_compute_function_that_cannot_load_fails_jobs_with_the_reason() -> None:
    with pytest.raises(InputError, match="module:function"):
        JobManager(compute="no-colon")
    with pytest.raises(InputError, match="workers must be an integer >= 1"):
        JobManager(workers=0, compute=STUB)
    with JobManager(workers=1, compute="tigris.serve._stub:no_such_function") as jobs:
        st = jobs.wait(jobs.submit("s", req(tag="x")), TIMEOUT_S)
    assert st["state"] == "failed"
    assert st["error"].startswith("cannot load the compute function: InputError:")
    assert "no_such_function" in st["error"]


def test_the_real_view_of_the_small_scenario_then_from_the_store(tmp_path: Path) -> None:
    """tigris.serve.view.compute_view in a worker, on SMALL; once the memory cache is
    cleared, a second session is answered from the store without another solve."""
    from tests.conftest import SMALL
    from tigris.runs.store import RunStore
    from tigris.scenario.edit import load_any
    from tigris.serve.controls import whatif
    from tigris.serve.view import SERVE_KEY

    request = whatif(load_any(SMALL), {}).request()
    store = tmp_path / "runs.duckdb"
    with JobManager(workers=1, store=store) as jobs:
        key = jobs.submit("real", request)
        st = jobs.wait(key, 180)
        assert st["state"] == "done", st
        view = st["view"]
        assert view["ok"] and view["key"] == key and view["scenario_name"] == "small"
        assert "fig-supply" in view["figures"]
        # the worker wrote the run to this manager's store, under the job's key
        assert RunStore(store).find(option=(SERVE_KEY, key)) == view["run_id"]
        jobs.clear_cache()
        t0 = time.perf_counter()
        again = jobs.submit("another", request)
        assert time.perf_counter() - t0 < FAST_S  # the store is read in the worker
        st2 = jobs.wait(again, 180)
        assert again == key and st2["state"] == "done" and st2["cached"]
        assert st2["view"]["headline"] == view["headline"]
        assert st2["view"]["run_id"] == view["run_id"]
        stats = jobs.stats()
        assert stats["solves"] == 1 and stats["store_hits"] == 1
