"""Defects found by a user test of ``tigris infer`` (2026-12-06), each checked by hand.

1. FP8 prefill on a part whose FP8 peak is its BF16 peak (Gaudi 3: 1,835 TFLOP/s both,
   accelerators.csv). The FP8 default MFU, 0.371, was measured on H100, whose FP8 peak
   is twice its BF16 (1,978.9 and 989.4): carried at the same throughput per BF16 peak
   it is 0.742 of Gaudi 3's FP8 peak. It was 0.371, so FP8 took 1.7 times BF16's time.
   Llama 3.1 8B, 4,000-token prompts: F = 2 * 8e9 * 4000 + 2 * 32 * 4096 * 4000^2.
2. A prefill step holds its prompts' whole KV cache beside the weights: Llama 3.1 70B
   keeps 327,680 B a token (80 layers x 8 KV heads x 128 x 2 x 2 B); a step of 500,000
   tokens an H100 at 30,000-token prompts is 16.67 prompts, 163.8 GB, against 72 GB
   usable (80 GB x 0.9). Refused; a step that fits is chosen otherwise.
5. A prompt wholly in the prefix cache still computes its last token (vLLM v1 caps a
   hit at the prompt less one token), and the step reads the weights once (the
   roofline): its first token is not 0 ms.
"""

from __future__ import annotations

import pytest

from tigris.catalog import get_accelerator
from tigris.errors import InputError
from tigris.workload import infer, workload_default

LOAD = {"tokens_per_day": 1e10, "prompt_tokens": 4000, "output_tokens": 200}
KV_70B = 80 * 8 * 128 * 2 * 2  # bytes a token, BF16


def _prefill_flop_8b(p: float) -> float:
    return 2 * 8e9 * p + 2 * 32 * 4096 * p * p


def test_fp8_prefill_on_gaudi3_is_carried_at_the_bf16_throughput() -> None:
    gaudi = get_accelerator("gaudi3")
    assert gaudi.peak_flop_per_s("fp8") == gaudi.peak_flop_per_s("bf16")
    h100 = get_accelerator("h100-sxm")
    ratio = h100.peak_flop_per_s("fp8") / h100.peak_flop_per_s("bf16")
    kw = {"model": "llama-3.1-8b", "accelerator": "gaudi3", "replica_size": 1, **LOAD}
    fp8 = infer(**kw, precision="fp8")
    bf16 = infer(**kw, precision="bf16")
    mfu = workload_default("prefill_mfu_fp8") * ratio  # 0.371 x 2
    want = _prefill_flop_8b(4000) / (gaudi.peak_flop_per_s("fp8") * mfu)
    assert fp8.prefill_ms == pytest.approx(want * 1e3, rel=1e-6)
    assert fp8.prefill_ms < bf16.prefill_ms  # FP8 is no slower than BF16
    assert any("measured on h100-sxm" in n and "0.742" in n for n in fp8.notes)


def test_fp8_prefill_on_h100_is_unchanged() -> None:
    h100 = get_accelerator("h100-sxm")
    kw = {"model": "llama-3.1-8b", "accelerator": "h100-sxm", "replica_size": 1, **LOAD}
    r = infer(**kw, precision="fp8")
    want = _prefill_flop_8b(4000) / (h100.peak_flop_per_s("fp8") * 0.371)
    assert r.prefill_ms == pytest.approx(want * 1e3, rel=1e-6)
    assert not any("prefill MFU" in n for n in r.notes)


def test_a_given_prefill_mfu_is_used_as_given_on_gaudi3() -> None:
    gaudi = get_accelerator("gaudi3")
    kw = {"model": "llama-3.1-8b", "accelerator": "gaudi3", "replica_size": 1, **LOAD}
    r = infer(**kw, precision="fp8", prefill_mfu=0.371)
    want = _prefill_flop_8b(4000) / (gaudi.peak_flop_per_s("fp8") * 0.371)
    assert r.prefill_ms == pytest.approx(want * 1e3, rel=1e-6)


def test_a_prefill_step_that_cannot_hold_its_kv_is_refused() -> None:
    with pytest.raises(InputError, match=r"prefill.batch.tokens") as err:
        infer(
            model="llama-3.1-70b",
            tokens_per_day=1e10,
            prompt_tokens=30000,
            output_tokens=200,
            prefill_batch_tokens=500_000,
            ttft_ms=1e7,
        )
    text = str(err.value)
    kv_gb = 500_000 / 30_000 * 30_000 * KV_70B / 1e9
    assert f"{kv_gb:,.4g} GB of KV cache" in text  # 163.8
    assert "16.67 prompts" in text


def test_the_chosen_prefill_step_holds_its_kv_and_weights() -> None:
    r = infer(
        model="llama-3.1-70b",
        tokens_per_day=1e10,
        prompt_tokens=2000,
        output_tokens=200,
        prefill_batch_tokens=16384,
        ttft_ms=10000,
    )
    g = r.prefill_replica_size
    prompts = r.prefill_step_tokens / 2000
    held = 70e9 * 2 + prompts * 2000 * KV_70B
    assert held <= g * 80e9 * 0.9  # H100 80 GB at the default usable fraction 0.9
    assert r.prefill_step_tokens == 16384 * g


@pytest.mark.parametrize("hit", [1.0, 0.99999])
def test_a_wholly_cached_prompt_waits_for_one_weight_read(hit: float) -> None:
    r = infer(model="llama-3.1-70b", prefix_cache_hit=hit, **{**LOAD, "prompt_tokens": 8000})
    g = r.prefill_replica_size
    weights_s = 70e9 * 2 / (g * 3.35e12 * workload_default("decode_mbu"))
    assert r.prefill_step_ms >= weights_s * 1e3
    assert r.ttft_expected_ms >= r.prefill_step_ms > 0
    assert r.prefill_accelerators >= 1


def test_a_prompt_of_no_tokens_computes_one() -> None:
    r = infer(model="llama-3.1-70b", **{**LOAD, "prompt_tokens": 0})
    assert r.prefill_step_ms > 0 and r.prefill_accelerators >= 1
