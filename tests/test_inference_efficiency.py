"""Decode and prefill efficiency defaults come from published measurements (each row of
``inference_efficiency.csv`` re-derived here from the figure it quotes)."""

from __future__ import annotations

import statistics

import pytest

from tigris.catalog import get_accelerator
from tigris.data import load_rows
from tigris.workload import workload_default
from tigris.workload.inference_data import (
    EFFICIENCY_METRICS,
    efficiency_median,
    efficiency_values,
)

ROWS = load_rows("inference_efficiency")


@pytest.mark.parametrize("metric", EFFICIENCY_METRICS)
def test_defaults_are_the_medians_of_the_measurements(metric: str) -> None:
    """workload_defaults.csv rounds the median of the rows to 3 significant figures."""
    values = efficiency_values(metric)
    assert len(values) >= 4
    assert all(0 < v <= 1 for v in values)
    assert workload_default(metric) == pytest.approx(statistics.median(values), abs=5e-4)
    assert efficiency_median(metric) == statistics.median(values)


def test_decode_mfu_follows_prefill_mfu() -> None:
    assert workload_default("decode_mfu") == workload_default("prefill_mfu")


def test_gpt_fast_rows_are_achieved_over_peak_bandwidth() -> None:
    """gpt-fast README: GB/s achieved per A100-80GB at batch 1; the catalog's peak is
    2,039 GB/s (A100 datasheet). 7B at TP1: 1,397.31 / 2,039 = 0.685."""
    peak = get_accelerator("a100-sxm-80gb").memory_bw_gb_per_s
    assert peak == 2039
    mbu = [r for r in ROWS if r["metric"] == "decode_mbu"]
    for r in mbu:
        achieved = float(str(r["measured"]).split(" GB/s")[0])
        assert float(r["value"]) == pytest.approx(achieved / peak, abs=5e-5)
    assert float(mbu[0]["value"]) == pytest.approx(0.685, abs=5e-4)


# TensorRT-LLM v0.5 first-token latency, batch 1, 2,048 tokens: (model, accelerator,
# TP, ms) with (params, layers, attention width) from the model papers
_TRT = {
    ("gpt-j-6b", "h100-sxm", 1, 29): (6.05e9, 28, 4096),
    ("llama-2-70b", "h100-sxm", 4, 109): (70e9, 80, 8192),
    ("falcon-180b", "a100-sxm-80gb", 8, 509): (180e9, 80, 232 * 64),
}


@pytest.mark.parametrize(("key", "arch"), list(_TRT.items()))
def test_tensorrt_rows_are_prompt_flops_over_latency_and_peak(
    key: tuple[str, str, int, int], arch: tuple[float, int, int]
) -> None:
    """MFU = (2 N P + 2 L d P^2) / (latency x TP x peak), P = 2,048; peaks from the
    catalog (H100 FP8 1,978.9 TFLOP/s, A100 BF16/FP16 312 TFLOP/s)."""
    model, acc, tp, ms = key
    n, layers, d = arch
    prec = "fp8" if acc == "h100-sxm" else "bf16"
    peak = get_accelerator(acc).peak_flop_per_s(prec)
    flop = 2 * n * 2048 + 2 * layers * d * 2048**2
    row = next(
        r
        for r in ROWS
        if r["metric"] == "prefill_mfu" and r["model"] == model and r["accelerator"] == acc
    )
    assert int(row["replica_size"]) == tp
    assert float(row["value"]) == pytest.approx(flop / (ms / 1e3 * tp * peak), abs=5e-4)


def test_all_to_all_rows_against_link_bandwidth() -> None:
    """DeepEP: 153 GB/s on H800 NVLink (400 GB/s both ways, 200 one way) = 0.765;
    726 GB/s on B200 NVLink 5 (900 one way) = 0.807."""
    vals = {r["name"]: float(r["value"]) for r in ROWS if r["metric"] == "all_to_all_efficiency"}
    assert vals["deepep h800 ep8 dispatch"] == pytest.approx(153 / 200, abs=5e-5)
    assert vals["deepep b200 ep8 dispatch"] == pytest.approx(726 / 900, abs=5e-5)


def test_measured_mbu_falls_as_each_gpu_holds_less() -> None:
    """A world check on the rows: splitting Llama 2 7B over more GPUs (smaller reads
    per GPU, fixed overheads) lowers gpt-fast's MBU monotonically."""
    seven = [
        float(r["value"])
        for r in ROWS
        if r["metric"] == "decode_mbu" and r["model"] == "llama-2-7b"
    ]
    assert seven == sorted(seven, reverse=True)
