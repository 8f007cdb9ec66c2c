"""The MFU model (``tigris.workload.mfu``): leave-one-out by hand, held-out runs,
invariants and bad input. Published MFUs and their sources: ``data/mfu_runs.csv``."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from tigris.catalog import get_accelerator
from tigris.errors import InputError
from tigris.workload.mfu import (
    CANDIDATE_REGRESSORS,
    KNOWN_REGRESSORS,
    REGRESSORS,
    TESTED_REGRESSORS,
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
        # PaLM Table 3: 46.2 % on 6,144 TPU v4. Held out it is predicted 19.1 % low,
        # just past the 18.9 % mean error since the 2026-12-03 rows (a mean is exceeded
        # by some runs); kept, as a strict xfail, so that it shows when it comes back.
        pytest.param(
            "palm-540b",
            "palm-540b",
            0.462,
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,  # only the miss itself; a crash is a failure
                reason="PaLM held out: -19.1 % against the stated 18.9 % (2026-12-03 rows)",
            ),
        ),
    ],
)
def test_held_out_run_within_the_stated_error(group: str, run: str, published: float) -> None:
    """Fitted without the run, the model predicts its published MFU within the
    leave-one-out error the shipped default states."""
    stated = default_mfu(params=1e11, accelerators=1024, accelerator="h100").loo_mape
    row = mfu_runs().set_index("run").loc[run]
    held = default_mfu(
        params=row["params"],
        accelerators=row["accelerators"],
        accelerator=row["accelerator"],
        exclude=(group,),
    )
    assert held.n_runs < len(mfu_runs())
    assert abs(held.value / published - 1) <= stated


def test_excluding_a_run_repeats_the_choice_of_regressors_without_it() -> None:
    """docs/workload.md: a held-out estimate (the validation table's BLOOM, PaLM and
    Llama 3.1 405B hours) has seen the excluded run neither in the fit nor in the choice
    of regressors, as in the nested leave-one-out. Since the runs added on 2026-12-03 the
    choice without any one of the three is the hardware year, as with all of them
    (before, without BLOOM it was the constant model)."""
    runs = mfu_runs()
    for group in ("bloom-176b", "palm-540b", "llama-3.1-405b"):
        rest = runs[runs["group"] != group].reset_index(drop=True)
        held = default_mfu(params=2e11, accelerators=1024, accelerator="a100", exclude=(group,))
        assert held.regressors == choose_regressors(runs=rest), group
        assert held.n_runs == len(rest)
        assert held.loo_mape == pytest.approx(loo_mape(held.regressors, rest))
        assert f"without {group}" in held.explanation
        assert held.regressors == ("hardware_year",), group


#: The validation cases whose run is in data/mfu_runs.csv, with the run's published
#: inputs (BLOOM: 366B tokens on 384 A100; PaLM Table 3: 780B tokens on 6,144 TPU v4;
#: Llama 3 paper: 15.6T tokens on 16,384 H100) and its run group.
HELD_OUT_CASES = [
    ("bloom-176b-hours", "bloom-176b", 176e9, 366e9, "a100-sxm-80gb", 384),
    ("palm-540b-chip-hours", "palm-540b", 540.35e9, 780e9, "tpu-v4", 6144),
    ("llama3-405b-hours", "llama-3.1-405b", 405e9, 15.6e12, "h100-sxm", 16384),
]


@pytest.mark.parametrize(
    ("case", "group", "params", "tokens", "acc", "count"),
    HELD_OUT_CASES,
    ids=[c[0] for c in HELD_OUT_CASES],
)
def test_validation_cases_of_fitted_runs_use_the_held_out_mfu(
    case: str, group: str, params: float, tokens: float, acc: str, count: int
) -> None:
    """docs/workload.md: a case testing a run that is in the fit takes its MFU from
    default_mfu(exclude=(its group,)). Hours are inversely proportional to the MFU, so
    the case's hours times the held-out MFU are the hours at an MFU of 1; the in-sample
    MFU differs, so a case that slipped back to it fails here."""
    from tigris.validation import CASES
    from tigris.workload import train

    kw = {"params": params, "accelerators": count, "accelerator": acc}
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
    e = default_mfu(params=6658859008, accelerators=8, accelerator="h100-sxm")
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


def test_the_documented_run_year_test_repeats_its_plain_loo_result() -> None:
    """docs/workload.md, "Run year as a software term" (2026-12-03): with the run year
    among the candidates (KNOWN_REGRESSORS), choose_regressors picks the run year alone,
    by plain leave-one-out 18.5 % against the hardware year's 18.9 %. That score is what
    the choice itself is made on, so it flatters the winner; the bar is the nested error
    (next test). The run year is a tested term, not a shipped candidate."""
    assert TESTED_REGRESSORS == ("run_year",)
    assert KNOWN_REGRESSORS == CANDIDATE_REGRESSORS + TESTED_REGRESSORS
    assert choose_regressors(KNOWN_REGRESSORS) == ("run_year",)
    assert loo_mape(("run_year",)) == pytest.approx(0.185, abs=5e-4)
    assert loo_mape(("hardware_year",)) == pytest.approx(0.189, abs=5e-4)
    assert "run_year" not in CANDIDATE_REGRESSORS and "run_year" not in REGRESSORS


@pytest.mark.slow  # about 10 s: two nested leave-one-out selections
def test_the_bar_for_a_new_term_rejects_the_run_year() -> None:
    """The standing bar for a new term (set 2026-12-02, before the run-year test): it is
    adopted only if the nested leave-one-out error of the whole selection procedure
    (selection_loo_mape) falls. With the run year among the candidates it rises, 20.5 %
    -> 21.9 % (docs/workload.md, "Not adopted (lead, 2026-12-03)"), so no tested term is
    in the shipped regressors and the shipped choice is the procedure's over the adopted
    candidates."""
    without = selection_loo_mape(CANDIDATE_REGRESSORS)
    assert without == pytest.approx(0.205, abs=5e-4)
    for term in TESTED_REGRESSORS:
        nested = selection_loo_mape((*CANDIDATE_REGRESSORS, term))
        assert nested == pytest.approx(0.219, abs=5e-4)
        assert nested >= without  # the bar: the nested error did not fall
        assert term not in REGRESSORS
    assert choose_regressors(CANDIDATE_REGRESSORS) == REGRESSORS == ("hardware_year",)


# --- Invariants ----------------------------------------------------------------------


def test_fp8_is_the_bf16_value_over_the_peak_ratio() -> None:
    bf16 = default_mfu(params=4e11, accelerators=16384, accelerator="h100")
    fp8 = default_mfu(params=4e11, accelerators=16384, accelerator="h100", precision="fp8")
    acc = get_accelerator("h100")
    ratio = acc.peak_flop_per_s("fp8") / acc.peak_flop_per_s("bf16")
    assert fp8.value == pytest.approx(bf16.value / ratio)
    assert "fp8" in fp8.explanation


def test_newer_hardware_not_worse_and_every_part_in_range() -> None:
    """The fitted year slope is positive (PaLM Table 3's V100 -> TPU v4 trend), so an
    H100 gets at least an A100's MFU; every catalog part with a launch year gets a
    value inside the published BF16-basis range."""
    a100 = default_mfu(params=1e11, accelerators=1024, accelerator="a100").value
    h100 = default_mfu(params=1e11, accelerators=1024, accelerator="h100").value
    assert h100 >= a100
    lo, hi = mfu_runs()["mfu_bf16"].min(), mfu_runs()["mfu_bf16"].max()
    for name in ("a100", "h100", "h800", "b200", "tpu-v4", "rubin", "mi300x"):
        v = default_mfu(params=1e11, accelerators=1024, accelerator=name).value
        assert lo <= v <= hi


def test_beyond_the_runs_is_clamped_and_said() -> None:
    """A 2024 part is past the newest fitted hardware (2022): same value as the newest,
    and the explanation says it was clamped."""
    h100 = default_mfu(params=1e11, accelerators=1024, accelerator="h100")
    b200 = default_mfu(params=1e11, accelerators=1024, accelerator="b200")
    assert b200.value == pytest.approx(h100.value)
    assert "clamped" in b200.explanation and "clamped" not in h100.explanation


def test_a_run_year_given_changes_nothing_and_is_said_not_used() -> None:
    """The run year was tested and not adopted (docs/workload.md): default_mfu still
    checks a run year given (bad values below), but the value is the same at any year
    (the run-year fit would give an H100 0.30 in 2020 and 0.45 in 2025), no run year is
    carried, the note says it is not used, and an array of years does not turn the value
    into an array."""
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    plain = default_mfu(**kw)
    assert plain.run_year is None and "run year" not in plain.explanation
    for year in (2020, 2023, 2025, 2030):
        e = default_mfu(**kw, run_year=year)
        assert e.value == plain.value and e.run_year is None, year
        assert "run year not used (tested as a software term and not adopted" in e.explanation
    years = default_mfu(**kw, run_year=[2021, 2025])
    assert years.value == plain.value and not isinstance(years.value, np.ndarray)


def test_were_the_run_year_a_regressor_it_would_be_used_at_the_clamped_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Should a later test adopt it, default_mfu takes the run year like any regressor:
    the fit on the runs at the year, clamped to their range (2020-2025: GPT-3's paper to
    Llama 4 Behemoth's blog) and carried in the estimate; without one it is left out
    and the model refitted, as for model size. By hand from fit_mfu's coefficients."""
    import tigris.workload.mfu as mfu

    monkeypatch.setattr(mfu, "REGRESSORS", ("run_year",))
    kw = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"}
    beta = fit_mfu(None, ("run_year",))
    late = mfu.default_mfu(**kw, run_year=2030)
    assert late.run_year == 2025 and "(2020-2025), clamped" in late.explanation
    assert late.value == pytest.approx(math.exp(beta["intercept"] + 5 * beta["run_year"]))
    mid = mfu.default_mfu(**kw, run_year=2022)
    assert mid.run_year == 2022 and "clamped" not in mid.explanation
    none = mfu.default_mfu(**kw)
    assert none.regressors == () and none.run_year is None
    assert "run year not given, left out" in none.explanation


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
        # checked although not used (tested, not adopted): a bad year is still an error
        ({"run_year": 2024.5}, "run_year"),
        ({"run_year": -2024}, "run_year"),
        ({"run_year": float("nan")}, "run_year"),
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
