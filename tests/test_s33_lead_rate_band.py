"""The headline's NPV at the rate -/+2 points says, under a going-concern terminal value,
that the terminal value is kept at the plan's rate (review RV-W1: re-taking the
perpetuity (1 + r)/r at 3.52 % and 7.52 % would change it, so a reader must know it was
not)."""

from __future__ import annotations

import math

from tigris.plan.summary import _other_rates_words

BASE = {
    "discount_rate": 0.0552,
    "npv_at_rate_minus_2pt_usd": 35.7e9,
    "npv_at_rate_plus_2pt_usd": 18.2e9,
}


def test_going_concern_band_says_the_terminal_value_is_held() -> None:
    words = _other_rates_words({**BASE, "terminal_going_concern": 1.0})
    assert "3.52%" in words and "7.52%" in words
    assert "terminal value as a going concern kept at its value at 5.52%" in words


def test_book_value_band_has_no_such_words() -> None:
    for flag in (0.0, math.nan):
        words = _other_rates_words({**BASE, "terminal_going_concern": flag})
        assert "3.52%" in words and "kept at its value" not in words


def test_a_going_concern_headline_names_what_the_irr_counts(run_cli) -> None:
    """The key sentence of a going-concern plan says the IRR counts the terminal value
    (not 'salvage', the book-value word), and the rate band says it is held."""
    import re

    res = run_cli(
        "plan", "docs/examples/small-plan.yaml", "--no-store",
        "--set", "finance.terminal_value=going_concern",
    )  # fmt: skip
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert re.search(r"IRR -?[\d.]+% with the terminal value \(", text), text[:800]
    assert "with salvage" not in text
    assert "kept at its value at 8.00%" in text
