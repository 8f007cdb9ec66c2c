"""A result table held ``-0.0`` (``2032,other-sovereign,-0.0`` in an ``--out`` folder's
capex.csv; user test s49 energy/finance #9): a zero has no sign in a money table, and a
reader takes ``-0.0`` for a tiny refund. Saved folders, exports, ``--json`` and the
printed numbers write 0."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd


def test_a_saved_folder_writes_no_negative_zero(tmp_path) -> None:
    from tigris.plan.saved import write_dir

    df = pd.DataFrame({"year": [2032, 2033], "capex_usd": [-0.0, 5.0], "n": [1, 2]})
    write_dir({"status": "optimal"}, {"capex": df}, tmp_path / "out")
    text = (tmp_path / "out" / "capex.csv").read_text(encoding="utf-8")
    assert "-0.0" not in text and "\n2032,0.0,1\n" in text, text
    assert np.signbit(df["capex_usd"].iloc[0])  # the caller's frame is left alone


def test_json_and_printed_numbers_have_no_negative_zero() -> None:
    from tigris.cli._output import fmt, jsonable

    doc = json.dumps(jsonable({"a": -0.0, "b": [np.float64(-0.0), 1.5]}))
    assert "-0" not in doc, doc
    assert fmt(-0.0) == "0" and fmt(np.float64(-0.0)) == "0"


def test_nan_and_signs_of_non_zeros_are_kept() -> None:
    from tigris.plan.saved import without_negative_zero

    df = pd.DataFrame({"x": [-0.0, -1.0, np.nan, 0.0]})
    out = without_negative_zero(df)["x"].to_numpy()
    assert out[1] == -1.0 and np.isnan(out[2]) and not np.signbit(out[0])


def test_a_share_that_prints_as_zero_has_no_sign() -> None:
    """``share(-0.0)`` printed "-0.0%" (review of s49: fmt and jsonable were fixed, not
    share)."""
    from tigris.fmt import share

    assert share(-0.0) == "0.0%" and share(-1e-9, 2) == "0.00%"
    assert share(-0.25) == "-25.0%"  # a real negative share keeps its sign
