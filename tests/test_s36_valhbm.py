"""S36 VAL-HBM: the validation table counts like with like (UT-HBM #8).

A case whose "published" value no source publishes is withdrawn from the count, with its
reason, and stays visible below the table; the summary and per-layer counts are over
the counted cases only.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tigris.validation import CASES, RESULT_COLUMNS, counted, load_cases, to_markdown


def _results(rows: list[dict]) -> pd.DataFrame:
    base = {
        "inputs": "x",
        "unit": "u",
        "tolerance": 0.10,
        "fitted_by": "",
        "in_sample": False,
        "source": "s",
        "as_of": "2024",
        "withdrawn": "",
        "note": "",
    }
    df = pd.DataFrame([{**base, **r} for r in rows])
    df["error"] = (df["tigris"] - df["published"]) / df["published"]
    df["within"] = np.abs(df["error"]) <= df["tolerance"]
    return df[list(RESULT_COLUMNS)]


def test_a_withdrawn_case_is_left_out_of_every_count() -> None:
    """Three memory cases by hand: one inside (+5 %), one outside (+50 %), one inside
    but withdrawn. Counted: 2 cases, 1 within (50 %), 0 in-sample, 1 of 2 out of sample;
    the withdrawn one is listed after the table with its reason in the within column."""
    df = _results(
        [
            {"case": "in", "layer": "memory", "published": 100.0, "tigris": 105.0},
            {"case": "out", "layer": "memory", "published": 100.0, "tigris": 150.0},
            {
                "case": "circular",
                "layer": "memory",
                "published": 20.0,
                "tigris": 20.0,
                "in_sample": True,
                "fitted_by": "hbm.csv",
                "withdrawn": "the published value is tigris's own derivation",
            },
        ]
    )
    assert list(counted(df)["case"]) == ["in", "out"]
    md = to_markdown(df)
    # the case tables, not the "How to reproduce each case" table after them
    lines = md.split("### How to reproduce each case")[0].splitlines()
    assert lines[0] == (
        "**2 cases, 1 within tolerance (50%); 0 in-sample, 2 out-of-sample "
        "(1 of them within). 1 withdrawn from the count (listed after the table).**"
    )
    assert "| memory | 2 | 1 | 0 | 1 of 2 |" in lines
    rows = [ln for ln in lines if ln.startswith("| circular |")]
    assert len(rows) == 1
    assert "| withdrawn: the published value is tigris's own derivation |" in rows[0]
    # after the counted table, never inside it
    assert lines.index(rows[0]) > max(
        i for i, ln in enumerate(lines) if ln.startswith(("| in |", "| out |"))
    )


def test_without_withdrawn_cases_the_table_is_as_before() -> None:
    """No withdrawn row: no withdrawn sentence and no second table."""
    df = _results([{"case": "in", "layer": "memory", "published": 100.0, "tigris": 105.0}])
    md = to_markdown(df)
    assert "withdrawn" not in md
    assert md.splitlines()[0] == (
        "**1 cases, 1 within tolerance (100%); 0 in-sample, 1 out-of-sample (1 of them within).**"
    )


# ------------------------------------------------------- the HBM rows (UT-HBM #8, S36)

ROOT = Path(__file__).resolve().parents[1]


def test_the_circular_stacks_per_wafer_case_is_withdrawn_with_the_articles_figures() -> None:
    """hbm3e-12hi-stacks-per-wafer-2025's 20 was tigris's arithmetic, not TrendForce's:
    the row is withdrawn from every count, and its reason gives what the article does
    say (35-45 % larger die, 20-30 % lower yield incl. TSV, ~250K wafers a month) and
    why the old figure was circular (the model's own 392 gross, 12 dies against 13)."""
    cases = load_cases().set_index("case")
    reason = cases.loc["hbm3e-12hi-stacks-per-wafer-2025", "withdrawn"]
    for said in ("35-45 %", "20-30 %", "250K", "392", "13"):
        assert said in reason, said
    assert "hbm3e-12hi-stacks-per-wafer-2025" not in set(counted(load_cases())["case"])
    # every other case is counted
    assert (cases.drop(index="hbm3e-12hi-stacks-per-wafer-2025")["withdrawn"] == "").all()


def test_the_two_8_high_yield_cases_compare_the_finished_stack_yield() -> None:
    """By hand from hbm.csv's HBM3e row: HVM February 2024, so mid-2024 is 5 months on;
    bonding yield per die 0.97 + (0.917 - 0.97) e^(-5/6) = 0.94697, and an 8-high stack
    0.94697^8 = 0.6467. Both cases quote 'the ratio of good products among finished
    products' (a finished stack of dies sorted good at wafer test), so both compare with
    that stacking yield alone, not times the die yield (Poisson at D0 = 0.02 + 0.08
    e^(-5/12) = 0.0727/cm2 on 1.5 cm2: 0.897, giving 0.58); both are in sample."""
    y_die = 0.97 + (0.917 - 0.97) * math.exp(-5 / 6)
    stack = y_die**8
    assert stack == pytest.approx(0.6467, abs=1e-4)
    die_yield = math.exp(-1.5 * (0.02 + 0.08 * math.exp(-5 / 12)))
    assert die_yield == pytest.approx(0.897, abs=1e-3)
    cases = load_cases().set_index("case")
    for name in ("hbm3e-8hi-stack-bond-yield", "hbm3e-8hi-yield-mid-2024"):
        assert CASES[name]() == pytest.approx(stack, rel=1e-6), name
        assert CASES[name]() != pytest.approx(stack * die_yield, rel=0.05), name
        row = cases.loc[name]
        assert "good products among finished products" in row["inputs"], name
        assert "does not include the DRAM die yield" in row["inputs"] or (
            "excludes the DRAM die yield" in row["inputs"]
        ), name
        assert row["in_sample"], name
        assert "hbm.csv" in row["fitted_by"], name


def test_microns_three_to_one_is_dated_the_same_in_both_docs() -> None:
    """UT-HBM #8: docs/validation.md's case row and docs/silicon.md dated Micron's ~3x
    differently (Dec 2025 against 'from March 2024'); both now cite the FQ1 2026 call of
    2025-12-17, and the die ratio stays Micron's statement of 2023-12-20."""
    row = load_cases().set_index("case").loc["hbm3e-vs-ddr5-wafer-per-gb"]
    assert "2025-12-17" in row["source"]
    assert row["as_of"] == "2025-12"
    assert "2023-12-20" in row["inputs"]
    silicon = (ROOT / "docs" / "silicon.md").read_text()
    assert "3× from\nMarch 2024" not in silicon and "3× from March 2024" not in silicon
    assert "FQ1 2026 earnings call, 2025-12-17" in silicon
    validation = (ROOT / "docs" / "validation.md").read_text()
    assert "2025-12-17" in validation
