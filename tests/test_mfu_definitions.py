"""The MFU definition audit of 2026-12-03 (third; docs/workload.md, "Definition audit
2026-12-03 (third)"): what each row of ``data/mfu_runs.csv`` measures, checked against
its sources' own numbers, and the fit kept on one definition (steady-state MFU, goodput
applied once)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tigris.errors import InputError
from tigris.validation import CASES
from tigris.workload import train
from tigris.workload.mfu import MFU_BASES, fit_mfu, mfu_runs

#: Published goodput default: Llama 3 405B, "higher than 90 % effective training time"
#: (Meta, arXiv 2407.21783, Sec. 3.3.4) [-].
LLAMA3_GOODPUT = 0.90
#: Dense tensor peak of a TPU v3 chip (Patterson et al. 2021, Table 4 footnote) [FLOP/s].
TPU_V3_PEAK = 123e12
#: Dense BF16 tensor peak of an A100 (NVIDIA A100 datasheet) [FLOP/s].
A100_PEAK = 312e12
SECONDS_PER_DAY = 86_400.0
FLOP_COUNTS = ("6nd", "6nd+attn", "hfu_converted", "unstated")


def _row(run: str) -> dict:
    return mfu_runs().set_index("run").loc[run].to_dict()


def test_every_row_says_what_its_mfu_measures() -> None:
    runs = mfu_runs()
    assert set(runs["mfu_basis"]) <= set(MFU_BASES)
    assert set(runs["flop_count"]) <= set(FLOP_COUNTS)
    # The audit found no whole-run figure among the rows: every source gives a
    # throughput, a step rate, a step time or a stated MFU.
    assert (runs["mfu_basis"] == "steady").all()


def test_gpt3_throughput_is_the_arithmetic_of_pattersons_days() -> None:
    """PaLM p. 9: GPT-3's 21.3 % rests on '24.6 non-attention model TFLOP/s per GPU,
    reported by OpenAI via Patterson et al. (2021)'. Patterson's Table 4 gives 3.14e23
    FLOP on 10,000 V100 in 14.8 days, which is that same throughput: the days are the
    throughput's arithmetic, not a separate whole-run figure, so the row stays steady
    and counts 6ND without attention."""
    per_gpu = 3.14e23 / (10_000 * 14.8 * SECONDS_PER_DAY)
    assert per_gpu == pytest.approx(24.6e12, rel=0.005)
    row = _row("gpt-3-175b")
    assert (row["mfu_basis"], row["flop_count"]) == ("steady", "6nd")


def test_gopher_mfu_from_palms_step_rate_counts_attention() -> None:
    """PaLM p. 9: Gopher's 32.5 % from 0.0152 steps/s. At Gopher's 6M-token batch
    (3,072 x 2,048, Rae et al. 2021 Table 1), 80 layers of width 16,384, on 4,096 TPU v3:
    with the attention term 12 L s d the step rate gives 32.5 %, without it 31.9 %."""
    tokens_per_s = 0.0152 * 3072 * 2048
    with_attn = tokens_per_s * (6 * 280e9 + 12 * 80 * 2048 * 16384) / (4096 * TPU_V3_PEAK)
    without = tokens_per_s * 6 * 280e9 / (4096 * TPU_V3_PEAK)
    row = _row("gopher-280b")
    assert row["mfu"] == pytest.approx(with_attn, abs=0.001)
    assert abs(row["mfu"] - without) > 0.005
    assert (row["mfu_basis"], row["flop_count"]) == ("steady", "6nd+attn")


def test_mt_nlg_mfu_from_its_step_time_with_attention() -> None:
    """PaLM p. 9: 29.7 % without self-attention, 30.2 % with, from 65.43K tokens/s:
    Smith et al. 2022's 60.1 s steps of 1,920 x 2,048 tokens on 2,240 A100 (105 layers,
    width 20,480)."""
    tokens_per_s = 1920 * 2048 / 60.1
    assert tokens_per_s == pytest.approx(65.43e3, rel=0.001)
    flop = 6 * 530e9 + 12 * 105 * 2048 * 20480
    assert tokens_per_s * flop / (2240 * A100_PEAK) == pytest.approx(0.302, abs=0.001)
    assert tokens_per_s * 6 * 530e9 / (2240 * A100_PEAK) == pytest.approx(0.297, abs=0.001)
    row = _row("mt-nlg-530b")
    assert (row["mfu"], row["flop_count"]) == (0.302, "6nd+attn")


def _toy(basis: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "run": ["a", "b"],
            "group": ["a", "b"],
            "params": [1e9, 1e9],
            "accelerator": "h100",
            "hardware_year": [2022, 2022],
            "accelerators": [8, 8],
            "precision": "bf16",
            "mfu": [0.36, 0.40],
            "mfu_basis": basis,
        }
    )


def test_a_whole_run_row_is_divided_by_the_goodput_default_once() -> None:
    """A whole-run figure is MFU x goodput: 0.36 over the default 0.90 is 0.40 while
    stepping, so a table of that row and a steady 0.40 fits the constant 0.40, while
    reading both as steady would give their geometric mean, sqrt(0.36 x 0.40)."""
    whole = math.exp(fit_mfu(_toy(["whole_run", "steady"]), ())["intercept"])
    assert whole == pytest.approx(0.36 / LLAMA3_GOODPUT)
    steady = math.exp(fit_mfu(_toy(["steady", "steady"]), ())["intercept"])
    assert steady == pytest.approx(math.sqrt(0.36 * 0.40))


def test_an_unknown_basis_is_refused_naming_the_column() -> None:
    with pytest.raises(InputError, match="mfu_basis") as err:
        fit_mfu(_toy(["whole run", "steady"]), ())
    assert [p.field for p in err.value.problems] == ["mfu_basis"]


def test_deepseek_hours_are_stepping_time_so_goodput_is_not_applied() -> None:
    """DeepSeek-V3 report (arXiv 2412.19437) Sec. 1: 'each trillion tokens requires
    180K H800 GPU hours, i.e. 3.7 days on our cluster with 2,048 H800 GPUs', and the
    pre-training stage 'costs 2664K GPU hours': 14.8T tokens x 180K exactly, so the
    hours carry no downtime and the case divides by MFU alone, not MFU x goodput."""
    assert pytest.approx(2664e3) == 14.8 * 180e3
    assert pytest.approx(3.7, abs=0.05) == 180e3 / 2048 / 24
    kw = {"params": 671e9, "active_params": 37e9, "tokens": 14.8e12}
    at_default = train(**kw, accelerator="h800", count=2048)
    assert at_default.goodput == pytest.approx(LLAMA3_GOODPUT)
    case = CASES["deepseek-v3-hours"]()
    assert case == pytest.approx(float(at_default.accelerator_hours) * LLAMA3_GOODPUT)


def test_nemotron_4_340b_mfu_from_its_iteration_time_counts_attention() -> None:
    """Nemotron-4 340B report Table 2 (as Epoch AI's notes give it): the 6,144-GPU stage
    steps 2,304 x 4,096 tokens in 8.0 s on H100 (989 TFLOP/s dense BF16); 96 layers of
    width 18,432. With the attention term that is 41.3 %, the row's 41 %; 6ND alone
    would be 39.6 %."""
    tokens_per_s = 2304 * 4096 / 8.0
    peak = 6144 * 989e12
    with_attn = tokens_per_s * (6 * 340e9 + 12 * 96 * 4096 * 18432) / peak
    row = _row("nemotron-4-340b")
    assert row["mfu"] == pytest.approx(with_attn, abs=0.005)
    assert abs(row["mfu"] - tokens_per_s * 6 * 340e9 / peak) > 0.01
    assert row["flop_count"] == "6nd+attn"
