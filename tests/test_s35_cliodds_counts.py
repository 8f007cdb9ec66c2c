"""A fractional count is refused in one wording, naming the field, from Python, the CLI
and a scenario file (brief CLI-ODDS #3, 2026-12-04).

``tigris.train(count=0.5)`` said ``count: expected a whole number in [1, 2^53], got
0.5``; ``tigris train --count 0.5`` the same with ``--count``; but ``tigris infer
--batch-size 0.5`` gave typer's ``Invalid value for '--batch-size': Input should be a
valid integer, unable to parse string as an integer`` (the option was typed ``int``),
and a scenario file pydantic's ``expected an integer, got 0.5``. The words after the
field are now the CLI's range check's (:func:`tigris.cli._args.check_options`) in all
three; the scenario's side is in ``tests/test_s35_cliodds_counts_scenario.py`` (it
needs the ``scenario/schema.py`` patch ``/work/notes/CLI-ODDS-counts.patch``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

import tigris
from tests.conftest import CliResult, assert_one_line_error
from tigris.errors import InputError

#: The words every side says after the field (the CLI's :data:`COUNT` range).
WORDS = "expected a whole number in [1, 2^53], got 0.5"
TRAIN = {"flops": 3e27, "accelerator": "b200", "mfu": 0.4}
TRAIN_ARGS = ("--flops", "3e27", "-a", "b200", "--mfu", "0.4")
INFER = {
    "model": "llama-3.1-8b",
    "accelerator": "h100",
    "tokens_per_day": 1e10,
    "prompt_tokens": 1000,
    "output_tokens": 300,
}
INFER_ARGS = ("-m", "llama-3.1-8b", "-a", "h100", "--tokens-per-day", "1e10",
              "--prompt-tokens", "1000", "--output-tokens", "300")  # fmt: skip
#: infer's whole-number keywords that were typed ``int`` on the command line
INFER_COUNTS = ("batch_size", "replica_size", "micro_batches", "prefill_batch_tokens", "node_size")


def test_python_train_count() -> None:
    with pytest.raises(InputError) as info:
        tigris.train(**TRAIN, count=0.5)
    assert str(info.value) == f"count: {WORDS}"


@pytest.mark.parametrize("keyword", INFER_COUNTS)
def test_python_infer_counts(keyword: str) -> None:
    with pytest.raises(InputError) as info:
        tigris.infer(**INFER, **{keyword: 0.5})
    assert str(info.value) == f"{keyword}: {WORDS}"


def test_cli_train_count(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("train", *TRAIN_ARGS, "--count", "0.5")
    assert_one_line_error(res)
    assert res.err.strip() == f"error: --count: {WORDS}"


@pytest.mark.parametrize("keyword", INFER_COUNTS)
def test_cli_infer_counts(run_cli: Callable[..., CliResult], keyword: str) -> None:
    """Fails on HEAD~1 with typer's "Input should be a valid integer" (``int`` options)."""
    flag = "--" + keyword.replace("_", "-")
    res = run_cli("infer", *INFER_ARGS, flag, "0.5")
    assert_one_line_error(res)
    assert res.err.strip() == f"error: {flag}: {WORDS}"


def test_cli_infer_whole_counts_still_work(run_cli: Callable[..., CliResult]) -> None:
    """The options now read a number and the range check keeps them whole: 8 is 8."""
    res = run_cli("infer", *INFER_ARGS, "--batch-size", "8", "--replica-size", "1", "--json")
    assert res.code == 0, res.err
    doc = res.json()
    assert (doc["batch_size"], doc["replica_size"]) == (8, 1)
    py = tigris.infer(**INFER, batch_size=8, replica_size=1)
    assert doc["accelerators"] == py.accelerators
