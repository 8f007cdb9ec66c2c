"""``chip --no-harvest`` on a part without harvestable units changes nothing, and says
so (user test 2026-12-07 #7: ``chip tpu-v7 --no-harvest`` printed the bill without it,
word for word). The claim is tested: the bill is the same with and without the option;
on a part with units (H100's 144/132 SMs) the option moves the yield and says nothing."""

from __future__ import annotations

from collections.abc import Callable

from .conftest import CliResult, data_table


def test_no_harvest_on_a_part_without_units_is_noted_and_changes_nothing(
    run_cli: Callable[..., CliResult],
) -> None:
    (row,) = [r for r in data_table("accelerators") if r["name"] == "tpu-v7"]
    assert not row["units_total"]  # the catalog gives it no units
    plain = run_cli("chip", "tpu-v7", "--json").json()
    off = run_cli("chip", "tpu-v7", "--no-harvest", "--json").json()
    assert off["die_yield"] == plain["die_yield"]
    assert off["manufacturing_cost_usd"] == plain["manufacturing_cost_usd"]
    assert any(n.startswith("--no-harvest changes nothing: tpu-v7") for n in off["notes"])
    assert not any("--no-harvest" in n for n in plain["notes"])


def test_no_harvest_on_h100_moves_the_yield_without_that_note(
    run_cli: Callable[..., CliResult],
) -> None:
    plain = run_cli("chip", "h100", "--json").json()
    off = run_cli("chip", "h100", "--no-harvest", "--json").json()
    assert off["die_yield"] < plain["die_yield"]
    assert not any("changes nothing" in n for n in off["notes"])
