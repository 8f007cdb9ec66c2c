"""Errors from the Python workload API name the keyword; the CLI's name the flag
(user test UT-HYPER 2026-12-04 #7).

``infer(tokens_per_day=nan)`` said ``--tokens-per-day: ...``: in a notebook the field
is ``tokens_per_day``. The command line keeps naming its flags (``--tokens-per-day``,
``--latency-ms``), and a scenario its dotted paths.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.errors import InputError
from tigris.workload import infer, train

TRAIN = {"flops": 3e27, "accelerator": "b200", "mfu": 0.4, "days": 120}
INFER = {
    "model": "llama-3.1-405b",
    "precision": "fp8",
    "tokens_per_day": 1e10,
    "prompt_tokens": 1000,
    "output_tokens": 300,
}
NAN = math.nan

CASES: list[tuple[Callable[..., Any], dict[str, Any], str]] = [
    # the user test's three
    (train, {"params": 1e12, "tokens": -1e13, "accelerator": "b200", "mfu": 0.4, "days": 120},
     "tokens"),
    (infer, {**INFER, "tokens_per_day": NAN}, "tokens_per_day"),
    (infer, {**INFER, "tpot_ms": NAN}, "tpot_ms"),
    # keywords whose flag is spelt otherwise (--latency-ms, --layers, --usd-per-hour)
    (infer, {**INFER, "latency_ms_per_token": NAN}, "latency_ms_per_token"),
    (train, {"params": 1e9, "tokens": 1e10, "n_layers": -1.0, "seq_len": 8192,
             "d_model": 4096, "count": 8, "mfu": 0.4}, "n_layers"),
    (train, {**TRAIN, "usd_per_accelerator_hour": -1.0}, "usd_per_accelerator_hour"),
    (infer, {**INFER, "usd_per_accelerator_hour": -1.0}, "usd_per_accelerator_hour"),
    (infer, {**INFER, "batch_size": 2.5}, "batch_size"),
    (train, {**TRAIN, "accelerator": "nosuch"}, "accelerator"),
    (train, {**TRAIN, "precision": "int4"}, "precision"),
    # messages that name other inputs
    (train, {"params": 1e12, "accelerator": "b200", "mfu": 0.4, "days": 120}, "tokens"),
    (train, {"flops": 3e27, "accelerator": "b200", "mfu": 0.4}, "count"),
    (infer, {**INFER, "tpot_ms": 50, "latency_ms_per_token": 40}, "latency_ms_per_token"),
    (infer, {"params": 7e9, "tokens_per_day": 1e9, "prompt_tokens": 100,
             "output_tokens": 100}, "kv_bytes_per_token"),
]  # fmt: skip


@pytest.mark.parametrize(("func", "kw", "keyword"), CASES)
def test_python_errors_name_the_keyword(
    func: Callable[..., Any], kw: dict[str, Any], keyword: str
) -> None:
    with pytest.raises(InputError) as exc:
        func(**kw)
    assert [p.field for p in exc.value.problems] == [keyword]
    assert "--" not in str(exc.value), str(exc.value)


def test_messages_name_the_other_keywords_too() -> None:
    """ "give --params and --tokens, or --flops, or --model NAME" reads in keywords."""
    with pytest.raises(InputError) as exc:
        train(params=1e12, accelerator="b200", mfu=0.4, days=120)
    message = exc.value.problems[0].message
    assert "give params and tokens, or flops, or model" in message
    with pytest.raises(InputError) as exc:
        infer(**{**INFER, "tpot_ms": 50, "latency_ms_per_token": 40})
    assert "latency_ms_per_token is an alias of tpot_ms" in str(exc.value)


def test_the_overflow_field_is_left_alone() -> None:
    """The overflow guard's field is a keyword from Python: since s50 #5 it names the
    most extreme number given (1e300 and 1e-300 are both 300 orders from 1), where it
    said ``input``."""
    with pytest.raises(InputError) as exc:
        train(flops=1e300, accelerator="b200", mfu=1e-300, count=1)
    assert exc.value.problems[0].field in {"flops", "mfu"}


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (("train", "--params", "1e12", "-a", "b200", "--mfu", "0.4", "--days", "120"),
         ("error: --tokens:", "give --params and --tokens, or --flops")),
        (("infer", "-m", "llama-3.1-405b", "--tokens-per-day", "1e10", "--prompt-tokens",
          "1000", "--output-tokens", "300", "--tpot-ms", "50", "--latency-ms", "40"),
         ("error: --latency-ms:", "--latency-ms is an alias of --tpot-ms")),
        (("train", "--flops", "3e27", "-a", "nosuch", "--mfu", "0.4", "--days", "120"),
         ("error: --accelerator:",)),
        (("infer", "--params", "7e9", "--tokens-per-day", "1e9", "--prompt-tokens", "100",
          "--output-tokens", "100", "--batch-size", "3", "--layers", "32"),
         ("error: --kv-heads:",)),
    ],
)  # fmt: skip
def test_the_cli_keeps_naming_its_flags(
    run_cli: Callable[..., CliResult], args: tuple[str, ...], needles: tuple[str, ...]
) -> None:
    assert_one_line_error(run_cli(*args), *needles)
