"""Choice flags of train and infer take any case, as accelerator names do.

User test s48 #13: ``--precision FP8`` was accepted but ``--decode-attention
PER-HEAD`` refused ("unknown decode attention kernel 'PER-HEAD'"). The same service
with the kernel written in capitals must be the one written in lower case.
"""

from __future__ import annotations

BASE = ("infer", "-m", "llama-3.1-70b", "--tokens-per-day", "1e10", "--prompt-tokens", "1000")
BASE += ("--output-tokens", "200", "--json")


def test_decode_attention_in_capitals(run_cli) -> None:
    upper = run_cli(*BASE, "--decode-attention", "PER-HEAD")
    assert upper.code == 0, upper.err
    lower = run_cli(*BASE, "--decode-attention", "per-head").json()
    assert upper.json()["decode_attention"] == "per-head"
    assert upper.json()["accelerators"] == lower["accelerators"]


def test_kv_precision_and_precision_in_capitals(run_cli) -> None:
    res = run_cli(*BASE, "--precision", "FP8", "--kv-precision", "BF16")
    assert res.code == 0, res.err
    d = res.json()
    assert (d["precision"], d["kv_precision"]) == ("fp8", "bf16")


def test_an_unknown_kernel_is_still_refused(run_cli) -> None:
    res = run_cli(*BASE, "--decode-attention", "PAGED")
    assert res.code == 2 and "--decode-attention" in res.err
