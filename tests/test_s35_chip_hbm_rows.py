"""``tigris chip``'s table prints the HBM its --json has (UT-HBM 2026-12-04 #5).

H100 in 2024: 5 HBM3 stacks of 16 GB (NVIDIA H100 SXM datasheet: 80 GB), over the
CoWoS-S package yield, so 5 / y stacks and 80 / y GB made per good unit; DRAM wafers per
1,000 units = 1,000 x stacks per unit / good stacks per wafer. Checked by hand against
the JSON's own package yield and stacks per wafer.
"""

from __future__ import annotations

import re

import pytest


def _row(out: str, label: str) -> str:
    line = next(ln for ln in out.splitlines() if label in ln)
    return re.split(r"│", line)[2].strip()


def test_chip_table_has_the_hbm_rows(run_cli) -> None:
    js = run_cli("chip", "h100", "--year", "2024", "--json").json()
    y = js["package_yield"]
    assert js["hbm_stacks_per_unit"] == pytest.approx(5 / y)
    assert js["hbm_gb_per_unit"] == pytest.approx(80 / y)
    res = run_cli("chip", "h100", "--year", "2024")
    assert res.code == 0, res.err
    assert _row(res.out, "HBM generation") == "HBM3"
    spw = float(_row(res.out, "good stacks per DRAM").replace(",", ""))
    assert spw == pytest.approx(js["good_stacks_per_wafer"], rel=1e-3)
    wafers = float(_row(res.out, "DRAM wafers").replace(",", ""))
    assert wafers == pytest.approx(1000 * (5 / y) / js["good_stacks_per_wafer"], rel=1e-3)
    gb = float(_row(res.out, "HBM per unit").replace(",", ""))
    assert gb == pytest.approx(80 / y, rel=1e-3)
