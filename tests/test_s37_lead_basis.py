"""A bill's basis line does not call a logic D0 set by hand a learning-curve value
(review S37 D2: ``tigris chip b200 --year 2026 --d0 0.05`` said "mid-2026: every
learning curve (logic D0, ...)" while the logic D0 was the given 0.05)."""

from __future__ import annotations

from tigris.silicon.chip import basis_text, chip_bill


def test_a_given_logic_d0_is_said_apart_in_a_year_bill() -> None:
    text = basis_text(chip_bill("b200", year=2026, d0_per_cm2=0.05))
    assert "logic D0," not in text and "(logic D0" not in text, text
    assert text.endswith("the logic D0 as set (D0 from)"), text


def test_a_given_logic_d0_is_said_apart_in_a_launch_bill() -> None:
    text = basis_text(chip_bill("b200", d0_per_cm2=0.05))
    assert "logic and" not in text and "logic D0 at" not in text, text
    assert text.endswith("the logic D0 as set (D0 from)"), text


def test_the_year_bill_without_a_given_d0_lists_every_curve() -> None:
    text = basis_text(chip_bill("b200", year=2026))
    assert text.startswith("mid-2026: every learning curve (logic D0"), text
    assert "as set" not in text, text
