"""User test of the workload and silicon verbs, 2026-12-05 (stop 45): defects of
``infer``, ``die`` and ``train`` reproduced, then fixed.

1. ``infer --prompt-tokens 1 --output-tokens 1e18``: a KV cache that fits nowhere was
   blamed on the 1-token prompt. Invariant: the flag(s) named are those that make the
   sequence long (each longer than what fits, else the sum of both).
2. ``die --wafer-mm 1e6`` was told to "give a larger die" under ``--height``. The wafer
   is bounded by the largest size ever standardised (450 mm, silicon_params.csv).
3. ``train`` without ``--count``/``--days`` asked for "two of --count, --days, --mfu"
   while one of ``--count``/``--days`` is enough (docs/workload.md: the MFU model).
4. ``--params inf`` was told "expected a number > 0", which inf is: a finite number.
5. ``die --width 30 --height 30`` (900 mm^2 > the 858 mm^2 reticle field) printed its
   counts with no word on a pipe: a ``warning:`` line now, and ``warnings`` in --json.
6. ``train --params 1e30 --tokens 1e30`` printed 2.4e40 days: the model size and the
   training tokens are bounded by sourced rows of workload_defaults.csv.
"""

from __future__ import annotations

import pytest

from tests.conftest import assert_one_line_error
from tigris.data import load_rows

LLAMA_8B = ("infer", "-m", "llama-3.1-8b", "--tokens-per-day", "1e18")
#: A custom dense model without a context window: any prompt length is served
#: (Llama 3.1 8B's KV cache, 2 x 32 layers x 8 heads x 128 x 2 bytes = 131,072 B a token).
CUSTOM = ("infer", "--params", "8e9", "--kv-bytes-per-token", "131072", "-a", "h100")
CUSTOM_LOAD = ("--tokens-per-day", "1e12")


def _first(res) -> str:
    return res.err.splitlines()[0]


def test_long_output_names_output_tokens(run_cli) -> None:
    res = run_cli(*LLAMA_8B, "--prompt-tokens", "1", "--output-tokens", "1e18")
    assert_one_line_error(res, "error: --output-tokens: ", "shorten --output-tokens")
    assert "shorten --prompt-tokens" not in res.err


def test_long_prompt_names_prompt_tokens(run_cli) -> None:
    res = run_cli(*CUSTOM, *CUSTOM_LOAD, "--prompt-tokens", "3e9", "--output-tokens", "10")
    assert_one_line_error(res, "error: --prompt-tokens: ", "shorten --prompt-tokens (")


def test_neither_alone_too_long_names_both(run_cli) -> None:
    # 1.5e9 + 1.5e9 tokens; at most ~2.25e9 fit beside the weights on 4,096 H100
    res = run_cli(*CUSTOM, *CUSTOM_LOAD, "--prompt-tokens", "1.5e9", "--output-tokens", "1.5e9")
    assert_one_line_error(
        res, "error: --prompt-tokens/--output-tokens: ", "--prompt-tokens and --output-tokens"
    )


def test_micro_batches_kv_names_output_tokens(run_cli) -> None:
    """The other path: the replica holds one sequence but not one per micro-batch."""
    res = run_cli(
        *CUSTOM, *CUSTOM_LOAD, "--prompt-tokens", "100", "--output-tokens", "1.2e9",
        "--micro-batches", "2",
    )  # fmt: skip
    assert_one_line_error(res, "error: --output-tokens: ", "shorten --output-tokens")


def test_huge_wafer_names_wafer_mm(run_cli) -> None:
    res = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--wafer-mm", "1e6")
    assert_one_line_error(res, "error: --wafer-mm: expected", "450", "got 1e+06")
    # the bound is a sourced row, not a number in the code
    row = next(r for r in load_rows("silicon_params") if r["parameter"] == "max_wafer_diameter_mm")
    assert float(row["value"]) == 450.0 and "450 mm" in row["source"] and row["as_of"]
    # 450 mm itself is counted
    ok = run_cli("die", "--width", "10", "--height", "10", "--d0", "0.1", "--wafer-mm", "450")
    assert ok.code == 0, ok.err


def test_short_pitch_names_the_least_height(run_cli) -> None:
    args = ("die", "--width", ".001", "--d0", "0.1", "--scribe-mm", "0", "--height")
    res = run_cli(*args, ".001")
    assert_one_line_error(res, "error: --height: ", "expected --height of at least 0.0295 mm")
    assert "larger die" not in res.err
    # the least height named is counted: 294 mm / 0.0295 mm = 9,966 rows + 2
    ok = run_cli(*args, "0.0295", "--json")
    assert ok.code == 0, ok.err


@pytest.mark.parametrize("extra", [(), ("--mfu", "0.4")])
def test_train_says_count_or_days_is_enough(run_cli, extra: tuple[str, ...]) -> None:
    res = run_cli("train", "--params", "1e9", "--tokens", "1e12", "-a", "h100", *extra)
    assert_one_line_error(res, "error: --count: give --count or --days")
    assert not _first(res).startswith("error: --count: give two of")
    # as the message says: --days alone is enough
    ok = run_cli("train", "--params", "1e9", "--tokens", "1e12", "-a", "h100", "--days", "30")
    assert ok.code == 0, ok.err


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (("train", "--tokens", "1e12", "-a", "h100", "--count", "8", "--params"), "--params"),
        (("train", "--params", "1e9", "--tokens", "1e12", "--count", "8", "--days"), "--days"),
        (("train", "--flops", "1e24", "--count", "8", "--mfu", ".4", "--pue"), "--pue"),
        (("infer", "-m", "llama-3.1-8b", "--tokens-per-day", "1e9", "--tpot-ms"), "--tpot-ms"),
        (("die", "--height", "10", "--d0", "0.1", "--width"), "--width"),
        (("die", "--width", "10", "--height", "10", "--d0"), "--d0"),
        (("chip", "h100", "--d0"), "--d0"),
    ],
)
@pytest.mark.parametrize("bad", ["inf", "nan", "1e400"])
def test_non_finite_says_finite(run_cli, args: tuple[str, ...], flag: str, bad: str) -> None:
    res = run_cli(*args, bad)
    # a range closed above says its bounds, which are finite (--d0 at most 1e15 since
    # 2026-12-07: 1e308 overflowed the harvested yield)
    said = "a number in [0, 1e+15]" if flag == "--d0" else "a finite number"
    assert_one_line_error(res, f"error: {flag}: expected {said}")


def test_die_over_the_reticle_warns(run_cli) -> None:
    res = run_cli("die", "--width", "30", "--height", "30", "--node", "N4")
    assert res.code == 0
    assert "exceeds reticle" in res.out
    lines = res.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("warning: a 30 x 30 mm die exceeds the 26 x")
    # the field's size and its source
    assert "26 x 33 mm reticle field (data/silicon_params.csv, as of 2024-03" in lines[0]
    assert "no such die is made" in lines[0]
    js = run_cli("die", "--width", "30", "--height", "30", "--node", "N4", "--json")
    assert js.code == 0 and js.json()["warnings"] == [lines[0].removeprefix("warning: ")]
    # a die inside the field: no warning
    fits = run_cli("die", "--width", "26", "--height", "31.3", "--node", "N4")
    assert fits.code == 0 and fits.err == ""


@pytest.mark.parametrize(
    ("given", "flag", "row"),
    [
        (("--params", "1e30", "--tokens", "1e12"), "--params", "max_model_params"),
        (("--params", "1e9", "--tokens", "1e30"), "--tokens", "max_training_tokens"),
        (("--flops", "1e40"), "--flops", "max_model_params"),
    ],
)
def test_train_size_bounded(run_cli, given: tuple[str, ...], flag: str, row: str) -> None:
    res = run_cli("train", *given, "-a", "h100", "--count", "8")
    assert_one_line_error(res, f"error: {flag}: expected a number in (0, ", row)


def test_train_bounds_are_sourced_rows(run_cli) -> None:
    rows = {r["name"]: r for r in load_rows("workload_defaults")}
    for name in ("max_model_params", "max_training_tokens"):
        assert rows[name]["source"] and rows[name]["as_of"]
    params, tokens = (float(rows[n]["value"]) for n in ("max_model_params", "max_training_tokens"))
    # far above the largest published run of training_runs.csv, both ways
    runs = load_rows("training_runs")
    assert params > 1e3 * max(float(r["params"]) for r in runs)
    assert tokens > 1e3 * max(float(r["tokens"]) for r in runs if r["tokens"] == r["tokens"])
    # at the bound itself the run is sized (exit 0)
    ok = run_cli("train", "--params", f"{params:g}", "--tokens", "1e12", "-a", "h100",
                 "--count", "8", "--json")  # fmt: skip
    assert ok.code == 0, ok.err
