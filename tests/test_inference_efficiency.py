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


#: Default row and the rows it is the median of: prefill MFU is split by precision.
DEFAULT_ROWS = [
    ("decode_mbu", "decode_mbu", None),
    ("prefill_mfu", "prefill_mfu", "bf16"),
    ("prefill_mfu_fp8", "prefill_mfu", "fp8"),
    ("decode_mfu", "decode_mfu", None),
    ("all_to_all_efficiency", "all_to_all_efficiency", None),
    ("scale_out_all_to_all_efficiency", "scale_out_all_to_all_efficiency", None),
]


@pytest.mark.parametrize(("default", "metric", "precision"), DEFAULT_ROWS)
def test_defaults_are_the_medians_of_the_measurements(
    default: str, metric: str, precision: str | None
) -> None:
    """workload_defaults.csv rounds the median of the rows to 3 significant figures."""
    values = efficiency_values(metric, precision)
    assert len(values) >= 4
    assert all(0 < v <= 1 for v in values)
    assert workload_default(default) == pytest.approx(statistics.median(values), abs=5e-4)
    assert efficiency_median(metric, precision) == statistics.median(values)
    assert {m for _, m, _ in DEFAULT_ROWS} == set(EFFICIENCY_METRICS)


def test_every_fp8_prefill_row_is_below_every_16_bit_row() -> None:
    """Why prefill MFU has a default per precision: the two groups do not overlap
    (H100 FP8 0.23-0.45, A100 FP16 0.59-0.69; TensorRT-LLM v0.5), so one pooled median
    (0.518) describes neither."""
    assert max(efficiency_values("prefill_mfu", "fp8")) < min(
        efficiency_values("prefill_mfu", "bf16")
    )


#: TensorRT-LLM v1.0 perf-overview.md, ISL/OSL 128/128, FP8, Total Output Throughput:
#: (model, accelerator, TP, tok/s, params, layers, attention width).
TRTLLM_V1_128 = [
    ("llama-3.1-8b", "h100-sxm", 1, 28312, 8e9, 32, 4096),
    ("llama-3.1-8b", "h200", 1, 27911, 8e9, 32, 4096),
    ("llama-3.3-70b", "h100-sxm", 2, 6378, 70e9, 80, 8192),
    ("llama-3.3-70b", "h200", 1, 3803, 70e9, 80, 8192),
    ("llama-3.1-405b", "h100-sxm", 8, 3627, 405e9, 126, 16384),
    ("llama-3.1-405b", "h200", 8, 3814, 405e9, 126, 16384),
]


@pytest.mark.parametrize(("model", "acc", "tp", "tps", "n", "layers", "d"), TRTLLM_V1_128)
def test_decode_mfu_rows_are_max_load_flops_over_peak(
    model: str, acc: str, tp: int, tps: float, n: float, layers: int, d: int
) -> None:
    """Per output token of a 128-in/128-out request the engine does the prompt's and the
    answer's 2N each plus attention, 2 L d P^2 for the prompt and 4 L d (P + O/2) per
    answer token: Llama 3.1 8B on one H100, 28,312 x 32.13 GFLOP / 1,978.9 TFLOP/s =
    0.460."""
    p = o = 128
    flop = (2 * n * (p + o) + 2 * layers * d * p**2 + 4 * layers * d * o * (p + o / 2)) / o
    peak = get_accelerator(acc).peak_flop_per_s("fp8")
    row = next(
        r
        for r in ROWS
        if r["metric"] == "decode_mfu" and r["model"] == model and r["accelerator"] == acc
    )
    assert int(row["replica_size"]) == tp
    assert float(row["value"]) == pytest.approx(tps * flop / (tp * peak), abs=5e-5)


def test_decode_mfu_is_measured_below_prefill_mfu() -> None:
    """Decode at maximum load reaches less of the peak than a 2,048-token prefill (its
    small GEMMs, attention and scheduling), and no longer copies the prefill default."""
    assert workload_default("decode_mfu") < workload_default("prefill_mfu")


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


#: DeepEP docs/legacy.md (V1) low-latency kernels on H800, one CX7 400 Gb/s NIC per GPU
#: (~50 GB/s), 128 tokens per rank, hidden 7,168, top-8, FP8 dispatch, BF16 combine:
#: EP -> (dispatch us, combine us).
DEEPEP_LOW_LATENCY_US = {
    16: (118, 195),
    32: (155, 273),
    64: (173, 314),
    128: (192, 369),
    256: (194, 360),
}


def test_scale_out_efficiency_rows_are_deepeps_latencies() -> None:
    """Each scale-out row is the bytes that cross InfiniBand (the copies bound for the
    other nodes, 8 (EP - 8) / EP of 8 per token) over latency x 50 GB/s; DeepEP's own
    'RDMA bandwidth' column counts every copy, so it is the row / ((EP - 8) / EP) x 50."""
    rows = {
        (int(r["replica_size"]), str(r["precision"])): float(r["value"])
        for r in ROWS
        if r["metric"] == "scale_out_all_to_all_efficiency"
    }
    assert len(rows) == 2 * len(DEEPEP_LOW_LATENCY_US)
    for ep, (dispatch_us, combine_us) in DEEPEP_LOW_LATENCY_US.items():
        remote = 128 * 8 * (ep - 8) / ep * 7168
        assert rows[ep, "fp8"] == pytest.approx(remote / (dispatch_us * 1e-6 * 50e9), abs=1e-4)
        assert rows[ep, "bf16"] == pytest.approx(2 * remote / (combine_us * 1e-6 * 50e9), abs=1e-4)
    # DeepEP's table: EP 64 dispatch 43 GB/s and combine 46 GB/s of all copies
    assert rows[64, "fp8"] * 50 / (56 / 64) == pytest.approx(43, rel=0.03)
    assert rows[64, "bf16"] * 50 / (56 / 64) == pytest.approx(46, rel=0.03)


def test_deepep_low_latency_kernels_are_bandwidth_bound_across_nodes() -> None:
    """Why the scale-out efficiency is a bandwidth, applied to any token count: from EP 32
    to EP 256 the copies that leave the node grow 29 % (3/4 -> 31/32 of 8) and DeepEP's
    latencies 25 % (dispatch) and 32 % (combine), so the time is the bytes, not a fixed
    latency (which would stay flat)."""
    growth = (248 / 256) / (24 / 32)
    dispatch = DEEPEP_LOW_LATENCY_US[256][0] / DEEPEP_LOW_LATENCY_US[32][0]
    combine = DEEPEP_LOW_LATENCY_US[256][1] / DEEPEP_LOW_LATENCY_US[32][1]
    assert growth == pytest.approx(1.29, abs=0.01)
    assert dispatch == pytest.approx(growth, rel=0.05)
    assert combine == pytest.approx(growth, rel=0.05)
