"""``tigris fab``'s benchmark rows compare like with like (user test s49 #2 and #12).

#2: a line in a standing building (``--building-exists``) was set beside two 100k
greenfield fabs, whose capex includes a building, while ``fab_budgets.csv`` has two
same-site, same-size N28 lines in standing buildings. #12: the benchmark was printed in
its own year's dollars beside a ratio "both in US$ of 2020" that the printed figures did
not give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.conftest import data_table, kv_cells

RunCli = Callable[..., Any]


def _usd(cell: str) -> float:
    # a floor's figure reads "at least $..." (user test s49 #7, new-user round)
    return float(cell.removeprefix("at least ").replace("$", "").replace(",", ""))


def _n28_rows(site: str, *, standing: bool) -> set[str]:
    """fab_budgets.csv's rows of one N28 fab at ``site`` in a standing building or not."""
    return {
        r["case"]
        for r in data_table("fab_budgets")
        if r["node_mix"].strip() == "N28:1"
        and r["site"] == site
        and r["separate_fabs"].strip().lower() != "true"
        and (r["building_exists"].strip().lower() == "true") == standing
    }


def test_a_line_in_a_standing_building_is_set_beside_lines_in_standing_buildings(
    run_cli: RunCli,
) -> None:
    standing = _n28_rows("china", standing=True)
    assert {"smic-shenzhen", "tsmc-nanjing-28nm-2021"} <= standing  # the data the test reads
    args = ("fab", "--node", "N28", "--wspm", "40000", "--site", "china", "--building-exists")
    res = run_cli(*args)
    assert res.code == 0, res.err
    rows = kv_cells(res.out)
    shown = [
        r
        for r in rows
        if r in _n28_rows("china", standing=True) | _n28_rows("china", standing=False)
    ]
    assert shown and set(shown) <= standing, shown
    for case in shown:
        assert "standing building" in rows[case][2], rows[case]
    js = run_cli(*args, "--json").json()
    assert [b["building_exists"] for b in js["nearest_budgets"]] == [True] * len(shown)


def test_a_greenfield_fab_is_set_beside_greenfield_fabs_and_each_says_its_kind(
    run_cli: RunCli,
) -> None:
    res = run_cli("fab", "--node", "N28", "--wspm", "40000", "--site", "china")
    assert res.code == 0, res.err
    rows = kv_cells(res.out)
    green = _n28_rows("china", standing=False)
    shown = [r for r in rows if r in green | _n28_rows("china", standing=True)]
    assert shown and set(shown) <= green, shown
    for case in shown:
        assert "greenfield" in rows[case][2], rows[case]


def test_the_benchmark_is_printed_in_the_dollars_the_ratio_uses(run_cli: RunCli) -> None:
    """N5 in Taiwan: the benchmark row is in US$ of 2018 and the table in US$ of 2020. The
    converted figure is the 2018 one x PPI(2020) / PPI(2018), the equipment index rows
    of fab_equipment_price_index.csv, and the printed capex per wspm over it is the
    printed ratio."""
    res = run_cli("fab", "--node", "N5", "--wspm", "83000", "--site", "taiwan")
    assert res.code == 0, res.err
    rows = kv_cells(res.out)
    bench = rows["public benchmark per wspm"]
    assert "US$ of 2018" in bench[2], bench
    ppi = {
        int(r["year"]): float(r["ppi_semiconductor_machinery"])
        for r in data_table("fab_equipment_price_index")
    }
    converted = rows["in US$ of 2020"]
    want = _usd(bench[1]) * ppi[2020] / ppi[2018]
    assert _usd(converted[1]) == pytest.approx(want, abs=1.0), converted
    ratio = float(rows["tigris / benchmark"][1])
    assert _usd(rows["capex per wspm"][1]) / _usd(converted[1]) == pytest.approx(ratio, abs=5e-4)
