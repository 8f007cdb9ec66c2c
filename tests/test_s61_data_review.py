"""A data audit of 2026-12-07: findings on the shipped tables, each checked against the
row's own source text."""

from __future__ import annotations

import pytest

from tigris.world.incumbents import capacity_table


@pytest.mark.parametrize("year", [2028, 2029, 2030])
def test_tsmc_n2_world_capacity_counts_arizona_once(year: int) -> None:
    """The Taiwan N2 row's source, "~200k wspm by end-2028 incl. Arizona Fab 21 P2/P3",
    is TSMC's N2 world total; the arizona-usa N2 rows came on top of the 200k held in
    Taiwan, counting Arizona twice (200k + 20k in 2030). Taiwan and Arizona together are
    the source's ~200k in each year it is held."""
    t = capacity_table("announced")
    n2 = t[(t["owner"] == "TSMC") & (t["node"] == "N2") & (t["year"] == year)]
    assert n2["capacity"].sum() == pytest.approx(200_000)
    assert set(n2["site"]) <= {"taiwan", "arizona-usa"}
