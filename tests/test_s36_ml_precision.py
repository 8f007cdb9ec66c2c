"""S36 ML-FIX #1 (UT-ML 2026-12-04 #1): a published run's MFU is tied to the precision
it was measured at. At another precision the run's throughput is kept, so the days do
not change with the precision (checked by hand against the published figures)."""

from __future__ import annotations

import pytest

from tigris.workload import train

SECONDS_PER_DAY = 86_400.0
H100_BF16 = 989.4e12  # dense BF16 FLOP/s, NVIDIA H100 datasheet
H100_FP8 = 1978.9e12  # dense FP8 FLOP/s


def test_llama_405b_fp8_keeps_the_runs_throughput() -> None:
    """3.8e25 FLOP on 16,384 H100 at the published BF16 MFU 0.40 and goodput 0.90 is
    75.37 days by hand; at FP8 the MFU is 0.40 x 989.4 / 1,978.9 = 0.20 of the FP8 peak
    and the days stay 75.37 (HEAD~1 gave 37.68 with 0.40 of the FP8 peak)."""
    days = 3.8e25 / (16_384 * H100_BF16 * 0.40 * 0.90) / SECONDS_PER_DAY
    assert days == pytest.approx(75.37, abs=0.01)
    r = train("llama-3.1-405b", precision="fp8")
    assert r.days == pytest.approx(days, rel=1e-9)
    assert r.mfu == pytest.approx(0.40 * H100_BF16 / H100_FP8, rel=1e-9)
    assert r.mfu_converted_from == "bf16"
    assert any("is against its bf16 peak" in n for n in r.notes)


def test_deepseek_v3_row_says_fp8() -> None:
    """DeepSeek-V3 trained in FP8 (arXiv 2412.19437, Sec. 3.3): the row's precision is
    FP8, so without --precision the run is costed at FP8, and at BF16 the same
    throughput (Epoch's 0.375 of the BF16 peak) gives the same days."""
    r = train("deepseek-v3")
    assert r.precision == "fp8"
    assert r.mfu_converted_from == ""
    b = train("deepseek-v3", precision="bf16")
    assert b.mfu == pytest.approx(0.375, rel=1e-5)
    assert b.days == pytest.approx(r.days, rel=1e-9)
    # 6 x 37e9 x 14.8e12 on 2,048 H800 at 0.375 of 989.4 TFLOP/s, goodput 1
    hand = 6 * 37e9 * 14.8e12 / (2048 * H100_BF16 * 0.375) / SECONDS_PER_DAY
    assert r.days == pytest.approx(hand, rel=1e-5)


def test_given_mfu_is_not_converted() -> None:
    """--mfu is the user's, against the precision asked: not converted."""
    r = train("llama-3.1-405b", precision="fp8", mfu=0.3)
    assert r.mfu == pytest.approx(0.3)
    assert r.mfu_converted_from == ""


def test_h100e_is_on_the_bf16_basis_at_any_precision() -> None:
    """docs/nomenclature.md: h100e = dense BF16 peak / the H100's 989.4 TFLOP/s, as the
    plan counts products. DeepSeek-V3's 2,048 H800 (989.4 TFLOP/s BF16) are 2,048 H100e
    at its own FP8 (HEAD~1 of this test gave 4,096, the FP8 peak over the H100's BF16)."""
    r = train("deepseek-v3")
    assert r.h100e_per_accelerator == pytest.approx(1.0)
    assert r.accelerators * r.h100e_per_accelerator == pytest.approx(2048)
    assert train("llama-3.1-405b", precision="fp8").h100e_per_accelerator == pytest.approx(1.0)
