"""A replica with more accelerators than KV heads holds each head's cache on several
(tensor parallelism: vLLM ``QKVParallelLinear``); an ML-systems review of 2026-12-07
found the copies uncounted, so batches that do not fit were said to, and per-token
latency targets said met that are missed."""

from __future__ import annotations

import math

import pytest

from tigris.workload import infer

# Llama 3.1 70B: 80 layers, 8 KV heads of 128 values, BF16: 2 x 80 x 8 x 128 x 2 bytes
KV_70B = 2 * 80 * 8 * 128 * 2
H100_USABLE = 72e9  # 80 GB x 0.9 (--memory-fraction default)


def test_kv_bytes_match_the_architecture() -> None:
    r = infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500)
    assert r.kv_bytes_per_token == KV_70B


def test_a_replica_of_16_holds_each_kv_head_twice() -> None:
    """By hand: 16 H100 hold 16 x 72 GB; the weights 140 GB; each sequence's 2,500
    tokens of KV held twice (16 accelerators, 8 heads): floor((1,152 - 140) GB /
    (2 x 2,500 x 327,680 B)) = 617 sequences (1,235 counting the cache once)."""
    r = infer(
        "llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500,
        accelerator="h100", replica_size=16, tpot_ms=1000,
    )  # fmt: skip
    weights = 70.6e9 * 2  # the row's parameters, BF16
    want = math.floor((16 * H100_USABLE - weights) / (2 * 2500 * KV_70B))
    assert r.batch_size == pytest.approx(want, abs=2)
    assert r.batch_limited_by == "memory capacity"
    assert any("KV cache on 2 of them" in n for n in r.notes)


def test_batch_sharding_holds_the_cache_once() -> None:
    """--kv-sharding batch (Pope et al.'s layout): one copy, the batch of before."""
    r = infer(
        "llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500,
        accelerator="h100", replica_size=16, tpot_ms=1000, kv_sharding="batch",
    )  # fmt: skip
    weights = 70.6e9 * 2
    want = math.floor((16 * H100_USABLE - weights) / (2500 * KV_70B))
    assert r.batch_size == pytest.approx(want, abs=2)
    assert not any("KV cache on" in n for n in r.notes)


@pytest.mark.parametrize("g", [1, 2, 4, 8])
def test_up_to_the_kv_heads_nothing_changes(g: int) -> None:
    kw = dict(
        tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500, accelerator="h100",
        tpot_ms=1000, precision="fp8",
    )  # fmt: skip
    if g * 72e9 < 70.6e9 + 2500 * KV_70B:
        pytest.skip("the weights do not fit")
    a = infer("llama-3.1-70b", replica_size=g, **kw)
    b = infer("llama-3.1-70b", replica_size=g, kv_sharding="batch", **kw)
    assert a.batch_size == b.batch_size and a.decode_step_ms == b.decode_step_ms


def test_the_405b_default_meets_its_target_with_the_copies() -> None:
    """The review's default run: the reported step must meet the 50 ms target once the
    copies are read (it was 49.95 ms counted once, 57.35 ms by hand with them)."""
    r = infer("llama-3.1-405b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500)
    copies = max(1.0, r.replica_size / 8)
    kv_pg = r.batch_size * 2500 * 516_096 * copies / r.replica_size
    weights_pg = 405e9 * 2 / r.replica_size
    assert weights_pg + kv_pg <= H100_USABLE * 1.0001
    assert r.decode_step_ms <= 50.0


def test_an_unknown_sharding_is_refused() -> None:
    from tigris.errors import InputError

    with pytest.raises(InputError, match="unknown KV sharding 'rows'"):
        infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500,
              kv_sharding="rows")  # fmt: skip


def test_cli_flag(run_cli) -> None:
    res = run_cli(
        "infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens",
        "2000", "--output-tokens", "500", "--kv-sharding", "diagonal",
    )  # fmt: skip
    assert res.code == 2 and "--kv-sharding" in res.err and "Traceback" not in res.err


def test_a_mostly_idle_prefill_fleet_says_why() -> None:
    """The review's 64k-token prompt: 294 replicas of 32 for 1.79 requests/s of a
    1.82 s step, each 1.1 % busy (rho = lambda D / n, by hand from the result's own
    numbers); the note says the per-replica M/D/1 sizing is why (said only of that
    queue: the default shared queue needs 288, tests/test_s62_prefill_mdc.py)."""
    r = infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=64000, output_tokens=500,
              accelerator="h100", prefill_queue="per-replica")  # fmt: skip
    lam = 1e10 / (64000 + 500) / 86400  # requests/s: tokens a day over tokens a request
    rho = lam * r.prefill_ms / 1e3 / r.prefill_replicas
    assert rho < 0.25
    (note,) = [n for n in r.notes if "busy" in n]
    assert f"each {rho:.1%} busy" in note and "M/D/c" in note
    short = infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500,
                  accelerator="h100")  # fmt: skip
    assert not any("busy" in n for n in short.notes)


def test_a_per_head_kernel_reads_no_more_for_the_copies() -> None:
    """A per-head kernel reads the KV once per query head (64 for Llama 3.1 70B), each
    on whichever accelerator holds its KV head's copy: the copies add no reads beyond
    that (a review of 2026-12-07: 27.19 ms against 18.35 with one copy, 45 % high)."""
    kw = dict(
        tokens_per_day=1e10, prompt_tokens=2000, output_tokens=500, accelerator="h100",
        replica_size=16, batch_size=64, tpot_ms=1e6, decode_attention="per-head",
    )  # fmt: skip
    heads = infer("llama-3.1-70b", **kw)
    batch = infer("llama-3.1-70b", kv_sharding="batch", **kw)
    assert heads.decode_step_ms == pytest.approx(batch.decode_step_ms, rel=1e-12)
    grouped = infer("llama-3.1-70b", **{**kw, "decode_attention": "grouped"})
    assert grouped.decode_step_ms < heads.decode_step_ms  # one KV pass x 2 < 8 passes
