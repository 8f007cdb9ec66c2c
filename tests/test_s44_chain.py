"""User test of the chain verbs, 2026-12-05 (stop 43): defects of ``train`` and
``infer`` reproduced, then fixed.

1. A new total (``--params``) of a mixture-of-experts model made it dense: DeepSeek-V3
   at 7e11 parameters took 19x its compute (946.8 days against 50.05) and 379x its
   serving fleet. Invariant: an MoE model's compute is 6 x active x tokens (Kaplan et
   al. 2020; DeepSeek-AI 2024), so a new total alone does not change it.
2. ``--mfu`` was read as a hardware FLOPs utilisation once ``--recompute`` was on, so
   the same MFU gave 8/6 the days. Invariant (Chowdhery et al. 2022, App. B): at a
   given MFU the wall time is that of 6 N D, with or without recomputation.
3. ``infer -m MODEL --layers L`` changed the attention but kept the model's KV cache
   and said nothing. Invariant: every layer caches as many values, so the cache a
   token scales with the layers (Pope et al. 2022, Sec. 2.2).
"""

from __future__ import annotations

import pytest

from tigris.errors import InputError
from tigris.workload import infer, train

SERVICE = {
    "precision": "fp8",
    "accelerator": "h800",
    "tokens_per_day": 1e11,
    "prompt_tokens": 1000,
    "output_tokens": 300,
}


def test_a_new_total_keeps_an_moe_runs_compute() -> None:
    plain = train("deepseek-v3")
    bigger = train("deepseek-v3", params=7e11)
    assert float(bigger.active_params) == 37e9
    assert float(bigger.training_flops) == pytest.approx(6 * 37e9 * 14.8e12)
    assert float(bigger.days) == pytest.approx(float(plain.days), rel=1e-9)
    assert any("37e+10" in n or "3.7e+10 parameters used per token" in n for n in bigger.notes)


def test_a_total_below_the_active_parameters_is_refused() -> None:
    with pytest.raises(InputError, match=r"below deepseek-v3's 3.7e\+10") as err:
        train("deepseek-v3", params=3e10)
    assert err.value.problems[0].field in ("--params", "params")  # CLI flag or API name
    with pytest.raises(InputError, match=r"give (--active-params|active_params) too") as err:
        infer("deepseek-v3", params=3e10, **SERVICE)
    assert err.value.problems[0].field in ("--params", "params")
    # with --active-params too, the user's split stands
    ok = train("deepseek-v3", params=3e10, active_params=3e9)
    assert float(ok.training_flops) == pytest.approx(6 * 3e9 * 14.8e12)


def test_a_dense_runs_new_total_is_all_used_per_token() -> None:
    r = train("llama-3.1-405b", params=7e10)
    assert float(r.active_params) == 7e10
    assert float(r.training_flops) == pytest.approx(6 * 7e10 * float(r.tokens))


def test_a_new_total_of_an_moe_service_grows_the_experts_smoothly() -> None:
    """The fleet of a slightly larger DeepSeek-V3 is about the model's own: the
    extra parameters are experts (read a few a token), not weights every accelerator
    keeps whole; before, 29B more parameters took the fleet from 288 to 106,624."""
    own = infer("deepseek-v3", **SERVICE)
    fleets = [infer("deepseek-v3", params=p, **SERVICE).accelerators for p in (6.9e11, 7e11)]
    assert all(f <= 1.2 * own.accelerators for f in fleets), (own.accelerators, fleets)
    # the parameters outside the experts are the model's, whatever the new total
    from tigris.workload.inference import _model_shape, _replicated_bytes

    shape = _model_shape("deepseek-v3")
    shared = shape.params - shape.expert_params
    for total in (6.71e11, 7e11, 1.3e12):
        assert _replicated_bytes(shape, None, total, 1.0, True) == pytest.approx(shared)
    with pytest.raises(InputError, match="no room for experts"):
        infer("deepseek-v3", params=1.5e10, active_params=1e10, **SERVICE)


def test_days_at_a_given_mfu_do_not_depend_on_recomputation() -> None:
    shape = {"params": 7e10, "tokens": 1e12, "count": 100, "mfu": 0.4}
    plain, again = train(**shape), train(**shape, recompute=True)
    assert float(again.days) == pytest.approx(float(plain.days), rel=1e-12)
    assert float(again.mfu) == pytest.approx(0.4)
    assert float(again.hfu) == pytest.approx(0.4 * 8 / 6)
    assert plain.hfu is None
    assert again.to_dict()["hfu"] == pytest.approx(0.4 * 8 / 6)


def test_a_runs_mfu_is_kept_when_recomputation_is_switched() -> None:
    """GPT-4's 0.34 is an MFU (2.15e25 FLOP / (25,000 A100 x 312 TFLOP/s x 95 d),
    SemiAnalysis 2023): counting the recomputed pass changes the FLOP counted, not the
    speed of the run at that MFU."""
    own = train("gpt-4")
    re = train("gpt-4", recompute=True)
    assert float(re.mfu) == pytest.approx(float(own.mfu))
    # days scale only with the model FLOPs: 6 x 280e9 x 13e12 against the published 2.15e25
    ratio = 6 * float(re.active_params) * float(re.tokens) / float(own.training_flops)
    assert float(re.days) / float(own.days) == pytest.approx(ratio, rel=1e-9)


def test_solving_for_mfu_with_recomputation_gives_mfu_and_hfu() -> None:
    r = train(params=175e9, tokens=300e9, recompute=True, accelerator="a100", count=1024,
              days=34, goodput=1.0)  # fmt: skip
    # Narayanan et al. 2021 Sec. 5.1: ~34 days at 140 TFLOP/s counting recomputation
    assert float(r.hfu) == pytest.approx(140 / 312, rel=0.01)
    assert float(r.mfu) == pytest.approx(140 / 312 * 6 / 8, rel=0.01)


def test_an_mfu_whose_hfu_exceeds_the_peak_is_refused() -> None:
    with pytest.raises(InputError, match="HFU = MFU x 8/6") as err:
        train(params=7e10, tokens=1e12, count=100, mfu=0.9, recompute=True)
    assert err.value.problems[0].field in ("--mfu", "mfu")


def test_layers_scale_a_named_models_kv_cache_and_are_named() -> None:
    load = {"tokens_per_day": 1e11, "prompt_tokens": 2000, "output_tokens": 500}
    own = infer("llama-3.1-70b", **load)
    deep = infer("llama-3.1-70b", n_layers=200, **load)
    assert deep.kv_bytes_per_token == pytest.approx(own.kv_bytes_per_token * 200 / 80)
    assert deep.overrides == ("--layers",)
    same = infer("llama-3.1-70b", n_layers=80, **load)  # its own value replaces nothing
    assert same.overrides == () and same.accelerators == own.accelerators
    assert any("n_layers replaces llama-3.1-70b's 80" in n for n in deep.notes)
    wide = infer("llama-3.1-70b", attn_dim=16384, **load)
    assert wide.overrides == ("--attn-dim",)


def test_kv_heads_alone_on_a_named_model_names_the_missing_flag(run_cli) -> None:
    res = run_cli("infer", "-m", "llama-3.1-70b", "--kv-heads", "64", "--tokens-per-day", "1e11",
                  "--prompt-tokens", "2000", "--output-tokens", "500")  # fmt: skip
    assert res.code == 2
    assert res.err.startswith("error: --kv-heads:")
    assert "missing --head-dim (llama-3.1-70b's table" in res.err
    assert "missing --layers" not in res.err


def test_the_cli_prints_mfu_and_hfu_rows_for_a_given_mfu(run_cli) -> None:
    out = run_cli("train", "--params", "7e10", "--tokens", "1e12", "--count", "100",
                  "--recompute", "--mfu", "0.4", "--json").json()  # fmt: skip
    assert out["mfu"] == pytest.approx(0.4) and out["hfu"] == pytest.approx(0.4 * 8 / 6)


@pytest.mark.parametrize("verb", ["train", "infer"])
def test_a_part_without_power_gives_its_count_and_no_power(run_cli, verb: str) -> None:
    """#5: a part with no system power in the catalog (TPU v5p) was refused outright,
    so a scenario workload on it (which has no power_w field, the plan needs only the
    count) could not be written at all. The count and days stand; power, energy and
    their money are not computed, and a note names --power-w (as a missing price does
    for ownership)."""
    args = (
        ("train", "--flops", "1e24", "--count", "1000", "--mfu", "0.4")
        if verb == "train"
        else ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10",
              "--prompt-tokens", "1000", "--output-tokens", "300")
    )  # fmt: skip
    res = run_cli(*args, "-a", "tpu-v5p", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert doc["accelerators"] > 0
    assert doc["power_mw"] is None and doc["system_power_w"] is None
    assert any("no system power" in n and "--power-w" in n for n in doc["notes"])
    given = run_cli(*args, "-a", "tpu-v5p", "--power-w", "900", "--json").json()
    assert given["system_power_w"] == 900.0 and given["power_mw"] > 0


def test_a_scenario_workload_on_a_part_without_power_is_valid(tmp_path) -> None:
    from tests.test_scenario_workloads import SCENARIO
    from tigris.scenario import load_scenario

    text = SCENARIO.replace("accelerator: a100\n", "accelerator: tpu-v5p\n")
    assert text != SCENARIO
    path = tmp_path / "s.yaml"
    path.write_text(text)
    assert load_scenario(path).demand[0].workloads[0].train.accelerator == "tpu-v5p"


def test_moe_layers_beyond_the_models_layers_are_refused(tmp_path) -> None:
    """#4: a layer is MoE or not, so a model has at most as many MoE layers as layers
    (Mixtral: 32 of 32; DeepSeek-V3: 58 of 61)."""
    from tests.test_scenario_workloads import SCENARIO
    from tigris.scenario import load_scenario

    with pytest.raises(InputError, match="at most mixtral-8x7b's 32 layers") as err:
        infer("mixtral-8x7b", moe_layers=100, tokens_per_day=1e10, prompt_tokens=1000,
              output_tokens=300)  # fmt: skip
    assert err.value.problems[0].field in ("--moe-layers", "moe_layers")
    text = SCENARIO.replace(
        "model: llama-3.1-405b\n", "model: mixtral-8x7b\n          moe_layers: 100\n"
    )
    path = tmp_path / "s.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"infer\.moe_layers"):
        load_scenario(path)


def test_unknown_infer_model_lists_and_suggests_the_served_shapes(run_cli) -> None:
    """#7: ``infer -m llama-3.1-7b`` suggested llama-3.1-405b and listed only the
    training runs, though llama-3.1-70b and -8b are in inference_models.csv."""
    res = run_cli("infer", "-m", "llama-3.1-7b", "--tokens-per-day", "1e10",
                  "--prompt-tokens", "1000", "--output-tokens", "300")  # fmt: skip
    assert res.code == 2
    assert "did you mean 'llama-3.1-70b'?" in res.err
    assert "mixtral-8x7b" in res.err and "gpt-3-175b-megatron" in res.err


def test_errors_name_the_flag(run_cli) -> None:
    """#6, #8: a message names the flag the user typed and ends in a reason."""
    load = ("--tokens-per-day", "1e10", "--prompt-tokens", "1000", "--output-tokens", "300")
    res = run_cli("infer", "-m", "llama-3.1-70b", "--replica-size", "8192", *load)
    assert res.code == 2 and "--replica-size" in res.err
    assert res.err.strip().endswith("(the largest replica tigris sizes)")
    res = run_cli("infer", "-m", "llama-3.1-70b", "--kv-precision", "fp8", "-a", "a100", *load)
    assert res.err.startswith("error: --kv-precision:")
    res = run_cli("die", "--width", "0.01", "--height", "0.01", "--scribe-mm", "0", "--d0", "0.1")
    assert res.err.startswith("error: --height:") and "gross_dies_estimate" not in res.err


def test_a_site_is_not_told_to_use_a_refused_facilitys_typo(tmp_path) -> None:
    """#9: a logic facility with node N33 is refused at its line; the sites naming
    logic-N3 were each told "did you mean 'logic-N33'?", steering them to the typo."""
    from tigris.scenario import load_scenario
    from tigris.scenario.load import reference_scenario_text

    text = reference_scenario_text().replace("node: N3 ", "node: N33", 1)
    assert "node: N33" in text
    path = tmp_path / "typo.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_scenario(path)
    messages = [p.message for p in err.value.problems]
    assert any("unknown node 'N33'" in m for m in messages)
    assert not any("logic-N33" in m for m in messages), messages


def test_fab_warnings_below_the_fitted_sizes_and_just_above_the_largest() -> None:
    """#10, #11: a 1-wspm fab was costed silently though the size economy is fitted
    from 5,000 wspm (The Chip Insider 2008); 104,537 wspm read "1.0x the largest single
    fab" (100,000 wspm), which says "at", not "above"."""
    from tigris.fab import fab_model
    from tigris.fab.checks import fab_warnings, largest_published_fab
    from tigris.fab.data import fab_param

    w0 = fab_param("size_scale_wspm")
    small = " ".join(fab_warnings(fab_model("N5", w0 / 5, "taiwan")))
    assert f"below {w0:,.0f}, the smallest fab" in small
    assert not any("below" in w for w in fab_warnings(fab_model("N5", w0, "taiwan")))
    _, biggest = largest_published_fab()
    over = " ".join(fab_warnings(fab_model("N2", biggest * 1.04537, "taiwan")))
    assert "4.5% above the largest single fab" in over, over


def test_the_dashboards_mfu_control_stops_where_the_hardware_does() -> None:
    """Review 2026-12-05: for a run counted with the recomputed pass (Megatron's GPT-3,
    8 N D) an MFU above 6/8 puts the hardware above its peak and is refused, but the
    dashboard's control went to 100 %. Its top is MFU / HFU = 6/8 there, 100 % for a
    run without recomputation."""
    from tests.conftest import SMALL, replaced
    from tigris.scenario.edit import load_any
    from tigris.serve.controls import controls_for

    cases = ["{model: gpt-3}", "{model: llama-3.1-405b}"]
    text = replaced(
        SMALL,
        (
            "  - name: fine-tuning\n    priority: 1\n    h100e_by_year: {2026: 1.0e6}\n",
            "  - name: lab\n    priority: 1\n    workloads:\n"
            + "".join(f"      - train: {c}\n        runs_by_year: {{2026: 1}}\n" for c in cases),
        ),
    )
    by_path = {c.path: c for c in controls_for(load_any(text))}
    tops = [by_path[f"demand.lab.workloads.{i}.train.mfu"].max for i in range(2)]
    assert tops == [pytest.approx(75.0), pytest.approx(100.0)]  # shown in %


def test_megatrons_mfu_says_it_is_converted_from_its_published_hfu() -> None:
    """Review 2026-12-05: Narayanan et al. publish 140 TFLOP/s counting the recomputed
    pass (an HFU); the row's MFU is 6/8 of it, not itself a published figure."""
    from tigris.cli.workload import _mfu_basis
    from tigris.workload import train

    r = train("gpt-3")
    assert float(r.mfu) == pytest.approx(140 / 312 * 6 / 8, rel=1e-3)
    assert _mfu_basis(r) == " (the run's, published as HFU x 6/8)"
    assert not any("not a published figure" in n for n in r.notes)
