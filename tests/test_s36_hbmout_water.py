"""S36 HBM-OUT #4 (UT-ESG #6): the plan reports the investor's fabs' water a year, in
``--json`` (``headline.fab_water``) and in one line of the text, with its source.

By hand: a plan made to build one N3 module at arizona-usa (``min_modules=1``, the site's
only facility N3, as UT-ESG ran it). Water in a year = the investor's N3 wafer starts a
month online there (the capacity table's ``available``, the basis of the fab power) x 12
x N3's mask layers (``data/nodes.csv``) x water per wafer start per mask layer
(``data/fab_parameters.csv``), both read here from the shipped tables.
"""

from __future__ import annotations

import contextlib
import io
import json
from typing import Any

import pytest

from tests.conftest import data_table

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

SETS = (
    "--set",
    "sites.arizona-usa.min_modules=1",
    "--set",
    "sites.arizona-usa.facilities=[logic-N3]",
)


def _run(*args: str) -> tuple[int, str, str]:
    from tigris.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["plan", "--no-store", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def with_fab() -> dict[str, Any]:
    code, doc, err = _run(*SETS, "--json")
    assert code == 0, err
    code_t, text, err_t = _run(*SETS)
    assert code_t == 0, err_t
    return {"doc": json.loads(doc), "text": text}


def _per_layer() -> float:
    rows = [r for r in data_table("fab_parameters")]
    row = next(r for r in rows if r["parameter"] == "water_m3_per_wafer_mask_layer")
    assert row["node"] == "all" and row["site"] == "all"  # no N3/arizona-specific row
    return float(row["value"])


def _layers(node: str) -> int:
    return int(next(r for r in data_table("nodes") if r["node"] == node)["mask_layers"])


def test_json_water_by_hand(with_fab: dict[str, Any]) -> None:
    doc = with_fab["doc"]
    rows = [
        r
        for r in doc["capacity"]
        if r["owner"] == "investor" and r["facility"] == "logic" and r["site"] == "arizona-usa"
    ]
    assert rows, "the plan built no N3 module at arizona-usa"
    water = doc["headline"]["fab_water"]
    for r in rows:
        hand = r["available"] * 12 * _layers(r["node"]) * _per_layer()
        assert hand > 0
        assert water["m3_by_year"][str(r["year"])] == pytest.approx(hand, rel=1e-12)
    assert water["total_m3"] == pytest.approx(
        sum(r["available"] * 12 * _layers(r["node"]) * _per_layer() for r in rows), rel=1e-12
    )
    assert "water_m3_per_wafer_mask_layer" in water["source"] and "TSMC" in water["source"]


def test_text_one_line(with_fab: dict[str, Any]) -> None:
    doc = with_fab["doc"]
    last = doc["horizon"][1]
    m3 = doc["headline"]["fab_water"]["m3_by_year"][str(last)]
    text = " ".join(with_fab["text"].split())  # the console wraps at 80 columns
    assert f"Fab water: the investor's logic fabs withdraw {m3 / 1e6:,.2f}M m3 in {last}" in text
    assert "data/fab_parameters.csv water_m3_per_wafer_mask_layer" in text
