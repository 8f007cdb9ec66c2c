"""A default MFU fitted on published training runs, with its leave-one-out error.

``data/mfu_runs.csv`` holds published model FLOPs utilisations (MFU while stepping,
6ND-type model FLOPs over the dense peak) of training runs: GPT-3, Gopher,
Megatron-Turing NLG, PaLM, Megatron-LM's GPT-3 case, BLOOM, MegaScale, Llama 3.1 405B
(three stages), Nemotron-4 340B, Llama 4 Behemoth, TinyLlama 1.1B and, added under the
rule of docs/workload.md ("Runs added 2026-12-03"), GLM-130B, BloombergGPT and
Nemotron-4 15B, each row sourced. Each row says what its MFU measures
(``mfu_basis``: steady state while stepping, or whole-run, which holds goodput) and how
its source counts FLOPs (``flop_count``); the fit is on steady-state MFU
(docs/workload.md, "Definition audit 2026-12-03 (third)": every row today is steady).

The model is log-linear, ``ln MFU_bf16 = b0 + sum_k b_k x_k``, fitted by ordinary
least squares on the runs, where ``MFU_bf16`` is the achieved model FLOP/s over the
part's dense **BF16** peak and the candidate regressors ``x_k`` are ``log10`` active
parameters (model size), ``log10`` accelerators (cluster size) and the hardware
generation (launch year of the part). The run year (year the training team first
reported the trained model: the software generation; column ``run_year``) was tested
as a fourth candidate and not adopted (:data:`TESTED_REGRESSORS`; docs/workload.md,
"Run year as a software term"). Precision enters through the peak, not through a
fitted coefficient: a run in FP8 is converted to the BF16 basis with the catalog's
peaks, and a prediction for FP8 is divided by the part's FP8/BF16 peak ratio. The
published FP8 run (Llama 4 Behemoth, 390 TFLOP/s per H100 in FP8) reached about the
model FLOP/s of the BF16 Llama 3 runs (380-430 TFLOP/s) on the same part, so FP8 is
taken to raise the peak, not the throughput; one FP8 run cannot identify a precision
coefficient under leave-one-out.

Which regressors are used is :data:`REGRESSORS`, chosen by :func:`choose_regressors`:
among the subsets whose fit never predicts more than the best published short
benchmark of a part (``data/mfu_benchmarks.csv``, llm-foundry's A100 and H100 tables;
:func:`benchmark_check`), the one with the lowest leave-one-group-out error.
:func:`selection_loo_mape` gives the error of that whole procedure, the choice made
without the run it predicts. On the sixteen rows hardware generation alone has the
lowest leave-one-out error among the candidates (18.9 %; nested error of the procedure
20.5 %) and is the shipped regressor. Model size and cluster size are left out and
:func:`default_mfu` says so. With the run year among the candidates the procedure
would pick it alone (18.5 %), but the nested error rises to 21.9 %: under the standing
bar for a new term (the nested error must fall, 2026-12-02) it is not adopted, and
:func:`default_mfu` notes a run year given to it as not used. :func:`fit_mfu`,
:func:`loo_mape`, :func:`choose_regressors` and :func:`selection_loo_mape` accept it
(:data:`KNOWN_REGRESSORS`) so that the test can be repeated. Inputs outside the range
of the fitted runs are clamped to it (no extrapolation past the published runs).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tigris.catalog import PRECISIONS, Accelerator, get_accelerator
from tigris.data import data_cache, load_rows
from tigris.errors import InputError
from tigris.workload._common import FloatOrArray, as_float, check_positive, workload_default

if TYPE_CHECKING:  # pandas is imported where a frame is built, not at start-up
    import pandas as pd

__all__ = [
    "CANDIDATE_REGRESSORS",
    "KNOWN_REGRESSORS",
    "MFU_BASES",
    "REGRESSORS",
    "TESTED_REGRESSORS",
    "MfuEstimate",
    "benchmark_check",
    "choose_regressors",
    "default_mfu",
    "fit_mfu",
    "leave_one_out",
    "loo_mape",
    "mfu_benchmarks",
    "mfu_runs",
    "selection_loo_mape",
]

#: Every regressor the shipped selection may use: log10 active parameters [-], log10
#: accelerators [-], launch year of the accelerator [year].
CANDIDATE_REGRESSORS: tuple[str, ...] = ("log10_params", "log10_accelerators", "hardware_year")
#: Terms tested and not adopted, which :func:`fit_mfu`, :func:`loo_mape` and
#: :func:`choose_regressors` still accept so that the test can be repeated: the run year
#: (its training team's first report of the trained model: the software generation)
#: [year], not taken under the standing bar for a new term (the nested leave-one-out
#: error of the whole procedure must fall; it rose, 20.5 % -> 21.9 %, on 2026-12-03 as on
#: 2026-12-02; docs/workload.md, "Run year as a software term").
TESTED_REGRESSORS: tuple[str, ...] = ("run_year",)
#: Every regressor name the functions accept [-].
KNOWN_REGRESSORS: tuple[str, ...] = CANDIDATE_REGRESSORS + TESTED_REGRESSORS
#: The regressors of the shipped default, as :func:`choose_regressors` picks them: the
#: subset of CANDIDATE_REGRESSORS with the lowest leave-one-group-out MAPE on
#: data/mfu_runs.csv among those within the published benchmarks (docs/workload.md,
#: "MFU model"; the run year, tested, is not among them).
REGRESSORS: tuple[str, ...] = ("hardware_year",)
#: Precision whose dense peak the fitted MFU refers to.
BASE_PRECISION = "bf16"
#: Origin of the year regressors (hardware year; run year where tested), so that the
#: intercept is the MFU of a 2020 part rather than of year 0 (numerical conditioning
#: only) [year].
YEAR_ORIGIN = 2020.0

_COLUMNS = ("run", "group", "params", "accelerator", "hardware_year", "accelerators")
#: What a row's ``mfu`` measures (column ``mfu_basis`` of data/mfu_runs.csv): ``steady``,
#: model FLOP/s while stepping from a stated MFU, TFLOP/s, tokens/s or step time; or
#: ``whole_run``, training FLOPs over the run's accelerator-hours (MFU x goodput),
#: converted to ``steady`` by the goodput default before the fit.
MFU_BASES: tuple[str, ...] = ("steady", "whole_run")


@dataclass(frozen=True)
class MfuEstimate:
    """A default MFU and how good it is.

    Attributes
    ----------
    value : float or ndarray
        Predicted MFU while stepping, over the dense peak at ``precision`` [-].
    loo_mape : float
        Mean absolute relative error of the model on the published runs, each predicted
        with its own run left out of the fit [-].
    n_runs : int
        Published runs (rows) the model is fitted on [-].
    explanation : str
        One line saying what the value rests on, for the CLI and the notes.
    regressors : tuple of str
        Regressors used (see :data:`REGRESSORS`).
    coefficients : dict
        Intercept and slope per regressor of ``ln MFU_bf16`` [-, per unit of regressor];
        years are counted from :data:`YEAR_ORIGIN`.
    run_year : float or ndarray or None
        Run year the value is taken at [year], after clamping to the fitted runs;
        ``None`` when the run year is not a regressor of the model used, which for the
        shipped :data:`REGRESSORS` is always (the run year was tested and not adopted).
    """

    value: FloatOrArray
    loo_mape: float
    n_runs: int
    explanation: str
    regressors: tuple[str, ...] = ()
    coefficients: dict[str, float] = field(default_factory=dict)
    run_year: FloatOrArray | None = None


def _peak_ratio(accelerator: str | Accelerator, precision: str) -> float:
    """Dense peak at ``precision`` over the dense BF16 peak of the part [-]."""
    if precision == BASE_PRECISION:
        return 1.0
    acc = get_accelerator(accelerator, field="--accelerator")
    return acc.peak_flop_per_s(precision) / acc.peak_flop_per_s(BASE_PRECISION)


def mfu_runs() -> pd.DataFrame:
    """The published runs the MFU model is fitted on, with their BF16-basis MFU.

    Returns
    -------
    pandas.DataFrame
        One row per published measurement: ``run``, ``group`` (rows of one training run
        share it), ``params`` (active) [-], ``accelerator``, ``hardware_year`` [year],
        ``accelerators`` [-], ``precision``, ``mfu`` (over the peak at that precision)
        [-], ``mfu_basis`` (``steady`` or ``whole_run``, :data:`MFU_BASES`),
        ``flop_count`` (``6nd``, ``6nd+attn``, ``hfu_converted`` or ``unstated``: how the
        source counts model FLOPs), ``mfu_bf16`` (steady-state, over the dense BF16
        peak) [-], ``source``, ``as_of``.

    References
    ----------
    Each row's ``source`` (PaLM Table 3, Llama 3 Table 4, MegaScale, ...); MFU as in
    Chowdhery et al. 2022, "PaLM", arXiv 2204.02311, App. B.

    Examples
    --------
    PaLM's 46.2 % (PaLM paper, Table 3) is a row; Llama 4 Behemoth's FP8 390 TFLOP/s
    per H100 is 0.197 of the FP8 peak and 0.394 of the BF16 peak:

    >>> runs = mfu_runs().set_index("run")
    >>> float(runs.loc["palm-540b", "mfu"])
    0.462
    >>> round(float(runs.loc["llama-4-behemoth", "mfu_bf16"]), 3)
    0.394
    """
    import pandas as pd

    frame = pd.DataFrame(load_rows("mfu_runs"))
    return _with_bf16_basis(frame)


def _with_bf16_basis(frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in (*_COLUMNS, "precision", "mfu") if c not in frame.columns]
    if missing:
        msg = f"MFU runs table lacks column(s) {', '.join(missing)}"
        raise InputError(msg, field=missing[0])
    frame = frame.copy()
    frame["mfu_bf16"] = _mfu_bf16(frame) / _whole_run_divisor(frame)
    return frame


def _whole_run_divisor(frame: pd.DataFrame) -> npt.NDArray[np.float64]:
    """What each row's MFU is divided by to be a steady-state MFU [-].

    The fit is on one definition, MFU while stepping (:data:`MFU_BASES`): a row whose
    ``mfu_basis`` is ``whole_run`` (training FLOPs over accelerators x the run's
    wall-clock, which holds failures and restarts: MFU x goodput) is divided by the
    goodput default, the same factor :func:`tigris.workload.train` multiplies a
    prediction by, so goodput counts once on each side (docs/workload.md, "Definition
    audit 2026-12-03 (third)"). A table without the column is read as steady state.
    """
    n = len(frame)
    if "mfu_basis" not in frame.columns:
        return np.ones(n)
    basis = [str(b) for b in frame["mfu_basis"]]
    bad = sorted({b for b in basis if b not in MFU_BASES})
    if bad:
        msg = f"unknown mfu_basis {', '.join(bad)}; expected one of {', '.join(MFU_BASES)}"
        raise InputError(msg, field="mfu_basis")
    goodput = workload_default("goodput")
    return np.array([goodput if b == "whole_run" else 1.0 for b in basis])


def _mfu_bf16(frame: pd.DataFrame) -> npt.NDArray[np.float64]:
    """MFU over the dense BF16 peak of each row's part [-].

    ``mfu`` is over the dense peak at the row's ``precision``; times that peak over
    the part's dense BF16 peak (:func:`_peak_ratio`) it is over the BF16 peak. Serves
    the runs (:func:`_with_bf16_basis`) and the benchmarks (:func:`benchmark_check`).
    """
    ratio = [
        _peak_ratio(str(a), str(p))
        for a, p in zip(frame["accelerator"], frame["precision"], strict=True)
    ]
    return frame["mfu"].to_numpy(dtype=float) * np.asarray(ratio)


def _runs_or_shipped(runs: pd.DataFrame | None) -> pd.DataFrame:
    """``runs`` with their BF16-basis MFU (:func:`_with_bf16_basis`), or the shipped
    table (:func:`mfu_runs`) when ``runs`` is None: the ``runs`` argument of the
    fitting and validation functions below."""
    return mfu_runs() if runs is None else _with_bf16_basis(runs)


def _design(values: dict[str, npt.NDArray[np.float64]], regressors: Sequence[str]) -> Any:
    cols = [np.ones_like(values[CANDIDATE_REGRESSORS[0]])]
    cols += [values[r] for r in regressors]
    return np.column_stack(cols)


def _regressor_values(frame: pd.DataFrame) -> dict[str, npt.NDArray[np.float64]]:
    """Each candidate regressor's values on ``frame``'s rows; ``run_year`` only if the
    frame has that column (a table of runs without it can fit the other three)."""
    values = {
        "log10_params": np.log10(frame["params"].to_numpy(dtype=float)),
        "log10_accelerators": np.log10(frame["accelerators"].to_numpy(dtype=float)),
        "hardware_year": frame["hardware_year"].to_numpy(dtype=float) - YEAR_ORIGIN,
    }
    if "run_year" in frame.columns:
        values["run_year"] = frame["run_year"].to_numpy(dtype=float) - YEAR_ORIGIN
    return values


def _check_regressors(regressors: Iterable[str]) -> tuple[str, ...]:
    regs = tuple(regressors)
    bad = [r for r in regs if r not in KNOWN_REGRESSORS]
    if bad:
        msg = f"unknown MFU regressor(s) {', '.join(bad)}; expected {KNOWN_REGRESSORS}"
        raise InputError(msg, field="regressors")
    return regs


def fit_mfu(
    runs: pd.DataFrame | None = None, regressors: Iterable[str] = REGRESSORS
) -> dict[str, float]:
    """Least-squares fit of ``ln MFU_bf16 = b0 + sum_k b_k x_k`` on published runs.

    Parameters
    ----------
    runs : pandas.DataFrame, optional
        Runs as :func:`mfu_runs` returns them (``mfu_bf16`` may be absent); default the
        shipped table.
    regressors : iterable of str, optional
        Subset of :data:`KNOWN_REGRESSORS`; default :data:`REGRESSORS`.

    Returns
    -------
    dict
        ``intercept`` and one slope per regressor [-, per unit of regressor].

    Raises
    ------
    InputError
        Unknown regressor, or fewer runs than coefficients.

    References
    ----------
    Ordinary least squares on a log-linear (power-law) model, e.g. Hastie, Tibshirani
    and Friedman 2009, "The Elements of Statistical Learning", Sec. 3.2.

    Examples
    --------
    With no regressor the fit is the geometric mean of the runs' MFUs:

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"run": ["a", "b"], "group": ["a", "b"], "params": [1e9, 1e9],
    ...     "accelerator": "h100", "hardware_year": [2022, 2022], "accelerators": [8, 8],
    ...     "precision": "bf16", "mfu": [0.2, 0.8]})
    >>> round(float(np.exp(fit_mfu(toy, ())["intercept"])), 12)
    0.4
    """
    regs = _check_regressors(regressors)
    frame = mfu_runs() if runs is None else runs
    if "mfu_bf16" not in frame.columns:
        frame = _with_bf16_basis(frame)
    if len(frame) < len(regs) + 1:
        msg = f"{len(frame)} run(s) cannot fit {len(regs) + 1} coefficients; use fewer regressors"
        raise InputError(msg, field="regressors")
    values = _regressor_values(frame)
    absent = [r for r in regs if r not in values]
    if absent:
        msg = f"MFU runs table lacks column {absent[0]} for the regressor of that name"
        raise InputError(msg, field=absent[0])
    a = _design(values, regs)
    y = np.log(frame["mfu_bf16"].to_numpy(dtype=float))
    beta, *_ = np.linalg.lstsq(a, y, rcond=None)
    out = {"intercept": float(beta[0])}
    out.update({r: float(b) for r, b in zip(regs, beta[1:], strict=True)})
    return out


def _held_out_bf16(
    frame: pd.DataFrame, regressors_for: Callable[[pd.DataFrame], tuple[str, ...]]
) -> npt.NDArray[np.float64]:
    """BF16-basis MFU of each run predicted without its group [-].

    Leave-one-group-out (Stone 1974; Hastie et al. 2009, Sec. 7.10): for each run group
    of ``frame`` (index 0..n-1), :func:`fit_mfu` on the other groups with the
    regressors ``regressors_for`` picks from them, evaluated at the left-out runs.
    Serves :func:`leave_one_out` (fixed regressors) and :func:`selection_loo_mape`
    (regressors chosen on each remainder).
    """
    values = _regressor_values(frame)
    pred = np.empty(len(frame))
    for group in frame["group"].unique():
        out = (frame["group"] == group).to_numpy()
        rest = frame.loc[~out].reset_index(drop=True)
        regs = regressors_for(rest)
        beta = fit_mfu(rest, regs)
        a = _design({k: v[out] for k, v in values.items()}, regs)
        pred[out] = np.exp(a @ np.array([beta["intercept"], *(beta[r] for r in regs)]))
    return pred


def leave_one_out(
    regressors: Iterable[str] = REGRESSORS, runs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Each published run predicted by the model fitted without it.

    Rows of one training run (same ``group``, e.g. Llama 3.1 405B on 8K and on 16K
    GPUs) are left out together, so a run never predicts itself.

    Parameters
    ----------
    regressors : iterable of str, optional
        Subset of :data:`KNOWN_REGRESSORS`; default :data:`REGRESSORS`.
    runs : pandas.DataFrame, optional
        Runs as :func:`mfu_runs` returns them; default the shipped table.

    Returns
    -------
    pandas.DataFrame
        One row per published run: ``run``, ``group``, ``precision``, ``published_mfu``
        [-], ``predicted_mfu`` (fitted without the run's group, same precision basis)
        [-], ``error`` (predicted / published - 1) [-], ``abs_error`` [-].

    References
    ----------
    Leave-one-out cross-validation: Stone 1974, "Cross-validatory choice and assessment
    of statistical predictions", J. R. Stat. Soc. B 36(2); Hastie et al. 2009, Sec. 7.10.

    Examples
    --------
    Three toy runs, no regressor: each is predicted by the geometric mean of the other
    two (``sqrt(0.4 x 0.9) = 0.6`` for the first):

    >>> import pandas as pd
    >>> toy = pd.DataFrame({"run": list("abc"), "group": list("abc"),
    ...     "params": 1e9, "accelerator": "h100", "hardware_year": 2022,
    ...     "accelerators": 8, "precision": "bf16", "mfu": [0.2, 0.4, 0.9]})
    >>> leave_one_out((), toy)["predicted_mfu"].round(6).tolist()
    [0.6, 0.424264, 0.282843]
    """
    import pandas as pd

    regs = _check_regressors(regressors)
    frame = _runs_or_shipped(runs).reset_index(drop=True)
    pred = _held_out_bf16(frame, lambda _rest: regs)
    ratio = frame["mfu_bf16"].to_numpy(dtype=float) / frame["mfu"].to_numpy(dtype=float)
    published = frame["mfu"].to_numpy(dtype=float)
    predicted = pred / ratio
    err = predicted / published - 1.0
    return pd.DataFrame(
        {
            "run": frame["run"],
            "group": frame["group"],
            "precision": frame["precision"],
            "published_mfu": published,
            "predicted_mfu": predicted,
            "error": err,
            "abs_error": np.abs(err),
        }
    )


def loo_mape(regressors: Iterable[str] = REGRESSORS, runs: pd.DataFrame | None = None) -> float:
    """Mean absolute relative leave-one-out error of the MFU model [-].

    Parameters
    ----------
    regressors : iterable of str, optional
        Subset of :data:`KNOWN_REGRESSORS`; default :data:`REGRESSORS`.
    runs : pandas.DataFrame, optional
        Runs as :func:`mfu_runs` returns them; default the shipped table.

    Returns
    -------
    float
        Mean of ``|predicted / published - 1|`` over the runs [-].

    References
    ----------
    Mean absolute percentage error of leave-one-out predictions (:func:`leave_one_out`;
    Hastie et al. 2009, "The Elements of Statistical Learning", Sec. 7.10).

    Examples
    --------
    >>> 0.05 < loo_mape() < 0.5
    True
    """
    return float(leave_one_out(regressors, runs)["abs_error"].mean())


def _subsets(candidates: Sequence[str]) -> list[tuple[str, ...]]:
    return [
        regs for k in range(len(candidates) + 1) for regs in itertools.combinations(candidates, k)
    ]


def mfu_benchmarks() -> pd.DataFrame:
    """Published short-benchmark MFUs per part: the bound no default may exceed.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark configuration: ``benchmark``, ``params`` [-],
        ``accelerator``, ``accelerators`` [-], ``precision``, ``mfu`` (over the dense
        peak at that precision) [-], ``source``, ``as_of``.

    References
    ----------
    MosaicML llm-foundry, ``scripts/train/benchmarking/README.md``: MFU of MPT models
    from 125M to 70B on 8-64 A100-80GB and H100-80GB (each row's ``source``).

    Examples
    --------
    >>> b = mfu_benchmarks()
    >>> round(float(b[b["accelerator"] == "h100-sxm"]["mfu"].max()), 4)
    0.4644
    """
    import pandas as pd

    return pd.DataFrame(load_rows("mfu_benchmarks"))


def benchmark_check(
    regressors: Iterable[str] = REGRESSORS, runs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The fitted model at each published benchmark, against that part's best benchmark.

    A production run does not step faster than the best tuned short benchmark of its
    part with the software of the day (a few steps on 8-64 accelerators, no
    checkpointing, evaluation or data stalls), so a model that predicts more than that
    anywhere a benchmark was published is extrapolating past the evidence: the
    log-linear terms add, and a slope fitted on one part can carry another part's
    level into a corner (small model, newest part) where no production run lies. A
    benchmark's run year is the year of its ``as_of`` (the software of that year), so
    a fit with a run-year term is held to the benchmark of its own software generation.

    Parameters
    ----------
    regressors : iterable of str, optional
        Subset of :data:`KNOWN_REGRESSORS`; default :data:`REGRESSORS`.
    runs : pandas.DataFrame, optional
        Runs to fit on, as :func:`mfu_runs` returns them; default the shipped table.

    Returns
    -------
    pandas.DataFrame
        One row per benchmark of :func:`mfu_benchmarks`: ``benchmark``,
        ``accelerator``, ``params`` [-], ``predicted`` (BF16 basis, regressors clamped
        to the runs as :func:`default_mfu` clamps them) [-], ``bound`` (highest
        benchmark MFU on that part) [-], ``ok`` (``predicted <= bound``).

    References
    ----------
    Benchmarks: :func:`mfu_benchmarks`. Model: :func:`fit_mfu`.

    Examples
    --------
    >>> bool(benchmark_check()["ok"].all())
    True
    """
    regs = _check_regressors(regressors)
    frame = _runs_or_shipped(runs)
    bench = mfu_benchmarks()
    bench["hardware_year"] = [get_accelerator(str(a)).launch_year for a in bench["accelerator"]]
    bench["run_year"] = [int(str(d)[:4]) for d in bench["as_of"]]
    bench["mfu_bf16"] = _mfu_bf16(bench)
    beta = fit_mfu(frame, regs)
    fitted = _regressor_values(frame)
    at = _regressor_values(bench)
    log_mfu = np.full(len(bench), beta["intercept"])
    for r in regs:
        log_mfu = log_mfu + beta[r] * np.clip(at[r], fitted[r].min(), fitted[r].max())
    bound = bench.groupby("accelerator")["mfu_bf16"].transform("max").to_numpy(dtype=float)
    predicted = np.exp(log_mfu)
    return bench[["benchmark", "accelerator", "params"]].assign(
        predicted=predicted, bound=bound, ok=predicted <= bound
    )


def choose_regressors(
    candidates: Iterable[str] = CANDIDATE_REGRESSORS, runs: pd.DataFrame | None = None
) -> tuple[str, ...]:
    """The regressors of the default: lowest leave-one-out error within the benchmarks.

    Among all subsets of ``candidates`` whose fit never exceeds a part's best published
    benchmark (:func:`benchmark_check`), the one with the lowest :func:`loo_mape`.

    Parameters
    ----------
    candidates : iterable of str, optional
        Regressors to choose among (every subset), from :data:`KNOWN_REGRESSORS`;
        default :data:`CANDIDATE_REGRESSORS` (the shipped choice).
    runs : pandas.DataFrame, optional
        Runs as :func:`mfu_runs` returns them; default the shipped table.

    Returns
    -------
    tuple of str
        The chosen regressors, in the order of ``candidates``.

    References
    ----------
    Best-subset selection by cross-validated error: Hastie et al. 2009, "The Elements of
    Statistical Learning", Sec. 3.3.1 and 7.10.

    Examples
    --------
    >>> choose_regressors() == REGRESSORS
    True
    """
    cands = _check_regressors(candidates)
    frame = _runs_or_shipped(runs)
    allowed = [r for r in _subsets(cands) if bool(benchmark_check(r, frame)["ok"].all())]
    return min(allowed, key=lambda r: loo_mape(r, frame))


def selection_loo_mape(
    candidates: Iterable[str] = CANDIDATE_REGRESSORS, runs: pd.DataFrame | None = None
) -> float:
    """Leave-one-out error of the whole procedure, choice of regressors included [-].

    :func:`loo_mape` scores one fixed set of regressors; choosing the set by that same
    score flatters it. Here each run group is left out, the regressors are chosen on
    the remaining runs by :func:`choose_regressors`, and the left-out run is predicted
    by that choice; the result is the mean absolute relative error of those
    predictions (nested cross-validation).

    Parameters
    ----------
    candidates : iterable of str, optional
        Regressors the choice ranges over (every subset), from
        :data:`KNOWN_REGRESSORS`; default :data:`CANDIDATE_REGRESSORS`.
    runs : pandas.DataFrame, optional
        Runs as :func:`mfu_runs` returns them; default the shipped table.

    Returns
    -------
    float
        Mean of ``|predicted / published - 1|`` over the runs [-].

    References
    ----------
    Nested cross-validation for model selection: Varma and Simon 2006, "Bias in error
    estimation when using cross-validation for model selection", BMC Bioinformatics 7:91;
    Hastie et al. 2009, "The Elements of Statistical Learning", Sec. 7.10.2.

    Examples
    --------
    With no candidate the procedure is the constant model, so the two errors agree:

    >>> selection_loo_mape(()) == loo_mape(())
    True
    """
    cands = _check_regressors(candidates)
    frame = _runs_or_shipped(runs).reset_index(drop=True)
    pred = _held_out_bf16(frame, lambda rest: choose_regressors(cands, rest))
    return float(np.mean(np.abs(pred / frame["mfu_bf16"].to_numpy(dtype=float) - 1.0)))


_DESCRIPTION = {
    "log10_params": "model size",
    "log10_accelerators": "cluster size",
    "hardware_year": "hardware generation",
    "run_year": "run year",
}


_RANGE_TEXT = {
    "log10_params": lambda v: f"{10 ** v.min():.3g}-{10 ** v.max():.3g} active params",
    "log10_accelerators": lambda v: f"{10 ** v.min():,.0f}-{10 ** v.max():,.0f} accelerators",
    "hardware_year": lambda v: f"{v.min() + YEAR_ORIGIN:.0f}-{v.max() + YEAR_ORIGIN:.0f}",
    "run_year": lambda v: f"{v.min() + YEAR_ORIGIN:.0f}-{v.max() + YEAR_ORIGIN:.0f}",
}


def _shipped_runs_without(excluded: tuple[str, ...]) -> pd.DataFrame:
    """The shipped runs less the ``excluded`` groups; an unknown group is an error."""
    runs = mfu_runs()
    unknown = [g for g in excluded if g not in set(runs["group"])]
    if unknown:
        known = ", ".join(dict.fromkeys(runs["group"]))
        msg = f"unknown MFU run group(s) {', '.join(unknown)}; known: {known}"
        raise InputError(msg, field="exclude")
    return runs[~runs["group"].isin(excluded)].reset_index(drop=True)


@data_cache
def _selected_regressors(excluded: tuple[str, ...]) -> tuple[str, ...]:
    """The choice :func:`choose_regressors` makes without the ``excluded`` run groups
    (cached)."""
    return choose_regressors(CANDIDATE_REGRESSORS, _shipped_runs_without(excluded))


@data_cache
def _shipped_fit(
    excluded: tuple[str, ...], regs: tuple[str, ...]
) -> tuple[dict[str, float], float, dict[str, npt.NDArray[np.float64]], int]:
    """Coefficients, LOO MAPE, regressor values and count of the shipped runs (cached)."""
    runs = _shipped_runs_without(excluded)
    return fit_mfu(runs, regs), loo_mape(regs, runs), _regressor_values(runs), len(runs)


def _clamp_detail(regressor: str, acc: Accelerator, fitted: npt.NDArray[np.float64]) -> str:
    """For the hardware year: which launch year is read as which (no extrapolation)."""
    if regressor != "hardware_year" or acc.launch_year is None:
        return ""
    held = float(np.clip(acc.launch_year - YEAR_ORIGIN, fitted.min(), fitted.max()))
    return (
        f": {acc.name}'s launch year {acc.launch_year} is read as {held + YEAR_ORIGIN:.0f}, "
        "the MFU of the nearest fitted parts"
    )


def _outside(x: Any, fitted: npt.NDArray[np.float64]) -> bool:
    arr = np.asarray(x, dtype=float)
    return bool(np.any((arr < fitted.min()) | (arr > fitted.max())))


def _user_defined(acc: Accelerator) -> bool:
    """Whether ``acc`` is a user's part: from an ``--accelerators`` file (not the
    catalog's row of that name) or from the accelerators section of a data overlay."""
    from tigris.catalog import load_catalog
    from tigris.data import active_overlay

    if load_catalog().get(acc.name) != acc:
        return True
    overlay = active_overlay()
    rows = () if overlay is None else overlay.rows.get("accelerators", ())
    return any(str(r.get("name", "")).strip().lower() == acc.name for r in rows)


def _kind_note(acc: Accelerator, parts: Sequence[str]) -> str:
    """Say when no fitted run is on a part of ``acc``'s kind ('' when one is): a user's
    part has no published run; a catalog part of a vendor none of whose parts ran in
    the fit is outside the GPUs and TPUs the fit has seen (UT-CHIP 2026-12-04 #7).

    Parameters
    ----------
    acc : Accelerator
        The part the MFU is for.
    parts : sequence of str
        Accelerators of the fitted runs (``data/mfu_runs.csv`` column ``accelerator``).
    """
    names = list(dict.fromkeys(str(p) for p in parts))
    vendors: list[str] = []
    for name in names:
        try:
            vendor = get_accelerator(name).vendor.strip()
        except InputError:  # a run's part the catalog does not hold (V100, TPU v3)
            continue
        if vendor and vendor not in vendors:
            vendors.append(vendor)
    listed = f"{', '.join(names[:-1])} and {names[-1]}" if len(names) > 1 else "".join(names)
    seen = f"{listed} ({' and '.join(vendors)} parts)"
    if _user_defined(acc):
        return (
            f"{acc.name} is a user-defined part with no published run: the fitted runs are "
            f"on {seen}, so the value is their fit, not a figure measured on {acc.name}"
        )
    if acc.vendor.strip().lower() not in {v.lower() for v in vendors}:
        who = acc.vendor.strip() or "its vendor"
        return (
            f"none of the fitted runs is on a part by {who} (they are on {seen}), so the "
            f"value is their fit, not a figure measured on {acc.name}"
        )
    return ""


def default_mfu(
    *,
    params: npt.ArrayLike | None,
    accelerators: npt.ArrayLike | None,
    accelerator: str | Accelerator,
    precision: str = BASE_PRECISION,
    exclude: Iterable[str] = (),
    run_year: npt.ArrayLike | None = None,
) -> MfuEstimate:
    """The MFU tigris assumes when none is given, from published runs.

    ``MFU = exp(b0 + sum_k b_k x_k) / (peak(precision) / peak(bf16))`` with the
    coefficients of :func:`fit_mfu` on ``data/mfu_runs.csv`` and each regressor clamped
    to the range of the fitted runs.

    Parameters
    ----------
    params : float or array or None
        Active parameters of the model [-] (model size). ``None`` (a run given by its
        FLOPs) leaves model size out: the model is refitted without it and its own
        leave-one-out error is reported.
    accelerators : float or array or None
        Accelerators in the job [-]; used only if cluster size is a regressor (it is
        not in :data:`REGRESSORS`), else only to say whether it is outside the runs.
    accelerator : str or Accelerator
        The part (catalog name, alias or object); its ``launch_year`` is the hardware
        generation and its peaks convert BF16-basis MFU to ``precision``.
    precision : {"bf16", "fp8"}, optional
        Precision whose dense peak the returned MFU refers to.
    exclude : iterable of str, optional
        Run groups (``data/mfu_runs.csv`` column ``group``) left out, for an
        out-of-sample check against one of them: the regressors are chosen again
        without them (:func:`choose_regressors`, as :func:`selection_loo_mape` does)
        and the model is fitted without them, so neither the choice nor the fit has
        seen the excluded runs.
    run_year : int or array or None, optional
        Calendar year of the run [year] (of the software it trains with: read as the
        year its training team first reports the trained model, as the ``run_year``
        column of the runs). Used only if run year is a regressor of the model, which
        it is not in the shipped :data:`REGRESSORS` (tested and not adopted,
        docs/workload.md); a run year given is then checked, does not change the
        value, and the explanation says it is not used.

    Returns
    -------
    MfuEstimate

    Raises
    ------
    InputError
        Non-positive params or accelerators, a run year that is not a positive whole
        number, an unknown precision or part, a part without a launch year, or an
        unknown excluded group.

    References
    ----------
    Fit: :func:`fit_mfu`; error: :func:`leave_one_out`. MFU definition: Chowdhery et
    al. 2022, "PaLM", arXiv 2204.02311, App. B.

    Examples
    --------
    A 405B model on an H100 (2022) in BF16, and the same in FP8 (twice the peak, same
    throughput):

    >>> e = default_mfu(params=405e9, accelerators=16384, accelerator="h100")
    >>> 0.3 < e.value < 0.5, e.n_runs
    (True, 16)
    >>> f = default_mfu(params=405e9, accelerators=16384, accelerator="h100", precision="fp8")
    >>> round(e.value / f.value, 3)
    2.0
    """
    check_positive(params, "--params")
    check_positive(accelerators, "--count")
    check_positive(run_year, "run_year", whole=True)
    if precision not in PRECISIONS:
        msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--precision")
    acc = get_accelerator(accelerator, field="--accelerator")
    given: dict[str, Any] = {
        "log10_params": None if params is None else np.log10(np.asarray(params, dtype=float)),
        "log10_accelerators": None
        if accelerators is None
        else np.log10(np.asarray(accelerators, dtype=float)),
        "hardware_year": None if acc.launch_year is None else acc.launch_year - YEAR_ORIGIN,
        "run_year": None if run_year is None else np.asarray(run_year, dtype=float) - YEAR_ORIGIN,
    }
    excluded = tuple(sorted(set(exclude)))
    chosen = _selected_regressors(excluded) if excluded else REGRESSORS
    if "hardware_year" in chosen and given["hardware_year"] is None:
        msg = f"{acc.name} has no launch_year for the MFU model; pass --mfu"
        raise InputError(msg, field="--accelerator")
    # A regressor whose input is unknown (model size of a run given by its FLOPs) is
    # dropped: the model is refitted without it, with its own leave-one-out error.
    missing = [r for r in chosen if given[r] is None]
    regs = tuple(r for r in chosen if r not in missing)
    beta, mape, fitted, n_runs = _shipped_fit(excluded, regs)
    log_mfu: Any = beta["intercept"]
    clamped: list[str] = []
    for r in regs:
        lo, hi = float(fitted[r].min()), float(fitted[r].max())
        x = np.asarray(given[r], dtype=float)
        if _outside(x, fitted[r]):
            clamped.append(r)
        log_mfu = log_mfu + beta[r] * np.clip(x, lo, hi)
    inputs = (params, accelerators, run_year if "run_year" in regs else None)
    shape = np.broadcast_shapes(*(np.shape(x) for x in inputs if x is not None))
    value = as_float(np.broadcast_to(np.exp(log_mfu) / _peak_ratio(acc, precision), shape).copy())
    used = ", ".join(_DESCRIPTION[r] for r in regs) or "no regressor"
    unused = [_DESCRIPTION[r] for r in CANDIDATE_REGRESSORS if r not in chosen]
    v0 = float(np.ravel(value)[0])
    text = (
        f"MFU {v0:.3g} of the dense {precision} peak from the tigris MFU model "
        f"(log-linear in {used}, fitted on {n_runs} published runs, leave-one-out "
        f"error {mape:.0%})"
    )
    if excluded:
        text += f"; regressors chosen and fitted without {', '.join(excluded)}"
    if missing:
        text += f"; {' and '.join(_DESCRIPTION[r] for r in missing)} not given, left out"
    if unused:
        text += (
            f"; {' and '.join(unused)} not used (no lower leave-one-out error with a fit "
            "inside the published benchmarks)"
        )
    if precision != BASE_PRECISION:
        text += f"; {precision} assumed to reach the BF16 model FLOP/s (Llama 4 Behemoth)"
    if clamped:
        text += "; " + "; ".join(
            f"{_DESCRIPTION[r]} outside the fitted runs ({_RANGE_TEXT[r](fitted[r])}), "
            f"clamped to their range{_clamp_detail(r, acc, fitted[r])}"
            for r in clamped
        )
    if kind := _kind_note(acc, _shipped_runs_without(excluded)["accelerator"].tolist()):
        text += f"; {kind}"
    untested = [
        f"{_DESCRIPTION[r]} outside the fitted runs ({_RANGE_TEXT[r](fitted[r])}), untested"
        for r in CANDIDATE_REGRESSORS
        if r not in regs and given[r] is not None and _outside(given[r], fitted[r])
    ]
    if untested:
        text += "; " + "; ".join(untested)
    if run_year is not None and "run_year" not in regs:
        text += (
            "; run year not used (tested as a software term and not adopted: the "
            "nested leave-one-out error rose; docs/workload.md)"
        )
    used_year: FloatOrArray | None = None
    if "run_year" in regs:
        lo, hi = float(fitted["run_year"].min()), float(fitted["run_year"].max())
        used_year = as_float(
            np.clip(np.asarray(given["run_year"], dtype=float), lo, hi) + YEAR_ORIGIN
        )
    return MfuEstimate(
        value=value,
        loo_mape=mape,
        n_runs=n_runs,
        explanation=text,
        regressors=regs,
        coefficients=beta,
        run_year=used_year,
    )
