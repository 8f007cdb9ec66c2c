"""``tigris train`` takes the attention width as ``--attn-dim`` too, the name ``infer``
gives it (user test 2026-12-05 chain #9: ``--d-model`` is the attention width in
``train`` and the hidden size in ``infer``, so one value meant two things)."""

from __future__ import annotations

import pytest

BASE = ("train", "--params", "7e9", "--tokens", "1e12", "--mfu", "0.4", "--count", "100")
SHAPE = ("--layers", "32", "--seq-len", "4096")


def test_both_names_are_one_option(run_cli) -> None:
    """Chowdhery et al. 2022 (PaLM, App. B): training adds 12 L H Q T FLOP a token for
    attention (L layers, H x Q the attention width, T the sequence): with 32 layers,
    4,096 tokens and width 4,096, 12 x 32 x 4096 x 4096 = 6.44e9 FLOP a token more."""
    flops = [
        run_cli(*BASE, *SHAPE, name, "4096", "--json").json()["training_flops"]
        for name in ("--d-model", "--attn-dim")
    ]
    assert flops[0] == flops[1]
    assert flops[0] == pytest.approx(6 * 7e9 * 1e12 + 12 * 32 * 4096 * 4096 * 1e12, rel=1e-12)
