"""Benchmark of the chain Monte Carlo: chain samples per second per core (issue 15).

The workload -> silicon -> fab chain of :mod:`tigris.risk.chain` for H100 made in 2026
at an Arizona fab of 30,000 wspm, a Llama-3.1-405B-sized training run (3.8e25 FLOP,
Meta 2024) with four inputs drawn: compute (lognormal), days (triangular), MFU (PERT)
and D0 (uniform); goodput, PUE and the capex factor at their defaults.

1. ``monte carlo``: :func:`tigris.risk.chain.chain_monte_carlo` end to end (the draws
   by :func:`tigris.risk.distributions.sample_array` from one seeded generator, the
   range checks and the chain arithmetic), ``--samples`` samples per run.
2. ``chain``: :func:`tigris.risk.chain.chain_arrays` alone, on the draws of run 1.
3. ``draws``: ``sample_array`` of each input's distribution alone, per draw, in blocks
   of the chain's size (what the Monte Carlo pays for its inputs).

Samples per second per core = samples / process CPU seconds (numpy runs these on one
thread, so process CPU time is one core's; other loads on the machine count less than
in wall time, though they still share caches and memory bandwidth). Each part runs
``--repeat`` times after one warm-up run (the first run of a process also pays the
operating system for the fresh pages of its arrays, reported apart as ``cold``); the
best and the median are reported.

Goal (issue 15): >= 5 million chain samples per second per core.

Run::

    python benchmarks/bench_chain.py
    python benchmarks/bench_chain.py --samples 4000000 --repeat 7 --json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from typing import Any

#: Issue 15's goal [samples/s per core].
GOAL_PER_S = 5e6
#: Llama 3.1 405B's training compute (Meta, "The Llama 3 Herd of Models", 2024) [FLOP].
FLOP = 3.8e25
#: The chain's fixed arguments.
FIXED: dict[str, Any] = {
    "accelerator": "h100",
    "year": 2026,
    "site": "arizona-usa",
    "wspm": 30_000.0,
}


def specs() -> dict[str, Any]:
    """The drawn inputs (illustrative spreads around the Llama 3 run, not sourced data)."""
    from tigris.risk.distributions import Lognormal, Pert, Triangular, Uniform

    return {
        "training_flop": Lognormal(median=FLOP, sigma=0.5),
        "training_days": Triangular(low=60.0, mode=90.0, high=150.0),
        "mfu": Pert(low=0.25, mode=0.40, high=0.55),
        "d0_per_cm2": Uniform(low=0.05, high=0.15),
    }


def _cpu(fn: Any) -> tuple[Any, float]:
    c0 = time.process_time()
    out = fn()
    return out, time.process_time() - c0


def _rates(n: int, cpu_s: list[float]) -> dict[str, float]:
    return {
        "best_per_s": n / min(cpu_s),
        "median_per_s": n / statistics.median(cpu_s),
        "worst_per_s": n / max(cpu_s),
    }


def bench(samples: int, repeat: int, seed: int = 1) -> dict[str, Any]:
    """All three parts; rates in samples (draws) per CPU second."""
    import numpy as np

    from tigris.risk import chain
    from tigris.risk.distributions import sample_array

    sp = specs()
    mc, cold = _cpu(lambda: chain.chain_monte_carlo(sp, samples, seed, **FIXED))
    del mc
    mc_cpu, chain_cpu = [], []
    draws = None
    for _ in range(repeat):
        mc, t = _cpu(lambda: chain.chain_monte_carlo(sp, samples, seed, **FIXED))
        mc_cpu.append(t)
        draws = mc.samples
        del mc
    for _ in range(repeat):
        _, t = _cpu(lambda: chain.chain_arrays(draws, **FIXED))
        chain_cpu.append(t)
    per_draw = {}
    block = chain.BLOCK
    rng = np.random.default_rng(seed)
    for name, spec in sp.items():
        times = []
        for _ in range(repeat):
            _, t = _cpu(
                lambda s=spec: [sample_array(s, block, rng) for _ in range(samples // block)]
            )
            times.append(t)
        per_draw[name] = {
            "dist": spec.dist,
            "ns_per_draw_median": 1e9 * statistics.median(times) / (block * (samples // block)),
        }
    return {
        "samples": samples,
        "repeat": repeat,
        "monte_carlo": _rates(samples, mc_cpu) | {"cold_per_s": samples / cold},
        "chain": _rates(samples, chain_cpu),
        "draws": per_draw,
        "goal_per_s": GOAL_PER_S,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print a table (or ``--json``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--samples", type=int, default=2_000_000, help="samples per run")
    ap.add_argument("--repeat", type=int, default=5, help="runs per part (best, median kept)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    load0 = os.getloadavg()[0]
    r = bench(args.samples, args.repeat)
    doc = {
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average_1min": [load0, os.getloadavg()[0]],  # before, after
        **r,
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    m, c = r["monte_carlo"], r["chain"]
    load1 = doc["load_average_1min"][1]
    print(f"{doc['machine']}, {doc['cpus']} CPUs, load average {load0:.2f} -> {load1:.2f}; "
          f"{r['samples']:,} samples x {r['repeat']} runs")  # fmt: skip
    print(f"monte carlo (draws + chain), million samples/s/core: best {m['best_per_s'] / 1e6:.2f}, "
          f"median {m['median_per_s'] / 1e6:.2f}, worst {m['worst_per_s'] / 1e6:.2f}, "
          f"cold first run {m['cold_per_s'] / 1e6:.2f} (goal {GOAL_PER_S / 1e6:.0f})")  # fmt: skip
    print(f"chain alone (arithmetic + checks), million samples/s/core: best "
          f"{c['best_per_s'] / 1e6:.2f}, median {c['median_per_s'] / 1e6:.2f}")  # fmt: skip
    for name, d in r["draws"].items():
        print(f"  draw {name} ({d['dist']}): {d['ns_per_draw_median']:.1f} ns")
    return 0


if __name__ == "__main__":
    sys.exit(main())
