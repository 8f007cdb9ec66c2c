"""Tensor-parallel all-reduces in serving: the ring formula against NCCL measurements,
the defaults against their rows, and what they do to a dense replica's step."""

from __future__ import annotations

import math
import statistics

import pytest

from tigris.data import load_rows
from tigris.errors import InputError
from tigris.workload import infer, workload_default
from tigris.workload.roofline import tp_all_reduce_s

ROWS = load_rows("inference_all_reduce")
LLAMA2_70B = {"model": "llama-2-70b", "tokens_per_day": 1e10}


def _one_all_reduce_us(size_bytes: float, g: int, bus_gb: float, floor_us: float) -> float:
    """One all-reduce of ``size_bytes``: tp_all_reduce_s counts 2 per layer, so half a
    layer of one token whose hidden state is the buffer."""
    t = tp_all_reduce_s(1, 0.5, size_bytes, 1, g, bus_gb * 1e9, 1.0, floor_us * 1e-6)
    return float(t) * 1e6


def test_ring_formula_against_nccl_tests_on_4_h100() -> None:
    """nccl-tests all_reduce_perf on 4 H100 (waynehacking8/nccl-collectives-bench,
    results/all_reduce.txt, eager, out-of-place): 4 MiB in 43.41 us, 16 MiB in 102.10 us,
    64 MiB in 325.86 us. The model with that run's own floor (23.1 us) and large-message
    busbw (366.37 GB/s): 23.1 + 1.5 x S / 366.37 GB/s = 40.3, 91.8, 297.9 us, within
    12 % of each measurement (the knee between floor and bandwidth is softer in life)."""
    for size, measured in ((4 * 2**20, 43.41), (16 * 2**20, 102.10), (64 * 2**20, 325.86)):
        model = _one_all_reduce_us(size, 4, 366.37, 23.1)
        assert model == pytest.approx(23.1 + 1.5 * size / 366.37e3, rel=1e-12)
        assert model == pytest.approx(measured, rel=0.12)
    # the small-message floor: 8 bytes took 22.72 us
    assert _one_all_reduce_us(8, 4, 366.37, 23.1) == pytest.approx(22.72, rel=0.05)


def test_defaults_are_the_medians_of_the_rows() -> None:
    """Efficiency = busbw / one-way link (366.37 / 450 = 0.814, 240 / 300 = 0.800);
    latency = the CUDA-graph floors (12.9 and 16.3 us), as serving engines replay decode
    steps as graphs."""
    eff = [
        float(r["bus_gb_per_s"]) / float(r["link_gb_per_s"])
        for r in ROWS
        if not math.isnan(float(r["bus_gb_per_s"]))
    ]
    assert eff == pytest.approx([366.37 / 450, 240 / 300])
    assert workload_default("all_reduce_efficiency") == pytest.approx(
        statistics.median(eff), abs=5e-4
    )
    graph = [float(r["latency_us"]) for r in ROWS if r["mode"] == "cuda graph"]
    assert sorted(graph) == [12.9, 16.3]
    assert workload_default("all_reduce_latency_us") == pytest.approx(statistics.median(graph))
    eager = [float(r["latency_us"]) for r in ROWS if r["mode"] == "eager"]
    assert min(eager) > max(graph)  # graphs remove the launch cost (the source's finding)


def test_no_all_reduce_on_one_accelerator_or_for_moe() -> None:
    """One accelerator reduces nothing; an MoE replica exchanges tokens by all-to-all
    with data-parallel attention (DeepSeek-V3 Sec. 3.4), so it counts no all-reduce."""
    assert tp_all_reduce_s(256, 80, 8192, 2, 1, 450e9, 0.8, 15e-6) == 0.0
    one = infer(
        "llama-3.1-8b", tokens_per_day=1e9, prompt_tokens=500, output_tokens=200, replica_size=1
    )
    assert one.all_reduce_ms == 0.0
    moe = infer(
        "deepseek-v3",
        accelerator="h800",
        precision="fp8",
        tokens_per_day=1e11,
        prompt_tokens=2000,
        output_tokens=500,
    )
    assert moe.all_reduce_ms == 0.0 and moe.all_to_all_ms > 0.0


def test_larger_replica_pays_more_all_reduce_and_can_lose() -> None:
    """At batch 1 the all-reduces are latency: 160 x 14.6 us = 2.34 ms on any replica
    of Llama 2 70B, plus a ring term that grows as 2 (g - 1) / g. Splitting over 8
    rather than 4 H100 halves the weight read but not this floor, so the step shrinks
    by less than half."""
    kw = {**LLAMA2_70B, "prompt_tokens": 100, "output_tokens": 100, "batch_size": 1}
    r4, r8 = (infer(**kw, replica_size=g) for g in (4, 8))
    assert r8.all_reduce_ms > r4.all_reduce_ms > 160 * 14.6e-3
    assert r8.decode_step_ms > r4.decode_step_ms / 2
    free = infer(**kw, replica_size=8, all_reduce_latency_us=0.0)
    assert free.all_reduce_ms < 0.02 and free.decode_step_ms < r8.decode_step_ms


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"all_reduce_efficiency": 0.0}, "all_reduce_efficiency"),
        ({"all_reduce_efficiency": 1.5}, "all_reduce_efficiency"),
        ({"all_reduce_latency_us": -1.0}, "all_reduce_latency_us"),
    ],
)
def test_bad_all_reduce_inputs(kw: dict[str, float], field: str) -> None:
    with pytest.raises(InputError) as info:
        infer(**LLAMA2_70B, prompt_tokens=100, output_tokens=100, **kw)
    assert info.value.problems[0].field == field
