"""A build plan robust to sampled futures: the two-stage stochastic program (issue 15).

The first stage is the build schedule ``build[site, facility, year]``, decided once and
shared by every scenario; the second stage (recourse) is everything else of the
planning model (``modules``, ``prod``, ``unmet``, ``draw``, ...), one copy per
scenario k. With scenario probabilities p_k the program is

    min_b  Σ_k p_k · cost_k(b, y_k)   s.t. every scenario's rows hold for (b, y_k),

solved at once in its extensive (deterministic-equivalent) form: one block-angular
matrix with the build columns shared (Birge & Louveaux, *Introduction to Stochastic
Programming*, 2nd ed., 2011, §3.1). cost_k is the ``serve`` objective of scenario k
(``docs/plan.md``, "Objective"; with its unmet-demand penalty), so the program needs
``serve``; ``npv`` is refused with one :class:`~tigris.errors.InputError`.

Each scenario's rows are the planning model itself: :func:`tigris.plan.model.build_model`
on its :class:`~tigris.plan.inputs.PlanInputs`, taken as the matrix HiGHS would solve
(linopy's direct HiGHS interface), so nothing of the formulation is written twice. The
blocks are stacked with :mod:`scipy.sparse` and solved by :mod:`highspy` with the
planner's options (:func:`tigris.plan.highs.highs_options`).

The measures of Birge & Louveaux (§4.1-4.2), all in discounted USD:

- RP, ``expected_cost_usd``: the stochastic plan's expected cost, Σ p_k cost_k(b*);
- EV and EEV: the mean-value problem (probability-weighted mean of the inputs, or the
  scenario itself for :func:`stochastic`) solved deterministically; EEV is the expected
  cost of its builds held in every scenario, the recourse re-optimised (a linear
  program per scenario); +∞ (``null`` in JSON) when those builds cannot be carried out
  in some scenario (e.g. less capital than they spend): the mean-value plan is then not
  a plan for that future;
- WS, ``ws_usd``: wait and see, Σ p_k of each scenario planned alone;
- VSS = EEV − RP ≥ 0 and EVPI = RP − WS ≥ 0.

Within MIP gaps the three are made consistent by construction: the stochastic
program starts from the mean-value builds (with their recourse) when those are feasible
in every scenario, and the better of the two is kept as the stochastic plan, so
RP ≤ EEV (when they are not, it starts from the least builds allowed, usually none,
kept likewise, so a time limit never leaves it without a plan); the stochastic plan's
builds evaluated in scenario k are a plan for k alone, so each WS_k is the better of
that and k's own solve, hence WS ≤ RP. A scenario's cost under fixed builds is a
linear program, solved to optimality.

With ``first_stage_through=YEAR`` only the builds started up to that year are first
stage; later ones are recourse, one schedule per scenario, decided once it is known (a
plan that waits). A scenario's cost under fixed first-stage builds is then a
mixed-integer program: the stochastic plan's is the better of the extensive form's own
recourse and that re-solve, and EEV may exceed its exact value by the MIP gap.

First-stage bounds: a build slot's lower bound is the largest of the scenarios' and
its upper bound the smallest (a slot one scenario forbids, e.g. an export control, is
forbidden to the shared plan); the mean-value problem is solved with the same bounds, so
its builds are a first stage of the stochastic program when the recourse allows them.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import InputError, Problem, did_you_mean
from tigris.risk.extensive import (
    MAX_SCENARIOS,
    Block,
    Solved,
    better_of,
    blocks_of,
    check_bounds,
    check_problems,
    extensive_form,
    first_stage,
    mean_inputs,
    shortfall,
    solve_matrix,
    spread,
)

if TYPE_CHECKING:
    import pandas as pd

    from tigris.plan.inputs import PlanInputs
    from tigris.scenario import Scenario

__all__ = [
    "FUTURE_PREFIX",
    "MAX_SCENARIOS",
    "StochasticResult",
    "builds_against",
    "future_name",
    "mean_inputs",
    "probability_places",
    "stochastic",
    "stochastic_plan",
    "worst_share",
]

#: Share of probability mass whose mean unmet share is the worst-decile figure [-].
WORST_MASS = 0.1
#: Scenarios named in a note before "and N more".
_NAMED = 4
#: Relative difference below which two expected costs are a tie (floating point), so
#: keeping the mean-value builds needs no note [-].
_REL_TIE = 1e-9


def worst_share(
    values: Sequence[float], probabilities: Sequence[float], mass: float = WORST_MASS
) -> float:
    """Mean of ``values`` over the worst (largest) ``mass`` of probability.

    The conditional value at risk at level ``1 − mass`` of a discrete distribution: the
    values sorted from the largest, weighted by their probability until ``mass`` is
    reached, the last one in part (Rockafellar & Uryasev, "Conditional value-at-risk
    for general loss distributions", *J. Banking & Finance* 26, 2002, Prop. 8).

    Parameters
    ----------
    values : sequence of float
        One value per scenario (an unmet share [-]).
    probabilities : sequence of float
        Their probabilities, summing to 1 [-].
    mass : float, optional
        Probability mass of the tail [-].

    Returns
    -------
    float
        The tail's probability-weighted mean, in the unit of ``values``.

    Examples
    --------
    Four equally likely scenarios: the worst 10 % is part of the worst one.

    >>> round(worst_share([0.1, 0.4, 0.2, 0.3], [0.25] * 4), 12)
    0.4
    >>> round(worst_share([0.0, 1.0], [0.95, 0.05]), 6)
    0.5
    """
    v = np.asarray(values, dtype=float)
    p = np.asarray(probabilities, dtype=float)
    order = np.argsort(-v, kind="stable")
    taken = np.minimum(
        p[order], np.maximum(mass - np.concatenate([[0.0], np.cumsum(p[order])[:-1]]), 0.0)
    )
    return float((taken * v[order]).sum() / mass)


@dataclass
class StochasticResult:
    """A two-stage stochastic plan and its measures (module docstring; Birge & Louveaux,
    2011, §4.1-4.2).

    Attributes
    ----------
    builds : pandas.DataFrame
        First-stage builds ``[site, facility, year, modules]``, shared by every
        scenario [modules].
    scenarios : pandas.DataFrame
        ``[scenario, probability, cost_usd, unmet_h100e, unmet_share, cost_ev_usd,
        cost_ws_usd]``: the stochastic plan's cost and unmet demand (over the horizon) in
        each scenario, the mean-value builds' cost there (inf where they cannot be
        carried out) and the scenario's own optimum [USD, H100e, -].
    expected_cost_usd : float
        RP, Σ p_k cost_k of the stochastic plan [USD, discounted].
    eev_usd : float
        Expected cost of the mean-value plan's builds on the same scenarios; inf when
        they cannot be carried out in some scenario [USD].
    ws_usd : float
        Wait and see, Σ p_k optimum_k [USD].
    vss_usd, evpi_usd : float
        EEV − RP and RP − WS, both ≥ 0 [USD].
    worst_decile_unmet_share : float
        Mean unmet share of the worst 10 % of probability mass (:func:`worst_share`) [-].
    ev_usd : float
        The mean-value problem's own optimum [USD].
    eev_feasible_probability : float
        Probability of the scenarios in which the mean-value builds can be carried out
        (EEV is finite only when it is 1) [-].
    status : str
        The extensive form's solver outcome (``optimal``, ``time_limit``, ...).
    source : str
        Which builds the stochastic plan keeps: ``stochastic`` (the extensive form's),
        ``mean_value`` (the solver stopped above their cost) or ``floor`` (the least
        builds allowed, the start when the mean-value builds are no plan, and the
        solver stopped above it or without a plan).
    first_stage_through : int or None
        Last start year of the shared builds; None: every year's [year].
    notes : list of str
        What the numbers rest on (skipped inputs, infeasible mean-value builds).
    timings : dict of str to float
        Seconds by phase [s].
    weights : list of dict
        ``{"scenario", "probability", "basis"}`` per future: what its weight rests on
        (:func:`future_weights`; empty from :func:`stochastic_plan` alone).
    ev_builds : pandas.DataFrame or None
        The mean-value plan's first-stage builds ``[site, facility, year, modules]``,
        the ones EEV holds in every future; through :func:`stochastic` the scenario's
        own plan (the builds ``tigris plan`` makes, within the futures' common bounds);
        None when it has no plan [modules].

    The costs (RP, EEV, WS, EV and the scenarios' ``cost_*``) are each future's
    ``serve`` objective: cost plus the unmet-demand penalty (``docs/plan.md``,
    "Objective"), not the plan's ``cost_usd``, which leaves the penalty out.
    """

    builds: pd.DataFrame
    scenarios: pd.DataFrame
    expected_cost_usd: float
    eev_usd: float
    ws_usd: float
    vss_usd: float
    evpi_usd: float
    worst_decile_unmet_share: float
    ev_usd: float = math.nan
    eev_feasible_probability: float = math.nan
    status: str = "optimal"
    source: str = "stochastic"
    first_stage_through: int | None = None
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    ev_builds: pd.DataFrame | None = None
    weights: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe: NaN and inf are ``null``, builds and scenarios as lists of rows.

        The timings are left out, so the same seed gives the same text.

        Returns
        -------
        dict of str to Any
            The money measures (``expected_cost_usd``, ``eev_usd``, ``ws_usd``, ``ev_usd``,
            ``vss_usd``, ``evpi_usd``) [USD], ``eev_feasible_probability`` and
            ``worst_decile_unmet_share`` [-], ``status``, ``source``, ``first_stage_through``,
            ``scenarios``, ``builds``, ``ev_builds`` (None without a mean-value plan),
            ``notes`` and ``weights``.
        """
        return {
            "expected_cost_usd": _num(self.expected_cost_usd),
            "eev_usd": _num(self.eev_usd),
            "ws_usd": _num(self.ws_usd),
            "ev_usd": _num(self.ev_usd),
            "eev_feasible_probability": _num(self.eev_feasible_probability),
            "vss_usd": _num(self.vss_usd),
            "evpi_usd": _num(self.evpi_usd),
            "worst_decile_unmet_share": _num(self.worst_decile_unmet_share),
            "status": self.status,
            "source": self.source,
            "first_stage_through": self.first_stage_through,
            "scenarios": _rows(self.scenarios),
            "builds": _rows(self.builds),
            "ev_builds": None if self.ev_builds is None else _rows(self.ev_builds),
            "notes": list(self.notes),
            "weights": [dict(w) for w in self.weights],
        }


def _num(x: Any) -> Any:
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        return float(x) if math.isfinite(float(x)) else None
    return x


def _rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: _num(v) for k, v in row.items()} for row in df.to_dict(orient="records")]


def _recourse(
    block: Block,
    first: np.ndarray,
    values: np.ndarray,
    start: np.ndarray | None = None,
    **opts: Any,
) -> Solved:
    """Scenario ``block`` with its first-stage builds (``first``, a mask of its build
    columns) held at ``values``: a linear program when every build is first stage, else
    a mixed-integer one (started from ``start`` when given)."""
    return solve_matrix(block.matrix.fixed(block.build[first], values), start=start, **opts)


def stochastic_plan(
    problems: Sequence[PlanInputs],
    probabilities: Sequence[float],
    *,
    names: Sequence[str] | None = None,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    mean_value: PlanInputs | None = None,
    first_stage_through: int | None = None,
    progress: bool = False,
) -> StochasticResult:
    """The two-stage stochastic plan of scenarios with probabilities (module docstring).

    Parameters
    ----------
    problems : sequence of PlanInputs
        The scenarios (1 to :data:`MAX_SCENARIOS`), objective ``serve``, the same index
        sets (years, sites, facilities, products, demand classes, capital sources).
    probabilities : sequence of float
        One per scenario, ≥ 0, summing to 1 [-].
    names : sequence of str, optional
        Scenario names for the table (default ``scenario-<i>``).
    time_limit_s : float, optional
        HiGHS time limit of each mixed-integer solve (extensive form, mean value, each
        wait-and-see) [s].
    mip_gap : float, optional
        Their relative MIP gap [-].
    mean_value : PlanInputs, optional
        The deterministic problem whose builds EEV evaluates; default
        :func:`mean_inputs` of the scenarios.
    first_stage_through : int, optional
        Last start year of the first stage: builds started in a later year are
        recourse, decided per scenario once it is known (default every year's builds
        are first stage) [year].
    progress : bool, optional
        One line per phase on stderr.

    Returns
    -------
    StochasticResult

    Raises
    ------
    InputError
        ``npv`` objective, scenarios that differ in their index sets, probabilities
        that are not a distribution, first-stage bounds no plan meets in every scenario.

    References
    ----------
    Birge & Louveaux, *Introduction to Stochastic Programming*, 2nd ed., Springer, 2011:
    §3.1 (extensive form), §4.1 (EVPI), §4.2 (VSS, and EV ≤ ... ≤ EEV).
    """
    import pandas as pd

    from tigris.errors import require_positive
    from tigris.plan.model import COUNT_SCALE, MONEY_SCALE

    require_positive(time_limit_s, "--time-limit")
    require_positive(mip_gap, "--mip-gap", allow_zero=True)
    probs, labels = check_problems(problems, probabilities, names)
    if mean_value is not None:
        check_problems([problems[0], mean_value], [0.5, 0.5], ["scenario-0", "mean value"])
    opts = {"time_limit_s": time_limit_s, "mip_gap": mip_gap}
    say = _say if progress else (lambda msg: None)
    timings: dict[str, float] = {}
    notes: list[str] = []
    t0 = time.perf_counter()
    first = first_stage(problems[0], first_stage_through)
    mean = mean_value if mean_value is not None else mean_inputs(problems, probs)
    # what the notes call it: the plan made at the inputs' means, or (tigris risk) the
    # scenario's own plan as made (a review of 2026-12-07: "mean-value" there misled)
    ev_name = "the mean-value plan" if mean_value is None else "the plan as made"
    *blocks, ev_block = blocks_of([*problems, mean])
    lo = np.max([b.matrix.lower[b.build[first]] for b in blocks], axis=0)
    hi = np.min([b.matrix.upper[b.build[first]] for b in blocks], axis=0)
    check_bounds(lo, hi, problems[0], first)
    timings["build_s"] = time.perf_counter() - t0

    # the mean-value problem (EV) and its builds in every scenario (EEV)
    t1 = time.perf_counter()
    say("stochastic: the mean-value plan")
    ev = solve_matrix(ev_block.matrix.bounded(ev_block.build[first], lo, hi), **opts)
    ev_builds = None if not ev.ok else np.round(ev.x[ev_block.build[first]])
    ev_table = None if ev_builds is None else _builds_table(spread(ev_builds, first), problems[0])
    eev_k = [
        _recourse(b, first, ev_builds, **opts) if ev_builds is not None else None for b in blocks
    ]
    eev_cost = np.array([s.objective if s is not None else math.inf for s in eev_k])
    if ev_builds is None:
        notes.append(f"{ev_name} has no plan ({ev.status}): EEV and VSS unknown")
        eev_cost[:] = math.nan
    elif not np.all(np.isfinite(eev_cost)):
        bad = np.nonzero(~np.isfinite(eev_cost))[0]
        held = spread(ev_builds, first)
        why = [f"{labels[i]} ({shortfall(problems[i], held)})" for i in bad[:_NAMED]]
        more = f" and {len(bad) - _NAMED} more" if len(bad) > _NAMED else ""
        notes.append(
            f"{ev_name}'s builds cannot be carried out in "
            f"{', '.join(why)}{more}: EEV and VSS are infinite (Birge & Louveaux, §4.2)"
        )
    timings["mean_value_s"] = time.perf_counter() - t1

    # the extensive form (RP), started from the mean-value builds when they are a plan
    t2 = time.perf_counter()
    say(f"stochastic: the extensive form of {len(blocks)} scenarios")
    big, maps = extensive_form(blocks, probs, [b.build[first] for b in blocks])
    ev_plan = ev_builds is not None and bool(np.all(np.isfinite(eev_cost)))
    floor_k: list[Solved] = []
    if not ev_plan:  # the least builds allowed (usually none): a plan if every future has one
        floor_k = [_recourse(b, first, lo, **opts) for b in blocks]
        floor_k = floor_k if all(s.ok for s in floor_k) else []
    known = eev_k if ev_plan else floor_k
    start = None
    if known:
        start = np.zeros(len(big.cost))
        for where, s in zip(maps, known, strict=True):
            start[where] = s.x
    rp = solve_matrix(big, start=start, **opts)
    timings["extensive_s"] = time.perf_counter() - t2

    # the stochastic plan in each scenario, recourse re-optimised (exact LPs)
    t3 = time.perf_counter()
    source, builds, per = "stochastic", None, None
    if rp.ok:
        builds = np.round(rp.x[: len(lo)])
        per = [
            better_of(_recourse(b, first, builds, start=rp.x[where], **opts), b, rp.x[where])
            for b, where in zip(blocks, maps, strict=True)
        ]
        if not all(s.ok for s in per):
            per = None
    rp_cost = np.array([s.objective for s in per]) if per is not None else None
    eev = _expect(probs, eev_cost)
    if floor_k:  # the solver found nothing better than (or nothing besides) the floor
        floor_cost = np.array([s.objective for s in floor_k])
        if rp_cost is None or _expect(probs, floor_cost) < _expect(probs, rp_cost):
            if rp_cost is None:
                notes.append(
                    f"the extensive form stopped without a plan ({rp.status}): the "
                    "stochastic plan is its starting plan, the least builds allowed"
                )
            source, builds, per, rp_cost = "floor", lo, floor_k, floor_cost
    if ev_plan and (rp_cost is None or eev < _expect(probs, rp_cost)):
        if rp_cost is None or _expect(probs, rp_cost) - eev > _REL_TIE * max(1.0, abs(eev)):
            notes.append(
                "the solver stopped above the mean-value builds' expected cost "
                f"({rp.status}): the stochastic plan keeps those builds (RP = EEV)"
            )
        source, builds, per, rp_cost = "mean_value", ev_builds, eev_k, eev_cost
    timings["evaluate_s"] = time.perf_counter() - t3
    if rp_cost is None or builds is None or per is None:
        failed = _failed(rp.status, labels, probs, eev_cost, ev, notes, timings)
        failed.ev_builds = ev_table
        return failed

    # wait and see (WS): each scenario alone, started from the stochastic plan there
    t4 = time.perf_counter()
    say("stochastic: each scenario alone (wait and see)")
    ws_solved = [
        solve_matrix(b.matrix, start=s.x, **opts) for b, s in zip(blocks, per, strict=True)
    ]
    ws_cost = np.array(
        [
            min(w.objective, c) if w.status == "optimal" else math.nan
            for w, c in zip(ws_solved, rp_cost, strict=True)
        ]
    )
    unsolved = [w.status for w in ws_solved if w.status != "optimal"]
    if unsolved:
        # a wait-and-see solve that stopped short gives an upper bound on that future's
        # WS, so RP - WS would understate EVPI (review of 2026-12-07: $0 was reported
        # when none solved; $30.7B without the limit): unknown, with what is known
        bound = [min(w.objective, c) for w, c in zip(ws_solved, rp_cost, strict=True)]
        least = (_expect(probs, rp_cost) - _expect(probs, np.array(bound))) * MONEY_SCALE
        notes.append(
            f"the wait-and-see solve of {len(unsolved)} of {len(ws_solved)} futures "
            f"stopped without a proven optimum ({', '.join(sorted(set(unsolved)))}): WS "
            f"and EVPI are unknown (EVPI at least ${max(least, 0.0) / 1e9:.3g}B)"
        )
    timings["wait_and_see_s"] = time.perf_counter() - t4
    timings["total_s"] = time.perf_counter() - t0

    unmet = np.array([s.x[b.unmet].sum() * COUNT_SCALE for b, s in zip(blocks, per, strict=True)])
    demand = np.array([b.demand_h100e for b in blocks])
    share = np.divide(unmet, demand, out=np.zeros_like(unmet), where=demand > 0)
    rp_usd = _expect(probs, rp_cost) * MONEY_SCALE
    eev_usd = eev * MONEY_SCALE
    ws_usd = _expect(probs, ws_cost) * MONEY_SCALE
    table = pd.DataFrame(
        {
            "scenario": labels,
            "probability": probs,
            "cost_usd": rp_cost * MONEY_SCALE,
            "unmet_h100e": unmet,
            "unmet_share": share,
            "cost_ev_usd": eev_cost * MONEY_SCALE,
            "cost_ws_usd": ws_cost * MONEY_SCALE,
        }
    )
    return StochasticResult(
        builds=_builds_table(spread(builds, first), problems[0]),
        scenarios=table,
        expected_cost_usd=rp_usd,
        eev_usd=eev_usd,
        ws_usd=ws_usd,
        vss_usd=eev_usd - rp_usd,
        evpi_usd=rp_usd - ws_usd,
        worst_decile_unmet_share=worst_share(share, probs),
        ev_usd=ev.objective * MONEY_SCALE if ev.ok else math.nan,
        eev_feasible_probability=float(probs[np.isfinite(eev_cost)].sum()),
        status=rp.status,
        source=source,
        first_stage_through=None if first_stage_through is None else int(first_stage_through),
        notes=notes,
        timings=timings,
        ev_builds=ev_table,
    )


def builds_against(
    builds: Sequence[Mapping[str, Any]] | None, ev_builds: Sequence[Mapping[str, Any]] | None
) -> list[tuple[str, str, int, int, int | None]]:
    """The robust plan's builds beside the plan as made's (``StochasticResult.to_dict``'s
    ``builds`` and ``ev_builds`` rows): ``(site, facility, year, robust modules, as-made
    modules)`` of every slot either builds, sorted; as made None when ``ev_builds`` is
    None (no mean-value plan) [modules].

    Parameters
    ----------
    builds : sequence of mapping or None
        The robust plan's build rows (``site``, ``facility``, ``year``, ``modules``).
    ev_builds : sequence of mapping or None
        The plan as made's build rows; None when there is no mean-value plan.

    Returns
    -------
    list of tuple of (str, str, int, int, int or None)
        One row per (site, facility, year) slot, sorted, modules summed per slot [modules].

    Examples
    --------
    >>> builds_against([{"site": "a", "facility": "cowos", "year": 2026, "modules": 2}],
    ...                [{"site": "a", "facility": "cowos", "year": 2027, "modules": 1}])
    [('a', 'cowos', 2026, 2, 0), ('a', 'cowos', 2027, 0, 1)]
    """

    def count(rows: Sequence[Mapping[str, Any]] | None) -> dict[tuple[str, str, int], int]:
        out: dict[tuple[str, str, int], int] = {}
        for r in rows or []:
            key = (str(r["site"]), str(r["facility"]), int(r["year"]))
            out[key] = out.get(key, 0) + int(r["modules"])
        return out

    mine, made = count(builds), count(ev_builds)
    known = ev_builds is not None
    return [
        (*key, mine.get(key, 0), made.get(key, 0) if known else None)
        for key in sorted(set(mine) | set(made))
    ]


def _expect(probs: np.ndarray, costs: np.ndarray) -> float:
    """``Σ p_k c_k`` over the scenarios of positive probability (inf if one is inf)."""
    pos = probs > 0
    return float(np.sum(probs[pos] * np.asarray(costs, float)[pos]))


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _builds_table(builds: np.ndarray, inp: PlanInputs) -> pd.DataFrame:
    """``[site, facility, year, modules]`` of the nonzero builds."""
    import pandas as pd

    shape = (len(inp.sites), len(inp.facilities), len(inp.years))
    b = np.asarray(builds, float).reshape(shape)
    s, k, t = np.nonzero(b > 0.5)
    return pd.DataFrame(
        {
            "site": np.asarray(inp.sites, dtype=object)[s],
            "facility": np.asarray(inp.facilities, dtype=object)[k],
            "year": np.asarray(inp.years, dtype=int)[t],
            "modules": b[s, k, t].round().astype(int),
        }
    )


def _failed(
    status: str,
    labels: list[str],
    probs: np.ndarray,
    eev_cost: np.ndarray,
    ev: Solved,
    notes: list[str],
    timings: dict[str, float],
) -> StochasticResult:
    """A result without a stochastic plan (the solver found none): NaN measures."""
    import pandas as pd

    from tigris.plan.model import MONEY_SCALE

    nan = np.full(len(labels), math.nan)
    notes.append(f"the extensive form has no plan ({status})")
    table = pd.DataFrame(
        {
            "scenario": labels,
            "probability": probs,
            "cost_usd": nan,
            "unmet_h100e": nan,
            "unmet_share": nan,
            "cost_ev_usd": eev_cost * MONEY_SCALE,
            "cost_ws_usd": nan,
        }
    )
    empty = pd.DataFrame({"site": [], "facility": [], "year": [], "modules": []})
    return StochasticResult(
        builds=empty,
        scenarios=table,
        expected_cost_usd=math.nan,
        eev_usd=_expect(probs, eev_cost) * MONEY_SCALE,
        ws_usd=math.nan,
        vss_usd=math.nan,
        evpi_usd=math.nan,
        worst_decile_unmet_share=math.nan,
        ev_usd=ev.objective * MONEY_SCALE if ev.ok else math.nan,
        status=status,
        notes=notes,
        timings=timings,
    )


#: First segments of data-table cell paths (``tigris.risk.cells.DATA_SECTIONS``), to
#: set such draws aside when that module is not available.
_CELL_HEADS = ("nodes.", "hbm.", "packaging.", "accelerators.", "data.sites.")


def stochastic(
    sc: Scenario,
    k: int,
    seed: int | None,
    *,
    disruptions: Sequence[str] = (),
    data: str | Path | None = None,
    probabilities: Sequence[float] | None = None,
    time_limit_s: float | None = None,
    mip_gap: float | None = None,
    objective: str | None = None,
    min_served_share: float | None = None,
    first_stage_through: int | None = None,
    progress: bool = False,
    disruption_probabilities: Mapping[str, float] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    recentre: bool = False,
    as_written: bool = False,
    design: str = "random",
) -> StochasticResult:
    """The two-stage stochastic plan of a scenario over ``k`` sampled futures.

    The futures are ``k`` draws of the scenario's ``distributions``, named
    ``future-0`` .. (:func:`tigris.risk.distributions.sample_changes` with ``n = k``,
    applied with :meth:`Scenario.set`; data-table cells through
    :mod:`tigris.risk.cells`): ``tigris sweep --samples k``'s draws of the same seed,
    which are the Monte Carlo's members only when ``k`` equals its ``samples`` (each
    input's draws are one column of ``n``), hence not named ``member-`` (user test s49
    #8); plus one future per named disruption (the scenario itself with the event applied,
    :func:`tigris.risk.disruptions.apply_disruption`). Their weights are
    :func:`future_weights`' (a disruption's own ``probability``, or one of
    ``disruption_probabilities``; equal weights, said to be an assumption, when none is
    given) unless ``probabilities`` are given; ``weights`` of the result and a note say
    which. The mean-value problem is the scenario itself (every
    input at its own value): EEV is the expected cost, over the futures, of the builds
    ``tigris plan`` would make (with the incumbents' floor of its counterfactual when
    they respond, as there).

    Parameters
    ----------
    sc : Scenario
        A validated scenario, objective ``serve``.
    k : int
        Sampled futures, 0 to :data:`MAX_SCENARIOS` (0 with disruptions only).
    seed : int or None
        Seed of the draws; the same seed gives the same result.
    disruptions : sequence of str, optional
        Names of the scenario's ``disruptions`` to add as futures.
    design : {"random", "lhs"}, optional
        The futures drawn independently (default) or as a Latin hypercube
        (:func:`tigris.risk.distributions.sample_changes`): with few futures, a
        hypercube spreads them over each input's range (stratified sampling in sample
        average approximation: Linderoth, Shapiro & Wright 2006, Annals of Operations
        Research 142, 215-241).
    data : str or Path, optional
        A ``--data`` overlay file applied to every future.
    probabilities : sequence of float, optional
        One per future (the ``k`` draws, then the disruptions), summing to 1 [-].
    time_limit_s, mip_gap : float, optional
        Per mixed-integer solve; default the scenario's ``solver`` values [s, -].
    objective : str, optional
        Replaces the scenario's; ``npv`` is refused.
    min_served_share : float, optional
        Replaces the scenario's [-].
    first_stage_through : int, optional
        Last start year of the shared builds; later ones adapt to each future
        (:func:`stochastic_plan`; default every year's) [year].
    progress : bool, optional
        One line per phase on stderr.
    disruption_probabilities : mapping of str to float, optional
        Disruption name -> its probability [-], over the scenario's own
        (``--disruption-probability``; :func:`future_weights`).
    workers, scheduler : optional
        Accepted for a uniform call with the other risk analyses; the program is one
        solve in this process.
    recentre, as_written : bool, optional
        A scenario value outside its own distribution is refused, as by ``tigris
        risk`` (:func:`tigris.risk.support.drawn_scenario`), unless ``recentre``
        (the distribution moved onto the value) or ``as_written`` (drawn as written).

    Returns
    -------
    StochasticResult

    Raises
    ------
    InputError
        ``npv``, ``k`` out of range, an unknown disruption, a bad seed or overlay, a
        value outside its distribution.
    """
    from tigris.plan.solve import check_objective
    from tigris.risk.distributions import sample_changes

    del workers, scheduler
    check_objective(objective, min_served_share)
    goal = objective if objective is not None else getattr(sc, "objective", "serve")
    if goal != "serve":
        msg = (
            "the two-stage stochastic plan minimises the expected cost of serving demand: "
            f"expected objective serve, got {goal!r}"
        )
        raise InputError(msg, field="--objective")
    disruptions = [disruptions] if isinstance(disruptions, str) else list(disruptions)
    whole = isinstance(k, int) and not isinstance(k, bool) and k >= 0
    if not whole or not 1 <= k + len(disruptions) <= MAX_SCENARIOS:
        msg = f"expected 1 to {MAX_SCENARIOS} futures (sampled plus disruptions), got {k!r}"
        raise InputError(msg, field="--stochastic")
    events = _events(sc, disruptions)
    from tigris.risk.support import drawn_scenario

    sc = drawn_scenario(sc, recentre=recentre, as_written=as_written)
    changes = sample_changes(sc, k, seed, design=design)
    notes: list[str] = []
    if k > 1 and not sc.distributions:
        notes.append(f"the scenario declares no distributions: its {k} futures are all itself")
    from tigris.overlay import data_overlay_text

    with data_overlay_text(data) as data_yaml:
        base, members = _member_inputs(sc, changes, data_yaml, notes, progress)
        for name, event in events:
            from tigris.risk.disruptions import apply_disruption

            members.append((name, apply_disruption(base, event, sc)))
    overrides: dict[str, Any] = {}
    if objective is not None:
        overrides["objective"] = objective
    if min_served_share is not None:
        overrides["min_served_share"] = float(min_served_share)
    if overrides:
        base = base.replace(**overrides)
        members = [(n, inp.replace(**overrides)) for n, inp in members]
    probs = probabilities
    weights: list[dict[str, Any]] = []
    if probs is None:
        probs, weights = future_weights(
            k, events, disruption_probabilities, where=probability_places(sc)
        )
    else:
        weights = [
            {"scenario": n, "probability": float(p), "basis": "given in Python (probabilities=)"}
            for (n, _), p in zip(members, probs, strict=False)
        ]
    result = stochastic_plan(
        [inp for _, inp in members],
        probs,
        names=[n for n, _ in members],
        time_limit_s=time_limit_s if time_limit_s is not None else sc.solver.time_limit_s,
        mip_gap=mip_gap if mip_gap is not None else sc.solver.mip_gap,
        mean_value=base,
        first_stage_through=first_stage_through,
        progress=progress,
    )
    result.notes[:0] = [*notes, weights_note(weights)]
    result.weights = weights
    return result


def probability_places(
    sc: Scenario,
    file: str | None = None,
    locate: Callable[[tuple[Any, ...]], int | None] | None = None,
) -> dict[str, tuple[str, str | None, int | None]]:
    """Where each of the scenario's disruption probabilities is written, for
    :func:`future_weights`' errors.

    Parameters
    ----------
    sc : Scenario
        The scenario.
    file : str, optional
        Its file.
    locate : callable, optional
        The file's line finder (:attr:`tigris.yamlio.YamlDocument.locate`).

    Returns
    -------
    dict
        Disruption name -> ``(field, file, line)``, e.g.
        ``("disruptions.0.probability", "prob.yaml", 325)`` [-, -, line]; only the
        disruptions with a ``probability``.
    """
    out: dict[str, tuple[str, str | None, int | None]] = {}
    for i, d in enumerate(getattr(sc, "disruptions", None) or []):
        if getattr(d, "probability", None) is None:
            continue
        loc = ("disruptions", i, "probability")
        line = locate(loc) if locate is not None else None
        out[str(d.name)] = (f"disruptions.{i}.probability", file, line)
    return out


def _whose(
    fixed: Mapping[str, tuple[float, str]],
    where: Mapping[str, tuple[str, str | None, int | None]] | None,
) -> str:
    """`` (taiwan-12m 0.6, scenario line 325; euv-cut 0.6, --disruption-probability)``:
    each probability of a refused sum and where it comes from."""
    parts = []
    for name, (p, basis) in fixed.items():
        bare = name.removeprefix("disruption:")
        if basis == GIVEN_ON_COMMAND_LINE:
            parts.append(f"{bare} {p:g}, --disruption-probability")
            continue
        field, _file, line = (where or {}).get(bare, (None, None, None))
        at = f"line {line}" if line is not None else field or "scenario"
        parts.append(f"{bare} {p:g}, scenario {at}")
    return f" ({'; '.join(parts)})"


def _sum_problem(
    msg: str,
    fixed: Mapping[str, tuple[float, str]],
    where: Mapping[str, tuple[str, str | None, int | None]] | None,
) -> Problem:
    """The one problem of a refused sum: at the first probability the scenario gives
    (its file and line where known), else ``--disruption-probability``."""
    for name, (_p, basis) in fixed.items():
        if basis == GIVEN_ON_COMMAND_LINE:
            continue
        bare = name.removeprefix("disruption:")
        field, file, line = (where or {}).get(bare, (f"disruptions.{bare}.probability", None, None))
        return Problem(field, msg, file=file, line=line)
    return Problem("--disruption-probability", msg)


#: The name of a sampled future of the stochastic plan before its index: ``future-0``.
#: Not ``member-``: the futures are ``sample_changes(sc, k, seed)``, which are the Monte
#: Carlo's members of that seed only when ``k`` is its ``samples`` (user test s49 #8).
FUTURE_PREFIX = "future-"


def future_name(i: int) -> str:
    """The name of the stochastic plan's ``i``-th sampled future.

    Parameters
    ----------
    i : int
        Its index among the sampled futures, from 0 [-].

    Returns
    -------
    str
        ``future-<i>``.

    Examples
    --------
    >>> future_name(0)
    'future-0'
    """
    return f"{FUTURE_PREFIX}{i}"


#: The basis of a future's weight when no probability is given: an assumption.
EQUAL_WEIGHTS = "equal weights: an assumption (no probability given)"
#: The basis of a probability given with ``--disruption-probability``.
GIVEN_ON_COMMAND_LINE = "given with --disruption-probability: the user's"


def future_weights(
    k: int,
    events: Sequence[tuple[str, Any]],
    given: Mapping[str, float] | None = None,
    *,
    where: Mapping[str, tuple[str, str | None, int | None]] | None = None,
) -> tuple[list[float], list[dict[str, Any]]]:
    """The probability of each future of a stochastic plan, and what it rests on.

    The futures are ``k`` sampled ones (``future-0`` ..), then the named
    disruptions. A disruption's probability is the one ``given`` for its name
    (``--disruption-probability NAME=P``, the user's), else its scenario entry's
    ``probability`` (with its ``probability_source``). What is left, ``1 − Σ p_d``, is
    shared equally by the sampled futures and the disruptions without one: a sampled
    future is one equally likely draw of the distributions (Birge & Louveaux,
    *Introduction to Stochastic Programming*, 2nd ed., 2011, §2.1: scenario
    probabilities ``p_k``, a sample average approximation's ``1/K``). With no
    probability given every future weighs ``1/(k + D)``: an assumption, said so.

    Parameters
    ----------
    k : int
        Sampled futures [-].
    events : sequence of (name, event)
        The named disruptions, in order (``disruption:<name>``).
    given : mapping of str to float, optional
        Disruption name (without ``disruption:``) -> probability from the command
        line [-].
    where : mapping, optional
        Disruption name -> ``(field, file, line)`` of its scenario entry's
        ``probability`` (:func:`probability_places`): a sum refused because of values
        the scenario gives names their place, not ``--disruption-probability``, which
        the user may not have given (user test s49 #6).

    Returns
    -------
    (list of float, list of dict)
        Probabilities summing to 1, and one ``{"scenario", "probability", "basis"}``
        per future.

    Raises
    ------
    InputError
        Given probabilities that leave nothing (or a negative rest) for the other
        futures, or that do not sum to 1 when they are all the futures
        (``--disruption-probability``).

    Examples
    --------
    Two sampled futures and a blockade of probability 0.1: 0.45, 0.45, 0.1.

    >>> p, _ = future_weights(2, [("disruption:taiwan-12m", None)], {"taiwan-12m": 0.1})
    >>> [round(x, 6) for x in p]
    [0.45, 0.45, 0.1]
    """
    given = dict(given or {})
    names = [future_name(i) for i in range(k)] + [n for n, _ in events]
    fixed: dict[str, tuple[float, str]] = {}
    for name, event in events:
        bare = name.removeprefix("disruption:")
        if bare in given:
            fixed[name] = (float(given[bare]), GIVEN_ON_COMMAND_LINE)
        elif getattr(event, "probability", None) is not None:
            src = str(getattr(event, "probability_source", "") or "")
            fixed[name] = (float(event.probability), f"scenario: {src}")
    rest_names = [n for n in names if n not in fixed]
    total = sum(p for p, _ in fixed.values())
    rest = 1.0 - total
    if fixed and rest_names and rest <= 0.0:
        others = len(rest_names)
        msg = (
            f"the disruptions' probabilities sum to {total:g}{_whose(fixed, where)}, "
            f"leaving nothing for the {others} other future{'s' if others > 1 else ''}: "
            "expected a sum below 1"
        )
        raise InputError(_sum_problem(msg, fixed, where))
    if fixed and not rest_names and abs(rest) > 1e-9:
        msg = (
            f"the disruptions are every future and their probabilities sum to {total:g}"
            f"{_whose(fixed, where)}: expected 1"
        )
        raise InputError(_sum_problem(msg, fixed, where))
    share = rest / len(rest_names) if rest_names else 0.0
    basis_rest = (
        EQUAL_WEIGHTS
        if not fixed
        else "an equal share of what the given probabilities leave: an assumption"
    )
    probs, weights = [], []
    for n in names:
        p, basis = fixed.get(n, (share, basis_rest))
        probs.append(p)
        weights.append({"scenario": n, "probability": p, "basis": basis})
    return probs, weights


def weights_note(weights: Sequence[Mapping[str, Any]]) -> str:
    """One note saying what weight each future got and on what basis (the text's and
    the JSON's ``notes``).

    Parameters
    ----------
    weights : sequence of mapping
        One row per future: ``scenario`` (its name), ``probability`` [fraction 0-1] and
        ``basis`` (why that weight).

    Returns
    -------
    str
        ``futures weighted: ...``: the sampled futures' common weight once, then each named
        disruption's.
    """
    from tigris.fmt import share

    named = [w for w in weights if not str(w["scenario"]).startswith(FUTURE_PREFIX)]
    sampled = [w for w in weights if str(w["scenario"]).startswith(FUTURE_PREFIX)]
    parts = []
    if sampled:
        w = sampled[0]
        parts.append(
            f"each of the {len(sampled)} sampled futures {share(w['probability'])} ({w['basis']})"
        )
    parts += [f"'{w['scenario']}' {share(w['probability'])} ({w['basis']})" for w in named]
    return "futures weighted: " + "; ".join(parts)


def _events(sc: Scenario, names: Sequence[str]) -> list[tuple[str, Any]]:
    """The scenario's disruptions of these names, in order; unknown names refused."""
    if not names:
        return []
    declared = {str(getattr(d, "name", "")): d for d in (getattr(sc, "disruptions", None) or [])}
    out = []
    for name in names:
        if name not in declared:
            hint = did_you_mean(name, declared) if declared else " (the scenario declares none)"
            msg = f"unknown disruption {name!r}{hint}"
            raise InputError(msg, field="--disruption")
        out.append((f"disruption:{name}", declared[name]))
    try:
        import tigris.risk.disruptions  # noqa: F401
    except ImportError:
        msg = "disruptions are not available in this version of tigris"
        raise InputError(msg, field="--disruption") from None
    return out


def _member_inputs(
    sc: Scenario,
    changes: list[dict[str, Any]],
    data_yaml: str | None,
    notes: list[str],
    progress: bool,
) -> tuple[PlanInputs, list[tuple[str, PlanInputs]]]:
    """The scenario's own inputs (with the counterfactual's incumbent floor when
    incumbents respond, as ``tigris plan``) and each sampled member's."""
    from tigris.plan.assemble import assemble

    base, _ = assemble(sc)
    floor = _incumbent_floor(sc, base)
    if floor is not None:
        base = base.replace(min_build=floor)
        notes.append(
            "incumbents respond: every future keeps the incumbents' builds of the "
            "scenario's own world without the investor as a floor"
        )
    split, skipped = _splitter()
    members = []
    for i, change in enumerate(changes):
        if progress:
            _say(f"stochastic: future {i + 1}/{len(changes)}")
        edits, cells = split(change)
        skipped.update(cells if split is _split_plain else ())
        member = sc.set(edits) if edits else sc
        with _cell_overlay(cells, data_yaml, split is _split_plain):
            inp, _ = assemble(member)
        if floor is not None:
            inp = inp.replace(min_build=floor)
        members.append((future_name(i), inp))
    if skipped:
        notes.append(
            "data-table cells not drawn (tigris.risk.cells is not available): "
            + ", ".join(sorted(skipped)[:8])
        )
    return base, members


def _incumbent_floor(sc: Scenario, inp: PlanInputs) -> np.ndarray | None:
    """:func:`tigris.plan.counterfactual.incumbent_floor` with the scenario's switch and
    limits; None when incumbents do not respond."""
    if not getattr(getattr(sc, "incumbents", None), "respond", False):
        return None
    from tigris.plan.counterfactual import incumbent_floor

    return incumbent_floor(
        inp, True, time_limit_s=sc.solver.time_limit_s, mip_gap=sc.solver.mip_gap
    )


def _split_plain(change: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Scenario edits and data-table cells by their first segments."""
    cells = {p: v for p, v in change.items() if p.startswith(_CELL_HEADS)}
    return {p: v for p, v in change.items() if p not in cells}, cells


def _splitter() -> tuple[Any, set[str]]:
    try:
        from tigris.risk.cells import split_changes
    except ImportError:
        return _split_plain, set()
    return split_changes, set()


@contextlib.contextmanager
def _cell_overlay(cells: Mapping[str, Any], data_yaml: str | None, skip: bool) -> Iterator[None]:
    """The member's data-table cells in force (on top of the ``--data`` overlay)."""
    if skip or not cells:
        yield
        return
    from tigris.data import using_overlay
    from tigris.plan.reuse import parsed_overlay
    from tigris.risk.cells import member_overlay

    text = member_overlay(cells, data_yaml)
    if text is None:
        yield
        return
    with using_overlay(parsed_overlay(text)):
        yield
