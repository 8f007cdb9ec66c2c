"""A published run's MFU carried to another part and precision by one rule (user test s50 #1).

Rule (docs/workload.md, "A run's MFU at another precision"): the run's throughput is
kept as a fraction of its part's dense BF16 peak; that fraction of the costed part's
BF16 peak is its throughput there at any precision (precision changes the peak, not
the throughput); the MFU is that throughput over the costed part's peak at the asked
precision.

DeepSeek-V3 by hand (training_runs.csv: MFU 0.18749 of the H800's FP8 peak, 2,048
parts, goodput 1; 6 x 37e9 x 14.8e12 = 3.2856e24 FLOP; accelerators.csv peaks in
TFLOP/s dense: H800 989.4 BF16 / 1,978.9 FP8, Gaudi 3 1,835 / 1,835, TPU v5p 459 /
459, H100 989.4 / 1,978.9):

- BF16-basis MFU on the H800: 0.18749 x 1,978.9 / 989.4 = 0.37500.
- Gaudi 3 at FP8 (= its BF16 peak): MFU 0.375, days 3.2856e24 / (2,048 x 1.835e15 x
  0.375 x 86,400) = 26.98 (the old code put 0.1875 on it: 53.97 days, slower than an
  H100's 50.05).
- TPU v5p: 3.2856e24 / (2,048 x 4.59e14 x 0.375 x 86,400) = 107.9 days (old 215.8).
- Gaudi 3 at BF16: the same throughput, so the same 26.98 days.
- H100 at FP8: 0.375 x 989.4 / 1,978.9 = 0.18749, the run's own figure, unchanged.
"""

from __future__ import annotations

import pytest

FLOP = 6 * 37e9 * 14.8e12
SECONDS_PER_DAY = 86_400
MFU_BF16 = 0.18749 * 1978.9 / 989.4


def _days(peak: float, mfu: float) -> float:
    return FLOP / (2048 * peak * mfu) / SECONDS_PER_DAY


@pytest.mark.parametrize(
    ("part", "precision", "bf16_peak"),
    [
        ("gaudi3", "fp8", 1.835e15),
        ("gaudi3", "bf16", 1.835e15),
        ("tpu-v5p", "fp8", 4.59e14),
        ("h100", "bf16", 989.4e12),
        ("h100", "fp8", 989.4e12),
    ],
)
def test_throughput_is_the_bf16_fraction_of_the_costed_part(
    run_cli, part: str, precision: str, bf16_peak: float
) -> None:
    res = run_cli("train", "-m", "deepseek-v3", "-a", part, "--precision", precision, "--json")
    assert res.code == 0, res.err
    d = res.json()
    # precision changes the peak, not the throughput: the days are the BF16 fraction
    assert d["days"] == pytest.approx(_days(bf16_peak, MFU_BF16), rel=1e-4)


def test_gaudi3_by_hand(run_cli) -> None:
    d = run_cli("train", "-m", "deepseek-v3", "-a", "gaudi3", "--json").json()
    assert d["mfu"] == pytest.approx(0.375, rel=1e-4)
    assert round(d["days"], 1) == 27.0
    assert d["mfu_converted_from"] == "fp8"
    carried = [n for n in d["notes"] if "deepseek-v3's on h800" in n]
    assert carried and "unchanged" not in carried[0]


def test_tpu_v5p_by_hand(run_cli) -> None:
    d = run_cli("train", "-m", "deepseek-v3", "-a", "tpu-v5p", "--json").json()
    assert round(d["days"], 1) == 107.9


def test_a_faster_part_is_not_slower(run_cli) -> None:
    """Invariant: at the same MFU basis, a part with a higher BF16 peak finishes sooner."""
    g = run_cli("train", "-m", "deepseek-v3", "-a", "gaudi3", "--json").json()
    h = run_cli("train", "-m", "deepseek-v3", "-a", "h100", "--json").json()
    assert g["days"] < h["days"]
    assert h["days"] / g["days"] == pytest.approx(1.835e15 / 989.4e12, rel=1e-3)


def test_same_ratio_part_at_the_runs_precision_is_unchanged(run_cli) -> None:
    """H100 and H800 have the same peaks: the run's MFU applies as published."""
    d = run_cli("train", "-m", "deepseek-v3", "-a", "h100", "--json").json()
    assert d["mfu"] == pytest.approx(0.18749, rel=1e-9)
    assert d["mfu_converted_from"] == ""
    assert any("applied unchanged to h100-sxm" in n for n in d["notes"])
