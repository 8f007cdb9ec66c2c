"""A published run's MFU re-expressed at another precision on a part without its peak.

User test s48 #2: ``tigris train -m deepseek-v3 -a a100 --precision bf16`` failed with
"error: precision: a100-sxm-80gb has no dense fp8 peak ...; choose another
precision" although bf16 was chosen. DeepSeek-V3's MFU (training_runs.csv: 0.18749)
is of the H800's dense FP8 peak (1,978.9 TFLOP/s, accelerators.csv), a throughput of
0.18749 x 1,978.9 = 371.0 TFLOP/s; the H800's BF16 peak is 989.4 TFLOP/s, so the
BF16-basis MFU is 371.0 / 989.4 = 0.375, applied to the other part as any run's MFU
is. On 2,048 A100 (312 TFLOP/s BF16) with the run's goodput 1.0 the run's
6 x 37e9 x 14.8e12 = 3.286e24 FLOP take 3.286e24 / (2,048 x 312e12 x 0.375) s
= 158.7 days.

User test s48 #12: with PaLM (MFU 0.462 of TPU v4's BF16 peak) at fp8 on an H100 the
note said "the MFU 0.230988 is palm-540b's on tpu-v4, applied unchanged": 0.231 is
0.462 x 989.4 / 1,978.9, re-expressed, not unchanged, and other notes give 3 digits.
"""

from __future__ import annotations

import pytest

SECONDS_PER_DAY = 86_400


@pytest.mark.parametrize(("part", "peak"), [("a100", 312e12), ("tpu-v4", 275e12)])
def test_deepseek_v3_at_bf16_on_a_part_without_fp8(run_cli, part: str, peak: float) -> None:
    res = run_cli("train", "-m", "deepseek-v3", "-a", part, "--precision", "bf16", "--json")
    assert res.code == 0, res.err
    d = res.json()
    mfu_bf16 = 0.18749 * 1978.9 / 989.4
    assert d["mfu"] == pytest.approx(mfu_bf16, rel=1e-3)
    want = 6 * 37e9 * 14.8e12 / (2048 * peak * mfu_bf16) / SECONDS_PER_DAY
    assert d["days"] == pytest.approx(want, rel=1e-3)
    assert d["precision"] == "bf16"


def test_a100_days_by_hand(run_cli) -> None:
    d = run_cli("train", "-m", "deepseek-v3", "-a", "a100", "--precision", "bf16", "--json")
    assert round(d.json()["days"], 1) == 158.7


def test_the_same_conversion_as_on_an_h100(run_cli) -> None:
    """On an H100 (both peaks) the ratio is the same 2: the same BF16 MFU."""
    h = run_cli("train", "-m", "deepseek-v3", "-a", "h100", "--precision", "bf16", "--json")
    a = run_cli("train", "-m", "deepseek-v3", "-a", "a100", "--precision", "bf16", "--json")
    assert a.json()["mfu"] == pytest.approx(h.json()["mfu"], rel=1e-3)


def test_palm_at_fp8_is_not_applied_unchanged(run_cli) -> None:
    d = run_cli("train", "-m", "palm", "--precision", "fp8", "-a", "h100", "--json").json()
    carried = [n for n in d["notes"] if "palm-540b's on tpu-v4" in n]
    assert len(carried) == 1, d["notes"]
    assert "unchanged" not in carried[0]
    assert "0.231 " in carried[0] and "0.230988" not in carried[0]
