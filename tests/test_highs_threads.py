"""HiGHS's thread pool from ``TIGRIS_HIGHS_THREADS`` (``tigris.plan.highs.solver_threads``).

Each solving check runs in a fresh interpreter: HiGHS 1.16 sizes a thread's pool at
that thread's first solve and keeps it while the thread lives, so this process's main
thread must not be touched.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.plan.highs import THREADS_ENV, highs_options, solver_threads

#: The package's source, scanned for HiGHS instances.
SRC = Path(__file__).resolve().parents[1] / "src" / "tigris"

#: What the scripts below share: the OS threads that HiGHS's pool threads would be.
#: Threads inherit the name of the thread that starts them (HiGHS's from the solving
#: thread, named as the interpreter); jemalloc's background threads (polars ships it)
#: and polars' own are named otherwise and may start at any time, so they are not
#: counted (a thread ending between listing and reading is skipped).
_COMMON = """
import json, os, threading, highspy, numpy as np
def pool_threads():
    me, n = open("/proc/self/comm").read(), 0
    for t in os.listdir("/proc/self/task"):
        try:
            n += open(f"/proc/self/task/{t}/comm").read() == me
        except OSError:
            pass
    return n
def settled_pool_threads(before, wait=2.0):
    # a thread that has just ended (linopy's solving thread, joined) can stay listed in
    # /proc for a moment on a loaded machine; a pool's threads stay while their thread
    # lives, so a count still above ``before`` after ``wait`` seconds is a pool
    import time
    end, n = time.monotonic() + wait, pool_threads()
    while n > before and time.monotonic() < end:
        time.sleep(0.05)
        n = pool_threads()
    return n
def option(h, name):
    got = h.getOptionValue(name)
    return got[-1] if isinstance(got, tuple) else got
def knapsack_lp(h):
    h.addVars(3, np.zeros(3), np.full(3, 4.0))
    h.changeColsCost(3, np.arange(3), np.array([-4.0, -6.0, -9.0]))
    h.addRow(-highspy.kHighsInf, 23.0, 3, np.arange(3), np.array([3.0, 5.0, 7.0]))
    return h
"""

#: A small MIP solved through run_highs (max 4a + 6b + 9c, 3a + 5b + 7c <= 23,
#: a - b <= 1.5, 0 <= a, b, c <= 4 integer: optimum a = b = 2, c = 1, objective 29,
#: by enumeration; linopy solves it in a thread of its own), then the knapsack row as
#: an LP through new_highs on the main thread (the thread of the counterfactual, the
#: second step of an ``npv`` plan and the shadow prices). Printed: the MIP's status and
#: objective, whether the LP solved, the ``threads`` option each solve had, and the
#: pool-like OS threads before and after (a pool of one adds none).
_SCRIPT = (
    _COMMON
    + """
import linopy, pandas as pd, xarray as xr
from tigris.plan.highs import new_highs, run_highs
m = linopy.Model()
i = pd.RangeIndex(3, name="i")
x = m.add_variables(lower=0, upper=4, integer=True, name="x", coords=[i])
m.add_constraints((xr.DataArray([3, 5, 7], coords=[i]) * x).sum() <= 23)
m.add_constraints(x.isel(i=0, drop=True) - x.isel(i=1, drop=True) <= 1.5)
m.add_objective((xr.DataArray([4, 6, 9], coords=[i]) * x).sum(), sense="max")
before = pool_threads()
status, _ = run_highs(m)
h = knapsack_lp(new_highs())
ok = h.run() == highspy.HighsStatus.kOk
print(json.dumps({
    "status": status, "objective": round(float(m.objective.value), 9), "lp_ok": ok,
    "mip_threads": option(m.solver_model, "threads"), "lp_threads": option(h, "threads"),
    "before": before, "after": settled_pool_threads(before),
}))
"""
)

#: HiGHS's rule itself: on the main thread an instance left at HiGHS's default
#: ``threads`` (0) solves first, then one from new_highs asks for 1; a new thread's
#: first solve from new_highs. Printed: the three run statuses.
_RULE_SCRIPT = (
    _COMMON
    + """
from tigris.plan.highs import new_highs
default = highspy.Highs()
default.setOptionValue("output_flag", False)
out = {"default_first": str(knapsack_lp(default).run())}
out["then_new_highs"] = str(knapsack_lp(new_highs()).run())
def other():
    out["other_thread"] = str(knapsack_lp(new_highs()).run())
t = threading.Thread(target=other)
t.start()
t.join()
print(json.dumps(out))
"""
)


def _run(script: str, env_value: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != THREADS_ENV}
    if env_value is not None:
        env[THREADS_ENV] = env_value
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_one_thread_starts_no_pool_threads_and_keeps_the_optimum() -> None:
    got = _run(_SCRIPT, "1")
    assert (got["status"], got["objective"], got["lp_ok"]) == ("optimal", 29.0, True)
    # both paths ask HiGHS for one thread: linopy's (run_highs) and new_highs's
    assert (got["mip_threads"], got["lp_threads"]) == (1, 1)
    assert got["after"] == got["before"]  # no HiGHS pool thread beside the one solving


def test_unset_is_one_thread_too() -> None:
    # since 2026-12-04 (UT-REPRO #7) unset means tigris.plan.highs.DEFAULT_THREADS, one
    # thread, as a sweep's workers: no pool threads, the same optimum
    got = _run(_SCRIPT, None)
    assert (got["status"], got["objective"], got["lp_ok"]) == ("optimal", 29.0, True)
    assert (got["mip_threads"], got["lp_threads"]) == (1, 1)
    assert got["after"] == got["before"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="HiGHS runs one thread on one core")
def test_highs_own_choice_starts_pool_threads() -> None:
    # HiGHS's own choice (TIGRIS_HIGHS_THREADS above 1, here 2) on a machine of two
    # cores or more starts pool threads: what the default and a sweep's workers are spared
    got = _run(_SCRIPT, "2")
    assert (got["status"], got["objective"], got["lp_ok"]) == ("optimal", 29.0, True)
    assert (got["mip_threads"], got["lp_threads"]) == (2, 2)
    assert got["after"] > got["before"]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="HiGHS's default pool is one thread")
def test_a_threads_pool_is_sized_at_its_first_solve() -> None:
    # Why every instance must come from new_highs: a default instance solving first on
    # a thread sizes its pool at HiGHS's default, and new_highs's later solve there
    # (one thread) is refused with nothing solved; a thread of its own is free.
    got = _run(_RULE_SCRIPT, "1")
    assert got == {
        "default_first": "HighsStatus.kOk",
        "then_new_highs": "HighsStatus.kError",
        "other_thread": "HighsStatus.kOk",
    }


def _unrouted_highs() -> list[str]:
    """``file:line`` of each ``Highs()`` made in ``src/tigris`` outside ``new_highs`` by
    a function that does not take its options from ``highs_options``."""
    found = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            names = {n.id for n in ast.walk(fn) if isinstance(n, ast.Name)}
            if fn.name == "new_highs" or "highs_options" in names:
                continue
            for call in ast.walk(fn):
                f = getattr(call, "func", None)
                if isinstance(call, ast.Call) and (
                    (isinstance(f, ast.Attribute) and f.attr == "Highs")
                    or (isinstance(f, ast.Name) and f.id == "Highs")
                ):
                    found.append(f"{path.relative_to(SRC)}:{call.lineno}")
    return sorted(set(found))


def test_every_highs_instance_asks_for_the_same_threads() -> None:
    assert _unrouted_highs() == []


#: Two plans of the reference on one thread with one HiGHS thread: the first without
#: its counterfactual (its shadow prices are the first direct HiGHS solve on the
#: thread), the second with it. Printed: the second plan's status, whether every
#: baseline figure is a number, and the rows of its supply by source.
_TWO_PLANS = """
import math
from tigris.plan.solve import solve
from tigris.scenario import reference_scenario
sc = reference_scenario()
solve(sc, counterfactual=False, explain_result=False)
r = solve(sc, explain_result=False)
base = r.demand["baseline_served_h100e"]
print(r.status, bool(base.notna().all()), len(r.supply_by_source))
"""


def test_a_plan_after_one_without_counterfactual_keeps_its_baseline() -> None:
    # review RV1: shadow prices made their own HiGHS instance (threads 0), which sized
    # the thread's pool at HiGHS's default; the next plan's counterfactual on that
    # thread was then refused (kError) and its baseline came out all NaN, "optimal"
    env = {**os.environ, THREADS_ENV: "1"}
    out = subprocess.run(
        [sys.executable, "-c", _TWO_PLANS], env=env, capture_output=True, text=True, timeout=300
    )
    assert out.returncode == 0, out.stderr[-2000:]
    status, baseline_ok, supply_rows = out.stdout.strip().splitlines()[-1].split()
    assert (status, baseline_ok) == ("optimal", "True")
    assert int(supply_rows) > 0


def test_the_scan_finds_an_unrouted_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the scan above can fail: a plain highspy.Highs() in a function is reported
    (tmp_path / "m.py").write_text("import highspy\ndef f():\n    return highspy.Highs()\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert _unrouted_highs() == ["m.py:3"]


@pytest.mark.parametrize("value", ["0", "-1", "two", "1.5", str(2**31)])
def test_a_bad_value_names_the_variable(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, value)
    with pytest.raises(InputError, match=f"^{THREADS_ENV}: expected a whole number"):
        highs_options()


def test_the_option_reaches_highs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(THREADS_ENV, " 3 ")
    assert solver_threads() == 3
    assert highs_options()["threads"] == 3
    monkeypatch.setenv(THREADS_ENV, "")
    assert highs_options()["threads"] == 1  # unset or empty: one thread (UT-REPRO #7)
