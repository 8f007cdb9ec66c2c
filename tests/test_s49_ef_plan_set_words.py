"""A plan's ``--set`` values refused together are named as a plan's, not a sweep
member's (user test s49, energy and finance #5).

``tigris plan --set finance.discount_rate_basis=nominal --set discount_rate=0.02``
said "error: --set: member 0 (finance.discount_rate_basis=nominal,
discount_rate=0.02): ...": a plan has no members. A nominal 2 % is a real rate of
(1.02 / (1 + expected inflation)) - 1 < 0 at data/fab_parameters.csv's inflation, so
the two values are refused together; a sweep keeps "member i".
"""

from __future__ import annotations

from tests.conftest import SMALL_3Y, data_table, write_scenario

NOMINAL = "finance.discount_rate_basis=nominal"


def _inflation() -> float:
    [row] = [r for r in data_table("fab_parameters") if r["parameter"] == "expected_inflation"]
    return float(row["value"])


def test_plan_names_its_values_together_not_a_member(run_cli, tmp_path) -> None:
    assert 1.02 / (1 + _inflation()) - 1 < 0  # the pair is refused: a negative real rate
    path = write_scenario(tmp_path, SMALL_3Y)
    res = run_cli("plan", path, "--no-store", "--set", NOMINAL, "--set", "discount_rate=0.02")
    assert res.code == 2, res.err
    [line] = res.err.strip().splitlines()
    assert "member" not in line, line
    assert line.startswith(f"error: --set: {NOMINAL}, discount_rate=0.02 together: finance:"), line


def test_sweep_keeps_member_numbers(run_cli, tmp_path) -> None:
    path = write_scenario(tmp_path, SMALL_3Y)
    res = run_cli(
        "sweep", path, "--no-store", "--zip", "--set", NOMINAL, "--set", "discount_rate=0.02"
    )
    assert res.code == 2, res.err
    assert "member 0 (" in res.err, res.err
