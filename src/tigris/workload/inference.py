"""Inference services: from tokens per day to prefill and decode fleets.

Serving is disaggregated (DistServe, Zhong et al. 2024; Splitwise, Patel et al. 2024):
a prefill fleet reads the prompts and is sized to a mean time-to-first-token target at
the arrival rate; a decode fleet writes the answers and is sized to a time-per-output-
token target. Prefill costs ``2 N_active`` FLOPs per uncached prompt token plus
attention over the context; a prefix-cache hit skips the cached part. A decode step
reads every weight and each sequence's KV cache (growing with the context), does
``2 N_active`` plus attention FLOPs per sequence, and for MoE models moves every token
to its experts and back over the interconnect (all-to-all).

The pure, vectorised roofline functions live in :mod:`tigris.workload.roofline`, the
fleet sizing in :mod:`tigris.workload.serving`, the model shapes and interconnect table
in :mod:`tigris.workload.inference_data`. :func:`infer` resolves and checks the inputs
(``_resolve_service``), sizes both fleets, costs them
(:func:`tigris.workload.serving_costs.running_costs`) and assembles the result
(``_result``).
"""

from __future__ import annotations

import dataclasses
import math
import statistics
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import numpy.typing as npt

from tigris.catalog import PRECISIONS, Accelerator, product_name_note
from tigris.errors import InputError
from tigris.units import BYTES_PER_GB, MS_PER_S, SECONDS_PER_DAY
from tigris.workload._common import (
    check_positive,
    count_text,
    h100_equivalents,
    overflow_is_input_error,
    pick,
    python_api,
    resolve_accelerator,
    workload_default,
)
from tigris.workload.inference_data import (
    US_PER_S,
    all_to_all_latency_table,
    context_window,
    efficiency_parts,
    get_inference_model,
    interconnect_gb_per_s,
    scale_out,
)
from tigris.workload.queueing import MDC_MAX_SERVERS, PREFILL_QUEUES
from tigris.workload.roofline import (
    BYTES_PER_VALUE,
    DECODE_ATTENTION_KERNELS,
    KV_SHARDINGS,
    decode_kv_read_bytes_per_token,
    decode_step_times_s,
    kv_cache_bytes_per_token,
    max_batch_size,
    prefill_flop_per_token,
)
from tigris.workload.runs import get_run
from tigris.workload.serving import (
    MAX_REPLICA_SIZE,
    DecodeFleet,
    PrefillFleet,
    Service,
    size_decode,
    size_prefill,
)
from tigris.workload.serving_costs import Costs, running_costs

#: Percent in one (the TTFT percentile is given in percent, as MLPerf's ``99``).
PERCENT = 100.0

__all__ = [
    "BYTES_PER_VALUE",
    "MAX_REPLICA_SIZE",
    "InferenceResult",
    "decode_step_times_s",
    "infer",
    "kv_cache_bytes_per_token",
    "max_batch_size",
    "prefill_flop_per_token",
    "tensor_parallel_degrees",
]

ArrayLike = npt.ArrayLike

#: Tokens in the "per million tokens" price unit.
TOKENS_PER_MILLION = 1e6
#: Vendors quote scale-up links as the total of both directions; an all-to-all sends
#: over one direction while receiving over the other.
LINK_DIRECTIONS = 2.0
#: Tensor-parallel all-reduces carry 16-bit activations even when weights are FP8
#: (tigris assumption: TensorRT-LLM and vLLM reduce in the activation type, FP16/BF16).
ALL_REDUCE_PRECISION = "bf16"
#: The MoE combine sends the experts' outputs back in 16 bits even when dispatch sends
#: FP8 (DeepSeek-AI 2024, arXiv 2412.19437, Sec. 3.3.2: FP8 for the dispatch, BF16 for
#: the combine; DeepEP docs/legacy.md: "FP8 dispatching and BF16 combining").
COMBINE_PRECISION = "bf16"


@dataclass(frozen=True)
class InferenceResult:
    """Prefill and decode fleets, power and cost of an inference service.

    ``bound`` says what limits the service: the decode step's bound (``"memory
    bandwidth"``, ``"compute"`` or ``"interconnect"``) when the decode fleet is the
    larger, else the prefill step's (``"compute"``, ``"memory bandwidth"`` when reading
    its weights and cached KV takes longer, or ``"interconnect"`` when its all-to-all
    and all-reduce take longer than both), which is ``prefill_bound``. ``accelerators`` is
    ``prefill_accelerators + decode_accelerators``, both whole replicas.
    ``latency_ms_per_token`` equals ``tpot_ms`` (its older name). ``all_reduce_ms`` is
    the tensor-parallel all-reduce time inside ``decode_step_ms``.
    ``kv_read_bytes_per_token`` is what a decode step reads per token of context with
    the ``decode_attention`` kernel (``kv_bytes_per_token`` unless ``per-head``);
    ``kv_precision`` that of the KV cache and attention core, ``micro_batches`` how many
    overlapping micro-batches a step is split into. ``prefill_ms`` is a prompt's share
    of its replica's time (``prefill_step_ms`` x fresh tokens / ``prefill_step_tokens``);
    ``node_size`` the accelerators per scale-up domain and ``scale_out_gb_per_s`` the
    NIC bandwidth per accelerator (one direction) between domains. ``params`` are the
    parameters held in memory and ``active_params`` those used per token (equal for a
    dense model); ``model_source`` and ``model_as_of`` are the named model's row's, and
    ``overrides`` the flags that replaced its own sizes. ``ttft_ms`` is a target on the
    ``ttft_percentile`` (99: MLPerf's server-scenario TTFT limits are 99th
    percentiles) of the time to first token, queueing included, whose value at the
    sized load is ``ttft_percentile_ms``; ``ttft_expected_ms`` is the mean.
    ``prefill_queue`` is how prompts reach the prefill replicas (``shared``: one queue,
    the first free replica; ``per-replica``: spread at random, a queue each), and
    ``prefill_queues`` how many queues the fleet is sized as (1 shared, more above
    :data:`~tigris.workload.queueing.MDC_MAX_SERVERS` replicas; one a replica).
    ``kv_sharding`` is how a dense replica splits its KV cache (``heads`` or ``batch``),
    and ``prefill_kv_copies``/``decode_kv_copies`` the copies of each KV head a replica
    holds and reads (:meth:`~tigris.workload.serving.Service.kv_copies`; 1 unless a
    replica has more accelerators than KV heads): a decode step reads
    ``max(kv_read_bytes_per_token, kv_bytes_per_token x decode_kv_copies)`` a token of
    context on the replica.
    ``h100e`` is the fleet in H100-equivalents (dense BF16 peak, as the plan counts
    products); ``kv_bytes_per_request`` the KV cache of one request at its full context
    (``kv_bytes_per_token x (prompt + output)``); ``prefill_tokens_per_s_per_accelerator``
    the fresh prompt tokens a prefill accelerator computes a second while stepping
    (step tokens / step time / replica size), ``decode_tokens_per_s_per_accelerator`` the
    output tokens a decode accelerator gives a second at its batch (batch / step time /
    replica size), and ``tokens_per_s_per_accelerator`` the service's tokens (prompt and
    output) a second over the whole fleet at the load given. ``decode_in_flight`` is the
    sequences a decode replica holds at the load given (Little's law at the full batch's
    step, an upper bound on the mean), at most ``batch_size``.
    """

    model: str | None
    accelerator: str
    precision: str
    tokens_per_day: float
    prompt_tokens: float
    output_tokens: float
    latency_ms_per_token: float
    tpot_ms: float
    ttft_ms: float
    prefix_cache_hit: float
    weight_bytes: float
    kv_bytes_per_token: float
    attention_flop_per_token: float
    interconnect_gb_per_s: float
    replica_size: int
    batch_size: int
    batch_limited_by: str
    decode_step_ms: float
    all_to_all_ms: float
    decode_bound: str
    bound: str
    prefill_replica_size: int
    prefill_replicas: int
    prefill_ms: float
    ttft_expected_ms: float
    prefill_accelerators: int
    decode_replicas: int
    decode_accelerators: int
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
    all_reduce_ms: float = 0.0
    decode_attention: str = "grouped"
    kv_read_bytes_per_token: float = 0.0
    kv_precision: str = ""
    micro_batches: int = 1
    prefill_step_ms: float = 0.0
    prefill_step_tokens: float = 0.0
    prefill_all_to_all_ms: float = 0.0
    prefill_bound: str = ""
    node_size: float = math.inf
    scale_out_gb_per_s: float = math.nan
    it_overhead: float = 1.0
    load_factor: float = 1.0
    rental_basis: str = "given"
    params: float = math.nan
    active_params: float = math.nan
    model_source: str = ""
    model_as_of: str = ""
    overrides: tuple[str, ...] = ()
    ttft_percentile: float = 0.0
    ttft_percentile_ms: float = math.nan
    h100e: float = math.nan
    kv_bytes_per_request: float = math.nan
    prefill_tokens_per_s_per_accelerator: float = math.nan
    decode_tokens_per_s_per_accelerator: float = math.nan
    tokens_per_s_per_accelerator: float = math.nan
    decode_in_flight: float = math.nan
    kv_sharding: str = "heads"
    prefill_queue: str = "shared"
    prefill_queues: int = 1
    prefill_kv_copies: float = 1.0
    decode_kv_copies: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain Python values.

        Returns
        -------
        dict
            Field name to value (notes as a list); units in the names.
        """
        d = dataclasses.asdict(self)
        d["notes"] = list(self.notes)
        d["overrides"] = list(self.overrides)
        return d


def _kv_per_token(
    model_kv_values: float | None,
    kv_bytes_per_token: float | None,
    n_layers: float | None,
    n_kv_heads: float | None,
    head_dim: float | None,
    bytes_per_value: float,
    run_name: str | None = None,
    model_layers: float | None = None,
) -> float:
    """KV-cache bytes a token [bytes]: given, from ``--layers``, ``--kv-heads`` and
    ``--head-dim`` (:func:`kv_cache_bytes_per_token`), else the named model's values a
    token; a model's ``--layers`` (``n_layers``, against its ``model_layers``) scales
    them, every layer caching as many values (``2 x layers x KV heads x head dim``,
    Pope et al. 2022, arXiv 2211.05102, Sec. 2.2; user test 2026-12-05 chain #3: 200
    layers kept an 80-layer cache)."""
    scaled = n_layers is not None and model_layers and n_kv_heads is None and head_dim is None
    if scaled and model_kv_values is not None and kv_bytes_per_token is None:
        model_kv_values = model_kv_values * float(n_layers) / float(model_layers)  # type: ignore[arg-type]
        n_layers = None  # used: the model's per-layer cache at the new depth
    arch = {"--layers": n_layers, "--kv-heads": n_kv_heads, "--head-dim": head_dim}
    given = [f for f, v in arch.items() if v is not None]
    if kv_bytes_per_token is not None:
        if n_kv_heads is not None or head_dim is not None:
            msg = f"give --kv-bytes-per-token or {', '.join(given)}, not both"
            raise InputError(msg, field="--kv-bytes-per-token")
        check_positive(kv_bytes_per_token, "--kv-bytes-per-token")
        return float(kv_bytes_per_token)
    if n_kv_heads is not None or head_dim is not None:
        first = given[0]  # the first flag the user gave
        if n_layers is None and model_layers:
            n_layers = model_layers  # the named model's depth
            given = [*given, "--layers"]
        if len(given) < len(arch):
            missing = ", ".join(f for f in arch if f not in given)
            whose = (
                f" ({run_name}'s table gives its KV values a token, not its heads and head size)"
                if run_name is not None
                else ""
            )
            msg = (
                f"the KV cache needs --layers, --kv-heads and --head-dim; missing {missing}{whose}"
            )
            raise InputError(msg, field=first)
        return float(kv_cache_bytes_per_token(n_layers, n_kv_heads, head_dim, bytes_per_value))  # type: ignore[arg-type]
    if model_kv_values is not None:
        return float(model_kv_values * bytes_per_value)
    if given:
        msg = (
            "the KV cache needs --layers, --kv-heads and --head-dim; missing --kv-heads, --head-dim"
        )
        raise InputError(msg, field="--kv-heads")
    if run_name is not None:
        msg = (
            f"the runs table has no KV-cache shape for {run_name}; "
            "give --kv-bytes-per-token, or --layers, --kv-heads and --head-dim"
        )
    else:
        msg = "give --kv-bytes-per-token, or --layers, --kv-heads and --head-dim, or --model NAME"
    raise InputError(msg, field="--kv-bytes-per-token")


@dataclass(frozen=True)
class _Shape:
    """What is known of the model: sizes and architecture (``None`` if unknown)."""

    name: str | None
    params: float | None
    active_params: float | None
    kv_values: float | None
    n_layers: float | None
    attn_dim: float | None
    decode_attn_dim: float | None
    d_model: float | None
    moe_layers: float | None
    experts_per_token: float | None
    expert_params: float | None = None
    routed_experts: float | None = None
    source: str = ""
    as_of: str = ""
    #: whose estimate the architecture is (``inference_models.csv``); "" if published
    estimate: str = ""


def _model_shape(model: str | None) -> _Shape:
    """The serving shape of a named model: ``inference_models.csv``, else the runs table."""
    if model is None:
        return _Shape(None, None, None, None, None, None, None, None, None, None)
    m = get_inference_model(model)
    if m is not None:
        return _Shape(
            m.name,
            m.params,
            m.active_params,
            m.kv_values_per_token,
            m.n_layers,
            m.attn_dim,
            m.decode_attn_dim,
            m.d_model,
            m.moe_layers,
            m.experts_per_token,
            m.expert_params,
            m.routed_experts,
            m.source,
            m.as_of,
            m.estimate,
        )
    try:
        run = get_run(model)
    except InputError:
        from tigris.errors import unknown_name
        from tigris.workload.inference_data import inference_model_names
        from tigris.workload.runs import list_run_names

        names = sorted(set(inference_model_names() + list_run_names()))
        raise unknown_name("model", model, names, field="--model") from None
    return _Shape(
        run.name,
        run.params,
        run.active_params,
        run.kv_values_per_token,
        run.n_layers,
        run.d_model,  # the runs table's d_model is the attention width (heads x head dim)
        None,
        None,
        None,
        None,
        source=run.source,
        as_of=run.as_of,
    )


def _request_shape(
    tokens_per_day: float | None, prompt_tokens: float | None, output_tokens: float | None
) -> tuple[float, float, float]:
    """The load and request shape, all three required [tokens/day], [tokens], [tokens]."""
    needed = {
        "--tokens-per-day": tokens_per_day,
        "--prompt-tokens": prompt_tokens,
        "--output-tokens": output_tokens,
    }
    missing = [f for f, v in needed.items() if v is None]
    if missing:
        msg = f"missing {', '.join(missing)} (the service's load and request shape)"
        raise InputError(msg, field=missing[0])
    tokens = float(cast(float, tokens_per_day))
    prompt = float(cast(float, prompt_tokens))
    output = float(cast(float, output_tokens))
    check_positive(tokens, "--tokens-per-day")
    check_positive(prompt, "--prompt-tokens", allow_zero=True)
    check_positive(output, "--output-tokens")
    return tokens, prompt, output


def _model_size(
    shape: _Shape, params: float | None, active_params: float | None
) -> tuple[float, float]:
    """Total and active parameters: given, else the model's; active defaults to total [-].

    A new total (``--params``) of a mixture-of-experts model keeps the model's
    parameters used per token, which its experts per token set (user test 2026-12-05
    chain #1: DeepSeek-V3 at ``--params 7e11`` was served dense, 379x the fleet); a
    total below them is refused.
    """
    if shape.name is not None:
        moe = shape.active_params is not None and shape.params is not None
        moe = moe and float(shape.active_params) < float(shape.params)  # type: ignore[arg-type]
        if active_params is None and (params is None or moe):
            active_params = shape.active_params
            if params is not None and active_params is not None and params < active_params:
                msg = (
                    f"{params:g} is below {shape.name}'s {active_params:g} parameters used "
                    "per token (a mixture of experts, whose per-token parameters a new "
                    "total keeps); give --active-params too"
                )
                raise InputError(msg, field="--params")
        params = params if params is not None else shape.params
    if params is None:
        raise InputError("give --params (or --model NAME)", field="--params")
    active_params = params if active_params is None else active_params
    check_positive(params, "--params")
    check_positive(active_params, "--active-params")
    if active_params > params:
        msg = f"--active-params {active_params:g} exceeds --params {params:g}"
        raise InputError(msg, field="--active-params")
    return params, active_params


def _hardware(
    accelerator: str | Accelerator | None, accelerators_file: str | Path | None, precision: str
) -> tuple[Accelerator, float, float, float]:
    """The part, its dense peak [FLOP/s], memory [GB] and bandwidth [GB/s]."""
    acc = resolve_accelerator(accelerator, accelerators_file)
    try:
        peak = acc.peak_flop_per_s(precision)
    except InputError as exc:
        raise InputError(str(exc.problems[0].message), field="--precision") from None
    mem_gb = acc.require("memory_gb", "add it in an --accelerators file")
    bw_gb = acc.require("memory_bw_gb_per_s", "add it in an --accelerators file")
    return acc, peak, float(mem_gb), float(bw_gb)


def _targets(
    tpot_ms: float | None, latency_ms_per_token: float | None, ttft_ms: float | None
) -> tuple[float, float]:
    """Time-per-output-token and mean time-to-first-token targets [ms]."""
    if tpot_ms is not None and latency_ms_per_token is not None and tpot_ms != latency_ms_per_token:
        msg = f"--latency-ms is an alias of --tpot-ms; got {latency_ms_per_token:g} and {tpot_ms:g}"
        raise InputError(msg, field="--latency-ms")
    flag = "--tpot-ms" if tpot_ms is not None else "--latency-ms"
    tau = pick(tpot_ms if tpot_ms is not None else latency_ms_per_token, "latency_ms_per_token")
    check_positive(tau, flag)
    first = pick(ttft_ms, "ttft_ms")
    check_positive(first, "--ttft-ms")
    return float(tau), float(first)


#: The prefill MFU default by precision: every FP8 measurement in
#: inference_efficiency.csv lies below every 16-bit one, so each has its own median.
PREFILL_MFU_DEFAULT = {"bf16": "prefill_mfu", "fp8": "prefill_mfu_fp8"}


def fp8_prefill_carry(acc: Accelerator) -> float:
    """Factor carrying the FP8 prefill MFU default to ``acc`` [-].

    The default (``prefill_mfu_fp8``, 0.371) is measured against the FP8 peak of parts
    whose FP8 peak is ``r_0 = 2`` times their BF16 peak (H100), where FP8 prefill runs
    ``s = 0.371 r_0 / 0.630 = 1.18`` times as fast as BF16 (the 16-bit default,
    ``prefill_mfu``). On a part whose FP8 peak is ``r`` times its BF16 peak, FP8 runs
    ``min(s, r)`` times as fast as BF16 there: the measured gain, but never more than its
    peak allows (a Gaudi 3, TPU v5p or TPU v6e, ``r = 1``, prefills as fast in FP8 as in
    BF16). As an MFU against the part's FP8 peak::

        MFU_fp8 = prefill_mfu * min(s, r) / r,   factor = MFU_fp8 / prefill_mfu_fp8

    which is 1 at ``r = r_0``. User test 2026-12-06 #1: FP8 prefill on a Gaudi 3 took 1.7
    times BF16's time (0.371 of a peak that FP8 does not raise); the review of s52: not
    faster than BF16 either. 1.0 when ``acc`` or a row's part lacks either peak.

    Parameters
    ----------
    acc : Accelerator
        The part costed.

    Returns
    -------
    float
        The factor [-]; 1.0 on a part with the measured parts' FP8/BF16 peak ratio.

    References
    ----------
    Chowdhery et al. 2022, arXiv 2204.02311, App. B (MFU over the peak at the precision
    run); the defaults' measurements, ``data/inference_efficiency.csv`` (TensorRT-LLM
    v0.5 first-token latencies, A100 FP16 and H100 FP8).

    Examples
    --------
    >>> from tigris.catalog import get_accelerator
    >>> fp8_prefill_carry(get_accelerator("h100-sxm"))
    1.0
    >>> round(fp8_prefill_carry(get_accelerator("gaudi3")) * 0.371, 3)  # BF16's 0.63
    0.63
    """
    from tigris.catalog import get_accelerator

    def ratio(part: Accelerator) -> float | None:
        fp8 = getattr(part, "peak_fp8_flop_per_s", None)
        bf16 = getattr(part, "peak_bf16_flop_per_s", None)
        return float(fp8) / float(bf16) if fp8 and bf16 else None

    own = ratio(acc)
    rows = [ratio(get_accelerator(name)) for name in efficiency_parts("prefill_mfu", "fp8")]
    if own is None or not rows or any(r is None for r in rows):
        return 1.0
    basis = float(statistics.median(cast(list[float], rows)))
    if math.isclose(basis, own, rel_tol=1e-3):
        return 1.0
    fp8_mfu, bf16_mfu = (float(pick(None, PREFILL_MFU_DEFAULT[p])) for p in ("fp8", "bf16"))
    speedup = fp8_mfu * basis / bf16_mfu  # FP8 over BF16 where measured
    return bf16_mfu * min(speedup, own) / own / fp8_mfu


def _utilisations(
    prefill_mfu: float | None,
    decode_mfu: float | None,
    mbu: float | None,
    memory_fraction: float | None,
    prefix_cache_hit: float | None,
    precision: str = "bf16",
    carry: float = 1.0,
) -> tuple[float, float, float, float, float]:
    """Prefill MFU, decode MFU, MBU, usable memory fraction and prefix hit rate [-].

    The default prefill MFU is multiplied by ``carry`` (:func:`fp8_prefill_carry` for an
    FP8 one; a given ``--prefill-mfu`` is used as given).
    """
    fill_mfu = pick(prefill_mfu, PREFILL_MFU_DEFAULT[precision])
    if prefill_mfu is None and carry != 1.0:
        fill_mfu = min(1.0, float(fill_mfu) * carry)
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
    hit = pick(prefix_cache_hit, "prefix_cache_hit")
    check_positive(hit, "--prefix-cache-hit", allow_zero=True, at_most=1.0)
    return fill_mfu, dec_mfu, u, frac, float(hit)


def _whole(value: int | None, flag: str) -> int | None:
    """A positive whole number, or ``None`` when not given."""
    check_positive(value, flag, whole=True)
    return None if value is None else int(value)


#: How to give a part's scale-up bandwidth.
_GIVE_LINK = "give --interconnect-gb-per-s (scale-up bandwidth per accelerator, both directions)"


def _no_link(acc: Accelerator) -> str:
    """What a part without a scale-up bandwidth lacks: a catalog part its table row, a
    user's part also a figure in its file and a ``based_on`` part with one."""
    from tigris.workload.mfu import _user_defined

    if not _user_defined(acc):
        return f"{acc.name} has no row in data/inference_interconnect.csv"
    return (
        f"{acc.name} has no scale-up interconnect bandwidth (no interconnect_gb_per_s in "
        "its file, not based_on a part that has one)"
    )


def _network_row(acc: Accelerator, lookup: Callable[[str], Any]) -> tuple[Any, str | None]:
    """The part's row of a per-part network table, else the row of the shipped part it
    is ``based_on`` (copied as its catalog fields are), and whose row it is."""
    own = lookup(acc.name)
    if own is not None:
        return own, acc.name
    base = acc.based_on
    if base is None:
        return None, None
    row = lookup(base)
    return row, (base if row is not None else None)


def _scale_up_gb(acc: Accelerator, interconnect: float | None) -> float | None:
    """Scale-up bandwidth per accelerator, both directions [GB/s]: ``--interconnect-gb-
    per-s``, else the part's own (``Accelerator.interconnect_gb_per_s``: its
    ``inference_interconnect.csv`` row, its file's figure, or its ``based_on`` part's),
    else its table row or its ``based_on`` part's; ``None`` when none is known.

    References
    ----------
    Each ``inference_interconnect.csv`` row's ``source`` (vendor datasheets).
    """
    check_positive(interconnect, "--interconnect-gb-per-s")
    if interconnect is not None:
        return float(interconnect)
    own = acc.interconnect_gb_per_s
    if own is not None:
        return float(own)
    return _network_row(acc, interconnect_gb_per_s)[0]


def _copied_network_note(acc: Accelerator, kw: dict[str, Any]) -> str:
    """Say which network figures a ``based_on`` part copied from its base's rows."""
    base = acc.based_on
    if base is None or base == acc.name:
        return ""
    parts = []
    link = acc.interconnect_gb_per_s
    base_link = interconnect_gb_per_s(base)
    if (
        kw["interconnect_gb_per_s"] is None
        and interconnect_gb_per_s(acc.name) is None
        and base_link is not None
        and link in (None, base_link)
    ):
        parts.append(f"scale-up {base_link:,.4g} GB/s both directions (inference_interconnect.csv)")
    row, whose = _network_row(acc, scale_out)
    if whose == base and kw["node_size"] is None and kw["scale_out_gb_per_s"] is None:
        parts.append(
            f"nodes of {row[0]:,.4g} with {row[1]:,.4g} GB/s a NIC one way "
            "(inference_scale_out.csv)"
        )
    if not parts:
        return ""
    return (
        f"{acc.name}'s network is {base}'s, copied with based_on as its catalog fields "
        f"are: {' and '.join(parts)}; give interconnect_gb_per_s in its file (or "
        "--interconnect-gb-per-s, --node-size, --scale-out-gb-per-s) if its own differs"
    )


def _moe(
    shape: _Shape,
    acc: Accelerator,
    *,
    moe_layers: float | None,
    experts_per_token: float | None,
    d_model: float | None,
    interconnect: float | None,
    efficiency: float | None,
) -> tuple[float, float, float, float, float, list[str]]:
    """MoE layers, experts per token, hidden size, link bytes/s (one direction) and
    all-to-all efficiency; zeros when the model is dense or its routing unknown."""
    layers = moe_layers if moe_layers is not None else shape.moe_layers
    k = experts_per_token if experts_per_token is not None else shape.experts_per_token
    d = d_model if d_model is not None else shape.d_model
    check_positive(moe_layers, "--moe-layers", whole=True)
    check_positive(experts_per_token, "--experts-per-token", whole=True)
    check_positive(d_model, "--d-model")
    check_positive(interconnect, "--interconnect-gb-per-s")
    eff = pick(efficiency, "all_to_all_efficiency")
    check_positive(eff, "--all-to-all-efficiency", at_most=1.0)
    if layers is None or k is None:
        return 0.0, 0.0, 0.0, math.inf, float(eff), []
    if d is None:
        raise InputError("MoE all-to-all needs the hidden size; give --d-model", field="--d-model")
    if interconnect is None:
        msg = (
            f"{_no_link(acc)}, so an expert-parallel replica's all-to-all cannot be "
            f"costed; {_GIVE_LINK}"
        )
        raise InputError(msg, field="--interconnect-gb-per-s")
    link = float(interconnect) * BYTES_PER_GB / LINK_DIRECTIONS
    return float(layers), float(k), float(d), link, float(eff), []


def _scale_out_link(
    acc: Accelerator,
    node_size: int | None,
    scale_out_gb_per_s: float | None,
    efficiency: float | None,
) -> tuple[float, float, float]:
    """Accelerators per scale-up domain, NIC bytes/s per accelerator (one direction) and
    the fraction of it an all-to-all reaches; an unbounded domain when the part is not
    in ``inference_scale_out.csv`` and no domain size is given."""
    check_positive(node_size, "--node-size", whole=True)
    check_positive(scale_out_gb_per_s, "--scale-out-gb-per-s")
    eff = pick(efficiency, "scale_out_all_to_all_efficiency")
    check_positive(eff, "--scale-out-efficiency", at_most=1.0)
    row = _network_row(acc, scale_out)[0]
    node = float(node_size) if node_size is not None else (row[0] if row else math.inf)
    gb = scale_out_gb_per_s if scale_out_gb_per_s is not None else (row[1] if row else None)
    if gb is None:
        if math.isfinite(node):
            msg = (
                f"the scale-out table has no {acc.name}; give --scale-out-gb-per-s "
                "(NIC bandwidth per accelerator between nodes, one direction)"
            )
            raise InputError(msg, field="--scale-out-gb-per-s")
        return node, math.inf, float(eff)
    return node, float(gb) * BYTES_PER_GB, float(eff)


def _tensor_parallel(
    shape: _Shape,
    acc: Accelerator,
    layers: float | None,
    *,
    d_model: float | None,
    attn_dim: float | None,
    interconnect: float | None,
    efficiency: float | None,
    latency_us: float | None,
) -> tuple[float, float, float, float, float, list[str]]:
    """Layers, hidden size, link bytes/s (one direction), bus efficiency and latency [s]
    of a dense replica's tensor-parallel all-reduces; zero layers when not countable.
    Without a hidden size it is 0: the all-reduces' fixed latency is counted, their
    bandwidth term is not (a lower bound, said in a note).

    The hidden size is ``d_model`` (given, else the model's), else the attention width
    ``attn_dim`` (given or the model's): equal in most dense transformers (Vaswani et
    al. 2017, Sec. 3.2.2: ``h d_k = d_model``)."""
    eff = pick(efficiency, "all_reduce_efficiency")
    check_positive(eff, "--all-reduce-efficiency", at_most=1.0)
    lat = pick(latency_us, "all_reduce_latency_us")
    check_positive(lat, "--all-reduce-latency-us", allow_zero=True)
    d = d_model if d_model is not None else (shape.d_model or attn_dim)
    if interconnect is None:  # UT-CHIP 2026-12-04 #3: was free at any replica size
        note = (
            f"{_no_link(acc)}, so each replica is one accelerator (no tensor-parallel "
            f"communication to cost); {_GIVE_LINK} to let a replica span "
            "several"
        )
        return 0.0, 0.0, math.inf, float(eff), 0.0, [note]
    if layers is None:
        missing = ["--layers"] + (["--d-model (or --attn-dim)"] if d is None else [])
        note = f"tensor-parallel all-reduces not counted: give {' and '.join(missing)}"
        return 0.0, 0.0, math.inf, float(eff), 0.0, [note]
    link = float(interconnect) * BYTES_PER_GB / LINK_DIRECTIONS
    notes = []
    if d is None:
        # user test s50 #2: the fixed time of the 2 L all-reduces needs only the layers
        # (a 405B at 126 layers: 252 x 14.6 us = 3.68 ms a step); without the hidden
        # size only their bandwidth term is missing, so the step is a lower bound
        notes.append(
            "tensor-parallel all-reduces counted by their fixed latency only (2 a layer, "
            "plus network hops across nodes): without --d-model (or --attn-dim) the "
            "bytes they move are not, so a replica's step time is a lower bound"
        )
    return float(layers), float(d or 0.0), link, float(eff), float(lat) / US_PER_S, notes


def tensor_parallel_degrees(n_heads: float | None, n_kv_heads: float | None) -> list[int]:
    """Tensor-parallel degrees that split a layer's attention heads evenly.

    Megatron tensor parallelism gives each accelerator whole query heads, so the degree
    ``g`` divides the query heads; key/value heads (grouped-query attention) are split
    when ``g`` divides them and replicated when they divide ``g``. Unknown heads
    constrain nothing (``[]``).

    Parameters
    ----------
    n_heads, n_kv_heads : float or None
        Query heads and key/value heads per layer [-].

    Returns
    -------
    list of int
        The valid degrees, ascending [-]; ``[]`` when ``n_heads`` is unknown.

    References
    ----------
    Shoeybi et al. 2019, "Megatron-LM", arXiv 1909.08053, Sec. 3 (attention heads split
    across GPUs, no communication inside a head); vLLM ``QKVParallelLinear``
    (vllm/model_executor/layers/linear.py: KV heads replicated when the TP size is at
    least their number, which it must then be a multiple of).

    Examples
    --------
    Llama 3.1 70B, 64 query heads and 8 key/value heads (Llama Team 2024, Table 3):

    >>> tensor_parallel_degrees(64, 8)
    [1, 2, 4, 8, 16, 32, 64]
    >>> tensor_parallel_degrees(None, 8)
    []
    """
    if n_heads is None:
        return []
    q = int(n_heads)
    kv = int(n_kv_heads) if n_kv_heads is not None else None
    return [g for g in range(1, q + 1) if q % g == 0 and (kv is None or kv % g == 0 or g % kv == 0)]


def _replica_size_note(shape: _Shape, kw: dict[str, Any], moe_layers: float) -> list[str]:
    """A note when a dense replica's ``--replica-size`` does not split its heads evenly
    (user test s50 #7: 3 for Llama 3.1 70B's 64 query and 8 key/value heads, "1.5 nodes
    of 8", was accepted without a word). A note, not a refusal: 2D weight-stationary
    layouts split other dimensions too and run other sizes (Pope et al. 2022, PaLM 540B's
    48 heads on 64 TPU v4, a validation case). An expert-parallel (MoE) replica runs its
    attention data-parallel, so its heads do not constrain it."""
    g = kw["replica_size"]
    if g is None or moe_layers > 0.0 or g > MAX_REPLICA_SIZE:  # the bound says why
        return []
    q, kv = _heads(shape, kw)
    if q is None:
        return []
    valid = tensor_parallel_degrees(q, kv)
    if int(g) in valid:
        return []
    heads = f"{q:g} query heads" + (f" and {kv:g} key/value heads" if kv is not None else "")
    return [
        f"--replica-size {int(g)} does not split each layer's {heads} evenly, as "
        f"Megatron-style tensor parallelism needs (degrees {', '.join(map(str, valid))}); "
        "the sizing assumes an even split (a 2D layout, Pope et al. 2022, can run other "
        "sizes)"
    ]


def _heads(shape: _Shape, kw: dict[str, Any]) -> tuple[float | None, float | None]:
    """A dense model's query and key/value heads per layer: from ``--attn-dim /
    --head-dim`` and ``--kv-heads`` where given, else the model's row; query heads None
    when unknown or not whole."""
    row = get_inference_model(shape.name) if shape.name else None
    attn = kw["attn_dim"] if kw["attn_dim"] is not None else shape.attn_dim
    if kw["head_dim"] is not None and attn is not None:
        # a given head size splits the attention width into that many heads (review of
        # s50 #2: --head-dim 64 on Llama 3.1 70B's 8,192 is 128 heads, not the row's 64)
        q = float(attn) / float(kw["head_dim"])
    else:
        q = row.n_heads if row is not None and kw["attn_dim"] is None else None
    kv = kw["n_kv_heads"] if kw["n_kv_heads"] is not None else (row.n_kv_heads if row else None)
    if q is None or not float(q).is_integer():
        return None, kv
    return float(q), kv


def _searched_degrees(shape: _Shape, kw: dict[str, Any], moe_layers: float) -> tuple[int, ...]:
    """The tensor-parallel degrees a searched dense replica is held to in a note
    (:func:`_searched_size_note`): empty with ``--replica-size`` (its own note), for an
    MoE replica or when the heads are unknown."""
    if kw["replica_size"] is not None or moe_layers > 0.0:
        return ()
    q, kv = _heads(shape, kw)
    return () if q is None else tuple(tensor_parallel_degrees(q, kv))


def _searched_size_note(valid: tuple[int, ...], sizes: dict[str, int]) -> tuple[str, ...]:
    """A note when a replica size ``infer`` chose itself (no ``--replica-size``) is not
    a tensor-parallel degree of the model's heads (``valid``, empty: no check; an
    ML-systems review of 2026-12-07: Llama 3.1 70B's 64 query heads on a prefill
    replica of 512, 1/8 of a head each, said nothing). A note, not a limit on the
    search: limiting it would move the validated serving cases (docs/workload.md)."""
    if not valid:
        return ()
    q = max(valid)
    said = []
    for what, g in sizes.items():
        if int(g) not in valid:
            said.append(
                f"{what} replica of {g}: not a tensor-parallel degree of the model's "
                f"{q} query heads (degrees {', '.join(map(str, valid))}); the sizing "
                "assumes an even split, which needs another layout (context or pipeline "
                "parallelism) not modelled; give --replica-size to hold it to one of them"
            )
    return tuple(said)


def _prefill_queue(queue: str) -> str:
    """The prefill queue (:data:`~tigris.workload.queueing.PREFILL_QUEUES`), checked."""
    if queue not in PREFILL_QUEUES:
        msg = f"unknown prefill queue '{queue}'; expected one of {', '.join(PREFILL_QUEUES)}"
        raise InputError(msg, field="--prefill-queue")
    return queue


def _kv_heads(shape: _Shape, kw: dict[str, Any], moe_layers: float) -> float:
    """The KV heads a dense tensor-parallel replica splits its KV cache over
    (``--kv-heads``, else the model's row): beyond them each head is copied
    (:meth:`tigris.workload.serving.Service.kv_copies`); ``inf`` for an expert-parallel
    replica (data-parallel attention), a cache split by sequence (``--kv-sharding
    batch``) or when the heads are unknown."""
    sharding = kw.get("kv_sharding", "heads")
    if sharding not in KV_SHARDINGS:
        msg = f"unknown KV sharding '{sharding}'; expected one of {', '.join(KV_SHARDINGS)}"
        raise InputError(msg, field="--kv-sharding")
    if moe_layers > 0.0 or sharding == "batch":
        return math.inf
    kv = kw["n_kv_heads"]
    if kv is None and shape.name:
        row = get_inference_model(shape.name)
        kv = row.n_kv_heads if row is not None else None
    return float(kv) if kv is not None and float(kv) > 0 else math.inf


def _replicated_bytes(
    shape: _Shape, expert_params: float | None, n_total: float, b_param: float, moe: bool
) -> float:
    """Bytes each accelerator of an expert-parallel replica keeps whole: all but the
    routed experts (attention, shared experts, dense layers, embeddings run
    data-parallel); zero for a dense replica or when the expert share is unknown.

    A new total (``--params``) of a model whose expert share is known keeps what is not
    experts and gives the rest to the experts, as larger MoE models grow (user test
    2026-12-05 chain #1: 29B more parameters were all kept whole on every accelerator,
    which left room for a batch of 4); ``--expert-params`` sets it instead.
    """
    check_positive(expert_params, "--expert-params")
    experts = expert_params if expert_params is not None else shape.expert_params
    if experts is None or not moe:
        return 0.0
    if expert_params is None and shape.params is not None and n_total != shape.params:
        shared = float(shape.params) - float(experts)
        if n_total <= shared:
            msg = (
                f"{n_total:g} leaves no room for experts beside {shape.name}'s {shared:g} "
                "parameters outside them; give --expert-params too"
            )
            raise InputError(msg, field="--params")
        experts = n_total - shared
    if experts > n_total:
        msg = f"--expert-params {experts:g} exceeds --params {n_total:g}"
        raise InputError(msg, field="--expert-params")
    return (n_total - float(experts)) * b_param


def _routed_experts(
    shape: _Shape, given: float | None, per_token: float, expert_bytes: float
) -> tuple[float, float]:
    """Routed experts per MoE layer (given, else the model's; 0 unknown) and the routed
    experts' weight bytes [-], [bytes]; at least the experts each token uses."""
    check_positive(given, "--routed-experts", whole=True)
    e = given if given is not None else shape.routed_experts
    if e is None:
        return 0.0, 0.0
    if per_token > 0 and float(e) < per_token:
        msg = f"expected at least the {per_token:g} experts each token uses, got {e:g}"
        raise InputError(msg, field="--routed-experts")
    return float(e), max(expert_bytes, 0.0)


def _routed_active(
    kw: dict[str, Any],
    total: float,
    active: float,
    experts: float,
    routed: float,
    k: float,
    own: dict[str, Any] | None = None,
) -> tuple[float, str]:
    """Parameters used per token of an MoE whose routing is known, and a note [-].

    Each token uses everything outside the routed experts and ``k`` of the ``E`` routed
    experts: ``N_active = (N - N_exp) + N_exp k / E`` (Mixtral 8x7B: 1.6B + 45.1B x 2/8 =
    12.9B, its published figure; DeepSeek-V3: 17.1B + 653.9B x 8/256 = 37.5B against 37B).
    With ``--routed-experts`` or ``--experts-per-token`` given and ``--active-params``
    not, the count follows the routing given (user test 2026-12-06 #3: top-2 of 2 experts
    kept Mixtral's 12.9B); with ``--active-params`` given too, it is used as given and a
    note gives the routing's count when the two differ. A flag equal to the model's own
    value (``own``, by keyword) replaces nothing: the published count stands (review of
    s52: ``--routed-experts 256`` moved DeepSeek-V3's 37B to 37.52B).

    References
    ----------
    Jiang et al. 2024, "Mixtral of Experts" (arXiv 2401.04088) Sec. 2.1 (13B active of
    47B); DeepSeek-AI 2024, DeepSeek-V3 Technical Report, Sec. 4.2.
    """
    derived = (total - experts) + experts * k / routed
    flags = (("--routed-experts", "routed_experts"), ("--experts-per-token", "experts_per_token"))
    mine = own or {}
    routing = [
        flag
        for flag, key in flags
        if kw.get(key) is not None and (mine.get(key) is None or float(kw[key]) != float(mine[key]))
    ]
    if not routing:
        return active, ""
    if kw.get("active_params") is None:
        note = (
            f"parameters used per token {derived:.4g} from the routing given "
            f"({' and '.join(routing)}): {total - experts:.4g} outside the routed experts + "
            f"{experts:.4g} x {k:g}/{routed:g}"
        )
        return derived, note if not math.isclose(derived, active, rel_tol=1e-9) else ""
    if math.isclose(derived, active, rel_tol=1e-3):
        return active, ""
    note = (
        f"--active-params {active:.4g} is used as given; the routing given "
        f"({' and '.join(routing)}) uses {derived:.4g} per token ({total - experts:.4g} "
        f"outside the routed experts + {experts:.4g} x {k:g}/{routed:g})"
    )
    return active, note


#: Options that act only on a mixture-of-experts replica (its experts' weights and
#: reads, its all-to-all): refused on a dense one, where they would change nothing.
_MOE_ONLY_OPTIONS = (
    ("routed_experts", "--routed-experts"),
    ("expert_params", "--expert-params"),
    ("all_to_all_efficiency", "--all-to-all-efficiency"),
    ("all_to_all_latency_us", "--all-to-all-latency-us"),
)


def _moe_options_apply(
    kw: dict[str, Any], name: str | None, moe_layers: float, replicated: float
) -> None:
    """Refuse an option where it cannot change the answer. A replica without MoE layers
    (a dense model, or an MoE whose ``--moe-layers``/``--experts-per-token`` pair is
    incomplete) has no experts and no all-to-all (:data:`_MOE_ONLY_OPTIONS`); an MoE
    replica without the experts' weights (``--expert-params``) has no expert bytes
    whose read share ``--routed-experts`` would set."""
    if moe_layers <= 0.0:
        half = [f for k, f in (("moe_layers", "--moe-layers"), ("experts_per_token",
                "--experts-per-token")) if kw.get(k) is not None]  # fmt: skip
        if len(half) == 1:
            other = "--experts-per-token" if half[0] == "--moe-layers" else "--moe-layers"
            msg = f"an MoE replica needs both MoE layers and experts per token: give {other}"
            raise InputError(msg, field=half[0])
        model = name or "the model"
        for key, flag in _MOE_ONLY_OPTIONS:
            if kw.get(key) is not None:
                msg = (
                    f"applies only to a mixture-of-experts model; {model} is dense here (no "
                    "MoE layers): drop it, or give --moe-layers, --experts-per-token and "
                    "--d-model"
                )
                raise InputError(msg, field=flag)
        return
    if kw.get("routed_experts") is not None and replicated <= 0.0:
        msg = (
            "applies only when the routed experts' parameters are known (it sets the "
            "share of them a decode step reads): give --expert-params too"
        )
        raise InputError(msg, field="--routed-experts")


def _all_to_all_latency(
    latency_us: float | None, moe_layers: float
) -> tuple[tuple[tuple[float, float], ...], tuple[tuple[float, float], ...]]:
    """The all-to-all latency floor by expert-parallel degree, across InfiniBand and
    inside one NVLink domain: the given dispatch plus combine time of one MoE layer at
    every degree and in any domain, else the measurements of
    ``inference_all_to_all_latency.csv`` (DeepEP's pure-RDMA kernels, pplx-kernels'
    NVLink ones); empty for a dense model [-], [s]."""
    check_positive(latency_us, "--all-to-all-latency-us", allow_zero=True)
    if moe_layers <= 0:
        return (), ()
    if latency_us is not None:
        return ((1.0, float(latency_us) / US_PER_S),), ()
    return all_to_all_latency_table("rdma"), all_to_all_latency_table("nvlink")


def _kv_read(
    kernel: str, kv_tok: float, layers: float | None, attn: float | None, b_value: float
) -> float:
    """KV bytes a decode step reads per context token with ``kernel`` [bytes]."""
    if kernel not in DECODE_ATTENTION_KERNELS:
        msg = (
            f"unknown decode attention kernel '{kernel}'; expected one of "
            f"{', '.join(DECODE_ATTENTION_KERNELS)}"
        )
        raise InputError(msg, field="--decode-attention")
    if kernel == "grouped":
        return kv_tok
    if layers is None or attn is None:
        msg = "a per-head decode attention kernel needs --layers and --attn-dim"
        raise InputError(msg, field="--decode-attention")
    reread = pick(None, "per_head_kv_reread")
    return float(decode_kv_read_bytes_per_token(kv_tok, layers, attn, b_value, kernel, reread))


@dataclass(frozen=True)
class _Resolved:
    """A resolved service and what the result reports beside it."""

    svc: Service
    model: str | None
    precision: str
    interconnect_gb_per_s: float
    notes: tuple[str, ...]
    decode_attention: str = "grouped"
    kv_precision: str = ""
    scale_out_gb_per_s: float = math.nan
    params: float = math.nan
    source: str = ""
    as_of: str = ""
    overrides: tuple[str, ...] = ()
    tp_degrees: tuple[int, ...] = ()


#: Flags that replace a named model's shape, with its :class:`_Shape` field.
_SHAPE_FLAGS = {
    "--layers": "n_layers",
    "--attn-dim": "attn_dim",
    "--d-model": "d_model",
    "--moe-layers": "moe_layers",
    "--experts-per-token": "experts_per_token",
    "--expert-params": "expert_params",
    "--routed-experts": "routed_experts",
}


def _size_overrides(
    shape: _Shape,
    params: float | None,
    active_params: float | None,
    shape_flags: dict[str, Any] | None = None,
) -> tuple[tuple[str, ...], str]:
    """Flags that replace the named model's own sizes or shape, and a note saying so
    (D14; user test 2026-12-05 chain #3: ``--layers`` on a named model changed its
    answer with no word).

    Parameters
    ----------
    shape : _Shape
        The named model's.
    params, active_params : float or None
        ``--params``, ``--active-params``.
    shape_flags : dict, optional
        Other flag to the user's value (``None`` if not given), for the shape fields
        of :data:`_SHAPE_FLAGS`.
    """
    if shape.name is None:
        return (), ""
    given = {
        "--params": (params, shape.params),
        "--active-params": (active_params, shape.active_params),
    }
    for flag, field in _SHAPE_FLAGS.items():
        value, own = (shape_flags or {}).get(flag), getattr(shape, field)
        if value is not None and (own is None or float(value) != float(own)):
            given[flag] = (value, own)  # a model's own value given again replaces nothing
    flags = tuple(f for f, (v, _) in given.items() if v is not None)
    if not flags:
        return (), ""
    parts = ", ".join(
        f"{f} replaces {shape.name}'s {'none' if old is None else format(old, 'g')}"
        for f, (v, old) in given.items()
        if v is not None
    )
    moe = shape.active_params is not None and shape.params is not None
    if moe and params is not None and active_params is None and shape.active_params < shape.params:  # type: ignore[operator]
        parts += (
            f"; its {shape.active_params:g} parameters used per token (a mixture of experts) "
            "are kept: give --active-params to change them"
        )
        if shape.expert_params is not None:
            parts += (
                f"; its {shape.params - shape.expert_params:g} parameters outside the "  # type: ignore[operator]
                "experts too, the experts taking the rest (--expert-params to change)"
            )
    what = "sizes" if set(flags) <= {"--params", "--active-params"} else "sizes and shape"
    return flags, f"{parts}: the {what} are no longer the model's own"


def _kv_overrides(
    shape: _Shape, given: dict[str, Any], kv_tok: float, bytes_per_value: float
) -> tuple[tuple[str, ...], str]:
    """The KV-cache flags that replace a named model's own cache a token, and a note.

    ``--kv-bytes-per-token``, or ``--kv-heads`` and ``--head-dim``, on a model whose
    table gives its KV values a token replaced them with no word: no "replaced" in the
    title, ``overrides: []`` in ``--json``, unlike ``--layers`` (user test s48 #7).
    A cache equal to the model's own (``2 x layers x KV heads x head dim`` values at
    the KV precision's bytes, Pope et al. 2022, Sec. 2.2) replaces nothing.

    Parameters
    ----------
    shape : _Shape
        The named model's (its ``kv_values`` a token; ``None`` for none).
    given : dict
        KV flag to the user's value (``None`` when not given).
    kv_tok : float
        The KV-cache bytes a token used [bytes].
    bytes_per_value : float
        Bytes of one cached value at the KV precision [bytes].

    Returns
    -------
    tuple of (tuple of str, str)
        The replacing flags and a note ("" when none).
    """
    flags = tuple(f for f, v in given.items() if v is not None)
    if shape.name is None or shape.kv_values is None or not flags:
        return (), ""
    own = float(shape.kv_values) * bytes_per_value
    if kv_tok == own:
        return (), ""
    return flags, (
        f"{', '.join(flags)} {'replaces' if len(flags) == 1 else 'replace'} "
        f"{shape.name}'s KV cache of {own:,.0f} bytes a token ({shape.kv_values:,.0f} "
        f"values x {bytes_per_value:g} bytes) with {kv_tok:,.0f}: the shape is no longer "
        "the model's own"
    )


def _mean_load_note(tokens_per_day: float, prompt: float, output: float) -> str:
    """Say that the fleet is sized for the day's mean rate (user test D11)."""
    per_s = tokens_per_day / SECONDS_PER_DAY
    requests = per_s / (prompt + output)
    return (
        f"the fleet is sized for the mean load, {tokens_per_day:,.4g} tokens a day spread "
        f"evenly over 24 h ({per_s:,.4g} tokens/s, {requests:,.4g} requests/s); a service "
        "with a daily peak needs more: give the peak rate x 86,400 s as --tokens-per-day "
        "(docs/workload.md, 'Inference', 'Mean load, not the peak': a worked example "
        "from users to tokens per day)"
    )


def _resolve_service(model: str | None, **kw: Any) -> _Resolved:
    """Resolve and check every sizing input of :func:`infer` (same keyword names)."""
    shape = _model_shape(model)
    tokens, prompt, output = _request_shape(
        kw["tokens_per_day"], kw["prompt_tokens"], kw["output_tokens"]
    )
    precision = kw["precision"]
    if precision not in PRECISIONS:
        msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--precision")
    n_total, n_active = _model_size(shape, kw["params"], kw["active_params"])
    overrides, override_note = _size_overrides(
        shape,
        kw["params"],
        kw["active_params"],
        {flag: kw[field] for flag, field in _SHAPE_FLAGS.items()},
    )
    check_positive(kw["bytes_per_param"], "--bytes-per-param")
    acc, peak, mem_gb, bw_gb = _hardware(kw["accelerator"], kw["accelerators_file"], precision)
    b_value = BYTES_PER_VALUE[precision]
    b_param = b_value if kw["bytes_per_param"] is None else float(kw["bytes_per_param"])
    kv_prec = precision if kw["kv_precision"] is None else kw["kv_precision"]
    if kv_prec not in PRECISIONS:
        msg = f"unknown KV-cache precision '{kv_prec}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--kv-precision")
    b_kv = BYTES_PER_VALUE[kv_prec]
    try:
        attn_peak = 0.0 if kv_prec == precision else acc.peak_flop_per_s(kv_prec)
    except InputError as exc:  # the flag that asked for that peak (user test chain #8)
        raise InputError(exc.problems[0].message, field="--kv-precision") from None
    micro = _whole(kw["micro_batches"], "--micro-batches") or 1
    kv_tok = _kv_per_token(
        shape.kv_values,
        kw["kv_bytes_per_token"],
        kw["n_layers"],
        kw["n_kv_heads"],
        kw["head_dim"],
        b_kv,
        shape.name,
        shape.n_layers,
    )
    kv_flags, kv_note = _kv_overrides(
        shape,
        {
            "--kv-bytes-per-token": kw["kv_bytes_per_token"],
            "--kv-heads": kw["n_kv_heads"],
            "--head-dim": kw["head_dim"],
        },
        kv_tok,
        b_kv,
    )
    overrides = (*overrides, *kv_flags)
    tau_ms, ttft_ms = _targets(kw["tpot_ms"], kw["latency_ms_per_token"], kw["ttft_ms"])
    carry = fp8_prefill_carry(acc) if kw["prefill_mfu"] is None and precision == "fp8" else 1.0
    fill_mfu, dec_mfu, u, frac, hit = _utilisations(
        kw["prefill_mfu"],
        kw["decode_mfu"],
        kw["mbu"],
        kw["memory_fraction"],
        kw["prefix_cache_hit"],
        precision,
        carry,
    )
    check_positive(kw["attn_dim"], "--attn-dim")
    layers = kw["n_layers"] if kw["n_layers"] is not None else shape.n_layers
    attn = kw["attn_dim"] if kw["attn_dim"] is not None else shape.attn_dim
    notes: list[str] = [
        product_name_note(kw["accelerator"], kw["accelerators_file"]),
        override_note,
        kv_note,
        _mean_load_note(tokens, prompt, output),
    ]
    notes = [n for n in notes if n]
    if carry != 1.0:
        base = float(pick(None, PREFILL_MFU_DEFAULT["fp8"]))
        own = acc.peak_flop_per_s("fp8") / acc.peak_flop_per_s("bf16")
        parts = ", ".join(dict.fromkeys(efficiency_parts("prefill_mfu", "fp8")))
        notes.append(
            f"prefill MFU {fill_mfu:.3g} of {acc.name}'s FP8 peak ({own:.3g}x its BF16): "
            f"the FP8 default {base:g} was measured on {parts}, where FP8 prefill runs "
            "faster than BF16 by less than its peak ratio; carried as that gain, at most "
            f"{acc.name}'s peak ratio (docs/workload.md, 'Inference'); override with "
            "--prefill-mfu"
        )
    if context := _context_note(shape.name, prompt, output):
        notes.append(context)
    if shape.estimate:
        notes.append(
            f"{shape.name}'s architecture (layers, attention width, KV heads) is an "
            f"estimate, not a published configuration: {shape.estimate} "
            "(inference_models.csv; the source line below says which figure is whose)"
        )
    if layers is None or attn is None:
        notes.append("attention FLOPs over the context not counted: give --layers and --attn-dim")
    scale_up = _scale_up_gb(acc, kw["interconnect_gb_per_s"])
    moe_l, moe_k, d_model, link, eff, _ = _moe(
        shape,
        acc,
        moe_layers=kw["moe_layers"],
        experts_per_token=kw["experts_per_token"],
        d_model=kw["d_model"],
        interconnect=scale_up,
        efficiency=kw["all_to_all_efficiency"],
    )
    if layers is not None and moe_l > float(layers):
        # a layer is MoE or not (user test 2026-12-05 chain #4: 120 MoE layers of 94)
        if kw["moe_layers"] is not None:
            whose = f"{shape.name}'s " if kw["n_layers"] is None and shape.name else ""
            msg = (
                f"expected at most {whose}{float(layers):g} layers as MoE layers, "
                f"got {moe_l:g} MoE layers"
            )
            raise InputError(msg, field="--moe-layers")
        msg = (  # the model's own MoE layers, against a --layers below them (review)
            f"{shape.name} has {moe_l:g} MoE layers, more than the {float(layers):g} "
            f"layers given; with --layers {float(layers):g} give --moe-layers at most "
            f"{float(layers):g}"
        )
        raise InputError(msg, field="--layers")
    node, so_link, so_eff = _scale_out_link(
        acc, kw["node_size"], kw["scale_out_gb_per_s"], kw["scale_out_efficiency"]
    )
    if n_active < n_total and moe_l == 0.0:
        # only what neither the flags nor the model give (user test 2026-12-05 chain
        # #12: GPT-4's row has its d_model, and the note asked for it)
        need = [
            flag
            for flag, field in (
                ("--moe-layers", "moe_layers"),
                ("--experts-per-token", "experts_per_token"),
                ("--d-model", "d_model"),
            )
            if kw[field] is None and getattr(shape, field) is None
        ]
        give = (
            f": give {', '.join(need[:-1])} and {need[-1]}"
            if len(need) > 1
            else (f": give {need[0]}" if need else "")
        )
        notes.append(f"MoE all-to-all not counted{give}")
    tp = _tensor_parallel(
        shape,
        acc,
        layers,
        d_model=kw["d_model"],
        attn_dim=attn,
        interconnect=scale_up,
        efficiency=kw["all_reduce_efficiency"],
        latency_us=kw["all_reduce_latency_us"],
    )
    if copied := _copied_network_note(acc, kw):
        notes.append(copied)
    if kw["decode_attention"] == "per-head" and shape.decode_attn_dim and kw["attn_dim"] is None:
        msg = (
            f"{shape.name} caches a latent shared by all heads (MLA), not grouped KV "
            "heads; a per-head decode kernel applies to grouped-query attention"
        )
        raise InputError(msg, field="--decode-attention")
    kv_read = _kv_read(kw["decode_attention"], kv_tok, layers, attn, b_kv)
    if moe_l > 0.0:  # expert-parallel replica: all-to-all, data-parallel attention
        tp = (0.0, 0.0, math.inf, tp[3], 0.0, [])
    notes.extend(tp[5])
    replicated = _replicated_bytes(shape, kw["expert_params"], n_total, b_param, moe_l > 0.0)
    if moe_l > 0.0 and replicated == 0.0:
        notes.append(
            "weights kept whole on every accelerator (data-parallel attention) not counted: "
            "give --expert-params"
        )
    _moe_options_apply(kw, shape.name, moe_l, replicated)
    notes.extend(_replica_size_note(shape, kw, moe_l))
    routed, expert_bytes = _routed_experts(
        shape, kw["routed_experts"], moe_k, float(n_total) * b_param - replicated
    )
    if moe_l > 0.0 and replicated > 0.0 and routed == 0.0:
        notes.append(
            "every routed expert read by each decode step, however small the batch: "
            "give --routed-experts"
        )
    if moe_l > 0.0 and replicated > 0.0 and routed > 0.0:
        experts = float(n_total) - replicated / b_param
        own = {"routed_experts": shape.routed_experts, "experts_per_token": shape.experts_per_token}
        n_active, routing_note = _routed_active(
            kw, float(n_total), float(n_active), experts, routed, moe_k, own
        )
        notes.extend([routing_note] if routing_note else [])
    if moe_l > 0.0 and n_active >= n_total and not (routed > 0.0 and routed <= moe_k):
        # routed to k experts, a token skips the others: every parameter used per token
        # is a dense model, whose all-to-all would be charged for nothing (user test
        # 2026-12-06 #3: --experts-per-token 300 on a 47B model said "dense")
        msg = (
            f"an MoE replica routes each token to {moe_k:g} of its experts, so it uses "
            f"fewer parameters per token than its {n_total:.4g}: give --active-params "
            "below --params (or --routed-experts and --expert-params), or drop "
            "--moe-layers and --experts-per-token for a dense model"
        )
        raise InputError(msg, field="--active-params")
    if moe_l <= 0.0 or replicated <= 0.0:
        expert_bytes = 0.0
    a2a_latency, a2a_nvlink = _all_to_all_latency(kw["all_to_all_latency_us"], moe_l)
    svc = Service(
        acc=acc,
        tokens_per_day=tokens,
        prompt_tokens=prompt,
        output_tokens=output,
        active_params=n_active,
        weight_bytes=float(n_total) * b_param,
        kv_bytes_per_token=kv_tok,
        peak_flop_per_s=peak,
        usable_memory_bytes=mem_gb * BYTES_PER_GB * frac,
        memory_bw_bytes_per_s=bw_gb * BYTES_PER_GB,
        tpot_s=tau_ms / MS_PER_S,
        ttft_s=ttft_ms / MS_PER_S,
        ttft_percentile=float(pick(None, "ttft_percentile")) / PERCENT,
        prefill_mfu=fill_mfu,
        decode_mfu=dec_mfu,
        mbu=u,
        prefix_cache_hit=hit,
        n_layers=float(layers or 0.0),
        attn_dim=float(attn or 0.0),
        decode_attn_dim=float(
            shape.decode_attn_dim if kw["attn_dim"] is None and shape.decode_attn_dim else 0.0
        ),
        moe_layers=moe_l,
        experts_per_token=moe_k,
        d_model=d_model,
        activation_bytes=b_value,
        link_bytes_per_s=link,
        all_to_all_efficiency=eff,
        batch_size=_whole(kw["batch_size"], "--batch-size"),
        replica_size=_whole(kw["replica_size"], "--replica-size"),
        all_to_all_latency=a2a_latency,
        all_to_all_latency_nvlink=a2a_nvlink,
        tp_layers=tp[0],
        tp_d_model=tp[1],
        tp_link_bytes_per_s=tp[2],
        all_reduce_bytes=BYTES_PER_VALUE[ALL_REDUCE_PRECISION],
        all_reduce_efficiency=tp[3],
        all_reduce_latency_s=tp[4],
        all_reduce_net_hop_s=float(pick(None, "all_reduce_net_hop_latency_us")) / US_PER_S,
        kv_read_bytes_per_token=kv_read,
        replicated_weight_bytes=replicated,
        micro_batches=micro,
        attention_peak_flop_per_s=attn_peak,
        node_size=node,
        scale_out_bytes_per_s=so_link,
        scale_out_efficiency=so_eff,
        combine_bytes=max(b_value, BYTES_PER_VALUE[COMBINE_PRECISION]),
        prefill_batch_tokens=_whole(kw["prefill_batch_tokens"], "--prefill-batch-tokens"),
        prefill_step_tokens=float(pick(None, "prefill_step_tokens")),
        routed_experts=routed,
        expert_weight_bytes=expert_bytes,
        max_replica_size=MAX_REPLICA_SIZE if scale_up is not None else 1,
        replica_limit=("" if scale_up is not None else f"{_no_link(acc)}; {_GIVE_LINK}"),
        kv_heads=_kv_heads(shape, kw, moe_l),
        prefill_queue=_prefill_queue(kw.get("prefill_queue", "shared")),
    )
    link = link if math.isfinite(link) else tp[2]
    gb = link * LINK_DIRECTIONS / BYTES_PER_GB if math.isfinite(link) else math.nan
    so_gb = so_link / BYTES_PER_GB if math.isfinite(so_link) else math.nan
    return _Resolved(
        svc,
        shape.name,
        precision,
        gb,
        tuple(notes),
        kw["decode_attention"],
        kv_prec,
        so_gb,
        params=float(n_total),
        source=shape.source,
        as_of=shape.as_of,
        overrides=overrides,
        tp_degrees=_searched_degrees(shape, kw, moe_l),
    )


@python_api
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
    tpot_ms: float | None = None,
    ttft_ms: float | None = None,
    prefix_cache_hit: float | None = None,
    batch_size: int | None = None,
    replica_size: int | None = None,
    kv_bytes_per_token: float | None = None,
    n_layers: float | None = None,
    n_kv_heads: float | None = None,
    head_dim: float | None = None,
    attn_dim: float | None = None,
    moe_layers: float | None = None,
    experts_per_token: float | None = None,
    d_model: float | None = None,
    interconnect_gb_per_s: float | None = None,
    all_to_all_efficiency: float | None = None,
    all_reduce_efficiency: float | None = None,
    all_reduce_latency_us: float | None = None,
    decode_attention: str = "grouped",
    kv_sharding: str = "heads",
    prefill_queue: str = "shared",
    expert_params: float | None = None,
    routed_experts: float | None = None,
    all_to_all_latency_us: float | None = None,
    kv_precision: str | None = None,
    micro_batches: int | None = None,
    prefill_batch_tokens: int | None = None,
    node_size: int | None = None,
    scale_out_gb_per_s: float | None = None,
    scale_out_efficiency: float | None = None,
    prefill_mfu: float | None = None,
    decode_mfu: float | None = None,
    mbu: float | None = None,
    memory_fraction: float | None = None,
    pue: float | None = None,
    it_overhead: float | None = None,
    load_factor: float | None = None,
    usd_per_kwh: float | None = None,
    usd_per_accelerator_hour: float | None = None,
    lifetime_years: float | None = None,
    power_w: float | None = None,
    price_usd: float | None = None,
    accelerators_file: str | Path | None = None,
) -> InferenceResult:
    """Prefill and decode fleets, power, energy and cost to serve ``tokens_per_day``.

    The prefill fleet meets the time to first token ``ttft_ms`` (its 99th percentile)
    at the arrival rate, its replicas sharing one queue (M/D/c) unless
    ``prefill_queue="per-replica"`` (an M/D/1 queue each,
    :func:`tigris.workload.serving.size_prefill`); the
    decode fleet meets the time per output token ``tpot_ms`` with the largest batch
    that fits memory (:func:`tigris.workload.serving.size_decode`). Each fleet is whole
    replicas of accelerators holding all the weights; the replica size is searched
    over powers of two unless given.

    Every numeric keyword takes one number (``int``, ``float`` or a numpy scalar): a
    boolean, a text (``"1e12"``), a numpy array or a pandas Series is an
    :class:`~tigris.errors.InputError` naming the keyword (one service is sized per
    call; loop for several loads). Errors name the keyword (``tokens_per_day``); the
    CLI's name its flag (``--tokens-per-day``).

    Parameters
    ----------
    model : str, optional
        Model in ``inference_models.csv`` or a published run: its params, active
        params, KV size, layers, attention width and MoE routing.
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
        Precision of weights, KV cache, activations sent and the compute peak.
    bytes_per_param : float, optional
        Bytes per weight, overriding the precision's (e.g. 0.5 for int4) [bytes].
    latency_ms_per_token : float, optional
        Older name of ``tpot_ms`` [ms].
    tpot_ms : float, optional
        Target time per output token for one user [ms].
    ttft_ms : float, optional
        Target time to first token, queueing included, met by the ``ttft_percentile``
        row of ``workload_defaults.csv`` (99 %: MLPerf's server TTFT limits are 99th
        percentiles) of requests arriving as a Poisson process (queued as
        ``prefill_queue`` says, :mod:`tigris.workload.queueing`) [ms].
    prefix_cache_hit : float, optional
        Fraction of prompt tokens found in the prefix (KV) cache, in [0, 1] [-].
    batch_size, replica_size : int, optional
        Decode batch per replica and accelerators per replica, else searched [-].
    kv_bytes_per_token : float, optional
        KV-cache bytes per token of context [bytes]; or give the next three.
    n_layers, n_kv_heads, head_dim : float, optional
        Layers, KV heads per layer and head dimension [-].
    attn_dim : float, optional
        Attention width, query heads x head dimension, for attention FLOPs [-].
    moe_layers, experts_per_token, d_model : float, optional
        MoE layers, routed experts per token and hidden size, for the all-to-all [-].
    interconnect_gb_per_s : float, optional
        Scale-up bandwidth per accelerator, both directions, overriding
        ``inference_interconnect.csv`` [GB/s].
    all_to_all_efficiency : float, optional
        Fraction of the link bandwidth an all-to-all reaches [-].
    all_reduce_efficiency, all_reduce_latency_us : float, optional
        Bus bandwidth over link bandwidth of a tensor-parallel ring all-reduce [-] and
        its fixed time [us] (two per layer per forward pass on a dense replica).
    decode_attention : {"grouped", "per-head"}, optional
        How the decode attention kernel reads a grouped-query KV cache: once per KV
        head (``grouped``: TensorRT-LLM's XQA from v0.8, FlashInfer, FlashDecoding;
        the default) or once per query head (``per-head``: TensorRT-LLM's masked
        multi-head attention kernel before v0.8, 2023 software); needs the layers and
        attention width.
    kv_sharding : {"heads", "batch"}, optional
        How a dense replica splits its KV cache (:data:`~tigris.workload.roofline.
        KV_SHARDINGS`): by key/value head (``heads``, tensor parallelism, the default:
        a replica with more accelerators than KV heads holds each head on several, and
        the sizing counts the copies) or by sequence (``batch``: Pope et al. 2022's
        multiquery layout, each accelerator holding its own sequences' cache).
    prefill_queue : {"shared", "per-replica"}, optional
        How prompts reach the prefill replicas (:data:`~tigris.workload.queueing.
        PREFILL_QUEUES`): ``shared`` (the default), one first-come-first-served queue,
        each prompt to the first free replica, as serving routers do (SGLang's router,
        NVIDIA Dynamo, vLLM's production stack): an M/D/c queue (Crommelin 1932); or
        ``per-replica``, spread at random so that each replica is its own M/D/1 queue
        (DistServe's model), which needs many nearly idle replicas when one prompt's
        step is close to ``ttft_ms``.
    expert_params : float, optional
        Parameters in routed experts, all layers (MoE); the rest is kept whole on every
        accelerator of an expert-parallel replica, whose attention runs data-parallel
        (DeepSeek's inference system), and read by each every decode step [-].
    routed_experts : float, optional
        Routed experts per MoE layer (``E``; DeepSeek-V3 256): a decode step of ``B``
        sequences reads the expected ``1 - (1 - k/E)^B`` share of the routed experts'
        weights (:meth:`tigris.workload.serving.Service.expert_read_share`), not all
        of them. Default the model's (``inference_models.csv``); unknown: all read [-].
    all_to_all_latency_us : float, optional
        Fixed time of one MoE layer's dispatch plus combine, the floor of a decode
        step's all-to-all at any batch [us]. Default measured at the replica's
        expert-parallel degree (``inference_all_to_all_latency.csv``, 128 tokens per
        rank): inside one scale-up domain of up to 8, pplx-kernels' NVLink kernels on
        Hopper (185.9 us); else DeepEP's low-latency kernels on H800 across InfiniBand
        (191 us at EP 8, 313 at EP 16, 554 at EP 256); 0 drops the floor.
    kv_precision : {"bf16", "fp8"}, optional
        Precision of the KV cache and of the attention core (QK and PV), when it differs
        from ``precision`` (FP8 weights beside a BF16 KV cache and BF16 MLA, as
        DeepSeek serves); sets the KV bytes per value and the peak the attention FLOPs
        run at. Default ``precision``.
    micro_batches : int, optional
        Micro-batches a forward pass is split into so that the all-to-all and
        all-reduces of one overlap the computation of another (DeepSeek's dual
        micro-batch overlap): ``max(C, M) + min(C, M) / n``. Default 1, no overlap [-].
    prefill_batch_tokens : int, optional
        Tokens each accelerator of a prefill replica processes per step (prompts packed
        or chunked to a token budget), over which the step's fixed costs are shared
        [-]. Default: the fleet takes the cheaper of one prompt per step and steps of
        ``prefill_step_tokens`` (8,192, vLLM's, SGLang's and TensorRT-LLM's default
        budget) per replica.
    node_size : int, optional
        Accelerators per scale-up (NVLink) domain; a larger replica spans domains and
        its all-to-all crosses their NICs. Default from ``inference_scale_out.csv``
        (8 for HGX parts), unbounded for parts not in it [-].
    scale_out_gb_per_s : float, optional
        NIC bandwidth per accelerator between domains, one direction (400 Gb/s = 50)
        [GB/s]; default from ``inference_scale_out.csv``.
    scale_out_efficiency : float, optional
        Fraction of the NIC bandwidth an all-to-all reaches
        (``scale_out_all_to_all_efficiency``, DeepEP on H800) [-].
    prefill_mfu, decode_mfu : float, optional
        Compute utilisation of prefill and of a compute-bound decode step [-]; the
        prefill default is per precision (``prefill_mfu``, ``prefill_mfu_fp8``, the FP8
        one carried to the part by :func:`fp8_prefill_carry`).
    mbu : float, optional
        Memory-bandwidth utilisation of a decode step, and of a prefill step's reads of
        the weights and cached KV [-].
    memory_fraction : float, optional
        Fraction of accelerator memory usable for weights and KV cache [-].
    pue : float, optional
        Power usage effectiveness [-].
    it_overhead : float, optional
        Cluster IT power (servers plus network, storage and management) over server
        power [-], at least 1; default ``it_overhead`` of ``data/energy_parameters.csv``
        (1.08, NVIDIA DGX H100 SuperPOD), as :func:`tigris.workload.train` and the
        plan's power rows use.
    load_factor : float, optional
        Average draw over the rated draw the power is counted at, in (0, 1] [-]; default
        ``load_factor`` of ``data/energy_parameters.csv`` (0.75, Epoch AI's average
        server draw in training), as the plan counts energy; 1 when ``power_w`` is a
        measured average. Power stays at the rated draw; energy is counted at this share.
    usd_per_kwh : float, optional
        Electricity price [USD/kWh].
    usd_per_accelerator_hour : float, optional
        Rental price [USD per accelerator-hour]; default the part's latest rental price
        in ``data/prices.csv`` (series ``rental``), else ``usd_per_accelerator_hour``
        of ``workload_defaults.csv``.
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
    Zhong et al. 2024, "DistServe", OSDI '24; Patel et al. 2024, "Splitwise", ISCA '24;
    Hoffmann et al. 2022, arXiv 2203.15556, App. F (attention FLOPs).

    Examples
    --------
    Llama 3.1 405B in FP8 with 8k-token prompts: the 405 GB of weights need at least
    ceil(405 / 72) = 6 H100 of 72 usable GB, so replicas are 8 or more; on 8 the
    171 GB beside the weights hold 73 sequences of 9,000 tokens of KV (memory caps the
    batch), and a replica of 16 holds each of the model's 8 KV heads twice, so it fits
    no more sequences per accelerator and the fleet keeps 8; prefill needs more
    accelerators than decode. Its replicas share one queue, so one replica of 8 may
    take a 1.5 s step for a prompt within the 2 s target: compute binds the service.
    With a queue per replica each must stay mostly empty, steps must be shorter, and
    replicas of 32 span four 8-GPU nodes whose all-reduces over the scale-out network
    take longer than the step's matrix work: the interconnect binds, on 1,120 prefill
    accelerators against 192 shared.

    >>> r = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=8000,
    ...           output_tokens=1000, precision="fp8")
    >>> r.decode_bound, r.batch_limited_by, r.bound, r.replica_size
    ('memory bandwidth', 'memory capacity', 'compute', 8)
    >>> r.prefill_replica_size, r.prefill_accelerators > r.decode_accelerators
    (8, True)
    >>> r.accelerators == r.prefill_accelerators + r.decode_accelerators
    True
    >>> alone = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=8000,
    ...               output_tokens=1000, precision="fp8", prefill_queue="per-replica")
    >>> alone.bound, alone.prefill_replica_size, alone.prefill_accelerators
    ('interconnect', 32, 1120)
    """
    res = _resolve_service(
        model,
        params=params,
        active_params=active_params,
        tokens_per_day=tokens_per_day,
        prompt_tokens=prompt_tokens,
        output_tokens=output_tokens,
        accelerator=accelerator,
        precision=precision,
        bytes_per_param=bytes_per_param,
        latency_ms_per_token=latency_ms_per_token,
        tpot_ms=tpot_ms,
        ttft_ms=ttft_ms,
        prefix_cache_hit=prefix_cache_hit,
        batch_size=batch_size,
        replica_size=replica_size,
        kv_bytes_per_token=kv_bytes_per_token,
        n_layers=n_layers,
        n_kv_heads=n_kv_heads,
        head_dim=head_dim,
        attn_dim=attn_dim,
        moe_layers=moe_layers,
        experts_per_token=experts_per_token,
        d_model=d_model,
        interconnect_gb_per_s=interconnect_gb_per_s,
        all_to_all_efficiency=all_to_all_efficiency,
        all_reduce_efficiency=all_reduce_efficiency,
        all_reduce_latency_us=all_reduce_latency_us,
        decode_attention=decode_attention,
        kv_sharding=kv_sharding,
        prefill_queue=prefill_queue,
        expert_params=expert_params,
        routed_experts=routed_experts,
        all_to_all_latency_us=all_to_all_latency_us,
        kv_precision=kv_precision,
        micro_batches=micro_batches,
        prefill_batch_tokens=prefill_batch_tokens,
        node_size=node_size,
        scale_out_gb_per_s=scale_out_gb_per_s,
        scale_out_efficiency=scale_out_efficiency,
        prefill_mfu=prefill_mfu,
        decode_mfu=decode_mfu,
        mbu=mbu,
        memory_fraction=memory_fraction,
        accelerators_file=accelerators_file,
    )
    decode = size_decode(res.svc)
    prefill = size_prefill(res.svc)
    cost = running_costs(
        prefill.accelerators + decode.accelerators,
        res.svc.acc,
        power_w=power_w,
        pue=pue,
        it_overhead=it_overhead,
        usd_per_accelerator_hour=usd_per_accelerator_hour,
        lifetime_years=lifetime_years,
        usd_per_kwh=usd_per_kwh,
        price_usd=price_usd,
        load_factor=load_factor,
    )
    result = _result(res, prefill, decode, cost)
    copied = _kv_copies_note(res.svc, prefill.replica_size, decode.replica_size)
    copied += _searched_size_note(
        res.tp_degrees, {"prefill": prefill.replica_size, "decode": decode.replica_size}
    )
    copied += _prefill_queue_notes(res.svc, prefill)
    copied += _scale_out_unused_note(
        res.svc,
        prefill.replica_size,
        decode.replica_size,
        {
            "--node-size": node_size,
            "--scale-out-gb-per-s": scale_out_gb_per_s,
            "--scale-out-efficiency": scale_out_efficiency,
        },
    )
    return dataclasses.replace(
        result,
        notes=result.notes + _idle_note(result) + copied,
        kv_sharding=kv_sharding,
        prefill_queue=prefill.queue,
        prefill_queues=prefill.queues,
        prefill_kv_copies=float(res.svc.kv_copies(float(prefill.replica_size))),
        decode_kv_copies=float(res.svc.kv_copies(float(decode.replica_size))),
    )


#: Prefill utilisation below which the note on per-replica queues is printed [-]: a
#: quarter busy, three quarters of the fleet waiting for the tail of the TTFT target.
#: A display threshold, not a model input.
PREFILL_IDLE_NOTE_BELOW = 0.25


def _prefill_queue_notes(svc: Any, prefill: Any) -> tuple[str, ...]:
    """What the prefill queue model leaves out: a fleet too large for one exactly
    computed shared queue, sized as several (an upper bound), and a per-replica fleet
    mostly idle (:func:`_prefill_idle_note`)."""
    said = list(_prefill_idle_note(svc, prefill))
    if prefill.queue == "per-replica" and svc.prefill_queue == "shared":
        said.append(
            f"prefill fleet of {prefill.replicas:,} replicas sized with each replica its "
            f"own M/D/1 queue: a shared queue is computed exactly up to {MDC_MAX_SERVERS:,} "
            "replicas, and splitting the fleet into shared queues of at most that many "
            "needed no fewer; one queue over all would need at most as many"
        )
    elif prefill.queue == "shared" and prefill.queues > 1:
        per = prefill.replicas // prefill.queues
        said.append(
            f"prefill fleet sized as {prefill.queues} shared queues of {per:,} replicas, "
            f"each with its share of the prompts (a shared queue is computed exactly up to "
            f"{MDC_MAX_SERVERS:,} replicas); one queue over all {prefill.replicas:,} would "
            "meet the target with at most as many"
        )
    return tuple(said)


def _prefill_idle_note(svc: Any, prefill: Any) -> tuple[str, ...]:
    """Say when each prefill replica of a per-replica fleet is mostly idle: every
    replica is its own M/D/1 queue (requests spread at random), so a step close to the
    TTFT target leaves almost no room for a wait and the fleet grows to keep each
    replica nearly empty; a shared queue (M/D/c, the first free replica, the default)
    meets the same target with far fewer (Llama 3.1 70B, 64k-token prompts at 1e10
    tokens a day: 9,408 H100 per replica, 288 shared, as an ML-systems review of
    2026-12-07 simulated; docs/workload.md, the prefill fleet). Not said of a shared
    fleet: its replicas idle only as much as the target needs, nor of a shared fleet
    sized per replica because shared queues needed no fewer (the note of
    :func:`_prefill_queue_notes` says so; advising ``--prefill-queue shared`` there
    would contradict it)."""
    if prefill.queue != "per-replica" or svc.prefill_queue != "per-replica":
        return ()
    rho = svc.requests_per_s * prefill.prefill_s / max(prefill.replicas, 1)
    if not rho < PREFILL_IDLE_NOTE_BELOW:
        return ()
    return (
        f"prefill replicas are each {rho:.1%} busy: the fleet is sized with every replica "
        "its own M/D/1 queue (requests spread at random), so a prefill step near the "
        "time-to-first-token target leaves little room to wait and most of the fleet is "
        "idle; a shared queue sending each prompt to the first free replica "
        "(--prefill-queue shared, M/D/c) meets the same target with far fewer",
    )


def _kv_copies_note(svc: Any, prefill_g: int, decode_g: int) -> tuple[str, ...]:
    """Say where a replica has more accelerators than KV heads, so each head's cache is
    held (and, decoding, read) on several of them (:meth:`Service.kv_copies`; a review
    of 2026-12-07: counted once, a batch twice too large was said to fit)."""
    said = []
    for what, g in (("prefill", prefill_g), ("decode", decode_g)):
        copies = float(svc.kv_copies(float(g)))
        if copies > 1.0:
            said.append(
                f"{what} replica of {g}: more accelerators than the model's "
                f"{svc.kv_heads:g} KV heads, so tensor parallelism holds each head's KV "
                f"cache on {copies:.3g} of them{'' if copies.is_integer() else ' on average'} "
                f"(vLLM's layout); the sizing counts the copies in memory and in each "
                "step's reads (--kv-sharding batch: one copy, split by sequence)"
            )
    return tuple(said)


def _context_note(name: str | None, prompt: float, output: float) -> str:
    """Refuse a prompt longer than the model's context window; note a request whose
    prompt plus output is (UT-ML 2026-12-04 #9: a 10M-token prompt on a 128K model was
    sized without a word). ``inference_context.csv``; nothing for a model without a row."""
    ctx = context_window(name)
    if ctx is None:
        return ""
    if prompt > ctx:
        msg = (
            f"a {prompt:,.0f}-token prompt is longer than {name}'s {ctx:,.0f}-token context "
            "window (inference_context.csv); no request of that length can be served"
        )
        raise InputError(msg, field="--prompt-tokens")
    if prompt + output > ctx:
        return (
            f"--output-tokens: {prompt:,.0f} prompt + {output:,.0f} output tokens exceed "
            f"{name}'s {ctx:,.0f}-token context window (inference_context.csv); the last "
            f"{prompt + output - ctx:,.0f} output tokens are beyond what it was trained on"
        )
    return ""


def _fleet_note(accelerators: int, name: str) -> tuple[str, ...]:
    """Note a fleet larger than the largest AI cluster reported (``infer`` said nothing
    at 3.8 billion H100; ``train`` already notes it: UT-ML 2026-12-04 #9)."""
    top = workload_default("largest_cluster_accelerators")
    if accelerators <= top:
        return ()
    return (
        f"--tokens-per-day: {count_text(accelerators)} {name} is {accelerators / top:,.4g}x the "
        f"largest AI cluster reported ({top:,.0f} GPUs, xAI Colossus, 2025; "
        "workload_defaults.csv)",
    )


def _scale_out_unused_note(
    svc: Service, prefill_g: int, decode_g: int, given: dict[str, Any]
) -> tuple[str, ...]:
    """Say when the scale-out network's flags were given and no replica crosses it: a
    replica within one scale-up domain sends its all-reduces and all-to-alls over that
    domain's links only (:meth:`Service.all_reduce_s`, :meth:`Service.all_to_all_s`), so
    the flags changed nothing (an ML-systems review of 2026-12-07: ``--scale-out-efficiency
    0.1`` on a Llama 3.1 70B service printed the same fleet without a word, where the
    MoE-only flags on a dense model are refused)."""
    flags = [f for f, v in given.items() if v is not None]
    largest = max(prefill_g, decode_g)
    if not flags or largest > svc.node_size:
        return ()
    sizes = f"prefill {prefill_g:,}, decode {decode_g:,} accelerators"
    if not math.isfinite(svc.node_size):  # no row in inference_scale_out.csv
        return (
            f"{', '.join(flags)} changed nothing here: {svc.acc.name} has no scale-out "
            "network in inference_scale_out.csv, so every replica "
            f"({sizes}) is costed as one scale-up domain",
        )
    return (
        f"{', '.join(flags)} changed nothing here: every replica ({sizes}) fits in one "
        f"scale-up domain of {svc.node_size:g}, so no step crosses the scale-out network",
    )


def _cross_node_notes(svc: Service, prefill: PrefillFleet, decode: DecodeFleet) -> tuple[str, ...]:
    """Say when a dense replica's tensor-parallel all-reduces cross the scale-out network
    (UT-ML 2026-12-04 #4), with the bus bandwidth and latency they were costed at."""
    if svc.tp_layers <= 0 or not math.isfinite(svc.tp_link_bytes_per_s):
        return ()
    node = svc.node_size
    spans = [
        (name, g, t)
        for name, g, t in (
            ("decode", decode.replica_size, decode.all_reduce_s),
            ("prefill", prefill.replica_size, prefill.all_reduce_s),
        )
        if g > node
    ]
    if not spans:
        return ()
    su = svc.tp_link_bytes_per_s * svc.all_reduce_efficiency / BYTES_PER_GB
    so = node * svc.scale_out_bytes_per_s * svc.scale_out_efficiency / BYTES_PER_GB
    parts = ", ".join(
        f"{name} replica of {g:,} = {g / node:g} nodes of {node:g} ({t * MS_PER_S:,.3g} ms "
        "of all-reduce a step)"
        for name, g, t in spans
    )
    return (
        f"tensor-parallel all-reduces cross nodes: {parts}; costed as NCCL does across "
        f"nodes, bus bandwidth min(scale-up {su:,.4g}, {node:g} NICs x "
        f"{svc.scale_out_bytes_per_s / BYTES_PER_GB:g} GB/s x "
        f"{svc.scale_out_efficiency:.3g} = {so:,.4g}) GB/s and "
        f"{svc.all_reduce_net_hop_s * US_PER_S:g} us per inter-node tree hop "
        "(--node-size, --scale-out-gb-per-s; docs/workload.md)",
    )


def _per_million(usd_per_day: float, tokens_per_day: float) -> float:
    """Cost per million tokens, ``usd_per_day / (tokens_per_day / 10^6)`` [USD].

    NaN stays NaN (no price: the ownership note asks for one). A volume so small that
    the quotient leaves the float range (``--tokens-per-day 5e-324`` made ``millions``
    0.0 and a ZeroDivisionError traceback; ``1e-302`` gave ``inf``, printed as '–'
    with no word; user test s48 #1) is one error naming the flag, as the overflow
    guard does for other inputs (docs/workload.md).

    Parameters
    ----------
    usd_per_day : float
        The fleet's cost per day [USD/day].
    tokens_per_day : float
        Tokens served per day [tokens/day].

    Returns
    -------
    float
        Cost per million tokens [USD].

    Raises
    ------
    InputError
        The quotient is infinite (field ``--tokens-per-day``).
    """
    usd = float(usd_per_day)
    if usd != usd:
        return math.nan
    millions = tokens_per_day / TOKENS_PER_MILLION
    if millions > 0.0 and math.isfinite(quotient := usd / millions):
        return quotient
    msg = (
        f"{tokens_per_day:g} tokens a day is so small that the cost per "
        "million tokens overflows the float range; check the magnitude and units"
    )
    raise InputError(msg, field="--tokens-per-day")


def _result(
    res: _Resolved, prefill: PrefillFleet, decode: DecodeFleet, cost: Costs
) -> InferenceResult:
    """Assemble the public result from the resolved inputs, both fleets and their costs."""
    svc = res.svc
    tpot_ms = svc.tpot_s * MS_PER_S
    ctx_avg = svc.prompt_tokens + svc.output_tokens / 2.0
    bound = decode.bound if decode.accelerators >= prefill.accelerators else prefill.bound
    return InferenceResult(
        model=res.model,
        accelerator=svc.acc.name,
        precision=res.precision,
        tokens_per_day=svc.tokens_per_day,
        prompt_tokens=svc.prompt_tokens,
        output_tokens=svc.output_tokens,
        latency_ms_per_token=tpot_ms,
        tpot_ms=tpot_ms,
        ttft_ms=svc.ttft_s * MS_PER_S,
        prefix_cache_hit=svc.prefix_cache_hit,
        weight_bytes=svc.weight_bytes,
        kv_bytes_per_token=svc.kv_bytes_per_token,
        attention_flop_per_token=svc.attention_flop(ctx_avg, decode=True),
        interconnect_gb_per_s=res.interconnect_gb_per_s,
        replica_size=decode.replica_size,
        batch_size=decode.batch_size,
        batch_limited_by=decode.batch_limited_by,
        decode_step_ms=decode.step_s * MS_PER_S,
        all_to_all_ms=decode.all_to_all_s * MS_PER_S,
        decode_bound=decode.bound,
        bound=bound,
        prefill_replica_size=prefill.replica_size,
        prefill_replicas=prefill.replicas,
        prefill_ms=prefill.prefill_s * MS_PER_S,
        ttft_expected_ms=prefill.ttft_s * MS_PER_S,
        ttft_percentile=svc.ttft_percentile * PERCENT,
        ttft_percentile_ms=prefill.ttft_percentile_s * MS_PER_S,
        h100e=(prefill.accelerators + decode.accelerators) * h100_equivalents(svc.acc, "bf16"),
        kv_bytes_per_request=svc.kv_bytes_per_token * (svc.prompt_tokens + svc.output_tokens),
        prefill_tokens_per_s_per_accelerator=(
            prefill.step_tokens / (prefill.step_s * prefill.replica_size)
            if prefill.step_s > 0.0
            else math.nan
        ),
        decode_tokens_per_s_per_accelerator=(
            decode.batch_size / (decode.step_s * decode.replica_size)
            if decode.step_s > 0.0
            else math.nan
        ),
        tokens_per_s_per_accelerator=(
            svc.tokens_per_day / SECONDS_PER_DAY / (prefill.accelerators + decode.accelerators)
        ),
        prefill_accelerators=prefill.accelerators,
        decode_replicas=decode.replicas,
        decode_accelerators=decode.accelerators,
        accelerators=prefill.accelerators + decode.accelerators,
        replicas=prefill.replicas + decode.replicas,
        system_power_w=cost.system_power_w,
        pue=cost.pue,
        it_overhead=cost.it_overhead,
        load_factor=cost.load_factor,
        rental_basis=cost.rental_basis,
        power_mw=cost.power_mw,
        energy_mwh_per_day=cost.energy_mwh_per_day,
        usd_per_accelerator_hour=cost.usd_per_accelerator_hour,
        cost_usd_per_day=cost.usd_per_day,
        cost_usd_per_million_tokens=_per_million(cost.usd_per_day, svc.tokens_per_day),
        cost_ownership_usd_per_million_tokens=_per_million(
            cost.ownership_usd_per_day, svc.tokens_per_day
        ),
        notes=res.notes
        + _cross_node_notes(svc, prefill, decode)
        + _fleet_note(prefill.accelerators + decode.accelerators, svc.acc.name)
        + cost.notes,
        all_reduce_ms=decode.all_reduce_s * MS_PER_S,
        decode_attention=res.decode_attention,
        kv_read_bytes_per_token=svc.kv_read_per_token,
        kv_precision=res.kv_precision,
        micro_batches=svc.micro_batches,
        prefill_step_ms=prefill.step_s * MS_PER_S,
        prefill_step_tokens=prefill.step_tokens,
        prefill_all_to_all_ms=prefill.all_to_all_s * MS_PER_S,
        prefill_bound=prefill.bound,
        node_size=svc.node_size,
        scale_out_gb_per_s=res.scale_out_gb_per_s,
        params=res.params,
        active_params=float(svc.active_params),
        model_source=res.source,
        model_as_of=res.as_of,
        overrides=res.overrides,
        decode_in_flight=_in_flight(svc, decode),
    )


def _in_flight(svc: Any, decode: DecodeFleet) -> float:
    """Sequences decoding at once per decode replica at the load given, an upper bound
    [-] (each counted for the full batch's step; a part-filled batch steps faster).

    Little's law, ``L = lambda W``: output tokens arrive at ``requests/s x output
    tokens`` and each stays one step, so ``lambda x output x step`` sequences are in
    flight over the fleet, shared by its replicas. The fleet is that over the batch,
    rounded up to whole replicas (:func:`tigris.workload.serving.size_decode`), so at
    most the batch; one replica of a large batch can run mostly empty (user test s50 #6:
    DeepSeek-V3 at 1e10 tokens a day, 89.03 requests/s x 300 x 50 ms = 1,335 of a
    batch of 11,061).

    References
    ----------
    Little 1961, "A Proof for the Queuing Formula: L = lambda W", Operations Research
    9(3), doi:10.1287/opre.9.3.383.
    """
    if decode.replicas <= 0:
        return math.nan
    return svc.requests_per_s * svc.output_tokens * decode.step_s / decode.replicas


def _idle_note(r: InferenceResult) -> tuple[str, ...]:
    """Say when the load leaves a lone decode replica's batch part empty (s50 #6)."""
    if r.decode_replicas != 1 or not r.decode_in_flight < r.batch_size:
        return ()
    return (
        f"the load keeps at most {r.decode_in_flight:,.4g} sequences decoding at once (Little's "
        f"law: requests/s x {r.output_tokens:g} output tokens x the {r.decode_step_ms:.4g} "
        f"ms step), {r.decode_in_flight / r.batch_size:.1%} of the one decode replica's "
        f"batch of {r.batch_size:,}: the decode throughput row is that full batch's; at "
        "this load the fleet gives the service throughput row",
    )
