"""A dense model given by its sizes counts the tensor-parallel all-reduces when its
attention width is given and its hidden size is not (user test 2026-12-05 #2: with
``--layers`` and ``--attn-dim`` but no ``--d-model`` the all-reduces were dropped, so a
0.1 ms per-token target was "met" by a 1,024-accelerator replica)."""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.errors import InputError
from tigris.workload import infer, workload_default

# Llama 2 70B's shape (Touvron et al. 2023, Table 1 and Sec. 2.2: 80 layers, 64 heads
# of 128, 8 KV heads): attention width 64 x 128 = 8,192 = its hidden size.
SHAPE = {
    "params": 70e9,
    "n_layers": 80,
    "n_kv_heads": 8,
    "head_dim": 128,
    "attn_dim": 8192,
    "tokens_per_day": 1e9,
    "prompt_tokens": 1000,
    "output_tokens": 200,
}


def test_attention_width_stands_in_for_the_hidden_size() -> None:
    """Without --d-model the all-reduces are those of d = attention width, the same as
    giving --d-model equal to it, and not zero."""
    implied = infer(**SHAPE)
    given = infer(**SHAPE, d_model=8192)
    assert implied.all_reduce_ms > 0.0
    assert implied.all_reduce_ms == pytest.approx(given.all_reduce_ms, rel=1e-12)
    assert implied.decode_accelerators == given.decode_accelerators
    assert not any("all-reduces not counted" in n for n in implied.notes)


def test_a_target_below_the_all_reduce_floor_is_refused() -> None:
    """Two all-reduces a layer each take at least the small-message floor, so no
    replica can step in less than 2 x 80 x floor (2.06 ms at the 12.9/16.3 us median);
    a 0.1 ms target must be refused, with or without --d-model."""
    floor_ms = 2 * 80 * workload_default("all_reduce_latency_us") / 1e3
    assert floor_ms > 1.0
    for extra in ({}, {"d_model": 8192}):
        with pytest.raises(InputError, match="out of reach"):
            infer(**SHAPE, **extra, tpot_ms=0.1)


def test_note_names_only_what_is_missing() -> None:
    """With --layers given and neither width, the note asks for the width only (since
    s50 #2 the all-reduces' fixed latency is counted from the layers, and the note
    says the step is a lower bound; before, none of them was counted)."""
    shape = {k: v for k, v in SHAPE.items() if k != "attn_dim"}
    notes = infer(**shape).notes
    hit = [n for n in notes if "fixed latency only" in n and "lower bound" in n]
    assert hit, notes
    assert "n_layers" not in hit[0]  # keywords from Python (s46)
    assert "d_model" in hit[0]


def test_cli_refuses_the_unreachable_target(run_cli) -> None:
    args = [
        "infer", "--params", "70e9", "--layers", "80", "--kv-heads", "8",
        "--head-dim", "128", "--attn-dim", "8192", "--tokens-per-day", "1e9",
        "--prompt-tokens", "1000", "--output-tokens", "200", "--tpot-ms", "0.1",
    ]  # fmt: skip
    assert_one_line_error(run_cli(*args), "--tpot-ms", "out of reach")
