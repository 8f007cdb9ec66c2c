"""S36 VAL-HBM: the validation table counts like with like (UT-HBM #8).

A case whose "published" value no source publishes is withdrawn from the count, with its
reason, and stays visible below the table; the summary and per-layer counts are over
the counted cases only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tigris.validation import RESULT_COLUMNS, counted, to_markdown


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
    lines = md.splitlines()
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
