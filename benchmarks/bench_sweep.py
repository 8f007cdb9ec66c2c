"""Benchmark of sweeps: plans per minute per core, and 1 vs 2 local Dask workers.

A 16-member sweep of the reference scenario: the first capital source's amount
(``capital.abu-dhabi-sovereign.amount_usd``, 8 values from $5B to $12B) crossed with
the fine-tuning class's share of the calibrated demand (0.20 and 0.15). Every member
keeps the reference's structure, as a sweep's members do.

1. ``solve_member``: the 16 members one after another in this process through
   :func:`tigris.plan.reuse.solve_member` (the first one cold, building everything;
   the others reusing its model), against :func:`tigris.plan.solve` with
   ``explain_result=False`` on the same members (``--no-baseline`` skips it). Plans per
   minute per core = 60 / CPU seconds per warm member (process CPU time, so other
   loads on the machine do not count). Each member's status and objective are checked
   against the baseline's (objective within the MIP gap).
2. ``tigris.sweep``: the same 16 members with ``workers=1`` and ``workers=2`` (local
   Dask clusters of one-thread worker processes), stored in a throw-away store.
   Reported: wall time of each sweep, the cluster start-up measured apart (a cluster
   started, its workers warmed -- the planner imported, ``executor.WARM_MODULES`` --
   and two trivial tasks run), the CPU time of the gathering process (Dask's scheduler,
   unpickling, storing), and the speed-up 1 -> 2 workers on the sweep's wall time less
   start-up (goal >= 1.7x; issue 14).

Goal (issue 14): >= 100 reference-size plans per minute per core.

Run::

    python benchmarks/bench_sweep.py                 # both parts, a table on stdout
    python benchmarks/bench_sweep.py --json
    python benchmarks/bench_sweep.py --part member --no-baseline
    python benchmarks/bench_sweep.py --part sweep --repeat 3

Wall times need a quiet machine (the 2-worker sweep needs both cores); the CPU figure
is robust to other loads.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

#: The sweep: the first capital source's amount [USD] x the fine-tuning demand share.
CAPITAL_PATH = "capital.abu-dhabi-sovereign.amount_usd"
CAPITAL_USD = (5e9, 6e9, 7e9, 8e9, 9e9, 10e9, 11e9, 12e9)
SHARE_PATH = "demand.fine-tuning-and-other.calibrated_share"
SHARES = (0.20, 0.15)
#: Objective agreement beyond the MIP gap (HiGHS feasibility tolerances) [-].
REL = 1e-6
#: Issue 14's goals.
GOAL_PLANS_PER_MIN = 100.0
GOAL_SPEEDUP = 1.7


def members() -> list[dict[str, Any]]:
    """The 16 members' changes, capital varying fastest."""
    return [{CAPITAL_PATH: c, SHARE_PATH: s} for s in SHARES for c in CAPITAL_USD]


def _timed(fn: Any, *args: Any, **kwargs: Any) -> tuple[Any, float, float]:
    w0, c0 = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    return out, time.perf_counter() - w0, time.process_time() - c0


def bench_members(baseline: bool = True) -> dict[str, Any]:
    """Part 1: the members in this process through solve_member (and solve)."""
    from tigris.plan import reuse
    from tigris.plan.solve import solve
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import set_paths

    base = reference_scenario()
    scenarios = [set_paths(base, ch) for ch in members()]
    reuse.clear()
    fast = [_timed(reuse.solve_member, sc) for sc in scenarios]
    rows: dict[str, Any] = {
        "members": len(scenarios),
        "cold_wall_s": fast[0][1],
        "cold_cpu_s": fast[0][2],
        "warm_wall_s": [round(w, 3) for _, w, _ in fast[1:]],
        "warm_cpu_s": [round(c, 3) for _, _, c in fast[1:]],
        "stats": dict(reuse.STATS),
    }
    warm_cpu = statistics.median(c for _, _, c in fast[1:])
    rows["plans_per_min_per_core"] = 60.0 / warm_cpu
    rows["plans_per_min_per_core_all16"] = 60.0 * len(fast) / sum(c for _, _, c in fast)
    if baseline:
        slow = [_timed(solve, sc, explain_result=False) for sc in scenarios]
        rows["baseline_cpu_s"] = [round(c, 3) for _, _, c in slow]
        rows["baseline_plans_per_min_per_core"] = 60.0 / statistics.median(
            c for _, _, c in slow[1:]
        )
        worst = 0.0
        for (a, _, _), (b, _, _) in zip(fast, slow, strict=True):
            assert a.status == b.status, (a.status, b.status)
            gap = max(a.mip_gap or 0.0, b.mip_gap or 0.0) + REL
            diff = abs(a.objective_usd - b.objective_usd) / max(1.0, abs(b.objective_usd))
            assert diff <= gap, f"objective differs by {diff:.2e} (gap {gap:.2e})"
            worst = max(worst, diff)
        rows["max_objective_rel_diff"] = worst
    return rows


def _warm(address: str, task: Any) -> None:
    """Plan ``task`` once on every worker of the cluster at ``address``: each worker
    builds its model (the cold first member of a sweep), so that the timed sweep that
    follows measures warm members only, the same in both arms."""
    from distributed import Client

    from tigris.runs.worker import run_member

    with Client(address, set_as_default=False) as client:
        workers = list(client.scheduler_info()["workers"])
        futures = [
            client.submit(run_member, task, workers=[w], allow_other_workers=False, pure=False)
            for w in workers
        ]
        for out in client.gather(futures):
            assert out.error is None, out.error


def _worker_cpu() -> dict[int, float]:
    """CPU seconds so far of each process this one started (the local cluster's
    worker processes), by pid."""
    import psutil  # a dependency of dask.distributed

    out = {}
    for p in psutil.Process().children(recursive=True):
        try:
            t = p.cpu_times()
        except psutil.Error:  # gone meanwhile
            continue
        out[p.pid] = t.user + t.system
    return out


def _arm(base: Path, grid: dict[str, list[Any]], workers: int, store: Path, warm: bool) -> dict:
    """One timed sweep: on a cluster started and warmed beforehand (``warm``), or from
    nothing as a user runs it (``tigris.sweep`` starts its cluster; cold models)."""
    import tigris
    from tigris.runs.executor import make_executor
    from tigris.runs.worker import MemberTask
    from tigris.scenario.edit import load_any, to_yaml

    load = os.getloadavg()[0]
    if warm:
        base_yaml = to_yaml(load_any(base))  # as tigris.sweep sends it to the workers
        task = MemberTask(-1, base_yaml, {}, {"counterfactual": True}, keep_result=False)
        with make_executor(workers) as ex:
            address = ex.start()  # type: ignore[attr-defined]
            _warm(address, task)
            before = _worker_cpu()
            res, wall, cpu = _timed(
                tigris.sweep, str(base), grid, scheduler=address, store=store, progress=False
            )
            after = _worker_cpu()
        workers_cpu = [after[p] - before[p] for p in before if p in after]
    else:
        workers_cpu = []
        res, wall, cpu = _timed(
            tigris.sweep, str(base), grid, workers=workers, store=store, progress=False
        )
    bad = res.members[res.members["status"] != "optimal"]
    assert bad.empty, bad.to_string()
    return {
        "wall_s": wall,
        # CPU of this process during the sweep: the gathering (results, store), the
        # scheduler and the nannies of a local cluster, and its start-up when cold
        "driver_cpu_s": cpu,
        # CPU of each worker process during the sweep (warm only): solves and overheads
        "workers_cpu_s": workers_cpu,
        "member_s": [round(float(x), 3) for x in res.members["seconds"]],
        "load_average_1min": load,
    }


def bench_sweep(repeat: int = 1, cold: bool = True) -> dict[str, Any]:
    """Part 2: tigris.sweep with 1 and 2 local workers, paired within each repetition.

    Each repetition runs the 16-member sweep with 1 and with 2 workers (the order
    alternating between repetitions, so a drift in the machine's load falls on both
    arms alike), twice each: on a cluster started and warmed beforehand (``warm``: the
    sweep's throughput, start-up and each worker's first model excluded in both arms)
    and from nothing (``cold``: what a user waits for, cluster start-up and first
    models included). The speed-up is the median of the paired ratios.
    """
    from tigris.scenario import reference_scenario
    from tigris.scenario.edit import to_yaml

    grid = {CAPITAL_PATH: list(CAPITAL_USD), SHARE_PATH: list(SHARES)}
    n = len(CAPITAL_USD) * len(SHARES)
    # what a sweep imports in this process, imported before the first timed sweep:
    # else that one arm (1 worker, the first time) pays ~0.6 s of imports
    import duckdb  # noqa: F401
    import pyarrow  # noqa: F401

    import tigris.plan.api
    import tigris.runs.store
    import tigris.runs.sweep  # noqa: F401

    modes = ("warm", "cold") if cold else ("warm",)
    runs: dict[str, list[dict[str, Any]]] = {f"{m}_{w}": [] for m in modes for w in (1, 2)}
    with tempfile.TemporaryDirectory(prefix="tigris-bench-") as tmp:
        base = Path(tmp) / "reference.yaml"
        base.write_text(to_yaml(reference_scenario()), encoding="utf-8")
        for i in range(repeat):
            order = (1, 2) if i % 2 == 0 else (2, 1)
            for mode in modes:
                for w in order:
                    store = Path(tmp) / f"runs-{mode}-{w}-{i}.duckdb"
                    runs[f"{mode}_{w}"].append(_arm(base, grid, w, store, mode == "warm"))
    out: dict[str, Any] = {"members": n, "repeat": repeat, "runs": runs}
    for mode in modes:
        one, two = runs[f"{mode}_1"], runs[f"{mode}_2"]
        ratios = [a["wall_s"] / b["wall_s"] for a, b in zip(one, two, strict=True)]
        w1 = statistics.median(r["wall_s"] for r in one)
        w2 = statistics.median(r["wall_s"] for r in two)
        out[mode] = {
            "speedup": statistics.median(ratios),
            "speedups": [round(r, 3) for r in ratios],
            "wall_1_s": w1,
            "wall_2_s": w2,
            "walls_1": [round(r["wall_s"], 2) for r in one],
            "walls_2": [round(r["wall_s"], 2) for r in two],
            "driver_cpu_1_s": [round(r["driver_cpu_s"], 2) for r in one],
            "driver_cpu_2_s": [round(r["driver_cpu_s"], 2) for r in two],
            "workers_cpu_1_s": [[round(c, 2) for c in r["workers_cpu_s"]] for r in one],
            "workers_cpu_2_s": [[round(c, 2) for c in r["workers_cpu_s"]] for r in two],
            # plans per minute: per core with one worker; in all with two
            "plans_per_min_1": 60.0 * n / w1,
            "plans_per_min_2": 60.0 * n / w2,
        }
    if "warm" in out:
        bounds = [_cpu_bound(a, b) for a, b in zip(runs["warm_1"], runs["warm_2"], strict=True)]
        out["warm"]["cpu_bound_speedups"] = [round(b, 3) for b in bounds]
        out["warm"]["cpu_bound_speedup"] = statistics.median(bounds)
        # plans per minute per core of the workers' CPU (1 worker): robust to other loads
        cpu1 = statistics.median(sum(r["workers_cpu_s"]) for r in runs["warm_1"])
        out["warm"]["plans_per_min_per_core_cpu"] = 60.0 * n / cpu1
    loads = [r["load_average_1min"] for arm in runs.values() for r in arm]
    out["load_average_1min"] = [min(loads), max(loads)]
    return out


def _cpu_bound(one: dict[str, Any], two: dict[str, Any]) -> float:
    """The speed-up the CPU each process used allows at most on an idle 2-core
    machine, a figure other loads hardly move (they stretch wall times, not CPU):
    with 1 worker the sweep lasts at least its busiest process's CPU; with 2 at least
    that, and half the CPU of all of them (driver and workers share the 2 cores)."""
    t1 = max([one["driver_cpu_s"], *one["workers_cpu_s"]])
    total2 = two["driver_cpu_s"] + sum(two["workers_cpu_s"])
    t2 = max([total2 / 2, two["driver_cpu_s"], *two["workers_cpu_s"]])
    return t1 / t2


def summary(s: dict[str, Any]) -> str:
    """The one line to paste (README, docs/sweeps.md): the paired speed-ups, both
    arms' wall times, plans per minute per core, the gathering process's CPU and the
    load average."""
    w = s["warm"]
    text = (
        f"bench_sweep: {s['members']} members, 2 vs 1 local workers, median of "
        f"{s['repeat']} paired runs: warm cluster {w['speedup']:.2f}x "
        f"(1 worker {w['wall_1_s']:.1f} s, 2 workers {w['wall_2_s']:.1f} s; "
        f"{w['plans_per_min_1']:.0f} plans/min/core with 1 worker, "
        f"{w['plans_per_min_2'] / 2:.0f} with 2, {w['plans_per_min_per_core_cpu']:.0f} "
        f"per core of worker CPU; CPU bound {w['cpu_bound_speedup']:.2f}x)"
    )
    if w.get("driver_cpu_2_s"):
        # the gathering process's CPU with 2 workers: taken from the workers' two cores,
        # and a figure other loads hardly move
        gather = statistics.median(w["driver_cpu_2_s"])
        text += f"; gathering process {gather:.2f} s CPU per sweep with 2 workers"
    if "cold" in s:
        c = s["cold"]
        text += (
            f"; from nothing (cluster start-up, first models) {c['speedup']:.2f}x "
            f"({c['wall_1_s']:.1f} s, {c['wall_2_s']:.1f} s)"
        )
    lo, hi = s["load_average_1min"]
    met = "met" if w["speedup"] >= GOAL_SPEEDUP else "NOT met"
    return f"{text}; load average {lo:.1f}-{hi:.1f}; goal {GOAL_SPEEDUP}x warm: {met}"


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table (or ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("member", "sweep", "both"), default="both")
    ap.add_argument("--no-baseline", action="store_true", help="skip the solve() baseline")
    ap.add_argument("--repeat", type=int, default=1, help="paired repetitions (median kept)")
    ap.add_argument("--no-cold", action="store_true", help="skip the sweeps from nothing")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    doc: dict[str, Any] = {
        "machine": platform.platform(),
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_1min": os.getloadavg()[0],  # other work on the machine
    }
    if args.part in ("member", "both"):
        doc["solve_member"] = bench_members(baseline=not args.no_baseline)
    if args.part in ("sweep", "both"):
        doc["sweep"] = bench_sweep(args.repeat, cold=not args.no_cold)
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    print(
        f"machine: {doc['machine']}, {doc['cores']} cores, Python {doc['python']}, "
        f"load average {doc['load_average_1min']:.1f} at the start"
    )
    if "solve_member" in doc:
        r = doc["solve_member"]
        print(f"solve_member, {r['members']} reference members in one process:")
        print(f"  first (cold) member: {r['cold_wall_s']:.2f} s wall, {r['cold_cpu_s']:.2f} s CPU")
        print(f"  warm members, CPU s: {r['warm_cpu_s']}")
        ppm = r["plans_per_min_per_core"]
        print(f"  plans/min/core (median warm): {ppm:.0f} (goal {GOAL_PLANS_PER_MIN:.0f})")
        print(f"  plans/min/core (all 16, cold included): {r['plans_per_min_per_core_all16']:.0f}")
        if "baseline_cpu_s" in r:
            print(f"  solve() baseline plans/min/core: {r['baseline_plans_per_min_per_core']:.0f}")
            print(f"  largest objective difference: {r['max_objective_rel_diff']:.1e} (relative)")
        print(f"  reuse: {r['stats']}")
    if "sweep" in doc:
        s = doc["sweep"]
        for mode in ("warm", "cold"):
            if mode not in s:
                continue
            d = s[mode]
            what = "on a started, warmed cluster" if mode == "warm" else "from nothing"
            print(f"tigris.sweep, {s['members']} members, {what}:")
            print(f"  1 worker  wall s: {d['walls_1']}, CPU s here: {d['driver_cpu_1_s']}")
            print(f"  2 workers wall s: {d['walls_2']}, CPU s here: {d['driver_cpu_2_s']}")
            print(f"  paired speed-ups: {d['speedups']}")
            if mode == "warm":
                print(f"  workers' CPU s, 1 worker: {d['workers_cpu_1_s']}")
                print(f"  workers' CPU s, 2 workers: {d['workers_cpu_2_s']}")
                print(f"  speed-ups the CPU used allows (idle machine): {d['cpu_bound_speedups']}")
        print("SUMMARY " + summary(s))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
