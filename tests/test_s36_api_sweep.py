"""A sweep member without a plan has a reason and no rows (UT-API #6).

An infeasible member (the small scenario with $0.5B held to serve all its demand,
``min_served_share=1.0``) had ``error`` None and, in ``sw.frame("demand")``, rows whose
``served_h100e`` was NaN, so ``groupby("member").served_h100e.sum()`` read 0 H100e
served for a member that has no plan. docs/sweeps.md: "A member without a plan has no
rows", failed members are listed "with the reason".
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import tigris
from tests.conftest import SMALL_3Y

#: $0.5B cannot pay for a module of the small scenario; $30B can (docs/api.md).
FUNDS = [5e8, 3e10]


@pytest.mark.parametrize("stored", [True, False])
def test_infeasible_member_has_a_reason_and_no_rows(stored: bool, tmp_path: Path) -> None:
    opts = {"store": tmp_path / "runs.duckdb"} if stored else {"store": False}
    sw = tigris.sweep(
        SMALL_3Y,
        {"capital.fund.amount_usd": FUNDS},
        workers=0,
        min_served_share=1.0,
        keep_results=not stored,
        progress=False,
        **opts,
    )
    members = sw.members.set_index("index")
    assert members.loc[0, "status"] == "infeasible"
    assert members.loc[0, "error"] == "no plan (infeasible)"
    assert members.loc[1, "status"] == "optimal"
    assert pd.isna(members.loc[1, "error"])
    assert list(sw.failed["index"]) == [0]
    demand = sw.frame("demand")
    assert set(demand["member"]) == {1}
    # the member with a plan serves every H100e of its demand (min_served_share 1)
    served = demand.groupby("member")[["served_h100e", "demand_h100e"]].sum()
    assert served.loc[1, "served_h100e"] == pytest.approx(served.loc[1, "demand_h100e"])
    if stored:
        from tigris.runs.store import RunStore

        runs = RunStore(opts["store"]).runs(sweep_id=sw.sweep_id).set_index("member")
        if "error" in runs.columns:
            assert runs.loc[0, "error"] == "no plan (infeasible)"
