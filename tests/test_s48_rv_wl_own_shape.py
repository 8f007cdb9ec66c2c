"""A published run's own shape values leave the answer unchanged (review of s48).

``tigris train -m gpt-3 --json`` gave 4.2e23 FLOP (8 N D, GPT-3 counts the recomputed
pass) and 33.91 days; ``--seq-len 2048``, GPT-3's own sequence length, gave 4.316e23
FLOP and 34.85 days with ``overrides: []`` and no note: the compute was counted as
params x tokens + attention though nothing was replaced. Likewise Llama 3.1 405B's own
``--params``/``--layers`` replaced its published 3.8e25 FLOP by a counted 4.107e25.
Giving the run's own values now keeps the run's answer; a value that differs still
replaces it.
"""

from __future__ import annotations

import pytest

from tigris.workload.training import get_run, train

GPT3 = 8 * 175e9 * 300e9  # 4.2e23, Narayanan et al. 2021 with recomputation


def test_gpt3_own_seq_len_keeps_the_answer(run_cli) -> None:
    base = run_cli("train", "-m", "gpt-3", "--json").json()
    own = run_cli("train", "-m", "gpt-3", "--seq-len", "2048", "--json").json()
    assert base["training_flops"] == pytest.approx(GPT3, rel=1e-12)
    assert own["training_flops"] == pytest.approx(base["training_flops"], rel=1e-12)
    assert own["days"] == pytest.approx(base["days"], rel=1e-12)
    assert own["flops_basis"] == base["flops_basis"]
    assert own["overrides"] == []


def test_all_three_own_attention_dims_keep_the_answer() -> None:
    base = train(model="gpt-3")
    own = train(model="gpt-3", n_layers=96, seq_len=2048, d_model=12288)
    assert own.training_flops == pytest.approx(base.training_flops, rel=1e-12)
    assert own.days == pytest.approx(base.days, rel=1e-12)


def test_a_published_figure_is_kept_with_the_runs_own_shape() -> None:
    run = get_run("llama-3.1-405b")
    own = train(model="llama-3.1-405b", params=run.params, n_layers=run.n_layers)
    assert own.training_flops == pytest.approx(3.8e25, rel=1e-12)
    assert own.flops_basis == "run"
    # the same notes, and one saying the flag replaced nothing (user test 2026-12-06 #8)
    said = [n for n in own.notes if "nothing is replaced" in n]
    assert len(said) == 1 and "n_layers 126" in said[0]
    assert [n for n in own.notes if n not in said] == list(train(model="llama-3.1-405b").notes)


def test_a_different_value_still_replaces() -> None:
    r = train(model="gpt-3", seq_len=4096)
    assert r.overrides == ("--seq-len",)
    assert r.training_flops > GPT3
