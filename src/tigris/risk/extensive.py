"""The extensive form of planning problems, as the matrices HiGHS solves (issue 15).

Helpers of :mod:`tigris.risk.stochastic`: :func:`block_of` takes one problem's planning
model (:func:`tigris.plan.model.build_model`) as the matrix linopy's direct HiGHS
interface passes (so the formulation is written once, in :mod:`tigris.plan.model`);
:func:`extensive_form` stacks several such blocks with their ``build`` columns shared
(the deterministic equivalent of a two-stage stochastic program, Birge & Louveaux,
*Introduction to Stochastic Programming*, 2nd ed., 2011, §3.1); :func:`solve_matrix`
solves one with :mod:`highspy` and the planner's options; :func:`mean_inputs` makes the
mean-value problem of §4.2; :func:`shortfall` says why a build schedule cannot be
carried out in a problem.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from tigris.errors import InputError

if TYPE_CHECKING:
    import linopy
    import scipy.sparse

    from tigris.plan.inputs import PlanInputs

__all__ = [
    "MAX_SCENARIOS",
    "Block",
    "Matrix",
    "Solved",
    "better_of",
    "block_of",
    "blocks_of",
    "check_bounds",
    "check_problems",
    "extensive_form",
    "first_stage",
    "mean_inputs",
    "shortfall",
    "solve_matrix",
    "spread",
]

#: Most scenarios one extensive form takes: the matrix grows linearly with K (about
#: 2,000 rows per reference scenario) and HiGHS's branch and bound worse than
#: linearly; a bound of this machine's memory and a user's patience, not of the method.
MAX_SCENARIOS = 64
#: Tolerance on probabilities summing to 1 [-].
_PROB_TOL = 1e-9
#: HiGHS primal solution status "feasible" (``kSolutionStatusFeasible``).
_FEASIBLE = 2
#: The index sets every scenario must share (the first stage's and the mean value's).
_SHARED_SETS = ("years", "sites", "facilities", "products", "classes", "sources")
#: PlanInputs fields that must be equal in every scenario (names, not numbers).
_SAME_FIELDS = (
    "facility_kind",
    "facility_node",
    "site_owner",
    "source_owner",
    "regions",
    "site_region",
    "base_year",
    "objective",
    "demand_basis",
)
#: First-stage fields whose mean-value is the intersection of the scenarios' sets
#: (``max`` of floors, ``min`` of ceilings, ``and`` of permissions), so the mean-value
#: builds respect every scenario's bounds.
_INTERSECT = {
    "allowed": np.logical_and.reduce,
    "min_build": lambda a: np.max(a, axis=0),
    "max_build": lambda a: np.fmin.reduce(a, axis=0),  # NaN: no bound
    "min_modules": lambda a: np.max(a, axis=0),
    "max_modules": lambda a: np.min(a, axis=0),
    "power_limit_mw": lambda a: np.min(a, axis=0),
}


#: What an optional array left out (None) means, element by element: no build floor,
#: no build ceiling, a site fully available [modules, modules, -].
_NEUTRAL = {"min_build": 0.0, "max_build": math.inf, "site_availability": 1.0}


@dataclass(frozen=True)
class Matrix:
    """``min cost·x + offset`` s.t. ``row_lower ≤ a x ≤ row_upper``, ``lower ≤ x ≤
    upper``, ``x[integer]`` whole [model units: $M, thousands]."""

    a: scipy.sparse.csr_array
    cost: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray
    offset: float

    def fixed(self, cols: np.ndarray, values: np.ndarray) -> Matrix:
        """The same problem with columns ``cols`` held at ``values`` (continuous).

        Parameters
        ----------
        cols : np.ndarray
            Column indices.
        values : np.ndarray
            Their values [model units].

        Returns
        -------
        Matrix
            A copy with ``lower = upper = values`` on ``cols`` and those columns not integer.
        """
        lower, upper, integer = self.lower.copy(), self.upper.copy(), self.integer.copy()
        lower[cols] = upper[cols] = values
        integer[cols] = False
        return dataclasses.replace(self, lower=lower, upper=upper, integer=integer)

    def bounded(self, cols: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> Matrix:
        """The same problem with the bounds of ``cols`` narrowed to ``[lo, hi]``.

        Parameters
        ----------
        cols : np.ndarray
            Column indices.
        lo : np.ndarray
            Lower bounds [model units].
        hi : np.ndarray
            Upper bounds [model units].

        Returns
        -------
        Matrix
            A copy whose bounds on ``cols`` are the intersection of its own and ``[lo, hi]``.
        """
        lower, upper = self.lower.copy(), self.upper.copy()
        lower[cols] = np.maximum(lower[cols], lo)
        upper[cols] = np.minimum(upper[cols], hi)
        return dataclasses.replace(self, lower=lower, upper=upper)


@dataclass(frozen=True)
class Block:
    """One scenario's planning problem as a matrix, with where its columns are.

    Attributes
    ----------
    matrix : Matrix
        The problem [model units].
    build : (S·K·T,) int array
        Column of ``build[s, k, t]``, in (S, K, T) order.
    unmet : (C·T,) int array
        Column of ``unmet[c, t]``, in (C, T) order [thousand H100e].
    demand_h100e : float
        The scenario's demand over the horizon [H100e].
    """

    matrix: Matrix
    build: np.ndarray
    unmet: np.ndarray
    demand_h100e: float


@dataclass(frozen=True)
class Solved:
    """Outcome of :func:`solve_matrix`.

    Attributes
    ----------
    status : str
        ``optimal``, ``time_limit``, ``infeasible`` or HiGHS's word.
    x : numpy.ndarray or None
        The solution, column by column; None when HiGHS found none [model units].
    objective : float
        ``cost·x + offset``; inf without a solution [$M].
    seconds : float
        Wall time [s].
    """

    status: str
    x: np.ndarray | None
    objective: float
    seconds: float

    @property
    def ok(self) -> bool:
        """Whether there is a solution (optimal, or the best found by a time limit)."""
        return self.x is not None


def blocks_of(problems: Sequence[PlanInputs]) -> list[Block]:
    """Each problem's planning model as the matrix HiGHS solves for ``tigris plan``.

    The first model is built afresh (:func:`tigris.plan.steps.build_steps`); each
    later one with the same index sets rebuilds only the steps whose inputs differ from
    the first's and copies the other rows (:mod:`tigris.plan.reuse`, tested there
    matrix by matrix against a fresh build; about a third of a fresh build's time on
    the reference). Any failure of that path falls back to a fresh build.

    Parameters
    ----------
    problems : sequence of PlanInputs
        The scenarios' problems, the first one built afresh.

    Returns
    -------
    list of Block
        One block per problem, in order.
    """
    first = None
    out = []
    for inp in problems:
        m = None
        with contextlib.suppress(Exception):
            m, built = _reused(inp, first)
            first = first if first is not None else built
        # the reuse sanitises every step's rows as it adds them; a fresh build does not
        out.append(block_of(inp, m) if m is not None else block_of(inp))
    return out


def _reused(inp: PlanInputs, first: Any) -> tuple[linopy.Model, Any]:
    """``inp``'s model built from ``first`` (a ``tigris.plan.reuse._Built``, or None
    for a fresh build), and the record of this build."""
    from tigris.plan import reuse

    if first is not None and any(
        not reuse._same(getattr(first.inp, f), getattr(inp, f)) for f in reuse._STRUCTURE
    ):
        first = None
    m, reads, rows, adds = reuse._build(inp, False, first)
    return m, reuse._Built(inp, False, m, reads, rows, adds, None, {})


def block_of(inp: PlanInputs, m: linopy.Model | None = None) -> Block:
    """The planning model of ``inp`` as the matrix HiGHS solves for ``tigris plan``.

    Without ``m``, the model is built (:func:`tigris.plan.model.build_model`) and its
    constraints sanitised as ``linopy.Model.solve`` does (zero terms dropped, rows
    bounded by infinity removed); ``m``, when given, must be sanitised already (as
    :mod:`tigris.plan.reuse` builds them). Then linopy's direct HiGHS interface.

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    m : linopy.Model or None, optional
        Its model, already built and sanitised; None: built here.

    Returns
    -------
    Block
        The matrix [model units], the columns of ``build`` and ``unmet``, and the demand
        over the horizon [H100e].
    """
    from linopy.io import to_highspy

    from tigris.plan.highs import quiet_stdout
    from tigris.plan.model import build_model

    if m is None:
        m = build_model(inp)
        m.constraints.sanitize_zeros()
        m.constraints.sanitize_infinities()
    with quiet_stdout():
        lp = to_highspy(m).getLp()
    import scipy.sparse

    n, r = int(lp.num_col_), int(lp.num_row_)
    am = lp.a_matrix_
    data = (np.asarray(am.value_, float), np.asarray(am.index_), np.asarray(am.start_))
    rowwise = str(am.format_).endswith("kRowwise")
    a = (
        scipy.sparse.csr_array(data, shape=(r, n))
        if rowwise
        else scipy.sparse.csc_array(data, shape=(r, n)).tocsr()
    )
    integer = np.zeros(n, dtype=bool)
    for j, v in enumerate(lp.integrality_ or []):
        integer[j] = str(v).endswith("kInteger")
    matrix = Matrix(
        a=a,
        cost=np.asarray(lp.col_cost_, float),
        lower=np.asarray(lp.col_lower_, float),
        upper=np.asarray(lp.col_upper_, float),
        row_lower=np.asarray(lp.row_lower_, float),
        row_upper=np.asarray(lp.row_upper_, float),
        integer=integer,
        offset=float(lp.offset_),
    )
    vlabels = np.asarray(m.matrices.vlabels)

    def cols(name: str, dims: tuple[str, ...]) -> np.ndarray:
        lab = np.asarray(m.variables[name].labels.transpose(*dims).values, np.int64).ravel()
        return np.searchsorted(vlabels, lab)

    return Block(
        matrix=matrix,
        build=cols("build", ("site", "facility", "year")),
        unmet=cols("unmet", ("demand_class", "year")),
        demand_h100e=float(np.asarray(inp.demand, float).sum()),
    )


def solve_matrix(
    p: Matrix,
    *,
    time_limit_s: float | None,
    mip_gap: float | None,
    start: np.ndarray | None = None,
) -> Solved:
    """Solve ``p`` with HiGHS, quietly, with the planner's options.

    Parameters
    ----------
    p : Matrix
        The problem.
    time_limit_s : float or None
        HiGHS time limit [s].
    mip_gap : float or None
        Relative MIP gap [-].
    start : numpy.ndarray, optional
        A feasible solution to start the branch and bound from (HiGHS ``setSolution``)
        [model units].

    Returns
    -------
    Solved
    """
    import highspy

    from tigris.plan.highs import highs_options, quiet_stdout

    t0 = time.perf_counter()
    csc = p.a.tocsc()
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = len(p.cost), p.a.shape[0]
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = p.cost, p.lower, p.upper
    lp.row_lower_, lp.row_upper_ = p.row_lower, p.row_upper
    lp.offset_ = p.offset
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_, lp.a_matrix_.num_row_ = lp.num_col_, lp.num_row_
    lp.a_matrix_.start_ = csc.indptr.astype(np.int32)
    lp.a_matrix_.index_ = csc.indices.astype(np.int32)
    lp.a_matrix_.value_ = csc.data.astype(float)
    if p.integer.any():
        kinds = (highspy.HighsVarType.kContinuous, highspy.HighsVarType.kInteger)
        lp.integrality_ = [kinds[int(i)] for i in p.integer]
    with quiet_stdout():
        h = highspy.Highs()
        for key, value in highs_options(time_limit_s, mip_gap).items():
            h.setOptionValue(key, value)
        h.passModel(lp)
        if start is not None:
            sol = highspy.HighsSolution()
            sol.col_value = list(np.asarray(start, float))
            sol.value_valid = True
            with contextlib.suppress(Exception):
                h.setSolution(sol)
        h.run()
    status = h.getModelStatus()
    info = h.getInfo()
    word = h.modelStatusToString(status).lower()
    if status == highspy.HighsModelStatus.kOptimal:
        word = "optimal"
    elif "time" in word:
        word = "time_limit"
    elif "infeasible" in word:
        word = "infeasible"
    has = int(info.primal_solution_status) == _FEASIBLE and word in ("optimal", "time_limit")
    x = np.asarray(h.getSolution().col_value, float) if has else None
    objective = float(info.objective_function_value) if has else math.inf
    return Solved(word, x, objective, time.perf_counter() - t0)


def extensive_form(
    blocks: Sequence[Block], probs: np.ndarray, shared: Sequence[np.ndarray] | None = None
) -> tuple[Matrix, list[np.ndarray]]:
    """The block-angular extensive form: the shared columns first, then each
    scenario's other columns; rows stacked; cost ``Σ_k p_k c_k``.

    Parameters
    ----------
    blocks : sequence of Block
        The scenarios.
    probs : numpy.ndarray
        Their probabilities [-].
    shared : sequence of numpy.ndarray, optional
        Per block, its columns shared by every scenario, in the same order in each
        (default every ``build`` column).

    Returns
    -------
    matrix : Matrix
        The extensive form; a shared column's bounds are the intersection of the
        scenarios' [model units].
    maps : list of numpy.ndarray
        Per scenario, the position in ``matrix`` of each of the scenario's columns.
    """
    import scipy.sparse

    shared = [b.build for b in blocks] if shared is None else list(shared)
    nb = len(shared[0])
    maps, offset = [], nb
    for b, cols in zip(blocks, shared, strict=True):
        n = len(b.matrix.cost)
        where = np.empty(n, dtype=np.int64)
        rest = np.setdiff1d(np.arange(n), cols)
        where[cols] = np.arange(nb)
        where[rest] = offset + np.arange(len(rest))
        offset += len(rest)
        maps.append(where)
    n_all = offset
    cost = np.zeros(n_all)
    lower, upper = np.full(n_all, -np.inf), np.full(n_all, np.inf)
    integer = np.zeros(n_all, dtype=bool)
    rows, cols, vals = [], [], []
    row0 = 0
    for b, where, p in zip(blocks, maps, probs, strict=True):
        mx = b.matrix
        np.add.at(cost, where, p * mx.cost)
        lower[where] = np.maximum(lower[where], mx.lower)
        upper[where] = np.minimum(upper[where], mx.upper)
        integer[where] |= mx.integer
        coo = mx.a.tocoo()
        rows.append(coo.row + row0)
        cols.append(where[coo.col])
        vals.append(coo.data)
        row0 += mx.a.shape[0]
    a = scipy.sparse.csr_array(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(row0, n_all),
    )
    matrix = Matrix(
        a=a,
        cost=cost,
        lower=lower,
        upper=upper,
        row_lower=np.concatenate([b.matrix.row_lower for b in blocks]),
        row_upper=np.concatenate([b.matrix.row_upper for b in blocks]),
        integer=integer,
        offset=float(sum(p * b.matrix.offset for b, p in zip(blocks, probs, strict=True))),
    )
    return matrix, maps


def check_problems(
    problems: Sequence[PlanInputs], probabilities: Sequence[float], names: Sequence[str] | None
) -> tuple[np.ndarray, list[str]]:
    """Probabilities as an array and the scenario names, or one :class:`InputError`.

    Parameters
    ----------
    problems : sequence of PlanInputs
        The scenarios' problems, 1 to :data:`MAX_SCENARIOS`, each with objective
        ``serve`` and the same index sets.
    probabilities : sequence of float
        One per scenario, each >= 0, summing to 1 [fraction 0-1].
    names : sequence of str or None
        Distinct scenario names; None: ``scenario-0``, ``scenario-1``, ...

    Returns
    -------
    tuple of (np.ndarray, list of str)
        The probabilities, shape (K,) [-], and the names.

    Raises
    ------
    InputError
        The first problem found: a count of scenarios outside 1 to :data:`MAX_SCENARIOS`,
        probabilities not one per scenario, negative or not summing to 1, names not
        distinct, an objective other than ``serve``, or index sets that differ.
    """
    k = len(problems)
    if not 1 <= k <= MAX_SCENARIOS:
        msg = f"expected 1 to {MAX_SCENARIOS} scenarios, got {k}"
        raise InputError(msg, field="scenarios")
    probs = np.asarray(probabilities, dtype=float).ravel()
    if len(probs) != k:
        msg = f"expected one probability per scenario ({k}), got {len(probs)}"
        raise InputError(msg, field="probabilities")
    if np.any(~np.isfinite(probs)) or np.any(probs < 0) or abs(probs.sum() - 1.0) > _PROB_TOL:
        msg = f"expected probabilities >= 0 summing to 1, got sum {probs.sum():.12g}"
        raise InputError(msg, field="probabilities")
    labels = [f"scenario-{i}" for i in range(k)] if names is None else [str(n) for n in names]
    if len(labels) != k or len(set(labels)) != k:
        msg = f"expected {k} distinct names, got {list(labels)[:8]}"
        raise InputError(msg, field="names")
    for inp, name in zip(problems, labels, strict=True):
        if getattr(inp, "objective", "serve") != "serve":
            msg = (
                "the two-stage stochastic plan minimises the expected cost of serving "
                f"demand (objective serve); scenario {name!r} has objective "
                f"{inp.objective!r}"
            )
            raise InputError(msg, field="objective")
    first = problems[0]
    for inp, name in zip(problems[1:], labels[1:], strict=True):
        for index in _SHARED_SETS:
            a, b = np.asarray(getattr(first, index)), np.asarray(getattr(inp, index))
            if a.shape != b.shape or not np.array_equal(a, b):
                msg = (
                    f"every scenario must have the same {index} (the first stage is shared); "
                    f"{name!r} has {list(b)[:6]}, {labels[0]!r} has {list(a)[:6]}"
                )
                raise InputError(msg, field="scenarios")
    return probs, labels


def _mean(values: list[Any], probs: np.ndarray, name: str) -> Any:
    """The probability-weighted mean of one PlanInputs field over the scenarios."""
    first = values[0]
    if all(_equal(v, first) for v in values[1:]):
        return first
    if name in _NEUTRAL and any(v is None for v in values):
        shape = next(np.shape(v) for v in values if v is not None)
        values = [np.full(shape, _NEUTRAL[name]) if v is None else v for v in values]
        first = values[0]
    if name in _INTERSECT:
        return _INTERSECT[name](np.stack([np.asarray(v) for v in values]))
    if isinstance(first, dict):
        if any(not isinstance(v, dict) or set(v) != set(first) for v in values):
            return None  # parts that differ: one part, all existing
        return {key: _mean([v[key] for v in values], probs, name) for key in first}
    if dataclasses.is_dataclass(first) and not isinstance(first, type):
        fields = {
            f.name: _mean([getattr(v, f.name) for v in values], probs, f"{name}.{f.name}")
            for f in dataclasses.fields(first)
        }
        return dataclasses.replace(first, **fields)
    if any(v is None for v in values) or name in _SAME_FIELDS or isinstance(first, (str, tuple)):
        msg = f"the scenarios' {name} differ, so they have no mean value"
        raise InputError(msg, field="scenarios")
    arr = np.stack([np.asarray(v) for v in values])
    if arr.dtype == bool:
        return np.logical_and.reduce(arr)
    mean = np.tensordot(probs, arr.astype(float), axes=1)
    if np.issubdtype(arr.dtype, np.integer):
        mean = np.rint(mean).astype(arr.dtype)
    return mean if np.ndim(mean) else type(first)(mean)


def _equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    if isinstance(a, dict) or isinstance(b, dict):
        return (
            isinstance(a, dict)
            and isinstance(b, dict)
            and set(a) == set(b)
            and all(_equal(a[k], b[k]) for k in a)
        )
    if dataclasses.is_dataclass(a) and not isinstance(a, type):
        return type(a) is type(b) and all(
            _equal(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a)
        )
    try:
        x, y = np.asarray(a), np.asarray(b)
        return x.shape == y.shape and bool(np.array_equal(x, y, equal_nan=x.dtype.kind == "f"))
    except (TypeError, ValueError):
        return bool(a == b)


def mean_inputs(problems: Sequence[PlanInputs], probabilities: Sequence[float]) -> PlanInputs:
    """The mean-value problem: every input the probability-weighted mean of the scenarios'.

    Numbers and arrays are averaged, ``E[ξ] = Σ_k p_k ξ_k`` (Birge & Louveaux, 2011,
    §4.2, the expected value problem); integer arrays (service lives) are rounded to the
    nearest whole number. The first stage's bounds are intersected instead (``allowed``
    and-ed, ``min_build`` and ``min_modules`` the largest, ``max_modules`` and
    ``power_limit_mw`` the smallest), so the mean-value builds respect every scenario's
    bounds. Names and index sets must agree.

    Parameters
    ----------
    problems : sequence of PlanInputs
        The scenarios, same index sets.
    probabilities : sequence of float
        Their probabilities, summing to 1 [-].

    Returns
    -------
    PlanInputs

    Raises
    ------
    InputError
        Index sets or names that differ (field ``scenarios``).
    """
    probs, _ = check_problems(problems, probabilities, None)
    first = problems[0]
    values = {
        f.name: _mean([getattr(p, f.name) for p in problems], probs, f.name)
        for f in dataclasses.fields(first)
        if f.name != "notes"
    }
    return dataclasses.replace(first, **values)


#: Slack on the checks of :func:`shortfall`: $1 of capital, 1e-6 of a scanner or module.
_SHORT_TOL = 1e-6


def shortfall(inp: PlanInputs, builds: np.ndarray) -> str:
    """Why a build schedule cannot be carried out in a problem, in words (the first
    year each first-stage limit is broken), for a note.

    Checks what the builds alone decide: scanners in the start year (``tools-euv-upper``,
    ``tools-high_na-upper``), each owner's cumulative capex against its sources'
    cumulative capital (``capital-balance`` with ``capital-cumulative-upper``; capex
    spent by the spend profile, :func:`tigris.plan.model.capex_by_year`), and sites'
    module limits (``site-modules-upper``). Anything else: "a row of its model".

    Parameters
    ----------
    inp : PlanInputs
        The problem.
    builds : array
        Modules started, (S, K, T) or flat in that order [modules].

    Returns
    -------
    str
    """
    from tigris.plan.model import capex_by_year, net_capex_usd, owner_matrix

    shape = (len(inp.sites), len(inp.facilities), len(inp.years))
    b = np.asarray(builds, float).reshape(shape)
    years = np.asarray(inp.years, dtype=int)
    out = []
    for tool, need, supply in (
        ("EUV", inp.euv_tools, inp.euv_supply),
        ("High-NA", inp.high_na_tools, inp.high_na_supply),
    ):
        used = np.einsum("skt,sk->t", b, np.asarray(need, float))
        over = np.nonzero(used > np.asarray(supply, float) + _SHORT_TOL)[0]
        if len(over):
            t = over[0]
            out.append(f"{used[t]:.3g} {tool} scanners in {years[t]}, {supply[t]:.3g} available")
    spent = capex_by_year(b, inp.spend, net_capex_usd(inp)).sum(axis=1)  # (S, T)
    owners = inp.owners
    spent_o = owner_matrix(owners, inp.site_owner).T @ spent
    avail_o = owner_matrix(owners, inp.source_owner).T @ np.asarray(inp.capital_usd, float)
    cum_s, cum_a = np.cumsum(spent_o, axis=1), np.cumsum(avail_o, axis=1)
    for o, owner in enumerate(owners):
        over = np.nonzero(cum_s[o] > cum_a[o] * (1 + _SHORT_TOL) + 1.0)[0]
        if len(over):
            t = over[0]
            out.append(
                f"{owner} capex ${cum_s[o, t] / 1e9:.3g}B by {years[t]}, "
                f"${cum_a[o, t] / 1e9:.3g}B released"
            )
    mods = b.sum(axis=(1, 2))
    over = np.nonzero(mods > np.asarray(inp.max_modules, float) + _SHORT_TOL)[0]
    out += [f"{mods[s]:g} modules at {inp.sites[s]}, at most {inp.max_modules[s]:g}" for s in over]
    return "; ".join(out) if out else "a row of its model"


#: Slack when comparing first-stage bounds across scenarios [modules].
_BOUND_TOL = 1e-6


def first_stage(inp: PlanInputs, through: int | None) -> np.ndarray:
    """(S·K·T,) True for the build columns of the first stage (start year ≤ ``through``).

    Parameters
    ----------
    inp : PlanInputs
        The problem (its sites, facilities and years).
    through : int or None
        Last start year of the first stage [year]; None: every year.

    Returns
    -------
    np.ndarray
        Bool mask, shape (S·K·T,), in (S, K, T) order.

    Raises
    ------
    InputError
        ``through`` is not a whole number (or is a bool), or is before the first
        planning year (field ``first_stage_through``).
    """
    years = np.asarray(inp.years, dtype=int)
    if through is not None and (
        isinstance(through, bool) or not isinstance(through, (int, np.integer))
    ):
        msg = f"expected a year or none, got {through!r}"
        raise InputError(msg, field="first_stage_through")
    if through is not None and not years[0] <= through:
        msg = f"expected a year from {years[0]} (the first planning year), got {through}"
        raise InputError(msg, field="first_stage_through")
    upto = years <= (years[-1] if through is None else through)
    shape = (len(inp.sites), len(inp.facilities), len(years))
    return np.broadcast_to(upto, shape).ravel()


def spread(values: np.ndarray, first: np.ndarray) -> np.ndarray:
    """First-stage ``values`` spread over every build column, 0 elsewhere [modules].

    Parameters
    ----------
    values : np.ndarray
        The first stage's builds, one per True of ``first`` [modules].
    first : np.ndarray
        The first stage's mask over the build columns (:func:`first_stage`), (S·K·T,).

    Returns
    -------
    np.ndarray
        Builds, shape (S·K·T,) [modules].
    """
    out = np.zeros(len(first))
    out[first] = values
    return out


def better_of(solved: Solved, block: Block, x: np.ndarray) -> Solved:
    """``solved`` or the extensive form's own recourse ``x`` for this scenario (both
    plans for it with the same first stage), whichever costs less.

    Parameters
    ----------
    solved : Solved
        The scenario's recourse solved alone with the first stage fixed.
    block : Block
        The scenario's problem.
    x : np.ndarray
        The extensive form's columns of this scenario [model units].

    Returns
    -------
    Solved
        ``solved`` when it has a solution costing no more than ``x``; else ``x`` with its
        cost [$M] (status ``optimal`` when ``solved`` had none, else ``solved``'s).
    """
    cost = float(block.matrix.cost @ x) + block.matrix.offset
    if solved.ok and solved.objective <= cost:
        return solved
    return Solved("optimal" if not solved.ok else solved.status, x, cost, solved.seconds)


def check_bounds(lo: np.ndarray, hi: np.ndarray, inp: PlanInputs, first: np.ndarray) -> None:
    """One :class:`InputError` if a first-stage build slot's floor in one scenario is
    above its ceiling in another (no shared first stage exists).

    Parameters
    ----------
    lo : np.ndarray
        The largest floor of each first-stage build slot over the scenarios [modules].
    hi : np.ndarray
        The smallest ceiling of each first-stage build slot over the scenarios [modules].
    inp : PlanInputs
        A scenario's problem (its sites, facilities and years name the slot).
    first : np.ndarray
        The first stage's mask over the build columns (:func:`first_stage`).

    Raises
    ------
    InputError
        The first such slot, naming its site, facility and year (field ``scenarios``).
    """
    bad = np.nonzero(lo > hi + _BOUND_TOL)[0]
    if not len(bad):
        return
    slot = np.flatnonzero(first)[bad[0]]
    s, k, t = np.unravel_index(slot, (len(inp.sites), len(inp.facilities), len(inp.years)))
    msg = (
        f"no shared build plan: a scenario requires {lo[bad[0]]:g} modules of "
        f"{inp.facilities[k]} at {inp.sites[s]} in {int(inp.years[t])} and another allows "
        f"at most {hi[bad[0]]:g}"
    )
    raise InputError(msg, field="scenarios")
