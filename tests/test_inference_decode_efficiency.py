"""Decode efficiency against measurements it was not set from.

The decode MFU default comes from TensorRT-LLM v1.0's 128/128 maximum-load rows
(inference_efficiency.csv); the decode-dominated rows of the same table (128/2048 and
2048/2048 tokens, memory-bound in tigris) were not used for any default and check the
whole decode step: weights and KV reads at gpt-fast's batch-1 MBU, the compute at the
measured decode MFU and the tensor-parallel all-reduces at the NCCL measurements.
"""

from __future__ import annotations

import statistics

import pytest

from tigris.catalog import get_accelerator
from tigris.workload import infer, workload_default

#: NVIDIA TensorRT-LLM docs/source/performance/perf-overview.md (v1.0), Total Output
#: Throughput [tok/s] at maximum load, FP8: (model, accelerator, TP, ISL, OSL, tok/s).
#: Llama 3.3 70B has the Llama 3.1 70B shape, so tigris serves it as that model.
DECODE_ROWS = [
    ("llama-3.1-8b", "h100-sxm", 1, 128, 2048, 22714),
    ("llama-3.1-8b", "h100-sxm", 1, 2048, 2048, 9305),
    ("llama-3.1-8b", "h200", 1, 128, 2048, 26221),
    ("llama-3.1-8b", "h200", 1, 2048, 2048, 12194),
    ("llama-3.1-70b", "h100-sxm", 2, 128, 2048, 6651),
    ("llama-3.1-70b", "h100-sxm", 2, 2048, 2048, 3082),
    ("llama-3.1-70b", "h200", 1, 128, 2048, 4336),
    ("llama-3.1-70b", "h200", 1, 2048, 2048, 2003),
    ("llama-3.1-405b", "h100-sxm", 8, 128, 2048, 4340),
    ("llama-3.1-405b", "h100-sxm", 8, 2048, 2048, 2296),
    ("llama-3.1-405b", "h200", 8, 128, 2048, 5348),
    ("llama-3.1-405b", "h200", 8, 2048, 2048, 2948),
]


def _max_load_output_rate(model: str, acc: str, g: int, p: int, o: int) -> float:
    """Output tokens/s of one replica at its largest batch: each of B prompts prefilled
    alone, then O steps of the whole batch (the engine's maximum-load run)."""
    r = infer(
        model,
        accelerator=acc,
        precision="fp8",
        tokens_per_day=1e12,
        prompt_tokens=p,
        output_tokens=o,
        replica_size=g,
        tpot_ms=1e5,
        ttft_ms=1e8,
    )
    b = r.batch_size
    return b * o / (b * r.prefill_ms + o * r.decode_step_ms) * 1e3


def test_decode_dominated_throughput_within_a_third_of_trtllm_v1() -> None:
    """12 rows, 3 models x 2 parts x 2 shapes, none used by a default: every one within
    35 %, median |error| under 20 %, and no systematic lean (median error within
    +-15 %). With the prefill-like decode MFU (0.518) the 405B H100 128/2048 row was
    +38 %; at the measured 0.453 it is +30 %."""
    errors = [
        _max_load_output_rate(m, a, g, p, o) / tps - 1.0 for m, a, g, p, o, tps in DECODE_ROWS
    ]
    assert max(abs(e) for e in errors) < 0.35, errors
    assert statistics.median(abs(e) for e in errors) < 0.20
    assert abs(statistics.median(errors)) < 0.15


@pytest.mark.parametrize(
    ("acc", "precision"),
    [("h100-sxm", "fp8"), ("h100-sxm", "bf16"), ("h200", "fp8"), ("a100-sxm-80gb", "bf16")],
)
def test_small_batch_gemms_cannot_bind(acc: str, precision: str) -> None:
    """Why there is no small-batch MFU penalty: even padded to a 64-row tile (Hopper's
    wgmma m64; NVIDIA 'Matrix Multiplication Background' guide, tile quantization) a
    decode GEMM of B <= 64 rows takes 64 x 2N / (peak x MFU), less than reading the N
    weights, N b / (BW x MBU), on every part listed: below the tile the step is memory
    time whatever the GEMM efficiency."""
    part = get_accelerator(acc)
    b = {"fp8": 1.0, "bf16": 2.0}[precision]
    gemm_64 = 64 * 2 / (part.peak_flop_per_s(precision) * workload_default("decode_mfu"))
    read = b / (part.memory_bw_gb_per_s * 1e9 * workload_default("decode_mbu"))
    assert gemm_64 < read
