"""S36 HBM-OUT #2 (UT-HBM #6): ``capacity.csv`` (``plan --out``) and the ``--json``
capacity table carry a ``maker`` column: the pooled incumbents' HBM row lists its makers'
lines (the plan models no maker's use), a new line's row its owner, other rows ''.

By hand against ``data/incumbent_capacity.csv`` (the year mean of each HBM line's
end-2026 and end-2027 capacity x AI share, by owner), as tests/test_s36_hbmout_makers.py
does for the function; here the files people read. A run saved before the column reads
with it (recomputed from the rows).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.test_s36_hbmout_makers import YEAR, _by_hand


@pytest.fixture(scope="module")
def reference(reference_made: dict[str, Any], reference_plan_json: str) -> dict[str, Any]:
    """``tigris plan --out D/run --json`` on the reference, as the session solved it once
    (conftest; this module solved it again before, s39)."""
    assert reference_made["code"] == 0, reference_made["err"]
    return {"dir": reference_made["dir"] / "run", "doc": json.loads(reference_plan_json)}


def _makers(text: str) -> dict[str, float]:
    assert text.startswith("pooled: ") and text.endswith("use not split"), text
    pairs = re.findall(r"([A-Za-z][A-Za-z ]*?) ([\d,]+)(?:;| wspm)", text[len("pooled: ") :])
    return {m: float(v.replace(",", "")) for m, v in pairs}


def _check(rows: list[dict[str, Any]]) -> None:
    pool = [r for r in rows if r["facility"] == "hbm" and r["site"] == "existing"]
    row = next(r for r in pool if int(r["year"]) == YEAR)
    printed = _makers(str(row["maker"]))
    hand = _by_hand(YEAR)
    assert set(printed) == set(hand)
    for m, v in hand.items():
        assert printed[m] == pytest.approx(v, abs=0.5), m
    assert all(r["maker"] in ("", None) for r in rows if r["facility"] != "hbm")


def test_capacity_csv_has_the_makers(reference: dict[str, Any]) -> None:
    with (Path(reference["dir"]) / "capacity.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert "maker" in rows[0]
    _check(rows)


def test_json_capacity_has_the_makers(reference: dict[str, Any]) -> None:
    _check(reference["doc"]["capacity"])


def test_a_run_saved_before_the_column_reads_with_it(
    reference: dict[str, Any], tmp_path: Path
) -> None:
    """Drop the column from a saved run's capacity.csv (and its digest in plan.json, as
    a run of before it had): reading it back gives the makers again."""
    import shutil

    from tigris.plan.result import PlanResult

    d = tmp_path / "old"
    shutil.copytree(reference["dir"], d)
    path = d / "capacity.csv"
    with path.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    cols = [c for c in rows[0] if c != "maker"]
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    doc = json.loads((d / "plan.json").read_text(encoding="utf-8"))
    # a run of before the digests (2026-12-03) reads with every check but the digest
    doc.pop("files", None)
    doc.pop("content_sha256", None)
    (d / "plan.json").write_text(json.dumps(doc), encoding="utf-8")
    back = PlanResult.read(d)
    _check(back.capacity.to_dict("records"))
