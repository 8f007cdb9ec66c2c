"""Sweeps (``tigris.runs.sweep``): a sweep's members are the same plans as the same
scenarios solved one by one, in this process and on a Dask cluster given by address;
a value the schema rejects is refused before anything runs (user test #9); a member
that fails while solving is stored with its error and the others complete; the
``--set`` syntax and the grid, and the refusals, by hand.

The members are the SMALL scenario of ``tests/test_plan_cli.py`` (a few seconds each)
with the fund's capital and 2029's training demand changed, chosen so the three plans
differ (nothing built; one CoWoS module; logic, CoWoS and HBM modules) and solved to a
zero MIP gap, so that each optimum is the optimum and the builds can be compared.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.bounded import separate_cluster, time_limit
from tests.test_plan_cli import SMALL
from tigris.errors import InputError
from tigris.runs.sweep import MAX_MEMBERS, grid, member_changes, parse_set, sweep
from tigris.runs.worker import MemberTask, run_member

CAPITAL = "capital.fund.amount_usd"
DEMAND = "demand.training.h100e_by_year.2029"
#: Zipped: (capital [USD], training demand in 2029 [H100e/year]) per member.
MEMBERS = {CAPITAL: [5e8, 2e10, 2e10], DEMAND: [8e6, 8e6, 1.6e7]}
#: Solve to optimality, so both sides report the optimum itself [-].
OPTIONS: dict[str, Any] = {"mip_gap": 0.0}
#: HiGHS's feasibility tolerances on a sum of tens of millions of H100e [-].
REL = 1e-6
#: Longest the cluster test (or its cluster's start) may take [s]: a hang (a cluster
#: whose workers died) fails it with every thread's stack instead of stalling the run.
CLUSTER_LIMIT_S = 240.0


@pytest.fixture(scope="module")
def small() -> Any:
    from tigris.scenario.edit import load_any

    return load_any(SMALL)


@pytest.fixture(scope="module")
def one_by_one(small: Any) -> dict[int, Any]:
    """The members solved one by one with tigris.plan.solve, as a user would."""
    from tigris.plan import solve

    members = grid(list(MEMBERS.items()), zip_=True)
    return {i: solve(small.set(m), explain_result=False, **OPTIONS) for i, m in enumerate(members)}


def _by_year(result: Any) -> pd.DataFrame:
    return result.demand.groupby("year")[["served_h100e", "unmet_h100e"]].sum()


def _builds(result: Any) -> list[tuple[str, str, int, float]]:
    b = result.builds
    return sorted(
        (str(r.site), str(r.facility), int(r.start_year), float(r.modules))
        for r in b.itertuples()
        if r.modules > 0
    )


def assert_same_plan(got: Any, want: Any) -> None:
    """Equal status, objective within the MIP gap, served/unmet by year, builds."""
    assert got.status == want.status == "optimal"
    gap = max(OPTIONS["mip_gap"], REL)
    assert math.isclose(got.objective_usd, want.objective_usd, rel_tol=gap)
    pd.testing.assert_frame_equal(_by_year(got), _by_year(want), rtol=REL, atol=1.0)
    assert _builds(got) == _builds(want)


#: A valid capital [USD] whose member the patched solver fails (:func:`_failing_solver`
#: fails every fund below :data:`FAILING_BELOW`).
FAILING = 1.0
FAILING_BELOW = 10.0


def _failing_solver(monkeypatch: pytest.MonkeyPatch) -> None:
    """Members whose fund is below :data:`FAILING_BELOW` fail in the solver (fast)."""
    import tigris.plan.reuse as reuse
    from tigris.scenario.edit import get_path

    real = reuse.solve_member

    def solve_member(sc: Any, **kw: Any) -> Any:
        if get_path(sc, CAPITAL) < FAILING_BELOW:
            raise RuntimeError("solver trouble (test)")
        return real(sc, **kw)

    monkeypatch.setattr(reuse, "solve_member", solve_member)


@pytest.mark.parametrize(
    ("sets", "needle"),
    [
        ({CAPITAL: [2e10, -1.0]}, f"{CAPITAL}=-1:"),  # the schema: amounts > 0
        ({"discount_rate": ["abc"]}, "discount_rate=abc: expected a number"),
        ({"nodes.N3.d0_per_cm2": [0.1, -0.1]}, "nodes.N3.d0_per_cm2=-0.1"),  # a data cell
    ],
)
def test_a_bad_value_is_refused_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sets: dict[str, list[Any]], needle: str
) -> None:
    """User test 2026-12-03 #9: a value the schema (or a data column) refuses is an
    InputError naming it (field ``--set``) before a worker starts or the store is opened;
    it was a failed member in a stored sweep."""
    import tigris.runs.sweep as sweep_module

    def no_executor(*a: Any, **k: Any) -> Any:
        raise AssertionError("the sweep started")

    monkeypatch.setattr("tigris.runs.executor.make_executor", no_executor)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as info:
        sweep_module.sweep(SMALL, sets, workers=0, store=store, progress=False)
    (problem,) = info.value.problems
    assert problem.field == "sets" and needle in problem.message, problem
    assert not store.exists()


def test_members_differ(one_by_one: dict[int, Any]) -> None:
    """The members are three different plans (else the comparison proves little)."""
    builds = [_builds(r) for r in one_by_one.values()]
    assert builds[0] == [] and builds[1] and len(builds[2]) > len(builds[1])


def test_sweep_in_process_equals_one_by_one_and_a_bad_value_fails_alone(
    tmp_path: Path, one_by_one: dict[int, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tigris.runs.store import RunStore

    # a sweep that runs to its end is marked done in the write of its last members,
    # not by a write of its own
    finish_calls: list[Any] = []
    monkeypatch.setattr(RunStore, "finish_sweep", lambda *a: finish_calls.append(a))
    store = tmp_path / "runs.duckdb"
    # a fourth member the solver fails on (a value the schema rejects is refused before
    # the sweep runs since user test #9: test_a_bad_value_is_refused_before_anything_runs)
    _failing_solver(monkeypatch)
    sets = {CAPITAL: [*MEMBERS[CAPITAL], FAILING], DEMAND: [*MEMBERS[DEMAND], 8e6]}
    res = sweep(
        SMALL, sets, zip_=True, workers=0, store=store, keep_results=True, progress=False, **OPTIONS
    )
    assert res.status == "done" and res.store == store
    assert list(res.members["index"]) == [0, 1, 2, 3]
    for i, want in one_by_one.items():
        assert_same_plan(res.results[i], want)
        row = res.members.iloc[i]
        assert row["status"] == "optimal"
        assert math.isclose(row["served_h100e"], want.demand["served_h100e"].sum(), rel_tol=REL)
        assert json.loads(row["changes"]) == {CAPITAL: sets[CAPITAL][i], DEMAND: sets[DEMAND][i]}
    bad = res.members.iloc[3]
    assert bad["status"] == "error" and 3 not in res.results
    assert bad["error"].startswith("RuntimeError: ")
    assert list(res.failed["index"]) == [3]
    # the store holds every member: the plans rebuilt equal, the failure with its error
    runs = RunStore(store)
    stored = runs.runs(sweep_id=res.sweep_id)
    assert sorted(stored["member"]) == [0, 1, 2, 3]
    assert set(stored["kind"]) == {"sweep"}
    by_member = stored.set_index("member")
    assert by_member.loc[3, "status"] == "error" and by_member.loc[3, "error"] == bad["error"]
    for i, want in one_by_one.items():
        assert_same_plan(runs.result(by_member.loc[i, "id"]), want)
        rec = runs.record(by_member.loc[i, "id"])
        assert rec["changes"] == {CAPITAL: sets[CAPITAL][i], DEMAND: sets[DEMAND][i]}
    sweeps = runs.sweeps().set_index("id")
    assert sweeps.loc[res.sweep_id, "status"] == "done" and finish_calls == []
    assert sweeps.loc[res.sweep_id, "n_members"] == 4


@pytest.fixture(scope="module")
def separate() -> Iterator[Any]:
    """A LocalCluster of 2 workers started apart from tigris, as a user would start a
    scheduler; the sweep gets only its address."""
    with separate_cluster(CLUSTER_LIMIT_S) as cluster:
        yield cluster


@pytest.mark.slow
def test_sweep_on_a_scheduler_by_address_equals_one_by_one(
    separate: Any, one_by_one: dict[int, Any]
) -> None:
    """The two members that build, given as a list of changes, one per worker. Slow (a
    second separately started cluster): the default run has the same claim in
    tests/test_executor.py (the must-show: a sweep on a separately started scheduler
    equals the default) and members equal to one-by-one plans above."""
    members = grid(list(MEMBERS.items()), zip_=True)[1:]
    with time_limit(CLUSTER_LIMIT_S, "a sweep of 2 members on 2 workers"):
        res = sweep(
            SMALL,
            members,
            scheduler=separate.scheduler_address,
            store=False,
            keep_results=True,
            progress=False,
            **OPTIONS,
        )
    assert res.sweep_id is None and res.store is None
    assert sorted(res.results) == [0, 1]
    for i, want in enumerate([one_by_one[1], one_by_one[2]]):
        assert_same_plan(res.results[i], want)


@pytest.mark.slow
def test_a_reference_member_equals_the_reference_solved_alone() -> None:
    """One member of the reference scenario (the Abu Dhabi tranche raised to $12B),
    without the counterfactual on either side (it does not change the objective)."""
    from tigris.plan import solve
    from tigris.scenario import reference_scenario

    path = "capital.abu-dhabi-sovereign.amount_usd"
    res = sweep(
        None,
        [{path: 12e9}],
        workers=0,
        store=False,
        keep_results=True,
        progress=False,
        counterfactual=False,
    )
    alone = solve(reference_scenario().set(path, 12e9), explain_result=False, counterfactual=False)
    got = res.results[0]
    assert got.status == alone.status
    # each solve stops within the scenario's relative MIP gap of the same optimum
    gap = reference_scenario().solver.mip_gap + REL
    assert math.isclose(got.objective_usd, alone.objective_usd, rel_tol=gap)


# ----------------------------------------------------------------- refusals, by hand
def test_a_bad_path_runs_and_stores_nothing(tmp_path: Path) -> None:
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as err:
        sweep(SMALL, {"capital.fnd.amount_usd": [1e9, 2e9]}, workers=0, store=store)
    (problem,) = err.value.problems
    assert problem.field == "sets"
    assert "fnd" in problem.message and "fund" in problem.message  # did you mean
    assert not store.exists()


def test_too_many_members_are_refused_before_any_is_made() -> None:
    side = math.isqrt(MAX_MEMBERS) + 1  # side * side > MAX_MEMBERS
    values = list(range(side))
    with pytest.raises(InputError, match="more than a sweep may have") as err:
        grid([("pue", values), ("discount_rate", values)])
    assert err.value.problems[0].field == "sets"
    assert len(grid([("pue", values)])) == side  # one range alone is fine
    with pytest.raises(InputError, match="more than a sweep may have"):
        sweep(SMALL, [{"pue": 1.2}] * (MAX_MEMBERS + 1), workers=0, store=False)


def test_samples_need_distributions(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no distributions.*docs/risk\.md") as err:
        sweep(SMALL, samples=3, seed=1, workers=0, store=tmp_path / "runs.duckdb")
    assert err.value.problems[0].field == "samples"
    assert not (tmp_path / "runs.duckdb").exists()


@pytest.mark.parametrize(
    ("text", "path", "values"),
    [
        ("pue=1.1,1.3", "pue", [1.1, 1.3]),
        (" pue = 1.1 , 1.3 ", "pue", [1.1, 1.3]),
        ("sites.japan.max_modules=3", "sites.japan.max_modules", [3]),
        ("sites.japan.max_modules=0:6:4", "sites.japan.max_modules", [0, 2, 4, 6]),
        ("sites.japan.max_modules=0:3:3", "sites.japan.max_modules", [0, 1.5, 3.0]),
        ("discount_rate=0.1:0.0:3", "discount_rate", [0.1, 0.05, 0.0]),
        ("capital.fund.amount_usd=12e9", "capital.fund.amount_usd", [1.2e10]),
        ("x=true,null,abc", "x", [True, None, "abc"]),
        ("x=[1, 2],[3]", "x", [[1, 2], [3]]),
        ("x={2027: 1e9, 2028: 2e9}", "x", [{2027: 1e9, 2028: 2e9}]),
        ("sites[my.site].pue=1.1", "sites[my.site].pue", [1.1]),
    ],
)
def test_parse_set(text: str, path: str, values: list[Any]) -> None:
    assert parse_set(text) == (path, values)


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("pue", "expected PATH="),
        ("=1,2", "expected PATH="),
        ("pue=", "no value"),
        ("pue=1,,2", "empty value"),
        ("pue=1,", "empty value"),
        ("pue=1:2:1", "n >= 2"),
        ("pue=1:2:0", "n >= 2"),
    ],
)
def test_parse_set_refuses(text: str, needle: str) -> None:
    with pytest.raises(InputError, match=needle) as err:
        parse_set(text)
    assert err.value.problems[0].field == "--set"


def test_grid_product_zip_and_refusals() -> None:
    sets = [("a", [1, 2, 3]), ("b", ["x", "y"])]
    crossed = grid(sets)
    assert (
        len(crossed) == 6 and crossed[0] == {"a": 1, "b": "x"} and crossed[-1] == {"a": 3, "b": "y"}
    )
    assert len({json.dumps(m) for m in crossed}) == 6  # every combination once
    assert grid([("a", [1, 2]), ("b", [3, 4])], zip_=True) == [{"a": 1, "b": 3}, {"a": 2, "b": 4}]
    assert grid([]) == [{}]
    with pytest.raises(InputError, match="as many values") as err:
        grid(sets, zip_=True)
    assert err.value.problems[0].field == "zip_"
    with pytest.raises(InputError, match="given twice"):
        grid([("a", [1]), ("a", [2])])
    with pytest.raises(InputError, match="no values"):
        grid([("a", [])])
    assert member_changes({"a": [1, 2]}) == [{"a": 1}, {"a": 2}]
    with pytest.raises(InputError, match="a list of values"):
        member_changes({"a": 1.5})  # type: ignore[dict-item]


def test_run_member_never_raises_for_trouble(small: Any) -> None:
    from tigris.scenario.edit import to_yaml

    good = to_yaml(small)
    out = run_member(MemberTask(5, good, {CAPITAL: "lots"}, OPTIONS))
    assert out.index == 5 and out.result is None and out.status == "error"
    assert out.error is not None and out.error.startswith("InputError: ") and "\n" not in out.error
    out = run_member(MemberTask(0, good, {}, {"objective": "fastest"}))
    assert out.result is None and out.error is not None and "objective" in out.error


def test_ctrl_c_keeps_the_finished_members_and_marks_the_sweep_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ctrl-C while member 1 runs (in this process): member 0 (failed in the patched
    solver) is stored, member 2 never starts, the sweep says so."""
    import tigris.runs.sweep as sweep_module
    from tigris.runs.store import RunStore

    def interrupted(task: MemberTask) -> Any:
        if task.index == 1:
            raise KeyboardInterrupt
        return run_member(task)

    monkeypatch.setattr(sweep_module, "run_member", interrupted)
    _failing_solver(monkeypatch)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(KeyboardInterrupt) as info:
        sweep(SMALL, {CAPITAL: [FAILING, 1e9, 2e9]}, workers=0, store=store)
    err = capsys.readouterr().err
    runs = RunStore(store)
    (sweep_id,) = runs.sweeps()["id"]
    assert runs.sweeps().set_index("id").loc[sweep_id, "status"] == "interrupted"
    stored = runs.runs(sweep_id=sweep_id)
    assert list(stored["member"]) == [0] and stored["status"].iloc[0] == "error"
    assert "member 0 done (error" in err
    # how far it got travels with the KeyboardInterrupt, for the caller's one line (the
    # library writes none: the CLI's 'stopped: ...' would repeat it, user test #14)
    stop = info.value
    assert (stop.finished, stop.total, stop.sweep_id, stop.store) == (1, 3, sweep_id, store)
    assert stop.message().startswith(f"stopped: 1 of 3 members stored in sweep {sweep_id}")
    assert "interrupted" not in err and "stopped" not in err


def test_a_store_that_fails_mid_sweep_stops_it_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second member's write fails (as a store held by another process for longer
    than the timeout): one InputError naming --store and how far the sweep got; the
    first member stays stored."""
    from tigris.runs.store import RunStore

    _failing_solver(monkeypatch)  # members that fail fast

    add_many = RunStore.add_many

    def flaky(self: RunStore, runs: Any, **kwargs: Any) -> list[str]:
        # members are written in batches (those finished meanwhile): fail member 1's
        if any(record.member == 1 for record, _result in runs):
            raise InputError(f"store {self.path} is busy", field="--store")
        return add_many(self, runs, **kwargs)

    monkeypatch.setattr(RunStore, "add_many", flaky)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as err:
        sweep(SMALL, {CAPITAL: [1.0, 2.0, 3.0]}, workers=0, store=store, progress=False)
    (problem,) = err.value.problems
    assert str(problem).startswith("--store: store ") and "is busy" in str(problem)
    runs = RunStore(store)
    stored = list(runs.runs()["member"])
    assert 1 not in stored and set(stored) <= {0}  # a serial sweep: member 0 first
    # the members said finished are the ones stored
    assert f"the sweep stopped: {len(stored)} of 3 members finished, stored in sweep" in str(
        problem
    )
    assert list(runs.sweeps()["status"]) == ["interrupted"]


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"mip_gap": 1.0}, "mip_gap"),
        ({"time_limit_s": 0}, "time_limit_s"),
        ({"relax": "yes"}, "relax"),
        ({"objective": "fastest"}, "objective"),
        ({"min_served_share": 1.5}, "min_served_share"),
    ],
)
def test_a_bad_option_runs_and_stores_nothing(
    tmp_path: Path, options: dict[str, Any], field: str
) -> None:
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as err:
        sweep(SMALL, {CAPITAL: [1e9]}, workers=0, store=store, **options)
    assert err.value.problems[0].field == field
    assert not store.exists()
    with pytest.raises(TypeError, match="explain_result"):
        sweep(SMALL, {CAPITAL: [1e9]}, workers=0, store=store, explain_result=True)


class _TimedStore:
    """A stand-in store: each write takes ``cpu_s`` of CPU (a busy loop, as a DuckDB
    write is) and records the members of each batch."""

    def __init__(self, cpu_s: float) -> None:
        self.cpu_s = cpu_s
        self.batches: list[list[int]] = []

    def add_many(self, runs: Any, numbers: Any = None) -> list[str]:
        import time

        end = time.thread_time() + self.cpu_s
        while time.thread_time() < end:
            pass
        self.batches.append([record.member for record, _result in runs])
        return [f"run{record.member}" for record, _result in runs]


def _writer(store: _TimedStore) -> tuple[Any, Any]:
    """A sweep's store writer on ``store``, and an event per member reported done."""
    import threading
    from types import SimpleNamespace

    from tigris.runs.sweep import _Writer

    done: dict[int, threading.Event] = {i: threading.Event() for i in range(8)}
    writer = _Writer(
        store, "sweep", SimpleNamespace(name="base"), "yaml", lambda t, o, r: done[t.index].set()
    )
    return writer, done


def _member(i: int) -> tuple[MemberTask, Any]:
    from tigris.runs.worker import MemberOutcome

    return MemberTask(i, "yaml", {}, {}), MemberOutcome(i, {}, None, None, "Error: x", 0.0)


def test_costly_writes_batch_more_members(monkeypatch: pytest.MonkeyPatch) -> None:
    """A write that took c seconds of CPU is followed by the next c / STORE_CPU_SHARE
    later at the earliest: members finishing meanwhile share one write (the writes
    keep to their share of a core instead of taking it from the workers)."""
    import tigris.runs.sweep as sweep_module

    monkeypatch.setattr(sweep_module, "WRITE_EVERY_S", 0.01)
    monkeypatch.setattr(sweep_module, "STORE_CPU_SHARE", 0.1)  # 30 ms of CPU: 0.3 s apart
    store = _TimedStore(cpu_s=0.03)
    writer, done = _writer(store)
    writer.put(*_member(0))
    assert done[0].wait(10)
    writer.put(*_member(1))  # 0.01 s after a write alone would be due; with the
    done[1].wait(0.1)  # CPU share, not before 0.3 s after the first write
    writer.put(*_member(2))
    writer.close()
    assert store.batches == [[0], [1, 2]]


def test_the_sweeps_end_is_written_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last members are stored as soon as the sweep ends, not when the next
    write would be due."""
    import time

    import tigris.runs.sweep as sweep_module

    monkeypatch.setattr(sweep_module, "WRITE_EVERY_S", 5.0)
    monkeypatch.setattr(sweep_module, "WRITE_MAX_S", 5.0)  # else the next is due in 2 s
    store = _TimedStore(cpu_s=0.0)
    writer, done = _writer(store)
    writer.put(*_member(0))
    assert done[0].wait(10)
    writer.put(*_member(1))
    start = time.monotonic()
    writer.close()
    assert time.monotonic() - start < 2.5  # not the 5 s a next write waits for
    assert store.batches == [[0], [1]]


def test_a_cheap_write_still_waits_the_shortest_interval(monkeypatch: pytest.MonkeyPatch) -> None:
    """However cheap a write, the next comes WRITE_EVERY_S later at the earliest (the
    lower end of the clamp): a member finishing meanwhile waits to share it."""
    import tigris.runs.sweep as sweep_module

    monkeypatch.setattr(sweep_module, "WRITE_EVERY_S", 0.4)
    store = _TimedStore(cpu_s=0.0)  # c / STORE_CPU_SHARE ~ 0 s
    writer, done = _writer(store)
    writer.put(*_member(0))
    assert done[0].wait(10)
    writer.put(*_member(1))
    assert not done[1].wait(0.1)  # not before 0.4 s after the first write
    writer.put(*_member(2))
    writer.close()
    assert store.batches == [[0], [1, 2]]


def test_a_costly_write_waits_at_most_the_longest_interval(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However costly a write, the next comes WRITE_MAX_S later at the latest (the upper
    end of the clamp): 30 ms of CPU at a 1 % share would be 3 s, clamped to 0.2 s."""

    import tigris.runs.sweep as sweep_module

    monkeypatch.setattr(sweep_module, "WRITE_EVERY_S", 0.01)
    monkeypatch.setattr(sweep_module, "STORE_CPU_SHARE", 0.01)
    monkeypatch.setattr(sweep_module, "WRITE_MAX_S", 0.2)
    store = _TimedStore(cpu_s=0.03)
    writer, done = _writer(store)
    writer.put(*_member(0))
    assert done[0].wait(10)
    writer.put(*_member(1))
    assert done[1].wait(2.0)  # well before the unclamped 3 s
    writer.close()
    assert store.batches == [[0], [1]]


def test_an_interrupted_sweep_is_never_marked_done(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C while member 1 runs, and the store refuses the closing status write
    (busy): member 0 is stored by the writer's last write, which must not mark the
    sweep done; it stays "running" (never finished)."""
    import tigris.runs.sweep as sweep_module

    _failing_solver(monkeypatch)  # members that fail fast
    from tigris.runs.store import RunStore

    def interrupted(task: MemberTask) -> Any:
        if task.index == 1:
            raise KeyboardInterrupt
        return run_member(task)

    def busy(self: RunStore, *args: Any) -> None:
        raise InputError(f"store {self.path} is busy", field="--store")

    monkeypatch.setattr(sweep_module, "run_member", interrupted)
    monkeypatch.setattr(RunStore, "finish_sweep", busy)
    store = tmp_path / "runs.duckdb"
    with pytest.raises(KeyboardInterrupt):
        sweep(SMALL, {CAPITAL: [FAILING, 1e9, 2e9]}, workers=0, store=store, progress=False)
    runs = RunStore(store)
    assert list(runs.runs()["member"]) == [0]
    assert list(runs.sweeps()["status"]) == ["running"]


def test_values_refused_only_together_are_refused_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """User test #9, the cross-field case: the fund's first_year 2027 and last_year 2026
    are each valid alone (SMALL's fund runs 2026-2027), but member 3 of the grid sets
    both and the scenario refuses last_year < first_year. Up to MAX_CHECKED_MEMBERS
    members it is refused before a worker starts or the store is opened; past the cap
    only values alone are checked (the combination is that member's error)."""
    import tigris.runs.sweep as sweep_module
    from tigris.runs.sweep import MAX_CHECKED_MEMBERS, _check_values, _scenario

    def no_executor(*a: Any, **k: Any) -> Any:
        raise AssertionError("the sweep started")

    monkeypatch.setattr("tigris.runs.executor.make_executor", no_executor)
    sets = {"capital.fund.first_year": [2026, 2027], "capital.fund.last_year": [2027, 2026]}
    store = tmp_path / "runs.duckdb"
    with pytest.raises(InputError) as info:
        sweep_module.sweep(SMALL, sets, workers=0, store=store, progress=False)
    (problem,) = info.value.problems
    assert problem.field == "sets" and problem.message.startswith("member 3 (")
    assert "last_year: must be >= first_year" in problem.message
    assert not store.exists()
    members = member_changes(sets, zip_=False)
    assert len(members) == 4 <= MAX_CHECKED_MEMBERS
    monkeypatch.setattr(sweep_module, "MAX_CHECKED_MEMBERS", 3)
    _check_values(_scenario(SMALL), members, None)  # past the cap: each value alone only
