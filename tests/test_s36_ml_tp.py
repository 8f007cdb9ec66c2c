"""S36 ML-FIX #4 (UT-ML 2026-12-04 #4): a dense tensor-parallel replica larger than a
node all-reduces across the scale-out NICs. Checked by hand with NCCL's cross-node
cost (NVIDIA/nccl src/graph/tuning.cc: ring bus bandwidth = channels x inter-node
speed, one channel per NIC rail; tree latency 2 log2(nodes) network hops)."""

from __future__ import annotations

import pytest

from tigris.workload import infer
from tigris.workload.roofline import tp_all_reduce_s

NVLINK_BUS = 450e9 * 0.807  # H100 NVLink one way x all_reduce_efficiency [B/s]
ALPHA = 14.6e-6  # all_reduce_latency_us
HOP = 5.0e-6  # all_reduce_net_hop_latency_us (NCCL hwLat NET tree LL)
SO_EFF = 0.744  # scale_out_all_to_all_efficiency
GPT4 = {
    "tokens_per_day": 1e11,
    "prompt_tokens": 1000,
    "output_tokens": 300,
    "accelerator": "h100",
    "replica_size": 64,
}


def _hand_ms(batch: int, nic_gb: float) -> float:
    """GPT-4 (120 layers, hidden 10,752) on 64 H100 = 8 nodes of 8: 240 all-reduces of
    batch x 10,752 x 2 bytes, ring 2 x 63/64 passes at min(NVLink bus, 8 NICs)."""
    bus = min(NVLINK_BUS, 8 * nic_gb * 1e9 * SO_EFF)
    lat = ALPHA + 2 * 3 * HOP  # log2(8 nodes) = 3
    return 240 * (lat + 2 * 63 / 64 * batch * 10_752 * 2 / bus) * 1e3


@pytest.mark.parametrize("nic", [50.0, 5.0])
def test_gpt4_replica_over_nodes_costs_the_nics(nic: float) -> None:
    """HEAD~1 gave 20.68 ms at both 50 and 5 GB/s NICs (NVLink at any size)."""
    r = infer("gpt-4", scale_out_gb_per_s=nic, **GPT4)
    assert r.replica_size == 64 and r.node_size == 8
    assert r.all_reduce_ms == pytest.approx(_hand_ms(r.batch_size, nic), rel=1e-9)
    assert any("all-reduces cross nodes" in n for n in r.notes)


def test_scale_out_flag_moves_a_cross_node_replica() -> None:
    """At 5 GB/s the 8 NICs (29.8 GB/s) are the slowest link: the fleet grows."""
    fast = infer("gpt-4", scale_out_gb_per_s=50.0, **GPT4)
    slow = infer("gpt-4", scale_out_gb_per_s=5.0, **GPT4)
    assert slow.accelerators > fast.accelerators


def test_within_a_node_nothing_changes() -> None:
    """g <= G: the single-node ring of the 2.77 ms docstring example."""
    t = tp_all_reduce_s(
        64, 80, 8192, 2, 4, 450e9, 366 / 450, 13e-6, node_size=8, scale_out_bytes_per_s=1e9
    )
    assert t == pytest.approx(160 * (13e-6 + 1.5 * 64 * 8192 * 2 / 366e9), rel=1e-12)
    r = infer("llama-3.1-70b", tokens_per_day=1e11, prompt_tokens=1000, output_tokens=300)
    assert not any("all-reduces cross nodes" in n for n in r.notes)
