"""``tigris infer -m gpt-4`` without --layers/--kv-heads/--head-dim (session 2026-12-04,
LEFT-CLI brief item 3): inference_models.csv has a GPT-4 row, a third-party estimate
(SemiAnalysis 2023-07 as reported in the press: 120 layers, MQA), said to be one."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import tigris

RunCli = Callable[..., Any]
DATA = Path(tigris.__file__).resolve().parent / "data"
#: A service shape (the model's own sizes and architecture, no --layers etc.).
LOAD = ("--tokens-per-day", "1e9", "--prompt-tokens", "1000", "--output-tokens", "200")
#: Bytes per cached value by precision (BF16 2 bytes, FP8 1 byte).
BYTES = {"bf16": 2, "fp8": 1}


def _row(name: str) -> dict[str, str]:
    with (DATA / "inference_models.csv").open(newline="") as fh:
        return next(r for r in csv.DictReader(fh) if r["name"] == name)


def test_the_gpt4_row_is_120_layers_of_one_kv_head() -> None:
    """The row's KV values per token are K and V of one head (MQA) of 128 in each of
    120 layers, as the source says; it names whose estimate it is."""
    row = _row("gpt-4")
    assert float(row["n_layers"]) == 120
    assert float(row["kv_values_per_token"]) == 2 * 120 * 1 * 128
    assert row["estimate"].startswith("SemiAnalysis 2023-07")
    assert "MQA" in row["source"] and "tigris assumption" in row["source"]


def test_the_published_rows_are_not_marked_estimates() -> None:
    with (DATA / "inference_models.csv").open(newline="") as fh:
        marked = [r["name"] for r in csv.DictReader(fh) if r["estimate"]]
    assert marked == ["gpt-4"]


@pytest.mark.parametrize("precision", ["bf16", "fp8"])
def test_infer_gpt4_runs_alone_and_prints_the_rows_kv_bytes(
    run_cli: RunCli, precision: str
) -> None:
    """Before, 'tigris infer -m gpt-4' stopped: 'no KV-cache shape for gpt-4; give
    --kv-bytes-per-token, or --layers, --kv-heads and --head-dim'. By hand from the
    row: 30,720 values x 2 bytes = 61,440 B per token in BF16, 30,720 B in FP8."""
    row = _row("gpt-4")
    res = run_cli("infer", "-m", "gpt-4", *LOAD, "--precision", precision, "--json")
    assert res.code == 0, res.err
    d = res.json()
    hand = float(row["kv_values_per_token"]) * BYTES[precision]
    assert hand == {"bf16": 61_440, "fp8": 30_720}[precision]
    assert d["kv_bytes_per_token"] == hand
    assert d["params"] == 1.8e12 and d["active_params"] == 280e9


def test_infer_gpt4_says_the_architecture_is_an_estimate(run_cli: RunCli) -> None:
    res = run_cli("infer", "-m", "gpt-4", *LOAD)
    assert res.code == 0, res.err
    out = " ".join(res.out.split())
    assert "note: gpt-4's architecture (layers, attention width, KV heads) is an estimate" in out
    assert "SemiAnalysis 2023-07-11 (third-party" in out
    # a published configuration gets no such note
    llama = run_cli("infer", "-m", "llama-3.1-70b", *LOAD)
    assert llama.code == 0 and "is an estimate" not in " ".join(llama.out.split())


def test_the_flags_still_replace_the_estimate(run_cli: RunCli) -> None:
    """--kv-heads 8 (GQA instead of the article's MQA): 2 x 120 x 8 x 128 x 2 B."""
    res = run_cli(
        "infer", "-m", "gpt-4", *LOAD, "--layers", "120", "--kv-heads", "8",
        "--head-dim", "128", "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    assert res.json()["kv_bytes_per_token"] == 2 * 120 * 8 * 128 * 2
