"""Training runs: from parameters x tokens to accelerators, days, energy and money.

Pure, vectorised functions (``training_flops``, ``training_days``,
``accelerators_for_days``, ``mfu_for``) and one orchestrator, :func:`train`, that
reads the catalog, the published runs and the defaults, solves the one unknown among
accelerators, days and MFU, and returns a :class:`TrainingResult`. Without an MFU the
default comes from :mod:`tigris.workload.mfu` (fitted on published runs, with its
leave-one-out error); goodput defaults to a sourced row; facility power counts the
cluster's network, storage and management (``it_overhead``) as well as the servers.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from tigris.catalog import PRECISIONS, Accelerator, product_name_note
from tigris.errors import InputError
from tigris.units import BYTES_PER_GB, SECONDS_PER_DAY
from tigris.workload._common import (
    FloatOrArray,
    as_float,
    check_positive,
    count_text,
    h100_equivalents,
    money_text,
    overflow_is_input_error,
    python_api,
    resolve_accelerator,
    workload_default,
)
from tigris.workload.mfu import BASE_PRECISION, default_mfu
from tigris.workload.runs import TrainingRun, get_run
from tigris.workload.serving_costs import cluster_costs

if TYPE_CHECKING:  # pandas is imported where a frame is built, not at start-up
    import pandas as pd

__all__ = [
    "TrainingResult",
    "accelerators_for_days",
    "attention_flop_per_token",
    "carried_mfu_factor",
    "mfu_for",
    "run_mfu_at_precision",
    "train",
    "training_days",
    "training_flops",
]

ArrayLike = npt.ArrayLike

#: Training FLOPs per parameter per token: 2 forward + 4 backward (Kaplan et al. 2020,
#: Sec. 2.1; Narayanan et al. 2021, Sec. 5.1).
FLOP_PER_PARAM_TOKEN = 6.0
#: With full activation recomputation the forward pass runs twice: 2 + 4 + 2
#: (Narayanan et al. 2021, Sec. 5.1, Eq. 3).
FLOP_PER_PARAM_TOKEN_RECOMPUTE = 8.0
#: Attention FLOPs per token per layer per (context x width), forward + backward, no
#: causal-mask discount: QK^T and AV each 2 s d forward, x3 for training
#: (Chowdhery et al. 2022, App. B: 6N + 12 L H Q T).
ATTENTION_FLOP_FACTOR = 12.0
#: ``flops_basis`` of a compute counted as ``k N D``, and as ``k N D`` plus the
#: attention term (:func:`attention_flop_per_token`).
PARAMS_X_TOKENS = "params x tokens"
WITH_ATTENTION = "params x tokens + attention"
#: Relative tolerance within which --count, --days and --mfu given together count as
#: consistent (one of them is usually rounded by its source).
CONSISTENCY_RTOL = 0.02


def attention_flop_per_token(
    n_layers: ArrayLike, seq_len: ArrayLike, d_model: ArrayLike, *, recompute: bool = False
) -> FloatOrArray:
    """Training FLOPs per token spent in attention scores (not counted by 6N).

    ``12 * L * s * d`` for forward + backward; ``16 * L * s * d`` with activation
    recomputation (the forward runs twice). ``d`` is the attention width, heads x head
    dimension, which equals the model width in most transformers.

    Parameters
    ----------
    n_layers : float or array
        Transformer layers [-].
    seq_len : float or array
        Training sequence length [tokens].
    d_model : float or array
        Attention width, heads x head dim [-].
    recompute : bool, optional
        Count activation recomputation.

    Returns
    -------
    float or ndarray
        FLOPs per training token [FLOP/token].

    References
    ----------
    Chowdhery et al. 2022, "PaLM", arXiv 2204.02311, App. B (6N + 12 L H Q T);
    Narayanan et al. 2021, arXiv 2104.04473, Eq. 3 (term s/(6h) of 96 B s l h^2, i.e.
    16 l s h per token with recomputation). Kaplan et al. 2020 (arXiv 2001.08361,
    Table 1) count half of it, 6 L s d, as if the causal mask halved the work.

    Examples
    --------
    PaLM 540B: 118 layers, context 2,048, 48 heads x 256:

    >>> attention_flop_per_token(118, 2048, 48 * 256) == 12 * 118 * 2048 * 48 * 256
    True
    """
    check_positive(n_layers, "--layers")
    check_positive(seq_len, "--seq-len")
    check_positive(d_model, "--d-model")
    k = FLOP_PER_PARAM_TOKEN_RECOMPUTE if recompute else FLOP_PER_PARAM_TOKEN
    scale = ATTENTION_FLOP_FACTOR * k / FLOP_PER_PARAM_TOKEN
    l_, s, d = (np.asarray(a, dtype=float) for a in (n_layers, seq_len, d_model))
    return as_float(scale * l_ * s * d)


def training_flops(
    params: ArrayLike,
    tokens: ArrayLike,
    *,
    active_params: ArrayLike | None = None,
    recompute: bool = False,
    n_layers: ArrayLike | None = None,
    seq_len: ArrayLike | None = None,
    d_model: ArrayLike | None = None,
) -> FloatOrArray:
    """Training compute ``C = k * N * D`` (+ attention), k = 6, or 8 with recomputation.

    Parameters
    ----------
    params : float or array
        Total parameters N [-]; used when ``active_params`` is not given.
    tokens : float or array
        Training tokens D [-].
    active_params : float or array, optional
        Parameters active per token (mixture of experts) [-]; replaces ``params``.
    recompute : bool, optional
        Count full activation recomputation (k = 8, hardware FLOPs).
    n_layers, seq_len, d_model : float or array, optional
        Layers [-], sequence length [tokens] and attention width [-]; all three add the
        attention term of :func:`attention_flop_per_token`.

    Returns
    -------
    float or ndarray
        Training FLOPs [FLOP].

    References
    ----------
    Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv 2001.08361,
    Sec. 2.1 (C = 6 N D); Narayanan et al. 2021, "Efficient Large-Scale Language Model
    Training on GPU Clusters Using Megatron-LM", arXiv 2104.04473, Eq. 3-4 (k = 8);
    Chowdhery et al. 2022, arXiv 2204.02311, App. B (attention).

    Examples
    --------
    Llama 3.1 405B on 15.6T tokens: Meta reports 3.8e25 FLOPs (Llama 3 paper, Sec. 3.3);
    DeepSeek-V3 counts its 37B active parameters, not its 671B:

    >>> round(training_flops(405e9, 15.6e12) / 3.8e25, 2)
    1.0
    >>> training_flops(671e9, 14.8e12, active_params=37e9) == 6 * 37e9 * 14.8e12
    True
    >>> training_flops([1e9, 2e9], 1e12).tolist()
    [6e+21, 1.2e+22]
    """
    check_positive(params, "--params")
    check_positive(tokens, "--tokens")
    check_positive(active_params, "--active-params")
    if active_params is not None and np.any(
        np.asarray(active_params, dtype=float) > np.asarray(params, dtype=float)
    ):
        msg = "active parameters exceed the total --params; a token cannot use more than all"
        raise InputError(msg, field="--active-params")
    n = np.asarray(params if active_params is None else active_params, dtype=float)
    d = np.asarray(tokens, dtype=float)
    k = FLOP_PER_PARAM_TOKEN_RECOMPUTE if recompute else FLOP_PER_PARAM_TOKEN
    per_token = k * n
    attn = {"--layers": n_layers, "--seq-len": seq_len, "--d-model": d_model}
    given = [f for f, v in attn.items() if v is not None]
    if given and len(given) < len(attn):
        missing = ", ".join(f for f in attn if f not in given)
        msg = f"the attention term needs --layers, --seq-len and --d-model; missing {missing}"
        raise InputError(msg, field=given[0])
    if given:
        per_token = per_token + np.asarray(
            attention_flop_per_token(n_layers, seq_len, d_model, recompute=recompute)  # type: ignore[arg-type]
        )
    return as_float(per_token * d)


def training_days(
    flops: ArrayLike,
    count: ArrayLike,
    peak_flop_per_s: ArrayLike,
    mfu: ArrayLike,
    goodput: ArrayLike = 1.0,
) -> FloatOrArray:
    """Wall-clock days: ``T = C / (n * peak * MFU * goodput)``.

    Parameters
    ----------
    flops : float or array
        Training compute [FLOP].
    count : float or array
        Accelerators [-].
    peak_flop_per_s : float or array
        Dense peak per accelerator at the training precision [FLOP/s].
    mfu : float or array
        Model FLOPs utilisation while stepping [-].
    goodput : float or array, optional
        Fraction of wall-clock time spent on useful steps [-].

    Returns
    -------
    float or ndarray
        Duration [day].

    References
    ----------
    Narayanan et al. 2021, arXiv 2104.04473, Eq. 4 (t = 8 T P / (n X), X = peak x MFU);
    Chowdhery et al. 2022, arXiv 2204.02311, App. B (MFU definition).

    Examples
    --------
    Megatron-LM's GPT-3 case: 1,024 A100 at 140 TFLOP/s achieved, 8·175e9·300e9 FLOPs;
    the paper's Sec. 5.1 gives "about 34 days":

    >>> round(training_days(8 * 175e9 * 300e9, 1024, 140e12, 1.0))
    34
    """
    c, n, p, m, g = (
        np.asarray(a, dtype=float) for a in (flops, count, peak_flop_per_s, mfu, goodput)
    )
    return as_float(c / (n * p * m * g) / SECONDS_PER_DAY)


def accelerators_for_days(
    flops: ArrayLike,
    days: ArrayLike,
    peak_flop_per_s: ArrayLike,
    mfu: ArrayLike,
    goodput: ArrayLike = 1.0,
) -> FloatOrArray:
    """Accelerators needed to finish in ``days``: ``n = C / (T * peak * MFU * goodput)``.

    Parameters
    ----------
    flops : float or array
        Training compute [FLOP].
    days : float or array
        Wall-clock duration [day].
    peak_flop_per_s : float or array
        Dense peak per accelerator [FLOP/s].
    mfu : float or array
        Model FLOPs utilisation [-].
    goodput : float or array, optional
        Fraction of wall-clock time spent on useful steps [-].

    Returns
    -------
    float or ndarray
        Accelerators, not rounded [-].

    References
    ----------
    Narayanan et al. 2021, arXiv 2104.04473, Eq. 4, solved for n.

    Examples
    --------
    GPT-4 (SemiAnalysis, 2023): 2.15e25 FLOPs in ~95 days at ~34 % MFU on A100 came
    from ~25,000 A100:

    >>> round(accelerators_for_days(2.15e25, 95, 312e12, 0.34) / 25_000, 1)
    1.0
    """
    c, t, p, m, g = (
        np.asarray(a, dtype=float) for a in (flops, days, peak_flop_per_s, mfu, goodput)
    )
    return as_float(c / (t * SECONDS_PER_DAY * p * m * g))


def mfu_for(
    flops: ArrayLike,
    count: ArrayLike,
    days: ArrayLike,
    peak_flop_per_s: ArrayLike,
    goodput: ArrayLike = 1.0,
) -> FloatOrArray:
    """MFU needed to finish ``flops`` on ``count`` accelerators in ``days``.

    Parameters
    ----------
    flops : float or array
        Training compute [FLOP].
    count : float or array
        Accelerators [-].
    days : float or array
        Wall-clock duration [day].
    peak_flop_per_s : float or array
        Dense peak per accelerator [FLOP/s].
    goodput : float or array, optional
        Fraction of wall-clock time spent on useful steps [-].

    Returns
    -------
    float or ndarray
        Model FLOPs utilisation [-].

    References
    ----------
    Narayanan et al. 2021, arXiv 2104.04473, Eq. 4, solved for X / peak.

    Examples
    --------
    Llama 3.1 405B's 3.8e25 FLOPs over its 30.84M H100-hours: below the 38-43 % BF16
    MFU Meta reports while stepping (Llama 3 paper, Table 4), since the hours include
    interruptions:

    >>> 0.30 < mfu_for(3.8e25, 30.84e6 / 24, 1.0, 989.4e12) < 0.38
    True
    """
    c, n, t, p, g = (
        np.asarray(a, dtype=float) for a in (flops, count, days, peak_flop_per_s, goodput)
    )
    return as_float(c / (n * t * SECONDS_PER_DAY * p * g))


@dataclass(frozen=True)
class TrainingResult:
    """Accelerators, time, energy and money of one training run (or an array of them).

    Numeric fields are floats, or ndarrays when an input was an array. Units are in the
    names; ``cost_usd`` is the rental cost, ``cost_ownership_usd`` the amortised price
    plus energy (NaN when the part has no price). ``mfu_basis`` says where the MFU came
    from (``given``, ``run``: the published run's, ``model``: the MFU model of
    :mod:`tigris.workload.mfu`, whose leave-one-out error is ``mfu_loo_mape``, or
    ``solved``); ``goodput_basis`` likewise (``given``, ``run`` or ``default``);
    ``rental_basis`` likewise (``given``, ``prices.csv``: the part's rent in
    ``data/prices.csv``, or ``default``; a note says which row).

    ``params`` and ``active_params`` are the model's total and per-token parameters
    (given, else the published run's; ``None`` when unknown, e.g. ``--flops`` alone),
    ``tokens`` its training tokens; ``flops_basis`` says where ``training_flops`` came
    from (``given``: ``--flops``; ``run``: the published run's figure; ``params x
    tokens``: k N D). With a published run, ``run_source`` and ``run_as_of`` are its
    row's; ``mfu_status`` is what the row says its MFU is (``published``,
    ``third-party estimate``, ``tigris assumption``) when the MFU is the run's, and
    ``mfu_accelerator`` the part the run's MFU belongs to when it is applied to
    another. ``overrides`` lists the flags that replaced the run's own numbers: its compute's
    (``--params`` ... ``--recompute``), then its count, days, MFU, goodput and precision.
    ``mfu_converted_from`` is the run's precision when its MFU was re-expressed, by
    another precision's peak or another part's peaks (the factor of
    :func:`carried_mfu_factor` is not 1), else ``""``.
    ``flop_per_param_token`` is the ``k`` of ``k N D`` when the compute is ``params x
    tokens`` (6, or 8 with activation recomputation, Narayanan et al. 2021 Sec. 5.1
    Eq. 4), else ``None``: with 8 the compute counts the recomputed forward pass.
    ``mfu`` is always of model FLOPs (6 N D, or the given compute, over the peak);
    ``hfu``, set only when the recomputed pass is counted, is the utilisation of the
    hardware FLOPs counted, ``mfu x k / 6`` (Chowdhery et al. 2022, App. B).
    ``attention_flops`` is the part of ``training_flops`` spent in attention scores,
    ``12 L s d`` per token (16 with recomputation) times the tokens, when ``n_layers``,
    ``seq_len`` or ``d_model`` was given (``flops_basis`` is then ``params x tokens +
    attention``), else ``None`` [FLOP].
    """

    model: str | None
    accelerator: str
    precision: str
    solved_for: str
    training_flops: FloatOrArray
    peak_flop_per_s: float
    h100e_per_accelerator: float
    accelerators: FloatOrArray
    days: FloatOrArray
    mfu: FloatOrArray
    goodput: FloatOrArray
    accelerator_hours: FloatOrArray
    system_power_w: float
    pue: FloatOrArray
    it_overhead: FloatOrArray
    power_mw: FloatOrArray
    energy_mwh: FloatOrArray
    load_factor: FloatOrArray
    usd_per_accelerator_hour: FloatOrArray
    cost_usd: FloatOrArray
    price_usd: float | None
    lifetime_years: FloatOrArray
    usd_per_kwh: FloatOrArray
    cost_capex_usd: FloatOrArray
    cost_energy_usd: FloatOrArray
    cost_ownership_usd: FloatOrArray
    notes: tuple[str, ...] = ()
    mfu_basis: str = "given"
    mfu_loo_mape: float | None = None
    goodput_basis: str = "given"
    rental_basis: str = "given"
    params: FloatOrArray | None = None
    active_params: FloatOrArray | None = None
    tokens: FloatOrArray | None = None
    flops_basis: str = "given"
    run_source: str = ""
    run_as_of: str = ""
    mfu_status: str = ""
    mfu_accelerator: str = ""
    overrides: tuple[str, ...] = ()
    mfu_converted_from: str = ""
    flop_per_param_token: float | None = None
    hfu: FloatOrArray | None = None
    attention_flops: FloatOrArray | None = None

    @property
    def cost_rental_usd(self) -> FloatOrArray:
        """Rental cost [USD] (same as ``cost_usd``)."""
        return self.cost_usd

    @property
    def cost_purchase_usd(self) -> FloatOrArray | None:
        """Purchase price of the cluster's accelerators, ``accelerators x price_usd``
        [USD]; ``None`` when the part has no price. The accelerators only: not the data
        centre, network or storage around them (a note says whose price it is)."""
        price = self.price_usd
        if price is None or price != price:  # None or NaN: no price
            return None
        return as_float(np.asarray(self.accelerators, dtype=float) * float(price))

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain Python values (arrays become lists): what
        ``tigris train --json`` prints.

        Returns
        -------
        dict
            Field name to value, plus ``cost_rental_usd``, ``cost_purchase_usd`` and
            ``h100e`` (accelerators x ``h100e_per_accelerator``); units in the names.
        """
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, np.ndarray):
                v = v.tolist()
            elif isinstance(v, np.generic):
                v = v.item()
            elif isinstance(v, tuple):
                v = list(v)
            out[f.name] = v
        out["cost_rental_usd"] = out["cost_usd"]
        # the fleet in H100-equivalents, as infer's ``h100e`` (user test s50 #7)
        h100e = np.asarray(self.accelerators, dtype=float) * self.h100e_per_accelerator
        out["h100e"] = h100e.tolist() if h100e.ndim else float(h100e)
        purchase = self.cost_purchase_usd
        out["cost_purchase_usd"] = (
            purchase.tolist() if isinstance(purchase, np.ndarray) else purchase
        )
        return out

    def to_frame(self) -> pd.DataFrame:
        """One row per case (one row for scalar inputs), one column per numeric field.

        Returns
        -------
        pandas.DataFrame
            Model, accelerator, precision, what was solved, then the numeric fields
            broadcast against each other; units in the column names.
        """
        d = self.to_dict()
        numeric = {
            k: np.asarray(v, dtype=float)
            for k, v in d.items()
            if k not in ("notes", "overrides")
            and isinstance(v, int | float | list)
            and not isinstance(v, bool)
        }
        shape = np.broadcast_shapes(*(a.shape for a in numeric.values()))
        cols = {k: np.broadcast_to(a, shape).ravel() for k, a in numeric.items()}
        import pandas as pd

        frame = pd.DataFrame(cols)
        for k in ("model", "accelerator", "precision", "solved_for"):
            frame.insert(0, k, d[k])
        return frame


def _given(x: Any) -> bool:
    return x is not None


def _solve_flops(
    run: TrainingRun | None,
    *,
    params: ArrayLike | None,
    tokens: ArrayLike | None,
    active_params: ArrayLike | None,
    flops: ArrayLike | None,
    recompute: bool | None,
    n_layers: ArrayLike | None,
    seq_len: ArrayLike | None,
    d_model: ArrayLike | None,
) -> FloatOrArray:
    shape_flags = {
        "--params": params,
        "--tokens": tokens,
        "--active-params": active_params,
        "--layers": n_layers,
        "--seq-len": seq_len,
        "--d-model": d_model,
    }
    user_shape = [f for f, v in shape_flags.items() if _given(v)]
    if flops is not None:
        if user_shape or recompute:
            extra = ", ".join(user_shape + (["--recompute"] if recompute else []))
            msg = f"gives the compute directly; drop {extra} or drop --flops"
            raise InputError(msg, field="--flops")
        check_positive(flops, "--flops")
        return as_float(flops)
    if run is not None:
        if not user_shape and recompute is None and run.training_flops is not None:
            return as_float(run.training_flops)
        active_params = _active_kept(run, params, active_params)
        params = params if params is not None else run.params
        tokens = tokens if tokens is not None else run.tokens
        recompute = run.recompute if recompute is None else recompute
    missing = [f for f, v in (("--params", params), ("--tokens", tokens)) if v is None]
    if missing:
        msg = (
            f"missing {' and '.join(missing)}: give --params and --tokens, "
            "or --flops, or --model NAME"
        )
        raise InputError(msg, field=missing[0])
    return training_flops(
        params,  # type: ignore[arg-type]
        tokens,  # type: ignore[arg-type]
        active_params=active_params,
        recompute=bool(recompute),
        n_layers=n_layers,
        seq_len=seq_len,
        d_model=d_model,
    )


def _active_kept(
    run: TrainingRun | None, params: ArrayLike | None, active_params: ArrayLike | None
) -> ArrayLike | None:
    """Per-token parameters with a published run: given; else the run's (``None`` for
    a dense run: all its parameters). A new total (``--params``) of a mixture-of-experts
    run keeps the run's per-token parameters, which the experts per token set, not the
    total (user test 2026-12-05 chain #1: DeepSeek-V3 at ``--params 7e11`` was
    counted dense, 19x its compute); a total below them is refused.

    Raises
    ------
    InputError
        ``--params`` below the MoE run's active parameters (field ``--params``).
    """
    if active_params is not None or run is None:
        return active_params
    moe = run.active_params is not None and run.params is not None
    moe = moe and float(run.active_params) < float(run.params)  # type: ignore[arg-type]
    if not moe:
        return None if params is not None else run.active_params
    if params is not None and np.any(np.asarray(params, dtype=float) < run.active_params):
        low = float(np.min(np.asarray(params, dtype=float)))
        msg = (
            f"{low:g} is below {run.name}'s {run.active_params:g} parameters used per "
            "token (a mixture of experts, whose per-token parameters a new total keeps); "
            "give --active-params too"
        )
        raise InputError(msg, field="--params")
    return run.active_params


def _model_size(
    run: TrainingRun | None, *, params: ArrayLike | None, active_params: ArrayLike | None
) -> ArrayLike | None:
    """Active parameters for the MFU model: given (or kept from an MoE run, see
    :func:`_active_kept`), else total given, else the run's."""
    for v in (_active_kept(run, params, active_params), params):
        if v is not None:
            return v
    if run is not None:
        return run.active_params if run.active_params is not None else run.params
    return None


#: Flags that replace a published run's own shape or compute, with the run's field.
_RUN_FIELDS = {
    "--params": "params",
    "--active-params": "active_params",
    "--tokens": "tokens",
    "--flops": "training_flops",
    "--layers": "n_layers",
    "--seq-len": "seq_len",
    "--d-model": "d_model",
    "--recompute": "recompute",
}


def _changes(run: TrainingRun, flag: str, value: Any) -> bool:
    """Whether ``value`` of ``flag`` differs from ``run``'s own (user test s48 #8: ``train
    -m gpt-3 --layers 96 --d-model 12288`` said "--layers replaced" of GPT-3's own 96).
    Arrays differ when any element does."""
    if value is None:
        return False
    own = getattr(run, _RUN_FIELDS[flag])
    if flag == "--recompute":
        return bool(value) != bool(own)
    if own is None:
        return True
    return bool(np.any(np.asarray(value, dtype=float) != float(own)))


#: The run's settings a flag can replace without touching its compute (user test s50
#: #4: ``--count 8192 --goodput 0.8`` of Llama 3.1 405B's 16,384 and 0.90 said nothing).
_RUN_SETTINGS = {
    "--count": "count",
    "--days": "days",
    "--mfu": "mfu",
    "--goodput": "goodput",
    "--precision": "precision",
}


def _setting_overrides(
    run: TrainingRun | None, given: dict[str, Any]
) -> tuple[tuple[str, ...], str]:
    """The flags that replace ``run``'s count, days, MFU, goodput or precision, and a note.

    Only a value that differs from the run's is a replacement; a setting the run's row
    leaves empty (Llama 3.1 405B's days) is solved, not replaced, when given. The
    compute stays the run's (:func:`_overrides` says when it does not).

    Returns
    -------
    tuple of (tuple of str, str)
        The replacing flags and a note naming each with the run's value ("" if none).
    """
    if run is None:
        return (), ""
    flags: list[str] = []
    parts: list[str] = []
    for flag, field in _RUN_SETTINGS.items():
        value, own = given.get(flag), getattr(run, field)
        if value is None or own is None:
            continue
        if isinstance(own, str):
            differs = str(value).lower() != own.lower()
            was = own
        else:
            differs = bool(np.any(np.asarray(value, dtype=float) != float(own)))
            was = f"{own:g}"
        if differs:
            flags.append(flag)
            parts.append(f"{flag} replaces {run.name}'s {was}")
    if not flags:
        return (), ""
    return tuple(flags), f"{', '.join(parts)}; the rest of the run is kept unless given"


def _overrides(run: TrainingRun | None, given: dict[str, Any]) -> tuple[tuple[str, ...], str]:
    """The flags that replace ``run``'s own numbers, and a note saying so (D14).

    Parameters
    ----------
    run : TrainingRun or None
        The published run (``--model``), if any.
    given : dict
        Flag to the user's value (``None`` when not given).

    Returns
    -------
    tuple of (tuple of str, str)
        The replacing flags, those whose value differs from the run's (:func:`_changes`),
        and a note naming each with the run's value ("" when nothing was replaced:
        :func:`train` then keeps the run's numbers and compute).
    """
    if run is None:
        return (), ""
    flags = tuple(f for f in _RUN_FIELDS if _changes(run, f, given.get(f)))
    if not flags:
        # the run's own values: nothing replaced, and :func:`train` keeps the run's
        # compute (review s48), so there is nothing to say
        return (), ""

    def _was(flag: str) -> str:
        v = getattr(run, _RUN_FIELDS[flag])
        if isinstance(v, bool):
            return str(v).lower()
        return f"{v:g}" if v is not None else "none"

    parts = ", ".join(f"{f} replaces {run.name}'s {_was(f)}" for f in flags)
    kept = "--params" in flags and "--active-params" not in flags
    moe = run.active_params is not None and run.params is not None
    if kept and moe and run.active_params < run.params:  # type: ignore[operator]
        parts += (
            f"; its {run.active_params:g} parameters used per token (a mixture of "
            "experts) are kept: give --active-params to change them"
        )
    tail = ""
    if run.training_flops is not None and "--flops" not in flags:
        tail = f"; the compute is recomputed, not the run's published {run.training_flops:g} FLOP"
    return flags, (
        f"{parts}{tail}: this is no longer the published run; its hardware, count, MFU "
        "and goodput are kept unless given"
    )


def _model_sizes(
    run: TrainingRun | None,
    params: ArrayLike | None,
    active_params: ArrayLike | None,
    tokens: ArrayLike | None,
) -> tuple[Any, Any, Any]:
    """Total and per-token parameters and tokens: given, else the run's (``None``: unknown).

    Active parameters default to the total when the total is known (a dense model);
    when only ``--params`` is given with a run, a dense run's active figure is dropped
    (it was the run's total) and an MoE run's kept (:func:`_active_kept`).
    """
    total, active, toks = params, active_params, tokens
    if run is not None:
        active = _active_kept(run, params, active_params)
        if total is None:
            total = run.params
        if toks is None:
            toks = run.tokens
    if active is None:
        active = total
    return total, active, toks


def _physical_notes(acc: Accelerator, n_params: Any, count: Any) -> list[str]:
    """Notes when a run cannot be held or split as asked (user test D4); the arithmetic
    stays valid, so these are notes, not errors.

    Three checks: the weights, gradients and Adam state of ``n_params`` parameters
    against the cluster's memory (``training_bytes_per_param``, ZeRO); more
    accelerators than the largest cluster reported (``largest_cluster_accelerators``);
    more accelerators than tokens in the largest published step
    (``max_global_batch_tokens``), i.e. less than one token per accelerator per step.

    Parameters
    ----------
    acc : Accelerator
        The part (its ``memory_gb``; skipped when unknown).
    n_params : float, array or None
        Total parameters [-]; ``None`` skips the memory check.
    count : float or array
        Accelerators [-].

    Returns
    -------
    list of str
        The notes (possibly empty).

    References
    ----------
    Rajbhandari et al. 2020, "ZeRO: Memory Optimizations Toward Training Trillion
    Parameter Models", arXiv 1910.02054, Sec. 3.1 (16 bytes per parameter for
    mixed-precision Adam); rows of ``workload_defaults.csv`` for the cluster and batch.
    """
    notes: list[str] = []
    n_acc = np.asarray(count, dtype=float)
    if n_params is not None and acc.memory_gb:
        per_param = workload_default("training_bytes_per_param")
        need, have, n_b = (
            np.ravel(a)
            for a in np.broadcast_arrays(
                np.asarray(n_params, dtype=float) * per_param,
                n_acc * float(acc.memory_gb) * BYTES_PER_GB,
                n_acc,
            )
        )
        if np.any(need > have):
            i = int(np.argmax(need / have))
            need_i, have_i, n_i = float(need[i]), float(have[i]), float(n_b[i])
            notes.append(
                f"the weights, gradients and Adam state need {need_i / 1e12:,.4g} TB "
                f"({per_param:g} bytes per parameter, mixed-precision Adam: Rajbhandari et "
                f"al. 2020, ZeRO), more than the {have_i / 1e12:,.4g} TB of memory of "
                f"{count_text(n_i)} {acc.name}: this cluster cannot hold the model (activations "
                "not counted; offloading to CPU or NVMe aside)"
            )
    top = workload_default("largest_cluster_accelerators")
    worst = float(np.max(n_acc))
    if worst > top:
        notes.append(
            f"{count_text(worst)} accelerators is {worst / top:,.3g}x the largest AI cluster "
            f"reported ({top:,.0f} GPUs, xAI Colossus, 2025; workload_defaults.csv)"
        )
    batch = workload_default("max_global_batch_tokens")
    if worst > batch:
        notes.append(
            f"{count_text(worst)} accelerators outnumber the tokens of the largest published "
            f"training step ({batch:,.0f}, GPT-4 per SemiAnalysis): less than one token "
            "per accelerator per step, so the run cannot be split this finely"
        )
    return notes


def _pct_above_one(x: float) -> str:
    """A ratio above 1 as a percentage that never rounds to 100 (UT-ML #9: "would need
    an MFU of 100 % ... at most 100 %" for 1.002)."""
    pct = x * 100.0
    decimals = 0
    while round(pct, decimals) <= 100.0 and decimals < 6:
        decimals += 1
    return f"{pct:,.{decimals}f}"


def _mfu_ceiling_note(mfu: Any, solved: str) -> str:
    """Say when a BF16 MFU (given, the run's or solved) is above the best whole
    production run of ``mfu_runs.csv``, and whether it is above the best tuned short
    benchmark of ``mfu_benchmarks.csv`` too (a production run is slower than a few steps
    on 8-64 accelerators; UT-ML 2026-12-04 #9); ``""`` when it is not. Until user test
    s48 (doc fix c) the note fired above the benchmark only: ``train -m llama-3.1-405b
    --count 8192 --days 100`` solved 0.603, above every whole run, without a word.

    Parameters
    ----------
    mfu : float or array
        MFU against the dense BF16 peak [-].
    solved : str
        What :func:`train` solved for (``"mfu"`` names ``--count and --days``).

    Returns
    -------
    str
        The note, naming the flag.
    """
    from tigris.data import load_rows  # rows, not frames: train stays free of pandas

    worst = float(np.max(np.asarray(mfu, dtype=float)))
    top = max(load_rows("mfu_benchmarks"), key=lambda r: float(r["mfu"]))
    best = max(load_rows("mfu_runs"), key=lambda r: float(r["mfu"]))
    if worst <= float(best["mfu"]):
        return ""
    what = "--count and --days need" if solved == "mfu" else "--mfu is"
    run_words = (
        f"{float(best['mfu']):.3g} over a whole production run ({best['run']}, mfu_runs.csv)"
    )
    bench_words = (
        f"{float(top['mfu']):.3g} in a tuned short benchmark ({top['benchmark']}, "
        "mfu_benchmarks.csv)"
    )
    if worst > float(top["mfu"]):
        return (
            f"{what} an MFU of {worst:.3g}, above the best published: {bench_words} and "
            f"{run_words}; no run has been reported this fast"
        )
    return (
        f"{what} an MFU of {worst:.3g}, above the best published: {run_words}; only "
        f"{bench_words} has gone faster"
    )


def _rounded_count_note(name: str, need: Any, asked: Any, days: Any) -> str:
    """Say that whole accelerators finish before the days asked ('' when within
    :data:`CONSISTENCY_RTOL` of them): the worst element of an array.

    Parameters
    ----------
    name : str
        The part.
    need : array
        Accelerators the asked days need, unrounded [-].
    asked, days : array
        Days asked and days the whole count takes, ``T = C / (ceil(n) peak MFU g)``
        (:func:`training_days`) [days].
    """
    need, asked, days = np.broadcast_arrays(need, asked, days)
    short = 1.0 - days / asked
    i = int(np.argmax(short))
    if short.flat[i] <= CONSISTENCY_RTOL:
        return ""
    n, want, took = float(need.flat[i]), float(asked.flat[i]), float(days.flat[i])
    asked_days = f"{want:,.4g} day{'' if want == 1 else 's'}"
    if n < 1.0:
        head = (
            f"the {asked_days} asked are more than one {name} needs ({n:.3g} of one): "
            f"it finishes in {took:,.4g} days"
        )
    else:
        head = (
            f"{n:,.4g} {name} would take the {asked_days} asked; the whole "
            f"{count_text(math.ceil(n))} finish in {took:,.4g} days"
        )
    return (
        f"{head}, and days, accelerator-hours, energy and cost are for that (give --count "
        "and --days together for the MFU that fills the days instead)"
    )


def _run_mfu_notes(
    run: TrainingRun, acc: Accelerator, mfu: Any, precision: str, factor: float
) -> tuple[list[str], str, str]:
    """Notes, status and source part of an MFU taken from the published run (D5).

    ``factor`` is :func:`carried_mfu_factor`'s, the carried MFU over the run's own.

    Returns
    -------
    tuple of (list of str, str, str)
        Notes; the row's ``mfu_status``; the run's accelerator when the MFU is applied
        to another part (else ``""``).
    """
    notes: list[str] = []
    status = run.mfu_status
    carried = ""
    if run.accelerator is not None and acc.name != run.accelerator:
        carried = run.accelerator
        # re-expressed it is not the run's figure unchanged (user test s48 #12: "the MFU
        # 0.230988 ... applied unchanged" for PaLM's 0.462 x 0.5)
        how = "applied unchanged" if factor == 1.0 else "re-expressed (below) and applied"
        notes.append(
            f"the MFU {float(np.ravel(mfu)[0]):.3g} is {run.name}'s on {run.accelerator}, "
            f"{how} to {acc.name}; pass --mfu to set it"
        )
    if status and not status.startswith("published"):  # incl. "published as HFU x 6/8"
        notes.append(
            f"{run.name}'s MFU is a {status} (training_runs.csv), not a published figure; "
            "days or accelerators solved from it inherit that"
        )
    if factor != 1.0:
        notes.append(
            f"{run.name}'s MFU {run.mfu:g} is against its {run.precision} peak (the "
            f"precision it trained at); tigris keeps the run's throughput as a fraction "
            f"of {_carry_basis(run, acc, precision)} and re-expresses it over "
            f"{acc.name}'s {precision} peak (precision changes the peak, not the "
            "throughput: docs/workload.md, MFU model), so the MFU is "
            f"{run.mfu:g} x {factor:.4g} = {float(np.ravel(mfu)[0]):.4g} of the "
            f"{precision} peak; pass --mfu to set it"
        )
    return notes, status, carried


def _has_peak(acc: Accelerator, precision: str) -> bool:
    """Whether the catalog gives ``acc`` a dense peak at ``precision``."""
    return getattr(acc, f"peak_{precision}_flop_per_s", None) is not None


def _run_part(run: TrainingRun, acc: Accelerator) -> Accelerator:
    """The part ``run``'s MFU was measured on (``acc`` when the row names none)."""
    from tigris.catalog import get_accelerator

    if run.accelerator is None or run.accelerator == acc.name:
        return acc
    return get_accelerator(run.accelerator)


def _basis_precision(own: Accelerator, acc: Accelerator, precision: str) -> str | None:
    """The precision whose peak carries a run's MFU from ``own`` to ``acc``.

    BF16, the MFU model's basis, when both parts have it; else ``precision`` when both
    have that; else ``None``.
    """
    for basis in (BASE_PRECISION, precision):
        if _has_peak(own, basis) and _has_peak(acc, basis):
            return basis
    return None


def _carry_basis(run: TrainingRun, acc: Accelerator, precision: str) -> str:
    """Words for the peak a carried MFU is a fraction of, for the note."""
    own = _run_part(run, acc)
    if own is acc:
        return f"{acc.name}'s {run.precision} peak"
    return f"the {_basis_precision(own, acc, precision)} peak ({own.name}'s, then {acc.name}'s)"


def carried_mfu_factor(run: TrainingRun, acc: Accelerator, precision: str) -> float:
    """A published run's MFU on ``acc`` at ``precision``, over the run's own MFU [-].

    One rule for every part and precision: the run's throughput is kept as a fraction
    of its part's dense BF16 peak (the MFU model's basis, :mod:`tigris.workload.mfu`),
    that fraction of the costed part's BF16 peak is its throughput there at any
    precision (precision changes the peak, not the throughput), and the MFU is that
    throughput over the costed part's peak at ``precision``::

        MFU = MFU_run * [peak_own(p_run) / peak_own(bf16)] * [peak_acc(bf16) / peak_acc(p)]

    Same part, same precision: 1 (the run's MFU unchanged). Same part, another
    precision: ``peak(p_run) / peak(p)`` (:func:`run_mfu_at_precision`). Another part:
    the run's BF16-basis MFU applied to that part's BF16 peak, so an FP8 run's 0.1875 of
    an H800's FP8 peak (0.375 of its BF16) is 0.375 of a Gaudi 3's FP8 peak, which
    equals its BF16 peak (user test s50 #1: it was 0.1875, a Gaudi 3 no faster than an
    H100). When a part lacks a BF16 peak, the asked precision's peaks carry it.

    Parameters
    ----------
    run : TrainingRun
        The published run (its ``mfu``, ``precision`` and ``accelerator``).
    acc : Accelerator
        The part costed.
    precision : str
        The precision asked for (its peak already checked on ``acc``).

    Returns
    -------
    float
        The factor; exactly 1.0 when the run's MFU applies unchanged [-].

    Raises
    ------
    InputError
        No precision's peaks carry the MFU (field ``--precision``), naming ``--mfu``.

    References
    ----------
    Chowdhery et al. 2022, arXiv 2204.02311, App. B (MFU = achieved model FLOP/s over
    peak); Meta 2025, Llama 4 blog (Behemoth: FP8, 390 TFLOP/s per H100, as Llama 3's
    BF16 380-430: precision raises the peak, not the throughput).

    Examples
    --------
    DeepSeek-V3 (FP8 on H800: 1,978.9 and 989.4 TFLOP/s) on a Gaudi 3 (1,835 both):

    >>> from tigris.catalog import get_accelerator
    >>> from tigris.workload.runs import get_run
    >>> ds = get_run("deepseek-v3")
    >>> round(carried_mfu_factor(ds, get_accelerator("gaudi3"), "fp8"), 4)
    2.0001
    >>> carried_mfu_factor(ds, get_accelerator("h800"), "fp8")
    1.0
    """
    own = _run_part(run, acc)
    if own is acc:
        if precision == run.precision:
            return 1.0
        return run_mfu_at_precision(1.0, acc, run.precision, precision)
    basis = _basis_precision(own, acc, precision)
    if basis is None or not _has_peak(own, run.precision):
        msg = (
            f"{run.name}'s MFU is against {own.name}'s {run.precision} peak, and no "
            f"precision's peaks on both {own.name} and {acc.name} carry it to "
            f"{acc.name}: pass --mfu for the {precision} MFU on {acc.name}"
        )
        raise InputError(msg, field="--precision")
    on_own = run_mfu_at_precision(1.0, own, run.precision, basis)
    on_acc = run_mfu_at_precision(1.0, acc, basis, precision)
    factor = on_own * on_acc
    # the same ratios on both parts (H800 and H100) leave the run's MFU as it is
    return 1.0 if math.isclose(factor, 1.0, rel_tol=1e-9) else factor


def run_mfu_at_precision(mfu: float, acc: Accelerator, measured_at: str, precision: str) -> float:
    """A run's MFU measured at one precision, re-expressed against another's peak.

    The run's achieved throughput ``X = MFU * peak(measured_at)`` is kept and divided by
    the other precision's peak: ``MFU' = MFU * peak(measured_at) / peak(precision)``.
    This is the rule the MFU model uses for FP8 (precision raises the peak, not the
    throughput: Llama 4 Behemoth's 390 TFLOP/s per H100 in FP8 against Llama 3's
    380-430 in BF16; docs/workload.md, "MFU model").

    Parameters
    ----------
    mfu : float
        The run's MFU against its own precision's dense peak [-].
    acc : Accelerator
        The part the run is costed on (its two peaks).
    measured_at, precision : str
        The run's precision and the one asked for.

    Returns
    -------
    float
        MFU against the dense peak at ``precision`` [-].

    References
    ----------
    Chowdhery et al. 2022, arXiv 2204.02311, App. B (MFU = achieved model FLOP/s over
    peak); Meta 2025, Llama 4 blog (Behemoth: FP8, 390 TFLOP/s per GPU).

    Examples
    --------
    Llama 3.1 405B's BF16 0.40 on an H100 (989.4 and 1,978.9 TFLOP/s dense) is 0.20
    of the FP8 peak:

    >>> from tigris.catalog import get_accelerator
    >>> round(run_mfu_at_precision(0.40, get_accelerator("h100"), "bf16", "fp8"), 4)
    0.2
    """
    return mfu * acc.peak_flop_per_s(measured_at) / acc.peak_flop_per_s(precision)


def _fill_from_run(
    run: TrainingRun | None, count: Any, days: Any, mfu: Any
) -> tuple[Any, Any, Any]:
    """With ``--model``, fill up to two of count/days/mfu from the published run."""
    if run is None:
        return count, days, mfu
    n_given = sum(_given(v) for v in (count, days, mfu))
    # Prefer keeping the run's MFU, then its accelerator count, and solve the rest.
    if n_given < 2 and mfu is None and run.mfu is not None:
        mfu, n_given = run.mfu, n_given + 1
    if n_given < 2 and count is None and run.count is not None:
        count, n_given = run.count, n_given + 1
    if n_given < 2 and days is None and run.days is not None:
        days = run.days
    return count, days, mfu


@python_api
@overflow_is_input_error
def train(
    model: str | None = None,
    *,
    params: ArrayLike | None = None,
    tokens: ArrayLike | None = None,
    active_params: ArrayLike | None = None,
    flops: ArrayLike | None = None,
    recompute: bool | None = None,
    n_layers: ArrayLike | None = None,
    seq_len: ArrayLike | None = None,
    d_model: ArrayLike | None = None,
    accelerator: str | Accelerator | None = None,
    precision: str | None = None,
    count: ArrayLike | None = None,
    days: ArrayLike | None = None,
    mfu: ArrayLike | None = None,
    goodput: ArrayLike | None = None,
    pue: ArrayLike | None = None,
    it_overhead: ArrayLike | None = None,
    load_factor: ArrayLike | None = None,
    usd_per_kwh: ArrayLike | None = None,
    usd_per_accelerator_hour: ArrayLike | None = None,
    lifetime_years: ArrayLike | None = None,
    power_w: float | None = None,
    price_usd: float | None = None,
    accelerators_file: str | Path | None = None,
) -> TrainingResult:
    """Accelerators, days, energy and cost of a training run.

    Compute comes from ``params`` x ``tokens`` (``active_params`` for MoE), from
    ``flops``, or from a published ``model``. Give any two of ``count``, ``days`` and
    ``mfu``; the third is solved (a solved count is rounded up to whole accelerators).
    With ``model`` the published run supplies what is missing (its MFU first, then its
    count), its hardware and its goodput; anything given explicitly wins.

    Numeric keywords take numbers (``int``, ``float``, numpy scalars) or, to compare
    cases at once, numpy arrays or lists that broadcast together (the results are then
    arrays; :meth:`TrainingResult.to_frame` tabulates them). A boolean, a text
    (``"0.4"``) or a pandas Series (pass ``.to_numpy()``: the results would not keep
    its index) is an :class:`~tigris.errors.InputError` naming the keyword. Every
    error names the keyword (``n_layers``); the CLI's name its flag (``--layers``).

    Parameters
    ----------
    model : str, optional
        Published run (``tigris.workload.list_runs()``), name or alias.
    params, active_params : float or array, optional
        Total and active parameters [-].
    tokens : float or array, optional
        Training tokens [-].
    flops : float or array, optional
        Training compute, instead of params x tokens [FLOP].
    recompute : bool, optional
        Activation recomputation: k = 8 instead of 6.
    n_layers, seq_len, d_model : float or array, optional
        Layers [-], sequence length [tokens], attention width [-] for the attention term.
    accelerator : str or Accelerator, optional
        Catalog name or alias; default the run's hardware, else ``h100-sxm``.
    precision : {"bf16", "fp8"}, optional
        Precision whose dense peak the MFU refers to; default the published run's
        (``model``), else ``bf16``.
    count : float or array, optional
        Accelerators [-].
    days : float or array, optional
        Wall-clock duration [day].
    mfu : float or array, optional
        Model FLOPs utilisation while stepping, in (0, 1] [-]: model FLOPs (6 N D,
        or ``flops``) over the peak, with or without ``recompute`` (whose hardware
        FLOPs utilisation, ``mfu x 8 / 6``, the result's ``hfu`` gives). Default: the published
        run's; else, when one of ``count`` and ``days`` is given, the MFU model of
        :func:`tigris.workload.mfu.default_mfu` (a note gives its leave-one-out error).
    goodput : float or array, optional
        Fraction of wall-clock time doing useful steps, in (0, 1] [-]; default the
        published run's, else ``goodput`` of ``workload_defaults.csv`` (0.90, Llama 3).
    pue : float or array, optional
        Power usage effectiveness [-]; default from ``workload_defaults.csv``.
    it_overhead : float or array, optional
        Cluster IT power (servers plus network, storage and management) over server
        power [-], at least 1; default ``it_overhead`` of ``data/energy_parameters.csv``
        (1.08, NVIDIA DGX H100 SuperPOD), the same factor the plan's power rows use.
    load_factor : float or array, optional
        Average draw over the rated draw the power is counted at, in (0, 1] [-]; default
        ``load_factor`` of ``data/energy_parameters.csv`` (0.75, Epoch AI's average
        server draw in training), as the plan counts energy; 1 when ``power_w`` is a
        measured average. Power stays at the rated draw; energy is counted at this share.
    usd_per_kwh : float or array, optional
        Electricity price [USD/kWh].
    usd_per_accelerator_hour : float or array, optional
        Rental price [USD per accelerator-hour]; default the part's latest rental price
        in ``data/prices.csv`` (series ``rental``), else ``usd_per_accelerator_hour`` of
        ``workload_defaults.csv`` (:func:`tigris.workload._common.rental_rate`).
    lifetime_years : float or array, optional
        Amortisation period of an owned accelerator [year].
    power_w : float, optional
        Server power per accelerator, overriding the catalog [W].
    price_usd : float, optional
        Purchase price per accelerator, overriding the catalog [USD].
    accelerators_file : str or Path, optional
        YAML file of custom accelerators.

    Returns
    -------
    TrainingResult

    Raises
    ------
    InputError
        Missing, conflicting or non-positive inputs; unknown model or accelerator; an
        MFU above 1 would be needed; the part's power is unknown and ``power_w`` absent.

    References
    ----------
    See :func:`training_flops`, :func:`training_days`,
    :func:`tigris.workload.energy_mwh` and :func:`tigris.workload.ownership_cost_usd`.
    Facility power ``n · P_sys · it_overhead · PUE``: Patterson et al. 2021, arXiv
    2104.10350, Sec. 2, with the network and storage factor of the NVIDIA DGX H100
    SuperPOD (1.4 MW for 1,016 GPUs against 10.2 kW per 8-GPU server; data
    ``energy_parameters.csv``, as in :func:`tigris.energy.fleet.fleet_mw_per_unit`).

    Examples
    --------
    Megatron-LM's GPT-3 run takes the paper's "about 34 days" on 1,024 A100; a 70B
    model on 1.4T tokens takes ``6 N D / (n peak MFU goodput)``:

    >>> r = train("gpt-3-175b-megatron")
    >>> round(r.days), r.accelerators
    (34, 1024.0)
    >>> r = train(params=70e9, tokens=1.4e12, accelerator="a100", count=1024, mfu=0.5,
    ...           goodput=0.9)
    >>> round(r.days / (6 * 70e9 * 1.4e12 / (1024 * 312e12 * 0.5 * 0.9) / 86_400), 9)
    1.0
    """
    run = get_run(model) if model is not None else None
    acc = resolve_accelerator(
        accelerator if accelerator is not None or run is None else run.accelerator,
        accelerators_file,
    )
    if precision is None:
        precision = run.precision if run is not None else "bf16"
    notes: list[str] = [n for n in [product_name_note(accelerator, accelerators_file)] if n]
    overrides, override_note = _overrides(
        run,
        {
            "--params": params,
            "--active-params": active_params,
            "--tokens": tokens,
            "--flops": flops,
            "--layers": n_layers,
            "--seq-len": seq_len,
            "--d-model": d_model,
            "--recompute": recompute,
        },
    )
    if run is not None and not overrides:
        # every flag given equals the run's own: nothing is replaced, so the answer is
        # the run's (review s48: ``-m gpt-3 --seq-len 2048``, GPT-3's own, counted
        # 6ND + attention, 4.316e23 FLOP and 34.85 days, not its 4.2e23 and 33.91)
        dims = (("--layers", n_layers), ("--seq-len", seq_len), ("--d-model", d_model))
        same = [f"{flag} {float(value):g}" for flag, value in dims if value is not None]
        if same:
            # said, not silent (ML user test 2026-12-06 #8: --seq-len 8192 on Llama 3.1
            # 405B gave no attention term and no word)
            notes.append(
                f"{', '.join(same)}: {run.name}'s own, so nothing is replaced and its "
                "published FLOPs stand, without an attention term; a value of another "
                "size counts attention at it (docs/workload.md)"
            )
        params = active_params = tokens = flops = None
        n_layers = seq_len = d_model = recompute = None
    if override_note:
        notes.append(override_note)
    settings, settings_note = _setting_overrides(
        run,
        {
            "--count": count,
            "--days": days,
            "--mfu": mfu,
            "--goodput": goodput,
            "--precision": precision,
        },
    )
    if settings_note:
        notes.append(settings_note)
    if precision not in PRECISIONS:
        msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--precision")
    try:
        peak = acc.peak_flop_per_s(precision)
    except InputError as exc:
        raise InputError(str(exc.problems[0].message), field="--precision") from None

    n_layers, seq_len, d_model = _attention_dims(run, n_layers, seq_len, d_model)
    c = _solve_flops(
        run,
        params=params,
        tokens=tokens,
        active_params=active_params,
        flops=flops,
        recompute=recompute,
        n_layers=n_layers,
        seq_len=seq_len,
        d_model=d_model,
    )
    check_positive(count, "--count", whole=True)
    check_positive(days, "--days")
    check_positive(mfu, "--mfu", at_most=1.0)
    goodput_basis = "given"
    if goodput is None and run is not None and run.goodput is not None:
        goodput, goodput_basis = run.goodput, "run"
    if goodput is None:
        goodput, goodput_basis = workload_default("goodput"), "default"
        notes.append(
            f"goodput {goodput:g} is the default (workload_defaults.csv: Llama 3 405B "
            "reports above 90% effective training time); pass --goodput to change it"
        )
    check_positive(goodput, "--goodput", at_most=1.0)

    user_mfu = mfu is not None
    count, days, mfu = _fill_from_run(run, count, days, mfu)
    mfu_basis = "given" if user_mfu else "run"
    mfu_converted_from = ""
    factor = 1.0
    if run is not None and not user_mfu and mfu is not None:
        # UT-ML 2026-12-04 #1, s50 #1: the run's MFU was measured at its own precision
        # on its own part; keep its throughput as a fraction of the BF16 peak, not its
        # fraction of another peak.
        factor = carried_mfu_factor(run, acc, precision)
    if factor != 1.0:
        mfu = float(mfu) * factor  # type: ignore[arg-type]
        mfu_converted_from = run.precision  # type: ignore[union-attr]
        if float(mfu) > 1.0:  # MFU is at most the peak (Chowdhery et al. 2022, App. B)
            msg = (
                f"{run.name}'s {run.precision} throughput is {_pct_above_one(float(mfu))} % "
                f"of {acc.name}'s {precision} peak (MFU {float(mfu):.4g}; at most 100 %): "
                f"it cannot run as fast at {precision}; pass --mfu to set it"
            )
            raise InputError(msg, field="--precision")
    mfu_loo: float | None = None
    if mfu is None and (count is None) != (days is None):
        est = default_mfu(
            params=_model_size(run, params=params, active_params=active_params),
            accelerators=count,
            accelerator=acc,
            precision=precision,
        )
        mfu, mfu_basis, mfu_loo = est.value, "model", est.loo_mape
        notes.append(f"{est.explanation}; pass --mfu to set it")
    # Every MFU here (given, the run's, the model's) is of model FLOPs, 6 N D over the
    # peak; compute counted with the recomputed pass (k N D) runs at k/6 of it in
    # hardware FLOPs (HFU), so the days at a given MFU do not depend on recomputation
    # (Chowdhery et al. 2022, App. B; user test 2026-12-05 chain #2)
    shape = _shape_given(params, tokens, active_params, n_layers, seq_len, d_model)
    k = _k_used(run, flops, shape, recompute)
    hw = k / FLOP_PER_PARAM_TOKEN if k is not None else 1.0
    given = {"--count": count, "--days": days, "--mfu": mfu}
    have = [f for f, v in given.items() if v is not None]
    if len(have) < 2:
        # without --mfu the MFU model has filled it when one of --count/--days is given,
        # so what is missing is one of those two (user test S45 #3: "give two of" read
        # as if --mfu were needed too)
        if have:
            msg = (
                f"give --count or --days with {have[0]}: two of --count, --days, --mfu "
                f"and the third is solved (got only {have[0]})"
            )
        else:
            msg = (
                "give --count or --days: one is enough, the MFU model supplies the MFU (or "
                "give two of --count, --days, --mfu and the third is solved)"
            )
        raise InputError(msg, field="--count")
    mfu_status, mfu_acc = "", ""
    if run is not None and mfu_basis == "run" and mfu is not None:
        run_notes, mfu_status, mfu_acc = _run_mfu_notes(run, acc, mfu, precision, factor)
        notes.extend(run_notes)
    util = None if mfu is None else np.asarray(mfu, dtype=float) * hw  # of the FLOP counted
    if len(have) == 3:
        implied = np.asarray(training_days(c, count, peak, util, goodput))  # type: ignore[arg-type]
        if not np.allclose(implied, np.asarray(days, dtype=float), rtol=CONSISTENCY_RTOL):
            msg = (
                f"--count, --days and --mfu conflict: that count and MFU give "
                f"{float(np.ravel(implied)[0]):.4g} days, not {float(np.ravel(days)[0]):.4g}; "  # type: ignore[arg-type]
                "give only two of them"
            )
            raise InputError(msg, field="--days")
        solved = "none"
    elif days is None:
        solved = "days"
        days = training_days(c, count, peak, util, goodput)  # type: ignore[arg-type]
    elif count is None:
        solved = "count"
        need = np.asarray(accelerators_for_days(c, days, peak, util, goodput))  # type: ignore[arg-type]
        count = np.ceil(need)
        asked = np.asarray(days, dtype=float)
        # whole accelerators finish sooner than the fraction asked for: the days (and
        # energy, hours, money) are the job's on them (UT-CHIP 2026-12-04 #6)
        days = training_days(c, count, peak, util, goodput)  # type: ignore[arg-type]
        if note := _rounded_count_note(acc.name, need, asked, np.asarray(days)):
            notes.append(note)
    else:
        solved = "mfu"
        util = mfu_for(c, count, days, peak, goodput)
        mfu = np.asarray(util) / hw
        if np.any(np.asarray(util) > 1.0):
            worst = float(np.max(util))
            # the MFU is what was solved: name the flags that asked for it (user test
            # s48 #11: "error: --mfu: ..." when no --mfu was given)
            msg = (
                f"these would need {'an HFU' if hw > 1.0 else 'an MFU'} of "
                f"{_pct_above_one(worst)} % ({worst:.4g}x the peak FLOP/s; at most 100 %) on "
                f"{acc.name}; give more accelerators or more days"
            )
            raise InputError(msg, field="--count/--days")

    count_f, days_f, mfu_f = as_float(count), as_float(days), as_float(mfu)  # type: ignore[arg-type]
    if hw > 1.0 and np.any(np.asarray(util) > 1.0):
        worst = float(np.max(util))
        # a scenario workload cannot drop a run's own recomputation (review 2026-12-05)
        why = (
            "or drop --recompute"
            if recompute or run is None
            else (f"{run.name} is counted with the recomputed pass")
        )
        msg = (
            f"MFU {float(np.max(mfu)):.4g} with the recomputed pass counted ({k:g} N D) is "
            f"{worst:.4g} of {acc.name}'s peak in hardware FLOPs (HFU = MFU x {k:g}/"
            f"{FLOP_PER_PARAM_TOKEN:g}; at most 1): give an MFU of at most "
            f"{FLOP_PER_PARAM_TOKEN / k:.4g} ({why})"
        )
        raise InputError(msg, field="--mfu")

    n_total, n_active, n_tokens = _model_sizes(run, params, active_params, tokens)
    notes.extend(_physical_notes(acc, n_total, count_f))
    if precision == "bf16" and (ceiling := _mfu_ceiling_note(mfu_f, solved)):
        notes.append(ceiling)

    cost = cluster_costs(
        count_f,
        days_f,
        acc,
        power_w=power_w,
        pue=pue,
        it_overhead=it_overhead,
        usd_per_accelerator_hour=usd_per_accelerator_hour,
        lifetime_years=lifetime_years,
        usd_per_kwh=usd_per_kwh,
        price_usd=price_usd,
        load_factor=load_factor,
    )
    notes.extend(cost.notes)
    if purchase := _purchase_note(
        acc, count_f, cost.price_usd, given=price_usd is not None, custom=accelerators_file
    ):
        notes.append(purchase)

    return TrainingResult(
        model=run.name if run is not None else None,
        accelerator=acc.name,
        precision=precision,
        solved_for=solved,
        training_flops=c,
        peak_flop_per_s=peak,
        # dense BF16 basis whatever the precision (docs/nomenclature.md h100e; the plan
        # counts products so): a 2,048-H800 FP8 run is 2,048 H100e, not 4,096
        h100e_per_accelerator=h100_equivalents(acc, "bf16"),
        accelerators=count_f,
        days=days_f,
        mfu=mfu_f,
        hfu=as_float(util) if hw > 1.0 else None,  # type: ignore[arg-type]
        goodput=as_float(goodput),
        accelerator_hours=cost.accelerator_hours,
        system_power_w=cost.system_power_w,
        pue=as_float(cost.pue),
        it_overhead=as_float(cost.it_overhead),
        power_mw=cost.power_mw,
        energy_mwh=cost.energy_mwh,
        load_factor=as_float(cost.load_factor),
        usd_per_accelerator_hour=as_float(cost.usd_per_accelerator_hour),
        cost_usd=cost.rental_usd,
        price_usd=cost.price_usd,
        lifetime_years=as_float(cost.lifetime_years),
        usd_per_kwh=as_float(cost.usd_per_kwh),
        cost_capex_usd=cost.capex_usd,
        cost_energy_usd=cost.energy_usd,
        cost_ownership_usd=cost.ownership_usd,
        notes=tuple(notes),
        mfu_basis="solved" if solved == "mfu" else mfu_basis,
        mfu_loo_mape=mfu_loo,
        goodput_basis=goodput_basis,
        rental_basis=cost.rental_basis,
        params=None if n_total is None else as_float(n_total),
        active_params=None if n_active is None else as_float(n_active),
        tokens=None if n_tokens is None else as_float(n_tokens),
        flops_basis=_flops_basis(run, flops, shape, recompute, attention=n_layers is not None),
        run_source=run.source if run is not None else "",
        run_as_of=run.as_of if run is not None else "",
        mfu_status=mfu_status,
        mfu_accelerator=mfu_acc,
        overrides=(*overrides, *settings),
        mfu_converted_from=mfu_converted_from,
        flop_per_param_token=k,
        attention_flops=_attention_total(n_layers, seq_len, d_model, n_tokens, k),
    )


def _price_words(source: str) -> str:
    """The clause of a catalog row's source that gives its price ('' if none does):
    the clause holding the word ``price``, from the ``;`` before it to the next one,
    both outside parentheses, so a price named inside a clause keeps its subject (H800:
    "... memory and price are assumed equal to H100 SXM", not "price are assumed
    ...").

    Examples
    --------
    >>> _price_words("NVIDIA datasheet; price $30,000 (Raymond James; 2024); power")
    'price $30,000 (Raymond James; 2024)'
    >>> _price_words("spec sheet (2024); memory and price as H100 (assumed); six sites")
    'memory and price as H100 (assumed)'
    """
    low = source.lower()
    start = low.find("price")
    if start < 0:
        return ""
    depth, begin = 0, 0
    for i in range(start):  # the clause's start: the last ';' outside parentheses
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        if source[i] == ";" and depth <= 0:
            begin = i + 1
    if depth <= 0:  # "price" itself outside parentheses: quote its whole clause
        start = begin
    depth, end = 0, len(source)
    for i in range(start, len(source)):
        depth += {"(": 1, ")": -1}.get(source[i], 0)
        if source[i] == ";" and depth <= 0:
            end = i
            break
    return source[start:end].strip()


def _purchase_note(
    acc: Accelerator,
    count: FloatOrArray,
    price: float | None,
    *,
    given: bool,
    custom: str | Path | None,
) -> str:
    """The cluster's purchase price (accelerators x price each) and whose price it is:
    ``--price-usd``, or the catalog row's (its ``as_of`` and the clause of its source that
    gives the price); ``""`` without a price (the ownership note asks for
    ``--price-usd``).

    The accelerators only: the data centre, network and storage around them are not in
    it (UT-JOURNO #8: the ownership cost amortises this price over the run's days, and
    the purchase itself was said nowhere). Moved from the command line so that
    :meth:`TrainingResult.to_dict` is what ``tigris train --json`` prints (user test
    s46).

    Parameters
    ----------
    acc : Accelerator
        The part priced.
    count : float or array
        Accelerators [-].
    price : float or None
        Price per accelerator [USD]; ``None`` or NaN when unknown.
    given : bool
        Whether the price is the user's (``--price-usd``).
    custom : str, Path or None
        YAML file of custom accelerators (``--accelerators``).

    Returns
    -------
    str
        The note, or ``""``.
    """
    from tigris.catalog import get_accelerator, load_catalog

    if price is None or price != price:
        return ""
    n = np.asarray(count, dtype=float)
    if n.ndim == 0:
        total = float(n) * float(price)
        head = f"cluster purchase {money_text(total)} = {count_text(n)} x {money_text(price)}"
    else:  # cases in one call: the price each, the totals in cost_purchase_usd
        head = f"cluster purchase = accelerators x {money_text(price)}"
    tail = "; the accelerators only, not the data centre, network or storage around them"
    if given:
        return f"{head} (--price-usd){tail}"
    row, where = acc, "data/accelerators.csv"
    if load_catalog().get(acc.name) != acc:  # a custom part (--accelerators, --data)
        base = get_accelerator(acc.based_on) if acc.based_on else None
        if base is not None and base.price_usd == acc.price_usd:  # copied by based_on
            row, where = base, f"{base.name}'s, copied by based_on; data/accelerators.csv"
        else:
            where = "the custom part's file" if custom is not None else "the part given"
    words = _price_words(row.source)
    said = f": {words}" if words else ""
    return f"{head}, the catalog's price for {row.name} ({where}, as of {row.as_of}{said}){tail}"


def _k_used(
    run: TrainingRun | None, flops: Any, shape: bool, recompute: bool | None
) -> float | None:
    """The ``k`` of ``k N D`` the compute was counted with, ``None`` when it was not
    (``--flops``, or the run's published figure); as :func:`_solve_flops` picks it.
    ``shape``: whether a flag of the model's shape was given (:func:`_shape_given`)."""
    if _flops_basis(run, flops, shape, recompute) not in (PARAMS_X_TOKENS, WITH_ATTENTION):
        return None
    if recompute is None and run is not None:
        recompute = run.recompute
    return FLOP_PER_PARAM_TOKEN_RECOMPUTE if recompute else FLOP_PER_PARAM_TOKEN


def _flops_basis(
    run: TrainingRun | None,
    flops: Any,
    shape: bool,
    recompute: bool | None,
    *,
    attention: bool = False,
) -> str:
    """Where the training compute came from: ``given``, ``run``, ``params x tokens``
    or, with the attention term counted, ``params x tokens + attention`` (user test
    s48 #5: ``--json`` said "params x tokens" of a compute with 12 L s d per token in
    it). ``run`` only when :func:`_solve_flops` took the run's published figure: no
    shape flag (``shape``, even one equal to the run's own) and no ``--recompute``."""
    if flops is not None:
        return "given"
    if run is not None and run.training_flops is not None and not shape and recompute is None:
        return "run"
    return WITH_ATTENTION if attention else PARAMS_X_TOKENS


def _shape_given(*values: Any) -> bool:
    """Whether any flag of the model's shape (``--params``, ``--tokens``,
    ``--active-params``, ``--layers``, ``--seq-len``, ``--d-model``) was given: then
    the compute is counted, not a run's published figure (:func:`_solve_flops`)."""
    return any(v is not None for v in values)


def _attention_dims(
    run: TrainingRun | None, n_layers: Any, seq_len: Any, d_model: Any
) -> tuple[Any, Any, Any]:
    """Layers, sequence length and attention width of the attention term: those given,
    the rest the published run's when one of them is given (user test s48 #4: ``train
    -m gpt-3 --seq-len 4096`` demanded ``--layers`` and ``--d-model`` though GPT-3's
    row gives 96 and 12,288; docs/workload.md: the flags replace the run's own values,
    one flag one value). None given: none (no attention term).

    Parameters
    ----------
    run : TrainingRun or None
        The published run (``--model``), if any.
    n_layers, seq_len, d_model : float, array or None
        Given values [-], [tokens], [-].

    Returns
    -------
    tuple
        The three, filled; a value the run lacks stays ``None`` (and
        :func:`training_flops` names the flag missing).
    """
    dims = [n_layers, seq_len, d_model]
    if run is None or all(v is None for v in dims):
        return n_layers, seq_len, d_model
    own = (run.n_layers, run.seq_len, run.d_model)
    filled = [v if v is not None else o for v, o in zip(dims, own, strict=True)]
    return filled[0], filled[1], filled[2]


def _attention_total(
    n_layers: Any, seq_len: Any, d_model: Any, tokens: Any, k: float | None
) -> FloatOrArray | None:
    """The attention FLOPs inside the compute counted, ``12 L s d x D`` (``16`` when
    ``k`` is 8, recomputation) [FLOP]; ``None`` without the attention term or ``k``."""
    if n_layers is None or k is None or tokens is None:
        return None
    per_token = attention_flop_per_token(
        n_layers, seq_len, d_model, recompute=k > FLOP_PER_PARAM_TOKEN
    )
    return as_float(np.asarray(per_token) * np.asarray(tokens, dtype=float))
