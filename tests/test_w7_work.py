"""User test UT-CLAIMS (2026-12-04) D1, D4 (train), D5, D11, D14: what ``tigris train``
and ``tigris infer`` say a journalist could quote.

Expected values are derived by hand from the sources named in each test (SemiAnalysis's
GPT-4 figures as summarised, ZeRO's 16 bytes per parameter, the published batch and
cluster sizes), not read back from the code.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path

import pytest

import tigris
from tests.conftest import CliResult
from tigris.workload import workload_default

Run = Callable[..., CliResult]
DATA = Path(tigris.__file__).resolve().parent / "data"
#: The journalist's GPT-4 service (usertest_claims.md D1): 100M users x 20 chats x
#: 1,300 tokens a day, GPT-4's 120 layers (SemiAnalysis) and an assumed 8 x 128 KV.
GPT4_SERVICE = (
    "infer", "-m", "gpt-4", "--tokens-per-day", "2.6e12", "--prompt-tokens", "1000",
    "--output-tokens", "300", "--layers", "120", "--kv-heads", "8", "--head-dim", "128",
)  # fmt: skip
#: H100 SXM dense BF16 peak [FLOP/s] (NVIDIA H100 datasheet: 989.4 TFLOPS) and the
#: shipped 16-bit prefill MFU (workload_defaults.csv prefill_mfu).
H100_BF16 = 989.4e12
PREFILL_MFU = 0.630


def _flat(text: str) -> str:
    """Output with rich's line wrapping undone (one space between words)."""
    return " ".join(text.split())


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(newline="") as fh:
        return list(csv.DictReader(fh))


# --- D1: GPT-4 is a mixture of experts -----------------------------------------------


def test_gpt4_serves_its_active_parameters_not_all_1_8t(run_cli: Run) -> None:
    """Prefill of a 1,000-token prompt costs 2 x 280e9 FLOP per token (SemiAnalysis:
    ~280B parameters per forward pass), not 2 x 1.8e12, plus attention over the prompt,
    4 x 120 layers x 10,752 (inference_models.csv's attention width, since 2026-12-04)
    x 1000^2 / 2 (Hoffmann et al. 2022 App. F): on its replica of n H100 at the prefill
    MFU a step of S tokens computes S/1000 of that / (n * 989.4e12 * 0.63) s (the
    tensor-parallel all-reduces made free by a 1e12 GB/s link at zero latency;
    --node-size 4096 keeps the replica in one scale-up domain, since S36 ML-FIX a replica
    over a node all-reduces over the NICs). Since 2026-12-06 a step also reads the 3.6 TB
    of BF16 weights once (the roofline's memory side, at the default MBU 0.58 of 3.35 TB/s
    an H100): the step is the larger, and a prompt's time its 1000/S share. HEAD~ served
    the 1.8T dense."""
    free_all_reduce = (
        "--interconnect-gb-per-s", "1e12", "--all-reduce-latency-us", "0",
        "--node-size", "4096",
    )  # fmt: skip
    res = run_cli(*GPT4_SERVICE, *free_all_reduce, "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["params"] == pytest.approx(1.8e12)
    assert d["active_params"] == pytest.approx(280e9)
    flop = 2 * 280e9 * 1000 + 4 * 120 * 10_752 * 1000**2 / 2
    n, steps = d["prefill_replica_size"], d["prefill_step_tokens"] / 1000
    compute_ms = steps * flop / (n * H100_BF16 * PREFILL_MFU) * 1e3
    memory_ms = 1.8e12 * 2 / (n * 3.35e12 * workload_default("decode_mbu")) * 1e3
    assert d["prefill_all_to_all_ms"] == 0.0
    assert d["prefill_step_ms"] == pytest.approx(max(compute_ms, memory_ms), rel=1e-3)
    assert d["prefill_ms"] == pytest.approx(d["prefill_step_ms"] / steps, rel=1e-9)
    # the same service with the active parameters given explicitly (the journalist's
    # own check, 29,568 H100) sizes the same fleet
    explicit = run_cli(*GPT4_SERVICE, *free_all_reduce, "--active-params", "280e9", "--json")
    explicit = explicit.json()
    assert d["accelerators"] == explicit["accelerators"]


def test_infer_table_shows_total_and_active_parameters(run_cli: Run) -> None:
    res = run_cli(*GPT4_SERVICE)
    assert res.code == 0, res.err
    out = _flat(res.out)
    assert re.search(r"parameters │ 1\.800e\+12 │ total", out), out
    assert re.search(r"active parameters │ 2\.800e\+11 │ MoE", out), out
    dense = _flat(
        run_cli(
            "infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e9",
            "--prompt-tokens", "1000", "--output-tokens", "300",
        ).out
    )  # fmt: skip
    assert re.search(r"active parameters │ 7\.000e\+10 │ dense", dense), dense


def test_train_shows_the_parameters_behind_the_run(run_cli: Run) -> None:
    d = run_cli("train", "--model", "gpt-4", "--json").json()
    assert (d["params"], d["active_params"], d["tokens"]) == (1.8e12, 280e9, 13e12)
    assert d["flops_basis"] == "run"


@pytest.mark.parametrize("table", ["training_runs", "inference_models"])
def test_every_mixture_of_experts_row_gives_its_active_parameters(table: str) -> None:
    """A row whose source calls the model a mixture of experts must say how many
    parameters a token uses; empty active_params means dense."""
    for row in _rows(table):
        if re.search(r"\bMoE\b|experts", row["source"]):
            assert row["active_params"], row["name"]
            assert float(row["active_params"]) < float(row["params"]), row["name"]


def test_published_flops_agree_with_6_n_active_d() -> None:
    """Where a run states its FLOP, params and tokens, 6 x active x tokens matches it
    within 3 % (Kaplan et al. 2020). GPT-4's 1.8T total would give 6.5x the 2.15e25."""
    checked = []
    for row in _rows("training_runs"):
        if row["training_flops"] and row["params"] and row["tokens"]:
            n = float(row["active_params"] or row["params"])
            ratio = 6 * n * float(row["tokens"]) / float(row["training_flops"])
            assert ratio == pytest.approx(1.0, abs=0.03), (row["name"], ratio)
            checked.append(row["name"])
    assert "gpt-4" in checked


# --- D4: physically impossible training runs get a note ------------------------------


def test_a_model_that_does_not_fit_the_cluster_memory_is_noted(run_cli: Run) -> None:
    """GPT-4's 1.8e12 parameters x 16 bytes (mixed-precision Adam, ZeRO Sec. 3.1) =
    28.8 TB against one A100's 80 GB; 25,000 A100 hold 2,000 TB, no note."""
    res = run_cli("train", "--model", "gpt-4", "--count", "1")
    assert res.code == 0, res.err
    out = _flat(res.out)
    assert "28.8 TB" in out and "0.08 TB" in out and "cannot hold" in out, out
    assert "cannot hold" not in _flat(run_cli("train", "--model", "gpt-4").out)


def test_a_run_split_beyond_any_cluster_or_batch_is_noted(run_cli: Run) -> None:
    """2.15e25 FLOP in 0.001 days at 34 % of 312 TFLOP/s needs 2.15e25 / (86.4 s x
    312e12 x 0.34) = 2.35e9 A100: 11,700x xAI's 200,000-GPU Colossus and more
    accelerators than the 60M tokens of the largest published step."""
    res = run_cli("train", "--model", "gpt-4", "--days", "0.001", "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["accelerators"] == pytest.approx(2.15e25 / (86.4 * 312e12 * 0.34), rel=1e-6)
    notes = " ".join(d["notes"])
    assert "largest AI cluster" in notes and "200,000" in notes
    assert "less than one token per accelerator per step" in notes
    plain = " ".join(run_cli("train", "--model", "gpt-4", "--json").json()["notes"])
    assert "largest AI cluster" not in plain and "per step" not in plain


@pytest.mark.parametrize("cmd", [("train", "--model", "gpt-4"), GPT4_SERVICE])
def test_a_pue_beyond_published_averages_is_noted(run_cli: Run, cmd: tuple[str, ...]) -> None:
    """Uptime Institute's highest published average PUE is ~2.5; 50 gets a note (the
    arithmetic stays: facility = IT x 50), 1.5 does not."""
    high = run_cli(*cmd, "--pue", "50", "--json")
    assert high.code == 0, high.err
    assert any("PUE 50 is above" in n for n in high.json()["notes"])
    low = run_cli(*cmd, "--pue", "1.5", "--json").json()
    assert not any("PUE" in n for n in low["notes"])


# --- D5: the run's source, and an assumed MFU said to be assumed ----------------------


def test_train_model_prints_the_runs_source_and_date(run_cli: Run) -> None:
    res = run_cli("train", "--model", "gpt-4")
    out = _flat(res.out)
    assert "source (gpt-4, as of 2023-07): SemiAnalysis" in out, out
    d = run_cli("train", "--model", "gpt-4", "--json").json()
    assert d["run_as_of"] == "2023-07" and d["run_source"].startswith("SemiAnalysis")


def _mfu_row(out: str) -> str:
    flat = _flat(out)
    return flat[flat.index("MFU │") : flat.index("goodput │")]


def test_an_assumed_mfu_is_not_labelled_the_runs(run_cli: Run) -> None:
    """training_runs.csv: GPT-4's 34 % is 'a tigris assumption (unverified)'; Llama
    3.1's 0.40 is Meta's published 38-43 %."""
    gpt4 = run_cli("train", "--model", "gpt-4")
    assert "the run's" not in _mfu_row(gpt4.out)
    assert "assumed" in _mfu_row(gpt4.out)
    assert (
        "tigris assumption" in run_cli("train", "--model", "gpt-4", "--json").json()["mfu_status"]
    )
    llama = run_cli("train", "--model", "llama-3.1-405b")
    assert "(the run's, published)" in _mfu_row(llama.out)


def test_the_runs_mfu_on_another_part_is_not_the_runs(run_cli: Run) -> None:
    res = run_cli("train", "--model", "llama-3.1-405b", "-a", "b200")
    row = _mfu_row(res.out)
    assert "the run's" not in row and "h100-sxm" in row, row
    d = run_cli("train", "--model", "llama-3.1-405b", "-a", "b200", "--json").json()
    assert d["mfu_accelerator"] == "h100-sxm"
    assert any("applied unchanged to b200" in n for n in d["notes"])


# --- D11, D14 -------------------------------------------------------------------------


def test_infer_says_it_sizes_for_the_mean_load(run_cli: Run) -> None:
    """2.6e12 tokens a day / 86,400 s / 1,300 tokens a request = 23,148 requests/s."""
    d = run_cli(*GPT4_SERVICE, "--json").json()
    note = next(n for n in d["notes"] if "mean load" in n)
    assert "2.315e+04 requests/s" in note and "--tokens-per-day" in note
    assert "mean load" in _flat(run_cli(*GPT4_SERVICE).out)


def test_replacing_a_runs_params_and_tokens_is_said(run_cli: Run) -> None:
    res = run_cli("train", "--model", "gpt-4", "--params", "2e12", "--tokens", "1e9")
    out = _flat(res.out)
    assert "(--params, --tokens replaced)" in out, out
    assert "--params replaces gpt-4's 1.8e+12" in out
    assert "not the run's published 2.15e+25 FLOP" in out
    d = run_cli("train", "--model", "gpt-4", "--params", "2e12", "--tokens", "1e9", "--json")
    assert d.json()["overrides"] == ["--params", "--tokens"]
    # an MoE run's new total keeps its 280e9 parameters used per token
    assert d.json()["training_flops"] == pytest.approx(6 * 280e9 * 1e9)
    inf = run_cli(*GPT4_SERVICE, "--params", "2e12", "--json").json()
    # the service's 8 KV heads replace GPT-4's estimated one (2 x 120 x 1 x 128 values a
    # token, inference_models.csv): said since user test s48 #7
    assert inf["overrides"] == ["--params", "--kv-heads", "--head-dim"]
    assert any("--params replaces gpt-4's 1.8e+12" in n for n in inf["notes"])


def test_recompute_against_the_runs_own_setting(run_cli: Run) -> None:
    """GPT-4 with --recompute: 8 x 280e9 active x 13e12 tokens = 2.912e25 FLOP (Narayanan
    et al. 2021 Eq. 3), said to replace the run's published 2.15e25; GPT-3 on Megatron-LM
    already counts recomputation, so --recompute replaces nothing there."""
    d = run_cli("train", "--model", "gpt-4", "--recompute", "--json").json()
    assert d["training_flops"] == pytest.approx(8 * 280e9 * 13e12)
    assert d["overrides"] == ["--recompute"]
    same = run_cli("train", "--model", "gpt-3", "--recompute", "--json").json()
    assert same["overrides"] == [] and not any("replaces" in n for n in same["notes"])


# --- review (RV-CLAIMS): the notes' thresholds themselves ------------------------------


@pytest.mark.parametrize(("count", "noted"), [(360, False), (359, True)])
def test_memory_note_starts_below_the_models_state(run_cli: Run, count: int, noted: bool) -> None:
    """1.8e12 x 16 bytes = 28.8 TB = 360 x 80 GB exactly: 360 A100 hold it, 359 do not."""
    notes = " ".join(
        run_cli("train", "--model", "gpt-4", "--count", str(count), "--json").json()["notes"]
    )
    assert ("cannot hold" in notes) == noted, notes


@pytest.mark.parametrize(
    ("count", "cluster", "batch"),
    [
        (200_000, False, False),
        (200_001, True, False),
        (60_000_000, True, False),
        (60_000_001, True, True),
    ],
)
def test_cluster_and_batch_notes_start_past_the_published_sizes(
    run_cli: Run, count: int, cluster: bool, batch: bool
) -> None:
    """xAI Colossus's 200,000 GPUs and GPT-4's 60M-token step are reached, not exceeded."""
    d = run_cli("train", "--model", "gpt-4", "--count", str(count), "--json").json()
    notes = " ".join(d["notes"])
    assert ("largest AI cluster" in notes) == cluster, notes
    assert ("per accelerator per step" in notes) == batch, notes


@pytest.mark.parametrize(("pue", "noted"), [("2.5", False), ("2.51", True)])
def test_pue_note_starts_past_the_published_average(run_cli: Run, pue: str, noted: bool) -> None:
    """Uptime Institute's highest published average, 2.5, is inside; 2.51 is past it."""
    notes = run_cli("train", "--model", "gpt-4", "--pue", pue, "--json").json()["notes"]
    assert any("is above the highest published" in n for n in notes) == noted


def test_an_assumed_mfu_gets_a_note_and_a_published_one_does_not(run_cli: Run) -> None:
    """training_runs.csv mfu_status: gpt-4's is 'tigris assumption', llama's 'published'."""
    gpt4 = " ".join(run_cli("train", "--model", "gpt-4", "--json").json()["notes"])
    assert "not a published figure" in gpt4, gpt4
    llama = " ".join(run_cli("train", "--model", "llama-3.1-405b", "--json").json()["notes"])
    assert "not a published figure" not in llama, llama
