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
from tigris.workload.mfu import MFU_BASES, fit_mfu, leave_one_out, mfu_runs

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


#: Llama 3.1 405B: 405e9 params x 15.6e12 tokens (Meta, arXiv 2407.21783) in 30.84M
#: H100-80GB GPU-hours (Llama 3.1 model card, MODEL_CARD.md), whose stages ran at 38-43 %
#: BF16 MFU while stepping (the same paper, Table 4) [-].
LLAMA31_FLOP = 6 * 405e9 * 15.6e12
LLAMA31_GPU_HOURS = 30.84e6
LLAMA31_STEADY_RANGE = (0.38, 0.43)
#: Dense BF16 peak of an H100 SXM (NVIDIA H100 datasheet: 989.4 TFLOP/s) [FLOP/s].
H100_PEAK = 989.4e12


def _llama31_whole_run_row(basis: str, mfu: float) -> pd.DataFrame:
    """Llama 3.1 405B's model-card hours as one row of the runs table (its own group, so
    the shipped Table 4 rows do not predict it as themselves)."""
    return pd.DataFrame(
        {
            "run": ["llama-3.1-405b-model-card"],
            "group": ["llama-3.1-405b-model-card"],
            "params": [405e9],
            "accelerator": ["h100-sxm"],
            "hardware_year": [2022],
            "run_year": [2024],
            "accelerators": [16384],
            "precision": ["bf16"],
            "mfu": [mfu],
            "mfu_basis": [basis],
            "flop_count": ["6nd"],
        }
    )


def test_a_real_whole_run_figure_converts_into_its_runs_steady_range() -> None:
    """A real whole-run row: Llama 3.1 405B's 3.79e25 model FLOPs over its model card's
    30.84M H100-hours at 989.4 TFLOP/s is 34.5 %, below every MFU Meta states for the
    run's stages while stepping (38-43 %, Table 4): whole-run utilisation holds the
    downtime. Divided once by the goodput default (0.90, Meta's own 'higher than 90 %
    effective training time') it is 38.3 %, inside that range; read as steady (no
    division) or multiplied by goodput it is not."""
    whole = LLAMA31_FLOP / (LLAMA31_GPU_HOURS * 3600 * H100_PEAK)
    assert whole == pytest.approx(0.345, abs=0.001)
    lo, hi = LLAMA31_STEADY_RANGE
    assert whole < lo
    steady = math.exp(fit_mfu(_llama31_whole_run_row("whole_run", whole), ())["intercept"])
    assert lo <= steady <= hi
    assert steady == pytest.approx(whole / LLAMA3_GOODPUT, rel=1e-9)


def test_a_rows_leave_one_out_error_does_not_depend_on_its_basis() -> None:
    """The same run written as a whole-run figure or as its steady-state equivalent (the
    figure over the goodput default) is one measurement: next to the shipped rows, its
    leave-one-out prediction is in its own basis (x goodput when whole-run), so its error
    and every other row's are the same either way."""
    whole = LLAMA31_FLOP / (LLAMA31_GPU_HOURS * 3600 * H100_PEAK)
    shipped = mfu_runs().drop(columns=["mfu_bf16"])
    as_whole = pd.concat([shipped, _llama31_whole_run_row("whole_run", whole)])
    as_steady = pd.concat(
        [shipped, _llama31_whole_run_row("steady", whole / LLAMA3_GOODPUT)], ignore_index=True
    )
    a = leave_one_out(runs=as_whole.reset_index(drop=True)).set_index("run")
    b = leave_one_out(runs=as_steady).set_index("run")
    run = "llama-3.1-405b-model-card"
    assert a.loc[run, "published_mfu"] == pytest.approx(whole)
    assert a.loc[run, "predicted_mfu"] == pytest.approx(
        b.loc[run, "predicted_mfu"] * LLAMA3_GOODPUT, rel=1e-9
    )
    assert a["error"].to_numpy() == pytest.approx(b["error"].to_numpy(), rel=1e-9)


def _megatron_flop_per_token(
    layers: int, width: int, heads: int, groups: int, seq: int, ffn: int, vocab: int
) -> float:
    """Model FLOPs per token as Megatron-LM counts them (``num_floating_point_operations``
    in megatron/training/training.py, 2024; Narayanan et al. 2021 Sec. 5.1 with grouped
    queries): 12 L h^2 [(1 + g/a + s/h) + f/h + V/(2 L h)], weights, attention scores
    and logits, forward and backward without recomputation [FLOP]."""
    bracket = (1 + groups / heads + seq / width) + ffn / width + vocab / (2 * layers * width)
    return 12 * layers * width**2 * bracket


def test_nemotron_4_15b_count_is_not_settled_by_its_step_time() -> None:
    """Parmar et al. 2024 Table 2: 30.5 % from 0.64 s steps of 1,152 x 4,096 tokens on
    2,304 H100 (989 TFLOP/s); 32 layers of width 6,144, 48 heads, 8 KV groups, squared-
    ReLU MLP of 4 x 6,144, vocabulary 256,000. 6N per token (15.7B params) gives 30.48 %,
    Megatron-LM's count with attention and logits 30.41 %: both are 30.5 % within the
    0.64 s's rounding (+-0.8 %), so the row cannot say '6nd'. For Nemotron-4 340B the
    same count gives 40.9 % against 6N's 39.6 %: there the step time does tell."""
    rate = 1152 * 4096 / 0.64 / (2304 * 989e12)
    six_n = rate * 6 * 15.7e9
    megatron = rate * _megatron_flop_per_token(32, 6144, 48, 8, 4096, 4 * 6144, 256_000)
    rounding = 0.005 / 0.64
    for mfu in (six_n, megatron):
        assert abs(mfu / 0.305 - 1) < rounding + 0.05 / 30.5
    assert _row("nemotron-4-15b")["flop_count"] == "unstated"
    rate_340 = 2304 * 4096 / 8.0 / (6144 * 989e12)
    big = rate_340 * _megatron_flop_per_token(96, 18432, 96, 8, 4096, 4 * 18432, 256_000)
    assert big == pytest.approx(0.41, abs=0.002)
    assert rate_340 * 6 * 340e9 < 0.41 - 0.01
