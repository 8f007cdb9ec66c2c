"""Defects found by a user test of ``tigris infer`` (2026-12-06), each checked by hand.

1. FP8 prefill on a part whose FP8 peak is its BF16 peak (Gaudi 3: 1,835 TFLOP/s both,
   accelerators.csv). The FP8 default MFU, 0.371, was measured on H100, whose FP8 peak
   is twice its BF16 (1,978.9 and 989.4), where FP8 prefill runs 0.371 x 2 / 0.63 = 1.18
   times as fast as BF16; on a part whose FP8 peak is no higher, FP8 runs as fast as
   BF16 (the gain is at most the peak ratio): MFU 0.63 of Gaudi 3's FP8 peak. It was
   0.371, so FP8 took 1.7 times BF16's time (and 0.742, review of s52, made it faster).
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


def test_fp8_prefill_on_gaudi3_runs_as_fast_as_bf16() -> None:
    gaudi = get_accelerator("gaudi3")
    assert gaudi.peak_flop_per_s("fp8") == gaudi.peak_flop_per_s("bf16")
    kw = {"model": "llama-3.1-8b", "accelerator": "gaudi3", "replica_size": 1, **LOAD}
    fp8 = infer(**kw, precision="fp8")
    bf16 = infer(**kw, precision="bf16")
    mfu = workload_default("prefill_mfu")  # the gain is min(1.18, 1) = 1: BF16's 0.63
    want = _prefill_flop_8b(4000) / (gaudi.peak_flop_per_s("fp8") * mfu)
    assert fp8.prefill_ms == pytest.approx(want * 1e3, rel=1e-6)
    assert fp8.prefill_ms == pytest.approx(bf16.prefill_ms, rel=1e-9)  # no slower, no faster
    assert any("measured on h100-sxm" in n and "0.63 of gaudi3" in n for n in fp8.notes)


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


# 3. MoE routing and the parameters used per token: N_active = (N - N_exp) + N_exp k / E.
# Mixtral 8x7B (inference_models.csv): N = 46.7B, N_exp = 45.097B, E = 8, k = 2.
MIXTRAL = {"model": "mixtral-8x7b", "tokens_per_day": 1e10, "prompt_tokens": 1000}


def test_routing_given_sets_the_parameters_used_per_token() -> None:
    base = infer(**MIXTRAL, output_tokens=200)
    assert base.active_params == pytest.approx(12.9e9)  # the published row, unchanged
    top2of2 = infer(**MIXTRAL, output_tokens=200, routed_experts=2)
    want = (46.7e9 - 45.097e9) + 45.097e9 * 2 / 2
    assert top2of2.active_params == pytest.approx(want, rel=1e-9)
    assert any("from the routing given" in n for n in top2of2.notes)
    top2of4 = infer(**MIXTRAL, output_tokens=200, routed_experts=4)
    assert top2of4.active_params == pytest.approx(1.603e9 + 45.097e9 / 2, rel=1e-9)


def test_active_params_given_with_other_routing_is_used_and_noted() -> None:
    r = infer(**MIXTRAL, output_tokens=200, routed_experts=4, active_params=12.9e9)
    assert r.active_params == 12.9e9
    assert any("used as given" in n for n in r.notes)


def test_an_moe_using_every_parameter_per_token_is_refused() -> None:
    shape = {"params": 47e9, "n_layers": 32, "n_kv_heads": 8, "head_dim": 128}
    shape |= {"attn_dim": 4096, "d_model": 4096, "moe_layers": 32, "experts_per_token": 300}
    with pytest.raises(InputError, match="fewer parameters per token"):
        infer(**shape, tokens_per_day=1e10, prompt_tokens=1000, output_tokens=200)


# 4. Every model infer serves by name has its context window (inference_context.csv):
# GPT-3 and PaLM 2,048 (Brown et al. 2020 Sec. 2.1; Chowdhery et al. 2022 Sec. 5),
# GPT-4 up to 32,768 (OpenAI 2023, gpt-4-32k). A 100,000-token GPT-3 prompt was served.
def test_every_named_model_has_a_context_window() -> None:
    from tigris.data import load_rows
    from tigris.workload.inference_data import context_window

    names = [r["name"] for r in load_rows("inference_models")]
    names += [r["name"] for r in load_rows("training_runs")]
    assert names and all(context_window(n) for n in names), [
        n for n in names if not context_window(n)
    ]


@pytest.mark.parametrize(("model", "window"), [("gpt-3", 2048), ("palm", 2048), ("gpt-4", 32768)])
def test_a_prompt_past_the_window_is_refused(model: str, window: int) -> None:
    with pytest.raises(InputError, match=f"{window:,}-token context window"):
        infer(model=model, tokens_per_day=1e10, prompt_tokens=window + 1, output_tokens=10)


# 8. train: an attention flag equal to the run's own replaces nothing (review s48), and
# says so: Llama 3.1 405B trained at 8,192 tokens (Llama Team 2024, Table 3).
def test_a_train_dimension_equal_to_the_runs_own_is_said() -> None:
    from tigris.workload import train

    same = train(model="llama-3.1-405b", seq_len=8192)
    assert same.attention_flops is None
    assert any("seq_len 8192" in n and "nothing is replaced" in n for n in same.notes), same.notes
    other = train(model="llama-3.1-405b", seq_len=131072)
    assert other.attention_flops is not None and other.attention_flops > 0
    assert not any("nothing is replaced" in n for n in other.notes)


# 6. Every bad flag at once (docs/workload.md): the lower and upper bounds and an
# unknown accelerator, each its own line.
def test_train_and_infer_say_every_bad_flag_at_once(run_cli) -> None:
    res = run_cli("train", "--params", "1e30", "--tokens", "2e12", "--count", "0", "-a", "foo")
    assert res.code == 2
    lines = [ln for ln in res.err.splitlines() if ln.startswith("error:")]
    assert {ln.split(":")[1].strip() for ln in lines} == {"--params", "--count", "--accelerator"}
    res = run_cli(
        "infer", "-m", "llama-3.1-70b", "--tokens-per-day", "-1", "--output-tokens", "0",
        "-a", "foo", "--prompt-tokens", "100",
    )  # fmt: skip
    fields = {ln.split(":")[1].strip() for ln in res.err.splitlines() if ln.startswith("error:")}
    assert fields == {"--tokens-per-day", "--output-tokens", "--accelerator"}


# 9. A known name typed with more words around it, or O for 0, is suggested.
@pytest.mark.parametrize("typed", ["nvidia-h100", "h1OO"])
def test_an_accelerator_typed_loosely_is_suggested(run_cli, typed: str) -> None:
    res = run_cli("infer", "-a", typed, "--params", "7e9", "--tokens-per-day", "1e9")
    assert res.code == 2 and "(did you mean 'h100'?)" in res.err, res.err


# Review of s52. A model's own routing values replace nothing (DeepSeek-V3 has 256 routed
# experts, 8 a token; Mixtral 8 and 2): the published active counts stand.
@pytest.mark.parametrize(
    ("kw", "active"),
    [
        ({"model": "deepseek-v3", "routed_experts": 256}, 37e9),
        ({"model": "mixtral-8x7b", "experts_per_token": 2}, 12.9e9),
    ],
)
def test_a_models_own_routing_replaces_nothing(kw: dict, active: float) -> None:
    r = infer(**kw, tokens_per_day=1e10, prompt_tokens=1000, output_tokens=200)
    assert r.active_params == active
    assert not any("from the routing given" in n for n in r.notes)


def test_an_moe_prefill_step_reads_the_experts_its_tokens_go_to() -> None:
    """DeepSeek-V3 (E = 256, k = 8): a step of 500 tokens routes 4,000 expert choices, so
    it reads 1 - (1 - 8/256)^500 ~ 100 % of the routed experts, not the 3 % one prompt's
    'batch of 1' would: the step takes at least that read at the MBU."""
    r = infer(
        model="deepseek-v3", precision="fp8", accelerator="h200", tokens_per_day=1e10,
        prompt_tokens=500, output_tokens=200, prefill_batch_tokens=1, replica_size=8,
    )  # fmt: skip
    assert r.prefill_step_tokens == 500.0
    h200_bw = get_accelerator("h200").memory_bw_gb_per_s * 1e9
    share = 1 - (1 - 8 / 256) ** 500
    expert_bytes = 653.91e9 * share  # FP8: a byte a parameter
    floor = expert_bytes / (8 * h200_bw * workload_default("decode_mbu"))
    assert r.prefill_step_ms >= floor * 1e3


def test_an_almost_cached_prompt_shares_the_weight_read_with_others() -> None:
    """Llama 3.1 70B, 8,000-token prompts 99.9 % cached: one prompt a step reads 140 GB
    for 8 tokens; as many prompts as fit beside the weights share it. The fleet is no
    larger than with a step of 50 tokens an H100 (which the user test found fits)."""
    kw = {"model": "llama-3.1-70b", "tokens_per_day": 1e11, "prompt_tokens": 8000}
    kw |= {"output_tokens": 200, "prefix_cache_hit": 0.999}
    default = infer(**kw)
    given = infer(**kw, prefill_batch_tokens=50)
    assert default.prefill_accelerators <= given.prefill_accelerators
    assert default.prefill_step_tokens > 8  # more than one prompt's 8 fresh tokens
