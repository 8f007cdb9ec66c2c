"""The headline's yearly delivery does not read as "nothing delivered" when the end
years deliver nothing but years between them do (UT-JOURNO #12: "yearly delivery goes
from 0 H100e in 2026 to 0 H100e in 2031" with 26.4M H100e served).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tests.conftest import write_scenario
from tigris.plan.summary import _yearly_delivery

EXAMPLE = Path("docs/examples/neuromorphic-plan.yaml")


def _served(values: list[float]) -> pd.Series:
    return pd.Series(values, index=range(2026, 2026 + len(values)), dtype=float)


def test_the_delivering_years_and_the_peak_are_said_when_both_ends_are_zero() -> None:
    text = _yearly_delivery(_served([0, 0, 0, 3e5, 1e5, 0]))
    assert text == (
        "; all of it is delivered in 2029–2030 (most, 300,000 H100e, in 2029), none in 2026 or 2031"
    )
    # years apart are listed apart; below half an H100e prints as 0 and counts as none
    assert _yearly_delivery(_served([0.2, 5, 0, 7, 0.4])) == (
        "; all of it is delivered in 2027, 2029 (most, 7 H100e, in 2029), none in 2026 or 2030"
    )


def test_otherwise_the_sentence_is_as_before() -> None:
    assert _yearly_delivery(_served([1e6, 2e6])) == (
        "; yearly delivery goes from 1.0M H100e in 2026 to 2.0M H100e in 2027"
    )
    assert _yearly_delivery(_served([0, 5e6, 2e6])) == (
        "; yearly delivery goes from 0 H100e in 2026 to 2.0M H100e in 2028"
    )
    assert _yearly_delivery(_served([0, 0])) == (
        "; yearly delivery goes from 0 H100e in 2026 to 0 H100e in 2027"
    )  # nothing served at all: the zeros are true


def test_the_greenfield_b200_plan(run_cli, tmp_path: Path) -> None:
    """The user test's case: docs/examples' greenfield plan with the B200 alone."""
    text = EXAMPLE.read_text(encoding="utf-8").replace("  - name: neuro-npu\n", "")
    sc = write_scenario(tmp_path, text, "b200.yaml")
    res = run_cli("plan", sc, "--no-store", "--json")
    assert res.code == 0, res.err
    doc = json.loads(res.out)
    served = pd.DataFrame(doc["demand"]).groupby("year")["served_h100e"].sum()
    assert served.iloc[0] < 0.5 and served.iloc[-1] < 0.5 < served.sum()  # the case
    years = [int(y) for y, v in served.items() if v >= 0.5]
    sentence = next(s for s in doc["headline"]["sentences"] if s.startswith("Serves "))
    assert "yearly delivery goes from 0 H100e" not in sentence
    assert f"all of it is delivered in {years[0]}" in sentence, sentence
    assert f"in {int(served.idxmax())}), none in 2026 or 2031" in sentence
