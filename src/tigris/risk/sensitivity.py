"""Which inputs drive a plan's outputs: Sobol' indices.

:func:`sobol` estimates first-order (``S1``) and total-order (``ST``) Sobol' indices of
any vectorised function of independent random inputs: Saltelli's design of scrambled
Sobol' points on the unit cube (SALib), mapped to each input's distribution by its
inverse CDF (:func:`tigris.risk.distributions.quantile`), and the estimators of Saltelli
et al. (2010) with bootstrap confidence intervals (SALib). :func:`sobol_plan` does the
same with plans as the function (every member solved by
:func:`tigris.risk.montecarlo.evaluate`), over the scenario's ``distributions``.
The tornado chart, one input at a time, is :mod:`tigris.risk.tornado` (built on the
helpers here).

``S1`` of an input is the share of the output's variance it explains alone; ``ST`` the
share it explains with all its interactions, so ``S1 <= ST`` (up to estimation error)
and an input with ``ST = 0`` cannot matter over its range. Sobol' indices are defined
for **independent** inputs: correlations declared in the scenario are ignored here (each
input is drawn from its own distribution), which every result says in its ``notes``.

References
----------
Sobol', I. M. (2001). Global sensitivity indices for nonlinear mathematical models and
their Monte Carlo estimates. Mathematics and Computers in Simulation 55(1-3), 271-280,
doi:10.1016/S0378-4754(00)00270-6. Saltelli, A. (2002). Making best use of model
evaluations to compute sensitivity indices. Computer Physics Communications 145(2),
280-297, doi:10.1016/S0010-4655(02)00280-1 (the design: N (D + 2) evaluations for S1 and
ST). Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. & Tarantola, S.
(2010). Variance based sensitivity analysis of model output. Design and estimator for
the total sensitivity index. Computer Physics Communications 181(2), 259-270,
doi:10.1016/j.cpc.2009.09.018 (the estimators, their table 2). Herman, J. & Usher, W.
(2017). SALib: An open-source Python library for sensitivity analysis. Journal of Open
Source Software 2(9), 97, doi:10.21105/joss.00097.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tigris.errors import InputError

if TYPE_CHECKING:
    from tigris.scenario.schema import Scenario

__all__ = [
    "CONSTANT_RTOL",
    "INDEPENDENCE_NOTE",
    "NUM_RESAMPLES",
    "SobolResult",
    "output_keys",
    "saltelli_points",
    "sobol",
    "sobol_plan",
    "sobol_warnings",
]

#: Bootstrap resamples of SALib's confidence intervals (SALib's own default).
NUM_RESAMPLES = 100
#: An output whose sample range is at most this share of its largest magnitude is
#: treated as constant (a numerical tolerance: solver noise is not variance to share
#: out); its indices are undefined (NaN, ``null`` in JSON) and a note says so.
CONSTANT_RTOL = 1e-9
#: What every Sobol' result says about correlated inputs.
INDEPENDENCE_NOTE = (
    "Sobol' indices assume independent inputs: each input is drawn from its own "
    "distribution and any declared correlations are ignored"
)

#: Complete blocks needed for a variance (and a bootstrap) at all.
_MIN_BLOCKS = 2

_INDEX_COLUMNS = ["output", "path", "S1", "S1_conf", "ST", "ST_conf", "rank"]


def _rank_order(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with each output's rows by ``rank`` (unranked last), outputs in the order
    they first appear."""
    order = {o: i for i, o in enumerate(dict.fromkeys(df["output"]))}
    first = np.array([order[o] for o in df["output"]], dtype=float)
    rank = df["rank"].astype("Float64").fillna(len(df)).to_numpy(dtype=float)
    return df.iloc[np.lexsort((rank, first))]


def _drivers(df: pd.DataFrame, measure: str, column: str) -> pd.DataFrame:
    """``[output, rank, path, measure, value]`` of the ranked rows of ``df``."""
    df = _rank_order(df.dropna(subset=["rank"]))
    return pd.DataFrame(
        {
            "output": df["output"].to_numpy(),
            "rank": df["rank"].astype(int).to_numpy(),
            "path": df["path"].to_numpy(),
            "measure": measure,
            "value": df[column].to_numpy(dtype=float),
        }
    )


def _no_stopped() -> pd.DataFrame:
    """No plan stopped at a limit (:data:`tigris.risk.montecarlo.LIMITED_COLUMNS`)."""
    from tigris.risk.montecarlo import LIMITED_COLUMNS

    return pd.DataFrame(columns=LIMITED_COLUMNS)


def _json_float(x: Any) -> float | None:
    """A float for JSON: NaN and infinities become ``None``."""
    x = float(x)
    return x if math.isfinite(x) else None


@dataclass
class SobolResult:
    """First- and total-order Sobol' indices of each output.

    Attributes
    ----------
    indices : pandas.DataFrame
        One row per output and input: ``output``, ``path``, ``S1``, ``S1_conf``, ``ST``,
        ``ST_conf`` [-] (``_conf``: half-width of the bootstrap interval at
        ``conf_level``), ``rank`` (1 = largest ``ST`` within the output; missing where
        the indices are undefined).
    n : int
        Base sample size N (a power of two).
    evaluations : int
        Function evaluations made, N (D + 2).
    seed : int
        Seed of the one generator behind the points and the bootstrap.
    conf_level : float
        Confidence level of the intervals [-].
    notes : list of str
        What the reader must know (independence; constant outputs; failed members).
    failed : pandas.DataFrame
        Members that failed ``[member, error]`` (plans only; empty otherwise).
    stopped : pandas.DataFrame
        Members whose plan stopped at a solver limit, feasible but not proven optimal
        ``[member, status, mip_gap, time_limit_s]`` ([-], [s]; plans only): their blocks
        are left out, as a failed member's (``docs/risk.md``, "Plans stopped at the time
        limit").
    stopped_note : str or None
        What the reader must know of them (also in ``notes``); None when none stopped.
    """

    indices: pd.DataFrame
    n: int
    evaluations: int
    seed: int
    conf_level: float = 0.95
    notes: list[str] = field(default_factory=list)
    failed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["member", "error"]))
    stopped: pd.DataFrame = field(default_factory=lambda: _no_stopped())
    stopped_note: str | None = None

    def drivers(self) -> pd.DataFrame:
        """Inputs ranked by total-order index, ``[output, rank, path, measure, value]``
        with ``measure`` ``"sobol_total"`` (rows with undefined indices left out).

        Returns
        -------
        pd.DataFrame
            ``[output, rank, path, measure, value]``, ``value`` the total-order index ST [-].
        """
        return _drivers(self.indices, "sobol_total", "ST")

    def to_dict(self) -> dict[str, Any]:
        """The ``"sobol"`` piece of ``tigris risk --json`` (JSON-safe: NaN -> null).

        ``indices`` maps each output to its inputs in rank order, each
        ``{"rank", "path", "S1", "S1_conf", "ST", "ST_conf"}``; ``stopped`` (last): the
        plans that stopped at a solver limit, ``{"members", "max_gap", "note",
        "plans"}`` (:func:`_stopped_block`; no members when every plan is optimal).

        Returns
        -------
        dict of str to Any
            ``n``, ``evaluations``, ``seed``, ``conf_level``, ``second_order`` (False),
            ``notes``, ``warnings``, ``failed`` (``{member, error}``), ``indices``, ``stopped``.
        """
        indices: dict[str, list[dict[str, Any]]] = {}
        for output, df in _rank_order(self.indices).groupby("output", sort=False):
            rows = []
            for r in df.itertuples(index=False):
                rank = None if pd.isna(r.rank) else int(r.rank)
                rows.append(
                    {
                        "rank": rank,
                        "path": r.path,
                        **{k: _json_float(getattr(r, k)) for k in _INDEX_COLUMNS[2:6]},
                    }
                )
            indices[str(output)] = rows
        failed = [
            {"member": int(m), "error": str(e)}
            for m, e in zip(self.failed["member"], self.failed["error"], strict=True)
        ]
        return {
            "n": int(self.n),
            "evaluations": int(self.evaluations),
            "seed": int(self.seed),
            "conf_level": float(self.conf_level),
            "second_order": False,
            "notes": list(self.notes),
            "warnings": sobol_warnings(indices, int(self.n)),
            "failed": failed,
            "indices": indices,
            "stopped": _stopped_block(self.stopped, self.stopped_note),  # 2026-12-05: last
        }

    def to_json(self) -> str:
        """:meth:`to_dict` as JSON text (the same seed gives the same text).

        Returns
        -------
        str
            The JSON text of :meth:`to_dict`.
        """
        return json.dumps(self.to_dict(), sort_keys=False)


#: A Sobol' index whose confidence interval's half-width is above this reads as
#: "unknown to one decimal place" [-]: an index is a share of variance, and a reader
#: compares shares to a tenth; a display threshold, not a statistical one.
WIDE_CONF = 0.1


def sobol_warnings(indices: Mapping[str, Sequence[Mapping[str, Any]]], n: int) -> list[str]:
    """What a reader must know about Sobol' indices before ranking on them.

    Per output: an index outside ``[0, 1]`` (a share of variance cannot be; the
    estimators of Saltelli et al. 2010 are unbiased, not bounded, so a small base
    sample gives such values); ``S1`` above ``ST`` beyond both
    intervals (``S1 <= ST`` by definition, Sobol' 2001); intervals wider than
    :data:`WIDE_CONF`; the top two inputs' ``ST`` intervals overlapping (the ranking of
    the first two is not known), unless the second's ``ST`` is exactly 0 with no
    interval: it moved no plan's output (:func:`indices_from`) while the first's
    ``ST > 0`` did, so their order is known.

    Parameters
    ----------
    indices : mapping
        The ``indices`` of :meth:`SobolResult.to_dict`: output -> ranked rows with
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` [-].
    n : int
        The base sample (``--sobol-n``) [-].

    Returns
    -------
    list of str

    Examples
    --------
    >>> rows = [{"path": "a", "S1": 1.175, "S1_conf": 0.408, "ST": 1.186, "ST_conf": 0.41},
    ...         {"path": "b", "S1": 0.0, "S1_conf": 0.0, "ST": 0.0, "ST_conf": 0.0}]
    >>> [w[:40] for w in sobol_warnings({"y": rows}, 16)]
    ['y: an index outside [0, 1], which a shar', 'y: 2 indices with a 95% interval wider t']
    """

    def num(x: Any) -> float:
        return math.nan if x is None else float(x)

    out: list[str] = []
    more = f"(base sample {n}; a larger --sobol-n narrows them)"
    for output, rows in indices.items():
        outside, s1_above, wide = [], [], 0
        for r in rows:
            for k in ("S1", "ST"):
                v, c = num(r.get(k)), num(r.get(f"{k}_conf"))
                if math.isfinite(v) and not 0.0 <= v <= 1.0:
                    outside.append(f"{r['path']} {k} {v:.2f} ± {c:.2f}")
                if math.isfinite(c) and c > WIDE_CONF:
                    wide += 1
            s1, st = num(r.get("S1")), num(r.get("ST"))
            c1, ct = num(r.get("S1_conf")), num(r.get("ST_conf"))
            if all(math.isfinite(x) for x in (s1, st, c1, ct)) and s1 - c1 > st + ct:
                s1_above.append(f"{r['path']} S1 {s1:.3f} ± {c1:.3f} > ST {st:.3f} ± {ct:.3f}")
        if outside:
            out.append(
                f"{output}: an index outside [0, 1], which a share of variance cannot be "
                f"(estimation error): {'; '.join(outside)} {more}"
            )
        if s1_above:
            out.append(
                f"{output}: S1 above ST beyond both intervals, which cannot be: "
                f"{'; '.join(s1_above)} {more}"
            )
        if wide:
            out.append(
                f"{output}: {wide} indices with a 95% interval wider than ±{WIDE_CONF:g} {more}"
            )
        ranked = [r for r in rows if r.get("rank") is not None]
        if len(ranked) >= 2:
            a, b = ranked[0], ranked[1]
            lo_a = num(a.get("ST")) - num(a.get("ST_conf"))
            hi_b = num(b.get("ST")) + num(b.get("ST_conf"))
            moves = num(a.get("ST")) > 0.0  # all 0: nothing to rank, nothing to warn of
            # ST exactly 0 ± 0: the input changed no plan's output (indices_from snaps its
            # rows onto A), while ST > 0 of the first is a change some plan showed: the
            # order is known however wide the first's interval (review of 2026-12-08)
            inert = num(b.get("ST")) == 0.0 and num(b.get("ST_conf")) == 0.0
            if moves and not inert and math.isfinite(lo_a) and math.isfinite(hi_b) and lo_a <= hi_b:
                out.append(
                    f"{output}: the ST intervals of ranks 1 and 2 ({a['path']}, {b['path']}) "
                    f"overlap: their order is not known {more}"
                )
    return out


def _check_seed(seed: Any) -> int:
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"expected a whole number >= 0, got {seed!r}", field="seed")
    return int(seed)


def _check_n(n: Any) -> int:
    ok = not isinstance(n, bool) and isinstance(n, int | np.integer) and n >= 2
    if not ok or int(n) & (int(n) - 1):
        msg = (
            f"expected a power of two >= 2 (Sobol' points keep their balance only in "
            f"blocks of 2^k), got {n!r}"
        )
        raise InputError(msg, field="n")
    return int(n)


def _check_names(names: Sequence[str], specs: Sequence[Any]) -> list[str]:
    names = [str(x) for x in names]
    if not names:
        raise InputError("expected at least one input, got none", field="names")
    twice = next((x for i, x in enumerate(names) if x in names[:i]), None)
    if twice is not None:
        raise InputError(f"expected distinct inputs, got '{twice}' twice", field="names")
    if len(specs) != len(names):
        msg = f"expected one distribution per input ({len(names)}), got {len(specs)}"
        raise InputError(msg, field="specs")
    return names


def saltelli_points(d: int, n: int, rng: np.random.Generator) -> np.ndarray:
    """Saltelli's design on the unit cube: ``n (d + 2)`` rows of ``d`` columns.

    Rows come in blocks of ``d + 2``: A, A with column j from B (j = 1..d), B, with A
    and B the two halves of ``n`` scrambled Sobol' points in 2d dimensions (SALib's
    ``sample.sobol.sample`` without second order).

    Parameters
    ----------
    d : int
        Number of inputs.
    n : int
        Base sample size (a power of two).
    rng : numpy.random.Generator
        The generator that scrambles the points.

    Returns
    -------
    numpy.ndarray
        Points in (0, 1)^d [-].

    References
    ----------
    Saltelli (2002), section 3; Saltelli et al. (2010), section 3 (see the module).
    """
    from SALib.sample import sobol as salib_sample

    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    return salib_sample.sample(problem, n, calc_second_order=False, scramble=True, seed=rng)


def _constant(y: np.ndarray) -> bool:
    scale = float(np.max(np.abs(y))) if y.size else 0.0
    return float(np.ptp(y)) <= CONSTANT_RTOL * scale


def _analyse(
    y: np.ndarray, d: int, conf_level: float, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """SALib's S1, S1_conf, ST, ST_conf of one output over complete blocks."""
    from SALib.analyze import sobol as salib_analyze

    problem = {"num_vars": d, "names": [f"x{i}" for i in range(d)], "bounds": [[0.0, 1.0]] * d}
    res = salib_analyze.analyze(
        problem,
        y,
        calc_second_order=False,
        num_resamples=NUM_RESAMPLES,
        conf_level=conf_level,
        seed=rng,  # a Generator: SALib draws its bootstrap rows from it
    )
    return {k: np.asarray(res[k], dtype=float) for k in ("S1", "S1_conf", "ST", "ST_conf")}


def _ranked(rows: list[dict[str, Any]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=_INDEX_COLUMNS[:-1])
    ranks = pd.Series(pd.NA, index=df.index, dtype="Int64")
    for _, g in df.groupby("output", sort=False):
        ok = g["ST"].notna()
        order = g[ok].sort_values("ST", ascending=False, kind="stable").index
        ranks[order] = np.arange(1, len(order) + 1)
    df["rank"] = ranks
    return df


def _snapped(col: np.ndarray) -> np.ndarray:
    """Saltelli blocks (rows A, A_B^(1..D), B) with each A_B^(j) equal to A where it is
    within :data:`CONSTANT_RTOL` of the blocks' largest magnitude of it."""
    out = col.copy()
    if not out.size:
        return out
    tol = CONSTANT_RTOL * float(np.max(np.abs(out)))
    a, ab = out[:, :1], out[:, 1:-1]
    out[:, 1:-1] = np.where(np.abs(ab - a) <= tol, a, ab)
    return out


def indices_from(
    y: np.ndarray,
    names: Sequence[str],
    outputs: Sequence[str],
    *,
    conf_level: float,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[str]]:
    """Sobol' indices of each column of ``y`` (rows in Saltelli's blocks).

    A block with a non-finite value in a column (a failed member) is left out of that
    column's estimate; a column left constant gets undefined (NaN) indices. Both are
    said in the returned notes. A row A_B^(j) within :data:`CONSTANT_RTOL` of the
    column's magnitude of its block's A is taken as equal to it (rounding in a solve is
    no effect of input j), so an input that cannot matter gets S1 = ST = 0 exactly.

    Parameters
    ----------
    y : np.ndarray
        Outputs of the Saltelli design, shape ``(blocks * (D + 2), len(outputs))``, each
        block of rows A, A_B^(1..D), B.
    names : sequence of str
        The D input paths, in the design's column order.
    outputs : sequence of str
        The output names, one per column of ``y``.
    conf_level : float
        Confidence level of the bootstrap intervals ``S1_conf`` and ``ST_conf`` [-].
    rng : np.random.Generator
        Random generator of the bootstrap resamples.

    Returns
    -------
    tuple of (pd.DataFrame, list of str)
        The indices, one row per (output, input): ``[output, path, S1, S1_conf, ST,
        ST_conf, rank]`` (rank 1 the largest ST, NA when undefined) [-]; and the notes.
    """
    d = len(names)
    blocks = y.shape[0] // (d + 2)
    notes: list[str] = []
    rows: list[dict[str, Any]] = []
    for m, output in enumerate(outputs):
        col = y[:, m].reshape(blocks, d + 2)
        whole = np.all(np.isfinite(col), axis=1)
        kept = _snapped(col[whole]).ravel()
        if not whole.all():
            notes.append(
                f"{output}: {int((~whole).sum())} of {blocks} blocks left out "
                "(a member failed or gave no value)"
            )
        if whole.sum() < _MIN_BLOCKS or _constant(kept):
            few = whole.sum() < _MIN_BLOCKS
            why = f"fewer than {_MIN_BLOCKS} complete blocks" if few else "constant"
            notes.append(f"{output}: indices undefined ({why} over the sample)")
            s = dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"), np.full(d, np.nan))
        else:
            s = _analyse(kept, d, conf_level, rng)
        for j, name in enumerate(names):
            rows.append({"output": output, "path": name, **{k: float(v[j]) for k, v in s.items()}})
    return _ranked(rows), notes


def sobol(
    func: Callable[[np.ndarray], np.ndarray],
    names: Sequence[str],
    specs: Sequence[Any],
    n: int,
    seed: int,
    *,
    outputs: Sequence[str] | None = None,
    conf_level: float = 0.95,
) -> SobolResult:
    """First- and total-order Sobol' indices of ``func`` over independent inputs.

    Parameters
    ----------
    func : callable
        Maps an ``(N, D)`` array of inputs (columns in the order of ``names``, in the
        units of ``specs``) to ``(N,)`` or ``(N, M)`` outputs. A non-finite output marks
        a failed evaluation: its block of D + 2 rows is left out (and noted).
    names : sequence of str
        The inputs (paths), D >= 1, distinct.
    specs : sequence of distributions
        One :mod:`tigris.risk.distributions` kind per input [unit of its values].
    n : int
        Base sample size N, a power of two >= 2; ``func`` sees N (D + 2) rows.
    seed : int
        Seed (>= 0) of the one ``numpy.random.default_rng`` that scrambles the Sobol'
        points and draws the bootstrap resamples: the same seed, the same result.
    outputs : sequence of str, optional
        Names of the M outputs (default ``"y"`` for one, ``"y0"``, ``"y1"``, ... else).
    conf_level : float, optional
        Confidence level of the bootstrap intervals, in (0, 1) [-].

    Returns
    -------
    SobolResult

    Raises
    ------
    InputError
        No inputs, repeated names, a distribution per input missing, ``n`` not a power
        of two, a bad seed or confidence level, or ``func``'s result not of the
        expected shape.

    References
    ----------
    Saltelli (2002) (design); Saltelli et al. (2010) (estimators: S1 after their eq. (b)
    of table 2, ST after Jansen (1999), their eq. (f)); SALib (Herman & Usher 2017).
    See the module docstring.

    Examples
    --------
    An additive model y = x0 + 2 x1 of two uniforms on [0, 1]: the variances are 1/12
    and 4/12, so S1 = ST = 0.2 and 0.8.

    >>> from tigris.risk.distributions import Uniform
    >>> u = Uniform(low=0.0, high=1.0)
    >>> res = sobol(lambda x: x[:, 0] + 2 * x[:, 1], ["a", "b"], [u, u], 256, seed=1)
    >>> res.indices[["path", "S1", "ST"]].round(1).to_string(index=False)
    'path  S1  ST\\n   a 0.2 0.2\\n   b 0.8 0.8'
    """
    names = _check_names(names, specs)
    n = _check_n(n)
    seed = _check_seed(seed)
    if not (isinstance(conf_level, int | float) and 0 < conf_level < 1):
        raise InputError(f"expected a level in (0, 1), got {conf_level!r}", field="conf_level")
    from tigris.risk.distributions import quantile

    d = len(names)
    rng = np.random.default_rng(seed)
    u = saltelli_points(d, n, rng)
    x = np.column_stack([quantile(spec, u[:, j]) for j, spec in enumerate(specs)])
    y = np.asarray(func(x), dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[0] != x.shape[0]:
        msg = f"expected func to return ({x.shape[0]},) or ({x.shape[0]}, M) values, got {y.shape}"
        raise InputError(msg, field="func")
    m = y.shape[1]
    if outputs is None:
        outputs = ["y"] if m == 1 else [f"y{i}" for i in range(m)]
    outputs = [str(o) for o in outputs]
    if len(outputs) != m:
        raise InputError(f"expected {m} output names, got {len(outputs)}", field="outputs")
    indices, notes = indices_from(y, names, outputs, conf_level=conf_level, rng=rng)
    return SobolResult(
        indices=indices,
        n=n,
        evaluations=int(x.shape[0]),
        seed=seed,
        conf_level=float(conf_level),
        notes=[INDEPENDENCE_NOTE, *notes],
    )


# ------------------------------------------------------------------- plans
def output_keys(names: Sequence[str] | None, years: Sequence[str]) -> list[tuple[str, str, str]]:
    """``(name, output, year)`` of each output a sensitivity analysis reads.

    A name is a total output of :data:`tigris.risk.montecarlo.OUTPUTS`
    (``capex_committed_usd``; year ``"all"``) or a yearly one with its year,
    ``<output>_<year>`` (``unmet_h100e_2030``). ``None``: the driver outputs
    (:func:`tigris.risk.montecarlo.driver_outputs`).

    Parameters
    ----------
    names : sequence of str or None
        The outputs asked for.
    years : sequence of str
        The plan's years, as text.

    Returns
    -------
    list of tuple of (str, str, str)
        ``(name, output, year)``: the name asked for, the key of
        :data:`~tigris.risk.montecarlo.OUTPUTS` and the year as text (``"all"`` for a total).

    Raises
    ------
    InputError
        An unknown output or a year outside the plan (field ``outputs``), none asked.

    Examples
    --------
    >>> output_keys(["npv_total_usd", "unmet_h100e_2030"], ["2029", "2030"])
    [('npv_total_usd', 'npv_total_usd', 'all'), ('unmet_h100e_2030', 'unmet_h100e', '2030')]
    """
    from tigris.errors import did_you_mean
    from tigris.risk.montecarlo import ALL, OUTPUTS, driver_outputs

    names = driver_outputs(list(years)) if names is None else [str(x) for x in names]
    if not names:
        raise InputError("expected at least one output, got none", field="outputs")
    known = [k for k, (_, kind) in OUTPUTS.items() if kind == "total"]
    known += [f"{k}_{y}" for k, (_, kind) in OUTPUTS.items() if kind == "yearly" for y in years]
    out = []
    for name in names:
        if name not in known:
            totals = ", ".join(k for k, (_, kind) in OUTPUTS.items() if kind == "total")
            yearly = ", ".join(k for k, (_, kind) in OUTPUTS.items() if kind == "yearly")
            msg = (
                f"unknown output '{name}'{did_you_mean(name, known)}; give a total "
                f"({totals}) or a yearly output with a year of the plan "
                f"({years[0]}-{years[-1]}): {yearly} as <output>_<year>"
            )
            raise InputError(msg, field="outputs")
        if OUTPUTS.get(name, ("", ""))[1] == "total":
            out.append((name, name, ALL))
        else:
            key, _, year = name.rpartition("_")
            out.append((name, key, year))
    return out


def _years(sc: Scenario) -> list[str]:
    return [str(y) for y in range(sc.horizon.first_year, sc.horizon.last_year + 1)]


def _distributions(sc: Scenario, what: str) -> tuple[list[str], list[Any]]:
    dists: Mapping[str, Any] = getattr(sc, "distributions", None) or {}
    if not dists:
        msg = (
            f"scenario '{sc.name}' declares no distributions for {what}; add a "
            "'distributions:' section (docs/risk.md)"
        )
        raise InputError(msg, field="distributions")
    return list(dists), list(dists.values())


def _integer_paths(sc: Scenario, paths: Sequence[str], data: str | Path | None) -> list[bool]:
    """Which paths hold whole numbers (months, modules): their values are rounded as
    :func:`tigris.risk.distributions.sample_changes` rounds its draws."""
    from tigris.risk.cells import input_value

    return [
        isinstance(v, int) and not isinstance(v, bool)
        for v in (input_value(sc, p, data) for p in paths)
    ]


def _member(paths: Sequence[str], row: Sequence[float], as_int: Sequence[bool]) -> dict[str, Any]:
    return {
        p: int(np.rint(v)) if i else float(v) for p, v, i in zip(paths, row, as_int, strict=True)
    }


def _solve_members(
    sc: Scenario,
    members: Sequence[Mapping[str, Any]],
    keys: Sequence[tuple[str, str, str]],
    **kw: Any,
) -> tuple[np.ndarray, pd.DataFrame, int, pd.DataFrame]:
    """Each member's outputs, ``(len(members), len(keys))`` (NaN where a member failed
    or its plan stopped at a solver limit), the failures ``[member, error]``, the number
    of plans solved and the stopped members ``[member, status, mip_gap, time_limit_s]``
    (:data:`tigris.risk.montecarlo.LIMITED_COLUMNS`). Members with the same changes are
    solved once (a discrete or whole-number input repeats them).

    A plan that stopped at the time limit (:data:`tigris.runs.sweep.STOPPED_STATUSES`)
    is feasible, not proven optimal: its numbers are one feasible plan's and its
    objective only bounds the optimum (Wolsey, *Integer Programming*, 1998, §2.1), so
    they are not used (NaN), as ``tigris risk``'s quantiles leave them out
    (``docs/risk.md``, "Plans stopped at the time limit")."""
    from tigris.risk.montecarlo import LIMITED_COLUMNS, evaluate

    unique: dict[str, int] = {}
    which = []
    todo: list[Mapping[str, Any]] = []
    for m in members:
        key = json.dumps(sorted(m.items()), default=str)
        if key not in unique:
            unique[key] = len(todo)
            todo.append(m)
        which.append(unique[key])
    ev = evaluate(sc, todo, **kw)
    y = np.column_stack(
        [
            ev.wide(out, year).reindex(range(len(todo))).to_numpy(dtype=float)
            for _, out, year in keys
        ]
    )
    limited = {int(r.member): r for r in ev.limited.itertuples(index=False)}
    for u in limited:
        y[u, :] = np.nan  # not an optimum: not used as one
    errors = dict(zip(ev.failed["member"], ev.failed["error"], strict=True))
    failed = [(i, str(errors[u])) for i, u in enumerate(which) if u in errors]
    stopped = [
        (i, str(limited[u].status), float(limited[u].mip_gap), float(limited[u].time_limit_s))
        for i, u in enumerate(which)
        if u in limited
    ]
    return (
        y[which],
        pd.DataFrame(failed, columns=["member", "error"]),
        len(todo),
        pd.DataFrame(stopped, columns=LIMITED_COLUMNS),
    )


def _stopped_block(
    stopped: pd.DataFrame, note: str | None, extra: Sequence[str] = ()
) -> dict[str, Any]:
    """The JSON's ``stopped`` of a sensitivity analysis, shaped as ``tigris risk``'s
    own (:meth:`tigris.risk.montecarlo.MonteCarlo.stopped_dict`): ``members``,
    ``max_gap`` [-] (None when none reported one), ``note`` (what the text prints,
    None when every plan is optimal) and ``plans``, each ``member``, the ``extra``
    columns, ``status``, ``mip_gap`` [-] and ``time_limit_s`` [s] (NaN as None)."""
    from tigris.runs.sweep import max_gap

    return {
        "members": [int(m) for m in stopped["member"]],
        "max_gap": max_gap(stopped),
        "note": note,
        "plans": [
            {
                "member": int(r["member"]),
                **{c: r[c] for c in extra},
                "status": str(r["status"]),
                "mip_gap": _json_float(r["mip_gap"]),
                "time_limit_s": _json_float(r["time_limit_s"]),
            }
            for r in stopped.to_dict("records")
        ],
    }


def stopped_note(stopped: pd.DataFrame, total: int, consequence: str) -> str | None:
    """The note of a sensitivity analysis whose plans stopped at a solver limit
    (:func:`tigris.runs.sweep.limit_sentence` with ``consequence`` after it), None when
    none did.

    Parameters
    ----------
    stopped : pd.DataFrame
        The plans that stopped at a solver limit, one row a plan (``member``, ``status``,
        ``mip_gap``, ``time_limit_s``).
    total : int
        Plans the analysis solved [-].
    consequence : str
        What it means for the analysis, put after the sentence.

    Returns
    -------
    str or None
        ``<how many stopped, at which limit>; <consequence>``; None when none stopped.
    """
    from tigris.runs.sweep import limit_sentence

    sentence = limit_sentence(stopped, total, key="member")
    return None if sentence is None else f"{sentence}; {consequence}"


def sobol_plan(
    sc: Scenario,
    outputs: Sequence[str] | None,
    n: int,
    seed: int,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    data: str | Path | None = None,
    progress: bool = False,
    recentre: bool = False,
    as_written: bool = False,
    **options: Any,
) -> SobolResult:
    """Sobol' indices of a plan's outputs over the scenario's distributions.

    :func:`sobol` with plans as the function: each of the N (D + 2) points of Saltelli's
    design (D the number of distributions) is a member solved by
    :func:`tigris.risk.montecarlo.evaluate` (the sweep executor); whole-number inputs
    are rounded as the Monte Carlo draws are. A member that fails leaves its block out
    (``notes``, ``failed``). Declared correlations are ignored (independent inputs are
    the method's assumption; ``notes`` says which).

    Parameters
    ----------
    sc : Scenario
        A scenario with ``distributions``.
    outputs : sequence of str or None
        Outputs (:func:`output_keys`); None: the driver outputs.
    n : int
        Base sample size N, a power of two; N (D + 2) plans are solved, at most
        :data:`tigris.runs.sweep.MAX_MEMBERS`.
    seed : int
        Seed of the points and the bootstrap (>= 0).
    workers, scheduler, data, progress, **options
        As :func:`tigris.risk.montecarlo.evaluate`.
    recentre, as_written : bool, optional
        A scenario value outside its own distribution is refused, as by ``tigris
        risk`` (:func:`tigris.risk.support.drawn_scenario`), unless ``recentre``
        (the distribution moved onto the value) or ``as_written`` (drawn as written).

    Returns
    -------
    SobolResult

    Raises
    ------
    InputError
        No distributions, an unknown output, a bad ``n`` or seed, too many plans, a
        value outside its distribution: before anything is solved.

    References
    ----------
    Saltelli (2002); Saltelli et al. (2010) (module docstring).
    """
    from tigris.risk.support import drawn_scenario
    from tigris.runs.sweep import MAX_MEMBERS

    paths, specs = _distributions(sc, "Sobol' indices")
    keys = output_keys(outputs, _years(sc))
    n = _check_n(n)
    evaluations = n * (len(paths) + 2)
    if evaluations > MAX_MEMBERS:
        msg = (
            f"{n} x ({len(paths)} inputs + 2) = {evaluations:,} plans is more than a sweep "
            f"may solve ({MAX_MEMBERS:,}); use a smaller n"
        )
        raise InputError(msg, field="n")
    sc = drawn_scenario(sc, recentre=recentre, as_written=as_written)  # after the options
    specs = [sc.distributions[p] for p in paths]
    as_int = _integer_paths(sc, paths, data)
    failed: list[pd.DataFrame] = []
    solved: list[int] = []
    limited: list[pd.DataFrame] = []

    def plans(x: np.ndarray) -> np.ndarray:
        members = [_member(paths, row, as_int) for row in x]
        y, fail, n_plans, stopped = _solve_members(
            sc,
            members,
            keys,
            workers=workers,
            scheduler=scheduler,
            data=data,
            progress=progress,
            **options,
        )
        failed.append(fail)
        solved.append(n_plans)
        limited.append(stopped)
        return y

    res = sobol(plans, paths, specs, n, seed, outputs=[k[0] for k in keys])
    if getattr(sc, "correlations", None):
        groups = "; ".join(", ".join(c.paths) for c in sc.correlations)
        res.notes.append(f"the scenario's correlations are not used here ({groups})")
    res.failed = failed[0]
    res.stopped = limited[0]
    d = len(paths)
    blocks = sorted({int(m) // (d + 2) for m in res.stopped["member"]})
    note = stopped_note(
        res.stopped,
        evaluations,
        f"not used as optima: their {len(blocks)} of {n} blocks of {d + 2} plans are left "
        "out of every output's indices (Saltelli et al. 2010's estimators pair each block's "
        "A, B and A_B plans: one plan cannot be dropped alone); the indices are over the "
        "other blocks, no longer the whole Sobol' sample, and lean away from the inputs "
        'where plans stop (docs/risk.md, "Plans stopped at the time limit")',
    )
    if note is not None:
        res.notes.append(note)
        res.stopped_note = note
    if solved[0] < evaluations:
        res.notes.append(
            f"{solved[0]} distinct plans solved for the {evaluations} points (points with "
            "the same inputs after rounding solved once)"
        )
    return res
