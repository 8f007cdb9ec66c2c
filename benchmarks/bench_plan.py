"""Benchmark of the network planner: model build, HiGHS solve and result extraction.

Grows the problem (sites x facility types x years x products) up to 200 x 8 x 30 x 20
and solves the LP relaxation (``--relax``), timing separately:

- ``build``: :func:`tigris.plan.model.build_model` (linopy model from arrays);
- ``to_highs``: linopy handing the model to HiGHS (matrix export), inside ``solve``;
- ``solve``: HiGHS's own run time (``Highs.getRunTime``);
- ``extract``: :func:`tigris.plan.solve.extract` (solution -> result tables).

Goal (issue 5): build + extract <= half of HiGHS's solve time at the largest size.

Run::

    python benchmarks/bench_plan.py            # all sizes, a table on stdout
    python benchmarks/bench_plan.py --json     # one JSON document
    python benchmarks/bench_plan.py --sizes 200x8x30x20 --repeat 3

Problems are generated from a seeded ``numpy.random.Generator``; numbers are synthetic
but shaped like the reference scenario (module sizes, ramps, EUV needs, capital).
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time

import numpy as np

from tigris.plan.inputs import PlanInputs
from tigris.plan.model import build_model
from tigris.plan.solve import _solution, extract, run_highs

SIZES = ((10, 3, 10, 3), (50, 4, 15, 5), (100, 6, 20, 10), (200, 8, 30, 20))


def generated(n_sites: int, n_fac: int, n_years: int, n_prod: int, seed: int = 0) -> PlanInputs:
    """A synthetic problem of the given size (``n_fac`` >= 3: logic nodes + CoWoS + HBM)."""
    rng = np.random.default_rng(seed)
    n_logic = n_fac - 2
    kinds = ("logic",) * n_logic + ("cowos", "hbm")
    nodes = (*tuple(f"N{i}" for i in range(n_logic)), "", "")
    facilities = (*tuple(f"logic-{n}" for n in nodes[:n_logic]), "cowos", "hbm")
    years = np.arange(2025, 2025 + n_years)
    n_lag = 6
    spend = np.zeros((n_sites, n_fac, n_lag))
    output = np.zeros((n_sites, n_fac, n_lag))
    build_years = rng.integers(1, 4, (n_sites, n_fac))
    for lag in range(n_lag):
        inside = lag < build_years
        spend[..., lag] = np.where(inside, 1.0 / build_years, 0.0)
        output[..., lag] = np.clip((lag - build_years + 1) / 3.0, 0.0, 1.0)
    use = np.zeros((n_prod, n_fac))
    use[np.arange(n_prod), rng.integers(0, n_logic, n_prod)] = rng.uniform(0.01, 0.08, n_prod)
    use[:, -2] = rng.uniform(0.04, 0.1, n_prod)
    use[:, -1] = rng.uniform(5, 9, n_prod)
    module = np.array([20000.0] * n_logic + [10000.0, 1e6])
    h100e = rng.uniform(1.0, 3.0, n_prod)
    demand_total = np.linspace(15e6, 15e6 * 1.3 ** (n_years - 1), n_years)
    return PlanInputs(
        years=years,
        sites=tuple(f"site{i:03d}" for i in range(n_sites)),
        facilities=facilities,
        facility_kind=kinds,
        facility_node=nodes,
        products=tuple(f"p{i:02d}" for i in range(n_prod)),
        classes=("frontier", "inference", "fine-tuning"),
        sources=("a", "b", "c"),
        h100e=h100e,
        use=use,
        available=np.ones((n_prod, n_years), dtype=bool),
        min_share=np.zeros((n_prod, n_years)),
        max_share=np.full((n_prod, n_years), 0.5),
        system_power_w=np.full(n_prod, 1275.0),
        existing=np.outer(np.concatenate([np.full(n_logic, 3e4), [5e4, 5e6]]), np.ones(n_years)),
        demand=np.outer([0.25, 0.55, 0.2], demand_total),
        priority=np.array([3.0, 2.0, 1.0]),
        penalty_usd_per_h100e=27500.0,
        allowed=rng.uniform(size=(n_sites, n_fac)) < 0.9,
        module_capacity=np.tile(module, (n_sites, 1)),
        capex_usd=np.tile(module * np.array([4e5] * n_logic + [1.5e5, 1.46e4]), (n_sites, 1))
        * rng.uniform(0.8, 2.0, (n_sites, n_fac)),
        subsidy_usd=np.zeros((n_sites, n_fac)),
        spend=spend,
        output=output,
        opex_usd_per_year=rng.uniform(1e8, 1e9, (n_sites, n_fac)),
        euv_tools=np.tile(np.array([9.0] * n_logic + [0.0, 6.0]), (n_sites, 1)),
        high_na_tools=np.zeros((n_sites, n_fac)),
        power_mw=np.tile(np.array([70.0] * n_logic + [30.0, 300.0]), (n_sites, 1)),
        max_modules=rng.integers(2, 12, n_sites).astype(float),
        power_limit_mw=rng.uniform(500, 3000, n_sites),
        euv_supply=np.linspace(7, 15, n_years),
        high_na_supply=np.ones(n_years),
        capital_usd=rng.uniform(0, 2e10, (3, n_years)),
        discount_rate=0.08,
        base_year=2025,
    )


def run(size: tuple[int, int, int, int], repeat: int = 1) -> dict[str, object]:
    """Time one size; the median over ``repeat`` runs of each phase [s]."""
    inp = generated(*size)
    times: dict[str, list[float]] = {"build": [], "to_highs": [], "solve": [], "extract": []}
    for _ in range(repeat):
        t0 = time.perf_counter()
        m = build_model(inp, relax=True)
        t1 = time.perf_counter()
        status, runtime = run_highs(m)
        t2 = time.perf_counter()
        tables = extract(inp, _solution(m, inp), relaxed=True)
        t3 = time.perf_counter()
        assert status == "optimal", status
        assert len(tables["demand"]) == len(inp.classes) * len(inp.years)
        times["build"].append(t1 - t0)
        times["solve"].append(runtime)
        times["to_highs"].append(t2 - t1 - runtime)
        times["extract"].append(t3 - t2)
    med = {k: statistics.median(v) for k, v in times.items()}
    return {
        "sites": size[0],
        "facility_types": size[1],
        "years": size[2],
        "products": size[3],
        "variables": int(m.nvars),
        "constraints": int(m.ncons),
        **{f"{k}_s": round(v, 4) for k, v in med.items()},
        "build_plus_extract_over_solve": round((med["build"] + med["extract"]) / med["solve"], 3),
    }


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="*", help="sizes as SxKxTxP, e.g. 200x8x30x20")
    ap.add_argument("--repeat", type=int, default=1, help="runs per size (median reported)")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    args = ap.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes] if args.sizes else list(SIZES)
    run((2, 3, 3, 2))  # warm-up: first-call imports and caches are not the model's cost
    rows = [run(s, args.repeat) for s in sizes]  # type: ignore[arg-type]
    if args.json:
        doc = {"machine": platform.platform(), "python": sys.version.split()[0], "runs": rows}
        print(json.dumps(doc, indent=2))
        return 0
    head = (
        "S x K x T x P",
        "vars",
        "cons",
        "build s",
        "to_highs s",
        "solve s",
        "extract s",
        "(build+extract)/solve",
    )
    print(" | ".join(head))
    for r in rows:
        size = f"{r['sites']}x{r['facility_types']}x{r['years']}x{r['products']}"
        cells = (
            size,
            r["variables"],
            r["constraints"],
            r["build_s"],
            r["to_highs_s"],
            r["solve_s"],
            r["extract_s"],
            r["build_plus_extract_over_solve"],
        )
        print(" | ".join(str(c) for c in cells))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
