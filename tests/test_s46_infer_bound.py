"""What binds a service whose prefill fleet is the larger: the prefill step's larger part.

User test s46 README #1: the README's 100x part (neuro-npu: an H100 with 100x its
peaks, the bandwidth unchanged) serving Llama 3.1 405B in FP8 with 1,000-token prompts
reported ``bound: compute`` while its 44.86 ms prefill step was almost all
tensor-parallel all-reduce: ``bound`` took "compute" for any prefill.

Hand derivation: a prefill of 1,000 tokens of a dense 405B model is about
``2 x 405e9 x 1,000 = 8.1e14`` FLOP (Kaplan et al. 2020, eq. 2.1, forward pass; the
attention adds under 1 % at this context); on a replica of ``g`` parts of 1.979e17 FP8
FLOP/s each, even at 100 % of the peak that is ``8.1e14 / (g x 1.979e17)`` s, under a
tenth of the step the result reports. So compute cannot be what binds the step.
"""

from __future__ import annotations

import pytest

import tigris

PART = """accelerators:
  - name: neuro-npu
    based_on: h100
    peak_bf16_flop_per_s: 9.894e16
    peak_fp8_flop_per_s: 1.979e17
    source: "Vendor claim, 2024"
    as_of: 2024-03
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tigris.workload.InferenceResult:
    path = tmp_path_factory.mktemp("parts") / "my-parts.yaml"
    path.write_text(PART, encoding="utf-8")
    return tigris.infer(
        "llama-3.1-405b",
        precision="fp8",
        accelerator="neuro-npu",
        accelerators_file=path,
        tokens_per_day=1e10,
        prompt_tokens=1000,
        # 100 output tokens (was 300): since a prompt's wait is counted in prompts'
        # service times, not whole steps (2026-12-07), 300 left the two fleets equal
        output_tokens=100,
    )


def test_a_prefill_of_all_reduce_is_not_called_compute(served) -> None:
    assert served.prefill_accelerators > served.decode_accelerators  # prefill decides
    compute_s = 2 * 405e9 * 1000 / (served.prefill_replica_size * 1.979e17)
    assert compute_s * 10 < served.prefill_step_ms / 1000
    assert served.bound == "interconnect"


def test_an_h100_prefill_of_long_prompts_stays_compute() -> None:
    """On H100s with 8,000-token prompts and short outputs the prefill fleet is the
    larger and its step is its matrix work: ``2 x 8e9 x 8,000`` FLOP a prompt of an 8B
    model on one part, the all-reduce of a one-part replica nil."""
    res = tigris.infer("llama-3.1-8b", tokens_per_day=1e10, prompt_tokens=8000, output_tokens=10)
    assert res.prefill_accelerators > res.decode_accelerators
    assert res.bound == "compute"
