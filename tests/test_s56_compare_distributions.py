"""``tigris compare``'s input rows for ``distributions`` (a map of dotted path ->
distribution): an entry on one side only is one row, as a named list entry is (user test
2026-12-06: a what-if without the reference's 29 distributions listed 151 changed
inputs, one per field of each distribution)."""

from __future__ import annotations

from tigris.runs.compare import scenario_diff
from tigris.scenario.edit import ABSENT
from tigris.scenario.load import reference_scenario


def test_dropped_distributions_are_one_row_each() -> None:
    a = reference_scenario()
    assert a.distributions, "the reference has a risk block"
    b = a.model_copy(update={"distributions": {}})
    rows = scenario_diff(a, b)
    assert rows == sorted((f"distributions.{k}", k, ABSENT) for k in a.distributions)
    added = scenario_diff(b, a)
    assert added == sorted((f"distributions.{k}", ABSENT, k) for k in a.distributions)


def test_a_changed_distribution_is_diffed_by_field() -> None:
    a = reference_scenario()
    key, dist = next(iter(a.distributions.items()))
    moved = {**a.distributions, key: dist.model_copy(update={"high": dist.high * 2})}
    rows = scenario_diff(a, a.model_copy(update={"distributions": moved}))
    assert rows == [(f"distributions.{key}.high", dist.high, dist.high * 2)]
