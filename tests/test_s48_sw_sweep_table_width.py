"""User test s48 (sweeps #9): ``tigris compare --sweep`` cut a number at 80 columns
("(+1,055.5…"); numbers are never cut: the label columns wrap instead."""

from __future__ import annotations

import io

import pandas as pd
from rich.console import Console


def test_no_number_is_cut_at_80_columns():
    from tigris.cli.compare import SWEEP_SHOWN, _sweep_table

    paths = ["capital.abu-dhabi-sovereign.amount_usd", "sites.texas-usa.subsidy_share_of_capex"]
    big = {
        "served_h100e": 123_456_789.0,
        "unmet_share": 0.123456,
        "subsidy_usd": 1_055_512_345_678.0,
        "npv_usd": -2_345_678_901_234.0,
    }
    rows = []
    for m in range(3):
        row = {"member": m, paths[0]: 1.2345678e10 * (m + 1), paths[1]: 0.123456789}
        row["status"] = "time_limit"
        for k in SWEEP_SHOWN:
            row[k] = big[k] * (1 + m)
            row[f"{k}_change"] = big[k] * m
        rows.append(row)
    df = pd.DataFrame(rows)
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(_sweep_table(df, paths))
    text = out.getvalue()
    assert "…" not in text, text
    for line in text.splitlines():
        assert len(line) <= 80, line
