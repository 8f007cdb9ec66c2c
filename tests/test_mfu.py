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


def _toy(years: list[int], mfus: list[float], groups: list[str] | None = None) -> pd.DataFrame:
    names = [f"r{i}" for i in range(len(years))]
    return pd.DataFrame(
        {
            "run": names,
            "group": groups or names,
            "params": 1e11,
            "accelerator": "h100",
            "hardware_year": years,
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
    ],
)
def test_bad_input(kwargs: dict, needle: str) -> None:
    base = {"params": 1e11, "accelerators": 1024, "accelerator": "h100"} | kwargs
    with pytest.raises(InputError, match=needle.replace("-", r"\-")):
        default_mfu(**base)


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
