"""User test of ``infer``, 2026-12-05 (stop 45, follow-up of #1): a sequence whose KV
cache fits nowhere was told "shorten --output-tokens (at most 1.125e+09 tokens fit)",
the room for the whole sequence (prompt + output), not for the output beside the
prompt: 1.1e9 output tokens with a 5e8-token prompt still failed.

Invariant: the number the advice gives is a value the flag may take, the others as
given: it is accepted, and the next 4-significant-digit value above it is refused.
"""

from __future__ import annotations

import math
import re

from tests.conftest import assert_one_line_error
from tigris.workload.serving import _sequence_flags

#: Llama 3.1 8B's KV cache on a custom dense model without a context window.
SMALL = ("infer", "--params", "8e9", "--kv-bytes-per-token", "131072", "-a", "h100")
#: A 70B model with a 327,680-byte KV cache a token.
LARGE = ("infer", "--params", "70e9", "--kv-bytes-per-token", "327680", "-a", "h100")
#: the load, and a TTFT target that a billion-token prompt meets
LOAD = ("--tokens-per-day", "1e12", "--ttft-ms", "1e9")


def _at_most(err: str) -> float:
    """The first ``at most N`` of the message."""
    m = re.search(r"at most ([0-9][0-9.e+]*)", err)
    assert m, err
    return float(m.group(1))


def _next_up(x: float) -> float:
    """The next value printed with 4 significant digits above ``x``."""
    return x + 10.0 ** (math.floor(math.log10(x)) - 3)


def _check_bound(run_cli, model, flag: str, given: dict[str, str], extra=()) -> None:
    """``given`` fails naming ``flag``; the value the advice names passes, one above not."""
    args = [*model, *LOAD, *extra]
    res = run_cli(*args, *(a for kv in given.items() for a in kv))
    assert_one_line_error(res, f"error: {flag}: ", f"shorten {flag} (at most ")
    most = _at_most(res.err)
    ok = run_cli(*args, *(a for kv in {**given, flag: repr(most)}.items() for a in kv))
    assert ok.code == 0, (most, ok.err)
    above = _next_up(most)
    no = run_cli(*args, *(a for kv in {**given, flag: repr(above)}.items() for a in kv))
    assert no.code == 2 and "does not fit beside the weights" in no.err, (above, no.err)
    # the other part as given is said, and the total that fits
    (other,) = set(given) - {flag}
    assert f" beside {other} " in res.err and "tokens fit in all)" in res.err, res.err


def test_decode_output_bound_beside_the_prompt(run_cli) -> None:
    """Two sequences (one per micro-batch): the reported case, 1.125e9 in all."""
    given = {"--prompt-tokens": "5e8", "--output-tokens": "1.2e9"}
    _check_bound(run_cli, SMALL, "--output-tokens", given, ("--micro-batches", "2"))


def test_replica_output_bound_beside_the_prompt(run_cli) -> None:
    """One sequence on the largest replica: "at most 8.996e+08" was the whole room."""
    given = {"--prompt-tokens": "8e8", "--output-tokens": "1e18"}
    _check_bound(run_cli, LARGE, "--output-tokens", given)


def test_replica_prompt_bound_beside_the_output(run_cli) -> None:
    given = {"--prompt-tokens": "3e9", "--output-tokens": "1e8"}
    _check_bound(run_cli, SMALL, "--prompt-tokens", given)


def test_both_named_total_fits(run_cli) -> None:
    """Neither alone too long: the total that fits, split evenly, is accepted."""
    given = ("--prompt-tokens", "1.5e9", "--output-tokens", "1.5e9")
    res = run_cli(*SMALL, *LOAD, *given)
    assert_one_line_error(
        res,
        "error: --prompt-tokens/--output-tokens: ",
        "--prompt-tokens and --output-tokens together (at most ",
    )
    total = _at_most(res.err)
    half = repr(total / 2)
    ok = run_cli(*SMALL, *LOAD, "--prompt-tokens", half, "--output-tokens", half)
    assert ok.code == 0, (total, ok.err)
    up = repr(_next_up(total) / 2)
    no = run_cli(*SMALL, *LOAD, "--prompt-tokens", up, "--output-tokens", up)
    assert no.code == 2 and "does not fit beside the weights" in no.err, (total, no.err)
    assert "tokens fit in all)" in res.err, res.err


def test_nothing_left_for_one_flag_names_both() -> None:
    """A prompt that fills the room alone leaves the output nothing: both are named."""
    field, advice = _sequence_flags({"--prompt-tokens": 5e5, "--output-tokens": 1e18}, 5e5)
    assert field == "--prompt-tokens/--output-tokens"
    assert advice == (
        "shorten --prompt-tokens and --output-tokens together (at most 5e+05 tokens fit in all)"
    )


def test_bound_rounded_down() -> None:
    """A room of 1.12499...e9 tokens is not printed 1.125e+09 (refused when given)."""
    field, advice = _sequence_flags({"--prompt-tokens": 5e8, "--output-tokens": 1.2e9}, 1.1249e9)
    assert field == "--output-tokens"
    assert _at_most(advice) == 6.249e8
