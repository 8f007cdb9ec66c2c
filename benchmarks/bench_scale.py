"""Scale benchmark: a 100-site x 10-facility x 15-year x 30-product planning MIP.

Issue 10, item 7. A seeded synthetic :class:`~tigris.plan.inputs.PlanInputs`, shaped
like the reference world (module sizes of ``data/facility_types.csv``, products in
generations that ship for a few years and whose bill of wafers falls each year as the
node's defect density learns, demand above what existing capacity makes), is solved as
the mixed-integer program to a gap of **0.1 % of the plan cost**, not of the objective.

Why not HiGHS's relative gap: the objective is the discounted capex and opex of the
builds (the *plan cost*) plus a penalty on unmet demand, and when demand is short the
penalty is most of the objective, so 0.1 % of the objective can be many times 0.1 % of
the plan cost. How the gap is measured: HiGHS runs with its own relative and absolute
gaps at 0, and callbacks stop it (``user_interrupt``) at the first of its regular MIP
checks where the proven absolute gap ``z - b`` (incumbent objective minus dual bound)
is at most 0.1 % of the *incumbent's* plan cost ``C`` (the build columns' costs times
their values). There is no first solve to guess ``C``: the criterion is re-evaluated
with every improving solution. Afterwards the test is repeated on what HiGHS returns,
with ``C`` recomputed by :func:`tigris.plan.solve.objective_terms`; ``met`` says it
holds. The absolute gap HiGHS would need (``mip_abs_gap`` of
:func:`tigris.plan.highs.run_highs`) is that ``0.1 % x C``, reported as
``requested_abs_gap_usd``. HiGHS runs with the planner's options
(:data:`tigris.plan.highs.MIP_OPTIONS`), or its defaults with ``--highs-defaults``.

Reported: variables, constraints, integer variables, build / linopy-to-HiGHS / HiGHS
solve / extract seconds, the requested and achieved absolute gap [USD], the achieved gap
relative to the plan cost, and HiGHS's own relative gap (of the whole objective,
penalty included).

With ``--reference`` the same report also has the two other timings of issue 10, item 7,
measured by ``benchmarks/bench_reference.py`` in fresh processes: ``tigris plan`` on the
reference from process start to exit (goal < 5 s; median, min and max of ``--repeat``
runs) and the reference with incumbents responding (``incumbents: {respond: true}``,
``--json``), with its status and gap.

Run (not part of the test suite; ``tests/test_bench_scale.py`` solves a tiny instance
and checks the achieved gap meets the request)::

    python benchmarks/bench_scale.py                 # 100 x 10 x 15 x 30, a table
    python benchmarks/bench_scale.py --json --reference
    python benchmarks/bench_scale.py --size 20x5x10x8 --gap 0.001
    python benchmarks/bench_scale.py --size 0x0x0x0 --reference   # the reference only
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import sys
import time
from importlib.metadata import version
from typing import TYPE_CHECKING

import numpy as np

from tigris.data import load_rows
from tigris.plan.highs import MIP_OPTIONS, quiet_stdout
from tigris.plan.inputs import PlanInputs
from tigris.plan.model import COUNT_SCALE, MONEY_SCALE, build_model
from tigris.plan.solve import extract, objective_terms

if TYPE_CHECKING:
    import linopy

#: The size of issue 10: sites x facility types x years x products.
SIZE = (100, 10, 15, 30)
#: Gap asked for, as a share of the plan cost (capex + opex, discounted) [-].
PLAN_COST_GAP = 1e-3
#: Time limit of the solve [s].
TIME_LIMIT_S = 3600.0
#: Relative tolerance of the final ``met`` test (HiGHS's bound and objective are the
#: same numbers the callback saw, re-read after the run) [-].
_REL_TOL = 1e-9

# Synthetic but shaped like the reference scenario: module sizes and the CoWoS and HBM
# module capex are read from data/facility_types.csv (sourced there); the logic capex
# per wspm is only the order of magnitude of the fab layer's (tigris.fab).
_LOGIC_CAPEX_USD_PER_WSPM = 6.0e5


def scale_inputs(
    n_sites: int = SIZE[0],
    n_fac: int = SIZE[1],
    n_years: int = SIZE[2],
    n_prod: int = SIZE[3],
    seed: int = 0,
) -> PlanInputs:
    """A seeded synthetic planning problem of the given size.

    ``n_fac - 2`` logic nodes, one CoWoS and one HBM facility type. Products come in
    generations: each ships for 3-6 years starting in a random year, has a compute
    that grows with its launch year, and a logic-wafer bill that falls ~8 %/year after
    launch (defect-density learning, the shape of ``silicon.chip_bill(year=...)``).

    Parameters
    ----------
    n_sites, n_fac, n_years, n_prod : int
        Sites, facility types (>= 3), years and products.
    seed : int
        Seed of the ``numpy.random.Generator``.

    Returns
    -------
    PlanInputs
    """
    if n_fac < 3:
        msg = "n_fac must be >= 3 (logic nodes + CoWoS + HBM)"
        raise ValueError(msg)
    rng = np.random.default_rng(seed)
    n_logic = n_fac - 2
    kinds = ("logic",) * n_logic + ("cowos", "hbm")
    nodes = (*tuple(f"N{i}" for i in range(n_logic)), "", "")
    facilities = (*tuple(f"logic-{n}" for n in nodes[:n_logic]), "cowos", "hbm")
    years = np.arange(2026, 2026 + n_years)
    n_lag = 7
    spend = np.zeros((n_sites, n_fac, n_lag))
    output = np.zeros((n_sites, n_fac, n_lag))
    build_years = rng.integers(2, 4, (n_sites, n_fac))
    ramp_years = rng.integers(1, 3, (n_sites, n_fac))
    for lag in range(n_lag):
        spend[..., lag] = np.where(lag < build_years, 1.0 / build_years, 0.0)
        output[..., lag] = np.clip((lag - build_years + 1) / ramp_years, 0.0, 1.0)

    # products: generations, each on one logic node, bills falling with age
    launch = rng.integers(0, max(n_years - 2, 1), n_prod)
    span = rng.integers(3, 7, n_prod)
    t_idx = np.arange(n_years)
    available = (t_idx[None, :] >= launch[:, None]) & (t_idx[None, :] < (launch + span)[:, None])
    node_of = np.minimum(
        n_logic - 1, launch * n_logic // max(n_years, 1) + rng.integers(0, 2, n_prod)
    )
    h100e = rng.uniform(1.0, 2.5, n_prod) * 1.25**launch
    age = np.clip(t_idx[None, :] - launch[:, None], 0, None)  # (P, T)
    learn = 0.92**age
    use = np.zeros((n_prod, n_fac, n_years))
    use[np.arange(n_prod), node_of, :] = rng.uniform(0.02, 0.08, n_prod)[:, None] * learn
    use[:, -2, :] = rng.uniform(0.04, 0.12, n_prod)[:, None] * learn
    use[:, -1, :] = rng.uniform(0.3, 0.9, n_prod)[:, None] * learn

    ft = {r["kind"]: r for r in load_rows("facility_types")}
    size = {k: float(ft[k]["module_capacity"]) for k in ("logic", "cowos", "hbm")}
    module = np.array([size["logic"]] * n_logic + [size["cowos"], size["hbm"]])
    capex = np.array(
        [size["logic"] * _LOGIC_CAPEX_USD_PER_WSPM] * n_logic
        + [float(ft["cowos"]["capex_usd"]), float(ft["hbm"]["capex_usd"])]
    )
    existing_now = np.concatenate([rng.uniform(1e4, 6e4, n_logic), [8e4, 1.5e5]])
    existing = existing_now[:, None] * np.minimum(1.1**t_idx, 1.1**4)[None, :]
    demand_total = 2e7 * 1.35**t_idx
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
        available=available,
        min_share=np.zeros((n_prod, n_years)),
        max_share=np.full((n_prod, n_years), 0.5),
        system_power_w=np.full(n_prod, 1275.0),
        existing=existing,
        demand=np.outer([0.25, 0.55, 0.2], demand_total),
        priority=np.array([3.0, 2.0, 1.0]),
        penalty_usd_per_h100e=27_500.0,
        allowed=rng.uniform(size=(n_sites, n_fac)) < 0.8,
        module_capacity=np.tile(module, (n_sites, 1)),
        capex_usd=np.tile(capex, (n_sites, 1)) * rng.uniform(0.8, 1.6, (n_sites, n_fac)),
        subsidy_usd=np.tile(capex, (n_sites, 1)) * rng.uniform(0.0, 0.2, (n_sites, n_fac)),
        spend=spend,
        output=output,
        opex_usd_per_year=np.tile(capex * 0.08, (n_sites, 1)),
        euv_tools=np.tile(np.array([9.0] * n_logic + [0.0, 5.0]), (n_sites, 1)),
        high_na_tools=np.tile(
            np.array([0.0] * (n_logic - n_logic // 3) + [1.0] * (n_logic // 3) + [0.0, 0.0]),
            (n_sites, 1),
        ),
        power_mw=np.tile(np.array([70.0] * n_logic + [30.0, 300.0]), (n_sites, 1)),
        max_modules=rng.integers(2, 10, n_sites).astype(float),
        power_limit_mw=rng.uniform(300, 2000, n_sites),
        euv_supply=np.linspace(20, 40, n_years),
        high_na_supply=np.linspace(2, 10, n_years),
        capital_usd=rng.uniform(5e9, 4e10, (3, n_years)),
        discount_rate=0.08,
        base_year=int(years[0]),
    )


def _columns(m: linopy.Model, name: str) -> tuple[np.ndarray, tuple[int, ...]]:
    """Positions in the HiGHS column order of a variable's slots, and its shape."""
    lab = np.asarray(m.variables[name].labels.values, dtype=np.int64)
    vlabels = np.asarray(m.matrices.vlabels)
    pos = np.searchsorted(vlabels, lab.ravel())
    if not np.array_equal(vlabels[np.minimum(pos, len(vlabels) - 1)], lab.ravel()):
        msg = f"variable {name} has slots that are not HiGHS columns"
        raise RuntimeError(msg)
    return pos, lab.shape


def solve_to_plan_cost_gap(
    inp: PlanInputs,
    gap: float = PLAN_COST_GAP,
    *,
    time_limit_s: float = TIME_LIMIT_S,
    highs_defaults: bool = False,
) -> dict[str, object]:
    """Solve ``inp`` until the proven gap is ``gap`` x the incumbent's plan cost.

    HiGHS runs with its own relative and absolute gaps at 0; a callback on each
    improving solution records the incumbent's objective ``z`` and plan cost ``C``
    (the build columns' objective coefficients, which are the discounted capex and
    opex of a module, times their values), and a callback on HiGHS's regular MIP
    interrupt checks stops the run as soon as ``z - b <= gap * C``, ``b`` being the
    dual bound HiGHS reports there. Afterwards the same test is made again from
    HiGHS's final objective and bound and the plan cost of the solution returned,
    recomputed with :func:`tigris.plan.solve.objective_terms`.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    gap : float
        Gap asked for, as a share of the plan cost [-].
    time_limit_s : float
        HiGHS time limit [s].
    highs_defaults : bool
        Run HiGHS with its default options instead of the planner's
        (:data:`tigris.plan.highs.MIP_OPTIONS`).

    Returns
    -------
    dict
        Sizes, seconds (``build_s``, ``to_highs_s``, ``solve_s``, ``extract_s``), the
        objective, dual bound, ``abs_gap_usd``, ``requested_abs_gap_usd``
        (``gap`` x the final plan cost), ``plan_cost_gap`` (achieved / plan cost),
        ``highs_rel_gap`` (HiGHS's, of the whole objective), ``plan_cost_usd``,
        ``penalty_usd``, ``incumbents`` (improving solutions seen) and ``met``.
    """
    t0 = time.perf_counter()
    m = build_model(inp)
    t1 = time.perf_counter()
    with quiet_stdout():  # the HiGHS banner, so --json stays clean
        h = m.to_highspy()
    build_pos, _ = _columns(m, "build")
    cost = np.asarray(h.getLp().col_cost_, dtype=float)[build_pos]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", float(time_limit_s))
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.0)
    options = {} if highs_defaults else dict(MIP_OPTIONS)
    for key, value in options.items():
        h.setOptionValue(key, value)
    seen = {"z": math.inf, "cost": math.nan, "count": 0}

    def improving(e: object) -> None:
        x = np.asarray(e.data_out.mip_solution, dtype=float)  # type: ignore[attr-defined]
        seen["z"] = float(e.data_out.objective_function_value)  # type: ignore[attr-defined]
        seen["cost"] = float(cost @ x[build_pos])
        seen["count"] += 1

    def interrupt(e: object) -> None:
        bound = float(e.data_out.mip_dual_bound)  # type: ignore[attr-defined]
        if seen["z"] - bound <= gap * seen["cost"]:
            e.data_in.user_interrupt = True  # type: ignore[attr-defined]

    h.cbMipImprovingSolution.subscribe(improving)
    h.cbMipInterrupt.subscribe(interrupt)
    t2 = time.perf_counter()
    with quiet_stdout():
        h.run()
    t3 = time.perf_counter()
    info = h.getInfo()
    col = np.asarray(h.getSolution().col_value, dtype=float)
    values = {}
    for name in ("build", "modules", "prod", "unmet", "draw"):
        pos, shape = _columns(m, name)
        values[name] = col[pos].reshape(shape)
    sol = {
        "build": values["build"],
        "modules": values["modules"],
        "prod": values["prod"] * COUNT_SCALE,
        "unmet": values["unmet"] * COUNT_SCALE,
        "draw": values["draw"] * MONEY_SCALE,
    }
    extract(inp, sol, relaxed=False)
    t4 = time.perf_counter()
    terms = objective_terms(inp, sol)
    plan_cost = sum(v for k, v in terms.items() if k != "unmet_penalty")  # incl. salvage
    z = float(info.objective_function_value) * MONEY_SCALE
    bound = float(info.mip_dual_bound) * MONEY_SCALE
    integers = sum(1 for v in (h.getLp().integrality_ or []) if str(v).endswith("kInteger"))
    status = h.modelStatusToString(h.getModelStatus())
    return {
        "status": status,
        "variables": int(m.nvars),
        "constraints": int(m.ncons),
        "integer_variables": integers,
        "build_s": t1 - t0,
        "to_highs_s": t2 - t1,
        "solve_s": float(h.getRunTime()),
        "solve_wall_s": t3 - t2,
        "extract_s": t4 - t3,
        "objective_usd": z,
        "dual_bound_usd": bound,
        "abs_gap_usd": z - bound,
        "requested_abs_gap_usd": gap * plan_cost,
        "requested_plan_cost_gap": gap,
        "plan_cost_gap": (z - bound) / plan_cost if plan_cost > 0 else math.inf,
        "highs_rel_gap": float(info.mip_gap),
        "plan_cost_usd": plan_cost,
        "penalty_usd": terms["unmet_penalty"],
        "incumbents": int(seen["count"]),
        "nodes": int(info.mip_node_count),
        "met": bool(z - bound <= gap * plan_cost * (1 + _REL_TOL)),
        "highs_options": options,
        "highspy": version("highspy"),
        "linopy": version("linopy"),
    }


def reference_timings(repeat: int = 3) -> dict[str, object]:
    """``tigris plan`` on the reference from process start, and with incumbents
    responding (``benchmarks/bench_reference.py``'s ``wall`` and ``respond``).

    Parameters
    ----------
    repeat : int
        Runs of each command (median, min, max) [-].

    Returns
    -------
    dict
        ``{"reference": {...}, "respond": {...}}``: wall times [s] (``median_s``,
        ``min_s``, ``max_s``), CPU time, ``goal_s`` and ``under_goal`` for the
        reference; status, HiGHS's gap and the timings of the responding run.
    """
    from importlib.util import module_from_spec, spec_from_file_location
    from pathlib import Path

    path = Path(__file__).resolve().with_name("bench_reference.py")
    spec = spec_from_file_location("bench_reference", path)
    assert spec is not None and spec.loader is not None
    ref = module_from_spec(spec)
    spec.loader.exec_module(ref)
    return {"reference": ref.wall(("plan",), repeat), "respond": ref.respond(repeat)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table (or JSON)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="x".join(map(str, SIZE)), help="SxKxTxP")
    ap.add_argument("--gap", type=float, default=PLAN_COST_GAP, help="share of plan cost")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=TIME_LIMIT_S, help="per solve [s]")
    ap.add_argument("--json", action="store_true", help="print one JSON document")
    ap.add_argument(
        "--highs-defaults", action="store_true", help="HiGHS's default options, not the planner's"
    )
    ap.add_argument(
        "--reference",
        action="store_true",
        help="also time tigris plan on the reference and with incumbents responding",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs of each reference command")
    args = ap.parse_args(argv)
    size = tuple(int(x) for x in args.size.split("x"))
    ref = reference_timings(args.repeat) if args.reference else None
    if not all(size):  # --size 0x0x0x0: the reference's timings only
        doc_ref = {"load_average": os.getloadavg()[0], **(ref or {})}
        print(json.dumps(doc_ref, indent=2) if args.json else _reference_text(ref))
        return 0
    t0 = time.perf_counter()
    inp = scale_inputs(*size, seed=args.seed)  # type: ignore[misc]
    gen_s = time.perf_counter() - t0
    out = solve_to_plan_cost_gap(
        inp, args.gap, time_limit_s=args.time_limit, highs_defaults=args.highs_defaults
    )
    if ref is not None:
        out = {**out, **ref}
    doc = {
        "machine": platform.platform(),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg()[0],
        "size": dict(zip(("sites", "facility_types", "years", "products"), size, strict=True)),
        "seed": args.seed,
        "generate_s": gen_s,
        **out,
    }
    if args.json:
        print(json.dumps(doc, indent=2))
        return 0
    r = out
    print(f"{args.size}, seed {args.seed}, load average {doc['load_average']:.2f}")
    print(
        f"variables {r['variables']:,}  constraints {r['constraints']:,}  "
        f"integer {r['integer_variables']:,}  status {r['status']}  "
        f"HiGHS options {r['highs_options'] or 'defaults'}"
    )
    print(
        f"seconds: build {r['build_s']:.2f}  to HiGHS {r['to_highs_s']:.2f}  "
        f"HiGHS {r['solve_s']:.1f}  extract {r['extract_s']:.2f}"
    )
    print(
        f"plan cost US${r['plan_cost_usd']:.4e}  penalty US${r['penalty_usd']:.4e}  "
        f"objective US${r['objective_usd']:.4e}"
    )
    print(
        f"gap: requested US${r['requested_abs_gap_usd']:.3e} ({args.gap:.2%} of plan cost), "
        f"achieved US${r['abs_gap_usd']:.3e} = {r['plan_cost_gap']:.3%} of plan cost "
        f"({r['highs_rel_gap']:.2e} of the objective); met: {r['met']}"
    )
    if ref is not None:
        print(_reference_text(ref))
    return 0


def _reference_text(ref: dict[str, object] | None) -> str:
    """The reference's timings as two lines (empty without ``--reference``)."""
    if not ref:
        return ""
    w, r = ref["reference"], ref["respond"]
    assert isinstance(w, dict) and isinstance(r, dict)
    return (
        f"tigris plan (reference), process start to exit: median {w['median_s']:.2f} s "
        f"({w['min_s']:.2f}-{w['max_s']:.2f}), goal < {w['goal_s']:g} s: "
        f"{'met' if w['under_goal'] else 'not met'}\n"
        f"reference with incumbents responding: median {r['median_s']:.2f} s "
        f"({r['min_s']:.2f}-{r['max_s']:.2f}), status {r['status']}, "
        f"HiGHS gap {r['highs_rel_gap']}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
