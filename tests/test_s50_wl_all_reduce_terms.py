"""Tensor-parallel all-reduces: the latency term without a hidden size (user test s50
#2) and the out-of-reach line's three terms (s50 #3).

A tensor-parallel replica all-reduces twice a layer (Shoeybi et al. 2019, Sec. 3); each
call takes at least the fixed ``alpha`` (workload_defaults.csv
``all_reduce_latency_us``, 14.6 us), whatever the bytes. With 126 layers (Llama 3.1
405B) that is 2 x 126 x 14.6 us = 3.68 ms a step, known from --layers alone; only the
bandwidth term needs the hidden size. Before s50 a model given without --d-model or
--attn-dim dropped all of it: 192 H100 at step 14.99 ms "met" a 15 ms target that the
same model with its width (17.07 ms fastest) cannot.

Across nodes NCCL's tree adds ``2 ceil(log2 n)`` hops of ``all_reduce_net_hop_latency_us``
(5 us) to each call (roofline.tp_all_reduce_s). Llama 3.1 70B (80 layers, 160 calls)
on a replica of 32 in nodes of 8: n = 4, 4 hops = 20 us a call, 160 x 20 us = 3.2 ms;
the fixed part 160 x 14.6 us = 2.336 ms; the bytes of one sequence's 8,192 BF16 values
are the small rest.
"""

from __future__ import annotations

import math
import re

import pytest

from tigris.errors import InputError
from tigris.workload import infer, workload_default

SHAPE_405B = {
    "params": 405e9,
    "n_layers": 126,
    "n_kv_heads": 8,
    "head_dim": 128,
    "tokens_per_day": 1e10,
    "prompt_tokens": 1000,
    "output_tokens": 300,
}


def test_latency_counted_from_layers_alone() -> None:
    alpha_s = workload_default("all_reduce_latency_us") / 1e6
    r = infer(**SHAPE_405B)
    # at least 2 L alpha per step on any replica of more than one accelerator
    assert r.replica_size > 1  # the decode replica
    assert r.all_reduce_ms >= 2 * 126 * alpha_s * 1e3 * (1 - 1e-9)
    assert any("lower bound" in n for n in r.notes), r.notes


def test_a_target_the_latency_alone_misses_is_refused(run_cli) -> None:
    args = ["infer", "--params", "405e9", "--layers", "126", "--kv-heads", "8"]
    args += ["--head-dim", "128", "--tokens-per-day", "1e10", "--prompt-tokens", "1000"]
    args += ["--output-tokens", "300", "--tpot-ms", "15"]
    res = run_cli(*args)
    assert res.code == 2, res.out
    assert "out of reach" in res.err and "lower bound" in res.err


def test_python_api_refuses_too() -> None:
    with pytest.raises(InputError, match="out of reach"):
        infer(**SHAPE_405B, tpot_ms=15)


def test_out_of_reach_line_splits_fixed_hops_and_bytes(run_cli) -> None:
    args = ["infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e9"]
    args += ["--prompt-tokens", "1000", "--output-tokens", "300", "--tpot-ms", "2"]
    res = run_cli(*args)
    assert res.code == 2
    alpha_us = workload_default("all_reduce_latency_us")
    hop_us = workload_default("all_reduce_net_hop_latency_us")
    m = re.search(r"on a replica of (\d+)", res.err)
    assert m is not None, res.err
    g = int(m.group(1))
    assert g == 32, res.err  # the fastest replica of the user's report
    calls = 2 * 80
    nodes = g / 8
    fixed_ms = calls * alpha_us / 1e3
    hops_ms = calls * 2 * math.ceil(math.log2(nodes)) * hop_us / 1e3
    assert f"{fixed_ms:.4g} ms their fixed" in res.err, res.err
    got = re.search(r"([\d.]+) ms network hops", res.err)
    assert got is not None, res.err
    assert float(got.group(1)) == pytest.approx(hops_ms, rel=1e-3)
    total = float(re.search(r"of which ([\d.]+) ms tensor-parallel", res.err).group(1))
    moved = float(re.search(r"([\d.]+) ms moving the activations", res.err).group(1))
    assert fixed_ms + hops_ms + moved == pytest.approx(total, rel=1e-3)
