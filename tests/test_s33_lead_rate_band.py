"""The headline's NPV at the rate -/+2 points says, under a going-concern terminal value,
how the terminal value was taken: since user test s46 B it is revalued at each rate (the
perpetuity (1 + r)/r at 3.52 % and 7.52 %; review RV-W1 had it kept at the plan's rate
and said so)."""

from __future__ import annotations

import math

from tigris.plan.summary import _other_rates_words

BASE = {
    "discount_rate": 0.0552,
    "npv_at_rate_minus_2pt_usd": 35.7e9,
    "npv_at_rate_plus_2pt_usd": 18.2e9,
}


def test_going_concern_band_says_the_terminal_value_is_revalued() -> None:
    words = _other_rates_words({**BASE, "terminal_going_concern": 1.0})
    assert "3.52%" in words and "7.52%" in words
    assert "terminal value as a going concern revalued at each rate" in words


def test_book_value_band_has_no_such_words() -> None:
    for flag in (0.0, math.nan):
        words = _other_rates_words({**BASE, "terminal_going_concern": flag})
        assert "3.52%" in words and "revalued" not in words


def test_a_going_concern_headline_names_what_the_irr_counts(run_cli) -> None:
    """The key sentence of a going-concern plan says the IRR counts the terminal value
    (not 'salvage', the book-value word), and the rate band says it is revalued."""
    import re

    res = run_cli(
        "plan", "docs/examples/small-plan.yaml", "--no-store",
        "--set", "finance.terminal_value=going_concern",
    )  # fmt: skip
    assert res.code == 0, res.err
    text = " ".join(res.out.split())
    assert re.search(r"IRR -?[\d.]+% real with the terminal value \(", text), text[:800]
    assert "with salvage" not in text
    assert "terminal value as a going concern revalued at each rate" in text
