"""A user part whose FP8 peak falls below its BF16 peak is refused (UT-CLAIMS D7).

The README's "your own accelerator" example (``based_on: h100`` with a 100x BF16 peak
and no FP8) copied the H100's FP8 peak, 1.979e15 FLOP/s, under a BF16 peak of
9.894e16: ``train --precision fp8`` then ran 50x slower than at bf16, silently. Every
shipped part runs FP8 at one to two times its BF16 dense peak (NVIDIA H100 SXM datasheet:
989.4 / 1,978.9 TFLOP/s dense; TPU v5p and Gaudi 3 list the same figure for both).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.catalog import load_catalog

README_PART = (
    "accelerators:\n"
    "  - name: neuro-npu\n"
    "    based_on: h100\n"
    "    peak_bf16_flop_per_s: 9.894e16\n"
    "    source: 'Vendor claim, press release 2024-03'\n"
    "    as_of: 2024-03\n"
)


def _write(tmp_path: Path, text: str, name: str = "parts.yaml") -> Path:
    f = tmp_path / name
    f.write_text(text, encoding="utf-8")
    return f


def test_shipped_parts_run_fp8_at_least_as_fast_as_bf16() -> None:
    for name, part in load_catalog().items():
        bf16, fp8 = part.peak_bf16_flop_per_s, part.peak_fp8_flop_per_s
        if bf16 is not None and fp8 is not None:
            assert fp8 >= bf16, name


def test_readme_part_without_fp8_is_refused(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    f = _write(tmp_path, README_PART)
    res = run_cli("catalog", "neuro-npu", "--accelerators", str(f))
    # the line of the BF16 figure that left the copied FP8 behind; the hint is the
    # H100's own ratio, 1,978.9 / 989.4 = 2.0001, times 9.894e16 = 1.979e17
    assert_one_line_error(
        res, f"{f}:4:", "accelerators.0.peak_fp8_flop_per_s", "copied from h100-sxm", "1.979e+17"
    )
    res = run_cli(
        "train", "--model", "gpt-4", "-a", "neuro-npu", "--accelerators", str(f),
        "--count", "25000", "--precision", "fp8",
    )  # fmt: skip
    assert_one_line_error(res, "peak_fp8_flop_per_s")


def test_given_fp8_below_bf16_is_refused_at_its_line(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = README_PART.replace(
        "    source:", "    peak_fp8_flop_per_s: 1.0e16\n    source:"
    )  # line 5
    f = _write(tmp_path, text)
    res = run_cli("catalog", "neuro-npu", "--accelerators", str(f))
    assert_one_line_error(res, f"{f}:5:", "accelerators.0.peak_fp8_flop_per_s", "below")


def test_same_refusal_through_a_data_overlay(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    f = _write(tmp_path, README_PART, "overlay.yaml")
    res = run_cli("catalog", "neuro-npu", "--data", str(f))
    assert_one_line_error(res, "accelerators.0.peak_fp8_flop_per_s")


def test_part_with_both_peaks_is_accepted_and_fp8_is_faster(
    run_cli: Callable[..., CliResult], tmp_path: Path
) -> None:
    text = README_PART.replace("    source:", "    peak_fp8_flop_per_s: 1.979e17\n    source:")
    f = _write(tmp_path, text)
    res = run_cli("catalog", "neuro-npu", "--accelerators", str(f), "--json")
    assert res.code == 0, res.err
    assert res.json()["peak_fp8_flop_per_s"] == 1.979e17
    days, run_days = {}, {}
    for precision in ("bf16", "fp8"):
        base = ("train", "--model", "gpt-4", "-a", "neuro-npu", "--accelerators", str(f),
                "--count", "25000", "--precision", precision, "--json")  # fmt: skip
        res = run_cli(*base, "--mfu", "0.3")
        assert res.code == 0, res.err
        days[precision] = res.json()["days"]
        run_days[precision] = run_cli(*base).json()["days"]
    # the same MFU on the higher FP8 peak is faster ...
    assert days["fp8"] < days["bf16"]
    # ... but the run's own (BF16) MFU keeps its throughput at FP8 (S36 ML-FIX, UT-ML #1:
    # it was put on the FP8 peak, halving the days)
    assert run_days["fp8"] == pytest.approx(run_days["bf16"], rel=1e-9)
    # an equal FP8 and BF16 peak (as TPU v5p, Gaudi 3) is accepted
    f2 = _write(tmp_path, text.replace("1.979e17", "9.894e16"), "equal.yaml")
    assert run_cli("catalog", "neuro-npu", "--accelerators", str(f2)).code == 0


def test_fp8_just_below_bf16_is_refused(run_cli: Callable[..., CliResult], tmp_path: Path) -> None:
    """The boundary itself: 1 % below the BF16 peak is below it (equal is accepted above)."""
    text = README_PART.replace(
        "    source:", "    peak_fp8_flop_per_s: 9.795e16\n    source:"
    )  # 0.99 x 9.894e16, line 5
    f = _write(tmp_path, text)
    res = run_cli("catalog", "neuro-npu", "--accelerators", str(f))
    assert_one_line_error(res, f"{f}:5:", "accelerators.0.peak_fp8_flop_per_s", "below")
