"""The MoE all-to-all latency floor of a replica inside one NVLink domain (stop 64).

The floor was DeepEP's pure-RDMA low-latency kernels (InfiniBand, H800) at every
degree, NVLink-only replicas too (Mixtral on 4 GPUs). The one published measurement
of the same dispatch and combine over NVLink alone, pplx-kernels' README (2025-03,
128 tokens per GPU, EP 8, 256 experts, top-8, hidden 7,168, FP8 dispatch, BF16
combine), is 83.6 + 102.3 us; a replica inside one domain now takes it, a replica
across domains keeps DeepEP's.
"""

from __future__ import annotations

import numpy as np
import pytest

#: pplx-kernels README, 'Benchmark Results', 128 tok per GPU, EP8: NVLINK Dispatch and
#: NVLINK Combine [us]
PPLX_NVLINK_EP8_US = 83.6 + 102.3
#: DeepEP docs/legacy.md, low-latency kernels (pure RDMA), EP 8 and EP 16 [us]
DEEPEP_EP8_US, DEEPEP_EP16_US = 77 + 114, 118 + 195
MOE_LAYERS = 58


def _service(node_size: float):
    from tigris.catalog import get_accelerator
    from tigris.workload.inference_data import all_to_all_latency_table
    from tigris.workload.serving import Service

    return Service(
        get_accelerator("h800"), 1e9, 100, 100, 37e9, 671e9, 35136, 1978.9e12, 72e9,
        3.35e12, 0.05, 2.0, 0.5, 0.5, 0.6, 0.0, moe_layers=MOE_LAYERS,
        experts_per_token=8, d_model=7168, node_size=node_size,
        all_to_all_latency=all_to_all_latency_table("rdma"),
        all_to_all_latency_nvlink=all_to_all_latency_table("nvlink"),
    )  # fmt: skip


def test_a_replica_in_one_domain_takes_the_nvlink_measurement() -> None:
    g = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    us = _service(8.0).all_to_all_floor_s(g) / MOE_LAYERS * 1e6
    np.testing.assert_allclose(us, [0, *[PPLX_NVLINK_EP8_US] * 3, DEEPEP_EP16_US], rtol=1e-12)


def test_a_replica_across_domains_keeps_the_infiniband_measurement() -> None:
    """Nodes of 4: a replica of 8 crosses the NICs (DeepEP's EP 8), one of 4 does not."""
    us = _service(4.0).all_to_all_floor_s(np.array([4.0, 8.0])) / MOE_LAYERS * 1e6
    np.testing.assert_allclose(us, [PPLX_NVLINK_EP8_US, DEEPEP_EP8_US], rtol=1e-12)


def test_a_large_domain_beyond_the_nvlink_measurement_takes_the_measured_degree() -> None:
    """A 72-GPU domain (NVL72) at EP 64: no NVLink measurement at that degree, so the
    only one at it (DeepEP's EP 64, 173 + 314 us), not EP 8's NVLink value stretched."""
    us = _service(72.0).all_to_all_floor_s(np.array([64.0])) / MOE_LAYERS * 1e6
    np.testing.assert_allclose(us, [173 + 314], rtol=1e-12)


def test_infer_mixtral_on_four_gpus_uses_the_nvlink_floor(run_cli) -> None:
    """End to end: the decode step's all-to-all of Mixtral 8x7B (32 MoE layers, the
    Mixtral paper) on replicas of 4 H100 at a batch the floor binds is 32 x 185.9 us,
    and --all-to-all-latency-us still puts its figure at every degree."""
    base = (
        "infer", "--model", "mixtral-8x7b", "--accelerator", "h100", "--replica-size", "4",
        "--tokens-per-day", "1e10", "--prompt-tokens", "1000", "--output-tokens", "200",
        "--json",
    )  # fmt: skip
    doc = run_cli(*base).json()
    assert doc["all_to_all_ms"] == pytest.approx(32 * PPLX_NVLINK_EP8_US / 1e3, rel=1e-9)
    given = run_cli(*base, "--all-to-all-latency-us", str(PPLX_NVLINK_EP8_US)).json()
    assert given["decode_step_ms"] == pytest.approx(doc["decode_step_ms"], rel=1e-9)
    rdma = run_cli(*base, "--all-to-all-latency-us", str(DEEPEP_EP8_US)).json()
    assert rdma["all_to_all_ms"] == pytest.approx(32 * DEEPEP_EP8_US / 1e3, rel=1e-9)
