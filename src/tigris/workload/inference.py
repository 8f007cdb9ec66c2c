"""Inference services: from tokens per day to accelerators with a roofline model.

Prefill (reading the prompt) is compute-bound: about ``2 * N_active`` FLOPs per token.
Decode (one output token per sequence per step) reads every weight and each sequence's
KV cache once per step, so at small batch it is bound by memory bandwidth; a larger
batch shares the weight read until the step becomes compute-bound (the roofline ridge).
The batch is the largest that fits memory and meets the per-token latency target.

Pure, vectorised functions (:func:`kv_cache_bytes_per_token`,
:func:`prefill_flop_per_token`, :func:`decode_step_times_s`, :func:`max_batch_size`)
and the orchestrator :func:`infer`, which searches the replica size (accelerators
holding one copy of the weights) that needs the fewest accelerators.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy as np
import numpy.typing as npt

from tigris.catalog import PRECISIONS, Accelerator
from tigris.errors import InputError
from tigris.units import (
    BYTES_PER_GB,
    DAYS_PER_YEAR,
    HOURS_PER_DAY,
    KWH_PER_MWH,
    MS_PER_S,
    SECONDS_PER_DAY,
)
from tigris.workload._common import (
    FloatOrArray,
    as_float,
    check_positive,
    energy_mwh,
    facility_power_mw,
    overflow_is_input_error,
    pick,
    resolve_accelerator,
    system_power,
)
from tigris.workload.runs import get_run

__all__ = [
    "BYTES_PER_VALUE",
    "InferenceResult",
    "decode_step_times_s",
    "infer",
    "kv_cache_bytes_per_token",
    "max_batch_size",
    "prefill_flop_per_token",
]

ArrayLike = npt.ArrayLike

#: Bytes per stored value at each precision (definition of the formats).
BYTES_PER_VALUE: dict[str, float] = {"bf16": 2.0, "fp8": 1.0}
#: Forward FLOPs per active parameter per token: one multiply-add (Kaplan et al. 2020,
#: Sec. 2.1, C_forward = 2N).
FORWARD_FLOP_PER_PARAM = 2.0
#: Keys and values: two tensors cached per layer per KV head.
KV_TENSORS = 2.0
#: Largest replica (accelerators sharing one copy of the weights) the search tries,
#: a power of two; a search bound, not a model input.
MAX_REPLICA_SIZE = 4096
#: Tokens in the "per million tokens" price unit.
TOKENS_PER_MILLION = 1e6


def kv_cache_bytes_per_token(
    n_layers: ArrayLike, n_kv_heads: ArrayLike, head_dim: ArrayLike, bytes_per_value: ArrayLike
) -> FloatOrArray:
    """KV-cache bytes per token of context: ``2 * L * h_kv * d_head * b``.

    Parameters
    ----------
    n_layers : float or array
        Transformer layers [-].
    n_kv_heads : float or array
        Key/value heads per layer (fewer than query heads with GQA/MQA) [-].
    head_dim : float or array
        Dimension of one head [-].
    bytes_per_value : float or array
        Bytes per cached value (2 for BF16) [bytes].

    Returns
    -------
    float or ndarray
        Bytes per token [bytes/token].

    References
    ----------
    Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv 2211.05102,
    Sec. 2 and 3.3 (KV cache size, multiquery attention); Kwon et al. 2023,
    "Efficient Memory Management for LLM Serving with PagedAttention", SOSP '23, Sec. 3
    (OPT-13B: 2 x 5120 x 40 x 2 bytes = 800 KB per token).

    Examples
    --------
    OPT-13B (40 layers, 40 heads of 128, BF16): Kwon et al.'s 800 KB per token.

    >>> kv_cache_bytes_per_token(40, 40, 128, 2) / 1024
    800.0
    """
    check_positive(n_layers, "--layers")
    check_positive(n_kv_heads, "--kv-heads")
    check_positive(head_dim, "--head-dim")
    check_positive(bytes_per_value, "bytes_per_value")
    l_, h, d, b = (
        np.asarray(a, dtype=float) for a in (n_layers, n_kv_heads, head_dim, bytes_per_value)
    )
    return as_float(KV_TENSORS * l_ * h * d * b)


def prefill_flop_per_token(active_params: ArrayLike) -> FloatOrArray:
    """Forward FLOPs per token: ``2 * N_active`` (attention over the context neglected).

    Parameters
    ----------
    active_params : float or array
        Parameters active per token [-].

    Returns
    -------
    float or ndarray
        FLOPs per token [FLOP/token].

    References
    ----------
    Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv 2001.08361,
    Sec. 2.1 (C_forward = 2N + 2 n_layer n_ctx d_attn).

    Examples
    --------
    >>> prefill_flop_per_token(37e9) == 2 * 37e9
    True
    """
    check_positive(active_params, "--active-params")
    return as_float(FORWARD_FLOP_PER_PARAM * np.asarray(active_params, dtype=float))


def decode_step_times_s(
    batch: ArrayLike,
    weight_bytes: ArrayLike,
    kv_bytes_per_sequence: ArrayLike,
    active_params: ArrayLike,
    replica_size: ArrayLike,
    peak_flop_per_s: ArrayLike,
    memory_bw_bytes_per_s: ArrayLike,
    mfu: ArrayLike = 1.0,
    mbu: ArrayLike = 1.0,
) -> tuple[FloatOrArray, FloatOrArray]:
    """Memory time and compute time of one decode step (the step takes the larger).

    ``t_mem = (W + B * kv) / (g * BW * MBU)`` and ``t_comp = 2 N B / (g * peak * MFU)``
    for a batch of ``B`` sequences on a replica of ``g`` accelerators.

    Parameters
    ----------
    batch : float or array
        Sequences decoded together [-].
    weight_bytes : float or array
        Bytes of all weights read per step (all experts for MoE) [bytes].
    kv_bytes_per_sequence : float or array
        KV-cache bytes read per sequence per step [bytes].
    active_params : float or array
        Parameters active per token [-].
    replica_size : float or array
        Accelerators sharing the weights (tensor/pipeline parallel) [-].
    peak_flop_per_s : float or array
        Dense peak per accelerator [FLOP/s].
    memory_bw_bytes_per_s : float or array
        Memory bandwidth per accelerator [bytes/s].
    mfu : float or array, optional
        Compute utilisation [-].
    mbu : float or array, optional
        Memory-bandwidth utilisation [-].

    Returns
    -------
    memory_s, compute_s : float or ndarray
        Time to read the bytes and time to do the FLOPs [s].

    References
    ----------
    Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv 2211.05102,
    Sec. 2 (decode is memory-time bound at small batch); Williams, Waterman and
    Patterson 2009, "Roofline", CACM 52(4).

    Examples
    --------
    405B FP8 weights on 8 H100 (3.35 TB/s each), batch 1: ~15 ms per token.

    >>> mem, comp = decode_step_times_s(1, 405e9, 0.0, 405e9, 8, 989.4e12, 3.35e12)
    >>> round(mem / (405e9 / (8 * 3.35e12)), 9), comp < mem
    (1.0, True)
    """
    b, w, kv, n, g, p, bw, m, u = (
        np.asarray(a, dtype=float)
        for a in (
            batch,
            weight_bytes,
            kv_bytes_per_sequence,
            active_params,
            replica_size,
            peak_flop_per_s,
            memory_bw_bytes_per_s,
            mfu,
            mbu,
        )
    )
    memory = (w + b * kv) / (g * bw * u)
    compute = FORWARD_FLOP_PER_PARAM * n * b / (g * p * m)
    return as_float(memory), as_float(compute)


def max_batch_size(
    memory_bytes: ArrayLike, weight_bytes: ArrayLike, kv_bytes_per_sequence: ArrayLike
) -> FloatOrArray:
    """Sequences whose KV cache fits beside the weights: ``floor((M - W) / kv)``.

    Parameters
    ----------
    memory_bytes : float or array
        Usable memory of the replica [bytes].
    weight_bytes : float or array
        Bytes of the weights [bytes].
    kv_bytes_per_sequence : float or array
        KV-cache bytes of one full-length sequence [bytes].

    Returns
    -------
    float or ndarray
        Batch size, 0 or less when the weights do not fit [-].

    References
    ----------
    Pope et al. 2022, arXiv 2211.05102, Sec. 3.3 (KV cache limits the batch).

    Examples
    --------
    405 GB of weights in 8 x 72 GB leaves 171 GB, room for 80 sequences of 2.11 GB:

    >>> max_batch_size(8 * 80e9 * 0.9, 405e9, 258048 * 2 * 4096)
    80.0
    >>> (8 * 80e9 * 0.9 - 405e9) // (258048 * 2 * 4096)
    80.0
    """
    m, w, kv = (
        np.asarray(a, dtype=float) for a in (memory_bytes, weight_bytes, kv_bytes_per_sequence)
    )
    return as_float(np.floor((m - w) / kv))


@dataclass(frozen=True)
class InferenceResult:
    """Accelerators, power and cost of an inference service.

    ``bound`` says what limits the service: ``"memory bandwidth"`` when decode
    dominates and its step is bandwidth-bound, else ``"compute"``.
    """

    model: str | None
    accelerator: str
    precision: str
    tokens_per_day: float
    prompt_tokens: float
    output_tokens: float
    latency_ms_per_token: float
    weight_bytes: float
    kv_bytes_per_token: float
    replica_size: int
    batch_size: int
    batch_limited_by: str
    decode_step_ms: float
    decode_bound: str
    bound: str
    prefill_accelerators: float
    decode_accelerators: float
    accelerators: int
    replicas: int
    system_power_w: float
    pue: float
    power_mw: float
    energy_mwh_per_day: float
    usd_per_accelerator_hour: float
    cost_usd_per_day: float
    cost_usd_per_million_tokens: float
    cost_ownership_usd_per_million_tokens: float
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain Python values."""
        d = dataclasses.asdict(self)
        d["notes"] = list(self.notes)
        return d


def _kv_per_token(
    run_kv_values: float | None,
    kv_bytes_per_token: float | None,
    n_layers: float | None,
    n_kv_heads: float | None,
    head_dim: float | None,
    bytes_per_value: float,
    run_name: str | None = None,
) -> float:
    arch = {"--layers": n_layers, "--kv-heads": n_kv_heads, "--head-dim": head_dim}
    given = [f for f, v in arch.items() if v is not None]
    if kv_bytes_per_token is not None:
        if given:
            msg = f"give --kv-bytes-per-token or {', '.join(given)}, not both"
            raise InputError(msg, field="--kv-bytes-per-token")
        check_positive(kv_bytes_per_token, "--kv-bytes-per-token")
        return float(kv_bytes_per_token)
    if given:
        if len(given) < len(arch):
            missing = ", ".join(f for f in arch if f not in given)
            msg = f"the KV cache needs --layers, --kv-heads and --head-dim; missing {missing}"
            raise InputError(msg, field=given[0])
        return float(kv_cache_bytes_per_token(n_layers, n_kv_heads, head_dim, bytes_per_value))  # type: ignore[arg-type]
    if run_kv_values is not None:
        return float(run_kv_values * bytes_per_value)
    if run_name is not None:
        msg = (
            f"the runs table has no KV-cache shape for {run_name}; "
            "give --kv-bytes-per-token, or --layers, --kv-heads and --head-dim"
        )
    else:
        msg = "give --kv-bytes-per-token, or --layers, --kv-heads and --head-dim, or --model NAME"
    raise InputError(msg, field="--kv-bytes-per-token")


@overflow_is_input_error
def infer(
    model: str | None = None,
    *,
    params: float | None = None,
    active_params: float | None = None,
    tokens_per_day: float | None = None,
    prompt_tokens: float | None = None,
    output_tokens: float | None = None,
    accelerator: str | Accelerator | None = None,
    precision: str = "bf16",
    bytes_per_param: float | None = None,
    latency_ms_per_token: float | None = None,
    kv_bytes_per_token: float | None = None,
    n_layers: float | None = None,
    n_kv_heads: float | None = None,
    head_dim: float | None = None,
    prefill_mfu: float | None = None,
    decode_mfu: float | None = None,
    mbu: float | None = None,
    memory_fraction: float | None = None,
    pue: float | None = None,
    usd_per_kwh: float | None = None,
    usd_per_accelerator_hour: float | None = None,
    lifetime_years: float | None = None,
    power_w: float | None = None,
    price_usd: float | None = None,
    accelerators_file: str | Path | None = None,
) -> InferenceResult:
    """Accelerators, power, energy and cost to serve ``tokens_per_day``.

    Each replica of ``g`` accelerators holds the weights; its decode batch ``B`` is the
    largest that fits memory (KV cache of full-length sequences) and keeps the step
    within ``latency_ms_per_token``. Decode needs ``g * output_rate / (B / t_step)``
    accelerators, prefill ``prompt_rate * 2 N_active / (peak * MFU)``; the total is
    rounded up to whole replicas, and ``g`` is chosen to minimise it.

    Parameters
    ----------
    model : str, optional
        Published run whose params, active params and KV size to use.
    params : float, optional
        Total parameters, all held in memory [-].
    active_params : float, optional
        Parameters active per token (MoE) [-]; default ``params``.
    tokens_per_day : float
        Tokens served per day, prompt plus output [tokens/day]; required.
    prompt_tokens, output_tokens : float
        Average prompt and output length per request [tokens]; required.
    accelerator : str or Accelerator, optional
        Catalog name or alias; default ``h100-sxm``.
    precision : {"bf16", "fp8"}, optional
        Precision of weights, KV cache and the compute peak.
    bytes_per_param : float, optional
        Bytes per weight, overriding the precision's (e.g. 0.5 for int4) [bytes].
    latency_ms_per_token : float, optional
        Target time per output token for one user [ms].
    kv_bytes_per_token : float, optional
        KV-cache bytes per token of context [bytes]; or give the next three.
    n_layers, n_kv_heads, head_dim : float, optional
        Layers, KV heads per layer and head dimension [-].
    prefill_mfu, decode_mfu : float, optional
        Compute utilisation of prefill and of a compute-bound decode step [-].
    mbu : float, optional
        Memory-bandwidth utilisation of decode [-].
    memory_fraction : float, optional
        Fraction of accelerator memory usable for weights and KV cache [-].
    pue : float, optional
        Power usage effectiveness [-].
    usd_per_kwh : float, optional
        Electricity price [USD/kWh].
    usd_per_accelerator_hour : float, optional
        Rental price [USD per accelerator-hour].
    lifetime_years : float, optional
        Amortisation period of an owned accelerator [year].
    power_w : float, optional
        Server power per accelerator, overriding the catalog [W].
    price_usd : float, optional
        Purchase price per accelerator, overriding the catalog [USD].
    accelerators_file : str or Path, optional
        YAML file of custom accelerators.

    Returns
    -------
    InferenceResult

    References
    ----------
    Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv 2211.05102;
    Kaplan et al. 2020, arXiv 2001.08361, Sec. 2.1.

    Examples
    --------
    Llama 3.1 405B in FP8 with 8k-token prompts: the KV cache fills memory, so decode
    stays bandwidth-bound, while prefill needs most of the accelerators.

    The 405 GB of FP8 weights need at least ceil(405 / 72) = 6 H100 of 72 usable GB,
    so a replica is 8 or more.

    >>> r = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=8000,
    ...           output_tokens=1000, precision="fp8")
    >>> r.decode_bound, r.batch_limited_by, r.bound, r.replica_size >= 8
    ('memory bandwidth', 'memory capacity', 'compute', True)
    """
    run = get_run(model) if model is not None else None
    needed = {
        "--tokens-per-day": tokens_per_day,
        "--prompt-tokens": prompt_tokens,
        "--output-tokens": output_tokens,
    }
    missing = [f for f, v in needed.items() if v is None]
    if missing:
        msg = f"missing {', '.join(missing)} (the service's load and request shape)"
        raise InputError(msg, field=missing[0])
    tokens_per_day = float(cast(float, tokens_per_day))
    prompt_tokens = float(cast(float, prompt_tokens))
    output_tokens = float(cast(float, output_tokens))
    if precision not in PRECISIONS:
        msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--precision")
    if run is not None:
        if params is None and active_params is None:
            active_params = run.active_params
        params = params if params is not None else run.params
    if params is None:
        raise InputError("give --params (or --model NAME)", field="--params")
    active_params = params if active_params is None else active_params
    check_positive(params, "--params")
    check_positive(active_params, "--active-params")
    if active_params > params:
        msg = f"--active-params {active_params:g} exceeds --params {params:g}"
        raise InputError(msg, field="--active-params")
    check_positive(tokens_per_day, "--tokens-per-day")
    check_positive(prompt_tokens, "--prompt-tokens", allow_zero=True)
    check_positive(output_tokens, "--output-tokens")
    check_positive(bytes_per_param, "--bytes-per-param")

    acc = resolve_accelerator(accelerator, accelerators_file)
    try:
        peak = acc.peak_flop_per_s(precision)
    except InputError as exc:
        raise InputError(str(exc.problems[0].message), field="--precision") from None
    mem_gb = acc.require("memory_gb", "add it in an --accelerators file")
    bw_gb = acc.require("memory_bw_gb_per_s", "add it in an --accelerators file")

    b_value = BYTES_PER_VALUE[precision]
    b_param = b_value if bytes_per_param is None else float(bytes_per_param)
    kv_tok = _kv_per_token(
        run.kv_values_per_token if run is not None else None,
        kv_bytes_per_token,
        n_layers,
        n_kv_heads,
        head_dim,
        b_value,
        run.name if run is not None else None,
    )
    tau_ms = pick(latency_ms_per_token, "latency_ms_per_token")
    check_positive(tau_ms, "--latency-ms")
    fill_mfu = pick(prefill_mfu, "prefill_mfu")
    dec_mfu = pick(decode_mfu, "decode_mfu")
    u = pick(mbu, "decode_mbu")
    frac = pick(memory_fraction, "memory_usable_fraction")
    for value, flag in (
        (fill_mfu, "--prefill-mfu"),
        (dec_mfu, "--decode-mfu"),
        (u, "--mbu"),
        (frac, "--memory-fraction"),
    ):
        check_positive(value, flag, at_most=1.0)

    weights = float(params) * b_param
    mem_acc = float(mem_gb) * BYTES_PER_GB * frac
    bw = float(bw_gb) * BYTES_PER_GB
    tau = tau_ms / MS_PER_S
    ctx_max = prompt_tokens + output_tokens
    ctx_avg = prompt_tokens + output_tokens / 2.0
    kv_seq_max, kv_seq_avg = kv_tok * ctx_max, kv_tok * ctx_avg

    per_request = prompt_tokens + output_tokens
    requests_per_s = tokens_per_day / per_request / SECONDS_PER_DAY
    output_rate = requests_per_s * output_tokens
    prompt_rate = requests_per_s * prompt_tokens
    prefill_acc = prompt_rate * float(prefill_flop_per_token(active_params)) / (peak * fill_mfu)

    g_min = max(1, math.ceil(weights / mem_acc))
    if g_min >= MAX_REPLICA_SIZE:
        msg = (
            f"the weights ({weights / BYTES_PER_GB:,.4g} GB) need more than {MAX_REPLICA_SIZE} "
            f"{acc.name} per replica"
        )
        raise InputError(msg, field="--params")
    # Replica sizes are powers of two (tensor-parallel degrees divide the head count).
    g = 2.0 ** np.arange(math.ceil(math.log2(g_min)), math.log2(MAX_REPLICA_SIZE) + 1)
    b_mem = np.asarray(max_batch_size(g * mem_acc, weights, kv_seq_max))
    b_lat_mem = np.floor((tau * g * bw * u - weights) / kv_seq_avg)
    b_lat_comp = np.floor(tau * g * peak * dec_mfu / (FORWARD_FLOP_PER_PARAM * active_params))
    batch = np.minimum(np.minimum(b_mem, b_lat_mem), b_lat_comp)
    ok = batch >= 1
    if not (b_mem >= 1).any():
        msg = (
            f"one sequence of {ctx_max:,.4g} tokens needs {kv_seq_max / BYTES_PER_GB:,.4g} GB "
            f"of KV cache, which does not fit beside the weights even on {MAX_REPLICA_SIZE} "
            f"{acc.name}; shorten --prompt-tokens or --output-tokens"
        )
        raise InputError(msg, field="--prompt-tokens")
    if not ok.any():
        msg = (
            f"a {tau_ms:g} ms per-token latency is out of reach on {acc.name} even with "
            f"{MAX_REPLICA_SIZE} per replica; raise --latency-ms"
        )
        raise InputError(msg, field="--latency-ms")
    t_mem, t_comp = decode_step_times_s(
        np.where(ok, batch, 1.0), weights, kv_seq_avg, active_params, g, peak, bw, dec_mfu, u
    )
    t_step = np.maximum(t_mem, t_comp)
    decode_acc = g * output_rate * t_step / np.where(ok, batch, 1.0)
    total = g * np.ceil((decode_acc + prefill_acc) / g)
    total = np.where(ok, total, np.inf)
    i = int(np.argmin(total))

    g_i, b_i = int(g[i]), int(batch[i])
    limits = {
        "memory capacity": b_mem[i],
        "latency target": min(b_lat_mem[i], b_lat_comp[i]),
    }
    limited_by = min(limits, key=lambda k: limits[k])
    mem_bound = bool(np.asarray(t_mem)[i] >= np.asarray(t_comp)[i])
    decode_bound = "memory bandwidth" if mem_bound else "compute"
    d_acc = float(decode_acc[i])
    bound = decode_bound if d_acc >= prefill_acc else "compute"
    n_acc = int(total[i])

    p_sys = system_power(acc, power_w)
    pue_v = pick(pue, "pue")
    check_positive(pue_v, "--pue", at_least=1.0)
    power = float(facility_power_mw(n_acc, p_sys, pue_v))
    e_day = float(energy_mwh(n_acc, p_sys, 1.0, pue_v))
    rate = pick(usd_per_accelerator_hour, "usd_per_accelerator_hour")
    check_positive(rate, "--usd-per-hour", allow_zero=True)
    cost_day = n_acc * HOURS_PER_DAY * rate
    millions = tokens_per_day / TOKENS_PER_MILLION

    notes: list[str] = []
    life = pick(lifetime_years, "lifetime_years")
    check_positive(life, "--lifetime-years")
    kwh = pick(usd_per_kwh, "usd_per_kwh")
    check_positive(kwh, "--usd-per-kwh", allow_zero=True)
    check_positive(price_usd, "--price-usd")
    price = price_usd if price_usd is not None else acc.price_usd
    if price is None:
        notes.append(f"{acc.name} has no price in the catalog; pass --price-usd for ownership cost")
        owned_day = float("nan")
    else:
        owned_day = n_acc * float(price) / (life * DAYS_PER_YEAR) + e_day * KWH_PER_MWH * kwh

    return InferenceResult(
        model=run.name if run is not None else None,
        accelerator=acc.name,
        precision=precision,
        tokens_per_day=float(tokens_per_day),
        prompt_tokens=float(prompt_tokens),
        output_tokens=float(output_tokens),
        latency_ms_per_token=float(tau_ms),
        weight_bytes=weights,
        kv_bytes_per_token=kv_tok,
        replica_size=g_i,
        batch_size=b_i,
        batch_limited_by=limited_by,
        decode_step_ms=float(t_step[i]) * MS_PER_S,
        decode_bound=decode_bound,
        bound=bound,
        prefill_accelerators=float(prefill_acc),
        decode_accelerators=d_acc,
        accelerators=n_acc,
        replicas=n_acc // g_i,
        system_power_w=p_sys,
        pue=float(pue_v),
        power_mw=power,
        energy_mwh_per_day=e_day,
        usd_per_accelerator_hour=float(rate),
        cost_usd_per_day=float(cost_day),
        cost_usd_per_million_tokens=float(cost_day / millions),
        cost_ownership_usd_per_million_tokens=float(owned_day / millions),
        notes=tuple(notes),
    )
