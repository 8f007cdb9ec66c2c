"""Scale-out nodes of the 2026-12-04 parts and a B200 rent (SCALEOUT, session 34).

data/inference_scale_out.csv, read from the vendors' pages:

- Trainium2: a trn2-16.48xlarge of 16 joined by NeuronLink-v3, 3,200 Gb/s of EFA per
  instance (AWS Neuron docs, trn2-arch) = 200 Gb/s = 25 GB/s a chip, one way;
- Trainium3: a Trn3 Gen2 UltraServer of 144, 28,800 Gb/s of EFA (trn3-arch) = 25 GB/s;
- MI355X: 8 a node with 8 Pollara 400 NICs, 1:1 (AMD ROCm docs) = 50 GB/s;
- MI455X: a Helios rack of 72, 300 GB/s scale-out a GPU (AMD, announced for 2026);
- Ascend 910C: a CloudMatrix384 of 384, up to 400 Gb/s of RDMA a NPU = 50 GB/s.

Before these rows each part had no node: a replica of any size was one scale-up domain
and its MoE all-to-all never crossed a NIC (docs/workload.md, MoE all-to-all).

data/prices.csv: the B200 rents at US$5.30 an hour in 2026 (Silicon Data's B200 rental
index SDB200RT, spot); before the row it rented at the US$2 default (DeepSeek-V3's H800
assumption), below the H100's US$2.35.
"""

from __future__ import annotations

import pytest

from tigris.catalog import get_accelerator
from tigris.workload import infer
from tigris.workload._common import rental_rate
from tigris.workload.inference_data import scale_out

#: DeepSeek-V3: 58 MoE layers, d_model 7,168, top-8 routed experts (its config)
L_MOE, D_MODEL, TOP_K = 58, 7168, 8
#: Decode dispatch in FP8 (1 byte) and combine in BF16 (2 bytes) a value
FP8_BYTES = 1 + 2


def test_rows_are_the_vendor_figures() -> None:
    """Each row's node and NIC from the page's own numbers, one direction a NIC."""
    assert scale_out("trainium2") == (16.0, 3200 / 16 / 8)
    assert scale_out("trainium3") == (144.0, 28800 / 144 / 8)
    assert scale_out("mi355x") == (8.0, 400 / 8)
    assert scale_out("ascend-910c") == (384.0, 400 / 8)
    node, nic = scale_out("mi455x")
    assert node == 72.0 and nic == 300.0
    # AMD's "up to 43 TB/s" scale-out a Helios rack is 72 x 300 GB/s both ways,
    # as its 260 TB/s scale-up is 72 x 3.6 TB/s both ways (the mi455x scale-up row)
    assert 72 * nic * 2 / 1000 == pytest.approx(43, rel=0.01)
    # Trn3 Gen1 (64 chips, 12,800 Gb/s of EFA) has the same NIC a chip
    assert scale_out("trainium3")[1] == 12800 / 64 / 8


def _decode_kw(accelerator: str, replica: int) -> dict[str, object]:
    return {
        "model": "deepseek-v3",
        "accelerator": accelerator,
        "precision": "fp8",
        "tokens_per_day": 1e11,
        "prompt_tokens": 2000,
        "output_tokens": 1000,
        "replica_size": replica,
        "all_to_all_efficiency": 0.8,
        "scale_out_efficiency": 0.744,
        "tpot_ms": 400,
    }


def test_trainium2_replica_of_two_instances_crosses_efa() -> None:
    """DeepSeek-V3 in FP8 on decode replicas of 32 Trainium2 (two trn2-16 instances):
    of a token's 8 copies 8 x 16 / 32 = 4 leave the instance at 25 GB/s x 0.744 and
    8 x 15 / 32 = 3.75 stay on NeuronLink-v3 (1,280 GB/s read as both ways: 640 each
    way) x 0.8. By hand the EFA term binds and is the reported all-to-all; as one
    domain of 32 (no row, as before) the all-to-all is shorter."""
    kw = _decode_kw("trainium2", 32)
    r = infer(**kw)
    assert (r.node_size, r.scale_out_gb_per_s, r.interconnect_gb_per_s) == (16, 25, 1280)
    per_copy = L_MOE * r.batch_size / 32 * D_MODEL * FP8_BYTES
    nic = per_copy * 4 / (25e9 * 0.744)
    scale_up = per_copy * 3.75 / (640e9 * 0.8)
    assert scale_up < nic
    assert r.all_to_all_ms == pytest.approx(nic * 1e3, rel=1e-9)
    one_domain = infer(**kw, node_size=32)
    assert one_domain.node_size == 32
    assert one_domain.all_to_all_ms < r.all_to_all_ms


def test_mi355x_replica_of_two_nodes_crosses_the_pollara_nics() -> None:
    """DeepSeek-V3 in FP8 on decode replicas of 16 MI355X (two 8-GPU nodes): 4 copies
    leave the node at 50 GB/s x 0.744, 3.5 stay on Infinity Fabric (1,075 GB/s both
    ways, 537.5 each way) x 0.8; the NIC term is the reported all-to-all."""
    kw = _decode_kw("mi355x", 16)
    r = infer(**kw)
    assert (r.node_size, r.scale_out_gb_per_s, r.interconnect_gb_per_s) == (8, 50, 1075)
    per_copy = L_MOE * r.batch_size / 16 * D_MODEL * FP8_BYTES
    nic = per_copy * 4 / (50e9 * 0.744)
    assert per_copy * 3.5 / (537.5e9 * 0.8) < nic
    assert r.all_to_all_ms == pytest.approx(nic * 1e3, rel=1e-9)
    assert infer(**kw, node_size=16).all_to_all_ms < r.all_to_all_ms


def test_b200_rents_at_its_2026_index_price() -> None:
    """The B200's rent is the table's 2026 row, US$5.30 an hour, not the US$2 default;
    infer's $ per million tokens is accelerators x 24 h x 5.30 over the tokens."""
    rate, basis, note = rental_rate(get_accelerator("b200"), None)
    assert (rate, basis) == (5.30, "prices.csv")
    assert "B200's 2026 rent" in note and "Silicon Data" in note
    r = infer(
        "llama-3.1-405b", accelerator="b200", precision="fp8", tokens_per_day=1e10,
        prompt_tokens=1000, output_tokens=300,
    )  # fmt: skip
    assert r.rental_basis == "prices.csv" and r.usd_per_accelerator_hour == 5.30
    assert r.cost_usd_per_million_tokens == pytest.approx(r.accelerators * 24 * 5.30 / 1e4)
    # above the H100's 2026 rent (US$2.35), as the default (US$2) was not
    assert rate > rental_rate(get_accelerator("h100"), None)[0]
