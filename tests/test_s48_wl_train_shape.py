"""The attention flags with a published run, and what the compute row says it counts.

User test s48 #4: ``tigris train -m gpt-3 --seq-len 4096`` demanded ``--layers`` and
``--d-model`` although GPT-3's row has 96 layers and d_model 12,288 (Brown et al.
2020, Table 2.1). One flag replaces one value: the compute is then Narayanan et al.'s
8 N D (the run counts the recomputed pass) plus the attention term with recomputation,
16 L s d per token (Narayanan et al. 2021, Eq. 3): 8 x 175e9 x 300e9 = 4.2e23 and
16 x 96 x 4,096 x 12,288 x 300e9 = 2.319e22, 4.432e23 in all.

User test s48 #8: ``--layers 96 --seq-len 4096 --d-model 12288`` said "--layers
replaced" and "--d-model replaced" of GPT-3's own 96 and 12,288.

User test s48 #5: with ``--layers 96 --seq-len 2048 --d-model 12288`` the compute,
6 x 175e9 x 300e9 = 3.15e23 plus 12 x 96 x 2,048 x 12,288 x 300e9 = 8.70e21, i.e.
3.237e23, was labelled "(6 x active params x tokens)", ``--json`` flops_basis
"params x tokens", and with ``--recompute`` "the model's own 6 N D is 3.237e+23"
(6 N D alone is 3.15e23).
"""

from __future__ import annotations

import pytest

GPT3 = 8 * 175e9 * 300e9  # Narayanan et al. 2021, with recomputation
ATTN_4096 = 16 * 96 * 4096 * 12288 * 300e9
SIX_ND = 6 * 175e9 * 300e9
ATTN_2048 = 12 * 96 * 2048 * 12288 * 300e9
ATTN_RUN = ("train", "--params", "175e9", "--tokens", "300e9", "--count", "1024", "-a", "a100")
ATTN_RUN += ("--mfu", "0.3", "--layers", "96", "--seq-len", "2048", "--d-model", "12288")


def _flat(text: str) -> str:
    """The table's text with its cell borders and wraps removed."""
    return " ".join(w for w in text.split() if w not in "│┃")


def test_one_flag_replaces_one_value(run_cli) -> None:
    res = run_cli("train", "-m", "gpt-3", "--seq-len", "4096", "--json")
    assert res.code == 0, res.err
    d = res.json()
    assert d["training_flops"] == pytest.approx(GPT3 + ATTN_4096, rel=1e-9)
    assert d["overrides"] == ["--seq-len"]


def test_values_equal_to_the_runs_are_not_replaced(run_cli) -> None:
    args = ("train", "-m", "gpt-3", "--layers", "96", "--seq-len", "4096", "--d-model", "12288")
    d = run_cli(*args, "--json").json()
    assert d["overrides"] == ["--seq-len"]
    assert d["training_flops"] == pytest.approx(GPT3 + ATTN_4096, rel=1e-9)
    out = run_cli(*args).out
    assert "--layers replaced" not in _flat(out) and "--d-model" not in out.splitlines()[0]
    assert "(--seq-len replaced)" in _flat(out)
    assert not any("--layers replaces" in n for n in d["notes"])


def test_the_label_names_the_attention_term(run_cli) -> None:
    d = run_cli(*ATTN_RUN, "--json").json()
    assert d["training_flops"] == pytest.approx(SIX_ND + ATTN_2048, rel=1e-9)
    assert d["flops_basis"] == "params x tokens + attention"
    assert d["attention_flops"] == pytest.approx(ATTN_2048, rel=1e-9)
    out = _flat(run_cli(*ATTN_RUN).out)
    assert "FLOP (6 x active params x tokens + attention 12 x layers" in out


def test_with_recomputation_the_model_flops_include_attention(run_cli) -> None:
    out = _flat(run_cli(*ATTN_RUN, "--recompute").out)
    assert "the model's own 6 N D is 3.237e+23" not in out
    assert f"6 N D + 12 L s d D, are {SIX_ND + ATTN_2048:.3e}" in out


def test_without_the_attention_flags_the_basis_is_unchanged(run_cli) -> None:
    args = ("train", "--params", "7e9", "--tokens", "1e12", "--mfu", "0.4", "--count", "100")
    d = run_cli(*args, "--json").json()
    assert d["flops_basis"] == "params x tokens" and d["attention_flops"] is None
