"""Review of s50 #2: the replica-size note counted a named model's own query heads when
``--head-dim`` was given without ``--attn-dim``. Heads are the attention width over the
head size: Llama 3.1 70B's 8,192 (Meta's model card: 64 heads of 128) at a head size of
64 are 128 heads, which a replica of 128 splits evenly, and 3 does not."""

from __future__ import annotations

import tigris

ARGS = dict(model="llama-3.1-70b", tokens_per_day=1e9, prompt_tokens=1000, output_tokens=300)


def _note(res: object) -> str:
    return " ".join(n for n in res.notes if "replica_size" in n)  # the API names it so


def test_a_given_head_size_sets_the_heads() -> None:
    res = tigris.infer(**ARGS, head_dim=64, n_kv_heads=16, replica_size=128)
    assert _note(res) == ""  # 128 heads of 64 split over 128
    res = tigris.infer(**ARGS, head_dim=64, n_kv_heads=16, replica_size=3)
    assert "128 query heads" in _note(res)


def test_the_rows_heads_without_a_head_size() -> None:
    res = tigris.infer(**ARGS, replica_size=3)
    assert "64 query heads" in _note(res)
