"""The HBM table says a new line's "made" is its pro rata share of use, not its sales,
when new lines make HBM (user test 2026-12-07, claims #1: the investor's HBM lines
showed 85 % used and 1,326M GB made while its cash flows, by the merit order, billed
about a quarter of its line); the incumbents' table alone does not say it."""

from __future__ import annotations

from typing import Any

import pytest

from tigris.cli import plan as cli_plan
from tigris.printout import HBM_SALES_CAPTION


def _rows(owners: dict[str, float]) -> dict[str, Any]:
    row = {
        "year": 2030,
        "gb": 1e9,
        "stacks": 1e7,
        "wspm_used": 1e5,
        "wspm_available": 1.2e5,
        "used_share": 0.85,
        "wspm_used_by_owner": dict.fromkeys(owners, 1.0),
        "gb_made_by_owner": owners,
        "gb_capacity": 1.2e9,
    }
    return {"by_year": [row]}


class _Result:
    ok = True


@pytest.mark.parametrize(
    ("owners", "said"),
    [({"incumbents": 6e8, "investor": 4e8}, True), ({"incumbents": 1e9}, False)],
)
def test_the_caption_says_made_is_not_sold(
    monkeypatch: pytest.MonkeyPatch, owners: dict[str, float], said: bool
) -> None:
    import tigris.plan.summary as summary

    monkeypatch.setattr(summary, "plan_hbm", lambda result: _rows(owners))
    table = cli_plan._hbm_table(_Result())
    assert table is not None
    assert (HBM_SALES_CAPTION in str(table.caption)) is said
    assert "merit order" in HBM_SALES_CAPTION
