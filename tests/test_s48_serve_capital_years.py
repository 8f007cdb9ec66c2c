"""A capital source's first year moved past its last year is refused naming the control
moved, as ``Scenario.set`` names it, and the years' range is the one docs/serve.md gives
(user test s48 serve #6: first_year 2028 with last_year 2027 named only "last year
(capital.fund.last_year)", which the user had not touched)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tigris.errors import InputError
from tigris.scenario.edit import load_any
from tigris.serve.controls import controls_for, whatif

ROOT = Path(__file__).resolve().parents[1]
SMALL_PLAN = ROOT / "docs" / "examples" / "small-plan.yaml"


def _refusal(values: dict[str, int]) -> str:
    base = load_any(SMALL_PLAN)
    by_path = {c.path: c for c in controls_for(base)}
    with pytest.raises(InputError) as info:
        whatif(base, {by_path[p].id: v for p, v in values.items()})
    (problem,) = info.value.problems
    return f"{problem.field}: {problem.message}"


def test_a_first_year_past_the_last_names_the_first_year() -> None:
    text = _refusal({"capital.fund.first_year": 2028})
    assert text == (
        "fund: first year (capital.fund.first_year): 2028 is refused by "
        "capital.fund.last_year (2027): must be >= first_year (2028)"
    )
    # as the API says it
    with pytest.raises(InputError) as api:
        load_any(SMALL_PLAN).set("capital.fund.first_year", 2028)
    assert "2028 is refused by capital.fund.last_year (2027)" in str(api.value)


def test_a_last_year_before_the_first_names_the_last_year() -> None:
    text = _refusal({"capital.fund.last_year": 2025})
    assert text.startswith("fund: last year (capital.fund.last_year): ")


def test_the_years_range_is_the_documented_one() -> None:
    base = load_any(SMALL_PLAN)
    first, last = base.horizon.first_year, base.horizon.last_year
    years = [c for c in controls_for(base) if c.path.startswith("capital.fund.")]
    years = [c for c in years if c.path.endswith("_year")]
    assert [(c.min, c.max) for c in years] == [(first - 5, last)] * 2
    doc = (ROOT / "docs" / "serve.md").read_text(encoding="utf-8")
    row = next(ln for ln in doc.splitlines() if "`capital.<source>.first_year`" in ln)
    assert "5 years before the horizon's first year - the horizon's last year" in row
    assert "2028 is refused by capital.fund.last_year (2027)" in row


def test_an_amount_moved_with_the_first_year_is_not_blamed() -> None:
    text = _refusal({"capital.fund.first_year": 2028, "capital.fund.amount_usd": 14.983})
    assert text.startswith("fund: first year (capital.fund.first_year): 2028 is refused by ")
