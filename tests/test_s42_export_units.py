"""Every number column of the exported tables has its unit (user test 2026-12-05,
sweeps #5: ``builds.baseline_modules``, ``subsidies.programme_cap_usd`` and
``supply_by_source.h100e_in_service`` had no row in the ``units`` table, and the first
two no NetCDF variable, though docs/runs.md says each number column has both).
"""

from __future__ import annotations

import pandas as pd

from tigris.plan import solve
from tigris.runs.export import units_frame
from tigris.scenario.edit import load_any

from .conftest import SMALL_3Y

#: Columns that are labels, not quantities (the NetCDF's coordinates).
_LABELS = {"year", "start_year", "member", "first_year", "last_year", "payback_year"}


def test_every_number_column_has_a_unit() -> None:
    result = solve(load_any(SMALL_3Y))
    units = units_frame()
    have = set(zip(units["table"], units["column"], strict=True))
    missing = []
    for table, frame in result.to_frames().items():
        for col in frame.columns:
            if col in _LABELS or not pd.api.types.is_numeric_dtype(frame[col]):
                continue
            if (table, col) not in have:
                missing.append(f"{table}.{col}")
    known_tables = set(units["table"])
    missing = [m for m in missing if m.split(".")[0] in known_tables]
    assert not missing, missing
    ds = result.to_xarray()
    assert {"build_baseline_modules", "supply_h100e_in_service"} <= set(ds.data_vars)
