"""The MFU model (``tigris.workload.mfu``): leave-one-out by hand, held-out runs,
invariants and bad input. Published MFUs and their sources: ``data/mfu_runs.csv``."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest

from tigris.catalog import get_accelerator
from tigris.errors import InputError
from tigris.workload.mfu import (
    CANDIDATE_REGRESSORS,
    REGRESSORS,
    benchmark_check,
    choose_regressors,
    default_mfu,
    fit_mfu,
    leave_one_out,
    loo_mape,
    mfu_benchmarks,
    mfu_runs,
    selection_loo_mape,
)


def _toy(
    years: list[int],
    mfus: list[float],
    groups: list[str] | None = None,
    run_years: list[int] | None = None,
) -> pd.DataFrame:
    names = [f"r{i}" for i in range(len(years))]
    return pd.DataFrame(
        {
            "run": names,
            "group": groups or names,
            "params": 1e11,
            "accelerator": "h100",
            "hardware_year": years,
            "run_year": run_years or years,
            "accelerators": 1024,
            "precision": "bf16",
            "mfu": mfus,
        }
    )


# --- Leave-one-out computed by hand --------------------------------------------------


def test_loo_by_hand_on_three_runs_with_the_year_regressor() -> None:
    """Runs (2018, 0.25), (2020, 0.30), (2022, 0.50). Leaving one out, ln MFU is the
    line through the other two: 2018 from 2020/2022 extrapolates to 0.3 x 0.3/0.5 =
    0.18; 2020 is the geometric mean sqrt(0.25 x 0.5); 2022 from 2018/2020 is
    0.3 x 0.3/0.25 = 0.36. MAPE = (0.28 + (sqrt(0.125)/0.3 - 1) + 0.28) / 3."""
    toy = _toy([2018, 2020, 2022], [0.25, 0.30, 0.50])
    loo = leave_one_out(("hardware_year",), toy)
    assert loo["predicted_mfu"].tolist() == pytest.approx([0.18, math.sqrt(0.125), 0.36])
    assert loo["error"].tolist() == pytest.approx([-0.28, math.sqrt(0.125) / 0.3 - 1, -0.28])
    expected = (0.28 + (math.sqrt(0.125) / 0.3 - 1) + 0.28) / 3
    assert loo_mape(("hardware_year",), toy) == pytest.approx(expected)


def test_loo_leaves_a_whole_group_out() -> None:
    """Two rows of one run (same group) are left out together: with no regressor,
    each is predicted by the third run alone, never by its sibling."""
    toy = _toy([2022, 2022, 2022], [0.2, 0.4, 0.5], groups=["a", "a", "b"])
    loo = leave_one_out((), toy)
    assert loo["predicted_mfu"].tolist() == pytest.approx([0.5, 0.5, math.sqrt(0.08)])


def test_fit_recovers_an_exact_power_law() -> None:
    """Runs exactly on MFU = 0.3 x (N / 1e11)^0.1: ln MFU = ln 0.3 - 0.1 ln 1e11 +
    0.1 ln(10) log10 N, so the fit returns slope 0.1 ln(10) per decade of params and
    intercept ln 0.3 - 0.1 ln 1e11."""
    n = [1e10, 1e11, 1e12]
    toy = _toy([2022] * 3, [0.3 * (x / 1e11) ** 0.1 for x in n])
    toy["params"] = n
    beta = fit_mfu(toy, ("log10_params",))
    assert beta["log10_params"] == pytest.approx(0.1 * math.log(10))
    assert beta["intercept"] == pytest.approx(math.log(0.3) - 0.1 * math.log(1e11))


# --- Against the published runs ------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "run", "published"),
    [
        # Llama 3 paper Table 4: 41 % BF16 MFU on 16,384 H100.
        ("llama-3.1-405b", "llama-3.1-405b-16k", 0.41),
        # Nemotron-4 340B report Table 2: 41-42 % on 6,144 H100.
        ("nemotron-4-340b", "nemotron-4-340b", 0.41),
        # BLOOM: ~150 TFLOP/s per A100 counting recomputation, x 3/4 over 312.
        ("bloom-176b", "bloom-176b", 0.3606),
        # PaLM Table 3: 46.2 % on 6,144 TPU v4. Held out at its run year (2022) it is
        # predicted 28.5 % low by the run-year model (19.1 % by the hardware-year model
        # it replaced), past the 18.5 % mean error (a mean is exceeded by some runs);
        # kept, as a strict xfail, so that it shows when it comes back.
        pytest.param(
            "palm-540b",
            "palm-540b",
            0.462,
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,  # only the miss itself; a crash is a failure
                reason="PaLM held out at run year 2022: -28.5 % against the stated 18.5 %",
            ),
        ),
    ],
)
def test_held_out_run_within_the_stated_error(group: str, run: str, published: float) -> None:
    """Fitted without the run, the model predicts its published MFU, at the run's own
    run year, within the leave-one-out error the shipped default states."""
    stated = default_mfu(params=1e11, accelerators=1024, accelerator="h100").loo_mape
    row = mfu_runs().set_index("run").loc[run]
    held = default_mfu(
        params=row["params"],
        accelerators=row["accelerators"],
        accelerator=row["accelerator"],
        exclude=(group,),
        run_year=int(row["run_year"]),
    )
    assert held.n_runs < len(mfu_runs())
    assert abs(held.value / published - 1) <= stated


def test_excluding_a_run_repeats_the_choice_of_regressors_without_it() -> None:
    """docs/workload.md: a held-out estimate (the validation table's BLOOM, PaLM and
    Llama 3.1 405B hours) has seen the excluded run neither in the fit nor in the choice
    of regressors, as in the nested leave-one-out. Since the run year became a candidate
    (2026-12-03, second session) the choice without any one of the three is the run
    year, as with all of them."""
    runs = mfu_runs()
    for group in ("bloom-176b", "palm-540b", "llama-3.1-405b"):
        rest = runs[runs["group"] != group].reset_index(drop=True)
        held = default_mfu(params=2e11, accelerators=1024, accelerator="a100", exclude=(group,))
        assert held.regressors == choose_regressors(runs=rest), group
        assert held.n_runs == len(rest)
        assert held.loo_mape == pytest.approx(loo_mape(held.regressors, rest))
        assert f"without {group}" in held.explanation
        assert held.regressors == ("run_year",), group


#: The validation cases whose run is in data/mfu_runs.csv, with the run's published
#: inputs (BLOOM: 366B tokens on 384 A100; PaLM Table 3: 780B tokens on 6,144 TPU v4;
#: Llama 3 paper: 15.6T tokens on 16,384 H100), its run group and its run year (year of
#: the training team's first report: BLOOM 2022-07, PaLM 2022-04, Llama 3.1 2024-07).
HELD_OUT_CASES = [
    ("bloom-176b-hours", "bloom-176b", 176e9, 366e9, "a100-sxm-80gb", 384, 2022),
    ("palm-540b-chip-hours", "palm-540b", 540.35e9, 780e9, "tpu-v4", 6144, 2022),
    ("llama3-405b-hours", "llama-3.1-405b", 405e9, 15.6e12, "h100-sxm", 16384, 2024),
]


@pytest.mark.parametrize(
    ("case", "group", "params", "tokens", "acc", "count", "year"),
    HELD_OUT_CASES,
    ids=[c[0] for c in HELD_OUT_CASES],
)
def test_validation_cases_of_fitted_runs_use_the_held_out_mfu(
    case: str, group: str, params: float, tokens: float, acc: str, count: int, year: int
) -> None:
    """docs/workload.md: a case testing a run that is in the fit takes its MFU from
    default_mfu(exclude=(its group,)) at its run year. Hours are inversely proportional
    to the MFU, so the case's hours times the held-out MFU are the hours at an MFU of 1;
    the in-sample MFU differs, so a case that slipped back to it fails here."""
    from tigris.validation import CASES
    from tigris.workload import train

    kw = {"params": params, "accelerators": count, "accelerator": acc, "run_year": year}
    held = default_mfu(**kw, exclude=(group,)).value
    assert abs(held / default_mfu(**kw).value - 1) > 1e-3
    at_one = train(params=params, tokens=tokens, accelerator=acc, count=count, mfu=1.0)
    assert CASES[case]() * held == pytest.approx(at_one.accelerator_hours, rel=1e-12)


def test_loo_error_is_the_mean_of_the_frame_and_every_run_appears_once() -> None:
    loo = leave_one_out()
    runs = mfu_runs()
    assert sorted(loo["run"]) == sorted(runs["run"])
    assert loo_mape() == pytest.approx(loo["abs_error"].mean())
    assert default_mfu(params=1e11, accelerators=1024, accelerator="h100").loo_mape == (
        pytest.approx(loo_mape())
    )


def test_shipped_regressors_are_the_admissible_subset_with_the_lowest_loo_error() -> None:
    """docs/workload.md claims the shipped regressors are, among the subsets whose fit
    stays within the published benchmarks, the one with the lowest leave-one-out
    error; any change to the runs or benchmarks that breaks that fails here."""
    scored = {
        regs: (loo_mape(regs), bool(benchmark_check(regs)["ok"].all()))
        for k in range(len(CANDIDATE_REGRESSORS) + 1)
        for regs in itertools.combinations(CANDIDATE_REGRESSORS, k)
    }
    admissible = {r: e for r, (e, ok) in scored.items() if ok}
    assert min(admissible, key=admissible.__getitem__) == REGRESSORS == choose_regressors()
    assert loo_mape(REGRESSORS) < loo_mape(())  # beats a constant
    # Every subset with a lower error is rejected by the benchmark bound, not ignored.
    for regs, (err, ok) in scored.items():
        if err < scored[REGRESSORS][0]:
            assert not ok, regs


def test_model_size_term_would_exceed_the_h100_benchmarks() -> None:
    """llm-foundry's H100 BF16 table tops out at 46.44 % MFU (MPT-7B on 8 GPUs); the
    model-size fit (smaller models stepping faster), carried to the H100, predicts more
    than that for the smallest benchmarked models, so it is not admissible. With a
    negative size slope the predictions fall with size, so the breaches are the
    smallest models: once one size is within the bound every larger one is too."""
    check = benchmark_check(("log10_params", "hardware_year"))
    h100 = check[check["accelerator"] == "h100-sxm"].sort_values("params")
    assert h100["bound"].iloc[0] == pytest.approx(0.4644)
    assert not h100["ok"].iloc[0]  # MPT-760M
    assert fit_mfu(None, ("log10_params", "hardware_year"))["log10_params"] < 0
    ok = h100["ok"].tolist()
    assert ok == sorted(ok)  # False ... False, True ... True by size


def test_benchmark_check_clamps_to_the_runs_as_default_mfu_does() -> None:
    """MPT-125M, -350M and -760M are smaller than the smallest run (TinyLlama, 1.1B):
    clamped to it, the model-size fit predicts the same for all three, and more than
    for MPT-1B (1.3B, inside the runs, smaller models stepping faster). The shipped
    model's prediction at a benchmark is what default_mfu says for it."""
    assert mfu_runs()["params"].min() > 760_470_528
    pred = benchmark_check(("log10_params", "hardware_year")).set_index("benchmark")["predicted"]
    small = [pred[f"llm-foundry-a100_80gb-{m}"] for m in ("125m", "350m", "760m")]
    assert small[0] == small[1] == small[2] > pred["llm-foundry-a100_80gb-1b"]
    shipped = benchmark_check().set_index("benchmark")["predicted"]
    # llm-foundry's tables are of 2023 (as_of 2023-12): the benchmark's run year.
    e = default_mfu(params=6658859008, accelerators=8, accelerator="h100-sxm", run_year=2023)
    assert shipped["llm-foundry-h100_80gb-7b"] == pytest.approx(e.value, rel=1e-12)


def test_benchmark_table_matches_llm_foundry() -> None:
    """Two rows read back against the llm-foundry README tables: MPT-70b on 64 H100 at
    42.57 % and MPT-13b on 8 A100-80GB at 59.57 % (sequence 2,048)."""
    b = mfu_benchmarks().set_index("benchmark")
    assert b.loc["llm-foundry-h100_80gb-70b", "mfu"] == pytest.approx(0.4257)
    assert b.loc["llm-foundry-a100_80gb-13b", "mfu"] == pytest.approx(0.5957)
    assert b.loc["llm-foundry-a100_80gb-13b", "accelerators"] == 8
    assert all(len(x) > 40 for x in b["source"]) and b["as_of"].notna().all()


def test_a_subset_past_the_benchmark_ceiling_is_not_chosen_however_well_it_fits() -> None:
    """Toy H100 runs exactly on MFU = 0.55 (P / 1e11)^b from 1e11 to 1e12 parameters
    (0.55 to 0.30): model size fits every left-out run exactly (LOO 0), but it predicts
    0.55 at llm-foundry's H100 models (all below 1e11, clamped to it), above the best
    H100 benchmark (0.4644, 7B); so the constant model (geometric mean 0.406, inside)
    is chosen, though its LOO error is larger (review of 2026-12-03, second session:
    dropping the ceiling from choose_regressors survived every test on the shipped runs,
    where the lowest-LOO subset is admissible anyway)."""
    b = math.log(0.30 / 0.55) / math.log(10)
    params = [1e11, 10**11.5, 1e12]
    toy = _toy([2022] * 3, [0.55 * (p / 1e11) ** b for p in params])
    toy["params"] = params
    assert loo_mape(("log10_params",), toy) == pytest.approx(0.0, abs=1e-12)
    assert loo_mape((), toy) > 0.1
    assert not benchmark_check(("log10_params",), toy)["ok"].all()
    assert choose_regressors(("log10_params",), toy) == ()


def test_selection_error_on_a_toy_where_the_choice_is_forced() -> None:
    """Runs exactly on a year trend: whatever is left out, the year model fits the rest
    exactly and is chosen, so the procedure's error is zero like the fixed model's."""
    toy = _toy([2018, 2019, 2020, 2021, 2022], [0.3 * 1.1**k for k in range(5)])
    assert loo_mape(("hardware_year",), toy) == pytest.approx(0.0, abs=1e-12)
    assert selection_loo_mape(("hardware_year",), toy) == pytest.approx(0.0, abs=1e-12)


def test_run_table_rows_are_sourced_and_consistent_with_the_catalog() -> None:
    runs = mfu_runs()
    assert len(runs) >= 16
    for _, row in runs.iterrows():
        assert len(row["source"]) > 40 and str(row["as_of"]).strip()
        assert 0 < row["mfu"] < 1 and 0 < row["mfu_bf16"] < 1
        try:
            acc = get_accelerator(row["accelerator"])
        except InputError:
            continue  # V100, TPU v3: not in the catalog; launch year in the row's source
        assert row["hardware_year"] == acc.launch_year


def test_palm_and_behemoth_rows_match_their_papers() -> None:
    """PaLM Table 3: 46.2 %. Llama 4 blog: 390 TFLOP/s per GPU in FP8 = 390/1,978.9 of
    the H100 dense FP8 peak, 390/989.4 of its BF16 peak."""
    runs = mfu_runs().set_index("run")
    assert runs.loc["palm-540b", "mfu"] == 0.462
    assert runs.loc["llama-4-behemoth", "mfu"] == pytest.approx(390 / 1978.9, abs=1e-4)
    assert runs.loc["llama-4-behemoth", "mfu_bf16"] == pytest.approx(390 / 989.4, rel=1e-3)


#: Run years of fitted runs read from their teams' first reports (docs/workload.md,
#: "Run year as a software term", rule (a)): GPT-3 arXiv 2005.14165 (2020-05), Gopher
#: arXiv 2112.11446 (2021-12), MT-NLG's Microsoft/NVIDIA blog (2021-10), TinyLlama's
#: README (2023-09), Llama 4 blog (2025-04-05). GPT-3's MFU is PaLM's 2022 figure, but
#: the run and its software are of 2020. Every other row too (review of 2026-12-03,
#: second session): BLOOM's release 2022-07-12 (BigScience), GLM-130B's README (trained
#: by 2022-07-03, released 2022-08), and the arXiv identifiers, whose first four digits
#: are the year and month of submission: PaLM 2204.02311, Megatron-LM 2104.04473,
#: MegaScale 2402.15627, Llama 3 Herd 2407.21783, Nemotron-4 340B 2406.11704,
#: BloombergGPT 2303.17564, Nemotron-4 15B 2402.16819.
PUBLISHED_RUN_YEARS = {
    "gpt-3-175b": 2020,
    "gopher-280b": 2021,
    "mt-nlg-530b": 2021,
    "tinyllama-1.1b": 2023,
    "llama-4-behemoth": 2025,
    "bloom-176b": 2022,
    "glm-130b": 2022,
    "palm-540b": 2022,
    "megatron-gpt-3-175b": 2021,
    "megascale-175b": 2024,
    "llama-3.1-405b-8k": 2024,
    "llama-3.1-405b-16k": 2024,
    "llama-3.1-405b-16k-cp16": 2024,
    "nemotron-4-340b": 2024,
    "bloomberggpt-50b": 2023,
    "nemotron-4-15b": 2024,
}


def test_run_year_column_is_the_teams_report_year() -> None:
    """Every row's run year lies between its part's launch (no run on a part before it
    exists) and the date of the source its MFU is read from (that source reports a run
    already trained), the source says where the year comes from, and five rows match
    the report dates above."""
    runs = mfu_runs().set_index("run")
    for name, row in runs.iterrows():
        as_of_year = int(str(row["as_of"])[:4])
        assert row["hardware_year"] <= row["run_year"] <= as_of_year, name
        assert f"run_year {row['run_year']}:" in row["source"], name
    for name, year in PUBLISHED_RUN_YEARS.items():
        assert runs.loc[name, "run_year"] == year, name


def test_run_year_model_by_hand_on_one_part() -> None:
    """Korthikanti et al. 2022 in miniature: one part (hardware year fixed), runs of
    2021-2024 exactly on MFU = 0.3 x 1.1^(year - 2021). The run-year model fits every
    left-out run exactly; the hardware year is constant, so its model is the constant
    (geometric mean of the others, error > 0), and the choice is the run year."""
    mfus = [0.3 * 1.1**k for k in range(4)]
    toy = _toy([2020] * 4, mfus, run_years=[2021, 2022, 2023, 2024])
    assert loo_mape(("run_year",), toy) == pytest.approx(0.0, abs=1e-12)
    assert fit_mfu(toy, ("run_year",))["run_year"] == pytest.approx(math.log(1.1))
    first = math.prod(mfus[1:]) ** (1 / 3)  # geometric mean of the other three
    held = leave_one_out(("hardware_year",), toy)["predicted_mfu"].iloc[0]
    assert held == pytest.approx(first)
    assert choose_regressors(("hardware_year", "run_year"), toy) == ("run_year",)


def test_run_year_needs_its_column() -> None:
    """A table of runs without a run_year column can fit the other regressors, and
    asking for the run year there is refused naming the column."""
    toy = _toy([2018, 2020, 2022], [0.25, 0.30, 0.50]).drop(columns="run_year")
    assert loo_mape(("hardware_year",), toy) > 0
    with pytest.raises(InputError, match="run_year"):
        fit_mfu(toy, ("run_year",))


#: Training cases of validation_cases.csv that use the MFU model and are not in the
#: fit, with their inputs and run year (year the team first reported the model: LLaMA
#: 2023-02, Llama 2 2023-07, Falcon 180B 2023-09, Llama 3 2024-04, DeepSeek-V3
#: 2024-12, GPT-4 2023-03, MPT-7B 2023-05, StarCoderBase 2023-05); hours (or days) are
#: inversely proportional to the MFU. Every such case (review of 2026-12-03, second
#: session: the four added below could take another case's year unnoticed): LLaMA 65B
#: as Touvron et al. 2023 (arXiv 2302.13971) Table 2 and Sec. 2.4, goodput 1 as the
#: case; StarCoderBase as Li et al. 2023 (arXiv 2305.06161), 512 A100.
MODEL_CASES = [
    ("llama3-70b-hours", {"params": 70e9, "tokens": 15e12, "count": 16384}, "h100-sxm", 2024),
    ("mpt-7b-days", {"params": 6.7e9, "tokens": 1e12, "count": 440}, "a100", 2023),
    (
        "llama-65b-hours",
        {
            "params": 65.2e9,
            "tokens": 1.4e12,
            "n_layers": 80,
            "seq_len": 2048,
            "d_model": 8192,
            "count": 2048,
            "goodput": 1.0,
        },
        "a100",
        2023,
    ),
    (
        "starcoderbase-15b-hours",
        {
            "params": 15.5e9,
            "tokens": 1e12,
            "n_layers": 40,
            "seq_len": 8192,
            "d_model": 6144,
            "count": 512,
        },
        "a100",
        2023,
    ),
    ("llama2-70b-hours", {"params": 70e9, "tokens": 2.0e12, "count": 2048}, "a100", 2023),
    ("falcon-180b-hours", {"params": 180e9, "tokens": 3.5e12, "count": 4096}, "a100", 2023),
    ("llama3-8b-hours", {"params": 8e9, "tokens": 15e12, "count": 4096}, "h100-sxm", 2024),
    (
        "deepseek-v3-hours",
        {"params": 671e9, "active_params": 37e9, "tokens": 14.8e12, "count": 2048},
        "h800",
        2024,
    ),
    ("gpt4-semianalysis-days", {"flops": 2.15e25, "count": 25_000}, "a100", 2023),
]


@pytest.mark.parametrize(
    ("case", "run", "acc", "year"), MODEL_CASES, ids=[c[0] for c in MODEL_CASES]
)
def test_validation_cases_take_the_mfu_at_their_run_year(
    case: str, run: dict, acc: str, year: int
) -> None:
    """docs/workload.md, rule (c): each case's MFU is the model's at the year its run
    was reported, not the latest year assumed for a user. The case's value times that
    MFU is the value at an MFU of 1; at the assumed 2025 it would not be."""
    from tigris.validation import CASES
    from tigris.workload import train

    size = run.get("active_params", run.get("params"))
    kw = {"params": size, "accelerators": run["count"], "accelerator": acc}
    at_year = default_mfu(**kw, run_year=year).value
    assert abs(at_year / default_mfu(**kw).value - 1) > 1e-3
    at_one = train(**run, accelerator=acc, mfu=1.0)
    field = "days" if case.endswith("-days") else "accelerator_hours"
    assert CASES[case]() * at_year == pytest.approx(float(getattr(at_one, field)), rel=1e-12)


# --- Invariants ----------------------------------------------------------------------


def test_fp8_is_the_bf16_value_over_the_peak_ratio() -> None:
    bf16 = default_mfu(params=4e11, accelerators=16384, accelerator="h100")
    fp8 = default_mfu(params=4e11, accelerators=16384, accelerator="h100", precision="fp8")
    acc = get_accelerator("h100")
    ratio = acc.peak_flop_per_s("fp8") / acc.peak_flop_per_s("bf16")
    assert fp8.value == pytest.approx(bf16.value / ratio)
    assert "fp8" in fp8.explanation


def test_later_software_not_slower_on_the_same_part_and_every_part_in_range() -> None:
    """Korthikanti et al. 2022 (arXiv 2205.05198, abstract): the same 530B model on the
    same 2,240 A100 went from 42.1 % to 54.2 % MFU with 2022's sequence parallelism and
    selective recomputation; FlashAttention (2022) and FlashAttention-2 (2023) raised
    A100 throughput again. So on one part a later run year must not lower the MFU, and
    the A100 table runs climb from 0.30-0.34 (2021) to 0.55-0.56 (2023-24). Every
    catalog part gets a value inside the published BF16-basis range at any year."""
    years = list(range(2020, 2026))
    for part in ("a100", "h100"):
        v = [
            float(default_mfu(params=1e11, accelerators=1024, accelerator=part, run_year=y).value)
            for y in years
        ]
        assert all(b > a for a, b in itertools.pairwise(v)), part
    lo, hi = mfu_runs()["mfu_bf16"].min(), mfu_runs()["mfu_bf16"].max()
    for name in ("a100", "h100", "h800", "b200", "tpu-v4", "rubin", "mi300x"):
        for y in (2020, 2025):
            v = default_mfu(params=1e11, accelerators=1024, accelerator=name, run_year=y).value
            assert lo <= v <= hi


def test_a_run_year_beyond_the_runs_is_clamped_and_said() -> None:
    """The fitted runs are reported 2020 (GPT-3) to 2025 (Llama 4 Behemoth): a 2030
    run gets the 2025 value and a 2015 run the 2020 value, and the explanation says it
    was clamped; a year inside says nothing of the kind."""
    runs = mfu_runs()
    assert (runs["run_year"].min(), runs["run_year"].max()) == (2020, 2025)
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    at = {y: default_mfu(**kw, run_year=y) for y in (2015, 2020, 2023, 2025, 2030)}
    assert at[2030].value == pytest.approx(at[2025].value)
    assert at[2015].value == pytest.approx(at[2020].value)
    assert at[2020].value < at[2023].value < at[2025].value
    assert "clamped" in at[2030].explanation and "clamped" in at[2015].explanation
    assert "clamped" not in at[2023].explanation


def test_the_clamped_run_year_is_reported_with_the_fitted_range() -> None:
    """The fitted runs span 2020 (GPT-3) to 2025 (Behemoth): a 2030 run is taken at
    2025 and a 2015 run at 2020, the estimate carries the year used, and the note names
    the range it was clamped to (review of 2026-12-03, second session)."""
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    late, early = default_mfu(**kw, run_year=2030), default_mfu(**kw, run_year=2015)
    assert (late.run_year, early.run_year) == (2025, 2020)
    assert not late.run_year_assumed and not early.run_year_assumed
    assert "run year outside the fitted runs (2020-2025), clamped" in late.explanation
    assert default_mfu(**kw, run_year=2022).run_year == 2022


def test_an_array_of_run_years_gives_each_year_its_value() -> None:
    """Run years as an array (a scalar model size): element by element the same as
    one year at a time, 2030 clamped to 2025."""
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    years = [2021, 2023, 2030]
    e = default_mfu(**kw, run_year=years)
    assert list(e.value) == pytest.approx([default_mfu(**kw, run_year=y).value for y in years])  # type: ignore[arg-type]
    assert list(e.run_year) == [2021, 2023, 2025]  # type: ignore[arg-type]


def test_the_assumed_year_is_said_to_be_the_trend_at_the_edge_of_the_data() -> None:
    """Without a run year the default is the fit at 2025, the last year of the runs, in
    which one run was published: Llama 4 Behemoth, 390 TFLOP/s per H100 in FP8 (Meta,
    2025-04-05), 390 / 989.4 = 0.394 of the dense BF16 peak. The note says that the
    value is the fitted trend at the edge of the data, not a measured run, and gives
    Behemoth's measured value beside it, on every part alike (the part enters only
    through its peak); with 2025 given there is nothing assumed to explain."""
    behemoth = 390 / 989.4
    for part in ("a100", "h100", "b200"):
        e = default_mfu(params=1e11, accelerators=1024, accelerator=part)
        assert e.run_year == 2025 and e.run_year_assumed
        assert "2025 assumed (the latest run year in the fit)" in e.explanation
        edge = "is the fitted trend at the edge of the data, not a measured run"
        assert f"{float(e.value):.2f} of the BF16 peak {edge}" in e.explanation
        assert f"runs reached: llama-4-behemoth {behemoth:.2f})" in e.explanation
        assert "today's" not in e.explanation
    given = default_mfu(params=1e11, accelerators=1024, accelerator="h100", run_year=2025)
    assert not given.run_year_assumed and "edge of the data" not in given.explanation
    fp8 = default_mfu(params=1e11, accelerators=1024, accelerator="h100", precision="fp8")
    assert f"{float(given.value):.2f} of the BF16 peak" in fp8.explanation  # not the FP8 value


def test_a_run_year_the_chosen_model_does_not_use_is_said_not_used() -> None:
    """Rule (d): a run year given when the model does not use it is reported as not
    used. Without MT-NLG the procedure picks the hardware year (docs/workload.md, 3 of
    14 held-out choices are not the run year), so a 2023 run year plays no part: the
    value is the same at any run year, no run year is carried, and the note says so."""
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100", "exclude": ("mt-nlg-530b",)}
    e = default_mfu(**kw, run_year=2023)
    assert e.regressors == ("hardware_year",)
    assert e.run_year is None and not e.run_year_assumed
    assert "run year not used" in e.explanation and "assumed" not in e.explanation
    assert e.value == pytest.approx(default_mfu(**kw, run_year=2030).value)


def test_without_a_run_year_the_latest_fitted_run_year_is_assumed_and_said() -> None:
    """docs/workload.md, rule (d): no run year means a run trained now with the newest
    software in the fit, its latest run year (2025, Llama 4 Behemoth's blog), fixed by
    the data rather than the date; the note names the year. Left out of the fit,
    Behemoth no longer sets it: the latest is then 2024 (Llama 3.1, Nemotron-4)."""
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    none = default_mfu(**kw)
    assert none.value == pytest.approx(default_mfu(**kw, run_year=2025).value)
    assert none.value > default_mfu(**kw, run_year=2024).value
    assert "run year not given, 2025 assumed" in none.explanation
    given = default_mfu(**kw, run_year=2023)
    assert "not given" not in given.explanation
    held = default_mfu(**kw, exclude=("llama-4-behemoth",))
    assert held.regressors == ("run_year",)
    assert "run year not given, 2024 assumed" in held.explanation
    assert held.value == pytest.approx(
        default_mfu(**kw, exclude=("llama-4-behemoth",), run_year=2024).value
    )


def test_unused_inputs_outside_the_runs_are_flagged_untested() -> None:
    """A 0.5B model is below the smallest fitted run (TinyLlama, 1.1B): not a
    regressor, so the value does not change, but the explanation says the size is
    untested there."""
    big = default_mfu(params=4e11, accelerators=1024, accelerator="h100")
    small = default_mfu(params=5e8, accelerators=1024, accelerator="h100")
    assert small.value == pytest.approx(big.value)
    assert "model size outside the fitted runs" in small.explanation
    assert "untested" in small.explanation and "untested" not in big.explanation


def test_explanation_names_the_error_and_the_dropped_regressors() -> None:
    e = default_mfu(params=1e11, accelerators=1024, accelerator="h100")
    assert f"{e.loo_mape:.0%}" in e.explanation
    assert f"{e.n_runs} published runs" in e.explanation
    for r in CANDIDATE_REGRESSORS:
        if r not in REGRESSORS:
            assert "not used" in e.explanation


def test_array_inputs_give_arrays() -> None:
    e = default_mfu(params=[1e10, 1e11], accelerators=[8, 1024], accelerator="h100")
    assert float(e.value[0]) == pytest.approx(float(e.value[1]))  # type: ignore[index]


# --- Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"params": -1.0}, "--params"),
        ({"accelerators": 0}, "--count"),
        ({"precision": "fp4"}, "--precision"),
        ({"accelerator": "h10"}, "did you mean"),
        ({"exclude": ("no-such-run",)}, "no-such-run"),
        ({"run_year": 2024.5}, "--run-year"),
        ({"run_year": -2024}, "--run-year"),
        ({"run_year": float("nan")}, "--run-year"),
    ],
)
def test_bad_input(kwargs: dict, needle: str) -> None:
    base = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"} | kwargs
    with pytest.raises(InputError, match=needle.replace("-", r"\-")) as err:
        default_mfu(**base)
    assert "\n" not in str(err.value)  # one line


def test_bad_regressors_and_too_few_runs() -> None:
    with pytest.raises(InputError, match="unknown MFU regressor"):
        leave_one_out(("batch_size",))
    with pytest.raises(InputError, match="cannot fit"):
        fit_mfu(_toy([2020], [0.3]), ("hardware_year",))


def test_a_regressor_without_its_input_is_dropped_and_refitted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """If model size were a regressor, a run given by its FLOPs (no params) gets the
    model refitted without it, with that model's own error, and the note says so."""
    import tigris.workload.mfu as mfu

    monkeypatch.setattr(mfu, "REGRESSORS", ("log10_params", "hardware_year"))
    with_size = mfu.default_mfu(params=4e11, accelerators=1024, accelerator="h100")
    without = mfu.default_mfu(params=None, accelerators=1024, accelerator="h100")
    assert with_size.regressors == ("log10_params", "hardware_year")
    assert without.regressors == ("hardware_year",)
    assert without.loo_mape == pytest.approx(loo_mape(("hardware_year",)))
    beta = fit_mfu(None, ("hardware_year",))
    assert without.value == pytest.approx(math.exp(beta["intercept"] + 2 * beta["hardware_year"]))
    assert "model size not given, left out" in without.explanation
