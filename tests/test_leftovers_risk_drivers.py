"""``MonteCarlo.drivers()`` ranks nothing from too few plans, like ``tigris risk``
(leftovers of 2026-12-03, item 2).

17 plans is the fewest at which a rank correlation of 0.5 is significant at 5 %
(two-sided): N >= 1 + (1.96 / 0.5)^2 = 16.4 (Kendall & Gibbons, *Rank Correlation
Methods*, 5th ed., 1990, ch. 4; the permutation test in
``tests/test_risk_drivers_significance.py``). Below it the Python API returns the same
empty ranking as ``RiskResult.drivers()`` and the ``--json`` document, with the reason
naming the count and the minimum in ``attrs["reason"]``.
"""

from __future__ import annotations

from tests.test_risk_drivers_significance import N, _hand, _result

COLUMNS = ["output", "rank", "path", "measure", "value", "p_value", "note", "p_adjusted"]


def test_sixteen_plans_rank_nothing_and_say_why() -> None:
    mc = _hand(16, {})
    d = mc.drivers()
    assert d.empty and list(d.columns) == COLUMNS
    reason = d.attrs["reason"]
    assert "too few samples to rank drivers (16 < 17)" in reason
    assert mc.to_dict()["drivers"] == {}  # the document agrees
    via = _result(mc).drivers()
    assert via.empty and via.attrs["reason"] == reason


def test_seventeen_plans_rank() -> None:
    assert N == 17
    d = _hand(N, {}).drivers()
    assert len(d) and "reason" not in d.attrs
    for _, g in d.groupby("output"):
        assert list(g["rank"]) == list(range(1, len(g) + 1))


def test_a_notebook_may_ask_for_fewer_explicitly() -> None:
    """``min_samples`` lowers the bar on request; the ranking then has every input."""
    d = _hand(5, {}).drivers(min_samples=5)
    assert len(d) == 4 * 3 and not d.empty  # 4 driver outputs x 3 distributed inputs
