"""The on-site energy price row shows the price the plan charges in the currency year.

Review of s46: with ``currency_year: 2015`` and the table's gas-fired price (the
scenario giving none), the plan charged the 2024 table price x CPI-U(2015)/CPI-U(2024)
while its assumptions row showed the 2024 price with no word of the conversion.
CPI-U annual averages (BLS series CUUR0000SA0): 2015 237.017, 2024 313.689.
"""

from __future__ import annotations

import json

import pytest

#: Plans of the reference with a change, seconds apiece: run with ``-m slow``; the
#: default run keeps a sample of such what-ifs (tests/conftest.py, the house rule).
pytestmark = pytest.mark.slow

ROW = "energy price: on-site datacenter-gas"
NO_PRICE = (
    "--set",
    "facilities.datacenter-gas.energy_usd_per_mwh=null",
    "--set",
    "distributions[facilities.datacenter-gas.energy_usd_per_mwh]=null",
)


def _row(run_cli, year: int) -> dict:
    res = run_cli("plan", "--no-store", "--json", "--set", f"currency_year={year}", *NO_PRICE)
    assert res.code == 0, res.err
    (row,) = [r for r in json.loads(res.out)["assumptions"] if r["parameter"] == ROW]
    return row


def test_the_on_site_price_row_is_in_the_currency_year(run_cli) -> None:
    in_2024, in_2015 = _row(run_cli, 2024), _row(run_cli, 2015)
    assert in_2015["value"] == pytest.approx(in_2024["value"] * 237.017 / 313.689, rel=1e-4)
    assert "CPI-U" in in_2015["source"] and "CPI-U" not in in_2024["source"]


def test_the_dashboards_table_prices_are_in_the_currency_year() -> None:
    """A base in 2015 dollars: the page's price boxes show the tables' prices as the
    plan charges them, x CPI-U(2015)/CPI-U(2024), not the 2024 figures (review of s46:
    nudging a box would have read a 2024 figure as 2015 dollars, +32 %)."""
    from tigris.scenario import reference_scenario
    from tigris.serve.controls import controls_for

    sc = reference_scenario()
    in_2024 = {c.path: c.default for c in controls_for(sc) if c.path.startswith("prices.")}
    in_2015 = {c.path: c.default for c in controls_for(sc.set("currency_year", 2015))}
    assert in_2024
    for path, value in in_2024.items():
        assert in_2015[path] == pytest.approx(value * 237.017 / 313.689, rel=1e-6), path
