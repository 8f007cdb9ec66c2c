"""Benchmark of CLI start-up: wall time from process start to exit for the quick verbs.

Runs each verb as a fresh process (the installed ``tigris`` console script, as a user
would) ``--repeat`` times and reports the median and minimum wall time, hyperfine-style.
Also times a bare ``python -c pass`` so the interpreter's own start-up can be told apart.

Goal (issue 9): median <= 0.35 s for ``train``, ``infer``, ``die``, ``chip`` and ``fab``.

Run::

    python benchmarks/bench_startup.py              # a table on stdout
    python benchmarks/bench_startup.py --repeat 20 --json
    python -X importtime -c "import tigris.cli" 2> imports.txt   # where the time goes

Not part of the default test run; ``tests/test_import_speed.py`` checks the robust part
(no heavy module is imported by these verbs) instead of a wall-clock figure.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

#: The verbs timed, with arguments that exercise their ordinary path
#: (``tests/test_import_speed.py`` runs the same commands).
VERBS: dict[str, tuple[str, ...]] = {
    "train": (
        "train",
        "--params",
        "405e9",
        "--tokens",
        "15.6e12",
        "--count",
        "16384",
        "--mfu",
        "0.4",
    ),
    "infer": (
        "infer",
        "-m",
        "llama-3.1-405b",
        "--precision",
        "fp8",
        "--tokens-per-day",
        "1e10",
        "--prompt-tokens",
        "1000",
        "--output-tokens",
        "300",
    ),
    "die": ("die", "--width", "26", "--height", "33", "--node", "N5"),
    "chip": ("chip", "h100"),
    "fab": ("fab", "--node", "N3", "--site", "taiwan", "--wspm", "20000", "--years", "6"),
    "catalog": ("catalog",),
    "--version": ("--version",),
}
#: Start-up goal for the quick verbs [s].
GOAL_S = 0.35
GOAL_VERBS = ("train", "infer", "die", "chip", "fab")


def tigris_command(src: str | None = None) -> list[str]:
    """The installed console script next to this interpreter, else ``python -c``.

    With ``src`` (a ``src/`` directory of another checkout), run that code instead, to
    compare a change with the code before it.
    """
    if src is not None:
        code = f"import sys; sys.path.insert(0, {src!r}); from tigris.cli import entry; entry()"
        return [sys.executable, "-c", code]
    script = Path(sys.executable).with_name("tigris")
    if script.exists():
        return [str(script)]
    found = shutil.which("tigris")
    if found:
        return [found]
    return [sys.executable, "-c", "from tigris.cli import entry; entry()"]


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_once(cmd: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``cmd`` [s].

    CPU time is the steadier figure on a shared, busy machine; wall time is what a user
    waits. A failing command is an error carrying its last stderr line.
    """
    env = {**os.environ, "COLUMNS": "100"}
    cpu0 = _children_cpu_s()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    cpu = _children_cpu_s() - cpu0
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-1:]
        msg = f"{' '.join(cmd)} exited {proc.returncode}: {' '.join(tail)}"
        raise RuntimeError(msg)
    return elapsed, cpu


def bench(cmd: list[str], repeat: int, warmup: int = 1) -> dict[str, float]:
    """Median, minimum and maximum wall time and median CPU time of ``repeat`` runs [s]."""
    for _ in range(warmup):
        time_once(cmd)
    runs = [time_once(cmd) for _ in range(repeat)]
    wall = [w for w, _ in runs]
    return {
        "median_s": statistics.median(wall),
        "min_s": min(wall),
        "max_s": max(wall),
        "median_cpu_s": statistics.median(c for _, c in runs),
        "runs": repeat,
    }


def main(argv: list[str] | None = None) -> int:
    """Time every verb and print a table (or JSON)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="runs per verb (default 10)")
    parser.add_argument("--verbs", nargs="*", default=list(VERBS), help="verbs to time")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    parser.add_argument("--src", help="time the tigris in this src/ directory instead")
    args = parser.parse_args(argv)
    base = tigris_command(args.src)
    results = {"python -c pass": bench([sys.executable, "-c", "pass"], args.repeat)}
    for verb in args.verbs:
        results[verb] = bench([*base, *VERBS[verb]], args.repeat)
    if args.json:
        doc = {"python": platform.python_version(), "cpus": os.cpu_count(), "results": results}
        print(json.dumps(doc, indent=2))
        return 0
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {args.repeat} runs each")
    print(f"{'command':<16} {'median s':>9} {'min s':>7} {'max s':>7} {'CPU s':>7}  goal")
    for name, r in results.items():
        goal = ""
        if name in GOAL_VERBS:
            goal = "ok" if r["median_s"] <= GOAL_S else f"> {GOAL_S}"
        cells = f"{r['median_s']:>9.3f} {r['min_s']:>7.3f} {r['max_s']:>7.3f}"
        print(f"{name:<16} {cells} {r['median_cpu_s']:>7.3f}  {goal}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
