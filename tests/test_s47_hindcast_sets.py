"""Every capacity the published shipments are costed against has the model's use too
(user test s47 runs #9: in 2023 the plain table showed "-" for HBM of SK hynix+Micron,
and ``null`` in ``--json``, where the published side at the model's bills gave 42 %).

With the product mix pinned to its published shares, the hindcast's LP scales the
published mix until the first capacity runs out (docs/plan.md, "The hindcast"), so the
model's use of every capacity must equal the published shipments' share of it at the
model's bills over the largest such share: the LP against an independent costing
(``published_use``), a set of HBM makers included whether or not some part's own
qualified set is exactly it (a set's row bounds every part qualified within it).
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from tigris.world import hindcast as hc

#: Keys of ``published_at_model_bills`` that are not a capacity's share.
_NOT_A_SHARE = {"coverage", "hbm_wspm", "hbm_gb"}


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return hc.hindcast_to_dict(hc.hindcast())


def test_each_capacity_use_is_the_published_share_over_the_largest(doc: dict[str, Any]) -> None:
    for rec in doc["years"]:
        pub = {k: v for k, v in rec["published_at_model_bills"].items() if k not in _NOT_A_SHARE}
        largest = max(pub.values())
        assert any(k.startswith(hc.HBM_SET) for k in pub)
        for k, share in pub.items():
            model = rec["utilisation"].get(k)
            assert model is not None and math.isfinite(model), (rec["year"], k)
            assert model == pytest.approx(share / largest, rel=1e-6, abs=1e-9), (rec["year"], k)


def test_the_plain_table_shows_each_set_every_year(
    doc: dict[str, Any], run_cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "250")  # one line per row: no wrapped labels
    res = run_cli("hindcast")
    assert res.code == 0, res.err
    rows = [ln for ln in res.out.splitlines() if "(parts qualified only with them)" in ln]
    rows = [ln for ln in rows if "│" in ln]
    n_sets = sum(k.startswith(hc.HBM_SET) for k in doc["years"][0]["utilisation"])
    assert len(rows) == 2 * n_sets  # the use table and the table at the model's bills
    for line in rows:
        cells = [c.strip() for c in line.split("│")[1:]]
        assert len(cells) == len(doc["years"]), line
        assert all(c.endswith("%") for c in cells), line


def test_every_row_revised_by_a_hindcast_audit_is_counted() -> None:
    """A shipped input row whose text says a hindcast audit changed it carries the mark
    the in-sample note counts (user test s47 runs #10: hbm.csv's 12-high HBM3E row moved
    its HVM year in the audit of 2026-12-03 and was not counted). The validation cases
    are outputs checked, not inputs of the hindcast."""
    from pathlib import Path

    import tigris

    data = Path(tigris.__file__).resolve().parent / "data"
    untagged = [
        f"{path.name}:{i}"
        for path in sorted(data.glob("*.csv"))
        if path.name != "validation_cases.csv"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "hindcast audit" in line.lower() and hc.AUDIT_MARK not in line
    ]
    assert untagged == []
    notes = " ".join(hc.in_sample_notes())
    assert "hbm.csv 1" in notes
