"""The runs added to ``data/mfu_runs.csv`` on 2026-12-03, read back against their papers
by hand arithmetic, and the rule that keeps validation cases out of the fit
(docs/workload.md, "Runs added 2026-12-03")."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from tigris.catalog import get_accelerator
from tigris.workload.mfu import mfu_runs

#: Dense BF16 (= FP16) tensor peak of an A100, 40 or 80 GB (NVIDIA A100 datasheet) [FLOP/s].
A100_PEAK = 312e12
#: Dense BF16 peak of an H100 SXM as the Nemotron-4 15B report states it [FLOP/s].
H100_PEAK_PAPER = 989e12


def _row(run: str) -> dict:
    return mfu_runs().set_index("run").loc[run].to_dict()


def test_bloomberggpt_mfu_from_its_step_time() -> None:
    """Wu et al. 2023 Sec. 3.3-3.4: 50.6B params, batch 2,048 sequences of 2,048 tokens
    after warm-up, 32.5 s a step on 512 A100. Model FLOP/s per GPU = 6 N tokens / step
    time / GPUs = 6 x 50.6e9 x 4,194,304 / 32.5 / 512 = 76.5 TFLOP/s, 0.245 of 312; the
    paper's 102 TFLOP/s is that with every layer recomputed (x 4/3), so the row's
    102 x 3/4 / 312 must agree with the step time."""
    row = _row("bloomberggpt-50b")
    from_steps = 6 * 50.6e9 * 2048 * 2048 / 32.5 / 512 / A100_PEAK
    assert from_steps == pytest.approx(0.2451, abs=5e-4)
    assert row["mfu"] == pytest.approx(from_steps, rel=0.01)
    assert row["mfu"] == pytest.approx(102 * 0.75 / 312, rel=1e-3)
    assert row["accelerators"] == 64 * 8 and row["params"] == 50.6e9


def test_nemotron_4_15b_mfu_from_its_iteration_time() -> None:
    """Parmar et al. 2024 Table 2, main stage: 2,304 H100, batch 1,152 x 4,096 tokens,
    0.64 s per iteration, MFU 30.5 %; 15.7B params (3.2B embedding + 12.5B other).
    6 x 15.7e9 x 1,152 x 4,096 / 0.64 / 2,304 / 989e12 = 0.3048: the stated MFU is over
    the dense BF16 peak, as the fit assumes (whether it counts 6N or Megatron-LM's count
    with attention, 0.3041, the step time cannot tell: test_mfu_definitions)."""
    row = _row("nemotron-4-15b")
    from_steps = 6 * (3.2e9 + 12.5e9) * 1152 * 4096 / 0.64 / 2304 / H100_PEAK_PAPER
    assert from_steps == pytest.approx(0.3048, abs=5e-4)
    assert row["mfu"] == pytest.approx(from_steps, rel=0.01)
    assert row["accelerators"] == 288 * 8
    # The catalog's H100 peak is the paper's 989 TFLOP/s to 0.05 %.
    assert get_accelerator("h100").peak_flop_per_s("bf16") == pytest.approx(H100_PEAK_PAPER, 5e-4)


def test_glm_130b_row_is_the_model_flops_figure() -> None:
    """Zeng et al. 2022 Sec. 2.3: HFU 43.3 %, MFU 32.5 % 'due to re-materialization'.
    Full recomputation adds one forward pass to three (8ND against 6ND), so MFU = 3/4 of
    HFU: 43.3 x 0.75 = 32.5. The row carries the MFU, not the HFU, on 96 x 8 GPUs."""
    row = _row("glm-130b")
    assert row["mfu"] == 0.325
    assert row["mfu"] == pytest.approx(0.433 * 0.75, abs=1e-3)
    assert row["accelerators"] == 96 * 8


def test_a100_40gb_rows_carry_the_a100_peak() -> None:
    """A100-40GB runs are written a100-sxm-80gb: same 312 TFLOP/s dense BF16 peak, and
    the row's source says so (names the 40 GB part, the 312 peak and whose reading)."""
    runs = mfu_runs().set_index("run")
    assert get_accelerator("a100-sxm-80gb").peak_flop_per_s("bf16") == A100_PEAK
    for run in ("glm-130b", "bloomberggpt-50b"):
        src = runs.loc[run, "source"]
        assert runs.loc[run, "accelerator"] == "a100-sxm-80gb"
        assert re.search(r"40\s?GB?\b", src) and "a100-sxm-80gb" in src, run
        assert "312" in src and "tigris reading" in src, run


#: The three rows of 2026-12-03 as their papers give them: params (GLM-130B: 130B;
#: BloombergGPT Sec. 3.2: 50.6B; Nemotron-4 15B Sec. 2: 3.2B embedding + 12.5B other),
#: the part (A100-40GB for GLM-130B's DGX-A100 40G and BloombergGPT's p4d.24xlarge,
#: H100 for Nemotron-4 15B), its count (96 x 8; 64 x 8; main stage 288 x 8) and the
#: month the paper first appeared on arXiv (2210.02414, 2303.17564, 2402.16819).
NEW_ROWS: dict[str, tuple[float, str, int, str]] = {
    "glm-130b": (130e9, "a100-sxm-80gb", 96 * 8, "2022-10"),
    "bloomberggpt-50b": (50.6e9, "a100-sxm-80gb", 64 * 8, "2023-03"),
    "nemotron-4-15b": (3.2e9 + 12.5e9, "h100-sxm", 288 * 8, "2024-02"),
}


@pytest.mark.parametrize("run", sorted(NEW_ROWS))
def test_new_rows_read_back_against_their_papers(run: str) -> None:
    """Every field the fit uses, against the paper: the size regressor (params), the
    hardware-year regressor (the part's catalog launch year), the cluster regressor
    (count), and the BF16 basis (all three trained in BF16 or FP16, whose dense tensor
    peak is the BF16 one, so ``mfu_bf16`` is ``mfu``). One row per model and source, so
    each is its own leave-one-out group (docs/workload.md, inclusion rule)."""
    params, part, count, as_of = NEW_ROWS[run]
    row = _row(run)
    assert row["params"] == pytest.approx(params, rel=1e-9)
    assert row["accelerator"] == part
    assert row["hardware_year"] == get_accelerator(part).launch_year
    assert row["accelerators"] == count
    assert row["precision"] == "bf16"
    assert row["mfu_bf16"] == pytest.approx(row["mfu"], rel=1e-12)
    assert row["group"] == run
    assert (mfu_runs()["group"] == run).sum() == 1
    assert str(row["as_of"]) == as_of


#: Every training case of validation_cases.csv, and how its run relates to the fit:
#: "excluded" (its run, and the other sizes of its paper, are never in mfu_runs.csv: the
#: listed name fragments must match no run or group), "held-out" (the run is in the fit
#: and the case calls default_mfu(exclude=(its group,))) or "no-default" (the case gives
#: its own MFU or counts FLOPs only).
TRAINING_CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "gpt3-175b-flops": ("no-default", ()),
    "gopher-280b-flops": ("no-default", ()),
    "palm-540b-flops": ("no-default", ()),
    "llama3-405b-flops": ("no-default", ()),
    "gpt3-megatron-days": ("no-default", ()),
    "llama3-405b-hours": ("held-out", ("llama-3.1-405b",)),
    "bloom-176b-hours": ("held-out", ("bloom-176b",)),
    "palm-540b-chip-hours": ("held-out", ("palm-540b",)),
    "llama2-70b-hours": ("excluded", ("llama-2", "llama2")),
    "deepseek-v3-hours": ("excluded", ("deepseek",)),
    "mpt-7b-days": ("excluded", ("mpt",)),
    "falcon-180b-hours": ("excluded", ("falcon",)),
    "llama3-70b-hours": (
        "excluded",
        ("llama-3-70b", "llama3-70b", "llama-3.0-70b", "llama-3.1-70b", "llama3.1-70b"),
    ),
    "llama3-8b-hours": (
        "excluded",
        ("llama-3-8b", "llama3-8b", "llama-3.0-8b", "llama-3.1-8b", "llama3.1-8b"),
    ),
    "gpt4-semianalysis-days": ("excluded", ("gpt-4", "gpt4")),
    "llama-65b-hours": (
        "excluded",
        ("llama-65b", "llama-7b", "llama-13b", "llama-30b", "llama-33b", "llama-1-", "llama1-"),
    ),
    "starcoderbase-15b-hours": ("excluded", ("starcoder",)),
}


def _training_cases() -> list[str]:
    path = resources.files("tigris.data").joinpath("validation_cases.csv")
    with path.open(encoding="utf-8") as fh:
        return [r["case"] for r in csv.DictReader(fh) if r["layer"] == "training"]


def test_every_training_case_is_classified() -> None:
    """A new training case must be put in TRAINING_CASES (and its run kept out of the
    fit or held out) before this passes."""
    assert sorted(_training_cases()) == sorted(TRAINING_CASES)


@pytest.mark.parametrize("case", sorted(c for c, v in TRAINING_CASES.items() if v[0] == "excluded"))
def test_runs_of_validation_cases_are_not_in_the_fit(case: str) -> None:
    runs = mfu_runs()
    names = [s.lower() for s in (*runs["run"], *runs["group"])]
    for fragment in TRAINING_CASES[case][1]:
        assert not [n for n in names if fragment in n], (case, fragment)


@pytest.mark.parametrize("case", sorted(c for c, v in TRAINING_CASES.items() if v[0] == "held-out"))
def test_held_out_cases_name_a_group_of_the_fit(case: str) -> None:
    """A held-out case's group is in the fit (else its exclude would be an error) and
    the case's inputs say the MFU is fitted without it."""
    (group,) = TRAINING_CASES[case][1]
    assert group in set(mfu_runs()["group"])
    path = resources.files("tigris.data").joinpath("validation_cases.csv")
    with path.open(encoding="utf-8") as fh:
        inputs = {r["case"]: r["inputs"] for r in csv.DictReader(fh)}[case]
    assert "left out" in inputs
