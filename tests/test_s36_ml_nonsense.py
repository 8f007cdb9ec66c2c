"""S36 ML-FIX #9 (UT-ML 2026-12-04 #9): nonsense is no longer accepted silently. Bounds
are data rows with sources: the largest AI cluster (workload_defaults.csv, xAI
Colossus 200,000 GPUs), each model's context window (inference_context.csv, the model
papers: Llama 3.1 128K = 131,072, Llama 2 4,096), the best published MFU
(mfu_benchmarks.csv 0.621, llm-foundry; mfu_runs.csv 0.56, TinyLlama)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.workload import infer, train


def test_a_fleet_of_billions_is_noted() -> None:
    r = infer("llama-3.1-70b", tokens_per_day=1e18, prompt_tokens=100, output_tokens=100)
    assert r.accelerators > 1e9
    (note,) = [n for n in r.notes if "largest AI cluster" in n]
    assert note.startswith("tokens_per_day:")  # the keyword from Python (s46)
    assert f"{r.accelerators:,}" in note and "200,000" in note


def test_a_small_fleet_has_no_such_note() -> None:
    r = infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=100, output_tokens=100)
    assert not any("largest AI cluster" in n for n in r.notes)


def test_a_prompt_longer_than_the_context_is_refused(run_cli) -> None:
    with pytest.raises(InputError, match="131,072-token context"):
        infer("llama-3.1-70b", tokens_per_day=1e10, prompt_tokens=1e7, output_tokens=100)
    res = run_cli(
        "infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10",
        "--prompt-tokens", "1e7", "--output-tokens", "100",
    )  # fmt: skip
    assert_one_line_error(res, "--prompt-tokens", "context window")


def test_a_request_past_the_context_is_noted() -> None:
    """Llama 2 70B's window is 4,096 tokens: 4,000 + 300 run 204 past it."""
    r = infer("llama-2-70b", tokens_per_day=1e10, prompt_tokens=4000, output_tokens=300)
    (note,) = [n for n in r.notes if "context window" in n]
    assert note.startswith("output_tokens:") and "204 output tokens" in note


@pytest.mark.parametrize("kw", [{"count": 16384, "days": 35}, {"count": 16384, "mfu": 0.95}])
def test_an_mfu_above_the_best_published_is_noted(kw: dict) -> None:
    """405B x 15.6T on 16,384 H100 in 35 days needs 3.8e25 / (16,384 x 989.4e12 x 0.9 x
    35 x 86,400) = 0.859 of the BF16 peak, above 0.621 and 0.56."""
    r = train(params=405e9, tokens=15.6e12, **kw)
    (note,) = [n for n in r.notes if "best published" in n]
    assert "0.621" in note and "0.56" in note
    assert note.startswith("count and days" if "days" in kw else "mfu")


def test_a_published_mfu_has_no_such_note() -> None:
    assert not any("best published" in n for n in train("llama-3.1-405b").notes)


def test_the_refusal_above_the_peak_does_not_round_to_100(run_cli) -> None:
    """--days 30 needs 100.2 % of the peak; the message said "100 % ... at most 100 %"."""
    res = run_cli("train", "--params", "405e9", "--tokens", "15.6e12", "--count", "16384",
                  "--days", "30")  # fmt: skip
    assert_one_line_error(res, "--count/--days", "100.2 %")  # s48 #11: not --mfu
