"""``tigris train`` and ``tigris infer`` through the real CLI entry point."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import typer

from tests.conftest import CliResult, assert_one_line_error
from tigris.cli import app

Run = Callable[..., CliResult]

TRAIN_KEYS = {
    "training_flops",
    "accelerators",
    "days",
    "accelerator_hours",
    "power_mw",
    "energy_mwh",
    "cost_usd",
}
INFER_KEYS = {
    "accelerators",
    "bound",
    "power_mw",
    "energy_mwh_per_day",
    "cost_usd_per_million_tokens",
}


def test_readme_main_job(run_cli: Run) -> None:
    """The README's main job prints one table naming the run and its 16,384 H100."""
    res = run_cli("train", "--model", "llama-3.1-405b")
    assert res.code == 0, res.err
    assert "llama-3.1-405b" in res.out
    assert "16,384" in res.out
    assert res.out.count("\n") < 40  # one screen


def test_train_json_megatron(run_cli: Run) -> None:
    """Narayanan et al. 2021 §5.1 through the CLI: 140/312 of peak in hardware FLOPs
    (the recomputed pass counted), so an MFU of 6/8 of it, 1,024 A100 -> about 34 days
    (1.5 %: the paper rounds to whole days)."""
    res = run_cli(
        "train",
        "--params", "175e9", "--tokens", "300e9", "--recompute",
        "-a", "A100", "--count", "1024", "--mfu", str(140 / 312 * 6 / 8), "--goodput", "1",
        "--json",
    )  # fmt: skip
    assert res.code == 0, res.err
    data = res.json()
    assert set(data) >= TRAIN_KEYS
    assert data["days"] == pytest.approx(34, rel=0.015)
    assert data["training_flops"] == pytest.approx(8 * 175e9 * 300e9)


def test_train_json_model_is_one_document(run_cli: Run) -> None:
    res = run_cli("train", "-m", "Llama-3.1-405B", "--json")
    assert res.code == 0
    data = res.json()
    assert set(data) >= TRAIN_KEYS
    assert data["training_flops"] == 3.8e25


def test_infer_table_and_json(run_cli: Run) -> None:
    args = ("infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10",
            "--prompt-tokens", "1000", "--output-tokens", "300", "--precision", "fp8")  # fmt: skip
    res = run_cli(*args)
    assert res.code == 0, res.err
    assert "bound" in res.out and "per million tokens" in res.out
    res = run_cli(*args, "--json")
    data = res.json()
    assert set(data) >= INFER_KEYS
    assert data["bound"] in ("compute", "memory bandwidth")


def test_price_note_is_part_of_the_output(run_cli: Run) -> None:
    """A note belongs to the answer: in the JSON (``notes``) or below the table, on
    stdout; a successful run leaves stderr empty (issue 9)."""
    args = ("train", "--flops", "1e24", "--count", "1000", "--mfu", "0.4", "-a", "trainium2")
    res = run_cli(*args, "--json")
    assert res.code == 0
    assert res.json()["cost_ownership_usd"] is None
    assert any("--price-usd" in note for note in res.json()["notes"])
    assert res.err == ""
    res = run_cli(*args)
    assert res.code == 0
    assert "note: trainium2 has no price" in res.out.splitlines()[-1]
    assert res.err == ""


def _claimed_part(tmp_path: Path) -> Path:
    f = tmp_path / "parts.yaml"
    f.write_text(
        "accelerators:\n"
        "  - name: neuro-npu\n"
        "    based_on: h100\n"
        "    peak_bf16_flop_per_s: 9.894e16\n"
        "    peak_fp8_flop_per_s: 1.979e17\n"  # FP8 >= BF16 (UT-CLAIMS D7)
        "    source: vendor claim of 100x an H100\n"
        "    as_of: 2024-03\n"
    )
    return f


def test_custom_claimed_part_100x_faster(run_cli: Run, tmp_path: Path) -> None:
    """A part claiming 100x an H100's FLOP/s trains the same run in 1/100 of the days."""
    f = _claimed_part(tmp_path)
    common = ("train", "--flops", "1e25", "--count", "1000", "--mfu", "0.4", "--json")
    h100 = run_cli(*common).json()["days"]
    npu = run_cli(*common, "-a", "NEURO-NPU", "--accelerators", str(f)).json()["days"]
    assert npu == pytest.approx(h100 / 100)


TRAIN_OK = ("--flops", "1e24", "--count", "1000", "--mfu", "0.4")
SHAPE_OK = ("--params", "1e9", "--tokens", "1e12", "--count", "8", "--mfu", ".4")
INFER_OK = ("--params", "70e9", "--kv-bytes-per-token", "327680", "--tokens-per-day", "1e9",
            "--prompt-tokens", "500", "--output-tokens", "500")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (
            ("train", "--params", "-5", "--tokens", "1e12", "--count", "8", "--mfu", ".4"),
            ["--params"],
        ),
        (
            ("train", "--params", "0", "--tokens", "1e12", "--count", "8", "--mfu", ".4"),
            ["--params", "> 0"],
        ),
        (("train", "--flops", "1e24", "--count", "-3", "--mfu", ".4"), ["--count"]),
        # Accelerators come whole: half an H100 is not a count.
        (("train", "--flops", "1e24", "--count", "0.5", "--mfu", ".4"), ["--count", "whole"]),
        (("train", "--flops", "1e24", "--count", "1000.5", "--days", "30"), ["--count", "whole"]),
        (("train", "--flops", "1e24", "--days", "0", "--mfu", ".4"), ["--days"]),
        (("train", *TRAIN_OK, "--pue", "-1"), ["--pue"]),
        (("train", "--flops", "1e24", "--count", "10", "--mfu", "1.5"), ["--mfu"]),
        (("train", *TRAIN_OK, "-a", "h10"), ["unknown accelerator 'h10'", "did you mean 'h100'"]),
        (("train", "--model", "gpt5"), ["unknown model 'gpt5'"]),
        (("train", *TRAIN_OK, "--params", "1e9"), ["--flops", "--params"]),
        (("train", *TRAIN_OK, "--days", "1"), ["--count, --days and --mfu conflict"]),
        (("train", "--flops", "1e24"), ["two of --count, --days, --mfu"]),
        (("train", "--count", "10", "--mfu", ".4"), ["--params", "--tokens"]),
        (("train", *TRAIN_OK, "--precision", "fp4"), ["--precision"]),
        (("train", "--count", "abc"), ["--count"]),
        (
            (
                "train",
                "--params",
                "1e9",
                "--tokens",
                "1e9",
                "--count",
                "8",
                "--mfu",
                ".4",
                "--layers",
                "96",
            ),
            ["--seq-len"],
        ),
        (("infer", *INFER_OK[:-2]), ["--output-tokens"]),
        (("infer", *INFER_OK, "-a", "mi300"), []),
        (("infer", *INFER_OK, "-a", "nvidia-x"), ["unknown accelerator"]),
        (("infer", *INFER_OK[2:], "--params", "-1"), ["--params"]),
        (("infer", *INFER_OK[:2], *INFER_OK[4:]), ["--kv-bytes-per-token"]),
        (("infer", *INFER_OK, "--latency-ms", "0"), ["--latency-ms"]),
        # A PUE below 1 would mean the facility draws less than its IT load.
        (("train", *TRAIN_OK, "--pue", "0.5"), ["--pue", ">= 1"]),
        (("infer", *INFER_OK, "--pue", "0.9"), ["--pue", ">= 1"]),
        # MoE: the active parameters are a subset of the total.
        (
            ("train", "--active-params", "37e9", *SHAPE_OK),
            ["--active-params", "exceed"],
        ),
        # Finite but absurd magnitudes overflow float64: one line, not inf and a warning;
        # a model size far above any announced one is refused at its sourced bound first
        # (workload_defaults.csv max_model_params, user test S45 #6).
        (
            ("train", "--params", "1e300", "--tokens", "1e12", "--count", "8", "--mfu", ".4"),
            ["--params", "max_model_params"],
        ),
        (
            ("train", "--params", "7e10", "--tokens", "1e12", "--days", "1e-300", "--mfu", ".4"),
            ["overflows"],
        ),
        (("infer", *INFER_OK, "--bytes-per-param", "1e300"), ["overflows"]),
        # a per-token target of 1e300 ms is no target at all: it succeeds (control case)
        (("infer", *INFER_OK, "--latency-ms", "1e300"), []),
        # A context whose KV cache fits nowhere is a memory problem, not a latency one.
        # (INFER_OK's 500 replaced: an option given twice is refused as such, 2026-12-07)
        (
            ("infer", *INFER_OK[:-4], "--prompt-tokens", "1e9", *INFER_OK[-2:]),
            ["--prompt-tokens", "KV cache"],
        ),
        # GPT-4 has a KV-cache shape since 2026-12-04 (inference_models.csv, an estimate):
        # it serves without --kv-bytes-per-token (control case)
        (("infer", *INFER_OK[4:], "--model", "gpt-4"), []),
    ],
)
def test_bad_input_one_line_exit_2(run_cli: Run, args: tuple[str, ...], needles: list[str]) -> None:
    res = run_cli(*args)
    if not needles:  # a control case: the alias resolves and the command succeeds
        assert res.code == 0, res.err
        return
    assert_one_line_error(res, *needles)


X_BASE = "accelerators:\n  - name: x\n    based_on: h100\n    source: s\n    as_of: 2024\n"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("accelerators:\n  - name: x\n    peak_bf16_flop_per_s: [1,\n", "not valid YAML"),
        (
            "accelerators:\n  - name: x\n    peak_bf16_flop_per_s: -1\n"
            "    source: s\n    as_of: 2024\n",
            "peak_bf16_flop_per_s",
        ),
        ("accelerators:\n  - name: x\n    based_on: h10\n    source: s\n    as_of: 2024\n", "h10"),
        # Wrong types that pydantic's lax mode would otherwise accept.
        (f"{X_BASE}    peak_bf16_flop_per_s: .inf\n", "finite"),
        (f"{X_BASE}    peak_bf16_flop_per_s: true\n", "a number, got a YAML boolean (true)"),
        ("accelerators:\n  - name: x\n    based_on: h100\n    source: s\n    as_of:\n", "as_of"),
        (f"{X_BASE}    units_total: 10\n    units_enabled: 20\n", "exceed units_total"),
        # Ambiguous names: the second definition or the alias would silently lose.
        (f"{X_BASE}  - name: X\n    based_on: h100\n    source: s\n    as_of: 2024\n", "twice"),
        (f"{X_BASE}    aliases: [h100]\n", "alias 'h100' already names 'h100-sxm'"),
    ],
)
def test_malformed_custom_accelerator_file(
    run_cli: Run, tmp_path: Path, text: str, needle: str
) -> None:
    f = tmp_path / "bad.yaml"
    f.write_text(text)
    for verb, ok in (("train", TRAIN_OK), ("infer", INFER_OK)):
        res = run_cli(verb, *ok, "-a", "x", "--accelerators", str(f))
        assert_one_line_error(res, needle, str(f))


def test_missing_custom_file(run_cli: Run, tmp_path: Path) -> None:
    res = run_cli("train", *TRAIN_OK, "--accelerators", str(tmp_path / "none.yaml"))
    assert_one_line_error(res, "file not found")


# Flags whose value has no unit: names, switches, files.
UNITLESS = {
    "--model",
    "--accelerator",
    "--recompute",
    "--json",
    "--help",
    "--accelerators",
    "--data",
}


@pytest.mark.parametrize("verb", ["train", "infer"])
def test_help_explains_every_flag_with_unit(run_cli: Run, verb: str) -> None:
    command = typer.main.get_command(app).commands[verb]  # type: ignore[attr-defined]
    res = run_cli(verb, "--help")
    assert res.code == 0
    flat = " ".join(res.out.split())
    for param in command.params:
        flag = max(param.opts, key=len)
        assert flag in res.out, flag
        assert param.help, f"{flag} has no help"
        if flag not in UNITLESS:
            assert re.search(r"\\?\[[^\]]+\]", param.help), f"{flag}: no [unit] in {param.help!r}"
    # Units survive rich rendering (not swallowed as markup).
    assert "[count]" in flat
    assert "[-]" in flat
