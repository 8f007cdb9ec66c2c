"""The decode attention kernel: a per-head pass over a grouped-query KV cache.

Checked against NVIDIA's own measurement of the same software change (TensorRT-LLM's
XQA blog, 2024-01-30): the default share of repeated passes reaching memory was derived
from the blog's one-H200 row, so only its eight-GPU row is a check here.
"""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.validation_cases import batch_run_tokens_per_s_per_gpu
from tigris.workload import infer, workload_default
from tigris.workload.roofline import decode_kv_read_bytes_per_token

#: NVIDIA TensorRT-LLM docs/source/blogs/XQA-kernel.md (2024-01-30, v0.8a, FP8):
#: Llama-70B, 128/2,048 tokens, 8 H200, 13,232 output tok/s without XQA, 25,300 with.
XQA_8GPU_SPEEDUP = 25300 / 13232


def _rate(kernel: str, g: int) -> float:
    """Output tokens/s per GPU of one replica at its largest batch, prefill included
    (TensorRT-LLM's count, as the validation cases make it)."""
    r = infer(
        "llama-2-70b",
        accelerator="h200",
        precision="fp8",
        replica_size=g,
        prompt_tokens=128,
        output_tokens=2048,
        tokens_per_day=1e12,
        tpot_ms=1e5,
        ttft_ms=1e8,
        decode_attention=kernel,
    )
    return batch_run_tokens_per_s_per_gpu(r, 2048)


def test_xqa_speedup_on_eight_h200_within_ten_percent() -> None:
    """The blog's 8-GPU row, not used for the default: 1.91x measured."""
    speedup = _rate("grouped", 8) / _rate("per-head", 8)
    assert speedup == pytest.approx(XQA_8GPU_SPEEDUP, rel=0.10)


def test_per_head_reads_multi_head_size_at_most_and_never_below_the_cache() -> None:
    """Llama 2 70B: 8 query heads per KV head, so at most 8x; a multi-head model (LLaMA
    7B, 32 KV heads of 128 = width 4,096) reads the same with either kernel."""
    kv70 = 2 * 80 * 8 * 128
    full = decode_kv_read_bytes_per_token(kv70, 80, 8192, 1.0, "per-head", 1.0)
    assert full == 8 * kv70
    shared = workload_default("per_head_kv_reread")
    assert kv70 < decode_kv_read_bytes_per_token(kv70, 80, 8192, 1.0, "per-head", shared) < full
    kv7 = 2 * 32 * 32 * 128
    assert decode_kv_read_bytes_per_token(kv7, 32, 4096, 1.0, "per-head") == kv7


def test_per_head_kernel_needs_the_attention_width() -> None:
    with pytest.raises(InputError) as exc:
        infer(
            params=70e9,
            kv_bytes_per_token=163840,
            tokens_per_day=1e10,
            prompt_tokens=128,
            output_tokens=128,
            decode_attention="per-head",
        )
    assert exc.value.problems[0].field == "decode_attention"


def test_per_head_kernel_is_refused_for_a_latent_cache() -> None:
    """MLA caches one latent shared by every head: there are no KV heads to re-read."""
    with pytest.raises(InputError) as exc:
        infer(
            "deepseek-v3",
            tokens_per_day=1e10,
            prompt_tokens=100,
            output_tokens=100,
            decode_attention="per-head",
        )
    assert exc.value.problems[0].field == "decode_attention"
