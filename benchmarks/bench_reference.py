"""The reference plan's speed: ``tigris plan`` from process start, where the time goes,
and the reference with incumbents responding.

Issue 10, item 7: the reference plan stays under 5 s from process start. The parts:

- ``wall``: ``tigris plan`` (the built-in reference) run as a fresh process, as a user
  would, ``--repeat`` times (median, min, max wall time and median CPU time);
- ``bytecode``: ``tigris plan --no-store`` from a temporary copy of the package, first
  without ``.pyc`` (as a checkout under ``PYTHONDONTWRITEBYTECODE`` runs), then
  compiled (as an installed tigris runs); the tree gets no ``.pyc``;
- ``profile``: one run of the same command under :mod:`cProfile` in a fresh process,
  its time split into phases by the cumulative time of named functions (imports,
  scenario assembly and its per-year chip bills, model build, HiGHS, counterfactual
  solves, explanations and their re-solves, the report printed); under the profiler
  Python-heavy phases run slower, so shares matter more than seconds;
- ``phases``: one unprofiled run in a fresh process, wall and CPU seconds of each
  phase (imports, assembly, counterfactual, model build, HiGHS, explanations, print)
  and the interpreter's exit after the command returned (the process's wall time
  less the rest);
- ``timings``: the plan's own timings (``timings`` of ``tigris plan --no-store
  --json``: the counterfactual's solves, the model build, HiGHS, the explanation
  re-solves...), median of ``--repeat`` runs, with each run's wall time from process
  start;
- ``respond``: the reference with ``incumbents: {respond: true}`` (``--json``), its
  wall time, status and gap: HiGHS's relative gap of the whole objective and, from it,
  the absolute gap ``mip_gap x |objective|`` as a share of the plan cost (discounted
  capex + opex, the penalty excluded; ``benchmarks/bench_scale.py`` says why);
- ``scale``: the 100-site x 10-facility x 15-year x 30-product MIP of
  ``benchmarks/bench_scale.py`` to a 0.1 % gap of the plan cost, in a fresh process
  (minutes; not in the default parts, ``--parts scale`` or ``--parts all``).

The machine is shared and noisy: compare ratios within one run (``python -c pass`` is
timed alongside) rather than seconds across runs.

Run::

    python benchmarks/bench_reference.py               # the default parts, a table
    python benchmarks/bench_reference.py --json --repeat 5
    python benchmarks/bench_reference.py --parts profile --top 25
    python benchmarks/bench_reference.py --parts phases profile --no-store
    python benchmarks/bench_reference.py --parts all   # and the 100x10x15x30 MIP
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

#: Goal for ``tigris plan`` on the reference, process start to exit [s].
GOAL_S = 5.0
#: Parts of the benchmark, and those run by default (``scale`` takes minutes).
PARTS = ("wall", "bytecode", "phases", "timings", "profile", "respond", "scale")
DEFAULT_PARTS = ("wall", "bytecode", "phases", "timings", "profile", "respond")
#: The plan's own timings printed by the ``timings`` part, in order (``PlanResult.timings``).
TIMING_KEYS = (
    "counterfactual_s",
    "counterfactual_solves",
    "build_s",
    "solve_s",
    "solve_call_s",
    "extract_s",
    "finance_s",
    "shadow_s",
    "explain_s",
    "resolve_s",
    "resolves",
)
_BENCH_SCALE = Path(__file__).resolve().with_name("bench_scale.py")

#: Phases of a ``tigris plan`` run: label -> (module path suffix, function names). A
#: phase's time is the cumulative time of its functions (outermost calls only, as
#: :mod:`pstats` counts recursion); phases nest (the chip bills are inside the
#: assembly, the model builds inside the counterfactual solves), so they do not sum.
PHASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "imports": ("<frozen importlib._bootstrap>", ("_find_and_load",)),
    "assemble (scenario -> arrays)": ("tigris/plan/assemble.py", ("assemble",)),
    "  chip bills by year": ("tigris/world/roadmap.py", ("bills_by_year",)),
    "  chip_bill calls": ("tigris/silicon/chip.py", ("chip_bill",)),
    "solve_inputs (plan)": ("tigris/plan/solve.py", ("solve_inputs",)),
    "  build_model (all)": ("tigris/plan/model.py", ("build_model",)),
    "  run_highs (all)": ("tigris/plan/highs.py", ("run_highs",)),
    # 0 where it runs in a worker thread beside the plan's build and HiGHS run
    # (tigris.plan.solve._overlapped, the reference): cProfile sees the main thread only
    "  counterfactual": (
        "tigris/plan/counterfactual.py",
        ("supply_by_source", "counterfactual", "solve_counterfactual", "baseline"),
    ),
    "  explain": ("tigris/plan/explain.py", ("explain",)),
    # the re-solves run in threads cProfile does not see: this is the wait for them
    "    waiting for re-solves": ("tigris/plan/explain_base.py", ("_result",)),
    "print the result": ("tigris/cli/plan.py", ("print_summary",)),
    "  headline (memoised)": ("tigris/plan/summary.py", ("plan_headline",)),
}

_BENCH_STARTUP = Path(__file__).resolve().with_name("bench_startup.py")


def _startup():
    """``benchmarks/bench_startup.py`` as a module (its timing helpers)."""
    spec = spec_from_file_location("bench_startup", _BENCH_STARTUP)
    assert spec is not None and spec.loader is not None
    module = module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def respond_scenario(path: Path) -> Path:
    """Write the reference scenario with ``incumbents: {respond: true}`` to ``path``."""
    from tigris.scenario import reference_scenario_text

    text = reference_scenario_text()
    if "respond: false" in text:
        text = text.replace("respond: false", "respond: true", 1)
    elif "incumbents:" not in text:
        text += "\nincumbents:\n  respond: true\n"
    else:
        msg = "reference scenario: cannot find incumbents.respond to switch on"
        raise RuntimeError(msg)
    path.write_text(text, encoding="utf-8")
    return path


def wall(args: tuple[str, ...] = ("plan",), repeat: int = 5) -> dict[str, object]:
    """Median, min and max wall time and median CPU time of ``tigris ARGS`` [s]."""
    su = _startup()
    base = su.tigris_command()
    out = su.bench([*base, *args], repeat)
    out["python_pass"] = su.bench([sys.executable, "-c", "pass"], repeat)["median_s"]
    out["goal_s"] = GOAL_S
    out["under_goal"] = bool(out["median_s"] < GOAL_S)
    return out


def wall_bytecode(repeat: int = 5) -> dict[str, object]:
    """``tigris plan --no-store`` run from a temporary copy of the tigris package, without
    and then with compiled bytecode (:mod:`compileall` on the copy): what a checkout
    under ``PYTHONDONTWRITEBYTECODE`` pays (every run compiles tigris's modules again)
    and what an installed tigris (pip byte-compiles) pays. The tree itself is not
    touched: no ``.pyc`` is written into it. Runs alternate between the two copies'
    states only through the order (source first), so compare them within one call.

    Returns
    -------
    dict
        ``source`` and ``compiled``: :func:`wall`-style medians [s] of ``repeat`` runs.
    """
    import compileall
    import shutil
    from importlib.util import find_spec

    spec = find_spec("tigris")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        msg = "tigris is not importable"
        raise RuntimeError(msg)
    package = Path(next(iter(spec.submodule_search_locations)))
    su = _startup()
    out: dict[str, object] = {}
    saved = os.environ.get("PYTHONDONTWRITEBYTECODE")
    with tempfile.TemporaryDirectory(prefix="tigris-bytecode-") as tmp:
        shutil.copytree(package, Path(tmp) / "tigris", ignore=shutil.ignore_patterns("__pycache__"))
        cmd = [*su.tigris_command(tmp), "plan", "--no-store"]
        try:
            os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # the copy stays without .pyc
            out["source"] = su.bench(cmd, repeat)
            compileall.compile_dir(tmp, quiet=1)
            out["compiled"] = su.bench(cmd, repeat)
        finally:
            if saved is None:
                os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
            else:
                os.environ["PYTHONDONTWRITEBYTECODE"] = saved
    out["goal_s"] = GOAL_S
    return out


#: A ``tigris plan`` run in a fresh process with its phases timed (wall and CPU, no
#: profiler): imports in three steps, then ``tigris.cli.main`` with the functions of
#: :data:`WRAPPED` timed (summed over calls; CPU counts every thread of the process, so
#: the explanations' re-solves are in theirs). Prints one JSON line.
_PHASES_SCRIPT = """
import json, os, sys, time
clock = lambda: (time.perf_counter(), time.process_time())
marks = {}
def mark(name, since):
    now = clock()
    marks[name] = {"s": now[0] - since[0], "cpu_s": now[1] - since[1], "calls": 1}
    return now
t = t_all = clock()
import tigris.cli
t = mark("import tigris.cli", t)
import tigris.cli.plan, tigris.plan.solve, tigris.plan.assemble, tigris.scenario
t = mark("import the planner (pandas, pydantic, ...)", t)
if "xarray" not in sys.modules and "dask" not in sys.modules:
    sys.modules["dask"] = None  # as tigris plan does (tigris.cli.plan._treat_dask_as_absent)
from tigris.cli.plan import _import_linopy_without_requests
_import_linopy_without_requests()  # as tigris plan imports it (requests hidden)
import highspy, linopy
linopy.Model()
t = mark("import linopy, highspy; first Model", t)
seen = {}
def wrap(module, name):
    mod = sys.modules[module]
    f = getattr(mod, name)
    def timed(*a, **k):
        t0 = clock()
        out = f(*a, **k)
        t1 = clock()
        row = seen.setdefault(name, {"s": 0.0, "cpu_s": 0.0, "calls": 0})
        row["s"] += t1[0] - t0[0]
        row["cpu_s"] += t1[1] - t0[1]
        row["calls"] += 1
        return out
    setattr(mod, name, timed)
for module, name in WRAPPED:
    wrap(module, name)
out = sys.stdout
sys.stdout = open(os.devnull, "w")
code = tigris.cli.main(ARGS)
sys.stdout = out
t = mark("tigris.cli.main", t)
mark("all (after interpreter start)", t_all)
print(json.dumps({"code": code, "marks": marks, "seen": seen}))
"""

#: Functions timed in :func:`phase_times`: (module, name, label). The plan's own model
#: build and HiGHS run are those :mod:`tigris.plan.solve` calls; the counterfactual's
#: solves are inside ``counterfactual``.
WRAPPED = (
    ("tigris.plan.assemble", "assemble", "load + assemble the reference (chip bills)"),
    ("tigris.plan.solve", "solve_counterfactual", "counterfactual (world without investor)"),
    ("tigris.plan.solve", "build_model", "build_model (the plan)"),
    ("tigris.plan.solve", "run_highs", "HiGHS via linopy (the plan)"),
    ("tigris.plan.solve", "extract", "extract tables"),
    ("tigris.plan.solve", "explain", "explain (with its re-solves)"),
    ("tigris.cli.plan", "print_summary", "print the result"),
)


def phase_times(args: tuple[str, ...] = ("plan",)) -> dict[str, object]:
    """Wall and CPU seconds of each phase of one unprofiled ``tigris ARGS`` run.

    Returns
    -------
    dict
        ``rows``: ``[phase, wall s, CPU s, calls]`` in order (imports, then the
        functions of :data:`WRAPPED`, then the rest of the run), ``total_s`` and
        ``total_cpu_s`` (all after the interpreter's start), ``python_s``
        (``python -c pass``, the interpreter's own start), ``process_s`` (the
        process's wall time, start to exit) and ``exit_s`` (``process_s`` less
        ``total_s`` and ``python_s``: the interpreter's exit after the command
        returned, its modules and objects torn down).
    """
    t0 = time.perf_counter()
    code = _PHASES_SCRIPT.replace("ARGS", repr(list(args)))
    code = code.replace("WRAPPED", repr([(m, n) for m, n, _ in WRAPPED]))
    proc = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    process_s = time.perf_counter() - t0
    doc = json.loads(proc.stdout.strip().splitlines()[-1])
    marks, seen = doc["marks"], doc["seen"]
    rows = [[k, v["s"], v["cpu_s"], 1] for k, v in marks.items() if k.startswith("import")]
    zero = {"s": 0.0, "cpu_s": 0.0, "calls": 0}
    for _, name, label in WRAPPED:
        v = seen.get(name, zero)
        rows.append([label, v["s"], v["cpu_s"], v["calls"]])
    main = marks["tigris.cli.main"]
    inside = [seen.get(n, zero) for _, n, _ in WRAPPED]
    rows.append(
        [
            "rest of the run",
            main["s"] - sum(v["s"] for v in inside),
            main["cpu_s"] - sum(v["cpu_s"] for v in inside),
            1,
        ]
    )
    total = marks["all (after interpreter start)"]
    python_s = _startup().bench([sys.executable, "-c", "pass"], 3)["median_s"]
    return {
        "rows": rows,
        "total_s": total["s"],
        "total_cpu_s": total["cpu_s"],
        "python_s": python_s,
        "process_s": process_s,
        "exit_s": process_s - total["s"] - python_s,
    }


def _profile_file(args: tuple[str, ...], out: Path) -> float:
    """Run ``tigris ARGS`` under cProfile in a new process; its wall time [s]."""
    code = (
        "import cProfile, sys\n"
        f"sys.argv = ['tigris', *{list(args)!r}]\n"
        "prof = cProfile.Profile()\n"
        "prof.enable()\n"
        "try:\n"
        "    from tigris.cli import main\n"
        "    code = main(sys.argv[1:])\n"
        "finally:\n"
        "    prof.disable()\n"
        f"    prof.dump_stats({str(out)!r})\n"
    )
    t0 = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env={**os.environ, "COLUMNS": "100"},
    )
    return time.perf_counter() - t0


def phases(stats: pstats.Stats) -> dict[str, dict[str, float]]:
    """Cumulative seconds and calls of each phase of :data:`PHASES`."""
    raw = stats.stats  # type: ignore[attr-defined]
    out = {}
    for label, (where, names) in PHASES.items():
        cum, calls = 0.0, 0
        for (file, _line, func), (_cc, nc, _tt, ct, _callers) in raw.items():
            if func in names and file.replace("\\", "/").endswith(where):
                cum += ct
                calls += nc
        out[label] = {"s": cum, "calls": calls}
    return out


def profile(args: tuple[str, ...] = ("plan",), top: int = 15) -> dict[str, object]:
    """One profiled run: total, phases, share of the total, and the top functions."""
    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "plan.prof"
        wall_s = _profile_file(args, prof)
        stats = pstats.Stats(str(prof))
    total = float(stats.total_tt)  # type: ignore[attr-defined]
    ph = phases(stats)
    for v in ph.values():
        v["share"] = v["s"] / total if total else math.nan
    rows = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])  # type: ignore[attr-defined]
    tops = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in rows:
        if "tigris" not in file and "linopy" not in file and "highspy" not in file:
            continue
        short = file.split("site-packages/")[-1].split("src/")[-1]
        tops.append(
            {"function": f"{short}:{line}({func})", "calls": nc, "tottime_s": tt, "cum_s": ct}
        )
        if len(tops) >= top:
            break
    return {"wall_s": wall_s, "profiled_s": total, "phases": ph, "top": tops}


def plan_timings(repeat: int = 3) -> dict[str, object]:
    """The reference's own timings (``tigris plan --no-store --json``), median of
    ``repeat`` fresh runs, and each run's wall time from process start [s]."""
    import statistics

    cmd = [*_startup().tigris_command(), "plan", "--no-store", "--json"]
    walls, runs = [], []
    for _ in range(max(1, repeat)):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
        walls.append(time.perf_counter() - t0)
        runs.append(json.loads(proc.stdout).get("timings") or {})
    keys = [k for k in TIMING_KEYS if any(k in r for r in runs)]
    keys += sorted({k for r in runs for k in r} - set(keys))
    median = {k: statistics.median(float(r.get(k, math.nan)) for r in runs) for k in keys}
    return {
        "runs": len(runs),
        "wall_s": walls,
        "median_wall_s": statistics.median(walls),
        "median": median,
    }


def scale(time_limit_s: float = 3600.0) -> dict[str, object]:
    """``benchmarks/bench_scale.py --json`` (the 100 x 10 x 15 x 30 MIP to 0.1 % of the
    plan cost) in a fresh process: its JSON document, and its wall time [s]."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, str(_BENCH_SCALE), "--json", "--time-limit", str(time_limit_s)],
        capture_output=True,
        text=True,
        check=True,
    )
    return {"process_s": time.perf_counter() - t0, **json.loads(proc.stdout)}


def respond(repeat: int = 3) -> dict[str, object]:
    """Wall time, status and gaps of the reference with incumbents responding."""
    su = _startup()
    with tempfile.TemporaryDirectory() as tmp:
        path = respond_scenario(Path(tmp) / "respond.yaml")
        cmd = [*su.tigris_command(), "plan", str(path), "--json"]
        timing = su.bench(cmd, repeat, warmup=0)
        proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    doc = json.loads(proc.stdout)
    terms = doc.get("objective_terms_usd") or {}
    plan_cost = float(terms.get("capex", math.nan)) + float(terms.get("opex", math.nan))
    gap = doc.get("mip_gap")
    obj = doc.get("objective_usd")
    abs_gap = gap * abs(obj) if gap is not None and obj is not None else math.nan
    return {
        **timing,
        "status": doc.get("status"),
        "highs_rel_gap": gap,
        "objective_usd": obj,
        "plan_cost_usd": plan_cost,
        "abs_gap_usd": abs_gap,
        "plan_cost_gap": abs_gap / plan_cost if plan_cost > 0 else math.nan,
        "timings": doc.get("timings"),
    }


def bytecode() -> dict[str, object]:
    """Whether tigris's modules run from a bytecode cache: how many of its ``.py`` files
    have a ``.pyc`` (:func:`importlib.util.cache_from_source`) and whether
    ``PYTHONDONTWRITEBYTECODE`` keeps Python from writing the missing ones. Without a
    cache every run compiles tigris's modules again: ~0.3-0.4 s of CPU on the 2-core
    machine of ``docs/plan.md`` ("Speed of the reference plan, fourth session"), which
    a regular install (pip byte-compiles) or a second run without the variable does
    not pay."""
    from importlib.util import cache_from_source, find_spec

    spec = find_spec("tigris")
    roots = [] if spec is None else list(spec.submodule_search_locations or [])
    files = [f for r in roots for f in Path(r).rglob("*.py")]
    cached = sum(1 for f in files if Path(cache_from_source(str(f))).is_file())
    return {
        "tigris_py_files": len(files),
        "with_pyc": cached,
        "dont_write_bytecode": bool(os.environ.get("PYTHONDONTWRITEBYTECODE")),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the parts asked for and print a table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parts", nargs="*", default=list(DEFAULT_PARTS), choices=[*PARTS, "all"])
    ap.add_argument("--repeat", type=int, default=5, help="runs of tigris plan (median)")
    ap.add_argument("--top", type=int, default=15, help="functions listed by the profile")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument(
        "--no-store",
        action="store_true",
        help="wall, phases and profile run 'tigris plan --no-store' (no DuckDB, nothing "
        "added to the runs store), as timings does",
    )
    args = ap.parse_args(argv)
    plan_args = ("plan", "--no-store") if args.no_store else ("plan",)
    if "all" in args.parts:
        args.parts = list(PARTS)
    doc: dict[str, object] = {
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg()[0],
        "bytecode": bytecode(),
        "command": ["tigris", *plan_args],
    }
    if "wall" in args.parts:
        doc["wall"] = wall(plan_args, args.repeat)
    if "bytecode" in args.parts:
        doc["wall_bytecode"] = wall_bytecode(args.repeat)
    if "phases" in args.parts:
        doc["phases"] = phase_times(plan_args)
    if "timings" in args.parts:
        doc["timings"] = plan_timings(max(3, min(args.repeat, 5)))
    if "profile" in args.parts:
        doc["profile"] = profile(plan_args, args.top)
    if "respond" in args.parts:
        doc["respond"] = respond(max(1, min(args.repeat, 3)))
    if "scale" in args.parts:
        doc["scale"] = scale()
    doc["load_average_after"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    print(
        f"python {doc['python']}, {doc['cpus']} CPUs, load average "
        f"{doc['load_average_before']:.2f} -> {doc['load_average_after']:.2f}"
    )
    bc = doc["bytecode"]
    print(
        f"bytecode cache: {bc['with_pyc']} of {bc['tigris_py_files']} tigris modules have "
        f"a .pyc; PYTHONDONTWRITEBYTECODE {'set' if bc['dont_write_bytecode'] else 'unset'}"
        + (" (each run compiles the others)" if bc["dont_write_bytecode"] else "")
    )
    if "wall" in doc:
        w = doc["wall"]
        print(
            f"tigris {' '.join(plan_args)} (reference), {w['runs']} runs: median "
            f"{w['median_s']:.2f} s "
            f"(min {w['min_s']:.2f}, max {w['max_s']:.2f}; CPU {w['median_cpu_s']:.2f} s; "
            f"python -c pass {w['python_pass']:.3f} s); goal < {GOAL_S:.0f} s: "
            f"{'ok' if w['under_goal'] else 'MISSED'}"
        )
    if "wall_bytecode" in doc:
        for state, label in (("source", "without .pyc"), ("compiled", "with .pyc")):
            w = doc["wall_bytecode"][state]
            print(
                f"tigris plan --no-store from a copy {label}, {w['runs']} runs: median "
                f"{w['median_s']:.2f} s (min {w['min_s']:.2f}, max {w['max_s']:.2f}; "
                f"CPU {w['median_cpu_s']:.2f} s)"
            )
    if "phases" in doc:
        ph = doc["phases"]
        print(
            f"one run, phases (no profiler): {ph['total_s'] + ph['python_s']:.2f} s wall "
            f"from process start (python start-up {ph['python_s']:.2f} s), "
            f"CPU {ph['total_cpu_s']:.2f} s"
        )
        print(f"  {'phase':<44}{'wall s':>8}{'CPU s':>8}{'CPU share':>10}{'calls':>6}")
        for label, w, c, n in ph["rows"]:
            share = c / ph["total_cpu_s"]
            print(f"  {label:<44}{w:>8.2f}{c:>8.2f}{share:>10.1%}{n:>6}")
        print(
            f"  the process, start to exit: {ph['process_s']:.2f} s wall, of which "
            f"{ph['exit_s']:.2f} s after the command returned (interpreter exit)"
        )
    if "timings" in doc:
        t = doc["timings"]
        walls = ", ".join(f"{w:.2f}" for w in t["wall_s"])
        print(
            f"tigris plan --no-store --json, {t['runs']} runs: wall from process start "
            f"median {t['median_wall_s']:.2f} s ({walls}); the plan's timings (median):"
        )
        for k, v in t["median"].items():
            unit = "" if k.endswith(("solves", "resolves")) else " s"
            print(f"  {k:<24}{v:>8.2f}{unit}")
    if "profile" in doc:
        p = doc["profile"]
        print(f"profiled run: {p['wall_s']:.2f} s wall, {p['profiled_s']:.2f} s profiled")
        print(f"  {'phase':<34}{'s':>8}{'share':>8}{'calls':>8}")
        for label, v in p["phases"].items():
            print(f"  {label:<34}{v['s']:>8.2f}{v['share']:>8.1%}{v['calls']:>8}")
        print("  top functions by cumulative time:")
        for t in p["top"]:
            print(f"    {t['cum_s']:>7.2f} s {t['calls']:>7}  {t['function']}")
    if "respond" in doc:
        r = doc["respond"]
        print(
            f"reference with incumbents responding, {r['runs']} runs: median "
            f"{r['median_s']:.2f} s; status {r['status']}; HiGHS gap {r['highs_rel_gap']} of "
            f"the objective = {r['plan_cost_gap']:.3%} of the plan cost "
            f"(US${r['abs_gap_usd']:.3e} of US${r['plan_cost_usd']:.3e})"
        )
    if "scale" in doc:
        sc = doc["scale"]
        r = sc
        size = "x".join(str(v) for v in sc.get("size", {}).values())
        print(
            f"{size} MIP (benchmarks/bench_scale.py): {sc['process_s']:.1f} s in its "
            f"process; HiGHS {r.get('solve_s', math.nan):.1f} s, status {r.get('status')}, "
            f"gap {r.get('plan_cost_gap', math.nan):.3%} of the plan cost "
            f"(asked 0.1 %: met {r.get('met')})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
