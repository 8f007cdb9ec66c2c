"""The store of runs (``tigris.runs.store``, ``docs/runs.md``): round trips that give back
exactly the tables and scalars stored, ids by prefix, removal, several processes writing
at once, a busy or foreign file refused in one line, the default location, and a write
that fails midway leaving nothing behind."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest
from pandas.testing import assert_frame_equal

from tigris.errors import InputError
from tigris.plan import PlanResult
from tigris.plan.result import TABLE_COLUMNS, Explanation
from tigris.runs import store as store_mod
from tigris.runs.metrics import METRICS
from tigris.runs.store import STORE_ENV, RunRecord, RunStore, default_store_path, store_path

from .test_cli_output import tiny_result

TABLES = [*TABLE_COLUMNS, "binding"]
YAML = "name: tiny\nhorizon: [2025, 2026]\n"


def record(name: str = "tiny", **kw: object) -> RunRecord:
    return RunRecord("plan", YAML, name, **kw)  # type: ignore[arg-type]


def assert_same_result(a: PlanResult, b: PlanResult) -> None:
    """Every table equal, values and dtypes, and every scalar equal."""
    for name in TABLES:
        assert_frame_equal(a.to_frame(name), b.to_frame(name), check_exact=True, obj=name)
    assert a.scalars() == b.scalars()
    assert a.binding == b.binding


@pytest.fixture(scope="module")
def solved() -> PlanResult:
    """The small scenario of tests/test_plan_cli.py solved (no explanations: a second or
    two; every kind of table filled: money, shadow prices, the world without the
    investor), with explanations added by hand whose year is a number and None (a
    column of mixed values)."""
    from tigris.plan import solve
    from tigris.scenario.edit import load_any

    from .test_plan_cli import SMALL

    res = solve(load_any(SMALL), explain_result=False)
    why = [Explanation("capital", 2027, "money binds"), Explanation("met", None, "all met")]
    return dataclasses.replace(res, binding=why)


def hand_plan(hand: object) -> PlanResult:
    """The hand-built plan of tests/test_report.py as a PlanResult."""
    names = {f.name for f in dataclasses.fields(PlanResult)}
    kw = {
        f.name: getattr(hand, f.name)
        for f in dataclasses.fields(hand)  # type: ignore[arg-type]
        if f.name in names and getattr(hand, f.name) is not None
    }
    kw["binding"] = [Explanation(w.kind, w.year, w.text) for w in kw.get("binding", [])]
    return PlanResult(**kw)


def test_round_trip_solved_and_hand(tmp_path: Path, solved: PlanResult, hand: object) -> None:
    """A solved plan, the hand-built one and a tiny one in one store: each read back equal
    (the tiny plan's integer ``priority`` after the solved plan's float one widens that
    column's stored type, and both still read back in their own dtype)."""
    st = RunStore(tmp_path / "runs.duckdb")
    plans = [solved, hand_plan(hand), tiny_result()]
    ids = [st.add(record(p.scenario_name, options={"objective": "serve"}), p) for p in plans]
    assert solved.demand["priority"].dtype != tiny_result().demand["priority"].dtype
    for rid, plan in zip(ids, plans, strict=True):
        assert_same_result(plan, st.result(rid))
    assert st.result(ids[0]).headline()["numbers"] == pytest.approx(
        solved.headline()["numbers"], nan_ok=True
    )


def test_record_and_list(tmp_path: Path) -> None:
    st = RunStore(tmp_path / "runs.duckdb")
    plan = tiny_result()
    rec = record(
        options={"time_limit_s": 5.0, "relax": False},
        seed=7,
        changes={"demand.0.growth": 0.3},
        timings={"solve_s": 1.5},
    )
    rid = st.add(rec, plan)
    assert len(rid) == 12 and int(rid, 16) >= 0 and rid == rid.lower()
    got = st.record(rid)
    assert got["scenario_yaml"] == YAML
    assert got["scenario_hash"] == hashlib.sha256(YAML.encode()).hexdigest()
    assert got["options"] == {"time_limit_s": 5.0, "relax": False}
    assert got["changes"] == {"demand.0.growth": 0.3}
    assert got["seed"] == 7 and got["kind"] == "plan" and got["status"] == "optimal"
    assert got["timings"] == {"solve_s": 1.5}
    from tigris import __version__

    assert got["tigris_version"] == __version__
    assert got["created"].endswith("Z")
    # the stored metrics are the plan's headline numbers (NaN stored as null)
    numbers = plan.headline()["numbers"]
    for key, value in numbers.items():
        stored = got["metrics"][key]
        assert (stored is None and math.isnan(value)) or stored == value, key

    failed = st.add(record(status="error", error="InputError: x: bad"))
    runs = st.runs()
    assert list(runs["id"]) == [failed, rid]  # newest first
    assert {str(m) for m in METRICS} <= set(runs.columns)
    row = runs.set_index("id").loc[rid]
    assert row["served_h100e"] == plan.summary()["served_h100e"]  # 2.5M by hand
    assert row["served_h100e"] == 2.5e6
    assert math.isnan(runs.set_index("id").loc[failed, "served_h100e"])
    assert list(st.runs(limit=1)["id"]) == [failed]
    with pytest.raises(InputError, match="has no result"):
        st.result(failed)


def test_resolve_and_remove(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = iter(["abcd00000001", "abcd00000002", "beef00000003"])
    monkeypatch.setattr(store_mod.secrets, "token_hex", lambda n: next(ids))
    st = RunStore(tmp_path / "runs.duckdb")
    for _ in range(3):
        st.add(record(), tiny_result())
    assert st.resolve("beef") == "beef00000003"
    assert st.resolve("ABCD00000002") == "abcd00000002"
    with pytest.raises(InputError, match="ambiguous") as err:
        st.resolve("abcd")
    assert "abcd00000001" in str(err.value) and err.value.problems[0].field == "run"
    with pytest.raises(InputError, match="no run 'ffff'"):
        st.resolve("ffff")
    with pytest.raises(InputError, match="at least 4"):
        st.resolve("ab")
    assert st.remove(["beef", "abcd00000001"]) == 2
    assert list(st.runs()["id"]) == ["abcd00000002"]
    con = duckdb.connect(str(st.path), read_only=True)
    try:
        left = {r[0] for r in con.execute("SELECT DISTINCT run_id FROM demand").fetchall()}
    finally:
        con.close()
    assert left == {"abcd00000002"}  # the removed runs' table rows went with them


def test_sweeps(tmp_path: Path) -> None:
    st = RunStore(tmp_path / "runs.duckdb")
    sid = st.add_sweep(YAML, {"sets": {"a.b": [1, 2]}}, 2)
    for i in (1, 0):
        st.add(record(sweep_id=sid, member=i, changes={"a.b": i + 1}), tiny_result(i + 1))
    st.add(record(), tiny_result())  # not in the sweep
    members = st.runs(sweep_id=sid[:6])
    assert list(members["member"]) == [0, 1]
    sw = st.sweeps()
    assert sw.loc[0, "status"] == "running" and sw.loc[0, "n_stored"] == 2
    st.finish_sweep(sid, "done")
    assert st.sweeps().loc[0, "status"] == "done"


_WRITER = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from tests.test_cli_output import tiny_result
    from tigris.runs.store import RunRecord, RunStore
    st = RunStore({path!r}, timeout_s=60)
    for i in range(5):
        st.add(RunRecord("plan", "name: w\\n", "w{w}", member=i), tiny_result(1 + i))
    """
)


def test_concurrent_writers(tmp_path: Path) -> None:
    """Three processes each add five runs to one file at the same time: 15 runs, each
    readable with its own numbers."""
    path = tmp_path / "runs.duckdb"
    root = str(Path(__file__).resolve().parents[1])
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER.format(root=root, path=str(path), w=w)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for w in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    st = RunStore(path)
    runs = st.runs()
    assert len(runs) == 15
    assert sorted(runs["scenario_name"].value_counts().items()) == [
        ("w0", 5),
        ("w1", 5),
        ("w2", 5),
    ]
    for rid, member in zip(runs["id"], runs["member"], strict=True):
        assert_same_result(st.result(rid), tiny_result(1 + int(member), name="tiny"))


def test_busy_store_is_one_clear_error(tmp_path: Path) -> None:
    """Another process holding the file past timeout_s: an InputError on --store."""
    path = tmp_path / "runs.duckdb"
    RunStore(path).add(record(), tiny_result())
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb,time; c=duckdb.connect({str(path)!r}); print('held', flush=True); "
            "time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        st = RunStore(path, timeout_s=0.3)
        with pytest.raises(InputError, match="busy") as err:
            st.add(record(), tiny_result())
        assert err.value.problems[0].field == "store"  # Python: the keyword (s48 #8)
        with pytest.raises(InputError, match="busy"):
            st.runs()
    finally:
        holder.kill()
        holder.communicate()  # waits and closes the pipe
    assert len(RunStore(path).runs()) == 1


def test_not_a_store(tmp_path: Path) -> None:
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n" * 50)
    other = tmp_path / "other.duckdb"
    con = duckdb.connect(str(other))
    con.execute("CREATE TABLE t (a INT)")
    con.close()
    for path, why in ((text, "not a DuckDB file"), (other, "meta table")):
        for call in (lambda st: st.runs(), lambda st: st.add(record(), tiny_result())):
            with pytest.raises(InputError) as err:
                call(RunStore(path))
            msg = str(err.value)
            assert len(msg.splitlines()) == 1 and why in msg and str(path) in msg
            assert err.value.problems[0].field == "store"
    assert text.read_text() == "not a database\n" * 50  # left as it was


def test_store_must_be_a_regular_file(tmp_path: Path) -> None:
    """A folder or a FIFO (which would block the opener) is refused at once."""
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path, why in ((tmp_path, "a directory"), (fifo, "not a regular file")):
        for call in (lambda st: st.runs(), lambda st: st.add(record(), tiny_result())):
            with pytest.raises(InputError, match=why) as err:
                call(RunStore(path, timeout_s=1))
            assert err.value.problems[0].field == "store"


def test_missing_store_reads_empty(tmp_path: Path) -> None:
    st = RunStore(tmp_path / "none" / "runs.duckdb")
    assert st.runs().empty and st.sweeps().empty
    assert not st.path.exists()  # reading creates nothing
    with pytest.raises(InputError, match="empty"):
        st.record("abcd")


def test_default_paths(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.delenv(STORE_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "tigris" / "runs.duckdb"
    assert store_path() == default_store_path()
    monkeypatch.setenv("XDG_DATA_HOME", "relative/ignored")  # the spec: absolute only
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_store_path() == tmp_path / "home" / ".local/share/tigris/runs.duckdb"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_store_path() == tmp_path / "home" / ".local/share/tigris/runs.duckdb"
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "env.duckdb"))
    assert store_path() == tmp_path / "env.duckdb"
    assert store_path(tmp_path / "arg.duckdb") == tmp_path / "arg.duckdb"
    assert RunStore().path == tmp_path / "env.duckdb"
    monkeypatch.setattr(sys, "platform", "darwin")
    assert default_store_path() == (
        tmp_path / "home" / "Library" / "Application Support" / "tigris" / "runs.duckdb"
    )
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "local"))
    assert default_store_path() == tmp_path / "local" / "tigris" / "runs.duckdb"


def test_failed_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A table insert that fails after others were written: no run row, no table rows."""
    st = RunStore(tmp_path / "runs.duckdb")
    kept = st.add(record(), tiny_result())
    real = RunStore._insert_table
    calls = []

    def failing(con: object, name: str, *args: object) -> None:
        calls.append(name)
        if len(calls) == 2:
            raise OSError("disk full (simulated)")
        real(con, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(RunStore, "_insert_table", staticmethod(failing))
    with pytest.raises(InputError, match="disk full"):
        st.add(record(), tiny_result(2.0))
    monkeypatch.undo()
    assert len(calls) == 2
    assert list(st.runs()["id"]) == [kept]
    con = duckdb.connect(str(st.path), read_only=True)
    try:
        for name in calls:
            ids = {r[0] for r in con.execute(f"SELECT run_id FROM {name}").fetchall()}
            assert ids == {kept}, name
    finally:
        con.close()
    assert_same_result(st.result(kept), tiny_result())


def test_metrics_json_is_plain(tmp_path: Path) -> None:
    """The stored metrics are plain JSON (null, not NaN), readable by any tool."""
    st = RunStore(tmp_path / "runs.duckdb")
    rid = st.add(record(), tiny_result())
    con = duckdb.connect(str(st.path), read_only=True)
    try:
        text = con.execute("SELECT metrics FROM runs WHERE id = ?", [rid]).fetchone()[0]
    finally:
        con.close()
    assert "NaN" not in text and json.loads(text)["npv_usd"] is None


def test_add_many_is_one_transaction(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several runs in one call: each stored and read back; a failure stores none, and
    leaves the sweep status it was to set with them as it was (a sweep whose last
    members' write fails is not marked done)."""
    st = RunStore(tmp_path / "runs.duckdb")
    sid = st.add_sweep(YAML, {}, 2)
    plans = [tiny_result(1.0), tiny_result(2.0), tiny_result(3.0)]
    ids = st.add_many([(record(member=i), p) for i, p in enumerate(plans)])
    assert len(set(ids)) == 3 and set(st.runs()["id"]) == set(ids)
    for rid, plan in zip(ids, plans, strict=True):
        assert_same_result(st.result(rid), plan)
    real = RunStore._insert_table
    calls = []

    def failing(con: object, name: str, *args: object) -> None:
        calls.append(name)
        if len(calls) == 2:  # the second table (both runs' rows, one INSERT per table)
            raise OSError("disk full (simulated)")
        real(con, name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(RunStore, "_insert_table", staticmethod(failing))
    last = [(record(sweep_id=sid, member=i), tiny_result(4.0 + i)) for i in (0, 1)]
    with pytest.raises(InputError, match="disk full"):
        st.add_many(last, sweep_status=(sid, "done"))
    monkeypatch.undo()
    assert set(st.runs()["id"]) == set(ids)  # the first run of the batch went too
    assert st.sweeps().set_index("id").loc[sid, "status"] == "running"
    st.add_many(last, sweep_status=(sid, "done"))
    assert st.sweeps().set_index("id").loc[sid, ["status", "n_stored"]].tolist() == ["done", 2]


def test_import_is_cheap() -> None:
    """``import tigris.runs`` (and the metrics, and the runs verbs' module) loads neither
    duckdb, pandas nor dask: a quick verb or ``tigris --help`` never pays for them."""
    code = (
        "import sys, tigris.runs, tigris.runs.metrics, tigris.cli.runs, tigris.cli._store; "
        "print(sorted(m for m in ('duckdb', 'pandas', 'dask') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_store_grows_columns(tmp_path: Path) -> None:
    """A store written before a column existed (here: ``runs.timings`` dropped) gets
    it on the next write; the old run reads back, its timings empty."""
    st = RunStore(tmp_path / "runs.duckdb")
    old = st.add(record(timings={"solve_s": 1.0}), tiny_result())
    con = duckdb.connect(str(st.path))
    try:
        con.execute("ALTER TABLE runs DROP COLUMN timings")
    finally:
        con.close()
    new = st.add(record(timings={"solve_s": 2.0}), tiny_result())
    assert st.record(new)["timings"] == {"solve_s": 2.0}
    assert st.record(old)["timings"] == {}
    assert_same_result(st.result(old), tiny_result())


def test_a_batch_of_runs_of_different_sizes_reads_back_whole(
    tmp_path: Path, solved: PlanResult
) -> None:
    """add_many concatenates the runs' tables of one layout into one INSERT: each run
    still reads back exactly its own rows, in order (runs of 0, some and all rows of
    each table, and one of another layout, in one batch)."""
    half = {n: getattr(solved, n).iloc[: len(getattr(solved, n)) // 2] for n in TABLE_COLUMNS}
    short = dataclasses.replace(solved, **{n: df.reset_index(drop=True) for n, df in half.items()})
    empty = dataclasses.replace(solved, **{n: getattr(solved, n).iloc[:0] for n in TABLE_COLUMNS})
    plans = [solved, short, tiny_result(2.0), empty, solved]
    st = RunStore(tmp_path / "runs.duckdb")
    ids = st.add_many([(record(member=i), p) for i, p in enumerate(plans)])
    for rid, plan in zip(ids, plans, strict=True):
        assert_same_result(st.result(rid), plan)
    # each run's rows are numbered from 0 (docs/runs.md: `row`, the row's position)
    con = duckdb.connect(str(st.path), read_only=True)
    try:
        got = con.execute(
            "SELECT run_id, min(row), max(row), count(*) FROM capacity GROUP BY run_id"
        ).fetchall()
    finally:
        con.close()
    sizes = {rid: len(p.capacity) for rid, p in zip(ids, plans, strict=True) if len(p.capacity)}
    assert {r[0]: (r[1], r[2], r[3]) for r in got} == {r: (0, n - 1, n) for r, n in sizes.items()}


def test_threads_of_one_process_share_the_store(tmp_path: Path) -> None:
    """Four threads of one process write to one store at once (each write attaches the
    file to the process's one DuckDB instance, one at a time): every run lands; and
    between writes the file is not locked (another process opens it to write)."""
    import threading

    path = tmp_path / "runs.duckdb"
    st = RunStore(path)
    errors: list[BaseException] = []

    def work(w: int) -> None:
        try:
            for i in range(3):
                st.add(record(f"t{w}", member=i), tiny_result(1.0 + i))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    runs = st.runs()
    assert len(runs) == 12 and set(runs["scenario_name"]) == {"t0", "t1", "t2", "t3"}
    code = f"import duckdb; duckdb.connect({str(path)!r}).close()"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_a_failed_call_leaves_the_file_and_the_process_free(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write that fails midway and a read that raises inside its transaction each
    detach the file and free the process's lock at once: another process then writes
    the file (before this one touches the store again), and another thread of this
    one writes. An attachment left by an interrupt (the file still attached, even as
    the default catalogue) is dropped by the next call."""
    import threading

    path = tmp_path / "runs.duckdb"
    st = RunStore(path, timeout_s=5)
    failed = st.add(record("failed", status="error", error="no plan"))

    def failing(*args: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(RunStore, "_insert_table", staticmethod(failing))
    with pytest.raises(InputError, match="disk full"):
        st.add(record(), tiny_result())
    monkeypatch.undo()
    code = f"import duckdb; duckdb.connect({str(path)!r}).close()"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)

    with pytest.raises(InputError, match="has no result"):
        st.result(failed)  # raised while the file is attached
    other = threading.Thread(target=st.add, args=(record("other"),), daemon=True)
    other.start()
    other.join(30)
    assert not other.is_alive(), "the failed read kept the process's store lock"

    con = store_mod._instance()  # as an interrupt would leave it
    con.execute(f"ATTACH '{path}' AS {store_mod._ALIAS}; USE {store_mod._ALIAS}")
    assert sorted(st.runs()["scenario_name"]) == ["failed", "other"]
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork")
def test_a_child_forked_while_a_thread_writes_has_its_own_store_lock(tmp_path: Path) -> None:
    """A process forked while another of its threads has a store attached (a sweep's
    writer mid-write): the child writes a store of its own at once instead of waiting
    for ever on a lock no thread of it holds."""
    import threading

    st = RunStore(tmp_path / "runs.duckdb", timeout_s=5)
    st.add(record())
    attached, release = threading.Event(), threading.Event()

    def holder() -> None:
        with st._open(read_only=True):
            attached.set()
            release.wait(60)

    thread = threading.Thread(target=holder, daemon=True)
    thread.start()
    assert attached.wait(30)
    child_store = tmp_path / "child.duckdb"
    result = tiny_result()
    pid = os.fork()
    if pid == 0:  # the child: exit at once, 0 when its write went through
        ok = False
        try:
            RunStore(child_store, timeout_s=5).add(record("child"), result)
            ok = True
        finally:
            os._exit(0 if ok else 1)
    release.set()
    thread.join(30)
    deadline = time.monotonic() + 30
    while (done := os.waitpid(pid, os.WNOHANG)) == (0, 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    if done == (0, 0):
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail("the forked child waited on its parent's store lock")
    assert os.waitstatus_to_exitcode(done[1]) == 0
    assert list(RunStore(child_store).runs()["scenario_name"]) == ["child"]


def test_a_member_whose_changes_were_refused_is_not_repeatable(tmp_path: Path) -> None:
    """User test 2026-12-03 #15: a sweep member whose value the scenario refuses fails
    before it has a scenario of its own, so the store holds the base's text (the cause:
    ``tigris.runs.sweep._record``); repeating that text would plan the base. The run is
    named unrepeatable, with its error; a failed run whose stored scenario carries its
    change, and a failed plan run (no changes), are not."""
    from tests.test_plan_cli import SMALL
    from tigris.runs.store import unrepeatable
    from tigris.runs.sweep import sweep
    from tigris.scenario.edit import get_path, load_any, set_paths, to_yaml

    path = tmp_path / "runs.duckdb"
    # members as a list are not checked before the sweep (tigris risk's draws)
    res = sweep(SMALL, [{"discount_rate": "abc"}], workers=0, store=path, progress=False)
    st = RunStore(path)
    rec = st.record(str(res.members["run_id"].iloc[0]))
    assert rec["status"] == "error" and rec["changes"] == {"discount_rate": "abc"}
    base_rate = get_path(load_any(SMALL), "discount_rate")
    assert get_path(load_any(rec["scenario_yaml"]), "discount_rate") == base_rate  # the cause
    why = unrepeatable(rec)
    assert why is not None and why.startswith(f"run {rec['id']} failed (discount_rate")
    assert why.endswith("; nothing to repeat") and "\n" not in why
    # a failed member whose scenario carries its change repeats as it ran
    own = to_yaml(set_paths(load_any(SMALL), {"discount_rate": 0.05}))
    carried = RunRecord(
        "sweep", own, "s", status="error", error="x", changes={"discount_rate": 0.05}
    )
    assert unrepeatable(st.record(st.add(carried))) is None
    assert unrepeatable(st.record(st.add(record(status="error", error="no plan")))) is None


@pytest.mark.parametrize(
    ("path", "value", "stored"),
    [
        # a year map (docs/sweeps.md: `{2027: 1e9, 2028: 2e9}`): JSON keeps its keys as
        # text, the scenario as years; the scenario carries the change
        ("demand.0.h100e_by_year", {2026: 5e6, 2029: 9e6}, None),
        ("demand.training.h100e_by_year.2029", 9e6, None),
        ("capital.fund.last_year", 2027, None),
        # the stored text is the base's: 2029 is 8e6 there, not 9e6
        ("demand.0.h100e_by_year", {2026: 4e6, 2029: 9e6}, "base"),
    ],
)
def test_a_failed_member_repeats_when_its_scenario_carries_a_year_map(
    tmp_path: Path, path: str, value: object, stored: str | None
) -> None:
    """A failed member (the solver's error, not a refused value) whose stored scenario
    is its own is repeatable whatever the form of its change; a year-map change came
    back from the store with text keys and was called 'nothing to repeat'."""
    from tests.test_plan_cli import SMALL
    from tigris.runs.store import unrepeatable
    from tigris.scenario.edit import load_any, set_paths, to_yaml

    st = RunStore(tmp_path / "runs.duckdb")
    text = SMALL if stored == "base" else to_yaml(set_paths(load_any(SMALL), {path: value}))
    rec = st.record(
        st.add(RunRecord("sweep", text, "s", status="error", error="x", changes={path: value}))
    )
    why = unrepeatable(rec)
    assert (why is None) == (stored is None), why
