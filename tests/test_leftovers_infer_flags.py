"""A flag that cannot apply is refused (leftovers of 2026-12-03, item 1).

``--routed-experts`` sets how many routed experts an MoE layer holds, so that a decode
step reads only the share its batch routes to. A dense model (Llama 3.1 405B: no MoE
layers, arXiv 2407.21783 Table 3) has no routed experts, and an MoE replica whose
expert weights are unknown (no ``--expert-params``) has no expert bytes to scale: in
both the flag changes nothing, and it is refused like ``tigris silicon --alpha`` off its
model (exit 2, one line naming the flag and why).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.workload import infer

RunCli = Callable[..., Any]

DENSE = ("infer", "-m", "llama-3.1-405b", "--precision", "fp8", "--tokens-per-day", "1e10",
         "--prompt-tokens", "1000", "--output-tokens", "300", "--ttft-ms", "2000",
         "--tpot-ms", "50")  # fmt: skip


def test_routed_experts_on_a_dense_model_is_refused(run_cli: RunCli) -> None:
    res = run_cli(*DENSE, "--routed-experts", "256")
    assert_one_line_error(res, "--routed-experts", "llama-3.1-405b", "dense")
    assert run_cli(*DENSE, "--json").code == 0  # the same service without it runs


def test_routed_experts_without_expert_weights_is_refused() -> None:
    """A custom MoE (58 MoE layers, 8 experts a token) without --expert-params: every
    accelerator holds all weights, none are expert bytes a small batch skips."""
    kw: dict[str, Any] = {
        "params": 671e9,
        "active_params": 37e9,
        "moe_layers": 58,
        "experts_per_token": 8,
        "d_model": 7168,
        "kv_bytes_per_token": 35136,
        "accelerator": "h800",
        "precision": "fp8",
        "tokens_per_day": 1e10,
        "prompt_tokens": 100,
        "output_tokens": 100,
        "tpot_ms": 1e5,
    }
    infer(**kw)  # runs without the flag
    with pytest.raises(InputError, match="expert_params"):
        infer(**kw, routed_experts=256)
    infer(**kw, expert_params=653.91e9, routed_experts=256)  # and with both


def test_routed_experts_on_an_moe_model_still_applies() -> None:
    """DeepSeek-V3 with its own 256 given explicitly is the named model's service."""
    kw: dict[str, Any] = {
        "accelerator": "h800",
        "precision": "fp8",
        "tokens_per_day": 1e10,
        "prompt_tokens": 100,
        "output_tokens": 100,
        "batch_size": 1,
        "replica_size": 32,
        "tpot_ms": 1e5,
    }
    named = infer("deepseek-v3", **kw)
    given = infer("deepseek-v3", routed_experts=256, **kw)
    assert given.decode_step_ms == named.decode_step_ms


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--expert-params", "1e11"),
        ("--all-to-all-efficiency", "0.5"),
        ("--all-to-all-latency-us", "100"),
    ],
)
def test_other_moe_only_flags_on_a_dense_model_are_refused(
    run_cli: RunCli, flag: str, value: str
) -> None:
    """The experts' weights and the all-to-all's efficiency and latency act only on an
    MoE replica (docs/workload.md: ``W_rep = 0`` for dense replicas, ``t_a2a`` over
    ``L_moe`` MoE layers, the latency floor ``L_moe`` x ...): on Llama 3.1 405B they
    changed nothing and were accepted (review of the leftovers, 2026-12-03)."""
    res = run_cli(*DENSE, flag, value)
    assert_one_line_error(res, flag, "llama-3.1-405b", "dense")


@pytest.mark.parametrize(
    ("given", "missing"),
    [
        (("--moe-layers", "58"), "--experts-per-token"),
        (("--experts-per-token", "8"), "--moe-layers"),
    ],
)
def test_half_an_moe_is_refused(run_cli: RunCli, given: tuple[str, str], missing: str) -> None:
    """One of the MoE layers and the experts per token without the other left the
    replica dense, the flag silently ignored; now the missing one is named."""
    res = run_cli(*DENSE, *given)
    assert_one_line_error(res, given[0], missing)
