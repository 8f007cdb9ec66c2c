"""A tensor-parallel degree must split the attention heads; p99 TTFT with every prompt
token cached; train's --json total H100e (user test s50 #7).

Megatron tensor parallelism (Shoeybi et al. 2019, Sec. 3) gives each accelerator whole
query heads: the degree g divides them. Key/value heads are split when g divides them
and replicated when they divide g (vLLM QKVParallelLinear). Llama 3.1 70B has 64 query
and 8 key/value heads, 405B 128 and 8 (Llama Team 2024, Table 3), so the valid degrees
are the divisors of 64 (1, 2, 4, ..., 64) and of 128; 3 and 12 are neither, and were
accepted without a word ("1.5 nodes of 8"). They get a note, not a refusal: Pope et al.
2022's 2D layout runs PaLM 540B's 48 heads on 64 TPU v4 (a validation case).

With --prefix-cache-hit 1 the p99 time to first token is given, as the mean (p99 was
null); since 2026-12-06 neither is 0: the prompt's last token is computed and its step
reads the weights (tests/test_s52_infer_ut.py).

train --json: DeepSeek-V3's 2,048 H800 have the H100's dense BF16 peak (989.4 TFLOP/s,
accelerators.csv), so 2,048 H100e; Llama 3.1 405B on B200 (2,250 TFLOP/s) is 16,384 x
2,250 / 989.4 = 37,259 H100e.
"""

from __future__ import annotations

import pytest

LOAD = ("--tokens-per-day", "1e9", "--prompt-tokens", "1000", "--output-tokens", "300")


@pytest.mark.parametrize(
    ("model", "size", "valid"),
    [
        ("llama-3.1-70b", "3", "1, 2, 4, 8, 16, 32, 64"),
        ("llama-3.1-405b", "12", "1, 2, 4, 8, 16, 32, 64, 128"),
    ],
)
def test_a_degree_that_splits_no_head_is_noted(run_cli, model, size, valid) -> None:
    """A note, not a refusal: Pope et al. 2022's 2D layout runs PaLM's 48 heads on 64."""
    res = run_cli("infer", "-m", model, "--replica-size", size, *LOAD, "--json")
    assert res.code == 0, res.err
    hit = [n for n in res.json()["notes"] if "does not split" in n]
    assert hit and valid in hit[0] and f"--replica-size {size}" in hit[0], res.json()["notes"]


@pytest.mark.parametrize("size", ["2", "8", "16"])  # one H100 cannot hold 140 GB
def test_divisors_are_not_noted(run_cli, size) -> None:
    res = run_cli("infer", "-m", "llama-3.1-70b", "--replica-size", size, *LOAD, "--json")
    assert res.code == 0, res.err
    assert not [n for n in res.json()["notes"] if "does not split" in n]


def test_heads_from_the_shape_flags(run_cli) -> None:
    """attn 8,192 / head 128 = 64 query heads, 8 KV heads: 3 noted, 4 not."""
    shape = ("--params", "70e9", "--layers", "80", "--kv-heads", "8", "--head-dim", "128")
    shape += ("--attn-dim", "8192", *LOAD, "--json")
    three = run_cli("infer", *shape, "--replica-size", "3").json()["notes"]
    four = run_cli("infer", *shape, "--replica-size", "4").json()["notes"]
    assert any("does not split" in n for n in three)
    assert not any("does not split" in n for n in four)


def test_all_cached_p99_is_given_like_the_mean(run_cli) -> None:
    args = ("infer", "-m", "llama-3.1-70b", *LOAD, "--prefix-cache-hit", "1", "--json")
    d = run_cli(*args).json()
    assert 0.0 < d["ttft_expected_ms"] <= d["ttft_percentile_ms"] <= d["ttft_ms"]


@pytest.mark.parametrize(
    ("args", "want"),
    [
        (("-m", "deepseek-v3"), 2048.0),
        (("-m", "llama-3.1-405b", "-a", "b200"), 16_384 * 2250 / 989.4),
    ],
)
def test_train_json_has_total_h100e(run_cli, args, want) -> None:
    d = run_cli("train", *args, "--json").json()
    assert d["h100e"] == pytest.approx(want, rel=1e-9)
