"""A run saved between two additions of power columns reads back (review of f343619).

``onsite_energy_twh`` (issue 12 leftovers) and the six grid headroom and supply columns
(usertest #6, f343619) were added to ``ADDED_COLUMNS["power"]`` at different times. A
run saved in between has the first and lacks the six: it must read with the six NaN
(not computed), the rest as written, and the CLI's grid headroom table absent.
"""

from __future__ import annotations

import math
from pathlib import Path

from tests.test_power_result import _rewrite_digest, regional_result
from tigris.plan.result import ADDED_COLUMNS, TABLE_COLUMNS, PlanResult

#: The columns f343619 added to the power table.
SIX = (
    "existing_mw_online",
    "grid_built_mw_online",
    "onsite_built_mw_online",
    "grid_headroom_mw",
    "grid_connected_mw",
    "grid_headroom_left_mw",
)


def test_a_run_with_onsite_energy_and_without_the_headroom_columns_reads(tmp_path: Path) -> None:
    """power.csv as runs saved from issue 12's leftovers to b9bb14c wrote it."""
    assert set(SIX) < set(ADDED_COLUMNS["power"])
    r = regional_result()
    run = tmp_path / "run"
    r.write(run)
    # such a run also lacks what came later: the year-mean energy (UT-GRID #2) and the
    # gas burned (GAS, S36)
    later = ("energy_twh_year_mean", "onsite_gas_mmbtu", "onsite_gas_bcf_per_day")
    old = r.power.drop(columns=[*SIX, *later])
    old.to_csv(run / "power.csv", index=False, lineterminator="\n")
    _rewrite_digest(run, "power.csv")
    back = PlanResult.read(run)
    p = back.power
    assert list(p.columns) == list(TABLE_COLUMNS["power"])
    assert p["onsite_energy_twh"].tolist() == r.power["onsite_energy_twh"].tolist()
    for col in (*SIX, *later):
        assert p[col].isna().all(), col
    rec = back.to_dict()["power"][0]
    assert rec["grid_headroom_mw"] is None and not math.isnan(rec["energy_twh"])
    from tigris.report.energy import grid_headroom_table

    assert len(grid_headroom_table(p)) == 0  # no table for a run without the columns


def test_a_run_with_a_column_missing_that_was_never_added_is_refused(tmp_path: Path) -> None:
    """Only added columns may be missing: a header without ``energy_twh`` is refused."""
    import pytest

    from tigris.errors import InputError

    r = regional_result()
    run = tmp_path / "run"
    r.write(run)
    r.power.drop(columns=["energy_twh", *SIX]).to_csv(
        run / "power.csv", index=False, lineterminator="\n"
    )
    _rewrite_digest(run, "power.csv")
    with pytest.raises(InputError, match="missing column"):
        PlanResult.read(run)


def test_a_run_lacking_part_of_one_addition_is_refused(tmp_path: Path) -> None:
    """The six came together (f343619): a power.csv with some of them and not the
    others was never written by any tigris, so it is damaged, not older; and a run
    lacking onsite_energy_twh but holding the six is refused as well."""
    import pytest

    from tigris.errors import InputError

    r = regional_result()
    for drop in (list(SIX[3:]), ["onsite_energy_twh"]):
        run = tmp_path / f"run-{len(drop)}"
        r.write(run)
        r.power.drop(columns=drop).to_csv(run / "power.csv", index=False, lineterminator="\n")
        _rewrite_digest(run, "power.csv")
        with pytest.raises(InputError, match="missing column"):
            PlanResult.read(run)
