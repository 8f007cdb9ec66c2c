"""A percent written for a share is read as a fraction in the hint wherever the share
sits: a product's ``max_share`` (a union of a number and a map by year), a year of its
``min_share`` (named at the year), and a region of ``demand_regions`` (keyed by names);
a correlation's ``rho`` bounded by 1 is no share (user test 2026-12-07, scenario author
#9: these got no hint, and ``min_share: {2027: 10}`` was named at ``min_share``)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        (
            "products=[roadmap, {name: h100, max_share: 50}]",
            "products.1.max_share: shares must be within [0, 1], got 50; write a fraction: "
            "0.50 for 50 %",
        ),
        (
            "products=[roadmap, {name: h100, min_share: {2027: 10}}]",
            "products.1.min_share.2027: shares must be within [0, 1], got 10; write a "
            "fraction: 0.10 for 10 %",
        ),
        (
            "demand_regions={north-america: 50, asia-pacific: 50}",
            "demand_regions.north-america: must be <= 1, got 50; write a fraction: 0.50 for 50 %",
        ),
    ],
)
def test_a_percent_share_is_hinted(run_cli, setting: str, expected: str) -> None:
    res = run_cli("plan", "--no-store", "--set", setting)
    assert res.code == 2
    assert expected in " ".join(res.err.split()), res.err
