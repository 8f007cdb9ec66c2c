"""Inference services: from tokens per day to accelerators with a roofline model.

Prefill (reading the prompt) is compute-bound: about ``2 * N_active`` FLOPs per token.
Decode (one output token per sequence per step) reads every weight and each sequence's
KV cache once per step, so at small batch it is bound by memory bandwidth; a larger
batch shares the weight read until the step becomes compute-bound (the roofline ridge).
The batch is the largest that fits memory and meets the per-token latency target.

The pure, vectorised roofline functions (:func:`kv_cache_bytes_per_token`,
:func:`prefill_flop_per_token`, :func:`decode_step_times_s`, :func:`max_batch_size`)
live in :mod:`tigris.workload.roofline` and are re-exported here. The orchestrator
:func:`infer` runs one small function per job: resolve and check the inputs
(``_resolve_service``), size the fleet (``_size_fleet``: token rates, replica sizes,
batch limits, decode roofline, fewest accelerators), cost it (``_running_costs``) and
assemble the result (``_result``).
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
from tigris.units import BYTES_PER_GB, HOURS_PER_DAY, MS_PER_S, SECONDS_PER_DAY
from tigris.workload._common import (
    check_positive,
    energy_mwh,
    facility_power_mw,
    overflow_is_input_error,
    ownership_cost_usd,
    pick,
    rental_cost_usd,
    resolve_accelerator,
    system_power,
)
from tigris.workload.roofline import (
    BYTES_PER_VALUE,
    FORWARD_FLOP_PER_PARAM,
    decode_step_times_s,
    kv_cache_bytes_per_token,
    max_batch_size,
    prefill_flop_per_token,
)
from tigris.workload.runs import TrainingRun, get_run

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

#: Largest replica (accelerators sharing one copy of the weights) the search tries,
#: a power of two; a search bound, not a model input.
MAX_REPLICA_SIZE = 4096
#: Tokens in the "per million tokens" price unit.
TOKENS_PER_MILLION = 1e6


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
        """Every field as plain Python values.

        Returns
        -------
        dict
            Field name to value (notes as a list); units in the names.
        """
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


@dataclass(frozen=True)
class _Service:
    """One service's inputs, resolved from the run, catalog and defaults, and checked.

    Units as in :func:`infer`; bytes and seconds throughout.
    """

    run_name: str | None
    acc: Accelerator
    precision: str
    tokens_per_day: float
    prompt_tokens: float
    output_tokens: float
    active_params: float
    weight_bytes: float
    kv_bytes_per_token: float
    peak_flop_per_s: float
    usable_memory_bytes: float
    memory_bw_bytes_per_s: float
    latency_ms: float
    prefill_mfu: float
    decode_mfu: float
    mbu: float


@dataclass(frozen=True)
class _Fleet:
    """The chosen replica size, batch and accelerator counts of a service."""

    replica_size: int
    batch_size: int
    batch_limited_by: str
    decode_step_s: float
    decode_bound: str
    bound: str
    prefill_accelerators: float
    decode_accelerators: float
    accelerators: int


@dataclass(frozen=True)
class _Costs:
    """Power, energy and daily cost of a fleet (units in the names)."""

    system_power_w: float
    pue: float
    power_mw: float
    energy_mwh_per_day: float
    usd_per_accelerator_hour: float
    usd_per_day: float
    ownership_usd_per_day: float
    notes: tuple[str, ...]


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
    return (
        float(cast(float, tokens_per_day)),
        float(cast(float, prompt_tokens)),
        float(cast(float, output_tokens)),
    )


def _model_size(
    run: TrainingRun | None, params: float | None, active_params: float | None
) -> tuple[float, float]:
    """Total and active parameters: given, else the run's; active defaults to total [-]."""
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


def _operating_point(
    latency_ms_per_token: float | None,
    prefill_mfu: float | None,
    decode_mfu: float | None,
    mbu: float | None,
    memory_fraction: float | None,
) -> tuple[float, float, float, float, float]:
    """Latency target [ms] and the utilisations [-], given or from the defaults."""
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
    return tau_ms, fill_mfu, dec_mfu, u, frac


def _resolve_service(
    model: str | None,
    *,
    params: float | None,
    active_params: float | None,
    tokens_per_day: float | None,
    prompt_tokens: float | None,
    output_tokens: float | None,
    accelerator: str | Accelerator | None,
    precision: str,
    bytes_per_param: float | None,
    latency_ms_per_token: float | None,
    kv_bytes_per_token: float | None,
    n_layers: float | None,
    n_kv_heads: float | None,
    head_dim: float | None,
    prefill_mfu: float | None,
    decode_mfu: float | None,
    mbu: float | None,
    memory_fraction: float | None,
    accelerators_file: str | Path | None,
) -> _Service:
    """Resolve and check every sizing input of :func:`infer` (same parameters)."""
    run = get_run(model) if model is not None else None
    tokens, prompt, output = _request_shape(tokens_per_day, prompt_tokens, output_tokens)
    if precision not in PRECISIONS:
        msg = f"unknown precision '{precision}'; expected one of {', '.join(PRECISIONS)}"
        raise InputError(msg, field="--precision")
    n_total, n_active = _model_size(run, params, active_params)
    check_positive(tokens, "--tokens-per-day")
    check_positive(prompt, "--prompt-tokens", allow_zero=True)
    check_positive(output, "--output-tokens")
    check_positive(bytes_per_param, "--bytes-per-param")
    acc, peak, mem_gb, bw_gb = _hardware(accelerator, accelerators_file, precision)
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
    tau_ms, fill_mfu, dec_mfu, u, frac = _operating_point(
        latency_ms_per_token, prefill_mfu, decode_mfu, mbu, memory_fraction
    )
    return _Service(
        run_name=run.name if run is not None else None,
        acc=acc,
        precision=precision,
        tokens_per_day=tokens,
        prompt_tokens=prompt,
        output_tokens=output,
        active_params=n_active,
        weight_bytes=float(n_total) * b_param,
        kv_bytes_per_token=kv_tok,
        peak_flop_per_s=peak,
        usable_memory_bytes=mem_gb * BYTES_PER_GB * frac,
        memory_bw_bytes_per_s=bw_gb * BYTES_PER_GB,
        latency_ms=tau_ms,
        prefill_mfu=fill_mfu,
        decode_mfu=dec_mfu,
        mbu=u,
    )


def _token_rates(
    tokens_per_day: float, prompt_tokens: float, output_tokens: float
) -> tuple[float, float]:
    """Prompt and output tokens per second of a steady load [tokens/s].

    Requests arrive at ``tokens_per_day / (prompt + output) / 86,400`` per second, each
    bringing ``prompt`` tokens to prefill and ``output`` tokens to decode.
    """
    requests_per_s = tokens_per_day / (prompt_tokens + output_tokens) / SECONDS_PER_DAY
    return requests_per_s * prompt_tokens, requests_per_s * output_tokens


def _replica_sizes(svc: _Service) -> npt.NDArray[np.float64]:
    """Replica sizes to try: powers of two from the fewest that hold the weights [-].

    Tensor-parallel degrees divide the head count, so replicas are powers of two.
    """
    g_min = max(1, math.ceil(svc.weight_bytes / svc.usable_memory_bytes))
    if g_min >= MAX_REPLICA_SIZE:
        msg = (
            f"the weights ({svc.weight_bytes / BYTES_PER_GB:,.4g} GB) need more than "
            f"{MAX_REPLICA_SIZE} {svc.acc.name} per replica"
        )
        raise InputError(msg, field="--params")
    return 2.0 ** np.arange(math.ceil(math.log2(g_min)), math.log2(MAX_REPLICA_SIZE) + 1)


def _batch_limits(
    svc: _Service, g: npt.NDArray[np.float64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Largest decode batch per replica size that fits memory, and that meets latency [-].

    Memory: full-length sequences' KV cache beside the weights (:func:`max_batch_size`).
    Latency: the roofline step (:func:`decode_step_times_s`) at the average context
    must stay within the target, on both its memory and its compute side.
    """
    tau = svc.latency_ms / MS_PER_S
    ctx_max = svc.prompt_tokens + svc.output_tokens
    ctx_avg = svc.prompt_tokens + svc.output_tokens / 2.0
    b_mem = np.asarray(
        max_batch_size(
            g * svc.usable_memory_bytes, svc.weight_bytes, svc.kv_bytes_per_token * ctx_max
        )
    )
    b_lat_mem = np.floor(
        (tau * g * svc.memory_bw_bytes_per_s * svc.mbu - svc.weight_bytes)
        / (svc.kv_bytes_per_token * ctx_avg)
    )
    b_lat_comp = np.floor(
        tau
        * g
        * svc.peak_flop_per_s
        * svc.decode_mfu
        / (FORWARD_FLOP_PER_PARAM * svc.active_params)
    )
    if not (b_mem >= 1).any():
        msg = (
            f"one sequence of {ctx_max:,.4g} tokens needs "
            f"{svc.kv_bytes_per_token * ctx_max / BYTES_PER_GB:,.4g} GB of KV cache, which "
            f"does not fit beside the weights even on {MAX_REPLICA_SIZE} {svc.acc.name}; "
            "shorten --prompt-tokens or --output-tokens"
        )
        raise InputError(msg, field="--prompt-tokens")
    return b_mem, np.minimum(b_lat_mem, b_lat_comp)


def _size_fleet(svc: _Service) -> _Fleet:
    """Replica size, batch and accelerators that serve the load with the fewest parts.

    Prefill needs ``prompt_rate * 2 N_active / (peak * MFU)`` accelerators; decode
    ``g * output_rate * t_step / B`` for replica size ``g`` and batch ``B``; the total is
    rounded up to whole replicas and minimised over ``g`` (Pope et al. 2022).
    """
    prompt_rate, output_rate = _token_rates(
        svc.tokens_per_day, svc.prompt_tokens, svc.output_tokens
    )
    prefill_acc = (
        prompt_rate
        * float(prefill_flop_per_token(svc.active_params))
        / (svc.peak_flop_per_s * svc.prefill_mfu)
    )
    g = _replica_sizes(svc)
    b_mem, b_lat = _batch_limits(svc, g)
    batch = np.minimum(b_mem, b_lat)
    ok = batch >= 1
    if not ok.any():
        msg = (
            f"a {svc.latency_ms:g} ms per-token latency is out of reach on {svc.acc.name} "
            f"even with {MAX_REPLICA_SIZE} per replica; raise --latency-ms"
        )
        raise InputError(msg, field="--latency-ms")
    ctx_avg = svc.prompt_tokens + svc.output_tokens / 2.0
    t_mem, t_comp = decode_step_times_s(
        np.where(ok, batch, 1.0),
        svc.weight_bytes,
        svc.kv_bytes_per_token * ctx_avg,
        svc.active_params,
        g,
        svc.peak_flop_per_s,
        svc.memory_bw_bytes_per_s,
        svc.decode_mfu,
        svc.mbu,
    )
    t_step = np.maximum(t_mem, t_comp)
    decode_acc = g * output_rate * t_step / np.where(ok, batch, 1.0)
    total = np.where(ok, g * np.ceil((decode_acc + prefill_acc) / g), np.inf)
    i = int(np.argmin(total))

    limits = {"memory capacity": b_mem[i], "latency target": b_lat[i]}
    mem_bound = bool(np.asarray(t_mem)[i] >= np.asarray(t_comp)[i])
    decode_bound = "memory bandwidth" if mem_bound else "compute"
    d_acc = float(decode_acc[i])
    return _Fleet(
        replica_size=int(g[i]),
        batch_size=int(batch[i]),
        batch_limited_by=min(limits, key=lambda k: limits[k]),
        decode_step_s=float(t_step[i]),
        decode_bound=decode_bound,
        bound=decode_bound if d_acc >= prefill_acc else "compute",
        prefill_accelerators=float(prefill_acc),
        decode_accelerators=d_acc,
        accelerators=int(total[i]),
    )


def _running_costs(
    n_acc: int,
    acc: Accelerator,
    *,
    power_w: float | None,
    pue: float | None,
    usd_per_accelerator_hour: float | None,
    lifetime_years: float | None,
    usd_per_kwh: float | None,
    price_usd: float | None,
) -> _Costs:
    """Power [MW], energy [MWh/day], rental and ownership cost [USD/day] of ``n_acc``.

    Rental: accelerator-hours x price. Ownership: purchase price amortised straight-line
    over the lifetime plus electricity (:func:`tigris.workload.ownership_cost_usd`);
    NaN, with a note, when the part has no price.
    """
    p_sys = system_power(acc, power_w)
    pue_v = pick(pue, "pue")
    check_positive(pue_v, "--pue", at_least=1.0)
    power = float(facility_power_mw(n_acc, p_sys, pue_v))
    e_day = float(energy_mwh(n_acc, p_sys, 1.0, pue_v))
    rate = pick(usd_per_accelerator_hour, "usd_per_accelerator_hour")
    check_positive(rate, "--usd-per-hour", allow_zero=True)
    cost_day = rental_cost_usd(n_acc * HOURS_PER_DAY, rate)
    life = pick(lifetime_years, "lifetime_years")
    check_positive(life, "--lifetime-years")
    kwh = pick(usd_per_kwh, "usd_per_kwh")
    check_positive(kwh, "--usd-per-kwh", allow_zero=True)
    check_positive(price_usd, "--price-usd")
    price = price_usd if price_usd is not None else acc.price_usd
    notes: list[str] = []
    if price is None:
        notes.append(f"{acc.name} has no price in the catalog; pass --price-usd for ownership cost")
        owned_day = float("nan")
    else:
        owned_day = float(ownership_cost_usd(n_acc, 1.0, float(price), life, e_day, kwh)[2])
    return _Costs(
        system_power_w=p_sys,
        pue=float(pue_v),
        power_mw=power,
        energy_mwh_per_day=e_day,
        usd_per_accelerator_hour=float(rate),
        usd_per_day=float(cost_day),
        ownership_usd_per_day=owned_day,
        notes=tuple(notes),
    )


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
    svc = _resolve_service(
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
        kv_bytes_per_token=kv_bytes_per_token,
        n_layers=n_layers,
        n_kv_heads=n_kv_heads,
        head_dim=head_dim,
        prefill_mfu=prefill_mfu,
        decode_mfu=decode_mfu,
        mbu=mbu,
        memory_fraction=memory_fraction,
        accelerators_file=accelerators_file,
    )
    fleet = _size_fleet(svc)
    cost = _running_costs(
        fleet.accelerators,
        svc.acc,
        power_w=power_w,
        pue=pue,
        usd_per_accelerator_hour=usd_per_accelerator_hour,
        lifetime_years=lifetime_years,
        usd_per_kwh=usd_per_kwh,
        price_usd=price_usd,
    )
    return _result(svc, fleet, cost)


def _result(svc: _Service, fleet: _Fleet, cost: _Costs) -> InferenceResult:
    """Assemble the public result from the resolved inputs, the fleet and its costs."""
    millions = svc.tokens_per_day / TOKENS_PER_MILLION
    return InferenceResult(
        model=svc.run_name,
        accelerator=svc.acc.name,
        precision=svc.precision,
        tokens_per_day=svc.tokens_per_day,
        prompt_tokens=svc.prompt_tokens,
        output_tokens=svc.output_tokens,
        latency_ms_per_token=float(svc.latency_ms),
        weight_bytes=svc.weight_bytes,
        kv_bytes_per_token=svc.kv_bytes_per_token,
        replica_size=fleet.replica_size,
        batch_size=fleet.batch_size,
        batch_limited_by=fleet.batch_limited_by,
        decode_step_ms=fleet.decode_step_s * MS_PER_S,
        decode_bound=fleet.decode_bound,
        bound=fleet.bound,
        prefill_accelerators=fleet.prefill_accelerators,
        decode_accelerators=fleet.decode_accelerators,
        accelerators=fleet.accelerators,
        replicas=fleet.accelerators // fleet.replica_size,
        system_power_w=cost.system_power_w,
        pue=cost.pue,
        power_mw=cost.power_mw,
        energy_mwh_per_day=cost.energy_mwh_per_day,
        usd_per_accelerator_hour=cost.usd_per_accelerator_hour,
        cost_usd_per_day=cost.usd_per_day,
        cost_usd_per_million_tokens=float(cost.usd_per_day / millions),
        cost_ownership_usd_per_million_tokens=float(cost.ownership_usd_per_day / millions),
        notes=cost.notes,
    )
