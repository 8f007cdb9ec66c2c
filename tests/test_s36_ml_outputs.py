"""S36 ML-FIX #5 (UT-ML 2026-12-04 #5): ``tigris infer`` gives the numbers an inference
sizer works in: tokens/s per accelerator, KV-cache bytes per request and H100e, in the
text and in --json. Hand values: KV = layers x kv_heads x head_dim x 2 (K and V) x
bytes x context (model cards' shapes); H100e = count x dense BF16 peak / 989.4 TFLOP/s
(as the plan counts products)."""

from __future__ import annotations

import pytest

from tigris.workload import infer

CHAT = {"tokens_per_day": 1e11, "prompt_tokens": 1000, "output_tokens": 300}


@pytest.mark.parametrize(
    ("model", "kw", "per_token"),
    [
        # Llama 3.1 405B: 126 layers, 8 KV heads of 128, BF16 cache
        ("llama-3.1-405b", {"kv_precision": "bf16"}, 126 * 8 * 128 * 2 * 2),
        # Llama 3.1 70B: 80 layers, 8 KV heads of 128, BF16 cache
        ("llama-3.1-70b", {"kv_precision": "bf16"}, 80 * 8 * 128 * 2 * 2),
        # DeepSeek-V3 MLA: 61 layers x (512 + 64) latent values, FP8 cache
        ("deepseek-v3", {"precision": "fp8"}, 61 * 576 * 1),
    ],
)
def test_kv_bytes_per_request_by_hand(model: str, kw: dict, per_token: int) -> None:
    r = infer(model, **CHAT, **kw)
    assert r.kv_bytes_per_token == per_token
    assert r.kv_bytes_per_request == pytest.approx(per_token * 1300, rel=1e-12)


def test_throughputs_and_h100e_by_hand() -> None:
    r = infer("llama-3.1-70b", precision="fp8", ttft_ms=500, tpot_ms=30, **CHAT)
    assert r.decode_tokens_per_s_per_accelerator == pytest.approx(
        r.batch_size / (r.decode_step_ms / 1e3) / r.replica_size, rel=1e-12
    )
    assert r.prefill_tokens_per_s_per_accelerator == pytest.approx(
        r.prefill_step_tokens / (r.prefill_step_ms / 1e3) / r.prefill_replica_size, rel=1e-12
    )
    assert r.tokens_per_s_per_accelerator == pytest.approx(1e11 / 86_400 / r.accelerators)
    assert r.h100e == r.accelerators  # an H100 is one H100e
    b = infer("llama-3.1-70b", accelerator="b200", precision="fp8", **CHAT)
    assert b.h100e == pytest.approx(b.accelerators * 2.25e15 / 989.4e12, rel=1e-9)


def test_cli_text_and_json_carry_them(run_cli) -> None:
    args = ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e11",
            "--prompt-tokens", "1000", "--output-tokens", "300")  # fmt: skip
    res = run_cli(*args)
    assert res.code == 0, res.err
    for row in ("decode throughput", "prefill throughput", "KV cache per request",
                "H100-equivalents", "service throughput"):  # fmt: skip
        assert row in res.out, row
    j = run_cli(*args, "--json").json()
    for key in ("h100e", "kv_bytes_per_request", "decode_tokens_per_s_per_accelerator",
                "prefill_tokens_per_s_per_accelerator", "tokens_per_s_per_accelerator",
                "ttft_percentile_ms"):  # fmt: skip
        assert key in j, key
