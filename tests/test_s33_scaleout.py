"""Scale-out nodes of the 2026-12-04 parts (data/inference_scale_out.csv, SCALEOUT).

Gaudi 3: an HLS-3 box of 8, 3 x 200 GbE scale-out ports each = 75 GB/s one way.
Maia 100: a node of 4, 3 x 400 GbE to the T0 switches each = 150 GB/s one way.
Before these rows both parts had no node: a replica of any size was one scale-up
domain and its MoE all-to-all never crossed a NIC (docs/workload.md, MoE all-to-all).
"""

from __future__ import annotations

import pytest

from tigris.workload import infer
from tigris.workload.inference_data import scale_out
from tigris.workload.roofline import all_to_all_s

#: DeepSeek-V3: 58 MoE layers, d_model 7,168, top-8 routed experts (its config)
L_MOE, D_MODEL, TOP_K = 58, 7168, 8


def test_rows_are_the_cited_ports() -> None:
    """75 = 3 x 200 Gb/s / 8 and 150 = 3 x 400 Gb/s / 8 GB/s, one direction."""
    assert scale_out("gaudi3") == (8.0, 3 * 200 / 8)
    assert scale_out("maia100") == (4.0, 3 * 400 / 8)


def test_gaudi3_replica_of_two_boxes_crosses_the_nics() -> None:
    """DeepSeek-V3 in FP8 on decode replicas of 16 Gaudi 3 (two HLS-3 boxes): of a
    token's 8 copies 8 x 8 / 16 = 4 leave the box at 75 GB/s x 0.744 and 8 x 7 / 16 =
    3.5 stay on the 525 GB/s-each-way scale-up ports x 0.8; dispatch FP8 + combine BF16
    = 3 bytes a value. By hand the NIC term binds and is the reported all-to-all;
    with --node-size 16 (one domain, as before the row) it is not."""
    kw = {
        "model": "deepseek-v3",
        "accelerator": "gaudi3",
        "precision": "fp8",
        "tokens_per_day": 1e11,
        "prompt_tokens": 2000,
        "output_tokens": 1000,
        "replica_size": 16,
        "all_to_all_efficiency": 0.8,
        "scale_out_efficiency": 0.744,
        "tpot_ms": 400,
    }
    r = infer(**kw)
    assert (r.node_size, r.scale_out_gb_per_s, r.interconnect_gb_per_s) == (8, 75, 1050)
    per_copy = L_MOE * r.batch_size / 16 * D_MODEL * 3
    nic = per_copy * 4 / (75e9 * 0.744)
    scale_up = per_copy * 3.5 / (525e9 * 0.8)
    assert scale_up < nic
    assert r.all_to_all_ms == pytest.approx(nic * 1e3, rel=1e-9)
    one_domain = infer(**kw, node_size=16)
    assert one_domain.node_size == 16
    assert one_domain.all_to_all_ms < r.all_to_all_ms


def test_maia100_node_of_four_bounds_the_scale_up_domain() -> None:
    """Maia 100 holds DeepSeek-V3 only in BF16 (no FP8 peak in the catalog) on 64 parts
    (64 GB each): 16 nodes of 4. infer reports the node and NIC; the all-to-all formula
    with them sends 8 x 60 / 64 = 7.5 copies over 150 GB/s NICs and 8 x 3 / 64 = 0.375
    over the 450 GB/s-each-way in-node ports (BF16 dispatch and combine, 4 bytes)."""
    r = infer(
        "deepseek-v3", accelerator="maia100", precision="bf16", tokens_per_day=1e11,
        prompt_tokens=2000, output_tokens=1000, replica_size=64, tpot_ms=400,
    )  # fmt: skip
    assert (r.node_size, r.scale_out_gb_per_s, r.interconnect_gb_per_s) == (4, 150, 900)
    b = 1024
    t = all_to_all_s(
        b, L_MOE, TOP_K, D_MODEL, 2, 64, 450e9, 0.8,
        combine_bytes_per_value=2, node_size=4, scale_out_bytes_per_s=150e9,
        scale_out_efficiency=0.744,
    )  # fmt: skip
    per_copy = L_MOE * b / 64 * D_MODEL * 4
    assert t == pytest.approx(
        max(per_copy * 7.5 / (150e9 * 0.744), per_copy * 0.375 / (450e9 * 0.8)), rel=1e-12
    )
