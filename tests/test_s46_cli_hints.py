"""Hints for input written as people write it, and for a file given in the wrong place
(user test s46, CLI input handling A, B, C).

A. ``fab --wspm 20B``, ``train --params 405B`` and ``plan --min-served-share 16%`` got a
   generic "unable to parse string as a number"; ``--mfu 40`` "expected a number in
   (0, 1], got 40"; a scenario's ``amount_usd: 9B`` "got the text '9B'": none said how
   to write the number (:func:`tigris.cli._args.number_hint`, ``fraction_hint``).
B. ``plan --accelerators my-parts.yaml`` said "No such option" with nothing on
   ``--data``, the mistake the README anticipates.
C. A ``--data`` file given as the scenario gave 12 errors, a saved ``plan.json`` 26 to
   40+, a scenario given as ``--data`` one per key; each is now one line saying what
   the file is and where it goes (:func:`tigris.scenario.load.misplaced_document`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import CliResult, assert_one_line_error

#: The README's custom part ("Your own accelerator"), a --data overlay.
PARTS = """\
accelerators:
  - name: neuro-npu
    based_on: h100
    vendor: "Neuro Inc."
    peak_bf16_flop_per_s: 9.894e16
    peak_fp8_flop_per_s: 1.979e17
    source: "Vendor claim, press release 2024-03"
    as_of: 2024-03
"""

#: docs/examples/small-plan.yaml: a valid scenario to break one value of.
SMALL = Path(__file__).resolve().parents[1] / "docs" / "examples" / "small-plan.yaml"


# --- A: unit suffixes, percent signs, percentages for fractions --------------------


@pytest.mark.parametrize(
    ("args", "flag", "hint"),
    [
        (["fab", "--node", "N5", "--wspm", "20B"], "--wspm", "write 2e10 (20B = 20 × 10⁹"),
        (["fab", "--node", "N5", "--wspm=20B"], "--wspm", "write 2e10 (20B = 20 × 10⁹"),
        (
            ["train", "--params", "405B", "--tokens", "15e12", "--count", "100"],
            "--params",
            "write 4.05e11 (405B = 405 × 10⁹",
        ),
        (
            ["train", "--model", "gpt-3", "--count", "100k"],
            "--count",
            "write 1e5 (100k = 100 × 10³",
        ),
        (["train", "--model", "gpt-3", "--count", "2M"], "--count", "write 2e6 (2M = 2 × 10⁶"),
        (
            ["fab", "--node", "N5", "--budget-usd", "1T"],
            "--budget-usd",
            "write 1e12 (1T = 1 × 10¹²",
        ),
        (["plan", "--min-served-share", "16%"], "--min-served-share", "write the fraction 0.16"),
        # the grouped number's hint is kept
        (["train", "--model", "gpt-3", "--count", "50,000"], "--count", "write 5e4 or 50000"),
    ],
)
def test_a_suffixed_or_percent_option_says_how_to_write_it(
    args: list[str], flag: str, hint: str, run_cli: Callable[..., CliResult]
) -> None:
    res = run_cli(*args)
    # in a scenario file's words since s47 (#8): "--wspm: expected a number, got ..."
    assert_one_line_error(res, f"{flag}: expected a", hint)


def test_the_hint_is_about_the_option_refused(run_cli: Callable[..., CliResult]) -> None:
    """Two bad values: the hint is for the option the error names, not the first bad
    argument of the command line."""
    hints = {"--mfu": "0.40 for 40 %", "--count": "write 2e3 (2k"}
    for args in (["--mfu", "40%", "--count", "2k"], ["--count", "2k", "--mfu", "40%"]):
        res = run_cli("train", "--model", "gpt-3", *args)
        assert_one_line_error(res, ": expected a number, got the text")
        named = res.err.split("error: ", 1)[1].split(":", 1)[0]
        assert hints[named] in res.err, res.err
        other = next(v for k, v in hints.items() if k != named)
        assert other not in res.err, res.err


@pytest.mark.parametrize(
    ("args", "flag", "hint"),
    [
        (["train", "--model", "gpt-3", "--mfu", "40"], "--mfu", "write a fraction: 0.40 for 40 %"),
        (["plan", "--min-served-share", "16"], "--min-served-share", "0.16 for 16 %"),
        (["infer", "--model", "llama-3-70b", "--prefix-cache-hit", "12.5"], "", "0.125 for 12.5 %"),
    ],
)
def test_a_percentage_for_a_fraction_suggests_the_fraction(
    args: list[str], flag: str, hint: str, run_cli: Callable[..., CliResult]
) -> None:
    res = run_cli(*args)
    assert_one_line_error(res, f"{flag}: expected a number in", hint)


def test_no_fraction_hint_beyond_100_or_for_other_ranges(
    run_cli: Callable[..., CliResult],
) -> None:
    res = run_cli("train", "--model", "gpt-3", "--mfu", "400")
    assert_one_line_error(res, "--mfu: expected a number in (0, 1], got 400")
    assert "fraction" not in res.err
    res = run_cli("train", "--model", "gpt-3", "--pue", "0.5")
    assert_one_line_error(res, "--pue")
    assert "fraction" not in res.err


@pytest.mark.parametrize(
    ("old", "new", "hint"),
    [
        ("amount_usd: 2.0e10", "amount_usd: 9B", "write 9e9 (9B = 9 × 10⁹"),
        ("amount_usd: 2.0e10", "amount_usd: $9bn", "write 9e9 (9bn = 9 × 10⁹"),
        ("discount_rate: 0.08", "discount_rate: 8%", "write the fraction 0.08 for 8 %"),
        ("discount_rate: 0.08", "discount_rate: 8", "must be < 1, got 8; write a fraction: 0.08"),
    ],
)
def test_a_scenario_value_with_a_suffix_or_percent_says_how_to_write_it(
    old: str, new: str, hint: str, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    text = SMALL.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "s.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    line = 1 + text[: text.index(old)].count("\n")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, f"{path}:{line}: ", hint)


def test_an_integer_field_gets_digits_not_e_notation(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    """``--port 8e3`` and ``max_modules: 1e3`` are refused as no integers: the hint for
    ``8k`` there is ``8000``."""
    res = run_cli("serve", "--port", "8k")
    assert_one_line_error(res, "--port: expected an integer", "write 8000 (8k = 8 × 10³")
    text = SMALL.read_text(encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(text.replace("max_modules: 3", "max_modules: 1k"), encoding="utf-8")
    res = run_cli("scenario", "check", str(path))
    assert_one_line_error(res, "max_modules: expected an integer", "write 1000 (1k = 1 × 10³")


def test_plan_set_with_a_suffix_says_how_to_write_it(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", str(SMALL), "--set", "capital.fund.amount_usd=9B", "--no-store")
    assert_one_line_error(res, "--set: capital.fund.amount_usd=9B", "write 9e9")


def test_number_hint_units() -> None:
    from tigris.cli._args import fraction_hint, number_hint

    assert number_hint("1.5k").startswith("write 1.5e3 ")
    assert number_hint("3G").startswith("write 3e9 ")
    assert number_hint("-2M").startswith("write -2e6 ")
    assert number_hint("12.5%").startswith("write the fraction 0.125 ")
    for text in ("taiwan", "N5", "gpt-3", "2e10", "B", "%"):
        assert number_hint(text) == "", text
    # a lower-case m is no magnitude (milli in SI, million in finance): no number is
    # suggested for it, only the unit rule (2026-12-06: a number with a unit after it)
    assert number_hint("20m").startswith("write the number alone, in the unit of")
    assert fraction_hint(1) == fraction_hint(100.5) == fraction_hint(True) == ""


# --- B: --accelerators where the verb reads --data --------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["plan", "--accelerators", "my-parts.yaml"],
        ["sweep", "--accelerators=my-parts.yaml"],
        ["scenario", "check", "--accelerators", "my-parts.yaml"],
    ],
)
def test_accelerators_points_to_data(args: list[str], run_cli: Callable[..., CliResult]) -> None:
    res = run_cli(*args)
    verb = " ".join(a for a in args[:2] if not a.startswith("-"))
    assert_one_line_error(
        res,
        "No such option: --accelerators",
        f"tigris {verb} reads a parts file through --data FILE",
        f"(see 'tigris {verb} --help')",
    )


def test_a_verb_with_accelerators_keeps_its_suggestions(
    run_cli: Callable[..., CliResult],
) -> None:
    res = run_cli("train", "--model", "gpt-3", "--acelerators", "x.yaml")
    assert_one_line_error(res, "No such option: --acelerators", "--accelerators")
    assert "--data FILE" not in res.err


# --- C: a file given in the wrong place -----------------------------------------


def test_an_overlay_given_as_the_scenario(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = tmp_path / "my-parts.yaml"
    path.write_text(PARTS, encoding="utf-8")
    for verb in (["plan"], ["scenario", "check"]):
        res = run_cli(*verb, str(path))
        assert_one_line_error(
            res,
            f"{path}: looks like a --data overlay (its top-level keys are data tables: "
            f"accelerators), not a scenario; pass it with --data {path}",
        )


def _saved_run(tmp_path: Path) -> Path:
    """A run directory as ``plan --out`` writes it, as far as the scenario reader sees."""
    run = tmp_path / "result"
    run.mkdir()
    doc = {
        "scenario_name": "small",
        "status": "ok",
        "objective": "cost",
        "objective_usd": 1e12,
        "horizon": [2026, 2029],
        "relaxed": False,
        "input_hash": "0" * 64,
        "binding": [],
        "assumptions": [],
        "files": {},
        "content_sha256": "0" * 64,
    }
    (run / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    (run / "scenario.yaml").write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    return run


def test_a_saved_result_given_as_the_scenario(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    run = _saved_run(tmp_path)
    res = run_cli("plan", str(run / "plan.json"))
    assert_one_line_error(
        res,
        f"{run / 'plan.json'}: is a saved plan result (plan.json), not a scenario; "
        f"repeat its run with --from-run {run}, or plan its scenario, {run / 'scenario.yaml'}",
    )


def test_plan_json_output_given_as_the_scenario(
    tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    path = tmp_path / "out.json"
    doc = {"scenario_name": "small", "status": "ok", "horizon": [2026, 2029], "demand": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    res = run_cli("plan", str(path))
    assert_one_line_error(res, f"{path}: is a plan result, not a scenario", "--from-run")


def test_a_scenario_given_as_data(tmp_path: Path, run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("plan", "--data", str(SMALL))
    assert_one_line_error(
        res,
        f"{SMALL}: looks like a scenario (horizon, demand, supply, ...), not a --data "
        "overlay; pass it as the scenario argument, not --data",
    )
    res = run_cli("plan", "--data", str(_saved_run(tmp_path) / "plan.json"))
    assert_one_line_error(res, "is a saved plan result (plan.json), not a --data overlay")


@pytest.mark.parametrize(
    "text",
    [
        # keys of both kinds: the full list stays
        "accelerators: []\nhorizon: {first_year: 2026, last_year: 2030}\n",
        # a part written without its section: no scenario's field but its name
        "name: neuro-npu\nbased_on: h100\n",
    ],
)
def test_an_ambiguous_file_keeps_its_problems(
    text: str, tmp_path: Path, run_cli: Callable[..., CliResult]
) -> None:
    from tigris.scenario.load import document_kind

    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    res = run_cli("plan", "--data", str(path))
    assert res.code == 2
    assert "looks like" not in res.err
    assert document_kind({"name": "x", "based_on": "h100"}) is None
