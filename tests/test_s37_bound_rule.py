"""Published figures that are bounds, not points (S37 BOUND-AUDIT, issue 13).

Some sources state a floor or a ceiling: TSMC's "total investment in Fab 18 will exceed
NT$500 billion" (press release 2018-01-26), "up to 99 %", "more than 3,400 jobs". A floor
is not contradicted by a larger tigris value, so a two-sided test misreads it.
``tigris/data/validation_bounds.csv`` classifies every case from the source's words
(``point``, ``lower``, ``upper``); a ``lower`` case is within when tigris >= published x
(1 - tolerance), an ``upper`` case when tigris <= published x (1 + tolerance).

These tests check the classification against the brief's word lists (written here, not
taken from the code), the within rule on hand-made values, and Fab 18's floor against
TSMC's own words.
"""

from __future__ import annotations

import re
from importlib import resources

import numpy as np
import pandas as pd
import pytest

import tigris.validation as v

#: The qualifiers of each class, as the BOUND-AUDIT brief lists them (2026-12-04), plus
#: their inflections and the Persian "more than" of the one report read in Persian.
LOWER = re.compile(r"\b(over|more than|at least|exceed(s|ed|ing)?|above)\b|>|بیش از", re.I)
UPPER = re.compile(r"\b(up to|under|less than|at most|below)\b|<", re.I)
QUALIFIER = {"lower": LOWER, "upper": UPPER}


def _read(name: str) -> pd.DataFrame:
    with resources.files("tigris.data").joinpath(name).open() as f:
        return pd.read_csv(f, dtype=str, keep_default_na=False)


BOUNDS = _read("validation_bounds.csv")
CASES_CSV = _read("validation_cases.csv")
BUDGETS_CSV = _read("fab_budgets.csv")


def test_every_case_has_exactly_one_bound_row() -> None:
    """Every case, withdrawn or not, of validation_cases.csv and of fab_budgets.csv (the
    budget rows are cases too) has one row; a new case without one fails here."""
    cases = list(CASES_CSV["case"]) + list(BUDGETS_CSV["case"])
    listed = BOUNDS["case"].value_counts()
    missing = sorted(set(cases) - set(listed.index))
    assert not missing, f"add a row to validation_bounds.csv for: {missing}"
    assert not sorted(set(listed.index) - set(cases)), "rows for cases that do not exist"
    assert (listed == 1).all(), listed[listed > 1]


def test_every_bound_row_is_sourced_and_of_a_known_class() -> None:
    assert set(BOUNDS["bound"]) <= {"point", "lower", "upper"}
    for col in ("words", "words_from", "source", "as_of", "classified"):
        assert BOUNDS[col].str.strip().ne("").all(), col


@pytest.mark.parametrize("kind", ["lower", "upper"])
def test_a_bounds_words_hold_a_qualifier_of_its_class(kind: str) -> None:
    rows = BOUNDS[BOUNDS["bound"] == kind]
    assert len(rows)
    for r in rows.itertuples():
        assert QUALIFIER[kind].search(r.words), (r.case, r.words)


def test_a_point_whose_words_hold_a_qualifier_says_why_it_is_not_a_bound() -> None:
    """e.g. "costs 47 % more than" (a ratio, not a floor): allowed, with its reason."""
    for r in BOUNDS[BOUNDS["bound"] == "point"].itertuples():
        if LOWER.search(r.words) or UPPER.search(r.words):
            assert r.remark.strip(), (r.case, r.words)


def test_words_read_from_a_data_file_are_verbatim_there() -> None:
    columns = {
        "validation_cases.csv source": CASES_CSV.set_index("case")["source"],
        "fab_budgets.csv source": BUDGETS_CSV.set_index("case")["source"],
        "fab_budgets.csv note": BUDGETS_CSV.set_index("case")["note"],
    }
    for r in BOUNDS.itertuples():
        if r.words_from in columns:
            assert r.words in columns[r.words_from][r.case], (r.case, r.words)
        else:
            assert r.words_from.startswith("original"), (r.case, r.words_from)


def test_fab18_is_a_floor_in_tsmcs_own_words() -> None:
    """TSMC, 2018-01-26: "total investment in Fab 18 will exceed NT$500 billion"."""
    row = BOUNDS.set_index("case").loc["tsmc-fab18-p1-3"]
    assert row["bound"] == "lower"
    assert "will exceed NT$500 billion" in row["words"]
    note = BUDGETS_CSV.set_index("case").loc["tsmc-fab18-p1-3", "note"]
    assert "will exceed NT$500 billion" in note


@pytest.mark.parametrize(
    ("bound", "factor", "tolerance", "expected"),
    [
        ("lower", 2.0, 0.35, True),  # a floor: twice the floor agrees with it
        ("lower", 0.5, 0.35, False),  # half the floor is 50 % below it, beyond 35 %
        ("lower", 0.66, 0.35, True),  # 34 % below the floor, inside 35 %
        ("upper", 0.5, 0.35, True),  # a ceiling: half of it agrees with it
        ("upper", 2.0, 0.35, False),  # twice the ceiling, beyond 35 %
        ("upper", 1.34, 0.35, True),
        ("point", 2.0, 0.35, False),  # a point stays two-sided
        ("point", 0.5, 0.35, False),
        ("point", 1.3, 0.35, True),
    ],
)
def test_within_rule_on_hand_made_values(
    bound: str, factor: float, tolerance: float, expected: bool
) -> None:
    published = 17.15e9
    got = v.within([factor * published], [published], [tolerance], [bound])
    assert got.tolist() == [expected]


def test_within_is_false_for_a_missing_value() -> None:
    nan = float("nan")
    assert v.within([nan] * 3, [1.0] * 3, [0.3] * 3, ["point", "lower", "upper"]).tolist() == [
        False,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("name", "factor", "expected"),
    [
        ("tsmc-fab18-p1-3", 2.0, True),  # lower, tolerance 0.35
        ("tsmc-fab18-p1-3", 0.5, False),
        ("nscale-texas-104k-gb300-mw", 0.5, True),  # upper, tolerance 0.35
        ("nscale-texas-104k-gb300-mw", 2.0, False),
        # 'up to 99%' of a yield: a ceiling in words kept a point by the range clause
        ("cowos-s-mature-package-yield", 0.5, False),
        ("gpt3-175b-flops", 2.0, False),  # point, tolerance 0.05
    ],
)
def test_run_cases_applies_the_bound(
    monkeypatch: pytest.MonkeyPatch, name: str, factor: float, expected: bool
) -> None:
    """The table's within column follows the case's bound; its error stays signed."""
    published = float(v.load_cases().set_index("case").loc[name, "published"])
    monkeypatch.setattr(v, "_value", lambda _name: (factor * published, ""))
    row = v.run_cases([name]).iloc[0]
    assert bool(row["within"]) is expected
    assert row["error"] == pytest.approx(factor - 1)


def test_the_markdown_marks_a_floor_and_a_ceiling(monkeypatch: pytest.MonkeyPatch) -> None:
    names = ["tsmc-fab18-p1-3", "nscale-texas-104k-gb300-mw", "gpt3-175b-flops"]
    published = v.load_cases().set_index("case")["published"]
    monkeypatch.setattr(v, "_value", lambda name: (2.0 * published[name], ""))
    df = v.run_cases(names)
    text = v.to_markdown(df)
    rows: dict[str, str] = {}
    for line in text.splitlines():  # the case table's row first, not "How to reproduce"'s
        if "|" in line:
            rows.setdefault(line.split("|")[1].strip(), line)
    assert "| > 1.715e+10 |" in rows["tsmc-fab18-p1-3"]
    assert "| < 240 |" in rows["nscale-texas-104k-gb300-mw"]
    assert "| 3.14e+23 |" in rows["gpt3-175b-flops"]
    # the summary counts as before: the floor at 2x is within, the others are not
    assert text.startswith("**3 cases, 1 within tolerance (33%)")
    assert int(np.sum(df["within"])) == 1


def test_no_one_sided_limit_lies_beyond_the_quantitys_range() -> None:
    """The range clause (S37 REVIEW D1): a ceiling on a fraction at or beyond 1 once its
    tolerance is added could never fail, so such a case is kept a point. 'up to 99%' of a
    yield with 5 % tolerance is 1.0395: cowos-s-mature-package-yield stays a point."""
    cases = v.load_cases().set_index("case")
    for name, row in cases.iterrows():
        if row["bound"] == "upper" and row["unit"] == "fraction":
            assert row["published"] * (1 + row["tolerance"]) < 1, name
        if row["bound"] == "lower":
            assert row["published"] * (1 - row["tolerance"]) > 0, name
    assert cases.loc["cowos-s-mature-package-yield", "bound"] == "point"
