"""``tigris train`` / ``tigris infer``: every numeric option has a range, and the table
never cuts a number (user test UT-HYPER 2026-12-04 #10).

``tigris infer --tokens-per-day 1e30`` was accepted and printed
``accelerators │ 1,918,819,416,427,613,9…``, against the README ("Every numeric option
has a documented range"; "narrower, a table runs past the edge rather than cut a
number").
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CliResult, assert_one_line_error
from tigris.cli._output import console

SERVICE = ("-m", "llama-3.1-405b", "--precision", "fp8", "--prompt-tokens", "1000",
           "--output-tokens", "300")  # fmt: skip
TRAINING = ("--flops", "3e27", "--days", "120", "-a", "b200", "--mfu", "0.4")


@pytest.mark.parametrize("load", ["1e30", "1.1e18", "1e300"])
def test_tokens_per_day_beyond_its_bound_is_refused(
    run_cli: Callable[..., CliResult], load: str
) -> None:
    res = run_cli("infer", *SERVICE, "--tokens-per-day", load)
    assert_one_line_error(res, "error: --tokens-per-day: expected a number in (0, 1e+18]")


@pytest.mark.parametrize(
    ("verb", "flag", "value"),
    [
        ("infer", "--usd-per-hour", "2e15"),
        ("infer", "--price-usd", "2e15"),
        ("train", "--usd-per-kwh", "2e15"),
        ("infer", "--power-w", "2e15"),
    ],
)
def test_money_and_quantities_have_the_shared_bounds(
    run_cli: Callable[..., CliResult], verb: str, flag: str, value: str
) -> None:
    """MAX_USD and MAX_QUANTITY (1e15, tigris.cli._args), as the other verbs' flags."""
    args = (*SERVICE, "--tokens-per-day", "1e10") if verb == "infer" else TRAINING
    res = run_cli(verb, *args, flag, value)
    assert_one_line_error(res, f"error: {flag}: expected a number in ", "1e+15]")


def test_the_bound_itself_is_accepted(run_cli: Callable[..., CliResult]) -> None:
    res = run_cli("infer", *SERVICE, "--tokens-per-day", "1e18", "--json")
    assert res.code == 0, res.err
    assert res.json()["tokens_per_day"] == 1e18


def test_help_gives_the_range(run_cli: Callable[..., CliResult]) -> None:
    text = " ".join(run_cli("infer", "--help").out.replace("│", " ").split())
    assert "in (0, 1e+18]" in text


def _narrow(monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    """Lay the tables out for a terminal ``width`` columns wide."""
    monkeypatch.setattr(console, "_width", width)
    monkeypatch.setattr(console, "_height", 25)


@pytest.mark.parametrize("width", [40, 50, 80])
def test_infer_table_never_cuts_a_number(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """At the bound the fleet is ~1.7e10 H100: every count printed whole, on one line,
    as --json gives it (at 40 and 50 columns it was cut: '17,172,53…')."""
    data = run_cli("infer", *SERVICE, "--tokens-per-day", "1e18", "--json").json()
    _narrow(monkeypatch, width)
    res = run_cli("infer", *SERVICE, "--tokens-per-day", "1e18")
    assert res.code == 0, res.err
    assert "…" not in res.out, res.out
    for key in (
        "accelerators",
        "prefill_accelerators",
        "decode_accelerators",
        "prefill_replicas",
        "decode_replicas",
    ):
        assert f"{int(data[key]):,}" in res.out, (key, res.out)
    assert data["accelerators"] > 1e10  # numbers long enough to be cut before


@pytest.mark.parametrize("width", [40, 80])
def test_train_table_keeps_the_hand_count_whole(
    run_cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    """3e27 FLOP in 120 days on B200 at MFU 0.4, goodput 0.9:
    n = 3e27 / (2.25e15 x 0.4 x 0.9 x 120 x 86,400) = 357,224.5 -> 357,225 (by hand)."""
    hand = 3e27 / (2.25e15 * 0.4 * 0.9 * 120 * 86_400)
    assert abs(hand - 357_224.5) < 0.01
    _narrow(monkeypatch, width)
    res = run_cli("train", *TRAINING)
    assert res.code == 0, res.err
    assert "…" not in res.out, res.out
    assert "357,225" in res.out
