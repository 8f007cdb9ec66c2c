"""Inference roofline against papers' worked examples, hand-derived values and invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest

from tigris.catalog import get_accelerator
from tigris.errors import InputError
from tigris.workload import (
    decode_step_times_s,
    get_run,
    infer,
    kv_cache_bytes_per_token,
    max_batch_size,
    prefill_flop_per_token,
    workload_default,
)

H100 = get_accelerator("h100")


def test_kv_cache_opt13b_800kb_per_token() -> None:
    """Kwon et al. 2023 (vLLM/PagedAttention) §3: OPT-13B's KV cache takes
    2 (K, V) x 5,120 (hidden) x 40 (layers) x 2 bytes = 800 KB per token. Exact."""
    assert kv_cache_bytes_per_token(40, 40, 128, 2) == 2 * 5120 * 40 * 2


def test_kv_cache_vectorised() -> None:
    out = kv_cache_bytes_per_token(np.array([32, 80, 126]), 8, 128, 2)
    assert isinstance(out, np.ndarray)
    assert out.tolist() == [2 * 32 * 8 * 128 * 2, 2 * 80 * 8 * 128 * 2, 2 * 126 * 8 * 128 * 2]


def test_run_table_kv_values_match_architectures() -> None:
    """Llama 3 405B (Llama 3 paper Table 3): 126 layers, 8 KV heads of 128 -> 2·126·8·128
    values per token; PaLM (Table 1): multi-query, one K/V head of 256, 118 layers;
    DeepSeek-V3 MLA: 512 latent + 64 RoPE values per layer, 61 layers."""
    assert get_run("llama-3.1-405b").kv_values_per_token == 2 * 126 * 8 * 128
    assert get_run("palm-540b").kv_values_per_token == 2 * 118 * 1 * 256
    assert get_run("deepseek-v3").kv_values_per_token == 61 * (512 + 64)


def test_prefill_is_two_flops_per_active_param() -> None:
    """Kaplan et al. 2020 §2.1: C_forward ≈ 2N."""
    assert prefill_flop_per_token(37e9) == 2 * 37e9
    assert prefill_flop_per_token(np.array([1e9, 2e9])).tolist() == [2e9, 4e9]


def test_batch_one_decode_reads_all_weights() -> None:
    """Hand-derived: a 70B BF16 model (140 GB) on one H200 (4.8 TB/s) at full bandwidth
    needs 140/4800 s = 29.2 ms per token at batch 1."""
    mem, comp = decode_step_times_s(1, 140e9, 0.0, 70e9, 1, 989.5e12, 4.8e12)
    assert mem == pytest.approx(140e9 / 4.8e12)
    assert comp < mem


def test_roofline_ridge_of_h100_bf16() -> None:
    """Hand-derived roofline: decode does 2N FLOPs per 2N bytes of BF16 weights per
    sequence, i.e. B FLOP/byte at batch B; the H100's ridge is 989.4e12 / 3.35e12 ≈
    295 FLOP/byte. Below it the step is memory-bound, above compute-bound."""
    ridge = H100.peak_flop_per_s("bf16") / (H100.memory_bw_gb_per_s * 1e9)
    assert 290 < ridge < 300
    args = (140e9, 0.0, 70e9, 1, H100.peak_flop_per_s("bf16"), H100.memory_bw_gb_per_s * 1e9)
    mem, comp = decode_step_times_s(250, *args)
    assert mem > comp
    mem, comp = decode_step_times_s(350, *args)
    assert comp > mem
    mem, comp = decode_step_times_s(np.array([250, 350]), *args)
    assert (np.asarray(mem) > np.asarray(comp)).tolist() == [True, False]


def test_roofline_is_a_floor_under_pope_palm_latency() -> None:
    """Pope et al. 2022 (abstract): PaLM 540B with int8 weights decodes at 29 ms/token
    at low batch on 64 TPU v4. Reading 540 GB over 64 x 1.2 TB/s takes ~7 ms; a
    roofline must stay below the measured latency (communication is not modelled)."""
    tpu = get_accelerator("tpu-v4")
    mem, _ = decode_step_times_s(
        1, 540e9, 0.0, 540e9, 64, tpu.peak_flop_per_s("bf16"), tpu.memory_bw_gb_per_s * 1e9
    )
    assert mem * 1e3 < 29
    assert mem * 1e3 == pytest.approx(540e9 / (64 * 1.2e12) * 1e3)


def test_max_batch_size_hand_example() -> None:
    """8 H100 at 90 % of 80 GB = 576 GB; 405 GB of FP8 weights leave 171 GB; a 4,096-token
    sequence of Llama 3 405B KV in BF16 is 2.11 GB -> 80 sequences."""
    kv = 2 * 126 * 8 * 128 * 2 * 4096
    assert max_batch_size(8 * 80e9 * 0.9, 405e9, kv) == math.floor((576e9 - 405e9) / kv)


def test_prefill_heavy_service_is_compute_bound_with_hand_count() -> None:
    """1e6 tokens/s of 999-token prompts and 1-token outputs (1,000 requests/s) on H100
    at prefill MFU 0.5: 282.7 accelerators are busy on prefill. Each prefill replica of
    g is an M/D/1 queue with D = 999 x 2 x 70e9 / (g x 989.4e12 x 0.5) and mean TTFT
    D + rho D / (2 (1 - rho)) <= 2 s, i.e. rho <= 2 (T - D) / (2T - D) (DistServe
    Sec. 3.1), so n = ceil(1000 D / rho_max) replicas; the fleet is the smallest n g
    over g = 2, 4, ... (140 GB of BF16 weights need 2 H100 of 72 GB). By hand: g = 4,
    D = 70.7 ms, rho_max = 0.982, n = 72 -> 288."""
    r = infer(
        params=70e9,
        kv_bytes_per_token=327_680,
        tokens_per_day=1e6 * 86_400,
        prompt_tokens=999,
        output_tokens=1,
        prefill_mfu=0.5,
        ttft_ms=2000,
        prefill_queue="per-replica",  # the M/D/1 hand count (shared: test_s62_prefill_mdc)
    )
    best = math.inf
    for g in (2.0**k for k in range(1, 13)):
        d = 999 * 2 * 70e9 / (g * 989.4e12 * 0.5)
        rho_max = 2 * (2.0 - d) / (2 * 2.0 - d)
        best = min(best, math.ceil(1000 * d / rho_max) * g)
    assert best == 288
    assert r.prefill_accelerators == best
    assert r.prefill_accelerators >= 0.999e6 * 2 * 70e9 / (989.4e12 * 0.5)
    assert r.ttft_expected_ms <= 2000
    assert r.bound == "compute"
    assert r.accelerators == r.prefill_accelerators + r.decode_accelerators


def test_long_generation_service_is_memory_bandwidth_bound() -> None:
    """Llama-2-70B-like (80 layers, 8 KV heads of 128) writing 4,000-token answers: the
    KV cache fills memory, the batch is capped and each step is bandwidth-bound."""
    r = infer(
        params=70e9,
        n_layers=80,
        n_kv_heads=8,
        head_dim=128,
        tokens_per_day=1e10,
        prompt_tokens=100,
        output_tokens=4000,
        latency_ms_per_token=30,
    )
    assert r.bound == "memory bandwidth"
    assert r.decode_bound == "memory bandwidth"
    assert r.batch_limited_by == "memory capacity"
    assert r.decode_step_ms <= 30


def test_replica_holds_the_weights_moe() -> None:
    """DeepSeek-V3 keeps all 671B parameters in memory (FP8: 671 GB), so a replica of
    H800 (80 GB, 90 % usable) needs at least ceil(671/72) = 10 parts; prefill uses the
    37B active parameters only."""
    r = infer(
        "deepseek-v3",
        accelerator="h800",
        precision="fp8",
        tokens_per_day=1e10,
        prompt_tokens=1000,
        output_tokens=500,
    )
    usable = 80e9 * workload_default("memory_usable_fraction")
    assert r.replica_size * usable >= 671e9
    assert r.prefill_replica_size * usable >= 671e9
    # prefill busy time: 2 x 37e9 active FLOPs per prompt token plus attention over the
    # prompt (4 L d c summed over c = 0..P: 2 x 61 x 16,384 x 1000^2); the fleet is at
    # least that and, by the M/D/1 bound, no more than one replica above busy / rho_max
    rate = 1e10 / 1500 / 86_400
    flop = 2 * 37e9 * 1000 + 2 * 61 * 16_384 * 1000**2
    busy = rate * flop / (1978.9e12 * workload_default("prefill_mfu_fp8"))
    assert busy <= r.prefill_accelerators


def test_power_energy_and_cost_per_million_tokens() -> None:
    """Hand-derived from the reported accelerator count: 1,275 W per H100 (DGX H100,
    10.2 kW / 8) times the cluster's network and storage (1.08, DGX SuperPOD) times PUE;
    rent at the H100's 2026 price, $2.35/h (SemiAnalysis index, data/prices.csv)."""
    r = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=1000, output_tokens=300)
    pue = workload_default("pue")
    assert r.power_mw == pytest.approx(r.accelerators * 1275 * 1.08 * pue / 1e6)
    # energy at the load factor 0.75 of that rated power (data/energy_parameters.csv)
    assert r.energy_mwh_per_day == pytest.approx(r.power_mw * 0.75 * 24)
    rate = 2.35
    assert r.cost_usd_per_million_tokens == pytest.approx(r.accelerators * 24 * rate / 1e4)
    # ownership: the price amortised straight-line over the life (one day of it, in
    # 365.25-day years) plus the day's facility energy at the electricity price
    life, kwh = workload_default("lifetime_years"), workload_default("usd_per_kwh")
    price = get_accelerator("h100").price_usd
    assert price is not None
    owned = r.accelerators * price / (life * 365.25) + r.energy_mwh_per_day * 1000 * kwh
    assert r.cost_ownership_usd_per_million_tokens == pytest.approx(owned / 1e4)
    # with a price given, it replaces the catalog's
    r2 = infer(
        "llama-3.1-405b",
        tokens_per_day=1e10,
        prompt_tokens=1000,
        output_tokens=300,
        price_usd=2 * price,
    )
    extra = r.accelerators * price / (life * 365.25) / 1e4
    assert r2.cost_ownership_usd_per_million_tokens == pytest.approx(
        r.cost_ownership_usd_per_million_tokens + extra
    )


def test_more_load_or_tighter_latency_never_needs_fewer_accelerators() -> None:
    base = {"params": 70e9, "kv_bytes_per_token": 327_680, "prompt_tokens": 500}
    counts = [
        infer(**base, tokens_per_day=t, output_tokens=500).accelerators
        for t in (1e8, 1e9, 1e10, 1e11)
    ]
    assert counts == sorted(counts)
    lat = [
        infer(**base, tokens_per_day=1e10, output_tokens=500, latency_ms_per_token=ms).accelerators
        for ms in (200, 50, 20, 10)
    ]
    assert lat == sorted(lat)


def test_large_service_scales_linearly() -> None:
    """Doubling a large service's load doubles its accelerators within one replica."""
    kw = {"params": 70e9, "kv_bytes_per_token": 327_680, "prompt_tokens": 500, "output_tokens": 500}
    a = infer(**kw, tokens_per_day=1e11)
    b = infer(**kw, tokens_per_day=2e11)
    assert abs(b.accelerators - 2 * a.accelerators) <= 2 * a.replica_size


OK = {
    "params": 7e9,
    "kv_bytes_per_token": 1e5,
    "tokens_per_day": 1e9,
    "prompt_tokens": 100,
    "output_tokens": 100,
}


def _without(*keys: str, **extra: object) -> dict:
    return {**{k: v for k, v in OK.items() if k not in keys}, **extra}


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        (_without("tokens_per_day"), "tokens_per_day"),
        (_without("kv_bytes_per_token"), "kv_bytes_per_token"),
        (_without(params=-70e9), "params"),
        (_without(active_params=8e9), "active_params"),
        (_without("kv_bytes_per_token", n_layers=32), "n_kv_heads"),
        (_without(latency_ms_per_token=1e-6), "latency_ms_per_token"),
        (_without(mbu=2), "mbu"),
        (_without(tokens_per_day=0), "tokens_per_day"),
    ],
)
def test_bad_input(kwargs: dict, needle: str) -> None:
    with pytest.raises(InputError, match=needle.replace("-", r"\-")):
        infer(**kwargs)
