"""The hindcast's flags and bills table name the capacity that binds, a set of HBM
makers included (user test 2026-12-05, hindcast #1).

With each year's product mix pinned to its published shares, the hindcast's LP scales
the published mix until the first capacity runs out, so its delivered / published must
equal 1 / (the largest share of any capacity the published shipments take at the
model's bills), a set of HBM makers counted for the parts qualified only with them
(docs/plan.md, "The hindcast"). ``published_use`` costs the shipments with no planner, so
the identity checks the LP against an independent costing. Before, ``published_use``
gave the kinds only (largest 107 % in 2024, 87 % in 2025): the identity failed, 2025 was
not flagged and 2024's flag did not name SK hynix + Micron, the set that binds.
"""

from __future__ import annotations

from typing import Any

import pytest

from tigris.world import hindcast as hc

#: Columns of ``published_use`` that are not one capacity's share.
_NOT_A_CAPACITY = {"year", "coverage", "logic", "hbm_wspm", "hbm_gb"}


@pytest.fixture(scope="module")
def both() -> tuple[Any, Any]:
    return hc.published_use(), hc.hindcast()


def test_delivered_over_published_is_one_over_the_largest_share(both: tuple[Any, Any]) -> None:
    use, run = both
    assert set(use["year"]) == set(run["year"])
    for (_, u), (_, r) in zip(use.iterrows(), run.iterrows(), strict=True):
        assert u["coverage"] == pytest.approx(1.0)  # every published row costed
        caps = [c for c in use.columns if c not in _NOT_A_CAPACITY]
        assert any(c.startswith(hc.HBM_SET) for c in caps)
        largest = max(float(u[c]) for c in caps)
        assert r["ratio"] == pytest.approx(1.0 / largest, rel=1e-6), (u["year"], largest)


def test_the_binding_set_is_flagged_in_text_and_json(both: tuple[Any, Any]) -> None:
    from tigris.cli.hindcast import verdict_lines

    _, run = both
    doc = hc.hindcast_to_dict(run)
    lines = verdict_lines(doc)
    for rec in doc["years"]:
        use = rec["published_at_model_bills"]
        sets = {k: v for k, v in use.items() if k.startswith(hc.HBM_SET)}
        over = {k: v for k, v in sets.items() if v > 1.0}
        assert over.items() <= rec["verdict"]["published_over_capacity"].items()
        if over:  # 2024 and 2025 on the shipped data: SK hynix + Micron, 141 % and 118 %
            (flag,) = [x for x in lines if x.startswith(f"Flag {rec['year']}:")]
            for k in over:
                assert f"HBM of {k[len(hc.HBM_SET) :]}" in " ".join(flag.split())
    # a year below the band has a capacity over 100 % (the published mix cannot be made)
    for rec in doc["years"]:
        if rec["ratio"] < 1.0:
            assert rec["verdict"]["published_over_capacity"], rec["year"]
