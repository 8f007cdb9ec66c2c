"""S36 HBM-OUT #2 (UT-HBM #6): the capacity table's HBM rows say whose lines they are.

The plan pools the incumbents' HBM lines in one ``existing`` row a year and models no
maker, so :func:`tigris.plan.summary.capacity_makers` names that row ``pooled`` and
lists the makers' lines in it, without splitting the use. By hand against the shipped
``data/incumbent_capacity.csv``: a maker's 2027 figure is the year mean of its HBM lines'
end-2026 and end-2027 capacity x AI share (a line's end-of-year capacity: its row of
that year or, after its last row, its last; 0 before its first row), as the baseline's
year means are (docs/plan.md, "The world the plan starts from").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import data_table

YEAR = 2027


@pytest.fixture(scope="module")
def reference(reference_made: dict[str, Any]) -> Any:
    """The reference's saved run, ``tigris plan --out``, as the session solved it once
    (conftest; this module solved it again before, s39)."""
    from tigris.plan.result import PlanResult

    assert reference_made["code"] == 0, reference_made["err"]
    return PlanResult.read(Path(reference_made["dir"] / "run"))


def _end_of_year(rows: list[dict[str, str]], year: int) -> float:
    before = [r for r in rows if int(r["year"]) <= year]
    if not before:
        return 0.0
    r = max(before, key=lambda r: int(r["year"]))
    return float(r["capacity"]) * float(r["ai_share"])


def _by_hand(year: int) -> dict[str, float]:
    rows = [r for r in data_table("incumbent_capacity") if r["kind"] == "hbm"]
    assert all(not r["month"] for r in rows)  # end-of-year rows only
    lines: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows:
        lines.setdefault((r["owner"], r["site"]), []).append(r)
    out: dict[str, float] = {}
    for (owner, _site), line in lines.items():
        mean = (_end_of_year(line, year - 1) + _end_of_year(line, year)) / 2
        out[owner] = out.get(owner, 0.0) + mean
    return {k: v for k, v in out.items() if v > 0}


def test_pooled_row_lists_the_makers_lines(reference: Any) -> None:
    from tigris.plan.summary import capacity_makers

    cap = reference.capacity.assign(maker=capacity_makers(reference))
    row = cap[(cap["facility"] == "hbm") & (cap["site"] == "existing") & (cap["year"] == YEAR)]
    assert len(row) == 1
    maker = str(row["maker"].iloc[0])
    assert maker.startswith("pooled: ") and "use not split" in maker
    printed = {
        m: float(v.replace(",", ""))
        for m, v in re.findall(r"([A-Za-z][A-Za-z ]*?) ([\d,]+)(?:;| wspm)", maker[8:])
    }
    hand = _by_hand(YEAR)
    assert set(printed) == set(hand) == {"SK hynix", "Samsung", "Micron", "CXMT"}
    for m, v in hand.items():
        assert printed[m] == pytest.approx(v, abs=0.5), m  # printed to the wafer
    assert sum(hand.values()) == pytest.approx(float(row["available"].iloc[0]), rel=1e-9)
    # the other facilities' rows have no maker
    assert set(cap.loc[cap["facility"] != "hbm", "maker"]) == {""}


def test_a_scenario_pool_is_not_split(reference: Any) -> None:
    """A pool that is not the baseline's lines is not given makers."""
    from dataclasses import replace

    from tigris.plan.summary import capacity_makers

    cap = reference.capacity.copy()
    pool = (cap["facility"] == "hbm") & (cap["site"] == "existing")
    cap.loc[pool, "available"] = 1234.0
    other = replace(reference, capacity=cap)
    assert set(capacity_makers(other)[pool]) == {
        "pooled (makers not known: not the baseline's lines)"
    }
